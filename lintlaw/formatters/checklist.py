"""Render the compliance checklist: for every document, every rule as ✓ pass, ✗ fail or – skip."""

from __future__ import annotations

from typing import Sequence

from lintlaw.api import Run
from lintlaw.formatters.summary import summary
from lintlaw.model import FileResult, Finding, Problem, Status
from lintlaw.rule import pack_rank

_MARK = {Status.PASS: "✓", Status.FAIL: "✗", Status.SKIP: "–"}
# Where the report year was read (FileResult.report_year_source), as the header names it.
_YEAR_SOURCE = {"title": "标题", "lead": "开头的引导语", "quoted-title": "引用的报告标题", "body": "正文"}


def _line(f: Finding) -> str:
    where = (f"第{f.line}行" + (f"（{f.location}）" if f.location else "")) if f.span else "—"
    detail = f.message if f.status is not Status.PASS else (f.evidence or f.message)
    return f"  {_MARK[f.status]} {f.rule:<42} {f.severity.label:<7} {where:<7} {f.title}：{detail}"


def _document(result: FileResult) -> list[str]:
    source = _YEAR_SOURCE.get(result.report_year_source, "")
    year = (f"{result.report_year}年度" + (f"，据{source}" if source else "")) if result.report_year else "年度未知"
    head = f"{result.path}（{result.format}，{result.encoding}，{year}）"
    out = [head]
    for p in result.problems:
        out.append(f"  ! {p.reason}")
    out.extend(_line(f) for f in sorted(result.findings, key=lambda f: (pack_rank(f.rule), f.line)))
    passed = sum(f.status is Status.PASS for f in result.findings)
    failed = sum(f.status is Status.FAIL for f in result.findings)
    out.append(f"  合计：{passed} 项通过，{failed} 项不通过")
    return out


def checklist_file(result: FileResult) -> str:
    return "\n".join(_document(result)) + "\n\n"


def checklist_footer(c: dict[str, int], skipped: Sequence[Problem]) -> str:
    lines = [f"{s.path}: 已跳过：{s.reason}" for s in skipped]
    lines.append(f"共 {c['files']} 个文件：{c['pass']} 项通过，{c['fail']} 项不通过，{c['skip']} 项跳过")
    return "\n".join(lines) + "\n"


def render_checklist(run: Run) -> str:
    return "".join(checklist_file(r) for r in run.results) + checklist_footer(summary(run), run.skipped)
