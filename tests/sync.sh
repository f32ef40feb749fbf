#!/bin/bash
# sync.sh - generated code in sync: `eventc build --check -o DIR` names
# every file of DIR that is missing, stale or extra against what the build
# would write, exits 1 when there is any and writes nothing; `build`
# removes the files its manifest (DIR/.eventc-manifest) lists that the
# pattern no longer produces, and never a file it did not write.
. "$(dirname "$0")/tap.sh"

tap_plan 13
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99

# two workflows; the second goes away below, and its files with it
write_pattern() {
	cat >p.ev <<EOP
pattern sync {
  tenant = "acme"
  region = "us-east-1"
}
environment dev  { pause = $1 }
environment prod { pause = 60s }
workflow w {
  wait p { for = env.pause }
  succeed done
}
EOP
	if [ "$2" = both ]; then
		cat >>p.ev <<'EOP'
workflow x {
  wait q { for = 10s }
  succeed done
}
EOP
	fi
}
snapshot() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum; find . | sort); }
check() { eventc_run build --check -o out p.ev >"$work/o" 2>"$work/e"; echo $?; }
says() { grep -qxF "$1" "$work/o"; }

write_pattern 5s both
rc=$(check)
if [ "$rc" = 1 ] && says "missing: out/dev/stepfunctions/x.asl.json" && says "missing: out/.eventc-manifest" &&
	[ ! -e out ]; then
	tap_ok "--check before any build: every file missing, exit 1, nothing made"
else
	tap_not_ok "--check before any build: every file missing, exit 1, nothing made (exit $rc)"
	tap_comment <"$work/o"
fi

eventc_run build -o out p.ev 2>"$work/e"
rc=$(check)
if [ "$rc" = 0 ] && [ ! -s "$work/o" ]; then
	tap_ok "--check after a build: exit 0, nothing listed"
else
	tap_not_ok "--check after a build: exit 0, nothing listed (exit $rc)"
	tap_comment <"$work/o"
fi

want=$( (cd out && find . -type f ! -name .eventc-manifest | sed 's|^\./||' | sort) )
got=$(grep -v '^#' out/.eventc-manifest)
if [ "$want" = "$got" ] && grep -qx '# scope: targets=all envs=all' out/.eventc-manifest; then
	tap_ok "the manifest lists every file the build wrote, sorted, and its scope"
else
	tap_not_ok "the manifest lists every file the build wrote, sorted, and its scope"
	diff <(echo "$want") <(echo "$got") | tap_comment
fi

# the user's own files, which no build may touch
echo mine >out/notes.txt
mkdir -p out/dev/stepfunctions && echo '{}' >out/dev/stepfunctions/mine.asl.json
write_pattern 7s both
before=$(snapshot out)
rc=$(check)
if [ "$rc" = 1 ] && says "stale: out/dev/stepfunctions/w.asl.json" && ! says "stale: out/prod/stepfunctions/w.asl.json" &&
	! grep -q 'x.asl.json\|mine\|notes' "$work/o" && [ "$before" = "$(snapshot out)" ]; then
	tap_ok "--check after an edit: the changed files stale, exit 1, nothing written"
else
	tap_not_ok "--check after an edit: the changed files stale, exit 1, nothing written (exit $rc)"
	tap_comment <"$work/o"
fi
if grep -q "not what the build writes" "$work/e"; then
	tap_ok "--check says on standard error how many and what to run"
else
	tap_not_ok "--check says on standard error how many and what to run"
	tap_comment <"$work/e"
fi

write_pattern 7s one
rc=$(check)
if [ "$rc" = 1 ] && says "extra: out/dev/stepfunctions/x.asl.json" && says "extra: out/prod/stepfunctions/x.asl.json" &&
	! grep -q 'mine\|notes' "$work/o"; then
	tap_ok "--check after a workflow is removed: its files extra, the user's not"
else
	tap_not_ok "--check after a workflow is removed: its files extra, the user's not (exit $rc)"
	tap_comment <"$work/o"
fi

# a build covering only dev removes nothing that the full build wrote
eventc_run build -e dev -o out p.ev 2>"$work/e"
if [ -f out/prod/stepfunctions/x.asl.json ] && [ -f out/dev/stepfunctions/x.asl.json ] &&
	grep -qx 'prod/stepfunctions/x.asl.json' out/.eventc-manifest &&
	grep -qx '# scope: targets=all envs=all' out/.eventc-manifest; then
	tap_ok "build -e dev removes nothing and keeps the full build's files listed"
else
	tap_not_ok "build -e dev removes nothing and keeps the full build's files listed"
fi

eventc_run build -o out p.ev 2>"$work/e"
rc=$?
left=$(find out -name 'x.asl.json' -o -path '*x*asl*' | grep -v mine)
if [ "$rc" = 0 ] && [ -z "$left" ] && ! grep -q 'x.asl' out/.eventc-manifest; then
	tap_ok "build removes the files of a removed workflow"
else
	tap_not_ok "build removes the files of a removed workflow (exit $rc)"
	echo "$left" | tap_comment
fi
if [ "$(cat out/notes.txt)" = mine ] && [ "$(cat out/dev/stepfunctions/mine.asl.json)" = '{}' ]; then
	tap_ok "build keeps the files the user put there"
else
	tap_not_ok "build keeps the files the user put there"
fi
rc=$(check)
if [ "$rc" = 0 ] && [ ! -s "$work/o" ]; then
	tap_ok "--check after the build: exit 0"
else
	tap_not_ok "--check after the build: exit 0 (exit $rc)"
	tap_comment <"$work/o"
fi

# a manifest line outside the folder, or a folder, is never touched
echo outside >"$work/outside.txt"
mkdir -p out/dir-listed
{ cat out/.eventc-manifest; echo '../outside.txt'; echo "$work/outside.txt"; echo 'dir-listed'; } >"$work/m"
cp "$work/m" out/.eventc-manifest
eventc_run build -o out p.ev 2>"$work/e"
if [ -f "$work/outside.txt" ] && [ -d out/dir-listed ] && ! grep -q 'outside' out/.eventc-manifest; then
	tap_ok "paths outside the folder and folders in a manifest are left alone"
else
	tap_not_ok "paths outside the folder and folders in a manifest are left alone"
fi

# a file the user replaced by a symbolic link is not followed or removed
write_pattern 7s both
eventc_run build -o out p.ev 2>"$work/e"
rm out/prod/stepfunctions/x.asl.json && ln -s "$work/outside.txt" out/prod/stepfunctions/x.asl.json
write_pattern 7s one
eventc_run build -o out p.ev 2>"$work/e"
if [ -L out/prod/stepfunctions/x.asl.json ] && [ "$(cat "$work/outside.txt")" = outside ] &&
	[ ! -e out/dev/stepfunctions/x.asl.json ]; then
	tap_ok "a listed path that is now a symbolic link is kept"
else
	tap_not_ok "a listed path that is now a symbolic link is kept"
fi

# two builds of the same pattern write the same manifest
cp out/.eventc-manifest "$work/m1"
eventc_run build -o out p.ev 2>"$work/e"
tap_compare "the manifest is the same from one build to the next" "$work/m1" out/.eventc-manifest
tap_done
