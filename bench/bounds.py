"""How close any lintlaw could come to the issue 12 targets: a lower bound measured beside the floor in
one run, from the work that checking the same rules in Python cannot leave out.

    python bench/bounds.py [--repeats N]

For the 1,000 reports and the 10 MB report of bench/run.py, with four rules and the full catalog, it
measures (medians of --repeats):
- the plain-Python floor and lintlaw, whole processes, as bench/run.py does;
- start: lintlaw on a one-line file with the same rules (interpreter, imports, the rulebook from
  the warm cache);
- in one process, with every compiled pattern's search, match, finditer, sub … timed around the
  `regex` engine's call only (the cost of an empty timed call taken off):
  - rules: the engine's time in the rules' own searches (inside each rule's check), over the
    ranges the rules name;
  - model: the engine's time in the document model, sections and the rest;
- read: reading and decoding the files.

bound = start + (rules + read) / cores: a run that did nothing but start, read and make the rules'
searches, on every core at once with nothing lost to sharing out the work. Where the bound is above
the target, only rules that search less (or a faster engine) can meet it. Otherwise "rest" is the
CPU time everything else (the document model and its searches, sections, findings, output,
workers) may take to meet the target, against what it takes now (lintlaw's CPU time less start,
the rules' searches and read).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("bench_run", Path(__file__).resolve().parent / "run.py")
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["bench_run"] = bench  # dataclasses look their module up there
_SPEC.loader.exec_module(bench)

# The issue 12 targets: the most lintlaw may take, as a multiple of the floor.
TARGETS = {("1,000", "4"): 2.5, ("1,000", "full"): 8.0, ("10 MB", "4"): 2.0, ("10 MB", "full"): 8.0}

# One run in this process with every compiled pattern timed; prints read, the engine's time inside
# the rules' checks and outside them, and the failing count.
PROBE = r"""
import json, sys, time
import regex

clock = time.perf_counter
spent = [0.0, 0]  # seconds inside the engine and timed calls, outside the rules' checks
in_rules = [0.0, 0]  # the same inside them


class Timed:
    __slots__ = ("_p",)

    def __init__(self, p):
        self._p = p

    def _call(self, name, args, kwargs):
        method = getattr(self._p, name)
        s = clock()
        r = method(*args, **kwargs)
        spent[0] += clock() - s
        spent[1] += 1
        return r

    def search(self, *a, **k): return self._call("search", a, k)
    def match(self, *a, **k): return self._call("match", a, k)
    def fullmatch(self, *a, **k): return self._call("fullmatch", a, k)
    def sub(self, *a, **k): return self._call("sub", a, k)
    def subn(self, *a, **k): return self._call("subn", a, k)
    def split(self, *a, **k): return self._call("split", a, k)
    def findall(self, *a, **k): return self._call("findall", a, k)

    def finditer(self, *a, **k):
        matches = self._p.finditer(*a, **k)
        while True:
            s = clock()
            m = next(matches, None)
            spent[0] += clock() - s
            spent[1] += 1
            if m is None:
                return
            yield m

    def __getattr__(self, name):
        return getattr(self._p, name)


compile_ = regex.compile
regex.compile = lambda *a, **k: Timed(compile_(*a, **k))
from pathlib import Path
from lintlaw import api, engine
from lintlaw.config import Settings

run_one = engine._run_one


def timed_run_one(*args):
    global spent
    outside, spent = spent, in_rules
    try:
        return run_one(*args)
    finally:
        spent = outside


engine._run_one = timed_run_one

path, select = sys.argv[1], tuple(s for s in sys.argv[2].split(",") if s)
files = sorted(Path(path).rglob("*.txt")) if Path(path).is_dir() else [Path(path)]
s = clock()
for f in files:
    f.read_bytes().decode("utf-8")
read = clock() - s
# As the command line runs a JSON check: no fingerprints (only SARIF and baselines need them).
run = api.check_paths([path], Settings(select=select, fingerprints=False))
probe = [0.0]
s = clock()
for _ in range(100_000):
    t = clock(); int(); probe[0] += clock() - t
empty = (clock() - s) / 100_000
failing = sum(1 for r in run.results for x in r.findings if x.status.value == "fail")
rules, model = (max(0.0, timed - calls * empty) for timed, calls in (in_rules, spent))
print(json.dumps({"read": read, "rules": rules, "model": model, "failing": failing}))
"""


@dataclass(frozen=True, slots=True)
class Bound:
    """What a case's figures say about its target. Seconds are wall time unless named CPU."""

    target: float  # the most lintlaw may take
    bound: float  # start + (rules + read) / cores
    rest_now: float  # CPU seconds of everything but start, the rules' searches and read, now
    rest_budget: float  # CPU seconds that everything else may take to meet the target (< 0: none)


def bound_of(floor: float, ratio: float, start: float, rules: float, read: float, cores: int, cpu: float) -> Bound:
    """The bound and the rest's budget of one case: floor, start and cpu are the measured seconds
    of the floor and lintlaw, rules and read the one-process figures, cores the cores the work may use."""
    target = floor * ratio
    return Bound(target, start + (rules + read) / cores, cpu - start - rules - read, (target - start) * cores - rules - read)


def verdict(b: Bound) -> str:
    if b.bound > b.target:
        return "out of reach: start, reading and the rules' searches alone take longer"
    if b.rest_budget < 0.01:
        return f"rest {b.rest_now:.2f} → ≤ {max(b.rest_budget, 0.0):.2f} CPU s (next to nothing left)"
    return f"rest {b.rest_now:.2f} → ≤ {b.rest_budget:.2f} CPU s ({b.rest_now / b.rest_budget:.1f}× less)"


def probe(path: Path, select: str, cwd: Path) -> dict[str, float]:
    # Run from a scratch folder, so a source checkout in the current folder is not imported instead.
    done = subprocess.run([sys.executable, "-c", PROBE, str(path), select], check=False, capture_output=True, text=True, cwd=cwd)
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError):
        raise bench.NotMeasured(f"the one-process probe printed nothing ({bench._last_line(done.stderr)})") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    try:
        run(args.repeats)
    except bench.NotMeasured as exc:
        sys.exit(f"bench/bounds.py: nothing measured: {exc}")


def run(repeats: int) -> None:
    [lintlaw] = bench.executables(None).values()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = bench.corpus(folder / "corpus")
        one_line = folder / "one-line.txt"
        one_line.write_text("。\n", encoding="utf-8")
        warm = [*lintlaw, "check", "--format", "json", str(one_line)]
        bench.failing(bench._once(warm, "time").stdout, warm)
        print(bench.heading("lintlaw lower bounds", cores, repeats))
        print(f"{'case':<24} {'rules':<5} {'floor s':>7} {'target s':>14} {'lintlaw s':>14} {'start s':>7} "
              f"{'rules s':>7} {'model s':>7} {'read s':>6} {'bound s':>14}  verdict")
        for name, path in cases.items():
            if not name.startswith(("1,000", "one 10 MB")):
                continue
            short = "1,000" if name.startswith("1,000") else "10 MB"
            floor_command = [sys.executable, "-c", bench.PLAIN_PYTHON, str(path)]
            for label, select in (("4", bench.FOUR_RULES), ("full", "")):
                extra = ["--select", select] if select else []
                command = [*lintlaw, "check", "--format", "json", *extra, str(path)]
                start_command = [*lintlaw, "check", "--format", "json", *extra, str(one_line)]
                floor, sample, start = bench.measure([floor_command, command, start_command], repeats, False)
                probes = [probe(path, select, folder) for _ in range(repeats)]
                if {int(p["failing"]) for p in probes} != {bench.failing(sample.stdout, command)}:
                    raise bench.NotMeasured(f"{name}: the one-process probe found other failures than lintlaw")
                rules, model, read = (statistics.median(p[key] for p in probes) for key in ("rules", "model", "read"))
                ratio = TARGETS[(short, label)]
                b = bound_of(floor.seconds, ratio, start.seconds, rules, read, cores, sample.cpu)
                print(f"{name:<24} {label:<5} {floor.seconds:>7.2f} {b.target:>7.2f} ({ratio:>3.1f}×) "
                      f"{sample.seconds:>6.2f} ({sample.seconds / floor.seconds:>4.1f}×) {start.seconds:>7.2f} {rules:>7.2f} {model:>7.2f} "
                      f"{read:>6.2f} {b.bound:>6.2f} ({b.bound / floor.seconds:>4.1f}×)  {verdict(b)}", flush=True)


if __name__ == "__main__":
    main()
