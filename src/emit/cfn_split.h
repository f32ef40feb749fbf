/* cfn_split.h - templates above CloudFormation's 500 resources become a
 * parent with nested stacks: resources in dependency order, cut into
 * children of at most PER_STACK, references across children passed as
 * parameters and outputs through the parent. Deterministic by
 * construction: ties in the dependency order keep the template's order. */
#ifndef EVENTC_CFN_SPLIT_H
#define EVENTC_CFN_SPLIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "jtext.h"

#define CFN_MAX_RESOURCES 500
#define CFN_MAX_PARAMETERS 200
#define CFN_MAX_OUTPUTS 200
/* A template's body, in S3 (cfn-lint E1002 counts the file's bytes). */
#define CFN_MAX_TEMPLATE_BYTES 1000000

struct cfn_split {
	/* Set by the caller: takes child I (0-based) as soon as it is made, the
	 * tree (a new reference) and its text with JSON_INDENT(2) (json_text),
	 * the text that measured it; both are the taker's to free. False
	 * stops the split, which then fails with no error set. */
	bool (*take)(void *ctx, size_t i, json_t *child, char *text);
	void *ctx;
	/* Set by the caller instead of TAKE: the split is planned (each
	 * resource looked at, the order cut, the parameters and outputs
	 * counted) and nothing is made; ERROR says whether it would fail, as
	 * check must know what build would refuse. A child's bytes are the
	 * looks' (its parameters and outputs uncounted). */
	bool look_only;
	/* Set by cfn_split: */
	json_t *parent;     /* new reference */
	size_t n;           /* how many children */
	const char *error;  /* set when the template cannot be split */
	char *error_text;   /* ERROR when made for this split: freed with it */
	bool take_failed;   /* the taker said false */
};

typedef void (*ref_fn)(void *ctx, const char *id, const char *attr);

/* FN(CTX, ID, ATTR) for each Ref, Fn::GetAtt and Fn::Sub reference in X,
 * in the order of a walk down X (a member's function before its own
 * members). */
void cfn_walk_refs(const json_t *x, ref_fn fn, void *ctx);

/* What a look at a resource finds without making it: what its JSON
 * ({"Type": .., "Properties": ..}) would take written with JSON_INDENT(2)
 * (COUNT, begun with indent 2: json_measure's counts), each reference of
 * its Properties in the order cfn_walk_refs would meet them (REF), then
 * each name of its DependsOn (DEPENDS). */
struct cfn_look {
	struct json_count count;
	ref_fn ref;
	void (*depends)(void *ctx, const char *id);
	void *ctx;
};

/* The resources to split, looked at first, then made when asked for:
 * the split looks at each to measure it and find its references, then
 * makes it to place it in its child, and holds none of them longer than
 * its child. A template past CloudFormation's limits is never held
 * whole. */
struct cfn_source {
	size_t n;
	const char *const *ids;  /* their logical IDs, in the template's order */
	/* the component that owns each, which keeps a component's resources
	 * together (NULL: none; or no array) */
	const char *const *owners;
	/* what resource I would be, counted (a sanitizer build checks each
	 * look against the resource made) */
	void (*look)(void *ctx, size_t i, struct cfn_look *l);
	/* resource I's JSON ({"Type": .., "Properties": ..}), a new reference */
	json_t *(*resource)(void *ctx, size_t i);
	/* called between children: what the source keeps of the resources
	 * made so far (shared values) may go */
	void (*release)(void *ctx);
	void *ctx;
};

/* Splits the template whose resources SRC makes; TEMPLATE (not consumed)
 * gives the rest: its format version, Description, Metadata, Parameters
 * and Outputs. Child i
 * (1-based) has the TemplateURL URL_PREFIX, i in two digits, URL_SUFFIX:
 * "stack-", 1, ".json". */
bool cfn_split(const json_t *template, const struct cfn_source *src, size_t per_stack,
	       const char *url_prefix, const char *url_suffix, struct cfn_split *out);
void cfn_split_free(struct cfn_split *s);
/* Template T written with JSON_INDENT(2) (json_text, free it) when it is
 * within CloudFormation's resources and bytes for one template (the text
 * and a final newline); NULL when it is not. Measuring is writing: the
 * text is what a fitting template is written as. */
char *cfn_fitting_text(const json_t *t);

#endif
