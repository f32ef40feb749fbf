/* hcl.h - a small writer for HashiCorp's configuration language: a tree of
 * bodies, blocks, attributes and expressions, rendered the way
 * `terraform fmt` lays them out (two-space indent, `=` aligned across
 * consecutive one-line attributes, as hclwrite's formatCells does).
 * Strings are escaped for HCL templates: quotes, backslashes, control
 * characters, and `${` / `%{` doubled so they stay literal. */
#ifndef EVENTC_HCL_H
#define EVENTC_HCL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

enum hcl_kind {
	HX_STRING, HX_NUMBER, HX_BOOL, HX_NULL, HX_RAW, HX_TEMPLATE, HX_LIST, HX_OBJECT, HX_CALL
};

struct hcl_expr {
	enum hcl_kind kind;
	const char *text;      /* STRING value, NUMBER digits, RAW code, CALL name */
	bool b;
	const char *hint;      /* for leaves: what to call a variable holding it */
	struct vec items;      /* LIST items, CALL args, TEMPLATE parts, OBJECT values */
	struct vec keys;       /* OBJECT keys */
};

struct hcl_body;

struct hcl_item {
	bool is_block;
	bool blank_before;
	const char *name;      /* attribute name or block type */
	struct hcl_expr *value;
	struct vec labels;     /* const char * */
	struct hcl_body *body;
	const char *comment;   /* a # comment line above it, or NULL */
};

struct hcl_body {
	struct vec items;      /* struct hcl_item * */
};

struct hcl_body *hcl_body_new(struct arena *a);
struct hcl_item *hcl_attr(struct arena *a, struct hcl_body *b, const char *name, struct hcl_expr *value);
/* A block TYPE "label"...; the labels end with NULL. Returns its body. */
struct hcl_body *hcl_block(struct arena *a, struct hcl_body *b, const char *type, ...);
struct hcl_item *hcl_last(struct hcl_body *b);

struct hcl_expr *hcl_str(struct arena *a, const char *s);
struct hcl_expr *hcl_int(struct arena *a, long long n);
struct hcl_expr *hcl_number(struct arena *a, double n);
struct hcl_expr *hcl_bool(struct arena *a, bool b);
struct hcl_expr *hcl_null(struct arena *a);
struct hcl_expr *hcl_raw(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "literal${expr}literal": parts are STRING literals or any expression */
struct hcl_expr *hcl_template(struct arena *a);
void hcl_template_lit(struct arena *a, struct hcl_expr *t, const char *s);
void hcl_template_expr(struct arena *a, struct hcl_expr *t, struct hcl_expr *e);
struct hcl_expr *hcl_list(struct arena *a);
void hcl_push(struct arena *a, struct hcl_expr *list, struct hcl_expr *item);
struct hcl_expr *hcl_object(struct arena *a);
void hcl_put(struct arena *a, struct hcl_expr *obj, const char *key, struct hcl_expr *value);
struct hcl_expr *hcl_call(struct arena *a, const char *name, struct hcl_expr *arg);
/* JSON as an HCL value (objects, tuples, literals), for jsonencode(). */
struct hcl_expr *hcl_from_json(struct arena *a, const json_t *j);

/* The rendered text of a body; the caller frees it. */
char *hcl_render(const struct hcl_body *b, size_t *len);

/* A text rendered a part at a time, so that a body's items can be let go
 * once written: each part's items follow the last part's as they would
 * in one body. Only a run of one-line attributes would lay out otherwise
 * (aligned within its part): a module's main.tf, all blocks, is the same
 * text. Start it zeroed; TEXT (LEN bytes) is the caller's to free, and
 * the caller may take the text so far and set LEN to 0 between parts. */
struct hcl_text {
	char *text;
	size_t len, cap;
	const struct hcl_item *last; /* the last item written, or NULL */
	struct hcl_item last_item;   /* what of it the next part needs */
};
void hcl_render_part(struct hcl_text *t, const struct hcl_body *b);

#endif
