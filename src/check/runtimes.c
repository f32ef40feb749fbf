/* runtimes.c - AWS Lambda's runtime calendar: when each runtime is
 * deprecated (AWS stops patching it) and when creating a function with it
 * is blocked, with the runtime AWS names as its successor. From the Lambda
 * developer guide's "Lambda runtimes" page (its "Supported runtimes" and
 * "Deprecated runtimes" tables); cfn-lint's LmbdRuntimeLifecycle.json
 * (rules W2531 and E2531) holds the same dates. Sorted by name. */
#include "runtimes.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct runtime_life calendar[] = {
	{ "dotnet10", "2028-11-14", "2028-12-14", NULL },
	{ "dotnet6", "2024-12-20", "2027-02-01", "dotnet10" },
	{ "dotnet8", "2026-11-10", "2027-02-01", "dotnet10" },
	{ "java11", "2027-06-30", "2027-07-31", "java25" },
	{ "java17", "2027-06-30", "2027-07-31", "java25" },
	{ "java21", "2029-06-30", "2029-07-31", "java25" },
	{ "java25", "2029-06-30", "2029-07-31", NULL },
	{ "java8", "2024-01-08", "2024-02-08", "java25" },
	{ "java8.al2", "2027-06-30", "2027-07-31", "java25" },
	{ "nodejs12.x", "2023-03-31", "2023-03-31", "nodejs24.x" },
	{ "nodejs14.x", "2023-12-04", "2024-01-09", "nodejs24.x" },
	{ "nodejs16.x", "2024-06-12", "2027-02-01", "nodejs24.x" },
	{ "nodejs18.x", "2025-09-01", "2027-02-01", "nodejs24.x" },
	{ "nodejs20.x", "2026-04-30", "2027-02-01", "nodejs24.x" },
	{ "nodejs22.x", "2027-04-30", "2027-06-01", "nodejs24.x" },
	{ "nodejs24.x", "2028-04-30", "2028-06-01", NULL },
	{ "provided", "2024-01-08", "2024-02-08", "provided.al2023" },
	{ "provided.al2", "2026-07-31", "2027-02-01", "provided.al2023" },
	{ "provided.al2023", "2029-06-30", "2029-07-31", NULL },
	{ "python3.10", "2026-10-31", "2027-02-01", "python3.14" },
	{ "python3.11", "2027-06-30", "2027-07-31", "python3.14" },
	{ "python3.12", "2028-10-31", "2028-11-30", "python3.14" },
	{ "python3.13", "2029-06-30", "2029-07-31", "python3.14" },
	{ "python3.14", "2029-06-30", "2029-07-31", NULL },
	{ "python3.7", "2023-12-04", "2024-01-09", "python3.14" },
	{ "python3.8", "2024-10-14", "2027-02-01", "python3.14" },
	{ "python3.9", "2025-12-15", "2027-02-01", "python3.14" },
	{ "ruby2.7", "2023-12-07", "2024-01-09", "ruby4.0" },
	{ "ruby3.2", "2026-03-31", "2027-02-01", "ruby4.0" },
	{ "ruby3.3", "2027-03-31", "2027-04-30", "ruby4.0" },
	{ "ruby3.4", "2028-03-31", "2028-04-30", "ruby4.0" },
	{ "ruby4.0", "2029-03-31", "2029-04-30", NULL },
};

#define N_CALENDAR (sizeof calendar / sizeof calendar[0])

const struct runtime_life *runtime_find(const char *name)
{
	for (size_t i = 0; i < N_CALENDAR; i++)
		if (!strcmp(calendar[i].name, name))
			return &calendar[i];
	return NULL;
}

/* Today as YYYY-MM-DD (UTC): SOURCE_DATE_EPOCH when set, as reproducible
 * builds define it, so that a check can be repeated as of a given day. */
void runtime_today(char out[RUNTIME_DATE_SIZE])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long epoch = sde && *sde ? strtoll(sde, &end, 10) : 0;
	time_t t = sde && *sde && end && !*end && epoch >= 0 ? (time_t)epoch : time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(out, RUNTIME_DATE_SIZE, "%Y-%m-%d", &tm))
		strcpy(out, "1970-01-01");
}

const char *const *runtime_creatable(struct arena *a, const char *today)
{
	const char **out = arena_alloc(a, (N_CALENDAR + 1) * sizeof *out);
	size_t n = 0;
	for (size_t i = 0; i < N_CALENDAR; i++)
		if (strcmp(today, calendar[i].create_block) < 0)
			out[n++] = calendar[i].name;
	out[n] = NULL;
	return out;
}
