"""What every rule kind shares: the Violation a kind returns, the parts of its parameters, and the
helpers kinds use to find their scope and build violations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple
from collections.abc import Callable, Iterator, Mapping

from lintlaw.document import Document
from lintlaw.messages import Messages
from lintlaw.model import Detail, Severity, Status
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, body_end, measures_end, paragraph_ranges, paragraph_start, text_ranges

_NO_VALUES: Mapping[str, object] = MappingProxyType({})


class Violation(NamedTuple):
    """One verdict of a kind, before it is a Finding: its status, where it is, and the values its
    message is filled with. The engine locates it, formats its message and bounds the count.
    (An immutable named tuple rather than a frozen dataclass: a forbid rule may make tens of thousands.)

    Exactly one of `hit`, `offset` and `match` says where it is, or none (a verdict on the whole file):
    - hit: a located match; the evidence is the text around it;
    - offset: a source offset where something is missing; the evidence is that line;
    - match: [start, end) in the searched text (doc.text when the rule reads raw text, else doc.logical),
      located only if the finding is shown (a rule may match tens of thousands of times)."""

    status: Status
    hit: Hit | None = None
    offset: int | None = None
    match: tuple[int, int] | None = None
    template: str | None = None  # the message; None: the rule's own (message, or pass_message for a pass)
    values: Mapping[str, object] = _NO_VALUES
    fix: str | None = None  # replacement text for the located span (--fix), when the pattern allows it
    details: tuple[Detail, ...] = ()
    severity: Severity | None = None  # None: the rule's severity
    # More than 0: not a finding but the number of further failures the kind left out of its list (it
    # listed only the first max_findings, as the engine would show); never listed itself.
    left_out: int = 0


class Params:
    """Base of every kind's parameters (a frozen dataclass in the kind's module)."""

    __slots__ = ()

    def scopes(self) -> tuple[str, ...]:
        """The scopes and sections (section:NAME, NAME) the parameters name beyond the rule's own scope."""
        return ()

    @property
    def uses_previous(self) -> bool:
        """The rule compares with last year's report (and skips without one)."""
        return False

    @property
    def fixable(self) -> bool:
        """Some pattern may replace its match automatically (--fix)."""
        return False

    def reads(self) -> frozenset[str]:
        """Optional parts of the document model these parameters make the kind read beyond its READS."""
        return frozenset()


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


class Invalid(Exception):
    """A rule file's value the schema cannot express as wrong (raised while compiling, reported as a Problem)."""

    def __init__(self, path: tuple[Any, ...], reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Build:
    """What a kind's `params` function needs to compile validated YAML data into its Params."""

    kind: str
    trusted: bool  # built-in packs: patterns run without a timeout (lintlaw.patterns.Template)
    check_message: Callable[[str, tuple[Any, ...]], None]  # raises Invalid for a placeholder the kind does not fill
    raw: bool = False  # the rule reads the raw text (text: raw): only then may a pattern fix its match

    def template(self, source: str) -> Template:
        return Template(source, self.trusted)

    def templates(self, sources: list[str] | tuple[str, ...]) -> tuple[Template, ...]:
        return tuple(Template(s, self.trusted) for s in sources)

    def alternation(self, sources: list[str]) -> tuple[Template, ...]:
        """Patterns joined into one, so a text is searched once for all of them (boilerplate lists)."""
        return (Template("|".join(f"(?:{s})" for s in sources), self.trusted),) if sources else ()

    def pattern_specs(self, raw: list[Any], key: str) -> tuple[PatternSpec, ...]:
        specs = []
        for i, entry in enumerate(raw):
            if isinstance(entry, str):
                entry = {"pattern": entry}
            if entry.get("message"):
                self.check_message(entry["message"], (key, i, "message"))
            if entry.get("fix") and (entry.get("suggest") is None or not self.raw):
                raise Invalid((key, i, "fix"), "只有 text: raw 且写了 suggest 的模式才能自动修正")
            specs.append(
                PatternSpec(
                    self.template(entry["pattern"]), entry.get("suggest"), entry.get("message"), entry.get("scope"),
                    entry.get("checksum"), entry.get("fix", False), entry.get("issuer"),
                )
            )
        return tuple(specs)

    def items(self, raw: list[dict[str, Any]]) -> tuple[Item, ...]:
        return tuple(Item(it["name"], self.templates(it["patterns"])) for it in raw)

    def messages(self, data: Mapping[str, Any], *keys: str) -> None:
        for key in keys:
            if key in data:
                self.check_message(data[key], (key,))


def templates_of(value: object, where: str = "") -> Iterator[tuple[str, Template]]:
    """(key path, template) for every pattern inside a Params value, in field order."""
    if isinstance(value, Template):
        yield where, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from templates_of(item, f"{where}[{i}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from templates_of(getattr(value, f.name), f"{where}.{f.name}" if where else f.name)


# --- violations ------------------------------------------------------------------------------


def passed(hit: Hit | None = None, /, **values: object) -> Violation:
    return Violation(Status.PASS, hit=hit, values=values)


def skipped(messages: Messages, key: str, **values: object) -> Violation:
    return Violation(Status.SKIP, template=messages.text(key, **values))


def failed(hit: Hit, template: str | None = None, /, **values: object) -> Violation:
    """A failure at a match; its message may use {match}."""
    return Violation(Status.FAIL, hit=hit, template=template, values=values)


def failed_at(offset: int, template: str | None = None, /, **values: object) -> Violation:
    """A failure at a place in the source where something is missing or wrong (the evidence is its line)."""
    return Violation(Status.FAIL, offset=offset, template=template, values=values)


# --- scopes ----------------------------------------------------------------------------------


def ranges(rule: Rule, doc: Document, scope: str | None = None) -> list[tuple[int, int]] | None:
    return text_ranges(doc, scope or rule.scope, rule.raw, rule.content or rule.gate)


def scope_start(doc: Document, scope: str) -> int:
    """Where a missing part of a scope belongs: the scope's start, or the end of the body."""
    if scope in ("head", "title"):
        return 0
    if scope == "measures":
        return measures_end(doc)
    found = paragraph_ranges(doc, scope) if scope.startswith("section:") or scope == "end" else None
    if found and found[0][1] > found[0][0]:
        return paragraph_start(doc, found[0][0])
    return body_end(doc)


def year_values(ctx: Context) -> dict[str, object]:
    year = ctx.year
    return {"year": year or "", "next_year": (year + 1) if year else "", "prev_year": (year - 1) if year else ""}


def num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def checked(messages: Messages, found: list[tuple[Hit, bool, dict[str, str]]], nothing: str) -> list[Violation]:
    """Verdicts of figures checked against each other: every wrong one fails, else the first passes."""
    if not found:
        return [skipped(messages, nothing)]
    found.sort(key=lambda c: c[0].start)
    bad = [failed(h, **v) for h, ok, v in found if not ok]
    if bad:
        return bad
    h, _, v = found[0]
    return [passed(h, **v)]


# --- cross-year and item-matching kinds --------------------------------------------------------


def no_previous(ctx: Context) -> Violation:
    """The skip of a rule that compares with last year's report when there is none (or none was paired)."""
    return Violation(Status.SKIP, template=ctx.unpaired or ctx.messages.text("no-previous"))


def logical_hit(doc: Document, a: int, b: int) -> Hit:
    start, end = doc.source_span(a, b)
    return Hit(start, end, doc.logical[a:b], haystack=doc.logical, at=(a, b))


def logical_line(doc: Document, offset: int) -> int:
    return doc.line_col(doc.source_offset(offset))[0]


def label(text: str, width: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= width else text[:width] + "…"
