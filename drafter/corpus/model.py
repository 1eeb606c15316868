"""The structured speech: plain dataclasses that serialise to the documented JSON."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from drafter.text.chars import is_cjk

RankedTypes = list[tuple[str, float]]


@dataclass
class Line:
    """One line of the source (a paragraph, for .docx), with structure hints."""

    text: str
    number: int  # 1-based line or paragraph number in the source
    heading_level: int | None = None  # from a .docx heading style or a Markdown '#'
    is_title: bool = False  # the .docx Title style or a lone Markdown '# '
    bold_lead: str | None = None  # a bold run-in head at the start of a .docx paragraph
    indent: bool = False  # the line was indented (a paragraph start in wrapped text)
    in_table: bool = False  # a row of a .docx table
    is_subtitle: bool = False  # the .docx Subtitle style

    def copy(self, text: str | None = None) -> Line:
        # Spelled out: dataclasses.replace costs a tenth of the cleaning time.
        return Line(self.text if text is None else text, self.number, self.heading_level,
                    self.is_title, self.bold_lead, self.indent, self.in_table, self.is_subtitle)


@dataclass
class RawDocument:
    source: str
    format: str  # "txt", "md", "docx", "odt", "pdf", "html" or "ofd" (.doc, .rtf … as docx)
    encoding: str | None
    lines: list[Line]
    warnings: list[str] = field(default_factory=list)


@dataclass
class EnumItem:
    """One item of an in-paragraph enumeration (一是… 二是…, 首先… 其次…)."""

    marker: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"marker": self.marker, "text": self.text}


@dataclass
class Paragraph:
    text: str
    sentences: list[str]
    enumeration: list[EnumItem] = field(default_factory=list)
    section_type: str | None = None
    section_types: RankedTypes | None = None
    domains: RankedTypes | None = None  # what the paragraph is about, ranked
    # A news write-up's own narration (习近平指出，… / 会议在京召开): not a speech
    # passage, though what it quotes is a quote.
    narration: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "sentences": self.sentences,
            "section_type": self.section_type,
            "section_types": _ranked(self.section_types),
            "domains": _ranked(self.domains),
        }
        if self.narration:
            out["narration"] = True
        if self.enumeration:
            out["enumeration"] = [item.to_dict() for item in self.enumeration]
        return out


@dataclass
class Section:
    """A heading and what it governs.

    ``marker`` is the numbering as written (一、 （一） 1. 一要 第一个方面 …) or None for
    unnumbered heads (bold leads, styled headings).  ``level`` is relative: 1 is the
    document's top level whatever marker it uses.  ``run_in`` is true when the heading
    is the first sentence of its paragraph rather than a line of its own.
    """

    heading: str
    level: int
    marker: str | None = None
    marker_style: str = "none"
    run_in: bool = False
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    section_type: str | None = None
    section_types: RankedTypes | None = None
    domains: RankedTypes | None = None
    # The run-in head's own end punctuation (。 or ！), kept to rebuild the paragraph.
    terminator: str = ""

    def walk(self) -> Iterator[Section]:
        """This section and those below it, depth first: the one reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def walk_with_parents(self, parent: str | None = None
                          ) -> Iterator[tuple[Section, str | None]]:
        """walk(), each section with the heading of the section holding it."""
        yield self, parent
        for child in self.children:
            yield from child.walk_with_parents(self.heading)

    def to_dict(self) -> dict[str, Any]:
        return {
            "marker": self.marker,
            "marker_style": self.marker_style,
            "level": self.level,
            "heading": self.heading,
            "run_in": self.run_in,
            "section_type": self.section_type,
            "section_types": _ranked(self.section_types),
            "domains": _ranked(self.domains),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class Removed:
    """Text the cleaner took out, kept so a maintainer can audit it."""

    reason: str
    text: str
    line: int | None = None  # 1-based line (or .docx paragraph) in the source

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "text": self.text, "line": self.line}


@dataclass
class Document:
    source: str
    format: str = "txt"
    encoding: str | None = None
    script: str = "simplified"
    # speech, report, article or news (a write-up whose paragraphs are narration)
    genre: str = "speech"
    title: str | None = None
    subtitle: str | None = None
    speaker: str | None = None
    date: str | None = None
    occasion: str | None = None
    salutation: str | None = None
    preamble: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: list[Paragraph] | None = None
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    domains: RankedTypes | None = None  # what the whole text is about, ranked

    def walk(self) -> Iterator[Section]:
        """Every section, depth first, in reading order."""
        for section in self.sections:
            yield from section.walk()

    def walk_with_parents(self) -> Iterator[tuple[Section, str | None]]:
        """walk(), each section with the heading of the section holding it."""
        for section in self.sections:
            yield from section.walk_with_parents()

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph in reading order: preamble, sections, closing."""
        yield from self.preamble
        for section in self.walk():
            yield from section.paragraphs
        yield from self.closing or ()

    def body_text(self) -> str:
        """The speech as plain text: front matter, headings and paragraphs, one a line."""
        lines = [x for x in (self.title, self.subtitle, self.speaker, self.date) if x]
        if self.salutation:
            lines.append(self.salutation)
        lines += [p.text for p in self.preamble]
        for section in self.walk():
            marker = section.marker or ""
            if marker and is_cjk(marker[-1]) and section.marker_style == "part":
                marker += " "  # 第一部分 形势任务: the separator the marker swallowed
            head = f"{marker}{section.heading}{section.terminator}"
            texts = [p.text for p in section.paragraphs]
            if section.run_in and texts:
                texts[0] = head + texts[0]
            else:
                texts.insert(0, head)
            lines += texts
        lines += [p.text for p in self.closing or ()]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding,
            "script": self.script,
            "genre": self.genre,
            "domains": _ranked(self.domains),
            "title": self.title,
            "subtitle": self.subtitle,
            "speaker": self.speaker,
            "date": self.date,
            "occasion": self.occasion,
            "salutation": self.salutation,
            "preamble": [p.to_dict() for p in self.preamble],
            "sections": [s.to_dict() for s in self.sections],
            "closing": [p.to_dict() for p in self.closing] if self.closing else None,
            "removed": [r.to_dict() for r in self.removed],
            "warnings": self.warnings,
        }


def _ranked(types: RankedTypes | None) -> list[list[Any]] | None:
    return None if types is None else [[key, score] for key, score in types]
