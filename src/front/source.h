/* source.h - the files of a run, kept in memory, and their line maps.
 * Locations are byte offsets; lines and columns are computed only when a
 * diagnostic is printed. */
#ifndef EVENTC_SOURCE_H
#define EVENTC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loc {
	uint32_t file; /* index into the source table; 0 = no location */
	uint32_t start, end; /* byte offsets, end exclusive */
};

struct source {
	const char *path;    /* as given (relative paths stay relative) */
	char *text;          /* NUL-terminated copy; may hold NUL bytes inside */
	size_t len;
	uint32_t *lines;     /* offsets of line starts */
	size_t nlines;
	bool ascii;          /* no byte past 0x7F: a character's index is its offset */
};

/* Maximum file size read; larger files are refused with an error. */
#define SOURCE_MAX_SIZE (64u * 1024 * 1024)

/* Reads PATH ("-" for standard input). Returns its id (>= 1), or 0 and
 * sets *err to a static description on failure. */
uint32_t source_load(const char *path, const char **err);
/* Registers text held in memory (for tests and YAML). */
uint32_t source_add(const char *path, const char *text, size_t len);
const struct source *source_get(uint32_t id);
/* How many sources have been added (their ids are 1..N). */
size_t source_count(void);
/* 1-based line and column (columns count code points). */
void source_linecol(uint32_t id, uint32_t off, unsigned *line, unsigned *col);
/* Byte offset of LINE (1-based), column COL (1-based, code points). */
uint32_t source_offset(uint32_t id, unsigned line, unsigned col);
/* Offset of the first invalid UTF-8 sequence or NUL byte, or -1. */
long source_find_invalid(uint32_t id, bool *is_nul);
void source_free_all(void);
/* Length of the valid UTF-8 sequence at P (at most N bytes), or 0. */
size_t utf8_seq_len(const unsigned char *p, size_t n);

static inline struct loc loc_span(struct loc a, struct loc b)
{
	struct loc l = a;
	if (b.file == a.file && b.end > l.end)
		l.end = b.end;
	return l;
}

#endif
