"""The Document: source lines, logical paragraphs joined across page breaks, outline, blocks, metadata."""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lintlaw import hanzi
from lintlaw.numerals import chinese_to_int
from lintlaw.patterns import Template, lazy_pattern
from lintlaw.vocabulary import Vocabulary

# Sentence-final punctuation: a line ending with one of these is a complete paragraph.
_TERMINAL = set("。！？!?；;：:…”’」』）)】》")
# Punctuation that only running prose contains; a title or a signature line has none.
_PROSE_MARK = lazy_pattern(r"[，,、。；;]")
# Horizontal whitespace that PDF extraction and page breaks leave inside Chinese text.
_SPACE_RUN = lazy_pattern(r"[ \t\u3000\u00a0\f\v]+")
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_MARKDOWN_HEADING = lazy_pattern(r"^#{1,6}\s*")

# Heading markers of GB/T 9704 and common practice, with the outline level each opens.
_HEADING_MARKERS = (
    (1, lazy_pattern(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、．.]")),
    (2, lazy_pattern(r"^[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]")),
    (3, lazy_pattern(r"^(?P<num>\d{1,2})\s*[.．、](?!\d)")),
    (4, lazy_pattern(r"^[（(]\s*(?P<num>\d{1,2})\s*[）)]")),
    (5, lazy_pattern(r"^(?P<num>[一二三四五六七八九十]{1,3})是")),
)
LEAD_LEVEL = 5
_HEADING_FIRST = frozenset("#一二三四五六七八九十（(0123456789")

# Run-on text (a web page or Word export that lost its paragraph breaks): a heading starts inside a
# line after a sentence end (a level-1 heading also after a colon: 报告如下：一、…) or a run of wide
# spaces. Levels 1–2 split any line; a line so split is run-on, and is also split at levels 3–4 (1.
# and （1） are headings there, not list items) and at every sentence end outside brackets and quotes,
# since its paragraph breaks are lost: each sentence is then a paragraph of its own.
_RUN_ON_BREAK = r"(?:(?<=[。！？!?])[ \t\u3000]*|[\u3000\t]+|[ ]{2,})"
_RUN_ON_MAJOR = lazy_pattern(
    r"(?:(?<=[：:])[ \t\u3000]*(?=[一二三四五六七八九十]{1,3}[、．]))|"
    + _RUN_ON_BREAK
    + r"(?=[一二三四五六七八九十]{1,3}[、．]|[（(][一二三四五六七八九十]{1,3}[）)])"
)
_RUN_ON_MINOR = lazy_pattern(
    _RUN_ON_BREAK + r"(?=\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)])"
    # In a run-on line a （一） right after a heading's words opens the next heading (…主要举措和成效（一）…),
    # not a reference to a provision (第（一）项).
    + r"|(?<=[\p{Han}])(?<!第)(?=[（(][一二三四五六七八九十]{1,3}[）)])"
)
# What every _RUN_ON_MAJOR match looks ahead at (a numeral before 、 or ．, a bracket before a numeral):
# a line without it is not run-on, and this search costs a twentieth of that one.
_RUN_ON_HINT = lazy_pattern(r"[一二三四五六七八九十][、．]|[（(][一二三四五六七八九十]")
_SENTENCE_BREAK = lazy_pattern(r"(?<=[。！？!?])[ \t\u3000]*(?=\S)")
# A heading that a run of wide spaces separates from its text in run-on text ends at the spaces.
_HEADING_GAP = lazy_pattern(r"[\u3000\t]+|[ ]{2,}")
_CLAUSE_MARK = lazy_pattern(r"[。，,；;！？!?]")

_YEAR = lazy_pattern(r"(?<!\d)((?:19|20)\d{2})\s*年")
# In a title a year may also open a range: 2022—2023年 names two years.
_TITLE_YEAR = lazy_pattern(r"(?<!\d)((?:19|20)\d{2})(?=\s*(?:年|[—–\-－~～至到]\s*(?:19|20)?\d{2}))")
_DOC_NUMBER = lazy_pattern(
    r"(?P<agency>[\p{Han}]{1,12})\s*[〔\[【（(［]\s*(?P<year>\d{2,4})\s*[〕\]】）)］]\s*(?P<first>第)?\s*(?P<num>\d{1,5})\s*号"
)
_DATE_LINE = lazy_pattern(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
_CN_DATE_LINE = lazy_pattern(
    r"^(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日$"
)
_WEB_DATE = lazy_pattern(r"(?:公文生成日期|成文日期)\s*[:：]\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_WEB_ISSUER = lazy_pattern(r"发布机构\s*[:：]\s*(?P<name>[\p{Han}]{2,30})")
_SENTENCE_STOP = lazy_pattern(r"[。！？；;]")
_ANY_PUNCTUATION = lazy_pattern(r"[，,。；;：:！？!?（）()]")
_ISSUER_BEFORE_ABOUT = lazy_pattern(r"^(?P<name>[\p{Han}]{2,30}?)\s*关于")
# The body's own name for itself in a lead sentence is not a name: 我局, 本单位, 全区.
_SELF_REFERENCE = lazy_pattern(r"^(?:我|本|全|各|今|现)")
_CHROME_MAX = 150  # characters: page chrome is short
_RUN_ON_REST = 20  # characters after a title that make it a title running on into the text
_RUN_ON_START = lazy_pattern(r"[\p{Han}\d（(]")
_RUN_ON_MARK = lazy_pattern(r"[。：:，,]")


class NotBuilt(LookupError):
    """A part of the Document model was read that this run did not build: a bug in lintlaw.needs,
    never a property of the input (a rule must not see a model built short of what it reads)."""


@dataclass(frozen=True, slots=True)
class Parts:
    """The optional parts of the model a run builds: the outline (headings) and the citation mask.
    Sections are located later, by name (lintlaw.sections); the rest is always built."""

    headings: bool = True
    citations: bool = True


EVERY_PART = Parts()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A logical paragraph: source lines joined where a page break or hard wrap split them, or a
    part of a run-on line that a heading starts."""

    index: int
    start_line: int  # 1-based, inclusive
    end_line: int  # 1-based, inclusive
    start: int  # offset of the paragraph in Document.logical
    end: int
    src_start: int = 0  # source offsets the paragraph covers, end exclusive
    src_end: int = 0
    chrome: bool = False  # page chrome (breadcrumbs, 来源/日期 lines, share widgets …), not report text


@dataclass(frozen=True, slots=True)
class Heading:
    paragraph: int
    line: int
    level: int | None  # None: an unnumbered heading-like line
    number: int | None
    marker: str
    title: str
    standalone: bool  # the whole paragraph is the heading, no run-in sentence after it


@dataclass(frozen=True, slots=True)
class Located:
    """A metadata value with the 1-based line it was read from."""

    value: str
    line: int
    src_start: int = 0  # source range of the paragraph it was read from (0, 0 when unknown)
    src_end: int = 0


@dataclass(frozen=True, slots=True)
class Metadata:
    title: Located | None
    report_year: int | None
    year_source: Located | None
    year_candidates: tuple[int, ...]
    issuer: Located | None
    doc_number: Located | None
    issue_date: tuple[int, int, int] | None
    issue_date_source: Located | None
    year_basis: str = ""  # where the year was read: title, lead, quoted-title or body ("" when none)


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    first: int  # index of the first paragraph
    last: int  # index of the last paragraph, inclusive
    by: str  # "heading" or "lead"


@dataclass(frozen=True, slots=True)
class Document:
    path: str
    text: str  # source text, newlines normalised
    line_starts: tuple[int, ...]
    logical: str  # paragraphs joined with "\n"; page breaks, stray spaces and watermarks removed
    seg_logical: tuple[int, ...]  # segment starts in logical text
    seg_source: tuple[int, ...]  # matching segment starts in source text
    paragraphs: tuple[Paragraph, ...]
    outline: tuple[Heading, ...] | None  # None: not built (read it through .headings)
    head_end: int  # paragraphs [0, head_end) are the title block
    tail_start: int  # paragraphs [tail_start, n) are the end block
    metadata: Metadata
    sections: tuple[Section, ...] = ()
    # Scopes defined by the named parts they leave out (rules/sections.yaml `scopes:`), set with the sections.
    scope_parts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    traditional: bool = False  # the logical text was read through the traditional→simplified map
    # The logical text with the titles of documents it merely cites (根据《…规定》) masked out, offset
    # for offset; "" when nothing is cited. Content rules search it, so a cited title is not evidence.
    # None: not built (read it through .masked).
    citation_mask: str | None = ""
    # The section names that were looked for (lintlaw.sections.locate); None: sections not located yet.
    section_names: frozenset[str] | None = None
    # Text ranges of scopes already resolved (lintlaw.scopes.text_ranges), by (scope, raw, content): most
    # rules share a scope. Not an init field, so a Document made by dataclasses.replace starts empty.
    scope_ranges: dict[tuple[str, bool, bool], tuple[tuple[int, int], ...] | None] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    # --- parts built on demand ---------------------------------------------------------------
    @property
    def headings(self) -> tuple[Heading, ...]:
        if self.outline is None:
            raise NotBuilt(f"{self.path}: the outline (headings) was not built for this run")
        return self.outline

    @property
    def masked(self) -> str:
        if self.citation_mask is None:
            raise NotBuilt(f"{self.path}: the citation mask was not built for this run")
        return self.citation_mask

    # --- positions -------------------------------------------------------------------------
    def source_offset(self, logical_offset: int) -> int:
        i = bisect.bisect_right(self.seg_logical, logical_offset) - 1
        return self.seg_source[i] + (logical_offset - self.seg_logical[i])

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a logical [start, end) range to source offsets (end exclusive)."""
        if end <= start:
            s = self.source_offset(start)
            return s, s
        return self.source_offset(start), self.source_offset(end - 1) + 1

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and character column of a source offset."""
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def paragraph_text(self, index: int) -> str:
        p = self.paragraphs[index]
        return self.logical[p.start : p.end]

    def first_line_range(self, line: int, src_start: int = 0, src_end: int = 0) -> tuple[int, int]:
        """Source range of a line without its outer spaces, narrowed to [src_start, src_end) when
        given (one line of a run-on page holds many paragraphs)."""
        start = self.line_starts[line - 1]
        text = self.line_text(line)
        a, b = start + len(text) - len(text.lstrip()), start + len(text.rstrip())
        if src_end > src_start:
            a, b = max(a, src_start), min(b, src_end)
        return a, max(a, b)

    def section(self, name: str) -> Section | None:
        """The located section of that name; None when it was looked for and not found."""
        if self.section_names is None or name not in self.section_names:
            raise NotBuilt(f"{self.path}: section {name!r} was not located for this run")
        for s in self.sections:
            if s.name == name:
                return s
        return None


# --- building ---------------------------------------------------------------------------------


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return tuple(starts)


def heading_of(first_line: str) -> tuple[int, int, str, str] | None:
    """(level, number, marker, rest) when a stripped line opens with a heading marker."""
    if not first_line or first_line[0] not in _HEADING_FIRST:
        return None  # most lines: no need to try the patterns
    line = _MARKDOWN_HEADING.sub("", first_line) if first_line[0] == "#" else first_line
    for level, pattern in _HEADING_MARKERS:
        m = pattern.match(line)
        if m:
            number = chinese_to_int(m.group("num"))
            if number is None:
                continue
            return level, number, m.group(0), line[m.end() :]
    return None


def _is_pure_heading(stripped: str) -> bool:
    marked = heading_of(stripped)
    return marked is not None and marked[0] != LEAD_LEVEL and "。" not in stripped and len(stripped) <= 60


_PAIRS = {"《": "》", "“": "”", "（": "）"}


def _unclosed(line: str) -> bool:
    """A book title, quotation or parenthesis still open at the end of the line: the line was cut."""
    if not any(opener in line for opener in _PAIRS):
        return False  # most lines: nothing opened, no need to walk them
    depth = dict.fromkeys(_PAIRS, 0)
    closers = {b: a for a, b in _PAIRS.items()}
    for ch in line:
        if ch in depth:
            depth[ch] += 1
        elif ch in closers and depth[closers[ch]] > 0:
            depth[closers[ch]] -= 1
    return any(depth.values())


def _continues(prev: str, nxt: str) -> bool:
    """Whether line nxt continues the paragraph that line prev started (page break or hard wrap)."""
    if not prev or not nxt:
        return False
    if prev.endswith("关于") and len(prev) <= 40:
        return True  # a title wrapped after 关于 (…管理部关于 / 2020年法治政府建设工作情况的报告)
    if prev[-1] in _TERMINAL:
        return False
    if _is_pure_heading(prev):
        return False
    if not _PROSE_MARK.search(prev) and not _unclosed(prev):
        return False
    if heading_of(nxt) is not None:
        return False
    return True


def _noise_spans(text: str, vocab: Vocabulary) -> list[tuple[int, int]]:
    """Source ranges of watermarks and glosses, merged and sorted."""
    found = sorted(m.span() for t in vocab.noise for m in t.finditer(text, None) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _without(a: int, b: int, noise: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[a, b) minus the noise ranges."""
    if not noise:
        return [(a, b)]
    out: list[tuple[int, int]] = []
    i = bisect.bisect_right(noise, (a, a)) - 1
    i = max(i, 0)
    cursor = a
    while i < len(noise) and noise[i][0] < b:
        s, e = noise[i]
        if e > cursor:
            if s > cursor:
                out.append((cursor, s))
            cursor = max(cursor, e)
        i += 1
    if cursor < b:
        out.append((cursor, b))
    return out


def _compact(text: str, a: int, b: int, noise: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Source ranges of text[a:b] with outer whitespace and noise dropped and inner spaces removed
    wherever they are not between two ASCII letters or digits."""
    pieces: list[tuple[int, int]] = []
    for x, y in _without(a, b, noise):
        chunk = text[x:y]
        lead = len(chunk) - len(chunk.lstrip())
        stop = len(chunk.rstrip())
        if stop <= lead:
            continue
        cursor = lead
        for m in _SPACE_RUN.finditer(chunk, lead, stop):
            before, after = chunk[m.start() - 1], chunk[m.end()]
            if before not in _ASCII_ALNUM or after not in _ASCII_ALNUM:  # a wide character on either side
                pieces.append((x + cursor, x + m.start()))
                cursor = m.end()
        pieces.append((x + cursor, x + stop))
    return [p for p in pieces if p[1] > p[0]]


def _visible(text: str, ranges: list[tuple[int, int]]) -> str:
    return "".join(text[a:b] for a, b in ranges)


def _cut(ranges: list[tuple[int, int]], visible_index: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Split compacted source ranges at a position of their visible text."""
    left: list[tuple[int, int]] = []
    right: list[tuple[int, int]] = []
    seen = 0
    for a, b in ranges:
        n = b - a
        if seen + n <= visible_index:
            left.append((a, b))
        elif seen >= visible_index:
            right.append((a, b))
        else:
            k = a + visible_index - seen
            left.append((a, k))
            right.append((k, b))
        seen += n
    return left, right


def _sentence_starts(line: str) -> list[int]:
    """Where the sentences of a run-on line start, leaving a quotation or bracket whole."""
    out: list[int] = []
    last = 0
    for m in _SENTENCE_BREAK.finditer(line):
        if not _unclosed(line[last : m.start()]) and line[last : m.start()].count("(") <= line[last : m.start()].count(")"):
            out.append(m.end())
            last = m.end()
    return out


def _line_pieces(line: str, base: int) -> list[tuple[int, int]]:
    """Source ranges of the parts of one line: the whole line, or the parts of a run-on line."""
    indent = len(line) - len(line.lstrip())  # a break must follow text, not the line's indentation
    starts = [m.end() for m in _RUN_ON_MAJOR.finditer(line, indent) if m.start() > indent] if _RUN_ON_HINT.search(line) else []
    if starts:
        starts += [m.end() for m in _RUN_ON_MINOR.finditer(line, indent) if m.start() > indent]
        starts += _sentence_starts(line)
        starts = sorted(set(starts))
    bounds = [0, *starts, len(line)]
    pieces = []
    for a, b in itertools.pairwise(bounds):
        if b <= a:
            continue
        if a in starts:
            # A heading set off from its text by wide spaces ends at them.
            gap = _HEADING_GAP.search(line, a, min(b, a + 48))
            if gap and gap.start() > a and not _CLAUSE_MARK.search(line, a, gap.start()):
                pieces += [(base + a, base + gap.start()), (base + gap.end(), base + b)]
                continue
        pieces.append((base + a, base + b))
    return pieces


def _title_cut(text: str, ranges: list[tuple[int, int]], vocab: Vocabulary) -> int | None:
    """Where a report title that runs on into the text ends, in the piece's visible text."""
    visible = _visible(text, ranges[:8])[:120]
    m = vocab.report_title.search(visible, None)
    if m is None or m.end() >= len(visible):
        return None
    title = visible[: m.end()]
    if _CLAUSE_MARK.search(title) or visible[m.end()] in "》”）)" or _unclosed(title) or title.count("(") > title.count(")"):
        return None  # a sentence, or a report named inside a quotation: not a title that runs on
    rest = _visible(text, ranges)[m.end() :]
    # Text follows the title: a sentence, or an addressee and a lead ending in a colon.
    prose = _RUN_ON_START.match(rest) is not None and (len(rest) >= _RUN_ON_REST or "。" in rest)
    return m.end() if prose and _RUN_ON_MARK.search(rest) else None


def _build_paragraphs(text: str, line_starts: tuple[int, ...], vocab: Vocabulary,
                      skip: frozenset[int]) -> tuple[str, tuple[int, ...], tuple[int, ...], tuple[Paragraph, ...]]:
    lines = text.split("\n")
    noise = _noise_spans(text, vocab)
    # Units: (first line, last line, compacted source ranges); a unit is one logical paragraph.
    units: list[tuple[int, int, list[tuple[int, int]]]] = []
    prev_visible = ""
    prev_whole_line = False
    title_checked = False
    next_noise = 0  # the first noise span that does not end before the current line
    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped or i in skip:
            continue
        base = line_starts[i]
        while next_noise < len(noise) and noise[next_noise][1] <= base:
            next_noise += 1
        indent = raw.find(stripped[0])
        pieces = [(base, base + len(raw))] if _RUN_ON_HINT.search(raw, indent + 1) is None else _line_pieces(raw, base)
        # Most lines are plain: one piece, no noise, no inner spaces; the compacted range of such a
        # line is its stripped text, which _compact would work out at more cost.
        plain = (len(pieces) == 1 and _SPACE_RUN.search(stripped) is None
                 and (next_noise == len(noise) or noise[next_noise][0] >= base + len(raw)))
        for k, (a, b) in enumerate(pieces):
            ranges = [(base + indent, base + indent + len(stripped))] if plain else _compact(text, a, b, noise)
            if not ranges:
                continue
            visible = stripped if plain else _visible(text, ranges)
            if k == 0 and units and prev_whole_line and _continues(prev_visible, visible):
                units[-1][2].extend(ranges)
                units[-1] = (units[-1][0], i, units[-1][2])
            else:
                if not title_checked and not _is_chrome(visible, vocab):
                    title_checked = True
                    cut = _title_cut(text, ranges, vocab)
                    if cut is not None:
                        head, ranges = _cut(ranges, cut)
                        units.append((i, i, head))
                        visible = visible[cut:]
                units.append((i, i, ranges))
            prev_visible = visible
        prev_whole_line = len(pieces) == 1
    logical_parts: list[str] = []
    seg_logical: list[int] = []
    seg_source: list[int] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    separator = 0  # where the newline after the previous paragraph maps
    for index, (first, last, ranges) in enumerate(units):
        if index:
            seg_logical.append(pos)
            seg_source.append(separator)
            logical_parts.append("\n")
            pos += 1
        # The newline after this paragraph maps to the end of its last line, or (a part of a run-on
        # line) to the end of the part.
        end = ranges[-1][1]
        line_end = line_starts[last] + len(lines[last])
        separator = line_end if end == line_end or not text[end:line_end].strip() else end
        start = pos
        for a, b in ranges:
            seg_logical.append(pos)
            seg_source.append(a)
            logical_parts.append(text[a:b])
            pos += b - a
        paragraphs.append(Paragraph(index, first + 1, last + 1, start, pos, ranges[0][0], ranges[-1][1]))
    if not seg_logical:
        seg_logical, seg_source = [0], [0]
    return "".join(logical_parts), tuple(seg_logical), tuple(seg_source), tuple(paragraphs)


def _is_chrome(text: str, vocab: Vocabulary) -> bool:
    if len(text) > _CHROME_MAX or "。" in text:
        return False
    start, anywhere = vocab.chrome_start, vocab.chrome_anywhere
    return (start is not None and start.match(text, None) is not None) or (anywhere is not None and anywhere.search(text, None) is not None)


def _mark_chrome(logical: str, paragraphs: tuple[Paragraph, ...], vocab: Vocabulary) -> tuple[Paragraph, ...]:
    out = list(paragraphs)
    for i, p in enumerate(paragraphs):
        # The length first: most paragraphs are too long to be chrome, and are not copied out.
        if p.end - p.start <= _CHROME_MAX and _is_chrome(logical[p.start : p.end], vocab):
            out[i] = Paragraph(p.index, p.start_line, p.end_line, p.start, p.end, p.src_start, p.src_end, True)
    return tuple(out)


def _headings(logical: str, paragraphs: tuple[Paragraph, ...], body: tuple[int, int]) -> tuple[Heading, ...]:
    out: list[Heading] = []
    for p in paragraphs:
        if p.chrome or p.end == p.start:
            continue
        short = body[0] <= p.index < body[1] and 2 <= p.end - p.start <= 40
        if not short and logical[p.start] not in _HEADING_FIRST:
            continue  # neither numbered (heading_of looks at the first character) nor short
        text = logical[p.start : p.end]
        marked = heading_of(text)
        if marked is not None:
            level, number, marker, rest = marked
            stop = _SENTENCE_STOP.search(rest)
            title = rest[: stop.start()] if stop else rest
            out.append(Heading(p.index, p.start_line, level, number, marker, title, stop is None or stop.end() >= len(rest)))
        elif body[0] <= p.index < body[1] and 2 <= len(text) <= 40 and not _ANY_PUNCTUATION.search(text):
            out.append(Heading(p.index, p.start_line, None, None, "", text, True))
    return tuple(out)


def _head_end(logical: str, paragraphs: tuple[Paragraph, ...]) -> int:
    for p in paragraphs:
        if p.chrome:
            continue
        text = logical[p.start : p.end]
        if "。" in text or heading_of(text) is not None:
            return p.index
    return 0


def _tail_start(logical: str, paragraphs: tuple[Paragraph, ...], head_end: int) -> int:
    tail = len(paragraphs)
    for p in reversed(paragraphs[head_end:]):
        text = logical[p.start : p.end]
        if not p.chrome and ("。" in text or heading_of(text) is not None):
            break
        tail = p.index
    return tail


def _located(paragraph: Paragraph, value: str) -> Located:
    return Located(value, paragraph.start_line, paragraph.src_start, paragraph.src_end)


@dataclass(frozen=True, slots=True)
class _Year:
    candidates: tuple[int, ...]
    source: Located | None
    basis: str
    issuer: Located | None = None


def _title_years(title: str, vocab: Vocabulary) -> tuple[int, ...]:
    plan = {m.span("year") for t in vocab.title_plan_years for m in t.finditer(title, None)}
    found = [(m.span(1), int(m.group(1))) for m in _TITLE_YEAR.finditer(title)]
    return tuple(dict.fromkeys(year for span, year in found if span not in plan))


def _stated_year(logical: str, paragraphs: list[Paragraph], templates: tuple[Template, ...], basis: str) -> _Year | None:
    """The year the first paragraph matching one of the templates names in its `year` group (and the
    body its `issuer` group names, unless it is the body's word for itself: 我局, 本单位)."""
    for p in paragraphs:
        text = logical[p.start : p.end]
        for t in templates:
            m = t.search(text, None)
            if m:
                name = m.groupdict().get("issuer")
                issuer = _located(p, name) if name and not _SELF_REFERENCE.match(name) else None
                return _Year((int(m.group("year")),), _located(p, text), basis, issuer)
    return None


def _body_year(logical: str, paragraphs: list[Paragraph], vocab: Vocabulary) -> _Year | None:
    """The year most of the review's year-led sentences open with (plans not counted)."""
    if vocab.body_year is None:
        return None
    counts: Counter[int] = Counter()
    first: dict[int, Paragraph] = {}
    for p in paragraphs:
        text = logical[p.start : p.end]
        heading = heading_of(text)
        if heading is not None and heading[0] != LEAD_LEVEL:
            continue
        for m in vocab.body_year.finditer(text, None):
            stop = _SENTENCE_STOP.search(text, m.end())
            sentence = text[m.start() : stop.start() if stop else len(text)]
            if vocab.body_year_ignore is not None and vocab.body_year_ignore.search(sentence[:40], None):
                continue
            year = int(m.group("year"))
            counts[year] += 1
            first.setdefault(year, p)
    if not counts:
        return None
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        tied = tuple(sorted(y for y, n in ranked if n == ranked[0][1]))
        return _Year(tied, _located(first[tied[0]], logical[first[tied[0]].start : first[tied[0]].end]), "body")
    year = ranked[0][0]
    p = first[year]
    return _Year((year,), _located(p, logical[p.start : p.end]), "body")


_MENTION = lazy_pattern(r"(?<![\d\-－—–～~至到])((?:19|20)\d{2})\s*年(?!以来|起|至|[—–\-－~～])")


def _mentioned_year(logical: str, paragraphs: list[Paragraph]) -> _Year | None:
    """The year the body mentions most often, when one year clearly leads (the last resort)."""
    counts: Counter[int] = Counter()
    first: dict[int, Paragraph] = {}
    for p in paragraphs:
        for m in _MENTION.finditer(logical, p.start, p.end):
            year = int(m.group(1))
            counts[year] += 1
            first.setdefault(year, p)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    p = first[ranked[0][0]]
    return _Year((ranked[0][0],), _located(p, logical[p.start : p.end]), "body")


def _report_year(
    logical: str, paragraphs: tuple[Paragraph, ...], title: Located | None, head_end: int, tail_start: int, vocab: Vocabulary
) -> _Year:
    """The reviewed year as a reader finds it: the title, else the lead sentence, else a quoted report
    title, else the year the review's sentences open with. A title and a lead sentence that name
    different years conflict: no year is assumed."""
    content = [p for p in paragraphs if not p.chrome]
    opening = [p for p in content if p.index < head_end + 8]
    lead = _stated_year(logical, opening, vocab.lead_years, "lead")
    if title is not None:
        years = _title_years(title.value, vocab)
        if years:
            if len(years) == 1 and lead is not None and lead.candidates[0] != years[0]:
                return _Year((years[0], lead.candidates[0]), title, "title")
            return _Year(years, title, "title", lead.issuer if lead else None)
    if lead is not None:
        return lead
    quoted = _stated_year(logical, [p for p in content if p.index < head_end + 2], vocab.quoted_titles, "quoted-title")
    if quoted is not None:
        return quoted
    body = [p for p in content if head_end <= p.index < tail_start]
    return _body_year(logical, body, vocab) or _mentioned_year(logical, body) or _Year((), None, "")


def _title(logical: str, head: list[Paragraph], vocab: Vocabulary) -> Located | None:
    """The title line: the last line of the title block naming an annual report (a page headline
    comes before the document's own title), else the first naming a report, else one with a title word."""
    lines = [(p, logical[p.start : p.end]) for p in head if not p.chrome]
    # A lead sentence ending in a colon (现将…报告如下：) or an addressee line is not a title.
    lines = [(p, t) for p, t in lines if len(t) <= 80 and not _WEB_DATE.search(t) and t[-1] not in "：:" and "如下" not in t]
    naming = [(p, t) for p, t in lines if vocab.report_title.search(t, None)]
    if naming:
        return _located(*naming[-1])
    tests: tuple[Callable[[str], bool], ...] = (lambda t: "报告" in t, lambda t: vocab.title_words.search(t, None) is not None)
    for test in tests:
        for p, t in lines:
            if test(t):
                return _located(p, t)
    return None


def _metadata(
    logical: str, paragraphs: tuple[Paragraph, ...], head_end: int, tail_start: int, vocab: Vocabulary
) -> Metadata:
    def text_of(p: Paragraph) -> str:
        return logical[p.start : p.end]

    head = list(paragraphs[:head_end])
    title = _title(logical, head, vocab)
    title_index = next((p.index for p in head if title and p.start_line == title.line and text_of(p) == title.value), -1)
    year = _report_year(logical, paragraphs, title, head_end, tail_start, vocab)
    report_year = year.candidates[0] if len(year.candidates) == 1 else None

    doc_number: Located | None = None
    for p in head:
        m = _DOC_NUMBER.search(text_of(p))
        if m:
            doc_number = _located(p, m.group(0))
            break

    issue_date: tuple[int, int, int] | None = None
    date_source: Located | None = None
    date_index = -1
    for p in paragraphs[tail_start:]:
        t = text_of(p)
        m = _DATE_LINE.match(t)
        if m:
            issue_date = (int(m["y"]), int(m["m"]), int(m["d"]))
        else:
            m = _CN_DATE_LINE.match(t)
            if m:
                y = "".join(str(chinese_to_int(c)) for c in m["y"])
                mm, dd = chinese_to_int(m["m"]), chinese_to_int(m["d"])
                if y.isdigit() and mm and dd:
                    issue_date = (int(y), mm, dd)
        if issue_date:
            date_source, date_index = _located(p, t), p.index
            break
    if issue_date is None:
        for p in paragraphs[: min(len(paragraphs), head_end + 12)]:
            m = _WEB_DATE.search(text_of(p))
            if m:
                issue_date = (int(m["y"]), int(m["m"]), int(m["d"]))
                date_source = _located(p, m.group(0))
                break

    issuer: Located | None = None
    if date_index > tail_start and len(text_of(paragraphs[date_index - 1])) <= 30 and not paragraphs[date_index - 1].chrome:
        issuer = _located(paragraphs[date_index - 1], text_of(paragraphs[date_index - 1]))
    elif title:
        prefix = _ISSUER_BEFORE_ABOUT.match(title.value)
        if prefix:
            issuer = Located(prefix["name"], title.line, title.src_start, title.src_end)
        elif title.value.startswith("关于") and title_index > 0:
            prev = paragraphs[title_index - 1]
            if len(text_of(prev)) <= 30 and not prev.chrome:
                issuer = _located(prev, text_of(prev))
    if issuer is None:
        for p in head:
            m = _WEB_ISSUER.search(text_of(p))
            if m:
                issuer = _located(p, m["name"])
                break
    if issuer is None:
        issuer = year.issuer
    return Metadata(title, report_year, year.source, year.candidates, issuer, doc_number, issue_date, date_source, year.basis)


_MASK = "□"
_BOOK_TITLE = lazy_pattern(r"《[^《》\n]*》")


def _masked(logical: str, vocab: Vocabulary) -> str:
    """The logical text with every book title of a citing frame (根据《…》《…》) masked out."""
    titles = sorted({m.span() for t in vocab.citations for c in t.finditer(logical, None)
                     for m in _BOOK_TITLE.finditer(logical, *c.span("cited"))})
    if not titles:
        return ""
    parts: list[str] = []
    cursor = 0
    for a, b in titles:
        if a + 1 < cursor:
            continue  # nested in one already masked
        parts += [logical[cursor : a + 1], _MASK * (b - a - 2)]
        cursor = b - 1
    parts.append(logical[cursor:])
    return "".join(parts)


def build(
    path: str, text: str, vocab: Vocabulary, skip: frozenset[int] = frozenset(), parts: Parts = EVERY_PART
) -> Document:
    """Build the Document model of a decoded text with the optional parts asked for (sections are
    added by sections.locate; reading a part not built raises NotBuilt). `skip` holds the 0-based
    numbers of lines that are not report text (the caller's suppression directives)."""
    line_starts = _line_starts(text)
    logical, seg_logical, seg_source, paragraphs = _build_paragraphs(text, line_starts, vocab, skip)
    table = hanzi.simplifying_table(logical, vocab.traditional_markers)
    if table:
        logical = logical.translate(table)
    paragraphs = _mark_chrome(logical, paragraphs, vocab)
    head_end = _head_end(logical, paragraphs)
    tail_start = _tail_start(logical, paragraphs, head_end)
    headings = _headings(logical, paragraphs, (head_end, tail_start)) if parts.headings else None
    metadata = _metadata(logical, paragraphs, head_end, tail_start, vocab)
    return Document(
        path=path,
        text=text,
        line_starts=line_starts,
        logical=logical,
        seg_logical=seg_logical,
        seg_source=seg_source,
        paragraphs=paragraphs,
        outline=headings,
        head_end=head_end,
        tail_start=tail_start,
        metadata=metadata,
        traditional=bool(table),
        citation_mask=_masked(logical, vocab) if parts.citations else None,
    )
