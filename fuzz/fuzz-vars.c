/* fuzz-vars.c - the YAML vars reader (--vars FILE): any input as the vars
 * file of a pattern whose environments have a variable of each type the
 * language has (number, string, boolean, duration), checked and then
 * built in memory. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

static const char pattern[] =
	"pattern shop {\n  tenant = \"acme\"\n  region = \"us-east-1\"\n}\n"
	"environment dev  { memory = 256, level = \"INFO\", traced = false, pause = 5s, keep_data = false }\n"
	"environment prod { memory = 1024, level = \"WARN\", traced = false, pause = 60s, keep_data = true }\n"
	"queue q { delay = env.pause }\n"
	"function process {\n  runtime = \"python3.12\"\n  handler = \"app.handler\"\n"
	"  code    = \"functions/process\"\n  memory  = env.memory\n"
	"  environment = { LOG_LEVEL = env.level }\n  consume q\n}\n"
	"workflow w {\n  tracing = env.traced\n  wait p { for = env.pause }\n  succeed done\n}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *pattern_path;
	if (!pattern_path)
		pattern_path = fuzz_write("vars-pattern.ev", (const uint8_t *)pattern, strlen(pattern));
	char *vars = fuzz_write("vars.yaml", data, size);
	const char *check[] = { "check", "--vars", vars, pattern_path, NULL };
	if (fuzz_run(check) == 0) {
		const char *build[] = { "build", "--dry-run", "--jobs=1", "--vars", vars, pattern_path, NULL };
		fuzz_run(build);
	}
	free(vars);
	return 0;
}
