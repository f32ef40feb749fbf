/* plan_pipe.c - a pipe becomes an AWS::Pipes::Pipe with its log group and
 * execution role. Property names are those of the AWS::Pipes::Pipe
 * resource schema; what the role may do is iam.c's (iam_pipe_role). */
#include "plan_priv.h"

#include <string.h>

/* arn:PARTITION:pipes:REGION:ACCOUNT:pipe/NAME, built from the name: the
 * role's trust policy names the pipe, which refers to the role. */
static struct pv *pipe_arn(struct pb *b, const struct m_pipe *p)
{
	return pb_arn(b, "pipes", "pipe/", pb_comp_name(b, &p->c), NULL);
}

/* What is sent to or called: a function through its alias where it has one. */
static struct pv *call_arn(struct pb *b, const struct m_comp *c)
{
	return c->kind == MK_FUNCTION ? pb_function_target(b, (const struct m_function *)c) : pb_comp_arn(b, c);
}

static struct pv *stream_parameters(struct pb *b, const struct m_pipe *p)
{
	struct pv *d = pv_map(b->a);
	if (p->batch_size)
		pv_set(b->a, d, "BatchSize", I(b, p->batch_size));
	if (p->dlq) {
		struct pv *dl = pv_map(b->a);
		pv_set(b->a, dl, "Arn", pb_comp_arn(b, &p->dlq->c));
		pv_set(b->a, d, "DeadLetterConfig", dl);
	}
	if (p->batching_window_s >= 0)
		pv_set(b->a, d, "MaximumBatchingWindowInSeconds", I(b, p->batching_window_s));
	if (p->max_record_age_s >= 0)
		pv_set(b->a, d, "MaximumRecordAgeInSeconds", I(b, p->max_record_age_s));
	if (p->max_retries >= 0)
		pv_set(b->a, d, "MaximumRetryAttempts", I(b, p->max_retries));
	if (p->bisect_on_error)
		pv_set(b->a, d, "OnPartialBatchItemFailure", S(b, "AUTOMATIC_BISECT"));
	if (p->parallelization)
		pv_set(b->a, d, "ParallelizationFactor", I(b, p->parallelization));
	pv_set(b->a, d, "StartingPosition", S(b, p->starting_position == PIPE_START_LATEST ? "LATEST" : "TRIM_HORIZON"));
	return d;
}

static struct pv *source_parameters(struct pb *b, const struct m_pipe *p)
{
	struct pv *sp = pv_map(b->a);
	if (p->source->kind == MK_TABLE) {
		pv_set(b->a, sp, "DynamoDBStreamParameters", stream_parameters(b, p));
	} else if (p->source->kind == MK_STREAM) {
		pv_set(b->a, sp, "KinesisStreamParameters", stream_parameters(b, p));
	} else {
		struct pv *q = pv_map(b->a);
		if (p->batch_size)
			pv_set(b->a, q, "BatchSize", I(b, p->batch_size));
		if (p->batching_window_s >= 0)
			pv_set(b->a, q, "MaximumBatchingWindowInSeconds", I(b, p->batching_window_s));
		if (q->items.n)
			pv_set(b->a, sp, "SqsQueueParameters", q);
	}
	if (p->n_filters) {
		struct pv *filters = pv_list(b->a), *fc = pv_map(b->a);
		for (size_t i = 0; i < p->n_filters; i++) {
			struct pv *f = pv_map(b->a);
			pv_set(b->a, f, "Pattern", pv_doc(b->a, pv_from_json(b->a, p->filters[i]), true));
			pv_push(b->a, filters, f);
		}
		pv_set(b->a, fc, "Filters", filters);
		pv_set(b->a, sp, "FilterCriteria", fc);
	}
	return sp->items.n ? sp : NULL;
}

/* TargetParameters: how each kind of target is called. */
static struct pv *target_parameters(struct pb *b, const struct m_pipe *p)
{
	struct pv *tp = pv_map(b->a), *x = pv_map(b->a);
	const char *invocation = p->request_response ? "REQUEST_RESPONSE" : "FIRE_AND_FORGET";
	switch (p->target_kind) {
	case TGT_WORKFLOW:
		pv_set(b->a, x, "InvocationType", S(b, invocation));
		pv_set(b->a, tp, "StepFunctionStateMachineParameters", x);
		break;
	case TGT_FUNCTION:
		pv_set(b->a, x, "InvocationType", S(b, invocation));
		pv_set(b->a, tp, "LambdaFunctionParameters", x);
		break;
	case TGT_QUEUE:
		if (p->message_group_id) {
			pv_set(b->a, x, "MessageGroupId", S(b, p->message_group_id));
			pv_set(b->a, tp, "SqsQueueParameters", x);
		}
		break;
	case TGT_BUS:
		if (p->event_source || p->detail_type) {
			if (p->detail_type)
				pv_set(b->a, x, "DetailType", S(b, p->detail_type));
			if (p->event_source)
				pv_set(b->a, x, "Source", S(b, p->event_source));
			pv_set(b->a, tp, "EventBridgeEventBusParameters", x);
		}
		break;
	case TGT_TOPIC:
	case TGT_API: /* not a pipe's: sema takes workflow, bus, queue, function and topic */
		break;
	}
	if (p->input_template)
		pv_set(b->a, tp, "InputTemplate", S(b, p->input_template));
	return tp->items.n ? tp : NULL;
}

/* Pipes tag with a map (TagMap), not a list of Key and Value. */
static struct pv *tag_map(struct pb *b)
{
	struct pv *m = pv_map(b->a);
	const struct pv *list = pb_tags(b);
	for (size_t i = 0; i < list->items.n; i++) {
		const struct pv *kv = list->items.items[i];
		pv_set(b->a, m, pv_get(kv, "Key")->s, pv_get(kv, "Value"));
	}
	return m;
}

/* The pipe's own key: its filters and templates at rest, under the
 * pipe's encryption context ("Encrypting EventBridge Pipes data with AWS
 * KMS keys": kms:EncryptionContext:aws:pipes:arn). The key policy lets
 * the account's IAM policies grant the key; this role's grant is scoped
 * to the pipe. */
static void own_key_statements(struct pb *b, const struct m_pipe *p, struct pv *statements)
{
	static const char *const describe[] = { "kms:DescribeKey", NULL };
	static const char *const use[] = { "kms:Decrypt", "kms:GenerateDataKey", NULL };
	const char *kn = names_pascal(b->a, p->key->c.name);
	pv_push(b->a, statements, pb_statement(b, F(b, "DescribeKey%s", kn), NULL, pv_strings(b->a, describe),
					       pb_one(b, pb_key_arn(b, p->key)), NULL));
	pv_push(b->a, statements, pb_statement(b, F(b, "UseKey%sForPipe", kn), NULL, pv_strings(b->a, use),
		pb_one(b, pb_key_arn(b, p->key)),
		pb_condition(b, "ArnEquals", "kms:EncryptionContext:aws:pipes:arn", pipe_arn(b, p))));
}

static void log_configuration(struct pb *b, struct p_res *r, const char *lg, const struct m_pipe *p)
{
	struct pv *lc = pv_map(b->a), *cw = pv_map(b->a);
	pv_set(b->a, cw, "LogGroupArn", pv_ref(b->a, lg, PA_ARN));
	pv_set(b->a, lc, "CloudwatchLogsLogDestination", cw);
	pv_set(b->a, lc, "Level", S(b, p->log_level));
	pb_set(b, r, "LogConfiguration", lc);
}

void plan_pipe(struct pb *b, const struct m_pipe *p)
{
	if (!p->source || !p->target)
		return;
	const char *id = pb_id(b, &p->c), *lg = pb_id_of(b, &p->c, "LogGroup"), *role = pb_id_of(b, &p->c, "Role");
	struct pv *lgname = pv_join(b->a);
	pv_lit(b->a, lgname, "/aws/vendedlogs/pipes/");
	pv_part(b->a, lgname, pb_comp_name(b, &p->c));
	pb_log_group(b, lg, lgname, p->log_retention_days, p->key);

	struct iam_role ir;
	iam_pipe_role(b->a, p, &ir);
	struct pv *statements = pb_role_statements(b, &ir, lg);
	if (p->key)
		own_key_statements(b, p, statements);
	pb_role(b, role, "Role", "pipes.amazonaws.com", pipe_arn(b, p), F(b, "%s-pipe", p->c.name), statements,
		&ir.keys, F(b, "Execution role of pipe %s: its source, enrichment, target and logs", p->c.name));

	struct p_res *r = pb_res(b, id, PT_PIPE, "");
	pb_set(b, r, "Description", S(b, p->c.description ? p->c.description
		: F(b, "Pipe %s of pattern %s", p->c.name, b->m->name)));
	pb_set(b, r, "DesiredState", S(b, p->enabled ? "RUNNING" : "STOPPED"));
	if (p->enrich) {
		pb_set(b, r, "Enrichment", call_arn(b, p->enrich));
		if (p->enrich_template) {
			struct pv *ep = pv_map(b->a);
			pv_set(b->a, ep, "InputTemplate", S(b, p->enrich_template));
			pb_set(b, r, "EnrichmentParameters", ep);
		}
	}
	if (p->key)
		pb_set(b, r, "KmsKeyIdentifier", pb_key_arn(b, p->key));
	log_configuration(b, r, lg, p);
	pb_set(b, r, "Name", pb_comp_name(b, &p->c));
	pb_set(b, r, "RoleArn", pv_ref(b->a, role, PA_ARN));
	pb_set(b, r, "Source", p->source->kind == MK_TABLE ? pv_ref(b->a, pb_id(b, p->source), PA_STREAM_ARN)
							   : pb_comp_arn(b, p->source));
	pb_set(b, r, "SourceParameters", source_parameters(b, p));
	pb_set(b, r, "Tags", tag_map(b));
	pb_set(b, r, "Target", call_arn(b, p->target));
	pb_set(b, r, "TargetParameters", target_parameters(b, p));
	/* the role must hold its grants before the pipe polls its source */
	plan_depend(b->p, r, role);
}
