"""``jitlint server``: the language server (pygls) over stdio.

Diagnostics are pushed on open, save and change (debounced; not on change with the initialization option
``{"run": "onSave"}``), or pulled (``textDocument/diagnostic``) by clients
that say they can; either way each document is checked as it is in the editor, unsaved, with the settings of its
``[tool.jitlint]`` (resolved again on every check, so an edited pyproject.toml applies at once) and the cross-file
facts of the files on disk around it (``api.Project.around``, as ``--stdin-filename`` does). Code actions, hover
and pull requests reuse the last result of the document's current version. The engine runs on one worker thread,
so the server keeps answering while a file is checked. Notebook documents (LSP 3.17, Jupyter notebooks' Python
cells) have their code cells joined and checked as ``jitlint check`` checks a .ipynb file (``notebook.from_cells``),
each diagnostic published to the cell it is in (an empty list to the others). A failure on one document is logged
(``window/logMessage``) and the server goes on.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path, uri_scheme

from jitlint import api, notebook
from jitlint.config import CliOptions, ConfigError, Resolver, Settings
from jitlint.discovery import force_excluded
from jitlint.lsp import actions, convert
from jitlint.output import rule_page
from jitlint.selection import SYNTAX_ERROR_CODE

DEBOUNCE_SECONDS = 0.3
CONFIG_FILES = ("pyproject.toml", "jitlint.toml", ".jitlint.toml")
WATCHED = ["**/pyproject.toml", "**/jitlint.toml", "**/.jitlint.toml", "**/*.py"]
# Notebook documents (LSP 3.17): Jupyter notebooks' Python cells, checked together as `jitlint check` checks a .ipynb.
NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[types.NotebookDocumentFilterWithNotebook(
        notebook=types.NotebookDocumentFilterNotebookType(notebook_type="jupyter-notebook"),
        cells=[types.NotebookCellLanguage(language="python")])],
    save=True)
_NOQA_CODES = re.compile(r"#\s*noqa\s*:\s*(?P<codes>[A-Za-z0-9]+(?:[\s,]+[A-Za-z0-9]+)*)", re.IGNORECASE)


@dataclass
class Checked:
    """The outcome of checking one version of a document."""

    version: int | None
    text: str
    encoding: str | None
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    fix_codes: list[str] = field(default_factory=list)  # selected and fixable: what fix-all applies
    path: str | None = None


class JitlintLanguageServer(LanguageServer):
    def __init__(self) -> None:
        from jitlint.cli import package_version

        super().__init__("jitlint", package_version(), text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         notebook_document_sync=NOTEBOOK_SYNC)
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jitlint-engine")
        self.results: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self._projects: dict[tuple[str, str | None], api.Project] = {}
        self._projects_lock = threading.Lock()
        self._codes: list[str] | None = None
        self._shown: set[str] = set()  # configuration errors already shown to the user
        self.published_cells: dict[str, set[str]] = {}  # notebook URI -> the cell URIs last published to
        self.run_on_type = True  # initializationOptions {"run": "onSave"}: no checks while typing

    # -- capabilities ---------------------------------------------------------------------------
    @property
    def pull(self) -> bool:
        """The client pulls diagnostics (LSP 3.17): do not push them as well."""
        caps = self.client_capabilities
        return caps is not None and caps.text_document is not None and caps.text_document.diagnostic is not None

    @property
    def encoding(self) -> str | None:
        return self.workspace.position_encoding or types.PositionEncodingKind.Utf16

    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    # -- settings and projects (worker thread) --------------------------------------------------
    def codes(self) -> list[str]:
        if self._codes is None:
            self._codes = sorted({r["code"] for r in api.rules()} | {SYNTAX_ERROR_CODE})
        return self._codes

    def root(self) -> Path:
        root = self.workspace.root_path
        return Path(root) if root else Path.cwd()

    def settings(self, path: str | None) -> Settings:
        """The settings for a document, resolved afresh (configuration files are read again on every check)."""
        resolver = Resolver(self.codes(), CliOptions(), self.root())
        if path is None:
            return resolver.project_settings()
        return resolver.settings_for_file(Path(path))

    def project(self, path: str, python: str | None) -> api.Project | None:
        """The files on disk around ``path`` (cross-file facts), kept until a file changes on disk."""
        key = (os.path.dirname(path), python)
        with self._projects_lock:
            project = self._projects.get(key)
        if project is None:
            try:
                project = api.Project.around(path, python=python)
            except (api.InterpreterError, api.SourceError, OSError) as e:
                self.log(f"jitlint: {path}: checked without the files around it: {e}", types.MessageType.Warning)
                return None
            with self._projects_lock:
                self._projects[key] = project
        return project

    def forget_projects(self) -> None:
        with self._projects_lock:
            self._projects.clear()

    def lint(self, uri: str, text: str, version: int | None, encoding: str | None) -> Checked:
        """Check one document's text (worker thread). Raises only for internal errors."""
        path = to_fs_path(uri) if uri_scheme(uri) == "file" else None
        checked = Checked(version=version, text=text, encoding=encoding, path=path)
        settings = self.settings(path)
        if path is not None and force_excluded(Path(path), False, settings):
            return checked  # excluded by the configuration, as `jitlint check --force-exclude` would
        select = sorted(settings.rules_for(Path(path))) if path else sorted(settings.enabled)
        checked.fix_codes = [c for c in select if c in settings.fixable]
        try:
            data = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogatepass")  # lone surrogates: the engine reports them as not UTF-8
        project = self.project(path, settings.python) if path else None
        try:
            found = api.check_source(data, select=select, project=project, path=path)
        except api.SourceError as e:
            checked.diagnostics = [convert.unreadable(str(e))]
            return checked
        lines = convert.split_lines(text)
        unsafe = bool(settings.unsafe_fixes)
        checked.diagnostics = [convert.to_diagnostic(d, uri, lines, encoding, fixable=settings.fixable, unsafe=unsafe)
                               for d in found]
        return checked

    def lint_notebook(self, uri: str, cells: list[tuple[str, str, int | None]], encoding: str | None
                      ) -> dict[str, Checked]:
        """Check a notebook document's Python cells (``(cell URI, text, version)``, in order) joined into one
        source as ``jitlint check`` joins a .ipynb file's (worker thread). Each cell's result has its diagnostics,
        positions within the cell; a fix that would cross a cell boundary or touch a masked line is dropped.
        Raises only for internal errors."""
        path = to_fs_path(uri) if uri_scheme(uri) == "file" else None
        out = {cell: Checked(version=version, text=text, encoding=encoding, path=path)
               for cell, text, version in cells}
        settings = self.settings(path)
        if path is not None and force_excluded(Path(path), False, settings):
            return out
        select = sorted(settings.rules_for(Path(path))) if path else sorted(settings.enabled)
        book = notebook.from_cells([text for _, text, _ in cells])
        project = self.project(path, settings.python) if path else None
        try:
            found = api.check_source(book.source, select=select, project=project, path=path)
        except api.SourceError as e:
            if cells:
                out[cells[0][0]].diagnostics = [convert.unreadable(str(e))]
            return out
        unsafe = bool(settings.unsafe_fixes)
        lines = {cell: convert.split_lines(text) for cell, text, _ in cells}
        for d in found:
            mapped = book.map_diagnostic(d)
            if mapped["cell"] is None:
                continue
            if mapped.get("fix") and book.crossing_rows(d):
                mapped["fix"] = None
            cell = cells[mapped["cell"] - 1][0]
            out[cell].diagnostics.append(convert.to_diagnostic(mapped, cell, lines[cell], encoding,
                                                               fixable=settings.fixable, unsafe=unsafe))
        return out

    def notebook_cells(self, uri: str) -> list[tuple[str, str, int | None]] | None:
        """A notebook document's Python code cells as ``(cell URI, text, version)``, in order; None when closed."""
        book = self.workspace.get_notebook_document(notebook_uri=uri)
        if book is None:
            return None
        cells = []
        for cell in book.cells:
            if cell.kind != types.NotebookCellKind.Code:
                continue
            try:
                doc = self.workspace.get_text_document(cell.document)
            except Exception:  # noqa: BLE001 - a cell whose text document never came
                continue
            if doc.language_id not in (None, "python"):
                continue
            cells.append((cell.document, doc.source, doc.version))
        return cells

    # -- running checks (event loop) --------------------------------------------------------------
    async def check(self, uri: str) -> Checked | None:
        """The diagnostics of the document's current version: the last result when it is still current."""
        try:
            doc = self.workspace.get_text_document(uri)
            text, version = doc.source, doc.version
        except Exception:  # noqa: BLE001 - a document the client never opened
            return None
        cached = self.results.get(uri)
        if cached is not None and cached.version == version and cached.text == text:
            return cached
        book = self.workspace.get_notebook_document(cell_uri=uri)
        if book is not None:  # a notebook's cell: checked with the other cells of its notebook
            await self.check_notebook(book.uri)
            return self.results.get(uri)
        encoding = self.encoding
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.executor, self.lint, uri, text, version, encoding)
        except ConfigError as e:
            self.log(f"jitlint: {e}", types.MessageType.Error)
            if str(e) not in self._shown:  # once per problem, not on every keystroke
                self._shown.add(str(e))
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=f"jitlint: {e}"))
            return None
        except api.EngineError as e:
            self.log(f"jitlint: {e}", types.MessageType.Error)
            return None
        except Exception as e:  # noqa: BLE001 - one document's failure never stops the server
            self.log(f"jitlint: {uri}: internal error while checking: {type(e).__name__}: {e}\n"
                     f"{traceback.format_exc()}", types.MessageType.Error)
            return None
        self.results[uri] = result
        return result

    async def check_notebook(self, uri: str) -> dict[str, Checked] | None:
        """Check a notebook document's cells together; each cell's result goes to ``results`` under its URI."""
        cells = self.notebook_cells(uri)
        if cells is None:
            return None
        loop = asyncio.get_running_loop()
        try:
            found = await loop.run_in_executor(self.executor, self.lint_notebook, uri, cells, self.encoding)
        except ConfigError as e:
            self.log(f"jitlint: {e}", types.MessageType.Error)
            if str(e) not in self._shown:
                self._shown.add(str(e))
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=f"jitlint: {e}"))
            return None
        except api.EngineError as e:
            self.log(f"jitlint: {e}", types.MessageType.Error)
            return None
        except Exception as e:  # noqa: BLE001 - one notebook's failure never stops the server
            self.log(f"jitlint: {uri}: internal error while checking: {type(e).__name__}: {e}\n"
                     f"{traceback.format_exc()}", types.MessageType.Error)
            return None
        if self.workspace.get_notebook_document(notebook_uri=uri) is None:
            return None  # closed meanwhile
        self.results.update(found)
        return found

    def schedule_notebook(self, uri: str, delay: float = 0.0) -> None:
        """Check a notebook and publish to each of its cells (an empty list to a cell with none, and to the cells
        published to before that are gone), replacing a check of this notebook that has not started yet."""
        if self.pull:
            return
        pending = self.pending.pop(uri, None)
        if pending is not None and not pending.done():
            pending.cancel()
        self.pending[uri] = asyncio.ensure_future(self._publish_notebook_later(uri, delay))

    async def _publish_notebook_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        found = await self.check_notebook(uri)
        if found is None:
            return
        for cell in self.published_cells.get(uri, set()) - set(found):
            self.results.pop(cell, None)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell, diagnostics=[]))
        self.published_cells[uri] = set(found)
        for cell, result in found.items():
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=cell, version=result.version, diagnostics=result.diagnostics))

    def close_notebook(self, uri: str, cells: list[str]) -> None:
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        gone = self.published_cells.pop(uri, set()) | set(cells)
        for cell in gone:
            self.results.pop(cell, None)
            if not self.pull:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=cell, diagnostics=[]))

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        """Check and publish (push mode), replacing a check of this document that has not started yet."""
        if self.pull:
            return
        pending = self.pending.pop(uri, None)
        if pending is not None and not pending.done():
            pending.cancel()
        self.pending[uri] = asyncio.ensure_future(self._publish_later(uri, delay))

    async def _publish_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        result = await self.check(uri)
        if result is None or uri not in self.results:
            return
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=result.version, diagnostics=result.diagnostics))

    def recheck_all(self) -> None:
        """Configuration or files on disk changed: check every open document again."""
        self.forget_projects()
        uris = [uri for uri in self.workspace.text_documents.keys()
                if self.workspace.get_notebook_document(cell_uri=uri) is None]
        notebooks = list(self.workspace.notebook_documents.keys())
        self.results.clear()
        if self.pull:
            caps = self.client_capabilities.workspace
            if caps is not None and caps.diagnostics is not None and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for uri in uris:
            self.schedule(uri)
        for uri in notebooks:
            self.schedule_notebook(uri)


server = JitlintLanguageServer()


@server.feature(types.INITIALIZE)
def initialize(ls: JitlintLanguageServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict) and options.get("run") == "onSave":
        ls.run_on_type = False


@server.feature(types.INITIALIZED)
async def initialized(ls: JitlintLanguageServer, params: types.InitializedParams) -> None:
    caps = ls.client_capabilities.workspace
    watched = caps.did_change_watched_files if caps is not None else None
    if watched is not None and watched.dynamic_registration:
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCHED])
        try:
            await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="jitlint-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=options)]))
        except Exception as e:  # noqa: BLE001 - the client refused: settings still apply on the next check
            ls.log(f"jitlint: could not watch configuration files: {e}", types.MessageType.Warning)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: JitlintLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: JitlintLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    if ls.run_on_type:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: JitlintLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.endswith(tuple("/" + name for name in CONFIG_FILES)) or uri.endswith(".py"):
        ls.recheck_all()  # the files on disk changed: cross-file facts and settings may have too
    ls.results.pop(uri, None)
    ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: JitlintLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.results.pop(uri, None)
    if not ls.pull:
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
def did_open_notebook(ls: JitlintLanguageServer, params: types.DidOpenNotebookDocumentParams) -> None:
    ls.schedule_notebook(params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
def did_change_notebook(ls: JitlintLanguageServer, params: types.DidChangeNotebookDocumentParams) -> None:
    if ls.run_on_type:
        ls.schedule_notebook(params.notebook_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
def did_save_notebook(ls: JitlintLanguageServer, params: types.DidSaveNotebookDocumentParams) -> None:
    ls.schedule_notebook(params.notebook_document.uri)


@server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
def did_close_notebook(ls: JitlintLanguageServer, params: types.DidCloseNotebookDocumentParams) -> None:
    ls.close_notebook(params.notebook_document.uri, [c.uri for c in params.cell_text_documents])


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: JitlintLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.recheck_all()


@server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier="jitlint", inter_file_dependencies=True,
                                        workspace_diagnostics=False))
async def pull_diagnostics(ls: JitlintLanguageServer,
                           params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
    result = await ls.check(params.text_document.uri)
    items = result.diagnostics if result is not None else []
    return types.RelatedFullDocumentDiagnosticReport(items=items)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=actions.KINDS, resolve_provider=False))
async def code_action(ls: JitlintLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    result = await ls.check(uri)
    if result is None:
        return None
    only = params.context.only
    found: list[types.CodeAction] = []
    if actions.wanted(types.CodeActionKind.QuickFix, only):
        found.extend(actions.quick_fixes(uri, result.diagnostics, params.range, result.text, result.encoding))
    if actions.wanted(actions.FIX_ALL_KIND, only) and any(
            (d.data or {}).get("fix") and d.data["fix"].get("applicability") == "safe"
            and d.code in result.fix_codes for d in result.diagnostics):
        loop = asyncio.get_running_loop()
        try:
            fixed = await loop.run_in_executor(ls.executor, _fix_all_text, ls, result)
        except (api.FixError, api.SourceError) as e:
            ls.log(f"jitlint: {uri}: fix all: {e}", types.MessageType.Warning)
            fixed = None
        except Exception as e:  # noqa: BLE001
            ls.log(f"jitlint: {uri}: internal error while fixing: {type(e).__name__}: {e}", types.MessageType.Error)
            fixed = None
        action = actions.fix_all(uri, result.text, fixed, result.encoding) if fixed is not None else None
        if action is not None:
            found.append(action)
    return found or None


def _fix_all_text(ls: JitlintLanguageServer, result: Checked) -> str:
    """The document with the safe fixes of its selected, fixable rules applied (worker thread)."""
    project = ls.project(result.path, ls.settings(result.path).python) if result.path else None
    fixed = api.fix_source(result.text.encode("utf-8"), select=result.fix_codes, unsafe=False, project=project,
                           path=result.path)
    return fixed.source.decode("utf-8")


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: JitlintLanguageServer, params: types.HoverParams) -> types.Hover | None:
    """The rule's page for a diagnostic under the cursor, or for a code in a ``# noqa: ...`` comment."""
    uri = params.text_document.uri
    result = await ls.check(uri)
    if result is None:
        return None
    pos = params.position
    codes: list[str] = []
    rng = None
    lines = convert.split_lines(result.text)
    if pos.line < len(lines):  # a code in a `# noqa: ...` comment under the cursor comes first
        line = lines[pos.line]
        for match in _NOQA_CODES.finditer(line):
            for code in re.finditer(r"[A-Za-z0-9]+", match.group("codes")):
                start = match.start("codes") + code.start()
                a = convert.units(line[:start], result.encoding)
                b = a + convert.units(code.group(), result.encoding)
                if a <= pos.character <= b:
                    codes.append(code.group().upper())
                    rng = types.Range(start=types.Position(line=pos.line, character=a),
                                      end=types.Position(line=pos.line, character=b))
    for d in result.diagnostics:
        if d.source == convert.SOURCE and d.code and _contains(d.range, pos) and d.code not in codes:
            codes.append(str(d.code))
    rules = {r["code"]: r for r in await asyncio.get_running_loop().run_in_executor(ls.executor, api.rules)}
    pages = [rule_page(rules[c]) for c in codes if c in rules]
    if not pages:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n---\n\n".join(pages)),
                       range=rng)


def _contains(r: types.Range, p: types.Position) -> bool:
    start = (r.start.line, r.start.character)
    end = (r.end.line, r.end.character)
    return start <= (p.line, p.character) <= end


def main() -> None:
    server.start_io()
