"""The box under the outline: the selected row in full (the tree cuts it at the pane's
edge), wrapped by Chinese line-breaking rules, with a note on what it is.  A long one
scrolls inside its box (shift+↓/shift+↑ from the outline): cut after six lines, an
opening's added sentence had been out of sight at 80×24 (new user 41)."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from drafter.draft.edit import DraftEditor, EditError
from drafter.draft.model import part_names

MAX_DETAIL_CHARS = 3_000  # characters of the selected row the box shows


class NodeDetail(Static):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None  # the row shown, to tell a new one from it
        self._editor: DraftEditor | None = None

    def on_resize(self) -> None:
        # Lines are wrapped here, by Chinese rules, to the box's width: when the box
        # narrows (its scrollbar shows) or widens (the terminal grows), they are wrapped
        # again.  Left as they were, each line a column too long had been wrapped once
        # more by the widget, a character to a line (new user 55).
        if self._editor is not None and self._shown is not None:
            self.show(self._editor, self._shown)

    def show(self, editor: DraftEditor, data: tuple) -> None:
        """Show the row ``data`` (an outline row's data) of the editor's draft."""
        from drafter.text.wrap import wrap

        self._editor = editor

        draft = editor.draft
        kind = data[0]
        note = ""
        try:
            if kind == "node":
                node = editor.node(data[1])
                text = f"{node.marker}{node.heading}"
                note = f"{len(node.items)} 句 · {len(node.children)} 小标题"
            elif kind == "item":
                entry = editor.node(data[1]).items[data[2]]
                text = entry.text
                note = f"短语库 phrasebank · {entry.phrase.kind}" if entry.phrase else ""
            elif kind in ("opening", "closing"):
                text = getattr(draft, kind)[data[1]].text
                note = " ".join(part_names(kind, text)) + " · e 编辑 edit"
            elif kind == "front":
                text = getattr(draft, data[1]) or "（无）"
                note = data[1]
            else:
                text = ""
        except (EditError, IndexError):
            text = ""
        if len(text) > MAX_DETAIL_CHARS:
            # Wrapped and laid out on every refresh: a paragraph of 900,000 characters
            # (a draft may hold a million) held each key 28-80 s (fuzz pass C of stop
            # 68).  A speech's longest paragraph is some 1,000.
            note = (f"前 {MAX_DETAIL_CHARS:,} 字 · first {MAX_DETAIL_CHARS:,} of "
                    f"{len(text):,} characters (p: the preview shows it whole)"
                    + (f" · {note}" if note else ""))
            text = text[:MAX_DETAIL_CHARS] + "…"
        width = max((self.content_region.width or self.screen.size.width * 45 // 100 - 2), 10)
        lines = wrap(text, width) if text else []
        shown = Text("\n".join(lines))
        if note:
            shown.append(("\n" if lines else "") + note, style="dim")
        self.update(shown)
        # A newly selected row from its start; the same one shown again (after a check
        # run, an autosave) stays where the writer scrolled it.
        if isinstance(self.parent, VerticalScroll) and data != self._shown:
            self.parent.scroll_home(animate=False)
        self._shown = data
