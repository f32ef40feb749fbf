/* sema_value.c - block views, typed attribute values, references. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "misspell.h"
#include "sema_priv.h"

static int attr_index(const char *const *attrs, const char *name)
{
	for (int i = 0; attrs && attrs[i]; i++)
		if (strcmp(attrs[i], name) == 0)
			return i;
	return -1;
}

static const char *suggest2(const char *word, const char *const *a, const char *const *b)
{
	struct misspell m;
	misspell_init(&m, word);
	for (size_t i = 0; a && a[i]; i++)
		misspell_consider(&m, a[i]);
	for (size_t i = 0; b && b[i]; i++)
		misspell_consider(&m, b[i]);
	return misspell_best(&m);
}

static void check_stmt_head(struct sema *s, const struct ast_item *it, const char *const *attrs,
			    const char *const *stmts, const char *what)
{
	if (attr_index(stmts, it->head) >= 0)
		return;
	const char *hint = suggest2(it->head, stmts, NULL);
	if (attr_index(attrs, it->head) >= 0)
		diag_error(it->head_loc, DIAG_BAD_STATEMENT, "'%s' is an attribute of %s; write '%s = VALUE'",
			   it->head, what, it->head);
	else if (hint)
		diag_error(it->head_loc, DIAG_UNKNOWN_BLOCK, "unknown %s '%s' in %s; did you mean '%s'?",
			   it->block ? "block" : "statement", it->head, what, hint);
	else
		diag_error(it->head_loc, DIAG_UNKNOWN_BLOCK, "unknown %s '%s' in %s",
			   it->block ? "block" : "statement", it->head, what);
	(void)s;
}

/* KEY = VALUE where KEY is a statement: the form that is right is the
 * statement's words without '=' (target queue q, writes t), or a block for
 * a map (key { pk = string }). */
static void misplaced_statement(const struct ast_item *it, const char *key, const char *what)
{
	/* the statements that are blocks only: a table's key, a rule's match, ... */
	static const char *const blocks[] = { "key", "match", "archive", "audit", "dlq", "filter", "detail",
					      "function", "workflow", "queue", "topic", "table", NULL };
	const struct ast_value *v = it->value;
	const struct source *src = v ? source_get(v->loc.file) : NULL;
	if (!v || v->kind == AV_MAP || attr_index(blocks, key) >= 0 || !src || v->loc.end <= v->loc.start || v->loc.end > src->len) {
		diag_error(it->key.locs[0], DIAG_BAD_STATEMENT, "'%s' is a block in %s, written without '=': "
			   "'%s { ... }'", key, what, key);
		return;
	}
	int n = (int)(v->loc.end - v->loc.start);
	diag_error(it->key.locs[0], DIAG_BAD_STATEMENT, "'%s' is a statement in %s, written without '=': "
		   "'%s %.*s'", key, what, key, n, src->text + v->loc.start);
}

void view_open(struct sema *s, struct view *v, const struct ast_block *b,
	       const char *const *attrs, const char *const *stmts, const char *what)
{
	memset(v, 0, sizeof *v);
	v->s = s;
	v->block = b;
	v->attrs = attrs;
	if (!b)
		return;
	for (const struct ast_item *it = b->items; it; it = it->next) {
		if (it->kind == AI_STMT) {
			check_stmt_head(s, it, attrs, stmts, what);
			continue;
		}
		if (it->kind != AI_ATTR) {
			if (attr_index(stmts, it->kind == AI_GOTO ? "->" : "when") < 0)
				diag_error(it->loc, DIAG_BAD_STATEMENT, "a %s is not allowed in %s",
					   it->kind == AI_GOTO ? "transition" : "'when' condition", what);
			continue;
		}
		const char *key = ast_path_string(s->a, &it->key);
		int idx = it->key.n == 1 ? attr_index(attrs, key) : -1;
		if (idx < 0) {
			const char *hint = suggest2(key, attrs, NULL);
			if (attr_index(stmts, key) >= 0)
				misplaced_statement(it, key, what);
			else if (hint)
				diag_error(loc_span(it->key.locs[0], it->key.locs[it->key.n - 1]), DIAG_UNKNOWN_ATTR,
					   "unknown attribute '%s' in %s; did you mean '%s'?", key, what, hint);
			else
				diag_error(loc_span(it->key.locs[0], it->key.locs[it->key.n - 1]), DIAG_UNKNOWN_ATTR,
					   "unknown attribute '%s' in %s", key, what);
			continue;
		}
		if (v->found[idx]) {
			diag_error(it->key.locs[0], DIAG_DUPLICATE_ATTR, "'%s' is set twice in %s", key, what);
			diag_note(v->found[idx]->key.locs[0], "first set here");
			continue;
		}
		v->found[idx] = it;
	}
}

void view_set_defaults(struct view *v, const struct ast_block *defaults)
{
	v->defaults = defaults;
}

static const struct ast_item *find_attr(const struct ast_block *b, const char *name)
{
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next)
		if (it->kind == AI_ATTR && it->key.n == 1 && strcmp(it->key.parts[0], name) == 0)
			return it;
	return NULL;
}

const struct ast_item *view_attr(const struct view *v, const char *name)
{
	int idx = attr_index(v->attrs, name);
	if (idx >= 0 && v->found[idx])
		return v->found[idx];
	return v->defaults ? find_attr(v->defaults, name) : NULL;
}

const struct ast_value *view_value(const struct view *v, const char *name)
{
	const struct ast_item *it = view_attr(v, name);
	return it ? sema_eval(v->s, it->value) : NULL;
}

/* The value of env.NAME in the selected environment, or a --vars override. */
/* YAML has no bare words: `mode: active` is a string. Where the pattern
 * has a name (mode = active), the override is read as a name too. */
static const struct ast_value *vars_value(struct sema *s, const struct ast_value *v, const struct ast_item *own)
{
	if (v->kind != AV_STRING || !own || own->value->kind != AV_IDENT)
		return v;
	struct ast_value *w = arena_alloc(s->a, sizeof *w);
	*w = *v;
	w->kind = AV_IDENT;
	w->next = NULL;
	return w;
}

static const struct ast_value *env_var(struct sema *s, const char *name, struct loc loc)
{
	const struct ast_item *env = s->env_items.n ? s->env_items.items[s->env_index] : NULL;
	const struct ast_item *it = env ? find_attr(env->block, name) : NULL;
	if (s->vars) {
		for (size_t i = 0; i < s->vars->names.n; i++)
			if (strcmp(s->vars->names.items[i], name) == 0)
				return vars_value(s, s->vars->values.items[i], it);
	}
	if (!env)
		return NULL;
	if (it)
		return it->value;
	struct misspell m;
	misspell_init(&m, name);
	for (const struct ast_item *a = env->block ? env->block->items : NULL; a; a = a->next)
		if (a->kind == AI_ATTR && a->key.n == 1)
			misspell_consider(&m, a->key.parts[0]);
	const char *hint = misspell_best(&m);
	if (hint)
		diag_error(loc, DIAG_UNKNOWN_ENV_VAR, "unknown environment variable 'env.%s'; did you mean 'env.%s'?",
			   name, hint);
	else
		diag_error(loc, DIAG_UNKNOWN_ENV_VAR, "unknown environment variable 'env.%s'", name);
	return NULL;
}

const struct ast_value *sema_eval(struct sema *s, const struct ast_value *v)
{
	if (v && v->kind == AV_STRING)
		return sema_interpolate(s, v); /* ${env.NAME} in the pattern's text */
	if (!v || v->kind != AV_REF || strcmp(v->u.ref.parts[0], "env") != 0)
		return v;
	if (v->u.ref.n != 2) {
		diag_error(v->loc, DIAG_UNKNOWN_ENV_VAR, "an environment variable is written env.NAME");
		return NULL;
	}
	const struct ast_value *r = env_var(s, v->u.ref.parts[1], v->loc);
	if (r && r->kind == AV_REF && strcmp(r->u.ref.parts[0], "env") == 0) {
		diag_error(r->loc, DIAG_TYPE, "an environment variable cannot refer to another one");
		return NULL;
	}
	return r;
}

static void type_error(const struct ast_value *v, const char *what, const char *want)
{
	diag_error(v->loc, DIAG_TYPE, "%s must be %s, not %s", what, want, ast_vkind_name(v->kind));
}

bool get_string(struct sema *s, const struct ast_value *v, const char *what, const char **out)
{
	(void)s;
	if (!v)
		return false;
	if (v->kind != AV_STRING) {
		type_error(v, what, "a string");
		return false;
	}
	*out = v->u.str;
	return true;
}

bool get_bool(struct sema *s, const struct ast_value *v, const char *what, bool *out)
{
	(void)s;
	if (!v)
		return false;
	if (v->kind != AV_BOOL) {
		type_error(v, what, "true or false");
		return false;
	}
	*out = v->u.b;
	return true;
}

bool get_int(struct sema *s, const struct ast_value *v, const char *what,
	     long long min, long long max, enum diag_code code, long long *out)
{
	(void)s;
	if (!v)
		return false;
	if (v->kind == AV_DURATION) {
		diag_error(v->loc, DIAG_TYPE, "%s is a number, not a duration", what);
		return false;
	}
	if (v->kind == AV_NUMBER && !v->u.num.is_int) {
		diag_error(v->loc, DIAG_TYPE, "%s must be a whole number, not %s", what, v->u.num.text);
		return false;
	}
	if (v->kind != AV_NUMBER) {
		type_error(v, what, "a whole number");
		return false;
	}
	if (v->u.num.ival < min || v->u.num.ival > max) {
		diag_report(v->loc, code, "%s %lld is out of range; it must be %lld to %lld",
			    what, v->u.num.ival, min, max);
		return false;
	}
	*out = v->u.num.ival;
	return true;
}

bool get_number(struct sema *s, const struct ast_value *v, const char *what, double *out)
{
	(void)s;
	if (!v)
		return false;
	if (v->kind != AV_NUMBER) {
		type_error(v, what, "a number");
		return false;
	}
	*out = v->u.num.val;
	return true;
}

static void describe_seconds(char *buf, size_t n, long long secs)
{
	if (secs % 86400 == 0 && secs >= 86400)
		snprintf(buf, n, "%lldd", secs / 86400);
	else if (secs % 3600 == 0 && secs >= 3600)
		snprintf(buf, n, "%lldh", secs / 3600);
	else if (secs % 60 == 0 && secs >= 60)
		snprintf(buf, n, "%lldm", secs / 60);
	else
		snprintf(buf, n, "%llds", secs);
}

bool get_seconds(struct sema *s, const struct ast_value *v, const char *what,
		 long long min, long long max, enum diag_code code, int *out)
{
	(void)s;
	if (!v)
		return false;
	if (v->kind == AV_NUMBER) {
		diag_error(v->loc, DIAG_TYPE, "%s must be a duration such as %s%s, not a bare number",
			   what, v->u.num.text, "s");
		return false;
	}
	if (v->kind != AV_DURATION) {
		type_error(v, what, "a duration");
		return false;
	}
	if (v->u.ms % 1000 != 0) {
		diag_error(v->loc, DIAG_TYPE, "%s must be whole seconds", what);
		return false;
	}
	long long secs = v->u.ms / 1000;
	if (secs < min || secs > max) {
		char lo[32], hi[32];
		describe_seconds(lo, sizeof lo, min);
		describe_seconds(hi, sizeof hi, max);
		diag_report(v->loc, code, "%s is out of range; it must be %s to %s", what, lo, hi);
		return false;
	}
	*out = (int)secs;
	return true;
}

bool get_days(struct sema *s, const struct ast_value *v, const char *what, int *out)
{
	int secs;
	if (!get_seconds(s, v, what, 0, 100LL * 365 * 86400, DIAG_RANGE, &secs))
		return false;
	if (secs % 86400 != 0) {
		diag_error(v->loc, DIAG_TYPE, "%s must be whole days (such as 7d)", what);
		return false;
	}
	*out = secs / 86400;
	return true;
}

bool get_log_retention(struct sema *s, const struct ast_value *v, int *out)
{
	static const int allowed[] = { 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
				       545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 };
	int days;
	if (!get_days(s, v, "log retention", &days))
		return false;
	int nearest = allowed[0];
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
		if (allowed[i] == days) {
			*out = days;
			return true;
		}
		if (abs(allowed[i] - days) < abs(nearest - days))
			nearest = allowed[i];
	}
	diag_error(v->loc, DIAG_LOG_RETENTION,
		   "log retention of %d days is not one CloudWatch allows; the nearest is %dd", days, nearest);
	return false;
}

bool get_choice(struct sema *s, const struct ast_value *v, const char *what,
		const char *const *allowed, const char **out)
{
	if (!v)
		return false;
	if (v->kind != AV_IDENT && v->kind != AV_STRING) {
		type_error(v, what, "a word");
		return false;
	}
	for (size_t i = 0; allowed[i]; i++) {
		if (strcmp(allowed[i], v->u.str) == 0) {
			*out = allowed[i];
			return true;
		}
	}
	const char *hint = misspell_suggest(v->u.str, allowed);
	const char *list = "";
	for (size_t i = 0; !hint && allowed[i]; i++)
		list = arena_printf(s->a, "%s%s%s", list, i ? ", " : "", allowed[i]);
	if (hint)
		diag_error(v->loc, DIAG_BAD_VALUE, "invalid %s '%s'; did you mean '%s'?", what, v->u.str, hint);
	else
		diag_error(v->loc, DIAG_BAD_VALUE, "invalid %s '%s'; expected one of: %s", what, v->u.str, list);
	return false;
}

/* JSONPath given as $.x or as the string "$.x". */
bool get_jsonpath(struct sema *s, const struct ast_value *v, const char *what, const char **out)
{
	(void)s;
	if (!v)
		return false;
	if (v->kind == AV_JSONPATH || (v->kind == AV_STRING && v->u.str[0] == '$')) {
		*out = v->u.str;
		return true;
	}
	type_error(v, what, "a JSONPath such as $.detail");
	return false;
}

bool get_string_list(struct sema *s, const struct ast_value *v, const char *what,
		     const char ***out, size_t *n)
{
	if (!v)
		return false;
	if (v->kind != AV_LIST) {
		type_error(v, what, "a list of strings");
		return false;
	}
	size_t count = 0;
	for (const struct ast_value *e = v->u.list; e; e = e->next)
		count++;
	const char **items = arena_alloc(s->a, (count + 1) * sizeof *items);
	size_t i = 0;
	bool ok = true;
	for (const struct ast_value *e = v->u.list; e; e = e->next) {
		if (e->kind != AV_STRING) {
			type_error(e, what, "a list of strings");
			ok = false;
			continue;
		}
		items[i++] = e->u.str;
	}
	*out = items;
	*n = i;
	return ok;
}

bool sema_is_kind_word(const char *w, enum m_kind *kind)
{
	for (int k = 0; k < MK_COUNT; k++) {
		if (strcmp(w, model_kind_name(k)) == 0) {
			*kind = (enum m_kind)k;
			return true;
		}
	}
	return false;
}

/* What a reference to each kind may ask for, in the order suggestions
 * are tried; MA_COUNT ends a list. */
static const enum m_attr comp_attrs[MK_COUNT][4] = {
	[MK_KEY] = { MA_ARN, MA_ID, MA_ALIAS, MA_COUNT },
	[MK_STREAM] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_BUS] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_EVENT] = { MA_COUNT },
	[MK_QUEUE] = { MA_ARN, MA_URL, MA_NAME, MA_COUNT },
	[MK_TABLE] = { MA_ARN, MA_NAME, MA_STREAM_ARN, MA_COUNT },
	[MK_TOPIC] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_FUNCTION] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_RULE] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_WORKFLOW] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_PIPE] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_SCHEDULE] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_CONNECTION] = { MA_ARN, MA_NAME, MA_COUNT },
	[MK_API] = { MA_ARN, MA_NAME, MA_COUNT },
};

/* The ATTR of KIND.NAME.ATTR (P) as the model's enum, or false after
 * reporting a word the kind does not have. */
static bool get_ref_attr(const struct ast_path *p, enum m_kind kind, enum m_attr *out)
{
	const enum m_attr *allowed = comp_attrs[kind];
	const char *words[MA_COUNT + 1];
	size_t n = 0;
	for (; allowed[n] != MA_COUNT; n++)
		words[n] = model_attr_name(allowed[n]);
	words[n] = NULL;
	int i = attr_index(words, p->parts[2]);
	if (i >= 0) {
		*out = allowed[i];
		return true;
	}
	const char *hint = misspell_suggest(p->parts[2], words);
	if (hint)
		diag_error(p->locs[2], DIAG_UNKNOWN_COMP_ATTR, "a %s has no attribute '%s'; did you mean '%s'?",
			   p->parts[0], p->parts[2], hint);
	else
		diag_error(p->locs[2], DIAG_UNKNOWN_COMP_ATTR, "a %s has no attribute '%s'",
			   p->parts[0], p->parts[2]);
	return false;
}

/* KIND.NAME.ATTR */
static bool get_compref(struct sema *s, const struct ast_value *v, struct m_val *out)
{
	enum m_kind kind;
	const struct ast_path *p = &v->u.ref;
	if (!sema_is_kind_word(p->parts[0], &kind) || kind == MK_EVENT) {
		diag_error(p->locs[0], DIAG_UNRESOLVED,
			   "unknown reference '%s'; references are env.NAME or KIND.NAME.ATTR",
			   ast_path_string(s->a, p));
		return false;
	}
	if (p->n != 3) {
		diag_error(v->loc, DIAG_UNKNOWN_COMP_ATTR, "a component reference is written %s.NAME.ATTR",
			   p->parts[0]);
		return false;
	}
	struct m_comp *c = sema_lookup(s, kind, p->parts[1], p->locs[1]);
	if (!c || !get_ref_attr(p, kind, &out->attr))
		return false;
	out->kind = MV_COMPREF;
	out->comp = c;
	return true;
}

bool get_mval(struct sema *s, const struct ast_value *v, struct m_val *out)
{
	const struct ast_value *e = sema_eval(s, v);
	if (!e)
		return false;
	memset(out, 0, sizeof *out);
	out->loc = v->loc;
	switch (e->kind) {
	case AV_STRING:
		out->kind = MV_STRING;
		out->str = e->u.str;
		return true;
	case AV_NUMBER:
		out->kind = MV_NUMBER;
		out->num = e->u.num.val;
		out->num_is_int = e->u.num.is_int;
		out->str = e->u.num.text;
		return true;
	case AV_BOOL:
		out->kind = MV_BOOL;
		out->b = e->u.b;
		return true;
	case AV_REF:
		return get_compref(s, e, out);
	default:
		type_error(e, "the value", "a string, number, boolean or KIND.NAME.ATTR");
		return false;
	}
}

static void kv_put(struct sema *s, struct vec *keys, struct vec *vals, const char *key, struct m_val *val)
{
	for (size_t i = 0; i < keys->n; i++) {
		if (keys->items[i] == key) {
			vals->items[i] = val;
			return;
		}
	}
	vec_push(s->a, keys, (void *)key);
	vec_push(s->a, vals, val);
}

static void kv_collect(struct sema *s, const struct ast_value *map, const char *what,
		       struct vec *keys, struct vec *vals)
{
	for (const struct ast_item *it = map->u.map; it; it = it->next) {
		const char *key = arena_intern(s->a, ast_path_string(s->a, &it->key),
					       strlen(ast_path_string(s->a, &it->key)));
		for (const struct ast_item *p = map->u.map; p != it; p = p->next) {
			if (strcmp(ast_path_string(s->a, &p->key), key) == 0) {
				diag_error(it->key.locs[0], DIAG_DUPLICATE_ATTR, "'%s' is set twice in %s", key, what);
				diag_note(p->key.locs[0], "first set here");
			}
		}
		struct m_val *val = arena_alloc(s->a, sizeof *val);
		if (get_mval(s, it->value, val))
			kv_put(s, keys, vals, key, val);
	}
}

/* A map of names to values; DEFAULTS_MAP's keys come first, overridden in
 * place by the component's own. */
struct m_kvlist get_kvmap(struct sema *s, const struct ast_value *v, const char *what,
			  const struct ast_value *defaults_map)
{
	struct m_kvlist out = { 0 };
	struct vec keys = { 0 }, vals = { 0 };
	if (defaults_map && defaults_map->kind == AV_MAP)
		kv_collect(s, defaults_map, what, &keys, &vals);
	if (v) {
		if (v->kind != AV_MAP) {
			type_error(v, what, "a map { KEY = VALUE, ... }");
			return out;
		}
		kv_collect(s, v, what, &keys, &vals);
	}
	out.items = arena_alloc(s->a, (keys.n + 1) * sizeof *out.items);
	for (size_t i = 0; i < keys.n; i++) {
		out.items[i].key = keys.items[i];
		out.items[i].val = *(struct m_val *)vals.items[i];
	}
	out.n = keys.n;
	return out;
}

static size_t name_hash(const char *name, enum m_kind kind)
{
	return ((size_t)(uintptr_t)name >> 4) * 31u + (size_t)kind;
}

struct decl *sema_find(struct sema *s, enum m_kind kind, const char *name)
{
	if (!s->capnames)
		return NULL;
	name = arena_intern(s->a, name, strlen(name));
	for (size_t i = name_hash(name, kind) & (s->capnames - 1);; i = (i + 1) & (s->capnames - 1)) {
		struct name_slot *sl = &s->names[i];
		if (!sl->name)
			return NULL;
		if (sl->name == name && sl->kind == kind)
			return sl->decl;
	}
}

struct m_comp *sema_lookup(struct sema *s, enum m_kind kind, const char *name, struct loc loc)
{
	struct decl *d = sema_find(s, kind, name);
	if (d)
		return d->comp;
	/* the account's default event bus needs no declaration */
	if (kind == MK_BUS && !strcmp(name, "default") && s->m->default_bus)
		return &s->m->default_bus->c;
	for (int k = 0; k < MK_COUNT; k++) {
		struct decl *other = k == (int)kind ? NULL : sema_find(s, (enum m_kind)k, name);
		if (other) {
			diag_error(loc, DIAG_WRONG_KIND, "'%s' is a %s, not a %s", name,
				   model_kind_name(k), model_kind_name(kind));
			diag_note(other->comp->loc, "'%s' is declared here", name);
			return NULL;
		}
	}
	struct misspell m;
	misspell_init(&m, name);
	for (size_t i = 0; i < s->decls[kind].n; i++)
		misspell_consider(&m, ((struct decl *)s->decls[kind].items[i])->comp->name);
	if (kind == MK_BUS)
		misspell_consider(&m, "default");
	const char *hint = misspell_best(&m);
	if (hint)
		diag_error(loc, DIAG_UNRESOLVED, "unknown %s '%s'; did you mean '%s'?",
			   model_kind_name(kind), name, hint);
	else
		diag_error(loc, DIAG_UNRESOLVED, "unknown %s '%s'", model_kind_name(kind), name);
	return NULL;
}

json_t *sema_own(struct sema *s, json_t *j)
{
	if (j)
		json_array_append(s->m->json_owner, j);
	return j;
}

json_t *sema_value_json(struct sema *s, const struct ast_value *v)
{
	v = sema_eval(s, v);
	if (!v)
		return NULL;
	switch (v->kind) {
	case AV_STRING:
	case AV_JSONPATH:
		return json_string(v->u.str);
	case AV_NUMBER:
		return v->u.num.is_int ? json_integer(v->u.num.ival) : json_real(v->u.num.val);
	case AV_BOOL:
		return json_boolean(v->u.b);
	case AV_LIST: {
		json_t *a = json_array();
		for (const struct ast_value *e = v->u.list; e; e = e->next) {
			json_t *j = sema_value_json(s, e);
			if (!j) {
				json_decref(a);
				return NULL;
			}
			json_array_append_new(a, j);
		}
		return a;
	}
	case AV_MAP: {
		json_t *o = json_object();
		for (const struct ast_item *it = v->u.map; it; it = it->next) {
			json_t *j = sema_value_json(s, it->value);
			if (!j) {
				json_decref(o);
				return NULL;
			}
			json_object_set_new(o, ast_path_string(s->a, &it->key), j);
		}
		return o;
	}
	default:
		type_error(v, "a literal", "a string, number, boolean, list or map");
		return NULL;
	}
}
