/* fuzz-check.c - `eventc check` (and parse, explain) on any input.
 *
 * The first byte chooses the command line, so that the options and the
 * other subcommands are fuzzed too; the rest is the pattern file (a seed
 * is a test case with a 0 byte before it):
 *   bit 0  --werror         bit 1  --no-warnings
 *   bit 2  --max-errors N, N the second byte (it is then not the file's)
 *   bits 3-4  --env: none, dev, prod, or prd (unknown)
 *   bit 5  parse instead of check
 *   bit 6  explain, the rest as the code
 *   bit 7  --vars: the file is split at its first NUL byte, the pattern
 *          before it and the vars file after */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const envs[] = { NULL, "dev", "prod", "prd" };

static int explain(const uint8_t *data, size_t size)
{
	char *code = calloc(size + 1, 1);
	if (!code)
		return 0;
	memcpy(code, data, size);
	const char *args[] = { "explain", code, NULL };
	fuzz_run(code[0] ? args : args + 1);
	free(code);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned flags = data[0];
	data++, size--;
	if (flags & 64)
		return explain(data, size);
	const char *args[16];
	size_t n = 0;
	char max[16] = "";
	args[n++] = flags & 32 ? "parse" : "check";
	if (!(flags & 32)) {
		if (flags & 1)
			args[n++] = "--werror";
		if (flags & 2)
			args[n++] = "-w";
		if ((flags & 4) && size) {
			snprintf(max, sizeof max, "%u", data[0] % 30);
			args[n++] = "--max-errors";
			args[n++] = max;
			data++, size--;
		}
		if (envs[(flags >> 3) & 3]) {
			args[n++] = "--env";
			args[n++] = envs[(flags >> 3) & 3];
		}
	}
	const uint8_t *nul = (flags & 128) ? memchr(data, 0, size) : NULL;
	char *vars = NULL;
	if (nul && !(flags & 32)) {
		vars = fuzz_write("vars.yaml", nul + 1, size - (size_t)(nul + 1 - data));
		size = (size_t)(nul - data);
		args[n++] = "--vars";
		args[n++] = vars;
	}
	char *pattern = fuzz_write("fuzz.ev", data, size);
	args[n++] = pattern;
	args[n] = NULL;
	fuzz_run(args);
	free(pattern);
	free(vars);
	return 0;
}
