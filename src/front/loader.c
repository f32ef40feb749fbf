/* loader.c - parse the main file and every file it imports, once each. */
#include "loader.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "parse.h"

struct loading {
	struct arena *a;
	struct program *prog;
	struct vec seen;   /* canonical paths of files read */
	struct vec stack;  /* canonical paths being read (cycle check) */
};

const char *loader_dir_of(struct arena *a, uint32_t file)
{
	const struct source *s = source_get(file);
	const char *slash = s ? strrchr(s->path, '/') : NULL;
	if (!slash)
		return ".";
	if (slash == s->path)
		return "/";
	return arena_strndup(a, s->path, (size_t)(slash - s->path));
}

static const char *canonical(struct arena *a, const char *path)
{
	char buf[PATH_MAX];
	if (realpath(path, buf))
		return arena_intern(a, buf, strlen(buf));
	return arena_intern(a, path, strlen(path));
}

static bool vec_has(const struct vec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i] == s)
			return true;
	return false;
}

static void load_items(struct loading *L, const struct ast_block *top);

static void load_import(struct loading *L, const struct ast_item *it)
{
	const struct ast_value *w = it->words;
	if (!w || w->kind != AV_STRING || w->next || it->block) {
		diag_error(it->loc, DIAG_BAD_STATEMENT, "import takes one file name in quotes: import \"common.ev\"");
		return;
	}
	const char *rel = w->u.str;
	const char *dir = loader_dir_of(L->a, it->loc.file);
	/* Beside a file in the current folder, the path stays as written, so
	 * that messages name it without a "./" in front. */
	const char *path = rel[0] == '/' || !strcmp(dir, ".") ? rel : arena_printf(L->a, "%s/%s", dir, rel);
	const char *canon = canonical(L->a, path);
	if (vec_has(&L->stack, canon)) {
		diag_error(w->loc, DIAG_IMPORT_CYCLE, "import cycle: '%s' is already being read; it imports "
			   "this file, directly or through others", rel);
		return;
	}
	if (vec_has(&L->seen, canon))
		return; /* a diamond: each file is read once */
	const char *err = NULL;
	uint32_t file = source_load(path, &err);
	if (!file) {
		diag_error(w->loc, DIAG_IMPORT, "cannot read '%s': %s", rel, err);
		return;
	}
	vec_push(L->a, &L->seen, (void *)canon);
	vec_push(L->a, &L->stack, (void *)canon);
	load_items(L, parse_file(L->a, L->prog->nodes, file));
	L->stack.n--;
}

static void load_items(struct loading *L, const struct ast_block *top)
{
	for (const struct ast_item *it = top->items; it; it = it->next) {
		if (it->kind == AI_STMT && strcmp(it->head, "import") == 0)
			load_import(L, it);
		else
			vec_push(L->a, &L->prog->items, (void *)it);
	}
}

bool loader_load(struct arena *a, const char *path, struct program *prog, const char **err)
{
	memset(prog, 0, sizeof *prog);
	uint32_t file = source_load(path, err);
	if (!file)
		return false;
	prog->main_file = file;
	prog->main_path = source_get(file)->path;
	prog->base_dir = loader_dir_of(a, file);
	prog->nodes = arena_new();
	arena_attach(a, prog->nodes);
	struct loading L = { .a = a, .prog = prog };
	const char *canon = canonical(a, path);
	vec_push(a, &L.seen, (void *)canon);
	vec_push(a, &L.stack, (void *)canon);
	struct ast_block *top = parse_file(a, prog->nodes, file);
	if (!top->items && diag_error_count() == 0) {
		struct loc l = { file, 0, 0 };
		diag_error(l, DIAG_EMPTY, "empty pattern: no blocks in '%s'", prog->main_path);
	}
	load_items(&L, top);
	return true;
}

void loader_release_tree(struct program *prog)
{
	if (prog->nodes)
		arena_reset(prog->nodes); /* freed for good with the loader's arena */
	memset(&prog->items, 0, sizeof prog->items);
}
