-- Neovim end-to-end test: opens the fixtures with the real server and checks filetypes,
-- attachment, diagnostics, hovers (request and floating window), quick fixes and health.
-- Prints one line per check and "N passed, N failed"; exits 0, 1 (a check failed) or 2 (the
-- test itself broke). Every wait is bounded by $E2E_TIMEOUT_MS.

local timeout = tonumber(vim.env.E2E_TIMEOUT_MS) or 20000
local workspace = vim.env.E2E_WORKSPACE
local passed, failed = 0, 0

local function say(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    say('ok   nvim: ' .. name)
  else
    failed = failed + 1
    local why = detail and (' (' .. tostring(detail):gsub('\n', ' | ') .. ')') or ''
    say('FAIL nvim: ' .. name .. why)
  end
  return ok
end

local function wait(condition)
  return vim.wait(timeout, condition, 20)
end

-- Headless nvim waits forever at a prompt after an uncaught error; never let it get there.
vim.defer_fn(function()
  say('FAIL nvim: watchdog fired after ' .. (4 * timeout) .. ' ms')
  say(passed .. ' passed, ' .. (failed + 1) .. ' failed')
  vim.cmd('cquit 2')
end, 4 * timeout)

local function client_of(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = 'pgconf_lsp' })[1]
end

local function open(name)
  vim.cmd.edit(vim.fn.fnameescape(workspace .. '/' .. name))
  return vim.api.nvim_get_current_buf()
end

local function diagnostics_with(bufnr, code_prefix)
  return vim.tbl_filter(function(diagnostic)
    return type(diagnostic.code) == 'string' and vim.startswith(diagnostic.code, code_prefix)
  end, vim.diagnostic.get(bufnr))
end

local function text_of(result)
  local contents = result and result.contents
  if type(contents) == 'table' then
    return contents.value or vim.inspect(contents)
  end
  return tostring(contents)
end

--- Hover through the request path, then through the floating window a user sees.
local function check_hover(file, bufnr, line, column, expected)
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = line, character = column },
  }, timeout)
  local result = responses and select(2, next(responses))
  local text = text_of(result and result.result)
  check(file .. ': hover request explains ' .. expected, text:find(expected, 1, true) ~= nil, text)

  vim.api.nvim_win_set_cursor(0, { line + 1, column })
  vim.lsp.buf.hover()
  local float
  wait(function()
    for _, window in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(window).relative ~= '' then
        float = window
        return true
      end
    end
    return false
  end)
  local shown = float
    and table.concat(
      vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false),
      '\n'
    )
  local seen = shown ~= nil and shown:find(expected, 1, true) ~= nil
  check(file .. ': hover window shows ' .. expected, seen, shown)
  if float then
    vim.api.nvim_win_close(float, true)
  end
end

--- Applies the quick fix offered at the diagnostic and waits for the diagnostic to go.
local function check_quick_fix(file, bufnr, code_prefix, expected_line)
  local diagnostic = diagnostics_with(bufnr, code_prefix)[1]
  if not check(file .. ': quick fix target present', diagnostic ~= nil) then
    return
  end
  vim.api.nvim_win_set_cursor(0, { diagnostic.lnum + 1, diagnostic.col })
  vim.lsp.buf.code_action({
    apply = true,
    context = { only = { 'quickfix' }, diagnostics = { diagnostic.user_data.lsp } },
    filter = function(action)
      return action.kind == 'quickfix' and action.edit ~= nil
    end,
  })
  local function fixed_line()
    return vim.api.nvim_buf_get_lines(bufnr, diagnostic.lnum, diagnostic.lnum + 1, false)[1]
  end
  local fixed = wait(function()
    return fixed_line() == expected_line
  end)
  check(file .. ': quick fix rewrites the line', fixed, fixed_line())
  local gone = wait(function()
    return #diagnostics_with(bufnr, code_prefix) == 0
  end)
  check(file .. ': ' .. code_prefix .. ' gone after the fix', gone)
end

--- Opens a file and checks its filetype, attachment and first diagnostic.
local function check_file(file, spec)
  local bufnr = open(file)
  local filetype = vim.bo[bufnr].filetype
  check(file .. ': filetype ' .. spec.filetype, filetype == spec.filetype, filetype)
  if spec.syntax_at then
    local line, column, group = unpack(spec.syntax_at)
    local name = vim.fn.synIDattr(vim.fn.synID(line, column, 1), 'name')
    check(file .. ': syntax group ' .. group, name == group, name)
  end
  local attached = wait(function()
    local client = client_of(bufnr)
    return client ~= nil and client.initialized == true
  end)
  if not check(file .. ': client attached', attached) then
    return nil
  end
  if spec.code then
    local found = wait(function()
      return #diagnostics_with(bufnr, spec.code) > 0
    end)
    local diagnostic = diagnostics_with(bufnr, spec.code)[1]
    check(file .. ': diagnostic ' .. spec.code, found, vim.inspect(vim.diagnostic.get(bufnr)))
    if diagnostic then
      local severity = vim.diagnostic.severity[diagnostic.severity]
      local expected = spec.severity:upper()
      check(file .. ': ' .. spec.code .. ' is ' .. spec.severity, severity == expected, severity)
      local leaks = diagnostic.message:find('s3cret', 1, true)
      check(file .. ': message has no password', not leaks, diagnostic.message)
    end
  end
  return bufnr
end

local function run()
  local hba = check_file('pg_hba.conf', {
    filetype = 'pghba',
    code = 'hba-hostnossl',
    severity = 'warn',
    syntax_at = { 3, 1, 'pghbaType' },
  })
  if hba then
    check_hover('pg_hba.conf', hba, 2, 2, 'connection type')
    check_quick_fix('pg_hba.conf', hba, 'hba-hostnossl', 'hostssl all all 10.0.0.0/8 scram-sha-256')
  end

  local env =
    check_file('.env', { filetype = 'sh', code = 'conn-sslmode-disable', severity = 'error' })
  if env then
    local line = vim.api.nvim_buf_get_lines(env, 1, 2, false)[1]
    check_hover('.env', env, 1, line:find('disable', 1, true), 'Never uses TLS')
    local fixed = line:gsub('sslmode=disable', 'sslmode=verify-full')
    check_quick_fix('.env', env, 'conn-sslmode-disable', fixed)
  end

  local conf = check_file('postgresql.conf', {
    filetype = 'pgconf',
    code = 'conf-password-encryption-md5',
    severity = 'warn',
    syntax_at = { 3, 1, 'pgconfParameter' },
  })
  if conf then
    check_hover('postgresql.conf', conf, 2, 1, 'How a new password is hashed')
  end
  local bouncer = check_file('pgbouncer.ini', {
    filetype = 'pgbouncer',
    code = 'pgb-auth-trust',
    severity = 'warn',
    syntax_at = { 2, 7, 'pgbouncerConnKey' },
  })
  if bouncer then
    check_hover('pgbouncer.ini', bouncer, 5, 13, 'How PgBouncer authenticates clients')
  end
  local userlist = check_file('userlist.txt', {
    filetype = 'userlist',
    code = 'pgb-userlist-plain-password',
    severity = 'warn',
    syntax_at = { 2, 2, 'userlistUser' },
  })
  if userlist then
    check_hover('userlist.txt', userlist, 1, 8, 'plain-text password')
    local responses = vim.lsp.buf_request_sync(userlist, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(userlist) },
      position = { line = 1, character = 8 },
    }, timeout)
    local result = responses and select(2, next(responses))
    local text = text_of(result and result.result)
    local masked = text:find('****', 1, true) ~= nil and not text:find('s3cret', 1, true)
    check('userlist.txt: hover masks the secret', masked, text)
  end
  local prod = vim.filetype.match({ filename = workspace .. '/userlist-prod.txt' })
  check('userlist-prod.txt: filetype userlist', prod == 'userlist', prod)
  check_file('.env.local', { filetype = 'sh' })
  check_file('pg_ident.conf', {
    filetype = 'pgident',
    code = 'ident-syntax',
    severity = 'error',
    syntax_at = { 2, 1, 'pgidentMap' },
  })
  local ldap = vim.filetype.match({ filename = workspace .. '/pg_ident_ldap.conf' })
  check('pg_ident_ldap.conf: filetype pgident', ldap == 'pgident', ldap)

  check_file('script.sh', { filetype = 'sh', code = 'conn-sslmode-require', severity = 'warn' })
  local servers = #vim.lsp.get_clients({ name = 'pgconf_lsp' })
  check('one pgconf_lsp server for all buffers', servers == 1, servers)

  vim.cmd('checkhealth pgconf_lsp')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  check(':checkhealth finds the server', report:find('OK pgconf%-lsp %d') ~= nil, report)
  check(':checkhealth reports no error', report:find('ERROR') == nil, report)
end

local ok, error = pcall(run)
if not ok then
  say('FAIL nvim: the test raised ' .. tostring(error))
  failed = failed + 1
end
say(passed .. ' passed, ' .. failed .. ' failed')
vim.cmd('cquit ' .. ((not ok) and 2 or (failed > 0 and 1 or 0)))
