"""Start: pick a template for a new draft, reopen a recent one, open a file, or go to
phrase review.  A draft a crash left unsaved is offered back first."""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from drafter.tui import keys
from drafter.tui.widgets import NavOptionList

HELP = """\
## Start

- **Templates** (left): Enter starts a new draft of that genre; a form asks for its fields.
- **Recent drafts** (right): Enter reopens one.
- **Open file**: type a draft's path (.json) and press Enter.
- `n` new · `o` open a file · `v` review mined phrases · `ctrl+p` all commands · `ctrl+q` quit
"""


def _short(description: str) -> str:
    """The first clause of a template's description, for a one-line list."""
    for stop in "：:。":
        if stop in description:
            return description.split(stop, 1)[0]
    return description


class StartScreen(Screen):
    BINDINGS = keys.START
    HELP = HELP

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="start"):
            yield Static("", id="recovery-note")
            with Horizontal(id="start-lists"):
                with Vertical(classes="pane"):
                    yield Label("新建 · New draft from a template", classes="pane-title")
                    yield NavOptionList(id="templates")
                with Vertical(classes="pane"):
                    yield Label("最近 · Recent drafts", classes="pane-title")
                    yield NavOptionList(id="recent")
            yield Input(placeholder="打开文件 · path to a draft .json, then Enter", id="open-path")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#templates", OptionList).loading = True
        # Templates (TOML + Jinja2) are read after the first paint.
        self.call_after_refresh(self.load_lists)
        self.call_after_refresh(self.offer_recovery)

    @work(thread=True, exclusive=True, group="start")
    def load_lists(self) -> None:
        from drafter.draft.library import recent_drafts
        from drafter.draft.templates import list_templates

        problems: list = []
        templates = list_templates(problems=problems)
        recent = recent_drafts()
        self.app.call_from_thread(self._show_lists, templates, recent, problems)

    def _show_lists(self, templates, recent, problems) -> None:
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
            recent_list.add_options([
                Option(Text.assemble(r.title or Path(r.path).name, "\n  ", (
                    f"{time.strftime('%m-%d %H:%M', time.localtime(r.opened))}  "
                    f"{labels.get(r.template, r.template)}", "dim")), id=r.path)
                for r in recent])
            recent_list.highlighted = 0
        else:
            recent_list.add_option(Option("（还没有草稿 · no drafts yet）", disabled=True))
        for problem in problems:
            self.notify(str(problem), title="template skipped", severity="warning", timeout=8)
        listing.focus()

    def template_labels(self) -> list[tuple[str, str]]:
        return [(name, t.label) for name, t in getattr(self, "_templates", {}).items()]

    # -- recovery ---------------------------------------------------------------------

    def offer_recovery(self) -> None:
        from drafter.draft.library import pending_recoveries
        from drafter.tui.screens.dialogs import ConfirmScreen

        pending = pending_recoveries()
        if not pending:
            return
        latest = pending[0]
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(latest.saved))
        self.query_one("#recovery-note", Static).update(
            f"⚠ 上次未正常退出 · an unsaved draft from {when}: {latest.title or latest.path}")

        def answer(recover: bool | None) -> None:
            if recover:
                self.recover(latest)
            elif recover is False:
                latest.discard()
                self.query_one("#recovery-note", Static).update("")

        self.app.push_screen(ConfirmScreen(
            f"恢复未保存的草稿？\nRecover the draft you were editing at {when}?\n\n"
            f"{latest.title}\n{latest.path}", yes="恢复 Recover", no="丢弃 Discard"), answer)

    def recover(self, recovery) -> None:
        from drafter.tui.screens.draft import DraftScreen

        try:
            draft = recovery.load()
        except Exception as exc:  # a damaged copy: say so, keep the file
            self.notify(f"cannot read {recovery.copy}: {exc}", severity="error")
            return
        self.query_one("#recovery-note", Static).update("")
        screen = DraftScreen(draft, Path(recovery.path))
        screen.dirty_from_recovery = True
        self.app.push_screen(screen)

    # -- actions ----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#templates")
    def _template_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.new_draft(event.option.id)

    @on(OptionList.OptionSelected, "#recent")
    def _recent_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_path(event.option.id)

    @on(Input.Submitted, "#open-path")
    def _path_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.open_path(event.value.strip())

    def new_draft(self, name: str) -> None:
        from drafter.tui.screens.dialogs import FieldsScreen

        template = self._templates[name]

        def create(values: dict[str, str] | None) -> None:
            if values is not None:
                self.assemble(template, values)

        self.app.push_screen(FieldsScreen(template), create)

    @work(exclusive=True, group="assemble")
    async def assemble(self, template, values: dict[str, str]) -> None:
        import asyncio

        from drafter.draft.assemble import assemble
        from drafter.draft.library import new_draft_path
        from drafter.errors import DrafterError
        from drafter.tui.screens.draft import DraftScreen

        self.notify("正在组稿 · assembling …", timeout=2)
        bank = await self.app.bank()
        try:
            draft = await asyncio.to_thread(assemble, template, values, bank, 0, "outline")
        except DrafterError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        screen = DraftScreen(draft, new_draft_path(draft))
        screen.dirty_from_recovery = True  # new: save it on the first autosave
        self.app.push_screen(screen)

    def open_path(self, path: str) -> None:
        from drafter.errors import DrafterError
        from drafter.tui.screens.draft import DraftScreen

        try:
            screen = DraftScreen.from_file(Path(path).expanduser())
        except DrafterError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.app.push_screen(screen)

    def action_new(self) -> None:
        self.query_one("#templates", OptionList).focus()

    def action_open(self) -> None:
        self.query_one("#open-path", Input).focus()

    def action_review(self) -> None:
        from drafter.tui.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    def on_screen_resume(self) -> None:
        if hasattr(self, "_templates"):
            self.load_lists()
