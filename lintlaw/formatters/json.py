"""Render the versioned JSON contract that CI scripts parse (documented in README.md)."""

from __future__ import annotations

import json
from typing import Any

from lintlaw.api import Run
from lintlaw.formatters.summary import summary
from lintlaw.model import FileResult, Finding

JSON_VERSION = 1


def _finding(f: Finding) -> dict[str, Any]:
    s = f.span
    return {
        "rule": f.rule,
        "status": f.status.value,
        "severity": f.severity.label,
        "line": s.line if s else None,
        "column": s.column if s else None,
        "end_line": s.end_line if s else None,
        "end_column": s.end_column if s else None,
        "location": f.location or None,
        "message": f.message,
        "evidence": f.evidence,
        "citation": f.citation,
    }


def _file(r: FileResult) -> dict[str, Any]:
    return {
        "path": r.path,
        "format": r.format or None,
        "encoding": r.encoding or None,
        "report_year": r.report_year,
        "findings": [_finding(f) for f in r.findings],
        "problems": [{"path": p.path, "line": p.line, "reason": p.reason} for p in r.problems],
    }


def render_json(run: Run) -> str:
    data = {
        "version": JSON_VERSION,
        "files": [_file(r) for r in run.results],
        "skipped": [{"path": s.path, "reason": s.reason} for s in run.skipped],
        "summary": summary(run),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
