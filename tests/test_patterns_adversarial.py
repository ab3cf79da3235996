"""Every pattern of every built-in rule (and every section heading/lead pattern) against inputs built to
provoke catastrophic backtracking, and a user rule that does backtrack catastrophically (issue 6).

The 1-second bound per pattern × input is a safety check against exponential or badly polynomial
behaviour, not a speed benchmark: a healthy pattern scans these 20,000–50,000-character inputs in
milliseconds; one that backtracks takes seconds or hits lintlaw.patterns.MATCH_TIMEOUT.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lintlaw.cli import main
from lintlaw.patterns import MATCH_TIMEOUT, PatternTimeout, Template
from lintlaw.rule import Rule
from lintlaw.rulebook import builtin_rules_dir, load

LIMIT_SECONDS = 1.0
YEAR = 2023


def _cycle(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


# Inputs that defeat naive patterns: long runs with no terminator, repetitions of almost-matches.
ADVERSARIAL = {
    "han-run": "法" * 50_000,
    "digit-run": "1" * 50_000,
    "digits-dots": _cycle("12.", 50_000),
    "digit-dot-run": _cycle("1.", 50_000),
    "digits-spaces": _cycle("1 ", 40_000),
    "dun-digits": _cycle("、1", 40_000),
    "no-sentence-end": _cycle("法治政府建设工作推进，依法行政水平提升、", 50_000),
    "A年-repeat": _cycle("A年", 40_000),
    "year-repeat": _cycle("2023年", 48_000),
    "count-fragments": _cycle("共1件其中1件、1件、", 50_000),
    "book-title-open": "《" * 40_000,
    "quote-open": "“" * 40_000,
    "paren-open": "（" * 40_000,
    "heading-markers": _cycle("一、（一）1.（1）一是", 50_000),
    "percent-list": _cycle("12.5%、", 42_000),
    "phone-like": _cycle("1395929199", 40_000),
    "id-like": _cycle("35010219900101123", 40_000),
    "spaces": _cycle(" \u3000\t", 30_000),
    "short-lines": _cycle("一、法治\n", 30_000),
    "date-fragments": _cycle("2023年1月1", 40_000),
    "han-digit-alternating": _cycle("法1", 40_000),
}

# (rule id, input kind) → reason, for patterns found to backtrack. The rule files are not changed here;
# each entry is a reported bug. Strict: once the pattern is fixed the case passes and must be removed.
KNOWN_SLOW: dict[tuple[str, str], str] = {}


def _templates(rule: Rule) -> list[tuple[str, Template]]:
    """(where, template) for every pattern a rule holds."""
    out: list[tuple[str, Template]] = []
    out += [(f"patterns[{i}]", spec.template) for i, spec in enumerate(rule.patterns)]
    out += [(f"reject[{i}]", spec.template) for i, spec in enumerate(rule.reject)]
    out += [(f"unless[{i}]", t) for i, t in enumerate(rule.unless)]
    out += [(f"satisfied_by[{i}]", t) for i, t in enumerate(rule.satisfied_by)]
    out += [(f"allow[{i}]", t) for i, t in enumerate(rule.allow)]
    out += [(f"items[{i}]({item.name})[{j}]", t) for i, item in enumerate(rule.items) for j, t in enumerate(item.templates)]
    out += [(f"ignore[{i}]", t) for i, t in enumerate(rule.ignore)]
    out += [(f"terms[{i}]", t) for i, t in enumerate(rule.terms)]
    return out


_BOOK = load((builtin_rules_dir(),))
assert _BOOK.problems == (), _BOOK.problems

# name → templates: every rule, plus the section definitions as "sections/<name>".
TEMPLATES: dict[str, list[tuple[str, Template]]] = {rule.id: _templates(rule) for rule in _BOOK.rules}
for _section in _BOOK.sections:
    TEMPLATES[f"sections/{_section.name}"] = [(f"headings[{i}]", t) for i, t in enumerate(_section.headings)] + [
        (f"leads[{i}]", t) for i, t in enumerate(_section.leads)
    ]
TEMPLATES = {k: v for k, v in TEMPLATES.items() if v}


def _cases():
    for owner in sorted(TEMPLATES):
        for kind in ADVERSARIAL:
            marks = []
            if (owner, kind) in KNOWN_SLOW:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_SLOW[(owner, kind)]))
            yield pytest.param(owner, kind, id=f"{owner}-{kind}", marks=marks)


def test_inputs_are_large():
    assert 15 <= len(ADVERSARIAL)
    assert all(20_000 <= len(text) <= 50_000 for text in ADVERSARIAL.values())


def test_every_rule_with_patterns_is_covered():
    # Kinds without patterns (pairs, date, meta …) have nothing to backtrack; everything else is here.
    assert len(TEMPLATES) >= 40
    assert sum(len(v) for v in TEMPLATES.values()) >= 100


@pytest.mark.parametrize(("owner", "kind"), list(_cases()))
def test_pattern_does_not_backtrack(owner: str, kind: str):
    text = ADVERSARIAL[kind]
    slow: list[str] = []
    for where, template in TEMPLATES[owner]:
        started = time.perf_counter()
        try:
            list(template.finditer(text, YEAR))
            outcome = ""
        except PatternTimeout:
            outcome = f" (timed out after {MATCH_TIMEOUT} s)"
        elapsed = time.perf_counter() - started
        if elapsed >= LIMIT_SECONDS or outcome:
            slow.append(f"{where} {template.source!r}: {elapsed:.2f} s{outcome}")
    assert not slow, f"{owner} on {kind}: " + "; ".join(slow)


# --- a user rule whose pattern backtracks catastrophically ---------------------------------------
# Not '(a+)+$': the regex module recognises that nested repeat and matches it in linear time.
# '(a|aa)+$' on 'a' * 40 + 'b' still takes exponential time (about 1.6e8 paths), so it must time out.

PATHOLOGICAL_RULE = """\
kind: forbid
severity: warning
title: 病态模式
description: 测试用：一个指数级回溯的正则表达式。
message: 不应出现“{match}”
cite: 测试
scope: document
patterns:
  - '(a|aa)+$'
examples:
  pass:
    - 没有字母。
  fail:
    - ⟦aaa⟧
"""

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

    started = time.perf_counter()
    result = CliRunner().invoke(main, ["check", "--rules", str(tmp_path / "my-rules"), str(report)])
    elapsed = time.perf_counter() - started

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, (result.exit_code, result.output)
    stderr = result.stderr
    problem_lines = [line for line in stderr.splitlines() if "custom/backtrack" in line]
    assert problem_lines, stderr
    assert any("超时" in line for line in problem_lines), stderr
    # The other rules still ran and reported: the published mobile number is an error finding.
    assert "privacy/mobile-number" in result.stdout, result.stdout
    assert "writing/wording" in result.stdout, result.stdout
    # One timeout per scope searched at most, not a hang: a generous bound over MATCH_TIMEOUT.
    assert elapsed < 10 * MATCH_TIMEOUT, elapsed
