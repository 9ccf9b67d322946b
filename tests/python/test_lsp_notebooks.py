"""`jitlint server` with notebook documents (LSP 3.17 notebook sync): a Jupyter notebook's Python cells are checked
together, as `jitlint check` checks a .ipynb file, and each diagnostic is published to the cell it is in."""

from __future__ import annotations

import textwrap

import pytest

pytest.importorskip("pygls")
pytest.importorskip("pytest_lsp")
pytest.importorskip("nbformat")
import pytest_asyncio  # noqa: E402
from lsprotocol import types  # noqa: E402

from test_lsp import _published, _start  # noqa: E402

IMPORTS = "import torch\nfrom torch import nn\n"
# Cell 2 starts with a line magic (masked) and uses the imports of cell 1; `self.layers[i]` is on its line 9.
MODEL = textwrap.dedent('''\
    %time x = 1
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])

        def forward(self, x):
            for i in range(len(self.layers)):
                s = "😀"; x = self.layers[i](x)
            return x
    ''')
FIXED = MODEL.replace("for i in range(len(self.layers)):", "for layer in self.layers:").replace(
    "x = self.layers[i](x)", "x = layer(x)")


@pytest_asyncio.fixture
async def client(tmp_path):
    client = await _start(tmp_path, types.ClientCapabilities())
    yield client
    await client.shutdown_session()
    await client.stop()


def _open_notebook(client, tmp_path, cells: list[str]) -> tuple[str, list[str]]:
    uri = (tmp_path / "model.ipynb").as_uri()
    cell_uris = [f"vscode-notebook-cell:{tmp_path / 'model.ipynb'}#cell{k}" for k in range(len(cells))]
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(
        notebook_document=types.NotebookDocument(
            uri=uri, notebook_type="jupyter-notebook", version=1,
            cells=[types.NotebookCell(kind=types.NotebookCellKind.Code, document=c) for c in cell_uris]),
        cell_text_documents=[types.TextDocumentItem(uri=c, language_id="python", version=1, text=text)
                             for c, text in zip(cell_uris, cells)]))
    return uri, cell_uris


@pytest.mark.asyncio
async def test_notebook_cells_are_checked_together_and_published_per_cell(client, tmp_path):
    uri, (cell1, cell2) = _open_notebook(client, tmp_path, [IMPORTS, MODEL])
    first = {p.uri: p for p in [await _published(client, cell1), await _published(client, cell2)]}
    assert first[cell1].diagnostics == ()  # a cell with none gets an empty list
    [d] = first[cell2].diagnostics
    assert d.code == "JT201"
    line = MODEL.split("\n")[8]
    chars = line.index("self.layers[i]")
    assert d.range.start == types.Position(line=8, character=chars + 1)  # the emoji takes two UTF-16 units
    assert d.range.end == types.Position(line=8, character=chars + 1 + len("self.layers[i]"))
    fix = d.data["fix"]
    assert fix is not None and fix["edits"]
    assert all(0 <= e["range"]["start"]["line"] <= 9 for e in fix["edits"])  # the cell's lines

    # Cell 2 edited to the fixed code: its diagnostic clears.
    client.notebook_document_did_change(types.DidChangeNotebookDocumentParams(
        notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=2),
        change=types.NotebookDocumentChangeEvent(cells=types.NotebookDocumentCellChanges(text_content=[
            types.NotebookDocumentCellContentChanges(
                document=types.VersionedTextDocumentIdentifier(uri=cell2, version=2),
                changes=[types.TextDocumentContentChangeWholeDocument(text=FIXED)])]))))
    after = {p.uri: p for p in [await _published(client, cell1), await _published(client, cell2)]}
    assert after[cell2].diagnostics == () and after[cell2].version == 2
    assert after[cell1].diagnostics == ()

    # Closed: the cells' diagnostics are cleared.
    client.notebook_document_did_close(types.DidCloseNotebookDocumentParams(
        notebook_document=types.NotebookDocumentIdentifier(uri=uri),
        cell_text_documents=[types.TextDocumentIdentifier(uri=c) for c in (cell1, cell2)]))
    assert (await _published(client, cell2)).diagnostics == ()


@pytest.mark.asyncio
async def test_notebook_hover_and_quick_fix_on_a_cell(client, tmp_path):
    uri, (cell1, cell2) = _open_notebook(client, tmp_path, [IMPORTS, MODEL])
    await _published(client, cell1)
    [d] = (await _published(client, cell2)).diagnostics
    found = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=cell2), range=d.range,
        context=types.CodeActionContext(diagnostics=[d], only=[types.CodeActionKind.QuickFix])))
    assert found and any(a.edit is not None and cell2 in (a.edit.changes or {}) for a in found)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=cell2), position=d.range.start))
    assert hover is not None and "JT201" in hover.contents.value


@pytest.mark.asyncio
async def test_server_declares_notebook_sync_for_python_cells(tmp_path):
    # pygls declares it to the clients that say they sync notebooks
    from pytest_lsp import ClientServerConfig

    from test_lsp import SERVER, _make_client

    client = await ClientServerConfig(server_command=SERVER, client_factory=_make_client).start()
    try:
        result = await client.initialize_session(types.InitializeParams(
            capabilities=types.ClientCapabilities(notebook_document=types.NotebookDocumentClientCapabilities(
                synchronization=types.NotebookDocumentSyncClientCapabilities())),
            root_uri=tmp_path.as_uri()))
        sync = result.capabilities.notebook_document_sync
        assert sync is not None and sync.save
        [selector] = sync.notebook_selector
        assert selector.notebook.notebook_type == "jupyter-notebook"
        assert [c.language for c in selector.cells] == ["python"]
    finally:
        await client.shutdown_session()
        await client.stop()
