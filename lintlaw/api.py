"""The one orchestration: paths or text → documents → findings, for the CLI, the tests and Python callers.
A run is planned first (settings, rules, skipped files), then its files are checked in order, in this
process or spread over worker processes, and results stream out as they are ready."""

from __future__ import annotations

import dataclasses
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lintlaw import readers
from lintlaw.model import FileResult, Finding, Problem
from lintlaw.rule import Rule
from lintlaw.session import Indexed, Options, Session, Setup, check_file, check_source, load_rulebook, setup, walk

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
    for path, display, explicit in walk(paths):
        if not explicit and not readers.is_supported(path):
            skipped.append(Problem(display, readers.unsupported_reason(path)))
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
        pending: deque[Future[list[FileResult]]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_check_chunk, chunk, options, config_path))
                if len(pending) >= workers * IN_FLIGHT:
                    break
            while pending:
                results = pending.popleft().result()
                chunk = next(chunks, None)
                if chunk is not None:
                    pending.append(pool.submit(_check_chunk, chunk, options, config_path))
                yield from results
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops the run and reports once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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


def fix_paths(paths: Iterable[str], options: Options = Options(), config_path: Path | None = None, write: bool = True) -> tuple[list[Fixed], Run]:
    """Apply every safe fix to the .txt/.md files among paths (or only compute the diffs when write is
    False). Returns what changed and the run the fixes came from."""
    from lintlaw import fixer  # difflib and tempfile only for --fix and --diff

    run = check_paths(paths, dataclasses.replace(options, fix=True), config_path)
    changed: list[Fixed] = []
    for result in run.results:
        edits = fixer.edits_of(list(result.findings))
        if not edits or result.format not in fixer.FIXABLE_FORMATS:
            continue
        path = Path(result.path)
        data = path.read_bytes()
        new_bytes, old, new = fixer.fix_bytes(data, result.encoding, edits)
        if write:
            fixer.write_atomically(path, new_bytes)
        changed.append(Fixed(result.path, len(edits), fixer.diff(result.path, old, new)))
    return changed, run


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
