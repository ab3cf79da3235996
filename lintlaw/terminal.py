"""Write text to a terminal or pipe in an encoding it can take (a GBK console gets √ for ✓), never crashing."""

from __future__ import annotations

import sys
from typing import TextIO

import click

# Characters lintlaw prints that legacy Chinese code pages (GBK, Big5) lack, and what they become.
FALLBACK = {
    "✓": "√",
    "✗": "×",
    "–": "-",
    "⟦": "[",
    "⟧": "]",
    "▶": ">",
}


def encodable(text: str, encoding: str | None) -> str:
    """text unchanged when the encoding takes it; otherwise with fallbacks, then '?' for what is left."""
    if not encoding:
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:  # an encoding name Python does not know: leave the text to the stream
        return text
    return "".join(_encodable_char(c, encoding) for c in text)


def _encodable_char(char: str, encoding: str) -> str:
    for candidate in (char, FALLBACK.get(char, "?")):
        try:
            candidate.encode(encoding)
            return candidate
        except UnicodeEncodeError:
            continue
    return "?"


def stream(err: bool) -> TextIO:
    return sys.stderr if err else sys.stdout


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """click.echo, after making the text encodable by the stream it goes to."""
    target = stream(err)
    click.echo(encodable(text, getattr(target, "encoding", None)), file=target, nl=nl)


def error(message: str) -> None:
    """One `lintlaw: error: …` line on stderr."""
    echo(f"lintlaw: error: {message}", err=True)
