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

/* The policy fragments below are the same in every policy that has them,
 * thousands in a large plan: each is made once per plan and shared. */
static const char memo_service, memo_via_service, memo_tls, memo_trust;

struct pv *pb_service(struct pb *b, const char *service)
{
	struct pv *s = S(b, service), *p = pv_memo(b->a, &memo_service, s->s, strlen(s->s));
	if (p)
		return p;
	p = pv_map(b->a);
	pv_set(b->a, p, "Service", s);
	return pv_memo_put(b->a, &memo_service, s->s, strlen(s->s), p);
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

/* One use of a key by a service: for the resource RES_ID. */
struct key_use {
	unsigned service;
	const char *res_id;
};

void pb_key_use(struct pb *b, const struct m_key *k, unsigned service, const char *res_id)
{
	if (!k)
		return;
	size_t i = key_index(b, k);
	b->key_services[i] |= service;
	if (!res_id)
		return;
	if (!b->key_uses)
		b->key_uses = arena_alloc(b->a, (b->m->n_keys + 1) * sizeof *b->key_uses);
	struct vec *v = &b->key_uses[i];
	/* each use once, found in constant time: a key may serve thousands */
	if (!b->key_use_index)
		b->key_use_index = strmap_new(b->a);
	const char *key = arena_printf(b->a, "%zu %u %s", i, service, res_id);
	if (strmap_get(b->key_use_index, key))
		return;
	strmap_put(b->key_use_index, key, (void *)res_id);
	struct key_use *u = arena_alloc(b->a, sizeof *u);
	u->service = service;
	u->res_id = res_id;
	vec_push(b->a, v, u);
}

/* The resource SERVICE uses a key for, from what is being planned: the
 * topic an alarm notifies, a workflow's state machine, a rule's own
 * dead-letter queue. */
static const char *use_of(struct pb *b, unsigned service)
{
	const struct m_comp *c = b->owner;
	if (service == KS_CLOUDWATCH && b->p->resources.n) {
		const struct p_res *al = b->p->resources.items[b->p->resources.n - 1];
		const struct pv *act = pv_get(al->props, "AlarmActions");
		const struct pv *first = act && act->kind == PV_LIST && act->items.n ? act->items.items[0] : NULL;
		return first && first->kind == PV_REF ? first->s : NULL;
	}
	if (service == KS_STATES && c && c->kind == MK_WORKFLOW)
		return pb_id(b, c);
	if (service == KS_EVENTS && c && c->kind == MK_RULE)
		return pb_id_of(b, c, "DeadLetterQueue");
	return NULL;
}

void pb_key_service(struct pb *b, const struct m_key *k, unsigned service)
{
	if (k)
		pb_key_use(b, k, service, use_of(b, service));
}

struct p_res *pb_log_group(struct pb *b, const char *id, struct pv *name, int retention, const struct m_key *key)
{
	struct p_res *r = pb_res(b, id, PT_LOG_GROUP, "LogGroup");
	if (key)
		pb_set(b, r, "KmsKeyId", pb_key_arn(b, key));
	pb_set(b, r, "LogGroupName", name);
	if (retention)
		pb_set(b, r, "RetentionInDays", pv_hint(b->a, I(b, retention), "log_retention_days"));
	pb_set(b, r, "Tags", pb_tags(b));
	pb_key_service(b, key, KS_LOGS);
	return r;
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

struct pv *pb_machine_arn(struct pb *b, const struct m_comp *w)
{
	return pb_arn(b, "states", "stateMachine:", pb_comp_name(b, w), NULL);
}

/* Workflow W's key, for USES, under W's encryption context only: Step
 * Functions encrypts a state machine's definition, executions and their
 * input with kms:EncryptionContext:aws:states:stateMachineArn. */
static struct pv *workflow_key_statement(struct pb *b, const struct m_key *k, const struct m_comp *w, unsigned uses)
{
	return pb_statement(b, F(b, "UseKey%sFor%s", names_pascal(b->a, k->c.name), names_pascal(b->a, w->name)), NULL,
			    kms_actions(b, uses), pb_one(b, pb_key_arn(b, k)),
			    pb_condition(b, "StringEquals", "kms:EncryptionContext:aws:states:stateMachineArn",
					 pb_machine_arn(b, w)));
}

/* The service through which a role uses a key for component C: the
 * service that calls KMS with the role's credentials (kms:ViaService). */
static const char *via_service(const struct m_comp *c)
{
	switch (c->kind) {
	case MK_QUEUE:
		return "sqs";
	case MK_TABLE:
		return "dynamodb";
	case MK_TOPIC:
		return "sns";
	case MK_FUNCTION:
		return "lambda"; /* the function's environment variables */
	case MK_STREAM:
		return "kinesis";
	default:
		return NULL;
	}
}

struct pv *pb_via_service(struct pb *b, const char *svc)
{
	const char *key = S(b, svc)->s; /* the shared literal's text, which lives as long as the plan */
	struct pv *c = pv_memo(b->a, &memo_via_service, key, strlen(key));
	if (c)
		return c;
	struct pv *j = pv_join(b->a);
	pv_lit(b->a, j, F(b, "%s.", svc));
	pv_part(b->a, j, pv_pseudo(b->a, PP_REGION));
	pv_lit(b->a, j, ".amazonaws.com");
	c = pb_condition(b, "StringEquals", "kms:ViaService", j);
	return pv_memo_put(b->a, &memo_via_service, key, strlen(key), c);
}

/* The condition under which a resource policy denies a request that does
 * not come over TLS. */
struct pv *pb_tls_only(struct pb *b)
{
	struct pv *c = pv_memo(b->a, &memo_tls, "", 0);
	if (c)
		return c;
	c = pb_condition(b, "Bool", "aws:SecureTransport", S(b, "false"));
	return pv_memo_put(b->a, &memo_tls, "", 0, c);
}

/* A role's statements on one key: one per service through which it uses
 * the key for the stores it serves (kms:ViaService), each workflow it runs
 * or starts (the workflow's encryption context), and the logs a workflow
 * delivers. A grant that names no component is the audit Firehose's: S3
 * encrypts the objects it writes (ASSUMER is the role's principal). */
static void key_statements(struct pb *b, struct pv *statements, const struct iam_key_use *u, const char *assumer)
{
	const char *kn = names_pascal(b->a, u->key->c.name);
	const char *svcs[8];
	unsigned uses[8];
	size_t n = 0;
	if (!u->comps.n && !strcmp(assumer, "firehose.amazonaws.com")) {
		svcs[n] = "s3";
		uses[n++] = u->uses;
	}
	for (size_t j = 0; j < u->comps.n; j++) {
		const struct iam_key_comp *c = u->comps.items[j];
		const char *svc = via_service(c->comp);
		if (!svc)
			continue;
		size_t k = 0;
		while (k < n && strcmp(svcs[k], svc))
			k++;
		if (k == n) {
			if (n == sizeof svcs / sizeof *svcs)
				continue;
			svcs[n] = svc;
			uses[n++] = 0;
		}
		uses[k] |= c->uses;
	}
	for (size_t k = 0; k < n; k++)
		if (uses[k] & (IAM_DECRYPT | IAM_GENERATE))
			pv_push(b->a, statements, pb_statement(b, F(b, "UseKey%sVia%s", kn, names_pascal(b->a, svcs[k])), NULL,
				kms_actions(b, uses[k]), pb_one(b, pb_key_arn(b, u->key)), pb_via_service(b, svcs[k])));
	for (size_t j = 0; j < u->comps.n; j++) {
		const struct iam_key_comp *c = u->comps.items[j];
		if (c->comp->kind != MK_WORKFLOW)
			continue;
		pv_push(b->a, statements, workflow_key_statement(b, u->key, c->comp, c->uses));
		if (c->uses & IAM_LOG_DELIVERY)
			/* the logs of an encrypted state machine: a data key under
			 * the log delivery's context (AWS's Step Functions guide) */
			pv_push(b->a, statements, pb_statement(b, F(b, "UseKey%sForLogDelivery", kn), NULL,
				pv_strings(b->a, (const char *const[]){ "kms:GenerateDataKey", NULL }),
				pb_one(b, pb_key_arn(b, u->key)),
				pb_condition(b, "StringEquals", "kms:EncryptionContext:SourceArn",
					     pb_arn(b, "logs", "*", NULL, NULL))));
	}
}

/* The statements of role R's inline policy. */
static struct pv *role_policy_statements(struct p_res *r)
{
	struct pv *pols = pv_get(r->props, "Policies");
	if (!pols || pols->kind != PV_LIST || !pols->items.n)
		return NULL;
	struct pv *doc = pv_get(pols->items.items[0], "PolicyDocument");
	return doc && doc->kind == PV_DOC ? pv_get(doc->items.items[0], "Statement") : NULL;
}

/* A rule's role starts the workflows it targets: their input is encrypted
 * under each one's key. */
static void rule_roles_use_keys(struct pb *b)
{
	for (size_t i = 0; i < b->m->n_rules; i++) {
		const struct m_rule *r = b->m->rules[i];
		struct p_res *role = plan_find(b->p, pb_id_of(b, &r->c, "Role"));
		struct pv *st = role ? role_policy_statements(role) : NULL;
		for (size_t t = 0; st && t < r->n_targets; t++) {
			const struct m_target *tg = &r->targets[t];
			const struct m_key *k = tg->kind == TGT_WORKFLOW && tg->comp
				? ((const struct m_workflow *)tg->comp)->key : NULL;
			if (k)
				pv_push(b->a, st, workflow_key_statement(b, k, tg->comp, IAM_GENERATE));
		}
	}
}

struct pv *pb_rule_arn(struct pb *b, const struct m_comp *bus, struct pv *rule_name)
{
	const struct m_bus *eb = (const struct m_bus *)bus;
	if (!bus || eb->origin == BUS_DEFAULT)
		return pb_arn(b, "events", "rule/", rule_name, NULL);
	struct pv *j;
	if (eb->origin == BUS_EXISTING && eb->existing_is_arn) {
		/* a rule on another account's or Region's bus is that account's
		 * and Region's: arn:...:event-bus/NAME becomes arn:...:rule/NAME/ */
		const char *tail = strstr(eb->existing, ":event-bus/");
		j = pv_join(b->a);
		pv_lit(b->a, j, F(b, "%.*s:rule/%s/", (int)(tail - eb->existing), eb->existing,
				  tail + strlen(":event-bus/")));
	} else {
		j = pb_arn(b, "events", "rule/", eb->origin == BUS_OWNED ? pb_comp_name(b, bus)
			   : pv_hint(b->a, S(b, names_bus(b->a, b->m, eb)), F(b, "%s_bus", names_snake(b->a, bus->name))), "/");
	}
	pv_part(b->a, j, rule_name);
	return j;
}

/* The trust policy of a role that SERVICE assumes for SOURCE (NULL: for
 * any of the account's), shared by every role with no SOURCE. */
static struct pv *trust_policy(struct pb *b, const char *service, struct pv *source)
{
	struct pv *principal = pb_service(b, service);
	const char *key = pv_get(principal, "Service")->s; /* lives as long as the plan */
	struct pv *doc = source ? NULL : pv_memo(b->a, &memo_trust, key, strlen(key));
	if (doc)
		return doc;
	struct pv *trust = pv_map(b->a);
	pv_set(b->a, trust, "Effect", S(b, "Allow"));
	pv_set(b->a, trust, "Principal", principal);
	pv_set(b->a, trust, "Action", S(b, "sts:AssumeRole"));
	if (source && !strcmp(service, "firehose.amazonaws.com")) {
		/* Firehose's documented trust policy names the account as the
		 * external ID it passes when it assumes the role; that it sets
		 * aws:SourceArn there AWS does not say, and a condition it does
		 * not meet would stop the stream */
		struct pv *acct = pv_map(b->a), *c = pv_map(b->a);
		pv_set(b->a, acct, "sts:ExternalId", pv_pseudo(b->a, PP_ACCOUNT_ID));
		pv_set(b->a, c, "StringEquals", acct);
		pv_set(b->a, trust, "Condition", c);
	} else if (source) {
		/* confused-deputy protection: the service may assume the role
		 * only for SOURCE, in this account */
		struct pv *c = pb_condition(b, "ArnLike", "aws:SourceArn", source);
		struct pv *acct = pv_map(b->a);
		pv_set(b->a, acct, "aws:SourceAccount", pv_pseudo(b->a, PP_ACCOUNT_ID));
		pv_set(b->a, c, "StringEquals", acct);
		pv_set(b->a, trust, "Condition", c);
	}
	doc = pb_document(b, pb_one(b, trust));
	return source ? doc : pv_memo_put(b->a, &memo_trust, key, strlen(key), doc);
}

struct p_res *pb_role(struct pb *b, const char *id, const char *part, const char *service, struct pv *source,
		      const char *name, struct pv *statements, const struct vec *keys, const char *description)
{
	for (size_t i = 0; keys && i < keys->n; i++)
		key_statements(b, statements, keys->items[i], service);
	struct p_res *r = pb_res(b, id, PT_IAM_ROLE, part);
	pb_set(b, r, "AssumeRolePolicyDocument", trust_policy(b, service, source));
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

/* The statement of a queue's or topic's policy that lets one service in,
 * for each of the sources it acts for. One statement a service, its
 * sources in one aws:SourceArn condition, is what keeps a queue fed by
 * many rules within what SQS takes of a policy (20 statements, 10
 * conditions, 8,192 bytes; a statement a source passed the first two at
 * ten sources), and a topic's policy as short. */
struct policy_sender {
	const char *service;
	struct pv *sources; /* the condition that names them: its aws:SourceArn */
	struct pv *statement;
};

/* SERVICE may ACTION on COMP on behalf of SOURCE: a statement SID of its
 * own for the first source, one statement named MERGED_SID for them all
 * once there are more. */
static void policy_allow(struct pb *b, struct policy_acc *p, const char *sid, const char *merged_sid,
			 const char *service, const char *action, struct pv *source)
{
	for (size_t i = 0; i < p->senders.n; i++) {
		struct policy_sender *s = p->senders.items[i];
		if (strcmp(s->service, service))
			continue;
		struct pv *arns = pv_get(s->sources, "aws:SourceArn");
		if (arns->kind != PV_LIST) { /* a source is an ARN, never a list: the second one */
			arns = pb_one(b, arns);
			pv_set(b->a, s->sources, "aws:SourceArn", arns);
			pv_set(b->a, s->statement, "Sid", S(b, merged_sid));
		}
		pv_push(b->a, arns, source);
		return;
	}
	struct policy_sender *s = arena_alloc(b->a, sizeof *s);
	s->service = service;
	struct pv *condition = pb_condition(b, "ArnEquals", "aws:SourceArn", source);
	s->sources = pv_get(condition, "ArnEquals");
	s->statement = pb_statement(b, sid, pb_service(b, service), S(b, action), pb_comp_arn(b, p->comp), condition);
	vec_push(b->a, &p->senders, s);
	pv_push(b->a, p->statements, s->statement);
}

/* SERVICE may send to Q, only on behalf of SOURCE. */
void pb_queue_allow(struct pb *b, const struct m_queue *q, const char *sid, const char *service, struct pv *source)
{
	struct policy_acc *p = policy_for(b, &b->queue_policies, &q->c);
	bool sns = !strcmp(service, "sns.amazonaws.com");
	policy_allow(b, p, sid, sns ? "FromTopics" : "FromEventBridge", service, "sqs:SendMessage", source);
	pb_key_use(b, q->key, sns ? KS_SNS : KS_EVENTS, pb_id(b, &q->c));
}

void pb_topic_allow(struct pb *b, const struct m_topic *t, const char *sid, struct pv *source)
{
	struct policy_acc *p = policy_for(b, &b->topic_policies, &t->c);
	policy_allow(b, p, sid, "FromEventBridge", "events.amazonaws.com", "sns:Publish", source);
	pb_key_use(b, t->key, KS_EVENTS, pb_id(b, &t->c));
}

/* Denies every request to RESOURCE that does not come over TLS: the
 * form AWS documents for queues, topics and buckets. */
static struct pv *deny_insecure(struct pb *b, const char *action, struct pv *resource)
{
	struct pv *deny = pv_map(b->a);
	pv_set(b->a, deny, "Sid", S(b, "DenyInsecureTransport"));
	pv_set(b->a, deny, "Effect", S(b, "Deny"));
	pv_set(b->a, deny, "Principal", S(b, "*"));
	pv_set(b->a, deny, "Action", S(b, action));
	pv_set(b->a, deny, "Resource", resource);
	pv_set(b->a, deny, "Condition", pb_tls_only(b));
	return deny;
}

/* Marks in SEEN every resource that the references of list KEY of
 * resources of TYPE name. */
static void mark_refs(struct pb *b, struct strmap *seen, enum p_type type, const char *key)
{
	for (size_t i = 0; i < b->p->resources.n; i++) {
		const struct p_res *r = b->p->resources.items[i];
		const struct pv *l = r->type == type ? pv_get(r->props, key) : NULL;
		for (size_t j = 0; l && l->kind == PV_LIST && j < l->items.n; j++) {
			const struct pv *ref = l->items.items[j];
			if (ref->kind == PV_REF)
				strmap_put(seen, ref->s, (void *)r);
		}
	}
}

/* A topic policy replaces SNS's default one, which let the account's
 * alarms publish: CloudWatch may, for this account's alarms only. */
static struct pv *from_alarms(struct pb *b, const char *topic)
{
	struct pv *c = pb_condition(b, "ArnLike", "aws:SourceArn", pb_arn(b, "cloudwatch", "alarm:*", NULL, NULL));
	struct pv *acct = pv_map(b->a);
	pv_set(b->a, acct, "aws:SourceAccount", pv_pseudo(b->a, PP_ACCOUNT_ID));
	pv_set(b->a, c, "StringEquals", acct);
	return pb_statement(b, "FromAlarms", pb_service(b, "cloudwatch.amazonaws.com"), S(b, "sns:Publish"),
			    pv_ref(b->a, topic, PA_ARN), c);
}

/* Every queue (dead-letter queues too) and topic denies requests without
 * TLS: those with senders in the policy that lets them send, the others
 * in a policy of their own. */
static void tls_only(struct pb *b)
{
	size_t n = b->p->resources.n;
	struct strmap *covered = strmap_new(b->a), *notified = strmap_new(b->a);
	mark_refs(b, covered, PT_SQS_QUEUE_POLICY, "Queues");
	mark_refs(b, covered, PT_SNS_TOPIC_POLICY, "Topics");
	mark_refs(b, notified, PT_ALARM, "AlarmActions");
	for (size_t i = 0; i < n; i++) {
		struct p_res *r = b->p->resources.items[i];
		bool q = r->type == PT_SQS_QUEUE_POLICY;
		if (!q && r->type != PT_SNS_TOPIC_POLICY)
			continue;
		struct pv *doc = pv_get(r->props, "PolicyDocument");
		struct pv *st = pv_get(doc->items.items[0], "Statement");
		const struct pv *ref = pv_get(r->props, q ? "Queues" : "Topics")->items.items[0];
		const char *target = ref->s;
		if (!q && strmap_get(notified, target))
			pv_push(b->a, st, from_alarms(b, target));
		pv_push(b->a, st, deny_insecure(b, q ? "sqs:*" : "sns:Publish", pv_ref(b->a, target, PA_ARN)));
	}
	for (size_t i = 0; i < n; i++) {
		struct p_res *r = b->p->resources.items[i];
		bool q = r->type == PT_SQS_QUEUE;
		if ((!q && r->type != PT_SNS_TOPIC) || strmap_get(covered, r->id))
			continue;
		b->owner = r->comp;
		struct p_res *pol = pb_res(b, F(b, "%sPolicy", r->id), q ? PT_SQS_QUEUE_POLICY : PT_SNS_TOPIC_POLICY,
					   F(b, "%sPolicy", *r->part ? r->part : ""));
		pol->loc = r->loc;
		struct pv *st = pv_list(b->a);
		if (!q && strmap_get(notified, r->id))
			pv_push(b->a, st, from_alarms(b, r->id));
		pv_push(b->a, st, deny_insecure(b, q ? "sqs:*" : "sns:Publish", pv_ref(b->a, r->id, PA_ARN)));
		pb_set(b, pol, "PolicyDocument", pb_document(b, st));
		pb_set(b, pol, q ? "Queues" : "Topics", pb_one(b, pv_ref(b->a, r->id, q ? PA_URL : PA_ARN)));
	}
	b->owner = NULL;
}

/* A policy that reads the ARNs of more resources than this names them by
 * ARNs made from their physical names: CloudFormation passes a nested
 * stack at most 200 parameters, so a policy that reads more resources
 * than that (a topic that 300 rules publish to) fits in no split of its
 * template, and the room left is for its other references. */
#define POLICY_READS_MAX 150

static size_t policy_sources(const struct policy_acc *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->senders.n; i++) {
		const struct policy_sender *s = p->senders.items[i];
		const struct pv *arns = pv_get(s->sources, "aws:SourceArn");
		n += arns->kind == PV_LIST ? arns->items.n : 1;
	}
	return n;
}

/* Each source of P that is a reference, as the ARN its name makes,
 * where the plan can make it, when P has more than POLICY_READS_MAX. */
static void sources_by_name(struct pb *b, struct policy_acc *p)
{
	if (policy_sources(p) <= POLICY_READS_MAX)
		return;
	for (size_t i = 0; i < p->senders.n; i++) {
		struct policy_sender *s = p->senders.items[i];
		struct pv *arns = pv_get(s->sources, "aws:SourceArn");
		for (size_t k = 0; arns->kind == PV_LIST && k < arns->items.n; k++) {
			struct pv *x = arns->items.items[k];
			const struct p_res *r = x->kind == PV_REF && x->attr == PA_ARN ? plan_find(b->p, x->s) : NULL;
			struct pv *known = r ? pb_arn_from_name(b, r) : NULL;
			if (known)
				arns->items.items[k] = known;
		}
	}
}

void plan_policies_finish(struct pb *b)
{
	for (size_t i = 0; i < b->queue_policies.n; i++) {
		struct policy_acc *p = b->queue_policies.items[i];
		sources_by_name(b, p);
		b->owner = p->comp;
		struct p_res *r = pb_res(b, pb_id_of(b, p->comp, "Policy"), PT_SQS_QUEUE_POLICY, "Policy");
		pb_set(b, r, "PolicyDocument", pb_document(b, p->statements));
		pb_set(b, r, "Queues", pb_one(b, pv_ref(b->a, pb_id(b, p->comp), PA_URL)));
	}
	for (size_t i = 0; i < b->topic_policies.n; i++) {
		struct policy_acc *p = b->topic_policies.items[i];
		sources_by_name(b, p);
		b->owner = p->comp;
		struct p_res *r = pb_res(b, pb_id_of(b, p->comp, "Policy"), PT_SNS_TOPIC_POLICY, "Policy");
		pb_set(b, r, "PolicyDocument", pb_document(b, p->statements));
		pb_set(b, r, "Topics", pb_one(b, pv_ref(b->a, pb_id(b, p->comp), PA_ARN)));
	}
	b->owner = NULL;
	tls_only(b);
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

/* A resource's ARN built from its physical name, and the encryption
 * context its service encrypts under: the key policy names what uses the
 * key this way, since a reference would be a cycle (the resource refers
 * to the key). */
/* The ARN of R (or, with ALL, of every resource of R's type whose name
 * starts with the pattern's prefix), and the encryption context key that
 * carries it. */
static struct pv *use_arn_of(struct pb *b, const struct p_res *r, const char **context, bool all)
{
	struct pv *every = pv_name(b->a, b->m, "*", 100000);
	switch (r->type) {
	case PT_SQS_QUEUE:
		*context = "kms:EncryptionContext:aws:sqs:arn";
		return pb_arn(b, "sqs", "", all ? every : pv_get(r->props, "QueueName"), NULL);
	case PT_SNS_TOPIC:
		*context = "kms:EncryptionContext:aws:sns:topicArn";
		return pb_arn(b, "sns", "", all ? every : pv_get(r->props, "TopicName"), NULL);
	case PT_EVENT_BUS:
		*context = "kms:EncryptionContext:aws:events:event-bus:arn";
		return pb_arn(b, "events", "event-bus/", all ? every : pv_get(r->props, "Name"), NULL);
	case PT_EVENT_ARCHIVE:
		*context = "kms:EncryptionContext:aws:events:event-bus:arn";
		return pb_arn(b, "events", "archive/", all ? every : pv_get(r->props, "ArchiveName"), NULL);
	case PT_STATE_MACHINE:
		*context = "kms:EncryptionContext:aws:states:stateMachineArn";
		return pb_arn(b, "states", "stateMachine:", all ? every : pv_get(r->props, "StateMachineName"), NULL);
	default:
		return NULL;
	}
}

static struct pv *use_arn(struct pb *b, const struct p_res *r, const char **context)
{
	return use_arn_of(b, r, context, false);
}

/* A key policy holds at most 32 KB: past this many resources of a kind, a
 * service statement names them all by the pattern's name prefix instead
 * of one by one. */
#define KEY_POLICY_MAX_ARNS 10

/* The statements one service needs on a key, one per kind of resource it
 * uses the key for, each scoped to those resources by their encryption
 * context (which KMS binds to the data) and to the account. */
struct svc_statement {
	unsigned service;
	enum p_type type;
	const char *sid, *principal;
	const char *const *actions;
};

static const char *const use_actions[] = { "kms:Decrypt", "kms:GenerateDataKey", NULL };
/* EventBridge archives re-encrypt what they keep (AWS: DescribeKey,
 * GenerateDataKey, Decrypt, ReEncrypt*, written out: no wildcards) */
static const char *const archive_actions[] = { "kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom",
					       "kms:ReEncryptTo", NULL };
static const char *const describe_actions[] = { "kms:DescribeKey", NULL };
static const char *const delivery_actions[] = { "kms:Decrypt", NULL };

static const struct svc_statement svc_statements[] = {
	{ KS_EVENTS, PT_EVENT_BUS, "EventBridgeEncryptsBus", "events.amazonaws.com", use_actions },
	{ KS_EVENTS, PT_EVENT_ARCHIVE, "EventBridgeEncryptsArchive", "events.amazonaws.com", archive_actions },
	{ KS_EVENTS, PT_SQS_QUEUE, "EventBridgeUsesKey", "events.amazonaws.com", use_actions },
	{ KS_EVENTS, PT_SNS_TOPIC, "EventBridgeUsesKeyForTopics", "events.amazonaws.com", use_actions },
	{ KS_SNS, PT_SQS_QUEUE, "SnsUsesKey", "sns.amazonaws.com", use_actions },
	{ KS_STATES, PT_STATE_MACHINE, "StepFunctionsUsesKey", "states.amazonaws.com", use_actions },
	{ KS_CLOUDWATCH, PT_SNS_TOPIC, "CloudWatchAlarmsUseKey", "cloudwatch.amazonaws.com", use_actions },
};

static struct pv *one_or_list(struct pb *b, struct pv *list)
{
	return list->items.n == 1 ? list->items.items[0] : list;
}

static struct pv *account_and(struct pb *b, const char *key, struct pv *value)
{
	struct pv *inner = pv_map(b->a), *c = pv_map(b->a);
	pv_set(b->a, inner, "aws:SourceAccount", pv_pseudo(b->a, PP_ACCOUNT_ID));
	if (key)
		pv_set(b->a, inner, key, value);
	pv_set(b->a, c, "StringEquals", inner);
	return c;
}

/* The ARN of every resource of type T that SERVICE uses key I for; an
 * archive is named with its bus, whose ARN EventBridge's context may carry. */
static struct pv *uses_of(struct pb *b, size_t i, unsigned service, enum p_type t, const char **context)
{
	struct pv *l = pv_list(b->a);
	const struct vec *v = b->key_uses ? &b->key_uses[i] : NULL;
	for (size_t j = 0; v && j < v->n; j++) {
		const struct key_use *u = v->items[j];
		const struct p_res *r = plan_find(b->p, u->res_id);
		if (u->service != service || !r || r->type != t)
			continue;
		if (t == PT_EVENT_ARCHIVE) {
			const struct pv *src = pv_get(r->props, "SourceArn");
			const struct p_res *bus = src && src->kind == PV_REF ? plan_find(b->p, src->s) : NULL;
			if (bus)
				pv_push(b->a, l, use_arn(b, bus, context));
		}
		pv_push(b->a, l, use_arn(b, r, context));
	}
	return l;
}

static void service_statements(struct pb *b, size_t i, struct pv *st)
{
	const char *context = NULL;
	if (uses_of(b, i, KS_EVENTS, PT_EVENT_BUS, &context)->items.n ||
	    uses_of(b, i, KS_EVENTS, PT_EVENT_ARCHIVE, &context)->items.n)
		/* EventBridge checks the key of a bus or archive: no context */
		pv_push(b->a, st, pb_statement(b, "EventBridgeDescribesKey", pb_service(b, "events.amazonaws.com"),
					       pv_strings(b->a, describe_actions), S(b, "*"), account_and(b, NULL, NULL)));
	for (size_t k = 0; k < sizeof svc_statements / sizeof svc_statements[0]; k++) {
		const struct svc_statement *s = &svc_statements[k];
		struct pv *arns = uses_of(b, i, s->service, s->type, &context);
		if (!arns->items.n)
			continue;
		struct pv *cond;
		if (arns->items.n > KEY_POLICY_MAX_ARNS) {
			cond = account_and(b, NULL, NULL);
			const struct p_res *any = NULL;
			for (size_t r = 0; r < b->p->resources.n && !any; r++)
				if (((const struct p_res *)b->p->resources.items[r])->type == s->type)
					any = b->p->resources.items[r];
			struct pv *like = pv_map(b->a);
			pv_set(b->a, like, context, use_arn_of(b, any, &context, true));
			pv_set(b->a, cond, "ArnLike", like);
		} else {
			cond = account_and(b, context, one_or_list(b, arns));
		}
		pv_push(b->a, st, pb_statement(b, s->sid, pb_service(b, s->principal), pv_strings(b->a, s->actions),
					       S(b, "*"), cond));
		if (s->type == PT_STATE_MACHINE)
			/* Step Functions hands the logs of an encrypted state machine to
			 * log delivery encrypted: it decrypts them under the logs'
			 * context, as AWS's Step Functions encryption guide has it */
			pv_push(b->a, st, pb_statement(b, "LogDeliveryUsesKey", pb_service(b, "delivery.logs.amazonaws.com"),
				pv_strings(b->a, delivery_actions), S(b, "*"),
				pb_condition(b, "StringEquals", "kms:EncryptionContext:SourceArn",
					     pb_arn(b, "logs", "*", NULL, NULL))));
	}
}

/* The service statements of each key, now that every user is known. */
void plan_keys_finish(struct pb *b)
{
	for (size_t i = 0; i < b->m->n_keys; i++) {
		struct pv *st = b->key_statements[i];
		unsigned sv = b->key_services[i];
		service_statements(b, i, st);
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
	rule_roles_use_keys(b);
}
