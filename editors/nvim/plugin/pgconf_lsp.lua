-- Filetypes for PostgreSQL and PgBouncer files, and on Neovim 0.10 the autocommand that
-- starts pgconf-lsp. On 0.11 and later, `vim.lsp.enable('pgconf_lsp')` starts it instead,
-- unless `vim.g.pgconf_lsp_autostart = true` asks for the autocommand there too.

if vim.g.loaded_pgconf_lsp then
  return
end
vim.g.loaded_pgconf_lsp = true

vim.filetype.add({
  filename = {
    ['postgresql.conf'] = 'pgconf',
    ['postgresql.auto.conf'] = 'pgconf',
    ['pg_hba.conf'] = 'pghba',
    ['pg_ident.conf'] = 'pgident',
    ['pgbouncer.ini'] = 'pgbouncer',
    ['userlist.txt'] = 'userlist',
  },
  pattern = {
    ['.*/conf%.d/.*%.conf'] = 'pgconf',
    -- pg_ident.conf and the like, pg_ident_ldap.conf, as the server's kinds are told apart.
    ['.*/pg_ident[^/]*%.conf'] = 'pgident',
    -- PgBouncer's auth_file: userlist.txt and the like, userlist-prod.txt.
    ['.*/userlist[^/]*%.txt'] = 'userlist',
    -- Neovim knows `.env` as `sh` but not `.env.local`; give those `sh` too, as a fallback only.
    ['.*/%.env%.[%w_.-]+'] = { 'sh', { priority = -math.huge } },
  },
})

local autostart = vim.g.pgconf_lsp_autostart
if autostart == nil then
  autostart = vim.lsp.config == nil
end
if autostart and vim.fn.has('nvim-0.10') == 1 then
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('pgconf_lsp', {}),
    pattern = require('pgconf_lsp').filetypes,
    callback = function(event)
      require('pgconf_lsp').start(event.buf)
    end,
  })
end
