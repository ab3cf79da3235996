"""Progress of a large batch on stderr: elapsed time, files done / total, rate and ETA, redrawn by
rich's own refresh thread (4 times a second), so it moves even while one large file is being checked.
Shown only when both stdout and stderr are terminals and a people's format is printed."""

from __future__ import annotations

import sys
from typing import Any, TextIO

MIN_FILES = 50
REFRESH_PER_SECOND = 4  # at least every half second


def wanted(total: int, people_format: bool, stdout: TextIO | None = None, stderr: TextIO | None = None) -> bool:
    """Whether to show progress: a batch of MIN_FILES or more, a people's format, no pipe on either stream."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    return people_format and total >= MIN_FILES and _isatty(out) and _isatty(err)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """A context manager; `step()` after each file. Does nothing when not enabled."""

    def __init__(self, total: int, enabled: bool, file: TextIO | None = None, force_terminal: bool | None = None) -> None:
        self.total = total
        self.enabled = enabled
        self._file = file
        self._force = force_terminal
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if not self.enabled:
            return self
        # rich is imported only when progress is shown: plain runs and pipes never pay for it.
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        console = Console(file=self._file or sys.stderr, force_terminal=self._force)
        self._bar = Bar(
            TextColumn("已检查"),
            MofNCompleteColumn(),
            TextColumn("个文件"),
            BarColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("已用"),
            TimeElapsedColumn(),
            TextColumn("剩余约"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            refresh_per_second=REFRESH_PER_SECOND,
        )
        self._bar.__enter__()
        self._task = self._bar.add_task("check", total=self.total, rate="")
        return self

    def step(self) -> None:
        if self._bar is None:
            return
        self._bar.advance(self._task)
        task = self._bar.tasks[0]
        speed = task.speed
        self._bar.update(self._task, rate=f"{speed:.1f} 个/秒" if speed else "")

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
