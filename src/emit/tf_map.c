/* tf_map.c - each plan resource type as hashicorp/aws resources: the
 * provider's names for AWS's properties, its nested blocks, and the
 * resources it splits one CloudFormation resource into (a bucket's
 * encryption and access block, a rule's targets, a role's policy, an
 * alias's provisioned concurrency). */
#include "tf_priv.h"

#include <string.h>

#include "names.h"

#define P(r, k) pv_get((r)->props, (k))

const char *tf_type(const struct p_res *r)
{
	static const char *const names[PT_COUNT] = {
		[PT_KMS_KEY] = "aws_kms_key", [PT_KMS_ALIAS] = "aws_kms_alias",
		[PT_EVENT_BUS] = "aws_cloudwatch_event_bus", [PT_EVENT_ARCHIVE] = "aws_cloudwatch_event_archive",
		[PT_EVENT_RULE] = "aws_cloudwatch_event_rule", [PT_SCHEMA_REGISTRY] = "aws_schemas_registry",
		[PT_SCHEMA] = "aws_schemas_schema", [PT_SCHEMA_DISCOVERER] = "aws_schemas_discoverer",
		[PT_S3_BUCKET] = "aws_s3_bucket", [PT_S3_BUCKET_POLICY] = "aws_s3_bucket_policy",
		[PT_FIREHOSE_STREAM] = "aws_kinesis_firehose_delivery_stream", [PT_IAM_ROLE] = "aws_iam_role",
		[PT_SQS_QUEUE] = "aws_sqs_queue", [PT_SQS_QUEUE_POLICY] = "aws_sqs_queue_policy",
		[PT_DYNAMODB_TABLE] = "aws_dynamodb_table", [PT_LOG_GROUP] = "aws_cloudwatch_log_group",
		[PT_LOG_STREAM] = "aws_cloudwatch_log_stream",
		[PT_LAMBDA_FUNCTION] = "aws_lambda_function", [PT_LAMBDA_VERSION] = "aws_lambda_function",
		[PT_LAMBDA_ALIAS] = "aws_lambda_alias", [PT_LAMBDA_ESM] = "aws_lambda_event_source_mapping",
		[PT_LAMBDA_PERMISSION] = "aws_lambda_permission", [PT_SNS_TOPIC] = "aws_sns_topic",
		[PT_SNS_SUBSCRIPTION] = "aws_sns_topic_subscription", [PT_SNS_TOPIC_POLICY] = "aws_sns_topic_policy",
		[PT_STATE_MACHINE] = "aws_sfn_state_machine", [PT_ALARM] = "aws_cloudwatch_metric_alarm",
		[PT_DASHBOARD] = "aws_cloudwatch_dashboard",
		[PT_LAMBDA_EVENT_INVOKE_CONFIG] = "aws_lambda_function_event_invoke_config",
		[PT_KINESIS_STREAM] = "aws_kinesis_stream",
		[PT_PIPE] = "aws_pipes_pipe",
		[PT_SCHEDULE] = "aws_scheduler_schedule", [PT_SCHEDULE_GROUP] = "aws_scheduler_schedule_group",
		[PT_EVENT_CONNECTION] = "aws_cloudwatch_event_connection",
		[PT_EVENT_API_DESTINATION] = "aws_cloudwatch_event_api_destination",
	};
	return names[r->type];
}

static bool part_is(const struct p_res *r, const char *part)
{
	return !strcmp(r->part, part);
}

/* Terraform's conventional snake_case names, by what the resource is for
 * its component: order_buffer, order_buffer_dlq, process_order_lambda. */
const char *tf_local(struct tf *t, const struct p_res *r)
{
	const char *base = r->comp ? names_snake(t->a, r->comp->name) : "pattern";
	enum m_kind kind = r->comp ? r->comp->kind : MK_COUNT;
	const char *suffix = "";
	switch (r->type) {
	case PT_SCHEMA:
	case PT_SCHEDULE_GROUP:
		return names_snake(t->a, r->peer);
	case PT_S3_BUCKET:
	case PT_S3_BUCKET_POLICY:
		suffix = !strncmp(r->part, "AuditAccessLog", 14) ? "_audit_access_logs" : "_audit";
		break;
	case PT_FIREHOSE_STREAM:
		suffix = "_audit";
		break;
	case PT_EVENT_RULE:
		suffix = part_is(r, "AuditRule") ? "_audit" : "";
		break;
	case PT_IAM_ROLE:
		suffix = part_is(r, "AuditStreamRole") ? "_audit_firehose" : part_is(r, "AuditRuleRole") ? "_audit_rule"
			: kind == MK_FUNCTION ? "_lambda" : kind == MK_WORKFLOW ? "_states" : kind == MK_PIPE ? "_pipe"
			: kind == MK_SCHEDULE ? "_scheduler" : "_rule";
		break;
	case PT_SQS_QUEUE:
		suffix = part_is(r, "AuditDeadLetterQueue") ? "_audit_dlq" : !part_is(r, "DeadLetterQueue") ? ""
			: kind == MK_RULE ? "_rule_dlq" : "_dlq";
		break;
	case PT_SQS_QUEUE_POLICY:
		suffix = part_is(r, "AuditDeadLetterQueuePolicy") ? "_audit_dlq" : !part_is(r, "DeadLetterQueuePolicy") ? ""
			: kind == MK_RULE ? "_rule_dlq" : "_dlq";
		break;
	case PT_LOG_GROUP:
		suffix = kind == MK_WORKFLOW ? "_states" : part_is(r, "AuditLogGroup") ? "_audit" : "";
		break;
	case PT_LOG_STREAM:
		suffix = "_audit";
		break;
	case PT_SNS_SUBSCRIPTION:
		return arena_printf(t->a, "%s_to_%s", base, names_snake(t->a, r->peer));
	case PT_LAMBDA_PERMISSION:
		return arena_printf(t->a, kind == MK_TOPIC ? "%s_to_%s" : "%s_%s", base, names_snake(t->a, r->peer));
	case PT_ALARM:
		return arena_printf(t->a, "%s_%s", base, names_snake(t->a, r->peer));
	case PT_DASHBOARD:
		return r->peer ? arena_printf(t->a, "main_%s", r->peer) : "main";
	default:
		break;
	}
	return arena_printf(t->a, "%s%s", base, suffix);
}

/* A resource block of R's own type and name, counted where R exists in
 * some environments only. */
static struct hcl_body *block_as(struct tf *t, const struct p_res *r, const char *type, const char *local)
{
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", type, local, NULL);
	const char *cond;
	struct hcl_expr *count = tf_count(t, r, &cond);
	if (count)
		hcl_attr(t->a, b, "count", count);
	return b;
}

static struct hcl_body *block(struct tf *t, const struct p_res *r)
{
	return block_as(t, r, tf_type(r), tf_local(t, r));
}

/* NAME = R's property KEY */
#define ARG(b, name, key) tf_arg(t, (b), (name), P(r, (key)), local)
#define SUB(b, name, v) tf_arg(t, (b), (name), (v), local)

static const char *local_of(struct tf *t, const struct p_res *r)
{
	return tf_local(t, r);
}

static struct hcl_body *sub_block(struct tf *t, struct hcl_body *b, const char *name)
{
	return hcl_block(t->a, b, name, NULL);
}

/* The first item of a list property. */
static const struct pv *first(const struct pv *list)
{
	return list && list->kind == PV_LIST && list->items.n ? list->items.items[0] : NULL;
}

static void tags(struct tf *t, struct hcl_body *b, const struct p_res *r)
{
	if (P(r, "Tags"))
		hcl_attr(t->a, b, "tags", tf_tags(t));
}

/* The plan's dependencies: a role's grants are its policy resource here. */
static void depends_on(struct tf *t, struct hcl_body *b, const struct p_res *r)
{
	if (!r->depends.n)
		return;
	struct hcl_expr *l = hcl_list(t->a);
	for (size_t i = 0; i < r->depends.n; i++) {
		const struct p_res *d = plan_find(t->p, r->depends.items[i]);
		if (!d)
			continue;
		if (d->type == PT_IAM_ROLE && P(d, "Policies"))
			hcl_push(t->a, l, hcl_raw(t->a, "aws_iam_role_policy.%s", tf_local(t, d)));
		else
			hcl_push(t->a, l, hcl_raw(t->a, "%s", tf_address(t, d)));
	}
	hcl_attr(t->a, b, "depends_on", l);
	hcl_last(b)->blank_before = true;
}

/* lifecycle { prevent_destroy = true } where some environment keeps the
 * data. Terraform takes only a literal there, so one module for every
 * environment cannot follow each environment's policy: the data is kept
 * wherever one environment keeps it, and a destroy or a replacement of
 * such a resource is refused in every environment (see the README). */
static void keep_data(struct tf *t, struct hcl_body *b, const struct p_res *r)
{
	bool keep = false;
	for (size_t k = 0; k < t->p->n_envs; k++) {
		const struct pv *d = pv_in_env(r->deletion, k);
		keep |= plan_present(r, k) && d && d->kind == PV_STR && !strcmp(d->s, "Retain");
	}
	if (!keep)
		return;
	hcl_attr(t->a, sub_block(t, b, "lifecycle"), "prevent_destroy", hcl_bool(t->a, true));
	hcl_last(b)->blank_before = true;
}

static void kms_key(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "description", "Description");
	ARG(b, "enable_key_rotation", "EnableKeyRotation");
	ARG(b, "deletion_window_in_days", "PendingWindowInDays");
	ARG(b, "policy", "KeyPolicy");
	tags(t, b, r);
	keep_data(t, b, r);
}

static void kms_alias(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "AliasName");
	ARG(b, "target_key_id", "TargetKeyId");
}

static void event_bus(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "Name");
	ARG(b, "description", "Description");
	ARG(b, "kms_key_identifier", "KmsKeyIdentifier");
	if (P(r, "DeadLetterConfig"))
		SUB(sub_block(t, b, "dead_letter_config"), "arn", pv_get(P(r, "DeadLetterConfig"), "Arn"));
	tags(t, b, r);
}

static void event_archive(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "ArchiveName");
	ARG(b, "description", "Description");
	ARG(b, "event_source_arn", "SourceArn");
	ARG(b, "kms_key_identifier", "KmsKeyIdentifier");
	ARG(b, "retention_days", "RetentionDays");
}

static void schema_registry(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "RegistryName");
	ARG(b, "description", "Description");
	tags(t, b, r);
}

static void schema(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "SchemaName");
	ARG(b, "registry_name", "RegistryName");
	ARG(b, "type", "Type");
	ARG(b, "description", "Description");
	ARG(b, "content", "Content");
	tags(t, b, r);
}

static void schema_discoverer(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "source_arn", "SourceArn");
	ARG(b, "description", "Description");
	tags(t, b, r);
}

/* A bucket is six resources in the provider: the bucket and one for each
 * of its configurations. */
static void s3_bucket(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "bucket", "BucketName");
	tags(t, b, r);
	keep_data(t, b, r);
	struct hcl_expr *id = hcl_raw(t->a, "%s.id", tf_address(t, r));
	const struct pv *enc = first(pv_get(P(r, "BucketEncryption"), "ServerSideEncryptionConfiguration"));
	if (enc) {
		struct hcl_body *e = block_as(t, r, "aws_s3_bucket_server_side_encryption_configuration", local);
		hcl_attr(t->a, e, "bucket", id);
		struct hcl_body *rule = sub_block(t, e, "rule");
		SUB(rule, "bucket_key_enabled", pv_get(enc, "BucketKeyEnabled"));
		struct hcl_body *def = sub_block(t, rule, "apply_server_side_encryption_by_default");
		const struct pv *d = pv_get(enc, "ServerSideEncryptionByDefault");
		SUB(def, "sse_algorithm", pv_get(d, "SSEAlgorithm"));
		SUB(def, "kms_master_key_id", pv_get(d, "KMSMasterKeyID"));
	}
	const struct pv *pab = P(r, "PublicAccessBlockConfiguration");
	if (pab) {
		struct hcl_body *p = block_as(t, r, "aws_s3_bucket_public_access_block", local);
		hcl_attr(t->a, p, "bucket", id);
		SUB(p, "block_public_acls", pv_get(pab, "BlockPublicAcls"));
		SUB(p, "block_public_policy", pv_get(pab, "BlockPublicPolicy"));
		SUB(p, "ignore_public_acls", pv_get(pab, "IgnorePublicAcls"));
		SUB(p, "restrict_public_buckets", pv_get(pab, "RestrictPublicBuckets"));
	}
	const struct pv *own = first(pv_get(P(r, "OwnershipControls"), "Rules"));
	if (own) {
		struct hcl_body *o = block_as(t, r, "aws_s3_bucket_ownership_controls", local);
		hcl_attr(t->a, o, "bucket", id);
		SUB(sub_block(t, o, "rule"), "object_ownership", pv_get(own, "ObjectOwnership"));
	}
	const struct pv *ver = P(r, "VersioningConfiguration");
	if (ver) {
		struct hcl_body *v = block_as(t, r, "aws_s3_bucket_versioning", local);
		hcl_attr(t->a, v, "bucket", id);
		SUB(sub_block(t, v, "versioning_configuration"), "status", pv_get(ver, "Status"));
	}
	const struct pv *log = P(r, "LoggingConfiguration");
	if (log) {
		struct hcl_body *l = block_as(t, r, "aws_s3_bucket_logging", local);
		hcl_attr(t->a, l, "bucket", id);
		SUB(l, "target_bucket", pv_get(log, "DestinationBucketName"));
		SUB(l, "target_prefix", pv_get(log, "LogFilePrefix"));
		depends_on(t, l, r); /* what the bucket waits for is for its logging */
	}
	const struct pv *lc = pv_get(P(r, "LifecycleConfiguration"), "Rules");
	if (lc) {
		struct hcl_body *l = block_as(t, r, "aws_s3_bucket_lifecycle_configuration", local);
		hcl_attr(t->a, l, "bucket", id);
		for (size_t i = 0; i < lc->items.n; i++) {
			const struct pv *x = lc->items.items[i];
			struct hcl_body *rule = sub_block(t, l, "rule");
			SUB(rule, "id", pv_get(x, "Id"));
			SUB(rule, "status", pv_get(x, "Status"));
			sub_block(t, rule, "filter");
			SUB(sub_block(t, rule, "expiration"), "days", pv_get(x, "ExpirationInDays"));
			const struct pv *nc = pv_get(x, "NoncurrentVersionExpiration");
			if (nc)
				SUB(sub_block(t, rule, "noncurrent_version_expiration"), "noncurrent_days",
				    pv_get(nc, "NoncurrentDays"));
		}
	}
}

static void s3_bucket_policy(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "bucket", "Bucket");
	ARG(b, "policy", "PolicyDocument");
}

/* A role's inline policy is a resource of its own in the provider. */
static void iam_role(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "RoleName");
	ARG(b, "description", "Description");
	ARG(b, "assume_role_policy", "AssumeRolePolicyDocument");
	tags(t, b, r);
	const struct pv *pol = first(P(r, "Policies"));
	if (pol) {
		struct hcl_body *p = block_as(t, r, "aws_iam_role_policy", local);
		SUB(p, "name", pv_get(pol, "PolicyName"));
		hcl_attr(t->a, p, "role", hcl_raw(t->a, "%s.id", tf_address(t, r)));
		SUB(p, "policy", pv_get(pol, "PolicyDocument"));
	}
}

static void firehose(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "DeliveryStreamName");
	hcl_attr(t->a, b, "destination", hcl_str(t->a, "extended_s3"));
	tags(t, b, r);
	const struct pv *enc = P(r, "DeliveryStreamEncryptionConfigurationInput");
	if (enc) {
		struct hcl_body *s = sub_block(t, b, "server_side_encryption");
		hcl_attr(t->a, s, "enabled", hcl_bool(t->a, true));
		SUB(s, "key_type", pv_get(enc, "KeyType"));
		SUB(s, "key_arn", pv_get(enc, "KeyARN"));
	}
	const struct pv *s3 = P(r, "ExtendedS3DestinationConfiguration");
	struct hcl_body *d = sub_block(t, b, "extended_s3_configuration");
	SUB(d, "role_arn", pv_get(s3, "RoleARN"));
	SUB(d, "bucket_arn", pv_get(s3, "BucketARN"));
	SUB(d, "prefix", pv_get(s3, "Prefix"));
	SUB(d, "error_output_prefix", pv_get(s3, "ErrorOutputPrefix"));
	SUB(d, "buffering_interval", pv_get(pv_get(s3, "BufferingHints"), "IntervalInSeconds"));
	SUB(d, "buffering_size", pv_get(pv_get(s3, "BufferingHints"), "SizeInMBs"));
	SUB(d, "compression_format", pv_get(s3, "CompressionFormat"));
	SUB(d, "kms_key_arn", pv_get(pv_get(pv_get(s3, "EncryptionConfiguration"), "KMSEncryptionConfig"), "AWSKMSKeyARN"));
	const struct pv *log = pv_get(s3, "CloudWatchLoggingOptions");
	if (log) {
		struct hcl_body *l = sub_block(t, d, "cloudwatch_logging_options");
		SUB(l, "enabled", pv_get(log, "Enabled"));
		SUB(l, "log_group_name", pv_get(log, "LogGroupName"));
		SUB(l, "log_stream_name", pv_get(log, "LogStreamName"));
	}
}

/* The name a target of rule R goes by: the component it delivers to. */
static const char *target_local(struct tf *t, const struct p_res *r, const struct pv *target)
{
	if (part_is(r, "AuditRule"))
		return tf_local(t, r);
	const struct pv *arn = pv_in_env(pv_get(target, "Arn"), 0);
	for (size_t k = 1; !arn && k < t->p->n_envs; k++)
		arn = pv_in_env(pv_get(target, "Arn"), k);
	const struct p_res *to = arn && arn->kind == PV_REF ? plan_find(t->p, arn->s) : NULL;
	return arena_printf(t->a, "%s_%s", tf_local(t, r), to && to->comp ? names_snake(t->a, to->comp->name) : "target");
}

static void event_target(struct tf *t, const struct p_res *r, const struct pv *x)
{
	const char *local = target_local(t, r, x);
	struct hcl_body *b = block_as(t, r, "aws_cloudwatch_event_target", local);
	hcl_attr(t->a, b, "rule", hcl_raw(t->a, "%s.name", tf_address(t, r)));
	SUB(b, "event_bus_name", P(r, "EventBusName"));
	SUB(b, "target_id", pv_get(x, "Id"));
	SUB(b, "arn", pv_get(x, "Arn"));
	SUB(b, "role_arn", pv_get(x, "RoleArn"));
	SUB(b, "input_path", pv_get(x, "InputPath"));
	const struct pv *it = pv_get(x, "InputTransformer");
	if (it) {
		struct hcl_body *i = sub_block(t, b, "input_transformer");
		SUB(i, "input_paths", pv_get(it, "InputPathsMap"));
		SUB(i, "input_template", pv_get(it, "InputTemplate"));
	}
	if (pv_get(x, "DeadLetterConfig"))
		SUB(sub_block(t, b, "dead_letter_config"), "arn", pv_get(pv_get(x, "DeadLetterConfig"), "Arn"));
	const struct pv *rp = pv_get(x, "RetryPolicy");
	if (rp) {
		struct hcl_body *p = sub_block(t, b, "retry_policy");
		SUB(p, "maximum_event_age_in_seconds", pv_get(rp, "MaximumEventAgeInSeconds"));
		SUB(p, "maximum_retry_attempts", pv_get(rp, "MaximumRetryAttempts"));
	}
	if (pv_get(x, "SqsParameters"))
		SUB(sub_block(t, b, "sqs_target"), "message_group_id", pv_get(pv_get(x, "SqsParameters"), "MessageGroupId"));
	const struct pv *hp = pv_get(x, "HttpParameters");
	if (hp) {
		struct hcl_body *h = sub_block(t, b, "http_target");
		SUB(h, "header_parameters", pv_get(hp, "HeaderParameters"));
		SUB(h, "query_string_parameters", pv_get(hp, "QueryStringParameters"));
	}
}

/* A rule's targets are resources of their own in the provider. */
static void event_rule(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "Name");
	ARG(b, "description", "Description");
	ARG(b, "event_bus_name", "EventBusName");
	ARG(b, "event_pattern", "EventPattern");
	ARG(b, "state", "State");
	tags(t, b, r);
	const struct pv *targets = P(r, "Targets");
	for (size_t i = 0; targets && i < targets->items.n; i++)
		event_target(t, r, targets->items.items[i]);
}

static void sqs_queue(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "QueueName");
	ARG(b, "fifo_queue", "FifoQueue");
	ARG(b, "visibility_timeout_seconds", "VisibilityTimeout");
	ARG(b, "message_retention_seconds", "MessageRetentionPeriod");
	ARG(b, "delay_seconds", "DelaySeconds");
	ARG(b, "max_message_size", "MaximumMessageSize");
	ARG(b, "receive_wait_time_seconds", "ReceiveMessageWaitTimeSeconds");
	ARG(b, "kms_master_key_id", "KmsMasterKeyId");
	ARG(b, "kms_data_key_reuse_period_seconds", "KmsDataKeyReusePeriodSeconds");
	ARG(b, "redrive_policy", "RedrivePolicy");
	tf_sqs_queue_data(t, b, r, local);
	tags(t, b, r);
	keep_data(t, b, r);
}

static void sqs_queue_policy(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	SUB(b, "queue_url", first(P(r, "Queues")));
	ARG(b, "policy", "PolicyDocument");
}

static void sns_topic_policy(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	SUB(b, "arn", first(P(r, "Topics")));
	ARG(b, "policy", "PolicyDocument");
}

static void dynamodb_table(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "TableName");
	ARG(b, "billing_mode", "BillingMode");
	ARG(b, "deletion_protection_enabled", "DeletionProtectionEnabled");
	tf_dynamodb_capacity(t, b, r, local);
	const struct pv *keys = P(r, "KeySchema");
	for (size_t i = 0; keys && i < keys->items.n; i++) {
		const struct pv *k = keys->items.items[i];
		SUB(b, !strcmp(pv_get(k, "KeyType")->s, "HASH") ? "hash_key" : "range_key", pv_get(k, "AttributeName"));
	}
	const struct pv *stream = P(r, "StreamSpecification");
	if (stream) {
		hcl_attr(t->a, b, "stream_enabled", hcl_bool(t->a, true));
		SUB(b, "stream_view_type", pv_get(stream, "StreamViewType"));
	}
	tags(t, b, r);
	const struct pv *defs = P(r, "AttributeDefinitions");
	for (size_t i = 0; defs && i < defs->items.n; i++) {
		struct hcl_body *a = sub_block(t, b, "attribute");
		SUB(a, "name", pv_get(defs->items.items[i], "AttributeName"));
		SUB(a, "type", pv_get(defs->items.items[i], "AttributeType"));
	}
	tf_dynamodb_indexes(t, b, r, local);
	SUB(sub_block(t, b, "point_in_time_recovery"), "enabled",
	    pv_get(P(r, "PointInTimeRecoverySpecification"), "PointInTimeRecoveryEnabled"));
	const struct pv *sse = P(r, "SSESpecification");
	if (sse) {
		struct hcl_body *s = sub_block(t, b, "server_side_encryption");
		SUB(s, "enabled", pv_get(sse, "SSEEnabled"));
		SUB(s, "kms_key_arn", pv_get(sse, "KMSMasterKeyId"));
	}
	const struct pv *ttl = P(r, "TimeToLiveSpecification");
	if (ttl) {
		struct hcl_body *s = sub_block(t, b, "ttl");
		SUB(s, "attribute_name", pv_get(ttl, "AttributeName"));
		SUB(s, "enabled", pv_get(ttl, "Enabled"));
	}
	keep_data(t, b, r);
}

static void log_group(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "LogGroupName");
	ARG(b, "retention_in_days", "RetentionInDays");
	ARG(b, "kms_key_id", "KmsKeyId");
	tags(t, b, r);
	keep_data(t, b, r);
}

static void log_stream(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "LogStreamName");
	ARG(b, "log_group_name", "LogGroupName");
}

/* Whether R's function has a version in some environment (the provider
 * publishes it with the function): the plan's versions are indexed once
 * (asking the whole plan for each function made the module's cost grow
 * with the square of its functions). */
static bool publishes(struct tf *t, const struct p_res *r)
{
	if (!t->published) {
		t->published = strmap_new(t->keep);
		for (size_t i = 0; i < t->p->resources.n; i++) {
			const struct p_res *v = t->p->resources.items[i];
			for (size_t k = 0; v->type == PT_LAMBDA_VERSION && v->comp && k < t->p->n_envs; k++)
				if (plan_present(v, k))
					strmap_put(t->published, v->comp->name, (void *)v->comp);
		}
	}
	return r->comp && strmap_get(t->published, r->comp->name) == r->comp;
}

/* V, with DEF where an environment lacks it. */
static const struct pv *or_default(struct tf *t, const struct pv *v, struct pv *def)
{
	if (!v)
		return def;
	if (v->kind != PV_ENVS)
		return v;
	struct pv *e = pv_list(t->a);
	e->kind = PV_ENVS;
	e->hint = v->hint;
	for (size_t k = 0; k < v->items.n; k++)
		pv_push(t->a, e, v->items.items[k] ? v->items.items[k] : def);
	return e;
}

/* A local code folder zipped by hashicorp/archive when Terraform plans
 * (one archive per folder, below the module's .code/, which the module's
 * .gitignore leaves out); returns the data source's name. */
static const char *code_archive(struct tf *t, const char *folder)
{
	const char *name = strmap_get(t->archives, folder);
	if (name)
		return name;
	char *local = arena_printf(t->keep, "code_%s", names_snake(t->a, folder));
	for (char *p = local; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= '0' && *p <= '9'))
			*p = '_';
	strmap_put(t->archives, folder, local);
	t->any_archive = true;
	struct hcl_body *d = hcl_block(t->a, t->main, "data", "archive_file", local, NULL);
	hcl_attr(t->a, d, "type", hcl_str(t->a, "zip"));
	struct hcl_expr *src = hcl_template(t->a), *zip = hcl_template(t->a);
	hcl_template_expr(t->a, src, hcl_raw(t->a, "path.module"));
	hcl_template_lit(t->a, src, arena_printf(t->a, "/%s", emit_code_folder(t->a, t->o, t->module, folder)));
	hcl_attr(t->a, d, "source_dir", src);
	hcl_template_expr(t->a, zip, hcl_raw(t->a, "path.module"));
	hcl_template_lit(t->a, zip, arena_printf(t->a, "/.code/%s.zip", local + 5));
	hcl_attr(t->a, d, "output_path", zip);
	return local;
}

static void lambda_function(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "function_name", "FunctionName");
	ARG(b, "description", "Description");
	ARG(b, "role", "Role");
	ARG(b, "runtime", "Runtime");
	ARG(b, "handler", "Handler");
	if (r->code_folder) {
		const char *zip = code_archive(t, r->code_folder);
		hcl_attr(t->a, b, "filename", hcl_raw(t->a, "data.archive_file.%s.output_path", zip));
		hcl_attr(t->a, b, "source_code_hash", hcl_raw(t->a, "data.archive_file.%s.output_base64sha256", zip));
	} else {
		SUB(b, "s3_bucket", pv_get(P(r, "Code"), "S3Bucket"));
		SUB(b, "s3_key", pv_get(P(r, "Code"), "S3Key"));
		SUB(b, "source_code_hash", r->code_hash);
	}
	ARG(b, "architectures", "Architectures");
	ARG(b, "timeout", "Timeout");
	ARG(b, "memory_size", "MemorySize");
	ARG(b, "reserved_concurrent_executions", "ReservedConcurrentExecutions");
	if (publishes(t, r))
		hcl_attr(t->a, b, "publish", hcl_bool(t->a, true));
	ARG(b, "kms_key_arn", "KmsKeyArn");
	tags(t, b, r);
	if (P(r, "DeadLetterConfig"))
		SUB(sub_block(t, b, "dead_letter_config"), "target_arn", pv_get(P(r, "DeadLetterConfig"), "TargetArn"));
	if (P(r, "EphemeralStorage"))
		SUB(sub_block(t, b, "ephemeral_storage"), "size", pv_get(P(r, "EphemeralStorage"), "Size"));
	SUB(sub_block(t, b, "tracing_config"), "mode", pv_get(P(r, "TracingConfig"), "Mode"));
	if (P(r, "Environment"))
		SUB(sub_block(t, b, "environment"), "variables", pv_get(P(r, "Environment"), "Variables"));
	const struct pv *lc = P(r, "LoggingConfig");
	struct hcl_body *l = sub_block(t, b, "logging_config");
	/* the provider requires a format; Lambda's own default is Text */
	SUB(l, "log_format", or_default(t, pv_get(lc, "LogFormat"), pv_str(t->a, "Text")));
	SUB(l, "log_group", pv_get(lc, "LogGroup"));
	SUB(l, "application_log_level", pv_get(lc, "ApplicationLogLevel"));
	depends_on(t, b, r);
}

/* An alias with provisioned concurrency is two resources in the provider. */
static void lambda_alias(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "Name");
	ARG(b, "description", "Description");
	ARG(b, "function_name", "FunctionName");
	ARG(b, "function_version", "FunctionVersion");
	const struct pv *pc = pv_get(P(r, "ProvisionedConcurrencyConfig"), "ProvisionedConcurrentExecutions");
	if (!pc)
		return;
	struct hcl_body *c = block_as(t, r, "aws_lambda_provisioned_concurrency_config", local);
	ARG(c, "function_name", "FunctionName");
	hcl_attr(t->a, c, "qualifier", tf_ref(t, r->id, PA_NAME));
	SUB(c, "provisioned_concurrent_executions", pc);
}

static void lambda_esm(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "event_source_arn", "EventSourceArn");
	ARG(b, "function_name", "FunctionName");
	ARG(b, "batch_size", "BatchSize");
	ARG(b, "maximum_batching_window_in_seconds", "MaximumBatchingWindowInSeconds");
	ARG(b, "function_response_types", "FunctionResponseTypes");
	ARG(b, "enabled", "Enabled");
	tf_stream_source_args(t, b, r);
	tags(t, b, r);
	if (P(r, "ScalingConfig"))
		SUB(sub_block(t, b, "scaling_config"), "maximum_concurrency",
		    pv_get(P(r, "ScalingConfig"), "MaximumConcurrency"));
	tf_source_blocks(t, b, r);
	depends_on(t, b, r);
}

struct hcl_body *tf_block(struct tf *t, const struct p_res *r)
{
	return block(t, r);
}

void tf_depends_on(struct tf *t, struct hcl_body *b, const struct p_res *r)
{
	depends_on(t, b, r);
}

void tf_keep_data(struct tf *t, struct hcl_body *b, const struct p_res *r)
{
	keep_data(t, b, r);
}

/* The provider names the function and the alias apart: FunctionName's
 * reference to an alias becomes the function's name and a qualifier. */
static struct pv *qualifier_of(struct tf *t, const struct pv *fn, struct pv **function)
{
	if (fn->kind == PV_ENVS) {
		struct pv *q = pv_list(t->a), *f = NULL;
		q->kind = PV_ENVS;
		for (size_t k = 0; k < fn->items.n; k++) {
			const struct pv *x = fn->items.items[k];
			struct pv *fk = NULL;
			pv_push(t->a, q, x ? qualifier_of(t, x, &fk) : NULL);
			if (fk && !f)
				f = fk;
		}
		*function = f;
		return q;
	}
	const struct p_res *r = plan_find(t->p, fn->s);
	const char *fid = r && r->type == PT_LAMBDA_ALIAS ? names_logical_id(t->a, r->comp) : fn->s;
	*function = pv_ref(t->a, fid, PA_NAME);
	return r && r->type == PT_LAMBDA_ALIAS ? pv_ref(t->a, r->id, PA_NAME) : NULL;
}

static void lambda_permission(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	hcl_attr(t->a, b, "statement_id", hcl_str(t->a, local));
	ARG(b, "action", "Action");
	struct pv *function = NULL;
	struct pv *q = qualifier_of(t, P(r, "FunctionName"), &function);
	SUB(b, "function_name", function);
	if (q && q->kind == PV_ENVS) {
		/* an alias in some environments: its name there, none elsewhere */
		const char *cond = NULL;
		for (size_t k = 0; k < q->items.n && !cond; k++) {
			const struct pv *x = q->items.items[k];
			if (x)
				tf_count(t, plan_find(t->p, x->s), &cond);
		}
		const struct pv *x = NULL;
		for (size_t k = 0; k < q->items.n && !x; k++)
			x = q->items.items[k];
		if (x && cond)
			hcl_attr(t->a, b, "qualifier", hcl_raw(t->a, "%s ? %s : null", cond, tf_ref(t, x->s, x->attr)->text));
		else if (x)
			SUB(b, "qualifier", x);
	} else if (q) {
		SUB(b, "qualifier", q);
	}
	ARG(b, "principal", "Principal");
	ARG(b, "source_arn", "SourceArn");
}

static void sns_topic(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "name", "TopicName");
	ARG(b, "display_name", "DisplayName");
	ARG(b, "fifo_topic", "FifoTopic");
	ARG(b, "kms_master_key_id", "KmsMasterKeyId");
	tags(t, b, r);
}

static void sns_subscription(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "topic_arn", "TopicArn");
	ARG(b, "protocol", "Protocol");
	ARG(b, "endpoint", "Endpoint");
	ARG(b, "raw_message_delivery", "RawMessageDelivery");
	ARG(b, "filter_policy_scope", "FilterPolicyScope");
	ARG(b, "filter_policy", "FilterPolicy");
	ARG(b, "redrive_policy", "RedrivePolicy");
	depends_on(t, b, r);
}

static void alarm(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "alarm_name", "AlarmName");
	ARG(b, "alarm_description", "AlarmDescription");
	ARG(b, "comparison_operator", "ComparisonOperator");
	ARG(b, "evaluation_periods", "EvaluationPeriods");
	ARG(b, "metric_name", "MetricName");
	ARG(b, "namespace", "Namespace");
	ARG(b, "period", "Period");
	ARG(b, "statistic", "Statistic");
	ARG(b, "extended_statistic", "ExtendedStatistic");
	ARG(b, "threshold", "Threshold");
	ARG(b, "treat_missing_data", "TreatMissingData");
	ARG(b, "unit", "Unit");
	struct hcl_expr *dims = hcl_object(t->a);
	const struct pv *ds = P(r, "Dimensions");
	for (size_t i = 0; ds && i < ds->items.n; i++) {
		const struct pv *d = ds->items.items[i];
		const char *name = pv_get(d, "Name")->s;
		hcl_put(t->a, dims, name, tf_expr(t, pv_get(d, "Value"), arena_printf(t->a, "%s_%s", local,
											   names_snake(t->a, name))));
	}
	hcl_attr(t->a, b, "dimensions", dims);
	ARG(b, "alarm_actions", "AlarmActions");
	tags(t, b, r);
}

static void dashboard(struct tf *t, const struct p_res *r)
{
	const char *local = local_of(t, r);
	struct hcl_body *b = block(t, r);
	ARG(b, "dashboard_name", "DashboardName");
	ARG(b, "dashboard_body", "DashboardBody");
}

void tf_resource(struct tf *t, const struct p_res *r)
{
	static void (*const map[PT_COUNT])(struct tf *, const struct p_res *) = {
		[PT_KMS_KEY] = kms_key, [PT_KMS_ALIAS] = kms_alias, [PT_EVENT_BUS] = event_bus,
		[PT_EVENT_ARCHIVE] = event_archive, [PT_EVENT_RULE] = event_rule,
		[PT_SCHEMA_REGISTRY] = schema_registry, [PT_SCHEMA] = schema, [PT_SCHEMA_DISCOVERER] = schema_discoverer,
		[PT_S3_BUCKET] = s3_bucket, [PT_S3_BUCKET_POLICY] = s3_bucket_policy, [PT_FIREHOSE_STREAM] = firehose,
		[PT_IAM_ROLE] = iam_role, [PT_SQS_QUEUE] = sqs_queue, [PT_SQS_QUEUE_POLICY] = sqs_queue_policy,
		[PT_DYNAMODB_TABLE] = dynamodb_table, [PT_LOG_GROUP] = log_group, [PT_LOG_STREAM] = log_stream,
		[PT_LAMBDA_FUNCTION] = lambda_function, [PT_LAMBDA_ALIAS] = lambda_alias, [PT_LAMBDA_ESM] = lambda_esm,
		[PT_LAMBDA_PERMISSION] = lambda_permission, [PT_SNS_TOPIC] = sns_topic,
		[PT_SNS_SUBSCRIPTION] = sns_subscription, [PT_SNS_TOPIC_POLICY] = sns_topic_policy,
		[PT_STATE_MACHINE] = tf_state_machine, [PT_ALARM] = alarm, [PT_DASHBOARD] = dashboard,
		[PT_LAMBDA_EVENT_INVOKE_CONFIG] = tf_event_invoke_config, [PT_KINESIS_STREAM] = tf_kinesis_stream,
		[PT_PIPE] = tf_pipe,
		[PT_SCHEDULE] = tf_schedule, [PT_SCHEDULE_GROUP] = tf_schedule_group,
		[PT_EVENT_CONNECTION] = tf_event_connection, [PT_EVENT_API_DESTINATION] = tf_api_destination,
		/* PT_LAMBDA_VERSION: the provider publishes with the function */
	};
	if (map[r->type])
		map[r->type](t, r);
}
