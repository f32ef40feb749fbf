/* sema_source.c - Kinesis data streams, and what a function consumes (an
 * SQS queue, a table's DynamoDB stream or a Kinesis stream) with the
 * options each source takes and the filters
 * Lambda applies before it invokes, and what Lambda does with the
 * function's asynchronous invocations (async { }). The ranges are those of
 * CreateEventSourceMapping and PutFunctionEventInvokeConfig in the Lambda
 * API reference. */
#include <string.h>

#include "sema_priv.h"

/* Lambda's default quota of filters on one event source mapping. */
#define SOURCE_MAX_FILTERS 5

static const char *const queue_options[] = { "batch_size", "batching_window", "partial_failures",
					     "max_concurrency", NULL };
static const char *const stream_options[] = { "batch_size", "batching_window", "partial_failures",
					      "starting_position", "bisect_on_error", "max_retries",
					      "max_record_age", "parallelization", NULL };
static const char *const every_option[] = { "batch_size", "batching_window", "partial_failures",
					    "max_concurrency", "starting_position", "bisect_on_error",
					    "max_retries", "max_record_age", "parallelization", NULL };

static bool listed(const char *const *list, const char *w)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(list[i], w))
			return true;
	return false;
}

/* The option names of LIST, for a message: "a, b and c". */
static const char *names_of(struct sema *s, const char *const *list)
{
	const char *out = "";
	for (size_t i = 0; list[i]; i++)
		out = arena_printf(s->a, "%s%s%s", out, !i ? "" : list[i + 1] ? ", " : " and ", list[i]);
	return out;
}

/* consume [KIND] NAME: a queue (the kind may be left out), a table, whose
 * stream it reads, or a Kinesis stream. */
static struct m_comp *source_of(struct sema *s, struct m_function *f, const struct ast_item *st)
{
	const struct ast_value *w = st->words, *nw = w && w->next ? w->next : w;
	enum m_kind kind = MK_QUEUE;
	if (w && w->next && (w->kind != AV_IDENT || !sema_is_kind_word(w->u.str, &kind)))
		nw = NULL;
	if (!w || !nw || nw->kind != AV_IDENT || nw->next) {
		diag_error(st->loc, DIAG_BAD_STATEMENT, "consume takes a queue, a table or a stream: consume "
			   "order-buffer { ... }, consume table order-state { ... }, consume stream clicks { ... }");
		return NULL;
	}
	if (kind != MK_QUEUE && kind != MK_TABLE && kind != MK_STREAM) {
		diag_error(w->loc, DIAG_WRONG_KIND, "a function cannot consume a %s; it consumes a queue, a "
			   "table's stream or a Kinesis stream", w->u.str);
		return NULL;
	}
	if (f->source) {
		diag_error(st->head_loc, DIAG_BAD_STATEMENT, "function '%s' consumes a second source; "
			   "a function has one event source here", f->c.name);
		return NULL;
	}
	struct m_comp *c = sema_lookup(s, kind, nw->u.str, nw->loc);
	if (!c)
		return NULL;
	f->consume_loc = nw->loc;
	if (kind == MK_TABLE && !((struct m_table *)c)->stream) {
		diag_error(nw->loc, DIAG_STREAM_OFF, "table '%s' has no stream for function '%s' to consume; "
			   "turn it on: table %s { stream = true }", c->name, f->c.name, c->name);
		diag_note(c->loc, "table '%s' is declared here", c->name);
	}
	return c;
}

/* on_failure queue NAME | on_failure topic NAME: where a stream source
 * sends what it gives up on, a standard queue or topic. */
static struct m_comp *destination(struct sema *s, const struct m_function *f, const struct ast_item *st,
				  const char *const *kinds, const char *example)
{
	const struct ast_value *kw = st->words, *nw = kw ? kw->next : NULL;
	if (!kw || !nw || nw->next || nw->kind != AV_IDENT || st->block) {
		diag_error(st->loc, DIAG_BAD_STATEMENT, "%s is written: %s KIND NAME, such as %s %s", st->head,
			   st->head, st->head, example);
		return NULL;
	}
	const char *k;
	enum m_kind kind;
	if (!get_choice(s, kw, "destination kind", kinds, &k) || !sema_is_kind_word(k, &kind))
		return NULL;
	struct m_comp *c = sema_lookup(s, kind, nw->u.str, nw->loc);
	if (!c)
		return NULL;
	bool fifo = (kind == MK_QUEUE && ((struct m_queue *)c)->fifo) || (kind == MK_TOPIC && ((struct m_topic *)c)->fifo);
	if (fifo) {
		diag_error(nw->loc, DIAG_DESTINATION_KIND, "%s '%s' is FIFO, which Lambda cannot deliver to; "
			   "name a standard %s", k, c->name, k);
		return NULL;
	}
	if (c == &f->c) {
		diag_error(nw->loc, DIAG_DESTINATION_KIND, "function '%s' cannot be its own destination", f->c.name);
		return NULL;
	}
	return c;
}

/* filter { body.status = ["ok"] } ... at most 5, each a pattern. */
static void source_filters(struct sema *s, struct m_function *f, const struct ast_block *b)
{
	size_t n = 0;
	for (const struct ast_item *st = b ? b->items : NULL; st; st = st->next)
		n += st->kind == AI_STMT && !strcmp(st->head, "filter");
	if (!n)
		return;
	f->filters = arena_alloc(s->a, n * sizeof *f->filters);
	for (const struct ast_item *st = b->items; st; st = st->next) {
		if (st->kind != AI_STMT || strcmp(st->head, "filter") != 0)
			continue;
		if (f->n_filters == SOURCE_MAX_FILTERS) {
			diag_error(st->head_loc, DIAG_FILTER_LIMIT, "function '%s' has more than %d filters on its "
				   "source; Lambda takes %d per event source mapping", f->c.name,
				   SOURCE_MAX_FILTERS, SOURCE_MAX_FILTERS);
			return;
		}
		if (st->words)
			diag_error(st->words->loc, DIAG_BAD_STATEMENT, "filter takes a block: filter { body.kind = [\"a\"] }");
		if (!st->block || !st->block->items) {
			diag_error(st->loc, DIAG_MISSING_ATTR, "an empty filter; write the fields it tests: "
				   "filter { body.kind = [\"a\"] }");
			continue;
		}
		json_t *p = sema_source_filter(s, st->block, f->source);
		if (p)
			f->filters[f->n_filters++] = p;
	}
}

/* The options only a stream has: where to start, retries, age, bisection,
 * parallel batches per shard. */
static void stream_settings(struct sema *s, struct m_function *f, const struct view *v)
{
	static const char *const positions[] = { "latest", "trim_horizon", NULL };
	const char *pos = "latest";
	get_choice(s, view_value(v, "starting_position"), "starting_position", positions, &pos);
	f->starting_position = pos[0] == 'l' ? "LATEST" : "TRIM_HORIZON";
	get_bool(s, view_value(v, "bisect_on_error"), "bisect_on_error", &f->bisect_on_error);
	long long n;
	if (get_int(s, view_value(v, "max_retries"), "max_retries", -1, 10000, DIAG_STREAM_RANGE, &n))
		f->max_retries = (int)n;
	/* a duration, or -1: no limit */
	const struct ast_value *age = view_value(v, "max_record_age");
	if (age && age->kind == AV_NUMBER && age->u.num.is_int && age->u.num.ival == -1)
		f->max_record_age_s = -1;
	else if (age && age->kind == AV_NUMBER)
		diag_error(age->loc, DIAG_STREAM_RANGE, "max_record_age is a duration from 60s to 7d (such as 1h), "
			   "or -1 for no limit");
	else
		get_seconds(s, age, "max_record_age", 60, 604800, DIAG_STREAM_RANGE, &f->max_record_age_s);
	if (get_int(s, view_value(v, "parallelization"), "parallelization", 1, 10, DIAG_STREAM_RANGE, &n))
		f->parallelization = (int)n;
}

/* consume [queue|table] NAME { batch_size = 10, ..., on_failure queue X, filter { ... } } */
void sema_consume(struct sema *s, struct m_function *f, const struct ast_item *st)
{
	static const char *const stmts[] = { "filter", "on_failure", NULL };
	static const char *const failure_kinds[] = { "queue", "topic", NULL };
	struct m_comp *c = source_of(s, f, st);
	if (!c)
		return;
	f->source = c;
	bool queue = c->kind == MK_QUEUE;
	if (queue)
		f->consume = (struct m_queue *)c;
	f->max_retries = f->max_record_age_s = -2;
	struct view v;
	view_open(s, &v, st->block, every_option, stmts, "consume");
	const char *const *takes = queue ? queue_options : stream_options;
	for (size_t i = 0; every_option[i]; i++) {
		const struct ast_item *a = view_attr(&v, every_option[i]);
		if (a && !listed(takes, every_option[i]))
			diag_error(a->key.locs[0], DIAG_SOURCE_OPTION, "%s is not an option of a %s source; "
				   "it takes %s", every_option[i], queue ? "queue" : "stream", names_of(s, takes));
	}
	f->batch_size = queue ? 10 : 100;
	long long n;
	const struct ast_value *bs = view_value(&v, "batch_size");
	if (get_int(s, bs, "batch_size", 1, queue && f->consume->fifo ? 10 : 10000, DIAG_BATCH_SIZE, &n))
		f->batch_size = (int)n;
	get_seconds(s, view_value(&v, "batching_window"), "batching_window", 0, 300, DIAG_BATCH_WINDOW,
		    &f->batching_window_s);
	if (queue && f->batch_size > 10 && f->batching_window_s < 1)
		diag_error(bs->loc, DIAG_BATCH_SIZE, "a batch_size above 10 needs a batching_window of at least 1s");
	get_bool(s, view_value(&v, "partial_failures"), "partial_failures", &f->partial_failures);
	if (queue && get_int(s, view_value(&v, "max_concurrency"), "max_concurrency", 2, 1000, DIAG_RANGE, &n))
		f->max_concurrency = (int)n;
	if (!queue)
		stream_settings(s, f, &v);
	for (const struct ast_item *o = st->block ? st->block->items : NULL; o; o = o->next) {
		if (o->kind != AI_STMT || strcmp(o->head, "on_failure") != 0)
			continue;
		if (queue)
			diag_error(o->head_loc, DIAG_SOURCE_OPTION, "on_failure is for stream sources; a queue's "
				   "failed messages go to its dlq { }");
		else if (f->on_failure)
			diag_error(o->head_loc, DIAG_DUPLICATE, "a second on_failure in consume");
		else
			f->on_failure = destination(s, f, o, failure_kinds, "queue failed-records");
	}
	source_filters(s, f, st->block);
}

/* async { max_retries = 0, max_event_age = 1h, on_success queue X,
 * on_failure topic Y, dlq = true } */
void sema_async(struct sema *s, struct m_function *f, const struct ast_item *st)
{
	static const char *const attrs[] = { "max_retries", "max_event_age", "dlq", NULL };
	static const char *const stmts[] = { "on_success", "on_failure", NULL };
	static const char *const kinds[] = { "queue", "topic", "bus", "function", NULL };
	if (f->async) {
		diag_error(st->head_loc, DIAG_ASYNC_BLOCK, "a second async block in function '%s'", f->c.name);
		return;
	}
	if (st->words)
		diag_error(st->words->loc, DIAG_ASYNC_BLOCK, "async takes a block: async { max_retries = 0 }");
	struct m_async *as = arena_alloc(s->a, sizeof *as);
	as->loc = st->head_loc;
	as->max_retries = as->max_event_age_s = -1;
	f->async = as;
	struct view v;
	view_open(s, &v, st->block, attrs, stmts, "an async block");
	long long n;
	if (get_int(s, view_value(&v, "max_retries"), "max_retries", 0, 2, DIAG_ASYNC_RANGE, &n))
		as->max_retries = (int)n;
	get_seconds(s, view_value(&v, "max_event_age"), "max_event_age", 60, 21600, DIAG_ASYNC_RANGE,
		    &as->max_event_age_s);
	get_bool(s, view_value(&v, "dlq"), "dlq", &as->dlq);
	for (const struct ast_item *o = st->block ? st->block->items : NULL; o; o = o->next) {
		if (o->kind != AI_STMT)
			continue;
		bool success = !strcmp(o->head, "on_success");
		struct m_comp **slot = success ? &as->on_success : &as->on_failure;
		if (strcmp(o->head, "on_success") != 0 && strcmp(o->head, "on_failure") != 0)
			continue;
		if (*slot)
			diag_error(o->head_loc, DIAG_ASYNC_BLOCK, "a second %s in async", o->head);
		else
			*slot = destination(s, f, o, kinds, "queue failed-events");
	}
	if (!st->block || !st->block->items)
		diag_error(st->loc, DIAG_ASYNC_BLOCK, "an empty async block; set max_retries, max_event_age, "
			   "on_success, on_failure or dlq");
}

/* DynamoDB advises at most two readers of a stream's shard at a time. */
void sema_check_stream_readers(struct sema *s)
{
	const struct m_pattern *m = s->m;
	for (size_t t = 0; t < m->n_tables; t++) {
		const struct m_function *first = NULL;
		size_t readers = 0;
		for (size_t i = 0; i < m->n_functions; i++) {
			const struct m_function *f = m->functions[i];
			if (f->source != &m->tables[t]->c)
				continue;
			if (!first)
				first = f;
			if (++readers == 3) {
				diag_warning(f->consume_loc, DIAG_STREAM_READERS, "function '%s' is the third consumer of "
					     "the stream of table '%s'; DynamoDB advises at most two readers of a stream",
					     f->c.name, m->tables[t]->c.name);
				diag_note(first->consume_loc, "the first consumer");
			}
		}
	}
}

/* stream clicks { mode = provisioned, shards = 2, retention = 48h } */
void sema_stream(struct sema *s, struct m_stream *st, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "mode", "shards", "retention", "kms_key", NULL };
	static const char *const modes[] = { "on_demand", "provisioned", NULL };
	struct view v;
	view_open(s, &v, it->block, attrs, NULL, "a stream");
	get_string(s, view_value(&v, "description"), "description", &st->c.description);
	const char *mode = "on_demand";
	get_choice(s, view_value(&v, "mode"), "stream mode", modes, &mode);
	st->provisioned = mode[0] == 'p';
	const struct ast_value *shards = view_value(&v, "shards");
	long long n;
	st->shards = 1;
	if (shards && !st->provisioned)
		diag_error(shards->loc, DIAG_STREAM_CAPACITY, "stream '%s' is on-demand, which scales by itself; "
			   "remove shards, or set mode = provisioned", st->c.name);
	else if (!shards && st->provisioned)
		diag_error(view_attr(&v, "mode")->value->loc, DIAG_STREAM_CAPACITY, "a provisioned stream needs "
			   "its shard count: shards = 1 or more");
	else if (get_int(s, shards, "shards", 1, 10000, DIAG_KINESIS_RANGE, &n))
		st->shards = (int)n;
	int secs = 24 * 3600;
	get_seconds(s, view_value(&v, "retention"), "stream retention", 24 * 3600, 8760LL * 3600,
		    DIAG_KINESIS_RANGE, &secs);
	if (secs % 3600)
		diag_error(view_value(&v, "retention")->loc, DIAG_TYPE, "a stream's retention is whole hours (such as 48h)");
	st->retention_hours = secs / 3600;
	st->key = sema_component_key(s, &v);
}
