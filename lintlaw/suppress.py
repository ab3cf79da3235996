"""Decide which failures are not reported: inline suppression comments and a baseline of old findings.

Suppressed and baselined failures become `skip` findings that say why, so the checklist stays complete.

Inline directives (.txt and .md), on a line of their own, with an optional reason after `--`:

    <!-- lintlaw-disable-next-line writing/wording -- 引用原文 -->
    <!-- lintlaw-disable writing/stray-spaces -->   …   <!-- lintlaw-enable writing/stray-spaces -->
    <!-- lintlaw-disable-file privacy/mobile-number -- 单位值班电话 -->

The comment markers may be left out in .txt files (`lintlaw-disable-next-line writing/wording`).
A rule may be named by id or by pack; several names are separated by commas.
"""

from __future__ import annotations

import dataclasses
import heapq
import json
from dataclasses import dataclass
from pathlib import Path

import regex

from lintlaw import safeio
from lintlaw.model import Finding, Problem, Severity, Status

DIRECTIVE = regex.compile(
    r"^\s*(?:<!--\s*)?lintlaw-(?P<verb>disable-next-line|disable-file|disable|enable)\s+"
    r"(?P<names>[\w/\-]+(?:\s*,\s*[\w/\-]+)*)(?:\s+--(?!>)\s*(?P<reason>.*?))?\s*(?:-->)?\s*$"
)
# A directive line that names no rule: it suppresses nothing, and --report-unused-suppressions says so.
BARE_DIRECTIVE = regex.compile(r"^\s*(?:<!--\s*)?lintlaw-(?:disable-next-line|disable-file|disable|enable)\s*(?:--.*?)?(?:-->)?\s*$")
BASELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Directive:
    line: int  # the directive's own line
    names: tuple[str, ...]
    first: int  # lines covered, inclusive
    last: int
    reason: str


def directives(text: str) -> tuple[Directive, ...]:
    """Every directive of a text; one that names no rule is kept with no names (it suppresses nothing)."""
    lines = text.split("\n")
    found: list[Directive] = []
    open_blocks: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines, start=1):
        if "lintlaw-" not in line:
            continue
        m = DIRECTIVE.match(line)
        if not m:
            if BARE_DIRECTIVE.match(line):
                found.append(Directive(number, (), number, number, ""))
            continue
        names = tuple(n.strip() for n in m["names"].split(","))
        reason = m["reason"] or ""
        verb = m["verb"]
        if verb == "disable-next-line":
            found.append(Directive(number, names, number + 1, number + 1, reason))
        elif verb == "disable-file":
            found.append(Directive(number, names, 1, len(lines), reason))
        elif verb == "disable":
            for name in names:
                open_blocks[name] = (number, reason)
        else:
            for name in names:
                if name in open_blocks:
                    start, why = open_blocks.pop(name)
                    found.append(Directive(start, (name,), start, number, why))
    found.extend(Directive(start, (name,), start, len(lines), why) for name, (start, why) in open_blocks.items())
    return tuple(sorted(found, key=lambda d: (d.line, d.names)))


def is_directive(line: str) -> bool:
    # Every directive names "lintlaw-": the substring test spares the two patterns on other lines.
    return "lintlaw-" in line and (DIRECTIVE.match(line) is not None or BARE_DIRECTIVE.match(line) is not None)


def directive_lines(text: str) -> frozenset[int]:
    """The 0-based numbers of the lines that are directives (the document model leaves them out of the
    report's text, whatever the format)."""
    return frozenset(i for i, line in enumerate(text.split("\n")) if "lintlaw-" in line and is_directive(line.strip()))


def _matches(found: tuple[Directive, ...], findings: list[Finding]) -> list[int | None]:
    """For each finding, the position in `found` of the first directive that suppresses it (None: none).
    A directive covers a failure of a rule it names (by id or pack) on a line in [first, last]; one that
    starts at line 1 also covers failures without a line. Linear-logarithmic: directives are swept by
    line per name, so 300,000 directives cost what 300,000 lines do."""
    answer: list[int | None] = [None] * len(findings)
    by_name: dict[str, list[int]] = {}
    for position, d in enumerate(found):
        for name in d.names:
            by_name.setdefault(name, []).append(position)
    queries: dict[str, list[tuple[int, int]]] = {}  # name → (line, finding index)
    for index, f in enumerate(findings):
        if f.status is not Status.FAIL:
            continue
        parts = f.rule.split("/")
        for cut in range(len(parts), 0, -1):
            name = "/".join(parts[:cut])
            if name in by_name:
                queries.setdefault(name, []).append((f.line if f.span else 0, index))
    for name, asked in queries.items():
        positions = sorted(by_name[name], key=lambda p: found[p].first)
        active: list[tuple[int, int]] = []  # heap of (position, last line)
        cursor = 0
        at_line_one = min((p for p in positions if found[p].first == 1), default=None)
        for line, index in sorted(asked):
            if line == 0:
                best = at_line_one
            else:
                while cursor < len(positions) and found[positions[cursor]].first <= line:
                    heapq.heappush(active, (positions[cursor], found[positions[cursor]].last))
                    cursor += 1
                while active and active[0][1] < line:
                    heapq.heappop(active)  # ended above this line; later lines are further down
                best = active[0][0] if active else None
            if best is not None and (answer[index] is None or best < answer[index]):  # type: ignore[operator]
                answer[index] = best
    return answer


def apply_directives(findings: list[Finding], found: tuple[Directive, ...], report_unused: bool) -> list[Finding]:
    used: set[int] = set()
    out: list[Finding] = []
    for f, position in zip(findings, _matches(found, findings)):
        if position is None:
            out.append(f)
            continue
        used.add(position)
        match = found[position]
        why = f"：{match.reason}" if match.reason else ""
        out.append(dataclasses.replace(f, status=Status.SKIP, message=f"已按第{match.line}行的注释豁免{why}（原为：{f.message}）"))
    if report_unused:
        path = findings[0].path if findings else ""
        for position, d in enumerate(found):
            if position in used:
                continue
            message = (f"第{d.line}行的豁免注释（{', '.join(d.names)}）没有豁免任何问题，可以删除" if d.names
                       else f"第{d.line}行的豁免注释没有写规则编号或规则包，不会豁免任何问题")
            out.append(Finding("lintlaw/unused-suppression", Status.FAIL, Severity.WARNING, path, None, message))
    return out


# --- baseline -------------------------------------------------------------------------------


def baseline_key(path: str, base: Path) -> str:
    """A checked file's path as the baseline records it: relative to the baseline's folder, with /."""
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return normalise_key(Path(path).as_posix())


def normalise_key(key: str) -> str:
    """A recorded path compared the same way on every system: `/` separators (a baseline written or edited
    on Windows has `\\`), no leading `./`, a drive letter in lower case (C:/x and c:/x are one file)."""
    text = key.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    if len(text) > 1 and text[1] == ":" and text[0].isalpha():
        text = text[0].lower() + text[1:]
    return text


def write_baseline(findings: list[Finding], target: Path) -> str:
    entries = sorted(
        {(baseline_key(f.path, target.parent), f.rule, f.fingerprint, f.message) for f in findings if f.status is Status.FAIL}
    )
    data = {
        "version": BASELINE_VERSION,
        "findings": [{"path": p, "rule": r, "fingerprint": fp, "message": m} for p, r, fp, m in entries],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def read_baseline(path: Path) -> frozenset[tuple[str, str, str]] | Problem:
    text = safeio.read_utf8(path)
    if isinstance(text, safeio.Unreadable):
        if text.reason == "文件不存在":
            return Problem(str(path), "基线文件不存在（用 lintlaw baseline 生成）")
        return Problem(str(path), f"基线文件无法读取：{text.reason}")
    try:
        data = json.loads(text)
    except RecursionError:
        return Problem(str(path), "基线文件无法读取：JSON 嵌套过深")
    except ValueError as exc:
        return Problem(str(path), f"基线文件不是有效的 JSON：{exc}")
    try:
        if data.get("version") != BASELINE_VERSION:
            return Problem(str(path), f"基线文件版本不是 {BASELINE_VERSION}")
        return frozenset((normalise_key(str(e["path"])), str(e["rule"]), str(e["fingerprint"])) for e in data["findings"])
    except (KeyError, TypeError, AttributeError) as exc:
        return Problem(str(path), f"基线文件格式不对（{type(exc).__name__}: {exc}），请用 lintlaw baseline 重新生成")


def apply_baseline(findings: list[Finding], known: frozenset[tuple[str, str, str]], base: Path) -> list[Finding]:
    out = []
    for f in findings:
        if f.status is Status.FAIL and (baseline_key(f.path, base), f.rule, f.fingerprint) in known:
            out.append(dataclasses.replace(f, status=Status.SKIP, message=f"基线中已有，不再报告（原为：{f.message}）"))
        else:
            out.append(f)
    return out
