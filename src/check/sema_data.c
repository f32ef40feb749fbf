/* sema_data.c - the components that keep or carry data: keys, buses,
 * queues, tables and topics with their subscriptions, one function per
 * block kind. Apart from sema.c, which collects the blocks and drives the
 * build, and from sema_compute.c, whose components run code. */
#include <string.h>

#include "sema_priv.h"

const char *const sema_queue_attrs[] = {
	"description", "visibility_timeout", "retention", "delay", "max_message_size", "receive_wait",
	"fifo", "kms_key", NULL
};
const char *const sema_table_attrs[] = {
	"description", "ttl", "point_in_time_recovery", "stream", "kms_key", NULL
};
const char *const sema_topic_attrs[] = { "description", "display_name", "fifo", "kms_key", NULL };

void sema_key(struct sema *s, struct m_key *k, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "rotation", "pending_window", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, NULL, "a key");
	get_string(s, view_value(&v, "description"), "description", &k->c.description);
	k->rotation = true;
	get_bool(s, view_value(&v, "rotation"), "rotation", &k->rotation);
	int secs = 30 * 86400;
	get_seconds(s, view_value(&v, "pending_window"), "pending_window", 7 * 86400, 30 * 86400,
		    DIAG_RANGE, &secs);
	k->pending_window_days = secs / 86400;
}

void sema_bus(struct sema *s, struct m_bus *b, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "kms_key", "schema_discovery", NULL };
	static const char *const stmts[] = { "archive", "audit", NULL };
	static const char *const archive_attrs[] = { "retention", NULL };
	static const char *const audit_attrs[] = { "bucket_retention", "kms_key", "log_retention", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a bus");
	get_string(s, view_value(&v, "description"), "description", &b->c.description);
	get_bool(s, view_value(&v, "schema_discovery"), "schema_discovery", &b->schema_discovery);
	b->key = sema_component_key(s, &v);
	/* EventBridge cannot discover schemas on a bus under a customer-managed
	 * key: such a bus stays on the AWS-owned key (plan_bus.c), so an
	 * explicit key there asks for what AWS refuses */
	const struct ast_item *kk = view_attr(&v, "kms_key");
	if (kk && b->schema_discovery)
		diag_error(kk->key.locs[0], DIAG_DISCOVERY_KEY,
			   "bus '%s' has schema_discovery, which EventBridge does not support under a "
			   "customer-managed key; remove kms_key (the bus then stays on the AWS-owned key, its "
			   "archive on the default key) or set schema_discovery = false", b->c.name);
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT)
			continue;
		struct view sv;
		if (st->words)
			diag_error(st->words->loc, DIAG_BAD_STATEMENT, "'%s' takes no name", st->head);
		if (!strcmp(st->head, "archive")) {
			if (b->archive)
				diag_error(st->head_loc, DIAG_DUPLICATE, "a second archive on bus '%s'", b->c.name);
			b->archive = true;
			view_open(s, &sv, st->block, archive_attrs, NULL, "an archive");
			get_days(s, view_value(&sv, "retention"), "archive retention", &b->archive_retention_days);
		} else if (!strcmp(st->head, "audit")) {
			if (b->audit)
				diag_error(st->head_loc, DIAG_DUPLICATE, "a second audit on bus '%s'", b->c.name);
			b->audit = true;
			view_open(s, &sv, st->block, audit_attrs, NULL, "an audit block");
			get_days(s, view_value(&sv, "bucket_retention"), "bucket_retention",
				 &b->audit_bucket_retention_days);
			b->audit_key = sema_component_key(s, &sv);
			b->audit_log_retention_days = sema_log_retention(s, &sv);
		}
	}
}

static const struct ast_item *find_stmt(const struct ast_item *it, const char *head)
{
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next)
		if (st->kind == AI_STMT && !strcmp(st->head, head))
			return st;
	return NULL;
}

void sema_queue(struct sema *s, struct m_queue *q, const struct ast_item *it)
{
	const char *const *attrs = sema_queue_attrs;
	static const char *const stmts[] = { "dlq", NULL };
	static const char *const dlq_attrs[] = { "max_receives", "retention", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a queue");
	view_set_defaults(&v, s->defaults_for[MK_QUEUE]);
	get_string(s, view_value(&v, "description"), "description", &q->c.description);
	q->visibility_timeout_s = 30;
	q->retention_s = 4 * 86400;
	q->max_message_size = 262144;
	get_seconds(s, view_value(&v, "visibility_timeout"), "visibility_timeout", 0, 43200,
		    DIAG_SQS_VISIBILITY, &q->visibility_timeout_s);
	get_seconds(s, view_value(&v, "retention"), "queue retention", 60, 14 * 86400,
		    DIAG_SQS_RETENTION, &q->retention_s);
	get_seconds(s, view_value(&v, "delay"), "delay", 0, 900, DIAG_RANGE, &q->delay_s);
	get_seconds(s, view_value(&v, "receive_wait"), "receive_wait", 0, 20, DIAG_RANGE, &q->receive_wait_s);
	long long size;
	if (get_int(s, view_value(&v, "max_message_size"), "max_message_size", 1024, 1048576, DIAG_RANGE, &size))
		q->max_message_size = (int)size;
	get_bool(s, view_value(&v, "fifo"), "fifo", &q->fifo);
	q->key = sema_component_key(s, &v);
	const struct ast_item *dlq = find_stmt(it, "dlq");
	if (dlq) {
		struct view dv;
		if (dlq->words)
			diag_error(dlq->words->loc, DIAG_BAD_STATEMENT, "'dlq' takes no name");
		view_open(s, &dv, dlq->block, dlq_attrs, NULL, "a dlq");
		q->dlq = true;
		q->dlq_max_receives = 5;
		q->dlq_retention_s = 14 * 86400;
		long long n;
		if (get_int(s, view_value(&dv, "max_receives"), "max_receives", 1, 1000, DIAG_MAX_RECEIVES, &n))
			q->dlq_max_receives = (int)n;
		get_seconds(s, view_value(&dv, "retention"), "dlq retention", 60, 14 * 86400,
			    DIAG_SQS_RETENTION, &q->dlq_retention_s);
	}
}

static bool attr_type(struct sema *s, const struct ast_value *v, enum m_attr_type *out)
{
	static const char *const types[] = { "string", "number", "binary", NULL };
	const char *t;
	if (!get_choice(s, v, "key attribute type", types, &t))
		return false;
	*out = t[0] == 's' ? AT_STRING : t[0] == 'n' ? AT_NUMBER : AT_BINARY;
	return true;
}

/* HEAD = ... where HEAD is a statement: view_open reports it, with the
 * form that is right; it is not missing as well. */
static bool written_with_equals(const struct ast_item *it, const char *head)
{
	for (const struct ast_item *i = it->block ? it->block->items : NULL; i; i = i->next)
		if (i->kind == AI_ATTR && i->key.n == 1 && !strcmp(i->key.parts[0], head))
			return true;
	return false;
}

void sema_table(struct sema *s, struct m_table *t, const struct ast_item *it)
{
	const char *const *attrs = sema_table_attrs;
	static const char *const stmts[] = { "key", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a table");
	view_set_defaults(&v, s->defaults_for[MK_TABLE]);
	get_string(s, view_value(&v, "description"), "description", &t->c.description);
	get_string(s, view_value(&v, "ttl"), "ttl", &t->ttl);
	t->pitr = true;
	get_bool(s, view_value(&v, "point_in_time_recovery"), "point_in_time_recovery", &t->pitr);
	get_bool(s, view_value(&v, "stream"), "stream", &t->stream);
	t->key = sema_component_key(s, &v);
	const struct ast_item *key = find_stmt(it, "key");
	if (!key) {
		if (!written_with_equals(it, "key"))
			diag_error(t->c.loc, DIAG_MISSING_ATTR, "table '%s' has no key { pk = string }", t->c.name);
		t->pk = "pk";
		return;
	}
	unsigned n = 0;
	for (const struct ast_item *a = key->block ? key->block->items : NULL; a; a = a->next) {
		if (a->kind != AI_ATTR || a->key.n != 1) {
			diag_error(a->loc, DIAG_BAD_STATEMENT, "a table key is written key { pk = string, sk = string }");
			continue;
		}
		if (++n > 2) {
			diag_error(a->key.locs[0], DIAG_BAD_STATEMENT,
				   "a table key has a partition key and at most one sort key");
			continue;
		}
		if (n == 1) {
			t->pk = a->key.parts[0];
			attr_type(s, a->value, &t->pk_type);
		} else {
			t->sk = a->key.parts[0];
			attr_type(s, a->value, &t->sk_type);
		}
	}
	if (n == 0) {
		diag_error(key->head_loc, DIAG_MISSING_ATTR, "the key of table '%s' is empty", t->c.name);
		t->pk = "pk";
	}
}

static void build_subscription(struct sema *s, struct m_topic *t, struct m_subscription *sub,
			       const struct ast_item *st)
{
	static const char *const protocols[] = { "email", "queue", "function", "https", "http", "sms", NULL };
	static const char *const attrs[] = { "raw_delivery", "filter_scope", NULL };
	static const char *const stmts[] = { "filter", NULL };
	static const char *const scopes[] = { "attributes", "body", NULL };
	sub->loc = st->loc;
	const struct ast_value *proto = st->words, *target = proto ? proto->next : NULL;
	if (target && target->next && target->next->kind == AV_IDENT && !strcmp(target->next->u.str, "subscribe")) {
		sema_runs_on(st, target->next);
		return;
	}
	if (!proto || !target || target->next) {
		diag_error(st->loc, DIAG_BAD_STATEMENT, "a subscription is written: subscribe PROTOCOL TARGET, "
			   "such as subscribe email \"ops@example.com\" or subscribe queue audit-copy");
		return;
	}
	const char *p;
	if (!get_choice(s, proto, "subscription protocol", protocols, &p))
		return;
	if (!strcmp(p, "queue") || !strcmp(p, "function")) {
		if (target->kind != AV_IDENT) {
			diag_error(target->loc, DIAG_TYPE, "subscribe %s takes a %s name", p, p);
			return;
		}
		if (p[0] == 'q') {
			sub->protocol = SUB_SQS;
			sub->queue = (struct m_queue *)sema_lookup(s, MK_QUEUE, target->u.str, target->loc);
		} else {
			sub->protocol = SUB_LAMBDA;
			sub->function = (struct m_function *)sema_lookup(s, MK_FUNCTION, target->u.str, target->loc);
		}
	} else {
		if (target->kind != AV_STRING) {
			diag_error(target->loc, DIAG_TYPE, "subscribe %s takes a string", p);
			return;
		}
		sub->endpoint = target->u.str;
		sub->protocol = !strcmp(p, "email") ? SUB_EMAIL : !strcmp(p, "https") ? SUB_HTTPS
			: !strcmp(p, "http") ? SUB_HTTP : SUB_SMS;
		if (sub->protocol == SUB_EMAIL && !strchr(sub->endpoint, '@'))
			diag_error(target->loc, DIAG_BAD_VALUE, "'%s' is not an email address", sub->endpoint);
		if (sub->protocol == SUB_HTTPS && strncmp(sub->endpoint, "https://", 8) != 0)
			diag_error(target->loc, DIAG_BAD_VALUE, "an https endpoint starts with https://");
		if (sub->protocol == SUB_HTTP && strncmp(sub->endpoint, "http://", 7) != 0)
			diag_error(target->loc, DIAG_BAD_VALUE, "an http endpoint starts with http://");
	}
	struct view v;
	view_open(s, &v, st->block, attrs, stmts, "a subscription");
	get_bool(s, view_value(&v, "raw_delivery"), "raw_delivery", &sub->raw_delivery);
	if (sub->raw_delivery && sub->protocol != SUB_SQS && sub->protocol != SUB_HTTPS &&
	    sub->protocol != SUB_HTTP)
		diag_error(view_attr(&v, "raw_delivery")->loc, DIAG_BAD_VALUE,
			   "raw_delivery applies only to queue, http and https subscriptions");
	const char *scope = "attributes";
	get_choice(s, view_value(&v, "filter_scope"), "filter_scope", scopes, &scope);
	sub->filter_on_body = scope[0] == 'b';
	const struct ast_item *filter = find_stmt(st, "filter");
	if (filter)
		sub->filter = sema_filter_policy(s, filter->block);
	if (filter && sub->filter)
		sema_check_attribute_filter(sub, filter->loc);
	if (filter && sub->filter && sub->filter_on_body) {
		struct body_filter *bf = arena_alloc(s->a, sizeof *bf);
		bf->topic = t;
		bf->block = filter->block;
		vec_push(s->a, &s->body_filters, bf);
	}
	(void)t;
}

void sema_topic(struct sema *s, struct m_topic *t, const struct ast_item *it)
{
	const char *const *attrs = sema_topic_attrs;
	static const char *const stmts[] = { "subscribe", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a topic");
	view_set_defaults(&v, s->defaults_for[MK_TOPIC]);
	get_string(s, view_value(&v, "description"), "description", &t->c.description);
	get_string(s, view_value(&v, "display_name"), "display_name", &t->display_name);
	get_bool(s, view_value(&v, "fifo"), "fifo", &t->fifo);
	t->key = sema_component_key(s, &v);
	size_t n = 0;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next)
		n += st->kind == AI_STMT && !strcmp(st->head, "subscribe");
	t->subs = arena_alloc(s->a, (n + 1) * sizeof *t->subs);
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next)
		if (st->kind == AI_STMT && !strcmp(st->head, "subscribe"))
			build_subscription(s, t, &t->subs[t->n_subs++], st);
}
