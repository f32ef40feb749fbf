/* parser.y - the eventc grammar. It is generic on purpose: a file is a
 * body of items; an item is an attribute (`key = value`), a statement
 * (`head word ... [{ body }]`), a transition (`-> name`) or a choice arm
 * (`when COND -> name`). sema.c decides what each block may hold, so that
 * unknown words get "did you mean" errors instead of bare syntax errors. */
%define api.pure full
%define api.prefix {ev_}
%define api.location.type {struct loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {void *scanner}
%parse-param {struct parse_ctx *ctx}

%code requires {
#include "ast.h"
#include "parse.h"
#include "source.h"
}

%code provides {
int ev_lex(EV_STYPE *yylval, EV_LTYPE *yylloc, void *scanner);
}

%code {
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
	do {                                                          \
		if (N) {                                              \
			(Cur).file = YYRHSLOC(Rhs, 1).file;           \
			(Cur).start = YYRHSLOC(Rhs, 1).start;         \
			(Cur).end = YYRHSLOC(Rhs, N).end;             \
		} else {                                              \
			(Cur).file = YYRHSLOC(Rhs, 0).file;           \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; \
		}                                                     \
	} while (0)

#define YYMAXDEPTH 20000

/* A quoted state name (`-> "Check Stock"`) is compared by pointer with the
 * names of states, as words are: it is interned like them. */
#define INTERN(str) arena_intern(ctx->arena, (str), strlen(str))

static void ev_error(struct loc *loc, void *scanner, struct parse_ctx *ctx, const char *msg);
static struct ast_item *new_item(struct parse_ctx *ctx, enum ast_ikind kind, struct loc loc);
static struct ast_value *new_value(struct parse_ctx *ctx, enum ast_vkind kind, struct loc loc);
static struct ast_path path_append(struct parse_ctx *ctx, struct ast_path p, const char *part, struct loc loc);
static struct ast_expr *new_expr(struct parse_ctx *ctx, enum ast_ekind kind, struct loc loc);
static struct ast_expr *new_cmp(struct parse_ctx *ctx, struct loc loc, struct ast_value *l, enum ast_cmp op, struct ast_value *r);

#define LIST_APPEND(out, in, node)                         \
	do {                                               \
		(out) = (in);                              \
		if (node) {                                \
			if ((out).last)                    \
				(out).last->next = (node); \
			else                               \
				(out).first = (node);      \
			(out).last = (node);               \
		}                                          \
	} while (0)
}

%initial-action {
	@$.file = ctx->file;
	@$.start = @$.end = 0;
}

%union {
	const char *str;
	bool b;
	int64_t ms;
	struct { double val; bool is_int; long long ival; const char *text; } num;
	struct ast_path path;
	struct ast_value *value;
	struct ast_item *item;
	struct ast_block *block;
	struct ast_expr *expr;
	struct { struct ast_item *first, *last; } items;
	struct { struct ast_value *first, *last; } values;
	enum ast_cmp cmp;
}

%token <str> IDENT "name"
%token <str> KIND "component kind"
%token <str> STRING "string"
%token <num> NUMBER "number"
%token <ms> DURATION "duration"
%token <b> BOOL "boolean"
%token <str> JSONPATH "JSONPath"
%token ARROW "'->'"
%token EQEQ "'=='" NEQ "'!='" LE "'<='" GE "'>='" LT "'<'" GT "'>'"
%token WHEN "'when'" AND "'and'" OR "'or'" NOT "'not'" MATCHES "'matches'"
%token NL "end of line"

%type <items> body body_end mapbody
%type <item> closed_item open_item mapentry
%type <block> block
%type <path> path refpath
%type <value> value word
%type <values> words values opt_values
%type <expr> cond
%type <value> operand
%type <cmp> cmpop
%type <str> name

/* `notify = topic ops-alerts`: after `= topic`, a name on the same line is
 * the component's name (shift), not the head of the next item (reduce). */
%precedence KINDNAME
%precedence IDENT
%left OR
%left AND
%precedence NOT

%%

file
	: body_end		{ ctx->result = arena_alloc(ctx->nodes, sizeof *ctx->result);
				  ctx->result->loc = @$;
				  ctx->result->items = $1.first; }
	;

/* A statement without a block (and a transition or choice arm) ends at a
 * separator, at '}' or at the end of the file; attributes and blocks may be
 * followed by the next item on the same line: `a = 1 b = 2`. */
body
	: %empty		{ $$.first = $$.last = NULL; }
	| body sep		{ $$ = $1; }
	| body closed_item	{ LIST_APPEND($$, $1, $2); }
	| body open_item sep	{ LIST_APPEND($$, $1, $2); }
	| body error sep	{ $$ = $1; yyerrok; }
	;

body_end
	: body			{ $$ = $1; }
	| body open_item	{ LIST_APPEND($$, $1, $2); }
	;

sep
	: NL
	| ','
	;

closed_item
	: path '=' value	{ $$ = new_item(ctx, AI_ATTR, @$); $$->key = $1; $$->value = $3; }
	| name words block	{ $$ = new_item(ctx, AI_STMT, @$); $$->head = $1; $$->head_loc = @1;
				  $$->words = $2.first; $$->block = $3; }
	;

open_item
	: name words		{ $$ = new_item(ctx, AI_STMT, @$); $$->head = $1; $$->head_loc = @1;
				  $$->words = $2.first; }
	| ARROW name		{ $$ = new_item(ctx, AI_GOTO, @$); $$->target = $2; $$->target_loc = @2; }
	| ARROW STRING		{ $$ = new_item(ctx, AI_GOTO, @$); $$->target = INTERN($2); $$->target_loc = @2;
				  $$->target_quoted = true; }
	| WHEN cond ARROW name	{ $$ = new_item(ctx, AI_WHEN, @$); $$->cond = $2;
				  $$->target = $4; $$->target_loc = @4; }
	| WHEN cond ARROW STRING { $$ = new_item(ctx, AI_WHEN, @$); $$->cond = $2;
				  $$->target = INTERN($4); $$->target_loc = @4; $$->target_quoted = true; }
	;

block
	: '{' body_end '}'	{ $$ = arena_alloc(ctx->nodes, sizeof *$$); $$->loc = @$; $$->items = $2.first; }
	| '{' body error '}'	{ $$ = arena_alloc(ctx->nodes, sizeof *$$); $$->loc = @$; $$->items = $2.first; yyerrok; }
	;

name
	: IDENT			{ $$ = $1; }
	| KIND %prec KINDNAME	{ $$ = $1; }
	;

path
	: name			{ memset(&$$, 0, sizeof $$); $$ = path_append(ctx, $$, $1, @1); }
	| path '.' name		{ $$ = path_append(ctx, $1, $3, @3); }
	;

words
	: %empty		{ $$.first = $$.last = NULL; }
	| words word		{ LIST_APPEND($$, $1, $2); }
	;

word
	: name			{ $$ = new_value(ctx, AV_IDENT, @$); $$->u.str = $1; }
	| name '(' opt_values ')' { $$ = new_value(ctx, AV_CALL, @$); $$->u.call.name = $1; $$->u.call.args = $3.first; }
	| STRING		{ $$ = new_value(ctx, AV_STRING, @$); $$->u.str = $1; }
	| NUMBER		{ $$ = new_value(ctx, AV_NUMBER, @$); $$->u.num.val = $1.val; $$->u.num.is_int = $1.is_int;
				  $$->u.num.ival = $1.ival; $$->u.num.text = $1.text; }
	| DURATION		{ $$ = new_value(ctx, AV_DURATION, @$); $$->u.ms = $1; }
	| BOOL			{ $$ = new_value(ctx, AV_BOOL, @$); $$->u.b = $1; }
	| JSONPATH		{ $$ = new_value(ctx, AV_JSONPATH, @$); $$->u.str = $1; }
	| '[' opt_values ']'	{ $$ = new_value(ctx, AV_LIST, @$); $$->u.list = $2.first; }
	| ARROW name		{ $$ = new_value(ctx, AV_ARROW, @$); $$->u.str = $2; }
	| ARROW STRING		{ $$ = new_value(ctx, AV_ARROW, @$); $$->u.str = INTERN($2); $$->quoted = true; }
	| refpath		{ $$ = new_value(ctx, AV_REF, @$); $$->u.ref = $1; }
	;

/* a reference among a statement's words: subscribe email env.ops_email */
refpath
	: name '.' name		{ memset(&$$, 0, sizeof $$); $$ = path_append(ctx, $$, $1, @1);
				  $$ = path_append(ctx, $$, $3, @3); }
	| refpath '.' name	{ $$ = path_append(ctx, $1, $3, @3); }
	;

value
	: STRING		{ $$ = new_value(ctx, AV_STRING, @$); $$->u.str = $1; }
	| NUMBER		{ $$ = new_value(ctx, AV_NUMBER, @$); $$->u.num.val = $1.val; $$->u.num.is_int = $1.is_int;
				  $$->u.num.ival = $1.ival; $$->u.num.text = $1.text; }
	| DURATION		{ $$ = new_value(ctx, AV_DURATION, @$); $$->u.ms = $1; }
	| BOOL			{ $$ = new_value(ctx, AV_BOOL, @$); $$->u.b = $1; }
	| JSONPATH		{ $$ = new_value(ctx, AV_JSONPATH, @$); $$->u.str = $1; }
	| path			{ if ($1.n == 1) { $$ = new_value(ctx, AV_IDENT, @$); $$->u.str = $1.parts[0]; }
				  else { $$ = new_value(ctx, AV_REF, @$); $$->u.ref = $1; } }
	| KIND IDENT		{ $$ = new_value(ctx, AV_TYPEDREF, @$); memset(&$$->u.ref, 0, sizeof $$->u.ref);
				  $$->u.ref = path_append(ctx, $$->u.ref, $1, @1);
				  $$->u.ref = path_append(ctx, $$->u.ref, $2, @2); }
	| name '(' opt_values ')' { $$ = new_value(ctx, AV_CALL, @$); $$->u.call.name = $1; $$->u.call.args = $3.first; }
	| '[' opt_values ']'	{ $$ = new_value(ctx, AV_LIST, @$); $$->u.list = $2.first; }
	| '{' mapbody '}'	{ $$ = new_value(ctx, AV_MAP, @$); $$->u.map = $2.first; }
	;

opt_values
	: %empty		{ $$.first = $$.last = NULL; }
	| values		{ $$ = $1; }
	| values ','		{ $$ = $1; }
	;

values
	: value			{ $$.first = $$.last = NULL; LIST_APPEND($$, $$, $1); }
	| values ',' value	{ LIST_APPEND($$, $1, $3); }
	;

mapbody
	: %empty		{ $$.first = $$.last = NULL; }
	| mapbody sep		{ $$ = $1; }
	| mapbody mapentry	{ LIST_APPEND($$, $1, $2); }
	;

mapentry
	: path '=' value	{ $$ = new_item(ctx, AI_ATTR, @$); $$->key = $1; $$->value = $3; }
	| STRING '=' value	{ $$ = new_item(ctx, AI_ATTR, @$); memset(&$$->key, 0, sizeof $$->key);
				  $$->key = path_append(ctx, $$->key, arena_intern(ctx->arena, $1, strlen($1)), @1);
				  $$->value = $3; }
	;

cond
	: cond OR cond		{ $$ = new_expr(ctx, AE_OR, @$); $$->l = $1; $$->r = $3; }
	| cond AND cond		{ $$ = new_expr(ctx, AE_AND, @$); $$->l = $1; $$->r = $3; }
	| NOT cond		{ $$ = new_expr(ctx, AE_NOT, @$); $$->l = $2; }
	| '(' cond ')'		{ $$ = $2; }
	| operand cmpop operand	{ $$ = new_cmp(ctx, @$, $1, $2, $3); }
	| operand MATCHES STRING { struct ast_value *v = new_value(ctx, AV_STRING, @3); v->u.str = $3;
				  $$ = new_expr(ctx, AE_MATCHES, @$); $$->lhs = $1; $$->rhs = v; }
	| name '(' JSONPATH ')' { struct ast_value *v = new_value(ctx, AV_JSONPATH, @3); v->u.str = $3;
				  $$ = new_expr(ctx, AE_EXISTS, @$); $$->lhs = v;
				  $$->rhs = new_value(ctx, AV_IDENT, @1); $$->rhs->u.str = $1; }
	;

operand
	: JSONPATH		{ $$ = new_value(ctx, AV_JSONPATH, @$); $$->u.str = $1; }
	| STRING		{ $$ = new_value(ctx, AV_STRING, @$); $$->u.str = $1; }
	| NUMBER		{ $$ = new_value(ctx, AV_NUMBER, @$); $$->u.num.val = $1.val; $$->u.num.is_int = $1.is_int;
				  $$->u.num.ival = $1.ival; $$->u.num.text = $1.text; }
	| BOOL			{ $$ = new_value(ctx, AV_BOOL, @$); $$->u.b = $1; }
	| name			{ $$ = new_value(ctx, AV_IDENT, @$); $$->u.str = $1; }
	;

cmpop
	: EQEQ			{ $$ = CMP_EQ; }
	| NEQ			{ $$ = CMP_NE; }
	| LT			{ $$ = CMP_LT; }
	| LE			{ $$ = CMP_LE; }
	| GT			{ $$ = CMP_GT; }
	| GE			{ $$ = CMP_GE; }
	;

%%

static struct ast_item *new_item(struct parse_ctx *ctx, enum ast_ikind kind, struct loc loc)
{
	struct ast_item *it = arena_alloc(ctx->nodes, sizeof *it);
	it->kind = kind;
	it->loc = loc;
	return it;
}

static struct ast_value *new_value(struct parse_ctx *ctx, enum ast_vkind kind, struct loc loc)
{
	struct ast_value *v = arena_alloc(ctx->nodes, sizeof *v);
	v->kind = kind;
	v->loc = loc;
	return v;
}

static struct ast_path path_append(struct parse_ctx *ctx, struct ast_path p, const char *part, struct loc loc)
{
	const char **parts = arena_alloc(ctx->nodes, (p.n + 1) * sizeof *parts);
	struct loc *locs = arena_alloc(ctx->nodes, (p.n + 1) * sizeof *locs);
	for (size_t i = 0; i < p.n; i++) {
		parts[i] = p.parts[i];
		locs[i] = p.locs[i];
	}
	parts[p.n] = part;
	locs[p.n] = loc;
	p.parts = parts;
	p.locs = locs;
	p.n++;
	return p;
}

static struct ast_expr *new_expr(struct parse_ctx *ctx, enum ast_ekind kind, struct loc loc)
{
	struct ast_expr *e = arena_alloc(ctx->nodes, sizeof *e);
	e->kind = kind;
	e->loc = loc;
	return e;
}

static struct ast_expr *new_cmp(struct parse_ctx *ctx, struct loc loc, struct ast_value *l, enum ast_cmp op, struct ast_value *r)
{
	struct ast_expr *e = new_expr(ctx, AE_CMP, loc);
	e->lhs = l;
	e->op = op;
	e->rhs = r;
	return e;
}

static void ev_error(struct loc *loc, void *scanner, struct parse_ctx *ctx, const char *msg)
{
	(void)scanner;
	if (!ctx->fatal)
		diag_error(*loc, DIAG_SYNTAX, "%s", msg);
}

/* The offending token as the user wrote it, quoted and shortened. */
static const char *token_text(struct parse_ctx *ctx, yysymbol_kind_t tok, struct loc loc, char *buf, size_t size)
{
	if (tok == YYSYMBOL_YYEOF)
		return "end of file";
	if (tok == YYSYMBOL_NL)
		return "end of line";
	size_t n = loc.end > loc.start ? loc.end - loc.start : 0;
	if (n == 0 || loc.end > ctx->len)
		return yysymbol_name(tok);
	if (n > 40)
		n = 40;
	snprintf(buf, size, "'%.*s%s'", (int)n, ctx->text + loc.start, loc.end - loc.start > 40 ? "..." : "");
	return buf;
}

static bool starts_value(yysymbol_kind_t k)
{
	const char *n = yysymbol_name(k);
	return k == YYSYMBOL_STRING || k == YYSYMBOL_NUMBER || k == YYSYMBOL_DURATION ||
	       k == YYSYMBOL_BOOL || k == YYSYMBOL_JSONPATH ||
	       strcmp(n, "'['") == 0 || strcmp(n, "'{'") == 0;
}

/* Expected tokens as words a user knows: the many tokens that can start a
 * value are "a value", names and kinds are "a name". */
static int describe_expected(const yysymbol_kind_t *exp, int n, const char **want)
{
	int values = 0, nwant = 0;
	for (int i = 0; i < n; i++)
		values += starts_value(exp[i]);
	bool said_value = false, said_name = false;
	for (int i = 0; i < n; i++) {
		yysymbol_kind_t k = exp[i];
		bool is_name = k == YYSYMBOL_IDENT || k == YYSYMBOL_KIND;
		if (values >= 3 && (starts_value(k) || is_name)) {
			if (!said_value)
				want[nwant++] = "a value";
			said_value = true;
		} else if (is_name) {
			if (!said_name)
				want[nwant++] = "a name";
			said_name = true;
		} else {
			want[nwant++] = yysymbol_name(k);
		}
	}
	return nwant;
}

/* The end of the file as a place to point at: just after its last
 * visible character, so the message shows that line rather than an empty
 * one past the final newline. */
static struct loc eof_loc(const struct parse_ctx *ctx)
{
	uint32_t end = (uint32_t)ctx->len;
	while (end > 0 && strchr(" \t\r\n", ctx->text[end - 1]))
		end--;
	struct loc l = { ctx->file, end, end };
	return l;
}

/* For a closing bracket token, the opening bracket it closes; else 0. */
static char closer_of(yysymbol_kind_t tok)
{
	const char *n = yysymbol_name(tok);
	return !strcmp(n, "'}'") ? '{' : !strcmp(n, "']'") ? '[' : !strcmp(n, "')'") ? '(' : 0;
}

/* Whether an OPENER is open below the innermost bracket. */
static bool encloses(const struct parse_ctx *ctx, char opener)
{
	for (unsigned k = ctx->depth - 1; k-- > 0;)
		if (ctx->open_ch[k] == opener)
			return true;
	return false;
}

static bool ref_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-' || c == '.';
}

/* A '.' right after a word: a dotted reference (env.x, table.t.stream_arn)
 * where only a statement's words can stand, which a reference cannot be. */
static bool report_dotted_word(struct parse_ctx *ctx, struct loc loc)
{
	uint32_t start = loc.start, end = loc.end;
	if (start == 0 || !ref_char(ctx->text[start - 1]) || ctx->text[start - 1] == '.')
		return false;
	while (start > 0 && ref_char(ctx->text[start - 1]))
		start--;
	while (end < ctx->len && ref_char(ctx->text[end]))
		end++;
	struct loc ref = { ctx->file, start, end };
	int n = (int)(end - start);
	diag_error(ref, DIAG_SYNTAX, "unexpected '.': '%.*s' is a reference, which an attribute's value can be "
		   "(NAME = %.*s) but a statement's words cannot", n, ctx->text + start, n, ctx->text + start);
	diag_note(ref, "a statement's words are names, strings, numbers, durations and lists: name the "
		  "component (consume order-buffer, writes table order-state) or write the value "
		  "(subscribe email \"ops@example.com\")");
	return true;
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, struct parse_ctx *ctx)
{
	(void)scanner;
	if (ctx->fatal)
		return 0;
	ctx->syntax_errors++;
	yysymbol_kind_t tok = yypcontext_token(yyctx);
	struct loc loc = *yypcontext_location(yyctx);
	if (tok == YYSYMBOL_YYEOF && ctx->depth > 0) {
		struct loc open = ctx->open[ctx->depth - 1];
		loc = eof_loc(ctx);
		diag_error(loc, DIAG_UNCLOSED, "unexpected end of file: '%c' is not closed",
			   ctx->open_ch[ctx->depth - 1]);
		diag_note(open, "opened here");
		return 0;
	}
	if (!strcmp(yysymbol_name(tok), "'.'") && report_dotted_word(ctx, loc))
		return 0;
	enum { MAXEXP = 40 };
	yysymbol_kind_t expected[MAXEXP];
	int n = yypcontext_expected_tokens(yyctx, expected, MAXEXP);
	char tbuf[64];
	char msg[512];
	int len = snprintf(msg, sizeof msg, "unexpected %s", token_text(ctx, tok, loc, tbuf, sizeof tbuf));
	const char *want[MAXEXP];
	int nwant = n > 0 ? describe_expected(expected, n, want) : 0;
	if (nwant > 0 && nwant <= 5) {
		for (int i = 0; i < nwant; i++)
			len += snprintf(msg + len, sizeof msg - (size_t)len, "%s%s",
					i == 0 ? ", expected " : i == nwant - 1 ? " or " : ", ", want[i]);
	}
	if (tok == YYSYMBOL_YYEOF)
		loc = eof_loc(ctx);
	/* A closing bracket that the scanner could not match is stray, or
	 * closes something while an inner bracket is still open. */
	bool stray = closer_of(tok) && ctx->stray_closer;
	if (stray && ctx->depth == 0 && (size_t)len < sizeof msg)
		snprintf(msg + len, sizeof msg - (size_t)len, ": no block or bracket is open");
	diag_error(loc, DIAG_SYNTAX, "%s", msg);
	if (stray && ctx->depth > 0 && encloses(ctx, closer_of(tok)))
		diag_note(ctx->open[ctx->depth - 1], "'%c' opened here is not closed", ctx->open_ch[ctx->depth - 1]);
	return 0;
}
