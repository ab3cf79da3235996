"""Resolve a rule's scope to text ranges, find pattern hits there, and locate them in the source."""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Iterator

from lintlaw.document import Document, Paragraph
from lintlaw.patterns import Template, lazy_pattern

_SENTENCE_END = lazy_pattern(r"[。！？!?；;\n]")
_LAST_SENTENCE_END = lazy_pattern(r"(?r)[。！？!?；;\n]")  # the last one before a position
_CONTEXT = 24  # characters of evidence on each side of a hit


@dataclass(frozen=True, slots=True)
class Hit:
    """A match located in the source text. Its evidence snippet and sentence are cut from the text
    it was found in only when asked for: most hits are never shown."""

    start: int  # source offsets, end exclusive
    end: int
    text: str  # the matched text as matched (logical or raw)
    groups: dict[str, str] = field(default_factory=dict)
    captures: dict[str, list[str]] = field(default_factory=dict)
    haystack: str = ""  # the text the match was found in (doc.logical or doc.text)
    at: tuple[int, int] = (0, 0)  # the match's offsets in haystack
    note: str = ""  # evidence given directly, for hits that are not pattern matches

    @property
    def evidence(self) -> str:
        return self.note or (evidence_of(self.haystack, *self.at) if self.haystack else "")

    @property
    def sentence(self) -> str:
        return _sentence(self.haystack, *self.at) if self.haystack else ""


def paragraph_ranges(doc: Document, scope: str) -> list[tuple[int, int]] | None:
    """[first, stop) paragraph index ranges of a scope; None when the part it names is absent.

    document: everything; head: the title block; body: between title block and end block;
    title: the title paragraph; headings: every heading paragraph; end: the end block (signature,
    date, 抄送); section:NAME: a named section; a scope of rules/sections.yaml `scopes:` (review:
    the body without the plan; measures: without the shortfalls and the plan): the body without
    the parts it names. (opening: see text_ranges.)"""
    n = len(doc.paragraphs)
    if scope == "document":
        return [(0, n)]
    if scope == "head":
        return [(0, doc.head_end)]
    if scope == "body":
        return [(doc.head_end, doc.tail_start)]
    if scope == "end":
        return [(doc.tail_start, n)]
    if scope == "headings":
        return [(h.paragraph, h.paragraph + 1) for h in doc.headings]
    if scope == "title":
        title = doc.metadata.title
        if title is None:
            return None
        return [(p.index, p.index + 1) for p in doc.paragraphs if p.start_line == title.line][:1] or None
    if scope.startswith("section:"):
        section = doc.section(scope.split(":", 1)[1])
        return None if section is None else [(section.first, section.last + 1)]
    parts = dict(doc.scope_parts).get(scope)
    if parts is not None:
        return _without(doc, parts)
    raise ValueError(f"unknown scope {scope}")


def _without(doc: Document, names: tuple[str, ...]) -> list[tuple[int, int]]:
    """The body's paragraph ranges outside the named sections (those present)."""
    cut = sorted((s.first, s.last + 1) for s in (doc.section(n) for n in names) if s is not None)
    out: list[tuple[int, int]] = []
    at = doc.head_end
    for first, stop in cut:
        if first > at:
            out.append((at, min(first, doc.tail_start)))
        at = max(at, stop)
    if at < doc.tail_start:
        out.append((at, doc.tail_start))
    return out or [(doc.head_end, doc.head_end)]


def measures_end(doc: Document, scope: str = "measures") -> int:
    """Source offset of the end of the review of the year's work, just before the first part the
    scope leaves out (measures: the shortfalls or the plan): where a topic the review leaves out belongs."""
    parts = dict(doc.scope_parts).get(scope, ())
    starts = [s.first for s in (doc.section(n) for n in parts) if s is not None and s.first > doc.head_end]
    if not starts:
        return body_end(doc)
    last = min(starts) - 1
    while last >= doc.head_end:
        p = doc.paragraphs[last]
        if p.end > p.start:
            return doc.source_offset(p.end - 1) + 1
        last -= 1
    return body_end(doc)


def _without_chrome(doc: Document, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraph ranges with the page-chrome paragraphs (breadcrumbs, 来源 lines …) cut out."""
    out: list[tuple[int, int]] = []
    for first, stop in spans:
        start = first
        for i in range(first, stop):
            if doc.paragraphs[i].chrome:
                if i > start:
                    out.append((start, i))
                start = i + 1
        if stop > start:
            out.append((start, stop))
    return out


def _raw_start(doc: Document, p: Paragraph) -> int:
    """A paragraph's start in the source: its line's start, unless it is a later part of a run-on line."""
    line_start = doc.line_starts[p.start_line - 1]
    return line_start if not doc.text[line_start : p.src_start].strip() else p.src_start


def _raw_end(doc: Document, p: Paragraph) -> int:
    line_end = doc.line_starts[p.end_line] - 1 if p.end_line < len(doc.line_starts) else len(doc.text)
    return line_end if not doc.text[p.src_end : line_end].strip() else p.src_end


def text_ranges(doc: Document, scope: str, raw: bool, content: bool = False) -> list[tuple[int, int]] | None:
    """Ranges in doc.logical (or in doc.text when raw) covered by the scope. For content rules
    (content=True) page chrome is never part of a scope, and `opening` is the title block and the
    first paragraphs of the text, up to OPENING characters each. Each is worked out once per Document."""
    key = (scope, raw, content)
    if key not in doc.scope_ranges:
        found = _text_ranges(doc, scope, raw, content)
        doc.scope_ranges[key] = None if found is None else tuple(found)
    known = doc.scope_ranges[key]
    return None if known is None else list(known)


def _text_ranges(doc: Document, scope: str, raw: bool, content: bool) -> list[tuple[int, int]] | None:
    if scope == "opening":
        return _opening(doc)
    spans = paragraph_ranges(doc, scope)
    if spans is None:
        return None
    if content:
        spans = _without_chrome(doc, spans)
    out: list[tuple[int, int]] = []
    for first, stop in spans:
        if stop <= first:
            continue
        a, b = doc.paragraphs[first], doc.paragraphs[stop - 1]
        if raw:
            out.append((_raw_start(doc, a), _raw_end(doc, b)))
        else:
            out.append((a.start, b.end))
    return out


OPENING = 300  # characters of each opening paragraph a look-alike is recognised by
_OPENING_PARAGRAPHS = 3


def _opening(doc: Document) -> list[tuple[int, int]]:
    body = [p for p in doc.paragraphs[doc.head_end :] if not p.chrome][:_OPENING_PARAGRAPHS]
    chosen = [p for p in doc.paragraphs[: doc.head_end] if not p.chrome] + body
    return [(p.start, min(p.end, p.start + OPENING)) for p in chosen if p.end > p.start]


def _sentence(text: str, start: int, end: int) -> str:
    before = _LAST_SENTENCE_END.search(text, max(0, start - 300), start)
    left = before.end() if before else max(0, start - 300)
    right_m = _SENTENCE_END.search(text, end, min(len(text), end + 300))
    right = right_m.start() + 1 if right_m else min(len(text), end + 300)
    return text[left:right]


def evidence_of(text: str, start: int, end: int) -> str:
    """A short snippet around [start, end) that stays inside its paragraph; long matches are cut.
    Only the few characters around the match are looked at, whatever the paragraph's length."""
    window_end = min(end, start + 2 * _CONTEXT)  # a long match shows its beginning
    left = max(0, start - _CONTEXT)
    newline = text.rfind("\n", left, start)
    cut_left = newline == -1 and left > 0
    if newline != -1:
        left = newline + 1
    right = min(len(text), window_end + _CONTEXT)
    newline = text.find("\n", window_end, right)
    cut_right = newline == -1 and (right < len(text) or window_end < end)
    if newline != -1:
        right = newline
    snippet = text[left:right] if window_end == end else text[left:window_end]
    return ("…" if cut_left else "") + snippet.strip() + ("…" if cut_right or window_end < end else "")


def hits(
    doc: Document, template: Template, ranges: list[tuple[int, int]], raw: bool, year: int | None, masked: bool = False
) -> Iterator[Hit]:
    """Matches of a template in the ranges. With masked, the logical text is searched with the
    documents it merely cites masked out (Document.masked), so that a cited title is never evidence."""
    text = doc.text if raw else doc.logical
    searched = doc.masked if masked and not raw and doc.masked else text
    for a, b in ranges:
        for m in template.finditer(searched, year, a, b):
            if m.end() == m.start():
                continue
            start, end = (m.start(), m.end()) if raw else doc.source_span(m.start(), m.end())
            names = m.groupdict()
            groups = {k: v for k, v in names.items() if v is not None}
            captures = {k: m.captures(k) for k in names} if names else {}
            yield Hit(start, end, m.group(0), groups, captures, text, (m.start(), m.end()))


def hit_at(doc: Document, start: int, end: int, raw: bool) -> Hit:
    """The Hit for a match at [start, end) of doc.text (raw) or doc.logical."""
    text = doc.text if raw else doc.logical
    source = (start, end) if raw else doc.source_span(start, end)
    return Hit(source[0], source[1], text[start:end], haystack=text, at=(start, end))


def match_spans(
    doc: Document, template: Template, ranges: list[tuple[int, int]], raw: bool, year: int | None
) -> list[tuple[int, int]]:
    """Just the [start, end) of each non-empty match, in the searched text: the cheap way to count."""
    text = doc.text if raw else doc.logical
    return [m.span() for a, b in ranges for m in template.finditer(text, year, a, b) if m.end() > m.start()]


def first_hit(
    doc: Document,
    templates: tuple[Template, ...],
    ranges: list[tuple[int, int]],
    raw: bool,
    year: int | None,
    unless: tuple[Template, ...] = (),
    masked: bool = False,
) -> Hit | None:
    """The earliest hit of any template whose sentence matches none of the `unless` templates."""
    best: Hit | None = None
    for t in templates:
        for h in hits(doc, t, ranges, raw, year, masked):
            if any(u.search(h.sentence, year) for u in unless):
                continue
            if best is None or h.start < best.start:
                best = h
            break
    return best


def paragraph_start(doc: Document, index: int) -> int:
    """Source offset where a paragraph begins (its first non-space character)."""
    p = doc.paragraphs[index]
    return doc.source_offset(p.start) if p.end > p.start else doc.line_starts[p.start_line - 1]


def body_end(doc: Document) -> int:
    """Source offset of the end of the body: where a missing part of the report belongs."""
    last = doc.tail_start - 1
    if last < 0 or not doc.paragraphs:
        return 0
    p = doc.paragraphs[last]
    return doc.source_offset(p.end - 1) + 1 if p.end > p.start else 0
