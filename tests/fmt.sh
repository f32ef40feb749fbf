#!/bin/bash
# fmt.sh - `eventc fmt` over every .ev file of the source tree (patterns/
# and tests/), in a copy of both:
#  - the reference sketch, patterns/event-driven.ev, is already formatted;
#  - per file: fmt of fmt is fmt (idempotence), the parse tree (`eventc
#    parse`) is the same before and after, and for each file that builds,
#    every output of `eventc build` is byte-identical before and after;
#  - --check exits 1 with a unified diff and leaves the file alone, and 0
#    on a formatted file; -w writes back only what changes; a file with a
#    syntax error gets the error, exit 1, and is left as it was; standard
#    input; -w and --check together are a usage error.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree=$work/tree
mkdir -p "$tree"
(cd "$top_srcdir" && tar cf - --exclude=node_modules patterns tests) | (cd "$tree" && tar xf -) || exit 99
# a distcheck source tree is read-only, and so would be the copy
chmod -R u+w "$tree"
cd "$tree" || exit 99
mapfile -t files < <(find patterns tests -name '*.ev' -type f | LC_ALL=C sort)

ref=patterns/event-driven.ev
if eventc_run fmt --check "$ref" >"$work/out" 2>&1; then
	tap_ok "the reference sketch is a fixed point of fmt"
else
	tap_not_ok "the reference sketch is a fixed point of fmt"
	tap_comment <"$work/out"
fi

# Builds of the originals first, each into its own folder.
declare -A built
for f in "${files[@]}"; do
	id=${f//\//_}
	if eventc_run build -o "$work/before/$id" "$f" >/dev/null 2>&1; then
		built[$f]=1
	fi
	eventc_run parse "$f" >"$work/parse-before-$id" 2>/dev/null
done

for f in "${files[@]}"; do
	id=${f//\//_}
	if ! eventc_run parse "$f" >/dev/null 2>&1; then
		# syntax errors: fmt reports them and leaves the file alone
		cp "$f" "$work/orig"
		eventc_run fmt -w "$f" >/dev/null 2>"$work/err"
		rc=$?
		if [ $rc = 1 ] && cmp -s "$f" "$work/orig" && grep -q 'error\[E0' "$work/err"; then
			tap_ok "$f: syntax errors, exit 1, left as it was"
		else
			tap_not_ok "$f: syntax errors, exit 1, left as it was (exit $rc)"
		fi
		continue
	fi
	eventc_run fmt "$f" >"$work/once" 2>"$work/err"
	rc1=$?
	eventc_run fmt - <"$work/once" >"$work/twice" 2>>"$work/err"
	if [ $rc1 = 0 ] && cmp -s "$work/once" "$work/twice"; then
		tap_ok "$f: fmt twice is fmt once"
	else
		tap_not_ok "$f: fmt twice is fmt once (exit $rc1)"
		diff -u "$work/once" "$work/twice" | head -n 40 | tap_comment
		tap_comment <"$work/err"
	fi
	eventc_run fmt -w "$f" >/dev/null 2>&1
	eventc_run parse "$f" >"$work/parse-after" 2>&1
	if cmp -s "$work/once" "$f" && cmp -s "$work/parse-before-$id" "$work/parse-after"; then
		tap_ok "$f: -w writes what fmt prints, the same parse tree"
	else
		tap_not_ok "$f: -w writes what fmt prints, the same parse tree"
		diff -u "$work/parse-before-$id" "$work/parse-after" | head -n 40 | tap_comment
	fi
	# a file that does not build as it is (an error case) has no outputs
	if [ -z "${built[$f]}" ]; then
		:
	elif eventc_run build -o "$work/after/$id" "$f" >/dev/null 2>&1 &&
	     diff -r "$work/before/$id" "$work/after/$id" >"$work/diff" 2>&1; then
		tap_ok "$f: build outputs byte-identical after fmt ($(find "$work/after/$id" -type f | wc -l) files)"
	else
		tap_not_ok "$f: build outputs byte-identical after fmt"
		head -n 40 "$work/diff" | tap_comment
	fi
done

# --check, -w, syntax errors and standard input on a small file.
printf 'pattern p {\n    tenant="acme"\n  region = "us-east-1"   # where\n\n\n}\n' >"$work/messy.ev"
cp "$work/messy.ev" "$work/messy.orig"
eventc_run fmt --check "$work/messy.ev" >"$work/out" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q '^-    tenant="acme"$' "$work/out" && grep -q '^+  tenant = "acme"$' "$work/out" &&
   grep -q '^@@ -1,6 +1,4 @@$' "$work/out" && cmp -s "$work/messy.ev" "$work/messy.orig"; then
	tap_ok "--check: exit 1, a unified diff, the file untouched"
else
	tap_not_ok "--check: exit 1, a unified diff, the file untouched (exit $rc)"
	tap_comment <"$work/out"
fi
if (cd "$work" && patch -s -o messy.patched messy.ev) <"$work/out" >/dev/null 2>&1 &&
   eventc_run fmt "$work/messy.ev" 2>/dev/null | cmp -s - "$work/messy.patched"; then
	tap_ok "--check: the diff applies with patch(1) and gives what fmt prints"
elif ! command -v patch >/dev/null && [ "$CI" != true ]; then
	tap_ok "--check: the diff applies # SKIP no patch(1) (build.sh installs it)"
else
	tap_not_ok "--check: the diff applies with patch(1) and gives what fmt prints"
fi
eventc_run fmt -w "$work/messy.ev" >"$work/out" 2>&1
rc=$?
expected='pattern p {
  tenant = "acme"
  region = "us-east-1"   # where
}'
if [ $rc = 0 ] && [ "$(cat "$work/messy.ev")" = "$expected" ] && [ ! -s "$work/out" ]; then
	tap_ok "-w: written back, indented, aligned, blank lines gone"
else
	tap_not_ok "-w: written back (exit $rc)"
	tap_comment <"$work/messy.ev"
fi
eventc_run fmt --check "$work/messy.ev" >"$work/out" 2>&1
rc=$?
if [ $rc = 0 ] && [ ! -s "$work/out" ]; then
	tap_ok "--check on a formatted file: exit 0, nothing printed"
else
	tap_not_ok "--check on a formatted file: exit 0, nothing printed (exit $rc)"
fi
touch -d '2000-01-01' "$work/messy.ev"
eventc_run fmt -w "$work/messy.ev" >/dev/null 2>&1
if [ "$(stat -c %Y "$work/messy.ev")" = "$(date -d '2000-01-01' +%s)" ]; then
	tap_ok "-w leaves a formatted file alone (not rewritten)"
else
	tap_not_ok "-w leaves a formatted file alone (not rewritten)"
fi
printf 'queue q {\n      retention = 4d\n  delay = 0s  \n}\nqueue r { retention = }\n' >"$work/broken.ev"
cp "$work/broken.ev" "$work/broken.orig"
eventc_run fmt -w "$work/broken.ev" >"$work/out" 2>"$work/err"
rc=$?
if [ $rc = 1 ] && cmp -s "$work/broken.ev" "$work/broken.orig" && grep -q 'broken.ev:5:.*error\[E0107\]' "$work/err" &&
   [ ! -s "$work/out" ]; then
	tap_ok "a syntax error: reported, exit 1, the file left as it was"
else
	tap_not_ok "a syntax error: reported, exit 1, the file left as it was (exit $rc)"
	tap_comment <"$work/err"
fi
out=$(printf 'queue q {\nretention = 4d\n}\n' | eventc_run fmt 2>&1)
if [ "$out" = $'queue q {\n  retention = 4d\n}' ]; then
	tap_ok "no FILE: standard input to standard output"
else
	tap_not_ok "no FILE: standard input to standard output"
	echo "$out" | tap_comment
fi
eventc_run fmt -w --check "$work/messy.ev" >/dev/null 2>"$work/err"
rc=$?
if [ $rc = 2 ]; then
	tap_ok "-w with --check is a usage error"
else
	tap_not_ok "-w with --check is a usage error (exit $rc)"
fi
eventc_run fmt "$work/missing.ev" >/dev/null 2>"$work/err"
rc=$?
if [ $rc = 3 ] && grep -q "cannot read" "$work/err"; then
	tap_ok "a file that cannot be read: exit 3"
else
	tap_not_ok "a file that cannot be read: exit 3 (exit $rc)"
fi
tap_plan "$tap_count"
tap_done
