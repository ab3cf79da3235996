"""The document model's vocabulary: the rule-pack data (rules/document.yaml) that tells page chrome
and watermarks from text and says where a report's title, year and issuing body are written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lintlaw.numerals import int_to_chinese
from lintlaw.patterns import Template, anchored_at_start


@dataclass(frozen=True, slots=True)
class VocabularyExample:
    """A text and what the document model must read from it (None: not checked)."""

    text: str
    expect: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class HeadingMarker:
    """A heading marker: the outline level it opens, its pattern (a `num` group holds the number), how the
    marker of number N is written ({cn}: Chinese numerals, {n}: digits), and whether it is a lead-in (一是)."""

    level: int
    template: Template
    form: str
    lead: bool = False


@dataclass(frozen=True, slots=True)
class Vocabulary:
    noise: tuple[Template, ...] = ()
    # The chrome patterns as two alternations: those anchored at the start of a paragraph, matched
    # there (searching would try every position), and the others, searched; None when there are none.
    chrome_start: Template | None = None
    chrome_anywhere: Template | None = None
    title_words: Template = Template("报告")
    report_title: Template = Template("报告")
    title_plan_years: tuple[Template, ...] = ()
    lead_years: tuple[Template, ...] = ()
    quoted_titles: tuple[Template, ...] = ()
    body_year: Template | None = None
    body_year_ignore: Template | None = None
    issuer_kinds: tuple[tuple[str, Template], ...] = ()
    issuer_kind_labels: tuple[tuple[str, str], ...] = ()
    year_source_labels: tuple[tuple[str, str], ...] = ()
    section_found_by: tuple[tuple[str, str], ...] = ()
    traditional_markers: frozenset[str] = frozenset()
    citations: tuple[Template, ...] = ()
    heading_markers: tuple[HeadingMarker, ...] = ()
    examples: tuple[VocabularyExample, ...] = ()

    def kind_of(self, issuer: str | None) -> str | None:
        """government or department from the issuer's name; None when the name does not tell."""
        if not issuer:
            return None
        name = issuer.replace(" ", "").replace("\u3000", "")
        for kind, template in self.issuer_kinds:
            if template.search(name, None):
                return kind
        return None

    def kind_label(self, kind: str) -> str:
        return dict(self.issuer_kind_labels).get(kind, kind)

    def source_label(self, basis: str) -> str:
        return dict(self.year_source_labels).get(basis, basis)

    def marker_for(self, level: int, number: int) -> str:
        """The heading marker of a number at an outline level (（三）for level 2, number 3); "" for an unknown level."""
        return marker_text(self.heading_markers, level, number)


def marker_text(markers: tuple[HeadingMarker, ...], level: int, number: int) -> str:
    """The heading marker of a number at an outline level, as the table writes it; "" for an unknown level."""
    form = next((m.form for m in markers if m.level == level), "")
    return form.replace("{cn}", int_to_chinese(number)).replace("{n}", str(number))


EXPECT_KEYS = ("title", "report_year", "year_source", "issuer", "headings")


def from_data(data: dict[str, Any], trusted: bool = False) -> Vocabulary:
    """A Vocabulary from validated document.yaml data; `trusted` (the built-in one only) lets its
    patterns run without a timeout (lintlaw.patterns.Template)."""

    def templates(key: str) -> tuple[Template, ...]:
        return tuple(Template(s, trusted) for s in data.get(key, ()))

    def one(key: str) -> Template | None:
        return Template(data[key], trusted) if key in data else None

    def alternation(sources: list[str]) -> Template | None:
        return Template("|".join(f"(?:{s})" for s in sources), trusted) if sources else None

    def expected(key: str, value: Any) -> Any:
        return tuple(tuple(h) for h in value) if key == "headings" else value

    examples = tuple(
        VocabularyExample(e["text"], tuple((k, expected(k, e[k])) for k in EXPECT_KEYS if k in e)) for e in data.get("examples", ())
    )
    markers = tuple(
        HeadingMarker(m["level"], Template(m["pattern"], trusted), m["form"], m.get("lead", False)) for m in data.get("heading_markers", ())
    )
    return Vocabulary(
        noise=templates("noise"),
        chrome_start=alternation([p for p in data.get("chrome", ()) if anchored_at_start(p)]),
        chrome_anywhere=alternation([p for p in data.get("chrome", ()) if not anchored_at_start(p)]),
        title_words=Template(data["title_words"], trusted),
        report_title=Template(data["report_title"], trusted),
        title_plan_years=templates("title_plan_years"),
        lead_years=templates("lead_years"),
        quoted_titles=templates("quoted_titles"),
        body_year=one("body_year"),
        body_year_ignore=one("body_year_ignore"),
        issuer_kinds=tuple((k, Template(v, trusted)) for k, v in data.get("issuer_kinds", {}).items()),
        issuer_kind_labels=tuple(data.get("issuer_kind_labels", {}).items()),
        year_source_labels=tuple(data.get("year_source_labels", {}).items()),
        section_found_by=tuple(data.get("section_found_by", {}).items()),
        traditional_markers=frozenset(data.get("traditional_markers", "")),
        citations=templates("citations"),
        heading_markers=markers,
        examples=examples,
    )
