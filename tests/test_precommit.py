"""The hook as users install it: the real `pre-commit try-repo` against a temporary git repository, and the
README's pre-commit snippet and install lines exactly as written (only the placeholder URL is replaced)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow  # packaging: run by default and in CI, left out by -m "not slow"

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


# ---------------------------------------------------------------- the README's snippet, exactly as written

README = ROOT / "README.md"
PLACEHOLDER_URL = "https://example.invalid/your-mirror/lintlaw"  # the only text the tests replace


def readme_block(heading: str, language: str = "yaml") -> str:
    """The first fenced block of `language` after the README heading `heading`."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(heading + "\n"):]
    start = section.index(f"```{language}\n") + len(f"```{language}\n")
    return section[start:section.index("```\n", start)]


def pinned_commit() -> str:
    import yaml

    [repo] = yaml.safe_load(readme_block("### pre-commit"))["repos"]
    assert repo["repo"] == PLACEHOLDER_URL
    rev = str(repo["rev"])
    assert re.fullmatch(r"[0-9a-f]{40}", rev), f"README pins {rev!r}: pin a full commit hash until releases are tagged"
    return rev


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A clone of this repository; the README's pinned commit must be in its history."""
    target = tmp_path_factory.mktemp("clone") / "lintlaw"
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(ROOT), str(target)], check=True, capture_output=True)
    rev = pinned_commit()
    found = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=target, capture_output=True)
    assert found.returncode == 0, (
        f"README.md pins rev {rev}, which is not in this repository's history (history rewritten, or a shallow "
        f"checkout): set it to the newest commit before the one that changes the pin (`git rev-parse HEAD` "
        f"before committing the new pin)"
    )
    return target


def pre_commit_run(work: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([PRE_COMMIT, "run", "--files", *files], cwd=work, env=env, capture_output=True, text=True,
                          timeout=900)


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is in the test extras")
def test_readme_pre_commit_snippet_works_as_written(clone: Path, tmp_path: Path) -> None:
    work = tmp_path / "team"
    (work / "reports").mkdir(parents=True)
    (work / "docs").mkdir()
    config = readme_block("### pre-commit").replace(PLACEHOLDER_URL, str(clone))
    (work / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    text = SEED.read_text(encoding="utf-8")
    (work / "reports" / "good.txt").write_text(text.replace("13959291990", "0592-5701234"), encoding="utf-8")
    (work / "reports" / "bad.txt").write_text(text, encoding="utf-8")
    (work / "docs" / "README.md").write_text("# Docs\n\nHow to build this repository.\n", encoding="utf-8")
    (work / "会议纪要.txt").write_text("会议纪要\n参会人员：张三、李四\n议定事项：办公楼维修。\n", encoding="utf-8")
    (work / "信息公开.txt").write_text("某市人民政府2023年政府信息公开工作年度报告\n本报告由本机关编制。\n", encoding="utf-8")
    git(work, "init", "-q")
    git(work, "add", "-A")
    home = tmp_path / "pre-commit-home"

    passing = pre_commit_run(work, home, "reports/good.txt", "docs/README.md", "会议纪要.txt")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
    assert "docs/README.md: 已跳过：不是法治政府建设年度报告" not in passing.stdout  # pre-commit hides a passing hook's output

    blocked = pre_commit_run(work, home, "reports/bad.txt", "docs/README.md")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "reports/bad.txt:51:15: error privacy/mobile-number" in blocked.stdout
    assert "docs/README.md: 已跳过：不是法治政府建设年度报告" in blocked.stdout

    look_alike = pre_commit_run(work, home, "信息公开.txt")
    assert look_alike.returncode == 1, look_alike.stdout + look_alike.stderr
    assert next(line for line in look_alike.stdout.splitlines() if line.startswith("信息公开.txt:1:")).split(" ")[1:3] == [
        "error", "structure/report-type"]


def test_readme_install_lines_name_the_pinned_commit(clone: Path) -> None:
    """pip's own resolver accepts the README's install line (URL swapped for the clone), at the pinned commit."""
    rev = pinned_commit()
    lines = [line.strip() for line in README.read_text(encoding="utf-8").splitlines() if "git+" + PLACEHOLDER_URL in line]
    pip_line = f'pip install "lintlaw @ git+{PLACEHOLDER_URL}@{rev}"'
    assert pip_line in lines
    assert f'pipx install "git+{PLACEHOLDER_URL}@{rev}"' in lines
    assert all(f"@{rev}" in line for line in lines), "every install line pins the same commit"
    # file://localhost/…: the packaging library in older pips rejects a direct URL without a host.
    spec = pip_line.split('"')[1].replace(PLACEHOLDER_URL, f"file://localhost{clone.as_posix()}")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--quiet", "--report", "-", spec],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    [item] = json.loads(proc.stdout)["install"]
    assert item["metadata"]["name"] == "lintlaw"
    assert item["download_info"]["vcs_info"]["commit_id"] == rev
