/* sema_workflow.c - workflows as state graphs: a workflow's own attributes,
 * the events that start it, and its graphs (the top one and each branch):
 * transitions resolved, every state reachable and every path ending. The
 * states themselves are built in sema_wf_states.c, the data they pass and
 * the choice conditions in sema_wf_data.c. */
#include <stdlib.h>
#include <string.h>

#include "misspell.h"
#include "xalloc.h"
#include "sema_priv.h"

/* ---- the graph ---- */

static struct m_state *graph_find(const struct m_graph *g, const char *name)
{
	for (size_t i = 0; i < g->n_states; i++)
		if (g->states[i]->name == name)
			return g->states[i];
	return NULL;
}

static struct m_state *resolve(struct wctx *c, const struct m_graph *g, const char *name, struct loc loc)
{
	struct m_state *t = graph_find(g, name);
	if (t)
		return t;
	for (size_t i = 0; i < c->all.n; i++) {
		if (((struct m_state *)c->all.items[i])->name == name) {
			diag_error(loc, DIAG_STATE_UNKNOWN, "state '%s' is in another branch; a transition stays "
				   "within its own branch", name);
			return NULL;
		}
	}
	struct misspell m;
	misspell_init(&m, name);
	for (size_t i = 0; i < g->n_states; i++)
		misspell_consider(&m, g->states[i]->name);
	const char *hint = misspell_best(&m);
	const char *label = wf_state_label(c->s->a, name);
	if (hint)
		diag_error(loc, DIAG_STATE_UNKNOWN, "unknown state %s; did you mean %s?", label,
			   wf_state_label(c->s->a, hint));
	else
		diag_error(loc, DIAG_STATE_UNKNOWN, "unknown state %s", label);
	return NULL;
}

/* Returns false when a transition names no state of G. */
static bool resolve_transitions(struct wctx *c, struct m_graph *g)
{
	bool ok = true;
	for (size_t i = 0; i < g->n_states; i++) {
		struct m_state *st = g->states[i];
		for (size_t k = 0; k < st->n_catches; k++)
			ok &= (st->catches[k].next = resolve(c, g, st->catches[k].next_name,
							     st->catches[k].next_loc)) != NULL;
		if (st->kind == ST_CHOICE) {
			for (size_t k = 0; k < st->n_choices; k++)
				ok &= (st->choices[k].next = resolve(c, g, st->choices[k].next_name,
								     st->choices[k].next_loc)) != NULL;
			if (st->otherwise_name)
				ok &= (st->otherwise = resolve(c, g, st->otherwise_name, st->otherwise_loc)) != NULL;
			continue;
		}
		if (st->kind == ST_SUCCEED || st->kind == ST_FAIL)
			continue;
		if (st->next_name) {
			ok &= (st->next = resolve(c, g, st->next_name, st->next_loc)) != NULL;
			if (st->next == st && st->kind != ST_WAIT)
				diag_error(st->next_loc, DIAG_STATE_NO_END, "state '%s' goes to itself", st->name);
		} else if (!st->end && i + 1 < g->n_states) {
			st->next = g->states[i + 1]; /* written order */
		} else {
			st->end = true; /* the last state of a graph ends it */
		}
	}
	return ok;
}

/* Successors of a state, for the two walks below. */
static size_t successors(const struct m_state *st, struct m_state **out, size_t max)
{
	size_t n = 0;
	if (st->next && n < max)
		out[n++] = st->next;
	for (size_t k = 0; k < st->n_catches && n < max; k++)
		if (st->catches[k].next)
			out[n++] = st->catches[k].next;
	for (size_t k = 0; k < st->n_choices && n < max; k++)
		if (st->choices[k].next)
			out[n++] = st->choices[k].next;
	if (st->otherwise && n < max)
		out[n++] = st->otherwise;
	return n;
}

/* A successor's place (resolved transitions lead within the graph). */
static size_t index_of(const struct m_graph *g, const struct m_state *st)
{
	size_t j = wf_place(g, st);
	return j < g->n_states ? j : 0;
}

/* ENDS: the states from which some path ends, found backwards from the
 * states that end, over the transitions reversed (a pass over the states
 * until nothing changed took a pass per state of a chain). */
static void ending_states(const struct m_graph *g, bool *ends, struct m_state **succ, size_t maxs, size_t *stack)
{
	size_t n = g->n_states, top = 0;
	size_t *first = xcalloc(n + 1, sizeof *first); /* each state's callers: from[first[j]..first[j+1]) */
	for (size_t i = 0; i < n; i++) {
		size_t ns = successors(g->states[i], succ, maxs);
		for (size_t k = 0; k < ns; k++)
			first[index_of(g, succ[k]) + 1]++;
	}
	for (size_t j = 0; j < n; j++)
		first[j + 1] += first[j];
	size_t *from = xcalloc(first[n] + 1, sizeof *from), *fill = xcalloc(n + 1, sizeof *fill);
	for (size_t i = 0; i < n; i++) {
		size_t ns = successors(g->states[i], succ, maxs);
		for (size_t k = 0; k < ns; k++) {
			size_t j = index_of(g, succ[k]);
			from[first[j] + fill[j]++] = i;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct m_state *st = g->states[i];
		ends[i] = st->end || st->kind == ST_SUCCEED || st->kind == ST_FAIL;
		if (ends[i])
			stack[top++] = i;
	}
	while (top) {
		size_t j = stack[--top];
		for (size_t e = first[j]; e < first[j + 1]; e++) {
			if (!ends[from[e]]) {
				ends[from[e]] = true;
				stack[top++] = from[e];
			}
		}
	}
	free(first);
	free(from);
	free(fill);
}

/* Every state reachable from the first; from every state, an end. */
static void check_graph(struct wctx *c, struct m_graph *g)
{
	size_t n = g->n_states;
	if (n == 0)
		return;
	bool *reach = xcalloc(n, sizeof *reach), *ends = xcalloc(n, sizeof *ends);
	size_t *stack = xcalloc(n, sizeof *stack);
	size_t maxs = 0;
	for (size_t i = 0; i < n; i++) {
		const struct m_state *st = g->states[i];
		maxs = maxs > st->n_catches + st->n_choices + 2 ? maxs : st->n_catches + st->n_choices + 2;
	}
	struct m_state **succ = xcalloc(maxs, sizeof *succ);
	size_t top = 0;
	reach[0] = true;
	stack[top++] = 0;
	while (top) {
		const struct m_state *st = g->states[stack[--top]];
		size_t ns = successors(st, succ, maxs);
		for (size_t k = 0; k < ns; k++) {
			size_t j = index_of(g, succ[k]);
			if (!reach[j]) {
				reach[j] = true;
				stack[top++] = j;
			}
		}
	}
	ending_states(g, ends, succ, maxs, stack);
	for (size_t i = 0; i < n; i++) {
		const struct m_state *st = g->states[i];
		if (!reach[i])
			diag_error(st->loc, DIAG_STATE_UNREACHABLE, "state '%s' is unreachable: no transition leads to it",
				   st->name);
		else if (!ends[i])
			diag_error(st->loc, DIAG_STATE_NO_END, "no path from state '%s' ends; it loops forever", st->name);
	}
	free(reach);
	free(ends);
	free(stack);
	free(succ);
}

void wf_graph_build(struct wctx *c, const struct ast_block *b, struct m_graph *g, bool top)
{
	struct vec states = { 0 };
	bool complete = true;
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next) {
		if (!wf_is_state_item(it)) {
			if (!top)
				wf_unknown_branch_stmt(it);
			if (!top && it->kind != AI_STMT && it->kind != AI_WHEN)
				diag_error(it->loc, DIAG_BAD_STATEMENT, "a branch holds states only");
			continue;
		}
		struct m_state *st = wf_new_state(c, it);
		if (st)
			vec_push(c->s->a, &states, st);
		else
			complete = false;
	}
	g->states = (struct m_state **)arena_alloc(c->s->a, (states.n + 1) * sizeof *g->states);
	for (size_t i = 0; i < states.n; i++) {
		g->states[i] = states.items[i];
		g->states[i]->place = i;
	}
	g->n_states = states.n;
	g->start = states.n ? g->states[0] : NULL;
	/* A graph with a dropped state or a broken transition is not the graph
	 * the user meant: walking it would only report echoes of that error. */
	if (resolve_transitions(c, g) && complete)
		check_graph(c, g);
}

/* ---- workflows ---- */

/* A workflow's own attributes; also what `defaults { workflow { } }` may set. */
const char *const sema_workflow_attrs[] = {
	"description", "type", "timeout", "tracing", "logging", "log_retention", "kms_key", NULL
};

void sema_workflow_inputs(struct sema *s)
{
	for (size_t i = 0; i < s->m->n_rules; i++) {
		struct m_rule *r = s->m->rules[i];
		for (size_t t = 0; t < r->n_targets; t++) {
			struct m_target *tg = &r->targets[t];
			if (tg->kind != TGT_WORKFLOW || !tg->comp)
				continue;
			struct m_workflow *w = (struct m_workflow *)tg->comp;
			const char *ip = tg->input_path ? tg->input_path : "$";
			/* An input transformer makes an input of its own shape, so the
			 * events' fields say nothing about it; once unknown, it stays so. */
			bool transformed = tg->input_template || tg->input_paths.n;
			bool known = !w->input_path || strcmp(w->input_path, "(mixed)") != 0;
			if (!known || transformed ||
			    (w->n_input_events && strcmp(w->input_path ? w->input_path : "$", ip) != 0))
				w->input_path = "(mixed)";
			else
				w->input_path = tg->input_path;
			struct m_event **ev = arena_alloc(s->a, (w->n_input_events + r->n_events + 1) * sizeof *ev);
			size_t n = 0;
			for (size_t k = 0; k < w->n_input_events; k++)
				ev[n++] = w->input_events[k];
			for (size_t k = 0; k < r->n_events; k++) {
				bool dup = false;
				for (size_t j = 0; j < n; j++)
					dup |= ev[j] == r->events[k];
				if (!dup)
					ev[n++] = r->events[k];
			}
			w->input_events = ev;
			w->n_input_events = n;
		}
	}
}

void sema_workflow(struct sema *s, struct m_workflow *w, const struct ast_item *item)
{
	const char *const *attrs = sema_workflow_attrs;
	static const char *const types[] = { "standard", "express", NULL };
	static const char *const levels[] = { "ALL", "ERROR", "FATAL", "OFF", NULL };
	struct wctx c = { .s = s, .w = w };
	c.mixed_inputs = w->input_path && !strcmp(w->input_path, "(mixed)");
	wf_collect_written(&c, item->block);
	struct view v;
	view_open(s, &v, item->block, attrs, wf_state_kinds, "a workflow");
	view_set_defaults(&v, s->defaults_for[MK_WORKFLOW]);
	get_string(s, view_value(&v, "description"), "description", &w->c.description);
	const char *type = "standard";
	get_choice(s, view_value(&v, "type"), "workflow type", types, &type);
	w->express = type[0] == 'e';
	if (get_seconds(s, view_value(&v, "timeout"), "workflow timeout", 1, 31536000, DIAG_RANGE, &w->timeout_s) &&
	    w->express && w->timeout_s > 300)
		diag_error(view_attr(&v, "timeout")->value->loc, DIAG_EXPRESS_TASK,
			   "an express workflow runs at most 5m; timeout is %ds", w->timeout_s);
	get_bool(s, view_value(&v, "tracing"), "tracing", &w->tracing);
	w->log_level = "OFF";
	const struct ast_value *lv = view_value(&v, "logging");
	if (lv && (lv->kind == AV_STRING || lv->kind == AV_IDENT)) {
		bool ok = false;
		for (size_t i = 0; levels[i]; i++)
			if (!strcasecmp(levels[i], lv->u.str))
				ok = (w->log_level = levels[i]) != NULL;
		if (!ok) {
			const char *hint = misspell_suggest(lv->u.str, levels);
			diag_error(lv->loc, DIAG_WORKFLOW_LOG_LEVEL, "invalid workflow logging level '%s'%s%s%s", lv->u.str,
				   hint ? "; did you mean '" : "; expected ALL, ERROR, FATAL or OFF",
				   hint ? hint : "", hint ? "'?" : "");
		}
	} else if (lv) {
		diag_error(lv->loc, DIAG_TYPE, "logging is one of ALL, ERROR, FATAL, OFF");
	}
	w->log_retention_days = s->m->log_retention_days;
	const struct ast_value *lr = view_value(&v, "log_retention");
	if (lr)
		get_log_retention(s, lr, &w->log_retention_days);
	w->key = sema_component_key(s, &v);
	unsigned errors = diag_error_count();
	wf_graph_build(&c, item->block, &w->graph, true);
	/* the data flow follows transitions: only through a graph without errors */
	if (diag_error_count() == errors)
		wf_check_flow(&c);
	if (!wf_declares_states(item->block))
		diag_error(w->c.loc, DIAG_WORKFLOW_EMPTY, "workflow '%s' has no states", w->c.name);
}
