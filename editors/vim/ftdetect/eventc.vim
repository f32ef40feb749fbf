" eventc pattern files: *.ev. Vim's own detection takes *.ev for Hercules
" (a chip design tool's files), so this sets the type rather than
" :setfiletype, which would leave that one in place.
autocmd BufRead,BufNewFile *.ev set filetype=eventc
