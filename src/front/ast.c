/* ast.c - helpers over the parse tree, and its dump for grammar tests. */
#include "ast.h"

#include <string.h>

const char *ast_vkind_name(enum ast_vkind k)
{
	static const char *const names[] = {
		[AV_STRING] = "a string", [AV_NUMBER] = "a number",
		[AV_DURATION] = "a duration", [AV_BOOL] = "a boolean",
		[AV_IDENT] = "a name", [AV_REF] = "a reference", [AV_TYPEDREF] = "a reference",
		[AV_JSONPATH] = "a JSONPath", [AV_LIST] = "a list",
		[AV_MAP] = "a map", [AV_CALL] = "a call", [AV_ARROW] = "a transition",
	};
	return names[k];
}

const char *ast_cmp_name(enum ast_cmp op)
{
	static const char *const names[] = {
		[CMP_EQ] = "==", [CMP_NE] = "!=", [CMP_LT] = "<",
		[CMP_LE] = "<=", [CMP_GT] = ">", [CMP_GE] = ">=",
	};
	return names[op];
}

const char *ast_path_string(struct arena *a, const struct ast_path *p)
{
	size_t len = 0;
	for (size_t i = 0; i < p->n; i++)
		len += strlen(p->parts[i]) + 1;
	char *s = arena_alloc(a, len + 1);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			strcat(s, ".");
		strcat(s, p->parts[i]);
	}
	return s;
}

static void dump_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* A transition's target as written: a word, or a quoted state name. */
static void dump_target(FILE *out, const char *name, bool quoted)
{
	if (quoted)
		dump_string(out, name);
	else
		fputs(name, out);
}

static void dump_items(FILE *out, const struct ast_item *it, int indent);

static void dump_value(FILE *out, const struct ast_value *v, int indent)
{
	switch (v->kind) {
	case AV_STRING: dump_string(out, v->u.str); break;
	case AV_NUMBER: fprintf(out, "%s", v->u.num.text); break;
	case AV_DURATION: fprintf(out, "(duration %lldms)", (long long)v->u.ms); break;
	case AV_BOOL: fputs(v->u.b ? "true" : "false", out); break;
	case AV_IDENT: fprintf(out, "%s", v->u.str); break;
	case AV_JSONPATH: fprintf(out, "(path %s)", v->u.str); break;
	case AV_ARROW:
		fputs("(-> ", out);
		dump_target(out, v->u.str, v->quoted);
		fputc(')', out);
		break;
	case AV_TYPEDREF:
	case AV_REF:
		fputs(v->kind == AV_REF ? "(ref" : "(typed", out);
		for (size_t i = 0; i < v->u.ref.n; i++)
			fprintf(out, " %s", v->u.ref.parts[i]);
		fputc(')', out);
		break;
	case AV_LIST:
		fputc('[', out);
		for (const struct ast_value *e = v->u.list; e; e = e->next) {
			dump_value(out, e, indent);
			if (e->next)
				fputc(' ', out);
		}
		fputc(']', out);
		break;
	case AV_MAP:
		fputs("{\n", out);
		dump_items(out, v->u.map, indent + 1);
		fprintf(out, "%*s}", indent * 2, "");
		break;
	case AV_CALL:
		fprintf(out, "(%s", v->u.call.name);
		for (const struct ast_value *e = v->u.call.args; e; e = e->next) {
			fputc(' ', out);
			dump_value(out, e, indent);
		}
		fputc(')', out);
		break;
	}
}

static void dump_expr(FILE *out, const struct ast_expr *e)
{
	switch (e->kind) {
	case AE_AND:
	case AE_OR:
		fprintf(out, "(%s ", e->kind == AE_AND ? "and" : "or");
		dump_expr(out, e->l);
		fputc(' ', out);
		dump_expr(out, e->r);
		fputc(')', out);
		break;
	case AE_NOT:
		fputs("(not ", out);
		dump_expr(out, e->l);
		fputc(')', out);
		break;
	case AE_CMP:
	case AE_MATCHES:
		fprintf(out, "(%s ", e->kind == AE_CMP ? ast_cmp_name(e->op) : "matches");
		dump_value(out, e->lhs, 0);
		fputc(' ', out);
		dump_value(out, e->rhs, 0);
		fputc(')', out);
		break;
	case AE_EXISTS:
		fprintf(out, "(%s ", e->rhs->u.str);
		dump_value(out, e->lhs, 0);
		fputc(')', out);
		break;
	}
}

static void dump_items(FILE *out, const struct ast_item *it, int indent)
{
	for (; it; it = it->next) {
		fprintf(out, "%*s", indent * 2, "");
		switch (it->kind) {
		case AI_ATTR:
			for (size_t i = 0; i < it->key.n; i++)
				fprintf(out, "%s%s", i ? "." : "", it->key.parts[i]);
			fputs(" = ", out);
			dump_value(out, it->value, indent);
			break;
		case AI_STMT:
			fprintf(out, "(%s", it->head);
			for (const struct ast_value *w = it->words; w; w = w->next) {
				fputc(' ', out);
				dump_value(out, w, indent);
			}
			if (it->block) {
				fputs(" {\n", out);
				dump_items(out, it->block->items, indent + 1);
				fprintf(out, "%*s}", indent * 2, "");
			}
			fputc(')', out);
			break;
		case AI_GOTO:
			fputs("(-> ", out);
			dump_target(out, it->target, it->target_quoted);
			fputc(')', out);
			break;
		case AI_WHEN:
			fputs("(when ", out);
			dump_expr(out, it->cond);
			fputs(" -> ", out);
			dump_target(out, it->target, it->target_quoted);
			fputc(')', out);
			break;
		}
		fputc('\n', out);
	}
}

void ast_dump(FILE *out, const struct ast_block *top)
{
	dump_items(out, top->items, 0);
}
