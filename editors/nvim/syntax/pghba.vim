" Vim syntax file
" Language: PostgreSQL client authentication (pg_hba.conf)

if exists('b:current_syntax')
  finish
endif

syn match pghbaComment "#.*$" contains=@Spell
syn match pghbaInclude "^\s*\zs\%(include_if_exists\|include_dir\|include\)\>"
syn match pghbaType "^\s*\zs\%(local\|hostssl\|hostnossl\|hostgssenc\|hostnogssenc\|host\)\>"
syn keyword pghbaKeyword all sameuser samerole samegroup replication samehost samenet
syn keyword pghbaMethod trust reject scram-sha-256 md5 password gss sspi ident peer pam ldap radius cert
syn match pghbaMethod "\<scram-sha-256\>"
syn match pghbaAddress "\<\d\{1,3}\%(\.\d\{1,3}\)\{3}\%(/\d\+\)\=\>"
syn match pghbaAddress "\<\x*:[0-9A-Fa-f:.]*\%(/\d\+\)\="
syn match pghbaGroup "+[^ \t,#]\+"
syn match pghbaFile "@[^ \t,#]\+"
syn region pghbaString start='"' end='"' oneline
syn match pghbaOption "\<[A-Za-z_]\+=" contains=pghbaAssign
syn match pghbaAssign "=" contained

hi def link pghbaComment Comment
hi def link pghbaInclude Include
hi def link pghbaType Statement
hi def link pghbaKeyword Constant
hi def link pghbaMethod Type
hi def link pghbaAddress Number
hi def link pghbaGroup Identifier
hi def link pghbaFile Special
hi def link pghbaString String
hi def link pghbaOption PreProc
hi def link pghbaAssign Operator

let b:current_syntax = 'pghba'
