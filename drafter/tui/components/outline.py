"""The outline: the speech as a tree, and under it the selected row in full.

It keeps where the cursor is meant to be across rebuilds, so keys arriving together
act on the node they were meant for, not on whatever a rebuild put at the old row.
A row is named by its place: (node path, sentence index or None), or a part outside the
body ("opening", index) / ("closing", index) / ("front", "title").
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Tree

from drafter.draft.edit import DraftEditor
from drafter.tui import keys
from drafter.tui.components.detail import NodeDetail

OUTLINE_HELP = """\
## Outline

The speech as a tree: front matter, the opening, then headings (with their markers) and,
under each, its sentences (·), then the closing. Markers renumber themselves after every
change. The box under the tree shows the selected row in full; `alt+↓`/`alt+↑` scroll
it when it is longer than the box.

- `a` add a heading after this one (on a sentence: a sentence after it) · `b` add a
  heading below it · `o` write a sentence of your own (after this sentence, or last
  under this heading) · `e`/F2 edit any row (the opening and closing too) · `x`/Del delete
- `K`/`ctrl+↑` move up · `J`/`ctrl+↓` move down (a heading among its siblings, a sentence
  under its heading) · `>`/`ctrl+→` indent · `<`/`ctrl+←` outdent
- `r` run-in head on/off (一要…。 opening its paragraph) · `c` 换一批: another proposal
  from the bank (sentences you wrote or edited stay)
- `u`/`ctrl+z` undo · `U`/`ctrl+y` redo · `/` search phrases · `p` preview · `ctrl+s` save
- ✖/▲ beside a heading: the checks found an error/warning there; `!` (ctrl+k) lists them
  and Enter jumps to one
"""

FLAG = {"error": "✖", "warning": "▲", "info": "·"}
FLAG_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def row_data(select, item) -> tuple:
    """The outline row's data for a place: a node path and a sentence index, or a part
    outside the body ("opening", 0) / ("front", "title")."""
    if isinstance(select, str):
        return (select, item)
    return ("node", select) if item is None else ("item", select, item)


def place_of(data: tuple) -> tuple:
    """The place (select, item) of an outline row's data; the inverse of row_data."""
    if data[0] == "node":
        return (data[1], None)
    if data[0] == "item":
        return (data[1], data[2])
    if data[0] in ("opening", "closing", "front"):
        return (data[0], data[1])
    return (None, None)


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


class OutlineTree(Tree):
    BINDINGS = keys.OUTLINE_NAV
    HELP = OUTLINE_HELP

    def action_detail_down(self) -> None:
        """Scroll the box under the tree, where the selected row is shown whole."""
        self.parent.query_one("#node-detail-box", VerticalScroll).scroll_down(animate=False)

    def action_detail_up(self) -> None:
        self.parent.query_one("#node-detail-box", VerticalScroll).scroll_up(animate=False)

    def on_resize(self) -> None:
        # The box under the tree grows with a long passage and the tree shrinks (or the
        # terminal does): its cursor row is kept in sight.  Scrolled once the box was
        # shown, the row had still ended below the tree's last visible one at 80×24
        # when the layout settled later (new users 44 and 45, after End).
        if (node := self.cursor_node) is not None:
            self.call_after_refresh(self.scroll_to_node, node, animate=False)

    # -- moving the cursor --------------------------------------------------------------
    # A move asked for while a rebuilt tree waits for its cursor (the checks' marks
    # rebuild it when they come in) acts from the row the writer was on: the cursor is
    # placed first.  Placed after the move, it had undone it (End pressed as the marks
    # came in left the cursor where it was, under load in the suite).

    def _settle(self) -> None:
        outline = self.parent
        if isinstance(outline, Outline):
            outline.place_cursor_now()

    def action_cursor_up(self) -> None:
        self._settle()
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        self._settle()
        super().action_cursor_down()

    def action_page_up(self) -> None:
        self._settle()
        super().action_page_up()

    def action_page_down(self) -> None:
        self._settle()
        super().action_page_down()

    def action_scroll_home(self) -> None:
        self._settle()
        super().action_scroll_home()

    def action_scroll_end(self) -> None:
        self._settle()
        super().action_scroll_end()

    def action_cursor_parent(self) -> None:
        self._settle()
        super().action_cursor_parent()

    def action_cursor_parent_next_sibling(self) -> None:
        self._settle()
        super().action_cursor_parent_next_sibling()

    def action_cursor_previous_sibling(self) -> None:
        self._settle()
        super().action_cursor_previous_sibling()

    def action_cursor_next_sibling(self) -> None:
        self._settle()
        super().action_cursor_next_sibling()

    def shows(self, node) -> bool:
        """Whether ``node`` belongs to the tree as built now (not to one a rebuild
        replaced)."""
        from textual.widgets.tree import UnknownNodeID

        try:
            return self.get_node_by_id(node.id) is node
        except UnknownNodeID:
            return False

    def show_node(self, node) -> None:
        """Put the cursor on ``node`` of a freshly rebuilt tree.  A new node's line is
        unknown until Tree lays its lines out (on idle or render), so lay them out now
        (textual is pinned to 8.2.x for this private property)."""
        self._tree_lines  # noqa: B018
        self.move_cursor(node)


class Outline(Vertical):
    """The tree and the detail box under it."""

    class Moved(Message):
        """The cursor is on the row ``data``; ``by_writer`` when the writer moved it
        in the outline (not a rebuild after an edit elsewhere)."""

        def __init__(self, data: tuple, by_writer: bool):
            super().__init__()
            self.data, self.by_writer = data, by_writer

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.editor: DraftEditor | None = None  # read here, changed only by the screen
        self.flags: dict = {}  # node path → the worst finding's severity there
        # (node path, item index) the cursor belongs on: where the writer last moved it
        # or an edit put it, kept across rebuilds of the tree.  Until a rebuilt tree has
        # its cursor on it (_cursor_placed), keys act on this, not on the tree's rows.
        self._wanted: tuple = (None, None)
        self._cursor_placed = False

    def compose(self) -> ComposeResult:
        yield OutlineTree("草稿", id="outline")
        with VerticalScroll(id="node-detail-box", can_focus=False):
            yield NodeDetail("", id="node-detail")

    @property
    def tree(self) -> OutlineTree:
        return self.query_one("#outline", OutlineTree)

    def show(self, editor: DraftEditor, select=None, item=None) -> None:
        """Rebuild the tree from the editor's draft; put the cursor on ``select`` (a node path),
        or on its ``item``; or on a part outside the body (``select`` "opening",
        "closing" or "front", ``item`` which one); by default where it was meant to be."""
        self.editor = editor
        draft = editor.draft
        tree = self.tree
        if select is None:
            # Where the cursor is meant to be: the last place asked for or moved to (the
            # tree's own cursor may not have caught up with a rebuild yet).
            select, item = self._wanted
        self._wanted = (select, item)
        self._cursor_placed = False
        tree.clear()
        tree.root.expand()
        root = tree.root
        root.set_label(Text(_row(draft.title) or "（无标题）", style="bold"))
        root.data = ("front", "title")
        for name, label in (("byline", "署名"), ("date", "日期"), ("salutation", "称呼")):
            value = getattr(draft, name)
            if value:
                root.add_leaf(Text(_row(f"{label}：{value}"), style="dim"), data=("front", name))
        for item_index, opening in enumerate(draft.opening):
            root.add_leaf(Text(_row(f"· {opening.text}"), style="dim"),
                          data=("opening", item_index))

        def add(parent, nodes, prefix):
            for i, node in enumerate(nodes):
                path = (*prefix, i)
                label = Text(_row(f"{node.marker}{node.heading}"),
                             style="bold" if node.level == 1 else "")
                if node.run_in:
                    label.append(" ·段首", style="dim")
                worst = self.flags.get(path)
                if worst:  # findings beside the node they concern
                    label = Text.assemble((FLAG[worst], FLAG_STYLE[worst]), " ", label)
                branch = parent.add(label, data=("node", path), expand=True)
                for index, entry in enumerate(node.items):
                    style = "italic" if entry.phrase else ""
                    if entry.role == "placeholder":
                        style = "red"
                    branch.add_leaf(Text(_row(f"· {entry.text}"), style=style),
                                    data=("item", path, index))
                add(branch, node.children, path)

        add(root, draft.body, ())
        for index, closing in enumerate(draft.closing):
            root.add_leaf(Text(_row(f"· {closing.text}"), style="dim"), data=("closing", index))
        self.call_after_refresh(self._place_cursor)

    # -- the cursor -------------------------------------------------------------------

    @property
    def cursor_placed(self) -> bool:
        """Whether the cursor is on the row the last rebuild meant (until then, arrow
        keys move from wherever the old tree had it)."""
        return self._cursor_placed

    def cursor(self) -> tuple:
        """What the outline keys act on: the row under the cursor once a rebuilt tree
        has its cursor placed; before that, the node the last edit or move meant (keys
        arriving together act on the node they were meant for, not on whatever a
        rebuild put at the old row)."""
        tree = self.tree
        node = tree.cursor_node
        if self._cursor_placed and node is not None and node.data and tree.shows(node):
            return node.data
        select, item = self._wanted
        if select is None:
            return node.data if node is not None and node.data else ("none",)
        return row_data(select, item)

    def _gone(self) -> bool:
        """Whether the screen has been closed or is not yet composed: a cursor placement
        asked for before then arrives after the widgets are gone."""
        return not self.query("#outline")

    def place_cursor_now(self) -> None:
        """A rebuilt tree's cursor placed at once, not after the next refresh (a move
        key is about to act from it); nothing when it is placed already."""
        if not self._cursor_placed:
            self._place_cursor()

    def _place_cursor(self) -> None:
        """After a rebuild: the cursor onto the node (or sentence) it is meant to be on,
        looked up in the tree as it is now (once: a move key may have placed it and
        moved on since)."""
        if self._gone() or self._cursor_placed:
            return
        tree = self.tree
        wanted = row_data(*self._wanted)
        target = next((n for n in _walk(tree.root) if n.data == wanted), None)
        self._cursor_placed = True
        if target is None:
            self.show_detail()
            return
        tree.show_node(target)
        # Tree announces a highlight only when the cursor's line changes: a rebuild
        # that leaves it on the same line announces nothing, so follow it here.
        self._cursor_on(target)

    @on(Tree.NodeHighlighted, "#outline")
    def _follow_selection(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        if not self._cursor_placed or event.node is not self.tree.cursor_node:
            # Highlighted by a rebuild, or by a cursor that has moved on since: not
            # where the writer is.
            return
        self._cursor_on(event.node)

    def _cursor_on(self, row) -> None:
        """The cursor is on ``row``: remember it, show it whole, and say so."""
        data = (row.data if row is not None else None) or ("none",)
        if place_of(data) != (None, None):
            self._wanted = place_of(data)
        self.show_detail()
        self.post_message(self.Moved(data, by_writer=self.tree.has_focus))

    def show_detail(self) -> None:
        found = self.query("#node-detail")
        if found and self.editor is not None:  # not while the screen is closing
            # (The box grows with a long passage and the tree shrinks: the tree keeps
            # its cursor row in sight as it is resized, see OutlineTree.on_resize.)
            found.first(NodeDetail).show(self.editor, self.cursor())


# Characters of a row the tree is given: it measures and lays out a label whole on every
# redraw, and one paragraph of 900,000 characters (a draft may hold a million) held each
# key 28-80 s (fuzz pass C of stop 68).  A row shows the pane's width; the box under the
# tree shows the row in full (up to its own bound), the preview all of it.
MAX_ROW_CHARS = 300


def _row(text: str) -> str:
    return text if len(text) <= MAX_ROW_CHARS else text[:MAX_ROW_CHARS] + "…"
