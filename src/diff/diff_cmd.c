/* diff_cmd.c - `eventc diff`: the command line of the comparison of two
 * plans. Exit status as diff(1): 0 no differences, 1 differences, 2
 * trouble (usage, unreadable files, a pattern with errors). */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "diff.h"
#include "sema.h"
#include "xalloc.h"

enum { DIFF_SAME = 0, DIFF_DIFFERENT = 1, DIFF_TROUBLE = 2 };

void help_diff(FILE *out)
{
	fputs("Usage: eventc diff [OPTION]... FILE --env A --env B\n"
	      "   or: eventc diff [OPTION]... OLD NEW [--env E]\n"
	      "Show what differs between the resource plans of two environments of a\n"
	      "pattern, or of two versions of a pattern (each environment both have, or E):\n"
	      "resources added, removed and changed, with each changed property's path and\n"
	      "old and new values, grouped by component. Between versions, a change to a\n"
	      "property that CloudFormation cannot update in place is marked as a\n"
	      "replacement, and warned of (W0501) when the resource holds data.\n"
	      "\n"
	      "  -e, --env NAME        an environment to compare; twice with one FILE\n"
	      "  -f, --format FORMAT   text (default), json or markdown\n"
	      "      --color[=WHEN]    colour the text: auto (default: when standard output\n"
	      "                        is a terminal), always or never\n"
	      "      --vars FILE       override environment variables from a YAML file\n"
	      "  -h, --help            show this help\n"
	      "\n"
	      "To compare with a git revision: git show REV:path/p.ev > path/p.old.ev, then\n"
	      "eventc diff path/p.old.ev path/p.ev (see eventc(1) for imported files).\n"
	      "Exit status: 0 no differences, 1 differences, 2 trouble.\n", out);
}

__attribute__((format(printf, 1, 2)))
static int trouble(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("eventc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\n", stderr);
	va_end(ap);
	return DIFF_TROUBLE;
}

struct version {
	const char *file;      /* as given; "-" is standard input */
	struct program prog;
	struct p_plan *plan;
	struct m_pattern **models;
	size_t n;
};

/* Reads and plans V->FILE for ENVS (every environment when none). */
static bool plan_version(struct arena *a, struct version *v, const char **envs, size_t nenvs,
			 const struct vars *vp, const struct alarms_defaults *defaults)
{
	const char *err = NULL;
	unsigned before = diag_error_count();
	if (!loader_load(a, v->file, &v->prog, &err)) {
		trouble("cannot read '%s': %s", v->file, err);
		return false;
	}
	if (diag_error_count() > before)
		return false;
	v->plan = plan_pattern(a, &v->prog, envs, nenvs, vp, defaults, before, false, 0, &v->models, &v->n);
	return v->plan != NULL;
}

/* A file's name in the output: standard input as the diagnostics name it. */
static const char *shown(const char *file)
{
	return strcmp(file, "-") ? file : "<stdin>";
}

static size_t env_index(const struct p_plan *p, const char *name)
{
	for (size_t i = 0; i < p->n_envs; i++)
		if (!strcmp(p->envs[i].name, name))
			return i;
	return (size_t)-1;
}

struct run {
	struct arena *a;
	const struct vars *vp;
	const struct alarms_defaults *defaults;
	struct diff **ds;
	size_t n;
	bool env_only;      /* an environment one version lacks: a difference too */
};

static void push(struct run *r, struct diff *d)
{
	r->ds = xrealloc(r->ds, (r->n + 1) * sizeof *r->ds);
	r->ds[r->n++] = d;
}

/* FILE --env A --env B: one merged plan, two of its environments. */
static bool diff_envs(struct run *r, const char *file, const char *const *envs)
{
	struct version v = { .file = file };
	bool same = !strcmp(envs[0], envs[1]);
	const char *list[] = { envs[0], envs[1] };
	bool ok = plan_version(r->a, &v, list, same ? 1 : 2, r->vp, r->defaults);
	if (ok) {
		const char *label = shown(file);
		struct diff_side old = { v.plan, 0, label }, new = { v.plan, same ? 0 : 1, label };
		push(r, diff_plans(r->a, &old, &new, NULL));
	}
	for (size_t i = 0; i < v.n; i++)
		model_free(v.models[i]);
	return ok;
}

static void compare_versions(struct run *r, struct version *o, struct version *n,
			     const struct p_replace *table)
{
	for (size_t k = 0; k < n->plan->n_envs; k++) {
		size_t j = env_index(o->plan, n->plan->envs[k].name);
		if (j == (size_t)-1) {
			fprintf(stderr, "eventc: environment '%s' is new in '%s'; it is not compared\n",
				n->plan->envs[k].name, n->file);
			r->env_only = true;
			continue;
		}
		struct diff_side old = { o->plan, j, shown(o->file) }, new = { n->plan, k, shown(n->file) };
		push(r, diff_plans(r->a, &old, &new, table));
	}
	for (size_t j = 0; j < o->plan->n_envs; j++) {
		if (env_index(n->plan, o->plan->envs[j].name) == (size_t)-1) {
			fprintf(stderr, "eventc: environment '%s' is gone from '%s'; it is not compared\n",
				o->plan->envs[j].name, n->file);
			r->env_only = true;
		}
	}
}

/* OLD NEW [--env E]: two plans, each environment they share (or E). */
static bool diff_versions(struct run *r, const char *old_file, const char *new_file, const char *env)
{
	const char *err = NULL;
	struct p_replace *table = plan_replace_load(r->a, &err);
	if (!table) {
		trouble("%s", err);
		return false;
	}
	struct version o = { .file = old_file }, n = { .file = new_file };
	const char *one[] = { env };
	bool ok = plan_version(r->a, &o, env ? one : NULL, env ? 1 : 0, r->vp, r->defaults);
	ok = plan_version(r->a, &n, env ? one : NULL, env ? 1 : 0, r->vp, r->defaults) && ok;
	if (ok)
		compare_versions(r, &o, &n, table);
	for (size_t i = 0; i < o.n; i++)
		model_free(o.models[i]);
	for (size_t i = 0; i < n.n; i++)
		model_free(n.models[i]);
	return ok;
}

static bool want_color(const char *when, bool *ok)
{
	*ok = true;
	if (!when || !strcmp(when, "always"))
		return true;
	if (!strcmp(when, "never"))
		return false;
	if (strcmp(when, "auto")) {
		*ok = false;
		return false;
	}
	const char *term = getenv("TERM"), *no = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(no && *no) && !(term && !strcmp(term, "dumb"));
}

struct diff_args {
	const char *envs[2];
	size_t nenvs;
	const char *vars;
	enum diff_format format;
	bool color;
};

/* Reads the options into ARGS; -1 when they are right, else the exit status. */
static int parse_args(int argc, char **argv, struct diff_args *args)
{
	static const struct option opts[] = {
		{ "env", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "color", optional_argument, NULL, 'c' },
		{ "colour", optional_argument, NULL, 'c' },
		{ "vars", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool ok;
	int c;
	args->color = want_color("auto", &ok);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":e:f:h", opts, NULL)) != -1) {
		switch (c) {
		case ':': return usage_error(help_diff, "option '%s' needs a value", argv[optind - 1]);
		case 'e':
			if (args->nenvs == 2)
				return usage_error(help_diff, "diff compares two environments; '--env %s' is a third", optarg);
			args->envs[args->nenvs++] = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "text")) args->format = DIFF_TEXT;
			else if (!strcmp(optarg, "json")) args->format = DIFF_JSON;
			else if (!strcmp(optarg, "markdown")) args->format = DIFF_MARKDOWN;
			else return usage_error(help_diff, "unknown format '%s'; formats are text, json and markdown", optarg);
			break;
		case 'c':
			args->color = want_color(optarg, &ok);
			if (!ok)
				return usage_error(help_diff, "unknown --color '%s'; use auto, always or never", optarg);
			break;
		case 'v': args->vars = optarg; break;
		case 'h': help_diff(stdout); return DIFF_SAME;
		default: return usage_error(help_diff, "unknown option '%s' for diff", argv[optind - 1]);
		}
	}
	int files = argc - optind;
	if (files == 1 && args->nenvs != 2)
		return usage_error(help_diff, "diff of one FILE needs two environments: --env A --env B");
	if (files == 2 && args->nenvs > 1)
		return usage_error(help_diff, "diff of two versions takes at most one --env");
	if (files < 1 || files > 2)
		return usage_error(help_diff, "diff takes one FILE with two --env, or OLD and NEW");
	if (files == 2 && !strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
		return usage_error(help_diff, "only one of OLD and NEW can be '-', standard input");
	return -1;
}

int cmd_diff(int argc, char **argv)
{
	struct diff_args args = { .format = DIFF_TEXT };
	int rc = parse_args(argc, argv, &args);
	if (rc >= 0)
		return rc;
	struct diag_options dopt = { .max_errors = 20 };
	diag_configure(&dopt);
	struct run r = { .a = arena_new() };
	struct vars vs;
	const char *err = NULL;
	struct alarms_defaults *defaults = NULL;
	bool ok = true;
	if (args.vars && !(ok = vars_load(r.a, args.vars, &vs, &err)))
		trouble("cannot read '%s': %s", args.vars, err);
	r.vp = args.vars ? &vs : NULL;
	if (ok && !(ok = alarms_load(r.a, &defaults, &err)))
		trouble("%s", err);
	r.defaults = defaults;
	if (ok && argc - optind == 1)
		ok = diff_envs(&r, argv[optind], args.envs);
	else if (ok)
		ok = diff_versions(&r, argv[optind], argv[optind + 1], args.nenvs ? args.envs[0] : NULL);
	diag_flush(stderr);
	bool any = r.env_only;
	for (size_t i = 0; ok && i < r.n; i++)
		any |= diff_any(r.ds[i]);
	if (ok && !diff_print(stdout, r.ds, r.n, r.env_only, args.format, args.color))
		ok = false;
	for (size_t i = 0; i < r.n; i++)
		diff_free(r.ds[i]);
	free(r.ds);
	arena_free(r.a);
	return !ok || diag_error_count() ? DIFF_TROUBLE : any ? DIFF_DIFFERENT : DIFF_SAME;
}
