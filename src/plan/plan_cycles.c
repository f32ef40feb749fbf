/* plan_cycles.c - no resource waits for itself.
 *
 * The references between resources are the order CloudFormation and
 * Terraform create them in; a loop among them fails the deployment
 * (CloudFormation's "Circular dependency between resources", cfn-lint
 * E3004; Terraform's "Cycle"). The pattern makes one easily: a function
 * that starts a workflow whose task invokes the function (the function's
 * role names the state machine, the state machine the function, the
 * function its role).
 *
 * A loop is broken where AWS needs no order: an ARN in a role's policy
 * (IAM takes a policy naming a resource that does not exist yet) and then
 * any other ARN, built from the physical name the plan gives the resource
 * (arn:PARTITION:SERVICE:REGION:ACCOUNT:...NAME) rather than referred to.
 * What no name can stand for is reported, at the components that close
 * the loop. */
#include "plan_priv.h"

#include <string.h>

#include "diag.h"

/* The reference graph: for each resource (by plan order), the resources
 * its properties and DependsOn name. */
struct graph {
	struct arena *a;       /* its own, freed when the plan changes and at the end: the
	                        * plan's arena keeps none of it */
	const struct p_plan *p;
	size_t n;
	struct strmap *index;  /* ID -> size_t * (its plan position) */
	struct vec *edges;     /* per resource: size_t * */
	size_t *scc;           /* per resource: its strongly connected component */
	bool *looped;          /* per component: a loop (more than one member, or a self reference) */
	const struct pv *no_refs; /* the plan's tag list, when it names no resource: every
	                           * resource holds it, so it is not walked for each */
};

static size_t *pos_of(const struct graph *g, const char *id)
{
	return strmap_get(g->index, id);
}

static void collect(struct graph *g, size_t from, const struct pv *v)
{
	if (!v || v == g->no_refs)
		return;
	if (v->kind == PV_REF) {
		size_t *to = pos_of(g, v->s);
		if (to)
			vec_push(g->a, &g->edges[from], to);
		return;
	}
	for (size_t i = 0; i < v->items.n; i++)
		collect(g, from, v->items.items[i]);
}

/* Whether V holds a reference. */
static bool has_ref(const struct pv *v)
{
	if (!v)
		return false;
	if (v->kind == PV_REF)
		return true;
	for (size_t i = 0; i < v->items.n; i++)
		if (has_ref(v->items.items[i]))
			return true;
	return false;
}

static void graph_build(struct graph *g)
{
	g->n = g->p->resources.n;
	g->no_refs = has_ref(g->p->tags) ? NULL : g->p->tags;
	g->index = strmap_new(g->a);
	g->edges = arena_alloc(g->a, (g->n + 1) * sizeof *g->edges);
	for (size_t i = 0; i < g->n; i++) {
		const struct p_res *r = g->p->resources.items[i];
		size_t *pos = arena_alloc(g->a, sizeof *pos);
		*pos = i;
		strmap_put(g->index, r->id, pos);
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct p_res *r = g->p->resources.items[i];
		collect(g, i, r->props);
		collect(g, i, r->count_if);
		for (size_t d = 0; d < r->depends.n; d++) {
			size_t *to = pos_of(g, r->depends.items[d]);
			if (to)
				vec_push(g->a, &g->edges[i], to);
		}
	}
}

/* Tarjan's strongly connected components, without recursion: a plan of
 * thousands of chained components would otherwise be as deep. */
struct tarjan {
	size_t *index, *low, *stack, *work, *next_edge;
	bool *on_stack;
	size_t n_stack, n_work, counter, n_scc;
};

static void tarjan_visit(struct graph *g, struct tarjan *t, size_t root)
{
	t->work[t->n_work++] = root;
	while (t->n_work) {
		size_t v = t->work[t->n_work - 1];
		if (t->next_edge[v] == 0 && t->index[v] == 0) {
			t->index[v] = t->low[v] = ++t->counter;
			t->stack[t->n_stack++] = v;
			t->on_stack[v] = true;
		}
		if (t->next_edge[v] < g->edges[v].n) {
			size_t w = *(size_t *)g->edges[v].items[t->next_edge[v]++];
			if (t->index[w] == 0)
				t->work[t->n_work++] = w;
			else if (t->on_stack[w] && t->index[w] < t->low[v])
				t->low[v] = t->index[w];
			continue;
		}
		t->n_work--;
		if (t->n_work) {
			size_t parent = t->work[t->n_work - 1];
			if (t->low[v] < t->low[parent])
				t->low[parent] = t->low[v];
		}
		if (t->low[v] != t->index[v])
			continue;
		size_t members = 0, w;
		do {
			w = t->stack[--t->n_stack];
			t->on_stack[w] = false;
			g->scc[w] = t->n_scc;
			members++;
		} while (w != v);
		g->looped[t->n_scc++] = members > 1;
	}
}

static void graph_components(struct graph *g)
{
	size_t n = g->n + 1;
	struct tarjan t = { 0 };
	t.index = arena_alloc(g->a, n * sizeof *t.index);
	t.low = arena_alloc(g->a, n * sizeof *t.low);
	t.stack = arena_alloc(g->a, n * sizeof *t.stack);
	/* a resource is pushed once per edge that reaches it unvisited */
	size_t n_edges = 0;
	for (size_t i = 0; i < g->n; i++)
		n_edges += g->edges[i].n;
	t.work = arena_alloc(g->a, (n + n_edges) * sizeof *t.work);
	t.next_edge = arena_alloc(g->a, n * sizeof *t.next_edge);
	t.on_stack = arena_alloc(g->a, n * sizeof *t.on_stack);
	g->scc = arena_alloc(g->a, n * sizeof *g->scc);
	g->looped = arena_alloc(g->a, n * sizeof *g->looped);
	for (size_t i = 0; i < g->n; i++)
		if (t.index[i] == 0)
			tarjan_visit(g, &t, i);
	for (size_t i = 0; i < g->n; i++)
		for (size_t e = 0; e < g->edges[i].n; e++)
			if (*(size_t *)g->edges[i].items[e] == i)
				g->looped[g->scc[i]] = true;
}

static bool in_loop(const struct graph *g, size_t from, size_t to)
{
	return g->scc[from] == g->scc[to] && g->looped[g->scc[from]];
}

/* The property that holds R's physical name, as the plan set it. */
static struct pv *name_of(const struct p_res *r)
{
	static const char *const keys[PT_COUNT] = {
		[PT_LAMBDA_FUNCTION] = "FunctionName", [PT_STATE_MACHINE] = "StateMachineName",
		[PT_SQS_QUEUE] = "QueueName", [PT_SNS_TOPIC] = "TopicName", [PT_DYNAMODB_TABLE] = "TableName",
		[PT_EVENT_BUS] = "Name", [PT_EVENT_RULE] = "Name",
	};
	struct pv *name = keys[r->type] ? pv_get(r->props, keys[r->type]) : NULL;
	return name && name->kind == PV_NAME ? name : NULL;
}

static struct pv *named_arn(struct pb *b, const char *service, const char *head, const struct pv *name,
			    const char *tail)
{
	return name ? pb_arn(b, service, head, (struct pv *)name, tail) : NULL;
}

/* The ARN of R built from its physical name, or NULL where the plan
 * cannot know it (AWS's ARN formats, in each service's "Actions,
 * resources, and condition keys" page of the Service Authorization
 * Reference). */
struct pv *pb_arn_from_name(struct pb *b, const struct p_res *r)
{
	switch (r->type) {
	case PT_LAMBDA_FUNCTION:
		return named_arn(b, "lambda", "function:", pv_get(r->props, "FunctionName"), NULL);
	case PT_LAMBDA_ALIAS: {
		const struct pv *fn = pv_get(r->props, "FunctionName");
		const struct p_res *f = fn && fn->kind == PV_REF ? plan_find(b->p, fn->s) : NULL;
		const struct pv *alias = pv_get(r->props, "Name");
		if (!f || f->type != PT_LAMBDA_FUNCTION || !alias || alias->kind != PV_STR)
			return NULL;
		return named_arn(b, "lambda", "function:", pv_get(f->props, "FunctionName"),
				 F(b, ":%s", alias->s));
	}
	case PT_STATE_MACHINE:
		return named_arn(b, "states", "stateMachine:", pv_get(r->props, "StateMachineName"), NULL);
	case PT_SQS_QUEUE:
		return named_arn(b, "sqs", "", pv_get(r->props, "QueueName"), NULL);
	case PT_SNS_TOPIC:
		return named_arn(b, "sns", "", pv_get(r->props, "TopicName"), NULL);
	case PT_DYNAMODB_TABLE:
		return named_arn(b, "dynamodb", "table/", pv_get(r->props, "TableName"), NULL);
	case PT_EVENT_BUS:
		return named_arn(b, "events", "event-bus/", pv_get(r->props, "Name"), NULL);
	case PT_EVENT_RULE: {
		const struct m_rule *rule = r->comp && r->comp->kind == MK_RULE ? (const struct m_rule *)r->comp : NULL;
		struct pv *name = name_of(r);
		return rule && name ? pb_rule_arn(b, rule->bus ? &rule->bus->c : NULL, name) : NULL;
	}
	default:
		return NULL;
	}
}

/* Replaces, below V of resource FROM, each reference that closes a loop
 * and that a name can stand for (an ARN, a physical name) by the value
 * built from the name; returns how many. */
static size_t unloop(struct pb *b, const struct graph *g, size_t from, struct pv *v)
{
	if (!v)
		return 0;
	if (v->kind == PV_REF) {
		size_t *to = pos_of(g, v->s);
		if (!to || !in_loop(g, from, *to))
			return 0;
		const struct p_res *r = g->p->resources.items[*to];
		struct pv *known = v->attr == PA_ARN ? pb_arn_from_name(b, r) : v->attr == PA_NAME ? name_of(r) : NULL;
		if (!known)
			return 0;
		*v = *known; /* the same node may stand in other places: all mean this value */
		return 1;
	}
	size_t n = 0;
	for (size_t i = 0; i < v->items.n; i++)
		n += unloop(b, g, from, v->items.items[i]);
	return n;
}

/* The graph of the plan as it is now: G, built again only when a pass
 * changed the plan since (most plans have no loop, and building the
 * graph walks every value: once, not once per pass). */
static void fresh_graph(struct pb *b, struct graph *g, bool *stale)
{
	if (g->a && !*stale)
		return;
	if (g->a)
		arena_free(g->a);
	*g = (struct graph){ .a = arena_new(), .p = b->p };
	graph_build(g);
	graph_components(g);
	*stale = false;
}

/* One pass. ROLES_ONLY: every reference in a role's policy that closes a
 * loop (IAM needs no order). Else the first resource of each loop, in plan
 * order, that has such a reference, so that the rest keep their order (a
 * function's environment naming a workflow whose definition invokes it
 * gives up its reference; the definition keeps its). */
static size_t break_pass(struct pb *b, struct graph *g, bool *stale, bool roles_only)
{
	fresh_graph(b, g, stale);
	bool *broken = arena_alloc(g->a, (g->n + 1) * sizeof *broken);
	size_t n = 0;
	for (size_t i = 0; i < g->n; i++) {
		struct p_res *r = b->p->resources.items[i];
		size_t c = g->scc[i];
		if (!g->looped[c] || broken[c] || (roles_only && r->type != PT_IAM_ROLE))
			continue;
		size_t k = unloop(b, g, i, r->props);
		broken[c] = k && !roles_only;
		n += k;
	}
	*stale = n > 0;
	return n;
}

/* What is left: each loop once, at its first component, with a note at
 * each of the others. */
static void report(struct pb *b, struct graph *g, bool *stale)
{
	fresh_graph(b, g, stale);
	bool *told = arena_alloc(g->a, (g->n + 1) * sizeof *told);
	for (size_t i = 0; i < g->n; i++) {
		const struct p_res *r = b->p->resources.items[i];
		size_t c = g->scc[i];
		if (!g->looped[c] || told[c])
			continue;
		told[c] = true;
		diag_error(r->loc, DIAG_RESOURCE_CYCLE,
			   "%s '%s' needs itself to be deployed first: its resources refer to each other in a loop",
			   r->comp ? model_kind_name(r->comp->kind) : "resource", r->comp ? r->comp->name : r->id);
		for (size_t j = i + 1; j < g->n; j++) {
			const struct p_res *o = b->p->resources.items[j];
			if (g->scc[j] == c && o->comp && o->comp != r->comp)
				diag_note(o->loc, "%s '%s' is part of the loop (%s %s)", model_kind_name(o->comp->kind),
					  o->comp->name, plan_type_name(o->type), o->id);
		}
	}
}

void plan_break_cycles(struct pb *b)
{
	struct graph g = { 0 };
	bool stale = true;
	while (break_pass(b, &g, &stale, true))
		;
	while (break_pass(b, &g, &stale, false))
		;
	report(b, &g, &stale);
	arena_free(g.a);
}
