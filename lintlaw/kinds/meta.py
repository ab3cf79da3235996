"""meta: the document must carry the listed metadata (title, report year, issuer, issuing date, document number)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

from lintlaw.document import Document
from lintlaw.kinds.base import Build, Params, Violation, failed_at, passed, year_values
from lintlaw.rule import Context, Rule
from lintlaw.scopes import Hit


@dataclass(frozen=True, slots=True)
class MetaParams(Params):
    fields: tuple[str, ...] = ()


def params(data: Mapping[str, Any], build: Build) -> MetaParams:
    return MetaParams(tuple(data["fields"]))


def check(rule: Rule, p: MetaParams, doc: Document, ctx: Context) -> list[Violation]:
    meta = doc.metadata
    located = {
        "title": meta.title,
        "report_year": meta.year_source if meta.report_year is not None else None,
        "issuer": meta.issuer,
        "issue_date": meta.issue_date_source,
        "doc_number": meta.doc_number,
    }
    missing = [name for name in p.fields if located[name] is None]
    candidates = "、".join(str(y) for y in meta.year_candidates)
    if missing:
        names = "、".join(ctx.messages.text(f"meta-{name.replace('_', '-')}") for name in missing)
        return [failed_at(0, missing=names, candidates=candidates or ctx.messages.text("meta-no-candidates"), source="")]
    first = located[p.fields[0]]
    assert first is not None
    a, b = doc.first_line_range(first.line, first.src_start, first.src_end)
    hit = Hit(a, b, first.value, note=doc.text[a:b].strip()[:60])
    return [passed(hit, candidates=candidates, source=ctx.year_source, **year_values(ctx))]


FIELDS = ("title", "report_year", "issuer", "issue_date", "doc_number")
MESSAGES = {f"meta-{name.replace('_', '-')}": frozenset[str]() for name in FIELDS} | {"meta-no-candidates": frozenset[str]()}
PLACEHOLDERS = frozenset({"missing", "candidates", "source", "year", "next_year", "prev_year"})
WHOLE_DOCUMENT = True  # one verdict per document
READS = frozenset[str]()  # reads no optional part of the document model (lintlaw.needs)
