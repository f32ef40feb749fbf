/* iam.c - least privilege, from the model. */
#include "iam.h"

#include <string.h>

#include "names.h"

static void allow(struct arena *a, struct iam_role *r, const char *sid, const char *const *actions,
		  enum iam_target target, const struct m_comp *comp)
{
	struct iam_statement *s = arena_alloc(a, sizeof *s);
	s->sid = sid;
	s->actions = actions;
	s->target = target;
	s->comp = comp;
	vec_push(a, &r->statements, s);
}

static void use_for(struct arena *a, struct iam_key_use *u, const struct m_comp *comp, unsigned uses)
{
	u->uses |= uses & (IAM_DECRYPT | IAM_GENERATE);
	for (size_t i = 0; i < u->comps.n; i++) {
		struct iam_key_comp *c = u->comps.items[i];
		if (c->comp == comp) {
			c->uses |= uses;
			return;
		}
	}
	struct iam_key_comp *c = arena_alloc(a, sizeof *c);
	c->comp = comp;
	c->uses = uses;
	vec_push(a, &u->comps, c);
}

/* A role may use any number of keys: every one it touches is granted, for
 * the component COMP it serves. */
static void use_key(struct arena *a, struct iam_role *r, const struct m_key *k, unsigned uses,
		    const struct m_comp *comp)
{
	if (!k)
		return;
	for (size_t i = 0; i < r->keys.n; i++) {
		struct iam_key_use *u = r->keys.items[i];
		if (u->key == k) {
			use_for(a, u, comp, uses);
			return;
		}
	}
	struct iam_key_use *u = arena_alloc(a, sizeof *u);
	memset(u, 0, sizeof *u);
	u->key = k;
	use_for(a, u, comp, uses);
	vec_push(a, &r->keys, u);
}

static const char *const consume[] = { "sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
				       "sqs:GetQueueAttributes", "sqs:ReceiveMessage", NULL };
static const char *const ddb_write[] = { "dynamodb:BatchWriteItem", "dynamodb:DeleteItem",
					 "dynamodb:PutItem", "dynamodb:UpdateItem", NULL };
static const char *const ddb_read[] = { "dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query",
					"dynamodb:Scan", NULL };
static const char *const send[] = { "sqs:SendMessage", NULL };
static const char *const publish[] = { "sns:Publish", NULL };
static const char *const put_events[] = { "events:PutEvents", NULL };
static const char *const invoke[] = { "lambda:InvokeFunction", NULL };
static const char *const start[] = { "states:StartExecution", NULL };

/* consume/writes/reads/publishes/invokes/starts COMP */
static void grant(struct arena *a, struct iam_role *r, const struct m_grant *g)
{
	const struct m_comp *k = g->comp;
	const char *verb = g->access == ACC_CONSUME ? "Consume" : g->access == ACC_READ ? "Read"
		: g->access == ACC_WRITE ? "Write" : g->access == ACC_PUBLISH ? "Publish"
		: g->access == ACC_INVOKE ? "Invoke" : "Start";
	const char *sid = arena_printf(a, "%s%s", verb, names_logical_id(a, k));
	switch (k->kind) {
	case MK_QUEUE:
		allow(a, r, sid, g->access == ACC_CONSUME ? consume : send, IAM_COMP, k);
		use_key(a, r, ((const struct m_queue *)k)->key,
			g->access == ACC_CONSUME ? IAM_DECRYPT : IAM_DECRYPT | IAM_GENERATE, k);
		break;
	case MK_TABLE:
		allow(a, r, sid, g->access == ACC_READ ? ddb_read : ddb_write, IAM_COMP, k);
		use_key(a, r, ((const struct m_table *)k)->key, IAM_DECRYPT | IAM_GENERATE, k);
		break;
	case MK_TOPIC:
		allow(a, r, sid, publish, IAM_COMP, k);
		use_key(a, r, ((const struct m_topic *)k)->key, IAM_DECRYPT | IAM_GENERATE, k);
		break;
	case MK_BUS:
		allow(a, r, sid, put_events, IAM_COMP, k);
		break;
	case MK_FUNCTION:
		allow(a, r, sid, invoke, IAM_COMP, k);
		break;
	case MK_WORKFLOW:
		/* the execution's input is encrypted under the workflow's key */
		allow(a, r, sid, start, IAM_COMP, k);
		use_key(a, r, ((const struct m_workflow *)k)->key, IAM_GENERATE, k);
		break;
	default:
		break;
	}
}

/* Whether task ST hands its task token to F: it invokes F, sends to the
 * queue F consumes, or publishes to a topic F subscribes to. */
static bool token_reaches(const struct m_state *st, const struct m_function *f)
{
	if (st->kind != ST_TASK || !st->wait_for_token || !st->target)
		return false;
	if (st->action == TA_INVOKE)
		return st->target == &f->c;
	if (st->action == TA_SEND)
		return f->consume && &f->consume->c == st->target;
	if (st->action == TA_PUBLISH) {
		const struct m_topic *t = (const struct m_topic *)st->target;
		for (size_t i = 0; i < t->n_subs; i++)
			if (t->subs[i].function == f)
				return true;
	}
	return false;
}

static bool graph_sends_token(const struct m_graph *g, const struct m_function *f)
{
	for (size_t i = 0; g && i < g->n_states; i++) {
		const struct m_state *st = g->states[i];
		if (token_reaches(st, f) || graph_sends_token(st->iterator, f))
			return true;
		for (size_t k = 0; k < st->n_branches; k++)
			if (graph_sends_token(st->branches[k], f))
				return true;
	}
	return false;
}

/* A function that gets a task token sends it back: SendTaskSuccess,
 * SendTaskFailure and SendTaskHeartbeat on the state machine that waits
 * ("Wait for a Callback with the Task Token", Step Functions developer
 * guide; the actions' resource is the state machine). */
static void token_grants(struct arena *a, const struct m_pattern *m, const struct m_function *f,
			 struct iam_role *r)
{
	static const char *const callback[] = { "states:SendTaskFailure", "states:SendTaskHeartbeat",
						"states:SendTaskSuccess", NULL };
	for (size_t i = 0; m && i < m->n_workflows; i++) {
		const struct m_workflow *w = m->workflows[i];
		if (!graph_sends_token(&w->graph, f))
			continue;
		allow(a, r, arena_printf(a, "Callback%s", names_logical_id(a, &w->c)), callback, IAM_MACHINE, &w->c);
		/* the output it sends is encrypted under the workflow's key, as a
		 * started execution's input is ("Data at rest encryption") */
		use_key(a, r, w->key, IAM_GENERATE, &w->c);
	}
}

void iam_function_role(struct arena *a, const struct m_pattern *m, const struct m_function *f,
		       struct iam_role *r)
{
	static const char *const logs[] = { "logs:CreateLogStream", "logs:PutLogEvents", NULL };
	static const char *const xray[] = { "xray:PutTelemetryRecords", "xray:PutTraceSegments", NULL };
	memset(r, 0, sizeof *r);
	allow(a, r, "WriteLogs", logs, IAM_LOG_GROUP, &f->c);
	if (f->tracing_active)
		allow(a, r, "WriteTraces", xray, IAM_STAR, NULL);
	if (f->consume) {
		struct m_grant g = { .access = ACC_CONSUME, .comp = &f->consume->c, .loc = f->consume_loc };
		grant(a, r, &g);
	}
	for (size_t i = 0; i < f->n_grants; i++)
		grant(a, r, &f->grants[i]);
	token_grants(a, m, f, r);
	use_key(a, r, f->key, IAM_DECRYPT, &f->c); /* its environment variables */
}

static void graph_grants(struct arena *a, struct iam_role *r, const struct m_graph *g, bool *sync);

/* What a task state calls; a state that writes its own Parameters calls
 * something eventc does not know, and is granted nothing. */
static void state_grants(struct arena *a, struct iam_role *r, const struct m_state *st, bool *sync)
{
	static const char *const put[] = { "dynamodb:PutItem", NULL };
	static const char *const get[] = { "dynamodb:GetItem", NULL };
	static const char *const track[] = { "states:DescribeExecution", "states:StopExecution", NULL };
	for (size_t i = 0; i < st->n_branches; i++)
		graph_grants(a, r, st->branches[i], sync);
	if (st->iterator)
		graph_grants(a, r, st->iterator, sync);
	if (st->kind != ST_TASK || !st->target || st->parameters)
		return;
	const char *sid = arena_printf(a, "%sTask", names_pascal(a, st->name));
	switch (st->action) {
	case TA_INVOKE:
		allow(a, r, sid, invoke, IAM_COMP, st->target);
		break;
	case TA_PUBLISH:
		allow(a, r, sid, publish, IAM_COMP, st->target);
		use_key(a, r, ((const struct m_topic *)st->target)->key, IAM_DECRYPT | IAM_GENERATE, st->target);
		break;
	case TA_SEND:
		allow(a, r, sid, send, IAM_COMP, st->target);
		use_key(a, r, ((const struct m_queue *)st->target)->key, IAM_DECRYPT | IAM_GENERATE, st->target);
		break;
	case TA_PUT_ITEM:
	case TA_GET_ITEM:
		allow(a, r, sid, st->action == TA_PUT_ITEM ? put : get, IAM_COMP, st->target);
		use_key(a, r, ((const struct m_table *)st->target)->key, IAM_DECRYPT | IAM_GENERATE, st->target);
		break;
	case TA_EMIT:
		allow(a, r, sid, put_events, IAM_COMP, st->target);
		break;
	case TA_START_WORKFLOW:
		allow(a, r, sid, start, IAM_COMP, st->target);
		/* the child's input is encrypted under its key; .sync reads its output */
		use_key(a, r, ((const struct m_workflow *)st->target)->key,
			st->sync ? IAM_DECRYPT | IAM_GENERATE : IAM_GENERATE, st->target);
		if (st->sync) {
			/* .sync follows the child's execution */
			allow(a, r, arena_printf(a, "%sTrack", sid), track, IAM_EXECUTIONS, st->target);
			*sync = true;
		}
		break;
	}
}

static void graph_grants(struct arena *a, struct iam_role *r, const struct m_graph *g, bool *sync)
{
	for (size_t i = 0; i < g->n_states; i++)
		state_grants(a, r, g->states[i], sync);
}

void iam_workflow_role(struct arena *a, const struct m_workflow *w, struct iam_role *r)
{
	static const char *const delivery[] = {
		"logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
		"logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
		"logs:PutResourcePolicy", "logs:UpdateLogDelivery", NULL
	};
	static const char *const xray[] = { "xray:GetSamplingRules", "xray:GetSamplingTargets",
					    "xray:PutTelemetryRecords", "xray:PutTraceSegments", NULL };
	static const char *const managed_rule[] = { "events:DescribeRule", "events:PutRule", "events:PutTargets", NULL };
	memset(r, 0, sizeof *r);
	bool sync = false;
	graph_grants(a, r, &w->graph, &sync);
	if (sync)
		allow(a, r, "ManageSyncRule", managed_rule, IAM_SYNC_RULE, NULL);
	allow(a, r, "DeliverLogs", delivery, IAM_STAR, NULL);
	if (w->tracing)
		allow(a, r, "WriteTraces", xray, IAM_STAR, NULL);
	/* its definition and execution history, and the logs it delivers */
	use_key(a, r, w->key, IAM_DECRYPT | IAM_GENERATE | IAM_LOG_DELIVERY, &w->c);
}

const char *const iam_key_admin[] = {
	"kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt",
	"kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation",
	"kms:EnableKey", "kms:EnableKeyRotation", "kms:Encrypt", "kms:GenerateDataKey",
	"kms:GenerateDataKeyWithoutPlaintext", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
	"kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListResourceTags",
	"kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant",
	"kms:RevokeGrant", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
	"kms:UpdateAlias", "kms:UpdateKeyDescription", NULL
};

const char *const iam_key_use[] = { "kms:Decrypt", "kms:GenerateDataKey", NULL };

const char *const iam_key_logs[] = {
	"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
	"kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo", NULL
};

/* A schedule's role: the one action of its target (the Scheduler user
 * guide's "Set up the execution role" per target), on that target only,
 * sqs:SendMessage on a DLQ that is a queue of the pattern, and the keys
 * those are under. Its own DLQ is the plan's (plan_schedule.c). */
void iam_schedule_role(struct arena *a, const struct m_schedule *sc, struct iam_role *r)
{
	const struct m_target *t = &sc->target;
	if (t->comp) {
		struct m_grant g = { .access = t->kind == TGT_FUNCTION ? ACC_INVOKE : t->kind == TGT_WORKFLOW ? ACC_START
				     : ACC_PUBLISH, .comp = t->comp };
		grant(a, r, &g);
	}
	if (t->dlq && t->dlq_queue && &t->dlq_queue->c != t->comp) {
		struct m_grant g = { .access = ACC_PUBLISH, .comp = &t->dlq_queue->c };
		grant(a, r, &g);
	}
}
