-- Checks tactful.lua in a real, headless Neovim against a real tactful-lsp:
--
--   nvim --headless --clean -c 'luafile editors/neovim/smoke.lua'
--
-- TACTFUL_LSP names the server binary (default: tactful-lsp on PATH). Works on Neovim 0.7
-- (start_client fallback) and 0.8+ (vim.lsp.start). Prints one line per check and a closing
-- "N passed, N failed"; exits non-zero on any failure.

local WAIT_MS = 20000
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local repo = vim.fn.fnamemodify(here, ':h:h')
package.path = here .. '/?.lua;' .. package.path

local passed, failed = 0, 0
local function check(what, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write('ok   ' .. what .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL ' .. what .. (detail and (': ' .. detail) or '') .. '\n')
  end
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'tactful' then
      out[tostring(d.code)] = true
    end
  end
  return out
end

local function list(set)
  local keys = vim.tbl_keys(set)
  table.sort(keys)
  return table.concat(keys, ', ')
end

local function tactful_clients(bufnr)
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr })
    or vim.lsp.buf_get_clients(bufnr)
  return vim.tbl_filter(function(c)
    return c.name == 'tactful'
  end, vim.tbl_values(all))
end

-- A scratch workspace: the example reply with its ticket beside it as reply.ticket.md, a
-- tactful.toml as the root marker, and a plain-text copy of the reply.
local root = vim.fn.tempname()
vim.fn.mkdir(root .. '/drafts', 'p')
local example = repo .. '/examples/broke-my-website/'
vim.fn.writefile(vim.fn.readfile(example .. 'reply.md'), root .. '/drafts/reply.md')
vim.fn.writefile(vim.fn.readfile(example .. 'ticket.md'), root .. '/drafts/reply.ticket.md')
vim.fn.writefile(vim.fn.readfile(example .. 'reply.md'), root .. '/drafts/notes.txt')
vim.fn.writefile({ 'audience = "general"' }, root .. '/tactful.toml')

local tactful = require('tactful')
tactful.setup({
  cmd = { os.getenv('TACTFUL_LSP') or 'tactful-lsp' },
  rules = { ['lecture-length'] = 'off' },
})

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/drafts/reply.md'))
local reply = vim.api.nvim_get_current_buf()
local got = vim.wait(WAIT_MS, function()
  return codes(reply)['missing-acknowledgement'] ~= nil
end, 50)
local first = codes(reply)
check('reply.md (markdown) gets missing-acknowledgement from its ticket', got, list(first))
check('reply.md gets jargon', first['jargon'] ~= nil, list(first))
check('lecture-length is off, as setup() passed in init_options', first['lecture-length'] == nil, list(first))
local clients = tactful_clients(reply)
check('one tactful client on the buffer', #clients == 1, tostring(#clients))
if clients[1] then
  check('root is the directory holding tactful.toml', clients[1].config.root_dir == root, clients[1].config.root_dir)
end

tactful.configure({ rules = { jargon = 'off' } })
got = vim.wait(WAIT_MS, function()
  local now = codes(reply)
  return now['jargon'] == nil and now['lecture-length'] ~= nil
end, 50)
check('configure() reaches the server: jargon off, lecture-length back', got, list(codes(reply)))
if not got then
  -- Clients that pull diagnostics (Neovim 0.10+) only ask again after an edit.
  vim.api.nvim_buf_set_lines(reply, -1, -1, false, { '' })
  got = vim.wait(WAIT_MS, function()
    local now = codes(reply)
    return now['jargon'] == nil and now['lecture-length'] ~= nil
  end, 50)
  check('... it shows after the next edit', got, list(codes(reply)))
end

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/drafts/notes.txt'))
local notes = vim.api.nvim_get_current_buf()
check('notes.txt has filetype text', vim.bo[notes].filetype == 'text', vim.bo[notes].filetype)
got = vim.wait(WAIT_MS, function()
  return next(codes(notes)) ~= nil
end, 50)
check('notes.txt (text) gets diagnostics', got, list(codes(notes)))
local shared = tactful_clients(notes)
check(
  'notes.txt shares the running client',
  #shared == 1 and clients[1] ~= nil and shared[1].id == clients[1].id,
  tostring(#shared)
)

-- A hover window is a Markdown buffer too; it must not get a server.
local float = vim.api.nvim_create_buf(false, true)
vim.bo[float].buftype = 'nofile'
vim.bo[float].filetype = 'markdown'
vim.wait(200)
check('scratch markdown buffers are left alone', #tactful_clients(float) == 0)

io.stdout:write(('%d passed, %d failed\n'):format(passed, failed))
for _, client in ipairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
  client.stop()
end
vim.wait(2000, function()
  return #(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) == 0
end, 50)
vim.cmd(failed == 0 and 'qall!' or 'cquit!')
