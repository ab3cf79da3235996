"""Write a replacement as a Word tracked change: the old runs inside w:del (their w:t turned into
w:delText), the new text in a w:ins right after them, each with an id, author and date."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from lintlaw.readers.docx_layout import HYPERLINK, SDT_CONTENT, P, R, T
from lintlaw.readers.docx_numbering import W

if TYPE_CHECKING:
    from lxml.etree import _Element

RPR = W + "rPr"
DEL, INS, DEL_TEXT = W + "del", W + "ins", W + "delText"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Runs directly inside these may be wrapped; inside an existing revision or a simple field they are left alone.
_WRAPPABLE_PARENTS = frozenset({P, HYPERLINK, SDT_CONTENT})


class Ids:
    """Revision ids above every w:id already used in the document and its comments."""

    def __init__(self, root: Any, taken: Sequence[int] = ()):
        used = [int(v) for v in root.xpath("//@w:id") if v.lstrip("-").isdigit()]
        self.next = max((*used, *taken), default=0) + 1

    def __iter__(self) -> Iterator[int]:
        return self

    def __next__(self) -> int:
        value, self.next = self.next, self.next + 1
        return value


def runs_between(first: _Element, last: _Element) -> list[Any] | None:
    """The w:r siblings from first to last, when both share a parent that may hold revisions."""
    parent = first.getparent()
    if parent is None or parent is not last.getparent() or parent.tag not in _WRAPPABLE_PARENTS:
        return None
    runs: list[Any] = []
    el: _Element | None = first
    while el is not None:
        if el.tag == R:
            runs.append(el)
        elif el.tag in (DEL, INS):
            return None
        if el is last:
            return runs
        el = el.getnext()
    return None


def replace(runs: list[Any], text: str, author: str, date: str, ids: Ids) -> int:
    """Turn runs into a tracked deletion followed by a tracked insertion of text; the revisions made."""
    made = 0
    for run in runs:
        deletion = run.makeelement(DEL, {W + "id": str(next(ids)), W + "author": author, W + "date": date})
        run.addprevious(deletion)
        deletion.append(run)
        for t in run.iter(T):
            t.tag = DEL_TEXT
            t.set(_XML_SPACE, "preserve")
        made += 1
    if text:
        last = runs[-1].getparent()
        insertion = last.makeelement(INS, {W + "id": str(next(ids)), W + "author": author, W + "date": date})
        run = insertion.makeelement(R, {})
        rpr = runs[0].find(RPR)
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        t = run.makeelement(T, {_XML_SPACE: "preserve"})
        t.text = text
        run.append(t)
        insertion.append(run)
        last.addnext(insertion)
        made += 1
    return made
