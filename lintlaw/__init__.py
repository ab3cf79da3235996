"""lintlaw: check Chinese governments' annual rule-of-law reports against what the regulations require."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lintlaw.api import Options, check
    from lintlaw.model import Finding, Severity, Status

__all__ = ["Finding", "Options", "Severity", "Status", "check"]

# The public names load on first use, so `import lintlaw.console` (the console script) imports nothing
# else and Ctrl-C during start-up can be reported in one line.
_HOMES = {"Options": "lintlaw.api", "check": "lintlaw.api", "Finding": "lintlaw.model", "Severity": "lintlaw.model",
          "Status": "lintlaw.model"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'lintlaw' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
