"""Where worker processes start to pay: small batches of sample reports checked with `--jobs 1` (this
process only) and with `--jobs 2` (two workers whenever lintlaw's threshold allows them), in turn.

    python bench/small_batches.py [--files 16,24,32,48,64,96] [--repeats 5] [--lintlaw PATH]

Whole processes, full catalog, text output, warm rule cache; prints the median wall time of each and
their ratio. At a size below lintlaw's threshold (workers.MIN_PARALLEL_FILES) both run in one
process, so the ratio is about 1 there by construction; compare two installs with --lintlaw.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def once(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} exit {done.returncode}: {done.stderr[-400:]}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="16,24,32,48,64,96")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--lintlaw", default=shutil.which("lintlaw", path=str(Path(sys.executable).parent)) or "lintlaw")
    args = parser.parse_args()
    counts = [int(n) for n in args.files.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(max(counts)):
            path = Path(tmp) / f"r{i:04d}.txt"
            shutil.copy(SEEDS[i % len(SEEDS)], path)
            files.append(str(path))
        once([args.lintlaw, "check", files[0]])  # warm the rule cache
        print(f"small batches — {args.lintlaw}, median of {args.repeats}")
        print(f"{'files':>6} {'--jobs 1 s':>11} {'--jobs 2 s':>11} {'ratio':>6}")
        for count in counts:
            one, two = [], []
            for _ in range(args.repeats):
                one.append(once([args.lintlaw, "check", "--jobs", "1", *files[:count]]))
                two.append(once([args.lintlaw, "check", "--jobs", "2", *files[:count]]))
            a, b = statistics.median(one), statistics.median(two)
            print(f"{count:>6} {a:11.2f} {b:11.2f} {b / a:6.2f}")


if __name__ == "__main__":
    main()
