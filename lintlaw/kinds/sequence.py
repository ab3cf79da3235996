"""sequence: the numbered headings of the listed levels must count up without gaps, repeats or
steps back (一、二、三、; （一）（二）), and an unnumbered heading where a number is due is named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document, Heading
from lintlaw.kinds.base import Build, Params, Violation, failed_at, passed
from lintlaw.rule import Context, Rule
from lintlaw.scopes import paragraph_start
from lintlaw.vocabulary import marker_text


@dataclass(frozen=True, slots=True)
class SequenceParams(Params):
    levels: tuple[int, ...] = ()


def params(data: Mapping[str, Any], build: Build) -> SequenceParams:
    return SequenceParams(tuple(data["levels"]))


def check(rule: Rule, p: SequenceParams, doc: Document, ctx: Context) -> list[Violation]:
    say = ctx.messages.text
    body = [h for h in doc.headings if doc.head_end <= h.paragraph < doc.tail_start]
    last: dict[int, int] = {}
    unnumbered_since: list[Heading] = []
    failures: list[Violation] = []
    for h in body:
        if h.level is None:
            unnumbered_since.append(h)
            continue
        if h.level not in p.levels:
            continue
        for deeper in [lv for lv in last if lv > h.level]:
            del last[deeper]
        expected = last.get(h.level, 0) + 1
        if h.number != expected:
            stray = unnumbered_since[0] if h.level == 1 and unnumbered_since and h.number == expected + 1 else None
            if stray is not None:
                detail = say("sequence-unnumbered", title=stray.title, expected=marker_text(ctx.markers, 1, expected))
                failures.append(failed_at(paragraph_start(doc, stray.paragraph), detail=detail))
            else:
                marker = h.marker.strip()
                if h.number is not None and h.number < expected:
                    key = "sequence-repeated" if h.number == expected - 1 else "sequence-backwards"
                    detail = say(key, marker=marker, previous=marker_text(ctx.markers, h.level, expected - 1))
                else:
                    detail = say("sequence-skipped", marker=marker, expected=marker_text(ctx.markers, h.level, expected))
                failures.append(failed_at(paragraph_start(doc, h.paragraph), detail=detail))
        last[h.level] = h.number or expected
        if h.level == 1:
            unnumbered_since = []
    return failures or [passed()]


MESSAGES = {
    "sequence-unnumbered": frozenset({"title", "expected"}),
    "sequence-repeated": frozenset({"marker", "previous"}),
    "sequence-backwards": frozenset({"marker", "previous"}),
    "sequence-skipped": frozenset({"marker", "expected"}),
}
PLACEHOLDERS = frozenset({"detail"})
READS = frozenset({"outline"})  # the optional parts of the document model it reads (lintlaw.needs)
