"""Score lintlaw on a folder of real reports and look-alikes described by an INDEX.tsv.

    python bench/corpus.py FOLDER [FOLDER ...] [--verbose]

Each FOLDER holds text files and an INDEX.tsv with at least the columns `file` and `report_year`
(an integer: the year a careful reader finds; anything else: a reader cannot tell, so no year may be
assumed). A file is a look-alike when its `notes` column starts with `NEGATIVE` (or the folder is
named `negative`); every other file is a real report. Printed: year accuracy over the real reports,
type accuracy over all files (a real report must pass structure/report-type, a look-alike must fail
it), every file judged wrong, and every error-level failure on the real reports (the ones a reader
would check for false alarms; on truncated openings the structure items fail by truncation).
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import lintlaw
from lintlaw import api


@dataclass(frozen=True)
class Entry:
    path: Path
    year: int | None
    negative: bool
    title: str


def read_index(folder: Path) -> list[Entry]:
    with open(folder / "INDEX.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for row in rows:
        year_text = (row.get("report_year") or "").strip()
        negative = folder.name == "negative" or (row.get("notes") or "").startswith("NEGATIVE")
        out.append(Entry(folder / row["file"], int(year_text) if year_text.isdigit() else None, negative, row.get("title", "")))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--verbose", action="store_true", help="also list the error-level failures of every real report")
    args = parser.parse_args()
    entries = [e for folder in args.folders for e in read_index(folder)]
    run = api.check_paths([str(e.path) for e in entries], api.Options())
    by_path = {r.path: r for r in run.results}
    year_ok = type_ok = reals = 0
    wrong: list[str] = []
    alarms: list[str] = []
    for e in entries:
        result = by_path[str(e.path)]
        gate = next((f for f in result.findings if f.rule == "structure/report-type"), None)
        accepted = gate is not None and gate.status is lintlaw.Status.PASS
        if accepted != (not e.negative):
            wrong.append(f"{e.path}: type {'accepted' if accepted else 'rejected'} ({gate.message if gate else '—'}) — {e.title}")
        else:
            type_ok += 1
        if e.negative:
            continue
        reals += 1
        if result.report_year == e.year:
            year_ok += 1
        else:
            wrong.append(f"{e.path}: year {result.report_year}, expected {e.year} — {e.title}")
        for f in result.findings:
            if f.status is lintlaw.Status.FAIL and f.severity is lintlaw.Severity.ERROR:
                alarms.append(f"{e.path}:{f.line}: {f.rule} {f.message}")
    print(f"report year: {year_ok}/{reals} real reports ({100 * year_ok / max(reals, 1):.1f}%)")
    print(f"report type: {type_ok}/{len(entries)} files ({100 * type_ok / max(len(entries), 1):.1f}%)")
    for line in wrong:
        print(f"WRONG {line}")
    print(f"error-level failures on real reports: {len(alarms)}")
    if args.verbose:
        for line in alarms:
            print(f"  {line}")
    return 0 if not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
