"""Where a report goes: which findings a format gets by default, and checking and writing --output files."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections import Counter
from pathlib import Path
from collections.abc import Callable, Iterable

from lintlaw.model import FileResult, Run, Status

# Formats that leave out pass and skip verdicts unless --include-passes is given. SARIF: GitHub code
# scanning rejects a run of over 25,000 results and a checklist has ~76 verdicts per report.
# Every other format keeps them by default (JSON as documented; JUnit counts passing test cases).
FAILURES_ONLY_BY_DEFAULT = frozenset({"sarif"})
STDOUT = Path("-")


def include_passes(fmt: str, flag: bool | None) -> bool:
    return flag if flag is not None else fmt not in FAILURES_ONLY_BY_DEFAULT


# The counts of FileResult.omitted that are not of failures.
_NOT_FAILURES = frozenset({Status.PASS.value, Status.SKIP.value})


def failures_only_result(result: FileResult) -> FileResult:
    """Only the failing findings, listed or counted; nothing of the rest, not even their counts."""
    return dataclasses.replace(result, findings=tuple(f for f in result.findings if f.status is Status.FAIL),
                               omitted=tuple(kv for kv in result.omitted if kv[0] not in _NOT_FAILURES))


def counted_result(result: FileResult) -> FileResult:
    """The failing findings, and the pass and skip findings as counts only (FileResult.omitted)."""
    kept = tuple(f for f in result.findings if f.status is Status.FAIL)
    if len(kept) == len(result.findings):
        return result
    left = Counter(dict(result.omitted))
    left.update(f.status.value for f in result.findings if f.status is not Status.FAIL)
    return dataclasses.replace(result, findings=kept, omitted=tuple(sorted(left.items())))


def text_result(result: FileResult) -> FileResult:
    """What the text format shows of a result: each failure's place, severity, rule, message and total
    (not its evidence, citation, title, breakdown, fix or fingerprint); the rest as counts."""
    counted = counted_result(result)
    return dataclasses.replace(counted, findings=tuple(f.slim() for f in counted.findings))


def tallied_result(result: FileResult) -> FileResult:
    """No findings, every one counted instead (FileResult.omitted): by status, and each failure also by
    its severity; the totals and the exit code come out as from the whole result."""
    left = Counter(dict(result.omitted))
    for f in result.findings:
        left[f.status.value] += 1
        if f.status is Status.FAIL:
            left[f.severity.label] += 1
    return dataclasses.replace(result, findings=(), omitted=tuple(sorted(left.items())))


def rendered_result(result: FileResult, render: Callable[[FileResult], str], passes: bool, with_text: bool = False) -> FileResult:
    """A result whose part of the output is rendered here (render: a formatter's per-file piece, of the
    findings the format shows), and besides it only the counts of the findings (with_text: what the text
    summary prints of each failure, and the counts of the rest): the totals, the exit code and the text
    summary come out as from the whole result."""
    piece = render(result if passes else failures_only_result(result))
    return dataclasses.replace(text_result(result) if with_text else tallied_result(result), rendered_json=piece)


def compaction(
    fmt: str, passes: bool | None, with_text: bool = False, render_json: Callable[[FileResult], str] | None = None
) -> Callable[[FileResult], FileResult] | None:
    """What of each file's result the output needs, applied where the file is checked (in a worker
    process, before the result is pickled back): failures only when the format leaves passes out, what
    the text format shows for it; JSON rendered there, given its per-file renderer (a picklable
    callable), its findings counted (tallied_result); None when the format shows every finding (json
    without a renderer, checklist, junit, the review formats; github, whose job summary marks passes).
    with_text: the text summary is printed beside the format (--output), so the rest is counted too,
    and JSON keeps the failures the summary prints."""
    if fmt == "github":
        return None
    if fmt == "json" and render_json is not None:
        return functools.partial(rendered_result, render=render_json, passes=include_passes(fmt, passes), with_text=with_text)
    if not include_passes(fmt, passes):
        return counted_result if with_text else failures_only_result
    if fmt == "text":
        return text_result
    return None


def failures_only(run: Run) -> Run:
    """The run with only failing findings: what services that show problems need."""
    return dataclasses.replace(run, results=tuple(failures_only_result(r) for r in run.results))


def target_problem(output: Path, inputs: Iterable[Path]) -> str | None:
    """Why --output cannot be written there, before anything is checked; None when it can."""
    if output == STDOUT:
        return None
    if output.is_dir():
        return "是一个文件夹，应给出文件名"
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        return f"所在的文件夹“{parent}”不存在"
    if not os.access(parent, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        return "没有写入权限"
    try:
        target = output.resolve()
    except OSError:
        return None
    if any(_same(target, path) for path in inputs):
        return "是要检查的文件之一，不能用作输出文件（会覆盖报告）"
    return None


def _same(target: Path, path: Path) -> bool:
    try:
        return path.resolve() == target
    except OSError:
        return False


def write(output: Path, report: str | bytes) -> str | None:
    """Write the report: text as UTF-8 exactly as the formatter made it (the CSV formatter starts with its
    own byte-order mark for Excel; JSON, SARIF and XML have none), a binary format's bytes unchanged;
    the reason when it cannot be written."""
    try:
        if isinstance(report, bytes):
            output.write_bytes(report)
        else:
            with open(output, "w", encoding="utf-8", newline="") as handle:
                handle.write(report)
    except OSError as exc:
        return f"无法写入（{exc.strerror or exc}）"
    return None
