/* xalloc.h - the one out-of-memory path: every allocation that is not in
 * an arena goes through these, and jansson's too (main sets them as its
 * allocator), so that running out of memory prints one message and exits
 * with status 3 instead of failing somewhere later. */
#ifndef EVENTC_XALLOC_H
#define EVENTC_XALLOC_H

#include <jansson.h>
#include <stddef.h>

/* At start-up: jansson allocates through these. */
void xalloc_init(void);
/* The memory freed so far, given back to the system where the C library
 * can: what one thread freed is not reused by another (glibc keeps a heap
 * a thread), and a renderer in a thread of its own would add its memory
 * to what the planner freed instead of reusing it. */
void xalloc_give_back(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* For an allocation not made here (open_memstream, strdup in a library):
 * the same message and exit status. */
_Noreturn void xalloc_die(void);

/* json_pack whose failure is a bug in eventc (a NULL string, a bad
 * format), never a value to pass on: it says so and aborts. */
json_t *jpack(const char *fmt, ...);

#endif
