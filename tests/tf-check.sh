#!/bin/bash
# tf-check.sh - the checker that the Terraform tests run over every generated
# .tf file (tests/tf-check.py, with the schema that tests/tf-schema.py derives
# from @cdktf/provider-aws): the schema is that of hashicorp/aws 6.x and says
# what the provider's docs say of the resources the backend writes
# (tests/tf-check/shapes.txt); the good module tests/tf-check/good/ passes;
# each tests/tf-check/bad/*.tf has one defect, named on its first line
# (`# expect: MESSAGE`), and is reported with exactly that one message; setup
# and usage errors exit 2. Every run has a time limit.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here="$top_srcdir/tests"
check="$here/tf-check.py"
node_modules=${EVENTC_VALIDATORS:-$here/validators}/node_modules
schema="$work/tf-schema.json"

# tf_check ARGS...: tf-check.py with this run's schema cache and a time limit;
# output in $work/out, status in $rc (124: timed out)
tf_check() {
	rc=0
	timeout 120 python3 "$check" --node-modules "$node_modules" --schema "$schema" "$@" \
		>"$work/out" 2>&1 || rc=$?
}

if [ ! -f "$node_modules/@cdktf/hcl2json/package.json" ] ||
	[ ! -f "$node_modules/@cdktf/provider-aws/package.json" ]; then
	if [ -n "${CI:-}" ]; then
		tap_not_ok "@cdktf/hcl2json and @cdktf/provider-aws are not installed (npm ci in tests/validators)"
	else
		tap_ok "tf-check # SKIP @cdktf/hcl2json and @cdktf/provider-aws not installed (npm ci in tests/validators)"
	fi
	tap_plan "$tap_count"
	tap_done
	exit
fi

# ms_since START: seconds since START (date +%s%N), to the millisecond
ms_since() {
	local d=$(($(date +%s%N) - $1))
	printf '%d.%03d' $((d / 1000000000)) $((d / 1000000 % 1000))
}
# json_get FILE EXPR: a Python expression on the JSON document `d`
json_get() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null
}

# The schema, derived once for this run; every later call reuses it.
start=$(date +%s%N)
rc=0
timeout 120 python3 "$here/tf-schema.py" --node-modules "$node_modules" -o "$schema" --stats \
	>"$work/stats" 2>&1 || rc=$?
took=$(ms_since "$start")
if [ "$rc" = 0 ] && [ -s "$schema" ]; then
	tap_ok "schema: derived from @cdktf/provider-aws in ${took}s"
else
	tap_not_ok "schema: derived from @cdktf/provider-aws (exit $rc)"
fi
tap_comment <"$work/stats"
version=$(json_get "$schema" 'd["provider_version"]')
if [ "${version%%.*}" = 6 ] && [ "$(json_get "$schema" 'd["provider"]')" = registry.terraform.io/hashicorp/aws ]; then
	tap_ok "schema: hashicorp/aws $version"
else
	tap_not_ok "schema: hashicorp/aws 6.x (found '${version}')"
fi
if [ "$(json_get "$schema" 'len(d["resource"]) > 1000 and len(d["data"]) > 400')" = True ] &&
	grep -qx 'no interface: 0' "$work/stats" && grep -qx 'required unknown: 0' "$work/stats" &&
	grep -qx 'no struct function: 0' "$work/stats" && grep -qx 'property not written: 0' "$work/stats"; then
	tap_ok "schema: every resource, data source and nested block matched to its interface"
else
	tap_not_ok "schema: every resource, data source and nested block matched to its interface"
fi
tf_check --check-shapes "$here/tf-check/shapes.txt"
if [ "$rc" = 0 ]; then
	tap_ok "schema: says what the provider's docs say of the backend's resources"
else
	tap_not_ok "schema: says what the provider's docs say of the backend's resources (exit $rc)"
	tap_comment <"$work/out"
fi

# A cached schema is reused as it is; a stale one is derived again.
before=$(stat -c %Y.%s "$schema")
tf_check --describe aws_sqs_queue
if [ "$rc" = 0 ] && [ "$before" = "$(stat -c %Y.%s "$schema")" ] && grep -q 'kms_master_key_id' "$work/out"; then
	tap_ok "cache: reused"
else
	tap_not_ok "cache: reused (exit $rc)"
fi
cp "$schema" "$work/keep.json"
echo '{"key": "made by another version"}' >"$schema"
tf_check --describe aws_sqs_queue
if [ "$rc" = 0 ] && cmp -s "$schema" "$work/keep.json"; then
	tap_ok "cache: a stale one is derived again"
else
	tap_not_ok "cache: a stale one is derived again (exit $rc)"
	cp "$work/keep.json" "$schema"
fi

# The good module.
start=$(date +%s%N)
tf_check "$here/tf-check/good"
took=$(ms_since "$start")
if [ "$rc" = 0 ]; then
	tap_ok "good: passes ($(tail -n 1 "$work/out" | sed 's/^tf-check.py: //'), ${took}s)"
else
	tap_not_ok "good: passes (exit $rc)"
	tap_comment <"$work/out"
fi

# The bad files, in one run, each a module of its own: exit 1, and for each
# file exactly its one expected problem.
bad=("$here"/tf-check/bad/*.tf)
start=$(date +%s%N)
tf_check --per-file -q "${bad[@]}"
took=$(ms_since "$start")
if [ "$rc" = 1 ]; then
	tap_ok "bad: exit 1 (${#bad[@]} files, ${took}s)"
else
	tap_not_ok "bad: exit 1 (${#bad[@]} files, exit $rc)"
	tap_comment <"$work/out"
fi
for f in "${bad[@]}"; do
	name=$(basename "$f" .tf)
	want=$(sed -n '1s/^# expect: //p' "$f")
	grep -F -- "$f: " "$work/out" >"$work/problems"
	got=$(cat "$work/problems")
	if [ -n "$want" ] && [ "$(wc -l <"$work/problems")" = 1 ] &&
		[ "${got:0:$((${#f} + 2 + ${#want}))}" = "$f: $want" ]; then
		tap_ok "bad $name: $want"
	else
		tap_not_ok "bad $name: '$want'"
		tap_comment <"$work/problems"
	fi
done

# Usage and setup errors: exit 2 with a message.
expect_2() {
	local what=$1 pattern=$2
	shift 2
	if [ "$rc" = 2 ] && grep -q -- "$pattern" "$work/out"; then
		tap_ok "errors: $what"
	else
		tap_not_ok "errors: $what (exit $rc)"
		tap_comment <"$work/out"
	fi
}
rc=0
timeout 60 python3 "$check" --node-modules "$work/none" "$here/tf-check/good" >"$work/out" 2>&1 || rc=$?
expect_2 "validators missing: exit 2, run npm ci" 'run `npm ci` in tests/validators'
tf_check
expect_2 "no file given: exit 2" 'give .tf files or folders'
tf_check "$work/no-such-file.tf"
expect_2 "a missing file: exit 2" 'no such file or folder'
mkdir -p "$work/empty"
tf_check "$work/empty"
expect_2 "a folder without .tf files: exit 2" 'no .tf file under'

tap_plan "$tap_count"
tap_done
