"""Locate the named sections (achievements, shortfalls, plan …) that rule packs declare in YAML."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import regex

from lintlaw.document import Document, Heading, Section, heading_of
from lintlaw.patterns import Template

_CLOSING = 3  # paragraphs at the end of the body where a lead sentence always counts
_LEAD_SENTENCES = 3  # a lead sentence may be any of a paragraph's first three (…取得成效。但也存在不足：)
_MIN_REVIEW = 100  # characters of review before the other parts that make it the achievements part
_SENTENCE = regex.compile(r"[^。：:]*[。：:]?")


@dataclass(frozen=True, slots=True)
class SectionDef:
    name: str
    title: str
    headings: tuple[Template, ...]
    leads: tuple[Template, ...]
    lead_after: float = 0.0  # a lead counts only this far into the body (share of its characters)
    lead_follows: str | None = None  # … and only after this section's start, when that is found
    otherwise: str | None = None  # before-others: failing a heading and a lead, the review before the other parts


@dataclass(frozen=True, slots=True)
class ScopeDef:
    """A scope that is the report's body without some named parts (sections.yaml `scopes:`): review is
    the body without the plan, measures the body without the shortfalls and the plan."""

    name: str
    without: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SectionExample:
    """A text and where the named parts and scopes must be found in it (sections.yaml `examples:`):
    per part its (first line, last line, found by) or None when absent; per scope its line ranges."""

    text: str
    sections: tuple[tuple[str, tuple[int, int, str] | None], ...] = ()
    scopes: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class SectionTable:
    """The data of sections.yaml: the named parts, the scopes defined from them, and the examples."""

    parts: tuple[SectionDef, ...] = ()
    scopes: tuple[ScopeDef, ...] = ()
    examples: tuple[SectionExample, ...] = ()

    def scope(self, name: str) -> ScopeDef | None:
        return next((s for s in self.scopes if s.name == name), None)


# Where the heading of a level-1 heading with run-in text ends (run-on pages lose the line break).
_RUN_IN_END = regex.compile(r"[，,：:；;]|[一二三四五六七八九十]是")


def _leads(text: str) -> list[str]:
    """The lead sentences of a paragraph: its first sentences, each up to its colon or full stop, with
    a heading marker before them dropped (（二）下一步工作打算)."""
    marked = heading_of(text)
    if marked is not None:
        text = marked[3]
    out = []
    for m in _SENTENCE.finditer(text):
        if m.group(0):
            out.append(m.group(0))
        if len(out) == _LEAD_SENTENCES:
            break
    return out


def _heading_matches(heading: Heading, defs: tuple[SectionDef, ...], year: int | None) -> list[SectionDef]:
    """The parts a heading opens: one, or several (三、存在的问题和下一步打算 opens the shortfalls and the plan)."""
    # Report parts are top-level: a level-1 heading or an unnumbered heading line.
    if heading.level not in (1, None) or (heading.level is None and not heading.standalone):
        return []
    title = heading.title if heading.standalone else _RUN_IN_END.split(heading.title, 1)[0]
    return [d for d in defs if any(t.search(title, year) for t in d.headings)]


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
        elif (h.level is not None and h.level <= heading.level) or (h.level is None and heading.level == 1):
            stop = h.paragraph
            break
    return max(stop - 1, heading.paragraph)


def locate(
    doc: Document, defs: tuple[SectionDef, ...], year: int | None, names: frozenset[str] = frozenset(), scopes: tuple[ScopeDef, ...] = ()
) -> Document:
    """Return the document with its sections found: by heading first, else by lead sentence; and the
    scopes defined from them (lintlaw.scopes reads Document.scope_parts). The sections of the defs and
    the other names given count as looked for (Document.section answers for them, None when not found,
    and refuses any other name)."""
    scope_parts = tuple((s.name, s.without) for s in scopes)
    if not defs:  # nothing to look for: the outline is not even read (it may not have been built)
        return dataclasses.replace(doc, sections=(), section_names=names, scope_parts=scope_parts)
    found: dict[str, tuple[int, int, str]] = {}
    for heading in doc.headings:
        if not doc.head_end <= heading.paragraph < doc.tail_start:
            continue
        for d in _heading_matches(heading, defs, year):
            if d.name not in found:
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
            if any(t.search(lead, year) for lead in _leads(doc.paragraph_text(index)) for t in d.leads):
                lead_starts[d.name] = index
                break
    # A section found by its lead sentence runs until the next section start or level-1 heading.
    boundaries = sorted({i for i, _, _ in found.values()} | set(lead_starts.values()) | {
        h.paragraph for h in doc.headings if h.level == 1 or h.level is None
    } | {doc.tail_start})
    for name, start in lead_starts.items():
        later = [b for b in boundaries if b > start]
        end = (later[0] if later else doc.tail_start) - 1
        found[name] = (start, max(end, start), "lead")
    # A part that is simply the review before the others (achievements reported under topical headings
    # with no lead sentence) is the body from its start up to the first other part found.
    for d in defs:
        if d.name not in found and d.otherwise == "before-others":
            stop = min([a for a, _, _ in found.values()] + [doc.tail_start])
            content = sum(len(doc.paragraph_text(i)) for i in range(doc.head_end, stop) if not doc.paragraphs[i].chrome)
            if content >= _MIN_REVIEW:
                found[d.name] = (doc.head_end, stop - 1, "position")
    sections = tuple(Section(name, a, b, by) for name, (a, b, by) in sorted(found.items(), key=lambda kv: kv[1][0]))
    return dataclasses.replace(doc, sections=sections, section_names=names | {d.name for d in defs}, scope_parts=scope_parts)
