/* pipeline.c - the stages every command that plans runs in order: each
 * environment's checks (sema) and model, then its alarm set, IDs and plan,
 * both side by side in threads, then the merge of the plans into one
 * (plan_pattern, cli.h). Build, check and diff start here; what each then
 * does with the plan is in main.c and diff_cmd.c. */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "alarms.h"
#include "arena.h"
#include "cli.h"
#include "diag.h"
#include "loader.h"
#include "model.h"
#include "names.h"
#include "parallel.h"
#include "plan.h"
#include "sema.h"
#include "xalloc.h"

/* Unless --jobs says otherwise, a pattern of fewer top-level items is
 * checked and planned in one thread: a thread and its heap cost more to
 * start than such a pattern's environments take. */
#define PARALLEL_MIN_ITEMS 64
/* What planning frees (the other environments' plans once merged, and
 * what the planning threads let go before) is given back to the system
 * when those plans pass this many bytes. */
#define GIVE_BACK_MIN (16u << 20)

/* Each environment's half of planning, in threads of their own: its model
 * (model_env), then its IDs and plan (plan_env), in arenas of its own,
 * its diagnostics captured and joined in the order of the environments. */
struct env_work {
	const struct program *prog;
	const char **envs;
	const struct vars *vp;
	const struct alarms_defaults *defaults;
	struct plan_run *run;
	struct arena **lasting;  /* what the run keeps of each environment's checks */
	struct arena **own;      /* each plan's: freed once merged, but env 0's (the run's) */
	struct m_pattern **models;
	struct p_plan **plans;
	struct diag_capture **diags;
};

static void model_env(void *ctx, size_t i)
{
	struct env_work *w = ctx;
	w->diags[i] = diag_capture_begin();
	w->models[i] = sema_build(w->lasting[i], w->prog, w->envs[i], w->vp);
	diag_capture_end();
}

static void plan_env(void *ctx, size_t i)
{
	struct env_work *w = ctx;
	w->diags[i] = diag_capture_begin();
	names_fix_ids(w->lasting[i], w->models[i]);
	/* with the alarm set of each environment: overrides are checked there */
	w->plans[i] = plan_build(w->own[i], w->models[i], w->defaults, w->run);
	diag_capture_end();
}

static void join_diags(struct env_work *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		diag_capture_join(w->diags[i]);
}

/* cli.h says what it does; diff_cmd.c plans with it too. */
struct p_plan *plan_pattern(struct arena *a, struct program *prog, const char **envs, size_t nenvs,
			    const struct vars *vp, const struct alarms_defaults *defaults, unsigned before,
			    bool local_code, unsigned workers, struct m_pattern ***models_out, size_t *n_out)
{
	if (nenvs == 0)
		nenvs = sema_env_names(prog, &envs, a);
	struct m_pattern **models = arena_alloc(a, (nenvs + 1) * sizeof *models);
	*models_out = models;
	*n_out = 0;
	if (diag_error_count() > before)
		return NULL;
	if (nenvs == 0) {
		model_free(sema_build(a, prog, NULL, vp)); /* reports the missing environment */
		return NULL;
	}
	struct env_work w = { prog, envs, vp, defaults, NULL, NULL, NULL, models, NULL, NULL };
	w.lasting = arena_alloc(a, nenvs * sizeof *w.lasting);
	w.own = arena_alloc(a, nenvs * sizeof *w.own);
	w.plans = arena_alloc(a, nenvs * sizeof *w.plans);
	w.diags = arena_alloc(a, nenvs * sizeof *w.diags);
	/* the checks intern names: each environment's where the tree's are
	 * (A, only read while they run), or in its own arena */
	for (size_t i = 0; i < nenvs; i++) {
		w.lasting[i] = arena_new();
		arena_attach(a, w.lasting[i]);
		arena_intern_first(w.lasting[i], a);
	}
	workers = !workers && prog->items.n < PARALLEL_MIN_ITEMS ? 1 : parallel_workers(workers);
	parallel_run(nenvs, workers, NULL, model_env, &w);
	join_diags(&w, nenvs);
	*n_out = nenvs;
	if (prog->release_early)
		loader_release_tree(prog); /* the models hold its texts, not its nodes */
	if (diag_error_count() > before)
		return NULL;
	/* The first environment's plan is most of the merged one; each other
	 * environment's is planned in an arena of its own and freed once
	 * merged (plan_merge copies what it keeps of them). */
	struct plan_run run = { .a = arena_new(), .release_json = prog->release_early, .local_code = local_code };
	arena_attach(a, run.a);
	run.code_hashes = strmap_new(run.a);
	pthread_mutex_init(&run.lock, NULL);
	w.run = &run;
	for (size_t i = 0; i < nenvs; i++)
		w.own[i] = i ? arena_new() : a;
	parallel_run(nenvs, workers, NULL, plan_env, &w);
	join_diags(&w, nenvs);
	pthread_mutex_destroy(&run.lock);
	size_t planned = 0;
	for (size_t i = 1; i < nenvs; i++)
		planned += arena_size(w.own[i]);
	/* What the planning threads let go (the alarm sets, a build's model
	 * JSON: a fifth of a plan) is theirs, and the merge allocates on this
	 * one: given back first when it is much, memory given back being
	 * faulted in again when used, which costs a small build more than it
	 * saves. */
	if (planned >= GIVE_BACK_MIN)
		xalloc_give_back();
	struct p_plan *p = diag_error_count() > before ? NULL : plan_merge(a, w.plans, nenvs);
	for (size_t i = 1; i < nenvs; i++)
		arena_free(w.own[i]);
	if (planned >= GIVE_BACK_MIN)
		xalloc_give_back(); /* the other environments' plans */
	return diag_error_count() > before ? NULL : p;
}
