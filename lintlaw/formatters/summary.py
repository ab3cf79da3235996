"""Counts shared by every formatter: files, verdicts, failing findings by severity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from lintlaw.model import FileResult, Finding, Run, Severity, Status

# files: files checked; unreadable: files that could not be read; not_reports: files read and skipped
# as clearly not an annual report (--skip-non-reports). Files never read (unsupported) are in `skipped`.
KEYS = ("files", "pass", "fail", "skip", *(s.label for s in sorted(Severity, reverse=True)), "unreadable", "not_reports")


def count(result: FileResult) -> Counter[str]:
    """One file's share of the summary; summaries of batches add these up as results stream by."""
    if result.unreadable:
        return Counter(unreadable=1)
    if result.skipped:
        return Counter(not_reports=1)
    counts: Counter[str] = Counter(files=1)
    counts.update(dict(result.omitted))
    for f in result.findings:
        counts[f.status.value] += 1
        if f.status is Status.FAIL:
            counts[f.severity.label] += 1
    return counts


def tallies(findings: Iterable[Finding]) -> dict[int, str]:
    """For a rule whose failures are listed only in part: the index of its last listed failure →
    the line stating the total (「本文共有 N 处此类问题，仅列出前 M 处」). A statement, not a failure."""
    listed: dict[str, list[int]] = {}
    totals_of: dict[str, int] = {}
    for i, f in enumerate(findings):
        if f.status is Status.FAIL and f.total:
            listed.setdefault(f.rule, []).append(i)
            totals_of[f.rule] = f.total
    return {idx[-1]: f"本文共有 {totals_of[rule]} 处此类问题，仅列出前 {len(idx)} 处" for rule, idx in listed.items()}


def totals(counts: Iterable[Counter[str]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    return {k: total[k] for k in KEYS}


def summary(run: Run) -> dict[str, int]:
    return totals(count(r) for r in run.results)
