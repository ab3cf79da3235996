"""Decode plain-text and Markdown bytes: BOMs, UTF-8, UTF-16 without BOM, then GB18030/GBK or Big5 —
detected (charset-normalizer decides between legacy encodings that both decode), never guessed."""

from __future__ import annotations

import codecs

import regex

from lintlaw.model import Problem
from lintlaw.readers.base import Source, normalise_newlines

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab, LF, CR and form feed do not occur in real text.
_CONTROL = (*map(chr, range(0x00, 0x09)), "\x0b", *map(chr, range(0x0E, 0x20)), "\x7f")
# Private-use characters mean a wrong legacy decoding far more often than real content.
_PRIVATE_USE = regex.compile(r"[\p{Co}]")


def _has_control(text: str) -> bool:
    """Whether the text holds one of the control characters: a search of the text for each, each at
    the speed of a memory scan (200 reports: 2.4 ms, against 8.2 ms for one regex search)."""
    return any(c in text for c in _CONTROL)


# Legacy Chinese encodings tried when the bytes are not UTF-8: simplified (GB18030 ⊃ GBK ⊃ GB2312) and
# traditional (cp950, Windows' Big5). Big5 bytes decode without error as GB18030, into garbage.
LEGACY = ("gb18030", "cp950")


# What Chinese report text is made of; a wrong decoding (binary data, the other byte order) is not.
_TEXTLIKE = regex.compile(r"[\p{Han}\p{P}\p{Zs}\p{N}\p{Latin}\t\n\r\f々〇￥×—…]")
UTF16_TEXTLIKE_SHARE = 0.95


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: of the two byte orders, the one that decodes strictly into
    text without control characters and made (almost) only of Chinese, Latin, digits and punctuation."""
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if not text or _has_control(text) or _PRIVATE_USE.search(text):
            continue
        share = len(_TEXTLIKE.findall(text)) / len(text)
        if share >= UTF16_TEXTLIKE_SHARE and (best is None or share > best[0]):
            best = (share, text, name)
    return (best[1], best[2]) if best else None


def _legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str] | str:
    """GB18030 or Big5 (cp950): the candidates that decode strictly, judged by charset-normalizer."""
    decoded: dict[str, str] = {}
    for name in LEGACY:
        try:
            decoded[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
    if not decoded:
        return f"无法解码：第 {utf8_error.start} 字节起既不是 UTF-8，也不是 GB18030/GBK 或 Big5 编码"
    import charset_normalizer  # only for files that are not UTF-8

    best = charset_normalizer.from_bytes(data, cp_isolation=list(decoded)).best()
    if best is None or best.encoding not in decoded:
        tried = "、".join("GB18030" if n == "gb18030" else "Big5" for n in decoded)
        return f"无法可靠地判断编码：不是 UTF-8，按 {tried} 解码都像乱码；请另存为 UTF-8 后再检查"
    text = decoded[best.encoding]
    if _has_control(text) or _PRIVATE_USE.search(text):
        return f"无法解码：第 {utf8_error.start} 字节起不是 UTF-8，按 {best.encoding} 解码得到乱码"
    return text, best.encoding


def decode(data: bytes) -> tuple[str, str] | str:
    """Return (text, encoding name) or a Chinese reason why the bytes are not text."""
    if not data:
        return "文件为空"
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                return f"带 {name} 字节顺序标记，但第 {exc.start} 字节起无法按 {name} 解码"
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        return "看起来是二进制文件（含空字节），不是文本"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        return _legacy(data, utf8_error)


def read_text(data: bytes, display: str, fmt: str) -> Source | Problem:
    decoded = decode(data)
    if isinstance(decoded, str):
        return Problem(display, decoded)
    text, encoding = decoded
    if _has_control(text):
        return Problem(display, "含有控制字符，看起来不是文本文件")
    if not text.strip():
        return Problem(display, "文件没有文字内容")
    return Source(normalise_newlines(text), fmt, encoding)
