/* plan_watch.c - what watches the pattern and what it tells the outside:
 * the alarms and dashboards of alarms.c's set, and the outputs. */
#include "plan_priv.h"

#include <string.h>


/* The physical names the dashboards and alarms name, each a reference to
 * its resource whose value is known now. A name is known twice: as
 * "TYPE:NAME", for a dimension that names a resource of that type (a bus's
 * audit rule and its stream share one name), and as NAME alone, the first
 * resource of that name, for a dimension of another name. */
struct known {
	const char *text;
	const char *id;
};

/* What the alarms and dashboards are planned with: the known names, and
 * an arena for what only the planning reads (the names' map, lookup
 * keys, the parts of names), let go when they are planned. */
struct watch {
	struct strmap *known;
	struct arena *tmp;
};

/* The resource type a CloudWatch dimension names, or PT_COUNT. */
static enum p_type dimension_type(const char *dim)
{
	static const struct { const char *dim; enum p_type type; } types[] = {
		{ "QueueName", PT_SQS_QUEUE }, { "FunctionName", PT_LAMBDA_FUNCTION },
		{ "RuleName", PT_EVENT_RULE }, { "EventBusName", PT_EVENT_BUS },
		{ "DeliveryStreamName", PT_FIREHOSE_STREAM }, { "TopicName", PT_SNS_TOPIC },
		{ "TableName", PT_DYNAMODB_TABLE },
		{ "PipeName", PT_PIPE },
		{ "ScheduleGroup", PT_SCHEDULE_GROUP },
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(types[i].dim, dim))
			return types[i].type;
	return PT_COUNT;
}

/* B is the plan's (a known text is the plan's); TMP's arena the watch's,
 * where ID was made. */
static void know(struct pb *b, struct pb *tmp, struct strmap *v, const char *id, const char *key)
{
	struct p_res *r = plan_find(b->p, id);
	const char *text = r ? pv_text(b->a, pv_get(r->props, key), 0, &b->p->envs[0]) : NULL;
	if (!text)
		return;
	struct known *k = arena_alloc(tmp->a, sizeof *k);
	k->text = text;
	k->id = r->id;
	const char *typed = F(tmp, "%s:%s", plan_aws_type(r->type), text); /* strings only: no vsnprintf */
	if (!strmap_get(v, typed))
		strmap_put(v, typed, k);
	if (!strmap_get(v, text))
		strmap_put(v, text, k);
}

static struct strmap *known_names(struct pb *b, struct arena *arena)
{
	struct pb tmp_pb = *b, *tmp = &tmp_pb;
	tmp->a = arena;
	struct strmap *v = strmap_new(arena);
	const struct m_pattern *m = b->m;
	for (size_t i = 0; i < m->n_queues; i++) {
		know(b, tmp, v, pb_id(tmp, &m->queues[i]->c), "QueueName");
		if (m->queues[i]->dlq)
			know(b, tmp, v, pb_id_of(tmp, &m->queues[i]->c, "DeadLetterQueue"), "QueueName");
	}
	for (size_t i = 0; i < m->n_functions; i++) {
		know(b, tmp, v, pb_id(tmp, &m->functions[i]->c), "FunctionName");
		know(b, tmp, v, pb_id_of(tmp, &m->functions[i]->c, "DeadLetterQueue"), "QueueName"); /* if SNS invokes it */
	}
	for (size_t i = 0; i < m->n_rules; i++) {
		know(b, tmp, v, pb_id(tmp, &m->rules[i]->c), "Name");
		know(b, tmp, v, pb_id_of(tmp, &m->rules[i]->c, "DeadLetterQueue"), "QueueName"); /* its own, if any */
	}
	for (size_t i = 0; i < m->n_buses; i++) {
		const struct m_comp *c = &m->buses[i]->c;
		if (m->buses[i]->origin != BUS_OWNED)
			continue; /* nothing of it is planned: its name is a literal */
		know(b, tmp, v, pb_id(tmp, c), "Name");
		know(b, tmp, v, pb_id_of(tmp, c, "DeadLetterQueue"), "QueueName"); /* under its own key */
		if (m->buses[i]->audit) {
			know(b, tmp, v, pb_id_of(tmp, c, "AuditDeadLetterQueue"), "QueueName");
			know(b, tmp, v, pb_id_of(tmp, c, "AuditRule"), "Name");
			know(b, tmp, v, pb_id_of(tmp, c, "AuditStream"), "DeliveryStreamName");
		}
	}
	for (size_t i = 0; i < m->n_topics; i++) {
		know(b, tmp, v, pb_id(tmp, &m->topics[i]->c), "TopicName");
		know(b, tmp, v, pb_id_of(tmp, &m->topics[i]->c, "DeadLetterQueue"), "QueueName"); /* its subscriptions' */
	}
	for (size_t i = 0; i < m->n_workflows; i++)
		know(b, tmp, v, pb_id(tmp, &m->workflows[i]->c), "StateMachineName");
	for (size_t i = 0; i < m->n_tables; i++)
		know(b, tmp, v, pb_id(tmp, &m->tables[i]->c), "TableName"); /* the throttle alarms' */
	for (size_t i = 0; i < m->n_pipes; i++)
		know(b, tmp, v, pb_id(tmp, &m->pipes[i]->c), "Name");
	for (size_t i = 0; i < m->n_schedules; i++) {
		const struct m_schedule *sc = m->schedules[i];
		know(b, tmp, v, pb_id_of(tmp, &sc->c, "DeadLetterQueue"), "QueueName"); /* its own, if any */
		if (sc->group)
			know(b, tmp, v, F(tmp, "%sScheduleGroup", names_pascal(tmp->a, sc->group)), "Name");
	}
	return v;
}

/* A text of the alarm set's own making (an alarm's name, a physical name,
 * a label, a title), copied: the set is let go once planned. Its other
 * texts are the defaults' and the model's, which outlive the plan. */
static struct pv *set_text(struct pb *b, const char *s)
{
	return pv_str_copy(b->a, s, strlen(s));
}

static struct pv *named(struct pb *b, const struct watch *wt, const char *dim, const char *text)
{
	enum p_type t = dimension_type(dim);
	const struct known *k = strmap_get(wt->known, t != PT_COUNT ? arena_printf(wt->tmp, "%s:%s", plan_aws_type(t), text)
								    : text);
	return k ? pv_ref_known(b->a, k->id, PA_NAME, k->text) : NULL;
}

static struct pv *dimension(struct pb *b, const struct watch *wt, const struct alarms_dim *d)
{
	if (!d->value)
		return pb_comp_attr(b, d->comp, d->attr);
	struct pv *v = named(b, wt, d->name, d->value);
	return v ? v : set_text(b, d->value);
}

/* An alarm's actions, [the topic's ARN]: the same list in every alarm
 * that notifies TOPIC (most of a plan's thousands), made once per plan. */
static const char memo_actions;

static struct pv *alarm_actions(struct pb *b, const struct m_topic *topic)
{
	const char *key = topic->c.name; /* the model's, which outlives the plan */
	struct pv *l = pv_memo(b->a, &memo_actions, key, strlen(key));
	return l ? l : pv_memo_put(b->a, &memo_actions, key, strlen(key), pb_one(b, pb_comp_arn(b, &topic->c)));
}

static void alarm(struct pb *b, const struct watch *wt, const struct alarms_alarm *al)
{
	struct arena *t = wt->tmp;
	const char *local = arena_printf(t, "%s_%s", names_snake(t, al->comp->name), names_snake(t, al->alarm));
	b->owner = al->comp;
	struct p_res *r = pb_res(b, F(b, "%s%sAlarm", pb_id(b, al->comp), names_pascal(t, al->alarm)), PT_ALARM, "Alarm");
	r->peer = al->alarm;
	pb_set(b, r, "ActionsEnabled", B(b, true));
	if (al->action) {
		pb_set(b, r, "AlarmActions", alarm_actions(b, al->action));
		pb_key_service(b, al->action->key, KS_CLOUDWATCH);
	}
	pb_set(b, r, "AlarmDescription", S(b, al->description));
	pb_set(b, r, "AlarmName", pv_hint(b->a, pv_name_known(b->a, F(b, "%s-%s", al->comp->name, al->alarm), 255,
								    arena_strdup(b->a, al->name)),
					  F(b, "%s_alarm_name", local)));
	pb_set(b, r, "ComparisonOperator", S(b, al->comparison));
	struct pv *dims = pv_list(b->a);
	for (size_t k = 0; k < al->n_dims; k++) {
		struct pv *d = pv_map(b->a);
		pv_set(b->a, d, "Name", S(b, al->dims[k].name));
		pv_set(b->a, d, "Value", pv_hint(b->a, dimension(b, wt, &al->dims[k]),
						 F(b, "%s_%s", local, names_snake(t, al->dims[k].name))));
		pv_push(b->a, dims, d);
	}
	pb_set(b, r, "Dimensions", dims);
	pb_set(b, r, "EvaluationPeriods", I(b, al->evaluation_periods));
	if (al->extended_statistic)
		pb_set(b, r, "ExtendedStatistic", S(b, al->extended_statistic));
	pb_set(b, r, "MetricName", S(b, al->metric));
	pb_set(b, r, "Namespace", S(b, al->metric_namespace));
	pb_set(b, r, "Period", I(b, al->period_s));
	if (al->statistic)
		pb_set(b, r, "Statistic", S(b, al->statistic));
	pb_set(b, r, "Tags", pb_tags(b));
	pb_set(b, r, "Threshold", pv_hint(b->a, pv_num(b->a, al->threshold), F(b, "%s_threshold", local)));
	pb_set(b, r, "TreatMissingData", S(b, al->treat_missing_data));
	if (al->unit)
		pb_set(b, r, "Unit", S(b, al->unit));
}

/* A dimension's value in a dashboard row: a physical name becomes a
 * reference to what it names; a state machine's ARN is the one its name
 * gives, so that a dashboard of a thousand workflows refers to no
 * resource. */
static struct pv *row_dimension(struct pb *b, const struct watch *wt, const struct alarms_dim *d)
{
	if (!d->value)
		return pb_arn(b, "states", "stateMachine:", pb_comp_name(b, d->comp), NULL);
	struct pv *v = named(b, wt, d->name, d->value);
	return v ? v : set_text(b, d->value);
}

/* [namespace, metric, dim, value, ..., {stat, label, yAxis}] */
static struct pv *row(struct pb *b, const struct watch *wt, const struct alarms_row *r)
{
	struct pv *l = pv_list(b->a), *opt = pv_map(b->a);
	pv_push(b->a, l, S(b, r->metric_namespace));
	pv_push(b->a, l, S(b, r->metric));
	for (size_t i = 0; i < r->n_dims; i++) {
		pv_push(b->a, l, S(b, r->dims[i].name));
		pv_push(b->a, l, row_dimension(b, wt, &r->dims[i]));
	}
	pv_set(b->a, opt, "stat", S(b, r->stat));
	pv_set(b->a, opt, "label", set_text(b, r->label));
	if (r->right_axis)
		pv_set(b->a, opt, "yAxis", S(b, "right"));
	pv_push(b->a, l, opt);
	return l;
}

/* Graph widgets, two a row, each half the dashboard's 24 columns wide. */
static struct pv *widget(struct pb *b, const struct watch *wt, const struct alarms_dashboard *d, size_t i)
{
	const struct alarms_widget *w = &d->widgets[i];
	struct pv *o = pv_map(b->a), *p = pv_map(b->a), *rows = pv_list(b->a);
	pv_set(b->a, o, "type", S(b, "metric"));
	pv_set(b->a, o, "x", I(b, (long long)(i % 2 * 12)));
	pv_set(b->a, o, "y", I(b, (long long)(i / 2 * 6)));
	pv_set(b->a, o, "width", I(b, 12));
	pv_set(b->a, o, "height", I(b, 6));
	pv_set(b->a, p, "title", set_text(b, w->title));
	pv_set(b->a, p, "view", S(b, "timeSeries"));
	pv_set(b->a, p, "stacked", B(b, false));
	pv_set(b->a, p, "region", pv_pseudo(b->a, PP_REGION)); /* the stack's own region */
	pv_set(b->a, p, "period", I(b, w->period_s));
	for (size_t k = 0; k < w->n_rows; k++)
		pv_push(b->a, rows, row(b, wt, &w->rows[k]));
	pv_set(b->a, p, "metrics", rows);
	pv_set(b->a, o, "properties", p);
	return o;
}

static void dashboard(struct pb *b, const struct watch *wt, const struct alarms_dashboard *d, size_t i, size_t n)
{
	struct pv *widgets = pv_list(b->a), *body = pv_map(b->a);
	for (size_t k = 0; k < d->n_widgets; k++)
		pv_push(b->a, widgets, widget(b, wt, d, k));
	pv_set(b->a, body, "widgets", widgets);
	const char *suffix = i ? F(b, "dashboard-%zu", i + 1) : "dashboard";
	struct p_res *r = pb_res(b, n > 1 ? F(b, "Dashboard%zu", i + 1) : "Dashboard", PT_DASHBOARD, "Dashboard");
	r->peer = n > 1 ? F(b, "%zu", i + 1) : NULL;
	pb_set(b, r, "DashboardBody", pv_doc(b->a, body, true));
	pb_set(b, r, "DashboardName", pv_hint(b->a, pv_name(b->a, b->m, suffix, 255),
					      F(b, "dashboard_%s_name", n > 1 ? F(b, "main_%zu", i + 1) : "main")));
}

void plan_alarms(struct pb *b)
{
	const struct alarms_set *set = b->alarms;
	if (!set)
		return;
	struct watch wt = { NULL, arena_new() };
	wt.known = known_names(b, wt.tmp);
	for (size_t i = 0; i < set->n_alarms; i++)
		alarm(b, &wt, &set->alarms[i]);
	b->owner = NULL;
	for (size_t i = 0; i < set->n_dashboards; i++)
		dashboard(b, &wt, &set->dashboards[i], i, set->n_dashboards);
	arena_free(wt.tmp);
}

const struct alarms_set *plan_env_alarms(struct arena *a, const struct p_env *e)
{
	return e->alarm_defaults ? alarms_build(a, e->model, e->alarm_defaults) : NULL;
}

/* The names and ARNs users need, kind by kind in the order of how often
 * they are looked up from outside. */
void plan_outputs(struct pb *b)
{
	const struct m_pattern *m = b->m;
	for (size_t i = 0; i < m->n_buses; i++) {
		const struct m_comp *c = &m->buses[i]->c;
		plan_output(b->p, pb_id_of(b, c, "Name"), c, "name", "Event bus name", pb_comp_attr(b, c, MA_NAME));
		plan_output(b->p, pb_id_of(b, c, "Arn"), c, "arn", "Event bus ARN", pb_comp_arn(b, c));
	}
	for (size_t i = 0; i < m->n_topics; i++)
		plan_output(b->p, pb_id_of(b, &m->topics[i]->c, "Arn"), &m->topics[i]->c, "arn", "Topic ARN",
			    pb_comp_arn(b, &m->topics[i]->c));
	for (size_t i = 0; i < m->n_workflows; i++)
		plan_output(b->p, pb_id_of(b, &m->workflows[i]->c, "Arn"), &m->workflows[i]->c, "arn",
			    "State machine ARN", pb_comp_arn(b, &m->workflows[i]->c));
	for (size_t i = 0; i < m->n_tables; i++)
		plan_output(b->p, pb_id_of(b, &m->tables[i]->c, "Name"), &m->tables[i]->c, "name", "Table name",
			    pv_ref(b->a, pb_id(b, &m->tables[i]->c), PA_NAME));
	for (size_t i = 0; i < m->n_streams; i++)
		plan_output(b->p, pb_id_of(b, &m->streams[i]->c, "Arn"), &m->streams[i]->c, "arn", "Kinesis stream ARN",
			    pb_comp_arn(b, &m->streams[i]->c));
	for (size_t i = 0; i < m->n_queues; i++)
		plan_output(b->p, pb_id_of(b, &m->queues[i]->c, "Url"), &m->queues[i]->c, "url", "Queue URL",
			    pv_ref(b->a, pb_id(b, &m->queues[i]->c), PA_URL));
	for (size_t i = 0; i < m->n_functions; i++)
		plan_output(b->p, pb_id_of(b, &m->functions[i]->c, "Arn"), &m->functions[i]->c, "arn", "Function ARN",
			    pb_comp_arn(b, &m->functions[i]->c));
}
