/* main.c - the eventc command line: subcommands, options, exit codes.
 *   0 success (warnings allowed), 1 errors in the input, 2 usage,
 *   3 I/O or internal failure. */
#include <getopt.h>
#include <limits.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "xalloc.h"
#include "diag.h"
#include "emit.h"
#include "fmt_cmd.h"
#include "alarms.h"
#include "loader.h"
#include "misspell.h"
#include "model.h"
#include "names.h"
#include "output.h"
#include "parse.h"
#include "plan.h"
#include "sema.h"
#include "parallel.h"
#include "paths.h"
#include "lint.h"
#include "suppress.h"
#include "vars.h"
#include "cli.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

static const char *const commands[] = { "check", "build", "diff", "fmt", "parse", "explain", "help", NULL };

static void usage(FILE *out)
{
	fputs("Usage: eventc [--help] [--version] COMMAND [OPTION]... [ARG]...\n"
	      "Compile event-driven architecture patterns for AWS.\n"
	      "\n"
	      "Commands:\n"
	      "  check    check pattern files and report every error\n"
	      "  build    check a pattern and write its outputs for each environment\n"
	      "  diff     show what differs between two environments or two versions\n"
	      "  fmt      lay pattern files out canonically\n"
	      "  parse    print the parse tree of a pattern file (for debugging)\n"
	      "  explain  describe a diagnostic code, such as E0301\n"
	      "  help     show the help of a command\n"
	      "\n"
	      "Run 'eventc help COMMAND' for the options of a command.\n"
	      "Exit status: 0 success, 1 errors in the input, 2 usage error,\n"
	      "3 I/O or internal error.\n", out);
}

static void help_check(FILE *out)
{
	fputs("Usage: eventc check [OPTION]... FILE...\n"
	      "Check pattern files: syntax, references, types, environments, EventBridge\n"
	      "patterns, workflows and AWS limits. Every error is reported, each with its\n"
	      "file:line:col, the source line and a stable code (see 'eventc explain').\n"
	      "\n"
	      "  -e, --env NAME        check only environment NAME (default: every one)\n"
	      "      --vars FILE       override environment variables from a YAML file\n"
	      "                        with a top-level 'vars:' map (Atmos stack form)\n"
	      "  -W, --werror          treat warnings as errors\n"
	      "  -w, --no-warnings     do not print warnings\n"
	      "      --max-errors N    print at most N errors (default 20; 0: no limit)\n"
	      "  -f, --format FORMAT   text (default, on standard error), or json, sarif\n"
	      "                        (SARIF 2.1.0) or github (workflow annotations)\n"
	      "                        on standard output\n"
	      "      --disable CODE    do not report warning CODE; repeatable\n"
	      "      --enable CODE     report warning CODE, also one that is off by\n"
	      "                        default (W0913, W0914); repeatable\n"
	      "      --config FILE     read FILE as the project file instead of the\n"
	      "                        .eventc.yaml found from the working directory up\n"
	      "      --no-config       read no project file\n"
	      "      --no-lint         skip the lint warnings (W09xx)\n"
	      "  -j, --jobs N          check the environments in N threads (default: one\n"
	      "                        a processor); the report is the same for any N\n"
	      "  -h, --help            show this help\n"
	      "\n"
	      "FILE may be '-' for standard input. A '# eventc: ignore[CODE]' comment hides\n"
	      "warning CODE on its line and on the line below it.\n", out);
}

static void help_build(FILE *out)
{
	fputs("Usage: eventc build [OPTION]... FILE\n"
	      "Check FILE and, when it has no errors, write its outputs for each\n"
	      "environment below DIR: DIR/ENV/cloudformation/template.json,\n"
	      "DIR/ENV/stepfunctions/WORKFLOW.asl.json, DIR/ENV/alarms.json, and one\n"
	      "Terraform module with Atmos stacks for all of them in DIR/terraform/. Files are\n"
	      "written to a temporary name and renamed; when the pattern has errors,\n"
	      "nothing is written and DIR is left as it was. DIR/.eventc-manifest lists\n"
	      "what was written: a later build removes the files it lists that the\n"
	      "pattern no longer produces, and never touches any other file.\n"
	      "\n"
	      "  -e, --env NAME        build environment NAME; repeatable (default: all)\n"
	      "  -t, --target TARGET   asl, cloudformation, terraform, alarms or all\n"
	      "                        (default: all); repeatable\n"
	      "  -f, --format FORMAT   json or yaml, for the CloudFormation template\n"
	      "      --code HOW        how functions get their code: bucket (default), zips\n"
	      "                        named in artifacts.txt that you upload; or local,\n"
	      "                        the code folders, zipped and uploaded at deployment\n"
	      "                        by aws cloudformation package and Terraform's\n"
	      "                        archive_file\n"
	      "      --vars FILE       override environment variables from a YAML file\n"
	      "  -o, --output DIR      write below DIR (default: out)\n"
	      "      --check           write nothing; list each file of DIR that is missing,\n"
	      "                        stale or extra, and exit 1 if there is any\n"
	      "  -n, --dry-run         make every output in memory and write none: what a\n"
	      "                        build would report, with nothing on disk\n"
	      "  -W, --werror          treat warnings as errors\n"
	      "  -w, --no-warnings     do not print warnings\n"
	      "      --max-errors N    print at most N errors (default 20; 0: no limit)\n"
	      "  -j, --jobs N          check, plan and render in N threads (default: one a\n"
	      "                        processor); the outputs are the same for any N\n"
	      "  -h, --help            show this help\n", out);
}

static void help_parse(FILE *out)
{
	fputs("Usage: eventc parse FILE\n"
	      "Print the parse tree of FILE as S-expressions. Only syntax is checked.\n", out);
}

static void help_explain(FILE *out)
{
	fputs("Usage: eventc explain [CODE]\n"
	      "Describe diagnostic CODE (such as E0301 or W0601); without CODE, list all.\n", out);
}

__attribute__((format(printf, 2, 3)))
int usage_error(void (*help)(FILE *), const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("eventc: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\n", stderr);
	va_end(ap);
	help(stderr);
	return EXIT_USAGE;
}

/* The environments' splits, planned side by side, each in an arena of
 * its own (as the build's jobs are). */
struct split_limits {
	const struct p_plan *p;
	struct arena **arenas;
	const char **limits;
};

static void split_limit_env(void *ctx, size_t env)
{
	struct split_limits *w = ctx;
	w->arenas[env] = arena_new();
	w->limits[env] = cfn_split_limit(w->arenas[env], w->p, env);
}

/* What a render would refuse of P: a CloudFormation template past 500
 * resources that no split into nested stacks can cut (E0610, as the
 * build says it). */
static void check_split_limits(const struct p_plan *p, unsigned workers)
{
	if (!cfn_may_split(p))
		return;
	struct split_limits w = { p, xcalloc(p->n_envs, sizeof *w.arenas), xcalloc(p->n_envs, sizeof *w.limits) };
	parallel_run(p->n_envs, parallel_workers(workers), NULL, split_limit_env, &w);
	for (size_t e = 0; e < p->n_envs; e++) {
		if (w.limits[e])
			diag_error(p->loc, DIAG_RESOURCE_LIMIT, "%s", w.limits[e]);
		arena_free(w.arenas[e]);
	}
	free(w.arenas);
	free(w.limits);
}

/* Checks one file for the environments asked for (NULL: every one): its
 * models and the plan a build would write, so that what check accepts
 * builds. */
static int check_file(const char *path, const char *env, const struct vars *vp,
		      const struct alarms_defaults *defaults, bool lint, unsigned workers)
{
	struct arena *a = arena_new();
	struct program prog;
	const char *err = NULL;
	unsigned before = diag_error_count();
	size_t first_source = source_count() + 1;
	if (!loader_load(a, path, &prog, &err)) {
		fprintf(stderr, "eventc: cannot read '%s': %s\n", path, err);
		arena_free(a);
		return EXIT_IO;
	}
	/* Semantic checks on a tree with syntax errors would only repeat them;
	 * an earlier file's errors do not stop this one's checks. Lint reads
	 * models that check accepts, each environment's. */
	if (diag_error_count() == before) {
		const char *one[] = { env, NULL };
		struct m_pattern **models;
		size_t n;
		struct p_plan *p = plan_pattern(a, &prog, env ? one : NULL, env ? 1 : 0, vp, defaults, before,
						false, workers, &models, &n);
		for (size_t i = 0; i < n; i++) {
			if (p && lint)
				lint_pattern(models[i]);
			model_free(models[i]);
		}
		if (p)
			check_split_limits(p, workers);
	}
	/* the ignore comments of the file and of what it imports, after the
	 * checks, which a mistyped code must not stop */
	for (size_t f = first_source; f <= source_count(); f++)
		suppress_scan_comments((uint32_t)f);
	arena_free(a);
	return EXIT_OK;
}

/* The diagnostic options check and build share: -W, -w, --max-errors.
 * Returns 1 when C was one of them, 0 when not, -1 for a bad value. */
static int diag_option(int c, const char *arg, struct diag_options *d)
{
	switch (c) {
	case 'W': d->werror = true; return 1;
	case 'w': d->quiet_warnings = true; return 1;
	case 'm': {
		char *end;
		long n = strtol(arg, &end, 10);
		if (*end || n < 0 || n > 1000000)
			return -1;
		d->max_errors = (unsigned)n;
		return 1;
	}
	default:
		return 0;
	}
}

/* check --format: where the diagnostics go besides standard error */
static enum diag_format report_format = DIAG_FORMAT_TEXT;

/* Prints the queued diagnostics and their count; the exit status. */
static int finish(int rc)
{
	diag_flush(stderr);
	if (report_format != DIAG_FORMAT_TEXT)
		diag_write_report(stdout, report_format);
	unsigned ne = diag_error_count(), nw = diag_warning_count();
	if (ne || nw)
		fprintf(stderr, "eventc: %u error%s, %u warning%s\n", ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
	return rc == EXIT_OK && ne ? EXIT_INPUT : rc;
}

/* --jobs N: 1 to PARALLEL_MAX. */
static bool parse_jobs(const char *arg, unsigned *out)
{
	char *end;
	unsigned long j = strtoul(arg, &end, 10);
	if (!*arg || *end || arg[0] == '-' || arg[0] == '+' || j < 1 || j > PARALLEL_MAX)
		return false;
	*out = (unsigned)j;
	return true;
}

/* What check is told about lint and its output, beyond the diagnostic
 * options it shares with build. */
struct check_options {
	const char *env, *vars, *config;
	bool no_config, no_lint;
	unsigned workers;
	/* --disable and --enable as given, applied after the project file */
	const char **switches;
	bool *switch_on;
	size_t nswitches;
};

static bool parse_format(const char *name, enum diag_format *out)
{
	static const char *const names[] = { "text", "json", "sarif", "github", NULL };
	for (int i = 0; names[i]; i++) {
		if (!strcmp(name, names[i])) {
			*out = (enum diag_format)i;
			return true;
		}
	}
	return false;
}

/* Check's options into CO and DOPT: -1 to go on, else the exit status. */
static int check_parse_options(int argc, char **argv, struct check_options *co, struct diag_options *dopt)
{
	static const struct option opts[] = {
		{ "env", required_argument, NULL, 'e' },
		{ "vars", required_argument, NULL, 'v' },
		{ "werror", no_argument, NULL, 'W' },
		{ "no-warnings", no_argument, NULL, 'w' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "format", required_argument, NULL, 'f' },
		{ "disable", required_argument, NULL, 'D' },
		{ "enable", required_argument, NULL, 'E' },
		{ "config", required_argument, NULL, 'c' },
		{ "no-config", no_argument, NULL, 'C' },
		{ "no-lint", no_argument, NULL, 'L' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":e:f:j:Wwh", opts, NULL)) != -1) {
		switch (c) {
		case ':':
			return usage_error(help_check, "option '%s' needs a value", argv[optind - 1]);
		case 'e': co->env = optarg; break;
		case 'v': co->vars = optarg; break;
		case 'c': co->config = optarg; break;
		case 'C': co->no_config = true; break;
		case 'L': co->no_lint = true; break;
		case 'j':
			if (!parse_jobs(optarg, &co->workers))
				return usage_error(help_check, "invalid --jobs '%s'; it takes 1 to 64", optarg);
			break;
		case 'D': case 'E':
			co->switch_on[co->nswitches] = c == 'E';
			co->switches[co->nswitches++] = optarg;
			break;
		case 'f':
			if (!parse_format(optarg, &dopt->format))
				return usage_error(help_check, "unknown format '%s'; formats are text, json, sarif "
						   "and github", optarg);
			break;
		case 'h': help_check(stdout); return EXIT_OK;
		default:
			switch (diag_option(c, optarg, dopt)) {
			case 1: break;
			case -1: return usage_error(help_check, "invalid --max-errors '%s'", optarg);
			default: return usage_error(help_check, "unknown option '%s' for check", argv[optind - 1]);
			}
		}
	}
	if (optind >= argc)
		return usage_error(help_check, "check needs at least one FILE%s", "");
	return -1;
}

/* The project file, then --disable and --enable: EXIT_IO when a named
 * project file cannot be read. */
static int check_apply_switches(const struct check_options *co)
{
	const char *err = NULL;
	if (!co->no_config && !suppress_load_project(co->config, &err)) {
		fprintf(stderr, "eventc: cannot read '%s': %s\n", co->config, err);
		return EXIT_IO;
	}
	struct loc none = { 0, 0, 0 };
	for (size_t i = 0; i < co->nswitches; i++)
		suppress_set(co->switches[i], co->switch_on[i], none, co->switch_on[i] ? "--enable" : "--disable");
	return EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
	struct diag_options dopt = { .max_errors = 20, .suppressed = suppress_hides };
	struct check_options co = {
		.switches = xcalloc((size_t)argc + 1, sizeof *co.switches),
		.switch_on = xcalloc((size_t)argc + 1, sizeof *co.switch_on),
	};
	int rc = check_parse_options(argc, argv, &co, &dopt);
	if (rc >= 0) {
		free(co.switches), free(co.switch_on);
		return rc;
	}
	diag_configure(&dopt);
	report_format = dopt.format;
	rc = check_apply_switches(&co);
	free(co.switches), free(co.switch_on);
	/* the vars file is read once, whatever the number of files */
	struct arena *va = arena_new();
	struct vars vs, *vp = NULL;
	const char *err = NULL;
	bool vars_ok = rc == EXIT_OK;
	if (vars_ok && co.vars && !(vars_ok = vars_load(va, co.vars, &vs, &err))) {
		fprintf(stderr, "eventc: cannot read '%s': %s\n", co.vars, err);
		rc = EXIT_IO;
	} else if (vars_ok && co.vars) {
		vp = &vs;
	}
	/* the alarm defaults too: an override of the pattern's names one */
	struct alarms_defaults *defaults = NULL;
	if (vars_ok && !alarms_load(va, &defaults, &err)) {
		fprintf(stderr, "eventc: %s\n", err);
		rc = EXIT_IO;
		vars_ok = false;
	}
	for (int i = optind; i < argc && vars_ok; i++) {
		int r = check_file(argv[i], co.env, vp, defaults, !co.no_lint, co.workers);
		if (r > rc)
			rc = r;
	}
	arena_free(va);
	return finish(rc);
}

/* The targets --target names: a backend's name, or all of them. */
static bool parse_target(const char *t, const struct backend **chosen)
{
	if (!strcmp(t, "all")) {
		for (size_t i = 0; backends[i].name; i++)
			chosen[i] = &backends[i];
		return true;
	}
	for (size_t i = 0; backends[i].name; i++) {
		if (!strcmp(t, backends[i].name)) {
			chosen[i] = &backends[i];
			return true;
		}
	}
	return false;
}

static int compare_names(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* build --check: what differs between DIR and the build, on stdout. */
static int check_outputs(const struct outset *out, const char *dir)
{
	long bad = outset_check(out, dir, stdout);
	if (bad < 0)
		return EXIT_IO;
	if (bad > 0)
		fprintf(stderr, "eventc: %ld file%s in '%s' %s not what the build writes; run eventc build "
			"without --check to update %s\n", bad, bad == 1 ? "" : "s", dir, bad == 1 ? "is" : "are",
			bad == 1 ? "it" : "them");
	return bad > 0 ? EXIT_INPUT : EXIT_OK;
}

/* What a build covers, for its manifest: "all", or the names given,
 * sorted and joined by commas. */
static const char *scope_of(struct arena *a, const char **names, size_t n)
{
	if (n == 0)
		return "all";
	const char **sorted = arena_alloc(a, n * sizeof *sorted);
	memcpy(sorted, names, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, compare_names);
	const char *out = sorted[0];
	for (size_t i = 1; i < n; i++)
		if (strcmp(sorted[i], sorted[i - 1]))
			out = arena_printf(a, "%s,%s", out, sorted[i]);
	return out;
}

static const char *target_scope(struct arena *a, const struct backend *const *chosen)
{
	size_t n = 0, all = backend_count();
	const char **names = arena_alloc(a, (all + 1) * sizeof *names);
	for (size_t i = 0; backends[i].name; i++)
		if (chosen[i])
			names[n++] = backends[i].name;
	return n == all ? "all" : scope_of(a, names, n);
}

/* What a build does with its outputs: write them, compare the folder
 * with them (--check), or neither (--dry-run). */
enum build_mode { BUILD_WRITE, BUILD_CHECK, BUILD_DRY_RUN };

/* Writes the outputs below DIR, or with BUILD_CHECK compares DIR with them
 * and writes nothing: exit 1 when a file is missing, stale or extra. */

static int build_pattern(const char *path, const char **envs, size_t nenvs, const char *vars_path,
			 const struct backend *const *chosen, const struct backend_options *bo, const char *dir,
			 enum build_mode mode)
{
	struct arena *a = arena_new();
	struct program prog;
	const char *err = NULL;
	if (!loader_load(a, path, &prog, &err)) {
		fprintf(stderr, "eventc: cannot read '%s': %s\n", path, err);
		arena_free(a);
		return EXIT_IO;
	}
	struct vars vars, *vp = NULL;
	if (vars_path) {
		if (!vars_load(a, vars_path, &vars, &err)) {
			fprintf(stderr, "eventc: cannot read '%s': %s\n", vars_path, err);
			arena_free(a);
			return EXIT_IO;
		}
		vp = &vars;
	}
	struct alarms_defaults *defaults = NULL;
	if (!alarms_load(a, &defaults, &err)) {
		fprintf(stderr, "eventc: %s\n", err);
		arena_free(a);
		return EXIT_IO;
	}
	struct m_pattern **models;
	size_t n;
	prog.release_early = true;
	struct p_plan *p = plan_pattern(a, &prog, envs, nenvs, vp, defaults, 0, bo->local_code, bo->workers, &models,
					&n);
	int rc = EXIT_OK;
	if (p) {
		struct outset out;
		outset_init(&out, a);
		struct backend_options o = *bo;
		o.pattern_file = path_relative(a, arena_printf(a, "%s/terraform", dir), path);
		o.out_dir = dir;
		o.pattern_path = path;
		/* a build that writes writes each file as it is made, so that
		 * its memory need not hold them all */
		bool ok = mode != BUILD_WRITE || outset_stream(&out, dir);
		struct emit_run *run = ok ? emit_run(p, chosen, &o, &out, parallel_workers(o.workers), &ok) : NULL;
		outset_scope(&out, target_scope(a, chosen), scope_of(a, envs, nenvs));
		if (!ok)
			rc = EXIT_IO;
		else if (diag_error_count() == 0 && mode == BUILD_CHECK)
			rc = check_outputs(&out, dir);
		else if (diag_error_count() == 0 && mode == BUILD_WRITE && !outset_commit(&out, dir))
			rc = EXIT_IO;
		outset_discard(&out);
		emit_run_free(run);
	}
	for (size_t i = 0; i < n; i++)
		model_free(models[i]);
	arena_free(a);
	return rc;
}

static int cmd_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "env", required_argument, NULL, 'e' },
		{ "target", required_argument, NULL, 't' },
		{ "vars", required_argument, NULL, 'v' },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "werror", no_argument, NULL, 'W' },
		{ "no-warnings", no_argument, NULL, 'w' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "check", no_argument, NULL, 'C' },
		{ "code", required_argument, NULL, 'K' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag_options dopt = { .max_errors = 20 };
	const char *vars = NULL, *dir = "out";
	enum build_mode mode = BUILD_WRITE;
	const char **envs = xcalloc((size_t)argc + 1, sizeof *envs);
	size_t nenvs = 0;
	/* one slot per entry of the backend table, NULL when not chosen */
	const struct backend **chosen = xcalloc(backend_count(), sizeof *chosen);
	struct backend_options bo = { 0 };
	bool any = false;
	int c, rc;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":e:t:o:f:j:nWwh", opts, NULL)) != -1) {
		switch (c) {
		case ':':
			free(envs), free(chosen);
			return usage_error(help_build, "option '%s' needs a value", argv[optind - 1]);
		case 'e': envs[nenvs++] = optarg; break;
		case 't':
			any = true;
			if (!parse_target(optarg, chosen)) {
				free(envs), free(chosen);
				return usage_error(help_build, "unknown target '%s'; targets are asl, cloudformation, "
						   "terraform, alarms and all", optarg);
			}
			break;
		case 'v': vars = optarg; break;
		case 'o': dir = optarg; break;
		case 'C': mode = BUILD_CHECK; break;
		case 'n': mode = BUILD_DRY_RUN; break;
		case 'f':
			if (strcmp(optarg, "json") && strcmp(optarg, "yaml")) {
				free(envs), free(chosen);
				return usage_error(help_build, "unknown format '%s'; formats are json and yaml", optarg);
			}
			bo.yaml = !strcmp(optarg, "yaml");
			break;
		case 'K':
			if (strcmp(optarg, "bucket") && strcmp(optarg, "local")) {
				free(envs), free(chosen);
				return usage_error(help_build, "unknown code delivery '%s'; --code takes bucket or local",
						   optarg);
			}
			bo.local_code = !strcmp(optarg, "local");
			break;
		case 'j':
			if (!parse_jobs(optarg, &bo.workers)) {
				free(envs), free(chosen);
				return usage_error(help_build, "invalid --jobs '%s'; it takes 1 to 64", optarg);
			}
			break;
		case 'h': help_build(stdout); free(envs), free(chosen); return EXIT_OK;
		default:
			switch (diag_option(c, optarg, &dopt)) {
			case 1: break;
			case -1:
				free(envs), free(chosen);
				return usage_error(help_build, "invalid --max-errors '%s'", optarg);
			default:
				free(envs), free(chosen);
				return usage_error(help_build, "unknown option '%s' for build", argv[optind - 1]);
			}
		}
	}
	if (optind != argc - 1) {
		free(envs), free(chosen);
		return usage_error(help_build, "build takes exactly one FILE%s", "");
	}
	if (!any)
		parse_target("all", chosen);
	diag_configure(&dopt);
	rc = build_pattern(argv[optind], envs, nenvs, vars, chosen, &bo, dir, mode);
	free(envs), free(chosen);
	return finish(rc);
}

static int cmd_parse(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		help_parse(stdout);
		return EXIT_OK;
	}
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1]))
		return usage_error(help_parse, "parse takes one FILE%s", "");
	const char *err;
	uint32_t file = source_load(argv[1], &err);
	if (!file) {
		fprintf(stderr, "eventc: cannot read '%s': %s\n", argv[1], err);
		return EXIT_IO;
	}
	struct arena *a = arena_new();
	struct ast_block *top = parse_file(a, a, file);
	if (diag_error_count() == 0)
		ast_dump(stdout, top);
	arena_free(a);
	diag_flush(stderr);
	return diag_error_count() ? EXIT_INPUT : EXIT_OK;
}

static int cmd_explain(int argc, char **argv)
{
	if (argc == 1) {
		diag_list_codes(stdout);
		return EXIT_OK;
	}
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		help_explain(stdout);
		return EXIT_OK;
	}
	if (argc != 2)
		return usage_error(help_explain, "explain takes one CODE%s", "");
	if (!diag_explain(argv[1], stdout)) {
		fprintf(stderr, "eventc: unknown diagnostic code '%s'; 'eventc explain' lists them\n", argv[1]);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "check"))
		help_check(stdout);
	else if (!strcmp(argv[1], "build"))
		help_build(stdout);
	else if (!strcmp(argv[1], "diff"))
		help_diff(stdout);
	else if (!strcmp(argv[1], "fmt"))
		fmt_help(stdout);
	else if (!strcmp(argv[1], "parse"))
		help_parse(stdout);
	else if (!strcmp(argv[1], "explain"))
		help_explain(stdout);
	else if (!strcmp(argv[1], "help"))
		usage(stdout);
	else
		return usage_error(usage, "unknown command '%s'", argv[1]);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	int rc;
	xalloc_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		rc = EXIT_OK;
	} else if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("eventc %s\n", PACKAGE_VERSION);
		rc = EXIT_OK;
	} else if (!strcmp(cmd, "check"))
		rc = cmd_check(argc - 1, argv + 1);
	else if (!strcmp(cmd, "build"))
		rc = cmd_build(argc - 1, argv + 1);
	else if (!strcmp(cmd, "diff"))
		rc = cmd_diff(argc - 1, argv + 1);
	else if (!strcmp(cmd, "fmt"))
		rc = fmt_main(argc - 1, argv + 1);
	else if (!strcmp(cmd, "parse"))
		rc = cmd_parse(argc - 1, argv + 1);
	else if (!strcmp(cmd, "explain"))
		rc = cmd_explain(argc - 1, argv + 1);
	else if (!strcmp(cmd, "help"))
		rc = cmd_help(argc - 1, argv + 1);
	else {
		const char *hint = misspell_suggest(cmd, commands);
		if (cmd[0] == '-')
			fprintf(stderr, "eventc: unknown option '%s'\n", cmd);
		else if (hint)
			fprintf(stderr, "eventc: unknown command '%s'; did you mean '%s'?\n", cmd, hint);
		else
			fprintf(stderr, "eventc: unknown command '%s'\n", cmd);
		usage(stderr);
		rc = EXIT_USAGE;
	}
	source_free_all();
	diag_reset();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("eventc: write error");
		return EXIT_IO;
	}
	return rc;
}
