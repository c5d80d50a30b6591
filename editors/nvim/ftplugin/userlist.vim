" PgBouncer's auth file: only ; starts a comment (a # line is an error there).
setlocal commentstring=;\ %s comments=:;
let b:undo_ftplugin = "setlocal commentstring< comments<"
