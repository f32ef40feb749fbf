/* yamlin.h - reading YAML with libyaml's event API, one owner of the
 * current event, and marks turned into the same file:line:col
 * diagnostics as the pattern language. vars.c and alarms.c read with it. */
#ifndef EVENTC_YAMLIN_H
#define EVENTC_YAMLIN_H

#include <stdbool.h>
#include <yaml.h>

#include "diag.h"
#include "source.h"

struct yamlin {
	yaml_parser_t parser;
	yaml_event_t ev;        /* the current event; valid while has_ev */
	bool has_ev;
	bool failed;            /* a syntax error was reported; stop reading */
	uint32_t file;
	enum diag_code code;    /* the code of syntax errors */
};

/* Starts reading source FILE; false if libyaml cannot start. */
bool yamlin_open(struct yamlin *y, uint32_t file, enum diag_code code);
void yamlin_close(struct yamlin *y);
/* The next event into y->ev; false at a syntax error (reported) or the end. */
bool yamlin_next(struct yamlin *y);
struct loc yamlin_loc(const struct yamlin *y, yaml_mark_t start, yaml_mark_t end);
/* The location of the current event. */
struct loc yamlin_here(const struct yamlin *y);

#endif
