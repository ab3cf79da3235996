"""A compiled rule as the engine sees it, and the per-document context rules run in."""

from __future__ import annotations

from dataclasses import dataclass

from lintlaw.document import Document
from lintlaw.model import Severity
from lintlaw.patterns import Template


# The built-in packs in the order a reviewer reads a report's checklist; other packs follow by name.
PACK_ORDER = ("structure", "outline", "timeliness", "data", "writing", "privacy")


def pack_rank(rule_id: str) -> tuple[int, str]:
    pack = rule_id.split("/", 1)[0]
    return (PACK_ORDER.index(pack) if pack in PACK_ORDER else len(PACK_ORDER), rule_id)


@dataclass(frozen=True, slots=True)
class PatternSpec:
    template: Template
    suggest: str | None = None
    message: str | None = None
    scope: str | None = None
    checksum: str | None = None  # a validator a match must pass (forbid)
    fix: bool = False  # `suggest` may replace the match automatically (--fix)
    issuer: str | None = None  # the pattern applies only to reports of this issuer kind (government, department)


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    templates: tuple[Template, ...]


@dataclass(frozen=True, slots=True)
class Edition:
    """One row of a table of formulations in force one after another (纲要 editions, Party congresses):
    current from `since` until the next row's `since` (or until `until`, for the last row)."""

    name: str
    template: Template
    since: tuple[int, int, int]
    until: tuple[int, int, int] | None = None


@dataclass(frozen=True, slots=True)
class Generic:
    """require: the part also fails when every point in it is boilerplate: a point is generic when it
    uses one of `phrases` and none of `specific` (a figure, unit, case, place, named document)."""

    message: str
    phrases: tuple[Template, ...]
    specific: tuple[Template, ...]


@dataclass(frozen=True, slots=True)
class Indicator:
    """A key figure compared across years (kind trend): its patterns capture the number as `value`."""

    name: str
    templates: tuple[Template, ...]
    unit: str = ""
    better: str = "none"  # up | down | none: the direction that counts as an improvement
    target: float | None = None  # a figure that must be reached (a rate that must be 100%)


# Scopes may name last year's report: previous:review, previous:section:plan (lintlaw.kinds).
PREVIOUS_PREFIX = "previous:"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    severity: Severity
    title: str
    message: str
    cite: str
    source: str  # the rule file it came from
    description: str = ""
    pass_message: str = ""
    missing_message: str = ""
    early_message: str = ""  # date: the date lies before the year it may first lie in (a stale date)
    earliest_year: int = 1  # date: the earliest year the date may lie in, as an offset from the report year
    scope: str = "document"
    raw: bool = False
    content: bool = False
    gate: bool = False
    max_findings: int = 20
    aliases: tuple[str, ...] = ()
    section: str | None = None
    patterns: tuple[PatternSpec, ...] = ()
    unless: tuple[Template, ...] = ()
    reject: tuple[PatternSpec, ...] = ()
    items: tuple[Item, ...] = ()
    satisfied_by: tuple[Template, ...] = ()
    allow: tuple[Template, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    tolerance: float = 0.5
    levels: tuple[int, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    deadlines: tuple[tuple[str, tuple[int, int]], ...] = ()
    expect: tuple[int, ...] = ()
    section_expect: tuple[int, ...] = ()  # years: the offsets expected inside `section`
    section_message: str = ""  # years: the message for a year there that is not expected
    ignore: tuple[Template, ...] = ()
    fields: tuple[str, ...] = ()
    min_length: int = 20
    formats: tuple[str, ...] = ()  # source formats the rule can judge; empty means all
    terms: tuple[Template, ...] = ()
    # (pattern, reason): a report stating this has nothing for the rule to check (未发生行政诉讼案件)
    not_applicable: tuple[tuple[Template, str], ...] = ()
    requires: tuple[str, ...] = ()
    editions: tuple[Edition, ...] = ()  # current: the table, oldest first
    review_message: str = ""  # current: the table has no row for the report year yet
    generic: Generic | None = None  # require: boilerplate-only content fails too
    edition: int | None = None  # the 纲要 edition (its first year, 2015 or 2021) the requirement comes from  # powers the reporting body must have for the rule to apply (enforcement)
    items_from: str | None = None  # match-items: the scope whose items are looked up
    look_in: str | None = None  # match-items: the scope where each item's counterpart is looked for
    want: str = "trace"  # match-items: trace (an item without a counterpart fails) | new (one with a counterpart fails)
    similarity: float = 0.5  # match-items, reuse: the score from which two texts count as the same
    boilerplate: tuple[Template, ...] = ()  # phrases that every report shares: left out before comparing
    indicators: tuple[Indicator, ...] = ()
    examples_pass: tuple[str, ...] = ()
    examples_fail: tuple[str, ...] = ()
    examples_previous: str | None = None

    @property
    def pack(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def uses_previous(self) -> bool:
        """Whether the rule compares with last year's report (and skips without one)."""
        scopes = (self.items_from or "", self.look_in or "")
        return self.kind in ("reuse", "trend") or any(s.startswith(PREVIOUS_PREFIX) for s in scopes)


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may know beyond the document: the report year and the reporting body's kind."""

    year: int | None
    issuer_kind: str  # "government" or "department"
    previous: Document | None = None  # last year's report, when the user gives one (sections located)
    unpaired: str = ""  # why there is no previous report, for the cross-year rules' skip
    format: str = "txt"  # the source format (txt, md, docx, html, pdf)
    unbounded: bool = False  # report every failure (for --fix), not max_findings plus a total
    issuer_label: str = ""  # the issuer kind as messages name it (rules/document.yaml)
    year_source: str = ""  # where the report year was read, as messages name it (rules/document.yaml)
    found_by: tuple[tuple[str, str], ...] = ()  # how a section was found (heading, lead), as messages name it
    enforcement: bool = True  # the reporting body has administrative enforcement powers (config `enforcement`)
    issuer_known: bool = True  # the issuer kind was given or inferred, not assumed
    outline_edition: str = "auto"  # the 纲要 edition the report answers to: auto (by report year), 2015, 2021


def month_day_problem(text: str) -> str | None:
    """Why a "MM-DD" deadline is not a day that every year has (02-30, and 02-29 too); None when fine."""
    import datetime

    try:
        month, day = (int(part) for part in text.split("-"))
        datetime.date(2001, month, day)  # not a leap year: the deadline must exist every year
    except ValueError:
        return f"截止日期“{text}”不是每年都有的日期（应为 MM-DD，如 03-31）"
    return None
