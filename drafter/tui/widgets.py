"""Small widgets shared by the screens."""

from __future__ import annotations

from textual.widgets import OptionList

from drafter.tui import keys


class NavOptionList(OptionList):
    """An option list that also moves with j/k."""

    BINDINGS = keys.LIST_NAV
