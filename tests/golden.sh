#!/bin/bash
# golden.sh - `eventc check` on every tests/check/*.ev: its standard error
# and a last line `exit: N` must equal the .err file beside the case.
# A case's first line may be `# args: OPTIONS` to pass options to check.
# EVENTC_REGEN=1 rewrites the .err files instead; review the diff after.
# The cases are checked as of 2026-12-01 (SOURCE_DATE_EPOCH), so that what
# AWS's runtime calendar says of a runtime does not change with the day.
. "$(dirname "$0")/tap.sh"
export SOURCE_DATE_EPOCH=1796083200

dir=$top_srcdir/tests/check
cd "$dir" || exit 99
cases=(*.ev)
tap_plan "${#cases[@]}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for ev in "${cases[@]}"; do
	name=${ev%.ev}
	args=$(sed -n '1s/^# args: *//p' "$ev")
	# shellcheck disable=SC2086 # args are words
	eventc_run check $args "$ev" 2>"$out" >/dev/null
	echo "exit: $?" >>"$out"
	if [ "$EVENTC_REGEN" = 1 ]; then
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
