"""Render failures one per line (path:line:col: severity rule message), then problems and a summary."""

from __future__ import annotations

from lintlaw.api import Run
from lintlaw.formatters.summary import summary
from lintlaw.model import Status


def render_text(run: Run) -> str:
    out: list[str] = []
    for result in run.results:
        for f in result.findings:
            if f.status is Status.FAIL:
                where = f"（{f.location}）" if f.location else ""
                position = f"{f.path}:{f.line}:{f.span.column}" if f.span else f.path
                out.append(f"{position}: {f.severity.label} {f.rule} {f.message}{where}")
        for p in result.problems:
            out.append(f"{p}: error")
    for s in run.skipped:
        out.append(f"{s.path}: 已跳过：{s.reason}")
    c = summary(run)
    out.append(
        f"检查了 {c['files']} 个文件：{c['fail']} 项不通过（error {c['error']}，warning {c['warning']}，info {c['info']}），"
        f"{c['pass']} 项通过，{c['skip']} 项跳过"
        + (f"，{len(run.skipped)} 个文件未检查" if run.skipped else "")
    )
    return "\n".join(out) + "\n"
