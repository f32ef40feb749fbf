/* cfn_split.c - nested stacks for templates past 500 resources. */
#include "cfn_split_priv.h"
#include "jscope.h"
#include "jtext.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- children ---- */

struct child_ctx {
	struct splitter *s;
	size_t chunk;
	json_t *params;       /* the child's Parameters */
	json_t *imports;      /* param name -> {"from": chunk, "id": .., "attr": ..} */
	json_t *resources;    /* the child's Resources, while it is placed */
	json_t *outputs;      /* the child's Outputs */
	struct vec stack_deps; /* the parent's DependsOn for the child: Stack01, ... (in the splitter's arena) */
};

static const char *import_name(const char *id, const char *attr, char *buf, size_t size)
{
	if (!attr)
		return id;
	snprintf(buf, size, "%s%s", id, attr);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = 'X';
	return buf;
}

static void note_import(struct child_ctx *c, const char *id, const char *attr)
{
	char buf[512];
	const json_t *tparams = json_object_get(c->s->t, "Parameters");
	if (!attr && json_object_get(tparams, id)) {
		if (!json_object_get(c->params, id))
			json_object_set(c->params, id, json_object_get(tparams, id));
		return;
	}
	long p = position(c->s, id);
	if (p < 0 || c->s->chunk[p] == c->chunk)
		return;
	const char *name = import_name(id, attr, buf, sizeof buf);
	if (json_object_get(c->params, name))
		return;
	json_object_set_new(c->params, name, jpack("{s:s,s:s}", "Type", "String", "Description",
						       attr ? "an attribute from another nested stack"
							    : "a reference from another nested stack"));
	json_t *imp = jpack("{s:I,s:s}", "from", (json_int_t)c->s->chunk[p], "id", id);
	if (attr)
		json_object_set_new(imp, "attr", json_string(attr));
	json_object_set_new(c->imports, name, imp);
}

static void import_ref(void *vctx, const char *id, const char *attr)
{
	if (id)
		note_import(vctx, id, attr);
}

static json_t *rewrite(struct child_ctx *c, const json_t *x);

/* {"Fn::GetAtt": [X, Attr]} of another child: a parameter's Ref; NULL when
 * X is in this one. */
static json_t *rewrite_getatt(struct child_ctx *c, const json_t *g)
{
	const char *id = json_string_value(json_array_get(g, 0));
	long p = id ? position(c->s, id) : -1;
	if (p < 0 || c->s->chunk[p] == c->chunk)
		return NULL;
	char buf[512];
	const char *attr = json_string_value(json_array_get(g, 1));
	note_import(c, id, attr);
	return jpack("{s:s}", "Ref", import_name(id, attr, buf, sizeof buf));
}

/* {"Fn::Sub": TEXT}: ${X.Attr} of another child becomes ${XAttr}, the
 * parameter's name; X itself is noted. Logical IDs are at most 255
 * characters, so a longer X names nothing of the template. */
static json_t *rewrite_sub(struct child_ctx *c, const json_t *x, const char *in)
{
	cfn_sub_refs(in, import_ref, c);
	char *outs = xcalloc(strlen(in) + 1, 1);
	size_t o = 0;
	for (const char *p = in; *p; p++) {
		if (p[0] == '$' && p[1] == '{' && p[2] != '!') {
			const char *end = strchr(p, '}'), *dot = strchr(p, '.');
			size_t len = dot ? (size_t)(dot - p - 2) : 0;
			if (end && dot && dot < end && len < 256) {
				char id[256];
				memcpy(id, p + 2, len);
				id[len] = '\0';
				long pos = position(c->s, id);
				if (pos >= 0 && c->s->chunk[pos] != c->chunk) {
					memcpy(outs + o, p, (size_t)(dot - p));
					o += (size_t)(dot - p);
					p = dot; /* drop the dot */
					continue;
				}
			}
		}
		outs[o++] = *p;
	}
	outs[o] = '\0';
	json_t *r = strcmp(outs, in) ? jpack("{s:s}", "Fn::Sub", outs) : json_incref((json_t *)x);
	free(outs);
	return r;
}

/* An object whose members are rewritten; X itself when none changed,
 * and a new object only from the first member that did. Its own Ref
 * (FN, ARG) is noted here, its members' as they are rewritten, in the
 * same order (walking the whole subtree at every level cost its size
 * times its depth). */
static json_t *rewrite_object(struct child_ctx *c, const json_t *x, const char *fn, const json_t *arg)
{
	if (cfn_is(fn, "Ref") && json_is_string(arg))
		note_import(c, json_string_value(arg), NULL);
	json_t *o = NULL;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)x, k, v) {
		json_t *kid = rewrite(c, v);
		if (!o && kid == v) {
			json_decref(kid);
			continue;
		}
		if (!o) { /* the members before K are X's own */
			o = json_object();
			const char *k2;
			json_t *v2;
			json_object_foreach((json_t *)x, k2, v2) {
				if (k2 == k)
					break;
				json_object_set_nocheck(o, k2, v2);
			}
		}
		json_object_set_new_nocheck(o, k, kid); /* X's keys, checked when X was made */
	}
	return o ? o : json_incref((json_t *)x);
}

static json_t *rewrite_array(struct child_ctx *c, const json_t *x)
{
	size_t n = json_array_size(x);
	json_t *a = NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(x, i), *kid = rewrite(c, v);
		if (!a && kid == v) {
			json_decref(kid);
			continue;
		}
		if (!a) { /* the items before I are X's own */
			a = json_array();
			for (size_t j = 0; j < i; j++)
				json_array_append(a, json_array_get(x, j));
		}
		json_array_append_new(a, kid);
	}
	return a ? a : json_incref((json_t *)x);
}

/* References into other children become parameters of this one. A
 * subtree with none is not copied: the child shares it (a new reference),
 * which halves the trees a split holds (nothing writes into a template
 * once built). */
static json_t *rewrite(struct child_ctx *c, const json_t *x)
{
	if (json_is_array(x))
		return rewrite_array(c, x);
	if (!json_is_object(x))
		return json_incref((json_t *)x);
	json_t *arg = NULL;
	const char *fn = cfn_function(x, &arg);
	if (cfn_is(fn, "Fn::GetAtt") && json_is_array(arg) && json_array_size(arg) == 2) {
		json_t *r = rewrite_getatt(c, arg);
		if (r)
			return r;
	}
	if (cfn_is(fn, "Fn::Sub") && json_is_string(arg))
		return rewrite_sub(c, x, json_string_value(arg));
	return rewrite_object(c, x, fn, arg);
}

/* PREFIX, the number in two digits, SUFFIX: stack-01.json */
static char *child_name(const char *prefix, size_t i, const char *suffix)
{
	int n = snprintf(NULL, 0, "%s%02zu%s", prefix, i, suffix);
	char *s = xcalloc((size_t)n + 1, 1);
	snprintf(s, (size_t)n + 1, "%s%02zu%s", prefix, i, suffix);
	return s;
}

static const char *stack_id(size_t chunk, char *buf, size_t size)
{
	snprintf(buf, size, "Stack%02zu", chunk + 1);
	return buf;
}

static const json_t **push_value(const json_t **stack, size_t *top, size_t *cap, const json_t *v)
{
	if (*top == *cap)
		stack = xrealloc(stack, (*cap *= 2) * sizeof *stack);
	stack[(*top)++] = v;
	return stack;
}

/* The chunk of the first resource an output's value names. */
static long output_chunk(struct splitter *s, const json_t *value)
{
	long found = -1;
	size_t top = 0, cap = 16;
	const json_t **stack = xmalloc(cap * sizeof *stack);
	stack[top++] = value;
	while (top && found < 0) {
		const json_t *x = stack[--top];
		if (json_is_object(x)) {
			json_t *r = json_object_get(x, "Ref"), *g = json_object_get(x, "Fn::GetAtt");
			const char *id = json_is_string(r) ? json_string_value(r)
				: json_is_array(g) ? json_string_value(json_array_get(g, 0)) : NULL;
			long p = id ? position(s, id) : -1;
			if (p >= 0)
				found = (long)s->chunk[p];
			const char *k;
			json_t *v;
			json_object_foreach((json_t *)x, k, v)
				stack = push_value(stack, &top, &cap, v);
		} else if (json_is_array(x)) {
			size_t i;
			json_t *v;
			json_array_foreach(x, i, v)
				stack = push_value(stack, &top, &cap, v);
		}
	}
	free(stack);
	return found;
}

char *cfn_fitting_text(const json_t *t)
{
	if (json_object_size(json_object_get(t, "Resources")) > CFN_MAX_RESOURCES)
		return NULL;
	char *text = json_text(t, JSON_INDENT(2));
	if (text && strlen(text) + 1 > CFN_MAX_TEMPLATE_BYTES) {
		free(text);
		text = NULL;
	}
	return text;
}

/* The references of one resource, as they are found. */
struct recording {
	struct splitter *s;
	struct vec *refs;
};

static struct cfn_ref *record(struct recording *rec, const char *id, const char *attr)
{
	struct arena *a = rec->s->a;
	struct cfn_ref *r = arena_alloc(a, sizeof *r);
	/* one pointer for one ID: the template's own for its resources */
	long p = position(rec->s, id);
	r->id = p >= 0 ? rec->s->ids[p] : arena_intern(a, id, strlen(id));
	r->attr = attr ? arena_intern(a, attr, strlen(attr)) : NULL;
	vec_push(a, rec->refs, r);
	return r;
}

static void record_ref(void *ctx, const char *id, const char *attr)
{
	if (id)
		record(ctx, id, attr);
}

static void record_depends(void *ctx, const char *id)
{
	if (id)
		record(ctx, id, NULL)->depends = true;
}

/* What resource V takes written in its child ("Id": {...}, two levels
 * in: the template, its Resources) from COUNT, its own (an estimate: each
 * line indented two levels more); nothing when it could not be written. */
static size_t child_bytes(const struct json_count *count, const char *id)
{
	if (count->failed)
		return 0;
	return count->bytes + (count->newlines + 1) * 2 * 2 + strlen(id) + 8;
}

#ifdef EVENTC_ARENA_EACH
/* Sanitizer and valgrind builds: resource I made, measured and walked as
 * the look says it would be, or a bug. */
static void check_look(struct splitter *s, size_t i)
{
	const struct cfn_source *src = s->src;
	json_t *v = src->resource(src->ctx, i);
	struct json_count count = { .indent = 2 };
	json_count_at(&count, v, 0);
	struct vec made = { 0 };
	struct recording rec = { s, &made };
	cfn_walk_refs(json_object_get(v, "Properties"), record_ref, &rec);
	json_t *d = json_object_get(v, "DependsOn");
	for (size_t k = 0; json_is_array(d) && k < json_array_size(d); k++)
		record_depends(&rec, json_string_value(json_array_get(d, k)));
	json_decref(v);
	bool same = child_bytes(&count, s->ids[i]) == s->bytes[i] && made.n == s->refs[i].n;
	for (size_t k = 0; same && k < made.n; k++) {
		const struct cfn_ref *x = made.items[k], *y = s->refs[i].items[k];
		same = x->id == y->id && x->attr == y->attr && x->depends == y->depends; /* interned */
	}
	if (!same) {
		fprintf(stderr, "eventc: internal error: the look at %s counted %zu bytes and %u references, "
			"the resource made %zu and %u\n", s->ids[i], s->bytes[i], s->refs[i].n,
			child_bytes(&count, s->ids[i]), made.n);
		abort();
	}
}
#endif

/* The first look at each resource, counted without making it: what it
 * takes written, and what it references (its Properties' references are
 * what placing it imports, in the same order). Making each resource twice
 * was two fifths of a split. */
static void measure_resources(struct splitter *s)
{
	const struct cfn_source *src = s->src;
	s->n = src->n;
	s->ids = src->ids;
	s->bytes = xcalloc(s->n, sizeof *s->bytes);
	s->refs = xcalloc(s->n, sizeof *s->refs);
	/* in the splitter's arena, the IDs not copied: a jansson object of
	 * them was 3 MB of a 1,000-chain environment's render */
	s->index = strmap_new(s->a);
	for (size_t i = 0; i < s->n; i++)
		strmap_put(s->index, s->ids[i], (void *)(uintptr_t)(i + 1));
	for (size_t i = 0; i < s->n; i++) {
		struct recording rec = { s, &s->refs[i] };
		struct cfn_look look = { .count = { .indent = 2 }, .ref = record_ref, .depends = record_depends,
					 .ctx = &rec };
		src->look(src->ctx, i, &look);
		s->bytes[i] = child_bytes(&look.count, s->ids[i]);
#ifdef EVENTC_ARENA_EACH
		check_look(s, i);
#endif
		if ((i + 1) % CFN_MAX_RESOURCES == 0)
			src->release(src->ctx);
	}
	src->release(src->ctx);
}

/* The parameters each child imports, found from the references recorded
 * (as placing the resources in ORDER would note them, and before any is
 * placed: a child's outputs are what later children import). */
static void note_imports(struct splitter *s, struct child_ctx *cc, const size_t *order)
{
	for (size_t i = 0; i < s->n; i++) {
		size_t r = order[i];
		const struct cfn_ref *ref;
		vec_foreach(const struct cfn_ref *, ref, &s->refs[r])
			if (!ref->depends)
				note_import(&cc[s->chunk[r]], ref->id, ref->attr);
	}
}

/* Whether placing resource R changes its Properties: a Fn::GetAtt or an
 * ${X.Attr} of a resource in another child, which become parameters
 * (a Ref keeps its name: the parameter has the resource's). Its other
 * references were noted before any resource was placed. */
static bool rewritten(const struct splitter *s, size_t r)
{
	const struct cfn_ref *ref;
	vec_foreach(const struct cfn_ref *, ref, &s->refs[r]) {
		long p = ref->attr ? position(s, ref->id) : -1; /* a DependsOn name has none */
		if (p >= 0 && s->chunk[p] != s->chunk[r])
			return true;
	}
	return false;
}

/* Resource R (its JSON ORIG), placed in its child with references to
 * other children rewritten; a DependsOn on another child becomes one of
 * the parent's stacks. What is not rewritten is shared with ORIG (nothing
 * writes into a template once built). */
static void place_resource(struct splitter *s, struct child_ctx *cc, size_t r, const json_t *orig)
{
	size_t c = s->chunk[r];
	bool rewrite_props = rewritten(s, r);
#ifdef EVENTC_ARENA_EACH
	/* sanitizer and valgrind builds: what is not rewritten would not change */
	json_t *props = json_object_get(orig, "Properties"), *same = rewrite_props ? NULL : rewrite(&cc[c], props);
	if (same && same != props) {
		fprintf(stderr, "eventc: internal error: %s's references change when placed\n", s->ids[r]);
		abort();
	}
	json_decref(same);
#endif
	json_t *copy = json_object();
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)orig, k, v) {
		if (!strcmp(k, "DependsOn"))
			continue;
		bool rewrite_v = rewrite_props && !strcmp(k, "Properties");
		json_object_set_new_nocheck(copy, k, rewrite_v ? rewrite(&cc[c], v) : json_incref(v));
	}
	json_t *d = json_object_get(orig, "DependsOn"), *keep = json_array();
	for (size_t n = 0; json_is_array(d) && n < json_array_size(d); n++) {
		const char *dep = json_string_value(json_array_get(d, n));
		long p = position(s, dep);
		if (p >= 0 && s->chunk[p] == c) {
			json_array_append_new(keep, json_string(dep));
		} else if (p >= 0) {
			char buf[32];
			const char *id = stack_id(s->chunk[p], buf, sizeof buf);
			vec_push(s->a, &cc[c].stack_deps, (void *)arena_intern(s->a, id, strlen(id)));
		}
	}
	if (json_array_size(keep))
		json_object_set_new(copy, "DependsOn", keep);
	else
		json_decref(keep);
	json_object_set_new(cc[c].resources, s->ids[r], copy);
}

/* What each child exports for the others: an output per import. */
static void export_imports(const struct splitter *s, struct child_ctx *cc)
{
	for (size_t c = 0; c < s->nchunks; c++) {
		const char *k;
		json_t *v;
		json_object_foreach(cc[c].imports, k, v) {
			size_t from = (size_t)json_integer_value(json_object_get(v, "from"));
			const char *id = json_string_value(json_object_get(v, "id"));
			json_t *attr = json_object_get(v, "attr");
			json_t *val = attr ? jpack("{s:[s,s]}", "Fn::GetAtt", id, json_string_value(attr))
					   : jpack("{s:s}", "Ref", id);
			if (!json_object_get(cc[from].outputs, k))
				json_object_set_new(cc[from].outputs, k, jpack("{s:o}", "Value", val));
			else
				json_decref(val);
		}
	}
}

/* The template's own outputs: each in the child that owns what it names,
 * and in the parent (returned) as that child's output. OK false: the
 * parent's only. */
static json_t *place_outputs(struct splitter *s, struct child_ctx *cc, bool ok)
{
	json_t *pouts = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(json_object_get(s->t, "Outputs"), k, v) {
		long c = output_chunk(s, json_object_get(v, "Value"));
		if (c < 0 || !ok)
			continue;
		json_t *o = json_deep_copy(v);
		json_object_del(o, "Export");
		json_t *val = rewrite(&cc[c], json_object_get(o, "Value"));
		json_object_set_new(o, "Value", val);
		json_object_set_new(cc[c].outputs, k, o);
		char buf[32];
		json_t *po = json_deep_copy(v);
		json_object_set_new(po, "Value", jpack("{s:[s,s+]}", "Fn::GetAtt", stack_id((size_t)c, buf, sizeof buf),
							   "Outputs.", k));
		json_object_set_new(pouts, k, po);
	}
	return pouts;
}


/* The stacks of DEPS that no parameter of PARAMS already waits for: a
 * DependsOn that a GetAtt of the other stack's output makes redundant is
 * a cfn-lint warning (W3005). A new reference. */
static json_t *needed_dependencies(const struct vec *deps, const json_t *params)
{
	json_t *keep = json_array();
	for (size_t i = 0; i < deps->n; i++) {
		const char *d = deps->items[i];
		bool referenced = false;
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)params, k, v) {
			const char *stack = json_string_value(json_array_get(json_object_get(v, "Fn::GetAtt"), 0));
			referenced |= stack && !strcmp(stack, d);
		}
		if (!referenced)
			json_array_append_new(keep, json_string(d));
	}
	return keep;
}

/* The resource of chunk C that reads the most values of other chunks,
 * and how many (each ID and attribute once). */
static size_t most_imports(const struct splitter *s, size_t c, const char **id)
{
	size_t most = 0;
	json_t *seen = json_object();
	for (size_t r = 0; r < s->n; r++) {
		if (s->chunk[r] != c)
			continue;
		json_object_clear(seen);
		for (size_t k = 0; k < s->refs[r].n; k++) {
			const struct cfn_ref *x = s->refs[r].items[k];
			long p = x->depends ? -1 : position(s, x->id);
			if (p >= 0 && s->chunk[p] != c) {
				char *key = arena_printf(s->a, "%s %s", x->id, x->attr ? x->attr : "");
				json_object_set_new(seen, key, json_true());
			}
		}
		if (json_object_size(seen) > most) {
			most = json_object_size(seen);
			*id = s->ids[r];
		}
	}
	json_decref(seen);
	return most;
}

/* What stops child C from being a nested stack by its parameters and
 * outputs, or NULL; OUT keeps a message made for it. A resource that
 * alone reads more values of other stacks than a stack takes is named:
 * no cut can help it, fewer readers can (a topic that 300 rules publish
 * to names each in its policy). */
static const char *child_limit(const struct splitter *s, const struct child_ctx *cc, size_t c,
			       struct cfn_split *out)
{
	if (json_object_size(cc[c].outputs) > CFN_MAX_OUTPUTS)
		return "a nested stack would need more than 200 outputs";
	if (json_object_size(cc[c].params) <= CFN_MAX_PARAMETERS)
		return NULL;
	const char *id = NULL;
	size_t n = most_imports(s, c, &id);
	if (n <= CFN_MAX_PARAMETERS)
		return "a nested stack would need more than 200 parameters";
#define ONE_READER "a nested stack would need more than 200 parameters: %s alone reads %zu values " \
	"of other stacks; let fewer resources send to it"
	int len = snprintf(NULL, 0, ONE_READER, id, n);
	free(out->error_text);
	out->error_text = xmalloc((size_t)len + 1);
	snprintf(out->error_text, (size_t)len + 1, ONE_READER, id, n);
#undef ONE_READER
	return out->error_text;
}

/* The split planned and not made (OUT->look_only): the first child that
 * could not be a nested stack says why, by its parameters and outputs or
 * by the bytes its resources' looks add up to. */
static void look_children(const struct splitter *s, const struct child_ctx *cc, struct cfn_split *out)
{
	size_t *bytes = xcalloc(s->nchunks ? s->nchunks : 1, sizeof *bytes);
	for (size_t r = 0; r < s->n; r++)
		bytes[s->chunk[r]] += s->bytes[r];
	for (size_t c = 0; c < s->nchunks && !out->error; c++) {
		out->error = child_limit(s, cc, c, out);
		if (!out->error && bytes[c] > CFN_MAX_TEMPLATE_BYTES)
			out->error = "a nested stack would be larger than CloudFormation's 1,000,000 bytes";
	}
	free(bytes);
}

/* Child C's template to OUT's taker: made, written and let go in the
 * child's scope. */
static void write_child(const struct splitter *s, const struct child_ctx *cc, size_t c, struct cfn_split *out)
{
	const json_t *t = s->t;
	out->error = child_limit(s, cc, c, out);
	if (getenv("EVENTC_DEBUG_SPLIT"))
		fprintf(stderr, "stack %zu: %zu resources, %zu parameters, %zu outputs\n", c + 1,
			json_object_size(cc[c].resources), json_object_size(cc[c].params),
			json_object_size(cc[c].outputs));
	json_t *child = json_object();
	json_object_set(child, "AWSTemplateFormatVersion", json_object_get(t, "AWSTemplateFormatVersion"));
	char *desc = child_name("Nested stack ", c + 1, "");
	json_object_set_new(child, "Description", json_string(desc));
	free(desc);
	json_object_set(child, "Parameters", cc[c].params);
	json_object_set(child, "Resources", cc[c].resources);
	json_object_set(child, "Outputs", cc[c].outputs);
	char *text = json_text(child, JSON_INDENT(2));
	if (!text || strlen(text) + 1 > CFN_MAX_TEMPLATE_BYTES)
		out->error = "a nested stack would be larger than CloudFormation's 1,000,000 bytes";
	/* each child goes as soon as it is made: its tree and text are never
	 * held beside the others' */
	if (out->error) {
		json_decref(child);
		free(text);
	} else if (!out->take(out->ctx, c, child, text)) {
		out->take_failed = true;
	}
}

/* Child C's AWS::CloudFormation::Stack into the parent's PRESOURCES, its
 * imports wired to the other stacks' outputs. */
static void add_child_stack(const struct child_ctx *cc, size_t c, const char *url_prefix, const char *url_suffix,
			    json_t *presources)
{
	char buf[32], from_buf[32];
	json_t *params = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(cc[c].params, k, v) {
		json_t *imp = json_object_get(cc[c].imports, k);
		if (!imp) {
			json_object_set_new(params, k, jpack("{s:s}", "Ref", k));
			continue;
		}
		size_t from = (size_t)json_integer_value(json_object_get(imp, "from"));
		json_object_set_new(params, k, jpack("{s:[s,s+]}", "Fn::GetAtt",
			stack_id(from, from_buf, sizeof from_buf), "Outputs.", k));
	}
	char *url = child_name(url_prefix, c + 1, url_suffix);
	json_t *stack = jpack("{s:s,s:{s:s,s:o}}", "Type", "AWS::CloudFormation::Stack", "Properties",
				  "TemplateURL", url, "Parameters", params);
	free(url);
	json_t *deps = needed_dependencies(&cc[c].stack_deps, params);
	if (json_array_size(deps))
		json_object_set(stack, "DependsOn", deps);
	json_decref(deps);
	json_object_set_new(presources, stack_id(c, buf, sizeof buf), stack);
}

/* The second look at each resource, chunk by chunk (a chunk is a run of
 * ORDER): placed in its child, which goes to OUT's taker once its last
 * resource is in, and is let go. A child's trees are made in a scope
 * (jscope.h) left once it is written; the parent's stack for it is made
 * after, and what lasts beyond the child (its stack's DependsOn, the
 * imports, parameters and outputs) is not made in the scope. */
static void place_children(struct splitter *s, struct child_ctx *cc, const size_t *order, const char *url_prefix,
			   const char *url_suffix, json_t *presources, struct cfn_split *out)
{
	const struct cfn_source *src = s->src;
	struct jscope *scope = jscope_new();
	for (size_t i = 0; i < s->n && !out->error && !out->take_failed; i++) {
		size_t r = order[i], c = s->chunk[r], imports = json_object_size(cc[c].imports);
		if (!cc[c].resources) {
			jscope_enter(scope);
			cc[c].resources = json_object();
		}
		json_t *v = src->resource(src->ctx, r);
		place_resource(s, cc, r, v);
		json_decref(v);
		if (json_object_size(cc[c].imports) != imports) {
			/* note_imports found fewer than placing did: their outputs are
			 * missing from the children exported already */
			fprintf(stderr, "eventc: internal error: %s imports what its references did not say\n",
				s->ids[r]);
			abort();
		}
		if (i + 1 < s->n && s->chunk[order[i + 1]] == c)
			continue;
		write_child(s, cc, c, out);
		json_decref(cc[c].resources);
		cc[c].resources = NULL;
		src->release(src->ctx);
		jscope_leave(scope);
		add_child_stack(cc, c, url_prefix, url_suffix, presources);
	}
	jscope_free(scope);
}

bool cfn_split(const json_t *t, const struct cfn_source *src, size_t per_stack,
	       const char *url_prefix, const char *url_suffix, struct cfn_split *out)
{
	out->parent = NULL;
	out->n = 0;
	out->error = NULL;
	out->take_failed = false;
	struct splitter s = { .t = t, .src = src, .a = arena_new() };
	measure_resources(&s);
	size_t *order = xcalloc(s.n, sizeof *order);
	s.chunk = xcalloc(s.n, sizeof *s.chunk);
	for (size_t i = 0; i < s.n; i++)
		s.chunk[i] = (size_t)-1; /* not placed yet */
	bool ok = cfn_dependency_order(&s, order, per_stack);
	if (!ok)
		out->error = "the resources depend on each other in a cycle";

	out->n = s.nchunks;
	struct child_ctx *cc = xcalloc(s.nchunks, sizeof *cc);
	for (size_t c = 0; c < s.nchunks; c++)
		cc[c] = (struct child_ctx){ .s = &s, .chunk = c, .params = json_object(), .imports = json_object(),
					    .outputs = json_object() };
	if (ok) {
		note_imports(&s, cc, order);
		export_imports(&s, cc);
	}
	json_t *pouts = place_outputs(&s, cc, ok);
	/* the parent */
	json_t *parent = json_object(), *presources = json_object();
	json_object_set(parent, "AWSTemplateFormatVersion", json_object_get(t, "AWSTemplateFormatVersion"));
	json_object_set(parent, "Description", json_object_get(t, "Description"));
	if (json_object_get(t, "Metadata"))
		json_object_set(parent, "Metadata", json_object_get(t, "Metadata"));
	json_object_set(parent, "Parameters", json_object_get(t, "Parameters"));
	if (ok && out->look_only)
		look_children(&s, cc, out);
	else if (ok)
		place_children(&s, cc, order, url_prefix, url_suffix, presources, out);
	json_object_set_new(parent, "Resources", presources);
	json_object_set_new(parent, "Outputs", pouts);
	out->parent = parent;
	for (size_t c = 0; c < s.nchunks; c++) {
		json_decref(cc[c].params);
		json_decref(cc[c].imports);
		json_decref(cc[c].outputs);
	}
	free(cc);
	free(order);
	free(s.chunk);
	free(s.bytes);
	free(s.refs);
	arena_free(s.a);
	return ok && !out->error && !out->take_failed;
}

void cfn_split_free(struct cfn_split *s)
{
	json_decref(s->parent);
	s->parent = NULL;
	free(s->error_text);
	s->error_text = NULL;
}
