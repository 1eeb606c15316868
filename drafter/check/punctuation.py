"""Punctuation: half-width marks inside Chinese, unbalanced quotes and brackets, and
mixed numbering styles at one level (一、 beside 1、), and paragraphs that stop
mid-sentence (on ，or ；)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafter.check.model import CheckedText, Finding
from drafter.text.chars import HALF_PUNCT_RE, HALF_TO_FULL

_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "「": "」"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_ARABIC_DUN_RE = re.compile(r"^\d+、")
# Marks that go on to another clause; a paragraph ending on one stops mid-sentence (a
# colon may introduce what follows, and stays out).
_MID_SENTENCE = frozenset("，；、,;")


def check(text: CheckedText, **_: object) -> Iterator[Finding]:
    for passage in text.passages:
        for match in HALF_PUNCT_RE.finditer(passage.text):
            mark = match.group()
            yield Finding("punctuation.half-width", "punctuation", "warning",
                          f"half-width {mark!r} in Chinese text",
                          text.locate(passage, match.start()),
                          suggestion=f"use {HALF_TO_FULL[mark]}", excerpt=mark)
        yield from _balance(text, passage)
    for group in text.siblings:
        yield from _out_of_order(text, group)
        styles = {_style(p.marker) for p in group if p.marker}
        if len(styles) > 1:
            first = group[0]
            yield Finding("punctuation.mixed-markers", "punctuation", "warning",
                          "sibling heads are numbered in different styles: "
                          + " / ".join(p.marker for p in group if p.marker),
                          text.locate(first), suggestion="number one level one way")
    for passage in text.passages:
        if passage.role == "paragraph" and (end := passage.text.rstrip()[-1:]) in _MID_SENTENCE:
            # A clause taken from a suggestion ends on its ；(…拉得出、用得上、打得赢；):
            # the paragraph stops mid-sentence, and no check had said so (new user 42).
            yield Finding("punctuation.unfinished", "punctuation", "warning",
                          f"the paragraph ends on {end}: a sentence left unfinished",
                          text.locate(passage, len(passage.text.rstrip()) - 1),
                          suggestion="end it with 。 or finish the sentence",
                          excerpt=passage.text.rstrip()[-12:])
        if passage.marker and _ARABIC_DUN_RE.match(passage.marker):
            yield Finding("punctuation.arabic-dun", "punctuation", "warning",
                          f"{passage.marker} uses 、 after an Arabic numeral",
                          text.locate(passage),
                          suggestion=passage.marker.replace("、", "."))


def _out_of_order(text: CheckedText, group) -> Iterator[Finding]:
    """Sibling heads of one style whose numbers do not run 1, 2, 3 … (一、 一、 一、 or
    一、 三、 二、): a heading moved or copied and not renumbered.  The checks had said
    nothing of either (fuzz pass 41, F18).  首先/其次/最后 and mixed styles are left to
    the mixed-markers finding."""
    from drafter.corpus.headings import match_marker

    numbered = [(p, m) for p in group if p.marker
                and (m := match_marker(p.marker + "。")) is not None]
    if len(numbered) < 2 or len({m.family for _, m in numbered}) > 1 or (
            numbered[0][1].family == "sequence"):
        return
    numbers = [m.number for _, m in numbered]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        first = numbered[0][0]
        yield Finding("punctuation.numbering", "punctuation", "warning",
                      "sibling heads are numbered " + " ".join(p.marker for p, _ in numbered)
                      + ": not one after another",
                      text.locate(first), suggestion="number them in order")


def _style(marker: str) -> str:
    return re.sub(r"[一二三四五六七八九十百]+", "一", re.sub(r"\d+", "1", marker))


def _balance(text: CheckedText, passage) -> Iterator[Finding]:
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(passage.text):
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            else:
                yield Finding("punctuation.unbalanced", "punctuation", "error",
                              f"{ch} closes nothing", text.locate(passage, i),
                              suggestion=f"add the opening {_CLOSERS[ch]} or remove {ch}",
                              excerpt=passage.text[max(0, i - 8):i + 1])
    for ch, i in stack:
        yield Finding("punctuation.unbalanced", "punctuation", "error",
                      f"{ch} is never closed", text.locate(passage, i),
                      suggestion=f"close it with {_PAIRS[ch]}",
                      excerpt=passage.text[i:i + 12])
