/* vars.h - an Atmos-style YAML vars file (`vars:` map) read with libyaml.
 * Its values override the environment variables of the pattern. */
#ifndef EVENTC_VARS_H
#define EVENTC_VARS_H

#include <stdbool.h>

#include "arena.h"
#include "ast.h"

struct vars {
	uint32_t file;
	struct vec names;   /* const char *, interned */
	struct vec values;  /* struct ast_value *, located in the YAML file */
	struct vec keylocs; /* struct loc *, where each key is */
};

/* False on an I/O error (message in *err); YAML problems go to diag. */
bool vars_load(struct arena *a, const char *path, struct vars *out, const char **err);

#endif
