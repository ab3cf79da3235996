"""Render failures one per line (path:line:col: severity rule message), then problems and a summary."""

from __future__ import annotations

from typing import Sequence

from lintlaw.api import Run
from lintlaw.formatters.summary import summary, tallies
from lintlaw.model import FileResult, Problem, Status


def text_file(result: FileResult) -> str:
    out: list[str] = []
    tally = tallies(result.findings)
    for i, f in enumerate(result.findings):
        if f.status is Status.FAIL:
            where = f"（{f.location}）" if f.location else ""
            position = f"{f.path}:{f.line}:{f.span.column}" if f.span else f.path
            out.append(f"{position}: {f.severity.label} {f.rule} {f.message}{where}\n")
            if i in tally:  # the total of a rule listed in part: a statement, not one more failure
                out.append(f"{position}: {f.severity.label} {f.rule} {tally[i]}\n")
    out.extend(f"{p}: error\n" for p in result.problems)
    return "".join(out)


def text_footer(c: dict[str, int], skipped: Sequence[Problem]) -> str:
    lines = [f"{s.path}: 已跳过：{s.reason}\n" for s in skipped]
    lines.append(
        f"检查了 {c['files']} 个文件：{c['fail']} 项不通过（error {c['error']}，warning {c['warning']}，info {c['info']}），"
        f"{c['pass']} 项通过，{c['skip']} 项跳过"
        + (f"，{len(skipped)} 个文件未检查" if skipped else "")
        + "\n"
    )
    return "".join(lines)


def render_text(run: Run) -> str:
    return "".join(text_file(r) for r in run.results) + text_footer(summary(run), run.skipped)
