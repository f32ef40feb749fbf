/* plan_workflow.c - a workflow becomes a state machine with its log group
 * and execution role; its ASL definition names components through
 * placeholders that DefinitionSubstitutions fills. */
#include "plan_priv.h"

#include <string.h>

#include "asl.h"
#include "diag.h"
#include "jtext.h"


static struct pv *substitutions(struct pb *b, const struct vec *ph)
{
	struct pv *o = pv_map(b->a);
	for (size_t i = 0; i < ph->n; i++) {
		const struct asl_placeholder *p = ph->items[i];
		const struct m_comp *comp = p->comp;
		struct pv *v = comp->kind == MK_FUNCTION && p->attr == MA_ARN
			? pb_function_target(b, (const struct m_function *)comp) : pb_comp_attr(b, comp, p->attr);
		pv_set(b->a, o, p->name, v);
	}
	return o;
}

/* A definition as a CloudFormation template holds it: four levels in
 * (Resources, the state machine, Properties, Definition), two spaces a
 * level, as eventc writes its templates. Past WORKFLOW_DEFINITION_MAX, the
 * state machine and its other properties would not fit a nested stack of
 * CloudFormation's 1,000,000 bytes, nor the definition Step Functions'
 * 1,048,576: refused here, so that what check accepts builds. */
#define WORKFLOW_DEFINITION_MAX 900000
#define DEFINITION_DEPTH 4

static void check_definition_size(const struct m_workflow *w, const json_t *def)
{
	size_t bytes, newlines;
	if (!json_measure(def, 2, &bytes, &newlines))
		return;
	size_t in_template = bytes + newlines * 2 * DEFINITION_DEPTH;
	if (in_template <= WORKFLOW_DEFINITION_MAX)
		return;
	diag_error(w->c.loc, DIAG_WORKFLOW_SIZE,
		   "workflow '%s' has a definition of %zu bytes as a CloudFormation template holds it, past the "
		   "%d that leave its state machine room in a template",
		   w->c.name, in_template, WORKFLOW_DEFINITION_MAX);
	diag_note(w->c.loc, "split it into workflows that start one another (a task state's 'start workflow NAME "
		  "sync'), or let a map state run what repeats");
}

void plan_workflow(struct pb *b, const struct m_workflow *w)
{
	const char *id = pb_id(b, &w->c), *lg = pb_id_of(b, &w->c, "LogGroup"), *role = pb_id_of(b, &w->c, "Role");
	struct pv *lgname = pv_join(b->a);
	pv_lit(b->a, lgname, "/aws/vendedlogs/states/");
	pv_part(b->a, lgname, pb_comp_name(b, &w->c));
	pb_log_group(b, lg, lgname, w->log_retention_days, w->key);

	struct vec ph = { 0 };
	json_t *def = asl_definition(b->a, b->m, w, &ph);
	check_definition_size(w, def);
	struct pv *definition = pv_doc(b->a, pv_from_json(b->a, def), false);
	json_decref(def);

	struct iam_role ir;
	iam_workflow_role(b->a, w, &ir);
	pb_role(b, role, "Role", "states.amazonaws.com", pb_arn(b, "states", "stateMachine:", pb_comp_name(b, &w->c), NULL), F(b, "%s-states", w->c.name), pb_role_statements(b, &ir, lg), &ir.keys,
		F(b, "Execution role of workflow %s: only the tasks its states call", w->c.name));

	struct p_res *r = pb_res(b, id, PT_STATE_MACHINE, "");
	pb_set(b, r, "Definition", definition);
	if (ph.n)
		pb_set(b, r, "DefinitionSubstitutions", substitutions(b, &ph));
	if (w->key) {
		struct pv *ec = pv_map(b->a);
		pv_set(b->a, ec, "KmsDataKeyReusePeriodSeconds", I(b, KMS_DATA_KEY_REUSE_S));
		pv_set(b->a, ec, "KmsKeyId", pb_key_arn(b, w->key));
		pv_set(b->a, ec, "Type", S(b, "CUSTOMER_MANAGED_KMS_KEY"));
		pb_set(b, r, "EncryptionConfiguration", ec);
		pb_key_service(b, w->key, KS_STATES);
	}
	struct pv *dest = pv_map(b->a), *cw = pv_map(b->a), *lc = pv_map(b->a);
	pv_set(b->a, cw, "LogGroupArn", pv_ref(b->a, lg, PA_LOG_STREAMS_ARN));
	pv_set(b->a, dest, "CloudWatchLogsLogGroup", cw);
	pv_set(b->a, lc, "Destinations", pb_one(b, dest));
	pv_set(b->a, lc, "IncludeExecutionData", B(b, true));
	pv_set(b->a, lc, "Level", pv_hint(b->a, S(b, w->log_level), "workflow_log_level"));
	pb_set(b, r, "LoggingConfiguration", lc);
	pb_set(b, r, "RoleArn", pv_ref(b->a, role, PA_ARN));
	pb_set(b, r, "StateMachineName", pb_comp_name(b, &w->c));
	pb_set(b, r, "StateMachineType", S(b, w->express ? "EXPRESS" : "STANDARD"));
	pb_set(b, r, "Tags", pb_tags(b));
	struct pv *tc = pv_map(b->a);
	pv_set(b->a, tc, "Enabled", B(b, w->tracing));
	pb_set(b, r, "TracingConfiguration", tc);

	struct p_workflow *pw = arena_alloc(b->a, sizeof *pw);
	pw->w = w;
	pw->machine_id = id;
	pw->definition = definition;
	vec_push(b->a, &b->p->workflows, pw);
}
