/* diag.h - diagnostics: queued, sorted, deduplicated, capped, printed as
 *   file:line:col: error[E0301]: message
 *     12 |   target queue order-bufer
 *        |                ^~~~~~~~~~~
 */
#ifndef EVENTC_DIAG_H
#define EVENTC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"

enum diag_code {
#define DIAG(id, code, title, text) DIAG_##id,
#include "diagcodes.def"
#undef DIAG
	DIAG_COUNT
};

void diag_error(struct loc loc, enum diag_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct loc loc, enum diag_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Either of the two, by the code's letter (E or W). */
void diag_report(struct loc loc, enum diag_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A note attached to the last error or warning. */
void diag_note(struct loc loc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* How diag_flush hands diagnostics on: printed as text, or kept for
 * diag_write_report (diagout.c), in the order of the --format names. */
enum diag_format { DIAG_FORMAT_TEXT, DIAG_FORMAT_JSON, DIAG_FORMAT_SARIF, DIAG_FORMAT_GITHUB };

struct diag_options {
	enum diag_format format;
	unsigned max_errors; /* 0 = no cap */
	bool werror;
	bool quiet_warnings;
	/* When set, a warning it answers true for is dropped at flush time
	 * (suppress.c: --disable, ignore comments, .eventc.yaml). */
	bool (*suppressed)(enum diag_code code, struct loc loc);
};
void diag_configure(const struct diag_options *opt);

/* Errors so far (after --werror): flushed, queued, and this thread's own
 * when it captures. */
unsigned diag_error_count(void);
/* A thread that runs beside others (one environment's checks and plan)
 * keeps its diagnostics to itself from diag_capture_begin to
 * diag_capture_end; diag_capture_join, from one thread at a time, adds
 * them to the queue, as if they had been reported then, and frees the
 * capture. Joined in a fixed order, the report is the same however the
 * threads ran (it is sorted by place, and ties keep the queue's order). */
struct diag_capture;
struct diag_capture *diag_capture_begin(void);
void diag_capture_end(void);
void diag_capture_join(struct diag_capture *c);
unsigned diag_warning_count(void);
/* Prints the queued diagnostics in source order and empties the queue. */
void diag_flush(FILE *out);
/* Back to a fresh process's state: the queue emptied, the counts and the
 * options reset. */
void diag_reset(void);

/* The document of the diagnostics kept by diag_flush for a --format
 * other than text, written to OUT with the counts of the run. */
void diag_write_report(FILE *out, enum diag_format format);

/* For `eventc explain`. */
const char *diag_code_string(enum diag_code code);
const char *diag_code_title(enum diag_code code);
const char *diag_code_text(enum diag_code code);
/* The code whose string is TEXT (any case); false when there is none. */
bool diag_code_lookup(const char *text, enum diag_code *out);
bool diag_code_is_warning(enum diag_code code);
bool diag_explain(const char *code, FILE *out);
void diag_list_codes(FILE *out);

#endif
