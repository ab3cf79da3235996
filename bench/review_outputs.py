"""Benchmark the reviewer's formats on large batches: wall time and size of --format html / xlsx / csv
against --format json on the same files in the same run, and how Debian's chromium copes with the
HTML page (load, applying a filter, sorting, opening a document).

    python bench/review_outputs.py [--repeats N] [--sizes 500,1000] [--jobs N]

Batches are the five sample reports copied over and over (as bench/run.py does), so 1,000 reports
is 9.8 MB of text. Whole processes are timed (interpreter start included, warm rule cache); browser
figures are medians of page-side timers (performance.now), each in a fresh page. The formatters are
also timed alone on one in-process run, which the load of a shared machine disturbs less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
FORMATS = ("json", "csv", "html", "xlsx")


def batch(folder: Path, size: int) -> Path:
    target = folder / f"batch{size}"
    target.mkdir()
    for i in range(size):
        seed = SEEDS[i % len(SEEDS)]
        shutil.copy(seed, target / f"{i:04d}_{seed.name}")
    return target


def lintlaw(*args: str) -> list[str]:
    return [sys.executable, "-m", "lintlaw", "check", *args]


def timed(command: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode > 1:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[:500]}")
    return statistics.median(times)


# Page-side timers: each returns milliseconds measured inside the page.
FILTER = """() => { const box = document.querySelector('#filters input[data-pack="writing"]');
  const t = performance.now(); box.click(); document.body.offsetHeight;
  const ms = performance.now() - t; box.click(); document.body.offsetHeight; return ms; }"""
SORT = """() => { const t = performance.now(); document.querySelector('#filters button[data-sort="fails"]').click();
  document.body.offsetHeight; return performance.now() - t; }"""
OPEN = """() => { const cells = document.querySelectorAll('#matrix tbody td.x a');
  const a = cells[cells.length - 1]; const t = performance.now(); a.click();
  document.body.offsetHeight; return performance.now() - t; }"""
LOAD = """() => { const n = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return [n.domContentLoadedEventEnd, n.loadEventEnd, paint ? paint.startTime : null]; }"""


def browser_figures(page_path: Path, repeats: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {"dom ready": [], "load": [], "first paint": [], "filter": [], "sort": [], "open": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(page_path.as_uri(), wait_until="load", timeout=300_000)
            ready, load, paint = page.evaluate(LOAD)
            figures["dom ready"].append(ready)
            figures["load"].append(load)
            figures["first paint"].append(paint or 0.0)
            figures["filter"].append(page.evaluate(FILTER))
            figures["sort"].append(page.evaluate(SORT))
            figures["open"].append(page.evaluate(OPEN))
            if errors:
                raise SystemExit(f"page errors: {errors}")
            page.close()
        browser.close()
    return {k: statistics.median(v) for k, v in figures.items()}


def render_figures(files: Path, repeats: int) -> dict[str, tuple[float, int]]:
    """Formatter time alone (median seconds) and output bytes, on one in-process run of the batch."""
    sys.path.insert(0, str(ROOT))
    from lintlaw import api
    from lintlaw.formatters import BINARY_FORMATTERS, FORMATTERS, REVIEW_FORMATTERS

    run = api.check_paths([str(files)], api.Options(keep_source=True), jobs=0)
    renderers = {"json": FORMATTERS["json"], **REVIEW_FORMATTERS, **BINARY_FORMATTERS}
    out = {}
    for fmt in FORMATS:
        times, size = [], 0
        for _ in range(repeats):
            start = time.perf_counter()
            data = renderers[fmt](run)
            times.append(time.perf_counter() - start)
            size = len(data.encode("utf-8") if isinstance(data, str) else data)
        out[fmt] = (statistics.median(times), size)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="500,1000")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    subprocess.run(lintlaw(str(SEEDS[0])), capture_output=True)  # warm the rule cache
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, median of {args.repeats}")
    print()
    print("| reports | format | seconds | × json | output MB |")
    print("|---|---|---|---|---|")
    pages: dict[int, Path] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        renders = {}
        for size in sizes:
            files = batch(folder, size)
            renders[size] = render_figures(files, args.repeats)
            base = None
            for fmt in FORMATS:
                out = folder / f"out{size}.{fmt}"
                seconds = timed(lintlaw("--format", fmt, "--output", str(out), *jobs, str(files)), args.repeats)
                base = base or seconds
                print(f"| {size:,} | {fmt} | {seconds:.2f} | {seconds / base:.2f} | {out.stat().st_size / 1e6:.1f} |")
                if fmt == "html":
                    pages[size] = out
        print()
        print("The formatter alone, on results checked once in this process (seconds, × json):")
        print()
        print("| reports | json | csv | html | xlsx |")
        print("|---|---|---|---|---|")
        for size, figures in renders.items():
            base_s = figures["json"][0]
            cells = " | ".join(f"{figures[f][0]:.2f} ({figures[f][0] / base_s:.2f}×)" for f in FORMATS)
            print(f"| {size:,} | {cells} |")
        print()
        print("Chromium (ms, inside the page): DOMContentLoaded, load, first contentful paint; hiding and")
        print("showing a pack's columns; sorting by failures; opening the last document at a ✗.")
        print()
        print("| reports | HTML MB | dom ready | load | first paint | filter | sort | open document |")
        print("|---|---|---|---|---|---|---|---|")
        for size, page in pages.items():
            f = browser_figures(page, args.repeats)
            print(f"| {size:,} | {page.stat().st_size / 1e6:.1f} | {f['dom ready']:.0f} | {f['load']:.0f} | "
                  f"{f['first paint']:.0f} | {f['filter']:.0f} | {f['sort']:.0f} | {f['open']:.0f} |")


if __name__ == "__main__":
    main()
