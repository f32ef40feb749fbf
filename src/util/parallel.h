/* parallel.h - a handful of independent jobs run by a few threads. */
#ifndef EVENTC_PARALLEL_H
#define EVENTC_PARALLEL_H

#include <stddef.h>

/* Calls FN(CTX, ORDER[k]) for each k below N (ORDER NULL: FN(CTX, k)),
 * each once, from WORKERS threads, this one among them, each taking the
 * next job when it is free; returns when every call has. A thread that
 * cannot be started leaves its share to the others. FN must touch nothing
 * another job does without a lock of its own. */
void parallel_run(size_t n, unsigned workers, const size_t *order, void (*fn)(void *ctx, size_t i), void *ctx);

/* The most threads a run takes (--jobs). */
#define PARALLEL_MAX 64

/* WANT, or one a processor online when WANT is 0; at most PARALLEL_MAX. */
unsigned parallel_workers(unsigned want);

#endif
