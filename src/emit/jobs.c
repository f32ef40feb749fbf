/* jobs.c - a build's renderers run beside each other: one job per target
 * and environment (Terraform: one for all), taken by worker threads in
 * order of cost, each rendering into an arena and a part of the output set
 * of its own. The plan is only read. The parts join the set in the table's
 * order, whatever order the jobs ended in, so that the files, the manifest
 * and every message are the same for any number of workers. */
#include "emit.h"

#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "parallel.h"
#include "xalloc.h"

struct job {
	const struct backend *b;
	size_t env;
	struct arena *a;
	struct outset out;
	struct emit_status st;
	bool ok;
};

struct emit_run {
	const struct p_plan *p;
	const struct backend_options *o;
	struct job *jobs;   /* in the order the parts join */
	size_t n;
	size_t *start;      /* indexes of JOBS in the order they are taken */
};

static void work(void *ctx, size_t i)
{
	struct emit_run *r = ctx;
	struct job *j = &r->jobs[i];
	j->ok = j->b->emit(j->a, r->p, j->env, r->o, &j->out, &j->st);
}

/* The costliest first, so that a long job does not start last; the
 * table's order among equals (an insertion sort: a handful of jobs). */
static void order_starts(struct emit_run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		size_t k = i;
		for (; k > 0 && r->jobs[r->start[k - 1]].b->cost < r->jobs[i].b->cost; k--)
			r->start[k] = r->start[k - 1];
		r->start[k] = i;
	}
}

/* B's jobs: one an environment, or one for all. */
static size_t jobs_of(const struct backend *b, const struct p_plan *p)
{
	return b->per_env ? p->n_envs : 1;
}

static void add_jobs(struct emit_run *r, const struct backend *b, const struct outset *out)
{
	for (size_t env = 0; env < jobs_of(b, r->p); env++) {
		struct job *j = &r->jobs[r->n];
		j->b = b;
		j->env = env;
		j->a = arena_new();
		outset_part(&j->out, out, j->a, (unsigned)r->n);
		r->n++;
	}
}

struct emit_run *emit_run(const struct p_plan *p, const struct backend *const *chosen, const struct backend_options *o,
			  struct outset *out, unsigned workers, bool *ok)
{
	struct emit_run *r = xcalloc(1, sizeof *r);
	r->p = p;
	r->o = o;
	size_t most = 0, nb = backend_count();
	for (size_t i = 0; i < nb; i++)
		most += chosen[i] ? jobs_of(chosen[i], p) : 0;
	r->jobs = xcalloc(most ? most : 1, sizeof *r->jobs);
	r->start = xcalloc(most ? most : 1, sizeof *r->start);
	for (size_t i = 0; i < nb; i++)
		if (chosen[i])
			add_jobs(r, chosen[i], out);
	order_starts(r);
	parallel_run(r->n, workers, r->start, work, r);
	/* every part joins, so that a failed build removes every staged
	 * file; the first failure is said, as a build one job at a time
	 * would stop there */
	*ok = true;
	for (size_t i = 0; i < r->n; i++) {
		struct job *j = &r->jobs[i];
		outset_join(out, &j->out);
		if (!*ok)
			continue;
		if (!j->ok) {
			fprintf(stderr, "eventc: %s\n", j->st.failure);
			*ok = false;
		} else if (j->st.limit) {
			diag_error(p->loc, DIAG_RESOURCE_LIMIT, "%s", j->st.limit);
		}
	}
	return r;
}

void emit_run_free(struct emit_run *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		arena_free(r->jobs[i].a);
	free(r->jobs);
	free(r->start);
	free(r);
}
