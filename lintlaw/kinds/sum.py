"""sum: a stated total against its listed parts (repeated `part` group): they must not add up to more
than `total`; when the pattern's `complete` group matched (「分别为」), they must add up to it exactly."""

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
class SumParams(Params):
    patterns: tuple[PatternSpec, ...] = ()


def params(data: Mapping[str, Any], build: Build) -> SumParams:
    return SumParams(build.pattern_specs(data["patterns"], "patterns"))


def check(rule: Rule, p: SumParams, doc: Document, ctx: Context) -> list[Violation]:
    found = ranges(rule, doc)
    if found is None:
        return [skipped(ctx.messages, "no-scope")]
    say = ctx.messages.text
    results: list[tuple[Hit, bool, dict[str, str]]] = []
    seen: set[int] = set()
    for spec in p.patterns:
        for h in hits(doc, spec.template, found, rule.raw, ctx.year):
            total = parse_number(h.groups.get("total", ""))
            parts = [parse_number(x) for x in h.captures.get("part", [])]
            if total is None or not parts or any(x is None for x in parts) or h.start in seen:
                continue
            seen.add(h.start)
            added = sum(x for x in parts if x is not None)
            complete = "complete" in h.groups
            ok = abs(added - total) <= 1e-9 if complete else added <= total + 1e-9
            values = {
                "total": num(total), "parts": "＋".join(num(x) for x in parts if x is not None), "sum": num(added),
                "relation": say("sum-more" if added > total + 1e-9 else "sum-less"),
                "detail": say("sum-incomplete") if complete and added < total else "",
            }
            results.append((h, ok, values))
    return checked(ctx.messages, results, "no-sum")


MESSAGES = {name: frozenset[str]() for name in ("no-scope", "no-sum", "sum-more", "sum-less", "sum-incomplete")}
PLACEHOLDERS = frozenset({"match", "total", "parts", "sum", "relation", "detail"})
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
