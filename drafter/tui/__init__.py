"""The terminal UI (Textual).  Only this package imports Textual; it is a thin layer
over drafter.draft, drafter.bank and drafter.export."""

from __future__ import annotations

import sys


def run(draft_path: str | None = None, phrasebank: str | None = None) -> None:
    from drafter.tui.app import DrafterApp

    check_ready(phrasebank)
    app = DrafterApp(draft_path=draft_path, phrasebank=phrasebank, handle_signals=True)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


def check_ready(phrasebank: str | None = None) -> None:
    """Refuse, with one line, to start the app where it cannot run: no terminal, or a
    phrasebank or taxonomy it cannot read.  Asked before anything is written for it
    (`drafter tui SPEECH` in a pipe had made a new draft of the speech each time, then
    said it needs a terminal: fuzz pass 68)."""
    from drafter import config
    from drafter.bank.taxonomy import load_domains, load_taxonomy

    config.phrasebank_dir(phrasebank)  # a --phrasebank that is not there: one line, here
    # Every screen reads the section types and domains: a damaged file is one line
    # naming it, here, not a crash inside the app.
    load_taxonomy(phrasebank)
    load_domains(phrasebank)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal (CI, a pipe, a closed stdin) the app would draw its screens
        # into the pipe and wait for keys that never come.
        from drafter.errors import DrafterError

        raise DrafterError("the terminal UI needs a terminal, and standard input or output "
                           "is not one; 'drafter --help' lists the commands to script")
