"""Decode plain-text and Markdown bytes: BOMs, UTF-8, GB18030/GBK, UTF-16 — detected, never guessed."""

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
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Private-use characters mean a wrong legacy decoding far more often than real content.
_PRIVATE_USE = regex.compile(r"[\p{Co}]")


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
        return "看起来是二进制文件（含空字节），不是文本"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return f"无法解码：第 {utf8_error.start} 字节起既不是 UTF-8 也不是 GB18030/GBK 编码"
        if _CONTROL.search(text) or _PRIVATE_USE.search(text):
            return f"无法解码：第 {utf8_error.start} 字节起不是 UTF-8，按 GB18030 解码得到乱码"
        return text, "gb18030"


def read_text(data: bytes, display: str, fmt: str) -> Source | Problem:
    decoded = decode(data)
    if isinstance(decoded, str):
        return Problem(display, decoded)
    text, encoding = decoded
    if _CONTROL.search(text):
        return Problem(display, "含有控制字符，看起来不是文本文件")
    if not text.strip():
        return Problem(display, "文件没有文字内容")
    return Source(normalise_newlines(text), fmt, encoding)
