"""Choose a reader by file suffix and turn a file's bytes into a Source (text + format + encoding)."""

from __future__ import annotations

from pathlib import Path

from lintlaw.model import Problem
from lintlaw.readers.base import MAX_BYTES, Source
from lintlaw.readers import text as _text

# suffix → (format name, reader). A literal, read-only table; new formats add a line here.
READERS = {
    ".txt": ("txt", _text.read_text),
    ".md": ("md", _text.read_text),
    ".markdown": ("md", _text.read_text),
}

# Formats users commonly have that we cannot read yet, with the advice we give.
UNSUPPORTED_ADVICE = {
    ".doc": "旧版 Word（.doc）格式暂不支持，请另存为 .docx 或 .txt 后再检查",
    ".wps": "WPS 文字（.wps）格式暂不支持，请另存为 .docx 或 .txt 后再检查",
    ".docx": "Word（.docx）格式暂不支持，请另存为 .txt（UTF-8）后再检查",
    ".pdf": "PDF 格式暂不支持，请导出为 .txt 后再检查",
    ".html": "网页（.html）格式暂不支持，请另存为 .txt 后再检查",
    ".htm": "网页（.htm）格式暂不支持，请另存为 .txt 后再检查",
}

__all__ = ["READERS", "Source", "is_supported", "read_path", "unsupported_reason", "MAX_BYTES"]


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
    fmt, reader = READERS[suffix]
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Problem(display, f"文件过大（{size} 字节，上限 {max_bytes} 字节）")
        data = path.read_bytes()
    except IsADirectoryError:
        return Problem(display, "是目录而不是文件")
    except PermissionError:
        return Problem(display, "没有读取权限")
    except OSError as exc:
        return Problem(display, f"无法读取文件（{exc.strerror or exc}）")
    return reader(data, display, fmt)
