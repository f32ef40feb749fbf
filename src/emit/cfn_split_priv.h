/* cfn_split_priv.h - what the splitter's two halves share: the template
 * being split, its references, and the dependency order it is cut in. */
#ifndef EVENTC_CFN_SPLIT_PRIV_H
#define EVENTC_CFN_SPLIT_PRIV_H

#include "arena.h"
#include "cfn_split.h"

#include <stdint.h>
#include <string.h>

/* A reference a resource makes, found when it was measured: of its
 * Properties (a Ref, Fn::GetAtt or Fn::Sub: ATTR NULL for a Ref), or a
 * name of its DependsOn (DEPENDS). */
struct cfn_ref {
	const char *id, *attr;
	bool depends;
};

struct splitter {
	const json_t *t;
	const struct cfn_source *src;
	const char *const *ids; /* resource IDs in template order */
	size_t n;
	struct strmap *index;   /* id -> position in ids, plus one */
	size_t *chunk;          /* chunk of each resource (by template position) */
	size_t *bytes;          /* what each resource adds to a child template, written */
	struct vec *refs;       /* each resource's struct cfn_ref *, in the order a walk meets them */
	struct arena *a;        /* the references and their texts */
	size_t nchunks;
};

static inline long position(const struct splitter *s, const char *id)
{
	uintptr_t v = (uintptr_t)strmap_get(s->index, id);
	return v ? (long)(v - 1) : -1;
}

/* The function of X when X is a one-key object, as an intrinsic function
 * is ({"Ref": ..}, {"Fn::GetAtt": ..}): its key, and its argument in
 * *ARG; NULL for anything else. One look at the only member instead of a
 * hash lookup per function name: the walks over a template call it on
 * every object. */
static inline const char *cfn_function(const json_t *x, json_t **arg)
{
	if (!json_is_object(x) || json_object_size(x) != 1)
		return NULL;
	void *it = json_object_iter((json_t *)x);
	*arg = json_object_iter_value(it);
	return json_object_iter_key(it);
}

/* Intrinsic function FN (from cfn_function) is NAME. */
static inline bool cfn_is(const char *fn, const char *name)
{
	return fn && !strcmp(fn, name);
}

/* FN(CTX, ID, ATTR) for each ${ID} and ${ID.ATTR} of an Fn::Sub string. */
void cfn_sub_refs(const char *s, ref_fn fn, void *ctx);
/* ORDER: the resources in the order they are cut in; each resource's
 * chunk in S->chunk, their number in S->nchunks. False when the
 * references go round in a circle that no order resolves. */
bool cfn_dependency_order(struct splitter *s, size_t *order, size_t per_stack);

#endif
