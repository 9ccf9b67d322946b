-- Driven by tests/python/test_lsp_neovim.py: open the model, start `jitlint server` with Neovim's own LSP client,
-- wait for its diagnostics, ask for the quick fixes on the diagnostic's line, apply the jitlint one, and write what
-- happened as JSON. Environment: JITLINT_NVIM_FILE, JITLINT_NVIM_OUT, JITLINT_NVIM_CMD (a JSON list).
local out = os.getenv("JITLINT_NVIM_OUT")
local function finish(result)
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  local file = os.getenv("JITLINT_NVIM_FILE")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "jitlint",
    cmd = vim.fn.json_decode(os.getenv("JITLINT_NVIM_CMD")),
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local got = vim.wait(90000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  local result = { diagnostics = {}, waited = got }
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, source = d.source,
      message = d.message, code = lsp.code or d.code,
    })
  end
  if not got then return finish(result) end
  local first = vim.diagnostic.get(bufnr)[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = first.lnum, character = first.col }, ["end"] = { line = first.lnum, character = first.col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, first.lnum), only = { "quickfix" } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 60000) or {}
  result.titles = {}
  local chosen = nil
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(result.titles, action.title)
      if chosen == nil and action.title:match("^jitlint %(JT201%)") then chosen = action end
    end
  end
  if chosen then
    local client = vim.lsp.get_client_by_id(client_id)
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  end
  result.buffer = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  finish(result)
end)
if not ok then finish({ error = tostring(err) }) end
