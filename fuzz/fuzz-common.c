/* fuzz-common.c - the input folder and the in-process command line. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

static char *folder;

/* The code folders that the seed patterns (tests/check, patterns/) name,
 * each with a handler, so that a pattern gets past E0307 to the plan. */
static const char *const code_folders[] = {
	"f", "src", "functions/adjust", "functions/authorise", "functions/notify_customer",
	"functions/notify_merchant", "functions/process", "functions/process_order", "functions/refunds",
	"functions/restock", "functions/review", "functions/score", "functions/step", "functions/workflow",
	NULL
};

/* FOLDER/REL, a new string. */
static char *join(const char *rel)
{
	size_t n = strlen(folder) + strlen(rel) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", folder, rel);
	return p;
}

static void make_code_folder(const char *rel)
{
	char *path = join(rel);
	for (char *p = path + strlen(folder) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0777);
			*p = '/';
		}
	mkdir(path, 0777);
	size_t n = strlen(path) + 8;
	char *file = xmalloc(n);
	snprintf(file, n, "%s/app.py", path);
	FILE *f = fopen(file, "w");
	if (f) {
		fputs("def handler(event, context):\n    return event\n", f);
		fclose(f);
	}
	free(file);
	free(path);
}

static void make_folder(void)
{
	const char *tmp = getenv("TMPDIR");
	size_t n = strlen(tmp ? tmp : "/tmp") + 32;
	folder = xmalloc(n);
	snprintf(folder, n, "%s/eventc-fuzz-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(folder)) {
		perror("fuzz: mkdtemp");
		exit(1);
	}
	for (size_t i = 0; code_folders[i]; i++)
		make_code_folder(code_folders[i]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	make_folder();
#ifdef FUZZ_DATADIR
	/* alarms.yaml from the source tree, unless the caller says otherwise */
	setenv("EVENTC_DATADIR", FUZZ_DATADIR, 0);
#endif
	return 0;
}

char *fuzz_path(const char *name)
{
	return join(name);
}

char *fuzz_write(const char *name, const uint8_t *data, size_t n)
{
	char *path = join(name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

int fuzz_run(const char *const *args)
{
	size_t n = 0;
	while (args[n])
		n++;
	char **argv = xcalloc(n + 2, sizeof *argv);
	argv[0] = xmalloc(7);
	memcpy(argv[0], "eventc", 7);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(args[i]) + 1;
		argv[i + 1] = xmalloc(len);
		memcpy(argv[i + 1], args[i], len);
	}
	int rc = eventc_main((int)n + 1, argv);
	for (size_t i = 0; i <= n; i++)
		free(argv[i]);
	free(argv);
	/* 0 ok, 1 input errors, 2 usage, 3 I/O: anything else is a bug */
	if (rc < 0 || rc > 3)
		abort();
	return rc;
}
