" Vim syntax file
" Language:    eventc pattern language (docs/language.md)
" Filenames:   *.ev
" Highlights keywords, strings and their escapes, numbers, durations,
" booleans, comments (with `# eventc: ignore[CODE]`), env. references,
" component references (kind.name.attr), JSONPaths and transitions.

if exists("b:current_syntax")
  finish
endif

" Names are kebab-case: order-buffer is one word, and wait-for-approval
" holds no keyword.
syntax iskeyword @,48-57,_,-

syntax keyword eventcTopBlock    pattern environment defaults import alarms
" a match, not a keyword, so that queue.name.arn is a reference (a keyword
" would win over the match at the same place)
syntax match   eventcKind        "\<\(key\|bus\|event\|queue\|table\|topic\|function\|rule\|workflow\|stream\|pipe\|schedule\|connection\|api\)\>\.\@!"
syntax keyword eventcState       task choice wait parallel map pass succeed fail branch do
syntax keyword eventcStatement   consume writes reads publishes invokes starts subscribe target
syntax keyword eventcStatement   match detail archive audit dlq filter on retry catch
syntax keyword eventcStatement   invoke publish send put get item emit start
syntax keyword eventcConditional when otherwise
syntax keyword eventcOperator    and or not matches
syntax keyword eventcBoolean     true false
syntax keyword eventcConstant    end wait_for_token sync standard express active passthrough
syntax keyword eventcConstant    required email sqs lambda https http sms
syntax keyword eventcType        string number integer boolean timestamp object array enum

syntax match   eventcNumber      "\<-\?\d\+\(\.\d\+\)\?\([eE][+-]\?\d\+\)\?\>"
syntax match   eventcDuration    "\<-\?\d\+\(ms\|s\|m\|h\|d\)\>"
syntax match   eventcEnvRef      "\<env\.[A-Za-z_][A-Za-z0-9_]*"
syntax match   eventcCompRef     "\<\(key\|bus\|event\|queue\|table\|topic\|function\|rule\|workflow\|stream\|pipe\|schedule\|connection\|api\)\.[a-z][a-z0-9-]*\(\.[a-z_]\+\)\?"
syntax match   eventcJsonPath    "\$\$\=\(\.[A-Za-z_*][A-Za-z0-9_-]*\|\[\d\+\]\|\[\*\]\)*"
syntax match   eventcArrow       "->"

syntax region  eventcString      start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline contains=eventcEscape
syntax match   eventcEscape      +\\["\\/bfnrt]\|\\u\x\{4}+ contained

syntax match   eventcIgnore      "eventc:\s*ignore\[[^]]*\]" contained
syntax keyword eventcTodo        TODO FIXME XXX contained
syntax match   eventcComment     "#.*$" contains=eventcIgnore,eventcTodo

highlight default link eventcTopBlock    Structure
highlight default link eventcKind        Type
highlight default link eventcState       Statement
highlight default link eventcStatement   Statement
highlight default link eventcConditional Conditional
highlight default link eventcOperator    Operator
highlight default link eventcBoolean     Boolean
highlight default link eventcConstant    Constant
highlight default link eventcType        Type
highlight default link eventcNumber      Number
highlight default link eventcDuration    Number
highlight default link eventcEnvRef      Identifier
highlight default link eventcCompRef     Identifier
highlight default link eventcJsonPath    Special
highlight default link eventcArrow       Operator
highlight default link eventcString      String
highlight default link eventcEscape      SpecialChar
highlight default link eventcIgnore      PreProc
highlight default link eventcTodo        Todo
highlight default link eventcComment     Comment

let b:current_syntax = "eventc"
