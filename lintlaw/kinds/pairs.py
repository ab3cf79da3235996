"""pairs: brackets and quotation marks must open and close in pairs within a paragraph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

import regex

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Params, Violation, failed, passed
from lintlaw.rule import Context, Rule
from lintlaw.scopes import hit_at, paragraph_ranges


@dataclass(frozen=True, slots=True)
class PairsParams(Params):
    # A pair may list several equivalent marks: ["（(", "）)"] pairs either opening with either closing.
    pairs: tuple[tuple[str, str], ...] = ()


def params(data: Mapping[str, Any], build: Build) -> PairsParams:
    return PairsParams(tuple((a, b) for a, b in data["pairs"]))


def check(rule: Rule, p: PairsParams, doc: Document, ctx: Context) -> list[Violation]:
    opening = {ch: i for i, (a, _) in enumerate(p.pairs) for ch in a}
    closing = {ch: i for i, (_, b) in enumerate(p.pairs) for ch in b}
    unpaired: list[tuple[int, str]] = []  # (logical offset, the mark it lacks)
    marks = regex.compile("[" + regex.escape("".join(opening) + "".join(closing)) + "]")
    indices = [i for a, b in paragraph_ranges(doc, rule.scope) or [] for i in range(a, b)]
    for index in indices:
        para = doc.paragraphs[index]
        stack: list[tuple[int, int]] = []  # (pair index, logical offset)
        open_count = [0] * len(p.pairs)  # marks of each kind on the stack, so a lookup is O(1)
        for m in marks.finditer(doc.logical, para.start, para.end):
            i, ch = m.start(), m.group()
            if ch in opening:
                stack.append((opening[ch], i))
                open_count[opening[ch]] += 1
            elif ch in closing:
                kind = closing[ch]
                if stack and stack[-1][0] == kind:
                    stack.pop()
                    open_count[kind] -= 1
                elif open_count[kind]:
                    # Close the matching open mark; the ones opened after it were never closed.
                    while stack[-1][0] != kind:
                        k, j = stack.pop()
                        open_count[k] -= 1
                        unpaired.append((j, p.pairs[k][1][0]))
                    stack.pop()
                    open_count[kind] -= 1
                else:
                    unpaired.append((i, p.pairs[kind][0][0]))
        unpaired += [(j, p.pairs[k][1][0]) for k, j in stack]
    if not unpaired:
        return [passed()]
    unpaired.sort()
    say = ctx.messages.text
    return [failed(hit_at(doc, i, i + 1, False), detail=say("pairs-unpaired", mark=mark)) for i, mark in unpaired]


MESSAGES = {"pairs-unpaired": frozenset({"mark"})}
PLACEHOLDERS = frozenset({"match", "detail"})
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
