"""Benchmark `lintlaw server`: the time from a change notification to its diagnostics, as an editor sees it,
beside the time lintlaw itself needs to check the same text in-process (the floor, measured in the same run).

    python bench/lsp_latency.py [--repeats N] [--big-mb M]

Cases:
- the largest sample report: change → diagnostics, with no debounce and with the default debounce;
- a document of M MB (the samples concatenated, 10 by default): open → diagnostics; and a second edit
  sent while the first edit's run is still going, which cancels that run — its latency is measured from
  the second edit and should stay near one check, not two.
Medians of N; the server runs over stdio exactly as an editor starts it (`python -m lintlaw server`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lsp_client import Client  # noqa: E402

from lintlaw import api  # noqa: E402
from lintlaw.lsp.server import DEBOUNCE_SECONDS  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def in_process(text: str, path: Path, repeats: int) -> float:
    session = api.Session(api.Options())
    api.check_text_at(text, path, session=session)  # load the rules once, as the server does
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        api.check_text_at(text, path, session=session)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def edits(text: str, count: int) -> list[str]:
    """Distinct versions of text: one character typed at the end of the first line, then another."""
    first, _, rest = text.partition("\n")
    return [f"{first}{'的' * (i + 1)}\n{rest}" for i in range(count)]


def change_latency(client: Client, uri: str, versions: list[str], start_version: int) -> list[float]:
    times = []
    for i, text in enumerate(versions):
        version = start_version + i
        started = time.perf_counter()
        client.change(uri, version, text)
        client.diagnostics(uri, version, timeout=600)
        times.append(time.perf_counter() - started)
    return times


def largest_sample(folder: Path, repeats: int) -> list[tuple[str, float]]:
    seed = max(SEEDS, key=lambda p: p.stat().st_size)
    path = folder / seed.name
    text = seed.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    rows = [(f"in-process check of {seed.name} ({len(text.encode()) // 1024} KB)", in_process(text, path, repeats))]
    for label, debounce in (("no debounce", 0), (f"debounce {int(DEBOUNCE_SECONDS * 1000)} ms", None)):
        client = Client(folder)
        client.initialize(folder, {} if debounce is None else {"debounce_ms": debounce})
        try:
            uri = client.open(path, text)
            client.diagnostics(uri, 1, timeout=600)
            times = change_latency(client, uri, edits(text, repeats), 2)
        finally:
            client.close()
        rows.append((f"server: change → diagnostics, {label}", statistics.median(times)))
    return rows


def big_document(folder: Path, megabytes: int, repeats: int) -> list[tuple[str, float]]:
    body = "\n".join(seed.read_text(encoding="utf-8") for seed in SEEDS)
    copies = (megabytes * 1024 * 1024) // len(body.encode("utf-8")) + 1
    text = "\n".join([body] * copies)
    path = folder / "big.txt"
    path.write_text(text, encoding="utf-8")
    floor = in_process(text, path, 1)
    rows = [(f"in-process check of a {megabytes} MB document", floor)]
    client = Client(folder)
    client.initialize(folder, {"debounce_ms": 0})
    try:
        started = time.perf_counter()
        uri = client.open(path, text)
        client.diagnostics(uri, 1, timeout=600)
        rows.append(("server: open → diagnostics", time.perf_counter() - started))
        versions = edits(text, 2 * repeats)
        superseding = []
        for i in range(repeats):
            first, second = 2 + 2 * i, 3 + 2 * i
            client.change(uri, first, versions[2 * i])
            time.sleep(min(1.0, floor / 3))  # the first edit's run is under way
            started = time.perf_counter()
            client.change(uri, second, versions[2 * i + 1])
            client.diagnostics(uri, second, timeout=600)
            superseding.append(time.perf_counter() - started)
        published = client.versions[uri]
    finally:
        client.close()
    rows.append(("server: an edit during a run → its diagnostics (stale run cancelled)", statistics.median(superseding)))
    stale = sorted(set(range(2, 2 + 2 * repeats, 2)) & set(published))
    print(f"  versions published for the {megabytes} MB document: {published} (stale versions among them: {stale})")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--big-mb", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.setdefault("LINTLAW_CACHE_DIR", str(folder / "cache"))
        rows = largest_sample(folder, args.repeats)
        rows += big_document(folder, args.big_mb, max(1, args.repeats // 2))
    width = max(len(label) for label, _ in rows)
    print(f"{'case':<{width}}  seconds (median)")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:8.3f}")


if __name__ == "__main__":
    main()
