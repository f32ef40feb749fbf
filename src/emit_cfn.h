/* emit_cfn.h - a CloudFormation template per environment, from the model. */
#ifndef EVENTC_EMIT_CFN_H
#define EVENTC_EMIT_CFN_H

#include <jansson.h>

#include "arena.h"
#include "model.h"
#include "output.h"

/* The template of M (a new reference). */
json_t *cfn_template(struct arena *a, const struct m_pattern *m);
/* Adds <env>/cloudformation/template.json (or .yaml when YAML) to OUT. */
bool cfn_emit(struct arena *a, const struct m_pattern *m, bool yaml, struct outset *out);

#endif
