/* source.c - file buffers and line maps. */
#include "source.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct source *sources; /* index 0 unused */
static size_t nsources, capsources;

static void build_line_map(struct source *s)
{
	size_t cap = 64, n = 0;
	uint32_t *lines = xrealloc(NULL, cap * sizeof *lines);
	lines[n++] = 0;
	unsigned char high = 0;
	for (size_t i = 0; i < s->len; i++) {
		high |= (unsigned char)s->text[i];
		if (s->text[i] != '\n')
			continue;
		if (n == cap) {
			cap *= 2;
			lines = xrealloc(lines, cap * sizeof *lines);
		}
		lines[n++] = (uint32_t)(i + 1);
	}
	s->lines = lines;
	s->nlines = n;
	s->ascii = !(high & 0x80);
}

uint32_t source_add(const char *path, const char *text, size_t len)
{
	if (nsources == 0)
		nsources = 1;
	if (nsources >= capsources) {
		capsources = capsources ? capsources * 2 : 8;
		sources = xrealloc(sources, capsources * sizeof *sources);
	}
	struct source *s = &sources[nsources];
	memset(s, 0, sizeof *s);
	s->path = strdup(path);
	s->text = xrealloc(NULL, len + 1);
	if (len)
		memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->len = len;
	build_line_map(s);
	return (uint32_t)nsources++;
}

static char *read_stream(FILE *f, size_t *lenp, const char **err)
{
	size_t cap = 65536, len = 0;
	char *buf = xrealloc(NULL, cap);
	for (;;) {
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
		if (len > SOURCE_MAX_SIZE) {
			free(buf);
			*err = "file is larger than 64 MiB";
			return NULL;
		}
		if (len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	if (ferror(f)) {
		free(buf);
		*err = strerror(errno);
		return NULL;
	}
	*lenp = len;
	return buf;
}

uint32_t source_load(const char *path, const char **err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		*err = strerror(errno);
		return 0;
	}
	size_t len = 0;
	char *buf = read_stream(f, &len, err);
	if (f != stdin)
		fclose(f);
	if (!buf)
		return 0;
	uint32_t id = source_add(strcmp(path, "-") == 0 ? "<stdin>" : path, buf, len);
	free(buf);
	return id;
}

const struct source *source_get(uint32_t id)
{
	return id && id < nsources ? &sources[id] : NULL;
}

size_t source_count(void)
{
	return nsources ? nsources - 1 : 0;
}

static size_t line_index(const struct source *s, uint32_t off)
{
	size_t lo = 0, hi = s->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void source_linecol(uint32_t id, uint32_t off, unsigned *line, unsigned *col)
{
	const struct source *s = source_get(id);
	*line = *col = 0;
	if (!s)
		return;
	if (off > s->len)
		off = (uint32_t)s->len;
	size_t li = line_index(s, off);
	unsigned c = 1;
	for (uint32_t i = s->lines[li]; i < off; i++)
		if (((unsigned char)s->text[i] & 0xC0) != 0x80)
			c++;
	*line = (unsigned)li + 1;
	*col = c;
}

uint32_t source_offset(uint32_t id, unsigned line, unsigned col)
{
	const struct source *s = source_get(id);
	if (!s || line == 0)
		return 0;
	if (line > s->nlines)
		return (uint32_t)s->len;
	uint32_t off = s->lines[line - 1];
	for (unsigned c = 1; c < col && off < s->len && s->text[off] != '\n'; c++) {
		off++;
		while (off < s->len && ((unsigned char)s->text[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

/* Length of the valid UTF-8 sequence at P (at most N bytes), or 0. */
size_t utf8_seq_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	unsigned cp = c & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

long source_find_invalid(uint32_t id, bool *is_nul)
{
	const struct source *s = source_get(id);
	if (!s)
		return -1;
	const unsigned char *p = (const unsigned char *)s->text;
	for (size_t i = 0; i < s->len;) {
		if (p[i] == 0) {
			*is_nul = true;
			return (long)i;
		}
		size_t n = utf8_seq_len(p + i, s->len - i);
		if (n == 0) {
			*is_nul = false;
			return (long)i;
		}
		i += n;
	}
	return -1;
}

void source_free_all(void)
{
	for (size_t i = 1; i < nsources; i++) {
		free((void *)sources[i].path);
		free(sources[i].text);
		free(sources[i].lines);
	}
	free(sources);
	sources = NULL;
	nsources = capsources = 0;
}
