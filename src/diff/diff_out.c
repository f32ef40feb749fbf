/* diff_out.c - a plan comparison as text like diff(1), as JSON (the shape
 * docs/diff.md documents) or as Markdown for a review comment. Only
 * renders: what differs is decided in diff.c. */
#include "diff.h"
#include "jtext.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static const char *change_word(enum diff_change c)
{
	return c == DIFF_ADDED ? "added" : c == DIFF_REMOVED ? "removed" : "changed";
}

/* A value on one line: compact JSON. The caller frees it. */
static char *value_text(const json_t *v)
{
	char *s = json_text(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!s) {
		s = xmalloc(2);
		strcpy(s, "?");
	}
	return s;
}

static const char *side_env(const struct diff_side *s)
{
	return s->plan->envs[s->env].name;
}

/* ---- text ---- */

struct paint {
	bool on;
};

static void put(FILE *out, const struct paint *p, const char *sgr, const char *text)
{
	if (p->on)
		fprintf(out, "\033[%sm%s\033[m", sgr, text);
	else
		fputs(text, out);
}

static void text_prop(FILE *out, const struct paint *p, const struct diff_prop *d)
{
	for (int side = 0; side < 2; side++) {
		const json_t *v = side ? d->new_value : d->old_value;
		if (!v)
			continue;
		char *val = value_text(v);
		char *line = xmalloc(strlen(d->path) + strlen(val) + 8);
		sprintf(line, "%c   %s: %s", side ? '+' : '-', d->path, val);
		put(out, p, side ? "32" : "31", line);
		if (side && d->replaces)
			put(out, p, "1;33", "  (replacement)");
		else if (!side && d->replaces && !d->new_value)
			put(out, p, "1;33", "  (replacement)");
		fputc('\n', out);
		free(line);
		free(val);
	}
}

static void text_res(FILE *out, const struct paint *p, const struct diff_res *x)
{
	const char *type = plan_aws_type(x->res->type);
	size_t n = strlen(x->res->id) + strlen(type) + 8;
	char *head = xmalloc(n);
	snprintf(head, n, "%c %s (%s)", x->change == DIFF_ADDED ? '+' : x->change == DIFF_REMOVED ? '-' : ' ',
		 x->res->id, type);
	put(out, p, x->change == DIFF_ADDED ? "32" : x->change == DIFF_REMOVED ? "31" : "1", head);
	free(head);
	if (x->change != DIFF_CHANGED)
		fprintf(out, " %s", change_word(x->change));
	if (x->replaces) {
		fputc(' ', out);
		put(out, p, "1;33", x->stateful ? "replaced, with its data" : "replaced");
	}
	fputc('\n', out);
	for (size_t i = 0; i < x->props.n; i++)
		text_prop(out, p, x->props.items[i]);
}

static void text_diff(FILE *out, const struct paint *p, const struct diff *d)
{
	char *h = xmalloc(strlen(d->old.file) + strlen(d->new.file) + strlen(side_env(&d->old)) +
			  strlen(side_env(&d->new)) + 16);
	sprintf(h, "--- %s (%s)", d->old.file, side_env(&d->old));
	put(out, p, "1", h);
	fputc('\n', out);
	sprintf(h, "+++ %s (%s)", d->new.file, side_env(&d->new));
	put(out, p, "1", h);
	fputc('\n', out);
	free(h);
	for (size_t g = 0; g < d->groups.n; g++) {
		const struct diff_group *grp = d->groups.items[g];
		char *at = xmalloc(strlen(grp->kind) + strlen(grp->name) + 8);
		sprintf(at, "@@ %s %s @@", grp->kind, grp->name);
		put(out, p, "36", at);
		fputc('\n', out);
		free(at);
		for (size_t i = 0; i < grp->res.n; i++)
			text_res(out, p, grp->res.items[i]);
	}
}

/* ---- JSON ---- */

static json_t *json_side(const struct diff_side *s)
{
	return jpack("{s:s, s:s}", "file", s->file, "environment", side_env(s));
}

static json_t *json_res(const struct diff_res *x)
{
	json_t *r = jpack("{s:s, s:s, s:s, s:s, s:b, s:b}", "id", x->res->id,
			      "type", plan_aws_type(x->res->type), "resource", plan_type_name(x->res->type),
			      "change", change_word(x->change), "replacement", x->replaces, "stateful", x->stateful);
	json_t *props = json_array();
	for (size_t i = 0; i < x->props.n; i++) {
		const struct diff_prop *d = x->props.items[i];
		json_t *p = jpack("{s:s}", "path", d->path);
		if (d->old_value)
			json_object_set(p, "old", d->old_value);
		if (d->new_value)
			json_object_set(p, "new", d->new_value);
		json_object_set_new(p, "replacement", json_boolean(d->replaces));
		json_array_append_new(props, p);
	}
	json_object_set_new(r, "properties", props);
	return r;
}

static json_t *json_diff(const struct diff *d)
{
	json_t *o = jpack("{s:s, s:o, s:o, s:{s:I, s:I, s:I, s:I}}",
			      "compare", d->versions ? "versions" : "environments",
			      "old", json_side(&d->old), "new", json_side(&d->new),
			      "summary", "added", (json_int_t)d->added, "removed", (json_int_t)d->removed,
			      "changed", (json_int_t)d->changed, "replaced", (json_int_t)d->replaced);
	json_t *comps = json_array();
	for (size_t g = 0; g < d->groups.n; g++) {
		const struct diff_group *grp = d->groups.items[g];
		json_t *res = json_array();
		for (size_t i = 0; i < grp->res.n; i++)
			json_array_append_new(res, json_res(grp->res.items[i]));
		json_array_append_new(comps, jpack("{s:s, s:s, s:o}", "kind", grp->kind, "name", grp->name,
						       "resources", res));
	}
	json_object_set_new(o, "components", comps);
	return o;
}

static bool print_json(FILE *out, struct diff *const *ds, size_t n, bool other)
{
	bool any = other;
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		any |= diff_any(ds[i]);
		json_array_append_new(list, json_diff(ds[i]));
	}
	json_t *root = jpack("{s:i, s:b, s:o}", "eventc_diff", 1, "differences", any, "comparisons", list);
	char *s = root ? json_text(root, JSON_INDENT(2)) : NULL;
	json_decref(root);
	if (!s)
		return false;
	fputs(s, out);
	fputc('\n', out);
	free(s);
	return true;
}

/* ---- Markdown ---- */

/* TEXT as a code span in a table cell: pipes escaped (GitHub reads them
 * as cell ends even there), fenced with more backticks than it holds. */
static void md_code(FILE *out, const char *text)
{
	const char *fence = strchr(text, '`') ? "`` " : "`";
	fputs(fence, out);
	for (const char *c = text; *c; c++) {
		if (*c == '|')
			fputc('\\', out);
		fputc(*c == '\n' ? ' ' : *c, out);
	}
	fputs(!strcmp(fence, "`") ? "`" : " ``", out);
}

static void md_value(FILE *out, const json_t *v)
{
	if (!v)
		return;
	char *s = value_text(v);
	md_code(out, s);
	free(s);
}

static void md_res(FILE *out, const struct diff_group *grp, const struct diff_res *x)
{
	size_t rows = x->props.n ? x->props.n : 1;
	for (size_t i = 0; i < rows; i++) {
		const struct diff_prop *d = x->props.n ? x->props.items[i] : NULL;
		fprintf(out, "| %s ", grp->kind);
		md_code(out, grp->name);
		fputs(" | ", out);
		md_code(out, x->res->id);
		fprintf(out, " (%s) | ", plan_aws_type(x->res->type));
		if (!d) {
			fprintf(out, "*%s* | | |\n", change_word(x->change));
			continue;
		}
		md_code(out, d->path);
		if (d->replaces)
			fputs(x->stateful ? " **replaces, with its data**" : " **replaces**", out);
		fputs(" | ", out);
		md_value(out, d->old_value);
		fputs(" | ", out);
		md_value(out, d->new_value);
		fputs(" |\n", out);
	}
}

static void md_diff(FILE *out, const struct diff *d)
{
	fputs("#### ", out);
	md_code(out, d->old.file);
	fprintf(out, " (%s) → ", side_env(&d->old));
	md_code(out, d->new.file);
	fprintf(out, " (%s)\n\n", side_env(&d->new));
	if (!diff_any(d)) {
		fputs("No differences.\n\n", out);
		return;
	}
	fprintf(out, "%zu changed, %zu added, %zu removed", d->changed, d->added, d->removed);
	if (d->replaced)
		fprintf(out, "; **%zu replaced**", d->replaced);
	fputs(".\n\n| component | resource | property | old | new |\n|---|---|---|---|---|\n", out);
	for (size_t g = 0; g < d->groups.n; g++) {
		const struct diff_group *grp = d->groups.items[g];
		for (size_t i = 0; i < grp->res.n; i++)
			md_res(out, grp, grp->res.items[i]);
	}
	fputc('\n', out);
}

bool diff_print(FILE *out, struct diff *const *ds, size_t n, bool other, enum diff_format f, bool color)
{
	struct paint p = { color };
	switch (f) {
	case DIFF_JSON:
		return print_json(out, ds, n, other);
	case DIFF_MARKDOWN:
		fputs("### eventc diff\n\n", out);
		for (size_t i = 0; i < n; i++)
			md_diff(out, ds[i]);
		break;
	case DIFF_TEXT:
		for (size_t i = 0; i < n; i++)
			if (diff_any(ds[i]))
				text_diff(out, &p, ds[i]);
		break;
	}
	return !ferror(out);
}
