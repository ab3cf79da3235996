"""current: formulations cited as current must be the ones in force for the report year (a table of
formulations in force one after another: 纲要 editions, Party congresses)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Invalid, Params, Violation, failed, passed, ranges, skipped, year_values
from lintlaw.model import Severity
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, hits


@dataclass(frozen=True, slots=True)
class Edition:
    """One row of the table: current from `since` until the next row's `since` (or until `until`, for the last row)."""

    name: str
    template: Template
    since: tuple[int, int, int]
    until: tuple[int, int, int] | None = None


@dataclass(frozen=True, slots=True)
class CurrentParams(Params):
    editions: tuple[Edition, ...] = ()  # oldest first
    unless: tuple[Template, ...] = ()
    review_message: str = ""  # the table has no row for the report year yet


def _date(text: str) -> tuple[int, int, int]:
    year, month, day = str(text).split("-")
    return int(year), int(month), int(day)


def params(data: Mapping[str, Any], build: Build) -> CurrentParams:
    build.messages(data, "review_message")
    rows = tuple(
        Edition(e["name"], build.template(e["pattern"]), _date(e["since"]), _date(e["until"]) if "until" in e else None)
        for e in data["editions"]
    )
    for i in range(1, len(rows)):
        if rows[i].since <= rows[i - 1].since:
            raise Invalid(("editions", i, "since"), "表中各行须按 since 日期从早到晚排列")
    return CurrentParams(rows, build.templates(data.get("unless", [])), data.get("review_message", ""))


def check(rule: Rule, p: CurrentParams, doc: Document, ctx: Context) -> list[Violation]:
    """A row of the table is stale once a later row's `since` date has come by the start of the year under
    report. A sentence that also cites the current row (or a later one) is not presenting the old one as current."""
    if ctx.year is None:
        return [skipped(ctx.messages, "current-no-year")]
    found_ranges = ranges(rule, doc)
    if found_ranges is None:
        return [skipped(ctx.messages, "no-scope")]
    start = (ctx.year, 1, 1)
    rows = p.editions
    in_force = max((i for i, e in enumerate(rows) if e.since <= start), default=None)
    found: list[tuple[Hit, int]] = []
    for i, edition in enumerate(rows):
        for h in hits(doc, edition.template, found_ranges, rule.raw, ctx.year):
            if any(u.search(h.sentence, ctx.year) for u in p.unless):
                continue
            found.append((h, i))
    if not found:
        return [skipped(ctx.messages, "current-none")]
    found.sort(key=lambda f: f[0].start)
    values = {**year_values(ctx), "current": rows[in_force].name if in_force is not None else ""}
    failures: list[Violation] = []
    for h, i in found:
        if in_force is None or i >= in_force:
            last = rows[i]
            if i == len(rows) - 1 and last.until is not None and start > last.until and p.review_message:
                until = ctx.messages.text("date-format", year=last.until[0], month=last.until[1], day=last.until[2])
                review = failed(h, p.review_message, name=last.name, until=until, **values)
                failures.append(review._replace(severity=Severity.INFO))
            continue
        if any(e.template.search(h.sentence, ctx.year) for e in rows[i + 1 :]):
            continue
        failures.append(failed(h, name=rows[i].name, until="", **values))
    if failures:
        return failures
    h, i = found[0]
    return [passed(h, name=rows[i].name, **values)]


MESSAGES = {
    "current-no-year": frozenset[str](), "no-scope": frozenset[str](), "current-none": frozenset[str](),
    "date-format": frozenset({"year", "month", "day"}),
}
PLACEHOLDERS = frozenset({"match", "name", "current", "until", "year", "next_year", "prev_year"})
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
