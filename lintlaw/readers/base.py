"""The value every reader produces: decoded text with its format and encoding."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    text: str
    format: str
    encoding: str
    # One label per line of `text` telling where that line is in the original file, for formats
    # whose lines a user cannot count in their own program (第3段 in Word, 第2页 in a PDF). Empty for text.
    line_labels: tuple[str, ...] = ()

    def label(self, line: int) -> str:
        return self.line_labels[line - 1] if 0 < line <= len(self.line_labels) else ""


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else in the text is touched."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
