" Vim syntax file
" Language: PostgreSQL server configuration (postgresql.conf)

if exists('b:current_syntax')
  finish
endif

syn match pgconfComment "#.*$" contains=@Spell
syn keyword pgconfInclude include include_dir include_if_exists
syn match pgconfParameter
      \ "^\s*\zs[A-Za-z_][A-Za-z0-9_$]*\%(\.[A-Za-z_][A-Za-z0-9_$]*\)*"
      \ nextgroup=pgconfAssign skipwhite
syn match pgconfAssign "=" contained
syn region pgconfString start="'" skip="''\|\\'" end="'" contains=pgconfEscape oneline
syn match pgconfEscape "''\|\\." contained
syn match pgconfNumber "\<[-+]\=\d\+\%(\.\d*\)\=\%(B\|kB\|MB\|GB\|TB\|us\|ms\|s\|min\|h\|d\)\=\>"
syn keyword pgconfBoolean on off true false yes no

hi def link pgconfComment Comment
hi def link pgconfInclude Include
hi def link pgconfParameter Identifier
hi def link pgconfAssign Operator
hi def link pgconfString String
hi def link pgconfEscape SpecialChar
hi def link pgconfNumber Number
hi def link pgconfBoolean Boolean

let b:current_syntax = 'pgconf'
