"""A draft as plain text or Markdown: what a reader of the speech would see.

Run-in heads open their first paragraph (一要坚持实事求是。…); a run-in head with no
paragraph under it stands as a sentence of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from drafter.draft.model import Draft, Item, Node
from drafter.text.chars import readable

_HEAD_END = "。"


@dataclass(frozen=True)
class Block:
    """One paragraph of the laid-out speech, in reading order, for every exporter."""

    role: str  # title, subtitle, byline, date, salutation, heading, paragraph
    text: str
    level: int = 0  # heading level, or the level of a run-in head opening the paragraph
    head: str = ""  # a run-in head (marker and heading) that opens a paragraph
    node: Node | None = None
    item: Item | None = None


def blocks(draft: Draft) -> Iterator[Block]:
    """The speech as a sequence of paragraphs, front matter first."""
    for block in _blocks(draft):
        clean = readable(block.text)
        yield block if clean == block.text else replace(
            block, text=clean, head=readable(block.head))


def _blocks(draft: Draft) -> Iterator[Block]:
    for role in ("title", "subtitle", "byline", "date"):
        value = getattr(draft, role)
        if value:
            yield Block(role, value)
    if draft.salutation:
        yield Block("salutation", draft.salutation)
    for item in draft.opening:
        yield Block("paragraph", item.text, item=item)
    for node in draft.body:
        yield from _node_blocks(node)
    for item in draft.closing:
        yield Block("paragraph", item.text, item=item)


def run_in_head(node: Node) -> str:
    head = f"{node.marker}{node.heading}"
    return head if head.endswith(("。", "！", "？", "：")) else head + _HEAD_END


def _node_blocks(node: Node) -> Iterator[Block]:
    items = list(node.items)
    if node.run_in:
        head = run_in_head(node)
        first = items.pop(0) if items else None
        yield Block("paragraph", head + (first.text if first else ""), level=node.level,
                    head=head, node=node, item=first)
    else:
        yield Block("heading", f"{node.marker}{node.heading}", level=node.level, node=node)
    for item in items:
        yield Block("paragraph", item.text, item=item)
    for child in node.children:
        yield from _node_blocks(child)


def plain_text(draft: Draft, provenance: bool = False) -> str:
    """The speech as text: paragraphs indented two ideographic spaces; with
    ``provenance``, numbered notes 〔1〕 after reused passages and a 来源 list at the end."""
    lines, notes = [], []
    for block in blocks(draft):
        text = block.text
        if provenance and (note := provenance_note(block)):
            notes.append(note)
            text += f"〔{len(notes)}〕"
        if block.role in ("title", "subtitle", "byline", "date", "salutation", "heading"):
            lines.append(text)
        else:
            lines.append("\u3000\u3000" + text)
    if notes:
        lines += ["", "来源："] + [f"〔{i}〕{note}" for i, note in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


# Characters Markdown would read as markup inside a paragraph.
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>#|~])")


def _md(text: str) -> str:
    return _MD_SPECIAL_RE.sub(r"\\\1", text)


def markdown(draft: Draft, provenance: bool = False) -> str:
    """The speech as Markdown (CommonMark/GFM); with ``provenance``, footnotes naming
    each reused passage's source."""
    out, notes = [], []
    for block in blocks(draft):
        if block.role == "title":
            line = f"# {_md(block.text)}"
        elif block.role == "subtitle":
            line = f"**{_md(block.text)}**"
        elif block.role == "heading":
            line = f"{'#' * min(block.level + 1, 6)} {_md(block.text)}"
        elif block.head:
            # The closing ** goes before the head's final punctuation: CommonMark does
            # not close emphasis after 。 when a Chinese character follows.
            head = block.head
            stop = head[-1] if head[-1] in "。！？：" else ""
            core = head[:-1] if stop else head
            line = f"**{_md(core)}**{stop}{_md(block.text[len(head):])}"
        else:
            line = _md(block.text)
        if provenance and (note := provenance_note(block)):
            notes.append(note)
            line += f"[^{len(notes)}]"
        out.append(line)
    out += [f"[^{i}]: {_md(note)}" for i, note in enumerate(notes, 1)]
    return "\n\n".join(out) + "\n"


def provenance_note(block: Block, separator: str = "; ") -> str:
    """Where the reused phrases of one block come from ('' for the writer's own text)."""
    refs = []
    if block.node is not None and block.node.phrase is not None:
        refs.append(block.node.phrase)
    if block.item is not None and block.item.phrase is not None:
        refs.append(block.item.phrase)
    return separator.join(describe_source(r) for r in refs)


def describe_source(ref) -> str:
    """来源 line for a reused phrase: id, kind, files and heading paths, control
    characters written as escapes (a source file named with ESC sequences had recoloured
    the terminal that printed the Markdown: fuzz pass 40)."""
    from drafter.fileio import shown

    places = ", ".join(s.describe() for s in ref.sources[:3])
    more = f" and {len(ref.sources) - 3} more" if len(ref.sources) > 3 else ""
    return shown(f"{ref.id} [{ref.kind}] from {places or 'unknown source'}{more}")
