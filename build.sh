#!/usr/bin/env bash
# build.sh - the first command of the quick start, on a fresh Debian machine:
# install what is missing (apt-get), generate the build system, build eventc
# out of tree in build/, and run the main job on the reference pattern:
# eventc build, which checks it and writes its outputs to out/.
# Safe to run again: each step is skipped or incremental when already done.
# Quiet on success but for the main job's own output; on failure it prints
# the log of the step that failed.
set -euo pipefail

cd "$(dirname "$0")"

# The main job: check the reference pattern and write every output of every
# environment below out/ (CloudFormation, ASL, alarms, Terraform and Atmos).
main_job=(build -o out patterns/event-driven.ev)

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Runs a step with its output in $log; shows the log only if it fails.
step() {
	local what=$1
	shift
	if ! "$@" >"$log" 2>&1; then
		echo "build.sh: $what failed:" >&2
		cat "$log" >&2
		exit 1
	fi
}

# Debian package, and how to tell that what it provides is already here
# (by the tool, not by dpkg: nodesource's nodejs, for one, ships npm).
# Python's modules are asked of /usr/bin/python3, the interpreter Debian's
# packages serve and the tests' validators name: a python3 earlier on PATH
# (pyenv's) may have them while Debian's has not.
packages=(
	"flex|command -v flex"
	"bison|command -v bison"
	"autoconf|command -v autoconf"
	"automake|command -v automake"
	"pkg-config|command -v pkg-config"
	"make|command -v make"
	"gcc|command -v gcc"
	"libjansson-dev|pkg-config --exists 'jansson >= 2.12'"
	"libyaml-dev|pkg-config --exists 'yaml-0.1 >= 0.2'"
	"python3-jsonschema|/usr/bin/python3 -c 'import jsonschema'"
	"python3-yaml|/usr/bin/python3 -c 'import yaml'"
	"python3-regex|/usr/bin/python3 -c 'import regex'"
	"nodejs|command -v node"
	"npm|command -v npm"
	"vim|vim --version 2>/dev/null | grep -q '+syntax'"
	"patch|command -v patch"
)

missing=()
for entry in "${packages[@]}"; do
	pkg=${entry%%|*}
	probe=${entry#*|}
	if ! bash -c "$probe" >/dev/null 2>&1; then
		missing+=("$pkg")
	fi
done

if ((${#missing[@]} > 0)); then
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "build.sh: missing: ${missing[*]}; install them (no apt-get here)" >&2
		exit 1
	fi
	sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		sudo=(sudo)
	fi
	export DEBIAN_FRONTEND=noninteractive
	step "apt-get update" "${sudo[@]}" apt-get update -q
	step "apt-get install ${missing[*]}" "${sudo[@]}" apt-get install -y -q \
		--no-install-recommends "${missing[@]}"
fi

# The generated build system is not in git; make it once, or again when
# configure.ac or Makefile.am is newer than it.
if [ ! -x configure ] || [ ! -f Makefile.in ] || [ ! -f build-aux/tap-driver.sh ] ||
	[ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	step "autoreconf" autoreconf -fi
fi

# The external validators that the test suite runs over generated outputs
# (pinned in tests/validators/package-lock.json). Without them the suite
# skips those checks, so a failure here is a warning, not the end.
validators=tests/validators
if [ -f "$validators/package-lock.json" ] &&
	{ [ ! -f "$validators/node_modules/.package-lock.json" ] ||
		[ "$validators/package-lock.json" -nt "$validators/node_modules/.package-lock.json" ]; }; then
	if ! npm ci --prefix "$validators" --no-audit --no-fund >"$log" 2>&1; then
		echo "build.sh: warning: npm ci in $validators failed; the tests will skip the validators:" >&2
		tail -n 20 "$log" >&2
	fi
fi

mkdir -p build
if [ ! -f build/Makefile ]; then
	step "configure" sh -c 'cd build && ../configure -q'
fi
step "make" make -C build -j"$(nproc 2>/dev/null || echo 2)"

rc=0
build/eventc "${main_job[@]}" || rc=$?
if [ "$rc" -eq 0 ]; then
	echo "build.sh: build/eventc ${main_job[*]}: ok; the outputs are in out/"
fi
exit "$rc"
