"""Annotate a draft: each failing finding becomes a Word comment on its exact span, a summary of the
checklist becomes a first comment on the title, and (asked for) the safe fixes become tracked changes."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lintlaw import api, readers
from lintlaw.fixer import Edit, edits_of
from lintlaw.model import FileResult, Finding, Packs, Problem, Status
from lintlaw.readers.docx_layout import Line, layout
from lintlaw.word import remarks, tracked
from lintlaw.word.anchor import LineRuns

AUTHOR = "lintlaw"
INITIALS = "LL"
OUTPUT_SUFFIX = ".审核意见.docx"
_ANCHORABLE = ("body", "cell")
_FURNITURE = ("header", "footer")


@dataclass(frozen=True, slots=True)
class Annotated:
    data: bytes  # the annotated .docx
    comments: int  # comments added, the summary included
    changes: int  # tracked deletions and insertions added


def default_output(draft: Path) -> Path:
    """DRAFT.审核意见.docx beside the draft."""
    return draft.with_name(draft.stem + OUTPUT_SUFFIX)


def target_problem(draft: Path, target: Path, force: bool) -> Problem | None:
    """Why the draft cannot be annotated into target, before anything is checked or written."""
    if not draft.exists():
        return Problem(str(draft), "文件不存在")
    if not draft.is_file():
        return Problem(str(draft), "不是文件")
    if target.suffix.lower() != ".docx":
        return Problem(str(target), "输出文件的扩展名应为 .docx")
    if not target.parent.is_dir():
        return Problem(str(target), "输出文件所在的目录不存在")
    if target.is_dir():
        return Problem(str(target), "输出位置是目录而不是文件")
    if target.exists() and target.resolve() == draft.resolve():
        return Problem(str(target), "输出文件不能是草稿本身（草稿从不被改写）")
    if target.exists() and not force:
        return Problem(str(target), "输出文件已存在，未改写（加 --force 覆盖）")
    return None


def annotate_path(
    draft: Path, options: api.Options, config_path: Path | None, suggest: bool, now: dt.datetime
) -> tuple[FileResult, Annotated] | tuple[Problem, ...]:
    """Check the draft as `lintlaw check` would, then annotate it; the result and the new file's bytes."""
    run = api.check_paths([str(draft)], options, config_path)
    problems = (*run.problems, *(p for r in run.results for p in r.problems))
    if problems:
        return problems
    [result] = run.results
    edits: list[Edit] = []
    if suggest:  # every safe fix, as --fix applies them, not only the findings shown
        fixes = api.check_paths([str(draft)], dataclasses.replace(options, fix=True), config_path)
        edits = edits_of([f for r in fixes.results for f in r.findings])
    document = open_draft(draft, result)
    if isinstance(document, Problem):
        return (document,)
    try:
        annotated = annotate(document, result, edits, now, run.packs, _title_line(draft, options, config_path, document))
    except Exception as exc:  # noqa: BLE001 - an unforeseen shape of Word file: one line, never a traceback
        return (Problem(result.path, f"无法在此 Word 文件中加批注（{type(exc).__name__}: {str(exc)[:120]}）"),)
    if isinstance(annotated, Problem):
        return (annotated,)
    return result, annotated


def _title_line(draft: Path, options: api.Options, config_path: Path | None, document: Any) -> int | None:
    """The line of the report's title, found as the checks found it (with the rules' vocabulary)."""
    text = "\n".join(line.text for line in layout(document).lines)
    return api.report_title_line(text, draft, options, config_path)


def open_draft(draft: Path, result: FileResult) -> Any:
    """The draft as a python-docx Document: the .docx itself, or a new one of the text lintlaw checked."""
    try:
        if result.format == "docx":
            from lintlaw.readers.docx import open_document

            return open_document(draft.read_bytes())
        source = readers.read_path(draft, result.path)
        if isinstance(source, Problem):
            return source
        from lintlaw.word.fromtext import document_of

        return document_of(source.text)
    except Exception as exc:  # noqa: BLE001 - it was just read without trouble; say why it failed now
        return Problem(result.path, f"无法打开草稿以加批注：{str(exc)[:120] or type(exc).__name__}")


def annotate(
    document: Any, result: FileResult, edits: Sequence[Edit], now: dt.datetime, packs: Packs, title_line: int | None = None
) -> Annotated | Problem:
    """Add the comments (and tracked changes for edits) to an opened python-docx Document; its bytes.
    The summary goes on title_line (1-based), else on the first paragraph with text."""
    lines = layout(document, keep_pieces=True).lines
    places = _Places(lines)
    if places.first_body is None:
        return Problem(result.path, "Word 文件正文没有可以加批注的文字")
    when = now.astimezone(dt.UTC).replace(microsecond=0)
    failing = sorted((f for f in result.findings if f.status is Status.FAIL), key=Finding.sort_key)
    first, last = places.whole(title_line - 1 if title_line else places.first_body)
    _comment(document, (first, last), remarks.summary(result.findings, packs), when)
    for finding in failing:
        span, elsewhere = places.of(finding)
        _comment(document, span, remarks.remark(finding, elsewhere), when)
    changes = _suggest(document, lines, places, edits, when) if edits else 0
    out = io.BytesIO()
    document.save(out)
    return Annotated(out.getvalue(), len(failing) + 1, changes)


def _comment(document: Any, runs: tuple[Any, Any], text: str, when: dt.datetime) -> None:
    from docx.text.run import Run

    comment = document.add_comment([Run(runs[0], document), Run(runs[1], document)], text=text, author=AUTHOR, initials=INITIALS)
    comment._comment_elm.date = when  # python-docx stamps the wall clock; the caller's time keeps runs reproducible


class _Places:
    """Where each finding's comment goes: its span in the body, or the paragraph it belongs to."""

    def __init__(self, lines: tuple[Line, ...]):
        self.lines = lines
        self.runs: dict[int, LineRuns] = {}
        self.first_body = next((i for i, line in enumerate(lines) if line.part in _ANCHORABLE and self.of_line(i).mapped()), None)

    def of_line(self, i: int) -> LineRuns:
        if i not in self.runs:
            self.runs[i] = LineRuns(self.lines[i])
        return self.runs[i]

    def mapped(self, i: int) -> bool:
        return 0 <= i < len(self.lines) and self.lines[i].part in _ANCHORABLE and self.of_line(i).mapped()

    def whole(self, i: int) -> tuple[Any, Any]:
        """The runs of line i, or of the nearest line with runs after it (else before it)."""
        if not self.mapped(i):
            after = (j for j in range(i + 1, len(self.lines)) if self.mapped(j))
            before = (j for j in range(i - 1, -1, -1) if self.mapped(j))
            j = next(after, None)
            j = next(before, None) if j is None else j
            i = j if j is not None else (self.first_body or 0)
        line_runs = self.of_line(i)
        found = line_runs.runs(*line_runs.whole())
        assert found is not None  # a mapped line has runs
        return found

    def of(self, f: Finding) -> tuple[tuple[Any, Any], str]:
        """(first run, last run) and, when the comment cannot sit on the finding itself, where it is."""
        if f.span is None:
            return self.whole(self.first_body), ""  # type: ignore[arg-type]
        i = f.span.line - 1
        line = self.lines[i]
        if line.part not in _ANCHORABLE:
            return self._away(line)
        a = f.span.column - 1
        if f.span.end_line > f.span.line:
            j = f.span.end_line - 1
            if all(self.mapped(k) or not self.lines[k].text for k in range(i, j + 1)) and self.mapped(j):
                start = self.of_line(i).runs(a, len(line.text)) if self.mapped(i) else None
                end = self.of_line(j).runs(0, f.span.end_column - 1)
                if start and end:
                    return (start[0], end[1]), ""
            b = len(line.text)
        else:
            b = f.span.end_column - 1
        if b > a and self.mapped(i):
            found = self.of_line(i).runs(a, b)
            if found:
                return found, ""
        return self.whole(i), ""  # a missing item or an empty span: the paragraph where it belongs

    def _away(self, line: Line) -> tuple[tuple[Any, Any], str]:
        if line.part in _FURNITURE or line.paragraph is None:
            return self.whole(self.first_body), f"{line.label}（Word 不能在页眉和页脚中加批注，批注放在正文第一段）"  # type: ignore[arg-type]
        here = next((j for j, other in enumerate(self.lines) if other.paragraph is line.paragraph and self.mapped(j)), None)
        where = "脚注或尾注" if line.part in ("footnote", "endnote") else "文本框"
        if here is None:
            return self.whole(self.first_body), f"{line.label}（批注放在正文第一段）"  # type: ignore[arg-type]
        return self.whole(here), f"{line.label}（批注放在此{where}所在的段落）"


def _suggest(document: Any, lines: tuple[Line, ...], places: _Places, edits: Sequence[Edit], when: dt.datetime) -> int:
    """Write each safe fix as a tracked change; fixes Word cannot show as one (across paragraphs,
    inside numbers Word draws, inside another revision) are left to the comments."""
    text_starts = [0]
    for line in lines[:-1]:
        text_starts.append(text_starts[-1] + len(line.text) + 1)
    ids = tracked.Ids(document.element, [c.comment_id for c in document.comments])
    date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    made = 0
    for edit in edits:
        i = bisect.bisect_right(text_starts, edit.start) - 1
        a, b = edit.start - text_starts[i], edit.end - text_starts[i]
        if i >= len(lines) or b > len(lines[i].text) or b <= a or not places.mapped(i):
            continue
        line_runs = places.of_line(i)
        if line_runs.covered(a, b) != lines[i].text[a:b]:
            continue
        found = line_runs.runs(a, b)
        runs = tracked.runs_between(*found) if found else None
        if runs:
            made += tracked.replace(runs, edit.replacement, AUTHOR, date, ids)
    return made
