"""Stable fingerprints of findings: rule + normalised text of the finding's line + occurrence index,
never the line number, so a finding keeps its fingerprint when unrelated lines are edited above it."""

from __future__ import annotations

import dataclasses
import hashlib

import regex

from lintlaw.model import Finding, Status

_NOISE = regex.compile(r"[\s\p{P}]+")


def _line_text(text: str, line_starts: tuple[int, ...], line: int) -> str:
    start = line_starts[line - 1]
    end = line_starts[line] - 1 if line < len(line_starts) else len(text)
    return text[start:end]


def assign(findings: list[Finding], text: str, line_starts: tuple[int, ...], whole_document: frozenset[str]) -> list[Finding]:
    """Findings with their fingerprint field set (sha256, 32 hex digits). Rules in whole_document give
    one verdict per document, so their fingerprint is the rule alone: editing the line a missing part
    would go after does not make an old finding new."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in findings:
        if f.status is not Status.FAIL:
            out.append(f)  # only failures are tracked across edits (baseline, code scanning)
            continue
        local = f.span is not None and f.rule not in whole_document
        content = _NOISE.sub("", _line_text(text, line_starts, f.line)) if local else ""
        key = (f.rule, content)
        index = seen.get(key, 0)
        seen[key] = index + 1
        digest = hashlib.sha256(f"{f.rule}\x00{content}\x00{index}".encode()).hexdigest()[:32]
        out.append(dataclasses.replace(f, fingerprint=digest))
    return out
