/* sema_wf_dmap.c - a map's distributed mode ("Using Map state in
 * Distributed mode", Step Functions developer guide): each item, or batch
 * of items, runs as a child workflow execution; items may come from S3
 * (ItemReader: one object read as CSV, JSON, JSON Lines or an S3 inventory
 * manifest, or the listing of a prefix), results may go to S3
 * (ResultWriter), and the map may tolerate a share or a count of failed
 * items. Apart from sema_wf_states.c, whose build_map calls it. */
#include <stdlib.h>
#include <string.h>

#include "sema_priv.h"

/* A statement `HEAD s3 { ... }` of the map's block, or NULL. */
static const struct ast_item *s3_stmt(const struct ast_item *map, const char *head)
{
	const struct ast_item *found = NULL;
	for (const struct ast_item *it = map->block ? map->block->items : NULL; it; it = it->next) {
		if (it->kind != AI_STMT || strcmp(it->head, head) != 0)
			continue;
		if (found)
			diag_error(it->head_loc, DIAG_DUPLICATE, "a second '%s' in map", head);
		found = it;
	}
	return found;
}

static bool s3_words(const struct ast_item *it)
{
	const struct ast_value *w = it->words;
	if (w && w->kind == AV_IDENT && !strcmp(w->u.str, "s3") && !w->next && it->block)
		return true;
	diag_error(it->loc, DIAG_WF_DMAP, "'%s' is written: %s s3 { bucket = \"...\", %s }", it->head, it->head,
		   !strcmp(it->head, "items") ? "key = \"...\", format = csv" : "prefix = \"...\"");
	return false;
}

/* A bucket is a name, not a path: IAM grants the map on it. */
static const char *bucket_name(struct wctx *c, const struct view *v, const struct ast_item *it)
{
	const struct ast_value *b = view_value(v, "bucket");
	const char *name = NULL;
	if (!b)
		diag_error(it->loc, DIAG_WF_DMAP, "%s s3 needs bucket = \"...\"", it->head);
	else if (b->kind == AV_JSONPATH)
		diag_error(b->loc, DIAG_WF_DMAP, "the bucket is a name, not a JSONPath: the workflow's role is "
			   "granted on it");
	else
		get_string(c->s, b, "bucket", &name);
	return name;
}

/* items s3 { bucket, key = "..." or $.key, format = csv, max_items } or
 * items s3 { bucket, prefix = "..." } */
static void reader(struct wctx *c, struct m_dmap *d, const struct ast_item *it)
{
	static const char *const attrs[] = { "bucket", "key", "prefix", "format", "max_items", NULL };
	static const char *const formats[] = { "csv", "json", "jsonl", "manifest", NULL };
	static const char *const input_types[] = { "CSV", "JSON", "JSONL", "MANIFEST" };
	struct view v;
	view_open(c->s, &v, it->block, attrs, NULL, "an item reader");
	d->bucket = bucket_name(c, &v, it);
	const struct ast_value *key = view_value(&v, "key"), *prefix = view_value(&v, "prefix");
	const struct ast_value *format = view_value(&v, "format");
	if ((key != NULL) == (prefix != NULL)) {
		diag_error(it->loc, DIAG_WF_DMAP, "items s3 reads one object (key = \"...\") or lists a prefix "
			   "(prefix = \"...\"): give one of them");
	} else if (key && key->kind == AV_JSONPATH) {
		d->key_path = key->u.str;
	} else if (key) {
		get_string(c->s, key, "key", &d->key);
	} else {
		get_string(c->s, prefix, "prefix", &d->prefix);
	}
	const char *f = NULL;
	if ((key != NULL) == (prefix != NULL))
		return; /* reported: which of them the format goes with is not known */
	if (key && !format)
		diag_error(it->loc, DIAG_WF_DMAP, "items s3 { key = ... } needs format = csv, json, jsonl or manifest");
	else if (prefix && format)
		diag_error(format->loc, DIAG_WF_DMAP, "a prefix is listed, not read: its items are the objects "
			   "(key, size, ...), and it takes no format");
	else if (format && get_choice(c->s, format, "format", formats, &f))
		for (size_t i = 0; formats[i]; i++)
			if (f == formats[i])
				d->format = input_types[i];
	long long n;
	if (get_int(c->s, view_value(&v, "max_items"), "max_items", 1, 100000000, DIAG_WF_DMAP_RANGE, &n))
		d->max_items = (int)n;
}

/* results s3 { bucket, prefix } */
static void writer(struct wctx *c, struct m_dmap *d, const struct ast_item *it)
{
	static const char *const attrs[] = { "bucket", "prefix", NULL };
	struct view v;
	view_open(c->s, &v, it->block, attrs, NULL, "a result writer");
	d->results_bucket = bucket_name(c, &v, it);
	get_string(c->s, view_value(&v, "prefix"), "prefix", &d->results_prefix);
}

/* batch { max_items = 100, max_bytes = 262144 }: MaxInputBytesPerBatch is
 * at most 256 KiB ("ItemBatcher (Map)"). */
static void batcher(struct wctx *c, struct m_dmap *d, const struct ast_item *it)
{
	static const char *const attrs[] = { "max_items", "max_bytes", NULL };
	struct view v;
	view_open(c->s, &v, it->block, attrs, NULL, "a batch");
	long long n;
	if (get_int(c->s, view_value(&v, "max_items"), "max_items", 1, 100000000, DIAG_WF_DMAP_RANGE, &n))
		d->batch_items = (int)n;
	if (get_int(c->s, view_value(&v, "max_bytes"), "max_bytes", 1, 262144, DIAG_WF_DMAP_RANGE, &n))
		d->batch_bytes = (int)n;
	d->batch = true;
	if (!view_value(&v, "max_items") && !view_value(&v, "max_bytes"))
		diag_error(it->loc, DIAG_WF_DMAP, "batch needs max_items or max_bytes");
}

/* tolerated_failures = "5%" (ToleratedFailurePercentage, 0 to 100) or a
 * count of items (ToleratedFailureCount). */
static void tolerated(struct wctx *c, struct m_dmap *d, const struct ast_value *t)
{
	if (!t)
		return;
	if (t->kind == AV_STRING) {
		char *end = NULL;
		double pct = strtod(t->u.str, &end);
		if (end == t->u.str || strcmp(end, "%") != 0 || pct < 0 || pct > 100 || pct != (int)pct)
			diag_error(t->loc, DIAG_WF_DMAP_RANGE, "tolerated_failures is a whole percentage from \"0%%\" "
				   "to \"100%%\", or a count of items");
		else
			d->tolerated_pct = (int)pct;
		return;
	}
	long long n;
	if (get_int(c->s, t, "tolerated_failures", 0, 100000000, DIAG_WF_DMAP_RANGE, &n))
		d->tolerated_count = (int)n;
}

/* Statements and attributes that only a distributed map has. */
static const char *const distributed_only[] = { "results", "batch", "tolerated_failures", "execution", "label", NULL };

static void inline_only(const struct ast_item *map)
{
	for (const struct ast_item *it = map->block ? map->block->items : NULL; it; it = it->next) {
		const char *name = it->kind == AI_STMT ? it->head : it->kind == AI_ATTR && it->key.n == 1
			? it->key.parts[0] : NULL;
		bool only = name && it->kind == AI_STMT && !strcmp(name, "items");
		for (size_t i = 0; name && distributed_only[i]; i++)
			only |= !strcmp(name, distributed_only[i]);
		if (only)
			diag_error(it->loc, DIAG_WF_DMAP_INLINE, "'%s' needs a distributed map: set mode = distributed",
				   name);
	}
}

void wf_map_mode(struct wctx *c, struct m_state *st, const struct ast_item *map, const struct view *v)
{
	static const char *const modes[] = { "inline", "distributed", NULL };
	static const char *const executions[] = { "standard", "express", NULL };
	const char *mode = "inline";
	get_choice(c->s, view_value(v, "mode"), "map mode", modes, &mode);
	if (mode[0] == 'i') {
		inline_only(map);
		return;
	}
	if (c->w->express)
		diag_error(view_attr(v, "mode")->value->loc, DIAG_EXPRESS_TASK, "a distributed map runs child "
			   "executions, which express workflow '%s' cannot start", c->w->c.name);
	struct m_dmap *d = arena_alloc(c->s->a, sizeof *d);
	d->tolerated_pct = d->tolerated_count = -1;
	st->dmap = d;
	const char *ex = "standard";
	get_choice(c->s, view_value(v, "execution"), "execution", executions, &ex);
	d->express = ex[1] == 'x';
	const struct ast_item *items = s3_stmt(map, "items"), *results = s3_stmt(map, "results");
	const struct ast_item *batch = s3_stmt(map, "batch");
	if (items && view_value(v, "items"))
		diag_error(items->loc, DIAG_WF_DMAP, "a map takes its items from its input (items = $.path) or "
			   "from S3 (items s3 { ... }), not both");
	if (items && s3_words(items))
		reader(c, d, items);
	if (results && s3_words(results))
		writer(c, d, results);
	if (batch)
		batcher(c, d, batch);
	tolerated(c, d, view_value(v, "tolerated_failures"));
	get_string(c->s, view_value(v, "label"), "label", &d->label);
	if (d->label && strlen(d->label) > 40)
		diag_error(view_attr(v, "label")->value->loc, DIAG_WF_DMAP_RANGE, "a map run's label is at most "
			   "40 characters");
	if (st->max_concurrency > 10000)
		diag_error(view_attr(v, "max_concurrency")->value->loc, DIAG_WF_DMAP_RANGE, "a distributed map runs "
			   "at most 10000 child executions at once; max_concurrency is %d", st->max_concurrency);
}
