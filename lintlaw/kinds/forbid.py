"""forbid: wordings that must not appear in scope (one failure per occurrence, with a suggestion and,
for safe replacements in raw text, a fix)."""

from __future__ import annotations

import datetime
import heapq
from operator import itemgetter
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from collections.abc import Callable, Mapping

import regex

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Params, PatternSpec, Violation, passed, ranges, skipped
from lintlaw.model import Status
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, hits, match_spans

# A match found: its place in the searched text, its end, the pattern's order, the pattern, and its
# Hit when one was needed to filter it.
_Found = tuple[int, int, int, PatternSpec, Hit | None]


@dataclass(frozen=True, slots=True)
class ForbidParams(Params):
    patterns: tuple[PatternSpec, ...] = ()
    allow: tuple[Template, ...] = ()  # a match that is wholly one of these is allowed
    unless: tuple[Template, ...] = ()  # a match in a sentence matching one of these is allowed

    @property
    def fixable(self) -> bool:
        return any(spec.fix for spec in self.patterns)


def params(data: Mapping[str, Any], build: Build) -> ForbidParams:
    patterns = build.pattern_specs(data["patterns"], "patterns")
    return ForbidParams(patterns, build.templates(data.get("allow", [])), build.templates(data.get("unless", [])))


def check(rule: Rule, p: ForbidParams, doc: Document, ctx: Context) -> list[Violation]:
    found_ranges = ranges(rule, doc)
    if found_ranges is None:
        return [skipped(ctx.messages, "no-scope")]
    found: list[_Found] = []
    seen: set[tuple[int, int]] = set()
    filtered = bool(p.allow or p.unless or any(spec.checksum for spec in p.patterns))
    for order, spec in enumerate(p.patterns):
        if spec.issuer is not None and (spec.issuer != ctx.issuer_kind or not ctx.issuer_known):
            continue
        if not filtered:
            # Most forbid rules filter nothing: positions are enough until a finding is shown.
            for span in match_spans(doc, spec.template, found_ranges, rule.raw, ctx.year):
                if span not in seen:
                    seen.add(span)
                    found.append((span[0], span[1], order, spec, None))
            continue
        for h in hits(doc, spec.template, found_ranges, rule.raw, ctx.year):
            if (h.start, h.end) in seen or any(al.pattern(ctx.year).fullmatch(h.text) for al in p.allow):
                continue
            if any(u.search(h.sentence, ctx.year) for u in p.unless):
                continue
            if spec.checksum and not CHECKSUMS[spec.checksum](h.text):
                continue
            seen.add((h.start, h.end))
            found.append((h.at[0], h.at[1], order, spec, h))
    if not found:
        return [passed()]
    # A report typed with an English keyboard has tens of thousands of half-width commas: unless every
    # failure is wanted (--fix), only the first max_findings become violations and the rest are
    # counted; each pattern's message values and fix are made once.
    listed, left_out = _first(found, None if ctx.unbounded else rule.max_findings)
    made = {id(spec): _made(spec, rule.raw) for spec in p.patterns}
    fail = Status.FAIL
    out = []
    for a, b, _, spec, hit in listed:
        template, values, fix = made[id(spec)]
        out.append(Violation(fail, hit, None, None if hit is not None else (a, b), template, values, fix))
    if left_out:
        out.append(Violation(fail, left_out=left_out))
    return out


def _first(found: list[_Found], limit: int | None) -> tuple[list[_Found], int]:
    """The matches in text order (pattern order at one place), only the first `limit` of them when
    there are more, and how many were left out."""
    order = itemgetter(0, 2)
    if limit is None or len(found) <= limit:
        return sorted(found, key=order), 0
    return heapq.nsmallest(limit, found, key=order), len(found) - limit


def _made(spec: PatternSpec, raw: bool) -> tuple[str | None, Mapping[str, object], str | None]:
    """A pattern's message, the values it is filled with, and its fix (a safe replacement in raw text)."""
    fix = spec.suggest if spec.fix and raw and spec.suggest is not None else None
    return spec.message, MappingProxyType({"suggest": spec.suggest or ""}), fix


def _id_card_ok(text: str) -> bool:
    digits = text.upper()
    if len(digits) != 18:
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(digits[:17], weights))
    return "10X98765432"[total % 11] == digits[17]


def _luhn_ok(text: str) -> bool:
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) < 13:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_DATE_PARTS = regex.compile(r"(\d{4})\D+(\d{1,2})\D+(\d{1,2})")


def _impossible_date(text: str) -> bool:
    """True for a year-month-day that no calendar has (2023年2月30日, 2024年13月1日)."""
    m = _DATE_PARTS.search(text)
    if m is None:
        return False
    try:
        datetime.date(*(int(g) for g in m.groups()))
    except ValueError:
        return True
    return False


# Validators a forbid rule may require of a match before it counts (`checksum:` in the YAML).
CHECKSUMS: MappingProxyType[str, Callable[[str], bool]] = MappingProxyType(
    {"id-card": _id_card_ok, "luhn": _luhn_ok, "impossible-date": _impossible_date}
)

MESSAGES = {"no-scope": frozenset[str]()}
PLACEHOLDERS = frozenset({"match", "suggest"})
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
