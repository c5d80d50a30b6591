-- The Neovim end-to-end test's whole configuration: the plugin from editors/nvim, enabled
-- the way its README says, and nothing else. The server comes from $PGCONF_LSP_PATH.

local repo = vim.env.PGCONF_REPO
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.opt.swapfile = false
vim.opt.shadafile = 'NONE'

if vim.lsp.enable then
  vim.lsp.enable('pgconf_lsp')
end
