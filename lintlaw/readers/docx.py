"""Read a Word .docx file into a Source: refuse what is not a safe .docx, then lay its text out as lines.

python-docx opens the package (its lxml parser does not resolve entities and never loads a DTD);
lintlaw.readers.docx_layout decides what counts as text and labels every line (第N段, 表1第2行第3列,
页眉, 脚注3, 第N段中的文本框); every paragraph is one line of the produced text.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from lintlaw.model import Problem
from lintlaw.readers.base import Source
from lintlaw.readers.docx_layout import layout

if TYPE_CHECKING:
    from docx.document import Document

# Decompression-bomb guard, checked on the zip directory and then on the bytes each member really
# inflates to, before python-docx inflates anything.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # a package smaller than this once inflated is harmless at any ratio


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
    too_big = _inflated_problem(total, len(data))
    if too_big:
        return too_big
    if not any(i.filename == "word/document.xml" for i in infos) and not any(i.filename == "[Content_Types].xml" for i in infos):
        return "不是 Word 文档（zip 压缩包里没有 word/document.xml）"
    # The directory can lie about sizes: inflate every member in small steps, counting the bytes that
    # really come out, so a member bigger than declared stops at the bound (or at its bad CRC).
    return _inflate_check(data, len(data))


def _inflated_problem(total: int, size: int) -> str | None:
    if total > MAX_UNCOMPRESSED:
        return f"解压后过大（{total} 字节，上限 {MAX_UNCOMPRESSED} 字节），疑似压缩炸弹，拒绝读取"
    if total > RATIO_FLOOR and total > MAX_RATIO * max(size, 1):
        return f"压缩比异常（解压后 {total} 字节，是文件大小的 {total // max(size, 1)} 倍，上限 {MAX_RATIO} 倍），疑似压缩炸弹，拒绝读取"
    return None


_CHUNK = 64 * 1024


def _inflate_check(data: bytes, size: int) -> str | None:
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                with zf.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        too_big = _inflated_problem(total, size)
                        if too_big:
                            return too_big
    except Exception as exc:  # noqa: BLE001 - a bad CRC, a truncated stream, an unknown method: all reasons
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return f"不是有效的 .docx 文件（{detail}）"
    return None


def read_docx(data: bytes, display: str, fmt: str) -> Source | Problem:
    if not data:
        return Problem(display, "文件为空")
    reason = _bomb_check(data)
    if reason:
        return Problem(display, f"无法读取 Word 文件：{reason}")
    try:
        document = open_document(data)
        lines = layout(document).lines
    except Exception as exc:  # noqa: BLE001 - a malformed file is a one-line problem, never a crash
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return Problem(display, f"无法读取 Word 文件：{detail}")
    if not lines:
        return Problem(display, "Word 文件没有文字内容")
    return Source("\n".join(line.text for line in lines), fmt, "docx", tuple(line.label for line in lines))


def open_document(data: bytes) -> Document:
    """The python-docx Document of a package that passed the checks above."""
    import docx  # python-docx, imported only when a .docx is read

    return docx.Document(io.BytesIO(data))
