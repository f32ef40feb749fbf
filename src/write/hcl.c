/* hcl.c - build and render HCL. */
#include "hcl.h"
#include "xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- construction ---- */

struct hcl_body *hcl_body_new(struct arena *a)
{
	return arena_alloc(a, sizeof(struct hcl_body));
}

struct hcl_item *hcl_attr(struct arena *a, struct hcl_body *b, const char *name, struct hcl_expr *value)
{
	struct hcl_item *it = arena_alloc(a, sizeof *it);
	it->name = name;
	it->value = value;
	vec_push(a, &b->items, it);
	return it;
}

struct hcl_body *hcl_block(struct arena *a, struct hcl_body *b, const char *type, ...)
{
	struct hcl_item *it = arena_alloc(a, sizeof *it);
	it->is_block = true;
	it->name = type;
	it->body = hcl_body_new(a);
	va_list ap;
	va_start(ap, type);
	for (const char *l; (l = va_arg(ap, const char *));)
		vec_push(a, &it->labels, (void *)l);
	va_end(ap);
	vec_push(a, &b->items, it);
	return it->body;
}

struct hcl_item *hcl_last(struct hcl_body *b)
{
	return b->items.n ? b->items.items[b->items.n - 1] : NULL;
}

static struct hcl_expr *node(struct arena *a, enum hcl_kind k)
{
	struct hcl_expr *e = arena_alloc(a, sizeof *e);
	e->kind = k;
	return e;
}

struct hcl_expr *hcl_str(struct arena *a, const char *s)
{
	struct hcl_expr *e = node(a, HX_STRING);
	e->text = s;
	return e;
}

struct hcl_expr *hcl_int(struct arena *a, long long n)
{
	struct hcl_expr *e = node(a, HX_NUMBER);
	e->text = arena_printf(a, "%lld", n);
	return e;
}

struct hcl_expr *hcl_number(struct arena *a, double n)
{
	struct hcl_expr *e = node(a, HX_NUMBER);
	if (n == floor(n) && fabs(n) < 1e15)
		e->text = arena_printf(a, "%.0f", n);
	else
		e->text = arena_printf(a, "%.17g", n);
	return e;
}

struct hcl_expr *hcl_bool(struct arena *a, bool b)
{
	struct hcl_expr *e = node(a, HX_BOOL);
	e->b = b;
	return e;
}

struct hcl_expr *hcl_null(struct arena *a)
{
	return node(a, HX_NULL);
}

struct hcl_expr *hcl_raw(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct hcl_expr *e = node(a, HX_RAW);
	e->text = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return e;
}

struct hcl_expr *hcl_template(struct arena *a)
{
	return node(a, HX_TEMPLATE);
}

void hcl_template_lit(struct arena *a, struct hcl_expr *t, const char *s)
{
	vec_push(a, &t->items, hcl_str(a, s));
}

/* A template placed in a template is spliced in, part by part: one
 * "...${x}..." rather than "${"...${x}"}". */
void hcl_template_expr(struct arena *a, struct hcl_expr *t, struct hcl_expr *e)
{
	if (e->kind != HX_TEMPLATE) {
		vec_push(a, &t->items, e);
		return;
	}
	for (size_t i = 0; i < e->items.n; i++)
		vec_push(a, &t->items, e->items.items[i]);
}

struct hcl_expr *hcl_list(struct arena *a)
{
	return node(a, HX_LIST);
}

void hcl_push(struct arena *a, struct hcl_expr *list, struct hcl_expr *item)
{
	vec_push(a, &list->items, item);
}

struct hcl_expr *hcl_object(struct arena *a)
{
	return node(a, HX_OBJECT);
}

void hcl_put(struct arena *a, struct hcl_expr *obj, const char *key, struct hcl_expr *value)
{
	vec_push(a, &obj->keys, (void *)key);
	vec_push(a, &obj->items, value);
}

struct hcl_expr *hcl_call(struct arena *a, const char *name, struct hcl_expr *arg)
{
	struct hcl_expr *e = node(a, HX_CALL);
	e->text = name;
	if (arg)
		vec_push(a, &e->items, arg);
	return e;
}

struct hcl_expr *hcl_from_json(struct arena *a, const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		struct hcl_expr *o = hcl_object(a);
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v)
			hcl_put(a, o, arena_strdup(a, k), hcl_from_json(a, v));
		return o;
	}
	case JSON_ARRAY: {
		struct hcl_expr *l = hcl_list(a);
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			hcl_push(a, l, hcl_from_json(a, v));
		return l;
	}
	case JSON_STRING:
		return hcl_str(a, arena_strdup(a, json_string_value(j)));
	case JSON_INTEGER:
		return hcl_int(a, json_integer_value(j));
	case JSON_REAL:
		return hcl_number(a, json_real_value(j));
	case JSON_TRUE:
		return hcl_bool(a, true);
	case JSON_FALSE:
		return hcl_bool(a, false);
	case JSON_NULL:
		return hcl_null(a);
	}
	return hcl_null(a);
}

/* ---- rendering ---- */

static void put(struct hcl_text *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = (o->cap ? o->cap * 2 : 4096) + n;
		o->text = xrealloc(o->text, cap); /* xalloc.c: the one out-of-memory path */
		o->cap = cap;
	}
	memcpy(o->text + o->len, s, n);
	o->len += n;
	o->text[o->len] = '\0';
}

static void puts_(struct hcl_text *o, const char *s)
{
	put(o, s, strlen(s));
}

static void indent(struct hcl_text *o, int level)
{
	for (int i = 0; i < level; i++)
		put(o, "  ", 2);
}

/* The inside of a quoted template: escapes, and ${ %{ made literal. */
static void escape_into(struct hcl_text *o, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* a run of characters that stand for themselves, in one put */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p != 0x7f && *p != '"' && *p != '\\' && *p != '$' && *p != '%')
			p++;
		if (p > run)
			put(o, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		char buf[8];
		switch (*p) {
		case '"': puts_(o, "\\\""); break;
		case '\\': puts_(o, "\\\\"); break;
		case '\n': puts_(o, "\\n"); break;
		case '\r': puts_(o, "\\r"); break;
		case '\t': puts_(o, "\\t"); break;
		case '$':
		case '%':
			put(o, (const char *)p, 1);
			if (p[1] == '{')
				put(o, (const char *)p, 1); /* $${ and %%{ are literal */
			break;
		default: /* the other control characters: the run stopped at one */
			snprintf(buf, sizeof buf, "\\u%04x", *p);
			puts_(o, buf);
		}
	}
}

static bool is_identifier(const char *k)
{
	if (!isalpha((unsigned char)k[0]) && k[0] != '_')
		return false;
	for (const char *p = k; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
	/* keywords that an object key must not be written bare as */
	return strcmp(k, "true") && strcmp(k, "false") && strcmp(k, "null") && strcmp(k, "for") && strcmp(k, "in") &&
	       strcmp(k, "if");
}

static void render_expr(struct hcl_text *o, const struct hcl_expr *e, int level);
static size_t list_flat_len(const struct hcl_expr *e);

static bool is_scalar(const struct hcl_expr *e)
{
	return e->kind != HX_LIST && e->kind != HX_OBJECT && e->kind != HX_CALL;
}

/* The length of an escaped template literal's inside (escape_into). */
static size_t escaped_len(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': case '\\': case '\n': case '\r': case '\t': n += 2; break;
		case '$': case '%': n += p[1] == '{' ? 2 : 1; break;
		default: n += *p < 0x20 || *p == 0x7f ? 6 : 1;
		}
	}
	return n;
}

#define MULTILINE ((size_t)-1)

/* How many bytes E takes rendered on one line, or MULTILINE if it spans
 * lines. Measured, not rendered: the layout of a value depends on whether
 * its parts fit on one line, and rendering each part to find out rendered
 * a nested value once per level above it (twice per level, in fact). */
static size_t flat_len(const struct hcl_expr *e)
{
	size_t n, len;
	switch (e->kind) {
	case HX_STRING:
		return 2 + escaped_len(e->text);
	case HX_NUMBER:
	case HX_RAW:
		return strchr(e->text, '\n') ? MULTILINE : strlen(e->text);
	case HX_BOOL:
		return e->b ? 4 : 5;
	case HX_NULL:
		return 4;
	case HX_TEMPLATE:
		n = 2;
		for (size_t i = 0; i < e->items.n; i++) {
			const struct hcl_expr *p = e->items.items[i];
			if (p->kind == HX_STRING) {
				n += escaped_len(p->text);
				continue;
			}
			if ((len = flat_len(p)) == MULTILINE)
				return MULTILINE;
			n += 3 + len;
		}
		return n;
	case HX_LIST:
		return list_flat_len(e);
	case HX_OBJECT:
		return e->items.n ? MULTILINE : 2;
	case HX_CALL:
		n = strlen(e->text) + 2;
		for (size_t i = 0; i < e->items.n; i++) {
			if ((len = flat_len(e->items.items[i])) == MULTILINE)
				return MULTILINE;
			n += len + (i ? 2 : 0);
		}
		return n;
	}
	return MULTILINE;
}

/* Short lists of scalars stay on one line: [a, b] within 80 columns. */
static size_t list_flat_len(const struct hcl_expr *e)
{
	if (e->items.n == 0)
		return 2;
	size_t width = 2, len;
	for (size_t i = 0; i < e->items.n; i++) {
		const struct hcl_expr *it = e->items.items[i];
		if (!is_scalar(it) || (len = flat_len(it)) == MULTILINE)
			return MULTILINE;
		width += len + 2;
	}
	return width <= 80 ? width - 2 : MULTILINE;
}

static void render_list(struct hcl_text *o, const struct hcl_expr *e, int level)
{
	if (e->items.n == 0) {
		puts_(o, "[]");
		return;
	}
	if (list_flat_len(e) != MULTILINE) {
		puts_(o, "[");
		for (size_t i = 0; i < e->items.n; i++) {
			if (i)
				puts_(o, ", ");
			render_expr(o, e->items.items[i], level);
		}
		puts_(o, "]");
		return;
	}
	puts_(o, "[\n");
	for (size_t i = 0; i < e->items.n; i++) {
		indent(o, level + 1);
		render_expr(o, e->items.items[i], level + 1);
		puts_(o, ",\n");
	}
	indent(o, level);
	puts_(o, "]");
}

/* Key K as HCL writes it: bare when an identifier, else quoted; the
 * caller frees it. */
static char *key_text(const char *k)
{
	struct hcl_text o = { 0 };
	if (is_identifier(k)) {
		puts_(&o, k);
		return o.text;
	}
	puts_(&o, "\"");
	escape_into(&o, k);
	puts_(&o, "\"");
	return o.text;
}

/* Lines of `key = value`: one-line values in a run have their `=`
 * aligned; a multi-line value ends the run (hclwrite's formatCells). */
static void render_object(struct hcl_text *o, const struct hcl_expr *e, int level)
{
	if (e->items.n == 0) {
		puts_(o, "{}");
		return;
	}
	puts_(o, "{\n");
	size_t n = e->items.n;
	bool *flat = xcalloc(n, sizeof *flat);
	char **keys = xcalloc(n, sizeof *keys);
	for (size_t i = 0; i < n; i++) {
		keys[i] = key_text(e->keys.items[i]);
		flat[i] = flat_len(e->items.items[i]) != MULTILINE;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i, width = 0;
		while (j < n && flat[j]) {
			width = strlen(keys[j]) > width ? strlen(keys[j]) : width;
			j++;
		}
		if (j == i) { /* a multi-line value */
			indent(o, level + 1);
			puts_(o, keys[i]);
			puts_(o, " = ");
			render_expr(o, e->items.items[i], level + 1);
			puts_(o, "\n");
			i++;
			continue;
		}
		for (; i < j; i++) {
			indent(o, level + 1);
			puts_(o, keys[i]);
			for (size_t k = strlen(keys[i]); k < width; k++)
				puts_(o, " ");
			puts_(o, " = ");
			render_expr(o, e->items.items[i], level + 1);
			puts_(o, "\n");
		}
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(flat);
	indent(o, level);
	puts_(o, "}");
}

static void render_expr(struct hcl_text *o, const struct hcl_expr *e, int level)
{
	switch (e->kind) {
	case HX_STRING:
		puts_(o, "\"");
		escape_into(o, e->text);
		puts_(o, "\"");
		break;
	case HX_NUMBER:
	case HX_RAW:
		puts_(o, e->text);
		break;
	case HX_BOOL:
		puts_(o, e->b ? "true" : "false");
		break;
	case HX_NULL:
		puts_(o, "null");
		break;
	case HX_TEMPLATE:
		puts_(o, "\"");
		for (size_t i = 0; i < e->items.n; i++) {
			const struct hcl_expr *p = e->items.items[i];
			if (p->kind == HX_STRING) {
				escape_into(o, p->text);
			} else {
				puts_(o, "${");
				render_expr(o, p, level);
				puts_(o, "}");
			}
		}
		puts_(o, "\"");
		break;
	case HX_LIST:
		render_list(o, e, level);
		break;
	case HX_OBJECT:
		render_object(o, e, level);
		break;
	case HX_CALL:
		puts_(o, e->text);
		puts_(o, "(");
		for (size_t i = 0; i < e->items.n; i++) {
			if (i)
				puts_(o, ", ");
			render_expr(o, e->items.items[i], level);
		}
		puts_(o, ")");
		break;
	}
}

static void render_body(struct hcl_text *o, const struct hcl_body *b, int level);

static void render_block(struct hcl_text *o, const struct hcl_item *it, int level)
{
	indent(o, level);
	puts_(o, it->name);
	for (size_t i = 0; i < it->labels.n; i++) {
		puts_(o, " \"");
		escape_into(o, it->labels.items[i]);
		puts_(o, "\"");
	}
	if (it->body->items.n == 0) {
		puts_(o, " {}\n");
		return;
	}
	puts_(o, " {\n");
	render_body(o, it->body, level + 1);
	indent(o, level);
	puts_(o, "}\n");
}

/* B's items; LAST is the item before them, if any (another part's). */
static void render_items(struct hcl_text *o, const struct hcl_body *b, int level, const struct hcl_item *last)
{
	size_t n = b->items.n;
	for (size_t i = 0; i < n;) {
		const struct hcl_item *it = b->items.items[i];
		const struct hcl_item *before = i > 0 ? b->items.items[i - 1] : last;
		if (before && (it->blank_before || it->is_block || before->is_block))
			puts_(o, "\n");
		if (it->comment) {
			indent(o, level);
			puts_(o, "# ");
			puts_(o, it->comment);
			puts_(o, "\n");
		}
		if (it->is_block) {
			render_block(o, it, level);
			i++;
			continue;
		}
		/* a run of one-line attributes, up to a blank line, a comment,
		 * a block or a multi-line value */
		size_t j = i, width = 0;
		while (j < n) {
			const struct hcl_item *x = b->items.items[j];
			if (x->is_block || (j > i && (x->blank_before || x->comment)))
				break;
			if (flat_len(x->value) == MULTILINE)
				break;
			width = strlen(x->name) > width ? strlen(x->name) : width;
			j++;
		}
		if (j == i) {
			indent(o, level);
			puts_(o, it->name);
			puts_(o, " = ");
			render_expr(o, it->value, level);
			puts_(o, "\n");
			i++;
			continue;
		}
		for (size_t k = i; k < j; k++) {
			const struct hcl_item *x = b->items.items[k];
			if (k > i && x->comment) {
				indent(o, level);
				puts_(o, "# ");
				puts_(o, x->comment);
				puts_(o, "\n");
			}
			indent(o, level);
			puts_(o, x->name);
			for (size_t s = strlen(x->name); s < width; s++)
				puts_(o, " ");
			puts_(o, " = ");
			render_expr(o, x->value, level);
			puts_(o, "\n");
		}
		i = j;
	}
}

static void render_body(struct hcl_text *o, const struct hcl_body *b, int level)
{
	render_items(o, b, level, NULL);
}

void hcl_render_part(struct hcl_text *t, const struct hcl_body *b)
{
	render_items(t, b, 0, t->last);
	if (b->items.n) {
		/* what the next part's first item asks of the one before it */
		const struct hcl_item *it = b->items.items[b->items.n - 1];
		t->last_item = (struct hcl_item){ .is_block = it->is_block };
		t->last = &t->last_item;
	}
	if (!t->text)
		puts_(t, "");
}

char *hcl_render(const struct hcl_body *b, size_t *len)
{
	struct hcl_text o = { 0 };
	render_body(&o, b, 0);
	if (!o.text)
		puts_(&o, "");
	*len = o.len;
	return o.text;
}
