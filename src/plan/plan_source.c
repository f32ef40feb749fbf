/* plan_source.c - Kinesis data streams; a function's event source mapping
 * (an SQS queue, a table's DynamoDB stream or a Kinesis stream, with its
 * filters and on-failure destination) and its asynchronous invocation
 * settings (EventInvokeConfig). Property names are those of
 * AWS::Kinesis::Stream, AWS::Lambda::EventSourceMapping and
 * AWS::Lambda::EventInvokeConfig, in the order AWS documents them. */
#include "plan_priv.h"

#include <string.h>

/* FilterCriteria: each filter a pattern, as JSON text (the Filter type's
 * Pattern is a string). */
static struct pv *filter_criteria(struct pb *b, const struct m_function *f)
{
	struct pv *list = pv_list(b->a), *fc = pv_map(b->a);
	for (size_t i = 0; i < f->n_filters; i++) {
		struct pv *one = pv_map(b->a);
		pv_set(b->a, one, "Pattern", pv_doc(b->a, pv_from_json(b->a, f->filters[i]), true));
		pv_push(b->a, list, one);
	}
	pv_set(b->a, fc, "Filters", list);
	return fc;
}

/* { OnFailure: { Destination: ARN } } */
static struct pv *destination(struct pb *b, const char *key, const struct m_comp *d, struct pv *into)
{
	struct pv *out = into ? into : pv_map(b->a), *dest = pv_map(b->a);
	pv_set(b->a, dest, "Destination", d->kind == MK_FUNCTION ? pb_function_target(b, (const struct m_function *)d)
		: pb_comp_arn(b, d));
	pv_set(b->a, out, key, dest);
	return out;
}

/* The options only a stream source has, between BatchSize and the
 * function's name. */
static void stream_options(struct pb *b, struct p_res *e, const struct m_function *f)
{
	if (f->bisect_on_error)
		pb_set(b, e, "BisectBatchOnFunctionError", B(b, true));
	if (f->on_failure)
		pb_set(b, e, "DestinationConfig", destination(b, "OnFailure", f->on_failure, NULL));
}

void plan_event_source(struct pb *b, const struct m_function *f, const char *role)
{
	bool stream = f->source->kind != MK_QUEUE, table = f->source->kind == MK_TABLE;
	struct p_res *e = pb_res(b, pb_id_of(b, &f->c, "EventSource"), PT_LAMBDA_ESM, "EventSource");
	pb_set(b, e, "BatchSize", I(b, f->batch_size));
	if (stream)
		stream_options(b, e, f);
	pb_set(b, e, "Enabled", B(b, true));
	pb_set(b, e, "EventSourceArn", table ? pb_comp_attr(b, f->source, MA_STREAM_ARN) : pb_comp_arn(b, f->source));
	if (f->n_filters)
		pb_set(b, e, "FilterCriteria", filter_criteria(b, f));
	pb_set(b, e, "FunctionName", pb_function_target(b, f));
	if (f->partial_failures)
		pb_set(b, e, "FunctionResponseTypes", pb_one(b, S(b, "ReportBatchItemFailures")));
	if (f->batching_window_s)
		pb_set(b, e, "MaximumBatchingWindowInSeconds", I(b, f->batching_window_s));
	if (stream && f->max_record_age_s != -2)
		pb_set(b, e, "MaximumRecordAgeInSeconds", I(b, f->max_record_age_s));
	if (stream && f->max_retries != -2)
		pb_set(b, e, "MaximumRetryAttempts", I(b, f->max_retries));
	if (f->parallelization)
		pb_set(b, e, "ParallelizationFactor", I(b, f->parallelization));
	if (f->max_concurrency) {
		struct pv *sc = pv_map(b->a);
		pv_set(b->a, sc, "MaximumConcurrency", I(b, f->max_concurrency));
		pb_set(b, e, "ScalingConfig", sc);
	}
	if (stream)
		pb_set(b, e, "StartingPosition", S(b, f->starting_position));
	pb_set(b, e, "Tags", pb_tags(b));
	/* the role must hold its read grants before the mapping polls */
	plan_depend(b->p, e, role);
}

/* What Lambda does with the function's asynchronous invocations, on the
 * version that serves them: the live alias where the function keeps
 * provisioned concurrency (what topics and rules invoke), else $LATEST. */
void plan_async(struct pb *b, const struct m_function *f, const char *role)
{
	const struct m_async *as = f->async;
	struct p_res *r = pb_res(b, pb_id_of(b, &f->c, "EventInvokeConfig"), PT_LAMBDA_EVENT_INVOKE_CONFIG,
				 "EventInvokeConfig");
	struct pv *dc = NULL;
	if (as->on_failure)
		dc = destination(b, "OnFailure", as->on_failure, dc);
	if (as->on_success)
		dc = destination(b, "OnSuccess", as->on_success, dc);
	if (dc)
		pb_set(b, r, "DestinationConfig", dc);
	pb_set(b, r, "FunctionName", pv_ref(b->a, pb_id(b, &f->c), PA_NAME));
	if (as->max_event_age_s >= 0)
		pb_set(b, r, "MaximumEventAgeInSeconds", I(b, as->max_event_age_s));
	if (as->max_retries >= 0)
		pb_set(b, r, "MaximumRetryAttempts", I(b, as->max_retries));
	bool live = f->provisioned_concurrency > 0;
	pb_set(b, r, "Qualifier", S(b, live ? "live" : "$LATEST"));
	if (live)
		plan_depend(b->p, r, pb_id_of(b, &f->c, "Alias"));
	/* Lambda checks that the role may deliver to the destinations */
	plan_depend(b->p, r, role);
}

/* SNS invokes a function asynchronously, and what Lambda still fails
 * after its retries is dropped unless it has somewhere to go; sema marks
 * the functions a topic subscribes. */
bool plan_function_has_dlq(const struct m_function *f)
{
	return f->sns_invoked || (f->async && f->async->dlq);
}

/* A Kinesis data stream, encrypted under the pattern's key
 * (AWS::Kinesis::Stream's StreamEncryption). */
void plan_stream(struct pb *b, const struct m_stream *st)
{
	const char *h = names_snake(b->a, st->c.name);
	struct p_res *r = pb_res(b, pb_id(b, &st->c), PT_KINESIS_STREAM, "");
	pb_set(b, r, "Name", pb_comp_name(b, &st->c));
	pb_set(b, r, "RetentionPeriodHours", pv_hint(b->a, I(b, st->retention_hours), F(b, "%s_retention_hours", h)));
	if (st->provisioned)
		pb_set(b, r, "ShardCount", pv_hint(b->a, I(b, st->shards), F(b, "%s_shard_count", h)));
	if (st->key) {
		struct pv *enc = pv_map(b->a);
		pv_set(b->a, enc, "EncryptionType", S(b, "KMS"));
		pv_set(b->a, enc, "KeyId", pb_key_arn(b, st->key));
		pb_set(b, r, "StreamEncryption", enc);
	}
	struct pv *mode = pv_map(b->a);
	pv_set(b->a, mode, "StreamMode", S(b, st->provisioned ? "PROVISIONED" : "ON_DEMAND"));
	pb_set(b, r, "StreamModeDetails", mode);
	pb_set(b, r, "Tags", pb_tags(b));
}
