/* names.h - names that backends derive from the pattern's names: logical
 * IDs (order-buffer -> OrderBufferQueue), physical names
 * (<tenant>-<env>-<pattern>-<name>) and definition placeholders. */
#ifndef EVENTC_NAMES_H
#define EVENTC_NAMES_H

#include "arena.h"
#include "model.h"

/* order-buffer -> OrderBuffer */
const char *names_pascal(struct arena *a, const char *kebab);
/* The CloudFormation logical ID of a component: OrderBufferQueue. */
const char *names_logical_id(struct arena *a, const struct m_comp *c);
/* A placeholder name for what a component will be: OrderBufferQueueUrl. */
const char *names_placeholder(struct arena *a, const struct m_comp *c, const char *attr);

#endif
