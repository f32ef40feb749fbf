/* parallel.c - jobs taken in turn by worker threads: an atomic counter
 * hands out the next job, so that a thread that finished a short job
 * takes another instead of waiting for a long one to end. */
#include "parallel.h"
#include "xalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct pool {
	size_t n;
	const size_t *order;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	atomic_size_t next;
};

static void *work(void *arg)
{
	struct pool *p = arg;
	for (size_t k; (k = atomic_fetch_add(&p->next, 1)) < p->n;)
		p->fn(p->ctx, p->order ? p->order[k] : k);
	return NULL;
}

void parallel_run(size_t n, unsigned workers, const size_t *order, void (*fn)(void *ctx, size_t i), void *ctx)
{
	struct pool p = { .n = n, .order = order, .fn = fn, .ctx = ctx };
	atomic_init(&p.next, 0);
	if (workers > n)
		workers = (unsigned)n;
	pthread_t *threads = workers > 1 ? xcalloc(workers - 1, sizeof *threads) : NULL;
	unsigned started = 0;
	for (unsigned w = 1; w < workers; w++)
		if (pthread_create(&threads[started], NULL, work, &p) == 0)
			started++;
	work(&p);
	for (unsigned w = 0; w < started; w++)
		pthread_join(threads[w], NULL);
	free(threads);
}

unsigned parallel_workers(unsigned want)
{
	long n = want ? (long)want : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n < PARALLEL_MAX ? (unsigned)n : PARALLEL_MAX;
}
