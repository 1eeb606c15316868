"""Length against a target speaking time, and badly unbalanced parts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafter.check.model import CheckedText, Finding
from drafter.text.chars import speech_characters as characters
from drafter.text.numerals import chinese_to_int, int_to_chinese

TOLERANCE = 0.15  # ±15% of the target is on time
# 下面，我讲三点意见 / 从三个方面谈 / 谈两个方面的想法: the number of parts the opening promises.
_ANNOUNCE_RE = re.compile(r"(?:讲|谈|从|提)([两二三四五六七八九十]|\d)(?:点|个方面)")


def _announced_parts(text: CheckedText) -> Iterator[Finding]:
    """The opening promises 三点意见 but the speech has four parts (or two)."""
    if not text.parts:
        return
    first_head = text.parts[0][0].number
    for passage in text.passages:
        if passage.number >= first_head:
            break
        match = _ANNOUNCE_RE.search(passage.text)
        if not match:
            continue
        word = match.group(1)
        promised = int(word) if word.isdigit() else chinese_to_int(word.replace("两", "二"))
        if promised and promised != len(text.parts):
            yield Finding("length.announced-parts", "length", "warning",
                          f"the opening promises {promised} parts; the speech has "
                          f"{len(text.parts)}", text.locate(passage, match.start()),
                          suggestion=f"say {_count(len(text.parts))}"
                                     f"{'点' if '点' in match.group() else '个方面'}",
                          excerpt=match.group())


def _count(n: int) -> str:
    return "两" if n == 2 else int_to_chinese(n)  # 两点意见, not 二点


def check(text: CheckedText, target_minutes: float | None = None, chars_per_minute: int = 220,
          **_: object) -> Iterator[Finding]:
    # Every passage, as the draft's own length (Draft.text_length) counts it: the
    # writer sees one number in the status line and in this check.
    total = sum(characters(p.text) for p in text.passages)
    minutes = total / chars_per_minute
    first = text.passages[0] if text.passages else None
    if first is None:
        return
    if target_minutes:
        target = target_minutes * chars_per_minute
        if abs(total - target) > TOLERANCE * target:
            verb = "long" if total > target else "short"
            yield Finding(f"length.too-{verb}", "length", "warning",
                          f"{total} characters ≈ {minutes:.1f} minutes at {chars_per_minute}/min;"
                          f" the target is {target_minutes:g} minutes (≈{target:.0f})",
                          text.locate(first),
                          suggestion=f"{'cut' if verb == 'long' else 'add'} about "
                                     f"{abs(total - target):.0f} characters")
    else:
        yield Finding("length.total", "length", "info",
                      f"{total} characters ≈ {minutes:.1f} minutes at {chars_per_minute}/min",
                      text.locate(first))
    yield from _announced_parts(text)
    sizes = [(head, sum(characters(p.text) for p in members)) for head, members in text.parts]
    if len(sizes) >= 2:
        mean = sum(s for _, s in sizes) / len(sizes)
        for head, size in sizes:
            if mean and (size < 0.4 * mean or size > 2.2 * mean):
                yield Finding("length.unbalanced", "length", "warning",
                              f"part of {size} characters against an average of {mean:.0f}",
                              text.locate(head),
                              suggestion="balance the parts, or merge or split this one",
                              excerpt=head.text)
