/* cfn_priv.h - what the CloudFormation renderer's two files share: a
 * render under way, and what cfn_look.c follows of cfn.c's making. */
#ifndef EVENTC_CFN_PRIV_H
#define EVENTC_CFN_PRIV_H

#include "emit.h"
#include "cfn_split.h"
#include "jshare.h"

struct cfn {
	struct arena *a;
	const struct p_plan *p;
	size_t env;
	const struct p_env *e;
	const struct backend_options *o;
	/* the plan's one tag list, which most resources hold: written once,
	 * and the JSON shared by all of them (jansson counts references) */
	const struct pv *tags;
	json_t *tags_json;
	/* every string, integer and container of the template, shared by
	 * content (nothing writes into a template once built) */
	struct jshare *shared;
	int in_doc; /* inside a document written as a string: its tree is dropped, not shared */
	json_t *docs; /* the documents written as strings so far (doc_json) */
	/* their memo's tag, new at each cfn_open: a split after a whole
	 * template that did not fit must not find the documents that its
	 * cfn_close let go (the same C, the same arena) */
	const void *docs_tag;
	bool looking; /* in a split's look (cfn_look.c): what it makes, it keeps */
};

/* A split's resources, made from the plan when the split asks. */
struct plan_source {
	struct cfn *c;
	const struct p_res *const *res;
};

/* The JSON of V in C's environment (a new reference). */
json_t *cfn_value(struct cfn *c, const struct pv *v);
/* The Fn::GetAtt attribute of ATTR of a resource of type T, or NULL for a Ref. */
const char *cfn_getatt_name(enum p_type t, enum p_attr attr);
/* What a Ref of pseudo value P names: AWS::Region, or a parameter's name. */
const char *cfn_pseudo_name(const struct cfn *c, enum p_pseudo p);
/* Whether V is known without deploying (no reference, no pseudo value):
 * a document of it is written as its JSON, not as an Fn::Sub of it. */
bool cfn_static_value(struct cfn *c, const struct pv *v);
/* What a reference's Fn::Sub variable adds to its resource's ID: Arn, Url. */
const char *cfn_sub_word(enum p_attr a);
/* R's Properties, with their Code when R's is a local folder. */
json_t *cfn_props_json(struct cfn *c, const struct p_res *r);
/* Whether R's DependsOn names ON in C's environment. */
bool cfn_depends_on(struct cfn *c, const struct p_res *r, const char *on);
/* R's Code for aws cloudformation package. */
const char *cfn_code_text(struct cfn *c, const struct p_res *r);

/* A split's look at resource I of the plan_source CTX (cfn_split.h). */
void cfn_look_resource(void *ctx, size_t i, struct cfn_look *l);

#endif
