"""require: the report must say something — a pattern in scope, or a named section — and, with
`generic`, say it in specifics rather than boilerplate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

import regex

from lintlaw.document import LEAD_LEVEL, Document
from lintlaw.kinds.base import (
    Build,
    Params,
    PatternSpec,
    Violation,
    failed,
    failed_at,
    passed,
    ranges,
    scope_start,
    skipped,
    year_values,
)
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, body_end, first_hit, hits


@dataclass(frozen=True, slots=True)
class Generic:
    """The part also fails when every point in it is boilerplate: a point is generic when it uses one
    of `phrases` and none of `specific` (a figure, unit, case, place, named document)."""

    message: str
    phrases: tuple[Template, ...]
    specific: tuple[Template, ...]


@dataclass(frozen=True, slots=True)
class RequireParams(Params):
    section: str | None = None  # the named section that must be present (and is searched, with patterns)
    patterns: tuple[PatternSpec, ...] = ()
    unless: tuple[Template, ...] = ()  # a hit in a sentence matching one of these does not count
    reject: tuple[PatternSpec, ...] = ()  # a wording that fails the rule outright (with its own message)
    generic: Generic | None = None

    def reads(self) -> frozenset[str]:
        # Boilerplate-only points are told from headings, so `generic` reads the outline.
        return frozenset({"outline"}) if self.generic is not None else frozenset()

    def scopes(self) -> tuple[str, ...]:
        named = (f"section:{self.section}",) if self.section else ()
        return named + tuple(spec.scope for spec in self.reject if spec.scope)


def params(data: Mapping[str, Any], build: Build) -> RequireParams:
    generic = None
    if "generic" in data:
        raw = data["generic"]
        build.check_message(raw["message"], ("generic", "message"))
        generic = Generic(raw["message"], build.templates(raw["phrases"]), build.templates(raw["specific"]))
    reject = build.pattern_specs(data.get("reject", []), "reject")
    return RequireParams(
        section=data.get("section"),
        patterns=build.pattern_specs(data.get("patterns", []), "patterns"),
        unless=build.templates(data.get("unless", [])),
        reject=reject,
        generic=generic,
    )


_LEAD_STOP = regex.compile(r"[。：:]")


def _lead_range(doc: Document, index: int) -> tuple[int, int]:
    """Logical range of a paragraph's heading or lead sentence (up to its first colon or full stop)."""
    p = doc.paragraphs[index]
    stop = _LEAD_STOP.search(doc.logical, p.start, p.end)
    return p.start, stop.end() if stop else p.end


def _rejected(rule: Rule, p: RequireParams, doc: Document, ctx: Context) -> Violation | None:
    for spec in p.reject:
        scope = spec.scope or rule.scope
        if scope == "section-start":
            section = doc.section(p.section or "")
            if section is None:
                continue
            found = [_lead_range(doc, section.first)]
        else:
            found = ranges(rule, doc, scope) or []
        if spec.template.templated and ctx.year is None:
            continue
        for h in hits(doc, spec.template, found, rule.raw and scope != "section-start", ctx.year):
            return failed(h, spec.message, **year_values(ctx))
    return None


def check(rule: Rule, p: RequireParams, doc: Document, ctx: Context) -> list[Violation]:
    rejected = _rejected(rule, p, doc, ctx)
    if rejected is not None:
        return [rejected]
    values = year_values(ctx)
    if p.section is not None:
        section = doc.section(p.section)
        if section is None:
            return [failed_at(body_end(doc), **values)]
        if not p.patterns:
            para = doc.paragraphs[section.first]
            start, end = doc.first_line_range(para.start_line, para.src_start, para.src_end)
            heading = Hit(start, end, "", note=doc.text[start:end].strip()[:60])
            return [passed(heading, by=dict(ctx.found_by).get(section.by, section.by), **values)]
    found = ranges(rule, doc)
    if found is None:
        return [skipped(ctx.messages, "no-named-scope", part=rule.scope.split(":", 1)[-1])]
    hit = first_hit(doc, tuple(spec.template for spec in p.patterns), found, rule.raw, ctx.year, p.unless, rule.content)
    if hit is None:
        return [failed_at(scope_start(doc, rule.scope), **values)]
    if p.generic is not None:
        phrases = _boilerplate_only(p.generic, doc, found, ctx.year)
        if phrases:
            return [failed_at(scope_start(doc, rule.scope), p.generic.message, match="、".join(phrases), **values)]
    return [passed(hit, **values)]


_POINT_SPLIT = regex.compile(r"[^。！？；;!?\n]+")
_HAN = regex.compile(r"\p{Han}")


def _boilerplate_only(generic: Generic, doc: Document, found: list[tuple[int, int]], year: int | None) -> list[str]:
    """The boilerplate phrases of a part in which no point is specific (empty when one point is, or
    when no point is boilerplate). Heading paragraphs are not points (a heading with run-in text, as on
    a run-on page, is: its points follow the heading's words)."""
    headings = {h.paragraph for h in doc.headings if h.standalone and h.level != LEAD_LEVEL}
    phrases: list[str] = []
    for a, b in found:
        for para in doc.paragraphs:
            if para.end <= a or para.start >= b or para.index in headings:
                continue
            for m in _POINT_SPLIT.finditer(doc.logical, max(a, para.start), min(b, para.end)):
                point = m.group()
                if len(_HAN.findall(point)) < 4:
                    continue
                if any(t.search(point, year) for t in generic.specific):
                    return []
                phrase = next((f for t in generic.phrases if (f := t.search(point, year)) is not None), None)
                if phrase is not None and phrase.group() not in phrases:
                    phrases.append(phrase.group())
    return phrases[:4]


MESSAGES = {"no-named-scope": frozenset({"part"})}
PLACEHOLDERS = frozenset({"match", "by", "year", "next_year", "prev_year"})
WHOLE_DOCUMENT = True  # one verdict per document
READS = frozenset({"masked"})  # the optional parts of the document model it reads (lintlaw.needs)
