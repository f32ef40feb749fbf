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

/* Main.tf is written a resource at a time: each resource's blocks are
 * made in A, rendered and written to main.tf and let go with all of A, so
 * that neither the module's tree nor its text is ever held whole. What outlives a resource (the
 * variables, archives, secrets and published functions found so far) is
 * in KEEP, the build's arena, and nothing in KEEP points into A. */
struct tf {
	struct arena *a;           /* this resource's: reset after each */
	struct arena *keep;
	const struct p_plan *p;
	struct hcl_body *main;     /* the blocks not yet written */
	struct hcl_text main_text; /* their text, as main.tf goes on */
	struct outpart *main_tf;   /* main.tf, written a resource at a time */
	struct vec vars;           /* struct tfvar * */
	struct outset *files;      /* the workflow templates */
	const char *module;        /* its folder in the output set */
	const char *path;          /* the value being rendered, for naming a variable */
	const struct backend_options *o;
	struct strmap *archives;   /* local code folder -> its archive_file's name */
	bool any_archive;          /* the module needs hashicorp/archive */
	struct vec secrets;        /* const char *: the secrets read so far (tf_secret) */
	struct strmap *published;  /* function component name -> itself: those with a version
	                            * in some environment (publish = true) */
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
/* A pipe (tf_map_pipe.c). */
void tf_pipe(struct tf *t, const struct p_res *r);
/* Schedules, connections and API destinations (tf_map_schedule.c). */
void tf_schedule(struct tf *t, const struct p_res *r);
void tf_schedule_group(struct tf *t, const struct p_res *r);
void tf_event_connection(struct tf *t, const struct p_res *r);
void tf_api_destination(struct tf *t, const struct p_res *r);
/* The expression of a secret's value: a data source read once per secret. */
struct hcl_expr *tf_secret(struct tf *t, const struct pv *v);
/* A state machine, with its definition as a templatefile() template. */
void tf_state_machine(struct tf *t, const struct p_res *r);

/* A resource block of R's type (counted where R exists in some
 * environments only), and its depends_on, for the mappings of other files. */
struct hcl_body *tf_block(struct tf *t, const struct p_res *r);
void tf_depends_on(struct tf *t, struct hcl_body *b, const struct p_res *r);
/* lifecycle { prevent_destroy } where an environment keeps R's data. */
void tf_keep_data(struct tf *t, struct hcl_body *b, const struct p_res *r);
/* tf_map_source.c: an event source mapping's stream arguments and its
 * destination_config and filter_criteria blocks; a function's
 * asynchronous invocation settings. */
void tf_stream_source_args(struct tf *t, struct hcl_body *b, const struct p_res *r);
void tf_source_blocks(struct tf *t, struct hcl_body *b, const struct p_res *r);
void tf_event_invoke_config(struct tf *t, const struct p_res *r);
void tf_kinesis_stream(struct tf *t, const struct p_res *r);

/* Writes the blocks made since the last call to main.tf. */
void tf_write_blocks(struct tf *t);
/* The module's other files: variables.tf, outputs.tf, versions.tf,
 * the tfvars, the Atmos stacks and workflows. */
bool tf_files(struct tf *t, const char *pattern_file, struct outset *out);

/* tf_map_data.c: FIFO and redrive-allow arguments of a queue; a table's
 * capacity and secondary index blocks. LOCAL names variables. */
void tf_sqs_queue_data(struct tf *t, struct hcl_body *b, const struct p_res *r, const char *local);
void tf_dynamodb_capacity(struct tf *t, struct hcl_body *b, const struct p_res *r, const char *local);
void tf_dynamodb_indexes(struct tf *t, struct hcl_body *b, const struct p_res *r, const char *local);

#endif
