"""The `lintlaw` console script: Ctrl-C while the program is still starting up is one line and exit 130 too."""

from __future__ import annotations

import sys


def entry() -> None:
    try:
        from lintlaw.cli import entry as run  # click, the API and their imports: the slow part of start-up
    except KeyboardInterrupt:
        sys.stderr.write("lintlaw: 已中断\n")
        sys.exit(130)
    run()
