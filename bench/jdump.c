/* jdump.c - what jansson alone costs for the JSON a build wrote: the floor
 * a build cannot go below while jansson writes every byte of its JSON.
 *
 *     jdump [--runs N] FILE...
 *
 * Each FILE (a build's output) is read into a jansson tree, untimed. Then,
 * the least of RUNS times (CPU time of this process, one thread):
 *   - dump: each tree written again as eventc writes it (json_text of
 *     src/util/jtext.c, JSON_INDENT(2); the output set adds a newline),
 *     the bytes compared with the file's own;
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
#include <sys/stat.h>
#include <time.h>

#include "jtext.h"
#include "xalloc.h"

static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* PATH's bytes, NUL-terminated, their number in *LEN; NULL when it cannot
 * be read. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f)
		return NULL;
	char *text = NULL;
	if (fstat(fileno(f), &st) == 0 && st.st_size >= 0) {
		text = xmalloc((size_t)st.st_size + 1);
		*len = fread(text, 1, (size_t)st.st_size, f);
		text[*len] = '\0';
	}
	fclose(f);
	return text;
}

/* Seconds to write every tree once, as eventc writes a file (json_text,
 * then the newline the output set adds); *SAME, how many came out as
 * their file's bytes. */
static double dump_all(json_t **trees, char **texts, const size_t *lens, int n, int *same)
{
	*same = 0;
	double t = cpu_seconds();
	for (int i = 0; i < n; i++) {
		char *text = json_text(trees[i], JSON_INDENT(2));
		size_t len = text ? strlen(text) : 0;
		*same += text && lens[i] == len + 1 && !memcmp(text, texts[i], len) && texts[i][len] == '\n';
		free(text);
	}
	return cpu_seconds() - t;
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
	xalloc_init(); /* jansson's allocator as eventc sets it */
	if (n < 1 || runs < 1) {
		fputs("usage: jdump [--runs N] FILE...\n", stderr);
		return 1;
	}
	json_t **trees = xcalloc((size_t)n, sizeof *trees);
	char **texts = xcalloc((size_t)n, sizeof *texts);
	size_t *lens = xcalloc((size_t)n, sizeof *lens), bytes = 0;
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
