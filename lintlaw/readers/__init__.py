"""Choose a reader by file suffix and turn a file's bytes into a Source (text + format + encoding)."""

from __future__ import annotations

from pathlib import Path

from lintlaw import safeio
from lintlaw.model import Problem
from lintlaw.readers.base import MAX_BYTES, Source
from lintlaw.readers import text as _text


# The Word, PDF and web-page readers import their libraries (python-docx, lxml, pypdf) only when
# such a file is read, so checking .txt files never pays for them. These wrappers do the import.
def _read_docx(data: bytes, display: str, fmt: str) -> Source | Problem:
    from lintlaw.readers import docx

    return docx.read_docx(data, display, fmt)


def _read_pdf(data: bytes, display: str, fmt: str) -> Source | Problem:
    from lintlaw.readers import pdf

    return pdf.read_pdf(data, display, fmt)


def _read_html(data: bytes, display: str, fmt: str) -> Source | Problem:
    from lintlaw.readers import html

    return html.read_html(data, display, fmt)


# suffix → (format name, reader). A literal, read-only table; new formats add a line here.
READERS = {
    ".txt": ("txt", _text.read_text),
    ".md": ("md", _text.read_text),
    ".markdown": ("md", _text.read_text),
    ".docx": ("docx", _read_docx),
    ".pdf": ("pdf", _read_pdf),
    ".html": ("html", _read_html),
    ".htm": ("html", _read_html),
}

# Formats users commonly have that we cannot read, with the advice we give.
UNSUPPORTED_ADVICE = {
    ".doc": "旧版 Word（.doc）格式不支持，请在 Word 或 WPS 中“另存为” .docx 后再检查",
    ".docm": "启用宏的 Word 文档（.docm）不支持，请另存为 .docx 后再检查",
    ".dot": "Word 模板（.dot）不支持，请另存为 .docx 后再检查",
    ".dotx": "Word 模板（.dotx）不支持，请另存为 .docx 后再检查",
    ".wps": "WPS 文字（.wps）格式不支持，请在 WPS 中“另存为” .docx 后再检查",
    ".wpt": "WPS 模板（.wpt）不支持，请在 WPS 中“另存为” .docx 后再检查",
    ".rtf": "RTF 格式不支持，请在 Word 或 WPS 中“另存为” .docx 后再检查",
    ".odt": "OpenDocument 文本（.odt）不支持，请在 LibreOffice 或 WPS 中“另存为” .docx 后再检查",
    ".ofd": "OFD 版式文件不支持，请用 OFD 阅读器导出为 PDF 或文字后再检查",
    ".mht": "网页归档（.mht）不支持，请在浏览器中“另存为”网页（.html，仅 HTML）后再检查",
    ".mhtml": "网页归档（.mhtml）不支持，请在浏览器中“另存为”网页（.html，仅 HTML）后再检查",
    ".xls": "Excel 表格不是报告正文格式，不支持",
    ".xlsx": "Excel 表格不是报告正文格式，不支持",
    ".zip": "压缩包不能直接检查，请先解压",
    ".rar": "压缩包不能直接检查，请先解压",
    ".7z": "压缩包不能直接检查，请先解压",
}

__all__ = ["MAX_BYTES", "READERS", "Source", "is_supported", "read_data", "read_path", "unsupported_reason"]


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def unsupported_reason(path: Path) -> str:
    suffix = path.suffix.lower()
    return UNSUPPORTED_ADVICE.get(suffix, f"不支持的文件类型“{suffix or '无扩展名'}”，支持：{' '.join(sorted(READERS))}")


def read_path(path: Path, display: str, max_bytes: int = MAX_BYTES) -> Source | Problem:
    """Read one file into a Source, or say in one line why it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        return Problem(display, unsupported_reason(path))
    data = safeio.read_bytes(path, max_bytes)
    if isinstance(data, safeio.Unreadable):
        return Problem(display, data.reason)
    return read_data(path, data, display)


def read_data(path: Path, data: bytes, display: str) -> Source | Problem:
    """Decode bytes already read from path with the reader its suffix names."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        return Problem(display, unsupported_reason(path))
    fmt, reader = READERS[suffix]
    return reader(data, display, fmt)
