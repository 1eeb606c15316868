"""The terminal UI (Textual).  Only this package imports Textual; it is a thin layer
over drafter.draft, drafter.bank and drafter.export."""

from __future__ import annotations


def run(draft_path: str | None = None, phrasebank: str | None = None) -> None:
    from drafter.tui.app import DrafterApp

    DrafterApp(draft_path=draft_path, phrasebank=phrasebank).run()
