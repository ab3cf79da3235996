"""Which optional parts of the Document model a set of rules reads, so that a run builds only those."""

from __future__ import annotations

from lintlaw.document import Parts
from lintlaw.engine import sections_needed
from lintlaw.kinds import KINDS
from lintlaw.rule import Rule
from lintlaw.sections import SectionTable


def _reads(rule: Rule) -> frozenset[str]:
    """What a rule's kind reads (its module's READS), and what its parameters add (Params.reads)."""
    return KINDS[rule.kind].reads | rule.params.reads()


def _reads_headings(rule: Rule) -> bool:
    return "headings" in (rule.scope, *rule.params.scopes()) or "outline" in _reads(rule)


def _reads_citations(rule: Rule) -> bool:
    # Only content rules search the masked text (a cited title is not evidence), and only in logical text.
    return "masked" in _reads(rule) and rule.content and not rule.raw


def parts_for(rules: tuple[Rule, ...], table: SectionTable) -> Parts:
    """The parts the rules read: the outline also whenever a section is located (sections are found
    by their headings), the citation mask for content rules that must not take a cited title as evidence."""
    headings = bool(sections_needed(rules, table)) or any(_reads_headings(r) for r in rules)
    return Parts(headings=headings, citations=any(_reads_citations(r) for r in rules))
