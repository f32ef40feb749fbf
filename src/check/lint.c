/* lint.c - the practices of the reference architecture, as warnings
 * W0901-W0914 on a checked model (docs/language.md, "Lint"). A pattern is
 * linted once per environment; the queue prints a warning common to all of
 * them once, so messages name nothing that differs between environments.
 * Which warnings are shown (--disable, ignore comments, .eventc.yaml, the
 * codes that are off by default) is suppress.c's business, not this file's. */
#include "lint.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "xalloc.h"

/* The positions of an array's items, by address: a component found in
 * its array by a binary search, not by a walk of the array (which cost
 * the queues' or functions' number squared). */
struct positions {
	struct position { uintptr_t at; size_t i; } *by_address;
	size_t n;
};

static int by_address(const void *x, const void *y)
{
	uintptr_t a = ((const struct position *)x)->at, b = ((const struct position *)y)->at;
	return a < b ? -1 : a > b;
}

static struct positions positions_of(void *const *items, size_t n)
{
	struct positions p = { xcalloc(n + 1, sizeof *p.by_address), n };
	for (size_t i = 0; i < n; i++)
		p.by_address[i] = (struct position){ (uintptr_t)items[i], i };
	qsort(p.by_address, n, sizeof *p.by_address, by_address);
	return p;
}

/* Where ITEM is in the array, or its length. */
static size_t index_of(const struct positions *p, const void *item)
{
	struct position key = { (uintptr_t)item, 0 };
	const struct position *found = bsearch(&key, p->by_address, p->n, sizeof key, by_address);
	return found ? found->i : p->n;
}

/* How the rest of the pattern uses each queue, function and topic. */
struct usage {
	const struct m_pattern *m;
	struct positions queues, functions;
	bool *queue_fed;       /* something sends to queues[i] */
	bool *function_run;    /* something starts functions[i] */
	bool *queue_piped;     /* queues[i] is a pipe's source: it has a reader */
};

static void mark_comp(struct usage *u, const struct m_comp *c)
{
	if (!c)
		return;
	const struct m_pattern *m = u->m;
	if (c->kind == MK_QUEUE) {
		size_t i = index_of(&u->queues, c);
		if (i < m->n_queues)
			u->queue_fed[i] = true;
	} else if (c->kind == MK_FUNCTION) {
		size_t i = index_of(&u->functions, c);
		if (i < m->n_functions)
			u->function_run[i] = true;
	}
}

/* Task actions name the component they send to or start. */
static void mark_graph(struct usage *u, const struct m_graph *g)
{
	for (size_t i = 0; i < g->n_states; i++) {
		const struct m_state *st = g->states[i];
		if (st->kind == ST_TASK && (st->action == TA_INVOKE || st->action == TA_SEND))
			mark_comp(u, st->target);
		for (size_t b = 0; b < st->n_branches; b++)
			mark_graph(u, st->branches[b]);
		if (st->iterator)
			mark_graph(u, st->iterator);
	}
}

static void mark_targets(struct usage *u)
{
	const struct m_pattern *m = u->m;
	for (size_t i = 0; i < m->n_rules; i++) {
		for (size_t t = 0; t < m->rules[i]->n_targets; t++) {
			const struct m_target *tg = &m->rules[i]->targets[t];
			mark_comp(u, tg->comp);
			if (tg->dlq_queue)
				mark_comp(u, &tg->dlq_queue->c);
		}
	}
	for (size_t i = 0; i < m->n_topics; i++) {
		for (size_t s = 0; s < m->topics[i]->n_subs; s++) {
			const struct m_subscription *sub = &m->topics[i]->subs[s];
			if (sub->queue)
				mark_comp(u, &sub->queue->c);
			if (sub->function)
				mark_comp(u, &sub->function->c);
		}
	}
	for (size_t i = 0; i < m->n_functions; i++) {
		const struct m_function *f = m->functions[i];
		for (size_t g = 0; g < f->n_grants; g++) {
			enum m_access acc = f->grants[g].access;
			if (acc == ACC_INVOKE || acc == ACC_WRITE || acc == ACC_PUBLISH)
				mark_comp(u, f->grants[g].comp);
		}
		/* Lambda delivers to a function's destinations */
		if (f->on_failure)
			mark_comp(u, f->on_failure);
		if (f->async && f->async->on_success)
			mark_comp(u, f->async->on_success);
		if (f->async && f->async->on_failure)
			mark_comp(u, f->async->on_failure);
	}
	for (size_t i = 0; i < m->n_workflows; i++)
		mark_graph(u, &m->workflows[i]->graph);
	/* a pipe reads its source (as a consumer would), calls its
	 * enrichment and feeds its target and its stream's DLQ */
	for (size_t i = 0; i < m->n_pipes; i++) {
		const struct m_pipe *p = m->pipes[i];
		mark_comp(u, p->enrich);
		mark_comp(u, p->target);
		if (p->dlq)
			mark_comp(u, &p->dlq->c);
		if (p->source && p->source->kind == MK_QUEUE)
			u->queue_piped[index_of(&u->queues, p->source)] = true;
	}
	for (size_t i = 0; i < m->n_schedules; i++) {
		const struct m_target *tg = &m->schedules[i]->target;
		mark_comp(u, tg->comp);
		if (tg->dlq_queue)
			mark_comp(u, &tg->dlq_queue->c);
	}
}

/* PascalCase: an upper-case letter first, letters and digits only, and at
 * least one lower-case letter (ORDERCREATED shouts). */
static bool is_pascal_case(const char *s)
{
	if (!isupper((unsigned char)s[0]))
		return false;
	bool lower = false;
	for (const char *p = s; *p; p++) {
		if (!isalnum((unsigned char)*p))
			return false;
		lower |= islower((unsigned char)*p) != 0;
	}
	return lower;
}

/* A name that is a placeholder word, with or without a number after it:
 * Event1, Message, Test2. */
static bool is_generic_name(const char *s)
{
	static const char *const words[] = {
		"event", "message", "msg", "test", "example", "sample", "foo", "bar", "baz",
		"data", "thing", "type", "item", "payload", "record", "notification", "new",
		"temp", "tmp", "my", "default", NULL
	};
	size_t n = strlen(s);
	while (n > 0 && isdigit((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return true;
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
			return true;
	return false;
}

static void lint_events(const struct m_pattern *m)
{
	for (size_t i = 0; i < m->n_events; i++) {
		const struct m_event *e = m->events[i];
		if (is_generic_name(e->c.name))
			diag_warning(e->c.loc, DIAG_LINT_EVENT_GENERIC,
				     "event type '%s' says nothing of what happened; name it for the fact it "
				     "records, such as OrderCreated", e->c.name);
		else if (!is_pascal_case(e->c.name))
			diag_warning(e->c.loc, DIAG_LINT_EVENT_CASE,
				     "event type '%s' is not in PascalCase, such as OrderCreated", e->c.name);
		if (!e->version_declared)
			diag_warning(e->c.loc, DIAG_LINT_EVENT_VERSION,
				     "event '%s' declares no version; add 'version = 1' and raise it when "
				     "its detail changes", e->c.name);
	}
}

static void lint_queues(const struct m_pattern *m, const struct usage *u)
{
	for (size_t i = 0; i < m->n_queues; i++) {
		const struct m_queue *q = m->queues[i];
		if (q->consumer && !q->dlq && !q->dlq_queue)
			diag_warning(q->c.loc, DIAG_LINT_QUEUE_NO_DLQ,
				     "queue '%s' is consumed by function '%s' but has no dead-letter queue; "
				     "add 'dlq { max_receives = 5 }'", q->c.name, q->consumer->c.name);
		/* a dead-letter queue of other queues is fed by their redrives
		 * and read by hand (or redriven back), like a DLQ of its own;
		 * a pipe reads the queue it takes as its source */
		if (q->is_dead_letter || u->queue_piped[i])
			continue;
		if (!q->consumer && !u->queue_fed[i])
			diag_warning(q->c.loc, DIAG_LINT_UNUSED_QUEUE,
				     "nothing sends to queue '%s' and no function consumes it", q->c.name);
		else if (!q->consumer)
			diag_warning(q->c.loc, DIAG_LINT_QUEUE_UNREAD,
				     "no function of the pattern consumes queue '%s'; its messages expire "
				     "unless something else reads them", q->c.name);
	}
}

static void lint_functions(const struct m_pattern *m, const struct usage *u)
{
	for (size_t i = 0; i < m->n_functions; i++) {
		const struct m_function *f = m->functions[i];
		if (!f->source && !u->function_run[i])
			diag_warning(f->c.loc, DIAG_LINT_UNUSED_FUNCTION,
				     "nothing triggers function '%s': no queue, stream, subscription, rule, "
				     "workflow or function starts it", f->c.name);
		if (f->source && f->batch_size > 1 && !f->partial_failures)
			diag_warning(f->consume_loc, DIAG_LINT_PARTIAL_FAILURES,
				     "function '%s' takes batches of up to %d messages without partial batch "
				     "failures; set 'partial_failures = true'", f->c.name, f->batch_size);
		if (!f->tracing_active)
			diag_warning(f->c.loc, DIAG_LINT_TRACING,
				     "function '%s' has X-Ray tracing off; set 'tracing = active'", f->c.name);
	}
}

static void lint_topics(const struct m_pattern *m)
{
	for (size_t i = 0; i < m->n_topics; i++) {
		const struct m_topic *t = m->topics[i];
		if (t->n_subs == 0)
			diag_warning(t->c.loc, DIAG_LINT_UNUSED_TOPIC,
				     "topic '%s' has no subscribers", t->c.name);
		for (size_t s = 0; s < t->n_subs; s++)
			if (t->subs[s].protocol == SUB_EMAIL)
				diag_warning(t->subs[s].loc, DIAG_LINT_EMAIL,
					     "email subscription to topic '%s' delivers nothing until its "
					     "recipient confirms it", t->c.name);
	}
}

static void lint_rules(const struct m_pattern *m)
{
	for (size_t i = 0; i < m->n_rules; i++) {
		const struct m_rule *r = m->rules[i];
		if (r->pattern && !json_object_get(r->pattern, "source") &&
		    !json_object_get(r->pattern, "detail-type"))
			diag_warning(r->c.loc, DIAG_LINT_RULE_UNFILTERED,
				     "rule '%s' filters on neither source nor detail-type; match the events "
				     "it is for", r->c.name);
	}
}

/* task ... { retry [...] { backoff = 1.0 } }, invoke ... wait_for_token */
static void lint_graph(const struct m_workflow *w, const struct m_graph *g)
{
	for (size_t i = 0; i < g->n_states; i++) {
		const struct m_state *st = g->states[i];
		for (size_t r = 0; r < st->n_retries; r++)
			if (st->retries[r].backoff >= 0 && st->retries[r].backoff <= 1.0)
				diag_warning(st->retries[r].loc, DIAG_LINT_RETRY_BACKOFF,
					     "retry of state '%s' waits the same interval every time; "
					     "use 'backoff = 2.0'", st->name);
		if (st->kind == ST_TASK && st->wait_for_token && st->timeout_s == 0 && st->heartbeat_s == 0)
			diag_warning(st->loc, DIAG_LINT_CALLBACK_TIMEOUT,
				     "task '%s' of workflow '%s' waits for a task token without a timeout; "
				     "set 'timeout' and catch States.Timeout", st->name, w->c.name);
		for (size_t b = 0; b < st->n_branches; b++)
			lint_graph(w, st->branches[b]);
		if (st->iterator)
			lint_graph(w, st->iterator);
	}
}

static void lint_workflows(const struct m_pattern *m)
{
	for (size_t i = 0; i < m->n_workflows; i++) {
		const struct m_workflow *w = m->workflows[i];
		if (!w->tracing)
			diag_warning(w->c.loc, DIAG_LINT_TRACING,
				     "workflow '%s' has X-Ray tracing off; set 'tracing = true'", w->c.name);
		lint_graph(w, &w->graph);
	}
}

void lint_pattern(const struct m_pattern *m)
{
	struct usage u = {
		.m = m,
		.queues = positions_of((void *const *)m->queues, m->n_queues),
		.functions = positions_of((void *const *)m->functions, m->n_functions),
		.queue_fed = xcalloc(m->n_queues + 1, sizeof *u.queue_fed),
		.function_run = xcalloc(m->n_functions + 1, sizeof *u.function_run),
		.queue_piped = xcalloc(m->n_queues + 1, sizeof *u.queue_piped),
	};
	mark_targets(&u);
	lint_events(m);
	lint_queues(m, &u);
	lint_functions(m, &u);
	lint_topics(m);
	lint_rules(m);
	lint_workflows(m);
	free(u.queue_fed);
	free(u.function_run);
	free(u.queue_piped);
	free(u.queues.by_address);
	free(u.functions.by_address);
}
