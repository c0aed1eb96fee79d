-- Drives tactful-lsp from headless Neovim (0.7 API) for tests/neovim.rs, which runs
--   nvim --headless --clean -n -c "lua dofile(os.getenv('TACTFUL_NVIM_DRIVER'))"
--
-- Environment:
--   TACTFUL_NVIM_SERVER  the tactful-lsp binary
--   TACTFUL_NVIM_ROOT    the workspace root (a temp dir)
--   TACTFUL_NVIM_DRAFTS  the drafts to open, one path a line
--   TACTFUL_NVIM_OUT     where to write the JSON record
--
-- For each draft: open it, wait for tactful's diagnostics, ask for code actions at the first
-- `jargon` diagnostic, apply the first quick fix for it, wait for the diagnostics of the edited
-- buffer, and record all of it. Then stop the server and record how it exited. Everything
-- recorded is what Neovim itself received or holds; tests/neovim.rs makes the assertions.

local WAIT_MS = 20000

local result = {
  nvim_version = tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch,
  log = {},
  shown = {},
  drafts = {},
}

-- Every textDocument/publishDiagnostics, by URI, in arrival order (the raw LSP params).
local published = {}

local function env(name)
  local value = os.getenv(name)
  if value == nil or value == "" then
    error("the environment variable " .. name .. " is not set")
  end
  return value
end

local function wait_for(what, predicate)
  local ok = vim.wait(WAIT_MS, predicate, 20)
  if not ok then
    error("timed out after " .. WAIT_MS .. " ms waiting for " .. what)
  end
end

local function position(p)
  return { line = p.line, character = p.character }
end

local function lsp_range(r)
  return { start = position(r.start), ["end"] = position(r["end"]) }
end

-- The raw LSP diagnostics, in the order the server sent them.
local function raw_diagnostics(params)
  local out = {}
  for _, d in ipairs(params.diagnostics or {}) do
    table.insert(out, {
      code = d.code,
      severity = d.severity,
      source = d.source,
      message = d.message,
      range = lsp_range(d.range),
    })
  end
  return out
end

-- What vim.diagnostic holds for the buffer (columns are byte offsets, Neovim's own).
local function vim_diagnostics(bufnr, client_id)
  local ns = vim.lsp.diagnostic.get_namespace(client_id)
  local items = vim.diagnostic.get(bufnr, { namespace = ns })
  table.sort(items, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
  local out = {}
  for _, d in ipairs(items) do
    table.insert(out, {
      code = d.code,
      severity = d.severity,
      source = d.source,
      message = d.message,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
    })
  end
  return out
end

-- The latest publish for `uri` whose version is at least `version` (any version if nil).
local function latest(uri, version)
  local list = published[uri]
  if not list or #list == 0 then
    return nil
  end
  local last = list[#list]
  if version ~= nil and (last.version == nil or last.version < version) then
    return nil
  end
  return last
end

local function first_jargon(params)
  local best
  for _, d in ipairs(params.diagnostics or {}) do
    if d.code == "jargon" then
      local s = d.range.start
      if best == nil
        or s.line < best.range.start.line
        or (s.line == best.range.start.line and s.character < best.range.start.character)
      then
        best = d
      end
    end
  end
  return best
end

local function same_diagnostic(a, b)
  local ar, br = a.range, b.range
  return a.code == b.code
    and a.message == b.message
    and ar.start.line == br.start.line
    and ar.start.character == br.start.character
    and ar["end"].line == br["end"].line
    and ar["end"].character == br["end"].character
end

local function check_draft(client_id, path)
  local record = { path = path }
  table.insert(result.drafts, record)

  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  record.filetype = vim.bo[bufnr].filetype
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    error("vim.lsp.buf_attach_client failed for " .. path)
  end
  local uri = vim.uri_from_bufnr(bufnr)
  record.uri = uri

  -- 1. The diagnostics of the draft as opened.
  wait_for("the first diagnostics of " .. uri, function()
    local p = latest(uri)
    return p ~= nil and #(p.diagnostics or {}) > 0
  end)
  local before = latest(uri)
  record.before = {
    version = before.version,
    buffer_version = vim.lsp.util.buf_versions[bufnr],
    lsp = raw_diagnostics(before),
    vim = vim_diagnostics(bufnr, client_id),
  }

  -- 2. Code actions at the first jargon diagnostic.
  local target = first_jargon(before)
  if target == nil then
    record.error = "no jargon diagnostic to ask code actions for"
    return
  end
  record.target = { message = target.message, range = lsp_range(target.range) }
  local responses, err = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", {
    textDocument = { uri = uri },
    range = target.range,
    context = { diagnostics = { target } },
  }, WAIT_MS)
  if responses == nil then
    error("textDocument/codeAction got no answer: " .. tostring(err))
  end
  local response = responses[client_id]
  if response == nil then
    error("textDocument/codeAction: no response from the tactful client")
  end
  if response.error ~= nil then
    error("textDocument/codeAction failed: " .. vim.inspect(response.error))
  end
  record.actions = {}
  local chosen
  for _, action in ipairs(response.result or {}) do
    local edits = {}
    for _, list in pairs((action.edit or {}).changes or {}) do
      for _, e in ipairs(list) do
        table.insert(edits, { range = lsp_range(e.range), newText = e.newText })
      end
    end
    local for_target = false
    local codes = {}
    for _, d in ipairs(action.diagnostics or {}) do
      table.insert(codes, d.code)
      if same_diagnostic(d, target) then
        for_target = true
      end
    end
    table.insert(record.actions, {
      title = action.title,
      kind = action.kind,
      isPreferred = action.isPreferred == true,
      diagnostics = codes,
      for_target = for_target,
      edits = edits,
    })
    -- The answer also holds actions for the wider findings that touch the term (the
    -- paragraph, the whole draft); the quick fix wanted is the first one for the term.
    if chosen == nil and for_target and action.kind == "quickfix" and action.edit ~= nil then
      chosen = action
      record.applied = #record.actions
    end
  end
  if chosen == nil then
    record.error = "the server offered no quick fix with an edit for the jargon diagnostic"
    return
  end

  -- 3. Apply it the way Neovim applies any workspace edit, then wait for the new diagnostics.
  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  local edited_version = vim.lsp.util.buf_versions[bufnr]
  record.edited_version = edited_version
  wait_for("the diagnostics of " .. uri .. " at version " .. tostring(edited_version), function()
    return latest(uri, edited_version) ~= nil
  end)
  local after = latest(uri, edited_version)
  record.after = {
    version = after.version,
    lsp = raw_diagnostics(after),
    vim = vim_diagnostics(bufnr, client_id),
  }
  record.lines_after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local function main()
  local server = env("TACTFUL_NVIM_SERVER")
  local root = env("TACTFUL_NVIM_ROOT")
  local drafts = vim.split(env("TACTFUL_NVIM_DRAFTS"), "\n", { plain = true, trimempty = true })
  vim.o.hidden = true
  result.lsp_log = vim.lsp.get_log_path()

  local client_id = vim.lsp.start_client({
    name = "tactful",
    cmd = { server },
    root_dir = root,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, params, ctx, config)
        published[params.uri] = published[params.uri] or {}
        table.insert(published[params.uri], params)
        return vim.lsp.handlers["textDocument/publishDiagnostics"](err, params, ctx, config)
      end,
      ["window/logMessage"] = function(_, params)
        table.insert(result.log, params.message)
      end,
      ["window/showMessage"] = function(_, params)
        table.insert(result.shown, params.message)
      end,
    },
    on_init = function(client, init)
      local caps = init.capabilities or {}
      result.server_info = init.serverInfo
      result.position_encoding = caps.positionEncoding
      -- Neovim 0.7 predates positionEncoding; use what the server chose.
      if caps.positionEncoding ~= nil then
        client.offset_encoding = caps.positionEncoding
      end
      result.offset_encoding = client.offset_encoding
    end,
    on_exit = function(code, signal)
      result.exit = { code = code, signal = signal }
    end,
  })
  if client_id == nil then
    error("vim.lsp.start_client could not start " .. server)
  end
  result.client_id = client_id

  for _, path in ipairs(drafts) do
    check_draft(client_id, path)
  end

  -- Stop the server the way Neovim does (shutdown, then exit) and see how it ends.
  vim.lsp.stop_client(client_id)
  wait_for("the server to exit after shutdown", function()
    return result.exit ~= nil
  end)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  result.error = tostring(err)
  io.stderr:write("driver.lua: " .. tostring(err) .. "\n")
end

local out = io.open(env("TACTFUL_NVIM_OUT"), "w")
if out == nil then
  io.stderr:write("driver.lua: cannot write TACTFUL_NVIM_OUT\n")
  vim.cmd("cquit! 2")
else
  out:write(vim.fn.json_encode(result))
  out:close()
  if ok then
    vim.cmd("qall!")
  else
    vim.cmd("cquit! 1")
  end
end
