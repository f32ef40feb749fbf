/* parse.c - parse one source file into an AST. */
#include "parse.h"

#include <string.h>

#include "diag.h"

static struct ast_block *empty_block(struct arena *arena, uint32_t file)
{
	struct ast_block *b = arena_alloc(arena, sizeof *b);
	b->loc.file = file;
	return b;
}

/* Text that is not UTF-8 is refused before the scanner sees it: offsets
 * and columns would be meaningless. */
static bool check_encoding(uint32_t file)
{
	bool is_nul = false;
	long bad = source_find_invalid(file, &is_nul);
	if (bad < 0)
		return true;
	struct loc l = { file, (uint32_t)bad, (uint32_t)bad + 1 };
	if (is_nul)
		diag_error(l, DIAG_NUL, "NUL byte in the input; is this a binary file?");
	else
		diag_error(l, DIAG_UTF8, "invalid UTF-8 byte 0x%02X",
			   (unsigned char)source_get(file)->text[bad]);
	return false;
}

struct ast_block *parse_file(struct arena *texts, struct arena *nodes, uint32_t file)
{
	const struct source *src = source_get(file);
	if (!check_encoding(file))
		return empty_block(nodes, file);
	if (src->len > 0xFFFFFFF0u) {
		diag_error((struct loc){ file, 0, 0 }, DIAG_RANGE, "file is too large");
		return empty_block(nodes, file);
	}
	struct parse_ctx ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.arena = texts;
	ctx.nodes = nodes;
	ctx.file = file;
	ctx.text = src->text;
	ctx.len = src->len;
	ctx.scanner = lexer_start(&ctx);
	if (!ctx.scanner) {
		diag_error((struct loc){ file, 0, 0 }, DIAG_RANGE, "cannot start the scanner");
		return empty_block(nodes, file);
	}
	ev_parse(ctx.scanner, &ctx);
	lexer_stop(ctx.scanner);
	return ctx.result ? ctx.result : empty_block(nodes, file);
}
