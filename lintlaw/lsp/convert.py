"""Turn lintlaw results into Language Server Protocol values: positions in the client's code units,
diagnostics, edits, the checklist summary and the hover text of a rule."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from lsprotocol import types as lsp

from lintlaw.examples import Example
from lintlaw.model import FileResult, Finding, Problem, Severity, Span, Status
from lintlaw.rule import Rule

# Code units of a string in the position encoding agreed with the client (UTF-16 unless it chose another).
Units = Callable[[str], int]

SOURCE = "lintlaw"
PROBLEM_CODE = "lintlaw/problem"

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


def utf16_units(text: str) -> int:
    """UTF-16 code units: characters outside the Basic Multilingual Plane (emoji, rare CJK) count two."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


@dataclass(frozen=True, slots=True)
class Lines:
    """A text's lines as both lintlaw and LSP count them: split at LF, CRLF or a lone CR."""

    lines: tuple[str, ...]
    starts: tuple[int, ...]  # offset of each line in the newline-normalised text

    @staticmethod
    def of(text: str) -> Lines:
        lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        return Lines(lines, tuple(starts))

    def text(self, start: int, end: int) -> str:
        """The newline-normalised text between two offsets (without joining the whole text)."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, end) - 1
        joined = "\n".join(self.lines[first : last + 1])
        return joined[start - self.starts[first] : end - self.starts[first]]

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""


def position(lines: Lines, units: Units, line: int, column: int) -> lsp.Position:
    """A 0-based line and 0-based character column (lintlaw's unit) as an LSP position."""
    if line >= len(lines.lines):
        return lsp.Position(len(lines.lines) - 1, units(lines.lines[-1]))
    line = max(0, line)
    text = lines.lines[line]
    return lsp.Position(line, units(text[: max(0, min(column, len(text)))]))


def offset_position(lines: Lines, units: Units, offset: int) -> lsp.Position:
    """A newline-normalised text offset (as in Finding.fix) as an LSP position."""
    index = bisect.bisect_right(lines.starts, offset) - 1
    return position(lines, units, index, offset - lines.starts[index])


def character(lines: Lines, units: Units, pos: lsp.Position) -> tuple[int, int]:
    """An LSP position as a 0-based (line, character column); a position inside a surrogate pair or past
    the end of its line snaps to the next character boundary or the line's end."""
    text = lines.line(pos.line)
    counted = 0
    for index, char in enumerate(text):
        if counted >= pos.character:
            return pos.line, index
        counted += units(char)
    return pos.line, len(text)


def span_range(lines: Lines, units: Units, span: Span | None) -> lsp.Range:
    if span is None:
        return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    start = position(lines, units, span.line - 1, span.column - 1)
    end = position(lines, units, span.end_line - 1, span.end_column - 1)
    return lsp.Range(start, end)


def docs_href(docs_url: str | None, rule: str) -> lsp.CodeDescription | None:
    """The rule's documentation link: docs_url with {rule} replaced by the rule id."""
    if not docs_url:
        return None
    return lsp.CodeDescription(href=docs_url.replace("{rule}", rule))


def message(finding: Finding) -> str:
    where = f"（{finding.location}）" if finding.location else ""
    cite = f"\n依据：{finding.citation}" if finding.citation else ""
    return f"{finding.message}{where}{cite}"


def diagnostic(finding: Finding, lines: Lines, units: Units, docs_url: str | None = None) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=span_range(lines, units, finding.span),
        message=message(finding),
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        code_description=docs_href(docs_url, finding.rule),
        source=SOURCE,
    )


def problem_diagnostic(problem: Problem) -> lsp.Diagnostic:
    """A problem that kept some or all of the document from being checked, shown at its top."""
    return lsp.Diagnostic(
        range=lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
        message=f"lintlaw 未能完成检查：{problem}",
        severity=lsp.DiagnosticSeverity.Error,
        code=PROBLEM_CODE,
        source=SOURCE,
    )


def diagnostics(result: FileResult, lines: Lines, units: Units, docs_url: str | None = None) -> list[lsp.Diagnostic]:
    """Every failing finding, in lintlaw's order, then the problems."""
    failing = sorted((f for f in result.findings if f.status is Status.FAIL), key=Finding.sort_key)
    return [*(diagnostic(f, lines, units, docs_url) for f in failing), *map(problem_diagnostic, result.problems)]


def summary_title(result: FileResult) -> str:
    """The checklist's total, as the checklist format words it."""
    passed = sum(f.status is Status.PASS for f in result.findings)
    failed = sum(f.status is Status.FAIL for f in result.findings)
    skipped = sum(f.status is Status.SKIP for f in result.findings)
    title = f"{passed} 项通过，{failed} 项不通过"
    return title + (f"，{skipped} 项跳过" if skipped else "")


_MARK = {Status.PASS: "✓", Status.FAIL: "✗", Status.SKIP: "–"}


def symbols(result: FileResult, lines: Lines, units: Units) -> list[lsp.DocumentSymbol]:
    """The checklist as one symbol over the whole document, with a child per finding that has a line."""
    whole = lsp.Range(lsp.Position(0, 0), position(lines, units, len(lines.lines) - 1, len(lines.lines[-1])))
    children = []
    for f in sorted((f for f in result.findings if f.span), key=Finding.sort_key):
        where = span_range(lines, units, f.span)
        detail = f.evidence if f.status is Status.PASS and f.evidence else f.message
        children.append(lsp.DocumentSymbol(
            name=f"{_MARK[f.status]} {f.rule}",
            detail=f"{f.title}：{detail}" if f.title else detail,
            kind=lsp.SymbolKind.Event if f.status is Status.FAIL else lsp.SymbolKind.Boolean,
            range=where,
            selection_range=where,
        ))
    top = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    return [lsp.DocumentSymbol(name=f"lintlaw 检查结果：{summary_title(result)}", kind=lsp.SymbolKind.File,
                               range=whole, selection_range=top, children=children)]


def suppression(rule: str, fmt: str, indent: str = "") -> str:
    """The directive line that suppresses rule on the next line (lintlaw.suppress): an HTML comment in
    Markdown, the bare directive in plain text, where a comment would be shown as text."""
    directive = f"lintlaw-disable-next-line {rule}"
    return f"{indent}<!-- {directive} -->" if fmt == "md" else f"{indent}{directive}"


def fix_edit(fix: tuple[int, int, str], lines: Lines, units: Units) -> lsp.TextEdit:
    start, end, text = fix
    return lsp.TextEdit(lsp.Range(offset_position(lines, units, start), offset_position(lines, units, end)), text)


def _examples(title: str, examples: tuple[Example, ...]) -> list[str]:
    out = [f"**{title}**", ""]
    for example in examples:
        out += ["```text", example.text.rstrip("\n"), "```", ""]
    return out


def hover_markdown(rule: Rule) -> str:
    """What `lintlaw rules show` says about a rule, as Markdown."""
    return "\n".join([
        f"**{rule.id}** · {rule.severity.label} · {rule.title}",
        "",
        rule.description or rule.title,
        "",
        f"依据：{rule.cite}",
        "",
        *_examples("通过的例子", rule.examples_pass),
        *_examples("不通过的例子（⟦⟧ 标出应报告的位置）", rule.examples_fail),
    ]).rstrip("\n")
