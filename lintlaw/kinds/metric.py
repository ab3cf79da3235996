"""metric: a figure the report states (a pattern's `value` group) must lie within min/max."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Params, PatternSpec, Violation, failed, failed_at, num, passed, ranges, scope_start, skipped
from lintlaw.numerals import parse_number
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, hits


@dataclass(frozen=True, slots=True)
class MetricParams(Params):
    patterns: tuple[PatternSpec, ...] = ()
    unless: tuple[Template, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    missing_message: str = ""  # when no figure is stated at all; empty: the rule is skipped then


def params(data: Mapping[str, Any], build: Build) -> MetricParams:
    build.messages(data, "missing_message")
    return MetricParams(
        build.pattern_specs(data["patterns"], "patterns"), build.templates(data.get("unless", [])),
        data.get("min"), data.get("max"), data.get("missing_message", ""),
    )


def check(rule: Rule, p: MetricParams, doc: Document, ctx: Context) -> list[Violation]:
    found = ranges(rule, doc)
    if found is None:
        return [skipped(ctx.messages, "no-scope")]
    readings: list[tuple[Hit, float]] = []
    for spec in p.patterns:
        for h in hits(doc, spec.template, found, rule.raw, ctx.year):
            value = parse_number(h.groups.get("value", ""))
            if value is not None and not any(u.search(h.sentence, ctx.year) for u in p.unless):
                readings.append((h, value))
    if not readings:
        if not p.missing_message:
            return [skipped(ctx.messages, "no-figure")]
        return [failed_at(scope_start(doc, rule.scope), p.missing_message, value="", bound="")]
    readings.sort(key=lambda r: r[0].start)
    bad = [(h, v) for h, v in readings if (p.minimum is not None and v < p.minimum) or (p.maximum is not None and v > p.maximum)]
    if not bad:
        h, v = readings[0]
        return [passed(h, value=num(v))]
    bound = num(p.minimum if p.minimum is not None else p.maximum)
    return [failed(h, value=num(v), bound=bound) for h, v in bad]


MESSAGES = {"no-scope": frozenset[str](), "no-figure": frozenset[str]()}
PLACEHOLDERS = frozenset({"match", "value", "bound"})
OPTIONS = {"min": ("minimum", float), "max": ("maximum", float)}
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
