/* alarms-test.c - drives src/plan/alarms.c for tests/alarms.sh, for what
 * `eventc build --target alarms` does not write: the dashboard on its own
 * (eventc puts it in the templates) and the path of the alarms.yaml found:
 *   alarms-test FILE DIR   writes DIR/<env>/alarms.json and
 *                          DIR/<env>/dashboard.json for every environment
 *   alarms-test --path     prints the alarms.yaml that would be read
 * Exit status as eventc's: 0 ok, 1 errors in the input, 2 usage, 3 I/O. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarms.h"
#include "diag.h"
#include "names.h"
#include "asl.h"
#include "loader.h"
#include "output.h"
#include "sema.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

static int print_path(void)
{
	struct arena *a = arena_new();
	const char *err = NULL;
	const char *path = alarms_template_path(a, &err);
	if (path)
		puts(path);
	else
		fprintf(stderr, "alarms-test: %s\n", err);
	arena_free(a);
	return path ? EXIT_OK : EXIT_IO;
}

/* The layout of dashboard D of the alarm set, as JSON for tests/alarms.sh
 * to read: widgets, rows, quotas. The plan turns the same structure into
 * the deployed body (src/plan/plan_watch.c), which tests/cfn.sh and
 * tests/tf.sh check in the templates; here the state machines' ARNs are
 * left as ${Placeholder}s that PLACEHOLDERS names. */
static json_t *placeholder(struct arena *a, const struct alarms_dim *d, struct vec *placeholders)
{
	const char *name = names_placeholder(a, d->comp, d->attr);
	if (placeholders) {
		bool seen = false;
		for (size_t i = 0; i < placeholders->n && !seen; i++)
			seen = !strcmp(((struct asl_placeholder *)placeholders->items[i])->name, name);
		if (!seen) {
			struct asl_placeholder *p = arena_alloc(a, sizeof *p);
			p->name = name;
			p->comp = d->comp;
			p->attr = d->attr;
			vec_push(a, placeholders, p);
		}
	}
	return json_string(arena_printf(a, "${%s}", name));
}

/* [namespace, metric, dim, value, ..., {stat, label, yAxis}] */
static json_t *row_json(struct arena *a, const struct alarms_row *r, struct vec *placeholders)
{
	json_t *arr = json_array();
	json_array_append_new(arr, json_string(r->metric_namespace));
	json_array_append_new(arr, json_string(r->metric));
	for (size_t i = 0; i < r->n_dims; i++) {
		json_array_append_new(arr, json_string(r->dims[i].name));
		json_array_append_new(arr, r->dims[i].value ? json_string(r->dims[i].value)
							    : placeholder(a, &r->dims[i], placeholders));
	}
	json_t *opt = json_object();
	json_object_set_new(opt, "stat", json_string(r->stat));
	json_object_set_new(opt, "label", json_string(r->label));
	if (r->right_axis)
		json_object_set_new(opt, "yAxis", json_string("right"));
	json_array_append_new(arr, opt);
	return arr;
}

/* Graph widgets, two a row, each half the dashboard's 24 columns wide. */
static json_t *widget_json(struct arena *a, const struct alarms_dashboard *d, size_t i, struct vec *placeholders)
{
	const struct alarms_widget *w = &d->widgets[i];
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string("metric"));
	json_object_set_new(o, "x", json_integer((json_int_t)(i % 2 * 12)));
	json_object_set_new(o, "y", json_integer((json_int_t)(i / 2 * 6)));
	json_object_set_new(o, "width", json_integer(12));
	json_object_set_new(o, "height", json_integer(6));
	json_t *p = json_object();
	json_object_set_new(p, "title", json_string(w->title));
	json_object_set_new(p, "view", json_string("timeSeries"));
	json_object_set_new(p, "stacked", json_false());
	json_object_set_new(p, "region", json_string(d->region));
	json_object_set_new(p, "period", json_integer(w->period_s));
	json_t *rows = json_array();
	for (size_t k = 0; k < w->n_rows; k++)
		json_array_append_new(rows, row_json(a, &w->rows[k], placeholders));
	json_object_set_new(p, "metrics", rows);
	json_object_set_new(o, "properties", p);
	return o;
}

static json_t *dashboard_body(struct arena *a, const struct alarms_dashboard *d, struct vec *placeholders)
{
	json_t *ws = json_array();
	for (size_t i = 0; i < d->n_widgets; i++)
		json_array_append_new(ws, widget_json(a, d, i, placeholders));
	json_t *body = json_object();
	json_object_set_new(body, "widgets", ws);
	return body;
}

/* Each dashboard's name and body, with the placeholders it needs. */
static json_t *dashboard_json(struct arena *a, const struct alarms_dashboard *d)
{
	struct vec ph = { 0 };
	json_t *body = dashboard_body(a, d, &ph);
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(d->name));
	json_t *subs = json_object();
	for (size_t i = 0; i < ph.n; i++) {
		const struct asl_placeholder *p = ph.items[i];
		json_object_set_new(subs, p->name, json_string(arena_printf(a, "%s.%s.%s",
			model_kind_name(p->comp->kind), p->comp->name, model_attr_name(p->attr))));
	}
	json_object_set_new(o, "placeholders", subs);
	json_object_set_new(o, "body", body);
	return o;
}

static bool add_dashboards(struct arena *a, const struct m_pattern *m, const struct alarms_set *s,
			   struct outset *out)
{
	json_t *list = json_array();
	for (size_t i = 0; i < s->n_dashboards; i++)
		json_array_append_new(list, dashboard_json(a, &s->dashboards[i]));
	json_t *root = json_object();
	json_object_set_new(root, "dashboards", list);
	bool ok = outset_add_json(out, arena_printf(a, "%s/dashboard.json", m->env->name), root);
	json_decref(root);
	return ok;
}

static int build(const char *path, const char *dir)
{
	struct arena *a = arena_new();
	const char *err = NULL;
	struct alarms_defaults *d = NULL;
	struct program prog;
	int rc = EXIT_OK;
	if (!alarms_load(a, &d, &err)) {
		fprintf(stderr, "alarms-test: %s\n", err);
		rc = EXIT_IO;
	} else if (!loader_load(a, path, &prog, &err)) {
		fprintf(stderr, "alarms-test: cannot read '%s': %s\n", path, err);
		rc = EXIT_IO;
	}
	if (rc == EXIT_OK && diag_error_count() == 0) {
		const char **envs;
		size_t n = sema_env_names(&prog, &envs, a);
		struct outset out;
		outset_init(&out, a);
		for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
			struct m_pattern *m = sema_build(a, &prog, envs[i], NULL);
			if (diag_error_count() == 0) {
				struct alarms_set *s = alarms_build(a, m, d);
				if (diag_error_count() == 0 &&
				    (!alarms_emit_json(a, m, s, &out) || !add_dashboards(a, m, s, &out)))
					rc = EXIT_IO;
			}
			model_free(m);
		}
		if (rc == EXIT_OK && diag_error_count() == 0 && !outset_commit(&out, dir))
			rc = EXIT_IO;
	}
	diag_flush(stderr);
	arena_free(a);
	if (rc == EXIT_OK && diag_error_count())
		rc = EXIT_INPUT;
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--path"))
		return print_path();
	if (argc != 3) {
		fputs("usage: alarms-test FILE DIR | alarms-test --path\n", stderr);
		return EXIT_USAGE;
	}
	int rc = build(argv[1], argv[2]);
	source_free_all();
	return rc;
}
