/* sema_dataopts.c - what queues and tables say beyond their basics: a
 * FIFO queue's deduplication and throughput, a queue of the pattern as
 * another's dead-letter queue (checked once every queue is built), and a
 * table's capacity, secondary indexes, stream view and deletion
 * protection. sema_data.c reads the rest of both blocks. */
#include <limits.h>
#include <string.h>

#include "sema_priv.h"

#define DDB_MAX_GSI 20            /* default quota, per table */
#define DDB_MAX_LSI 5             /* fixed */
#define DDB_MAX_PROJECTED 20      /* NonKeyAttributes of one index */
#define DDB_MAX_PROJECTED_ALL 100 /* summed over a table's indexes */
#define DDB_CAPACITY_QUOTA 40000  /* default per-table quota, RCU and WCU */

/* content_deduplication, deduplication_scope, throughput_limit: FIFO only,
 * and high throughput needs both message-group settings (CreateQueue's
 * FifoThroughputLimit: "perMessageGroupId ... is allowed only when the
 * value for DeduplicationScope is messageGroup"). */
void sema_queue_fifo(struct sema *s, struct m_queue *q, const struct view *v)
{
	static const char *const scopes[] = { "queue", "message_group", NULL };
	static const char *const limits[] = { "per_queue", "per_message_group_id", NULL };
	static const char *const fifo_only[] = { "content_deduplication", "deduplication_scope",
						 "throughput_limit", NULL };
	get_bool(s, view_value(v, "content_deduplication"), "content_deduplication", &q->content_dedup);
	const char *w;
	if (get_choice(s, view_value(v, "deduplication_scope"), "deduplication_scope", scopes, &w))
		q->dedup_scope = w[0] == 'q' ? "queue" : "messageGroup";
	if (get_choice(s, view_value(v, "throughput_limit"), "throughput_limit", limits, &w))
		q->throughput_limit = !strcmp(w, "per_queue") ? "perQueue" : "perMessageGroupId";
	for (size_t i = 0; !q->fifo && fifo_only[i]; i++) {
		const struct ast_item *a = view_attr(v, fifo_only[i]);
		if (a)
			diag_error(a->key.locs[0], DIAG_FIFO_ONLY, "%s applies to FIFO queues only, and queue '%s' is a "
				   "standard queue; add fifo = true or remove %s", fifo_only[i], q->c.name, fifo_only[i]);
	}
	if (q->fifo && q->throughput_limit && !strcmp(q->throughput_limit, "perMessageGroupId") &&
	    (!q->dedup_scope || strcmp(q->dedup_scope, "messageGroup") != 0))
		diag_error(view_attr(v, "throughput_limit")->key.locs[0], DIAG_FIFO_THROUGHPUT,
			   "throughput_limit = per_message_group_id needs deduplication_scope = message_group "
			   "(queue '%s' deduplicates per queue%s); set both for high throughput FIFO", q->c.name,
			   q->dedup_scope ? "" : ", SQS's default");
}

/* dlq { queue = NAME, max_receives = N }: queue NAME is the dead-letter
 * queue; whether it fits is checked once all queues are built. */
bool sema_queue_dlq_ref(struct sema *s, struct m_queue *q, const struct view *dv)
{
	const struct ast_value *qv = view_value(dv, "queue");
	if (!qv)
		return false;
	if (qv->kind != AV_IDENT) {
		diag_error(qv->loc, DIAG_TYPE, "dlq { queue = NAME } takes the name of a queue of the pattern");
		return true;
	}
	q->dlq_queue = (struct m_queue *)sema_lookup(s, MK_QUEUE, qv->u.str, qv->loc);
	q->dlq_loc = qv->loc;
	const struct ast_item *ret = view_attr(dv, "retention");
	if (ret)
		diag_error(ret->key.locs[0], DIAG_DLQ_FORM, "a dlq that names queue '%s' keeps messages as long as "
			   "that queue's retention says; set retention on queue '%s' instead", qv->u.str, qv->u.str);
	return true;
}

/* Whether the chain of named DLQs from FROM reaches TO; N bounds it. */
static bool dlq_reaches(const struct m_queue *from, const struct m_queue *to, size_t n)
{
	const struct m_queue *d = from->dlq_queue;
	for (size_t i = 0; d && i <= n; i++, d = d->dlq_queue)
		if (d == to)
			return true;
	return false;
}

/* 14d, 6h, 90m or 45s: the largest unit that divides SECS. */
static const char *duration(struct sema *s, int secs)
{
	return secs % 86400 == 0 ? arena_printf(s->a, "%dd", secs / 86400)
		: secs % 3600 == 0 ? arena_printf(s->a, "%dh", secs / 3600)
		: secs % 60 == 0 ? arena_printf(s->a, "%dm", secs / 60) : arena_printf(s->a, "%ds", secs);
}

static void retention_guidance(struct sema *s, const struct m_queue *q, int dlq_retention_s, const char *dlq,
			       struct loc loc)
{
	if (dlq_retention_s >= q->retention_s)
		return;
	diag_warning(loc, DIAG_DLQ_RETENTION_GUIDANCE, "dead-letter queue %s keeps messages %s, less than the %s "
		     "of its source queue '%s': SQS counts from the original enqueue time, so a message can expire "
		     "as soon as it is moved; give the DLQ a retention of at least %s", dlq,
		     duration(s, dlq_retention_s), duration(s, q->retention_s), q->c.name, duration(s, q->retention_s));
}

/* Named DLQs against their sources: the same kind (FIFO or standard), no
 * loop, a retention at least the source's; marks the queues that are
 * DLQs, for their redrive-allow policy and alarm. */
void sema_check_dead_letters(struct sema *s)
{
	const struct m_pattern *m = s->m;
	for (size_t i = 0; i < m->n_queues; i++) {
		struct m_queue *q = m->queues[i], *d = q->dlq_queue;
		if (q->dlq)
			retention_guidance(s, q, q->dlq_retention_s, arena_printf(s->a, "'%s-dlq'", q->c.name), q->dlq_loc);
		if (!d)
			continue;
		d->is_dead_letter = true;
		if (d == q) {
			diag_error(q->dlq_loc, DIAG_DLQ_LOOP, "queue '%s' cannot be its own dead-letter queue; name another "
				   "queue, or write dlq { max_receives = %d } for one of its own", q->c.name,
				   q->dlq_max_receives);
			continue;
		}
		if (q->fifo != d->fifo)
			diag_error(q->dlq_loc, DIAG_DLQ_KIND_MISMATCH, "queue '%s' is a %s queue and its dead-letter queue "
				   "'%s' a %s one; SQS needs both FIFO or both standard", q->c.name,
				   q->fifo ? "FIFO" : "standard", d->c.name, d->fifo ? "FIFO" : "standard");
		size_t n = m->n_queues;
		if (!dlq_reaches(q, q, n)) {
			retention_guidance(s, q, d->retention_s, arena_printf(s->a, "'%s'", d->c.name), q->dlq_loc);
			continue;
		}
		bool first = true; /* a loop is reported once, at its first queue */
		for (size_t k = 0; k < i; k++)
			first &= !(dlq_reaches(q, m->queues[k], n) && dlq_reaches(m->queues[k], q, n));
		if (first)
			diag_error(q->dlq_loc, DIAG_DLQ_LOOP, "the dead-letter queues of queue '%s' lead back to it "
				   "(through '%s'); end the chain at a queue without a dlq", q->c.name, d->c.name);
	}
}

/* A standard topic cannot deliver to a FIFO queue; a FIFO topic delivers
 * to SQS queues only (SNS FIFO topics, SNS developer guide). */
void sema_check_fifo_subscription(const struct m_topic *t, const struct m_subscription *sub)
{
	if (sub->queue && sub->queue->fifo && !t->fifo)
		diag_error(sub->loc, DIAG_FIFO_SUBSCRIPTION, "queue '%s' is a FIFO queue, and standard topic '%s' "
			   "cannot deliver to it; make the topic FIFO (fifo = true) or subscribe a standard queue",
			   sub->queue->c.name, t->c.name);
	if (t->fifo && sub->protocol != SUB_SQS)
		diag_error(sub->loc, DIAG_FIFO_SUBSCRIPTION, "FIFO topic '%s' delivers to SQS queues only; subscribe "
			   "a queue that the function consumes, or use a standard topic", t->c.name);
}

/* capacity { read = N, write = N } into *READ and *WRITE: at least 1
 * (E0632), a warning above the default quota. */
static void capacity(struct sema *s, const struct ast_item *st, const char *whose, int *read, int *write)
{
	static const char *const attrs[] = { "read", "write", NULL };
	struct view v;
	if (st->words)
		diag_error(st->words->loc, DIAG_BAD_STATEMENT, "'capacity' takes no name");
	view_open(s, &v, st->block, attrs, NULL, "a capacity block");
	*read = *write = 1;
	for (int i = 0; i < 2; i++) {
		const char *a = attrs[i];
		const struct ast_value *val = view_value(&v, a);
		long long n = 0;
		if (!val)
			diag_error(st->head_loc, DIAG_MISSING_ATTR, "the capacity of %s has no %s; write "
				   "capacity { read = 5, write = 5 }", whose, a);
		else if (get_int(s, val, arena_printf(s->a, "%s capacity", a), LLONG_MIN, LLONG_MAX, DIAG_TABLE_CAPACITY,
				 &n) && (n < 1 || n > INT_MAX))
			diag_error(val->loc, DIAG_TABLE_CAPACITY, "%s capacity %lld of %s is out of range; provisioned "
				   "capacity is a whole number of units, at least 1", a, n, whose);
		else if (val->kind == AV_NUMBER && val->u.num.is_int) {
			*(i ? write : read) = (int)n;
			if (n > DDB_CAPACITY_QUOTA)
				diag_warning(val->loc, DIAG_TABLE_CAPACITY_QUOTA, "%s capacity %lld of %s is above "
					     "DynamoDB's default quota of %d units per table; it deploys only where "
					     "the account's quota was raised", a, n, whose, DDB_CAPACITY_QUOTA);
		}
	}
}

static const struct ast_item *stmt_in(const struct ast_item *st, const char *head)
{
	for (const struct ast_item *i = st->block ? st->block->items : NULL; i; i = i->next)
		if (i->kind == AI_STMT && !strcmp(i->head, head))
			return i;
	return NULL;
}

/* projection = all | keys_only | ["attr", ...] */
static void projection(struct sema *s, struct m_table_index *x, const struct ast_value *v)
{
	static const char *const kinds[] = { "all", "keys_only", NULL };
	x->projection = PROJ_ALL;
	if (!v)
		return;
	if (v->kind != AV_LIST) {
		const char *w;
		if (get_choice(s, v, "projection", kinds, &w))
			x->projection = w[0] == 'a' ? PROJ_ALL : PROJ_KEYS_ONLY;
		return;
	}
	size_t n = 0;
	for (const struct ast_value *e = v->u.list; e; e = e->next)
		n++;
	x->projection = PROJ_INCLUDE;
	x->non_key = arena_alloc(s->a, (n + 1) * sizeof *x->non_key);
	for (const struct ast_value *e = v->u.list; e; e = e->next) {
		if (e->kind != AV_STRING && e->kind != AV_IDENT)
			diag_error(e->loc, DIAG_TYPE, "a projection lists attribute names, such as [\"customerId\"]");
		else
			x->non_key[x->n_non_key++] = e->u.str;
	}
	if (n == 0 || n > DDB_MAX_PROJECTED)
		diag_error(v->loc, DIAG_INDEX_PROJECTION, "index '%s' projects %zu attributes; a projection lists 1 to "
			   "%d (or write projection = all)", x->name, n, DDB_MAX_PROJECTED);
}

/* Index names: 3 to 255 of [a-zA-Z0-9_.-] (CreateTable, IndexName). */
static bool index_name_ok(const char *n)
{
	size_t len = strlen(n);
	return len >= 3 && len <= 255 && strspn(n, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == len;
}

static const char *type_word(enum m_attr_type t)
{
	return t == AT_NUMBER ? "number" : t == AT_BINARY ? "binary" : "string";
}

/* A local index: the table's partition key, a sort key of its own. */
static void local_key(const struct m_table *t, const struct m_table_index *x, const struct key_schema *ks,
		      struct loc head)
{
	if (!t->sk)
		diag_error(head, DIAG_LOCAL_INDEX_KEY, "table '%s' has no sort key, so it cannot have local index '%s'; "
			   "give the table a sort key, or make it a global index (index %s { ... })", t->c.name,
			   x->name, x->name);
	else if (!ks->sk)
		diag_error(ks->pk_loc, DIAG_LOCAL_INDEX_KEY, "local index '%s' needs a sort key of its own: write "
			   "key { %s = ..., ATTR = TYPE }", x->name, t->pk);
	else if (strcmp(ks->pk, t->pk) != 0 || ks->pk_type != t->pk_type)
		diag_error(ks->pk_loc, DIAG_LOCAL_INDEX_KEY, "local index '%s' must start with its table's partition key, "
			   "'%s' of type %s (table '%s'); write key { %s = %s, %s = ... }", x->name, t->pk,
			   type_word(t->pk_type), t->c.name, t->pk, type_word(t->pk_type), ks->sk);
}

static void build_index(struct sema *s, struct m_table *t, struct m_table_index *x, const struct ast_item *st,
			bool local)
{
	static const char *const attrs[] = { "projection", NULL };
	static const char *const gsi_stmts[] = { "key", "capacity", NULL };
	static const char *const lsi_stmts[] = { "key", "capacity", NULL };
	x->loc = st->loc;
	x->local = local;
	x->name = "index";
	if (!st->words || st->words->kind != AV_IDENT || st->words->next)
		diag_error(st->head_loc, DIAG_BAD_STATEMENT, "an index is written %s NAME { key { ... } }", st->head);
	else
		x->name = st->words->u.str;
	if (st->words && !index_name_ok(x->name))
		diag_error(st->words->loc, DIAG_BAD_VALUE, "index name '%s' is not 3 to 255 letters, digits, '_', '-' "
			   "or '.'", x->name);
	struct view v;
	view_open(s, &v, st->block, attrs, local ? lsi_stmts : gsi_stmts,
		  local ? "a local index" : "an index");
	projection(s, x, view_value(&v, "projection"));
	const struct ast_item *key = stmt_in(st, "key");
	struct key_schema ks;
	if (!key || !sema_key_schema(s, key, &ks)) {
		diag_error(key ? key->head_loc : st->head_loc, DIAG_MISSING_ATTR, "index '%s' has no key; write "
			   "key { ATTR = TYPE%s }", x->name, local ? ", ATTR = TYPE" : "");
		x->pk = t->pk;
		x->pk_type = t->pk_type;
		return;
	}
	x->pk = ks.pk;
	x->pk_type = ks.pk_type;
	x->pk_loc = ks.pk_loc;
	x->sk = ks.sk;
	x->sk_type = ks.sk_type;
	x->sk_loc = ks.sk_loc;
	if (local)
		local_key(t, x, &ks, st->head_loc);
	const struct ast_item *cap = stmt_in(st, "capacity");
	if (cap && local)
		diag_error(cap->head_loc, DIAG_TABLE_CAPACITY_MODE, "local index '%s' shares the capacity of table "
			   "'%s'; remove its capacity block", x->name, t->c.name);
	else if (cap && !t->read_capacity)
		diag_error(cap->head_loc, DIAG_TABLE_CAPACITY_MODE, "table '%s' is on demand, so index '%s' takes no "
			   "capacity; remove it, or give the table capacity { read = N, write = N }", t->c.name, x->name);
	else if (cap)
		capacity(s, cap, arena_printf(s->a, "index '%s'", x->name), &x->read_capacity, &x->write_capacity);
	else if (!local) {
		/* a provisioned table's global index needs capacity: the table's */
		x->read_capacity = t->read_capacity;
		x->write_capacity = t->write_capacity;
	}
}

static bool conflicts(const char *name, enum m_attr_type type, const char *pk, enum m_attr_type pk_type,
		      const char *sk, enum m_attr_type sk_type)
{
	return (!strcmp(name, pk) && type != pk_type) || (sk && !strcmp(name, sk) && type != sk_type);
}

/* Every key attribute, of the table and of its indexes, has one type. */
static void check_key_types(struct sema *s, const struct m_table *t)
{
	for (size_t i = 0; i < t->n_indexes; i++) {
		const struct m_table_index *x = &t->indexes[i];
		for (int k = 0; k < 2; k++) {
			const char *name = k ? x->sk : x->pk;
			enum m_attr_type type = k ? x->sk_type : x->pk_type;
			if (!name)
				continue;
			const char *other = NULL;
			if (conflicts(name, type, t->pk, t->pk_type, t->sk, t->sk_type))
				other = "the table's key";
			for (size_t j = 0; !other && j < i; j++) {
				const struct m_table_index *y = &t->indexes[j];
				if (conflicts(name, type, y->pk, y->pk_type, y->sk, y->sk_type))
					other = arena_printf(s->a, "index '%s'", y->name);
			}
			if (other)
				diag_error(k ? x->sk_loc : x->pk_loc, DIAG_KEY_TYPE_CONFLICT, "key attribute '%s' of "
					   "index '%s' has another type in %s; DynamoDB defines each attribute once, "
					   "with one type", name, x->name, other);
		}
	}
}

/* stream = true | false | new_and_old_images | new_image | old_image |
 * keys_only; true is new_and_old_images, as before view types. */
static void stream(struct sema *s, struct m_table *t, const struct ast_value *v)
{
	static const char *const views[] = { "new_and_old_images", "new_image", "old_image", "keys_only", NULL };
	static const char *const types[] = { "NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY" };
	if (!v)
		return;
	if (v->kind == AV_BOOL) {
		t->stream = v->u.b;
		t->stream_view = v->u.b ? types[0] : NULL;
		return;
	}
	const char *w;
	if (!get_choice(s, v, "stream view type", views, &w))
		return;
	for (size_t i = 0; views[i]; i++)
		if (views[i] == w)
			t->stream_view = types[i];
	t->stream = true;
}

static void check_index_counts(struct sema *s, const struct m_table *t)
{
	size_t global = 0, local = 0, projected = 0;
	for (size_t i = 0; i < t->n_indexes; i++) {
		const struct m_table_index *x = &t->indexes[i];
		size_t *n = x->local ? &local : &global;
		if (++*n == (x->local ? DDB_MAX_LSI : DDB_MAX_GSI) + 1)
			diag_error(x->loc, DIAG_TOO_MANY_INDEXES, "table '%s' has more than %d %s indexes, DynamoDB's %s",
				   t->c.name, x->local ? DDB_MAX_LSI : DDB_MAX_GSI, x->local ? "local" : "global",
				   x->local ? "limit" : "default quota");
		projected += x->n_non_key;
		if (projected > DDB_MAX_PROJECTED_ALL && projected - x->n_non_key <= DDB_MAX_PROJECTED_ALL)
			diag_error(x->loc, DIAG_INDEX_PROJECTION, "the indexes of table '%s' project %zu attributes by "
				   "here, more than the %d DynamoDB allows a table's indexes together", t->c.name,
				   projected, DDB_MAX_PROJECTED_ALL);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(t->indexes[j].name, x->name))
				diag_error(x->loc, DIAG_DUPLICATE, "a second index '%s' on table '%s'", x->name, t->c.name);
	}
	(void)s;
}

/* What sema_table leaves: capacity, indexes, stream, deletion protection. */
void sema_table_options(struct sema *s, struct m_table *t, const struct ast_item *it, const struct view *v)
{
	stream(s, t, view_value(v, "stream"));
	t->deletion_protection = -1;
	bool dp;
	if (get_bool(s, view_value(v, "deletion_protection"), "deletion_protection", &dp))
		t->deletion_protection = dp;
	const struct ast_item *cap = stmt_in(it, "capacity");
	if (cap)
		capacity(s, cap, arena_printf(s->a, "table '%s'", t->c.name), &t->read_capacity, &t->write_capacity);
	size_t n = 0;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next)
		n += st->kind == AI_STMT && (!strcmp(st->head, "index") || !strcmp(st->head, "local_index"));
	t->indexes = arena_alloc(s->a, (n + 1) * sizeof *t->indexes);
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		bool local = st->kind == AI_STMT && !strcmp(st->head, "local_index");
		if (local || (st->kind == AI_STMT && !strcmp(st->head, "index"))) {
			struct m_table_index *x = &t->indexes[t->n_indexes++];
			memset(x, 0, sizeof *x);
			build_index(s, t, x, st, local);
		}
	}
	check_key_types(s, t);
	check_index_counts(s, t);
}
