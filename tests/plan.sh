#!/bin/bash
# plan.sh - the resource plan: no fixed limits (70 keys in one template,
# 18 keys behind one function's grants, thousands of outputs), and what
# check accepts builds: values that differ between environments in a way
# that used to stop the Terraform module (a queue's delay, a wait's
# duration) build, with the difference as a variable of the module and
# each environment's value in CloudFormation and in its tfvars.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# the code folder the generated patterns name (eventc hashes it)
mkdir -p src && echo "def h(e, c): return e" >src/h.py

tap_plan 14

# check_and_build NAME FILE ARGS...: both exit 0
check_and_build() {
	local name=$1 file=$2
	shift 2
	if eventc_run check "$file" >check.out 2>&1 && eventc_run build -o "$name.out" "$@" "$file" >build.out 2>&1; then
		tap_ok "$name: check accepts it and build builds it"
	else
		tap_not_ok "$name: check accepts it and build builds it"
		tap_comment <check.out
		tap_comment <build.out
	fi
}

# ---- 70 keys: each key's policy lets EventBridge use it for its queue ----
{
	echo 'pattern keys { tenant = "acme" region = "us-east-1" }'
	echo 'environment dev {}'
	echo 'bus events {}'
	echo 'event Ping { source = "com.acme" detail { id string required } }'
	for i in $(seq 70); do
		echo "key k$i {}"
		echo "queue q$i { kms_key = k$i }"
		echo "rule r$i on events { match { source = [\"com.acme\"] } target queue q$i }"
	done
} >keys.ev
check_and_build keys keys.ev -t cloudformation -t terraform
if python3 - keys.out <<'PY' >keys.chk 2>&1; then
import glob, json, re, sys
t = {}
for f in glob.glob(sys.argv[1] + "/dev/cloudformation/*.json"):  # a parent and its nested stacks
    t.update(json.load(open(f))["Resources"])
keys = [k for k, v in t.items() if v["Type"] == "AWS::KMS::Key"]
assert len(keys) == 70, len(keys)
for k in keys:
    sids = [s["Sid"] for s in t[k]["Properties"]["KeyPolicy"]["Statement"]]
    # k1, the default key, is the bus's too
    bus = ["EventBridgeDescribesKey", "EventBridgeEncryptsBus"] if k == "K1Key" else []
    assert sids == ["AccountAdministersKey"] + bus + ["EventBridgeUsesKey"], (k, sids)
tf = open(sys.argv[1] + "/terraform/components/terraform/keys/main.tf").read()
n = len(re.findall(r'Sid *= "EventBridgeUsesKey"', tf))
assert n == 70, n
print("70 keys, each with its EventBridge statement in both outputs")
PY
	tap_ok "70 keys: $(tail -n 1 keys.chk)"
else
	tap_not_ok "70 keys: every key policy has its service statement"
	tap_comment <keys.chk
fi

# ---- 18 tables under 18 keys behind one function ----
{
	echo 'pattern grants { tenant = "acme" region = "us-east-1" }'
	echo 'environment dev {}'
	for i in $(seq 18); do
		echo "key k$i {}"
		echo "table t$i { key { pk = string } kms_key = k$i }"
	done
	printf 'function f {\n  runtime = "python3.12" handler = "h.h" code = "src"\n'
	for i in $(seq 18); do echo "  writes t$i"; done
	echo '}'
} >grants.ev
check_and_build grants grants.ev -t cloudformation -t terraform
if python3 - grants.out <<'PY' >grants.chk 2>&1; then
import json, re, sys
t = json.load(open(sys.argv[1] + "/dev/cloudformation/template.json"))["Resources"]
tables = [v for v in t.values() if v["Type"] == "AWS::DynamoDB::Table"]
keyed = {v["Properties"]["SSESpecification"]["KMSMasterKeyId"]["Fn::GetAtt"][0] for v in tables
         if "SSESpecification" in v["Properties"]}
assert len(keyed) == 18, ("tables under their own keys", len(keyed))
role = t["FFunctionRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
used = {s["Resource"][0]["Fn::GetAtt"][0] for s in role if s["Sid"].startswith("UseKey")}
assert used == keyed, ("CloudFormation grants", sorted(keyed - used))
tf = open(sys.argv[1] + "/terraform/components/terraform/grants/main.tf").read()
n = len(set(re.findall(r'Sid *= "UseKey(K[0-9]+)[A-Za-z]*"', tf)))  # one key, maybe one statement per service
assert n == 18, ("Terraform grants", n)
print("the role may use all 18 keys in both outputs")
PY
	tap_ok "18 keys behind one function: $(tail -n 1 grants.chk)"
else
	tap_not_ok "18 keys behind one function: grants on every key"
	tap_comment <grants.chk
fi

# ---- 2,100 chains: every Terraform output, and CloudFormation's 200 ----
python3 - chains.ev <<'PY'
import sys
out = ['pattern chains { tenant = "acme" region = "us-east-1" }', 'environment dev {}']
out += [f"queue q{i} {{}}" for i in range(2100)]
out += [f'function f{i} {{ runtime = "python3.12" handler = "h.h" code = "src" consume q{i} }}' for i in range(2100)]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
check_and_build chains chains.ev -t cloudformation -t terraform
n=$(grep -c '^output "' chains.out/terraform/components/terraform/chains/outputs.tf 2>/dev/null)
if [ "$n" = 4200 ]; then
	tap_ok "2,100 chains: all 4,200 outputs in outputs.tf"
else
	tap_not_ok "2,100 chains: all 4,200 outputs in outputs.tf (found ${n:-none})"
fi
if python3 - chains.out/dev/cloudformation/template.json <<'PY' >chains.chk 2>&1; then
import json, sys
t = json.load(open(sys.argv[1]))
assert len(t["Outputs"]) == 200, len(t["Outputs"])
assert any("first 200 of 4200" in n for n in t["Metadata"]["eventc"]["notes"]), t["Metadata"]["eventc"]["notes"]
print("CloudFormation keeps 200 outputs and says so")
PY
	tap_ok "2,100 chains: $(tail -n 1 chains.chk)"
else
	tap_not_ok "2,100 chains: CloudFormation keeps 200 outputs and says so"
	tap_comment <chains.chk
fi

# ---- a queue's delay that differs between environments ----
cat >delay.ev <<'EOF'
pattern delays { tenant = "acme" region = "us-east-1" }
environment dev { delay = 0s }
environment prod { delay = 5s }
queue q { delay = env.delay }
EOF
check_and_build delay delay.ev
mod=delay.out/terraform/components/terraform/delays
if grep -q 'delay_seconds *= var.q_delay_seconds' "$mod/main.tf" &&
	grep -A3 'variable "q_delay_seconds"' "$mod/variables.tf" | grep -q 'default *= null' &&
	grep -q 'q_delay_seconds *= 5' delay.out/terraform/envs/prod.tfvars &&
	! grep -q q_delay_seconds delay.out/terraform/envs/dev.tfvars &&
	grep -q '"DelaySeconds": 5' delay.out/prod/cloudformation/template.json &&
	! grep -q DelaySeconds delay.out/dev/cloudformation/template.json; then
	tap_ok "delay: a variable that defaults to null, 5 in prod, absent in dev, in both outputs"
else
	tap_not_ok "delay: a variable that defaults to null, 5 in prod, absent in dev, in both outputs"
	grep -n delay "$mod"/*.tf delay.out/terraform/envs/* 2>&1 | tap_comment
fi

# ---- a wait whose duration differs between environments ----
cat >wait.ev <<'EOF'
pattern waits { tenant = "acme" region = "us-east-1" }
environment dev { pause = 5s }
environment prod { pause = 60s }
workflow w {
  wait p { for = env.pause }
  succeed done
}
EOF
check_and_build wait wait.ev
mod=wait.out/terraform/components/terraform/waits
if grep -q '"Seconds": ${jsonencode(w_states_p_seconds)}' "$mod/workflows/w.asl.json.tftpl" &&
	grep -q 'w_states_p_seconds *= var.w_states_p_seconds' "$mod/main.tf" &&
	grep -q 'w_states_p_seconds *= 60' wait.out/terraform/envs/prod.tfvars &&
	grep -q 'w_states_p_seconds *= 5' wait.out/terraform/envs/dev.tfvars &&
	grep -q '"Seconds": 60' wait.out/prod/stepfunctions/w.asl.json &&
	grep -q '"Seconds": 5' wait.out/dev/stepfunctions/w.asl.json; then
	tap_ok "wait: the template takes the duration from a variable; each environment's ASL has its own"
else
	tap_not_ok "wait: the template takes the duration from a variable; each environment's ASL has its own"
	cat "$mod/workflows/w.asl.json.tftpl" 2>&1 | tap_comment
fi

# ---- resources of one environment only: a function's version is named for
# its code, and each environment has its own code folder, so each has a
# version the other lacks (the merge keeps them from that environment's
# plan, whose arena it frees: an ID it did not copy was read after the
# free, which the sanitizer build reports) ----
mkdir -p code-dev code-prod
echo "def h(e, c): return 1" >code-dev/h.py
echo "def h(e, c): return 2" >code-prod/h.py
cat >own.ev <<'EOF'
pattern own { tenant = "acme" region = "us-east-1" }
environment dev { code = "code-dev" }
environment prod { code = "code-prod" }
function work {
  runtime = "python3.12"
  handler = "h.h"
  code = env.code
  provisioned_concurrency = 1
}
EOF
check_and_build own own.ev
if python3 - own.out <<'PY' >own.chk 2>&1; then
import json, sys
ids = {}
for env in ("dev", "prod"):
    t = json.load(open(f"{sys.argv[1]}/{env}/cloudformation/template.json"))["Resources"]
    versions = [k for k, v in t.items() if v["Type"] == "AWS::Lambda::Version"]
    assert len(versions) == 1, (env, versions)
    alias = [v for v in t.values() if v["Type"] == "AWS::Lambda::Alias"][0]
    assert alias["Properties"]["FunctionVersion"] == {"Fn::GetAtt": [versions[0], "Version"]}, alias
    ids[env] = versions[0]
assert ids["dev"] != ids["prod"], ids
print(ids)
PY
	tap_ok "own: each environment's template has its own version, named for its code, and its alias serves it"
else
	tap_not_ok "own: each environment's template has its own version, named for its code, and its alias serves it"
	tap_comment <own.chk
fi

# ---- an alarm override that names no default: check reports it too ----
cat >override.ev <<'EOF'
pattern overrides { tenant = "acme" region = "us-east-1" }
environment dev {}
queue q {}
alarms { queue-dept { threshold = 5 } }
EOF
eventc_run check override.ev >override.out 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'override.ev:4:[0-9]*: error\[' override.out; then
	tap_ok "an alarm override of no default: check reports it at its name, as build does"
else
	tap_not_ok "an alarm override of no default: check reports it at its name, as build does (exit $rc)"
	tap_comment <override.out
fi

tap_done
