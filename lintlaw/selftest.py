"""Run the pass/fail examples embedded in each rule; shared by the test suite and `lintlaw rules test`."""

from __future__ import annotations

from dataclasses import dataclass

from lintlaw import document as document_model
from lintlaw import engine, fixer, needs, ruleoptions, scopes, suppress
from lintlaw.examples import Example
from lintlaw.model import Finding, Status
from lintlaw.rule import Rule
from lintlaw.rulebook import Rulebook

OPEN, CLOSE = "⟦", "⟧"


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    name: str  # e.g. "fail[0]"
    ok: bool
    detail: str  # what was expected and what happened, when not ok


def parse_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip ⟦…⟧ marks; return the clean text and the marked [start, end) offsets in it."""
    clean: list[str] = []
    spans: list[tuple[int, int]] = []
    start: int | None = None
    length = 0
    for ch in marked:
        if ch == OPEN:
            start = length
        elif ch == CLOSE and start is not None:
            spans.append((start, length))
            start = None
        else:
            clean.append(ch)
            length += 1
    return "".join(clean), spans


def _build(
    display: str, text: str, book: Rulebook, parts: document_model.Parts = document_model.EVERY_PART
) -> document_model.Document:
    """An example's document model, read as a checked file is (its directive lines are not report text)."""
    return document_model.build(display, text, book.vocabulary, suppress.directive_lines(text), parts)


def _findings(rule: Rule, book: Rulebook, text: str, unbounded: bool = False) -> list[Finding]:
    # Only the parts of the model the rule reads, as in a run that selects it alone: an example
    # fails loudly (NotBuilt) when lintlaw.needs leaves out a part the rule reads.
    doc = _build("<example>", text, book, needs.parts_for((rule,), book.sections))
    previous = _build("<previous>", rule.examples_previous, book) if rule.examples_previous else None
    doc, ctx = engine.prepare(
        doc, book.sections, book.vocabulary, previous=previous, unbounded=unbounded, messages=book.messages,
        needed=engine.sections_needed((rule,), book.sections),
    )
    found, _ = engine.run(doc, (rule,), ctx)
    return found


def _fixed(rule: Rule, book: Rulebook, text: str) -> str:
    """What --fix makes of a text: every fixable failure (no max_findings bound), applied."""
    return fixer.fixed_text(text, fixer.edits_of(_findings(rule, book, text, unbounded=True)))


def _fix_problem(rule: Rule, book: Rulebook, text: str, want: str) -> str:
    """Why --fix does not give `want` from `text`, or does not stop there (a second --fix changes it again)."""
    got = _fixed(rule, book, text)
    if got != want:
        return f"--fix gives {got!r}, expected {want!r}"
    again = _fixed(rule, book, got)
    return "" if again == got else f"--fix is not done after one run: a second one gives {again!r}"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _expected_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    return sorted((*_line_col(text, a), *_line_col(text, b)) for a, b in spans)


def _span_of(f: Finding) -> tuple[int, int, int, int]:
    s = f.span
    return (s.line, s.column, s.end_line, s.end_column) if s else (0, 0, 0, 0)


def run_example(rule: Rule, book: Rulebook, example: Example | str, expect_fail: bool, name: str) -> ExampleResult:
    """Run one example with its option values: a pass example gives a pass (at the marked evidence, when
    marked) and no failure; a fail example exactly the marked failures, and, when it states one, the fixed text."""
    if isinstance(example, str):
        example = Example(example)
    rule = ruleoptions.with_options(rule, example.option_values())
    text, spans = parse_marks(example.text)
    findings = _findings(rule, book, text)
    fails = [f for f in findings if f.status is Status.FAIL]
    passes = [f for f in findings if f.status is Status.PASS]
    if not expect_fail:
        if fails or not passes:
            got = "; ".join(f"{f.status.value}@{f.line}: {f.message}" for f in findings) or "no finding"
            return ExampleResult(rule.id, name, False, f"expected pass, got {got}")
        if spans:
            want = _expected_spans(text, spans)
            got_spans = sorted(_span_of(f) for f in passes)
            if got_spans != want:
                return ExampleResult(rule.id, name, False, f"pass evidence at {got_spans}, expected {want}")
        return ExampleResult(rule.id, name, True, "")
    if not fails:
        got = "; ".join(f"{f.status.value}: {f.message}" for f in findings) or "no finding"
        return ExampleResult(rule.id, name, False, f"expected fail, got {got}")
    want = _expected_spans(text, spans)
    got_spans = sorted(_span_of(f) for f in fails)
    if got_spans != want:
        return ExampleResult(rule.id, name, False, f"fail spans {got_spans}, expected {want} (messages: {[f.message for f in fails]})")
    if example.fixed is not None:
        problem = _fix_problem(rule, book, text, example.fixed)
        if problem:
            return ExampleResult(rule.id, name, False, problem)
    return ExampleResult(rule.id, name, True, "")


def run_rule(rule: Rule, book: Rulebook) -> list[ExampleResult]:
    results = [run_example(rule, book, text, False, f"pass[{i}]") for i, text in enumerate(rule.examples_pass)]
    results += [run_example(rule, book, text, True, f"fail[{i}]") for i, text in enumerate(rule.examples_fail)]
    return results


def _read(doc: document_model.Document, key: str) -> object:
    meta = doc.metadata
    located = {"title": meta.title, "issuer": meta.issuer}
    if key in located:
        found = located[key]
        return found.value if found is not None else None
    if key == "headings":
        return tuple((h.line, h.level, h.number) for h in doc.headings)
    return {"report_year": meta.report_year, "year_source": meta.year_basis}[key]


def run_vocabulary(book: Rulebook) -> list[ExampleResult]:
    """The examples of rules/document.yaml: what the document model must read from each text."""
    results = []
    for i, example in enumerate(book.vocabulary.examples):
        doc = _build("<example>", example.text, book)
        wrong = [f"{k}: expected {v!r}, got {_read(doc, k)!r}" for k, v in example.expect if _read(doc, k) != v]
        results.append(ExampleResult("document", f"example[{i}]", not wrong, "; ".join(wrong)))
    return results


def _part_lines(doc: document_model.Document, name: str) -> tuple[int, int, str] | None:
    section = doc.section(name)
    if section is None:
        return None
    return doc.paragraphs[section.first].start_line, doc.paragraphs[section.last].end_line, section.by


def _scope_lines(doc: document_model.Document, name: str) -> tuple[tuple[int, int], ...] | None:
    ranges = scopes.paragraph_ranges(doc, name)
    if ranges is None:
        return None
    return tuple((doc.paragraphs[a].start_line, doc.paragraphs[b - 1].end_line) for a, b in ranges if b > a)


def run_sections(book: Rulebook) -> list[ExampleResult]:
    """The examples of rules/sections.yaml: where each named part lies and which lines each scope covers."""
    results = []
    for i, example in enumerate(book.sections.examples):
        doc, _ = engine.prepare(_build("<example>", example.text, book), book.sections, book.vocabulary, messages=book.messages)
        parts = [(n, want, _part_lines(doc, n)) for n, want in example.sections]
        wrong = [f"section {n}: expected {want}, got {got}" for n, want, got in parts if got != want]
        spans = [(n, want, _scope_lines(doc, n)) for n, want in example.scopes]
        wrong += [f"scope {n}: expected {want}, got {got}" for n, want, got in spans if got != want]
        results.append(ExampleResult("sections", f"example[{i}]", not wrong, "; ".join(wrong)))
    return results
