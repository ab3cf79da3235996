"""Screenshots of the HTML review page in Debian's chromium, for looking at it as a reviewer would.

    python bench/review_screens.py OUTPUT_DIR [REPORT_PATHS…]

Without report paths it renders the five samples and a 200-file batch (the real report openings in
tests/corpus/openings/real plus copies of the samples). Writes PNGs to OUTPUT_DIR: the summary, the
matrix, the matrix scrolled (sticky headers), a filter applied, the document view after clicking a ✗,
a Word file's view (第N段), the print layout at A4 width, and a hostile report.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
OPENINGS = sorted((ROOT / "tests" / "corpus" / "openings" / "real").glob("*.txt"))
DOCX = ROOT / "tests" / "data" / "formats" / "000_233507c4a0dcbcd0.docx"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE = ("某区司法局关于2023年法治政府建设情况的报告<script>alert(1)</script>\n\n"
           "一、主要举措和成效</td></tr></table><img src=x onerror=alert(2)>\n\n截止目前共办理案件12件。\n")


def html_of(paths: list[Path], out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "lintlaw", "check", "--format", "html", "--output", str(out),
                    *map(str, paths)], capture_output=True, check=False)
    return out


def main() -> None:
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

        given = [Path(a) for a in sys.argv[2:]]
        seeds = html_of(given or SEEDS, folder / "seeds.html")
        page.goto(seeds.as_uri())
        page.screenshot(path=target / "01_summary.png")
        page.locator("#matrix-section").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('matrix-section').scrollIntoView()")
        page.screenshot(path=target / "02_matrix.png")
        page.locator("#matrix tbody td.x a").first.click()
        page.wait_for_timeout(200)
        page.screenshot(path=target / "03_document_view.png")
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        page.emulate_media(media="print")
        page.screenshot(path=target / "04_print_a4.png")
        page.pdf(path=str(target / "04_print_a4.pdf"), format="A4")
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1440, "height": 900})

        if not given:
            batch = folder / "batch"
            batch.mkdir()
            for o in OPENINGS:
                shutil.copy(o, batch / f"real_{o.name}")
            for i in range(200 - len(OPENINGS)):
                shutil.copy(SEEDS[i % len(SEEDS)], batch / f"seed_{i:03d}_{SEEDS[i % len(SEEDS)].name}")
            page.goto(html_of([batch], folder / "batch.html").as_uri())
            page.evaluate("document.getElementById('matrix-section').scrollIntoView()")
            page.locator("#matrix-section .scroll").evaluate("s => { s.scrollTop = 2400; s.scrollLeft = 600; }")
            page.screenshot(path=target / "05_batch_scrolled.png")
            page.locator('#filters button[data-sort="fails"]').click()
            page.locator('#filters input[data-pack="outline"]').uncheck()
            page.locator('#filters input[data-pack="writing"]').uncheck()
            page.locator("#matrix-section .scroll").evaluate("s => { s.scrollTop = 0; s.scrollLeft = 0; }")
            page.screenshot(path=target / "06_batch_filtered_sorted.png")

            page.goto(html_of([DOCX], folder / "docx.html").as_uri())
            page.locator("#matrix tbody td.x a").last.click()
            page.wait_for_timeout(200)
            page.screenshot(path=target / "07_word_view.png")

            hostile = folder / "hostile.txt"
            hostile.write_text(HOSTILE, encoding="utf-8")
            page.goto(html_of([hostile], folder / "hostile.html").as_uri())
            page.locator("#matrix tbody th.doc a").click()
            page.wait_for_timeout(200)
            page.screenshot(path=target / "08_hostile.png", full_page=True)
        browser.close()
    print(f"screenshots in {target}; page errors: {errors or 'none'}")


if __name__ == "__main__":
    main()
