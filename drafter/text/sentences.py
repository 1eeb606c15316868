"""Quote-aware sentence splitting for Chinese prose.

``…指出，“……。”`` stays one sentence: a full stop inside quotation marks or brackets
does not end the sentence; the sentence ends after the closing mark instead.  The
splitter walks only the punctuation it cares about (found by one regex), so it costs
about the same as a single ``re.finditer`` over the text.
"""

from __future__ import annotations

import re

_OPENERS = {"“": "”", "‘": "’", "《": "》", "（": "）", "「": "」", "『": "』", "【": "】"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_ENDERS = "。！？!?…"
# Marks that may trail a sentence end and belong to it: closing quotes/brackets.
_TRAILING = "”’」』）》】"
_TOKEN_RE = re.compile("[。！？!?…“”‘’《》（）「」『』【】]")

# A quotation that never closes must not swallow the rest of the paragraph.
_MAX_OPEN_SPAN = 400


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence does (。！？… before any closing marks)."""
    return text.rstrip().rstrip(_TRAILING).endswith(tuple(_ENDERS))


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; quotes and brackets keep their full stops."""
    text = text.strip()
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    stack: list[tuple[str, int]] = []  # (expected closer, position of opener)
    n = len(text)
    for m in _TOKEN_RE.finditer(text):
        i = m.start()
        if i < start:
            continue  # consumed as part of a trailing run
        ch = m.group()
        if stack and i - stack[-1][1] > _MAX_OPEN_SPAN:
            stack.clear()  # an unbalanced quote: stop honouring it
        if ch in _OPENERS:
            stack.append((_OPENERS[ch], i))
            continue
        if ch in _CLOSERS:
            # Pop up to the matching opener (tolerates one missing closer inside).
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    del stack[depth:]
                    break
            continue
        # A sentence ender.
        if stack:
            # Inside a quote: the sentence may end right after the quote closes.
            j = i + 1
            while j < n and text[j] in _ENDERS:
                j += 1
            k = j
            closed = list(stack)
            while k < n and text[k] in _TRAILING and closed and closed[-1][0] == text[k]:
                closed.pop()
                k += 1
            if k > j and not closed:
                # “……。” closes every open mark: the sentence ends after the quote,
                # unless the text goes straight on with a comma-like continuation.
                if k >= n or text[k] not in "，、；：,;:":
                    sentences.append(text[start:k])
                    start = k
                    stack.clear()
            continue
        j = i + 1
        while j < n and (text[j] in _ENDERS or text[j] in _TRAILING):
            j += 1
        sentences.append(text[start:j])
        start = j
    if start < n:
        sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]
