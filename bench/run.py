"""Benchmark lintlaw as users run it — whole processes, interpreter start included — beside plain
baselines on the same files, so the ratio is what gets tracked, not the absolute time.

    python bench/run.py [--repeats N] [--jobs N]

Cases: one report (cold start, as a pre-commit hook runs it), a batch of 1,000 reports (the five
sample reports copied 200 times), and one 10 MB report (the samples concatenated). Each case runs
with the full built-in catalog and with four rules (--select), and prints the median wall time,
peak memory (max RSS of the process tree) and the number of failing findings; beside them the
same files through `grep -c` of the literal keywords and through plain Python with four regexes.
The rule cache is warmed once first (the figures are for a warm cache, as on a user's machine).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FOUR_RULES = "writing/wording,writing/halfwidth-punctuation,writing/doubled-word,outline/court-appearance"
GREP_WORDS = ["截止目前", ",", "行政行政", "出庭应诉"]
PLAIN_PYTHON = r"""
import re, sys, pathlib
patterns = [re.compile(p) for p in (r"截止(?=目前)", r"(?<=[\u4e00-\u9fff]),|,(?=[\u4e00-\u9fff])",
                                   r"([\u4e00-\u9fff]{2})\1", r"负责人.{0,8}出庭应诉")]
total = 0
for arg in sys.argv[1:]:
    p = pathlib.Path(arg)
    for f in ([p] if p.is_file() else sorted(p.rglob("*.txt"))):
        text = f.read_text(encoding="utf-8")
        total += sum(len(x.findall(text)) for x in patterns)
print(total)
"""


def corpus(folder: Path) -> tuple[Path, Path, Path]:
    one = folder / "one" / SEEDS[0].name
    one.parent.mkdir(parents=True)
    shutil.copy(SEEDS[0], one)
    batch = folder / "batch"
    batch.mkdir()
    for i in range(200):
        for seed in SEEDS:
            shutil.copy(seed, batch / f"{i:03d}_{seed.name}")
    body = "\n".join(seed.read_text(encoding="utf-8") for seed in SEEDS)
    big = folder / "big" / "big.txt"
    big.parent.mkdir()
    copies = (10 * 1024 * 1024) // len(body.encode("utf-8")) + 1
    big.write_text("\n".join([body] * copies), encoding="utf-8")
    return one, batch, big


# Runs one command and reports the largest resident set of it and its waited-for descendants:
# a fresh wrapper per run, because RUSAGE_CHILDREN only ever grows within one process.
PEAK = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
sys.stdout.write(done.stdout)
sys.stderr.write(f"{seconds} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


def measure(command: list[str], repeats: int) -> tuple[float, float, str]:
    """Median wall seconds, peak RSS in MB (largest single process), and the last stdout."""
    times = []
    peaks = []
    out = ""
    for _ in range(repeats):
        done = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True)
        seconds, peak = done.stderr.strip().splitlines()[-1].split()
        out = done.stdout
        times.append(float(seconds))  # timed inside the wrapper: the wrapper's own start-up is not counted
        peaks.append(int(peak) / 1024)
    return statistics.median(times), max(peaks), out


def failing(json_text: str) -> int:
    try:
        return json.loads(json_text)["summary"]["fail"]
    except (ValueError, KeyError):
        return -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0, help="lintlaw --jobs (default: one per core)")
    args = parser.parse_args()
    # The console script, as pre-commit and users run it (python -m adds runpy's start-up).
    script = Path(sys.executable).parent / "lintlaw"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "lintlaw"]
    lintlaw = command + ["check", "--format", "json", "--jobs", str(args.jobs)]
    with tempfile.TemporaryDirectory() as tmp:
        one, batch, big = corpus(Path(tmp))
        subprocess.run(lintlaw + [str(one)], capture_output=True)  # warm the rule cache
        size = sum(f.stat().st_size for f in batch.iterdir()) / 1e6
        cases = [("one report, cold start", one, 1.0), (f"1,000 reports ({size:.1f} MB)", batch, 1.0),
                 ("one 10 MB report", big, 1.0)]
        print(f"lintlaw benchmark — {os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.repeats}")
        print(f"{'case':<28} {'rules':<13} {'seconds':>8} {'peak MB':>8} {'failing':>8}   baseline")
        for name, path, _ in cases:
            grep_t, _, _ = measure(["grep", "-c", "-r", "-F", *sum((["-e", w] for w in GREP_WORDS), []), str(path)],
                                   args.repeats)
            py_t, _, _ = measure([sys.executable, "-c", PLAIN_PYTHON, str(path)], args.repeats)
            for label, extra in (("full catalog", []), ("4 rules", ["--select", FOUR_RULES])):
                seconds, peak, out = measure(lintlaw + extra + [str(path)], args.repeats)
                print(f"{name:<28} {label:<13} {seconds:>8.2f} {peak:>8.0f} {failing(out):>8}"
                      f"   grep -c {grep_t:.2f} s, plain Python 4 regexes {py_t:.2f} s"
                      f"  (×{seconds / py_t:.1f} of plain Python)")


if __name__ == "__main__":
    main()
