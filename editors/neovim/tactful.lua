-- tactful for Neovim: runs the tactful language server on Markdown and plain-text buffers.
--
-- Put this file on 'runtimepath' as lua/tactful.lua, then in init.lua:
--
--   require('tactful').setup({
--     audience = 'general',                    -- novice | general | technical
--     mode = 'reply',                          -- reply | template
--     rules = { ['lecture-length'] = 'off' },  -- rule id -> off | hint | info | warning | error
--   })
--
-- Settings left out are decided by the nearest tactful.toml. Needs Neovim 0.8 or later
-- (vim.lsp.start); on 0.7 it falls back to vim.lsp.start_client + vim.lsp.buf_attach_client.

local M = {}

M.defaults = {
  -- The server command; { 'tactful' } (the CLI) becomes { 'tactful', 'lsp' }.
  cmd = { 'tactful-lsp' },
  filetypes = { 'markdown', 'text' },
  -- The workspace root is the nearest directory holding one of these, else the file's own.
  root_markers = { 'tactful.toml', '.git' },
  audience = nil,
  mode = nil,
  rules = nil,
}

local options = vim.deepcopy(M.defaults)
local clients_by_root = {} -- Neovim 0.7 only: client id per root directory
local warned = false

local function notify(client, method, params)
  if vim.fn.has('nvim-0.11') == 1 then
    client:notify(method, params)
  else
    client.notify(method, params)
  end
end

local function running_clients()
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ name = 'tactful' }) or vim.lsp.get_active_clients()
  return vim.tbl_filter(function(c)
    return c.name == 'tactful'
  end, all)
end

-- The command to run, with `lsp` added when the program is the tactful CLI.
local function command(cmd)
  cmd = type(cmd) == 'string' and { cmd } or vim.deepcopy(cmd)
  if #cmd == 1 and vim.fn.fnamemodify(cmd[1], ':t'):gsub('%.exe$', '') == 'tactful' then
    table.insert(cmd, 'lsp')
  end
  return cmd
end

-- `{ tactful = { ... } }`, what the server reads from initializationOptions and
-- workspace/didChangeConfiguration. Empty tables go out as JSON objects, not arrays.
function M.settings(opts)
  opts = opts or options
  local tactful = vim.empty_dict()
  tactful.audience = opts.audience
  tactful.mode = opts.mode
  if opts.rules and next(opts.rules) then
    tactful.rules = opts.rules
  end
  return { tactful = tactful }
end

local function find_root(file, markers)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  while true do
    for _, marker in ipairs(markers) do
      if (vim.uv or vim.loop).fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return vim.fn.fnamemodify(file, ':p:h')
    end
    dir = parent
  end
end

--- Starts tactful for a buffer, or attaches the buffer to the tactful already running for its root.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local file = vim.api.nvim_buf_get_name(bufnr)
  -- Only files: not hover windows (Markdown with buftype=nofile), help or unnamed buffers.
  if vim.bo[bufnr].buftype ~= '' or file == '' then
    return
  end
  local cmd = command(options.cmd)
  if vim.fn.executable(cmd[1]) ~= 1 then
    if not warned then
      warned = true
      local why = cmd[1]:find('[/\\]') and 'is not an executable file' or 'was not found on PATH'
      vim.notify(
        ('tactful: cannot start the language server: %q %s. Put tactful-lsp on PATH, or pass '
          .. "its absolute path: require('tactful').setup({ cmd = { '/path/to/tactful-lsp' } })"):format(cmd[1], why),
        vim.log.levels.ERROR
      )
    end
    return
  end
  local settings = M.settings()
  local config = {
    name = 'tactful',
    cmd = cmd,
    root_dir = find_root(file, options.root_markers),
    init_options = settings,
    settings = settings,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  -- Neovim 0.7: one client per root, attached buffer by buffer.
  local id = clients_by_root[config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(config)
    clients_by_root[config.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

--- Sets up tactful: from now on every buffer of the configured filetypes gets the server.
function M.setup(opts)
  if vim.fn.has('nvim-0.7') ~= 1 then
    vim.notify('tactful needs Neovim 0.7 or later', vim.log.levels.ERROR)
    return
  end
  options = vim.tbl_extend('force', vim.deepcopy(M.defaults), opts or {})
  local group = vim.api.nvim_create_augroup('tactful', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = options.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open when setup() runs (e.g. from a plugin manager's lazy loading).
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(options.filetypes, vim.bo[buf].filetype) then
      M.attach(buf)
    end
  end
end

--- Changes audience, mode or rules while running; the servers re-check every open draft.
--- `false` hands a setting back to tactful.toml.
---   require('tactful').configure({ audience = 'novice', rules = false })
function M.configure(opts)
  for _, key in ipairs({ 'audience', 'mode', 'rules' }) do
    if opts[key] == false then
      options[key] = nil
    elseif opts[key] ~= nil then
      options[key] = opts[key]
    end
  end
  local settings = M.settings()
  for _, client in ipairs(running_clients()) do
    client.config.settings = settings
    notify(client, 'workspace/didChangeConfiguration', { settings = settings })
  end
end

return M
