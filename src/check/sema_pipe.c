/* sema_pipe.c - EventBridge Pipes: `pipe NAME { source ..., filter { },
 * enrich ..., target ... }`. The source is a queue, a table's stream or a
 * Kinesis stream, the
 * filters are EventBridge patterns on its records (sema_pattern.c), the
 * enrichment a function or an express workflow, the target one component.
 * Limits are those of the AWS::Pipes::Pipe resource schema and the Pipes
 * API reference (PipeSourceSqsQueueParameters,
 * PipeSourceDynamoDBStreamParameters, FilterCriteria, InputTemplate). */
#include <stdlib.h>
#include <string.h>

#include "jtext.h"
#include "sema_priv.h"

#define PIPE_MAX_FILTERS 5        /* FilterCriteria.Filters */
#define PIPE_MAX_PATTERN 4096     /* Filter.Pattern */
#define PIPE_MAX_TEMPLATE 8192    /* InputTemplate */

/* The fields of the records each source hands a pipe, which a filter's
 * top level may test (the Pipes user guide, "Event filtering"). */

/* KIND NAME, the words of source, enrich and target; NULL after an error. */
static struct m_comp *kind_and_name(struct sema *s, const struct ast_item *st, const char *const *kinds,
				    const char *example)
{
	const struct ast_value *kw = st->words, *nw = kw ? kw->next : NULL;
	if (!kw || !nw || nw->next || kw->kind != AV_IDENT || nw->kind != AV_IDENT) {
		diag_error(st->loc, DIAG_BAD_STATEMENT, "%s is written: %s KIND NAME, such as %s", st->head, st->head,
			   example);
		return NULL;
	}
	bool allowed = false;
	for (size_t i = 0; kinds[i]; i++)
		allowed |= !strcmp(kinds[i], kw->u.str);
	if (!allowed) {
		const char *list = "";
		for (size_t i = 0; kinds[i]; i++)
			list = arena_printf(s->a, "%s%s%s", list, i ? (kinds[i + 1] ? ", " : " or ") : "", kinds[i]);
		diag_error(kw->loc, DIAG_PIPE_KIND, "a pipe's %s is a %s, not '%s'", st->head, list, kw->u.str);
		return NULL;
	}
	enum m_kind kind;
	sema_is_kind_word(kw->u.str, &kind);
	return sema_lookup(s, kind, nw->u.str, nw->loc);
}

static void template_attr(struct sema *s, const struct view *v, const char *name, const char **out)
{
	if (!get_string(s, view_value(v, name), name, out))
		return;
	if (strlen(*out) > PIPE_MAX_TEMPLATE)
		diag_error(view_attr(v, name)->value->loc, DIAG_PIPE_TEMPLATE,
			   "%s is %zu characters; EventBridge Pipes takes at most %d", name, strlen(*out),
			   PIPE_MAX_TEMPLATE);
}

/* The settings of a stream source, a table's or a Kinesis stream
 * (PipeSourceDynamoDBStreamParameters, PipeSourceKinesisStreamParameters:
 * the same but for AT_TIMESTAMP, which only Kinesis has). */
static void stream_source(struct sema *s, struct m_pipe *p, const struct view *v, const struct ast_item *st)
{
	static const char *const positions[] = { "latest", "trim_horizon", NULL };
	const char *kind = model_kind_name(p->source->kind);
	if (p->source->kind == MK_TABLE && !((const struct m_table *)p->source)->stream) {
		diag_error(st->words->next->loc, DIAG_PIPE_STREAM_OFF,
			   "table '%s' has no stream for pipe '%s' to read", p->source->name, p->c.name);
		diag_note(p->source->loc, "turn it on in the table: stream = true");
	}
	const char *pos = NULL;
	const struct ast_value *sp = view_value(v, "starting_position");
	if (!sp)
		diag_error(st->head_loc, DIAG_PIPE_START, "a %s source needs a starting_position: latest (records "
			   "written from now on) or trim_horizon (every record the stream still holds)", kind);
	else if (get_choice(s, sp, "starting_position", positions, &pos))
		p->starting_position = !strcmp(pos, "latest") ? PIPE_START_LATEST : PIPE_START_TRIM_HORIZON;
	long long n;
	if (get_int(s, view_value(v, "max_retries"), "max_retries", 0, 10000, DIAG_PIPE_STREAM_RANGE, &n))
		p->max_retries = (int)n;
	get_seconds(s, view_value(v, "max_record_age"), "max_record_age", 60, 604800, DIAG_PIPE_STREAM_RANGE,
		    &p->max_record_age_s);
	if (get_int(s, view_value(v, "parallelization"), "parallelization", 1, 10, DIAG_PIPE_STREAM_RANGE, &n))
		p->parallelization = (int)n;
	get_bool(s, view_value(v, "bisect_on_error"), "bisect_on_error", &p->bisect_on_error);
	const struct ast_value *dlq = view_value(v, "dlq");
	if (dlq && dlq->kind == AV_IDENT)
		p->dlq = (struct m_queue *)sema_lookup(s, MK_QUEUE, dlq->u.str, dlq->loc);
	else if (dlq)
		diag_error(dlq->loc, DIAG_TYPE, "dlq names a queue: dlq = failed-orders");
	if (p->dlq && p->dlq->fifo)
		diag_error(dlq->loc, DIAG_BAD_VALUE, "a stream's dead-letter queue is a standard queue, not FIFO queue '%s'",
			   p->dlq->c.name);
	if (!dlq)
		diag_warning(st->head_loc, DIAG_PIPE_NO_DLQ, "pipe '%s' has no dlq for the records of %s '%s' it "
			     "cannot deliver; they are retried until they expire and hold up their shard", p->c.name,
			     kind, p->source->name);
}

/* source queue NAME { ... } | source table NAME { ... } | source stream NAME { ... } */
static void build_source(struct sema *s, struct m_pipe *p, const struct ast_item *st)
{
	static const char *const kinds[] = { "queue", "table", "stream", NULL };
	static const char *const queue_attrs[] = { "batch_size", "batching_window", NULL };
	static const char *const table_attrs[] = { "batch_size", "batching_window", "starting_position",
						   "max_retries", "max_record_age", "parallelization",
						   "bisect_on_error", "dlq", NULL };
	p->source_loc = st->loc;
	p->source = kind_and_name(s, st, kinds, "source queue order-buffer");
	if (!p->source)
		return;
	bool queue = p->source->kind == MK_QUEUE;
	struct view v;
	view_open(s, &v, st->block, queue ? queue_attrs : table_attrs, NULL,
		  queue ? "a pipe's queue source" : p->source->kind == MK_TABLE ? "a pipe's table source"
		  : "a pipe's stream source");
	long long n;
	long long max = queue && ((const struct m_queue *)p->source)->fifo ? 10 : 10000;
	if (get_int(s, view_value(&v, "batch_size"), "batch_size", 1, max, DIAG_PIPE_BATCH, &n))
		p->batch_size = (int)n;
	get_seconds(s, view_value(&v, "batching_window"), "batching_window", 0, 300, DIAG_PIPE_WINDOW,
		    &p->batching_window_s);
	if (!queue)
		stream_source(s, p, &v, st);
}

/* enrich function NAME [{ input_template }] | enrich workflow NAME: Pipes
 * waits for the enrichment's answer, which only an express workflow gives
 * (StartSyncExecution). */
static void build_enrich(struct sema *s, struct m_pipe *p, const struct ast_item *st)
{
	static const char *const kinds[] = { "function", "workflow", NULL };
	static const char *const attrs[] = { "input_template", NULL };
	p->enrich_loc = st->loc;
	p->enrich = kind_and_name(s, st, kinds, "enrich function enrich-order");
	struct view v;
	view_open(s, &v, st->block, attrs, NULL, "a pipe's enrichment");
	template_attr(s, &v, "input_template", &p->enrich_template);
	if (p->enrich && p->enrich->kind == MK_WORKFLOW && !((const struct m_workflow *)p->enrich)->express) {
		diag_error(st->words->next->loc, DIAG_PIPE_EXPRESS, "workflow '%s' enriches pipe '%s', which waits "
			   "for its result: only an express workflow runs synchronously", p->enrich->name, p->c.name);
		diag_note(p->enrich->loc, "make it express: type = express");
	}
}

static void target_invocation(struct sema *s, struct m_pipe *p, const struct view *v)
{
	static const char *const ways[] = { "fire_and_forget", "request_response", NULL };
	/* Lambda's own default is to wait; a workflow is started and left */
	p->request_response = p->target_kind == TGT_FUNCTION;
	const char *w;
	if (!get_choice(s, view_value(v, "invocation"), "invocation", ways, &w))
		return;
	p->request_response = !strcmp(w, "request_response");
	if (p->request_response && p->target_kind == TGT_WORKFLOW && p->target &&
	    !((const struct m_workflow *)p->target)->express) {
		diag_error(view_attr(v, "invocation")->value->loc, DIAG_PIPE_INVOCATION, "a standard workflow is "
			   "only started (fire_and_forget); request_response waits for an express workflow's result");
		diag_note(p->target->loc, "workflow '%s' is standard", p->target->name);
	}
}

static void bus_target(struct sema *s, struct m_pipe *p, const struct view *v)
{
	if (get_string(s, view_value(v, "source"), "source", &p->event_source) &&
	    (!strncmp(p->event_source, "aws.", 4) || !*p->event_source || strlen(p->event_source) > 256))
		diag_error(view_attr(v, "source")->value->loc, DIAG_PIPE_BUS_PARAMS, "an event's source is 1 to 256 "
			   "characters and does not start with 'aws.', which AWS keeps for its services");
	if (get_string(s, view_value(v, "detail_type"), "detail_type", &p->detail_type) &&
	    (!*p->detail_type || strlen(p->detail_type) > 128))
		diag_error(view_attr(v, "detail_type")->value->loc, DIAG_PIPE_BUS_PARAMS,
			   "an event's detail-type is 1 to 128 characters");
}

/* target KIND NAME [{ ... }]: the attributes its kind takes. */
static void build_target(struct sema *s, struct m_pipe *p, const struct ast_item *st)
{
	static const char *const kinds[] = { "workflow", "bus", "queue", "function", "topic", NULL };
	static const char *const call_attrs[] = { "input_template", "invocation", NULL };
	static const char *const queue_attrs[] = { "input_template", "message_group_id", NULL };
	static const char *const bus_attrs[] = { "input_template", "source", "detail_type", NULL };
	static const char *const topic_attrs[] = { "input_template", NULL };
	p->target_loc = st->loc;
	p->target = kind_and_name(s, st, kinds, "target workflow fulfil-order");
	if (!p->target)
		return;
	enum m_kind k = p->target->kind;
	p->target_kind = k == MK_QUEUE ? TGT_QUEUE : k == MK_FUNCTION ? TGT_FUNCTION : k == MK_WORKFLOW ? TGT_WORKFLOW
		: k == MK_TOPIC ? TGT_TOPIC : TGT_BUS;
	struct view v;
	view_open(s, &v, st->block, k == MK_QUEUE ? queue_attrs : k == MK_BUS ? bus_attrs : k == MK_TOPIC ? topic_attrs
		  : call_attrs, NULL, arena_printf(s->a, "a pipe's %s target", model_kind_name(k)));
	template_attr(s, &v, "input_template", &p->input_template);
	if (k == MK_FUNCTION || k == MK_WORKFLOW)
		target_invocation(s, p, &v);
	if (k == MK_BUS)
		bus_target(s, p, &v);
	if (k == MK_QUEUE) {
		bool fifo = ((const struct m_queue *)p->target)->fifo;
		get_string(s, view_value(&v, "message_group_id"), "message_group_id", &p->message_group_id);
		if (fifo && !p->message_group_id)
			diag_error(st->head_loc, DIAG_PIPE_GROUP, "FIFO queue '%s' needs a message_group_id for what pipe "
				   "'%s' sends, such as \"$.body.customerId\"", p->target->name, p->c.name);
		else if (!fifo && p->message_group_id)
			diag_error(view_attr(&v, "message_group_id")->loc, DIAG_PIPE_GROUP, "queue '%s' is not FIFO; "
				   "only a FIFO queue takes a message_group_id", p->target->name);
	}
	if (p->target == p->source)
		diag_error(st->words->next->loc, DIAG_PIPE_LOOP, "pipe '%s' would send what it reads from queue '%s' "
			   "back to it, forever", p->c.name, p->target->name);
}

static void build_filter(struct sema *s, struct m_pipe *p, const struct ast_item *st, struct vec *filters)
{
	if (st->words)
		diag_error(st->words->loc, DIAG_BAD_STATEMENT, "'filter' takes no name");
	if (filters->n == PIPE_MAX_FILTERS)
		diag_error(st->head_loc, DIAG_PIPE_FILTERS, "pipe '%s' has more than %d filters; EventBridge Pipes "
			   "takes %d (write alternatives in one filter with $or)", p->c.name, PIPE_MAX_FILTERS,
			   PIPE_MAX_FILTERS);
	if (!p->source || !st->block)
		return;
	const char *what;
	const char *const *fields = sema_record_fields(p->source->kind, &what);
	json_t *pat = sema_record_pattern(s, st->block, fields, what);
	if (!pat)
		return;
	char *text = json_text(pat, JSON_COMPACT | JSON_SORT_KEYS);
	if (text && strlen(text) > PIPE_MAX_PATTERN)
		diag_error(st->head_loc, DIAG_PIPE_FILTERS, "this filter is %zu characters as JSON; EventBridge Pipes "
			   "takes patterns of at most %d", strlen(text), PIPE_MAX_PATTERN);
	free(text);
	vec_push(s->a, filters, pat);
}

/* A statement of kind HEAD at most once (E0236); the first one is used. */
static bool first_of(const struct ast_item *st, const struct ast_item **seen, const char *name)
{
	if (*seen) {
		diag_error(st->head_loc, DIAG_PIPE_REPEATED, "a second %s in pipe '%s'; a pipe has one", st->head, name);
		diag_note((*seen)->head_loc, "the first is here");
		return false;
	}
	*seen = st;
	return true;
}

/* Each queue has one reader: a function or a pipe (E0306 for two
 * functions, sema_check_consumers). */
static void check_queue_reader(struct sema *s, const struct m_pipe *p)
{
	if (!p->source || p->source->kind != MK_QUEUE)
		return;
	const struct m_queue *q = (const struct m_queue *)p->source;
	if (q->consumer) {
		diag_error(p->source_loc, DIAG_PIPE_CONSUMER, "queue '%s' is consumed by function '%s'; pipe '%s' "
			   "cannot read it too", q->c.name, q->consumer->c.name, p->c.name);
		diag_note(q->consumer->consume_loc, "consumed here");
		return;
	}
	for (size_t i = 0; i < s->m->n_pipes && s->m->pipes[i] != p; i++) {
		if (s->m->pipes[i]->source == p->source) {
			diag_error(p->source_loc, DIAG_PIPE_CONSUMER, "queue '%s' is already the source of pipe '%s'",
				   q->c.name, s->m->pipes[i]->c.name);
			diag_note(s->m->pipes[i]->source_loc, "its source is here");
			return;
		}
	}
}

void sema_pipe(struct sema *s, struct m_pipe *p, const struct ast_item *it)
{
	static const char *const attrs[] = { "description", "enabled", "log_level", "log_retention", "kms_key", NULL };
	static const char *const stmts[] = { "source", "filter", "enrich", "target", NULL };
	static const char *const levels[] = { "off", "error", "info", "trace", NULL };
	p->batching_window_s = -1;
	p->max_retries = -2;
	p->max_record_age_s = -2;
	struct view v;
	view_open(s, &v, it->block, attrs, stmts, "a pipe");
	get_string(s, view_value(&v, "description"), "description", &p->c.description);
	p->enabled = true;
	get_bool(s, view_value(&v, "enabled"), "enabled", &p->enabled);
	const char *level = "error";
	get_choice(s, view_value(&v, "log_level"), "log_level", levels, &level);
	p->log_level = !strcmp(level, "off") ? "OFF" : !strcmp(level, "info") ? "INFO"
		: !strcmp(level, "trace") ? "TRACE" : "ERROR";
	if (!strcmp(level, "off"))
		diag_warning(view_attr(&v, "log_level")->value->loc, DIAG_PIPE_LOGS_OFF, "pipe '%s' logs nothing; "
			     "the errors of its stages go unseen: keep log_level = error", p->c.name);
	p->log_retention_days = sema_log_retention(s, &v);
	p->key = sema_component_key(s, &v);
	const struct ast_item *source = NULL, *enrich = NULL, *target = NULL;
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT)
			continue;
		if (!strcmp(st->head, "source") && first_of(st, &source, p->c.name))
			build_source(s, p, st);
	}
	struct vec filters = { 0 };
	for (const struct ast_item *st = it->block ? it->block->items : NULL; st; st = st->next) {
		if (st->kind != AI_STMT)
			continue;
		if (!strcmp(st->head, "filter"))
			build_filter(s, p, st, &filters);
		else if (!strcmp(st->head, "enrich") && first_of(st, &enrich, p->c.name))
			build_enrich(s, p, st);
		else if (!strcmp(st->head, "target") && first_of(st, &target, p->c.name))
			build_target(s, p, st);
	}
	p->filters = arena_alloc(s->a, (filters.n + 1) * sizeof *p->filters);
	for (size_t i = 0; i < filters.n; i++)
		p->filters[i] = filters.items[i];
	p->n_filters = filters.n;
	if (!source || !target)
		diag_error(p->c.loc, DIAG_PIPE_MISSING, "pipe '%s' has no %s: write %s", p->c.name,
			   !source ? "source" : "target", !source ? "source queue NAME or source table NAME { "
			   "starting_position = latest }" : "target KIND NAME, such as target workflow fulfil-order");
	check_queue_reader(s, p);
}
