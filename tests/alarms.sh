#!/bin/bash
# alarms.sh - the default alarms and dashboard (templates/alarms.yaml, read by
# src/plan/alarms.c) for the reference pattern: golden <env>/alarms.json and
# <env>/dashboard.json under tests/alarms/, what the reference must hold,
# the pattern's overrides, located errors for a broken alarms.yaml, and
# where the file is found. Runs tests/alarms-test (built by `make check`),
# which writes the dashboard on its own and prints the path of the file
# found, neither of which `eventc build --target alarms` does.
# EVENTC_REGEN=1 rewrites the expected files (review the diff).
if [ -f "$(dirname "$0")/tap.sh" ]; then
	. "$(dirname "$0")/tap.sh"
else
	: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
	: "${top_builddir:=$(pwd)}"
	: "${EVENTC_REGEN:=0}"
	export LC_ALL=C
	tap_count=0
	tap_failures=0
	tap_plan() { echo "1..$1"; }
	tap_ok() { tap_count=$((tap_count + 1)); echo "ok $tap_count - $1"; }
	tap_not_ok() {
		tap_count=$((tap_count + 1))
		tap_failures=$((tap_failures + 1))
		echo "not ok $tap_count - $1"
	}
	tap_comment() { sed -e 's/^/# /'; }
	tap_done() { [ "$tap_failures" -eq 0 ]; }
fi

work=$(mktemp -d)
# the code folder the generated patterns name (eventc hashes it)
mkdir -p "$work/src" && echo 'def h(e, c): return e' >"$work/src/h.py"
cp -R "$top_srcdir/patterns/functions" "$work/"  # the reference's, for its copies below
trap 'rm -rf "$work"' EXIT
driver="$top_builddir/tests/alarms-test"
ref="$top_srcdir/patterns/event-driven.ev"
golden="$top_srcdir/tests/alarms"
export EVENTC_DATADIR="$top_srcdir/templates"

if [ ! -x "$driver" ]; then
	tap_plan 1
	tap_not_ok "tests/alarms-test is built (make check builds it)"
	exit 1
fi

# Runs the driver with a time limit: alarms_run FILE DIR, or --path.
alarms_run() { timeout 60 "$driver" "$@"; }

# ok when COMMAND's exit status is WANT; the case name first.
expect_exit() {
	local name=$1 want=$2 got
	shift 2
	"$@" >"$work/out" 2>"$work/err"
	got=$?
	if [ "$got" = "$want" ]; then
		tap_ok "$name"
	else
		tap_not_ok "$name (exit $got, want $want)"
		tap_comment <"$work/err"
	fi
}

# ---- the reference ----

expect_exit "reference: builds every environment" 0 alarms_run "$ref" "$work/ref"
if [ "$EVENTC_REGEN" = 1 ]; then
	rm -rf "$golden" && mkdir -p "$golden" && cp -R "$work/ref"/. "$golden"/
	tap_ok "reference: regenerated tests/alarms"
elif diff -ru "$golden" "$work/ref" >"$work/diff" 2>&1; then
	tap_ok "reference: outputs match tests/alarms"
else
	tap_not_ok "reference: outputs differ from tests/alarms"
	head -n 80 "$work/diff" | tap_comment
fi

# jq FILTER over FILE must print true.
expect_jq() {
	local what=$1 file=$2 filter=$3
	if [ -f "$file" ] && [ "$(jq -r "$filter" "$file" 2>&1)" = true ]; then
		tap_ok "$what"
	else
		tap_not_ok "$what"
		echo "jq: $filter" | tap_comment
	fi
}

# What issue 4 asks of the reference, in every environment.
for env in dev staging prod; do
	f="$work/ref/$env/alarms.json"
	p="acme-$env-orders"
	expect_jq "$env: 44 alarms, names unique, within 255 and prefixed $p-" "$f" \
		"(.alarms | length) == 44 and ([.alarms[].name] | unique | length) == 44
		 and all(.alarms[]; .name | length <= 255 and startswith(\"$p-\"))"
	expect_jq "$env: queue-depth > 5000 (overridden) on both queues" "$f" \
		"[.alarms[] | select(.alarm == \"queue-depth\")] as \$q | (\$q | length) == 2
		 and ([\$q[].component] == [\"queue.order-buffer\", \"queue.audit-copy\"])
		 and all(\$q[]; .threshold == 5000 and .comparison_operator == \"GreaterThanThreshold\"
			and .overridden == [\"threshold\"] and .metric_name == \"ApproximateNumberOfMessagesVisible\")"
	expect_jq "$env: dlq-messages >= 1 on both dead-letter queues" "$f" \
		"[.alarms[] | select(.alarm == \"dlq-messages\")] as \$d | (\$d | length) == 2
		 and ([\$d[].dimensions[0].value] == [\"$p-order-buffer-dlq\", \"$p-audit-copy-dlq\"])
		 and all(\$d[]; .dlq and .threshold == 1 and .comparison_operator == \"GreaterThanOrEqualToThreshold\")"
	expect_jq "$env: lambda-errors > 10 in 5 min for the 7 functions" "$f" \
		"[.alarms[] | select(.alarm == \"lambda-errors\")] as \$e | (\$e | length) == 7
		 and all(\$e[]; .namespace == \"AWS/Lambda\" and .metric_name == \"Errors\" and .statistic == \"Sum\"
			and .threshold == 10 and .period == 300 and .dimensions[0].name == \"FunctionName\")"
	expect_jq "$env: lambda-duration-p99 > 80% of each function's timeout (24000 ms of 30 s, 8000 of 10 s)" "$f" \
		"[.alarms[] | select(.alarm == \"lambda-duration-p99\")] as \$e | (\$e | length) == 7
		 and all(\$e[]; .metric_name == \"Duration\" and .extended_statistic == \"p99\"
			and (has(\"statistic\") | not) and .unit == \"Milliseconds\")
		 and ([\$e[] | [.component, .threshold]] | map(select(.[0] == \"function.notify-customer\"))) == [[\"function.notify-customer\", 8000]]
		 and all(\$e[] | select(.component != \"function.notify-customer\"); .threshold == 24000)"
	expect_jq "$env: lambda-throttles >= 1 in 5 min for the 7 functions" "$f" \
		"[.alarms[] | select(.alarm == \"lambda-throttles\")] as \$e | (\$e | length) == 7
		 and all(\$e[]; .namespace == \"AWS/Lambda\" and .metric_name == \"Throttles\" and .statistic == \"Sum\"
			and .threshold == 1 and .comparison_operator == \"GreaterThanOrEqualToThreshold\"
			and .dimensions[0].name == \"FunctionName\")"
	expect_jq "$env: queue-oldest-message > 1 h on both queues" "$f" \
		"[.alarms[] | select(.alarm == \"queue-oldest-message\")] as \$q
		 | ([\$q[].component] == [\"queue.order-buffer\", \"queue.audit-copy\"])
		 and all(\$q[]; .namespace == \"AWS/SQS\" and .metric_name == \"ApproximateAgeOfOldestMessage\"
			and .statistic == \"Maximum\" and .threshold == 3600 and (.dlq | not))"
	expect_jq "$env: workflow timed out and aborted >= 1 on fulfil-order" "$f" \
		"[.alarms[] | select(.alarm == \"workflow-timed-out\" or .alarm == \"workflow-aborted\")]
		 | map([.metric_name, .threshold, .period, .dimensions[0].value.ref])
		 == [[\"ExecutionsTimedOut\", 1, 60, \"workflow.fulfil-order.arn\"], [\"ExecutionsAborted\", 1, 60, \"workflow.fulfil-order.arn\"]]"
	expect_jq "$env: rule-dlq-messages >= 1 on each rule's own DLQ, by its physical name" "$f" \
		"[.alarms[] | select(.alarm == \"rule-dlq-messages\")] as \$r
		 | ([\$r[] | [.component, .dimensions[0].name, .dimensions[0].value]]
		    == [[\"rule.order-created\", \"QueueName\", \"$p-order-created-rule-dlq\"],
			[\"rule.large-order\", \"QueueName\", \"$p-large-order-rule-dlq\"]])
		 and all(\$r[]; .dlq and .namespace == \"AWS/SQS\" and .threshold == 1)"
	expect_jq "$env: the audit rule's failed invocations, by bus and rule name" "$f" \
		"[.alarms[] | select(.alarm == \"audit-failed-invocations\")]
		 | map([.component, .namespace, .metric_name, .threshold, .dimensions])
		 == [[\"bus.orders\", \"AWS/Events\", \"FailedInvocations\", 1,
			[{name: \"EventBusName\", value: \"$p-orders\"}, {name: \"RuleName\", value: \"$p-orders-audit\"}]]]"
	expect_jq "$env: the audit stream's freshness > 900 s and success < 1" "$f" \
		"[.alarms[] | select(.alarm | startswith(\"audit-delivery\"))]
		 | map([.namespace, .metric_name, .statistic, .comparison_operator, .threshold, .dimensions])
		 == [[\"AWS/Firehose\", \"DeliveryToS3.DataFreshness\", \"Maximum\", \"GreaterThanThreshold\", 900,
			[{name: \"DeliveryStreamName\", value: \"$p-orders-audit\"}]],
		     [\"AWS/Firehose\", \"DeliveryToS3.Success\", \"Minimum\", \"LessThanThreshold\", 1,
			[{name: \"DeliveryStreamName\", value: \"$p-orders-audit\"}]]]"
	expect_jq "$env: topic-notifications-failed >= 1 on both topics" "$f" \
		"[.alarms[] | select(.alarm == \"topic-notifications-failed\")]
		 | map([.component, .namespace, .metric_name, .dimensions])
		 == [[\"topic.order-events\", \"AWS/SNS\", \"NumberOfNotificationsFailed\", [{name: \"TopicName\", value: \"$p-order-events\"}]],
		     [\"topic.ops-alerts\", \"AWS/SNS\", \"NumberOfNotificationsFailed\", [{name: \"TopicName\", value: \"$p-ops-alerts\"}]]]"
	expect_jq "$env: a message in each dead-letter queue the plan adds, by its physical name" "$f" \
		"[.alarms[] | select(.alarm | test(\"^(audit|bus|topic|function)-dlq-messages$\"))]
		 | map([.alarm, .component, .dlq, .metric_name, .threshold, .dimensions])
		 == [[\"audit-dlq-messages\", \"bus.orders\", true, \"ApproximateNumberOfMessagesVisible\", 1,
			[{name: \"QueueName\", value: \"$p-orders-audit-dlq\"}]],
		     [\"topic-dlq-messages\", \"topic.order-events\", true, \"ApproximateNumberOfMessagesVisible\", 1,
			[{name: \"QueueName\", value: \"$p-order-events-topic-dlq\"}]],
		     [\"topic-dlq-messages\", \"topic.ops-alerts\", true, \"ApproximateNumberOfMessagesVisible\", 1,
			[{name: \"QueueName\", value: \"$p-ops-alerts-topic-dlq\"}]],
		     [\"function-dlq-messages\", \"function.notify-customer\", true, \"ApproximateNumberOfMessagesVisible\", 1,
			[{name: \"QueueName\", value: \"$p-notify-customer-function-dlq\"}]]]"
	expect_jq "$env: every alarm looks back at most a day" "$f" \
		'all(.alarms[]; .period * .evaluation_periods <= 86400)'
	expect_jq "$env: workflow failed >= 1 and throttled > 5 on fulfil-order, by StateMachineArn" "$f" \
		"[.alarms[] | select(.component == \"workflow.fulfil-order\" and (.alarm == \"workflow-failed\" or .alarm == \"workflow-throttled\"))] as \$w
		 | [\$w[] | [.alarm, .metric_name, .threshold]] == [[\"workflow-failed\", \"ExecutionsFailed\", 1],
			[\"workflow-throttled\", \"ExecutionThrottled\", 5]]
		 and all(\$w[]; .namespace == \"AWS/States\"
			and .dimensions == [{name: \"StateMachineArn\", value: {ref: \"workflow.fulfil-order.arn\"}}])"
	expect_jq "$env: rule failed invocations > 10 on both rules, with bus and rule names" "$f" \
		"[.alarms[] | select(.alarm == \"rule-failed-invocations\")] as \$r
		 | ([\$r[].component] == [\"rule.order-created\", \"rule.large-order\"])
		 and all(\$r[]; .namespace == \"AWS/Events\" and .metric_name == \"FailedInvocations\" and .threshold == 10
			and ([.dimensions[].name] == [\"EventBusName\", \"RuleName\"])
			and .dimensions[0].value == \"$p-orders\")"
	expect_jq "$env: every alarm notifies ops-alerts" "$f" \
		'all(.alarms[]; .actions == [{ref: "topic.ops-alerts.arn"}])'
	expect_jq "$env: one dashboard of 5 widgets, the state machine by placeholder" "$work/ref/$env/dashboard.json" \
		"(.dashboards | length) == 1 and (.dashboards[0] | (.body.widgets | length) == 5
		 and .name == \"$p-dashboard\" and .placeholders == {FulfilOrderStateMachineArn: \"workflow.fulfil-order.arn\"}
		 and ([.body.widgets[].properties.metrics | length] == [4, 21, 4, 2, 2]))"
done

alarms_run "$ref" "$work/again" 2>/dev/null
if diff -r "$work/ref" "$work/again" >/dev/null; then
	tap_ok "reference: a second run gives the same bytes"
else
	tap_not_ok "reference: a second run gives the same bytes"
fi

# Every pattern under patterns/ builds, and every alarm is complete.
for p in "$top_srcdir"/patterns/*.ev; do
	name=$(basename "$p" .ev)
	[ "$name" = event-driven ] && continue
	out="$work/p-$name"
	if alarms_run "$p" "$out" 2>"$work/err" &&
	   [ "$(jq -s 'all(.[].alarms[]; .name and .namespace and .metric_name and (.dimensions | length) > 0
		and (.statistic or .extended_statistic) and .comparison_operator and (.threshold | type) == "number"
		and .period > 0 and .evaluation_periods > 0 and .treat_missing_data)' "$out"/*/alarms.json)" = true ]; then
		tap_ok "patterns/$name.ev: builds, every alarm complete"
	else
		tap_not_ok "patterns/$name.ev: builds, every alarm complete"
		tap_comment <"$work/err"
	fi
done

# A 1,000-stage chain: an alarm set of 5,000, and dashboards within
# CloudWatch's quotas (100 lines a graph here; 500 widgets and 2,500
# metrics a dashboard), every line of every component kept.
python3 - "$work/chain.ev" <<'PY'
import sys
out = ['pattern chain { tenant = "acme" region = "us-east-1" }', 'environment dev { mem = 256 }']
out += [f"queue q{i} {{ visibility_timeout = 60s }}" for i in range(1000)]
for i in range(1000):
    out.append(f'function f{i} {{ runtime = "python3.12" handler = "h.h" code = "src" timeout = 10s '
               f'memory = env.mem\n consume q{i} {{ batch_size = 5 }}\n}}')
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
expect_exit "1,000-stage chain: builds" 0 alarms_run "$work/chain.ev" "$work/chain"
expect_jq "1,000-stage chain: 5,000 alarms" "$work/chain/dev/alarms.json" \
	'(.alarms | length) == 5000 and ([.alarms[].name] | unique | length) == 5000'
expect_jq "1,000-stage chain: dashboards within quotas, every line kept" "$work/chain/dev/dashboard.json" \
	'([.dashboards[].name] == ["acme-dev-chain-dashboard", "acme-dev-chain-dashboard-2", "acme-dev-chain-dashboard-3"])
	 and all(.dashboards[].body.widgets; length <= 500)
	 and all(.dashboards[]; ([.body.widgets[].properties.metrics | length] | add) <= 2500)
	 and all(.dashboards[].body.widgets[]; (.properties.metrics | length) <= 100)
	 and ([.dashboards[].body.widgets[].properties.metrics | length] | add) == 5000
	 and ([.dashboards[].body.widgets[].properties.title] | index("Lambda functions (1/31)")) != null'

# alarms.json is written an alarm at a time, but its bytes stay those of
# one JSON document indented by two (the layout Python's json writes too):
# for the 5,000 alarms above, and for a pattern with none.
printf '%s\n' 'pattern quiet { tenant = "acme" region = "us-east-1" }' 'environment dev { }' \
	'key main { rotation = true }' >"$work/quiet.ev"
expect_exit "no alarms: builds" 0 alarms_run "$work/quiet.ev" "$work/quiet"
for f in chain/dev/alarms.json quiet/dev/alarms.json; do
	if python3 - "$work/$f" <<'PY' 2>"$work/err"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
want = json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
if text != want:
    sys.exit("differs at byte %d" % next(i for i in range(len(text)) if text[i:i + 1] != want[i:i + 1]))
PY
	then
		tap_ok "$f: one indented JSON document, byte for byte"
	else
		tap_not_ok "$f: one indented JSON document, byte for byte"
		tap_comment <"$work/err"
	fi
done
expect_jq "no alarms: an empty list" "$work/quiet/dev/alarms.json" '.alarms == [] and .pattern == "quiet"'

# ---- overrides ----

# The reference with its alarms block replaced by $1 (or removed).
with_alarms() {
	awk -v block="$1" '
		/^alarms \{/ { skip = 1; if (block != "") print block; next }
		skip && /^\}/ { skip = 0; next }
		!skip' "$ref" >"$work/case.ev"
}

with_alarms 'alarms {
  notify = topic ops-alerts
  lambda-errors { enabled = false }
  workflow-failed { period = 120s evaluation_periods = 3 }
}'
expect_exit "overrides: disable and retime build" 0 alarms_run "$work/case.ev" "$work/ov"
expect_jq "overrides: enabled = false drops lambda-errors everywhere" "$work/ov/prod/alarms.json" \
	'(.alarms | length) == 37 and ([.alarms[] | select(.alarm == "lambda-errors")] | length) == 0'
expect_jq "overrides: period and evaluation_periods replace the defaults" "$work/ov/prod/alarms.json" \
	'[.alarms[] | select(.alarm == "workflow-failed")] == [.alarms[] | select(.alarm == "workflow-failed")
	 | select(.period == 120 and .evaluation_periods == 3 and .threshold == 1
		and .overridden == ["period", "evaluation_periods"])] and
	 ([.alarms[] | select(.alarm == "queue-depth")][0].threshold == 10000)'

with_alarms ''
expect_exit "no alarms block: builds" 0 alarms_run "$work/case.ev" "$work/none"
expect_jq "no alarms block: defaults, no actions" "$work/none/dev/alarms.json" \
	'(.alarms | length) == 44 and all(.alarms[]; .actions == [] and .overridden == [])
	 and ([.alarms[] | select(.alarm == "queue-depth")][0].threshold == 10000)'

with_alarms 'alarms {
  notify = topic ops-alerts
  queue-depth { period = 1800s evaluation_periods = 100 }
}'
expect_exit "overrides: a look-back over a day is an error" 1 alarms_run "$work/case.ev" "$work/long"
line=$(grep -n 'queue-depth {' "$work/case.ev" | cut -d: -f1)
if grep -q "case.ev:$line:3: error\[E0611\]: alarm 'queue-depth' looks back 100 periods of 1800 s" "$work/err" &&
   [ ! -e "$work/long" ]; then
	tap_ok "overrides: the error is at the override, nothing written"
else
	tap_not_ok "overrides: the error is at the override, nothing written"
	tap_comment <"$work/err"
fi

# ---- a broken alarms.yaml ----

# Copies alarms.yaml into a data folder of its own, edited by the sed
# script $2, and checks for an error at line $3 whose message holds $4.
broken() {
	local name=$1 script=$2 line=$3 text=$4 data="$work/data-$tap_count"
	mkdir -p "$data"
	sed -e "$script" "$top_srcdir/templates/alarms.yaml" >"$data/alarms.yaml"
	EVENTC_DATADIR=$data alarms_run "$ref" "$work/b" >/dev/null 2>"$work/err"
	local rc=$?
	if [ "$rc" = 1 ] && grep -qF "$data/alarms.yaml:$line:" "$work/err" &&
	   grep -F "$data/alarms.yaml:$line:" "$work/err" | grep -qF "error[E0613]: $text" && [ ! -e "$work/b" ]; then
		tap_ok "broken alarms.yaml: $name"
	else
		tap_not_ok "broken alarms.yaml: $name (exit $rc)"
		tap_comment <"$work/err"
	fi
}

# Line numbers of the template, so the cases follow it when it changes.
tline() { grep -n -m1 -e "$1" "$top_srcdir/templates/alarms.yaml" | cut -d: -f1; }
l_flow=$(tline 'metric: MatchedEvents')
l_thr=$(tline 'threshold: 10000')
l_cmp=$(tline 'comparison: GreaterThanThreshold')
l_p99=$(tline 'extended_statistic: p99')
l_dim=$(tline 'StateMachineArn: arn')
l_per=$(tline 'period: 60')
l_qd=$(tline 'name: queue-depth')

broken "invalid YAML" "${l_flow}s/ }$//" "$((l_flow + 1))" "invalid YAML"
broken "misspelled field, with a suggestion" "${l_thr}s/threshold/treshold/" "$l_thr" \
	"unknown field 'treshold' in an alarm; did you mean 'threshold'?"
broken "the field it lacks, at its alarm" "${l_thr}s/threshold/treshold/" "$l_qd" \
	"alarm 'queue-depth' needs 'threshold'"
broken "comparison misspelt, with a suggestion" "${l_cmp}s/GreaterThanThreshold/GreaterThanTreshold/" "$l_cmp" \
	"'GreaterThanTreshold' is not a valid comparison; did you mean 'GreaterThanThreshold'?"
broken "comparison not in CloudWatch's set" "${l_cmp}s/GreaterThanThreshold/Above/" "$l_cmp" \
	"'Above' is not a valid comparison; it is GreaterThanOrEqualToThreshold, GreaterThanThreshold,"
broken "percentile out of range" "${l_p99}s/p99/p101/" "$l_p99" "'p101' is not a percentile such as p99"
broken "unknown dimension value" "${l_dim}s/: arn/: id/" "$l_dim" "'id' is not a dimension value"
broken "period CloudWatch refuses" "${l_per}s/60/45/" "$l_per" "an alarm period is 10, 20, 30 or a multiple of 60"
broken "a second alarm of one name" "s/name: lambda-errors/name: queue-depth/" "$(tline 'name: lambda-errors')" \
	"a second alarm named 'queue-depth'"
l_pct=$(tline 'threshold_percent_of_timeout: 80')
l_sns=$(tline 'TopicName: name')
l_fresh=$(tline 'DeliveryStreamName: name')
broken "threshold and threshold_percent_of_timeout both" "${l_pct}a\\
    threshold: 5000" "$l_pct" "alarm 'lambda-duration-p99' has both 'threshold' and 'threshold_percent_of_timeout'"
broken "threshold_percent_of_timeout out of range" "${l_pct}s/80/150/" "$l_pct" \
	"'threshold_percent_of_timeout' must be above 0 and at most 100"
broken "threshold_percent_of_timeout only for functions" "s/applies_to: function/applies_to: topic/" "$l_pct" \
	"'threshold_percent_of_timeout' is for alarms that apply to 'function'"
broken "bus.name on a topic" "${l_sns}s/: name/: bus.name/" "$l_sns" \
	"'bus.name' names the bus of a rule or an audit trail, and this applies to 'topic'"
broken "an ARN for the audit stream" "${l_fresh}s/: name/: arn/" "$l_fresh" "the dimension of 'audit' is its name"
broken "a list where the top-level map belongs" "/^alarms:/,\$c\\
- a list" "$(tline '^alarms:')" \
	"alarms.yaml must be a map with 'alarms:' and 'dashboard:', not a list"

data="$work/data-empty"
mkdir -p "$data" && : >"$data/alarms.yaml"
EVENTC_DATADIR=$data alarms_run "$ref" "$work/b" >/dev/null 2>"$work/err"
rc=$?
if [ "$rc" = 1 ] && grep -qF "$data/alarms.yaml:1:1: error[E0613]: alarms.yaml is empty" "$work/err"; then
	tap_ok "broken alarms.yaml: empty file"
else
	tap_not_ok "broken alarms.yaml: empty file (exit $rc)"
	tap_comment <"$work/err"
fi

EVENTC_DATADIR=$work/nowhere alarms_run "$ref" "$work/b" >/dev/null 2>"$work/err"
rc=$?
if [ "$rc" = 3 ] && grep -qF "cannot find '$work/nowhere/alarms.yaml'" "$work/err" && [ ! -e "$work/b" ]; then
	tap_ok "missing alarms.yaml: an I/O error, exit 3"
else
	tap_not_ok "missing alarms.yaml: an I/O error, exit 3 (exit $rc)"
	tap_comment <"$work/err"
fi

# ---- finding alarms.yaml without EVENTC_DATADIR ----

# The driver copied to BIN finds the copy of alarms.yaml at WANT, from /.
found_at() {
	local name=$1 bin=$2 want=$3 got
	mkdir -p "$(dirname "$bin")" "$(dirname "$want")"
	cp "$driver" "$bin" && cp "$top_srcdir/templates/alarms.yaml" "$want"
	got=$(cd / && env -u EVENTC_DATADIR timeout 60 "$bin" --path 2>&1)
	if [ "$got" = "$want" ]; then
		tap_ok "found: $name"
	else
		tap_not_ok "found: $name"
		echo "got '$got', want '$want'" | tap_comment
	fi
}

installed=$(env -u EVENTC_DATADIR "$driver" --path 2>/dev/null)
case $installed in
*/share/eventc/alarms.yaml)
	for n in "installed" "build tree" "source tree"; do
		tap_ok "found: $n # SKIP an installed $installed is found first"
	done ;;
*)
	found_at "installed (bin/../share/eventc)" "$work/inst/bin/alarms-test" "$work/inst/bin/../share/eventc/alarms.yaml"
	found_at "in-tree build (./templates)" "$work/top/alarms-test" "$work/top/templates/alarms.yaml"
	found_at "source tree (tests/../templates)" "$work/src/tests/alarms-test" "$work/src/tests/../templates/alarms.yaml" ;;
esac

tap_plan "$tap_count"
tap_done
