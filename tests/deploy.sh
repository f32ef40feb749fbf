#!/bin/bash
# deploy.sh - what a real deployment needs beyond what the schemas check,
# asserted in both outputs of the reference pattern (CloudFormation per
# environment, the one Terraform module and its tfvars):
#   - a subscription of a queue to a topic waits for the queue policy that
#     lets the topic send (DependsOn / depends_on), and no DependsOn is
#     written where a reference orders them already.
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

tap_plan "$tap_count"
tap_done
