#!/bin/bash
# delivery.sh - the delivery rules of issue 9, each asserted in both
# outputs (the CloudFormation templates and the Terraform module) by
# tests/delivery.py:
#   - nothing is lost without a trace: the audit rule's target has a
#     dead-letter queue and a retry policy, a bus under a customer-managed
#     key has a DeadLetterConfig, every SNS subscription a redrive policy,
#     a function SNS invokes a dead-letter queue its role may send to;
#     each queue lets only its service send, for its source, denies
#     requests without TLS, is under the pattern's key and named within
#     SQS's 80 characters; each dead-letter queue has an alarm on a
#     single message; an audit stream logs its delivery errors;
#   - a function finds what it publishes to and writes: TOPIC_<NAME>_ARN
#     and TABLE_<NAME>_NAME, unless its environment names them already;
#   - a queue that other queues name as their DLQ (issue 14) lets exactly
#     them redrive to it, and is watched like every DLQ.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# each build's Terraform module is parsed (hcl2json) once, for all its facts
export EVENTC_HCL_CACHE="$work/hcl-cache"
check="$top_srcdir/tests/delivery.py"

# build NAME FILE: both outputs of FILE into $work/NAME
build() {
	if eventc_run build -t cloudformation -t terraform -o "$work/$1" "$2" >"$work/$1.err" 2>&1; then
		tap_ok "$1: builds"
	else
		tap_not_ok "$1: builds"
		tap_comment <"$work/$1.err"
	fi
}

# fact NAME ENV CHECK ARGS...: delivery.py CHECK on the build NAME
fact() {
	local name=$1 env=$2 what=$3
	shift 3
	if python3 "$check" "$what" "$work/$name" "$env" "$@" >"$work/fact" 2>&1; then
		tap_ok "$name ($env): $(tail -n 1 "$work/fact")"
	else
		tap_not_ok "$name ($env): $what $*"
		tap_comment <"$work/fact"
	fi
}

# long names, a bus under the pattern's key with an audit trail, a FIFO
# topic, a function that a topic invokes
mkdir -p "$work/src"
echo 'def h(event, context): pass' >"$work/src/h.py"
long=worker-with-a-long-name-that-goes-on-and-on-and-on-and-on
cat >"$work/lossy.ev" <<PAT
pattern lossy-delivery-with-a-rather-long-pattern-name { tenant = "acme-corporation-tenant" region = "us-east-1" }
environment dev { }
key main { rotation = true }
bus plain-bus-with-an-exceedingly-long-name-to-stretch-queue-names { audit { } }
queue fifo-sink { fifo = true }
topic ordered { fifo = true subscribe queue fifo-sink }
table jobs { key { pk = string } }
function $long {
  runtime = "python3.12" handler = "h.h" code = "src"
  publishes ordered
  writes jobs
}
function named {
  runtime = "python3.12" handler = "h.h" code = "src"
  environment = { OUT = topic.ordered.arn, STORE = table.jobs.name }
  publishes ordered
  writes jobs
}
topic notices-for-the-worker-with-a-name-that-is-very-long-indeed {
  subscribe function $long
  subscribe email "ops@example.com"
}
PAT

tap_plan 40
build reference "$top_srcdir/patterns/event-driven.ev"
build payments "$top_srcdir/patterns/payments.ev"
build lossy "$work/lossy.ev"
build sources "$top_srcdir/tests/tf-validate/sources.ev"
build dataq "$top_srcdir/tests/tf-validate/data-queues.ev"
build schedules "$top_srcdir/tests/tf-validate/schedules.ev"

# 6. events that cannot be lost without anyone knowing
fact reference prod audit-dlq
fact lossy dev audit-dlq
fact reference prod bus-dlq orders no
fact lossy dev bus-dlq plain-bus-with-an-exceedingly-long-name-to-stretch-queue-names yes
fact reference prod sns-dlq
fact payments prod sns-dlq
fact lossy dev sns-dlq
fact reference prod function-dlq notify-customer
fact lossy dev function-dlq "$long"
fact reference prod queues MainKey
fact payments prod queues
fact lossy dev queues MainKey
fact reference prod dlq-alarms
fact reference prod audit-log
fact lossy dev audit-log
fact payments prod dlq-alarms
fact lossy dev dlq-alarms
# schedules: every schedule's failed invocations kept (a DLQ that names a
# queue of the pattern is watched as that queue is, as for rule targets)
fact schedules prod queues MainKey
fact schedules prod schedule-dlq

# stream sources' on-failure destinations and asynchronous invocations'
# destinations, each reachable by the function's role; the async DLQ
fact sources dev source-failure record-changes queue stream-failures
fact sources dev source-failure count-clicks topic click-failures
fact sources dev async notify on_success:bus:b on_failure:queue:async-failures
fact sources dev function-dlq notify
fact sources dev dlq-alarms

# 11. a function finds what it publishes to and writes
fact reference prod env process-order TOPIC_ORDER_EVENTS_ARN order-events arn
fact reference prod no-env process-order TABLE_ORDER_STATE_NAME
fact lossy dev env "$long" TOPIC_ORDERED_ARN ordered arn
fact lossy dev env "$long" TABLE_JOBS_NAME jobs name
fact lossy dev no-env named TOPIC_ORDERED_ARN
fact lossy dev no-env named TABLE_JOBS_NAME

# issue 14: shared and named dead-letter queues
fact dataq dev redrive-allow shared-dlq billing shipping
fact dataq prod redrive-allow orders-failed orders
fact dataq prod dlq-alarms
fact dataq prod queues MainKey

tap_done
