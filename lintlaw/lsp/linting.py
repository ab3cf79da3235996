"""Lint editor buffers off the event loop: one worker thread owns the sessions (configurations and rules
loaded once), starts them afresh when a configuration or rule file changes, and skips runs that a newer
version of their document has made stale."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from lintlaw import api
from lintlaw import config as config_files
from lintlaw.lsp.convert import Lines
from lintlaw.model import FileResult, Problem
from lintlaw.rule import Rule
from lintlaw.session import Setup

log = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown")


def format_of(path: Path) -> str:
    return "md" if path.suffix.lower() in MARKDOWN_SUFFIXES else "txt"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One lint run of one version of a document, with what the editor features need to use it."""

    uri: str
    version: int | None
    result: FileResult
    lines: Lines
    format: str
    rules: Mapping[str, Rule] = field(default_factory=lambda: MappingProxyType({}))
    docs_url: str | None = None


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _tree_stamp(folder: Path) -> tuple[tuple[str, int | None], ...]:
    try:
        files = sorted(folder.rglob("*.y*ml"))
    except OSError:
        return ()
    return tuple((str(f), _mtime(f)) for f in files)


class Linter:
    """Runs lintlaw on buffers in one worker thread. `want` (on the event loop) records the newest version
    of each document; a queued run for an older version is skipped, and a finished one is returned only
    when it is still the newest, so callers never publish stale diagnostics."""

    def __init__(self, options: api.Options = api.Options()) -> None:
        self._options = options
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lintlaw-lint")
        self._latest: dict[str, int | None] = {}
        self._reset_requested = threading.Event()
        self._sessions: dict[bool, api.Session] = {}
        self._stamps: dict[Path, tuple[object, ...]] = {}

    # --- on the event loop ---------------------------------------------------------------------

    def want(self, uri: str, version: int | None) -> None:
        self._latest[uri] = version

    def forget(self, uri: str) -> None:
        self._latest.pop(uri, None)

    def is_latest(self, uri: str, version: int | None) -> bool:
        return uri in self._latest and self._latest[uri] == version

    def reload(self) -> None:
        """Drop every loaded configuration and rule set before the next run (a config file changed)."""
        self._reset_requested.set()

    async def lint(self, uri: str, version: int | None, text: str, path: Path, fix: bool = False) -> Outcome | None:
        """The outcome for this version, or None when a newer version came first. With fix, every fixable
        failure is reported (no bound), for "fix all"; such a run is never skipped."""
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self._executor, self._run, uri, version, text, path, fix)
        if outcome is None or (not fix and not self.is_latest(uri, version)):
            return None
        return outcome

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # --- in the worker thread ------------------------------------------------------------------

    def _session(self, fix: bool) -> api.Session:
        if fix not in self._sessions:
            self._sessions[fix] = api.Session(dataclasses.replace(self._options, fix=fix))
        return self._sessions[fix]

    def _stamp(self, path: Path, session: api.Session) -> tuple[object, ...]:
        """What the settings for path were built from: its config file and the rule, previous-year and
        baseline files the config names, with their modification times."""
        found = config_files.find(path.parent)
        stamp: list[object] = [found, _mtime(found) if found else None]
        settings = session.settings_for(path)
        if not isinstance(settings, Problem):
            stamp += [_tree_stamp(d) for d in settings.rule_dirs]
            stamp += [(p, _mtime(p)) for p in (settings.previous, settings.baseline) if p is not None]
        return tuple(stamp)

    def _refresh(self, path: Path) -> None:
        if self._reset_requested.is_set():
            self._reset_requested.clear()
            self._sessions.clear()
            self._stamps.clear()
        folder = path.parent
        stamp = self._stamp(path, self._session(False))
        if folder in self._stamps and self._stamps[folder] != stamp:
            log.info("configuration changed for %s: reloading", folder)
            self._sessions.clear()
            self._stamps.clear()
            stamp = self._stamp(path, self._session(False))
        self._stamps[folder] = stamp

    def _run(self, uri: str, version: int | None, text: str, path: Path, fix: bool) -> Outcome | None:
        if not fix and not self.is_latest(uri, version):
            return None  # a newer version is queued behind this one
        lines = Lines.of(text)
        try:
            self._refresh(path)
            session = self._session(fix)
            result = api.check_text_at(text, path, session=session)
            rules, docs_url = self._context(path, session)
        except Exception as exc:  # a bug must not take the editor's server down: report it on the document
            log.exception("linting %s failed", uri)
            problem = Problem(str(path), f"检查时出错（{type(exc).__name__}：{exc}），请报告此问题")
            return Outcome(uri, version, FileResult(str(path), problems=(problem,)), lines, format_of(path))
        for problem in result.problems:
            log.warning("%s", problem)
        return Outcome(uri, version, result, lines, format_of(path), rules, docs_url)

    @staticmethod
    def _context(path: Path, session: api.Session) -> tuple[Mapping[str, Rule], str | None]:
        config = session.config_for(path)
        docs_url = None if isinstance(config, Problem) else config.data.get("docs_url")
        settings = session.settings_for(path)
        if isinstance(settings, Problem):
            return MappingProxyType({}), docs_url
        ready = session.setup_for(settings)
        if not isinstance(ready, Setup):
            return MappingProxyType({}), docs_url
        return MappingProxyType({r.id: r for r in ready.rules}), docs_url
