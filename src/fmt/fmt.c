/* fmt.c - the canonical layout of a pattern file (see fmt.h). It works on
 * lines of text, not on the tree: the tree has no comments, and the
 * layout changes only whitespace between tokens, which the scanner
 * ignores (newlines excepted, and no newline is added or removed but those
 * of blank lines). fmt_cmd.c checks that the tree is the same after. */
#include "fmt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

enum line_kind { LINE_BLANK, LINE_COMMENT, LINE_CODE };

/* One input line, taken apart. Offsets are into the input text. */
struct line {
	enum line_kind kind;
	size_t code, code_end;       /* the code, without surrounding blanks */
	size_t comment, comment_end; /* from '#', without trailing blanks; comment == comment_end: none */
	size_t comment_col;          /* the comment's column in the input, in code points */
	size_t gap;                  /* code points between the code and the comment */
	int depth;                   /* indentation level */
	int opens_after;             /* depth after the line */
	bool opens_block;            /* the line's last bracket opens */
	bool starts_with_closer;
	/* an attribute line: key = value, with no other '=' at its level */
	bool attr;
	size_t key_end;              /* end of the key (before blanks and '=') */
	size_t value;                /* first byte after '=' and its blanks */
	size_t key_width;            /* in code points */
	size_t align;                /* the key's padded width, 0: not aligned */
};

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_spaces(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_put(b, " ", 1);
}

static size_t width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* The code of L: its brackets and whether it is one `key = value`. The
 * '=' that counts is a lone one (not ==, !=, <=, >=) outside strings and
 * outside brackets the line opens. */
static void scan_code(const char *t, struct line *l, int depth)
{
	int level = 0, leading = 0;
	bool in_string = false, leading_done = false;
	size_t equals = 0, n_equals = 0;
	for (size_t p = l->code; p < l->code_end; p++) {
		char c = t[p];
		if (in_string) {
			if (c == '\\')
				p++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		bool closer = c == '}' || c == ']' || c == ')';
		if (!leading_done && closer) {
			leading++;
		} else if (!is_blank(c)) {
			leading_done = true;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[' || c == '(') {
			level++;
		} else if (closer) {
			level--;
		} else if (c == '=' && level == 0 && p > l->code && !strchr("=!<>", t[p - 1]) &&
			   (p + 1 >= l->code_end || t[p + 1] != '=')) {
			equals = p;
			n_equals++;
		}
	}
	l->starts_with_closer = leading > 0;
	l->depth = depth - leading < 0 ? 0 : depth - leading;
	l->opens_after = depth + level;
	l->opens_block = l->code_end > l->code && strchr("{[(", t[l->code_end - 1]) != NULL;
	size_t k = l->code;
	while (k < l->code_end && is_key_char(t[k]))
		k++;
	size_t e = k;
	while (e < l->code_end && is_blank(t[e]))
		e++;
	if (n_equals == 1 && k > l->code && e == equals) {
		l->attr = true;
		l->key_end = k;
		l->key_width = width(t + l->code, k - l->code);
		for (l->value = equals + 1; l->value < l->code_end && is_blank(t[l->value]); l->value++)
			;
	}
}

/* Takes line [from, to) of T apart. */
static void scan_line(const char *t, size_t from, size_t to, int depth, struct line *l)
{
	memset(l, 0, sizeof *l);
	size_t p = from;
	while (p < to && is_blank(t[p]))
		p++;
	l->code = p;
	bool in_string = false;
	size_t hash = to;
	for (size_t q = p; q < to; q++) {
		if (in_string && t[q] == '\\')
			q++;
		else if (t[q] == '"')
			in_string = !in_string;
		else if (t[q] == '#' && !in_string) {
			hash = q;
			break;
		}
	}
	size_t ce = hash;
	while (ce > p && is_blank(t[ce - 1]))
		ce--;
	l->code_end = ce;
	l->comment = l->comment_end = hash;
	if (hash < to) {
		size_t e = to;
		while (e > hash && is_blank(t[e - 1]))
			e--;
		l->comment_end = e;
		l->comment_col = width(t + from, hash - from);
		l->gap = width(t + ce, hash - ce);
	}
	l->kind = ce > p ? LINE_CODE : hash < to ? LINE_COMMENT : LINE_BLANK;
	l->depth = depth;
	l->opens_after = depth;
	if (l->kind == LINE_CODE)
		scan_code(t, l, depth);
}

static bool alignable(const struct line *l)
{
	return l->kind == LINE_CODE && l->attr;
}

/* The widest padding an aligned key gets: a key further from the others
 * than this would push the column too far, or be pushed too far by it. */
enum { MAX_PAD = 16 };

/* Aligns runs of attribute lines (see fmt.h): sets each one's align. */
static void align_runs(struct line *lines, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (!alignable(&lines[i])) {
			i++;
			continue;
		}
		size_t start = i, end, maxw = lines[i].key_width, minw = maxw;
		bool outlier = false;
		for (end = start + 1; end < n && alignable(&lines[end]) && lines[end].depth == lines[start].depth;
		     end++) {
			size_t w = lines[end].key_width;
			size_t hi = w > maxw ? w : maxw, lo = w < minw ? w : minw;
			if (hi - lo > MAX_PAD) {
				outlier = true;
				break;
			}
			maxw = hi;
			minw = lo;
		}
		for (size_t j = start; j < end; j++)
			lines[j].align = maxw;
		if (outlier) /* it stands alone, and ends the run */
			lines[end].align = lines[end].key_width, end++;
		i = end;
	}
}

/* The code of L as laid out, after its indentation. */
static void put_code(struct buf *b, const char *t, const struct line *l)
{
	if (!l->attr || l->align == 0) {
		buf_put(b, t + l->code, l->code_end - l->code);
		return;
	}
	buf_put(b, t + l->code, l->key_end - l->code);
	buf_spaces(b, l->align - l->key_width + 1);
	buf_put(b, "= ", l->value < l->code_end ? 2 : 1);
	buf_put(b, t + l->value, l->code_end - l->value);
}

static void put_line(struct buf *b, const char *t, const struct line *l)
{
	size_t line_start = b->len;
	if (l->kind != LINE_BLANK)
		buf_spaces(b, (size_t)l->depth * 2);
	if (l->kind == LINE_CODE)
		put_code(b, t, l);
	if (l->comment < l->comment_end) {
		size_t w = width(b->p + line_start, b->len - line_start);
		if (l->kind == LINE_CODE)
			buf_spaces(b, l->comment_col > w ? l->comment_col - w : l->gap ? l->gap : 1);
		buf_put(b, t + l->comment, l->comment_end - l->comment);
	}
	buf_put(b, "\n", 1);
}

/* Whether blank line I goes: see fmt.h. */
static bool drop_blank(const struct line *lines, size_t n, size_t i, const struct line *prev)
{
	if (!prev || prev->kind == LINE_BLANK || (prev->kind == LINE_CODE && prev->opens_block))
		return true;
	size_t j = i + 1;
	while (j < n && lines[j].kind == LINE_BLANK)
		j++;
	return j == n || lines[j].starts_with_closer;
}

void fmt_text(const char *text, size_t len, struct fmt_out *out)
{
	size_t n = 0, cap = 64;
	struct line *lines = xmalloc(cap * sizeof *lines);
	int depth = 0;
	for (size_t p = 0; p < len;) {
		size_t e = p;
		while (e < len && text[e] != '\n')
			e++;
		if (n == cap)
			lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
		scan_line(text, p, e, depth, &lines[n]);
		depth = lines[n].opens_after < 0 ? 0 : lines[n].opens_after;
		n++;
		p = e + 1;
	}
	align_runs(lines, n);
	struct buf b = { 0 };
	buf_put(&b, "", 0);
	out->line_map = xmalloc((n + 1) * sizeof *out->line_map);
	out->n_in = n;
	const struct line *prev = NULL;
	size_t out_line = 0;
	for (size_t i = 0; i < n; i++) {
		if (lines[i].kind == LINE_BLANK && drop_blank(lines, n, i, prev)) {
			out->line_map[i] = FMT_DROPPED;
			continue;
		}
		put_line(&b, text, &lines[i]);
		out->line_map[i] = out_line++;
		prev = &lines[i];
	}
	free(lines);
	out->text = b.p;
	out->len = b.len;
}
