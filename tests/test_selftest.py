"""The example runner: an example's `options:` and `fixed:` are applied and checked, and bad ones are load problems."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import example_cases

from lintlaw import selftest
from lintlaw.cli import main
from lintlaw.examples import Example
from lintlaw.rule import Rule
from lintlaw.rulebook import builtin_rules_dir, load, load_rule_file

_BOOK = load((builtin_rules_dir(),))
_WITH_OPTIONS = [case for case in example_cases(_BOOK) if case[1].options]


def test_built_in_rules_have_examples_with_options():
    assert {r.id for r, *_ in _WITH_OPTIONS} >= {"writing/halfwidth-punctuation", "outline/court-appearance-rate", "timeliness/deadline"}


@pytest.mark.parametrize(("rule", "example", "expect_fail", "name"), _WITH_OPTIONS, ids=[c[3] for c in _WITH_OPTIONS])
def test_an_examples_options_decide_its_outcome(rule: Rule, example: Example, expect_fail: bool, name: str):
    """With its options the example holds (test_rule_examples); without them it does not: the option is
    what the example shows."""
    label = name.split(":", 1)[1]
    assert selftest.run_example(rule, _BOOK, example, expect_fail, label).ok
    plain = dataclasses.replace(example, options="", fixed=None)
    assert not selftest.run_example(rule, _BOOK, plain, expect_fail, label).ok


RULE = """kind: forbid
severity: warning
title: 半角逗号
description: 测试用
message: “{{match}}”应为“{{suggest}}”
cite: 测试
text: raw
patterns:
  - {{pattern: '(?<=\\p{{Han}}),', suggest: '，', fix: {fix}}}
examples:
  pass: [甲，乙。]
  fail:
{fail}
"""


def _rule_file(tmp_path: Path, fail: str, fix: str = "true") -> Path:
    path = tmp_path / "mine" / "comma.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RULE.format(fail=fail, fix=fix), encoding="utf-8")
    return path


def _rule(tmp_path: Path, fail: str, fix: str = "true") -> Rule:
    path = _rule_file(tmp_path, fail, fix)
    rule = load_rule_file(path, "mine/comma", str(path))
    assert isinstance(rule, Rule), rule
    return rule


def test_right_fixed_text_passes(tmp_path: Path):
    rule = _rule(tmp_path, "    - {text: '甲⟦,⟧乙⟦,⟧丙。', fixed: '甲，乙，丙。'}")
    assert [(r.name, r.ok) for r in selftest.run_rule(rule, _BOOK)] == [("pass[0]", True), ("fail[0]", True)]


def test_wrong_fixed_text_fails_and_says_what_fix_gives(tmp_path: Path):
    rule = _rule(tmp_path, "    - {text: '甲⟦,⟧乙⟦,⟧丙。', fixed: '甲，乙,丙。'}")
    [_, result] = selftest.run_rule(rule, _BOOK)
    assert (result.name, result.ok) == ("fail[0]", False)
    assert result.detail == "--fix gives '甲，乙，丙。', expected '甲，乙,丙。'"


def test_max_findings_option_bounds_the_listed_failures_but_not_the_fix(tmp_path: Path):
    rule = _rule(tmp_path, "    - {text: '甲⟦,⟧乙,丙,丁。', options: {max_findings: 1}, fixed: '甲，乙，丙，丁。'}")
    assert [r.ok for r in selftest.run_rule(rule, _BOOK)] == [True, True]
    unbounded = _rule(tmp_path, "    - {text: '甲⟦,⟧乙,丙,丁。', fixed: '甲，乙，丙，丁。'}")
    [_, result] = selftest.run_rule(unbounded, _BOOK)
    assert not result.ok and result.detail.startswith("fail spans [(1, 2, 1, 3), (1, 4, 1, 5), (1, 6, 1, 7)], expected [(1, 2, 1, 3)]")


def test_rules_test_reports_a_wrong_fixed_text(tmp_path: Path):
    _rule_file(tmp_path, "    - {text: '甲⟦,⟧乙。', fixed: '甲,乙。'}")
    result = CliRunner().invoke(main, ["rules", "test", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "FAIL mine/comma:fail[0]: --fix gives '甲，乙。', expected '甲,乙。'",
        "1 passed, 1 failed",
    ]


@pytest.mark.parametrize(
    ("fail", "fix", "line", "fragment"),
    [
        ("    - {text: '甲⟦,⟧乙。', fixed: '甲，乙。'}", "false", 13, "“examples.fail.0.fixed”：只有带 fix: true 模式的规则"),
        ("    - {text: '甲⟦,⟧乙。', options: {maximum: 3}}", "true", 13, "未知的键“examples.fail.0.options.maximum”"),
        ("    - {text: '甲⟦,⟧乙。', options: {max_findings: 0}}", "true", 13, "“examples.fail.0.options.max_findings”"),
        ("    - {text: '甲⟦,⟧乙。', options: {deadlines: {department: 03-31}}}", "true", 13,
         "“examples.fail.0.options.deadlines”：选项不适用于 forbid 类规则（可用：max_findings）"),
        ("    - {options: {max_findings: 2}}", "true", 13, "examples.fail.0"),
    ],
)
def test_bad_example_is_a_problem_naming_file_line_and_key(tmp_path: Path, fail: str, fix: str, line: int, fragment: str):
    path = _rule_file(tmp_path, fail, fix)
    problem = load_rule_file(path, "mine/comma", str(path))
    assert not isinstance(problem, Rule)
    assert (problem.path, problem.line) == (str(path), line), problem
    assert fragment in problem.reason, problem.reason


def test_an_examples_deadline_must_be_a_day_every_year_has(tmp_path: Path):
    source = builtin_rules_dir() / "timeliness" / "deadline.yaml"
    text = source.read_text(encoding="utf-8")
    stated = "\n      options: {deadlines: {department: 03-31}}\n"
    assert text.count(stated) == 1
    path = tmp_path / "mine" / "deadline.yaml"
    path.parent.mkdir()
    path.write_text(text.replace(stated, stated.replace("03-31", "02-30")), encoding="utf-8")
    problem = load_rule_file(path, "mine/deadline", str(path))
    assert not isinstance(problem, Rule)
    line = text[: text.index(stated)].count("\n") + 2
    assert (problem.line, problem.reason) == (line, "键“examples.pass.1.options.deadlines.department”：截止日期“02-30”不是每年都有的日期（应为 MM-DD，如 03-31）")


# ---------------------------------------------------------------- sections.yaml: scopes and examples


def test_sections_examples_check_parts_and_scopes():
    from lintlaw.sections import SectionExample

    text = "关于2023年法治政府建设情况的报告\n一、主要举措和成效\n全年审查规范性文件12件。\n二、2024年工作安排\n2024年将加强执法队伍建设。\n"
    right = SectionExample(text, (("achievements", (2, 3, "heading")), ("plan", (4, 5, "heading")), ("shortfalls", None)),
                           (("review", ((2, 3),)), ("measures", ((2, 3),))))
    wrong = SectionExample(text, (("plan", (4, 5, "lead")),), (("review", ((2, 5),)),))
    book = dataclasses.replace(_BOOK, sections=dataclasses.replace(_BOOK.sections, examples=(right, wrong)))
    results = selftest.run_sections(book)
    assert [(r.name, r.ok) for r in results] == [("example[0]", True), ("example[1]", False)]
    assert results[1].detail == "section plan: expected (4, 5, 'lead'), got (4, 5, 'heading'); scope review: expected ((2, 5),), got ((2, 3),)"


RATE_IN_SHORTFALLS = """关于2023年法治政府建设情况的报告
一、主要举措和成效
全年审查规范性文件12件。
二、存在的不足
行政机关负责人出庭应诉率为100%，但应诉能力不足。
三、2024年工作安排
2024年将加强执法队伍建设。
"""


def _verdict(book, rule_id: str, text: str) -> list[tuple[str, int | None]]:
    from lintlaw import document, engine

    doc, ctx = engine.prepare(document.build("<t>", text, book.vocabulary), book.sections, book.vocabulary, messages=book.messages)
    findings, _ = engine.run(doc, (book.get(rule_id),), ctx)
    return [(f.status.value, f.line) for f in findings]


def test_a_users_sections_file_redefines_a_scope(tmp_path: Path):
    """measures leaves out the shortfalls: a rate given there is no account of the year's work; a user
    whose reports put figures there can say so in their own sections.yaml."""
    assert _verdict(_BOOK, "outline/court-appearance-rate", RATE_IN_SHORTFALLS) == [("fail", 3)]
    (tmp_path / "sections.yaml").write_text("sections: {}\nscopes:\n  measures:\n    without: [plan]\n", encoding="utf-8")
    mine = load((builtin_rules_dir(), tmp_path))
    assert mine.problems == ()
    assert mine.sections.scope("measures").without == ("plan",)
    assert _verdict(mine, "outline/court-appearance-rate", RATE_IN_SHORTFALLS) == [("pass", 5)]


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("sections: {}\nscopes:\n  work:\n    without: [nothing]\n", "作用范围“work”引用了未定义的章节“nothing”", None),
        ("sections: {}\nscopes:\n  body:\n    without: [plan]\n", "“scopes”", 2),
        ("sections: {}\nscopes:\n  work:\n    without: []\n", "scopes.work.without", 4),
    ],
)
def test_bad_scope_definition_is_a_problem(tmp_path: Path, text: str, fragment: str, line: int | None):
    path = tmp_path / "sections.yaml"
    path.write_text(text, encoding="utf-8")
    [problem] = load((builtin_rules_dir(), tmp_path)).problems
    assert (problem.path, problem.line) == (str(path), line)
    assert fragment in problem.reason, problem.reason


def test_a_rule_naming_an_undefined_scope_is_a_problem(tmp_path: Path):
    path = _rule_file(tmp_path, "    - '甲⟦,⟧乙。'")
    path.write_text(path.read_text(encoding="utf-8").replace("text: raw\n", "text: raw\nscope: review\n"), encoding="utf-8")
    assert load((builtin_rules_dir(), tmp_path)).problems == ()
    (tmp_path / "mine" / "comma.yaml").write_text(
        path.read_text(encoding="utf-8").replace("scope: review", "scope: work"), encoding="utf-8")
    [problem] = load((builtin_rules_dir(), tmp_path)).problems
    assert problem.path == str(path) and "scope" in problem.reason, problem
