"""README's commands and CI stay in step: .ci/run runs exactly the test command README.md shows, every YAML
block parses, and the CI snippets' lintlaw commands run as written."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from conftest import ROOT, SEEDS


def _readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.startswith("    ") and ("pip install" in line)]


def test_readme_has_the_two_setup_commands():
    commands = _readme_commands()
    assert "pip install . && lintlaw check seeds/" in commands
    assert 'python -m pip install -e ".[test]" && python -m pytest' in commands


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert 'python -m pip install -e ".[test]" && python -m pytest' in [line.strip() for line in ci]


def test_readme_iteration_command_leaves_out_exactly_the_slow_tests():
    lines = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()]
    assert 'python -m pytest -m "not slow"' in lines
    files = ["tests/test_wheel.py", "tests/test_precommit.py", "tests/test_cache.py"]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-m", "not slow", *files],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    kept = [line.split("::")[0] for line in proc.stdout.splitlines() if "::" in line]
    assert kept and set(kept) == {"tests/test_cache.py"}
    slow = sum(1 for name in ("test_wheel.py", "test_precommit.py")
               for line in (ROOT / "tests" / name).read_text(encoding="utf-8").splitlines() if line.startswith("def test_"))
    assert re.search(rf"\b{slow} deselected\b", proc.stdout), proc.stdout


def test_seeds_are_bundled():
    assert len(list((ROOT / "seeds").glob("*.txt"))) == 5


# ---------------------------------------------------------------- CI snippets, run as written


PLACEHOLDER_URL = "https://example.invalid/your-mirror/lintlaw"


def _yaml_blocks() -> dict[str, str]:
    """Every ```yaml block of README.md, keyed by the heading above it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks: dict[str, str] = {}
    heading = ""
    for part in re.split(r"(^#{2,6} .*$)", text, flags=re.M):  # `# …` lines are comments inside blocks
        if part.startswith("#"):
            heading = part.lstrip("# ").strip()
            continue
        for i, block in enumerate(re.findall(r"^```yaml\n(.*?)^```$", part, flags=re.M | re.S)):
            blocks[heading if i == 0 else f"{heading} {i}"] = block
    return blocks


def test_every_yaml_block_parses() -> None:
    blocks = _yaml_blocks()
    assert {"pre-commit", "GitHub Actions: annotations and job summary", "GitHub Actions: code scanning (SARIF upload)",
            "GitLab CI (JUnit report)", "Configuration"} <= set(blocks)
    for heading, block in blocks.items():
        assert yaml.safe_load(block) is not None, heading


def _steps(heading: str) -> list[dict]:
    workflow = yaml.safe_load(_yaml_blocks()[heading])
    [job] = workflow["jobs"].values()
    return job["steps"]


def test_code_scanning_workflow_uploads_only_when_the_lint_step_ran() -> None:
    workflow = yaml.safe_load(_yaml_blocks()["GitHub Actions: code scanning (SARIF upload)"])
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "security-events": "write", "actions": "read"}
    ids = [s.get("id") for s in job["steps"]]
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["if"] == "(success() || failure()) && steps.lint.outcome != 'skipped'"
    assert "lint" in ids and ids.index("lint") < job["steps"].index(upload)
    assert upload["with"]["sarif_file"] in next(s for s in job["steps"] if s.get("id") == "lint")["run"]


def _lintlaw_commands() -> list[tuple[str, str]]:
    commands = [(h, s["run"]) for h in ("GitHub Actions: annotations and job summary", "GitHub Actions: code scanning (SARIF upload)")
                for s in _steps(h) if "run" in s]
    gitlab = yaml.safe_load(_yaml_blocks()["GitLab CI (JUnit report)"])["lintlaw"]["script"]
    commands += [("GitLab CI (JUnit report)", line) for line in gitlab]
    return commands


def test_ci_snippets_install_from_the_pinned_commit() -> None:
    installs = [c for _, c in _lintlaw_commands() if c.startswith("pip install")]
    assert len(installs) == 3 and len(set(installs)) == 1
    assert re.fullmatch(rf'pip install "lintlaw @ git\+{re.escape(PLACEHOLDER_URL)}@[0-9a-f]{{40}}"', installs[0])


def test_ci_snippet_commands_run_as_written(tmp_path: Path) -> None:
    """The lintlaw lines of the workflow and GitLab snippets, run in a checkout with a reports/ folder."""
    (tmp_path / "reports").mkdir()
    shutil.copy(sorted(SEEDS.glob("000_*.txt"))[0], tmp_path / "reports" / "report.txt")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    ran = []
    for heading, command in _lintlaw_commands():
        if not command.startswith("lintlaw "):
            continue
        proc = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 1, (heading, command, proc.stderr)  # the sample has an error-level finding
        assert proc.stderr == "", (heading, command, proc.stderr)
        ran.append(command)
    assert ran == ["lintlaw check --format github reports/",
                   "lintlaw check --format sarif --output lintlaw.sarif reports/",
                   "lintlaw check --format junit --output lintlaw.xml reports/"]
    sarif = yaml.safe_load((tmp_path / "lintlaw.sarif").read_text(encoding="utf-8"))
    assert {r["kind"] for r in sarif["runs"][0]["results"]} == {"fail"}
    suites = ET.parse(tmp_path / "lintlaw.xml").getroot()
    assert suites.tag == "testsuites"
    assert "| `privacy/mobile-number` | ❌ |" in (tmp_path / "summary.md").read_text(encoding="utf-8")
