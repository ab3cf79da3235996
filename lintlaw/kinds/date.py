"""date: the report's date (its issuing date, or the first match of `patterns`) must come before the
deadline for its issuer kind and not before the year under report is over."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Invalid, Params, PatternSpec, Violation, failed, passed, skipped, year_values
from lintlaw.rule import Context, Rule, month_day_problem
from lintlaw.scopes import Hit, hits, text_ranges


@dataclass(frozen=True, slots=True)
class DateParams(Params):
    deadlines: tuple[tuple[str, tuple[int, int]], ...] = ()  # (issuer kind, (month, day)) in the year after the report year
    patterns: tuple[PatternSpec, ...] = ()  # groups year, month, day; empty: the document's issuing date
    early_message: str = ""  # the date lies before the year it may first lie in (a stale date)
    earliest_year: int = 1  # the earliest year the date may lie in, as an offset from the report year


def _month_day(text: str, kind: str) -> tuple[int, int]:
    reason = month_day_problem(text)
    if reason is not None:
        raise Invalid(("deadlines", kind), reason)
    month, day = text.split("-")
    return int(month), int(day)


def params(data: Mapping[str, Any], build: Build) -> DateParams:
    build.messages(data, "early_message")
    return DateParams(
        tuple((k, _month_day(v, k)) for k, v in sorted(data["deadlines"].items())),
        build.pattern_specs(data.get("patterns", []), "patterns"),
        data.get("early_message", ""),
        data.get("earliest_year", 1),
    )


def _day(ctx: Context, d: datetime.date) -> str:
    return ctx.messages.text("date-format", year=d.year, month=d.month, day=d.day)


def _stated_date(rule: Rule, p: DateParams, doc: Document, ctx: Context) -> tuple[datetime.date, Hit] | Violation:
    """The date a date rule checks, with its hit: the first match of the rule's patterns (groups
    year, month, day; e.g. a web page's 发布时间), else the document's issuing date; or why there is none."""
    if p.patterns:
        for spec in p.patterns:
            # The page's own dates are in its chrome (information bar), which content scopes leave out.
            for h in hits(doc, spec.template, text_ranges(doc, rule.scope, rule.raw) or [], rule.raw, ctx.year):
                y, m, d = (h.groups.get(k, "") for k in ("year", "month", "day"))
                try:
                    return datetime.date(int(y), int(m), int(d)), h
                except ValueError:
                    return skipped(ctx.messages, "date-invalid", text=h.text)
        return skipped(ctx.messages, "date-none")
    meta = doc.metadata
    if meta.issue_date is None or meta.issue_date_source is None:
        return skipped(ctx.messages, "date-no-issue-date")
    try:
        issued = datetime.date(*meta.issue_date)
    except ValueError:
        return skipped(ctx.messages, "date-issue-date-invalid", text=meta.issue_date_source.value)
    source = meta.issue_date_source
    a, b = doc.first_line_range(source.line, source.src_start, source.src_end)
    return issued, Hit(a, b, source.value, note=doc.text[a:b].strip())


def check(rule: Rule, p: DateParams, doc: Document, ctx: Context) -> list[Violation]:
    if ctx.year is None:
        return [skipped(ctx.messages, "date-no-year")]
    stated = _stated_date(rule, p, doc, ctx)
    if isinstance(stated, Violation):
        return [stated]
    issued, hit = stated
    month, day = dict(p.deadlines)[ctx.issuer_kind]
    deadline = datetime.date(ctx.year + 1, month, day)
    values = {
        "date": _day(ctx, issued),
        "deadline": _day(ctx, deadline),
        "kind": ctx.issuer_label or ctx.issuer_kind,
        **year_values(ctx),
    }
    if issued.year < ctx.year + p.earliest_year:
        # A date before the year under report is over cannot be when its report was written: a stale date.
        return [failed(hit, p.early_message or None, **values)]
    if issued >= deadline:
        return [failed(hit, **values)]
    return [passed(hit, **values)]


MESSAGES = {
    "date-no-year": frozenset[str](),
    "date-none": frozenset[str](),
    "date-invalid": frozenset({"text"}),
    "date-no-issue-date": frozenset[str](),
    "date-issue-date-invalid": frozenset({"text"}),
    "date-format": frozenset({"year", "month", "day"}),
}
PLACEHOLDERS = frozenset({"match", "date", "deadline", "kind", "year", "next_year", "prev_year"})
OPTIONS = {"deadlines": ("deadlines", None)}
WHOLE_DOCUMENT = True  # one verdict per document
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
