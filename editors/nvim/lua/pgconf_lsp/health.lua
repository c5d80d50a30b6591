---@brief
--- `:checkhealth pgconf_lsp`: the Neovim version, the server executable and its version,
--- filetype detection, and whether the client is enabled and attached.

local M = {}

local function check_server()
  local cmd = require('pgconf_lsp').cmd()
  local executable = cmd[1]
  if vim.fn.executable(executable) ~= 1 then
    vim.health.error(('`%s` is not executable'):format(executable), {
      'Install pgconf-lsp (cargo install --path server) so that it is on PATH,',
      'or set $PGCONF_LSP_PATH,',
      'or override `cmd` with vim.lsp.config("pgconf_lsp", { cmd = ... }).',
    })
    return
  end

  local result = vim.system({ executable, '--version' }, { text = true }):wait(5000)
  local version = vim.trim(result.stdout or '')
  if result.code == 0 and vim.startswith(version, 'pgconf-lsp') then
    vim.health.ok(('%s (%s)'):format(version, vim.fn.exepath(executable)))
  else
    vim.health.error(('`%s --version` failed (exit %s): %s'):format(
      executable,
      tostring(result.code),
      vim.trim((result.stderr or '') .. version)
    ))
  end
end

local function check_filetypes()
  local expected = {
    ['postgresql.conf'] = 'pgconf',
    ['pg_hba.conf'] = 'pghba',
    ['pg_ident.conf'] = 'pgident',
    ['pgbouncer.ini'] = 'pgbouncer',
    ['userlist.txt'] = 'userlist',
    ['userlist-prod.txt'] = 'userlist',
  }
  for name, filetype in pairs(expected) do
    local detected = vim.filetype.match({ filename = name })
    if detected == filetype then
      vim.health.ok(('%s is %s'):format(name, filetype))
    else
      vim.health.warn(('%s is detected as %s, not %s'):format(name, tostring(detected), filetype))
    end
  end
end

local function check_client()
  if vim.lsp.config == nil then
    vim.health.info('Neovim before 0.11: the plugin starts the client through vim.lsp.start')
  elseif vim.lsp.is_enabled and not vim.lsp.is_enabled('pgconf_lsp') then
    vim.health.warn(
      'pgconf_lsp is not enabled',
      { "Add vim.lsp.enable('pgconf_lsp') to your config." }
    )
  else
    vim.health.ok('pgconf_lsp is enabled')
  end
  local clients = vim.lsp.get_clients({ name = 'pgconf_lsp' })
  vim.health.info(('%d pgconf_lsp client(s) running'):format(#clients))
end

function M.check()
  vim.health.start('pgconf_lsp')
  if vim.fn.has('nvim-0.10') == 1 then
    vim.health.ok('Neovim ' .. tostring(vim.version()))
  else
    vim.health.error('Neovim 0.10 or later is needed')
  end
  check_server()
  check_filetypes()
  check_client()
end

return M
