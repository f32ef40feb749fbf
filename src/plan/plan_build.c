/* plan_build.c - one environment's plan: the components in pattern order,
 * then what is known only once every component is planned (alarms,
 * resource policies, key policies, outputs). And the helpers every
 * builder shares. */
#include "plan_priv.h"

#include <string.h>

struct p_res *pb_res(struct pb *b, const char *id, enum p_type type, const char *part)
{
	return plan_add(b->p, id, type, b->owner, part);
}

void pb_set(struct pb *b, struct p_res *r, const char *key, struct pv *value)
{
	pv_set(b->a, r->props, key, value);
}

const char *pb_id(struct pb *b, const struct m_comp *c)
{
	return names_logical_id(b->a, c);
}

const char *pb_id_of(struct pb *b, const struct m_comp *c, const char *suffix)
{
	return arena_printf(b->a, "%s%s", names_logical_id(b->a, c), suffix);
}

struct pv *pb_name(struct pb *b, const char *suffix, uint32_t max)
{
	return pv_hint(b->a, pv_name(b->a, b->m, suffix, max), F(b, "%s_name", names_snake(b->a, suffix)));
}

struct pv *pb_comp_name(struct pb *b, const struct m_comp *c)
{
	return pb_name(b, c->name, names_limit(c->kind));
}

struct pv *pb_comp_arn(struct pb *b, const struct m_comp *c)
{
	if (c->kind == MK_BUS && ((const struct m_bus *)c)->origin != BUS_OWNED)
		return pb_bus_arn(b, (const struct m_bus *)c);
	return pv_ref(b->a, pb_id(b, c), PA_ARN);
}

/* What invokes a function: its alias where it has provisioned concurrency. */
struct pv *pb_function_target(struct pb *b, const struct m_function *f)
{
	if (f->provisioned_concurrency > 0)
		return pv_ref(b->a, pb_id_of(b, &f->c, "Alias"), PA_ARN);
	return pb_comp_arn(b, &f->c);
}

/* KIND.NAME.ATTR as written in the pattern. */
struct pv *pb_comp_attr(struct pb *b, const struct m_comp *c, enum m_attr attr)
{
	const char *id = pb_id(b, c);
	if (c->kind == MK_BUS && ((const struct m_bus *)c)->origin != BUS_OWNED)
		return attr == MA_ARN ? pb_bus_arn(b, (const struct m_bus *)c)
				      : S(b, names_bus(b->a, b->m, (const struct m_bus *)c));
	if (attr == MA_ARN)
		return pv_ref(b->a, id, PA_ARN);
	switch (c->kind) {
	case MK_QUEUE:
		return pv_ref(b->a, id, attr == MA_URL ? PA_URL : PA_NAME);
	case MK_TABLE:
		return pv_ref(b->a, id, attr == MA_STREAM_ARN ? PA_STREAM_ARN : PA_NAME);
	case MK_KEY:
		if (attr == MA_ALIAS)
			return pv_ref(b->a, pb_id_of(b, c, "Alias"), PA_NAME);
		return pv_ref(b->a, id, PA_KEY_ID);
	default:
		return pv_ref(b->a, id, PA_NAME);
	}
}

struct pv *pb_key_arn(struct pb *b, const struct m_key *k)
{
	return pb_comp_arn(b, &k->c);
}

struct pv *pb_mval(struct pb *b, const struct m_val *v)
{
	switch (v->kind) {
	case MV_STRING:
		return S(b, v->str);
	case MV_NUMBER:
		return S(b, v->str ? v->str : "0");
	case MV_BOOL:
		return S(b, v->b ? "true" : "false");
	case MV_COMPREF:
		return pb_comp_attr(b, v->comp, v->attr);
	}
	return S(b, "");
}

struct pv *pb_tags(struct pb *b)
{
	return b->p->tags;
}

static struct pv *make_tags(struct pb *b)
{
	struct pv *t = pv_list(b->a);
	const struct m_pattern *m = b->m;
	for (size_t i = 0; i < m->tags.n; i++) {
		const struct m_val *v = &m->tags.items[i].val;
		const char *val = v->kind == MV_BOOL ? (v->b ? "true" : "false") : v->str ? v->str : "";
		struct pv *kv = pv_map(b->a);
		pv_set(b->a, kv, "Key", S(b, m->tags.items[i].key));
		pv_set(b->a, kv, "Value", S(b, val));
		pv_push(b->a, t, kv);
	}
	static const char *const automatic[] = { "environment", "tenant", "pattern" };
	for (size_t i = 0; i < 3; i++) {
		struct pv *kv = pv_map(b->a);
		pv_set(b->a, kv, "Key", S(b, automatic[i]));
		pv_set(b->a, kv, "Value", i == 0 ? pv_pseudo(b->a, PP_ENVIRONMENT)
					  : i == 1 ? pv_pseudo(b->a, PP_TENANT) : S(b, m->name));
		pv_push(b->a, t, kv);
	}
	return t;
}

/* arn:PARTITION:SERVICE:REGION:ACCOUNT:HEAD NAME TAIL */
struct pv *pb_arn(struct pb *b, const char *service, const char *resource_head, struct pv *name, const char *tail)
{
	struct pv *j = pv_join(b->a);
	pv_lit(b->a, j, "arn:");
	pv_part(b->a, j, pv_pseudo(b->a, PP_PARTITION));
	pv_lit(b->a, j, F(b, ":%s:", service));
	pv_part(b->a, j, pv_pseudo(b->a, PP_REGION));
	pv_lit(b->a, j, ":");
	pv_part(b->a, j, pv_pseudo(b->a, PP_ACCOUNT_ID));
	pv_lit(b->a, j, F(b, ":%s", resource_head));
	if (name)
		pv_part(b->a, j, name);
	if (tail)
		pv_lit(b->a, j, tail);
	return j;
}

static void plan_params(struct pb *b)
{
	/* only a pattern with functions has code to fetch from the bucket
	 * (local code is uploaded by the deployment tool): an unused
	 * parameter is a cfn-lint warning (W2001) */
	if (!b->m->n_functions || b->local_code)
		return;
	plan_param(b->p, "ArtifactBucket", PP_ARTIFACT_BUCKET,
		   "S3 bucket that holds the functions' code: one zip per code folder (see the README)", NULL);
	plan_param(b->p, "ArtifactPrefix", PP_ARTIFACT_PREFIX,
		   "Key prefix of the zips in the bucket; a function with code = \"functions/x\" runs "
		   "PREFIXfunctions/x-HASH.zip (artifacts.txt lists them)",
		   F(b, "%s/", b->m->name));
}

/* What the settings the builders name are, and what AWS takes for them. */
static void standard_settings(struct pb *b)
{
	static const char *const retention[] = { "1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180",
		"365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653", NULL };
	static const char *const levels[] = { "ALL", "ERROR", "FATAL", "OFF", NULL };
	struct p_setting *s = plan_setting(b->p, "log_retention_days", "Days CloudWatch keeps the pattern's logs");
	s->allowed = retention;
	s->advice = "CloudWatch Logs accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, "
		    "1827, 2192, 2557, 2922, 3288 or 3653 days.";
	s = plan_setting(b->p, "lambda_memory_size", "Memory of the pattern's functions, in MB");
	s->has_min = s->has_max = true;
	s->min = 128;
	s->max = 10240;
	s->advice = "Lambda memory is 128 to 10240 MB.";
	s = plan_setting(b->p, "lambda_timeout", "Timeout of the pattern's functions, in seconds");
	s->has_min = s->has_max = true;
	s->min = 1;
	s->max = 900;
	s->advice = "A Lambda timeout is 1 to 900 seconds.";
	plan_setting(b->p, "log_level", "Log level of the pattern's functions");
	s = plan_setting(b->p, "workflow_log_level", "Step Functions logging level: ALL, ERROR, FATAL or OFF");
	s->allowed = levels;
	s->advice = "Step Functions logging levels are ALL, ERROR, FATAL and OFF.";
	plan_setting(b->p, "archive_retention_days", "Days the event archive keeps events");
	plan_setting(b->p, "audit_bucket_retention_days", "Days the audit bucket keeps events");
}

#define EACH(b, arr, n, fn)                        \
	for (size_t i_ = 0; i_ < (n); i_++) {      \
		(b)->owner = &(arr)[i_]->c;        \
		fn((b), (arr)[i_]);                \
	}

/* The alarms and dashboards, planned from the alarm set in an arena of
 * its own, let go once they are: made by plan_env_alarms, as alarms.json's
 * render makes it again. What the components' planning let go before (a
 * build's model JSON) makes room for them on this thread, and the set's
 * for the passes after. */
static void watch_pattern(struct pb *b)
{
	const struct p_env *e = &b->p->envs[0];
	if (!e->alarm_defaults)
		return;
	struct arena *set_arena = arena_new();
	b->alarms = plan_env_alarms(set_arena, e);
	b->owner = NULL;
	plan_alarms(b);
	b->alarms = NULL;
	arena_free(set_arena);
}

struct p_plan *plan_build(struct arena *a, struct m_pattern *m, const struct alarms_defaults *defaults,
			  struct plan_run *run)
{
	struct pb b = { .a = a, .m = m };
	b.run = run && run->code_hashes ? run : NULL;
	b.code_hashes = b.run ? run->code_hashes : strmap_new(a);
	b.local_code = run && run->local_code;
	b.p = plan_new(a, m);
	b.p->envs[0].alarm_defaults = defaults;
	b.p->tags = make_tags(&b);
	b.policy_index = strmap_new(a);
	b.key_services = arena_alloc(a, (m->n_keys + 1) * sizeof *b.key_services);
	b.key_statements = arena_alloc(a, (m->n_keys + 1) * sizeof *b.key_statements);
	plan_params(&b);
	standard_settings(&b);
	EACH(&b, m->keys, m->n_keys, plan_keys);
	EACH(&b, m->buses, m->n_buses, plan_bus);
	if (m->default_bus && m->default_bus->c.name && !plan_bus_declared(m, m->default_bus)) {
		b.owner = &m->default_bus->c; /* the schemas of events on the default bus */
		plan_bus(&b, m->default_bus);
	}
	EACH(&b, m->queues, m->n_queues, plan_queue);
	EACH(&b, m->tables, m->n_tables, plan_table);
	EACH(&b, m->streams, m->n_streams, plan_stream);
	EACH(&b, m->functions, m->n_functions, plan_function);
	EACH(&b, m->topics, m->n_topics, plan_topic);
	EACH(&b, m->connections, m->n_connections, plan_connection);
	EACH(&b, m->apis, m->n_apis, plan_api);
	EACH(&b, m->rules, m->n_rules, plan_rule);
	EACH(&b, m->workflows, m->n_workflows, plan_workflow);
	EACH(&b, m->pipes, m->n_pipes, plan_pipe);
	EACH(&b, m->schedules, m->n_schedules, plan_schedule);
	if (run && run->release_json)
		model_free(m);
	watch_pattern(&b);
	b.owner = NULL;
	plan_policies_finish(&b);
	plan_keys_finish(&b);
	plan_retention(&b);
	plan_break_cycles(&b);
	plan_limits(&b);
	plan_outputs(&b);
	return b.p;
}
