"""The Preview pane: the draft as it will read, following every change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Log, TabPane

from drafter.draft.model import Draft
from drafter.tui import keys

PREVIEW_HELP = """\
## Preview

The speech as it will read when exported as text, wrapped by Chinese line-breaking
rules; it follows every change.

- ↑/↓ (j/k), PgUp/PgDn, Home/End scroll
- `p` or Esc back to the outline (the preview stays in sight)
"""


class PreviewScroll(Log):
    """The wrapped lines, of which only those in sight are drawn: a Static holding the
    whole text was laid out whole on every change, and a draft of 19,000 sentences (of
    the size a draft may have) froze the screen 19-24 s on p (fuzz pass C of stop 67)."""

    BINDINGS = keys.SCROLL_NAV
    HELP = PREVIEW_HELP

    def __init__(self, **kwargs):
        super().__init__(auto_scroll=False, **kwargs)

    def show_lines(self, lines: list[str]) -> None:
        """Show ``lines`` in place of those shown, at the place read so far."""
        kept = self.scroll_y
        self.clear()
        self.write_lines(lines, scroll_end=False)
        self.scroll_to(y=kept, animate=False, immediate=True)


class PreviewPanel(TabPane):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft: Draft | None = None

    def compose(self) -> ComposeResult:
        yield PreviewScroll(id="preview-scroll")

    def show(self, draft: Draft) -> None:
        """The draft as it will read, wrapped here by Chinese line-breaking rules
        (Textual would start lines with ，。)."""
        from drafter.export.text import plain_text
        from drafter.text.wrap import wrap

        self.draft = draft
        preview = self.query_one(PreviewScroll)
        width = (preview.content_region.width or self.screen.size.width // 2) - 1
        preview.show_lines(wrap(plain_text(draft).rstrip("\n"), width))

    def on_resize(self) -> None:
        if self.draft is not None:
            self.show(self.draft)
