#!/bin/sh
# run.sh BUILDDIR [SECONDS] - the fuzzing step of .ci/run, in a build made
# with ./configure --enable-fuzz CC=clang: each target (fuzz-check,
# fuzz-build, fuzz-vars) first replays its seeds (fuzz/seeds.sh, from the
# test cases) and its regression cases (fuzz/regressions/TARGET/, one file
# per finding fixed), then fuzzes for SECONDS (default 60) with the
# dictionary of fuzz/make-dict.sh, under ASan and UBSan. A crash, a
# sanitizer report, a leak or a timeout fails it; the input that did is
# kept as BUILDDIR/fuzz/crash-* (add it to fuzz/regressions/ with the fix).
set -eu
build=$(cd "$1" && pwd)
seconds=${2:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sh "$src/fuzz/seeds.sh" "$src" "$work/seeds"
sh "$src/fuzz/make-dict.sh" "$src" >"$work/eventc.dict"
export EVENTC_DATADIR="$src/templates"
# leaks are reported at the end of each input's run by LeakSanitizer
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for t in check build vars; do
	bin="$build/fuzz/fuzz-$t"
	if [ ! -x "$bin" ]; then
		echo "fuzz: $bin not built (./configure --enable-fuzz CC=clang)"
		exit 1
	fi
	regressions="$src/fuzz/regressions/$t"
	mkdir -p "$work/corpus-$t"
	set -- "$work/seeds/$t"
	[ -d "$regressions" ] && set -- "$@" "$regressions"
	echo "fuzz-$t: replaying $(find "$@" -type f | wc -l) seeds and regression cases"
	if ! (cd "$build/fuzz" && "$bin" -runs=0 -close_fd_mask=3 -timeout=20 "$@") >"$work/replay-$t.log" 2>&1; then
		tail -n 60 "$work/replay-$t.log"
		echo "fuzz-$t: FAILED replaying the corpus"
		status=1
		continue
	fi
	if ! (cd "$build/fuzz" && "$bin" -max_total_time="$seconds" -close_fd_mask=3 -timeout=20 \
		-rss_limit_mb=4096 -dict="$work/eventc.dict" -print_final_stats=1 \
		"$work/corpus-$t" "$@") >"$work/fuzz-$t.log" 2>&1; then
		tail -n 60 "$work/fuzz-$t.log"
		echo "fuzz-$t: FAILED (the input is $build/fuzz/crash-* or timeout-* or leak-*)"
		status=1
		continue
	fi
	echo "fuzz-$t: $(grep -E '^stat::number_of_executed_units' "$work/fuzz-$t.log" | awk '{ print $2 }') inputs in ${seconds}s, $(grep -oE 'cov: [0-9]+' "$work/fuzz-$t.log" | tail -n 1), no finding"
done
exit "$status"
