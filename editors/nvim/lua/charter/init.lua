-- Attaches `charter lsp` to Charter buffers with Neovim's built-in LSP
-- client (Neovim 0.7 or later). See editors/nvim/README.md.
--
--   require('charter').setup()                         -- `charter` on the PATH
--   require('charter').setup({ cmd = { '/path/to/charter', 'lsp' } })

local M = {}

-- The folder a file's project lives in: the nearest above it with a
-- charter.toml or a .git, else the file's own.
local function root_of(path)
  local folder = vim.fn.fnamemodify(path, ':p:h')
  local found = vim.fn.findfile('charter.toml', folder .. ';')
  if found == '' then found = vim.fn.finddir('.git', folder .. ';') end
  if found ~= '' then return vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git/?$', '') end
  return folder
end

local clients = {}

function M.setup(options)
  options = options or {}
  local cmd = options.cmd or { 'charter', 'lsp' }
  local group = vim.api.nvim_create_augroup('charter_lsp', { clear = true })
  -- The filetype, whenever this folder joined the runtime path (ftdetect/
  -- is read only by a `filetype on` after that).
  if vim.fn.has('nvim-0.8') == 1 then
    vim.filetype.add({ extension = { charter = 'charter' } })
  else
    vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
      group = group, pattern = '*.charter', command = 'set filetype=charter',
    })
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'charter',
    callback = function(event)
      local root = root_of(vim.api.nvim_buf_get_name(event.buf))
      local config = {
        name = 'charter',
        cmd = cmd,
        root_dir = root,
        on_attach = options.on_attach,
        capabilities = options.capabilities,
      }
      if vim.lsp.start then
        -- Neovim 0.8 and later: one client per root, reused.
        vim.lsp.start(config, { bufnr = event.buf })
      else
        -- Neovim 0.7: start a client per root once, attach each buffer to it.
        local id = clients[root]
        if id == nil or vim.lsp.get_client_by_id(id) == nil then
          id = vim.lsp.start_client(config)
          clients[root] = id
        end
        if id then vim.lsp.buf_attach_client(event.buf, id) end
      end
    end,
  })
end

return M
