"""The worker pool: how many processes a batch gets, and chunks of work spread over them with results in order."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from lintlaw import interrupts

Chunk = TypeVar("Chunk", bound=Sequence[Any])
Result = TypeVar("Result")

# Worker processes pay for themselves only from this many files on; below it, and for a single large
# file, the batch is checked in this process. bench/small_batches.py, full catalog, 2 cores, two
# workers against this process alone: forked workers (Linux up to Python 3.13), which start with the
# rules loaded and the code imported, 24 reports the same time, 32 reports 7% less, 48 reports 14%
# less; workers that start a fresh interpreter (spawn: Windows, macOS; forkserver: Linux from Python
# 3.14) lose up to 64 reports (0.48 s against 0.44 s), draw at 96 and win from 128 (0.63 s
# against 0.71 s).
MIN_PARALLEL_FILES = 32
MIN_SPAWNED_FILES = 128
# Files a worker checks per task at most, and tasks in flight per worker: together they bound what is
# held in memory at once (about CHUNK_FILES × IN_FLIGHT × workers results), whatever the batch's size.
CHUNK_FILES = 16
IN_FLIGHT = 2
# A small batch is cut into at least this many tasks per worker, so the last ones even the workers out.
TASKS_PER_WORKER = 4
# A file checked in this process has its rules run in two processes from this many characters on
# (shared with a process forked once its Document is built, see `in_two`). Measured with the
# full catalog on a quiet 2-core machine: 420,000 characters 0.52 s → 0.44 s, 1,000,000 characters
# 0.93 s → 0.75 s, 10 MB 3.3 s → 2.2 s; the gain shrinks towards nothing below about 200,000.
SPLIT_CHARS = 400_000


def default_jobs() -> int:
    """The cores this process may use: those it may run on, fewer when its control group's CPU quota
    allows fewer (a container limited to 1.5 CPUs on an 8-core machine: 2)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = cpu_quota()
    return max(1, min(cores, quota) if quota is not None else cores)


def worker_count(jobs: int, files: int) -> int:
    """How many worker processes a batch gets (0: check it in this process).

    jobs 0 means choose: one per core (default_jobs); an explicit --jobs is kept. Either way a batch
    below MIN_PARALLEL_FILES (MIN_SPAWNED_FILES where workers are not forked) is checked in this
    process. How busy the machine is does not count: the scheduler shares the cores out by process,
    so on a machine busy with other work two workers get more of it than one process does (measured:
    1,000 reports 1.3–1.6× faster with four other busy processes on two cores)."""
    if files < MIN_PARALLEL_FILES:
        return 0
    if jobs == 0:
        jobs = default_jobs()
    if jobs <= 1 or (files < MIN_SPAWNED_FILES and not _forks()):
        return 0
    return min(jobs, -(-files // CHUNK_FILES))


def _forks() -> bool:
    """Whether the worker pool's processes are forked from this one (multiprocessing's default start
    method), rather than fresh interpreters that import lintlaw and load the rules first."""
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def split_count(jobs: int) -> int:
    """How many processes one large file's rules may run in when the batch is checked in this process:
    as worker_count chooses for a batch (jobs 0: the cores); 1 where processes cannot be forked
    (Windows), since the second one reads this one's memory."""
    if not hasattr(os, "fork"):  # multiprocessing's fork start method is there exactly when os.fork is
        return 1
    return default_jobs() if jobs == 0 else max(1, jobs)


# Where the control group CPU quota of this process is read (Linux; see cpu_quota).
CGROUP_ROOT = "/sys/fs/cgroup"
PROC_CGROUP = "/proc/self/cgroup"


def cpu_quota() -> int | None:
    """The CPUs this process's control groups allow it, rounded up (cgroup v2 `cpu.max`, or v1
    `cpu.cfs_quota_us` over `cpu.cfs_period_us`, the smallest along the group and its parents);
    None when there is no quota or it cannot be read (not Linux)."""
    try:
        with open(PROC_CGROUP, encoding="utf-8") as handle:
            memberships = handle.read()
    except OSError:
        return None
    limits: list[int] = []
    for line in memberships.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        if parts[0] == "0" and parts[1] == "":  # v2: one hierarchy
            limits += _group_limits(Path(CGROUP_ROOT), parts[2], _v2_limit)
        elif "cpu" in parts[1].split(","):  # v1: the cpu controller's hierarchy, mounted by its name or as cpu
            for mount in {Path(CGROUP_ROOT) / parts[1], Path(CGROUP_ROOT) / "cpu"}:
                limits += _group_limits(mount, parts[2], _v1_limit)
    return min(limits) if limits else None


def _group_limits(mount: Path, group: str, limit: Callable[[Path], int | None]) -> list[int]:
    """The quotas set on a group and on each of its parents below a hierarchy's mount point."""
    if not mount.is_dir():
        return []
    found: list[int] = []
    folder = mount / group.strip("/")
    while True:
        cores = limit(folder)
        if cores is not None:
            found.append(cores)
        if folder == mount or mount not in folder.parents:
            return found
        folder = folder.parent


def _v2_limit(folder: Path) -> int | None:
    return quota_cores(_read(folder / "cpu.max"))


def _v1_limit(folder: Path) -> int | None:
    return quota_cores(f"{_read(folder / 'cpu.cfs_quota_us')} {_read(folder / 'cpu.cfs_period_us')}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def quota_cores(quota_and_period: str) -> int | None:
    """CPUs from a quota and period in microseconds ("150000 100000": 2; "max 100000" or v1's
    "-1 100000": None, no quota), rounded up; None when the text is not that."""
    fields = quota_and_period.split()
    if len(fields) != 2 or not fields[0].isdigit() or not fields[1].isdigit() or int(fields[1]) == 0:
        return None
    quota, period = int(fields[0]), int(fields[1])
    return max(1, -(-quota // period)) if quota > 0 else None


def alongside(there: Callable[[], Result], here: Callable[[], Result]) -> tuple[Result, Result | None]:
    """here() in this process while there() runs in a process forked now (so it sees this process's
    memory as it is, and nothing it reads is pickled); there()'s result, or None when its process
    could not be started or died (the caller then does that work itself)."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start, initargs=(_nothing, ())) as pool:
        try:
            future: Future[Result] | None
            try:
                with interrupts.held():  # as in _submit: the pool records its process before a signal is handled
                    future = pool.submit(there)
            except (OSError, BrokenProcessPool):  # no process to be had (a process limit, no memory)
                future = None
            mine = here()
            try:
                theirs: Result | None = future.result() if future is not None else None
            except BrokenProcessPool:
                theirs = None
        except BaseException:
            _stop_workers(pool)
            raise
    return mine, theirs


def _nothing() -> None:
    pass


# What the process forked by `in_two` works on: the work and the shared count of what has been taken.
# Set only while that process is forked (it is inherited, never pickled); empty at all other times.
_SHARED: list[tuple[Callable[[int], Any], Any, int]] = []


def in_two(count: int, work: Callable[[int], Result]) -> list[Result]:
    """[work(0), …, work(count - 1)], worked out by this process and one forked now, each taking the
    next item nobody has taken yet, so that neither is idle while work is left whatever the items cost.
    The results do not depend on which process took which item. What the forked process took but did
    not send back (it could not be started, or died) is worked out here."""
    import multiprocessing

    taken = multiprocessing.get_context("fork").Value("i", 0)
    _SHARED.append((work, taken, count))
    try:
        mine, theirs = alongside(_take_there, lambda: _take(work, taken, count))
    finally:
        _SHARED.clear()
    done = dict(mine + (theirs or []))
    return [done[i] if i in done else work(i) for i in range(count)]


def _take(work: Callable[[int], Result], taken: Any, count: int) -> list[tuple[int, Result]]:
    out: list[tuple[int, Result]] = []
    while True:
        with taken.get_lock():
            item = taken.value
            if item >= count:
                return out
            taken.value = item + 1
        out.append((item, work(item)))


def _take_there() -> list[tuple[int, Any]]:
    work, taken, count = _SHARED[0]
    return _take(work, taken, count)


def chunk_size(files: int, workers: int) -> int:
    """Files per task: CHUNK_FILES, fewer when the batch is small (48 files over two workers: 6), so
    that no worker is left checking a whole last chunk while the other has nothing to do."""
    return max(1, min(CHUNK_FILES, -(-files // (workers * TASKS_PER_WORKER))))


def chunked(items: Sequence[Any], size: int = CHUNK_FILES) -> Iterator[Sequence[Any]]:
    return (items[i : i + size] for i in range(0, len(items), size))


def run_chunks(
    chunks: Iterable[Chunk],
    work: Callable[[Chunk], list[Result]],
    start: Callable[..., None],
    start_args: tuple[Any, ...],
    workers: int,
    broken: Callable[[Chunk], list[Result]],
) -> Iterator[Result]:
    """Each chunk's results, in the chunks' order, from `workers` processes (each set up once by
    `start(*start_args)`); a chunk whose worker died gives `broken(chunk)` instead."""
    from concurrent.futures import Future, ProcessPoolExecutor  # only batches pay for multiprocessing's import

    todo = iter(chunks)
    with ProcessPoolExecutor(max_workers=workers, initializer=_start, initargs=(start, start_args)) as pool:
        pending: deque[tuple[Chunk, Future[list[Result]]]] = deque()
        try:
            for chunk in todo:
                pending.append((chunk, _submit(pool, work, chunk)))
                if len(pending) >= workers * IN_FLIGHT:
                    break
            while pending:
                done, future = pending.popleft()
                results = chunk_results(done, future, broken)
                following = next(todo, None)
                if following is not None:
                    pending.append((following, _submit(pool, work, following)))
                yield from results
        except BaseException:  # Ctrl-C, SIGTERM, a closed pipe: end the workers now, not after their chunks
            _stop_workers(pool)
            raise


def _start(start: Callable[..., None], start_args: tuple[Any, ...]) -> None:
    _ignore_interrupts()
    interrupts.released()  # forked while the main process held the signals back (_submit): now SIGTERM ends it
    start(*start_args)


def _submit(pool: Any, work: Callable[[Chunk], list[Result]], chunk: Chunk) -> Any:
    """The future of a chunk's results; once a worker has died the pool takes no more work, and the
    chunk's future carries that instead of the error escaping."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        # Submitting may start a worker process; a signal handled half-way through would leave one that
        # neither the pool nor multiprocessing has recorded yet, and it would outlive the run.
        with interrupts.held():
            return pool.submit(work, chunk)
    except BrokenProcessPool as exc:
        failed: Future[list[Result]] = Future()
        failed.set_exception(exc)
        return failed


def chunk_results(chunk: Chunk, future: Any, broken: Callable[[Chunk], list[Result]]) -> list[Result]:
    """A chunk's results; when its worker died (killed, out of memory), what `broken` says of the chunk."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        results: list[Result] = future.result()
        return results
    except BrokenProcessPool:
        return broken(chunk)


def _stop_workers(pool: Any) -> None:
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
