"""The linearity proof that lets built-in patterns run without a clock, and the per-match timeout
that user-supplied patterns run under instead (issue 12; issue 11 item 10)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex

from lintlaw import patterns
from lintlaw.linearity import linearity_problem
from lintlaw.patterns import PatternTimeout, Template, pattern_problem
from lintlaw.kinds.base import templates_of
from lintlaw.rulebook import load

NESTED = "嵌套的重复（如 (a+)+、(a|aa)+）可能导致灾难性回溯；请把内层写成原子组 (?>…)"
LONG_SPAN = "长度不限或很长的懒惰匹配（如 [\\s\\S]{0,2000}?）两侧须各有一个字面字符作为锚点"
OPEN_LAZY = "不限长度的懒惰匹配（如 .*?、[^。]*?）须写明上限，如 [^。]{0,30}?"
TWO_OPEN = "一个模式中最多只能有一处不限长度、几乎匹配任何字符的重复（如 .*、[^。]+）；请为其余的写明上限"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (r"(a|aa)+$", NESTED),
        (r"(a+)+b", NESTED),
        (r"(?:\d+、)+", NESTED),
        (r"(?:[^。]{0,12}?\d件)*", NESTED),
        (r"(a|b){1,50}c", NESTED),
        (r"[\s\S]{0,2000}?二是", LONG_SPAN),
        (r"一是[^。]{0,500}?", LONG_SPAN),
        (r"一是\d[\s\S]{0,2000}?[（(]二", LONG_SPAN),
        (r"法.*?治", OPEN_LAZY),
        (r"a[\s\S]*?b", OPEN_LAZY),
        (r"法.*治.*x", TWO_OPEN),
        (r"[^。]+，[^。]+。", TWO_OPEN),
    ],
)
def test_backtracking_shapes_are_refused(source: str, reason: str):
    assert linearity_problem(source) == reason


@pytest.mark.parametrize(
    "source",
    [
        r"(?>\d+、)+",  # atomic: each repetition matches one way
        r"(?:\d++、)+",  # possessive inner repeat
        r"(?:[\s-]?\d{4}){2}",  # bounded outer repeat
        r"一是[\s\S]{0,2000}?二是",  # a long lazy span between two literals
        r"[（(]一[）)][\s\S]{0,2000}?[（(]二[）)]",  # … or between two sets of listed characters
        r"[^\n]{80,}",  # one open span
        r"(?r)(?:(?!号)\p{Han}){1,10}\s*〔\s*\d{4}\s*〕\s*第\s*\d{1,5}\s*号",
        r"(?<!(?P=a)(?P<a>\p{Han}))(?P<w>的|了)(?P=w)",
        r"(?m)^\d{4}\s*年$",
    ],
)
def test_linear_shapes_are_accepted(source: str):
    assert linearity_problem(source) is None


def test_syntax_the_checker_does_not_model_is_not_proven():
    assert linearity_problem(r"(?x) a+ ") == "无法证明此正则表达式的匹配时间为线性（不支持的写法：group (?x）"


def test_only_builtin_patterns_must_be_proven_linear():
    assert pattern_problem(r"(a|aa)+$", builtin=True) == NESTED
    assert pattern_problem(r"(a|aa)+$") is None


def test_user_rules_run_under_the_timeout_and_builtin_rules_without(tmp_path: Path, book):
    pack = tmp_path / "mine" / "custom"
    pack.mkdir(parents=True)
    (pack / "nested.yaml").write_text(
        "kind: forbid\nseverity: warning\ntitle: 测试\ndescription: 测试用\nmessage: 不应出现“{match}”\ncite: 测试\n"
        "patterns:\n  - '(?:a|aa)+b'\nexamples:\n  pass:\n    - 没有\n  fail:\n    - ⟦aab⟧\n",
        encoding="utf-8",
    )
    mine = load((tmp_path / "mine",))
    assert mine.problems == ()
    (rule,) = mine.rules
    assert [t.trusted for _, t in templates_of(rule.params)] == [False]
    assert all(t.trusted for r in book.rules for _, t in templates_of(r.params))
    assert all(t.trusted for s in book.sections.parts for t in (*s.headings, *s.leads))


# --- the per-match timeout of user patterns -------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [r"a??", r"(?<=a)b*?", r"x*", r"法", r"\d+", r"(?r)\d+号", r"(?m)^a|b$", r"\b\w+\b", r"(?<=\d)号?"],
)
def test_timed_search_yields_exactly_what_finditer_yields(source: str):
    # restart_after=0 starts a fresh iterator after every non-empty match: the most resuming possible.
    compiled = regex.compile(source)
    rng = random.Random(source)
    for _ in range(300):
        text = "".join(rng.choice("aabx法1号\n ") for _ in range(rng.randint(0, 30)))
        pos = min(2, len(text))
        expected = [m.span() for m in compiled.finditer(text, pos)]
        got = [m.span() for m in patterns._timed_finditer(compiled, source, text, pos, len(text), restart_after=0.0)]
        assert got == expected, text


def test_many_quick_matches_of_a_user_pattern_do_not_add_up_to_a_timeout(monkeypatch):
    # 3,000,000 matches take about 0.35 s of matching in all on the development machine: over a
    # 0.25 s limit if it counted them together, far under it for any one match.
    monkeypatch.setattr(patterns, "MATCH_TIMEOUT", 0.25)
    text = "法" * 3_000_000
    assert sum(1 for _ in Template("法").finditer(text, None)) == 3_000_000


def test_one_runaway_match_of_a_user_pattern_times_out(monkeypatch):
    monkeypatch.setattr(patterns, "MATCH_TIMEOUT", 0.2)
    with pytest.raises(PatternTimeout) as caught:
        list(Template(r"(a|aa)+$").finditer("a" * 40 + "b", None))
    assert str(caught.value) == "(a|aa)+$"
    with pytest.raises(PatternTimeout):
        Template(r"(a|aa)+$").search("a" * 40 + "b", None)
