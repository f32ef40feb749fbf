/* jtext-test.c - json_measure against the text jansson writes, for
 * tests/jtext.sh: nested stacks are cut by the counts json_measure gives
 * without writing, so a count that differs from the text moves a
 * resource to another stack. Also jshare, the shared strings the
 * templates are built of, and jscope, the scopes they are made in.
 *   jtext-test            the values below, each at indents 0, 2 and 4,
 *                         then jshare's cases
 *   jtext-test FILE...    each JSON file and every container in it, at
 *                         indent 2: one line per file
 * Prints TAP; exit 1 when a count differs. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jscope.h"
#include "jshare.h"
#include "jtext.h"
#include "xalloc.h"

static int count, failed;

/* What json_measure counts for J (*BYTES, *NEWLINES) and what json_text
 * writes (*WROTE, *LINES); whether they agree. */
static bool counts_agree(const json_t *j, size_t indent, size_t *bytes, size_t *newlines, size_t *wrote,
			 size_t *lines)
{
	*bytes = *newlines = *wrote = *lines = 0;
	bool ok = json_measure(j, indent, bytes, newlines);
	char *t = json_text(j, JSON_INDENT(indent) | JSON_ENCODE_ANY);
	for (const char *p = t; p && *p; p++)
		*lines += *p == '\n';
	*wrote = t ? strlen(t) : 0;
	free(t);
	return ok && t && *wrote == *bytes && *lines == *newlines;
}

/* One TAP line: whether json_measure counts what json_text writes. */
static void compare(const json_t *j, size_t indent, const char *name)
{
	size_t bytes, newlines, wrote, lines;
	bool same = counts_agree(j, indent, &bytes, &newlines, &wrote, &lines);
	failed += !same;
	printf("%s %d - %s, indent %zu: %zu bytes, %zu newlines", same ? "ok" : "not ok", ++count, name, indent,
	       bytes, newlines);
	if (!same)
		printf(" (jansson wrote %zu and %zu)", wrote, lines);
	putchar('\n');
}

/* Values whose text has every rule of jansson's layout in it. */
static const char *const cases[] = {
	"null", "true", "false", "0", "-1", "9223372036854775807", "-9223372036854775808", "0.5", "-0.0", "1e300",
	"123456789.125", "\"\"", "\"plain\"", "\"quote \\\" backslash \\\\ slash /\"",
	"\"\\b\\f\\n\\r\\t\"", "\"\\u0001\\u001f\\u007f\"", "\"caf\\u00e9 \\u20ac \\ud83d\\ude00\"", "[]", "{}",
	"[[]]", "{\"a\": {}}", "[1, [2, [3, []]], {}]", "{\"k\\\"ey\\n\": [\"v\", {\"x\": null}], \"\": 0}",
	"{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"Tags\": [{\"Key\": \"a\", "
	"\"Value\": \"b\"}], \"DelaySeconds\": 0}}}}",
};

/* Whether json_measure counts what json_text writes for J (indent 2)
 * and for every container below it; *VALUES counts them, *BAD those
 * that differ. */
static void walk(const json_t *j, size_t *values, size_t *bad)
{
	size_t bytes, newlines, wrote, lines;
	*values += 1;
	*bad += !counts_agree(j, 2, &bytes, &newlines, &wrote, &lines);
	const char *k;
	size_t i;
	json_t *v;
	if (json_is_object(j)) {
		json_object_foreach((json_t *)j, k, v)
			if (json_is_object(v) || json_is_array(v))
				walk(v, values, bad);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			if (json_is_object(v) || json_is_array(v))
				walk(v, values, bad);
	}
}

static void check(bool ok, const char *name)
{
	failed += !ok;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", ++count, name);
}

/* One string per text, handed out as references that outlive the table;
 * NULL where json_string gives NULL. */
static void share_cases(void)
{
	struct jshare *js = jshare_new();
	json_t *a = jshare_string(js, "Allow"), *b = jshare_string(js, "Allow"), *c = jshare_string(js, "Deny");
	json_t *e1 = jshare_string(js, ""), *e2 = jshare_string(js, "");
	check(a && a == b && !strcmp(json_string_value(a), "Allow"), "jshare: a text asked twice is one string");
	check(c && c != a && !strcmp(json_string_value(c), "Deny"), "jshare: another text is another string");
	check(e1 && e1 == e2 && json_string_length(e1) == 0, "jshare: the empty text is shared too");
	check(!jshare_string(js, "\xff\xfe") && !jshare_string(js, NULL), "jshare: no string for a text "
	      "that is not UTF-8, nor for NULL");
	/* past the first table of 1,024 slots: every text still its own one */
	enum { MANY = 5000 };
	json_t **first = calloc(MANY, sizeof *first);
	char key[32];
	bool all = first != NULL;
	for (int i = 0; all && i < MANY; i++) {
		snprintf(key, sizeof key, "Text%d", i);
		first[i] = jshare_string(js, key);
	}
	for (int i = 0; all && i < MANY; i++) {
		snprintf(key, sizeof key, "Text%d", i);
		json_t *again = jshare_string(js, key);
		all = first[i] && again == first[i] && !strcmp(json_string_value(again), key);
		json_decref(again);
	}
	check(all, "jshare: 5,000 texts, each found again as its own string after the table grew");
	/* containers: one per content, by the identity of their members */
	json_t *i1 = jshare_integer(js, 42), *i2 = jshare_integer(js, 42), *i3 = jshare_integer(js, -42);
	check(i1 == i2 && i1 != i3 && json_integer_value(i3) == -42, "jshare: one integer per value");
	json_t *o1 = json_object(), *o2 = json_object(), *o3 = json_object();
	json_object_set(o1, "Effect", a);
	json_object_set(o1, "Sid", c);
	json_object_set(o2, "Effect", b); /* b is a: the same member */
	json_object_set(o2, "Sid", c);
	json_object_set(o3, "Sid", c); /* the same members in another order */
	json_object_set(o3, "Effect", a);
	json_t *s1 = jshare_node(js, o1), *s2 = jshare_node(js, o2), *s3 = jshare_node(js, o3);
	check(s1 == o1 && s2 == s1 && s3 == o3 && s3 != s1, "jshare: an object of the same keys and members is the "
	      "first one, in another order another");
	json_t *l1 = json_array(), *l2 = json_array(), *l3 = json_array();
	json_array_append(l1, s1);
	json_array_append(l2, s2);
	json_array_append_new(l3, json_string("Allow")); /* equal to a, but not a */
	json_t *m1 = jshare_node(js, l1), *m2 = jshare_node(js, l2), *m3 = jshare_node(js, l3);
	check(m1 == l1 && m2 == m1 && m3 == l3, "jshare: arrays alike; a member equal but not the same makes another");
	check(jshare_node(js, NULL) == NULL && jshare_node(js, i1) == i1, "jshare: NULL and a scalar pass through");
	char *text = json_text(m2, JSON_COMPACT);
	check(text && !strcmp(text, "[{\"Effect\":\"Allow\",\"Sid\":\"Deny\"}]"), "jshare: a shared array writes "
	      "as its content");
	free(text);
	json_decref(i1);
	json_decref(i2);
	json_decref(i3);
	json_decref(s1);
	json_decref(s2);
	json_decref(s3);
	json_decref(m1);
	json_decref(m2);
	json_decref(m3);
	jshare_free(js);
	check(a->refcount == 2 && !strcmp(json_string_value(b), "Allow"), "jshare: the strings outlive the table, "
	      "held by their references");
	for (int i = 0; first && i < MANY; i++)
		json_decref(first[i]);
	free(first);
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(e1);
	json_decref(e2);
}

/* An array of N strings "<PREFIX><i>", each checked: whether all are. */
static bool strings_hold(const char *prefix, int n)
{
	json_t *l = json_array();
	char want[64];
	for (int i = 0; i < n; i++) {
		snprintf(want, sizeof want, "%s%d", prefix, i);
		json_array_append_new(l, json_string(want));
	}
	bool all = json_array_size(l) == (size_t)n;
	for (int i = 0; all && i < n; i++) {
		snprintf(want, sizeof want, "%s%d", prefix, i);
		all = !strcmp(json_string_value(json_array_get(l, (size_t)i)), want);
	}
	json_decref(l);
	return all;
}

/* A value made in a scope and not let go before it ends: sanitizer and
 * valgrind builds stop there (an escape would be a dangling value in
 * the others). */
static void escape_case(void)
{
#ifdef EVENTC_ARENA_EACH
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stderr);
		struct jscope *s = jscope_new();
		jscope_enter(s);
		json_t *kept = json_string("outlives its scope");
		jscope_leave(s);
		json_decref(kept);
		_exit(0);
	}
	int status = 0;
	bool stopped = pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
		       WTERMSIG(status) == SIGABRT;
	check(stopped, "jscope: a value that outlives its scope is an internal error (abort)");
#else
	printf("# jscope: the escape check is a sanitizer and valgrind build's (EVENTC_ARENA_EACH); not this one\n");
#endif
}

/* jansson's allocations in a scope: the values hold what they were
 * made with, those made outside and taken in outlive it, and a scope
 * again (its region reused) makes values as good. */
static void scope_cases(void)
{
	xalloc_init();
	json_t *outside = json_string("made outside");
	struct jscope *s = jscope_new();
	jscope_enter(s);
	json_t *o = json_object();
	for (int i = 0; i < 2000; i++) {
		char key[32];
		snprintf(key, sizeof key, "Key%d", i);
		json_object_set(o, key, i % 2 ? outside : json_integer(i));
		if (i % 2 == 0)
			json_decref(json_object_get(o, key)); /* the object's reference only */
	}
	json_t *in = json_pack("{s:[s,i]}", "Fn::GetAtt", "Queue", 3);
	char *text = json_text(in, JSON_COMPACT);
	check(text && !strcmp(text, "{\"Fn::GetAtt\":[\"Queue\",3]}") && json_object_size(o) == 2000 &&
	      json_integer_value(json_object_get(o, "Key1998")) == 1998, "jscope: values made in a scope hold what "
	      "they were made with");
	free(text);
	check(outside->refcount == 1001, "jscope: a value made outside, taken in 1,000 times");
	json_decref(in);
	json_decref(o);
	jscope_leave(s);
	check(outside->refcount == 1 && !strcmp(json_string_value(outside), "made outside"), "jscope: it outlives "
	      "the scope, each reference let go");
	jscope_enter(s);
	check(strings_hold("again", 20000), "jscope: a scope entered again makes 20,000 strings as good");
	jscope_leave(s);
	jscope_free(s);
	struct jscope *pooled = jscope_new(); /* the region above, from the pool */
	jscope_enter(pooled);
	check(strings_hold("pooled", 20000), "jscope: so does a scope with a region from the pool");
	jscope_leave(pooled);
	jscope_free(pooled);
	check(strings_hold("malloc", 100), "jscope: outside a scope, malloc's as before");
	json_decref(outside);
	escape_case();
}

/* S, in a string of a JSON text that is itself written as a string, as
 * jansson writes the two: json_chars_twice's count. */
static bool twice_holds(const char *s, size_t len)
{
	json_t *inner = json_stringn_nocheck(s, len);
	char *text = json_text(inner, JSON_COMPACT | JSON_ENCODE_ANY);
	json_t *outer = text ? json_stringn_nocheck(text, strlen(text)) : NULL;
	char *written = outer ? json_text(outer, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	bool same = written && strlen(written) == 2 + 4 + json_chars_twice(s, len); /* both quotes, the inner \" */
	free(written);
	json_decref(outer);
	free(text);
	json_decref(inner);
	return same;
}

/* Every ASCII byte but NUL, and characters of two, three and four bytes
 * (jansson writes only UTF-8, so a byte past 127 goes in one). */
static void twice_cases(void)
{
	size_t bad = 0;
	for (int ch = 1; ch < 128; ch++) {
		char s[3] = { 'a', (char)ch, 'b' };
		bad += !twice_holds(s, sizeof s);
	}
	const char *const wide[] = { "caf\u00e9", "\u2713 done", "\U0001F600", "\"a\\b\"\n\u00e9" };
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		bad += !twice_holds(wide[i], strlen(wide[i]));
	check(bad == 0, "json_chars_twice: each ASCII byte and UTF-8 characters as jansson writes them escaped twice");
}

int main(int argc, char **argv)
{
	if (argc == 1) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			json_error_t e;
			json_t *j = json_loads(cases[i], JSON_DECODE_ANY, &e);
			if (!j) {
				printf("not ok %d - case %zu does not parse: %s\n", ++count, i + 1, e.text);
				failed++;
				continue;
			}
			for (size_t indent = 0; indent <= 4; indent += 2)
				compare(j, indent, cases[i]);
			json_decref(j);
		}
		share_cases();
		twice_cases();
		scope_cases();
	}
	for (int i = 1; i < argc; i++) {
		json_error_t e;
		json_t *j = json_load_file(argv[i], 0, &e);
		if (!j) {
			printf("not ok %d - %s does not parse: %s\n", ++count, argv[i], e.text);
			failed++;
			continue;
		}
		size_t values = 0, bad = 0;
		walk(j, &values, &bad);
		failed += bad > 0;
		printf("%s %d - %s: %zu of %zu values counted as jansson writes them\n", bad ? "not ok" : "ok", ++count,
		       argv[i], values - bad, values);
		json_decref(j);
	}
	printf("1..%d\n", count);
	return failed ? 1 : 0;
}
