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
import json
from dataclasses import dataclass
from pathlib import Path

import regex

from lintlaw.model import Finding, Problem, Severity, Status

DIRECTIVE = regex.compile(
    r"^\s*(?:<!--\s*)?lintlaw-(?P<verb>disable-next-line|disable-file|disable|enable)\s+"
    r"(?P<names>[\w/\-]+(?:\s*,\s*[\w/\-]+)*)(?:\s+--\s*(?P<reason>.*?))?\s*(?:-->)?\s*$"
)
BASELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Directive:
    line: int  # the directive's own line
    names: tuple[str, ...]
    first: int  # lines covered, inclusive
    last: int
    reason: str


def directives(text: str) -> tuple[Directive, ...]:
    lines = text.split("\n")
    found: list[Directive] = []
    open_blocks: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines, start=1):
        m = DIRECTIVE.match(line)
        if not m:
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
    return DIRECTIVE.match(line) is not None


def _names_rule(names: tuple[str, ...], rule: str) -> bool:
    return any(n == rule or rule.startswith(n + "/") for n in names)


def apply_directives(findings: list[Finding], found: tuple[Directive, ...], report_unused: bool) -> list[Finding]:
    used: set[Directive] = set()
    out: list[Finding] = []
    for f in findings:
        match = None
        if f.status is Status.FAIL:
            line = f.line or 0
            match = next((d for d in found if _names_rule(d.names, f.rule) and (d.first <= line <= d.last or (
                d.first == 1 and not f.span))), None)
        if match is None:
            out.append(f)
            continue
        used.add(match)
        why = f"：{match.reason}" if match.reason else ""
        out.append(dataclasses.replace(f, status=Status.SKIP, message=f"已按第{match.line}行的注释豁免{why}（原为：{f.message}）"))
    if report_unused:
        for d in found:
            if d not in used:
                out.append(Finding("lintlaw/unused-suppression", Status.FAIL, Severity.WARNING, findings[0].path if findings else "",
                                   None, f"第{d.line}行的豁免注释（{', '.join(d.names)}）没有豁免任何问题，可以删除"))
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
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != BASELINE_VERSION:
            return Problem(str(path), f"基线文件版本不是 {BASELINE_VERSION}")
        return frozenset((normalise_key(e["path"]), e["rule"], e["fingerprint"]) for e in data["findings"])
    except FileNotFoundError:
        return Problem(str(path), "基线文件不存在（用 lintlaw baseline 生成）")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return Problem(str(path), f"基线文件无法读取：{exc}")


def apply_baseline(findings: list[Finding], known: frozenset[tuple[str, str, str]], base: Path) -> list[Finding]:
    out = []
    for f in findings:
        if f.status is Status.FAIL and (baseline_key(f.path, base), f.rule, f.fingerprint) in known:
            out.append(dataclasses.replace(f, status=Status.SKIP, message=f"基线中已有，不再报告（原为：{f.message}）"))
        else:
            out.append(f)
    return out
