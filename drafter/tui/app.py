"""The drafter app: a start screen, the draft screen and the review screen.

Heavy work never runs before the first screen is drawn: the phrasebank index is opened
in a thread worker after mount (``bank()`` awaits it), templates are read when a list
needs them.  Keys come from drafter.tui.keys and can be remapped in settings.toml.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider

from drafter.tui import keys
from drafter.tui.widgets import BankOpened


class DrafterCommands(Provider):
    """Command palette: the current screen's actions, the templates, recent drafts."""

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)

    def _commands(self):
        app = self.app
        screen = self.screen
        seen = set()
        for binding in [*getattr(screen, "BINDINGS", []), *keys.APP]:
            if binding.action in seen or not isinstance(binding.action, str):
                continue
            seen.add(binding.action)
            action = binding.action
            target = screen if hasattr(screen, f"action_{action}") else app
            from drafter.tui.screens.dialogs import key_in_effect

            key = key_in_effect(app, binding).split(",")[0]
            yield (binding.description, f"key {key}", lambda a=action, t=target: t.run_action(a))
        from drafter.tui.screens.start import StartScreen

        if isinstance(screen, StartScreen):
            for name, label in screen.template_labels():
                yield (f"New draft: {label}", name,
                       lambda n=name, s=screen: s.new_draft(n))


class DrafterApp(App):
    TITLE = "drafter"
    CSS_PATH = Path(__file__).with_name("drafter.tcss")  # absolute: subclasses move
    BINDINGS = keys.APP
    COMMANDS = App.COMMANDS | {DrafterCommands}

    def __init__(self, draft_path: str | None = None, phrasebank: str | None = None):
        super().__init__()
        self.draft_path = draft_path
        self.phrasebank = phrasebank
        self._bank = None
        self._bank_ready = asyncio.Event()
        self._bank_error: Exception | None = None

    def on_mount(self) -> None:
        from drafter.settings import SettingsError, load_settings

        try:
            self.settings = load_settings()
        except SettingsError as exc:
            from drafter.settings import Settings

            self.settings = Settings()
            self.notify(str(exc), title="settings.toml ignored", severity="error", timeout=10)
        if self.settings.keys:
            self.set_keymap(self.settings.keys)
        # The first screen is drawn before anything heavy starts: the index opens in a
        # worker once it is on screen.
        self.call_after_refresh(self.open_bank)
        if self.draft_path:
            from drafter.tui.screens.draft import DraftScreen

            self.push_screen(DraftScreen.from_file(Path(self.draft_path)))
        else:
            from drafter.tui.screens.start import StartScreen

            self.push_screen(StartScreen())

    # -- the phrasebank, opened after first paint ------------------------------------

    def open_bank(self) -> None:
        self.run_worker(self._open_bank, thread=True, group="bank", exclusive=True,
                        exit_on_error=False)

    def _open_bank(self) -> None:
        from drafter.bank.phrasebank import PhraseBank

        try:
            bank = PhraseBank.open(self.phrasebank)
        except Exception as exc:  # shown to the user; the app stays usable
            self.call_from_thread(self._bank_failed, exc)
            return
        self.call_from_thread(self._bank_opened, bank)

    def _bank_opened(self, bank) -> None:
        if self._bank is not None:
            self._bank.close()
        self._bank = bank
        self._bank_error = None
        self._bank_ready.set()
        for screen in self.screen_stack:
            screen.post_message(BankOpened())

    def _bank_failed(self, exc: Exception) -> None:
        self._bank_error = exc
        self._bank_ready.set()
        self.notify(f"phrasebank: {exc}", severity="error", timeout=10)

    async def bank(self):
        """The open phrasebank (waits for the worker); None if it could not open."""
        await self._bank_ready.wait()
        return self._bank

    def bank_now(self):
        return self._bank

    def reopen_bank(self) -> None:
        """After the phrase files change (review), index them again."""
        self._bank_ready.clear()
        self.open_bank()

    def action_help(self) -> None:
        from drafter.tui.screens.dialogs import HelpScreen

        self.push_screen(HelpScreen.for_focus(self))

    def on_unmount(self) -> None:
        if self._bank is not None:
            self._bank.close()
