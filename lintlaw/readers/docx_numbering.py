"""Render the numbers Word draws in front of auto-numbered paragraphs (numbering.xml), as Word counts them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9
# A style's numbering: numId, ilvl and basedOn (each present only when the style says so).
StyleInfo = dict[str, str | None]


def val(el: _Element | None, name: str = "val") -> str | None:
    return None if el is None else el.get(W + name)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Level:
    start: int
    fmt: str
    text: str
    restart: int | None  # w:lvlRestart: restart after this 1-based level is used; 0 never; None after any higher level


def _level(lvl: _Element) -> Level:
    restart = lvl.find(W + "lvlRestart")
    return Level(
        start=_int(val(lvl.find(W + "start")), 1),
        fmt=val(lvl.find(W + "numFmt")) or "decimal",
        text=val(lvl.find(W + "lvlText")) or "",
        restart=None if restart is None else _int(val(restart), 0),
    )


@dataclass(frozen=True, slots=True)
class Instance:
    """A w:num: the abstract list it uses, with the levels and start values it overrides."""

    abstract: str
    starts: tuple[tuple[int, int], ...]  # (ilvl, startOverride)
    levels: tuple[tuple[int, Level], ...]  # (ilvl, a w:lvl given inside w:lvlOverride)


def parse_styles(styles_el: _Element | None) -> dict[str, StyleInfo]:
    """style id → the numbering it carries (numId, ilvl) and the style it is based on."""
    out: dict[str, StyleInfo] = {}
    if styles_el is None:
        return out
    for st in styles_el.findall(W + "style"):
        info: StyleInfo = {}
        based = st.find(W + "basedOn")
        if based is not None:
            info["basedOn"] = val(based)
        ppr = st.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None:
            info["numId"] = val(num_pr.find(W + "numId"))
            if num_pr.find(W + "ilvl") is not None:
                info["ilvl"] = val(num_pr.find(W + "ilvl"))
        out[val(st, "styleId") or ""] = info
    return out


class Numbering:
    """Counts list paragraphs in document order and gives each the label Word draws.

    Lists that share an abstract list continue each other's numbers, as in Word; a w:num with a
    startOverride is a list of its own that starts again (Word's 重新开始编号). A level restarts
    after any higher level is used, or only after the level its w:lvlRestart names (0: never).
    Counters live in the instance: one Numbering per pass over a document."""

    def __init__(self, numbering_el: _Element | None, styles: dict[str, StyleInfo]) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, Instance] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.styles = styles
        if numbering_el is None:
            return
        for an in numbering_el.findall(W + "abstractNum"):
            self.abstract[val(an, "abstractNumId") or ""] = {
                _int(val(lvl, "ilvl"), 0): _level(lvl) for lvl in an.findall(W + "lvl")
            }
        for num in numbering_el.findall(W + "num"):
            starts: list[tuple[int, int]] = []
            levels: list[tuple[int, Level]] = []
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _int(val(ov, "ilvl"), 0)
                start = ov.find(W + "startOverride")
                if start is not None:
                    starts.append((ilvl, _int(val(start), 1)))
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    levels.append((ilvl, _level(lvl)))
            abstract = val(num.find(W + "abstractNumId")) or ""
            self.nums[val(num, "numId") or ""] = Instance(abstract, tuple(starts), tuple(levels))

    def _num_pr(self, p: _Element) -> tuple[str, int] | None:
        ppr = p.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        style = val(ppr.find(W + "pStyle")) if ppr is not None else None
        num_id = val(num_pr.find(W + "numId")) if num_pr is not None else None
        ilvl = val(num_pr.find(W + "ilvl")) if num_pr is not None else None
        seen = set()
        while (num_id is None or ilvl is None) and style and style not in seen:
            seen.add(style)
            info = self.styles.get(style, {})
            num_id = num_id if num_id is not None else info.get("numId")
            ilvl = ilvl if ilvl is not None else info.get("ilvl")
            style = info.get("basedOn")
        if num_id is None or num_id == "0":
            return None
        return num_id, _int(ilvl, 0)

    def label(self, p: _Element) -> str:
        found = self._num_pr(p)
        if not found or found[0] not in self.nums:
            return ""
        num_id, ilvl = found
        instance = self.nums[num_id]
        levels = {**self.abstract.get(instance.abstract, {}), **dict(instance.levels)}
        if ilvl not in levels or not 0 <= ilvl < LEVELS:
            return ""
        starts = dict(instance.starts)
        key = f"num:{num_id}" if instance.starts else f"abstract:{instance.abstract}"
        counters = self.counters.setdefault(key, [None] * LEVELS)

        def start_of(level: int) -> int:
            return starts.get(level, levels[level].start if level in levels else 1)

        current = counters[ilvl]
        counters[ilvl] = start_of(ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        if levels[ilvl].fmt in ("bullet", "none"):
            return ""
        text = levels[ilvl].text
        for level in range(LEVELS):
            if f"%{level + 1}" in text:
                value = counters[level]
                if value is None:
                    value = start_of(level)
                fmt = levels[level].fmt if level in levels else "decimal"
                text = text.replace(f"%{level + 1}", format_number(value, fmt))
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
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                       (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
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
