#!/bin/bash
# editors.sh - the editor support of editors/ highlights what it says it
# does, on the reference and on a small file with what the reference lacks
# (an ignore comment, escapes, a multi-line string error):
#  - the TextMate grammar is valid JSON whose expressions compile, and its
#    tokenizer (editors-check.py) gives keywords, strings, durations,
#    comments, env. references, component references and JSONPaths their
#    scopes, and none to names that contain a keyword (audit-copy);
#  - Vim's ftdetect makes *.ev eventc (over Vim's own Hercules guess), and
#    its syntax gives the same tokens the same groups (synID at each).
# Without Python or a Vim with +syntax, the case says what it skipped, and
# fails under CI=true.
. "$(dirname "$0")/tap.sh"

PY=${PYTHON:-python3}
[ -x /usr/bin/python3 ] && ! $PY -c 'import json' 2>/dev/null && PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ref=$top_srcdir/patterns/event-driven.ev
grammar=$top_srcdir/editors/textmate/eventc.tmLanguage.json
printf 'queue order-buffer {   # eventc: ignore[W0906]\n  backoff = 2.0\n  s = "a\\"b"\n}\n' >"$work/sample.ev"
tap_plan 4

skip_or_fail() {
	if [ "$CI" = true ]; then
		tap_not_ok "$1: $2"
	else
		tap_ok "$1 # SKIP $2"
	fi
}

# LINE:TEXT:SCOPE of the reference (TextMate scope prefix) and the Vim group
ref_tokens=(
	'6:pattern:keyword.declaration.block:eventcTopBlock'
	'8:"acme":string.quoted.double:eventcString'
	'8:# stacks are named:comment.line:eventcComment'
	'15:7d:constant.numeric.duration:eventcDuration'
	'16:256:constant.numeric:eventcNumber'
	'38:env.log_retention:meta.reference.env:eventcEnvRef'
	'60:true:constant.language.boolean:eventcBoolean'
	'90:queue:storage.type.kind:eventcKind'
	'90:audit-copy:-:-'
	'120:table.order-state.name:meta.reference.component:eventcCompRef'
	'159:"$.detail":string.quoted:eventcString'
	'181:$.priority:string.other.jsonpath:eventcJsonPath'
	'181:->:keyword.operator.transition:eventcArrow'
	'181:when:keyword.control.conditional:eventcConditional'
	'171:task:keyword.control.state:eventcState'
	'82:consumer:comment.line:eventcComment'
	'122:consume:keyword.other.statement:eventcStatement'
)
sample_tokens=(
	'1:eventc: ignore[W0906]:meta.directive.ignore:eventcIgnore'
	'2:2.0:constant.numeric:eventcNumber'
	'3:\":constant.character.escape:eventcEscape'
)

tm_args() { for t in "$@"; do echo "${t%:*}"; done; }
if ! $PY -c 'import json' 2>/dev/null; then
	skip_or_fail "TextMate grammar" "no python3"
	skip_or_fail "TextMate grammar, sample" "no python3"
else
	mapfile -t a < <(tm_args "${ref_tokens[@]}")
	if $PY "$top_srcdir/tests/editors-check.py" "$grammar" "$ref" "${a[@]}" >"$work/out"; then
		tap_ok "TextMate grammar: the reference's tokens get their scopes"
	else
		tap_not_ok "TextMate grammar: the reference's tokens"
		tap_comment <"$work/out"
	fi
	mapfile -t a < <(tm_args "${sample_tokens[@]}")
	if $PY "$top_srcdir/tests/editors-check.py" "$grammar" "$work/sample.ev" "${a[@]}" >"$work/out"; then
		tap_ok "TextMate grammar: ignore comments, numbers, escapes"
	else
		tap_not_ok "TextMate grammar: ignore comments, numbers, escapes"
		tap_comment <"$work/out"
	fi
fi

# Vim: the group at each token's first character, as `LINE:TEXT:GROUP`
vim_check() {
	local file=$1
	shift
	local script=$work/check.vim
	{
		echo "let out = [&filetype]"
		for t in "$@"; do
			local group=${t##*:} rest=${t%:*}
			rest=${rest%:*}
			local ln=${rest%%:*} text=${rest#*:}
			# the column of TEXT in line LN, found by Vim itself
			printf 'let c = stridx(getline(%d), "%s") + 1\n' "$ln" "$(printf '%s' "$text" | sed 's/\\/\\\\/g; s/"/\\"/g')"
			printf 'let g = c ? synIDattr(synID(%d, c, 1), "name") : "(not found)"\n' "$ln"
			printf 'if g ==# "" | let g = "-" | endif\n'
			printf 'if g !=# "%s" | call add(out, "%s: " . g . ", want %s") | endif\n' "$group" "$ln" "$group"
		done
		echo "call writefile(out, '$work/vim.out')"
		echo "qa!"
	} >"$script"
	vim -u NONE -i NONE -N -es -c "set rtp^=$top_srcdir/editors/vim" -c 'filetype on' -c 'syntax on' \
		-c "edit $file" -c "source $script" </dev/null >/dev/null 2>&1
}
if ! vim --version 2>/dev/null | grep -q '+syntax'; then
	skip_or_fail "Vim syntax" "no vim with +syntax"
	skip_or_fail "Vim syntax, sample" "no vim with +syntax"
else
	for which in ref sample; do
		if [ $which = ref ]; then
			vim_check "$ref" "${ref_tokens[@]}"
		else
			vim_check "$work/sample.ev" "${sample_tokens[@]}"
		fi
		if [ "$(head -n 1 "$work/vim.out" 2>/dev/null)" = eventc ] && [ "$(wc -l <"$work/vim.out")" = 1 ]; then
			tap_ok "Vim: *.ev is eventc, and the $which's tokens get their groups"
		else
			tap_not_ok "Vim: the $which's tokens"
			tap_comment <"$work/vim.out"
		fi
	done
fi
tap_done
