"""reuse: the share of this report's sentences that repeat last year's, word for word or with only
figures, years or names changed (lintlaw.nearcopy), must stay within `max`; one failure per copied passage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw import nearcopy
from lintlaw.document import Document
from lintlaw.kinds.base import (
    Build,
    Params,
    Violation,
    failed,
    label,
    logical_hit,
    logical_line,
    no_previous,
    num,
    passed,
    skipped,
)
from lintlaw.model import Detail
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import text_ranges


@dataclass(frozen=True, slots=True)
class ReuseParams(Params):
    maximum: float | None = None  # the share (%) of copied sentences allowed
    similarity: float = 0.5  # the score from which two sentences count as the same
    min_length: int = 20  # shorter sentences are not compared
    boilerplate: tuple[Template, ...] = ()  # phrases every report shares: left out before comparing

    @property
    def uses_previous(self) -> bool:
        return True


def params(data: Mapping[str, Any], build: Build) -> ReuseParams:
    return ReuseParams(
        data.get("max"), data.get("similarity", 0.5), data.get("min_length", 20), build.alternation(data.get("boilerplate", []))
    )


def check(rule: Rule, p: ReuseParams, doc: Document, ctx: Context) -> list[Violation]:
    previous = ctx.previous
    if previous is None:
        return [no_previous(ctx)]
    mine = nearcopy.sentences(doc, text_ranges(doc, rule.scope, False, True) or [], p.boilerplate, ctx.year, p.min_length)
    if not mine:
        return [skipped(ctx.messages, "reuse-no-sentences")]
    earlier_ranges = text_ranges(previous, rule.scope, False, True) or []
    earlier = nearcopy.sentences(previous, earlier_ranges, p.boilerplate, previous.metadata.report_year, p.min_length)
    copies = nearcopy.find_copies(mine, earlier, p.similarity)
    share = 100 * len(copies) / len(mine)
    values = {"share": f"{share:.0f}", "reused": str(len(copies)), "total": str(len(mine)), "bound": num(p.maximum)}
    details = tuple(
        Detail(
            label(c.current.text), "fail", logical_line(doc, c.current.start), logical_line(previous, c.previous.start),
            round(c.score, 2), note=nearcopy.describe(c.changes, ctx.messages),
        )
        for c in copies
    )
    if p.maximum is None or share <= p.maximum:
        return [_with(passed(None, changes="", **values), details)]
    failures = []
    for passage in nearcopy.passages(copies, doc.logical):
        hit = logical_hit(doc, passage[0].current.start, passage[-1].current.end)
        changed = tuple(ch for c in passage for ch in c.changes)
        failures.append(failed(hit, changes=nearcopy.describe(changed, ctx.messages), **values))
    return [_with(failures[0], details), *failures[1:]]


def _with(v: Violation, details: tuple[Detail, ...]) -> Violation:
    return v._replace(details=details)


MESSAGES = {
    "reuse-no-sentences": frozenset[str](), "no-previous": frozenset[str](),
    # nearcopy.describe: what a copied passage changed
    "reuse-unchanged": frozenset[str](), "reuse-change": frozenset({"old", "new"}), "reuse-added": frozenset[str](),
    "reuse-removed": frozenset[str](), "reuse-more": frozenset({"count"}), "reuse-changes": frozenset({"changes", "more"}),
}
PLACEHOLDERS = frozenset({"match", "share", "reused", "total", "bound", "changes"})
OPTIONS = {"max": ("maximum", float), "similarity": ("similarity", float), "min_length": ("min_length", int)}
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
