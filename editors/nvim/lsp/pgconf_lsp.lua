---@brief
---
--- pgconf-lsp: diagnostics, hovers and quick fixes for postgresql.conf, pg_hba.conf,
--- pg_ident.conf, pgbouncer.ini, PgBouncer's userlist.txt and the connection strings in
--- .env files, shell scripts, YAML, JSON, TOML and .properties files.
---
--- The command is `pgconf-lsp --stdio`; `$PGCONF_LSP_PATH` names another executable.
--- `.env` and `.env.*` buffers keep their `sh` filetype; the server reads them as `.env`
--- files by their name. Enable with:
---
--- ```lua
--- vim.lsp.enable('pgconf_lsp')
--- ```
---
--- Settings (all optional) go under `settings.pgconfLsp`, e.g.
--- `vim.lsp.config('pgconf_lsp', { settings = { pgconfLsp = { postgresVersion = 16 } } })`.

local pgconf_lsp = require('pgconf_lsp')

---@type vim.lsp.Config
return {
  cmd = pgconf_lsp.cmd(),
  filetypes = pgconf_lsp.filetypes,
  root_dir = function(bufnr, on_dir)
    local root = pgconf_lsp.root_dir(bufnr)
    if root then
      on_dir(root)
    end
  end,
  settings = { pgconfLsp = {} },
}
