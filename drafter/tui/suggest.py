"""Suggestions while typing (提词) in the heading and sentence editors.

The editor is the text dialog (a line that wraps) with a list under it: as the writer types, a
thread worker asks drafter.bank.suggest for phrases that continue or match the line;
the best continuation shows as ghost text after the cursor.  Tab (or →) takes it,
alt+↓/alt+↑ cycle through the list, Esc puts the list away (a second Esc cancels).
Lookups never hold up typing: each runs in a thread, a newer one replaces an older one,
and results for a line that has changed since are dropped.
"""

from __future__ import annotations

import sqlite3

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from drafter.bank.suggest import Context, Suggestions, suggest
from drafter.tui import keys
from drafter.tui.screens.dialogs import TextScreen
from drafter.tui.widgets import LineEditor, ReportsWorkerErrors, clip, keys_footer

CLIP = 60  # characters of a suggestion shown in the list
KEYS_HINT = "Enter 确定 · Tab 采用提示 · alt+↓/↑ 换一条 · Esc 收起/取消"
PUT_AWAY_HINT = "已收起提示 · Enter 确定 · 再按 Esc 取消编辑"
_HOW = {"prefix": "续", "infix": "续", "replace": "替", "words": "词"}
# Cells of a suggestion row that are not its text: the dialog's border and padding, the
# list's scrollbar, the 续/替 mark.
_ROW_MARGIN = 14

HELP = """\
## Writing with suggestions (提词)

As you type, phrases from the phrasebank that continue your line (续), that would say
its last clause their own way (替: 补齐城市基础设施短板 for 完善城市基础设施), or that hold
its words (词) are listed under it, ranked by the section type of this part of the speech and by
the draft's topic; the best continuation shows in grey after the cursor (when it runs
past the line's edge, the line under the list says the words Tab adds).

- `tab` or `→` at the end: take the suggestion shown (the line below the list says
  what Tab does when the suggestion replaces the clause or the line)
- `ctrl+z`: the line as it was before Tab took a suggestion
- `alt+↓` / `alt+↑`: the next / previous suggestion
- `escape`: put the suggestions away (again: cancel the edit) · Enter: done
"""


def _taken(typed: str, item) -> str:
    """What Tab puts in the line, as its row shows it: the words added after what is
    typed (…), or the clause said in its place.  A row had shown the whole phrase, from
    its start, while Tab added the rest of its sentence after the words matched."""
    value = item.value
    kept = next((i for i, (a, b) in enumerate(zip(typed, value, strict=False)) if a != b),
                min(len(typed), len(value)))
    return ("…" if kept else "") + value[kept:] if kept < len(value) else value


class SuggestionList(OptionList):
    """The phrases on offer; the writer's keys stay in the line being typed."""

    can_focus = False


class SuggestingTextScreen(ReportsWorkerErrors, TextScreen):
    """The text dialog with suggestions from the phrasebank for the line typed."""

    BINDINGS = keys.SUGGEST
    HELP = HELP

    def __init__(self, title: str, value: str, context: Context, hint: str = ""):
        super().__init__(title, value, hint)
        self.context = context
        self.suggestions = Suggestions(value)
        self.index = 0
        self._put_away = None  # the line the writer put the suggestions away for
        self._before_accept: str | None = None  # the line before Tab took a suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="text-edit"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield LineEditor(self.value, placeholder=self.hint, id="text-value")
            yield SuggestionList(id="suggestions")
            yield Static(KEYS_HINT, classes="hint", id="suggest-hint", markup=False)
        yield keys_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#suggestions", SuggestionList).display = False
        line = self.query_one("#text-value", LineEditor)
        line.cursor_position = len(line.value)
        self.lookup(line.value)

    @on(TextArea.Changed, "#text-value")
    def _typed(self, event: TextArea.Changed) -> None:
        self.lookup(event.text_area.text)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def lookup(self, typed: str) -> None:
        bank = self.app.bank_now()
        if bank is None or not typed.strip():
            self.app.call_from_thread(self.show, Suggestions(typed))
            return
        try:
            found = suggest(bank, typed, self.context)
        except sqlite3.ProgrammingError:  # the bank was closed (reindexed after review)
            return
        self.app.call_from_thread(self.show, found)

    def show(self, found: Suggestions) -> None:
        """Show the suggestions for the line, unless it has changed since they were
        looked up (a newer lookup is on its way) or the writer put them away; nothing
        once the dialog is being taken down (its lookup ends after its line is gone)."""
        if not self.query("#text-value"):
            return
        line = self.query_one("#text-value", LineEditor)
        if found.typed != line.value or self._put_away == line.value:
            return
        self.suggestions, self.index = found, 0
        shown = self.query_one("#suggestions", SuggestionList)
        # One row each, cut to the dialog's width (a Chinese character takes two cells):
        # at 80 columns rows of CLIP characters wrapped, and two suggestions filled the
        # list (new user).
        fits = max(8, min(CLIP, (self.size.width - _ROW_MARGIN) // 2))
        shown.set_options([Option(Text.assemble((f"{_HOW[s.how]} ", "dim"),
                                                clip(_taken(found.typed, s), fits)))
                           for s in found.items])
        shown.display = bool(found.items)
        if found.items:
            shown.highlighted = 0
        self._ghost()

    def _ghost(self) -> None:
        """The chosen suggestion as ghost text after the cursor, when it continues the
        line (one that replaces the last clause is in the list only)."""
        line = self.query_one("#text-value", LineEditor)
        item = self.current()
        ghost = item.value if item is not None and item.value.startswith(line.value) else ""
        # Drawn dimmed after the cursor; → takes it too.
        line.suggestion = ghost[len(line.value):] if ghost else ""
        # What Tab does when no ghost shows it: the line it would become.  Nor does a
        # ghost past the line's right edge (new user: the rest of a long line was drawn
        # off-screen): the words Tab adds are said under the list.
        if item is not None and not ghost:
            hint = f"Tab → {clip(item.value, CLIP)} · ctrl+z 撤回"
        elif ghost and cell_len(ghost) >= line.content_size.width:
            hint = f"Tab 续 …{clip(ghost[len(line.value):], CLIP)} · ctrl+z 撤回"
        else:
            hint = KEYS_HINT
        self.query_one("#suggest-hint", Static).update(hint)

    def current(self):
        items = self.suggestions.items
        return items[self.index] if items and self.suggestions.typed == self.query_one(
            "#text-value", LineEditor).value else None

    def action_accept(self) -> None:
        item = self.current()
        if item is None:
            return
        line = self.query_one("#text-value", LineEditor)
        self._before_accept = line.value
        line.value = item.value
        line.cursor_position = len(item.value)

    def action_undo_accept(self) -> None:
        """ctrl+z: the line as it was before Tab took a suggestion (one that replaces
        the line shows no ghost text first)."""
        if self._before_accept is None:
            return
        line = self.query_one("#text-value", LineEditor)
        line.value, self._before_accept = self._before_accept, None
        line.cursor_position = len(line.value)

    def action_cycle(self, step: int) -> None:
        items = self.suggestions.items
        if not items or self.current() is None:
            return
        self.index = (self.index + step) % len(items)
        self.query_one("#suggestions", SuggestionList).highlighted = self.index
        self._ghost()

    def action_cancel(self) -> None:
        """Esc puts the suggestions away, whether or not they have come yet; Esc again
        (the line unchanged since) cancels the edit.  Had the first Esc cancelled when
        the list was still on its way, Esc then Enter would answer "keep editing" to a
        question the writer did not see, and the next keys would go into the line (new
        user: 12 of 12).  A line not yet changed is cancelled at once: nothing is lost."""
        line = self.query_one("#text-value", LineEditor)
        if self._put_away != line.value and line.value != self.value:
            self.query_one("#suggestions", SuggestionList).display = False
            self._put_away = line.value
            line.suggestion = ""
            self.query_one("#suggest-hint", Static).update(PUT_AWAY_HINT)
            return
        super().action_cancel()

    def action_help(self) -> None:
        # A modal screen's own binding: the app's F1 does not reach past a dialog.
        self.app.action_help()
