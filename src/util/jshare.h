/* jshare.h - shared JSON strings: one jansson string per distinct text
 * of a tree that is built once and then only read. */
#ifndef EVENTC_JSHARE_H
#define EVENTC_JSHARE_H

#include <jansson.h>

/* A template repeats few texts many times (a resource type, "Allow",
 * "Arn", a key's logical ID: 11,000 distinct of 89,000 strings in one
 * environment of 300 chains). Each jansson string is two allocations
 * and a UTF-8 check; a shared one is a hash lookup and a reference. */
struct jshare;

struct jshare *jshare_new(void);
/* A new reference to the one string of text S (NULL when S is NULL or
 * not UTF-8, as json_string gives). Nothing may change it: it may be in
 * many places of the tree. */
json_t *jshare_string(struct jshare *j, const char *s);
/* Drops the table's own references; the strings live on in the trees
 * that hold them. */
void jshare_free(struct jshare *j);

#endif
