"""Rule patterns: `regex` module patterns with year placeholders, compiled on first use; built-in ones
run without a timeout (they are proven linear), user-supplied ones under a per-match timeout."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from lintlaw.linearity import linearity_problem

# Placeholders a pattern may use; filled from the document's report year at match time.
PLACEHOLDERS = ("{prev_year}", "{year}", "{next_year}")
# Seconds one match of a user-supplied pattern may take: the search for one match only, never the
# work done with earlier matches, nor the total over many matches.
MATCH_TIMEOUT = 2.0


class LazyPattern:
    """A built-in module-level pattern compiled on first use, so importing a module compiles nothing.
    Each method is looked up once and then kept on the instance: later calls cost what calls on
    the compiled pattern cost."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(regex.compile(self._source, self._flags), name)
        setattr(self, name, value)
        return value


def lazy_pattern(source: str, flags: int = 0) -> regex.Pattern[str]:
    """A pattern that compiles when first used (see LazyPattern); typed as the pattern it stands for."""
    return LazyPattern(source, flags)  # type: ignore[return-value]


class PatternTimeout(Exception):
    """A user-supplied pattern spent longer than MATCH_TIMEOUT looking for one match."""


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
    """One pattern, compiled on first use (once per report year when it uses placeholders); a run
    that selects four rules never compiles the others' patterns.

    `trusted` patterns are the built-in ones: the rulebook has checked them for linearity
    (lintlaw.linearity), so they run without a clock and the same input always gives the same
    verdicts. The others run under MATCH_TIMEOUT per match."""

    source: str
    trusted: bool = False
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
        end = len(text) if endpos is None else endpos
        if self.trusted:
            return self.pattern(year).finditer(text, pos, end)
        return _timed_finditer(self.pattern(year), self.source, text, pos, end)

    def search(self, text: str, year: int | None, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        return self._first(False, text, year, pos, endpos)

    def match(self, text: str, year: int | None, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        """A match that starts at pos, like regex's match."""
        return self._first(True, text, year, pos, endpos)

    def _first(self, at_pos: bool, text: str, year: int | None, pos: int, endpos: int | None) -> regex.Match[str] | None:
        end = len(text) if endpos is None else endpos
        pattern = self.pattern(year)
        find = pattern.match if at_pos else pattern.search
        if self.trusted:
            return find(text, pos, end)
        try:
            return find(text, pos, end, timeout=MATCH_TIMEOUT)
        except TimeoutError as exc:
            raise PatternTimeout(self.source) from exc


def _timed_finditer(
    pattern: regex.Pattern[str], source: str, text: str, pos: int, end: int, restart_after: float | None = None
) -> Iterator[regex.Match[str]]:
    """finditer's matches, no one match searched for longer than MATCH_TIMEOUT.

    regex's timeout covers all the matching one iterator does, so a plain pattern with a million
    matches would time out on a large file. The time spent inside the iterator is added up here, and
    once it reaches MATCH_TIMEOUT (restart_after) the search goes on, after a non-empty match, with a fresh iterator
    whose own limit is twice that: so one match may take between MATCH_TIMEOUT and twice it, and
    the work done with earlier matches (or between them) never counts. A fresh iterator from the end
    of a non-empty match yields exactly what the old one would have."""
    clock = time.perf_counter
    limit = MATCH_TIMEOUT if restart_after is None else restart_after
    # A right-to-left pattern cannot be resumed the same way (its text would end at the match, hiding
    # what its lookaheads see): it keeps one iterator, and its limit covers all its matching.
    resumable = not pattern.flags & regex.REVERSE
    while True:
        spent = 0.0
        matches = pattern.finditer(text, pos, end, timeout=2 * MATCH_TIMEOUT)
        try:
            while True:
                started = clock()
                m = next(matches, None)
                spent += clock() - started
                if m is None:
                    return
                yield m
                if resumable and spent >= limit and m.end() > m.start():
                    pos = m.end()
                    break
        except TimeoutError as exc:
            raise PatternTimeout(source) from exc


# (?m) (?s:…) (?P<…>) (?#…): an inline flag could change what ^ means, a comment may hold brackets
_INLINE_FLAGS = regex.compile(r"\(\?[A-Za-z^#-]")


def anchored_at_start(source: str) -> bool:
    """Whether a pattern can only match at the start of the text searched: it opens with ^, has no
    alternative outside its groups and no inline flag (MULTILINE would let ^ match at each line), so
    searching with it and matching at the start agree. Conservative: False when unsure."""
    if not source.startswith("^") or _INLINE_FLAGS.search(source) or "\\Q" in source:
        return False  # (\Q…\E quotes brackets and bars)
    depth = 0
    i = 1
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a set: to its closing ], which may come first (or after ^) as a literal
            i += 2 if source.startswith("[^", i) else 1
            i += 1 if source[i : i + 1] == "]" else 0
            while i < len(source) and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


def pattern_problem(source: str, builtin: bool = False) -> str | None:
    """Why a pattern is unusable (bad syntax, or it matches the empty string; for a built-in pattern,
    which runs without a timeout, also not proven linear); None when it is fine."""
    filled = _fill(source, 2000)
    try:
        probe = regex.compile(filled)
    except regex.error as exc:
        return f"正则表达式无效：{exc}"
    if probe.match("") is not None:
        return "正则表达式可以匹配空字符串"
    if _max_width(filled) == 0:
        return "正则表达式只能匹配零宽度的位置（如只有 (?=…)、\\b、^），找不到任何文字"
    return linearity_problem(filled) if builtin else None


def _max_width(source: str) -> int | None:
    """The most characters a match can span, from the standard library's parser (it knows most of the
    syntax; a \\p{…} class counts as one character); None when it cannot parse the pattern."""
    import re._parser as sre_parse  # type: ignore[import-not-found]  # Python ≥ 3.11; typeshed stubs only sre_parse

    single = regex.sub(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]", ".", source)
    try:
        return int(sre_parse.parse(single).getwidth()[1])
    except Exception:  # noqa: BLE001 - syntax only the regex module knows: no verdict
        return None
