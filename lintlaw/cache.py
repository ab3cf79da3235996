"""A small on-disk cache of validated rule data, so a run does not re-parse and re-validate rule
files that have not changed. Keyed on the files' content; never required: any failure is a miss."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CACHE_VERSION = "1"
MAX_AGE_DAYS = 30  # an entry not read for this long is removed when an entry is written
MAX_ENTRIES = 16  # … and only the most recently used entries are kept
_DAY = 86400.0
_TEMP_AGE_DAYS = 1  # a temp file this old was left by a killed writer (a live one is seconds old)


@dataclass(frozen=True, slots=True)
class Entry:
    """A file in the cache folder and when it was last written or read (seconds since the epoch)."""

    name: str
    used: float


def directory() -> Path | None:
    """$LINTLAW_CACHE_DIR, else the user cache folder platformdirs gives (~/.cache/lintlaw or
    $XDG_CACHE_HOME/lintlaw on Linux, ~/Library/Caches/lintlaw on macOS, %LOCALAPPDATA%\\lintlaw\\Cache on
    Windows); None when caching is off (LINTLAW_NO_CACHE=1)."""
    if os.environ.get("LINTLAW_NO_CACHE"):
        return None
    explicit = os.environ.get("LINTLAW_CACHE_DIR")
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_cache_dir("lintlaw", appauthor=False))


def key(parts: list[bytes]) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def read(name: str) -> Any | None:
    folder = directory()
    if folder is None:
        return None
    path = folder / f"{name}.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        os.utime(path)  # a hit counts as a use: pruning removes what no run reads any more
    except OSError:
        pass
    return value


def write(name: str, value: Any) -> None:
    folder = directory()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".tmp", delete=False, encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False)
        os.replace(handle.name, folder / f"{name}.json")
        prune(folder, time.time())
    except OSError:
        pass  # a read-only home or a full disk only costs speed


def stale(entries: list[Entry], now: float, max_age_days: int = MAX_AGE_DAYS, max_entries: int = MAX_ENTRIES) -> list[str]:
    """The names to remove: entries unused for more than max_age_days, and all but the max_entries most
    recently used (ties broken by name, so the same folder always gives the same answer). Sorted."""
    newest_first = sorted(entries, key=lambda e: (-e.used, e.name))
    old = {e.name for e in newest_first if now - e.used > max_age_days * _DAY}
    beyond = {e.name for e in newest_first[max_entries:]}
    return sorted(old | beyond)


def prune(folder: Path, now: float) -> list[str]:
    """Remove the stale entries of a cache folder, and temp files a killed writer left; only the cache's
    own kinds of file are looked at. Returns the names removed, sorted."""
    entries: list[Entry] = []
    temps: list[Entry] = []
    for path in folder.iterdir():
        if path.suffix in (".json", ".tmp") and path.is_file():
            try:
                (entries if path.suffix == ".json" else temps).append(Entry(path.name, path.stat().st_mtime))
            except OSError:
                continue  # removed meanwhile by another run
    names = stale(entries, now) + stale(temps, now, _TEMP_AGE_DAYS, max_entries=len(temps))
    removed = []
    for name in sorted(names):
        try:
            (folder / name).unlink()
            removed.append(name)
        except OSError:
            continue
    return removed
