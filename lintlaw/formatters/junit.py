"""Render JUnit XML, the test-report format CI servers (Jenkins, GitLab, Azure …) display.

Layout:

- ``<testsuites name="lintlaw">`` with totals; one ``<testsuite name="{path}">`` per document,
  with ``tests`` / ``failures`` / ``errors`` / ``skipped`` counts and the document's format,
  encoding and report year as ``<properties>``.
- One ``<testcase classname="{pack}" name="{rule id}">`` per finding: pass → an empty test case;
  fail → ``<failure message="{message}" type="{severity}">`` whose text gives the position
  (line:column, plus the 第N段 label for Word/PDF), the message, the evidence and the citation;
  skip → ``<skipped message="{reason}"/>``.
- A rule with several findings in one document (a forbid rule that matched several times) gets
  one test case per finding, named ``"{rule id} (line N:C)"`` (``"{rule id} (#k)"`` when a finding
  has no position), with `` #k`` appended if two names would still be equal — so every failure
  is its own test case and ``tests`` equals the number of findings.
- A file that could not be read is a test suite with one test case holding ``<error>``; so are
  rule-file problems (suite ``lintlaw``). Files skipped while walking a directory are a test
  suite with one skipped test case.
- No ``time`` or ``timestamp`` attributes: formatters are pure, the output depends only on the run.

Characters XML 1.0 cannot carry (control characters such as a form feed left by PDF
conversion) are replaced with U+FFFD; everything else is escaped by ElementTree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from lintlaw.model import FileResult, Finding, Problem, Run, Status

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text:
        el.text = xml_text(text)
    return el


def _where(f: Finding) -> str:
    where = f"{f.path}:{f.line}:{f.span.column}" if f.span else f.path
    return where + (f"（{f.location}）" if f.location else "")


def _names(findings: tuple[Finding, ...]) -> list[str]:
    per_rule = Counter(f.rule for f in findings)
    names: list[str] = []
    ordinal: Counter[str] = Counter()
    for f in findings:
        ordinal[f.rule] += 1
        if per_rule[f.rule] == 1:
            names.append(f.rule)
        elif f.span:
            names.append(f"{f.rule} (line {f.span.line}:{f.span.column})")
        else:
            names.append(f"{f.rule} (#{ordinal[f.rule]})")
    seen: Counter[str] = Counter()
    unique: list[str] = []
    for name in names:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return unique


def _testcase(suite: ET.Element, f: Finding, name: str) -> None:
    case = _element(suite, "testcase", classname=f.rule.split("/", 1)[0], name=name)
    if f.status is Status.FAIL:
        body = [_where(f), f.message]
        if f.evidence:
            body.append(f"原文：{f.evidence}")
        if f.citation:
            body.append(f"依据：{f.citation}")
        _element(case, "failure", "\n".join(body), message=f.message, type=f.severity.label)
    elif f.status is Status.SKIP:
        _element(case, "skipped", message=f.message)


def _suite(root: ET.Element, name: str, tests: int, failures: int, errors: int, skipped: int) -> ET.Element:
    return _element(
        root, "testsuite", name=name, tests=str(tests), failures=str(failures), errors=str(errors), skipped=str(skipped)
    )


def _document(root: ET.Element, result: FileResult) -> tuple[int, int, int, int]:
    findings = result.findings
    failures = sum(f.status is Status.FAIL for f in findings)
    skipped = sum(f.status is Status.SKIP for f in findings)
    errors = len(result.problems)
    tests = len(findings) + errors
    suite = _suite(root, result.path, tests, failures, errors, skipped)
    props = {"format": result.format, "encoding": result.encoding, "report_year": str(result.report_year or "")}
    if any(props.values()):
        properties = _element(suite, "properties")
        for key, value in props.items():
            if value:
                _element(properties, "property", name=key, value=value)
    for p in result.problems:
        _problem_case(suite, p)
    for f, name in zip(findings, _names(findings)):
        _testcase(suite, f, name)
    return tests, failures, errors, skipped


def _problem_case(suite: ET.Element, p: Problem) -> None:
    case = _element(suite, "testcase", classname="lintlaw", name=f"{p.path}:{p.line}" if p.line else p.path)
    _element(case, "error", str(p), message=p.reason, type="problem")


def render_junit(run: Run) -> str:
    root = ET.Element("testsuites", {"name": "lintlaw"})
    totals = [0, 0, 0, 0]  # tests, failures, errors, skipped

    def add(counts: tuple[int, int, int, int]) -> None:
        for i, n in enumerate(counts):
            totals[i] += n

    if run.problems:
        suite = _suite(root, "lintlaw", len(run.problems), 0, len(run.problems), 0)
        for p in run.problems:
            _problem_case(suite, p)
        add((len(run.problems), 0, len(run.problems), 0))
    for result in run.results:
        add(_document(root, result))
    for s in run.skipped:
        suite = _suite(root, s.path, 1, 0, 0, 1)
        case = _element(suite, "testcase", classname="lintlaw", name=s.path)
        _element(case, "skipped", message=s.reason)
        add((1, 0, 0, 1))
    for key, n in zip(("tests", "failures", "errors", "skipped"), totals):
        root.set(key, str(n))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
