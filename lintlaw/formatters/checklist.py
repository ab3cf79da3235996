"""Render the compliance checklist: for every document, every rule as ✓ pass, ✗ fail or – skip."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from lintlaw.formatters.summary import summary
from lintlaw.model import Detail, FileResult, Finding, Packs, Problem, Run, Status

MAX_ROWS = 12  # rows of one rule's breakdown shown in the checklist (JSON has them all)
_MARK = {Status.PASS: "✓", Status.FAIL: "✗", Status.SKIP: "–"}
# Where the report year was read (FileResult.report_year_source), as the header names it.
_YEAR_SOURCE = {"title": "标题", "lead": "开头的引导语", "quoted-title": "引用的报告标题", "body": "正文"}

# The report items in the order the 督察工作规定 lists them (measures and results, shortfalls and their
# causes, first responsible persons, next year's plan, other matters), then the form of the report.
STRUCTURE_ORDER = (
    "structure/report-type", "structure/title", "structure/achievements", "structure/shortfalls",
    "structure/shortfall-causes", "structure/shortfalls-substance", "structure/repeated-shortfalls",
    "structure/first-responsible-person", "structure/next-year-plan", "structure/plan-addresses-shortfalls",
    "structure/plan-follow-through", "structure/other-matters",
    "structure/addressee", "structure/issuer-and-date", "structure/secrecy-marking",
)
DEFAULT_WIDTH = 100  # columns, when the caller does not give the terminal's
_LINES_SHOWN = 10  # line numbers listed for a rule that fails many times


def _rank(rule: str, packs: Packs) -> tuple[int, str, int, str]:
    """Packs in their order (unlisted ones by name), the structure pack's rules in the regulation's order."""
    place, rule_id = packs.rank(rule)
    pack = rule_id.split("/", 1)[0]
    if rule in STRUCTURE_ORDER:
        return (place, pack, STRUCTURE_ORDER.index(rule), rule_id)
    return (place, pack, len(STRUCTURE_ORDER), rule_id)


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _one_line(text: str) -> str:
    """Evidence may span lines of the report; in the checklist it never breaks a line."""
    return " ".join(text.split())


def _wrap(head: str, body: str, width: int) -> list[str]:
    """head + body, the body wrapped to `width` display columns, continuation lines indented."""
    indent = " " * 4
    lines: list[str] = []
    current, used = head, _columns(head)
    for ch in body:
        w = _columns(ch)
        if used + w > width and used > _columns(indent):
            lines.append(current.rstrip())
            current, used = indent, len(indent)
            if ch == " ":
                continue
        current += ch
        used += w
    lines.append(current.rstrip())
    return lines


def _where(f: Finding) -> str:
    return (f"第{f.line}行" + (f"（{f.location}）" if f.location else "")) if f.span else "—"


def _head(f: Finding) -> str:
    return f"  {_MARK[f.status]} {f.rule:<42} {f.severity.label:<7} {_where(f):<7} "


def _line(f: Finding, width: int) -> list[str]:
    detail = f.message if f.status is not Status.PASS else (f.evidence or f.message)
    return _wrap(_head(f), _one_line(f"{f.title}：{detail}"), width)


def _many(group: list[Finding], width: int) -> list[str]:
    """One line for a rule that fails more than once: the count, the first lines, the first message."""
    first = group[0]
    count = max(first.total, len(group))
    numbers = list(dict.fromkeys(f.line for f in group if f.span))
    shown = "、".join(str(n) for n in numbers[:_LINES_SHOWN])
    more = "…" if count > len(group) or len(numbers) > _LINES_SHOWN else ""
    lines = f"：第{shown}{more}行" if numbers else ""
    body = _one_line(f"{first.title} {count} 处{lines}。首处：{first.message}")
    return _wrap(_head(first), body, width)


def _document(result: FileResult, width: int, packs: Packs) -> list[str]:
    source = _YEAR_SOURCE.get(result.report_year_source, "")
    year = (f"{result.report_year}年度" + (f"，据{source}" if source else "")) if result.report_year else "年度未知"
    head = f"{result.path}（{result.format}，{result.encoding}，{year}）"
    out = [head]
    if result.skipped:
        return [head, f"  – 已跳过：{result.skipped}"]
    if result.previous is not None:
        out.append(f"  上一年度报告：{result.previous.path if result.previous.paired else '未配对'}（{result.previous.reason}）")
    for p in result.problems:
        out.append(f"  ! {_one_line(p.reason)}")
    by_rule: dict[str, list[Finding]] = {}
    for f in sorted(result.findings, key=lambda f: (_rank(f.rule, packs), f.line)):
        by_rule.setdefault(f.rule, []).append(f)
    for group in by_rule.values():
        fails = [f for f in group if f.status is Status.FAIL]
        others = [f for f in group if f.status is not Status.FAIL]
        if len(fails) > 1:
            out.extend(_many(fails, width))
        else:
            for f in fails:
                out.extend(_line(f, width))
        for f in others:
            out.extend(_line(f, width))
    out.extend(_comparison(result, packs))
    passed = sum(f.status is Status.PASS for f in result.findings)
    failed = sum(f.status is Status.FAIL for f in result.findings)
    out.append(f"  合计：{passed} 项通过，{failed} 项不通过")
    return out


def _detail(d: Detail) -> str:
    mark = {"pass": "✓", "fail": "✗"}.get(d.status, "·")
    where = "，".join(x for x in (f"本年第{d.line}行" if d.line else "", f"上年第{d.previous_line}行" if d.previous_line else "") if x)
    if d.before or d.after:
        figures = f"{d.before}→{d.after}" + (f"（{d.note}）" if d.note else "")
        return f"      {mark} {d.label}：{figures}" + (f"  {where}" if where else "")
    score = f"相似度{d.score:.2f}" if d.score is not None else ""
    tail = "；".join(x for x in (where, score, d.note) if x)
    return f"      {mark} {d.label}" + (f"（{tail}）" if tail else "")


def _comparison(result: FileResult, packs: Packs) -> list[str]:
    """The 与上一年度对照 block: the pairing and what each cross-year rule found, row by row."""
    pairing = result.previous
    if pairing is None or not pairing.rules:
        return []
    out = ["  与上一年度对照："]
    if not pairing.paired:
        out.append(f"    未对照：{pairing.reason}")
        return out
    for f in sorted((f for f in result.findings if f.rule in pairing.rules), key=lambda f: (packs.rank(f.rule), f.line)):
        if f.details or f.status is not Status.FAIL:
            out.append(f"    {_MARK[f.status]} {f.title}：{_one_line(f.message)}")
            out.extend(_detail(d) for d in f.details[:MAX_ROWS])
            if len(f.details) > MAX_ROWS:
                out.append(f"      … 共 {len(f.details)} 项，完整列表见 --format json")
    return out


def checklist_file(result: FileResult, width: int, packs: Packs) -> str:
    """One document's checklist, its rules in the packs' order, wrapped to `width` display columns."""
    return "\n".join(_document(result, width, packs)) + "\n\n"


def checklist_footer(c: dict[str, int], skipped: Sequence[Problem]) -> str:
    lines = [f"{s.path}: 已跳过：{s.reason}" for s in skipped]
    lines.append(
        f"共检查 {c['files']} 个文件：{c['pass']} 项通过，{c['fail']} 项不通过，{c['skip']} 项跳过"
        + (f"；{c['unreadable']} 个文件无法读取" if c.get("unreadable") else "")
        + (f"；{c['not_reports']} 个文件不是法治政府建设年度报告（已跳过）" if c.get("not_reports") else "")
    )
    return "\n".join(lines) + "\n"


def render_checklist(run: Run, width: int = DEFAULT_WIDTH) -> str:
    return "".join(checklist_file(r, width, run.packs) for r in run.results) + checklist_footer(summary(run), run.skipped)
