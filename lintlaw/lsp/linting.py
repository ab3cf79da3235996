"""Check editor buffers (inside the server's worker process): sessions that load configurations and rules
once, started afresh when a configuration or rule file changes, and the serving loop of that process."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lintlaw import api
from lintlaw import config as config_files
from lintlaw.lsp.convert import hover_markdown
from lintlaw.model import FileResult, Problem, Status

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    """Check text as the file at path; fix asks for every fixable failure (no bound), as --fix does."""

    text: str
    path: Path
    fix: bool = False
    reload: bool = False  # drop every loaded configuration and rule set first


@dataclass(frozen=True, slots=True)
class Reply:
    result: FileResult
    docs_url: str | None = None
    hovers: tuple[tuple[str, str], ...] = ()  # rule id → hover Markdown, for the rules that failed


def _mtime(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _tree_stamp(folder: Path) -> tuple[tuple[str, tuple[int, int] | None], ...]:
    try:
        files = sorted(folder.rglob("*.y*ml"))
    except OSError:
        return ()
    return tuple((str(f), _mtime(f)) for f in files)


class Checker:
    """Sessions for plain and --fix runs, and what each folder's settings were built from."""

    def __init__(self, options: api.Options = api.Options()) -> None:
        self._options = options
        self._sessions: dict[tuple[bool, tuple[str, ...]], api.Session] = {}
        self._stamps: dict[Path, tuple[object, ...]] = {}

    def _session(self, fix: bool, select: tuple[str, ...] = ()) -> api.Session:
        """A session for plain runs, or for --fix-style runs (unbounded) of the rules in select only."""
        key = (fix, select)
        if key not in self._sessions:
            self._sessions[key] = api.Session(dataclasses.replace(self._options, fix=fix, select=select or self._options.select))
        return self._sessions[key]

    def _fixers(self, path: Path) -> tuple[str, ...]:
        """The rules in effect for path that can fix text, with the gates that decide whether content rules
        run: every edit --fix makes comes from these, so "fix all" need not run the whole catalog unbounded."""
        session = self._session(False)
        settings = session.settings_for(path)
        ready = None if isinstance(settings, Problem) else session.setup_for(settings)
        if not isinstance(ready, api.Setup):
            return ()
        return tuple(sorted(r.id for r in ready.rules if r.gate or r.fixable))

    def _stamp(self, path: Path) -> tuple[object, ...]:
        """The config file for path and the rule, previous-year and baseline files it names, with their
        modification times and sizes."""
        found = config_files.find(path.parent)
        stamp: list[object] = [found, _mtime(found) if found else None]
        settings = self._session(False).settings_for(path)
        if not isinstance(settings, Problem):
            stamp += [_tree_stamp(d) for d in settings.rule_dirs]
            stamp += [(p, _mtime(p)) for p in (settings.previous, settings.baseline) if p is not None]
        return tuple(stamp)

    def _forget(self) -> None:
        self._sessions.clear()
        self._stamps.clear()

    def _refresh(self, path: Path, reload: bool) -> None:
        if reload:
            self._forget()
        stamp = self._stamp(path)
        if path.parent in self._stamps and self._stamps[path.parent] != stamp:
            log.info("configuration changed for %s: reloading", path.parent)
            self._forget()
            stamp = self._stamp(path)
        self._stamps[path.parent] = stamp

    def run(self, job: Job) -> Reply:
        try:
            self._refresh(job.path, job.reload)
            session = self._session(True, self._fixers(job.path)) if job.fix else self._session(False)
            result = api.check_text_at(job.text, job.path, session=session)
            return Reply(result, *self._context(job.path, session, result))
        except Exception as exc:  # a bug must not take the editor's server down: report it on the document
            log.exception("checking %s failed", job.path)
            problem = Problem(str(job.path), f"检查时出错（{type(exc).__name__}：{exc}），请报告此问题")
            return Reply(FileResult(str(job.path), problems=(problem,)))

    @staticmethod
    def _context(path: Path, session: api.Session, result: FileResult) -> tuple[str | None, tuple[tuple[str, str], ...]]:
        config = session.config_for(path)
        docs_url = None if isinstance(config, Problem) else config.data.get("docs_url")
        settings = session.settings_for(path)
        ready = None if isinstance(settings, Problem) else session.setup_for(settings)
        if not isinstance(ready, api.Setup):
            return docs_url, ()
        failed = {f.rule for f in result.findings if f.status is Status.FAIL}
        return docs_url, tuple((r.id, hover_markdown(r)) for r in ready.rules if r.id in failed)


def serve(conn: Connection) -> None:
    """The worker process: answer jobs until the server closes its end of the pipe."""
    checker = Checker()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(checker.run(job))
