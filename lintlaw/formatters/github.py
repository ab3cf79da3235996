"""Render for GitHub Actions: one annotation line per failing finding, then the text report for the log,
and (render_step_summary) the checklist matrix as Markdown for the job summary.

    ::error file={path},line={line},col={column},endLine={end_line},endColumn={end_column},title={rule id}::{message}

The command is ``error``, ``warning`` or ``notice`` (info) from the finding's severity. Columns are
lintlaw's character columns; ``endColumn`` is lintlaw's exclusive end column, as in the other
formats. Findings without a position, and findings in text a reader extracted (Word, PDF: they
carry a location label such as 第12段, and the file's own lines mean nothing), give no
line/col — the label is appended to the message instead. A file that could not be read gives
``::error file={path}::{reason}`` (with ``line=`` when the problem has a line); rule-file
problems likewise. Passing and skipped findings give no line. GitHub shows only 10 annotations of
each type per step, so the plain text report follows the annotations in the log.

Escaping follows the Actions toolkit: in the message ``%`` → ``%25``, CR → ``%0D``,
LF → ``%0A``; property values additionally ``:`` → ``%3A`` and ``,`` → ``%2C``.
"""

from lintlaw.formatters.summary import count
from lintlaw.formatters.text import render_text
from lintlaw.model import Finding, Problem, Run, Severity, Status

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


def annotations(run: Run) -> str:
    """The workflow-command lines alone: problems, then each failing finding."""
    out = [_problem(p) for p in run.problems]
    for result in run.results:
        out.extend(_problem(p) for p in result.problems)
        out.extend(_finding(f) for f in result.findings if f.status is Status.FAIL)
    return "".join(line + "\n" for line in out)


def render_github(run: Run) -> str:
    """Annotations, then the text report (GitHub shows only a few annotations per step)."""
    return annotations(run) + render_text(run)


_MARK = {Status.PASS: "✅", Status.FAIL: "❌", Status.SKIP: "➖"}
MATRIX_MAX_FILES = 20  # beyond this many reports the matrix gives counts per rule instead of a column per report


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _verdicts(findings: tuple[Finding, ...]) -> dict[str, Status]:
    """One verdict per rule: fail when any finding of it fails, else pass when any passes, else skip."""
    out: dict[str, Status] = {}
    for status in (Status.SKIP, Status.PASS, Status.FAIL):
        out.update((f.rule, status) for f in findings if f.status is status)
    return out


def render_step_summary(run: Run) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: a table of reports, then the checklist matrix (rule × report)."""
    out = ["## lintlaw：法治政府建设年度报告检查", "", "| 文件 | 通过 | 不通过 | error | warning | info |", "|---|---|---|---|---|---|"]
    for r in run.results:
        c = count(r)
        note = "（无法读取）" if r.unreadable else (f"（已跳过：{r.skipped}）" if r.skipped else "")
        out.append(f"| {_cell(r.path)}{note} | {c['pass']} | {c['fail']} | {c['error']} | {c['warning']} | {c['info']} |")
    checked = [r for r in run.results if r.findings]
    rules = sorted({f.rule for r in checked for f in r.findings}, key=run.packs.rank)
    if rules and len(checked) <= MATRIX_MAX_FILES:
        verdicts = [_verdicts(r.findings) for r in checked]
        out += ["", "| 规则 | " + " | ".join(str(i + 1) for i in range(len(checked))) + " |",
                "|---|" + "---|" * len(checked)]
        for rule in rules:
            out.append(f"| `{rule}` | " + " | ".join(_MARK[v[rule]] if rule in v else " " for v in verdicts) + " |")
        out += ["", "列号：" + "；".join(f"{i + 1} = {_cell(r.path)}" for i, r in enumerate(checked))]
    elif rules:
        failing = {rule: sum(any(f.rule == rule and f.status is Status.FAIL for f in r.findings) for r in checked) for rule in rules}
        out += ["", "| 规则 | 不通过的报告数 |", "|---|---|"]
        out += [f"| `{rule}` | {n} |" for rule, n in failing.items() if n]
    return "\n".join(out) + "\n\n"
