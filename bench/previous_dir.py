"""Benchmark the year-over-year comparison: a batch of 1,000 reports checked without and with
--previous-dir of 1,000 last-year reports, whole processes, same run, same machine — the ratio is
the figure to track (the issue's budget: at most 2×). CPU time (the process and its workers) is
shown beside wall time because it is steadier on a shared machine.

    python bench/previous_dir.py [--repeats N] [--jobs N] [--reports N]

Each of the five sample reports is copied reports/5 times with its issuing body renamed to a unique
name (甲乙丙丁区司法局 …), so every report has its own body; the previous-year folder holds the same
bodies one year earlier. Seed 001 names no issuer, so a fifth of the batch stays unpaired, as real
batches have some. The rule cache is warmed first.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# The issuer each seed signs with, as the document model reads it (seed 001 has none).
ISSUERS = {"000": "湖里区司法局", "002": "湖滨区司法局", "003": "鲤城区司法局", "004": "泉港区人民政府"}
YEARS = {"000": 2023, "001": 2024, "002": 2023, "003": 2024, "004": 2023}
CODE = "甲乙丙丁戊己庚辛壬癸"


def body_name(i: int) -> str:
    """A unique area name made of Chinese characters (digits would not be read as part of a name)."""
    return "".join(CODE[int(d)] for d in f"{i:04d}")


def earlier(text: str, year: int) -> str:
    return text.replace(str(year), str(year - 1)).replace(str(year + 1), str(year))


def corpus(folder: Path, reports: int) -> tuple[Path, Path]:
    cur, prev = folder / "cur", folder / "prev"
    cur.mkdir()
    prev.mkdir()
    for i in range(reports):
        seed = SEEDS[i % len(SEEDS)]
        key = seed.name[:3]
        text = seed.read_text(encoding="utf-8")
        if key in ISSUERS:
            old_name = ISSUERS[key]
            area = old_name[: old_name.index("区") + 1]
            text = text.replace(old_name, body_name(i) + old_name[len(area) - 1 :])
        (cur / f"{i:04d}_{seed.name}").write_text(text, encoding="utf-8")
        (prev / f"{i:04d}_{seed.name}").write_text(earlier(text, YEARS[key]), encoding="utf-8")
    return cur, prev


def once(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system of the process and its workers) and stdout of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode > 1:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr[:500]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    lintlaw = [sys.executable, "-m", "lintlaw", "check", "--jobs", str(args.jobs), "--format", "json"]
    with tempfile.TemporaryDirectory() as tmp:
        cur, prev = corpus(Path(tmp), args.reports)
        subprocess.run([*lintlaw, str(SEEDS[0])], capture_output=True)  # warm the rule cache
        # The two cases alternate, so a machine that slows down slows both.
        runs: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        out = ""
        for _ in range(args.repeats):
            for paired_run in (False, True):
                extra = ["--previous-dir", str(prev)] if paired_run else []
                wall, cpu, stdout = once([*lintlaw, *extra, str(cur)])
                runs[paired_run].append((wall, cpu))
                out = stdout if paired_run else out
    files = json.loads(out)["files"]
    paired = sum(1 for f in files if f["previous"] and f["previous"]["status"] == "paired")
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    print(f"{args.reports} reports, full catalog, JSON output, median of {args.repeats}:")
    print(f"  without --previous-dir  {wall[False]:6.2f} s wall  {cpu[False]:6.2f} s CPU")
    print(f"  with --previous-dir     {wall[True]:6.2f} s wall  {cpu[True]:6.2f} s CPU   ({paired} of {len(files)} reports paired)")
    print(f"  ratio                   {wall[True] / wall[False]:6.2f}× wall  {cpu[True] / cpu[False]:5.2f}× CPU  (budget 2×)")


if __name__ == "__main__":
    main()
