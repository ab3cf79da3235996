"""overlap: the topics a section raises (its `terms`) must come up again in the rule's scope
(a shortfall about lawsuits needs a plan about lawsuits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Params, Violation, failed_at, passed, ranges, scope_start, skipped
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import first_hit, text_ranges


@dataclass(frozen=True, slots=True)
class OverlapParams(Params):
    section: str = ""
    terms: tuple[Template, ...] = ()

    def scopes(self) -> tuple[str, ...]:
        return (f"section:{self.section}",)


def params(data: Mapping[str, Any], build: Build) -> OverlapParams:
    return OverlapParams(data["section"], build.templates(data["terms"]))


def check(rule: Rule, p: OverlapParams, doc: Document, ctx: Context) -> list[Violation]:
    source = text_ranges(doc, f"section:{p.section}", rule.raw, True)
    target = ranges(rule, doc)
    if source is None or target is None:
        return [skipped(ctx.messages, "overlap-no-parts")]
    found = [(t, h) for t in p.terms if (h := first_hit(doc, (t,), source, rule.raw, ctx.year)) is not None]
    if not found:
        return [skipped(ctx.messages, "overlap-no-terms")]
    topics = [t for t, _ in found]
    hit = first_hit(doc, tuple(topics), target, rule.raw, ctx.year)
    # The words as the report wrote them, never the patterns' source (应诉|诉讼|败诉).
    names = "、".join(dict.fromkeys(h.text for _, h in found))
    if hit is None:
        return [failed_at(scope_start(doc, rule.scope), terms=names)]
    return [passed(hit, terms=names)]


MESSAGES = {"overlap-no-parts": frozenset[str](), "overlap-no-terms": frozenset[str]()}
PLACEHOLDERS = frozenset({"match", "terms"})
WHOLE_DOCUMENT = True  # one verdict per document
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
