"""Hold Ctrl-C and SIGTERM back over a step that must not be cut in two (they are delivered right after)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Block the two signals in the main thread, where Python handles them, for the duration of the block."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    mask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        mask(signal.SIG_UNBLOCK, SIGNALS)


def released() -> None:
    """Unblock the two signals (a process forked inside `held` starts with them blocked)."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is not None:
        mask(signal.SIG_UNBLOCK, SIGNALS)
