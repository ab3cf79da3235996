"""Rule patterns: `regex` module patterns with year placeholders, compiled once and matched under a timeout."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import regex

# Placeholders a pattern may use; filled from the document's report year at match time.
PLACEHOLDERS = ("{prev_year}", "{year}", "{next_year}")
MATCH_TIMEOUT = 2.0  # seconds per search over one scope


class PatternTimeout(Exception):
    """A pattern ran longer than MATCH_TIMEOUT on one text."""


def _fill(source: str, year: int | None) -> str:
    if year is None:
        # No report year: the placeholders match no year at all.
        never = "(?!)"
        return source.replace("{prev_year}", never).replace("{year}", never).replace("{next_year}", never)
    return (
        source.replace("{prev_year}", str(year - 1)).replace("{year}", str(year)).replace("{next_year}", str(year + 1))
    )


@dataclass(frozen=True, slots=True)
class Template:
    """One pattern, compiled on first use. `regex` keeps compiled patterns in its own cache, so a
    pattern compiles once per process (and once per report year when it uses placeholders); a run
    that selects four rules never compiles the others' patterns."""

    source: str
    # Compiled patterns by report year (None for untemplated ones); regex.compile's own cache lookup
    # costs more than the matching of most patterns.
    compiled: dict[int | None, regex.Pattern[str]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    templated: bool = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "templated", any(p in self.source for p in PLACEHOLDERS))

    def pattern(self, year: int | None) -> regex.Pattern[str]:
        key = year if self.templated else None
        found = self.compiled.get(key)
        if found is None:
            found = self.compiled[key] = regex.compile(_fill(self.source, year) if self.templated else self.source)
        return found

    def finditer(self, text: str, year: int | None, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        try:
            yield from self.pattern(year).finditer(
                text, pos, len(text) if endpos is None else endpos, timeout=MATCH_TIMEOUT
            )
        except TimeoutError as exc:
            raise PatternTimeout(self.source) from exc

    def search(self, text: str, year: int | None, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        try:
            return self.pattern(year).search(text, pos, len(text) if endpos is None else endpos, timeout=MATCH_TIMEOUT)
        except TimeoutError as exc:
            raise PatternTimeout(self.source) from exc


def pattern_problem(source: str) -> str | None:
    """Why a pattern is unusable (bad syntax, or it matches the empty string); None when it is fine."""
    try:
        probe = regex.compile(_fill(source, 2000))
    except regex.error as exc:
        return f"正则表达式无效：{exc}"
    if probe.match("") is not None:
        return "正则表达式可以匹配空字符串"
    return None
