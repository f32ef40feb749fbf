/* plan_compute.c - queues with their dead-letter queues, tables, and
 * functions with their log group, role, published version and alias
 * (where they keep provisioned concurrency); their event sources and
 * asynchronous invocation settings are plan_source.c's. */
#include "plan_priv.h"

#include "codehash.h"
#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* AWS's defaults, left out of the templates when the pattern keeps them. */
#define SQS_DEFAULT_MAX_MESSAGE 262144
#define LAMBDA_DEFAULT_EPHEMERAL_MB 512
#define LAMBDA_DEFAULT_RUNTIME "python3.12"
#define LAMBDA_DEFAULT_HANDLER "index.handler"

/* SQS names a FIFO queue NAME.fifo, the suffix within its 80 characters. */
struct pv *pb_queue_name(struct pb *b, const char *name, bool fifo)
{
	struct pv *n = pb_name(b, name, fifo ? names_limit(MK_QUEUE) - 5 : names_limit(MK_QUEUE));
	if (!fifo)
		return n;
	struct pv *j = pv_join(b->a);
	pv_part(b->a, j, n);
	pv_lit(b->a, j, ".fifo");
	return j;
}

static void queue_props(struct pb *b, struct p_res *r, const struct m_queue *q, bool dlq)
{
	const char *h = names_snake(b->a, dlq ? F(b, "%s-dlq", q->c.name) : q->c.name);
	if (!dlq)
		pb_queue_fifo_head(b, r, q);
	if (!dlq && q->delay_s)
		pb_set(b, r, "DelaySeconds", pv_hint(b->a, I(b, q->delay_s), F(b, "%s_delay_seconds", h)));
	if (q->fifo)
		pb_set(b, r, "FifoQueue", B(b, true));
	if (!dlq)
		pb_queue_fifo_tail(b, r, q);
	if (q->key) {
		pb_set(b, r, "KmsDataKeyReusePeriodSeconds", I(b, KMS_DATA_KEY_REUSE_S));
		pb_set(b, r, "KmsMasterKeyId", pb_key_arn(b, q->key));
	}
	if (!dlq && q->max_message_size != SQS_DEFAULT_MAX_MESSAGE)
		pb_set(b, r, "MaximumMessageSize", pv_hint(b->a, I(b, q->max_message_size), F(b, "%s_max_message_size", h)));
	pb_set(b, r, "MessageRetentionPeriod", pv_hint(b->a, I(b, dlq ? q->dlq_retention_s : q->retention_s),
						       F(b, "%s_message_retention_seconds", h)));
	pb_set(b, r, "QueueName", pb_queue_name(b, dlq ? F(b, "%s-dlq", q->c.name) : q->c.name, q->fifo));
	if (!dlq && q->receive_wait_s)
		pb_set(b, r, "ReceiveMessageWaitTimeSeconds", pv_hint(b->a, I(b, q->receive_wait_s),
									F(b, "%s_receive_wait_time_seconds", h)));
}

void plan_queue(struct pb *b, const struct m_queue *q)
{
	const char *id = pb_id(b, &q->c), *dlq = pb_id_of(b, &q->c, "DeadLetterQueue");
	if (q->dlq) {
		struct p_res *d = pb_res(b, dlq, PT_SQS_QUEUE, "DeadLetterQueue");
		queue_props(b, d, q, true);
		/* no RedriveAllowPolicy naming the source queue: the source's
		 * RedrivePolicy names this one, and the pair would be a cycle */
		pb_set(b, d, "Tags", pb_tags(b));
	}
	struct p_res *r = pb_res(b, id, PT_SQS_QUEUE, "");
	queue_props(b, r, q, false);
	pb_redrive_allow(b, r, q);
	if (q->dlq || q->dlq_queue) {
		struct pv *rp = pv_map(b->a);
		pv_set(b->a, rp, "deadLetterTargetArn", q->dlq_queue ? pb_comp_arn(b, &q->dlq_queue->c)
								      : pv_ref(b->a, dlq, PA_ARN));
		pv_set(b->a, rp, "maxReceiveCount", pv_hint(b->a, I(b, q->dlq_max_receives), F(b, "%s_max_receive_count",
										      names_snake(b->a, q->c.name))));
		pb_set(b, r, "RedrivePolicy", pv_doc(b->a, rp, false));
	}
	pb_set(b, r, "Tags", pb_tags(b));
	pb_set(b, r, "VisibilityTimeout", pv_hint(b->a, I(b, q->visibility_timeout_s),
						  F(b, "%s_visibility_timeout_seconds", names_snake(b->a, q->c.name))));
}

/* Deletion protection: the table's own, else on where the environment
 * keeps its data (DeleteTable is refused while it is on). */
static struct pv *deletion_protection(struct pb *b, const struct m_table *t)
{
	const char *dp = F(b, "%s_deletion_protection", names_snake(b->a, t->c.name));
	plan_setting(b->p, dp, t->deletion_protection >= 0
		     ? F(b, "Deletion protection of table %s, as the pattern sets it", t->c.name)
		     : F(b, "Deletion protection of table %s: on where the environment keeps its data (keep_data)",
			 t->c.name));
	bool on = t->deletion_protection >= 0 ? t->deletion_protection : plan_keeps_data(b->m);
	return pv_hint(b->a, B(b, on), dp);
}

void plan_table(struct pb *b, const struct m_table *t)
{
	struct p_res *r = pb_res(b, pb_id(b, &t->c), PT_DYNAMODB_TABLE, "");
	pb_set(b, r, "AttributeDefinitions", pb_table_attribute_definitions(b, t));
	pb_set(b, r, "BillingMode", S(b, t->read_capacity ? "PROVISIONED" : "PAY_PER_REQUEST"));
	pb_set(b, r, "DeletionProtectionEnabled", deletion_protection(b, t));
	struct pv *gsi = pb_table_indexes(b, t, false), *lsi = pb_table_indexes(b, t, true);
	if (gsi)
		pb_set(b, r, "GlobalSecondaryIndexes", gsi);
	pb_set(b, r, "KeySchema", pb_key_schema(b, t->pk, t->sk));
	if (lsi)
		pb_set(b, r, "LocalSecondaryIndexes", lsi);
	struct pv *pitr = pv_map(b->a);
	pv_set(b->a, pitr, "PointInTimeRecoveryEnabled", pv_hint(b->a, B(b, t->pitr), F(b, "%s_point_in_time_recovery",
										     names_snake(b->a, t->c.name))));
	pb_set(b, r, "PointInTimeRecoverySpecification", pitr);
	if (t->read_capacity)
		pb_set(b, r, "ProvisionedThroughput", pb_throughput(b, t->read_capacity, t->write_capacity));
	if (t->key) {
		struct pv *sse = pv_map(b->a);
		pv_set(b->a, sse, "KMSMasterKeyId", pb_key_arn(b, t->key));
		pv_set(b->a, sse, "SSEEnabled", B(b, true));
		pv_set(b->a, sse, "SSEType", S(b, "KMS"));
		pb_set(b, r, "SSESpecification", sse);
	}
	if (t->stream_view) {
		struct pv *s = pv_map(b->a);
		pv_set(b->a, s, "StreamViewType", S(b, t->stream_view));
		pb_set(b, r, "StreamSpecification", s);
	}
	pb_set(b, r, "TableName", pb_comp_name(b, &t->c));
	pb_set(b, r, "Tags", pb_tags(b));
	if (t->ttl) {
		struct pv *s = pv_map(b->a);
		pv_set(b->a, s, "AttributeName", S(b, t->ttl));
		pv_set(b->a, s, "Enabled", B(b, true));
		pb_set(b, r, "TimeToLiveSpecification", s);
	}
}

/* The variable through which F finds what grant G names: TOPIC_<NAME>_ARN
 * for a topic it publishes to, TABLE_<NAME>_NAME for a table it writes
 * (the name in upper snake case); NULL for other grants, and where F's own
 * environment already refers to that component. */
static const char *found_as(struct pb *b, const struct m_function *f, const struct m_grant *g)
{
	bool topic = g->access == ACC_PUBLISH && g->comp->kind == MK_TOPIC;
	bool table = g->access == ACC_WRITE && g->comp->kind == MK_TABLE;
	if (!topic && !table)
		return NULL;
	for (size_t i = 0; i < f->environment.n; i++) {
		const struct m_val *v = &f->environment.items[i].val;
		if (v->kind == MV_COMPREF && v->comp == g->comp)
			return NULL;
	}
	char *name = arena_strdup(b->a, names_snake(b->a, g->comp->name));
	for (char *p = name; *p; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	return F(b, topic ? "TOPIC_%s_ARN" : "TABLE_%s_NAME", name);
}

/* The function's variables: its environment's, then those of found_as;
 * NULL when there are none. */
static struct pv *environment(struct pb *b, const struct m_function *f)
{
	struct pv *vars = pv_map(b->a), *env = pv_map(b->a);
	for (size_t i = 0; i < f->environment.n; i++) {
		const char *k = f->environment.items[i].key;
		char *hint = arena_strdup(b->a, k);
		for (char *p = hint; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		pv_set(b->a, vars, k, pv_hint(b->a, pb_mval(b, &f->environment.items[i].val), hint));
	}
	/* a function finds what it publishes to and writes: the topic's ARN
	 * and the table's name, unless its own variables name them */
	for (size_t i = 0; i < f->n_grants; i++) {
		const struct m_grant *g = &f->grants[i];
		const char *var = found_as(b, f, g);
		if (var && !pv_get(vars, var))
			pv_set(b->a, vars, var, pb_comp_attr(b, g->comp, g->access == ACC_PUBLISH ? MA_ARN : MA_NAME));
	}
	if (!vars->items.n)
		return NULL;
	pv_set(b->a, env, "Variables", vars);
	return env;
}

/* The code folder, as the file that declares the function names it, and
 * as the pattern file's folder does (for the artifact list). */
static const char *code_dir(struct pb *b, const struct m_function *f, bool from_pattern)
{
	const char *code = f->code ? f->code : f->c.name, *base = f->code_base, *top = b->m->base_dir;
	if (code[0] == '/' || !base || !strcmp(base, "."))
		return code;
	if (from_pattern && top && !strcmp(base, top))
		return code;
	size_t n = top ? strlen(top) : 0;
	if (from_pattern && n && strcmp(top, ".") && !strncmp(base, top, n) && base[n] == '/')
		return F(b, "%s/%s", base + n + 1, code);
	return F(b, "%s/%s", base, code);
}

static void add_artifact(struct pb *b, const char *folder, const char *key)
{
	for (size_t i = 0; i < b->p->artifacts.n; i++)
		if (!strcmp(((struct p_artifact *)b->p->artifacts.items[i])->key, key))
			return;
	struct p_artifact *x = arena_alloc(b->a, sizeof *x);
	x->folder = folder;
	x->key = key;
	vec_push(b->a, &b->p->artifacts, x);
}

/* The code folder, zipped, under the artifact prefix: one zip per folder,
 * named for the SHA-256 of what the folder holds, so that changed code is
 * a new key, a new version and an update of the alias. With local code,
 * the folder itself, which the deployment tool zips; the hash still names
 * the version. Returns the hash's first 16 hex digits. */
struct code_hash {
	char hex[65], b64[45];
};

static const struct code_hash *folder_hash(struct pb *b, const struct m_function *f, const char *dir)
{
	struct arena *a = b->run ? b->run->a : b->a;
	if (b->run)
		pthread_mutex_lock(&b->run->lock);
	struct code_hash *h = strmap_get(b->code_hashes, dir);
	if (!h) {
		h = arena_alloc(a, sizeof *h);
		if (!codehash_dir(a, dir, h->hex, h->b64))
			diag_error(f->c.loc, DIAG_CODE_FOLDER, "cannot read the code of function '%s' in '%s': %s",
				   f->c.name, dir, strerror(errno));
		strmap_put(b->code_hashes, arena_strdup(a, dir), h);
	}
	if (b->run)
		pthread_mutex_unlock(&b->run->lock);
	return h;
}

static const char *function_code(struct pb *b, struct p_res *r, const struct m_function *f)
{
	const struct code_hash *h = folder_hash(b, f, code_dir(b, f, false));
	const char *hex = F(b, "%.16s", h->hex);
	r->code_hash = S(b, h->b64);
	if (b->local_code) {
		/* the deployment tool zips the folder: a path the renderer
		 * writes as seen from its output */
		r->code_folder = code_dir(b, f, true);
		pb_set(b, r, "Code", S(b, r->code_folder));
		return hex;
	}
	const char *name = F(b, "%s-%s.zip", f->code ? f->code : f->c.name, hex);
	struct pv *code = pv_map(b->a), *key = pv_join(b->a);
	pv_set(b->a, code, "S3Bucket", pv_pseudo(b->a, PP_ARTIFACT_BUCKET));
	pv_part(b->a, key, pv_pseudo(b->a, PP_ARTIFACT_PREFIX));
	pv_lit(b->a, key, name);
	pv_set(b->a, code, "S3Key", key);
	pb_set(b, r, "Code", code);
	add_artifact(b, code_dir(b, f, true), name);
	return hex;
}

static const char *function_resource(struct pb *b, const struct m_function *f, const char *lg, const char *role,
				     const char *dlq)
{
	const char *h = names_snake(b->a, f->c.name);
	struct p_res *r = pb_res(b, pb_id(b, &f->c), PT_LAMBDA_FUNCTION, "");
	pb_set(b, r, "Architectures", pb_one(b, S(b, f->architecture)));
	const char *hash = function_code(b, r, f);
	if (dlq) {
		struct pv *dc = pv_map(b->a);
		pv_set(b->a, dc, "TargetArn", pv_ref(b->a, dlq, PA_ARN));
		pb_set(b, r, "DeadLetterConfig", dc);
	}
	if (f->c.description)
		pb_set(b, r, "Description", S(b, f->c.description));
	struct pv *env = environment(b, f);
	if (env)
		pb_set(b, r, "Environment", env);
	if (f->ephemeral_storage_mb != LAMBDA_DEFAULT_EPHEMERAL_MB) {
		struct pv *es = pv_map(b->a);
		pv_set(b->a, es, "Size", pv_hint(b->a, I(b, f->ephemeral_storage_mb), F(b, "%s_ephemeral_storage", h)));
		pb_set(b, r, "EphemeralStorage", es);
	}
	pb_set(b, r, "FunctionName", pb_comp_name(b, &f->c));
	pb_set(b, r, "Handler", S(b, f->handler ? f->handler : LAMBDA_DEFAULT_HANDLER));
	if (f->key && env)
		pb_set(b, r, "KmsKeyArn", pb_key_arn(b, f->key));
	struct pv *logging = pv_map(b->a);
	pv_set(b->a, logging, "LogGroup", pv_ref(b->a, lg, PA_NAME));
	if (f->log_level) {
		pv_set(b->a, logging, "ApplicationLogLevel", pv_hint(b->a, S(b, f->log_level), "log_level"));
		pv_set(b->a, logging, "LogFormat", S(b, "JSON"));
	}
	pb_set(b, r, "LoggingConfig", logging);
	pb_set(b, r, "MemorySize", pv_hint(b->a, I(b, f->memory_mb), "lambda_memory_size"));
	if (f->reserved_concurrency >= 0)
		pb_set(b, r, "ReservedConcurrentExecutions", pv_hint(b->a, I(b, f->reserved_concurrency),
								     F(b, "%s_reserved_concurrency", h)));
	pb_set(b, r, "Role", pv_ref(b->a, role, PA_ARN));
	pb_set(b, r, "Runtime", S(b, f->runtime ? f->runtime : LAMBDA_DEFAULT_RUNTIME));
	pb_set(b, r, "Tags", pb_tags(b));
	pb_set(b, r, "Timeout", pv_hint(b->a, I(b, f->timeout_s), "lambda_timeout"));
	struct pv *tc = pv_map(b->a);
	pv_set(b->a, tc, "Mode", S(b, f->tracing_active ? "Active" : "PassThrough"));
	pb_set(b, r, "TracingConfig", tc);
	/* the role's grants must be in place before the function runs */
	plan_depend(b->p, r, role);
	return hash;
}

/* A published version and the alias that serves traffic, where the
 * function keeps provisioned concurrency; planned in every environment,
 * present where that concurrency is above 0. The version's ID carries
 * the code's hash: CloudFormation publishes a version once per logical
 * ID, so new code must be a new ID for the alias to move to it. */
static void function_alias(struct pb *b, const struct m_function *f, const char *hash)
{
	const char *id = pb_id(b, &f->c), *ver = pb_id_of(b, &f->c, F(b, "Version%s", hash));
	struct pv *pc = pv_hint(b->a, I(b, f->provisioned_concurrency),
				F(b, "%s_provisioned_concurrency", names_snake(b->a, f->c.name)));
	struct p_setting *s = plan_setting(b->p, pc->hint,
		F(b, "Provisioned concurrency of function %s on its live alias (0: none)", f->c.name));
	s->has_min = true;
	s->min = 0;
	s->advice = "Provisioned concurrency is 0 (none) or more.";
	struct p_res *v = pb_res(b, ver, PT_LAMBDA_VERSION, "Version");
	v->count_if = pc;
	pb_set(b, v, "Description", S(b, "Published for provisioned concurrency"));
	pb_set(b, v, "FunctionName", pv_ref(b->a, id, PA_NAME));
	struct p_res *al = pb_res(b, pb_id_of(b, &f->c, "Alias"), PT_LAMBDA_ALIAS, "Alias");
	al->count_if = pc;
	pb_set(b, al, "Description", S(b, "The version that serves traffic"));
	pb_set(b, al, "FunctionName", pv_ref(b->a, id, PA_NAME));
	pb_set(b, al, "FunctionVersion", pv_ref(b->a, ver, PA_VERSION));
	pb_set(b, al, "Name", S(b, "live"));
	struct pv *pcc = pv_map(b->a);
	pv_set(b->a, pcc, "ProvisionedConcurrentExecutions", pc);
	pb_set(b, al, "ProvisionedConcurrencyConfig", pcc);
}

/* The statements of role ROLE's inline policy. */
static struct pv *role_statements(struct pb *b, const char *role)
{
	struct p_res *r = plan_find(b->p, role);
	struct pv *pols = r ? pv_get(r->props, "Policies") : NULL;
	if (!pols || pols->kind != PV_LIST || !pols->items.n)
		return NULL;
	struct pv *doc = pv_get(pols->items.items[0], "PolicyDocument");
	return doc && doc->kind == PV_DOC ? pv_get(doc->items.items[0], "Statement") : NULL;
}

/* The function's dead-letter queue: Lambda sends there with the
 * function's role, which may send to it, and use the queue's key under
 * that queue's encryption context only. */
static const char *function_dlq(struct pb *b, const struct m_function *f, const char *role)
{
	const char *dlq = pb_id_of(b, &f->c, "DeadLetterQueue");
	struct p_res *d = pb_dead_letter_queue(b, dlq, "DeadLetterQueue", F(b, "%s-function-dlq", f->c.name), false, 0);
	struct pv *st = role_statements(b, role);
	if (!st)
		return dlq;
	static const char *const send[] = { "sqs:SendMessage", NULL };
	pv_push(b->a, st, pb_statement(b, "SendDeadLetters", NULL, pv_strings(b->a, send),
				       pb_one(b, pv_ref(b->a, dlq, PA_ARN)), NULL));
	const struct m_key *key = b->m->default_key;
	if (key)
		pv_push(b->a, st, pb_statement(b, F(b, "UseKey%sForDeadLetters", names_pascal(b->a, key->c.name)), NULL,
			pv_strings(b->a, (const char *const[]){ "kms:Decrypt", "kms:GenerateDataKey", NULL }),
			pb_one(b, pb_key_arn(b, key)),
			pb_condition(b, "StringEquals", "kms:EncryptionContext:aws:sqs:arn",
				     pb_arn(b, "sqs", "", pv_get(d->props, "QueueName"), NULL))));
	return dlq;
}

void plan_function(struct pb *b, const struct m_function *f)
{
	const char *lg = pb_id_of(b, &f->c, "LogGroup"), *role = pb_id_of(b, &f->c, "Role");
	struct pv *lgname = pv_join(b->a);
	pv_lit(b->a, lgname, "/aws/lambda/");
	pv_part(b->a, lgname, pb_comp_name(b, &f->c));
	pb_log_group(b, lg, lgname, f->log_retention_days, f->key);

	struct iam_role ir;
	iam_function_role(b->a, b->m, f, &ir);
	pb_role(b, role, "Role", "lambda.amazonaws.com", NULL, F(b, "%s-lambda", f->c.name), pb_role_statements(b, &ir, lg), &ir.keys,
		F(b, "Execution role of function %s: only what it consumes, writes and publishes", f->c.name));
	const char *dlq = plan_function_has_dlq(f) ? function_dlq(b, f, role) : NULL;
	function_alias(b, f, function_resource(b, f, lg, role, dlq));
	if (f->source)
		plan_event_source(b, f, role);
	if (f->async)
		plan_async(b, f, role);
}

/* ---- data kept when a stack goes ---- */

/* Whether this environment's data outlives its stack: the model says
 * (an environment's keep_data variable, by default prod and production). */
bool plan_keeps_data(const struct m_pattern *m)
{
	return m->env && m->env->keep_data;
}

static bool stateful(enum p_type t)
{
	return t == PT_KMS_KEY || t == PT_S3_BUCKET || t == PT_SQS_QUEUE || t == PT_DYNAMODB_TABLE || t == PT_LOG_GROUP ||
	       t == PT_KINESIS_STREAM;
}

/* What holds data (a key, without which the rest cannot be read, a
 * bucket, queues, tables, log groups) is retained on a stack's deletion
 * and on a replacement where the environment keeps its data, and deleted
 * elsewhere, said in so many words either way (cfn-lint I3011). */
void plan_retention(struct pb *b)
{
	struct pv *policy = S(b, plan_keeps_data(b->m) ? "Retain" : "Delete");
	for (size_t i = 0; i < b->p->resources.n; i++) {
		struct p_res *r = b->p->resources.items[i];
		if (stateful(r->type))
			r->deletion = policy;
	}
}
