/* plan_limits.c - what AWS would refuse of a plan by its size, found in
 * the plan so that check refuses it too, before a deployment fails.
 *
 * A role's inline policies: IAM takes at most 10,240 characters of them in
 * all, not counting white space, as it stores them: with every reference
 * resolved. The plan knows most ARNs from the names it gave (the account
 * is twelve digits, the Region the environment's); where it does not, the
 * shortest ARN of that Region is counted. The count is a lower bound, so a
 * policy refused here is one IAM refuses.
 *
 * A queue's and a topic's resource policy: SQS takes 8,192 bytes of one,
 * SNS 30 KB (the policy quotas of each developer guide). They are counted
 * as a role's are: fewer characters than the bytes they take, so again a
 * lower bound. And a function's (or an alias's): Lambda takes 20 KB of
 * it, a statement for each permission that names it. */
#include "plan_priv.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"

#define ROLE_POLICY_MAX 10240
#define ACCOUNT_ID_CHARS 12

struct measure {
	struct pb *b;
	const struct p_env *e;
	/* what the counts keep while they run, let go after, not in the
	 * plan's arena: each resource's ARN counted once (a queue's is in
	 * every policy that names it, and making it from the name makes
	 * values; memo tag: the measure), the functions' policies, texts */
	struct arena *scratch;
};

static size_t value_chars(struct measure *m, const struct pv *v);

/* What each byte of a text takes in a policy, as JSON writes it between
 * its quotes, white space left out: a table, as most of a plan's texts
 * are counted. */
static unsigned char byte_chars[256];
static pthread_once_t byte_chars_once = PTHREAD_ONCE_INIT;

static void byte_chars_init(void)
{
	for (unsigned c = 0; c < 256; c++)
		byte_chars[c] = c == ' ' || c == '\t' || c == '\n' || c == '\r' ? 0 : c == '"' || c == '\\' ? 2 : c < 0x20 ? 6 : 1;
}

static size_t text_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += byte_chars[(unsigned char)*s];
	return n;
}

/* The characters of arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE but SERVICE
 * and RESOURCE, the colon between them too. */
static size_t arn_frame(const struct measure *m)
{
	return strlen("arn:aws:") + strlen(m->e->region) + ACCOUNT_ID_CHARS + strlen("::");
}

/* The fewest characters an ARN of the environment's Region can have:
 * SERVICE and RESOURCE one each. */
static size_t shortest_arn(const struct measure *m)
{
	return arn_frame(m) + strlen("x:x");
}

static size_t resolved_chars(struct measure *m, const struct pv *v);

/* The characters of R's ARN, at least: a key's ends in its ID, 36
 * characters (a UUID, or mrk- and 32 hex digits); a log group's is
 * arn:aws:logs:REGION:ACCOUNT:log-group:NAME, and :* after it for the
 * ARN of its STREAMS (CloudFormation's Arn attribute; Terraform's arn has
 * no :*). */
static size_t arn_chars(struct measure *m, const struct p_res *r, bool streams)
{
	if (r->type == PT_KMS_KEY)
		return arn_frame(m) + strlen("kms:key/") + 36;
	const struct pv *name = r->type == PT_LOG_GROUP ? pv_in_env(pv_get(r->props, "LogGroupName"), 0) : NULL;
	if (name)
		return arn_frame(m) + strlen("logs:log-group:") + resolved_chars(m, name) + (streams ? strlen(":*") : 0);
	void *known = arena_memo_get_ptr(m->scratch, m, r);
	if (known)
		return (size_t)(uintptr_t)known - 1;
	/* made in the scratch arena: it is only counted */
	struct pb scratch = *m->b;
	scratch.a = m->scratch;
	const struct pv *arn = pb_arn_from_name(&scratch, r);
	size_t n = arn ? resolved_chars(m, arn) : shortest_arn(m);
	arena_memo_put_ptr(m->scratch, m, r, (void *)(uintptr_t)(n + 1));
	return n;
}

/* The text V stands for once deployed, its quotes left out: at least. */
static size_t resolved_chars(struct measure *m, const struct pv *v)
{
	/* by kind, not pv_text: that would put each text together in the
	 * arena, where only its length is wanted */
	switch (v->kind) {
	case PV_STR:
		return v->s ? text_chars(v->s) : 0;
	case PV_NAME:
		return v->texts[0] ? text_chars(v->texts[0]) : 0;
	case PV_REF: {
		if (v->texts)
			return v->texts[0] ? text_chars(v->texts[0]) : 1;
		/* a log group's Arn attribute is the ARN of its streams (:*) */
		bool arn = v->attr == PA_ARN || v->attr == PA_LOG_STREAMS_ARN;
		const struct p_res *r = arn ? plan_find(m->b->p, v->s) : NULL;
		return r ? arn_chars(m, r, v->attr == PA_LOG_STREAMS_ARN) : arn ? shortest_arn(m) : 1;
	}
	case PV_PSEUDO: {
		const char *t = pv_text(m->scratch, v, 0, m->e);
		if (t)
			return text_chars(t);
		return v->pseudo == PP_ACCOUNT_ID ? ACCOUNT_ID_CHARS : v->pseudo == PP_REGION ? strlen(m->e->region)
			: v->pseudo == PP_PARTITION ? strlen("aws") : 1;
	}
	case PV_JOIN: {
		size_t n = 0;
		for (size_t i = 0; i < v->items.n; i++) {
			const struct pv *part = pv_in_env(v->items.items[i], 0);
			if (part)
				n += resolved_chars(m, part);
		}
		return n;
	}
	default:
		return 1;
	}
}

/* The characters of the members of map or list V, brackets and commas
 * included. */
static size_t container_chars(struct measure *m, const struct pv *v)
{
	size_t n = 2, members = 0;
	for (size_t i = 0; i < v->items.n; i++) {
		const struct pv *x = pv_in_env(v->items.items[i], 0);
		if (!x || pv_absent(x, 0))
			continue;
		if (v->kind == PV_MAP)
			n += text_chars(pv_key(v, i)) + 3; /* "KEY": */
		n += value_chars(m, x);
		members++;
	}
	return n + (members ? members - 1 : 0);
}

static size_t value_chars(struct measure *m, const struct pv *v)
{
	switch (v->kind) {
	case PV_MAP:
	case PV_LIST:
		return container_chars(m, v);
	case PV_DOC: {
		const struct pv *body = pv_in_env(v->items.items[0], 0);
		return body ? value_chars(m, body) : 4;
	}
	case PV_INT:
	case PV_NUM:
		return 1;
	case PV_BOOL:
		return v->b ? 4 : 5;
	case PV_NULL:
	case PV_ENVS:
		return 4;
	default:
		return 2 + resolved_chars(m, v);
	}
}

/* The characters of role R's inline policies, at least. */
static size_t role_policy_chars(struct measure *m, const struct p_res *r)
{
	const struct pv *pols = pv_get(r->props, "Policies");
	size_t n = 0;
	for (size_t i = 0; pols && pols->kind == PV_LIST && i < pols->items.n; i++) {
		const struct pv *doc = pv_get(pols->items.items[i], "PolicyDocument");
		if (doc)
			n += value_chars(m, doc);
	}
	return n;
}

/* The services whose resource policies are counted, and what they take.
 * SNS's "30 kb" is read as 30,720 bytes, the larger reading, so that a
 * policy refused here is refused whichever SNS means. */
static const struct resource_policy_limit {
	enum p_type type;
	const char *service;
	size_t max;
	const char *max_text;
} resource_policy_limits[] = {
	{ PT_SQS_QUEUE_POLICY, "SQS", 8192, "8,192 bytes" },
	{ PT_SNS_TOPIC_POLICY, "SNS", 30720, "30 KB" },
};

static const struct resource_policy_limit *resource_policy_limit(enum p_type type)
{
	for (size_t i = 0; i < sizeof resource_policy_limits / sizeof *resource_policy_limits; i++)
		if (resource_policy_limits[i].type == type)
			return &resource_policy_limits[i];
	return NULL;
}

/* Queue or topic policy R, past what its service takes. */
static void resource_policy_size(struct measure *m, const struct p_res *r, const struct resource_policy_limit *l)
{
	const struct pv *doc = pv_get(r->props, "PolicyDocument");
	size_t n = doc ? value_chars(m, doc) : 0;
	if (n <= l->max)
		return;
	const char *kind = model_kind_name(r->comp->kind);
	diag_error(r->comp->loc, DIAG_RESOURCE_POLICY_SIZE,
		   "what sends to %s '%s' takes its policy past the %s %s allows", kind, r->comp->name,
		   l->max_text, l->service);
	diag_note(r->comp->loc, "%s: at least %zu bytes in environment '%s', the ARN of every rule and topic that "
		  "sends to it; let fewer rules send to it (one rule whose match lists what theirs match), or "
		  "spread them over more than one %s", r->id, n, m->e->name, kind);
}

#define LAMBDA_POLICY_MAX 20480
/* A function's policy as Lambda writes it (GetPolicy), less what each
 * permission fills in: its statement ID (CloudFormation's choice, counted
 * as one character), principal, action, the function's ARN and the
 * source's. */
#define LAMBDA_POLICY_FRAME "{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[]}"
#define LAMBDA_STATEMENT_FRAME "{\"Sid\":\"x\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"\"},\"Action\":\"\"," \
	"\"Resource\":\"\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"\"}}},"

/* The policy of one function or alias, as its permissions are counted. */
struct lambda_policy {
	const struct p_res *target;
	size_t chars;
};

/* Adds permission R's statement to the policy of the function it names. */
static void count_permission(struct measure *m, struct strmap *index, struct vec *policies, const struct p_res *r)
{
	const struct pv *fn = pv_get(r->props, "FunctionName");
	const struct p_res *target = fn && fn->kind == PV_REF ? plan_find(m->b->p, fn->s) : NULL;
	if (!target || !target->comp)
		return;
	struct lambda_policy *pol = strmap_get(index, target->id);
	if (!pol) {
		pol = arena_alloc(m->scratch, sizeof *pol);
		pol->target = target;
		pol->chars = strlen(LAMBDA_POLICY_FRAME) - 1; /* less the first statement's comma */
		strmap_put(index, target->id, pol);
		vec_push(m->scratch, policies, pol);
	}
	pol->chars += strlen(LAMBDA_STATEMENT_FRAME) + resolved_chars(m, fn);
	static const char *const filled[] = { "Principal", "Action", "SourceArn" };
	for (size_t i = 0; i < sizeof filled / sizeof *filled; i++) {
		const struct pv *v = pv_get(r->props, filled[i]);
		pol->chars += v ? resolved_chars(m, v) : 0;
	}
}

static void lambda_policy_sizes(struct measure *m)
{
	struct vec policies = { 0 };
	struct strmap *index = strmap_new(m->scratch);
	for (size_t i = 0; i < m->b->p->resources.n; i++) {
		const struct p_res *r = m->b->p->resources.items[i];
		if (r->type == PT_LAMBDA_PERMISSION)
			count_permission(m, index, &policies, r);
	}
	for (size_t i = 0; i < policies.n; i++) {
		const struct lambda_policy *pol = policies.items[i];
		if (pol->chars <= LAMBDA_POLICY_MAX)
			continue;
		const struct m_comp *c = pol->target->comp;
		diag_error(c->loc, DIAG_RESOURCE_POLICY_SIZE,
			   "what invokes %s '%s' takes its policy past the 20 KB Lambda allows", model_kind_name(c->kind),
			   c->name);
		diag_note(c->loc, "%s: at least %zu bytes in environment '%s', a statement for each rule or topic "
			  "that invokes it; let fewer rules invoke it (one rule whose match lists what theirs match), "
			  "or let them send to a queue that it consumes", pol->target->id, pol->chars, m->e->name);
	}
}

void plan_limits(struct pb *b)
{
	pthread_once(&byte_chars_once, byte_chars_init);
	struct measure m = { b, &b->p->envs[0], arena_new() };
	lambda_policy_sizes(&m);
	for (size_t i = 0; i < b->p->resources.n; i++) {
		const struct p_res *r = b->p->resources.items[i];
		const struct resource_policy_limit *l = r->comp ? resource_policy_limit(r->type) : NULL;
		if (l)
			resource_policy_size(&m, r, l);
		if (r->type != PT_IAM_ROLE || !r->comp)
			continue;
		size_t n = role_policy_chars(&m, r);
		if (n <= ROLE_POLICY_MAX)
			continue;
		diag_error(r->comp->loc, DIAG_ROLE_POLICY_SIZE,
			   "the permissions of %s '%s' take a role policy past the 10,240 characters IAM allows",
			   model_kind_name(r->comp->kind), r->comp->name);
		diag_note(r->comp->loc, "role %s: at least %zu characters in environment '%s', the ARN of each "
			  "resource it may use; share the work among more than one %s, each with part of the grants",
			  r->id, n, m.e->name, model_kind_name(r->comp->kind));
	}
	arena_free(m.scratch);
}
