"""Render the versioned JSON contract that CI scripts parse (documented in README.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from lintlaw.formatters.summary import summary
from lintlaw.model import Detail, FileResult, Finding, Pairing, Problem, Run

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
        "total": f.total or None,  # all failures of the rule in the file, when only the first are listed
        **({"details": [_detail(d) for d in f.details]} if f.details else {}),
    }


def _detail(d: Detail) -> dict[str, Any]:
    return {
        "label": d.label,
        "status": d.status,
        "line": d.line,
        "previous_line": d.previous_line,
        "score": d.score,
        "before": d.before,
        "after": d.after,
        "note": d.note,
    }


def _previous(p: Pairing | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"status": p.status, "path": p.path, "year": p.year, "issuer": p.issuer, "reason": p.reason, "rules": list(p.rules)}


def _file(r: FileResult) -> dict[str, Any]:
    return {
        "path": r.path,
        "format": r.format or None,
        "encoding": r.encoding or None,
        "report_year": r.report_year,
        "report_year_source": r.report_year_source or None,
        "previous": _previous(r.previous),
        "findings": [_finding(f) for f in r.findings],
        "problems": [{"path": p.path, "line": p.line, "reason": p.reason} for p in r.problems],
        "skipped": r.skipped or None,
    }


def _dump(value: Any, indent: str, pretty: bool) -> str:
    if not pretty:
        # No indent: the C encoder; no spaces after separators.
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


# The document is written in pieces so that a batch streams out file by file (see STREAMING):
# header, one piece per file, footer. render_json joins the same pieces. Compact output puts each
# file on a line of its own; pretty output (--pretty) indents everything by two spaces.
def json_header(pretty: bool = False) -> str:
    if not pretty:
        return f'{{"version":{JSON_VERSION},"files":['
    return f'{{\n  "version": {JSON_VERSION},\n  "files": ['


def json_piece(result: FileResult, pretty: bool = False) -> str:
    """A file's object in the JSON output, without the separator before it."""
    return _dump(_file(result), "    " if pretty else "", pretty)


def json_file(result: FileResult, first: bool, pretty: bool = False) -> str:
    """A file's part of the JSON output: its object (as rendered where the file was checked, when it
    was), after the separator."""
    piece = result.rendered_json or json_piece(result, pretty)
    return ("\n" if first else ",\n") + ("    " if pretty else "") + piece


def json_footer(totals: dict[str, int], skipped: Sequence[Problem], pretty: bool = False) -> str:
    skipped_json = _dump([{"path": s.path, "reason": s.reason} for s in skipped], "  ", pretty)
    if not pretty:
        files_end = "\n]" if totals["files"] + totals["unreadable"] + totals["not_reports"] else "]"
        return f'{files_end},"skipped":{skipped_json},"summary":{_dump(totals, "", False)}}}\n'
    files_end = "\n  ]" if totals["files"] + totals["unreadable"] + totals["not_reports"] else "]"
    return f'{files_end},\n  "skipped": {skipped_json},\n  "summary": {_dump(totals, "  ", True)}\n}}\n'


def render_json(run: Run, pretty: bool = False) -> str:
    parts = [json_file(r, i == 0, pretty) for i, r in enumerate(run.results)]
    return json_header(pretty) + "".join(parts) + json_footer(summary(run), run.skipped, pretty)
