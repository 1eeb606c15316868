"""Start: pick a template for a new draft, reopen a recent one, open a file, or go to
phrase review.  Drafts a crash left unsaved are offered back first, every one of them,
until the writer recovers or discards each (Esc: later; `r` offers them again)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from drafter.config import expanded
from drafter.errors import DrafterError
from drafter.tui import keys
from drafter.tui.widgets import (
    NavOptionList,
    ReportsWorkerErrors,
    ScreenHeader,
    TypingInput,
    keys_footer,
)

HELP = """\
## Start

- **Templates** (left): Enter starts a new draft of that genre; a form asks for its fields.
- **Recent drafts** (right): Enter reopens one. ←/→ (or Tab) go from one list to the other.
- **Open file**: type a draft's path (.json) and press Enter; Esc goes back to the lists.
  While you type there, letters are text: `n`, `o` and `v` work from the lists.
- ⚠ above the lists: drafts a crash left unsaved; `r` offers them (recover or discard)
- `n` new · `o` open a file · `v` review mined phrases · `ctrl+p` all commands · `ctrl+q` quit
"""


def _short(description: str) -> str:
    """The first clause of a template's description, for a one-line list."""
    for stop in "：:。":
        if stop in description:
            return description.split(stop, 1)[0]
    return description


class StartScreen(ReportsWorkerErrors, Screen):
    BINDINGS = keys.START
    HELP = HELP
    _shown = False  # whether the screen has been shown (resumed) once
    _assembling = False  # a draft is being made from the form just submitted

    def compose(self) -> ComposeResult:
        yield ScreenHeader()
        with Vertical(id="start"):
            yield Static("", id="recovery-note")
            with Horizontal(id="start-lists"):
                with Vertical(classes="pane"):
                    yield Label("新建 · New draft from a template", classes="pane-title")
                    yield NavOptionList(id="templates")
                with Vertical(classes="pane"):
                    yield Label("最近 · Recent drafts", classes="pane-title")
                    yield NavOptionList(id="recent")
            yield TypingInput(placeholder="打开文件 · path to a draft .json, then Enter",
                              id="open-path")
        yield keys_footer()

    def on_mount(self) -> None:
        # Whether the writer put off the recovery question (Esc): then it is not asked
        # again on its own until the next start, only on `r`.
        self._later = False
        self._asking = False
        self._damaged_said = False  # the unreadable recovery copies are said once
        for listing in self.query("#templates"):  # (none when closed as it opened)
            listing.loading = True
        # Templates (TOML + Jinja2) are read after the first paint.
        self.call_after_refresh(self.load_lists)
        self.call_after_refresh(self.offer_recovery)

    @work(thread=True, exclusive=True, group="start", exit_on_error=False)
    def load_lists(self) -> None:
        from drafter.draft.library import recent_drafts
        from drafter.draft.templates import list_templates

        problems: list = []
        templates = list_templates(problems=problems)
        recent = recent_drafts()
        unsaved = {r.path for r in self.app.pending_recoveries()}
        self.app.call_from_thread(self._show_lists, templates, recent, problems, unsaved)

    def _show_lists(self, templates, recent, problems, unsaved=frozenset()) -> None:
        if not self.query("#templates"):
            # (Closed while its lists were read: a burst of keys had ended the app with
            # NoMatches here, fuzz pass 54.)
            return
        self._templates = templates
        listing = self.query_one("#templates", OptionList)
        listing.clear_options()
        listing.add_options([Option(Text.assemble((t.label, "bold"), "\n  ",
                                                  (_short(t.description), "dim")), id=name)
                             for name, t in templates.items()])
        listing.loading = False
        listing.highlighted = 0 if templates else None
        recent_list = self.query_one("#recent", OptionList)
        recent_list.clear_options()
        if recent:
            labels = {name: t.label for name, t in templates.items()}
            # Drafts of one title (one recovered beside its file) are told apart by their
            # file's name, not only by the time (new user).
            titles = Counter(r.title for r in recent if r.title)
            recent_list.add_options([
                Option(Text.assemble(("⚠ " if r.path in unsaved else "", "bold yellow"),
                                     r.title or Path(r.path).name, "\n  ", (
                    f"{time.strftime('%m-%d %H:%M', time.localtime(r.opened))}  "
                    f"{labels.get(r.template, r.template)}"
                    + (f"  {Path(r.path).name}" if titles[r.title] > 1 else ""), "dim")),
                    id=r.path)
                for r in recent])
            recent_list.highlighted = 0
        else:
            recent_list.add_option(Option("（还没有草稿 · no drafts yet）", disabled=True))
        from drafter.draft.templates import TemplatesUnlisted

        for problem in problems:
            unlisted = isinstance(problem, TemplatesUnlisted)
            self.notify(str(problem), title="templates not listed" if unlisted
                        else "template skipped", severity="information" if unlisted
                        else "warning", timeout=8)
        listing.focus()

    def template_labels(self) -> list[tuple[str, str]]:
        return [(name, t.label) for name, t in getattr(self, "_templates", {}).items()]

    # -- recovery ---------------------------------------------------------------------

    def show_recovery_note(self) -> list:
        """The line above the lists: how many drafts wait to be recovered (gone when
        none does).  Returns them, newest first."""
        damaged: list[Path] = []
        pending = self.app.pending_recoveries(damaged=damaged)
        if damaged and not self._damaged_said:
            self._damaged_said = True
            self.app.say_unreadable_copies(damaged)
        note = ""
        if pending:
            from drafter.tui.screens.dialogs import when_saved

            latest = pending[0]
            note = (f"⚠ {len(pending)} 份草稿未保存 unsaved · r 恢复 recover · "
                    f"{when_saved(latest.saved)} {latest.title or Path(latest.path).name}")
        # (Not there when the screen is being taken down: asked for after a resize storm,
        # the note had ended the app with NoMatches, fuzz passes 56 and 57.)
        # (As text, not markup: a title holding [/草稿] had ended every start with a
        # MarkupError, fuzz pass 58 M3, and [@click=app.quit] in one was a live link.)
        for line in self.query("#recovery-note").results(Static):
            line.update(Text(note))
        return pending

    def offer_recovery(self) -> None:
        """Every draft a session left unsaved, in one dialog."""
        from drafter.tui.screens.dialogs import RecoveryScreen

        pending = self.show_recovery_note()
        if not pending or self._asking:
            return

        def answer(chosen) -> None:
            self._asking = False
            if chosen is not None:
                self.app.recover(chosen)
            else:
                self._later = True
                self.show_recovery_note()

        self._asking = True
        self.app.push_screen(RecoveryScreen(pending), answer)

    def action_recover(self) -> None:
        if not self.show_recovery_note():
            self.notify("没有未保存的草稿 · no unsaved drafts to recover")
            return
        self.offer_recovery()

    # -- actions ----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#templates")
    def _template_chosen(self, event: OptionList.OptionSelected) -> None:
        # (Not while a draft is being made: an Enter pressed just after the form's had
        # opened a second form, waiting behind the new draft: new user.)
        if event.option.id and not self._assembling:
            self.new_draft(event.option.id)

    @on(OptionList.OptionSelected, "#recent")
    def _recent_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_draft(Path(event.option.id))

    @on(Input.Submitted, "#open-path")
    def _path_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            try:
                path = expanded(event.value.strip())
            except DrafterError as exc:  # (~nouser/x.json)
                self.notify(str(exc), severity="error")
                return
            self.app.open_draft(path)

    def new_draft(self, name: str) -> None:
        from drafter.tui.screens.dialogs import FieldsScreen

        template = self._templates[name]
        form = FieldsScreen(template)

        def create(values: dict[str, str] | None) -> None:
            if values is not None:
                self._assembling = True  # (before the worker starts: keys come first)
                self.assemble(template, values, form.mode)

        self.app.push_screen(form, create)

    @work(exclusive=True, group="assemble", exit_on_error=False)
    async def assemble(self, template, values: dict[str, str], mode: str = "outline") -> None:
        import asyncio

        from drafter.draft.assemble import assemble
        from drafter.draft.library import new_draft_path
        from drafter.errors import DrafterError

        self.notify("正在组稿 · assembling …", timeout=2)
        try:
            bank = await self.app.bank()
            draft = await asyncio.to_thread(assemble, template, values, bank, 0, mode)
            path = new_draft_path(draft)
        except DrafterError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        finally:
            self._assembling = False
        self.app.show_new_draft(draft, path)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the path box has the focus, letters are typed into it: the footer does
        # not offer n/o/v then (a new user pressed o, as it said, and typed o/tmp/…).
        if action in ("new", "open", "review", "recover") and isinstance(self.focused, Input):
            return False
        return True

    def action_leave_path(self) -> None:
        """Esc in the path box: back to the templates, whose keys work again; an error
        about the path goes with it (a first Esc that only took the error away had left
        the next key typed into the box: new user)."""
        self.app.dismiss_notices()
        self.action_new()

    # A key's action may run after the screen's widgets are gone (queued behind a burst
    # of input while the app closes: fuzz passes 56 and 57): it then does nothing.

    def action_new(self) -> None:
        for listing in self.query("#templates").results(OptionList):
            listing.focus()

    def action_recent(self) -> None:
        for recent in self.query("#recent").results(OptionList):
            if recent.option_count:
                recent.focus()

    def action_open(self) -> None:
        for box in self.query("#open-path").results(Input):
            box.focus()

    def action_review(self) -> None:
        self.app.show_review()

    def on_screen_resume(self) -> None:
        if not self._shown:
            # The first showing: on_mount reads the lists and asks about recovery after
            # the first paint (asking here had read the recovery copies and imported the
            # dialogs before the screen was drawn).
            self._shown = True
            return
        if hasattr(self, "_templates"):
            self.load_lists()
        # Back from a draft: the banner follows the copies on disk; after a recovery
        # (not an Esc) the drafts still waiting are offered again.
        if self.app.screen is self and not self._asking:
            if self._later:
                self.show_recovery_note()
            else:
                self.offer_recovery()
