/* sema_envval.c - env.NAME where the pattern's values are not attributes:
 * the values a pattern or filter field is matched against, a
 * subscription's endpoint, and ${env.NAME} inside string text. Each is
 * read in the environment being checked, as every env.NAME is, so a value
 * that fits in one environment and not in another is reported in the one
 * where it does not. */
#include <string.h>

#include "sema_priv.h"

const char *sema_env_suffix(struct sema *s, const struct ast_value *v)
{
	const struct ast_item *env = s->env_items.n ? s->env_items.items[s->env_index] : NULL;
	bool in_env = env && v && v->loc.file == env->loc.file && v->loc.start >= env->loc.start &&
		      v->loc.end <= env->loc.end;
	if (!env || !v || (!in_env && !v->interpolated))
		return "";
	return arena_printf(s->a, " in environment '%s'", env->words->u.str);
}

static bool is_env_ref(const struct ast_value *v)
{
	return v && v->kind == AV_REF && !strcmp(v->u.ref.parts[0], "env");
}

static bool pattern_scalar(const struct ast_value *v)
{
	return v->kind == AV_STRING || v->kind == AV_NUMBER || v->kind == AV_BOOL || v->kind == AV_MAP;
}

static void wrong_kind(struct sema *s, const struct ast_value *ref, const struct ast_value *val, const char *want)
{
	diag_error(ref->loc, DIAG_ENV_VALUE_KIND, "env.%s is %s, but %s", ref->u.ref.parts[1],
		   ast_vkind_name(val->kind), want);
	diag_note(val->loc, "defined here");
	(void)s;
}

/* Appends a copy of V, alone, to the list being built. */
static void append(struct sema *s, struct ast_value **head, struct ast_value **tail, const struct ast_value *v)
{
	const struct ast_value *val = sema_eval(s, v);
	if (!val)
		return;
	struct ast_value *c = arena_alloc(s->a, sizeof *c);
	*c = *val;
	c->next = NULL;
	if (*tail)
		(*tail)->next = c;
	else
		*head = c;
	*tail = c;
}

/* One element of a field's list: a value, or env.NAME that holds a value
 * or a list of them (spliced in). */
static bool add_element(struct sema *s, struct ast_value **head, struct ast_value **tail, const struct ast_value *e)
{
	static const char *const want = "a pattern value is a string, number, boolean, an operator map or a list of them";
	if (!is_env_ref(e)) {
		append(s, head, tail, e);
		return true;
	}
	const struct ast_value *val = sema_eval(s, e);
	if (!val)
		return false;
	if (val->kind != AV_LIST) {
		if (!pattern_scalar(val)) {
			wrong_kind(s, e, val, want);
			return false;
		}
		append(s, head, tail, val);
		return true;
	}
	bool ok = true;
	for (const struct ast_value *x = val->u.list; x; x = x->next) {
		if (!pattern_scalar(x)) {
			wrong_kind(s, e, x, want);
			ok = false;
			continue;
		}
		append(s, head, tail, x);
	}
	return ok;
}

const struct ast_value *sema_pattern_values(struct sema *s, const struct ast_value *v)
{
	if (!v)
		return NULL;
	bool refs = is_env_ref(v);
	for (const struct ast_value *e = v->kind == AV_LIST ? v->u.list : NULL; e && !refs; e = e->next)
		refs = is_env_ref(e) || (e->kind == AV_STRING && strstr(e->u.str, "${"));
	if (!refs)
		return v;
	const struct ast_value *val = is_env_ref(v) ? sema_eval(s, v) : v;
	if (!val)
		return NULL;
	if (val->kind != AV_LIST && !pattern_scalar(val)) {
		wrong_kind(s, v, val, "a field is matched against a string, number, boolean or a list of them");
		return NULL;
	}
	struct ast_value *list = arena_alloc(s->a, sizeof *list), *head = NULL, *tail = NULL;
	*list = *v;
	list->kind = AV_LIST;
	list->next = NULL;
	bool ok = true;
	if (val->kind != AV_LIST)
		ok = add_element(s, &head, &tail, val);
	for (const struct ast_value *e = val->kind == AV_LIST ? val->u.list : NULL; e; e = e->next)
		ok = add_element(s, &head, &tail, e) && ok;
	list->u.list = head;
	return ok ? list : NULL;
}

/* ---- ${env.NAME} in text ---- */

/* The text of VAL, a variable's value, as it stands in a string. */
static const char *scalar_text(struct sema *s, const struct ast_value *ref_like, const char *name,
			       const struct ast_value *val)
{
	switch (val->kind) {
	case AV_STRING:
	case AV_IDENT:
		return val->u.str;
	case AV_NUMBER:
		return val->u.num.text;
	case AV_BOOL:
		return val->u.b ? "true" : "false";
	default:
		diag_error(ref_like->loc, DIAG_ENV_VALUE_KIND, "env.%s is %s, but text takes a string, number or "
			   "boolean in ${env.%s}", name, ast_vkind_name(val->kind), name);
		diag_note(val->loc, "defined here");
		return NULL;
	}
}

/* ${env.NAME} at P (after "${") in V's text: NAME's value, with *END set
 * after the closing brace; NULL after an error. */
static const char *interpolation(struct sema *s, const struct ast_value *v, const char *p, const char **end)
{
	const char *close = strchr(p, '}');
	if (!close) {
		diag_error(v->loc, DIAG_INTERPOLATION, "'${' opens no ${env.NAME} in this string: close it with '}', "
			   "or write '$${' for a literal '${'");
		return NULL;
	}
	*end = close + 1;
	size_t n = (size_t)(close - p);
	const char *name = p + 4;
	bool word = n > 4 && !strncmp(p, "env.", 4);
	for (const char *c = name; word && c < close; c++)
		word = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		       (*c == '-' && c > name);
	if (!word) {
		diag_error(v->loc, DIAG_INTERPOLATION, "'${%.*s}' is not a variable of the environment: text takes "
			   "${env.NAME}, and '$${' writes a literal '${'", (int)n, p);
		return NULL;
	}
	/* a reference as env.NAME would be, so that E0304 suggests the same */
	struct ast_value *ref = arena_alloc(s->a, sizeof *ref);
	ref->kind = AV_REF;
	ref->loc = v->loc;
	ref->u.ref.n = 2;
	ref->u.ref.parts = arena_alloc(s->a, 2 * sizeof *ref->u.ref.parts);
	ref->u.ref.locs = arena_alloc(s->a, 2 * sizeof *ref->u.ref.locs);
	ref->u.ref.parts[0] = "env";
	ref->u.ref.parts[1] = arena_intern(s->a, name, (size_t)(close - name));
	ref->u.ref.locs[0] = ref->u.ref.locs[1] = v->loc;
	const struct ast_value *val = sema_eval(s, ref);
	return val ? scalar_text(s, v, ref->u.ref.parts[1], val) : NULL;
}

const struct ast_value *sema_interpolate(struct sema *s, const struct ast_value *v)
{
	if (!v || v->kind != AV_STRING || !strchr(v->u.str, '$'))
		return v;
	const char *in = v->u.str;
	if (!strstr(in, "${"))
		return v;
	char *out = arena_strdup(s->a, "");
	bool ok = true;
	while (*in) {
		const char *d = strchr(in, '$');
		if (!d) {
			out = arena_printf(s->a, "%s%s", out, in);
			break;
		}
		out = arena_printf(s->a, "%s%.*s", out, (int)(d - in), in);
		if (!strncmp(d, "$${", 3)) {
			out = arena_printf(s->a, "%s${", out);
			in = d + 3;
		} else if (d[1] == '{') {
			const char *end = d + 2;
			const char *text = interpolation(s, v, d + 2, &end);
			ok = ok && text;
			out = arena_printf(s->a, "%s%s", out, text ? text : "");
			in = end;
		} else {
			out = arena_printf(s->a, "%s$", out);
			in = d + 1;
		}
	}
	if (!ok)
		return NULL;
	struct ast_value *c = arena_alloc(s->a, sizeof *c);
	*c = *v;
	c->u.str = arena_intern(s->a, out, strlen(out));
	c->interpolated = true;
	return c;
}
