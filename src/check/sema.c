/* sema.c - collect the top-level blocks, check environments, and build the
 * model one component kind at a time (one function per block kind). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "misspell.h"
#include "xalloc.h"
#include "sema_priv.h"

static const char *const top_blocks[] = {
	"pattern", "environment", "defaults", "key", "bus", "event", "queue", "table",
	"topic", "function", "rule", "workflow", "alarms", "import", NULL
};

/* The attributes of the kinds that `defaults` can set, shared by the
 * component's own block and its defaults block. */
static const char *const queue_attrs[] = {
	"description", "visibility_timeout", "retention", "delay", "max_message_size", "receive_wait",
	"fifo", "kms_key", NULL
};
static const char *const table_attrs[] = {
	"description", "ttl", "point_in_time_recovery", "stream", "kms_key", NULL
};
static const char *const topic_attrs[] = { "description", "display_name", "fifo", "kms_key", NULL };
static const char *const function_attrs[] = {
	"description", "runtime", "handler", "code", "timeout", "memory", "tracing",
	"provisioned_concurrency", "reserved_concurrency", "environment", "architecture",
	"ephemeral_storage", "kms_key", "log_retention", "log_level", NULL
};

/* The default alarms a pattern may override by name (templates/alarms.yaml
 * holds their metrics and thresholds). */
static const char *const alarm_names[] = {
	"dlq-messages", "queue-depth", "lambda-errors", "lambda-duration-p99",
	"workflow-failed", "workflow-throttled", "rule-failed-invocations", NULL
};

/* ---- names ---- */

static bool valid_component_name(const char *n, enum m_kind kind)
{
	size_t len = strlen(n);
	if (len == 0 || len > 64)
		return false;
	if (kind == MK_EVENT) {
		if (!isalpha((unsigned char)n[0]))
			return false;
		for (size_t i = 0; i < len; i++)
			if (!isalnum((unsigned char)n[i]) && n[i] != '-' && n[i] != '_' && n[i] != '.')
				return false;
		return true;
	}
	if (!islower((unsigned char)n[0]))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)n[i];
		if (!(islower(c) || isdigit(c) || c == '-'))
			return false;
		if (c == '-' && (i + 1 == len || n[i + 1] == '-'))
			return false;
	}
	return true;
}

static void names_grow(struct sema *s)
{
	size_t cap = s->capnames ? s->capnames * 2 : 64;
	struct name_slot *slots = xcalloc(cap, sizeof *slots);
	if (!slots) {
		fputs("eventc: out of memory\n", stderr);
		exit(3);
	}
	struct name_slot *old = s->names;
	size_t oldcap = s->capnames;
	s->names = slots;
	s->capnames = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].name)
			continue;
		size_t h = (((size_t)(uintptr_t)old[i].name >> 4) * 31u + (size_t)old[i].kind) & (cap - 1);
		while (slots[h].name)
			h = (h + 1) & (cap - 1);
		slots[h] = old[i];
	}
	free(old);
}

static void names_add(struct sema *s, struct decl *d)
{
	if ((s->nnames + 1) * 2 > s->capnames)
		names_grow(s);
	const char *name = d->comp->name;
	size_t h = (((size_t)(uintptr_t)name >> 4) * 31u + (size_t)d->comp->kind) & (s->capnames - 1);
	while (s->names[h].name)
		h = (h + 1) & (s->capnames - 1);
	s->names[h].name = name;
	s->names[h].kind = d->comp->kind;
	s->names[h].decl = d;
	s->nnames++;
}

static size_t comp_size(enum m_kind k)
{
	switch (k) {
	case MK_KEY: return sizeof(struct m_key);
	case MK_BUS: return sizeof(struct m_bus);
	case MK_EVENT: return sizeof(struct m_event);
	case MK_QUEUE: return sizeof(struct m_queue);
	case MK_TABLE: return sizeof(struct m_table);
	case MK_TOPIC: return sizeof(struct m_topic);
	case MK_FUNCTION: return sizeof(struct m_function);
	case MK_RULE: return sizeof(struct m_rule);
	case MK_WORKFLOW: return sizeof(struct m_workflow);
	default: return 0;
	}
}

/* `KIND NAME [on BUS] { ... }`: the name word, checked. */
static const struct ast_value *block_name(const struct ast_item *it, const char *what)
{
	const struct ast_value *w = it->words;
	if (!w) {
		diag_error(it->head_loc, DIAG_BAD_STATEMENT, "%s needs a name: %s NAME { ... }", what, it->head);
		return NULL;
	}
	if (w->kind != AV_IDENT) {
		diag_error(w->loc, DIAG_BAD_NAME, "the name of a %s must be a bare word, not %s", what,
			   ast_vkind_name(w->kind));
		return NULL;
	}
	return w;
}

static void declare(struct sema *s, enum m_kind kind, const struct ast_item *it)
{
	const struct ast_value *w = block_name(it, model_kind_name(kind));
	if (!w)
		return;
	if (!valid_component_name(w->u.str, kind)) {
		if (kind == MK_EVENT)
			diag_error(w->loc, DIAG_BAD_NAME, "invalid event name '%s': letters, digits, '.', '-' and '_', "
				   "starting with a letter, at most 64", w->u.str);
		else
			diag_error(w->loc, DIAG_BAD_NAME, "invalid %s name '%s': names are lower-case kebab-case "
				   "(order-buffer), at most 64 characters", model_kind_name(kind), w->u.str);
	}
	if (kind != MK_RULE && w->next)
		diag_error(w->next->loc, DIAG_BAD_STATEMENT, "unexpected %s after the %s's name",
			   ast_vkind_name(w->next->kind), model_kind_name(kind));
	if (!it->block)
		diag_error(it->loc, DIAG_BAD_STATEMENT, "%s '%s' needs a block: %s %s { ... }",
			   model_kind_name(kind), w->u.str, model_kind_name(kind), w->u.str);
	struct decl *prev = sema_find(s, kind, w->u.str);
	if (prev) {
		diag_error(w->loc, DIAG_DUPLICATE, "duplicate %s '%s'", model_kind_name(kind), w->u.str);
		diag_note(prev->comp->loc, "first declared here");
		return;
	}
	struct decl *d = arena_alloc(s->a, sizeof *d);
	d->comp = arena_alloc(s->a, comp_size(kind));
	d->comp->kind = kind;
	d->comp->name = w->u.str;
	d->comp->loc = w->loc;
	d->item = it;
	vec_push(s->a, &s->decls[kind], d);
	names_add(s, d);
}

static void collect_single(struct sema *s, const struct ast_item **slot, const struct ast_item *it)
{
	if (*slot) {
		/* a repeated pattern block has its own code, E0209 */
		enum diag_code code = slot == &s->pattern_item ? DIAG_PATTERN_BLOCK : DIAG_DUPLICATE;
		diag_error(it->head_loc, code, "a second '%s' block", it->head);
		diag_note((*slot)->head_loc, "the first is here");
		return;
	}
	*slot = it;
}

static void collect_env(struct sema *s, const struct ast_item *it)
{
	const struct ast_value *w = block_name(it, "environment");
	if (!w)
		return;
	if (!valid_component_name(w->u.str, MK_QUEUE))
		diag_error(w->loc, DIAG_BAD_NAME, "invalid environment name '%s': lower-case kebab-case", w->u.str);
	for (size_t i = 0; i < s->env_items.n; i++) {
		const struct ast_item *e = s->env_items.items[i];
		if (e->words->u.str == w->u.str) {
			diag_error(w->loc, DIAG_DUPLICATE, "duplicate environment '%s'", w->u.str);
			diag_note(e->words->loc, "first declared here");
			return;
		}
	}
	vec_push(s->a, &s->env_items, (void *)it);
}

static void collect_unknown(const struct ast_item *it)
{
	if (it->kind != AI_STMT) {
		diag_error(it->loc, DIAG_UNKNOWN_BLOCK, it->kind == AI_ATTR
			   ? "attributes belong inside a block; at the top level expected a block such as 'pattern NAME { ... }'"
			   : "expected a block such as 'pattern NAME { ... }' at the top level");
		return;
	}
	const char *hint = misspell_suggest(it->head, top_blocks);
	if (hint)
		diag_error(it->head_loc, DIAG_UNKNOWN_BLOCK, "unknown block '%s'; did you mean '%s'?", it->head, hint);
	else
		diag_error(it->head_loc, DIAG_UNKNOWN_BLOCK, "unknown block '%s'", it->head);
}

static void collect(struct sema *s)
{
	for (size_t i = 0; i < s->prog->items.n; i++) {
		const struct ast_item *it = s->prog->items.items[i];
		enum m_kind kind;
		if (it->kind != AI_STMT)
			collect_unknown(it);
		else if (sema_is_kind_word(it->head, &kind))
			declare(s, kind, it);
		else if (!strcmp(it->head, "pattern"))
			collect_single(s, &s->pattern_item, it);
		else if (!strcmp(it->head, "environment"))
			collect_env(s, it);
		else if (!strcmp(it->head, "defaults"))
			collect_single(s, &s->defaults_item, it);
		else if (!strcmp(it->head, "alarms"))
			vec_push(s->a, &s->alarms_items, (void *)it);
		else
			collect_unknown(it);
	}
}

/* ---- environments ---- */

static const struct ast_item *env_find(const struct ast_item *env, const char *name)
{
	for (const struct ast_item *a = env->block ? env->block->items : NULL; a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1 && !strcmp(a->key.parts[0], name)) /* names may come from another arena (--vars) */
			return a;
	return NULL;
}

static bool same_value_type(const struct ast_value *a, const struct ast_value *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind != AV_NUMBER || a->u.num.is_int == b->u.num.is_int || true;
}

static void check_env_block(struct sema *s, const struct ast_item *env)
{
	for (const struct ast_item *a = env->block ? env->block->items : NULL; a; a = a->next) {
		if (a->kind != AI_ATTR) {
			diag_error(a->loc, DIAG_BAD_STATEMENT, "an environment holds only variables: NAME = VALUE");
			continue;
		}
		if (a->key.n != 1) {
			diag_error(a->key.locs[0], DIAG_BAD_NAME, "an environment variable's name is one word");
			continue;
		}
		for (const struct ast_item *p = env->block->items; p != a; p = p->next) {
			if (p->kind == AI_ATTR && p->key.n == 1 && p->key.parts[0] == a->key.parts[0]) {
				diag_error(a->key.locs[0], DIAG_DUPLICATE_ATTR, "'%s' is set twice in environment '%s'",
					   a->key.parts[0], env->words->u.str);
				diag_note(p->key.locs[0], "first set here");
			}
		}
		if (a->value->kind == AV_REF || a->value->kind == AV_TYPEDREF)
			diag_error(a->value->loc, DIAG_TYPE, "an environment variable holds a literal value, "
				   "not a reference");
	}
	(void)s;
}

/* Every environment defines the same variables, with the same types, as
 * the first. */
static void check_envs(struct sema *s)
{
	if (s->env_items.n == 0) {
		struct loc l = s->pattern_item ? s->pattern_item->head_loc : (struct loc){ s->prog->main_file, 0, 0 };
		diag_error(l, DIAG_NO_ENV, "the pattern defines no environment; add one, such as 'environment dev { }'");
		return;
	}
	for (size_t i = 0; i < s->env_items.n; i++)
		check_env_block(s, s->env_items.items[i]);
	const struct ast_item *first = s->env_items.items[0];
	const char *fname = first->words->u.str;
	for (size_t i = 1; i < s->env_items.n; i++) {
		const struct ast_item *env = s->env_items.items[i];
		const char *ename = env->words->u.str;
		for (const struct ast_item *a = first->block ? first->block->items : NULL; a; a = a->next) {
			if (a->kind != AI_ATTR || a->key.n != 1)
				continue;
			const struct ast_item *b = env_find(env, a->key.parts[0]);
			if (!b) {
				diag_error(env->words->loc, DIAG_ENV_MISMATCH,
					   "environment '%s' does not define '%s', which environment '%s' defines",
					   ename, a->key.parts[0], fname);
				diag_note(a->key.locs[0], "'%s' is defined here", a->key.parts[0]);
			} else if (!same_value_type(a->value, b->value)) {
				diag_error(b->value->loc, DIAG_ENV_TYPE,
					   "'%s' is %s in environment '%s' but %s in environment '%s'",
					   a->key.parts[0], ast_vkind_name(b->value->kind), ename,
					   ast_vkind_name(a->value->kind), fname);
				diag_note(a->value->loc, "defined here");
			}
		}
		for (const struct ast_item *b = env->block ? env->block->items : NULL; b; b = b->next) {
			if (b->kind == AI_ATTR && b->key.n == 1 && !env_find(first, b->key.parts[0]))
				diag_error(b->key.locs[0], DIAG_ENV_MISMATCH,
					   "environment '%s' defines '%s', which environment '%s' does not",
					   ename, b->key.parts[0], fname);
		}
	}
}

static void check_vars(struct sema *s)
{
	if (!s->vars || s->env_items.n == 0)
		return;
	const struct ast_item *first = s->env_items.items[0];
	for (size_t i = 0; i < s->vars->names.n; i++) {
		const char *name = s->vars->names.items[i];
		const struct ast_value *v = s->vars->values.items[i];
		const struct loc *kl = s->vars->keylocs.items[i];
		const struct ast_item *def = env_find(first, name);
		if (!def) {
			struct misspell m;
			misspell_init(&m, name);
			for (const struct ast_item *a = first->block ? first->block->items : NULL; a; a = a->next)
				if (a->kind == AI_ATTR && a->key.n == 1)
					misspell_consider(&m, a->key.parts[0]);
			const char *hint = misspell_best(&m);
			if (hint)
				diag_warning(*kl, DIAG_VARS_UNKNOWN, "'%s' is not an environment variable of the pattern; "
					   "did you mean '%s'?", name, hint);
			else
				diag_warning(*kl, DIAG_VARS_UNKNOWN, "'%s' is not an environment variable of the pattern", name);
			continue;
		}
		/* a YAML string stands for a bare word (tracing: active) */
		bool word = def->value->kind == AV_IDENT && v->kind == AV_STRING;
		if (!word && !same_value_type(def->value, v)) {
			diag_error(v->loc, DIAG_VARS_FILE, "'%s' must be %s, as in the pattern, not %s",
				   name, ast_vkind_name(def->value->kind), ast_vkind_name(v->kind));
			diag_note(def->value->loc, "defined here");
		}
	}
}

static bool select_env(struct sema *s, const char *env)
{
	if (!env || s->env_items.n == 0)
		return true;
	const char *names[64];
	size_t n = 0;
	for (size_t i = 0; i < s->env_items.n; i++) {
		const struct ast_item *e = s->env_items.items[i];
		if (strcmp(e->words->u.str, env) == 0) {
			s->env_index = i;
			return true;
		}
		if (n < 63)
			names[n++] = e->words->u.str;
	}
	names[n] = NULL;
	const char *hint = misspell_suggest(env, names);
	struct loc none = { 0, 0, 0 };
	if (hint)
		diag_error(none, DIAG_UNKNOWN_ENV, "unknown environment '%s'; did you mean '%s'?", env, hint);
	else
		diag_error(none, DIAG_UNKNOWN_ENV, "unknown environment '%s'", env);
	return false;
}

size_t sema_env_names(const struct program *prog, const char ***names, struct arena *a)
{
	struct vec v = { 0 };
	for (size_t i = 0; i < prog->items.n; i++) {
		const struct ast_item *it = prog->items.items[i];
		if (it->kind != AI_STMT || strcmp(it->head, "environment") != 0 || !it->words ||
		    it->words->kind != AV_IDENT)
			continue;
		bool dup = false;
		for (size_t j = 0; j < v.n; j++)
			dup |= v.items[j] == it->words->u.str;
		if (!dup)
			vec_push(a, &v, (void *)it->words->u.str);
	}
	*names = (const char **)v.items;
	return v.n;
}

/* ---- pattern and defaults ---- */

static void build_pattern(struct sema *s)
{
	static const char *const attrs[] = { "description", "tenant", "region", "tags", NULL };
	struct m_pattern *m = s->m;
	if (!s->pattern_item) {
		struct loc l = { s->prog->main_file, 0, 0 };
		diag_error(l, DIAG_PATTERN_BLOCK, "no 'pattern NAME { ... }' block; a pattern needs one");
		m->name = "pattern";
		m->tenant = "tenant";
		m->region = "us-east-1";
		return;
	}
	const struct ast_value *w = block_name(s->pattern_item, "pattern");
	m->name = w ? w->u.str : "pattern";
	m->loc = w ? w->loc : s->pattern_item->loc;
	if (w && !valid_component_name(w->u.str, MK_QUEUE))
		diag_error(w->loc, DIAG_BAD_NAME, "invalid pattern name '%s': lower-case kebab-case", w->u.str);
	struct view v;
	view_open(s, &v, s->pattern_item->block, attrs, NULL, "pattern");
	get_string(s, view_value(&v, "description"), "description", &m->description);
	if (!get_string(s, view_value(&v, "tenant"), "tenant", &m->tenant)) {
		if (!view_attr(&v, "tenant"))
			diag_error(s->pattern_item->head_loc, DIAG_MISSING_ATTR, "pattern '%s' has no tenant", m->name);
		m->tenant = "tenant";
	} else if (!valid_component_name(m->tenant, MK_QUEUE)) {
		diag_error(view_attr(&v, "tenant")->value->loc, DIAG_BAD_NAME,
			   "invalid tenant '%s': lower-case kebab-case, as it names stacks", m->tenant);
	}
	if (!get_string(s, view_value(&v, "region"), "region", &m->region)) {
		if (!view_attr(&v, "region"))
			diag_error(s->pattern_item->head_loc, DIAG_MISSING_ATTR, "pattern '%s' has no region", m->name);
		m->region = "us-east-1";
	}
	const struct ast_value *tags = view_value(&v, "tags");
	if (tags)
		m->tags = get_kvmap(s, tags, "tags", NULL);
	for (size_t i = 0; i < m->tags.n; i++)
		if (m->tags.items[i].val.kind == MV_COMPREF)
			diag_error(m->tags.items[i].val.loc, DIAG_TYPE, "a tag value must be a literal");
}

static bool has_defaults(enum m_kind kind)
{
	return kind == MK_QUEUE || kind == MK_TABLE || kind == MK_TOPIC || kind == MK_FUNCTION ||
	       kind == MK_WORKFLOW;
}

/* A defaults block is read only through the components that use it, so
 * its attribute names are checked here, once, even when no component of
 * the kind exists. */
static void check_defaults_block(struct sema *s, enum m_kind kind, const struct ast_item *it)
{
	const char *const *attrs = kind == MK_QUEUE ? queue_attrs : kind == MK_TABLE ? table_attrs
		: kind == MK_TOPIC ? topic_attrs : kind == MK_FUNCTION ? function_attrs : sema_workflow_attrs;
	const char *what = arena_printf(s->a, "%s defaults", it->head);
	struct view v;
	view_open(s, &v, it->block, attrs, NULL, what);
}

static void build_defaults(struct sema *s)
{
	static const char *const attrs[] = { "log_retention", NULL };
	static const char *const stmts[] = { "function", "workflow", "queue", "topic", "table", NULL };
	if (!s->defaults_item)
		return;
	if (s->defaults_item->words)
		diag_error(s->defaults_item->words->loc, DIAG_BAD_STATEMENT, "defaults takes no name");
	struct view v;
	view_open(s, &v, s->defaults_item->block, attrs, stmts, "defaults");
	const struct ast_value *lr = view_value(&v, "log_retention");
	if (lr)
		get_log_retention(s, lr, &s->m->log_retention_days);
	for (const struct ast_item *it = s->defaults_item->block ? s->defaults_item->block->items : NULL; it;
	     it = it->next) {
		enum m_kind kind;
		/* other kinds (key, bus, ...) were reported by view_open */
		if (it->kind != AI_STMT || !sema_is_kind_word(it->head, &kind) || !has_defaults(kind))
			continue;
		if (s->defaults_for[kind]) {
			diag_error(it->head_loc, DIAG_DUPLICATE, "a second '%s' block in defaults", it->head);
			continue;
		}
		if (it->words)
			diag_error(it->words->loc, DIAG_BAD_STATEMENT, "defaults apply to every %s; they take no name",
				   it->head);
		check_defaults_block(s, kind, it);
		s->defaults_for[kind] = it->block;
	}
}

/* ---- components ---- */

struct m_key *sema_component_key(struct sema *s, const struct view *v)
{
	const struct ast_item *it = view_attr(v, "kms_key");
	if (!it)
		return s->m->default_key;
	const struct ast_value *val = sema_eval(s, it->value);
	if (!val)
		return s->m->default_key;
	if (val->kind == AV_TYPEDREF && !strcmp(val->u.ref.parts[0], "key"))
		return (struct m_key *)sema_lookup(s, MK_KEY, val->u.ref.parts[1], val->u.ref.locs[1]);
	if (val->kind != AV_IDENT) {
		diag_error(val->loc, DIAG_TYPE, "kms_key names a key: kms_key = main");
		return s->m->default_key;
	}
	return (struct m_key *)sema_lookup(s, MK_KEY, val->u.str, val->loc);
}

static int log_retention_of(struct sema *s, const struct view *v)
{
	int days = s->m->log_retention_days;
	const struct ast_value *lr = view_value(v, "log_retention");
	if (lr)
		get_log_retention(s, lr, &days);
	return days;
}

static void build_key(struct sema *s, struct m_key *k, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "rotation", "pending_window", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, NULL, "a key");
	get_string(s, view_value(&v, "description"), "description", &k->c.description);
	k->rotation = true;
	get_bool(s, view_value(&v, "rotation"), "rotation", &k->rotation);
	int secs = 30 * 86400;
	get_seconds(s, view_value(&v, "pending_window"), "pending_window", 7 * 86400, 30 * 86400,
		    DIAG_RANGE, &secs);
	k->pending_window_days = secs / 86400;
}

static void build_bus(struct sema *s, struct m_bus *b, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "kms_key", "schema_discovery", NULL };
	static const char *const stmts[] = { "archive", "audit", NULL };
	static const char *const archive_attrs[] = { "retention", NULL };
	static const char *const audit_attrs[] = { "bucket_retention", "kms_key", "log_retention", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a bus");
	get_string(s, view_value(&v, "description"), "description", &b->c.description);
	get_bool(s, view_value(&v, "schema_discovery"), "schema_discovery", &b->schema_discovery);
	b->key = sema_component_key(s, &v);
	/* EventBridge cannot discover schemas on a bus under a customer-managed
	 * key: such a bus stays on the AWS-owned key (plan_bus.c), so an
	 * explicit key there asks for what AWS refuses */
	const struct ast_item *kk = view_attr(&v, "kms_key");
	if (kk && b->schema_discovery)
		diag_error(kk->key.locs[0], DIAG_DISCOVERY_KEY,
			   "bus '%s' has schema_discovery, which EventBridge does not support under a "
			   "customer-managed key; remove kms_key (the bus then stays on the AWS-owned key, its "
			   "archive on the default key) or set schema_discovery = false", b->c.name);
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT)
			continue;
		struct view sv;
		if (st->words)
			diag_error(st->words->loc, DIAG_BAD_STATEMENT, "'%s' takes no name", st->head);
		if (!strcmp(st->head, "archive")) {
			if (b->archive)
				diag_error(st->head_loc, DIAG_DUPLICATE, "a second archive on bus '%s'", b->c.name);
			b->archive = true;
			view_open(s, &sv, st->block, archive_attrs, NULL, "an archive");
			get_days(s, view_value(&sv, "retention"), "archive retention", &b->archive_retention_days);
		} else if (!strcmp(st->head, "audit")) {
			if (b->audit)
				diag_error(st->head_loc, DIAG_DUPLICATE, "a second audit on bus '%s'", b->c.name);
			b->audit = true;
			view_open(s, &sv, st->block, audit_attrs, NULL, "an audit block");
			get_days(s, view_value(&sv, "bucket_retention"), "bucket_retention",
				 &b->audit_bucket_retention_days);
			b->audit_key = sema_component_key(s, &sv);
			b->audit_log_retention_days = log_retention_of(s, &sv);
		}
	}
}

static const struct ast_item *find_attr_item(const struct ast_block *b, const char *name)
{
	for (const struct ast_item *a = b->items; a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1 && !strcmp(a->key.parts[0], name))
			return a;
	return NULL;
}

static const struct ast_item *find_stmt(const struct ast_item *it, const char *head)
{
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next)
		if (st->kind == AI_STMT && !strcmp(st->head, head))
			return st;
	return NULL;
}

static void build_queue(struct sema *s, struct m_queue *q, const struct ast_item *it)
{
	const char *const *attrs = queue_attrs;
	static const char *const stmts[] = { "dlq", NULL };
	static const char *const dlq_attrs[] = { "max_receives", "retention", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a queue");
	view_set_defaults(&v, s->defaults_for[MK_QUEUE]);
	get_string(s, view_value(&v, "description"), "description", &q->c.description);
	q->visibility_timeout_s = 30;
	q->retention_s = 4 * 86400;
	q->max_message_size = 262144;
	get_seconds(s, view_value(&v, "visibility_timeout"), "visibility_timeout", 0, 43200,
		    DIAG_SQS_VISIBILITY, &q->visibility_timeout_s);
	get_seconds(s, view_value(&v, "retention"), "queue retention", 60, 14 * 86400,
		    DIAG_SQS_RETENTION, &q->retention_s);
	get_seconds(s, view_value(&v, "delay"), "delay", 0, 900, DIAG_RANGE, &q->delay_s);
	get_seconds(s, view_value(&v, "receive_wait"), "receive_wait", 0, 20, DIAG_RANGE, &q->receive_wait_s);
	long long size;
	if (get_int(s, view_value(&v, "max_message_size"), "max_message_size", 1024, 1048576, DIAG_RANGE, &size))
		q->max_message_size = (int)size;
	get_bool(s, view_value(&v, "fifo"), "fifo", &q->fifo);
	q->key = sema_component_key(s, &v);
	const struct ast_item *dlq = find_stmt(it, "dlq");
	if (dlq) {
		struct view dv;
		if (dlq->words)
			diag_error(dlq->words->loc, DIAG_BAD_STATEMENT, "'dlq' takes no name");
		view_open(s, &dv, dlq->block, dlq_attrs, NULL, "a dlq");
		q->dlq = true;
		q->dlq_max_receives = 5;
		q->dlq_retention_s = 14 * 86400;
		long long n;
		if (get_int(s, view_value(&dv, "max_receives"), "max_receives", 1, 1000, DIAG_MAX_RECEIVES, &n))
			q->dlq_max_receives = (int)n;
		get_seconds(s, view_value(&dv, "retention"), "dlq retention", 60, 14 * 86400,
			    DIAG_SQS_RETENTION, &q->dlq_retention_s);
	}
}

static bool attr_type(struct sema *s, const struct ast_value *v, enum m_attr_type *out)
{
	static const char *const types[] = { "string", "number", "binary", NULL };
	const char *t;
	if (!get_choice(s, v, "key attribute type", types, &t))
		return false;
	*out = t[0] == 's' ? AT_STRING : t[0] == 'n' ? AT_NUMBER : AT_BINARY;
	return true;
}

static void build_table(struct sema *s, struct m_table *t, const struct ast_item *it)
{
	const char *const *attrs = table_attrs;
	static const char *const stmts[] = { "key", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a table");
	view_set_defaults(&v, s->defaults_for[MK_TABLE]);
	get_string(s, view_value(&v, "description"), "description", &t->c.description);
	get_string(s, view_value(&v, "ttl"), "ttl", &t->ttl);
	t->pitr = true;
	get_bool(s, view_value(&v, "point_in_time_recovery"), "point_in_time_recovery", &t->pitr);
	get_bool(s, view_value(&v, "stream"), "stream", &t->stream);
	t->key = sema_component_key(s, &v);
	const struct ast_item *key = find_stmt(it, "key");
	if (!key) {
		diag_error(t->c.loc, DIAG_MISSING_ATTR, "table '%s' has no key { pk = string }", t->c.name);
		t->pk = "pk";
		return;
	}
	unsigned n = 0;
	for (const struct ast_item *a = key->block ? key->block->items : NULL; a; a = a->next) {
		if (a->kind != AI_ATTR || a->key.n != 1) {
			diag_error(a->loc, DIAG_BAD_STATEMENT, "a table key is written key { pk = string, sk = string }");
			continue;
		}
		if (++n > 2) {
			diag_error(a->key.locs[0], DIAG_BAD_STATEMENT,
				   "a table key has a partition key and at most one sort key");
			continue;
		}
		if (n == 1) {
			t->pk = a->key.parts[0];
			attr_type(s, a->value, &t->pk_type);
		} else {
			t->sk = a->key.parts[0];
			attr_type(s, a->value, &t->sk_type);
		}
	}
	if (n == 0) {
		diag_error(key->head_loc, DIAG_MISSING_ATTR, "the key of table '%s' is empty", t->c.name);
		t->pk = "pk";
	}
}

static void build_subscription(struct sema *s, struct m_topic *t, struct m_subscription *sub,
			       const struct ast_item *st)
{
	static const char *const protocols[] = { "email", "queue", "function", "https", "http", "sms", NULL };
	static const char *const attrs[] = { "raw_delivery", "filter_scope", NULL };
	static const char *const stmts[] = { "filter", NULL };
	static const char *const scopes[] = { "attributes", "body", NULL };
	sub->loc = st->loc;
	const struct ast_value *proto = st->words, *target = proto ? proto->next : NULL;
	if (!proto || !target || target->next) {
		diag_error(st->loc, DIAG_BAD_STATEMENT, "a subscription is written: subscribe PROTOCOL TARGET, "
			   "such as subscribe email \"ops@example.com\" or subscribe queue audit-copy");
		return;
	}
	const char *p;
	if (!get_choice(s, proto, "subscription protocol", protocols, &p))
		return;
	if (!strcmp(p, "queue") || !strcmp(p, "function")) {
		if (target->kind != AV_IDENT) {
			diag_error(target->loc, DIAG_TYPE, "subscribe %s takes a %s name", p, p);
			return;
		}
		if (p[0] == 'q') {
			sub->protocol = SUB_SQS;
			sub->queue = (struct m_queue *)sema_lookup(s, MK_QUEUE, target->u.str, target->loc);
		} else {
			sub->protocol = SUB_LAMBDA;
			sub->function = (struct m_function *)sema_lookup(s, MK_FUNCTION, target->u.str, target->loc);
		}
	} else {
		if (target->kind != AV_STRING) {
			diag_error(target->loc, DIAG_TYPE, "subscribe %s takes a string", p);
			return;
		}
		sub->endpoint = target->u.str;
		sub->protocol = !strcmp(p, "email") ? SUB_EMAIL : !strcmp(p, "https") ? SUB_HTTPS
			: !strcmp(p, "http") ? SUB_HTTP : SUB_SMS;
		if (sub->protocol == SUB_EMAIL && !strchr(sub->endpoint, '@'))
			diag_error(target->loc, DIAG_BAD_VALUE, "'%s' is not an email address", sub->endpoint);
		if (sub->protocol == SUB_HTTPS && strncmp(sub->endpoint, "https://", 8) != 0)
			diag_error(target->loc, DIAG_BAD_VALUE, "an https endpoint starts with https://");
		if (sub->protocol == SUB_HTTP && strncmp(sub->endpoint, "http://", 7) != 0)
			diag_error(target->loc, DIAG_BAD_VALUE, "an http endpoint starts with http://");
	}
	struct view v;
	view_open(s, &v, st->block, attrs, stmts, "a subscription");
	get_bool(s, view_value(&v, "raw_delivery"), "raw_delivery", &sub->raw_delivery);
	if (sub->raw_delivery && sub->protocol != SUB_SQS && sub->protocol != SUB_HTTPS &&
	    sub->protocol != SUB_HTTP)
		diag_error(view_attr(&v, "raw_delivery")->loc, DIAG_BAD_VALUE,
			   "raw_delivery applies only to queue, http and https subscriptions");
	const char *scope = "attributes";
	get_choice(s, view_value(&v, "filter_scope"), "filter_scope", scopes, &scope);
	sub->filter_on_body = scope[0] == 'b';
	const struct ast_item *filter = find_stmt(st, "filter");
	if (filter)
		sub->filter = sema_filter_policy(s, filter->block);
	(void)t;
}

static void build_topic(struct sema *s, struct m_topic *t, const struct ast_item *it)
{
	const char *const *attrs = topic_attrs;
	static const char *const stmts[] = { "subscribe", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a topic");
	view_set_defaults(&v, s->defaults_for[MK_TOPIC]);
	get_string(s, view_value(&v, "description"), "description", &t->c.description);
	get_string(s, view_value(&v, "display_name"), "display_name", &t->display_name);
	get_bool(s, view_value(&v, "fifo"), "fifo", &t->fifo);
	t->key = sema_component_key(s, &v);
	size_t n = 0;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next)
		n += st->kind == AI_STMT && !strcmp(st->head, "subscribe");
	t->subs = arena_alloc(s->a, (n + 1) * sizeof *t->subs);
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next)
		if (st->kind == AI_STMT && !strcmp(st->head, "subscribe"))
			build_subscription(s, t, &t->subs[t->n_subs++], st);
}

static const char *const runtimes[] = {
	"nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x",
	"python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14",
	"java8.al2", "java11", "java17", "java21", "java25",
	"dotnet8", "dotnet10", "ruby3.2", "ruby3.3", "ruby3.4",
	"provided.al2", "provided.al2023", NULL
};

/* consume QUEUE { batch_size = 10, batching_window = 5s, partial_failures = true } */
static void build_consume(struct sema *s, struct m_function *f, const struct ast_item *st)
{
	static const char *const attrs[] = { "batch_size", "batching_window", "partial_failures",
					     "max_concurrency", NULL };
	const struct ast_value *w = st->words;
	if (!w || w->kind != AV_IDENT || w->next) {
		diag_error(st->loc, DIAG_BAD_STATEMENT, "consume takes one queue name: consume order-buffer { ... }");
		return;
	}
	if (f->consume) {
		diag_error(st->head_loc, DIAG_BAD_STATEMENT, "function '%s' consumes a second queue; "
			   "a function has one event source here", f->c.name);
		return;
	}
	struct m_queue *q = (struct m_queue *)sema_lookup(s, MK_QUEUE, w->u.str, w->loc);
	if (!q)
		return;
	f->consume = q;
	f->consume_loc = w->loc;
	struct view v;
	view_open(s, &v, st->block, attrs, NULL, "consume");
	f->batch_size = 10;
	long long n;
	const struct ast_value *bs = view_value(&v, "batch_size");
	if (get_int(s, bs, "batch_size", 1, q->fifo ? 10 : 10000, DIAG_BATCH_SIZE, &n))
		f->batch_size = (int)n;
	get_seconds(s, view_value(&v, "batching_window"), "batching_window", 0, 300, DIAG_BATCH_WINDOW,
		    &f->batching_window_s);
	if (f->batch_size > 10 && f->batching_window_s < 1)
		diag_error(bs->loc, DIAG_BATCH_SIZE, "a batch_size above 10 needs a batching_window of at least 1s");
	get_bool(s, view_value(&v, "partial_failures"), "partial_failures", &f->partial_failures);
	if (get_int(s, view_value(&v, "max_concurrency"), "max_concurrency", 2, 1000, DIAG_RANGE, &n))
		f->max_concurrency = (int)n;
}

/* writes/reads/publishes/invokes/starts [KIND] NAME ... */
static void build_grants(struct sema *s, struct m_function *f, const struct ast_item *st, struct vec *out)
{
	static const struct {
		const char *verb;
		enum m_access access;
		enum m_kind kinds[4];
		int nkinds;
	} verbs[] = {
		{ "writes", ACC_WRITE, { MK_TABLE, MK_QUEUE, MK_BUS }, 3 },
		{ "reads", ACC_READ, { MK_TABLE }, 1 },
		{ "publishes", ACC_PUBLISH, { MK_TOPIC, MK_BUS, MK_QUEUE }, 3 },
		{ "invokes", ACC_INVOKE, { MK_FUNCTION }, 1 },
		{ "starts", ACC_START, { MK_WORKFLOW }, 1 },
	};
	size_t vi = 0;
	while (strcmp(verbs[vi].verb, st->head) != 0)
		vi++;
	if (!st->words)
		diag_error(st->loc, DIAG_BAD_STATEMENT, "'%s' needs at least one name", st->head);
	if (st->block)
		diag_error(st->block->loc, DIAG_BAD_STATEMENT, "'%s' takes no block", st->head);
	for (const struct ast_value *w = st->words; w; w = w->next) {
		enum m_kind kind;
		bool typed = w->kind == AV_IDENT && w->next && sema_is_kind_word(w->u.str, &kind);
		const struct ast_value *nw = typed ? w->next : w;
		if (nw->kind != AV_IDENT) {
			diag_error(nw->loc, DIAG_TYPE, "'%s' takes component names", st->head);
			if (typed)
				w = w->next;
			continue;
		}
		struct m_comp *c = NULL;
		if (typed) {
			bool ok = false;
			for (int k = 0; k < verbs[vi].nkinds; k++)
				ok |= verbs[vi].kinds[k] == kind;
			if (!ok)
				diag_error(w->loc, DIAG_WRONG_KIND, "a function cannot '%s' a %s", st->head, w->u.str);
			else
				c = sema_lookup(s, kind, nw->u.str, nw->loc);
			w = w->next;
		} else {
			for (int k = 0; k < verbs[vi].nkinds && !c; k++) {
				struct decl *d = sema_find(s, verbs[vi].kinds[k], nw->u.str);
				c = d ? d->comp : NULL;
			}
			if (!c)
				c = sema_lookup(s, verbs[vi].kinds[0], nw->u.str, nw->loc);
		}
		if (!c)
			continue;
		struct m_grant *g = arena_alloc(s->a, sizeof *g);
		g->access = verbs[vi].access;
		g->comp = c;
		g->loc = nw->loc;
		vec_push(s->a, out, g);
	}
	(void)f;
}

static bool valid_env_key(const char *k)
{
	if (!isalpha((unsigned char)k[0]))
		return false;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k) && *k != '_')
			return false;
	return true;
}

static void build_function(struct sema *s, struct m_function *f, const struct ast_item *it)
{
	const char *const *attrs = function_attrs;
	static const char *const stmts[] = { "consume", "writes", "reads", "publishes", "invokes", "starts", NULL };
	static const char *const tracing[] = { "active", "passthrough", NULL };
	static const char *const archs[] = { "x86_64", "arm64", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a function");
	view_set_defaults(&v, s->defaults_for[MK_FUNCTION]);
	get_string(s, view_value(&v, "description"), "description", &f->c.description);
	const char *req[] = { "runtime", "handler", "code" };
	for (size_t i = 0; i < 3; i++)
		if (!view_attr(&v, req[i]))
			diag_error(f->c.loc, DIAG_MISSING_ATTR, "function '%s' has no %s", f->c.name, req[i]);
	get_choice(s, view_value(&v, "runtime"), "runtime", runtimes, &f->runtime);
	get_string(s, view_value(&v, "handler"), "handler", &f->handler);
	get_string(s, view_value(&v, "code"), "code", &f->code);
	f->code_base = loader_dir_of(s->a, it->loc.file);
	f->timeout_s = 3;
	get_seconds(s, view_value(&v, "timeout"), "Lambda timeout", 1, 900, DIAG_LAMBDA_TIMEOUT, &f->timeout_s);
	long long n;
	f->memory_mb = 128;
	if (get_int(s, view_value(&v, "memory"), "Lambda memory", 128, 10240, DIAG_LAMBDA_MEMORY, &n))
		f->memory_mb = (int)n;
	f->ephemeral_storage_mb = 512;
	if (get_int(s, view_value(&v, "ephemeral_storage"), "ephemeral_storage", 512, 10240, DIAG_RANGE, &n))
		f->ephemeral_storage_mb = (int)n;
	const char *tr = "passthrough";
	get_choice(s, view_value(&v, "tracing"), "tracing mode", tracing, &tr);
	f->tracing_active = tr[0] == 'a';
	f->architecture = "x86_64";
	get_choice(s, view_value(&v, "architecture"), "architecture", archs, &f->architecture);
	if (get_int(s, view_value(&v, "provisioned_concurrency"), "provisioned_concurrency", 0, 100000,
		    DIAG_RANGE, &n))
		f->provisioned_concurrency = (int)n;
	f->reserved_concurrency = -1;
	if (get_int(s, view_value(&v, "reserved_concurrency"), "reserved_concurrency", 0, 100000, DIAG_RANGE, &n))
		f->reserved_concurrency = (int)n;
	if (f->reserved_concurrency >= 0 && f->provisioned_concurrency > f->reserved_concurrency)
		diag_error(view_attr(&v, "provisioned_concurrency")->value->loc, DIAG_RANGE,
			   "provisioned_concurrency %d exceeds reserved_concurrency %d",
			   f->provisioned_concurrency, f->reserved_concurrency);
	get_string(s, view_value(&v, "log_level"), "log_level", &f->log_level);
	f->log_retention_days = log_retention_of(s, &v);
	f->key = sema_component_key(s, &v);
	/* environment maps merge: the defaults' keys, then the function's own */
	const struct ast_item *own = NULL;
	for (const struct ast_item *a = it->block ? it->block->items : NULL; a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1 && !strcmp(a->key.parts[0], "environment"))
			own = a;
	const struct ast_item *def = NULL;
	for (const struct ast_item *a = s->defaults_for[MK_FUNCTION] ? s->defaults_for[MK_FUNCTION]->items : NULL;
	     a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1 && !strcmp(a->key.parts[0], "environment"))
			def = a;
	f->environment = get_kvmap(s, own ? sema_eval(s, own->value) : NULL, "environment",
				   def ? sema_eval(s, def->value) : NULL);
	for (size_t i = 0; i < f->environment.n; i++) {
		const char *k = f->environment.items[i].key;
		if (!valid_env_key(k))
			diag_error(f->environment.items[i].val.loc, DIAG_BAD_NAME,
				   "'%s' is not a valid Lambda environment variable name ([A-Za-z][A-Za-z0-9_]*)", k);
	}
	struct vec grants = { 0 };
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT)
			continue;
		if (!strcmp(st->head, "consume"))
			build_consume(s, f, st);
		else if (strcmp(st->head, "consume") != 0 && strcmp(st->head, "import") != 0 &&
			 (!strcmp(st->head, "writes") || !strcmp(st->head, "reads") || !strcmp(st->head, "publishes") ||
			  !strcmp(st->head, "invokes") || !strcmp(st->head, "starts")))
			build_grants(s, f, st, &grants);
	}
	f->grants = arena_alloc(s->a, (grants.n + 1) * sizeof *f->grants);
	for (size_t i = 0; i < grants.n; i++)
		f->grants[i] = *(struct m_grant *)grants.items[i];
	f->n_grants = grants.n;
}

/* Where queue Q's visibility timeout is set: its own attribute, the
 * queue defaults, or (the built-in default) the queue's name. */
static struct loc visibility_loc(struct sema *s, const struct m_queue *q)
{
	const struct decl *d = sema_find(s, MK_QUEUE, q->c.name);
	const struct ast_item *it = d && d->item->block ? find_attr_item(d->item->block, "visibility_timeout") : NULL;
	if (!it && s->defaults_for[MK_QUEUE])
		it = find_attr_item(s->defaults_for[MK_QUEUE], "visibility_timeout");
	return it ? it->value->loc : q->c.loc;
}

/* Each queue has at most one consumer; its visibility timeout should be
 * at least six times the consumer's timeout (AWS's guidance). */
static void check_consumers(struct sema *s)
{
	struct m_pattern *m = s->m;
	for (size_t i = 0; i < m->n_functions; i++) {
		struct m_function *f = m->functions[i];
		struct m_queue *q = f->consume;
		if (!q)
			continue;
		if (q->consumer) {
			diag_error(f->consume_loc, DIAG_CONSUMER_TAKEN, "queue '%s' is already consumed by function '%s'",
				   q->c.name, q->consumer->c.name);
			diag_note(q->consumer->consume_loc, "consumed here");
			continue;
		}
		q->consumer = f;
		if ((long long)q->visibility_timeout_s < 6LL * f->timeout_s) {
			diag_warning(visibility_loc(s, q), DIAG_VISIBILITY_GUIDANCE,
				     "visibility timeout of queue '%s' (%ds) is less than 6 x the timeout of its "
				     "consumer '%s' (%ds); use at least %ds",
				     q->c.name, q->visibility_timeout_s, f->c.name, f->timeout_s, 6 * f->timeout_s);
			diag_note(f->consume_loc, "consumed here");
		}
	}
}

/* target KIND NAME [{ input = $.detail, retry_attempts = 3, ... }] */
static void build_target(struct sema *s, struct m_rule *r, struct m_target *t, const struct ast_item *st)
{
	static const char *const kinds[] = { "queue", "function", "workflow", "topic", "bus", NULL };
	static const char *const attrs[] = { "input", "input_paths", "input_template", "retry_attempts",
					     "max_event_age", "dlq", "message_group_id", NULL };
	t->loc = st->loc;
	t->retry_attempts = -1;
	t->max_event_age_s = -1;
	const struct ast_value *kw = st->words, *nw = kw ? kw->next : NULL;
	if (!kw || !nw || nw->next || nw->kind != AV_IDENT) {
		diag_error(st->loc, DIAG_BAD_STATEMENT, "a target is written: target KIND NAME, such as "
			   "target queue order-buffer");
		return;
	}
	const char *k;
	if (!get_choice(s, kw, "target kind", kinds, &k))
		return;
	enum m_kind kind;
	sema_is_kind_word(k, &kind);
	t->kind = kind == MK_QUEUE ? TGT_QUEUE : kind == MK_FUNCTION ? TGT_FUNCTION
		: kind == MK_WORKFLOW ? TGT_WORKFLOW : kind == MK_TOPIC ? TGT_TOPIC : TGT_BUS;
	t->comp = sema_lookup(s, kind, nw->u.str, nw->loc);
	if (r->bus && t->comp == &r->bus->c)
		diag_error(nw->loc, DIAG_BAD_VALUE, "a rule cannot target its own bus");
	struct view v;
	view_open(s, &v, st->block, attrs, NULL, "a target");
	get_jsonpath(s, view_value(&v, "input"), "input", &t->input_path);
	const struct ast_value *ip = view_value(&v, "input_paths");
	if (ip) {
		t->input_paths = get_kvmap(s, ip, "input_paths", NULL);
		for (size_t i = 0; i < t->input_paths.n; i++) {
			const struct m_val *pv = &t->input_paths.items[i].val;
			if (pv->kind != MV_STRING || pv->str[0] != '$')
				diag_error(pv->loc, DIAG_TYPE, "input_paths values are JSONPaths such as \"$.detail.id\"");
		}
	}
	get_string(s, view_value(&v, "input_template"), "input_template", &t->input_template);
	if (t->input_path && (ip || t->input_template))
		diag_error(view_attr(&v, "input")->loc, DIAG_BAD_VALUE,
			   "a target has either input or an input transformer (input_paths, input_template)");
	if (ip && !t->input_template)
		diag_error(view_attr(&v, "input_paths")->loc, DIAG_MISSING_ATTR, "input_paths needs an input_template");
	long long n;
	if (get_int(s, view_value(&v, "retry_attempts"), "retry_attempts", 0, 185, DIAG_RANGE, &n))
		t->retry_attempts = (int)n;
	get_seconds(s, view_value(&v, "max_event_age"), "max_event_age", 60, 86400, DIAG_RANGE, &t->max_event_age_s);
	/* failed deliveries go to a dead-letter queue unless dlq = false */
	t->dlq = true;
	const struct ast_value *dlq = view_value(&v, "dlq");
	if (dlq && dlq->kind == AV_BOOL)
		t->dlq = dlq->u.b;
	else if (dlq && dlq->kind == AV_IDENT)
		t->dlq = (t->dlq_queue = (struct m_queue *)sema_lookup(s, MK_QUEUE, dlq->u.str, dlq->loc)) != NULL;
	else if (dlq)
		diag_error(dlq->loc, DIAG_TYPE, "dlq is true, false or a queue name");
	get_string(s, view_value(&v, "message_group_id"), "message_group_id", &t->message_group_id);
	if (t->kind == TGT_QUEUE && t->comp && ((struct m_queue *)t->comp)->fifo && !t->message_group_id)
		diag_error(st->loc, DIAG_MISSING_ATTR, "a FIFO queue target needs a message_group_id");
}

static void build_rule(struct sema *s, struct m_rule *r, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "enabled", NULL };
	static const char *const stmts[] = { "match", "target", NULL };
	const struct ast_value *on = it->words ? it->words->next : NULL;
	if (on) {
		const struct ast_value *bus = on->next;
		if (on->kind != AV_IDENT || strcmp(on->u.str, "on") != 0 || !bus || bus->kind != AV_IDENT ||
		    bus->next) {
			diag_error(on->loc, DIAG_BAD_STATEMENT, "a rule is written: rule NAME on BUS { ... }");
		} else {
			r->bus = (struct m_bus *)sema_lookup(s, MK_BUS, bus->u.str, bus->loc);
		}
	} else if (s->m->n_buses == 1) {
		r->bus = s->m->buses[0];
	} else {
		diag_error(r->c.loc, DIAG_MISSING_ATTR, "rule '%s' must say which bus it is on: rule %s on BUS",
			   r->c.name, r->c.name);
	}
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a rule");
	get_string(s, view_value(&v, "description"), "description", &r->c.description);
	r->enabled = true;
	get_bool(s, view_value(&v, "enabled"), "enabled", &r->enabled);
	const struct ast_item *match = NULL;
	size_t ntargets = 0;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT)
			continue;
		if (!strcmp(st->head, "match")) {
			if (match) {
				diag_error(st->head_loc, DIAG_DUPLICATE, "a second match block in rule '%s'", r->c.name);
				diag_note(match->head_loc, "the first is here");
			}
			match = st;
		}
		ntargets += !strcmp(st->head, "target");
	}
	if (!match)
		diag_error(r->c.loc, DIAG_MISSING_ATTR, "rule '%s' has no match { ... } block", r->c.name);
	else
		sema_rule_pattern(s, r, match);
	if (ntargets == 0)
		diag_error(r->c.loc, DIAG_MISSING_ATTR, "rule '%s' has no target", r->c.name);
	r->targets = arena_alloc(s->a, (ntargets + 1) * sizeof *r->targets);
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT || strcmp(st->head, "target") != 0)
			continue;
		if (r->n_targets == 5)
			diag_error(st->head_loc, DIAG_RULE_TARGETS, "rule '%s' has more than 5 targets; "
				   "EventBridge allows 5 per rule", r->c.name);
		build_target(s, r, &r->targets[r->n_targets++], st);
	}
}

static void build_alarms(struct sema *s)
{
	static const char *const attrs[] = { "notify", NULL };
	static const char *const oattrs[] = { "threshold", "period", "evaluation_periods", "enabled", NULL };
	struct vec overrides = { 0 };
	for (size_t i = 0; i < s->alarms_items.n; i++) {
		const struct ast_item *it = s->alarms_items.items[i];
		if (i > 0) {
			diag_error(it->head_loc, DIAG_DUPLICATE, "a second 'alarms' block");
			diag_note(((const struct ast_item *)s->alarms_items.items[0])->head_loc, "the first is here");
			continue;
		}
		if (it->words)
			diag_error(it->words->loc, DIAG_BAD_STATEMENT, "alarms takes no name");
		struct view v;
		view_open(s, &v, it->block, attrs, alarm_names, "alarms");
		const struct ast_value *n = view_value(&v, "notify");
		if (n && n->kind == AV_TYPEDREF) {
			if (strcmp(n->u.ref.parts[0], "topic") != 0)
				diag_error(n->u.ref.locs[0], DIAG_WRONG_KIND, "alarms notify a topic, not a %s",
					   n->u.ref.parts[0]);
			else
				s->m->alarms.notify = (struct m_topic *)sema_lookup(s, MK_TOPIC, n->u.ref.parts[1],
										   n->u.ref.locs[1]);
		} else if (n && n->kind == AV_IDENT) {
			s->m->alarms.notify = (struct m_topic *)sema_lookup(s, MK_TOPIC, n->u.str, n->loc);
		} else if (n) {
			diag_error(n->loc, DIAG_TYPE, "notify names a topic: notify = topic ops-alerts");
		}
		for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
			if (st->kind != AI_STMT)
				continue;
			bool known = false;
			for (size_t k = 0; alarm_names[k]; k++)
				known |= !strcmp(alarm_names[k], st->head);
			if (!known)
				continue;
			struct m_alarm_override *o = arena_alloc(s->a, sizeof *o);
			o->name = st->head;
			o->loc = st->head_loc;
			struct view ov;
			view_open(s, &ov, st->block, oattrs, NULL, "an alarm");
			o->has_threshold = get_number(s, view_value(&ov, "threshold"), "threshold", &o->threshold);
			if (o->has_threshold && o->threshold < 0)
				diag_error(view_attr(&ov, "threshold")->value->loc, DIAG_RANGE, "threshold must not be negative");
			get_seconds(s, view_value(&ov, "period"), "period", 10, 86400, DIAG_RANGE, &o->period_s);
			if (o->period_s && o->period_s != 10 && o->period_s != 30 && o->period_s % 60 != 0)
				diag_error(view_attr(&ov, "period")->value->loc, DIAG_RANGE,
					   "an alarm period is 10s, 30s or a multiple of 60s");
			long long ep;
			if (get_int(s, view_value(&ov, "evaluation_periods"), "evaluation_periods", 1, 100, DIAG_RANGE, &ep))
				o->evaluation_periods = (int)ep;
			bool enabled = true;
			get_bool(s, view_value(&ov, "enabled"), "enabled", &enabled);
			o->disabled = !enabled;
			vec_push(s->a, &overrides, o);
		}
	}
	s->m->alarms.overrides = arena_alloc(s->a, (overrides.n + 1) * sizeof *s->m->alarms.overrides);
	for (size_t i = 0; i < overrides.n; i++)
		s->m->alarms.overrides[i] = *(struct m_alarm_override *)overrides.items[i];
	s->m->alarms.n_overrides = overrides.n;
}

/* ---- driver ---- */

#define MODEL_ARRAY(s, kind, type, field, count)                                        \
	do {                                                                            \
		(s)->m->count = (s)->decls[kind].n;                                     \
		(s)->m->field = arena_alloc((s)->a, ((s)->m->count + 1) * sizeof(type *)); \
		for (size_t i_ = 0; i_ < (s)->m->count; i_++)                           \
			(s)->m->field[i_] = (type *)((struct decl *)(s)->decls[kind].items[i_])->comp; \
	} while (0)

static void build_envs(struct sema *s)
{
	struct m_pattern *m = s->m;
	m->n_envs = s->env_items.n;
	m->envs = arena_alloc(s->a, (m->n_envs + 1) * sizeof *m->envs);
	for (size_t i = 0; i < m->n_envs; i++) {
		const struct ast_item *e = s->env_items.items[i];
		m->envs[i].name = e->words->u.str;
		m->envs[i].loc = e->words->loc;
	}
	m->env = m->n_envs ? &m->envs[s->env_index] : NULL;
}

/* The key every component uses unless it names another: the one named
 * main, else the first. A pattern without keys gets one, named main, so
 * that everything that stores data is under a customer-managed key. */
static void pick_default_key(struct sema *s)
{
	struct m_pattern *m = s->m;
	if (m->n_keys == 0) {
		struct m_key *k = arena_alloc(s->a, sizeof *k);
		k->c.kind = MK_KEY;
		k->c.name = arena_intern(s->a, "main", 4);
		k->c.loc = s->pattern_item ? s->pattern_item->head_loc : (struct loc){ 0, 0, 0 };
		k->c.description = NULL;
		k->rotation = true;
		k->pending_window_days = 30;
		m->keys = arena_alloc(s->a, 2 * sizeof *m->keys);
		m->keys[0] = k;
		m->n_keys = 1;
	}
	m->default_key = m->n_keys ? m->keys[0] : NULL;
	for (size_t i = 0; i < m->n_keys; i++)
		if (!strcmp(m->keys[i]->c.name, "main"))
			m->default_key = m->keys[i];
}

#define BUILD_ALL(s, kind, type, fn)                                                    \
	for (size_t i_ = 0; i_ < (s)->decls[kind].n; i_++) {                            \
		struct decl *d_ = (s)->decls[kind].items[i_];                           \
		fn((s), (type *)d_->comp, d_->item);                                    \
	}

struct m_pattern *sema_build(struct arena *a, const struct program *prog,
			     const char *env, const struct vars *vars)
{
	struct sema s = { .a = a, .prog = prog, .vars = vars };
	s.m = arena_alloc(a, sizeof *s.m);
	s.m->json_owner = json_array();
	s.m->base_dir = prog->base_dir;
	collect(&s);
	check_envs(&s);
	select_env(&s, env);
	check_vars(&s);
	build_envs(&s);
	MODEL_ARRAY(&s, MK_KEY, struct m_key, keys, n_keys);
	MODEL_ARRAY(&s, MK_BUS, struct m_bus, buses, n_buses);
	MODEL_ARRAY(&s, MK_EVENT, struct m_event, events, n_events);
	MODEL_ARRAY(&s, MK_QUEUE, struct m_queue, queues, n_queues);
	MODEL_ARRAY(&s, MK_TABLE, struct m_table, tables, n_tables);
	MODEL_ARRAY(&s, MK_TOPIC, struct m_topic, topics, n_topics);
	MODEL_ARRAY(&s, MK_FUNCTION, struct m_function, functions, n_functions);
	MODEL_ARRAY(&s, MK_RULE, struct m_rule, rules, n_rules);
	MODEL_ARRAY(&s, MK_WORKFLOW, struct m_workflow, workflows, n_workflows);
	pick_default_key(&s);
	build_pattern(&s);
	build_defaults(&s);
	BUILD_ALL(&s, MK_KEY, struct m_key, build_key);
	BUILD_ALL(&s, MK_BUS, struct m_bus, build_bus);
	sema_events(&s);
	BUILD_ALL(&s, MK_QUEUE, struct m_queue, build_queue);
	BUILD_ALL(&s, MK_TABLE, struct m_table, build_table);
	BUILD_ALL(&s, MK_FUNCTION, struct m_function, build_function);
	BUILD_ALL(&s, MK_TOPIC, struct m_topic, build_topic);
	BUILD_ALL(&s, MK_RULE, struct m_rule, build_rule);
	check_consumers(&s);
	sema_workflow_inputs(&s);
	BUILD_ALL(&s, MK_WORKFLOW, struct m_workflow, sema_workflow);
	build_alarms(&s);
	free(s.names);
	json_decref(s.events_by_source);
	return s.m;
}
