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
	/* The tree's nodes, in an arena of their own (a child of the
	 * loader's, which holds every text of the tree): the models take
	 * the texts, not the nodes, so a build lets the nodes go once its
	 * models are made (loader_release_tree). */
	struct arena *nodes;
	bool release_early; /* plan_pattern lets the tree go once it has the models (cli.h) */
};

/* Returns false on an I/O error on the main file (message in *err);
 * problems inside files, imports among them, go to diag. */
bool loader_load(struct arena *a, const char *path, struct program *prog, const char **err);
/* Frees PROG's nodes (its items are gone with them); its texts stay. */
void loader_release_tree(struct program *prog);
/* Folder of the file that holds LOC, for paths relative to it. */
const char *loader_dir_of(struct arena *a, uint32_t file);

#endif
