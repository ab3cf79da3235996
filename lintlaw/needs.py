"""Which optional parts of the Document model a set of rules reads, so that a run builds only those."""

from __future__ import annotations

from lintlaw.document import Parts
from lintlaw.engine import sections_needed
from lintlaw.kinds.require import RequireParams
from lintlaw.rule import Rule

# Kinds whose checks never read the outline (Document.headings) themselves; any other kind, including
# one added later, gets it. require reads it only for `generic` (boilerplate-only points).
_WITHOUT_HEADINGS = frozenset(
    {"require-all", "forbid", "metric", "ratio", "pairs", "date", "years", "meta", "overlap", "sum", "consistency",
     "reuse", "current", "trend"}
)
# Kinds that never search the citation mask (Document.masked); require and require-all search it
# for content rules (a cited title is not evidence).
_WITHOUT_CITATIONS = frozenset(
    {"forbid", "metric", "ratio", "sequence", "pairs", "date", "years", "meta", "overlap", "sum", "consistency",
     "reuse", "current", "match-items", "trend"}
)


def _reads_headings(rule: Rule) -> bool:
    if "headings" in (rule.scope, *rule.params.scopes()):
        return True
    if isinstance(rule.params, RequireParams):
        return rule.params.generic is not None
    return rule.kind not in _WITHOUT_HEADINGS


def _reads_citations(rule: Rule) -> bool:
    return rule.kind not in _WITHOUT_CITATIONS and rule.content and not rule.raw


def parts_for(rules: tuple[Rule, ...]) -> Parts:
    """The parts the rules read: the outline also whenever a section is located (sections are found
    by their headings), the citation mask for content rules that must not take a cited title as evidence."""
    headings = bool(sections_needed(rules)) or any(_reads_headings(r) for r in rules)
    return Parts(headings=headings, citations=any(_reads_citations(r) for r in rules))
