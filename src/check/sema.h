/* sema.h - resolve and check a pattern into the model of one environment. */
#ifndef EVENTC_SEMA_H
#define EVENTC_SEMA_H

#include "arena.h"
#include "loader.h"
#include "model.h"
#include "vars.h"

/* Names of the environments the program defines, in written order (for
 * --env validation and "every environment" loops). */
size_t sema_env_names(const struct program *prog, const char ***names, struct arena *a);

/* Builds the model for environment ENV (NULL: the first). Problems go to
 * diag; the model is returned even then (backends must not run when
 * diag_error_count() is non-zero). VARS may be NULL. */
struct m_pattern *sema_build(struct arena *a, const struct program *prog,
			     const char *env, const struct vars *vars);

#endif
