"""Render SARIF 2.1.0 (one run) for code-scanning services such as GitHub code scanning.

- ``tool.driver.rules`` lists every rule that ran, with its pack, kind and citation.
- Every finding it is given is a result: ``kind: "fail"`` with level error/warning/note from its
  severity, ``kind: "pass"`` and ``kind: "notApplicable"`` (skip) with level ``"none"``. The CLI gives
  it failures only unless ``--include-passes`` is used (lintlaw.outputs).
- At most ``MAX_RESULTS`` (25,000, GitHub code scanning's limit per run) results: beyond it the most
  serious failures are kept, in their order, and a warning notification says how many were left out.
- ``columnKind`` is ``unicodeCodePoints``: lintlaw's columns count characters (code points),
  exactly what SARIF expects with that setting, so spans are copied unchanged.
- A region is given only when the finding has a span on the file's own lines. When a reader
  extracted the text (Word, PDF: the finding has a ``location`` label such as 第12段), line
  numbers would point into a binary file, so the label goes into the message instead.
- ``partialFingerprints["lintlaw/v1"]`` is the finding's own fingerprint (lintlaw.fingerprint: rule,
  normalised text of its line, occurrence index — the same value the baseline matches on), never the
  line number, so an alert keeps its identity when lines are inserted above it. Findings made
  without one (by hand, in tests) get a hash of rule, evidence and occurrence instead.
- Files that could not be read (and rule-file problems) are error notifications of the
  invocation, which then has ``executionSuccessful: false``; files skipped while walking a
  directory are ``note`` notifications.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import re
from pathlib import PurePath
from typing import Any
from collections.abc import Iterable
from urllib.parse import quote

from lintlaw.model import Finding, Problem, RuleInfo, Run, Severity, Status

SARIF_VERSION = "2.1.0"
# The schema's own "id" (tests/data/sarif-schema-2.1.0.json).
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "lintlaw/v1"
MAX_RESULTS = 25_000  # GitHub code scanning rejects a run with more results

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_KIND = {Status.FAIL: "fail", Status.PASS: "pass", Status.SKIP: "notApplicable"}
_WHITESPACE = re.compile(r"\s+")


def level(severity: Severity) -> str:
    return _LEVEL[severity]


def artifact_uri(path: str) -> str:
    """The path as a URI reference: forward slashes, relative paths stay relative, the rest
    (spaces, Chinese, %, :) percent-encoded as UTF-8. Absolute paths become file: URIs."""
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            return pure.as_uri()
        except ValueError:
            pass
    return quote(pure.as_posix(), safe="/-._~!$&'()*+,;=@")


def fingerprint(rule: str, evidence: str, occurrence: int) -> str:
    """sha256 of rule id, evidence without whitespace and the occurrence index (first = 0),
    truncated to 32 hex digits."""
    normalised = _WHITESPACE.sub("", evidence)
    return hashlib.sha256(f"{rule}\x00{normalised}\x00{occurrence}".encode()).hexdigest()[:32]


def fingerprints(findings: Iterable[Finding]) -> dict[int, str]:
    """id(finding) → fingerprint; occurrences are counted in position order within one file."""
    seen: dict[tuple[str, str], int] = {}
    out: dict[int, str] = {}
    for f in sorted(findings, key=lambda f: f.sort_key()):
        key = (f.rule, _WHITESPACE.sub("", f.evidence))
        n = seen.get(key, 0)
        seen[key] = n + 1
        out[id(f)] = fingerprint(f.rule, f.evidence, n)
    return out


def _version() -> str | None:
    try:
        return importlib.metadata.version("lintlaw")
    except importlib.metadata.PackageNotFoundError:
        return None


def _text(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    description = rule.description or rule.title or rule.id
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title or rule.id},
        "fullDescription": {"text": description},
        "help": {"text": _text(description, f"依据：{rule.cite}" if rule.cite else "")},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"pack": rule.pack, "kind": rule.kind, "citation": rule.cite, "tags": [rule.pack]},
    }


def _location(path: str, line: int | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(path)}}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _result(f: Finding, rule_index: dict[str, int], fp: str) -> dict[str, Any]:
    message = f.message + (f"（{f.location}）" if f.location else "")
    location = _location(f.path)
    if f.span and not f.location:
        s = f.span
        location["physicalLocation"]["region"] = {
            "startLine": s.line,
            "startColumn": s.column,
            "endLine": s.end_line,
            "endColumn": s.end_column,
        }
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index[f.rule],
        "kind": _KIND[f.status],
        "level": level(f.severity) if f.status is Status.FAIL else "none",
        "message": {"text": message or f.title or f.rule},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fp},
    }
    properties: dict[str, object] = {"severity": f.severity.label, "evidence": f.evidence, "citation": f.citation}
    if f.location:
        properties["location"] = f.location
        if f.span:
            properties["textLine"] = f.span.line  # line of the extracted text, as in the other formats
    result["properties"] = properties
    return result


def _notification(p: Problem, level_: str) -> dict[str, Any]:
    return {"level": level_, "message": {"text": p.reason}, "locations": [_location(p.path, p.line)]}


def build(run: Run) -> dict[str, Any]:
    """The SARIF log as a dict (render_sarif serialises it)."""
    descriptors = [_descriptor(r) for r in run.rules]
    rule_index = {r.id: i for i, r in reversed(list(enumerate(run.rules)))}
    results: list[dict[str, Any]] = []
    errors: list[Problem] = list(run.problems)
    for file_result in run.results:
        errors.extend(file_result.problems)
        fps = fingerprints(file_result.findings)
        for f in file_result.findings:
            if f.rule not in rule_index:  # a finding from a rule not in run.rules: describe it minimally
                rule_index[f.rule] = len(descriptors)
                descriptors.append({"id": f.rule, "name": f.rule, "shortDescription": {"text": f.title or f.rule}})
            results.append(_result(f, rule_index, f.fingerprint or fps[id(f)]))
    results, left_out = _capped(results)
    driver: dict[str, Any] = {"name": "lintlaw"}
    version = _version()
    if version:
        driver["version"] = version
    driver["rules"] = descriptors
    notifications = [_notification(p, "error") for p in errors]
    notifications += [_notification(s, "note") for s in run.skipped]
    if left_out:
        notifications.append({"level": "warning", "message": {"text": (
            f"结果超过 {MAX_RESULTS} 条（GitHub 代码扫描每次运行的上限），已略去 {left_out} 条较轻的结果")}})
    invocation: dict[str, Any] = {"executionSuccessful": not errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


_RANK = {"error": 0, "warning": 1, "note": 2, "none": 3}


def _capped(results: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """At most MAX_RESULTS results, the most serious first chosen, kept in their original order."""
    if len(results) <= MAX_RESULTS:
        return results, 0
    order = sorted(range(len(results)), key=lambda i: (_RANK[results[i]["level"]], i))
    kept = sorted(order[:MAX_RESULTS])
    return [results[i] for i in kept], len(results) - MAX_RESULTS


def render_sarif(run: Run) -> str:
    return json.dumps(build(run), ensure_ascii=False, indent=2) + "\n"
