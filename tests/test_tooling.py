"""The lint and type settings stay in force: .ci/run runs ruff and mypy before the tests, the core modules
are type-checked strictly, and ruff's chosen families catch what they are chosen for."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

README_TEST_COMMAND = 'python -m pip install -e ".[test]" && python -m pytest'

# The modules issue 10 names as the core: mypy --strict holds for each of them.
CORE = ("model", "patterns", "scopes", "sections", "vocabulary", "numerals", "linearity", "matching", "nearcopy",
        "document", "config", "fixer", "fingerprint", "suppress", "safeio", "cache", "yamlload", "hanzi",
        "kinds/__init__", "kinds/base", "kinds/forbid", "kinds/match_items", "rule", "engine", "rulebook", "messages",
        "pipeline", "api", "selftest")


def test_ci_runs_ruff_and_mypy_after_installing_the_test_extra_and_before_the_tests() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    install = next(i for i, line in enumerate(lines) if line == 'python -m pip install --quiet -e ".[test]"')
    tests = lines.index(README_TEST_COMMAND)
    assert install < lines.index("ruff check .") < tests
    assert install < lines.index("mypy") < tests


def test_the_core_modules_are_checked_strictly(monkeypatch: pytest.MonkeyPatch) -> None:
    from mypy.main import process_options

    monkeypatch.chdir(ROOT)  # [tool.mypy] files are relative to the repository
    sources, options = process_options(["--config-file", str(ROOT / "pyproject.toml")],
                                       stdout=io.StringIO(), stderr=io.StringIO())
    checked = {Path(s.path).as_posix() for s in sources if s.path}
    for name in CORE:
        assert f"lintlaw/{name}.py" in checked
        module = options.clone_for_module("lintlaw." + name.removesuffix("/__init__").replace("/", "."))
        assert not module.ignore_errors, name
        assert not module.ignore_missing_imports, name
        assert module.disallow_untyped_defs and module.disallow_incomplete_defs and module.disallow_untyped_calls, name
        assert module.disallow_any_generics and module.check_untyped_defs and module.warn_return_any, name
        assert module.strict_equality and not module.implicit_reexport and module.warn_unused_ignores, name
    # A module nobody has listed yet starts strict too.
    assert options.clone_for_module("lintlaw.not_written_yet").disallow_untyped_defs


def _ruff(path: str, source: str) -> list[tuple[str, int]]:
    """(code, line) of each finding of ruff, with the repository's settings, on `source` as if it were `path`."""
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "json",
                           "--stdin-filename", path, "-"], input=source, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, check=False)
    assert done.returncode in (0, 1), done.stderr
    return sorted((f["code"], f["location"]["row"]) for f in json.loads(done.stdout))


PROBE = "\n".join([
    '"""A probe."""',
    "import os",  # 2: F401, unused
    "",
    "",
    "def callbacks(names: list[str]) -> list[object]:",
    "    out = []",
    "    for name in names:",
    "        out.append(lambda: name.upper())",  # 8: B023, the loop variable is bound late
    "    return out",
    "",
    "",
    "MESSAGE = '报告应写明“年度”，并以“。”结束。'",  # 12: full-width punctuation is not RUF001
    "A = '" + "x" * 134 + "'",  # 13: 140 columns, the limit
    "B = '" + "x" * 135 + "'",  # 14: 141 columns, E501
    "C = '" + "汉" * 68 + "'",  # 15: 73 characters but 142 columns (a CJK character counts two): E501
    "",
])


def test_ruff_finds_unused_imports_late_bound_loop_variables_and_long_lines_but_not_chinese_punctuation() -> None:
    assert _ruff("lintlaw/probe.py", PROBE) == [("B023", 8), ("E501", 14), ("E501", 15), ("F401", 2)]


def test_ruff_leaves_long_lines_of_test_fixtures_alone() -> None:
    assert _ruff("tests/test_probe.py", PROBE) == [("B023", 8), ("F401", 2)]
