/* alarms_read.c - reading templates/alarms.yaml: finding the file, reading
 * it with libyaml's event API into a small tree (one owner of the current
 * event, one cleanup path, as vars.c and libcyaml do), then checking it
 * field by field with file:line:col diagnostics. Apart from alarms.c
 * because it runs once per build, before any model exists, and knows
 * nothing of components. */
#include "alarms.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "diag.h"
#include "yamlin.h"
#include "misspell.h"
#include "alarms_priv.h"
#include "plan.h"

static const char *const target_names[] = {
	"dlq", "queue", "function", "workflow", "rule", "rule_dlq", "audit", "topic",
	"audit_dlq", "bus_dlq", "topic_dlq", "function_dlq",
	"stream_source", "async", "destinations", "failure_queue", "dead_letter", "provisioned_table",
	"pipe", "pipe_dlq", "schedule", "schedule_dlq", "api_rule", NULL
};
static const char *const dim_sources[] = { "name", "arn", "bus.name", "group", NULL };
static const char *const statistics[] = { "SampleCount", "Average", "Sum", "Minimum", "Maximum", NULL };
static const char *const comparisons[] = {
	"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold",
	"LessThanOrEqualToThreshold", NULL
};
static const char *const missing_data[] = { "breaching", "notBreaching", "ignore", "missing", NULL };
static const char *const units[] = {
	"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes",
	"Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
	"Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second",
	"Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
	"Gigabits/Second", "Terabits/Second", "Count/Second", "None", NULL
};
static const char *const axes[] = { "left", "right", NULL };

/* ---- finding the file ---- */

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder of the running binary, or NULL. */
static const char *exe_dir(struct arena *a)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return arena_strdup(a, buf[0] ? buf : "/");
}

/* NAME in eventc's data folder: EVENTC_DATADIR when set, else the
 * installed folder, else templates/ beside or above the binary. */
const char *plan_data_file(struct arena *a, const char *name, const char **err)
{
	const char *env = getenv("EVENTC_DATADIR");
	if (env && *env) {
		const char *p = arena_printf(a, "%s/%s", env, name);
		if (is_file(p))
			return p;
		*err = arena_printf(a, "cannot find '%s': EVENTC_DATADIR is '%s', which has no %s",
				    p, env, name);
		return NULL;
	}
	const char *tried[5];
	size_t n = 0;
#ifdef EVENTC_DATADIR
	tried[n++] = EVENTC_DATADIR;
#endif
	const char *bin = exe_dir(a);
	if (bin) {
		tried[n++] = arena_printf(a, "%s/templates", bin);
		tried[n++] = arena_printf(a, "%s/../templates", bin);
		tried[n++] = arena_printf(a, "%s/../share/eventc", bin);
	}
	const char *list = "";
	for (size_t i = 0; i < n; i++) {
		const char *p = arena_printf(a, "%s/%s", tried[i], name);
		if (is_file(p))
			return p;
		list = arena_printf(a, "%s%s%s", list, i ? ", " : "", tried[i]);
	}
	*err = arena_printf(a, "cannot find %s (looked in %s); set EVENTC_DATADIR to the folder "
			    "that holds it", name, n ? list : "no folder");
	return NULL;
}

const char *alarms_template_path(struct arena *a, const char **err)
{
	return plan_data_file(a, ALARMS_TEMPLATE, err);
}

/* ---- YAML into a tree ---- */

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

struct ynode {
	enum ykind kind;
	struct loc loc;
	const char *str;       /* SCALAR */
	bool plain;
	struct ynode **kids;   /* SEQ: items; MAP: key, value, key, value, ... */
	size_t n;
};

struct yreader {
	struct arena *a;
	struct yamlin y;
};

#define YAML_MAX_DEPTH 32


static struct ynode *read_node(struct yreader *r, int depth);

/* The items of the collection whose start is the current event. */
static bool read_children(struct yreader *r, struct ynode *n, yaml_event_type_t end, int depth)
{
	struct vec kids = { 0 };
	while (yamlin_next(&r->y) && r->y.ev.type != end) {
		struct ynode *k = read_node(r, depth + 1);
		if (!k)
			return false;
		vec_push(r->a, &kids, k);
	}
	n->kids = (struct ynode **)kids.items;
	n->n = kids.n;
	return !r->y.failed;
}

/* node: scalar | sequence | mapping (the current event starts it) */
static struct ynode *read_node(struct yreader *r, int depth)
{
	struct ynode *n = arena_alloc(r->a, sizeof *n);
	n->loc = yamlin_loc(&r->y, r->y.ev.start_mark, r->y.ev.end_mark);
	switch (r->y.ev.type) {
	case YAML_SCALAR_EVENT:
		n->kind = Y_SCALAR;
		n->str = arena_strndup(r->a, (const char *)r->y.ev.data.scalar.value, r->y.ev.data.scalar.length);
		n->plain = r->y.ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (depth >= YAML_MAX_DEPTH) {
			diag_error(n->loc, DIAG_ALARMS_FILE, "nesting deeper than %d levels", YAML_MAX_DEPTH);
			r->y.failed = true;
			return NULL;
		}
		n->kind = r->y.ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP;
		if (!read_children(r, n, n->kind == Y_SEQ ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT, depth))
			return NULL;
		return n;
	case YAML_ALIAS_EVENT:
		diag_error(n->loc, DIAG_ALARMS_FILE, "YAML aliases are not supported here; write the value out");
		r->y.failed = true;
		return NULL;
	default:
		diag_error(n->loc, DIAG_ALARMS_FILE, "unexpected YAML event");
		r->y.failed = true;
		return NULL;
	}
}

/* The root node of the file's only document, or NULL. */
static struct ynode *read_document(struct yreader *r)
{
	struct ynode *root = NULL;
	while (yamlin_next(&r->y)) {
		switch (r->y.ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			continue;
		case YAML_DOCUMENT_START_EVENT:
			if (root) {
				diag_error(yamlin_loc(&r->y, r->y.ev.start_mark, r->y.ev.end_mark), DIAG_ALARMS_FILE,
					   "a second YAML document; %s holds one", ALARMS_TEMPLATE);
				return NULL;
			}
			continue;
		case YAML_STREAM_END_EVENT:
			if (!root) {
				struct loc l = { r->y.file, 0, 0 };
				diag_error(l, DIAG_ALARMS_FILE, "%s is empty; it needs 'alarms:' and 'dashboard:'",
					   ALARMS_TEMPLATE);
			}
			return root;
		default:
			root = read_node(r, 0);
			if (!root)
				return NULL;
			break;
		}
	}
	return NULL;
}

static struct ynode *parse_file(struct arena *a, uint32_t file)
{
	struct yreader r = { .a = a };
	if (!yamlin_open(&r.y, file, DIAG_ALARMS_FILE))
		return NULL;
	struct ynode *root = read_document(&r);
	bool failed = r.y.failed;
	yamlin_close(&r.y);
	return failed ? NULL : root;
}

/* ---- checking the tree ---- */

static const char *kind_word(const struct ynode *n)
{
	return n->kind == Y_SCALAR ? "a scalar" : n->kind == Y_SEQ ? "a list" : "a map";
}

static const struct ynode *map_get(const struct ynode *map, const char *key)
{
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->kind == Y_SCALAR && !strcmp(map->kids[i]->str, key))
			return map->kids[i + 1];
	return NULL;
}

/* Every key a known word, and set once. WHAT names the map: "an alarm". */
static bool check_keys(const struct ynode *map, const char *const *known, const char *what)
{
	bool ok = true;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i];
		if (k->kind != Y_SCALAR) {
			diag_error(k->loc, DIAG_ALARMS_FILE, "keys of %s are words, not %s", what, kind_word(k));
			ok = false;
			continue;
		}
		bool found = false;
		for (size_t j = 0; known[j] && !found; j++)
			found = !strcmp(known[j], k->str);
		if (!found) {
			const char *hint = misspell_suggest(k->str, known);
			if (hint)
				diag_error(k->loc, DIAG_ALARMS_FILE, "unknown field '%s' in %s; did you mean '%s'?",
					   k->str, what, hint);
			else
				diag_error(k->loc, DIAG_ALARMS_FILE, "unknown field '%s' in %s", k->str, what);
			ok = false;
		}
		for (size_t j = 0; j < i; j += 2) {
			if (map->kids[j]->kind == Y_SCALAR && !strcmp(map->kids[j]->str, k->str)) {
				diag_error(k->loc, DIAG_ALARMS_FILE, "'%s' is set twice in %s", k->str, what);
				diag_note(map->kids[j]->loc, "first set here");
				ok = false;
				break;
			}
		}
	}
	return ok;
}


/* The value of KEY must be of KIND. */
static bool expect_kind(const struct ynode *v, enum ykind kind, const char *key)
{
	static const char *const words[] = { "a scalar", "a list", "a map" };
	if (v->kind == kind)
		return true;
	diag_error(v->loc, DIAG_ALARMS_FILE, "'%s' must be %s, not %s", key, words[kind], kind_word(v));
	return false;
}

static const struct ynode *get_field(const struct ynode *map, const char *key, bool required, const char *what)
{
	const struct ynode *v = map_get(map, key);
	if (!v && required)
		diag_error(map->loc, DIAG_ALARMS_FILE, "%s needs '%s'", what, key);
	return v;
}

/* A non-empty scalar; NULL when absent (an error if REQUIRED) or malformed. */
static const char *get_str(const struct ynode *map, const char *key, bool required, const char *what)
{
	const struct ynode *v = get_field(map, key, required, what);
	if (!v || !expect_kind(v, Y_SCALAR, key))
		return NULL;
	if (!*v->str) {
		diag_error(v->loc, DIAG_ALARMS_FILE, "'%s' is empty", key);
		return NULL;
	}
	return v->str;
}

static const char *join_words(struct arena *a, const char *const *words)
{
	const char *s = "";
	for (size_t i = 0; words[i]; i++)
		s = arena_printf(a, "%s%s%s", s, i == 0 ? "" : words[i + 1] ? ", " : " or ", words[i]);
	return s;
}

/* One of ALLOWED; *INDEX (may be NULL) gets its position. */
static const char *get_word(struct arena *a, const struct ynode *map, const char *key, bool required,
			    const char *what, const char *const *allowed, int *index)
{
	const char *s = get_str(map, key, required, what);
	if (!s)
		return NULL;
	for (size_t i = 0; allowed[i]; i++) {
		if (!strcmp(allowed[i], s)) {
			if (index)
				*index = (int)i;
			return allowed[i];
		}
	}
	const struct ynode *v = map_get(map, key);
	const char *hint = misspell_suggest(s, allowed);
	if (hint)
		diag_error(v->loc, DIAG_ALARMS_FILE, "'%s' is not a valid %s; did you mean '%s'?", s, key, hint);
	else
		diag_error(v->loc, DIAG_ALARMS_FILE, "'%s' is not a valid %s; it is %s", s, key,
			   join_words(a, allowed));
	return NULL;
}

static bool get_number(const struct ynode *map, const char *key, const char *what, double *out)
{
	const struct ynode *v = get_field(map, key, true, what);
	if (!v || !expect_kind(v, Y_SCALAR, key))
		return false;
	char *end = NULL;
	double d = v->plain && *v->str ? strtod(v->str, &end) : NAN;
	if (!end || *end || !isfinite(d)) {
		diag_error(v->loc, DIAG_ALARMS_FILE, "'%s' must be a number, not '%s'", key, v->str);
		return false;
	}
	*out = d;
	return true;
}

static bool get_int(const struct ynode *map, const char *key, const char *what, int lo, int hi, int *out)
{
	double d;
	if (!get_number(map, key, what, &d))
		return false;
	if (d != floor(d) || d < lo || d > hi) {
		diag_error(map_get(map, key)->loc, DIAG_ALARMS_FILE, "'%s' must be a whole number from %d to %d",
			   key, lo, hi);
		return false;
	}
	*out = (int)d;
	return true;
}

/* CloudWatch: 10, 20, 30 or a multiple of 60 seconds. */
static bool get_period(const struct ynode *map, const char *what, int *out)
{
	if (!get_int(map, "period", what, 10, 86400, out))
		return false;
	if (*out == 10 || *out == 20 || *out == 30 || *out % 60 == 0)
		return true;
	diag_error(map_get(map, "period")->loc, DIAG_ALARMS_FILE,
		   "an alarm period is 10, 20, 30 or a multiple of 60 seconds, not %d", *out);
	return false;
}

/* Period x evaluation periods: at most a day, or 7 days with periods of an
 * hour or more (PutMetricAlarm). */
long alarms_range_limit(int period_s)
{
	return period_s >= 3600 ? 604800L : 86400L;
}

/* p99, p99.9: a percentile from 0 to 100. */
static bool is_percentile(const char *s)
{
	if (s[0] != 'p' || !s[1])
		return false;
	char *end;
	double d = strtod(s + 1, &end);
	return !*end && s[1] >= '0' && s[1] <= '9' && d >= 0 && d <= 100;
}

static bool is_kebab(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || (*s == '-' && s[1] && s[1] != '-')))
			return false;
	return true;
}

/* dimensions: { CloudWatchName: name | arn | bus.name, ... } */
static bool get_dims(struct arena *a, const struct ynode *map, const char *what, enum target on,
		     struct dim_def **out, size_t *n_out)
{
	const struct ynode *v = get_field(map, "dimensions", true, what);
	if (!v || !expect_kind(v, Y_MAP, "dimensions"))
		return false;
	if (v->n == 0) {
		diag_error(v->loc, DIAG_ALARMS_FILE, "'dimensions' is empty; name the component's dimension");
		return false;
	}
	struct dim_def *dims = arena_alloc(a, v->n / 2 * sizeof *dims);
	bool ok = true;
	size_t n = 0;
	for (size_t i = 0; i + 1 < v->n; i += 2) {
		const struct ynode *k = v->kids[i], *val = v->kids[i + 1];
		if (!expect_kind(k, Y_SCALAR, "a dimension name") || !expect_kind(val, Y_SCALAR, k->str)) {
			ok = false;
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			if (!strcmp(dims[j].name, k->str)) {
				diag_error(k->loc, DIAG_ALARMS_FILE, "dimension '%s' is set twice", k->str);
				ok = false;
			}
		}
		int src = -1;
		for (int j = 0; dim_sources[j]; j++)
			if (!strcmp(dim_sources[j], val->str))
				src = j;
		if (src < 0) {
			diag_error(val->loc, DIAG_ALARMS_FILE, "'%s' is not a dimension value; it is %s", val->str,
				   join_words(a, dim_sources));
			ok = false;
		} else if (src == DS_GROUP && on != ON_SCHEDULE) {
			diag_error(val->loc, DIAG_ALARMS_FILE, "'group' names the schedule group of a schedule, "
				   "and this applies to '%s'", target_names[on]);
			ok = false;
		} else if (src == DS_BUS_NAME && on != ON_RULE && on != ON_AUDIT && on != ON_API_RULE) {
			diag_error(val->loc, DIAG_ALARMS_FILE, "'bus.name' names the bus of a rule or an audit trail, "
				   "and this applies to '%s'", target_names[on]);
			ok = false;
		} else if (src == DS_ARN && (alarms_on_dlq(on) || on == ON_AUDIT)) {
			diag_error(val->loc, DIAG_ALARMS_FILE, "the dimension of '%s' is its name", target_names[on]);
			ok = false;
		}
		dims[n].name = k->str;
		dims[n].src = src < 0 ? DS_NAME : (enum dim_source)src;
		n++;
	}
	*out = dims;
	*n_out = n;
	return ok;
}

static const char *const alarm_fields[] = {
	"name", "applies_to", "description", "namespace", "metric", "dimensions", "statistic",
	"extended_statistic", "comparison", "threshold", "threshold_percent_of_timeout", "unit", "period",
	"evaluation_periods", "treat_missing_data", NULL
};

/* statistic or extended_statistic, exactly one */
static bool get_statistic(struct arena *a, const struct ynode *n, const char *what, struct alarm_def *d)
{
	const struct ynode *st = map_get(n, "statistic"), *ext = map_get(n, "extended_statistic");
	if (st && ext) {
		diag_error(ext->loc, DIAG_ALARMS_FILE, "%s has both 'statistic' and 'extended_statistic'; "
			   "CloudWatch takes one", what);
		return false;
	}
	if (!st && !ext) {
		diag_error(n->loc, DIAG_ALARMS_FILE, "%s needs 'statistic' or 'extended_statistic'", what);
		return false;
	}
	if (st)
		return (d->statistic = get_word(a, n, "statistic", true, what, statistics, NULL)) != NULL;
	d->extended_statistic = get_str(n, "extended_statistic", true, what);
	if (d->extended_statistic && !is_percentile(d->extended_statistic)) {
		diag_error(ext->loc, DIAG_ALARMS_FILE, "'%s' is not a percentile such as p99", d->extended_statistic);
		d->extended_statistic = NULL;
	}
	return d->extended_statistic != NULL;
}

/* threshold: N, or threshold_percent_of_timeout: P (a function's alarm
 * on a duration in milliseconds), exactly one */
static bool get_threshold(const struct ynode *n, const char *what, struct alarm_def *d)
{
	const struct ynode *pct = map_get(n, "threshold_percent_of_timeout");
	if (!pct)
		return get_number(n, "threshold", what, &d->threshold);
	if (map_get(n, "threshold")) {
		diag_error(pct->loc, DIAG_ALARMS_FILE, "%s has both 'threshold' and 'threshold_percent_of_timeout'; "
			   "give one", what);
		return false;
	}
	if (d->on != ON_FUNCTION) {
		diag_error(pct->loc, DIAG_ALARMS_FILE, "'threshold_percent_of_timeout' is for alarms that apply to "
			   "'function'");
		return false;
	}
	if (!get_number(n, "threshold_percent_of_timeout", what, &d->timeout_percent))
		return false;
	if (d->timeout_percent <= 0 || d->timeout_percent > 100) {
		diag_error(pct->loc, DIAG_ALARMS_FILE, "'threshold_percent_of_timeout' must be above 0 and at most 100");
		return false;
	}
	return true;
}

/* - name: ... (an item of alarms:) */
static bool read_alarm(struct arena *a, const struct ynode *n, struct alarm_def *d)
{
	if (n->kind != Y_MAP) {
		diag_error(n->loc, DIAG_ALARMS_FILE, "each alarm is a map of fields, not %s", kind_word(n));
		return false;
	}
	bool ok = check_keys(n, alarm_fields, "an alarm");
	const char *what = "an alarm";
	d->loc = n->loc;
	d->name = get_str(n, "name", true, what);
	if (d->name && !is_kebab(d->name)) {
		diag_error(map_get(n, "name")->loc, DIAG_ALARMS_FILE,
			   "alarm name '%s' is not lower-case kebab-case", d->name);
		d->name = NULL;
	}
	if (d->name) {
		what = arena_printf(a, "alarm '%s'", d->name);
		d->loc = map_get(n, "name")->loc;
	}
	int on = -1;
	ok &= get_word(a, n, "applies_to", true, what, target_names, &on) != NULL;
	d->on = on < 0 ? ON_QUEUE : (enum target)on;
	ok &= (d->description = get_str(n, "description", true, what)) != NULL;
	ok &= (d->ns = get_str(n, "namespace", true, what)) != NULL;
	ok &= (d->metric = get_str(n, "metric", true, what)) != NULL;
	if (on >= 0)
		ok &= get_dims(a, n, what, d->on, &d->dims, &d->n_dims);
	ok &= get_statistic(a, n, what, d);
	ok &= (d->comparison = get_word(a, n, "comparison", true, what, comparisons, NULL)) != NULL;
	ok &= get_threshold(n, what, d);
	if (map_get(n, "unit"))
		ok &= (d->unit = get_word(a, n, "unit", false, what, units, NULL)) != NULL;
	bool timing = get_period(n, what, &d->period_s);
	timing &= get_int(n, "evaluation_periods", what, 1, 100, &d->evaluation_periods);
	if (timing && (long)d->period_s * d->evaluation_periods > alarms_range_limit(d->period_s)) {
		diag_error(map_get(n, "evaluation_periods")->loc, DIAG_ALARMS_FILE,
			   "%d periods of %d s look back over %ld s, more than CloudWatch allows",
			   d->evaluation_periods, d->period_s, alarms_range_limit(d->period_s));
		timing = false;
	}
	ok &= timing;
	ok &= (d->treat_missing_data = get_word(a, n, "treat_missing_data", true, what, missing_data, NULL)) != NULL;
	return ok && d->name;
}

static const char *const metric_fields[] = { "namespace", "metric", "dimensions", "stat", "label", "axis", NULL };

/* - { namespace: ..., metric: ..., dimensions: {...}, stat: ... } (a widget's metric) */
static bool read_metric(struct arena *a, const struct ynode *n, enum target on, struct metric_def *md)
{
	if (n->kind != Y_MAP) {
		diag_error(n->loc, DIAG_ALARMS_FILE, "each metric of a widget is a map, not %s", kind_word(n));
		return false;
	}
	const char *what = "a dashboard metric";
	bool ok = check_keys(n, metric_fields, what);
	ok &= (md->ns = get_str(n, "namespace", true, what)) != NULL;
	ok &= (md->metric = get_str(n, "metric", true, what)) != NULL;
	ok &= get_dims(a, n, what, on, &md->dims, &md->n_dims);
	md->stat = get_str(n, "stat", true, what);
	if (md->stat && !is_percentile(md->stat)) {
		bool known = false;
		for (size_t i = 0; statistics[i] && !known; i++)
			known = !strcmp(statistics[i], md->stat);
		if (!known) {
			diag_error(map_get(n, "stat")->loc, DIAG_ALARMS_FILE,
				   "'%s' is not a statistic; it is %s, or a percentile such as p99", md->stat,
				   join_words(a, statistics));
			md->stat = NULL;
		}
	}
	ok &= md->stat != NULL;
	if (map_get(n, "label"))
		ok &= (md->label = get_str(n, "label", false, what)) != NULL;
	const char *axis = map_get(n, "axis") ? get_word(a, n, "axis", false, what, axes, NULL) : "left";
	ok &= axis != NULL;
	md->right_axis = axis && !strcmp(axis, "right");
	return ok;
}

static const char *const widget_fields[] = { "title", "applies_to", "period", "metrics", NULL };

/* - title: ... (an item of dashboard:) */
static bool read_widget(struct arena *a, const struct ynode *n, struct widget_def *w)
{
	if (n->kind != Y_MAP) {
		diag_error(n->loc, DIAG_ALARMS_FILE, "each dashboard widget is a map, not %s", kind_word(n));
		return false;
	}
	const char *what = "a dashboard widget";
	bool ok = check_keys(n, widget_fields, what);
	ok &= (w->title = get_str(n, "title", true, what)) != NULL;
	int on = -1;
	ok &= get_word(a, n, "applies_to", true, what, target_names, &on) != NULL;
	w->on = on < 0 ? ON_QUEUE : (enum target)on;
	ok &= get_period(n, what, &w->period_s);
	const struct ynode *ms = get_field(n, "metrics", true, what);
	if (!ms || !expect_kind(ms, Y_SEQ, "metrics"))
		return false;
	if (ms->n == 0) {
		diag_error(ms->loc, DIAG_ALARMS_FILE, "'metrics' is empty");
		return false;
	}
	if (on < 0)
		return false;
	w->metrics = arena_alloc(a, ms->n * sizeof *w->metrics);
	w->n_metrics = ms->n;
	for (size_t i = 0; i < ms->n; i++)
		ok &= read_metric(a, ms->kids[i], w->on, &w->metrics[i]);
	return ok;
}

static const char *const top_fields[] = { "alarms", "dashboard", NULL };

/* alarms: [alarm...]  dashboard: [widget...] */
static void read_defaults(struct arena *a, const struct ynode *root, struct alarms_defaults *d)
{
	if (root->kind != Y_MAP) {
		diag_error(root->loc, DIAG_ALARMS_FILE, "%s must be a map with 'alarms:' and 'dashboard:', not %s",
			   ALARMS_TEMPLATE, kind_word(root));
		return;
	}
	const char *what = ALARMS_TEMPLATE;
	check_keys(root, top_fields, what);
	const struct ynode *al = get_field(root, "alarms", true, what);
	if (al && expect_kind(al, Y_SEQ, "alarms")) {
		d->alarms = arena_alloc(a, (al->n + 1) * sizeof *d->alarms);
		for (size_t i = 0; i < al->n; i++) {
			struct alarm_def *def = &d->alarms[d->n_alarms];
			if (!read_alarm(a, al->kids[i], def))
				continue;
			bool dup = false;
			for (size_t j = 0; j < d->n_alarms && !dup; j++) {
				if (!strcmp(d->alarms[j].name, def->name)) {
					diag_error(def->loc, DIAG_ALARMS_FILE, "a second alarm named '%s'", def->name);
					diag_note(d->alarms[j].loc, "the first is here");
					dup = true;
				}
			}
			d->n_alarms += !dup;
		}
	}
	const struct ynode *ws = get_field(root, "dashboard", true, what);
	if (ws && expect_kind(ws, Y_SEQ, "dashboard")) {
		d->widgets = arena_alloc(a, (ws->n + 1) * sizeof *d->widgets);
		for (size_t i = 0; i < ws->n; i++)
			if (read_widget(a, ws->kids[i], &d->widgets[d->n_widgets]))
				d->n_widgets++;
	}
}

bool alarms_load_file(struct arena *a, const char *path, struct alarms_defaults **out, const char **err)
{
	const char *why;
	uint32_t file = source_load(path, &why);
	if (!file) {
		*err = arena_printf(a, "cannot read '%s': %s", path, why);
		return false;
	}
	struct alarms_defaults *d = arena_alloc(a, sizeof *d);
	d->path = arena_strdup(a, path);
	*out = d;
	bool is_nul;
	long bad = source_find_invalid(file, &is_nul);
	if (bad >= 0) {
		struct loc l = { file, (uint32_t)bad, (uint32_t)bad + 1 };
		diag_error(l, is_nul ? DIAG_NUL : DIAG_UTF8, "%s in %s", is_nul ? "NUL byte" : "invalid UTF-8",
			   ALARMS_TEMPLATE);
		return true;
	}
	unsigned before = diag_error_count();
	struct ynode *root = parse_file(a, file);
	if (root)
		read_defaults(a, root, d);
	else if (diag_error_count() == before) {
		*err = arena_printf(a, "cannot start the YAML parser for '%s'", path);
		return false;
	}
	return true;
}

bool alarms_load(struct arena *a, struct alarms_defaults **out, const char **err)
{
	const char *path = alarms_template_path(a, err);
	return path && alarms_load_file(a, path, out, err);
}
