"""Render GitHub Actions workflow commands: one annotation line per failing finding.

    ::error file={path},line={line},col={column},endLine={end_line},endColumn={end_column},title={rule id}::{message}

The command is ``error``, ``warning`` or ``notice`` (info) from the finding's severity. Columns are
lintlaw's character columns; ``endColumn`` is lintlaw's exclusive end column, as in the other
formats. Findings without a position, and findings in text a reader extracted (Word, PDF: they
carry a location label such as 第12段, and the file's own lines mean nothing), give no
line/col — the label is appended to the message instead. A file that could not be read gives
``::error file={path}::{reason}`` (with ``line=`` when the problem has a line); rule-file
problems likewise. Passing and skipped findings give no line.

Escaping follows the Actions toolkit: in the message ``%`` → ``%25``, CR → ``%0D``,
LF → ``%0A``; property values additionally ``:`` → ``%3A`` and ``,`` → ``%2C``.
"""

from __future__ import annotations

from lintlaw.api import Run
from lintlaw.model import Finding, Problem, Severity, Status

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def _finding(f: Finding) -> str:
    props: dict[str, object] = {"file": f.path}
    if f.span and not f.location:
        s = f.span
        props.update(line=s.line, col=s.column, endLine=s.end_line, endColumn=s.end_column)
    props["title"] = f.rule
    message = f.message + (f"（{f.location}）" if f.location else "")
    return command(_COMMAND[f.severity], props, message)


def _problem(p: Problem) -> str:
    props: dict[str, object] = {"file": p.path}
    if p.line:
        props["line"] = p.line
    return command("error", props, p.reason)


def render_github(run: Run) -> str:
    out = [_problem(p) for p in run.problems]
    for result in run.results:
        out.extend(_problem(p) for p in result.problems)
        out.extend(_finding(f) for f in result.findings if f.status is Status.FAIL)
    return "".join(line + "\n" for line in out)
