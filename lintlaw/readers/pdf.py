"""Read a PDF's text layer with pypdf: one visual line per text line, labelled "第P页第L行".

Lines are kept as the PDF draws them; the Document model joins a line that does not end a
sentence with the next one, across hard wraps and page breaks alike. What the reader removes is
what would stop that join: page numbers standing alone on a line (- 3 -, — 3 —, 第3页, 3/12)
at the top or bottom of a page. A PDF without any text (a scan) is a Problem, never an empty pass.
"""

from __future__ import annotations

import io
import logging

import regex

from lintlaw.model import Problem
from lintlaw.readers.base import Source, normalise_newlines

NO_TEXT_LAYER = "PDF 没有文字层（可能是扫描件），无法检查；请先做文字识别（OCR）"

# A line that is only a page number: "3", "- 3 -", "— 3 —", "第 3 页", "第3页 共12页", "3/12".
_PAGE_NUMBER = regex.compile(
    r"^[\s\-—–－·•]*(?:第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?)[\s\-—–－·•]*$"
)
# Characters pypdf may leave that are not text: NUL and the other C0 controls except tab and newline.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _page_lines(text: str) -> list[str]:
    lines = [_CONTROL.sub("", line).rstrip() for line in normalise_newlines(text).split("\n")]
    lines = [line for line in lines if line.strip()]
    # Drop page numbers among the first and last two lines of the page.
    edge = {0, 1, len(lines) - 2, len(lines) - 1}
    return [line for i, line in enumerate(lines) if not (i in edge and _PAGE_NUMBER.match(line))]


def read_pdf(data: bytes, display: str, fmt: str) -> Source | Problem:
    if not data:
        return Problem(display, "文件为空")
    if b"%PDF-" not in data[:1024]:
        return Problem(display, "无法读取 PDF 文件：不是 PDF 文件（没有 %PDF- 文件头）")
    try:
        import pypdf  # imported only when a PDF is read

        logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # malformed-file chatter is not our output
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return Problem(display, "无法读取 PDF 文件：文件已加密（有打开密码），请先去掉密码")
            except Exception:  # noqa: BLE001 - unsupported encryption is a reason, not a crash
                return Problem(display, "无法读取 PDF 文件：文件已加密，无法解密，请先去掉密码")
        lines: list[str] = []
        labels: list[str] = []
        for number, page in enumerate(reader.pages, 1):
            for index, line in enumerate(_page_lines(page.extract_text() or ""), 1):
                lines.append(line)
                labels.append(f"第{number}页第{index}行")
    except Exception as exc:  # noqa: BLE001 - a malformed file is a one-line problem, never a crash
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return Problem(display, f"无法读取 PDF 文件：{detail}")
    if not any(line.strip() for line in lines):
        return Problem(display, NO_TEXT_LAYER)
    return Source("\n".join(lines), fmt, "pdf", tuple(labels))
