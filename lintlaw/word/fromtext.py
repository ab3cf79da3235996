"""Turn a draft's text (a .txt, .md, .html or .pdf read by lintlaw) into a new Word document, one
paragraph per line, so that any draft can be sent back with comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from docx.document import Document

# Characters XML 1.0 cannot hold (form feeds from PDF extraction, stray controls): shown as a space,
# so every character keeps its column.
_NOT_XML = regex.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def document_of(text: str) -> Document:
    """A python-docx Document on A4 with one paragraph per line of text (one run each), in 宋体."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as GB/T 9704 prints official documents
    normal = document.styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "宋体")
    for line in text.split("\n"):
        paragraph = document.add_paragraph()
        if line:
            paragraph.add_run(_NOT_XML.sub(" ", line))
    return document
