/* output.h - the files of a build, held in memory until every one is made,
 * then written each to a temporary file and renamed into place. Nothing
 * is written when the build has errors. */
#ifndef EVENTC_OUTPUT_H
#define EVENTC_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>

#include "arena.h"

struct outset {
	struct arena *a;
	struct vec files; /* struct outfile * */
};

void outset_init(struct outset *o, struct arena *a);
/* PATH relative to the output folder; TEXT is copied. */
void outset_add(struct outset *o, const char *path, const char *text, size_t len);
/* JSON with two-space indent and a final newline; J is not consumed. */
bool outset_add_json(struct outset *o, const char *path, const json_t *j);
/* Writes every file below DIR. Returns false (after a message on stderr)
 * on an I/O error. */
bool outset_commit(const struct outset *o, const char *dir);
size_t outset_count(const struct outset *o);
/* The path and the text of file I, in the order added. */
const char *outset_path(const struct outset *o, size_t i);
const char *outset_text(const struct outset *o, size_t i);

#endif
