"""Time the pre-commit hook as pre-commit runs it — one hook process per core, each on a share of the
staged files — with the hook's entry (`--jobs 1`: no worker processes of lintlaw's own) beside the
same entry without `--jobs 1` (lintlaw's default, workers for 32 files or more) and beside
`require_serial: true` (one lintlaw for all files, with its workers).

    python bench/pre_commit.py [--files 200,1000] [--repeats 3]

Needs `pre-commit` and `lintlaw` on PATH (or next to this Python). Builds a git repository of copies
of the sample reports in a temporary folder, writes one local-hook configuration per variant (the
hook's `entry`, `files` and `types` from .pre-commit-hooks.yaml) and runs `pre-commit run --files`
for each variant in turn, each repeat. Prints the median wall time and CPU time (user + system of
pre-commit and everything it started) per variant and file count.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found next to {sys.executable} or on PATH")
    return found


def variants(lintlaw: str) -> dict[str, dict[str, object]]:
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    entry = shlex.split(hook["entry"])
    without = [a for i, a in enumerate(entry) if a != "--jobs" and (i == 0 or entry[i - 1] != "--jobs")]
    base = {"id": "lintlaw", "name": "lintlaw", "language": "system", "files": hook["files"], "types": hook["types"]}
    return {
        "hook entry (--jobs 1)": {**base, "entry": shlex.join([lintlaw, *entry[1:]])},
        "without --jobs 1": {**base, "entry": shlex.join([lintlaw, *without[1:]])},
        "require_serial, no --jobs 1": {**base, "entry": shlex.join([lintlaw, *without[1:]]), "require_serial": True},
    }


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@example.invalid", *args], cwd=repo, check=True,
                   capture_output=True)


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run (CPU: this run's children only, from the growth of RUSAGE_CHILDREN)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1) or "lintlaw" not in done.stdout:
        raise SystemExit(f"pre-commit failed (exit {done.returncode}): {done.stdout[-400:]}{done.stderr[-400:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="200,1000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    counts = [int(n) for n in args.files.split(",")]
    pre_commit, lintlaw = tool("pre-commit"), tool("lintlaw")
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        (repo / "reports").mkdir(parents=True)
        for i in range(max(counts)):
            shutil.copy(SEEDS[i % len(SEEDS)], repo / "reports" / f"r{i:05d}.txt")
        git(repo, "init", "-q")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "reports")
        configs = {}
        for name, hook in variants(lintlaw).items():
            config = Path(tmp) / f"config-{len(configs)}.yaml"
            config.write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}), encoding="utf-8")
            configs[name] = config
        os.environ["PRE_COMMIT_HOME"] = str(Path(tmp) / "home")
        files = sorted(str(p.relative_to(repo)) for p in (repo / "reports").iterdir())
        print(f"pre-commit hook benchmark — {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start, "
              f"median of {args.repeats}")
        print(f"{'files':>6}  {'variant':30} {'seconds':>8} {'CPU s':>7}")
        for count in counts:
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in configs}
            for config in configs.values():  # warm: the rule cache, pre-commit's own setup
                timed([pre_commit, "run", "-c", str(config), "--files", *files[:count]], repo)
            for _ in range(args.repeats):
                for name, config in configs.items():
                    runs[name].append(timed([pre_commit, "run", "-c", str(config), "--files", *files[:count]], repo))
            for name, measured in runs.items():
                wall = statistics.median(w for w, _ in measured)
                cpu = statistics.median(c for _, c in measured)
                print(f"{count:>6}  {name:30} {wall:8.2f} {cpu:7.2f}")


if __name__ == "__main__":
    main()
