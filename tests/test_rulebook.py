"""Meta-tests over every rule file, and the rule-file validation users see."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from lintlaw.kinds import KINDS, PLACEHOLDERS
from lintlaw.rulebook import builtin_rules_dir, load, load_rule_file
from lintlaw.schema import __file__ as schema_init
import json

SCHEMA = json.loads((Path(schema_init).parent / "rule.schema.json").read_text(encoding="utf-8"))

# The rule ids issue #2 requires, exactly as requirements.md names them.
REQUIRED_IDS = {
    "structure/report-type", "structure/title", "structure/achievements", "structure/shortfalls",
    "structure/shortfall-causes", "structure/shortfalls-substance", "structure/first-responsible-person",
    "structure/next-year-plan", "structure/other-matters", "structure/plan-addresses-shortfalls",
    "structure/issuer-and-date", "structure/secrecy-marking", "outline/three-enforcement-systems",
    "outline/court-appearance", "outline/court-appearance-rate", "timeliness/report-year",
    "timeliness/deadline", "data/percentage-consistency", "writing/heading-sequence",
    "writing/wording", "privacy/mobile-number",
}


def test_builtin_packs_load_without_problems(book):
    assert book.problems == ()
    assert REQUIRED_IDS <= {r.id for r in book.rules}


def test_schema_kinds_equal_engine_kinds():
    assert set(SCHEMA["properties"]["kind"]["enum"]) == set(KINDS) == set(PLACEHOLDERS)


def test_ids_and_aliases_unique(book):
    names = [n for r in book.rules for n in (r.id, *r.aliases)]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("rule_id", sorted(REQUIRED_IDS))
def test_every_rule_has_examples_citation_and_valid_placeholders(book, rule_id):
    rule = book.get(rule_id)
    assert rule is not None
    assert rule.examples_pass and rule.examples_fail
    assert rule.cite and rule.title and rule.description
    for text in (rule.message, rule.pass_message, getattr(rule.params, "missing_message", "")):
        names = {n for _, n, _, _ in string.Formatter().parse(text) if n}
        assert names <= PLACEHOLDERS[rule.kind]


def test_every_fail_example_marks_its_location(book):
    unmarked = [r.id for r in book.rules for t in r.examples_fail if "⟦" not in t]
    assert unmarked == []


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine" / "r.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """kind: forbid
severity: warning
title: t
message: “{match}”
cite: c
patterns: ['甲']
examples:
  pass: ['乙']
  fail: ['⟦甲⟧']
"""


def test_valid_user_rule_loads(tmp_path):
    path = _write(tmp_path, GOOD)
    rule = load_rule_file(path, "mine/r", str(path))
    assert rule.id == "mine/r" and rule.kind == "forbid"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD.replace("severity: warning", "severty: warning"), 2, "severty"),
        (GOOD.replace("severity: warning", "severity: fatal"), 2, "severity"),
        (GOOD.replace("patterns: ['甲']", "patterns: ['(甲']"), 6, "“patterns.0”"),
        (GOOD.replace("patterns: ['甲']", "patterns: ['甲*']"), 6, "空字符串"),
        (GOOD.replace("message: “{match}”", "message: “{value}”"), 4, "{value}"),
        (GOOD.replace("  fail: ['⟦甲⟧']\n", ""), 7, "fail"),
        (GOOD.replace("title: t\n", "title: [t\n"), 4, "YAML"),
    ],
)
def test_bad_rule_file_names_line_and_key(tmp_path, text, line, fragment):
    path = _write(tmp_path, text)
    problem = load_rule_file(path, "mine/r", str(path))
    assert problem.path == str(path)
    assert problem.line == line, problem
    assert fragment in problem.reason


def test_bad_rule_file_is_reported_not_raised(tmp_path):
    _write(tmp_path, GOOD.replace("kind: forbid", "kind: nonsense"))
    book = load((builtin_rules_dir(), tmp_path))
    assert len(book.problems) == 1
    assert "kind" in book.problems[0].reason


def test_rule_reference_is_up_to_date(book):
    from lintlaw.ruledoc import render_reference

    reference = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert reference.read_text(encoding="utf-8") == render_reference(book.rules, book.packs), (
        "docs/rules.md is stale: run `lintlaw rules doc > docs/rules.md`"
    )
