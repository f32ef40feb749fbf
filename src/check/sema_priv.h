/* sema_priv.h - what the parts of sema share. */
#ifndef EVENTC_SEMA_PRIV_H
#define EVENTC_SEMA_PRIV_H

#include "diag.h"
#include "sema.h"

struct decl {
	struct m_comp *comp;
	const struct ast_item *item;
};

struct name_slot {
	const char *name; /* interned */
	enum m_kind kind;
	struct decl *decl;
};

struct sema {
	struct arena *a;
	const struct program *prog;
	struct m_pattern *m;
	const struct vars *vars;
	const struct ast_item *pattern_item;
	struct vec env_items;           /* environment blocks */
	size_t env_index;               /* the selected one */
	const struct ast_item *defaults_item;
	const struct ast_block *defaults_for[MK_COUNT];
	struct vec alarms_items;
	struct vec decls[MK_COUNT];     /* struct decl * */
	json_t *events_by_source;       /* source -> [event index, ...] */
	struct name_slot *names;        /* open-addressing table */
	size_t nnames, capnames;
	struct vec body_filters;        /* struct body_filter *: checked once rules are known */
};

/* A subscription's filter on the message body, kept with its block so
 * that its fields can be checked against the events published to it. */
struct body_filter {
	const struct m_topic *topic;
	const struct ast_block *block;
};

/* A block's attributes, checked against what its kind allows. */
#define VIEW_MAX_ATTRS 48
struct view {
	struct sema *s;
	const struct ast_block *block;
	const char *const *attrs;
	const struct ast_item *found[VIEW_MAX_ATTRS];
	const struct ast_block *defaults;      /* fallback values, or NULL */
	const char *const *default_attrs;
};

/* sema_value.c */
void view_open(struct sema *s, struct view *v, const struct ast_block *b,
	       const char *const *attrs, const char *const *stmts, const char *what);
void view_set_defaults(struct view *v, const struct ast_block *defaults);
const struct ast_item *view_attr(const struct view *v, const char *name);
/* The value of an attribute, env.NAME substituted; NULL if unset. */
const struct ast_value *view_value(const struct view *v, const char *name);
const struct ast_value *sema_eval(struct sema *s, const struct ast_value *v);

bool get_string(struct sema *s, const struct ast_value *v, const char *what, const char **out);
bool get_bool(struct sema *s, const struct ast_value *v, const char *what, bool *out);
bool get_int(struct sema *s, const struct ast_value *v, const char *what,
	     long long min, long long max, enum diag_code code, long long *out);
bool get_number(struct sema *s, const struct ast_value *v, const char *what, double *out);
/* A duration in whole seconds within [min, max]. */
bool get_seconds(struct sema *s, const struct ast_value *v, const char *what,
		 long long min, long long max, enum diag_code code, int *out);
bool get_days(struct sema *s, const struct ast_value *v, const char *what, int *out);
bool get_log_retention(struct sema *s, const struct ast_value *v, int *out);
/* A bare word or string that must be one of ALLOWED. */
bool get_choice(struct sema *s, const struct ast_value *v, const char *what,
		const char *const *allowed, const char **out);
bool get_jsonpath(struct sema *s, const struct ast_value *v, const char *what, const char **out);
/* A string list (["a", "b"]). */
bool get_string_list(struct sema *s, const struct ast_value *v, const char *what,
		     const char ***out, size_t *n);
/* A value for backends: literal or KIND.NAME.ATTR. */
bool get_mval(struct sema *s, const struct ast_value *v, struct m_val *out);
struct m_kvlist get_kvmap(struct sema *s, const struct ast_value *v, const char *what,
			  const struct ast_value *defaults_map);
/* Resolves NAME as a component of KIND, with "did you mean". */
struct m_comp *sema_lookup(struct sema *s, enum m_kind kind, const char *name, struct loc loc);
struct decl *sema_find(struct sema *s, enum m_kind kind, const char *name);
bool sema_is_kind_word(const char *w, enum m_kind *kind);
json_t *sema_own(struct sema *s, json_t *j);
/* A literal value as JSON (maps, lists, scalars); NULL after an error. */
json_t *sema_value_json(struct sema *s, const struct ast_value *v);

/* sema.c */
/* The key named by a block's kms_key (a name, `key NAME` or env.X), or
 * the pattern's default key. */
struct m_key *sema_component_key(struct sema *s, const struct view *v);
/* A block's log_retention in days, else the pattern's default. */
int sema_log_retention(struct sema *s, const struct view *v);

/* sema_envval.c */
/* The list a pattern or filter field is matched against, with env.NAME
 * (a value or a list, spliced) and ${env.NAME} in strings read in the
 * environment being checked; V itself when it has neither; NULL after an
 * error (E0311). */
const struct ast_value *sema_pattern_values(struct sema *s, const struct ast_value *v);
/* STRING V with each ${env.NAME} replaced by the variable's value and $${
 * by ${ (E0312 for a ${ that is no variable); V when it has none. */
const struct ast_value *sema_interpolate(struct sema *s, const struct ast_value *v);
/* " in environment 'NAME'" when V is a value written in the environment
 * being checked (a variable's), else "": for messages about such values. */
const char *sema_env_suffix(struct sema *s, const struct ast_value *v);

/* sema_data.c: key { pk = TYPE [, sk = TYPE] } of a table or an index */
struct key_schema {
	const char *pk, *sk;
	enum m_attr_type pk_type, sk_type;
	struct loc pk_loc, sk_loc;
};
bool sema_key_schema(struct sema *s, const struct ast_item *key, struct key_schema *out);

/* sema_dataopts.c: FIFO settings, named DLQs, and what tables say beyond
 * their key (capacity, indexes, stream view, deletion protection) */
void sema_queue_fifo(struct sema *s, struct m_queue *q, const struct view *v);
bool sema_queue_dlq_ref(struct sema *s, struct m_queue *q, const struct view *dv);
void sema_check_dead_letters(struct sema *s);
void sema_check_fifo_subscription(const struct m_topic *t, const struct m_subscription *sub);
void sema_table_options(struct sema *s, struct m_table *t, const struct ast_item *it, const struct view *v);

/* sema_env.c */
/* Checks the environments and the vars file against them, selects ENV
 * (NULL: the first) and gives the model its list of environments. */
void sema_envs(struct sema *s, const char *env);

/* sema_data.c */
/* The attributes of the kinds that `defaults` can set, shared by the
 * component's own block and its defaults block (sema.c checks the latter;
 * sema_function_attrs is in sema_compute.c, sema_workflow_attrs below). */
extern const char *const sema_queue_attrs[];
extern const char *const sema_table_attrs[];
extern const char *const sema_topic_attrs[];
void sema_key(struct sema *s, struct m_key *k, const struct ast_item *it);
void sema_bus(struct sema *s, struct m_bus *b, const struct ast_item *it);
void sema_queue(struct sema *s, struct m_queue *q, const struct ast_item *it);
void sema_table(struct sema *s, struct m_table *t, const struct ast_item *it);
void sema_topic(struct sema *s, struct m_topic *t, const struct ast_item *it);

/* sema_compute.c */
extern const char *const sema_function_attrs[];
void sema_function(struct sema *s, struct m_function *f, const struct ast_item *it);
/* At most one consumer per queue, and a visibility timeout of at least
 * six times its timeout; run once every function is built. */
void sema_check_consumers(struct sema *s);
void sema_rule(struct sema *s, struct m_rule *r, const struct ast_item *it);

/* sema_source.c */
/* stream NAME { mode, shards, retention, kms_key }: a Kinesis data stream. */
void sema_stream(struct sema *s, struct m_stream *st, const struct ast_item *it);
/* consume [queue|table] NAME { ... }: the function's event source. */
void sema_consume(struct sema *s, struct m_function *f, const struct ast_item *st);
/* async { ... }: its asynchronous invocation settings. */
void sema_async(struct sema *s, struct m_function *f, const struct ast_item *st);
/* At most two readers of a table's stream (W0602); once every function is built. */
void sema_check_stream_readers(struct sema *s);
/* sema_pipe.c; after the workflows, whose type an enrichment needs */
void sema_pipe(struct sema *s, struct m_pipe *p, const struct ast_item *it);
/* sema_schedule.c */
void sema_schedule(struct sema *s, struct m_schedule *sc, const struct ast_item *it);
void sema_connection(struct sema *s, struct m_connection *c, const struct ast_item *it);
void sema_api(struct sema *s, struct m_api *api, const struct ast_item *it);
/* headers and query of a rule's API destination target (E0324 on others). */
void sema_target_http(struct sema *s, struct m_target *t, const struct view *v);
/* dlq = true | false | QUEUE of a rule's or a schedule's target into T
 * (a dead-letter queue unless false); the value written, or NULL. */
const struct ast_value *sema_target_dlq(struct sema *s, struct m_target *t, const struct view *v);

/* sema_event.c */
void sema_events(struct sema *s);
/* The field at PATH (N names, nested) of event E, or NULL. */
/* The fields of block B (an event's detail, a function's returns), in the
 * event-field syntax: NAME TYPE [required] [enum(...)] [{ fields }]. */
void sema_fields(struct sema *s, const struct ast_block *b, struct m_field ***out, size_t *n);
const struct m_field *sema_event_field(const struct m_event *e, const char *const *path, size_t n);

/* sema_pattern.c */
void sema_rule_pattern(struct sema *s, struct m_rule *r, const struct ast_item *match);
json_t *sema_filter_policy(struct sema *s, const struct ast_block *filter);
/* The top-level fields of the records a source of KIND delivers (a
 * queue's SQS messages, a table's DynamoDB stream records, a Kinesis
 * stream's records), and what they are, for messages. */
const char *const *sema_record_fields(enum m_kind source, const char **what);
/* A pipe's filter: an EventBridge pattern whose top-level fields are
 * FIELDS, those of WHAT (the records of the pipe's source). */
json_t *sema_record_pattern(struct sema *s, const struct ast_block *filter, const char *const *fields,
			    const char *what);
/* A body filter's fields and values checked against EVENTS, as a rule's
 * pattern is (E0703, E0704, E0707). */
void sema_check_body_filter(struct sema *s, const struct ast_block *filter, struct m_event **events, size_t n);
/* A filter of an event source mapping on the records of SOURCE (a queue's
 * messages, a table's stream records): Lambda's pattern syntax, fields
 * checked against the record (E0221) and the table's key (E0224). */
json_t *sema_source_filter(struct sema *s, const struct ast_block *filter, const struct m_comp *source);

/* sema_workflow.c */
extern const char *const sema_workflow_attrs[];
void sema_workflow(struct sema *s, struct m_workflow *w, const struct ast_item *item);
void sema_workflow_inputs(struct sema *s);

/* What the three workflow files (wf_ names) share: the workflow being
 * built, and the functions one calls in another. */
struct wctx {
	struct sema *s;
	struct m_workflow *w;
	struct vec all;          /* every state of the workflow, for names */
	bool mixed_inputs;
	struct vec written;      /* result_path targets: data the states add */
	unsigned in_map;         /* inside a map's 'do': the input is an item */
};

/* sema_workflow.c: builds the graph of block B (TOP: the workflow's own,
 * else a branch or a map's 'do') and checks it. */
void wf_graph_build(struct wctx *c, const struct ast_block *b, struct m_graph *g, bool top);
/* Where ST is in G's states (wf_graph_build numbers them), or n_states
 * when it is not one of them. */
static inline size_t wf_place(const struct m_graph *g, const struct m_state *st)
{
	return st && st->place < g->n_states && g->states[st->place] == st ? st->place : g->n_states;
}

/* sema_wf_states.c */
extern const char *const wf_state_kinds[];
bool wf_is_state_item(const struct ast_item *it);
/* Whether block B declares a state, one dropped for an error included. */
bool wf_declares_states(const struct ast_block *b);
/* Reports what a branch or 'do' block holds besides states. */
void wf_unknown_branch_stmt(const struct ast_item *it);
/* The state that IT declares, built; NULL when it has no usable name. */
struct m_state *wf_new_state(struct wctx *c, const struct ast_item *it);

/* sema_wf_data.c */
/* The parameters of an action block B, each one of ALLOWED. */
struct m_param *wf_block_params(struct wctx *c, const struct ast_block *b, const char *const *allowed,
				const char *what);
/* The same, but for the attribute WORDS, whose value is a word the caller
 * reads itself (auth = iam). */
struct m_param *wf_block_params_but(struct wctx *c, const struct ast_block *b, const char *const *allowed,
				    const char *words, const char *what);
const char *wf_path_attr(struct wctx *c, const struct view *v, const char *name);
/* input_path, output_path, result_path, comment, parameters and
 * result_selector, which most kinds of state share. */
void wf_common_paths(struct wctx *c, struct m_state *st, const struct view *v);
/* ST's result_path when it gives none: $.NAME (tasks, parallels, maps). */
void wf_default_result_path(struct wctx *c, struct m_state *st);
/* Every result_path of the states in B, so that conditions may read them. */
void wf_collect_written(struct wctx *c, const struct ast_block *b);
bool wf_looks_like_timestamp(const char *s);
/* Whether P is an AttributeValue written out: { N = $.x }. */
bool wf_dynamo_typed_map(const struct m_param *p);
/* The DynamoDB types of ITEM's paths (put item, get item key) from the
 * starting events; T's key attributes take the key's types. */
void wf_dynamo_item_types(struct wctx *c, struct m_param *item, const struct m_table *t);
/* A publish's attributes = { name = value }: each one's SNS DataType. */
void wf_message_attributes(struct wctx *c, struct m_state *st);
/* sema_sns.c: subscriptions' filters against what their topics' publishers
 * set (after the workflows are built). */
void sema_check_topic_filters(struct sema *s);
/* E0708 for a nested key in a message-attribute filter policy. */
void sema_check_attribute_filter(const struct m_subscription *sub, struct loc loc);
/* sema_wf_names.c: state names, words or strings (ASL's rules) */
bool wf_is_word(const char *s);
/* The interned name W gives a state of IT; NULL (reported) when ASL
 * refuses it. */
const char *wf_state_name(struct wctx *c, const struct ast_item *it, const struct ast_value *w);
/* NAME for a message: 'check-stock', or "Check Stock" as it is written. */
const char *wf_state_label(struct arena *a, const char *name);
/* The key of $.KEY, where a state named NAME keeps its result by default. */
const char *wf_result_key(struct arena *a, const char *name);
void wf_check_result_key(struct wctx *c, const struct m_state *st);

/* sema_wf_sdk.c: SDK calls and the DynamoDB tasks beyond put and get */
/* `TableName = table orders` in parameters: P stands for the component. */
void wf_comp_param(struct wctx *c, struct m_param *p, const struct ast_value *v);
/* call "service:action", update item, delete item, query table: false
 * when IT is none of them. */
bool wf_build_sdk_action(struct wctx *c, struct m_state *st, const struct ast_item *it);
/* emit on bus B { source = ..., detail_type = ..., detail = ... }: an event
 * no `event` declares, whose source and detail-type may come from paths. */
void wf_build_emit_on_bus(struct wctx *c, struct m_state *st, const struct ast_item *it);

/* sema_wf_dmap.c: a map's mode = distributed, its S3 reader and writer,
 * batches and tolerated failures (from map's block MAP, viewed as V). */
void wf_map_mode(struct wctx *c, struct m_state *st, const struct ast_item *map, const struct view *v);

/* sema_wf_flow.c: the data at every state, and every read of it checked. */
void wf_check_flow(struct wctx *c);
/* A choice arm's condition, typed against the starting events' fields. */
struct m_cond *wf_cond(struct wctx *c, const struct ast_expr *e);

/* ST's words run on to NEXT, which starts another statement: says to
 * separate the two (reads flights  writes flights). */
void sema_runs_on(const struct ast_item *st, const struct ast_value *next);

#endif
