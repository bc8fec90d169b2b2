-- Run by the test suite (Tests/CharterTests/EditorTests.swift) with
--   nvim --headless --clean -c 'luafile editors/nvim/test/check.lua'
-- and CHARTER_BIN, CHARTER_REPO, CHARTER_BROKEN, CHARTER_BANKING and
-- CHARTER_OUT set: opens a file with errors and reads its diagnostics back,
-- then hovers a member of the banking example and renames it, and writes
-- what it saw to CHARTER_OUT as JSON.

local repo = os.getenv('CHARTER_REPO')
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.cmd('filetype plugin on')
vim.cmd('syntax on')
require('charter').setup({ cmd = { os.getenv('CHARTER_BIN'), 'lsp' } })

local result = { filetype = nil, diagnostics = {}, hover = nil, renamed = nil, left = nil, errors = {} }
local function finish()
  local file = io.open(os.getenv('CHARTER_OUT'), 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end

local function attached(buffer)
  return next(vim.lsp.buf_get_clients(buffer)) ~= nil
end

local ok, problem = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CHARTER_BROKEN')))
  result.filetype = vim.bo.filetype
  local buffer = vim.api.nvim_get_current_buf()
  vim.wait(60000, function() return #vim.diagnostic.get(buffer) > 0 end, 20)
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    local lsp = diagnostic.user_data and diagnostic.user_data.lsp or {}
    table.insert(result.diagnostics, {
      line = diagnostic.lnum, column = diagnostic.col, severity = diagnostic.severity,
      code = diagnostic.code or lsp.code, message = diagnostic.message,
    })
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CHARTER_BANKING')))
  buffer = vim.api.nvim_get_current_buf()
  vim.wait(60000, function() return attached(buffer) end, 20)
  -- `member lindenbank "…" {`: the cursor on the member's name.
  local line = vim.fn.search('^member lindenbank') - 1
  local position = { line = line, character = 8 }
  local document = { uri = vim.uri_from_bufnr(buffer) }
  local hovers = vim.lsp.buf_request_sync(buffer, 'textDocument/hover',
    { textDocument = document, position = position }, 60000) or {}
  for _, answer in pairs(hovers) do
    if answer.result then result.hover = answer.result.contents.value end
    if answer.err then table.insert(result.errors, answer.err.message) end
  end
  local renames = vim.lsp.buf_request_sync(buffer, 'textDocument/rename',
    { textDocument = document, position = position, newName = 'linden_bank' }, 60000) or {}
  for id, answer in pairs(renames) do
    if answer.result then
      local client = vim.lsp.get_client_by_id(id)
      vim.lsp.util.apply_workspace_edit(answer.result, client.offset_encoding)
    end
    if answer.err then table.insert(result.errors, answer.err.message) end
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(buffer, 0, -1, false), '\n')
  local _, renamed = text:gsub('linden_bank', '')
  local _, left = text:gsub('lindenbank', '')
  result.renamed = renamed
  result.left = left
end)
if not ok then table.insert(result.errors, tostring(problem)) end
finish()
