"""What the checks look at and what they report.

Every check sees the same `CheckedText`: the speech as numbered passages (title, heads,
paragraphs) with, for drafts, the outline node each passage belongs to; it returns
`Finding`s located by node path and/or paragraph number and character offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Location:
    paragraph: int  # 1-based number of the passage in reading order
    offset: int = 0  # character offset inside it
    node: tuple[int, ...] | None = None  # the outline node, for drafts
    heading: str = ""  # the heading path above it, as a reader finds it

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"paragraph": self.paragraph, "offset": self.offset}
        if self.node is not None:
            out["node"] = ".".join(str(i + 1) for i in self.node)
        if self.heading:
            out["heading"] = self.heading
        return out

    def describe(self) -> str:
        where = f"¶{self.paragraph}:{self.offset}"
        if self.heading:
            where += f" ({self.heading})"
        return where


@dataclass(frozen=True)
class Finding:
    rule: str  # e.g. placeholder.xx, stale.two-firmly, quote.near
    category: str  # placeholder, stale, quote, repetition, overlap, parallelism, …
    severity: str
    message: str
    location: Location
    suggestion: str = ""
    excerpt: str = ""  # the text found

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "category": self.category,
                               "severity": self.severity, "message": self.message,
                               "location": self.location.to_dict()}
        if self.suggestion:
            out["suggestion"] = self.suggestion
        if self.excerpt:
            out["excerpt"] = self.excerpt
        return out


@dataclass(frozen=True)
class Passage:
    number: int  # 1-based, reading order
    role: str  # title, subtitle, byline, date, salutation, heading, paragraph
    text: str
    level: int = 0  # heading level (or the level of the run-in head opening it)
    marker: str = ""  # the heading's number (一、 （二） 1.) when known
    heading: str = ""  # the heading text without its marker
    node: tuple[int, ...] | None = None
    path: str = ""  # headings above, 一、… › （二）…
    sources: tuple[str, ...] = ()  # corpus files of the phrase this passage reuses


@dataclass
class CheckedText:
    """The speech under check, whatever file it came from."""

    passages: list[Passage]
    date: str = ""  # the speech's own date (for stale rules), as printed
    source: str = ""  # file name
    siblings: list[list[Passage]] = field(default_factory=list)  # heads that are siblings
    parts: list[tuple[Passage, list[Passage]]] = field(default_factory=list)  # top heads
    notices: list[str] = field(default_factory=list)  # what reading the file said

    def locate(self, passage: Passage, offset: int = 0) -> Location:
        return Location(passage.number, offset, passage.node, passage.path)

    def body(self) -> list[Passage]:
        return [p for p in self.passages if p.role in ("paragraph", "heading")]
