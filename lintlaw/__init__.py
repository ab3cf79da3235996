"""lintlaw: check Chinese governments' annual rule-of-law reports against what the regulations require."""

from lintlaw.api import Options, check
from lintlaw.model import Finding, Severity, Status

__all__ = ["Options", "check", "Finding", "Severity", "Status"]
