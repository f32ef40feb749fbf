/* sema_schedule.c - EventBridge Scheduler schedules, and the connections
 * and API destinations that rules deliver to over HTTPS. The expression
 * shapes, limits and methods are those of the Scheduler user guide
 * ("Schedule types": rate, cron and at expressions) and of the EventBridge
 * API reference (CreateApiDestination, CreateConnection). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sema_priv.h"

/* ---- expressions ---- */

/* One cron field: its characters and the range of its numbers. */
struct cron_field {
	const char *name, *chars;
	int lo, hi;
};

static const struct cron_field cron_fields[6] = {
	{ "minutes", "0123456789,-*/", 0, 59 },
	{ "hours", "0123456789,-*/", 0, 23 },
	{ "day-of-month", "0123456789,-*/?LW", 1, 31 },
	{ "month", "0123456789,-*/ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 12 },
	{ "day-of-week", "0123456789,-*/?L#ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 7 },
	{ "year", "0123456789,-*/", 1970, 2199 },
};

/* The problem with field F's text T (LEN bytes), or NULL. Numbers after
 * '/' are increments and after '#' the week of the month: not ranged. */
static const char *cron_field_problem(struct sema *s, const struct cron_field *f, const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)toupper((unsigned char)t[i]);
		if (!strchr(f->chars, c))
			return arena_printf(s->a, "'%c' cannot stand in the %s field", t[i], f->name);
		if (!isdigit(c) || (i > 0 && isdigit((unsigned char)t[i - 1])))
			continue;
		long n = strtol(t + i, NULL, 10);
		bool ranged = i == 0 || (t[i - 1] != '/' && t[i - 1] != '#');
		if (ranged && (n < f->lo || n > f->hi))
			return arena_printf(s->a, "%ld is outside the %s field's %d-%d", n, f->name, f->lo, f->hi);
	}
	return NULL;
}

/* cron = "0 2 * * ? *": six fields, one of the day fields '?'. */
static bool check_cron(struct sema *s, const struct ast_value *v)
{
	const char *p = v->u.str, *start[6];
	size_t len[6], n = 0;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *b = p;
		while (*p && *p != ' ')
			p++;
		if (n < 6) {
			start[n] = b;
			len[n] = (size_t)(p - b);
		}
		n++;
	}
	if (n != 6) {
		diag_error(v->loc, DIAG_SCHEDULE_EXPRESSION, "a cron expression has six fields (minutes hours "
			   "day-of-month month day-of-week year), this one %zu: cron = \"0 2 * * ? *\"", n);
		return false;
	}
	for (size_t i = 0; i < 6; i++) {
		const char *why = cron_field_problem(s, &cron_fields[i], start[i], len[i]);
		if (why) {
			diag_error(v->loc, DIAG_SCHEDULE_EXPRESSION, "invalid cron expression: %s", why);
			return false;
		}
	}
	bool dom_any = len[2] == 1 && start[2][0] == '?', dow_any = len[4] == 1 && start[4][0] == '?';
	if (dom_any == dow_any) {
		diag_error(v->loc, DIAG_SCHEDULE_EXPRESSION, "in a cron expression exactly one of day-of-month and "
			   "day-of-week is '?': \"0 2 * * ? *\" (every day) or \"0 2 ? * MON *\" (Mondays)");
		return false;
	}
	return true;
}

/* rate = 5m: whole minutes, hours or days, singular for 1. */
static const char *rate_expression(struct sema *s, const struct ast_value *v)
{
	if (v->kind != AV_DURATION) {
		diag_error(v->loc, DIAG_TYPE, "rate is a duration such as 5m, 1h or 1d");
		return NULL;
	}
	long long ms = v->u.ms;
	if (ms < 60000 || ms % 60000 != 0) {
		diag_error(v->loc, DIAG_SCHEDULE_RATE, "a rate is whole minutes, at least 1m (EventBridge Scheduler "
			   "has no rate in seconds)");
		return NULL;
	}
	long long value = ms / 60000;
	const char *unit = "minute";
	if (ms % 86400000 == 0) {
		value = ms / 86400000;
		unit = "day";
	} else if (ms % 3600000 == 0) {
		value = ms / 3600000;
		unit = "hour";
	}
	return arena_printf(s->a, "rate(%lld %s%s)", value, unit, value == 1 ? "" : "s");
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* at = "2027-01-01T09:00:00": a real date and time, no zone. */
static bool check_at(const struct ast_value *v)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	const char *t = v->u.str;
	bool shaped = strlen(t) == sizeof shape - 1;
	for (size_t i = 0; shaped && shape[i]; i++)
		shaped = shape[i] == 'd' ? isdigit((unsigned char)t[i]) != 0 : t[i] == shape[i];
	if (!shaped) {
		diag_error(v->loc, DIAG_SCHEDULE_EXPRESSION, "a one-time schedule is at = \"yyyy-mm-ddThh:mm:ss\" "
			   "(\"2027-01-01T09:00:00\"), in the schedule's time_zone, without a zone or fraction");
		return false;
	}
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = atoi(t), mo = atoi(t + 5), d = atoi(t + 8), h = atoi(t + 11), mi = atoi(t + 14), se = atoi(t + 17);
	int mdays = mo >= 1 && mo <= 12 ? days[mo - 1] + (mo == 2 && leap(y)) : 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays || h > 23 || mi > 59 || se > 59) {
		diag_error(v->loc, DIAG_SCHEDULE_AT, "'%s' is not a date and time: months 01-12, days within the "
			   "month, hours 00-23, minutes and seconds 00-59", t);
		return false;
	}
	return true;
}

/* The one of cron, rate and at that the schedule has. */
static void schedule_expression(struct sema *s, struct m_schedule *sc, const struct view *v)
{
	static const char *const kinds[] = { "rate", "cron", "at" };
	const struct ast_item *set = NULL;
	for (int k = 0; k < 3; k++) {
		const struct ast_item *it = view_attr(v, kinds[k]);
		if (!it)
			continue;
		if (set) {
			diag_error(it->loc, DIAG_SCHEDULE_EXPRESSION, "schedule '%s' has both %s and %s; a schedule "
				   "runs on one of cron, rate or at", sc->c.name, set->key.parts[0], kinds[k]);
			diag_note(set->loc, "%s is here", set->key.parts[0]);
			continue;
		}
		set = it;
		sc->expr_kind = (enum m_sched_kind)k;
	}
	if (!set) {
		diag_error(sc->c.loc, DIAG_SCHEDULE_EXPRESSION, "schedule '%s' says when it runs with none of cron, "
			   "rate or at: cron = \"0 2 * * ? *\", rate = 5m or at = \"2027-01-01T09:00:00\"", sc->c.name);
		return;
	}
	const struct ast_value *val = view_value(v, set->key.parts[0]);
	if (!val)
		return;
	if (sc->expr_kind == SK_RATE) {
		sc->expression = rate_expression(s, val);
		return;
	}
	const char *text;
	if (!get_string(s, val, set->key.parts[0], &text))
		return;
	if (sc->expr_kind == SK_CRON ? check_cron(s, val) : check_at(val))
		sc->expression = arena_printf(s->a, "%s(%s)", sc->expr_kind == SK_CRON ? "cron" : "at", text);
}

/* time_zone = "Europe/Paris": no list of zones is carried (they change
 * with every tz release), only the shape of an IANA name. */
static void check_time_zone(const struct ast_value *v, const char *tz)
{
	size_t n = strlen(tz);
	bool ok = n > 0 && n <= 50 && (!strcmp(tz, "UTC") || strchr(tz, '/'));
	for (const char *p = tz; ok && *p; p++) {
		bool part_start = p == tz || p[-1] == '/';
		unsigned char c = (unsigned char)*p;
		ok = part_start ? isalpha(c) != 0 : (isalnum(c) || c == '_' || c == '-' || c == '+' || c == '/');
	}
	if (!ok)
		diag_error(v->loc, DIAG_SCHEDULE_TIME_ZONE, "invalid time zone '%s': an IANA name such as "
			   "\"Europe/Paris\", \"America/New_York\" or \"UTC\"", tz);
}

/* group = "reports": kebab-case, within what a prefixed name can hold. */
static void check_group(const struct ast_value *v, const char *g)
{
	bool ok = *g && strlen(g) <= 32 && islower((unsigned char)g[0]) && strcmp(g, "default") != 0;
	for (const char *p = g; ok && *p; p++)
		ok = islower((unsigned char)*p) || isdigit((unsigned char)*p) || (*p == '-' && p[1] && p[1] != '-');
	if (!ok)
		diag_error(v->loc, DIAG_SCHEDULE_GROUP, "invalid schedule group '%s': a kebab-case name of at most "
			   "32 characters%s", g, !strcmp(g, "default") ? "; leave group out for the account's default group" : "");
}

/* ---- schedules ---- */

/* Failed deliveries go to a dead-letter queue unless dlq = false. */
const struct ast_value *sema_target_dlq(struct sema *s, struct m_target *t, const struct view *v)
{
	t->dlq = true;
	const struct ast_value *dlq = view_value(v, "dlq");
	if (dlq && dlq->kind == AV_BOOL)
		t->dlq = dlq->u.b;
	else if (dlq && dlq->kind == AV_IDENT)
		t->dlq = (t->dlq_queue = (struct m_queue *)sema_lookup(s, MK_QUEUE, dlq->u.str, dlq->loc)) != NULL;
	else if (dlq)
		diag_error(dlq->loc, DIAG_TYPE, "dlq is true, false or a queue name");
	return dlq;
}

/* target KIND NAME { input, retry_attempts, max_event_age, dlq,
 *                    message_group_id, source, detail_type } */
static void schedule_target(struct sema *s, struct m_schedule *sc, const struct ast_item *st)
{
	static const char *const kinds[] = { "function", "queue", "workflow", "bus", "topic", NULL };
	static const char *const attrs[] = { "input", "retry_attempts", "max_event_age", "dlq", "message_group_id",
					     "source", "detail_type", NULL };
	struct m_target *t = &sc->target;
	t->loc = st->loc;
	t->retry_attempts = -1;
	t->max_event_age_s = -1;
	const struct ast_value *kw = st->words, *nw = kw ? kw->next : NULL;
	if (!kw || !nw || nw->next || kw->kind != AV_IDENT || nw->kind != AV_IDENT) {
		diag_error(st->loc, DIAG_SCHEDULE_TARGET, "a schedule's target is written: target KIND NAME, such as "
			   "target function build-report");
		return;
	}
	enum m_kind kind = MK_COUNT;
	for (size_t i = 0; kinds[i]; i++)
		if (!strcmp(kw->u.str, kinds[i]))
			sema_is_kind_word(kinds[i], &kind);
	if (kind == MK_COUNT) {
		diag_error(kw->loc, DIAG_SCHEDULE_TARGET, "a schedule cannot target a %s; its target is a function, "
			   "queue, workflow, bus or topic", kw->u.str);
		return;
	}
	t->kind = kind == MK_QUEUE ? TGT_QUEUE : kind == MK_FUNCTION ? TGT_FUNCTION
		: kind == MK_WORKFLOW ? TGT_WORKFLOW : kind == MK_TOPIC ? TGT_TOPIC : TGT_BUS;
	t->comp = sema_lookup(s, kind, nw->u.str, nw->loc);
	struct view v;
	view_open(s, &v, st->block, attrs, NULL, "a schedule target");
	const struct ast_value *in = view_value(&v, "input");
	if (in) {
		/* a string is the input as it is; anything else its JSON */
		json_t *j = in->kind == AV_STRING ? json_string(in->u.str) : sema_value_json(s, in);
		sc->input = sema_own(s, j);
		json_decref(j);
	}
	long long n;
	if (get_int(s, view_value(&v, "retry_attempts"), "retry_attempts", 0, 185, DIAG_RANGE, &n))
		t->retry_attempts = (int)n;
	get_seconds(s, view_value(&v, "max_event_age"), "max_event_age", 60, 86400, DIAG_RANGE, &t->max_event_age_s);
	const struct ast_value *dlq = sema_target_dlq(s, t, &v);
	if (dlq && dlq->kind == AV_BOOL && !dlq->u.b)
		diag_warning(dlq->loc, DIAG_SCHEDULE_NO_DLQ, "schedule '%s' drops what it fails to deliver after its "
			     "retries: leave dlq out for a dead-letter queue of its own, or name a queue", sc->c.name);
	get_string(s, view_value(&v, "message_group_id"), "message_group_id", &t->message_group_id);
	if (t->kind == TGT_QUEUE && t->comp && ((struct m_queue *)t->comp)->fifo && !t->message_group_id)
		diag_error(st->loc, DIAG_SCHEDULE_TARGET, "a FIFO queue target needs a message_group_id");
	get_string(s, view_value(&v, "source"), "source", &sc->source);
	get_string(s, view_value(&v, "detail_type"), "detail_type", &sc->detail_type);
	if (t->kind == TGT_BUS && (!sc->source || !sc->detail_type))
		diag_error(st->loc, DIAG_SCHEDULE_TARGET, "a schedule that puts an event on bus '%s' says its "
			   "source and detail_type: source = \"com.company.reports\", detail_type = \"ReportDue\"",
			   nw->u.str);
	else if (t->kind != TGT_BUS && (sc->source || sc->detail_type))
		diag_error(view_attr(&v, sc->source ? "source" : "detail_type")->loc, DIAG_SCHEDULE_TARGET,
			   "source and detail_type are for a bus target, which puts an event");
	if (sc->source && !strncmp(sc->source, "aws.", 4))
		diag_error(view_attr(&v, "source")->value->loc, DIAG_SCHEDULE_TARGET,
			   "a source starting with 'aws.' is AWS's own; choose another (com.company.reports)");
}

/* schedule NAME { cron | rate | at, time_zone, window, group, enabled,
 *                 kms_key, description, target KIND NAME { ... } } */
void sema_schedule(struct sema *s, struct m_schedule *sc, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "cron", "rate", "at", "time_zone", "window", "group",
					     "enabled", "kms_key", NULL };
	static const char *const stmts[] = { "target", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a schedule");
	get_string(s, view_value(&v, "description"), "description", &sc->c.description);
	schedule_expression(s, sc, &v);
	if (get_string(s, view_value(&v, "time_zone"), "time_zone", &sc->time_zone))
		check_time_zone(view_value(&v, "time_zone"), sc->time_zone);
	const struct ast_value *w = view_value(&v, "window");
	if (w && w->kind != AV_DURATION)
		diag_error(w->loc, DIAG_TYPE, "window is a duration in minutes, such as 15m");
	else if (w && (w->u.ms % 60000 != 0 || w->u.ms < 60000 || w->u.ms > 1440ll * 60000))
		diag_error(w->loc, DIAG_SCHEDULE_WINDOW, "a flexible time window is whole minutes from 1m to 1440m "
			   "(a day)");
	else if (w)
		sc->window_min = (int)(w->u.ms / 60000);
	if (get_string(s, view_value(&v, "group"), "group", &sc->group))
		check_group(view_value(&v, "group"), sc->group);
	sc->enabled = true;
	get_bool(s, view_value(&v, "enabled"), "enabled", &sc->enabled);
	sc->key = sema_component_key(s, &v);
	size_t ntargets = 0;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT || strcmp(st->head, "target") != 0)
			continue;
		if (ntargets++) {
			diag_error(st->head_loc, DIAG_SCHEDULE_TARGET, "schedule '%s' has a second target; a schedule "
				   "has one (write another schedule for another target)", sc->c.name);
			continue;
		}
		schedule_target(s, sc, st);
	}
	if (!ntargets)
		diag_error(sc->c.loc, DIAG_SCHEDULE_TARGET, "schedule '%s' has no target: target function NAME { }",
			   sc->c.name);
}

/* ---- connections and API destinations ---- */

/* secret = "partner/api-key" or "partner/oauth#client_secret": a name
 * (or ARN) in Secrets Manager, with one key of a JSON secret after '#'. */
static bool get_secret_ref(struct sema *s, const struct view *v, struct m_secret_ref *out)
{
	const struct ast_value *val = view_value(v, "secret");
	const char *text;
	if (!get_string(s, val, "secret", &text))
		return false;
	out->loc = val->loc;
	const char *hash = strchr(text, '#');
	size_t n = hash ? (size_t)(hash - text) : strlen(text);
	bool ok = n >= 1 && n <= 512 && (!hash || hash[1]);
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)text[i]) || strchr("/_+=.@-:", text[i]);
	for (const char *p = hash ? hash + 1 : ""; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.';
	if (!ok) {
		diag_error(val->loc, DIAG_SECRET_REF, "secret names a secret in AWS Secrets Manager (\"partner/api-key\", "
			   "or \"partner/api#key\" for one key of a JSON secret); it is never the secret's value");
		return false;
	}
	out->secret = arena_strndup(s->a, text, n);
	out->key = hash ? hash + 1 : NULL;
	return true;
}

static bool is_https_url(const char *u)
{
	if (strncmp(u, "https://", 8) != 0 || strlen(u) > 2048 || !u[8] || u[8] == '/')
		return false;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

static bool get_https(struct sema *s, const struct ast_value *v, const char *what, const char **out)
{
	if (!get_string(s, v, what, out))
		return false;
	if (is_https_url(*out))
		return true;
	diag_error(v->loc, DIAG_API_ENDPOINT, "%s '%s' is not an https:// URL with a host (EventBridge calls HTTPS "
		   "endpoints only, of at most 2048 characters, without spaces)", what, *out);
	return false;
}

/* method = POST: one of ALLOWED, upper case as HTTP writes them. */
static bool get_method(struct sema *s, const struct ast_value *v, const char *const *allowed, const char **out)
{
	if (!v)
		return false;
	if (v->kind != AV_IDENT && v->kind != AV_STRING) {
		diag_error(v->loc, DIAG_TYPE, "method is a word such as POST");
		return false;
	}
	for (size_t i = 0; allowed[i]; i++)
		if (!strcmp(v->u.str, allowed[i]) || !strcasecmp(v->u.str, allowed[i])) {
			*out = allowed[i];
			return true;
		}
	const char *list = "";
	for (size_t i = 0; allowed[i]; i++)
		list = arena_printf(s->a, "%s%s%s", list, i ? ", " : "", allowed[i]);
	diag_error(v->loc, DIAG_API_METHOD, "invalid HTTP method '%s'; expected one of: %s", v->u.str, list);
	return false;
}

/* auth api_key { name, secret } | basic { username, secret }
 *    | oauth { client_id, secret, endpoint, method } */
static void connection_auth(struct sema *s, struct m_connection *c, const struct ast_item *st)
{
	static const char *const kinds[] = { "api_key", "basic", "oauth", NULL };
	static const char *const key_attrs[] = { "name", "secret", NULL };
	static const char *const basic_attrs[] = { "username", "secret", NULL };
	static const char *const oauth_attrs[] = { "client_id", "secret", "endpoint", "method", "parameters", NULL };
	static const char *const oauth_methods[] = { "GET", "POST", "PUT", NULL };
	const struct ast_value *kw = st->words;
	int k = -1;
	for (int i = 0; kw && kw->kind == AV_IDENT && !kw->next && kinds[i]; i++)
		if (!strcmp(kw->u.str, kinds[i]))
			k = i;
	if (k < 0 || !st->block) {
		diag_error(kw ? kw->loc : st->head_loc, DIAG_CONNECTION_AUTH, "a connection's auth is one of "
			   "auth api_key { name, secret }, auth basic { username, secret } or "
			   "auth oauth { client_id, secret, endpoint, method, parameters }");
		return;
	}
	c->auth = (enum m_auth_kind)k;
	const char *const *attrs = k == 0 ? key_attrs : k == 1 ? basic_attrs : oauth_attrs;
	const char *name_attr = k == 0 ? "name" : k == 1 ? "username" : "client_id";
	struct view v;
	view_open(s, &v, st->block, attrs, NULL, arena_printf(s->a, "auth %s", kinds[k]));
	for (size_t i = 0; attrs[i]; i++)
		if (!view_attr(&v, attrs[i]))
			diag_error(st->head_loc, DIAG_CONNECTION_AUTH, "auth %s needs %s", kinds[k], attrs[i]);
	get_string(s, view_value(&v, name_attr), name_attr, &c->name);
	get_secret_ref(s, &v, &c->secret);
	if (k == 2) {
		get_https(s, view_value(&v, "endpoint"), "endpoint", &c->oauth_endpoint);
		get_method(s, view_value(&v, "method"), oauth_methods, &c->oauth_method);
		/* the token request's body parameters (scope, audience): the
		 * hashicorp/aws provider requires one at least */
		const struct ast_value *pm = view_value(&v, "parameters");
		if (pm)
			c->oauth_body = get_kvmap(s, pm, "parameters", NULL);
		for (size_t i = 0; i < c->oauth_body.n; i++)
			if (c->oauth_body.items[i].val.kind != MV_STRING)
				diag_error(c->oauth_body.items[i].val.loc, DIAG_TYPE, "parameters values are strings");
		if (pm && !c->oauth_body.n)
			diag_error(pm->loc, DIAG_CONNECTION_AUTH, "auth oauth's parameters name one body parameter at "
				   "least, such as { scope = \"orders\" }");
	}
}

/* connection NAME { description, auth KIND { ... } } */
void sema_connection(struct sema *s, struct m_connection *c, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", NULL };
	static const char *const stmts[] = { "auth", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a connection");
	get_string(s, view_value(&v, "description"), "description", &c->c.description);
	size_t n = 0;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT || strcmp(st->head, "auth") != 0)
			continue;
		if (n++)
			diag_error(st->head_loc, DIAG_CONNECTION_AUTH, "connection '%s' has a second auth block",
				   c->c.name);
		else
			connection_auth(s, c, st);
	}
	if (!n)
		diag_error(c->c.loc, DIAG_CONNECTION_AUTH, "connection '%s' has no auth block: auth api_key "
			   "{ name = \"x-api-key\", secret = \"partner/api-key\" }", c->c.name);
}

/* api NAME { description, endpoint, method, rate_limit, connection } */
void sema_api(struct sema *s, struct m_api *api, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "endpoint", "method", "rate_limit", "connection", NULL };
	static const char *const methods[] = { "GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, NULL, "an api");
	get_string(s, view_value(&v, "description"), "description", &api->c.description);
	if (!view_attr(&v, "endpoint"))
		diag_error(api->c.loc, DIAG_API_ENDPOINT, "api '%s' has no endpoint: endpoint = \"https://...\"",
			   api->c.name);
	get_https(s, view_value(&v, "endpoint"), "endpoint", &api->endpoint);
	api->method = "POST";
	if (view_attr(&v, "method"))
		get_method(s, view_value(&v, "method"), methods, &api->method);
	long long n;
	if (view_attr(&v, "rate_limit") &&
	    get_int(s, view_value(&v, "rate_limit"), "rate_limit", 1, 300, DIAG_API_RATE_LIMIT, &n))
		api->rate_limit = (int)n;
	const struct ast_value *cv = view_value(&v, "connection");
	if (cv && cv->kind == AV_IDENT)
		api->connection = (struct m_connection *)sema_lookup(s, MK_CONNECTION, cv->u.str, cv->loc);
	else if (cv)
		diag_error(cv->loc, DIAG_TYPE, "connection names a connection: connection = partner-api");
	else
		diag_error(api->c.loc, DIAG_MISSING_ATTR, "api '%s' has no connection; EventBridge calls an API "
			   "destination through one: connection = NAME", api->c.name);
}

/* The HTTP parameters of a rule's `target api NAME`: headers and query,
 * maps of literal strings; other targets have none. */
void sema_target_http(struct sema *s, struct m_target *t, const struct view *v)
{
	static const char *const keys[] = { "headers", "query" };
	for (int i = 0; i < 2; i++) {
		const struct ast_value *m = view_value(v, keys[i]);
		if (!m)
			continue;
		if (t->kind != TGT_API) {
			diag_error(view_attr(v, keys[i])->loc, DIAG_API_TARGET_ONLY, "%s is for an API destination "
				   "target (target api NAME)", keys[i]);
			continue;
		}
		struct m_kvlist l = get_kvmap(s, m, keys[i], NULL);
		for (size_t k = 0; k < l.n; k++)
			if (l.items[k].val.kind != MV_STRING)
				diag_error(l.items[k].val.loc, DIAG_TYPE, "%s values are strings", keys[i]);
		*(i ? &t->query_params : &t->header_params) = l;
	}
	if (t->kind == TGT_API && !t->dlq && view_attr(v, "dlq"))
		diag_warning(view_attr(v, "dlq")->value->loc, DIAG_API_NO_DLQ, "this API destination target drops "
			     "what its endpoint refuses after EventBridge's retries: leave dlq out for the rule's "
			     "dead-letter queue, or name a queue");
}
