"""README's commands and CI stay in step: .ci/run runs exactly the test command README.md shows."""

from __future__ import annotations

from conftest import ROOT


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


def test_seeds_are_bundled():
    assert len(list((ROOT / "seeds").glob("*.txt"))) == 5
