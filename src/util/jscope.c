/* jscope.c - jscope.h's scopes. A region is reserved address space
 * (mmap'd without reserving swap), taken in order; a free inside it is
 * nothing. Regions are kept in a pool once their scope is freed: the pages
 * a scope touched are reused by the next one instead of being faulted in
 * again, as malloc reuses what was freed. */
#include "jscope.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "xalloc.h"

struct jscope {
	char *base, *next, *end; /* the region; base NULL: none */
	size_t made, freed;      /* EVENTC_ARENA_EACH: values of this scope */
	struct jscope *pooled;   /* the next in the pool */
};

/* Address space only: a page counts once it is written. Past it, a scope
 * allocates with malloc. */
#define REGION_BYTES ((size_t)1 << 34)
#define ALIGN 16

static _Thread_local struct jscope *current;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct jscope *pool;

static void reserve(struct jscope *s)
{
#ifndef EVENTC_ARENA_EACH
	void *p = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p != MAP_FAILED) {
		s->base = s->next = p;
		s->end = s->base + REGION_BYTES;
	}
#else
	(void)s;
#endif
}

struct jscope *jscope_new(void)
{
	pthread_mutex_lock(&pool_lock);
	struct jscope *s = pool;
	if (s)
		pool = s->pooled;
	pthread_mutex_unlock(&pool_lock);
	if (!s) {
		s = xcalloc(1, sizeof *s);
		reserve(s);
	}
	s->pooled = NULL;
	return s;
}

void jscope_enter(struct jscope *s)
{
	s->next = s->base;
	s->made = s->freed = 0;
	current = s;
}

void jscope_leave(struct jscope *s)
{
	current = NULL;
#ifdef EVENTC_ARENA_EACH
	if (s->made != s->freed) {
		fprintf(stderr, "eventc: internal error: %zu of the %zu JSON values made in a scope outlive it\n",
			s->made - s->freed, s->made);
		abort();
	}
#endif
	s->next = s->base;
}

void jscope_free(struct jscope *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&pool_lock);
	s->pooled = pool;
	pool = s;
	pthread_mutex_unlock(&pool_lock);
}

#ifndef EVENTC_ARENA_EACH

void *jscope_alloc(size_t n)
{
	struct jscope *s = current;
	if (s && s->base) {
		size_t need = n ? (n + ALIGN - 1) & ~(size_t)(ALIGN - 1) : ALIGN;
		if (need <= (size_t)(s->end - s->next)) {
			void *p = s->next;
			s->next += need;
			return p;
		}
	}
	return xmalloc(n);
}

void jscope_release(void *p)
{
	struct jscope *s = current;
	if (s && (uintptr_t)p - (uintptr_t)s->base < (uintptr_t)(s->end - s->base))
		return; /* let go with the region */
	free(p);
}

#else

/* Each value is malloc's, after a header that names its scope (NULL: made
 * outside any), so that a scope's values are counted however they go. */
struct header {
	struct jscope *scope;
	size_t pad; /* malloc's alignment for what follows */
};

void *jscope_alloc(size_t n)
{
	struct header *h = xmalloc(sizeof *h + n);
	h->scope = current;
	if (current)
		current->made++;
	return h + 1;
}

void jscope_release(void *p)
{
	if (!p)
		return;
	struct header *h = (struct header *)p - 1;
	if (h->scope)
		h->scope->freed++;
	free(h);
}

#endif
