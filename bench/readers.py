"""How long each reader takes on the largest sample report (seed 003) in each format.

    python bench/readers.py [repeats]

Prints, per format, the first call (which includes importing the library) and the median of
the following calls, in milliseconds; then pypdf against pdfminer.six on the same PDF when
pdfminer.six happens to be installed (it is not a dependency: it is here to show why pypdf).
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lintlaw import readers  # noqa: E402

SEED = "003_09316cdeb402fe12"
FORMATS = ROOT / "tests" / "data" / "formats"


def python_docx_file(folder: Path) -> Path:
    import docx

    document = docx.Document()
    for line in (ROOT / "seeds" / f"{SEED}.txt").read_text(encoding="utf-8").split("\n"):
        if line.strip():
            document.add_paragraph(line.strip())
    path = folder / f"{SEED}.python-docx.docx"
    document.save(path)
    return path


def timed(fn, repeats: int) -> tuple[float, float]:
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return first * 1000, statistics.median(runs) * 1000


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as tmp:
        files = [
            ("txt", ROOT / "seeds" / f"{SEED}.txt"),
            ("docx (LibreOffice)", FORMATS / f"{SEED}.docx"),
            ("docx (python-docx)", python_docx_file(Path(tmp))),
            ("pdf (LibreOffice)", FORMATS / f"{SEED}.pdf"),
            ("html (UTF-8)", FORMATS / f"{SEED}.html"),
            ("html (GBK)", FORMATS / f"{SEED}.gbk.html"),
        ]
        print(f"reader timings on {SEED}, {repeats} repeats (ms)")
        print(f"{'format':<20}{'bytes':>9}{'lines':>7}{'first call':>12}{'median':>9}")
        for name, path in files:
            source = readers.read_path(path, path.name)
            lines = len(source.text.split("\n")) if isinstance(source, readers.Source) else 0
            first, median = timed(lambda path=path: readers.read_path(path, path.name), repeats)
            print(f"{name:<20}{path.stat().st_size:>9}{lines:>7}{first:>12.1f}{median:>9.1f}")

    print("import cost of each library in a fresh interpreter (ms, median of 5)")
    for module in ("docx", "pypdf", "lxml.html"):
        code = f"import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
        costs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout) for _ in range(5)]
        print(f"{module:<20}{statistics.median(costs):>12.1f}")

    pdf = (FORMATS / f"{SEED}.pdf").read_bytes()
    try:
        from pdfminer.high_level import extract_text
    except ImportError:
        print("pdfminer.six not installed: no comparison")
        return
    import pypdf

    def with_pypdf() -> str:
        return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)

    def with_pdfminer() -> str:
        return extract_text(io.BytesIO(pdf))

    print("PDF libraries on the same file, text extraction only (ms)")
    for name, fn in (("pypdf", with_pypdf), ("pdfminer.six", with_pdfminer)):
        first, median = timed(fn, max(3, repeats // 4))
        print(f"{name:<20}{first:>12.1f}{median:>9.1f}")


if __name__ == "__main__":
    main()
