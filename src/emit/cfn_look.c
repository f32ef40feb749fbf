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
	k->c->looking = true;
	look_json(k, cfn_value(k->c, v), depth);
	k->c->looking = false;
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
	for (size_t i = 0; i < v->items.n; i++)
		if (member(k, v, i)) {
			n++;
			last = pv_key(v, i);
			over_found |= over_key && !strcmp(last, over_key);
		}
	if (over_key && !over_found)
		n++, last = over_key;
	if (n == 1 && k->refs && walked_function(last) && !over_key) {
		look_made(k, v, depth);
		return;
	}
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *x = member(k, v, i);
		if (!x)
			continue;
		look_key(k, pv_key(v, i));
		if (over_key && !strcmp(pv_key(v, i), over_key))
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

/* ---- a document written as a string, counted ---- */

/* The count of what doc_text_json() would write of a document: its text
 * (the document's compact JSON) as the template's string. A reference in
 * it (an Fn::Sub variable) is not followed: no document of a plan has one
 * yet, and that document is made to be counted. */
struct doc_count {
	struct look *k;
	size_t bytes;     /* the text, written as a string without its quotes */
	bool sub;         /* sub_value's document (an Fn::Sub), not cfn_value's */
	bool failed;      /* a part not followed here: the document is made and counted */
	bool dollar;      /* a '$' in its text that is not one of a ${...} made here */
	bool after_dollar; /* sub_literal's: the byte before was '$' */
	struct vec names; /* const char *: the ${...} of pseudo values, in order */
};

/* String S of the document, or a part of one, each byte escaped twice
 * (LITERAL: sub_literal's text, "${" written "${!", AFTER_DOLLAR carried
 * from the part before). */
static void doc_chars(struct doc_count *d, const char *s, bool literal)
{
	size_t len = strlen(s);
	d->bytes += json_chars_twice(s, len);
	for (const char *p = memchr(s, '$', len); p; p = memchr(p + 1, '$', len - (size_t)(p + 1 - s))) {
		d->dollar = true;
		if (literal && p[1] == '{')
			d->bytes++; /* the '!' */
	}
	if (literal && d->after_dollar && s[0] == '{')
		d->bytes++; /* a '$' that ended the part before */
	d->after_dollar = len && s[len - 1] == '$';
}

/* A string of the document: its quotes (\" each) and S. */
static void doc_string(struct doc_count *d, const char *s, bool literal)
{
	if (!s) {
		d->failed = true;
		return;
	}
	d->bytes += 4;
	d->after_dollar = false;
	doc_chars(d, s, literal);
}

/* The text pv_text() gives V (not a join), or NULL. */
static const char *part_text(const struct look *k, const struct pv *v)
{
	return v->kind == PV_JOIN ? NULL : pv_text(k->c->a, v, k->c->env, k->c->e);
}

/* Whether pv_text() gives join V a text. */
static bool join_has_text(const struct look *k, const struct pv *v)
{
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *x = pv_in_env(v->items.items[i], k->c->env);
		if (!x || (x->kind == PV_JOIN ? !join_has_text(k, x) : !part_text(k, x)))
			return false;
	}
	return true;
}

/* Join V's text (join_has_text), its parts one after the other. */
static void join_chars(struct doc_count *d, const struct pv *v, bool literal)
{
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *x = pv_in_env(v->items.items[i], d->k->c->env);
		const char *t = x && x->kind != PV_JOIN ? part_text(d->k, x) : NULL;
		if (x && x->kind == PV_JOIN)
			join_chars(d, x, literal);
		else if (t)
			doc_chars(d, t, literal);
		else
			d->failed = true; /* join_has_text said it has one */
	}
}

static void doc_value(struct doc_count *d, const struct pv *v);

/* The members of list or map V that stand in this environment, as
 * EACH counts them, with the document's brackets and separators. */
static void doc_container(struct doc_count *d, const struct pv *v, void (*each)(struct doc_count *, const struct pv *))
{
	size_t n = 0;
	bool map = v->kind == PV_MAP;
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *x = pv_in_env(v->items.items[i], d->k->c->env);
		if (!x)
			continue;
		if (pv_absent(x, d->k->c->env))
			d->failed = true; /* made, it would not be a member */
		if (map) {
			doc_string(d, pv_key(v, i), false);
			d->bytes++; /* ':' */
		}
		each(d, x);
		n++;
	}
	d->bytes += 2 + (n ? n - 1 : 0);
}

/* What cfn_value(V) makes, in the document. */
static void doc_value(struct doc_count *d, const struct pv *v)
{
	struct cfn *c = d->k->c;
	v = pv_in_env(v, c->env);
	if (!v) {
		d->bytes += 4; /* null */
		return;
	}
	if (v == c->tags && c->tags_json) {
		d->failed = true;
		return;
	}
	switch (v->kind) {
	case PV_INT: d->bytes += json_integer_bytes(v->i); return;
	case PV_BOOL: d->bytes += v->b ? 4 : 5; return;
	case PV_NULL:
	case PV_ENVS: d->bytes += 4; return;
	case PV_MAP:
	case PV_LIST: doc_container(d, v, doc_value); return;
	case PV_JOIN:
		if (!join_has_text(d->k, v)) {
			d->failed = true;
			return;
		}
		doc_string(d, "", false);
		join_chars(d, v, false);
		return;
	case PV_STR:
	case PV_NAME:
	case PV_REF:
	case PV_PSEUDO:
		doc_string(d, part_text(d->k, v), false); /* a REF or PSEUDO without one is not static */
		return;
	case PV_NUM:
	case PV_DOC:
	case PV_SECRET:
		break;
	}
	d->failed = true;
}

/* What sub_value(V) makes of a part of a join: the string it adds, or
 * nothing (a number, a null). */
static void doc_sub_part(struct doc_count *d, const struct pv *v)
{
	struct cfn *c = d->k->c;
	if (v->kind == PV_JOIN && join_has_text(d->k, v)) {
		d->after_dollar = false;
		join_chars(d, v, true);
		return;
	}
	const char *t = v->kind == PV_MAP || v->kind == PV_LIST ? NULL : part_text(d->k, v);
	if (v->kind == PV_STR || t) {
		const char *s = t ? t : v->s;
		if (!s) {
			d->failed = true;
			return;
		}
		d->after_dollar = false;
		doc_chars(d, s, true);
		return;
	}
	switch (v->kind) {
	case PV_PSEUDO: {
		const char *name = cfn_pseudo_name(c, v->pseudo);
		if (strchr(name, '.') || strlen(name) >= 256)
			d->failed = true; /* cfn_sub_refs would not read it as one name */
		vec_push(c->a, &d->names, (void *)name);
		d->bytes += 3;
		doc_chars(d, name, false);
		return;
	}
	case PV_JOIN:
		for (size_t i = 0; i < v->items.n; i++) {
			const struct pv *x = pv_in_env(v->items.items[i], c->env);
			if (x)
				doc_sub_part(d, x);
		}
		return;
	case PV_INT:
	case PV_NUM:
	case PV_BOOL:
	case PV_NULL:
	case PV_ENVS:
		return; /* not a string: sub_value's join leaves it out */
	default:
		d->failed = true;
		return;
	}
}

/* What sub_value(V) makes, in the document. */
static void doc_sub(struct doc_count *d, const struct pv *v)
{
	v = pv_in_env(v, d->k->c->env);
	if (!v) {
		d->bytes += 4;
		return;
	}
	if (v->kind == PV_LIST || v->kind == PV_MAP) {
		doc_container(d, v, doc_sub);
		return;
	}
	bool string = v->kind == PV_STR || v->kind == PV_REF || v->kind == PV_PSEUDO || v->kind == PV_JOIN ||
		      (v->kind == PV_NAME && part_text(d->k, v));
	if (!string) {
		doc_value(d, v);
		return;
	}
	d->bytes += 4;
	doc_sub_part(d, v);
}

/* Document V written as a string, counted as doc_text_json() would make
 * it: its text as a string, or {"Fn::Sub": TEXT}, whose ${...} the split's
 * walk reads as references (cfn_sub_refs). Made and counted instead where
 * the count does not follow it, or where a '$' of its own text could be
 * read as one. */
static void look_doc(struct look *k, const struct pv *v, size_t depth)
{
	const struct pv *body = v->items.items[0];
	struct doc_count d = { .k = k, .sub = !cfn_static_value(k->c, body) };
	if (d.sub)
		doc_sub(&d, body);
	else
		doc_value(&d, body);
	if (d.failed || (d.sub && d.dollar)) {
		look_made(k, v, depth);
		return;
	}
	struct json_count *m = &k->l->count;
	if (d.sub)
		look_key(k, "Fn::Sub");
	m->bytes += d.bytes + 2; /* the text, quoted */
	if (!d.sub)
		return;
	for (size_t i = 0; k->refs && i < d.names.n; i++)
		k->l->ref(k->l->ctx, d.names.items[i], NULL);
	json_frame_bytes(m, depth, 1);
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
		if (v->b)
			look_doc(k, v, depth);
		else
			look_value(k, v->items.items[0], depth);
		return;
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

