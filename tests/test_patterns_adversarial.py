"""Every pattern of every built-in rule (and every section heading/lead pattern) against inputs built to
provoke catastrophic backtracking, and a user rule that does backtrack catastrophically (issue 6).

Built-in patterns run without a timeout, so each must be linear: structurally (lintlaw.linearity,
checked here for every one of them) and in fact, by a growth ratio: the CPU time on an input four
times as long must be about four times as much, not sixteen (tests/growth.py). No test here asserts
a time, so the outcome does not depend on how busy the machine is.
"""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import PATHOLOGICAL_RULE
from growth import FACTOR, MAX_RATIO, growth
from lintlaw.cli import main
from lintlaw.linearity import linearity_problem
from lintlaw.patterns import Template, _fill
from lintlaw.kinds.base import templates_of
from lintlaw.rule import Rule
from lintlaw.rulebook import builtin_rules_dir, load

YEAR = 2023
HANG_SECONDS = 120  # a guard against a hang, not a measure: linear work on these inputs takes milliseconds


def _cycle(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


# Inputs that defeat naive patterns: long runs with no terminator, repetitions of almost-matches,
# as (repeated unit, full length); the growth check also runs each at a quarter of that length.
ADVERSARIAL = {
    "han-run": ("法", 50_000),
    "digit-run": ("1", 50_000),
    "digits-dots": ("12.", 50_000),
    "digit-dot-run": ("1.", 50_000),
    "digits-spaces": ("1 ", 40_000),
    "dun-digits": ("、1", 40_000),
    "no-sentence-end": ("法治政府建设工作推进，依法行政水平提升、", 50_000),
    "A年-repeat": ("A年", 40_000),
    "year-repeat": ("2023年", 48_000),
    "count-fragments": ("共1件其中1件、1件、", 50_000),
    "book-title-open": ("《", 40_000),
    "quote-open": ("“", 40_000),
    "paren-open": ("（", 40_000),
    "heading-markers": ("一、（一）1.（1）一是", 50_000),
    "percent-list": ("12.5%、", 42_000),
    "phone-like": ("1395929199", 40_000),
    "id-like": ("35010219900101123", 40_000),
    "spaces": (" \u3000\t", 30_000),
    "short-lines": ("一、法治\n", 30_000),
    "date-fragments": ("2023年1月1", 40_000),
    "han-digit-alternating": ("法1", 40_000),
    "sum-of-parts-run": ("共1件其中", 40_000),
    "one-shi-run": ("一是", 40_000),
    "doc-number-run": ("号〔24〕1", 40_000),
}


@contextlib.contextmanager
def hang_guard(seconds: int = HANG_SECONDS):
    def _alarm(signum, frame):  # noqa: ARG001
        raise AssertionError(f"a pattern ran longer than {seconds} s: it is not linear")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _templates(rule: Rule) -> list[tuple[str, Template]]:
    """(where, template) for every pattern a rule holds: its kind's parameters and its not_applicable list."""
    out = list(templates_of(rule.params))
    out += [(f"not_applicable[{i}]", t) for i, (t, _) in enumerate(rule.not_applicable)]
    return out


_BOOK = load((builtin_rules_dir(),))
assert _BOOK.problems == (), _BOOK.problems



def _vocabulary_templates() -> list[tuple[str, Template]]:
    """(field, template) for every pattern of the document model's vocabulary (rules/document.yaml)."""
    out: list[tuple[str, Template]] = []
    for name in type(_BOOK.vocabulary).__slots__:
        value = getattr(_BOOK.vocabulary, name)
        if isinstance(value, Template):
            out.append((name, value))
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, Template):
                    out.append((f"{name}[{i}]", item))
                elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Template):
                    out.append((f"{name}[{item[0]}]", item[1]))
    return out


# name → templates: every rule, the section definitions as "sections/<name>" and the document
# model's vocabulary as "document".
TEMPLATES: dict[str, list[tuple[str, Template]]] = {rule.id: _templates(rule) for rule in _BOOK.rules}
for _section in _BOOK.sections.parts:
    TEMPLATES[f"sections/{_section.name}"] = [(f"headings[{i}]", t) for i, t in enumerate(_section.headings)] + [
        (f"leads[{i}]", t) for i, t in enumerate(_section.leads)
    ]
TEMPLATES["document"] = _vocabulary_templates()
TEMPLATES = {k: v for k, v in TEMPLATES.items() if v}


def _cases():
    for owner in sorted(TEMPLATES):
        for kind in ADVERSARIAL:
            yield pytest.param(owner, kind, id=f"{owner}-{kind}")


def test_inputs_are_large():
    assert 15 <= len(ADVERSARIAL)
    assert all(20_000 <= length <= 50_000 for _, length in ADVERSARIAL.values())


def test_every_rule_with_patterns_is_covered():
    # Kinds without patterns (pairs, date, meta …) have nothing to backtrack; everything else is here.
    assert len(TEMPLATES) >= 40
    assert sum(len(v) for v in TEMPLATES.values()) >= 100


def test_every_builtin_pattern_is_proven_linear_and_runs_without_timeout():
    unproven = [
        f"{owner} {where} {t.source!r}: {reason}"
        for owner, found in sorted(TEMPLATES.items())
        for where, t in found
        if (reason := linearity_problem(_fill(t.source, YEAR))) is not None
    ]
    assert unproven == []
    assert all(t.trusted for found in TEMPLATES.values() for _, t in found)


@pytest.mark.parametrize(("owner", "kind"), list(_cases()))
def test_pattern_grows_linearly(owner: str, kind: str):
    unit, length = ADVERSARIAL[kind]

    def make(template: Template):
        def at(n: int):
            text = _cycle(unit, n)
            return lambda: list(template.finditer(text, YEAR))

        return at

    steep: list[str] = []
    with hang_guard():
        for where, template in TEMPLATES[owner]:
            small, large, ratio = growth(make(template), length // FACTOR)
            if ratio > MAX_RATIO:
                steep.append(f"{where} {template.source!r}: {small:.4f} s → {large:.4f} s CPU (×{ratio:.1f})")
    assert not steep, f"{owner} on {kind}, input ×{FACTOR}: " + "; ".join(steep)


# --- a user rule whose pattern backtracks catastrophically ---------------------------------------
# Not '(a+)+$': the regex module recognises that nested repeat and matches it in linear time.
# '(a|aa)+$' on 'a' * 40 + 'b' still takes exponential time (about 1.6e8 paths), so it must time out.


REPORT = (
    "某某区人民政府2023年法治政府建设年度报告\n"
    "一、主要成效\n"
    "2023年，我区认真贯彻落实法治政府建设实施纲要，截止12月底共办理行政复议案件12件。\n"
    "联系电话：13959291990。\n"
    "代码 " + "a" * 40 + "b\n"
    "二、存在的不足和原因\n"
    "法治宣传的针对性还不够强，原因是基层力量不足。\n"
    "三、2024年工作计划\n"
    "持续加强行政执法监督。\n"
    "某某区人民政府\n"
    "2024年3月1日\n"
)


def test_pathological_user_rule_times_out_without_hanging(tmp_path: Path):
    rules = tmp_path / "my-rules" / "custom"
    rules.mkdir(parents=True)
    (rules / "backtrack.yaml").write_text(PATHOLOGICAL_RULE, encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")

    result = CliRunner().invoke(main, ["check", "--rules", str(tmp_path / "my-rules"), str(report)])

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, (result.exit_code, result.output)
    stderr = result.stderr
    problem_lines = [line for line in stderr.splitlines() if "custom/backtrack" in line]
    # One timeout, reported once for this rule and this file; the rule is skipped, not half-checked.
    assert len(problem_lines) == 1, stderr
    assert problem_lines[0] == f"lintlaw: error: {report}: 规则 custom/backtrack 的模式匹配超时，已跳过此规则（模式：(a|aa)+$）"
    # The other rules still ran and reported: the published mobile number is an error finding.
    assert "privacy/mobile-number" in result.stdout, result.stdout
    assert "writing/wording" in result.stdout, result.stdout
