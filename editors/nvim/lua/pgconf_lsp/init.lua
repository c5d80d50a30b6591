---@brief
--- Shared pieces of the pgconf-lsp client: the command, the filetypes, which buffers to
--- attach to, and the `vim.lsp.start` path for Neovim 0.10, which lacks `vim.lsp.config`.

local M = {}

--- Filetypes the server reads. `sh` is there for `.env` files; `root_dir` filters it.
M.filetypes = { 'pgconf', 'pghba', 'pgident', 'pgbouncer', 'userlist', 'sh' }

--- The server command: `$PGCONF_LSP_PATH` when set, else `pgconf-lsp` from `PATH`.
---@return string[]
function M.cmd()
  local path = vim.env.PGCONF_LSP_PATH
  if path == nil or path == '' then
    path = 'pgconf-lsp'
  end
  return { vim.fn.expand(path), '--stdio' }
end

--- Whether a file name is one the server reads as dotenv: `.env`, `.env.*` or `*.env`.
---@param name string
---@return boolean
function M.is_env_file(name)
  local base = vim.fs.basename(name)
  return base == '.env'
    or vim.startswith(base, '.env.')
    or (#base > 4 and vim.endswith(base, '.env'))
end

--- The folder to run the server for, or nil when the buffer is not ours (a shell script).
---@param bufnr integer
---@return string?
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  if vim.bo[bufnr].filetype == 'sh' and not M.is_env_file(name) then
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
