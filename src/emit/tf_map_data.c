/* tf_map_data.c - the hashicorp/aws arguments of what issue 14 added to
 * queues and tables: a FIFO queue's deduplication and throughput and a
 * DLQ's redrive-allow policy (aws_sqs_queue), a table's capacity and its
 * global and local secondary indexes (aws_dynamodb_table blocks). */
#include "tf_priv.h"

#include <string.h>

#define P(r, k) pv_get((r)->props, (k))
#define ARG(b, name, key) tf_arg(t, (b), (name), P(r, (key)), local)
#define SUB(b, name, v) tf_arg(t, (b), (name), (v), local)

void tf_sqs_queue_data(struct tf *t, struct hcl_body *b, const struct p_res *r, const char *local)
{
	ARG(b, "content_based_deduplication", "ContentBasedDeduplication");
	ARG(b, "deduplication_scope", "DeduplicationScope");
	ARG(b, "fifo_throughput_limit", "FifoThroughputLimit");
	ARG(b, "redrive_allow_policy", "RedriveAllowPolicy");
}

/* KeySchema's HASH and RANGE as hash_key and range_key (a local index's
 * partition key is the table's, and the provider takes none for it). */
static void keys(struct tf *t, struct hcl_body *b, const struct pv *schema, bool with_hash, const char *local)
{
	for (size_t i = 0; schema && i < schema->items.n; i++) {
		const struct pv *k = schema->items.items[i];
		bool hash = !strcmp(pv_get(k, "KeyType")->s, "HASH");
		if (hash && !with_hash)
			continue;
		SUB(b, hash ? "hash_key" : "range_key", pv_get(k, "AttributeName"));
	}
}

static void indexes(struct tf *t, struct hcl_body *b, const struct pv *list, bool global, const char *local)
{
	for (size_t i = 0; list && i < list->items.n; i++) {
		const struct pv *x = list->items.items[i];
		struct hcl_body *ib = hcl_block(t->a, b, global ? "global_secondary_index" : "local_secondary_index",
						NULL);
		SUB(ib, "name", pv_get(x, "IndexName"));
		keys(t, ib, pv_get(x, "KeySchema"), global, local);
		const struct pv *proj = pv_get(x, "Projection");
		SUB(ib, "projection_type", pv_get(proj, "ProjectionType"));
		SUB(ib, "non_key_attributes", pv_get(proj, "NonKeyAttributes"));
		const struct pv *tp = pv_get(x, "ProvisionedThroughput");
		if (tp) {
			SUB(ib, "read_capacity", pv_get(tp, "ReadCapacityUnits"));
			SUB(ib, "write_capacity", pv_get(tp, "WriteCapacityUnits"));
		}
	}
}

/* read_capacity and write_capacity of a provisioned table. */
void tf_dynamodb_capacity(struct tf *t, struct hcl_body *b, const struct p_res *r, const char *local)
{
	const struct pv *tp = P(r, "ProvisionedThroughput");
	if (!tp)
		return;
	SUB(b, "read_capacity", pv_get(tp, "ReadCapacityUnits"));
	SUB(b, "write_capacity", pv_get(tp, "WriteCapacityUnits"));
}

void tf_dynamodb_indexes(struct tf *t, struct hcl_body *b, const struct p_res *r, const char *local)
{
	indexes(t, b, P(r, "GlobalSecondaryIndexes"), true, local);
	indexes(t, b, P(r, "LocalSecondaryIndexes"), false, local);
}
