#!/bin/bash
# cli.sh - the command line: subcommands, options and exit codes
# (0 ok, 1 errors in the input, 2 usage, 3 I/O). Each case runs eventc in
# a scratch folder with the small fixtures written below, and checks the
# exit code and a line that standard output or standard error must hold.
. "$(dirname "$0")/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
# the code folders the test patterns name (eventc hashes them)
mkdir -p functions/process && echo "def handler(e, c): return e" >functions/process/app.py

header='pattern shop {
  tenant = "acme"
  region = "us-east-1"
}'
cat >clean.ev <<EOF
$header
environment dev {
  lambda_memory = 256
}
environment prod {
  lambda_memory = 1024
}
function process {
  runtime = "python3.12"
  handler = "app.handler"
  code    = "functions/process"
  memory  = env.lambda_memory
  tracing = active
}
topic jobs {
  subscribe function process
}
EOF
cat >warning.ev <<EOF
$header
environment dev { }
workflow fulfil {
  tracing = true
  choice route {
    when \$.priority == "high" -> fast
  }
  succeed fast { }
}
EOF
cat >errors.ev <<EOF
$header
environment dev { }
queue q1 { retention = 15d }
queue q2 { retention = 16d }
queue q3 { retention = 17d }
EOF
{ echo "$header"; echo 'environment dev { }'; for i in $(seq 25); do echo "queue q$i { retention = 15d }"; done; } >many.ev
printf 'vars:\n  lambda_memory: 2048\n' >good.yaml
printf 'vars:\n  lambda_memory: 20480\n' >too-big.yaml
printf 'vars:\n  lambda_memory: 512\n stray: 1\n' >broken.yaml

# check NAME WANT_RC RC STREAM REGEX: the exit code was WANT_RC and STREAM
# (out or err) holds a line that matches REGEX (grep -E; empty: anything).
check() {
	local name=$1 want_rc=$2 rc=$3 stream=$4 regex=$5
	if [ "$rc" -eq "$want_rc" ] && { [ -z "$regex" ] || grep -Eq -- "$regex" "$stream.txt"; }; then
		tap_ok "$name"
		return
	fi
	tap_not_ok "$name"
	echo "exit $rc, expected $want_rc; std$stream should match: $regex" | tap_comment
	{ echo "--- stdout"; head -n 20 out.txt; echo "--- stderr"; head -n 20 err.txt; } | tap_comment
}

# run NAME RC STREAM REGEX -- ARGS...: runs eventc ARGS (standard input
# from $STDIN, else empty) and checks it as above.
run() {
	local name=$1 want_rc=$2 stream=$3 regex=$4
	shift 5
	eventc_run "$@" >out.txt 2>err.txt <"${STDIN:-/dev/null}"
	check "$name" "$want_rc" "$?" "$stream" "$regex"
}

# quiet NAME STREAM: the last run wrote nothing at all on STREAM.
quiet() {
	if [ -s "$2.txt" ]; then
		tap_not_ok "$1"
		head -n 20 "$2.txt" | tap_comment
	else
		tap_ok "$1"
	fi
}

ANY=''

# general options and commands
run "--help prints usage on stdout" 0 out '^Usage: eventc' -- --help
quiet "--help writes nothing on stderr" err
run "-h is --help" 0 out '^Usage: eventc' -- -h
run "--version prints the version" 0 out '^eventc [0-9]+\.[0-9]+' -- --version
run "no command is a usage error" 2 err '^Usage: eventc' --
run "help check describes check" 0 out '^Usage: eventc check' -- help check
run "help explain describes explain" 0 out '^Usage: eventc explain' -- help explain
run "help fmt describes fmt" 0 out '^Usage: eventc fmt' -- help fmt
run "check --help lists --format" 0 out '--format FORMAT' -- check --help
run "check --help lists --disable" 0 out '--disable CODE' -- check --help
run "fmt with an unknown option" 2 err "unknown option '--frob' for fmt" -- fmt --frob clean.ev
run "check --format needs a value" 2 err "option '--format' needs a value" -- check clean.ev --format
run "build --code takes bucket or local" 2 err "unknown code delivery 'zip'; --code takes bucket or local" -- build --code=zip clean.ev
run "explain W0906 describes a lint code" 0 out '^W0906: queue that nothing uses' -- explain W0906
run "explain E0901" 0 out '^E0901: unknown code to disable or enable' -- explain e0901
run "check --help describes check" 0 out '--werror' -- check --help
run "help of an unknown command" 2 err "unknown command 'frob'" -- help frob
run "unknown command suggests one" 2 err "unknown command 'chek'; did you mean 'check'\?" -- chek clean.ev
run "unknown command prints usage" 2 err '^Usage: eventc' -- chek clean.ev
run "unknown global option" 2 err "unknown option '--frob'" -- --frob
run "unknown check option" 2 err "unknown option '--frob' for check" -- check --frob clean.ev
run "unknown check option prints check usage" 2 err '^Usage: eventc check' -- check --frob clean.ev
run "check without FILE" 2 err 'check needs at least one FILE' -- check
run "bad --max-errors value" 2 err "invalid --max-errors 'many'" -- check --max-errors many clean.ev

# check: results and exit codes
run "clean file exits 0" 0 err "$ANY" -- check clean.ev
quiet "clean file prints nothing on stderr" err
quiet "clean file prints nothing on stdout" out
run "missing file is an I/O error" 3 err "cannot read 'nope.ev'" -- check nope.ev
run "a folder is an I/O error" 3 err "cannot read '\.'" -- check .
run "errors exit 1 with file:line:col" 1 err '^errors\.ev:6:24: error\[E0603\]' -- check errors.ev
run "errors end with a count" 1 err '^eventc: 3 errors, 0 warnings$' -- check errors.ev
run "a warning alone exits 0" 0 err 'warning\[W0801\]' -- check warning.ev
run "--werror makes a warning an error" 1 err 'error\[W0801\].*\(warning treated as error\)' -- check --werror warning.ev
run "-W is --werror" 1 err 'error\[W0801\]' -- check -W warning.ev
run "-w hides warnings" 0 err "$ANY" -- check -w warning.ev
quiet "-w prints nothing for a warning" err
run "--no-warnings is -w" 0 err "$ANY" -- check --no-warnings warning.ev
quiet "--no-warnings prints nothing for a warning" err
run "--max-errors 1 caps the list" 1 err '2 more errors not shown \(--max-errors=1\)' -- check --max-errors 1 errors.ev
run "20 errors are shown by default" 1 err '^eventc: 5 more errors not shown \(--max-errors=20\)$' -- check many.ev
run "--max-errors 0 shows every error" 1 err '^many\.ev:30:25: error' -- check --max-errors 0 many.ev
if grep -q 'not shown' err.txt; then tap_not_ok "--max-errors 0 hides none"; else tap_ok "--max-errors 0 hides none"; fi

# environments and vars files
run "--env selects an environment" 0 err "$ANY" -- check --env prod clean.ev
quiet "--env prod prints nothing" err
run "-e is --env" 0 err "$ANY" -- check -e dev clean.ev
run "--env unknown exits 1" 1 err "error\[E0305\]: unknown environment 'prd'; did you mean 'prod'\?" -- check --env prd clean.ev
run "--vars with a good file" 0 err "$ANY" -- check --vars good.yaml clean.ev
quiet "--vars with a good file prints nothing" err
run "--vars overrides a variable" 1 err '^too-big\.yaml:2:18: error\[E0601\]' -- check --env prod --vars too-big.yaml clean.ev
run "--vars with bad YAML is located in it" 1 err '^broken\.yaml:3:2: error\[E0403\]: invalid YAML' -- check --vars broken.yaml clean.ev
run "--vars with a missing file" 3 err "cannot read 'nope.yaml'" -- check --vars nope.yaml clean.ev

# standard input and several files
STDIN=clean.ev run "- reads standard input" 0 err "$ANY" -- check -
quiet "- on a clean pattern prints nothing" err
STDIN=errors.ev run "errors on standard input name <stdin>" 1 err '^<stdin>:6:24: error\[E0603\]' -- check -
run "several files: each is checked" 1 err '^errors\.ev:6:24' -- check clean.ev errors.ev
run "several files: one summary for all" 1 err '^eventc: 3 errors, 1 warning$' -- check warning.ev errors.ev
run "several files: an unreadable one is an I/O error" 3 err "cannot read 'nope.ev'" -- check clean.ev nope.ev errors.ev
run "several files: the others are still checked" 3 err '^errors\.ev:6:24' -- check clean.ev nope.ev errors.ev
printf 'pattern p {\n' >unclosed.ev
run "several files: a syntax error does not stop the next file's checks" 1 err '^errors\.ev:6:24' -- check unclosed.ev errors.ev
run "options may follow the file (GNU order)" 1 err "error\[E0305\]: unknown environment 'prd'" -- check clean.ev --env prd

# parse
run "parse prints the tree" 0 out '^\(queue q1 \{$' -- parse errors.ev
run "parse without FILE" 2 err 'parse takes one FILE' -- parse
run "parse a missing file" 3 err "cannot read 'nope.ev'" -- parse nope.ev

# explain
run "explain E0301" 0 out '^E0301: unresolved reference$' -- explain E0301
run "explain is case-insensitive" 0 out '^W0601: ' -- explain w0601
run "explain lists every code" 0 out '^E0810  transition after a terminal state$' -- explain
run "explain an unknown code" 2 err "unknown diagnostic code 'E9999'" -- explain E9999

# build --dry-run: every output made, none written
run "build --dry-run succeeds" 0 err "$ANY" -- build --dry-run -o dry clean.ev
if [ -e dry ]; then
	tap_not_ok "build --dry-run writes nothing"
else
	tap_ok "build --dry-run writes nothing"
fi
run "build --dry-run reports the errors a build would" 1 err 'error\[E0603\]' -- build -n -o dry errors.ev

# a full disk on standard output is an I/O error, not success
if [ -w /dev/full ]; then
	eventc_run explain E0301 >/dev/full 2>err.txt
	check "a write error exits 3" 3 "$?" err 'write error'
fi

tap_plan "$tap_count"
tap_done
