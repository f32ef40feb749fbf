/* cfn_order.c - the order nested stacks are cut in: the references
 * between a template's resources, grouped by component and sorted
 * topologically, then cut into chunks CloudFormation accepts. */
#include "cfn_split_priv.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- references ---- */

/* ${Name} and ${Name.Attr} in an Fn::Sub string. */
void cfn_sub_refs(const char *s, ref_fn fn, void *ctx)
{
	for (const char *p = strstr(s, "${"); p; p = strstr(p + 2, "${")) {
		if (p[2] == '!')
			continue;
		const char *end = strchr(p, '}');
		if (!end)
			return;
		char name[256];
		size_t len = (size_t)(end - p - 2);
		if (len >= sizeof name)
			continue;
		memcpy(name, p + 2, len);
		name[len] = '\0';
		char *dot = strchr(name, '.');
		if (dot)
			*dot = '\0';
		fn(ctx, name, dot ? dot + 1 : NULL);
	}
}

void cfn_walk_refs(const json_t *x, ref_fn fn, void *ctx)
{
	if (json_is_object(x)) {
		json_t *arg = NULL;
		const char *f = cfn_function(x, &arg);
		if (cfn_is(f, "Ref") && json_is_string(arg))
			fn(ctx, json_string_value(arg), NULL);
		if (cfn_is(f, "Fn::GetAtt") && json_is_array(arg) && json_array_size(arg) == 2)
			fn(ctx, json_string_value(json_array_get(arg, 0)), json_string_value(json_array_get(arg, 1)));
		if (cfn_is(f, "Fn::Sub") && json_is_string(arg))
			cfn_sub_refs(json_string_value(arg), fn, ctx);
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)x, k, v)
			cfn_walk_refs(v, fn, ctx);
	} else if (json_is_array(x)) {
		size_t i;
		json_t *v;
		json_array_foreach(x, i, v)
			cfn_walk_refs(v, fn, ctx);
	}
}

/* ---- dependency order ---- */

struct deps_ctx {
	const struct splitter *s;
	size_t self;
	size_t **edges;   /* per resource: what it references */
	size_t *nedges, *capedges;
};

static void add_dep(void *vctx, const char *id, const char *attr)
{
	struct deps_ctx *c = vctx;
	(void)attr;
	if (!id)
		return;
	long p = position(c->s, id);
	if (p < 0 || (size_t)p == c->self)
		return;
	size_t i = c->self;
	if (c->nedges[i] == c->capedges[i]) {
		c->capedges[i] = c->capedges[i] ? c->capedges[i] * 2 : 4;
		c->edges[i] = xrealloc(c->edges[i], c->capedges[i] * sizeof **c->edges);
	}
	c->edges[i][c->nedges[i]++] = (size_t)p;
}

/* The order of the resources, then the cut into chunks.
 *
 * Resources are grouped by the component that owns them (OWNERS: id ->
 * group; a queue's DLQ, policy and alarms go with the queue). Groups are
 * ranked depth-first, dependencies first, starting from the groups at the
 * end of the template (rules, workflows: the users) and going backwards,
 * so each group stands next to what it needs. The resources are then
 * sorted topologically, taking among the ready ones the lowest rank: the
 * order follows the groups wherever the dependencies allow, and never
 * breaks one (groups may depend on each other in a circle: a topic and
 * the queue it feeds). The cut follows the order: a chunk ends at
 * PER_STACK resources, before its resources would take more than
 * CHUNK_BYTES written (a dashboard is a quarter of a megabyte), or before
 * it would import from more than MAX_IMPORTS resources of earlier chunks.
 * When a chunk cut so would export more than a stack's 200 outputs (a
 * role that reads 150 queues, a function their URLs), the cut is made
 * again, a chunk also ending before what later chunks and the template's
 * outputs may read of it would pass 200 (counted before they are cut, as
 * if none of its readers were in it: at most what it exports); the first
 * cut stands wherever it fits, as it packs the stacks tighter.
 * CHUNK_BYTES leaves room below CloudFormation's 1,000,000 bytes for the
 * child's parameters and outputs (at most 200 each, a few hundred bytes
 * apiece). */
#define MAX_IMPORTS 90
#define CHUNK_BYTES 800000

enum { WHITE, GRAY, BLACK };

static void heap_push(size_t *h, size_t *n, size_t v, const size_t *key)
{
	size_t i = (*n)++;
	h[i] = v;
	while (i && key[h[(i - 1) / 2]] > key[h[i]]) {
		size_t t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static size_t heap_pop(size_t *h, size_t *n, const size_t *key)
{
	size_t top = h[0];
	h[0] = h[--*n];
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < *n && key[h[l]] < key[h[m]])
			m = l;
		if (r < *n && key[h[r]] < key[h[m]])
			m = r;
		if (m == i)
			break;
		size_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
	return top;
}

/* Ranks groups depth-first; RANK gets each group's place. */
static void rank_groups(size_t ngroups, size_t **gedges, const size_t *ngedges, size_t *rank)
{
	unsigned char *color = xcalloc(ngroups, 1);
	size_t *stack = xcalloc(ngroups, sizeof *stack), *next = xcalloc(ngroups, sizeof *next);
	size_t done = 0;
	for (size_t root = ngroups; root-- > 0;) {
		if (color[root] != WHITE)
			continue;
		size_t top = 0;
		stack[top++] = root;
		color[root] = GRAY;
		while (top) {
			size_t g = stack[top - 1];
			if (next[g] < ngedges[g]) {
				size_t d = gedges[g][next[g]++];
				if (color[d] == WHITE) {
					color[d] = GRAY;
					stack[top++] = d;
				}
				continue;
			}
			color[g] = BLACK;
			rank[g] = done++;
			top--;
		}
	}
	free(color);
	free(stack);
	free(next);
}

static void push_edge(size_t **e, size_t *n, size_t *cap, size_t v)
{
	for (size_t i = 0; i < *n; i++)
		if ((*e)[i] == v)
			return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		*e = xrealloc(*e, *cap * sizeof **e);
	}
	(*e)[(*n)++] = v;
}

/* What each resource references: its Properties' Ref, GetAtt and Sub, and
 * its DependsOn, as they were found when it was measured. */
static void reference_edges(struct splitter *s, struct deps_ctx *c)
{
	c->edges = xcalloc(s->n, sizeof *c->edges);
	c->nedges = xcalloc(s->n, sizeof *c->nedges);
	c->capedges = xcalloc(s->n, sizeof *c->capedges);
	for (size_t i = 0; i < s->n; i++) {
		c->self = i;
		const struct cfn_ref *r;
		vec_foreach(const struct cfn_ref *, r, &s->refs[i])
			add_dep(c, r->id, NULL);
	}
}

/* Each resource's group (its owner, else itself), the groups numbered in
 * order of first appearance; NGROUPS gets their count. */
static size_t *group_resources(const struct splitter *s, size_t *ngroups)
{
	struct strmap *gindex = strmap_new(s->a); /* owner -> group, plus one */
	const char *const *owners = s->src->owners;
	size_t *group = xcalloc(s->n, sizeof *group);
	*ngroups = 0;
	for (size_t i = 0; i < s->n; i++) {
		const char *owner = owners && owners[i] ? owners[i] : s->ids[i];
		uintptr_t g = (uintptr_t)strmap_get(gindex, owner);
		if (!g) {
			g = ++*ngroups;
			strmap_put(gindex, owner, (void *)g);
		}
		group[i] = g - 1;
	}
	return group;
}

/* The rank of each group: the resources' edges between groups, ranked
 * depth-first by rank_groups(). */
static size_t *rank_resource_groups(const struct splitter *s, const struct deps_ctx *c, const size_t *group,
				    size_t ngroups)
{
	size_t **gedges = xcalloc(ngroups, sizeof *gedges), *ngedges = xcalloc(ngroups, sizeof *ngedges);
	size_t *gcap = xcalloc(ngroups, sizeof *gcap);
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < c->nedges[i]; k++)
			if (group[c->edges[i][k]] != group[i])
				push_edge(&gedges[group[i]], &ngedges[group[i]], &gcap[group[i]], group[c->edges[i][k]]);
	size_t *rank = xcalloc(ngroups, sizeof *rank);
	rank_groups(ngroups, gedges, ngedges, rank);
	for (size_t g = 0; g < ngroups; g++)
		free(gedges[g]);
	free(gedges);
	free(ngedges);
	free(gcap);
	return rank;
}

/* Kahn's algorithm, taking among the ready resources the lowest KEY.
 * Returns how many resources ORDER holds: fewer than all on a cycle. */
static size_t topological_order(const struct splitter *s, const struct deps_ctx *c, const size_t *key,
				size_t *order)
{
	size_t **users = xcalloc(s->n, sizeof *users), *nusers = xcalloc(s->n, sizeof *nusers);
	size_t *indeg = xcalloc(s->n, sizeof *indeg);
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < c->nedges[i]; k++)
			nusers[c->edges[i][k]]++;
	for (size_t i = 0; i < s->n; i++) {
		users[i] = xcalloc(nusers[i], sizeof **users);
		nusers[i] = 0;
	}
	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; k < c->nedges[i]; k++) {
			size_t d = c->edges[i][k];
			users[d][nusers[d]++] = i;
			indeg[i]++;
		}
	}
	size_t *heap = xcalloc(s->n, sizeof *heap), nheap = 0, done = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!indeg[i])
			heap_push(heap, &nheap, i, key);
	while (nheap) {
		size_t i = heap_pop(heap, &nheap, key);
		order[done++] = i;
		for (size_t k = 0; k < nusers[i]; k++)
			if (--indeg[users[i][k]] == 0)
				heap_push(heap, &nheap, users[i][k], key);
	}
	for (size_t i = 0; i < s->n; i++)
		free(users[i]);
	free(users);
	free(nusers);
	free(indeg);
	free(heap);
	return done;
}

/* What other stacks read of each resource: an output for each of its
 * attributes another resource reads (a Ref its own), and one for each of
 * the template's outputs that names it. CUT: only readers in other
 * chunks count, and the outputs are counted for each chunk (indexed by
 * chunk); else every reader counts, for each resource (by position). */
struct exports_ctx {
	const struct splitter *s;
	size_t *outs;
	struct strmap *seen; /* "ID ATTR" read already */
	size_t self;         /* the reader, or (size_t)-1 for a template output */
	bool cut;
};

static void count_export(void *vctx, const char *id, const char *attr)
{
	struct exports_ctx *x = vctx;
	long p = id ? position(x->s, id) : -1;
	bool output = x->self == (size_t)-1;
	if (p < 0 || (size_t)p == x->self || (x->cut && !output && x->s->chunk[p] == x->s->chunk[x->self]))
		return;
	const char *key = arena_printf(x->s->a, "%s %s", id, attr ? attr : "");
	if (!output && strmap_get(x->seen, key))
		return;
	strmap_put(x->seen, key, (void *)key);
	x->outs[x->cut ? x->s->chunk[p] : (size_t)p]++;
}

static size_t *count_exports(const struct splitter *s, bool cut)
{
	struct exports_ctx x = { s, xcalloc(s->n ? s->n : 1, sizeof *x.outs), strmap_new(s->a), 0, cut };
	for (x.self = 0; x.self < s->n; x.self++)
		for (size_t k = 0; k < s->refs[x.self].n; k++) {
			const struct cfn_ref *r = s->refs[x.self].items[k];
			if (!r->depends)
				count_export(&x, r->id, r->attr);
		}
	x.self = (size_t)-1;
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(s->t, "Outputs"), k, v)
		cfn_walk_refs(json_object_get(v, "Value"), count_export, &x);
	return x.outs;
}

/* The cut: the first DONE resources of ORDER into chunks of at most
 * PER_STACK, each importing from at most MAX_IMPORTS resources of earlier
 * chunks; with OUTS (what each resource may export), each exporting at
 * most CFN_MAX_OUTPUTS values. */
static void cut_chunks(struct splitter *s, const struct deps_ctx *c, const size_t *order, size_t done,
		       size_t per_stack, const size_t *outs)
{
	size_t chunk = 0, in_chunk = 0, chunk_bytes = 0, chunk_outs = 0;
	json_t *imported = json_object();
	for (size_t n = 0; n < done; n++) {
		size_t r = order[n], fresh = 0;
		for (size_t k = 0; k < c->nedges[r]; k++) {
			size_t d = c->edges[r][k];
			if (s->chunk[d] != chunk && !json_object_get(imported, s->ids[d]))
				fresh++;
		}
		if (in_chunk && (in_chunk == per_stack || json_object_size(imported) + fresh > MAX_IMPORTS ||
				 chunk_bytes + s->bytes[r] > CHUNK_BYTES || (outs && chunk_outs + outs[r] > CFN_MAX_OUTPUTS))) {
			chunk++;
			in_chunk = 0;
			chunk_bytes = 0;
			chunk_outs = 0;
			json_object_clear(imported);
		}
		s->chunk[r] = chunk;
		in_chunk++;
		chunk_bytes += s->bytes[r];
		chunk_outs += outs ? outs[r] : 0;
		for (size_t k = 0; k < c->nedges[r]; k++) {
			size_t d = c->edges[r][k];
			if (s->chunk[d] != chunk)
				json_object_set_new(imported, s->ids[d], json_true());
		}
	}
	s->nchunks = done ? chunk + 1 : 0;
	json_decref(imported);
}

/* Whether a chunk of S's cut exports more than a stack may. */
static bool exports_past_limit(const struct splitter *s)
{
	size_t *outs = count_exports(s, true);
	bool past = false;
	for (size_t i = 0; i < s->nchunks && !past; i++)
		past = outs[i] > CFN_MAX_OUTPUTS;
	free(outs);
	return past;
}

bool cfn_dependency_order(struct splitter *s, size_t *order, size_t per_stack)
{
	struct deps_ctx c = { .s = s };
	reference_edges(s, &c);
	size_t ngroups;
	size_t *group = group_resources(s, &ngroups);
	size_t *rank = rank_resource_groups(s, &c, group, ngroups);
	/* key: group rank first, then template order */
	size_t *key = xcalloc(s->n, sizeof *key);
	for (size_t i = 0; i < s->n; i++)
		key[i] = rank[group[i]] * s->n + i;
	size_t done = topological_order(s, &c, key, order);
	free(key);
	free(rank);
	free(group);
	cut_chunks(s, &c, order, done, per_stack, NULL);
	if (exports_past_limit(s)) {
		size_t *outs = count_exports(s, false);
		cut_chunks(s, &c, order, done, per_stack, outs);
		free(outs);
	}
	for (size_t i = 0; i < s->n; i++)
		free(c.edges[i]);
	free(c.edges);
	free(c.nedges);
	free(c.capedges);
	return done == s->n;
}

