" Vim syntax file
" Language: PostgreSQL user name maps (pg_ident.conf)

if exists('b:current_syntax')
  finish
endif

syn match pgidentComment "#.*$" contains=@Spell
syn match pgidentInclude "^\s*\zs\%(include_if_exists\|include_dir\|include\)\>"
syn match pgidentMap "^\s*\zs[^ \t#]\+" nextgroup=pgidentSystemUser skipwhite
syn match pgidentSystemUser "[^ \t#]\+" contained contains=pgidentRegex nextgroup=pgidentUser skipwhite
syn match pgidentRegex '"\=/.*' contained
syn match pgidentUser "[^ \t#]\+" contained contains=pgidentBackref
syn match pgidentBackref "\\1" contained

hi def link pgidentComment Comment
hi def link pgidentInclude Include
hi def link pgidentMap Identifier
hi def link pgidentSystemUser String
hi def link pgidentRegex Special
hi def link pgidentUser Type
hi def link pgidentBackref SpecialChar

let b:current_syntax = 'pgident'
