/* arena.c - bump allocator with an intern table. */
#include "arena.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64 * 1024)
/* Eight, not max_align_t's 16: nothing in an arena is a long double, and
 * short strings, vectors of an odd count and the objects of 8 bytes past
 * a multiple of 16 (the plan's values were, at 72) take more room rounded
 * up to 16. */
#define ALIGN 8
_Static_assert(ALIGN >= _Alignof(void *) && ALIGN >= _Alignof(long long) && ALIGN >= _Alignof(double),
	       "arena objects hold pointers, 64-bit integers and doubles");

struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(ALIGN) unsigned char data[];
};

/* An entry of the arena's one hash table: an interned string (TAG NULL,
 * S its copy) or a memo (S the caller's key, VALUE the caller's). */
struct istr {
	struct istr *next;
	const void *tag;
	const char *s;
	void *value;
	size_t len;
	uint32_t hash;
};

struct arena {
	struct chunk *head;
	struct istr **buckets;
	size_t nbuckets, nstrings;
	struct arena *children, *next_child; /* arena_attach's, freed with it */
	const struct arena *first;           /* arena_intern_first's */
	void **spare[32];                    /* vec_push's: arrays of 2 << I slots a vector outgrew */
};

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a);
	memset(a, 0, sizeof *a);
	return a;
}

size_t arena_size(const struct arena *a)
{
	size_t n = 0;
	for (const struct chunk *c = a->head; c; c = c->next)
		n += c->size;
	for (const struct arena *c = a->children; c; c = c->next_child)
		n += arena_size(c);
	return n;
}

static void add_spans(const struct arena *a, struct arena_span **s, size_t *n, size_t *cap)
{
	for (const struct chunk *c = a->head; c; c = c->next) {
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			*s = xrealloc(*s, *cap * sizeof **s);
		}
		(*s)[(*n)++] = (struct arena_span){ (uintptr_t)c->data, (uintptr_t)(c->data + c->size) };
	}
	for (const struct arena *c = a->children; c; c = c->next_child)
		add_spans(c, s, n, cap);
}

static int span_order(const void *x, const void *y)
{
	uintptr_t a = ((const struct arena_span *)x)->start, b = ((const struct arena_span *)y)->start;
	return a < b ? -1 : a > b;
}

struct arena_span *arena_spans(const struct arena *a, size_t *n)
{
	struct arena_span *s = NULL;
	size_t cap = 0;
	*n = 0;
	add_spans(a, &s, n, &cap);
	if (*n)
		qsort(s, *n, sizeof *s, span_order);
	return s;
}

bool arena_spans_hold(const struct arena_span *s, size_t n, const void *p)
{
	uintptr_t q = (uintptr_t)p;
	size_t lo = 0, hi = n; /* the last span that starts at or below Q is the one */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s[mid].start <= q)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && q < s[lo - 1].end;
}

void arena_attach(struct arena *parent, struct arena *child)
{
	child->next_child = parent->children;
	parent->children = child;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct arena *c = a->children, *next; c; c = next) {
		next = c->next_child;
		arena_free(c);
	}
	for (struct chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a->buckets);
	free(a);
}

void arena_reset(struct arena *a)
{
	for (struct chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	memset(a->spare, 0, sizeof a->spare);
	if (a->buckets)
		memset(a->buckets, 0, a->nbuckets * sizeof *a->buckets);
	a->nstrings = 0;
}

void *arena_alloc(struct arena *a, size_t size)
{
#ifdef EVENTC_ARENA_EACH
	/* Sanitizer and fuzz builds: each object in an allocation of its own,
	 * of exactly its size, so that AddressSanitizer (and valgrind) see an
	 * overrun by one byte, which a shared chunk would hide. */
	struct chunk *e = xmalloc(sizeof *e + size);
	e->size = e->used = size;
	e->next = a->head;
	a->head = e;
	memset(e->data, 0, size);
	return e->data;
#endif
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t csize = size > CHUNK_MIN ? size : CHUNK_MIN;
		c = xmalloc(sizeof *c + csize);
		c->size = csize;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* Whether FMT converts nothing but strings (%s, and %% for a '%'). */
static bool strings_only(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		if (p[1] != 's' && p[1] != '%')
			return false;
	return true;
}

/* FMT of strings only, joined directly: its length counted first, then
 * copied once (what vsnprintf prints, "(null)" for a null string). */
static char *join_strings(struct arena *a, const char *fmt, va_list ap)
{
	va_list count;
	va_copy(count, ap);
	size_t n = 0;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			n++;
		} else if (*++p == 's') {
			const char *s = va_arg(count, const char *);
			n += strlen(s ? s : "(null)");
		} else {
			n++;
		}
	}
	va_end(count);
	char *out = arena_alloc(a, n + 1), *o = out;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			*o++ = *p;
		} else if (*++p == 's') {
			const char *s = va_arg(ap, const char *);
			o = stpcpy(o, s ? s : "(null)");
		} else {
			*o++ = '%';
		}
	}
	*o = '\0';
	return out;
}

/* Most formats are words and %s, joined here: vsnprintf took about a
 * thousand instructions a call, a tenth of a build's. Others print in one
 * pass into a buffer on the stack, and a second only when they do not
 * fit. */
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	if (strings_only(fmt))
		return join_strings(a, fmt, ap);
	char buf[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(buf, sizeof buf, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof buf)
		return arena_strndup(a, buf, (size_t)n);
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void intern_grow(struct arena *a)
{
	size_t nb = a->nbuckets ? a->nbuckets * 2 : 256;
	struct istr **b = xmalloc(nb * sizeof *b);
	memset(b, 0, nb * sizeof *b);
	for (size_t i = 0; i < a->nbuckets; i++) {
		for (struct istr *e = a->buckets[i], *next; e; e = next) {
			next = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(a->buckets);
	a->buckets = b;
	a->nbuckets = nb;
}

/* The tag goes into the hash so that equal keys of two tags (the text
 * "1" and the integer 1 of another memo) seldom share a bucket. */
static uint32_t tagged_hash(const void *tag, const void *key, size_t n)
{
	return hash_bytes((const char *)key, n) ^ (uint32_t)((uintptr_t)tag * 2654435761u);
}

/* Whether E is the entry of TAG and KEY (N bytes, hash H). */
static bool entry_is(const struct istr *e, const void *tag, const void *key, size_t n, uint32_t h)
{
	return e->hash == h && e->tag == tag && e->len == n && memcmp(e->s, key, n) == 0;
}

/* The entry of TAG and KEY, or the slot where it would go. */
static struct istr **table_find(struct arena *a, const void *tag, const void *key, size_t n, uint32_t h)
{
	if (a->nstrings >= a->nbuckets)
		intern_grow(a);
	struct istr **slot = &a->buckets[h & (a->nbuckets - 1)];
	while (*slot && !entry_is(*slot, tag, key, n, h))
		slot = &(*slot)->next;
	return slot;
}

static struct istr *table_add(struct arena *a, struct istr **slot, const void *tag, const char *s, size_t n,
			      uint32_t h)
{
	struct istr *e = arena_alloc(a, sizeof *e);
	e->tag = tag;
	e->s = s;
	e->len = n;
	e->hash = h;
	*slot = e;
	a->nstrings++;
	return e;
}

/* TAG and KEY's entry in A, looked for without changing A (no growth). */
static const struct istr *table_probe(const struct arena *a, const void *tag, const void *key, size_t n, uint32_t h)
{
	if (!a->nbuckets)
		return NULL;
	const struct istr *e = a->buckets[h & (a->nbuckets - 1)];
	while (e && !entry_is(e, tag, key, n, h))
		e = e->next;
	return e;
}

void arena_intern_first(struct arena *a, const struct arena *first)
{
	a->first = first;
}

const char *arena_intern(struct arena *a, const char *s, size_t n)
{
	uint32_t h = tagged_hash(NULL, s, n);
	if (a->first) {
		const struct istr *e = table_probe(a->first, NULL, s, n, h);
		if (e)
			return e->s;
	}
	struct istr **slot = table_find(a, NULL, s, n, h);
	if (*slot)
		return (*slot)->s;
	return table_add(a, slot, NULL, arena_strndup(a, s, n), n, h)->s;
}

void *arena_memo_get(struct arena *a, const void *tag, const void *key, size_t n)
{
	struct istr *e = *table_find(a, tag, key, n, tagged_hash(tag, key, n));
	return e ? e->value : NULL;
}

void arena_memo_put(struct arena *a, const void *tag, const void *key, size_t n, void *value)
{
	uint32_t h = tagged_hash(tag, key, n);
	struct istr **slot = table_find(a, tag, key, n, h);
	if (*slot)
		(*slot)->value = value;
	else
		table_add(a, slot, tag, key, n, h)->value = value;
}

void *arena_memo_get_ptr(struct arena *a, const void *tag, const void *ptr)
{
	return arena_memo_get(a, tag, &ptr, sizeof ptr);
}

void arena_memo_put_ptr(struct arena *a, const void *tag, const void *ptr, void *value)
{
	const void **key = arena_alloc(a, sizeof *key);
	*key = ptr;
	arena_memo_put(a, tag, key, sizeof *key, value);
}

/* The class of a vector's array of CAP slots (a power of two, from 2). */
static unsigned spare_class(uint32_t cap)
{
	unsigned k = 0;
	while (cap > 2u << k)
		k++;
	return k;
}

/* An array of CAP slots a vector outgrew, for the next to grow to CAP. */
static void **spare_take(struct arena *a, uint32_t cap)
{
	unsigned k = spare_class(cap);
	void **items = k < 32 ? a->spare[k] : NULL;
	if (items)
		a->spare[k] = items[0];
	return items;
}

/* ITEMS, of CAP slots, left behind by a vector that grew. Only an array in
 * the newest chunk is kept: that one is this arena's for certain (a vector
 * may be grown in an arena other than the one it was made in), and most
 * arrays are outgrown soon after they are made. Sanitizer builds keep none
 * and spoil what was left, so that a reader of an old array fails there,
 * as it would when the array is taken again. */
static void spare_give(struct arena *a, void **items, uint32_t cap)
{
#ifdef EVENTC_ARENA_EACH
	memset(items, 0xa5, cap * sizeof *items);
	(void)a;
#else
	const struct chunk *c = a->head;
	unsigned k = spare_class(cap);
	if (k >= 32 || !c || (unsigned char *)items < c->data || (unsigned char *)items >= c->data + c->used)
		return;
	items[0] = a->spare[k];
	a->spare[k] = items;
#endif
}

/* Of a 1,000-chain plan's maps and lists, three in four hold one or two
 * items, so a vector starts with two slots and doubles. The arrays it
 * leaves behind are taken by the next vectors to grow (most grow at once
 * from two to four to eight): massif put vectors at 11.8 MB of a
 * 300-chain build's 46.8 MB heap peak without that, 8.2 of 43.0 with. */
/* V, full, with twice the room: its array of CAP slots, or of 2 CAP for
 * a vector of pairs (PAIRS), the mates past the items. */
static void vec_grow(struct arena *a, struct vec *v, bool pairs)
{
	unsigned per = pairs ? 2 : 1;
	if (v->cap > UINT32_MAX / (2 * per))
		xalloc_die();
	uint32_t cap = v->cap ? v->cap * 2 : 2;
	void **items = spare_take(a, per * cap);
	if (!items)
		items = arena_alloc(a, per * cap * sizeof *items);
	if (v->n) {
		memcpy(items, v->items, v->n * sizeof *items);
		if (pairs)
			memcpy(items + cap, v->items + v->cap, v->n * sizeof *items);
		spare_give(a, v->items, per * v->cap);
	}
	v->items = items;
	v->cap = cap;
}

void vec_push(struct arena *a, struct vec *v, void *item)
{
	if (v->n == v->cap)
		vec_grow(a, v, false);
	v->items[v->n++] = item;
}

/* As vec_push, but the array holds twice CAP slots, the mates past the
 * items: a map's keys beside its values in one array, where two vectors
 * were two arrays and a node's two counts. */
void vec_push_pair(struct arena *a, struct vec *v, void *item, void *mate)
{
	if (v->n == v->cap)
		vec_grow(a, v, true);
	v->items[v->cap + v->n] = mate;
	v->items[v->n++] = item;
}

/* ---- string maps ---- */

struct strmap_entry {
	const char *key;
	void *value;
};

struct strmap {
	struct arena *a;
	struct strmap_entry *slots;
	size_t cap, n;
};

struct strmap *strmap_new(struct arena *a)
{
	struct strmap *m = arena_alloc(a, sizeof *m);
	m->a = a;
	return m;
}

static struct strmap_entry *strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = hash_bytes(key, strlen(key)) & (m->cap - 1);
	while (m->slots[i].key && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

void strmap_put(struct strmap *m, const char *key, void *value)
{
	if (4 * (m->n + 1) > 3 * m->cap) {
		struct strmap old = *m;
		m->cap = old.cap ? 2 * old.cap : 64;
		m->slots = arena_alloc(m->a, m->cap * sizeof *m->slots);
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				strmap_put(m, old.slots[i].key, old.slots[i].value);
	}
	struct strmap_entry *e = strmap_slot(m, key);
	if (!e->key)
		m->n++;
	e->key = key;
	e->value = value;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	if (!m || !m->cap)
		return NULL;
	return strmap_slot(m, key)->value;
}
