/* emit_tf.h - the Terraform backend: one module for every environment,
 * with what differs between environments as typed variables, plus the
 * Atmos configuration, stack manifests and workflows that drive it. */
#ifndef EVENTC_EMIT_TF_H
#define EVENTC_EMIT_TF_H

#include <stdbool.h>

#include "arena.h"
#include "model.h"
#include "output.h"

struct alarms_set;

/* MODELS: one per environment, in the pattern's order. PATTERN_FILE is
 * the path given to eventc (for the validate-pattern workflow). Adds
 * every file under terraform/ to OUT; on failure *ERROR says why. */
bool tf_emit(struct arena *a, struct m_pattern *const *models, struct alarms_set *const *alarms, size_t n,
	     const char *pattern_file, struct outset *out, const char **error);

#endif
