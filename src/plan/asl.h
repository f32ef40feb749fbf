/* asl.h - Amazon States Language from the checked model. Component
 * references become ${Placeholder} names (names_placeholder) that the
 * CloudFormation backend fills through DefinitionSubstitutions and the
 * Terraform backend through templatefile(). */
#ifndef EVENTC_ASL_H
#define EVENTC_ASL_H

#include <jansson.h>

#include "arena.h"
#include "model.h"

struct asl_placeholder {
	const char *name;          /* ProcessOrderFunctionArn */
	const struct m_comp *comp;
	enum m_attr attr;          /* MA_ARN, MA_URL, MA_NAME */
};

/* The definition of W, a new reference. PLACEHOLDERS (may be NULL) gets
 * the placeholders it uses, each once, in first-use order. */
json_t *asl_definition(struct arena *a, const struct m_pattern *m, const struct m_workflow *w,
		       struct vec *placeholders);

#endif
