"""Read what a .docx says about its comments and revisions straight from the XML (no python-docx API
returns a comment's anchor): shared by the annotate and reader tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name), etree.XMLParser(resolve_entities=False, no_network=True))


def anchored(path: Path, deleted: bool = False) -> dict[str, str]:
    """comment id → the text between its commentRangeStart and commentRangeEnd, paragraphs joined
    by "\\n". The accepted text by default; with deleted, the original (w:delText in, w:ins out)."""
    out: dict[str, list[str]] = {}
    open_ids: list[str] = []
    skip = 0
    for event, el in etree.iterwalk(part(path, "word/document.xml"), events=("start", "end")):
        tag = el.tag
        hidden = tag == MC_FALLBACK or (tag == W + "ins" and deleted) or (tag == W + "del" and not deleted)
        if hidden:
            skip += 1 if event == "start" else -1
            continue
        if skip or event != ("end" if tag == W + "p" else "start"):
            continue
        if tag == W + "commentRangeStart":
            open_ids.append(el.get(W + "id"))
            out.setdefault(el.get(W + "id"), [])
        elif tag == W + "commentRangeEnd":
            open_ids.remove(el.get(W + "id"))
        elif tag in (W + "t", W + "delText") and (tag == W + "t" or deleted):
            for i in open_ids:
                out[i].append(el.text or "")
        elif tag == W + "tab":
            for i in open_ids:
                out[i].append("\t")
        elif tag == W + "p":
            for i in open_ids:
                out[i].append("\n")
    return {i: "".join(parts) for i, parts in out.items()}


def comments(path: Path) -> dict[str, tuple[str, str]]:
    """comment id → (author, text with paragraphs joined by "\\n"), in the part's order."""
    root = part(path, "word/comments.xml")
    return {
        c.get(W + "id"): (c.get(W + "author"), "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in c.iter(W + "p")))
        for c in root.iter(W + "comment")
    }
