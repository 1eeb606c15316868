"""A speech read from a file, as a draft: one tree for what drafter reads and writes.

``drafter export SPEECH.docx -o OUT.docx`` (一键排版) and the checks read a speech the
writer already has through the same parser that mining uses, then hand it on as a
Draft: title, speaker, date and salutation; the opening before the first heading; the
headings with their numbering; their paragraphs; the closing.  A heading keeps the
numbering style it was written in (一、 （一） 1. 一要 第一个方面，), level by level.
"""

from __future__ import annotations

import os

from drafter.corpus.model import Document, Section
from drafter.draft.model import Draft, Item, Node
from drafter.draft.numbering import STYLES

_LARGEST_NUMBER = 40  # markers numbered past this are read as unnumbered


def style_of_marker(marker: str | None) -> str:
    """The numbering style a written marker belongs to (（三） → （一）); '' when none."""
    text = (marker or "").strip()
    if not text:
        return ""
    for key, style in STYLES.items():
        if key and any(style.format(n) == text for n in range(1, _LARGEST_NUMBER + 1)):
            return key
    return ""


def draft_from_document(document: Document) -> Draft:
    """The draft of a parsed speech: everything it says, in its reading order."""
    styles: dict[int, str] = {}

    def node(section: Section, level: int) -> Node:
        styles.setdefault(level, style_of_marker(section.marker))
        # A run-in head keeps its own end (一要…！), which the layout writes as it is.
        end = section.terminator if section.terminator in ("！", "？", "：") else ""
        return Node(heading=section.heading + end, level=level, marker=section.marker or "",
                    run_in=section.run_in,
                    items=[Item(p.text, "paragraph") for p in section.paragraphs],
                    children=[node(child, level + 1) for child in section.children])

    body = [node(section, 1) for section in document.sections]
    draft = Draft(template="", mode="full", title=document.title or "",
                  subtitle=document.subtitle or "", byline=document.speaker or "",
                  date=document.date or "", salutation=document.salutation or "",
                  markers=[styles[level] for level in sorted(styles)],
                  opening=[Item(p.text, "prose") for p in document.preamble],
                  body=body, closing=[Item(p.text, "prose") for p in document.closing or ()])
    draft.renumber()
    return draft


def load_speech(path: str | os.PathLike[str]) -> Draft:
    """Read a speech file (.txt, .md, .docx) as a draft; UnreadableFile names why not."""
    from drafter.corpus.parse import load_document

    return draft_from_document(load_document(path))
