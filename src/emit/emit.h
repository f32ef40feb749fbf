/* emit.h - the renderers: each maps the plan to one target's syntax and
 * adds its files to the output set. None decides anything about AWS. */
#ifndef EVENTC_EMIT_H
#define EVENTC_EMIT_H

#include <jansson.h>
#include <stdbool.h>

#include "arena.h"
#include "output.h"
#include "plan.h"

/* Resources per nested stack when a template has more than 500. */
#define CFN_STACK_SIZE 400

/* Adds ENV/cloudformation/template.json (or .yaml) to OUT; past 500
 * resources a parent with stack-NN files beside it. On failure *ERROR
 * says why when the plan is the cause (a sentence naming ENV). */
struct backend_options;
bool cfn_emit(struct arena *a, const struct p_plan *p, size_t env, const struct backend_options *o,
	      struct outset *out, const char **error);

/* What would stop environment ENV's CloudFormation template from being
 * split into nested stacks (the reason cfn_emit gives), found without
 * making it, or NULL: so that check refuses what build would. Only a
 * template past 500 resources is looked at; one within them that a
 * split's bytes alone would need is not. */
const char *cfn_split_limit(struct arena *a, const struct p_plan *p, size_t env);
/* Whether any environment of P has a template that cfn_split_limit would
 * look at: past 500 resources. */
bool cfn_may_split(const struct p_plan *p);

/* Adds terraform/: one module for every environment of P, its variables
 * and outputs, the workflow templates, tfvars, and the Atmos stacks and
 * workflows. */
bool tf_emit(struct arena *a, const struct p_plan *p, const struct backend_options *o, struct outset *out);

/* What a build writes, and how. */
struct backend_options {
	bool yaml;                 /* CloudFormation as YAML */
	bool local_code;           /* build --code=local: struct plan_run's */
	const char *pattern_file;  /* the pattern as seen from DIR/terraform */
	const char *out_dir;       /* DIR */
	const char *pattern_path;  /* the pattern file, as given */
	unsigned workers;          /* threads the jobs run in (emit_run); 0: one a processor */
};

/* A local code folder, FOLDER relative to the pattern file's folder, as
 * seen from DIR/FROM, where a generated file names it. */
const char *emit_code_folder(struct arena *a, const struct backend_options *o, const char *from, const char *folder);

/* PATH: artifacts.txt, each code folder of the plan (relative to the
 * pattern file's folder), a tab, and the key its zip goes to under the
 * artifact prefix; nothing when the plan has no code folder. */
void emit_artifacts(struct outset *out, const char *path, const struct p_plan *p);

/* How a backend's job went, beside what it returns. */
struct emit_status {
	const char *failure; /* when it returns false: what could not be encoded */
	const char *limit;   /* an input error found while rendering: the plan exceeds a
				service's limit (said through diag once the jobs are done) */
};

/* Each backend writes into OUT what it makes of the plan: for environment
 * ENV when PER_ENV, for every environment at once when not (ENV unused).
 * Jobs run beside each other (emit_run), so a backend reads the plan,
 * allocates only in A and touches nothing shared: no diag, no stderr.
 * False is an I/O or encoding failure, said by ST->failure. */
struct backend {
	const char *name;          /* as --target takes it */
	const char *writes;        /* for --help */
	bool per_env;
	unsigned cost;             /* the bigger, the sooner its jobs start */
	bool (*emit)(struct arena *a, const struct p_plan *p, size_t env, const struct backend_options *o,
		     struct outset *out, struct emit_status *st);
};

extern const struct backend backends[]; /* ends with a NULL name */
size_t backend_count(void);

/* The jobs of a build: each chosen backend (CHOSEN: one slot per entry of
 * the table, NULL when not chosen) for each environment of P, run by
 * WORKERS threads (this one among them), each job in an arena and a part
 * of OUT of its own; the parts join OUT in the order of the table and of
 * the environments, so that the set is the same for any WORKERS. An
 * input error is reported through diag; false is an I/O or encoding
 * failure, with a message printed. The arenas hold what OUT lists until
 * emit_run_free. */
struct emit_run;
struct emit_run *emit_run(const struct p_plan *p, const struct backend *const *chosen, const struct backend_options *o,
			  struct outset *out, unsigned workers, bool *ok);
void emit_run_free(struct emit_run *r);

#endif
