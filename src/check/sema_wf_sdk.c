/* sema_wf_sdk.c - tasks that call AWS beyond the typed actions of
 * sema_wf_states.c: any AWS SDK integration (`call "service:action"`),
 * whose IAM action is derived from its name and whose resources are the
 * components its parameters name or the ARNs the user gives; and the
 * DynamoDB tasks update item, delete item and query table, typed like put
 * and get item. */
#include <ctype.h>
#include <string.h>

#include "sema_priv.h"

/* ---- components in parameters ---- */

/* What stands for a component where an API wants it: a table's and a
 * bus's name, a queue's URL, the ARN of the rest. */
static bool comp_attr(enum m_kind kind, enum m_attr *attr)
{
	switch (kind) {
	case MK_TABLE: case MK_BUS: *attr = MA_NAME; return true;
	case MK_QUEUE: *attr = MA_URL; return true;
	case MK_TOPIC: case MK_FUNCTION: case MK_WORKFLOW: *attr = MA_ARN; return true;
	default: return false;
	}
}

void wf_comp_param(struct wctx *c, struct m_param *p, const struct ast_value *v)
{
	enum m_kind kind;
	p->kind = MP_LITERAL;
	p->literal = sema_own(c->s, json_null());
	if (!sema_is_kind_word(v->u.ref.parts[0], &kind) || !comp_attr(kind, &p->attr)) {
		diag_error(v->loc, DIAG_WF_SDK_COMP, "a %s cannot stand in parameters; name a table, bus, queue, "
			   "topic, function or workflow", v->u.ref.parts[0]);
		return;
	}
	const struct m_comp *comp = sema_lookup(c->s, kind, v->u.ref.parts[1], v->u.ref.locs[1]);
	if (!comp)
		return;
	p->kind = MP_COMP;
	p->comp = comp;
}

static void collect_comps(struct wctx *c, const struct m_param *p, struct vec *out)
{
	if (p->kind == MP_COMP) {
		for (size_t i = 0; i < out->n; i++)
			if (out->items[i] == p->comp)
				return;
		vec_push(c->s->a, out, (void *)p->comp);
	}
	for (size_t i = 0; (p->kind == MP_MAP || p->kind == MP_LIST) && i < p->n_children; i++)
		collect_comps(c, &p->children[i], out);
}

/* ---- call "service:action" ---- */

/* SDK service names whose IAM prefix differs ("AWS SDK service
 * integrations" lists the service names; each service's "Actions,
 * resources, and condition keys" page gives its IAM prefix). */
static const char *iam_prefix(const char *service)
{
	static const char *const map[][2] = {
		{ "sfn", "states" }, { "eventbridge", "events" }, { "cloudwatchlogs", "logs" },
		{ "sesv2", "ses" }, { "efs", "elasticfilesystem" }, { "opensearch", "es" },
		{ "acmpca", "acm-pca" }, { "cognitoidentityprovider", "cognito-idp" },
		{ "applicationautoscaling", "application-autoscaling" }, { "emrcontainers", "emr-containers" },
		{ "emrserverless", "emr-serverless" }, { "elasticloadbalancingv2", "elasticloadbalancing" },
		{ "dynamodbstreams", "dynamodb" }, { "bedrockruntime", "bedrock" },
		{ "sagemakerruntime", "sagemaker" }, { "apigatewayv2", "apigateway" },
		{ "apigatewaymanagementapi", "execute-api" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(service, map[i][0]))
			return map[i][1];
	return service;
}

/* SDK actions whose IAM actions are not the API's name capitalised: the
 * S3 list APIs are authorised as s3:ListBucket, HeadObject as GetObject,
 * CopyObject as GetObject on the source and PutObject on the target
 * ("Actions, resources, and condition keys for Amazon S3"). */
static const char *const *iam_exception(const char *service, const char *action)
{
	static const char *const list_bucket[] = { "s3:ListBucket", NULL };
	static const char *const get_object[] = { "s3:GetObject", NULL };
	static const char *const copy_object[] = { "s3:GetObject", "s3:PutObject", NULL };
	static const char *const delete_object[] = { "s3:DeleteObject", NULL };
	static const char *const list_all[] = { "s3:ListAllMyBuckets", NULL };
	static const char *const versions[] = { "s3:ListBucketVersions", NULL };
	static const char *const invoke[] = { "lambda:InvokeFunction", NULL };
	static const struct { const char *service, *action; const char *const *iam; } map[] = {
		{ "s3", "listObjectsV2", list_bucket }, { "s3", "listObjects", list_bucket },
		{ "s3", "headBucket", list_bucket }, { "s3", "headObject", get_object },
		{ "s3", "copyObject", copy_object }, { "s3", "deleteObjects", delete_object },
		{ "s3", "listBuckets", list_all }, { "s3", "listObjectVersions", versions },
		{ "lambda", "invoke", invoke },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(service, map[i].service) && !strcmp(action, map[i].action))
			return map[i].iam;
	return NULL;
}

/* What eventc writes as a typed action, with its IAM and checks. */
static const char *typed_alternative(const char *service, const char *action)
{
	static const char *const map[][3] = {
		{ "lambda", "invoke", "invoke function F" }, { "sns", "publish", "publish topic T" },
		{ "sqs", "sendMessage", "send queue Q" }, { "dynamodb", "putItem", "put item T" },
		{ "dynamodb", "getItem", "get item T" }, { "dynamodb", "updateItem", "update item T" },
		{ "dynamodb", "deleteItem", "delete item T" }, { "dynamodb", "query", "query table T" },
		{ "eventbridge", "putEvents", "emit event E" }, { "sfn", "startExecution", "start workflow W" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(service, map[i][0]) && !strcmp(action, map[i][1]))
			return map[i][2];
	return NULL;
}

/* "dynamodb:updateItem": a service of lower-case letters, digits and '-',
 * an action in camelCase, as the aws-sdk Resource writes them. */
static bool split_call(struct wctx *c, const struct ast_value *w, struct m_sdk_call *call)
{
	const char *s = w->u.str, *colon = strchr(s, ':');
	bool ok = colon && colon > s && colon[1] && islower((unsigned char)colon[1]);
	for (const char *p = s; ok && p < colon; p++)
		ok = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-';
	for (const char *p = colon ? colon + 1 : s; ok && *p; p++)
		ok = isalnum((unsigned char)*p);
	if (!ok) {
		diag_error(w->loc, DIAG_WF_SDK_CALL, "'%s' is not an SDK action; write \"service:action\" as the "
			   "aws-sdk integration names it, such as \"dynamodb:updateItem\" or \"s3:getObject\"", s);
		return false;
	}
	call->service = arena_strndup(c->s->a, s, (size_t)(colon - s));
	call->action = colon + 1;
	const char *const *exc = iam_exception(call->service, call->action);
	if (exc) {
		call->iam_actions = (const char **)exc;
	} else {
		char *a = arena_printf(c->s->a, "%s:%s", iam_prefix(call->service), call->action);
		char *first = strchr(a, ':') + 1;
		*first = (char)toupper((unsigned char)*first);
		call->iam_actions = arena_alloc(c->s->a, 2 * sizeof *call->iam_actions);
		call->iam_actions[0] = a;
	}
	return true;
}

/* resource = "arn:..." or a list of them: what IAM allows the call on when
 * its parameters name no component of the pattern. */
static void call_resources(struct wctx *c, struct m_sdk_call *call, const struct ast_value *v)
{
	if (!v)
		return;
	const char **arns = NULL;
	size_t n = 0;
	if (v->kind == AV_STRING) {
		arns = arena_alloc(c->s->a, sizeof *arns);
		arns[n++] = v->u.str;
	} else if (!get_string_list(c->s, v, "resource", &arns, &n)) {
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (strncmp(arns[i], "arn:", 4) != 0) {
			diag_error(v->loc, DIAG_WF_SDK_RESOURCE, "resource \"%s\" is not an ARN; IAM grants the call "
				   "only on the resources it names, never on \"*\"", arns[i]);
			return;
		}
	}
	call->resources = arns;
	call->n_resources = n;
}

static const struct ast_value *block_value(const struct ast_block *b, const char *name)
{
	const struct ast_value *v = NULL;
	for (const struct ast_item *it = b ? b->items : NULL; it; it = it->next)
		if (it->kind == AI_ATTR && it->key.n == 1 && !strcmp(it->key.parts[0], name))
			v = it->value;
	return v;
}

static void build_call(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const attrs[] = { "parameters", "resource", NULL };
	const struct ast_value *w = it->words;
	if (!w || w->kind != AV_STRING || w->next) {
		diag_error(w ? w->loc : it->loc, DIAG_WF_SDK_CALL, "call is written: call \"service:action\" "
			   "{ parameters = { ... } }");
		return;
	}
	struct m_sdk_call *call = arena_alloc(c->s->a, sizeof *call);
	st->action = TA_CALL;
	if (!split_call(c, w, call))
		return;
	st->call = call;
	const char *typed = typed_alternative(call->service, call->action);
	if (typed)
		diag_warning(w->loc, DIAG_WF_SDK_TYPED, "\"%s:%s\" has a typed action: %s, whose arguments and IAM "
			     "eventc checks", call->service, call->action, typed);
	unsigned errors = diag_error_count();
	st->args = wf_block_params(c, it->block, attrs, "call"); /* reports what else the block holds */
	const struct ast_value *params = block_value(it->block, "parameters");
	if (params && params->kind != AV_MAP)
		diag_error(params->loc, DIAG_TYPE, "parameters is a map { Key = value }, as the API names them");
	struct vec comps = { 0 };
	if (st->args)
		collect_comps(c, st->args, &comps);
	call->comps = (const struct m_comp **)comps.items;
	call->n_comps = comps.n;
	const struct ast_value *resource = block_value(it->block, "resource");
	call_resources(c, call, sema_eval(c->s, resource));
	/* after a wrong component or resource, that error says it */
	if (!call->n_comps && !resource && diag_error_count() == errors)
		diag_error(w->loc, DIAG_WF_SDK_RESOURCE, "call \"%s:%s\" names no component of the pattern, so eventc "
			   "cannot tell what IAM should allow %s on; name one in its parameters (TableName = table "
			   "orders) or give resource = \"arn:...\"", call->service, call->action, call->iam_actions[0]);
}

/* ---- DynamoDB: update item, delete item, query table ---- */

static const struct m_param *child(const struct m_state *st, const char *key)
{
	for (size_t i = 0; st->args && i < st->args->n_children; i++)
		if (!strcmp(st->args->children[i].key, key))
			return &st->args->children[i];
	return NULL;
}

/* An attribute map ({ ... }) that must be there: key, values. */
static struct m_param *dynamo_map(struct wctx *c, struct m_state *st, const char *key, bool required)
{
	struct m_param *p = (struct m_param *)child(st, key);
	if (!p) {
		if (required)
			diag_error(st->loc, DIAG_TASK_ACTION, "task '%s' needs %s = { ... }", st->name, key);
		return NULL;
	}
	if (p->kind != MP_MAP) {
		diag_error(p->loc, DIAG_TYPE, "%s is a map of attributes { name = value }", key);
		return NULL;
	}
	return p;
}

static void check_expression(const struct m_state *st, const char *key, bool required)
{
	const struct m_param *p = child(st, key);
	if (!p && required)
		diag_error(st->loc, DIAG_TASK_ACTION, "task '%s' needs %s = \"...\"", st->name, key);
	else if (p && (p->kind != MP_LITERAL || !json_is_string(p->literal)) && p->kind != MP_PATH)
		diag_error(p->loc, DIAG_TYPE, "%s is a string (a DynamoDB expression) or a JSONPath", key);
}

/* values = { ":amount" = $.amount }: each name starts with ':', as
 * ExpressionAttributeValues wants. */
static void check_values(struct wctx *c, struct m_state *st, const struct m_table *t)
{
	struct m_param *vals = dynamo_map(c, st, "values", false);
	for (size_t i = 0; vals && i < vals->n_children; i++)
		if (vals->children[i].key[0] != ':')
			diag_error(vals->children[i].loc, DIAG_WF_SDK_EXPRESSION, "an expression value's name starts "
				   "with ':': \":%s\" = ...", vals->children[i].key);
	if (vals)
		wf_dynamo_item_types(c, vals, t);
	const struct m_param *names = child(st, "names");
	for (size_t i = 0; names && names->kind == MP_MAP && i < names->n_children; i++)
		if (names->children[i].key[0] != '#')
			diag_error(names->children[i].loc, DIAG_WF_SDK_EXPRESSION, "an expression name starts with "
				   "'#': \"#%s\" = ...", names->children[i].key);
}

static void build_dynamo(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const update_args[] = { "key", "update", "condition", "names", "values", "return", NULL };
	static const char *const delete_args[] = { "key", "condition", "names", "values", "return", NULL };
	static const char *const query_args[] = { "key_condition", "filter", "names", "values", "index", "limit",
						  "forward", NULL };
	const char *h = it->head;
	bool query = !strcmp(h, "query");
	const char *word = query ? "table" : "item";
	const struct ast_value *w = it->words;
	if (!w || w->kind != AV_IDENT || strcmp(w->u.str, word) != 0 || !w->next || w->next->kind != AV_IDENT ||
	    w->next->next) {
		diag_error(w ? w->loc : it->loc, DIAG_TASK_ACTION, "expected '%s %s TABLE'", h, word);
		return;
	}
	st->action = query ? TA_QUERY : h[0] == 'u' ? TA_UPDATE_ITEM : TA_DELETE_ITEM;
	st->target = sema_lookup(c->s, MK_TABLE, w->next->u.str, w->next->loc);
	const struct m_table *t = (const struct m_table *)st->target;
	st->args = wf_block_params(c, it->block, query ? query_args : h[0] == 'u' ? update_args : delete_args, h);
	if (query) {
		check_expression(st, "key_condition", true);
		check_expression(st, "filter", false);
		const struct m_param *ix = child(st, "index");
		if (ix && (ix->kind != MP_LITERAL || !json_is_string(ix->literal)))
			diag_error(ix->loc, DIAG_TYPE, "index is the name of a secondary index, a string");
		else if (ix)
			st->index = json_string_value(ix->literal);
		if (!dynamo_map(c, st, "values", true))
			return;
	} else {
		struct m_param *key = dynamo_map(c, st, "key", true);
		if (key)
			wf_dynamo_item_types(c, key, t);
		check_expression(st, "update", h[0] == 'u');
		check_expression(st, "condition", false);
	}
	check_values(c, st, t);
}

/* ---- emit on bus B ---- */

void wf_build_emit_on_bus(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const args[] = { "source", "detail_type", "detail", NULL };
	const struct ast_value *on = it->words, *bus = on->next, *bn = bus ? bus->next : NULL;
	st->action = TA_EMIT;
	if (!bus || bus->kind != AV_IDENT || strcmp(bus->u.str, "bus") != 0 || !bn || bn->kind != AV_IDENT ||
	    bn->next) {
		diag_error(on->loc, DIAG_TASK_ACTION, "expected 'emit on bus B { source = ..., detail_type = ... }'");
		return;
	}
	st->bus = (struct m_bus *)sema_lookup(c->s, MK_BUS, bn->u.str, bn->loc);
	st->target = st->bus ? &st->bus->c : NULL;
	st->args = wf_block_params(c, it->block, args, "emit");
	for (size_t i = 0; i < 2; i++) {
		const struct m_param *p = child(st, args[i]);
		if (!p)
			diag_error(it->loc, DIAG_TASK_ACTION, "'emit on bus' needs %s = \"...\" or a JSONPath; "
				   "or emit a declared event: emit event E on bus B", args[i]);
		else if (p->kind != MP_PATH && (p->kind != MP_LITERAL || !json_is_string(p->literal)))
			diag_error(p->loc, DIAG_TYPE, "%s is a string or a JSONPath", args[i]);
	}
}

/* ---- invoke api ---- */

/* "ID.execute-api.REGION.amazonaws.com": a REST API's default endpoint
 * (ApiEndpoint of "Call API Gateway with Step Functions"). */
static bool split_endpoint(struct wctx *c, struct m_api_call *api, const char *e)
{
	const char *dot = strchr(e, '.');
	static const char mid[] = ".execute-api.", tail[] = ".amazonaws.com";
	if (!dot || dot == e || strncmp(dot, mid, sizeof mid - 1) != 0)
		return false;
	const char *region = dot + sizeof mid - 1, *end = strstr(region, tail);
	if (!end || end == region || strcmp(end, tail) != 0)
		return false;
	for (const char *p = e; p < dot; p++)
		if (!isalnum((unsigned char)*p))
			return false;
	api->api_id = arena_strndup(c->s->a, e, (size_t)(dot - e));
	api->region = arena_strndup(c->s->a, region, (size_t)(end - region));
	return true;
}

static void build_api(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	static const char *const args[] = { "method", "stage", "path", "auth", "headers", "query", "body", NULL };
	static const char *const methods[] = { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", NULL };
	static const char *const auths[] = { "none", "iam", "resource_policy", NULL };
	static const char *const auth_types[] = { "NO_AUTH", "IAM_ROLE", "RESOURCE_POLICY" };
	const struct ast_value *e = it->words->next;
	st->action = TA_API;
	struct m_api_call *api = arena_alloc(c->s->a, sizeof *api);
	if (!e || e->kind != AV_STRING || e->next || !split_endpoint(c, api, e->u.str)) {
		diag_error(e ? e->loc : it->loc, DIAG_WF_API, "invoke api is written: invoke api "
			   "\"ID.execute-api.REGION.amazonaws.com\" { method = \"GET\", stage = \"prod\" }");
		return;
	}
	api->endpoint = e->u.str;
	st->api = api;
	st->args = wf_block_params_but(c, it->block, args, "auth", "invoke api");
	const struct ast_value *m = block_value(it->block, "method"), *a = block_value(it->block, "auth");
	const struct ast_value *stage = block_value(it->block, "stage"), *path = block_value(it->block, "path");
	if (!m || !get_choice(c->s, m, "method", methods, &api->method))
		diag_error(m ? m->loc : it->loc, DIAG_WF_API, "invoke api needs method = \"GET\", \"POST\", ...");
	if (!stage || !get_string(c->s, stage, "stage", &api->stage))
		diag_error(stage ? stage->loc : it->loc, DIAG_WF_API, "invoke api needs the API's stage = \"...\"");
	if (path && path->kind != AV_JSONPATH && get_string(c->s, path, "path", &api->path) && api->path[0] != '/')
		diag_error(path->loc, DIAG_WF_API, "a path starts with '/': \"/%s\"", api->path);
	const char *au = "none";
	if (a)
		get_choice(c->s, a, "auth", auths, &au);
	for (size_t i = 0; auths[i]; i++)
		if (au == auths[i])
			api->auth = auth_types[i];
	for (size_t i = 0; st->args && i < st->args->n_children; i++) {
		const struct m_param *p = &st->args->children[i];
		bool multi = !strcmp(p->key, "headers") || !strcmp(p->key, "query");
		for (size_t k = 0; multi && p->kind == MP_MAP && k < p->n_children; k++)
			if (p->children[k].kind != MP_LIST && p->children[k].kind != MP_PATH)
				diag_error(p->children[k].loc, DIAG_WF_API, "a header or query parameter takes a list of "
					   "values: %s = [\"...\"]", p->children[k].key);
		if (multi && p->kind != MP_MAP)
			diag_error(p->loc, DIAG_TYPE, "%s is a map { name = [\"value\"] }", p->key);
	}
}

bool wf_build_sdk_action(struct wctx *c, struct m_state *st, const struct ast_item *it)
{
	const char *h = it->head;
	if (!strcmp(h, "call"))
		build_call(c, st, it);
	else if (!strcmp(h, "invoke") && it->words && it->words->kind == AV_IDENT && !strcmp(it->words->u.str, "api"))
		build_api(c, st, it);
	else if (!strcmp(h, "update") || !strcmp(h, "delete") || !strcmp(h, "query"))
		build_dynamo(c, st, it);
	else
		return false;
	return true;
}
