/* plan_priv.h - what the plan's builders share: the state of one
 * environment's build and short constructors. One builder per construct:
 * plan_keys.c (keys and their policies), plan_bus.c (buses, archives,
 * schemas, audit), plan_compute.c (queues, tables, functions),
 * plan_messaging.c (topics, rules, resource policies), plan_workflow.c
 * (state machines), plan_watch.c (alarms, dashboards, outputs). */
#ifndef EVENTC_PLAN_PRIV_H
#define EVENTC_PLAN_PRIV_H

#include "plan.h"

#include "alarms.h"
#include "iam.h"
#include "names.h"

/* Seconds a queue or a state machine reuses a data key before asking KMS
 * again (AWS's default for both, written out). */
#define KMS_DATA_KEY_REUSE_S 300

/* Services a key's policy lets use it, as they are found to need it. */
enum key_service { KS_EVENTS = 1, KS_SNS = 2, KS_LOGS = 4, KS_STATES = 8, KS_CLOUDWATCH = 16 };

/* Statements gathered for a queue's or a topic's resource policy: a queue
 * has one policy however many senders it has. */
struct policy_acc {
	const struct m_comp *comp;
	struct pv *statements;
	struct vec senders; /* struct policy_sender * (plan_keys.c): one statement a service */
};

struct pb {
	struct arena *a;
	const struct m_pattern *m;
	struct p_plan *p;
	const struct alarms_set *alarms;
	unsigned *key_services;     /* per key, index in m->keys */
	struct vec *key_uses;       /* per key: struct key_use * (plan_keys.c), made when first needed */
	struct pv **key_statements; /* per key: its policy's statements */
	struct vec queue_policies;  /* struct policy_acc * */
	struct vec topic_policies;
	struct strmap *policy_index; /* component ID -> its struct policy_acc */
	struct strmap *key_use_index; /* "key service resource" -> the use, once each */
	const struct m_comp *owner; /* the component being planned */
	struct strmap *code_hashes; /* code folder -> struct code_hash (plan_compute.c) */
	struct plan_run *run;       /* when the hashes are the run's: taken under its lock */
	bool local_code;            /* struct plan_run's */
};

#define S(b, x) pv_str((b)->a, (x))
#define I(b, x) pv_int((b)->a, (x))
#define B(b, x) pv_bool((b)->a, (x))
#define F(b, ...) arena_printf((b)->a, __VA_ARGS__)

/* A resource of the component being planned; returns its properties. */
struct p_res *pb_res(struct pb *b, const char *id, enum p_type type, const char *part);
void pb_set(struct pb *b, struct p_res *r, const char *key, struct pv *value);

/* IDs, names and references. */
const char *pb_id(struct pb *b, const struct m_comp *c);
const char *pb_id_of(struct pb *b, const struct m_comp *c, const char *suffix);
struct pv *pb_name(struct pb *b, const char *suffix, uint32_t max);
struct pv *pb_comp_name(struct pb *b, const struct m_comp *c);
struct pv *pb_comp_arn(struct pb *b, const struct m_comp *c);
struct pv *pb_comp_attr(struct pb *b, const struct m_comp *c, enum m_attr attr);
struct pv *pb_function_target(struct pb *b, const struct m_function *f);
struct pv *pb_key_arn(struct pb *b, const struct m_key *k);
struct pv *pb_mval(struct pb *b, const struct m_val *v);
struct pv *pb_tags(struct pb *b);
struct pv *pb_arn(struct pb *b, const char *service, const char *resource_head, struct pv *name, const char *tail);

/* Policies. */
struct pv *pb_statement(struct pb *b, const char *sid, struct pv *principal, struct pv *actions,
			struct pv *resources, struct pv *condition);
struct pv *pb_service(struct pb *b, const char *service);
struct pv *pb_condition(struct pb *b, const char *op, const char *key, struct pv *value);
/* kms:ViaService for SVC in the stack's region (plan_keys.c). */
struct pv *pb_via_service(struct pb *b, const char *svc);
/* {"Bool": {"aws:SecureTransport": "false"}}, shared (plan_keys.c). */
struct pv *pb_tls_only(struct pb *b);
struct pv *pb_document(struct pb *b, struct pv *statements);
struct pv *pb_one(struct pb *b, struct pv *item);
/* SERVICE uses key K for what the resource RES_ID is (a queue, topic, bus,
 * archive or state machine): the key policy lets it, scoped to that
 * resource. pb_key_service finds the resource from what is being planned. */
void pb_key_service(struct pb *b, const struct m_key *k, unsigned service);
void pb_key_use(struct pb *b, const struct m_key *k, unsigned service, const char *res_id);
void pb_queue_allow(struct pb *b, const struct m_queue *q, const char *sid, const char *service, struct pv *source);
void pb_topic_allow(struct pb *b, const struct m_topic *t, const char *sid, struct pv *source);

/* An IAM role for SERVICE with STATEMENTS and the key grants KEYS. SOURCE
 * is the ARN of the resource SERVICE assumes the role for (a rule, state
 * machine or delivery stream), built from its physical name, never a
 * reference (the resource refers to the role): the trust policy allows
 * SERVICE only with aws:SourceArn SOURCE and aws:SourceAccount this
 * account. NULL: no condition (Lambda). */
struct p_res *pb_role(struct pb *b, const char *id, const char *part, const char *service, struct pv *source,
		      const char *name, struct pv *statements, const struct vec *keys, const char *description);
/* The ARN of rule RULE_NAME on BUS (NULL: the default bus). */
struct pv *pb_rule_arn(struct pb *b, const struct m_comp *bus, struct pv *rule_name);
/* The statements of an iam.c role; LG is the ID of its own log group. */
struct pv *pb_role_statements(struct pb *b, const struct iam_role *ir, const char *lg);
/* Workflow W's state machine's ARN, from its physical name (plan_keys.c). */
struct pv *pb_machine_arn(struct pb *b, const struct m_comp *w);
struct p_res *pb_log_group(struct pb *b, const char *id, struct pv *name, int retention, const struct m_key *key);

void plan_keys(struct pb *b, const struct m_key *k);
void plan_keys_finish(struct pb *b);
void plan_bus(struct pb *b, const struct m_bus *bus);
/* What names bus BUS where EventBridge takes a bus (a rule's
 * EventBusName): a reference to the pattern's bus, "default", or the name
 * or ARN of an existing bus as written. */
struct pv *pb_bus_name(struct pb *b, const struct m_bus *bus);
/* The ARN of BUS: the pattern's bus's, else built from its name (in this
 * account and Region) or the ARN given. */
struct pv *pb_bus_arn(struct pb *b, const struct m_bus *bus);
/* Whether BUS is one of the pattern's declared buses (in m->buses). */
bool plan_bus_declared(const struct m_pattern *m, const struct m_bus *bus);
/* The audit trail of BUS (plan_audit.c). */
void plan_audit(struct pb *b, const struct m_bus *bus);
void plan_queue(struct pb *b, const struct m_queue *q);
void plan_table(struct pb *b, const struct m_table *t);
void plan_function(struct pb *b, const struct m_function *f);
/* Function F's event source mapping and async settings (plan_source.c);
 * ROLE is the ID of its execution role. */
void plan_stream(struct pb *b, const struct m_stream *st);
void plan_event_source(struct pb *b, const struct m_function *f, const char *role);
void plan_async(struct pb *b, const struct m_function *f, const char *role);
void plan_topic(struct pb *b, const struct m_topic *t);
/* Dead letters (plan_messaging.c): a queue for what a service could not
 * deliver, the policy that lets it send there, and EventBridge's retries. */
#define RULE_DEFAULT_MAX_EVENT_AGE_S 86400
#define RULE_DEFAULT_RETRY_ATTEMPTS 185
struct p_res *pb_dead_letter_queue(struct pb *b, const char *id, const char *part, const char *name, bool fifo,
				   unsigned service);
void pb_dead_letter_policy(struct pb *b, const char *id, const char *part, const char *dlq, const char *sid,
			   const char *service, struct pv *source);
struct pv *pb_retry_policy(struct pb *b, int max_event_age_s, int retry_attempts);
/* Target T's Arn and, unless its dlq is false, its DeadLetterConfig (the
 * queue it names, else DLQ): how a rule's Targets entry and a schedule's
 * Target begin. */
struct pv *pb_target(struct pb *b, const struct m_target *t, const char *dlq);
void plan_rule(struct pb *b, const struct m_rule *r);
void plan_policies_finish(struct pb *b);
/* Whether this environment keeps its data when a stack goes, and the
 * deletion policy of every stateful resource planned so far. */
bool plan_keeps_data(const struct m_pattern *m);
void plan_retention(struct pb *b);
void plan_workflow(struct pb *b, const struct m_workflow *w);
void plan_pipe(struct pb *b, const struct m_pipe *p);
/* plan_schedule.c: schedules, connections, API destinations, and the
 * HttpParameters of a rule's API destination target (NULL: none). */
void plan_schedule(struct pb *b, const struct m_schedule *sc);
void plan_connection(struct pb *b, const struct m_connection *c);
void plan_api(struct pb *b, const struct m_api *api);
struct pv *pb_http_parameters(struct pb *b, const struct m_target *t);
void plan_alarms(struct pb *b);
void plan_outputs(struct pb *b);
/* Breaks the loops among the resources planned where AWS needs no order
 * (plan_cycles.c); reports the others. */
void plan_break_cycles(struct pb *b);
/* The ARN of R built from its physical name, or NULL where the plan cannot
 * know it (plan_cycles.c). */
struct pv *pb_arn_from_name(struct pb *b, const struct p_res *r);
/* Refuses what AWS would refuse of the plan by its size (plan_limits.c). */
void plan_limits(struct pb *b);

/* plan_data.c: FIFO settings, redrive-allow policies, a table's attribute
 * definitions, capacity, indexes and the ARNs its readers get */
struct pv *pb_queue_name(struct pb *b, const char *name, bool fifo);
void pb_queue_fifo_head(struct pb *b, struct p_res *r, const struct m_queue *q);
void pb_queue_fifo_tail(struct pb *b, struct p_res *r, const struct m_queue *q);
void pb_redrive_allow(struct pb *b, struct p_res *r, const struct m_queue *dlq);
struct pv *pb_table_attribute_definitions(struct pb *b, const struct m_table *t);
struct pv *pb_key_schema(struct pb *b, const char *pk, const char *sk);
struct pv *pb_throughput(struct pb *b, int read, int write);
struct pv *pb_table_indexes(struct pb *b, const struct m_table *t, bool local);
struct pv *pb_table_read_resources(struct pb *b, const struct m_table *t);

#endif
