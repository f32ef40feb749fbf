/* model.h - the checked model of a pattern for one environment. This is
 * what backends read: names resolved to components, durations in seconds,
 * environment variables substituted, defaults applied, event schemas
 * attached to the rules that match them, workflows as state graphs.
 * Everything lives in the run's arena, except the EventBridge patterns and
 * filter policies, which are jansson trees owned by the model (freed by
 * model_free). Arrays keep the order of the pattern files. */
#ifndef EVENTC_MODEL_H
#define EVENTC_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"

enum m_kind {
	MK_KEY, MK_BUS, MK_EVENT, MK_QUEUE, MK_TABLE, MK_TOPIC,
	MK_FUNCTION, MK_RULE, MK_WORKFLOW, MK_STREAM, MK_PIPE,
	MK_SCHEDULE, MK_CONNECTION, MK_API, /* EventBridge Scheduler, API destinations */
	MK_COUNT
};

/* Every component starts with this header. */
struct m_comp {
	enum m_kind kind;
	const char *name;  /* kebab-case, as written */
	struct loc loc;    /* the name in its block's head */
	const char *description; /* or NULL */
	const char *logical_id;  /* names_logical_id's answer, kept once worked out */
};

/* What a reference asks of a component once deployed: the ATTR of
 * KIND.NAME.ATTR. Which kinds have which is sema's to check; backends
 * switch on it rather than compare words. */
enum m_attr { MA_ARN, MA_NAME, MA_URL, MA_ID, MA_STREAM_ARN, MA_ALIAS, MA_COUNT };

/* A value that backends render: a literal, or what a component will be
 * once deployed (KIND.NAME.ATTR). */
enum m_vkind { MV_STRING, MV_NUMBER, MV_BOOL, MV_COMPREF };
struct m_val {
	enum m_vkind kind;
	struct loc loc;
	const char *str;
	double num;
	bool num_is_int;
	bool b;
	struct m_comp *comp; /* COMPREF */
	enum m_attr attr;    /* COMPREF */
};

struct m_kv {
	const char *key;
	struct m_val val;
};

struct m_kvlist {
	struct m_kv *items;
	size_t n;
};

struct m_key {
	struct m_comp c;
	bool rotation;
	int pending_window_days; /* 7..30 */
};

/* Where a bus comes from: declared and created by the pattern, the
 * account's default event bus (rule NAME on default, bus default { }), or
 * a bus that exists already (bus NAME { existing = "NAME or ARN" }). The
 * plan creates nothing for the last two. */
enum m_bus_origin { BUS_OWNED, BUS_DEFAULT, BUS_EXISTING };

struct m_bus {
	struct m_comp c;
	enum m_bus_origin origin;
	const char *existing;        /* EXISTING: the name or ARN as written */
	bool existing_is_arn;
	struct m_key *key;           /* archive encryption; NULL = AWS owned */
	bool archive;
	int archive_retention_days;  /* 0 = indefinite */
	bool schema_discovery;
	bool audit;
	int audit_bucket_retention_days;
	struct m_key *audit_key;
	int audit_log_retention_days;
};

enum m_ftype {
	FT_STRING, FT_NUMBER, FT_INTEGER, FT_BOOLEAN, FT_TIMESTAMP, FT_OBJECT, FT_ARRAY
};

struct m_field {
	const char *name;
	struct loc loc;
	enum m_ftype type;
	enum m_ftype item_type;     /* ARRAY of ... */
	bool required;
	const char **enum_values;   /* strings; NULL-terminated, or NULL */
	size_t n_enum;
	struct m_field **fields;    /* OBJECT (or ARRAY of OBJECT) */
	size_t n_fields;
};

struct m_event {
	struct m_comp c;
	const char *source;
	const char *detail_type;    /* defaults to the event's name */
	int version;
	bool version_declared;      /* written in the pattern (lint W0903) */
	struct m_bus *bus;
	struct m_field **fields;    /* the detail object */
	size_t n_fields;
};

struct m_queue {
	struct m_comp c;
	int visibility_timeout_s;
	int retention_s;
	int delay_s;
	int max_message_size;
	int receive_wait_s;
	bool fifo;
	struct m_key *key;
	bool dlq;
	int dlq_max_receives;
	int dlq_retention_s;
	struct m_function *consumer; /* set when a function consumes it */
	/* FIFO settings (sema_dataopts.c); NULL/false: SQS's defaults */
	bool content_dedup;          /* ContentBasedDeduplication */
	const char *dedup_scope;     /* "queue" | "messageGroup" */
	const char *throughput_limit; /* "perQueue" | "perMessageGroupId" */
	/* dlq { queue = NAME }: a queue of the pattern as the DLQ (dlq is
	 * then false: no DLQ of its own); dlq_max_receives applies */
	struct m_queue *dlq_queue;
	struct loc dlq_loc;
	bool is_dead_letter;         /* some queue names this one as its DLQ */
	bool is_failure_queue;       /* some function's on_failure (a stream source's or its
	                              * asynchronous invocations') */
};

enum m_attr_type { AT_STRING, AT_NUMBER, AT_BINARY };

enum m_projection { PROJ_ALL, PROJ_KEYS_ONLY, PROJ_INCLUDE };

/* A secondary index of a table: global (its own key and capacity) or local
 * (the table's partition key, a sort key of its own). */
struct m_table_index {
	const char *name;
	struct loc loc;
	bool local;
	const char *pk, *sk;         /* sk may be NULL (global only) */
	enum m_attr_type pk_type, sk_type;
	struct loc pk_loc, sk_loc;
	enum m_projection projection;
	const char **non_key;        /* PROJ_INCLUDE */
	size_t n_non_key;
	int read_capacity, write_capacity; /* global on a provisioned table */
};

struct m_table {
	struct m_comp c;
	const char *pk, *sk;         /* sk may be NULL */
	enum m_attr_type pk_type, sk_type;
	const char *ttl;             /* attribute name, or NULL */
	bool pitr;
	bool stream;
	struct m_key *key;
	/* sema_dataopts.c: the additions of issue 14 */
	const char *stream_view;     /* StreamViewType when stream, else NULL */
	int read_capacity, write_capacity; /* 0: on demand (PAY_PER_REQUEST) */
	int deletion_protection;     /* -1: as the environment keeps data, else 0/1 */
	struct m_table_index *indexes;
	size_t n_indexes;
};

/* stream NAME { }: a Kinesis data stream, under the pattern's key. */
struct m_stream {
	struct m_comp c;
	bool provisioned;            /* else on-demand */
	int shards;                  /* provisioned: 1 or more */
	int retention_hours;         /* 24..8760 */
	struct m_key *key;
};

enum m_sub_protocol { SUB_EMAIL, SUB_SQS, SUB_LAMBDA, SUB_HTTPS, SUB_HTTP, SUB_SMS };

struct m_subscription {
	enum m_sub_protocol protocol;
	struct loc loc;
	const char *endpoint;        /* email, https, sms */
	struct m_queue *queue;       /* SQS */
	struct m_function *function; /* LAMBDA */
	json_t *filter;              /* filter policy, or NULL */
	bool filter_on_body;         /* FilterPolicyScope MessageBody */
	bool raw_delivery;
};

struct m_topic {
	struct m_comp c;
	struct m_key *key;
	bool fifo;
	const char *display_name;
	struct m_subscription *subs;
	size_t n_subs;
};

/* What a function's role is granted on a component. */
enum m_access { ACC_CONSUME, ACC_READ, ACC_WRITE, ACC_PUBLISH, ACC_INVOKE, ACC_START };
struct m_grant {
	enum m_access access;
	struct m_comp *comp;
	struct loc loc;
	/* publishes T { attributes = [a, b] }: the message attributes the
	 * function sets, when it says */
	bool declares_attributes;
	const char **attributes;
	size_t n_attributes;
};

/* async { ... }: what Lambda does with a function's asynchronous
 * invocations (EventInvokeConfig) */
struct m_async {
	struct loc loc;
	int max_retries;             /* -1 = AWS default (2) */
	int max_event_age_s;         /* -1 = AWS default (6h) */
	struct m_comp *on_success;   /* queue, topic, bus or function, or NULL */
	struct m_comp *on_failure;
	bool dlq;                    /* the function's own DLQ for what fails */
};

struct m_function {
	struct m_comp c;
	const char *runtime, *handler;
	const char *code;            /* as written, relative to code_base */
	const char *code_base;       /* folder of the file that declares it */
	const char *architecture;    /* x86_64 | arm64 */
	int timeout_s;
	int memory_mb;
	int ephemeral_storage_mb;
	bool tracing_active;
	int provisioned_concurrency; /* 0 = none */
	int reserved_concurrency;    /* -1 = unset */
	int log_retention_days;
	const char *log_level;       /* or NULL */
	struct m_key *key;
	struct m_kvlist environment; /* merged with defaults */
	/* SQS event source mapping */
	struct m_queue *consume;
	struct loc consume_loc;
	int batch_size;
	int batching_window_s;
	bool partial_failures;
	int max_concurrency;         /* 0 = unset */
	/* any event source (consume QUEUE, consume table T, consume stream S):
	 * what it is, the stream's options, the filters */
	struct m_comp *source;       /* the queue, table or Kinesis stream; NULL = none */
	const char *starting_position; /* LATEST | TRIM_HORIZON (streams) */
	bool bisect_on_error;
	int max_retries;             /* -2 = unset; -1 = forever */
	int max_record_age_s;        /* -2 = unset; -1 = forever */
	int parallelization;         /* 0 = unset */
	struct m_comp *on_failure;   /* a queue or topic (streams), or NULL */
	json_t **filters;            /* FilterCriteria patterns, owned by the model */
	size_t n_filters;
	struct m_async *async;       /* asynchronous invocation, or NULL */
	bool sns_invoked;            /* some topic subscribes it */
	struct m_grant *grants;
	size_t n_grants;
	/* what it returns, when it says (returns { ... }): the result a
	 * workflow's invoke of it keeps, typed like an event's detail */
	bool declares_result;
	struct m_field **result_fields;
	size_t n_result_fields;
};

enum m_target_kind { TGT_QUEUE, TGT_FUNCTION, TGT_WORKFLOW, TGT_TOPIC, TGT_BUS, TGT_API };

struct m_target {
	enum m_target_kind kind;
	struct loc loc;
	struct m_comp *comp;
	const char *input_path;      /* or NULL */
	struct m_kvlist input_paths; /* input transformer paths map */
	const char *input_template;  /* or NULL */
	int retry_attempts;          /* -1 = AWS default */
	int max_event_age_s;         /* -1 = AWS default */
	bool dlq;                    /* a DLQ queue for failed deliveries */
	struct m_queue *dlq_queue;   /* named DLQ, or NULL = the rule's own */
	const char *message_group_id; /* FIFO queue target */
	struct m_kvlist header_params; /* API destination target: HTTP headers */
	struct m_kvlist query_params;  /* and query string parameters */
};

struct m_rule {
	struct m_comp c;
	struct m_bus *bus;
	bool enabled;
	json_t *pattern;             /* the EventPattern, JSON */
	struct m_event **events;     /* declared events the pattern matches */
	size_t n_events;
	struct m_target *targets;
	size_t n_targets;
};

/* EventBridge Scheduler: one schedule with one target. */
enum m_sched_kind { SK_RATE, SK_CRON, SK_AT };
struct m_schedule {
	struct m_comp c;
	enum m_sched_kind expr_kind;
	const char *expression;      /* AWS's: rate(5 minutes), cron(0 2 * * ? *), at(...) */
	const char *time_zone;       /* IANA name, or NULL (UTC) */
	int window_min;              /* flexible time window, 0 = off */
	const char *group;           /* schedule group (made for it), or NULL = default */
	bool enabled;
	struct m_key *key;           /* what Scheduler encrypts the target's input with */
	struct m_target target;      /* input_path unused; input is a literal */
	json_t *input;               /* the target's input (owned by the model), or NULL */
	const char *source, *detail_type; /* bus target: the event it puts */
};

/* An EventBridge connection: how API destinations authorise. Secrets are
 * named in Secrets Manager, never held. */
enum m_auth_kind { AUTH_API_KEY, AUTH_BASIC, AUTH_OAUTH };
struct m_secret_ref {
	const char *secret;          /* Secrets Manager secret name or ARN */
	const char *key;             /* JSON key in its SecretString, or NULL: the whole string */
	struct loc loc;
};
struct m_connection {
	struct m_comp c;
	enum m_auth_kind auth;
	const char *name;            /* API key's header name, basic username, OAuth client ID */
	struct m_secret_ref secret;  /* API key value, password, OAuth client secret */
	const char *oauth_endpoint;  /* OAuth authorization endpoint */
	const char *oauth_method;    /* GET | POST | PUT */
	struct m_kvlist oauth_body;  /* extra body parameters (scope, audience) */
};

struct m_api {
	struct m_comp c;
	const char *endpoint;        /* https://... */
	const char *method;
	int rate_limit;              /* invocations per second; 0 = unset */
	struct m_connection *connection;
};

/* Workflows */
enum m_state_kind {
	ST_TASK, ST_CHOICE, ST_WAIT, ST_PARALLEL, ST_MAP, ST_PASS, ST_SUCCEED, ST_FAIL
};

enum m_task_action {
	TA_INVOKE, TA_PUBLISH, TA_SEND, TA_PUT_ITEM, TA_GET_ITEM, TA_EMIT, TA_START_WORKFLOW,
	/* sema_wf_sdk.c */
	TA_CALL,        /* call "service:action": any AWS SDK integration */
	TA_UPDATE_ITEM, /* update item T: dynamodb:updateItem */
	TA_DELETE_ITEM, /* delete item T: dynamodb:deleteItem */
	TA_QUERY,       /* query table T: aws-sdk:dynamodb:query */
	TA_API,         /* invoke api "ID.execute-api.REGION.amazonaws.com": apigateway:invoke */
};

/* An API Gateway invoke: the REST API it calls and, with auth = iam,
 * what execute-api:Invoke is granted on. */
struct m_api_call {
	const char *endpoint, *api_id, *region;
	const char *method, *stage, *path;  /* path NULL when read from a JSONPath */
	const char *auth;                   /* NO_AUTH, IAM_ROLE, RESOURCE_POLICY */
};

/* A distributed map's S3 side: where items come from (ItemReader), how
 * they are batched, where results go (ResultWriter), what failure rate
 * the map tolerates. A string of a reader's or writer's field may be a
 * JSONPath (key_path ...), except the buckets, which IAM names. */
struct m_dmap {
	bool express;                    /* ExecutionType of the child executions */
	const char *format;              /* CSV, JSON, JSONL, MANIFEST; NULL: a listing */
	const char *bucket;              /* ItemReader; NULL: items from the input */
	const char *key, *key_path;      /* s3:getObject */
	const char *prefix;              /* s3:listObjectsV2 */
	int max_items;                   /* ReaderConfig MaxItems, 0 unset */
	int batch_items, batch_bytes;    /* ItemBatcher, 0 unset */
	bool batch;
	const char *results_bucket, *results_prefix; /* ResultWriter */
	int tolerated_pct, tolerated_count;         /* -1 unset */
	const char *label;
};

/* A call's SDK action, and what IAM lets the workflow's role do for it. */
struct m_sdk_call {
	const char *service, *action;   /* as the Resource names them: dynamodb, updateItem */
	const char **iam_actions;       /* dynamodb:UpdateItem; NULL-terminated */
	const char **resources;         /* ARNs the user gave (resource = ...) */
	size_t n_resources;
	const struct m_comp **comps;    /* components its parameters name */
	size_t n_comps;
};

struct m_retry {
	struct loc loc;
	const char **errors;
	size_t n_errors;
	int interval_s;       /* -1 = default */
	int max_attempts;     /* -1 = default */
	double backoff;       /* < 0 = default */
	int max_delay_s;      /* -1 = unset */
	const char *jitter;   /* FULL | NONE | NULL */
};

struct m_catch {
	struct loc loc;
	const char **errors;
	size_t n_errors;
	const char *result_path;
	struct m_state *next;
	const char *next_name;
	struct loc next_loc;
};

/* A choice condition, with JSONPath operands. */
enum m_cond_kind { MC_AND, MC_OR, MC_NOT, MC_CMP, MC_MATCHES, MC_EXISTS };
enum m_cmp_type { CT_STRING, CT_NUMBER, CT_BOOLEAN, CT_TIMESTAMP, CT_UNKNOWN };
/* The operator, with the path on its left (sema flips `5 < $.n`). */
enum m_cmp { MCMP_EQ, MCMP_NE, MCMP_LT, MCMP_LE, MCMP_GT, MCMP_GE, MCMP_COUNT };
struct m_cond {
	enum m_cond_kind kind;
	struct loc loc;
	struct m_cond *l, *r;
	const char *variable;        /* JSONPath */
	enum m_cmp op;
	enum m_cmp_type type;
	bool rhs_is_path;
	const char *rhs_path;
	const char *rhs_str;
	double rhs_num;
	bool rhs_num_is_int;
	bool rhs_bool;
	bool negate_exists;
	/* CMP, MATCHES: the variable (the right-hand path) may be absent, so
	 * the condition is guarded by IsPresent and is false without it */
	bool maybe_absent, rhs_maybe_absent;
};

struct m_choice {
	struct m_cond *cond;
	struct m_state *next;
	const char *next_name;
	struct loc loc, next_loc;
};

struct m_graph;

/* A parameter tree for a state: literals, JSONPaths ($.x, $, $$.Task.Token)
 * and maps and lists of those. Backends turn paths into ASL's "key.$" form. */
/* MP_COMP: a component of the pattern named in parameters (`TableName =
 * table orders`): its name, URL or ARN, filled in at deploy time. */
enum m_param_kind { MP_LITERAL, MP_PATH, MP_MAP, MP_LIST, MP_COMP };
struct m_param {
	const char *key;      /* NULL for the root and list elements */
	struct loc loc;
	enum m_param_kind kind;
	json_t *literal;      /* LITERAL; owned by the model */
	const char *path;     /* PATH */
	struct m_param *children; /* MAP, LIST */
	size_t n_children;
	/* PATH in a DynamoDB item or key: its AttributeValue type (S, N, BOOL,
	 * M; SS ... when written { SS = $.x }), and for M the declared object
	 * field it reads. Set by sema; NULL elsewhere. */
	const char *dynamo_type;
	const struct m_field *field;
	/* a publish's message attribute: its SNS DataType (String, Number,
	 * String.Array) */
	const char *sns_type;
	/* COMP: the component and the attribute that stands for it */
	const struct m_comp *comp;
	enum m_attr attr;
};

struct m_state {
	enum m_state_kind kind;
	const char *name;
	size_t place;               /* its place in its graph's states */
	struct loc loc;
	struct m_state *next;       /* NULL with end */
	const char *next_name;      /* as written by ->; NULL = written order */
	struct loc next_loc;
	bool end;
	const char *comment;
	const char *input_path, *output_path, *result_path;
	const char *result_key;          /* $.KEY of a default result_path, or NULL */
	bool result_path_null;
	struct m_param *parameters;      /* MAP, or NULL */
	struct m_param *result_selector; /* MAP, or NULL */
	/* TASK */
	enum m_task_action action;
	struct m_comp *target;       /* function, topic, queue, table, workflow */
	struct m_event *event;       /* EMIT */
	struct m_bus *bus;           /* EMIT */
	bool wait_for_token;
	bool sync;
	bool async;                  /* invoke function F async: InvocationType Event */
	struct m_sdk_call *call;     /* CALL */
	struct m_api_call *api;      /* API */
	const char *index;           /* QUERY: a secondary index's name */
	struct m_param *args;        /* the action's block: payload, message, item ... (MAP or NULL) */
	int timeout_s, heartbeat_s;  /* 0 = unset */
	struct m_retry *retries;
	size_t n_retries;
	struct m_catch *catches;
	size_t n_catches;
	/* CHOICE */
	struct m_choice *choices;
	size_t n_choices;
	struct m_state *otherwise;
	const char *otherwise_name;
	struct loc otherwise_loc;
	/* WAIT */
	int wait_seconds;            /* -1 when by path */
	const char *wait_timestamp_path;
	const char *wait_seconds_path;
	const char *wait_timestamp;  /* literal timestamp */
	/* PARALLEL */
	struct m_graph **branches;
	size_t n_branches;
	/* MAP */
	const char *items_path;
	int max_concurrency;
	struct m_dmap *dmap;         /* mode = distributed; NULL inline */
	struct m_graph *iterator;
	/* PASS */
	json_t *result;              /* literal result, or NULL */
	/* FAIL */
	const char *error, *cause;
};

struct m_graph {
	struct m_state **states;     /* in written order */
	size_t n_states;
	struct m_state *start;
};

struct m_workflow {
	struct m_comp c;
	bool express;
	int timeout_s;               /* 0 = unset */
	bool tracing;
	const char *log_level;       /* ALL | ERROR | FATAL | OFF */
	int log_retention_days;
	struct m_key *key;
	struct m_graph graph;
	struct m_event **input_events; /* via rules that target it */
	size_t n_input_events;
	const char *input_path;      /* the InputPath of those rules */
};

/* EventBridge Pipes: a source (a queue, or a table's stream), filters, an
 * optional enrichment and one target. */
enum m_pipe_start { PIPE_START_LATEST, PIPE_START_TRIM_HORIZON };

struct m_pipe {
	struct m_comp c;
	bool enabled;                /* DesiredState RUNNING, else STOPPED */
	const char *log_level;       /* OFF | ERROR | INFO | TRACE */
	int log_retention_days;
	struct m_key *key;           /* the pipe's own data (its filters, templates); NULL: AWS owned */
	/* source */
	struct m_comp *source;       /* a queue or a table */
	struct loc source_loc;
	int batch_size;              /* 0 = AWS's default */
	int batching_window_s;       /* -1 = unset */
	enum m_pipe_start starting_position;  /* table */
	int max_retries;             /* table; -2 = unset, -1 = forever */
	int max_record_age_s;        /* table; -2 = unset, -1 = forever */
	int parallelization;         /* table; 0 = unset */
	bool bisect_on_error;        /* table: OnPartialBatchItemFailure AUTOMATIC_BISECT */
	struct m_queue *dlq;         /* table: where records that fail for good go */
	/* filters: EventBridge patterns on the source's records */
	json_t **filters;
	size_t n_filters;
	/* enrichment: a function or an express workflow, or NULL */
	struct m_comp *enrich;
	struct loc enrich_loc;
	const char *enrich_template; /* or NULL */
	/* target */
	enum m_target_kind target_kind;
	struct m_comp *target;
	struct loc target_loc;
	const char *input_template;  /* or NULL */
	bool request_response;       /* workflow or function target: wait for the result */
	const char *message_group_id;    /* FIFO queue target */
	const char *event_source, *detail_type; /* bus target */
};

struct m_alarm_override {
	const char *name;            /* default alarm name, e.g. queue-depth */
	struct loc loc;
	bool disabled;
	double threshold;
	bool has_threshold;
	int period_s;                /* 0 = default */
	int evaluation_periods;      /* 0 = default */
	struct m_comp *only;         /* restrict to one component, or NULL */
};

struct m_alarms {
	struct m_topic *notify;      /* or NULL */
	struct m_alarm_override *overrides;
	size_t n_overrides;
};

struct m_env {
	const char *name;
	struct loc loc;
	bool keep_data;              /* its data outlives its stack (its keep_data, or prod) */
};

struct m_pattern {
	const char *name;
	struct loc loc;
	const char *description;
	const char *tenant;
	const char *region;
	struct m_kvlist tags;
	const struct m_env *env;     /* the environment this model is for */
	struct m_env *envs;          /* all environments, in written order */
	size_t n_envs;
	int log_retention_days;      /* default for every log group */
	const char *base_dir;        /* folder of the main pattern file */

	struct m_key **keys;            size_t n_keys;
	struct m_bus **buses;           size_t n_buses;
	struct m_event **events;        size_t n_events;
	struct m_queue **queues;        size_t n_queues;
	struct m_table **tables;        size_t n_tables;
	struct m_topic **topics;        size_t n_topics;
	struct m_function **functions;  size_t n_functions;
	struct m_rule **rules;          size_t n_rules;
	struct m_workflow **workflows;  size_t n_workflows;
	bool waits_for_token;           /* some task of some workflow hands out its task token */
	struct m_stream **streams;      size_t n_streams;
	struct m_pipe **pipes;          size_t n_pipes;
	struct m_schedule **schedules;  size_t n_schedules;
	struct m_connection **connections; size_t n_connections;
	struct m_api **apis;            size_t n_apis;
	struct m_alarms alarms;
	struct m_key *default_key;      /* the only key, or the one named main */
	/* the account's default event bus: the pattern's `bus default { }`,
	 * else one of the model's own (in no array), which rules, events and
	 * grants name as `default` */
	struct m_bus *default_bus;

	json_t *json_owner;          /* owns every json_t above */
};

const char *model_kind_name(enum m_kind k);
/* Whether list P reads the input outside a map: a path, or a list of
 * them (ASL writes such a list as States.Array; sema allows no map beside). */
bool m_param_list_reads_path(const struct m_param *p);
/* The word as written in KIND.NAME.ATTR: MA_STREAM_ARN is stream_arn. */
const char *model_attr_name(enum m_attr a);
void model_free(struct m_pattern *m);

#endif
