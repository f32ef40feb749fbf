#!/bin/bash
# jtext.sh - json_measure (src/util/jtext.c) counts the bytes and newlines
# jansson writes, without writing them: the nested-stack split cuts
# templates by those counts. tests/jtext-test (built by `make check`)
# compares the count with the text for values that hold every rule of
# jansson's layout (escapes, empty containers, numbers at their limits,
# three indents), then for every container of the JSON files eventc
# writes for the reference pattern and for one large enough to be split.
. "$(dirname "$0")/tap.sh"

driver="$top_builddir/tests/jtext-test"
# the crafted values: the driver's own TAP lines, renumbered here
if ! tap_relay "$driver"; then
	tap_plan "$tap_count"
	tap_done
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# a pattern of 700 queues: more than one template's 500 resources, so
# that the split measures each of them
big="$work/big.ev"
{
	printf 'pattern big {\n  tenant = "acme"\n  region = "us-east-1"\n}\n'
	echo 'environment dev { }'
	for i in $(seq 1 700); do echo "queue q$i { }"; done
} >"$big"
for p in "$top_srcdir/patterns/event-driven.ev" "$big"; do
	name=$(basename "$p" .ev)
	if ! $EVENTC build -o "$work/$name" "$p" 2>"$work/err"; then
		tap_not_ok "$name builds"
		tap_comment <"$work/err"
		continue
	fi
	find "$work/$name" -name '*.json' | sort >"$work/files"
	n=$(wc -l <"$work/files")
	stacks=$(grep -c '/stack-[0-9]*\.json$' "$work/files" || true)
	if [ "$name" = big ] && [ "$stacks" -lt 2 ]; then
		tap_not_ok "big: split into nested stacks (got $stacks)"
	fi
	# shellcheck disable=SC2046
	if "$driver" $(cat "$work/files") >"$work/out"; then
		tap_ok "$name: $n JSON files ($stacks nested stacks), every container counted as jansson writes it"
	else
		tap_not_ok "$name: every container counted as jansson writes it"
		grep '^not ok' "$work/out" | head -n 5 | tap_comment
	fi
done

tap_plan "$tap_count"
tap_done
