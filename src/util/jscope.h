/* jscope.h - a scope for jansson's allocations: between jscope_enter and
 * jscope_leave, what jansson allocates on this thread is taken in order
 * from one region and its frees cost nothing; the region is reused whole
 * by the next scope. A renderer makes a tree, writes it and lets it go
 * whole (a CloudFormation template, a nested stack): through malloc,
 * letting it go cost as much as making it. (The alarms file's tree is not
 * in one: its region could not reuse what malloc held freed, and the
 * build's peak memory rose.)
 *
 * The contract: every value made in a scope is freed (its last reference
 * dropped) before the scope ends, and none is made in one and freed in
 * another. Sanitizer and valgrind builds (EVENTC_ARENA_EACH) allocate each
 * value with malloc as usual, count what each scope made and freed, and
 * abort at jscope_leave when the two differ. */
#ifndef EVENTC_JSCOPE_H
#define EVENTC_JSCOPE_H

#include <stddef.h>

struct jscope;

/* A scope, with a region of its own (one of those earlier scopes gave
 * back, when there is one). Where no region can be had, the scope is
 * malloc's as usual. */
struct jscope *jscope_new(void);
/* From here, this thread's jansson allocations are S's. Scopes do not
 * nest: entering S leaves whatever scope the thread was in. */
void jscope_enter(struct jscope *s);
/* Back to malloc; S's region is reused from its start at the next enter. */
void jscope_leave(struct jscope *s);
/* S's region, kept for a later scope. */
void jscope_free(struct jscope *s);

/* jansson's allocator (xalloc_init sets them, before any value is made:
 * in sanitizer builds each value has a header these read). */
void *jscope_alloc(size_t n);
void jscope_release(void *p);

#endif
