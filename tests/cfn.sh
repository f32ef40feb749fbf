#!/bin/bash
# cfn.sh - the CloudFormation backend: golden templates of the reference
# pattern per environment (tests/cfn/event-driven.out/), every template of
# every pattern checked against AWS's resource schemas
# (../shared/tools/cfn-schema-check, through tests/cfn-schema-check) and
# for the backend's guarantees (tests/cfn-guarantees.py), YAML equal to
# JSON, the same bytes twice. EVENTC_REGEN=1 rewrites the goldens.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
# the code folder the generated patterns name (eventc hashes it)
mkdir -p "$work/src" && echo 'def h(e, c): return e' >"$work/src/h.py"
trap 'rm -rf "$work"' EXIT
shared=${EVENTC_SHARED:-$top_srcdir/../shared}
schema_check="$top_srcdir/tests/cfn-schema-check"
guarantees="$top_srcdir/tests/cfn-guarantees.py"

retention_of() { case $1 in dev) echo 7 ;; staging) echo 14 ;; prod) echo 90 ;; esac; }

# the reference, every environment, against its goldens
ref="$work/ref"
if eventc_run build -t cloudformation -o "$ref" "$top_srcdir/patterns/event-driven.ev" 2>"$work/err"; then
	tap_ok "reference: builds"
else
	tap_not_ok "reference: builds"
	tap_comment <"$work/err"
fi
want="$top_srcdir/tests/cfn/event-driven.out"
if [ "$EVENTC_REGEN" = 1 ]; then
	rm -rf "$want" && mkdir -p "$want" && cp -R "$ref"/. "$want"/
	tap_ok "reference: goldens regenerated"
elif diff -ru "$want" "$ref" >"$work/diff" 2>&1; then
	tap_ok "reference: templates match the goldens"
else
	tap_not_ok "reference: templates match the goldens"
	head -n 80 "$work/diff" | tap_comment
fi
for env in dev staging prod; do
	p=no
	[ "$env" = prod ] && p=yes
	if "$guarantees" "$ref/$env/cloudformation/template.json" --retention "$(retention_of $env)" \
		--provisioned $p >"$work/g" 2>&1; then
		tap_ok "reference $env: least privilege, KMS everywhere, retention $(retention_of $env), provisioned concurrency $p"
	else
		tap_not_ok "reference $env: guarantees"
		tap_comment <"$work/g"
	fi
done

# every pattern we ship or test with, every environment, through AWS's schemas
patterns=("$top_srcdir"/patterns/*.ev "$top_srcdir"/tests/asl/states.ev "$top_srcdir"/tests/tf-validate/loops.ev
	"$top_srcdir"/tests/tf-validate/buses.ev "$top_srcdir"/tests/tf-validate/sources.ev
	"$top_srcdir"/tests/tf-validate/data-queues.ev "$top_srcdir"/tests/tf-validate/pipes.ev
	"$top_srcdir"/tests/tf-validate/schedules.ev "$top_srcdir"/tests/tf-validate/fan-in.ev)
for f in "${patterns[@]}"; do
	name=$(basename "$f" .ev)
	out="$work/p-$name"
	if ! eventc_run build -t cloudformation -o "$out" "$f" 2>"$work/err"; then
		tap_not_ok "$name: builds"
		tap_comment <"$work/err"
		continue
	fi
	while IFS= read -r t; do
		env=$(basename "$(dirname "$(dirname "$t")")")
		if [ ! -x "$shared/tools/cfn-schema-check" ]; then
			tap_missing "$name $env: resource schemas" "$shared/tools/cfn-schema-check not found (EVENTC_SHARED)"
		elif CFN_SCHEMA_CHECK="$shared/tools/cfn-schema-check" "$schema_check" "$t" >"$work/s" 2>&1; then
			tap_ok "$name $env: every resource fits AWS's resource schema"
		else
			tap_not_ok "$name $env: resource schemas"
			head -n 40 "$work/s" | tap_comment
		fi
		if "$guarantees" "$t" >"$work/g" 2>&1; then
			tap_ok "$name $env: guarantees hold"
		else
			tap_not_ok "$name $env: guarantees"
			tap_comment <"$work/g"
		fi
	done < <(find "$out" -name template.json | sort)
done

# buses.ev: nothing created for the default and existing buses, and each
# environment's template with its own bus name, match values and endpoints
if python3 - "$work/p-buses" >"$work/b" 2>&1 <<'PY'
import json, sys
want = {
    "dev": ("partner-dev", ["eu-west-1"], 10, "dev-ops@example.com", "https://dev.example.com/hooks/orders"),
    "prod": ("partner-prod", ["eu-west-1", "us-east-1"], 1000, "ops@example.com", "https://example.com/hooks/orders"),
}
bad = []
for env, (bus, regions, low, email, url) in want.items():
    r = json.load(open(f"{sys.argv[1]}/{env}/cloudformation/template.json"))["Resources"]
    buses = sorted(k for k, v in r.items() if v["Type"] == "AWS::Events::EventBus")
    if buses != ["OrdersEventBus"]:
        bad.append(f"{env}: creates the buses {buses}")
    rules = {k: v["Properties"] for k, v in r.items() if v["Type"] == "AWS::Events::Rule"}
    got = (rules["NewUploadsRule"]["EventBusName"], rules["BigOrdersRule"]["EventBusName"],
           rules["FromCentralRule"]["EventBusName"])
    if got != ("default", bus, "arn:aws:events:eu-west-1:123456789012:event-bus/central"):
        bad.append(f"{env}: rules on {got}")
    d = rules["BigOrdersRule"]["EventPattern"]["detail"]
    if d["region"] != regions or d["amount"] != [{"numeric": [">=", low]}]:
        bad.append(f"{env}: big-orders matches {d}")
    ends = sorted(v["Properties"]["Endpoint"] for v in r.values()
                  if v["Type"] == "AWS::SNS::Subscription" and isinstance(v["Properties"]["Endpoint"], str))
    if ends != sorted([email, url]):
        bad.append(f"{env}: endpoints {ends}")
print("\n".join(bad) or "each environment's values")
sys.exit(1 if bad else 0)
PY
then
	tap_ok "buses: the default and existing buses created by no template, $(tail -n 1 "$work/b") in its template"
else
	tap_not_ok "buses: per-environment templates"
	tap_comment <"$work/b"
fi

# YAML says what JSON says
eventc_run build -t cloudformation -f yaml -o "$work/yaml" "$top_srcdir/patterns/event-driven.ev" 2>/dev/null
same=$(python3 - "$work/yaml" "$ref" <<'PY'
import json, sys, yaml
ok = True
for env in ("dev", "staging", "prod"):
    y = yaml.safe_load(open(f"{sys.argv[1]}/{env}/cloudformation/template.yaml"))
    j = json.load(open(f"{sys.argv[2]}/{env}/cloudformation/template.json"))
    ok = ok and y == j
print("yes" if ok else "no")
PY
)
[ "$same" = yes ] && tap_ok "--format yaml: the same template as JSON" \
	|| tap_not_ok "--format yaml: the same template as JSON"

eventc_run build -t cloudformation -o "$work/again" "$top_srcdir/patterns/event-driven.ev" 2>/dev/null
if diff -r "$ref" "$work/again" >/dev/null; then
	tap_ok "two builds give the same bytes"
else
	tap_not_ok "two builds give the same bytes"
fi

# A 1,000-stage chain (queue -> function -> next queue) is far past 500
# resources: it must build as a parent with nested stacks, each within
# CloudFormation's limits, every cross-stack value wired through the parent.
python3 - "$work/chain.ev" <<'PY'
import sys
out = ['pattern chain { tenant = "acme" region = "us-east-1" }', 'environment dev { mem = 256 }']
out += [f"queue q{i} {{ visibility_timeout = 60s }}" for i in range(1000)]
for i in range(1000):
    w = f" writes queue q{i + 1}" if i < 999 else ""
    out.append(f'function f{i} {{ runtime = "python3.12" handler = "h.h" code = "src" timeout = 10s '
               f'memory = env.mem\n consume q{i} {{ batch_size = 5 }}\n{w}\n}}')
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
if eventc_run build -t cloudformation -o "$work/chain" "$work/chain.ev" 2>"$work/err"; then
	tap_ok "1,000-stage chain: builds"
else
	tap_not_ok "1,000-stage chain: builds"
	head -n 20 "$work/err" | tap_comment
fi
if "$top_srcdir/tests/cfn-nested.py" "$work/chain/dev/cloudformation" 5000 >"$work/chk" 2>&1
then
	tap_ok "1,000-stage chain: $(tail -n 1 "$work/chk"), all within CloudFormation's quotas (500 resources, 200 parameters, 200 outputs, 1,000,000 bytes) and wired"
else
	tap_not_ok "1,000-stage chain: nested stacks within limits and wired"
	tap_comment <"$work/chk"
fi
bad=0
for t in "$work"/chain/dev/cloudformation/*.json; do
	"$guarantees" "$t" >"$work/g" 2>&1 || { bad=1; head -n 5 "$work/g" | tap_comment; }
done
[ "$bad" = 0 ] && tap_ok "1,000-stage chain: every nested template keeps the guarantees" \
	|| tap_not_ok "1,000-stage chain: every nested template keeps the guarantees"
if [ -x "$shared/tools/cfn-schema-check" ]; then
	ok=1
	for t in "$work"/chain/dev/cloudformation/stack-0[1-3].json; do
		CFN_SCHEMA_CHECK="$shared/tools/cfn-schema-check" "$schema_check" "$t" >>"$work/s" 2>&1 || ok=0
	done
	if [ "$ok" = 1 ]; then
		tap_ok "1,000-stage chain: nested templates fit AWS's resource schemas"
	else
		tap_not_ok "1,000-stage chain: nested templates fit AWS's resource schemas"
		head -n 20 "$work/s" | tap_comment
	fi
else
	tap_missing "1,000-stage chain: nested templates fit AWS's resource schemas" \
		"$shared/tools/cfn-schema-check not found (EVENTC_SHARED)"
fi

# Few resources, many bytes: four workflows of 1,500 states each are far
# under 500 resources but past 1,000,000 bytes in one template, so the
# template is made whole, found too large, and split. The documents the
# whole attempt made are gone with it; the split must make its own (it
# once found the freed ones: free(): invalid size).
python3 - "$work/wide.ev" <<'PY'
import sys
out = ['pattern wide { tenant = "acme" region = "us-east-1" }', 'environment dev { }']
for w in range(4):
    out.append(f'workflow long-{w} {{')
    for i in range(1500):
        nxt = f"s{i + 1}" if i + 1 < 1500 else "done"
        out.append(f'  pass s{i} {{ result = {{ step = "step {i} of workflow {w}, a long one", n = {i} }} -> {nxt} }}')
    out.append('  succeed done\n}')
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
if eventc_run build -t cloudformation -o "$work/wide" "$work/wide.ev" 2>"$work/err" &&
	python3 - "$work/wide/dev/cloudformation" >"$work/chk" 2>&1 <<'PY'
import glob, json, os, sys
d = sys.argv[1]
bad, machines, names = [], 0, glob.glob(os.path.join(d, "*.json"))
for f in names:
    if os.path.getsize(f) > 1000000:
        bad.append(f"{os.path.basename(f)}: {os.path.getsize(f)} bytes, past CloudFormation's 1,000,000")
    for r in json.load(open(f))["Resources"].values():
        if r["Type"] == "AWS::StepFunctions::StateMachine":
            machines += 1
            if len(r["Properties"]["Definition"]["States"]) != 1501:
                bad.append(f"{os.path.basename(f)}: a definition of {len(r['Properties']['Definition']['States'])} states")
if len(names) < 3 or machines != 4:
    bad.append(f"{len(names)} templates, {machines} state machines")
print("\n".join(bad) or f"{len(names) - 1} nested stacks, 4 state machines of 1,501 states, each template within 1,000,000 bytes")
sys.exit(1 if bad else 0)
PY
then
	tap_ok "few resources, many bytes: $(tail -n 1 "$work/chk")"
else
	tap_not_ok "few resources, many bytes: the whole template too large, split"
	head -n 20 "$work/err" "$work/chk" 2>/dev/null | tap_comment
fi

# One workflow whose definition alone cannot fit a template: `check`
# refuses it (E0616), as the build would have to, and the build writes
# nothing.
python3 - "$work/huge.ev" <<'PY'
import sys
out = ['pattern huge { tenant = "acme" region = "us-east-1" }', 'environment dev { }', 'workflow huge {']
for i in range(4000):
    out.append(f'  pass s{i} {{ result = {{ step = "step {i} of a workflow far too long", n = {i} }} -> s{i + 1} }}')
out.append('  succeed s4000\n}')
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
eventc_run check "$work/huge.ev" >/dev/null 2>"$work/err"
rc=$?
eventc_run build -o "$work/huge" "$work/huge.ev" >/dev/null 2>"$work/err2"
rc2=$?
if [ $rc = 1 ] && grep -q "huge.ev:3:10: error\[E0616\]: workflow 'huge' has a definition of [0-9]* bytes" "$work/err" &&
	[ $rc2 = 1 ] && grep -q 'error\[E0616\]' "$work/err2" && [ ! -e "$work/huge" ]; then
	tap_ok "a definition too large for any template: check and build refuse it (E0616), nothing written"
else
	tap_not_ok "a definition too large for any template: E0616 (check exit $rc, build exit $rc2)"
	cat "$work/err" "$work/err2" | head -n 20 | tap_comment
fi

# check and build of pattern $1 both refuse it with $3 (a grep pattern,
# in $work/err and $work/err2), build writing nothing to $2: what check
# refuses, build refuses
refused_alike() {
	eventc_run check "$1" >/dev/null 2>"$work/err"
	local rc=$?
	eventc_run build -o "$2" "$1" >/dev/null 2>"$work/err2"
	local rc2=$?
	[ $rc = 1 ] && grep -q "$3" "$work/err" && [ $rc2 = 1 ] && grep -q "$3" "$work/err2" && [ ! -e "$2" ]
}

# One function granted 150 queues: a statement each would take its role's
# policy past the 10,240 characters IAM allows, so past ten statements of
# the same actions the plan makes them one that lists their resources; the
# template, past 500 resources, splits into nested stacks within
# CloudFormation's quotas, the role's stack importing the 150 ARNs. At 175
# queues even the list is past IAM's limit (E0617, found in the plan):
# check and build refuse it and write nothing.
grants() {
	python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[2])
out = ['pattern grants { tenant = "acme" region = "us-east-1" }', 'environment dev { }']
out += [f'queue q{i} {{ }}' for i in range(n)]
out.append('function f { runtime = "python3.12" handler = "app.handler" code = "src"')
out += [f'  writes q{i}' for i in range(n)]
out.append('}')
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
}
grants "$work/grants.ev" 150
grants "$work/grants175.ev" 175
mkdir -p "$work/src" && echo 'def handler(e, c): return e' >"$work/src/app.py"
eventc_run check "$work/grants.ev" >/dev/null 2>"$work/err"
rc=$?
eventc_run build -t cloudformation -o "$work/grants" "$work/grants.ev" >/dev/null 2>"$work/err2"
rc2=$?
d="$work/grants/dev/cloudformation"
if [ $rc = 0 ] && [ $rc2 = 0 ] && "$top_srcdir/tests/cfn-nested.py" "$d" 600 >"$work/chk" 2>&1 &&
	python3 - "$d" >>"$work/chk" 2>&1 <<'PY'
import glob, json, sys
for f in glob.glob(f"{sys.argv[1]}/stack-*.json"):
    role = json.load(open(f))["Resources"].get("FFunctionRole")
    if role:
        break
st = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
send = [s for s in st if s["Action"] == ["sqs:SendMessage"]]
if len(send) != 1 or send[0]["Sid"] != "WriteQ0QueueAnd149More" or len(send[0]["Resource"]) != 150:
    sys.exit(f"sqs:SendMessage in {len(send)} statements: {[s['Sid'] for s in send][:3]}")
print(f"{len(st)} statements, {send[0]['Sid']} of {len(send[0]['Resource'])} queues")
PY
then
	bad=0
	for t in "$d"/*.json; do
		"$guarantees" "$t" >"$work/g" 2>&1 || { bad=1; head -n 5 "$work/g" | tap_comment; }
	done
	[ "$bad" = 0 ] && tap_ok "a role granted 150 queues builds: $(tr '\n' ' ' <"$work/chk")" \
		|| tap_not_ok "a role granted 150 queues: every nested template keeps the guarantees"
else
	tap_not_ok "a role granted 150 queues: check (exit $rc), build (exit $rc2), nested stacks and one statement"
	cat "$work/err" "$work/err2" "$work/chk" | head -n 20 | tap_comment
fi
said="grants175.ev:178:10: error\[E0617\]: the permissions of function 'f' take a role policy past the 10,240 characters IAM allows"
if refused_alike "$work/grants175.ev" "$work/grants175" "$said" && ! grep -q E0610 "$work/err" "$work/err2"; then
	tap_ok "a role granted 175 queues: check refuses it as build does (E0617), nothing written"
else
	tap_not_ok "a role granted 175 queues: E0617 from check and build, nothing written"
	cat "$work/err" "$work/err2" | head -n 20 | tap_comment
fi

# A split's look counts a document written as a string (a schedule's
# input, the dashboard's body) without making it: each of its strings is
# escaped twice, once in the document's JSON and once in the template.
# Sanitizer and valgrind builds make every resource too and abort where
# the count differs (check_look in cfn_split.c); here, the input keeps
# every byte through both escapes in both environments.
grants "$work/docs.ev" 130
cat >>"$work/docs.ev" <<'EOF'
environment prod { }
schedule tricky {
  rate = 1h
  target function f {
    input = { quote = "say \"hi\"", back = "a\\b", line = "one\ntwo\tthree", dollar = "$${a.b} $x $${!y}", uni = "caf\u00e9 ✓", n = 42, neg = -7, yes = true, no = false, list = [1, "two", { three = 3 }], empty = {}, none = [] }
  }
}
EOF
eventc_run check "$work/docs.ev" >/dev/null 2>"$work/err"
rc=$?
eventc_run build -t cloudformation -o "$work/docs" "$work/docs.ev" >/dev/null 2>"$work/err2"
rc2=$?
if [ $rc = 0 ] && [ $rc2 = 0 ] && python3 - "$work/docs" >"$work/chk" 2>&1 <<'PY'
import glob, json, sys
want = {"quote": 'say "hi"', "back": "a\\b", "line": "one\ntwo\tthree", "dollar": "${a.b} $x ${!y}",
        "uni": "caf\u00e9 \u2713", "n": 42, "neg": -7, "yes": True, "no": False,
        "list": [1, "two", {"three": 3}], "empty": {}, "none": []}
for env in ("dev", "prod"):
    files = glob.glob(f"{sys.argv[1]}/{env}/cloudformation/*.json")
    got = [json.loads(r["Properties"]["Target"]["Input"]) for f in files
           for r in json.load(open(f))["Resources"].values() if r["Type"] == "AWS::Scheduler::Schedule"]
    if len(files) < 3 or got != [want]:
        sys.exit(f"{env}: {len(files)} templates, inputs {got}")
print("split, the input intact in dev and prod")
PY
then
	tap_ok "a document counted by the split's look: $(tail -n 1 "$work/chk")"
else
	tap_not_ok "a document counted by the split's look: check (exit $rc), build (exit $rc2), the input intact"
	cat "$work/err" "$work/err2" "$work/chk" | head -n 20 | tap_comment
fi

# Rules into one queue: its policy names each rule's ARN, and SQS takes
# 8,192 bytes of a policy. 79 rules build, their policy under it once its
# references are resolved here by hand, from the template's names; 80
# pass it in prod, and check and build refuse them (E0618), nothing written.
fan_in() {
	python3 - "$1" "$2" <<'PY'
import sys
n, out = int(sys.argv[2]), ['pattern fanin { tenant = "acme" region = "us-east-1" }',
			    'environment dev { }', 'environment prod { }', 'bus orders { }', 'queue inbox { }']
out += [f'rule to-inbox-{i:03} on orders {{ match {{ source = ["com.acme.s{i:03}"] }} target queue inbox }}'
	for i in range(n)]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
}
fan_in "$work/fan79.ev" 79
fan_in "$work/fan80.ev" 80
eventc_run build -o "$work/fan79" "$work/fan79.ev" >/dev/null 2>"$work/err"
rc=$?
if [ $rc = 0 ] && python3 - "$work/fan79" >"$work/chk" 2>&1 <<'PY'
import json, sys
region, account = "us-east-1", "123456789012"
for env in ("dev", "prod"):
    res = json.load(open(f"{sys.argv[1]}/{env}/cloudformation/template.json"))["Resources"]
    def name(rid):
        key = {"AWS::SQS::Queue": "QueueName", "AWS::Events::Rule": "Name", "AWS::Events::EventBus": "Name"}
        return resolve(res[rid]["Properties"][key[res[rid]["Type"]]])
    def arn(rid):
        kind = res[rid]["Type"]
        if kind == "AWS::SQS::Queue":
            return f"arn:aws:sqs:{region}:{account}:{name(rid)}"
        bus = resolve(res[rid]["Properties"]["EventBusName"])
        return f"arn:aws:events:{region}:{account}:rule/{bus}/{name(rid)}"
    def resolve(v):
        if isinstance(v, list):
            return [resolve(x) for x in v]
        if not isinstance(v, dict):
            return v
        if "Fn::GetAtt" in v:
            rid, attr = v["Fn::GetAtt"]
            return arn(rid) if attr == "Arn" else name(rid)
        if "Ref" in v:
            return name(v["Ref"])
        return {k: resolve(x) for k, x in v.items()}
    doc = resolve(res["InboxQueuePolicy"]["Properties"]["PolicyDocument"])
    size = len(json.dumps(doc, separators=(",", ":")))
    arns = doc["Statement"][0]["Condition"]["ArnEquals"]["aws:SourceArn"]
    print(f"{env}: {size} bytes, {len(arns)} rules")
    if size > 8192 or size < 7800 or len(arns) != 79:
        sys.exit(1)
PY
then
	said="fan80.ev:5:7: error\[E0618\]: what sends to queue 'inbox' takes its policy past the 8,192 bytes SQS allows"
	if refused_alike "$work/fan80.ev" "$work/fan80" "$said" &&
		grep -q "at least 8235 bytes in environment 'prod'" "$work/err"; then
		tap_ok "79 rules into a queue build within SQS's 8,192-byte policy ($(tr '\n' ' ' <"$work/chk")); 80 are refused (E0618)"
	else
		tap_not_ok "80 rules into a queue: E0618 from check and build, nothing written"
		cat "$work/err" "$work/err2" | head -n 20 | tap_comment
	fi
else
	tap_not_ok "79 rules into a queue: build (exit $rc) and a policy within 8,192 bytes"
	cat "$work/err" "$work/chk" | head -n 20 | tap_comment
fi

# 320 rules into one topic: its policy's one statement names them all,
# past the 30 KB SNS takes (E0618 in the plan, before any split). 300 are
# within it; a policy that read each rule's ARN would need more than the
# 200 parameters of any nested stack, so past 150 sources the plan names
# them by ARNs made from their names, and the template splits.
topic_fan_in() {
	python3 - "$1" "$2" <<'PY'
import sys
out = ['pattern fanin { tenant = "acme" region = "us-east-1" }', 'environment dev { }', 'bus orders { }',
       'topic notices { subscribe email "ops@example.com" }']
out += [f'rule to-notices-{i:03} on orders {{ match {{ source = ["com.acme.n{i:03}"] }} target topic notices }}'
	for i in range(int(sys.argv[2]))]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
}
topic_fan_in "$work/topic320.ev" 320
topic_fan_in "$work/topic300.ev" 300
said="topic320.ev:4:7: error\[E0618\]: what sends to topic 'notices' takes its policy past the 30 KB SNS allows"
if refused_alike "$work/topic320.ev" "$work/topic320" "$said" && grep -q "at least 31519 bytes" "$work/err"; then
	tap_ok "320 rules into a topic: check refuses its policy as build does (E0618), nothing written"
else
	tap_not_ok "320 rules into a topic: E0618 from check and build, nothing written"
	cat "$work/err" "$work/err2" | head -n 20 | tap_comment
fi
d="$work/topic300/dev/cloudformation"
if eventc_run check "$work/topic300.ev" >/dev/null 2>"$work/err" &&
	eventc_run build -t cloudformation -o "$work/topic300" "$work/topic300.ev" >/dev/null 2>>"$work/err" &&
	"$top_srcdir/tests/cfn-nested.py" "$d" 1200 >"$work/chk" 2>&1 && python3 - "$d" >>"$work/chk" 2>&1 <<'PY'
import glob, json, sys
for f in glob.glob(f"{sys.argv[1]}/stack-*.json"):
    pol = json.load(open(f))["Resources"].get("NoticesTopicPolicy")
    if pol:
        break
arns = pol["Properties"]["PolicyDocument"]["Statement"][0]["Condition"]["ArnEquals"]["aws:SourceArn"]
subs = [a for a in arns if list(a) == ["Fn::Sub"] and ":rule/acme-dev-fanin-orders/acme-dev-fanin-to-notices-" in a["Fn::Sub"]]
if len(arns) != 300 or len(subs) != 300:
    sys.exit(f"{len(arns)} sources, {len(subs)} of them rule ARNs made from names")
print("the policy names 300 rules by ARN")
PY
then
	tap_ok "300 rules into a topic build: $(tr '\n' ' ' <"$work/chk")"
else
	tap_not_ok "300 rules into a topic: check, build, nested stacks and the policy's sources"
	cat "$work/err" "$work/chk" | head -n 20 | tap_comment
fi

# A connection's secrets are named, never written: in the templates every
# API key, password and client secret is a dynamic reference to the secret
# the pattern names, in the module a read of that secret
eventc_run build -o "$work/secrets" "$top_srcdir/tests/tf-validate/schedules.ev" 2>"$work/err"
if python3 - "$work/secrets" >"$work/chk" 2>&1 <<'PY'
import glob, json, re, sys
out = sys.argv[1]
want = {"ApiKeyValue": "{{resolve:secretsmanager:partner/api-key}}",
        "Password": "{{resolve:secretsmanager:partner/basic:SecretString:password}}",
        "ClientSecret": "{{resolve:secretsmanager:partner/oauth:SecretString:client_secret}}"}
seen = set()
def walk(node, path):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in want:
                if v != want[k]:
                    sys.exit("%s: %s is %r, not the dynamic reference %s" % (path, k, v, want[k]))
                seen.add(k)
            walk(v, path)
    elif isinstance(node, list):
        for v in node:
            walk(v, path)
for t in sorted(glob.glob(out + "/*/cloudformation/*.json")):
    walk(json.load(open(t)), t)
if seen != set(want):
    sys.exit("no %s in the templates" % sorted(set(want) - seen))
tf = open(glob.glob(out + "/terraform/components/terraform/*/main.tf")[0]).read()
# an API key's value, a password and a client secret (an OAuth body
# parameter's value is no secret: is_value_secret = false)
api_keys = "".join(re.findall(r"api_key\s*\{[^}]*\}", tf))
lines = re.findall(r"^\s*value\s*=.*$", api_keys, re.M) + re.findall(r"^\s*(?:password|client_secret)\s*=.*$", tf, re.M)
if len(lines) != 3:
    sys.exit("main.tf: %d secret arguments, not 3: %s" % (len(lines), lines))
for line in lines:
    if "data.aws_secretsmanager_secret_version." not in line:
        sys.exit("main.tf: %s" % line.strip())
for name in ("partner/api-key", "partner/basic", "partner/oauth"):
    if 'secret_id = "%s"' % name not in tf:
        sys.exit("main.tf reads no secret %s" % name)
print("3 connections: secrets as dynamic references and secret reads, never as text")
PY
then
	tap_ok "connections: $(tail -n 1 "$work/chk")"
else
	tap_not_ok "connections: secrets are referenced, never written"
	tap_comment <"$work/chk"
fi

tap_plan "$tap_count"
tap_done
