"""Build code actions from a lint outcome: a finding's safe fix, a suppression comment for its line, and
every safe fix of the document; and find the failing findings at a position or in a range."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types as lsp

from lintlaw import fixer
from lintlaw.lsp import convert
from lintlaw.lsp.convert import Units
from lintlaw.lsp.worker import Outcome
from lintlaw.model import Finding, Status

FIX_ALL_KIND = lsp.CodeActionKind.SourceFixAll
FIX_ALL_TITLE = "修正本文件中全部可安全修正的问题"


def covers(finding: Finding, line: int, column: int) -> bool:
    """Whether a failing finding's span contains a 0-based position (its end included, so that an empty
    span at the start of a line is found there)."""
    span = finding.span
    if span is None or finding.status is not Status.FAIL:
        return False
    return (span.line - 1, span.column - 1) <= (line, column) <= (span.end_line - 1, span.end_column - 1)


def touching(outcome: Outcome, units: Units, rng: lsp.Range) -> list[Finding]:
    """The failing findings whose span meets the range; those without a line count as at the very start."""
    start = convert.character(outcome.lines, units, rng.start)
    end = convert.character(outcome.lines, units, rng.end)
    found = []
    for f in sorted(outcome.result.findings, key=Finding.sort_key):
        if f.status is not Status.FAIL:
            continue
        if f.span is None:
            if start == (0, 0):
                found.append(f)
            continue
        first, last = (f.span.line - 1, f.span.column - 1), (f.span.end_line - 1, f.span.end_column - 1)
        if first <= end and start <= last:
            found.append(f)
    return found


def workspace_edit(uri: str, version: int | None, edits: list[lsp.TextEdit], versioned: bool) -> lsp.WorkspaceEdit:
    """Edits of one document; tied to the version they were made for when the client supports that."""
    if versioned:
        document = lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(document, edits)])
    return lsp.WorkspaceEdit(changes={uri: edits})


def suppress_action(outcome: Outcome, f: Finding, eol: str, units: Units, versioned: bool) -> lsp.CodeAction:
    if f.span is None:
        text = f"lintlaw-disable-file {f.rule}"
        text = f"<!-- {text} -->" if outcome.format == "md" else text
        at, title = lsp.Position(0, 0), f"在文件开头加注释，本文件不检查 {f.rule}"
    else:
        line = outcome.lines.line(f.span.line - 1)
        indent = line[: len(line) - len(line.lstrip())]
        text = convert.suppression(f.rule, outcome.format, indent)
        at, title = lsp.Position(f.span.line - 1, 0), f"在上一行加注释，豁免本行的 {f.rule}"
    edit = lsp.TextEdit(lsp.Range(at, at), text + eol)
    return lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix,
                          diagnostics=[convert.diagnostic(f, outcome.lines, units, outcome.docs_url)],
                          edit=workspace_edit(outcome.uri, outcome.version, [edit], versioned))


def fix_action(outcome: Outcome, f: Finding, units: Units, versioned: bool) -> lsp.CodeAction:
    assert f.fix is not None
    start, end, replacement = f.fix
    edit = convert.fix_edit(f.fix, outcome.lines, units)
    return lsp.CodeAction(title=f"安全修正：把“{outcome.lines.text(start, end)}”改为“{replacement}”",
                          kind=lsp.CodeActionKind.QuickFix,
                          diagnostics=[convert.diagnostic(f, outcome.lines, units, outcome.docs_url)],
                          is_preferred=True, edit=workspace_edit(outcome.uri, outcome.version, [edit], versioned))


def fix_all_action(full: Outcome, units: Units, versioned: bool) -> lsp.CodeAction | None:
    """Every safe fix of an unbounded (--fix style) outcome, as --fix applies them; None when there is none."""
    edits = fixer.edits_of(list(full.result.findings))
    if not edits:
        return None
    text_edits = [convert.fix_edit((e.start, e.end, e.replacement), full.lines, units) for e in edits]
    return lsp.CodeAction(title=f"{FIX_ALL_TITLE}（{len(edits)} 处）", kind=FIX_ALL_KIND,
                          edit=workspace_edit(full.uri, full.version, text_edits, versioned))


def wants(only: Sequence[str] | None, kind: str) -> bool:
    """Whether the client's `only` filter admits actions of this kind (a prefix admits its sub-kinds)."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)
