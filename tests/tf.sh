#!/bin/bash
# tf.sh - the Terraform backend: golden module, stacks and workflows of the
# reference (tests/tf/event-driven.out/); every generated .tf parsed by
# HCL's own parser and checked against the hashicorp/aws schema
# (tests/tf-check.py); every YAML file parsed back and checked against
# Atmos's schemas (tests/atmos-check.py); CloudFormation and Terraform
# compared component by component (tests/equivalence.py); each
# environment's values in its stack; strings escaped. EVENTC_REGEN=1
# rewrites the goldens.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shared=${EVENTC_SHARED:-$top_srcdir/../shared}
validators=${EVENTC_VALIDATORS:-$top_srcdir/tests/validators}
have_validators=no
[ -d "$validators/node_modules/@cdktf/hcl2json" ] && [ -d "$validators/node_modules/@cdktf/provider-aws" ] &&
	have_validators=yes

# needs_validators NAME: ok/skip/fail when the npm validators are missing
needs_validators() {
	[ "$have_validators" = yes ] && return 0
	tap_missing "$1" "validators not installed (npm ci in tests/validators)"
	return 1
}

ref="$work/ref"
if eventc_run build -o "$ref" "$top_srcdir/patterns/event-driven.ev" 2>"$work/err"; then
	tap_ok "reference: builds"
else
	tap_not_ok "reference: builds"
	tap_comment <"$work/err"
fi
tf="$ref/terraform"
want="$top_srcdir/tests/tf/event-driven.out"
# the validate-pattern workflow names the pattern relative to the output,
# which differs between a test's temporary folder and the goldens
sed_path() { sed -e 's|eventc check .*event-driven.ev|eventc check PATTERN|' "$1"; }
if [ "$EVENTC_REGEN" = 1 ]; then
	rm -rf "$want" && mkdir -p "$want" && cp -R "$tf" "$want"/ &&
		sed_path "$tf/stacks/workflows/patterns.yaml" >"$want/terraform/stacks/workflows/patterns.yaml"
	tap_ok "reference: goldens regenerated"
else
	cp -R "$tf" "$work/cmp"
	sed_path "$tf/stacks/workflows/patterns.yaml" >"$work/cmp/stacks/workflows/patterns.yaml"
	if diff -ru "$want/terraform" "$work/cmp" >"$work/diff" 2>&1; then
		tap_ok "reference: module, stacks and workflows match the goldens"
	else
		tap_not_ok "reference: module, stacks and workflows match the goldens"
		head -n 80 "$work/diff" | tap_comment
	fi
fi

# every pattern: HCL parses, resources and arguments are hashicorp/aws's,
# the YAML is Atmos's, and Terraform says what CloudFormation says
for f in "$top_srcdir"/patterns/*.ev "$top_srcdir"/tests/asl/states.ev "$top_srcdir"/tests/tf-validate/pipes.ev; do
	name=$(basename "$f" .ev)
	out="$work/p-$name"
	if ! eventc_run build -o "$out" "$f" 2>"$work/err"; then
		tap_not_ok "$name: builds"
		tap_comment <"$work/err"
		continue
	fi
	module=$(echo "$out"/terraform/components/terraform/*)
	if needs_validators "$name: HCL parser and provider schema"; then
		if EVENTC_VALIDATORS="$validators" python3 "$top_srcdir/tests/tf-check.py" "$module" >"$work/c" 2>&1; then
			tap_ok "$name: every .tf parses, every resource and argument is hashicorp/aws's"
		else
			tap_not_ok "$name: HCL parser and provider schema"
			head -n 40 "$work/c" | tap_comment
		fi
	fi
	if [ ! -f "$shared/schemas/atmos-manifest-1.0.json" ]; then
		tap_missing "$name: Atmos schemas" "$shared/schemas not found (EVENTC_SHARED)"
	elif /usr/bin/python3 "$top_srcdir/tests/atmos-check.py" "$shared/schemas" "$out/terraform" >"$work/a" 2>&1; then
		tap_ok "$name: atmos.yaml, stacks and workflows fit Atmos's schemas"
	else
		tap_not_ok "$name: Atmos schemas"
		head -n 20 "$work/a" | tap_comment
	fi
	for env_dir in "$out"/*/cloudformation; do
		env=$(basename "$(dirname "$env_dir")")
		[ -f "$env_dir/template.json" ] || continue
		needs_validators "$name $env: equivalence" || continue
		if EVENTC_VALIDATORS="$validators" python3 "$top_srcdir/tests/equivalence.py" "$env_dir/template.json" \
			"$module" "$out/terraform/envs/$env.tfvars" >"$work/e" 2>&1; then
			tap_ok "$name $env: Terraform and CloudFormation agree ($(tail -n 1 "$work/e"))"
		else
			tap_not_ok "$name $env: Terraform and CloudFormation agree"
			head -n 30 "$work/e" | tap_comment
		fi
	done
done

# each environment's values are in its stack
python3 - "$tf" >"$work/v" 2>&1 <<'PY'
import sys, yaml
tf = sys.argv[1]
want = {"dev": 7, "staging": 14, "prod": 90}
bad = 0
for env, days in want.items():
    doc = yaml.safe_load(open(f"{tf}/stacks/acme-{env}.yaml"))
    v = doc["components"]["terraform"]["orders"]["vars"]
    top = doc["vars"]
    if v.get("log_retention_days") != days or top.get("environment") != env or top.get("tenant") != "acme":
        print(f"acme-{env}: log_retention_days {v.get('log_retention_days')}, environment {top.get('environment')}")
        bad = 1
    pc = v.get("process_order_provisioned_concurrency")
    if (pc > 0) != (env == "prod"):
        print(f"acme-{env}: provisioned concurrency {pc}")
        bad = 1
    be = doc.get("terraform", {})
    s3 = be.get("backend", {}).get("s3", {})
    if (be.get("backend_type") != "s3" or s3.get("bucket") != "{{ .settings.tfstate_bucket }}"
            or doc.get("settings", {}).get("tfstate_bucket") != "<your-tfstate-bucket>"
            or s3.get("key") != "terraform.tfstate" or s3.get("workspace_key_prefix") != "orders"
            or s3.get("region") != "us-east-1" or s3.get("encrypt") is not True or s3.get("use_lockfile") is not True):
        print(f"acme-{env}: backend {be}, settings {doc.get('settings')}")
        bad = 1
cfg = yaml.safe_load(open(f"{tf}/atmos.yaml"))
if cfg["components"]["terraform"].get("auto_generate_backend_file") is not True or \
        cfg.get("templates", {}).get("settings", {}).get("enabled") is not True:
    print(f"atmos.yaml: auto_generate_backend_file or templates.settings.enabled not true")
    bad = 1
import glob, re
for f in glob.glob(f"{tf}/components/terraform/orders/*.tf"):
    if re.search(r'^\s*backend\s+"', open(f).read(), re.M):
        print(f"{f}: a backend block of its own would clash with Atmos's backend.tf.json")
        bad = 1
wf = yaml.safe_load(open(f"{tf}/stacks/workflows/patterns.yaml"))["workflows"]
for w in ("plan-event-driven", "deploy-event-driven", "validate-pattern", "test-pattern-integration", "test-pattern-load"):
    if w not in wf or not wf[w].get("description") or not wf[w].get("steps"):
        print(f"workflow {w} missing or without description/steps")
        bad = 1
print("checked")
sys.exit(bad)
PY
if [ $? = 0 ]; then
	tap_ok "stacks: retention 7/14/90, provisioned concurrency only in prod, state in S3 with a lock file, the five Atmos workflows"
else
	tap_not_ok "stacks: per-environment values and workflows"
	tap_comment <"$work/v"
fi

# the dashboard graphs the stack's own region: ${AWS::Region} inside the
# body's Fn::Sub in CloudFormation, var.region inside jsonencode in Terraform
python3 - "$ref" >"$work/r" 2>&1 <<'PY'
import json, re, sys
out, bad = sys.argv[1], 0
for env in ("dev", "staging", "prod"):
    t = json.load(open(f"{out}/{env}/cloudformation/template.json"))
    for rid, r in t["Resources"].items():
        if r["Type"] != "AWS::CloudWatch::Dashboard":
            continue
        sub = r["Properties"]["DashboardBody"]["Fn::Sub"]
        body = json.loads(sub[0] if isinstance(sub, list) else sub)
        regions = {w["properties"]["region"] for w in body["widgets"]}
        if regions != {"${AWS::Region}"}:
            print(f"{env} {rid}: widget regions {regions}")
            bad = 1
main = open(f"{out}/terraform/components/terraform/orders/main.tf").read()
m = re.search(r'resource "aws_cloudwatch_dashboard" "main" \{\n  dashboard_name = .*\n  dashboard_body = jsonencode\(\{\n(.*?)\n  \}\)\n', main, re.S)
regions = re.findall(r"^ +region += (.*)$", m.group(1), re.M) if m else []
if not regions or set(regions) != {"var.region"}:
    print(f"terraform: dashboard regions {regions}")
    bad = 1
sys.exit(bad)
PY
if [ $? = 0 ]; then
	tap_ok "dashboard: every widget's region is the stack's (\${AWS::Region}, var.region)"
else
	tap_not_ok "dashboard: every widget's region is the stack's"
	tap_comment <"$work/r"
fi

# strings that HCL must escape come back as written
# a build that fails is a failure, not a case that vanishes
if ! eventc_run build -t terraform -o "$work/esc" "$top_srcdir/tests/tf/escapes.ev" 2>"$work/err"; then
	tap_not_ok "escapes: builds"
	tap_comment <"$work/err"
elif needs_validators "escapes: round trip"; then
	node -e '
const fs = require("fs"), path = require("path");
const h = require(path.join(process.argv[1], "node_modules", "@cdktf", "hcl2json"));
(async () => {
  const f = process.argv[2];
  const j = await h.parse(f, fs.readFileSync(f, "utf8"));
  const fn = j.resource.aws_lambda_function.odd[0];
  const un = (s) => s.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
  const want = "a ${x} %{y} \"quoted\" back\\slash tab\t é ✓ 😀 new\nline";
  const env = fn.environment[0].variables;
  const ok = un(fn.description) === want && un(env.TEMPLATE) === "${literal}" && un(env.PERCENT) === "%{literal}";
  fs.writeSync(1, ok ? "same\n" : JSON.stringify(fn) + "\n");
  process.exit(0);
})();' "$validators" "$work/esc/terraform/components/terraform/escapes/main.tf" >"$work/r" 2>&1
	if [ "$(cat "$work/r")" = same ]; then
		tap_ok "escapes: \${, %{, quotes, backslashes, control characters and unicode survive HCL's parser"
	else
		tap_not_ok "escapes: strings survive HCL's parser"
		tap_comment <"$work/r"
	fi
fi

eventc_run build -t terraform -o "$work/again" "$top_srcdir/patterns/event-driven.ev" 2>/dev/null
if diff -r "$ref/terraform" "$work/again/terraform" >/dev/null; then
	tap_ok "two builds give the same bytes"
else
	tap_not_ok "two builds give the same bytes"
fi

tap_plan "$tap_count"
tap_done
