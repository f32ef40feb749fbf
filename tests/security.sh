#!/bin/bash
# security.sh - the security rules of issue 9, each asserted in both
# outputs (the CloudFormation templates and the Terraform module) by
# tests/security.py: a bus with schema discovery stays on the AWS-owned
# key while its archive keeps the pattern's; key policies scoped to what
# uses the key; trust policies with aws:SourceAccount and aws:SourceArn;
# roles' KMS statements with kms:ViaService or an encryption context;
# queues and topics that deny requests without TLS; a table's readers
# granted its indexes by exact ARN, its writers the table only (issue 14).
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# each build's Terraform module is parsed (hcl2json) once, for all its facts
export EVENTC_HCL_CACHE="$work/hcl-cache"
check="$top_srcdir/tests/security.py"

# build NAME FILE: both outputs of FILE into $work/NAME
build() {
	if eventc_run build -t cloudformation -t terraform -o "$work/$1" "$2" >"$work/$1.err" 2>&1; then
		tap_ok "$1: builds"
	else
		tap_not_ok "$1: builds"
		tap_comment <"$work/$1.err"
	fi
}

# fact NAME ENV CHECK ARGS...: security.py CHECK on the build NAME
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

# a bus without schema discovery keeps its key
cat >"$work/keyed.ev" <<'PAT'
pattern keyed { tenant = "acme" region = "us-east-1" }
environment dev { }
bus plain { archive { retention = 30d } }
bus discovered { schema_discovery = true archive { retention = 30d } }
PAT

# a function that starts a workflow, a workflow that starts one (.sync)
# the code folder its functions name (check wants it there)
mkdir -p "$work/src" && echo 'def h(event, context): return None' >"$work/src/h.py"
cat >"$work/starter.ev" <<'PAT'
pattern starter { tenant = "acme" region = "us-east-1" }
environment dev { }
workflow child {
  pass hello { end }
}
workflow parent {
  task run-child { start workflow child sync }
}
function kick {
  runtime = "python3.12" handler = "h.h" code = "src"
  starts child
}
PAT

# buses the pattern does not create: the default one and existing ones,
# which rules and a function put events on by their ARNs
cat >"$work/existing.ev" <<'PAT'
pattern existing { tenant = "acme" region = "us-east-1" }
environment dev { }
bus orders { }
bus partner { existing = "partner-bus" }
bus central { existing = "arn:aws:events:eu-west-1:123456789012:event-bus/central" }
queue q { }
function relay {
  runtime = "python3.12" handler = "h.h" code = "src"
  writes bus partner
  writes bus central
}
rule uploads on default {
  match { source = ["aws.s3"] }
  target bus partner
  target bus orders
}
rule from-partner on partner {
  match { source = ["com.partner"] }
  target bus central
}
PAT

# the code folder kick names (a missing one is E0307)
mkdir -p "$work/src" && printf 'def h(event, context):\n    return event\n' >"$work/src/h.py"

tap_plan 61
build reference "$top_srcdir/patterns/event-driven.ev"
build payments "$top_srcdir/patterns/payments.ev"
build keyed "$work/keyed.ev"
build inventory "$top_srcdir/patterns/inventory.ev"
build starter "$work/starter.ev"
build existing "$work/existing.ev"

# existing buses and the default bus: nothing created for them, and
# events:PutEvents on each one's ARN, built from its name or as given
fact existing dev buses-created orders
fact existing dev put-events relay ":event-bus/partner-bus" "arn:aws:events:eu-west-1:123456789012:event-bus/central"
fact existing dev put-events uploadsrule ":event-bus/partner-bus" "OrdersEventBus.Arn"
fact existing dev trust

build sources "$top_srcdir/tests/tf-validate/sources.ev"

build dataq "$top_srcdir/tests/tf-validate/data-queues.ev"

build pipes "$top_srcdir/tests/tf-validate/pipes.ev"

build schedules "$top_srcdir/tests/tf-validate/schedules.ev"

# 1. schema discovery: the bus stays on the AWS-owned key, its archive does not
fact reference prod bus-key orders no
fact payments prod bus-key payments no
fact keyed dev bus-key plain yes
fact keyed dev bus-key discovered no

# 3. the key policy: every service statement scoped to what uses the key;
# EventBridge may DescribeKey a bus's or archive's key and re-encrypt an
# archive; log delivery decrypts an encrypted state machine's logs; who
# starts an execution encrypts its input under the workflow's context
fact reference prod key-policy
fact payments prod key-policy
fact inventory prod key-policy
fact keyed dev key-policy
fact keyed dev key-statement EventBridgeDescribesKey kms:DescribeKey
fact keyed dev key-statement EventBridgeEncryptsBus kms:Decrypt kms:GenerateDataKey
fact reference prod key-statement EventBridgeEncryptsArchive kms:Decrypt kms:GenerateDataKey kms:ReEncryptFrom kms:ReEncryptTo
fact reference prod key-statement LogDeliveryUsesKey kms:Decrypt
fact reference prod role-kms largeorderrule kms:EncryptionContext:aws:states:stateMachineArn kms:GenerateDataKey
fact starter dev role-kms kick kms:EncryptionContext:aws:states:stateMachineArn kms:GenerateDataKey
fact starter dev role-kms parent kms:EncryptionContext:aws:states:stateMachineArn kms:Decrypt
fact reference prod role-kms fulfilorder kms:EncryptionContext:SourceArn kms:GenerateDataKey

# 8. the trust policies of roles that EventBridge, Step Functions and
# Firehose assume name the rule, state machine or stream (aws:SourceArn)
# and the account (aws:SourceAccount)
fact reference prod trust
fact payments prod trust
fact inventory prod trust
fact starter dev trust
fact pipes dev trust

fact schedules prod trust

# 9. every KMS statement of a role names the service it goes through
# (kms:ViaService) or the encryption context of what it serves
fact reference prod role-kms-scoped
fact payments prod role-kms-scoped
fact inventory prod role-kms-scoped
fact starter dev role-kms-scoped
fact pipes prod role-kms-scoped

# pipes: a role of its own per pipe, trusting pipes.amazonaws.com for that
# pipe (the Pipes user guide's confused-deputy advice), naming every resource
fact pipes prod pipe-roles 6

fact schedules prod role-kms-scoped

# 11. a schedule's role does its target's one action (and sends to its
# DLQ); a rule's role invokes its API destinations and nothing else
fact schedules prod role-actions nightlyreportschedule lambda:InvokeFunction sqs:SendMessage
fact schedules prod role-actions everyfiveschedule sqs:SendMessage
fact schedules prod role-actions onceschedule states:StartExecution sqs:SendMessage
fact schedules prod role-actions puteventschedule events:PutEvents sqs:SendMessage
fact schedules prod role-actions pingschedule sns:Publish sqs:SendMessage
fact schedules prod role-actions forwardrule events:InvokeApiDestination

# 10. every queue, dead-letter queue and topic denies requests without TLS
fact reference prod tls
fact payments prod tls
fact inventory prod tls
fact schedules prod tls

# 11. stream sources: the consumer's role reads the table's stream or the
# Kinesis stream on its ARN only, and decrypts through that service
fact sources dev source-read record-changes OrderStateTable.StreamArn aws_dynamodb_table.order_state.stream_arn dynamodb
fact sources dev source-read count-clicks ClicksStream.Arn aws_kinesis_stream.clicks.arn kinesis
fact sources dev role-kms-scoped

# the audit buckets' server access logs (cdk-nag's AwsSolutions-S1)
fact reference prod access-logs
fact inventory prod access-logs

# issue 14: a table's readers get its indexes by exact ARN, its writers
# the table only; the FIFO, shared-DLQ and provisioned-table pattern keeps
# the rules above
fact dataq dev table-access work order-state by-customer by-created
fact dataq prod tls
fact dataq prod role-kms-scoped

tap_done
