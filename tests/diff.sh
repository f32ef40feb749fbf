#!/bin/bash
# diff.sh - `eventc diff`: each case of tests/diff/cases is run in
# tests/diff/ (with standard input from FILE when the case ends in
# "<FILE"), and its standard output, then `--- stderr`, its standard
# error and `exit: N` must equal NAME.out (EVENTC_REGEN=1 rewrites them;
# review the diff). Beside the golden cases: what the issue asks of the
# reference's dev-against-prod diff is asserted line by line, so that a
# careless regeneration cannot lose it, and templates/create-only.json is
# checked against templates/create-only.py over AWS's schemas.
. "$(dirname "$0")/tap.sh"

dir=$top_srcdir/tests/diff
cd "$dir" || exit 99
mapfile -t cases < <(grep -v '^#' cases | grep -v '^$')
# the reference's assertions below, and the create-only table
tap_plan $((${#cases[@]} + 8))
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

for line in "${cases[@]}"; do
	read -r name args <<<"$line"
	input=/dev/null
	if [[ $args == *' <'* ]]; then # "<FILE" last: standard input
		input=${args##* <}
		args=${args% <*}
	fi
	# shellcheck disable=SC2086 # args are words
	eventc_run diff $args <"$input" >"$out" 2>"$err"
	rc=$?
	{ echo "--- stderr"; cat "$err"; echo "exit: $rc"; } >>"$out"
	if [ "$EVENTC_REGEN" = 1 ]; then
		cp "$out" "$name.out"
		tap_ok "$name (regenerated)"
	elif [ ! -f "$name.out" ]; then
		tap_not_ok "$name: no $name.out; run with EVENTC_REGEN=1 and review it"
		tap_comment <"$out"
	else
		tap_compare "$name" "$name.out" "$out"
	fi
done

# The reference, dev against prod: what differs, each named where it is.
eventc_run diff ../../patterns/event-driven.ev --env dev --env prod >"$out" 2>"$err"
rc=$?
expect() {
	local what=$1
	shift
	local missing=0
	for pat in "$@"; do
		grep -qxF -- "$pat" "$out" || { echo "missing: $pat"; missing=1; }
	done >"$err.why"
	if [ "$missing" = 0 ]; then
		tap_ok "$what"
	else
		tap_not_ok "$what"
		tap_comment <"$err.why"
	fi
	rm -f "$err.why"
}
if [ "$rc" = 1 ]; then tap_ok "dev against prod exits 1"; else tap_not_ok "dev against prod exits 1 (got $rc)"; fi
expect "log retention 7 -> 90 days" "@@ function process-order @@" "  ProcessOrderFunctionLogGroup (AWS::Logs::LogGroup)" \
	"-   RetentionInDays: 7" "+   RetentionInDays: 90"
expect "memory 256 -> 1024, log level DEBUG -> WARN" "  ProcessOrderFunction (AWS::Lambda::Function)" \
	"-   MemorySize: 256" "+   MemorySize: 1024" \
	'-   Environment.Variables.LOG_LEVEL: "DEBUG"' '+   Environment.Variables.LOG_LEVEL: "WARN"'
expect "provisioned concurrency in prod only" "+ ProcessOrderFunctionAlias (AWS::Lambda::Alias) added" \
	'+   ProvisionedConcurrencyConfig: {"ProvisionedConcurrentExecutions":5}'
expect "the workflow's log level ALL -> ERROR" "@@ workflow fulfil-order @@" \
	'-   LoggingConfiguration.Level: "ALL"' '+   LoggingConfiguration.Level: "ERROR"'
# nothing that does not differ: every changed line's old and new differ,
# and no name shows (they differ only by environment)
if awk '/^-   /{sub(/^-   /,""); o=$0; next} /^\+   /{sub(/^\+   /,""); if ($0 == o) {print; bad=1}} END{exit bad}' "$out" &&
	! grep -q 'acme-dev-\|acme-prod-' "$out"; then
	tap_ok "dev against prod shows only what differs"
else
	tap_not_ok "dev against prod shows only what differs"
	grep 'acme-dev-\|acme-prod-' "$out" | head -n 5 | tap_comment
fi

# the codes diff raises are explained, and in the language's code table
if eventc_run explain W0501 | grep -q 'create-only' && eventc_run explain W0502 | grep -q 'DeletionPolicy' &&
	grep -q '^| W0501 |' "$top_srcdir/docs/language.md" && grep -q '^| W0502 |' "$top_srcdir/docs/language.md"; then
	tap_ok "explain W0501 and W0502; both in docs/language.md"
else
	tap_not_ok "explain W0501 and W0502; both in docs/language.md"
fi

# templates/create-only.json is what templates/create-only.py makes of
# AWS's resource schemas (shared/cfn-schemas beside the source tree, as
# tests/cfn.sh finds them; a distcheck's tree has none beside it: skipped)
schemas=${EVENTC_SHARED:-$top_srcdir/../shared}/cfn-schemas
if [ ! -d "$schemas" ]; then
	tap_ok "create-only.json # SKIP no schemas at $schemas"
elif python3 "$top_srcdir/templates/create-only.py" "$schemas" >"$out" 2>"$err"; then
	tap_compare "create-only.json is what create-only.py derives" "$top_srcdir/templates/create-only.json" "$out"
else
	tap_not_ok "create-only.py failed"
	tap_comment <"$err"
fi
tap_done
