#!/bin/sh
# make-dict.sh SRCDIR - a libFuzzer dictionary on standard output: the
# scanner's keywords and operators (grammar/lexer.l) and the attribute and
# statement words sema knows (the word lists of src/check/*.c), so that
# mutations put words the language has where it has them.
set -eu
src=$1
{
	# "when" { ... }, "key"|"bus"|... { ... }: the quoted tokens of the rules
	sed -n 's/^\("[^"]*"\(|"[^"]*"\)*\)[[:space:]].*/\1/p' "$src/grammar/lexer.l" | tr '|' '\n'
	# static const char *const attrs[] = { "description", ..., NULL };
	grep -h 'const char \*const [a-z_]*\[\] = {' "$src"/src/check/*.c | grep -o '"[^"]*"'
	# what a pattern writes besides words
	printf '%s\n' '"{"' '"}"' '"["' '"]"' '"("' '")"' '"$."' '"$$."' '"env."' '"30s"' '"-> "' '" = "'
} | grep -v '^""$' | sort -u | awk '{ printf "kw%d=%s\n", NR, $0 }'
