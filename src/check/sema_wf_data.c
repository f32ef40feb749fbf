/* sema_wf_data.c - the data a workflow's states pass and test: parameters
 * and result selectors, input/output/result paths, and choice conditions
 * typed against the fields of the events that start the workflow. Apart
 * from sema_wf_states.c because none of it depends on a state's kind. */
#include <stdio.h>
#include <string.h>

#include "misspell.h"
#include "sema_priv.h"

/* ---- parameters ---- */

static struct m_param *param_tree(struct wctx *c, const char *key, const struct ast_value *v);

static void param_value(struct wctx *c, struct m_param *p, const struct ast_value *v);

/* [ ... ]: each element a parameter, so JSONPaths and maps inside lists
 * are read from the input too. A list that reads paths becomes
 * States.Array(...), which takes no objects, so it holds no maps. */
static void list_value(struct wctx *c, struct m_param *p, const struct ast_value *v)
{
	size_t n = 0;
	for (const struct ast_value *e = v->u.list; e; e = e->next)
		n++;
	p->kind = MP_LIST;
	p->children = arena_alloc(c->s->a, (n + 1) * sizeof *p->children);
	const struct m_param *map = NULL;
	for (const struct ast_value *e = v->u.list; e; e = e->next) {
		struct m_param *child = &p->children[p->n_children++];
		child->loc = e->loc;
		param_value(c, child, e);
		bool object = child->kind == MP_MAP ||
			(child->kind == MP_LITERAL && (json_is_object(child->literal) || json_is_array(child->literal)));
		if (object && !map)
			map = child;
	}
	if (map && m_param_list_reads_path(p)) {
		diag_error(map->loc, DIAG_WF_LIST_MIX, "a list that reads a JSONPath holds only paths, lists and "
			   "plain values, not maps (it becomes States.Array)");
	}
}

static void param_value(struct wctx *c, struct m_param *p, const struct ast_value *v)
{
	v = sema_eval(c->s, v);
	if (!v) {
		p->kind = MP_LITERAL;
		p->literal = sema_own(c->s, json_null());
		return;
	}
	if (v->kind == AV_JSONPATH) {
		p->kind = MP_PATH;
		p->path = v->u.str;
	} else if (v->kind == AV_TYPEDREF) {
		wf_comp_param(c, p, v);
	} else if (v->kind == AV_LIST) {
		list_value(c, p, v);
	} else if (v->kind == AV_MAP) {
		p->kind = MP_MAP;
		size_t n = 0;
		for (const struct ast_item *it = v->u.map; it; it = it->next)
			n++;
		p->children = arena_alloc(c->s->a, (n + 1) * sizeof *p->children);
		for (const struct ast_item *it = v->u.map; it; it = it->next) {
			const char *k = ast_path_string(c->s->a, &it->key);
			for (size_t i = 0; i < p->n_children; i++)
				if (!strcmp(p->children[i].key, k))
					diag_error(it->key.locs[0], DIAG_DUPLICATE_ATTR, "'%s' is set twice", k);
			struct m_param *child = param_tree(c, k, it->value);
			child->loc = it->loc;
			p->children[p->n_children++] = *child;
		}
	} else {
		json_t *j = sema_value_json(c->s, v);
		p->kind = MP_LITERAL;
		p->literal = sema_own(c->s, j ? j : json_null());
		json_decref(j);
	}
}

static struct m_param *param_tree(struct wctx *c, const char *key, const struct ast_value *v)
{
	struct m_param *p = arena_alloc(c->s->a, sizeof *p);
	p->key = key;
	p->loc = v->loc;
	param_value(c, p, v);
	return p;
}

/* A block's attributes as a MAP parameter. */
struct m_param *wf_block_params(struct wctx *c, const struct ast_block *b, const char *const *allowed,
				    const char *what)
{
	return wf_block_params_but(c, b, allowed, NULL, what);
}

struct m_param *wf_block_params_but(struct wctx *c, const struct ast_block *b, const char *const *allowed,
				    const char *words, const char *what)
{
	if (!b)
		return NULL;
	struct view v;
	view_open(c->s, &v, b, allowed, NULL, what);
	size_t n = 0;
	for (const struct ast_item *it = b->items; it; it = it->next)
		n++;
	struct m_param *p = arena_alloc(c->s->a, sizeof *p);
	p->kind = MP_MAP;
	p->loc = b->loc;
	p->children = arena_alloc(c->s->a, (n + 1) * sizeof *p->children);
	for (size_t i = 0; allowed[i]; i++) {
		const struct ast_item *it = view_attr(&v, allowed[i]);
		if (!it || (words && !strcmp(words, allowed[i])))
			continue;
		struct m_param *child = param_tree(c, allowed[i], it->value);
		child->loc = it->loc;
		p->children[p->n_children++] = *child;
	}
	return p;
}

const char *wf_path_attr(struct wctx *c, const struct view *v, const char *name)
{
	const char *p = NULL;
	get_jsonpath(c->s, view_value(v, name), name, &p);
	return p;
}

void wf_common_paths(struct wctx *c, struct m_state *st, const struct view *v)
{
	st->input_path = wf_path_attr(c, v, "input_path");
	st->output_path = wf_path_attr(c, v, "output_path");
	const struct ast_value *rp = view_value(v, "result_path");
	if (rp && rp->kind == AV_IDENT && !strcmp(rp->u.str, "discard"))
		st->result_path_null = true;
	else
		st->result_path = wf_path_attr(c, v, "result_path");
	get_string(c->s, view_value(v, "comment"), "comment", &st->comment);
	const struct ast_value *params = view_value(v, "parameters");
	if (params) {
		if (params->kind != AV_MAP)
			diag_error(params->loc, DIAG_TYPE, "parameters is a map { key = value }");
		else
			st->parameters = param_tree(c, NULL, params);
	}
	const struct ast_value *sel = view_value(v, "result_selector");
	if (sel) {
		if (sel->kind != AV_MAP)
			diag_error(sel->loc, DIAG_TYPE, "result_selector is a map { key = $.path }");
		else
			st->result_selector = param_tree(c, NULL, sel);
	}
}

/* A task's, parallel's or map's result is kept beside its input, under
 * the state's name, unless result_path says where (`$` for the raw ASL
 * behaviour of replacing the input, `discard` for none). */
void wf_default_result_path(struct wctx *c, struct m_state *st)
{
	if (st->result_path || st->result_path_null)
		return;
	st->result_key = wf_result_key(c->s->a, st->name);
	st->result_path = arena_printf(c->s->a, "$.%s", st->result_key);
	wf_check_result_key(c, st);
}

/* ---- choice conditions ---- */

/* Whether PATH reads what a state wrote (a result_path), not the event. */
static bool written_by_state(const struct wctx *c, const char *path)
{
	for (size_t i = 0; i < c->written.n; i++) {
		const char *w = c->written.items[i];
		size_t n = strlen(w);
		if (!strncmp(path, w, n) && (path[n] == '\0' || path[n] == '.' || path[n] == '['))
			return true;
	}
	return false;
}

void wf_collect_written(struct wctx *c, const struct ast_block *b);

/* A task, parallel or map writes its result under its own name by
 * default (wf_default_result_path); then the states of its block. */
static void collect_stmt(struct wctx *c, const struct ast_item *it)
{
	bool keeps_result = !strcmp(it->head, "task") || !strcmp(it->head, "parallel") || !strcmp(it->head, "map");
	if (keeps_result && it->words && (it->words->kind == AV_IDENT || it->words->kind == AV_STRING))
		vec_push(c->s->a, &c->written,
			 (void *)arena_printf(c->s->a, "$.%s", wf_result_key(c->s->a, it->words->u.str)));
	wf_collect_written(c, it->block);
}

/* Collects every result_path of the states in B, nested blocks too, so that
 * conditions may read them whatever the order the states are written in. */
void wf_collect_written(struct wctx *c, const struct ast_block *b)
{
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next) {
		if (it->kind == AI_ATTR && it->key.n == 1 && !strcmp(it->key.parts[0], "result_path") &&
		    (it->value->kind == AV_JSONPATH || it->value->kind == AV_STRING) && it->value->u.str[0] == '$' &&
		    it->value->u.str[1] != '\0')
			vec_push(c->s->a, &c->written, (void *)it->value->u.str);
		else if (it->kind == AI_STMT && !strcmp(it->head, "catch"))
			vec_push(c->s->a, &c->written, (void *)"$.error");
		else if (it->kind == AI_STMT)
			collect_stmt(c, it);
	}
}

/* Splits PATH, read through the workflow's input path, into its field
 * names ($.a.b[0].c: a, b, c; indexes are skipped), in the run's arena.
 * False when PATH is not a plain path, which leaves nothing to check. */
static bool split_input_path(struct wctx *c, const char *path, const char ***partsp, size_t *np)
{
	const char *prefix = c->w->input_path ? c->w->input_path : "$";
	const char *buf = arena_printf(c->s->a, "%s%s", prefix, path + 1);
	size_t max = 0;
	for (const char *p = buf; *p; p++)
		max += *p == '.';
	const char **parts = arena_alloc(c->s->a, (max + 1) * sizeof *parts);
	size_t n = 0;
	for (const char *p = buf + 1; *p;) {
		if (*p == '.') {
			const char *start = ++p;
			while (*p && *p != '.' && *p != '[')
				p++;
			parts[n++] = arena_strndup(c->s->a, start, (size_t)(p - start));
		} else if (*p == '[') {
			while (*p && *p != ']')
				p++;
			if (*p)
				p++;
		} else {
			return false;
		}
	}
	*partsp = parts;
	*np = n;
	return true;
}

/* A path outside detail reads the EventBridge envelope: NAME must be one
 * of its fields, whose types are known. */
static bool envelope_field(struct wctx *c, const char *path, const char *name, struct loc loc,
			   enum m_cmp_type *type)
{
	static const char *const envelope[] = { "version", "id", "detail-type", "source", "account",
						"time", "region", "resources", NULL };
	for (size_t i = 0; envelope[i]; i++) {
		if (!strcmp(name, envelope[i])) {
			*type = !strcmp(name, "time") ? CT_TIMESTAMP : CT_STRING;
			return true;
		}
	}
	diag_error(loc, DIAG_CHOICE_FIELD, "'%s' is not a field of the events that start workflow '%s'",
		   path, c->w->c.name);
	return false;
}

static enum m_cmp_type cmp_type_of(enum m_ftype t)
{
	switch (t) {
	case FT_STRING: return CT_STRING;
	case FT_NUMBER: case FT_INTEGER: return CT_NUMBER;
	case FT_BOOLEAN: return CT_BOOLEAN;
	case FT_TIMESTAMP: return CT_TIMESTAMP;
	default: return CT_UNKNOWN;
	}
}

/* No starting event declares PARTS (detail first): say so, with the
 * nearest name among the fields beside the last one. */
static void report_unknown_field(struct wctx *c, const char *path, struct loc loc, const char *const *parts,
				 size_t n)
{
	struct m_workflow *w = c->w;
	struct misspell m;
	misspell_init(&m, parts[n - 1]);
	for (size_t i = 0; i < w->n_input_events; i++) {
		const struct m_event *e = w->input_events[i];
		const struct m_field *parent = n > 2 ? sema_event_field(e, parts + 1, n - 2) : NULL;
		struct m_field *const *fields = n > 2 ? (parent ? parent->fields : NULL) : e->fields;
		size_t nf = n > 2 ? (parent ? parent->n_fields : 0) : e->n_fields;
		for (size_t k = 0; k < nf; k++)
			misspell_consider(&m, fields[k]->name);
	}
	const char *hint = misspell_best(&m);
	if (hint)
		diag_error(loc, DIAG_CHOICE_FIELD, "'%s' is not a field of the events that start workflow '%s'; "
			   "did you mean '%s'?", path, w->c.name, hint);
	else
		diag_error(loc, DIAG_CHOICE_FIELD, "'%s' is not a field of the events that start workflow '%s'",
			   path, w->c.name);
}

/* The declared type of the field that PATH reads, through the input path
 * of the rules that start the workflow. FIELD gets the declaration. */
static bool input_field(struct wctx *c, const char *path, struct loc loc, const struct m_field **field,
			enum m_cmp_type *type)
{
	*field = NULL;
	*type = CT_UNKNOWN;
	struct m_workflow *w = c->w;
	if (w->n_input_events == 0 || c->mixed_inputs || c->in_map || written_by_state(c, path))
		return true;
	const char **parts;
	size_t n = 0;
	if (!split_input_path(c, path, &parts, &n) || n == 0)
		return true;
	if (strcmp(parts[0], "detail") != 0)
		return envelope_field(c, path, parts[0], loc, type);
	if (n == 1)
		return true;
	for (size_t i = 0; i < w->n_input_events; i++) {
		const struct m_field *f = sema_event_field(w->input_events[i], parts + 1, n - 1);
		if (!f)
			continue;
		*field = f;
		*type = cmp_type_of(f->type);
		return true;
	}
	report_unknown_field(c, path, loc, parts, n);
	return false;
}

/* ---- DynamoDB items ---- */

static const char *const dynamo_letters[] = { "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", NULL };

bool wf_dynamo_typed_map(const struct m_param *p)
{
	if (p->kind != MP_MAP || p->n_children != 1)
		return false;
	for (size_t i = 0; dynamo_letters[i]; i++)
		if (!strcmp(p->children[0].key, dynamo_letters[i]))
			return true;
	return false;
}

/* The AttributeValue type of the field PATH reads, from the events that
 * start the workflow; an error saying what to write when it cannot be known. */
static void dynamo_path_type(struct wctx *c, struct m_param *p)
{
	const struct m_field *f;
	enum m_cmp_type t;
	if (!input_field(c, p->path, p->loc, &f, &t))
		return;
	/* $.tags[0] reads an element: the array's item type */
	enum m_ftype ft = f ? f->type : FT_STRING;
	size_t n = strlen(p->path);
	if (f && f->type == FT_ARRAY && n && p->path[n - 1] == ']') {
		ft = f->item_type;
		t = cmp_type_of(ft);
	}
	if (f && ft == FT_OBJECT && f->n_fields) {
		p->dynamo_type = "M";
		p->field = f;
	} else if (f && ft == FT_ARRAY) {
		diag_error(p->loc, DIAG_WF_DYNAMO_TYPE, "'%s' is a list, whose elements DynamoDB needs typed one by "
			   "one; list them ([%s[0], ...]) or write a string set: { SS = %s }", p->path, p->path, p->path);
		diag_note(f->loc, "'%s' is declared here", f->name);
	} else if (f && ft == FT_OBJECT) {
		diag_error(p->loc, DIAG_WF_DYNAMO_TYPE, "'%s' is an object without declared fields; declare them in "
			   "the event, or write its attributes one by one ({ name = %s.name })", p->path, p->path);
		diag_note(f->loc, "'%s' is declared here", f->name);
	} else if (t == CT_NUMBER) {
		p->dynamo_type = "N";
	} else if (t == CT_BOOLEAN) {
		p->dynamo_type = "BOOL";
	} else if (t == CT_STRING || t == CT_TIMESTAMP) {
		p->dynamo_type = "S";
	} else {
		diag_error(p->loc, DIAG_WF_DYNAMO_TYPE, "cannot tell the DynamoDB type of '%s' from the events that "
			   "start workflow '%s'; write it typed: { S = %s }, { N = %s } or { BOOL = %s }",
			   p->path, c->w->c.name, p->path, p->path, p->path);
	}
}

static void dynamo_types(struct wctx *c, struct m_param *p)
{
	if (p->kind == MP_PATH) {
		dynamo_path_type(c, p);
	} else if (wf_dynamo_typed_map(p)) {
		p->children[0].dynamo_type = p->children[0].key;
	} else if (p->kind == MP_MAP || p->kind == MP_LIST) {
		for (size_t i = 0; i < p->n_children; i++)
			dynamo_types(c, &p->children[i]);
	}
}

void wf_dynamo_item_types(struct wctx *c, struct m_param *item, const struct m_table *t)
{
	for (size_t i = 0; item && item->kind == MP_MAP && i < item->n_children; i++) {
		struct m_param *a = &item->children[i];
		/* the table's key attributes take the key's declared type */
		bool key = t && (!strcmp(a->key, t->pk) || (t->sk && !strcmp(a->key, t->sk)));
		if (!key)
			dynamo_types(c, a);
	}
}

/* Whether PATH is certainly present in the workflow's input: an envelope
 * field, or a field that every starting event requires, its parents too.
 * Anything else may be absent, and a choice on it needs an IsPresent guard
 * (a comparison with an absent path fails the run with States.Runtime). */
static bool certainly_present(struct wctx *c, const char *path)
{
	struct m_workflow *w = c->w;
	if (w->n_input_events == 0 || c->mixed_inputs || c->in_map || written_by_state(c, path))
		return false;
	const char **parts;
	size_t n = 0;
	if (!split_input_path(c, path, &parts, &n) || n == 0 || strchr(path, '['))
		return false;
	if (strcmp(parts[0], "detail") != 0)
		return n == 1;
	if (n == 1)
		return true;
	for (size_t i = 0; i < w->n_input_events; i++)
		for (size_t k = 1; k < n; k++) {
			const struct m_field *f = sema_event_field(w->input_events[i], parts + 1, k);
			if (!f || !f->required)
				return false;
		}
	return true;
}

/* ---- message attributes ---- */

/* publish topic T { attributes = { amount = $.amount, kind = "order" } }:
 * a number (literal, or a path to a number field) is a Number, a list
 * field a String.Array, anything else a String ("Amazon SNS message
 * attribute data types"). */
void wf_message_attributes(struct wctx *c, struct m_state *st)
{
	struct m_param *a = NULL;
	for (size_t i = 0; st->args && i < st->args->n_children; i++)
		if (!strcmp(st->args->children[i].key, "attributes"))
			a = &st->args->children[i];
	if (!a)
		return;
	if (a->kind != MP_MAP) {
		diag_error(a->loc, DIAG_TYPE, "attributes is a map { name = value }");
		return;
	}
	for (size_t i = 0; i < a->n_children; i++) {
		struct m_param *v = &a->children[i];
		v->sns_type = "String";
		if (v->kind == MP_LITERAL && json_is_number(v->literal)) {
			v->sns_type = "Number";
		} else if (v->kind == MP_PATH) {
			const struct m_field *f;
			enum m_cmp_type t;
			if (input_field(c, v->path, v->loc, &f, &t) && t == CT_NUMBER)
				v->sns_type = "Number";
			else if (f && f->type == FT_ARRAY && v->path[strlen(v->path) - 1] != ']')
				v->sns_type = "String.Array";
		} else if (v->kind != MP_LITERAL || !json_is_string(v->literal)) {
			diag_error(v->loc, DIAG_TYPE, "a message attribute is a string, a number or a JSONPath");
		}
	}
}

static const char *cmp_type_name(enum m_cmp_type t)
{
	static const char *const names[] = { "a string", "a number", "a boolean", "a timestamp", "unknown" };
	return names[t];
}

bool wf_looks_like_timestamp(const char *s)
{
	/* 2026-01-31T12:00:00Z and the like (RFC 3339) */
	size_t n = strlen(s);
	return n >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':';
}

static void type_mismatch(struct loc loc, const char *path, enum m_cmp_type field, enum m_cmp_type value,
			  const struct m_field *f)
{
	diag_error(loc, DIAG_CHOICE_TYPE, "'%s' is %s, but it is compared with %s", path,
		   cmp_type_name(field), cmp_type_name(value));
	if (f)
		diag_note(f->loc, "'%s' is declared here", f->name);
}

/* The model's operator for OP, here and only here, so that backends need
 * not know the parse tree. TURNED: the operands were swapped to put the
 * path on the left (`5 < $.n` is `$.n > 5`). */
static enum m_cmp model_cmp(enum ast_cmp op, bool turned)
{
	static const enum m_cmp as_written[] = { [CMP_EQ] = MCMP_EQ, [CMP_NE] = MCMP_NE, [CMP_LT] = MCMP_LT,
						 [CMP_LE] = MCMP_LE, [CMP_GT] = MCMP_GT, [CMP_GE] = MCMP_GE };
	static const enum m_cmp swapped[] = { [CMP_EQ] = MCMP_EQ, [CMP_NE] = MCMP_NE, [CMP_LT] = MCMP_GT,
					      [CMP_LE] = MCMP_GE, [CMP_GT] = MCMP_LT, [CMP_GE] = MCMP_LE };
	return turned ? swapped[op] : as_written[op];
}

/* The right-hand side R of a comparison with the path L: recorded in M,
 * its type in VT. A second path may tell the type of the first (FT).
 * False after an error that ends the check. */
static bool cmp_rhs(struct wctx *c, const struct ast_expr *e, struct m_cond *m, const struct ast_value *l,
		    const struct ast_value *r, enum m_cmp_type *ft, enum m_cmp_type *vt)
{
	switch (r->kind) {
	case AV_STRING:
		m->rhs_str = r->u.str;
		if (*ft == CT_TIMESTAMP || (*ft == CT_UNKNOWN && wf_looks_like_timestamp(r->u.str)))
			*vt = CT_TIMESTAMP;
		else
			*vt = CT_STRING;
		if (*ft == CT_TIMESTAMP && !wf_looks_like_timestamp(r->u.str))
			diag_error(r->loc, DIAG_CHOICE_TYPE, "'%s' is a timestamp; compare it with an RFC 3339 time "
				   "such as \"2026-01-31T00:00:00Z\"", l->u.str);
		return true;
	case AV_NUMBER:
		m->rhs_num = r->u.num.val;
		m->rhs_num_is_int = r->u.num.is_int;
		*vt = CT_NUMBER;
		return true;
	case AV_BOOL:
		m->rhs_bool = r->u.b;
		*vt = CT_BOOLEAN;
		return true;
	case AV_JSONPATH: {
		m->rhs_is_path = true;
		m->rhs_path = r->u.str;
		const struct m_field *rf;
		enum m_cmp_type rt;
		if (!input_field(c, r->u.str, r->loc, &rf, &rt))
			return false;
		*vt = rt;
		if (*ft == CT_UNKNOWN)
			*ft = rt;
		if (*vt == CT_UNKNOWN)
			*vt = *ft;
		if (*ft == CT_UNKNOWN) {
			diag_error(e->loc, DIAG_CHOICE_TYPE, "cannot tell what type '%s' and '%s' are; compare a path "
				   "with a literal, or declare the fields in an event", l->u.str, r->u.str);
			return false;
		}
		return true;
	}
	default:
		diag_error(r->loc, DIAG_CHOICE_TYPE, "a condition compares with a string, number, boolean or JSONPath, "
			   "not %s", ast_vkind_name(r->kind));
		return false;
	}
}

/* A string compared with an enum field F must be one of its values. */
static void check_enum_value(const struct m_field *f, const struct ast_value *r)
{
	bool found = false;
	for (size_t i = 0; i < f->n_enum; i++)
		found |= !strcmp(f->enum_values[i], r->u.str);
	if (found)
		return;
	const char *hint = misspell_suggest(r->u.str, f->enum_values);
	if (hint)
		diag_error(r->loc, DIAG_CHOICE_TYPE, "\"%s\" is not a value of '%s'; did you mean \"%s\"?",
			   r->u.str, f->name, hint);
	else
		diag_error(r->loc, DIAG_CHOICE_TYPE, "\"%s\" is not a value of '%s'", r->u.str, f->name);
	diag_note(f->loc, "'%s' is declared here", f->name);
}

/* PATH OP VALUE (or VALUE OP PATH, turned), typed against the field. */
static struct m_cond *build_cmp(struct wctx *c, const struct ast_expr *e)
{
	struct m_cond *m = arena_alloc(c->s->a, sizeof *m);
	m->kind = MC_CMP;
	m->loc = e->loc;
	const struct ast_value *l = e->lhs, *r = e->rhs;
	bool turned = l->kind != AV_JSONPATH && r->kind == AV_JSONPATH;
	if (turned) {
		const struct ast_value *t = l;
		l = r;
		r = t;
	}
	m->op = model_cmp(e->op, turned);
	if (l->kind != AV_JSONPATH) {
		diag_error(e->loc, DIAG_CHOICE_TYPE, "a condition compares a JSONPath such as $.amount with a value");
		return m;
	}
	m->variable = l->u.str;
	const struct m_field *f;
	enum m_cmp_type ft;
	if (!input_field(c, l->u.str, l->loc, &f, &ft))
		return m;
	enum m_cmp_type vt = CT_UNKNOWN;
	if (!cmp_rhs(c, e, m, l, r, &ft, &vt))
		return m;
	if (ft != CT_UNKNOWN && vt != ft) {
		type_mismatch(r->loc, l->u.str, ft, vt, f);
		return m;
	}
	m->type = vt;
	m->maybe_absent = !certainly_present(c, m->variable);
	m->rhs_maybe_absent = m->rhs_is_path && !certainly_present(c, m->rhs_path);
	if (vt == CT_BOOLEAN && m->op != MCMP_EQ && m->op != MCMP_NE)
		diag_error(e->loc, DIAG_CHOICE_TYPE, "booleans compare only with == and !=");
	if (f && f->n_enum && r->kind == AV_STRING)
		check_enum_value(f, r);
	return m;
}

struct m_cond *wf_cond(struct wctx *c, const struct ast_expr *e)
{
	struct m_cond *m;
	switch (e->kind) {
	case AE_AND:
	case AE_OR:
		m = arena_alloc(c->s->a, sizeof *m);
		m->kind = e->kind == AE_AND ? MC_AND : MC_OR;
		m->loc = e->loc;
		m->l = wf_cond(c, e->l);
		m->r = wf_cond(c, e->r);
		return m;
	case AE_NOT:
		m = arena_alloc(c->s->a, sizeof *m);
		m->kind = MC_NOT;
		m->loc = e->loc;
		m->l = wf_cond(c, e->l);
		return m;
	case AE_CMP:
		return build_cmp(c, e);
	case AE_MATCHES: {
		m = arena_alloc(c->s->a, sizeof *m);
		m->kind = MC_MATCHES;
		m->loc = e->loc;
		m->type = CT_STRING;
		if (e->lhs->kind != AV_JSONPATH) {
			diag_error(e->lhs->loc, DIAG_CHOICE_TYPE, "matches tests a JSONPath: $.name matches \"a*\"");
			return m;
		}
		m->variable = e->lhs->u.str;
		m->rhs_str = e->rhs->u.str;
		m->maybe_absent = !certainly_present(c, m->variable);
		const struct m_field *f;
		enum m_cmp_type ft;
		if (input_field(c, m->variable, e->lhs->loc, &f, &ft) && ft != CT_UNKNOWN && ft != CT_STRING)
			type_mismatch(e->rhs->loc, m->variable, ft, CT_STRING, f);
		return m;
	}
	case AE_EXISTS:
		m = arena_alloc(c->s->a, sizeof *m);
		m->kind = MC_EXISTS;
		m->loc = e->loc;
		m->variable = e->lhs->u.str;
		if (strcmp(e->rhs->u.str, "exists") != 0) {
			const char *fns[] = { "exists", NULL };
			diag_error(e->rhs->loc, DIAG_BAD_STATEMENT, "unknown condition '%s(...)'%s", e->rhs->u.str,
				   misspell_suggest(e->rhs->u.str, fns) ? "; did you mean 'exists'?" : "");
			return m;
		}
		/* a field that no starting event declares can never exist */
		const struct m_field *f;
		enum m_cmp_type ft;
		input_field(c, m->variable, e->lhs->loc, &f, &ft);
		return m;
	}
	return NULL;
}
