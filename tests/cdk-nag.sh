#!/bin/bash
# cdk-nag.sh - AWS's cdk-nag rule packs (AwsSolutions and Serverless, npm
# cdk-nag pinned in tests/validators) over the CloudFormation templates of
# every pattern in patterns/, in every environment, each template read
# through aws-cdk-lib's CfnInclude (tests/cdk-nag.js). Every finding is
# fixed, or listed with its reason in tests/cdk-nag-suppressions.txt; a
# finding not listed fails, and so does a line that covers no finding.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
modules="${EVENTC_VALIDATORS:-$top_srcdir/tests/validators}/node_modules"
patterns=("$top_srcdir"/patterns/*.ev)

if [ ! -d "$modules/cdk-nag" ] || [ ! -d "$modules/aws-cdk-lib" ] || ! command -v node >/dev/null; then
	tap_plan 1
	if [ -n "${CI:-}" ]; then
		tap_not_ok "cdk-nag: node, cdk-nag or aws-cdk-lib is missing (npm ci in tests/validators)"
	else
		tap_ok "cdk-nag # SKIP node, cdk-nag or aws-cdk-lib is missing (npm ci in tests/validators)"
	fi
	tap_done
	exit
fi

templates=()
for p in "${patterns[@]}"; do
	name=$(basename "$p" .ev)
	if eventc_run build -t cloudformation -o "$work/$name" "$p" >"$work/$name.err" 2>&1; then
		tap_ok "$name: builds"
	else
		tap_not_ok "$name: builds"
		tap_comment <"$work/$name.err"
	fi
	for env in dev staging prod; do
		templates+=("$work/$name/$env/cloudformation/"*.json)
	done
done

NODE_PATH="$modules" node "$top_srcdir/tests/cdk-nag.js" "$top_srcdir/tests/cdk-nag-suppressions.txt" \
	"${templates[@]}" >"$work/nag" 2>"$work/nag.err"
while IFS=$'\t' read -r what verdict detail; do
	what=${what#"$work/"}
	if [ "$verdict" = ok ]; then
		tap_ok "cdk-nag: $what: $detail"
	else
		tap_not_ok "cdk-nag: $what"
		tr '|' '\n' <<<"$detail" | sed 's/^ *//' | tap_comment
	fi
done <"$work/nag"
if [ -s "$work/nag.err" ]; then
	tap_not_ok "cdk-nag.js ran without errors"
	tap_comment <"$work/nag.err"
fi
tap_plan "$tap_count" # last: the templates are known once built
tap_done
