/* yamlout.h - JSON trees written as YAML through libyaml's emitter. */
#ifndef EVENTC_YAMLOUT_H
#define EVENTC_YAMLOUT_H

#include <jansson.h>
#include <stdbool.h>

#include "output.h"

/* J as a YAML document; NULL on failure. The caller frees the text. */
char *yamlout_string(const json_t *j, size_t *len);
/* Adds J as YAML at PATH. */
bool yamlout_add(struct outset *out, const char *path, const json_t *j);

#endif
