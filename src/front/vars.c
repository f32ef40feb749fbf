/* vars.c - read `vars:` from a YAML stack file with libyaml's event API.
 * One owner of the current event, one cleanup path (as libcyaml does). */
#include "vars.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "yamlin.h"

struct reader {
	struct arena *a;
	struct yamlin y;
	struct vars *out;
};


/* Skips the node that starts with the current event. */
static bool skip_node(struct reader *r)
{
	int depth = 0;
	do {
		switch (r->y.ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (depth == 0)
			return true;
	} while (yamlin_next(&r->y));
	return false;
}

static bool is_duration(const char *s)
{
	size_t i = 0;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (i == 0)
		return false;
	const char *u = s + i;
	return !strcmp(u, "ms") || !strcmp(u, "s") || !strcmp(u, "m") || !strcmp(u, "h") || !strcmp(u, "d");
}

static bool is_number(const char *s, bool *is_int)
{
	char *end;
	errno = 0;
	if (!*s)
		return false;
	strtod(s, &end);
	if (*end || errno)
		return false;
	*is_int = strpbrk(s, ".eE") == NULL;
	return true;
}

/* A scalar as the language would read it: plain scalars may be numbers,
 * durations and booleans; quoted ones are strings. */
static struct ast_value *scalar_value(struct reader *r, struct loc l)
{
	const char *s = (const char *)r->y.ev.data.scalar.value;
	bool plain = r->y.ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	struct ast_value *v = arena_alloc(r->a, sizeof *v);
	v->loc = l;
	bool is_int = false;
	if (plain && (!strcmp(s, "true") || !strcmp(s, "false"))) {
		v->kind = AV_BOOL;
		v->u.b = s[0] == 't';
	} else if (plain && is_duration(s)) {
		static const struct { const char *u; long long ms; } units[] = {
			{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 }, { "d", 86400000 } };
		char *u;
		long long n = strtoll(s, &u, 10);
		v->kind = AV_DURATION;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
			if (!strcmp(u, units[i].u))
				v->u.ms = n * units[i].ms;
	} else if (plain && is_number(s, &is_int)) {
		v->kind = AV_NUMBER;
		v->u.num.val = strtod(s, NULL);
		v->u.num.is_int = is_int;
		v->u.num.ival = is_int ? strtoll(s, NULL, 10) : 0;
		v->u.num.text = arena_strdup(r->a, s);
	} else {
		v->kind = AV_STRING;
		v->u.str = arena_strdup(r->a, s);
	}
	return v;
}

static void read_vars_map(struct reader *r)
{
	if (r->y.ev.type != YAML_MAPPING_START_EVENT) {
		diag_error(yamlin_loc(&r->y, r->y.ev.start_mark, r->y.ev.end_mark), DIAG_VARS_FILE,
			   "'vars' must be a map of variable names to values");
		skip_node(r);
		return;
	}
	while (yamlin_next(&r->y) && r->y.ev.type != YAML_MAPPING_END_EVENT) {
		if (r->y.ev.type != YAML_SCALAR_EVENT) {
			diag_error(yamlin_loc(&r->y, r->y.ev.start_mark, r->y.ev.end_mark), DIAG_VARS_FILE,
				   "variable names must be plain words");
			skip_node(r);
			if (!yamlin_next(&r->y))
				return;
			skip_node(r);
			continue;
		}
		const char *name = (const char *)r->y.ev.data.scalar.value;
		const char *key = arena_intern(r->a, name, strlen(name));
		struct loc *kl = arena_alloc(r->a, sizeof *kl);
		*kl = yamlin_loc(&r->y, r->y.ev.start_mark, r->y.ev.end_mark);
		if (!yamlin_next(&r->y))
			return;
		if (r->y.ev.type != YAML_SCALAR_EVENT) {
			diag_error(yamlin_loc(&r->y, r->y.ev.start_mark, r->y.ev.end_mark), DIAG_VARS_FILE,
				   "value of '%s' must be a scalar", key);
			skip_node(r);
			continue;
		}
		struct ast_value *v = scalar_value(r, yamlin_loc(&r->y, r->y.ev.start_mark, r->y.ev.end_mark));
		for (size_t i = 0; i < r->out->names.n; i++) {
			if (r->out->names.items[i] == key) {
				diag_error(*kl, DIAG_VARS_FILE, "variable '%s' is set twice", key);
				diag_note(*(struct loc *)r->out->keylocs.items[i], "first set here");
			}
		}
		vec_push(r->a, &r->out->names, (void *)key);
		vec_push(r->a, &r->out->values, v);
		vec_push(r->a, &r->out->keylocs, kl);
	}
}

static void read_document(struct reader *r)
{
	bool found = false;
	while (yamlin_next(&r->y)) {
		switch (r->y.ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			continue;
		case YAML_STREAM_END_EVENT:
			if (!found) {
				struct loc l = { r->y.file, 0, 0 };
				diag_error(l, DIAG_VARS_FILE, "no top-level 'vars:' map in the vars file");
			}
			return;
		case YAML_MAPPING_START_EVENT:
			break;
		default:
			diag_error(yamlin_loc(&r->y, r->y.ev.start_mark, r->y.ev.end_mark), DIAG_VARS_FILE,
				   "the vars file must be a map with a 'vars:' key");
			return;
		}
		while (yamlin_next(&r->y) && r->y.ev.type != YAML_MAPPING_END_EVENT) {
			bool is_vars = r->y.ev.type == YAML_SCALAR_EVENT &&
				       !strcmp((const char *)r->y.ev.data.scalar.value, "vars");
			if (!skip_node(r) || !yamlin_next(&r->y))
				return;
			if (is_vars) {
				found = true;
				read_vars_map(r);
			} else if (!skip_node(r)) {
				return;
			}
		}
		if (r->y.failed)
			return;
	}
}

bool vars_load(struct arena *a, const char *path, struct vars *out, const char **err)
{
	memset(out, 0, sizeof *out);
	uint32_t file = source_load(path, err);
	if (!file)
		return false;
	out->file = file;
	bool is_nul;
	long bad = source_find_invalid(file, &is_nul);
	if (bad >= 0) {
		struct loc l = { file, (uint32_t)bad, (uint32_t)bad + 1 };
		diag_error(l, is_nul ? DIAG_NUL : DIAG_UTF8, "%s in the vars file",
			   is_nul ? "NUL byte" : "invalid UTF-8");
		return true;
	}
	const struct source *src = source_get(file);
	struct reader r = { .a = a, .out = out };
	(void)src;
	if (!yamlin_open(&r.y, file, DIAG_VARS_FILE)) {
		*err = "cannot start the YAML parser";
		return false;
	}
	read_document(&r);
	yamlin_close(&r.y);
	return true;
}
