"""Make a span of a laid-out line start and end on run boundaries (splitting runs, keeping their
formatting) and give the first and last w:r that cover it."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from lintlaw.readers.docx_layout import CHARS, Line, R, T
from lintlaw.readers.docx_numbering import W

if TYPE_CHECKING:
    from lxml.etree import _Element

RPR = W + "rPr"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class LineRuns:
    """The mapped pieces of one line as [start, length, node] entries, kept true while runs are split."""

    def __init__(self, line: Line):
        self.entries: list[list[Any]] = [
            [p.start, len(p.text), p.node] for p in line.pieces
            if p.node is not None and p.node.getparent() is not None and p.node.getparent().tag == R
        ]

    def mapped(self) -> bool:
        return bool(self.entries)

    def _at(self, offset: int) -> int | None:
        """Index of the first entry that ends after offset."""
        for i, (start, length, _) in enumerate(self.entries):
            if start + length > offset:
                return i
        return None

    def boundary(self, offset: int) -> None:
        """Split so that the character at offset opens a run (nothing to do at a run's start)."""
        i = self._at(offset)
        if i is None:
            return
        start, length, node = self.entries[i]
        if offset > start:
            new = _split_text(node, offset - start)
            self.entries[i][1] = offset - start
            self.entries.insert(i + 1, [offset, start + length - offset, new])
            node = new
        _split_run_before(node)

    def runs(self, a: int, b: int) -> tuple[Any, Any] | None:
        """(first w:r, last w:r) covering the mapped characters of [a, b), after splitting at a and b."""
        inside = [e for e in self.entries if e[0] < b and e[0] + e[1] > a]
        if not inside:
            return None
        a, b = max(a, inside[0][0]), min(b, inside[-1][0] + inside[-1][1])
        self.boundary(a)
        self.boundary(b)
        inside = [e for e in self.entries if e[0] < b and e[0] + e[1] > a]
        return inside[0][2].getparent(), inside[-1][2].getparent()

    def covered(self, a: int, b: int) -> str:
        """The characters of [a, b) that runs show (what a comment over [a, b) highlights)."""
        out = []
        for start, length, node in self.entries:
            lo, hi = max(a, start), min(b, start + length)
            if lo < hi:
                out.append((node.text if node.tag == T else CHARS.get(node.tag, ""))[lo - start : hi - start])
        return "".join(out)

    def whole(self) -> tuple[int, int]:
        return self.entries[0][0], self.entries[-1][0] + self.entries[-1][1]


def _split_text(t: _Element, k: int) -> _Element:
    """Cut w:t after k characters; the rest goes into a new w:t right after it. Returns the new w:t."""
    text = t.text or ""
    new = t.makeelement(t.tag, dict(t.attrib))
    for el, part in ((t, text[:k]), (new, text[k:])):
        el.text = part
        if part != part.strip():
            el.set(_XML_SPACE, "preserve")
    t.addnext(new)
    return new


def _split_run_before(node: _Element) -> None:
    """Move node and what follows it in its run into a new run with the same properties."""
    run = node.getparent()
    assert run is not None, "a piece of a line always sits in its w:r"
    content = [c for c in run if c.tag != RPR]
    if not content or content[0] is node:
        return
    new_run = run.makeelement(R, dict(run.attrib))
    rpr = run.find(RPR)
    if rpr is not None:
        new_run.append(copy.deepcopy(rpr))
    moving = [node, *node.itersiblings()]
    for el in moving:
        new_run.append(el)  # lxml moves the element
    run.addnext(new_run)
