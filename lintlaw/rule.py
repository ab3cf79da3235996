"""A compiled rule as the engine sees it, and the per-document context rules run in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from lintlaw.document import Document
from lintlaw.examples import Example
from lintlaw.messages import Messages
from lintlaw.model import Severity
from lintlaw.patterns import Template
from lintlaw.vocabulary import HeadingMarker


# Scopes may name last year's report: previous:review, previous:section:plan (lintlaw.kinds).
PREVIOUS_PREFIX = "previous:"


class RuleParams(Protocol):
    """What a rule's kind-specific parameters (lintlaw.kinds.<kind>.Params) tell the engine."""

    def scopes(self) -> tuple[str, ...]: ...

    @property
    def uses_previous(self) -> bool: ...

    @property
    def fixable(self) -> bool: ...

    def reads(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class Rule:
    """The keys every rule has; what its kind takes is in `params` (a frozen dataclass of lintlaw.kinds)."""

    id: str
    kind: str
    severity: Severity
    title: str
    message: str
    cite: str
    source: str  # the rule file it came from
    params: RuleParams
    description: str = ""
    pass_message: str = ""
    scope: str = "document"
    raw: bool = False
    content: bool = False
    gate: bool = False
    max_findings: int = 20
    aliases: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # source formats the rule can judge; empty means all
    # (pattern, reason): a report stating this has nothing for the rule to check (未发生行政诉讼案件)
    not_applicable: tuple[tuple[Template, str], ...] = ()
    requires: tuple[str, ...] = ()  # powers the reporting body must have for the rule to apply (enforcement)
    edition: int | None = None  # the 纲要 edition (its first year, 2015 or 2021) the requirement comes from
    examples_pass: tuple[Example, ...] = ()
    examples_fail: tuple[Example, ...] = ()
    examples_previous: str | None = None

    @property
    def pack(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def uses_previous(self) -> bool:
        """Whether the rule compares with last year's report (and skips without one)."""
        return self.params.uses_previous

    @property
    def fixable(self) -> bool:
        """Whether some pattern of the rule may replace its match automatically (--fix)."""
        return self.params.fixable


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
    messages: Messages = Messages()  # the fixed texts of findings (rules/messages.yaml)
    markers: tuple[HeadingMarker, ...] = ()  # how each outline level's headings are numbered (rules/document.yaml)


def month_day_problem(text: str) -> str | None:
    """Why a "MM-DD" deadline is not a day that every year has (02-30, and 02-29 too); None when fine."""
    import datetime

    try:
        month, day = (int(part) for part in text.split("-"))
        datetime.date(2001, month, day)  # not a leap year: the deadline must exist every year
    except ValueError:
        return f"截止日期“{text}”不是每年都有的日期（应为 MM-DD，如 03-31）"
    return None
