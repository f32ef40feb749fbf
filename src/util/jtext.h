/* jtext.h - JSON text from jansson values, for a file or a buffer. */
#ifndef EVENTC_JTEXT_H
#define EVENTC_JTEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* J as text with jansson's FLAGS, NUL-terminated, in a buffer of its own
 * (free it with free): what json_dumps gives, without its buffer's
 * copies. */
char *json_text(const json_t *j, size_t flags);

/* Writes J with FLAGS, then a newline, to FD through a buffer: nothing of
 * the text is held. False, with errno set, when a write fails. */
bool json_write_fd(const json_t *j, size_t flags, int fd);

/* What json_text(J, JSON_INDENT(INDENT) | JSON_ENCODE_ANY) would give,
 * counted without writing it: its length in *BYTES and its newlines in
 * *NEWLINES. It follows jansson's dump.c layout (its separators, its
 * indentation, its string escapes); a sanitizer build checks each count
 * against the text itself. False when jansson could not write J. */
bool json_measure(const json_t *j, size_t indent, size_t *bytes, size_t *newlines);

#endif
