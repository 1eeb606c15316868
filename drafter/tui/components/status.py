"""The status line under the draft: length, speaking time, saved or not, what u undoes,
and the last thing that happened (已撤销 …) until the draft changes again."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from drafter.draft.edit import DraftEditor


class StatusBar(Static):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._message: tuple[str, int | None] = ("", None)  # (what it says, at version)

    def show(self, editor: DraftEditor, saved: bool, chars_per_minute: int,
             message: str | None = None) -> None:
        """``message`` stays, first, until the draft changes again or another message
        replaces it (a redraw after a check run keeps it)."""
        if message is not None:
            self._message = (message, editor.version)
        message, version = self._message
        if version != editor.version:
            message = ""
        chars = editor.draft.text_length()
        minutes = chars / chars_per_minute
        lead = Text(" ")
        if message:
            lead.append(message, style="bold")
            lead.append(" │ ")
        full = (f"{chars} 字 · 约 {minutes:.1f} 分钟 · "
                f"{'已保存 saved' if saved else '未保存 unsaved'}"
                + (f" · 撤销 u: {editor.undo_label}" if editor.can_undo else ""))
        status = lead + full
        if self.size.width and status.cell_len > self.size.width:
            # At 80 columns the English words go first, so what u undoes stays in sight.
            status = lead + (f"{chars}字 · 约{minutes:.1f}分钟 · {'已保存' if saved else '未保存'}"
                             + (f" · u 撤销 {editor.undo_label}" if editor.can_undo else ""))
        self.update(status)
