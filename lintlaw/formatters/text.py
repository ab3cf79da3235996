"""Render failures one per line (path:line:col: severity rule message), then the files skipped and a summary.

Problems (files that could not be read) are not part of this output: the CLI reports each of them once,
on stderr, and the summary counts them."""

from __future__ import annotations

from collections.abc import Sequence

from lintlaw.formatters.summary import summary, tallies
from lintlaw.model import FileResult, Problem, Run, Status


def text_file(result: FileResult) -> str:
    if result.skipped:
        return f"{result.path}: 已跳过：{result.skipped}\n"
    out: list[str] = []
    tally = tallies(result.findings)
    for i, f in enumerate(result.findings):
        if f.status is Status.FAIL:
            where = f"（{f.location}）" if f.location else ""
            position = f"{f.path}:{f.line}:{f.span.column}" if f.span else f.path
            out.append(f"{position}: {f.severity.label} {f.rule} {f.message}{where}\n")
            if i in tally:  # the total of a rule listed in part: a statement, not one more failure
                out.append(f"{position}: {f.severity.label} {f.rule} {tally[i]}\n")
    return "".join(out)


def summary_line(c: dict[str, int], skipped: int) -> str:
    """检查了 N 个文件：… — N counts the files actually checked; the rest are counted after it."""
    return (
        f"检查了 {c['files']} 个文件：{c['fail']} 项不通过（error {c['error']}，warning {c['warning']}，info {c['info']}），"
        f"{c['pass']} 项通过，{c['skip']} 项跳过"
        + (f"，{c['unreadable']} 个文件无法读取" if c.get("unreadable") else "")
        + (f"，{c['not_reports']} 个文件不是法治政府建设年度报告（已跳过）" if c.get("not_reports") else "")
        + (f"，{skipped} 个文件未检查" if skipped else "")
    )


def text_footer(c: dict[str, int], skipped: Sequence[Problem]) -> str:
    lines = [f"{s.path}: 已跳过：{s.reason}\n" for s in skipped]
    lines.append(summary_line(c, len(skipped)) + "\n")
    return "".join(lines)


def render_text(run: Run) -> str:
    return "".join(text_file(r) for r in run.results) + text_footer(summary(run), run.skipped)
