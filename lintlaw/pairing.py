"""Pair a report with last year's report of the same issuing body: issuer names normalised, index, verdict."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from lintlaw.model import Pairing

_SPACES = regex.compile(r"[\s\u3000]+")
# An administrative area that may open a body's name: 厦门市, 福建省, 广西壮族自治区, 湖里区, 思明区 …
# (two or more characters before the unit, so 社区矫正 or 市场监管 are not read as areas).
_AREA = regex.compile(r"\p{Han}{2,9}?(?:省|自治区|特别行政区|市|自治州|州|盟|地区|自治县|县|自治旗|旗|区)")
# Bracketed notes some sites add after the name: 海口市人民政府（市司法局发布）.
_NOTE = regex.compile(r"[（(][^）)]*[）)]$")


def issuer_key(name: str) -> str:
    """The body's name without the areas above it, so that 厦门市湖里区司法局 and 湖里区司法局 meet:
    leading areas are dropped while what is left still opens with an area of its own;
    人民政府 is written 政府."""
    key = _NOTE.sub("", _SPACES.sub("", name)).replace("人民政府", "政府")
    while True:
        first = _AREA.match(key)
        if first is None:
            break
        rest = key[first.end() :]
        if not _AREA.match(rest):
            break
        key = rest
    return key


@dataclass(frozen=True, slots=True)
class Entry:
    """One report of the previous-year folder, as far as pairing needs it."""

    path: str  # as shown to users
    identity: str  # resolved path, to recognise the checked file itself
    digest: str  # content hash, to recognise the same report under another name
    key: str  # issuer_key of its issuer
    issuer: str
    year: int


@dataclass(frozen=True, slots=True)
class Index:
    """The reports of one folder grouped by issuer key (sorted, for bisect)."""

    directory: str
    keys: tuple[str, ...]
    groups: tuple[tuple[Entry, ...], ...]

    def with_key(self, key: str) -> tuple[Entry, ...]:
        i = bisect.bisect_left(self.keys, key)
        return self.groups[i] if i < len(self.keys) and self.keys[i] == key else ()


def build_index(directory: str, entries: list[Entry]) -> Index:
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.key, []).append(entry)
    keys = tuple(sorted(grouped))
    return Index(directory, keys, tuple(tuple(sorted(grouped[k], key=lambda e: (e.year, e.path))) for k in keys))


def _is_self(entry: Entry, identity: str, digest: str) -> bool:
    return entry.identity == identity or entry.digest == digest


def pair_in_index(index: Index, issuer: str | None, year: int | None, identity: str, digest: str) -> Pairing:
    """The report of the same body for year − 1 in the folder, or why there is none."""
    where = index.directory
    if issuer is None:
        return Pairing("no-issuer", f"无法确定本报告的发文机关，不能在 {where} 中找到其上一年度报告")
    if year is None:
        return Pairing("no-year", f"无法确定本报告的年度，不能在 {where} 中找到其上一年度报告")
    key = issuer_key(issuer)
    same_body = [e for e in index.with_key(key) if not _is_self(e, identity, digest)]
    wanted = [e for e in same_body if e.year == year - 1]
    if len(wanted) == 1:
        e = wanted[0]
        return Pairing("paired", f"与 {e.path}（{e.issuer}{e.year}年度）对照", e.path, e.year, e.issuer)
    if len(wanted) > 1:
        names = "、".join(e.path for e in wanted)
        return Pairing("duplicate", f"{where} 中有 {len(wanted)} 份{issuer}{year - 1}年度报告（{names}），无法确定与哪一份对照")
    if same_body:
        years = "、".join(str(y) for y in sorted({e.year for e in same_body}))
        return Pairing("missing", f"{where} 中{issuer}的报告只有 {years} 年度，没有 {year - 1} 年度")
    return Pairing("missing", f"{where} 中没有{issuer}的上一年度（{year - 1}年度）报告")


def pair_file(
    path: str, issuer: str | None, previous_year: int | None, year: int | None, same: bool
) -> Pairing:
    """A previous report named by the user (--previous FILE): it must be another report, of year − 1."""
    if same:
        return Pairing("self", f"上一年度报告 {path} 就是本报告本身，不能与自己对照")
    if previous_year is None:
        return Pairing("no-year", f"无法确定上一年度报告 {path} 的年度，不作对照")
    if year is not None and previous_year != year - 1:
        return Pairing(
            "wrong-year", f"上一年度报告 {path} 是 {previous_year} 年度的，本报告是 {year} 年度，应与 {year - 1} 年度报告对照"
        )
    who = issuer or "发文机关不详"
    return Pairing("paired", f"与 {path}（{who}{previous_year}年度）对照", path, previous_year, issuer)
