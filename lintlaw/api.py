"""The one orchestration: paths or text → documents → findings, for the CLI, the tests and Python callers.
A run is planned first (settings, rules, skipped files), then its files are checked in order, in this
process or spread over worker processes, and results stream out as they are ready."""

from __future__ import annotations

import dataclasses
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from lintlaw import readers
from lintlaw.model import FileResult, Finding, Problem
from lintlaw.rule import Rule
from lintlaw.session import Indexed, Options, Session, Setup, check_file, check_source, load_rulebook, setup, walk, walked_skip_reason

__all__ = ["Options", "Run", "Plan", "check", "check_bytes", "check_paths", "plan", "execute", "fix_paths", "load_rulebook", "walk", "check_text_at"]

@dataclass(frozen=True, slots=True)
class Run:
    results: tuple[FileResult, ...]
    skipped: tuple[Problem, ...] = ()  # files in walked directories that no reader handles
    problems: tuple[Problem, ...] = ()  # rule-file and usage problems
    rules: tuple[Rule, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Task:
    path: Path
    display: str
    explicit: bool
    settings: Options


@dataclass(frozen=True, slots=True)
class Plan:
    tasks: tuple[Task, ...]
    skipped: tuple[Problem, ...]  # files in walked directories that no reader handles
    problems: tuple[Problem, ...]  # configuration and rule problems: nothing is checked
    rules: tuple[Rule, ...]  # every rule that will run on some file (for SARIF's rule table)
    # The session that planned the run, with the rules it loaded: checking in this process reuses
    # it, so a run loads its rulebook once.
    session: Session | None = field(default=None, compare=False, repr=False)
    indexes: tuple[tuple[Path, Indexed | Problem], ...] = ()  # previous-year folders, indexed once


def plan(paths: Iterable[str], options: Options, config_path: Path | None = None) -> Plan:
    session = Session(options, config_path)
    if options.previous is not None and options.previous_dir is not None:
        usage = Problem("--previous", "--previous 与 --previous-dir 只能用一个：一份报告用 --previous 文件，多份报告用 --previous-dir 目录")
        return Plan((), (), (usage,), ())
    tasks: list[Task] = []
    skipped: list[Problem] = []
    problems: dict[str, Problem] = {}
    rules: dict[str, Rule] = {}
    paths = list(paths)
    if any(not str(p) for p in paths):  # Path("") would be the current folder: never walk it unasked
        return Plan((), (), (Problem("“”", "路径参数为空字符串（要检查当前目录请写 .）"),), ())
    for path, display, explicit in walk(paths):
        if not explicit:
            skip = walked_skip_reason(path)
            if skip is not None:
                skipped.append(Problem(display, skip))
                continue
        settings = session.settings_for(path)
        if isinstance(settings, Problem):
            problems[str(settings)] = settings
            continue
        ready = session.setup_for(settings)
        if not isinstance(ready, Setup):
            problems.update((str(p), p) for p in ready)
            continue
        rules.update((r.id, r) for r in ready.rules)
        tasks.append(Task(path, display, explicit, settings))
    if options.previous is not None and len(tasks) > 1:
        usage = Problem("--previous", f"--previous 只能与一份报告对照，本次要检查 {len(tasks)} 份；多份报告请用 --previous-dir 上一年度报告目录")
        problems[str(usage)] = usage
    indexes = tuple(session.indexes.items())
    for _, indexed in indexes:
        if not isinstance(indexed, Problem):
            skipped.extend(indexed[1])
    return Plan(
        tuple(tasks), tuple(skipped), tuple(problems.values()), tuple(rules[k] for k in sorted(rules)), session, indexes
    )


def _iter_tasks(
    tasks: Iterable[Task], cli: Options, config_path: Path | None, session: Session | None = None
) -> Iterator[FileResult]:
    """Check files one by one with one session, so each rule set is loaded once."""
    session = session or Session(cli, config_path)
    for task in tasks:
        ready = session.setup_for(task.settings)
        assert isinstance(ready, Setup)  # the plan already loaded these settings without problems
        outcome = check_file(task.path, task.display, task.explicit, ready, task.settings)
        assert isinstance(outcome, FileResult)
        yield outcome


# The one Session of a worker process, made by its initializer: each worker loads its rules once
# for the whole run, however many chunks it checks. Never set in the main process.
_WORKER_SESSION: list[Session] = []


def _start_worker(
    cli: Options, config_path: Path | None, indexes: tuple[tuple[Path, Indexed | Problem], ...] = ()
) -> None:
    _ignore_interrupts()
    # The plan's previous-year folder indexes come along, so no worker reads those folders again.
    _WORKER_SESSION.append(Session(cli, config_path, dict(indexes)))


def _check_chunk(tasks: tuple[Task, ...], cli: Options, config_path: Path | None) -> list[FileResult]:
    """A worker process's share of a batch."""
    session = _WORKER_SESSION[0] if _WORKER_SESSION else None
    return list(_iter_tasks(tasks, cli, config_path, session))


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


# Worker processes pay for themselves only from this many files on (starting one and loading its
# rules costs about as much as checking 30 reports); below it, and for a single large file, the
# batch is checked in this process.
MIN_PARALLEL_FILES = 64
# Files a worker checks per task, and tasks in flight per worker: together they bound what is held
# in memory at once (about CHUNK_FILES × IN_FLIGHT × workers results), whatever the batch's size.
CHUNK_FILES = 16
IN_FLIGHT = 2


def worker_count(jobs: int, files: int, load: float | None = None) -> int:
    """How many worker processes a batch gets (0: check it in this process).

    jobs 0 means choose: one per core, but none when the machine is already busy (a 1-minute
    load average at or above the cores there are), since workers then only compete with each
    other and with the other work; an explicit --jobs is kept. Either way a batch below
    MIN_PARALLEL_FILES is checked in this process."""
    if files < MIN_PARALLEL_FILES:
        return 0
    if jobs == 0:
        cores = default_jobs()
        if load is not None and load >= cores:
            return 0
        jobs = cores
    return 0 if jobs <= 1 else min(jobs, -(-files // CHUNK_FILES))


def _load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def execute(
    the_plan: Plan, options: Options, config_path: Path | None = None, jobs: int = 1
) -> Iterator[FileResult]:
    """Results in the plan's order, whatever the number of processes (jobs 0: choose, see worker_count)."""
    tasks = the_plan.tasks
    if the_plan.problems:
        return
    workers = worker_count(jobs, len(tasks), _load_average() if jobs == 0 else None)
    if workers == 0:
        yield from _iter_tasks(tasks, options, config_path, the_plan.session)
        return
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor  # only batches pay for multiprocessing's import

    chunks = (tasks[i : i + CHUNK_FILES] for i in range(0, len(tasks), CHUNK_FILES))
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(options, config_path, the_plan.indexes)) as pool:
        pending: deque[tuple[tuple[Task, ...], Future[list[FileResult]]]] = deque()
        try:
            for chunk in chunks:
                pending.append((chunk, _submit(pool, chunk, options, config_path)))
                if len(pending) >= workers * IN_FLIGHT:
                    break
            while pending:
                done, future = pending.popleft()
                results = _chunk_results(done, future)
                chunk = next(chunks, None)
                if chunk is not None:
                    pending.append((chunk, _submit(pool, chunk, options, config_path)))
                yield from results
        except BaseException:  # Ctrl-C, SIGTERM, a closed pipe: end the workers now, not after their chunks
            _stop_workers(pool)
            raise


def _submit(pool, chunk: tuple[Task, ...], options: Options, config_path: Path | None):
    """The future of a chunk's results; once a worker has died the pool takes no more work, and the
    chunk's future carries that instead of the error escaping."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pool.submit(_check_chunk, chunk, options, config_path)
    except BrokenProcessPool as exc:
        failed: Future[list[FileResult]] = Future()
        failed.set_exception(exc)
        return failed


def _chunk_results(chunk: tuple[Task, ...], future) -> list[FileResult]:
    """A chunk's results; when its worker died (killed, out of memory) each of its files says so."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        reason = "检查此文件的工作进程意外退出（被结束或内存不足），未检查；可用 --jobs 1 重试"
        return [FileResult(task.display, problems=(Problem(task.display, reason),)) for task in chunk]


def _stop_workers(pool) -> None:
    """End the worker processes now (there is no public way), then let the pool wind down."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass
    for process in processes:
        process.join(timeout=5)
    pool.shutdown(wait=False, cancel_futures=True)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops the run and reports once; SIGTERM (from the
    main process ending them) ends a worker at once, whatever handler the main process installed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def check_paths(
    paths: Iterable[str], options: Options = Options(), config_path: Path | None = None, jobs: int = 1
) -> Run:
    """Check files and directories, each with the settings its configuration gives it; all results."""
    the_plan = plan(paths, options, config_path)
    if the_plan.problems:
        return Run((), (), the_plan.problems)
    results = tuple(execute(the_plan, options, config_path, jobs))
    return Run(results, the_plan.skipped, (), the_plan.rules)


def check_bytes(data: bytes, name: str, display: str, options: Options = Options(), config_path: Path | None = None) -> Run:
    """Check bytes that are not in a file (standard input) as if they were the file `name`: its suffix
    chooses the reader, its folder and name the configuration and overrides; `display` is how it is shown."""
    session = Session(options, config_path)
    path = Path(name)
    settings = session.settings_for(path)
    if isinstance(settings, Problem):
        return Run((), (), (settings,))
    ready = session.setup_for(settings)
    if not isinstance(ready, Setup):
        return Run((), (), tuple(ready))
    if not readers.is_supported(path):
        return Run((FileResult(display, problems=(Problem(display, readers.unsupported_reason(path)),)),), (), (), ready.rules)
    fmt, reader = readers.READERS[path.suffix.lower()]
    source = reader(data, display, fmt)
    if isinstance(source, Problem):
        return Run((FileResult(display, problems=(source,)),), (), (), ready.rules)
    result = check_source(source, display, ready.book, ready.rules, settings, ready, ready.baseline)
    return Run((result,), (), (), ready.rules)


def _names_a_file(text: str) -> bool:
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL in it: it is report text
        return False


def check(path_or_text: str | os.PathLike[str], options: Options = Options()) -> list[Finding]:
    """Check one file (a path) or a text (a str that names no existing file); return its findings.

    Raises ValueError with the one-line reason when the file cannot be read or the rules are invalid.
    """
    text = str(path_or_text)
    is_path = isinstance(path_or_text, os.PathLike) or _names_a_file(text)
    if is_path:
        run = check_paths([text], options)
        problems = [*run.problems, *(p for r in run.results for p in r.problems), *run.skipped]
        if problems:
            raise ValueError(str(problems[0]))
        return list(run.results[0].findings)
    ready = setup(options)
    if not isinstance(ready, Setup):
        raise ValueError(str(ready[0]))
    source = readers.Source(readers.base.normalise_newlines(text), "txt", "utf-8")
    return list(check_source(source, "<text>", ready.book, ready.rules, options, ready).findings)


@dataclass(frozen=True, slots=True)
class Fixed:
    path: str
    count: int
    diff: str


def fix_paths(
    paths: Iterable[str],
    options: Options = Options(),
    config_path: Path | None = None,
    write: bool = True,
    on_fixed: Callable[[Fixed], None] | None = None,
) -> tuple[list[Fixed], Run]:
    """Apply every safe fix to the .txt/.md files among paths (or only compute the diffs when write is
    False), file by file: the fixes are applied to exactly the bytes that were checked, and a file that
    changed in between is left alone. on_fixed is called as soon as a file has been replaced (even when
    Ctrl-C arrives then). Returns what changed and the run the fixes came from; files that could not be
    fixed are the run's problems."""
    from lintlaw import fixer  # difflib and tempfile only for --fix and --diff

    the_plan = plan(paths, dataclasses.replace(options, fix=True), config_path)
    if the_plan.problems:
        return [], Run((), (), the_plan.problems)
    session = Session(dataclasses.replace(options, fix=True), config_path)
    changed: list[Fixed] = []
    results: list[FileResult] = []
    refused: list[Problem] = []
    for task in the_plan.tasks:
        ready = session.setup_for(task.settings)
        assert isinstance(ready, Setup)  # the plan already loaded these settings without problems
        if readers.READERS.get(task.path.suffix.lower(), ("",))[0] not in fixer.FIXABLE_FORMATS:
            outcome = check_file(task.path, task.display, task.explicit, ready, task.settings)
            assert isinstance(outcome, FileResult)
            results.append(outcome)
            continue
        snap = fixer.snapshot(task.path)
        if isinstance(snap, str):
            results.append(FileResult(task.display, problems=(Problem(task.display, snap),)))
            continue
        source = readers.read_data(task.path, snap.data, task.display)
        if isinstance(source, Problem):
            results.append(FileResult(task.display, problems=(source,)))
            continue
        result = check_source(source, task.display, ready.book, ready.rules, task.settings, ready, ready.baseline,
                              str(task.path.resolve()))
        results.append(result)
        edits = fixer.edits_of(list(result.findings))
        if not edits or result.format not in fixer.FIXABLE_FORMATS:
            continue
        new_bytes, old, new = fixer.fix_bytes(snap.data, result.encoding, edits)
        done = Fixed(result.path, len(edits), fixer.diff(result.path, old, new))
        if write:
            fixer.clean_stale_temps(Path(os.path.realpath(task.path)))
            reason = fixer.replace_checked(task.path, snap, new_bytes, lambda: _fixed(changed, done, on_fixed))
            if reason is not None:
                refused.append(Problem(task.display, reason))
        else:
            _fixed(changed, done, on_fixed)
    return changed, Run(tuple(results), the_plan.skipped, tuple(refused), the_plan.rules)


def _fixed(changed: list[Fixed], done: Fixed, on_fixed: Callable[[Fixed], None] | None) -> None:
    changed.append(done)
    if on_fixed is not None:
        on_fixed(done)


# --- check_text_at: a text as if it were a file (for editors: the unsaved buffer of a file) ------------


def check_text_at(
    text: str, path: str | os.PathLike[str], options: Options = Options(), session: Session | None = None
) -> FileResult:
    """Check text as if it were the file at path: that path's configuration, its format (.md or .txt)
    and suppressions apply; the file itself is not read. Configuration and rule problems come back as
    the result's problems. Pass one session to many calls so rules and configs are loaded once."""
    session = session or Session(options)
    target = Path(path)
    display = str(path)
    settings = session.settings_for(target)
    if isinstance(settings, Problem):
        return FileResult(display, problems=(settings,))
    ready = session.setup_for(settings)
    if not isinstance(ready, Setup):
        return FileResult(display, problems=ready)
    fmt = "md" if target.suffix.lower() in (".md", ".markdown") else "txt"
    source = readers.Source(readers.base.normalise_newlines(text), fmt, "utf-8")
    return check_source(source, display, ready.book, ready.rules, settings, ready.previous, ready.baseline)
