/* plan_merge.c - the environments' plans as one. The same code built each
 * of them, so they have the same resources in the same order but where a
 * resource exists in some environments only, and the same values but for
 * those that come from the environments' variables. Equal values stay as
 * they are; values that differ become PV_ENVS nodes, as deep in the tree
 * as the environments still agree on its shape.
 *
 * The first environment's plan is in the merged plan's arena, and most of
 * the merged plan is its nodes, shared. The plans of the others are in
 * arenas of their own, freed once merged (plan_pattern): whatever the
 * merged plan keeps of them, nodes and texts, is copied here, so that
 * nothing merge returns points into them. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

struct merge {
	struct arena *a;
	size_t n;
	const bool *care;  /* the environments that have the value at hand */
	/* Every resource's Tags are each environment's one list (pb_tags):
	 * merged once, and the merged list shared by every resource that has
	 * them in every environment, as each environment's plan shares it. */
	struct pv *const *tags_in;
	struct pv *tags_out;
	struct scratch *scratch;
	/* the merge's own, freed with it: the first environment's names whose
	 * texts it has made one per environment, in place (merge_texts), and
	 * the resources union_order has placed */
	struct arena *named;
	struct kids *kids;
	/* merge_resource's working room, N of each, for every resource */
	struct pv **resource_vals; /* props, counts, deletions, hashes */
	bool *resource_care;
	/* each environment's plan arena, which is freed after the merge */
	struct arena_span **spans;
	size_t *n_spans;
};

/* Each container's children of the environments, the one at hand in each,
 * a row for each depth of the merge: kept for the next container at that
 * depth, where one in the plan's arena for each container was a tenth of
 * what a merge added to it. A row never moves while it is in use (the
 * merges below read their VALS from it). */
struct kids {
	struct pv ***rows;
	size_t depth, cap;
};

static struct pv **kids_take(struct merge *mg)
{
	struct kids *k = mg->kids;
	if (k->depth == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 16;
		k->rows = xrealloc(k->rows, k->cap * sizeof *k->rows);
		memset(k->rows + k->depth, 0, (k->cap - k->depth) * sizeof *k->rows);
	}
	if (!k->rows[k->depth])
		k->rows[k->depth] = xmalloc(mg->n * sizeof **k->rows);
	return k->rows[k->depth++];
}

static void kids_give(struct merge *mg)
{
	mg->kids->depth--;
}

static void kids_free(struct kids *k)
{
	for (size_t i = 0; i < k->cap; i++)
		free(k->rows[i]);
	free(k->rows);
}

/* One stack of working room for every merge of a plan: each container's
 * merged children and keys, above those of the containers it is in. An
 * allocation and a free per container were a twentieth of a check. */
struct scratch {
	void **items;
	size_t top, cap;
};

/* N slots from the top; an index, as deeper merges may move the stack. */
static size_t scratch_take(struct scratch *s, size_t n)
{
	if (s->cap - s->top < n) {
		while (s->cap - s->top < n)
			s->cap = s->cap ? 2 * s->cap : 256;
		s->items = xrealloc(s->items, s->cap * sizeof *s->items);
	}
	size_t at = s->top;
	s->top += n;
	return at;
}

/* Whether VALS are the environments' own tag lists, all of them. */
static bool plan_tags(const struct merge *mg, struct pv *const *vals)
{
	if (!mg->tags_out || vals[0] != mg->tags_in[0])
		return false;
	for (size_t k = 0; k < mg->n; k++)
		if (!mg->care[k] || vals[k] != mg->tags_in[k])
			return false;
	return true;
}

static struct pv *merge(struct merge *mg, struct pv **vals);

/* Text S of environment K's plan, in the merged plan's arena when it is
 * in K's plan arena (a later environment's, freed after the merge); one
 * that outlives it (a key, a literal, a name of K's model) as it is. */
static const char *keep(const struct merge *mg, const char *s, size_t k)
{
	return k && s && arena_spans_hold(mg->spans[k], mg->n_spans[k], s) ? arena_strdup(mg->a, s) : s;
}

/* C, a copy of environment K's node V: its text, hint and a secret's key
 * its own past the first environment (its items are the caller's, and so
 * are a map's keys, which live beside them). */
static void own_texts(const struct merge *mg, struct pv *c, const struct pv *v, size_t k)
{
	c->s = keep(mg, v->s, k);
	c->hint = keep(mg, v->hint, k);
	if (v->kind == PV_SECRET)
		c->key = keep(mg, v->key, k);
}

/* A copy of environment K's value V that reads as a merged plan's: the
 * texts of its names and known references indexed by environment, and
 * past the first environment every text its own. */
static struct pv *relocate(struct merge *mg, const struct pv *v, size_t k)
{
	if (!v)
		return NULL;
	struct pv *c = arena_alloc(mg->a, sizeof *c);
	*c = *v;
	c->shared = false; /* a copy of its own, filled below, that stands only here */
	own_texts(mg, c, v, k);
	if ((v->kind == PV_NAME || v->kind == PV_REF) && v->texts) {
		c->texts = arena_alloc(mg->a, mg->n * sizeof *c->texts);
		c->texts[k] = keep(mg, v->texts[0], k);
	}
	memset(&c->items, 0, sizeof c->items);
	for (size_t i = 0; i < v->items.n; i++)
		pv_append(mg->a, c, relocate(mg, v->items.items[i], k), v->kind == PV_MAP ? keep(mg, pv_key(v, i), k) : NULL);
	return c;
}

static struct pv *envs_node(struct merge *mg, struct pv **vals)
{
	struct pv *e = arena_alloc(mg->a, sizeof *e);
	e->kind = PV_ENVS;
	for (size_t k = 0; k < mg->n; k++) {
		struct pv *v = mg->care[k] ? relocate(mg, vals[k], k) : NULL;
		if (v && !e->hint)
			e->hint = v->hint;
		vec_push(mg->a, &e->items, v);
	}
	return e;
}

/* Texts of names and known references, one per environment. */
static const char **texts_of(struct merge *mg, struct pv **vals)
{
	const char **t = arena_alloc(mg->a, mg->n * sizeof *t);
	for (size_t k = 0; k < mg->n; k++)
		t[k] = mg->care[k] && vals[k] && vals[k]->texts ? keep(mg, vals[k]->texts[0], k) : NULL;
	return t;
}

/* A container whose merged children are all the first environment's own
 * is that environment's node, shared rather than copied: most of a plan
 * agrees across environments, and copying it doubled the plan's memory. */
static struct pv *merge_items(struct merge *mg, struct pv **vals, struct pv *first, size_t kf)
{
	size_t n = first->items.n, at = scratch_take(mg->scratch, n);
	struct pv **kids = kids_take(mg);
	bool shared = kf == 0; /* a later environment's node is never kept */
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < mg->n; k++)
			kids[k] = mg->care[k] ? vals[k]->items.items[i] : NULL;
		struct pv *m = merge(mg, kids);
		mg->scratch->items[at + i] = m;
		shared = shared && m == first->items.items[i];
	}
	kids_give(mg);
	struct pv *out = first;
	if (!shared) {
		out = arena_alloc(mg->a, sizeof *out);
		*out = *first;
		own_texts(mg, out, first, kf);
		memset(&out->items, 0, sizeof out->items);
		for (size_t i = 0; i < n; i++)
			vec_push(mg->a, &out->items, mg->scratch->items[at + i]);
	}
	mg->scratch->top = at;
	return out;
}

static bool has_key(void *const *keys, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (pv_key_equal(keys[i], key))
			return true;
	return false;
}

/* Whether every environment's map has FIRST's keys in FIRST's order, as
 * the same code made them: then key I of each is its item I, and no key
 * need be looked for (which cost the keys' number squared). */
static bool same_keys(const struct merge *mg, struct pv **vals, const struct pv *first)
{
	for (size_t k = 0; k < mg->n; k++) {
		if (!mg->care[k] || vals[k] == first)
			continue;
		if (vals[k]->items.n != first->items.n)
			return false;
		for (size_t i = 0; i < first->items.n; i++)
			if (!pv_key_equal(pv_key(vals[k], i), pv_key(first, i)))
				return false;
	}
	return true;
}

/* Maps merge key by key: a key some environments lack is absent there.
 * The first environment's keys come first, in its order, so a map whose
 * keys and merged values are all its own is shared (as in merge_items). */
static struct pv *merge_maps(struct merge *mg, struct pv **vals, struct pv *first, size_t kf)
{
	size_t cap = 1, n = 0;
	for (size_t k = 0; k < mg->n; k++)
		cap += mg->care[k] ? vals[k]->items.n : 0;
	/* the keys from AT, their merged values from AT + CAP */
	struct scratch *sc = mg->scratch;
	size_t at = scratch_take(sc, 2 * cap);
	struct pv **kids = kids_take(mg);
	bool same = same_keys(mg, vals, first);
	for (; same && n < first->items.n; n++) {
		for (size_t j = 0; j < mg->n; j++)
			kids[j] = mg->care[j] ? vals[j]->items.items[n] : NULL;
		sc->items[at + n] = (void *)keep(mg, pv_key(first, n), kf);
		struct pv *m = merge(mg, kids);
		sc->items[at + cap + n] = m;
	}
	for (size_t k = 0; k < mg->n && !same; k++) {
		if (!mg->care[k])
			continue;
		for (size_t i = 0; i < vals[k]->items.n; i++) {
			const char *key = pv_key(vals[k], i);
			if (has_key(sc->items + at, n, key))
				continue;
			for (size_t j = 0; j < mg->n; j++)
				kids[j] = mg->care[j] ? pv_get(vals[j], key) : NULL;
			sc->items[at + n] = (void *)keep(mg, key, k);
			struct pv *m = merge(mg, kids);
			sc->items[at + cap + n++] = m;
		}
	}
	kids_give(mg);
	bool shared = kf == 0 && n == first->items.n;
	for (size_t i = 0; i < n && shared; i++)
		shared = sc->items[at + cap + i] == first->items.items[i];
	struct pv *out = first;
	if (!shared) {
		out = pv_map(mg->a);
		out->hint = keep(mg, first->hint, kf);
		for (size_t i = 0; i < n; i++)
			pv_set(mg->a, out, sc->items[at + i], sc->items[at + cap + i]);
	}
	sc->top = at;
	return out;
}

/* Whether the values can merge below their top: same kind and shape. */
static bool same_shape(struct merge *mg, struct pv **vals, struct pv *first)
{
	for (size_t k = 0; k < mg->n; k++) {
		const struct pv *v = mg->care[k] ? vals[k] : first;
		if (!v || v->kind != first->kind)
			return false;
		switch (first->kind) {
		case PV_LIST:
		case PV_JOIN:
			if (v->items.n != first->items.n)
				return false;
			break;
		case PV_DOC:
			if (v->b != first->b)
				return false;
			break;
		case PV_NAME:
			if (v->max != first->max || strcmp(v->s, first->s))
				return false;
			break;
		case PV_REF:
			if (v->attr != first->attr || strcmp(v->s, first->s) || !v->texts != !first->texts)
				return false;
			break;
		case PV_MAP:
			break;
		default:
			return false; /* scalars that differ */
		}
	}
	return true;
}

/* Containers are compared by merging their children, so each node is
 * looked at once: a whole-subtree comparison at every level would cost
 * the tree's size times its depth. */
static bool container(const struct pv *v)
{
	return v->kind == PV_MAP || v->kind == PV_LIST || v->kind == PV_JOIN || v->kind == PV_DOC ||
	       v->kind == PV_NAME || (v->kind == PV_REF && v->texts);
}

static bool same_texts(const struct merge *mg, const char *const *a, const char *const *b)
{
	for (size_t k = 0; k < mg->n; k++)
		if (!a[k] != !b[k] || (a[k] && strcmp(a[k], b[k])))
			return false;
	return true;
}

/* Whether FIRST may stand for TEXTS: it takes them when no place has,
 * else holds the same. The memo's tag is the table's own, not the merge
 * state's (a struct on the stack of each resource's merge). */
static bool take_texts(struct merge *mg, struct pv *first, const char **texts)
{
	const char **taken = arena_memo_get_ptr(mg->named, mg->named, first);
	if (!taken) {
		arena_memo_put_ptr(mg->named, mg->named, first, texts);
		first->texts = texts;
		return true;
	}
	return same_texts(mg, taken, texts);
}

/* A name, or a reference whose value is known, of the same suffix in every
 * environment: its texts one per environment. The first environment's
 * node takes them itself, so that nothing that holds it is copied (each
 * name would copy its resource's properties and every container on the
 * way down: most of what a merge made). A node that stands in two places
 * is taken once; where its texts would differ, the second place gets a
 * copy. */
static struct pv *merge_texts(struct merge *mg, struct pv **vals, struct pv *first, size_t kf)
{
	const char **texts = first->texts ? texts_of(mg, vals) : NULL;
	if (kf == 0 && texts && take_texts(mg, first, texts))
		return first;
	struct pv *out = arena_alloc(mg->a, sizeof *out);
	*out = *first;
	own_texts(mg, out, first, kf);
	out->texts = texts;
	return out;
}

static struct pv *merge(struct merge *mg, struct pv **vals)
{
	if (plan_tags(mg, vals))
		return mg->tags_out;
	struct pv *first = NULL;
	size_t kf = 0; /* the environment FIRST is of */
	for (size_t k = 0; k < mg->n && !first; k++)
		if (mg->care[k] && vals[k])
			first = vals[k], kf = k;
	if (!first)
		return NULL;
	if (!container(first)) {
		bool equal = true;
		for (size_t k = 0; k < mg->n && equal; k++)
			equal = !mg->care[k] || (vals[k] && pv_equal(vals[k], first));
		if (equal)
			return kf ? relocate(mg, first, kf) : first;
	}
	if (!same_shape(mg, vals, first))
		return envs_node(mg, vals);
	switch (first->kind) {
	case PV_MAP:
		return merge_maps(mg, vals, first, kf);
	case PV_NAME:
	case PV_REF:
		return merge_texts(mg, vals, first, kf);
	default:
		return merge_items(mg, vals, first, kf);
	}
}

/* ---- resources ---- */

/* The resources of every plan in one order: the first plan's, with those
 * it lacks placed after the resource that precedes them where they are.
 * The first plan's are the merged plan's own, to be merged in place (a
 * copy of each was 5 MB of a 1,000-chain plan), and so is their list;
 * one of a later plan's only is a copy that takes nothing of that plan
 * but its names. */
static void union_order(const struct merge *mg, struct p_plan *out, struct p_plan *const *plans)
{
	struct vec order = plans[0]->resources;
	memset(&plans[0]->resources, 0, sizeof plans[0]->resources); /* the merged plan's now */
	/* placed already: the first plan's (its index) and those added here;
	 * one that is neither is not looked for in the order, which cost
	 * each of them the order's length */
	struct strmap *added = strmap_new(mg->named);
	for (size_t k = 1; k < mg->n; k++) {
		size_t at = 0;
		for (size_t i = 0; i < plans[k]->resources.n; i++) {
			struct p_res *r = plans[k]->resources.items[i];
			size_t pos = 0;
			bool found = false, placed = plan_find(plans[0], r->id) || strmap_get(added, r->id);
			for (size_t j = at; placed && j < order.n && !found; j++)
				if (!strcmp(((struct p_res *)order.items[j])->id, r->id))
					found = true, pos = j;
			for (size_t j = 0; placed && j < at && !found; j++)
				if (!strcmp(((struct p_res *)order.items[j])->id, r->id))
					found = true, pos = j;
			if (!found) { /* a resource of environment K's only: its texts copied */
				struct p_res *c = arena_alloc(out->a, sizeof *c);
				c->id = keep(mg, r->id, k);
				c->type = r->type;
				c->comp = r->comp;
				c->part = keep(mg, r->part, k);
				c->peer = keep(mg, r->peer, k);
				vec_push(out->a, &order, NULL);
				memmove(&order.items[at + 1], &order.items[at], (order.n - at - 1) * sizeof order.items[0]);
				order.items[at] = c;
				strmap_put(added, c->id, c);
				pos = at;
			}
			at = pos + 1;
		}
	}
	out->resources = order;
}

static void add_dependency(const struct merge *mg, struct p_res *r, const char *on, size_t k)
{
	for (size_t i = 0; i < r->depends.n; i++)
		if (!strcmp(r->depends.items[i], on))
			return;
	vec_push(mg->a, &r->depends, (void *)keep(mg, on, k));
}

static void merge_resource(struct merge *mg, struct p_res *r, struct p_plan *const *plans)
{
	struct pv **props = mg->resource_vals, **counts = props + mg->n, **deletions = counts + mg->n;
	struct pv **hashes = deletions + mg->n;
	bool *care = mg->resource_care;
	r->present = arena_alloc(mg->a, mg->n * sizeof *r->present);
	for (size_t k = 0; k < mg->n; k++) {
		const struct p_res *x = plan_find(plans[k], r->id);
		care[k] = r->present[k] = x != NULL;
		props[k] = x ? x->props : NULL;
		counts[k] = x ? x->count_if : NULL;
		deletions[k] = x ? x->deletion : NULL;
		hashes[k] = x ? x->code_hash : NULL;
		if (x && !r->code_folder)
			r->code_folder = keep(mg, x->code_folder, k);
		for (size_t i = 0; x && i < x->depends.n; i++)
			add_dependency(mg, r, x->depends.items[i], k);
		if (x && !r->loc.file)
			r->loc = x->loc;
	}
	struct merge sub = *mg;
	sub.care = care;
	r->props = merge(&sub, props);
	r->count_if = merge(&sub, counts);
	r->deletion = merge(&sub, deletions);
	r->code_hash = merge(&sub, hashes);
}

/* ---- what a deployment definition can hold ---- */

static bool literal_tree(const struct pv *v)
{
	if (!v)
		return true;
	switch (v->kind) {
	case PV_STR:
	case PV_INT:
	case PV_NUM:
	case PV_BOOL:
	case PV_NULL:
		return true;
	case PV_LIST:
	case PV_MAP:
		for (size_t i = 0; i < v->items.n; i++)
			if (!literal_tree(v->items.items[i]))
				return false;
		return true;
	default:
		return false;
	}
}

static bool scalar(const struct pv *v)
{
	return v->kind == PV_STR || v->kind == PV_INT || v->kind == PV_NUM || v->kind == PV_BOOL || v->kind == PV_NULL;
}

/* Whether a choice between references follows where their resources
 * exist: each reference to a resource that exists in some environments
 * only is used exactly where it exists. */
static bool conditional(const struct p_plan *p, const struct p_res *r)
{
	for (size_t k = 1; k < p->n_envs; k++)
		if (plan_present(r, k) != plan_present(r, 0))
			return true;
	return false;
}

static bool refs_follow(const struct p_plan *p, const struct pv *v)
{
	for (size_t k = 0; k < v->items.n; k++) {
		const struct pv *x = v->items.items[k];
		const struct p_res *r = plan_find(p, x->s);
		if (!r)
			return false;
		for (size_t j = 0; j < v->items.n; j++)
			if (pv_equal(v->items.items[j], x) != plan_present(r, j) && conditional(p, r))
				return false;
	}
	return true;
}

/* A value that differs between environments must be a setting (scalars,
 * absent in some environments maybe; inside a document any literal
 * value) or a choice between references that follows where their
 * resources exist. Anything else, a block that exists in some
 * environments only for one, one module for every environment cannot
 * say. Returns the first such value; FINE, a node known to hold none, is
 * not walked. */
static const struct pv *unexpressible(const struct p_plan *p, const struct pv *v, const struct pv *fine, bool in_doc,
					const char **key)
{
	if (!v || v == fine)
		return NULL;
	if (v->kind == PV_ENVS) {
		bool scalars = true, literals = true, refs = true;
		for (size_t k = 0; k < v->items.n; k++) {
			const struct pv *x = v->items.items[k];
			scalars &= !x || scalar(x);
			literals &= literal_tree(x);
			refs &= x && x->kind == PV_REF;
		}
		if (scalars || (in_doc && literals) || (refs && refs_follow(p, v)))
			return NULL;
		return v;
	}
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *bad = unexpressible(p, v->items.items[i], fine, in_doc || v->kind == PV_DOC, key);
		if (bad) {
			if (v->kind == PV_MAP && !*key)
				*key = pv_key(v, i);
			return bad;
		}
	}
	return NULL;
}

static void check_expressible(const struct p_plan *p)
{
	/* the one tag list that most resources hold, looked at once */
	const char *tags_key = NULL;
	const struct pv *fine = unexpressible(p, p->tags, NULL, false, &tags_key) ? NULL : p->tags;
	for (size_t i = 0; i < p->resources.n; i++) {
		const struct p_res *r = p->resources.items[i];
		const char *key = NULL;
		if (!unexpressible(p, r->props, fine, false, &key) && !unexpressible(p, r->count_if, fine, false, &key))
			continue;
		const char *what = r->comp ? model_kind_name(r->comp->kind) : "pattern";
		diag_error(r->loc, DIAG_ENV_SHAPE, "%s '%s': the %s property %s exists in some environments only, "
			   "which one Terraform module for every environment cannot hold", what,
			   r->comp ? r->comp->name : p->pattern, plan_type_name(r->type), key ? key : "value");
		diag_note(r->loc, "an environment variable used here turns a setting of this %s on in some "
			  "environments and off in others; give it the same value in every environment, or one "
			  "that keeps the setting in each", plan_type_name(r->type));
	}
}

/* ---- the plan ---- */

static void merge_outputs(struct merge *mg, struct p_plan *out, struct p_plan *const *plans)
{
	struct pv **vals = arena_alloc(mg->a, mg->n * sizeof *vals);
	for (size_t i = 0; i < plans[0]->outputs.n; i++) {
		const struct p_output *o = plans[0]->outputs.items[i];
		for (size_t k = 0; k < mg->n; k++)
			vals[k] = i < plans[k]->outputs.n ? ((struct p_output *)plans[k]->outputs.items[i])->value : NULL;
		plan_output(out, o->id, o->comp, o->attr_word, o->description, merge(mg, vals));
	}
}

static void merge_lists(const struct merge *mg, struct p_plan *out, struct p_plan *const *plans, size_t n)
{
	struct arena *a = mg->a;
	for (size_t k = 0; k < n; k++) {
		for (size_t i = 0; i < plans[k]->notes.n; i++)
			plan_note(out, keep(mg, plans[k]->notes.items[i], k));
		for (size_t i = 0; i < plans[k]->settings.n; i++) {
			const struct p_setting *s = plans[k]->settings.items[i];
			if (plan_find_setting(out, s->name))
				continue;
			struct p_setting c = *s; /* its allowed values and advice are the code's own */
			c.name = keep(mg, s->name, k);
			c.description = keep(mg, s->description, k);
			*plan_setting(out, c.name, c.description) = c;
		}
	}
	out->params = plans[0]->params;
	for (size_t i = 0; i < plans[0]->workflows.n; i++) {
		const struct p_workflow *w = plans[0]->workflows.items[i];
		struct p_workflow *mw = arena_alloc(a, sizeof *mw);
		*mw = *w;
		mw->definition = pv_get(plan_find(out, w->machine_id)->props, "Definition");
		vec_push(a, &out->workflows, mw);
	}
}

struct p_plan *plan_merge(struct arena *a, struct p_plan *const *plans, size_t n)
{
	if (n == 1)
		return plans[0];
	struct p_plan *out = arena_alloc(a, sizeof *out);
	*out = *plans[0];
	memset(&out->resources, 0, sizeof out->resources);
	memset(&out->outputs, 0, sizeof out->outputs);
	memset(&out->settings, 0, sizeof out->settings);
	out->setting_index = NULL;
	memset(&out->notes, 0, sizeof out->notes);
	memset(&out->workflows, 0, sizeof out->workflows);
	out->n_envs = n; /* and the first plan's index, its resources being the merged ones */
	out->envs = arena_alloc(a, n * sizeof *out->envs);
	bool *all = arena_alloc(a, n * sizeof *all);
	struct pv **tags = arena_alloc(a, n * sizeof *tags);
	struct scratch scratch = { 0 };
	struct kids kids = { 0 };
	struct merge mg = { a, n, all, tags, NULL, &scratch, arena_new(), &kids, xmalloc(4 * n * sizeof(struct pv *)),
			    xmalloc(n * sizeof(bool)), xcalloc(n, sizeof(struct arena_span *)), xcalloc(n, sizeof(size_t)) };
	for (size_t k = 1; k < n; k++)
		mg.spans[k] = arena_spans(plans[k]->a, &mg.n_spans[k]);
	for (size_t k = 0; k < n; k++) {
		out->envs[k] = plans[k]->envs[0];
		out->envs[k].name_prefix = keep(&mg, out->envs[k].name_prefix, k);
		out->envs[k].description = keep(&mg, out->envs[k].description, k);
		all[k] = true;
		tags[k] = plans[k]->tags;
	}
	out->tags = merge(&mg, tags);
	mg.tags_out = out->tags;
	union_order(&mg, out, plans);
	for (size_t i = 0; i < out->resources.n; i++)
		merge_resource(&mg, out->resources.items[i], plans);
	for (size_t i = 0; i < out->resources.n; i++) {
		struct p_res *r = out->resources.items[i];
		if (!r->present[0])
			plan_index_add(out, r);
	}
	merge_outputs(&mg, out, plans);
	merge_lists(&mg, out, plans, n);
	free(scratch.items);
	arena_free(mg.named);
	kids_free(&kids);
	free(mg.resource_vals);
	free(mg.resource_care);
	for (size_t k = 1; k < n; k++)
		free(mg.spans[k]);
	free(mg.spans);
	free(mg.n_spans);
	check_expressible(out);
	return out;
}
