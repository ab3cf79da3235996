"""Meta-tests over every rule file, and the rule-file validation users see."""

from __future__ import annotations

import dataclasses
import json
import string
from pathlib import Path

import pytest

from lintlaw.kinds import KINDS, PLACEHOLDERS, SHARED_OPTIONS, option_problem
from lintlaw.rule import Rule
from lintlaw.rulebook import builtin_rules_dir, load, load_rule_file
from lintlaw.schema import __file__ as schema_init
from lintlaw.selftest import OPEN

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


RULE_FILES = sorted(builtin_rules_dir().glob("*/*.yaml"))
RULE_IDS = [f"{p.parent.name}/{p.stem}" for p in RULE_FILES]


def test_builtin_packs_load_without_problems(book):
    assert book.problems == ()
    assert REQUIRED_IDS <= {r.id for r in book.rules}


def test_every_rule_file_is_in_the_rulebook(book):
    assert len(RULE_FILES) >= 60
    assert sorted(r.id for r in book.rules) == sorted(RULE_IDS)


def test_schema_kinds_equal_engine_kinds():
    assert set(SCHEMA["properties"]["kind"]["enum"]) == set(KINDS) == set(PLACEHOLDERS)


def test_example_options_take_exactly_the_config_options():
    config = json.loads((Path(schema_init).parent / "config.schema.json").read_text(encoding="utf-8"))
    options = config["$defs"]["settings"]["properties"]["options"]["additionalProperties"]
    mine = SCHEMA["$defs"]["example_options"]
    assert mine["properties"] == options["properties"]
    assert {k for kind in KINDS.values() for k in kind.options} | set(SHARED_OPTIONS) == set(options["properties"])


def test_ids_and_aliases_unique(book):
    names = [n for r in book.rules for n in (r.id, *r.aliases)]
    assert len(names) == len(set(names))


def _placeholders(text: str) -> set[str]:
    return {n for _, n, _, _ in string.Formatter().parse(text) if n}


def _messages(rule: Rule) -> list[str]:
    """Every message a rule may show: its own, its kind's (…_message fields) and its patterns'."""
    out = [rule.message, rule.pass_message]
    out += [getattr(rule.params, f.name) for f in dataclasses.fields(rule.params) if f.name.endswith("message")]
    out += [spec.message for spec in (*getattr(rule.params, "patterns", ()), *getattr(rule.params, "reject", ())) if spec.message]
    generic = getattr(rule.params, "generic", None)
    return [m for m in (*out, *([generic.message] if generic else [])) if m]


@pytest.mark.parametrize("path", RULE_FILES, ids=RULE_IDS)
def test_rule_file(path: Path):
    """Each built-in rule file on its own: schema-valid, documented, messages with its kind's placeholders only,
    examples of both kinds, every fail example marking where the finding must be, every option and
    fixed text it states usable. (test_rule_examples runs each example.)"""
    rule = load_rule_file(path, f"{path.parent.name}/{path.stem}", str(path))
    assert isinstance(rule, Rule), rule
    assert rule.cite and rule.title and rule.description
    for text in _messages(rule):
        assert _placeholders(text) <= PLACEHOLDERS[rule.kind], text
    assert rule.examples_pass and rule.examples_fail
    assert [e for e in rule.examples_fail if OPEN not in e.text] == [], "every fail example marks its location"
    for example in (*rule.examples_pass, *rule.examples_fail):
        assert [k for k in example.option_values() if option_problem(rule.kind, k) is not None] == []
    if rule.fixable:
        assert any(e.fixed is not None for e in rule.examples_fail), "a rule with fix: true patterns shows what --fix gives"
    for spec in (*getattr(rule.params, "patterns", ()), *getattr(rule.params, "reject", ())):
        assert spec.template.search("", None) is None, "no pattern matches the empty string"


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
