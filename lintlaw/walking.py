"""Which files a run reads: walking the given paths in sorted order, how each is named, and why one is skipped."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from lintlaw import readers, safeio


def walk(paths: Iterable[str]) -> Iterator[tuple[Path, str, bool]]:
    """Yield (path, display name, named explicitly) for every file below the given paths, sorted.
    Hidden files and folders (.git, .venv …) inside walked directories are left out. A folder that
    cannot be listed is yielded as if named explicitly, so that checking it reports why."""
    for given in paths:
        root = Path(given)
        if is_dir(root):
            entries: list[tuple[Path, bool]] = []
            failed: list[OSError] = []
            for dirpath, dirnames, filenames in os.walk(root, onerror=failed.append, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                entries.extend((Path(dirpath) / f, False) for f in filenames if not f.startswith("."))
                # Linked folders are not entered (no loops, no double counting) but listed as skipped.
                entries.extend((Path(dirpath) / d, False) for d in dirnames if os.path.islink(Path(dirpath) / d))
            entries.extend((Path(e.filename), True) for e in failed if e.filename is not None)
            for path, explicit in sorted(entries):
                yield path, display_name(path), explicit
        else:
            yield root, display_name(given), True


def display_name(path: Path | str) -> str:
    """A path as users read it in every format: bytes of the name that are not UTF-8 are written
    as \\xHH (so `bad\\xff.txt`), the same in text, JSON, SARIF and JUnit output."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that no file name byte gave
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


def is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, or a NUL in it: checking it reports why
        return False


def walked_skip_reason(path: Path) -> str | None:
    """Why a file met while walking a folder is listed as skipped rather than read (None: read it)."""
    if os.path.islink(path) and is_dir(path):
        return "是指向目录的符号链接，未进入"
    reason = safeio.not_regular(path)
    if reason is not None and safeio.is_special(path):
        return reason
    if not readers.is_supported(path):
        return readers.unsupported_reason(path)
    return None


def explicit_problem(path: Path) -> str | None:
    """Why a path named on the command line (or a folder that could not be listed) cannot be read."""
    if is_dir(path):
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return f"目录无法读取：{safeio.os_reason(exc)}"
    return safeio.not_regular(path)
