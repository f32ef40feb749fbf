/* fmt_cmd.c - `eventc fmt [--check] [-w] [FILE...]`: lays pattern files out
 * canonically (fmt.c). A file is formatted only when it parses, and only
 * when the formatted text parses to the same tree; anything else leaves it
 * as it was. Exit status: 0 done (or, with --check, nothing to change),
 * 1 syntax errors or (with --check) a file that would change, 2 usage,
 * 3 I/O or a layout that would change the meaning (a bug). */
#include "fmt_cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "fmt.h"
#include "parse.h"
#include "source.h"
#include "xalloc.h"

enum { FMT_OK = 0, FMT_INPUT = 1, FMT_USAGE = 2, FMT_IO = 3 };
enum fmt_mode { MODE_PRINT, MODE_CHECK, MODE_WRITE };

void fmt_help(FILE *out)
{
	fputs("Usage: eventc fmt [OPTION]... [FILE]...\n"
	      "Lay pattern files out canonically: indentation of two spaces a level,\n"
	      "'=' aligned in runs of attributes, trailing comments kept in their column,\n"
	      "at most one blank line in a row. Comments stay, and only whitespace\n"
	      "changes: what the file builds does not. Without -w or --check, the\n"
	      "formatted text is written to standard output. A file with syntax errors\n"
	      "gets them and is left as it was.\n"
	      "\n"
	      "  -w, --write     write the result back to each FILE that changes\n"
	      "      --check     write nothing; show a unified diff of what would change\n"
	      "                  and exit 1 when a FILE is not formatted\n"
	      "  -h, --help      show this help\n"
	      "\n"
	      "Without FILE, or with '-', standard input is formatted to standard output.\n", out);
}

/* The parse tree of FILE as text, or NULL when it has syntax errors. */
static char *tree_dump(uint32_t file)
{
	unsigned before = diag_error_count();
	struct arena *a = arena_new();
	struct ast_block *top = parse_file(a, a, file);
	char *dump = NULL;
	size_t len = 0;
	if (diag_error_count() == before) {
		FILE *m = open_memstream(&dump, &len);
		if (!m)
			xalloc_die();
		ast_dump(m, top);
		fclose(m);
	}
	arena_free(a);
	return dump;
}

/* Offsets of the lines of TEXT: n + 1 entries, the last one LEN. */
static size_t *line_starts(const char *text, size_t len, size_t *n)
{
	size_t cap = 64, k = 0;
	size_t *s = xmalloc(cap * sizeof *s);
	for (size_t p = 0; p < len;) {
		if (k + 1 >= cap)
			s = xrealloc(s, (cap *= 2) * sizeof *s);
		s[k++] = p;
		while (p < len && text[p] != '\n')
			p++;
		p++;
	}
	s[k] = len;
	*n = k;
	return s;
}

struct side {
	const char *text;
	size_t len, n, *start;
};

/* Line I of S, without its newline. */
static void put_side_line(FILE *out, char mark, const struct side *s, size_t i)
{
	size_t from = s->start[i], to = s->start[i + 1];
	if (to > from && s->text[to - 1] == '\n')
		to--;
	fputc(mark, out);
	fwrite(s->text + from, 1, to - from, out);
	fputc('\n', out);
	if (i + 1 == s->n && (s->len == 0 || s->text[s->len - 1] != '\n'))
		fputs("\\ No newline at end of file\n", out);
}

static bool line_changed(const struct side *o, const struct side *f, const struct fmt_out *r, size_t i)
{
	if (r->line_map[i] == FMT_DROPPED)
		return true;
	size_t j = r->line_map[i];
	size_t ol = o->start[i + 1] - o->start[i], fl = f->start[j + 1] - f->start[j];
	return ol != fl || memcmp(o->text + o->start[i], f->text + f->start[j], ol) != 0;
}

/* One hunk: input lines [from, to). */
static void put_hunk(FILE *out, const struct side *o, const struct side *f, const struct fmt_out *r,
		     const bool *changed, size_t from, size_t to)
{
	size_t new_before = 0, new_count = 0;
	for (size_t i = 0; i < to; i++)
		if (r->line_map[i] != FMT_DROPPED)
			*(i < from ? &new_before : &new_count) += 1;
	fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", from + 1, to - from, new_before + (new_count > 0), new_count);
	for (size_t i = from; i < to;) {
		if (!changed[i]) {
			put_side_line(out, ' ', o, i++);
			continue;
		}
		size_t j = i;
		while (j < to && changed[j])
			put_side_line(out, '-', o, j++);
		for (size_t k = i; k < j; k++)
			if (r->line_map[k] != FMT_DROPPED)
				put_side_line(out, '+', f, r->line_map[k]);
		i = j;
	}
}

/* A unified diff of PATH's text O against its layout R, three lines of
 * context, as diff -u prints it (each changed line once removed, once
 * added: the layout never moves a line). */
static void put_diff(FILE *out, const char *path, const char *text, size_t len, const struct fmt_out *r)
{
	struct side o = { text, len, 0, NULL }, f = { r->text, r->len, 0, NULL };
	o.start = line_starts(text, len, &o.n);
	f.start = line_starts(r->text, r->len, &f.n);
	bool *changed = xcalloc(o.n + 1, sizeof *changed);
	for (size_t i = 0; i < o.n; i++)
		changed[i] = line_changed(&o, &f, r, i);
	fprintf(out, "--- %s\n+++ %s\n", path, path);
	for (size_t i = 0; i < o.n;) {
		if (!changed[i]) {
			i++;
			continue;
		}
		size_t from = i >= 3 ? i - 3 : 0, last = i;
		for (size_t j = i + 1; j < o.n && j <= last + 6; j++)
			if (changed[j])
				last = j;
		size_t to = last + 4 < o.n ? last + 4 : o.n;
		put_hunk(out, &o, &f, r, changed, from, to);
		i = to;
	}
	free(changed);
	free(o.start);
	free(f.start);
}

/* Replaces PATH by TEXT through a temporary file in its folder, keeping
 * its permissions, so that a failed write leaves the file whole. */
static bool write_back(const char *path, const char *text, size_t len)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	char *tmp = xmalloc(strlen(path) + 16);
	sprintf(tmp, "%s.fmt-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return false;
	}
	FILE *f = fdopen(fd, "w");
	bool ok = f && fwrite(text, 1, len, f) == len && fchmod(fd, st.st_mode & 07777) == 0;
	ok = (f ? fclose(f) == 0 : (close(fd), false)) && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

/* Formats one file; the exit status it asks for. */
static int fmt_file(const char *path, enum fmt_mode mode)
{
	const char *err;
	uint32_t file = source_load(path, &err);
	if (!file) {
		fprintf(stderr, "eventc: cannot read '%s': %s\n", path, err);
		return FMT_IO;
	}
	const struct source *s = source_get(file);
	char *before = tree_dump(file);
	if (!before)
		return FMT_INPUT;
	struct fmt_out r;
	fmt_text(s->text, s->len, &r);
	/* the same tree, or a bug in the layout: then nothing is written */
	char *after = tree_dump(source_add(s->path, r.text, r.len));
	int rc = FMT_OK;
	bool same = r.len == s->len && memcmp(r.text, s->text, r.len) == 0;
	if (!after || strcmp(before, after) != 0) {
		fprintf(stderr, "eventc: internal error: the layout of '%s' would change its meaning; "
			"left as it was\n", path);
		rc = FMT_IO;
	} else if (mode == MODE_PRINT) {
		fwrite(r.text, 1, r.len, stdout);
	} else if (mode == MODE_CHECK && !same) {
		put_diff(stdout, s->path, s->text, s->len, &r);
		rc = FMT_INPUT;
	} else if (mode == MODE_WRITE && !same && !write_back(path, r.text, r.len)) {
		fprintf(stderr, "eventc: cannot write '%s': %s\n", path, strerror(errno));
		rc = FMT_IO;
	}
	free(before);
	free(after);
	free(r.text);
	free(r.line_map);
	return rc;
}

int fmt_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "write", no_argument, NULL, 'w' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum fmt_mode mode = MODE_PRINT;
	bool write = false, check = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "wh", opts, NULL)) != -1) {
		switch (c) {
		case 'w': write = true; break;
		case 'c': check = true; break;
		case 'h': fmt_help(stdout); return FMT_OK;
		default:
			fprintf(stderr, "eventc: unknown option '%s' for fmt\n", argv[optind - 1]);
			fmt_help(stderr);
			return FMT_USAGE;
		}
	}
	if (write && check) {
		fputs("eventc: fmt takes -w or --check, not both\n", stderr);
		fmt_help(stderr);
		return FMT_USAGE;
	}
	mode = check ? MODE_CHECK : write ? MODE_WRITE : MODE_PRINT;
	for (int i = optind; i < argc; i++) {
		if (mode == MODE_WRITE && !strcmp(argv[i], "-")) {
			fputs("eventc: fmt -w cannot write back to standard input\n", stderr);
			return FMT_USAGE;
		}
	}
	int rc = FMT_OK;
	const char *stdin_only[] = { "-" };
	const char **files = optind < argc ? (const char **)argv + optind : stdin_only;
	int n = optind < argc ? argc - optind : 1;
	for (int i = 0; i < n; i++) {
		int r = fmt_file(files[i], mode);
		diag_flush(stderr);
		if (r > rc)
			rc = r;
	}
	return rc;
}
