"""Formatters: results → text; they never print, decide exit codes or detect terminals."""

import importlib
from types import MappingProxyType
from typing import NamedTuple
from collections.abc import Callable, Sequence

from lintlaw.model import FileResult, Packs, Problem, Run
from lintlaw.formatters.checklist import DEFAULT_WIDTH, checklist_file, checklist_footer, render_checklist
from lintlaw.formatters.json import json_file, json_footer, json_header, render_json
from lintlaw.formatters.text import render_text, text_file, text_footer

def _load(name: str) -> Callable[[Run], str]:
    """The machine formats for CI import their libraries (xml, importlib.metadata) only when used."""
    module = importlib.import_module(f"lintlaw.formatters.{name}")
    render: Callable[[Run], str] = getattr(module, f"render_{name}")
    return render


FORMATTERS: MappingProxyType[str, Callable[[Run], str]] = MappingProxyType(
    {
        "text": render_text,
        "checklist": render_checklist,
        "json": render_json,
        "sarif": lambda run: _load("sarif")(run),
        "junit": lambda run: _load("junit")(run),
        "github": lambda run: _load("github")(run),
    }
)

class Stream(NamedTuple):
    """A format written in pieces: header, one part per file as results arrive, footer with totals."""

    header: Callable[[], str]
    part: Callable[[FileResult, bool, Packs], str]  # (result, is it the first file, the run's packs)
    footer: Callable[[dict[str, int], Sequence[Problem]], str]


# Formats that stream, so a batch of thousands of reports never waits for, or holds, the whole run.
STREAMING = MappingProxyType(
    {
        "text": Stream(lambda: "", lambda r, first, packs: text_file(r), text_footer),
        "checklist": Stream(lambda: "", lambda r, first, packs: checklist_file(r, DEFAULT_WIDTH, packs), checklist_footer),
        "json": Stream(json_header, lambda r, first, packs: json_file(r, first), json_footer),
    }
)


# --- pretty JSON (issue 12): compact by default, indented with --pretty or on a terminal ---------


def json_stream(pretty: bool) -> Stream:
    return Stream(lambda: json_header(pretty), lambda r, first, packs: json_file(r, first, pretty),
                  lambda totals, skipped: json_footer(totals, skipped, pretty))


def json_formatter(pretty: bool) -> Callable[[Run], str]:
    return lambda run: render_json(run, pretty)


# --- review formats (issue 15): a reviewer's page and workbook over the same results -------------
# html and csv are text like the formats above; xlsx is a binary workbook and needs --output.
def _review(name: str) -> Callable[[Run], str]:
    return lambda run: _load(name)(run)


REVIEW_FORMATTERS: MappingProxyType[str, Callable[[Run], str]] = MappingProxyType(
    {"html": _review("html"), "csv": _review("csv")}
)
BINARY_FORMATTERS: MappingProxyType[str, Callable[[Run], bytes]] = MappingProxyType(
    {"xlsx": lambda run: importlib.import_module("lintlaw.formatters.xlsx").render_xlsx(run)}
)
# Formats that show the report's own text or title, so the run keeps each file's lines (Settings.keep_source).
KEEPS_SOURCE = frozenset({"html", "xlsx"})
