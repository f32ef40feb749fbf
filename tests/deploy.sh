#!/bin/bash
# deploy.sh - what a real deployment needs beyond what the schemas check,
# asserted in both outputs of the reference pattern (CloudFormation per
# environment, the one Terraform module and its tfvars):
#   - a subscription of a queue to a topic waits for the queue policy that
#     lets the topic send (DependsOn / depends_on), and no DependsOn is
#     written where a reference orders them already;
#   - every stateful resource (keys, buckets, queues, tables, log groups)
#     says what a stack's deletion and a replacement do to its data: kept
#     in the environments that keep data (prod and production, or those
#     EVENTC_KEEP_DATA names), deleted elsewhere; tables refuse deletion
#     where the data is kept; Terraform's prevent_destroy wherever one
#     environment keeps it.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

# facts NAME OUT: runs the Python check on standard input over build OUT;
# its last line is the case's name
facts() {
	local name=$1
	shift
	if python3 - "$@" >facts.out 2>&1; then
		tap_ok "$name: $(tail -n 1 facts.out)"
	else
		tap_not_ok "$name"
		tap_comment <facts.out
	fi
}

# The Python side: templates and the module's resource blocks.
cat >lib.py <<'PY'
import json, re, sys

def template(out, env):
    return json.load(open(f"{out}/{env}/cloudformation/template.json"))["Resources"]

def blocks(out, pattern):
    """{(type, name): body text} of the module's resource blocks."""
    text = open(f"{out}/terraform/components/terraform/{pattern}/main.tf").read()
    found = {}
    for m in re.finditer(r'^resource "([^"]+)" "([^"]+)" \{\n', text, re.M):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        found[(m.group(1), m.group(2))] = text[m.end():i - 1]
    return found

def tfvars(out, env):
    return open(f"{out}/terraform/envs/{env}.tfvars").read()
PY
export PYTHONPATH=$work PYTHONDONTWRITEBYTECODE=1

ref=ref
if eventc_run build -o "$ref" "$top_srcdir/patterns/event-driven.ev" >build.out 2>&1; then
	tap_ok "reference: builds"
else
	tap_not_ok "reference: builds"
	tap_comment <build.out
fi

# ---- SNS to SQS: the subscription waits for the queue's policy ----
facts "sns to sqs" "$ref" <<'PY'
import re, sys
from lib import *
out = sys.argv[1]
for env in ("dev", "staging", "prod"):
    t = template(out, env)
    subs = {k: v for k, v in t.items() if v["Type"] == "AWS::SNS::Subscription"}
    for k, v in subs.items():
        if v["Properties"]["Protocol"] != "sqs":
            assert "DependsOn" not in v, (env, k)
            continue
        q = v["Properties"]["Endpoint"]["Fn::GetAtt"][0]
        pol = q + "Policy"
        assert t[pol]["Type"] == "AWS::SQS::QueuePolicy", (env, pol)
        assert v.get("DependsOn") == [pol], (env, k, v.get("DependsOn"))
        # the policy names the topic as the sender
        st = [s for s in t[pol]["Properties"]["PolicyDocument"]["Statement"]
              if s["Principal"] == {"Service": "sns.amazonaws.com"}]
        assert st and st[0]["Condition"]["ArnEquals"]["aws:SourceArn"] == v["Properties"]["TopicArn"], (env, st)
b = blocks(out, "orders")
n = 0
for (ty, name), body in b.items():
    if ty != "aws_sns_topic_subscription":
        continue
    if re.search(r'protocol\s*=\s*"sqs"', body):
        q = re.search(r"endpoint\s*=\s*aws_sqs_queue\.(\w+)\.arn", body).group(1)
        assert re.search(r"depends_on\s*=\s*\[aws_sqs_queue_policy\.%s\]" % q, body), (name, body)
        assert ("aws_sqs_queue_policy", q) in b, q
        n += 1
    else:
        assert "depends_on" not in body, name
assert n == 1, n
print("each queue subscription waits for its queue policy, in CloudFormation and Terraform")
PY

# ---- data kept when a stack goes ----
cat >keep.py <<'PY'
import re, sys
from lib import *
STATEFUL = {"AWS::KMS::Key": "aws_kms_key", "AWS::S3::Bucket": "aws_s3_bucket", "AWS::SQS::Queue": "aws_sqs_queue",
            "AWS::DynamoDB::Table": "aws_dynamodb_table", "AWS::Logs::LogGroup": "aws_cloudwatch_log_group"}
out, kept = sys.argv[1], sys.argv[2].split(",") if sys.argv[2] else []
n = None
for env in ("dev", "staging", "prod"):
    t = template(out, env)
    want = "Retain" if env in kept else "Delete"
    found = 0
    for k, v in t.items():
        if v["Type"] in STATEFUL:
            found += 1
            assert v.get("DeletionPolicy") == want and v.get("UpdateReplacePolicy") == want, (env, k, v.get("DeletionPolicy"))
            if v["Type"] == "AWS::DynamoDB::Table":
                assert v["Properties"]["DeletionProtectionEnabled"] is (env in kept), (env, k)
        else:
            assert "DeletionPolicy" not in v and "UpdateReplacePolicy" not in v, (env, k)
    assert n in (None, found) and found >= 16, found
    n = found
b = blocks(out, "orders")
lives = {ty: 0 for ty in STATEFUL.values()}
for (ty, name), body in b.items():
    has = re.search(r"lifecycle \{\s*prevent_destroy = true\s*\}", body) is not None
    if ty in lives:
        lives[ty] += 1
        assert has == bool(kept), (ty, name)
    else:
        assert "lifecycle" not in body, (ty, name)
assert all(lives.values()), lives
dp = re.search(r"deletion_protection_enabled\s*=\s*(\S+)", b[("aws_dynamodb_table", "order_state")]).group(1)
if 0 < len(kept) < 3:
    assert dp == "var.order_state_deletion_protection", dp
    for env in ("dev", "staging", "prod"):
        v = re.search(r"^order_state_deletion_protection\s*=\s*(\w+)$", tfvars(out, env), re.M).group(1)
        assert v == ("true" if env in kept else "false"), (env, v)
else:
    assert dp == ("true" if kept else "false"), dp
print(f"{n} stateful resources: {'kept in ' + ', '.join(kept) if kept else 'deleted everywhere'}; "
      f"prevent_destroy {'on' if kept else 'off'} in the module")
PY
facts "data kept by default" "$ref" prod <keep.py
for keep in "" "dev,staging,prod" "staging,prod"; do
	rm -rf keep.out
	if ! EVENTC_KEEP_DATA=$keep eventc_run build -o keep.out "$top_srcdir/patterns/event-driven.ev" >build.out 2>&1; then
		tap_not_ok "EVENTC_KEEP_DATA='$keep': builds"
		tap_comment <build.out
		continue
	fi
	facts "EVENTC_KEEP_DATA='$keep'" keep.out "$keep" <keep.py
done

tap_plan "$tap_count"
tap_done
