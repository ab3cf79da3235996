"""Run compiled rules over one Document: each kind returns violations; here they become findings —
messages filled in, located, bounded, sorted. No I/O."""

from __future__ import annotations

from lintlaw.document import Document
from lintlaw.kinds import KINDS
from lintlaw.kinds.base import Violation
from lintlaw.messages import Messages
from lintlaw.model import Finding, Problem, Span, Status
from lintlaw.patterns import PatternTimeout
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, first_hit, hit_at, text_ranges
from lintlaw.sections import SectionTable, locate
from lintlaw.vocabulary import Vocabulary

def sections_needed(rules: tuple[Rule, ...], table: SectionTable) -> frozenset[str]:
    """The named sections some rule refers to, directly or through a scope that leaves them out
    (sections.yaml `scopes:`: review is the body without the plan)."""
    names: set[str] = set()
    for rule in rules:
        for scope in (rule.scope, *rule.params.scopes()):
            defined = table.scope(scope)
            if scope.startswith("section:"):
                names.add(scope.split(":", 1)[1])
            elif defined is not None:
                names.update(defined.without)
    return frozenset(names)


def prepare(
    doc: Document,
    sections: SectionTable,
    vocabulary: Vocabulary,
    issuer_kind: str | None = None,
    previous: Document | None = None,
    source_format: str = "txt",
    unbounded: bool = False,
    needed: frozenset[str] | None = None,
    enforcement: bool = True,
    outline_edition: str = "auto",
    unpaired: str = "",
    *,
    messages: Messages,
) -> tuple[Document, Context]:
    """Locate sections and work out the context (report year, issuer kind) rules run in."""
    year = doc.metadata.report_year
    # Locating sections costs a pass over the headings and paragraphs; skip the ones no rule uses.
    wanted = sections.parts if needed is None else tuple(s for s in sections.parts if s.name in needed)
    located = locate(doc, wanted, year, needed or frozenset(), sections.scopes)
    issuer = doc.metadata.issuer.value if doc.metadata.issuer else None
    inferred = vocabulary.kind_of(issuer)
    # Without a stated or recognisable kind, assume a government: its deadline is the later one,
    # so an unknown body is never failed for a deadline that may not apply to it.
    kind = issuer_kind or inferred or "government"
    known = bool(issuer_kind or inferred)
    basis = doc.metadata.year_basis if year is not None else ""
    if previous is not None and previous.section_names is None:
        previous = locate(previous, sections.parts, previous.metadata.report_year, scopes=sections.scopes)
    return located, Context(
        year, kind, previous, format=source_format, unbounded=unbounded, issuer_label=vocabulary.kind_label(kind),
        year_source=vocabulary.source_label(basis), found_by=vocabulary.section_found_by, enforcement=enforcement,
        issuer_known=known, outline_edition=outline_edition, unpaired=unpaired, messages=messages,
        markers=vocabulary.heading_markers,
    )


def run(doc: Document, rules: tuple[Rule, ...], ctx: Context) -> tuple[list[Finding], list[Problem]]:
    """Every rule's findings, sorted, and the problems met (a user pattern that ran too long)."""
    findings, problems, not_report = run_gates(doc, rules, ctx)
    more, more_problems = run_others(doc, rules, ctx, not_report)
    findings += more
    problems += more_problems
    findings.sort(key=Finding.sort_key)
    return findings, problems


def run_gates(doc: Document, rules: tuple[Rule, ...], ctx: Context) -> tuple[list[Finding], list[Problem], str | None]:
    """The gate rules' findings and problems, and the message of the first failed gate (the document is
    not a report: content rules are then skipped), or None."""
    findings: list[Finding] = []
    problems: list[Problem] = []
    not_report: str | None = None
    for rule in rules:
        if not rule.gate:
            continue
        result = _run_one(rule, doc, ctx, problems)
        findings.extend(result)
        failed = next((f for f in result if f.status is Status.FAIL), None)
        if failed is not None:
            not_report = failed.message
    return findings, problems, not_report


def run_others(
    doc: Document, rules: tuple[Rule, ...], ctx: Context, not_report: str | None
) -> tuple[list[Finding], list[Problem]]:
    """The findings (unsorted) and problems of the rules that are not gates, given what the gates found."""
    findings: list[Finding] = []
    problems: list[Problem] = []
    say = ctx.messages.text
    for rule in rules:
        if rule.gate:
            continue
        if rule.content and not_report is not None:
            findings.append(_finding(rule, doc, ctx, Violation(Status.SKIP, template=say("not-a-report"))))
            continue
        if rule.formats and ctx.format not in rule.formats:
            findings.append(_finding(rule, doc, ctx, Violation(Status.SKIP, template=say("wrong-format", format=ctx.format))))
            continue
        findings.extend(_run_one(rule, doc, ctx, problems))
    return findings, problems


def _run_one(rule: Rule, doc: Document, ctx: Context, problems: list[Problem]) -> list[Finding]:
    say = ctx.messages.text
    try:
        skipped = inapplicable(rule, ctx)
        if skipped is not None:
            return [_finding(rule, doc, ctx, skipped)]
        violations = KINDS[rule.kind].check(rule, rule.params, doc, ctx)
        return findings_of(rule, doc, ctx, moot(rule, doc, ctx, violations))
    except PatternTimeout as exc:
        problems.append(Problem(doc.path, say("timeout-problem", rule=rule.id, pattern=str(exc))))
        return [_finding(rule, doc, ctx, Violation(Status.SKIP, template=say("timeout")))]


# --- applicability -----------------------------------------------------------------------------


def report_edition(ctx: Context) -> int | None:
    """The 纲要 edition a report answers to: as configured, else by its year (2016–2020: 2015)."""
    if ctx.outline_edition != "auto":
        return int(ctx.outline_edition)
    if ctx.year is None:
        return None
    return 2015 if ctx.year <= 2020 else 2021


def inapplicable(rule: Rule, ctx: Context) -> Violation | None:
    """A skip when the reporting body lacks a power the rule requires (config `enforcement: false`),
    or when the rule comes from a 纲要 edition other than the one the report answers to."""
    say = ctx.messages.text
    edition = report_edition(ctx) if rule.edition is not None else None
    if edition is not None and edition != rule.edition:
        text = say("other-edition", rule_edition=say(f"edition-{rule.edition}"), edition=say(f"edition-{edition}"))
        return Violation(Status.SKIP, template=text)
    for power in rule.requires:
        if power == "enforcement" and not ctx.enforcement:
            return Violation(Status.SKIP, template=say("no-enforcement"))
    return None


def moot(rule: Rule, doc: Document, ctx: Context, violations: list[Violation]) -> list[Violation]:
    """Failures become one skip when the report states the fact that makes the rule moot
    (no lawsuits, so no court-appearance rate to give); passes stand."""
    if not rule.not_applicable or not any(v.status is Status.FAIL for v in violations):
        return violations
    ranges = text_ranges(doc, "body", False) or []
    for template, reason in rule.not_applicable:
        hit = first_hit(doc, (template,), ranges, False, ctx.year)
        if hit is not None:
            line, _ = doc.line_col(hit.start)
            return [Violation(Status.SKIP, template=ctx.messages.text("moot", reason=reason, line=line, text=hit.text))]
    return violations


# --- findings ----------------------------------------------------------------------------------


def findings_of(rule: Rule, doc: Document, ctx: Context, violations: list[Violation]) -> list[Finding]:
    """The findings of a rule's violations: every pass and skip, and the failures up to max_findings
    (all of them for --fix), each listed failure carrying the total count when some are left out.
    Only the findings shown are located and formatted."""
    fail = Status.FAIL
    failures = sum(v.left_out or 1 for v in violations if v.status is fail)
    limit = failures if ctx.unbounded else rule.max_findings
    total = failures if failures > limit else 0
    out: list[Finding] = []
    listed = 0
    for v in violations:
        if v.left_out:
            continue
        if v.status is fail:
            listed += 1
            if listed > limit:
                continue
        out.append(_finding(rule, doc, ctx, v, total if v.status is fail else 0))
    return out


def _finding(rule: Rule, doc: Document, ctx: Context, v: Violation, total: int = 0) -> Finding:
    hit = v.hit if v.match is None else hit_at(doc, v.match[0], v.match[1], rule.raw)
    values = dict(v.values)
    if v.status is Status.SKIP:
        message = v.template or ""
    elif v.status is Status.PASS:
        message = (v.template or rule.pass_message).format_map(values) if (v.template or rule.pass_message) else ctx.messages.text("pass")
    else:
        if hit is not None:
            values.setdefault("match", hit.text)
        message = (v.template or rule.message).format_map(values)
    span, evidence = _located(doc, hit, v.offset)
    fix = (hit.start, hit.end, v.fix) if v.fix is not None and hit is not None else None
    severity = v.severity or rule.severity
    return Finding(
        rule.id, v.status, severity, doc.path, span, message, evidence, rule.cite, rule.title,
        fix=fix, total=total, details=v.details,
    )


def _located(doc: Document, hit: Hit | None, offset: int | None) -> tuple[Span | None, str]:
    if hit is not None:
        return _span(doc, hit.start, hit.end), hit.evidence
    if offset is not None:
        line, _ = doc.line_col(offset)
        return _span(doc, offset, offset), doc.line_text(line).strip()[:60]
    return None, ""


def _span(doc: Document, start: int, end: int) -> Span:
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(max(start, end))
    return Span(line, col, end_line, end_col)
