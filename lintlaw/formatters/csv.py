"""Render every finding as one CSV row (UTF-8 with a byte-order mark, so Excel reads the Chinese)."""

from __future__ import annotations

import csv
import io

from lintlaw.formatters.matrix import SEVERITY_LABEL, STATUS_LABEL
from lintlaw.model import Finding, Run

HEADER = ("文件", "行", "列", "结束行", "结束列", "位置", "规则", "规则名称", "结果", "严重程度", "信息", "原文", "依据")
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection):
# such cells get a leading apostrophe, which spreadsheets show as text and do not display.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def row(f: Finding) -> tuple[str, ...]:
    s = f.span
    numbers = (str(s.line), str(s.column), str(s.end_line), str(s.end_column)) if s else ("", "", "", "")
    texts = (f.location, f.rule, f.title, STATUS_LABEL[f.status], SEVERITY_LABEL[f.severity], f.message,
             f.evidence, f.citation)
    return (_safe(f.path), *numbers, *(_safe(t) for t in texts))


def render_csv(run: Run) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for result in run.results:
        writer.writerows(row(f) for f in result.findings)
        writer.writerows(
            (_safe(p.path), str(p.line or ""), "", "", "", "", "", "", "无法检查", "错误", p.reason, "", "")
            for p in result.problems
        )
    writer.writerows((_safe(s.path), "", "", "", "", "", "", "", "已跳过", "", s.reason, "", "") for s in run.skipped)
    return "\ufeff" + out.getvalue()
