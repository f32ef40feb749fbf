/* emit_cfn.c - the CloudFormation backend. One template per environment:
 * every component becomes the resources AWS documents for it, with
 * least-privilege roles, KMS on everything that stores data, and the
 * permissions each integration needs. Resources come in pattern order;
 * properties in the order of AWS's resource reference. Queue and topic
 * policies are gathered while components are emitted and written last,
 * because a queue has one policy however many senders it has. */
#include "emit_cfn.h"

#include <string.h>

#include "alarms.h"
#include "cfn_split.h"
#include "emit_asl.h"
#include "eventschema.h"
#include "iam.h"
#include "names.h"
#include "yamlout.h"

enum kms_use { KMS_DECRYPT = 1, KMS_GENERATE = 2, KMS_ENCRYPT = 4, KMS_DESCRIBE = 8 };

struct kms_grant {
	const struct m_key *key;
	unsigned uses;
};

/* The grants of one role being built. */
struct role {
	json_t *statements;
	struct kms_grant kms[16];
	size_t nkms;
};

/* Statements gathered for a queue's or a topic's resource policy. */
struct policy_acc {
	const struct m_comp *comp;
	json_t *statements;
};

struct cfn {
	struct arena *a;
	const struct m_pattern *m;
	json_t *params, *resources, *outputs;
	struct vec queue_policies;   /* struct policy_acc * */
	struct vec topic_policies;
	json_t *key_statements[64];  /* per key, index in m->keys */
	unsigned key_services[64];   /* bit per service principal */
	struct vec notes;            /* template-level notes: why a "*" */
	const struct alarms_set *alarms;
	json_t *owners;              /* resource ID -> the component it serves */
	const char *owner;           /* the component being emitted */
};

enum key_service { KS_EVENTS = 1, KS_SNS = 2, KS_LOGS = 4, KS_STATES = 8, KS_CLOUDWATCH = 16 };

/* ---- JSON helpers ---- */

static json_t *ref(const char *id)
{
	return json_pack("{s:s}", "Ref", id);
}

static json_t *getatt(const char *id, const char *attr)
{
	return json_pack("{s:[s,s]}", "Fn::GetAtt", id, attr);
}

static json_t *sub(const char *s)
{
	return json_pack("{s:s}", "Fn::Sub", s);
}

static json_t *strings(const char *const *items)
{
	json_t *a = json_array();
	for (size_t i = 0; items[i]; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

static const char *lid(struct cfn *c, const struct m_comp *comp)
{
	return names_logical_id(c->a, comp);
}

static const char *lid_of(struct cfn *c, const struct m_comp *comp, const char *suffix)
{
	return arena_printf(c->a, "%s%s", names_logical_id(c->a, comp), suffix);
}

static const char *physical(struct cfn *c, const struct m_comp *comp)
{
	return names_component(c->a, c->m, comp);
}

static json_t *tags(struct cfn *c)
{
	json_t *t = json_array();
	for (size_t i = 0; i < c->m->tags.n; i++) {
		const struct m_val *v = &c->m->tags.items[i].val;
		const char *val = v->kind == MV_BOOL ? (v->b ? "true" : "false") : v->str ? v->str : "";
		json_array_append_new(t, json_pack("{s:s,s:s}", "Key", c->m->tags.items[i].key, "Value", val));
	}
	json_array_append_new(t, json_pack("{s:s,s:s}", "Key", "environment", "Value", c->m->env->name));
	json_array_append_new(t, json_pack("{s:s,s:s}", "Key", "tenant", "Value", c->m->tenant));
	json_array_append_new(t, json_pack("{s:s,s:s}", "Key", "pattern", "Value", c->m->name));
	return t;
}

/* Adds a resource; returns its Properties object to fill. */
static json_t *resource(struct cfn *c, const char *id, const char *type)
{
	json_t *r = json_object();
	json_object_set_new(r, "Type", json_string(type));
	json_t *props = json_object();
	json_object_set_new(r, "Properties", props);
	json_object_set_new(c->resources, id, r);
	if (c->owner)
		json_object_set_new(c->owners, id, json_string(c->owner));
	return props;
}

/* Only where no Ref or GetAtt already orders the two: cfn-lint warns of a
 * DependsOn that a reference makes redundant (W3005). */
static void depends_on(struct cfn *c, const char *id, const char *on)
{
	json_t *r = json_object_get(c->resources, id);
	json_t *d = json_object_get(r, "DependsOn");
	if (!d) {
		d = json_array();
		json_object_set_new(r, "DependsOn", d);
	}
	json_array_append_new(d, json_string(on));
}

static void note(struct cfn *c, const char *text)
{
	for (size_t i = 0; i < c->notes.n; i++)
		if (!strcmp(c->notes.items[i], text))
			return;
	vec_push(c->a, &c->notes, (void *)text);
}

/* ---- what components are once deployed ---- */

static json_t *comp_arn(struct cfn *c, const struct m_comp *comp)
{
	switch (comp->kind) {
	case MK_TOPIC:
	case MK_WORKFLOW:
		return ref(lid(c, comp));
	default:
		return getatt(lid(c, comp), "Arn");
	}
}

/* KIND.NAME.ATTR as CloudFormation sees it. */
static json_t *comp_attr(struct cfn *c, const struct m_comp *comp, enum m_attr attr)
{
	const char *id = lid(c, comp);
	if (attr == MA_ARN)
		return comp_arn(c, comp);
	switch (comp->kind) {
	case MK_QUEUE:
		return attr == MA_URL ? ref(id) : getatt(id, "QueueName");
	case MK_TOPIC:
		return getatt(id, "TopicName");
	case MK_WORKFLOW:
		return getatt(id, "Name");
	case MK_TABLE:
		return attr == MA_STREAM_ARN ? getatt(id, "StreamArn") : ref(id);
	case MK_KEY:
		return attr == MA_ALIAS ? ref(lid_of(c, comp, "Alias")) : ref(id);
	default:
		return ref(id); /* function, bus, rule: Ref is the name */
	}
}

static json_t *mval(struct cfn *c, const struct m_val *v)
{
	switch (v->kind) {
	case MV_STRING:
		return json_string(v->str);
	case MV_NUMBER:
		return json_string(v->str ? v->str : "0");
	case MV_BOOL:
		return json_string(v->b ? "true" : "false");
	case MV_COMPREF:
		return comp_attr(c, v->comp, v->attr);
	}
	return json_string("");
}

/* ---- KMS ---- */

static size_t key_index(struct cfn *c, const struct m_key *k)
{
	for (size_t i = 0; i < c->m->n_keys; i++)
		if (c->m->keys[i] == k)
			return i;
	return 0;
}

static json_t *key_arn(struct cfn *c, const struct m_key *k)
{
	return getatt(lid(c, &k->c), "Arn");
}

static void key_service(struct cfn *c, const struct m_key *k, unsigned service)
{
	if (k && key_index(c, k) < 64)
		c->key_services[key_index(c, k)] |= service;
}

static void role_kms(struct role *r, const struct m_key *k, unsigned uses)
{
	if (!k)
		return;
	for (size_t i = 0; i < r->nkms; i++) {
		if (r->kms[i].key == k) {
			r->kms[i].uses |= uses;
			return;
		}
	}
	if (r->nkms < sizeof r->kms / sizeof r->kms[0])
		r->kms[r->nkms++] = (struct kms_grant){ k, uses };
}

static json_t *kms_actions(unsigned uses)
{
	json_t *a = json_array();
	if (uses & KMS_DECRYPT)
		json_array_append_new(a, json_string("kms:Decrypt"));
	if (uses & KMS_DESCRIBE)
		json_array_append_new(a, json_string("kms:DescribeKey"));
	if (uses & KMS_ENCRYPT)
		json_array_append_new(a, json_string("kms:Encrypt"));
	if (uses & KMS_GENERATE)
		json_array_append_new(a, json_string("kms:GenerateDataKey"));
	return a;
}

/* ---- IAM ---- */

static json_t *statement(const char *sid, json_t *actions, json_t *resources, json_t *condition)
{
	json_t *s = json_object();
	json_object_set_new(s, "Sid", json_string(sid));
	json_object_set_new(s, "Effect", json_string("Allow"));
	json_object_set_new(s, "Action", actions);
	json_object_set_new(s, "Resource", resources);
	if (condition)
		json_object_set_new(s, "Condition", condition);
	return s;
}

static void role_allow(struct role *r, const char *sid, const char *const *actions, json_t *resource)
{
	json_t *res = json_is_array(resource) ? resource : json_pack("[o]", resource);
	json_array_append_new(r->statements, statement(sid, strings(actions), res, NULL));
}

static json_t *policy_document(json_t *statements)
{
	return json_pack("{s:s,s:o}", "Version", "2012-10-17", "Statement", statements);
}

/* Emits the role with its statements and KMS grants; returns its ID. */
static const char *role_resource(struct cfn *c, const char *id, const char *service, const char *name,
				 struct role *r, const char *description)
{
	for (size_t i = 0; i < r->nkms; i++) {
		const char *sid = arena_printf(c->a, "UseKey%s", names_pascal(c->a, r->kms[i].key->c.name));
		json_array_append_new(r->statements,
			statement(sid, kms_actions(r->kms[i].uses), json_pack("[o]", key_arn(c, r->kms[i].key)), NULL));
	}
	json_t *p = resource(c, id, "AWS::IAM::Role");
	json_t *trust = json_pack("[{s:s,s:{s:s},s:s}]", "Effect", "Allow", "Principal", "Service", service,
				  "Action", "sts:AssumeRole");
	json_object_set_new(p, "AssumeRolePolicyDocument", policy_document(trust));
	json_object_set_new(p, "Description", json_string(description));
	if (json_array_size(r->statements))
		json_object_set_new(p, "Policies", json_pack("[{s:s,s:o}]", "PolicyName", "least-privilege",
							      "PolicyDocument", policy_document(r->statements)));
	else
		json_decref(r->statements);
	json_object_set_new(p, "RoleName", json_string(names_physical(c->a, c->m, name, 64)));
	json_object_set_new(p, "Tags", tags(c));
	r->statements = NULL;
	return id;
}

static void role_init(struct role *r)
{
	memset(r, 0, sizeof *r);
	r->statements = json_array();
}

static json_t *function_target(struct cfn *c, const struct m_function *f);

/* What a statement of iam.c applies to, in CloudFormation. LG is the log
 * group of the role's own function. */
static json_t *iam_resource(struct cfn *c, const struct iam_statement *s, const char *lg)
{
	switch (s->target) {
	case IAM_COMP:
		return s->comp->kind == MK_FUNCTION ? function_target(c, (const struct m_function *)s->comp)
						    : comp_arn(c, s->comp);
	case IAM_STAR:
		return json_string("*");
	case IAM_LOG_GROUP:
		return getatt(lg, "Arn");
	case IAM_EXECUTIONS:
		return sub(arena_printf(c->a, "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:%s:*",
					physical(c, s->comp)));
	case IAM_SYNC_RULE:
		return sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:"
			   "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule");
	}
	return json_string("*");
}

static void role_from_iam(struct cfn *c, struct role *r, const struct iam_role *ir, const char *lg)
{
	role_init(r);
	for (size_t i = 0; i < ir->statements.n; i++) {
		const struct iam_statement *s = ir->statements.items[i];
		role_allow(r, s->sid, s->actions, iam_resource(c, s, lg));
		if (s->target == IAM_STAR && !strcmp(s->sid, "WriteTraces"))
			note(c, "X-Ray's PutTraceSegments and PutTelemetryRecords take no resource: AWS requires \"*\".");
		if (s->target == IAM_STAR && !strcmp(s->sid, "DeliverLogs"))
			note(c, "Step Functions log delivery (logs:*LogDelivery, DescribeLogGroups, DescribeResourcePolicies, "
				"PutResourcePolicy) takes no resource: AWS requires \"*\".");
	}
	for (size_t i = 0; i < ir->nkeys; i++)
		role_kms(r, ir->keys[i].key, ir->keys[i].uses);
}

static struct policy_acc *policy_for(struct cfn *c, struct vec *v, const struct m_comp *comp)
{
	for (size_t i = 0; i < v->n; i++) {
		struct policy_acc *p = v->items[i];
		if (p->comp == comp)
			return p;
	}
	struct policy_acc *p = arena_alloc(c->a, sizeof *p);
	p->comp = comp;
	p->statements = json_array();
	vec_push(c->a, v, p);
	return p;
}

/* SERVICE may send to QUEUE, only on behalf of SOURCE_ARN. */
static void queue_allow(struct cfn *c, const struct m_queue *q, const char *sid, const char *service,
			json_t *source_arn, json_t *queue_arn)
{
	struct policy_acc *p = policy_for(c, &c->queue_policies, &q->c);
	json_t *s = json_object();
	json_object_set_new(s, "Sid", json_string(sid));
	json_object_set_new(s, "Effect", json_string("Allow"));
	json_object_set_new(s, "Principal", json_pack("{s:s}", "Service", service));
	json_object_set_new(s, "Action", json_string("sqs:SendMessage"));
	json_object_set_new(s, "Resource", queue_arn);
	json_object_set_new(s, "Condition", json_pack("{s:{s:o}}", "ArnEquals", "aws:SourceArn", source_arn));
	json_array_append_new(p->statements, s);
	key_service(c, q->key, !strcmp(service, "sns.amazonaws.com") ? KS_SNS : KS_EVENTS);
}

static void topic_allow(struct cfn *c, const struct m_topic *t, const char *sid, const char *service,
			json_t *source_arn)
{
	struct policy_acc *p = policy_for(c, &c->topic_policies, &t->c);
	json_t *s = json_object();
	json_object_set_new(s, "Sid", json_string(sid));
	json_object_set_new(s, "Effect", json_string("Allow"));
	json_object_set_new(s, "Principal", json_pack("{s:s}", "Service", service));
	json_object_set_new(s, "Action", json_string("sns:Publish"));
	json_object_set_new(s, "Resource", ref(lid(c, &t->c)));
	json_object_set_new(s, "Condition", json_pack("{s:{s:o}}", "ArnEquals", "aws:SourceArn", source_arn));
	json_array_append_new(p->statements, s);
	key_service(c, t->key, KS_EVENTS);
}

/* ---- log groups ---- */

static void log_group(struct cfn *c, const char *id, json_t *name, int retention, const struct m_key *key)
{
	json_t *p = resource(c, id, "AWS::Logs::LogGroup");
	if (key)
		json_object_set_new(p, "KmsKeyId", key_arn(c, key));
	json_object_set_new(p, "LogGroupName", name);
	if (retention)
		json_object_set_new(p, "RetentionInDays", json_integer(retention));
	json_object_set_new(p, "Tags", tags(c));
	key_service(c, key, KS_LOGS);
}

/* ---- keys ---- */

static json_t *service_key_statement(struct cfn *c, const char *sid, const char *service, const char *const *actions,
				     json_t *condition)
{
	json_t *s = json_object();
	json_object_set_new(s, "Sid", json_string(sid));
	json_object_set_new(s, "Effect", json_string("Allow"));
	json_object_set_new(s, "Principal", json_pack("{s:s}", "Service", service));
	json_object_set_new(s, "Action", strings(actions));
	json_object_set_new(s, "Resource", json_string("*"));
	if (condition)
		json_object_set_new(s, "Condition", condition);
	(void)c;
	return s;
}

static void emit_key(struct cfn *c, const struct m_key *k)
{
	const char *id = lid(c, &k->c);
	json_t *p = resource(c, id, "AWS::KMS::Key");
	json_object_set_new(p, "Description", json_string(k->c.description ? k->c.description
		: arena_printf(c->a, "Key %s of pattern %s (%s)", k->c.name, c->m->name, c->m->env->name)));
	json_object_set_new(p, "EnableKeyRotation", json_boolean(k->rotation));
	json_t *st = json_array();
	json_t *root = json_object();
	json_object_set_new(root, "Sid", json_string("AccountAdministersKey"));
	json_object_set_new(root, "Effect", json_string("Allow"));
	json_object_set_new(root, "Principal", json_pack("{s:o}", "AWS", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")));
	json_object_set_new(root, "Action", strings(iam_key_admin));
	json_object_set_new(root, "Resource", json_string("*"));
	json_array_append_new(st, root);
	c->key_statements[key_index(c, k)] = st;
	/* the template owns the statements; c->key_statements borrows them */
	json_object_set_new(p, "KeyPolicy", json_pack("{s:s,s:o}", "Version", "2012-10-17", "Statement", st));
	json_object_set_new(p, "PendingWindowInDays", json_integer(k->pending_window_days));
	json_object_set_new(p, "Tags", tags(c));
	json_t *alias = resource(c, lid_of(c, &k->c, "Alias"), "AWS::KMS::Alias");
	json_object_set_new(alias, "AliasName", json_string(arena_printf(c->a, "alias/%s", physical(c, &k->c))));
	json_object_set_new(alias, "TargetKeyId", ref(id));
	note(c, "KMS key policies name the key as Resource \"*\": in a key policy \"*\" means the key itself, "
		"and AWS requires that form.");
}

/* The service statements of each key, now that every user is known. */
static void finish_keys(struct cfn *c)
{
	for (size_t i = 0; i < c->m->n_keys && i < 64; i++) {
		json_t *st = c->key_statements[i];
		unsigned sv = c->key_services[i];
		struct { unsigned bit; const char *sid, *service; } svcs[] = {
			{ KS_EVENTS, "EventBridgeUsesKey", "events.amazonaws.com" },
			{ KS_SNS, "SnsUsesKey", "sns.amazonaws.com" },
			{ KS_STATES, "StepFunctionsUsesKey", "states.amazonaws.com" },
			{ KS_CLOUDWATCH, "CloudWatchAlarmsUseKey", "cloudwatch.amazonaws.com" },
		};
		for (size_t k = 0; k < sizeof svcs / sizeof svcs[0]; k++) {
			if (!(sv & svcs[k].bit))
				continue;
			json_t *cond = json_pack("{s:{s:o}}", "StringEquals", "aws:SourceAccount", ref("AWS::AccountId"));
			json_array_append_new(st, service_key_statement(c, svcs[k].sid, svcs[k].service, iam_key_use, cond));
		}
		if (sv & KS_LOGS) {
			json_t *s = service_key_statement(c, "CloudWatchLogsUsesKey", "logs.amazonaws.com", iam_key_logs,
				json_pack("{s:{s:o}}", "ArnLike", "kms:EncryptionContext:aws:logs:arn",
					  sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*")));
			json_object_set_new(s, "Principal", json_pack("{s:o}", "Service", sub("logs.${AWS::Region}.amazonaws.com")));
			json_array_append_new(st, s);
		}
	}
}

/* ---- buses, archives, schemas, audit ---- */

static void emit_schemas(struct cfn *c, const struct m_bus *b)
{
	size_t n = 0;
	for (size_t i = 0; i < c->m->n_events; i++)
		n += c->m->events[i]->bus == b;
	if (!n && !b->schema_discovery)
		return;
	const char *reg = lid_of(c, &b->c, "SchemaRegistry");
	json_t *p = resource(c, reg, "AWS::EventSchemas::Registry");
	json_object_set_new(p, "Description", json_string(arena_printf(c->a, "Events of bus %s", b->c.name)));
	json_object_set_new(p, "RegistryName", json_string(physical(c, &b->c)));
	json_object_set_new(p, "Tags", tags(c));
	for (size_t i = 0; i < c->m->n_events; i++) {
		const struct m_event *e = c->m->events[i];
		if (e->bus != b)
			continue;
		json_t *doc = eventschema_json(e);
		char *content = json_dumps(doc, JSON_COMPACT);
		json_decref(doc);
		json_t *s = resource(c, arena_printf(c->a, "%sSchema", names_pascal(c->a, e->c.name)),
				     "AWS::EventSchemas::Schema");
		json_object_set_new(s, "Content", json_string(content ? content : "{}"));
		free(content);
		json_object_set_new(s, "Description", json_string(e->c.description ? e->c.description
			: arena_printf(c->a, "%s from %s, version %d", e->detail_type, e->source, e->version)));
		json_object_set_new(s, "RegistryName", getatt(reg, "RegistryName"));
		json_object_set_new(s, "SchemaName", json_string(arena_printf(c->a, "%s@%s", e->source, e->detail_type)));
		json_object_set_new(s, "Type", json_string("JSONSchemaDraft4"));
		json_object_set_new(s, "Tags", tags(c));
	}
	if (b->schema_discovery) {
		json_t *d = resource(c, lid_of(c, &b->c, "Discoverer"), "AWS::EventSchemas::Discoverer");
		json_object_set_new(d, "CrossAccount", json_false());
		json_object_set_new(d, "Description", json_string(arena_printf(c->a, "Discovers the events on bus %s", b->c.name)));
		json_object_set_new(d, "SourceArn", getatt(lid(c, &b->c), "Arn"));
		json_object_set_new(d, "Tags", tags(c));
	}
}

/* audit: a rule matching every event -> Firehose -> S3, all under KMS. */
static void emit_audit(struct cfn *c, const struct m_bus *b)
{
	const char *bucket = lid_of(c, &b->c, "AuditBucket"), *stream = lid_of(c, &b->c, "AuditStream");
	const struct m_key *key = b->audit_key;
	/* bucket names: global, lower case, 3..63 */
	const char *bname = names_physical(c->a, c->m, arena_printf(c->a, "%s-audit", b->c.name), 50);
	json_t *p = resource(c, bucket, "AWS::S3::Bucket");
	if (key) {
		json_t *enc = json_pack("{s:[{s:{s:s,s:o},s:b}]}", "ServerSideEncryptionConfiguration",
					"ServerSideEncryptionByDefault", "SSEAlgorithm", "aws:kms",
					"KMSMasterKeyID", key_arn(c, key), "BucketKeyEnabled", 1);
		json_object_set_new(p, "BucketEncryption", enc);
	}
	json_object_set_new(p, "BucketName", sub(arena_printf(c->a, "%s-${AWS::AccountId}", bname)));
	if (b->audit_bucket_retention_days)
		json_object_set_new(p, "LifecycleConfiguration", json_pack("{s:[{s:s,s:s,s:i,s:{s:i}}]}", "Rules",
			"Id", "expire-audit-events", "Status", "Enabled", "ExpirationInDays", b->audit_bucket_retention_days,
			"NoncurrentVersionExpiration", "NoncurrentDays", b->audit_bucket_retention_days));
	json_object_set_new(p, "OwnershipControls", json_pack("{s:[{s:s}]}", "Rules", "ObjectOwnership", "BucketOwnerEnforced"));
	json_object_set_new(p, "PublicAccessBlockConfiguration", json_pack("{s:b,s:b,s:b,s:b}", "BlockPublicAcls", 1,
		"BlockPublicPolicy", 1, "IgnorePublicAcls", 1, "RestrictPublicBuckets", 1));
	json_object_set_new(p, "Tags", tags(c));
	json_object_set_new(p, "VersioningConfiguration", json_pack("{s:s}", "Status", "Enabled"));

	json_t *bp = resource(c, lid_of(c, &b->c, "AuditBucketPolicy"), "AWS::S3::BucketPolicy");
	json_object_set_new(bp, "Bucket", ref(bucket));
	json_t *deny = json_object();
	json_object_set_new(deny, "Sid", json_string("DenyInsecureTransport"));
	json_object_set_new(deny, "Effect", json_string("Deny"));
	json_object_set_new(deny, "Principal", json_string("*"));
	json_object_set_new(deny, "Action", json_string("s3:*"));
	json_object_set_new(deny, "Resource", json_pack("[o,o]", getatt(bucket, "Arn"),
		json_pack("{s:[s,[o,s]]}", "Fn::Join", "", getatt(bucket, "Arn"), "/*")));
	json_object_set_new(deny, "Condition", json_pack("{s:{s:s}}", "Bool", "aws:SecureTransport", "false"));
	json_object_set_new(bp, "PolicyDocument", policy_document(json_pack("[o]", deny)));
	note(c, "The audit bucket's TLS-only policy denies \"s3:*\" to \"*\" without TLS: a Deny, in the form "
		"AWS documents, so that no S3 action escapes it.");

	struct role fr;
	role_init(&fr);
	static const char *const s3w[] = { "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject",
					   "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject", NULL };
	role_allow(&fr, "WriteAuditBucket", s3w, json_pack("[o,o]", getatt(bucket, "Arn"),
		json_pack("{s:[s,[o,s]]}", "Fn::Join", "", getatt(bucket, "Arn"), "/*")));
	role_kms(&fr, key, KMS_DECRYPT | KMS_GENERATE);
	const char *frole = role_resource(c, lid_of(c, &b->c, "AuditStreamRole"), "firehose.amazonaws.com",
		arena_printf(c->a, "%s-audit-firehose", b->c.name), &fr, "Lets Firehose write audited events to the bucket");

	json_t *ds = resource(c, stream, "AWS::KinesisFirehose::DeliveryStream");
	if (key)
		json_object_set_new(ds, "DeliveryStreamEncryptionConfigurationInput",
				    json_pack("{s:o,s:s}", "KeyARN", key_arn(c, key), "KeyType", "CUSTOMER_MANAGED_CMK"));
	json_object_set_new(ds, "DeliveryStreamName", json_string(names_physical(c->a, c->m,
		arena_printf(c->a, "%s-audit", b->c.name), 64)));
	json_object_set_new(ds, "DeliveryStreamType", json_string("DirectPut"));
	json_t *s3 = json_object();
	json_object_set_new(s3, "BucketARN", getatt(bucket, "Arn"));
	json_object_set_new(s3, "BufferingHints", json_pack("{s:i,s:i}", "IntervalInSeconds", 300, "SizeInMBs", 5));
	json_object_set_new(s3, "CompressionFormat", json_string("GZIP"));
	if (key)
		json_object_set_new(s3, "EncryptionConfiguration", json_pack("{s:{s:o}}", "KMSEncryptionConfig",
									    "AWSKMSKeyARN", key_arn(c, key)));
	json_object_set_new(s3, "ErrorOutputPrefix", json_string("errors/"));
	json_object_set_new(s3, "Prefix", json_string("events/"));
	json_object_set_new(s3, "RoleARN", getatt(frole, "Arn"));
	json_object_set_new(ds, "ExtendedS3DestinationConfiguration", s3);
	json_object_set_new(ds, "Tags", tags(c));

	struct role er;
	role_init(&er);
	static const char *const put[] = { "firehose:PutRecord", "firehose:PutRecordBatch", NULL };
	role_allow(&er, "PutAuditRecords", put, getatt(stream, "Arn"));
	const char *erole = role_resource(c, lid_of(c, &b->c, "AuditRuleRole"), "events.amazonaws.com",
		arena_printf(c->a, "%s-audit-rule", b->c.name), &er, "Lets EventBridge deliver every event to the audit stream");

	json_t *r = resource(c, lid_of(c, &b->c, "AuditRule"), "AWS::Events::Rule");
	json_object_set_new(r, "Description", json_string(arena_printf(c->a, "Every event on bus %s, to the audit trail", b->c.name)));
	json_object_set_new(r, "EventBusName", ref(lid(c, &b->c)));
	json_object_set_new(r, "EventPattern", json_pack("{s:[{s:s}]}", "source", "prefix", ""));
	json_object_set_new(r, "Name", json_string(names_physical(c->a, c->m, arena_printf(c->a, "%s-audit", b->c.name), 64)));
	json_object_set_new(r, "State", json_string("ENABLED"));
	json_object_set_new(r, "Tags", tags(c));
	json_object_set_new(r, "Targets", json_pack("[{s:o,s:s,s:o}]", "Arn", getatt(stream, "Arn"), "Id", "AuditStream",
						    "RoleArn", getatt(erole, "Arn")));
}

static void emit_bus(struct cfn *c, const struct m_bus *b)
{
	const char *id = lid(c, &b->c);
	json_t *p = resource(c, id, "AWS::Events::EventBus");
	json_object_set_new(p, "Description", json_string(b->c.description ? b->c.description
		: arena_printf(c->a, "Event bus %s of pattern %s", b->c.name, c->m->name)));
	if (b->key)
		json_object_set_new(p, "KmsKeyIdentifier", key_arn(c, b->key));
	json_object_set_new(p, "Name", json_string(physical(c, &b->c)));
	json_object_set_new(p, "Tags", tags(c));
	key_service(c, b->key, KS_EVENTS);
	if (b->archive) {
		json_t *a = resource(c, lid_of(c, &b->c, "Archive"), "AWS::Events::Archive");
		json_object_set_new(a, "ArchiveName", json_string(names_physical(c->a, c->m, b->c.name, 48)));
		json_object_set_new(a, "Description", json_string(arena_printf(c->a, "Replayable archive of bus %s", b->c.name)));
		if (b->key)
			json_object_set_new(a, "KmsKeyIdentifier", key_arn(c, b->key));
		json_object_set_new(a, "RetentionDays", json_integer(b->archive_retention_days));
		json_object_set_new(a, "SourceArn", getatt(id, "Arn"));
	}
	emit_schemas(c, b);
	if (b->audit)
		emit_audit(c, b);
}

/* ---- queues ---- */

static void queue_props(struct cfn *c, json_t *p, const struct m_queue *q, bool dlq)
{
	if (!dlq && q->delay_s)
		json_object_set_new(p, "DelaySeconds", json_integer(q->delay_s));
	if (q->fifo)
		json_object_set_new(p, "FifoQueue", json_true());
	if (q->key) {
		json_object_set_new(p, "KmsDataKeyReusePeriodSeconds", json_integer(300));
		json_object_set_new(p, "KmsMasterKeyId", key_arn(c, q->key));
	}
	if (!dlq && q->max_message_size != 262144)
		json_object_set_new(p, "MaximumMessageSize", json_integer(q->max_message_size));
	json_object_set_new(p, "MessageRetentionPeriod", json_integer(dlq ? q->dlq_retention_s : q->retention_s));
	const char *name = physical(c, &q->c);
	if (dlq)
		name = names_physical(c->a, c->m, arena_printf(c->a, "%s-dlq", q->c.name), q->fifo ? 75 : 80);
	else if (q->fifo)
		name = names_physical(c->a, c->m, q->c.name, 75);
	json_object_set_new(p, "QueueName", json_string(q->fifo ? arena_printf(c->a, "%s.fifo", name) : name));
	if (!dlq && q->receive_wait_s)
		json_object_set_new(p, "ReceiveMessageWaitTimeSeconds", json_integer(q->receive_wait_s));
}

static void emit_queue(struct cfn *c, const struct m_queue *q)
{
	const char *id = lid(c, &q->c), *dlq = lid_of(c, &q->c, "DeadLetterQueue");
	if (q->dlq) {
		json_t *d = resource(c, dlq, "AWS::SQS::Queue");
		queue_props(c, d, q, true);
		/* no RedriveAllowPolicy naming the source queue: the source's
		 * RedrivePolicy names this one, and the pair would be a cycle */
		json_object_set_new(d, "Tags", tags(c));
	}
	json_t *p = resource(c, id, "AWS::SQS::Queue");
	queue_props(c, p, q, false);
	if (q->dlq)
		json_object_set_new(p, "RedrivePolicy", json_pack("{s:o,s:i}", "deadLetterTargetArn", getatt(dlq, "Arn"),
								  "maxReceiveCount", q->dlq_max_receives));
	json_object_set_new(p, "Tags", tags(c));
	json_object_set_new(p, "VisibilityTimeout", json_integer(q->visibility_timeout_s));
}

/* ---- tables ---- */

static const char *attr_type(enum m_attr_type t)
{
	return t == AT_NUMBER ? "N" : t == AT_BINARY ? "B" : "S";
}

static void emit_table(struct cfn *c, const struct m_table *t)
{
	json_t *p = resource(c, lid(c, &t->c), "AWS::DynamoDB::Table");
	json_t *defs = json_pack("[{s:s,s:s}]", "AttributeName", t->pk, "AttributeType", attr_type(t->pk_type));
	json_t *keys = json_pack("[{s:s,s:s}]", "AttributeName", t->pk, "KeyType", "HASH");
	if (t->sk) {
		json_array_append_new(defs, json_pack("{s:s,s:s}", "AttributeName", t->sk, "AttributeType", attr_type(t->sk_type)));
		json_array_append_new(keys, json_pack("{s:s,s:s}", "AttributeName", t->sk, "KeyType", "RANGE"));
	}
	json_object_set_new(p, "AttributeDefinitions", defs);
	json_object_set_new(p, "BillingMode", json_string("PAY_PER_REQUEST"));
	json_object_set_new(p, "KeySchema", keys);
	json_object_set_new(p, "PointInTimeRecoverySpecification", json_pack("{s:b}", "PointInTimeRecoveryEnabled", t->pitr));
	if (t->key)
		json_object_set_new(p, "SSESpecification", json_pack("{s:o,s:b,s:s}", "KMSMasterKeyId", key_arn(c, t->key),
								     "SSEEnabled", 1, "SSEType", "KMS"));
	if (t->stream)
		json_object_set_new(p, "StreamSpecification", json_pack("{s:s}", "StreamViewType", "NEW_AND_OLD_IMAGES"));
	json_object_set_new(p, "TableName", json_string(physical(c, &t->c)));
	json_object_set_new(p, "Tags", tags(c));
	if (t->ttl)
		json_object_set_new(p, "TimeToLiveSpecification", json_pack("{s:s,s:b}", "AttributeName", t->ttl, "Enabled", 1));
}

/* ---- functions ---- */

static bool provisioned(const struct m_function *f)
{
	return f->provisioned_concurrency > 0;
}

/* What invokes the function: its alias when it has provisioned concurrency. */
static json_t *function_target(struct cfn *c, const struct m_function *f)
{
	return provisioned(f) ? ref(lid_of(c, &f->c, "Alias")) : getatt(lid(c, &f->c), "Arn");
}

static json_t *function_environment(struct cfn *c, const struct m_function *f)
{
	json_t *vars = json_object();
	for (size_t i = 0; i < f->environment.n; i++)
		json_object_set_new(vars, f->environment.items[i].key, mval(c, &f->environment.items[i].val));
	return json_pack("{s:o}", "Variables", vars);
}

static void emit_function(struct cfn *c, const struct m_function *f)
{
	const char *id = lid(c, &f->c), *lg = lid_of(c, &f->c, "LogGroup"), *role = lid_of(c, &f->c, "Role");
	const char *name = physical(c, &f->c);

	log_group(c, lg, json_string(arena_printf(c->a, "/aws/lambda/%s", name)), f->log_retention_days, f->key);

	struct iam_role ir;
	struct role r;
	iam_function_role(c->a, f, &ir);
	role_from_iam(c, &r, &ir, lg);
	role_resource(c, role, "lambda.amazonaws.com", arena_printf(c->a, "%s-lambda", f->c.name), &r,
		      arena_printf(c->a, "Execution role of function %s: only what it consumes, writes and publishes", f->c.name));

	json_t *p = resource(c, id, "AWS::Lambda::Function");
	json_object_set_new(p, "Architectures", json_pack("[s]", f->architecture));
	/* the code folder, zipped, under the artifact prefix: one zip per folder */
	json_object_set_new(p, "Code", json_pack("{s:o,s:o}", "S3Bucket", ref("ArtifactBucket"), "S3Key",
		sub(arena_printf(c->a, "${ArtifactPrefix}%s.zip", f->code ? f->code : f->c.name))));
	if (f->c.description)
		json_object_set_new(p, "Description", json_string(f->c.description));
	if (f->environment.n)
		json_object_set_new(p, "Environment", function_environment(c, f));
	if (f->ephemeral_storage_mb != 512)
		json_object_set_new(p, "EphemeralStorage", json_pack("{s:i}", "Size", f->ephemeral_storage_mb));
	json_object_set_new(p, "FunctionName", json_string(name));
	json_object_set_new(p, "Handler", json_string(f->handler ? f->handler : "index.handler"));
	if (f->key && f->environment.n)
		json_object_set_new(p, "KmsKeyArn", key_arn(c, f->key));
	json_t *logging = json_pack("{s:o}", "LogGroup", ref(lg));
	if (f->log_level) {
		json_object_set_new(logging, "ApplicationLogLevel", json_string(f->log_level));
		json_object_set_new(logging, "LogFormat", json_string("JSON"));
	}
	json_object_set_new(p, "LoggingConfig", logging);
	json_object_set_new(p, "MemorySize", json_integer(f->memory_mb));
	if (f->reserved_concurrency >= 0)
		json_object_set_new(p, "ReservedConcurrentExecutions", json_integer(f->reserved_concurrency));
	json_object_set_new(p, "Role", getatt(role, "Arn"));
	json_object_set_new(p, "Runtime", json_string(f->runtime ? f->runtime : "python3.12"));
	json_object_set_new(p, "Tags", tags(c));
	json_object_set_new(p, "Timeout", json_integer(f->timeout_s));
	json_object_set_new(p, "TracingConfig", json_pack("{s:s}", "Mode", f->tracing_active ? "Active" : "PassThrough"));

	if (provisioned(f)) {
		const char *ver = lid_of(c, &f->c, "Version");
		json_t *v = resource(c, ver, "AWS::Lambda::Version");
		json_object_set_new(v, "Description", json_string("Published for provisioned concurrency"));
		json_object_set_new(v, "FunctionName", ref(id));
		json_t *al = resource(c, lid_of(c, &f->c, "Alias"), "AWS::Lambda::Alias");
		json_object_set_new(al, "Description", json_string("The version that serves traffic"));
		json_object_set_new(al, "FunctionName", ref(id));
		json_object_set_new(al, "FunctionVersion", getatt(ver, "Version"));
		json_object_set_new(al, "Name", json_string("live"));
		json_object_set_new(al, "ProvisionedConcurrencyConfig", json_pack("{s:i}", "ProvisionedConcurrentExecutions",
										   f->provisioned_concurrency));
	}
	if (f->consume) {
		const char *esm = lid_of(c, &f->c, "EventSource");
		json_t *e = resource(c, esm, "AWS::Lambda::EventSourceMapping");
		json_object_set_new(e, "BatchSize", json_integer(f->batch_size));
		json_object_set_new(e, "Enabled", json_true());
		json_object_set_new(e, "EventSourceArn", comp_arn(c, &f->consume->c));
		json_object_set_new(e, "FunctionName", function_target(c, f));
		if (f->partial_failures)
			json_object_set_new(e, "FunctionResponseTypes", json_pack("[s]", "ReportBatchItemFailures"));
		if (f->batching_window_s)
			json_object_set_new(e, "MaximumBatchingWindowInSeconds", json_integer(f->batching_window_s));
		if (f->max_concurrency)
			json_object_set_new(e, "ScalingConfig", json_pack("{s:i}", "MaximumConcurrency", f->max_concurrency));
		json_object_set_new(e, "Tags", tags(c));
		/* the role must hold its SQS grants before the mapping polls */
		depends_on(c, esm, role);
	}
}

static void lambda_permission(struct cfn *c, const char *id, const struct m_function *f, const char *service,
			      json_t *source_arn)
{
	json_t *p = resource(c, id, "AWS::Lambda::Permission");
	json_object_set_new(p, "Action", json_string("lambda:InvokeFunction"));
	json_object_set_new(p, "FunctionName", function_target(c, f));
	json_object_set_new(p, "Principal", json_string(service));
	json_object_set_new(p, "SourceArn", source_arn);
}

/* ---- topics ---- */

static const char *protocol_name(enum m_sub_protocol p)
{
	static const char *const names[] = { "email", "sqs", "lambda", "https", "http", "sms" };
	return names[p];
}

static void emit_topic(struct cfn *c, const struct m_topic *t)
{
	const char *id = lid(c, &t->c);
	json_t *p = resource(c, id, "AWS::SNS::Topic");
	if (t->display_name)
		json_object_set_new(p, "DisplayName", json_string(t->display_name));
	if (t->fifo)
		json_object_set_new(p, "FifoTopic", json_true());
	if (t->key)
		json_object_set_new(p, "KmsMasterKeyId", key_arn(c, t->key));
	json_object_set_new(p, "Tags", tags(c));
	const char *name = physical(c, &t->c);
	json_object_set_new(p, "TopicName", json_string(t->fifo ? arena_printf(c->a, "%s.fifo", name) : name));
	for (size_t i = 0; i < t->n_subs; i++) {
		const struct m_subscription *s = &t->subs[i];
		const char *what = s->queue ? lid(c, &s->queue->c) : s->function ? lid(c, &s->function->c)
			: arena_printf(c->a, "%s%zu", names_pascal(c->a, protocol_name(s->protocol)), i + 1);
		const char *sid = arena_printf(c->a, "%sTo%s", id, what);
		json_t *sp = resource(c, arena_printf(c->a, "%sSubscription", sid), "AWS::SNS::Subscription");
		if (s->queue)
			json_object_set_new(sp, "Endpoint", comp_arn(c, &s->queue->c));
		else if (s->function)
			json_object_set_new(sp, "Endpoint", function_target(c, s->function));
		else
			json_object_set_new(sp, "Endpoint", json_string(s->endpoint ? s->endpoint : ""));
		if (s->filter) {
			json_object_set(sp, "FilterPolicy", s->filter);
			json_object_set_new(sp, "FilterPolicyScope", json_string(s->filter_on_body ? "MessageBody" : "MessageAttributes"));
		}
		json_object_set_new(sp, "Protocol", json_string(protocol_name(s->protocol)));
		if (s->raw_delivery)
			json_object_set_new(sp, "RawMessageDelivery", json_true());
		json_object_set_new(sp, "TopicArn", ref(id));
		if (s->queue)
			queue_allow(c, s->queue, arena_printf(c->a, "From%s", id), "sns.amazonaws.com", ref(id),
				    comp_arn(c, &s->queue->c));
		if (s->function)
			lambda_permission(c, arena_printf(c->a, "%sPermission", sid), s->function, "sns.amazonaws.com", ref(id));
	}
}

/* ---- rules ---- */

static void emit_rule(struct cfn *c, const struct m_rule *r)
{
	const char *id = lid(c, &r->c);
	json_t *rule_arn = getatt(id, "Arn");
	const char *dlq = lid_of(c, &r->c, "DeadLetterQueue");
	bool any_dlq = false;
	for (size_t i = 0; i < r->n_targets; i++)
		any_dlq |= r->targets[i].dlq && !r->targets[i].dlq_queue;
	const struct m_key *key = c->m->default_key;
	if (any_dlq) {
		json_t *d = resource(c, dlq, "AWS::SQS::Queue");
		if (key) {
			json_object_set_new(d, "KmsDataKeyReusePeriodSeconds", json_integer(300));
			json_object_set_new(d, "KmsMasterKeyId", key_arn(c, key));
		}
		json_object_set_new(d, "MessageRetentionPeriod", json_integer(14 * 86400));
		json_object_set_new(d, "QueueName", json_string(names_physical(c->a, c->m,
			arena_printf(c->a, "%s-rule-dlq", r->c.name), 80)));
		json_object_set_new(d, "Tags", tags(c));
	}
	struct role er;
	role_init(&er);
	json_t *targets = json_array();
	for (size_t i = 0; i < r->n_targets; i++) {
		const struct m_target *t = &r->targets[i];
		if (!t->comp)
			continue;
		json_t *tj = json_object();
		const char *tid = lid(c, t->comp);
		json_object_set_new(tj, "Arn", t->kind == TGT_FUNCTION ? function_target(c, (const struct m_function *)t->comp)
								    : comp_arn(c, t->comp));
		if (t->dlq)
			json_object_set_new(tj, "DeadLetterConfig", json_pack("{s:o}", "Arn",
				t->dlq_queue ? comp_arn(c, &t->dlq_queue->c) : getatt(dlq, "Arn")));
		json_object_set_new(tj, "Id", json_string(names_short(c->a, tid, 64)));
		if (t->input_path)
			json_object_set_new(tj, "InputPath", json_string(t->input_path));
		if (t->input_template) {
			json_t *paths = json_object();
			for (size_t k = 0; k < t->input_paths.n; k++)
				json_object_set_new(paths, t->input_paths.items[k].key, mval(c, &t->input_paths.items[k].val));
			json_t *it = json_object();
			if (t->input_paths.n)
				json_object_set_new(it, "InputPathsMap", paths);
			else
				json_decref(paths);
			json_object_set_new(it, "InputTemplate", json_string(t->input_template));
			json_object_set_new(tj, "InputTransformer", it);
		}
		json_object_set_new(tj, "RetryPolicy", json_pack("{s:i,s:i}",
			"MaximumEventAgeInSeconds", t->max_event_age_s >= 0 ? t->max_event_age_s : 86400,
			"MaximumRetryAttempts", t->retry_attempts >= 0 ? t->retry_attempts : 185));
		static const char *const start[] = { "states:StartExecution", NULL };
		static const char *const put[] = { "events:PutEvents", NULL };
		if (t->kind == TGT_WORKFLOW) {
			role_allow(&er, arena_printf(c->a, "Start%s", tid), start, comp_arn(c, t->comp));
			json_object_set_new(tj, "RoleArn", getatt(lid_of(c, &r->c, "Role"), "Arn"));
		} else if (t->kind == TGT_BUS) {
			role_allow(&er, arena_printf(c->a, "PutEventsOn%s", tid), put, comp_arn(c, t->comp));
			json_object_set_new(tj, "RoleArn", getatt(lid_of(c, &r->c, "Role"), "Arn"));
		}
		if (t->message_group_id)
			json_object_set_new(tj, "SqsParameters", json_pack("{s:s}", "MessageGroupId", t->message_group_id));
		json_array_append_new(targets, tj);
		if (t->kind == TGT_QUEUE)
			queue_allow(c, (const struct m_queue *)t->comp, arena_printf(c->a, "From%s", id),
				    "events.amazonaws.com", json_deep_copy(rule_arn), comp_arn(c, t->comp));
		else if (t->kind == TGT_TOPIC)
			topic_allow(c, (const struct m_topic *)t->comp, arena_printf(c->a, "From%s", id),
				    "events.amazonaws.com", json_deep_copy(rule_arn));
		else if (t->kind == TGT_FUNCTION)
			lambda_permission(c, arena_printf(c->a, "%sTo%sPermission", id, tid),
					  (const struct m_function *)t->comp, "events.amazonaws.com", json_deep_copy(rule_arn));
		if (t->dlq) {
			const struct m_queue *q = t->dlq_queue;
			if (q)
				queue_allow(c, q, arena_printf(c->a, "DeadLettersFrom%s", id), "events.amazonaws.com",
					    json_deep_copy(rule_arn), comp_arn(c, &q->c));
		}
	}
	if (json_array_size(er.statements))
		role_resource(c, lid_of(c, &r->c, "Role"), "events.amazonaws.com", arena_printf(c->a, "%s-rule", r->c.name),
			      &er, arena_printf(c->a, "Lets rule %s deliver to its targets", r->c.name));
	else
		json_decref(er.statements);
	json_t *p = resource(c, id, "AWS::Events::Rule");
	json_object_set_new(p, "Description", json_string(r->c.description ? r->c.description
		: arena_printf(c->a, "Rule %s of pattern %s", r->c.name, c->m->name)));
	json_object_set_new(p, "EventBusName", r->bus ? ref(lid(c, &r->bus->c)) : json_string("default"));
	json_object_set(p, "EventPattern", r->pattern ? r->pattern : json_object());
	json_object_set_new(p, "Name", json_string(physical(c, &r->c)));
	json_object_set_new(p, "State", json_string(r->enabled ? "ENABLED" : "DISABLED"));
	json_object_set_new(p, "Tags", tags(c));
	json_object_set_new(p, "Targets", targets);
	if (any_dlq) {
		/* the rule's own DLQ takes messages from this rule only */
		json_t *s = json_object();
		json_object_set_new(s, "Sid", json_string(arena_printf(c->a, "DeadLettersFrom%s", id)));
		json_object_set_new(s, "Effect", json_string("Allow"));
		json_object_set_new(s, "Principal", json_pack("{s:s}", "Service", "events.amazonaws.com"));
		json_object_set_new(s, "Action", json_string("sqs:SendMessage"));
		json_object_set_new(s, "Resource", getatt(dlq, "Arn"));
		json_object_set_new(s, "Condition", json_pack("{s:{s:o}}", "ArnEquals", "aws:SourceArn", json_deep_copy(rule_arn)));
		json_t *qp = resource(c, lid_of(c, &r->c, "DeadLetterQueuePolicy"), "AWS::SQS::QueuePolicy");
		json_object_set_new(qp, "PolicyDocument", policy_document(json_pack("[o]", s)));
		json_object_set_new(qp, "Queues", json_pack("[o]", ref(dlq)));
		key_service(c, key, KS_EVENTS);
	}
	json_decref(rule_arn);
}

/* ---- workflows ---- */

static json_t *substitutions(struct cfn *c, struct vec *ph)
{
	json_t *o = json_object();
	for (size_t i = 0; i < ph->n; i++) {
		const struct asl_placeholder *p = ph->items[i];
		const struct m_comp *comp = p->comp;
		json_t *v = comp->kind == MK_FUNCTION && p->attr == MA_ARN
			? function_target(c, (const struct m_function *)comp) : comp_attr(c, comp, p->attr);
		json_object_set_new(o, p->name, v);
	}
	return o;
}

static void emit_workflow(struct cfn *c, const struct m_workflow *w)
{
	const char *id = lid(c, &w->c), *lg = lid_of(c, &w->c, "LogGroup"), *role = lid_of(c, &w->c, "Role");
	const char *name = physical(c, &w->c);
	log_group(c, lg, json_string(arena_printf(c->a, "/aws/vendedlogs/states/%s", name)), w->log_retention_days, w->key);

	struct vec ph = { 0 };
	json_t *def = asl_definition(c->a, c->m, w, &ph);

	struct iam_role ir;
	struct role r;
	iam_workflow_role(c->a, w, &ir);
	role_from_iam(c, &r, &ir, lg);
	role_resource(c, role, "states.amazonaws.com", arena_printf(c->a, "%s-states", w->c.name), &r,
		      arena_printf(c->a, "Execution role of workflow %s: only the tasks its states call", w->c.name));

	json_t *p = resource(c, id, "AWS::StepFunctions::StateMachine");
	json_object_set_new(p, "Definition", def);
	if (ph.n)
		json_object_set_new(p, "DefinitionSubstitutions", substitutions(c, &ph));
	if (w->key) {
		json_object_set_new(p, "EncryptionConfiguration", json_pack("{s:i,s:o,s:s}", "KmsDataKeyReusePeriodSeconds", 300,
			"KmsKeyId", key_arn(c, w->key), "Type", "CUSTOMER_MANAGED_KMS_KEY"));
		key_service(c, w->key, KS_STATES);
	}
	json_object_set_new(p, "LoggingConfiguration", json_pack("{s:[{s:{s:o}}],s:b,s:s}", "Destinations",
		"CloudWatchLogsLogGroup", "LogGroupArn", getatt(lg, "Arn"), "IncludeExecutionData", 1, "Level", w->log_level));
	json_object_set_new(p, "RoleArn", getatt(role, "Arn"));
	json_object_set_new(p, "StateMachineName", json_string(name));
	json_object_set_new(p, "StateMachineType", json_string(w->express ? "EXPRESS" : "STANDARD"));
	json_object_set_new(p, "Tags", tags(c));
	json_object_set_new(p, "TracingConfiguration", json_pack("{s:b}", "Enabled", w->tracing));
}

/* ---- alarms and dashboards ---- */

static json_t *dimension_value(struct cfn *c, const struct alarms_dim *d)
{
	if (d->value)
		return json_string(d->value);
	return comp_attr(c, d->comp, d->attr);
}

static void emit_alarms(struct cfn *c)
{
	const struct alarms_set *set = c->alarms;
	if (!set)
		return;
	for (size_t i = 0; i < set->n_alarms; i++) {
		const struct alarms_alarm *al = &set->alarms[i];
		const char *id = arena_printf(c->a, "%s%sAlarm", lid(c, al->comp), names_pascal(c->a, al->alarm));
		c->owner = lid(c, al->comp);
		json_t *p = resource(c, id, "AWS::CloudWatch::Alarm");
		json_object_set_new(p, "ActionsEnabled", json_true());
		if (al->action) {
			json_object_set_new(p, "AlarmActions", json_pack("[o]", ref(lid(c, &al->action->c))));
			key_service(c, al->action->key, KS_CLOUDWATCH);
		}
		json_object_set_new(p, "AlarmDescription", json_string(al->description));
		json_object_set_new(p, "AlarmName", json_string(al->name));
		json_object_set_new(p, "ComparisonOperator", json_string(al->comparison));
		json_t *dims = json_array();
		for (size_t k = 0; k < al->n_dims; k++)
			json_array_append_new(dims, json_pack("{s:s,s:o}", "Name", al->dims[k].name, "Value",
							      dimension_value(c, &al->dims[k])));
		json_object_set_new(p, "Dimensions", dims);
		json_object_set_new(p, "EvaluationPeriods", json_integer(al->evaluation_periods));
		if (al->extended_statistic)
			json_object_set_new(p, "ExtendedStatistic", json_string(al->extended_statistic));
		json_object_set_new(p, "MetricName", json_string(al->metric));
		json_object_set_new(p, "Namespace", json_string(al->metric_namespace));
		json_object_set_new(p, "Period", json_integer(al->period_s));
		if (al->statistic)
			json_object_set_new(p, "Statistic", json_string(al->statistic));
		json_object_set_new(p, "Tags", tags(c));
		json_object_set_new(p, "Threshold", al->threshold == (double)(json_int_t)al->threshold
			? json_integer((json_int_t)al->threshold) : json_real(al->threshold));
		json_object_set_new(p, "TreatMissingData", json_string(al->treat_missing_data));
		if (al->unit)
			json_object_set_new(p, "Unit", json_string(al->unit));
	}
	for (size_t i = 0; i < set->n_dashboards; i++) {
		const struct alarms_dashboard *d = &set->dashboards[i];
		struct vec ph = { 0 };
		json_t *body = alarms_dashboard_body(c->a, d, &ph);
		char *text = json_dumps(body, JSON_COMPACT);
		json_decref(body);
		json_t *p = resource(c, set->n_dashboards > 1 ? arena_printf(c->a, "Dashboard%zu", i + 1) : "Dashboard",
				     "AWS::CloudWatch::Dashboard");
		if (ph.n) {
			/* The body names state machines by ARN. Their ARNs follow from
			 * their names, so the body refers to no resource: a dashboard
			 * of a thousand workflows must not need a thousand references. */
			json_t *vars = json_object();
			for (size_t k = 0; k < ph.n; k++) {
				const struct asl_placeholder *pl = ph.items[k];
				json_t *v = pl->comp->kind == MK_WORKFLOW && pl->attr == MA_ARN
					? sub(arena_printf(c->a, "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:"
							   "stateMachine:%s", physical(c, pl->comp)))
					: comp_attr(c, pl->comp, pl->attr);
				json_object_set_new(vars, pl->name, v);
			}
			json_object_set_new(p, "DashboardBody", json_pack("{s:[s,o]}", "Fn::Sub", text ? text : "{}", vars));
		} else {
			json_object_set_new(p, "DashboardBody", json_string(text ? text : "{}"));
		}
		free(text);
		json_object_set_new(p, "DashboardName", json_string(d->name));
	}
}

/* ---- policies gathered on the way ---- */

static void finish_policies(struct cfn *c)
{
	for (size_t i = 0; i < c->queue_policies.n; i++) {
		struct policy_acc *p = c->queue_policies.items[i];
		c->owner = lid(c, p->comp);
		json_t *qp = resource(c, lid_of(c, p->comp, "Policy"), "AWS::SQS::QueuePolicy");
		json_object_set_new(qp, "PolicyDocument", policy_document(p->statements));
		json_object_set_new(qp, "Queues", json_pack("[o]", ref(lid(c, p->comp))));
	}
	for (size_t i = 0; i < c->topic_policies.n; i++) {
		struct policy_acc *p = c->topic_policies.items[i];
		c->owner = lid(c, p->comp);
		json_t *tp = resource(c, lid_of(c, p->comp, "Policy"), "AWS::SNS::TopicPolicy");
		json_object_set_new(tp, "PolicyDocument", policy_document(p->statements));
		json_object_set_new(tp, "Topics", json_pack("[o]", ref(lid(c, p->comp))));
	}
}

/* ---- outputs ---- */

static json_t *out_ref(struct cfn *c, const struct m_comp *comp)
{
	return ref(lid(c, comp));
}

static void output(struct cfn *c, const char *id, const char *desc, json_t *value)
{
	json_object_set_new(c->outputs, id, json_pack("{s:s,s:o,s:{s:o}}", "Description", desc, "Value", value,
						      "Export", "Name", sub(arena_printf(c->a, "${AWS::StackName}-%s", id))));
}

/* The names and ARNs users need, kind by kind in the order of how often
 * they are looked up from outside; CloudFormation takes 200 outputs at
 * most, so a large pattern keeps the first 200 and says so. */
static void emit_outputs(struct cfn *c)
{
	const struct m_pattern *m = c->m;
	struct { const struct m_comp *comp; const char *suffix, *desc; json_t *(*value)(struct cfn *, const struct m_comp *); } *all;
	size_t n = 0, cap = 2 * m->n_buses + m->n_topics + m->n_workflows + m->n_tables + m->n_queues + m->n_functions + 1;
	all = arena_alloc(c->a, cap * sizeof *all);
#define OUT(comp_, suffix_, desc_, fn_) (all[n].comp = (comp_), all[n].suffix = (suffix_), all[n].desc = (desc_), all[n].value = (fn_), n++)
	for (size_t i = 0; i < m->n_buses; i++) {
		OUT(&m->buses[i]->c, "Name", "Event bus name", out_ref);
		OUT(&m->buses[i]->c, "Arn", "Event bus ARN", comp_arn);
	}
	for (size_t i = 0; i < m->n_topics; i++)
		OUT(&m->topics[i]->c, "Arn", "Topic ARN", comp_arn);
	for (size_t i = 0; i < m->n_workflows; i++)
		OUT(&m->workflows[i]->c, "Arn", "State machine ARN", comp_arn);
	for (size_t i = 0; i < m->n_tables; i++)
		OUT(&m->tables[i]->c, "Name", "Table name", out_ref);
	for (size_t i = 0; i < m->n_queues; i++)
		OUT(&m->queues[i]->c, "Url", "Queue URL", out_ref);
	for (size_t i = 0; i < m->n_functions; i++)
		OUT(&m->functions[i]->c, "Arn", "Function ARN", comp_arn);
#undef OUT
	size_t keep = n > CFN_MAX_OUTPUTS ? CFN_MAX_OUTPUTS : n;
	if (keep < n)
		note(c, arena_printf(c->a, "Outputs: CloudFormation takes 200; the first 200 of %zu are kept "
				     "(buses, topics, workflows, tables, queues, functions, in that order).", n));
	for (size_t i = 0; i < keep; i++)
		output(c, lid_of(c, all[i].comp, all[i].suffix), all[i].desc, all[i].value(c, all[i].comp));
}

#define EACH(cx, arr, n, fn)                             \
	for (size_t i_ = 0; i_ < (n); i_++) {            \
		(cx)->owner = lid((cx), &(arr)[i_]->c);  \
		fn((cx), (arr)[i_]);                     \
	}

/* The template; OWNERS (may be NULL) gets which component each resource
 * serves, for the nested-stack split. */
static json_t *template_of(struct arena *a, const struct m_pattern *m, const struct alarms_set *alarms,
			   json_t **owners)
{
	struct cfn c = { .a = a, .m = m, .alarms = alarms };
	c.owners = json_object();
	c.params = json_object();
	c.resources = json_object();
	c.outputs = json_object();
	/* only a pattern with functions has code to fetch: an unused parameter
	 * is a cfn-lint warning (W2001) */
	if (m->n_functions) {
		json_object_set_new(c.params, "ArtifactBucket", json_pack("{s:s,s:s}", "Type", "String", "Description",
			"S3 bucket that holds the functions' code: one zip per code folder (see the README)"));
		json_object_set_new(c.params, "ArtifactPrefix", json_pack("{s:s,s:s,s:s}", "Type", "String", "Description",
			"Key prefix of the zips in the bucket; a function with code = \"functions/x\" runs PREFIXfunctions/x.zip",
			"Default", arena_printf(a, "%s/", m->name)));
	}
	EACH(&c, m->keys, m->n_keys, emit_key);
	EACH(&c, m->buses, m->n_buses, emit_bus);
	EACH(&c, m->queues, m->n_queues, emit_queue);
	EACH(&c, m->tables, m->n_tables, emit_table);
	EACH(&c, m->functions, m->n_functions, emit_function);
	EACH(&c, m->topics, m->n_topics, emit_topic);
	EACH(&c, m->rules, m->n_rules, emit_rule);
	EACH(&c, m->workflows, m->n_workflows, emit_workflow);
	c.owner = NULL;
	emit_alarms(&c);
	c.owner = NULL;
	finish_policies(&c);
	finish_keys(&c);
	emit_outputs(&c);

	json_t *t = json_object();
	json_object_set_new(t, "AWSTemplateFormatVersion", json_string("2010-09-09"));
	json_object_set_new(t, "Description", json_string(m->description
		? arena_printf(a, "%s (%s, %s)", m->description, m->tenant, m->env->name)
		: arena_printf(a, "Pattern %s (%s, %s)", m->name, m->tenant, m->env->name)));
	json_t *notes = json_array();
	for (size_t i = 0; i < c.notes.n; i++)
		json_array_append_new(notes, json_string(c.notes.items[i]));
	json_object_set_new(t, "Metadata", json_pack("{s:{s:s,s:s,s:s,s:o}}", "eventc", "pattern", m->name,
						      "tenant", m->tenant, "environment", m->env->name, "notes", notes));
	json_object_set_new(t, "Parameters", c.params);
	json_object_set_new(t, "Resources", c.resources);
	json_object_set_new(t, "Outputs", c.outputs);
	if (owners)
		*owners = c.owners;
	else
		json_decref(c.owners);
	return t;
}

json_t *cfn_template(struct arena *a, const struct m_pattern *m, const struct alarms_set *alarms)
{
	return template_of(a, m, alarms, NULL);
}

static bool add_template(struct outset *out, const char *path, const json_t *t, bool yaml)
{
	return yaml ? yamlout_add(out, path, t) : outset_add_json(out, path, t);
}

bool cfn_emit(struct arena *a, const struct m_pattern *m, const struct alarms_set *alarms, bool yaml,
	      struct outset *out, const char **error)
{
	json_t *owners = NULL;
	json_t *t = template_of(a, m, alarms, &owners);
	const char *dir = arena_printf(a, "%s/cloudformation", m->env->name);
	const char *ext = yaml ? "yaml" : "json";
	bool ok;
	*error = NULL;
	if (json_object_size(json_object_get(t, "Resources")) <= CFN_MAX_RESOURCES) {
		ok = add_template(out, arena_printf(a, "%s/template.%s", dir, ext), t, yaml);
		json_decref(t);
		json_decref(owners);
		return ok;
	}
	/* Too many resources for one template: a parent and nested stacks,
	 * which `aws cloudformation package` uploads (see the README). */
	struct cfn_split split;
	ok = cfn_split(t, owners, CFN_STACK_SIZE, "stack-", arena_printf(a, ".%s", ext), &split);
	if (!ok) {
		*error = split.error;
	} else {
		ok = add_template(out, arena_printf(a, "%s/template.%s", dir, ext), split.parent, yaml);
		for (size_t i = 0; ok && i < split.n; i++)
			ok = add_template(out, arena_printf(a, "%s/stack-%02zu.%s", dir, i + 1, ext), split.children[i], yaml);
	}
	cfn_split_free(&split);
	json_decref(t);
	json_decref(owners);
	return ok;
}
