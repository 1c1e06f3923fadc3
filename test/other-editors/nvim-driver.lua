-- Drives Neovim (0.7 API) the way a user would, through the language client
-- the README's set-up starts: run as the editor of `git commit`
-- (GIT_EDITOR='nvim --headless -c "luafile nvim-driver.lua"'), so the first
-- buffer is .git/COMMIT_EDITMSG opened by path. For each case of the plan
-- ($BPL_PLAN, JSON) it opens the file, waits for diagnostics, reads a hover,
-- picks a code action from the menu vim.lsp.buf.code_action() offers, and asks
-- for completion on a "Fixes: " line; what it saw goes to the plan's results
-- file. The commit message is then completed, saved and the editor quit, so git
-- records what the user fixed; on any error the editor exits non-zero instead.

local plan = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('BPL_PLAN')), '\n'))
local deadline = vim.loop.now() + plan.deadlineMs
local results = { editor = vim.fn.split(vim.fn.execute('version'), '\n')[1], cases = {} }

vim.o.hidden = true -- go on to the next file with this one changed, as a user with several buffers would

local function save_results()
  vim.fn.writefile({ vim.fn.json_encode(results) }, plan.results)
end

-- Waits for `cond` until the plan's deadline or `ms`, whichever comes first.
local function wait(ms, cond)
  local left = deadline - vim.loop.now()
  if left <= 0 then
    return cond()
  end
  return vim.wait(math.min(ms, left), cond, 50)
end

local function text_of(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
end

local function diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(out, { code = d.code, line = d.lnum, col = d.col, severity = d.severity, message = d.message })
  end
  table.sort(out, function(a, b)
    return a.line < b.line or (a.line == b.line and tostring(a.code) < tostring(b.code))
  end)
  return out
end

local function find_diagnostic(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      return d
    end
  end
end

local function has_codes(buf, codes)
  for _, code in ipairs(codes) do
    if not find_diagnostic(buf, code) then
      return false
    end
  end
  return true
end

local function floating_windows()
  local wins = {}
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      table.insert(wins, w)
    end
  end
  return wins
end

-- Puts the cursor on the rule's diagnostic, or records in r[field] that there is none.
local function cursor_on(buf, rule, r, field, what)
  local d = find_diagnostic(buf, rule)
  if not d then
    r[field] = 'no ' .. rule .. ' diagnostic to ' .. what
    return nil
  end
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  return d
end

local function buffer_for(path)
  local n = vim.fn.bufnr(path)
  if n > 0 then
    return n
  end
end

local function hover(c, r, buf)
  if not cursor_on(buf, c.hoverRule, r, 'hoverError', 'hover') then
    return
  end
  -- What the server answers...
  local answers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000) or {}
  for _, a in pairs(answers) do
    if a.result and a.result.contents then
      r.hover = a.result.contents.value or a.result.contents
    elseif a.err then
      r.hoverError = vim.inspect(a.err)
    end
  end
  -- ...and what K shows: the float vim.lsp.buf.hover() opens.
  vim.lsp.buf.hover()
  if wait(10000, function()
    return #floating_windows() > 0
  end) then
    local win = floating_windows()[1]
    r.hoverShown = text_of(vim.api.nvim_win_get_buf(win))
    vim.api.nvim_win_close(win, true)
  end
end

local function code_action(c, r, buf)
  if not cursor_on(buf, c.actionRule, r, 'actionError', 'act on') then
    return
  end
  local target = c.changes or c.path
  local before = buffer_for(target) and text_of(buffer_for(target)) or nil
  local picked = false
  local original_select = vim.ui.select
  -- The menu the user picks from: take the entry the plan names.
  vim.ui.select = function(items, opts, on_choice)
    r.actionsOffered = {}
    local choice
    for _, item in ipairs(items) do
      local title = opts.format_item and opts.format_item(item) or tostring(item)
      table.insert(r.actionsOffered, title)
      if title == c.actionTitle then
        choice = item
      end
    end
    picked = choice ~= nil
    on_choice(choice)
  end
  vim.lsp.buf.code_action()
  local changed = wait(10000, function()
    local b = buffer_for(target)
    return picked and b ~= nil and text_of(b) ~= before
  end)
  vim.ui.select = original_select
  if not changed then
    r.actionError = picked and 'the action changed nothing' or ('no action titled "' .. c.actionTitle .. '"')
    return
  end
  r.afterAction = text_of(buffer_for(target))
  if c.actionClears then
    wait(10000, function()
      local now = 0
      for _, x in ipairs(vim.diagnostic.get(buf)) do
        if x.code == c.actionRule then
          now = now + 1
        end
      end
      return now < c.actionClears
    end)
  end
  r.diagnosticsAfterAction = diagnostics(buf)
end

local function completion(c, r, buf, client)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local at
  for i, line in ipairs(lines) do
    if line:match('^Fixes:%s*$') then
      at = i - 1
      if c.fixesLine == 'first' then
        break
      end
    end
  end
  if not at then
    r.completionError = 'no empty Fixes: line'
    return
  end
  -- Type the space git's clean-up took away; the cursor sits after it, in insert mode.
  vim.api.nvim_buf_set_lines(buf, at, at + 1, false, { 'Fixes: ' })
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf), position = { line = at, character = 7 } }
  local items = {}
  -- Candidates come from git, which may still be at work on the first request.
  wait(15000, function()
    local answers = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 5000) or {}
    for _, a in pairs(answers) do
      local result = a.result or {}
      items = result.items or result
    end
    return #items > 0
  end)
  table.sort(items, function(a, b)
    return (a.sortText or a.label) < (b.sortText or b.label)
  end)
  r.completion = {}
  for _, item in ipairs(items) do
    table.insert(r.completion, item.label)
  end
  if c.acceptCompletion and items[1] and items[1].textEdit then
    vim.lsp.util.apply_text_edits({ items[1].textEdit }, buf, client.offset_encoding)
    r.afterCompletion = vim.api.nvim_buf_get_lines(buf, at, at + 1, false)[1]
  end
end

local function run_case(c)
  local r = { name = c.name }
  table.insert(results.cases, r)
  if vim.api.nvim_buf_get_name(0) ~= c.path then
    vim.cmd('edit ' .. vim.fn.fnameescape(c.path))
  end
  local buf = vim.api.nvim_get_current_buf()
  r.path = vim.api.nvim_buf_get_name(buf)
  r.filetype = vim.bo[buf].filetype
  if not wait(15000, function()
    return next(vim.lsp.buf_get_clients(buf)) ~= nil
  end) then
    r.error = 'no language client attached to a ' .. r.filetype .. ' buffer'
    return
  end
  local client
  for _, cl in pairs(vim.lsp.buf_get_clients(buf)) do
    client = cl
  end
  r.client = client.name
  wait(15000, function()
    return has_codes(buf, c.waitRules)
  end)
  r.diagnostics = diagnostics(buf)
  hover(c, r, buf)
  code_action(c, r, buf)
  if c.fixesLine then
    completion(c, r, buf, client)
  end
end

local ok, err = pcall(function()
  local first = vim.api.nvim_get_current_buf()
  results.opened = vim.api.nvim_buf_get_name(first)
  for _, c in ipairs(plan.cases) do
    local case_ok, case_err = pcall(run_case, c)
    if not case_ok then
      results.cases[#results.cases].error = tostring(case_err)
    end
    save_results()
  end
  -- Back to the message git is waiting for: save it and quit, so git records it.
  vim.cmd('buffer ' .. first)
  vim.cmd('write')
end)
if not ok then
  results.error = tostring(err)
end
results.done = ok
save_results()
if ok then
  vim.cmd('qall!')
else
  vim.cmd('cquit')
end
