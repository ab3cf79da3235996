"""The generic rule kinds: one pure function each, document + rule → findings."""

from __future__ import annotations

import dataclasses
import datetime
from types import MappingProxyType
from typing import Callable

import regex

from lintlaw.document import Document, Heading
from lintlaw.model import Finding, Severity, Span, Status
from lintlaw.numerals import parse_number
from lintlaw.rule import Context, Generic, PatternSpec, Rule
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
    when no point is boilerplate). Heading paragraphs are not points."""
    headings = {h.paragraph for h in doc.headings}
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
    topics = [t for t in rule.terms if first_hit(doc, (t,), source, rule.raw, ctx.year) is not None]
    if not topics:
        return [_skip(rule, doc, "没有从中识别出可对照的关键词，不检查此项")]
    hit = first_hit(doc, tuple(topics), target, rule.raw, ctx.year)
    names = "、".join(t.source for t in topics)
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


_SENTENCE_SPLIT = regex.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_NOT_TEXT = regex.compile(r"[\s\p{P}]+")


def _sentences(doc: Document, scope: str, min_length: int) -> list[tuple[int, int, str]]:
    """(logical start, end, normalised text) of the scope's sentences of at least min_length characters."""
    out = []
    for a, b in text_ranges(doc, scope, False, True) or []:
        for m in _SENTENCE_SPLIT.finditer(doc.logical, a, b):
            key = _NOT_TEXT.sub("", m.group(0))
            if len(key) >= min_length:
                out.append((m.start(), m.end(), key))
    return out


def check_reuse(rule: Rule, doc: Document, ctx: Context) -> list[Finding]:
    """Share of this report's sentences found word for word in last year's report."""
    if ctx.previous is None:
        return [_skip(rule, doc, "没有提供上一年度报告（--previous），不检查")]
    mine = _sentences(doc, rule.scope, rule.min_length)
    if not mine:
        return [_skip(rule, doc, "文中没有足够长的句子可以比对")]
    earlier = {key for _, _, key in _sentences(ctx.previous, rule.scope, rule.min_length)}
    reused = [(a, b) for a, b, key in mine if key in earlier]
    share = 100 * len(reused) / len(mine)
    values = {"share": f"{share:.0f}", "reused": str(len(reused)), "total": str(len(mine)), "bound": _num(rule.maximum)}
    if rule.maximum is None or share <= rule.maximum:
        return [_pass(rule, doc, None, **values)]
    failures = []
    for a, b in reused:
        start, end = doc.source_span(a, b)
        hit = Hit(start, end, doc.logical[a:b], haystack=doc.logical, at=(a, b))
        failures.append(_fail_hit(rule, doc, hit, **values))
    return _bounded(rule, ctx, failures)


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
    }
)

# Kinds that give exactly one verdict per document (the others give one finding per occurrence).
WHOLE_DOCUMENT_KINDS = frozenset({"require", "require-all", "meta", "date", "overlap"})

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
        "reuse": frozenset({"match", "share", "reused", "total", "bound"}),
        "current": frozenset({"match", "name", "current", "until"} | _YEARS),
    }
)
