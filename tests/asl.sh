#!/bin/bash
# asl.sh - golden ASL for the reference pattern and for every state kind and
# option (tests/asl/*.ev, expected files in tests/asl/CASE.out/), every
# generated definition run through asl-validator, and the guarantees of
# `eventc build`: nothing written on errors, same bytes twice, refused
# targets. EVENTC_REGEN=1 rewrites the expected files (review the diff).
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
validator="$top_srcdir/tests/validators/node_modules/.bin/asl-validator"

# case name, pattern file
cases=("event-driven $top_srcdir/patterns/event-driven.ev")
for f in "$top_srcdir"/tests/asl/*.ev; do
	cases+=("$(basename "$f" .ev) $f")
done

# golden comparison of one build: every expected file present and equal,
# no file that is not expected
check_tree() {
	local name=$1 got=$2 want=$3
	if [ "$EVENTC_REGEN" = 1 ]; then
		rm -rf "$want" && mkdir -p "$want" && cp -R "$got"/. "$want"/
		tap_ok "$name: regenerated"
		return
	fi
	if diff -ru "$want" "$got" >"$work/diff" 2>&1; then
		tap_ok "$name: outputs match $(basename "$want")"
	else
		tap_not_ok "$name: outputs differ from $(basename "$want")"
		head -n 80 "$work/diff" | tap_comment
	fi
}

validate_tree() {
	local name=$1 dir=$2 f
	if [ ! -x "$validator" ]; then
		if [ -n "${CI:-}" ]; then
			tap_not_ok "$name: asl-validator is not installed (npm ci in tests/validators)"
		else
			tap_ok "$name: asl-validator # SKIP not installed (npm ci in tests/validators)"
		fi
		return
	fi
	local bad=0
	while IFS= read -r f; do
		if ! "$validator" --silent --json-path "$f" >"$work/val" 2>&1; then
			bad=1
			echo "$f" | tap_comment
			tap_comment <"$work/val"
		fi
	done < <(find "$dir" -name '*.asl.json' | sort)
	if [ "$bad" = 0 ]; then
		tap_ok "$name: asl-validator accepts every definition"
	else
		tap_not_ok "$name: asl-validator rejects a definition"
	fi
}

for c in "${cases[@]}"; do
	name=${c%% *}
	file=${c#* }
	out="$work/$name"
	if eventc_run build -t asl -o "$out" "$file" 2>"$work/err"; then
		tap_ok "$name: builds"
	else
		tap_not_ok "$name: builds"
		tap_comment <"$work/err"
		continue
	fi
	check_tree "$name" "$out" "$top_srcdir/tests/asl/$name.out"
	validate_tree "$name" "$out"
done

# What the reference's fulfil-order machine must hold (issue 3).
ref="$work/event-driven/prod/stepfunctions/fulfil-order.asl.json"
expect() {
	local what=$1 filter=$2
	if [ -f "$ref" ] && [ "$(jq -r "$filter" "$ref" 2>&1)" = true ]; then
		tap_ok "reference: $what"
	else
		tap_not_ok "reference: $what"
		echo "jq: $filter" | tap_comment
	fi
}
# requiresApproval is optional in OrderCreated: the test is guarded by
# IsPresent, so an order without it takes the next arm (issue 10)
expect "choice on requiresApproval with BooleanEquals, guarded by IsPresent" \
	'[.States[] | select(.Type == "Choice") | .Choices[] | select(.And and
	  (.And[0] == {Variable: "$.requiresApproval", IsPresent: true}) and
	  (.And[1] == {Variable: "$.requiresApproval", BooleanEquals: true}))] | length == 1'
expect "every task keeps its input: its result under its name, a caught error at \$.error" \
	'[.. | objects | select(.Type == "Task" or .Type == "Parallel") | . as $s
	  | (.ResultPath | startswith("$.")) and ([.Catch[]?.ResultPath] | all(. == "$.error"))] | all'
expect "waitForTaskToken task, 86400 s, catching States.Timeout" \
	'[.States[] | select(.Type == "Task" and (.Resource | endswith(".waitForTaskToken")) and .TimeoutSeconds == 86400 and ([.Catch[].ErrorEquals[]] | index("States.Timeout")))] | length == 1'
expect "a two-branch Parallel" '[.States[] | select(.Type == "Parallel" and (.Branches | length) == 2)] | length == 1'
expect "a retry with BackoffRate 2" '[.. | objects | select(has("BackoffRate")) | .BackoffRate == 2] | any'
expect "two Fail states" '[.States[] | select(.Type == "Fail")] | length == 2'
expect "an SNS publish" '[.States[] | select(.Resource == "arn:aws:states:::sns:publish")] | length == 1'
expect "TimeoutSeconds 172800" '.TimeoutSeconds == 172800'

# Every Lambda task retries Lambda's transient errors (Step Functions
# developer guide, "Handle Lambda service exceptions"): each one is named
# by a retrier of the task, or by States.ALL or States.TaskFailed.
# (a plain invoke names the function itself: Resource ${...FunctionArn})
lambda_covered='[.. | objects | select(.Type == "Task" and ((.Resource // "") | test("^arn:aws:states:::lambda:invoke|FunctionArn}$")))]
	| length > 0 and all(.[]; [.Retry[]?.ErrorEquals[]] as $e
	| all("Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException",
		"Lambda.SdkClientException", "Lambda.TooManyRequestsException";
		. as $x | $e | index($x) or index("States.ALL") or index("States.TaskFailed")))'
for c in "${cases[@]}"; do
	name=${c%% *}
	bad=
	for f in $(find "$work/$name" -name '*.asl.json' | sort); do
		grep -q 'lambda:invoke\|FunctionArn}"' "$f" || continue
		[ "$(jq -r "$lambda_covered" "$f" 2>&1)" = true ] || bad="$bad $(basename "$f")"
	done
	if [ -z "$bad" ]; then
		tap_ok "$name: every Lambda task retries Lambda's transient errors"
	else
		tap_not_ok "$name: a Lambda task does not retry Lambda's transient errors:$bad"
	fi
done
expect "validate: its own retrier, then the default one for the errors it leaves out" \
	'.States.validate.Retry == [
	  {ErrorEquals: ["Lambda.ServiceException", "Lambda.TooManyRequestsException"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2},
	  {ErrorEquals: ["Lambda.ClientExecutionTimeoutException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"],
	   IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: "FULL"}]'
tasks="$work/states/dev/stepfunctions/tasks.asl.json"
if [ "$(jq -r '(.States["invoke-plain"].Retry | length) == 1 and
	  .States["invoke-plain"].Retry[0].ErrorEquals[0] == "Lambda.ClientExecutionTimeoutException" and
	  .States["invoke-own-retry"].Retry == [{ErrorEquals: ["States.ALL"], IntervalSeconds: 2, MaxAttempts: 2}] and
	  .States["invoke-no-retry"].Retry == [{ErrorEquals: ["States.TaskFailed"], MaxAttempts: 0}] and
	  (.States.publish | has("Retry") | not)' "$tasks" 2>&1)" = true ]; then
	tap_ok "states: the default retrier alone, none after States.ALL or States.TaskFailed, none on other tasks"
else
	tap_not_ok "states: the default retrier alone, none after States.ALL or States.TaskFailed, none on other tasks"
fi

# Same input, same bytes.
eventc_run build -o "$work/again" "$top_srcdir/patterns/event-driven.ev" 2>/dev/null
eventc_run build -o "$work/again2" "$top_srcdir/patterns/event-driven.ev" 2>/dev/null
if diff -r "$work/again" "$work/again2" >/dev/null && [ -n "$(ls -A "$work/again")" ]; then
	tap_ok "build: two builds give the same bytes"
else
	tap_not_ok "build: two builds give the same bytes"
fi

# Errors: nothing written, an existing folder left exactly as it was.
mkdir -p "$work/keep/dev/stepfunctions"
echo '{"old": true}' >"$work/keep/dev/stepfunctions/fulfil-order.asl.json"
echo 'mine' >"$work/keep/notes.txt"
snapshot() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; find . | sort); }
before=$(snapshot "$work/keep")
sed 's/invoke function validate-order/invoke function validate-ordr/' \
	"$top_srcdir/patterns/event-driven.ev" >"$work/broken.ev"
eventc_run build -o "$work/keep" "$work/broken.ev" 2>"$work/err"
rc=$?
if [ "$rc" = 1 ] && [ "$before" = "$(snapshot "$work/keep")" ]; then
	tap_ok "build: a pattern with errors exits 1 and writes nothing"
else
	tap_not_ok "build: a pattern with errors exits 1 and writes nothing (exit $rc)"
fi
eventc_run build -o "$work/fresh" "$work/broken.ev" 2>/dev/null
if [ ! -e "$work/fresh" ]; then
	tap_ok "build: a pattern with errors does not even make the output folder"
else
	tap_not_ok "build: a pattern with errors does not even make the output folder"
fi

eventc_run build -t nonsense -o "$work/t-x" "$top_srcdir/patterns/event-driven.ev" 2>/dev/null
rc=$?
[ "$rc" = 2 ] && tap_ok "build: an unknown target is a usage error" \
	|| tap_not_ok "build: an unknown target is a usage error (exit $rc)"

# One environment only.
eventc_run build -e prod -o "$work/one" "$top_srcdir/patterns/event-driven.ev" 2>/dev/null
if [ -d "$work/one/prod" ] && [ ! -e "$work/one/dev" ] && [ ! -e "$work/one/staging" ]; then
	tap_ok "build: --env prod writes only prod"
else
	tap_not_ok "build: --env prod writes only prod"
fi
eventc_run build -e prd -o "$work/bad-env" "$top_srcdir/patterns/event-driven.ev" 2>"$work/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "did you mean 'prod'" "$work/err" && [ ! -e "$work/bad-env" ]; then
	tap_ok "build: an unknown --env is an error with a suggestion"
else
	tap_not_ok "build: an unknown --env is an error with a suggestion (exit $rc)"
fi

tap_plan "$tap_count"
tap_done
