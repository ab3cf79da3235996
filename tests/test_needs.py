"""The Document model built only as far as the selected rules need it (issue 12): every rule gives
the same verdicts alone as in the full catalog, and a part that was not built cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

from lintlaw import document, engine, needs, readers, sections
from lintlaw.config import Settings
from lintlaw.model import Status
from lintlaw.pipeline import check_source, load_rulebook, select_rules

BOOK = load_rulebook(Settings())
RULES, _ = select_rules(BOOK, Settings())
REPORTS = sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "tests" / "corpus" / "openings").rglob("*.txt"))
SOURCES = {p: readers.read_path(p, p.name) for p in REPORTS}


def _full(path: Path):
    return check_source(SOURCES[path], path.name, BOOK, RULES, Settings())


FULL = {p: _full(p) for p in REPORTS}


def test_the_corpus_is_read_and_has_reports_that_pass_the_gate():
    assert len(REPORTS) > 50 and all(isinstance(s, readers.Source) for s in SOURCES.values())
    gates = {r.id for r in RULES if r.gate}
    passing = [p for p, res in FULL.items() if not any(f.rule in gates and f.status is Status.FAIL for f in res.findings)]
    assert len(passing) > 40


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_a_rule_alone_gives_its_verdicts_of_the_full_catalog(rule):
    gates = {r.id for r in RULES if r.gate}
    compared = 0
    for path, full in FULL.items():
        gated = any(f.rule in gates and f.status is Status.FAIL for f in full.findings)
        if gated and rule.content:
            continue  # in the full catalog a failed gate skips the content rules
        alone = check_source(SOURCES[path], path.name, BOOK, (rule,), Settings())
        assert alone.findings == tuple(f for f in full.findings if f.rule == rule.id), path.name
        assert alone.report_year == full.report_year and alone.report_year_source == full.report_year_source
        compared += 1
    assert compared >= 40


def test_writing_rules_build_no_outline_and_no_citation_mask():
    writing = tuple(r for r in RULES if r.id in ("writing/wording", "writing/halfwidth-punctuation", "writing/doubled-word"))
    assert len(writing) == 3
    assert needs.parts_for(writing, BOOK.sections) == document.Parts(headings=False, citations=False)


def test_sections_and_content_rules_ask_for_the_outline_and_the_mask():
    by_id = {r.id: r for r in RULES}
    # outline/court-appearance-rate reads the measures (the body without shortfalls and plan), which
    # are located by their headings.
    assert engine.sections_needed((by_id["outline/court-appearance-rate"],), BOOK.sections) == {"shortfalls", "plan"}
    assert needs.parts_for((by_id["outline/court-appearance-rate"],), BOOK.sections).headings
    assert needs.parts_for((by_id["writing/heading-sequence"],), BOOK.sections) == document.Parts(headings=True, citations=False)
    assert needs.parts_for(RULES, BOOK.sections) == document.EVERY_PART


def test_a_part_not_built_cannot_be_read():
    text = SOURCES[REPORTS[0]].text
    bare = document.build("r.txt", text, BOOK.vocabulary, parts=document.Parts(headings=False, citations=False))
    whole = document.build("r.txt", text, BOOK.vocabulary)
    assert whole.headings and isinstance(whole.masked, str)
    with pytest.raises(document.NotBuilt, match="outline"):
        _ = bare.headings
    with pytest.raises(document.NotBuilt, match="citation mask"):
        _ = bare.masked
    # Everything else is the same model.
    assert (bare.logical, bare.paragraphs, bare.metadata, bare.head_end, bare.tail_start) == (
        whole.logical, whole.paragraphs, whole.metadata, whole.head_end, whole.tail_start)
    # Locating sections reads the outline, so it cannot run on a model built without it.
    with pytest.raises(document.NotBuilt):
        sections.locate(bare, BOOK.sections.parts, bare.metadata.report_year)


def test_a_section_not_looked_for_cannot_be_read():
    text = SOURCES[REPORTS[0]].text
    whole = document.build("r.txt", text, BOOK.vocabulary)
    with pytest.raises(document.NotBuilt, match="'plan' was not located"):
        whole.section("plan")  # sections not located at all yet
    plan_only = sections.locate(whole, tuple(d for d in BOOK.sections.parts if d.name == "plan"), whole.metadata.report_year)
    assert plan_only.section("plan") is not None and plan_only.section_names == {"plan"}
    with pytest.raises(document.NotBuilt, match="'shortfalls' was not located"):
        plan_only.section("shortfalls")


def test_each_kind_says_which_optional_parts_it_reads():
    from lintlaw.kinds import KINDS

    reads = {name: kind.reads for name, kind in KINDS.items() if kind.reads}
    assert reads == {
        "require": {"masked"}, "require-all": {"masked"}, "sequence": {"outline"}, "match-items": {"outline"},
    }
    # require reads the outline only for `generic` (boilerplate-only points are told from headings).
    generic = [r for r in RULES if r.kind == "require" and "outline" in r.params.reads()]
    assert generic and all(r.params.generic is not None for r in generic)
