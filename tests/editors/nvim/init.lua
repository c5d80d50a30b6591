-- The Neovim end-to-end test's whole configuration: the plugin from editors/nvim, enabled
-- the way its README says, and nothing else. The server comes from $PGCONF_LSP_PATH.
-- With E2E_NVIM_START=1 the plugin's own autocommand starts the client through
-- vim.lsp.start, the path Neovim 0.10 takes.

local repo = vim.env.PGCONF_REPO
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'

if vim.env.E2E_NVIM_START == '1' then
  vim.g.pgconf_lsp_autostart = true
elseif vim.lsp.enable then
  vim.lsp.enable('pgconf_lsp')
end
