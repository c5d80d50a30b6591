" Vim syntax file
" Language: PgBouncer auth file (userlist.txt): "user" "secret" lines

if exists('b:current_syntax')
  finish
endif

syn match userlistComment "^\s*;.*$" contains=@Spell
syn match userlistError "^\s*#.*$"
" A "" inside a field stands for one ".
syn match userlistEscape '""' contained
syn match userlistUser '^\s*\zs"\%([^"]\|""\)*"' contains=userlistEscape nextgroup=userlistSecret skipwhite
syn match userlistSecret '"\%([^"]\|""\)*"' contained contains=userlistEscape

hi def link userlistComment Comment
hi def link userlistError Error
hi def link userlistEscape SpecialChar
hi def link userlistUser Identifier
hi def link userlistSecret String

let b:current_syntax = 'userlist'
