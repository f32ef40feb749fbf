/* tf_map_source.c - the hashicorp/aws provider's arguments for what
 * plan_source.c plans: the stream options, on-failure destination and
 * filters of aws_lambda_event_source_mapping, and
 * aws_lambda_function_event_invoke_config. */
#include "tf_priv.h"

#define P(r, k) pv_get((r)->props, (k))

void tf_stream_source_args(struct tf *t, struct hcl_body *b, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	tf_arg(t, b, "starting_position", P(r, "StartingPosition"), local);
	tf_arg(t, b, "bisect_batch_on_function_error", P(r, "BisectBatchOnFunctionError"), local);
	tf_arg(t, b, "maximum_retry_attempts", P(r, "MaximumRetryAttempts"), local);
	tf_arg(t, b, "maximum_record_age_in_seconds", P(r, "MaximumRecordAgeInSeconds"), local);
	tf_arg(t, b, "parallelization_factor", P(r, "ParallelizationFactor"), local);
}

/* destination_config { on_failure { ARG = ... } on_success { ... } }: the
 * mapping names the ARN destination_arn, the invoke config destination. */
static void destination_config(struct tf *t, struct hcl_body *b, const struct pv *dc, const char *arg,
			       const char *local)
{
	if (!dc)
		return;
	struct hcl_body *d = hcl_block(t->a, b, "destination_config", NULL);
	static const char *const keys[] = { "OnFailure", "OnSuccess" }, *const blocks[] = { "on_failure", "on_success" };
	for (size_t i = 0; i < 2; i++) {
		const struct pv *x = pv_get(dc, keys[i]);
		if (x)
			tf_arg(t, hcl_block(t->a, d, blocks[i], NULL), arg, pv_get(x, "Destination"), local);
	}
}

void tf_source_blocks(struct tf *t, struct hcl_body *b, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	destination_config(t, b, P(r, "DestinationConfig"), "destination_arn", local);
	const struct pv *fc = P(r, "FilterCriteria");
	const struct pv *filters = fc ? pv_get(fc, "Filters") : NULL;
	if (!filters || filters->kind != PV_LIST)
		return;
	struct hcl_body *c = hcl_block(t->a, b, "filter_criteria", NULL);
	for (size_t i = 0; i < filters->items.n; i++)
		tf_arg(t, hcl_block(t->a, c, "filter", NULL), "pattern", pv_get(filters->items.items[i], "Pattern"),
		       local);
}

void tf_event_invoke_config(struct tf *t, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	struct hcl_body *b = tf_block(t, r);
	tf_arg(t, b, "function_name", P(r, "FunctionName"), local);
	tf_arg(t, b, "qualifier", P(r, "Qualifier"), local);
	tf_arg(t, b, "maximum_event_age_in_seconds", P(r, "MaximumEventAgeInSeconds"), local);
	tf_arg(t, b, "maximum_retry_attempts", P(r, "MaximumRetryAttempts"), local);
	destination_config(t, b, P(r, "DestinationConfig"), "destination", local);
	tf_depends_on(t, b, r);
}

/* aws_kinesis_stream: shard_count only in provisioned mode, where
 * stream_mode_details says so. */
void tf_kinesis_stream(struct tf *t, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	struct hcl_body *b = tf_block(t, r);
	tf_arg(t, b, "name", P(r, "Name"), local);
	tf_arg(t, b, "shard_count", P(r, "ShardCount"), local);
	tf_arg(t, b, "retention_period", P(r, "RetentionPeriodHours"), local);
	const struct pv *enc = P(r, "StreamEncryption");
	if (enc) {
		tf_arg(t, b, "encryption_type", pv_get(enc, "EncryptionType"), local);
		tf_arg(t, b, "kms_key_id", pv_get(enc, "KeyId"), local);
	}
	if (P(r, "Tags"))
		hcl_attr(t->a, b, "tags", tf_tags(t));
	const struct pv *mode = P(r, "StreamModeDetails");
	if (mode)
		tf_arg(t, hcl_block(t->a, b, "stream_mode_details", NULL), "stream_mode", pv_get(mode, "StreamMode"),
		       local);
	tf_keep_data(t, b, r);
}
