"""Values that cross module boundaries: findings, problems, per-file results, the run the formatters render."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that a higher value is more serious."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]  # a lookup: an enum member's .name is a slow descriptor

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


_SEVERITY_LABELS = {s: s.name.lower() for s in Severity}


class Status(enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based line and character column range in the source text (end exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Detail:
    """One row of a finding's breakdown: a plan item and its trace, a copied passage, an indicator's figures."""

    label: str  # the item, passage or indicator
    status: str  # "pass", "fail" or "info"
    line: int | None = None  # where it is in this report
    previous_line: int | None = None  # where it is in last year's report
    score: float | None = None  # similarity (0–1), when the row is a match
    before: str = ""  # last year's figure or wording
    after: str = ""  # this year's
    note: str = ""


@dataclass(frozen=True, slots=True)
class Pairing:
    """Which report a file was compared with as last year's, or why none."""

    status: str  # paired | missing | duplicate | wrong-year | self | no-issuer | no-year | unreadable
    reason: str  # Chinese, shown to users
    path: str | None = None  # last year's report, when one was chosen
    year: int | None = None
    issuer: str | None = None
    rules: tuple[str, ...] = ()  # the cross-year rules that ran with this pairing

    @property
    def paired(self) -> bool:
        return self.status == "paired"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    status: Status
    severity: Severity
    path: str
    span: Span | None
    message: str
    evidence: str = ""
    citation: str = ""
    title: str = ""
    location: str = ""  # where a user of the original format finds the line: 第3段, 第2页第5行, 表1第2行第3列
    fingerprint: str = ""  # stable across edits elsewhere in the file (lintlaw.fingerprint)
    fix: tuple[int, int, str] | None = None  # a safe replacement: source [start, end) offsets and new text
    # How many failures of this rule the file has when only the first max_findings are listed (0: all are).
    total: int = 0
    details: tuple[Detail, ...] = ()  # a breakdown for the checklist and JSON (cross-year rules, item matching)


    @property
    def line(self) -> int:
        return self.span.line if self.span else 0

    def sort_key(self) -> tuple[str, int, int, str]:
        column = self.span.column if self.span else 0
        return (self.path, self.line, column, self.rule)

    def slim(self) -> Finding:
        """What the text format shows of a finding: its place, severity, rule, message and total, not
        its evidence, citation, title, breakdown, fix or fingerprint. (Built directly, not with
        dataclasses.replace: a batch has tens of thousands of failures, and replace costs five times as much.)"""
        return Finding(self.rule, self.status, self.severity, self.path, self.span, self.message,
                       location=self.location, total=self.total)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that stopped a file or a rule file from being checked (reported, never raised)."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class SourceText:
    """A checked file's own lines and metadata, kept only for formats that show the report (html, xlsx)."""

    lines: tuple[str, ...]  # the text's lines; line N of a finding is lines[N - 1]
    labels: tuple[str, ...] = ()  # per line, where it is in the original file (第3段, 第2页第5行); empty for text
    title: str = ""
    issuer: str = ""


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    format: str = ""
    encoding: str = ""
    report_year: int | None = None
    findings: tuple[Finding, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    fail_on: Severity = Severity.ERROR  # the severity from which a failure fails the gate, for this file
    report_year_source: str = ""  # where the year was read: title, lead, quoted-title, body ("" when none)
    previous: Pairing | None = None  # last year's report it was compared with (None: no comparison asked)
    source: SourceText | None = None  # filled only when Settings.keep_source asks (review formats)
    skipped: str = ""  # why a file that was read was not checked (--skip-non-reports); then no findings
    # (key, count) of the findings a compact result left out (lintlaw.outputs.compaction): by status
    # ("pass", "skip", "fail") and, for the failures, by severity label ("error", "warning", "info");
    # the totals and the exit code count them as if they were here. Empty when every finding is here.
    omitted: tuple[tuple[str, int], ...] = ()
    # This file's object in the JSON output, rendered where the file was checked (in a worker process,
    # so that a string is pickled back rather than every finding; lintlaw.outputs.rendered_result);
    # "" when not rendered. When set, the findings are left out and counted, unless a text summary
    # printed beside needs the failures.
    rendered_json: str = ""

    def fails_gate(self) -> bool:
        """Whether a failure at or above this file's fail_on is here, listed or counted (omitted)."""
        if any(f.status is Status.FAIL and f.severity >= self.fail_on for f in self.findings):
            return True
        counted = dict(self.omitted)
        return any(counted.get(s.label, 0) > 0 for s in Severity if s >= self.fail_on)

    @property
    def unreadable(self) -> bool:
        """The file could not be read at all (missing, empty, binary …): it was not checked."""
        return bool(self.problems) and not self.format


@dataclass(frozen=True, slots=True)
class Pack:
    """A rule pack as the outputs name it (rules/packs.yaml)."""

    name: str
    title: str  # Chinese, what the pack checks


@dataclass(frozen=True, slots=True)
class Packs:
    """The rule packs in the order a reviewer reads them, with their titles; unlisted packs follow by name."""

    order: tuple[Pack, ...] = ()

    def rank(self, rule_id: str) -> tuple[int, str]:
        """The sort key of a rule id (or of "pack/"): its pack's place, then the id."""
        pack = rule_id.split("/", 1)[0]
        for index, known in enumerate(self.order):
            if known.name == pack:
                return (index, rule_id)
        return (len(self.order), rule_id)

    def title(self, pack: str) -> str:
        """"name — title" for a listed pack, the bare name for any other."""
        for known in self.order:
            if known.name == pack:
                return f"{known.name} — {known.title}"
        return pack


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What the outputs show of a rule that ran: its id, title, severity, kind and the regulation it rests on."""

    id: str
    title: str
    severity: Severity
    kind: str
    cite: str = ""
    description: str = ""

    @property
    def pack(self) -> str:
        return self.id.split("/", 1)[0]


@dataclass(frozen=True, slots=True)
class Run:
    """A whole check: every file's result, what was skipped and why, the rules that ran and their packs."""

    results: tuple[FileResult, ...]
    skipped: tuple[Problem, ...] = ()  # files in walked directories that no reader handles
    problems: tuple[Problem, ...] = ()  # rule-file and usage problems
    rules: tuple[RuleInfo, ...] = ()
    packs: Packs = Packs()
