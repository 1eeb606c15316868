"""Small widgets shared by the screens."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Footer, OptionList

from drafter.tui import keys

CLIP = 44  # characters of a phrase shown in a list row; a detail pane has all of it


def clip(text: str) -> str:
    """A phrase cut to one list row, with … where it was cut."""
    return text if len(text) <= CLIP else text[:CLIP - 1] + "…"


class BankOpened(Message):
    """The phrasebank finished opening (or reopened after a review): what was worked
    out without it, such as a draft's checks against the bank, is worked out again."""


class ReportsWorkerErrors:
    """For a screen: its workers' failures go to the app's one handler (a worker's
    state change is told only to the node that started it and does not bubble)."""

    def on_worker_state_changed(self, event) -> None:
        self.app.worker_changed(event)


class NavOptionList(OptionList):
    """An option list that also moves with j/k."""

    BINDINGS = keys.LIST_NAV


def keys_footer() -> Footer:
    """The footer every screen has: its most used keys, most used first.  No command
    palette key docked at its right: at 80 columns that key was drawn over the last
    keys (换一批 cut to 换, a stray letter after "palette"); ctrl+p is in F1's table."""
    return Footer(compact=True, show_command_palette=False)
