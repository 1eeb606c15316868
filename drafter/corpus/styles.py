"""What a word processor's styles say about a paragraph's place in a speech.

One definition for every reader of styled documents (.docx, .odt): which paragraph
style names mark a title, a subtitle or a heading level, and when the bold text a
paragraph opens with is a run-in head (一是坚持…。 followed by the paragraph's body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Word's and LibreOffice's names, English or Chinese (Heading 2, 标题 2).
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = ("title", "标题")
_SUBTITLE_STYLES = ("subtitle", "副标题")
# A run-in head ends as a sentence or a lead-in does, and is short.
_RUN_IN_HEAD_ENDS = "。！？：:"
_RUN_IN_HEAD_MAX = 80


@dataclass(frozen=True)
class StyleRole:
    heading_level: int | None = None
    is_title: bool = False
    is_subtitle: bool = False


def style_role(style_name: str) -> StyleRole:
    """What a paragraph style's name makes its paragraphs: a title, a subtitle, a
    heading of some level, or body text."""
    name = style_name.strip().lower()
    if name in _TITLE_STYLES:
        return StyleRole(is_title=True)
    if name in _SUBTITLE_STYLES:
        return StyleRole(is_subtitle=True)
    match = _HEADING_STYLE_RE.match(name)
    return StyleRole(heading_level=int(match.group(1))) if match else StyleRole()


def run_in_head(bold_lead: str, whole: str) -> str | None:
    """The bold text a paragraph opens with, when it reads as a run-in head: shorter
    than the paragraph, short, and ending as a sentence or a lead-in."""
    head = bold_lead.strip()
    if (head and len(head) < len(whole.strip()) and head[-1] in _RUN_IN_HEAD_ENDS
            and len(head) <= _RUN_IN_HEAD_MAX):
        return head
    return None
