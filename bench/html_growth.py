"""Reading a web page grows linearly with its size, also for pages built to make HTML parsers slow.

    python bench/html_growth.py [n]

For each shape the page is built at n and 2n units and read by lintlaw's web-page reader (decode,
parse with lxml.html, walk, find the body); the script prints both times (median of 3) and their ratio.
Linear reading gives a ratio near 2; quadratic reading gives a ratio near 4. Shapes deeper than the
reader's nesting bound are refused at once, which the "result" column shows.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lintlaw.model import Problem  # noqa: E402
from lintlaw.readers import html  # noqa: E402

SENTENCE = "关于2023年法治政府建设情况的报告，全区持续推进严格规范公正文明执法。"


def shapes() -> dict[str, object]:
    """name → function from a unit count to the page's bytes."""
    return {
        "paragraphs": lambda n: ("<html><body><div class=content>" + f"<p>{SENTENCE}</p>" * n + "</div></body></html>").encode(),
        "nested 250 levels, text at each": lambda n: (
            ("<div>" * 250 + f"<p>{SENTENCE}</p>" + "</div>" * 250) * max(1, n // 50)).encode(),
        "unclosed <p> and stray end tags": lambda n: ("<div>" + f"<p>{SENTENCE}" * n + "</span></em>" * n + "</div>").encode(),
        "table cells": lambda n: ("<table>" + f"<tr><td>索引号：</td><td>{SENTENCE}</td></tr>" * n + "</table>").encode(),
        "'<a' repeated": lambda n: ("<a" * (100 * n)).encode(),
        "deep nesting (refused)": lambda n: ("<div>文字，" * (100 * n)).encode(),
        "lying charset": lambda n: ('<meta charset="rot13"><div>' + f"<p>{SENTENCE}</p>" * n + "</div>").encode(),
    }


def read_seconds(data: bytes) -> tuple[float, str]:
    runs = []
    result = ""
    for _ in range(3):
        start = time.perf_counter()
        outcome = html.read_html(data, "bench.html", "html")
        runs.append(time.perf_counter() - start)
        result = outcome.reason if isinstance(outcome, Problem) else f"{len(outcome.text.splitlines())} lines"
    return statistics.median(runs), result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    print(f"{'shape':<34} {'MB at 2n':>8} {'s at n':>8} {'s at 2n':>8} {'ratio':>6}  result at 2n")
    for name, build in shapes().items():
        small, large = build(n), build(2 * n)
        read_seconds(build(max(1, n // 10)))  # warm up: imports, compiled patterns
        t1, _ = read_seconds(small)
        t2, result = read_seconds(large)
        ratio = t2 / t1 if t1 > 0 else float("nan")
        print(f"{name:<34} {len(large) / 1e6:>8.1f} {t1:>8.3f} {t2:>8.3f} {ratio:>6.2f}  {result[:40]}")


if __name__ == "__main__":
    main()
