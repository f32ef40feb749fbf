/* diff.h - what differs between two resource plans: two environments of
 * one pattern, or one environment of two versions of a pattern. Resources
 * are matched by logical ID, compared property by property, and grouped
 * by the component they serve, so that a review reads in the pattern's
 * terms. Renderers (diff_out.c) print the result as text like diff(1),
 * as JSON or as Markdown. */
#ifndef EVENTC_DIFF_H
#define EVENTC_DIFF_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "arena.h"
#include "plan.h"

/* One side of a comparison: environment ENV of a (merged) plan. */
struct diff_side {
	const struct p_plan *plan;
	size_t env;
	const char *file;      /* the pattern file, as named on the command line */
};

enum diff_change { DIFF_ADDED, DIFF_REMOVED, DIFF_CHANGED };

struct diff_prop {
	const char *path;      /* MemorySize, LoggingConfig.ApplicationLogLevel, KeySchema[0].AttributeName */
	json_t *old_value;     /* NULL: absent on that side */
	json_t *new_value;
	bool replaces;         /* a create-only property: CloudFormation replaces the resource */
};

struct diff_res {
	const struct p_res *res;   /* the new side's; the old side's when removed */
	enum diff_change change;
	bool replaces;             /* one of its changes replaces it */
	bool stateful;             /* it holds data: a table, bucket, queue, key, log group */
	struct vec props;          /* struct diff_prop *: what changed; every property when added or removed */
};

struct diff_group {
	const char *kind;      /* the component's kind ("queue"), or "pattern" */
	const char *name;      /* the component's name, or the pattern's */
	struct vec res;        /* struct diff_res * */
};

struct diff {
	struct diff_side old, new;
	bool versions;         /* two versions of a pattern (replacements count) */
	struct vec groups;     /* struct diff_group *, only those with differences */
	size_t added, removed, changed, replaced;
};

/* Compares OLD with NEW. REPLACE is the create-only table for a
 * comparison of two versions, NULL for two environments of one plan
 * (where names that differ only by environment are the same name).
 * Warns (W0501, W0502) where data would be lost. */
struct diff *diff_plans(struct arena *a, const struct diff_side *old, const struct diff_side *new,
			const struct p_replace *replace);
/* Whether anything differs. */
bool diff_any(const struct diff *d);
/* Frees the JSON values it holds (the rest is in the arena). */
void diff_free(struct diff *d);

enum diff_format { DIFF_TEXT, DIFF_JSON, DIFF_MARKDOWN };

/* Prints the comparisons DS (N of them) to OUT; COLOR for text. OTHER:
 * a difference the comparisons do not hold (an environment only one
 * version has). False on a write error. */
bool diff_print(FILE *out, struct diff *const *ds, size_t n, bool other, enum diff_format f, bool color);

#endif
