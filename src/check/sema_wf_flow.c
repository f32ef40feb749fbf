/* sema_wf_flow.c - the data at each state of a workflow. From the events
 * that start it (through the rules' input path), every state's input is
 * worked out as a shape: the members it certainly or maybe holds, and
 * whether others may be there. A state's InputPath, Parameters, result
 * (under its ResultPath) and OutputPath make its output; a catch's target
 * gets the raw input with the error at its ResultPath; where paths join,
 * a member is certain only if every path brings it. Then every path a
 * state reads is checked: one that is certainly absent is E0813, one that
 * may be absent (and is not guarded, as choices are) W0803, each with a
 * note at what dropped it or where it is optional. */
#include <string.h>

#include "sema_priv.h"

enum presence { PR_CERTAIN, PR_MAYBE };

struct shape;

struct member {
	const char *name;
	enum presence presence;
	const struct shape *value;
	const struct m_field *field;    /* the event field it is, or NULL */
	const struct m_state *writer;   /* the state that wrote it, or NULL */
};

/* What a JSON value is known to be. Not KNOWN: anything at all (a result
 * no one declared). Else an object with MEMBERS and, if OPEN, maybe more. */
struct shape {
	bool known, open;
	struct member *members;
	size_t n;
	const struct m_state *made_by;  /* the state whose output replaced the data */
};

struct flow {
	struct wctx *c;
	const struct shape *unknown;
};

static struct shape *shape_new(struct flow *f, size_t n)
{
	struct shape *s = arena_alloc(f->c->s->a, sizeof *s);
	s->known = true;
	s->members = arena_alloc(f->c->s->a, (n + 1) * sizeof *s->members);
	return s;
}

static const struct member *member_of(const struct shape *s, const char *name)
{
	for (size_t i = 0; s->known && i < s->n; i++)
		if (!strcmp(s->members[i].name, name))
			return &s->members[i];
	return NULL;
}

/* ---- paths ---- */

/* The next member name of PATH at *P ($.a.b: a, then b); NULL at the end
 * or at an index or anything else, which the checks cannot follow. */
static const char *next_name(struct flow *f, const char **p, bool *stop)
{
	const char *s = *p;
	*stop = false;
	if (*s == '\0')
		return NULL;
	if (*s != '.') {
		*stop = true;
		return NULL;
	}
	const char *start = ++s;
	while (*s && *s != '.' && *s != '[')
		s++;
	*p = s;
	size_t n = (size_t)(s - start);
	char *name = arena_alloc(f->c->s->a, n + 1);
	memcpy(name, start, n);
	return name;
}

enum found { F_CERTAIN, F_MAYBE, F_ABSENT, F_UNKNOWN };

struct lookup {
	enum found found;
	const struct shape *value;      /* what the path holds (F_CERTAIN, F_MAYBE) */
	const struct shape *lacking;    /* F_ABSENT: the object without the member */
	const char *missing;            /* F_ABSENT: the member's name */
	const struct member *optional;  /* F_MAYBE: the first member that may be absent */
};

static struct lookup look_up(struct flow *f, const struct shape *s, const char *path)
{
	struct lookup r = { F_CERTAIN, s, NULL, NULL, NULL };
	if (!path || path[0] != '$' || path[1] == '$')
		return (struct lookup){ F_UNKNOWN, f->unknown, NULL, NULL, NULL };
	const char *p = path + 1;
	bool stop;
	for (const char *name; (name = next_name(f, &p, &stop)) != NULL;) {
		if (!s->known) {
			r.found = r.found == F_MAYBE ? F_MAYBE : F_UNKNOWN;
			r.value = f->unknown;
			return r;
		}
		const struct member *m = member_of(s, name);
		if (!m) {
			if (s->open)
				return (struct lookup){ r.found == F_MAYBE ? F_MAYBE : F_UNKNOWN, f->unknown, NULL, NULL,
							r.optional };
			return (struct lookup){ F_ABSENT, NULL, s, name, NULL };
		}
		if (m->presence == PR_MAYBE && r.found == F_CERTAIN) {
			r.found = F_MAYBE;
			r.optional = m;
		}
		s = m->value;
	}
	r.value = stop ? f->unknown : s;
	if (stop && r.found == F_CERTAIN)
		r.found = F_UNKNOWN;
	return r;
}

/* S with PATH set to V, certainly present, written by WRITER. */
static const struct shape *set_path(struct flow *f, const struct shape *s, const char *p, const struct shape *v,
				    const struct m_state *writer)
{
	bool stop;
	const char *rest = p;
	const char *name = next_name(f, &rest, &stop);
	if (stop)
		return f->unknown;
	if (!name)
		return v;
	const struct member *old = s->known ? member_of(s, name) : NULL;
	struct shape *o = shape_new(f, (s->known ? s->n : 0) + 1);
	o->open = !s->known || s->open;
	o->made_by = s->known ? s->made_by : NULL;
	for (size_t i = 0; s->known && i < s->n; i++)
		if (&s->members[i] != old)
			o->members[o->n++] = s->members[i];
	struct member *m = &o->members[o->n++];
	m->name = name;
	m->presence = PR_CERTAIN;
	m->value = set_path(f, old ? old->value : f->unknown, rest, v, writer);
	m->writer = writer;
	m->field = NULL;
	return o;
}

/* S with PATH certainly present: what a choice arm that tested it knows. */
static const struct shape *present(struct flow *f, const struct shape *s, const char *p)
{
	bool stop;
	const char *rest = p;
	const char *name = next_name(f, &rest, &stop);
	const struct member *old = name && s->known ? member_of(s, name) : NULL;
	if (!old)
		return s;
	struct shape *o = shape_new(f, s->n);
	*o = *s;
	o->members = arena_alloc(f->c->s->a, (s->n + 1) * sizeof *o->members);
	for (size_t i = 0; i < s->n; i++) {
		o->members[i] = s->members[i];
		if (&s->members[i] == old) {
			o->members[i].presence = PR_CERTAIN;
			o->members[i].value = present(f, old->value, rest);
		}
	}
	return o;
}

/* What holds on the arm of condition C: the paths it tests are present. */
static const struct shape *refine(struct flow *f, const struct shape *s, const struct m_cond *c)
{
	if (!c)
		return s;
	if (c->kind == MC_AND)
		return refine(f, refine(f, s, c->l), c->r);
	if ((c->kind == MC_CMP || c->kind == MC_MATCHES || c->kind == MC_EXISTS) && c->variable &&
	    c->variable[0] == '$' && c->variable[1] != '$')
		s = present(f, s, c->variable + 1);
	if (c->kind == MC_CMP && c->rhs_is_path && c->rhs_path[0] == '$' && c->rhs_path[1] != '$')
		s = present(f, s, c->rhs_path + 1);
	return s;
}

/* ---- joins ---- */

static const struct shape *merge(struct flow *f, const struct shape *a, const struct shape *b)
{
	if (!a->known || !b->known)
		return f->unknown;
	struct shape *o = shape_new(f, a->n + b->n);
	o->open = a->open || b->open;
	o->made_by = a->made_by ? a->made_by : b->made_by;
	for (size_t i = 0; i < a->n; i++) {
		const struct member *ma = &a->members[i], *mb = member_of(b, ma->name);
		struct member *m = &o->members[o->n++];
		*m = *ma;
		if (!mb) {
			m->presence = PR_MAYBE;
			continue;
		}
		m->presence = ma->presence == PR_CERTAIN && mb->presence == PR_CERTAIN ? PR_CERTAIN : PR_MAYBE;
		m->value = merge(f, ma->value, mb->value);
		m->writer = ma->writer ? ma->writer : mb->writer;
	}
	for (size_t i = 0; i < b->n; i++) {
		if (member_of(a, b->members[i].name))
			continue;
		o->members[o->n] = b->members[i];
		o->members[o->n++].presence = PR_MAYBE;
	}
	return o;
}

static bool same(const struct shape *a, const struct shape *b)
{
	if (a == b)
		return true;
	if (a->known != b->known || a->open != b->open || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct member *mb = member_of(b, a->members[i].name);
		if (!mb || mb->presence != a->members[i].presence || !same(a->members[i].value, mb->value))
			return false;
	}
	return true;
}

/* ---- the starting data ---- */

static const struct shape *fields_shape(struct flow *f, struct m_field *const *fields, size_t n)
{
	struct shape *s = shape_new(f, n);
	for (size_t i = 0; i < n; i++) {
		const struct m_field *fd = fields[i];
		struct member *m = &s->members[s->n++];
		m->name = fd->name;
		m->presence = fd->required ? PR_CERTAIN : PR_MAYBE;
		m->field = fd;
		m->value = fd->type == FT_OBJECT && fd->n_fields ? fields_shape(f, fd->fields, fd->n_fields) : f->unknown;
	}
	return s;
}

/* An event as EventBridge delivers it: the envelope and its detail. */
static const struct shape *event_shape(struct flow *f, const struct m_event *e)
{
	static const char *const envelope[] = { "version", "id", "detail-type", "source", "account",
						"time", "region", "resources", NULL };
	struct shape *s = shape_new(f, 9);
	for (size_t i = 0; envelope[i]; i++)
		s->members[s->n++] = (struct member){ envelope[i], PR_CERTAIN, f->unknown, NULL, NULL };
	s->members[s->n++] = (struct member){ "detail", PR_CERTAIN, fields_shape(f, e->fields, e->n_fields),
					      NULL, NULL };
	return s;
}

static const struct shape *start_shape(struct flow *f)
{
	const struct m_workflow *w = f->c->w;
	if (w->n_input_events == 0 || f->c->mixed_inputs)
		return f->unknown;
	const struct shape *s = NULL;
	for (size_t i = 0; i < w->n_input_events; i++) {
		const struct shape *e = event_shape(f, w->input_events[i]);
		s = s ? merge(f, s, e) : e;
	}
	struct lookup l = look_up(f, s, w->input_path ? w->input_path : "$");
	return l.found == F_CERTAIN ? l.value : f->unknown;
}

/* ---- reads ---- */

/* Checks a read of PATH from S at state ST; GUARDED reads (choices) are
 * reported only when a state, not the events, dropped the member. */
static void check_read(struct flow *f, const struct shape *s, const char *path, struct loc loc,
		       const struct m_state *st, bool guarded)
{
	struct lookup l = look_up(f, s, path);
	if (l.found == F_ABSENT) {
		const struct m_state *by = l.lacking->made_by;
		if (guarded && !by)
			return;
		diag_error(loc, DIAG_WF_DATA_ABSENT, "'%s' is not in the data that state '%s' gets: it has no '%s'",
			   path, st->name, l.missing);
		if (by)
			diag_note(by->loc, "state '%s' makes this data, without '%s'", by->name, l.missing);
		else
			diag_note(st->loc, "no event that starts workflow '%s' declares it, and no state before '%s' "
				  "writes it", f->c->w->c.name, st->name);
	} else if (l.found == F_MAYBE && !guarded) {
		diag_warning(loc, DIAG_WF_DATA_MAYBE, "'%s' may be absent when state '%s' runs; without it the "
			     "state fails with States.Runtime", path, st->name);
		if (l.optional->field)
			diag_note(l.optional->field->loc, "'%s' is optional", l.optional->name);
		else if (l.optional->writer)
			diag_note(l.optional->writer->loc, "state '%s' writes '%s', but not every path to '%s' runs it",
				  l.optional->writer->name, l.optional->name, st->name);
	}
}

static void check_params(struct flow *f, const struct shape *s, const struct m_param *p, const struct m_state *st)
{
	if (!p)
		return;
	if (p->kind == MP_PATH)
		check_read(f, s, p->path, p->loc, st, false);
	for (size_t i = 0; (p->kind == MP_MAP || p->kind == MP_LIST) && i < p->n_children; i++)
		check_params(f, s, &p->children[i], st);
}

static void check_cond(struct flow *f, const struct shape *s, const struct m_cond *c, const struct m_state *st)
{
	if (!c)
		return;
	check_cond(f, s, c->l, st);
	check_cond(f, s, c->r, st);
	if (c->variable)
		check_read(f, s, c->variable, c->loc, st, true);
	if (c->rhs_is_path)
		check_read(f, s, c->rhs_path, c->loc, st, true);
}

/* ---- states ---- */

/* The shape a parameter map builds from S: its keys, certainly. */
static const struct shape *params_shape(struct flow *f, const struct shape *s, const struct m_param *p)
{
	if (p->kind != MP_MAP)
		return f->unknown;
	struct shape *o = shape_new(f, p->n_children);
	for (size_t i = 0; i < p->n_children; i++) {
		const struct m_param *c = &p->children[i];
		const struct shape *v = f->unknown;
		if (c->kind == MP_MAP)
			v = params_shape(f, s, c);
		else if (c->kind == MP_PATH) {
			struct lookup l = look_up(f, s, c->path);
			v = l.value ? l.value : f->unknown;
		}
		o->members[o->n++] = (struct member){ c->key, PR_CERTAIN, v, NULL, NULL };
	}
	return o;
}

static const struct shape *sub_path(struct flow *f, const struct shape *s, const char *path)
{
	if (!path)
		return s;
	struct lookup l = look_up(f, s, path);
	return l.value ? l.value : f->unknown;
}

static const struct shape *replaced(struct flow *f, const struct shape *s, const struct m_state *st)
{
	if (!s->known)
		return s;
	struct shape *o = shape_new(f, s->n);
	*o = *s;
	o->made_by = st;
	return o;
}

/* A plain invoke of a function that says what it returns: that; else any. */
static const struct shape *declared_result(struct flow *f, const struct m_state *st)
{
	const struct m_function *fn = (const struct m_function *)st->target;
	if (st->kind != ST_TASK || st->action != TA_INVOKE || st->wait_for_token || !fn || !fn->declares_result)
		return f->unknown;
	struct shape *s = (struct shape *)fields_shape(f, fn->result_fields, fn->n_result_fields);
	s->made_by = st;
	return s;
}

/* What ST passes on from input S, and what it reads (when CHECK). */
static const struct shape *state_output(struct flow *f, const struct m_state *st, const struct shape *s, bool check)
{
	if (check && st->input_path)
		check_read(f, s, st->input_path, st->loc, st, false);
	const struct shape *eff = sub_path(f, s, st->input_path);
	if (check) {
		check_params(f, eff, st->args, st);
		check_params(f, eff, st->parameters, st);
		if (st->items_path)
			check_read(f, eff, st->items_path, st->loc, st, false);
		if (st->wait_seconds_path)
			check_read(f, eff, st->wait_seconds_path, st->loc, st, false);
		if (st->wait_timestamp_path)
			check_read(f, eff, st->wait_timestamp_path, st->loc, st, false);
		for (size_t i = 0; i < st->n_choices; i++)
			check_cond(f, eff, st->choices[i].cond, st);
	}
	if (st->kind == ST_CHOICE || st->kind == ST_WAIT || st->kind == ST_SUCCEED)
		return st->output_path ? replaced(f, sub_path(f, eff, st->output_path), st) : eff;
	const struct shape *result = declared_result(f, st);
	bool passes = st->kind == ST_PASS && !st->parameters && !st->result;
	if (st->kind == ST_PASS)
		result = st->parameters ? params_shape(f, eff, st->parameters) : st->result ? f->unknown : eff;
	if (st->result_selector)
		result = replaced(f, params_shape(f, f->unknown, st->result_selector), st);
	const struct shape *out;
	if (st->result_path_null)
		out = s;
	else if (!st->result_path || !strcmp(st->result_path, "$"))
		out = passes ? result : replaced(f, result, st);
	else
		out = set_path(f, s, st->result_path + 1, result, st);
	if (!st->output_path)
		return out;
	if (check)
		check_read(f, out, st->output_path, st->loc, st, false);
	return replaced(f, sub_path(f, out, st->output_path), st);
}

/* The input a catch's target gets: the raw input with {Error, Cause}. */
static const struct shape *caught(struct flow *f, const struct m_state *st, const struct m_catch *k,
				  const struct shape *s)
{
	struct shape *err = shape_new(f, 2);
	err->members[err->n++] = (struct member){ "Error", PR_CERTAIN, f->unknown, NULL, st };
	err->members[err->n++] = (struct member){ "Cause", PR_CERTAIN, f->unknown, NULL, st };
	if (!k->result_path || !strcmp(k->result_path, "$"))
		return replaced(f, err, st);
	return set_path(f, s, k->result_path + 1, err, st);
}

static void flow_graph(struct flow *f, const struct m_graph *g, const struct shape *start);

/* The flow's inputs: each state's, and whether it changed since the
 * state's output was last worked out. */
struct inputs {
	const struct shape **in;
	bool *stale;
};

static bool reach(struct flow *f, const struct m_graph *g, struct inputs *x, const struct m_state *to,
		  const struct shape *s)
{
	size_t j = wf_place(g, to); /* a transition leads within its own graph */
	if (!to || j == g->n_states)
		return false;
	const struct shape **in = x->in;
	const struct shape *n = in[j] ? merge(f, in[j], s) : s;
	if (in[j] && same(n, in[j]))
		return false;
	in[j] = n;
	x->stale[j] = true;
	return true;
}

/* One pass over G: each reached state's output to its successors. A
 * state whose input is as it was at its last pass would send the same
 * outputs, which change nothing (a join takes nothing twice): it is left
 * out, so that a chain costs one pass per state, not one per state and
 * round (each output is a copy of the data, which grows along a chain). */
static bool flow_pass(struct flow *f, const struct m_graph *g, struct inputs *x)
{
	bool changed = false;
	for (size_t i = 0; i < g->n_states; i++) {
		const struct m_state *st = g->states[i];
		const struct shape *in = x->in[i];
		if (!in || !x->stale[i])
			continue;
		x->stale[i] = false;
		const struct shape *out = state_output(f, st, in, false);
		changed |= reach(f, g, x, st->next, out);
		for (size_t k = 0; k < st->n_choices; k++)
			changed |= reach(f, g, x, st->choices[k].next, refine(f, out, st->choices[k].cond));
		changed |= reach(f, g, x, st->otherwise, out);
		for (size_t k = 0; k < st->n_catches; k++)
			changed |= reach(f, g, x, st->catches[k].next, caught(f, st, &st->catches[k], in));
	}
	return changed;
}

static void flow_graph(struct flow *f, const struct m_graph *g, const struct shape *start)
{
	if (!g || g->n_states == 0)
		return;
	const struct shape **in = arena_alloc(f->c->s->a, (g->n_states + 1) * sizeof *in);
	struct inputs x = { in, arena_alloc(f->c->s->a, (g->n_states + 1) * sizeof *x.stale) };
	in[0] = start;
	x.stale[0] = true;
	/* joins only lose certainty, so this settles; the bound is a safety net */
	for (size_t round = 0; round < 4 * g->n_states + 8 && flow_pass(f, g, &x); round++)
		;
	for (size_t i = 0; i < g->n_states; i++) {
		const struct m_state *st = g->states[i];
		if (!in[i])
			continue;
		state_output(f, st, in[i], true);
		const struct shape *eff = sub_path(f, in[i], st->input_path);
		const struct shape *branch_in = st->parameters ? params_shape(f, eff, st->parameters) : eff;
		for (size_t k = 0; k < st->n_branches; k++)
			flow_graph(f, st->branches[k], branch_in);
		/* an iteration's input is one item, or what the item selector makes */
		if (st->iterator)
			flow_graph(f, st->iterator, st->parameters ? params_shape(f, f->unknown, st->parameters)
							     : f->unknown);
	}
}

void wf_check_flow(struct wctx *c)
{
	struct shape *unknown = arena_alloc(c->s->a, sizeof *unknown);
	struct flow f = { .c = c, .unknown = unknown };
	flow_graph(&f, &c->w->graph, start_shape(&f));
}
