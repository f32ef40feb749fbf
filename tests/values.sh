#!/bin/bash
# values.sh - the arena's memo table, the plan's shared literals, HCL
# written in parts and the merge's names (src/util/arena.c, src/plan/pv.c,
# src/write/hcl.c, src/plan/plan_merge.c): tests/values-test, built by
# `make check`, prints a TAP line per case, renumbered here.
. "$(dirname "$0")/tap.sh"

tap_relay "$top_builddir/tests/values-test" || true
tap_plan "$tap_count"
tap_done
