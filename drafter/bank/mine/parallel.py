"""Parallel sets (排比组): members built on one frame, kept together.

Found in four places:

- sibling headings (突出政治性，以… / 突出系统性，以…);
- an enumeration inside a paragraph (一是… 二是… 三是…) whose items share a frame;
- a run of paragraphs opened by a dash (——中国将推动…；——中国将推动…);
- a list inside a sentence: three or more items of about one length that share a
  frame (去产能、去库存、去杠杆、降成本、补短板; 以开放纾发展之困、以开放汇合作之力…).

The shared frame is written with its slots: 突出{X}性，以{Y}的{Z}组织工作.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

_LIST_RUN_RE = re.compile(r"[^，。；：！？“”（）]+")
_DIGIT_RE = re.compile(r"\d")


def shared_frame(members: list[str]) -> str:
    """The frame sibling headings share, with their differences as slots:
    突出政治性，以正确的方向引领组织工作 / 突出系统性，以科学的举措推进组织工作 →
    突出{X}性，以{Y}的{Z}组织工作.  Empty when they share too little to be a set."""
    base = members[0]
    keep = [True] * len(base)
    for other in members[1:]:
        matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
        matched = [False] * len(base)
        for block in matcher.get_matching_blocks():
            for i in range(block.a, block.a + block.size):
                matched[i] = True
        keep = [k and m for k, m in zip(keep, matched, strict=True)]
    if sum(keep) < 2 or sum(keep) < 0.25 * len(base):
        return ""
    slots = "XYZWUV"
    out: list[str] = []
    slot = 0
    for ch, kept in zip(base, keep, strict=True):
        if kept:
            out.append(ch)
        elif not out or not out[-1].startswith("{"):
            out.append("{" + slots[min(slot, len(slots) - 1)] + "}")
            slot += 1
    return "".join(out)


def item_frame(items: list[str]) -> str:
    """The frame of short list items: a shared frame, or, for items of one length whose
    first or last character most of them share, that character with a slot
    (去产能、去库存、去杠杆、降成本、补短板 → 去{X})."""
    frame = shared_frame(items)
    if frame:
        return frame
    for position, make in ((0, lambda ch: ch + "{X}"), (-1, lambda ch: "{X}" + ch)):
        chars = [item[position] for item in items]
        common = max(set(chars), key=chars.count)
        if chars.count(common) >= max(3, (len(items) + 1) // 2):
            return make(common)
    return ""


def inline_lists(text: str) -> Iterator[tuple[list[str], str]]:
    """Lists of three or more 、-separated items of nearly one length (3 to 12
    characters, no figures) that share a frame: (items, frame)."""
    for m in _LIST_RUN_RE.finditer(text):
        items = m.group().split("、")
        if len(items) < 3:
            continue
        # The first item may carry the words that introduce the list (推进去产能…):
        # take the tail of the length the others have.
        rest = items[1:]
        size = max(set(map(len, rest)), key=[len(i) for i in rest].count)
        first = items[0][-size:] if len(items[0]) > size else items[0]
        last = items[-1][:size] if len(items[-1]) > size + 2 else items[-1]
        members = [first, *items[1:-1], last]
        lengths = [len(i) for i in members]
        if min(lengths) < 3 or max(lengths) > 12:
            continue
        if max(lengths) - min(lengths) > 2 or any(_DIGIT_RE.search(i) for i in members):
            continue
        frame = item_frame(members)
        if frame:
            yield members, frame


def enumeration_set(items: list[str]) -> tuple[list[str], str] | None:
    """An enumeration's items as a parallel set, when their heads share a frame: the
    head is each item's first clause (一是全面清理规范政府性基金，… → 全面清理规范政府性基金)."""
    heads = [re.split(r"[，。；：]", item, maxsplit=1)[0] for item in items]
    heads = [h for h in heads if 4 <= len(h) <= 30]
    if len(heads) < 3 or len(heads) != len(items):
        return None
    frame = shared_frame(heads)
    return (heads, frame) if frame else None
