#!/bin/bash
# write.sh - a build that cannot write its outputs: an output folder that
# cannot be written, a file where a folder must go, a full disk, the
# staging folder of a build that was killed. Each must
# exit 3 with a message naming the path, leave no temporary file behind and
# leave the outputs of an earlier build as they were, byte for byte.
#
# The read-only folder and the full disk are small tmpfs mounts (read-only,
# and 512 KiB), made in a mount namespace of this runner's own (unshare -m as
# root, unshare -rm otherwise), so that nothing outside it sees them and
# they go when it ends. Where no namespace can be made, a non-root user's
# read-only folder is a chmod 555 one, and the full disk is skipped with
# the reason.
. "$(dirname "$0")/tap.sh"

if [ -z "$EVENTC_WRITE_NS" ]; then
	if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
		EVENTC_WRITE_NS=root exec unshare -m bash "$0" "$@"
	elif unshare -rm true 2>/dev/null; then
		EVENTC_WRITE_NS=user exec unshare -rm bash "$0" "$@"
	fi
	EVENTC_WRITE_NS=none
fi

work=$(mktemp -d)
cleanup() {
	for m in "$work"/ro "$work"/full; do
		mountpoint -q "$m" 2>/dev/null && umount "$m"
	done
	chmod -R u+w "$work" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

small="$work/small.ev"
cat >"$small" <<'EOF'
pattern shop {
  tenant = "acme"
  region = "us-east-1"
}
environment dev { }
queue q { }
EOF
big="$top_srcdir/patterns/event-driven.ev"

# snapshot DIR: every file below DIR with its checksum, sorted
snapshot() { (cd "$1" && find . -type f -exec sha256sum {} + | sort -k 2); }

# failed_write NAME DIR PATTERN WANT: builds PATTERN into DIR, which holds
# an earlier build; expects exit 3, WANT in the message, DIR unchanged.
failed_write() {
	local name=$1 dir=$2 pattern=$3 want=$4 rc=0
	snapshot "$dir" >"$work/before"
	eventc_run build -o "$dir" "$pattern" 2>"$work/err" || rc=$?
	snapshot "$dir" >"$work/after"
	if [ "$rc" -ne 3 ]; then
		tap_not_ok "$name: exits 3 (got $rc)"
		tap_comment <"$work/err"
	else
		tap_ok "$name: exits 3"
	fi
	if grep -q -- "$want" "$work/err"; then
		tap_ok "$name: the message names the path"
	else
		tap_not_ok "$name: the message names the path ($want)"
		tap_comment <"$work/err"
	fi
	if [ -n "$(find "$dir" -name '.eventc-stage-*' -print -quit 2>/dev/null)" ]; then
		tap_not_ok "$name: no staging folder is left"
		find "$dir" -name '.eventc-stage-*' | tap_comment
	else
		tap_ok "$name: no staging folder is left"
	fi
	if cmp -s "$work/before" "$work/after"; then
		tap_ok "$name: the earlier outputs are as they were, nothing else is there"
	else
		tap_not_ok "$name: the earlier outputs are as they were, nothing else is there"
		diff -u "$work/before" "$work/after" | head -n 20 | tap_comment
	fi
}

first_build() {
	if ! eventc_run build -o "$1" "$small" 2>"$work/err"; then
		tap_not_ok "$2: the first build writes"
		tap_comment <"$work/err"
		return 1
	fi
}

# 1. An output folder that cannot be written.
ro="$work/ro"
mkdir -p "$ro"
if first_build "$ro" "read-only folder"; then
	case $EVENTC_WRITE_NS in
	root | user)
		# the earlier build, under a read-only bind of itself
		mount --bind "$ro" "$ro" && mount -o remount,bind,ro "$ro" ||
			tap_not_ok "read-only folder: cannot remount $ro read-only"
		;;
	none)
		chmod -R a-w "$ro"
		;;
	esac
	failed_write "read-only folder" "$ro" "$big" "cannot write in '$ro': "
fi

# 2. A file where a folder must go: the environment's folder is a file.
clash="$work/clash"
if first_build "$clash" "file in the way"; then
	rm -rf "$clash/dev"
	echo "not a folder" >"$clash/dev"
	failed_write "file where a folder must go" "$clash" "$small" \
		"cannot make folder '$clash/dev': a file of that name is in the way"
fi
# and a folder where a file must go
if first_build "$work/clash2" "folder in the way"; then
	rm -f "$work/clash2/dev/cloudformation/template.json"
	mkdir "$work/clash2/dev/cloudformation/template.json"
	failed_write "folder where a file must go" "$work/clash2" "$small" \
		"cannot write '$work/clash2/dev/cloudformation/template.json': a folder of that name is in the way"
fi

# 3. A full disk: a 512 KiB filesystem holds the small build but not the
# reference's (several MiB).
full="$work/full"
mkdir -p "$full"
if [ "$EVENTC_WRITE_NS" = none ]; then
	tap_ok "full disk # SKIP no mount namespace (unshare -m as root, or unshare -rm) to make a 512 KiB tmpfs in"
elif ! mount -t tmpfs -o size=512k tmpfs "$full" 2>"$work/err"; then
	tap_ok "full disk # SKIP cannot mount a tmpfs: $(head -n 1 "$work/err")"
elif first_build "$full" "full disk"; then
	failed_write "full disk" "$full" "$big" "No space left on device"
	used=$(df -k --output=used "$full" | tail -n 1)
	eventc_run build -o "$work/ref" "$big" 2>/dev/null
	size=$(du -sk "$work/ref" | cut -f 1)
	if [ "$size" -gt 512 ]; then
		tap_ok "full disk: the build that failed needs ${size} KiB, more than the 512 there are (${used} KiB used after)"
	else
		tap_not_ok "full disk: the reference's outputs (${size} KiB) fit in 512 KiB, so the disk never filled"
	fi
fi

# 4. A build killed mid-way leaves its staging folder (every file is
# written there as it is made); the next build removes it, and nothing
# else that only looks like one.
left="$work/left"
if first_build "$left" "a killed build's staging folder"; then
	mkdir -p "$left/.eventc-stage-Ab12Cd/dev/cloudformation"
	echo '{}' >"$left/.eventc-stage-Ab12Cd/dev/cloudformation/template.json"
	mkdir "$left/.eventc-stage-mine"
	echo keep >"$left/.eventc-stage-123456"
	if eventc_run build -o "$left" "$small" 2>"$work/err"; then
		tap_ok "a killed build's staging folder: the next build writes"
	else
		tap_not_ok "a killed build's staging folder: the next build writes"
		tap_comment <"$work/err"
	fi
	if [ ! -e "$left/.eventc-stage-Ab12Cd" ]; then
		tap_ok "a killed build's staging folder: the next build removes it"
	else
		tap_not_ok "a killed build's staging folder: the next build removes it"
	fi
	if [ -d "$left/.eventc-stage-mine" ] && [ "$(cat "$left/.eventc-stage-123456")" = keep ]; then
		tap_ok "a killed build's staging folder: a folder or file of another name stays"
	else
		tap_not_ok "a killed build's staging folder: a folder or file of another name stays"
	fi
	n=$(find "$left" -maxdepth 1 -name '.eventc-stage-??????' -type d | wc -l)
	if [ "$n" -eq 0 ]; then
		tap_ok "a build that writes leaves no staging folder"
	else
		tap_not_ok "a build that writes leaves no staging folder ($n there)"
	fi
fi

tap_plan "$tap_count"
tap_done
