/* sema_wf_names.c - what a state may be called. A state is named by a word
 * (`task check-stock`) or, as ASL allows, by a string (`task "Check Stock"`):
 * both are the ASL state name as written, and both are interned, so that
 * `-> check-stock` and `-> "check-stock"` name the same state. A string
 * name follows the Amazon States Language's rules ("State names ... MUST
 * have length less than or equal to 80 Unicode characters") and refuses
 * the control characters that Step Functions' API refuses in a state name
 * (StateEnteredEventDetails: U+0000-001F, U+007F-009F). */
#include <string.h>

#include "sema_priv.h"

/* Whether S is a word as the scanner reads one: a letter or '_', then
 * letters, digits and '_', with runs of hyphens between them. */
bool wf_is_word(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_'))
		return false;
	for (; *p; p++) {
		bool idchar = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			      *p == '_';
		if (*p == '-' && p[1] != '\0')
			continue;
		if (!idchar)
			return false;
	}
	return true;
}

/* The code point at P (UTF-8, which the scanner has checked) and its
 * length in bytes. */
static unsigned long code_point(const unsigned char *p, size_t *len)
{
	if (*p < 0x80) {
		*len = 1;
		return *p;
	}
	size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
	unsigned long cp = *p & (0x7F >> n);
	for (size_t i = 1; i < n && p[i]; i++)
		cp = (cp << 6) | (p[i] & 0x3F);
	*len = n;
	return cp;
}

/* A string name's checks; false (reported) when ASL would refuse it. */
static bool check_string_name(const struct ast_item *it, const struct ast_value *w)
{
	const unsigned char *p = (const unsigned char *)w->u.str;
	size_t chars = 0;
	if (!*p) {
		diag_error(w->loc, DIAG_WF_STATE_NAME, "a %s state's name is empty", it->head);
		return false;
	}
	while (*p) {
		size_t len;
		unsigned long cp = code_point(p, &len);
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			diag_error(w->loc, DIAG_WF_STATE_NAME, "a state name holds the control character U+%04lX, "
				   "which Step Functions refuses in a name", cp);
			return false;
		}
		chars++;
		p += len;
	}
	if (chars > 80) {
		diag_error(w->loc, DIAG_WF_STATE_NAME, "state name \"%s\" has %zu characters; ASL allows at most 80",
			   w->u.str, chars);
		return false;
	}
	return true;
}

const char *wf_state_name(struct wctx *c, const struct ast_item *it, const struct ast_value *w)
{
	if (w->kind == AV_IDENT) {
		if (strlen(w->u.str) > 80) {
			diag_error(w->loc, DIAG_BAD_NAME, "state names are at most 80 characters");
			return NULL;
		}
		return w->u.str;
	}
	if (!check_string_name(it, w))
		return NULL;
	return arena_intern(c->s->a, w->u.str, strlen(w->u.str));
}

const char *wf_state_label(struct arena *a, const char *name)
{
	return arena_printf(a, wf_is_word(name) ? "'%s'" : "\"%s\"", name);
}

/* The key under which a state's result goes by default. A word is its own
 * key ($.check-stock, as before). A string name may hold what a JSONPath
 * member cannot (spaces, dots, brackets), and ResultPath takes only a
 * reference path, not bracket notation: each run of other characters than
 * ASCII letters, digits and '_' becomes one '_' ($.Check_Stock), and a key
 * that would not start with a letter or '_' starts with "state_". */
const char *wf_result_key(struct arena *a, const char *name)
{
	if (wf_is_word(name))
		return name;
	size_t n = strlen(name);
	char *key = arena_alloc(a, n + 1);
	size_t k = 0;
	for (const char *p = name; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		bool keep = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
		if (keep)
			key[k++] = (char)ch;
		else if (k && key[k - 1] != '_')
			key[k++] = '_';
	}
	while (k && key[k - 1] == '_')
		k--;
	key[k] = '\0';
	if (!k || (key[0] >= '0' && key[0] <= '9'))
		return arena_printf(a, "state_%s", key);
	return key;
}

/* Two states whose default results would land on one key: the second
 * would overwrite the first's result, and the data checks could not tell
 * them apart. */
void wf_check_result_key(struct wctx *c, const struct m_state *st)
{
	if (!st->result_key)
		return;
	for (size_t i = 0; i < c->all.n; i++) {
		const struct m_state *o = c->all.items[i];
		if (o == st || !o->result_key || strcmp(o->result_key, st->result_key) != 0)
			continue;
		diag_error(st->loc, DIAG_WF_RESULT_KEY, "state '%s' keeps its result at $.%s, as state '%s' does",
			   st->name, st->result_key, o->name);
		diag_note(o->loc, "'%s' is declared here; give one of them result_path = $.other_key", o->name);
		return;
	}
}
