---@brief
--- Shared pieces of the pgconf-lsp client: the command, the filetypes, which buffers to
--- attach to, and the `vim.lsp.start` path for Neovim 0.10, which lacks `vim.lsp.config`.

local M = {}

--- Filetypes the server reads. `sh` covers `.env` files and shell scripts' `export` lines;
--- the general formats are there for the connection strings they hold.
M.filetypes = {
  'pgconf',
  'pghba',
  'pgident',
  'pgbouncer',
  'userlist',
  'sh',
  'yaml',
  'json',
  'jsonc',
  'toml',
  'jproperties',
}

--- The server command: `$PGCONF_LSP_PATH` when set, else `pgconf-lsp` from `PATH`.
---@return string[]
function M.cmd()
  local path = vim.env.PGCONF_LSP_PATH
  if path == nil or path == '' then
    path = 'pgconf-lsp'
  end
  return { vim.fn.expand(path), '--stdio' }
end

--- The folder to run the server for, or nil when the buffer has no file.
---@param bufnr integer
---@return string?
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  return vim.fs.root(bufnr, { '.git' }) or vim.fs.dirname(name)
end

--- The config of `lsp/pgconf_lsp.lua`, as Neovim 0.11 would load it.
---@return table
function M.config()
  local files = vim.api.nvim_get_runtime_file('lsp/pgconf_lsp.lua', false)
  return dofile(files[1])
end

--- Starts (or reuses) the client for a buffer through `vim.lsp.start`, for Neovim 0.10.
---@param bufnr integer
function M.start(bufnr)
  local root = M.root_dir(bufnr)
  if root == nil then
    return
  end
  local config = vim.deepcopy(M.config())
  config.name = 'pgconf_lsp'
  config.root_dir = root
  config.filetypes = nil
  vim.lsp.start(config, { bufnr = bufnr })
end

return M
