"""The rule cache: entries are pruned by age and count when one is written, deterministically; tests use a private folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lintlaw import cache
from lintlaw.cache import Entry

DAY = 86400.0
NOW = 1_800_000_000.0


def test_tests_never_use_the_users_cache_folder(private_cache: Path) -> None:
    import platformdirs

    assert cache.directory() == private_cache
    assert private_cache != Path(platformdirs.user_cache_dir("lintlaw", appauthor=False))
    assert private_cache.name == "lintlaw-cache" and private_cache.parent.name.startswith("lintlaw-test-")


def test_tools_run_by_tests_keep_caches_and_settings_in_the_session_folder(private_cache: Path) -> None:
    root = private_cache.parent
    names = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "HYPOTHESIS_STORAGE_DIRECTORY", "RUSTUP_HOME")
    assert [Path(os.environ[n]).parent for n in names] == [root] * len(names)


def test_stale_removes_entries_unused_for_longer_than_the_age_limit() -> None:
    entries = [Entry("new.json", NOW - 1 * DAY), Entry("edge.json", NOW - 30 * DAY), Entry("old.json", NOW - 31 * DAY)]
    assert cache.stale(entries, NOW, max_age_days=30, max_entries=10) == ["old.json"]


def test_stale_keeps_only_the_most_recently_used_entries() -> None:
    entries = [Entry(f"e{i}.json", NOW - i) for i in range(5)]  # e0 is the newest
    assert cache.stale(entries, NOW, max_age_days=30, max_entries=3) == ["e3.json", "e4.json"]


def test_stale_breaks_ties_by_name_whatever_the_listing_order() -> None:
    same = [Entry(n, NOW) for n in ("c.json", "a.json", "b.json")]
    assert cache.stale(same, NOW, max_entries=2) == ["c.json"]
    assert cache.stale(list(reversed(same)), NOW, max_entries=2) == ["c.json"]


def _put(folder: Path, name: str, age_days: float, now: float = NOW) -> None:
    path = folder / name
    path.write_text("{}", encoding="utf-8")
    os.utime(path, (now - age_days * DAY, now - age_days * DAY))


def test_prune_removes_old_and_surplus_entries_and_dead_temps_only(tmp_path: Path) -> None:
    for i in range(cache.MAX_ENTRIES + 2):
        _put(tmp_path, f"rulebook-{i:02}.json", i / 100)  # rulebook-00 is the newest
    _put(tmp_path, "rulebook-old.json", cache.MAX_AGE_DAYS + 1)
    _put(tmp_path, "left-by-a-killed-writer.tmp", 2)
    _put(tmp_path, "being-written.tmp", 0)
    _put(tmp_path, "notes.txt", 400)  # not the cache's own kind of file
    removed = cache.prune(tmp_path, NOW)
    surplus = [f"rulebook-{i:02}.json" for i in (cache.MAX_ENTRIES, cache.MAX_ENTRIES + 1)]
    assert removed == sorted([*surplus, "rulebook-old.json", "left-by-a-killed-writer.tmp"])
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([*(f"rulebook-{i:02}.json" for i in range(cache.MAX_ENTRIES)), "being-written.tmp", "notes.txt"])


def test_write_prunes_and_a_read_counts_as_a_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINTLAW_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("LINTLAW_NO_CACHE", raising=False)
    now = time.time()  # write() prunes against the clock; five days of margin either way
    _put(tmp_path, "kept.json", cache.MAX_AGE_DAYS + 5, now)
    _put(tmp_path, "dropped.json", cache.MAX_AGE_DAYS + 5, now)
    assert cache.read("kept") == {}  # read now: used again, so no longer old
    cache.write("fresh", {"a": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.json", "kept.json"]
    assert cache.read("fresh") == {"a": 1}


def test_write_into_an_unwritable_folder_costs_only_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("LINTLAW_CACHE_DIR", str(blocker / "cache"))  # a folder below a file cannot be made
    cache.write("x", {"a": 1})
    assert cache.read("x") is None
