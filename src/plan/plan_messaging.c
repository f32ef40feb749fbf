/* plan_messaging.c - topics with their subscriptions, and rules with their
 * targets: each delivery gets the permission its service needs (a queue or
 * topic policy statement, an invoke permission, a role), scoped to the
 * rule or topic that delivers. */
#include "plan_priv.h"

#include <string.h>

#define DLQ_RETENTION_S (14 * 86400) /* SQS's longest: time to see and redrive */

/* A dead-letter queue of the component being planned: under the pattern's
 * default key where there is one, keeping messages as long as SQS can,
 * named NAME within SQS's 80 characters (.fifo included). SERVICE (a
 * KS_ value, or 0 for a role's own sends) is what the key policy lets
 * send to it. Its policy's TLS-only statement comes with every queue's
 * (plan_policies_finish). */
struct p_res *pb_dead_letter_queue(struct pb *b, const char *id, const char *part, const char *name, bool fifo,
				   unsigned service)
{
	const struct m_key *key = b->m->default_key;
	struct p_res *d = pb_res(b, id, PT_SQS_QUEUE, part);
	if (fifo)
		pb_set(b, d, "FifoQueue", B(b, true));
	if (key) {
		pb_set(b, d, "KmsDataKeyReusePeriodSeconds", I(b, KMS_DATA_KEY_REUSE_S));
		pb_set(b, d, "KmsMasterKeyId", pb_key_arn(b, key));
	}
	pb_set(b, d, "MessageRetentionPeriod", I(b, DLQ_RETENTION_S));
	struct pv *qn = pb_name(b, name, names_limit(MK_QUEUE) - (fifo ? 5 : 0));
	if (fifo) {
		struct pv *j = pv_join(b->a);
		pv_part(b->a, j, qn);
		pv_lit(b->a, j, ".fifo");
		qn = j;
	}
	pb_set(b, d, "QueueName", qn);
	pb_set(b, d, "Tags", pb_tags(b));
	if (service)
		pb_key_use(b, key, service, id);
	return d;
}

/* The policy of dead-letter queue DLQ: SERVICE may send to it on behalf
 * of SOURCE only. */
void pb_dead_letter_policy(struct pb *b, const char *id, const char *part, const char *dlq, const char *sid,
			   const char *service, struct pv *source)
{
	struct pv *s = pb_statement(b, sid, pb_service(b, service), S(b, "sqs:SendMessage"), pv_ref(b->a, dlq, PA_ARN),
				    pb_condition(b, "ArnEquals", "aws:SourceArn", source));
	struct p_res *qp = pb_res(b, id, PT_SQS_QUEUE_POLICY, part);
	pb_set(b, qp, "PolicyDocument", pb_document(b, pb_one(b, s)));
	pb_set(b, qp, "Queues", pb_one(b, pv_ref(b->a, dlq, PA_URL)));
}

/* EventBridge's retries of a target, written out so that the templates
 * say what happens: the pattern's, or EventBridge's own defaults. */
struct pv *pb_retry_policy(struct pb *b, int max_event_age_s, int retry_attempts)
{
	struct pv *rp = pv_map(b->a);
	pv_set(b->a, rp, "MaximumEventAgeInSeconds", I(b, max_event_age_s >= 0 ? max_event_age_s
									 : RULE_DEFAULT_MAX_EVENT_AGE_S));
	pv_set(b->a, rp, "MaximumRetryAttempts", I(b, retry_attempts >= 0 ? retry_attempts
								       : RULE_DEFAULT_RETRY_ATTEMPTS));
	return rp;
}

static const char *protocol_name(enum m_sub_protocol p)
{
	static const char *const names[] = { "email", "sqs", "lambda", "https", "http", "sms" };
	return names[p];
}

static void permission(struct pb *b, const char *id, const char *peer, const struct m_function *f,
		       const char *service, struct pv *source)
{
	struct p_res *p = pb_res(b, id, PT_LAMBDA_PERMISSION, "Permission");
	p->peer = peer;
	pb_set(b, p, "Action", S(b, "lambda:InvokeFunction"));
	pb_set(b, p, "FunctionName", pb_function_target(b, f));
	pb_set(b, p, "Principal", S(b, service));
	pb_set(b, p, "SourceArn", source);
}

static void subscription(struct pb *b, const struct m_topic *t, const struct m_subscription *s, size_t i,
			 const char *dlq)
{
	const char *id = pb_id(b, &t->c);
	const char *what = s->queue ? pb_id(b, &s->queue->c) : s->function ? pb_id(b, &s->function->c)
		: F(b, "%s%zu", names_pascal(b->a, protocol_name(s->protocol)), i + 1);
	const char *peer = s->queue ? s->queue->c.name : s->function ? s->function->c.name
		: F(b, "%s%zu", protocol_name(s->protocol), i + 1);
	const char *sid = F(b, "%sTo%s", id, what);
	struct p_res *r = pb_res(b, F(b, "%sSubscription", sid), PT_SNS_SUBSCRIPTION, "Subscription");
	r->peer = peer;
	r->loc = s->loc;
	if (s->queue)
		pb_set(b, r, "Endpoint", pb_comp_arn(b, &s->queue->c));
	else if (s->function)
		pb_set(b, r, "Endpoint", pb_function_target(b, s->function));
	else
		pb_set(b, r, "Endpoint", S(b, s->endpoint ? s->endpoint : ""));
	if (s->filter) {
		pb_set(b, r, "FilterPolicy", pv_doc(b->a, pv_from_json(b->a, s->filter), false));
		pb_set(b, r, "FilterPolicyScope", S(b, s->filter_on_body ? "MessageBody" : "MessageAttributes"));
	}
	pb_set(b, r, "Protocol", S(b, protocol_name(s->protocol)));
	if (s->raw_delivery)
		pb_set(b, r, "RawMessageDelivery", B(b, true));
	/* what SNS gives up on after its retries goes to the topic's
	 * dead-letter queue, not nowhere */
	struct pv *rp = pv_map(b->a);
	pv_set(b->a, rp, "deadLetterTargetArn", pv_ref(b->a, dlq, PA_ARN));
	pb_set(b, r, "RedrivePolicy", pv_doc(b->a, rp, false));
	pb_set(b, r, "TopicArn", pb_comp_arn(b, &t->c));
	if (s->queue) {
		pb_queue_allow(b, s->queue, F(b, "From%s", id), "sns.amazonaws.com", pb_comp_arn(b, &t->c));
		/* SNS drops what it cannot deliver while the queue's policy does
		 * not let the topic send yet: the subscription waits for it */
		plan_depend(b->p, r, pb_id_of(b, &s->queue->c, "Policy"));
	}
	if (s->function)
		permission(b, F(b, "%sPermission", sid), peer, s->function, "sns.amazonaws.com", pb_comp_arn(b, &t->c));
}

void plan_topic(struct pb *b, const struct m_topic *t)
{
	struct p_res *r = pb_res(b, pb_id(b, &t->c), PT_SNS_TOPIC, "");
	if (t->display_name)
		pb_set(b, r, "DisplayName", S(b, t->display_name));
	if (t->fifo)
		pb_set(b, r, "FifoTopic", B(b, true));
	if (t->key)
		pb_set(b, r, "KmsMasterKeyId", pb_key_arn(b, t->key));
	pb_set(b, r, "Tags", pb_tags(b));
	struct pv *name = pb_comp_name(b, &t->c);
	if (t->fifo) {
		struct pv *j = pv_join(b->a);
		pv_part(b->a, j, name);
		pv_lit(b->a, j, ".fifo");
		name = j;
	}
	pb_set(b, r, "TopicName", name);
	if (!t->n_subs)
		return;
	/* one dead-letter queue for the topic's subscriptions (FIFO for a
	 * FIFO topic, as SNS requires); SNS may send to it for this topic */
	const char *id = pb_id(b, &t->c), *dlq = pb_id_of(b, &t->c, "DeadLetterQueue");
	pb_dead_letter_queue(b, dlq, "DeadLetterQueue", F(b, "%s-topic-dlq", t->c.name), t->fifo, KS_SNS);
	pb_dead_letter_policy(b, pb_id_of(b, &t->c, "DeadLetterQueuePolicy"), "DeadLetterQueuePolicy", dlq,
			      F(b, "DeadLettersFrom%s", id), "sns.amazonaws.com", pb_comp_arn(b, &t->c));
	for (size_t i = 0; i < t->n_subs; i++)
		subscription(b, t, &t->subs[i], i, dlq);
}

/* The rule's own dead-letter queue, for targets that name none. */
static void rule_dlq(struct pb *b, const struct m_rule *r, const char *dlq)
{
	pb_dead_letter_queue(b, dlq, "DeadLetterQueue", F(b, "%s-rule-dlq", r->c.name), false, 0);
}

static struct pv *input_transformer(struct pb *b, const struct m_target *t)
{
	struct pv *it = pv_map(b->a);
	if (t->input_paths.n) {
		struct pv *paths = pv_map(b->a);
		for (size_t k = 0; k < t->input_paths.n; k++)
			pv_set(b->a, paths, t->input_paths.items[k].key, pb_mval(b, &t->input_paths.items[k].val));
		pv_set(b->a, it, "InputPathsMap", paths);
	}
	pv_set(b->a, it, "InputTemplate", S(b, t->input_template));
	return it;
}

struct pv *pb_target(struct pb *b, const struct m_target *t, const char *dlq)
{
	struct pv *tj = pv_map(b->a);
	pv_set(b->a, tj, "Arn", t->kind == TGT_FUNCTION ? pb_function_target(b, (const struct m_function *)t->comp)
							: pb_comp_arn(b, t->comp));
	if (t->dlq) {
		struct pv *dc = pv_map(b->a);
		pv_set(b->a, dc, "Arn", t->dlq_queue ? pb_comp_arn(b, &t->dlq_queue->c) : pv_ref(b->a, dlq, PA_ARN));
		pv_set(b->a, tj, "DeadLetterConfig", dc);
	}
	return tj;
}

/* One entry of the rule's Targets; the statement its role needs goes to
 * STATEMENTS, the permissions of the target's own policy are gathered. */
static struct pv *target(struct pb *b, const struct m_rule *r, const struct m_target *t, const char *dlq,
			 struct pv *statements)
{
	const char *id = pb_id(b, &r->c), *tid = pb_id(b, t->comp);
	struct pv *rule_arn = pv_ref(b->a, id, PA_ARN);
	struct pv *tj = pb_target(b, t, dlq);
	/* EventBridge takes target IDs of 64 characters at most */
	pv_set(b->a, tj, "Id", S(b, names_short(b->a, tid, 64)));
	if (t->input_path)
		pv_set(b->a, tj, "InputPath", S(b, t->input_path));
	if (t->input_template)
		pv_set(b->a, tj, "InputTransformer", input_transformer(b, t));
	pv_set(b->a, tj, "RetryPolicy", pb_retry_policy(b, t->max_event_age_s, t->retry_attempts));
	static const char *const start[] = { "states:StartExecution", NULL };
	static const char *const put[] = { "events:PutEvents", NULL };
	/* an API destination is invoked with the rule's role, on that
	 * destination only (EventBridge's "API destinations" guide) */
	static const char *const call[] = { "events:InvokeApiDestination", NULL };
	if (t->kind == TGT_WORKFLOW || t->kind == TGT_BUS || t->kind == TGT_API) {
		bool wf = t->kind == TGT_WORKFLOW, api = t->kind == TGT_API;
		pv_push(b->a, statements, pb_statement(b, F(b, wf ? "Start%s" : api ? "Invoke%s" : "PutEventsOn%s", tid), NULL,
			pv_strings(b->a, wf ? start : api ? call : put), pb_one(b, pb_comp_arn(b, t->comp)), NULL));
		pv_set(b->a, tj, "RoleArn", pv_ref(b->a, pb_id_of(b, &r->c, "Role"), PA_ARN));
	}
	if (t->kind == TGT_API)
		pv_set(b->a, tj, "HttpParameters", pb_http_parameters(b, t));
	if (t->message_group_id) {
		struct pv *sp = pv_map(b->a);
		pv_set(b->a, sp, "MessageGroupId", S(b, t->message_group_id));
		pv_set(b->a, tj, "SqsParameters", sp);
	}
	if (t->kind == TGT_QUEUE)
		pb_queue_allow(b, (const struct m_queue *)t->comp, F(b, "From%s", id), "events.amazonaws.com", rule_arn);
	else if (t->kind == TGT_TOPIC)
		pb_topic_allow(b, (const struct m_topic *)t->comp, F(b, "From%s", id), rule_arn);
	else if (t->kind == TGT_FUNCTION)
		permission(b, F(b, "%sTo%sPermission", id, tid), t->comp->name, (const struct m_function *)t->comp,
			   "events.amazonaws.com", rule_arn);
	if (t->dlq && t->dlq_queue)
		pb_queue_allow(b, t->dlq_queue, F(b, "DeadLettersFrom%s", id), "events.amazonaws.com", rule_arn);
	return tj;
}

static void rule_dlq_policy(struct pb *b, const struct m_rule *r, const char *dlq)
{
	const char *id = pb_id(b, &r->c);
	/* the rule's own DLQ takes messages from this rule only */
	pb_dead_letter_policy(b, pb_id_of(b, &r->c, "DeadLetterQueuePolicy"), "DeadLetterQueuePolicy", dlq,
			      F(b, "DeadLettersFrom%s", id), "events.amazonaws.com", pv_ref(b->a, id, PA_ARN));
	pb_key_service(b, b->m->default_key, KS_EVENTS);
}

void plan_rule(struct pb *b, const struct m_rule *r)
{
	const char *id = pb_id(b, &r->c), *dlq = pb_id_of(b, &r->c, "DeadLetterQueue");
	bool any_dlq = false;
	for (size_t i = 0; i < r->n_targets; i++)
		any_dlq |= r->targets[i].dlq && !r->targets[i].dlq_queue;
	if (any_dlq)
		rule_dlq(b, r, dlq);
	struct pv *statements = pv_list(b->a), *targets = pv_list(b->a);
	for (size_t i = 0; i < r->n_targets; i++)
		if (r->targets[i].comp)
			pv_push(b->a, targets, target(b, r, &r->targets[i], dlq, statements));
	if (statements->items.n)
		pb_role(b, pb_id_of(b, &r->c, "Role"), "Role", "events.amazonaws.com", pb_rule_arn(b, r->bus ? &r->bus->c : NULL, pb_comp_name(b, &r->c)), F(b, "%s-rule", r->c.name), statements,
			NULL, F(b, "Lets rule %s deliver to its targets", r->c.name));
	struct p_res *p = pb_res(b, id, PT_EVENT_RULE, "");
	pb_set(b, p, "Description", S(b, r->c.description ? r->c.description
		: F(b, "Rule %s of pattern %s", r->c.name, b->m->name)));
	pb_set(b, p, "EventBusName", r->bus ? pb_bus_name(b, r->bus) : S(b, "default"));
	json_t *empty = json_object();
	pb_set(b, p, "EventPattern", pv_doc(b->a, pv_from_json(b->a, r->pattern ? r->pattern : empty), false));
	json_decref(empty);
	pb_set(b, p, "Name", pb_comp_name(b, &r->c));
	pb_set(b, p, "State", S(b, r->enabled ? "ENABLED" : "DISABLED"));
	pb_set(b, p, "Tags", pb_tags(b));
	pb_set(b, p, "Targets", targets);
	if (any_dlq)
		rule_dlq_policy(b, r, dlq);
}
