" Vim syntax file
" Language: PgBouncer configuration (pgbouncer.ini), an ini file with extras

if exists('b:current_syntax')
  finish
endif

runtime! syntax/dosini.vim
unlet! b:current_syntax

syn match pgbouncerInclude "^\s*%include\>"
syn match pgbouncerComment "^\s*#.*$" contains=@Spell
" The keys of a [databases] entry's value: host=... port=... dbname=...
syn match pgbouncerConnKey
      \ "\<\%(host\|port\|dbname\|user\|password\|auth_user\|pool_size\|pool_mode\|max_db_connections\|client_encoding\|datestyle\|timezone\|application_name\)\ze="
      \ containedin=dosiniValue

hi def link pgbouncerInclude Include
hi def link pgbouncerComment Comment
hi def link pgbouncerConnKey Keyword

let b:current_syntax = 'pgbouncer'
