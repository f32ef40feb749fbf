/* suppress.c - which warnings a run shows (see suppress.h). The project
 * file is applied first, then --disable and --enable in the order given,
 * so the command line has the last word; ignore comments hide one
 * warning where it is written, whatever the switches say. */
#include "suppress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "misspell.h"
#include "xalloc.h"
#include "yamlin.h"

enum { STATE_DEFAULT, STATE_ON, STATE_OFF };
static unsigned char state[DIAG_COUNT];

/* Off unless turned on: the reference itself does these, on purpose. */
bool suppress_off_by_default(enum diag_code code)
{
	return code == DIAG_LINT_EMAIL || code == DIAG_LINT_QUEUE_UNREAD;
}

/* The nearest warning code to TEXT, for "did you mean". */
static const char *nearest_code(const char *text)
{
	struct misspell m;
	misspell_init(&m, text);
	for (int i = 0; i < DIAG_COUNT; i++)
		if (diag_code_is_warning((enum diag_code)i))
			misspell_consider(&m, diag_code_string((enum diag_code)i));
	return misspell_best(&m);
}

/* The warning TEXT names, or false after reporting why there is none. */
static bool warning_code(const char *text, struct loc loc, const char *where, enum diag_code *out)
{
	if (!diag_code_lookup(text, out)) {
		const char *hint = nearest_code(text);
		diag_error(loc, DIAG_LINT_UNKNOWN_CODE, "unknown code '%s' in %s%s%s%s", text, where,
			   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
		return false;
	}
	if (!diag_code_is_warning(*out)) {
		diag_error(loc, DIAG_LINT_NOT_WARNING, "%s names error %s; only warnings can be disabled",
			   where, diag_code_string(*out));
		return false;
	}
	return true;
}

bool suppress_set(const char *text, bool on, struct loc loc, const char *where)
{
	enum diag_code code;
	if (!warning_code(text, loc, where, &code))
		return false;
	state[code] = on ? STATE_ON : STATE_OFF;
	return true;
}

/* The comment of LINE (1-based) of S: [*from, *to) after its '#', or
 * false when the line has none. A '#' inside a string is not one. */
static bool line_comment(const struct source *s, size_t line, uint32_t *from, uint32_t *to)
{
	if (line < 1 || line > s->nlines)
		return false;
	uint32_t p = s->lines[line - 1];
	bool in_string = false;
	for (; p < s->len && s->text[p] != '\n'; p++) {
		char c = s->text[p];
		if (in_string && c == '\\' && p + 1 < s->len && s->text[p + 1] != '\n')
			p++;
		else if (c == '"')
			in_string = !in_string;
		else if (c == '#' && !in_string)
			break;
	}
	if (p >= s->len || s->text[p] != '#')
		return false;
	*from = p + 1;
	for (*to = *from; *to < s->len && s->text[*to] != '\n' && s->text[*to] != '\r'; (*to)++)
		;
	return true;
}

/* The codes of an `eventc: ignore[A, B]` directive in [from, to) of TEXT:
 * calls EACH with each one's span; false when there is no directive. */
static bool each_ignored(const char *text, uint32_t from, uint32_t to,
			 bool (*each)(const char *text, uint32_t start, uint32_t end, void *ctx), void *ctx)
{
	static const char lead[] = "eventc:";
	uint32_t p = from;
	while (p < to && isspace((unsigned char)text[p]))
		p++;
	if (to - p < sizeof lead - 1 || strncmp(text + p, lead, sizeof lead - 1) != 0)
		return false;
	p += sizeof lead - 1;
	while (p < to && text[p] == ' ')
		p++;
	if (to - p < 7 || strncmp(text + p, "ignore[", 7) != 0)
		return false;
	for (p += 7; p < to && text[p] != ']';) {
		if (text[p] == ',' || text[p] == ' ') {
			p++;
			continue;
		}
		uint32_t start = p;
		while (p < to && text[p] != ',' && text[p] != ' ' && text[p] != ']')
			p++;
		if (each(text, start, p, ctx))
			return true;
	}
	return true;
}

struct match {
	const char *code;
	bool found;
};

static bool matches_code(const char *text, uint32_t start, uint32_t end, void *ctx)
{
	struct match *m = ctx;
	size_t n = end - start;
	m->found = strlen(m->code) == n && strncasecmp(text + start, m->code, n) == 0;
	return m->found;
}

static bool line_ignores(const struct source *s, size_t line, const char *code)
{
	uint32_t from, to;
	struct match m = { code, false };
	return line_comment(s, line, &from, &to) && each_ignored(s->text, from, to, matches_code, &m) &&
	       m.found;
}

bool suppress_hides(enum diag_code code, struct loc loc)
{
	if (!diag_code_is_warning(code))
		return false;
	if (state[code] == STATE_OFF || (state[code] == STATE_DEFAULT && suppress_off_by_default(code)))
		return true;
	const struct source *s = source_get(loc.file);
	if (!s)
		return false;
	unsigned line, col;
	source_linecol(loc.file, loc.start, &line, &col);
	return line_ignores(s, line, diag_code_string(code)) ||
	       line_ignores(s, line - 1, diag_code_string(code));
}

struct scan {
	uint32_t file;
};

static bool check_code(const char *text, uint32_t start, uint32_t end, void *ctx)
{
	const struct scan *sc = ctx;
	char *code = xmalloc(end - start + 1);
	memcpy(code, text + start, end - start);
	code[end - start] = '\0';
	struct loc loc = { sc->file, start, end };
	enum diag_code c;
	warning_code(code, loc, "an ignore comment", &c);
	free(code);
	return false;
}

void suppress_scan_comments(uint32_t file)
{
	const struct source *s = source_get(file);
	if (!s)
		return;
	struct scan sc = { file };
	for (size_t line = 1; line <= s->nlines; line++) {
		uint32_t from, to;
		if (line_comment(s, line, &from, &to))
			each_ignored(s->text, from, to, check_code, &sc);
	}
}

/* Skips the node that starts with the current event; false at the end. */
static bool skip_node(struct yamlin *y)
{
	int depth = 0;
	do {
		if (y->ev.type == YAML_SEQUENCE_START_EVENT || y->ev.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (y->ev.type == YAML_SEQUENCE_END_EVENT || y->ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		if (depth == 0)
			return true;
	} while (yamlin_next(y));
	return false;
}

/* disable: [CODE, ...] or enable: [...], block or flow style. */
static void read_code_list(struct yamlin *y, bool on, const char *key)
{
	if (y->ev.type != YAML_SEQUENCE_START_EVENT) {
		diag_error(yamlin_here(y), DIAG_PROJECT_FILE, "'%s' must be a list of warning codes, such as "
			   "[W0906]", key);
		skip_node(y);
		return;
	}
	while (yamlin_next(y) && y->ev.type != YAML_SEQUENCE_END_EVENT) {
		if (y->ev.type != YAML_SCALAR_EVENT) {
			diag_error(yamlin_here(y), DIAG_PROJECT_FILE, "each entry of '%s' is one code", key);
			if (!skip_node(y))
				return;
			continue;
		}
		suppress_set((const char *)y->ev.data.scalar.value, on, yamlin_here(y),
			     on ? "'enable' of the project file" : "'disable' of the project file");
	}
}

static void read_project(struct yamlin *y)
{
	while (yamlin_next(y) && (y->ev.type == YAML_STREAM_START_EVENT || y->ev.type == YAML_DOCUMENT_START_EVENT))
		;
	if (y->failed || y->ev.type == YAML_STREAM_END_EVENT)
		return; /* an empty file changes nothing */
	if (y->ev.type != YAML_MAPPING_START_EVENT) {
		diag_error(yamlin_here(y), DIAG_PROJECT_FILE, "the project file must be a map with the keys "
			   "'disable' and 'enable'");
		return;
	}
	while (yamlin_next(y) && y->ev.type != YAML_MAPPING_END_EVENT) {
		const char *key = y->ev.type == YAML_SCALAR_EVENT ? (const char *)y->ev.data.scalar.value : "";
		bool on = !strcmp(key, "enable");
		if (!on && strcmp(key, "disable")) {
			static const char *const keys[] = { "disable", "enable", NULL };
			const char *hint = misspell_suggest(key, keys);
			diag_error(yamlin_here(y), DIAG_PROJECT_FILE, "unknown key '%s' in the project file; %s%s%s",
				   key, hint ? "did you mean '" : "the keys are 'disable' and 'enable'",
				   hint ? hint : "", hint ? "'?" : "");
			if (y->ev.type != YAML_SCALAR_EVENT || !yamlin_next(y) || !skip_node(y))
				return;
			continue;
		}
		char *k = xmalloc(strlen(key) + 1);
		strcpy(k, key);
		if (yamlin_next(y))
			read_code_list(y, on, k);
		free(k);
	}
}

/* ".eventc.yaml", "../.eventc.yaml", ... up to the top of the git work
 * tree or of the file system; NULL when there is none. */
static char *find_project_file(void)
{
	static const char name[] = ".eventc.yaml";
	size_t ups = 0;
	for (;;) {
		char *dir = xmalloc(ups * 3 + sizeof name + 8);
		dir[0] = '\0';
		for (size_t i = 0; i < ups; i++)
			strcat(dir, "../");
		size_t dl = strlen(dir);
		struct stat st;
		strcpy(dir + dl, name);
		if (stat(dir, &st) == 0 && S_ISREG(st.st_mode))
			return dir;
		strcpy(dir + dl, ".git");
		bool top = stat(dir, &st) == 0;
		strcpy(dir + dl, ".");
		char *here = realpath(dir, NULL);
		strcpy(dir + dl, "..");
		char *up = realpath(dir, NULL);
		bool at_root = !here || !up || !strcmp(here, up);
		free(here);
		free(up);
		free(dir);
		if (top || at_root)
			return NULL;
		ups++;
	}
}

bool suppress_load_project(const char *path, const char **err)
{
	char *found = path ? NULL : find_project_file();
	if (!path && !found)
		return true;
	uint32_t file = source_load(path ? path : found, err);
	free(found);
	if (!file)
		return false;
	struct yamlin y;
	if (!yamlin_open(&y, file, DIAG_PROJECT_FILE)) {
		*err = "cannot start the YAML parser";
		return false;
	}
	read_project(&y);
	yamlin_close(&y);
	return true;
}
