/* asl_sdk.c - the Resource and Parameters of the tasks of sema_wf_sdk.c:
 * an AWS SDK integration as written (arn:aws:states:::aws-sdk:SERVICE:ACTION,
 * "AWS SDK service integrations"), and the DynamoDB tasks: updateItem and
 * deleteItem through the optimised integration, query through aws-sdk
 * (the optimised DynamoDB integration has no Query, "Call DynamoDB APIs
 * with Step Functions"). Attribute values are typed as put item's are.
 * And API Gateway's invoke (arn:aws:states:::apigateway:invoke). */
#include "asl_priv.h"

#include <string.h>

const char *asl_sdk_resource(struct asl *x, const struct m_state *st)
{
	switch (st->action) {
	case TA_CALL:
		return st->call ? arena_printf(x->a, "arn:aws:states:::aws-sdk:%s:%s", st->call->service,
					       st->call->action) : "";
	case TA_UPDATE_ITEM: return "arn:aws:states:::dynamodb:updateItem";
	case TA_DELETE_ITEM: return "arn:aws:states:::dynamodb:deleteItem";
	case TA_QUERY: return "arn:aws:states:::aws-sdk:dynamodb:query";
	case TA_API: return "arn:aws:states:::apigateway:invoke";
	default: return "";
	}
}

static const struct m_param *arg(const struct m_state *st, const char *key)
{
	for (size_t i = 0; st->args && i < st->args->n_children; i++)
		if (!strcmp(st->args->children[i].key, key))
			return &st->args->children[i];
	return NULL;
}

/* The block's KEY as the API's ASL_KEY: a string, or a path as "KEY.$". */
static void put_renamed(struct asl *x, json_t *params, const struct m_state *st, const char *key, const char *asl_key)
{
	const struct m_param *p = arg(st, key);
	if (!p)
		return;
	struct m_param renamed = *p;
	renamed.key = asl_key;
	asl_put_param(x, params, &renamed);
}

/* What the update, delete and query tasks share: the table, the
 * expressions' names and their typed values. */
static void put_expression_data(struct asl *x, json_t *params, const struct m_state *st)
{
	const struct m_param *vals = arg(st, "values");
	put_renamed(x, params, st, "names", "ExpressionAttributeNames");
	if (vals && vals->kind == MP_MAP)
		json_object_set_new(params, "ExpressionAttributeValues", asl_dynamo_item(x, NULL, vals));
}

json_t *asl_sdk_parameters(struct asl *x, const struct m_state *st)
{
	json_t *p = json_object();
	const struct m_table *t = (const struct m_table *)st->target;
	switch (st->action) {
	case TA_CALL: {
		const struct m_param *params = arg(st, "parameters");
		json_decref(p);
		return params && params->kind == MP_MAP ? asl_param_map(x, params) : json_object();
	}
	case TA_UPDATE_ITEM:
	case TA_DELETE_ITEM:
		if (!t)
			break;
		json_object_set_new(p, "TableName", asl_placeholder(x, st->target, MA_NAME));
		json_object_set_new(p, "Key", asl_dynamo_item(x, t, arg(st, "key")));
		put_renamed(x, p, st, "update", "UpdateExpression");
		put_renamed(x, p, st, "condition", "ConditionExpression");
		put_expression_data(x, p, st);
		put_renamed(x, p, st, "return", "ReturnValues");
		break;
	case TA_QUERY:
		if (!t)
			break;
		json_object_set_new(p, "TableName", asl_placeholder(x, st->target, MA_NAME));
		put_renamed(x, p, st, "index", "IndexName");
		put_renamed(x, p, st, "key_condition", "KeyConditionExpression");
		put_renamed(x, p, st, "filter", "FilterExpression");
		put_expression_data(x, p, st);
		put_renamed(x, p, st, "limit", "Limit");
		put_renamed(x, p, st, "forward", "ScanIndexForward");
		break;
	case TA_API:
		if (!st->api)
			break;
		/* "Call API Gateway with Step Functions": the request's fields */
		json_object_set_new(p, "ApiEndpoint", json_string(st->api->endpoint));
		put_renamed(x, p, st, "method", "Method");
		put_renamed(x, p, st, "stage", "Stage");
		put_renamed(x, p, st, "path", "Path");
		put_renamed(x, p, st, "headers", "Headers");
		put_renamed(x, p, st, "query", "QueryParameters");
		put_renamed(x, p, st, "body", "RequestBody");
		json_object_set_new(p, "AuthType", json_string(st->api->auth ? st->api->auth : "NO_AUTH"));
		break;
	default:
		break;
	}
	return p;
}
