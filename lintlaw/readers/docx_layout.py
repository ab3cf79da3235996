"""Lay a Word document out as lines of text, each knowing where it is in the file (body, table cell,
header, footer, footnote, endnote, text box) and which XML nodes its characters come from.

What counts as text: tracked deletions (w:del, w:moveFrom) are left out and tracked insertions (w:ins)
kept; comments, field codes (w:instrText), the placeholder prompt of an empty content control and the
fallback copy of alternate content are left out; the number Word draws in front of a paragraph with
automatic numbering (一、 （一） 1.) is put back in front of its text.

Order: headers and footers first (kept apart from the body; lines that are only a page number are
dropped), then the body. A text box, footnote or endnote follows the paragraph it is anchored in, as
paragraphs of its own. Labels: "第N段" (N counts the body paragraphs that have text), "表T第R行第C列",
"页眉", "首页页眉", "偶数页页眉", "页脚" (with "第K节" in front when sections differ), "脚注K", "尾注K"
(K as Word numbers them), "第N段中的文本框".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from lintlaw.readers.docx_numbering import Numbering, W, parse_styles, val

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.part import Part
    from lxml.etree import _Element

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

P, R, TBL, TR, TC, SDT, SDT_CONTENT, SDT_PR, CUSTOM_XML, HYPERLINK = (
    W + n for n in ("p", "r", "tbl", "tr", "tc", "sdt", "sdtContent", "sdtPr", "customXml", "hyperlink")
)
T, TAB, BR, CR, PTAB, NO_BREAK_HYPHEN = (W + n for n in ("t", "tab", "br", "cr", "ptab", "noBreakHyphen"))
TXBX_CONTENT, FOOTNOTE_REF, ENDNOTE_REF, SECT_PR = (
    W + n for n in ("txbxContent", "footnoteReference", "endnoteReference", "sectPr")
)
# Subtrees whose text is not part of the visible, accepted text of a paragraph.
SKIP = frozenset({
    W + "del",  # tracked deletion
    W + "moveFrom",  # tracked move: the old place
    W + "delText",
    W + "instrText",  # field code (HYPERLINK "…", PAGE)
    W + "delInstrText",
    W + "pPr",
    W + "rPr",
    W + "fldData",
    W + "sdtPr",
    W + "sdtEndPr",
    _MC + "Fallback",  # the same content again, for old readers
})
CHARS = {TAB: "\t", PTAB: "\t", BR: "\n", CR: "\n", NO_BREAK_HYPHEN: "-"}

_PAGE_NUMBER = regex.compile(
    r"^[\s\-—－–~～·•|]*(?:第\s*)?[0-9０-９]+\s*页?\s*(?:(?:[/／]|共)\s*[0-9０-９]+\s*页?)?[\s\-—－–~～·•|]*$"
    r"|^\s*(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?\s*$",
    regex.IGNORECASE,
)
_FURNITURE_NAMES = {("header", "default"): "页眉", ("header", "first"): "首页页眉", ("header", "even"): "偶数页页眉",
                    ("footer", "default"): "页脚", ("footer", "first"): "首页页脚", ("footer", "even"): "偶数页页脚"}


@dataclass(frozen=True, slots=True)
class Piece:
    """Characters of a line that one XML node shows."""

    start: int  # offset in the line
    text: str
    node: Any  # the w:t (all of its text), w:tab … inside a w:r; None: not mapped (automatic numbers)


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    label: str  # where a user finds the line in Word ("" for an empty line)
    part: str  # body | cell | header | footer | footnote | endnote | textbox
    paragraph: Any  # the w:p of document.xml the line is in or anchored at; None for headers and footers
    pieces: tuple[Piece, ...] = ()


@dataclass(frozen=True, slots=True)
class Layout:
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(line.label for line in self.lines)


@dataclass(frozen=True, slots=True)
class _Where:
    part: str
    label: str | None  # a fixed label for every paragraph here; None: count body paragraphs / cells
    anchor: Any  # the body paragraph this content hangs from (text boxes, notes); None: itself


def _showing_placeholder(sdt: _Element) -> bool:
    pr = sdt.find(SDT_PR)
    return pr is not None and pr.find(W + "showingPlcHdr") is not None


def _pieces_of_node(node: _Element, text: str, out: list[tuple[Any, str]]) -> None:
    if "\r" in text or "\n" in text:  # a line break typed into w:t: shown as breaks, not mapped to the node
        for i, part in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if i:
                out.append((None, "\n"))
            if part:
                out.append((None, part))
    else:
        out.append((node, text))


def _inline(el: _Element, items: list[tuple[Any, str]], extras: list[tuple[str, Any]]) -> None:
    """The characters of a paragraph's content in order; text boxes and note references set aside."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == T:
            if child.text:
                _pieces_of_node(child, child.text, items)
        elif tag in CHARS:
            items.append((child, CHARS[tag]))
        elif tag == TXBX_CONTENT:
            extras.append(("textbox", child))
        elif tag == P:  # a paragraph inside a run outside a text box (an embedded object): also its own
            extras.append(("textbox", [child]))
        elif tag == FOOTNOTE_REF:
            extras.append(("footnote", val(child, "id")))
        elif tag == ENDNOTE_REF:
            extras.append(("endnote", val(child, "id")))
        elif tag == SDT and _showing_placeholder(child):
            continue
        else:
            _inline(child, items, extras)


def _mark_deleted(p: _Element) -> bool:
    """The paragraph mark itself is a tracked deletion: the paragraph runs on into the next."""
    ppr = p.find(W + "pPr")
    rpr = ppr.find(W + "rPr") if ppr is not None else None
    return rpr is not None and rpr.find(W + "del") is not None


def _element(part: Part) -> _Element | None:
    """The XML of a part python-docx may not know (footnotes, endnotes); None when it is not XML."""
    element: _Element | None = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml  # no entities, no DTD

    try:
        return parse_xml(part.blob)
    except Exception:  # noqa: BLE001 - a broken notes part costs the notes, not the report
        return None


def _notes(part: Part | None) -> dict[str, list[_Element]]:
    """id → the block content of each footnote or endnote in a notes part."""
    element = None if part is None else _element(part)
    if element is None:
        return {}
    return {val(note, "id") or "": list(note) for note in element if isinstance(note.tag, str)}


def _related(part: Part, suffix: str) -> Part | None:
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith(suffix):
            target: Part = rel.target_part
            return target
    return None


class _Collector:
    """One pass over a document in reading order; counters live here, never between documents."""

    def __init__(self, numbering: Numbering, notes: dict[str, dict[str, list[_Element]]], keep_pieces: bool) -> None:
        self.lines: list[Line] = []
        self.body_paragraphs = 0
        self.tables = 0
        self.note_numbers = {"footnote": 0, "endnote": 0}
        self.numbering = numbering
        self.notes = notes
        self.keep_pieces = keep_pieces
        self.carry: list[tuple[Any, str]] = []

    def paragraph(self, p: _Element, where: _Where, cell_label: str | None) -> None:
        items: list[tuple[Any, str]] = []
        extras: list[tuple[str, Any]] = []
        _inline(p, items, extras)
        if _mark_deleted(p):
            self.carry.extend(items)
            self._extras(extras, where, p, self._label_here(where, cell_label, False))
            return
        items = self.carry + items
        self.carry = []
        joined = "".join(text for _, text in items)
        has_text = bool(joined.strip())
        number = self.numbering.label(p) if has_text and where.part == "body" else ""
        if number:
            items.insert(0, (None, number))
        label = self._label_here(where, cell_label, has_text)
        anchor = where.anchor if where.anchor is not None else (p if where.part in ("body", "cell") else None)
        part = where.part if cell_label is None else "cell"
        if self.keep_pieces:
            self._emit(items, label, part, anchor)
        else:  # reading only: the text is enough
            for line in (number + joined).split("\n"):
                self._line(line, label, part, anchor, [])
        self._extras(extras, where, anchor, label)

    def _label_here(self, where: _Where, cell_label: str | None, has_text: bool) -> str:
        if where.label is not None:
            return where.label if has_text else ""
        if cell_label is not None:
            return cell_label if has_text else ""
        if has_text:
            self.body_paragraphs += 1
            return f"第{self.body_paragraphs}段"
        return ""

    def _emit(self, items: list[tuple[Any, str]], label: str, part: str, anchor: _Element | None) -> None:
        text: list[str] = []
        pieces: list[Piece] = []
        length = 0
        for node, chars in items:
            if chars == "\n":
                self._line("".join(text), label, part, anchor, pieces)
                text, pieces, length = [], [], 0
                continue
            text.append(chars)
            if self.keep_pieces:
                pieces.append(Piece(length, chars, node))
            length += len(chars)
        self._line("".join(text), label, part, anchor, pieces)

    def _line(self, text: str, label: str, part: str, anchor: _Element | None, pieces: list[Piece]) -> None:
        self.lines.append(Line(text, label if text.strip() else "", part, anchor, tuple(pieces)))

    def _extras(self, extras: list[tuple[str, Any]], where: _Where, anchor: _Element | None, label: str) -> None:
        for kind, content in extras:
            if kind == "textbox":
                if where.part == "body" or where.part == "cell":
                    box_label = f"{label}中的文本框" if label else f"第{self.body_paragraphs}段后的文本框"
                else:
                    box_label = f"{where.label or ''}中的文本框"
                self.block(content, _Where("textbox", box_label, anchor))
            elif content in self.notes.get(kind, {}):
                self.note_numbers[kind] += 1
                name = "脚注" if kind == "footnote" else "尾注"
                self.block(self.notes[kind][content], _Where(kind, f"{name}{self.note_numbers[kind]}", anchor))

    def table(self, tbl: _Element, where: _Where) -> None:
        self.tables += 1
        name = f"表{self.tables}"
        for r, tr in enumerate(_rows(tbl), 1):
            c = 0
            for tc in tr.iter(TC):
                parent = tc.getparent()
                if parent is not tr and (parent is None or parent.tag != SDT_CONTENT):
                    continue
                c += 1
                # A vertically merged continuation cell repeats nothing: its text is in the cell above.
                self.block(tc, where, None if where.label is not None else f"{name}第{r}行第{c}列")

    def block(self, container: Iterable[_Element], where: _Where, cell_label: str | None = None) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self.paragraph(child, where, cell_label)
            elif tag == TBL:
                self.table(child, where)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None and not _showing_placeholder(child):
                    self.block(content, where, cell_label)
            elif tag == CUSTOM_XML:
                self.block(child, where, cell_label)

    def finish(self) -> None:
        if self.carry:
            self._emit(self.carry, f"第{self.body_paragraphs + 1}段", "body", None)
            self.carry = []


def _rows(tbl: _Element) -> Iterator[_Element]:
    """A table's rows, including rows inside row-level content controls."""
    for child in tbl:
        if child.tag == TR:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _rows(content)


def _furniture(document: Document) -> list[tuple[str, Part]]:
    """(label, header or footer part) in section order, each part once."""
    body = document.element.body
    sections = list(body.iter(SECT_PR))
    found: list[tuple[str, str, str, Part]] = []  # (kind, type, section number, part)
    seen: set[int] = set()
    for number, sect in enumerate(sections, 1):
        for ref in sect:
            kind = "header" if ref.tag == W + "headerReference" else "footer" if ref.tag == W + "footerReference" else None
            if kind is None:
                continue
            rel = document.part.rels.get(ref.get(_R + "id") or "")
            if rel is None or rel.is_external or id(rel.target_part) in seen:
                continue
            seen.add(id(rel.target_part))
            found.append((kind, val(ref, "type") or "default", str(number), rel.target_part))
    several = len({n for _, _, n, _ in found}) > 1
    ordered = sorted(found, key=lambda f: (f[0] != "header", int(f[2])))
    return [((f"第{n}节" if several else "") + _FURNITURE_NAMES.get((k, t), "页眉" if k == "header" else "页脚"), part)
            for k, t, n, part in ordered]


def layout(document: Document, keep_pieces: bool = False) -> Layout:
    """The lines of an opened python-docx Document (pieces only when keep_pieces: for annotating)."""
    try:
        numbering_el = document.part.numbering_part.element
    except Exception:  # noqa: BLE001 - no numbering part: nothing is auto-numbered
        numbering_el = None
    try:
        styles_el = document.styles.element
    except Exception:  # noqa: BLE001 - a package without styles is still readable
        styles_el = None
    notes = {"footnote": _notes(_related(document.part, "/footnotes")), "endnote": _notes(_related(document.part, "/endnotes"))}
    collector = _Collector(Numbering(numbering_el, parse_styles(styles_el)), notes, keep_pieces)
    for label, part in _furniture(document):
        before = len(collector.lines)
        element = _element(part)
        if element is None:
            continue
        collector.block(element, _Where("header" if "页眉" in label else "footer", label, None))
        kept = [line for line in collector.lines[before:] if line.text.strip() and not _PAGE_NUMBER.match(line.text)]
        del collector.lines[before:]
        collector.lines.extend(kept)
    collector.block(document.element.body, _Where("body", None, None))
    collector.finish()
    lines = collector.lines
    while lines and not lines[-1].text.strip():  # trailing empty paragraphs add nothing
        lines.pop()
    return Layout(tuple(lines))
