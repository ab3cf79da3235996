"""The hook as users install it: the real `pre-commit try-repo` against a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

SEED = sorted(SEEDS.glob("000_*.txt"))[0]
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of this checkout committed to a fresh git repository (try-repo installs from a commit)."""
    source = tmp_path_factory.mktemp("hook") / "lintlaw"
    ignore = shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__", ".pytest_cache", "build", "dist")
    shutil.copytree(ROOT, source, ignore=ignore)
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "snapshot")
    return source, tmp_path_factory.mktemp("pre-commit-home")


def try_repo(hook_repo: tuple[Path, Path], work: Path, name: str) -> subprocess.CompletedProcess[str]:
    source, home = hook_repo
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(source), "lintlaw", "--files", name],
        cwd=work, env=env, capture_output=True, text=True, timeout=900,
    )


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is in the test extras")
def test_hook_passes_a_good_report_and_blocks_a_bad_one(hook_repo, tmp_path):
    work = tmp_path / "reports"
    work.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (work / "good.txt").write_text(text.replace("13959291990", "0592-5701234"), encoding="utf-8")
    (work / "bad.txt").write_text(text, encoding="utf-8")
    git(work, "init", "-q")
    git(work, "add", "-A")

    good = try_repo(hook_repo, work, "good.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    bad = try_repo(hook_repo, work, "bad.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad.txt:51:15: error privacy/mobile-number" in bad.stdout
