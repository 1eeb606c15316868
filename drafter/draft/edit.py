"""Editing a draft's outline, with undo and redo for every change.

Nodes are addressed by their path: the indices from the top of the body down, so
``(1, 0)`` is the first child of the second part.  Every operation takes a snapshot
first (the draft's JSON: small, and restoring it can never half-fail), then changes the
draft and renumbers its markers.  The UI and scripts call these; none of them knows
about Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from drafter.draft import numbering
from drafter.draft.model import MAX_DRAFT_DEPTH, Draft, Item, Node, PhraseRef, part_names
from drafter.errors import DrafterError

NodePath = tuple[int, ...]
# Where a change happened: a node's path and, for a sentence, its index under it; or a
# part outside the body and what in it: ("opening", 0), ("closing", 1), ("front", "title").
Place = tuple["NodePath | str", "int | str | None"]
PASSAGE_PARTS = ("opening", "closing")
UNDO_LIMIT = 200


class EditError(DrafterError):
    """An edit that cannot be made (no such node, nothing to undo …)."""


@dataclass(frozen=True)
class Step:
    """One change on the undo (or redo) stack: its label, the draft as it was on the
    other side of it, and where it happened before and after it (None: no node, such as
    the title) so that undoing or redoing it can show the node that changed."""

    label: str
    snapshot: str
    before: Place | None = None
    after: Place | None = None


@dataclass
class DraftEditor:
    draft: Draft
    undo_limit: int = UNDO_LIMIT
    version: int = 0  # bumped by every change, undo and redo: what autosave watches
    _undo: list[Step] = field(default_factory=list)
    _redo: list[Step] = field(default_factory=list)

    # -- undo -----------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        """What undo would undo ("move up", "edit heading" …), if anything."""
        return self._undo[-1].label if self._undo else None

    def undo(self) -> Step:
        """Undo the last change; returns it: its label, and ``before`` is where the node
        it changed is again."""
        if not self._undo:
            raise EditError("nothing to undo")
        step = self._undo.pop()
        self._redo.append(Step(step.label, self.draft.to_json(), step.before, step.after))
        self._restore(step.snapshot)
        return step

    def redo(self) -> Step:
        """Redo the last undone change; returns it (``after``: where its node is)."""
        if not self._redo:
            raise EditError("nothing to redo")
        step = self._redo.pop()
        self._undo.append(Step(step.label, self.draft.to_json(), step.before, step.after))
        self._restore(step.snapshot)
        return step

    def _restore(self, snapshot: str) -> None:
        import json

        restored = Draft.from_dict(json.loads(snapshot))
        self.draft.__dict__.update(restored.__dict__)  # keep the object others hold
        self.version += 1

    def change(self, label: str, action: Callable[[], NodePath | None],
               where: NodePath | Place | None = None,
               to: NodePath | Place | None = None) -> NodePath | None:
        """Run ``action`` as one undoable change; returns what it returns (a path).
        ``where``: the node (or sentence) it changes; ``to``: where that is after it
        (by default what ``action`` returns, else ``where``)."""
        snapshot = self.draft.to_json()
        result = action()
        before = _place(where)
        after = _place(to) or _place(result) or before
        self._undo.append(Step(label, snapshot, before, after))
        del self._undo[:-self.undo_limit]
        self._redo.clear()
        self.draft.renumber()
        self.version += 1
        return result

    # -- addressing -----------------------------------------------------------------

    def node(self, path: NodePath) -> Node:
        siblings, index = self._siblings(path)
        return siblings[index]

    def _siblings(self, path: NodePath) -> tuple[list[Node], int]:
        if not path:
            raise EditError("no node selected")
        siblings = self.draft.body
        for index in path[:-1]:
            if not 0 <= index < len(siblings):
                raise EditError(f"no node at {path}")
            siblings = siblings[index].children
        if not 0 <= path[-1] < len(siblings):
            raise EditError(f"no node at {path}")
        return siblings, path[-1]

    # -- structure ------------------------------------------------------------------

    def add_after(self, path: NodePath | None, heading: str = "新的标题") -> NodePath:
        """A new sibling after ``path`` (or a new last part when nothing is selected)."""
        def act() -> NodePath:
            if not path:
                self.draft.body.append(Node(heading))
                return (len(self.draft.body) - 1,)
            siblings, index = self._siblings(path)
            model = siblings[index]
            # A heading the writer adds has no template slot: 换一批 then keeps it and
            # proposes only what goes under it.
            siblings.insert(index + 1, Node(heading, run_in=model.run_in, section=model.section))
            return (*path[:-1], index + 1)
        added = self.change("add heading", act, where=path)
        self._drop_typed_marker(added)  # known once renumbered; the same undo step
        return added  # type: ignore[return-value]

    def add_child(self, path: NodePath, heading: str = "新的标题") -> NodePath:
        def act() -> NodePath:
            parent = self.node(path)
            parent.children.append(Node(heading, section=parent.section))
            return (*path, len(parent.children) - 1)
        added = self.change("add sub-heading", act, where=path)
        self._drop_typed_marker(added)
        return added  # type: ignore[return-value]

    def insert_heading(self, path: NodePath, text: str, phrase: PhraseRef | None) -> NodePath:
        """A heading phrase from the bank as a point of its own, with its provenance: the
        last sub-point of a head that has them, else the head's next sibling."""
        def act() -> NodePath:
            node = self.node(path)
            if node.children:
                node.children.append(Node(text, run_in=node.children[-1].run_in,
                                          section=node.children[-1].section, phrase=phrase))
                return (*path, len(node.children) - 1)
            siblings, index = self._siblings(path)
            siblings.insert(index + 1, Node(text, run_in=node.run_in, section=node.section,
                                            phrase=phrase))
            return (*path[:-1], index + 1)
        return self.change("insert heading", act, where=path)  # type: ignore[return-value]

    def _drop_typed_marker(self, path) -> None:
        node = self.node(path)
        node.heading = numbering.without_marker(node.heading, node.marker)

    def delete(self, path: NodePath) -> NodePath | None:
        """Delete a node with what is under it; returns the path to select next."""
        def act() -> NodePath | None:
            siblings, index = self._siblings(path)
            siblings.pop(index)
            if siblings:
                return (*path[:-1], min(index, len(siblings) - 1))
            return path[:-1] or None
        return self.change("delete heading", act, where=path)

    def move_up(self, path: NodePath) -> NodePath:
        siblings, index = self._siblings(path)
        if index == 0:
            return path
        def act() -> NodePath:
            siblings[index - 1], siblings[index] = siblings[index], siblings[index - 1]
            return (*path[:-1], index - 1)
        return self.change("move up", act, where=path)  # type: ignore[return-value]

    def move_down(self, path: NodePath) -> NodePath:
        siblings, index = self._siblings(path)
        if index == len(siblings) - 1:
            return path
        def act() -> NodePath:
            siblings[index + 1], siblings[index] = siblings[index], siblings[index + 1]
            return (*path[:-1], index + 1)
        return self.change("move down", act, where=path)  # type: ignore[return-value]

    def indent(self, path: NodePath) -> NodePath:
        """Make a node the last child of the sibling above it (one level deeper)."""
        siblings, index = self._siblings(path)
        if index == 0:
            raise EditError("the first heading of a level cannot be indented")
        if len(path) + _height(siblings[index]) > MAX_DRAFT_DEPTH:
            # (One limit with the draft files': a deeper draft would not open again.)
            raise EditError(f"headings nest at most {MAX_DRAFT_DEPTH} levels deep")
        def act() -> NodePath:
            node = siblings.pop(index)
            parent = siblings[index - 1]
            parent.children.append(node)
            return (*path[:-1], index - 1, len(parent.children) - 1)
        return self.change("indent", act, where=path)  # type: ignore[return-value]

    def outdent(self, path: NodePath) -> NodePath:
        """Make a node the sibling after its parent (one level up)."""
        if len(path) < 2:
            raise EditError("a top-level heading cannot be outdented")
        def act() -> NodePath:
            siblings, index = self._siblings(path)
            node = siblings.pop(index)
            grand, parent_index = self._siblings(path[:-1])
            grand.insert(parent_index + 1, node)
            return (*path[:-2], parent_index + 1)
        return self.change("outdent", act, where=path)  # type: ignore[return-value]

    # -- text -----------------------------------------------------------------------

    def set_heading(self, path: NodePath, text: str) -> None:
        """The writer's text for a heading; its marker, if typed, is not kept twice."""
        text = " ".join(text.split())
        if not text:
            raise EditError("a heading cannot be empty")
        node = self.node(path)
        text = numbering.without_marker(text, node.marker)
        if text == node.heading:
            return
        def act() -> None:
            node.heading = text
            node.phrase = None  # edited by hand: no longer the mined phrase
            node.slot = ""  # …nor a slot's proposal: 换一批 keeps it
        self.change("edit heading", act, where=path)

    def replace_heading(self, path: NodePath, text: str, phrase: PhraseRef) -> None:
        """The heading becomes a phrase from the bank, its provenance kept."""
        node = self.node(path)
        def act() -> None:
            node.heading, node.phrase = text, phrase
        self.change("replace heading", act, where=path)

    def toggle_run_in(self, path: NodePath) -> None:
        node = self.node(path)
        self.change("run-in head", lambda: setattr(node, "run_in", not node.run_in),
                    where=path)

    def insert_item(self, path: NodePath, item: Item, index: int | None = None) -> int:
        node = self.node(path)
        position = len(node.items) if index is None else max(0, min(index, len(node.items)))
        self.change("insert sentence", lambda: node.items.insert(position, item),
                    where=path, to=(path, position))
        return position

    def add_item(self, path: NodePath, text: str, index: int | None = None) -> Place:
        """A sentence of the writer's own under the heading at ``path``, at ``index``
        (by default after its last); returns where it is."""
        text = text.strip()
        if not text:
            raise EditError("a sentence cannot be empty")
        node = self.node(path)
        position = len(node.items) if index is None else max(0, min(index, len(node.items)))
        self.change("add sentence", lambda: node.items.insert(position, Item(text)),
                    where=path, to=(path, position))
        return (path, position)

    def move_item(self, path: NodePath, index: int, step: int) -> Place:
        """Move a sentence ``step`` places (-1 up, 1 down) among its heading's; returns
        where it is.  It does not leave its heading: EditError at either end."""
        node = self.node(path)
        self._item_index(node, index)
        to = index + step
        if not 0 <= to < len(node.items):
            raise EditError("已是第一句 · already the first sentence under this heading"
                            if step < 0 else
                            "已是最后一句 · already the last sentence under this heading")
        def act() -> None:
            node.items[index], node.items[to] = node.items[to], node.items[index]
        self.change("move sentence up" if step < 0 else "move sentence down", act,
                    where=(path, index), to=(path, to))
        return (path, to)

    def replace_item(self, path: NodePath, index: int, item: Item) -> None:
        node = self.node(path)
        self._item_index(node, index)
        self.change("replace sentence", lambda: node.items.__setitem__(index, item),
                    where=(path, index))

    def edit_item(self, path: NodePath, index: int, text: str) -> None:
        node = self.node(path)
        old = self._item_index(node, index)
        text = text.strip()
        if not text:
            raise EditError("a sentence cannot be empty; delete it instead")
        if text != old.text:
            self.change("edit sentence",
                        lambda: node.items.__setitem__(index, old.edited(text)),
                        where=(path, index))

    def delete_item(self, path: NodePath, index: int) -> None:
        node = self.node(path)
        self._item_index(node, index)
        self.change("delete sentence", lambda: node.items.pop(index), where=(path, index),
                    to=path)

    def replace_node(self, path: NodePath, new: Node, label: str = "another batch") -> None:
        """Put ``new`` (e.g. from 换一批) where ``path`` is."""
        siblings, index = self._siblings(path)
        def act() -> None:
            siblings[index] = new
        self.change(label, act, where=path)

    def replace_draft(self, new: Draft, label: str) -> None:
        """Make the whole draft ``new`` (a recovered copy) as one change: undo brings
        back what was there before."""
        self.change(label, lambda: self.draft.__dict__.update(new.__dict__))

    def set_meta(self, name: str, value: str) -> None:
        if name not in ("title", "subtitle", "byline", "date", "salutation"):
            raise EditError(f"unknown draft field {name!r}")
        if getattr(self.draft, name) != value:
            self.change(f"edit {name}", lambda: setattr(self.draft, name, value),
                        where=("front", name))

    # -- the opening and the closing ------------------------------------------------

    def _passages(self, part: str, index: int) -> list[Item]:
        if part not in PASSAGE_PARTS:
            raise EditError(f"no part {part!r} (the opening or the closing)")
        passages = getattr(self.draft, part)
        if not 0 <= index < len(passages):
            raise EditError(f"no paragraph {index + 1} in the {part}")
        return passages

    def edit_passage(self, part: str, index: int, text: str) -> None:
        """Rewrite a paragraph of the opening or the closing (the template wrote it;
        a check may ask to change it, e.g. 三个方面 once there are four parts)."""
        passages = self._passages(part, index)
        text = text.strip()
        if not text:
            raise EditError("a paragraph cannot be empty; delete it instead")
        old = passages[index]
        if text != old.text:
            # (Named as the writer knows it: the line announcing the parts had been
            # undone as "edit opening", new user 52.)
            self.change(f"edit {part_names(part, old.text)[1]}",
                        lambda: passages.__setitem__(index, old.edited(text)),
                        where=(part, index))

    def delete_passage(self, part: str, index: int) -> None:
        passages = self._passages(part, index)
        self.change(f"delete {part_names(part, passages[index].text)[1]} paragraph",
                    lambda: passages.pop(index),
                    where=(part, index), to=(part, max(index - 1, 0)))

    @staticmethod
    def _item_index(node: Node, index: int) -> Item:
        if not 0 <= index < len(node.items):
            raise EditError(f"no sentence {index + 1} under {node.heading}")
        return node.items[index]


def _place(where: NodePath | Place | None) -> Place | None:
    """A node path or a (path, sentence index) pair as a Place."""
    if not where:
        return None
    if len(where) == 2 and isinstance(where[0], (tuple, str)):
        return where  # type: ignore[return-value]
    return (where, None)  # type: ignore[return-value]


def speaking_minutes(draft: Draft, chars_per_minute: int = 220) -> float:
    """How long the draft takes to read aloud at ``chars_per_minute``."""
    return draft.text_length() / max(chars_per_minute, 1)


def _height(node: Node) -> int:
    """The levels of headings ``node`` and those under it take (1 for a leaf)."""
    level, height = [node], 0
    while level:
        height += 1
        level = [child for parent in level for child in parent.children]
    return height
