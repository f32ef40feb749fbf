/* alarms-test.c - drives src/alarms.c for tests/alarms.sh until `eventc
 * build --target alarms` does the same:
 *   alarms-test FILE DIR   writes DIR/<env>/alarms.json and
 *                          DIR/<env>/dashboard.json for every environment
 *   alarms-test --path     prints the alarms.yaml that would be read
 * Exit status as eventc's: 0 ok, 1 errors in the input, 2 usage, 3 I/O. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarms.h"
#include "diag.h"
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

/* Each dashboard's name and body, with the placeholders it needs. */
static json_t *dashboard_json(struct arena *a, const struct alarms_dashboard *d)
{
	struct vec ph = { 0 };
	json_t *body = alarms_dashboard_body(a, d, &ph);
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
