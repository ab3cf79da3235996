"""trend: key figures read from this report and last year's, shown as last year → this year; a figure
that must reach its target and fell below it fails with both figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Params, Violation, failed, no_previous, num, passed, ranges, skipped
from lintlaw.model import Detail
from lintlaw.numerals import parse_number
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, hits, text_ranges


@dataclass(frozen=True, slots=True)
class Indicator:
    """A key figure compared across years: its patterns capture the number as `value`."""

    name: str
    templates: tuple[Template, ...]
    unit: str = ""
    better: str = "none"  # up | down | none: the direction that counts as an improvement
    target: float | None = None  # a figure that must be reached (a rate that must be 100%)


@dataclass(frozen=True, slots=True)
class TrendParams(Params):
    indicators: tuple[Indicator, ...] = ()

    @property
    def uses_previous(self) -> bool:
        return True


def params(data: Mapping[str, Any], build: Build) -> TrendParams:
    return TrendParams(
        tuple(
            Indicator(it["name"], build.templates(it["patterns"]), it.get("unit", ""), it.get("better", "none"), it.get("target"))
            for it in data["indicators"]
        )
    )


def _first_value(
    doc: Document, indicator: Indicator, ranges: list[tuple[int, int]], raw: bool, year: int | None
) -> tuple[Hit, float] | None:
    best: tuple[Hit, float] | None = None
    for template in indicator.templates:
        for h in hits(doc, template, ranges, raw, year):
            value = parse_number(h.groups.get("value", ""))
            if value is not None:
                if best is None or h.start < best[0].start:
                    best = (h, value)
                break
    return best


# (better, step) → the message key of the direction a figure moved in.
_DIRECTION = {
    ("up", 1): "trend-better", ("up", -1): "trend-worse", ("down", 1): "trend-worse", ("down", -1): "trend-better",
    ("none", 1): "trend-up", ("none", -1): "trend-down",
}


def check(rule: Rule, p: TrendParams, doc: Document, ctx: Context) -> list[Violation]:
    """Key figures read from this report and last year's, shown as last year → this year; a figure
    that must reach its target and fell below it fails with both figures."""
    say = ctx.messages.text
    previous = ctx.previous
    if previous is None:
        return [no_previous(ctx)]
    found_ranges = ranges(rule, doc) or []
    earlier_ranges = text_ranges(previous, rule.scope, rule.raw, rule.content) or []
    rows: list[tuple[Indicator, tuple[Hit, float] | None, tuple[Hit, float] | None]] = []
    for indicator in p.indicators:
        now = _first_value(doc, indicator, found_ranges, rule.raw, ctx.year)
        before = _first_value(previous, indicator, earlier_ranges, rule.raw, previous.metadata.report_year)
        rows.append((indicator, before, now))
    if all(b is None and n is None for _, b, n in rows):
        return [skipped(ctx.messages, "trend-none")]
    trends: list[str] = []
    details: list[Detail] = []
    failures: list[Violation] = []
    for indicator, before, now in rows:
        unit = indicator.unit
        was = f"{num(before[1])}{unit}" if before else say("trend-unreported")
        is_ = f"{num(now[1])}{unit}" if now else say("trend-unreported")
        if before and now:
            step = (now[1] > before[1]) - (now[1] < before[1])
            moved = "trend-same" if step == 0 else _DIRECTION[(indicator.better, step)]
        else:
            moved = "trend-incomparable"
        direction = say(moved)
        worse = moved == "trend-worse" and indicator.target is not None and now is not None and now[1] < indicator.target
        trends.append(say("trend-line", name=indicator.name, before=was, after=is_, direction=direction))
        line = doc.line_col(now[0].start)[0] if now else None
        earlier_line = previous.line_col(before[0].start)[0] if before else None
        details.append(Detail(indicator.name, "fail" if worse else "info", line, earlier_line, None, was, is_, direction))
        if worse and now is not None:
            failures.append(
                failed(now[0], name=indicator.name, before=was, after=is_, target=f"{num(indicator.target)}{unit}", trends="")
            )
    values = {"trends": "；".join(trends), "name": "", "before": "", "after": "", "target": ""}
    if failures:
        # Each failure's message is followed by every indicator's trend (rules/messages.yaml: trend-failure).
        listed = _literal(values["trends"])
        failures = [f._replace(template=say("trend-failure", message=f.template or rule.message, trends=listed)) for f in failures]
        return [failures[0]._replace(details=tuple(details)), *failures[1:]]
    first = min((n[0] for _, _, n in rows if n is not None), key=lambda h: h.start, default=None)
    return [passed(first, **values)._replace(details=tuple(details))]


def _literal(text: str) -> str:
    """Text put into a message template as it is (its braces are not placeholders)."""
    return text.replace("{", "{{").replace("}", "}}")


_PLAIN = (
    "trend-none", "trend-unreported", "trend-same", "trend-incomparable", "trend-better", "trend-worse", "trend-up", "trend-down",
    "no-previous",
)
MESSAGES = dict.fromkeys(_PLAIN, frozenset[str]()) | {
    "trend-line": frozenset({"name", "before", "after", "direction"}),
    "trend-failure": frozenset({"message", "trends"}),
}
PLACEHOLDERS = frozenset({"match", "trends", "name", "before", "after", "target"})
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
