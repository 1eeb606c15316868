"""The Preview pane: the draft as it will read, following every change."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static, TabPane

from drafter.draft.model import Draft
from drafter.tui import keys

PREVIEW_HELP = """\
## Preview

The speech as it will read when exported as text, wrapped by Chinese line-breaking
rules; it follows every change.

- ↑/↓ (j/k), PgUp/PgDn, Home/End scroll
- `p` or Esc back to the outline (the preview stays in sight)
"""


class PreviewScroll(VerticalScroll):
    BINDINGS = keys.SCROLL_NAV
    HELP = PREVIEW_HELP


class PreviewPanel(TabPane):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft: Draft | None = None

    def compose(self) -> ComposeResult:
        with PreviewScroll(id="preview-scroll"):
            yield Static("", id="preview")

    def show(self, draft: Draft) -> None:
        """The draft as it will read, wrapped here by Chinese line-breaking rules
        (Textual would start lines with ，。)."""
        from drafter.export.text import plain_text
        from drafter.text.wrap import wrap

        self.draft = draft
        preview = self.query_one("#preview", Static)
        width = (preview.content_region.width or self.screen.size.width // 2) - 1
        preview.update(Text("\n".join(wrap(plain_text(draft).rstrip("\n"), width))))

    def on_resize(self) -> None:
        if self.draft is not None:
            self.show(self.draft)
