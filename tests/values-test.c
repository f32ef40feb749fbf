/* values-test.c - the arena's memo table and the plan's shared literals,
 * for tests/values.sh. A plan makes each string, integer, flag and pseudo
 * value once per arena and shares it wherever that value stands, so a
 * lookup that mixes two values up, or a hint written into a shared node,
 * changes what every template says. Also the HCL writer's parts: main.tf
 * is rendered a resource at a time and must read as if rendered whole.
 * And the merge's names: the first environment's name takes every
 * environment's texts itself, once, and a second place where they differ
 * gets a copy. Prints TAP; exit 1 when a case fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hcl.h"
#include "plan.h"

static int count, failed;

static void check(bool ok, const char *what)
{
	failed += !ok;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++count, what);
}

static void memo_cases(void)
{
	struct arena *a = arena_new();
	static const char tag1, tag2;
	int one = 1, two = 2;
	check(!arena_memo_get(a, &tag1, "key", 3), "memo: nothing for a key never put");
	arena_memo_put(a, &tag1, "key", 3, &one);
	check(arena_memo_get(a, &tag1, "key", 3) == &one, "memo: the value put for a key");
	check(!arena_memo_get(a, &tag2, "key", 3), "memo: another tag's key of the same bytes is another key");
	check(!arena_memo_get(a, &tag1, "ke", 2) && !arena_memo_get(a, &tag1, "keys", 4),
	      "memo: a key's prefix and its extension are other keys");
	arena_memo_put(a, &tag1, "key", 3, &two);
	check(arena_memo_get(a, &tag1, "key", 3) == &two, "memo: a second put replaces the value");
	const char *s = arena_intern(a, "key", 3);
	check(s == arena_intern(a, "key", 3) && arena_memo_get(a, &tag1, "key", 3) == &two,
	      "memo: interned strings of the same bytes are apart from memos");

	/* past the table's first growth, every key still finds its value */
	enum { MANY = 5000 };
	char **keys = malloc(MANY * sizeof *keys);
	for (int i = 0; i < MANY; i++) {
		keys[i] = arena_printf(a, "k%d", i);
		arena_memo_put(a, &tag2, keys[i], strlen(keys[i]), keys[i]);
	}
	int found = 0;
	for (int i = 0; i < MANY; i++) {
		char buf[16];
		snprintf(buf, sizeof buf, "k%d", i);
		found += arena_memo_get(a, &tag2, buf, strlen(buf)) == keys[i];
	}
	check(found == MANY, "memo: 5,000 keys, each found after the table grew");
	free(keys);
	arena_free(a);
}

static void literal_cases(void)
{
	struct arena *a = arena_new(), *b = arena_new();
	char text[] = "Allow";
	struct pv *s1 = pv_str(a, "Allow"), *s2 = pv_str(a, text), *s3 = pv_str(a, "Deny");
	check(s1 == s2 && s1->kind == PV_STR && !strcmp(s1->s, "Allow"), "literals: one string node per text");
	check(s3 != s1 && !strcmp(s3->s, "Deny"), "literals: another text, another node");
	check(pv_str(a, NULL) == pv_str(a, ""), "literals: no string is the empty string");
	check(pv_str(b, "Allow") != s1, "literals: each arena its own nodes");
	check(pv_int(a, 10) == pv_int(a, 10) && pv_int(a, 10) != pv_int(a, 11) && pv_int(a, -1)->i == -1,
	      "literals: one integer node per value");
	check(pv_num(a, 3.0) == pv_int(a, 3) && pv_num(a, 2.5) != pv_num(a, 2.5),
	      "literals: a whole number is the integer's node; a fraction is its own");
	check(pv_bool(a, true) == pv_bool(a, true) && pv_bool(a, false) != pv_bool(a, true) &&
	      pv_bool(a, true)->b && !pv_bool(a, false)->b, "literals: one node per flag");
	check(pv_pseudo(a, PP_REGION) == pv_pseudo(a, PP_REGION) && pv_pseudo(a, PP_REGION) != pv_pseudo(a, PP_ACCOUNT_ID),
	      "literals: one node per pseudo value");
	check(pv_str(a, "1") != pv_int(a, 1), "literals: the text \"1\" is not the integer 1");

	json_t *j = json_pack("[s, s, n, n, i]", "Allow", "x", 10);
	struct pv *l = pv_from_json(a, j);
	json_decref(j);
	check(l->items.n == 5 && l->items.items[0] == s1 && l->items.items[2] == l->items.items[3] &&
	      ((struct pv *)l->items.items[2])->kind == PV_NULL && l->items.items[4] == pv_int(a, 10),
	      "literals: a document's strings, nulls and numbers are the shared nodes");
	check(!strcmp(((struct pv *)l->items.items[1])->s, "x") && pv_str(a, "x") == l->items.items[1],
	      "literals: a document's text outlives the JSON it came from");

	struct pv *h = pv_hint(a, pv_int(a, 7), "lambda_timeout");
	check(h != pv_int(a, 7) && h->i == 7 && !strcmp(h->hint, "lambda_timeout") && !pv_int(a, 7)->hint,
	      "hints: a hinted literal is a copy; the shared node stays without");
	struct pv *m = pv_map(a);
	check(pv_hint(a, m, "x_name") == m && !strcmp(m->hint, "x_name"), "hints: a map takes its hint itself");
	arena_free(a);
	arena_free(b);
}

/* A module's top level: blocks, empty and not, with attributes between. */
static struct hcl_body *module_body(struct arena *a)
{
	struct hcl_body *b = hcl_body_new(a);
	struct hcl_body *l = hcl_block(a, b, "locals", NULL);
	hcl_attr(a, l, "name_prefix", hcl_str(a, "acme-dev"));
	hcl_attr(a, l, "tags", hcl_raw(a, "{}"));
	hcl_block(a, b, "data", "aws_caller_identity", "current", NULL);
	struct hcl_body *r = hcl_block(a, b, "resource", "aws_sqs_queue", "q", NULL);
	hcl_attr(a, r, "name", hcl_str(a, "q"));
	hcl_attr(a, r, "visibility_timeout_seconds", hcl_int(a, 30));
	hcl_attr(a, b, "after", hcl_int(a, 1));
	hcl_block(a, b, "data", "aws_partition", "current", NULL);
	return b;
}

static void hcl_part_cases(void)
{
	struct arena *a = arena_new();
	struct hcl_body *whole = module_body(a);
	size_t len;
	char *text = hcl_render(whole, &len);
	/* the same items, one part each */
	struct hcl_text parts = { 0 };
	for (size_t i = 0; i < whole->items.n; i++) {
		struct hcl_body *one = hcl_body_new(a);
		vec_push(a, &one->items, whole->items.items[i]);
		hcl_render_part(&parts, one);
	}
	check(parts.text && parts.len == len && !strcmp(parts.text, text),
	      "hcl: blocks rendered a part at a time read as the body rendered whole");
	struct hcl_text none = { 0 };
	hcl_render_part(&none, hcl_body_new(a));
	check(none.text && none.len == 0 && !strcmp(none.text, ""), "hcl: an empty part is the empty text");
	free(text);
	free(parts.text);
	free(none.text);
	arena_free(a);
}

/* The text of environment K of name V. */
static const char *text_of(const struct pv *v, size_t k)
{
	return v && v->kind == PV_NAME && v->texts ? v->texts[k] : NULL;
}

static void merge_cases(void)
{
	struct arena *a = arena_new(), *b = arena_new();
	struct m_env dev = { .name = "dev" }, prod = { .name = "prod" };
	struct m_pattern m0 = { .name = "p", .tenant = "t", .region = "us-east-1", .env = &dev };
	struct m_pattern m1 = { .name = "p", .tenant = "t", .region = "us-east-1", .env = &prod };
	struct p_plan *p0 = plan_new(a, &m0), *p1 = plan_new(b, &m1);
	/* the first environment holds one name in two places; the other, two
	 * names of the same suffix, the second with a text of its own */
	struct pv *name = pv_name(a, &m0, "q", 80);
	struct p_res *r0 = plan_add(p0, "Q", PT_SQS_QUEUE, NULL, NULL);
	pv_set(a, r0->props, "QueueName", name);
	pv_set(a, r0->props, "Other", name);
	struct pv *x = pv_name(b, &m1, "q", 80), *y = pv_name(b, &m1, "q", 80);
	y->texts[0] = "t-prod-p-elsewhere";
	struct p_res *r1 = plan_add(p1, "Q", PT_SQS_QUEUE, NULL, NULL);
	pv_set(b, r1->props, "QueueName", x);
	pv_set(b, r1->props, "Other", y);
	struct p_plan *plans[] = { p0, p1 };
	struct p_plan *m = plan_merge(a, plans, 2);
	arena_free(b);
	const struct p_res *r = m ? m->resources.items[0] : NULL;
	const struct pv *q = r ? pv_get(r->props, "QueueName") : NULL, *o = r ? pv_get(r->props, "Other") : NULL;
	check(q == name && text_of(q, 0) && !strcmp(text_of(q, 0), "t-dev-p-q") && text_of(q, 1) &&
	      !strcmp(text_of(q, 1), "t-prod-p-q"), "merge: a name takes each environment's text itself");
	check(o && o != name && text_of(o, 0) && !strcmp(text_of(o, 0), "t-dev-p-q") && text_of(o, 1) &&
	      !strcmp(text_of(o, 1), "t-prod-p-elsewhere"),
	      "merge: the same name in a second place, where its texts differ, is a copy with its own");
	arena_free(a);
}

int main(void)
{
	memo_cases();
	literal_cases();
	hcl_part_cases();
	merge_cases();
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
