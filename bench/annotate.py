"""What `lintlaw annotate` costs next to `lintlaw check` on the same Word files, measured in one run.

    python bench/annotate.py [repeats]

In-process, warm (rules loaded once): for the largest LibreOffice-made sample (seed 003) and a
python-docx file of 5,000 paragraphs, the median of the repeats, in milliseconds, of: reading
the file (lintlaw.readers), checking it (api.check_paths), annotating it (check + comments +
saving, as the command does), and annotating with --suggest; then each as a ratio to checking.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lintlaw import api, readers  # noqa: E402
from lintlaw.word import annotate as word  # noqa: E402

NOW = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)


def big_docx(folder: Path, paragraphs: int = 5000) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于2024年法治政府建设情况的报告")
    for i in range(paragraphs):
        document.add_paragraph(f"第{i}项工作稳步推进，截止目前取得新成效, 联系电话13959291990。")
    path = folder / "big.docx"
    document.save(path)
    return path


def median_ms(fn, repeats: int) -> float:
    fn()  # warm: imports, rule cache
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    options = api.Options()
    with tempfile.TemporaryDirectory() as tmp:
        files = [("seed 003 (LibreOffice)", ROOT / "tests" / "data" / "formats" / "003_09316cdeb402fe12.docx"),
                 ("5,000 paragraphs", big_docx(Path(tmp)))]
        print(f"median of {repeats} (ms); ratio to check in brackets")
        print(f"{'file':<24}{'read':>14}{'check':>10}{'annotate':>16}{'--suggest':>16}{'comments':>10}")
        for name, path in files:
            read = median_ms(lambda p=path: readers.read_path(p, p.name), repeats)
            check = median_ms(lambda p=path: api.check_paths([str(p)], options), repeats)
            plain = median_ms(lambda p=path: word.annotate_path(p, options, None, False, NOW), repeats)
            suggest = median_ms(lambda p=path: word.annotate_path(p, options, None, True, NOW), repeats)
            outcome = word.annotate_path(path, options, None, False, NOW)
            count = outcome[1].comments if len(outcome) == 2 and hasattr(outcome[1], "comments") else 0
            print(f"{name:<24}{read:>8.0f} ({read / check:.2f}){check:>10.0f}{plain:>8.0f} ({plain / check:.2f})"
                  f"{suggest:>8.0f} ({suggest / check:.2f}){count:>10}")


if __name__ == "__main__":
    main()
