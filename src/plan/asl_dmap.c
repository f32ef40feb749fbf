/* asl_dmap.c - a distributed map's fields ("Map state in Distributed
 * mode", Step Functions developer guide): ItemReader (s3:getObject with a
 * ReaderConfig, or s3:listObjectsV2 for a prefix), ItemBatcher,
 * ProcessorConfig, ResultWriter (s3:putObject), the tolerated failures and
 * the map run's label. asl.c's map_json places them. */
#include "asl_priv.h"

#include <string.h>

void asl_dmap_reader(struct asl *x, const struct m_state *st, json_t *o)
{
	const struct m_dmap *d = st->dmap;
	if (!d || !d->bucket)
		return;
	json_t *r = json_object(), *params = json_object();
	if (d->format || d->max_items) {
		json_t *cfg = json_object();
		if (d->format)
			json_object_set_new(cfg, "InputType", json_string(d->format));
		/* a CSV's first row names the columns, each item an object of them */
		if (d->format && !strcmp(d->format, "CSV"))
			json_object_set_new(cfg, "CSVHeaderLocation", json_string("FIRST_ROW"));
		if (d->max_items)
			json_object_set_new(cfg, "MaxItems", json_integer(d->max_items));
		json_object_set_new(r, "ReaderConfig", cfg);
	}
	bool listing = d->prefix != NULL;
	json_object_set_new(r, "Resource", json_string(listing ? "arn:aws:states:::s3:listObjectsV2"
								: "arn:aws:states:::s3:getObject"));
	json_object_set_new(params, "Bucket", json_string(d->bucket));
	if (listing)
		json_object_set_new(params, "Prefix", json_string(d->prefix));
	else if (d->key_path)
		json_object_set_new(params, "Key.$", json_string(d->key_path));
	else if (d->key)
		json_object_set_new(params, "Key", json_string(d->key));
	json_object_set_new(r, "Parameters", params);
	json_object_set_new(o, "ItemReader", r);
	(void)x;
}

void asl_dmap_batcher(const struct m_state *st, json_t *o)
{
	const struct m_dmap *d = st->dmap;
	if (!d || !d->batch)
		return;
	json_t *b = json_object();
	if (d->batch_items)
		json_object_set_new(b, "MaxItemsPerBatch", json_integer(d->batch_items));
	if (d->batch_bytes)
		json_object_set_new(b, "MaxInputBytesPerBatch", json_integer(d->batch_bytes));
	json_object_set_new(o, "ItemBatcher", b);
}

json_t *asl_map_processor_config(const struct m_state *st)
{
	json_t *cfg = json_object();
	json_object_set_new(cfg, "Mode", json_string(st->dmap ? "DISTRIBUTED" : "INLINE"));
	if (st->dmap)
		json_object_set_new(cfg, "ExecutionType", json_string(st->dmap->express ? "EXPRESS" : "STANDARD"));
	return cfg;
}

void asl_dmap_after(const struct m_state *st, json_t *o)
{
	const struct m_dmap *d = st->dmap;
	if (!d)
		return;
	if (d->results_bucket) {
		json_t *w = json_object(), *params = json_object();
		json_object_set_new(w, "Resource", json_string("arn:aws:states:::s3:putObject"));
		json_object_set_new(params, "Bucket", json_string(d->results_bucket));
		json_object_set_new(params, "Prefix", json_string(d->results_prefix ? d->results_prefix : ""));
		json_object_set_new(w, "Parameters", params);
		json_object_set_new(o, "ResultWriter", w);
	}
	if (d->tolerated_pct >= 0)
		json_object_set_new(o, "ToleratedFailurePercentage", json_integer(d->tolerated_pct));
	if (d->tolerated_count >= 0)
		json_object_set_new(o, "ToleratedFailureCount", json_integer(d->tolerated_count));
	if (d->label)
		json_object_set_new(o, "Label", json_string(d->label));
}
