"""The Document: source lines, logical paragraphs joined across page breaks, outline, blocks, metadata."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from lintlaw.numerals import chinese_to_int
from lintlaw.suppress import is_directive

# Sentence-final punctuation: a line ending with one of these is a complete paragraph.
_TERMINAL = set("。！？!?；;：:…”’」』）)】》")
# Punctuation that only running prose contains; a title or a signature line has none.
_PROSE_MARK = regex.compile(r"[，,、。；;]")
# Horizontal whitespace that PDF extraction and page breaks leave inside Chinese text.
_SPACE_RUN = regex.compile(r"[ \t\u3000\u00a0\f\v]+")
_ASCII_ALNUM = regex.compile(r"[A-Za-z0-9]")
_MARKDOWN_HEADING = regex.compile(r"^#{1,6}\s*")

# Heading markers of GB/T 9704 and common practice, with the outline level each opens.
_HEADING_MARKERS = (
    (1, regex.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})\s*[、．.]")),
    (2, regex.compile(r"^[（(]\s*(?P<num>[一二三四五六七八九十]{1,3})\s*[）)]")),
    (3, regex.compile(r"^(?P<num>\d{1,2})\s*[.．、](?!\d)")),
    (4, regex.compile(r"^[（(]\s*(?P<num>\d{1,2})\s*[）)]")),
    (5, regex.compile(r"^(?P<num>[一二三四五六七八九十]{1,3})是")),
)
LEAD_LEVEL = 5
_HEADING_FIRST = frozenset("#一二三四五六七八九十（(0123456789")

_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# In a title a year may also open a range: 2022—2023年 names two years.
_TITLE_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*(?:年|[—–\-－~～至到]\s*(?:19|20)?\d{2}))")
_DOC_NUMBER = regex.compile(
    r"(?P<agency>[\p{Han}]{1,12})\s*[〔\[【（(［]\s*(?P<year>\d{2,4})\s*[〕\]】）)］]\s*(?P<first>第)?\s*(?P<num>\d{1,5})\s*号"
)
_DATE_LINE = regex.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")
_CN_DATE_LINE = regex.compile(
    r"^(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日$"
)
_WEB_DATE = regex.compile(r"(?:公文生成日期|成文日期)\s*[:：]\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")
_WEB_ISSUER = regex.compile(r"发布机构\s*[:：]\s*(?P<name>[\p{Han}]{2,30})")
_TITLE_WORDS = regex.compile(r"报告|要点|计划|方案|总结|通知|意见")
_SENTENCE_STOP = regex.compile(r"[。！？；;]")
_ANY_PUNCTUATION = regex.compile(r"[，,。；;：:！？!?（）()]")
_ISSUER_BEFORE_ABOUT = regex.compile(r"^(?P<name>[\p{Han}]{2,30}?)\s*关于")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A logical paragraph: source lines joined where a page break or hard wrap split them."""

    index: int
    start_line: int  # 1-based, inclusive
    end_line: int  # 1-based, inclusive
    start: int  # offset of the paragraph in Document.logical
    end: int


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
    logical: str  # paragraphs joined with "\n"; page breaks and stray spaces removed
    seg_logical: tuple[int, ...]  # segment starts in logical text
    seg_source: tuple[int, ...]  # matching segment starts in source text
    paragraphs: tuple[Paragraph, ...]
    headings: tuple[Heading, ...]
    head_end: int  # paragraphs [0, head_end) are the title block
    tail_start: int  # paragraphs [tail_start, n) are the end block
    metadata: Metadata
    sections: tuple[Section, ...] = ()

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

    def section(self, name: str) -> Section | None:
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


def _is_wide(ch: str) -> bool:
    return not _ASCII_ALNUM.match(ch)


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
    if prev[-1] in _TERMINAL:
        return False
    if _is_pure_heading(prev):
        return False
    if not _PROSE_MARK.search(prev) and not _unclosed(prev):
        return False
    if heading_of(nxt) is not None:
        return False
    return True


def _compact(line: str, base: int) -> list[tuple[int, int]]:
    """Source ranges of a line with outer whitespace dropped and inner spaces removed
    wherever they are not between two ASCII letters or digits."""
    stripped_start = len(line) - len(line.lstrip())
    stripped_end = len(line.rstrip())
    if stripped_end <= stripped_start:
        return []
    pieces: list[tuple[int, int]] = []
    cursor = stripped_start
    for m in _SPACE_RUN.finditer(line, stripped_start, stripped_end):
        before, after = line[m.start() - 1], line[m.end()]
        if _is_wide(before) or _is_wide(after):
            pieces.append((base + cursor, base + m.start()))
            cursor = m.end()
    pieces.append((base + cursor, base + stripped_end))
    return [p for p in pieces if p[1] > p[0]]


def _build_paragraphs(text: str, line_starts: tuple[int, ...]):
    lines = text.split("\n")
    groups: list[list[int]] = []  # 0-based line indices per paragraph
    prev_stripped = ""
    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped.strip("\f\v\u3000\u00a0") or is_directive(stripped):
            continue
        if groups and _continues(prev_stripped, stripped):
            groups[-1].append(i)
        else:
            groups.append([i])
        prev_stripped = stripped
    logical_parts: list[str] = []
    seg_logical: list[int] = []
    seg_source: list[int] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    for index, group in enumerate(groups):
        if index:
            # The separator maps to the end of the previous paragraph's last line.
            seg_logical.append(pos)
            last = groups[index - 1][-1]
            seg_source.append(line_starts[last] + len(lines[last]))
            logical_parts.append("\n")
            pos += 1
        start = pos
        for li in group:
            for a, b in _compact(lines[li], line_starts[li]):
                seg_logical.append(pos)
                seg_source.append(a)
                logical_parts.append(text[a:b])
                pos += b - a
        paragraphs.append(Paragraph(index, group[0] + 1, group[-1] + 1, start, pos))
    if not seg_logical:
        seg_logical, seg_source = [0], [0]
    return "".join(logical_parts), tuple(seg_logical), tuple(seg_source), tuple(paragraphs)


def _headings(logical: str, paragraphs: tuple[Paragraph, ...], body: tuple[int, int]) -> tuple[Heading, ...]:
    out: list[Heading] = []
    for p in paragraphs:
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
        text = logical[p.start : p.end]
        if "。" in text or heading_of(text) is not None:
            return p.index
    return 0


def _tail_start(logical: str, paragraphs: tuple[Paragraph, ...], head_end: int) -> int:
    tail = len(paragraphs)
    for p in reversed(paragraphs[head_end:]):
        text = logical[p.start : p.end]
        if "。" in text or heading_of(text) is not None:
            break
        tail = p.index
    return tail


def _located(paragraph: Paragraph, value: str) -> Located:
    return Located(value, paragraph.start_line)


def _metadata(logical: str, paragraphs: tuple[Paragraph, ...], head_end: int, tail_start: int) -> Metadata:
    def text_of(p: Paragraph) -> str:
        return logical[p.start : p.end]

    head = paragraphs[:head_end]
    title: Located | None = None
    title_index = -1
    for preferred in ("报告", None):
        for p in head:
            t = text_of(p)
            if len(t) <= 80 and ((preferred in t) if preferred else _TITLE_WORDS.search(t)) and not _WEB_DATE.search(t):
                title, title_index = _located(p, t), p.index
                break
        if title:
            break

    candidates: tuple[int, ...] = ()
    year_source: Located | None = None
    if title:
        candidates = tuple(dict.fromkeys(int(y) for y in _TITLE_YEAR.findall(title.value)))
        if candidates:
            year_source = title
    if not candidates:
        for p in paragraphs[head_end:tail_start]:
            t = text_of(p)
            if heading_of(t) is not None:
                continue
            m = _YEAR.search(t[:12])
            if m:
                candidates, year_source = (int(m.group(1)),), _located(p, t)
            break
    report_year = candidates[0] if len(candidates) == 1 else None

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
    if date_index > tail_start and len(text_of(paragraphs[date_index - 1])) <= 30:
        issuer = _located(paragraphs[date_index - 1], text_of(paragraphs[date_index - 1]))
    elif title:
        prefix = _ISSUER_BEFORE_ABOUT.match(title.value)
        if prefix:
            issuer = Located(prefix["name"], title.line)
        elif title.value.startswith("关于") and title_index > 0:
            prev = paragraphs[title_index - 1]
            if len(text_of(prev)) <= 30:
                issuer = _located(prev, text_of(prev))
    if issuer is None:
        for p in head:
            m = _WEB_ISSUER.search(text_of(p))
            if m:
                issuer = _located(p, m["name"])
                break
    return Metadata(title, report_year, year_source, candidates, issuer, doc_number, issue_date, date_source)


def build(path: str, text: str) -> Document:
    """Build the Document model of a decoded text (sections are added by sections.locate)."""
    line_starts = _line_starts(text)
    logical, seg_logical, seg_source, paragraphs = _build_paragraphs(text, line_starts)
    head_end = _head_end(logical, paragraphs)
    tail_start = _tail_start(logical, paragraphs, head_end)
    headings = _headings(logical, paragraphs, (head_end, tail_start))
    metadata = _metadata(logical, paragraphs, head_end, tail_start)
    return Document(
        path=path,
        text=text,
        line_starts=line_starts,
        logical=logical,
        seg_logical=seg_logical,
        seg_source=seg_source,
        paragraphs=paragraphs,
        headings=headings,
        head_end=head_end,
        tail_start=tail_start,
        metadata=metadata,
    )
