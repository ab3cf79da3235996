"""ratio: a stated percentage must match its stated part and total (groups part, total, pct) within a tolerance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Params, PatternSpec, Violation, checked, num, ranges, skipped
from lintlaw.numerals import parse_number
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, hits


@dataclass(frozen=True, slots=True)
class RatioParams(Params):
    patterns: tuple[PatternSpec, ...] = ()
    tolerance: float = 0.5  # percentage points


def params(data: Mapping[str, Any], build: Build) -> RatioParams:
    return RatioParams(build.pattern_specs(data["patterns"], "patterns"), data.get("tolerance", 0.5))


def check(rule: Rule, p: RatioParams, doc: Document, ctx: Context) -> list[Violation]:
    found = ranges(rule, doc)
    if found is None:
        return [skipped(ctx.messages, "no-scope")]
    results: list[tuple[Hit, bool, dict[str, str]]] = []
    seen: set[int] = set()
    for spec in p.patterns:
        for h in hits(doc, spec.template, found, rule.raw, ctx.year):
            part, total, pct = (parse_number(h.groups.get(k, "")) for k in ("part", "total", "pct"))
            if part is None or not total or pct is None or h.start in seen:
                continue
            seen.add(h.start)
            expected = part / total * 100
            values = {"part": num(part), "total": num(total), "pct": num(pct), "expected": f"{expected:.2f}"}
            results.append((h, abs(expected - pct) <= p.tolerance, values))
    return checked(ctx.messages, results, "no-ratio")


MESSAGES = {"no-scope": frozenset[str](), "no-ratio": frozenset[str]()}
PLACEHOLDERS = frozenset({"match", "part", "total", "pct", "expected"})
OPTIONS = {"tolerance": ("tolerance", float)}
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
