"""Where worker processes start to pay: small batches of sample reports checked with `--jobs 1` (this
process only) and with `--jobs 2` (two workers whenever lintlaw's threshold allows them), in turn.

    python bench/small_batches.py [--files 16,24,32,48,64,96] [--repeats 5] [--lintlaw PATH]
                                  [--start-method fork|spawn|forkserver]

Whole processes, full catalog, text output, warm rule cache; prints the median wall time of each and
their ratio. At a size below lintlaw's threshold (workers.MIN_PARALLEL_FILES, or MIN_SPAWNED_FILES
where workers are not forked) both run in one process, so the ratio is about 1 there by
construction; compare two installs with --lintlaw. --start-method runs lintlaw with multiprocessing's
start method set so (through the Python beside the lintlaw executable), as on a platform whose
default it is: spawn on Windows and macOS, forkserver on Linux from Python 3.14.
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


# lintlaw's console entry with multiprocessing's start method set first (a -c program: spawned children
# do not run it again).
WITH_START_METHOD = (
    "import multiprocessing, sys; multiprocessing.set_start_method(sys.argv[1]); sys.argv = ['lintlaw', *sys.argv[2:]]; "
    "from lintlaw.console import entry; entry()"
)


def once(command: list[str], cwd: str) -> float:
    """Wall seconds of one run, in cwd (outside a source checkout, whose lintlaw/ a -c program would import)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} exit {done.returncode}: {done.stderr[-400:]}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="16,24,32,48,64,96")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--lintlaw", default=shutil.which("lintlaw", path=str(Path(sys.executable).parent)) or "lintlaw")
    parser.add_argument("--start-method", choices=("fork", "spawn", "forkserver"))
    args = parser.parse_args()
    counts = [int(n) for n in args.files.split(",")]
    lintlaw = [args.lintlaw]
    if args.start_method:
        python = str(Path(args.lintlaw).parent / "python")
        lintlaw = [python, "-c", WITH_START_METHOD, args.start_method]
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(max(counts)):
            path = Path(tmp) / f"r{i:04d}.txt"
            shutil.copy(SEEDS[i % len(SEEDS)], path)
            files.append(str(path))
        once([*lintlaw, "check", files[0]], tmp)  # warm the rule cache
        print(f"small batches — {args.lintlaw}, start method {args.start_method or 'default'}, median of {args.repeats}")
        print(f"{'files':>6} {'--jobs 1 s':>11} {'--jobs 2 s':>11} {'ratio':>6}")
        for count in counts:
            one, two = [], []
            for _ in range(args.repeats):
                one.append(once([*lintlaw, "check", "--jobs", "1", *files[:count]], tmp))
                two.append(once([*lintlaw, "check", "--jobs", "2", *files[:count]], tmp))
            a, b = statistics.median(one), statistics.median(two)
            print(f"{count:>6} {a:11.2f} {b:11.2f} {b / a:6.2f}")


if __name__ == "__main__":
    main()
