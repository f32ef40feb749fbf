/* diff.c - comparing two resource plans. Each side is one environment of
 * a merged plan: values are read with pv_in_env, so that the same code
 * compares two environments of one pattern and one environment of two
 * versions. Resources match by logical ID (stable: OrderBufferQueue);
 * their properties are compared down to the leaves where both sides have
 * the same shape, so a change reads as the path of what changed. */
#include "diff.h"
#include "jtext.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "xalloc.h"

struct cmp {
	struct arena *a;
	const struct diff_side *old, *new;
	const struct p_replace *replace; /* NULL: two environments */
	const struct p_res *r;           /* the resource at hand (new side) */
	struct diff_res *out;
};

/* ---- values as people read them ---- */

static const char *attr_word(enum p_attr a)
{
	switch (a) {
	case PA_ARN: return "Arn";
	case PA_NAME: return "Name";
	case PA_URL: return "Url";
	case PA_KEY_ID: return "KeyId";
	case PA_STREAM_ARN: return "StreamArn";
	case PA_VERSION: return "Version";
	case PA_LOG_STREAMS_ARN: return "Arn";
	}
	return "?";
}

static const char *pseudo_word(enum p_pseudo p)
{
	switch (p) {
	case PP_ACCOUNT_ID: return "AWS::AccountId";
	case PP_REGION: return "AWS::Region";
	case PP_PARTITION: return "AWS::Partition";
	case PP_STACK_NAME: return "AWS::StackName";
	case PP_ENVIRONMENT: return "Environment";
	case PP_TENANT: return "Tenant";
	case PP_ARTIFACT_BUCKET: return "ArtifactBucket";
	case PP_ARTIFACT_PREFIX: return "ArtifactPrefix";
	}
	return "?";
}

static json_t *display(struct arena *a, const struct pv *v, const struct diff_side *s);

/* A string of parts: literals as they are, the rest as ${...}, the way
 * CloudFormation's Fn::Sub writes what only a deployment knows. */
static json_t *display_join(struct arena *a, const struct pv *v, const struct diff_side *s)
{
	const char *out = "";
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *p = pv_in_env(v->items.items[i], s->env);
		json_t *j = p ? display(a, p, s) : NULL;
		const char *t = !j ? "" : json_is_string(j) ? json_string_value(j) : NULL;
		char *dump = t ? NULL : json_text(j, JSON_COMPACT | JSON_ENCODE_ANY);
		out = arena_printf(a, "%s%s", out, t ? t : dump ? dump : "");
		free(dump);
		json_decref(j);
	}
	return json_string(out);
}

/* V on side S as JSON: literals, names as their text there, references
 * and deployment values as ${ID.Attr} and ${AWS::Region}. A new reference. */
static json_t *display(struct arena *a, const struct pv *v, const struct diff_side *s)
{
	v = pv_in_env(v, s->env);
	if (!v)
		return json_null();
	switch (v->kind) {
	case PV_STR: return json_string(v->s);
	case PV_INT: return json_integer(v->i);
	case PV_NUM: { json_t *d = json_real(v->d); return d ? d : json_null(); }
	case PV_BOOL: return json_boolean(v->b);
	case PV_NULL: case PV_ENVS: return json_null();
	case PV_NAME: return json_string(v->texts && v->texts[s->env] ? v->texts[s->env] : v->s);
	case PV_REF:
		return json_string(arena_printf(a, "${%s.%s}", v->s, attr_word(v->attr)));
	case PV_SECRET: /* its name, never its value */
		return json_string(arena_printf(a, "${secret:%s}", v->s));
	case PV_PSEUDO: {
		const struct p_env *e = &s->plan->envs[s->env];
		if (v->pseudo == PP_ENVIRONMENT || v->pseudo == PP_TENANT)
			return json_string(v->pseudo == PP_ENVIRONMENT ? e->name : e->tenant);
		return json_string(arena_printf(a, "${%s}", pseudo_word(v->pseudo)));
	}
	case PV_JOIN: return display_join(a, v, s);
	case PV_DOC: return display(a, v->items.items[0], s);
	case PV_LIST: {
		json_t *l = json_array();
		for (size_t i = 0; i < v->items.n; i++)
			json_array_append_new(l, display(a, v->items.items[i], s));
		return l;
	}
	case PV_MAP: {
		json_t *o = json_object();
		for (size_t i = 0; i < v->items.n; i++)
			json_object_set_new(o, pv_key(v, i), display(a, v->items.items[i], s));
		return o;
	}
	}
	return json_null();
}

/* ---- equality across the two sides ---- */

static bool same(const struct cmp *c, const struct pv *x, const struct pv *y);

static bool same_items(const struct cmp *c, const struct vec *x, const struct vec *y)
{
	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (!same(c, x->items[i], y->items[i]))
			return false;
	return true;
}

/* Whether X (old side) and Y (new side) are the same value. Between two
 * environments a name is the same when it is built from the same suffix
 * (acme-dev-orders-audit and acme-prod-orders-audit are one name); between
 * two versions it is its text, since a renamed queue is a new queue. */
static bool same(const struct cmp *c, const struct pv *x, const struct pv *y)
{
	x = pv_in_env(x, c->old->env);
	y = pv_in_env(y, c->new->env);
	if (!x || !y)
		return x == y;
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case PV_NAME:
		if (!c->replace || !x->texts || !y->texts)
			return x->max == y->max && !strcmp(x->s, y->s);
		return !strcmp(x->texts[c->old->env], y->texts[c->new->env]);
	case PV_MAP:
		if (x->items.n != y->items.n)
			return false;
		for (size_t i = 0; i < x->items.n; i++)
			if (strcmp(pv_key(x, i), pv_key(y, i)))
				return false;
		return same_items(c, &x->items, &y->items);
	case PV_DOC:
		return x->b == y->b && same_items(c, &x->items, &y->items);
	case PV_LIST:
	case PV_JOIN:
		return same_items(c, &x->items, &y->items);
	default:
		return pv_equal(x, y);
	}
}

/* ---- property by property ---- */

/* PATH extended by KEY: dotted where KEY is a plain word, else ["KEY"]. */
static const char *key_path(struct arena *a, const char *path, const char *key)
{
	bool plain = *key != '\0';
	for (const char *k = key; *k && plain; k++)
		plain = (*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') ||
			*k == '_' || *k == '-' || *k == ':' || *k == '$';
	if (plain)
		return *path ? arena_printf(a, "%s.%s", path, key) : key;
	json_t *q = json_string(key);
	char *s = json_text(q, JSON_ENCODE_ANY);
	const char *out = arena_printf(a, "%s[%s]", path, s ? s : "?");
	free(s);
	json_decref(q);
	return out;
}

static void record(struct cmp *c, const char *path, const struct pv *x, const struct pv *y)
{
	struct diff_prop *d = arena_alloc(c->a, sizeof *d);
	d->path = path;
	d->old_value = x ? display(c->a, x, c->old) : NULL;
	d->new_value = y ? display(c->a, y, c->new) : NULL;
	d->replaces = c->replace && plan_replaces(c->replace, c->r->type, path);
	c->out->replaces |= d->replaces;
	vec_push(c->a, &c->out->props, d);
}

static void compare(struct cmp *c, const char *path, const struct pv *x, const struct pv *y);

/* Lists of items that may have moved: the longest common subsequence of
 * equal items stays, and what lies between two kept items is compared
 * pairwise, the rest shown as removed (old index) or added (new index),
 * so that one ARN more in a list of ten reads as one line. Past LCS_MAX
 * cells the lists are shown whole. */
#define LCS_MAX 1000000

static void compare_gap(struct cmp *c, const char *path, const struct pv *x, const struct pv *y, size_t i0,
			size_t i1, size_t j0, size_t j1)
{
	for (; i0 < i1 || j0 < j1; i0++, j0++) {
		const struct pv *o = i0 < i1 ? x->items.items[i0] : NULL;
		const struct pv *n = j0 < j1 ? y->items.items[j0] : NULL;
		compare(c, arena_printf(c->a, "%s[%zu]", path, o ? i0 : j0), o, n);
	}
}

static bool compare_lists(struct cmp *c, const char *path, const struct pv *x, const struct pv *y)
{
	size_t n = x->items.n, m = y->items.n;
	if ((n + 1) * (m + 1) > LCS_MAX)
		return false;
	/* len[i][j]: the LCS of x[i..] and y[j..] */
	size_t *len = xcalloc((n + 1) * (m + 1), sizeof *len);
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			len[i * (m + 1) + j] = same(c, x->items.items[i], y->items.items[j])
						       ? len[(i + 1) * (m + 1) + j + 1] + 1
						       : len[(i + 1) * (m + 1) + j] > len[i * (m + 1) + j + 1]
							 ? len[(i + 1) * (m + 1) + j] : len[i * (m + 1) + j + 1];
	size_t i = 0, j = 0, gi = 0, gj = 0;
	while (i < n && j < m) {
		if (same(c, x->items.items[i], y->items.items[j])) {
			compare_gap(c, path, x, y, gi, i, gj, j);
			gi = ++i;
			gj = ++j;
		} else if (len[(i + 1) * (m + 1) + j] >= len[i * (m + 1) + j + 1]) {
			i++;
		} else {
			j++;
		}
	}
	compare_gap(c, path, x, y, gi, n, gj, m);
	free(len);
	return true;
}

static void compare_maps(struct cmp *c, const char *path, const struct pv *x, const struct pv *y)
{
	for (size_t i = 0; i < x->items.n; i++) {
		const char *k = pv_key(x, i);
		compare(c, key_path(c->a, path, k), x->items.items[i], pv_get(y, k));
	}
	for (size_t i = 0; i < y->items.n; i++) {
		const char *k = pv_key(y, i);
		if (!pv_get(x, k))
			compare(c, key_path(c->a, path, k), NULL, y->items.items[i]);
	}
}

/* Where both sides have the same shape the comparison goes on below, so
 * that one changed setting reads as its path; elsewhere the value is
 * shown whole. */
static void compare(struct cmp *c, const char *path, const struct pv *x, const struct pv *y)
{
	x = pv_in_env(x, c->old->env);
	y = pv_in_env(y, c->new->env);
	if (same(c, x, y))
		return;
	if (x && y && x->kind == y->kind) {
		if (x->kind == PV_MAP) {
			compare_maps(c, path, x, y);
			return;
		}
		if (x->kind == PV_DOC && x->b == y->b) {
			compare(c, path, x->items.items[0], y->items.items[0]);
			return;
		}
		if (x->kind == PV_LIST && x->items.n == y->items.n) {
			for (size_t i = 0; i < x->items.n; i++)
				compare(c, arena_printf(c->a, "%s[%zu]", path, i), x->items.items[i],
					y->items.items[i]);
			return;
		}
		if (x->kind == PV_LIST && compare_lists(c, path, x, y))
			return;
	}
	record(c, path, x, y);
}

/* ---- resources and components ---- */

static struct diff_group *group_of(struct arena *a, struct diff *d, struct strmap *index,
				   const struct p_res *r, const struct p_plan *p)
{
	const char *kind = r->comp ? model_kind_name(r->comp->kind) : "pattern";
	const char *name = r->comp ? r->comp->name : p->pattern;
	const char *key = arena_printf(a, "%s %s", kind, name);
	struct diff_group *g = strmap_get(index, key);
	if (!g) {
		g = arena_alloc(a, sizeof *g);
		g->kind = kind;
		g->name = name;
		strmap_put(index, key, g);
		vec_push(a, &d->groups, g);
	}
	return g;
}

static struct diff_res *new_res(struct arena *a, const struct p_res *r, enum diff_change change)
{
	struct diff_res *x = arena_alloc(a, sizeof *x);
	x->res = r;
	x->change = change;
	x->stateful = r->deletion != NULL;
	return x;
}

/* The changes of a resource both sides have, or NULL when none. */
static struct diff_res *compare_res(struct cmp *c, const struct p_res *o, const struct p_res *n)
{
	c->r = n;
	c->out = new_res(c->a, n, DIFF_CHANGED);
	compare(c, "", o->props, n->props);
	compare(c, "DeletionPolicy", o->deletion, n->deletion);
	compare(c, "CodeHash", o->code_hash, n->code_hash);
	return c->out->props.n ? c->out : NULL;
}

/* An added or removed resource with its properties, as diff(1) shows
 * every line of a new file: what a review needs (an alias's provisioned
 * concurrency) is in them. */
static struct diff_res *whole_res(struct cmp *c, const struct p_res *r, enum diff_change change)
{
	bool added = change == DIFF_ADDED;
	const struct diff_side *s = added ? c->new : c->old;
	const struct pv *props = pv_in_env(r->props, s->env);
	c->r = r;
	c->out = new_res(c->a, r, change);
	for (size_t i = 0; props && props->kind == PV_MAP && i < props->items.n; i++) {
		struct diff_prop *d = arena_alloc(c->a, sizeof *d);
		d->path = key_path(c->a, "", pv_key(props, i));
		json_t *v = display(c->a, props->items.items[i], s);
		*(added ? &d->new_value : &d->old_value) = v;
		vec_push(c->a, &c->out->props, d);
	}
	return c->out;
}

static bool present(const struct p_res *r, const struct diff_side *s)
{
	return r && plan_present(r, s->env);
}

static const char *changed_paths(struct arena *a, const struct diff_res *x)
{
	const char *out = "";
	for (size_t i = 0; i < x->props.n; i++) {
		const struct diff_prop *p = x->props.items[i];
		if (p->replaces)
			out = arena_printf(a, "%s%s'%s'", out, *out ? ", " : "", p->path);
	}
	return out;
}

/* The component R serves, as the pattern names it: "table 'orders'". */
static const char *owner(struct arena *a, const struct p_res *r)
{
	return r->comp ? arena_printf(a, "%s '%s'", model_kind_name(r->comp->kind), r->comp->name)
		       : "the pattern";
}

/* What a review must not miss: data that a change or a removal loses. */
static void warn_data_loss(struct arena *a, const struct diff *d, const struct diff_res *x)
{
	const struct p_res *r = x->res;
	const char *policy = pv_text(a, r->deletion, d->old.env, &d->old.plan->envs[d->old.env]);
	bool keep = policy && !strcmp(policy, "Retain");
	if (x->change == DIFF_CHANGED && x->replaces) {
		diag_warning(r->loc, DIAG_DIFF_REPLACES_DATA, "changing %s of %s replaces %s (%s) and the data it holds",
			     changed_paths(a, x), owner(a, r), r->id, plan_aws_type(r->type));
		diag_note(r->loc, "CloudFormation creates a new %s and %s the old one (UpdateReplacePolicy %s), and "
			  "cannot while the fixed name stays the same; rename the component and move the data, "
			  "or keep the old value", plan_type_name(r->type), keep ? "keeps" : "deletes",
			  keep ? "Retain" : "Delete");
	} else if (x->change == DIFF_REMOVED && !keep) {
		diag_warning(r->loc, DIAG_DIFF_REMOVES_DATA, "removing %s deletes %s (%s) and the data it holds "
			     "(DeletionPolicy Delete)", owner(a, r), r->id, plan_aws_type(r->type));
	}
}

static void add_res(struct arena *a, struct diff *d, struct strmap *index, struct diff_res *x,
		    const struct p_plan *p)
{
	vec_push(a, &group_of(a, d, index, x->res, p)->res, x);
	switch (x->change) {
	case DIFF_ADDED: d->added++; break;
	case DIFF_REMOVED: d->removed++; break;
	case DIFF_CHANGED: d->changed++; d->replaced += x->replaces; break;
	}
	if (d->versions && x->stateful)
		warn_data_loss(a, d, x);
}

struct diff *diff_plans(struct arena *a, const struct diff_side *old, const struct diff_side *new,
			const struct p_replace *replace)
{
	struct diff *d = arena_alloc(a, sizeof *d);
	d->old = *old;
	d->new = *new;
	d->versions = replace != NULL;
	struct strmap *index = strmap_new(a);
	struct cmp c = { a, &d->old, &d->new, replace, NULL, NULL };
	/* in the new plan's order; then what only the old one has, in its order */
	for (size_t i = 0; i < new->plan->resources.n; i++) {
		const struct p_res *n = new->plan->resources.items[i];
		const struct p_res *o = plan_find(old->plan, n->id);
		if (!present(n, new))
			continue;
		struct diff_res *x = !present(o, old) ? whole_res(&c, n, DIFF_ADDED) : compare_res(&c, o, n);
		if (x)
			add_res(a, d, index, x, new->plan);
	}
	for (size_t i = 0; i < old->plan->resources.n; i++) {
		const struct p_res *o = old->plan->resources.items[i];
		if (present(o, old) && !present(plan_find(new->plan, o->id), new))
			add_res(a, d, index, whole_res(&c, o, DIFF_REMOVED), old->plan);
	}
	return d;
}

bool diff_any(const struct diff *d)
{
	return d->groups.n > 0;
}

void diff_free(struct diff *d)
{
	for (size_t g = 0; d && g < d->groups.n; g++) {
		const struct diff_group *grp = d->groups.items[g];
		for (size_t i = 0; i < grp->res.n; i++) {
			const struct diff_res *x = grp->res.items[i];
			for (size_t k = 0; k < x->props.n; k++) {
				struct diff_prop *p = x->props.items[k];
				json_decref(p->old_value);
				json_decref(p->new_value);
			}
		}
	}
}
