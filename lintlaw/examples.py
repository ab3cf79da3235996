"""A rule's embedded examples as values: the marked text, the option values it runs with, the text --fix must give."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Example:
    """One pass or fail example. `text` marks with ⟦…⟧ the spans the rule's findings must cover;
    `options` are rule option values as in a config's `options:` table (JSON, keys sorted);
    `fixed` is the whole text after --fix (fail examples of rules with fixable patterns)."""

    text: str
    options: str = ""
    fixed: str | None = None

    def option_values(self) -> dict[str, Any]:
        return json.loads(self.options) if self.options else {}


def from_data(entry: str | dict[str, Any]) -> Example:
    """An example from validated rule data: a plain string, or a mapping with text, options, fixed."""
    if isinstance(entry, str):
        return Example(entry)
    options = entry.get("options")
    return Example(entry["text"], json.dumps(options, sort_keys=True, ensure_ascii=False) if options else "", entry.get("fixed"))
