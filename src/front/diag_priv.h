/* diag_priv.h - a queued diagnostic, as diag.c keeps it and diagout.c
 * renders it for --format json, sarif and github. */
#ifndef EVENTC_DIAG_PRIV_H
#define EVENTC_DIAG_PRIV_H

#include "diag.h"

enum level { LEVEL_ERROR, LEVEL_WARNING };

struct note {
	struct loc loc;
	char *msg;
	struct note *next;
};

struct diag {
	enum level level;
	enum diag_code code;
	struct loc loc;
	char *msg;
	size_t seq;
	struct note *notes, **notes_tail;
};

/* Keeps D (an error when IS_ERROR, after --werror) for the report. */
void diagout_add(const struct diag *d, bool is_error, enum diag_format format);

#endif
