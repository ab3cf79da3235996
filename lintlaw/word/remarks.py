"""The words of each comment: a finding's message, suggestion, citation and place, and the summary
of the checklist that opens the annotated draft. Pure functions of findings."""

from __future__ import annotations

from collections.abc import Sequence

from lintlaw.model import Finding, Packs, Severity, Status

SEVERITY_NAMES = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def remark(finding: Finding, elsewhere: str = "") -> str:
    """Comment text for a failing finding; elsewhere names where it is when the comment cannot sit there."""
    lines = [f"【{SEVERITY_NAMES[finding.severity]}】{finding.title or finding.rule}（{finding.rule}）", finding.message]
    if elsewhere:
        lines.append(f"位置：{elsewhere}")
    if finding.fix is not None:
        replacement = finding.fix[2]
        lines.append(f"建议：改为“{replacement}”" if replacement else "建议：删除")
    if finding.citation:
        lines.append(f"依据：{finding.citation}")
    return "\n".join(lines)


def summary(findings: Sequence[Finding], packs: Packs) -> str:
    """The checklist in brief: counts, then every error-level failure, in the checklist's order."""
    passed = sum(f.status is Status.PASS for f in findings)
    failed = [f for f in findings if f.status is Status.FAIL]
    skipped = sum(f.status is Status.SKIP for f in findings)
    lines = [f"lintlaw 审核意见：{passed} 项通过，{len(failed)} 项不通过，{skipped} 项跳过。"]
    errors = sorted((f for f in failed if f.severity is Severity.ERROR), key=lambda f: (packs.rank(f.rule), f.line))
    if errors:
        lines.append(f"错误级不通过项（{len(errors)} 项）：")
        for i, f in enumerate(errors, 1):
            where = f"（{f.location or f'第{f.line}行'}）" if f.span else ""
            lines.append(f"{i}. {f.title or f.rule}：{f.message}{where}")
    else:
        lines.append("没有错误级不通过项。")
    others = len(failed) - len(errors)
    if others:
        lines.append(f"另有 {others} 项警告或提示级问题，见文中各条批注。")
    return "\n".join(lines)
