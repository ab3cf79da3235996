"""consistency: two or more ways of writing the same thing must not be mixed in one scope; the less used ones fail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Item, Params, Violation, failed, passed, ranges, skipped
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, hits


@dataclass(frozen=True, slots=True)
class ConsistencyParams(Params):
    items: tuple[Item, ...] = ()  # the forms; ties go to the one listed first


def params(data: Mapping[str, Any], build: Build) -> ConsistencyParams:
    return ConsistencyParams(build.items(data["items"]))


def check(rule: Rule, p: ConsistencyParams, doc: Document, ctx: Context) -> list[Violation]:
    found_ranges = ranges(rule, doc)
    if found_ranges is None:
        return [skipped(ctx.messages, "no-scope")]
    uses: list[tuple[str, list[Hit]]] = []
    for item in p.items:
        found = [h for t in item.templates for h in hits(doc, t, found_ranges, rule.raw, ctx.year)]
        if found:
            uses.append((item.name, sorted(found, key=lambda h: h.start)))
    if len(uses) < 2:
        only = uses[0][1][0] if uses else None
        return [passed(only, found=uses[0][0] if uses else "")]
    # The most used form is the document's own; ties go to the form listed first in the rule.
    main_name, _ = max(uses, key=lambda u: len(u[1]))
    failures = sorted(
        ((h.start, name, h) for name, found in uses if name != main_name for h in found), key=lambda f: f[0]
    )
    return [failed(h, found=name, expected=main_name) for _, name, h in failures]


MESSAGES = {"no-scope": frozenset[str]()}
PLACEHOLDERS = frozenset({"match", "found", "expected"})
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
