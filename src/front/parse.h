/* parse.h - the state shared by the scanner (grammar/lexer.l) and the
 * parser (grammar/parser.y), and the entry point that parses one file. */
#ifndef EVENTC_PARSE_H
#define EVENTC_PARSE_H

#include <stdbool.h>

#include "arena.h"
#include "ast.h"

#define PARSE_MAX_DEPTH 100

struct parse_ctx {
	struct arena *arena;      /* the texts: interned names, strings' contents */
	struct arena *nodes;      /* the tree's nodes, which may be let go before the texts */
	uint32_t file;
	const char *text;
	size_t len;
	uint32_t off;             /* scanner position, bytes */
	unsigned depth;           /* open brackets of any kind */
	unsigned paren_depth;     /* open ( and [: newlines are not separators */
	struct loc open[PARSE_MAX_DEPTH + 1]; /* where each open bracket is */
	char open_ch[PARSE_MAX_DEPTH + 1];
	bool stray_closer;        /* the last closing bracket matched no opener */
	bool fatal;               /* the scanner gave up; no more syntax errors */
	unsigned syntax_errors;
	struct ast_block *result;
	void *scanner;
};

/* Parses source FILE into a tree whose nodes are in NODES and texts in
 * TEXTS (the same arena, or one that outlives it). Errors go to diag;
 * returns the (possibly partial) top block, never NULL. */
struct ast_block *parse_file(struct arena *texts, struct arena *nodes, uint32_t file);



/* grammar/lexer.l */
void *lexer_start(struct parse_ctx *ctx);
void lexer_stop(void *scanner);
/* grammar/parser.y */
int ev_parse(void *scanner, struct parse_ctx *ctx);
#endif
