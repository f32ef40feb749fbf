/* ast.h - the parse tree. The grammar is deliberately generic (blocks of
 * attributes and statements, like HCL); sema.c gives it meaning. Every node
 * carries its location. All nodes live in the run's arena. */
#ifndef EVENTC_AST_H
#define EVENTC_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "source.h"

enum ast_vkind {
	AV_STRING,   /* "text" (escapes decoded) */
	AV_NUMBER,   /* 42, 2.5, -1 */
	AV_DURATION, /* 30s, 500ms */
	AV_BOOL,     /* true, false */
	AV_IDENT,    /* a bare word: active, standard, order-buffer */
	AV_REF,      /* a dotted path: env.log_level, table.order-state.name */
	AV_TYPEDREF, /* a kind and a name: topic ops-alerts */
	AV_JSONPATH, /* $, $.a.b, $.items[0], $$.Execution.Id */
	AV_LIST,     /* [ v, ... ] */
	AV_MAP,      /* { k = v, ... } */
	AV_CALL,     /* enum("a", "b") */
	AV_ARROW,    /* -> name (only among statement words) */
};

struct ast_value;
struct ast_item;

struct ast_path {
	const char **parts; /* interned */
	struct loc *locs;
	size_t n;
};

struct ast_value {
	enum ast_vkind kind;
	struct loc loc;
	struct ast_value *next; /* in a list, argument list or word list */
	bool quoted;            /* ARROW: the target was written as a string */
	union {
		const char *str; /* STRING, IDENT, JSONPATH, ARROW target */
		struct {
			double val;
			bool is_int;
			long long ival;
			const char *text;
		} num;
		int64_t ms; /* DURATION, in milliseconds */
		bool b;
		struct ast_path ref;
		struct ast_value *list; /* LIST: first element */
		struct ast_item *map;   /* MAP: first entry (attributes) */
		struct {
			const char *name;
			struct ast_value *args;
		} call;
	} u;
};

enum ast_ikind {
	AI_ATTR, /* key = value */
	AI_STMT, /* head word word ... [{ block }] */
	AI_GOTO, /* -> name */
	AI_WHEN, /* when COND -> name */
};

enum ast_ekind { AE_AND, AE_OR, AE_NOT, AE_CMP, AE_MATCHES, AE_EXISTS };
enum ast_cmp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

struct ast_expr {
	enum ast_ekind kind;
	struct loc loc;
	enum ast_cmp op;
	struct ast_expr *l, *r;          /* AND, OR, NOT (l) */
	struct ast_value *lhs, *rhs;     /* CMP, MATCHES, EXISTS (lhs) */
};

struct ast_block {
	struct loc loc;
	struct ast_item *items;
};

struct ast_item {
	enum ast_ikind kind;
	struct loc loc;
	struct ast_item *next;
	/* ATTR */
	struct ast_path key;
	struct ast_value *value;
	/* STMT */
	const char *head;
	struct loc head_loc;
	struct ast_value *words;
	struct ast_block *block; /* NULL when the statement has none */
	/* GOTO, WHEN */
	const char *target;
	struct loc target_loc;
	bool target_quoted;      /* -> "Check Stock" */
	struct ast_expr *cond;
};

/* The parse of one file. */
struct ast_file {
	uint32_t source;
	struct ast_block *top;
};

const char *ast_vkind_name(enum ast_vkind k);
const char *ast_cmp_name(enum ast_cmp op);
/* `key.path` as one string, for messages. */
const char *ast_path_string(struct arena *a, const struct ast_path *p);
/* A readable S-expression dump, for grammar tests. */
void ast_dump(FILE *out, const struct ast_block *top);

#endif
