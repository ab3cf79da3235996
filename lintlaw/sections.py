"""Locate the named sections (achievements, shortfalls, plan …) that rule packs declare in YAML."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import regex

from lintlaw.document import Document, Heading, Section
from lintlaw.patterns import Template

_CLOSING = 3  # paragraphs at the end of the body where a lead sentence always counts
# A lead sentence is read up to its first colon or full stop.
_LEAD_END = regex.compile(r"[：:。]")


@dataclass(frozen=True, slots=True)
class SectionDef:
    name: str
    title: str
    headings: tuple[Template, ...]
    leads: tuple[Template, ...]
    lead_after: float = 0.0  # a lead counts only this far into the body (share of its characters)
    lead_follows: str | None = None  # … and only after this section's start, when that is found


# Where the heading of a level-1 heading with run-in text ends (run-on pages lose the line break).
_RUN_IN_END = regex.compile(r"[，,：:；;]|[一二三四五六七八九十]是")


def _heading_match(heading: Heading, defs: tuple[SectionDef, ...], year: int | None) -> SectionDef | None:
    # Report parts are top-level: a level-1 heading or an unnumbered heading line.
    if heading.level not in (1, None) or (heading.level is None and not heading.standalone):
        return None
    title = heading.title if heading.standalone else _RUN_IN_END.split(heading.title, 1)[0]
    for d in defs:
        if any(t.search(title, year) for t in d.headings):
            return d
    return None


def _section_end_by_heading(doc: Document, heading: Heading) -> int:
    """Last paragraph of a section opened by a heading: up to the next heading of the same or higher level."""
    stop = doc.tail_start
    for h in doc.headings:
        if h.paragraph <= heading.paragraph:
            continue
        if heading.level is None:
            if h.level == 1 or h.level is None:
                stop = h.paragraph
                break
        elif h.level is not None and h.level <= heading.level:
            stop = h.paragraph
            break
        elif h.level is None and heading.level == 1:
            stop = h.paragraph
            break
    return max(stop - 1, heading.paragraph)


def locate(doc: Document, defs: tuple[SectionDef, ...], year: int | None) -> Document:
    """Return the document with its sections found: by heading first, else by lead sentence."""
    found: dict[str, tuple[int, int, str]] = {}
    for heading in doc.headings:
        if not doc.head_end <= heading.paragraph < doc.tail_start:
            continue
        d = _heading_match(heading, defs, year)
        if d is not None and d.name not in found:
            found[d.name] = (heading.paragraph, _section_end_by_heading(doc, heading), "heading")
    lead_starts: dict[str, int] = {}
    body_start = doc.paragraphs[doc.head_end].start if doc.head_end < doc.tail_start else 0
    body_end = doc.paragraphs[doc.tail_start - 1].end if doc.head_end < doc.tail_start else 0
    for d in defs:
        if d.name in found:
            continue
        # A lead sentence in the middle of the review (下一步，… in an account of a meeting) is not the part.
        earliest = body_start + d.lead_after * (body_end - body_start)
        after = found[d.lead_follows][0] if d.lead_follows in found else lead_starts.get(d.lead_follows or "", -1)
        for index in range(max(doc.head_end, after + 1), doc.tail_start):
            closing = index >= doc.tail_start - _CLOSING  # the last paragraphs of the body always count
            if (doc.paragraphs[index].start < earliest and not closing) or doc.paragraphs[index].chrome:
                continue
            text = doc.paragraph_text(index)
            stop = _LEAD_END.search(text)
            lead = text[: stop.end()] if stop else text
            if any(t.search(lead, year) for t in d.leads):
                lead_starts[d.name] = index
                break
    # A section found by its lead sentence runs until the next section start or level-1 heading.
    boundaries = sorted({i for i, _, _ in found.values()} | set(lead_starts.values()) | {
        h.paragraph for h in doc.headings if h.level == 1 or h.level is None
    } | {doc.tail_start})
    for name, start in lead_starts.items():
        after = [b for b in boundaries if b > start]
        end = (after[0] if after else doc.tail_start) - 1
        found[name] = (start, max(end, start), "lead")
    sections = tuple(Section(name, a, b, by) for name, (a, b, by) in sorted(found.items(), key=lambda kv: kv[1][0]))
    return dataclasses.replace(doc, sections=sections)
