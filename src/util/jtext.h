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

#endif
