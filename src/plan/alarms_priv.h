/* alarms_priv.h - the parsed defaults, as alarms_read.c makes them out of
 * templates/alarms.yaml and alarms.c turns them into one model's alarms and
 * dashboard. */
#ifndef EVENTC_ALARMS_PRIV_H
#define EVENTC_ALARMS_PRIV_H

#include "alarms.h"

/* What an alarm or a widget applies to: a kind of component, or what the
 * plan adds for one (a queue's DLQ, a rule's own DLQ, a bus's audit trail). */
enum target {
	ON_DLQ, ON_QUEUE, ON_FUNCTION, ON_WORKFLOW, ON_RULE, ON_RULE_DLQ, ON_AUDIT, ON_TOPIC,
	ON_AUDIT_DLQ, ON_BUS_DLQ, ON_TOPIC_DLQ, ON_FUNCTION_DLQ,
	ON_STREAM_SOURCE, ON_ASYNC, ON_DESTINATIONS, ON_FAILURE_QUEUE,
	ON_DEAD_LETTER,      /* a queue that other queues name as their DLQ */
	ON_PROVISIONED_TABLE /* a table with provisioned capacity */,
	ON_PIPE, ON_PIPE_DLQ,
	ON_SCHEDULE, ON_SCHEDULE_DLQ, ON_API_RULE
};

/* Whether ON watches a dead-letter queue of the component. */
bool alarms_on_dlq(enum target on);

/* What fills a dimension in. */
enum dim_source { DS_NAME, DS_ARN, DS_BUS_NAME, DS_GROUP };

struct dim_def {
	const char *name;
	enum dim_source src;
};

struct alarm_def {
	const char *name;
	struct loc loc;
	enum target on;
	const char *description, *ns, *metric;
	struct dim_def *dims;
	size_t n_dims;
	const char *statistic, *extended_statistic, *comparison, *treat_missing_data, *unit;
	double threshold;
	double timeout_percent;      /* > 0: the threshold is this percentage of a function's timeout, in ms */
	int period_s, evaluation_periods;
};

struct metric_def {
	const char *ns, *metric, *stat, *label;
	struct dim_def *dims;
	size_t n_dims;
	bool right_axis;
};

struct widget_def {
	const char *title;
	enum target on;
	int period_s;
	struct metric_def *metrics;
	size_t n_metrics;
};

struct alarms_defaults {
	const char *path;
	struct alarm_def *alarms;
	size_t n_alarms;
	struct widget_def *widgets;
	size_t n_widgets;
};

/* Period x evaluation periods: at most a day, or 7 days with periods of an
 * hour or more (PutMetricAlarm). */
long alarms_range_limit(int period_s);

#endif
