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
 * says why when the plan is the cause. */
struct backend_options;
bool cfn_emit(struct arena *a, const struct p_plan *p, size_t env, const struct backend_options *o,
	      struct outset *out, const char **error);

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
};

/* A local code folder, FOLDER relative to the pattern file's folder, as
 * seen from DIR/FROM, where a generated file names it. */
const char *emit_code_folder(struct arena *a, const struct backend_options *o, const char *from, const char *folder);

/* PATH: artifacts.txt, each code folder of the plan (relative to the
 * pattern file's folder), a tab, and the key its zip goes to under the
 * artifact prefix; nothing when the plan has no code folder. */
void emit_artifacts(struct outset *out, const char *path, const struct p_plan *p);

/* Each backend writes into OUT what it makes of the plan. An input error
 * is reported through diag (and returns true); false is an I/O or
 * encoding failure, with a message printed. */
struct backend {
	const char *name;          /* as --target takes it */
	const char *writes;        /* for --help */
	bool (*emit)(struct arena *a, const struct p_plan *p, const struct backend_options *o, struct outset *out);
};

extern const struct backend backends[]; /* ends with a NULL name */
size_t backend_count(void);

#endif
