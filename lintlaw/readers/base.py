"""The value every reader produces: decoded text with its format and encoding."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    text: str
    format: str
    encoding: str


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else in the text is touched."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
