/* plan.c - the plan's container: resources in order, found by ID through
 * a hash index, and the outputs, inputs, settings and notes beside them. */
#include "plan.h"

#include <string.h>

#include "names.h"

struct index {
	struct p_res **slots;
	size_t cap, n;
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void index_put(struct arena *a, struct index *x, struct p_res *r);

static void index_grow(struct arena *a, struct index *x)
{
	struct index bigger = { .cap = x->cap ? 2 * x->cap : 64 };
	bigger.slots = arena_alloc(a, bigger.cap * sizeof *bigger.slots);
	for (size_t i = 0; i < x->cap; i++)
		if (x->slots[i])
			index_put(a, &bigger, x->slots[i]);
	*x = bigger;
}

static void index_put(struct arena *a, struct index *x, struct p_res *r)
{
	if (4 * (x->n + 1) > 3 * x->cap)
		index_grow(a, x);
	size_t i = hash(r->id) & (x->cap - 1);
	while (x->slots[i])
		i = (i + 1) & (x->cap - 1);
	x->slots[i] = r;
	x->n++;
}

struct p_res *plan_find(const struct p_plan *p, const char *id)
{
	const struct index *x = p->index;
	if (!x->cap)
		return NULL;
	for (size_t i = hash(id) & (x->cap - 1); x->slots[i]; i = (i + 1) & (x->cap - 1))
		if (!strcmp(x->slots[i]->id, id))
			return x->slots[i];
	return NULL;
}

static void *plan_index_new(struct arena *a)
{
	return arena_alloc(a, sizeof(struct index));
}

struct p_plan *plan_new(struct arena *a, const struct m_pattern *m)
{
	struct p_plan *p = arena_alloc(a, sizeof *p);
	p->a = a;
	p->pattern = m->name;
	p->loc = m->loc;
	p->index = plan_index_new(a);
	p->n_envs = 1;
	p->envs = arena_alloc(a, sizeof *p->envs);
	p->envs[0].name = m->env ? m->env->name : "";
	p->envs[0].tenant = m->tenant;
	p->envs[0].region = m->region;
	p->envs[0].name_prefix = arena_printf(a, "%s-%s-%s", m->tenant, p->envs[0].name, m->name);
	p->envs[0].description = m->description
		? arena_printf(a, "%s (%s, %s)", m->description, m->tenant, p->envs[0].name)
		: arena_printf(a, "Pattern %s (%s, %s)", m->name, m->tenant, p->envs[0].name);
	p->envs[0].model = m;
	return p;
}

/* A resource whose ID is taken already replaces nothing: the first one
 * stays, which only a broken builder can cause. */
struct p_res *plan_add(struct p_plan *p, const char *id, enum p_type type, const struct m_comp *comp,
		       const char *part)
{
	struct p_res *r = arena_alloc(p->a, sizeof *r);
	r->id = id;
	r->type = type;
	r->comp = comp;
	r->part = part ? part : "";
	r->loc = comp ? comp->loc : p->loc;
	r->props = pv_map(p->a);
	vec_push(p->a, &p->resources, r);
	index_put(p->a, p->index, r);
	return r;
}

void plan_index_add(struct p_plan *p, struct p_res *r)
{
	index_put(p->a, p->index, r);
}

void plan_depend(struct p_plan *p, struct p_res *r, const char *on)
{
	for (size_t i = 0; i < r->depends.n; i++)
		if (!strcmp(r->depends.items[i], on))
			return;
	vec_push(p->a, &r->depends, (void *)on);
}

void plan_note(struct p_plan *p, const char *text)
{
	for (size_t i = 0; i < p->notes.n; i++)
		if (!strcmp(p->notes.items[i], text))
			return;
	vec_push(p->a, &p->notes, (void *)text);
}

/* Settings are looked up by name for every function and table: by an
 * index, so that a pattern of thousands stays linear. */
const struct p_setting *plan_find_setting(const struct p_plan *p, const char *name)
{
	return p->setting_index ? strmap_get(p->setting_index, name) : NULL;
}

struct p_setting *plan_setting(struct p_plan *p, const char *name, const char *description)
{
	struct p_setting *s = (struct p_setting *)plan_find_setting(p, name);
	if (s)
		return s;
	s = arena_alloc(p->a, sizeof *s);
	s->name = name;
	s->description = description;
	vec_push(p->a, &p->settings, s);
	if (!p->setting_index)
		p->setting_index = strmap_new(p->a);
	strmap_put(p->setting_index, name, s);
	return s;
}

void plan_output(struct p_plan *p, const char *id, const struct m_comp *comp, const char *attr_word,
		 const char *description, struct pv *value)
{
	struct p_output *o = arena_alloc(p->a, sizeof *o);
	o->id = id;
	o->comp = comp;
	o->attr_word = attr_word;
	o->description = description;
	o->value = value;
	vec_push(p->a, &p->outputs, o);
}

const struct p_param *plan_find_param(const struct p_plan *p, enum p_pseudo pseudo)
{
	for (size_t i = 0; i < p->params.n; i++)
		if (((const struct p_param *)p->params.items[i])->pseudo == pseudo)
			return p->params.items[i];
	return NULL;
}

void plan_param(struct p_plan *p, const char *name, enum p_pseudo pseudo, const char *description,
		const char *default_value)
{
	struct p_param *q = arena_alloc(p->a, sizeof *q);
	q->name = name;
	q->pseudo = pseudo;
	q->description = description;
	q->default_value = default_value;
	vec_push(p->a, &p->params, q);
}

bool plan_present(const struct p_res *r, size_t env)
{
	if (r->present && !r->present[env])
		return false;
	const struct pv *c = pv_in_env(r->count_if, env);
	return !r->count_if || (c && ((c->kind == PV_INT && c->i > 0) || (c->kind == PV_NUM && c->d > 0)));
}

const char *plan_type_name(enum p_type t)
{
	static const char *const names[PT_COUNT] = {
		[PT_KMS_KEY] = "KMS key", [PT_KMS_ALIAS] = "KMS alias",
		[PT_EVENT_BUS] = "event bus", [PT_EVENT_ARCHIVE] = "event archive", [PT_EVENT_RULE] = "rule",
		[PT_SCHEMA_REGISTRY] = "schema registry", [PT_SCHEMA] = "schema",
		[PT_SCHEMA_DISCOVERER] = "schema discoverer", [PT_S3_BUCKET] = "S3 bucket",
		[PT_S3_BUCKET_POLICY] = "bucket policy", [PT_FIREHOSE_STREAM] = "Firehose stream",
		[PT_IAM_ROLE] = "IAM role", [PT_SQS_QUEUE] = "queue", [PT_SQS_QUEUE_POLICY] = "queue policy",
		[PT_DYNAMODB_TABLE] = "table", [PT_LOG_GROUP] = "log group", [PT_LOG_STREAM] = "log stream", [PT_LAMBDA_FUNCTION] = "function",
		[PT_LAMBDA_VERSION] = "function version", [PT_LAMBDA_ALIAS] = "function alias",
		[PT_LAMBDA_ESM] = "event source mapping", [PT_LAMBDA_PERMISSION] = "invoke permission",
		[PT_SNS_TOPIC] = "topic", [PT_SNS_SUBSCRIPTION] = "subscription",
		[PT_SNS_TOPIC_POLICY] = "topic policy", [PT_STATE_MACHINE] = "state machine",
		[PT_ALARM] = "alarm", [PT_DASHBOARD] = "dashboard",
		[PT_LAMBDA_EVENT_INVOKE_CONFIG] = "asynchronous invocation settings",
		[PT_KINESIS_STREAM] = "Kinesis stream",
		[PT_PIPE] = "pipe",
		[PT_SCHEDULE] = "schedule", [PT_SCHEDULE_GROUP] = "schedule group",
		[PT_EVENT_CONNECTION] = "connection", [PT_EVENT_API_DESTINATION] = "API destination",
	};
	return t < PT_COUNT && names[t] ? names[t] : "resource";
}
