/* diagout.c - the diagnostics of a run as one document on standard output,
 * for --format json (eventc's own shape, docs/language.md "Machine-readable
 * diagnostics"), sarif (SARIF 2.1.0, for code scanning) and github
 * (workflow commands, one line each). JSON through jansson only. */
#include "diag_priv.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "suppress.h"
#include "xalloc.h"

#ifndef EVENTC_DOCS_URL
#define EVENTC_DOCS_URL "file:///usr/local/share/doc/eventc/language.md"
#endif

/* What diag_flush kept, in the order it printed them. */
static json_t *kept;          /* JSON: the diagnostics array; SARIF: results */
static json_t *kept_run_level; /* SARIF: diagnostics without a place, as notifications */
static unsigned kept_errors, kept_warnings;
static char *github_lines;    /* GITHUB: the workflow commands */
static size_t github_len;

/* A source path as a URI reference relative to the working directory:
 * absolute paths under it lose that prefix, others become file: URIs;
 * characters outside RFC 3986's unreserved set and '/' are %-encoded. */
static char *path_uri(const char *path)
{
	const char *rel = path;
	char *cwd = getcwd(NULL, 0);
	size_t cl = cwd ? strlen(cwd) : 0;
	bool file_uri = false;
	if (path[0] == '/') {
		if (cwd && cl > 1 && !strncmp(path, cwd, cl) && path[cl] == '/')
			rel = path + cl + 1;
		else
			file_uri = true;
	}
	while (!file_uri && rel[0] == '.' && rel[1] == '/')
		rel += 2;
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(rel) * 3 + 8);
	size_t o = 0;
	if (file_uri) {
		memcpy(out, "file://", 7);
		o = 7;
	}
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			out[o++] = (char)*p;
		} else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
	free(cwd);
	return out;
}

struct region {
	const char *path;
	unsigned line, col, end_line, end_col; /* the end is exclusive */
};

/* False for a diagnostic about the whole run (no file). */
static bool region_of(struct loc loc, struct region *r)
{
	const struct source *s = source_get(loc.file);
	if (!s)
		return false;
	uint32_t end = loc.end > loc.start ? loc.end : loc.start + 1;
	if (end > s->len)
		end = (uint32_t)s->len;
	r->path = s->path;
	source_linecol(loc.file, loc.start, &r->line, &r->col);
	source_linecol(loc.file, end, &r->end_line, &r->end_col);
	if (r->end_line == r->line && r->end_col <= r->col)
		r->end_col = r->col + 1;
	return true;
}

static json_t *json_location(struct loc loc)
{
	struct region r;
	if (!region_of(loc, &r))
		return json_null();
	return jpack("{s:s, s:I, s:I, s:I, s:I}", "file", r.path, "line", (json_int_t)r.line,
		     "column", (json_int_t)r.col, "end_line", (json_int_t)r.end_line,
		     "end_column", (json_int_t)r.end_col);
}

static json_t *json_record(const struct diag *d, bool is_error)
{
	json_t *notes = json_array();
	for (const struct note *n = d->notes; n; n = n->next)
		json_array_append_new(notes, jpack("{s:s, s:o}", "message", n->msg, "location",
						   json_location(n->loc)));
	return jpack("{s:s, s:s, s:s, s:o, s:o}", "code", diag_code_string(d->code),
		     "level", is_error ? "error" : "warning", "message", d->msg,
		     "location", json_location(d->loc), "notes", notes);
}

static json_t *sarif_physical(const struct region *r)
{
	char *uri = path_uri(r->path);
	json_t *p = jpack("{s:{s:s}, s:{s:I, s:I, s:I, s:I}}", "artifactLocation", "uri", uri,
			  "region", "startLine", (json_int_t)r->line, "startColumn", (json_int_t)r->col,
			  "endLine", (json_int_t)r->end_line, "endColumn", (json_int_t)r->end_col);
	free(uri);
	return p;
}

static json_t *sarif_result(const struct diag *d, bool is_error)
{
	json_t *res = jpack("{s:s, s:I, s:s, s:{s:s}}", "ruleId", diag_code_string(d->code),
			    "ruleIndex", (json_int_t)d->code, "level", is_error ? "error" : "warning",
			    "message", "text", d->msg);
	struct region r;
	if (region_of(d->loc, &r))
		json_object_set_new(res, "locations", jpack("[{s:o}]", "physicalLocation", sarif_physical(&r)));
	json_t *related = json_array();
	json_int_t id = 1;
	for (const struct note *n = d->notes; n; n = n->next) {
		json_t *rl = jpack("{s:I, s:{s:s}}", "id", id++, "message", "text", n->msg);
		if (region_of(n->loc, &r))
			json_object_set_new(rl, "physicalLocation", sarif_physical(&r));
		json_array_append_new(related, rl);
	}
	if (json_array_size(related))
		json_object_set_new(res, "relatedLocations", related);
	else
		json_decref(related);
	return res;
}

/* GitHub's workflow commands: data escapes %, CR and LF; properties
 * also ':' and ','. */
static void github_append(const char *s, bool property)
{
	size_t n = strlen(s);
	github_lines = xrealloc(github_lines, github_len + n * 3 + 1);
	for (; *s; s++) {
		const char *esc = *s == '%' ? "%25" : *s == '\r' ? "%0D" : *s == '\n' ? "%0A"
				: property && *s == ':' ? "%3A" : property && *s == ',' ? "%2C" : NULL;
		if (esc) {
			memcpy(github_lines + github_len, esc, 3);
			github_len += 3;
		} else {
			github_lines[github_len++] = *s;
		}
	}
	github_lines[github_len] = '\0';
}

static void github_add(const struct diag *d, bool is_error)
{
	struct region r;
	github_append(is_error ? "::error " : "::warning ", false);
	if (region_of(d->loc, &r)) {
		char *nums = xmalloc(128);
		github_append("file=", false);
		github_append(r.path, true);
		snprintf(nums, 128, ",line=%u,col=%u,endLine=%u,endColumn=%u,", r.line, r.col, r.end_line, r.end_col);
		github_append(nums, false);
		free(nums);
	}
	github_append("title=", false);
	github_append(diag_code_string(d->code), true);
	github_append("::", false);
	github_append(d->msg, false);
	for (const struct note *n = d->notes; n; n = n->next) {
		github_append("\n", false);
		if (region_of(n->loc, &r)) {
			char *head = xmalloc(strlen(r.path) + 32);
			sprintf(head, "%s:%u:%u: ", r.path, r.line, r.col);
			github_append(head, false);
			free(head);
		}
		github_append("note: ", false);
		github_append(n->msg, false);
	}
	github_lines = xrealloc(github_lines, github_len + 2);
	github_lines[github_len++] = '\n';
	github_lines[github_len] = '\0';
}

void diagout_add(const struct diag *d, bool is_error, enum diag_format format)
{
	if (is_error)
		kept_errors++;
	else
		kept_warnings++;
	if (format == DIAG_FORMAT_GITHUB) {
		github_add(d, is_error);
		return;
	}
	if (!kept)
		kept = json_array();
	if (format == DIAG_FORMAT_SARIF && !source_get(d->loc.file)) {
		/* about the run (--disable W0999), not a place: code scanning
		 * takes results with a location only */
		if (!kept_run_level)
			kept_run_level = json_array();
		json_array_append_new(kept_run_level,
				      jpack("{s:s, s:{s:s}, s:{s:s}}", "level", is_error ? "error" : "warning",
					    "message", "text", d->msg, "descriptor", "id", diag_code_string(d->code)));
		return;
	}
	json_array_append_new(kept, format == DIAG_FORMAT_SARIF ? sarif_result(d, is_error)
								: json_record(d, is_error));
}

/* PascalCase of a title, as SARIF's rule names are: "unknown block" is
 * UnknownBlock. */
static char *rule_name(const char *title)
{
	char *out = xmalloc(strlen(title) + 1);
	size_t o = 0;
	bool up = true;
	for (const char *p = title; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
		if (!alnum) {
			up = true;
			continue;
		}
		out[o++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
		up = false;
	}
	out[o] = '\0';
	return out;
}

/* Every code, in the order of diagcodes.def, so that a result's ruleIndex
 * is its code's enum value. */
static json_t *sarif_rules(void)
{
	json_t *rules = json_array();
	for (int i = 0; i < DIAG_COUNT; i++) {
		enum diag_code c = (enum diag_code)i;
		char *name = rule_name(diag_code_title(c));
		json_t *conf = jpack("{s:s}", "level", diag_code_is_warning(c) ? "warning" : "error");
		if (suppress_off_by_default(c))
			json_object_set_new(conf, "enabled", json_false());
		json_array_append_new(rules, jpack("{s:s, s:s, s:{s:s}, s:{s:s}, s:s, s:o}",
						   "id", diag_code_string(c), "name", name,
						   "shortDescription", "text", diag_code_title(c),
						   "fullDescription", "text", diag_code_text(c),
						   "helpUri", EVENTC_DOCS_URL "#codes",
						   "defaultConfiguration", conf));
		free(name);
	}
	return rules;
}

static json_t *sarif_document(json_t *results, json_t *notifications)
{
	json_t *invocation = jpack("{s:b}", "executionSuccessful", 1);
	if (notifications)
		json_object_set_new(invocation, "toolConfigurationNotifications", notifications);
	return jpack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:[o], s:s, s:o}]}",
		     "$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs",
		     "tool", "driver", "name", "eventc", "informationUri", EVENTC_DOCS_URL, "rules", sarif_rules(),
		     "invocations", invocation, "columnKind", "unicodeCodePoints", "results", results);
}

void diag_write_report(FILE *out, enum diag_format format)
{
	json_t *items = kept ? kept : json_array();
	kept = NULL;
	if (format == DIAG_FORMAT_GITHUB) {
		if (github_lines)
			fputs(github_lines, out);
		free(github_lines);
		github_lines = NULL;
		github_len = 0;
		json_decref(items);
		return;
	}
	json_t *run_level = kept_run_level;
	kept_run_level = NULL;
	json_t *doc = format == DIAG_FORMAT_SARIF
		? sarif_document(items, run_level)
		: jpack("{s:I, s:o, s:I, s:I}", "version", (json_int_t)1, "diagnostics", items,
			"errors", (json_int_t)kept_errors, "warnings", (json_int_t)kept_warnings);
	json_dumpf(doc, out, JSON_INDENT(2));
	fputc('\n', out);
	json_decref(doc);
}
