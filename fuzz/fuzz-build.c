/* fuzz-build.c - `eventc build --dry-run` on any input: every stage and
 * every renderer, the outputs made in memory and none written.
 *
 * The first byte chooses the command line; the rest is the pattern file
 * (a seed is a test case with a 0 byte before it):
 *   bits 0-2  --target: all, asl, cloudformation, terraform, alarms, or
 *             cloudformation and terraform (6, 7)
 *   bit 3  --format yaml    bit 4  --werror
 *   bits 5-6  --env: none, dev, prod, or dev and prod
 *   bit 7  --jobs 2 (the renderers in threads), else --jobs 1 */
#include "fuzz.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const targets[] = { "all", "asl", "cloudformation", "terraform", "alarms",
					       "cloudformation", "cloudformation", "cloudformation" };
	if (size == 0)
		return 0;
	unsigned flags = data[0];
	data++, size--;
	const char *args[20];
	size_t n = 0;
	args[n++] = "build";
	args[n++] = "--dry-run";
	args[n++] = "-t";
	args[n++] = targets[flags & 7];
	if ((flags & 7) >= 6) {
		args[n++] = "-t";
		args[n++] = "terraform";
	}
	if (flags & 8) {
		args[n++] = "-f";
		args[n++] = "yaml";
	}
	if (flags & 16)
		args[n++] = "-W";
	unsigned env = (flags >> 5) & 3;
	if (env == 1 || env == 3) {
		args[n++] = "-e";
		args[n++] = "dev";
	}
	if (env >= 2) {
		args[n++] = "-e";
		args[n++] = "prod";
	}
	args[n++] = flags & 128 ? "--jobs=2" : "--jobs=1";
	char *pattern = fuzz_write("fuzz.ev", data, size);
	args[n++] = pattern;
	args[n] = NULL;
	fuzz_run(args);
	free(pattern);
	return 0;
}
