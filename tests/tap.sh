# tap.sh - what the TAP runners share; sourced by them, never run alone.
# The environment (automake's `make check`, or a user by hand) may set
#   EVENTC        the command that runs eventc, maybe with a valgrind wrapper
#   top_srcdir    the source tree (defaults to the folder above this one)
#   top_builddir  the build tree (defaults to the current folder)
#   EVENTC_REGEN  1: rewrite the expected files instead of comparing

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${EVENTC:=$top_builddir/eventc}"
: "${EVENTC_REGEN:=0}"
top_srcdir=$(cd "$top_srcdir" && pwd)
export LC_ALL=C
# which environments keep their data is the builds' input: the runners
# choose it themselves (tests/deploy.sh)

tap_count=0
tap_failures=0

tap_plan() { echo "1..$1"; }

tap_ok() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $1"
}

tap_not_ok() {
	tap_count=$((tap_count + 1))
	tap_failures=$((tap_failures + 1))
	echo "not ok $tap_count - $1"
}

# A known failure: `not ok ... # TODO REASON`, which automake's TAP driver
# counts as XFAIL (and a pass as XPASS, a failure of the suite: the known
# failure is gone and its entry should go too). Not counted in tap_done.
tap_todo() {
	tap_count=$((tap_count + 1))
	echo "not ok $tap_count - $1 # TODO $2"
}

# A check that cannot run because what it needs is missing: under CI
# (CI set, as .ci/run sets it) a failure, for CI has everything; else a
# skip that says why, which `make check` lists at its end.
tap_missing() {
	if [ -n "${CI:-}" ]; then
		tap_not_ok "$1: $2 (CI is set: what a check needs must be there)"
	else
		tap_ok "$1 # SKIP $2"
	fi
}

# Standard input, as TAP comments.
tap_comment() { sed -e 's/^/# /'; }

# ok if $2 equals $3 (both file names), else not ok with the diff.
tap_compare() {
	if cmp -s "$2" "$3"; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		diff -u "$2" "$3" | head -n 80 | tap_comment
	fi
}

# Runs PROGRAM, a test program of tests/ (built by `make check`) that
# prints TAP, and gives each of its lines as this script's own,
# renumbered. One that fails without saying which case, or stops before
# its plan line, is a failure too. Returns 1 when PROGRAM is not built.
tap_relay() {
	local prog=$1 name=${1##*/} out status=0
	if [ ! -x "$prog" ]; then
		tap_not_ok "tests/$name is built (make check builds it)"
		return 1
	fi
	out=$(mktemp)
	"$prog" >"$out" || status=$?
	while read -r word rest; do
		case $word in
		ok) tap_ok "${rest#* - }" ;;
		not) tap_not_ok "${rest#ok * - }" ;;
		esac
	done <"$out"
	if [ "$status" -ne 0 ] && ! grep -q '^not ok' "$out"; then
		tap_not_ok "tests/$name exits with status 0 (got $status)"
	fi
	grep -q '^1\.\.' "$out" || tap_not_ok "tests/$name ran to its end (its plan line)"
	rm -f "$out"
}

# Runs eventc with a time limit; a hang shows as exit 124.
eventc_run() {
	# shellcheck disable=SC2086 # EVENTC may be a wrapper and its options
	timeout 60 $EVENTC "$@"
}

tap_done() {
	[ "$tap_failures" -eq 0 ]
}
