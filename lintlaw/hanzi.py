"""Traditional → simplified characters, one for one, so that content rules written in simplified
characters match a traditional-character copy of a report at the same offsets (OpenCC's table)."""

from __future__ import annotations

import re
from functools import lru_cache

_PROBE = 20_000  # characters looked at to decide whether a text is written in traditional characters
_MIN_MARKERS = 3  # distinct traditional-only characters that make a text traditional


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc  # only a traditional-character document pays for it

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _simplified(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=4)
def _marker_class(markers: frozenset[str]) -> re.Pattern[str]:
    """One character class of the markers: finding the few in a text is a scan in C, where hashing
    each of its characters into a set costs a Python-level step per character."""
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(markers)) + "]")


def simplifying_table(text: str, markers: frozenset[str]) -> dict[int, str]:
    """A str.translate table mapping the text's traditional characters to simplified ones; empty when
    the text is not written in traditional characters (fewer than three marker characters)."""
    if not markers or len(set(_marker_class(markers).findall(text, 0, _PROBE))) < _MIN_MARKERS:
        return {}
    table: dict[int, str] = {}
    for ch in set(text):
        if ch >= "\u3400":
            simple = _simplified(ch)
            if simple != ch:
                table[ord(ch)] = simple
    return table
