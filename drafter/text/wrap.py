"""Wrapping Chinese text to a terminal width, the way Chinese is set on paper.

Terminals draw Chinese characters two cells wide; a line must not begin with closing
punctuation (，。、）” …) nor end with an opening one (（“《 …).  Textual's own wrapping
knows the widths but not these rules, so previews are wrapped here first.
"""

from __future__ import annotations

import unicodedata

NO_LINE_START = set("，。、；：？！）】》〉」』”’…—·%‰")
NO_LINE_END = set("（【《〈「『“‘")


def cell_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells (one more cell only when a
    closing mark would otherwise start a line and cannot be moved back)."""
    width = max(width, 4)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for ch in paragraph:
            w = cell_width(ch)
            if used + w > width and line:
                carry: list[str] = []
                if ch in NO_LINE_START:
                    # Take the characters before it down too, back to one that may
                    # start a line (”。 needs the character before the quote).
                    while len(line) > 1 and (not carry or carry[0] in NO_LINE_START):
                        carry.insert(0, line.pop())
                while len(line) > 1 and line[-1] in NO_LINE_END:
                    carry.insert(0, line.pop())
                lines.append("".join(line))
                line = carry
                used = sum(cell_width(c) for c in line)
            line.append(ch)
            used += w
        lines.append("".join(line))
    return lines
