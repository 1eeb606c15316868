"""The terminal UI (Textual).  Only this package imports Textual; it is a thin layer
over drafter.draft, drafter.bank and drafter.export."""

from __future__ import annotations


def run(draft_path: str | None = None, phrasebank: str | None = None) -> None:
    from drafter import config
    from drafter.bank.taxonomy import load_domains, load_taxonomy
    from drafter.tui.app import DrafterApp

    config.phrasebank_dir(phrasebank)  # a --phrasebank that is not there: one line, here
    # Every screen reads the section types and domains: a damaged file is one line
    # naming it, here, not a crash inside the app.
    load_taxonomy(phrasebank)
    load_domains(phrasebank)

    DrafterApp(draft_path=draft_path, phrasebank=phrasebank).run()
