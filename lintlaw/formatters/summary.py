"""Counts shared by every formatter: files, verdicts, failing findings by severity."""

from __future__ import annotations

from lintlaw.api import Run
from lintlaw.model import Severity, Status


def summary(run: Run) -> dict[str, int]:
    counts = {"files": len(run.results), "pass": 0, "fail": 0, "skip": 0}
    counts.update({s.label: 0 for s in sorted(Severity, reverse=True)})
    for result in run.results:
        for f in result.findings:
            counts[f.status.value] += 1
            if f.status is Status.FAIL:
                counts[f.severity.label] += 1
    return counts
