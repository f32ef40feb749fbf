/* jshare.c - shared JSON values: an open-addressed table of the values
 * made so far. A container is found by its members' identities, so equal
 * subtrees become one bottom-up, each looked at once. */
#include "jshare.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct jshare_slot {
	uint64_t hash;
	json_t *v; /* NULL: empty */
};

struct jshare {
	struct jshare_slot *slots;
	size_t cap, n; /* cap: a power of two */
};

#define FNV_BASIS 14695981039346656037u
#define FNV_PRIME 1099511628211u

static uint64_t mix_bytes(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
	return h;
}

static uint64_t mix_word(uint64_t h, uint64_t w)
{
	h ^= w + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
	return h * FNV_PRIME;
}

struct jshare *jshare_new(void)
{
	struct jshare *j = xcalloc(1, sizeof *j);
	j->cap = 1024;
	j->slots = xcalloc(j->cap, sizeof *j->slots);
	return j;
}

static void grow(struct jshare *j)
{
	struct jshare_slot *old = j->slots;
	size_t old_cap = j->cap;
	j->cap *= 2;
	j->slots = xcalloc(j->cap, sizeof *j->slots);
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].v)
			continue;
		size_t at = old[i].hash & (j->cap - 1);
		while (j->slots[at].v)
			at = (at + 1) & (j->cap - 1);
		j->slots[at] = old[i];
	}
	free(old);
}

/* X into the empty slot AT found for hash H; a new reference to it. */
static json_t *insert(struct jshare *j, size_t at, uint64_t h, json_t *x)
{
	j->slots[at] = (struct jshare_slot){ h, x };
	if (4 * ++j->n > 3 * j->cap)
		grow(j);
	return json_incref(x);
}

json_t *jshare_string(struct jshare *j, const char *s)
{
	if (!s)
		return NULL;
	size_t len = strlen(s);
	uint64_t h = mix_bytes(FNV_BASIS ^ JSON_STRING, s, len);
	size_t at = h & (j->cap - 1);
	for (; j->slots[at].v; at = (at + 1) & (j->cap - 1)) {
		const json_t *x = j->slots[at].v;
		if (j->slots[at].hash == h && json_is_string(x) && json_string_length(x) == len &&
		    !memcmp(json_string_value(x), s, len))
			return json_incref(j->slots[at].v);
	}
	json_t *x = json_stringn(s, len);
	return x ? insert(j, at, h, x) : NULL;
}

json_t *jshare_integer(struct jshare *j, json_int_t v)
{
	uint64_t h = mix_word(FNV_BASIS ^ JSON_INTEGER, (uint64_t)v);
	size_t at = h & (j->cap - 1);
	for (; j->slots[at].v; at = (at + 1) & (j->cap - 1)) {
		const json_t *x = j->slots[at].v;
		if (j->slots[at].hash == h && json_is_integer(x) && json_integer_value(x) == v)
			return json_incref(j->slots[at].v);
	}
	return insert(j, at, h, json_integer(v));
}

static uint64_t node_hash(const json_t *x)
{
	uint64_t h = mix_word(FNV_BASIS, (uint64_t)json_typeof(x));
	if (json_is_array(x)) {
		size_t i;
		json_t *v;
		json_array_foreach(x, i, v)
			h = mix_word(h, (uint64_t)(uintptr_t)v);
		return h;
	}
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)x, k, v)
		h = mix_word(mix_bytes(h, k, strlen(k) + 1), (uint64_t)(uintptr_t)v);
	return h;
}

/* Same type, same keys in the same order, the very same members. */
static bool same_node(const json_t *x, const json_t *y)
{
	if (json_typeof(x) != json_typeof(y))
		return false;
	if (json_is_array(x)) {
		size_t n = json_array_size(x);
		if (n != json_array_size(y))
			return false;
		for (size_t i = 0; i < n; i++)
			if (json_array_get(x, i) != json_array_get(y, i))
				return false;
		return true;
	}
	if (json_object_size(x) != json_object_size(y))
		return false;
	void *a = json_object_iter((json_t *)x), *b = json_object_iter((json_t *)y);
	for (; a && b; a = json_object_iter_next((json_t *)x, a), b = json_object_iter_next((json_t *)y, b))
		if (json_object_iter_value(a) != json_object_iter_value(b) ||
		    strcmp(json_object_iter_key(a), json_object_iter_key(b)))
			return false;
	return !a && !b;
}

json_t *jshare_node(struct jshare *j, json_t *made)
{
	if (!json_is_object(made) && !json_is_array(made))
		return made;
	uint64_t h = node_hash(made);
	size_t at = h & (j->cap - 1);
	for (; j->slots[at].v; at = (at + 1) & (j->cap - 1)) {
		json_t *x = j->slots[at].v;
		if (j->slots[at].hash == h && same_node(x, made)) {
			json_decref(made);
			return json_incref(x);
		}
	}
	insert(j, at, h, made);
	return made; /* the caller's reference, and the table's own */
}

void jshare_free(struct jshare *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->cap; i++)
		json_decref(j->slots[i].v);
	free(j->slots);
	free(j);
}
