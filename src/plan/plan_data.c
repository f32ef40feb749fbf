/* plan_data.c - the parts of queues and tables that issue 14 added: a FIFO
 * queue's deduplication and throughput, the redrive-allow policy of a queue
 * that other queues name as their dead-letter queue, a table's attribute
 * definitions, capacity and secondary indexes, and the ARNs of its indexes
 * for the roles that read them. plan_compute.c plans the rest. */
#include "plan_priv.h"

#include <string.h>

/* ContentBasedDeduplication, DeduplicationScope: what sorts before
 * DelaySeconds; FifoThroughputLimit comes after FifoQueue (fifo_tail). */
void pb_queue_fifo_head(struct pb *b, struct p_res *r, const struct m_queue *q)
{
	if (q->content_dedup)
		pb_set(b, r, "ContentBasedDeduplication", B(b, true));
	if (q->dedup_scope)
		pb_set(b, r, "DeduplicationScope", S(b, q->dedup_scope));
}

void pb_queue_fifo_tail(struct pb *b, struct p_res *r, const struct m_queue *q)
{
	if (q->throughput_limit)
		pb_set(b, r, "FifoThroughputLimit", S(b, q->throughput_limit));
}

/* The ARN of queue Q from its physical name: the DLQ's redrive-allow
 * policy names its sources, whose redrive policies name the DLQ, so a
 * reference either way would be a cycle. */
static struct pv *queue_arn_by_name(struct pb *b, const struct m_queue *q)
{
	return pb_arn(b, "sqs", "", pb_queue_name(b, q->c.name, q->fifo), NULL);
}

/* A queue that other queues name as their DLQ lets exactly those redrive
 * to it (RedriveAllowPolicy byQueue, SQS developer guide "Learn how to
 * configure a dead-letter queue redrive"); in pattern order. */
void pb_redrive_allow(struct pb *b, struct p_res *r, const struct m_queue *dlq)
{
	if (!dlq->is_dead_letter)
		return;
	struct pv *sources = pv_list(b->a);
	for (size_t i = 0; i < b->m->n_queues; i++)
		if (b->m->queues[i]->dlq_queue == dlq)
			pv_push(b->a, sources, queue_arn_by_name(b, b->m->queues[i]));
	struct pv *p = pv_map(b->a);
	pv_set(b->a, p, "redrivePermission", S(b, "byQueue"));
	pv_set(b->a, p, "sourceQueueArns", sources);
	pb_set(b, r, "RedriveAllowPolicy", pv_doc(b->a, p, false));
}

static const char *attr_type(enum m_attr_type t)
{
	return t == AT_NUMBER ? "N" : t == AT_BINARY ? "B" : "S";
}

static struct pv *pair(struct pb *b, const char *k1, const char *v1, const char *k2, const char *v2)
{
	struct pv *m = pv_map(b->a);
	pv_set(b->a, m, k1, S(b, v1));
	pv_set(b->a, m, k2, S(b, v2));
	return m;
}

static void define(struct pb *b, struct pv *defs, struct strmap *seen, const char *name, enum m_attr_type type)
{
	if (!name || strmap_get(seen, name))
		return;
	strmap_put(seen, name, (void *)name);
	pv_push(b->a, defs, pair(b, "AttributeName", name, "AttributeType", attr_type(type)));
}

/* Every key attribute of the table and of its indexes, once (sema checked
 * that each has one type), in the order the pattern names them. */
struct pv *pb_table_attribute_definitions(struct pb *b, const struct m_table *t)
{
	struct pv *defs = pv_list(b->a);
	struct strmap *seen = strmap_new(b->a);
	define(b, defs, seen, t->pk, t->pk_type);
	define(b, defs, seen, t->sk, t->sk_type);
	for (size_t i = 0; i < t->n_indexes; i++) {
		define(b, defs, seen, t->indexes[i].pk, t->indexes[i].pk_type);
		define(b, defs, seen, t->indexes[i].sk, t->indexes[i].sk_type);
	}
	return defs;
}

struct pv *pb_key_schema(struct pb *b, const char *pk, const char *sk)
{
	struct pv *keys = pv_list(b->a);
	pv_push(b->a, keys, pair(b, "AttributeName", pk, "KeyType", "HASH"));
	if (sk)
		pv_push(b->a, keys, pair(b, "AttributeName", sk, "KeyType", "RANGE"));
	return keys;
}

struct pv *pb_throughput(struct pb *b, int read, int write)
{
	struct pv *t = pv_map(b->a);
	pv_set(b->a, t, "ReadCapacityUnits", I(b, read));
	pv_set(b->a, t, "WriteCapacityUnits", I(b, write));
	return t;
}

static struct pv *index_of(struct pb *b, const struct m_table_index *x)
{
	static const char *const types[] = { "ALL", "KEYS_ONLY", "INCLUDE" };
	struct pv *j = pv_map(b->a), *proj = pv_map(b->a);
	pv_set(b->a, j, "IndexName", S(b, x->name));
	pv_set(b->a, j, "KeySchema", pb_key_schema(b, x->pk, x->sk));
	if (x->projection == PROJ_INCLUDE) {
		struct pv *attrs = pv_list(b->a);
		for (size_t i = 0; i < x->n_non_key; i++)
			pv_push(b->a, attrs, S(b, x->non_key[i]));
		pv_set(b->a, proj, "NonKeyAttributes", attrs);
	}
	pv_set(b->a, proj, "ProjectionType", S(b, types[x->projection]));
	pv_set(b->a, j, "Projection", proj);
	if (!x->local && x->read_capacity)
		pv_set(b->a, j, "ProvisionedThroughput", pb_throughput(b, x->read_capacity, x->write_capacity));
	return j;
}

/* GlobalSecondaryIndexes (LOCAL false) or LocalSecondaryIndexes, NULL
 * when the table has none of them. */
struct pv *pb_table_indexes(struct pb *b, const struct m_table *t, bool local)
{
	struct pv *list = NULL;
	for (size_t i = 0; i < t->n_indexes; i++) {
		if (t->indexes[i].local != local)
			continue;
		if (!list)
			list = pv_list(b->a);
		pv_push(b->a, list, index_of(b, &t->indexes[i]));
	}
	return list;
}

/* What a role that reads table T may read: the table, and each of its
 * indexes by name (Query and Scan on an index authorise on
 * TABLE-ARN/index/NAME, DynamoDB's "Actions, resources, and condition
 * keys"), never index/ *. */
struct pv *pb_table_read_resources(struct pb *b, const struct m_table *t)
{
	struct pv *list = pb_one(b, pb_comp_arn(b, &t->c));
	for (size_t i = 0; i < t->n_indexes; i++) {
		struct pv *j = pv_join(b->a);
		pv_part(b->a, j, pb_comp_arn(b, &t->c));
		pv_lit(b->a, j, F(b, "/index/%s", t->indexes[i].name));
		pv_push(b->a, list, j);
	}
	return list;
}
