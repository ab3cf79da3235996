"""A small on-disk cache of validated rule data, so a run does not re-parse and re-validate rule
files that have not changed. Keyed on the files' content; never required: any failure is a miss."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_VERSION = "1"


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
    try:
        return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(name: str, value: Any) -> None:
    folder = directory()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".tmp", delete=False, encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False)
        os.replace(handle.name, folder / f"{name}.json")
    except OSError:
        pass  # a read-only home or a full disk only costs speed
