#!/bin/bash
# jobs.sh - check and build work in threads (--jobs N, one a processor by
# default): each environment's checks and plan, and each target of each
# environment when a build renders. The outputs must not show it: for each
# pattern the files, byte for byte, and the messages are the same for
# --jobs 1 and for more threads than jobs, in JSON and YAML, for one target
# or one environment, and for a pattern big enough to split its templates
# into nested stacks; check reports the same for every case of tests/check.
# Bad --jobs values are usage errors.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A split pattern: bench.py's generator, 30 chains (over 500 resources an
# environment), its code folder beside it.
split="$work/split/chains.ev"
mkdir -p "$work/split/src"
echo 'def handler(e, c): return e' >"$work/split/src/app.py"
if python3 -c "import sys; sys.path.insert(0, '$top_srcdir/bench'); import bench; print(bench.pattern(30), end='')" \
	>"$split" 2>"$work/err"; then
	tap_ok "bench.py makes a pattern of 30 chains"
else
	tap_not_ok "bench.py makes a pattern of 30 chains"
	tap_comment <"$work/err"
fi

# same_outputs NAME PATTERN [BUILD OPTION]...: builds PATTERN with --jobs 1
# and --jobs 8; both exit the same, with the same messages and files.
same_outputs() {
	local name=$1 pattern=$2 rc1=0 rc8=0
	shift 2
	rm -rf "$work/j1" "$work/j8"
	eventc_run build "$@" --jobs 1 -o "$work/j1" "$pattern" >"$work/out1" 2>"$work/err1" || rc1=$?
	eventc_run build "$@" --jobs 8 -o "$work/j8" "$pattern" >"$work/out8" 2>"$work/err8" || rc8=$?
	if [ "$rc1" -ne 0 ] || [ "$rc8" -ne 0 ]; then
		tap_not_ok "$name: builds (--jobs 1 exits $rc1, --jobs 8 exits $rc8)"
		tap_comment <"$work/err8"
		return
	fi
	if cmp -s "$work/err1" "$work/err8" && cmp -s "$work/out1" "$work/out8"; then
		tap_ok "$name: the same messages"
	else
		tap_not_ok "$name: the same messages"
		diff -u "$work/err1" "$work/err8" | head -n 20 | tap_comment
	fi
	local files
	files=$(find "$work/j8" -type f | wc -l)
	if [ "$files" -gt 1 ] && diff -r "$work/j1" "$work/j8" >"$work/diff" 2>&1; then
		tap_ok "$name: the same $files files, byte for byte"
	else
		tap_not_ok "$name: the same files, byte for byte ($files written)"
		head -n 20 "$work/diff" | tap_comment
	fi
}

for p in "$top_srcdir"/patterns/*.ev; do
	same_outputs "$(basename "$p")" "$p"
done
same_outputs "event-driven.ev as YAML" "$top_srcdir/patterns/event-driven.ev" -f yaml
same_outputs "event-driven.ev, CloudFormation and alarms of prod" "$top_srcdir/patterns/event-driven.ev" \
	-t cloudformation -t alarms -e prod
same_outputs "30 chains, split into nested stacks" "$split"
if ls "$work/j8/dev/cloudformation/" | grep -q '^stack-01\.json$'; then
	tap_ok "30 chains: the template is split"
else
	tap_not_ok "30 chains: the template is split"
	ls "$work/j8/dev/cloudformation/" | tap_comment
fi

# check: every case of tests/check (errors and warnings in one or more
# environments, each environment's diagnostics captured in its thread and
# joined) reports the same, with the same exit code, for --jobs 1 and 4
cases=0 differ=0
for f in "$top_srcdir"/tests/check/*.ev; do
	cases=$((cases + 1))
	rc1=0 rc4=0
	eventc_run check --jobs 1 "$f" >"$work/out1" 2>&1 || rc1=$?
	eventc_run check --jobs 4 "$f" >"$work/out4" 2>&1 || rc4=$?
	if [ "$rc1" -ne "$rc4" ] || ! cmp -s "$work/out1" "$work/out4"; then
		differ=$((differ + 1))
		echo "$(basename "$f"): --jobs 1 exits $rc1, --jobs 4 exits $rc4" >>"$work/differ"
		diff -u "$work/out1" "$work/out4" | head -n 10 >>"$work/differ"
	fi
done
if [ "$cases" -gt 100 ] && [ "$differ" -eq 0 ]; then
	tap_ok "check --jobs 1 and --jobs 4 report the same for the $cases cases of tests/check"
else
	tap_not_ok "check --jobs 1 and --jobs 4 report the same ($differ of $cases differ)"
	head -n 40 "$work/differ" 2>/dev/null | tap_comment
fi
rc=0
eventc_run check --jobs=0 "$top_srcdir/patterns/event-driven.ev" >/dev/null 2>"$work/err" || rc=$?
if [ "$rc" -eq 2 ] && grep -q "invalid --jobs '0'" "$work/err"; then
	tap_ok "check --jobs=0 is a usage error"
else
	tap_not_ok "check --jobs=0 is a usage error (exit $rc)"
	tap_comment <"$work/err"
fi

# bad values: not a number, zero, past the limit, negative
for bad in x 0 65 -1 2x; do
	rc=0
	eventc_run build --jobs="$bad" -o "$work/bad" "$top_srcdir/patterns/event-driven.ev" >/dev/null 2>"$work/err" || rc=$?
	if [ "$rc" -eq 2 ] && grep -q "invalid --jobs '$bad'" "$work/err" && [ ! -e "$work/bad" ]; then
		tap_ok "--jobs=$bad is a usage error"
	else
		tap_not_ok "--jobs=$bad is a usage error (exit $rc)"
		tap_comment <"$work/err"
	fi
done

tap_plan "$tap_count"
tap_done
