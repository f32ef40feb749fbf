/* sema.c - the driver: collect the top-level blocks and declare their
 * names, read the pattern, defaults and alarms blocks, and build the model
 * one component kind at a time. The per-kind builders are in sema_data.c,
 * sema_compute.c, sema_pattern.c and sema_workflow.c, the environments in
 * sema_env.c. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "misspell.h"
#include "xalloc.h"
#include "sema_priv.h"

static const char *const top_blocks[] = {
	"pattern", "environment", "defaults", "key", "bus", "event", "queue", "table",
	"topic", "function", "rule", "workflow", "stream", "alarms", "import",
	"pipe", "schedule", "connection", "api",
	NULL
};

/* The default alarms a pattern may override by name (templates/alarms.yaml
 * holds their metrics and thresholds). */
static const char *const alarm_names[] = {
	"dlq-messages", "queue-depth", "lambda-errors", "lambda-duration-p99",
	"workflow-failed", "workflow-throttled", "rule-failed-invocations",
	"pipe-execution-failed", "pipe-execution-throttled", "pipe-target-failed", "pipe-dlq-messages",
	"schedule-target-errors", "schedule-invocations-dropped", "schedule-dlq-messages",
	"api-dlq-send-failed",
	NULL
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
	case MK_STREAM: return sizeof(struct m_stream);
	case MK_PIPE: return sizeof(struct m_pipe);
	case MK_SCHEDULE: return sizeof(struct m_schedule);
	case MK_CONNECTION: return sizeof(struct m_connection);
	case MK_API: return sizeof(struct m_api);
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

/* ---- pattern and defaults ---- */

/* tags = { KEY = VALUE }: eventc tags every resource with environment,
 * tenant and pattern itself; a pattern tag of one of those names would
 * write the key twice (CloudFormation refuses duplicate keys, cfn-lint
 * E3024; Terraform keeps one of them silently). AWS keeps keys that start
 * with aws: for itself (the Tagging AWS resources guide). */
static void check_tag_keys(const struct ast_value *tags)
{
	static const char *const automatic[] = { "environment", "tenant", "pattern", NULL };
	if (!tags || tags->kind != AV_MAP)
		return;
	for (const struct ast_item *it = tags->u.map; it; it = it->next) {
		if (it->kind != AI_ATTR || it->key.n != 1)
			continue;
		const char *k = it->key.parts[0];
		for (size_t i = 0; automatic[i]; i++)
			if (!strcmp(k, automatic[i]))
				diag_error(it->key.locs[0], DIAG_RESERVED_TAG,
					   "tag '%s' is one eventc sets on every resource (environment, tenant and "
					   "pattern); give this tag another key, such as 'app-%s'", k, k);
		if (!strncasecmp(k, "aws:", 4))
			diag_error(it->key.locs[0], DIAG_RESERVED_TAG,
				   "tag '%s' starts with 'aws:', which AWS keeps for its own tags; choose another key", k);
	}
}

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
	check_tag_keys(tags);
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
	const char *const *attrs = kind == MK_QUEUE ? sema_queue_attrs : kind == MK_TABLE ? sema_table_attrs
		: kind == MK_TOPIC ? sema_topic_attrs : kind == MK_FUNCTION ? sema_function_attrs : sema_workflow_attrs;
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

/* ---- shared by the component builders ---- */

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

int sema_log_retention(struct sema *s, const struct view *v)
{
	int days = s->m->log_retention_days;
	const struct ast_value *lr = view_value(v, "log_retention");
	if (lr)
		get_log_retention(s, lr, &days);
	return days;
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
		if (s->m->alarms.notify && s->m->alarms.notify->fifo)
			diag_error(n->loc, DIAG_ALARMS_FIFO_TOPIC, "alarms cannot notify FIFO topic '%s': CloudWatch "
				   "publishes without the message group ID a FIFO topic needs; name a standard topic",
				   s->m->alarms.notify->c.name);
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

/* What the plan asks of each function and queue, for each alarm default
 * and each function's dead-letter queue, marked once: asking every topic
 * and function each time cost their number squared. */
static void mark_invokers(struct sema *s)
{
	const struct m_pattern *m = s->m;
	for (size_t i = 0; i < m->n_topics; i++)
		for (size_t j = 0; j < m->topics[i]->n_subs; j++)
			if (m->topics[i]->subs[j].function)
				m->topics[i]->subs[j].function->sns_invoked = true;
	for (size_t i = 0; i < m->n_functions; i++) {
		const struct m_function *f = m->functions[i];
		struct m_comp *fail[] = { f->on_failure, f->async ? f->async->on_failure : NULL };
		for (size_t k = 0; k < sizeof fail / sizeof fail[0]; k++)
			if (fail[k] && fail[k]->kind == MK_QUEUE)
				((struct m_queue *)fail[k])->is_failure_queue = true;
	}
}

/* The account's default event bus: the pattern's `bus default { }`, else
 * one the model keeps outside its buses, so that nothing is planned for it
 * but the schemas of its events. */
static void pick_default_bus(struct sema *s)
{
	for (size_t i = 0; i < s->m->n_buses; i++)
		if (!strcmp(s->m->buses[i]->c.name, "default"))
			s->m->default_bus = s->m->buses[i];
	if (s->m->default_bus)
		return;
	struct m_bus *b = arena_alloc(s->a, sizeof *b);
	b->c.kind = MK_BUS;
	b->c.name = arena_intern(s->a, "default", 7);
	b->c.loc = s->pattern_item ? s->pattern_item->head_loc : (struct loc){ s->prog->main_file, 0, 0 };
	b->origin = BUS_DEFAULT;
	s->m->default_bus = b;
}

struct m_pattern *sema_build(struct arena *a, const struct program *prog,
			     const char *env, const struct vars *vars)
{
	struct sema s = { .a = a, .prog = prog, .vars = vars };
	s.m = arena_alloc(a, sizeof *s.m);
	s.m->json_owner = json_array();
	s.m->base_dir = prog->base_dir;
	collect(&s);
	sema_envs(&s, env);
	MODEL_ARRAY(&s, MK_KEY, struct m_key, keys, n_keys);
	MODEL_ARRAY(&s, MK_BUS, struct m_bus, buses, n_buses);
	MODEL_ARRAY(&s, MK_EVENT, struct m_event, events, n_events);
	MODEL_ARRAY(&s, MK_QUEUE, struct m_queue, queues, n_queues);
	MODEL_ARRAY(&s, MK_TABLE, struct m_table, tables, n_tables);
	MODEL_ARRAY(&s, MK_TOPIC, struct m_topic, topics, n_topics);
	MODEL_ARRAY(&s, MK_FUNCTION, struct m_function, functions, n_functions);
	MODEL_ARRAY(&s, MK_RULE, struct m_rule, rules, n_rules);
	MODEL_ARRAY(&s, MK_WORKFLOW, struct m_workflow, workflows, n_workflows);
	MODEL_ARRAY(&s, MK_STREAM, struct m_stream, streams, n_streams);
	MODEL_ARRAY(&s, MK_PIPE, struct m_pipe, pipes, n_pipes);
	MODEL_ARRAY(&s, MK_SCHEDULE, struct m_schedule, schedules, n_schedules);
	MODEL_ARRAY(&s, MK_CONNECTION, struct m_connection, connections, n_connections);
	MODEL_ARRAY(&s, MK_API, struct m_api, apis, n_apis);
	pick_default_key(&s);
	pick_default_bus(&s);
	build_pattern(&s);
	build_defaults(&s);
	BUILD_ALL(&s, MK_KEY, struct m_key, sema_key);
	BUILD_ALL(&s, MK_BUS, struct m_bus, sema_bus);
	sema_events(&s);
	BUILD_ALL(&s, MK_QUEUE, struct m_queue, sema_queue);
	sema_check_dead_letters(&s);
	BUILD_ALL(&s, MK_TABLE, struct m_table, sema_table);
	BUILD_ALL(&s, MK_STREAM, struct m_stream, sema_stream);
	BUILD_ALL(&s, MK_FUNCTION, struct m_function, sema_function);
	BUILD_ALL(&s, MK_TOPIC, struct m_topic, sema_topic);
	BUILD_ALL(&s, MK_CONNECTION, struct m_connection, sema_connection);
	BUILD_ALL(&s, MK_API, struct m_api, sema_api);
	BUILD_ALL(&s, MK_RULE, struct m_rule, sema_rule);
	sema_check_consumers(&s);
	sema_check_stream_readers(&s);
	sema_workflow_inputs(&s);
	BUILD_ALL(&s, MK_WORKFLOW, struct m_workflow, sema_workflow);
	BUILD_ALL(&s, MK_PIPE, struct m_pipe, sema_pipe);
	BUILD_ALL(&s, MK_SCHEDULE, struct m_schedule, sema_schedule);
	sema_check_topic_filters(&s);
	mark_invokers(&s);
	build_alarms(&s);
	free(s.names);
	json_decref(s.events_by_source);
	return s.m;
}
