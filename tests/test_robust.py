"""Batches and bad situations: parallel runs give the same output, the read path never writes,
Ctrl-C stops with 130, a closed pipe ends quietly, no progress bar in pipes."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from conftest import SEEDS
from lintlaw.cli import main

LINTLAW = [sys.executable, "-m", "lintlaw"]


def corpus(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"{i:04d}_{seed.name}")
    return folder


def test_parallel_output_is_identical_to_sequential(tmp_path):
    folder = corpus(tmp_path / "c", 14)  # 70 files: above the threshold for worker processes (api.MIN_PARALLEL_FILES)
    runner = CliRunner()
    for fmt in ("text", "json", "checklist"):
        one = runner.invoke(main, ["check", "-j", "1", "--format", fmt, str(folder)])
        two = runner.invoke(main, ["check", "-j", "2", "--format", fmt, str(folder)])
        assert one.exit_code == two.exit_code == 1
        assert one.stdout == two.stdout and len(one.stdout) > 1000


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_checking_never_writes_to_the_checked_files(tmp_path):
    folder = corpus(tmp_path / "c", 1)
    formats = SEEDS.parent / "tests" / "data" / "formats"
    for extra in sorted(formats.iterdir())[:4]:
        shutil.copy(extra, folder / extra.name)
    before = _snapshot(folder)
    runner = CliRunner()
    for args in (["--format", "text"], ["--format", "json"], ["--format", "sarif"], ["--format", "junit"],
                 ["--format", "checklist"], ["--format", "github"], ["--diff"], ["-j", "2"]):
        runner.invoke(main, ["check", *args, str(folder)])
    runner.invoke(main, ["baseline", str(folder), "--output", str(tmp_path / "base.json")])
    assert _snapshot(folder) == before


def test_ctrl_c_stops_with_130_and_one_line(tmp_path):
    folder = corpus(tmp_path / "c", 200)
    process = subprocess.Popen([*LINTLAW, "check", "-j", "1", str(folder)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip() == "lintlaw: 已中断"


def test_a_closed_pipe_ends_quietly(tmp_path):
    folder = corpus(tmp_path / "c", 20)
    process = subprocess.Popen([*LINTLAW, "check", "-j", "1", str(folder)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert process.returncode in (0, 1, 141, -signal.SIGPIPE)


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    folder = corpus(tmp_path / "c", 12)
    result = subprocess.run([*LINTLAW, "check", str(folder)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "已检查" not in result.stderr and result.stderr == ""
