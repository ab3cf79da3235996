"""years: the years mentioned in scope must lie at the expected offsets from the report year (and,
with `section`, those in that section at its own offsets)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

import regex

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Params, PatternSpec, Violation, failed, passed, ranges, skipped, year_values
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, text_ranges


@dataclass(frozen=True, slots=True)
class YearsParams(Params):
    expect: tuple[int, ...] = ()  # offsets from the report year a mention may have
    patterns: tuple[PatternSpec, ...] = ()  # only the mentions their `year` group captures count
    ignore: tuple[Template, ...] = ()  # a mention with one of these within 20 characters is left alone
    section: str | None = None
    section_expect: tuple[int, ...] = ()  # the offsets expected inside `section`
    section_message: str = ""  # the message for a year there that is not expected

    def scopes(self) -> tuple[str, ...]:
        return (f"section:{self.section}",) if self.section else ()


def params(data: Mapping[str, Any], build: Build) -> YearsParams:
    build.messages(data, "section_message")
    return YearsParams(
        tuple(data["expect"]), build.pattern_specs(data.get("patterns", []), "patterns"), build.templates(data.get("ignore", [])),
        data.get("section"), tuple(data.get("section_expect", ())), data.get("section_message", ""),
    )


_YEAR_MENTION = regex.compile(r"(?<![\d.\-－—～~])((?:19|20)\d{2})(?=\s*年)")


def check(rule: Rule, p: YearsParams, doc: Document, ctx: Context) -> list[Violation]:
    if ctx.year is None:
        return [skipped(ctx.messages, "years-no-year")]
    found = ranges(rule, doc)
    if found is None:
        return [skipped(ctx.messages, "no-scope")]
    text = doc.text if rule.raw else doc.logical
    failures: list[tuple[int, Violation]] = []
    # With `section` and `section_expect`, that part of the report is held to its own offsets (the plan
    # for next year: a year-led sentence there must name the coming year).
    checks: list[tuple[tuple[int, int], tuple[int, ...], str | None]] = [(r, p.expect, None) for r in found]
    if p.section and p.section_expect:
        part = text_ranges(doc, f"section:{p.section}", rule.raw, True) or []
        checks += [(r, p.section_expect, p.section_message or None) for r in part]
    for (a, b), expect, message in checks:
        mentions: list[tuple[int, int]] = []
        if p.patterns:
            for spec in p.patterns:
                for m in spec.template.finditer(text, ctx.year, a, b):
                    if m.group("year") is not None:
                        mentions.append(m.span("year"))
        else:
            mentions = [m.span(1) for m in _YEAR_MENTION.finditer(text, a, b)]
        for start, end in sorted(set(mentions)):
            if int(text[start:end]) - ctx.year in expect:
                continue
            window = text[max(a, start - 20) : min(b, end + 20)]
            if any(t.search(window, ctx.year) for t in p.ignore):
                continue
            src = (start, end) if rule.raw else doc.source_span(start, end)
            hit = Hit(src[0], src[1], text[start:end], haystack=text, at=(start, end))
            failures.append((src[0], failed(hit, message, **year_values(ctx))))
    if not failures:
        return [passed(None, **year_values(ctx))]
    return [v for _, v in sorted(failures, key=lambda x: x[0])]


MESSAGES = {"years-no-year": frozenset[str](), "no-scope": frozenset[str]()}
PLACEHOLDERS = frozenset({"match", "year", "next_year", "prev_year"})
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
