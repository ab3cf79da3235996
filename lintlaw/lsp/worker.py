"""Lint off the event loop, in a worker process that is ended when a newer version of the document it is
checking arrives, so a stale run (seconds on a 10 MB document) is cancelled, not waited for, and no
diagnostics but the latest version's are ever returned."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lintlaw.lsp.convert import Lines
from lintlaw.lsp.linting import Job, Reply, serve
from lintlaw.model import FileResult, Problem

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
    docs_url: str | None = None
    hovers: Mapping[str, str] = field(default_factory=dict)


class Cancelled(Exception):
    """The worker process was ended while it checked a document that a newer version made stale."""


class Worker:
    """One child process that checks one job at a time. Its methods run in the Linter's single thread,
    except cancel, which the event loop calls."""

    def __init__(self) -> None:
        # forkserver: children are forked from a clean process that has lintlaw imported (fast to restart,
        # and never a fork of the server with its threads).
        self._context: Any = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["lintlaw.lsp.linting"])
        self._process: Any = None
        self._conn: Any = None
        self._lock = threading.Lock()
        self._cancelled = False
        self.cancels = 0  # runs ended by cancel, for tests and logs

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        self._process = self._context.Process(target=serve, args=(child,), name="lintlaw-lint", daemon=True)
        self._process.start()
        child.close()
        self._conn = parent

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    def start(self) -> None:
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()

    def run(self, job: Job) -> Reply:
        """The reply, or Cancelled; a worker that dies (out of memory, a crash) is reported on the document."""
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            self._cancelled = False  # under the same lock as the start: a cancel from now on ends this job
            conn = self._conn
        try:
            conn.send(job)
            reply: Reply = conn.recv()
            return reply
        except (EOFError, OSError) as exc:
            with self._lock:
                cancelled, self._process = self._cancelled, None
            if cancelled:
                raise Cancelled() from exc
            log.error("the lint worker died while checking %s", job.path)
            problem = Problem(str(job.path), "检查进程意外退出（文档可能过大或内存不足），未能完成检查")
            return Reply(FileResult(str(job.path), problems=(problem,)))

    def cancel(self) -> None:
        with self._lock:
            if self._process is not None and self._process.is_alive():
                self._cancelled = True
                self.cancels += 1
                self._process.kill()

    def stop(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.kill()
                self._process.join(timeout=5)
                self._process = None


class Linter:
    """Runs lint jobs one at a time in the worker. `want` (on the event loop) records the newest version
    of each document and ends the worker when it is checking an older version of that document; a queued
    run for an older version is skipped, and a finished one is returned only when it is still the newest."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lintlaw-lint")
        self._worker = Worker()
        self._latest: dict[str, int | None] = {}
        self._running: tuple[str, int | None] | None = None
        self._reload = False

    @property
    def cancels(self) -> int:
        return self._worker.cancels

    @property
    def worker_pid(self) -> int | None:
        return self._worker.pid

    @property
    def running(self) -> tuple[str, int | None] | None:
        return self._running

    def warm_up(self) -> None:
        """Start the worker process now, so that the first document does not wait for it."""
        self._executor.submit(self._worker.start)

    def want(self, uri: str, version: int | None) -> None:
        self._latest[uri] = version
        running = self._running
        if running is not None and running[0] == uri and running[1] != version:
            log.info("cancelling the stale run of %s version %s", uri, running[1])
            self._worker.cancel()

    def forget(self, uri: str) -> None:
        self._latest.pop(uri, None)
        running = self._running
        if running is not None and running[0] == uri:
            self._worker.cancel()

    def is_latest(self, uri: str, version: int | None) -> bool:
        return uri in self._latest and self._latest[uri] == version

    def reload(self) -> None:
        """Drop every loaded configuration and rule set before the next run (a config file changed)."""
        self._reload = True

    async def lint(self, uri: str, version: int | None, text: str, path: Path, fix: bool = False) -> Outcome | None:
        """The outcome for this version, or None when a newer version came first. With fix, every fixable
        failure is reported (no bound), for "fix all"; such a run is never cancelled."""
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self._executor, self._run, uri, version, text, path, fix)
        if outcome is None or (not fix and not self.is_latest(uri, version)):
            return None
        return outcome

    def _run(self, uri: str, version: int | None, text: str, path: Path, fix: bool) -> Outcome | None:
        self._running = None if fix else (uri, version)
        try:
            # want() sets the newest version before it looks at _running; this looks after setting it:
            # a newer version is always seen by one of the two.
            if not fix and not self.is_latest(uri, version):
                return None  # a newer version is queued behind this one
            reload, self._reload = self._reload, False
            try:
                reply = self._worker.run(Job(text, path, fix, reload))
            except Cancelled:
                return None
        finally:
            self._running = None
        return Outcome(uri, version, reply.result, Lines.of(text), format_of(path), reply.docs_url, dict(reply.hovers))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._worker.stop()
