/* tf.c - the Terraform renderer's values: plan values as HCL expressions
 * for the hashicorp/aws provider 6.x. One module serves every environment,
 * so a value that differs between environments becomes a typed variable
 * (named by the plan's setting), a physical name is built from
 * local.name_prefix, a resource that exists in some environments only is
 * counted, and a reference that follows it chooses with the same
 * condition. */
#include "tf_priv.h"

#include <stdlib.h>
#include <string.h>

/* ---- variables ---- */

static const char *var_type(const struct pv *v)
{
	switch (v->kind) {
	case PV_STR: return "string";
	case PV_INT:
	case PV_NUM: return "number";
	case PV_BOOL: return "bool";
	default: return "any";
	}
}

static bool same_values(const struct tfvar *v, const struct pv *const *vals, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!pv_equal(v->values[k], vals[k]))
			return false;
	return true;
}

/* A copy of V in the build's arena, texts and all: a variable's values
 * outlive the resource whose arena some of them are made in. */
static const struct pv *lasting(struct tf *t, const struct pv *v)
{
	if (!v)
		return NULL;
	struct arena *a = t->keep;
	struct pv *c = arena_alloc(a, sizeof *c);
	*c = *v;
	c->shared = false;
	c->s = v->s ? arena_strdup(a, v->s) : NULL;
	c->hint = v->hint ? arena_strdup(a, v->hint) : NULL;
	if ((v->kind == PV_NAME || v->kind == PV_REF) && v->texts) {
		c->texts = arena_alloc(a, t->p->n_envs * sizeof *c->texts);
		for (size_t k = 0; k < t->p->n_envs; k++)
			c->texts[k] = v->texts[k] ? arena_strdup(a, v->texts[k]) : NULL;
	}
	if (v->kind == PV_SECRET)
		c->key = v->key ? arena_strdup(a, v->key) : NULL;
	memset(&c->items, 0, sizeof c->items);
	for (size_t i = 0; i < v->items.n; i++)
		pv_append(a, c, (struct pv *)lasting(t, v->items.items[i]),
			  v->kind == PV_MAP ? arena_strdup(a, pv_key(v, i)) : NULL);
	return c;
}

/* Where a value is in its resource, for the name of a variable it may
 * need: PART below UP (a map's key, in snake case when SNAKE), or the
 * caller's path at the top. Its text is made only for a value that takes
 * a variable without a setting's name: made for every value on the way
 * down, the texts were a twentieth of a module's instructions. */
struct tf_path {
	const struct tf_path *up;
	const char *part;
	bool snake;
};

static const char *path_text(struct tf *t, const struct tf_path *p)
{
	if (!p->up)
		return p->part;
	return arena_printf(t->a, "%s_%s", path_text(t, p->up), p->snake ? names_snake(t->a, p->part) : p->part);
}

/* The variable for VALS: by the plan's setting name (or PATH), shared by
 * every value with the same name and values; a new name when they differ. */
static const char *variable_for(struct tf *t, const struct pv **vals, const char *hint, const struct tf_path *path)
{
	size_t n = t->p->n_envs;
	char *base = arena_strdup(t->a, hint ? hint : path_text(t, path));
	for (char *p = base; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : '_');
	for (unsigned suffix = 1;; suffix++) {
		const char *name = suffix == 1 ? base : arena_printf(t->a, "%s_%u", base, suffix);
		struct tfvar *found = NULL;
		for (size_t i = 0; i < t->vars.n && !found; i++)
			if (!strcmp(((struct tfvar *)t->vars.items[i])->name, name))
				found = t->vars.items[i];
		if (found && same_values(found, vals, n))
			return name;
		if (found)
			continue;
		struct tfvar *v = arena_alloc(t->keep, sizeof *v);
		v->name = arena_strdup(t->keep, name);
		v->hint = hint ? arena_strdup(t->keep, hint) : NULL;
		v->values = arena_alloc(t->keep, n * sizeof *v->values);
		for (size_t k = 0; k < n; k++) {
			v->values[k] = lasting(t, vals[k]);
			if (vals[k] && !v->type)
				v->type = var_type(vals[k]);
			v->nullable |= !vals[k];
		}
		if (!v->type)
			v->type = "any";
		vec_push(t->keep, &t->vars, v);
		return name;
	}
}

static struct hcl_expr *variable(struct tf *t, const struct pv **vals, const char *hint, const struct tf_path *path)
{
	return hcl_raw(t->a, "var.%s", variable_for(t, vals, hint, path));
}

/* ---- references ---- */

const char *tf_address(struct tf *t, const struct p_res *r)
{
	return arena_printf(t->a, "%s.%s", tf_type(r), tf_local(t, r));
}

/* Whether R's block has a count: a count_if that differs between the
 * environments, or a resource some environments lack. Asked without
 * making the count (tf_count), as each reference asks, and making the
 * count text for each cost a tenth of the module's instructions. */
static bool counted(const struct tf *t, const struct p_res *r)
{
	if (r->count_if)
		return r->count_if->kind == PV_ENVS;
	if (!r->present)
		return false;
	for (size_t k = 0; k < t->p->n_envs; k++)
		if (!r->present[k])
			return true;
	return false;
}

struct hcl_expr *tf_count(struct tf *t, const struct p_res *r, const char **cond)
{
	*cond = NULL;
	if (!counted(t, r))
		return NULL;
	if (r->count_if) {
		struct hcl_expr *e = tf_expr(t, r->count_if, arena_printf(t->a, "%s_count", tf_local(t, r)));
		*cond = arena_printf(t->a, "%s > 0", e->text);
	} else {
		const char *envs = "";
		for (size_t k = 0; k < t->p->n_envs; k++)
			if (r->present[k])
				envs = arena_printf(t->a, "%s%s\"%s\"", envs, *envs ? ", " : "", t->p->envs[k].name);
		*cond = arena_printf(t->a, "contains([%s], var.environment)", envs);
	}
	return hcl_raw(t->a, "%s ? 1 : 0", *cond);
}

static const char *attr_name(const struct p_res *r, enum p_attr attr)
{
	switch (attr) {
	case PA_ARN:
	case PA_LOG_STREAMS_ARN: return "arn";
	case PA_URL: return "url";
	case PA_KEY_ID: return "key_id";
	case PA_STREAM_ARN: return "stream_arn";
	case PA_VERSION: return "version";
	case PA_NAME:
		return r->type == PT_LAMBDA_FUNCTION ? "function_name" : r->type == PT_S3_BUCKET ? "id" : "name";
	}
	return "id";
}

struct hcl_expr *tf_ref(struct tf *t, const char *id, enum p_attr attr)
{
	const struct p_res *r = plan_find(t->p, id);
	if (!r)
		return hcl_null(t->a);
	if (r->type == PT_LAMBDA_VERSION) /* a published version is the function's own */
		return hcl_raw(t->a, "aws_lambda_function.%s.version", names_snake(t->a, r->comp->name));
	const char *addr = arena_printf(t->a, "%s%s", tf_address(t, r), counted(t, r) ? "[0]" : "");
	if (attr == PA_LOG_STREAMS_ARN)
		return hcl_raw(t->a, "\"${%s.arn}:*\"", addr);
	return hcl_raw(t->a, "%s.%s", addr, attr_name(r, attr));
}

/* References that differ between environments follow a counted resource:
 * COND ? x[0].attr : y.attr. Any other choice looks the environment up. */
static struct hcl_expr *ref_choice(struct tf *t, const struct pv *v)
{
	const struct pv *x = NULL, *y = NULL;
	bool two = true;
	for (size_t k = 0; k < v->items.n; k++) {
		const struct pv *r = v->items.items[k];
		if (!r || (x && pv_equal(r, x)) || (y && pv_equal(r, y)))
			continue;
		if (!x)
			x = r;
		else if (!y)
			y = r;
		else
			two = false;
	}
	if (!x)
		return hcl_null(t->a);
	if (!y)
		return tf_ref(t, x->s, x->attr);
	const char *cond = NULL;
	for (int swap = 0; two && swap < 2 && !cond; swap++) {
		const struct pv *c = swap ? y : x, *o = swap ? x : y;
		const struct p_res *r = plan_find(t->p, c->s);
		if (!r)
			continue;
		bool follows = true;
		for (size_t k = 0; follows && k < v->items.n; k++)
			follows = !v->items.items[k] || pv_equal(v->items.items[k], c) == plan_present(r, k);
		if (follows && tf_count(t, r, &cond) && cond) {
			x = c;
			y = o;
		}
	}
	if (cond)
		return hcl_raw(t->a, "%s ? %s : %s", cond, tf_ref(t, x->s, x->attr)->text, tf_ref(t, y->s, y->attr)->text);
	/* every value is a reference: a one-line map looked up by environment */
	const char *text = "{";
	for (size_t k = 0; k < v->items.n; k++) {
		const struct pv *r = v->items.items[k];
		if (r)
			text = arena_printf(t->a, "%s %s = %s,", text, t->p->envs[k].name, tf_ref(t, r->s, r->attr)->text);
	}
	return hcl_raw(t->a, "%s }[var.environment]", text);
}

/* ---- values ---- */

static struct hcl_expr *envs_expr(struct tf *t, const struct pv *v, const struct tf_path *path)
{
	bool refs = true;
	for (size_t k = 0; k < v->items.n; k++) {
		const struct pv *x = v->items.items[k];
		refs &= !x || x->kind == PV_REF;
	}
	if (refs)
		return ref_choice(t, v);
	return variable(t, (const struct pv **)v->items.items, v->hint, path);
}

/* A name is ${local.name_prefix}-SUFFIX where no environment had to
 * shorten it; otherwise each environment's own, as a variable. */
static bool prefixed(const char *text, const char *prefix, const char *suffix)
{
	size_t n = strlen(prefix);
	return !strncmp(text, prefix, n) && text[n] == '-' && !strcmp(text + n + 1, suffix);
}

static struct hcl_expr *name_expr(struct tf *t, const struct pv *v, const struct tf_path *path)
{
	size_t n = t->p->n_envs;
	bool fits = true;
	for (size_t k = 0; k < n; k++)
		fits &= !v->texts[k] || prefixed(v->texts[k], t->p->envs[k].name_prefix, v->s);
	if (fits) {
		struct hcl_expr *e = hcl_template(t->a);
		hcl_template_expr(t->a, e, hcl_raw(t->a, "local.name_prefix"));
		hcl_template_lit(t->a, e, arena_printf(t->a, "-%s", v->s));
		return e;
	}
	const struct pv **vals = arena_alloc(t->a, n * sizeof *vals);
	for (size_t k = 0; k < n; k++)
		vals[k] = v->texts[k] ? pv_str(t->a, v->texts[k]) : NULL;
	return variable(t, vals, v->hint, path);
}

static struct hcl_expr *pseudo_expr(struct tf *t, enum p_pseudo p)
{
	switch (p) {
	case PP_ACCOUNT_ID: return hcl_raw(t->a, "data.aws_caller_identity.current.account_id");
	case PP_REGION: return hcl_raw(t->a, "var.region");
	case PP_PARTITION: return hcl_raw(t->a, "data.aws_partition.current.partition");
	case PP_STACK_NAME: return hcl_raw(t->a, "local.name_prefix");
	case PP_ENVIRONMENT: return hcl_raw(t->a, "var.environment");
	case PP_TENANT: return hcl_raw(t->a, "var.tenant");
	case PP_ARTIFACT_BUCKET: return hcl_raw(t->a, "var.artifact_bucket");
	case PP_ARTIFACT_PREFIX: return hcl_raw(t->a, "var.artifact_prefix");
	}
	return hcl_null(t->a);
}

static struct hcl_expr *expr_at(struct tf *t, const struct pv *v, const struct tf_path *path);

static struct hcl_expr *join_expr(struct tf *t, const struct pv *v, const struct tf_path *path)
{
	struct hcl_expr *e = hcl_template(t->a);
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *part = v->items.items[i];
		if (part->kind == PV_STR)
			hcl_template_lit(t->a, e, part->s);
		else
			hcl_template_expr(t->a, e, expr_at(t, part, path));
	}
	return e;
}

/* Whether tf_expr of V reads its PATH: a name, a choice between the
 * environments, or what may hold them. The path of a scalar is not
 * made: it was a fifth of the module's string building. */
static bool reads_path(const struct pv *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case PV_NAME:
	case PV_JOIN:
	case PV_ENVS:
	case PV_DOC:
	case PV_LIST:
	case PV_MAP:
		return true;
	default:
		return false;
	}
}

static struct hcl_expr *expr_at(struct tf *t, const struct pv *v, const struct tf_path *path)
{
	if (!v)
		return hcl_null(t->a);
	switch (v->kind) {
	case PV_STR: return hcl_str(t->a, v->s);
	case PV_INT: return hcl_int(t->a, v->i);
	case PV_NUM: return hcl_number(t->a, v->d);
	case PV_BOOL: return hcl_bool(t->a, v->b);
	case PV_NULL: return hcl_null(t->a);
	case PV_NAME: return name_expr(t, v, path);
	case PV_REF: return tf_ref(t, v->s, v->attr);
	case PV_PSEUDO: return pseudo_expr(t, v->pseudo);
	case PV_SECRET: return tf_secret(t, v);
	case PV_JOIN: return join_expr(t, v, path);
	case PV_ENVS: return envs_expr(t, v, path);
	case PV_DOC: return hcl_call(t->a, "jsonencode", expr_at(t, v->items.items[0], path));
	case PV_LIST: {
		struct hcl_expr *l = hcl_list(t->a);
		for (size_t i = 0; i < v->items.n; i++)
			hcl_push(t->a, l, expr_at(t, v->items.items[i], path));
		return l;
	}
	case PV_MAP: {
		struct hcl_expr *o = hcl_object(t->a);
		for (size_t i = 0; i < v->items.n; i++) {
			const char *k = pv_key(v, i);
			const struct pv *x = v->items.items[i];
			struct tf_path below = { path, k, true };
			hcl_put(t->a, o, k, expr_at(t, x, reads_path(x) ? &below : path));
		}
		return o;
	}
	}
	return hcl_null(t->a);
}

struct hcl_expr *tf_expr(struct tf *t, const struct pv *v, const char *path)
{
	struct tf_path top = { NULL, path, false };
	return expr_at(t, v, &top);
}

/* Whether V is there in some environment. */
static bool there(const struct pv *v)
{
	if (!v)
		return false;
	if (v->kind != PV_ENVS)
		return true;
	for (size_t k = 0; k < v->items.n; k++)
		if (v->items.items[k])
			return true;
	return false;
}

void tf_arg(struct tf *t, struct hcl_body *b, const char *name, const struct pv *v, const char *path)
{
	struct tf_path top = { NULL, path, false }, named = { &top, name, false };
	if (there(v))
		hcl_attr(t->a, b, name, expr_at(t, v, reads_path(v) ? &named : &top));
}

struct hcl_expr *tf_tags(struct tf *t)
{
	return hcl_raw(t->a, "local.tags");
}

/* ---- the module ---- */

static void locals(struct tf *t)
{
	struct hcl_body *loc = hcl_block(t->a, t->main, "locals", NULL);
	struct hcl_expr *prefix = hcl_template(t->a);
	hcl_template_expr(t->a, prefix, hcl_raw(t->a, "var.tenant"));
	hcl_template_lit(t->a, prefix, "-");
	hcl_template_expr(t->a, prefix, hcl_raw(t->a, "var.environment"));
	hcl_template_lit(t->a, prefix, arena_printf(t->a, "-%s", t->p->pattern));
	hcl_attr(t->a, loc, "name_prefix", prefix);
	struct hcl_expr *tags = hcl_object(t->a);
	for (size_t i = 0; t->p->tags && i < t->p->tags->items.n; i++) {
		const struct pv *kv = t->p->tags->items.items[i];
		const struct pv *k = pv_get(kv, "Key");
		hcl_put(t->a, tags, k->s, tf_expr(t, pv_get(kv, "Value"), arena_printf(t->a, "tag_%s", names_snake(t->a, k->s))));
	}
	hcl_attr(t->a, loc, "tags", tags);
	hcl_block(t->a, t->main, "data", "aws_caller_identity", "current", NULL);
	hcl_block(t->a, t->main, "data", "aws_partition", "current", NULL);
}

void tf_write_blocks(struct tf *t)
{
	hcl_render_part(&t->main_text, t->main);
	outset_append(t->main_tf, t->main_text.text, t->main_text.len);
	t->main_text.len = 0;
	memset(&t->main->items, 0, sizeof t->main->items);
}

/* The blocks of a resource to main.tf, and the arena they were made in
 * let go. */
static void write_resource(struct tf *t)
{
	tf_write_blocks(t);
	arena_reset(t->a);
}

bool tf_emit(struct arena *a, const struct p_plan *p, const struct backend_options *o, struct outset *out)
{
	struct tf t = { .a = arena_new(), .keep = a, .p = p, .files = out, .o = o, .archives = strmap_new(a) };
	t.main = hcl_body_new(a);
	t.module = arena_printf(a, "terraform/components/terraform/%s", p->pattern);
	t.main_tf = outset_begin(out, arena_printf(a, "%s/main.tf", t.module));
	locals(&t);
	write_resource(&t);
	for (size_t i = 0; i < p->resources.n; i++) {
		const struct p_res *r = p->resources.items[i];
		bool anywhere = false;
		for (size_t k = 0; k < p->n_envs && !anywhere; k++)
			anywhere = plan_present(r, k);
		if (anywhere) {
			tf_resource(&t, r);
			write_resource(&t);
		}
	}
	bool ok = tf_files(&t, o->pattern_file, out);
	free(t.main_text.text);
	arena_free(t.a);
	return ok;
}
