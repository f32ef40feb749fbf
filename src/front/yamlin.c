/* yamlin.c - libyaml events with located errors. */
#include "yamlin.h"

#include <string.h>

bool yamlin_open(struct yamlin *y, uint32_t file, enum diag_code code)
{
	memset(y, 0, sizeof *y);
	y->file = file;
	y->code = code;
	if (!yaml_parser_initialize(&y->parser))
		return false;
	const struct source *src = source_get(file);
	yaml_parser_set_input_string(&y->parser, (const unsigned char *)src->text, src->len);
	return true;
}

void yamlin_close(struct yamlin *y)
{
	if (y->has_ev)
		yaml_event_delete(&y->ev);
	y->has_ev = false;
	yaml_parser_delete(&y->parser);
}

struct loc yamlin_loc(const struct yamlin *y, yaml_mark_t start, yaml_mark_t end)
{
	struct loc l;
	l.file = y->file;
	const struct source *src = source_get(y->file);
	if (src && src->ascii && start.index <= src->len && end.index <= src->len) {
		/* libyaml's index counts characters: in ASCII text, bytes */
		l.start = (uint32_t)start.index;
		l.end = (uint32_t)end.index;
	} else {
		l.start = source_offset(y->file, (unsigned)start.line + 1, (unsigned)start.column + 1);
		l.end = source_offset(y->file, (unsigned)end.line + 1, (unsigned)end.column + 1);
	}
	if (l.end < l.start)
		l.end = l.start;
	/* libyaml marks the end of the stream past the final newline; point at
	 * the last visible character instead, on a line the user sees. */
	if (src && l.start >= src->len) {
		uint32_t e = (uint32_t)src->len;
		while (e > 0 && strchr(" \t\r\n", src->text[e - 1]))
			e--;
		l.start = l.end = e;
	}
	return l;
}

struct loc yamlin_here(const struct yamlin *y)
{
	return yamlin_loc(y, y->ev.start_mark, y->ev.end_mark);
}

/* After an error libyaml answers every call with an empty event, so a
 * failed reader stops asking. */
bool yamlin_next(struct yamlin *y)
{
	if (y->has_ev) {
		yaml_event_delete(&y->ev);
		y->has_ev = false;
	}
	if (y->failed)
		return false;
	if (!yaml_parser_parse(&y->parser, &y->ev)) {
		yaml_mark_t m = y->parser.problem_mark, c = y->parser.context_mark;
		diag_error(yamlin_loc(y, m, m), y->code, "invalid YAML: %s",
			   y->parser.problem ? y->parser.problem : "syntax error");
		if (y->parser.context)
			diag_note(yamlin_loc(y, c, c), "%s that starts here", y->parser.context);
		y->failed = true;
		return false;
	}
	y->has_ev = true;
	if (y->ev.type == YAML_NO_EVENT) {
		y->failed = true;
		return false;
	}
	return true;
}
