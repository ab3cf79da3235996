"""Counts shared by every formatter: files, verdicts, failing findings by severity."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from lintlaw.api import Run
from lintlaw.model import FileResult, Severity, Status

KEYS = ("files", "pass", "fail", "skip", *(s.label for s in sorted(Severity, reverse=True)))


def count(result: FileResult) -> Counter[str]:
    """One file's share of the summary; summaries of batches add these up as results stream by."""
    counts: Counter[str] = Counter(files=1)
    for f in result.findings:
        counts[f.status.value] += 1
        if f.status is Status.FAIL:
            counts[f.severity.label] += 1
    return counts


def totals(counts: Iterable[Counter[str]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    return {k: total[k] for k in KEYS}


def summary(run: Run) -> dict[str, int]:
    return totals(count(r) for r in run.results)
