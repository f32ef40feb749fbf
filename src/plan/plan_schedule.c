/* plan_schedule.c - EventBridge Scheduler schedules (with their group,
 * execution role and dead-letter queue), and the connections and API
 * destinations that rules call. Property names are those of the
 * AWS::Scheduler::Schedule, AWS::Scheduler::ScheduleGroup,
 * AWS::Events::Connection and AWS::Events::ApiDestination schemas. */
#include "plan_priv.h"

#include <string.h>

/* The schedule group SC runs in: a resource of the pattern's, made by the
 * first schedule that names it; NULL for the account's default group. */
static const char *schedule_group(struct pb *b, const struct m_schedule *sc)
{
	if (!sc->group)
		return NULL;
	const char *id = F(b, "%sScheduleGroup", names_pascal(b->a, sc->group));
	if (plan_find(b->p, id))
		return id;
	struct p_res *g = pb_res(b, id, PT_SCHEDULE_GROUP, "ScheduleGroup");
	g->peer = sc->group; /* the group is named for itself, not its first schedule */
	pb_set(b, g, "Name", pb_name(b, sc->group, 64));
	pb_set(b, g, "Tags", pb_tags(b));
	return id;
}

/* The schedule's own DLQ, under the pattern's key. Scheduler sends to a
 * DLQ with the schedule's execution role (the Scheduler user guide,
 * "Configuring a dead-letter queue"), so the role gets sqs:SendMessage on
 * it and the key through SQS, and the queue needs no policy beyond the
 * TLS-only statement every queue has. */
static const char *schedule_dlq(struct pb *b, const struct m_schedule *sc, struct pv *statements)
{
	const char *dlq = pb_id_of(b, &sc->c, "DeadLetterQueue");
	pb_dead_letter_queue(b, dlq, "DeadLetterQueue", F(b, "%s-schedule-dlq", sc->c.name), false, 0);
	static const char *const send[] = { "sqs:SendMessage", NULL };
	static const char *const kms[] = { "kms:Decrypt", "kms:GenerateDataKey", NULL };
	pv_push(b->a, statements, pb_statement(b, "SendToDeadLetterQueue", NULL, pv_strings(b->a, send),
					       pb_one(b, pv_ref(b->a, dlq, PA_ARN)), NULL));
	if (b->m->default_key)
		pv_push(b->a, statements, pb_statement(b, "UseKeyForDeadLetterQueue", NULL, pv_strings(b->a, kms),
						       pb_one(b, pb_key_arn(b, b->m->default_key)), pb_via_service(b, "sqs")));
	return dlq;
}

/* The ARN Scheduler assumes the role for: the schedule group (the
 * Scheduler user guide's confused-deputy example conditions on the group's
 * ARN), built from its name. */
static struct pv *group_arn(struct pb *b, const struct m_schedule *sc)
{
	return pb_arn(b, "scheduler", "schedule-group/", sc->group ? pb_name(b, sc->group, 64) : S(b, "default"), NULL);
}

static struct pv *schedule_target(struct pb *b, const struct m_schedule *sc, const char *dlq, const char *role)
{
	const struct m_target *t = &sc->target;
	struct pv *tj = pb_target(b, t, dlq);
	if (t->kind == TGT_BUS) {
		struct pv *ep = pv_map(b->a);
		pv_set(b->a, ep, "DetailType", S(b, sc->detail_type));
		pv_set(b->a, ep, "Source", S(b, sc->source));
		pv_set(b->a, tj, "EventBridgeParameters", ep);
	}
	if (sc->input)
		pv_set(b->a, tj, "Input", json_is_string(sc->input)
			? pv_str_copy(b->a, json_string_value(sc->input), json_string_length(sc->input)) /* a build lets the JSON go */
			: pv_doc(b->a, pv_from_json(b->a, sc->input), true));
	pv_set(b->a, tj, "RetryPolicy", pb_retry_policy(b, t->max_event_age_s, t->retry_attempts));
	pv_set(b->a, tj, "RoleArn", pv_ref(b->a, role, PA_ARN));
	if (t->message_group_id) {
		struct pv *sp = pv_map(b->a);
		pv_set(b->a, sp, "MessageGroupId", S(b, t->message_group_id));
		pv_set(b->a, tj, "SqsParameters", sp);
	}
	return tj;
}

void plan_schedule(struct pb *b, const struct m_schedule *sc)
{
	if (!sc->target.comp || !sc->expression)
		return;
	const char *id = pb_id(b, &sc->c), *role = pb_id_of(b, &sc->c, "Role");
	const char *group = schedule_group(b, sc);
	struct iam_role ir = { 0 };
	iam_schedule_role(b->a, sc, &ir);
	struct pv *statements = pb_role_statements(b, &ir, NULL);
	const char *dlq = sc->target.dlq && !sc->target.dlq_queue ? schedule_dlq(b, sc, statements) : NULL;
	pb_role(b, role, "Role", "scheduler.amazonaws.com", group_arn(b, sc), F(b, "%s-scheduler", sc->c.name),
		statements, &ir.keys, F(b, "Execution role of schedule %s: only its target", sc->c.name));
	struct p_res *r = pb_res(b, id, PT_SCHEDULE, "");
	pb_set(b, r, "Description", S(b, sc->c.description ? sc->c.description
		: F(b, "Schedule %s of pattern %s", sc->c.name, b->m->name)));
	struct pv *w = pv_map(b->a);
	if (sc->window_min)
		pv_set(b->a, w, "MaximumWindowInMinutes", I(b, sc->window_min));
	pv_set(b->a, w, "Mode", S(b, sc->window_min ? "FLEXIBLE" : "OFF"));
	pb_set(b, r, "FlexibleTimeWindow", w);
	if (group)
		pb_set(b, r, "GroupName", pv_ref(b->a, group, PA_NAME));
	if (sc->key)
		pb_set(b, r, "KmsKeyArn", pb_key_arn(b, sc->key));
	pb_set(b, r, "Name", pb_comp_name(b, &sc->c));
	pb_set(b, r, "ScheduleExpression", S(b, sc->expression));
	if (sc->time_zone)
		pb_set(b, r, "ScheduleExpressionTimezone", S(b, sc->time_zone));
	pb_set(b, r, "State", S(b, sc->enabled ? "ENABLED" : "DISABLED"));
	pb_set(b, r, "Target", schedule_target(b, sc, dlq, role));
}

/* ---- connections and API destinations ---- */

static struct pv *secret_value(struct pb *b, const struct m_secret_ref *s)
{
	return pv_secret(b->a, s->secret, s->key);
}

/* A connection's secrets are references (a dynamic reference in
 * CloudFormation, a data source in Terraform): its value is written into
 * no output. EventBridge keeps it in a secret of its own. */
void plan_connection(struct pb *b, const struct m_connection *c)
{
	static const char *const types[] = { "API_KEY", "BASIC", "OAUTH_CLIENT_CREDENTIALS" };
	struct p_res *r = pb_res(b, pb_id(b, &c->c), PT_EVENT_CONNECTION, "");
	struct pv *auth = pv_map(b->a), *p = pv_map(b->a);
	switch (c->auth) {
	case AUTH_API_KEY:
		pv_set(b->a, p, "ApiKeyName", S(b, c->name));
		pv_set(b->a, p, "ApiKeyValue", secret_value(b, &c->secret));
		pv_set(b->a, auth, "ApiKeyAuthParameters", p);
		break;
	case AUTH_BASIC:
		pv_set(b->a, p, "Password", secret_value(b, &c->secret));
		pv_set(b->a, p, "Username", S(b, c->name));
		pv_set(b->a, auth, "BasicAuthParameters", p);
		break;
	case AUTH_OAUTH: {
		struct pv *cp = pv_map(b->a);
		pv_set(b->a, p, "AuthorizationEndpoint", S(b, c->oauth_endpoint));
		pv_set(b->a, cp, "ClientID", S(b, c->name));
		pv_set(b->a, cp, "ClientSecret", secret_value(b, &c->secret));
		pv_set(b->a, p, "ClientParameters", cp);
		pv_set(b->a, p, "HttpMethod", S(b, c->oauth_method));
		struct pv *body = pv_list(b->a);
		for (size_t i = 0; i < c->oauth_body.n; i++) {
			struct pv *kv = pv_map(b->a);
			pv_set(b->a, kv, "IsValueSecret", B(b, false));
			pv_set(b->a, kv, "Key", S(b, c->oauth_body.items[i].key));
			pv_set(b->a, kv, "Value", pb_mval(b, &c->oauth_body.items[i].val));
			pv_push(b->a, body, kv);
		}
		struct pv *hp = pv_map(b->a);
		pv_set(b->a, hp, "BodyParameters", body);
		pv_set(b->a, p, "OAuthHttpParameters", hp);
		pv_set(b->a, auth, "OAuthParameters", p);
		break;
	}
	}
	pb_set(b, r, "AuthParameters", auth);
	pb_set(b, r, "AuthorizationType", S(b, types[c->auth]));
	pb_set(b, r, "Description", S(b, c->c.description ? c->c.description
		: F(b, "Connection %s of pattern %s", c->c.name, b->m->name)));
	pb_set(b, r, "Name", pb_comp_name(b, &c->c));
}

void plan_api(struct pb *b, const struct m_api *api)
{
	if (!api->connection || !api->endpoint)
		return;
	struct p_res *r = pb_res(b, pb_id(b, &api->c), PT_EVENT_API_DESTINATION, "");
	pb_set(b, r, "ConnectionArn", pv_ref(b->a, pb_id(b, &api->connection->c), PA_ARN));
	pb_set(b, r, "Description", S(b, api->c.description ? api->c.description
		: F(b, "API destination %s of pattern %s", api->c.name, b->m->name)));
	pb_set(b, r, "HttpMethod", S(b, api->method));
	pb_set(b, r, "InvocationEndpoint", S(b, api->endpoint));
	if (api->rate_limit)
		pb_set(b, r, "InvocationRateLimitPerSecond", I(b, api->rate_limit));
	pb_set(b, r, "Name", pb_comp_name(b, &api->c));
}

/* The HttpParameters of a rule's target api NAME, or NULL. */
struct pv *pb_http_parameters(struct pb *b, const struct m_target *t)
{
	if (!t->header_params.n && !t->query_params.n)
		return NULL;
	struct pv *hp = pv_map(b->a);
	const struct m_kvlist *lists[2] = { &t->header_params, &t->query_params };
	static const char *const keys[2] = { "HeaderParameters", "QueryStringParameters" };
	for (int i = 0; i < 2; i++) {
		if (!lists[i]->n)
			continue;
		struct pv *m = pv_map(b->a);
		for (size_t k = 0; k < lists[i]->n; k++)
			pv_set(b->a, m, lists[i]->items[k].key, pb_mval(b, &lists[i]->items[k].val));
		pv_set(b->a, hp, keys[i], m);
	}
	return hp;
}
