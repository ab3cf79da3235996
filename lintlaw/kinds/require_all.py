"""require-all: every one of a list of named items must be in scope; the failure names the missing ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Item, Params, Violation, failed, failed_at, passed, ranges, scope_start, skipped
from lintlaw.patterns import Template
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit, first_hit


@dataclass(frozen=True, slots=True)
class RequireAllParams(Params):
    items: tuple[Item, ...] = ()
    satisfied_by: tuple[Template, ...] = ()  # one wording that covers every item at once
    unless: tuple[Template, ...] = ()


def params(data: Mapping[str, Any], build: Build) -> RequireAllParams:
    return RequireAllParams(
        items=build.items(data["items"]),
        satisfied_by=build.templates(data.get("satisfied_by", [])),
        unless=build.templates(data.get("unless", [])),
    )


def check(rule: Rule, p: RequireAllParams, doc: Document, ctx: Context) -> list[Violation]:
    found_ranges = ranges(rule, doc)
    if found_ranges is None:
        return [skipped(ctx.messages, "no-scope")]
    whole = first_hit(doc, p.satisfied_by, found_ranges, rule.raw, ctx.year, p.unless, rule.content) if p.satisfied_by else None
    if whole is not None:
        return [passed(whole, found="、".join(i.name for i in p.items))]
    found: list[tuple[str, Hit]] = []
    missing: list[str] = []
    for item in p.items:
        h = first_hit(doc, item.templates, found_ranges, rule.raw, ctx.year, p.unless, rule.content)
        if h is None:
            missing.append(item.name)
        else:
            found.append((item.name, h))
    names = "、".join(n for n, _ in found)
    if not missing:
        return [passed(min((h for _, h in found), key=lambda h: h.start), found=names)]
    if found:
        first = min((h for _, h in found), key=lambda h: h.start)
        return [failed(first, missing="、".join(missing), found=names)]
    return [failed_at(scope_start(doc, rule.scope), missing="、".join(missing), found="")]


MESSAGES = {"no-scope": frozenset[str]()}
PLACEHOLDERS = frozenset({"match", "missing", "found", "year", "next_year", "prev_year"})
WHOLE_DOCUMENT = True  # one verdict per document
READS = frozenset({"masked"})  # the optional parts of the document model it reads (lintlaw.needs)
