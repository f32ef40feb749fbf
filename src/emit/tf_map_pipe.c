/* tf_map_pipe.c - a pipe as the provider's aws_pipes_pipe: AWS's
 * properties become its nested blocks (source_parameters,
 * target_parameters, log_configuration), arguments as the provider
 * documents them. */
#include "tf_priv.h"

#include <string.h>

/* The map under KEY of V; where environments differ in shape, the first
 * environment's that has one (the leaves still vary). */
static const struct pv *sub(const struct pv *v, const char *key)
{
	if (v && v->kind == PV_ENVS) {
		for (size_t k = 0; k < v->items.n; k++)
			if (v->items.items[k])
				return sub(v->items.items[k], key);
		return NULL;
	}
	return v && v->kind == PV_MAP ? pv_get(v, key) : NULL;
}

/* NAME = V, V's variable named after PATH and NAME. */
static void arg(struct tf *t, struct hcl_body *b, const char *name, const struct pv *v, const char *path)
{
	tf_arg(t, b, name, v, path);
}

static void sqs_source(struct tf *t, struct hcl_body *sp, const struct pv *q, const char *path)
{
	struct hcl_body *b = hcl_block(t->a, sp, "sqs_queue_parameters", NULL);
	arg(t, b, "batch_size", sub(q, "BatchSize"), path);
	arg(t, b, "maximum_batching_window_in_seconds", sub(q, "MaximumBatchingWindowInSeconds"), path);
}

static void stream_source(struct tf *t, struct hcl_body *sp, const char *block, const struct pv *d,
			  const char *path)
{
	struct hcl_body *b = hcl_block(t->a, sp, block, NULL);
	arg(t, b, "starting_position", sub(d, "StartingPosition"), path);
	arg(t, b, "batch_size", sub(d, "BatchSize"), path);
	arg(t, b, "maximum_batching_window_in_seconds", sub(d, "MaximumBatchingWindowInSeconds"), path);
	arg(t, b, "maximum_record_age_in_seconds", sub(d, "MaximumRecordAgeInSeconds"), path);
	arg(t, b, "maximum_retry_attempts", sub(d, "MaximumRetryAttempts"), path);
	arg(t, b, "on_partial_batch_item_failure", sub(d, "OnPartialBatchItemFailure"), path);
	arg(t, b, "parallelization_factor", sub(d, "ParallelizationFactor"), path);
	const struct pv *dl = sub(d, "DeadLetterConfig");
	if (dl)
		arg(t, hcl_block(t->a, b, "dead_letter_config", NULL), "arn", sub(dl, "Arn"), path);
}

static void source_parameters(struct tf *t, struct hcl_body *b, const struct pv *sp, const char *path)
{
	if (!sp)
		return;
	struct hcl_body *s = hcl_block(t->a, b, "source_parameters", NULL);
	if (sub(sp, "SqsQueueParameters"))
		sqs_source(t, s, sub(sp, "SqsQueueParameters"), path);
	if (sub(sp, "DynamoDBStreamParameters"))
		stream_source(t, s, "dynamodb_stream_parameters", sub(sp, "DynamoDBStreamParameters"), path);
	if (sub(sp, "KinesisStreamParameters"))
		stream_source(t, s, "kinesis_stream_parameters", sub(sp, "KinesisStreamParameters"), path);
	const struct pv *filters = sub(sub(sp, "FilterCriteria"), "Filters");
	if (!filters || filters->kind != PV_LIST)
		return;
	struct hcl_body *fc = hcl_block(t->a, s, "filter_criteria", NULL);
	for (size_t i = 0; i < filters->items.n; i++)
		arg(t, hcl_block(t->a, fc, "filter", NULL), "pattern", sub(filters->items.items[i], "Pattern"),
		    arena_printf(t->a, "%s_filter%zu", path, i + 1));
}

static void target_parameters(struct tf *t, struct hcl_body *b, const struct pv *tp, const char *path)
{
	if (!tp)
		return;
	struct hcl_body *p = hcl_block(t->a, b, "target_parameters", NULL);
	arg(t, p, "input_template", sub(tp, "InputTemplate"), path);
	const struct pv *x;
	if ((x = sub(tp, "StepFunctionStateMachineParameters")))
		arg(t, hcl_block(t->a, p, "step_function_state_machine_parameters", NULL), "invocation_type",
		    sub(x, "InvocationType"), path);
	if ((x = sub(tp, "LambdaFunctionParameters")))
		arg(t, hcl_block(t->a, p, "lambda_function_parameters", NULL), "invocation_type",
		    sub(x, "InvocationType"), path);
	if ((x = sub(tp, "SqsQueueParameters")))
		arg(t, hcl_block(t->a, p, "sqs_queue_parameters", NULL), "message_group_id", sub(x, "MessageGroupId"),
		    path);
	if ((x = sub(tp, "EventBridgeEventBusParameters"))) {
		struct hcl_body *e = hcl_block(t->a, p, "eventbridge_event_bus_parameters", NULL);
		arg(t, e, "detail_type", sub(x, "DetailType"), path);
		arg(t, e, "source", sub(x, "Source"), path);
	}
}

void tf_pipe(struct tf *t, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	struct hcl_body *b = tf_block(t, r);
	arg(t, b, "name", pv_get(r->props, "Name"), local);
	arg(t, b, "description", pv_get(r->props, "Description"), local);
	arg(t, b, "desired_state", pv_get(r->props, "DesiredState"), local);
	arg(t, b, "role_arn", pv_get(r->props, "RoleArn"), local);
	arg(t, b, "source", pv_get(r->props, "Source"), local);
	arg(t, b, "enrichment", pv_get(r->props, "Enrichment"), local);
	arg(t, b, "target", pv_get(r->props, "Target"), local);
	arg(t, b, "kms_key_identifier", pv_get(r->props, "KmsKeyIdentifier"), local);
	hcl_attr(t->a, b, "tags", tf_tags(t));
	const struct pv *ep = pv_get(r->props, "EnrichmentParameters");
	if (ep)
		arg(t, hcl_block(t->a, b, "enrichment_parameters", NULL), "input_template", sub(ep, "InputTemplate"), local);
	source_parameters(t, b, pv_get(r->props, "SourceParameters"), local);
	target_parameters(t, b, pv_get(r->props, "TargetParameters"), local);
	const struct pv *lc = pv_get(r->props, "LogConfiguration");
	struct hcl_body *l = hcl_block(t->a, b, "log_configuration", NULL);
	arg(t, l, "level", sub(lc, "Level"), local);
	arg(t, hcl_block(t->a, l, "cloudwatch_logs_log_destination", NULL), "log_group_arn",
	    sub(sub(lc, "CloudwatchLogsLogDestination"), "LogGroupArn"), local);
	/* the role's policy is a resource of its own here: the pipe waits for it */
	struct hcl_expr *deps = hcl_list(t->a);
	for (size_t i = 0; i < r->depends.n; i++) {
		const struct p_res *d = plan_find(t->p, r->depends.items[i]);
		if (d && d->type == PT_IAM_ROLE && pv_get(d->props, "Policies"))
			hcl_push(t->a, deps, hcl_raw(t->a, "aws_iam_role_policy.%s", tf_local(t, d)));
		else if (d)
			hcl_push(t->a, deps, hcl_raw(t->a, "%s", tf_address(t, d)));
	}
	if (r->depends.n)
		hcl_attr(t->a, b, "depends_on", deps);
}
