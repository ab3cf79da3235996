"""Show that verdicts do not depend on machine load: a 10 MB and a 40 MB report, linted with the full
catalog, give byte-identical JSON when run alone (quiet) and when two copies run at once (loaded).

    python bench/determinism.py [--sizes 10,40] [--jobs N]

Prints, per size, the wall time of each run, the number of failing findings and problems, and
whether all outputs are identical; exits 1 when any differ or a run exits 2 (a timeout or a crash).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def make_report(path: Path, megabytes: int) -> None:
    body = "\n".join(seed.read_text(encoding="utf-8") for seed in SEEDS)
    copies = (megabytes * 1024 * 1024) // len(body.encode("utf-8")) + 1
    path.write_text("\n".join([body] * copies), encoding="utf-8")


def command(report: Path, jobs: int) -> list[str]:
    script = Path(sys.executable).parent / "lintlaw"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "lintlaw"]
    return base + ["check", "--format", "json", "--jobs", str(jobs), str(report)]


def run_together(commands: list[list[str]], outputs: list[Path]) -> list[tuple[int, float]]:
    """Start all commands at once; (exit code, wall seconds) of each."""
    started = time.perf_counter()
    processes = []
    for cmd, out in zip(commands, outputs):
        with out.open("wb") as sink:
            processes.append(subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE))
    results = []
    for process in processes:
        _, err = process.communicate()
        if err:
            sys.stderr.write(err.decode("utf-8", "replace"))
        results.append((process.returncode, time.perf_counter() - started))
    return results


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def failing(path: Path) -> tuple[int, int]:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    problems = sum(len(f["problems"]) for f in data["files"])
    return data["summary"]["fail"], problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,40", help="report sizes in MB, comma-separated")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="lintlaw-determinism-") as tmp:
        folder = Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            report = folder / f"report-{size}mb.txt"
            make_report(report, size)
            cmd = command(report, args.jobs)
            quiet = folder / f"quiet-{size}.json"
            loaded = [folder / f"loaded-{size}-{i}.json" for i in (1, 2)]
            ((quiet_code, quiet_s),) = run_together([cmd], [quiet])
            together = run_together([cmd, cmd], loaded)
            digests = {digest(p) for p in (quiet, *loaded)}
            codes = {quiet_code, *(code for code, _ in together)}
            fails, problems = failing(quiet)
            same = len(digests) == 1 and 2 not in codes
            ok = ok and same
            print(
                f"{size} MB: quiet {quiet_s:.1f} s, two at once {together[0][1]:.1f} s / {together[1][1]:.1f} s; "
                f"exit codes {sorted(codes)}; {fails} failing findings, {problems} problems; "
                f"JSON {'identical' if len(digests) == 1 else 'DIFFERENT'} ({', '.join(sorted(digests))})"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
