/* jtext.c - JSON text from jansson: dumped into a buffer of its own, or
 * straight into a file. json_dumps builds its text in a buffer that it
 * copies at every doubling, then copies whole once more to return it; a
 * file's text need not be held at all. */
#include "jtext.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- text ---- */

struct text {
	char *s;
	size_t len, cap;
};

/* N bytes of BUF to TO. jansson hands its writer a piece at a time, most
 * of one or two bytes (a quote, a comma, a newline, ": "): a call of
 * memcpy for each was a tenth of writing a template. */
static inline void copy_piece(char *to, const char *buf, size_t n)
{
	if (n == 1) {
		*to = *buf;
	} else if (n == 2) {
		to[0] = buf[0];
		to[1] = buf[1];
	} else {
		memcpy(to, buf, n);
	}
}

static int append(const char *buf, size_t n, void *data)
{
	struct text *t = data;
	if (t->cap - t->len <= n) {
		while (t->cap - t->len <= n)
			t->cap = t->cap ? t->cap * 2 : 4096;
		t->s = xrealloc(t->s, t->cap);
	}
	copy_piece(t->s + t->len, buf, n);
	t->len += n;
	return 0;
}

char *json_text(const json_t *j, size_t flags)
{
	struct text t = { 0 };
	if (json_dump_callback(j, append, &t, flags) != 0) {
		free(t.s);
		return NULL;
	}
	append("", 0, &t); /* room for the NUL, even when empty */
	t.s[t.len] = '\0';
	return t.s;
}

/* ---- measuring ---- */

/* A string as dump_string writes it without JSON_ENSURE_ASCII or
 * JSON_ESCAPE_SLASH: quoted, with '"' and '\\' and the control characters
 * escaped (\b \f \n \r \t in two bytes, the rest as \u00XX), every other
 * byte as it is. EXTRA is what a byte adds to its own one: a table, as a
 * split build measures every byte of every resource. */
static const unsigned char extra[256] = {
	5, 5, 5, 5, 5, 5, 5, 5, 1, 1, 1, 5, 1, 1, 5, 5, /* \b \t \n \f \r */
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
	['"'] = 1, ['\\'] = 1,
};

size_t json_string_bytes(const char *s, size_t len)
{
	size_t n = 2 + len;
	for (size_t i = 0; i < len; i++)
		n += extra[(unsigned char)s[i]];
	return n;
}

/* What a byte adds to its one when the JSON text holding its string is
 * itself written as a string: escaped by dump_string twice ('"' -> \" ->
 * \\\", '\n' -> \n -> \\n, another control byte -> \u00XX -> \\u00XX). */
static const unsigned char twice_extra[256] = {
	6, 6, 6, 6, 6, 6, 6, 6, 2, 2, 2, 6, 2, 2, 6, 6, /* \b \t \n \f \r */
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	['"'] = 3, ['\\'] = 3,
};

size_t json_chars_twice(const char *s, size_t len)
{
	size_t n = len;
	for (size_t i = 0; i < len; i++)
		n += twice_extra[(unsigned char)s[i]];
	return n;
}

size_t json_integer_bytes(json_int_t v)
{
	size_t n = v < 0 ? 2 : 1; /* the sign and the last digit */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	for (; u >= 10; u /= 10)
		n++;
	return n;
}

/* do_dump's layout: a non-empty container is its opener, then for each
 * member a newline and (DEPTH + 1) indents before it and a comma after
 * all but the last, then a newline and DEPTH indents and its closer
 * (without an indent, one line with ", " between members); an object's
 * member is its key, ": " and its value (json_member_bytes). */
void json_frame_bytes(struct json_count *m, size_t depth, size_t n)
{
	m->bytes += 2; /* opener and closer */
	if (n && m->indent) {
		m->bytes += n * (1 + (depth + 1) * m->indent) + (n - 1) + 1 + depth * m->indent;
		m->newlines += n + 1;
	} else if (n) {
		m->bytes += (n - 1) * 2; /* ", " between members, on one line */
	}
}

void json_count_at(struct json_count *m, const json_t *j, size_t depth)
{
	size_t n;
	switch (json_typeof(j)) {
	case JSON_NULL:
	case JSON_TRUE:
		m->bytes += 4;
		return;
	case JSON_FALSE:
		m->bytes += 5;
		return;
	case JSON_INTEGER:
		m->bytes += json_integer_bytes(json_integer_value(j));
		return;
	case JSON_REAL: {
		/* rare in a template, and jansson's own %.17g rules: written */
		char *t = json_text(j, JSON_ENCODE_ANY);
		m->failed |= !t;
		m->bytes += t ? strlen(t) : 0;
		free(t);
		return;
	}
	case JSON_STRING:
		m->bytes += json_string_bytes(json_string_value(j), json_string_length(j));
		return;
	case JSON_ARRAY:
		n = json_array_size(j);
		for (size_t i = 0; i < n; i++)
			json_count_at(m, json_array_get(j, i), depth + 1);
		break;
	case JSON_OBJECT: {
		n = json_object_size(j);
		const char *k;
		size_t klen;
		json_t *v;
		json_object_keylen_foreach((json_t *)j, k, klen, v) {
			m->bytes += json_member_bytes(k, klen);
			json_count_at(m, v, depth + 1);
		}
		break;
	}
	default:
		m->failed = true;
		return;
	}
	json_frame_bytes(m, depth, n);
}

bool json_measure(const json_t *j, size_t indent, size_t *bytes, size_t *newlines)
{
	struct json_count m = { .indent = indent };
	json_count_at(&m, j, 0);
	*bytes = m.bytes;
	*newlines = m.newlines;
#ifdef EVENTC_ARENA_EACH
	/* sanitizer and valgrind builds: the count is the text's, or a bug */
	char *t = json_text(j, JSON_INDENT(indent) | JSON_ENCODE_ANY);
	size_t lines = 0;
	for (const char *p = t; p && *p; p++)
		lines += *p == '\n';
	if (!m.failed && (!t || strlen(t) != m.bytes || lines != m.newlines)) {
		fprintf(stderr, "eventc: internal error: json_measure counted %zu bytes and %zu newlines, "
			"jansson wrote %zu and %zu\n", m.bytes, m.newlines, t ? strlen(t) : 0, lines);
		abort();
	}
	free(t);
#endif
	return !m.failed;
}

/* ---- files ---- */

struct sink {
	int fd;
	bool failed;
	size_t used;
	char buf[65536];
};

static bool drain(struct sink *k)
{
	for (size_t done = 0; done < k->used;) {
		ssize_t n = write(k->fd, k->buf + done, k->used - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		done += (size_t)n;
	}
	k->used = 0;
	return true;
}

static int put(const char *buf, size_t n, void *data)
{
	struct sink *k = data;
	if (sizeof k->buf - k->used >= n) { /* nearly every piece */
		copy_piece(k->buf + k->used, buf, n);
		k->used += n;
		return 0;
	}
	while (n) {
		if (k->used == sizeof k->buf && !drain(k))
			return -1;
		size_t m = sizeof k->buf - k->used < n ? sizeof k->buf - k->used : n;
		memcpy(k->buf + k->used, buf, m);
		k->used += m;
		buf += m;
		n -= m;
	}
	return 0;
}

bool json_write_fd(const json_t *j, size_t flags, int fd)
{
	struct sink *k = xmalloc(sizeof *k);
	k->fd = fd;
	k->used = 0;
	bool ok = json_dump_callback(j, put, k, flags) == 0 && put("\n", 1, k) == 0 && drain(k);
	int e = errno;
	free(k);
	errno = e;
	return ok;
}
