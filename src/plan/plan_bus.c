/* plan_bus.c - an event bus and what hangs off it: its archive, the
 * schema registry of its events and their discoverer, and the audit
 * trail (a rule matching every event -> Firehose -> S3, under KMS). */
#include "plan_priv.h"
#include "xalloc.h"

#include <stdlib.h>

#include "eventschema.h"

static void plan_schemas(struct pb *b, const struct m_bus *bus)
{
	size_t n = 0;
	for (size_t i = 0; i < b->m->n_events; i++)
		n += b->m->events[i]->bus == bus;
	if (!n && !bus->schema_discovery)
		return;
	const char *reg = pb_id_of(b, &bus->c, "SchemaRegistry");
	struct p_res *r = pb_res(b, reg, PT_SCHEMA_REGISTRY, "SchemaRegistry");
	pb_set(b, r, "Description", S(b, F(b, "Events of bus %s", bus->c.name)));
	pb_set(b, r, "RegistryName", pb_comp_name(b, &bus->c));
	pb_set(b, r, "Tags", pb_tags(b));
	for (size_t i = 0; i < b->m->n_events; i++) {
		const struct m_event *e = b->m->events[i];
		if (e->bus != bus)
			continue;
		json_t *doc = eventschema_json(e);
		struct p_res *s = plan_add(b->p, F(b, "%sSchema", names_pascal(b->a, e->c.name)), PT_SCHEMA, b->owner,
					   "Schema");
		s->loc = e->c.loc;
		s->peer = e->c.name;
		pb_set(b, s, "Content", pv_doc(b->a, pv_from_json(b->a, doc), true));
		json_decref(doc);
		pb_set(b, s, "Description", S(b, e->c.description ? e->c.description
			: F(b, "%s from %s, version %d", e->detail_type, e->source, e->version)));
		pb_set(b, s, "RegistryName", pv_ref(b->a, reg, PA_NAME));
		pb_set(b, s, "SchemaName", S(b, F(b, "%s@%s", e->source, e->detail_type)));
		pb_set(b, s, "Type", S(b, "JSONSchemaDraft4"));
		pb_set(b, s, "Tags", pb_tags(b));
	}
	if (bus->schema_discovery) {
		struct p_res *d = pb_res(b, pb_id_of(b, &bus->c, "Discoverer"), PT_SCHEMA_DISCOVERER, "Discoverer");
		pb_set(b, d, "CrossAccount", B(b, false));
		pb_set(b, d, "Description", S(b, F(b, "Discovers the events on bus %s", bus->c.name)));
		pb_set(b, d, "SourceArn", pb_comp_arn(b, &bus->c));
		pb_set(b, d, "Tags", pb_tags(b));
	}
}

/* BUCKET's ARN and every object in it. */
static struct pv *bucket_and_objects(struct pb *b, const char *bucket)
{
	struct pv *l = pv_list(b->a), *objects = pv_join(b->a);
	pv_push(b->a, l, pv_ref(b->a, bucket, PA_ARN));
	pv_part(b->a, objects, pv_ref(b->a, bucket, PA_ARN));
	pv_lit(b->a, objects, "/*");
	pv_push(b->a, l, objects);
	return l;
}

static void audit_bucket(struct pb *b, const struct m_bus *bus, const char *bucket)
{
	const struct m_key *key = bus->audit_key;
	struct p_res *r = pb_res(b, bucket, PT_S3_BUCKET, "AuditBucket");
	if (key) {
		struct pv *def = pv_map(b->a), *rule = pv_map(b->a), *enc = pv_map(b->a);
		pv_set(b->a, def, "SSEAlgorithm", S(b, "aws:kms"));
		pv_set(b->a, def, "KMSMasterKeyID", pb_key_arn(b, key));
		pv_set(b->a, rule, "ServerSideEncryptionByDefault", def);
		pv_set(b->a, rule, "BucketKeyEnabled", B(b, true));
		pv_set(b->a, enc, "ServerSideEncryptionConfiguration", pb_one(b, rule));
		pb_set(b, r, "BucketEncryption", enc);
	}
	/* bucket names are global: lower case, 3..63, made unique by the account */
	struct pv *name = pv_join(b->a);
	pv_part(b->a, name, pb_name(b, F(b, "%s-audit", bus->c.name), 50));
	pv_lit(b->a, name, "-");
	pv_part(b->a, name, pv_pseudo(b->a, PP_ACCOUNT_ID));
	pb_set(b, r, "BucketName", name);
	if (bus->audit_bucket_retention_days) {
		struct pv *rule = pv_map(b->a), *nc = pv_map(b->a), *lc = pv_map(b->a);
		struct pv *days = pv_hint(I(b, bus->audit_bucket_retention_days), "audit_bucket_retention_days");
		pv_set(b->a, rule, "Id", S(b, "expire-audit-events"));
		pv_set(b->a, rule, "Status", S(b, "Enabled"));
		pv_set(b->a, rule, "ExpirationInDays", days);
		pv_set(b->a, nc, "NoncurrentDays", days);
		pv_set(b->a, rule, "NoncurrentVersionExpiration", nc);
		pv_set(b->a, lc, "Rules", pb_one(b, rule));
		pb_set(b, r, "LifecycleConfiguration", lc);
	}
	struct pv *own = pv_map(b->a), *oc = pv_map(b->a);
	pv_set(b->a, own, "ObjectOwnership", S(b, "BucketOwnerEnforced"));
	pv_set(b->a, oc, "Rules", pb_one(b, own));
	pb_set(b, r, "OwnershipControls", oc);
	struct pv *pab = pv_map(b->a);
	static const char *const blocks[] = { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls",
					      "RestrictPublicBuckets" };
	for (size_t i = 0; i < 4; i++)
		pv_set(b->a, pab, blocks[i], B(b, true));
	pb_set(b, r, "PublicAccessBlockConfiguration", pab);
	pb_set(b, r, "Tags", pb_tags(b));
	struct pv *ver = pv_map(b->a);
	pv_set(b->a, ver, "Status", S(b, "Enabled"));
	pb_set(b, r, "VersioningConfiguration", ver);

	struct p_res *bp = pb_res(b, pb_id_of(b, &bus->c, "AuditBucketPolicy"), PT_S3_BUCKET_POLICY, "AuditBucketPolicy");
	pb_set(b, bp, "Bucket", pv_ref(b->a, bucket, PA_NAME));
	struct pv *deny = pv_map(b->a);
	pv_set(b->a, deny, "Sid", S(b, "DenyInsecureTransport"));
	pv_set(b->a, deny, "Effect", S(b, "Deny"));
	pv_set(b->a, deny, "Principal", S(b, "*"));
	pv_set(b->a, deny, "Action", S(b, "s3:*"));
	pv_set(b->a, deny, "Resource", bucket_and_objects(b, bucket));
	pv_set(b->a, deny, "Condition", pb_condition(b, "Bool", "aws:SecureTransport", S(b, "false")));
	pb_set(b, bp, "PolicyDocument", pb_document(b, pb_one(b, deny)));
	plan_note(b->p, "The audit bucket's TLS-only policy denies \"s3:*\" to \"*\" without TLS: a Deny, in the form "
		  "AWS documents, so that no S3 action escapes it.");
}

/* Firehose reports what it could not deliver (S3 refusing a write, the key
 * disabled) to CloudWatch Logs only when the stream names a log group and a
 * stream in it: /aws/kinesisfirehose/NAME and DestinationDelivery, the
 * names the Firehose console gives. Returns the stream's logging options,
 * and in *arn the log stream's ARN, for the role that writes to it. */
static struct pv *audit_log(struct pb *b, const struct m_bus *bus, struct pv **arn)
{
	struct pv *sname = pb_name(b, F(b, "%s-audit", bus->c.name), 64);
	struct pv *lgname = pv_join(b->a);
	pv_lit(b->a, lgname, "/aws/kinesisfirehose/");
	pv_part(b->a, lgname, sname);
	const char *lg = pb_id_of(b, &bus->c, "AuditLogGroup"), *ls = pb_id_of(b, &bus->c, "AuditLogStream");
	struct p_res *g = pb_log_group(b, lg, lgname, bus->audit_log_retention_days, bus->audit_key);
	g->part = "AuditLogGroup";
	struct p_res *r = pb_res(b, ls, PT_LOG_STREAM, "AuditLogStream");
	pb_set(b, r, "LogGroupName", pv_ref(b->a, lg, PA_NAME));
	pb_set(b, r, "LogStreamName", S(b, "DestinationDelivery"));
	struct pv *o = pv_map(b->a);
	pv_set(b->a, o, "Enabled", B(b, true));
	pv_set(b->a, o, "LogGroupName", pv_ref(b->a, lg, PA_NAME));
	pv_set(b->a, o, "LogStreamName", pv_ref(b->a, ls, PA_NAME));
	*arn = pb_arn(b, "logs", "log-group:", lgname, ":log-stream:DestinationDelivery");
	return o;
}

static void audit_stream(struct pb *b, const struct m_bus *bus, const char *bucket, const char *stream)
{
	const struct m_key *key = bus->audit_key;
	static const char *const put_log[] = { "logs:PutLogEvents", NULL };
	static const char *const s3w[] = { "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject",
					   "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject", NULL };
	struct pv *st = pv_list(b->a);
	pv_push(b->a, st, pb_statement(b, "WriteAuditBucket", NULL, pv_strings(b->a, s3w),
				       bucket_and_objects(b, bucket), NULL));
	struct pv *log_arn, *log = audit_log(b, bus, &log_arn);
	pv_push(b->a, st, pb_statement(b, "WriteDeliveryLog", NULL, pv_strings(b->a, put_log),
				       pb_one(b, log_arn), NULL));
	struct vec keys = { 0 };
	struct iam_key_use use = { .key = key, .uses = IAM_DECRYPT | IAM_GENERATE };
	if (key)
		vec_push(b->a, &keys, &use);
	const char *frole = pb_id_of(b, &bus->c, "AuditStreamRole");
	pb_role(b, frole, "AuditStreamRole", "firehose.amazonaws.com", pb_arn(b, "firehose", "deliverystream/", pb_name(b, F(b, "%s-audit", bus->c.name), 64), NULL), F(b, "%s-audit-firehose", bus->c.name), st, &keys,
		"Lets Firehose write audited events to the bucket");

	struct p_res *ds = pb_res(b, stream, PT_FIREHOSE_STREAM, "AuditStream");
	if (key) {
		struct pv *enc = pv_map(b->a);
		pv_set(b->a, enc, "KeyARN", pb_key_arn(b, key));
		pv_set(b->a, enc, "KeyType", S(b, "CUSTOMER_MANAGED_CMK"));
		pb_set(b, ds, "DeliveryStreamEncryptionConfigurationInput", enc);
	}
	pb_set(b, ds, "DeliveryStreamName", pb_name(b, F(b, "%s-audit", bus->c.name), 64));
	pb_set(b, ds, "DeliveryStreamType", S(b, "DirectPut"));
	struct pv *s3 = pv_map(b->a), *hints = pv_map(b->a);
	pv_set(b->a, s3, "BucketARN", pv_ref(b->a, bucket, PA_ARN));
	pv_set(b->a, hints, "IntervalInSeconds", I(b, 300));
	pv_set(b->a, hints, "SizeInMBs", I(b, 5));
	pv_set(b->a, s3, "BufferingHints", hints);
	pv_set(b->a, s3, "CloudWatchLoggingOptions", log);
	pv_set(b->a, s3, "CompressionFormat", S(b, "GZIP"));
	if (key) {
		struct pv *kc = pv_map(b->a), *ec = pv_map(b->a);
		pv_set(b->a, kc, "AWSKMSKeyARN", pb_key_arn(b, key));
		pv_set(b->a, ec, "KMSEncryptionConfig", kc);
		pv_set(b->a, s3, "EncryptionConfiguration", ec);
	}
	pv_set(b->a, s3, "ErrorOutputPrefix", S(b, "errors/"));
	pv_set(b->a, s3, "Prefix", S(b, "events/"));
	pv_set(b->a, s3, "RoleARN", pv_ref(b->a, frole, PA_ARN));
	pb_set(b, ds, "ExtendedS3DestinationConfiguration", s3);
	pb_set(b, ds, "Tags", pb_tags(b));
}

static void audit_rule(struct pb *b, const struct m_bus *bus, const char *stream)
{
	static const char *const put[] = { "firehose:PutRecord", "firehose:PutRecordBatch", NULL };
	struct pv *st = pv_list(b->a);
	pv_push(b->a, st, pb_statement(b, "PutAuditRecords", NULL, pv_strings(b->a, put),
				       pb_one(b, pv_ref(b->a, stream, PA_ARN)), NULL));
	const char *erole = pb_id_of(b, &bus->c, "AuditRuleRole");
	pb_role(b, erole, "AuditRuleRole", "events.amazonaws.com", pb_rule_arn(b, &bus->c, pb_name(b, F(b, "%s-audit", bus->c.name), 64)), F(b, "%s-audit-rule", bus->c.name), st, NULL,
		"Lets EventBridge deliver every event to the audit stream");

	const char *rid = pb_id_of(b, &bus->c, "AuditRule"), *dlq = pb_id_of(b, &bus->c, "AuditDeadLetterQueue");
	/* what EventBridge cannot hand to Firehose after its retries is kept,
	 * not dropped: the audit trail is the record of every event */
	pb_dead_letter_queue(b, dlq, "AuditDeadLetterQueue", F(b, "%s-audit-dlq", bus->c.name), false, KS_EVENTS);
	pb_dead_letter_policy(b, pb_id_of(b, &bus->c, "AuditDeadLetterQueuePolicy"), "AuditDeadLetterQueuePolicy", dlq,
			      F(b, "DeadLettersFrom%s", rid), "events.amazonaws.com", pv_ref(b->a, rid, PA_ARN));
	struct p_res *r = pb_res(b, rid, PT_EVENT_RULE, "AuditRule");
	pb_set(b, r, "Description", S(b, F(b, "Every event on bus %s, to the audit trail", bus->c.name)));
	pb_set(b, r, "EventBusName", pv_ref(b->a, pb_id(b, &bus->c), PA_NAME));
	json_t *pat = jpack("{s:[{s:s}]}", "source", "prefix", "");
	pb_set(b, r, "EventPattern", pv_doc(b->a, pv_from_json(b->a, pat), false));
	json_decref(pat);
	pb_set(b, r, "Name", pb_name(b, F(b, "%s-audit", bus->c.name), 64));
	pb_set(b, r, "State", S(b, "ENABLED"));
	pb_set(b, r, "Tags", pb_tags(b));
	struct pv *t = pv_map(b->a);
	pv_set(b->a, t, "Arn", pv_ref(b->a, stream, PA_ARN));
	struct pv *dc = pv_map(b->a);
	pv_set(b->a, dc, "Arn", pv_ref(b->a, dlq, PA_ARN));
	pv_set(b->a, t, "DeadLetterConfig", dc);
	pv_set(b->a, t, "Id", S(b, "AuditStream"));
	pv_set(b->a, t, "RetryPolicy", pb_retry_policy(b, -1, -1));
	pv_set(b->a, t, "RoleArn", pv_ref(b->a, erole, PA_ARN));
	pb_set(b, r, "Targets", pb_one(b, t));
}

/* The key the bus itself is encrypted with, or NULL for the AWS-owned
 * key. */
const struct m_key *plan_bus_key(const struct m_bus *bus)
{
	return bus->schema_discovery ? NULL : bus->key;
}

void plan_bus(struct pb *b, const struct m_bus *bus)
{
	const char *id = pb_id(b, &bus->c);
	struct p_res *r = pb_res(b, id, PT_EVENT_BUS, "");
	pb_set(b, r, "Description", S(b, bus->c.description ? bus->c.description
		: F(b, "Event bus %s of pattern %s", bus->c.name, b->m->name)));
	/* EventBridge discovers no schemas on a bus under a customer-managed
	 * key (CreateDiscoverer fails): such a bus stays on the AWS-owned key,
	 * while its archive and audit trail keep the pattern's (check refuses
	 * an explicit kms_key there, E0615) */
	const struct m_key *key = plan_bus_key(bus);
	if (key) {
		/* what the bus cannot encrypt or deliver under its key goes to a
		 * dead-letter queue, as AWS recommends for such a bus */
		const char *dlq = pb_id_of(b, &bus->c, "DeadLetterQueue");
		pb_dead_letter_queue(b, dlq, "DeadLetterQueue", F(b, "%s-bus-dlq", bus->c.name), false, KS_EVENTS);
		pb_dead_letter_policy(b, pb_id_of(b, &bus->c, "DeadLetterQueuePolicy"), "DeadLetterQueuePolicy", dlq,
				      F(b, "DeadLettersFrom%s", id), "events.amazonaws.com", pb_comp_arn(b, &bus->c));
		struct pv *dc = pv_map(b->a);
		pv_set(b->a, dc, "Arn", pv_ref(b->a, dlq, PA_ARN));
		pb_set(b, r, "DeadLetterConfig", dc);
		pb_set(b, r, "KmsKeyIdentifier", pb_key_arn(b, key));
	}
	pb_set(b, r, "Name", pb_comp_name(b, &bus->c));
	pb_set(b, r, "Tags", pb_tags(b));
	pb_key_use(b, key, KS_EVENTS, id);
	if (bus->archive) {
		const char *aid = pb_id_of(b, &bus->c, "Archive");
		struct p_res *ar = pb_res(b, aid, PT_EVENT_ARCHIVE, "Archive");
		pb_set(b, ar, "ArchiveName", pb_name(b, bus->c.name, 48));
		pb_set(b, ar, "Description", S(b, F(b, "Replayable archive of bus %s", bus->c.name)));
		if (bus->key)
			pb_set(b, ar, "KmsKeyIdentifier", pb_key_arn(b, bus->key));
		pb_key_use(b, bus->key, KS_EVENTS, aid);
		pb_set(b, ar, "RetentionDays", pv_hint(I(b, bus->archive_retention_days), "archive_retention_days"));
		pb_set(b, ar, "SourceArn", pb_comp_arn(b, &bus->c));
	}
	plan_schemas(b, bus);
	if (bus->audit) {
		const char *bucket = pb_id_of(b, &bus->c, "AuditBucket"), *stream = pb_id_of(b, &bus->c, "AuditStream");
		audit_bucket(b, bus, bucket);
		audit_stream(b, bus, bucket, stream);
		audit_rule(b, bus, stream);
	}
}
