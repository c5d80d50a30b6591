" PgBouncer reads ; and # comments; ; is the one its sample file uses.
setlocal commentstring=;\ %s comments=:;,:#
let b:undo_ftplugin = "setlocal commentstring< comments<"
