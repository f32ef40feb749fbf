/* alarms.c - the default alarms and dashboard (templates/alarms.yaml) made
 * real for one environment's model: the alarm set and its dashboards,
 * alarms.json, and the dashboard body the backends embed. The defaults are
 * read and checked in alarms_read.c. */
#include "alarms.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "asl.h"
#include "jshare.h"
#include "names.h"
#include "xalloc.h"
#include "plan.h"
#include "alarms_priv.h"

/* ---- the alarm set of one model ---- */

/* Whether rule R has a DLQ of its own (<rule>-rule-dlq): a target with a
 * dlq that names no queue of the pattern. */
static bool has_rule_dlq(const struct m_rule *r)
{
	for (size_t i = 0; i < r->n_targets; i++)
		if (r->targets[i].dlq && !r->targets[i].dlq_queue)
			return true;
	return false;
}

/* Whether function F has a destination Lambda delivers to. */
static bool has_destination(const struct m_function *f)
{
	return f->on_failure || (f->async && (f->async->on_success || f->async->on_failure));
}

/* Whether schedule SC has a DLQ of its own (<schedule>-schedule-dlq). */
static bool has_schedule_dlq(const struct m_schedule *sc)
{
	return sc->target.dlq && !sc->target.dlq_queue;
}

/* Whether rule R delivers to an API destination with a dead-letter queue:
 * what EventBridge fails to put there is InvocationsFailedToBeSentToDlq. */
static bool has_api_target(const struct m_rule *r)
{
	for (size_t i = 0; i < r->n_targets; i++)
		if (r->targets[i].kind == TGT_API && r->targets[i].dlq)
			return true;
	return false;
}

/* Whether ON applies to C: a component of its kind, with what the plan
 * adds for it (plan_bus.c, plan_messaging.c, plan_compute.c decide the
 * same way). */
static bool applies(enum target on, const struct m_comp *c)
{
	switch (on) {
	case ON_AUDIT_DLQ:
		return c->kind == MK_BUS && ((const struct m_bus *)c)->audit;
	case ON_BUS_DLQ:
		return c->kind == MK_BUS && plan_bus_key((const struct m_bus *)c);
	case ON_TOPIC_DLQ:
		return c->kind == MK_TOPIC && ((const struct m_topic *)c)->n_subs;
	case ON_FUNCTION_DLQ:
		return c->kind == MK_FUNCTION && plan_function_has_dlq((const struct m_function *)c);
	case ON_DLQ:
		return c->kind == MK_QUEUE && ((const struct m_queue *)c)->dlq;
	case ON_QUEUE:
		return c->kind == MK_QUEUE;
	case ON_FUNCTION:
		return c->kind == MK_FUNCTION;
	case ON_WORKFLOW:
		return c->kind == MK_WORKFLOW;
	case ON_RULE:
		return c->kind == MK_RULE;
	case ON_RULE_DLQ:
		return c->kind == MK_RULE && has_rule_dlq((const struct m_rule *)c);
	case ON_AUDIT:
		return c->kind == MK_BUS && ((const struct m_bus *)c)->audit;
	case ON_TOPIC:
		return c->kind == MK_TOPIC;
	case ON_STREAM_SOURCE:
		return c->kind == MK_FUNCTION && ((const struct m_function *)c)->source &&
		       ((const struct m_function *)c)->source->kind != MK_QUEUE;
	case ON_ASYNC:
		return c->kind == MK_FUNCTION && ((const struct m_function *)c)->async;
	case ON_DESTINATIONS:
		return c->kind == MK_FUNCTION && has_destination((const struct m_function *)c);
	case ON_FAILURE_QUEUE:
		/* where Lambda sends what a function gave up on (sema marks it) */
		return c->kind == MK_QUEUE && ((const struct m_queue *)c)->is_failure_queue;
	case ON_DEAD_LETTER:
		return c->kind == MK_QUEUE && ((const struct m_queue *)c)->is_dead_letter;
	case ON_PROVISIONED_TABLE:
		return c->kind == MK_TABLE && ((const struct m_table *)c)->read_capacity;
	case ON_PIPE:
		return c->kind == MK_PIPE;
	case ON_PIPE_DLQ:
		return c->kind == MK_PIPE && ((const struct m_pipe *)c)->dlq;
	case ON_SCHEDULE:
		return c->kind == MK_SCHEDULE;
	case ON_SCHEDULE_DLQ:
		return c->kind == MK_SCHEDULE && has_schedule_dlq((const struct m_schedule *)c);
	case ON_API_RULE:
		return c->kind == MK_RULE && has_api_target((const struct m_rule *)c);
	}
	return false;
}

bool alarms_on_dlq(enum target on)
{
	return on == ON_DLQ || on == ON_RULE_DLQ || on == ON_AUDIT_DLQ || on == ON_BUS_DLQ || on == ON_TOPIC_DLQ
		|| on == ON_FUNCTION_DLQ || on == ON_PIPE_DLQ || on == ON_SCHEDULE_DLQ;
}

/* What the name of the dead-letter queue ON watches adds to its
 * component's, "" for the component itself. */
static const char *dlq_suffix(enum target on)
{
	switch (on) {
	case ON_DLQ: return "-dlq";
	case ON_RULE_DLQ: return "-rule-dlq";
	case ON_AUDIT_DLQ: return "-audit-dlq";
	case ON_BUS_DLQ: return "-bus-dlq";
	case ON_TOPIC_DLQ: return "-topic-dlq";
	case ON_FUNCTION_DLQ: return "-function-dlq";
	case ON_SCHEDULE_DLQ: return "-schedule-dlq";
	default: return "";
	}
}

/* SQS names a FIFO queue NAME.fifo, the suffix within its 80 characters. */
static const char *queue_physical(struct arena *a, const struct m_pattern *m, const char *name, bool fifo)
{
	if (!fifo)
		return names_physical(a, m, name, names_limit(MK_QUEUE));
	return arena_printf(a, "%s.fifo", names_physical(a, m, name, names_limit(MK_QUEUE) - 5));
}

const char *alarms_dlq_name(struct arena *a, const struct m_pattern *m, const struct m_queue *q)
{
	return queue_physical(a, m, arena_printf(a, "%s-dlq", q->c.name), q->fifo);
}

/* The physical names the plan gives what ON watches of C: the queue, its
 * DLQ, a rule's own DLQ (plan_messaging.c), a bus's audit rule and stream,
 * which share <bus>-audit within 64 characters (plan_bus.c), a topic
 * (.fifo last for a FIFO topic). */
static const char *comp_physical(struct arena *a, const struct m_pattern *m, const struct m_comp *c, enum target on)
{
	switch (on) {
	case ON_RULE_DLQ:
	case ON_AUDIT_DLQ:
	case ON_BUS_DLQ:
	case ON_FUNCTION_DLQ:
	case ON_SCHEDULE_DLQ:
		return names_physical(a, m, arena_printf(a, "%s%s", c->name, dlq_suffix(on)), names_limit(MK_QUEUE));
	case ON_TOPIC_DLQ:
		return queue_physical(a, m, arena_printf(a, "%s%s", c->name, dlq_suffix(on)),
				      ((const struct m_topic *)c)->fifo);
	case ON_AUDIT:
		return names_physical(a, m, arena_printf(a, "%s-audit", c->name), 64);
	case ON_PIPE_DLQ: /* a queue of the pattern, standard (sema_pipe.c) */
		return names_component(a, m, &((const struct m_pipe *)c)->dlq->c);
	default:
		break;
	}
	if (c->kind == MK_TOPIC && ((const struct m_topic *)c)->fifo)
		return arena_printf(a, "%s.fifo", names_component(a, m, c));
	if (c->kind != MK_QUEUE)
		return names_component(a, m, c);
	const struct m_queue *q = (const struct m_queue *)c;
	return on == ON_DLQ ? alarms_dlq_name(a, m, q) : queue_physical(a, m, c->name, q->fifo);
}

/* The dimensions of DEFS for what ON watches of component C; bus.name is
 * left out when a rule has no bus. */
static const struct alarms_dim *build_dims(struct arena *a, const struct m_pattern *m, const struct dim_def *defs,
					   size_t n, const struct m_comp *c, enum target on, size_t *n_out)
{
	struct alarms_dim *dims = arena_alloc(a, (n + 1) * sizeof *dims);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct alarms_dim *d = &dims[k];
		d->name = defs[i].name;
		d->comp = c;
		d->dlq = alarms_on_dlq(on);
		switch (defs[i].src) {
		case DS_NAME:
			d->attr = MA_NAME;
			d->value = comp_physical(a, m, c, on);
			break;
		case DS_ARN:
			d->attr = MA_ARN;
			break;
		case DS_GROUP: {
			/* Scheduler's metrics are per schedule group */
			const struct m_schedule *sc = (const struct m_schedule *)c;
			d->attr = MA_NAME;
			d->value = sc->group ? names_physical(a, m, sc->group, 64) : "default";
			break;
		}
		case DS_BUS_NAME: {
			const struct m_bus *bus = c->kind == MK_RULE ? ((const struct m_rule *)c)->bus
				: c->kind == MK_BUS ? (const struct m_bus *)c : NULL;
			/* a rule on the default bus has its metrics by RuleName alone */
			if (!bus || bus->origin == BUS_DEFAULT)
				continue;
			d->comp = &bus->c;
			d->dlq = false;
			d->attr = MA_NAME;
			d->value = names_bus(a, m, bus);
			break;
		}
		}
		k++;
	}
	*n_out = k;
	return dims;
}

/* The dimensions are the same for each alarm and graph line that watches
 * C with the same list (a queue's depth and age both name it by
 * QueueName): made once for a component, a target and a list, which a
 * 1,000-chain environment's alarms and dashboards ask for 17,000 times.
 * The memo's key: C, ON, then each dimension's source and name. */
struct dims_made {
	const struct alarms_dim *dims;
	size_t n;
};
static const char memo_dims;

static const struct alarms_dim *make_dims(struct arena *a, const struct m_pattern *m, const struct dim_def *defs,
					  size_t n, const struct m_comp *c, enum target on, size_t *n_out)
{
	size_t len = sizeof c + sizeof on;
	for (size_t i = 0; i < n; i++)
		len += sizeof defs[i].src + strlen(defs[i].name) + 1;
	char *key = xmalloc(len), *k = key;
	memcpy(k, &c, sizeof c), k += sizeof c;
	memcpy(k, &on, sizeof on), k += sizeof on;
	for (size_t i = 0; i < n; i++) {
		memcpy(k, &defs[i].src, sizeof defs[i].src), k += sizeof defs[i].src;
		size_t nl = strlen(defs[i].name) + 1;
		memcpy(k, defs[i].name, nl), k += nl;
	}
	struct dims_made *made = arena_memo_get(a, &memo_dims, key, len);
	if (!made) {
		made = arena_alloc(a, sizeof *made);
		made->dims = build_dims(a, m, defs, n, c, on, &made->n);
		char *kept = arena_alloc(a, len);
		memcpy(kept, key, len);
		arena_memo_put(a, &memo_dims, kept, len, made);
	}
	free(key);
	*n_out = made->n;
	return made->dims;
}

/* The components that alarms watch, in the order the pattern's files are
 * read and, within a file, written. */
static int comp_order(const void *x, const void *y)
{
	const struct m_comp *a = *(const struct m_comp *const *)x, *b = *(const struct m_comp *const *)y;
	if (a->loc.file != b->loc.file)
		return a->loc.file < b->loc.file ? -1 : 1;
	if (a->loc.start != b->loc.start)
		return a->loc.start < b->loc.start ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->name, b->name);
}

static const struct m_comp **watched(struct arena *a, const struct m_pattern *m, size_t *n_out)
{
	size_t n = m->n_queues + m->n_functions + m->n_rules + m->n_workflows + m->n_buses + m->n_topics
		+ m->n_tables + m->n_pipes + m->n_schedules, k = 0;
	const struct m_comp **cs = arena_alloc(a, (n + 1) * sizeof *cs);
	for (size_t i = 0; i < m->n_queues; i++)
		cs[k++] = &m->queues[i]->c;
	for (size_t i = 0; i < m->n_functions; i++)
		cs[k++] = &m->functions[i]->c;
	for (size_t i = 0; i < m->n_rules; i++)
		cs[k++] = &m->rules[i]->c;
	for (size_t i = 0; i < m->n_workflows; i++)
		cs[k++] = &m->workflows[i]->c;
	for (size_t i = 0; i < m->n_buses; i++)
		cs[k++] = &m->buses[i]->c;
	for (size_t i = 0; i < m->n_topics; i++)
		cs[k++] = &m->topics[i]->c;
	for (size_t i = 0; i < m->n_tables; i++)
		cs[k++] = &m->tables[i]->c;
	for (size_t i = 0; i < m->n_pipes; i++)
		cs[k++] = &m->pipes[i]->c;
	for (size_t i = 0; i < m->n_schedules; i++)
		cs[k++] = &m->schedules[i]->c;
	if (n > 1)
		qsort(cs, n, sizeof *cs, comp_order);
	*n_out = n;
	return cs;
}

static const struct alarm_def *find_def(const struct alarms_defaults *d, const char *name)
{
	for (size_t i = 0; i < d->n_alarms; i++)
		if (!strcmp(d->alarms[i].name, name))
			return &d->alarms[i];
	return NULL;
}

/* Every override names a default, and keeps its look-back within
 * CloudWatch's limit. */
static void check_overrides(const struct m_pattern *m, const struct alarms_defaults *d)
{
	for (size_t i = 0; i < m->alarms.n_overrides; i++) {
		const struct m_alarm_override *o = &m->alarms.overrides[i];
		const struct alarm_def *def = find_def(d, o->name);
		if (!def) {
			diag_error(o->loc, DIAG_UNRESOLVED, "no default alarm '%s' in %s", o->name, d->path);
			continue;
		}
		int p = o->period_s ? o->period_s : def->period_s;
		int e = o->evaluation_periods ? o->evaluation_periods : def->evaluation_periods;
		if (!o->disabled && (long)p * e > alarms_range_limit(p))
			diag_error(o->loc, DIAG_RANGE, "alarm '%s' looks back %d periods of %d s, %ld s in all; "
				   "CloudWatch allows at most %ld s", o->name, e, p, (long)p * e, alarms_range_limit(p));
	}
}

/* Applies the pattern's overrides of DEF on C to AL; false when one
 * disables it. */
static bool apply_overrides(const struct m_pattern *m, const struct alarm_def *def, const struct m_comp *c,
			    struct alarms_alarm *al)
{
	for (size_t i = 0; i < m->alarms.n_overrides; i++) {
		const struct m_alarm_override *o = &m->alarms.overrides[i];
		if (strcmp(o->name, def->name) != 0 || (o->only && o->only != c))
			continue;
		if (o->disabled)
			return false;
		if (o->has_threshold) {
			al->threshold = o->threshold;
			al->threshold_overridden = true;
		}
		if (o->period_s) {
			al->period_s = o->period_s;
			al->period_overridden = true;
		}
		if (o->evaluation_periods) {
			al->evaluation_periods = o->evaluation_periods;
			al->evaluation_overridden = true;
		}
		al->override_loc = o->loc;
	}
	return true;
}

/* DEF made for component C; false when the pattern disables it. */
static bool make_alarm(struct arena *a, const struct m_pattern *m, const struct alarm_def *def,
		       const struct m_comp *c, struct alarms_alarm *al)
{
	bool dlq = alarms_on_dlq(def->on);
	memset(al, 0, sizeof *al);
	al->name = names_physical(a, m, arena_printf(a, "%s-%s", c->name, def->name), 255);
	al->alarm = def->name;
	al->comp = c;
	al->dlq = dlq;
	al->description = def->description;
	al->metric_namespace = def->ns;
	al->metric = def->metric;
	al->dims = make_dims(a, m, def->dims, def->n_dims, c, def->on, &al->n_dims);
	al->statistic = def->statistic;
	al->extended_statistic = def->extended_statistic;
	al->comparison = def->comparison;
	al->threshold = def->threshold;
	if (def->timeout_percent > 0 && c->kind == MK_FUNCTION)
		al->threshold = ((const struct m_function *)c)->timeout_s * 10.0 * def->timeout_percent;
	al->period_s = def->period_s;
	al->evaluation_periods = def->evaluation_periods;
	al->treat_missing_data = def->treat_missing_data;
	al->unit = def->unit;
	al->action = m->alarms.notify;
	return apply_overrides(m, def, c, al);
}

#define WIDGET_MAX_ROWS 100       /* as GetMetricWidgetImage; more lines are unreadable */
#define DASHBOARD_MAX_ROWS 2500   /* CloudWatch's quotas */
#define DASHBOARD_MAX_WIDGETS 500

/* The rows of WD for components CS[0..N), component by component. */
static struct alarms_widget *make_widget(struct arena *a, const struct m_pattern *m, const struct widget_def *wd,
					 const struct m_comp *const *cs, size_t n)
{
	struct alarms_row *rows = arena_alloc(a, (n * wd->n_metrics + 1) * sizeof *rows);
	bool dlq = alarms_on_dlq(wd->on);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < wd->n_metrics; j++) {
			const struct metric_def *md = &wd->metrics[j];
			struct alarms_row *r = &rows[k++];
			r->metric_namespace = md->ns;
			r->metric = md->metric;
			r->dims = make_dims(a, m, md->dims, md->n_dims, cs[i], wd->on, &r->n_dims);
			r->stat = md->stat;
			r->label = arena_printf(a, "%s%s %s", cs[i]->name, wd->on == ON_AUDIT ? "-audit" : dlq_suffix(wd->on),
						md->label ? md->label : md->metric);
			r->right_axis = md->right_axis;
			r->comp = cs[i];
			r->dlq = dlq;
		}
	}
	struct alarms_widget *w = arena_alloc(a, sizeof *w);
	w->title = wd->title;
	w->period_s = wd->period_s;
	w->rows = rows;
	w->n_rows = k;
	return w;
}

/* The widgets of WD: none when no component is of its kind, more than one
 * when the rows would not fit in one graph. */
static void make_widgets(struct arena *a, const struct m_pattern *m, const struct widget_def *wd,
			 const struct m_comp **cs, size_t n, struct vec *out)
{
	const struct m_comp **mine = arena_alloc(a, (n + 1) * sizeof *mine);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (applies(wd->on, cs[i]))
			mine[k++] = cs[i];
	size_t per = WIDGET_MAX_ROWS / wd->n_metrics ? WIDGET_MAX_ROWS / wd->n_metrics : 1;
	size_t parts = (k + per - 1) / per;
	for (size_t p = 0; p < parts; p++) {
		size_t from = p * per, count = k - from < per ? k - from : per;
		struct alarms_widget *w = make_widget(a, m, wd, mine + from, count);
		if (parts > 1)
			w->title = arena_printf(a, "%s (%zu/%zu)", wd->title, p + 1, parts);
		vec_push(a, out, w);
	}
}

/* The widgets in order, on as few dashboards as CloudWatch's quotas allow. */
static void make_dashboards(struct arena *a, const struct m_pattern *m, const struct vec *widgets,
			    struct alarms_set *s)
{
	struct alarms_dashboard *ds = arena_alloc(a, (widgets->n + 1) * sizeof *ds);
	struct alarms_widget *ws = arena_alloc(a, (widgets->n + 1) * sizeof *ws);
	size_t nd = 0, rows = 0;
	for (size_t i = 0; i < widgets->n; i++) {
		const struct alarms_widget *w = widgets->items[i];
		struct alarms_dashboard *d = nd ? &ds[nd - 1] : NULL;
		if (!d || d->n_widgets == DASHBOARD_MAX_WIDGETS || rows + w->n_rows > DASHBOARD_MAX_ROWS) {
			d = &ds[nd++];
			d->name = names_physical(a, m, nd == 1 ? "dashboard" : arena_printf(a, "dashboard-%zu", nd), 255);
			d->region = m->region;
			d->widgets = &ws[i];
			rows = 0;
		}
		ws[i] = *w;
		d->n_widgets++;
		rows += w->n_rows;
	}
	s->dashboards = ds;
	s->n_dashboards = nd;
}

struct alarms_set *alarms_build(struct arena *a, const struct m_pattern *m, const struct alarms_defaults *d)
{
	struct alarms_set *s = arena_alloc(a, sizeof *s);
	check_overrides(m, d);
	size_t n;
	const struct m_comp **cs = watched(a, m, &n);
	/* counted first: each component takes a few of the many defaults, and
	 * room for all of them was most of the plan's memory for alarms */
	size_t most = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d->n_alarms; j++)
			most += applies(d->alarms[j].on, cs[i]);
	struct alarms_alarm *alarms = arena_alloc(a, (most + 1) * sizeof *alarms);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d->n_alarms; j++)
			if (applies(d->alarms[j].on, cs[i]) && make_alarm(a, m, &d->alarms[j], cs[i], &alarms[s->n_alarms]))
				s->n_alarms++;
	s->alarms = alarms;
	struct vec widgets = { 0 };
	for (size_t i = 0; i < d->n_widgets; i++)
		make_widgets(a, m, &d->widgets[i], cs, n, &widgets);
	make_dashboards(a, m, &widgets, s);
	return s;
}

/* ---- JSON ---- */

/* KIND.NAME.ATTR, as the language writes what a component will be. */
static const char *ref_text(struct arena *a, const struct m_comp *c, enum m_attr attr)
{
	return arena_printf(a, "%s.%s.%s", model_kind_name(c->kind), c->name, model_attr_name(attr));
}

/* A whole number as an integer, anything else as a real (NULL if it is
 * not finite). */
static json_t *number(struct jshare *js, double d)
{
	if (d == floor(d) && fabs(d) < 9007199254740992.0)
		return jshare_integer(js, (json_int_t)d);
	return json_real(d);
}

static json_t *dims_json(struct arena *a, struct jshare *js, const struct alarms_dim *dims, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new_nocheck(o, "name", jshare_string(js, dims[i].name));
		if (dims[i].value) {
			json_object_set_new_nocheck(o, "value", jshare_string(js, dims[i].value));
		} else {
			json_t *r = json_object();
			json_object_set_new_nocheck(r, "ref", jshare_string(js, ref_text(a, dims[i].comp, dims[i].attr)));
			json_object_set_new_nocheck(o, "value", jshare_node(js, r));
		}
		json_array_append_new(arr, jshare_node(js, o));
	}
	return jshare_node(js, arr);
}

static json_t *alarm_json(struct arena *a, struct jshare *js, const struct alarms_alarm *al)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "name", jshare_string(js, al->name));
	json_object_set_new_nocheck(o, "alarm", jshare_string(js, al->alarm));
	json_object_set_new_nocheck(o, "component", jshare_string(js, arena_printf(a, "%s.%s", model_kind_name(al->comp->kind),
								     al->comp->name)));
	json_object_set_new_nocheck(o, "dlq", json_boolean(al->dlq));
	json_object_set_new_nocheck(o, "description", jshare_string(js, al->description));
	json_object_set_new_nocheck(o, "namespace", jshare_string(js, al->metric_namespace));
	json_object_set_new_nocheck(o, "metric_name", jshare_string(js, al->metric));
	json_object_set_new_nocheck(o, "dimensions", dims_json(a, js, al->dims, al->n_dims));
	if (al->statistic)
		json_object_set_new_nocheck(o, "statistic", jshare_string(js, al->statistic));
	else
		json_object_set_new_nocheck(o, "extended_statistic", jshare_string(js, al->extended_statistic));
	if (al->unit)
		json_object_set_new_nocheck(o, "unit", jshare_string(js, al->unit));
	json_object_set_new_nocheck(o, "comparison_operator", jshare_string(js, al->comparison));
	json_t *t = number(js, al->threshold);
	if (!t) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new_nocheck(o, "threshold", t);
	json_object_set_new_nocheck(o, "period", jshare_integer(js, al->period_s));
	json_object_set_new_nocheck(o, "evaluation_periods", jshare_integer(js, al->evaluation_periods));
	json_object_set_new_nocheck(o, "treat_missing_data", jshare_string(js, al->treat_missing_data));
	json_t *actions = json_array();
	if (al->action) {
		json_t *r = json_object();
		json_object_set_new_nocheck(r, "ref", jshare_string(js, ref_text(a, &al->action->c, MA_ARN)));
		json_array_append_new(actions, jshare_node(js, r));
	}
	json_object_set_new_nocheck(o, "actions", jshare_node(js, actions));
	json_t *changed = json_array();
	if (al->threshold_overridden)
		json_array_append_new(changed, jshare_string(js, "threshold"));
	if (al->period_overridden)
		json_array_append_new(changed, jshare_string(js, "period"));
	if (al->evaluation_overridden)
		json_array_append_new(changed, jshare_string(js, "evaluation_periods"));
	json_object_set_new_nocheck(o, "overridden", jshare_node(js, changed));
	return o;
}

/* jansson's text of a value two levels into the file, each of its lines
 * but the first indented by those levels' four spaces. jansson hands it
 * over a piece at a time, most of a byte or two: gathered here, and given
 * to the file a bufferful at a time. */
struct indented {
	struct outpart *w;
	size_t n;
	char buf[4096];
};

static void indented_flush(struct indented *t)
{
	outset_append(t->w, t->buf, t->n); /* which takes an empty piece */
	t->n = 0;
}

static int put_indented(const char *piece, size_t size, void *data)
{
	struct indented *t = data;
	for (size_t i = 0; i < size; i++) {
		if (t->n + 5 > sizeof t->buf)
			indented_flush(t);
		t->buf[t->n++] = piece[i];
		if (piece[i] == '\n') {
			memcpy(t->buf + t->n, "    ", 4);
			t->n += 4;
		}
	}
	return 0;
}

/* Text of the file's own, not indented. */
static void put_raw(struct indented *t, const char *s, size_t n)
{
	indented_flush(t);
	outset_append(t->w, s, n);
}

static bool put_string(struct indented *t, const char *s)
{
	json_t *j = json_string(s);
	bool ok = j && json_dump_callback(j, put_indented, t, JSON_ENCODE_ANY) == 0;
	json_decref(j);
	return ok;
}

/* The file is what jansson writes of {"pattern", "environment", "alarms"}
 * with a two-space indent, written an alarm at a time: a tree of every
 * alarm, each environment's held while it was written, was the largest
 * thing a build's render held. */
bool alarms_emit_json(struct arena *a, const struct m_pattern *m, const struct alarms_set *s, struct outset *out)
{
	for (size_t i = 0; i < s->n_alarms; i++)
		if (!isfinite(s->alarms[i].threshold))
			return false; /* no JSON number: nothing begun */
	struct indented *t = xmalloc(sizeof *t);
	t->w = outset_begin(out, arena_printf(a, "%s/alarms.json", m->env->name));
	t->n = 0;
	bool ok = true;
	put_raw(t, "{\n  \"pattern\": ", 15);
	ok = put_string(t, m->name);
	put_raw(t, ",\n  \"environment\": ", 19);
	ok = ok && put_string(t, m->env->name);
	put_raw(t, ",\n  \"alarms\": [", 15);
	/* most of an alarm's texts are its kind's, and its dimensions, actions
	 * and numbers its resource's or its kind's: shared, not one per alarm */
	struct jshare *js = jshare_new();
	for (size_t i = 0; i < s->n_alarms && ok; i++) {
		json_t *o = alarm_json(a, js, &s->alarms[i]);
		put_indented(i ? ",\n" : "\n", i ? 2 : 1, t); /* and the indent */
		ok = o && json_dump_callback(o, put_indented, t, JSON_INDENT(2)) == 0;
		json_decref(o);
	}
	jshare_free(js);
	put_raw(t, s->n_alarms ? "\n  ]\n}\n" : "]\n}\n", s->n_alarms ? 7 : 4);
	outset_end(t->w);
	free(t);
	return ok;
}
