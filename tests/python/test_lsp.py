"""`jitlint server` end to end, with pytest-lsp as the client: the server runs as `python -m jitlint server` in a
subprocess and every request goes over stdio, as with an editor."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")
import pytest_asyncio  # noqa: E402
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

SERVER = [sys.executable, "-m", "jitlint", "server"]

# Before `self.layers[i]` on line 13: a character outside the BMP (two UTF-16 code units) and one inside it.
MODEL = textwrap.dedent('''\
    from torch import nn

    from base import Base


    class Net(Base):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])

        def forward(self, x):
            for i in range(len(self.layers)):
                s = "😀é"; x = self.layers[i](x)
            return x
    ''')
BASE = "from torch import nn\n\n\nclass Base(nn.Module):\n    pass\n"
CLEAN = MODEL.replace("x = self.layers[i](x)", "x = x + 1")
# JT102's fix is unsafe (a Dict replaces the set).
UNSAFE = textwrap.dedent('''\
    from typing import List

    from torch import nn, Tensor


    class Count(nn.Module):
        def forward(self, x: Tensor, labels: List[int]) -> Tensor:
            distinct = {label for label in labels}
            return x * len(distinct)
    ''')


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "base.py").write_text(BASE)
    (tmp_path / "model.py").write_text(MODEL)
    return tmp_path


def _make_client() -> LanguageClient:
    """pytest-lsp's client, keeping every publishDiagnostics in order (so none is missed between two awaits)."""
    from pygls.protocol import default_converter
    from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    client.consumed = {}

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    client.registrations = []

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish,
                                   types.CLIENT_REGISTER_CAPABILITY: register})
    return client


async def _start(tmp_path: Path, capabilities: types.ClientCapabilities, command: list[str] = SERVER,
                 options: dict | None = None):
    client = await ClientServerConfig(server_command=command, client_factory=_make_client).start()
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=tmp_path.as_uri(), initialization_options=options,
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="ws")]))
    return client


@pytest_asyncio.fixture
async def client(tmp_path):
    client = await _start(_workspace(tmp_path), types.ClientCapabilities())
    yield client
    await client.shutdown_session()
    await client.stop()


def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=version, text=text)))
    return uri


async def _published(client: LanguageClient, uri: str, timeout: float = 60.0):
    """The next diagnostics published for ``uri`` (waiting for them when they have not come yet)."""
    async def wait():
        while True:
            mine = [p for p in client.published if p.uri == uri]
            seen = client.consumed.get(uri, 0)
            if len(mine) > seen:
                client.consumed[uri] = seen + 1
                return mine[seen]
            await asyncio.sleep(0.02)
    return await asyncio.wait_for(wait(), timeout)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) to a text."""
    lines = text.split("\n")

    def offset(p: types.Position) -> int:
        line = lines[p.line]
        units, chars = 0, 0
        while units < p.character and chars < len(line):
            units += 2 if ord(line[chars]) > 0xFFFF else 1
            chars += 1
        return sum(len(x) + 1 for x in lines[:p.line]) + chars

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
    return text


def _line_range(line: int) -> types.Range:
    return types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=0))


async def _actions(client, uri, line, only=None, diagnostics=()):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=_line_range(line),
        context=types.CodeActionContext(diagnostics=list(diagnostics), only=only))) or []


@pytest.mark.asyncio
async def test_push_on_open_positions_in_utf16_with_rule_link_and_fix(client, tmp_path):
    uri = _open(client, tmp_path / "model.py", MODEL)
    params = await _published(client, uri)
    assert params.version == 1
    [d] = params.diagnostics
    assert d.code == "JT201" and d.source == "jitlint" and d.severity == types.DiagnosticSeverity.Error
    line = MODEL.split("\n")[12]
    chars = line.index("self.layers[i]")
    assert d.range.start == types.Position(line=12, character=chars + 1)  # the emoji takes two UTF-16 units
    assert d.range.end == types.Position(line=12, character=chars + 1 + len("self.layers[i]"))
    assert d.code_description is not None and d.code_description.href.endswith("docs/rules/JT201.md")
    assert d.code_description.href.startswith("file://")
    fix = d.data["fix"]
    assert fix["applicability"] == "safe" and fix["applicable"] and fix["edits"]
    assert "self.layers" in fix["message"]


@pytest.mark.asyncio
async def test_cross_file_facts_come_from_the_files_on_disk(client, tmp_path):
    # Net's base class lives in base.py: without the files around it, the buffer alone would look clean.
    uri = _open(client, tmp_path / "model.py", MODEL)
    assert [d.code for d in (await _published(client, uri)).diagnostics] == ["JT201"]
    alone = tmp_path / "elsewhere"
    alone.mkdir()
    uri2 = _open(client, alone / "model.py", MODEL)
    assert (await _published(client, uri2)).diagnostics == ()


@pytest.mark.asyncio
async def test_change_is_debounced_and_checks_the_unsaved_buffer(client, tmp_path):
    uri = _open(client, tmp_path / "model.py", MODEL)
    assert len((await _published(client, uri)).diagnostics) == 1
    # Three quick edits: one check, of the last version (the file on disk still has the diagnostic).
    for version, text in ((2, MODEL + "\n"), (3, MODEL + "\n\n"), (4, CLEAN)):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    params = await _published(client, uri)
    assert params.version == 4 and params.diagnostics == ()
    with pytest.raises(asyncio.TimeoutError):  # no check of versions 2 and 3 follows
        await _published(client, uri, timeout=1.0)


@pytest.mark.asyncio
async def test_save_checks_again(client, tmp_path):
    uri = _open(client, tmp_path / "model.py", CLEAN)
    assert (await _published(client, uri)).diagnostics == ()
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=MODEL)]))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    params = await _published(client, uri)
    assert params.version == 2 and [d.code for d in params.diagnostics] == ["JT201"]


@pytest.mark.asyncio
async def test_run_on_save_only(tmp_path):
    client = await _start(_workspace(tmp_path), types.ClientCapabilities(), options={"run": "onSave"})
    try:
        uri = _open(client, tmp_path / "model.py", CLEAN)
        assert (await _published(client, uri)).diagnostics == ()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=MODEL)]))
        with pytest.raises(asyncio.TimeoutError):
            await _published(client, uri, timeout=1.5)
        client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        params = await _published(client, uri)
        assert params.version == 2 and [d.code for d in params.diagnostics] == ["JT201"]
    finally:
        await client.shutdown_session()
        await client.stop()


@pytest.mark.asyncio
async def test_syntax_error_and_text_that_is_not_utf8_get_a_diagnostic(client, tmp_path):
    uri = _open(client, tmp_path / "broken.py", "def f(:\n    pass\n")
    [d] = (await _published(client, uri)).diagnostics
    assert d.code == "JT000" and d.range.start.line == 0
    # A lone surrogate cannot be UTF-8: a diagnostic, and the server goes on.
    uri2 = _open(client, tmp_path / "bad.py", "x = '\udcff'\n")
    [d] = (await _published(client, uri2)).diagnostics
    assert "not valid UTF-8" in d.message
    uri3 = _open(client, tmp_path / "model.py", MODEL)
    assert [d.code for d in (await _published(client, uri3)).diagnostics] == ["JT201"]


@pytest.mark.asyncio
async def test_settings_from_pyproject_reloaded_when_it_changes(client, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.jitlint]\nignore = ["JT201"]\n')
    uri = _open(client, tmp_path / "model.py", MODEL)
    assert (await _published(client, uri)).diagnostics == ()
    pyproject.write_text('[tool.jitlint]\nselect = ["JT2"]\n')
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=pyproject.as_uri(), type=types.FileChangeType.Changed)]))
    assert [d.code for d in (await _published(client, uri)).diagnostics] == ["JT201"]


@pytest.mark.asyncio
async def test_bad_configuration_is_reported_and_the_server_goes_on(client, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "pyproject.toml").write_text("[tool.jitlint]\nselect = 3\n")
    _open(client, bad / "model.py", MODEL)
    uri = _open(client, tmp_path / "model.py", MODEL)
    assert [d.code for d in (await _published(client, uri)).diagnostics] == ["JT201"]
    errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
    assert any("pyproject.toml" in m and "select" in m for m in errors), errors
    assert [m.message for m in client.messages if "pyproject.toml" in m.message]


@pytest.mark.asyncio
async def test_excluded_files_and_untitled_buffers(client, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.jitlint]\nextend-exclude = ["generated"]\n')
    (tmp_path / "generated").mkdir()
    uri = _open(client, tmp_path / "generated" / "model.py", MODEL)
    assert (await _published(client, uri)).diagnostics == ()
    # A buffer never saved: checked alone, with the workspace's settings.
    text = "import torch\n\n@torch.jit.script\ndef f(xs: list[int]):\n    return [x for x in xs if x]\n"
    uri = "untitled:Untitled-1"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    assert [d.code for d in (await _published(client, uri)).diagnostics] == ["JT101"]


@pytest.mark.asyncio
async def test_configuration_files_are_watched_when_the_client_can(tmp_path):
    capabilities = types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)))
    client = await _start(_workspace(tmp_path), capabilities)
    try:
        async def registered():
            while not client.registrations:
                await asyncio.sleep(0.02)
        await asyncio.wait_for(registered(), 30)
        [registration] = client.registrations
        assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        globs = [w["globPattern"] for w in registration.register_options["watchers"]]
        assert "**/pyproject.toml" in globs and "**/.jitlint.toml" in globs
    finally:
        await client.shutdown_session()
        await client.stop()


@pytest.mark.asyncio
async def test_a_failure_on_one_document_is_logged_and_the_server_goes_on(tmp_path):
    # The engine raises on one document (patched in the server process): logged, and the next document is checked.
    boom = ("import runpy, sys, jitlint.api as api\n"
            "real = api.check_source\n"
            "def check_source(data, **kw):\n"
            "    if b'BOOM' in data:\n"
            "        raise RuntimeError('engine exploded')\n"
            "    return real(data, **kw)\n"
            "api.check_source = check_source\n"
            "sys.argv = ['jitlint', 'server']\n"
            "runpy.run_module('jitlint', run_name='__main__')\n")
    client = await _start(_workspace(tmp_path), types.ClientCapabilities(), [sys.executable, "-c", boom])
    try:
        _open(client, tmp_path / "boom.py", "BOOM = 1\n")
        uri = _open(client, tmp_path / "model.py", MODEL)
        assert [d.code for d in (await _published(client, uri)).diagnostics] == ["JT201"]
        errors = [m.message for m in client.log_messages if m.type == types.MessageType.Error]
        assert any("boom.py" in m and "engine exploded" in m for m in errors), errors
    finally:
        await client.shutdown_session()
        await client.stop()


@pytest.mark.asyncio
async def test_quick_fix_and_noqa_actions(client, tmp_path):
    uri = _open(client, tmp_path / "model.py", MODEL)
    [d] = (await _published(client, uri)).diagnostics
    found = await _actions(client, uri, 12, diagnostics=[d])
    titles = [a.title for a in found]
    assert titles == ["jitlint (JT201): " + d.data["fix"]["message"], "Disable JT201 for this line",
                      "jitlint: Fix all auto-fixable problems"]
    fix, noqa, _ = found
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    fixed = _apply(MODEL, fix.edit.changes[uri])
    assert "for layer in self.layers:" in fixed and 'x = layer(x)' in fixed
    suppressed = _apply(MODEL, noqa.edit.changes[uri])
    assert suppressed.split("\n")[12].endswith("x = self.layers[i](x)  # noqa: JT201")
    # Applying the fix (as an editor would, through didChange) leaves nothing to report.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    assert (await _published(client, uri)).diagnostics == ()
    # Nothing on a line without diagnostics.
    assert await _actions(client, uri, 0, only=["quickfix"]) == []


@pytest.mark.asyncio
async def test_noqa_action_extends_an_existing_directive(client, tmp_path):
    text = MODEL.replace("x = self.layers[i](x)", "x = self.layers[i](x)  # noqa: JT101  # keep")
    uri = _open(client, tmp_path / "model.py", text)
    # JT001: the JT101 suppresses nothing.
    assert sorted(d.code for d in (await _published(client, uri)).diagnostics) == ["JT001", "JT201"]
    noqa = [a for a in await _actions(client, uri, 12) if a.title == "Disable JT201 for this line"][0]
    assert _apply(text, noqa.edit.changes[uri]).split("\n")[12].endswith("  # noqa: JT101, JT201  # keep")


@pytest.mark.asyncio
async def test_fix_all_applies_safe_fixes(client, tmp_path):
    text = MODEL + UNSAFE.replace("from typing import List\n\nfrom torch import nn, Tensor\n", "from typing import List\nfrom torch import Tensor\n")
    uri = _open(client, tmp_path / "model.py", text)
    codes = sorted(d.code for d in (await _published(client, uri)).diagnostics)
    assert codes == ["JT102", "JT201"]
    found = await _actions(client, uri, 0, only=["source.fixAll"])
    [action] = found
    assert action.kind == "source.fixAll.jitlint"
    fixed = _apply(text, action.edit.changes[uri])
    assert "for layer in self.layers:" in fixed  # the safe JT201 fix
    assert "{label for label in labels}" in fixed  # not the unsafe JT102 one
    # A quickfix-only request gets no fix-all.
    assert all(a.kind == types.CodeActionKind.QuickFix for a in await _actions(client, uri, 12, only=["quickfix"]))


@pytest.mark.asyncio
async def test_unsafe_quick_fix_only_when_the_workspace_enables_it(client, tmp_path):
    uri = _open(client, tmp_path / "count.py", UNSAFE)
    [d] = (await _published(client, uri)).diagnostics
    assert d.code == "JT102" and d.data["fix"]["applicability"] == "unsafe"
    assert [a.title for a in await _actions(client, uri, 7)] == ["Disable JT102 for this line"]
    (tmp_path / "pyproject.toml").write_text("[tool.jitlint]\nunsafe-fixes = true\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(tmp_path / "pyproject.toml").as_uri(), type=types.FileChangeType.Created)]))
    await _published(client, uri)
    titles = [a.title for a in await _actions(client, uri, 7)]
    assert titles[0].startswith("jitlint (JT102): Rewrite the comprehension as a loop")


@pytest.mark.asyncio
async def test_hover_shows_the_rule_doc(client, tmp_path):
    uri = _open(client, tmp_path / "model.py", MODEL.replace("return x", "return x  # noqa: JT101"))
    [d] = [d for d in (await _published(client, uri)).diagnostics if d.code == "JT201"]
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start))
    assert result.contents.kind == types.MarkupKind.Markdown
    assert result.contents.value.startswith("# JT201 modulelist-variable-index")
    line = MODEL.split("\n")[13] + "  # noqa: JT101"
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=13, character=line.index("JT101") + 2)))
    assert result.contents.value.startswith("# JT101 comprehension-if")
    assert await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0))) is None


@pytest.mark.asyncio
async def test_pull_diagnostics_for_clients_that_ask(tmp_path):
    capabilities = types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
        diagnostic=types.DiagnosticClientCapabilities()))
    client = await _start(_workspace(tmp_path), capabilities)
    try:
        uri = _open(client, tmp_path / "model.py", MODEL)
        report = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        assert report.kind == "full" and [d.code for d in report.items] == ["JT201"]
        assert report.items[0].data["fix"]["applicable"]
        await asyncio.sleep(0.5)
        assert uri not in client.diagnostics  # pulled, not pushed as well
    finally:
        await client.shutdown_session()
        await client.stop()


def test_missing_extra_is_one_line_naming_it(tmp_path):
    shim = tmp_path / "shim" / "pygls"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("raise ImportError('No module named pygls')\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path / "shim"), *filter(None, [env.get("PYTHONPATH")])])
    proc = subprocess.run(SERVER, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "jitlint: error: the language server needs the lsp extra: pip install 'jitlint[lsp]'\n"
    assert proc.stdout == ""
