"""Benchmark lintlaw as users run it — whole processes, interpreter start included — beside the
plain-Python floor on the same files in the same run, so the ratio is what gets tracked.

    python bench/run.py [--repeats N] [--jobs N] [--baseline PATH] [--quick]

Cases: one report (cold start, as a pre-commit hook runs it), 1,000 reports (the five sample
reports copied 200 times), one 10 MB report (the samples concatenated) and 3,000 reports (for
memory). Each case runs the full built-in catalog and four rules (--select FOUR_RULES) and prints
the median wall time and CPU time (user + system; steadier than wall time on a loaded machine),
each with its ratio to the floor (plain Python `re`, the same four checks, in one process), the
failing findings, and peak memory: the largest single process and the whole process
tree (sampled). --baseline runs a second lintlaw executable (e.g. one installed from main) on the
same files in the same run, for before/after figures; the floor and the versions run in turn in
each repeat (paired runs), and each rule set gets its own floor row from its own runs. The rule
cache is warmed first. A version that cannot run, exits 2 or prints no JSON stops the benchmark
with the reason (exit 1): no figure is printed that measures nothing.
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
from dataclasses import dataclass
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
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write(f"{seconds} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {peak_tree} {process.returncode}")
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


class NotMeasured(Exception):
    """A measured command did not do the work (it could not start, crashed or printed no result):
    its time would measure nothing, so the benchmark stops instead of printing a figure."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One run of a command: wall and CPU seconds (user + system, the command and its waited-for
    workers), peak RSS in MB of its largest process and of its whole tree (0 when not sampled), stdout."""

    seconds: float
    cpu: float
    peak_mb: float
    tree_mb: float
    stdout: str


def _once(command: list[str], mode: str) -> Sample:
    done = subprocess.run([sys.executable, "-c", PEAK, mode, *command], check=False, capture_output=True, text=True)
    try:
        seconds, cpu, peak, tree, code = done.stderr.strip().splitlines()[-1].split()
        sample = Sample(float(seconds), float(cpu), int(peak) / 1024, int(tree) / 1e6, done.stdout)
        exit_code = int(code)
    except (IndexError, ValueError):  # the wrapper could not start the command (not found, not executable)
        raise NotMeasured(f"{' '.join(command)}: cannot be run ({_last_line(done.stderr)})") from None
    if exit_code not in (0, 1):  # lintlaw: 0 nothing failed, 1 findings; anything else is an error
        raise NotMeasured(f"{' '.join(command)}: exit code {exit_code}: {_why(command)}")
    return sample


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def _why(command: list[str]) -> str:
    """The last line the command writes on stderr (the wrapper does not keep it), for the error."""
    try:
        return _last_line(subprocess.run(command, check=False, capture_output=True, text=True).stderr)
    except OSError as exc:
        return str(exc)


def measure(commands: list[list[str]], repeats: int, tree: bool) -> list[Sample]:
    """For each command: the median wall and CPU seconds, the largest peak RSS, the whole tree's
    peak (sampled in one more run of each, when asked; timed runs are not sampled) and the last
    stdout. The commands run in turn in each repeat (paired runs: a change of machine load falls
    on all of them alike)."""
    runs: list[list[Sample]] = [[] for _ in commands]
    for _ in range(repeats):
        for i, command in enumerate(commands):
            runs[i].append(_once(command, "time"))
    trees = [_once(command, "tree").tree_mb if tree else 0.0 for command in commands]
    return [
        Sample(statistics.median(r.seconds for r in done), statistics.median(r.cpu for r in done),
               max(r.peak_mb for r in done), tree_mb, done[-1].stdout)
        for done, tree_mb in zip(runs, trees)
    ]


def failing(json_text: str, command: list[str]) -> int:
    """The failing findings of lintlaw's JSON; NotMeasured when the output is not lintlaw's JSON."""
    try:
        return int(json.loads(json_text)["summary"]["fail"])
    except (ValueError, KeyError, TypeError):
        raise NotMeasured(f"{' '.join(command)}: printed no lintlaw JSON ({_why(command)})") from None


def floor_count(output: str, command: list[str]) -> int:
    try:
        return int(output.strip())
    except ValueError:
        raise NotMeasured(f"the plain-Python floor printed no count ({output[:60]!r})") from None


def heading(title: str, cores: int, repeats: int) -> str:
    """A table's first line: the machine, and how busy it was when the measuring began."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{title} — {cores} cores, Python {sys.version.split()[0]}, load average {load:.1f} at start, median of {repeats}"


def executables(baseline: Path | None) -> dict[str, list[str]]:
    """The lintlaw commands to measure: this interpreter's console script (as pre-commit and users run
    it; python -m adds runpy's start-up), and the --baseline executable. NotMeasured when one is missing."""
    script = Path(sys.executable).parent / "lintlaw"
    versions = {"lintlaw": [str(script)] if script.exists() else [sys.executable, "-m", "lintlaw"]}
    if baseline is not None:
        if not baseline.is_file() or not os.access(baseline, os.X_OK):
            raise NotMeasured(f"--baseline {baseline}: no such executable")
        versions["baseline"] = [str(baseline)]
    return versions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="lintlaw --jobs (default 0: lintlaw chooses)")
    parser.add_argument("--baseline", type=Path, help="another lintlaw executable to run beside this one")
    parser.add_argument("--quick", action="store_true", help="leave out the 3,000-report case")
    args = parser.parse_args()
    try:
        run(args)
    except NotMeasured as exc:
        sys.exit(f"bench/run.py: nothing measured: {exc}")


def run(args: argparse.Namespace) -> None:
    versions = executables(args.baseline)
    with tempfile.TemporaryDirectory() as tmp:
        cases = corpus(Path(tmp))
        if args.quick:
            cases.pop("3,000 reports")
        for base in versions.values():
            # Warm the cache, and make sure each version runs at all before anything is timed.
            warm = [*base, "check", "--format", "json", str(cases["one report, cold start"])]
            failing(_once(warm, "time").stdout, warm)
        print(f"{heading('lintlaw benchmark', os.cpu_count() or 1, args.repeats)}, --jobs {args.jobs}")
        print(f"{'case':<26} {'version':<9} {'rules':<6} {'seconds':>8} {'× floor':>8} {'CPU s':>8} {'× floor':>8} "
              f"{'failing':>8} {'peak MB':>8} {'tree MB':>8}")
        for name, path in cases.items():
            tree = name.startswith("3,000")
            floor_command = [sys.executable, "-c", PLAIN_PYTHON, str(path)]
            for label, extra in (("4", ["--select", FOUR_RULES]), ("full", [])):
                commands = [base + ["check", "--format", "json", "--jobs", str(args.jobs), *extra, str(path)] for base in versions.values()]
                floor, *samples = measure([floor_command, *commands], args.repeats, tree)
                print(f"{name:<26} {'floor':<9} {'4':<6} {floor.seconds:>8.2f} {1:>8.1f} {floor.cpu:>8.2f} {1:>8.1f} "
                      f"{floor_count(floor.stdout, floor_command):>8} {floor.peak_mb:>8.0f}")
                for version, command, sample in zip(versions, commands, samples):
                    tree_text = f"{sample.tree_mb:>8.0f}" if tree else f"{'':>8}"
                    print(f"{name:<26} {version:<9} {label:<6} {sample.seconds:>8.2f} {sample.seconds / floor.seconds:>8.1f} "
                          f"{sample.cpu:>8.2f} {sample.cpu / floor.cpu:>8.1f} {failing(sample.stdout, command):>8} "
                          f"{sample.peak_mb:>8.0f} {tree_text}", flush=True)


if __name__ == "__main__":
    main()
