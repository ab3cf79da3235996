"""Run compiled rules over one Document and return its findings; no I/O."""

from __future__ import annotations

from lintlaw.document import Document
from lintlaw.kinds import KINDS, inapplicable, moot
from lintlaw.model import Finding, Problem, Status
from lintlaw.patterns import PatternTimeout
from lintlaw.rule import PREVIOUS_PREFIX, Context, Rule
from lintlaw.sections import SectionDef, locate
from lintlaw.vocabulary import Vocabulary

def sections_needed(rules: tuple[Rule, ...]) -> frozenset[str]:
    """The named sections some rule refers to (the review scope is the body without the plan)."""
    names: set[str] = set()
    for rule in rules:
        if rule.section:
            names.add(rule.section)
        # Scopes of last year's report (previous:…) are located on that report, with all its sections.
        own = (s for s in (rule.items_from, rule.look_in) if s and not s.startswith(PREVIOUS_PREFIX))
        for scope in (rule.scope, *(spec.scope or "" for spec in rule.reject), *own):
            if scope.startswith("section:"):
                names.add(scope.split(":", 1)[1])
            elif scope == "review":
                names.add("plan")
            elif scope == "measures":
                names.update(("shortfalls", "plan"))
        if rule.look_in == "review":
            names.add("achievements")  # an account found missing belongs at the end of the achievements
    return frozenset(names)


def prepare(
    doc: Document,
    sections: tuple[SectionDef, ...],
    vocabulary: Vocabulary,
    issuer_kind: str | None = None,
    previous: Document | None = None,
    source_format: str = "txt",
    unbounded: bool = False,
    needed: frozenset[str] | None = None,
    enforcement: bool = True,
    outline_edition: str = "auto",
    unpaired: str = "",
) -> tuple[Document, Context]:
    """Locate sections and work out the context (report year, issuer kind) rules run in."""
    year = doc.metadata.report_year
    # Locating sections costs a pass over the headings and paragraphs; skip the ones no rule uses.
    wanted = sections if needed is None else tuple(s for s in sections if s.name in needed)
    located = locate(doc, wanted, year)
    issuer = doc.metadata.issuer.value if doc.metadata.issuer else None
    inferred = vocabulary.kind_of(issuer)
    # Without a stated or recognisable kind, assume a government: its deadline is the later one,
    # so an unknown body is never failed for a deadline that may not apply to it.
    kind = issuer_kind or inferred or "government"
    known = bool(issuer_kind or inferred)
    basis = doc.metadata.year_basis if year is not None else ""
    if previous is not None and not previous.sections:
        previous = locate(previous, sections, previous.metadata.report_year)
    return located, Context(
        year, kind, previous, format=source_format, unbounded=unbounded, issuer_label=vocabulary.kind_label(kind),
        year_source=vocabulary.source_label(basis), found_by=vocabulary.section_found_by, enforcement=enforcement,
        issuer_known=known, outline_edition=outline_edition, unpaired=unpaired,
    )


def run(doc: Document, rules: tuple[Rule, ...], ctx: Context) -> tuple[list[Finding], list[Problem]]:
    findings: list[Finding] = []
    problems: list[Problem] = []
    gates = [r for r in rules if r.gate]
    others = [r for r in rules if not r.gate]
    not_report: str | None = None
    for rule in gates:
        result = _run_one(rule, doc, ctx, problems)
        findings.extend(result)
        failed = next((f for f in result if f.status is Status.FAIL), None)
        if failed is not None:
            not_report = failed.message
    for rule in others:
        if rule.content and not_report is not None:
            findings.append(
                Finding(rule.id, Status.SKIP, rule.severity, doc.path, None, "文档不是法治政府建设年度报告，不检查此项", "", rule.cite, rule.title)
            )
            continue
        if rule.formats and ctx.format not in rule.formats:
            findings.append(
                Finding(rule.id, Status.SKIP, rule.severity, doc.path, None, f"此项不适用于 {ctx.format} 文件", "", rule.cite, rule.title)
            )
            continue
        findings.extend(_run_one(rule, doc, ctx, problems))
    findings.sort(key=Finding.sort_key)
    return findings, problems


def _run_one(rule: Rule, doc: Document, ctx: Context, problems: list[Problem]) -> list[Finding]:
    try:
        skipped = inapplicable(rule, doc, ctx)
        if skipped is not None:
            return [skipped]
        return moot(rule, doc, ctx, KINDS[rule.kind](rule, doc, ctx))
    except PatternTimeout as exc:
        problems.append(Problem(doc.path, f"规则 {rule.id} 的模式匹配超时，已跳过此规则（模式：{exc}）"))
        return [Finding(rule.id, Status.SKIP, rule.severity, doc.path, None, "模式匹配超时，未检查", "", rule.cite, rule.title)]
