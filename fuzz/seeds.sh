#!/bin/sh
# seeds.sh SRCDIR OUTDIR - the seed corpora of the fuzz targets, from the
# test cases: OUTDIR/check and OUTDIR/build get every pattern of the tests
# and of patterns/ with a 0 byte before it (the targets' first byte picks
# the command line; 0 is the plain command), OUTDIR/vars every vars file.
set -eu
src=$1 out=$2
mkdir -p "$out/check" "$out/build" "$out/vars"
n=0
for f in "$src"/tests/check/*.ev "$src"/tests/grammar/*.ev "$src"/patterns/*.ev "$src"/tests/asl/*.ev \
	"$src"/tests/tf/*.ev "$src"/tests/tf-validate/*.ev; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	for t in check build; do
		{ printf '\000'; cat "$f"; } >"$out/$t/seed-$n"
	done
done
m=0
for f in "$src"/tests/check/*.yaml "$src"/patterns/stacks/*.yaml; do
	[ -f "$f" ] || continue
	m=$((m + 1))
	cp "$f" "$out/vars/seed-$m"
done
echo "seeds: $n patterns, $m vars files"
