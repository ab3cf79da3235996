"""Render a run as the bytes of an Excel workbook (XlsxWriter): the matrix 「汇总」, every failure
「问题清单」, and the rules with their pass rates 「规则」."""

from __future__ import annotations

import datetime
import io
from pathlib import PurePath
from typing import Any
from collections.abc import Sequence

import xlsxwriter

from lintlaw.formatters import matrix
from lintlaw.formatters.matrix import MARK, SEVERITY_LABEL, Cell
from lintlaw.model import FileResult, RuleInfo, Run, Severity, Status

SUMMARY_HEAD = ("文件", "标题", "发文机关", "年度", "不通过", "错误")
ISSUES_HEAD = ("文件", "行", "位置", "规则", "规则名称", "严重程度", "信息", "原文", "依据")
RULES_HEAD = ("规则", "规则包", "名称", "严重程度", "依据", "通过", "不通过", "跳过", "通过率")
# Fixed document properties, so the same results give the same workbook.
_CREATED = datetime.datetime(2000, 1, 1)
_COMMENT_LINES = 6  # failing lines listed in a cell's comment; more are counted


def _comment(result: FileResult, rule: RuleInfo) -> str:
    fails = [f for f in result.findings if f.status is Status.FAIL and f.rule == rule.id]
    lines = [f"第{f.line}行：{f.message}" if f.span else f.message for f in fails[:_COMMENT_LINES]]
    if len(fails) > _COMMENT_LINES:
        lines.append(f"……共 {len(fails)} 处")
    return "\n".join(lines)


def _summary_sheet(book: Any, run: Run, cols: Sequence[RuleInfo], grid: Sequence[tuple[Cell, ...]], fmt: dict[str, Any]) -> None:
    sheet = book.add_worksheet("汇总")
    head = [*SUMMARY_HEAD, *(r.title for r in cols)]
    sheet.write_row(0, 0, head, fmt["head"])
    for j, rule in enumerate(cols):
        sheet.write_comment(0, len(SUMMARY_HEAD) + j, f"{rule.id}\n{rule.cite}", {"x_scale": 2, "y_scale": 1.5})
    for i, (result, row) in enumerate(zip(run.results, grid), start=1):
        source = result.source
        sheet.write_string(i, 0, result.path)
        sheet.write_string(i, 1, (source.title if source else "") or PurePath(result.path).name)
        sheet.write_string(i, 2, source.issuer if source else "")
        if result.report_year:
            sheet.write_number(i, 3, result.report_year)
        if result.problems:
            sheet.write_string(i, 4, "无法检查：" + "；".join(p.reason for p in result.problems), fmt["error"])
            continue
        sheet.write_number(i, 4, matrix.failing(result))
        sheet.write_number(i, 5, matrix.failing(result, Severity.ERROR))
        for j, (rule, cell) in enumerate(zip(cols, row), start=len(SUMMARY_HEAD)):
            if cell.status is None:
                continue
            style = fmt[cell.severity.label] if cell.severity else fmt[cell.status.value]
            sheet.write_string(i, j, MARK[cell.status], style)
            if cell.status is Status.FAIL:
                sheet.write_comment(i, j, _comment(result, rule), {"x_scale": 3, "y_scale": 2})
            elif cell.status is Status.PASS and cell.lines:
                sheet.write_comment(i, j, f"依据在第{cell.lines[0]}行", {"x_scale": 1.5})
    for i, skipped in enumerate(run.skipped, start=len(run.results) + 1):
        sheet.write_string(i, 0, skipped.path)
        sheet.write_string(i, 4, "已跳过：" + skipped.reason)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(run.results) + len(run.skipped), 1), len(head) - 1)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 2, 18)
    sheet.set_column(3, 5, 7)
    sheet.set_column(len(SUMMARY_HEAD), len(head) - 1, 5, fmt["center"])
    sheet.set_row(0, 120, fmt["head"])


def _issues_sheet(book: Any, run: Run, fmt: dict[str, Any]) -> None:
    sheet = book.add_worksheet("问题清单")
    sheet.write_row(0, 0, ISSUES_HEAD, fmt["head"])
    i = 0
    for result in run.results:
        for f in result.findings:
            if f.status is not Status.FAIL:
                continue
            i += 1
            sheet.write_string(i, 0, f.path)
            if f.span:
                sheet.write_number(i, 1, f.line)
            for j, text in enumerate((f.location, f.rule, f.title, SEVERITY_LABEL[f.severity], f.message,
                                      f.evidence, f.citation), start=2):
                if text:
                    sheet.write_string(i, j, text, fmt[f.severity.label] if j == 5 else fmt["wrap"])
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(i, 1), len(ISSUES_HEAD) - 1)
    for j, width in enumerate((34, 7, 12, 30, 28, 9, 60, 40, 50)):
        sheet.set_column(j, j, width)


def _rules_sheet(book: Any, cols: Sequence[RuleInfo], grid: Sequence[tuple[Cell, ...]], fmt: dict[str, Any]) -> None:
    sheet = book.add_worksheet("规则")
    sheet.write_row(0, 0, RULES_HEAD, fmt["head"])
    for i, rate in enumerate(matrix.rates(grid, cols), start=1):
        rule = rate.rule
        sheet.write_row(i, 0, (rule.id, rule.pack, rule.title, SEVERITY_LABEL[rule.severity], rule.cite), fmt["wrap"])
        sheet.write_row(i, 5, (rate.passed, rate.failed, rate.skipped))
        if rate.pass_rate is not None:
            sheet.write_number(i, 8, rate.pass_rate, fmt["percent"])
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(cols), 1), len(RULES_HEAD) - 1)
    for j, width in enumerate((34, 10, 34, 9, 60, 7, 7, 7, 8)):
        sheet.set_column(j, j, width)


def render_xlsx(run: Run) -> bytes:
    cols = matrix.columns(run.rules, run.packs)
    grid = [matrix.cells(r, cols) for r in run.results]
    out = io.BytesIO()
    # strings_to_numbers/formulas/urls off: report text is always written as text, never as a formula.
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    book.set_properties({"title": "法治政府建设年度报告审查结果", "author": "lintlaw", "created": _CREATED})
    font = {"font_name": "等线", "font_size": 11}
    fmt = {
        "head": book.add_format({**font, "bold": True, "bg_color": "#F2F2F2", "text_wrap": True, "valign": "top"}),
        "wrap": book.add_format({**font, "text_wrap": True, "valign": "top"}),
        "center": book.add_format({**font, "align": "center"}),
        "percent": book.add_format({**font, "num_format": "0%"}),
        "pass": book.add_format({**font, "align": "center", "font_color": "#1A7F37", "bg_color": "#E6F4EA"}),
        "skip": book.add_format({**font, "align": "center", "font_color": "#6B7280"}),
        "error": book.add_format({**font, "align": "center", "bold": True, "font_color": "#B42318", "bg_color": "#FDE7E6"}),
        "warning": book.add_format({**font, "align": "center", "bold": True, "font_color": "#9A6700", "bg_color": "#FFF4D6"}),
        "info": book.add_format({**font, "align": "center", "font_color": "#1F5FA8", "bg_color": "#E7F0FB"}),
    }
    _summary_sheet(book, run, cols, grid, fmt)
    _issues_sheet(book, run, fmt)
    _rules_sheet(book, cols, grid, fmt)
    book.close()
    return out.getvalue()
