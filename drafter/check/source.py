"""Turn what is checked — a draft, or a .docx/.md/.txt speech — into a CheckedText."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from drafter.check.model import CheckedText, Passage
from drafter.draft.model import Draft, Node


def from_draft(draft: Draft, source: str = "") -> CheckedText:
    from drafter.export.text import blocks

    passages: list[Passage] = []
    parents: dict[tuple[int, ...], str] = {}
    # Where each node stands, and each item under a node, indexed once: looking an
    # item's node up by walking the tree for every paragraph made a draft of 10,000
    # heads take minutes.
    paths: dict[int, tuple[int, ...]] = {}
    owners: dict[int, tuple[int, ...]] = {}  # id(item) → the path of its node
    for path, node in _node_paths(draft.body):
        paths[id(node)] = path
        for item in node.items:
            owners.setdefault(id(item), path)
    for block in blocks(draft):
        node_path = paths.get(id(block.node)) if block.node is not None else None
        if node_path is None and block.item is not None:
            node_path = owners.get(id(block.item))
        heading_path = parents.get(node_path[:-1], "") if node_path else ""
        if block.role == "heading" or block.head:
            node = block.node
            label = f"{node.marker}{node.heading}"
            parents[node_path] = f"{heading_path} › {label}" if heading_path else label
            heading_path = parents[node_path]
            if block.head:
                passages.append(Passage(len(passages) + 1, "paragraph", block.text,
                                        node.level, node.marker, node.heading, node_path,
                                        heading_path, _sources(block.item)))
                continue
            passages.append(Passage(len(passages) + 1, "heading", block.text, node.level,
                                    node.marker, node.heading, node_path, heading_path))
            continue
        if node_path is not None:
            heading_path = parents.get(node_path, heading_path)
        passages.append(Passage(len(passages) + 1, block.role, block.text, 0, "", "",
                                node_path, heading_path, _sources(block.item)))
    checked = CheckedText(passages, draft.date, source)
    _group(checked)
    return checked


def item_of_passage(draft: Draft, node, paragraph: int) -> int | None:
    """The index, among the items of the body's ``node``, of passage number ``paragraph``
    of ``from_draft(draft)``; None when it is the node's heading or not under it."""
    from drafter.export.text import blocks

    block = next((b for n, b in enumerate(blocks(draft), 1) if n == paragraph), None)
    item = getattr(block, "item", None)
    return next((index for index, mine in enumerate(node.items) if mine is item), None) if (
        item is not None) else None


def place_outside_body(draft: Draft, paragraph: int) -> tuple[str, str | int] | None:
    """Where passage number ``paragraph`` of ``from_draft(draft)`` is when it is not in
    the body: ("front", "title"), ("opening", 0), ("closing", 1); None for the body."""
    from drafter.export.text import blocks

    block = next((b for n, b in enumerate(blocks(draft), 1) if n == paragraph), None)
    if block is None:
        return None
    if block.role in ("title", "subtitle", "byline", "date", "salutation"):
        return ("front", block.role)
    for part in ("opening", "closing"):
        for index, item in enumerate(getattr(draft, part)):
            if item is block.item:
                return (part, index)
    return None


def from_file(path: str | os.PathLike[str]) -> CheckedText:
    """A draft (.json) or a speech file (.docx, .md, .txt) as a CheckedText."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        from drafter.draft.model import load_draft

        return from_draft(load_draft(path), path.name)
    from drafter.corpus.parse import load_document

    doc = load_document(path)
    passages: list[Passage] = []

    def add(role, text, level=0, marker="", heading="", path_=""):
        passages.append(Passage(len(passages) + 1, role, text, level, marker or "", heading,
                                None, path_))

    for role in ("title", "subtitle"):
        if getattr(doc, role):
            add(role, getattr(doc, role))
    if doc.speaker:
        add("byline", doc.speaker)
    if doc.date:
        add("date", doc.date)
    if doc.salutation:
        add("salutation", doc.salutation)
    for paragraph in doc.preamble:
        add("paragraph", paragraph.text)

    def visit(sections, above: str) -> None:
        for section in sections:
            label = f"{section.marker or ''}{section.heading}"
            here = f"{above} › {label}" if above else label
            if section.run_in:
                first = section.paragraphs[0].text if section.paragraphs else ""
                # The head's own end as written (一要…！), not always 。
                end = section.terminator or "。"
                add("paragraph", f"{label}{end}{first}" if first else label, section.level,
                    section.marker, section.heading, here)
                rest = section.paragraphs[1:]
            else:
                add("heading", label, section.level, section.marker, section.heading, here)
                rest = section.paragraphs
            for paragraph in rest:
                add("paragraph", paragraph.text, path_=here)
            visit(section.children, here)

    visit(doc.sections, "")
    for paragraph in doc.closing or []:
        add("paragraph", paragraph.text)
    notices = list(doc.warnings)
    if (removal := _removal_notice(doc, path)) is not None:
        notices.append(removal)
    checked = CheckedText(passages, doc.date or "", path.name, notices=notices)
    _group(checked)
    return checked


def _removal_notice(doc, path: Path) -> str | None:
    """Say so when the cleaner took out most of a file's text: a check of what is left
    would otherwise pass a file of 20,000 copies of one line as a 25-character speech.
    Page chrome removed from a downloaded speech is a small share and goes unsaid."""
    removed = sum(len(r.text) for r in doc.removed)
    kept = sum(len(p.text) for p in doc.paragraphs()) + sum(
        len(s.heading or "") for s in doc.walk())
    if not doc.removed or removed <= kept:
        return None
    reasons = Counter(r.reason for r in doc.removed)
    summary = ", ".join(f"{reason} ×{n:,}" for reason, n in reasons.most_common(3))
    return (f"the cleaner took out {removed:,} of the file's {removed + kept:,} characters "
            f"before checking ({summary}); `drafter parse --removed {path}` lists them")


def _sources(item) -> tuple[str, ...]:
    """The speeches a drawn item reuses (not passages written for the bank)."""
    if item is None or item.phrase is None:
        return ()
    return tuple(dict.fromkeys(s.file for s in item.phrase.sources
                               if not s.written_for_the_bank))


def _node_paths(nodes: list[Node], prefix: tuple[int, ...] = ()):
    for i, node in enumerate(nodes):
        yield (*prefix, i), node
        yield from _node_paths(node.children, (*prefix, i))


def _group(checked: CheckedText) -> None:
    """Sibling heads (same parent, same level) and the top-level parts with their text."""
    heads = [p for p in checked.passages if p.heading]
    groups: dict[tuple[str, int], list[Passage]] = {}
    for head in heads:
        parent = head.path.rsplit(" › ", 1)[0] if " › " in head.path else ""
        groups.setdefault((parent, head.level), []).append(head)
    checked.siblings = [g for g in groups.values() if len(g) > 1]
    # A part whose heading the writer emptied is still a part: counted, the opening's
    # 讲三点 is not said to promise more parts than the speech has.
    top = min((h.level for h in checked.passages if _is_head(h)), default=0)
    current = None
    for passage in checked.passages:
        if _is_head(passage) and passage.level == top:
            current = (passage, [passage])
            checked.parts.append(current)
        elif (current is not None and passage.role in ("paragraph", "heading")
              and passage.path):  # not the opening or the closing
            current[1].append(passage)


def _is_head(passage: Passage) -> bool:
    """A heading, or a run-in head, even one with its text left empty (一、 alone)."""
    return bool(passage.heading or (passage.marker and passage.level))
