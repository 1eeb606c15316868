"""Plain-text views of a parsed speech for the terminal (no colour, pipe-friendly)."""

from __future__ import annotations

from collections import Counter

from drafter.corpus.model import Document, Paragraph, Section
from drafter.fileio import shown


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _chars(paragraphs: list[Paragraph]) -> int:
    return sum(len(p.text) for p in paragraphs)


def render_outline(doc: Document, verbosity: int = 0, show_removed: bool = False) -> str:
    out: list[str] = [doc.title or "(no title)"]
    facts = [
        ("subtitle", doc.subtitle), ("speaker", doc.speaker), ("date", doc.date),
        ("occasion", doc.occasion), ("salutation", doc.salutation), ("genre", doc.genre),
        # (A file's name may hold ESC or a line break: shown escaped, as in messages.)
        ("source", f"{shown(doc.source)} ({doc.format}"
                   f"{', ' + doc.encoding if doc.encoding else ''})"),
    ]
    for key, value in facts:
        if value:
            out.append(f"  {key:<10} {value}")
    for warning in doc.warnings:
        out.append(f"  warning    {warning}")
    out.append("")
    if doc.preamble:
        out.append(f"preamble: {len(doc.preamble)} paragraph(s), {_chars(doc.preamble)} chars")
        out += _paragraph_lines(doc.preamble, "  ", verbosity)
    for section in doc.sections:
        _section_lines(section, "", out, verbosity)
    if doc.closing:
        out.append(f"closing: {_clip(doc.closing[0].text, 40)}")
        out += _paragraph_lines(doc.closing[1:], "  ", verbosity)
    total = sum(len(p.text) for p in doc.paragraphs())
    heads = sum(1 for _ in doc.walk())
    out.append("")
    out.append(f"{heads} heading(s), {sum(1 for _ in doc.paragraphs())} paragraph(s), "
               f"{total} chars")
    if doc.removed:
        reasons = Counter(r.reason for r in doc.removed)
        summary = ", ".join(f"{reason} ×{n}" for reason, n in reasons.most_common())
        out.append(f"removed {len(doc.removed)} line(s): {summary}")
        if show_removed:
            for item in doc.removed:
                where = f"line {item.line}" if item.line else ""
                out.append(f"  [{item.reason}] {where}: {shown(_clip(item.text, 60))}")
    return "\n".join(out) + "\n"


def _section_lines(section: Section, indent: str, out: list[str], verbosity: int) -> None:
    marker = section.marker or ("·" if section.run_in else "")
    flag = " [run-in]" if section.run_in else ""
    if section.section_type:
        flag += f"  〈{section.section_type}〉"
    count = f"{len(section.paragraphs)} para" if section.paragraphs else ""
    out.append(f"{indent}{marker}{section.heading}{flag}"
               f"{'  (' + count + ')' if count and verbosity >= 0 else ''}")
    out += _paragraph_lines(section.paragraphs, indent + "    ", verbosity)
    for child in section.children:
        _section_lines(child, indent + "  ", out, verbosity)


def _paragraph_lines(paragraphs: list[Paragraph], indent: str, verbosity: int) -> list[str]:
    if verbosity < 1:
        return []
    lines = []
    for p in paragraphs:
        lines.append(f"{indent}¶ {_clip(p.text, 48)}")
        for item in p.enumeration:
            lines.append(f"{indent}  {item.marker} {_clip(item.text, 40)}")
    return lines
