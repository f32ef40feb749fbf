/* arena.h - one bump allocator per run for the AST and the model.
 * Everything allocated here is freed at once with arena_free(). */
#ifndef EVENTC_ARENA_H
#define EVENTC_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* The bytes A holds in its chunks, its children's included. */
size_t arena_size(const struct arena *a);
/* The address ranges of A's memory, its children's included, sorted (free
 * the array with free); and whether P is in one of the N of them: for a
 * copy that need only take what dies with A. */
struct arena_span {
	uintptr_t start, end;
};
struct arena_span *arena_spans(const struct arena *a, size_t *n);
bool arena_spans_hold(const struct arena_span *s, size_t n, const void *p);
/* CHILD is freed when PARENT is (a thread's arena whose allocations the
 * run keeps): from one thread at a time. */
void arena_attach(struct arena *parent, struct arena *child);
/* arena_intern(A, S) gives FIRST's copy of S when FIRST has interned it,
 * its own otherwise: the names of a tree interned in FIRST keep their
 * identity for an arena of a thread that reads the tree. FIRST is only
 * read, and must not change while A interns. */
void arena_intern_first(struct arena *a, const struct arena *first);
/* Frees everything allocated in A, its interned strings and memos too,
 * and leaves it empty for more. */
void arena_reset(struct arena *a);
/* Zeroed memory, aligned for any object of this program (8 bytes: it
 * holds no long double, the one type that asks for 16); aborts on
 * exhaustion. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Interned string: equal contents give the same pointer. */
const char *arena_intern(struct arena *a, const char *s, size_t n);

/* A memo of values made once per arena: the value put for TAG (a
 * namespace: the address of anything of the caller's) and the N bytes at
 * KEY, or NULL. KEY is not copied: it must live as long as the arena. */
void *arena_memo_get(struct arena *a, const void *tag, const void *key, size_t n);
void arena_memo_put(struct arena *a, const void *tag, const void *key, size_t n, void *value);
/* The same memo keyed by the address PTR itself, which the arena keeps a
 * copy of (a caller's &ptr would be a key that dies with its frame). */
void *arena_memo_get_ptr(struct arena *a, const void *tag, const void *ptr);
void arena_memo_put_ptr(struct arena *a, const void *tag, const void *ptr, void *value);

/* A growable array of pointers whose storage lives in the arena. Its
 * counts are 32 bits: a plan holds two of these in every value, and no
 * list of a pattern comes near 4 billion items (vec_push says so if one
 * did, as running out of memory). */
struct vec {
	void **items;
	uint32_t n, cap;
};
void vec_push(struct arena *a, struct vec *v, void *item);
/* A vector of pairs: ITEM at items[i] and its MATE past the items, at
 * items[cap + i], in one array (a plan's maps: values, then keys). Only
 * vec_push_pair may grow such a vector. */
void vec_push_pair(struct arena *a, struct vec *v, void *item, void *mate);
static inline void *vec_mate(const struct vec *v, size_t i)
{
	return v->items[v->cap + i];
}

/* A map from strings to pointers, in the arena; the keys are not copied. */
struct strmap;
struct strmap *strmap_new(struct arena *a);
void strmap_put(struct strmap *m, const char *key, void *value);
void *strmap_get(const struct strmap *m, const char *key); /* NULL if absent */

#define vec_foreach(type, var, vec) \
	for (size_t var##_i = 0; var##_i < (vec)->n && ((var) = (type)(vec)->items[var##_i], 1); var##_i++)

#endif
