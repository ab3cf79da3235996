"""Apply the safe replacements that rules declare (--fix) to a file's bytes, keeping its encoding,
byte-order mark and line endings, so the file changes only in the fixed characters."""

from __future__ import annotations

import bisect
import codecs
import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import regex

from lintlaw.model import Finding, Status

_LINE_END = regex.compile(r"\r\n|\r|\n")
_BOM_CODECS = {
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}
FIXABLE_FORMATS = ("txt", "md")


@dataclass(frozen=True, slots=True)
class Edit:
    start: int  # offsets in the newline-normalised text, end exclusive
    end: int
    replacement: str


def edits_of(findings: list[Finding]) -> list[Edit]:
    """The fixes of failing findings, in order, without overlaps (the first one wins)."""
    edits: list[Edit] = []
    for f in sorted((f for f in findings if f.status is Status.FAIL and f.fix), key=lambda f: f.fix):
        start, end, replacement = f.fix  # type: ignore[misc]
        if edits and start < edits[-1].end:
            continue
        edits.append(Edit(start, end, replacement))
    return edits


def _codec(data: bytes, encoding: str) -> tuple[bytes, str]:
    """(BOM to write back, codec without BOM handling) for the detected encoding."""
    for bom, name in _BOM_CODECS.get(encoding, ()):
        if data.startswith(bom):
            return bom, name
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8, "utf-8"
    return b"", encoding


def fixed_text(original: str, edits: list[Edit]) -> str:
    """Apply edits given in normalised offsets to the original text, whose line endings may be CRLF or CR."""
    starts_norm = [0]
    starts_orig = [0]
    for m in _LINE_END.finditer(original):
        starts_orig.append(m.end())
        starts_norm.append(starts_norm[-1] + (m.start() - starts_orig[-2]) + 1)
    pieces: list[str] = []
    cursor = 0
    for edit in edits:
        line = bisect.bisect_right(starts_norm, edit.start) - 1
        start = starts_orig[line] + edit.start - starts_norm[line]
        end = start + (edit.end - edit.start)
        pieces.append(original[cursor:start])
        pieces.append(edit.replacement)
        cursor = end
    pieces.append(original[cursor:])
    return "".join(pieces)


def fix_bytes(data: bytes, encoding: str, edits: list[Edit]) -> tuple[bytes, str, str]:
    """(new bytes, old text, new text) — the text with its original line endings."""
    bom, codec = _codec(data, encoding)
    original = data[len(bom):].decode(codec)
    new = fixed_text(original, edits)
    return bom + new.encode(codec), original, new


def diff(path: str, old: str, new: str) -> str:
    relative = not Path(path).is_absolute()
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}" if relative else path,
        tofile=f"b/{path}" if relative else path,
    )
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n" for line in lines)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file in one step (a crash leaves the old or the new file, never half of one)."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".lintlaw", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, path.stat().st_mode & 0o7777)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
