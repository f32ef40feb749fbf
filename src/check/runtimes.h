/* runtimes.h - AWS Lambda's runtime calendar (runtimes.c). */
#ifndef EVENTC_RUNTIMES_H
#define EVENTC_RUNTIMES_H

#include "arena.h"

struct runtime_life {
	const char *name;
	const char *deprecated;      /* YYYY-MM-DD: AWS stops patching it */
	const char *create_block;    /* YYYY-MM-DD: no new function may use it */
	const char *successor;       /* NULL for the newest of its family */
};

/* A date as YYYY-MM-DD and its NUL. */
#define RUNTIME_DATE_SIZE 11

const struct runtime_life *runtime_find(const char *name);
void runtime_today(char out[RUNTIME_DATE_SIZE]);
/* The runtimes a function may be created with on TODAY, NULL-terminated,
 * in the calendar's order. */
const char *const *runtime_creatable(struct arena *a, const char *today);

#endif
