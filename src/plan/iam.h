/* iam.h - what the execution roles of functions and workflows may do,
 * worked out once from the model: each statement's actions and what they
 * apply to, and the keys the role uses. The CloudFormation and Terraform
 * backends only render it, so their roles cannot differ. */
#ifndef EVENTC_IAM_H
#define EVENTC_IAM_H

#include <stdbool.h>

#include "arena.h"
#include "model.h"

enum iam_target {
	IAM_COMP,        /* COMP's ARN; for a function, what invokes it (its alias) */
	IAM_STAR,        /* "*": the actions take no resource (X-Ray, log delivery) */
	IAM_LOG_GROUP,   /* the log group of the role's own function */
	IAM_EXECUTIONS,  /* the executions of workflow COMP (for .sync) */
	IAM_SYNC_RULE,   /* the EventBridge rule Step Functions manages for .sync */
	IAM_MACHINE,     /* workflow COMP's state machine, by its physical name: a
			  * reference would make a cycle function -> machine -> function */
	IAM_ARN,         /* the ARN the user wrote (call ... { resource = "arn:..." }) */
	IAM_TABLE_INDEX, /* index ARN of table COMP: its ARN, "/index/", ARN */
	IAM_MAP_RUNS,    /* the child executions of workflow COMP's distributed maps */
	IAM_EXECUTE_API, /* a REST API's method: arn:...:execute-api:REGION:ACCOUNT:ARN */
	IAM_STREAM,      /* the DynamoDB stream of table COMP */
	IAM_TABLE_READ,  /* table COMP's ARN and those of each of its indexes
			  * (Query and Scan on an index), for a table with indexes */
};

struct iam_statement {
	const char *sid;
	const char *const *actions; /* NULL-terminated, sorted */
	enum iam_target target;
	const struct m_comp *comp;
	const char *arn;            /* IAM_ARN: the ARN; IAM_TABLE_INDEX: the index;
				     * IAM_EXECUTE_API: ID/STAGE/METHOD/PATH */
	const char *region;         /* IAM_EXECUTE_API: the API's region */
};

/* IAM_LOG_DELIVERY: a workflow's own key, for the logs Step Functions
 * delivers (GenerateDataKey under the logs' encryption context). */
enum { IAM_DECRYPT = 1, IAM_GENERATE = 2, IAM_LOG_DELIVERY = 4 };

/* What a role uses a key for: one component (a queue, table or topic it
 * reads or writes, a workflow it runs or starts, its own function's
 * environment) and how. */
struct iam_key_comp {
	const struct m_comp *comp;
	unsigned uses;
};

struct iam_key_use {
	const struct m_key *key;
	unsigned uses;              /* IAM_DECRYPT | IAM_GENERATE: all of comps' */
	struct vec comps;           /* struct iam_key_comp *, each component once */
};

struct iam_role {
	struct vec statements;      /* struct iam_statement * */
	struct vec keys;            /* struct iam_key_use *, each key once */
};

/* A function's grants: its logs, traces, the queue it consumes, what its
 * consume/writes/reads/publishes/invokes/starts statements name, and the
 * callbacks to the workflows of M that hand it a task token. */
void iam_function_role(struct arena *a, const struct m_pattern *m, const struct m_function *f,
		       struct iam_role *r);
/* A schedule's grants: its target's one action, a named DLQ, their keys. */
void iam_schedule_role(struct arena *a, const struct m_schedule *sc, struct iam_role *r);
/* A workflow's grants: the tasks its states call, log delivery, traces. */
void iam_workflow_role(struct arena *a, const struct m_workflow *w, struct iam_role *r);

/* A pipe's grants: reading its source, the dead-letter queue of a stream
 * source, calling its enrichment and target, writing its logs. */
void iam_pipe_role(struct arena *a, const struct m_pipe *p, struct iam_role *r);

/* Key policies: what the account may do with a key (every action named,
 * no kms:*), what a service that encrypts for its users may do, and what
 * CloudWatch Logs needs to encrypt log groups. NULL-terminated. */
extern const char *const iam_key_admin[];
extern const char *const iam_key_use[];
extern const char *const iam_key_logs[];

#endif
