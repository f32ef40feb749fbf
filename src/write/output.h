/* output.h - the files of a build: written as they are made to a staging
 * folder inside the output folder (or held in memory, to compare with a
 * folder), and renamed into place only when every one is made. Nothing
 * is written when the build has errors. */
#ifndef EVENTC_OUTPUT_H
#define EVENTC_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "arena.h"

struct outset {
	struct arena *a;
	struct vec files; /* struct outfile * */
	const char *targets; /* what the build covers: "all", or names joined by commas */
	const char *envs;
	struct stage *stage; /* outset_stream's staging folder; NULL: files are held in memory */
	bool part;           /* outset_part's: joins its set when made */
};

/* The manifest a build writes in its output folder: the files it wrote
 * and what the build covered, so that a later build removes the files the
 * pattern no longer produces and never one it did not write. */
#define OUTSET_MANIFEST ".eventc-manifest"

void outset_init(struct outset *o, struct arena *a);
/* PATH relative to the output folder; TEXT is copied. */
void outset_add(struct outset *o, const char *path, const char *text, size_t len);
/* A file added a part at a time, so that its text is never held whole
 * when the set is streamed: each part is written as it comes (in a held
 * set, the parts are joined). It is added, in the set's order, when it
 * ends. */
struct outpart;
struct outpart *outset_begin(struct outset *o, const char *path);
/* TEXT is copied or written. */
void outset_append(struct outpart *w, const char *text, size_t len);
/* The file is whole: added to the set, and W freed. */
void outset_end(struct outpart *w);
/* JSON with two-space indent and a final newline; J is not consumed. */
bool outset_add_json(struct outset *o, const char *path, const json_t *j);
/* TEXT, from json_text (freed here), and a final newline. */
bool outset_add_dumped(struct outset *o, const char *path, char *text);
/* What the build covers: TARGETS and ENVS are "all" (the default) or
 * names joined by commas. A build removes what an earlier one wrote only
 * when it covers all that the earlier one did. */
void outset_scope(struct outset *o, const char *targets, const char *envs);
/* From now on, each file added is written at once to a staging folder in
 * DIR (made when missing) and its text is not kept: a build's memory
 * need not hold its outputs. False (after a message on stderr) when the
 * folder cannot be made. A failure to write a file added later is said
 * when it happens and makes outset_commit fail. */
bool outset_stream(struct outset *o, const char *dir);
/* PART, empty, for files made by job JOB beside other jobs: in A (which
 * must last as long as WHOLE), written to WHOLE's staging folder under
 * names of its own when WHOLE streams, held when it holds. Nothing in
 * WHOLE changes until outset_join, so that parts can be made at once in
 * threads of their own; a write failure is said when the part joins. */
void outset_part(struct outset *part, const struct outset *whole, struct arena *a, unsigned job);
/* PART's files join WHOLE after those already in it: joined in the same
 * order, the set is the same whichever part was made first. */
void outset_join(struct outset *whole, struct outset *part);
/* Renames every file and the manifest into place below DIR (staging them
 * first when they are held), then removes the files that DIR's manifest
 * lists and this build no longer writes. Returns false (after a message
 * on stderr) on an I/O error, and then DIR is as it was. */
bool outset_commit(struct outset *o, const char *dir);
/* Removes the staging folder and what outset_stream made, when the build
 * fails after it; nothing when there is none or it was committed. */
void outset_discard(struct outset *o);
/* For a held set (no outset_stream). Writes nothing: prints to REPORT each file of DIR that is missing,
 * stale or extra (one the build would remove) against what outset_commit
 * would make of it. Returns how many, or -1 on an I/O error. */
long outset_check(const struct outset *o, const char *dir, FILE *report);
size_t outset_count(const struct outset *o);
/* The path and the text of file I, in the order added (the text: NULL
 * once streamed). */
const char *outset_path(const struct outset *o, size_t i);
const char *outset_text(const struct outset *o, size_t i);

#endif
