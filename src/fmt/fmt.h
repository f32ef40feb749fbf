/* fmt.h - the canonical layout of a pattern file (docs/language.md,
 * "Layout and eventc fmt"): lines stay lines and comments stay where they
 * are; what changes is whitespace only, outside strings and comments:
 *  - indentation: two spaces per open bracket ({, [, (), a line that starts
 *    with closing brackets one level out per bracket;
 *  - in a run of lines that each hold one `key = value` at the same depth,
 *    the `=` aligned one space after the longest key, so long as no key
 *    needs more than 16 spaces of padding: a key that would is written with
 *    one space and ends the run, the next line starting a new one (so one
 *    long key does not push a whole block to the right, as in the
 *    reference's process-order);
 *  - a trailing comment keeps its column when the code still ends before
 *    it, else keeps its distance from the code;
 *  - no trailing blanks, at most one blank line in a row, none at the start
 *    or end of the file or of a block, one newline at the end.
 * Idempotent by construction: each rule reads only what it writes the same
 * way again. */
#ifndef EVENTC_FMT_H
#define EVENTC_FMT_H

#include <stddef.h>

/* What fmt_text made: the text, and for each line of the input the line
 * of the output it became (0-based), or FMT_DROPPED for a blank line that
 * went. */
#define FMT_DROPPED ((size_t)-1)
struct fmt_out {
	char *text;        /* NUL-terminated; free() it */
	size_t len;
	size_t *line_map;  /* n_in entries; free() it */
	size_t n_in;       /* lines of the input */
};

/* TEXT must hold a pattern that parses: the layout relies on its strings
 * and brackets being closed. */
void fmt_text(const char *text, size_t len, struct fmt_out *out);

#endif
