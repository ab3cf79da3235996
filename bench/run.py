"""Benchmark lintlaw as users run it — whole processes, interpreter start included — beside the
plain-Python floor on the same files in the same run, so the ratio is what gets tracked.

    python bench/run.py [--repeats N] [--jobs N] [--baseline PATH] [--quick]

Cases: one report (cold start, as a pre-commit hook runs it), 1,000 reports (the five sample
reports copied 200 times), one 10 MB report (the samples concatenated) and 3,000 reports (for
memory). Each case runs the full built-in catalog and four rules (--select FOUR_RULES) and prints
the median wall time, its ratio to the floor (plain Python `re`, the same four checks, in one
process), the failing findings, and peak memory: the largest single process and the whole process
tree (sampled). --baseline runs a second lintlaw executable (e.g. one installed from main) on the
same files in the same run, for before/after figures. The rule cache is warmed first.
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
FOUR_RULES = "writing/wording,writing/halfwidth-punctuation,writing/doubled-word,outline/court-appearance-rate"
# The floor: the four checks as four stdlib regexes over each file, counted, in one process.
PLAIN_PYTHON = r"""
import re, sys, pathlib
patterns = [re.compile(p) for p in (r"截止(?=目前)", r"(?<=[\u4e00-\u9fff]),|,(?=[\u4e00-\u9fff])",
                                   r"([\u4e00-\u9fff]{2})\1", r"(出庭应诉率|出庭率)[^。；;，,%]{0,12}?(\d+(\.\d+)?)\s*[%％]")]
total = 0
for arg in sys.argv[1:]:
    p = pathlib.Path(arg)
    for f in ([p] if p.is_file() else sorted(p.rglob("*.txt"))):
        text = f.read_text(encoding="utf-8")
        total += sum(len(x.findall(text)) for x in patterns)
print(total)
"""

# Runs one command; reports its wall time and the largest resident set of it and its waited-for
# descendants (a fresh wrapper per run, because RUSAGE_CHILDREN only ever grows within one process).
# With "tree", it also samples the summed RSS of the whole process tree every 20 ms.
PEAK = r"""
import os, resource, subprocess, sys, time

def tree_rss(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total

sample = sys.argv[1] == "tree"
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
peak_tree = 0
if sample:
    import threading
    out = []
    reader = threading.Thread(target=lambda: out.append(process.stdout.read()))
    reader.start()
    while process.poll() is None:
        peak_tree = max(peak_tree, tree_rss(process.pid))
        time.sleep(0.02)
    reader.join()
    stdout = out[0]
else:
    stdout, _ = process.communicate()
seconds = time.perf_counter() - start
sys.stdout.buffer.write(stdout)
sys.stderr.write(f"{seconds} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {peak_tree}")
"""


def corpus(folder: Path) -> dict[str, Path]:
    one = folder / "one" / SEEDS[0].name
    one.parent.mkdir(parents=True)
    shutil.copy(SEEDS[0], one)
    batches = {}
    for count in (1000, 3000):
        batch = folder / f"batch{count}"
        batch.mkdir()
        for i in range(count // len(SEEDS)):
            for seed in SEEDS:
                shutil.copy(seed, batch / f"{i:04d}_{seed.name}")
        batches[count] = batch
    body = "\n".join(seed.read_text(encoding="utf-8") for seed in SEEDS)
    big = folder / "big" / "big.txt"
    big.parent.mkdir()
    copies = (10 * 1024 * 1024) // len(body.encode("utf-8")) + 1
    big.write_text("\n".join([body] * copies), encoding="utf-8")
    size = sum(f.stat().st_size for f in batches[1000].iterdir()) / 1e6
    return {"one report, cold start": one, f"1,000 reports ({size:.1f} MB)": batches[1000],
            "one 10 MB report": big, "3,000 reports": batches[3000]}


def _once(command: list[str], mode: str) -> tuple[float, float, float, str]:
    done = subprocess.run([sys.executable, "-c", PEAK, mode, *command], check=False, capture_output=True, text=True)
    seconds, peak, tree = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(peak) / 1024, int(tree) / 1e6, done.stdout


def measure(command: list[str], repeats: int, tree: bool) -> tuple[float, float, float, str]:
    """Median wall seconds, peak RSS in MB of the largest process and of the whole tree (0 when
    not sampled), and the last stdout. Timed runs are not sampled; the tree is sampled in one more run."""
    times, peaks, out = [], [], ""
    for _ in range(repeats):
        seconds, peak, _, out = _once(command, "time")
        times.append(seconds)
        peaks.append(peak)
    tree_mb = _once(command, "tree")[2] if tree else 0.0
    return statistics.median(times), max(peaks), tree_mb, out


def failing(json_text: str) -> int:
    try:
        return json.loads(json_text)["summary"]["fail"]
    except (ValueError, KeyError):
        return -1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="lintlaw --jobs (default 0: lintlaw chooses)")
    parser.add_argument("--baseline", type=Path, help="another lintlaw executable to run beside this one")
    parser.add_argument("--quick", action="store_true", help="leave out the 3,000-report case")
    args = parser.parse_args()
    # The console script, as pre-commit and users run it (python -m adds runpy's start-up).
    script = Path(sys.executable).parent / "lintlaw"
    versions = {"lintlaw": [str(script)] if script.exists() else [sys.executable, "-m", "lintlaw"]}
    if args.baseline:
        versions["baseline"] = [str(args.baseline)]
    with tempfile.TemporaryDirectory() as tmp:
        cases = corpus(Path(tmp))
        if args.quick:
            cases.pop("3,000 reports")
        for base in versions.values():
            subprocess.run([*base, "check", str(cases["one report, cold start"])], check=False, capture_output=True)  # warm the cache
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"lintlaw benchmark — {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
              f"load average {load:.1f} at start, median of {args.repeats}, --jobs {args.jobs}")
        print(f"{'case':<26} {'version':<9} {'rules':<6} {'seconds':>8} {'× floor':>8} {'failing':>8} "
              f"{'peak MB':>8} {'tree MB':>8}")
        for name, path in cases.items():
            tree = name.startswith("3,000")
            floor_s, floor_mb, _, floor_out = measure([sys.executable, "-c", PLAIN_PYTHON, str(path)], args.repeats, False)
            print(f"{name:<26} {'floor':<9} {'4':<6} {floor_s:>8.2f} {1:>8.1f} {floor_out.strip():>8} {floor_mb:>8.0f}")
            for version, base in versions.items():
                for label, extra in (("4", ["--select", FOUR_RULES]), ("full", [])):
                    command = base + ["check", "--format", "json", "--jobs", str(args.jobs), *extra, str(path)]
                    seconds, peak, tree_mb, out = measure(command, args.repeats, tree)
                    tree_text = f"{tree_mb:>8.0f}" if tree else f"{'':>8}"
                    print(f"{name:<26} {version:<9} {label:<6} {seconds:>8.2f} {seconds / floor_s:>8.1f} "
                          f"{failing(out):>8} {peak:>8.0f} {tree_text}", flush=True)


if __name__ == "__main__":
    main()
