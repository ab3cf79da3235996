"""Items of a report part (plan points, shortfall points) and how much of one text another carries.

Similarity is measured on content characters: the text's boilerplate phrases (a rule's `boilerplate`
list: 习近平法治思想, 进一步加强, 有待 …) are cut out, digits, Latin letters and punctuation split it,
and the runs of two or more Chinese characters left are its content. An item's coverage by a
sentence is the share of its content characters that lie in a character pair (bigram) the sentence
also contains — pairs, not single characters, so that 执法 matches 执法 and not every 法. An item
with several clauses is covered as well as its best-covered clause of at least four content
characters, so one specific point is not drowned by a generic one. Two items are the same point
when each covers the other to that degree (the smaller of the two coverages).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import add

import regex

from lintlaw.document import Document
from lintlaw.patterns import MATCH_TIMEOUT, PatternTimeout, Template

# Clauses end at these marks; a list of points is also cut at commas when it is one sentence.
_SENTENCE = regex.compile(r"[^。！？；;!?\n]+[。！？；;!?]?")
_CLAUSE = regex.compile(r"[^。！？；;!?，,\n]+[。！？；;!?，,]?")
# 一是…二是… markers inside running text (at a paragraph start or after punctuation).
_ORDINAL = regex.compile(r"(?:^|(?<=[。；;：:，,）)\s]))"
                         r"(?:第?[一二三四五六七八九十]{1,2}是|其[一二三四五六七八九十]{1,2}是|[一二三四五六七八九十]{1,2}[、)）](?!\d))")
_LEAD = regex.compile(r"^[^。；;]{0,80}?[：:]")
_HAN_RUN = regex.compile(r"\p{Han}{2,}")
_CLAUSE_STOP = regex.compile(r"[，,、；;。：:]")
# An item needs this many content characters before it counts as saying something of its own.
MIN_CONTENT = 4


@dataclass(frozen=True, slots=True)
class TextItem:
    """A point of a report part: its offsets in Document.logical and its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Content:
    """An item's content: each of its bigrams with the content characters it covers (a bit mask over
    the item's content characters), and the masks of its clauses."""

    masks: dict[str, int]
    clauses: tuple[int, ...]  # clauses of at least MIN_CONTENT characters, when there are several
    size: int

    @property
    def pairs(self) -> frozenset[str]:
        return frozenset(self.masks)


def content(text: str, boilerplate: tuple[Template, ...], year: int | None) -> Content:
    """The content of a text (see the module docstring)."""
    return content_of(strip_boilerplate(text, boilerplate, year))


def content_of(stripped: str) -> Content:
    """The content of a text whose boilerplate is already cut out (see blank)."""
    masks: dict[str, int] = {}
    clause_masks: list[int] = []
    position = 0
    for clause in _CLAUSE_STOP.split(stripped):
        clause_mask = 0
        for run in _HAN_RUN.findall(clause):
            for i in range(len(run) - 1):
                masks[run[i : i + 2]] = masks.get(run[i : i + 2], 0) | (0b11 << (position + i))
            clause_mask |= ((1 << len(run)) - 1) << position
            position += len(run)
        if clause_mask.bit_count() >= MIN_CONTENT:
            clause_masks.append(clause_mask)
    return Content(masks, tuple(clause_masks) if len(clause_masks) > 1 else (), position)


def pairs_of(stripped: str) -> frozenset[str]:
    """The bigrams of a text whose boilerplate is already cut out: what a target sentence offers."""
    pairs: set[str] = set()
    for run in _HAN_RUN.findall(stripped):
        pairs.update(map(add, run, run[1:]))  # adjacent characters joined, at C speed
    return frozenset(pairs)


def _covered_mask(item: Content, pairs: frozenset[str]) -> int:
    covered = 0
    for pair in item.pairs & pairs if len(pairs) < len(item.masks) else (p for p in item.masks if p in pairs):
        covered |= item.masks[pair]
    return covered


def coverage(item: Content, pairs: frozenset[str]) -> float:
    """How much of an item a text (its bigrams) carries: the whole item, or its best-covered clause."""
    if not item.size:
        return 0.0
    covered = _covered_mask(item, pairs)
    if not covered:
        return 0.0
    best = covered.bit_count() / item.size
    for clause in item.clauses:
        best = max(best, (covered & clause).bit_count() / clause.bit_count())
    return best


def mutual(a: Content, b: Content) -> float:
    """The smaller of the two whole-text coverages: high only when the texts say the same thing."""
    if not a.size or not b.size:
        return 0.0
    return min(_covered_mask(a, b.pairs).bit_count() / a.size, _covered_mask(b, a.pairs).bit_count() / b.size)


def blank(text: str, ranges: list[tuple[int, int]], boilerplate: tuple[Template, ...], year: int | None) -> str:
    """The text with every boilerplate phrase inside the ranges overwritten by separators of the same
    length, so offsets into it are offsets into the text: one pass for a whole report part."""
    if not boilerplate:
        return text
    parts: list[str] = []
    last = 0
    for a, b in sorted(ranges):
        parts.append(text[last:a])
        parts.append(strip_boilerplate(text[a:b], boilerplate, year, keep_length=True))
        last = b
    parts.append(text[last:])
    return "".join(parts)


def strip_boilerplate(text: str, boilerplate: tuple[Template, ...], year: int | None, keep_length: bool = False) -> str:
    """The text with every boilerplate phrase replaced by a separator (as long as the phrase, if asked)."""
    for template in boilerplate:
        replacement = (lambda m: "|" * len(m.group())) if keep_length else "|"
        # Built-in (trusted) patterns are checked for linearity and run without a clock (lintlaw.patterns).
        timeout = None if template.trusted else MATCH_TIMEOUT
        try:
            text = template.pattern(year).sub(replacement, text, timeout=timeout)
        except TimeoutError as exc:
            raise PatternTimeout(template.source) from exc
    return text


def _paragraphs(doc: Document, ranges: list[tuple[int, int]]) -> list[int]:
    return [i for a, b in ranges for i in range(a, b)]


def _strip_lead(doc: Document, index: int) -> int:
    """Logical offset where a part's first paragraph starts saying points: after a heading that is the
    whole paragraph, or after a lead-in that ends with a colon (存在的短板弱项主要是：)."""
    p = doc.paragraphs[index]
    text = doc.logical[p.start : p.end]
    heading = next((h for h in doc.headings if h.paragraph == index), None)
    if heading is not None and heading.standalone and heading.level in (1, None):
        return p.end
    lead = _LEAD.match(text)
    return p.start + lead.end() if lead else p.start


def _pieces(text: str, base: int, pattern: regex.Pattern[str]) -> list[TextItem]:
    out = []
    for m in pattern.finditer(text):
        piece = m.group(0).strip()
        if piece:
            start = base + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            out.append(TextItem(start, start + len(piece), piece))
    return out


def items_of(doc: Document, ranges: list[tuple[int, int]]) -> list[TextItem]:
    """The points of a report part given as paragraph ranges: its numbered sub-headings; else its
    一是…二是… points; else its sentences (or, when it is one sentence, its clauses)."""
    indices = _paragraphs(doc, ranges)
    if not indices:
        return []
    inside = set(indices)
    subheads = [h for h in doc.headings if h.paragraph in inside and h.level in (2, 3, 4)]
    if subheads:
        top = min(h.level for h in subheads if h.level is not None)
        chosen = [h for h in subheads if h.level == top]
        if len(chosen) >= 2:
            return [_heading_item(doc, h.paragraph, h.marker, h.title) for h in chosen]
    start = _strip_lead(doc, indices[0])
    end = doc.paragraphs[indices[-1]].end
    text = doc.logical[start:end]
    marks = list(_ORDINAL.finditer(text))
    if len(marks) >= 2:
        out = []
        for i, m in enumerate(marks):
            stop = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            piece = text[m.end() : stop]
            first = _SENTENCE.match(piece)
            clause = (first.group(0) if first else piece).strip().rstrip("。；;，,")
            if clause:
                out.append(TextItem(start + m.end(), start + m.end() + len(clause), clause))
        return out
    sentences = _pieces(text, start, _SENTENCE)
    if len(sentences) == 1:
        return _pieces(text, start, _CLAUSE)
    return sentences


def _heading_item(doc: Document, index: int, marker: str, title: str) -> TextItem:
    p = doc.paragraphs[index]
    offset = doc.logical.find(title, p.start, p.end) if title else -1
    start = offset if offset >= 0 else p.start
    return TextItem(start, start + len(title), title.strip() or doc.logical[p.start : p.end][:40])


def sentences_of(doc: Document, ranges: list[tuple[int, int]]) -> list[TextItem]:
    out: list[TextItem] = []
    for a, b in ranges:
        if b <= a:
            continue
        start, end = doc.paragraphs[a].start, doc.paragraphs[b - 1].end
        out.extend(_pieces(doc.logical[start:end], start, _SENTENCE))
    return out
