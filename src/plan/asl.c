/* asl.c - one ASL state machine per workflow. Keys are written in the
 * order the ASL specification lists them, so definitions read as people
 * write them; jansson keeps insertion order. */
#include "asl.h"
#include "jtext.h"

#include <stdlib.h>
#include <string.h>

#include "asl_priv.h"
#include "names.h"


json_t *asl_placeholder(struct asl *x, const struct m_comp *c, enum m_attr attr)
{
	const char *name = names_placeholder(x->a, c, attr);
	if (x->placeholders) {
		bool seen = false;
		for (size_t i = 0; i < x->placeholders->n && !seen; i++)
			seen = !strcmp(((struct asl_placeholder *)x->placeholders->items[i])->name, name);
		if (!seen) {
			struct asl_placeholder *p = arena_alloc(x->a, sizeof *p);
			p->name = name;
			p->comp = c;
			p->attr = attr;
			vec_push(x->a, x->placeholders, p);
		}
	}
	return json_string(arena_printf(x->a, "${%s}", name));
}


static const struct m_param *arg(const struct m_state *st, const char *key)
{
	for (size_t i = 0; st->args && i < st->args->n_children; i++)
		if (!strcmp(st->args->children[i].key, key))
			return &st->args->children[i];
	return NULL;
}

/* An argument as KEY, or DEFAULT_PATH as KEY.$ when the user gave none. */
static void put_arg(struct asl *x, json_t *params, const struct m_state *st, const char *key,
		    const char *asl_key, const char *default_path)
{
	const struct m_param *p = arg(st, key);
	if (p) {
		struct m_param renamed = *p;
		renamed.key = asl_key;
		asl_put_param(x, params, &renamed);
	} else if (default_path) {
		json_object_set_new(params, arena_printf(x->a, "%s.$", asl_key), json_string(default_path));
	}
}

/* With wait_for_token the token travels in the payload as taskToken:
 * beside the keys of a payload map, or beside the input under "input". A
 * payload that sets taskToken itself keeps its own (sema warns unless it
 * is $$.Task.Token), so no key is written twice. */
static json_t *token_payload(const struct m_state *st, struct asl *x, const char *key)
{
	json_t *o = json_object();
	const struct m_param *p = arg(st, key);
	if (p && p->kind == MP_MAP) {
		for (size_t i = 0; i < p->n_children; i++)
			asl_put_param(x, o, &p->children[i]);
	} else if (p) {
		struct m_param renamed = *p;
		renamed.key = "input";
		asl_put_param(x, o, &renamed);
	} else {
		json_object_set_new(o, "input.$", json_string("$"));
	}
	if (!json_object_get(o, "taskToken") && !json_object_get(o, "taskToken.$"))
		json_object_set_new(o, "taskToken.$", json_string("$$.Task.Token"));
	return o;
}


/* ---- tasks ---- */

static const char *task_resource(struct asl *x, const struct m_state *st)
{
	switch (st->action) {
	case TA_INVOKE: /* a plain one names the function: see direct_invoke */
		return st->wait_for_token ? "arn:aws:states:::lambda:invoke.waitForTaskToken"
					  : "arn:aws:states:::lambda:invoke";
	case TA_PUBLISH:
		return st->wait_for_token ? "arn:aws:states:::sns:publish.waitForTaskToken"
					  : "arn:aws:states:::sns:publish";
	case TA_SEND:
		return st->wait_for_token ? "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
					  : "arn:aws:states:::sqs:sendMessage";
	case TA_PUT_ITEM: return "arn:aws:states:::dynamodb:putItem";
	case TA_GET_ITEM: return "arn:aws:states:::dynamodb:getItem";
	case TA_EMIT: return "arn:aws:states:::events:putEvents";
	case TA_START_WORKFLOW:
		return st->sync ? "arn:aws:states:::states:startExecution.sync:2"
				: "arn:aws:states:::states:startExecution";
	case TA_CALL:
	case TA_UPDATE_ITEM:
	case TA_DELETE_ITEM:
	case TA_QUERY:
	case TA_API:
		break;
	}
	return asl_sdk_resource(x, st);
}

/* SNS MessageAttributes: {"amount": {"DataType": "Number", "StringValue.$":
 * "States.Format('{}', $.amount)"}}. Every value travels as a string; a
 * String.Array as its JSON text ("Amazon SNS message attribute data types"). */
static void put_message_attributes(struct asl *x, json_t *params, const struct m_param *a)
{
	if (!a || a->kind != MP_MAP || a->n_children == 0)
		return;
	json_t *o = json_object();
	for (size_t i = 0; i < a->n_children; i++) {
		const struct m_param *v = &a->children[i];
		const char *type = v->sns_type ? v->sns_type : "String";
		json_t *attr = json_object();
		json_object_set_new(attr, "DataType", json_string(type));
		if (v->kind == MP_PATH) {
			const char *value = !strcmp(type, "Number") ? arena_printf(x->a, "States.Format('{}', %s)", v->path)
				: !strcmp(type, "String.Array") ? arena_printf(x->a, "States.JsonToString(%s)", v->path)
				: v->path;
			json_object_set_new(attr, "StringValue.$", json_string(value));
		} else if (v->kind == MP_LITERAL && json_is_string(v->literal)) {
			json_object_set(attr, "StringValue", v->literal);
		} else if (v->kind == MP_LITERAL) {
			char *d = json_text(v->literal, JSON_ENCODE_ANY);
			json_object_set_new(attr, "StringValue", json_string(d ? d : ""));
			free(d);
		}
		json_object_set_new(o, v->key, attr);
	}
	json_object_set_new(params, "MessageAttributes", o);
}

static json_t *task_parameters(struct asl *x, const struct m_state *st)
{
	json_t *p = json_object();
	if (!st->target && st->action != TA_EMIT && st->action != TA_CALL && st->action != TA_API)
		return p;
	switch (st->action) {
	case TA_INVOKE:
		json_object_set_new(p, "FunctionName", asl_placeholder(x, st->target, MA_ARN));
		if (st->wait_for_token)
			json_object_set_new(p, "Payload", token_payload(st, x, "payload"));
		else
			put_arg(x, p, st, "payload", "Payload", "$");
		/* Lambda queues the event and answers at once ("Invoke" API) */
		if (st->async)
			json_object_set_new(p, "InvocationType", json_string("Event"));
		break;
	case TA_PUBLISH:
		json_object_set_new(p, "TopicArn", asl_placeholder(x, st->target, MA_ARN));
		if (st->wait_for_token)
			json_object_set_new(p, "Message", token_payload(st, x, "message"));
		else
			put_arg(x, p, st, "message", "Message", "$");
		put_arg(x, p, st, "subject", "Subject", NULL);
		put_message_attributes(x, p, arg(st, "attributes"));
		break;
	case TA_SEND:
		json_object_set_new(p, "QueueUrl", asl_placeholder(x, st->target, MA_URL));
		if (st->wait_for_token)
			json_object_set_new(p, "MessageBody", token_payload(st, x, "message"));
		else
			put_arg(x, p, st, "message", "MessageBody", "$");
		put_arg(x, p, st, "message_group_id", "MessageGroupId", NULL);
		break;
	case TA_PUT_ITEM:
	case TA_GET_ITEM: {
		const struct m_table *t = (const struct m_table *)st->target;
		json_object_set_new(p, "TableName", asl_placeholder(x, st->target, MA_NAME));
		const char *k = st->action == TA_PUT_ITEM ? "item" : "key";
		json_object_set_new(p, st->action == TA_PUT_ITEM ? "Item" : "Key", asl_dynamo_item(x, t, arg(st, k)));
		break;
	}
	case TA_EMIT: {
		json_t *entry = json_object();
		put_arg(x, entry, st, "detail", "Detail", "$");
		if (st->event) {
			json_object_set_new(entry, "DetailType", json_string(st->event->detail_type));
			json_object_set_new(entry, "Source", json_string(st->event->source ? st->event->source : ""));
		} else {
			/* emit on bus B: from the block, a path as "DetailType.$" */
			put_arg(x, entry, st, "detail_type", "DetailType", NULL);
			put_arg(x, entry, st, "source", "Source", NULL);
		}
		/* PutEvents takes a bus of another account or Region by its ARN */
		if (st->bus)
			json_object_set_new(entry, "EventBusName", asl_placeholder(x, &st->bus->c,
				st->bus->origin == BUS_EXISTING && st->bus->existing_is_arn ? MA_ARN : MA_NAME));
		json_t *entries = json_array();
		json_array_append_new(entries, entry);
		json_object_set_new(p, "Entries", entries);
		break;
	}
	case TA_START_WORKFLOW:
		json_object_set_new(p, "StateMachineArn", asl_placeholder(x, st->target, MA_ARN));
		put_arg(x, p, st, "input", "Input", "$");
		break;
	case TA_CALL:
	case TA_UPDATE_ITEM:
	case TA_DELETE_ITEM:
	case TA_QUERY:
	case TA_API:
		json_decref(p);
		return asl_sdk_parameters(x, st);
	}
	return p;
}

static void put_result_path(json_t *o, const char *path);

/* The Lambda errors AWS recommends that every Lambda task retries: the
 * service's transient errors and its throttling ("Handle Lambda service
 * exceptions", Step Functions developer guide). */
static const char *const lambda_transient[] = {
	"Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException",
	"Lambda.SdkClientException", "Lambda.TooManyRequestsException",
};
#define N_LAMBDA_TRANSIENT (sizeof lambda_transient / sizeof lambda_transient[0])

/* Whether a retrier of ST names ERROR, or a wildcard that matches it
 * (States.ALL; States.TaskFailed matches every task error but
 * States.Timeout). */
static bool retried(const struct m_state *st, const char *error)
{
	for (size_t i = 0; i < st->n_retries; i++)
		for (size_t k = 0; k < st->retries[i].n_errors; k++) {
			const char *e = st->retries[i].errors[k];
			if (!strcmp(e, error) || !strcmp(e, "States.ALL") || !strcmp(e, "States.TaskFailed"))
				return true;
		}
	return false;
}

/* The transient Lambda errors a Lambda task's own retries leave out: what
 * the default retrier, after the task's own, retries. None for other
 * states, or when the task's retries say how each is retried. */
static size_t lambda_uncovered(const struct m_state *st, const char **out)
{
	size_t n = 0;
	if (st->kind != ST_TASK || st->action != TA_INVOKE)
		return 0;
	for (size_t i = 0; i < N_LAMBDA_TRANSIENT; i++)
		if (!retried(st, lambda_transient[i]))
			out[n++] = lambda_transient[i];
	return n;
}

static json_t *string_array(const char *const *items, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

static json_t *retry_json(const struct m_retry *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "ErrorEquals", string_array(r->errors, r->n_errors));
	if (r->interval_s >= 0)
		json_object_set_new(o, "IntervalSeconds", json_integer(r->interval_s));
	if (r->max_attempts >= 0)
		json_object_set_new(o, "MaxAttempts", json_integer(r->max_attempts));
	if (r->backoff >= 0)
		json_object_set_new(o, "BackoffRate", json_real(r->backoff));
	if (r->max_delay_s >= 0)
		json_object_set_new(o, "MaxDelaySeconds", json_integer(r->max_delay_s));
	if (r->jitter)
		json_object_set_new(o, "JitterStrategy", json_string(r->jitter));
	return o;
}

/* The retrier AWS's page gives (2 s, 6 attempts, backoff 2), with full
 * jitter so that throttled tasks do not come back together. */
static json_t *lambda_retry(const char *const *errors, size_t n)
{
	json_t *o = json_object();
	json_object_set_new(o, "ErrorEquals", string_array(errors, n));
	json_object_set_new(o, "IntervalSeconds", json_integer(2));
	json_object_set_new(o, "MaxAttempts", json_integer(6));
	json_object_set_new(o, "BackoffRate", json_real(2.0));
	json_object_set_new(o, "JitterStrategy", json_string("FULL"));
	return o;
}

/* The task's retriers in order, then the default one for what they leave
 * out: a retrier of States.ALL, which must come last, covers everything. */
static void put_retry_catch(const struct m_state *st, json_t *o)
{
	const char *uncovered[N_LAMBDA_TRANSIENT];
	size_t n_uncovered = lambda_uncovered(st, uncovered);
	if (st->n_retries || n_uncovered) {
		json_t *r = json_array();
		for (size_t i = 0; i < st->n_retries; i++)
			json_array_append_new(r, retry_json(&st->retries[i]));
		if (n_uncovered)
			json_array_append_new(r, lambda_retry(uncovered, n_uncovered));
		json_object_set_new(o, "Retry", r);
	}
	if (st->n_catches) {
		json_t *c = json_array();
		for (size_t i = 0; i < st->n_catches; i++) {
			const struct m_catch *k = &st->catches[i];
			json_t *e = json_object();
			json_object_set_new(e, "ErrorEquals", string_array(k->errors, k->n_errors));
			put_result_path(e, k->result_path);
			json_object_set_new(e, "Next", json_string(k->next ? k->next->name : k->next_name));
			json_array_append_new(c, e);
		}
		json_object_set_new(o, "Catch", c);
	}
}

static void put_transition(const struct m_state *st, json_t *o)
{
	if (st->next)
		json_object_set_new(o, "Next", json_string(st->next->name));
	else
		json_object_set_new(o, "End", json_true());
}

static void put_string(json_t *o, const char *key, const char *val)
{
	if (val)
		json_object_set_new(o, key, json_string(val));
}

static void put_paths(const struct m_state *st, json_t *o, bool result)
{
	put_string(o, "InputPath", st->input_path);
	(void)result;
}

/* ResultPath "$" is ASL's default (the result replaces the input): it is
 * left out, as `result_path = $` asks for exactly that. */
static void put_result_path(json_t *o, const char *path)
{
	if (path && strcmp(path, "$") != 0)
		json_object_set_new(o, "ResultPath", json_string(path));
}

static void put_result_paths(struct asl *x, const struct m_state *st, json_t *o)
{
	if (st->result_selector)
		json_object_set_new(o, "ResultSelector", asl_param_map(x, st->result_selector));
	if (st->result_path_null)
		json_object_set_new(o, "ResultPath", json_null());
	else
		put_result_path(o, st->result_path);
	put_string(o, "OutputPath", st->output_path);
}

/* A plain invoke names the function in Resource (the Lambda integration
 * that takes the state's input as the event and returns the function's
 * own result, "Invoke Lambda with Step Functions"): the payload map is
 * the Parameters, a payload path joins the InputPath. */
static bool direct_invoke(const struct m_state *st)
{
	return st->action == TA_INVOKE && !st->wait_for_token && !st->async && st->target;
}

static const char *joined_path(struct asl *x, const char *outer, const char *inner)
{
	if (!outer || !strcmp(outer, "$"))
		return inner;
	return arena_printf(x->a, "%s%s", outer, inner + 1);
}

static void put_invoke_input(struct asl *x, const struct m_state *st, json_t *o)
{
	const struct m_param *p = arg(st, "payload");
	if (st->parameters) {
		put_string(o, "InputPath", st->input_path);
		json_object_set_new(o, "Resource", asl_placeholder(x, st->target, MA_ARN));
		json_object_set_new(o, "Parameters", asl_param_map(x, st->parameters));
		return;
	}
	if (p && p->kind == MP_PATH)
		put_string(o, "InputPath", joined_path(x, st->input_path, p->path));
	else
		put_string(o, "InputPath", st->input_path);
	json_object_set_new(o, "Resource", asl_placeholder(x, st->target, MA_ARN));
	if (p && p->kind == MP_MAP)
		json_object_set_new(o, "Parameters", asl_param_map(x, p));
}

static json_t *task_json(struct asl *x, const struct m_state *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "Type", json_string("Task"));
	put_string(o, "Comment", st->comment);
	if (direct_invoke(st)) {
		put_invoke_input(x, st, o);
	} else {
		put_paths(st, o, true);
		json_object_set_new(o, "Resource", json_string(task_resource(x, st)));
		json_t *params = st->parameters ? asl_param_map(x, st->parameters) : task_parameters(x, st);
		json_object_set_new(o, "Parameters", params);
	}
	put_result_paths(x, st, o);
	if (st->timeout_s)
		json_object_set_new(o, "TimeoutSeconds", json_integer(st->timeout_s));
	if (st->heartbeat_s)
		json_object_set_new(o, "HeartbeatSeconds", json_integer(st->heartbeat_s));
	put_retry_catch(st, o);
	put_transition(st, o);
	return o;
}

/* ---- choice ---- */

static const char *cmp_operator(const struct m_cond *c, bool *negate)
{
	static const char *const ops[][MCMP_COUNT] = {
		/* MCMP_EQ, MCMP_NE, MCMP_LT, MCMP_LE, MCMP_GT, MCMP_GE */
		[CT_STRING] = { "StringEquals", "StringEquals", "StringLessThan", "StringLessThanEquals",
				"StringGreaterThan", "StringGreaterThanEquals" },
		[CT_NUMBER] = { "NumericEquals", "NumericEquals", "NumericLessThan", "NumericLessThanEquals",
				"NumericGreaterThan", "NumericGreaterThanEquals" },
		[CT_BOOLEAN] = { "BooleanEquals", "BooleanEquals", "BooleanEquals", "BooleanEquals",
				 "BooleanEquals", "BooleanEquals" },
		[CT_TIMESTAMP] = { "TimestampEquals", "TimestampEquals", "TimestampLessThan",
				   "TimestampLessThanEquals", "TimestampGreaterThan", "TimestampGreaterThanEquals" },
		[CT_UNKNOWN] = { "StringEquals", "StringEquals", "StringLessThan", "StringLessThanEquals",
				 "StringGreaterThan", "StringGreaterThanEquals" },
	};
	*negate = c->op == MCMP_NE;
	return ops[c->type][c->op];
}

static json_t *is_present(const char *path)
{
	json_t *o = json_object();
	json_object_set_new(o, "Variable", json_string(path));
	json_object_set_new(o, "IsPresent", json_true());
	return o;
}

/* A test of a path that may be absent: And(IsPresent, TEST), so that an
 * absent field makes it false instead of failing the run. */
static json_t *guarded(const struct m_cond *c, json_t *test)
{
	bool rhs = c->rhs_maybe_absent && c->rhs_path && (!c->variable || strcmp(c->rhs_path, c->variable) != 0);
	if (!(c->maybe_absent && c->variable) && !rhs)
		return test;
	json_t *all = json_array();
	if (c->maybe_absent && c->variable)
		json_array_append_new(all, is_present(c->variable));
	if (rhs)
		json_array_append_new(all, is_present(c->rhs_path));
	json_array_append_new(all, test);
	json_t *o = json_object();
	json_object_set_new(o, "And", all);
	return o;
}

static json_t *cond_json(struct asl *x, const struct m_cond *c)
{
	json_t *o = json_object();
	switch (c->kind) {
	case MC_AND:
	case MC_OR: {
		json_t *a = json_array();
		json_array_append_new(a, cond_json(x, c->l));
		json_array_append_new(a, cond_json(x, c->r));
		json_object_set_new(o, c->kind == MC_AND ? "And" : "Or", a);
		return o;
	}
	case MC_NOT:
		json_object_set_new(o, "Not", cond_json(x, c->l));
		return o;
	case MC_EXISTS:
		json_object_set_new(o, "Variable", json_string(c->variable ? c->variable : "$"));
		json_object_set_new(o, "IsPresent", json_true());
		return o;
	case MC_MATCHES:
		json_object_set_new(o, "Variable", json_string(c->variable ? c->variable : "$"));
		json_object_set_new(o, "StringMatches", json_string(c->rhs_str ? c->rhs_str : ""));
		return guarded(c, o);
	case MC_CMP:
		break;
	}
	bool negate;
	const char *op = cmp_operator(c, &negate);
	json_object_set_new(o, "Variable", json_string(c->variable ? c->variable : "$"));
	if (c->rhs_is_path)
		json_object_set_new(o, arena_printf(x->a, "%sPath", op), json_string(c->rhs_path));
	else if (c->type == CT_NUMBER)
		json_object_set_new(o, op, c->rhs_num_is_int ? json_integer((json_int_t)c->rhs_num) : json_real(c->rhs_num));
	else if (c->type == CT_BOOLEAN)
		json_object_set_new(o, op, json_boolean(c->rhs_bool));
	else
		json_object_set_new(o, op, json_string(c->rhs_str ? c->rhs_str : ""));
	if (!negate)
		return guarded(c, o);
	json_t *n = json_object();
	json_object_set_new(n, "Not", o);
	return guarded(c, n);
}

static json_t *choice_json(struct asl *x, const struct m_state *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "Type", json_string("Choice"));
	put_string(o, "Comment", st->comment);
	put_string(o, "InputPath", st->input_path);
	put_string(o, "OutputPath", st->output_path);
	json_t *rules = json_array();
	for (size_t i = 0; i < st->n_choices; i++) {
		json_t *r = cond_json(x, st->choices[i].cond);
		json_object_set_new(r, "Next", json_string(st->choices[i].next_name));
		json_array_append_new(rules, r);
	}
	json_object_set_new(o, "Choices", rules);
	if (st->otherwise_name)
		json_object_set_new(o, "Default", json_string(st->otherwise_name));
	return o;
}

/* ---- other states ---- */

static json_t *states_json(struct asl *x, const struct m_graph *g);

static json_t *graph_json(struct asl *x, const struct m_graph *g)
{
	json_t *o = json_object();
	json_object_set_new(o, "StartAt", json_string(g->start ? g->start->name : ""));
	json_object_set_new(o, "States", states_json(x, g));
	return o;
}

static json_t *wait_json(const struct m_state *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "Type", json_string("Wait"));
	put_string(o, "Comment", st->comment);
	put_string(o, "InputPath", st->input_path);
	put_string(o, "OutputPath", st->output_path);
	if (st->wait_seconds >= 0)
		json_object_set_new(o, "Seconds", json_integer(st->wait_seconds));
	put_string(o, "SecondsPath", st->wait_seconds_path);
	put_string(o, "Timestamp", st->wait_timestamp);
	put_string(o, "TimestampPath", st->wait_timestamp_path);
	put_transition(st, o);
	return o;
}

static json_t *parallel_json(struct asl *x, const struct m_state *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "Type", json_string("Parallel"));
	put_string(o, "Comment", st->comment);
	put_string(o, "InputPath", st->input_path);
	if (st->parameters)
		json_object_set_new(o, "Parameters", asl_param_map(x, st->parameters));
	json_t *b = json_array();
	for (size_t i = 0; i < st->n_branches; i++)
		json_array_append_new(b, graph_json(x, st->branches[i]));
	json_object_set_new(o, "Branches", b);
	put_result_paths(x, st, o);
	put_retry_catch(st, o);
	put_transition(st, o);
	return o;
}

static json_t *map_json(struct asl *x, const struct m_state *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "Type", json_string("Map"));
	put_string(o, "Comment", st->comment);
	put_string(o, "InputPath", st->input_path);
	asl_dmap_reader(x, st, o);
	put_string(o, "ItemsPath", st->items_path);
	if (st->parameters)
		json_object_set_new(o, "ItemSelector", asl_param_map(x, st->parameters));
	asl_dmap_batcher(st, o);
	if (st->max_concurrency)
		json_object_set_new(o, "MaxConcurrency", json_integer(st->max_concurrency));
	json_t *proc = json_object();
	json_object_set_new(proc, "ProcessorConfig", asl_map_processor_config(st));
	if (st->iterator) {
		json_object_set_new(proc, "StartAt", json_string(st->iterator->start ? st->iterator->start->name : ""));
		json_object_set_new(proc, "States", states_json(x, st->iterator));
	}
	json_object_set_new(o, "ItemProcessor", proc);
	asl_dmap_after(st, o);
	put_result_paths(x, st, o);
	put_retry_catch(st, o);
	put_transition(st, o);
	return o;
}

static json_t *pass_json(struct asl *x, const struct m_state *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "Type", json_string("Pass"));
	put_string(o, "Comment", st->comment);
	put_string(o, "InputPath", st->input_path);
	if (st->parameters)
		json_object_set_new(o, "Parameters", asl_param_map(x, st->parameters));
	if (st->result)
		json_object_set(o, "Result", st->result);
	if (st->result_path_null)
		json_object_set_new(o, "ResultPath", json_null());
	else
		put_result_path(o, st->result_path);
	put_string(o, "OutputPath", st->output_path);
	put_transition(st, o);
	return o;
}

static json_t *terminal_json(const struct m_state *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "Type", json_string(st->kind == ST_FAIL ? "Fail" : "Succeed"));
	put_string(o, "Comment", st->comment);
	if (st->kind == ST_FAIL) {
		put_string(o, "Error", st->error);
		put_string(o, "Cause", st->cause);
	} else {
		put_string(o, "InputPath", st->input_path);
		put_string(o, "OutputPath", st->output_path);
	}
	return o;
}

static json_t *state_json(struct asl *x, const struct m_state *st)
{
	switch (st->kind) {
	case ST_TASK: return task_json(x, st);
	case ST_CHOICE: return choice_json(x, st);
	case ST_WAIT: return wait_json(st);
	case ST_PARALLEL: return parallel_json(x, st);
	case ST_MAP: return map_json(x, st);
	case ST_PASS: return pass_json(x, st);
	case ST_SUCCEED:
	case ST_FAIL: return terminal_json(st);
	}
	return json_object();
}

static json_t *states_json(struct asl *x, const struct m_graph *g)
{
	json_t *o = json_object();
	for (size_t i = 0; i < g->n_states; i++)
		json_object_set_new(o, g->states[i]->name, state_json(x, g->states[i]));
	return o;
}

json_t *asl_definition(struct arena *a, const struct m_pattern *m, const struct m_workflow *w,
		       struct vec *placeholders)
{
	struct asl x = { .a = a, .m = m, .placeholders = placeholders };
	json_t *o = json_object();
	const char *comment = w->c.description ? w->c.description
		: arena_printf(a, "Workflow %s of pattern %s (%s)", w->c.name, m->name,
			       w->express ? "express" : "standard");
	json_object_set_new(o, "Comment", json_string(comment));
	json_object_set_new(o, "StartAt", json_string(w->graph.start ? w->graph.start->name : ""));
	if (w->timeout_s)
		json_object_set_new(o, "TimeoutSeconds", json_integer(w->timeout_s));
	json_object_set_new(o, "States", states_json(&x, &w->graph));
	return o;
}
