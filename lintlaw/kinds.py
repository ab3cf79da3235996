"""The generic rule kinds: one pure function each, document + rule → findings."""

from __future__ import annotations

import dataclasses
import datetime
from types import MappingProxyType
from typing import Callable

import regex

from lintlaw.document import LEAD_LEVEL, Document, Heading
from lintlaw import matching, nearcopy
from lintlaw.model import Detail, Finding, Severity, Span, Status
from lintlaw.numerals import parse_number
from lintlaw.rule import PREVIOUS_PREFIX, Context, Generic, Indicator, PatternSpec, Rule
from lintlaw.scopes import (
    Hit,
    body_end,
    evidence_of,
    first_hit,
    hit_at,
    hits,
    match_spans,
    measures_end,
    paragraph_ranges,
    paragraph_start,
    text_ranges,
)

# --- finding helpers ---------------------------------------------------------------------------


def _span(doc: Document, start: int, end: int) -> Span:
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(max(start, end))
    return Span(line, col, end_line, end_col)


def _make(rule: Rule, doc: Document, status: Status, start: int | None, end: int | None, message: str, evidence: str = "") -> Finding:
    span = None if start is None else _span(doc, start, end if end is not None else start)
    return Finding(rule.id, status, rule.severity, doc.path, span, message, evidence, rule.cite, rule.title)


def _fmt(template: str, **values: object) -> str:
    return template.format_map(values)


def _pass(rule: Rule, doc: Document, hit: Hit | None, **values: object) -> Finding:
    message = _fmt(rule.pass_message, **values) if rule.pass_message else "符合要求"
    if hit is None:
        return _make(rule, doc, Status.PASS, None, None, message)
    return _make(rule, doc, Status.PASS, hit.start, hit.end, message, hit.evidence)


def _skip(rule: Rule, doc: Document, reason: str) -> Finding:
    return _make(rule, doc, Status.SKIP, None, None, reason)


def _fail_hit(rule: Rule, doc: Document, hit: Hit, template: str | None = None, **values: object) -> Finding:
    message = _fmt(template or rule.message, match=hit.text, **values)
    return _make(rule, doc, Status.FAIL, hit.start, hit.end, message, hit.evidence)


def _fail_at(rule: Rule, doc: Document, offset: int, template: str | None = None, **values: object) -> Finding:
    line, _ = doc.line_col(offset)
    return _make(rule, doc, Status.FAIL, offset, offset, _fmt(template or rule.message, **values), doc.line_text(line).strip()[:60])


def _scope_start(doc: Document, scope: str) -> int:
    """Where a missing part of a scope belongs: the scope's start, or the end of the body."""
    if scope in ("head", "title"):
        return 0
    if scope == "measures":
        return measures_end(doc)
    found = paragraph_ranges(doc, scope) if scope.startswith("section:") or scope == "end" else None
    if found and found[0][1] > found[0][0]:
        return paragraph_start(doc, found[0][0])
    return body_end(doc)


def _tallied(kept: list[Finding], total: int) -> list[Finding]:
    """The listed failures, each carrying the total count of the rule's failures in the file: the
    count is a property of the listing, not one more failure."""
    return [dataclasses.replace(f, total=total) for f in kept]


def _bounded(rule: Rule, ctx: Context, failures: list[Finding]) -> list[Finding]:
    """At most rule.max_findings failures, carrying the total, so a report typed with an English
    keyboard gives a readable list instead of hundreds of lines (all of them for --fix)."""
    if ctx.unbounded or len(failures) <= rule.max_findings:
        return failures
    return _tallied(failures[: rule.max_findings], len(failures))


def _ranges(rule: Rule, doc: Document, scope: str | None = None) -> list[tuple[int, int]] | None:
    return text_ranges(doc, scope or rule.scope, rule.raw, rule.content or rule.gate)


# --- applicability -----------------------------------------------------------------------------

_POWERS = {"enforcement": "本单位没有行政执法职权（配置 enforcement: false），此项不适用"}


# The 纲要 editions by their first year, and the report years each governs.
_EDITIONS = {2015: "《法治政府建设实施纲要（2015－2020年）》", 2021: "《法治政府建设实施纲要（2021－2025年）》"}


def report_edition(ctx: Context) -> int | None:
    """The 纲要 edition a report answers to: as configured, else by its year (2016–2020: 2015)."""
    if ctx.outline_edition != "auto":
        return int(ctx.outline_edition)
    if ctx.year is None:
        return None
    return 2015 if ctx.year <= 2020 else 2021


def inapplicable(rule: Rule, doc: Document, ctx: Context) -> Finding | None:
    """A skip when the reporting body lacks a power the rule requires (config `enforcement: false`),
    or when the rule comes from a 纲要 edition other than the one the report answers to."""
    edition = report_edition(ctx) if rule.edition is not None else None
    if edition is not None and edition != rule.edition:
        return _skip(rule, doc, f"此项依据{_EDITIONS[rule.edition]}，本报告适用{_EDITIONS[edition]}，不检查")
    for power in rule.requires:
        if power == "enforcement" and not ctx.enforcement:
            return _skip(rule, doc, _POWERS[power])
    return None


def moot(rule: Rule, doc: Document, ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Failures become one skip when the report states the fact that makes the rule moot
    (no lawsuits, so no court-appearance rate to give); passes stand."""
    if not rule.not_applicable or not any(f.status is Status.FAIL for f in findings):
        return findings
    ranges = text_ranges(doc, "body", False) or []
    for template, reason in rule.not_applicable:
        hit = first_hit(doc, (template,), ranges, False, ctx.year)
        if hit is not None:
            line, _ = doc.line_col(hit.start)
            return [_skip(rule, doc, f"{reason}（第{line}行：“{hit.text}”）")]
    return findings


# --- kinds -----------------------------------------------------------------------------------


def _rejected(rule: Rule, doc: Document, ctx: Context) -> Finding | None:
    for spec in rule.reject:
        scope = spec.scope or rule.scope
        if scope == "section-start":
            section = doc.section(rule.section or "")
            if section is None:
                continue
            ranges = [_lead_range(doc, section.first)]
        else:
            ranges = _ranges(rule, doc, scope) or []
        if spec.template.templated and ctx.year is None:
            continue
        for h in hits(doc, spec.template, ranges, rule.raw and scope != "section-start", ctx.year):
            return _fail_hit(rule, doc, h, spec.message, **_year_values(ctx))
    return None


_LEAD_STOP = regex.compile(r"[。：:]")


def _lead_range(doc: Document, index: int) -> tuple[int, int]:
    """Logical range of a paragraph's heading or lead sentence (up to its first colon or full stop)."""
    p = doc.paragraphs[index]
    stop = _LEAD_STOP.search(doc.logical, p.start, p.end)
    return p.start, stop.end() if stop else p.end


def _year_values(ctx: Context) -> dict[str, object]:
    year = ctx.year
    return {"year": year or "", "next_year": (year + 1) if year else "", "prev_year": (year - 1) if year else ""}


def check_require(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    rejected = _rejected(rule, doc, ctx)
    if rejected is not None:
        return [rejected]
    values = _year_values(ctx)
    if rule.section is not None:
        section = doc.section(rule.section)
        if section is None:
            return [_fail_at(rule, doc, body_end(doc), **values)]
        if not rule.patterns:
            p = doc.paragraphs[section.first]
            start, end = doc.first_line_range(p.start_line, p.src_start, p.src_end)
            hit = Hit(start, end, "", note=doc.text[start:end].strip()[:60])
            return [_pass(rule, doc, hit, by=dict(ctx.found_by).get(section.by, section.by), **values)]
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, f"文中没有找到“{rule.scope.split(':', 1)[-1]}”部分，无从检查")]
    hit = first_hit(doc, tuple(p.template for p in rule.patterns), ranges, rule.raw, ctx.year, rule.unless, rule.content)
    if hit is None:
        return [_fail_at(rule, doc, _scope_start(doc, rule.scope), **values)]
    if rule.generic is not None:
        phrases = _boilerplate_only(rule.generic, doc, ranges, ctx.year)
        if phrases:
            return [_fail_at(rule, doc, _scope_start(doc, rule.scope), rule.generic.message, match="、".join(phrases), **values)]
    return [_pass(rule, doc, hit, **values)]


_POINT_SPLIT = regex.compile(r"[^。！？；;!?\n]+")
_HAN = regex.compile(r"\p{Han}")


def _boilerplate_only(generic: Generic, doc: Document, ranges: list[tuple[int, int]], year: int | None) -> list[str]:
    """The boilerplate phrases of a part in which no point is specific (empty when one point is, or
    when no point is boilerplate). Heading paragraphs are not points (a heading with run-in text, as on
    a run-on page, is: its points follow the heading's words)."""
    headings = {h.paragraph for h in doc.headings if h.standalone and h.level != LEAD_LEVEL}
    phrases: list[str] = []
    for a, b in ranges:
        for p in doc.paragraphs:
            if p.end <= a or p.start >= b or p.index in headings:
                continue
            for m in _POINT_SPLIT.finditer(doc.logical, max(a, p.start), min(b, p.end)):
                point = m.group()
                if len(_HAN.findall(point)) < 4:
                    continue
                if any(t.search(point, year) for t in generic.specific):
                    return []
                found = next((f for t in generic.phrases if (f := t.search(point, year)) is not None), None)
                if found is not None and found.group() not in phrases:
                    phrases.append(found.group())
    return phrases[:4]


def check_require_all(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, "文中没有找到要检查的部分")]
    whole = first_hit(doc, rule.satisfied_by, ranges, rule.raw, ctx.year, rule.unless, rule.content) if rule.satisfied_by else None
    if whole is not None:
        return [_pass(rule, doc, whole, found="、".join(i.name for i in rule.items))]
    found: list[tuple[str, Hit]] = []
    missing: list[str] = []
    for item in rule.items:
        h = first_hit(doc, item.templates, ranges, rule.raw, ctx.year, rule.unless, rule.content)
        if h is None:
            missing.append(item.name)
        else:
            found.append((item.name, h))
    names = "、".join(n for n, _ in found)
    if not missing:
        first = min((h for _, h in found), key=lambda h: h.start)
        return [_pass(rule, doc, first, found=names)]
    if found:
        first = min((h for _, h in found), key=lambda h: h.start)
        return [_fail_hit(rule, doc, first, missing="、".join(missing), found=names)]
    return [_fail_at(rule, doc, _scope_start(doc, rule.scope), missing="、".join(missing), found="")]


def check_forbid(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, "文中没有找到要检查的部分")]
    # (position in the searched text, pattern order, pattern, its Hit when one was needed to filter)
    found: list[tuple[int, int, int, PatternSpec, Hit | None]] = []
    seen: set[tuple[int, int]] = set()
    filtered = bool(rule.allow or rule.unless or any(spec.checksum for spec in rule.patterns))
    for order, spec in enumerate(rule.patterns):
        if spec.issuer is not None and (spec.issuer != ctx.issuer_kind or not ctx.issuer_known):
            continue
        if not filtered:
            # Most forbid rules filter nothing: positions are enough until a finding is shown.
            for a, b in match_spans(doc, spec.template, ranges, rule.raw, ctx.year):
                if (a, b) not in seen:
                    seen.add((a, b))
                    found.append((a, b, order, spec, None))
            continue
        for h in hits(doc, spec.template, ranges, rule.raw, ctx.year):
            if (h.start, h.end) in seen or any(al.pattern(ctx.year).fullmatch(h.text) for al in rule.allow):
                continue
            if any(u.search(h.sentence, ctx.year) for u in rule.unless):
                continue
            if spec.checksum and not CHECKSUMS[spec.checksum](h.text):
                continue
            seen.add((h.start, h.end))
            found.append((h.at[0], h.at[1], order, spec, h))
    if not found:
        return [_pass(rule, doc, None)]
    found.sort(key=lambda item: (item[0], item[2]))
    # Findings are built only for what is shown: a report typed with an English keyboard has
    # tens of thousands of half-width commas, and only the first few and their count are reported.
    shown = found if ctx.unbounded else found[: rule.max_findings]
    failures = []
    for a, b, _, spec, hit in shown:
        h = hit or hit_at(doc, a, b, rule.raw)
        finding = _fail_hit(rule, doc, h, spec.message, suggest=spec.suggest or "")
        if spec.fix and rule.raw and spec.suggest is not None:
            finding = dataclasses.replace(finding, fix=(h.start, h.end, spec.suggest))
        failures.append(finding)
    if len(found) > len(shown):
        return _tallied(failures, len(found))
    return failures


def check_metric(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, "文中没有找到要检查的部分")]
    readings: list[tuple[Hit, float]] = []
    for spec in rule.patterns:
        for h in hits(doc, spec.template, ranges, rule.raw, ctx.year):
            value = parse_number(h.groups.get("value", ""))
            if value is not None and not any(u.search(h.sentence, ctx.year) for u in rule.unless):
                readings.append((h, value))
    if not readings:
        if not rule.missing_message:
            return [_skip(rule, doc, "文中没有需要核对的数字")]
        return [_fail_at(rule, doc, _scope_start(doc, rule.scope), rule.missing_message, value="", bound="")]
    readings.sort(key=lambda r: r[0].start)
    bad = [(h, v) for h, v in readings if (rule.minimum is not None and v < rule.minimum) or (rule.maximum is not None and v > rule.maximum)]
    if not bad:
        h, v = readings[0]
        return [_pass(rule, doc, h, value=_num(v))]
    bound = _num(rule.minimum if rule.minimum is not None else rule.maximum)
    return _bounded(rule, ctx, [_fail_hit(rule, doc, h, value=_num(v), bound=bound) for h, v in bad])


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _checked(
    rule: Rule, doc: Document, ctx: Context, checked: list[tuple[Hit, bool, dict[str, str]]], nothing: str
) -> list[Finding]:
    """Verdicts of figures checked against each other: every wrong one fails, else the first passes."""
    if not checked:
        return [_skip(rule, doc, nothing)]
    checked.sort(key=lambda c: c[0].start)
    bad = [_fail_hit(rule, doc, h, **v) for h, ok, v in checked if not ok]
    if bad:
        return _bounded(rule, ctx, bad)
    h, _, v = checked[0]
    return [_pass(rule, doc, h, **v)]


def check_ratio(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, "文中没有找到要检查的部分")]
    checked: list[tuple[Hit, bool, dict[str, str]]] = []
    seen: set[int] = set()
    for spec in rule.patterns:
        for h in hits(doc, spec.template, ranges, rule.raw, ctx.year):
            part, total, pct = (parse_number(h.groups.get(k, "")) for k in ("part", "total", "pct"))
            if part is None or not total or pct is None or h.start in seen:
                continue
            seen.add(h.start)
            expected = part / total * 100
            values = {"part": _num(part), "total": _num(total), "pct": _num(pct), "expected": f"{expected:.2f}"}
            checked.append((h, abs(expected - pct) <= rule.tolerance, values))
    return _checked(rule, doc, ctx, checked, "文中没有可以用分子、分母核对的百分比")


def _marker_for(level: int, number: int) -> str:
    digits = "零一二三四五六七八九"
    if number <= 10:
        cn = "十" if number == 10 else digits[number]
    elif number < 20:
        cn = "十" + digits[number - 10]
    else:
        cn = digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    return {1: f"{cn}、", 2: f"（{cn}）", 3: f"{number}.", 4: f"（{number}）", 5: f"{cn}是"}[level]


def check_sequence(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    body = [h for h in doc.headings if doc.head_end <= h.paragraph < doc.tail_start]
    last: dict[int, int] = {}
    unnumbered_since: list[Heading] = []
    failures: list[Finding] = []
    for h in body:
        if h.level is None:
            unnumbered_since.append(h)
            continue
        if h.level not in rule.levels:
            continue
        for deeper in [lv for lv in last if lv > h.level]:
            del last[deeper]
        expected = last.get(h.level, 0) + 1
        if h.number != expected:
            stray = unnumbered_since[0] if h.level == 1 and unnumbered_since and h.number == expected + 1 else None
            if stray is not None:
                start = paragraph_start(doc, stray.paragraph)
                detail = f"“{stray.title}”缺少编号，按顺序应为“{_marker_for(1, expected)}”"
                failures.append(_fail_at(rule, doc, start, detail=detail))
            else:
                start = paragraph_start(doc, h.paragraph)
                if h.number is not None and h.number < expected:
                    kind = "重复" if h.number == expected - 1 else "倒退"
                    detail = f"{kind}：“{h.marker.strip()}”出现在“{_marker_for(h.level, expected - 1)}”之后"
                else:
                    detail = f"跳号：“{h.marker.strip()}”之前缺少“{_marker_for(h.level, expected)}”"
                failures.append(_fail_at(rule, doc, start, detail=detail))
        last[h.level] = h.number or expected
        if h.level == 1:
            unnumbered_since = []
    if not failures:
        return [_pass(rule, doc, None)]
    return _bounded(rule, ctx, failures)


def check_pairs(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    # A pair may list several equivalent marks: ["（(", "）)"] pairs either opening with either closing.
    opening = {ch: i for i, (a, _) in enumerate(rule.pairs) for ch in a}
    closing = {ch: i for i, (_, b) in enumerate(rule.pairs) for ch in b}
    failures: list[Finding] = []
    marks = regex.compile("[" + regex.escape("".join(opening) + "".join(closing)) + "]")
    indices = [i for a, b in paragraph_ranges(doc, rule.scope) or [] for i in range(a, b)]
    for index in indices:
        p = doc.paragraphs[index]
        stack: list[tuple[int, int]] = []  # (pair index, logical offset)
        open_count = [0] * len(rule.pairs)  # marks of each kind on the stack, so a lookup is O(1)
        for m in marks.finditer(doc.logical, p.start, p.end):
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
                        failures.append(_pair_fail(rule, doc, j, doc.logical[j], f"缺少与之配对的“{rule.pairs[k][1][0]}”"))
                    stack.pop()
                    open_count[kind] -= 1
                else:
                    failures.append(_pair_fail(rule, doc, i, ch, f"缺少与之配对的“{rule.pairs[kind][0][0]}”"))
        for k, j in stack:
            failures.append(_pair_fail(rule, doc, j, doc.logical[j], f"缺少与之配对的“{rule.pairs[k][1][0]}”"))
    if not failures:
        return [_pass(rule, doc, None)]
    failures.sort(key=lambda f: f.sort_key())
    return _bounded(rule, ctx, failures)


def _pair_fail(rule: Rule, doc: Document, logical_index: int, mark: str, detail: str) -> Finding:
    start, end = doc.source_span(logical_index, logical_index + 1)
    return _make(rule, doc, Status.FAIL, start, end, _fmt(rule.message, match=mark, detail=detail), evidence_of(doc.logical, logical_index, logical_index + 1))


def _stated_date(rule: Rule, doc: Document, ctx: Context) -> tuple[datetime.date, Hit] | str:
    """The date a date rule checks, with its hit: the first match of the rule's patterns (groups
    year, month, day; e.g. a web page's 发布时间), else the document's issuing date; or why there is none."""
    if rule.patterns:
        for spec in rule.patterns:
            # The page's own dates are in its chrome (information bar), which content scopes leave out.
            for h in hits(doc, spec.template, text_ranges(doc, rule.scope, rule.raw) or [], rule.raw, ctx.year):
                y, m, d = (h.groups.get(k, "") for k in ("year", "month", "day"))
                try:
                    return datetime.date(int(y), int(m), int(d)), h
                except ValueError:
                    return f"日期“{h.text}”不是有效日期"
        return "文中没有要检查的日期"
    meta = doc.metadata
    if meta.issue_date is None or meta.issue_date_source is None:
        return "文中没有成文日期，不检查报送时限"
    try:
        issued = datetime.date(*meta.issue_date)
    except ValueError:
        return f"成文日期 {meta.issue_date_source.value} 不是有效日期"
    source = meta.issue_date_source
    a, b = doc.first_line_range(source.line, source.src_start, source.src_end)
    return issued, Hit(a, b, source.value, note=doc.text[a:b].strip())


def check_date(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    if ctx.year is None:
        return [_skip(rule, doc, "无法确定报告年度，不检查报送时限")]
    stated = _stated_date(rule, doc, ctx)
    if isinstance(stated, str):
        return [_skip(rule, doc, stated)]
    issued, hit = stated
    month, day = dict(rule.deadlines)[ctx.issuer_kind]
    deadline = datetime.date(ctx.year + 1, month, day)
    kind_label = ctx.issuer_label or ctx.issuer_kind
    values = {
        "date": f"{issued.year}年{issued.month}月{issued.day}日",
        "deadline": f"{deadline.year}年{deadline.month}月{deadline.day}日",
        "kind": kind_label,
        **_year_values(ctx),
    }
    if issued.year < ctx.year + rule.earliest_year:
        # A date before the year under report is over cannot be when its report was written: a stale date.
        return [_fail_hit(rule, doc, hit, rule.early_message or None, **values)]
    if issued >= deadline:
        return [_fail_hit(rule, doc, hit, **values)]
    return [_pass(rule, doc, hit, **values)]


_YEAR_MENTION = regex.compile(r"(?<![\d.\-－—～~])((?:19|20)\d{2})(?=\s*年)")


def check_years(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    """Years in scope must lie at the expected offsets from the report year. With `patterns`,
    only the mentions their `year` group captures count (e.g. a year that opens a sentence)."""
    if ctx.year is None:
        return [_skip(rule, doc, "无法确定报告年度，不检查年份")]
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, "文中没有找到要检查的部分")]
    text = doc.text if rule.raw else doc.logical
    failures: list[tuple[int, Finding]] = []
    # With `section` and `section_expect`, that part of the report is held to its own offsets (the plan
    # for next year: a year-led sentence there must name the coming year).
    checks = [(r, rule.expect, rule.message) for r in ranges]
    if rule.section and rule.section_expect:
        part = text_ranges(doc, f"section:{rule.section}", rule.raw, True) or []
        checks += [(r, rule.section_expect, rule.section_message or rule.message) for r in part]
    for (a, b), expect, message in checks:
        mentions: list[tuple[int, int]] = []
        if rule.patterns:
            for spec in rule.patterns:
                for m in spec.template.finditer(text, ctx.year, a, b):
                    if m.group("year") is not None:
                        mentions.append(m.span("year"))
        else:
            mentions = [m.span(1) for m in _YEAR_MENTION.finditer(text, a, b)]
        for start, end in sorted(set(mentions)):
            if int(text[start:end]) - ctx.year in expect:
                continue
            window = text[max(a, start - 20) : min(b, end + 20)]
            if any(t.search(window, ctx.year) for t in rule.ignore):
                continue
            src = (start, end) if rule.raw else doc.source_span(start, end)
            hit = Hit(src[0], src[1], text[start:end], haystack=text, at=(start, end))
            failures.append((src[0], _fail_hit(rule, doc, hit, message, **_year_values(ctx))))
    if not failures:
        return [_pass(rule, doc, None, **_year_values(ctx))]
    return _bounded(rule, ctx, [f for _, f in sorted(failures, key=lambda x: x[0])])


_META_FIELDS = {
    "title": "标题",
    "report_year": "报告年度",
    "issuer": "发文机关",
    "issue_date": "成文日期",
    "doc_number": "发文字号",
}


def check_meta(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    meta = doc.metadata
    located = {
        "title": meta.title,
        "report_year": meta.year_source if meta.report_year is not None else None,
        "issuer": meta.issuer,
        "issue_date": meta.issue_date_source,
        "doc_number": meta.doc_number,
    }
    missing = [name for name in rule.fields if located[name] is None]
    candidates = "、".join(str(y) for y in meta.year_candidates)
    if missing:
        names = "、".join(_META_FIELDS[name] for name in missing)
        return [_fail_at(rule, doc, 0, missing=names, candidates=candidates or "无", source="")]
    first = located[rule.fields[0]]
    assert first is not None
    a, b = doc.first_line_range(first.line, first.src_start, first.src_end)
    hit = Hit(a, b, first.value, note=doc.text[a:b].strip()[:60])
    return [_pass(rule, doc, hit, candidates=candidates, source=ctx.year_source, **_year_values(ctx))]


def check_overlap(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    source = text_ranges(doc, f"section:{rule.section}", rule.raw, True)
    target = _ranges(rule, doc)
    if source is None or target is None:
        return [_skip(rule, doc, "文中缺少需要相互对照的部分，不检查此项")]
    found = [(t, h) for t in rule.terms if (h := first_hit(doc, (t,), source, rule.raw, ctx.year)) is not None]
    if not found:
        return [_skip(rule, doc, "没有从中识别出可对照的关键词，不检查此项")]
    topics = [t for t, _ in found]
    hit = first_hit(doc, tuple(topics), target, rule.raw, ctx.year)
    # The words as the report wrote them, never the patterns' source (应诉|诉讼|败诉).
    names = "、".join(dict.fromkeys(h.text for _, h in found))
    if hit is None:
        return [_fail_at(rule, doc, _scope_start(doc, rule.scope), terms=names)]
    return [_pass(rule, doc, hit, terms=names)]


def check_sum(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    """A stated total against its listed parts (repeated `part` group, one part or more): they must not
    add up to more than `total`; when the pattern's `complete` group matched (「分别为」, the outcomes of a
    清理), the text says the parts cover the total, so they must add up to it exactly."""
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, "文中没有找到要检查的部分")]
    checked: list[tuple[Hit, bool, dict[str, str]]] = []
    seen: set[int] = set()
    for spec in rule.patterns:
        for h in hits(doc, spec.template, ranges, rule.raw, ctx.year):
            total = parse_number(h.groups.get("total", ""))
            parts = [parse_number(p) for p in h.captures.get("part", [])]
            if total is None or not parts or any(p is None for p in parts) or h.start in seen:
                continue
            seen.add(h.start)
            added = sum(p for p in parts if p is not None)
            complete = "complete" in h.groups
            ok = abs(added - total) <= 1e-9 if complete else added <= total + 1e-9
            relation = "大于" if added > total + 1e-9 else "小于"
            values = {
                "total": _num(total), "parts": "＋".join(_num(p) for p in parts if p is not None), "sum": _num(added),
                "relation": relation, "detail": "，而文中所列各项应合计为总数" if complete and added < total else "",
            }
            checked.append((h, ok, values))
    return _checked(rule, doc, ctx, checked, "文中没有“共…其中…”式可以核对的数字")


def check_consistency(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    """Two or more ways of writing the same thing must not be mixed in one scope: the less used ones fail."""
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, "文中没有找到要检查的部分")]
    uses: list[tuple[str, list[Hit]]] = []
    for item in rule.items:
        found = [h for t in item.templates for h in hits(doc, t, ranges, rule.raw, ctx.year)]
        if found:
            uses.append((item.name, sorted(found, key=lambda h: h.start)))
    if len(uses) < 2:
        only = uses[0][1][0] if uses else None
        return [_pass(rule, doc, only, found=uses[0][0] if uses else "")]
    # The most used form is the document's own; ties go to the form listed first in the rule.
    main_name, _ = max(uses, key=lambda u: len(u[1]))
    failures = [
        _fail_hit(rule, doc, h, found=name, expected=main_name)
        for name, found in uses if name != main_name for h in found
    ]
    failures.sort(key=lambda f: f.sort_key())
    return _bounded(rule, ctx, failures)


def _no_previous(rule: Rule, doc: Document, ctx: Context) -> Finding:
    return _skip(rule, doc, ctx.unpaired or "没有提供上一年度报告（--previous 或 --previous-dir），不检查")


def _logical_hit(doc: Document, a: int, b: int) -> Hit:
    start, end = doc.source_span(a, b)
    return Hit(start, end, doc.logical[a:b], haystack=doc.logical, at=(a, b))


def _logical_line(doc: Document, offset: int) -> int:
    return doc.line_col(doc.source_offset(offset))[0]


def _label(text: str, width: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= width else text[:width] + "…"


def check_reuse(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    """Share of this report's sentences that repeat last year's, word for word or with only figures,
    years or names changed (lintlaw.nearcopy); one finding per copied passage."""
    previous = ctx.previous
    if previous is None:
        return [_no_previous(rule, doc, ctx)]
    mine = nearcopy.sentences(doc, text_ranges(doc, rule.scope, False, True) or [], rule.boilerplate, ctx.year, rule.min_length)
    if not mine:
        return [_skip(rule, doc, "文中没有足够长的句子可以比对")]
    earlier_ranges = text_ranges(previous, rule.scope, False, True) or []
    earlier = nearcopy.sentences(previous, earlier_ranges, rule.boilerplate, previous.metadata.report_year, rule.min_length)
    copies = nearcopy.find_copies(mine, earlier, rule.similarity)
    share = 100 * len(copies) / len(mine)
    values = {"share": f"{share:.0f}", "reused": str(len(copies)), "total": str(len(mine)), "bound": _num(rule.maximum)}
    details = tuple(
        Detail(
            _label(c.current.text), "fail", _logical_line(doc, c.current.start), _logical_line(previous, c.previous.start),
            round(c.score, 2), note=nearcopy.describe(c.changes),
        )
        for c in copies
    )
    if rule.maximum is None or share <= rule.maximum:
        return [dataclasses.replace(_pass(rule, doc, None, changes="", **values), details=details)]
    failures = []
    for passage in nearcopy.passages(copies, doc.logical):
        hit = _logical_hit(doc, passage[0].current.start, passage[-1].current.end)
        changed = tuple(ch for c in passage for ch in c.changes)
        failures.append(_fail_hit(rule, doc, hit, changes=nearcopy.describe(changed), **values))
    failures = _bounded(rule, ctx, failures)
    return [dataclasses.replace(failures[0], details=details), *failures[1:]]


def _side(scope: str, doc: Document, ctx: Context) -> tuple[Document | None, str]:
    """The document a match-items scope names (this report, or last year's with previous:) and its scope."""
    if scope.startswith(PREVIOUS_PREFIX):
        return ctx.previous, scope[len(PREVIOUS_PREFIX) :]
    return doc, scope


_PART_NAMES = {"review": "工作总结部分", "body": "正文", "document": "全文"}


def _part_name(scope: str, previous: bool, sections: dict[str, str]) -> str:
    bare = scope.split(":", 1)[1] if scope.startswith("section:") else scope
    name = sections.get(bare) or _PART_NAMES.get(bare, bare)
    return ("上一年度报告的" if previous else "本报告的") + f"“{name}”"


_SECTION_TITLES = {"plan": "下一年度工作安排", "shortfalls": "存在的不足", "achievements": "主要举措和成效"}


def check_match_items(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    """Each item of one part (plan points, shortfall points) looked up in another part by its content
    bigrams (lintlaw.matching): want trace — an item with no counterpart fails; want new — an item
    that says what the other part already said fails."""
    assert rule.items_from is not None and rule.look_in is not None
    if rule.uses_previous and ctx.previous is None:
        return [_no_previous(rule, doc, ctx)]
    src_doc, src_scope = _side(rule.items_from, doc, ctx)
    dst_doc, dst_scope = _side(rule.look_in, doc, ctx)
    assert src_doc is not None and dst_doc is not None
    src_prev, dst_prev = src_doc is not doc, dst_doc is not doc
    src_ranges = paragraph_ranges(src_doc, src_scope)
    dst_ranges = paragraph_ranges(dst_doc, dst_scope)
    missing_parts = [
        _part_name(scope, prev, _SECTION_TITLES)
        for scope, prev, found in ((src_scope, src_prev, src_ranges), (dst_scope, dst_prev, dst_ranges))
        if found is None
    ]
    if missing_parts:
        return [_skip(rule, doc, f"没有找到{'、'.join(missing_parts)}，无从对照")]
    assert src_ranges is not None and dst_ranges is not None
    src_year = src_doc.metadata.report_year if src_prev else ctx.year
    dst_year = dst_doc.metadata.report_year if dst_prev else ctx.year
    src_blank = matching.blank(src_doc.logical, _logical_ranges(src_doc, src_ranges), rule.boilerplate, src_year)
    items = [
        (item, key)
        for item in matching.items_of(src_doc, src_ranges)
        if not any(u.search(item.text, src_year) for u in rule.unless)
        for key in (matching.content_of(src_blank[item.start : item.end]),)
        if key.size >= matching.MIN_CONTENT
    ]
    if not items:
        return [_skip(rule, doc, f"{_part_name(src_scope, src_prev, _SECTION_TITLES)}中没有可以对照的具体事项（只有套话），不检查此项")]
    new = rule.want == "new"
    dst_blank = matching.blank(dst_doc.logical, _logical_ranges(dst_doc, dst_ranges), rule.boilerplate, dst_year)
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
        rows.append((item, best[0] if best[1] >= rule.similarity else None, best[1]))
    matched = [(i, t, sc) for i, t, sc in rows if t is not None]
    unmatched = [(i, t, sc) for i, t, sc in rows if t is None]

    def where(item: matching.TextItem, target: matching.TextItem | None) -> str:
        spot = target if target is not None and not dst_prev else item if not src_prev else None
        return f"第{_logical_line(doc, spot.start)}行" if spot is not None else ""

    def listing(chosen: list[tuple[matching.TextItem, matching.TextItem | None, float]], with_score: bool) -> str:
        parts = []
        for item, target, score in chosen:
            spot = where(item, target)
            extra = "，".join(x for x in (spot, f"相似度{score:.2f}" if with_score else "") if x)
            parts.append(f"「{_label(item.text, 20)}」" + (f"（{extra}）" if extra else ""))
        return "；".join(parts) or "无"

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
    details = tuple(_item_detail(doc, src_doc, dst_doc, item, target, score, new) for item, target, score in rows)
    if new:
        bound = rule.maximum if rule.maximum is not None else 0.0
        values["bound"] = _num(bound)
        if share <= bound:
            return [dataclasses.replace(_pass(rule, doc, None, **values), details=details)]
        first = matched[0]
        spot = first[0] if not src_prev else first[1]
        assert spot is not None
        finding = _fail_hit(rule, doc, _logical_hit(doc, spot.start, spot.end), **values)
        return [dataclasses.replace(finding, details=details)]
    bound = rule.minimum if rule.minimum is not None else 100.0
    values["bound"] = _num(bound)
    if share >= bound:
        spot = None
        if matched:
            item, target, _ = matched[0]
            spot = target if not dst_prev else item if not src_prev else None
        hit = _logical_hit(doc, spot.start, spot.end) if spot is not None else None
        return [dataclasses.replace(_pass(rule, doc, hit, **values), details=details)]
    if dst_prev and not src_prev:
        item = unmatched[0][0]
        finding = _fail_hit(rule, doc, _logical_hit(doc, item.start, item.end), **values)
    else:
        finding = _fail_at(rule, doc, _missing_at(doc, dst_scope), **values)
    return [dataclasses.replace(finding, details=details)]


def _missing_at(doc: Document, scope: str) -> int:
    """Where a missing account belongs: the end of the review part (its achievements, else the paragraph
    before the plan) for the review scope, else the scope's start."""
    if scope != "review":
        return _scope_start(doc, scope)
    achievements, plan = doc.section("achievements"), doc.section("plan")
    last = achievements.last if achievements is not None else plan.first - 1 if plan is not None else doc.tail_start - 1
    if last < doc.head_end or last < 0:
        return body_end(doc)
    p = doc.paragraphs[last]
    return doc.source_offset(p.end - 1) + 1 if p.end > p.start else body_end(doc)


def _logical_ranges(doc: Document, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(doc.paragraphs[a].start, doc.paragraphs[b - 1].end) for a, b in paragraphs if b > a]


def _item_detail(
    doc: Document, src: Document, dst: Document, item: matching.TextItem, target: matching.TextItem | None,
    score: float, new: bool,
) -> Detail:
    in_src = _logical_line(src, item.start)
    in_dst = _logical_line(dst, target.start) if target is not None else None
    line, previous_line = (in_src, in_dst) if src is doc else (in_dst, in_src)
    if src is dst:
        line, previous_line = in_src, None
    status = ("fail" if target is not None else "pass") if new else ("pass" if target is not None else "fail")
    # The counterpart found; its line is given here when both are in this report (line is the item's).
    note = "" if target is None else (f"第{in_dst}行：" if src is dst else "") + _label(target.text, 40)
    return Detail(_label(item.text, 40), status, line, previous_line, round(score, 2), note=note)


def _first_value(doc: Document, indicator: Indicator, ranges: list[tuple[int, int]], raw: bool, year: int | None) -> tuple[Hit, float] | None:
    best: tuple[Hit, float] | None = None
    for template in indicator.templates:
        for h in hits(doc, template, ranges, raw, year):
            value = parse_number(h.groups.get("value", ""))
            if value is not None:
                if best is None or h.start < best[0].start:
                    best = (h, value)
                break
    return best


_DIRECTION = {("up", 1): "向好", ("up", -1): "变差", ("down", 1): "变差", ("down", -1): "向好", ("none", 1): "增加", ("none", -1): "减少"}


def check_trend(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    """Key figures read from this report and last year's, shown as last year → this year; a figure
    that must reach its target and fell below it fails with both figures."""
    previous = ctx.previous
    if previous is None:
        return [_no_previous(rule, doc, ctx)]
    ranges = _ranges(rule, doc) or []
    earlier_ranges = text_ranges(previous, rule.scope, rule.raw, rule.content) or []
    rows: list[tuple[Indicator, tuple[Hit, float] | None, tuple[Hit, float] | None]] = []
    for indicator in rule.indicators:
        now = _first_value(doc, indicator, ranges, rule.raw, ctx.year)
        before = _first_value(previous, indicator, earlier_ranges, rule.raw, previous.metadata.report_year)
        rows.append((indicator, before, now))
    if all(b is None and n is None for _, b, n in rows):
        return [_skip(rule, doc, "两份报告都没有写到所列的指标，无从对照")]
    trends: list[str] = []
    details: list[Detail] = []
    failures: list[Finding] = []
    for indicator, before, now in rows:
        unit = indicator.unit
        was = f"{_num(before[1])}{unit}" if before else "未报告"
        is_ = f"{_num(now[1])}{unit}" if now else "未报告"
        if before and now:
            step = (now[1] > before[1]) - (now[1] < before[1])
            direction = "持平" if step == 0 else _DIRECTION[(indicator.better, step)]
        else:
            direction = "无法比较"
        worse = direction == "变差" and indicator.target is not None and now is not None and now[1] < indicator.target
        trends.append(f"{indicator.name} {was}→{is_}（{direction}）")
        line = doc.line_col(now[0].start)[0] if now else None
        earlier_line = previous.line_col(before[0].start)[0] if before else None
        details.append(Detail(indicator.name, "fail" if worse else "info", line, earlier_line, None, was, is_, direction))
        if worse and now is not None:
            failures.append(
                _fail_hit(rule, doc, now[0], name=indicator.name, before=was, after=is_, target=f"{_num(indicator.target)}{unit}", trends="")
            )
    values = {"trends": "；".join(trends), "name": "", "before": "", "after": "", "target": ""}
    if failures:
        failures = [dataclasses.replace(f, message=f"{f.message}（{values['trends']}）") for f in failures]
        return [dataclasses.replace(failures[0], details=tuple(details)), *failures[1:]]
    first = min((n[0] for _, _, n in rows if n is not None), key=lambda h: h.start, default=None)
    return [dataclasses.replace(_pass(rule, doc, first, **values), details=tuple(details))]


def check_current(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    """Formulations cited as current must be the ones in force for the report year: a row of the
    table is stale once a later row's `since` date has come by the start of the year under report.
    A sentence that also cites the current row (or a later one) is not presenting the old one as current."""
    if ctx.year is None:
        return [_skip(rule, doc, "无法确定报告年度，不检查此项")]
    ranges = _ranges(rule, doc)
    if ranges is None:
        return [_skip(rule, doc, "文中没有找到要检查的部分")]
    start = (ctx.year, 1, 1)
    rows = rule.editions
    in_force = max((i for i, e in enumerate(rows) if e.since <= start), default=None)
    found: list[tuple[Hit, int]] = []
    for i, edition in enumerate(rows):
        for h in hits(doc, edition.template, ranges, rule.raw, ctx.year):
            if any(u.search(h.sentence, ctx.year) for u in rule.unless):
                continue
            found.append((h, i))
    if not found:
        return [_skip(rule, doc, "文中没有引用表中的提法，不检查此项")]
    found.sort(key=lambda f: f[0].start)
    values = {**_year_values(ctx), "current": rows[in_force].name if in_force is not None else ""}
    failures: list[Finding] = []
    for h, i in found:
        if in_force is None or i >= in_force:
            last = rows[i]
            if i == len(rows) - 1 and last.until is not None and start > last.until and rule.review_message:
                review = _fail_hit(rule, doc, h, rule.review_message, name=last.name, until=_day(last.until), **values)
                failures.append(dataclasses.replace(review, severity=Severity.INFO))
            continue
        if any(e.template.search(h.sentence, ctx.year) for e in rows[i + 1 :]):
            continue
        failures.append(_fail_hit(rule, doc, h, name=rows[i].name, until="", **values))
    if failures:
        return _bounded(rule, ctx, failures)
    h, i = found[0]
    return [_pass(rule, doc, h, name=rows[i].name, **values)]


def _day(d: tuple[int, int, int]) -> str:
    return f"{d[0]}年{d[1]}月{d[2]}日"


def _id_card_ok(text: str) -> bool:
    digits = text.upper()
    if len(digits) != 18:
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(digits[:17], weights))
    return "10X98765432"[total % 11] == digits[17]


def _luhn_ok(text: str) -> bool:
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) < 13:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_DATE_PARTS = regex.compile(r"(\d{4})\D+(\d{1,2})\D+(\d{1,2})")


def _impossible_date(text: str) -> bool:
    """True for a year-month-day that no calendar has (2023年2月30日, 2024年13月1日)."""
    m = _DATE_PARTS.search(text)
    if m is None:
        return False
    try:
        datetime.date(*(int(g) for g in m.groups()))
    except ValueError:
        return True
    return False


# Validators a forbid rule may require of a match before it counts (`checksum:` in the YAML).
CHECKSUMS: MappingProxyType[str, Callable[[str], bool]] = MappingProxyType(
    {"id-card": _id_card_ok, "luhn": _luhn_ok, "impossible-date": _impossible_date}
)

KindCheck = Callable[[Rule, Document, Context], list[Finding]]

KINDS: MappingProxyType[str, KindCheck] = MappingProxyType(
    {
        "require": check_require,
        "require-all": check_require_all,
        "forbid": check_forbid,
        "metric": check_metric,
        "ratio": check_ratio,
        "sequence": check_sequence,
        "pairs": check_pairs,
        "date": check_date,
        "years": check_years,
        "meta": check_meta,
        "overlap": check_overlap,
        "sum": check_sum,
        "consistency": check_consistency,
        "reuse": check_reuse,
        "current": check_current,
        "match-items": check_match_items,
        "trend": check_trend,
    }
)

# Kinds that give exactly one verdict per document (the others give one finding per occurrence).
WHOLE_DOCUMENT_KINDS = frozenset({"require", "require-all", "meta", "date", "overlap", "match-items"})

_YEARS = {"year", "next_year", "prev_year"}
# Placeholders each kind fills in rule messages (fail `message`, `pass_message`, `missing_message`).
PLACEHOLDERS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "require": frozenset({"match", "by"} | _YEARS),
        "require-all": frozenset({"match", "missing", "found"} | _YEARS),
        "forbid": frozenset({"match", "suggest"}),
        "metric": frozenset({"match", "value", "bound"}),
        "ratio": frozenset({"match", "part", "total", "pct", "expected"}),
        "sequence": frozenset({"detail"}),
        "pairs": frozenset({"match", "detail"}),
        "date": frozenset({"match", "date", "deadline", "kind"} | _YEARS),
        "years": frozenset({"match"} | _YEARS),
        "meta": frozenset({"missing", "candidates", "source"} | _YEARS),
        "overlap": frozenset({"match", "terms"}),
        "sum": frozenset({"match", "total", "parts", "sum", "relation", "detail"}),
        "consistency": frozenset({"match", "found", "expected"}),
        "reuse": frozenset({"match", "share", "reused", "total", "bound", "changes"}),
        "match-items": frozenset({"match", "total", "found", "unmatched", "share", "matched_items", "unmatched_items", "bound"}),
        "trend": frozenset({"match", "trends", "name", "before", "after", "target"}),
        "current": frozenset({"match", "name", "current", "until"} | _YEARS),
    }
)
