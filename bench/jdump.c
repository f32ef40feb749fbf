/* jdump.c - what jansson alone costs for the JSON a build wrote: the floor
 * a build cannot go below while jansson writes every byte of its JSON.
 *
 *     jdump [--runs N] FILE...
 *
 * Each FILE (a build's output) is read into a jansson tree, untimed. Then,
 * the least of RUNS times (CPU time of this process, one thread):
 *   - dump: each tree written again as eventc writes it (JSON_INDENT(2)
 *     into a growing buffer, then a newline), the bytes compared with the
 *     file's own;
 *   - make: each tree made again (json_deep_copy: one allocation per
 *     value, as a renderer makes it) and freed (json_decref).
 * It prints one line: files, bytes, how many files jansson wrote byte for
 * byte as the file is (a floor only holds for those), the dump's seconds
 * and the make-and-free's seconds. Not a test: it asserts nothing, and it
 * exits 1 only when a file cannot be read. bench/ratios.py runs it. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct buf {
	char *s;
	size_t len, cap;
};

static int append(const char *text, size_t n, void *data)
{
	struct buf *b = data;
	if (b->cap - b->len < n) {
		while (b->cap - b->len < n)
			b->cap = b->cap ? 2 * b->cap : 1 << 16;
		b->s = realloc(b->s, b->cap);
		if (!b->s) {
			fputs("jdump: out of memory\n", stderr);
			exit(2);
		}
	}
	memcpy(b->s + b->len, text, n);
	b->len += n;
	return 0;
}

static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = { 0 };
	char chunk[1 << 16];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		append(chunk, n, &b);
	fclose(f);
	append("", 1, &b);
	*len = b.len - 1;
	return b.s;
}

/* Seconds to write every tree once; *SAME, how many came out as their
 * file's bytes. */
static double dump_all(json_t **trees, char **texts, const size_t *lens, int n, int *same)
{
	struct buf b = { 0 };
	*same = 0;
	double t = cpu_seconds();
	for (int i = 0; i < n; i++) {
		b.len = 0;
		json_dump_callback(trees[i], append, &b, JSON_INDENT(2));
		append("\n", 1, &b);
		*same += b.len == lens[i] && !memcmp(b.s, texts[i], b.len);
	}
	t = cpu_seconds() - t;
	free(b.s);
	return t;
}

static double make_all(json_t **trees, int n)
{
	double t = cpu_seconds();
	for (int i = 0; i < n; i++)
		json_decref(json_deep_copy(trees[i]));
	return cpu_seconds() - t;
}

int main(int argc, char **argv)
{
	int runs = 3, first = 1;
	if (argc > 2 && !strcmp(argv[1], "--runs")) {
		runs = atoi(argv[2]);
		first = 3;
	}
	int n = argc - first;
	if (n < 1 || runs < 1) {
		fputs("usage: jdump [--runs N] FILE...\n", stderr);
		return 1;
	}
	json_t **trees = calloc((size_t)n, sizeof *trees);
	char **texts = calloc((size_t)n, sizeof *texts);
	size_t *lens = calloc((size_t)n, sizeof *lens), bytes = 0;
	if (!trees || !texts || !lens)
		return 2;
	for (int i = 0; i < n; i++) {
		json_error_t err;
		texts[i] = read_file(argv[first + i], &lens[i]);
		trees[i] = texts[i] ? json_loadb(texts[i], lens[i], 0, &err) : NULL;
		if (!trees[i]) {
			fprintf(stderr, "jdump: %s: %s\n", argv[first + i], texts[i] ? err.text : "cannot read it");
			return 1;
		}
		bytes += lens[i];
	}
	double dump = 0, make = 0;
	int same = 0;
	for (int r = 0; r < runs; r++) {
		double d = dump_all(trees, texts, lens, n, &same), m = make_all(trees, n);
		dump = r == 0 || d < dump ? d : dump;
		make = r == 0 || m < make ? m : make;
	}
	printf("files %d bytes %zu same %d dump %.4f make %.4f\n", n, bytes, same, dump, make);
	for (int i = 0; i < n; i++) {
		json_decref(trees[i]);
		free(texts[i]);
	}
	free(trees);
	free(texts);
	free(lens);
	return 0;
}
