"""“Did you mean” hints for mistyped names (rule ids, packs, options, commands), from difflib."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_names(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(name, sorted(set(known)), n=n, cutoff=0.6)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """“（是否想输入 X？）” for the closest known names, or an empty string."""
    close = close_names(name, known)
    return f"（是否想输入 {'、'.join(close)}？）" if close else ""
