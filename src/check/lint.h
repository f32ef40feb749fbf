/* lint.h - warnings W0901-W0914 on a checked model: the practices of the
 * reference architecture (meaningful, versioned event types, dead-letter
 * queues, filtered rules, nothing unused, partial batch failures, tracing,
 * backoff, callback timeouts). `eventc check` runs it; build does not. */
#ifndef EVENTC_LINT_H
#define EVENTC_LINT_H

#include "model.h"

void lint_pattern(const struct m_pattern *m);

#endif
