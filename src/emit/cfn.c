/* cfn.c - the CloudFormation renderer: one template per environment from
 * the plan. Plan properties are already AWS's resource-schema properties,
 * so rendering is syntax: references become Ref, Fn::GetAtt, Fn::Sub or
 * Fn::Join, documents stay objects or become strings, values that differ
 * between environments are this environment's. Past 500 resources the
 * template becomes a parent with nested stacks (cfn_split.c), which
 * looks at each resource before it is made (cfn_look.c). */
#include "emit.h"
#include "jscope.h"
#include "jshare.h"
#include "jtext.h"
#include "xalloc.h"
#include "names.h"

#include <stdlib.h>
#include <string.h>

#include "cfn_priv.h"
#include "yamlout.h"

static json_t *str(struct cfn *c, const char *s)
{
	return jshare_string(c->shared, s);
}

/* MADE, or the template's one container equal to it. */
static json_t *node(struct cfn *c, json_t *made)
{
	return c->in_doc ? made : jshare_node(c->shared, made);
}

/* {FN: ARG}, an intrinsic function, shared; ARG is taken. */
static json_t *fn_json(struct cfn *c, const char *fn, json_t *arg)
{
	json_t *o = json_object();
	if (!arg || json_object_set_new_nocheck(o, fn, arg)) {
		fprintf(stderr, "eventc: internal error: %s of a text that is not UTF-8\n", fn);
		abort();
	}
	return node(c, o);
}

/* [A, B], shared; both are taken. */
static json_t *pair_json(struct cfn *c, json_t *a, json_t *b)
{
	json_t *l = json_array();
	json_array_append_new(l, a);
	json_array_append_new(l, b);
	return node(c, l);
}

/* ---- references ---- */

/* What Ref gives for each type is documented per resource; the rest is
 * Fn::GetAtt. Returns the attribute name, or NULL for Ref. */
const char *cfn_getatt_name(enum p_type t, enum p_attr attr)
{
	switch (attr) {
	case PA_ARN:
	case PA_LOG_STREAMS_ARN: /* a log group's Arn ends in ":*" already */
		return t == PT_SNS_TOPIC || t == PT_STATE_MACHINE || t == PT_LAMBDA_ALIAS ? NULL : "Arn";
	case PA_NAME:
		switch (t) {
		case PT_SQS_QUEUE: return "QueueName";
		case PT_SNS_TOPIC: return "TopicName";
		case PT_STATE_MACHINE: return "Name";
		case PT_SCHEMA_REGISTRY: return "RegistryName";
		default: return NULL;
		}
	case PA_STREAM_ARN:
		return "StreamArn";
	case PA_VERSION:
		return "Version";
	case PA_URL:
	case PA_KEY_ID:
		return NULL;
	}
	return NULL;
}

static json_t *ref_json(struct cfn *c, const struct pv *v)
{
	const struct p_res *r = plan_find(c->p, v->s);
	const char *att = r ? cfn_getatt_name(r->type, v->attr) : NULL;
	return att ? fn_json(c, "Fn::GetAtt", pair_json(c, str(c, v->s), str(c, att)))
		   : fn_json(c, "Ref", str(c, v->s));
}

const char *cfn_pseudo_name(const struct cfn *c, enum p_pseudo p)
{
	switch (p) {
	case PP_ACCOUNT_ID: return "AWS::AccountId";
	case PP_REGION: return "AWS::Region";
	case PP_PARTITION: return "AWS::Partition";
	case PP_STACK_NAME: return "AWS::StackName";
	default: break;
	}
	for (size_t i = 0; i < c->p->params.n; i++) {
		const struct p_param *q = c->p->params.items[i];
		if (q->pseudo == p)
			return q->name;
	}
	return "AWS::NoValue";
}

/* ---- values ---- */

/* "${" in literal text of an Fn::Sub is written "${!". */
static void sub_literal(struct cfn *c, const char **out, const char *s)
{
	const char *esc = s;
	if (strstr(s, "${")) {
		char *t = arena_alloc(c->a, 2 * strlen(s) + 1), *o = t;
		for (; *s; s++) {
			*o++ = *s;
			if (s[0] == '$' && s[1] == '{') {
				*o++ = *++s;
				*o++ = '!';
			}
		}
		esc = t;
	}
	*out = **out ? arena_printf(c->a, "%s%s", *out, esc) : esc;
}

static json_t *join_json(struct cfn *c, const struct pv *v)
{
	const char *text = pv_text(c->a, v, c->env, c->e);
	if (text)
		return str(c, text);
	bool refs = false;
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *part = pv_in_env(v->items.items[i], c->env);
		refs |= part && part->kind == PV_REF && !part->texts;
	}
	if (refs) {
		json_t *parts = json_array();
		for (size_t i = 0; i < v->items.n; i++) {
			const struct pv *part = pv_in_env(v->items.items[i], c->env);
			if (part)
				json_array_append_new(parts, cfn_value(c, part));
		}
		return fn_json(c, "Fn::Join", pair_json(c, str(c, ""), node(c, parts)));
	}
	const char *s = "";
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *part = pv_in_env(v->items.items[i], c->env);
		const char *t = pv_text(c->a, part, c->env, c->e);
		if (t)
			sub_literal(c, &s, t);
		else if (part && part->kind == PV_PSEUDO)
			s = arena_printf(c->a, "%s${%s}", s, cfn_pseudo_name(c, part->pseudo));
	}
	return fn_json(c, "Fn::Sub", str(c, s));
}

static json_t *map_json(struct cfn *c, const struct pv *v)
{
	json_t *o = json_object();
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *x = pv_in_env(v->items.items[i], c->env);
		if (x) /* a plan's texts are UTF-8: the source is refused when not */
			json_object_set_new_nocheck(o, pv_key(v, i), cfn_value(c, x));
	}
	return node(c, o);
}

static json_t *doc_json(struct cfn *c, const struct pv *v);

json_t *cfn_value(struct cfn *c, const struct pv *v)
{
	v = pv_in_env(v, c->env);
	if (!v)
		return json_null();
	if (v == c->tags && c->tags_json)
		return json_incref(c->tags_json);
	switch (v->kind) {
	case PV_STR: return str(c, v->s);
	case PV_INT: return jshare_integer(c->shared, v->i);
	case PV_NUM: return json_real(v->d);
	case PV_BOOL: return json_boolean(v->b);
	case PV_NULL: return json_null();
	case PV_NAME: return str(c, v->texts[c->env]);
	case PV_REF: return v->texts ? str(c, v->texts[c->env]) : ref_json(c, v);
	case PV_PSEUDO: {
		const char *t = pv_text(c->a, v, c->env, c->e);
		return t ? str(c, t) : fn_json(c, "Ref", str(c, cfn_pseudo_name(c, v->pseudo)));
	}
	case PV_JOIN: return join_json(c, v);
	case PV_MAP: return map_json(c, v);
	case PV_DOC: return doc_json(c, v);
	case PV_LIST: {
		json_t *l = json_array();
		for (size_t i = 0; i < v->items.n; i++) {
			const struct pv *x = pv_in_env(v->items.items[i], c->env);
			if (x)
				json_array_append_new(l, cfn_value(c, x));
		}
		return node(c, l);
	}
	case PV_SECRET:
		/* a dynamic reference: CloudFormation reads the secret when it
		 * deploys, and the template never holds its value */
		return json_string(v->key ? arena_printf(c->a, "{{resolve:secretsmanager:%s:SecretString:%s}}", v->s, v->key)
				   : arena_printf(c->a, "{{resolve:secretsmanager:%s}}", v->s));
	case PV_ENVS: break;
	}
	return json_null();
}

/* ---- documents ---- */

bool cfn_static_value(struct cfn *c, const struct pv *v)
{
	v = pv_in_env(v, c->env);
	if (!v)
		return true;
	switch (v->kind) {
	case PV_REF:
	case PV_PSEUDO:
	case PV_JOIN:
		return pv_text(c->a, v, c->env, c->e) != NULL;
	case PV_LIST:
	case PV_MAP:
	case PV_DOC:
		for (size_t i = 0; i < v->items.n; i++)
			if (!cfn_static_value(c, v->items.items[i]))
				return false;
		return true;
	default:
		return true;
	}
}

const char *cfn_sub_word(enum p_attr a)
{
	static const char *const words[] = { [PA_ARN] = "Arn", [PA_NAME] = "Name", [PA_URL] = "Url",
		[PA_KEY_ID] = "KeyId", [PA_STREAM_ARN] = "StreamArn", [PA_VERSION] = "Version",
		[PA_LOG_STREAMS_ARN] = "Arn" };
	return words[a];
}

/* The JSON of a document for Fn::Sub: literal text escaped, pseudo values
 * as ${AWS::...}, references as ${Var} with VARS saying what Var is. */
static json_t *sub_value(struct cfn *c, const struct pv *v, json_t *vars)
{
	v = pv_in_env(v, c->env);
	const char *t = v && v->kind != PV_MAP && v->kind != PV_LIST ? pv_text(c->a, v, c->env, c->e) : NULL;
	if (v && (v->kind == PV_STR || t)) {
		const char *s = "";
		sub_literal(c, &s, t ? t : v->s);
		return str(c, s);
	}
	if (!v)
		return json_null();
	switch (v->kind) {
	case PV_REF: {
		const char *var = arena_printf(c->a, "%s%s", v->s, cfn_sub_word(v->attr));
		json_object_set_new(vars, var, ref_json(c, v));
		return str(c, arena_printf(c->a, "${%s}", var));
	}
	case PV_PSEUDO:
		return str(c, arena_printf(c->a, "${%s}", cfn_pseudo_name(c, v->pseudo)));
	case PV_JOIN: {
		const char *s = "";
		for (size_t i = 0; i < v->items.n; i++) {
			json_t *part = sub_value(c, v->items.items[i], vars);
			if (json_is_string(part))
				s = arena_printf(c->a, "%s%s", s, json_string_value(part));
			json_decref(part);
		}
		return json_stringn_nocheck(s, strlen(s)); /* jansson's strings and the plan's texts: UTF-8 */
	}
	case PV_LIST: {
		json_t *l = json_array();
		for (size_t i = 0; i < v->items.n; i++)
			if (pv_in_env(v->items.items[i], c->env))
				json_array_append_new(l, sub_value(c, v->items.items[i], vars));
		return l;
	}
	case PV_MAP: {
		json_t *o = json_object();
		for (size_t i = 0; i < v->items.n; i++)
			if (pv_in_env(v->items.items[i], c->env))
				json_object_set_new_nocheck(o, pv_key(v, i), sub_value(c, v->items.items[i], vars));
		return o;
	}
	default:
		return cfn_value(c, v);
	}
}

/* TEXT, a document's text that jansson wrote (or NULL: it could not), as
 * a string, and TEXT freed. jansson writes the bytes of its strings as
 * they are, so the text is UTF-8 as they were: not checked again (the
 * check was a tenth of making a resource with a large document). */
static json_t *text_string(char *text)
{
	json_t *s = text ? json_stringn_nocheck(text, strlen(text)) : json_string("{}");
	free(text);
	return s;
}

/* Document V written as a string (or an Fn::Sub of one), made. */
static json_t *doc_text_json(struct cfn *c, const struct pv *body)
{
	c->in_doc++;
	if (cfn_static_value(c, body)) {
		json_t *j = cfn_value(c, body);
		c->in_doc--;
		char *text = json_text(j, JSON_COMPACT | JSON_ENCODE_ANY);
		json_decref(j);
		return text_string(text);
	}
	json_t *vars = json_object();
	json_t *j = sub_value(c, body, vars);
	c->in_doc--;
	char *text = json_text(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	json_t *arg = text_string(text);
	if (json_object_size(vars))
		return jpack("{s:[o,o]}", "Fn::Sub", arg, vars);
	json_decref(vars);
	return jpack("{s:o}", "Fn::Sub", arg);
}

/* A document written as a string that a split's look made (the count
 * did not follow it) is kept in DOCS until the render ends, and not made
 * again when the resource is. One made when a resource is, is not kept:
 * that is in the resource's scope (jscope.h), let go with its stack. */
static json_t *doc_json(struct cfn *c, const struct pv *v)
{
	const struct pv *body = v->items.items[0];
	if (!v->b)
		return cfn_value(c, body);
	json_t *made = arena_memo_get_ptr(c->a, c->docs_tag, v);
	if (made)
		return json_incref(made);
	made = doc_text_json(c, body);
	if (c->looking) {
		json_array_append(c->docs, made);
		arena_memo_put_ptr(c->a, c->docs_tag, v, made);
	}
	return made;
}

/* ---- resources ---- */

/* Whether V refers to resource ID: a DependsOn on it would be redundant
 * (cfn-lint W3005). */
static bool refers_to(struct cfn *c, const struct pv *v, const char *id)
{
	v = pv_in_env(v, c->env);
	if (!v)
		return false;
	if (v->kind == PV_REF)
		return !v->texts && !strcmp(v->s, id);
	for (size_t i = 0; i < v->items.n; i++)
		if (refers_to(c, v->items.items[i], id))
			return true;
	return false;
}

/* Whether R's DependsOn names ON in this environment: a resource that is
 * here and that R's properties do not already refer to. */
bool cfn_depends_on(struct cfn *c, const struct p_res *r, const char *on)
{
	const struct p_res *d = plan_find(c->p, on);
	return d && plan_present(d, c->env) && !refers_to(c, r->props, on);
}

/* R's Code, for aws cloudformation package: relative to the template's folder. */
const char *cfn_code_text(struct cfn *c, const struct p_res *r)
{
	return emit_code_folder(c->a, c->o, arena_printf(c->a, "%s/cloudformation", c->e->name), r->code_folder);
}

/* R's Properties, with their Code when R's is a local folder. */
json_t *cfn_props_json(struct cfn *c, const struct p_res *r)
{
	json_t *props = cfn_value(c, r->props);
	if (r->code_folder) {
		json_t *own = json_copy(props); /* PROPS may be shared: not written into */
		json_decref(props);
		props = own;
		json_object_set_new_nocheck(props, "Code", json_string(cfn_code_text(c, r)));
	}
	return props;
}

static json_t *resource_json(struct cfn *c, const struct p_res *r)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "Type", str(c, plan_aws_type(r->type)));
	json_object_set_new_nocheck(o, "Properties", cfn_props_json(c, r));
	json_t *deps = json_array();
	for (size_t i = 0; i < r->depends.n; i++)
		if (cfn_depends_on(c, r, r->depends.items[i]))
			json_array_append_new(deps, str(c, r->depends.items[i]));
	if (json_array_size(deps))
		json_object_set_new_nocheck(o, "DependsOn", deps);
	else
		json_decref(deps);
	const struct pv *del = pv_in_env(r->deletion, c->env);
	if (del) {
		json_object_set_new_nocheck(o, "UpdateReplacePolicy", str(c, del->s));
		json_object_set_new_nocheck(o, "DeletionPolicy", str(c, del->s));
	}
	return o;
}

static void outputs(struct cfn *c, json_t *out)
{
	size_t n = c->p->outputs.n, keep = n > CFN_MAX_OUTPUTS ? CFN_MAX_OUTPUTS : n;
	for (size_t i = 0; i < keep; i++) {
		const struct p_output *o = c->p->outputs.items[i];
		json_object_set_new(out, o->id, jpack("{s:s,s:o,s:{s:o}}", "Description", o->description,
			"Value", cfn_value(c, o->value), "Export", "Name",
			jpack("{s:s}", "Fn::Sub", arena_printf(c->a, "${AWS::StackName}-%s", o->id))));
	}
}

/* C's JSON state (C names its environment already). */
static void cfn_open(struct cfn *c)
{
	c->shared = jshare_new();
	c->docs = json_array();
	c->docs_tag = arena_alloc(c->a, 1);
	c->tags_json = c->p->tags ? cfn_value(c, c->p->tags) : NULL;
	c->tags = pv_in_env(c->p->tags, c->env);
}

static void cfn_close(struct cfn *c)
{
	json_decref(c->tags_json);
	json_decref(c->docs);
	jshare_free(c->shared);
	c->tags_json = c->docs = NULL;
	c->shared = NULL;
}

/* The template of environment ENV, with RESOURCES (taken), or without
 * any when they are made for a split. */
static json_t *template_with(struct cfn *c, json_t *resources)
{
	const struct p_plan *p = c->p;
	json_t *params = json_object(), *outs = json_object(), *notes = json_array();
	for (size_t i = 0; i < p->params.n; i++) {
		const struct p_param *q = p->params.items[i];
		json_t *d = jpack("{s:s,s:s}", "Type", "String", "Description", q->description);
		if (q->default_value)
			json_object_set_new_nocheck(d, "Default", json_string(q->default_value));
		json_object_set_new(params, q->name, d);
	}
	outputs(c, outs);
	for (size_t i = 0; i < p->notes.n; i++)
		json_array_append_new(notes, json_string(p->notes.items[i]));
	if (p->outputs.n > CFN_MAX_OUTPUTS)
		json_array_append_new(notes, json_sprintf("Outputs: CloudFormation takes 200; the first 200 of %zu are kept "
			"(buses, topics, workflows, tables, Kinesis streams, queues, functions, in that order).", (size_t)p->outputs.n));
	json_t *t = json_object();
	json_object_set_new_nocheck(t, "AWSTemplateFormatVersion", json_string("2010-09-09"));
	json_object_set_new_nocheck(t, "Description", json_string(c->e->description));
	json_object_set_new_nocheck(t, "Metadata", jpack("{s:{s:s,s:s,s:s,s:o}}", "eventc", "pattern", p->pattern,
						      "tenant", c->e->tenant, "environment", c->e->name, "notes", notes));
	json_object_set_new_nocheck(t, "Parameters", params);
	if (resources)
		json_object_set_new_nocheck(t, "Resources", resources);
	json_object_set_new_nocheck(t, "Outputs", outs);
	return t;
}

/* The resources of environment ENV, in plan order: N of them. */
static const struct p_res **present_resources(struct arena *a, const struct p_plan *p, size_t env, size_t *n)
{
	const struct p_res **res = arena_alloc(a, (p->resources.n + 1) * sizeof *res);
	*n = 0;
	for (size_t i = 0; i < p->resources.n; i++)
		if (plan_present(p->resources.items[i], env))
			res[(*n)++] = p->resources.items[i];
	return res;
}

/* The whole template of environment C->env. */
static json_t *template_of(struct cfn *c, const struct p_res *const *res, size_t n)
{
	json_t *resources = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(resources, res[i]->id, resource_json(c, res[i]));
	return template_with(c, resources);
}

/* A split's resource I, made (struct plan_source is cfn_priv.h's). */
static json_t *source_resource(void *ctx, size_t i)
{
	struct plan_source *ps = ctx;
	return resource_json(ps->c, ps->res[i]);
}

/* Lets go of the values shared so far (those of a template made whole and
 * found too large, or of the resources a split made). */
static void reshare(struct cfn *c)
{
	jshare_free(c->shared);
	c->shared = jshare_new();
}

static void source_release(void *ctx)
{
	reshare(((struct plan_source *)ctx)->c);
}

static bool add_template(struct outset *out, const char *path, const json_t *t, bool yaml)
{
	return yaml ? yamlout_add(out, path, t) : outset_add_json(out, path, t);
}

/* Where a split's children go: DIR/stack-NN.EXT of the output set. */
struct child_out {
	struct arena *a;
	struct outset *out;
	const char *dir, *ext;
	bool yaml;
};

static bool take_child(void *ctx, size_t i, json_t *child, char *text)
{
	const struct child_out *co = ctx;
	const char *path = arena_printf(co->a, "%s/stack-%02zu.%s", co->dir, i + 1, co->ext);
	bool ok;
	if (co->yaml) {
		free(text);
		ok = yamlout_add(co->out, path, child);
	} else {
		ok = outset_add_dumped(co->out, path, text);
	}
	json_decref(child);
	return ok;
}

/* Past CloudFormation's limits for one template: a parent and nested
 * stacks, which `aws cloudformation package` uploads (see the README).
 * The resources are made as the split asks for them; with no OUT, the
 * split is only planned (cfn_split's look_only) and *ERROR is set when
 * it would fail. */
static bool emit_split(struct cfn *c, const struct p_res *const *res, size_t n, const char *dir, const char *ext,
		       struct outset *out, const char **error)
{
	struct arena *a = c->a;
	const char **ids = arena_alloc(a, (n + 1) * sizeof *ids);
	const char **owners = arena_alloc(a, (n + 1) * sizeof *owners);
	for (size_t i = 0; i < n; i++) {
		ids[i] = res[i]->id;
		owners[i] = res[i]->comp ? names_logical_id(a, res[i]->comp) : NULL; /* the component's, made once */
	}
	json_t *t = template_with(c, NULL);
	struct plan_source ps = { c, res };
	struct cfn_source src = { n, ids, owners, cfn_look_resource, source_resource, source_release, &ps };
	struct child_out co = { a, out, dir, ext, c->o->yaml };
	struct cfn_split split = { .take = take_child, .ctx = &co, .look_only = !out };
	bool ok = cfn_split(t, &src, CFN_STACK_SIZE, "stack-", arena_printf(a, ".%s", ext), &split);
	json_decref(t);
	if (!ok && split.error)
		*error = arena_printf(a, "the CloudFormation template of environment '%s' cannot be split into nested "
				      "stacks: %s", c->e->name, split.error);
	else if (ok && out)
		ok = add_template(out, arena_printf(a, "%s/template.%s", dir, ext), split.parent, c->o->yaml);
	cfn_split_free(&split);
	return ok;
}

/* C's template made whole, when it fits in one: written, and true. Its
 * trees are made, written and let go in a scope of their own (jscope.h),
 * as a split's are child by child (cfn_split.c). */
static bool emit_whole(struct cfn *c, const struct p_res *const *res, size_t n, const char *dir, const char *ext,
		       struct outset *out, bool *ok)
{
	struct jscope *scope = jscope_new();
	jscope_enter(scope);
	cfn_open(c);
	json_t *t = template_of(c, res, n);
	char *text = cfn_fitting_text(t);
	bool fits = text != NULL;
	if (fits) {
		const char *path = arena_printf(c->a, "%s/template.%s", dir, ext);
		if (c->o->yaml) {
			free(text);
			*ok = yamlout_add(out, path, t);
		} else {
			*ok = outset_add_dumped(out, path, text);
		}
	}
	json_decref(t);
	cfn_close(c);
	jscope_leave(scope);
	jscope_free(scope);
	return fits;
}

bool cfn_emit(struct arena *a, const struct p_plan *p, size_t env, const struct backend_options *o,
	      struct outset *out, const char **error)
{
	const char *dir = arena_printf(a, "%s/cloudformation", p->envs[env].name);
	const char *ext = o->yaml ? "yaml" : "json";
	*error = NULL;
	emit_artifacts(out, arena_printf(a, "%s/artifacts.txt", dir), p);
	struct cfn c = { .a = a, .p = p, .env = env, .e = &p->envs[env], .o = o };
	size_t n;
	const struct p_res **res = present_resources(a, p, env, &n);
	bool ok = false;
	/* within the resources of one template, it is made whole and fits
	 * unless its bytes are too many; then it is split, its documents made
	 * again (what the whole template's scope made is gone with it) */
	if (n > CFN_MAX_RESOURCES || !emit_whole(&c, res, n, dir, ext, out, &ok)) {
		cfn_open(&c);
		ok = emit_split(&c, res, n, dir, ext, out, error);
		cfn_close(&c);
	}
	return ok;
}

const char *cfn_split_limit(struct arena *a, const struct p_plan *p, size_t env)
{
	static const struct backend_options json_output = { .yaml = false };
	struct cfn c = { .a = a, .p = p, .env = env, .e = &p->envs[env], .o = &json_output };
	size_t n;
	const struct p_res **res = present_resources(a, p, env, &n);
	const char *error = NULL;
	if (n > CFN_MAX_RESOURCES) {
		cfn_open(&c);
		emit_split(&c, res, n, "", "json", NULL, &error);
		cfn_close(&c);
	}
	return error;
}

bool cfn_may_split(const struct p_plan *p)
{
	return p->resources.n > CFN_MAX_RESOURCES; /* an environment's are among them */
}
