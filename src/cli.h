/* cli.h - what main.c shares with the subcommands kept in files of their
 * own (diff_cmd.c). */
#ifndef EVENTC_CLI_H
#define EVENTC_CLI_H

#include <stdio.h>

#include "alarms.h"
#include "loader.h"
#include "model.h"
#include "plan.h"
#include "vars.h"

/* The plans of ENVS (every environment when none), merged into one;
 * NULL when the pattern has errors. DEFAULTS may be NULL (no alarms).
 * LOCAL_CODE: struct plan_run's. Each environment is checked and planned
 * in WORKERS threads (0: one a processor); what is reported is the same
 * for any number. With PROG->release_early, the tree's nodes are
 * let go once the models are made, and each model's JSON once its plan is
 * made (a build reads no more of them: the plan copies what it takes). */
struct p_plan *plan_pattern(struct arena *a, struct program *prog, const char **envs, size_t nenvs,
			    const struct vars *vp, const struct alarms_defaults *defaults, unsigned before,
			    bool local_code, unsigned workers, struct m_pattern ***models_out, size_t *n_out);

void help_diff(FILE *out);
/* eventc: MESSAGE on standard error, then HELP's text there; returns the
 * exit status of a usage error, 2. */
__attribute__((format(printf, 2, 3)))
int usage_error(void (*help)(FILE *), const char *fmt, ...);
int cmd_diff(int argc, char **argv);

#endif
