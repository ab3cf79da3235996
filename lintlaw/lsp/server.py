"""The `lintlaw server` language server (pygls, stdio): diagnostics while typing, safe fixes and suppression
comments as code actions, rule documentation on hover, and the checklist total as a code lens and symbols."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.workspace import TextDocument

from lintlaw.config import CONFIG_NAMES
from lintlaw.lsp import actions, convert
from lintlaw.lsp.actions import FIX_ALL_KIND, FIX_ALL_TITLE
from lintlaw.lsp.worker import MARKDOWN_SUFFIXES, Linter, Outcome
from lintlaw.model import Finding, Status

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.3
TEXT_SUFFIXES = (".txt", *MARKDOWN_SUFFIXES)
LANGUAGES = ("plaintext", "markdown", "text")
CONFIG_FILES = (*CONFIG_NAMES, "pyproject.toml")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lintlaw")
    except PackageNotFoundError:
        return "0"


_ANSWERED = object()  # a malformed request that has already been given its error response


class Protocol(LanguageServerProtocol):
    """pygls's protocol, except that a request whose params do not fit its method gets a JSON-RPC error
    response (pygls 2 only logs it, and the client would wait for ever)."""

    def structure_message(self, data: dict[str, object]) -> object:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "jsonrpc" in data and "id" in data and "method" in data:
                log.warning("malformed %s request: %s", data.get("method"), exc.__cause__ or exc)
                self._send_response(data["id"], error=lsp.ResponseError(exc.code, f"{exc.message}: {data['method']}"))  # type: ignore[arg-type]
                return _ANSWERED
            raise

    def handle_message(self, message: object) -> None:
        if message is not _ANSWERED:
            super().handle_message(message)  # type: ignore[arg-type]


class LintlawServer(LanguageServer):
    """The server and what it remembers: the newest outcome per document and the pending debounced runs."""

    def __init__(self) -> None:
        # Full sync: pygls applies incremental changes to lines split by str.splitlines, which also breaks
        # at form feeds (PDF page breaks) and U+2028, where LSP clients do not; the whole text is exact.
        super().__init__("lintlaw", _version(), text_document_sync_kind=lsp.TextDocumentSyncKind.Full,
                         protocol_cls=Protocol)
        self.linter = Linter()
        self.outcomes: dict[str, Outcome] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.debounce = DEBOUNCE_SECONDS

    def report_server_error(self, error: Exception, source: object) -> None:
        """Errors outside a request (a malformed notification, a bug) go to the editor's log, not a pop-up."""
        try:
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"lintlaw server：{error}"))
        except Exception:  # noqa: BLE001 - the transport itself is gone
            log.warning("cannot report %s", error)

    # --- which documents, at which path ------------------------------------------------------

    def is_report(self, doc: TextDocument) -> bool:
        suffix = Path(doc.path).suffix.lower() if doc.path and doc.uri.startswith("file:") else ""
        return suffix in TEXT_SUFFIXES or (not suffix and doc.language_id in LANGUAGES)

    def path_of(self, doc: TextDocument) -> Path:
        """The file path whose configuration applies; an unsaved buffer counts as a file in the workspace root."""
        if doc.path and doc.uri.startswith("file:"):
            return Path(doc.path)
        root = Path(self.workspace.root_path) if self.workspace.root_path else Path.cwd()
        return root / ("untitled.md" if doc.language_id == "markdown" else "untitled.txt")

    def units(self, text: str) -> int:
        units: int = self.workspace.position_codec.client_num_units(text)
        return units

    # --- linting -------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        doc = self.workspace.get_text_document(uri)
        if not self.is_report(doc):
            return
        self.linter.want(uri, doc.version)
        if (task := self.pending.pop(uri, None)) is not None:
            task.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            doc = self.workspace.get_text_document(uri)
            outcome = await self.linter.lint(uri, doc.version, doc.source, self.path_of(doc))
            if outcome is None or uri not in self.workspace.text_documents:
                return  # a newer version is on its way, or the document was closed
            self.outcomes[uri] = outcome
            self.publish(outcome)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let one document stop the server
            log.exception("lint of %s failed", uri)
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"lintlaw：检查 {uri} 时出错：{exc}"))
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def publish(self, outcome: Outcome) -> None:
        for problem in outcome.result.problems:
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Warning, f"lintlaw：{problem}"))
        diagnostics = convert.diagnostics(outcome.result, outcome.lines, self.units, outcome.docs_url)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(outcome.uri, diagnostics, outcome.version))
        caps = self.client_capabilities.workspace
        if caps and caps.code_lens and caps.code_lens.refresh_support:
            self.workspace_code_lens_refresh(None)

    def relint_all(self) -> None:
        self.linter.reload()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    @property
    def versioned_edits(self) -> bool:
        caps = self.client_capabilities.workspace
        return bool(caps and caps.workspace_edit and caps.workspace_edit.document_changes)

    async def fix_all(self, outcome: Outcome) -> lsp.CodeAction | None:
        """Every safe fix of the document (not only the findings shown: an unbounded run, as for --fix)."""
        doc = self.workspace.get_text_document(outcome.uri)
        full = await self.linter.lint(outcome.uri, doc.version, doc.source, self.path_of(doc), fix=True)
        if full is None or doc.version != outcome.version:
            return None
        return actions.fix_all_action(full, self.units, self.versioned_edits)

    def current(self, uri: str) -> Outcome | None:
        """The outcome of the document's current version, if there is one yet."""
        outcome = self.outcomes.get(uri)
        if outcome is None or uri not in self.workspace.text_documents:
            return None
        return outcome if outcome.version == self.workspace.get_text_document(uri).version else None


def _resolves_edits(server: LintlawServer) -> bool:
    """Whether the client fills in an action's edit with codeAction/resolve when the user picks it."""
    caps = server.client_capabilities.text_document
    resolve = caps.code_action.resolve_support if caps and caps.code_action else None
    return bool(resolve and "edit" in resolve.properties)


def build() -> LintlawServer:
    """A server with every feature registered; `start_io()` runs it."""
    server = LintlawServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: LintlawServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce_ms"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce_ms"]) / 1000)

    @server.feature(lsp.INITIALIZED)
    def initialized(ls: LintlawServer, params: lsp.InitializedParams) -> None:
        ls.linter.warm_up()
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps else None
        if not (watched and watched.dynamic_registration):
            return  # config changes are still seen: every run compares the config file's time stamp
        watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_FILES]
        registration = lsp.Registration(id="lintlaw-config-watch", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                        register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers))
        ls.client_register_capability(lsp.RegistrationParams([registration]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LintlawServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LintlawServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: LintlawServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if Path(params.text_document.uri).name in CONFIG_FILES:
            ls.relint_all()
        else:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LintlawServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.linter.forget(uri)
        ls.outcomes.pop(uri, None)
        if (task := ls.pending.pop(uri, None)) is not None:
            task.cancel()
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, []))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: LintlawServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        ls.relint_all()

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: LintlawServer, params: lsp.HoverParams) -> lsp.Hover | None:
        outcome = ls.current(params.text_document.uri)
        if outcome is None:
            return None
        line, column = convert.character(outcome.lines, ls.units, params.position)
        hits = [f for f in sorted(outcome.result.findings, key=Finding.sort_key) if actions.covers(f, line, column)]
        docs = [outcome.hovers[r] for r in dict.fromkeys(f.rule for f in hits) if r in outcome.hovers]
        if not docs:
            return None
        text = "\n\n---\n\n".join(docs)
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text),
                         convert.span_range(outcome.lines, ls.units, hits[0].span))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND], resolve_provider=True))
    async def code_action(ls: LintlawServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        outcome = ls.current(params.text_document.uri)
        if outcome is None:
            return []
        only = params.context.only
        source = ls.workspace.get_text_document(outcome.uri).source
        eol = "\r\n" if "\r\n" in source else "\n"
        found: list[lsp.CodeAction] = []
        touching = actions.touching(outcome, ls.units, params.range)
        if actions.wants(only, lsp.CodeActionKind.QuickFix):
            found += [actions.fix_action(outcome, f, ls.units, ls.versioned_edits) for f in touching if f.fix]
            found += [actions.suppress_action(outcome, f, eol, ls.units, ls.versioned_edits) for f in touching]
        # "Fix all" when the editor asks for source.fixAll (on save, say), or beside a fixable finding.
        offered = actions.wants(only, FIX_ALL_KIND) if only else any(f.fix for f in touching)
        fixable = any(f.fix for f in outcome.result.findings if f.status is Status.FAIL)
        if not (offered and fixable):
            return found
        if _resolves_edits(ls):  # computed only when picked: moving the cursor must not check the text again
            data = {"uri": outcome.uri, "version": outcome.version}
            return [*found, lsp.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND, data=data)]
        everything = await ls.fix_all(outcome)
        return found + ([everything] if everything is not None else [])

    @server.feature(lsp.CODE_ACTION_RESOLVE)
    async def resolve_code_action(ls: LintlawServer, action: lsp.CodeAction) -> lsp.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        outcome = ls.current(str(data.get("uri", "")))
        if outcome is None or outcome.version != data.get("version"):
            return action  # the text changed since: no edit rather than a stale one
        everything = await ls.fix_all(outcome)
        if everything is not None:
            action.edit = everything.edit
        return action

    @server.feature(lsp.TEXT_DOCUMENT_CODE_LENS)
    def code_lens(ls: LintlawServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens]:
        outcome = ls.current(params.text_document.uri) or ls.outcomes.get(params.text_document.uri)
        if outcome is None:
            return []
        top = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
        return [lsp.CodeLens(top, lsp.Command(title=f"lintlaw：{convert.summary_title(outcome.result)}", command=""))]

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: LintlawServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        outcome = ls.current(params.text_document.uri)
        return [] if outcome is None else convert.symbols(outcome.result, outcome.lines, ls.units)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: LintlawServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.linter.close()

    return server


def main() -> None:
    """Serve one editor over stdin/stdout until it says exit; logs go to stderr (the editor's log)."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="lintlaw server: %(levelname)s %(message)s")
    build().start_io()
