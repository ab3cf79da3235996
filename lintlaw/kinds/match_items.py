"""match-items: each item of one part (plan points, shortfall points) looked up in another part —
of this report or last year's — by its content bigrams (lintlaw.matching): want trace — an item with
no counterpart fails; want new — an item that says what the other part already said fails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping, Sequence

from lintlaw import matching
from lintlaw.document import Document
from lintlaw.kinds.base import (
    Build,
    Params,
    Violation,
    failed,
    failed_at,
    label,
    logical_hit,
    logical_line,
    no_previous,
    num,
    passed,
    scope_start,
    skipped,
)
from lintlaw.messages import Messages
from lintlaw.model import Detail
from lintlaw.patterns import Template
from lintlaw.rule import PREVIOUS_PREFIX, Context, Rule
from lintlaw.scopes import body_end, paragraph_ranges


@dataclass(frozen=True, slots=True)
class MatchItemsParams(Params):
    items_from: str = ""  # the scope whose items are looked up (previous:SCOPE: in last year's report)
    look_in: str = ""  # the scope where each item's counterpart is looked for
    want: str = "trace"  # trace (an item without a counterpart fails) | new (one with a counterpart fails)
    similarity: float = 0.5  # the score from which two texts count as the same
    boilerplate: tuple[Template, ...] = ()  # phrases every report shares: left out before comparing
    unless: tuple[Template, ...] = ()  # items matching one of these are not looked up
    minimum: float | None = None  # trace: the share (%) of items that must be found (default 100)
    maximum: float | None = None  # new: the share (%) of items that may repeat (default 0)

    @property
    def uses_previous(self) -> bool:
        return any(s.startswith(PREVIOUS_PREFIX) for s in (self.items_from, self.look_in))

    def scopes(self) -> tuple[str, ...]:
        # Scopes of last year's report (previous:…) are located on that report, with all its sections.
        own = tuple(s for s in (self.items_from, self.look_in) if not s.startswith(PREVIOUS_PREFIX))
        # An account found missing from the review belongs at the end of its achievements.
        return own + (("section:achievements",) if self.look_in == "review" else ())


def params(data: Mapping[str, Any], build: Build) -> MatchItemsParams:
    return MatchItemsParams(
        data["items_from"], data["look_in"], data.get("want", "trace"), data.get("similarity", 0.5),
        build.alternation(data.get("boilerplate", [])), build.templates(data.get("unless", [])), data.get("min"), data.get("max"),
    )


def _side(scope: str, doc: Document, ctx: Context) -> tuple[Document | None, str]:
    """The document a match-items scope names (this report, or last year's with previous:) and its scope."""
    if scope.startswith(PREVIOUS_PREFIX):
        return ctx.previous, scope[len(PREVIOUS_PREFIX) :]
    return doc, scope


# The parts a match-items rule may name, as its skip messages name them (rules/messages.yaml: part-NAME).
PARTS = ("plan", "shortfalls", "achievements", "review", "body", "document")


def _part_name(messages: Messages, scope: str, previous: bool) -> str:
    bare = scope.split(":", 1)[1] if scope.startswith("section:") else scope
    name = messages.text(f"part-{bare}") if bare in PARTS else bare
    return messages.text("part-of-previous" if previous else "part-of-this", part=name)


def check(rule: Rule, p: MatchItemsParams, doc: Document, ctx: Context) -> list[Violation]:
    """Each item of one part (plan points, shortfall points) looked up in another part by its content
    bigrams (lintlaw.matching): want trace — an item with no counterpart fails; want new — an item
    that says what the other part already said fails."""
    say = ctx.messages.text
    if p.uses_previous and ctx.previous is None:
        return [no_previous(ctx)]
    src_doc, src_scope = _side(p.items_from, doc, ctx)
    dst_doc, dst_scope = _side(p.look_in, doc, ctx)
    assert src_doc is not None and dst_doc is not None
    src_prev, dst_prev = src_doc is not doc, dst_doc is not doc
    src_ranges = paragraph_ranges(src_doc, src_scope)
    dst_ranges = paragraph_ranges(dst_doc, dst_scope)
    missing_parts = [
        _part_name(ctx.messages, scope, prev)
        for scope, prev, found in ((src_scope, src_prev, src_ranges), (dst_scope, dst_prev, dst_ranges))
        if found is None
    ]
    if missing_parts:
        return [skipped(ctx.messages, "match-no-parts", parts="、".join(missing_parts))]
    assert src_ranges is not None and dst_ranges is not None
    src_year = src_doc.metadata.report_year if src_prev else ctx.year
    dst_year = dst_doc.metadata.report_year if dst_prev else ctx.year
    src_blank = matching.blank(src_doc.logical, _logical_ranges(src_doc, src_ranges), p.boilerplate, src_year)
    items = [
        (item, key)
        for item in matching.items_of(src_doc, src_ranges)
        if not any(u.search(item.text, src_year) for u in p.unless)
        for key in (matching.content_of(src_blank[item.start : item.end]),)
        if key.size >= matching.MIN_CONTENT
    ]
    if not items:
        return [skipped(ctx.messages, "match-no-items", part=_part_name(ctx.messages, src_scope, src_prev))]
    new = p.want == "new"
    dst_blank = matching.blank(dst_doc.logical, _logical_ranges(dst_doc, dst_ranges), p.boilerplate, dst_year)
    rows: list[tuple[matching.TextItem, matching.TextItem | None, float]] = []
    if new:
        counterparts = [(t, matching.content_of(dst_blank[t.start : t.end])) for t in matching.items_of(dst_doc, dst_ranges)]
        scored = [[(t, matching.mutual(key, c)) for t, c in counterparts] for _, key in items]
    else:
        sentences = [(t, matching.pairs_of(dst_blank[t.start : t.end])) for t in matching.sentences_of(dst_doc, dst_ranges)]
        scored = [[(t, matching.coverage(key, pairs)) for t, pairs in sentences] for _, key in items]
    for (item, _), scores in zip(items, scored):
        best: tuple[matching.TextItem | None, float] = (None, 0.0)
        for target, score in scores:
            if score > best[1]:
                best = (target, score)
        rows.append((item, best[0] if best[1] >= p.similarity else None, best[1]))
    matched = [(i, t, sc) for i, t, sc in rows if t is not None]
    unmatched = [(i, t, sc) for i, t, sc in rows if t is None]

    def where(item: matching.TextItem, target: matching.TextItem | None) -> str:
        spot = target if target is not None and not dst_prev else item if not src_prev else None
        return say("line", line=logical_line(doc, spot.start)) if spot is not None else ""

    def listing(chosen: Sequence[tuple[matching.TextItem, matching.TextItem | None, float]], with_score: bool) -> str:
        parts = []
        for item, target, score in chosen:
            spot = where(item, target)
            extra = "，".join(x for x in (spot, say("match-score", score=f"{score:.2f}") if with_score else "") if x)
            parts.append(say("match-item", item=label(item.text, 20)) + (say("match-where", where=extra) if extra else ""))
        return "；".join(parts) or say("match-none")

    share = 100 * len(matched) / len(rows)
    values = {
        "total": str(len(rows)),
        "found": str(len(matched)),
        "unmatched": str(len(unmatched)),
        "share": f"{share:.0f}",
        "matched_items": listing(matched, True),
        "unmatched_items": listing(unmatched, not new),
        "bound": "",
    }
    details = tuple(_item_detail(ctx.messages, doc, src_doc, dst_doc, item, target, score, new) for item, target, score in rows)
    if new:
        bound = p.maximum if p.maximum is not None else 0.0
        values["bound"] = num(bound)
        if share <= bound:
            return [passed(None, **values)._replace(details=details)]
        first = matched[0]
        shown = first[0] if not src_prev else first[1]
        assert shown is not None
        finding = failed(logical_hit(doc, shown.start, shown.end), **values)
        return [finding._replace(details=details)]
    bound = p.minimum if p.minimum is not None else 100.0
    values["bound"] = num(bound)
    if share >= bound:
        spot: matching.TextItem | None = None
        if matched:
            item, target, _ = matched[0]
            spot = target if not dst_prev else item if not src_prev else None
        hit = logical_hit(doc, spot.start, spot.end) if spot is not None else None
        return [passed(hit, **values)._replace(details=details)]
    if dst_prev and not src_prev:
        item = unmatched[0][0]
        finding = failed(logical_hit(doc, item.start, item.end), **values)
    else:
        finding = failed_at(_missing_at(doc, dst_scope), **values)
    return [finding._replace(details=details)]


def _missing_at(doc: Document, scope: str) -> int:
    """Where a missing account belongs: the end of the review part (its achievements, else the paragraph
    before the plan) for the review scope, else the scope's start."""
    if scope != "review":
        return scope_start(doc, scope)
    achievements, plan = doc.section("achievements"), doc.section("plan")
    last = achievements.last if achievements is not None else plan.first - 1 if plan is not None else doc.tail_start - 1
    if last < doc.head_end or last < 0:
        return body_end(doc)
    p = doc.paragraphs[last]
    return doc.source_offset(p.end - 1) + 1 if p.end > p.start else body_end(doc)


def _logical_ranges(doc: Document, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(doc.paragraphs[a].start, doc.paragraphs[b - 1].end) for a, b in paragraphs if b > a]


def _item_detail(
    messages: Messages, doc: Document, src: Document, dst: Document, item: matching.TextItem, target: matching.TextItem | None,
    score: float, new: bool,
) -> Detail:
    in_src = logical_line(src, item.start)
    in_dst = logical_line(dst, target.start) if target is not None else None
    line, previous_line = (in_src, in_dst) if src is doc else (in_dst, in_src)
    if src is dst:
        line, previous_line = in_src, None
    status = ("fail" if target is not None else "pass") if new else ("pass" if target is not None else "fail")
    # The counterpart found; its line is given here when both are in this report (line is the item's).
    note = "" if target is None else (messages.text("match-line", line=in_dst) if src is dst else "") + label(target.text, 40)
    return Detail(label(item.text, 40), status, line, previous_line, round(score, 2), note=note)


MESSAGES = {
    **{f"part-{name}": frozenset[str]() for name in PARTS},
    "part-of-this": frozenset({"part"}), "part-of-previous": frozenset({"part"}),
    "match-no-parts": frozenset({"parts"}), "match-no-items": frozenset({"part"}),
    "line": frozenset({"line"}), "match-line": frozenset({"line"}), "match-score": frozenset({"score"}),
    "match-item": frozenset({"item"}), "match-where": frozenset({"where"}), "match-none": frozenset[str](),
    "no-previous": frozenset[str](),
}
PLACEHOLDERS = frozenset({"match", "total", "found", "unmatched", "share", "matched_items", "unmatched_items", "bound"})
OPTIONS = {"min": ("minimum", float), "max": ("maximum", float), "similarity": ("similarity", float)}
WHOLE_DOCUMENT = True  # one verdict per document
READS = frozenset({"outline"})  # the optional parts of the document model it reads (lintlaw.needs)
