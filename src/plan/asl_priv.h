/* asl_priv.h - what asl.c and asl_data.c share. */
#ifndef EVENTC_ASL_PRIV_H
#define EVENTC_ASL_PRIV_H

#include "asl.h"

struct asl {
	struct arena *a;
	const struct m_pattern *m;
	struct vec *placeholders;
};

/* A MAP parameter as an ASL object: paths as "key.$". */
json_t *asl_param_map(struct asl *x, const struct m_param *p);
/* P into OBJ under its key. */
void asl_put_param(struct asl *x, json_t *obj, const struct m_param *p);
/* A put item's Item or a get item's Key: each attribute typed, T's key
 * attributes by the key's types. */
json_t *asl_dynamo_item(struct asl *x, const struct m_table *t, const struct m_param *p);

/* "${<LogicalId><Attr>}" for C's ATTR, recorded for the substitutions. */
json_t *asl_placeholder(struct asl *x, const struct m_comp *c, enum m_attr attr);

/* asl_sdk.c: call "service:action", update/delete item, query table */
const char *asl_sdk_resource(struct asl *x, const struct m_state *st);
json_t *asl_sdk_parameters(struct asl *x, const struct m_state *st);

/* asl_dmap.c: a map's distributed mode, placed by map_json */
void asl_dmap_reader(struct asl *x, const struct m_state *st, json_t *o);
void asl_dmap_batcher(const struct m_state *st, json_t *o);
json_t *asl_map_processor_config(const struct m_state *st);
void asl_dmap_after(const struct m_state *st, json_t *o);

#endif
