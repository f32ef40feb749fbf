/* jshare.c - shared JSON strings: an open-addressed table of the strings
 * made so far, by text. */
#include "jshare.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct jshare_slot {
	uint32_t hash;
	json_t *s; /* NULL: empty */
};

struct jshare {
	struct jshare_slot *slots;
	size_t cap, n; /* cap: a power of two */
};

static uint32_t text_hash(const char *s, size_t *len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	const char *p = s;
	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	*len = (size_t)(p - s);
	return h;
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
		if (!old[i].s)
			continue;
		size_t at = old[i].hash & (j->cap - 1);
		while (j->slots[at].s)
			at = (at + 1) & (j->cap - 1);
		j->slots[at] = old[i];
	}
	free(old);
}

json_t *jshare_string(struct jshare *j, const char *s)
{
	if (!s)
		return NULL;
	size_t len;
	uint32_t h = text_hash(s, &len);
	size_t at = h & (j->cap - 1);
	for (; j->slots[at].s; at = (at + 1) & (j->cap - 1)) {
		const json_t *x = j->slots[at].s;
		if (j->slots[at].hash == h && json_string_length(x) == len && !memcmp(json_string_value(x), s, len))
			return json_incref(j->slots[at].s);
	}
	json_t *x = json_stringn(s, len);
	if (!x)
		return NULL;
	j->slots[at] = (struct jshare_slot){ h, x };
	if (4 * ++j->n > 3 * j->cap)
		grow(j);
	return json_incref(x);
}

void jshare_free(struct jshare *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->cap; i++)
		json_decref(j->slots[i].s);
	free(j->slots);
	free(j);
}
