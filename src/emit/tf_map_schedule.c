/* tf_map_schedule.c - schedules, schedule groups, connections and API
 * destinations as hashicorp/aws resources (aws_scheduler_schedule,
 * aws_scheduler_schedule_group, aws_cloudwatch_event_connection,
 * aws_cloudwatch_event_api_destination), and the secrets a connection
 * reads (data "aws_secretsmanager_secret_version"). */
#include "tf_priv.h"

#include <ctype.h>
#include <string.h>

#define P(r, k) pv_get((r)->props, (k))
#define ARG(b, name, key) tf_arg(t, (b), (name), P(r, (key)), local)
#define SUB(b, name, v) tf_arg(t, (b), (name), (v), local)

static struct hcl_body *sub(struct tf *t, struct hcl_body *b, const char *name)
{
	return hcl_block(t->a, b, name, NULL);
}

void tf_schedule_group(struct tf *t, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	struct hcl_body *b = tf_block(t, r);
	ARG(b, "name", "Name");
	if (P(r, "Tags"))
		hcl_attr(t->a, b, "tags", tf_tags(t));
}

/* aws_scheduler_schedule takes no tags: the schedule is not taggable
 * (its group is). */
void tf_schedule(struct tf *t, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	struct hcl_body *b = tf_block(t, r);
	ARG(b, "name", "Name");
	ARG(b, "group_name", "GroupName");
	ARG(b, "description", "Description");
	ARG(b, "kms_key_arn", "KmsKeyArn");
	ARG(b, "schedule_expression", "ScheduleExpression");
	ARG(b, "schedule_expression_timezone", "ScheduleExpressionTimezone");
	ARG(b, "state", "State");
	const struct pv *w = P(r, "FlexibleTimeWindow");
	struct hcl_body *fw = sub(t, b, "flexible_time_window");
	SUB(fw, "mode", pv_get(w, "Mode"));
	SUB(fw, "maximum_window_in_minutes", pv_get(w, "MaximumWindowInMinutes"));
	const struct pv *x = P(r, "Target");
	struct hcl_body *tg = sub(t, b, "target");
	SUB(tg, "arn", pv_get(x, "Arn"));
	SUB(tg, "role_arn", pv_get(x, "RoleArn"));
	SUB(tg, "input", pv_get(x, "Input"));
	if (pv_get(x, "DeadLetterConfig"))
		SUB(sub(t, tg, "dead_letter_config"), "arn", pv_get(pv_get(x, "DeadLetterConfig"), "Arn"));
	const struct pv *ep = pv_get(x, "EventBridgeParameters");
	if (ep) {
		struct hcl_body *e = sub(t, tg, "eventbridge_parameters");
		SUB(e, "detail_type", pv_get(ep, "DetailType"));
		SUB(e, "source", pv_get(ep, "Source"));
	}
	const struct pv *rp = pv_get(x, "RetryPolicy");
	if (rp) {
		struct hcl_body *p = sub(t, tg, "retry_policy");
		SUB(p, "maximum_event_age_in_seconds", pv_get(rp, "MaximumEventAgeInSeconds"));
		SUB(p, "maximum_retry_attempts", pv_get(rp, "MaximumRetryAttempts"));
	}
	if (pv_get(x, "SqsParameters"))
		SUB(sub(t, tg, "sqs_parameters"), "message_group_id", pv_get(pv_get(x, "SqsParameters"), "MessageGroupId"));
}

void tf_event_connection(struct tf *t, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	struct hcl_body *b = tf_block(t, r);
	ARG(b, "name", "Name");
	ARG(b, "description", "Description");
	ARG(b, "authorization_type", "AuthorizationType");
	const struct pv *ap = P(r, "AuthParameters");
	struct hcl_body *a = sub(t, b, "auth_parameters");
	const struct pv *k = pv_get(ap, "ApiKeyAuthParameters"), *bs = pv_get(ap, "BasicAuthParameters");
	const struct pv *o = pv_get(ap, "OAuthParameters");
	if (k) {
		struct hcl_body *s = sub(t, a, "api_key");
		SUB(s, "key", pv_get(k, "ApiKeyName"));
		SUB(s, "value", pv_get(k, "ApiKeyValue"));
	} else if (bs) {
		struct hcl_body *s = sub(t, a, "basic");
		SUB(s, "username", pv_get(bs, "Username"));
		SUB(s, "password", pv_get(bs, "Password"));
	} else if (o) {
		struct hcl_body *s = sub(t, a, "oauth");
		SUB(s, "authorization_endpoint", pv_get(o, "AuthorizationEndpoint"));
		SUB(s, "http_method", pv_get(o, "HttpMethod"));
		struct hcl_body *cp = sub(t, s, "client_parameters");
		SUB(cp, "client_id", pv_get(pv_get(o, "ClientParameters"), "ClientID"));
		SUB(cp, "client_secret", pv_get(pv_get(o, "ClientParameters"), "ClientSecret"));
		struct hcl_body *hp = sub(t, s, "oauth_http_parameters");
		const struct pv *body = pv_get(pv_get(o, "OAuthHttpParameters"), "BodyParameters");
		for (size_t i = 0; body && i < body->items.n; i++) {
			const struct pv *kv = body->items.items[i];
			struct hcl_body *bb = sub(t, hp, "body");
			SUB(bb, "key", pv_get(kv, "Key"));
			SUB(bb, "value", pv_get(kv, "Value"));
			SUB(bb, "is_value_secret", pv_get(kv, "IsValueSecret"));
		}
	}
}

void tf_api_destination(struct tf *t, const struct p_res *r)
{
	const char *local = tf_local(t, r);
	struct hcl_body *b = tf_block(t, r);
	ARG(b, "name", "Name");
	ARG(b, "description", "Description");
	ARG(b, "invocation_endpoint", "InvocationEndpoint");
	ARG(b, "http_method", "HttpMethod");
	ARG(b, "invocation_rate_limit_per_second", "InvocationRateLimitPerSecond");
	ARG(b, "connection_arn", "ConnectionArn");
}

/* A Terraform name for secret S: its characters other than letters and
 * digits as '_', prefixed so that it starts with a letter. */
static const char *secret_local(struct tf *t, const char *s)
{
	char *out = arena_printf(t->a, "secret_%s", s);
	for (char *p = out; *p; p++)
		if (!isalnum((unsigned char)*p))
			*p = '_';
	return out;
}

/* The secret is read when Terraform plans, by its name: the module holds
 * the name only, and the value stays in the state (marked sensitive by
 * the provider), as with every argument that takes a secret. */
struct hcl_expr *tf_secret(struct tf *t, const struct pv *v)
{
	const char *local = secret_local(t, v->s);
	bool seen = false;
	for (size_t i = 0; i < t->secrets.n && !seen; i++)
		seen = !strcmp(t->secrets.items[i], v->s);
	if (!seen) {
		vec_push(t->keep, &t->secrets, arena_strdup(t->keep, v->s));
		struct hcl_body *d = hcl_block(t->a, t->main, "data", "aws_secretsmanager_secret_version", local, NULL);
		hcl_attr(t->a, d, "secret_id", hcl_str(t->a, v->s));
	}
	if (v->key)
		return hcl_raw(t->a, "jsondecode(data.aws_secretsmanager_secret_version.%s.secret_string)[\"%s\"]", local,
			       v->key);
	return hcl_raw(t->a, "data.aws_secretsmanager_secret_version.%s.secret_string", local);
}
