/* names.h - names that backends derive from the pattern's names: logical
 * IDs (order-buffer -> OrderBufferQueue), physical names
 * (<tenant>-<env>-<pattern>-<name>) and definition placeholders. */
#ifndef EVENTC_NAMES_H
#define EVENTC_NAMES_H

#include "arena.h"
#include "model.h"

/* order-buffer -> OrderBuffer */
const char *names_pascal(struct arena *a, const char *kebab);
/* order-buffer -> order_buffer, OrderCreated -> order_created */
const char *names_snake(struct arena *a, const char *name);
/* The CloudFormation logical ID of a component: OrderBufferQueue. */
const char *names_logical_id(struct arena *a, const struct m_comp *c);
/* Every component's logical ID of M worked out now, in A, the arena M
 * lives in: names_logical_id keeps its first answer in the component, and
 * a plan made in an arena of its own (every environment after the first,
 * plan_pattern) would otherwise leave it there, freed while the model
 * still names it. */
void names_fix_ids(struct arena *a, const struct m_pattern *m);
/* A placeholder name for what a component will be: OrderBufferQueueUrl. */
const char *names_placeholder(struct arena *a, const struct m_comp *c, enum m_attr attr);

/* <tenant>-<env>-<pattern>-<name>, within MAX characters: a longer name
 * keeps its start and ends in '-' and 8 hex digits of a hash of the whole,
 * so it stays unique and the same on every run. */
const char *names_physical(struct arena *a, const struct m_pattern *m, const char *name, size_t max);
/* NAME within MAX characters, shortened as names_physical does. */
const char *names_short(struct arena *a, const char *name, size_t max);
/* The physical name of a component, within the limit AWS sets for its kind. */
const char *names_component(struct arena *a, const struct m_pattern *m, const struct m_comp *c);
/* The name of bus B in EventBridge: the physical name of a bus of the
 * pattern, "default", or the name of an existing bus (from its ARN when
 * it is given by ARN). */
const char *names_bus(struct arena *a, const struct m_pattern *m, const struct m_bus *b);
/* AWS's length limit for names of a kind (queue 80, function 64, ...). */
size_t names_limit(enum m_kind kind);

#endif
