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

/* The pieces of json_measure, for a renderer that counts what it would
 * make without making it: a count under way (INDENT as JSON_INDENT's),
 * what a string, an integer or an object member's key take, the frame of
 * a container of N members at DEPTH levels in, and a whole value J at
 * DEPTH. FAILED: jansson could not write a value counted. */
struct json_count {
	size_t indent, bytes, newlines;
	bool failed;
};
size_t json_string_bytes(const char *s, size_t len);
/* S's LEN bytes inside a string of compact JSON text that is itself
 * written as a string (a document written as a string): what they take in
 * that outer text, the inner string's quotes (\" each) left out. */
size_t json_chars_twice(const char *s, size_t len);
size_t json_integer_bytes(json_int_t v);
static inline size_t json_member_bytes(const char *key, size_t len)
{
	return json_string_bytes(key, len) + 2; /* and ": " */
}
void json_frame_bytes(struct json_count *m, size_t depth, size_t n);
void json_count_at(struct json_count *m, const json_t *j, size_t depth);

#endif
