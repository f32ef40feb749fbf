/* pv.c - the plan's values: literals, lists, maps, references, names and
 * documents, all in the run's arena. */
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "xalloc.h"

static struct pv *pv_new(struct arena *a, enum pv_kind kind)
{
	struct pv *v = arena_alloc(a, sizeof *v);
	v->kind = kind;
	return v;
}

/* Literals are made once per arena and shared: most of a plan's strings,
 * numbers and flags are the same few ("Allow", "sts:AssumeRole", 10, true),
 * and a node of its own for each was two fifths of a plan's values. The
 * memo's tags, one per kind: */
static const char memo_str, memo_int, memo_bool, memo_pseudo, memo_null;
/* the pseudo values' keys, each its own number, which outlive any arena */
static const unsigned char pseudo_keys[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
_Static_assert(PP_ARTIFACT_PREFIX < sizeof pseudo_keys, "a key for each pseudo value");

/* The literal shared under TAG (its kind's) for the N bytes of KEY, or
 * NULL; and V made that literal (KEY living as long as the arena). */
static struct pv *shared(struct arena *a, const char *tag, const void *key, size_t n)
{
	return arena_memo_get(a, tag, key, n);
}

static struct pv *share(struct arena *a, const char *tag, const void *key, size_t n, struct pv *v)
{
	v->shared = true;
	arena_memo_put(a, tag, key, n, v);
	return v;
}

struct pv *pv_str(struct arena *a, const char *s)
{
	s = s ? s : "";
	size_t n = strlen(s);
	struct pv *v = shared(a, &memo_str, s, n);
	if (v)
		return v;
	v = pv_new(a, PV_STR);
	v->s = s;
	return share(a, &memo_str, s, n, v);
}

struct pv *pv_str_copy(struct arena *a, const char *s, size_t n)
{
	struct pv *v = shared(a, &memo_str, s, n);
	if (v)
		return v;
	v = pv_new(a, PV_STR);
	v->s = arena_strndup(a, s, n);
	return share(a, &memo_str, v->s, n, v);
}

struct pv *pv_int(struct arena *a, long long i)
{
	struct pv *v = shared(a, &memo_int, &i, sizeof i);
	if (v)
		return v;
	v = pv_new(a, PV_INT);
	v->i = i;
	return share(a, &memo_int, &v->i, sizeof v->i, v);
}

struct pv *pv_num(struct arena *a, double d)
{
	if (d == floor(d) && fabs(d) < 1e15)
		return pv_int(a, (long long)d);
	struct pv *v = pv_new(a, PV_NUM);
	v->d = d;
	return v;
}

struct pv *pv_bool(struct arena *a, bool b)
{
	struct pv *v = shared(a, &memo_bool, &b, sizeof b);
	if (v)
		return v;
	v = pv_new(a, PV_BOOL);
	v->b = b;
	return share(a, &memo_bool, &v->b, sizeof v->b, v);
}

struct pv *pv_list(struct arena *a)
{
	return pv_new(a, PV_LIST);
}

struct pv *pv_map(struct arena *a)
{
	return pv_new(a, PV_MAP);
}

struct pv *pv_ref(struct arena *a, const char *id, enum p_attr attr)
{
	struct pv *v = pv_new(a, PV_REF);
	v->s = id;
	v->attr = attr;
	return v;
}

struct pv *pv_ref_known(struct arena *a, const char *id, enum p_attr attr, const char *text)
{
	struct pv *v = pv_ref(a, id, attr);
	v->texts = arena_alloc(a, sizeof *v->texts);
	v->texts[0] = text;
	return v;
}

struct pv *pv_pseudo(struct arena *a, enum p_pseudo p)
{
	unsigned char key = (unsigned char)p;
	struct pv *v = shared(a, &memo_pseudo, &key, 1);
	if (v)
		return v;
	v = pv_new(a, PV_PSEUDO);
	v->pseudo = p;
	/* the key must live as long as the arena, and the node's own field is
	 * a bit-field, which has no address */
	return share(a, &memo_pseudo, pseudo_keys + p, 1, v);
}

struct pv *pv_join(struct arena *a)
{
	return pv_new(a, PV_JOIN);
}

struct pv *pv_name_known(struct arena *a, const char *suffix, uint32_t max, const char *text)
{
	struct pv *v = pv_new(a, PV_NAME);
	v->s = suffix;
	v->max = max;
	v->texts = arena_alloc(a, sizeof *v->texts);
	v->texts[0] = text;
	return v;
}

struct pv *pv_name(struct arena *a, const struct m_pattern *m, const char *suffix, uint32_t max)
{
	return pv_name_known(a, suffix, max, names_physical(a, m, suffix, max));
}

struct pv *pv_doc(struct arena *a, struct pv *body, bool as_text)
{
	struct pv *v = pv_new(a, PV_DOC);
	v->b = as_text;
	vec_push(a, &v->items, body);
	return v;
}

struct pv *pv_strings(struct arena *a, const char *const *items)
{
	struct pv *l = pv_list(a);
	for (size_t i = 0; items[i]; i++)
		pv_push(a, l, pv_str(a, items[i]));
	return l;
}

/* ---- documents ---- */

/* The bytes that tell one array or object of scalars from another, made
 * in a buffer that grows: its kind, then each key (with its length) and
 * each value's type and bytes. */
struct leaf_key {
	char *s;
	size_t n, cap;
};

static void key_put(struct leaf_key *k, const void *p, size_t n)
{
	if (k->cap - k->n < n) {
		while (k->cap - k->n < n)
			k->cap = k->cap ? 2 * k->cap : 256;
		k->s = xrealloc(k->s, k->cap);
	}
	memcpy(k->s + k->n, p, n);
	k->n += n;
}

static void key_text(struct leaf_key *k, char type, const char *s, size_t n)
{
	key_put(k, &type, 1);
	key_put(k, &n, sizeof n);
	key_put(k, s, n);
}

/* Whether J, an array or object, holds only scalars: then its key is
 * in K. */
static bool leaf(const json_t *j, struct leaf_key *k)
{
	k->n = 0;
	key_put(k, json_is_object(j) ? "o" : "a", 1);
	const char *key;
	const json_t *v;
	void *it = json_is_object(j) ? json_object_iter((json_t *)j) : NULL;
	size_t n = json_is_array(j) ? json_array_size(j) : 0;
	for (size_t i = 0; it || i < n; i++) {
		if (it) {
			key = json_object_iter_key(it);
			v = json_object_iter_value(it);
			key_text(k, 'k', key, strlen(key));
			it = json_object_iter_next((json_t *)j, it);
		} else {
			v = json_array_get(j, i);
		}
		if (json_is_string(v)) {
			key_text(k, 's', json_string_value(v), json_string_length(v));
		} else if (json_is_integer(v)) {
			json_int_t x = json_integer_value(v);
			key_put(k, "i", 1), key_put(k, &x, sizeof x);
		} else if (json_is_real(v)) {
			double x = json_real_value(v);
			key_put(k, "r", 1), key_put(k, &x, sizeof x);
		} else if (json_is_boolean(v) || json_is_null(v)) {
			key_put(k, json_is_true(v) ? "t" : json_is_false(v) ? "f" : "n", 1);
		} else {
			return false;
		}
	}
	return true;
}

static const char memo_leaf;
static struct pv *from_json(struct arena *a, const json_t *j, struct leaf_key *k);

static struct pv *container_from_json(struct arena *a, const json_t *j, struct leaf_key *k)
{
	bool is_leaf = leaf(j, k);
	struct pv *v = is_leaf ? shared(a, &memo_leaf, k->s, k->n) : NULL;
	if (v)
		return v;
	const char *key;
	json_t *x;
	size_t i;
	if (json_is_object(j)) {
		v = pv_map(a);
		json_object_foreach((json_t *)j, key, x)
			pv_set(a, v, arena_intern(a, key, strlen(key)), from_json(a, x, k));
	} else {
		v = pv_list(a);
		json_array_foreach(j, i, x)
			pv_push(a, v, from_json(a, x, k));
	}
	if (!is_leaf)
		return v;
	void *copy = arena_alloc(a, k->n);
	memcpy(copy, k->s, k->n);
	return pv_memo_put(a, &memo_leaf, copy, k->n, v);
}

/* Arrays and objects of scalars (a schema's {"type": "string"}, a
 * pattern's list of sources) are made once per arena and shared, their
 * keys interned: a schema registry of a thousand events repeats them. */
static struct pv *from_json(struct arena *a, const json_t *j, struct leaf_key *k)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		return container_from_json(a, j, k);
	case JSON_STRING:
		return pv_str_copy(a, json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
		return pv_int(a, json_integer_value(j));
	case JSON_REAL: {
		struct pv *v = pv_new(a, PV_NUM);
		v->d = json_real_value(j);
		return v;
	}
	case JSON_TRUE:
		return pv_bool(a, true);
	case JSON_FALSE:
		return pv_bool(a, false);
	case JSON_NULL:
		break;
	}
	struct pv *v = shared(a, &memo_null, "", 0);
	return v ? v : share(a, &memo_null, "", 0, pv_new(a, PV_NULL));
}

struct pv *pv_from_json(struct arena *a, const json_t *j)
{
	struct leaf_key k = { 0 };
	struct pv *v = from_json(a, j, &k);
	free(k.s);
	return v;
}

struct pv *pv_secret(struct arena *a, const char *secret, const char *key)
{
	struct pv *v = pv_new(a, PV_SECRET);
	v->s = secret;
	v->key = key;
	return v;
}

struct pv *pv_hint(struct arena *a, struct pv *v, const char *hint)
{
	if (v && v->shared) {
		/* a shared literal stands in other places, which the hint is not of */
		struct pv *c = pv_new(a, v->kind);
		*c = *v;
		c->shared = false;
		v = c;
	}
	if (v)
		v->hint = hint;
	return v;
}

struct pv *pv_memo(struct arena *a, const void *tag, const void *key, size_t n)
{
	return shared(a, tag, key, n);
}

static void freeze(struct pv *v)
{
	if (!v || v->shared)
		return;
	v->shared = true;
	for (size_t i = 0; i < v->items.n; i++)
		freeze(v->items.items[i]);
}

struct pv *pv_memo_put(struct arena *a, const void *tag, const void *key, size_t n, struct pv *v)
{
	freeze(v);
	arena_memo_put(a, tag, key, n, v);
	return v;
}

/* Sanitizer builds stop where a shared value would be changed, which
 * would change it wherever it stands. */
static void check_unshared(const struct pv *v)
{
#ifdef EVENTC_ARENA_EACH
	if (v->shared)
		abort();
#else
	(void)v;
#endif
}

void pv_push(struct arena *a, struct pv *list, struct pv *item)
{
	check_unshared(list);
	vec_push(a, &list->items, item);
}

void pv_append(struct arena *a, struct pv *c, struct pv *item, const char *key)
{
	check_unshared(c);
	if (c->kind == PV_MAP)
		vec_push_pair(a, &c->items, item, (void *)key);
	else
		vec_push(a, &c->items, item);
}

void pv_set(struct arena *a, struct pv *map, const char *key, struct pv *value)
{
	if (!value)
		return;
	check_unshared(map);
	for (size_t i = 0; i < map->items.n; i++) {
		if (pv_key_equal(pv_key(map, i), key)) {
			map->items.items[i] = value;
			return;
		}
	}
	vec_push_pair(a, &map->items, value, (void *)key);
}

struct pv *pv_get(const struct pv *map, const char *key)
{
	if (!map || map->kind != PV_MAP)
		return NULL;
	for (size_t i = 0; i < map->items.n; i++)
		if (pv_key_equal(pv_key(map, i), key))
			return map->items.items[i];
	return NULL;
}

void pv_lit(struct arena *a, struct pv *join, const char *s)
{
	pv_push(a, join, pv_str(a, s));
}

void pv_part(struct arena *a, struct pv *join, struct pv *part)
{
	if (part->kind == PV_JOIN) {
		for (size_t i = 0; i < part->items.n; i++)
			pv_push(a, join, part->items.items[i]);
		return;
	}
	pv_push(a, join, part);
}

static bool items_equal(const struct vec *x, const struct vec *y)
{
	if (x->n != y->n)
		return false;
	for (size_t i = 0; i < x->n; i++)
		if (!pv_equal(x->items[i], y->items[i]))
			return false;
	return true;
}

bool pv_equal(const struct pv *x, const struct pv *y)
{
	if (!x || !y)
		return x == y;
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case PV_STR:
		return !strcmp(x->s, y->s);
	case PV_INT:
		return x->i == y->i;
	case PV_NUM:
		return x->d == y->d;
	case PV_BOOL:
		return x->b == y->b;
	case PV_NULL:
		return true;
	case PV_REF:
		return x->attr == y->attr && !strcmp(x->s, y->s);
	case PV_PSEUDO:
		return x->pseudo == y->pseudo;
	case PV_SECRET:
		return !strcmp(x->s, y->s) && !x->key == !y->key && (!x->key || !strcmp(x->key, y->key));
	case PV_NAME:
		return x->max == y->max && !strcmp(x->s, y->s);
	case PV_MAP:
		if (x->items.n != y->items.n)
			return false;
		for (size_t i = 0; i < x->items.n; i++)
			if (strcmp(pv_key(x, i), pv_key(y, i)))
				return false;
		return items_equal(&x->items, &y->items);
	case PV_DOC:
		return x->b == y->b && items_equal(&x->items, &y->items);
	case PV_LIST:
	case PV_JOIN:
	case PV_ENVS:
		return items_equal(&x->items, &y->items);
	}
	return false;
}

const char *pv_text(struct arena *a, const struct pv *v, size_t env, const struct p_env *e)
{
	v = pv_in_env(v, env);
	if (!v)
		return NULL;
	switch (v->kind) {
	case PV_STR:
		return v->s;
	case PV_NAME:
		return v->texts[env];
	case PV_REF:
		return v->texts ? v->texts[env] : NULL;
	case PV_PSEUDO:
		return v->pseudo == PP_ENVIRONMENT ? e->name : v->pseudo == PP_TENANT ? e->tenant : NULL;
	case PV_JOIN: {
		const char *out = "";
		for (size_t i = 0; i < v->items.n; i++) {
			const char *t = pv_text(a, v->items.items[i], env, e);
			if (!t)
				return NULL;
			out = arena_printf(a, "%s%s", out, t);
		}
		return out;
	}
	default:
		return NULL;
	}
}

json_t *pv_json(const struct pv *v, size_t env)
{
	v = pv_in_env(v, env);
	if (!v)
		return NULL;
	switch (v->kind) {
	case PV_STR: return json_string(v->s);
	case PV_INT: return json_integer(v->i);
	case PV_NUM: return json_real(v->d);
	case PV_BOOL: return json_boolean(v->b);
	case PV_NULL: return json_null();
	case PV_NAME: return json_string(v->texts[env]);
	case PV_REF: return v->texts ? json_string(v->texts[env]) : NULL;
	case PV_DOC: return pv_json(v->items.items[0], env);
	case PV_LIST: {
		json_t *l = json_array();
		for (size_t i = 0; i < v->items.n; i++) {
			json_t *x = pv_json(v->items.items[i], env);
			if (x)
				json_array_append_new(l, x);
		}
		return l;
	}
	case PV_MAP: {
		json_t *o = json_object();
		for (size_t i = 0; i < v->items.n; i++) {
			json_t *x = pv_json(v->items.items[i], env);
			if (x)
				json_object_set_new(o, pv_key(v, i), x);
		}
		return o;
	}
	default:
		return NULL;
	}
}

bool pv_absent(const struct pv *x, size_t env)
{
	switch (x->kind) {
	case PV_STR: return !x->s;
	case PV_NAME: return !x->texts[env];
	case PV_REF: return x->texts && !x->texts[env];
	case PV_DOC: { /* one that stays an object is its body's */
		const struct pv *body = pv_in_env(x->items.items[0], env);
		return !x->b && body && pv_absent(body, env);
	}
	default: return false;
	}
}
