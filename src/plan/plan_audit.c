/* plan_audit.c - a bus's audit trail: a rule matching every event ->
 * Firehose -> an S3 bucket under the audit's key, with the stream's
 * delivery log, the rule's dead-letter queue and the bucket's server
 * access logs. */
#include "plan_priv.h"
#include "xalloc.h"

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

/* A bucket name of NAME, made unique by the account: bucket names are
 * global, lower case, 3..63 characters. */
static struct pv *bucket_name(struct pb *b, const char *name)
{
	struct pv *j = pv_join(b->a);
	pv_part(b->a, j, pb_name(b, name, 50));
	pv_lit(b->a, j, "-");
	pv_part(b->a, j, pv_pseudo(b->a, PP_ACCOUNT_ID));
	return j;
}

/* What every bucket of the trail is: owned by the account alone (no
 * ACLs), never public, tagged. */
static void private_bucket(struct pb *b, struct p_res *r)
{
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
}

/* Objects expire after the audit's bucket_retention, if it has one. */
static void expire(struct pb *b, struct p_res *r, const struct m_bus *bus, const char *rule_id, bool versioned)
{
	if (!bus->audit_bucket_retention_days)
		return;
	struct pv *rule = pv_map(b->a), *lc = pv_map(b->a);
	struct pv *days = pv_hint(b->a, I(b, bus->audit_bucket_retention_days), "audit_bucket_retention_days");
	pv_set(b->a, rule, "Id", S(b, rule_id));
	pv_set(b->a, rule, "Status", S(b, "Enabled"));
	pv_set(b->a, rule, "ExpirationInDays", days);
	if (versioned) {
		struct pv *nc = pv_map(b->a);
		pv_set(b->a, nc, "NoncurrentDays", days);
		pv_set(b->a, rule, "NoncurrentVersionExpiration", nc);
	}
	pv_set(b->a, lc, "Rules", pb_one(b, rule));
	pb_set(b, r, "LifecycleConfiguration", lc);
}

/* BUCKET's policy: STATEMENTS, then a Deny of every S3 action without TLS,
 * in the form AWS documents, so that no S3 action escapes it. */
static struct p_res *bucket_policy(struct pb *b, const char *id, const char *part, const char *bucket,
				   struct pv *statements)
{
	struct p_res *bp = pb_res(b, id, PT_S3_BUCKET_POLICY, part);
	pb_set(b, bp, "Bucket", pv_ref(b->a, bucket, PA_NAME));
	struct pv *deny = pv_map(b->a);
	pv_set(b->a, deny, "Sid", S(b, "DenyInsecureTransport"));
	pv_set(b->a, deny, "Effect", S(b, "Deny"));
	pv_set(b->a, deny, "Principal", S(b, "*"));
	pv_set(b->a, deny, "Action", S(b, "s3:*"));
	pv_set(b->a, deny, "Resource", bucket_and_objects(b, bucket));
	pv_set(b->a, deny, "Condition", pb_tls_only(b));
	pv_push(b->a, statements, deny);
	pb_set(b, bp, "PolicyDocument", pb_document(b, statements));
	return bp;
}

/* The server access logs of the audit bucket (who read or wrote the
 * trail), in a bucket of their own under access/. S3 delivers them as
 * logging.s3.amazonaws.com, which the bucket policy lets write there for
 * the audit bucket of this account only; a log bucket may not use SSE-KMS
 * by default, so it has SSE-S3 (S3 User Guide, "Enabling Amazon S3 server
 * access logging"). Returns the logging configuration of the audit bucket. */
static struct pv *access_logs(struct pb *b, const struct m_bus *bus, const char **policy_id)
{
	const char *logs = pb_id_of(b, &bus->c, "AuditAccessLogBucket");
	struct p_res *r = pb_res(b, logs, PT_S3_BUCKET, "AuditAccessLogBucket");
	struct pv *def = pv_map(b->a), *rule = pv_map(b->a), *enc = pv_map(b->a);
	pv_set(b->a, def, "SSEAlgorithm", S(b, "AES256"));
	pv_set(b->a, rule, "ServerSideEncryptionByDefault", def);
	pv_set(b->a, enc, "ServerSideEncryptionConfiguration", pb_one(b, rule));
	pb_set(b, r, "BucketEncryption", enc);
	pb_set(b, r, "BucketName", bucket_name(b, F(b, "%s-audit-logs", bus->c.name)));
	expire(b, r, bus, "expire-access-logs", false);
	private_bucket(b, r);

	struct pv *objects = pv_join(b->a);
	pv_part(b->a, objects, pv_ref(b->a, logs, PA_ARN));
	pv_lit(b->a, objects, "/access/*");
	/* the audit bucket by the ARN its name makes, not a reference: the
	 * audit bucket waits for this policy */
	struct pv *source = pv_join(b->a);
	pv_lit(b->a, source, "arn:");
	pv_part(b->a, source, pv_pseudo(b->a, PP_PARTITION));
	pv_lit(b->a, source, ":s3:::");
	pv_part(b->a, source, bucket_name(b, F(b, "%s-audit", bus->c.name)));
	struct pv *cond = pb_condition(b, "ArnLike", "aws:SourceArn", source);
	struct pv *acct = pv_map(b->a);
	pv_set(b->a, acct, "aws:SourceAccount", pv_pseudo(b->a, PP_ACCOUNT_ID));
	pv_set(b->a, cond, "StringEquals", acct);
	struct pv *st = pv_list(b->a);
	pv_push(b->a, st, pb_statement(b, "S3ServerAccessLogs", pb_service(b, "logging.s3.amazonaws.com"),
				       pv_strings(b->a, (const char *const[]){ "s3:PutObject", NULL }),
				       pb_one(b, objects), cond));
	*policy_id = pb_id_of(b, &bus->c, "AuditAccessLogBucketPolicy");
	bucket_policy(b, *policy_id, "AuditAccessLogBucketPolicy", logs, st);

	struct pv *lc = pv_map(b->a);
	pv_set(b->a, lc, "DestinationBucketName", pv_ref(b->a, logs, PA_NAME));
	pv_set(b->a, lc, "LogFilePrefix", S(b, "access/"));
	return lc;
}

static void audit_bucket(struct pb *b, const struct m_bus *bus, const char *bucket)
{
	const struct m_key *key = bus->audit_key;
	const char *log_policy;
	struct pv *logging = access_logs(b, bus, &log_policy);
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
	pb_set(b, r, "BucketName", bucket_name(b, F(b, "%s-audit", bus->c.name)));
	expire(b, r, bus, "expire-audit-events", true);
	pb_set(b, r, "LoggingConfiguration", logging);
	private_bucket(b, r);
	struct pv *ver = pv_map(b->a);
	pv_set(b->a, ver, "Status", S(b, "Enabled"));
	pb_set(b, r, "VersioningConfiguration", ver);
	/* logs flow from the first request: the log bucket lets S3 write first */
	plan_depend(b->p, r, log_policy);

	bucket_policy(b, pb_id_of(b, &bus->c, "AuditBucketPolicy"), "AuditBucketPolicy", bucket, pv_list(b->a));
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

void plan_audit(struct pb *b, const struct m_bus *bus)
{
	const char *bucket = pb_id_of(b, &bus->c, "AuditBucket"), *stream = pb_id_of(b, &bus->c, "AuditStream");
	audit_bucket(b, bus, bucket);
	audit_stream(b, bus, bucket, stream);
	audit_rule(b, bus, stream);
}
