"""Speed-related behaviour that must not change what is reported (issue 12): when worker processes
are used, compact and pretty JSON, fingerprints only where they are needed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS
from jsonout import output_json

from lintlaw import api
from lintlaw import workers as pool
from lintlaw.cli import main
from lintlaw.formatters.json import render_json

REAL_FORKS = pool._forks  # before conftest's autouse fixture replaces it for each test


@pytest.mark.parametrize(
    ("jobs", "files", "workers"),
    [
        (0, 1, 0),  # one file: never a pool
        (0, pool.MIN_PARALLEL_FILES - 1, 0),  # a small batch: this process
        (0, 1000, pool.default_jobs() if pool.default_jobs() > 1 else 0),  # one per core
        (2, 1000, 2),  # an explicit --jobs is kept
        (1, 1000, 0),
        (8, 70, 5),  # never more workers than chunks of CHUNK_FILES
    ],
)
def test_worker_count(jobs: int, files: int, workers: int):
    assert pool.worker_count(jobs, files) == workers


@pytest.mark.parametrize(
    ("method", "files", "workers"),
    [("fork", 32, 2), ("fork", 31, 0), ("spawn", 127, 0), ("spawn", 128, 2), ("forkserver", 64, 0), ("forkserver", 1000, 2)],
)
def test_workers_that_start_a_fresh_interpreter_wait_for_a_larger_batch(monkeypatch, method: str, files: int, workers: int):
    import multiprocessing

    monkeypatch.setattr(pool, "_forks", REAL_FORKS)  # (conftest decides as where workers fork)
    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none=False: method)
    assert pool.worker_count(2, files) == workers


@pytest.mark.parametrize(("files", "workers", "size"), [(32, 2, 4), (48, 2, 6), (100, 2, 13), (128, 2, 16), (5000, 2, 16), (33, 8, 2)])
def test_a_small_batch_is_cut_into_at_least_four_tasks_per_worker(files: int, workers: int, size: int):
    assert pool.chunk_size(files, workers) == size
    chunks = list(pool.chunked(list(range(files)), size))
    assert [x for c in chunks for x in c] == list(range(files)) and max(map(len, chunks)) == size
    assert len(chunks) >= min(workers * pool.TASKS_PER_WORKER, -(-files // pool.CHUNK_FILES))


def _batch(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"{i:03d}_{seed.name}")
    return folder


def test_workers_stream_the_same_results_in_the_same_order(tmp_path: Path):
    # 85 files: six chunks through two workers, more chunks than the window holds at once.
    folder = _batch(tmp_path / "batch", 17)
    options = api.Options()
    the_plan = api.plan([str(folder)], options)
    assert len(the_plan.tasks) == 85 and pool.worker_count(2, 85) == 2
    one = list(api.execute(the_plan, options, jobs=1))
    two = list(api.execute(the_plan, options, jobs=2))
    assert [r.path for r in two] == [r.path for r in one] == [t.display for t in the_plan.tasks]
    assert two == one


@pytest.mark.parametrize(("args", "jobs"), [((), 1), (("--jobs", "0"), 0)])
def test_the_pre_commit_hook_checks_in_its_own_process_unless_args_say_otherwise(tmp_path, monkeypatch, args, jobs):
    # pre-commit runs one hook process per core on a share of the files: lintlaw's workers would double them.
    import shlex

    import yaml

    from lintlaw import pipeline

    hook = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    assert not hook.get("require_serial", False)
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["lintlaw", "check"]
    asked: list[int] = []
    real = pool.worker_count
    monkeypatch.setattr(pipeline.workers, "worker_count", lambda j, n: asked.append(j) or real(j, n))
    folder = _batch(tmp_path / "staged", 13)  # 65 files: a share that would get workers by default
    result = CliRunner().invoke(main, [*entry[1:], *args, *sorted(str(f) for f in folder.iterdir())])
    assert result.exit_code == 1 and asked == [jobs], result.output[-300:]  # jobs 1: no workers (test_worker_count)


def test_json_is_compact_one_file_per_line_unless_pretty(tmp_path: Path):
    seeds = sorted(str(p) for p in SEEDS.glob("*.txt"))[:2]
    compact = CliRunner().invoke(main, ["check", "--format", "json", *seeds])
    pretty = CliRunner().invoke(main, ["check", "--format", "json", "--pretty", *seeds])
    assert compact.exit_code == pretty.exit_code == 1
    assert output_json(compact.stdout) == output_json(pretty.stdout)
    lines = compact.stdout.splitlines()
    assert lines[0] == '{"version":1,"files":['
    assert [json.loads(line.rstrip(","))["path"] for line in lines[1:-1]] == seeds
    assert lines[-1].startswith('],"skipped":[],"summary":{"files":2,')
    assert pretty.stdout.startswith('{\n  "version": 1,\n  "files": [\n    {\n      "path": ')
    written = tmp_path / "out.json"
    assert CliRunner().invoke(main, ["check", "--format", "json", "--output", str(written), *seeds]).exit_code == 1
    assert written.read_text(encoding="utf-8") == compact.stdout


def test_an_empty_run_is_valid_compact_and_pretty_json():
    run = api.Run(())
    for pretty in (False, True):
        assert output_json(render_json(run, pretty)) == {
            "version": 1, "files": [], "skipped": [],
            "summary": {"files": 0, "pass": 0, "fail": 0, "skip": 0, "error": 0, "warning": 0, "info": 0,
                        "unreadable": 0, "not_reports": 0},
        }


def test_fingerprints_only_when_asked_for():
    seed = min(SEEDS.glob("*.txt"))
    with_fp = api.check_paths([str(seed)], api.Options())
    without = api.check_paths([str(seed)], api.Options(fingerprints=False))
    failures = [f for f in with_fp.results[0].findings if f.status.value == "fail"]
    assert failures and all(len(f.fingerprint) == 32 for f in failures)
    assert all(f.fingerprint == "" for f in without.results[0].findings)
    # Apart from the fingerprints the findings are the same.
    assert [f.message for f in without.results[0].findings] == [f.message for f in with_fp.results[0].findings]


# --- a large file's rules in two processes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("jobs", "processes"),
    [
        (0, pool.default_jobs()),  # the cores
        (1, 1),  # --jobs 1: one process
        (2, 2),  # an explicit --jobs is kept
    ],
)
def test_split_count(jobs: int, processes: int):
    assert pool.split_count(jobs) == processes


@pytest.fixture(scope="module")
def large_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five samples, repeated past workers.SPLIT_CHARS."""
    body = "\n".join(seed.read_text(encoding="utf-8") for seed in sorted(SEEDS.glob("*.txt")))
    path = tmp_path_factory.mktemp("large") / "large.txt"
    path.write_text("\n".join([body] * (pool.SPLIT_CHARS // len(body) + 1)), encoding="utf-8")
    return path


def _splits(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What the second process of each split sent back (None: it could not start, or died)."""
    theirs: list[object] = []
    real = pool.alongside

    def recorded(there, here):  # type: ignore[no-untyped-def]
        done = real(there, here)
        theirs.append(done[1])
        return done

    monkeypatch.setattr(pool, "alongside", recorded)
    return theirs


def test_a_large_file_split_over_two_processes_gets_the_findings_of_one(large_report: Path, monkeypatch: pytest.MonkeyPatch):
    the_plan = api.plan([str(large_report)], api.Options())
    [one] = api.execute(the_plan, api.Options(), jobs=1)
    theirs = _splits(monkeypatch)
    [two] = api.execute(the_plan, api.Options(), jobs=2)
    assert len(theirs) == 1 and theirs[0]  # it was split, and the second process took rules
    assert two == one
    assert len(one.findings) > 100 and {f.rule for f in one.findings} == {r.id for r in the_plan.rules}


def test_a_small_file_and_jobs_1_are_never_split(large_report: Path, monkeypatch: pytest.MonkeyPatch):
    theirs = _splits(monkeypatch)
    small = next(SEEDS.glob("*.txt"))
    list(api.execute(api.plan([str(small)], api.Options()), api.Options(), jobs=2))
    list(api.execute(api.plan([str(large_report)], api.Options()), api.Options(), jobs=1))
    assert theirs == []


def _dies() -> None:
    import os

    os._exit(9)  # as a process killed or out of memory ends


def test_when_the_second_process_dies_its_rules_run_here(large_report: Path, monkeypatch: pytest.MonkeyPatch):
    the_plan = api.plan([str(large_report)], api.Options())
    [one] = api.execute(the_plan, api.Options(), jobs=1)
    monkeypatch.setattr(pool, "_take_there", _dies)
    theirs = _splits(monkeypatch)
    [two] = api.execute(the_plan, api.Options(), jobs=2)
    assert theirs == [None]  # the second process died and said nothing
    assert two == one


def _square_and_pid(i: int) -> tuple[int, int]:
    import os

    return i * i, os.getpid()


def test_in_two_gives_every_result_in_order_and_the_second_process_takes_part():
    import os
    import time

    def work(i: int) -> tuple[int, int]:
        if i == 0:  # whichever process takes item 0 holds it until the other has taken all the rest
            _, taken, count = pool._SHARED[0]
            give_up = time.monotonic() + 120  # not a timing: only so that a broken in_two fails, not hangs
            while taken.value < count and time.monotonic() < give_up:
                os.sched_yield()
        return _square_and_pid(i)

    results = pool.in_two(6, work)
    assert [square for square, _ in results] == [0, 1, 4, 9, 16, 25]
    pids = [pid for _, pid in results]
    assert os.getpid() in pids and len(set(pids[1:])) == 1 and pids[0] != pids[1]


def _takes_one_then_dies() -> None:
    import os

    taken = pool._SHARED[0][1]
    with taken.get_lock():
        taken.value += 1  # it takes an item, then is killed before sending anything back
    os._exit(9)


def test_in_two_works_out_here_what_the_dead_process_had_taken(monkeypatch: pytest.MonkeyPatch):
    import os
    import time

    monkeypatch.setattr(pool, "_take_there", _takes_one_then_dies)
    afterwards: list[int] = []  # the items worked out here once the other process was found dead

    def work(i: int) -> tuple[int, int]:
        if not pool._SHARED:
            afterwards.append(i)
        elif i == 0:  # taken here first: wait until the other process has taken an item too (and died)
            taken = pool._SHARED[0][1]
            give_up = time.monotonic() + 120  # not a timing: only so that a broken in_two fails, not hangs
            while taken.value < 2 and time.monotonic() < give_up:
                os.sched_yield()
        return _square_and_pid(i)

    assert [square for square, _ in pool.in_two(5, work)] == [0, 1, 4, 9, 16]
    assert len(afterwards) == 1 and afterwards[0] in (0, 1)  # the one item it took and never sent back


def test_in_two_of_nothing_is_nothing():
    assert pool.in_two(0, _square_and_pid) == []


def test_check_prints_the_same_for_a_large_file_with_jobs_1_and_2(large_report: Path):
    runner = CliRunner()
    one = runner.invoke(main, ["check", "--format", "json", "--jobs", "1", str(large_report)])
    two = runner.invoke(main, ["check", "--format", "json", "--jobs", "2", str(large_report)])
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output
    assert json.loads(two.output)["summary"]["fail"] > 0


# --- the cores a run may use ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cores"),
    [
        ("150000 100000", 2),  # 1.5 CPUs: two processes, each getting three quarters of one
        ("100000 100000", 1),
        ("400000 100000", 4),
        ("50000 100000", 1),  # less than one CPU is still one process
        ("max 100000", None),  # v2: no quota
        ("-1 100000", None),  # v1: no quota
        ("", None),
        ("100000 0", None),
        ("100000", None),
    ],
)
def test_quota_cores(text: str, cores: int | None):
    assert pool.quota_cores(text) == cores


def _cgroups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memberships: str) -> Path:
    root = tmp_path / "cgroup"
    root.mkdir()
    (tmp_path / "self_cgroup").write_text(memberships, encoding="utf-8")
    monkeypatch.setattr(pool, "CGROUP_ROOT", str(root))
    monkeypatch.setattr(pool, "PROC_CGROUP", str(tmp_path / "self_cgroup"))
    return root


def test_cpu_quota_v2_is_the_smallest_along_the_group_and_its_parents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = _cgroups(tmp_path, monkeypatch, "0::/machine/job\n")
    group = root / "machine" / "job"
    group.mkdir(parents=True)
    assert pool.cpu_quota() is None  # no cpu.max anywhere
    (group / "cpu.max").write_text("max 100000\n", encoding="ascii")
    (root / "machine" / "cpu.max").write_text("300000 100000\n", encoding="ascii")
    assert pool.cpu_quota() == 3
    (group / "cpu.max").write_text("120000 100000\n", encoding="ascii")
    assert pool.cpu_quota() == 2
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda _pid: set(range(8)), raising=False)
    assert pool.default_jobs() == 2
    assert pool.worker_count(0, 1000) == 2


def test_cpu_quota_v1_reads_the_cpu_hierarchy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = _cgroups(tmp_path, monkeypatch, "9:name=systemd:/\n4:cpu,cpuacct:/docker/abc\n3:pids:/\n")
    # A container sees its own group at the mount point, whatever path /proc/self/cgroup names.
    mount = root / "cpu,cpuacct"
    mount.mkdir()
    (mount / "cpu.cfs_quota_us").write_text("-1\n", encoding="ascii")
    (mount / "cpu.cfs_period_us").write_text("100000\n", encoding="ascii")
    assert pool.cpu_quota() is None
    (mount / "cpu.cfs_quota_us").write_text("100000\n", encoding="ascii")
    assert pool.cpu_quota() == 1
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda _pid: set(range(8)), raising=False)
    assert pool.default_jobs() == 1
    assert pool.worker_count(0, 1000) == 0 and pool.split_count(0) == 1


def test_no_cgroup_file_means_no_quota(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pool, "PROC_CGROUP", str(tmp_path / "missing"))
    assert pool.cpu_quota() is None
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda _pid: {0, 1, 2}, raising=False)
    assert pool.default_jobs() == 3


def test_when_no_second_process_can_be_started_all_rules_run_here(large_report: Path, monkeypatch: pytest.MonkeyPatch):
    import errno
    import os

    the_plan = api.plan([str(large_report)], api.Options())
    [one] = api.execute(the_plan, api.Options(), jobs=1)

    def no_fork() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    theirs = _splits(monkeypatch)
    [two] = api.execute(the_plan, api.Options(), jobs=2)
    assert theirs == [None]  # it tried to split, and no second process could start
    assert two == one
