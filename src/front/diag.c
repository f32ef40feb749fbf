/* diag.c - queue, sort, deduplicate and print diagnostics. */
#include "diag.h"
#include "diag_priv.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct code_info {
	const char *code, *title, *text;
};

static const struct code_info codes[DIAG_COUNT] = {
#define DIAG(id, code, title, text) [DIAG_##id] = { code, title, text },
#include "diagcodes.def"
#undef DIAG
};

/* The queue of a run, and (while a thread runs beside others) the one
 * that thread adds to instead, joined to the run's queue later. */
struct diag_capture {
	struct diag *q;
	size_t n, cap;
};

static struct diag_capture run_queue;
static _Thread_local struct diag_capture *capturing;
#define queue (run_queue.q)
#define nqueue (run_queue.n)
#define capqueue (run_queue.cap)
static struct diag_options opts = { .max_errors = 20 };
static unsigned nerrors, nwarnings;

void diag_configure(const struct diag_options *opt)
{
	opts = *opt;
}

__attribute__((format(printf, 1, 0)))
static char *vformat(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	char *s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* The queue this thread adds to. */
static struct diag_capture *target(void)
{
	return capturing ? capturing : &run_queue;
}

static struct diag *push(struct diag_capture *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->q = xrealloc(c->q, c->cap * sizeof *c->q);
	}
	return &c->q[c->n++];
}

static void enqueue(enum level level, struct loc loc, enum diag_code code,
		    const char *fmt, va_list ap)
{
	struct diag_capture *c = target();
	struct diag *d = push(c);
	d->level = level;
	d->code = code;
	d->loc = loc;
	d->msg = vformat(fmt, ap);
	d->seq = c->n - 1;
	d->notes = NULL;
	d->notes_tail = &d->notes;
}

struct diag_capture *diag_capture_begin(void)
{
	capturing = xcalloc(1, sizeof *capturing);
	return capturing;
}

void diag_capture_end(void)
{
	capturing = NULL;
}

void diag_capture_join(struct diag_capture *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct diag *d = push(&run_queue);
		*d = c->q[i];
		d->seq = nqueue - 1;
		if (d->notes_tail == &c->q[i].notes)
			d->notes_tail = &d->notes; /* it pointed into C's array */
	}
	free(c->q);
	free(c);
}

void diag_error(struct loc loc, enum diag_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enqueue(LEVEL_ERROR, loc, code, fmt, ap);
	va_end(ap);
}

void diag_warning(struct loc loc, enum diag_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enqueue(LEVEL_WARNING, loc, code, fmt, ap);
	va_end(ap);
}

void diag_report(struct loc loc, enum diag_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	enqueue(codes[code].code[0] == 'W' ? LEVEL_WARNING : LEVEL_ERROR, loc, code, fmt, ap);
	va_end(ap);
}

void diag_note(struct loc loc, const char *fmt, ...)
{
	struct diag_capture *c = target();
	if (c->n == 0)
		return;
	struct diag *d = &c->q[c->n - 1];
	struct note *n = xmalloc(sizeof *n);
	va_list ap;
	va_start(ap, fmt);
	n->msg = vformat(fmt, ap);
	va_end(ap);
	n->loc = loc;
	n->next = NULL;
	*d->notes_tail = n;
	d->notes_tail = &n->next;
}

static enum level effective_level(const struct diag *d)
{
	return opts.werror ? LEVEL_ERROR : d->level;
}

static int compare_diags(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	/* No location (file 0) sorts first: it is about the whole run. */
	if (a->loc.file != b->loc.file)
		return a->loc.file < b->loc.file ? -1 : 1;
	if (a->loc.start != b->loc.start)
		return a->loc.start < b->loc.start ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	int c = strcmp(a->msg, b->msg);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool same_diag(const struct diag *a, const struct diag *b)
{
	return a->loc.file == b->loc.file && a->loc.start == b->loc.start &&
	       a->loc.end == b->loc.end && a->code == b->code &&
	       strcmp(a->msg, b->msg) == 0;
}

/* Number of code points in [p, p + n). */
static unsigned count_cps(const char *p, size_t n)
{
	unsigned c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Source text as it can be shown on a terminal: invalid UTF-8 and control
 * characters (but tabs) become '?', one per code point, so that the caret
 * line below still lines up. */
static void print_clean(FILE *out, const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)p[i];
		size_t len = utf8_seq_len((const unsigned char *)p + i, n - i);
		if (len == 0 || (c < 0x20 && c != '\t') || c == 0x7f) {
			fputc('?', out);
			i++;
			while (len == 0 && i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
				i++;
			continue;
		}
		fwrite(p + i, 1, len, out);
		i += len;
	}
}

/* The source line of LOC and a caret line under its span. */
static void print_snippet(FILE *out, struct loc loc)
{
	const struct source *s = source_get(loc.file);
	if (!s)
		return;
	unsigned line, col;
	source_linecol(loc.file, loc.start, &line, &col);
	uint32_t ls = s->lines[line - 1];
	uint32_t le = ls;
	/* the line as source_linecol counts lines, to its '\n' (a CRLF's '\r'
	 * left off): ended at a lone '\r' as well, it was shorter than the
	 * column of a place after that '\r', and the cut below ran past it */
	while (le < s->len && s->text[le] != '\n')
		le++;
	if (le > ls && s->text[le - 1] == '\r')
		le--;
	/* Long lines (minified input) are cut, around the column. */
	uint32_t from = ls, to = le;
	if (le - ls > 200) {
		from = loc.start > ls + 60 ? loc.start - 60 : ls;
		while (from > ls && ((unsigned char)s->text[from] & 0xC0) == 0x80)
			from--;
		if (from > le)
			from = le; /* so that TO - FROM below cannot wrap */
		to = from + 160 < le ? from + 160 : le;
		while (to < le && ((unsigned char)s->text[to] & 0xC0) == 0x80)
			to++;
	}
	int w = fprintf(out, "%5u", line);
	fputs(" | ", out);
	print_clean(out, s->text + from, to - from);
	fputc('\n', out);
	fprintf(out, "%*s | ", w, "");
	for (uint32_t i = from; i < loc.start && i < to; i++) {
		if (((unsigned char)s->text[i] & 0xC0) == 0x80)
			continue;
		fputc(s->text[i] == '\t' ? '\t' : ' ', out);
	}
	uint32_t end = loc.end > loc.start ? loc.end : loc.start + 1;
	if (end > to)
		end = to > loc.start ? to : loc.start + 1;
	unsigned width = loc.start < to ? count_cps(s->text + loc.start, end - loc.start) : 1;
	fputc('^', out);
	for (unsigned i = 1; i < width; i++)
		fputc('~', out);
	fputc('\n', out);
}

static void print_head(FILE *out, struct loc loc)
{
	const struct source *s = source_get(loc.file);
	if (!s) {
		fputs("eventc: ", out);
		return;
	}
	unsigned line, col;
	source_linecol(loc.file, loc.start, &line, &col);
	fprintf(out, "%s:%u:%u: ", s->path, line, col);
}

static void print_diag(FILE *out, const struct diag *d)
{
	bool promoted = opts.werror && d->level == LEVEL_WARNING;
	print_head(out, d->loc);
	fprintf(out, "%s[%s]: %s%s\n",
		effective_level(d) == LEVEL_ERROR ? "error" : "warning",
		codes[d->code].code, d->msg, promoted ? " (warning treated as error)" : "");
	print_snippet(out, d->loc);
	for (const struct note *n = d->notes; n; n = n->next) {
		print_head(out, n->loc);
		fprintf(out, "note: %s\n", n->msg);
		print_snippet(out, n->loc);
	}
}

static void free_diag(struct diag *d)
{
	free(d->msg);
	for (struct note *n = d->notes, *next; n; n = next) {
		next = n->next;
		free(n->msg);
		free(n);
	}
}

static void clear_queue(void)
{
	for (size_t i = 0; i < nqueue; i++)
		free_diag(&queue[i]);
	free(queue);
	queue = NULL;
	nqueue = capqueue = 0;
}

void diag_flush(FILE *to)
{
	if (nqueue > 1)
		qsort(queue, nqueue, sizeof *queue, compare_diags);
	/* Standard error is unbuffered: thousands of warnings printed to it a
	 * character at a time cost more than checking the pattern did. */
	char *text = NULL;
	size_t text_len = 0;
	FILE *out = open_memstream(&text, &text_len);
	if (!out)
		xalloc_die();
	unsigned shown_errors = 0, suppressed = 0;
	for (size_t i = 0; i < nqueue; i++) {
		struct diag *d = &queue[i];
		if (i > 0 && same_diag(d, &queue[i - 1]))
			continue;
		if (d->level == LEVEL_WARNING && opts.suppressed && opts.suppressed(d->code, d->loc))
			continue;
		bool is_error = effective_level(d) == LEVEL_ERROR;
		if (!is_error && opts.quiet_warnings)
			continue;
		if (is_error) {
			nerrors++;
			if (opts.max_errors && shown_errors >= opts.max_errors && opts.format == DIAG_FORMAT_TEXT) {
				suppressed++;
				continue;
			}
			shown_errors++;
		} else {
			nwarnings++;
		}
		if (opts.format == DIAG_FORMAT_TEXT)
			print_diag(out, d);
		else
			diagout_add(d, is_error, opts.format);
	}
	if (suppressed && opts.format == DIAG_FORMAT_TEXT)
		fprintf(out, "eventc: %u more error%s not shown (--max-errors=%u)\n",
			suppressed, suppressed == 1 ? "" : "s", opts.max_errors);
	fclose(out);
	fwrite(text, 1, text_len, to);
	free(text);
	clear_queue();
}

/* Back to the state of a fresh process: the queue, the counts and the
 * options, so that one process may run many times (the fuzz targets). */
void diag_reset(void)
{
	static const struct diag_options fresh = { .max_errors = 20 };
	clear_queue();
	nerrors = nwarnings = 0;
	opts = fresh;
}

/* Errors queued and not yet flushed count too, so that a stage can stop
 * early when an earlier one failed. */
static unsigned queued_errors(const struct diag_capture *c)
{
	unsigned n = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct diag *d = &c->q[i];
		if (d->level == LEVEL_WARNING && opts.suppressed && opts.suppressed(d->code, d->loc))
			continue;
		if (effective_level(d) == LEVEL_ERROR)
			n++;
	}
	return n;
}

unsigned diag_error_count(void)
{
	return nerrors + queued_errors(&run_queue) + (capturing ? queued_errors(capturing) : 0);
}

unsigned diag_warning_count(void)
{
	return nwarnings;
}

const char *diag_code_string(enum diag_code code)
{
	return codes[code].code;
}

const char *diag_code_title(enum diag_code code)
{
	return codes[code].title;
}

const char *diag_code_text(enum diag_code code)
{
	return codes[code].text;
}

bool diag_code_is_warning(enum diag_code code)
{
	return codes[code].code[0] == 'W';
}

bool diag_code_lookup(const char *text, enum diag_code *out)
{
	for (int i = 0; i < DIAG_COUNT; i++) {
		if (strcasecmp(codes[i].code, text) == 0) {
			*out = (enum diag_code)i;
			return true;
		}
	}
	return false;
}

bool diag_explain(const char *code, FILE *out)
{
	for (int i = 0; i < DIAG_COUNT; i++) {
		if (strcasecmp(codes[i].code, code) != 0)
			continue;
		fprintf(out, "%s: %s\n\n%s\n", codes[i].code, codes[i].title, codes[i].text);
		return true;
	}
	return false;
}

void diag_list_codes(FILE *out)
{
	for (int i = 0; i < DIAG_COUNT; i++)
		fprintf(out, "%s  %s\n", codes[i].code, codes[i].title);
}
