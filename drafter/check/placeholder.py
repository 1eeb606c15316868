"""Placeholders left in the text: XX, ××, X月X日, 某某, *区, 〔待补：…〕, {{ 模板变量 }}."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafter.bank.model import PLACEHOLDER_RE
from drafter.check.model import CheckedText, Finding

_TEMPLATE_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def check(text: CheckedText, **_: object) -> Iterator[Finding]:
    for passage in text.passages:
        if passage.marker and passage.level and not passage.heading.strip():
            # A heading added and never written (or emptied): exported, it is a number
            # alone on its line.
            yield Finding("placeholder.empty_heading", "placeholder", "error",
                          f"heading {passage.marker} has no text",
                          text.locate(passage, 0),
                          suggestion="write the heading, or delete the part",
                          excerpt=passage.marker)
        for match in PLACEHOLDER_RE.finditer(passage.text):
            found = match.group()
            label = found[4:-1] if found.startswith("〔待补") else ""
            yield Finding("placeholder.unfilled", "placeholder", "error",
                          f"unfilled placeholder {found}" + (f" ({label})" if label else ""),
                          text.locate(passage, match.start()),
                          suggestion="fill in the real name, date or place", excerpt=found)
        for match in _TEMPLATE_RE.finditer(passage.text):
            yield Finding("placeholder.template", "placeholder", "error",
                          f"template code left in the text: {match.group()}",
                          text.locate(passage, match.start()), excerpt=match.group())
