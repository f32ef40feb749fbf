/* emit_cfn.h - a CloudFormation template per environment, from the model. */
#ifndef EVENTC_EMIT_CFN_H
#define EVENTC_EMIT_CFN_H

#include <jansson.h>

#include "arena.h"
#include "model.h"
#include "output.h"

struct alarms_set;

/* The template of M (a new reference). */
json_t *cfn_template(struct arena *a, const struct m_pattern *m, const struct alarms_set *alarms);
/* Resources per nested stack when a template has more than 500. */
#define CFN_STACK_SIZE 400

/* Adds <env>/cloudformation/template.json (or .yaml when YAML) to OUT;
 * past 500 resources that is a parent, with stack-NN.json beside it. On
 * failure *ERROR says why, when the template itself is the cause. */
bool cfn_emit(struct arena *a, const struct m_pattern *m, const struct alarms_set *alarms, bool yaml,
	      struct outset *out, const char **error);

#endif
