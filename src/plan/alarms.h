/* alarms.h - the default CloudWatch alarms and dashboard of a pattern.
 * The defaults are data (templates/alarms.yaml, read with libyaml); for one
 * environment's model they become a neutral, ordered list of alarms and a
 * dashboard of metric rows, which the CloudFormation and Terraform backends
 * render and `--target alarms` writes as <env>/alarms.json.
 *
 *   struct alarms_defaults *d;
 *   if (!alarms_load(a, &d, &err))            -> I/O error (exit 3)
 *   if (diag_error_count())                   -> the template is broken
 *   struct alarms_set *s = alarms_build(a, m, d);   per environment
 *   alarms_emit_json(a, m, s, out);
 */
#ifndef EVENTC_ALARMS_H
#define EVENTC_ALARMS_H

#include <jansson.h>
#include <stdbool.h>

#include "arena.h"
#include "model.h"
#include "output.h"
#include "source.h"

/* The file name looked for in the data folder. */
#define ALARMS_TEMPLATE "alarms.yaml"

/* A dimension's value: a physical name known now (VALUE set), or what a
 * component will be once deployed (VALUE NULL: render a reference to
 * COMP's ATTR, e.g. the state machine's arn). COMP is the queue, function,
 * workflow, rule or bus that the value names; DLQ marks a queue's DLQ. */
struct alarms_dim {
	const char *name;            /* QueueName, FunctionName, ... */
	const char *value;           /* literal, or NULL for a reference */
	const struct m_comp *comp;
	enum m_attr attr;            /* MA_NAME | MA_ARN */
	bool dlq;
};

struct alarms_alarm {
	const char *name;            /* <tenant>-<env>-<pattern>-<component>-<alarm>, <= 255 */
	const char *alarm;           /* the default's name: queue-depth, ... */
	const struct m_comp *comp;   /* the component it watches (the queue for a DLQ) */
	bool dlq;                    /* watches COMP's dead-letter queue */
	const char *description;
	const char *metric_namespace; /* AWS/SQS, ... */
	const char *metric;
	const struct alarms_dim *dims;
	size_t n_dims;
	const char *statistic;       /* Sum, Maximum, ... or NULL */
	const char *extended_statistic; /* p99, ... or NULL (exactly one is set) */
	const char *comparison;      /* GreaterThanThreshold, ... */
	double threshold;
	int period_s;
	int evaluation_periods;
	const char *treat_missing_data; /* breaching | notBreaching | ignore | missing */
	const char *unit;            /* Milliseconds, ... or NULL */
	const struct m_topic *action; /* alarms.notify: its arn, or NULL */
	/* What the pattern's alarms block changed (for review). */
	bool threshold_overridden, period_overridden, evaluation_overridden;
	struct loc override_loc;     /* the override's name in the pattern, or file 0 */
};

/* One line of a graph: a metric of one component. */
struct alarms_row {
	const char *metric_namespace;
	const char *metric;
	const struct alarms_dim *dims;
	size_t n_dims;
	const char *stat;            /* Sum, Maximum, p99, ... */
	const char *label;           /* <component> <metric> */
	bool right_axis;
	const struct m_comp *comp;
	bool dlq;
};

/* A graph: at most 100 rows (a component's rows stay together); a widget
 * of the template with more is split, its title ending in " (2/3)". */
struct alarms_widget {
	const char *title;
	int period_s;
	const struct alarms_row *rows;
	size_t n_rows;
};

/* CloudWatch takes at most 500 widgets and 2500 metrics a dashboard; past
 * that the widgets go on to a second dashboard, NAME-2, and so on. */
struct alarms_dashboard {
	const char *name;            /* <tenant>-<env>-<pattern>-dashboard[-N] */
	const char *region;
	const struct alarms_widget *widgets; /* only those with rows */
	size_t n_widgets;
};

/* One environment's alarms, in pattern order of the components and, for
 * each, in the order of templates/alarms.yaml; disabled ones left out. */
struct alarms_set {
	const struct alarms_alarm *alarms;
	size_t n_alarms;
	const struct alarms_dashboard *dashboards; /* one, more past the limits, none without widgets */
	size_t n_dashboards;
};

/* The defaults, as read from templates/alarms.yaml (opaque). */
struct alarms_defaults;

/* Finds the data folder's alarms.yaml: $EVENTC_DATADIR if set, else the
 * compiled-in pkgdatadir, else beside the running binary
 * (<bindir>/templates, <bindir>/../templates, <bindir>/../share/eventc).
 * Returns an arena copy of the path, or NULL with *ERR describing where
 * it looked. */
const char *alarms_template_path(struct arena *a, const char **err);

/* Reads the defaults. Returns false only on an I/O error (*ERR set; the
 * caller exits 3). Problems in the YAML go to diag as file:line:col errors;
 * *OUT is then still set but must not be used when diag_error_count() > 0. */
bool alarms_load(struct arena *a, struct alarms_defaults **out, const char **err);
/* Same, from PATH. */
bool alarms_load_file(struct arena *a, const char *path, struct alarms_defaults **out, const char **err);

/* The alarm set and dashboard of M, with its `alarms` overrides applied.
 * An override of an alarm that the defaults lack, or one that makes the
 * evaluation range longer than a day, is a located error in diag. */
struct alarms_set *alarms_build(struct arena *a, const struct m_pattern *m, const struct alarms_defaults *d);

/* The physical name of the dead-letter queue of Q (<queue>-dlq, .fifo kept
 * last for a FIFO queue), within SQS's 80 characters. */
const char *alarms_dlq_name(struct arena *a, const struct m_pattern *m, const struct m_queue *q);


/* Adds <env>/alarms.json to OUT: the pattern, the environment and one
 * object per alarm with every field above. False if it cannot be encoded. */
bool alarms_emit_json(struct arena *a, const struct m_pattern *m, const struct alarms_set *s, struct outset *out);

#endif
