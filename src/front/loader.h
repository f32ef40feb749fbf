/* loader.h - read a pattern's files: the main file and its imports. */
#ifndef EVENTC_LOADER_H
#define EVENTC_LOADER_H

#include "arena.h"
#include "ast.h"

/* The top-level items of every file, imports expanded in place, in order. */
struct program {
	struct vec items;        /* const struct ast_item * */
	const char *main_path;
	const char *base_dir;    /* folder of the main file */
	uint32_t main_file;
};

/* Returns false on an I/O error on the main file (message in *err);
 * problems inside files, imports among them, go to diag. */
bool loader_load(struct arena *a, const char *path, struct program *prog, const char **err);
/* Folder of the file that holds LOC, for paths relative to it. */
const char *loader_dir_of(struct arena *a, uint32_t file);

#endif
