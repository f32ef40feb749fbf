/* jshare.h - shared JSON values: one jansson value per distinct string,
 * integer and container of a tree that is built once and then only read
 * (hash-consing). */
#ifndef EVENTC_JSHARE_H
#define EVENTC_JSHARE_H

#include <jansson.h>

/* A template repeats few texts and few shapes many times: a resource type,
 * "Allow", a key's logical ID, the statement that denies insecure
 * transport, an alarm's dimensions (11,000 distinct texts of 89,000
 * strings, 35,000 distinct containers of 95,000, in one environment of
 * 300 chains). Each jansson value is one or more allocations, freed one by
 * one; a shared one is a hash lookup and a reference. Nothing may change
 * a value the table handed out: it may be in many places of the tree. */
struct jshare;

struct jshare *jshare_new(void);
/* A new reference to the one string of text S (NULL when S is NULL or
 * not UTF-8, as json_string gives). */
json_t *jshare_string(struct jshare *j, const char *s);
/* A new reference to the one integer V. */
json_t *jshare_integer(struct jshare *j, json_int_t v);
/* MADE, an object or array just built (the reference is taken), or the
 * one the table has already that is equal to it: of the same keys in the
 * same order, holding the very same values. Its members should be
 * shared values themselves (from this table, or true, false and null):
 * members equal but not the same make it another container, never a
 * wrong one. NULL stays NULL. */
json_t *jshare_node(struct jshare *j, json_t *made);
/* Drops the table's own references; the values live on in the trees
 * that hold them. */
void jshare_free(struct jshare *j);

#endif
