#!/bin/bash
# values.sh - the arena's memo table, the plan's shared literals and HCL parts
# (src/util/arena.c, src/plan/pv.c, src/write/hcl.c): tests/values-test, built by
# `make check`, prints a TAP line per case, renumbered here.
. "$(dirname "$0")/tap.sh"

driver="$top_builddir/tests/values-test"
if [ ! -x "$driver" ]; then
	tap_not_ok "tests/values-test is built (make check builds it)"
	tap_plan "$tap_count"
	tap_done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
"$driver" >"$work/cases" || status=$?
while read -r word rest; do
	case $word in
	ok) tap_ok "${rest#* - }" ;;
	not) tap_not_ok "${rest#ok * - }" ;;
	esac
done <"$work/cases"
if [ "$status" -ne 0 ] && ! grep -q '^not ok' "$work/cases"; then
	tap_not_ok "tests/values-test exits with status 0 (got $status)"
fi
grep -q '^1\.\.' "$work/cases" || tap_not_ok "tests/values-test ran to its end (a plan line)"

tap_plan "$tap_count"
tap_done
