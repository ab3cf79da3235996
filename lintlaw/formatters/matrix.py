"""Arrange results into the review matrix the html and xlsx formats share: rule columns in reading order,
one cell per document and rule, and the batch figures a reviewer reads first (it decides nothing)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from collections.abc import Sequence

import regex

from lintlaw.model import FileResult, Finding, Packs, RuleInfo, Severity, Status

STATUS_LABEL = {Status.PASS: "通过", Status.FAIL: "不通过", Status.SKIP: "跳过"}
SEVERITY_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
MARK = {Status.PASS: "✓", Status.FAIL: "✗", Status.SKIP: "–"}
ITEM_NUMERALS = "一二三四五"

# A structure rule's citation names the items of the regulation's annual-report content it checks:
# 《法治政府建设与责任落实督察工作规定》年度报告内容第（二）（四）项.
_ITEMS = regex.compile(r"年度报告内容第((?:[（(][一二三四五][）)])+)项")
_NUMERAL = regex.compile(r"[一二三四五]")


def regulation_items(rule: RuleInfo) -> tuple[int, ...]:
    """The numbers (1–5) of the prescribed report items the rule's citation names, in citation order."""
    found = _ITEMS.search(rule.cite)
    if not found:
        return ()
    return tuple(ITEM_NUMERALS.index(n) + 1 for n in _NUMERAL.findall(found.group(1)))


def _column_key(rule: RuleInfo, packs: Packs) -> tuple[int, int, int, str]:
    rank, _ = packs.rank(rule.id)
    items = regulation_items(rule) if rule.pack == "structure" else ()
    # Structure: the prescribed items in the regulation's order, then the pack's other rules.
    return (rank, items[0] if items else len(ITEM_NUMERALS) + 1, len(items), rule.id)


def columns(rules: Sequence[RuleInfo], packs: Packs) -> tuple[RuleInfo, ...]:
    """The matrix columns: packs in the checklist's order, the structure pack in the regulation's order."""
    return tuple(sorted(rules, key=lambda rule: _column_key(rule, packs)))


@dataclass(frozen=True, slots=True)
class Cell:
    """One document's verdict on one rule: fail if any finding fails, else pass if any passes, else skip."""

    status: Status | None  # None: the rule did not run on this file
    severity: Severity | None = None  # the most serious failing finding's
    first: int | None = None  # index in FileResult.findings of the finding the cell links to
    lines: tuple[int, ...] = ()  # lines of the findings with the cell's status
    count: int = 0  # findings with the cell's status


def _cell(found: list[tuple[int, Finding]]) -> Cell:
    if not found:
        return Cell(None)
    for status in (Status.FAIL, Status.PASS, Status.SKIP):
        chosen = [(i, f) for i, f in found if f.status is status]
        if chosen:
            located = [(i, f) for i, f in chosen if f.span] or chosen
            worst = max(f.severity for _, f in chosen) if status is Status.FAIL else None
            lines = tuple(sorted({f.line for _, f in chosen if f.span}))
            return Cell(status, worst, located[0][0], lines, len(chosen))
    raise AssertionError("a finding has a status")  # pragma: no cover


def cells(result: FileResult, cols: Sequence[RuleInfo]) -> tuple[Cell, ...]:
    by_rule: dict[str, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(result.findings):
        by_rule.setdefault(f.rule, []).append((i, f))
    return tuple(_cell(by_rule.get(rule.id, [])) for rule in cols)


def failing(result: FileResult, severity: Severity | None = None) -> int:
    return sum(f.status is Status.FAIL and (severity is None or f.severity is severity) for f in result.findings)


@dataclass(frozen=True, slots=True)
class Rate:
    """How many documents a rule passed, failed or skipped (documents it did not run on are not counted)."""

    rule: RuleInfo
    passed: int
    failed: int
    skipped: int

    @property
    def checked(self) -> int:
        return self.passed + self.failed + self.skipped

    @property
    def pass_rate(self) -> float | None:
        judged = self.passed + self.failed
        return self.passed / judged if judged else None


def rates(grid: Sequence[tuple[Cell, ...]], cols: Sequence[RuleInfo]) -> tuple[Rate, ...]:
    out = []
    for j, rule in enumerate(cols):
        counts = Counter(row[j].status for row in grid)
        out.append(Rate(rule, counts[Status.PASS], counts[Status.FAIL], counts[Status.SKIP]))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ItemTally:
    """One prescribed report item: its rules and how many documents pass all of them."""

    number: int  # 1–5
    rules: tuple[RuleInfo, ...]
    passed: int  # every rule of the item passes
    failed: int  # some rule of the item fails
    unchecked: int  # neither (skipped, e.g. not a rule-of-law report, or not run)

    @property
    def label(self) -> str:
        return f"第（{ITEM_NUMERALS[self.number - 1]}）项"


def items(grid: Sequence[tuple[Cell, ...]], cols: Sequence[RuleInfo]) -> tuple[ItemTally, ...]:
    out = []
    for number in range(1, len(ITEM_NUMERALS) + 1):
        idx = [j for j, r in enumerate(cols) if r.pack == "structure" and number in regulation_items(r)]
        if not idx:
            continue
        passed = failed = 0
        for row in grid:
            statuses = [row[j].status for j in idx]
            if Status.FAIL in statuses:
                failed += 1
            elif all(s is Status.PASS for s in statuses):
                passed += 1
        out.append(ItemTally(number, tuple(cols[j] for j in idx), passed, failed, len(grid) - passed - failed))
    return tuple(out)


def most_failed(all_rates: Sequence[Rate], packs: Packs, limit: int = 10) -> tuple[Rate, ...]:
    """The requirements most often not met, most documents first."""
    ranked = sorted((r for r in all_rates if r.failed), key=lambda r: (-r.failed, packs.rank(r.rule.id)))
    return tuple(ranked[:limit])


def most_errors(results: Sequence[FileResult], limit: int = 10) -> tuple[tuple[int, int], ...]:
    """(document index, error-level failures) for the documents with the most, most first."""
    counted = [(i, failing(r, Severity.ERROR)) for i, r in enumerate(results)]
    ranked = sorted((c for c in counted if c[1]), key=lambda c: (-c[1], results[c[0]].path))
    return tuple(ranked[:limit])
