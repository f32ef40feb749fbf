/* suppress.h - which warnings a run shows: the codes that are off by
 * default (W0913, W0914), the project file .eventc.yaml, --disable and
 * --enable, and `# eventc: ignore[CODE]` comments on a warning's line or
 * the line above it. Codes that name nothing, or name an error, are
 * reported (E0901, E0902, E0903) wherever they are written. */
#ifndef EVENTC_SUPPRESS_H
#define EVENTC_SUPPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

/* Turns warning TEXT on or off; WHERE names what asked ("--disable").
 * An unknown code or an error code is reported at LOC; false then. */
bool suppress_set(const char *text, bool on, struct loc loc, const char *where);

/* W0913 and W0914: shown only when turned on. */
bool suppress_off_by_default(enum diag_code code);

/* Reads the project file: PATH, or when PATH is NULL the first
 * .eventc.yaml found from the working directory up to the top of its git
 * work tree. False when a named file cannot be read (*err says why); a
 * file with errors reports them and is otherwise applied. */
bool suppress_load_project(const char *path, const char **err);

/* Reports the unknown and error codes of FILE's ignore comments. */
void suppress_scan_comments(uint32_t file);

/* True when the warning CODE at LOC is not to be shown: diag_options'
 * `suppressed` hook. */
bool suppress_hides(enum diag_code code, struct loc loc);

#endif
