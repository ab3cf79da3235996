"""Read a Word .docx file: body paragraphs and table cells in document order, one line each.

python-docx opens the package (its lxml parser does not resolve entities and never loads a DTD);
the text itself is read from the XML here, because the reader must decide what counts as text:
tracked deletions (w:del, w:moveFrom) are left out and tracked insertions (w:ins) kept; comments,
footnotes, field codes (w:instrText) and the fallback copy of alternate content are left out; the
number Word draws in front of a paragraph with automatic numbering (一、 （一） 1.) is put back in
front of its text, so the outline reads the same as in a typed report.

Every paragraph is one line of the produced text. Labels: "第N段" where N counts the body
paragraphs that have text (empty paragraphs are empty lines without a label), and
"表T第R行第C列" for the paragraphs of a table cell.
"""

from __future__ import annotations

import io
import zipfile

from lintlaw.model import Problem
from lintlaw.readers.base import Source, normalise_newlines

# Decompression-bomb guard, checked on the zip directory before python-docx inflates anything.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # a package smaller than this once inflated is harmless at any ratio

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (_W + n for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
T, TAB, BR, CR, PTAB = (_W + n for n in ("t", "tab", "br", "cr", "ptab"))
NO_BREAK_HYPHEN = _W + "noBreakHyphen"
# Subtrees whose text is not part of the visible, accepted text of a paragraph.
_SKIP = {
    _W + "del",  # tracked deletion
    _W + "moveFrom",  # tracked move: the old place
    _W + "delText",
    _W + "instrText",  # field code (HYPERLINK "…", PAGE)
    _W + "delInstrText",
    _W + "pPr",
    _W + "rPr",
    _W + "fldData",
    _MC + "Fallback",  # the same content again, for old readers
}


def _val(el, name: str) -> str | None:
    return None if el is None else el.get(_W + name)


class _Numbering:
    """Render Word's automatic numbering (numbering.xml) the way Word draws it."""

    def __init__(self, numbering_el, styles: dict[str, dict]):
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.styles = styles
        if numbering_el is None:
            return
        for an in numbering_el.findall(_W + "abstractNum"):
            levels = {}
            for lvl in an.findall(_W + "lvl"):
                levels[int(_val(lvl, "ilvl") or 0)] = {
                    "start": int(_val(lvl.find(_W + "start"), "val") or 1),
                    "fmt": _val(lvl.find(_W + "numFmt"), "val") or "decimal",
                    "text": _val(lvl.find(_W + "lvlText"), "val") or "",
                }
            self.abstract[_val(an, "abstractNumId") or ""] = levels
        for num in numbering_el.findall(_W + "num"):
            overrides = {}
            for ov in num.findall(_W + "lvlOverride"):
                start = ov.find(_W + "startOverride")
                if start is not None:
                    overrides[int(_val(ov, "ilvl") or 0)] = int(_val(start, "val") or 1)
            self.nums[_val(num, "numId") or ""] = (_val(num.find(_W + "abstractNumId"), "val") or "", overrides)

    def _num_pr(self, p) -> tuple[str, int] | None:
        ppr = p.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        style = _val(ppr.find(_W + "pStyle"), "val") if ppr is not None else None
        num_id = _val(num_pr.find(_W + "numId"), "val") if num_pr is not None else None
        ilvl = _val(num_pr.find(_W + "ilvl"), "val") if num_pr is not None else None
        seen = set()
        while (num_id is None or ilvl is None) and style and style not in seen:
            seen.add(style)
            info = self.styles.get(style, {})
            num_id = num_id if num_id is not None else info.get("numId")
            ilvl = ilvl if ilvl is not None else info.get("ilvl")
            style = info.get("basedOn")
        if num_id is None or num_id == "0":
            return None
        return num_id, int(ilvl or 0)

    def label(self, p) -> str:
        found = self._num_pr(p)
        if not found or found[0] not in self.nums:
            return ""
        num_id, ilvl = found
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 10)
        current = counters[ilvl]
        counters[ilvl] = (overrides.get(ilvl, levels[ilvl]["start"]) if current is None else current + 1)
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        if levels[ilvl]["fmt"] in ("bullet", "none"):
            return ""
        text = levels[ilvl]["text"]
        for level in range(9):
            if f"%{level + 1}" in text:
                value = counters[level]
                if value is None:
                    value = overrides.get(level, levels.get(level, {}).get("start", 1))
                fmt = levels[ilvl]["fmt"] if level == ilvl else levels.get(level, {}).get("fmt", "decimal")
                text = text.replace(f"%{level + 1}", _format_number(value, fmt))
        return text


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_GAN = "甲乙丙丁戊己庚辛壬癸"
_ZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d, n = divmod(n, power)
        if d:
            if zero:
                out += digits[0]
            out += ("" if (power == 10 and d == 1 and not out) else digits[d]) + unit
            zero = False
        elif out:
            zero = True
        if not n:
            break
    return out


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt == "ideographTraditional" and 0 < n <= 10:
        return _GAN[n - 1]
    if fmt == "ideographZodiac" and 0 < n <= 12:
        return _ZHI[n - 1]
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))
    if fmt in ("upperLetter", "lowerLetter"):
        s = _letters(n)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        s = _roman(n)
        return s if fmt == "upperRoman" else s.lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("decimalEnclosedParen",) and 0 < n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _styles(doc) -> dict[str, dict]:
    """style id → numbering it carries and the style it is based on."""
    out: dict[str, dict] = {}
    try:
        root = doc.styles.element
    except Exception:  # noqa: BLE001 - a package without styles is still readable
        return out
    for st in root.findall(_W + "style"):
        info: dict = {}
        based = st.find(_W + "basedOn")
        if based is not None:
            info["basedOn"] = _val(based, "val")
        ppr = st.find(_W + "pPr")
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        if num_pr is not None:
            info["numId"] = _val(num_pr.find(_W + "numId"), "val")
            if num_pr.find(_W + "ilvl") is not None:
                info["ilvl"] = _val(num_pr.find(_W + "ilvl"), "val")
        out[_val(st, "styleId") or ""] = info
    return out


def _runs_text(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == T:
            out.append(child.text or "")
        elif tag in (TAB, PTAB):
            out.append("\t")
        elif tag in (BR, CR):
            out.append("\n")
        elif tag == NO_BREAK_HYPHEN:
            out.append("-")
        elif tag == P:  # a paragraph of a text box inside a run: its own line
            out.append("\n")
            _runs_text(child, out)
            out.append("\n")
        else:
            _runs_text(child, out)


def _mark_deleted(p) -> bool:
    """The paragraph mark itself is a tracked deletion: the paragraph runs on into the next."""
    ppr = p.find(_W + "pPr")
    rpr = ppr.find(_W + "rPr") if ppr is not None else None
    return rpr is not None and rpr.find(_W + "del") is not None


class _Collector:
    def __init__(self, numbering: _Numbering):
        self.lines: list[str] = []
        self.labels: list[str] = []
        self.body_paragraphs = 0
        self.tables = 0
        self.numbering = numbering
        self.carry = ""

    def paragraph(self, p, cell_label: str | None) -> None:
        parts: list[str] = []
        _runs_text(p, parts)
        text = "".join(parts)
        if _mark_deleted(p):
            self.carry += text
            return
        text = self.carry + text
        self.carry = ""
        if text.strip():
            text = self.numbering.label(p) + text
        if cell_label is None:
            if text.strip():
                self.body_paragraphs += 1
                label = f"第{self.body_paragraphs}段"
            else:
                label = ""
        else:
            label = cell_label if text.strip() else ""
        for line in normalise_newlines(text).split("\n"):
            self.lines.append(line)
            self.labels.append(label if line.strip() else "")

    def table(self, tbl, prefix: str = "") -> None:
        self.tables += 1
        name = f"{prefix}表{self.tables}"
        for r, tr in enumerate(tbl.findall(TR), 1):
            c = 0
            for tc in tr.iter(TC):
                if tc.getparent() is not tr and tc.getparent().tag != SDT_CONTENT:
                    continue
                c += 1
                # A vertically merged continuation cell repeats nothing: its text is in the cell above.
                self.block(tc, f"{name}第{r}行第{c}列")

    def block(self, container, cell_label: str | None = None) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self.paragraph(child, cell_label)
            elif tag == TBL:
                self.table(child)
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self.block(content, cell_label)


def _bomb_check(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return "这是旧版 Word（.doc）文件而不是 .docx，请在 Word 或 WPS 中另存为 .docx 后再检查"
        if data[:5] == b"%PDF-":
            return "这是 PDF 文件而不是 .docx，请把扩展名改为 .pdf 后再检查"
        head = data[:512].lstrip()
        if head[:1] == b"<" and b"<html" in data[:4096].lower():
            return "这是网页（HTML）文件而不是 .docx，请把扩展名改为 .html 后再检查"
        return "不是有效的 .docx 文件（不是 zip 压缩包，或文件不完整）"
    except Exception as exc:  # noqa: BLE001 - any failure of the zip layer is a reason, not a crash
        return f"不是有效的 .docx 文件（{type(exc).__name__}）"
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        return f"解压后过大（{total} 字节，上限 {MAX_UNCOMPRESSED} 字节），疑似压缩炸弹，拒绝读取"
    if total > RATIO_FLOOR and total > MAX_RATIO * max(len(data), 1):
        return f"压缩比异常（解压后 {total} 字节，是文件大小的 {total // max(len(data), 1)} 倍，上限 {MAX_RATIO} 倍），疑似压缩炸弹，拒绝读取"
    if not any(i.filename == "word/document.xml" for i in infos) and not any(i.filename == "[Content_Types].xml" for i in infos):
        return "不是 Word 文档（zip 压缩包里没有 word/document.xml）"
    return None


def read_docx(data: bytes, display: str, fmt: str) -> Source | Problem:
    if not data:
        return Problem(display, "文件为空")
    reason = _bomb_check(data)
    if reason:
        return Problem(display, f"无法读取 Word 文件：{reason}")
    try:
        import docx  # python-docx, imported only when a .docx is read

        document = docx.Document(io.BytesIO(data))
        try:
            numbering_el = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part: nothing is auto-numbered
            numbering_el = None
        collector = _Collector(_Numbering(numbering_el, _styles(document)))
        collector.block(document.element.body)
        if collector.carry:
            collector.lines.append(collector.carry)
            collector.labels.append(f"第{collector.body_paragraphs + 1}段")
    except Exception as exc:  # noqa: BLE001 - a malformed file is a one-line problem, never a crash
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return Problem(display, f"无法读取 Word 文件：{detail}")
    lines, labels = collector.lines, collector.labels
    # Trailing empty paragraphs add nothing.
    while lines and not lines[-1].strip():
        lines.pop()
        labels.pop()
    if not lines:
        return Problem(display, "Word 文件没有文字内容")
    return Source("\n".join(lines), fmt, "docx", tuple(labels))
