#!/bin/bash
# sfn-run.sh - runs the generated workflows in aws-local-stepfunctions with
# mocked task results (tests/sfn-run.mjs): the reference's fulfil-order in
# each flow of reference-architecture.md, and every state kind and task
# action of tests/asl/states.ev. Each tests/sfn/*.json scenario names the
# definition it runs (CASE/ENV/stepfunctions/WORKFLOW.asl.json, CASE the
# reference event-driven or a tests/asl case) and asserts, per run, the
# states entered, the input each mocked task receives and how it ends.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the validators of this tree, or those EVENTC_VALIDATORS names (as in
# tf-check.py: distcheck's copy of the tree has no node_modules)
modules="${EVENTC_VALIDATORS:-$top_srcdir/tests/validators}/node_modules"

skip_all() {
	if [ -n "${CI:-}" ]; then
		tap_not_ok "workflow runs: $1"
	else
		tap_ok "workflow runs # SKIP $1"
	fi
	tap_plan "$tap_count"
	exit 0
}
command -v node >/dev/null || skip_all "node is not installed"
[ -d "$modules/aws-local-stepfunctions" ] || skip_all "aws-local-stepfunctions is not installed (npm ci in tests/validators)"

for scenario in "$top_srcdir"/tests/sfn/*.json; do
	def=$(jq -r .definition "$scenario")
	case=${def%%/*}
	if [ "$case" = event-driven ]; then
		src="$top_srcdir/patterns/event-driven.ev"
	else
		src="$top_srcdir/tests/asl/$case.ev"
	fi
	if [ ! -d "$work/$case" ] && ! eventc_run build -t asl -o "$work/$case" "$src" 2>"$work/err"; then
		tap_not_ok "$(basename "$scenario" .json): $case builds"
		tap_comment <"$work/err"
		continue
	fi
	node "$top_srcdir/tests/sfn-run.mjs" "$modules" "$scenario" "$work" >"$work/tap" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok - "*) tap_ok "${line#ok - }" ;;
		"not ok - "*) tap_not_ok "${line#not ok - }" ;;
		*) echo "$line" | tap_comment ;;
		esac
	done <"$work/tap"
	grep -q '^\(not \)\?ok - ' "$work/tap" || tap_not_ok "$(basename "$scenario" .json): runs (no result)"
done
tap_plan "$tap_count"
tap_done
