"""Formatters: results → text; they never print, decide exit codes or detect terminals."""

from types import MappingProxyType
from typing import Callable

from lintlaw.api import Run
from lintlaw.formatters.checklist import checklist_file, checklist_footer, render_checklist
from lintlaw.formatters.github import render_github
from lintlaw.formatters.json import render_json
from lintlaw.formatters.junit import render_junit
from lintlaw.formatters.sarif import render_sarif
from lintlaw.formatters.text import render_text, text_file, text_footer

FORMATTERS: MappingProxyType[str, Callable[[Run], str]] = MappingProxyType(
    {
        "text": render_text,
        "checklist": render_checklist,
        "json": render_json,
        "sarif": render_sarif,
        "junit": render_junit,
        "github": render_github,
    }
)

# Formats for people, rendered file by file as results arrive (then a footer with the totals),
# so a batch of thousands of reports never waits for, or holds, the whole run.
STREAMING = MappingProxyType(
    {"text": (text_file, text_footer), "checklist": (checklist_file, checklist_footer)}
)
