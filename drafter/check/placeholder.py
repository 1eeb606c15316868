"""Placeholders left in the text: XX, ××, X月X日, 某某, *区, 〔待补：…〕, {{ 模板变量 }}."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from drafter.bank.model import PLACEHOLDER_RE
from drafter.check.model import CheckedText, Finding

# Template code: {{ … }}, {% … %}, {# … #}.  Each looks for its close only up to the
# next opener of its kind (the code nearest its close is what is reported): looking to
# the passage's end from every opener, 40,000 unclosed {{ had kept check (and export,
# which checks first) busy past a minute (fuzz pass B, stop 67).
_TEMPLATE_RE = re.compile(r"\{\{(?:(?!\{\{).)*?\}\}|\{%(?:(?!\{%).)*?%\}|\{#(?:(?!\{#).)*?#\}")
# A gap opened and never closed (〔待补：讲话人 同志将作重要讲话…): no 〕 before the next
# 〔 or the passage's end.  Linear: the run stops at the first bracket.
_UNCLOSED_GAP_RE = re.compile(r"〔待补[^〔〕]*(?=〔|$)")


def check(text: CheckedText, **_: object) -> Iterator[Finding]:
    bare = _bare_heads(text)
    for passage in text.passages:
        if passage.marker and passage.level and not passage.heading.strip():
            # A heading added and never written (or emptied): exported, it is a number
            # alone on its line.
            yield Finding("placeholder.empty_heading", "placeholder", "error",
                          f"heading {passage.marker} has no text",
                          text.locate(passage, 0),
                          suggestion="write the heading, or delete the part",
                          excerpt=passage.marker)
        if passage.number in bare and passage.heading.strip():
            # A point named and never made: a judge found a stale head with no body, and
            # 五要 points with none, and check had said nothing.
            yield Finding("placeholder.bare_point", "placeholder", "warning",
                          f"heading {passage.marker}{passage.heading[:20]} has nothing "
                          "under it", text.locate(passage, 0),
                          suggestion="write the point out, or delete the heading",
                          excerpt=passage.heading[:40])
        for match in PLACEHOLDER_RE.finditer(passage.text):
            found = match.group()
            label = found[4:-1] if found.startswith("〔待补") else ""
            yield Finding("placeholder.unfilled", "placeholder", "error",
                          f"unfilled placeholder {found}" + (f" ({label})" if label else ""),
                          text.locate(passage, match.start()),
                          # (A gap asks for material, not a name: judge 162 read "fill in
                          # the real name" under 〔待补：…的具体做法〕.)
                          suggestion=(f"write what it asks for ({label}), or delete it"
                                      if label else "fill in the real name, date or place"),
                          excerpt=found)
        for match in _UNCLOSED_GAP_RE.finditer(passage.text):
            # (Unreported, it passed check and export --strict: fuzz pass 45 n3.)
            yield Finding("placeholder.unfilled", "placeholder", "error",
                          f"unfilled placeholder, never closed: {match.group()[:30]}",
                          text.locate(passage, match.start()),
                          suggestion="write what it asks for, or delete it",
                          excerpt=match.group()[:30])
        for match in _TEMPLATE_RE.finditer(passage.text):
            yield Finding("placeholder.template", "placeholder", "error",
                          f"template code left in the text: {match.group()}",
                          text.locate(passage, match.start()), excerpt=match.group())


def _bare_heads(text: CheckedText) -> set[int]:
    """The numbers of the heads nothing stands under: the next passage of the body is a
    head of their own level or above (二、 straight after 一、, （二） after （一）), or
    there is none."""
    body = text.body()
    return {passage.number for passage, after in pairwise([*body, None])
            if passage.role == "heading"
            and (after is None or (after.role == "heading" and after.level <= passage.level))}
