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

from drafter.corpus.headings import match_marker

_LIST_RUN_RE = re.compile(r"[^，。；：！？“”（）]+")
_DIGIT_RE = re.compile(r"\d")


def shared_frame(members: list[str]) -> str:
    """The frame sibling headings share, with their differences as slots:
    突出政治性，以正确的方向引领组织工作 / 突出系统性，以科学的举措推进组织工作 →
    突出{X}性，以{Y}的{Z}组织工作.  Empty when they share too little to be a set."""
    base = members[0]
    keep = [True] * len(base)
    for other in members[1:]:
        keep = [k and m for k, m in zip(keep, _matched(base, other), strict=True)]
    return _frame(base, keep)


def frames_leaving_each_out(members: list[str]) -> list[str]:
    """shared_frame(members without member k), for every k, in a number of comparisons
    linear in the number of members: each member is matched once against the first
    (or, leaving the first out, the second), and what the others keep is put together
    from running totals on either side of k.  Asked one by one, 4,000 sibling heads
    in a draft had taken over two minutes to check."""
    n = len(members)
    if n < 2:
        return [""] * n
    out = [shared_frame(members[1:])]
    base = members[0]
    matched = [_matched(base, other) for other in members[1:]]
    # before[i]: positions of base every member 1..i keeps; after[i]: i..n-1.
    everywhere = [True] * len(base)
    before = [everywhere]
    for row in matched:
        before.append([a and b for a, b in zip(before[-1], row, strict=True)])
    after = [everywhere] * (n + 1)
    for i in range(n - 1, 0, -1):
        after[i] = [a and b for a, b in zip(after[i + 1], matched[i - 1], strict=True)]
    for k in range(1, n):
        keep = [a and b for a, b in zip(before[k - 1], after[k + 1], strict=True)]
        out.append(_frame(base, keep))
    return out


def _matched(base: str, other: str) -> list[bool]:
    """Which characters of ``base`` ``other`` shares, in order (difflib's blocks)."""
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    matched = [False] * len(base)
    for block in matcher.get_matching_blocks():
        for i in range(block.a, block.a + block.size):
            matched[i] = True
    return matched


def _frame(base: str, keep: list[bool]) -> str:
    """``base`` with the characters not kept as slots; empty when too little is kept."""
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
    characters, no figures) that share a frame: (items, frame).

    The ends of a list are where it goes wrong: the first item carries the words that
    lead into the list (要扎实推进去产能…), the last the ones that lead out of it or a
    last member joined by 和 (…文化生活和社会生活).  A lead-in verb is taken off the
    first; a last 和 splits into two members; an end that cannot be told apart is left
    out rather than cut in the wrong place."""
    for m in _LIST_RUN_RE.finditer(text):
        items = m.group().split("、")
        if len(items) < 3:
            continue
        inner = items[1:-1] or items[1:]
        size = max(set(map(len, inner)), key=[len(i) for i in inner].count)
        first = _first_member(items[0], size, items[1:])
        last = _last_members(items[-1], size, items[:-1])
        if not first or not last:
            continue  # an end that cannot be told: a set with a member missing misquotes
        members = [*first, *items[1:-1], *last]
        lengths = [len(i) for i in members]
        if min(lengths) < 3 or max(lengths) > 12 or len(set(members)) != len(members):
            continue
        if max(lengths) - min(lengths) > 2 or any(_DIGIT_RE.search(i) for i in members):
            continue
        if any("们" in i or i.startswith("关于") or match_marker(i) for i in members):
            continue  # 女士们、先生们、朋友们 is a salutation; （１）关于… an outline
        frame = item_frame(members)
        # A frame that only shares an ending (基础学科、新兴学科、交叉学科; 图书馆、博物馆)
        # lists kinds of one thing; a 排比 repeats its opening (去产能、去库存; 以开放纾…、
        # 以开放汇…) or more than a last word.
        if frame and (not frame.startswith("{") or _frame_words(frame) >= 2) \
                and not _plain_nouns(members, frame):
            yield members, frame


# Words that lead into a list: 要扎实推进|去产能、去库存…
_LEAD_IN_RE = re.compile(
    r"^(?:要|还要|必须|进一步|扎实|深入|大力|积极|全面|着力|加快|坚持|推进|推动|实施|实行|抓好|"
    r"做好|实现|促进|深化|落实|开展|加强|突出|围绕|包括|即|是|为|以及|和|等|增强|提高|提升|培养|"
    r"树立|强化|健全|完善|构建|打造|发挥|保持|发扬|弘扬|丰富|坚定|做到|形成|建设|发展)+")
_JOIN_RE = re.compile(r"和|与|及|以及|同")
_TAIL_RE = re.compile(r"(?:的|等|等等|方面|领域|工作|问题|制度|体系|机制|建设|设施|水平|能力)$")
_TOLERANCE = 2  # characters an end member may differ from the others


def _frame_words(frame: str) -> int:
    """How many separate runs of fixed characters a frame has (以开放{X}之{Y}: 2)."""
    return len([part for part in re.split(r"\{[A-Z]\}", frame) if part])


def _first_member(item: str, size: int, rest: list[str]) -> list[str]:
    """The first member without the words that lead into the list: a lead-in verb the
    other members do not share (推动X、推动Y keeps its 推动), or whatever stands before
    a 的 (丰富人民的政治生活 → 政治生活)."""
    lead = _LEAD_IN_RE.match(item)
    if lead and all(r.startswith(lead.group()) for r in rest):
        lead = None  # every member opens so (推动高质量发展、推动高水平开放): the frame's
    if lead:
        stripped = item[lead.end():]
        if len(stripped) in {len(r) for r in rest}:
            return [stripped]
    if len(item) > size and item[-size - 1] in "的之":
        return [item[-size:]]
    # Longer than the others: something that governs the whole set is glued to it (这是
    # 世界之变、时代之变 …); it is left out rather than cut at a guess.
    return [item] if len(item) <= max(len(r) for r in rest) and not lead else []


def _last_members(item: str, size: int, rest: list[str]) -> list[str]:
    """The last member, or the last two when 和 joins them; nothing when its end cannot
    be told (…底线思维能力，… would otherwise be cut in the wrong place).  A word that
    leads out of the list (…生育保险制度) goes when the other members lack it."""
    tail = _TAIL_RE.search(item)
    if tail and not any(r.endswith(tail.group()) for r in rest):
        item = item[:tail.start()]
    for joint in _JOIN_RE.finditer(item):
        left, right = item[:joint.start()], item[joint.end():]
        if abs(len(left) - size) <= _TOLERANCE and abs(len(right) - size) <= _TOLERANCE:
            return [left, right]
    return [item] if len(item) <= max(len(r) for r in rest) else []


def _plain_nouns(members: list[str], frame: str) -> bool:
    """A list of things (图书馆、博物馆、文化馆) rather than a 排比: every member a
    dictionary noun, held together by one shared character."""
    from drafter.text.wordtags import word_tags

    fixed = len(re.sub(r"\{[A-Z]\}", "", frame))
    tags = word_tags()
    return fixed <= 1 and all(tags.get(m) in ("n", "nz", "ns", "nt", "nr") for m in members)


def enumeration_set(items: list[str]) -> tuple[list[str], str] | None:
    """An enumeration's items as a parallel set, when their heads share a frame: the
    head is each item's first clause (一是全面清理规范政府性基金，… → 全面清理规范政府性基金)."""
    heads = [re.split(r"[，。；：]", item, maxsplit=1)[0] for item in items]
    heads = [h for h in heads if 4 <= len(h) <= 30]
    if len(heads) < 3 or len(heads) != len(items) or len(set(heads)) != len(heads):
        return None  # too few, too long, or the same words again (面向未来；面向未来…)
    frame = set_frame(heads)
    return (heads, frame) if frame else None


def set_frame(heads: list[str]) -> str:
    """The frame of a set of heads or sentences when it is a 排比's: the members open
    or end alike (突出政治性，… / 突出系统性，…) — a few characters in common scattered
    through unrelated sentences are not one (就业是民生之本；发展经济的根本目的是…) — and
    they are not an outline of topics (关于…问题；关于…问题)."""
    if any(h.startswith("关于") for h in heads):
        return ""
    frame = shared_frame(heads)
    if not frame or (frame.startswith("{") and frame.endswith("}")):
        return ""
    return frame
