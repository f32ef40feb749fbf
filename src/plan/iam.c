/* iam.c - least privilege, from the model. */
#include "iam.h"

#include <string.h>

#include "names.h"

static void allow(struct arena *a, struct iam_role *r, const char *sid, const char *const *actions,
		  enum iam_target target, const struct m_comp *comp)
{
	struct iam_statement *s = arena_alloc(a, sizeof *s);
	/* A Sid is unique in its policy; two states whose names differ only in
	 * what a Sid cannot hold ("Check Stock", "check-stock") are numbered. */
	const char *base = sid;
	for (unsigned n = 2; ; n++) {
		bool taken = false;
		for (size_t i = 0; i < r->statements.n && !taken; i++)
			taken = !strcmp(((const struct iam_statement *)r->statements.items[i])->sid, sid);
		if (!taken)
			break;
		sid = arena_printf(a, "%s%u", base, n);
	}
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
static const char *const kinesis_put[] = { "kinesis:PutRecord", "kinesis:PutRecords", NULL };

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
		/* reads query the indexes too; writes go to the table only */
		allow(a, r, sid, g->access == ACC_READ ? ddb_read : ddb_write,
		      g->access == ACC_READ && ((const struct m_table *)k)->n_indexes ? IAM_TABLE_READ : IAM_COMP, k);
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
	case MK_STREAM:
		/* Kinesis encrypts each record it is put with the producer's
		 * credentials ("Permissions to use user-generated KMS keys") */
		allow(a, r, sid, kinesis_put, IAM_COMP, k);
		use_key(a, r, ((const struct m_stream *)k)->key, IAM_GENERATE, k);
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
	/* most patterns have no callback: then no function's role asks every
	 * workflow's states (a cost of functions times states) */
	if (!m || !m->waits_for_token)
		return;
	for (size_t i = 0; i < m->n_workflows; i++) {
		const struct m_workflow *w = m->workflows[i];
		if (!graph_sends_token(&w->graph, f))
			continue;
		allow(a, r, arena_printf(a, "Callback%s", names_logical_id(a, &w->c)), callback, IAM_MACHINE, &w->c);
		/* the output it sends is encrypted under the workflow's key, as a
		 * started execution's input is ("Data at rest encryption") */
		use_key(a, r, w->key, IAM_GENERATE, &w->c);
	}
}

/* Where Lambda delivers for F, with F's role: a stream source's
 * on-failure destination and the async destinations ("Adding a
 * destination", Lambda developer guide: the execution role needs
 * sqs:SendMessage, sns:Publish, events:PutEvents or lambda:InvokeFunction
 * on it). One statement per destination, however many roles it plays. */
static void destination_grant(struct arena *a, struct iam_role *r, const struct m_comp *d)
{
	if (!d)
		return;
	const char *sid = arena_printf(a, "DeliverTo%s", names_logical_id(a, d));
	for (size_t i = 0; i < r->statements.n; i++)
		if (!strcmp(((const struct iam_statement *)r->statements.items[i])->sid, sid))
			return;
	switch (d->kind) {
	case MK_QUEUE:
		allow(a, r, sid, send, IAM_COMP, d);
		use_key(a, r, ((const struct m_queue *)d)->key, IAM_DECRYPT | IAM_GENERATE, d);
		break;
	case MK_TOPIC:
		allow(a, r, sid, publish, IAM_COMP, d);
		use_key(a, r, ((const struct m_topic *)d)->key, IAM_DECRYPT | IAM_GENERATE, d);
		break;
	case MK_BUS:
		allow(a, r, sid, put_events, IAM_COMP, d);
		break;
	case MK_FUNCTION:
		allow(a, r, sid, invoke, IAM_COMP, d);
		break;
	default:
		break;
	}
}

/* What F's event source mapping reads with F's role: the queue, or the
 * table's stream ("Using Lambda with DynamoDB", execution role
 * permissions), whose records are decrypted under the table's key. */
static void source_grants(struct arena *a, struct iam_role *r, const struct m_function *f)
{
	static const char *const stream_read[] = { "dynamodb:DescribeStream", "dynamodb:GetRecords",
						   "dynamodb:GetShardIterator", "dynamodb:ListStreams", NULL };
	/* "Lambda execution role for Kinesis", Lambda developer guide */
	static const char *const kinesis_read[] = { "kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
						    "kinesis:GetRecords", "kinesis:GetShardIterator",
						    "kinesis:ListShards", "kinesis:ListStreams", NULL };
	const struct m_comp *src = f->source;
	if (f->consume) {
		struct m_grant g = { .access = ACC_CONSUME, .comp = &f->consume->c, .loc = f->consume_loc };
		grant(a, r, &g);
	} else if (src && src->kind == MK_TABLE) {
		allow(a, r, arena_printf(a, "ConsumeStream%s", names_logical_id(a, src)), stream_read, IAM_STREAM, src);
		use_key(a, r, ((const struct m_table *)src)->key, IAM_DECRYPT, src);
	} else if (src && src->kind == MK_STREAM) {
		allow(a, r, arena_printf(a, "Consume%s", names_logical_id(a, src)), kinesis_read, IAM_COMP, src);
		use_key(a, r, ((const struct m_stream *)src)->key, IAM_DECRYPT, src);
	}
	destination_grant(a, r, f->on_failure);
	if (f->async) {
		destination_grant(a, r, f->async->on_success);
		destination_grant(a, r, f->async->on_failure);
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
	source_grants(a, r, f);
	for (size_t i = 0; i < f->n_grants; i++)
		grant(a, r, &f->grants[i]);
	token_grants(a, m, f, r);
	use_key(a, r, f->key, IAM_DECRYPT, &f->c); /* its environment variables */
}

/* What a workflow's states need beyond their own grants. */
enum { NEEDS_SYNC = 1, NEEDS_MAP_RUNS = 2 };

static void graph_grants(struct arena *a, struct iam_role *r, const struct m_graph *g, unsigned *needs);

static void allow_arn(struct arena *a, struct iam_role *r, const char *sid, const char *const *actions,
		      const char *arn);

static const struct m_key *comp_key(const struct m_comp *c)
{
	switch (c->kind) {
	case MK_QUEUE: return ((const struct m_queue *)c)->key;
	case MK_TOPIC: return ((const struct m_topic *)c)->key;
	case MK_TABLE: return ((const struct m_table *)c)->key;
	case MK_WORKFLOW: return ((const struct m_workflow *)c)->key;
	default: return NULL;
	}
}

/* call "service:action": its IAM action on each component its parameters
 * name (and that component's key), or on the ARNs the user gave. */
static void call_grants(struct arena *a, struct iam_role *r, const struct m_state *st, const char *sid)
{
	const struct m_sdk_call *call = st->call;
	const char *const *actions = call->iam_actions;
	for (size_t i = 0; i < call->n_comps; i++) {
		allow(a, r, sid, actions, IAM_COMP, call->comps[i]);
		use_key(a, r, comp_key(call->comps[i]), IAM_DECRYPT | IAM_GENERATE, call->comps[i]);
	}
	for (size_t i = 0; i < call->n_resources; i++)
		allow_arn(a, r, sid, actions, call->resources[i]);
}

static void allow_arn(struct arena *a, struct iam_role *r, const char *sid, const char *const *actions,
		      const char *arn)
{
	allow(a, r, sid, actions, IAM_ARN, NULL);
	((struct iam_statement *)r->statements.items[r->statements.n - 1])->arn = arn;
}

/* A distributed map reads its items from S3 and writes its results there
 * ("IAM policies for using Distributed Map states"): GetObject on the
 * object it reads (any object when a path names it), ListBucket on the
 * bucket it lists, and what writing results takes under their prefix. */
static void dmap_grants(struct arena *a, struct iam_role *r, const struct m_state *st, const char *sid)
{
	static const char *const get[] = { "s3:GetObject", NULL };
	static const char *const list[] = { "s3:ListBucket", NULL };
	static const char *const write[] = { "s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts",
					     "s3:PutObject", NULL };
	const struct m_dmap *d = st->dmap;
	if (d->bucket && d->prefix)
		allow_arn(a, r, arena_printf(a, "%sItems", sid), list, arena_printf(a, "arn:aws:s3:::%s", d->bucket));
	else if (d->bucket)
		allow_arn(a, r, arena_printf(a, "%sItems", sid), get, arena_printf(a, "arn:aws:s3:::%s/%s", d->bucket,
			  d->key ? d->key : "*"));
	if (d->results_bucket)
		allow_arn(a, r, arena_printf(a, "%sResults", sid), write, arena_printf(a, "arn:aws:s3:::%s/%s*",
			  d->results_bucket, d->results_prefix ? d->results_prefix : ""));
}

/* invoke api with auth = iam: execute-api:Invoke on the method and path
 * it calls (any path when a JSONPath gives it). Without IAM auth the API
 * decides, and the role needs nothing. */
static void api_grants(struct arena *a, struct iam_role *r, const struct m_state *st, const char *sid)
{
	static const char *const invoke_api[] = { "execute-api:Invoke", NULL };
	const struct m_api_call *api = st->api;
	if (!api || !api->auth || strcmp(api->auth, "IAM_ROLE") != 0 || !api->method || !api->stage)
		return;
	allow(a, r, sid, invoke_api, IAM_EXECUTE_API, NULL);
	struct iam_statement *s = r->statements.items[r->statements.n - 1];
	s->arn = arena_printf(a, "%s/%s/%s/%s", api->api_id, api->stage, api->method,
			      api->path ? api->path + 1 : "*");
	s->region = api->region;
}

/* update item, delete item, query table: one DynamoDB action on the
 * table, a query on an index on that index. */
static void dynamo_grants(struct arena *a, struct iam_role *r, const struct m_state *st, const char *sid)
{
	static const char *const update[] = { "dynamodb:UpdateItem", NULL };
	static const char *const del[] = { "dynamodb:DeleteItem", NULL };
	static const char *const query[] = { "dynamodb:Query", NULL };
	const char *const *actions = st->action == TA_UPDATE_ITEM ? update : st->action == TA_DELETE_ITEM ? del : query;
	if (st->index) {
		allow(a, r, sid, actions, IAM_TABLE_INDEX, st->target);
		((struct iam_statement *)r->statements.items[r->statements.n - 1])->arn = st->index;
	} else {
		allow(a, r, sid, actions, IAM_COMP, st->target);
	}
	use_key(a, r, ((const struct m_table *)st->target)->key,
		st->action == TA_QUERY ? IAM_DECRYPT : IAM_DECRYPT | IAM_GENERATE, st->target);
}

/* What a task state calls; a state that writes its own Parameters calls
 * something eventc does not know, and is granted nothing. */
static void state_grants(struct arena *a, struct iam_role *r, const struct m_state *st, unsigned *needs)
{
	static const char *const put[] = { "dynamodb:PutItem", NULL };
	static const char *const get[] = { "dynamodb:GetItem", NULL };
	static const char *const track[] = { "states:DescribeExecution", "states:StopExecution", NULL };
	for (size_t i = 0; i < st->n_branches; i++)
		graph_grants(a, r, st->branches[i], needs);
	if (st->iterator)
		graph_grants(a, r, st->iterator, needs);
	if (st->dmap) {
		dmap_grants(a, r, st, arena_printf(a, "%sMap", names_pascal(a, st->name)));
		*needs |= NEEDS_MAP_RUNS; /* the map starts children: iam_workflow_role */
	}
	if (st->kind != ST_TASK || (!st->target && !st->call && !st->api) || st->parameters)
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
			*needs |= NEEDS_SYNC;
		}
		break;
	case TA_CALL:
		call_grants(a, r, st, sid);
		break;
	case TA_API:
		api_grants(a, r, st, sid);
		break;
	case TA_UPDATE_ITEM:
	case TA_DELETE_ITEM:
	case TA_QUERY:
		dynamo_grants(a, r, st, sid);
		break;
	}
}

static void graph_grants(struct arena *a, struct iam_role *r, const struct m_graph *g, unsigned *needs)
{
	for (size_t i = 0; i < g->n_states; i++)
		state_grants(a, r, g->states[i], needs);
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
	static const char *const start_self[] = { "states:StartExecution", NULL };
	static const char *const track[] = { "states:DescribeExecution", "states:StopExecution", NULL };
	unsigned needs = 0;
	graph_grants(a, r, &w->graph, &needs);
	if (needs & NEEDS_SYNC)
		allow(a, r, "ManageSyncRule", managed_rule, IAM_SYNC_RULE, NULL);
	/* a distributed map runs its items as executions of the workflow's own
	 * state machine: by its physical name, not a reference to itself */
	if (needs & NEEDS_MAP_RUNS) {
		allow(a, r, "StartMapRuns", start_self, IAM_MACHINE, &w->c);
		allow(a, r, "TrackMapRuns", track, IAM_MAP_RUNS, &w->c);
	}
	allow(a, r, "DeliverLogs", delivery, IAM_STAR, NULL);
	if (w->tracing)
		allow(a, r, "WriteTraces", xray, IAM_STAR, NULL);
	/* its definition and execution history, and the logs it delivers */
	use_key(a, r, w->key, IAM_DECRYPT | IAM_GENERATE | IAM_LOG_DELIVERY, &w->c);
}

/* EventBridge Pipes user guide, "Event source permissions" and
 * "Amazon EventBridge Pipes targets": what the pipe's execution role
 * does on the source, the enrichment and the target. dynamodb:ListStreams
 * is left out: it takes no resource (so it would need "*"), and a pipe is
 * given its stream's ARN and never lists streams. */
static void pipe_source_grants(struct arena *a, const struct m_pipe *p, struct iam_role *r)
{
	static const char *const sqs_read[] = { "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage",
						NULL };
	static const char *const stream_read[] = { "dynamodb:DescribeStream", "dynamodb:GetRecords",
						   "dynamodb:GetShardIterator", NULL };
	/* kinesis:ListStreams is left out for the same reason */
	static const char *const kinesis_read[] = { "kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
						    "kinesis:GetRecords", "kinesis:GetShardIterator",
						    "kinesis:ListShards", NULL };
	const struct m_comp *src = p->source;
	const char *id = names_logical_id(a, src);
	if (src->kind == MK_QUEUE) {
		allow(a, r, arena_printf(a, "Read%s", id), sqs_read, IAM_COMP, src);
		use_key(a, r, ((const struct m_queue *)src)->key, IAM_DECRYPT, src);
	} else if (src->kind == MK_STREAM) {
		allow(a, r, arena_printf(a, "Read%s", id), kinesis_read, IAM_COMP, src);
		use_key(a, r, ((const struct m_stream *)src)->key, IAM_DECRYPT, src);
	} else {
		allow(a, r, arena_printf(a, "ReadStreamOf%s", id), stream_read, IAM_STREAM, src);
		use_key(a, r, ((const struct m_table *)src)->key, IAM_DECRYPT, src);
	}
	if (p->dlq) {
		allow(a, r, arena_printf(a, "DeadLettersTo%s", names_logical_id(a, &p->dlq->c)), send, IAM_COMP,
		      &p->dlq->c);
		use_key(a, r, p->dlq->key, IAM_DECRYPT | IAM_GENERATE, &p->dlq->c);
	}
}

/* What calling C needs: SYNC for an enrichment, or a target that waits. */
static void pipe_call(struct arena *a, struct iam_role *r, const char *sid, const struct m_comp *c, bool sync)
{
	static const char *const start_sync[] = { "states:StartSyncExecution", NULL };
	switch (c->kind) {
	case MK_FUNCTION:
		allow(a, r, sid, invoke, IAM_COMP, c);
		break;
	case MK_WORKFLOW:
		allow(a, r, sid, sync ? start_sync : start, IAM_COMP, c);
		use_key(a, r, ((const struct m_workflow *)c)->key, sync ? IAM_DECRYPT | IAM_GENERATE : IAM_GENERATE, c);
		break;
	case MK_QUEUE:
		allow(a, r, sid, send, IAM_COMP, c);
		use_key(a, r, ((const struct m_queue *)c)->key, IAM_DECRYPT | IAM_GENERATE, c);
		break;
	case MK_TOPIC:
		allow(a, r, sid, publish, IAM_COMP, c);
		use_key(a, r, ((const struct m_topic *)c)->key, IAM_DECRYPT | IAM_GENERATE, c);
		break;
	case MK_BUS:
		allow(a, r, sid, put_events, IAM_COMP, c);
		break;
	default:
		break;
	}
}

void iam_pipe_role(struct arena *a, const struct m_pipe *p, struct iam_role *r)
{
	static const char *const logs[] = { "logs:CreateLogStream", "logs:PutLogEvents", NULL };
	memset(r, 0, sizeof *r);
	if (p->source)
		pipe_source_grants(a, p, r);
	if (p->enrich)
		pipe_call(a, r, arena_printf(a, "Enrich%s", names_logical_id(a, p->enrich)), p->enrich, true);
	if (p->target)
		pipe_call(a, r, arena_printf(a, "Deliver%s", names_logical_id(a, p->target)), p->target,
			  p->request_response);
	allow(a, r, "WriteLogs", logs, IAM_LOG_GROUP, &p->c);
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
