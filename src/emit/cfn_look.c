/* cfn_look.c - a resource of a CloudFormation template counted from the
 * plan, not made.
 *
 * What a split needs of each resource before it places any (what it
 * takes written, what it references) is found by following what
 * cfn_value() would make, without making it: the common kinds are
 * followed here, the rest (texts put together, documents written as
 * strings, numbers, secrets) and any map that is one intrinsic function
 * by name are made and counted. A map's keys are distinct (pv_set
 * replaces a key it has), as jansson's object of them is. A sanitizer
 * build checks every look against the resource made (cfn_split.c). */
#include "cfn_priv.h"

#include <string.h>

struct look {
	struct cfn *c;
	struct cfn_look *l;
	bool refs; /* in Properties: its references are said */
};

static void look_value(struct look *k, const struct pv *v, size_t depth);

/* J (taken) counted at DEPTH, and its references said. */
static void look_json(struct look *k, json_t *j, size_t depth)
{
	json_count_at(&k->l->count, j, depth);
	if (k->refs)
		cfn_walk_refs(j, k->l->ref, k->l->ctx);
	json_decref(j);
}

static void look_made(struct look *k, const struct pv *v, size_t depth)
{
	look_json(k, cfn_value(k->c, v), depth);
}

static void look_string(struct look *k, const char *s)
{
	k->l->count.bytes += json_string_bytes(s, strlen(s));
}

static void look_key(struct look *k, const char *key)
{
	k->l->count.bytes += json_member_bytes(key, strlen(key));
}

/* {FN: ID} or {"Fn::GetAtt": [ID, ATT]} at DEPTH, and its reference */
static void look_function(struct look *k, const char *id, const char *att, size_t depth)
{
	look_key(k, att ? "Fn::GetAtt" : "Ref");
	look_string(k, id);
	if (att) {
		look_string(k, att);
		json_frame_bytes(&k->l->count, depth + 1, 2);
	}
	json_frame_bytes(&k->l->count, depth, 1);
	if (k->refs)
		k->l->ref(k->l->ctx, id, att);
}

/* What of V's member I stands in this environment, or NULL. */
static const struct pv *member(const struct look *k, const struct pv *v, size_t i)
{
	const struct pv *x = pv_in_env(v->items.items[i], k->c->env);
	return x && pv_absent(x, k->c->env) ? NULL : x; /* cfn_value makes nothing of it */
}

/* The functions cfn_walk_refs reads a one-member object as. */
static bool walked_function(const char *key)
{
	return !strcmp(key, "Ref") || !strcmp(key, "Fn::GetAtt") || !strcmp(key, "Fn::Sub");
}

/* Map V at DEPTH; with OVER_KEY, that member's value is the string
 * OVER_TEXT, where V has it or after V's own (json_object_set on a copy). */
static void look_map(struct look *k, const struct pv *v, size_t depth, const char *over_key, const char *over_text)
{
	size_t n = 0;
	const char *last = NULL;
	bool over_found = false;
	for (size_t i = 0; i < v->keys.n; i++)
		if (member(k, v, i)) {
			n++;
			last = v->keys.items[i];
			over_found |= over_key && !strcmp(last, over_key);
		}
	if (over_key && !over_found)
		n++, last = over_key;
	if (n == 1 && k->refs && walked_function(last) && !over_key) {
		look_made(k, v, depth);
		return;
	}
	for (size_t i = 0; i < v->keys.n; i++) {
		const struct pv *x = member(k, v, i);
		if (!x)
			continue;
		look_key(k, v->keys.items[i]);
		if (over_key && !strcmp(v->keys.items[i], over_key))
			look_string(k, over_text);
		else
			look_value(k, x, depth + 1);
	}
	if (over_key && !over_found) {
		look_key(k, over_key);
		look_string(k, over_text);
	}
	json_frame_bytes(&k->l->count, depth, n);
}

static void look_list(struct look *k, const struct pv *v, size_t depth)
{
	size_t n = 0;
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *x = member(k, v, i);
		if (x) {
			look_value(k, x, depth + 1);
			n++;
		}
	}
	json_frame_bytes(&k->l->count, depth, n);
}

/* What cfn_value(C, V) would make, at DEPTH. */
static void look_value(struct look *k, const struct pv *v, size_t depth)
{
	struct cfn *c = k->c;
	struct json_count *m = &k->l->count;
	v = pv_in_env(v, c->env);
	if (v && v == c->tags && c->tags_json) {
		json_count_at(m, c->tags_json, depth);
		if (k->refs)
			cfn_walk_refs(c->tags_json, k->l->ref, k->l->ctx);
		return;
	}
	switch (v ? v->kind : PV_NULL) {
	case PV_STR: look_string(k, v->s); return;
	case PV_INT: m->bytes += json_integer_bytes(v->i); return;
	case PV_BOOL: m->bytes += v->b ? 4 : 5; return;
	case PV_NULL:
	case PV_ENVS: m->bytes += 4; return;
	case PV_NAME: look_string(k, v->texts[c->env]); return;
	case PV_REF:
		if (v->texts) {
			look_string(k, v->texts[c->env]);
		} else {
			const struct p_res *r = plan_find(c->p, v->s);
			look_function(k, v->s, r ? cfn_getatt_name(r->type, v->attr) : NULL, depth);
		}
		return;
	case PV_PSEUDO: {
		const char *t = pv_text(c->a, v, c->env, c->e);
		if (t)
			look_string(k, t);
		else
			look_function(k, cfn_pseudo_name(c, v->pseudo), NULL, depth);
		return;
	}
	case PV_MAP: look_map(k, v, depth, NULL, NULL); return;
	case PV_LIST: look_list(k, v, depth); return;
	case PV_DOC:
		if (!v->b) {
			look_value(k, v->items.items[0], depth);
			return;
		}
		break;
	case PV_NUM:
	case PV_JOIN:
	case PV_SECRET:
		break;
	}
	look_made(k, v, depth);
}

/* resource_json(C, R), counted: its members, then the object. */
void cfn_look_resource(void *ctx, size_t i, struct cfn_look *l)
{
	struct plan_source *ps = ctx;
	struct cfn *c = ps->c;
	const struct p_res *r = ps->res[i];
	struct look k = { c, l, false };
	const struct pv *props = pv_in_env(r->props, c->env);
	size_t n = 2;
	look_key(&k, "Type");
	look_string(&k, plan_aws_type(r->type));
	look_key(&k, "Properties");
	k.refs = true;
	if (!r->code_folder)
		look_value(&k, r->props, 1);
	else if (props && props->kind == PV_MAP && props != c->tags)
		look_map(&k, props, 1, "Code", cfn_code_text(c, r));
	else
		look_json(&k, cfn_props_json(c, r), 1);
	k.refs = false;
	size_t deps = 0;
	for (size_t d = 0; d < r->depends.n; d++)
		if (cfn_depends_on(c, r, r->depends.items[d])) {
			look_string(&k, r->depends.items[d]);
			l->depends(l->ctx, r->depends.items[d]);
			deps++;
		}
	if (deps) {
		look_key(&k, "DependsOn");
		json_frame_bytes(&l->count, 1, deps);
		n++;
	}
	const struct pv *del = pv_in_env(r->deletion, c->env);
	if (del) {
		look_key(&k, "UpdateReplacePolicy");
		look_string(&k, del->s);
		look_key(&k, "DeletionPolicy");
		look_string(&k, del->s);
		n += 2;
	}
	json_frame_bytes(&l->count, 0, n);
}

