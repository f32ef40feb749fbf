/* plan.h - the resource plan: what AWS gets, decided once.
 *
 * The plan stands between the checked models (one per environment) and the
 * renderers. It is the one place that knows AWS: which resources a
 * component becomes, their names, their properties, every IAM and KMS
 * statement, the alarms, the dashboards and the outputs. Renderers
 * (CloudFormation, Terraform, ASL, alarms.json) only map it to syntax.
 *
 * A plan is built for each environment by the same code (plan_build), and
 * the environments' plans are merged into one (plan_merge): a value that
 * differs between environments becomes a PV_ENVS node holding each
 * environment's value, a resource that exists in only some environments
 * records where. Property names are those of AWS's resource schemas (the
 * CloudFormation registry, which is how AWS publishes its resource model);
 * the Terraform renderer maps them to the provider's arguments.
 *
 * Everything lives in the run's arena. */
#ifndef EVENTC_PLAN_H
#define EVENTC_PLAN_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "source.h"

struct alarms_set;
struct alarms_defaults;

/* The AWS resource types the plan uses. */
enum p_type {
	PT_KMS_KEY, PT_KMS_ALIAS,
	PT_EVENT_BUS, PT_EVENT_ARCHIVE, PT_EVENT_RULE,
	PT_SCHEMA_REGISTRY, PT_SCHEMA, PT_SCHEMA_DISCOVERER,
	PT_S3_BUCKET, PT_S3_BUCKET_POLICY, PT_FIREHOSE_STREAM,
	PT_IAM_ROLE,
	PT_SQS_QUEUE, PT_SQS_QUEUE_POLICY,
	PT_DYNAMODB_TABLE,
	PT_LOG_GROUP, PT_LOG_STREAM,
	PT_LAMBDA_FUNCTION, PT_LAMBDA_VERSION, PT_LAMBDA_ALIAS, PT_LAMBDA_ESM, PT_LAMBDA_PERMISSION,
	PT_SNS_TOPIC, PT_SNS_SUBSCRIPTION, PT_SNS_TOPIC_POLICY,
	PT_STATE_MACHINE,
	PT_ALARM, PT_DASHBOARD,
	PT_LAMBDA_EVENT_INVOKE_CONFIG, PT_KINESIS_STREAM, PT_PIPE,
	PT_SCHEDULE, PT_SCHEDULE_GROUP, PT_EVENT_CONNECTION, PT_EVENT_API_DESTINATION,
	PT_COUNT
};

/* What a reference asks of a resource once deployed. */
enum p_attr {
	PA_ARN,
	PA_NAME,             /* its physical name */
	PA_URL,              /* a queue's URL */
	PA_KEY_ID,           /* a KMS key's ID */
	PA_STREAM_ARN,       /* a table's stream */
	PA_VERSION,          /* a Lambda version's number */
	PA_LOG_STREAMS_ARN,  /* a log group's ARN with ":*", as IAM and log delivery take it */
};

/* Values known only where the plan is deployed. */
enum p_pseudo {
	PP_ACCOUNT_ID, PP_REGION, PP_PARTITION, PP_STACK_NAME,
	PP_ENVIRONMENT, PP_TENANT, /* known per environment; one module takes them as inputs */
	PP_ARTIFACT_BUCKET, PP_ARTIFACT_PREFIX, /* deployment inputs (p_plan.params) */
};

enum pv_kind {
	PV_STR, PV_INT, PV_NUM, PV_BOOL,
	PV_NULL,    /* JSON's null, inside documents (an ASL ResultPath) */
	PV_LIST,    /* items */
	PV_MAP,     /* items and their keys (pv_key), in order */
	PV_REF,     /* resource ID and attribute */
	PV_PSEUDO,
	PV_JOIN,    /* a string of parts (items): literals, refs, pseudo values, names */
	PV_NAME,    /* a physical name: <tenant>-<env>-<pattern>-SUFFIX within MAX */
	PV_DOC,     /* a JSON document (items[0]): a policy, a pattern, a definition */
	PV_ENVS,    /* merged plans only: each environment's value (items; NULL: absent) */
	PV_SECRET,  /* a secret's value, read where deployed: S the Secrets Manager secret,
	             * KEY (when not NULL) the key of a JSON secret; never its text */
};

/* A plan holds a few dozen of these per resource, three plans at once in
 * a build (each environment's and the merged one): the small fields share
 * a word, the fields no kind uses together share their place, and a
 * map's keys share its values' array (64 bytes a node were 48 with that).
 * Read TEXTS of a NAME or REF only: for other kinds it is a number's
 * bytes. */
struct pv {
	enum pv_kind kind : 8;
	enum p_attr attr : 4;      /* REF */
	enum p_pseudo pseudo : 4;  /* PSEUDO */
	bool b;                    /* BOOL; DOC: the property is a string holding the JSON */
	bool shared;               /* a literal that stands wherever its value does: read only */
	uint32_t max;              /* NAME: AWS's length limit */
	const char *hint;          /* the per-environment setting this value is, if it varies */
	const char *s;             /* STR; NAME suffix; REF resource ID */
	union {
		long long i;       /* INT */
		double d;          /* NUM */
		const char **texts; /* NAME: the name in each environment (one in a single plan);
		                     * REF: its value where the plan knows it already, or NULL */
		const char *key;    /* SECRET */
	};
	struct vec items;          /* struct pv *; a MAP's keys beside them (vec_push_pair) */
};
_Static_assert(sizeof(struct pv) <= 48, "struct pv stays within six words");

/* Key I of MAP, whose value is items.items[I]. */
static inline const char *pv_key(const struct pv *map, size_t i)
{
	return vec_mate(&map->items, i);
}
_Static_assert(PA_LOG_STREAMS_ARN < 16 && PP_ARTIFACT_PREFIX < 16, "struct pv's attr and pseudo have 4 bits");

/* A per-environment setting: what a varying value is, for people and for
 * the validation a deployment tool can apply before AWS does. */
struct p_setting {
	const char *name;      /* log_retention_days, process_order_provisioned_concurrency */
	const char *description;
	const char *const *allowed; /* the values AWS takes (NULL-terminated), or NULL */
	bool has_min, has_max;
	double min, max;       /* the range AWS takes */
	const char *advice;    /* what AWS takes, for a value it would refuse */
};

struct p_res {
	const char *id;        /* stable: OrderBufferQueue, ProcessOrderFunctionRole */
	enum p_type type;
	struct loc loc;        /* where in the pattern it comes from (beside TYPE: no
	                        * padding, 8 bytes of every resource) */
	const struct m_comp *comp; /* the component it serves, NULL for the pattern's own */
	const char *part;      /* what it is for that component: "", "DeadLetterQueue", ... */
	const char *peer;      /* the other end, for what joins two components (a subscription's
	                        * queue, a target, a permission's caller): its name; or NULL */
	struct pv *props;      /* a PV_MAP */
	struct vec depends;    /* const char *: IDs it must wait for beyond its references */
	struct pv *count_if;   /* exists only where this number is > 0; NULL: always */
	struct pv *code_hash;  /* a function's: the base64 SHA-256 of its code folder (Terraform's
	                        * source_code_hash); NULL for others */
	const char *code_folder; /* a function's code as a local folder, relative to the pattern
	                          * file's folder, that the deployment tool zips and uploads (its
	                          * Code property is that folder); NULL: Code names the zip in
	                          * the artifact bucket */
	struct pv *deletion;   /* what a stack's deletion or a replacement does to a stateful
	                        * resource's data: "Retain" or "Delete" (CloudFormation's
	                        * DeletionPolicy and UpdateReplacePolicy); NULL: stateless */
	bool *present;         /* merged plans: in which environments it exists */
};

struct p_output {
	const char *id;        /* OrderBufferQueueUrl */
	const struct m_comp *comp;
	const char *attr_word; /* url, arn, name: how Terraform's output is named */
	const char *description;
	struct pv *value;
};

struct p_param {
	const char *name;      /* ArtifactBucket */
	enum p_pseudo pseudo;
	const char *description;
	const char *default_value; /* or NULL */
};

struct p_env {
	const char *name;
	const char *tenant;
	const char *region;
	const char *name_prefix;   /* <tenant>-<env>-<pattern> */
	const char *description;   /* the template's description */
	const struct m_pattern *model;          /* the checked model it was planned from */
	/* what its alarms are made of with MODEL (plan_env_alarms), or NULL */
	const struct alarms_defaults *alarm_defaults;
};

struct p_plan {
	struct arena *a;
	const char *pattern;
	struct loc loc;
	struct p_env *envs;
	size_t n_envs;
	struct vec resources;  /* struct p_res *, in plan order */
	struct vec outputs;    /* struct p_output * */
	struct vec params;     /* struct p_param * */
	struct vec settings;   /* struct p_setting * */
	struct strmap *setting_index; /* name -> struct p_setting * */
	struct vec notes;      /* const char *: why a statement needs "*", and the like */
	struct pv *tags;       /* the tags of every resource: a list of {Key, Value} */
	struct vec workflows;  /* struct p_workflow * */
	struct vec artifacts;  /* struct p_artifact *: one per code folder */
	void *index;           /* ID -> resource */
};

/* A code folder and the key its zip goes to, under the artifact prefix. */
struct p_artifact {
	const char *folder;    /* relative to the pattern file's folder */
	const char *key;       /* functions/process_order-0123456789abcdef.zip */
};

/* A workflow's definition as its own file (the ASL output). */
struct p_workflow {
	const struct m_workflow *w;  /* of the first environment */
	const char *machine_id;      /* its state machine resource */
	struct pv *definition;       /* the ASL document, merged */
};

/* ---- values ---- */

struct pv *pv_str(struct arena *a, const char *s);
/* pv_str of the N bytes at S, which need not outlive the call (pv_str's
 * S must outlive A: its memo keys on S's bytes where they are). */
struct pv *pv_str_copy(struct arena *a, const char *s, size_t n);
struct pv *pv_int(struct arena *a, long long i);
struct pv *pv_num(struct arena *a, double d);
struct pv *pv_bool(struct arena *a, bool b);
struct pv *pv_list(struct arena *a);
struct pv *pv_map(struct arena *a);
struct pv *pv_ref(struct arena *a, const char *id, enum p_attr attr);
/* A reference whose value is known now (a physical name): a renderer may
 * write either. */
struct pv *pv_ref_known(struct arena *a, const char *id, enum p_attr attr, const char *text);
struct pv *pv_pseudo(struct arena *a, enum p_pseudo p);
struct pv *pv_join(struct arena *a);
struct pv *pv_name(struct arena *a, const struct m_pattern *m, const char *suffix, uint32_t max);
/* pv_name whose TEXT, names_physical's of SUFFIX and MAX, is made already
 * (an alarm's name, which its alarm set holds). */
struct pv *pv_name_known(struct arena *a, const char *suffix, uint32_t max, const char *text);
struct pv *pv_doc(struct arena *a, struct pv *body, bool as_text);
struct pv *pv_strings(struct arena *a, const char *const *items); /* NULL-terminated */
struct pv *pv_from_json(struct arena *a, const json_t *j);
/* V with HINT: V itself, or a copy of a shared literal (pv_str, pv_int,
 * pv_bool and pv_pseudo give one node for equal values in an arena:
 * nothing may change one in place). */
struct pv *pv_hint(struct arena *a, struct pv *v, const char *hint);
/* A value of literals made once per arena and shared from then on, as the
 * literals are: pv_memo gives the one put under TAG (the address of
 * anything of the caller's) and the N bytes at KEY, or NULL; pv_memo_put
 * makes V and all below it read only and puts it there (KEY living as
 * long as the arena). For the fragments every policy repeats: a principal,
 * a condition, a trust policy. */
struct pv *pv_memo(struct arena *a, const void *tag, const void *key, size_t n);
struct pv *pv_memo_put(struct arena *a, const void *tag, const void *key, size_t n, struct pv *v);
/* The value of secret SECRET in Secrets Manager (KEY of its JSON, or NULL). */
struct pv *pv_secret(struct arena *a, const char *secret, const char *key);

void pv_push(struct arena *a, struct pv *list, struct pv *item);
/* ITEM after the items of C, a map's under KEY (not looked for: for a
 * copy of a container made item by item) or another's. */
void pv_append(struct arena *a, struct pv *c, struct pv *item, const char *key);
/* Whether map keys A and B are the same: most keys are the same string
 * literal of the plan's code, and most that differ differ at their first
 * byte, so the call to strcmp is left for the rest (pv_get and pv_set
 * were a tenth of a check's instructions). */
static inline bool pv_key_equal(const char *a, const char *b)
{
	return a == b || (a[0] == b[0] && !strcmp(a, b));
}
/* Sets KEY of MAP; a NULL value leaves the key out. */
void pv_set(struct arena *a, struct pv *map, const char *key, struct pv *value);
struct pv *pv_get(const struct pv *map, const char *key);
/* Appends to a JOIN: a literal, or any value. */
void pv_lit(struct arena *a, struct pv *join, const char *s);
void pv_part(struct arena *a, struct pv *join, struct pv *part);

bool pv_equal(const struct pv *x, const struct pv *y);
struct p_env;
/* V in environment ENV as plain JSON: literals, names and known
 * references; NULL for what only a deployment knows. A new reference. */
json_t *pv_json(const struct pv *v, size_t env);
/* The text V stands for in environment ENV (E), when it is known without
 * deploying anything; NULL when not (a reference, the account, ...). */
const char *pv_text(struct arena *a, const struct pv *v, size_t env, const struct p_env *e);
/* Whether X (V in environment ENV) is a text the plan lacks there, which
 * every render leaves out with its member (CloudFormation's and the size
 * counts alike): a literal or name with no text, a reference known to be
 * no text, a document that stays an object of such a body. */
bool pv_absent(const struct pv *x, size_t env);
/* The value V has in environment ENV of a merged plan (NULL: absent).
 * Inline: a render asks it of every value it writes. */
static inline const struct pv *pv_in_env(const struct pv *v, size_t env)
{
	while (v && v->kind == PV_ENVS)
		v = env < v->items.n ? v->items.items[env] : NULL;
	return v;
}

/* ---- the plan ---- */

struct p_plan *plan_new(struct arena *a, const struct m_pattern *m);
struct p_res *plan_add(struct p_plan *p, const char *id, enum p_type type, const struct m_comp *comp,
		       const char *part);
/* R, made elsewhere, in P's ID index (plan_merge's resources of later
 * environments only). */
void plan_index_add(struct p_plan *p, struct p_res *r);
struct p_res *plan_find(const struct p_plan *p, const char *id);
void plan_depend(struct p_plan *p, struct p_res *r, const char *on);
void plan_note(struct p_plan *p, const char *text);
struct p_setting *plan_setting(struct p_plan *p, const char *name, const char *description);
const struct p_setting *plan_find_setting(const struct p_plan *p, const char *name);
void plan_output(struct p_plan *p, const char *id, const struct m_comp *comp, const char *attr_word,
		 const char *description, struct pv *value);
/* The deployment input that is PSEUDO, or NULL when the plan needs none. */
const struct p_param *plan_find_param(const struct p_plan *p, enum p_pseudo pseudo);
void plan_param(struct p_plan *p, const char *name, enum p_pseudo pseudo, const char *description,
		const char *default_value);

const char *plan_type_name(enum p_type t);
/* The AWS resource type, as CloudFormation names it: AWS::SQS::Queue. */
const char *plan_aws_type(enum p_type t);

/* NAME in eventc's data folder (EVENTC_DATADIR, the installed folder, or
 * templates/ near the binary); NULL with *ERR set when not found. */
const char *plan_data_file(struct arena *a, const char *name, const char **err);

/* The properties whose change makes CloudFormation replace a resource
 * (templates/create-only.json); NULL with *ERR set when unreadable. */
struct p_replace;
struct p_replace *plan_replace_load(struct arena *a, const char **err);
/* Whether a change at property PATH ("KeySchema[0].AttributeName") of a
 * resource of TYPE replaces it. */
bool plan_replaces(const struct p_replace *t, enum p_type type, const char *path);

/* What the plan adds for a component, for the alarms that watch it
 * (alarms.c): the key a bus itself is under (NULL: the AWS-owned key, as
 * for a bus with schema discovery), and whether function F has a
 * dead-letter queue. */
const struct m_key *plan_bus_key(const struct m_bus *bus);
/* Whether function F has a dead-letter queue for its asynchronous
 * invocations: a topic invokes it, or its async block asks (dlq = true). */
bool plan_function_has_dlq(const struct m_function *f);

/* The plan of one environment's model, alarms included (ALARMS may be
 * NULL). Reports what the model's checks could not see as located
 * errors. */
/* What one run's plans share and how they deliver code. */
struct plan_run {
	/* code folder -> its hash: each folder is read once, by whichever
	 * environment's plan (each in a thread of its own) asks first; the
	 * table and the hashes are in A, and taken under LOCK */
	struct strmap *code_hashes;
	struct arena *a;
	pthread_mutex_t lock;
	bool release_json;          /* each model's JSON let go (model_free) once its
	                             * components are planned: a build's, which reads
	                             * no more of it (the plan copies what it takes) */
	bool local_code;            /* functions' code as local folders, zipped at deployment
	                             * (aws cloudformation package, Terraform's archive_file),
	                             * instead of zips in an artifact bucket */
};

/* RUN may be NULL: code from the artifact bucket, hashes not shared.
 * DEFAULTS NULL: no alarms or dashboards. */
struct p_plan *plan_build(struct arena *a, struct m_pattern *m, const struct alarms_defaults *defaults,
			  struct plan_run *run);

/* The alarm set of E (what alarms.json lists), made in A from its model
 * and defaults again, or NULL: a plan keeps the resources made of it, not
 * the set (4 MB an environment at 1,000 chains, held beside both plans at
 * the merge, a build's peak). The same model and defaults make the same
 * set, and the checks that it reports have passed. */
const struct alarms_set *plan_env_alarms(struct arena *a, const struct p_env *e);

/* One plan from each environment's plan, in the order given. Reports as
 * located errors what differs between environments in a way one
 * deployment definition cannot hold. */
struct p_plan *plan_merge(struct arena *a, struct p_plan *const *plans, size_t n);

/* Whether a resource exists in environment ENV of a plan: it was planned
 * there, and its count_if, if any, is above 0 there. */
bool plan_present(const struct p_res *r, size_t env);

#endif
