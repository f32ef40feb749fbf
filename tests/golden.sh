#!/bin/bash
# golden.sh - `eventc check` on every tests/check/*.ev: its standard error
# and a last line `exit: N` must equal the .err file beside the case.
# A case's first line may be `# args: OPTIONS` to pass options to check.
# EVENTC_REGEN=1 rewrites the .err files instead; review the diff after.
# The cases are checked as of 2026-12-01 (SOURCE_DATE_EPOCH), so that what
# AWS's runtime calendar says of a runtime does not change with the day.
# The checks run EVENTC_TEST_JOBS at a time (default the number of CPUs:
# under valgrind, one at a time took four minutes), each into a file of its
# own; the verdicts come after, in the cases' order.
. "$(dirname "$0")/tap.sh"
export SOURCE_DATE_EPOCH=1796083200

dir=$top_srcdir/tests/check
cd "$dir" || exit 99
cases=(*.ev)
tap_plan "${#cases[@]}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_case EV: its standard error and `exit: N` into $work/EV.out
run_case() {
	local ev=$1 args
	args=$(sed -n '1s/^# args: *//p' "$ev")
	# shellcheck disable=SC2086 # args are words
	eventc_run check $args "$ev" 2>"$work/$ev.out" >/dev/null
	echo "exit: $?" >>"$work/$ev.out"
}

jobs_max=${EVENTC_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
for ev in "${cases[@]}"; do
	run_case "$ev" &
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
	done
done
wait

for ev in "${cases[@]}"; do
	name=${ev%.ev}
	out=$work/$ev.out
	if [ ! -f "$out" ]; then
		tap_not_ok "$name: the check ran (no output)"
	elif [ "$EVENTC_REGEN" = 1 ]; then
		cp "$out" "$name.err"
		tap_ok "$name (regenerated)"
	elif [ ! -f "$name.err" ]; then
		tap_not_ok "$name: no $name.err; run with EVENTC_REGEN=1 and review it"
		tap_comment <"$out"
	else
		tap_compare "$name" "$name.err" "$out"
	fi
done
tap_done
