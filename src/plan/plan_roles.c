/* plan_roles.c - the statements of a role's inline policy, from what
 * iam.c worked out it may do: each statement's resources as the plan
 * names them, and statements of the same actions made one past a few. The
 * role itself, with its key statements, is pb_role's (plan_keys.c). */
#include "plan_priv.h"

#include <string.h>

/* What a statement of iam.c applies to. */
static struct pv *iam_resource(struct pb *b, const struct iam_statement *s, const char *lg)
{
	switch (s->target) {
	case IAM_COMP:
		return s->comp->kind == MK_FUNCTION ? pb_function_target(b, (const struct m_function *)s->comp)
						    : pb_comp_arn(b, s->comp);
	case IAM_STAR:
		return S(b, "*");
	case IAM_LOG_GROUP:
		return pv_ref(b->a, lg, PA_LOG_STREAMS_ARN);
	case IAM_EXECUTIONS:
		return pb_arn(b, "states", "execution:", pb_comp_name(b, s->comp), ":*");
	case IAM_SYNC_RULE:
		return pb_arn(b, "events", "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule", NULL, NULL);
	case IAM_MACHINE:
		return pb_machine_arn(b, s->comp);
	case IAM_ARN:
		return S(b, s->arn);
	case IAM_EXECUTE_API: {
		/* the API's own region, which its endpoint names */
		struct pv *j = pv_join(b->a);
		pv_lit(b->a, j, "arn:");
		pv_part(b->a, j, pv_pseudo(b->a, PP_PARTITION));
		pv_lit(b->a, j, arena_printf(b->a, ":execute-api:%s:", s->region));
		pv_part(b->a, j, pv_pseudo(b->a, PP_ACCOUNT_ID));
		pv_lit(b->a, j, arena_printf(b->a, ":%s", s->arn));
		return j;
	}
	case IAM_MAP_RUNS: /* execution:NAME/LABEL:ID ("IAM policies for using Distributed Map states") */
		return pb_arn(b, "states", "execution:", pb_comp_name(b, s->comp), "/*");
	case IAM_TABLE_INDEX: {
		struct pv *j = pv_join(b->a);
		pv_part(b->a, j, pb_comp_arn(b, s->comp));
		pv_lit(b->a, j, arena_printf(b->a, "/index/%s", s->arn));
		return j;
	}
	case IAM_STREAM:
		return pb_comp_attr(b, s->comp, MA_STREAM_ARN);
	case IAM_TABLE_READ:
		return pb_comp_arn(b, s->comp);
	}
	return S(b, "*");
}

/* Statements of the same actions past this many become one, which lists
 * their resources: a statement a resource takes some 150 characters of
 * the 10,240 IAM allows a role's policy, a resource in a list some 60. A
 * role of fewer keeps a statement, and a Sid that says what it is for,
 * for each. The count is the same in every environment, as the statements
 * are, so that each environment's policy has the same shape. */
#define SAME_ACTIONS_MAX 10

static bool same_actions(const char *const *x, const char *const *y)
{
	for (; *x && *y; x++, y++)
		if (strcmp(*x, *y))
			return false;
	return !*x && !*y;
}

/* Whether statement S may be one of a list of resources. */
static bool listable(const struct iam_statement *s)
{
	return s->target != IAM_STAR;
}

static struct pv *statement_resources(struct pb *b, const struct iam_statement *s, const char *lg)
{
	return s->target == IAM_TABLE_READ ? pb_table_read_resources(b, (const struct m_table *)s->comp)
					   : pb_one(b, iam_resource(b, s, lg));
}

/* The statements of IR from I on that have statement I's actions, in one:
 * I's Sid, and how many others it stands for. */
static struct pv *merged_statement(struct pb *b, const struct iam_role *ir, size_t i, size_t same, const char *lg)
{
	const struct iam_statement *s = ir->statements.items[i];
	struct pv *resources = pv_list(b->a);
	for (size_t j = i; j < ir->statements.n; j++) {
		const struct iam_statement *t = ir->statements.items[j];
		if (!listable(t) || !same_actions(t->actions, s->actions))
			continue;
		const struct pv *one = statement_resources(b, t, lg);
		for (size_t k = 0; k < one->items.n; k++)
			pv_push(b->a, resources, one->items.items[k]);
	}
	return pb_statement(b, F(b, "%sAnd%zuMore", s->sid, same - 1), NULL, pv_strings(b->a, s->actions), resources,
			    NULL);
}

/* How many of IR's listable statements have statement I's actions, I
 * itself too; *FIRST whether I is the first of them. */
static size_t same_as(const struct iam_role *ir, size_t i, bool *first)
{
	const struct iam_statement *s = ir->statements.items[i];
	size_t n = 0;
	*first = true;
	for (size_t j = 0; j < ir->statements.n; j++) {
		const struct iam_statement *t = ir->statements.items[j];
		if (!listable(t) || !same_actions(t->actions, s->actions))
			continue;
		*first &= j >= i;
		n++;
	}
	return n;
}

struct pv *pb_role_statements(struct pb *b, const struct iam_role *ir, const char *lg)
{
	struct pv *st = pv_list(b->a);
	for (size_t i = 0; i < ir->statements.n; i++) {
		const struct iam_statement *s = ir->statements.items[i];
		bool first = true;
		size_t same = listable(s) && ir->statements.n > SAME_ACTIONS_MAX ? same_as(ir, i, &first) : 1;
		if (same > SAME_ACTIONS_MAX && first)
			pv_push(b->a, st, merged_statement(b, ir, i, same, lg));
		else if (same <= SAME_ACTIONS_MAX)
			pv_push(b->a, st, pb_statement(b, s->sid, NULL, pv_strings(b->a, s->actions),
						       statement_resources(b, s, lg), NULL));
		if (s->target == IAM_STAR && !strcmp(s->sid, "WriteTraces"))
			plan_note(b->p, "X-Ray's PutTraceSegments and PutTelemetryRecords take no resource: AWS requires \"*\".");
		if (s->target == IAM_STAR && !strcmp(s->sid, "DeliverLogs"))
			plan_note(b->p, "Step Functions log delivery (logs:*LogDelivery, DescribeLogGroups, DescribeResourcePolicies, "
				  "PutResourcePolicy) takes no resource: AWS requires \"*\".");
	}
	return st;
}
