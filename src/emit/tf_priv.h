/* tf_priv.h - the Terraform renderer's parts: tf.c renders plan values as
 * HCL expressions and turns what differs between environments into the
 * module's variables; tf_map.c maps each plan resource type to the
 * hashicorp/aws provider's resources and arguments; tf_files.c writes the
 * module's files, the tfvars and the Atmos stacks and workflows. */
#ifndef EVENTC_TF_PRIV_H
#define EVENTC_TF_PRIV_H

#include "emit.h"
#include "hcl.h"
#include "names.h"

/* A variable of the module, for a value that differs between environments. */
struct tfvar {
	const char *name;
	const char *type;          /* string | number | bool | any */
	const char *hint;          /* the plan's setting, or NULL */
	const struct pv **values;  /* per environment; NULL where absent (null) */
	bool nullable;             /* absent somewhere: defaults to null */
};

struct tf {
	struct arena *a;
	const struct p_plan *p;
	struct hcl_body *main;
	struct vec vars;           /* struct tfvar * */
	struct outset *files;      /* the workflow templates */
	const char *module;        /* its folder in the output set */
	const char *path;          /* the value being rendered, for naming a variable */
	struct vec secrets;        /* const char *: the secrets read so far (tf_secret) */
};

/* An HCL expression for V; PATH names a variable it may need. */
struct hcl_expr *tf_expr(struct tf *t, const struct pv *v, const char *path);
/* Sets NAME = V in BODY when V is there in some environment. */
void tf_arg(struct tf *t, struct hcl_body *b, const char *name, const struct pv *v, const char *path);
/* A reference to resource ID's ATTR, with [0] when it is counted. */
struct hcl_expr *tf_ref(struct tf *t, const char *id, enum p_attr attr);
/* The provider type, local name and "type.local" address of R. */
const char *tf_type(const struct p_res *r);
const char *tf_local(struct tf *t, const struct p_res *r);
const char *tf_address(struct tf *t, const struct p_res *r);
/* count = ... for a resource that exists in some environments only, or NULL;
 * the condition alone (for a conditional reference) in *COND. */
struct hcl_expr *tf_count(struct tf *t, const struct p_res *r, const char **cond);
/* The tags of every resource, as local.tags. */
struct hcl_expr *tf_tags(struct tf *t);

/* Renders R as one or more provider resources into t->main. */
void tf_resource(struct tf *t, const struct p_res *r);
/* Schedules, connections and API destinations (tf_map_schedule.c). */
void tf_schedule(struct tf *t, const struct p_res *r);
void tf_schedule_group(struct tf *t, const struct p_res *r);
void tf_event_connection(struct tf *t, const struct p_res *r);
void tf_api_destination(struct tf *t, const struct p_res *r);
/* The expression of a secret's value: a data source read once per secret. */
struct hcl_expr *tf_secret(struct tf *t, const struct pv *v);
/* A state machine, with its definition as a templatefile() template. */
void tf_state_machine(struct tf *t, const struct p_res *r);

/* The module's other files: variables.tf, outputs.tf, versions.tf,
 * the tfvars, the Atmos stacks and workflows. */
bool tf_files(struct tf *t, const char *pattern_file, struct outset *out);

#endif
