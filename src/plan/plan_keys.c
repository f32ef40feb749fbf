/* plan_keys.c - KMS keys and the policies around them: the key policy
 * (the account administers, each service that encrypts for its users may
 * use it), IAM roles with their key grants, resource policies of queues
 * and topics, and log groups. */
#include "plan_priv.h"

#include <string.h>

struct pv *pb_statement(struct pb *b, const char *sid, struct pv *principal, struct pv *actions,
			struct pv *resources, struct pv *condition)
{
	struct pv *s = pv_map(b->a);
	pv_set(b->a, s, "Sid", S(b, sid));
	pv_set(b->a, s, "Effect", S(b, "Allow"));
	pv_set(b->a, s, "Principal", principal);
	pv_set(b->a, s, "Action", actions);
	pv_set(b->a, s, "Resource", resources);
	pv_set(b->a, s, "Condition", condition);
	return s;
}

struct pv *pb_service(struct pb *b, const char *service)
{
	struct pv *p = pv_map(b->a);
	pv_set(b->a, p, "Service", S(b, service));
	return p;
}

struct pv *pb_condition(struct pb *b, const char *op, const char *key, struct pv *value)
{
	struct pv *inner = pv_map(b->a), *c = pv_map(b->a);
	pv_set(b->a, inner, key, value);
	pv_set(b->a, c, op, inner);
	return c;
}

struct pv *pb_document(struct pb *b, struct pv *statements)
{
	struct pv *d = pv_map(b->a);
	pv_set(b->a, d, "Version", S(b, "2012-10-17"));
	pv_set(b->a, d, "Statement", statements);
	return pv_doc(b->a, d, false);
}

struct pv *pb_one(struct pb *b, struct pv *item)
{
	struct pv *l = pv_list(b->a);
	pv_push(b->a, l, item);
	return l;
}

static size_t key_index(struct pb *b, const struct m_key *k)
{
	for (size_t i = 0; i < b->m->n_keys; i++)
		if (b->m->keys[i] == k)
			return i;
	return b->m->n_keys; /* a key of no list: the spare slot */
}

void pb_key_service(struct pb *b, const struct m_key *k, unsigned service)
{
	if (k)
		b->key_services[key_index(b, k)] |= service;
}

void pb_log_group(struct pb *b, const char *id, struct pv *name, int retention, const struct m_key *key)
{
	struct p_res *r = pb_res(b, id, PT_LOG_GROUP, "LogGroup");
	if (key)
		pb_set(b, r, "KmsKeyId", pb_key_arn(b, key));
	pb_set(b, r, "LogGroupName", name);
	if (retention)
		pb_set(b, r, "RetentionInDays", pv_hint(I(b, retention), "log_retention_days"));
	pb_set(b, r, "Tags", pb_tags(b));
	pb_key_service(b, key, KS_LOGS);
}

static struct pv *kms_actions(struct pb *b, unsigned uses)
{
	struct pv *l = pv_list(b->a);
	if (uses & IAM_DECRYPT)
		pv_push(b->a, l, S(b, "kms:Decrypt"));
	if (uses & IAM_GENERATE)
		pv_push(b->a, l, S(b, "kms:GenerateDataKey"));
	return l;
}

struct p_res *pb_role(struct pb *b, const char *id, const char *part, const char *service, const char *name,
		      struct pv *statements, const struct vec *keys, const char *description)
{
	for (size_t i = 0; keys && i < keys->n; i++) {
		const struct iam_key_use *u = keys->items[i];
		pv_push(b->a, statements, pb_statement(b, F(b, "UseKey%s", names_pascal(b->a, u->key->c.name)), NULL,
						       kms_actions(b, u->uses), pb_one(b, pb_key_arn(b, u->key)), NULL));
	}
	struct p_res *r = pb_res(b, id, PT_IAM_ROLE, part);
	struct pv *trust = pv_map(b->a);
	pv_set(b->a, trust, "Effect", S(b, "Allow"));
	pv_set(b->a, trust, "Principal", pb_service(b, service));
	pv_set(b->a, trust, "Action", S(b, "sts:AssumeRole"));
	pb_set(b, r, "AssumeRolePolicyDocument", pb_document(b, pb_one(b, trust)));
	pb_set(b, r, "Description", S(b, description));
	if (statements->items.n) {
		struct pv *pol = pv_map(b->a);
		pv_set(b->a, pol, "PolicyName", S(b, "least-privilege"));
		pv_set(b->a, pol, "PolicyDocument", pb_document(b, statements));
		pb_set(b, r, "Policies", pb_one(b, pol));
	}
	pb_set(b, r, "RoleName", pb_name(b, name, 64));
	pb_set(b, r, "Tags", pb_tags(b));
	return r;
}

/* What a statement of iam.c applies to. */
static struct pv *iam_resource(struct pb *b, const struct iam_statement *s, const char *lg)
{
	switch (s->target) {
	case IAM_COMP:
		return s->comp->kind == MK_FUNCTION ? pb_function_target(b, (const struct m_function *)s->comp)
						    : pb_comp_arn(b, s->comp);
	case IAM_STAR:
		return S(b, "*");
	case IAM_LOG_GROUP:
		return pv_ref(b->a, lg, PA_LOG_STREAMS_ARN);
	case IAM_EXECUTIONS:
		return pb_arn(b, "states", "execution:", pb_comp_name(b, s->comp), ":*");
	case IAM_SYNC_RULE:
		return pb_arn(b, "events", "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule", NULL, NULL);
	}
	return S(b, "*");
}

struct pv *pb_role_statements(struct pb *b, const struct iam_role *ir, const char *lg)
{
	struct pv *st = pv_list(b->a);
	for (size_t i = 0; i < ir->statements.n; i++) {
		const struct iam_statement *s = ir->statements.items[i];
		pv_push(b->a, st, pb_statement(b, s->sid, NULL, pv_strings(b->a, s->actions),
					       pb_one(b, iam_resource(b, s, lg)), NULL));
		if (s->target == IAM_STAR && !strcmp(s->sid, "WriteTraces"))
			plan_note(b->p, "X-Ray's PutTraceSegments and PutTelemetryRecords take no resource: AWS requires \"*\".");
		if (s->target == IAM_STAR && !strcmp(s->sid, "DeliverLogs"))
			plan_note(b->p, "Step Functions log delivery (logs:*LogDelivery, DescribeLogGroups, DescribeResourcePolicies, "
				  "PutResourcePolicy) takes no resource: AWS requires \"*\".");
	}
	return st;
}

/* Queues and topics have distinct IDs, so one index serves both lists. */
static struct policy_acc *policy_for(struct pb *b, struct vec *v, const struct m_comp *comp)
{
	const char *id = pb_id(b, comp);
	struct policy_acc *p = strmap_get(b->policy_index, id);
	if (p)
		return p;
	p = arena_alloc(b->a, sizeof *p);
	p->comp = comp;
	p->statements = pv_list(b->a);
	vec_push(b->a, v, p);
	strmap_put(b->policy_index, id, p);
	return p;
}

/* SERVICE may send to Q, only on behalf of SOURCE. */
void pb_queue_allow(struct pb *b, const struct m_queue *q, const char *sid, const char *service, struct pv *source)
{
	struct policy_acc *p = policy_for(b, &b->queue_policies, &q->c);
	pv_push(b->a, p->statements, pb_statement(b, sid, pb_service(b, service), S(b, "sqs:SendMessage"),
		pb_comp_arn(b, &q->c), pb_condition(b, "ArnEquals", "aws:SourceArn", source)));
	pb_key_service(b, q->key, !strcmp(service, "sns.amazonaws.com") ? KS_SNS : KS_EVENTS);
}

void pb_topic_allow(struct pb *b, const struct m_topic *t, const char *sid, struct pv *source)
{
	struct policy_acc *p = policy_for(b, &b->topic_policies, &t->c);
	pv_push(b->a, p->statements, pb_statement(b, sid, pb_service(b, "events.amazonaws.com"), S(b, "sns:Publish"),
		pb_comp_arn(b, &t->c), pb_condition(b, "ArnEquals", "aws:SourceArn", source)));
	pb_key_service(b, t->key, KS_EVENTS);
}

void plan_policies_finish(struct pb *b)
{
	for (size_t i = 0; i < b->queue_policies.n; i++) {
		struct policy_acc *p = b->queue_policies.items[i];
		b->owner = p->comp;
		struct p_res *r = pb_res(b, pb_id_of(b, p->comp, "Policy"), PT_SQS_QUEUE_POLICY, "Policy");
		pb_set(b, r, "PolicyDocument", pb_document(b, p->statements));
		pb_set(b, r, "Queues", pb_one(b, pv_ref(b->a, pb_id(b, p->comp), PA_URL)));
	}
	for (size_t i = 0; i < b->topic_policies.n; i++) {
		struct policy_acc *p = b->topic_policies.items[i];
		b->owner = p->comp;
		struct p_res *r = pb_res(b, pb_id_of(b, p->comp, "Policy"), PT_SNS_TOPIC_POLICY, "Policy");
		pb_set(b, r, "PolicyDocument", pb_document(b, p->statements));
		pb_set(b, r, "Topics", pb_one(b, pv_ref(b->a, pb_id(b, p->comp), PA_ARN)));
	}
	b->owner = NULL;
}

void plan_keys(struct pb *b, const struct m_key *k)
{
	const char *id = pb_id(b, &k->c);
	struct p_res *r = pb_res(b, id, PT_KMS_KEY, "");
	struct pv *desc = pv_join(b->a);
	if (k->c.description) {
		pv_lit(b->a, desc, k->c.description);
	} else {
		pv_lit(b->a, desc, F(b, "Key %s of pattern %s (", k->c.name, b->m->name));
		pv_part(b->a, desc, pv_pseudo(b->a, PP_ENVIRONMENT));
		pv_lit(b->a, desc, ")");
	}
	pb_set(b, r, "Description", desc);
	pb_set(b, r, "EnableKeyRotation", B(b, k->rotation));
	struct pv *st = pv_list(b->a);
	struct pv *root = pv_map(b->a);
	struct pv *account = pv_join(b->a);
	pv_lit(b->a, account, "arn:");
	pv_part(b->a, account, pv_pseudo(b->a, PP_PARTITION));
	pv_lit(b->a, account, ":iam::");
	pv_part(b->a, account, pv_pseudo(b->a, PP_ACCOUNT_ID));
	pv_lit(b->a, account, ":root");
	pv_set(b->a, root, "AWS", account);
	pv_push(b->a, st, pb_statement(b, "AccountAdministersKey", root, pv_strings(b->a, iam_key_admin), S(b, "*"), NULL));
	b->key_statements[key_index(b, k)] = st;
	pb_set(b, r, "KeyPolicy", pb_document(b, st));
	pb_set(b, r, "PendingWindowInDays", I(b, k->pending_window_days));
	pb_set(b, r, "Tags", pb_tags(b));
	struct p_res *al = pb_res(b, pb_id_of(b, &k->c, "Alias"), PT_KMS_ALIAS, "Alias");
	struct pv *an = pv_join(b->a);
	pv_lit(b->a, an, "alias/");
	pv_part(b->a, an, pb_comp_name(b, &k->c));
	pb_set(b, al, "AliasName", an);
	pb_set(b, al, "TargetKeyId", pv_ref(b->a, id, PA_KEY_ID));
	plan_note(b->p, "KMS key policies name the key as Resource \"*\": in a key policy \"*\" means the key itself, "
		  "and AWS requires that form.");
}

/* The service statements of each key, now that every user is known. */
void plan_keys_finish(struct pb *b)
{
	static const struct { unsigned bit; const char *sid, *service; } svcs[] = {
		{ KS_EVENTS, "EventBridgeUsesKey", "events.amazonaws.com" },
		{ KS_SNS, "SnsUsesKey", "sns.amazonaws.com" },
		{ KS_STATES, "StepFunctionsUsesKey", "states.amazonaws.com" },
		{ KS_CLOUDWATCH, "CloudWatchAlarmsUseKey", "cloudwatch.amazonaws.com" },
	};
	for (size_t i = 0; i < b->m->n_keys; i++) {
		struct pv *st = b->key_statements[i];
		unsigned sv = b->key_services[i];
		for (size_t k = 0; k < sizeof svcs / sizeof svcs[0]; k++) {
			if (!(sv & svcs[k].bit))
				continue;
			pv_push(b->a, st, pb_statement(b, svcs[k].sid, pb_service(b, svcs[k].service),
				pv_strings(b->a, iam_key_use), S(b, "*"),
				pb_condition(b, "StringEquals", "aws:SourceAccount", pv_pseudo(b->a, PP_ACCOUNT_ID))));
		}
		if (sv & KS_LOGS) {
			struct pv *svc = pv_join(b->a), *p = pv_map(b->a);
			pv_lit(b->a, svc, "logs.");
			pv_part(b->a, svc, pv_pseudo(b->a, PP_REGION));
			pv_lit(b->a, svc, ".amazonaws.com");
			pv_set(b->a, p, "Service", svc);
			pv_push(b->a, st, pb_statement(b, "CloudWatchLogsUsesKey", p, pv_strings(b->a, iam_key_logs), S(b, "*"),
				pb_condition(b, "ArnLike", "kms:EncryptionContext:aws:logs:arn",
					     pb_arn(b, "logs", "log-group:*", NULL, NULL))));
		}
	}
}
