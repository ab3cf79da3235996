"""Render a run as one self-contained HTML review page: summary, the documents × rules matrix, and a
document view (rendered on demand by the page's script) with each finding marked where it is."""

from __future__ import annotations

import json
from html import escape
from pathlib import PurePath
from typing import Any
from collections.abc import Sequence

from lintlaw.formatters import html_assets, matrix
from lintlaw.formatters.matrix import MARK, SEVERITY_LABEL, Cell
from lintlaw.formatters.summary import summary
from lintlaw.model import FileResult, Finding, RuleInfo, Run, Severity, Status

# Kinds whose failure means something the report must contain is not there: the document view lists
# these first, with the place where the missing part belongs (the failure's location).
_ABSENCE_KINDS = frozenset({"require", "require-all", "meta", "overlap"})
_SEVERITY_CLASS = {Severity.ERROR: "e", Severity.WARNING: "w", Severity.INFO: "i"}
# Rule columns start after the document, failures and errors columns (for the page's nth-child filters).
FIRST_RULE_COLUMN = 4


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element whatever the report says (no </script>, no <!--)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _name(result: FileResult) -> str:
    title = result.source.title if result.source else ""
    return title or PurePath(result.path).name


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole}（{round(100 * part / whole)}%）" if whole else "0/0"


# --- summary -------------------------------------------------------------------------------------


def _summary(run: Run, grid: Sequence[tuple[Cell, ...]], cols: Sequence[RuleInfo]) -> str:
    totals = summary(run)
    unreadable = sum(bool(r.problems) for r in run.results)
    rates = matrix.rates(grid, cols)
    checked = len(run.results) - unreadable
    out = ['<section id="summary"><h2>概况</h2>']
    out.append(
        f'<p class="totals">共检查 <b id="n-files">{totals["files"]}</b> 个文件'
        + (f"，其中 {unreadable} 个无法读取" if unreadable else "")
        + (f"；另有 {len(run.skipped)} 个文件不是可检查的格式，已跳过" if run.skipped else "")
        + f'。不通过 {totals["fail"]} 项：错误 {totals["error"]} 项，警告 {totals["warning"]} 项，'
        f'提示 {totals["info"]} 项；通过 {totals["pass"]} 项，跳过 {totals["skip"]} 项。</p>'
    )
    tallies = matrix.items(grid, cols)
    if tallies:
        out.append('<h3>督察工作规定要求年度报告写明的五项内容</h3><table class="items"><thead><tr>'
                   "<th>内容</th><th>检查的规则</th><th>全部通过</th><th>有不通过</th><th>未检查</th>"
                   "</tr></thead><tbody>")
        for t in tallies:
            names = "、".join(_e(r.title) for r in t.rules)
            out.append(f'<tr data-item="{t.number}"><th>{t.label}</th><td>{names}</td>'
                       f'<td class="num">{_percent(t.passed, checked)}</td><td class="num">{t.failed}</td>'
                       f'<td class="num">{t.unchecked}</td></tr>')
        out.append("</tbody></table>")
    worst = matrix.most_failed(rates, run.packs)
    if worst:
        out.append('<div class="lists"><div><h3>最常不符合的要求</h3><ol class="most-failed">')
        for r in worst:
            out.append(f'<li><span class="rid">{_e(r.rule.id)}</span> {_e(r.rule.title)}：'
                       f"{r.failed} 份不通过（共 {r.checked} 份，{round(100 * r.failed / r.checked)}%）</li>")
        out.append("</ol></div>")
    else:
        out.append('<div class="lists">')
    errors = matrix.most_errors(run.results)
    if errors:
        out.append('<div><h3>错误级问题最多的文件</h3><ol class="most-errors">')
        for i, n in errors:
            out.append(f'<li><a href="#d{i}">{_e(_name(run.results[i]))}</a>'
                       f'<span class="path">{_e(run.results[i].path)}</span>：错误 {n} 项</li>')
        out.append("</ol></div>")
    out.append("</div>")
    if run.skipped:
        out.append('<details class="skipped"><summary>已跳过的文件</summary><ul>')
        out.extend(f"<li>{_e(s.path)}：{_e(s.reason)}</li>" for s in run.skipped)
        out.append("</ul></details>")
    out.append("</section>")
    return "".join(out)


# --- matrix --------------------------------------------------------------------------------------


def _packs(cols: Sequence[RuleInfo]) -> list[tuple[str, int]]:
    groups: list[tuple[str, int]] = []
    for rule in cols:
        if groups and groups[-1][0] == rule.pack:
            groups[-1] = (rule.pack, groups[-1][1] + 1)
        else:
            groups.append((rule.pack, 1))
    return groups


def _toolbar(cols: Sequence[RuleInfo]) -> str:
    packs = "".join(
        f'<label><input type="checkbox" checked data-pack="{_e(p)}"> {_e(p)}（{n}）</label>' for p, n in _packs(cols)
    )
    severities = "".join(
        f'<label><input type="checkbox" checked data-severity="{s.label}"> {SEVERITY_LABEL[s]}</label>'
        for s in sorted({r.severity for r in cols}, reverse=True)
    )
    return (
        '<div class="toolbar" id="filters"><span class="group">规则包：' + packs + "</span>"
        '<span class="group">严重程度：' + severities + "</span>"
        '<span class="group">排序：<button type="button" data-sort="path">按文件</button>'
        '<button type="button" data-sort="fails">按不通过数</button></span></div>'
    )


def _head(cols: Sequence[RuleInfo]) -> str:
    groups = "".join(
        f'<th class="pack" data-pack="{_e(p)}" colspan="{n}">{_e(p)}</th>' for p, n in _packs(cols)
    )
    rules = "".join(
        f'<th class="rule" data-rule="{_e(r.id)}" data-pack="{_e(r.pack)}" data-severity="{r.severity.label}" '
        f'title="{_e(r.id)}（{SEVERITY_LABEL[r.severity]}）&#10;{_e(r.cite)}"><span>{_e(r.title)}</span></th>'
        for r in cols
    )
    # Fixed table layout (widths from these columns, not from 50,000 cells) keeps large batches responsive.
    colgroup = '<colgroup><col class="cd"><col class="cn"><col class="cn">' + '<col class="cr">' * len(cols) + "</colgroup>"
    return (
        colgroup + '<thead><tr class="h1"><th class="doc corner" rowspan="2">文件</th>'
        '<th class="count" rowspan="2" title="不通过的检查项数">不通过</th>'
        '<th class="count" rowspan="2" title="错误级的不通过项数">错误</th>'
        f'{groups}</tr><tr class="h2">{rules}</tr></thead>'
    )


def _cell_html(d: int, cell: Cell) -> str:
    if cell.status is None:
        return '<td class="n" title="未检查"></td>'
    mark = MARK[cell.status]
    line = f"<i>{cell.lines[0]}</i>" if cell.lines else ""
    more = f"<sup>×{cell.count}</sup>" if cell.count > 1 and cell.status is Status.FAIL else ""
    if cell.status is Status.SKIP:
        return f'<td class="k"><a href="#d{d}-f{cell.first}">{mark}</a></td>'
    cls = f"x {_SEVERITY_CLASS[cell.severity]}" if cell.severity else "o"
    return f'<td class="{cls}"><a href="#d{d}-f{cell.first}">{mark}{line}{more}</a></td>'


def _doc_header(d: int, result: FileResult) -> str:
    issuer = result.source.issuer if result.source else ""
    year = f"{result.report_year}年度" if result.report_year else "年度未知"
    sub = " · ".join(x for x in (issuer, year) if x)
    return (
        f'<th class="doc"><a href="#d{d}">{_e(_name(result))}</a>'
        f'<span class="path">{_e(result.path)}</span><span class="sub">{_e(sub)}</span></th>'
    )


def _row(d: int, result: FileResult, row: tuple[Cell, ...], width: int) -> str:
    fails, errors = matrix.failing(result), matrix.failing(result, Severity.ERROR)
    attrs = f'data-d="{d}" data-path="{_e(result.path)}" data-fails="{fails}"'
    if result.problems:
        reason = "；".join(p.reason for p in result.problems)
        return (f'<tr class="bad" {attrs}>{_doc_header(d, result)}<td class="num">–</td><td class="num">–</td>'
                f'<td class="problem" colspan="{width}">无法检查：{_e(reason)}</td></tr>')
    cells = "".join(_cell_html(d, c) for c in row)
    return f'<tr class="r" {attrs}>{_doc_header(d, result)}<td class="num">{fails}</td><td class="num">{errors}</td>{cells}</tr>'


def _foot(rates: Sequence[matrix.Rate]) -> str:
    cells = "".join(
        f'<td title="{_e(r.rule.id)}：{r.passed} 份通过，{r.failed} 份不通过，{r.skipped} 份跳过">'
        + (f"{round(100 * r.pass_rate)}%" if r.pass_rate is not None else "–") + "</td>"
        for r in rates
    )
    return f'<tfoot><tr class="r rate"><th class="doc">通过率</th><td></td><td></td>{cells}</tr></tfoot>'


def _matrix(run: Run, grid: Sequence[tuple[Cell, ...]], cols: Sequence[RuleInfo]) -> str:
    rows = "".join(_row(d, r, grid[d], len(cols)) for d, r in enumerate(run.results))
    return (
        '<section id="matrix-section"><h2>检查矩阵</h2>' + _toolbar(cols)
        + '<div class="scroll"><table id="matrix">' + _head(cols) + f"<tbody>{rows}</tbody>"
        + _foot(matrix.rates(grid, cols)) + "</table></div>"
        '<p class="legend"><span class="o">✓</span> 通过（数字为依据所在行） <span class="x e">✗</span> 不通过：错误 '
        '<span class="x w">✗</span> 警告 <span class="x i">✗</span> 提示（数字为行号，×N 为处数） '
        '<span class="k">–</span> 跳过 · 点击单元格查看原文</p></section>'
    )


# --- document data (rendered by the page's script when a document is opened) ---------------------
# Each document is one JSON block, parsed only when it is opened. A finding is an array
# [rule, status, severity, line, column, end line, end column, message, location, text, fix, missing]
# (rule: index into the page's rule table of id, title and citation; message: index into the page's
# message table, since most messages recur across documents; trailing nulls left out), and the
# report text is given once as its lines: a located finding's own excerpt is not repeated.

_STATUS_CODE = {Status.PASS: "p", Status.FAIL: "f", Status.SKIP: "k"}


class RuleTable:
    """Rule id, title and citation, and the messages, each numbered in the order findings first use them."""

    def __init__(self) -> None:
        self.index: dict[tuple[str, str, str], int] = {}
        self.message_index: dict[str, int] = {}

    def of(self, f: Finding) -> int:
        return self.index.setdefault((f.rule, f.title, f.citation), len(self.index))

    def message(self, text: str) -> int:
        return self.message_index.setdefault(text, len(self.message_index))

    def rows(self) -> list[list[str]]:
        return [list(key) for key in self.index]

    def messages(self) -> list[str]:
        return list(self.message_index)


def _finding_data(f: Finding, table: RuleTable, kinds: dict[str, str]) -> list[Any]:
    s = f.span
    missing = f.status is Status.FAIL and kinds.get(f.rule) in _ABSENCE_KINDS
    data: list[Any] = [
        table.of(f), _STATUS_CODE[f.status], int(f.severity),
        s.line if s else None, s.column if s else None, s.end_line if s else None, s.end_column if s else None,
        table.message(f.message), f.location or None, (f.evidence or None) if not s else None,
        f.fix[2] if f.fix is not None else None, 1 if missing else None,
    ]
    while data[-1] is None:
        data.pop()
    return data


def document_data(result: FileResult, kinds: dict[str, str], table: RuleTable) -> dict[str, Any]:
    source = result.source
    return {
        "path": result.path,
        "title": source.title if source else "",
        "issuer": source.issuer if source else "",
        "year": result.report_year,
        "format": result.format,
        "encoding": result.encoding,
        "lines": list(source.lines) if source else [],
        "labels": list(source.labels) if source else [],
        "findings": [_finding_data(f, table, kinds) for f in result.findings],
        "problems": [p.reason for p in result.problems],
    }


def _documents(run: Run, table: RuleTable) -> str:
    kinds = {r.id: r.kind for r in run.rules}
    return "".join(
        f'<script type="application/json" id="doc-{d}">{script_json(document_data(r, kinds, table))}</script>'
        for d, r in enumerate(run.results)
    )


def render_html(run: Run) -> str:
    cols = matrix.columns(run.rules, run.packs)
    grid = [matrix.cells(r, cols) for r in run.results]
    count = len(run.results)
    table = RuleTable()
    documents = _documents(run, table)
    labels = {"severity": {s.label: SEVERITY_LABEL[s] for s in Severity}, "firstRuleColumn": FIRST_RULE_COLUMN,
              "documents": count, "rules": table.rows(), "messages": table.messages()}
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>法治政府建设年度报告审查结果（{count} 份）</title>"
        f"<style>{html_assets.CSS}</style></head><body>"
        f'<header><h1>法治政府建设年度报告审查结果</h1><p class="by">由 lintlaw 生成 · {count} 份文件 · '
        f"{len(cols)} 条规则</p></header>"
        + _summary(run, grid, cols)
        + _matrix(run, grid, cols)
        + '<section id="view" aria-live="polite"><p class="hint">点击矩阵中的 ✓ 或 ✗，在这里查看报告原文和问题所在。</p></section>'
        + f'<script type="application/json" id="page">{script_json(labels)}</script>'
        + documents
        + f"<script>{html_assets.JS}</script></body></html>\n"
    )
