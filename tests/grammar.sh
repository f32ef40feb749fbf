#!/bin/bash
# grammar.sh - `eventc parse` on every tests/grammar/*.ev snippet. The file
# beside a case picks its mode: CASE.ast holds the expected parse tree
# (standard output; the parse must succeed), CASE.err the expected
# standard error and a last line `exit: N` of a snippet that must fail.
# EVENTC_REGEN=1 rewrites them instead; a new case without either file
# gets .ast when it parses and .err when it does not.
. "$(dirname "$0")/tap.sh"

dir=$top_srcdir/tests/grammar
cd "$dir" || exit 99
cases=(*.ev)
tap_plan "${#cases[@]}"
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

for ev in "${cases[@]}"; do
	name=${ev%.ev}
	eventc_run parse "$ev" >"$out" 2>"$err"
	rc=$?
	if [ -f "$name.err" ] || { [ ! -f "$name.ast" ] && [ "$rc" -ne 0 ]; }; then
		expected=$name.err
		cat "$err" >"$out"
		echo "exit: $rc" >>"$out"
	else
		expected=$name.ast
		# a parse that fails or warns shows it, so the diff says why
		if [ "$rc" -ne 0 ] || [ -s "$err" ]; then
			cat "$err" >>"$out"
			echo "exit: $rc" >>"$out"
		fi
	fi
	if [ "$EVENTC_REGEN" = 1 ]; then
		cp "$out" "$expected"
		tap_ok "$name (regenerated $expected)"
	elif [ ! -f "$expected" ]; then
		tap_not_ok "$name: no $expected; run with EVENTC_REGEN=1 and review it"
		tap_comment <"$out"
	else
		tap_compare "$name" "$expected" "$out"
	fi
done
tap_done
