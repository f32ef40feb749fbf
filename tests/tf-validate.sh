#!/bin/bash
# tf-validate.sh - the real terraform over the generated module of every
# pattern the suite builds (patterns/*.ev, tests/asl/states.ev and sdk.ev,
# tests/tf/escapes.ev) and of the small patterns of tests/tf-validate/*.ev,
# each about what one module for several environments must express (each
# file's first comment says what); every pattern passes `eventc check` and
# `eventc build -t terraform` first:
#   1. `terraform fmt -check -diff -recursive` on the module, and on envs/
#      (the .tfvars): every file is already as terraform fmt writes it;
#   2. `terraform init -backend=false` and `terraform validate` against the
#      hashicorp/aws provider of a local filesystem mirror (never the
#      network: the CLI configuration, data folder and plugin cache are this
#      run's own, in its temporary folder);
#   3. `terraform test` with a mock aws provider (tests/*.tftest.hcl written
#      into a copy of the module): one `command = plan` run per environment,
#      with that environment's envs/ENV.tfvars (but for the placeholder
#      artifact bucket), so that count expressions, conditionals and the
#      templatefile() of the workflows evaluate for every environment, and
#      the provider checks the ARNs that the mocks give (override_during =
#      plan); and one run that the placeholder artifact bucket is refused.
#      A pattern tests/tf-validate/NAME.ev has, for each environment ENV,
#      tests/tf-validate/NAME.ENV.assert.hcl: `assert` blocks that go into
#      the run of ENV and check the per-environment behaviour in its plan.
# When the mirror holds no version that the module's constraint accepts
# (versions.tf asks for 6.x; the image's mirror has 5.100.0), validate and
# test run on a copy whose constraint is rewritten to the mirror's version,
# as a `#` comment says; eventc's output itself is unchanged. When that
# version is a 5.x, the copy also loses the 6.x-only arguments of V5_DROP
# below (a `#` comment says which, where and why). Failures known to come
# from the rewrite (KNOWN below) are `# TODO` (XFAIL).
# Without terraform or the mirror the cases are skipped, and fail under CI.
# TERRAFORM (default terraform), EVENTC_TF_MIRROR (default /opt/tf-plugins)
# and EVENTC_TF_JOBS (patterns at a time, default the number of CPUs) may be
# set.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mirror=${EVENTC_TF_MIRROR:-/opt/tf-plugins}
terraform=${TERRAFORM:-terraform}

# Known failures, each "PROVIDER-VERSION-GLOB|DIAGNOSTIC-GLOB|REASON": a
# validate or test case whose every error matches an entry (for the
# provider version it ran with, and only on a copy whose constraint was
# rewritten) is reported `# TODO REASON`.
KNOWN=(
	# none: kms_key_identifier on aws_cloudwatch_event_archive, which
	# 5.100.0 lacks, is dropped from the copy instead (V5_DROP)
)

# hashicorp/aws 6.x arguments that 5.x does not have, each
# "RESOURCE-TYPE|ARGUMENT|WHAT IT IS": when the mirror's provider is a 5.x
# (so versions.tf's ">= 6.0" was rewritten), every `ARGUMENT = ...` line
# (a one-line value) directly in a `resource "RESOURCE-TYPE"` block of the
# copy is dropped, so that validate and the plans run on everything else of
# the module; the generated module is unchanged. A 6.x mirror drops nothing.
# An entry that drops nothing in any module of the run is a failure (the
# last case), so that the list cannot go stale: remove the entry then.
V5_DROP=(
	# An event archive encrypted with a customer managed key (the bus's
	# key): hashicorp/aws 6.0 added kms_key_identifier to the archive;
	# 5.100.0 refuses it: An argument named "kms_key_identifier" is not
	# expected here. event-driven and payments have such archives.
	'aws_cloudwatch_event_archive|kms_key_identifier|the customer managed key of an event archive, an argument since hashicorp/aws 6.0'
)
v5_drop_hits=()
v5_drop_ran=no

# Terraform's environment is this run's alone: no TF_* variable of the
# caller's (TF_CLI_ARGS, TF_VAR_..., TF_CLI_CONFIG_FILE...) applies.
while read -r v; do
	unset "$v"
done < <(compgen -e | grep '^TF_')
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
export TF_CLI_CONFIG_FILE="$work/terraformrc"
cat >"$TF_CLI_CONFIG_FILE" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
EOF

# missing WHAT NAME: not ok under CI, else a skip
missing() {
	if [ -n "${CI:-}" ]; then
		tap_not_ok "$2: $1"
	else
		tap_ok "$2 # SKIP $1"
	fi
}

# diag.py validate JSON: one line per diagnostic of `terraform validate
# -json`; diag.py test JSON DIR: per test file F, DIR/F.status (pass, fail,
# error, skip) and DIR/F.diag. A line: "error FILE:LINE: CONTEXT: SUMMARY:
# DETAIL", the run's name first for test diagnostics.
cat >"$work/diag.py" <<'PY'
import json, os, sys

def line(d, run=None):
    r = d.get("range") or {}
    where = f"{r['filename']}:{r['start']['line']}: " if r else ""
    ctx = (d.get("snippet") or {}).get("context")
    ctx = f"{ctx}: " if ctx else ""
    detail = " ".join((d.get("detail") or "").split())
    pre = f"run {run}: " if run else ""
    return f"{d['severity']} {pre}{where}{ctx}{d['summary']}: {detail}".rstrip(": ")

if sys.argv[1] == "validate":
    doc = json.load(open(sys.argv[2]))
    for d in doc.get("diagnostics", []):
        print(line(d))
    sys.exit(0)

out = sys.argv[3]
for raw in open(sys.argv[2]):
    try:
        m = json.loads(raw)
    except ValueError:
        with open(os.path.join(out, "_global.diag"), "a") as f:
            f.write("error " + raw)
        continue
    tf = m.get("@testfile")
    base = os.path.basename(tf).removesuffix(".tftest.hcl") if tf else "_global"
    if m.get("type") == "diagnostic":
        with open(os.path.join(out, base + ".diag"), "a") as f:
            f.write(line(m["diagnostic"], m.get("@testrun")) + "\n")
    elif m.get("type") == "test_file" and m["test_file"].get("progress") == "complete":
        with open(os.path.join(out, base + ".status"), "w") as f:
            f.write(m["test_file"]["status"] + "\n")
PY

# known_reason DIAG-FILE VERSION: the REASON of KNOWN when every error of
# DIAG-FILE matches an entry for VERSION (all of one reason); else fails
known_reason() {
	local diag=$1 version=$2 l entry vglob dglob reason found=
	grep -q '^error ' "$diag" || return 1
	while IFS= read -r l; do
		case $l in error\ *) ;; *) continue ;; esac
		l=${l#error }
		local hit=
		for entry in "${KNOWN[@]}"; do
			vglob=${entry%%|*}
			dglob=${entry#*|}
			reason=${dglob#*|}
			dglob=${dglob%%|*}
			# shellcheck disable=SC2053 # globs on purpose
			if [[ $version == $vglob && $l == $dglob ]]; then
				[ -z "$found" ] || [ "$found" = "$reason" ] || return 1
				found=$reason hit=1
				break
			fi
		done
		[ -n "$hit" ] || return 1
	done <"$diag"
	echo "$found"
}

# report NAME OK DIAG-FILE SUBSTITUTED VERSION: ok, or the known failure
# `# TODO`, or not ok; the diagnostics as comments either way
report() {
	local name=$1 ok=$2 diag=$3 substituted=$4 version=$5 reason
	if [ "$ok" = yes ]; then
		tap_ok "$name"
	elif [ "$substituted" = yes ] && reason=$(known_reason "$diag" "$version"); then
		tap_todo "$name" "$reason"
	else
		tap_not_ok "$name"
	fi
	head -n 40 "$diag" | tap_comment
}

# v5_drop NAME COPY: drops the V5_DROP arguments from the *.tf of COPY,
# with a `#` line per argument dropped; counts the lines per entry in
# v5_drop_hits. Fails (with the reason on standard error) when a matching
# argument is not a one-line value, which it cannot drop whole.
v5_drop() {
	local name=$1 copy=$2 i entry rtype arg why tf where n
	v5_drop_ran=yes
	for i in "${!V5_DROP[@]}"; do
		entry=${V5_DROP[$i]}
		rtype=${entry%%|*}
		arg=${entry#*|}
		why=${arg#*|}
		arg=${arg%%|*}
		: >"$w/dropped"
		for tf in "$copy"/*.tf; do
			awk -v rtype="$rtype" -v arg="$arg" -v dropped="$w/dropped" -v base="${tf##*/}" '
				/^resource "/ {
					inres = (index($0, "resource \"" rtype "\" ") == 1)
					rname = $3
					gsub(/"/, "", rname)
				}
				/^}/ { inres = 0 }
				inres && $0 ~ "^  " arg "[ \t]*=" {
					if ($0 ~ /([{[(]|<<-?[A-Za-z_]+)[ \t]*$/) {
						print base ":" FNR ": " rtype "." rname ": " arg " is not a one-line value; V5_DROP cannot drop it" >"/dev/stderr"
						bad = 1
						exit 1
					}
					print base ":" FNR " (" rtype "." rname ")" >>dropped
					next
				}
				{ print }
				END { exit bad }
			' "$tf" >"$tf.new" || return 1
			mv "$tf.new" "$tf"
		done
		n=$(wc -l <"$w/dropped")
		v5_drop_hits[i]=$((v5_drop_hits[i] + n))
		if [ "$n" -gt 0 ]; then
			where=$(paste -sd, "$w/dropped" | sed 's/,/, /g')
			echo "# $name: dropped $arg from resource \"$rtype\" in the copy, at $where: hashicorp/aws $provider_version has no such argument ($why); the generated module is unchanged"
		fi
	done
}

# The pattern files, as tests/tf.sh builds them, and this runner's own.
patterns=("$top_srcdir"/patterns/*.ev "$top_srcdir/tests/asl/states.ev" "$top_srcdir/tests/asl/sdk.ev" "$top_srcdir/tests/tf/escapes.ev" "$top_srcdir"/tests/tf-validate/*.ev)

if ! command -v "$terraform" >/dev/null 2>&1; then
	missing "terraform not found on PATH (TERRAFORM=$terraform)" "terraform fmt, validate and test"
	tap_plan "$tap_count"
	tap_done
	exit
fi
tf_version=$("$terraform" version -json 2>/dev/null | python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["terraform_version"], d["platform"])')
platform=${tf_version#* }
tf_version=${tf_version%% *}
echo "# terraform $tf_version on $platform ($(command -v "$terraform"))"

# The hashicorp/aws versions in the mirror for this platform, unpacked
# (VERSION/PLATFORM/) or packed (terraform-provider-aws_VERSION_PLATFORM.zip).
aws_dir="$mirror/registry.terraform.io/hashicorp/aws"
provider_version=$(
	{
		for d in "$aws_dir"/*/"$platform"; do
			[ -d "$d" ] && basename "$(dirname "$d")"
		done
		for z in "$aws_dir"/terraform-provider-aws_*_"$platform".zip; do
			[ -f "$z" ] && z=${z##*/terraform-provider-aws_} && echo "${z%_"$platform".zip}"
		done
	} | sort -V | tail -n 1
)
if [ -n "$provider_version" ]; then
	echo "# hashicorp/aws in the mirror $mirror: $provider_version (the highest for $platform)"
fi

# module_cases FILE: every case of one pattern; its files are its own
# ($work/x-NAME and the p-, m-, data-, t- folders), so that patterns run in
# parallel (below)
module_cases() {
	local f=$1 pname out w module name copy substituted rc want ok envs env tfvars asserts first t what
	pname=$(basename "$f" .ev)
	out="$work/p-$pname"
	w="$work/x-$pname"
	mkdir -p "$w"
	export TF_PLUGIN_CACHE_DIR="$w/plugin-cache"
	mkdir -p "$TF_PLUGIN_CACHE_DIR"
	# eventc check, then eventc build, as tests/plan.sh's check_and_build
	if ! eventc_run check "$f" >"$w/err" 2>&1; then
		tap_not_ok "$pname: eventc check accepts it"
		tap_comment <"$w/err"
		return
	fi
	if ! eventc_run build -t terraform -o "$out" "$f" >"$w/err" 2>&1; then
		tap_not_ok "$pname: eventc build -t terraform builds it"
		tap_comment <"$w/err"
		return
	fi
	module=$(echo "$out"/terraform/components/terraform/*)
	name="$pname ($(basename "$module"))"

	# 1. fmt: needs no provider
	if "$terraform" fmt -check -diff -recursive -no-color "$module" >"$w/fmt" 2>&1; then
		tap_ok "$name: terraform fmt -check: the module is formatted as terraform fmt writes it"
	else
		tap_not_ok "$name: terraform fmt -check: the module is formatted as terraform fmt writes it"
		head -n 80 "$w/fmt" | tap_comment
	fi
	if "$terraform" fmt -check -diff -no-color "$out/terraform/envs" >"$w/fmt" 2>&1; then
		tap_ok "$name: terraform fmt -check: envs/*.tfvars are formatted as terraform fmt writes them"
	else
		tap_not_ok "$name: terraform fmt -check: envs/*.tfvars are formatted as terraform fmt writes them"
		head -n 80 "$w/fmt" | tap_comment
	fi

	if [ -z "$provider_version" ]; then
		missing "no hashicorp/aws for $platform in the mirror $mirror" "$name: terraform init, validate and test"
		return
	fi

	# 2. init and validate, in a copy (the lock file, the tests)
	copy="$work/m-$pname"
	cp -R "$module" "$copy"
	export TF_DATA_DIR="$work/data-$pname"
	substituted=no
	(cd "$copy" && "$terraform" init -backend=false -input=false -no-color) >"$w/init" 2>&1
	rc=$?
	if [ "$rc" != 0 ] && grep -q 'no available releases match the given constraints' "$w/init"; then
		want=$(sed -n -E 's/^[[:space:]]*version[[:space:]]*=[[:space:]]*"([^"]*)".*/\1/p' "$copy/versions.tf" | head -n 1)
		sed -i -E 's/^([[:space:]]*version[[:space:]]*=[[:space:]]*)"[^"]*"/\1"'"$provider_version"'"/' "$copy/versions.tf"
		substituted=yes
		echo "# $name: versions.tf asks for hashicorp/aws \"$want\", which the mirror (only $provider_version) cannot give; validate and test run on a copy whose constraint is \"$provider_version\" (eventc's output is unchanged)"
		case $provider_version in
		5.*)
			if ! v5_drop "$name" "$copy" 2>"$w/err"; then
				tap_not_ok "$name: the 6.x-only arguments of V5_DROP are dropped from the copy for hashicorp/aws $provider_version"
				tap_comment <"$w/err"
				return
			fi
			;;
		esac
		rm -f "$copy/.terraform.lock.hcl"
		(cd "$copy" && "$terraform" init -backend=false -input=false -no-color) >"$w/init" 2>&1
		rc=$?
	fi
	if [ "$rc" = 0 ]; then
		tap_ok "$name: terraform init -backend=false: hashicorp/aws $provider_version from the mirror"
	else
		tap_not_ok "$name: terraform init -backend=false: hashicorp/aws $provider_version from the mirror"
		grep -v '^$' "$w/init" | head -n 30 | tap_comment
		return
	fi
	(cd "$copy" && "$terraform" validate -json -no-color) >"$w/validate.json" 2>"$w/validate.err"
	rc=$?
	python3 "$work/diag.py" validate "$w/validate.json" >"$w/diag" 2>&1 || cat "$w/validate.err" >>"$w/diag"
	ok=no
	[ "$rc" = 0 ] && ok=yes
	report "$name: terraform validate with hashicorp/aws $provider_version" "$ok" "$w/diag" "$substituted" "$provider_version"

	# 3. terraform test: a plan per environment with a mock provider
	mkdir -p "$copy/tests"
	envs=()
	: >"$w/asserts-missing"
	for tfvars in "$out"/terraform/envs/*.tfvars; do
		env=$(basename "$tfvars" .tfvars)
		envs+=("$env")
		# this runner's own patterns: the asserts of each environment
		asserts=
		case $f in "$top_srcdir"/tests/tf-validate/*)
			asserts="$top_srcdir/tests/tf-validate/$pname.$env.assert.hcl"
			[ -f "$asserts" ] || echo "$env" >>"$w/asserts-missing"
			;;
		esac
		{
			cat "$top_srcdir/tests/tf-validate/mock.tftest.hcl"
			echo
			echo "run \"plan_$env\" {"
			echo "  command = plan"
			echo
			echo "  variables {"
			sed -e 's/^/    /' -e 's/"<your-artifact-bucket>"/"eventc-test-artifacts"/' "$tfvars"
			echo "  }"
			if [ -f "$asserts" ]; then
				echo
				sed -e 's/^./  &/' "$asserts"
			fi
			echo "}"
		} >"$copy/tests/$env.tftest.hcl"
	done
	first="$out/terraform/envs/${envs[0]}.tfvars"
	if grep -q '"<your-artifact-bucket>"' "$first"; then
		{
			cat "$top_srcdir/tests/tf-validate/mock.tftest.hcl"
			echo
			echo "run \"placeholder_refused\" {"
			echo "  command         = plan"
			echo "  expect_failures = [var.artifact_bucket]"
			echo
			echo "  variables {"
			sed -e 's/^/    /' "$first"
			echo "  }"
			echo "}"
		} >"$copy/tests/placeholder.tftest.hcl"
		envs+=(placeholder)
	fi
	mkdir -p "$work/t-$pname"
	(cd "$copy" && timeout 300 "$terraform" test -json -no-color) >"$w/test.json" 2>&1
	python3 "$work/diag.py" test "$w/test.json" "$work/t-$pname" 2>>"$work/t-$pname/_global.diag"
	for env in "${envs[@]}"; do
		t="$work/t-$pname/$env"
		touch "$t.diag"
		[ -f "$work/t-$pname/_global.diag" ] && cat "$work/t-$pname/_global.diag" >>"$t.diag"
		ok=no
		[ "$(cat "$t.status" 2>/dev/null)" = pass ] && ok=yes
		[ -f "$t.status" ] || echo "error no result for tests/$env.tftest.hcl" >>"$t.diag"
		if [ "$env" = placeholder ]; then
			what="terraform test: the placeholder artifact_bucket of envs/${envs[0]}.tfvars is refused by its validation rule"
		else
			what="terraform test: plans for $env (envs/$env.tfvars, mock provider)"
			case $f in "$top_srcdir"/tests/tf-validate/*)
				what="$what and the asserts of tf-validate/$pname.$env.assert.hcl hold"
				if grep -qx "$env" "$w/asserts-missing"; then
					echo "error tests/tf-validate/$pname.$env.assert.hcl is missing: say what the plan of $env must show" >>"$t.diag"
					ok=no
				fi
				;;
			esac
		fi
		report "$name: $what" "$ok" "$t.diag" "$substituted" "$provider_version"
	done
}

# The patterns run EVENTC_TF_JOBS at a time (default: the number of CPUs),
# each in a subshell whose TAP cases are records in $work/r-N; the main
# shell numbers them in the patterns' order, so the output is as if they
# ran one after the other. V5_DROP's counts come back as files.
jobs_max=${EVENTC_TF_JOBS:-$(nproc 2>/dev/null || echo 2)}
rs=$'\036'
worker() {
	tap_ok() { printf '%s\n' "${rs}ok${rs}$1"; }
	tap_not_ok() { printf '%s\n' "${rs}not_ok${rs}$1"; }
	tap_todo() { printf '%s\n' "${rs}todo${rs}$1${rs}$2"; }
	module_cases "$1"
	[ "$v5_drop_ran" = yes ] && : >"$work/r-$2.v5-ran"
	for i in "${!v5_drop_hits[@]}"; do
		echo "$i ${v5_drop_hits[i]}"
	done >"$work/r-$2.v5-hits"
	: >"$work/r-$2.done"
}
# replay N: the records of pattern N as TAP cases, the rest as it is
replay() {
	local r=$work/r-$1 l kind a b i n
	while IFS= read -r l; do
		case $l in
		"$rs"*)
			IFS=$rs read -r _ kind a b <<<"$l"
			case $kind in
			ok) tap_ok "$a" ;;
			not_ok) tap_not_ok "$a" ;;
			todo) tap_todo "$a" "$b" ;;
			esac
			;;
		*) printf '%s\n' "$l" ;;
		esac
	done <"$r"
	if [ ! -f "$r.done" ]; then
		tap_not_ok "$(basename "${patterns[$1]}" .ev): the cases of the pattern ran to their end"
		return
	fi
	[ -f "$r.v5-ran" ] && v5_drop_ran=yes
	while read -r i n; do
		v5_drop_hits[i]=$((v5_drop_hits[i] + n))
	done <"$r.v5-hits"
}
pids=()
for n in "${!patterns[@]}"; do
	worker "${patterns[n]}" "$n" >"$work/r-$n" 2>&1 &
	pids[n]=$!
	while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do
		wait -n
	done
done
for n in "${!patterns[@]}"; do
	wait "${pids[n]}"
	replay "$n"
done

# V5_DROP cannot go stale: each entry dropped something from some module.
if [ "$v5_drop_ran" = yes ]; then
	for i in "${!V5_DROP[@]}"; do
		entry=${V5_DROP[$i]}
		what="V5_DROP entry ${entry%%|*} ${entry#*|}"
		what=${what%%|*}
		if [ "${v5_drop_hits[$i]:-0}" -gt 0 ]; then
			tap_ok "$what: still needed with hashicorp/aws $provider_version (${v5_drop_hits[$i]} lines dropped)"
		else
			tap_not_ok "$what: still needed with hashicorp/aws $provider_version (${v5_drop_hits[$i]:-0} lines dropped)"
			echo "no module of this run has that argument in that resource: eventc no longer writes it, or writes it differently; remove or fix the entry of V5_DROP in tests/tf-validate.sh" | tap_comment
		fi
	done
fi

tap_plan "$tap_count"
tap_done
