/* emit_tf.c - Terraform for the hashicorp/aws provider 6.x.
 *
 * One module serves every environment. The module is built once per
 * environment, as an HCL tree from that environment's model, by the same
 * code; the trees have the same shape, and merge_trees() turns every leaf
 * whose value differs between environments into a variable (named by the
 * hint the emitter gave the leaf), whose per-environment values go to the
 * Atmos stack manifests and the .tfvars files. Names carry the
 * environment through ${var.environment}, so they never differ as leaves.
 * The resources, IAM statements and KMS use mirror emit_cfn.c; the
 * equivalence test (tests/equivalence.py) holds the two together. */
#include "emit_tf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alarms.h"
#include "emit_asl.h"
#include "eventschema.h"
#include "iam.h"
#include "hcl.h"
#include "names.h"
#include "yamlout.h"

enum kms_use { KMS_DECRYPT = 1, KMS_GENERATE = 2 };

struct tfvar {
	const char *name;
	const char *type;         /* string | number | bool */
	const char *description;
	struct hcl_expr **values; /* per environment */
};

struct policy_acc {
	const struct m_comp *comp;
	struct hcl_expr *statements;
};

/* The emitter's state while it builds one environment's tree. */
struct tf {
	struct arena *a;
	const struct m_pattern *m;
	struct m_pattern *const *models;
	size_t nmodels, env;
	struct hcl_body *main, *outputs;
	struct vec queue_policies, topic_policies;
	unsigned key_services[64];
	struct hcl_expr *key_statements[64];
	struct vec explicit_vars;  /* struct tfvar *, registered by the emitter */
	const struct alarms_set *alarms;
};

enum key_service { KS_EVENTS = 1, KS_SNS = 2, KS_LOGS = 4, KS_STATES = 8, KS_CLOUDWATCH = 16 };

/* ---- names and references ---- */

/* Terraform's conventional snake_case: order-buffer -> order_buffer,
 * OrderCreated -> order_created. */
static const char *tfname(struct tf *t, const char *name)
{
	size_t n = strlen(name);
	char *s = arena_alloc(t->a, 2 * n + 1), *o = s;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (c == '-' || c == '.') {
			*o++ = '_';
		} else if (c >= 'A' && c <= 'Z') {
			if (i > 0 && ((name[i - 1] >= 'a' && name[i - 1] <= 'z') || (name[i - 1] >= '0' && name[i - 1] <= '9')))
				*o++ = '_';
			*o++ = (char)(c - 'A' + 'a');
		} else {
			*o++ = c;
		}
	}
	*o = '\0';
	return s;
}

static const char *const tf_types[MK_COUNT] = {
	[MK_KEY] = "aws_kms_key", [MK_BUS] = "aws_cloudwatch_event_bus", [MK_EVENT] = "aws_schemas_schema",
	[MK_QUEUE] = "aws_sqs_queue", [MK_TABLE] = "aws_dynamodb_table", [MK_TOPIC] = "aws_sns_topic",
	[MK_FUNCTION] = "aws_lambda_function", [MK_RULE] = "aws_cloudwatch_event_rule",
	[MK_WORKFLOW] = "aws_sfn_state_machine",
};

static const char *addr(struct tf *t, const struct m_comp *c)
{
	return arena_printf(t->a, "%s.%s", tf_types[c->kind], tfname(t, c->name));
}

static struct hcl_expr *attr_of(struct tf *t, const struct m_comp *c, const char *attr)
{
	return hcl_raw(t->a, "%s.%s", addr(t, c), attr);
}

/* A physical name: ${local.name_prefix}-NAME, or the environment's own
 * shortened name where AWS's limit cut it (a leaf: then a variable). */
static struct hcl_expr *phys(struct tf *t, const char *name, size_t max)
{
	const char *full = names_physical(t->a, t->m, name, 100000);
	const char *cut = names_physical(t->a, t->m, name, max);
	bool all_fit = true;
	for (size_t i = 0; i < t->nmodels; i++)
		all_fit &= strlen(names_physical(t->a, t->models[i], name, 100000)) <= max;
	if (!all_fit || strcmp(full, cut) != 0)
		return hcl_hint(hcl_str(t->a, cut), arena_printf(t->a, "%s_name", tfname(t, name)));
	struct hcl_expr *e = hcl_template(t->a);
	hcl_template_expr(t->a, e, hcl_raw(t->a, "local.name_prefix"));
	hcl_template_lit(t->a, e, arena_printf(t->a, "-%s", name));
	return e;
}

static struct hcl_expr *comp_name(struct tf *t, const struct m_comp *c)
{
	return phys(t, c->name, names_limit(c->kind));
}

static struct hcl_expr *tags(struct tf *t)
{
	return hcl_raw(t->a, "local.tags");
}

static struct hcl_expr *comp_arn(struct tf *t, const struct m_comp *c)
{
	return attr_of(t, c, "arn");
}

/* ---- variables the emitter knows it needs ---- */

static struct hcl_expr *explicit_var(struct tf *t, const char *name, const char *type, const char *desc,
				     struct hcl_expr **values)
{
	bool same = true;
	for (size_t i = 1; i < t->nmodels; i++)
		same &= !strcmp(values[i]->text ? values[i]->text : "", values[0]->text ? values[0]->text : "");
	if (same)
		return values[t->env];
	for (size_t i = 0; i < t->explicit_vars.n; i++) {
		struct tfvar *v = t->explicit_vars.items[i];
		if (!strcmp(v->name, name))
			return hcl_raw(t->a, "var.%s", name);
	}
	struct tfvar *v = arena_alloc(t->a, sizeof *v);
	v->name = name;
	v->type = type;
	v->description = desc;
	v->values = values;
	vec_push(t->a, &t->explicit_vars, v);
	return hcl_raw(t->a, "var.%s", name);
}

static size_t comp_index(struct m_comp *const *arr, size_t n, const struct m_comp *c)
{
	for (size_t i = 0; i < n; i++)
		if (arr[i] == c)
			return i;
	return 0;
}

/* The provisioned concurrency of function F in every environment, as a
 * literal when they agree, else a variable. NULL when none has any. */
static struct hcl_expr *provisioned(struct tf *t, const struct m_function *f)
{
	size_t k = comp_index((struct m_comp *const *)t->m->functions, t->m->n_functions, &f->c);
	struct hcl_expr **vals = arena_alloc(t->a, t->nmodels * sizeof *vals);
	bool any = false;
	for (size_t i = 0; i < t->nmodels; i++) {
		int pc = t->models[i]->functions[k]->provisioned_concurrency;
		vals[i] = hcl_int(t->a, pc);
		any |= pc > 0;
	}
	if (!any)
		return NULL;
	return explicit_var(t, arena_printf(t->a, "%s_provisioned_concurrency", tfname(t, f->c.name)), "number",
			    arena_printf(t->a, "Provisioned concurrency of function %s on its live alias (0: none)", f->c.name),
			    vals);
}

/* What invokes F: its alias where it has provisioned concurrency. */
static struct hcl_expr *function_target(struct tf *t, const struct m_function *f)
{
	struct hcl_expr *pc = provisioned(t, f);
	const char *fn = tfname(t, f->c.name);
	if (!pc)
		return hcl_raw(t->a, "aws_lambda_function.%s.arn", fn);
	if (pc->kind == HX_NUMBER)
		return hcl_raw(t->a, "aws_lambda_alias.%s.arn", fn);
	return hcl_raw(t->a, "%s > 0 ? aws_lambda_alias.%s[0].arn : aws_lambda_function.%s.arn", pc->text, fn, fn);
}

/* KIND.NAME.ATTR in Terraform. */
static struct hcl_expr *comp_attr(struct tf *t, const struct m_comp *c, enum m_attr attr)
{
	if (attr == MA_ARN)
		return c->kind == MK_FUNCTION ? attr_of(t, c, "arn") : comp_arn(t, c);
	switch (c->kind) {
	case MK_QUEUE: return attr_of(t, c, attr == MA_URL ? "url" : "name");
	case MK_FUNCTION: return attr_of(t, c, "function_name");
	case MK_TABLE: return attr_of(t, c, attr == MA_STREAM_ARN ? "stream_arn" : "name");
	case MK_KEY:
		if (attr == MA_ALIAS)
			return hcl_raw(t->a, "aws_kms_alias.%s.name", tfname(t, c->name));
		return attr_of(t, c, "key_id");
	default: return attr_of(t, c, "name");
	}
}

static struct hcl_expr *mval(struct tf *t, const struct m_val *v, const char *hint)
{
	switch (v->kind) {
	case MV_STRING: return hcl_hint(hcl_str(t->a, v->str), hint);
	case MV_NUMBER: return hcl_hint(hcl_str(t->a, v->str ? v->str : "0"), hint);
	case MV_BOOL: return hcl_hint(hcl_str(t->a, v->b ? "true" : "false"), hint);
	case MV_COMPREF: return comp_attr(t, v->comp, v->attr);
	}
	return hcl_str(t->a, "");
}

/* ---- policies ---- */

static struct hcl_expr *strings(struct tf *t, const char *const *items)
{
	struct hcl_expr *l = hcl_list(t->a);
	for (size_t i = 0; items[i]; i++)
		hcl_push(t->a, l, hcl_str(t->a, items[i]));
	return l;
}

static struct hcl_expr *statement(struct tf *t, const char *sid, struct hcl_expr *principal, struct hcl_expr *actions,
				  struct hcl_expr *resources, struct hcl_expr *condition)
{
	struct hcl_expr *s = hcl_object(t->a);
	hcl_put(t->a, s, "Sid", hcl_str(t->a, sid));
	hcl_put(t->a, s, "Effect", hcl_str(t->a, "Allow"));
	if (principal)
		hcl_put(t->a, s, "Principal", principal);
	hcl_put(t->a, s, "Action", actions);
	hcl_put(t->a, s, "Resource", resources);
	if (condition)
		hcl_put(t->a, s, "Condition", condition);
	return s;
}

static struct hcl_expr *one(struct tf *t, struct hcl_expr *e)
{
	struct hcl_expr *l = hcl_list(t->a);
	hcl_push(t->a, l, e);
	return l;
}

static struct hcl_expr *policy_document(struct tf *t, struct hcl_expr *statements)
{
	struct hcl_expr *d = hcl_object(t->a);
	hcl_put(t->a, d, "Version", hcl_str(t->a, "2012-10-17"));
	hcl_put(t->a, d, "Statement", statements);
	return hcl_call(t->a, "jsonencode", d);
}

static struct hcl_expr *service(struct tf *t, const char *svc)
{
	struct hcl_expr *p = hcl_object(t->a);
	hcl_put(t->a, p, "Service", hcl_str(t->a, svc));
	return p;
}

static struct hcl_expr *arn_condition(struct tf *t, const char *op, const char *key, struct hcl_expr *value)
{
	struct hcl_expr *inner = hcl_object(t->a), *c = hcl_object(t->a);
	hcl_put(t->a, inner, key, value);
	hcl_put(t->a, c, op, inner);
	return c;
}

struct role {
	struct hcl_expr *statements;
	const struct m_key *kms[16];
	unsigned uses[16];
	size_t nkms;
};

static void role_init(struct tf *t, struct role *r)
{
	memset(r, 0, sizeof *r);
	r->statements = hcl_list(t->a);
}

static void role_allow(struct tf *t, struct role *r, const char *sid, const char *const *actions, struct hcl_expr *res)
{
	hcl_push(t->a, r->statements, statement(t, sid, NULL, strings(t, actions), res->kind == HX_LIST ? res : one(t, res), NULL));
}

static void role_kms(struct role *r, const struct m_key *k, unsigned uses)
{
	if (!k)
		return;
	for (size_t i = 0; i < r->nkms; i++) {
		if (r->kms[i] == k) {
			r->uses[i] |= uses;
			return;
		}
	}
	if (r->nkms < 16) {
		r->kms[r->nkms] = k;
		r->uses[r->nkms++] = uses;
	}
}

static size_t key_index(struct tf *t, const struct m_key *k)
{
	return comp_index((struct m_comp *const *)t->m->keys, t->m->n_keys, &k->c);
}

static void key_service(struct tf *t, const struct m_key *k, unsigned svc)
{
	if (k && key_index(t, k) < 64)
		t->key_services[key_index(t, k)] |= svc;
}

static const char *role_resource(struct tf *t, const char *local, const char *svc, const char *name, struct role *r,
				 const char *description)
{
	for (size_t i = 0; i < r->nkms; i++) {
		struct hcl_expr *acts = hcl_list(t->a);
		if (r->uses[i] & KMS_DECRYPT)
			hcl_push(t->a, acts, hcl_str(t->a, "kms:Decrypt"));
		if (r->uses[i] & KMS_GENERATE)
			hcl_push(t->a, acts, hcl_str(t->a, "kms:GenerateDataKey"));
		hcl_push(t->a, r->statements, statement(t, arena_printf(t->a, "UseKey%s", names_pascal(t->a, r->kms[i]->c.name)),
			NULL, acts, one(t, comp_arn(t, &r->kms[i]->c)), NULL));
	}
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_iam_role", local, NULL);
	hcl_attr(t->a, b, "name", phys(t, name, 64));
	hcl_attr(t->a, b, "description", hcl_str(t->a, description));
	struct hcl_expr *trust = hcl_object(t->a);
	hcl_put(t->a, trust, "Effect", hcl_str(t->a, "Allow"));
	hcl_put(t->a, trust, "Principal", service(t, svc));
	hcl_put(t->a, trust, "Action", hcl_str(t->a, "sts:AssumeRole"));
	hcl_attr(t->a, b, "assume_role_policy", policy_document(t, one(t, trust)));
	hcl_attr(t->a, b, "tags", tags(t));
	if (r->statements->items.n) {
		struct hcl_body *p = hcl_block(t->a, t->main, "resource", "aws_iam_role_policy", local, NULL);
		hcl_attr(t->a, p, "name", hcl_str(t->a, "least-privilege"));
		hcl_attr(t->a, p, "role", hcl_raw(t->a, "aws_iam_role.%s.id", local));
		hcl_attr(t->a, p, "policy", policy_document(t, r->statements));
	}
	return local;
}

/* What a statement of iam.c applies to, in Terraform. LG is the local
 * name of the log group of the role's own function. */
static struct hcl_expr *iam_resource(struct tf *t, const struct iam_statement *s, const char *lg)
{
	struct hcl_expr *e;
	switch (s->target) {
	case IAM_COMP:
		return s->comp->kind == MK_FUNCTION ? function_target(t, (const struct m_function *)s->comp)
						    : comp_arn(t, s->comp);
	case IAM_STAR:
		return hcl_str(t->a, "*");
	case IAM_LOG_GROUP:
		return hcl_raw(t->a, "\"${aws_cloudwatch_log_group.%s.arn}:*\"", lg);
	case IAM_EXECUTIONS:
	case IAM_SYNC_RULE:
		e = hcl_template(t->a);
		hcl_template_lit(t->a, e, "arn:");
		hcl_template_expr(t->a, e, hcl_raw(t->a, "data.aws_partition.current.partition"));
		hcl_template_lit(t->a, e, s->target == IAM_SYNC_RULE ? ":events:" : ":states:");
		hcl_template_expr(t->a, e, hcl_raw(t->a, "var.region"));
		hcl_template_lit(t->a, e, ":");
		hcl_template_expr(t->a, e, hcl_raw(t->a, "data.aws_caller_identity.current.account_id"));
		if (s->target == IAM_SYNC_RULE) {
			hcl_template_lit(t->a, e, ":rule/StepFunctionsGetEventsForStepFunctionsExecutionRule");
			return e;
		}
		hcl_template_lit(t->a, e, ":execution:");
		hcl_template_expr(t->a, e, comp_name(t, s->comp));
		hcl_template_lit(t->a, e, ":*");
		return e;
	}
	return hcl_str(t->a, "*");
}

static void role_from_iam(struct tf *t, struct role *r, const struct iam_role *ir, const char *lg)
{
	role_init(t, r);
	for (size_t i = 0; i < ir->statements.n; i++) {
		const struct iam_statement *s = ir->statements.items[i];
		role_allow(t, r, s->sid, s->actions, iam_resource(t, s, lg));
	}
	for (size_t i = 0; i < ir->nkeys; i++)
		role_kms(r, ir->keys[i].key, ir->keys[i].uses);
}

static struct policy_acc *policy_for(struct tf *t, struct vec *v, const struct m_comp *c)
{
	for (size_t i = 0; i < v->n; i++)
		if (((struct policy_acc *)v->items[i])->comp == c)
			return v->items[i];
	struct policy_acc *p = arena_alloc(t->a, sizeof *p);
	p->comp = c;
	p->statements = hcl_list(t->a);
	vec_push(t->a, v, p);
	return p;
}

static void queue_allow(struct tf *t, const struct m_queue *q, const char *sid, const char *svc, struct hcl_expr *source)
{
	struct policy_acc *p = policy_for(t, &t->queue_policies, &q->c);
	hcl_push(t->a, p->statements, statement(t, sid, service(t, svc), hcl_str(t->a, "sqs:SendMessage"),
		comp_arn(t, &q->c), arn_condition(t, "ArnEquals", "aws:SourceArn", source)));
	key_service(t, q->key, !strcmp(svc, "sns.amazonaws.com") ? KS_SNS : KS_EVENTS);
}

static void topic_allow(struct tf *t, const struct m_topic *tp, const char *sid, struct hcl_expr *source)
{
	struct policy_acc *p = policy_for(t, &t->topic_policies, &tp->c);
	hcl_push(t->a, p->statements, statement(t, sid, service(t, "events.amazonaws.com"), hcl_str(t->a, "sns:Publish"),
		comp_arn(t, &tp->c), arn_condition(t, "ArnEquals", "aws:SourceArn", source)));
	key_service(t, tp->key, KS_EVENTS);
}

/* ---- resources ---- */

static void log_group(struct tf *t, const char *local, struct hcl_expr *name, int retention, const struct m_key *key)
{
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_log_group", local, NULL);
	hcl_attr(t->a, b, "name", name);
	if (retention)
		hcl_attr(t->a, b, "retention_in_days", hcl_hint(hcl_int(t->a, retention), "log_retention_days"));
	if (key)
		hcl_attr(t->a, b, "kms_key_id", comp_arn(t, &key->c));
	hcl_attr(t->a, b, "tags", tags(t));
	key_service(t, key, KS_LOGS);
}

static void emit_key(struct tf *t, const struct m_key *k)
{
	const char *local = tfname(t, k->c.name);
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_kms_key", local, NULL);
	struct hcl_expr *desc = hcl_template(t->a);
	hcl_template_lit(t->a, desc, arena_printf(t->a, "Key %s of pattern %s (", k->c.name, t->m->name));
	hcl_template_expr(t->a, desc, hcl_raw(t->a, "var.environment"));
	hcl_template_lit(t->a, desc, ")");
	hcl_attr(t->a, b, "description", k->c.description ? hcl_str(t->a, k->c.description) : desc);
	hcl_attr(t->a, b, "enable_key_rotation", hcl_bool(t->a, k->rotation));
	hcl_attr(t->a, b, "deletion_window_in_days", hcl_int(t->a, k->pending_window_days));
	struct hcl_expr *st = hcl_list(t->a);
	struct hcl_expr *root = hcl_object(t->a);
	hcl_put(t->a, root, "AWS", hcl_raw(t->a,
		"\"arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root\""));
	struct hcl_expr *admin_st = statement(t, "AccountAdministersKey", root, strings(t, iam_key_admin), hcl_str(t->a, "*"), NULL);
	hcl_push(t->a, st, admin_st);
	t->key_statements[key_index(t, k) < 64 ? key_index(t, k) : 63] = st;
	hcl_attr(t->a, b, "policy", policy_document(t, st));
	hcl_attr(t->a, b, "tags", tags(t));
	struct hcl_body *al = hcl_block(t->a, t->main, "resource", "aws_kms_alias", local, NULL);
	struct hcl_expr *an = hcl_template(t->a);
	hcl_template_lit(t->a, an, "alias/");
	hcl_template_expr(t->a, an, hcl_raw(t->a, "local.name_prefix"));
	hcl_template_lit(t->a, an, arena_printf(t->a, "-%s", k->c.name));
	hcl_attr(t->a, al, "name", an);
	hcl_attr(t->a, al, "target_key_id", hcl_raw(t->a, "aws_kms_key.%s.key_id", local));
}

static void finish_keys(struct tf *t)
{
	static const struct { unsigned bit; const char *sid, *svc; } svcs[] = {
		{ KS_EVENTS, "EventBridgeUsesKey", "events.amazonaws.com" },
		{ KS_SNS, "SnsUsesKey", "sns.amazonaws.com" },
		{ KS_STATES, "StepFunctionsUsesKey", "states.amazonaws.com" },
		{ KS_CLOUDWATCH, "CloudWatchAlarmsUseKey", "cloudwatch.amazonaws.com" },
	};
	for (size_t i = 0; i < t->m->n_keys && i < 64; i++) {
		struct hcl_expr *st = t->key_statements[i];
		for (size_t k = 0; k < sizeof svcs / sizeof svcs[0]; k++) {
			if (!(t->key_services[i] & svcs[k].bit))
				continue;
			hcl_push(t->a, st, statement(t, svcs[k].sid, service(t, svcs[k].svc), strings(t, iam_key_use), hcl_str(t->a, "*"),
				arn_condition(t, "StringEquals", "aws:SourceAccount",
					      hcl_raw(t->a, "data.aws_caller_identity.current.account_id"))));
		}
		if (t->key_services[i] & KS_LOGS) {
			struct hcl_expr *p = hcl_object(t->a);
			hcl_put(t->a, p, "Service", hcl_raw(t->a, "\"logs.${var.region}.amazonaws.com\""));
			hcl_push(t->a, st, statement(t, "CloudWatchLogsUsesKey", p, strings(t, iam_key_logs), hcl_str(t->a, "*"),
				arn_condition(t, "ArnLike", "kms:EncryptionContext:aws:logs:arn", hcl_raw(t->a,
					"\"arn:${data.aws_partition.current.partition}:logs:${var.region}:${data.aws_caller_identity.current.account_id}:log-group:*\""))));
		}
	}
}

static void emit_schemas(struct tf *t, const struct m_bus *bus)
{
	size_t n = 0;
	for (size_t i = 0; i < t->m->n_events; i++)
		n += t->m->events[i]->bus == bus;
	if (!n && !bus->schema_discovery)
		return;
	const char *local = tfname(t, bus->c.name);
	struct hcl_body *r = hcl_block(t->a, t->main, "resource", "aws_schemas_registry", local, NULL);
	hcl_attr(t->a, r, "name", comp_name(t, &bus->c));
	hcl_attr(t->a, r, "description", hcl_str(t->a, arena_printf(t->a, "Events of bus %s", bus->c.name)));
	hcl_attr(t->a, r, "tags", tags(t));
	for (size_t i = 0; i < t->m->n_events; i++) {
		const struct m_event *e = t->m->events[i];
		if (e->bus != bus)
			continue;
		struct hcl_body *s = hcl_block(t->a, t->main, "resource", "aws_schemas_schema", tfname(t, e->c.name), NULL);
		hcl_attr(t->a, s, "name", hcl_str(t->a, arena_printf(t->a, "%s@%s", e->source, e->detail_type)));
		hcl_attr(t->a, s, "registry_name", hcl_raw(t->a, "aws_schemas_registry.%s.name", local));
		hcl_attr(t->a, s, "type", hcl_str(t->a, "JSONSchemaDraft4"));
		hcl_attr(t->a, s, "description", hcl_str(t->a, e->c.description ? e->c.description
			: arena_printf(t->a, "%s from %s, version %d", e->detail_type, e->source, e->version)));
		json_t *doc = eventschema_json(e);
		hcl_attr(t->a, s, "content", hcl_call(t->a, "jsonencode", hcl_from_json(t->a, doc)));
		json_decref(doc);
		hcl_attr(t->a, s, "tags", tags(t));
	}
	if (bus->schema_discovery) {
		struct hcl_body *d = hcl_block(t->a, t->main, "resource", "aws_schemas_discoverer", local, NULL);
		hcl_attr(t->a, d, "source_arn", comp_arn(t, &bus->c));
		hcl_attr(t->a, d, "description", hcl_str(t->a, arena_printf(t->a, "Discovers the events on bus %s", bus->c.name)));
		hcl_attr(t->a, d, "tags", tags(t));
	}
}

static void emit_audit(struct tf *t, const struct m_bus *bus)
{
	const char *l = arena_printf(t->a, "%s_audit", tfname(t, bus->c.name));
	const struct m_key *key = bus->audit_key;
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_s3_bucket", l, NULL);
	struct hcl_expr *bn = hcl_template(t->a);
	hcl_template_expr(t->a, bn, phys(t, arena_printf(t->a, "%s-audit", bus->c.name), 50));
	hcl_template_lit(t->a, bn, "-");
	hcl_template_expr(t->a, bn, hcl_raw(t->a, "data.aws_caller_identity.current.account_id"));
	hcl_attr(t->a, b, "bucket", bn);
	hcl_attr(t->a, b, "tags", tags(t));

	struct hcl_body *enc = hcl_block(t->a, t->main, "resource", "aws_s3_bucket_server_side_encryption_configuration", l, NULL);
	hcl_attr(t->a, enc, "bucket", hcl_raw(t->a, "aws_s3_bucket.%s.id", l));
	struct hcl_body *rule = hcl_block(t->a, enc, "rule", NULL);
	hcl_attr(t->a, rule, "bucket_key_enabled", hcl_bool(t->a, true));
	struct hcl_body *def = hcl_block(t->a, rule, "apply_server_side_encryption_by_default", NULL);
	hcl_attr(t->a, def, "sse_algorithm", hcl_str(t->a, "aws:kms"));
	if (key)
		hcl_attr(t->a, def, "kms_master_key_id", comp_arn(t, &key->c));

	struct hcl_body *pab = hcl_block(t->a, t->main, "resource", "aws_s3_bucket_public_access_block", l, NULL);
	hcl_attr(t->a, pab, "bucket", hcl_raw(t->a, "aws_s3_bucket.%s.id", l));
	hcl_attr(t->a, pab, "block_public_acls", hcl_bool(t->a, true));
	hcl_attr(t->a, pab, "block_public_policy", hcl_bool(t->a, true));
	hcl_attr(t->a, pab, "ignore_public_acls", hcl_bool(t->a, true));
	hcl_attr(t->a, pab, "restrict_public_buckets", hcl_bool(t->a, true));

	struct hcl_body *own = hcl_block(t->a, t->main, "resource", "aws_s3_bucket_ownership_controls", l, NULL);
	hcl_attr(t->a, own, "bucket", hcl_raw(t->a, "aws_s3_bucket.%s.id", l));
	hcl_attr(t->a, hcl_block(t->a, own, "rule", NULL), "object_ownership", hcl_str(t->a, "BucketOwnerEnforced"));

	struct hcl_body *ver = hcl_block(t->a, t->main, "resource", "aws_s3_bucket_versioning", l, NULL);
	hcl_attr(t->a, ver, "bucket", hcl_raw(t->a, "aws_s3_bucket.%s.id", l));
	hcl_attr(t->a, hcl_block(t->a, ver, "versioning_configuration", NULL), "status", hcl_str(t->a, "Enabled"));

	if (bus->audit_bucket_retention_days) {
		struct hcl_body *lc = hcl_block(t->a, t->main, "resource", "aws_s3_bucket_lifecycle_configuration", l, NULL);
		hcl_attr(t->a, lc, "bucket", hcl_raw(t->a, "aws_s3_bucket.%s.id", l));
		struct hcl_body *r = hcl_block(t->a, lc, "rule", NULL);
		hcl_attr(t->a, r, "id", hcl_str(t->a, "expire-audit-events"));
		hcl_attr(t->a, r, "status", hcl_str(t->a, "Enabled"));
		hcl_block(t->a, r, "filter", NULL);
		hcl_attr(t->a, hcl_block(t->a, r, "expiration", NULL), "days",
			 hcl_hint(hcl_int(t->a, bus->audit_bucket_retention_days), "audit_bucket_retention_days"));
		hcl_attr(t->a, hcl_block(t->a, r, "noncurrent_version_expiration", NULL), "noncurrent_days",
			 hcl_hint(hcl_int(t->a, bus->audit_bucket_retention_days), "audit_bucket_retention_days"));
	}

	struct hcl_body *bp = hcl_block(t->a, t->main, "resource", "aws_s3_bucket_policy", l, NULL);
	hcl_attr(t->a, bp, "bucket", hcl_raw(t->a, "aws_s3_bucket.%s.id", l));
	struct hcl_expr *deny = hcl_object(t->a);
	hcl_put(t->a, deny, "Sid", hcl_str(t->a, "DenyInsecureTransport"));
	hcl_put(t->a, deny, "Effect", hcl_str(t->a, "Deny"));
	hcl_put(t->a, deny, "Principal", hcl_str(t->a, "*"));
	hcl_put(t->a, deny, "Action", hcl_str(t->a, "s3:*"));
	struct hcl_expr *res = hcl_list(t->a);
	hcl_push(t->a, res, hcl_raw(t->a, "aws_s3_bucket.%s.arn", l));
	hcl_push(t->a, res, hcl_raw(t->a, "\"${aws_s3_bucket.%s.arn}/*\"", l));
	hcl_put(t->a, deny, "Resource", res);
	hcl_put(t->a, deny, "Condition", arn_condition(t, "Bool", "aws:SecureTransport", hcl_str(t->a, "false")));
	hcl_attr(t->a, bp, "policy", policy_document(t, one(t, deny)));

	struct role fr;
	role_init(t, &fr);
	static const char *const s3w[] = { "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject",
					   "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:PutObject", NULL };
	struct hcl_expr *bres = hcl_list(t->a);
	hcl_push(t->a, bres, hcl_raw(t->a, "aws_s3_bucket.%s.arn", l));
	hcl_push(t->a, bres, hcl_raw(t->a, "\"${aws_s3_bucket.%s.arn}/*\"", l));
	role_allow(t, &fr, "WriteAuditBucket", s3w, bres);
	role_kms(&fr, key, KMS_DECRYPT | KMS_GENERATE);
	const char *frole = role_resource(t, arena_printf(t->a, "%s_firehose", l), "firehose.amazonaws.com",
		arena_printf(t->a, "%s-audit-firehose", bus->c.name), &fr, "Lets Firehose write audited events to the bucket");

	struct hcl_body *ds = hcl_block(t->a, t->main, "resource", "aws_kinesis_firehose_delivery_stream", l, NULL);
	hcl_attr(t->a, ds, "name", phys(t, arena_printf(t->a, "%s-audit", bus->c.name), 64));
	hcl_attr(t->a, ds, "destination", hcl_str(t->a, "extended_s3"));
	hcl_attr(t->a, ds, "tags", tags(t));
	if (key) {
		struct hcl_body *sse = hcl_block(t->a, ds, "server_side_encryption", NULL);
		hcl_attr(t->a, sse, "enabled", hcl_bool(t->a, true));
		hcl_attr(t->a, sse, "key_type", hcl_str(t->a, "CUSTOMER_MANAGED_CMK"));
		hcl_attr(t->a, sse, "key_arn", comp_arn(t, &key->c));
	}
	struct hcl_body *s3 = hcl_block(t->a, ds, "extended_s3_configuration", NULL);
	hcl_attr(t->a, s3, "role_arn", hcl_raw(t->a, "aws_iam_role.%s.arn", frole));
	hcl_attr(t->a, s3, "bucket_arn", hcl_raw(t->a, "aws_s3_bucket.%s.arn", l));
	hcl_attr(t->a, s3, "prefix", hcl_str(t->a, "events/"));
	hcl_attr(t->a, s3, "error_output_prefix", hcl_str(t->a, "errors/"));
	hcl_attr(t->a, s3, "buffering_interval", hcl_int(t->a, 300));
	hcl_attr(t->a, s3, "buffering_size", hcl_int(t->a, 5));
	hcl_attr(t->a, s3, "compression_format", hcl_str(t->a, "GZIP"));
	if (key)
		hcl_attr(t->a, s3, "kms_key_arn", comp_arn(t, &key->c));

	struct role er;
	role_init(t, &er);
	static const char *const put[] = { "firehose:PutRecord", "firehose:PutRecordBatch", NULL };
	role_allow(t, &er, "PutAuditRecords", put, hcl_raw(t->a, "aws_kinesis_firehose_delivery_stream.%s.arn", l));
	const char *erole = role_resource(t, arena_printf(t->a, "%s_rule", l), "events.amazonaws.com",
		arena_printf(t->a, "%s-audit-rule", bus->c.name), &er, "Lets EventBridge deliver every event to the audit stream");

	struct hcl_body *r = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_event_rule", l, NULL);
	hcl_attr(t->a, r, "name", phys(t, arena_printf(t->a, "%s-audit", bus->c.name), 64));
	hcl_attr(t->a, r, "description", hcl_str(t->a, arena_printf(t->a, "Every event on bus %s, to the audit trail", bus->c.name)));
	hcl_attr(t->a, r, "event_bus_name", attr_of(t, &bus->c, "name"));
	json_t *pat = json_pack("{s:[{s:s}]}", "source", "prefix", "");
	hcl_attr(t->a, r, "event_pattern", hcl_call(t->a, "jsonencode", hcl_from_json(t->a, pat)));
	json_decref(pat);
	hcl_attr(t->a, r, "state", hcl_str(t->a, "ENABLED"));
	hcl_attr(t->a, r, "tags", tags(t));
	struct hcl_body *tg = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_event_target", l, NULL);
	hcl_attr(t->a, tg, "rule", hcl_raw(t->a, "aws_cloudwatch_event_rule.%s.name", l));
	hcl_attr(t->a, tg, "event_bus_name", attr_of(t, &bus->c, "name"));
	hcl_attr(t->a, tg, "target_id", hcl_str(t->a, "AuditStream"));
	hcl_attr(t->a, tg, "arn", hcl_raw(t->a, "aws_kinesis_firehose_delivery_stream.%s.arn", l));
	hcl_attr(t->a, tg, "role_arn", hcl_raw(t->a, "aws_iam_role.%s.arn", erole));
}

static void emit_bus(struct tf *t, const struct m_bus *bus)
{
	const char *local = tfname(t, bus->c.name);
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_event_bus", local, NULL);
	hcl_attr(t->a, b, "name", comp_name(t, &bus->c));
	hcl_attr(t->a, b, "description", hcl_str(t->a, bus->c.description ? bus->c.description
		: arena_printf(t->a, "Event bus %s of pattern %s", bus->c.name, t->m->name)));
	if (bus->key)
		hcl_attr(t->a, b, "kms_key_identifier", comp_arn(t, &bus->key->c));
	hcl_attr(t->a, b, "tags", tags(t));
	key_service(t, bus->key, KS_EVENTS);
	if (bus->archive) {
		struct hcl_body *ar = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_event_archive", local, NULL);
		hcl_attr(t->a, ar, "name", phys(t, bus->c.name, 48));
		hcl_attr(t->a, ar, "description", hcl_str(t->a, arena_printf(t->a, "Replayable archive of bus %s", bus->c.name)));
		hcl_attr(t->a, ar, "event_source_arn", comp_arn(t, &bus->c));
		if (bus->key)
			hcl_attr(t->a, ar, "kms_key_identifier", comp_arn(t, &bus->key->c));
		hcl_attr(t->a, ar, "retention_days", hcl_hint(hcl_int(t->a, bus->archive_retention_days), "archive_retention_days"));
	}
	emit_schemas(t, bus);
	if (bus->audit)
		emit_audit(t, bus);
}

static void queue_args(struct tf *t, struct hcl_body *b, const struct m_queue *q, bool dlq)
{
	struct hcl_expr *name = dlq ? phys(t, arena_printf(t->a, "%s-dlq", q->c.name), q->fifo ? 75 : 80)
				    : phys(t, q->c.name, q->fifo ? 75 : 80);
	if (q->fifo) {
		struct hcl_expr *f = hcl_template(t->a);
		hcl_template_expr(t->a, f, name);
		hcl_template_lit(t->a, f, ".fifo");
		name = f;
	}
	hcl_attr(t->a, b, "name", name);
	if (q->fifo)
		hcl_attr(t->a, b, "fifo_queue", hcl_bool(t->a, true));
	if (!dlq)
		hcl_attr(t->a, b, "visibility_timeout_seconds", hcl_int(t->a, q->visibility_timeout_s));
	hcl_attr(t->a, b, "message_retention_seconds", hcl_int(t->a, dlq ? q->dlq_retention_s : q->retention_s));
	if (!dlq && q->delay_s)
		hcl_attr(t->a, b, "delay_seconds", hcl_int(t->a, q->delay_s));
	if (!dlq && q->max_message_size != 262144)
		hcl_attr(t->a, b, "max_message_size", hcl_int(t->a, q->max_message_size));
	if (!dlq && q->receive_wait_s)
		hcl_attr(t->a, b, "receive_wait_time_seconds", hcl_int(t->a, q->receive_wait_s));
	if (q->key) {
		hcl_attr(t->a, b, "kms_master_key_id", comp_arn(t, &q->key->c));
		hcl_attr(t->a, b, "kms_data_key_reuse_period_seconds", hcl_int(t->a, 300));
	}
}

static void emit_queue(struct tf *t, const struct m_queue *q)
{
	const char *local = tfname(t, q->c.name);
	const char *dlq = arena_printf(t->a, "%s_dlq", local);
	if (q->dlq) {
		struct hcl_body *d = hcl_block(t->a, t->main, "resource", "aws_sqs_queue", dlq, NULL);
		queue_args(t, d, q, true);
		hcl_attr(t->a, d, "tags", tags(t));
	}
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_sqs_queue", local, NULL);
	queue_args(t, b, q, false);
	if (q->dlq) {
		struct hcl_expr *rp = hcl_object(t->a);
		hcl_put(t->a, rp, "deadLetterTargetArn", hcl_raw(t->a, "aws_sqs_queue.%s.arn", dlq));
		hcl_put(t->a, rp, "maxReceiveCount", hcl_int(t->a, q->dlq_max_receives));
		hcl_attr(t->a, b, "redrive_policy", hcl_call(t->a, "jsonencode", rp));
	}
	hcl_attr(t->a, b, "tags", tags(t));
}

static void emit_table(struct tf *t, const struct m_table *tb)
{
	static const char *const types[] = { "S", "N", "B" };
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_dynamodb_table", tfname(t, tb->c.name), NULL);
	hcl_attr(t->a, b, "name", comp_name(t, &tb->c));
	hcl_attr(t->a, b, "billing_mode", hcl_str(t->a, "PAY_PER_REQUEST"));
	hcl_attr(t->a, b, "hash_key", hcl_str(t->a, tb->pk));
	if (tb->sk)
		hcl_attr(t->a, b, "range_key", hcl_str(t->a, tb->sk));
	if (tb->stream) {
		hcl_attr(t->a, b, "stream_enabled", hcl_bool(t->a, true));
		hcl_attr(t->a, b, "stream_view_type", hcl_str(t->a, "NEW_AND_OLD_IMAGES"));
	}
	hcl_attr(t->a, b, "tags", tags(t));
	struct hcl_body *at = hcl_block(t->a, b, "attribute", NULL);
	hcl_attr(t->a, at, "name", hcl_str(t->a, tb->pk));
	hcl_attr(t->a, at, "type", hcl_str(t->a, types[tb->pk_type]));
	if (tb->sk) {
		at = hcl_block(t->a, b, "attribute", NULL);
		hcl_attr(t->a, at, "name", hcl_str(t->a, tb->sk));
		hcl_attr(t->a, at, "type", hcl_str(t->a, types[tb->sk_type]));
	}
	hcl_attr(t->a, hcl_block(t->a, b, "point_in_time_recovery", NULL), "enabled", hcl_bool(t->a, tb->pitr));
	if (tb->key) {
		struct hcl_body *s = hcl_block(t->a, b, "server_side_encryption", NULL);
		hcl_attr(t->a, s, "enabled", hcl_bool(t->a, true));
		hcl_attr(t->a, s, "kms_key_arn", comp_arn(t, &tb->key->c));
	}
	if (tb->ttl) {
		struct hcl_body *s = hcl_block(t->a, b, "ttl", NULL);
		hcl_attr(t->a, s, "attribute_name", hcl_str(t->a, tb->ttl));
		hcl_attr(t->a, s, "enabled", hcl_bool(t->a, true));
	}
}

static void emit_function(struct tf *t, const struct m_function *f)
{
	const char *local = tfname(t, f->c.name);
	struct hcl_expr *name = comp_name(t, &f->c);
	struct hcl_expr *lgname = hcl_template(t->a);
	hcl_template_lit(t->a, lgname, "/aws/lambda/");
	hcl_template_expr(t->a, lgname, name);
	log_group(t, local, lgname, f->log_retention_days, f->key);

	struct iam_role ir;
	struct role r;
	iam_function_role(t->a, f, &ir);
	role_from_iam(t, &r, &ir, local);
	const char *role = role_resource(t, arena_printf(t->a, "%s_lambda", local), "lambda.amazonaws.com",
		arena_printf(t->a, "%s-lambda", f->c.name), &r,
		arena_printf(t->a, "Execution role of function %s: only what it consumes, writes and publishes", f->c.name));

	struct hcl_expr *pc = provisioned(t, f);
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_lambda_function", local, NULL);
	hcl_attr(t->a, b, "function_name", name);
	if (f->c.description)
		hcl_attr(t->a, b, "description", hcl_str(t->a, f->c.description));
	hcl_attr(t->a, b, "role", hcl_raw(t->a, "aws_iam_role.%s.arn", role));
	hcl_attr(t->a, b, "runtime", hcl_str(t->a, f->runtime ? f->runtime : "python3.12"));
	hcl_attr(t->a, b, "handler", hcl_str(t->a, f->handler ? f->handler : "index.handler"));
	hcl_attr(t->a, b, "s3_bucket", hcl_raw(t->a, "var.artifact_bucket"));
	struct hcl_expr *key = hcl_template(t->a);
	hcl_template_expr(t->a, key, hcl_raw(t->a, "var.artifact_prefix"));
	hcl_template_lit(t->a, key, arena_printf(t->a, "%s.zip", f->code ? f->code : f->c.name));
	hcl_attr(t->a, b, "s3_key", key);
	hcl_attr(t->a, b, "architectures", one(t, hcl_str(t->a, f->architecture)));
	hcl_attr(t->a, b, "timeout", hcl_hint(hcl_int(t->a, f->timeout_s), "lambda_timeout"));
	hcl_attr(t->a, b, "memory_size", hcl_hint(hcl_int(t->a, f->memory_mb), "lambda_memory_size"));
	if (f->reserved_concurrency >= 0)
		hcl_attr(t->a, b, "reserved_concurrent_executions", hcl_hint(hcl_int(t->a, f->reserved_concurrency),
			arena_printf(t->a, "%s_reserved_concurrency", local)));
	if (pc)
		hcl_attr(t->a, b, "publish", hcl_bool(t->a, true));
	if (f->key && f->environment.n)
		hcl_attr(t->a, b, "kms_key_arn", comp_arn(t, &f->key->c));
	hcl_attr(t->a, b, "tags", tags(t));
	if (f->ephemeral_storage_mb != 512)
		hcl_attr(t->a, hcl_block(t->a, b, "ephemeral_storage", NULL), "size", hcl_int(t->a, f->ephemeral_storage_mb));
	hcl_attr(t->a, hcl_block(t->a, b, "tracing_config", NULL), "mode", hcl_str(t->a, f->tracing_active ? "Active" : "PassThrough"));
	if (f->environment.n) {
		struct hcl_expr *vars = hcl_object(t->a);
		for (size_t i = 0; i < f->environment.n; i++) {
			const char *k = f->environment.items[i].key;
			char *hint = arena_strdup(t->a, k);
			for (char *p = hint; *p; p++)
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
			hcl_put(t->a, vars, k, mval(t, &f->environment.items[i].val, hint));
		}
		hcl_attr(t->a, hcl_block(t->a, b, "environment", NULL), "variables", vars);
	}
	struct hcl_body *lc = hcl_block(t->a, b, "logging_config", NULL);
	hcl_attr(t->a, lc, "log_format", hcl_str(t->a, f->log_level ? "JSON" : "Text"));
	hcl_attr(t->a, lc, "log_group", hcl_raw(t->a, "aws_cloudwatch_log_group.%s.name", local));
	if (f->log_level)
		hcl_attr(t->a, lc, "application_log_level", hcl_hint(hcl_str(t->a, f->log_level), "log_level"));
	/* the role's grants are a resource of their own: the function waits for
	 * them (the log group it references already orders itself) */
	hcl_attr(t->a, b, "depends_on", one(t, hcl_raw(t->a, "aws_iam_role_policy.%s", role)));
	hcl_last(b)->blank_before = true;

	if (pc) {
		bool counted = pc->kind != HX_NUMBER;
		struct hcl_body *al = hcl_block(t->a, t->main, "resource", "aws_lambda_alias", local, NULL);
		if (counted)
			hcl_attr(t->a, al, "count", hcl_raw(t->a, "%s > 0 ? 1 : 0", pc->text));
		hcl_attr(t->a, al, "name", hcl_str(t->a, "live"));
		hcl_attr(t->a, al, "description", hcl_str(t->a, "The version that serves traffic"));
		hcl_attr(t->a, al, "function_name", hcl_raw(t->a, "aws_lambda_function.%s.function_name", local));
		hcl_attr(t->a, al, "function_version", hcl_raw(t->a, "aws_lambda_function.%s.version", local));
		struct hcl_body *pcc = hcl_block(t->a, t->main, "resource", "aws_lambda_provisioned_concurrency_config", local, NULL);
		if (counted)
			hcl_attr(t->a, pcc, "count", hcl_raw(t->a, "%s > 0 ? 1 : 0", pc->text));
		hcl_attr(t->a, pcc, "function_name", hcl_raw(t->a, "aws_lambda_function.%s.function_name", local));
		hcl_attr(t->a, pcc, "qualifier", hcl_raw(t->a, counted ? "aws_lambda_alias.%s[0].name" : "aws_lambda_alias.%s.name", local));
		hcl_attr(t->a, pcc, "provisioned_concurrent_executions", pc);
	}
	if (f->consume) {
		struct hcl_body *e = hcl_block(t->a, t->main, "resource", "aws_lambda_event_source_mapping", local, NULL);
		hcl_attr(t->a, e, "event_source_arn", comp_arn(t, &f->consume->c));
		hcl_attr(t->a, e, "function_name", function_target(t, f));
		hcl_attr(t->a, e, "batch_size", hcl_int(t->a, f->batch_size));
		if (f->batching_window_s)
			hcl_attr(t->a, e, "maximum_batching_window_in_seconds", hcl_int(t->a, f->batching_window_s));
		if (f->partial_failures)
			hcl_attr(t->a, e, "function_response_types", one(t, hcl_str(t->a, "ReportBatchItemFailures")));
		hcl_attr(t->a, e, "enabled", hcl_bool(t->a, true));
		hcl_attr(t->a, e, "tags", tags(t));
		if (f->max_concurrency)
			hcl_attr(t->a, hcl_block(t->a, e, "scaling_config", NULL), "maximum_concurrency", hcl_int(t->a, f->max_concurrency));
		hcl_attr(t->a, e, "depends_on", one(t, hcl_raw(t->a, "aws_iam_role_policy.%s", role)));
		hcl_last(e)->blank_before = true;
	}
}

static void lambda_permission(struct tf *t, const char *local, const struct m_function *f, const char *svc,
			      struct hcl_expr *source)
{
	struct hcl_body *p = hcl_block(t->a, t->main, "resource", "aws_lambda_permission", local, NULL);
	struct hcl_expr *pc = provisioned(t, f);
	hcl_attr(t->a, p, "statement_id", hcl_str(t->a, local));
	hcl_attr(t->a, p, "action", hcl_str(t->a, "lambda:InvokeFunction"));
	hcl_attr(t->a, p, "function_name", attr_of(t, &f->c, "function_name"));
	if (pc && pc->kind == HX_NUMBER)
		hcl_attr(t->a, p, "qualifier", hcl_raw(t->a, "aws_lambda_alias.%s.name", tfname(t, f->c.name)));
	else if (pc)
		hcl_attr(t->a, p, "qualifier", hcl_raw(t->a, "%s > 0 ? aws_lambda_alias.%s[0].name : null", pc->text,
						       tfname(t, f->c.name)));
	hcl_attr(t->a, p, "principal", hcl_str(t->a, svc));
	hcl_attr(t->a, p, "source_arn", source);
}

static const char *protocol_name(enum m_sub_protocol p)
{
	static const char *const names[] = { "email", "sqs", "lambda", "https", "http", "sms" };
	return names[p];
}

static void emit_topic(struct tf *t, const struct m_topic *tp)
{
	const char *local = tfname(t, tp->c.name);
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_sns_topic", local, NULL);
	struct hcl_expr *name = comp_name(t, &tp->c);
	if (tp->fifo) {
		struct hcl_expr *f = hcl_template(t->a);
		hcl_template_expr(t->a, f, name);
		hcl_template_lit(t->a, f, ".fifo");
		name = f;
	}
	hcl_attr(t->a, b, "name", name);
	if (tp->display_name)
		hcl_attr(t->a, b, "display_name", hcl_str(t->a, tp->display_name));
	if (tp->fifo)
		hcl_attr(t->a, b, "fifo_topic", hcl_bool(t->a, true));
	if (tp->key)
		hcl_attr(t->a, b, "kms_master_key_id", comp_arn(t, &tp->key->c));
	hcl_attr(t->a, b, "tags", tags(t));
	for (size_t i = 0; i < tp->n_subs; i++) {
		const struct m_subscription *s = &tp->subs[i];
		const char *what = s->queue ? tfname(t, s->queue->c.name) : s->function ? tfname(t, s->function->c.name)
			: arena_printf(t->a, "%s%zu", protocol_name(s->protocol), i + 1);
		const char *sl = arena_printf(t->a, "%s_to_%s", local, what);
		struct hcl_body *sb = hcl_block(t->a, t->main, "resource", "aws_sns_topic_subscription", sl, NULL);
		hcl_attr(t->a, sb, "topic_arn", comp_arn(t, &tp->c));
		hcl_attr(t->a, sb, "protocol", hcl_str(t->a, protocol_name(s->protocol)));
		if (s->queue)
			hcl_attr(t->a, sb, "endpoint", comp_arn(t, &s->queue->c));
		else if (s->function)
			hcl_attr(t->a, sb, "endpoint", function_target(t, s->function));
		else
			hcl_attr(t->a, sb, "endpoint", hcl_str(t->a, s->endpoint ? s->endpoint : ""));
		if (s->raw_delivery)
			hcl_attr(t->a, sb, "raw_message_delivery", hcl_bool(t->a, true));
		if (s->filter) {
			hcl_attr(t->a, sb, "filter_policy_scope", hcl_str(t->a, s->filter_on_body ? "MessageBody" : "MessageAttributes"));
			hcl_attr(t->a, sb, "filter_policy", hcl_call(t->a, "jsonencode", hcl_from_json(t->a, s->filter)));
		}
		if (s->queue)
			queue_allow(t, s->queue, arena_printf(t->a, "From%s", names_logical_id(t->a, &tp->c)), "sns.amazonaws.com",
				    comp_arn(t, &tp->c));
		if (s->function)
			lambda_permission(t, sl, s->function, "sns.amazonaws.com", comp_arn(t, &tp->c));
	}
}

static void emit_rule(struct tf *t, const struct m_rule *r)
{
	const char *local = tfname(t, r->c.name);
	const char *dlq = arena_printf(t->a, "%s_rule_dlq", local);
	struct hcl_expr *rule_arn = hcl_raw(t->a, "aws_cloudwatch_event_rule.%s.arn", local);
	bool any_dlq = false;
	for (size_t i = 0; i < r->n_targets; i++)
		any_dlq |= r->targets[i].dlq && !r->targets[i].dlq_queue;
	const struct m_key *key = t->m->default_key;
	if (any_dlq) {
		struct hcl_body *d = hcl_block(t->a, t->main, "resource", "aws_sqs_queue", dlq, NULL);
		hcl_attr(t->a, d, "name", phys(t, arena_printf(t->a, "%s-rule-dlq", r->c.name), 80));
		hcl_attr(t->a, d, "message_retention_seconds", hcl_int(t->a, 14 * 86400));
		if (key) {
			hcl_attr(t->a, d, "kms_master_key_id", comp_arn(t, &key->c));
			hcl_attr(t->a, d, "kms_data_key_reuse_period_seconds", hcl_int(t->a, 300));
		}
		hcl_attr(t->a, d, "tags", tags(t));
	}
	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_event_rule", local, NULL);
	hcl_attr(t->a, b, "name", comp_name(t, &r->c));
	hcl_attr(t->a, b, "description", hcl_str(t->a, r->c.description ? r->c.description
		: arena_printf(t->a, "Rule %s of pattern %s", r->c.name, t->m->name)));
	hcl_attr(t->a, b, "event_bus_name", r->bus ? attr_of(t, &r->bus->c, "name") : hcl_str(t->a, "default"));
	hcl_attr(t->a, b, "event_pattern", hcl_call(t->a, "jsonencode", r->pattern ? hcl_from_json(t->a, r->pattern) : hcl_object(t->a)));
	hcl_attr(t->a, b, "state", hcl_str(t->a, r->enabled ? "ENABLED" : "DISABLED"));
	hcl_attr(t->a, b, "tags", tags(t));

	struct role er;
	role_init(t, &er);
	bool needs_role = false;
	for (size_t i = 0; i < r->n_targets; i++)
		needs_role |= r->targets[i].comp && (r->targets[i].kind == TGT_WORKFLOW || r->targets[i].kind == TGT_BUS);
	const char *role = arena_printf(t->a, "%s_rule", local);
	for (size_t i = 0; i < r->n_targets; i++) {
		const struct m_target *tg = &r->targets[i];
		if (!tg->comp)
			continue;
		const char *tid = names_logical_id(t->a, tg->comp);
		const char *tl = arena_printf(t->a, "%s_%s", local, tfname(t, tg->comp->name));
		struct hcl_body *x = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_event_target", tl, NULL);
		hcl_attr(t->a, x, "rule", hcl_raw(t->a, "aws_cloudwatch_event_rule.%s.name", local));
		hcl_attr(t->a, x, "event_bus_name", r->bus ? attr_of(t, &r->bus->c, "name") : hcl_str(t->a, "default"));
		hcl_attr(t->a, x, "target_id", hcl_str(t->a, names_short(t->a, tid, 64)));
		hcl_attr(t->a, x, "arn", tg->kind == TGT_FUNCTION ? function_target(t, (const struct m_function *)tg->comp)
								 : comp_arn(t, tg->comp));
		static const char *const start[] = { "states:StartExecution", NULL };
		static const char *const put[] = { "events:PutEvents", NULL };
		if (tg->kind == TGT_WORKFLOW || tg->kind == TGT_BUS) {
			role_allow(t, &er, arena_printf(t->a, tg->kind == TGT_WORKFLOW ? "Start%s" : "PutEventsOn%s", tid),
				   tg->kind == TGT_WORKFLOW ? start : put, comp_arn(t, tg->comp));
			hcl_attr(t->a, x, "role_arn", hcl_raw(t->a, "aws_iam_role.%s.arn", role));
		}
		if (tg->input_path)
			hcl_attr(t->a, x, "input_path", hcl_str(t->a, tg->input_path));
		if (tg->input_template) {
			struct hcl_body *it = hcl_block(t->a, x, "input_transformer", NULL);
			if (tg->input_paths.n) {
				struct hcl_expr *paths = hcl_object(t->a);
				for (size_t k = 0; k < tg->input_paths.n; k++)
					hcl_put(t->a, paths, tg->input_paths.items[k].key, mval(t, &tg->input_paths.items[k].val, NULL));
				hcl_attr(t->a, it, "input_paths", paths);
			}
			hcl_attr(t->a, it, "input_template", hcl_str(t->a, tg->input_template));
		}
		if (tg->dlq)
			hcl_attr(t->a, hcl_block(t->a, x, "dead_letter_config", NULL), "arn",
				 tg->dlq_queue ? comp_arn(t, &tg->dlq_queue->c) : hcl_raw(t->a, "aws_sqs_queue.%s.arn", dlq));
		struct hcl_body *rp = hcl_block(t->a, x, "retry_policy", NULL);
		hcl_attr(t->a, rp, "maximum_event_age_in_seconds", hcl_int(t->a, tg->max_event_age_s >= 0 ? tg->max_event_age_s : 86400));
		hcl_attr(t->a, rp, "maximum_retry_attempts", hcl_int(t->a, tg->retry_attempts >= 0 ? tg->retry_attempts : 185));
		if (tg->message_group_id)
			hcl_attr(t->a, hcl_block(t->a, x, "sqs_target", NULL), "message_group_id", hcl_str(t->a, tg->message_group_id));
		const char *from = arena_printf(t->a, "From%s", names_logical_id(t->a, &r->c));
		if (tg->kind == TGT_QUEUE)
			queue_allow(t, (const struct m_queue *)tg->comp, from, "events.amazonaws.com", rule_arn);
		else if (tg->kind == TGT_TOPIC)
			topic_allow(t, (const struct m_topic *)tg->comp, from, rule_arn);
		else if (tg->kind == TGT_FUNCTION)
			lambda_permission(t, tl, (const struct m_function *)tg->comp, "events.amazonaws.com", rule_arn);
		if (tg->dlq && tg->dlq_queue)
			queue_allow(t, tg->dlq_queue, arena_printf(t->a, "DeadLettersFrom%s", names_logical_id(t->a, &r->c)),
				    "events.amazonaws.com", rule_arn);
	}
	if (needs_role)
		role_resource(t, role, "events.amazonaws.com", arena_printf(t->a, "%s-rule", r->c.name), &er,
			      arena_printf(t->a, "Lets rule %s deliver to its targets", r->c.name));
	if (any_dlq) {
		struct hcl_body *qp = hcl_block(t->a, t->main, "resource", "aws_sqs_queue_policy", dlq, NULL);
		hcl_attr(t->a, qp, "queue_url", hcl_raw(t->a, "aws_sqs_queue.%s.id", dlq));
		hcl_attr(t->a, qp, "policy", policy_document(t, one(t, statement(t,
			arena_printf(t->a, "DeadLettersFrom%s", names_logical_id(t->a, &r->c)), service(t, "events.amazonaws.com"),
			hcl_str(t->a, "sqs:SendMessage"), hcl_raw(t->a, "aws_sqs_queue.%s.arn", dlq),
			arn_condition(t, "ArnEquals", "aws:SourceArn", rule_arn)))));
		key_service(t, key, KS_EVENTS);
	}
}

/* The ASL with `${` made literal for templatefile() except where it is one
 * of our placeholders. */
static char *tftpl_text(struct tf *t, const json_t *def, struct vec *ph)
{
	char *json = json_dumps(def, JSON_INDENT(2));
	if (!json)
		return NULL;
	size_t n = strlen(json), o = 0;
	char *out = malloc(2 * n + 2);
	if (!out) {
		free(json);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if ((json[i] == '$' || json[i] == '%') && json[i + 1] == '{') {
			bool ours = false;
			for (size_t k = 0; json[i] == '$' && k < ph->n && !ours; k++) {
				const char *name = ((struct asl_placeholder *)ph->items[k])->name;
				size_t len = strlen(name);
				ours = !strncmp(json + i + 2, name, len) && json[i + 2 + len] == '}';
			}
			if (!ours)
				out[o++] = json[i];
		}
		out[o++] = json[i];
	}
	out[o++] = '\n';
	out[o] = '\0';
	free(json);
	(void)t;
	return out;
}

static void emit_workflow(struct tf *t, const struct m_workflow *w, struct outset *files)
{
	const char *local = tfname(t, w->c.name);
	struct hcl_expr *name = comp_name(t, &w->c);
	struct hcl_expr *lgname = hcl_template(t->a);
	hcl_template_lit(t->a, lgname, "/aws/vendedlogs/states/");
	hcl_template_expr(t->a, lgname, name);
	const char *lg = arena_printf(t->a, "%s_states", local);
	log_group(t, lg, lgname, w->log_retention_days, w->key);

	struct vec ph = { 0 };
	json_t *def = asl_definition(t->a, t->m, w, &ph);
	char *text = tftpl_text(t, def, &ph);
	json_decref(def);
	const char *file = arena_printf(t->a, "workflows/%s.asl.json.tftpl", w->c.name);
	if (files && text)
		outset_add(files, file, text, strlen(text));
	free(text);

	struct iam_role ir;
	struct role r;
	iam_workflow_role(t->a, w, &ir);
	role_from_iam(t, &r, &ir, lg);
	const char *role = role_resource(t, arena_printf(t->a, "%s_states", local), "states.amazonaws.com",
		arena_printf(t->a, "%s-states", w->c.name), &r,
		arena_printf(t->a, "Execution role of workflow %s: only the tasks its states call", w->c.name));

	struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_sfn_state_machine", local, NULL);
	hcl_attr(t->a, b, "name", name);
	hcl_attr(t->a, b, "type", hcl_str(t->a, w->express ? "EXPRESS" : "STANDARD"));
	hcl_attr(t->a, b, "role_arn", hcl_raw(t->a, "aws_iam_role.%s.arn", role));
	struct hcl_expr *vars = hcl_object(t->a);
	for (size_t i = 0; i < ph.n; i++) {
		const struct asl_placeholder *p = ph.items[i];
		hcl_put(t->a, vars, p->name, p->comp->kind == MK_FUNCTION && p->attr == MA_ARN
			? function_target(t, (const struct m_function *)p->comp) : comp_attr(t, p->comp, p->attr));
	}
	struct hcl_expr *call = hcl_call(t->a, "templatefile", hcl_raw(t->a, "\"${path.module}/%s\"", file));
	vec_push(t->a, &call->items, vars);
	hcl_attr(t->a, b, "definition", call);
	hcl_attr(t->a, b, "tags", tags(t));
	struct hcl_body *lc = hcl_block(t->a, b, "logging_configuration", NULL);
	hcl_attr(t->a, lc, "log_destination", hcl_raw(t->a, "\"${aws_cloudwatch_log_group.%s.arn}:*\"", lg));
	hcl_attr(t->a, lc, "include_execution_data", hcl_bool(t->a, true));
	hcl_attr(t->a, lc, "level", hcl_hint(hcl_str(t->a, w->log_level), "workflow_log_level"));
	hcl_attr(t->a, hcl_block(t->a, b, "tracing_configuration", NULL), "enabled", hcl_bool(t->a, w->tracing));
	if (w->key) {
		struct hcl_body *ec = hcl_block(t->a, b, "encryption_configuration", NULL);
		hcl_attr(t->a, ec, "type", hcl_str(t->a, "CUSTOMER_MANAGED_KMS_KEY"));
		hcl_attr(t->a, ec, "kms_key_id", comp_arn(t, &w->key->c));
		hcl_attr(t->a, ec, "kms_data_key_reuse_period_seconds", hcl_int(t->a, 300));
		key_service(t, w->key, KS_STATES);
	}
}

/* ---- alarms and dashboards ---- */

/* The physical names of this environment's components, and what refers
 * to each in the module: a dashboard names them, and must follow them. */
static void physical_names(struct tf *t, json_t *map)
{
	const struct m_pattern *m = t->m;
	for (size_t i = 0; i < m->n_queues; i++) {
		const struct m_queue *q = m->queues[i];
		json_object_set_new(map, names_component(t->a, m, &q->c), json_string(arena_printf(t->a, "%s.name", addr(t, &q->c))));
		if (q->dlq)
			json_object_set_new(map, alarms_dlq_name(t->a, m, q),
					    json_string(arena_printf(t->a, "aws_sqs_queue.%s_dlq.name", tfname(t, q->c.name))));
	}
	for (size_t i = 0; i < m->n_functions; i++)
		json_object_set_new(map, names_component(t->a, m, &m->functions[i]->c),
				    json_string(arena_printf(t->a, "%s.function_name", addr(t, &m->functions[i]->c))));
	for (size_t i = 0; i < m->n_rules; i++)
		json_object_set_new(map, names_component(t->a, m, &m->rules[i]->c),
				    json_string(arena_printf(t->a, "%s.name", addr(t, &m->rules[i]->c))));
	for (size_t i = 0; i < m->n_buses; i++)
		json_object_set_new(map, names_component(t->a, m, &m->buses[i]->c),
				    json_string(arena_printf(t->a, "%s.name", addr(t, &m->buses[i]->c))));
	for (size_t i = 0; i < m->n_workflows; i++)
		json_object_set_new(map, names_component(t->a, m, &m->workflows[i]->c),
				    json_string(arena_printf(t->a, "%s.name", addr(t, &m->workflows[i]->c))));
}

/* Replaces, in a dashboard body, the "${Placeholder}" strings that
 * alarms_dashboard_body leaves for what is known once deployed, and the
 * components' physical names, by references. */
static struct hcl_expr *fill_references(struct tf *t, struct hcl_expr *e, struct vec *ph, const json_t *names)
{
	if (e->kind == HX_STRING && e->text[0] == '$' && e->text[1] == '{') {
		for (size_t i = 0; i < ph->n; i++) {
			const struct asl_placeholder *p = ph->items[i];
			size_t len = strlen(p->name);
			if (!strncmp(e->text + 2, p->name, len) && e->text[2 + len] == '}' && !e->text[3 + len])
				return comp_attr(t, p->comp, p->attr);
		}
	}
	if (e->kind == HX_STRING && json_object_get(names, e->text))
		return hcl_raw(t->a, "%s", json_string_value(json_object_get(names, e->text)));
	for (size_t i = 0; i < e->items.n; i++)
		e->items.items[i] = fill_references(t, e->items.items[i], ph, names);
	return e;
}

static void emit_alarms(struct tf *t)
{
	const struct alarms_set *set = t->alarms;
	if (!set)
		return;
	for (size_t i = 0; i < set->n_alarms; i++) {
		const struct alarms_alarm *al = &set->alarms[i];
		const char *local = arena_printf(t->a, "%s_%s", tfname(t, al->comp->name), tfname(t, al->alarm));
		struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_metric_alarm", local, NULL);
		/* the physical name: <tenant>-<env>-<pattern>-<component>-<alarm>, as alarms.c makes it */
		const char *suffix = al->name + strlen(names_physical(t->a, t->m, "", 100000));
		struct hcl_expr *name = hcl_template(t->a);
		hcl_template_expr(t->a, name, hcl_raw(t->a, "local.name_prefix"));
		hcl_template_lit(t->a, name, arena_printf(t->a, "-%s", suffix));
		bool plain = !strncmp(al->name, names_physical(t->a, t->m, "", 100000), strlen(names_physical(t->a, t->m, "", 100000)));
		hcl_attr(t->a, b, "alarm_name", plain ? name : hcl_hint(hcl_str(t->a, al->name), arena_printf(t->a, "%s_alarm_name", local)));
		hcl_attr(t->a, b, "alarm_description", hcl_str(t->a, al->description));
		hcl_attr(t->a, b, "comparison_operator", hcl_str(t->a, al->comparison));
		hcl_attr(t->a, b, "evaluation_periods", hcl_int(t->a, al->evaluation_periods));
		hcl_attr(t->a, b, "metric_name", hcl_str(t->a, al->metric));
		hcl_attr(t->a, b, "namespace", hcl_str(t->a, al->metric_namespace));
		hcl_attr(t->a, b, "period", hcl_int(t->a, al->period_s));
		if (al->statistic)
			hcl_attr(t->a, b, "statistic", hcl_str(t->a, al->statistic));
		if (al->extended_statistic)
			hcl_attr(t->a, b, "extended_statistic", hcl_str(t->a, al->extended_statistic));
		hcl_attr(t->a, b, "threshold", hcl_hint(hcl_number(t->a, al->threshold), arena_printf(t->a, "%s_threshold", local)));
		hcl_attr(t->a, b, "treat_missing_data", hcl_str(t->a, al->treat_missing_data));
		if (al->unit)
			hcl_attr(t->a, b, "unit", hcl_str(t->a, al->unit));
		struct hcl_expr *dims = hcl_object(t->a);
		for (size_t k = 0; k < al->n_dims; k++) {
			const struct alarms_dim *d = &al->dims[k];
			struct hcl_expr *v;
			if (!d->value)
				v = comp_attr(t, d->comp, d->attr);
			else if (d->comp && d->dlq)
				v = hcl_raw(t->a, "aws_sqs_queue.%s_dlq.name", tfname(t, d->comp->name));
			else if (d->comp)
				v = comp_attr(t, d->comp, MA_NAME); /* the resource's own name: one source of truth */
			else
				v = hcl_hint(hcl_str(t->a, d->value), arena_printf(t->a, "%s_%s", local, tfname(t, d->name)));
			hcl_put(t->a, dims, d->name, v);
		}
		hcl_attr(t->a, b, "dimensions", dims);
		if (al->action) {
			hcl_attr(t->a, b, "alarm_actions", one(t, comp_arn(t, &al->action->c)));
			key_service(t, al->action->key, KS_CLOUDWATCH);
		}
		hcl_attr(t->a, b, "tags", tags(t));
	}
	for (size_t i = 0; i < set->n_dashboards; i++) {
		const struct alarms_dashboard *d = &set->dashboards[i];
		struct vec ph = { 0 };
		json_t *body = alarms_dashboard_body(t->a, d, &ph);
		json_t *names = json_object();
		physical_names(t, names);
		struct hcl_expr *hbody = fill_references(t, hcl_from_json(t->a, body), &ph, names);
		json_decref(names);
		json_decref(body);
		const char *local = set->n_dashboards > 1 ? arena_printf(t->a, "main_%zu", i + 1) : "main";
		struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_cloudwatch_dashboard", local, NULL);
		const char *prefix = names_physical(t->a, t->m, "", 100000);
		struct hcl_expr *dn = hcl_template(t->a);
		hcl_template_expr(t->a, dn, hcl_raw(t->a, "local.name_prefix"));
		hcl_template_lit(t->a, dn, d->name + strlen(prefix) - 1);
		hcl_attr(t->a, b, "dashboard_name", !strncmp(d->name, prefix, strlen(prefix)) ? dn
			 : hcl_hint(hcl_str(t->a, d->name), arena_printf(t->a, "dashboard_%s_name", local)));
		hcl_attr(t->a, b, "dashboard_body", hcl_call(t->a, "jsonencode", hbody));
	}
}

static void finish_policies(struct tf *t)
{
	for (size_t i = 0; i < t->queue_policies.n; i++) {
		struct policy_acc *p = t->queue_policies.items[i];
		struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_sqs_queue_policy", tfname(t, p->comp->name), NULL);
		hcl_attr(t->a, b, "queue_url", attr_of(t, p->comp, "id"));
		hcl_attr(t->a, b, "policy", policy_document(t, p->statements));
	}
	for (size_t i = 0; i < t->topic_policies.n; i++) {
		struct policy_acc *p = t->topic_policies.items[i];
		struct hcl_body *b = hcl_block(t->a, t->main, "resource", "aws_sns_topic_policy", tfname(t, p->comp->name), NULL);
		hcl_attr(t->a, b, "arn", comp_arn(t, p->comp));
		hcl_attr(t->a, b, "policy", policy_document(t, p->statements));
	}
}

static void emit_outputs(struct tf *t)
{
	const struct m_pattern *m = t->m;
	struct { const struct m_comp *c; enum m_attr attr; const char *suffix, *desc; } all[4096];
	size_t n = 0;
#define OUT(c_, a_, s_, d_) do { if (n < sizeof all / sizeof all[0]) { all[n].c = (c_); all[n].attr = (a_); all[n].suffix = (s_); all[n].desc = (d_); n++; } } while (0)
	for (size_t i = 0; i < m->n_buses; i++) {
		OUT(&m->buses[i]->c, MA_NAME, "name", "Event bus name");
		OUT(&m->buses[i]->c, MA_ARN, "arn", "Event bus ARN");
	}
	for (size_t i = 0; i < m->n_topics; i++)
		OUT(&m->topics[i]->c, MA_ARN, "arn", "Topic ARN");
	for (size_t i = 0; i < m->n_workflows; i++)
		OUT(&m->workflows[i]->c, MA_ARN, "arn", "State machine ARN");
	for (size_t i = 0; i < m->n_tables; i++)
		OUT(&m->tables[i]->c, MA_NAME, "name", "Table name");
	for (size_t i = 0; i < m->n_queues; i++)
		OUT(&m->queues[i]->c, MA_URL, "url", "Queue URL");
	for (size_t i = 0; i < m->n_functions; i++)
		OUT(&m->functions[i]->c, MA_ARN, "arn", "Function ARN");
#undef OUT
	for (size_t i = 0; i < n; i++) {
		const char *kind = model_kind_name(all[i].c->kind);
		struct hcl_body *o = hcl_block(t->a, t->outputs, "output",
			arena_printf(t->a, "%s_%s_%s", kind, tfname(t, all[i].c->name), all[i].suffix), NULL);
		hcl_attr(t->a, o, "description", hcl_str(t->a, all[i].desc));
		hcl_attr(t->a, o, "value", comp_attr(t, all[i].c, all[i].attr));
	}
}

/* One environment's module tree. FILES gets the workflow templates. */
static void build_tree(struct tf *t, struct outset *files)
{
	struct hcl_body *loc = hcl_block(t->a, t->main, "locals", NULL);
	struct hcl_expr *prefix = hcl_template(t->a);
	hcl_template_expr(t->a, prefix, hcl_raw(t->a, "var.tenant"));
	hcl_template_lit(t->a, prefix, "-");
	hcl_template_expr(t->a, prefix, hcl_raw(t->a, "var.environment"));
	hcl_template_lit(t->a, prefix, arena_printf(t->a, "-%s", t->m->name));
	hcl_attr(t->a, loc, "name_prefix", prefix);
	struct hcl_expr *tg = hcl_object(t->a);
	for (size_t i = 0; i < t->m->tags.n; i++)
		hcl_put(t->a, tg, t->m->tags.items[i].key, mval(t, &t->m->tags.items[i].val, NULL));
	hcl_put(t->a, tg, "environment", hcl_raw(t->a, "var.environment"));
	hcl_put(t->a, tg, "tenant", hcl_raw(t->a, "var.tenant"));
	hcl_put(t->a, tg, "pattern", hcl_str(t->a, t->m->name));
	hcl_attr(t->a, loc, "tags", tg);
	hcl_block(t->a, t->main, "data", "aws_caller_identity", "current", NULL);
	hcl_block(t->a, t->main, "data", "aws_partition", "current", NULL);

	const struct m_pattern *m = t->m;
	for (size_t i = 0; i < m->n_keys; i++)
		emit_key(t, m->keys[i]);
	for (size_t i = 0; i < m->n_buses; i++)
		emit_bus(t, m->buses[i]);
	for (size_t i = 0; i < m->n_queues; i++)
		emit_queue(t, m->queues[i]);
	for (size_t i = 0; i < m->n_tables; i++)
		emit_table(t, m->tables[i]);
	for (size_t i = 0; i < m->n_functions; i++)
		emit_function(t, m->functions[i]);
	for (size_t i = 0; i < m->n_topics; i++)
		emit_topic(t, m->topics[i]);
	for (size_t i = 0; i < m->n_rules; i++)
		emit_rule(t, m->rules[i]);
	for (size_t i = 0; i < m->n_workflows; i++)
		emit_workflow(t, m->workflows[i], files);
	emit_alarms(t);
	finish_policies(t);
	finish_keys(t);
	emit_outputs(t);
}

/* ---- merging the environments' trees ---- */

struct merge {
	struct arena *a;
	size_t n;
	struct vec vars;     /* struct tfvar * */
	const char *error;
};

static bool leaf(const struct hcl_expr *e)
{
	return e->kind == HX_STRING || e->kind == HX_NUMBER || e->kind == HX_BOOL;
}

static const char *leaf_text(const struct hcl_expr *e)
{
	return e->kind == HX_BOOL ? (e->b ? "true" : "false") : e->text;
}

static bool same_values(struct hcl_expr *const *a, struct hcl_expr *const *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i]->kind != b[i]->kind || strcmp(leaf_text(a[i]), leaf_text(b[i])))
			return false;
	return true;
}

/* A variable for values that differ: by the hint, shared by every leaf
 * with the same hint and the same values; a new name when they differ. */
static const char *variable_for(struct merge *mg, struct hcl_expr **vals, const char *hint, const char *path)
{
	char *base = arena_strdup(mg->a, hint ? hint : path);
	for (char *p = base; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : '_');
	for (unsigned suffix = 1;; suffix++) {
		const char *name = suffix == 1 ? base : arena_printf(mg->a, "%s_%u", base, suffix);
		struct tfvar *found = NULL;
		for (size_t i = 0; i < mg->vars.n && !found; i++)
			if (!strcmp(((struct tfvar *)mg->vars.items[i])->name, name))
				found = mg->vars.items[i];
		if (!found) {
			struct tfvar *v = arena_alloc(mg->a, sizeof *v);
			v->name = name;
			v->type = vals[0]->kind == HX_STRING ? "string" : vals[0]->kind == HX_NUMBER ? "number" : "bool";
			v->values = arena_alloc(mg->a, mg->n * sizeof *v->values);
			memcpy(v->values, vals, mg->n * sizeof *v->values);
			vec_push(mg->a, &mg->vars, v);
			return name;
		}
		if (same_values(found->values, vals, mg->n))
			return name;
	}
}

static struct hcl_expr *merge_expr(struct merge *mg, struct hcl_expr **es, const char *path);

static bool same_shape(struct hcl_expr **es, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (es[i]->kind != es[0]->kind && !(leaf(es[i]) && leaf(es[0])))
			return false;
		if (es[i]->items.n != es[0]->items.n)
			return false;
		if ((es[0]->kind == HX_RAW || es[0]->kind == HX_CALL) && strcmp(es[i]->text, es[0]->text))
			return false;
	}
	return true;
}

static struct hcl_expr *merge_expr(struct merge *mg, struct hcl_expr **es, const char *path)
{
	if (!same_shape(es, mg->n)) {
		mg->error = arena_printf(mg->a, "the environments give '%s' different shapes", path);
		return es[0];
	}
	if (leaf(es[0])) {
		bool differ = false;
		for (size_t i = 1; i < mg->n; i++)
			differ |= es[i]->kind != es[0]->kind || strcmp(leaf_text(es[i]), leaf_text(es[0]));
		if (!differ)
			return es[0];
		for (size_t i = 1; i < mg->n; i++)
			if (es[i]->kind != es[0]->kind) {
				mg->error = arena_printf(mg->a, "the environments give '%s' values of different types", path);
				return es[0];
			}
		return hcl_raw(mg->a, "var.%s", variable_for(mg, es, es[0]->hint, path));
	}
	struct hcl_expr *out = arena_alloc(mg->a, sizeof *out);
	*out = *es[0];
	memset(&out->items, 0, sizeof out->items);
	struct hcl_expr **kids = arena_alloc(mg->a, mg->n * sizeof *kids);
	for (size_t k = 0; k < es[0]->items.n; k++) {
		for (size_t i = 0; i < mg->n; i++)
			kids[i] = es[i]->items.items[k];
		const char *key = es[0]->kind == HX_OBJECT ? es[0]->keys.items[k] : NULL;
		vec_push(mg->a, &out->items, merge_expr(mg, kids, key ? arena_printf(mg->a, "%s.%s", path, key) : path));
	}
	return out;
}

static const char *hint_path(struct arena *a, const char *path, const char *name)
{
	char *p = arena_printf(a, "%s_%s", path, name);
	for (char *c = p; *c; c++)
		if (*c == '.' || *c == '-')
			*c = '_';
	return p;
}

static struct hcl_body *merge_body(struct merge *mg, struct hcl_body **bs, const char *path)
{
	struct hcl_body *out = hcl_body_new(mg->a);
	for (size_t i = 1; i < mg->n; i++)
		if (bs[i]->items.n != bs[0]->items.n) {
			mg->error = arena_printf(mg->a, "the environments give '%s' different contents", path);
			return bs[0];
		}
	struct hcl_item **its = arena_alloc(mg->a, mg->n * sizeof *its);
	for (size_t k = 0; k < bs[0]->items.n; k++) {
		for (size_t i = 0; i < mg->n; i++)
			its[i] = bs[i]->items.items[k];
		struct hcl_item *it = arena_alloc(mg->a, sizeof *it);
		*it = *its[0];
		if (its[0]->is_block) {
			const char *p = its[0]->labels.n ? hint_path(mg->a, its[0]->labels.n > 1
				? its[0]->labels.items[1] : its[0]->labels.items[0], "") : path;
			struct hcl_body **kids = arena_alloc(mg->a, mg->n * sizeof *kids);
			for (size_t i = 0; i < mg->n; i++)
				kids[i] = its[i]->body;
			it->body = merge_body(mg, kids, p);
		} else {
			struct hcl_expr **vals = arena_alloc(mg->a, mg->n * sizeof *vals);
			for (size_t i = 0; i < mg->n; i++)
				vals[i] = its[i]->value;
			it->value = merge_expr(mg, vals, hint_path(mg->a, path, its[0]->name));
		}
		vec_push(mg->a, &out->items, it);
	}
	return out;
}

/* ---- files ---- */

static bool add_hcl(struct outset *out, const char *path, const struct hcl_body *b)
{
	size_t len;
	char *text = hcl_render(b, &len);
	if (!text)
		return false;
	outset_add(out, path, text, len);
	free(text);
	return true;
}

static const char *var_description(struct arena *a, const char *name)
{
	static const struct { const char *name, *desc; } known[] = {
		{ "log_retention_days", "Days CloudWatch keeps the pattern's logs" },
		{ "lambda_memory_size", "Memory of the pattern's functions, in MB" },
		{ "lambda_timeout", "Timeout of the pattern's functions, in seconds" },
		{ "log_level", "Log level of the pattern's functions" },
		{ "workflow_log_level", "Step Functions logging level: ALL, ERROR, FATAL or OFF" },
		{ "archive_retention_days", "Days the event archive keeps events" },
		{ "audit_bucket_retention_days", "Days the audit bucket keeps events" },
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!strncmp(name, known[i].name, strlen(known[i].name)))
			return known[i].desc;
	return arena_printf(a, "Per-environment value of %s", name);
}

static void variable_block(struct arena *a, struct hcl_body *vb, const char *name, const char *type, const char *desc,
			   struct hcl_expr *def, const char *validation, const char *message)
{
	struct hcl_body *v = hcl_block(a, vb, "variable", name, NULL);
	hcl_attr(a, v, "type", hcl_raw(a, "%s", type));
	hcl_attr(a, v, "description", hcl_str(a, desc));
	if (def)
		hcl_attr(a, v, "default", def);
	if (validation) {
		struct hcl_body *val = hcl_block(a, v, "validation", NULL);
		hcl_attr(a, val, "condition", hcl_raw(a, "%s", validation));
		hcl_attr(a, val, "error_message", hcl_str(a, message));
	}
}

static void validation_for(struct arena *a, const char *name, const char **cond, const char **msg)
{
	*cond = *msg = NULL;
	if (!strncmp(name, "log_retention_days", 18)) {
		*cond = arena_printf(a, "contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, "
				     "1827, 2192, 2557, 2922, 3288, 3653], var.%s)", name);
		*msg = "CloudWatch Logs accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days.";
	} else if (!strncmp(name, "lambda_memory_size", 18)) {
		*cond = arena_printf(a, "var.%s >= 128 && var.%s <= 10240", name, name);
		*msg = "Lambda memory is 128 to 10240 MB.";
	} else if (!strncmp(name, "lambda_timeout", 14)) {
		*cond = arena_printf(a, "var.%s >= 1 && var.%s <= 900", name, name);
		*msg = "A Lambda timeout is 1 to 900 seconds.";
	} else if (strstr(name, "provisioned_concurrency")) {
		*cond = arena_printf(a, "var.%s >= 0", name);
		*msg = "Provisioned concurrency is 0 (none) or more.";
	} else if (!strncmp(name, "workflow_log_level", 18)) {
		*cond = arena_printf(a, "contains([\"ALL\", \"ERROR\", \"FATAL\", \"OFF\"], var.%s)", name);
		*msg = "Step Functions logging levels are ALL, ERROR, FATAL and OFF.";
	}
}

static json_t *leaf_json(const struct hcl_expr *e)
{
	if (e->kind == HX_BOOL)
		return json_boolean(e->b);
	if (e->kind == HX_NUMBER)
		return strchr(e->text, '.') ? json_real(strtod(e->text, NULL)) : json_integer(strtoll(e->text, NULL, 10));
	return json_string(e->text ? e->text : "");
}

/* Each environment's values: tfvars, and the vars of its stack manifest. */
static json_t *env_vars(struct m_pattern *const *models, size_t env, struct vec *vars)
{
	const struct m_pattern *m = models[env];
	json_t *o = json_object();
	json_object_set_new(o, "tenant", json_string(m->tenant));
	json_object_set_new(o, "environment", json_string(m->env->name));
	json_object_set_new(o, "region", json_string(m->region));
	json_object_set_new(o, "artifact_bucket", json_string("<your-artifact-bucket>"));
	json_object_set_new(o, "artifact_prefix", json_sprintf("%s/", m->name));
	for (size_t i = 0; i < vars->n; i++) {
		const struct tfvar *v = vars->items[i];
		json_object_set_new(o, v->name, leaf_json(v->values[env]));
	}
	return o;
}

static char *tfvars_text(struct arena *a, const json_t *vars)
{
	struct hcl_body *b = hcl_body_new(a);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)vars, k, v)
		hcl_attr(a, b, k, hcl_from_json(a, v));
	size_t len;
	return hcl_render(b, &len);
}

static json_t *atmos_config(void)
{
	return json_pack("{s:s,s:{s:{s:s,s:b,s:b,s:b,s:b}},s:{s:s,s:[s],s:[s],s:s},s:{s:s},s:{s:s}}",
		"base_path", ".",
		"components", "terraform", "base_path", "components/terraform", "apply_auto_approve", 0,
		"deploy_run_init", 1, "init_run_reconfigure", 1, "auto_generate_backend_file", 0,
		"stacks", "base_path", "stacks", "included_paths", "*.yaml", "excluded_paths", "workflows/**/*",
		"name_template", "{{ .vars.tenant }}-{{ .vars.environment }}",
		"workflows", "base_path", "stacks/workflows",
		"logs", "level", "Info");
}

static json_t *stack_manifest(const struct m_pattern *m, json_t *vars)
{
	json_t *cvars = json_deep_copy(vars);
	json_object_del(cvars, "tenant");
	json_object_del(cvars, "environment");
	json_t *comp = json_pack("{s:{s:s},s:o}", "metadata", "component", m->name, "vars", cvars);
	return json_pack("{s:{s:s,s:s,s:s},s:{s:{s:o}}}",
		"vars", "tenant", m->tenant, "environment", m->env->name, "region", m->region,
		"components", "terraform", m->name, comp);
}

static json_t *step(const char *name, const char *type, const char *command)
{
	return json_pack("{s:s,s:s,s:s}", "name", name, "type", type, "command", command);
}

/* The deployment guide's workflows: atmos workflow NAME -f patterns.yaml -s <tenant>-<env> */
static json_t *atmos_workflows(const struct m_pattern *m, const char *pattern_file)
{
	const char *c = m->name;
	char buf[1024];
	json_t *w = json_object();
	snprintf(buf, sizeof buf, "terraform plan %s", c);
	json_object_set_new(w, "plan-event-driven", json_pack("{s:s,s:[o]}",
		"description", "Plan the pattern's Terraform in a stack: atmos workflow plan-event-driven -f patterns.yaml -s <tenant>-<environment>",
		"steps", step("plan", "atmos", buf)));
	snprintf(buf, sizeof buf, "terraform apply %s -auto-approve", c);
	char plan[256];
	snprintf(plan, sizeof plan, "terraform plan %s", c);
	json_object_set_new(w, "deploy-event-driven", json_pack("{s:s,s:[o,o]}",
		"description", "Plan, then apply, the pattern in a stack",
		"steps", step("plan", "atmos", plan), step("apply", "atmos", buf)));
	char check[1024], validate[256];
	snprintf(check, sizeof check, "eventc check %s", pattern_file);
	snprintf(validate, sizeof validate, "terraform validate %s", c);
	json_object_set_new(w, "validate-pattern", json_pack("{s:s,s:[o,o]}",
		"description", "Check the pattern with eventc, then validate its Terraform",
		"steps", step("check", "shell", check), step("validate", "atmos", validate)));
	char integ[2048];
	const char *bus = m->n_buses ? m->buses[0]->c.name : "default";
	const struct m_event *e = m->n_events ? m->events[0] : NULL;
	snprintf(integ, sizeof integ,
		 "bus=$(atmos terraform output %s -s \"$ATMOS_STACK\" --skip-init -raw bus_%s_name) && "
		 "aws events put-events --entries \"[{\\\"EventBusName\\\":\\\"$bus\\\",\\\"Source\\\":\\\"%s\\\","
		 "\\\"DetailType\\\":\\\"%s\\\",\\\"Detail\\\":\\\"{}\\\"}]\" --query FailedEntryCount --output text | grep -qx 0",
		 c, bus, e && e->source ? e->source : "eventc.test", e ? e->detail_type : "Test");
	json_object_set_new(w, "test-pattern-integration", json_pack("{s:s,s:[o]}",
		"description", "Put a test event on the pattern's bus and check that EventBridge accepted it",
		"steps", step("put-event", "shell", integ)));
	char load[2048];
	snprintf(load, sizeof load,
		 "bus=$(atmos terraform output %s -s \"$ATMOS_STACK\" --skip-init -raw bus_%s_name) && "
		 "end=$((SECONDS + ${DURATION:-300})) && while [ $SECONDS -lt $end ]; do "
		 "for i in $(seq 1 $(( ${RATE:-100} / 10 ))); do aws events put-events --entries "
		 "\"[{\\\"EventBusName\\\":\\\"$bus\\\",\\\"Source\\\":\\\"%s\\\",\\\"DetailType\\\":\\\"%s\\\",\\\"Detail\\\":\\\"{}\\\"}]\" "
		 ">/dev/null & done; wait; sleep 0.1; done",
		 c, bus, e && e->source ? e->source : "eventc.test", e ? e->detail_type : "Test");
	json_object_set_new(w, "test-pattern-load", json_pack("{s:s,s:[o]}",
		"description", "Send events at RATE per second for DURATION seconds (defaults 100 and 300)",
		"steps", step("load", "shell", load)));
	return json_pack("{s:o}", "workflows", w);
}

bool tf_emit(struct arena *a, struct m_pattern *const *models, struct alarms_set *const *alarms, size_t n,
	     const char *pattern_file, struct outset *out, const char **error)
{
	*error = NULL;
	if (n == 0)
		return true;
	const char *mod = arena_printf(a, "terraform/components/terraform/%s", models[0]->name);
	struct hcl_body **mains = arena_alloc(a, n * sizeof *mains), **outs = arena_alloc(a, n * sizeof *outs);
	struct vec explicit_vars = { 0 };
	struct outset tpl[64];
	for (size_t i = 0; i < n; i++) {
		struct tf t = { .a = a, .m = models[i], .models = models, .nmodels = n, .env = i,
				.alarms = alarms ? alarms[i] : NULL };
		t.main = hcl_body_new(a);
		t.outputs = hcl_body_new(a);
		t.explicit_vars = explicit_vars;
		outset_init(&tpl[i < 64 ? i : 63], a);
		build_tree(&t, &tpl[i < 64 ? i : 63]);
		explicit_vars = t.explicit_vars;
		mains[i] = t.main;
		outs[i] = t.outputs;
	}
	/* the workflow templates must agree across environments */
	for (size_t k = 0; k < outset_count(&tpl[0]); k++) {
		for (size_t i = 1; i < n && i < 64; i++) {
			if (strcmp(outset_text(&tpl[0], k), outset_text(&tpl[i], k)) != 0)
				*error = "a workflow's definition differs between environments, which one templatefile() cannot express";
		}
	}
	struct merge mg = { .a = a, .n = n };
	struct hcl_body *main = merge_body(&mg, mains, "");
	struct hcl_body *outputs = merge_body(&mg, outs, "output");
	if (mg.error)
		*error = mg.error;
	if (*error)
		return false;
	for (size_t i = 0; i < explicit_vars.n; i++)
		vec_push(a, &mg.vars, explicit_vars.items[i]);

	/* variables.tf */
	struct hcl_body *vb = hcl_body_new(a);
	variable_block(a, vb, "tenant", "string", "The tenant: first part of every name (<tenant>-<environment>-...)",
		       NULL, "can(regex(\"^[a-z][a-z0-9-]*$\", var.tenant))", "A tenant is lower-case kebab-case.");
	variable_block(a, vb, "environment", "string", "The environment (stage) the stack deploys", NULL,
		       "can(regex(\"^[a-z][a-z0-9-]*$\", var.environment))", "An environment is lower-case kebab-case.");
	variable_block(a, vb, "region", "string", "The AWS region", hcl_str(a, models[0]->region), NULL, NULL);
	variable_block(a, vb, "artifact_bucket", "string", "S3 bucket with the functions' code, a zip per code folder", NULL,
		       "can(regex(\"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$\", var.artifact_bucket))",
		       "Name the S3 bucket that holds the functions' zips (set artifact_bucket in the stack).");
	variable_block(a, vb, "artifact_prefix", "string", "Key prefix of the zips in the artifact bucket",
		       hcl_str(a, arena_printf(a, "%s/", models[0]->name)), NULL, NULL);
	for (size_t i = 0; i < mg.vars.n; i++) {
		const struct tfvar *v = mg.vars.items[i];
		const char *cond, *msg;
		validation_for(a, v->name, &cond, &msg);
		variable_block(a, vb, v->name, v->type, v->description ? v->description : var_description(a, v->name),
			       NULL, cond, msg);
	}

	/* versions.tf */
	struct hcl_body *ver = hcl_body_new(a);
	struct hcl_body *tfb = hcl_block(a, ver, "terraform", NULL);
	hcl_attr(a, tfb, "required_version", hcl_str(a, ">= 1.5.0"));
	struct hcl_expr *aws = hcl_object(a);
	hcl_put(a, aws, "source", hcl_str(a, "hashicorp/aws"));
	hcl_put(a, aws, "version", hcl_str(a, ">= 6.0, < 7.0"));
	hcl_attr(a, hcl_block(a, tfb, "required_providers", NULL), "aws", aws);
	hcl_attr(a, hcl_block(a, ver, "provider", "aws", NULL), "region", hcl_raw(a, "var.region"));

	bool ok = add_hcl(out, arena_printf(a, "%s/main.tf", mod), main) &&
		  add_hcl(out, arena_printf(a, "%s/variables.tf", mod), vb) &&
		  add_hcl(out, arena_printf(a, "%s/outputs.tf", mod), outputs) &&
		  add_hcl(out, arena_printf(a, "%s/versions.tf", mod), ver);
	for (size_t k = 0; ok && k < outset_count(&tpl[0]); k++)
		outset_add(out, arena_printf(a, "%s/%s", mod, outset_path(&tpl[0], k)), outset_text(&tpl[0], k),
			   strlen(outset_text(&tpl[0], k)));
	json_t *cfg = atmos_config();
	ok = ok && yamlout_add(out, "terraform/atmos.yaml", cfg);
	json_decref(cfg);
	for (size_t i = 0; ok && i < n; i++) {
		json_t *vars = env_vars(models, i, &mg.vars);
		json_t *manifest = stack_manifest(models[i], vars);
		const char *stack = arena_printf(a, "%s-%s", models[i]->tenant, models[i]->env->name);
		ok = yamlout_add(out, arena_printf(a, "terraform/stacks/%s.yaml", stack), manifest);
		char *tv = ok ? tfvars_text(a, vars) : NULL;
		if (tv)
			outset_add(out, arena_printf(a, "terraform/envs/%s.tfvars", models[i]->env->name), tv, strlen(tv));
		free(tv);
		json_decref(manifest);
		json_decref(vars);
	}
	json_t *wf = atmos_workflows(models[0], pattern_file);
	ok = ok && yamlout_add(out, "terraform/stacks/workflows/patterns.yaml", wf);
	json_decref(wf);
	return ok;
}
