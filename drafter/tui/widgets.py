"""Small widgets shared by the screens."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList

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
