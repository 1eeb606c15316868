"""The draft screen: the outline on the left, phrases, checks and the preview on the
right, a status line with length and speaking time.

The screen is built from components (drafter.tui.components) that show what they are
given and post messages when the writer does something in them; this screen wires
those messages to the draft's editor.  Every change goes through
drafter.draft.edit.DraftEditor (so it can be undone) and is followed by a rebuild of
the views; this screen's own recovery copy is written every few seconds while there
are changes (never over a copy another session left), and the draft is saved to its
file on ctrl+s and when the screen closes (also on ctrl+q).
"""

from __future__ import annotations

import copy
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import TabbedContent

from drafter.draft.edit import DraftEditor, EditError
from drafter.draft.model import Draft
from drafter.errors import DrafterError
from drafter.tui import keys
from drafter.tui.components.checks import ChecksPanel
from drafter.tui.components.outline import OUTLINE_HELP, Outline, OutlineTree
from drafter.tui.components.phrases import PhrasePanel
from drafter.tui.components.preview import PreviewPanel, PreviewScroll
from drafter.tui.components.status import StatusBar
from drafter.tui.widgets import BankOpened, ReportsWorkerErrors, ScreenHeader, keys_footer

AUTOSAVE_SECONDS = 3.0


_BATCH_TRIES = 3  # proposals 换一批 draws before it keeps the one shown


class DraftScreen(ReportsWorkerErrors, Screen):
    BINDINGS = keys.DRAFT
    HELP = OUTLINE_HELP

    def __init__(self, draft: Draft, path: Path, recovered: tuple | None = None):
        """``recovered``: (the Recovery, its draft) when the writer chose to recover a
        copy; ``draft`` is then the file as it was saved (or the copy, if none)."""
        from drafter.draft.library import file_stamp, new_session, recovery_path

        super().__init__()
        self.editor = DraftEditor(draft)
        self.path = path
        self.recovered = recovered
        self.session = new_session()
        self.recovery_copy = recovery_path(path, self.session)
        self.saved_version = 0
        self.recovery_version = 0
        self.dirty_from_recovery = False  # recovered or new: not yet in its file
        self._template = None
        # The edit dialog open now: (dialog, the text it started with, edit(editor, text)).
        self._open_edit: tuple | None = None
        self._recovery_typed: str | None = None  # that dialog's text in the recovery copy
        self._keep_recovery_copy = False  # kept whatever is saved (see keep_open_edit)
        self._panes_seen = False  # the side panes' first activation (the screen built)
        # The list a jump to the outline came from (a finding chosen in Checks): Esc goes
        # back to it before it closes the draft.
        self._jumped_from: Widget | None = None
        # The file as this screen last read or wrote it: a save finding it otherwise
        # (another drafter, an editor) does not write over it (see save).
        self._file_stamp = file_stamp(path)

    @classmethod
    def from_file(cls, path: Path) -> DraftScreen:
        from drafter.draft.library import open_draft

        return cls(open_draft(path), path)

    @property
    def draft(self) -> Draft:
        return self.editor.draft

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ScreenHeader()
        with Horizontal(id="draft"):
            yield Outline(id="outline-pane")
            with TabbedContent(id="side"):
                yield PhrasePanel("短语 Phrases", id="tab-phrases")
                yield ChecksPanel("检查 Checks", id="tab-checks")
                yield PreviewPanel("预览 Preview", id="tab-preview")
        yield StatusBar("", id="status")
        yield keys_footer()

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def phrases(self) -> PhrasePanel:
        return self.query_one(PhrasePanel)

    @property
    def checks(self) -> ChecksPanel:
        return self.query_one(ChecksPanel)

    # What acts on the outline row, out of sight while the writer is in the phrase list:
    # x there would delete a heading they cannot see, and at 80 columns these keys had
    # pushed Export and F1 off the footer (new user).
    _OUTLINE_ONLY = frozenset({"edit", "delete", "another_batch", "move_up", "move_down",
                               "indent", "outdent", "add_after", "add_sentence",
                               "add_child", "toggle_run_in"})

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in self._OUTLINE_ONLY and self.focused is not None and any(
                node is self.phrases for node in self.focused.ancestors_with_self):
            return False
        return True

    def on_mount(self) -> None:
        if self.path.exists() and not self.dirty_from_recovery:
            self._saved_json = self.draft.to_json()
        self.title = self.draft.title or "草稿"
        self.sub_title = self.path.name
        self.refresh_views(select=(0,) if self.draft.body else None)
        self.phrases.follow_topic(self.draft.topic_words)
        self.query_one("#outline", OutlineTree).focus()
        # Tab goes from the outline straight into the pane shown; the panes are
        # switched with / ! p (or a click on their tab).
        self.query_one("#side ContentTabs").can_focus = False
        if self.recovered is not None:
            self._take_recovered()
        elif self.dirty_from_recovery or not self.path.exists():
            self.save(quiet=True)
        # (Kept: a test that ticks it by hand pauses it, so a slow machine's tick does
        # not land between the steps it checks.)
        self.autosave_timer = self.set_interval(AUTOSAVE_SECONDS, self.autosave)

    def _take_recovered(self) -> None:
        """The recovered text, as one change over the saved file (u undoes it), goes
        to the file; only then is the copy removed."""
        recovery, copy = self.recovered
        if copy is not self.draft:
            self.editor.replace_draft(copy, "恢复 recover")
            self.refresh_views()
        self.dirty_from_recovery = True
        if recovery.goes_beside:
            # The file was saved after the copy was made, or is no draft now: the copy
            # goes beside it, the file stays (recovering had replaced newer work, new
            # user; and written over a text file, fuzz pass 55 A4).
            self._file_stamp = None
        if self.save(quiet=True):
            recovery.discard()
            # (What u undoes is the status line's own last words: said here too, the line
            # had read "已恢复 recovered · u 撤销 │ … · u 撤销 恢复 recover", new user 45.)
            self.refresh_status("已恢复 recovered")

    # -- views ------------------------------------------------------------------------

    def refresh_views(self, select: tuple | str | None = None, item: int | str | None = None,
                      checks: bool = True) -> None:
        """Rebuild the outline, preview and status from the draft; put the cursor on
        ``select`` (a node path), or on its ``item``; or on a part outside the body
        (``select`` "opening", "closing" or "front", ``item`` which one)."""
        self.outline.show(self.editor, select, item)
        self.query_one(PreviewPanel).show(self.draft)
        self.refresh_status()
        if checks:
            self.run_checks()

    def refresh_status(self, message: str | None = None) -> None:
        """The status line; ``message`` (已撤销 …) stays until the draft changes again."""
        self.query_one(StatusBar).show(self.editor, self.is_saved(),
                                       self.app.settings.speech.chars_per_minute, message)

    # -- checks -----------------------------------------------------------------------

    @on(BankOpened)
    def _recheck(self) -> None:
        # Checks run before the bank was open skipped what needs it (copying, quotes);
        # a search the reindexing closed the bank under is asked again.
        self.run_checks()
        self.phrases.search()

    def run_checks(self) -> None:
        self.checks.run(self.draft)

    @property
    def report(self):
        """The last check run's report (None before the first, or when it failed)."""
        return self.checks.report

    @report.setter
    def report(self, report) -> None:
        self.checks.report = report

    @property
    def checked_with_bank(self) -> bool:
        return self.checks.checked_with_bank

    @on(ChecksPanel.Reported)
    def _reported(self, event: ChecksPanel.Reported) -> None:
        if event.flags != self.outline.flags:  # the marks beside the headings change
            self.outline.flags = event.flags
            self.refresh_views(checks=False)

    @on(ChecksPanel.JumpTo)
    def _jump(self, event: ChecksPanel.JumpTo) -> None:
        from drafter.check.source import item_of_passage, place_outside_body

        finding = event.finding
        node = finding.location.node
        # The sentence it names, when it names one (new user 45: Enter on an unfilled
        # gap had selected the heading above it).
        place = (node, None if node is None else item_of_passage(
            self.draft, self.editor.node(node), finding.location.paragraph))
        if node is None:
            place = place_outside_body(self.draft, finding.location.paragraph)
            if place is None:
                self.notify(f"¶{finding.location.paragraph}", severity="warning")
                return
        self._jumped_from = self.focused
        self.query_one("#outline", OutlineTree).focus()  # first: focusing moves the cursor
        self.refresh_views(*place, checks=False)

    # -- the cursor -------------------------------------------------------------------

    @property
    def cursor_placed(self) -> bool:
        """Whether the outline's cursor is on the row the last rebuild meant."""
        return self.outline.cursor_placed

    def cursor(self) -> tuple:
        """The outline row the keys act on (Outline.cursor)."""
        return self.outline.cursor()

    def selected_path(self) -> tuple | None:
        data = self.cursor()
        return data[1] if data[0] in ("node", "item") else None

    def _apply(self, change, *args, select=None, item=None) -> None:
        try:
            result = change(*args)
        except EditError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.refresh_views(select=select if select is not None else result, item=item)

    @on(Outline.Moved)
    def _moved(self, event: Outline.Moved) -> None:
        # The phrase browser's section filter follows the writer through the outline;
        # a rebuild after an insert must not change a filter they chose there.
        data = event.data
        if not event.by_writer or data[0] not in ("node", "item"):
            return
        try:
            section = self.editor.node(data[1]).section
        except EditError:
            return
        self.phrases.follow_section(section)

    # -- outline actions --------------------------------------------------------------

    def _need_node(self) -> tuple | None:
        path = self.selected_path()
        if path is None:
            self.notify("先选择一个标题 · select a heading first", severity="warning")
        return path

    def action_add_after(self) -> None:
        """After a sentence, a sentence of the writer's own; after a heading (or with
        nothing chosen), a heading."""
        data = self.cursor()
        if data[0] == "item":
            self._add_sentence(data[1], data[2] + 1)
            return
        path = self.selected_path()
        self.edit_text("新标题 · new heading", "",
                       lambda editor, text: editor.add_after(path, text),
                       suggest_for=(path, True))

    def action_add_sentence(self) -> None:
        """A sentence of the writer's own: after the chosen sentence, or as the last
        under the chosen heading (a new user had found no way to write one)."""
        data = self.cursor()
        if data[0] == "item":
            self._add_sentence(data[1], data[2] + 1)
        elif data[0] == "node":
            self._add_sentence(data[1], len(self.editor.node(data[1]).items))
        else:
            self.notify("先选择一个标题或句子 · select a heading or a sentence first",
                        severity="warning")

    def _add_sentence(self, path: tuple, index: int) -> None:
        self.edit_text("新句子 · new sentence", "",
                       lambda editor, text: editor.add_item(path, text, index),
                       select=path, item=index, suggest_for=(path, False))

    def action_add_child(self) -> None:
        if (path := self._need_node()) is not None:
            self.edit_text("下级标题 · new sub-heading", "",
                           lambda editor, text: editor.add_child(path, text),
                           suggest_for=(path, True))

    def action_edit(self) -> None:
        data = self.cursor()
        if data[0] == "node":
            node = self.editor.node(data[1])
            self.edit_text("编辑标题 · edit heading", node.heading,
                           lambda editor, text: editor.set_heading(data[1], text),
                           select=data[1], suggest_for=(data[1], True))
        elif data[0] == "item":
            entry = self.editor.node(data[1]).items[data[2]]
            self.edit_text("编辑句子 · edit sentence", entry.text,
                           lambda editor, text: editor.edit_item(data[1], data[2], text),
                           select=data[1], item=data[2], suggest_for=(data[1], False))
        elif data[0] == "front":
            name = data[1]
            self.edit_text(f"编辑 · edit {name}", getattr(self.draft, name),
                           lambda editor, text: editor.set_meta(name, text),
                           select="front", item=name)
        elif data[0] in ("opening", "closing"):
            from drafter.draft.model import part_names

            part, index = data
            text = getattr(self.draft, part)[index].text
            chinese, english = part_names(part, text)
            self.edit_text(f"编辑{chinese} · edit the {english}", text,
                           lambda editor, text: editor.edit_passage(part, index, text),
                           select=part, item=index)
        else:
            self.notify("先选择一行 · select a row of the outline", severity="warning")

    def edit_text(self, title: str, value: str, edit, select=None, item=None,
                  suggest_for: tuple | None = None) -> None:
        """Ask for a line of text and apply ``edit(editor, text)`` with it, then put the
        cursor on ``select``/``item`` (by default where the edit says).  While the
        dialog is open, the text typed so far goes into the recovery copy as if it had
        been applied (a crash loses nothing typed).  ``suggest_for`` (node path, is a
        heading) offers phrases as the writer types (drafter.tui.suggest)."""
        from drafter.tui.screens.dialogs import TextScreen

        def finish(text: str | None) -> None:
            self._open_edit = None
            if text is not None and text.strip():
                self._apply(edit, self.editor, text.strip(), select=select, item=item)
        if suggest_for is None:
            dialog = TextScreen(title, value)
        else:
            from drafter.bank.suggest import Context
            from drafter.tui.suggest import SuggestingTextScreen

            path, heading = suggest_for
            node = self.editor.node(path) if path is not None else None
            dialog = SuggestingTextScreen(title, value, Context.of(self.draft, node, heading))
        self._open_edit = (dialog, value, edit)
        self.app.push_screen(dialog, finish)

    def _draft_with_open_edit(self) -> tuple[Draft, str] | None:
        """The draft as it would be with the text typed so far in the open edit dialog
        applied, and that text; None when no dialog holds a change."""
        if self._open_edit is None:
            return None
        dialog, value, edit = self._open_edit
        typed = dialog.typed().strip() if dialog.is_attached else ""
        if not typed or typed == value.strip():
            return None
        shadow = DraftEditor(copy.deepcopy(self.draft))
        try:
            edit(shadow, typed)
        except EditError:
            return None
        return shadow.draft, typed

    def action_delete(self) -> None:
        from drafter.tui.screens.dialogs import ConfirmScreen

        data = self.cursor()
        if data[0] == "node":
            node = self.editor.node(data[1])
            if node.children:
                def answer(yes: bool | None) -> None:
                    if yes:
                        self._apply(self.editor.delete, data[1])
                self.app.push_screen(ConfirmScreen(
                    f"删除“{node.heading}”及其下 {len(node.children)} 个小标题？\n"
                    "Delete this heading with everything under it? (u undoes it)"), answer)
                return
            self._apply(self.editor.delete, data[1])
        elif data[0] == "item":
            # The cursor stays among the sentences (the next, else the one before), not
            # on the heading above them, where it had gone (new user).
            left = len(self.editor.node(data[1]).items) - 1
            self._apply(self.editor.delete_item, data[1], data[2], select=data[1],
                        item=min(data[2], left - 1) if left else None)
        elif data[0] in ("opening", "closing"):
            self._apply(self.editor.delete_passage, data[0], data[1], select=data[0],
                        item=max(data[1] - 1, 0))
        else:
            self.notify("select a heading or a sentence", severity="warning")

    def action_move_up(self) -> None:
        self._move(-1)

    def action_move_down(self) -> None:
        self._move(1)

    def _move(self, step: int) -> None:
        """Move the chosen heading among its siblings, or the chosen sentence among its
        heading's (J/K on a sentence had done nothing, and said nothing)."""
        data = self.cursor()
        if data[0] == "item":
            path, index = data[1], data[2]
            self._apply(self.editor.move_item, path, index, step, select=path,
                        item=index + step)
            return
        if data[0] != "node":
            self.notify("先选择一个标题或句子 · select a heading or a sentence to move",
                        severity="warning")
            return
        path = data[1]
        siblings = self.draft.body if len(path) == 1 else self.editor.node(path[:-1]).children
        if not 0 <= path[-1] + step < len(siblings):
            self.notify("已到本级最前 · already the first at its level" if step < 0 else
                        "已到本级最后 · already the last at its level", severity="warning")
            return
        self._apply(self.editor.move_up if step < 0 else self.editor.move_down, path)

    def action_indent(self) -> None:
        if (path := self._need_node()) is not None:
            self._apply(self.editor.indent, path)

    def action_outdent(self) -> None:
        if (path := self._need_node()) is not None:
            self._apply(self.editor.outdent, path)

    def action_toggle_run_in(self) -> None:
        if (path := self._need_node()) is not None:
            self._apply(self.editor.toggle_run_in, path, select=path)

    def action_undo(self) -> None:
        try:
            step = self.editor.undo()
        except EditError as exc:
            self.notify(str(exc), severity="warning")
            return
        # The cursor goes to the node the undone change touched, as it is again now.
        self.refresh_views(*(step.before or (None, None)))
        self.refresh_status(f"已撤销 undone: {step.label}")

    def action_redo(self) -> None:
        try:
            step = self.editor.redo()
        except EditError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.refresh_views(*(step.after or (None, None)))
        self.refresh_status(f"已重做 redone: {step.label}")

    @work(exclusive=True, group="refill", exit_on_error=False)
    async def action_another_batch(self) -> None:
        import asyncio

        from drafter.draft.assemble import refill, writers_own_below
        from drafter.draft.templates import load_template
        from drafter.tui.screens.dialogs import ConfirmScreen

        path = self._need_node()
        if path is None:
            return
        node = self.editor.node(path)
        if node.slot and (written := writers_own_below(node)):
            # Its own sentences are kept; its subheadings' are replaced with them.
            sure = await self.app.push_screen_wait(ConfirmScreen(
                f"下级标题中有你写的 {written} 处内容，换一批会连同下级一起替换"
                f"（u 可撤销）。继续？\n{written} place(s) you wrote under its subheadings "
                "would be replaced (u undoes it). Go on?", safe=True))
            if not sure:
                return
        bank = await self.app.bank()
        self._batches = getattr(self, "_batches", 0) + 1
        try:
            if self._template is None:
                self._template = load_template(self.draft.template)
            # A batch that leaves more gaps than the one shown is no better proposal
            # (a part of safeguards had come back as three gaps, two alike: new user):
            # a few seeds are tried, and the shown one stays when none fills as much.
            shown_gaps = len(node.gaps())
            new, new_gaps = None, 0
            for _ in range(_BATCH_TRIES):
                tried = await asyncio.to_thread(refill, self.draft, node, self._template,
                                                bank, 1000 + self._batches)
                if new is None or len(tried.gaps()) < new_gaps:
                    new, new_gaps = tried, len(tried.gaps())
                if new_gaps <= shown_gaps:
                    break
                self._batches += 1
        except DrafterError as exc:
            self.notify(str(exc), severity="error")
            return
        if new_gaps > shown_gaps:
            why = "别的提法空缺更多，保留当前 · other proposals leave more gaps: this one stays"
            self.refresh_status(f"换一批: {why}")
            self.notify(why, title="换一批 changed nothing", severity="warning")
            return
        if new.to_dict() == node.to_dict():
            # Nothing to swap: no change, no undo entry, and the writer is told why.
            why = ("这是你写的标题，下面也没有可换的内容 · a heading you wrote is kept and "
                   "nothing under it can be proposed anew" if not node.slot else
                   "没有别的提法了 · no other proposal for this heading")
            self.refresh_status(f"换一批: {why}")
            self.notify(why, title="换一批 changed nothing", severity="warning")
            return
        self._apply(self.editor.replace_node, path, new, select=path)

    # -- panes ------------------------------------------------------------------------

    def action_search(self) -> None:
        self.show_pane("tab-phrases")

    def action_checks(self) -> None:
        self.show_pane("tab-checks")

    def action_preview(self) -> None:
        """p: the preview, focused so it scrolls; p in it goes back to the outline and
        leaves it in sight while the writer edits."""
        if self.query_one("#preview-scroll", PreviewScroll).has_focus:
            self.query_one("#outline", OutlineTree).focus()
        else:
            self.show_pane("tab-preview")

    # What a pane's keys act on: focused when the pane is shown.
    _PANE_FOCUS = {"tab-phrases": "#query", "tab-checks": "#findings",
                   "tab-preview": "#preview-scroll"}

    def show_pane(self, pane: str) -> None:
        """Show a side pane and put the focus in it (its keys and its F1 help)."""
        self.query_one("#side", TabbedContent).active = pane
        self.query_one(self._PANE_FOCUS[pane]).focus()

    @on(TabbedContent.TabActivated, "#side")
    def _pane_shown(self, event: TabbedContent.TabActivated) -> None:
        # The first activation is the screen being built (the outline keeps the focus);
        # after that a pane shown by a click gets the focus as one shown by a key does.
        first = not self._panes_seen
        self._panes_seen = True
        if not first and event.pane.id in self._PANE_FOCUS:
            self.query_one(self._PANE_FOCUS[event.pane.id]).focus()

    def action_back(self) -> None:
        """Esc: an error on screen goes first; from a side pane back to the outline;
        from the outline, back to the list a jump came from (Checks), else close the
        draft (a new user leaving Checks after a jump closed the draft instead)."""
        if self.app.dismiss_notices():
            return
        outline = self.query_one("#outline", OutlineTree)
        came_from, self._jumped_from = self._jumped_from, None
        if outline.has_focus and came_from is not None and came_from.is_attached:
            self.query_one("#side", TabbedContent).active = "tab-checks"
            came_from.focus()
        elif outline.has_focus:
            self.action_close()
        else:
            outline.focus()

    def action_close(self) -> None:
        """Save and go back to the start screen, saying so (Esc had left the draft
        without a word: a new user thought the draft was gone).  Not while a dialog is
        open above the draft: a key typed ahead of the dialog would close the dialog in
        the draft's place."""
        if self.app.screen is not self or not self.save(quiet=True):
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.show_start()
        self.app.notify(f"草稿已保存并关闭 · draft saved and closed: {self.path}", timeout=6)

    # -- phrases ----------------------------------------------------------------------

    @on(PhrasePanel.Chosen)
    def insert_phrase(self, event: PhrasePanel.Chosen) -> None:
        """The phrase the writer chose goes under the selected heading (after the
        selected sentence), or in place of the selected row."""
        from drafter.draft.model import item_from_hit
        from drafter.text.sentences import ends_sentence

        hit, replace = event.hit, event.replace
        data = self.cursor()
        entry = item_from_hit(hit)
        entry.chosen = True  # the writer's choice: 换一批 keeps it
        if hit.kind in ("heading", "lead") and not ends_sentence(entry.text):
            # A heading put among the sentences reads as one: with its full stop (a new
            # user's 深化隐患排查整治 had stood in the text as a bare fragment).
            entry.text += "。"
        ref, text = entry.phrase, entry.text
        if not replace and data[0] in ("node", "item") and any(
                i.text == text for i in self.editor.node(data[1]).items):
            # Allowed (a writer may mean it), but said: twice in one section reads as a slip.
            self.notify("这一节已有这句 · this section already has this sentence "
                        "(u 撤销 undoes the insert)", severity="warning", timeout=6)
        if data[0] == "item":
            if replace:
                self._apply(self.editor.replace_item, data[1], data[2], entry,
                            select=data[1], item=data[2])
            else:
                position = self.editor.insert_item(data[1], entry, data[2] + 1)
                self.refresh_views(select=data[1], item=position)
        elif data[0] == "node":
            if replace:
                self._apply(self.editor.replace_heading, data[1], hit.text, ref,
                            select=data[1])
            elif hit.kind == "heading":
                # A heading chosen at a heading is a point of its own, not a sentence
                # under it (a new user's 深刻认识…的紧迫性 had come in with a full stop).
                added = self.editor.insert_heading(data[1], hit.text.rstrip("。"), ref)
                self.refresh_views(select=added)
            else:
                position = self.editor.insert_item(data[1], entry)
                self.refresh_views(select=data[1], item=position)
        else:
            self.notify("先在提纲中选择位置 · select a heading or sentence in the outline",
                        severity="warning")
            return
        self.notify(f"{'替换' if replace else '插入'}: {text[:30]}", timeout=2)

    # -- saving -----------------------------------------------------------------------

    def autosave(self) -> None:
        """Every few seconds: a recovery copy when something changed since the last,
        with the text of an open edit dialog in it."""
        from drafter.draft.library import write_recovery

        pending = self._draft_with_open_edit()
        typed = pending[1] if pending else None
        if (self.editor.version in (self.recovery_version, self.saved_version)
                and typed == self._recovery_typed):
            return
        if pending is None and self.is_saved():
            # Undone back to the file (or an edit dialog cancelled): nothing to recover.
            self.recovery_copy.unlink(missing_ok=True)
        else:
            try:
                write_recovery(self.path, pending[0] if pending else self.draft,
                               self.session)
            except Exception as exc:  # never lose the session over a failed copy
                self.notify(f"autosave failed: {exc}", severity="error")
                return
        self.recovery_version = self.editor.version
        self._recovery_typed = typed

    def is_saved(self) -> bool:
        """Whether the draft equals its file (undoing back to it counts as saved)."""
        if self.editor.version == self.saved_version:
            return True
        return self.draft.to_json() == getattr(self, "_saved_json", None)

    def save(self, quiet: bool = False) -> bool:
        from drafter.draft.library import file_stamp, path_beside, recovery_path, save

        target = self.path
        if file_stamp(self.path) not in (None, self._file_stamp):
            # Saved by someone else since this screen read it (a second drafter on the
            # same draft: the last save had won, silently): both versions are kept.
            target = path_beside(self.path)
        try:
            save(target, self.draft, self.session)
        except DrafterError as exc:
            self.notify(f"not saved: {exc}", severity="error", timeout=10)
            return False
        if target != self.path:
            # (Not "another program": a recovered copy's own file, saved since the copy
            # was made, is changed since too: new user.)
            why = ("不是草稿 · is no draft" if self.recovered is not None
                   and self.recovered[0].file_is_no_draft else
                   "在你打开之后已被修改 · was changed since you opened it")
            self.notify(f"{self.path.name} {why}：未覆盖 not overwritten；本草稿另存为 this "
                        f"draft saved as {target}", severity="warning", timeout=15)
            self.recovery_copy.unlink(missing_ok=True)
            self.path, self.recovery_copy = target, recovery_path(target, self.session)
            self.sub_title = target.name
            quiet = True
        self._file_stamp = file_stamp(target)
        self.saved_version = self.recovery_version = self.editor.version
        self._saved_json = self.draft.to_json()
        self.dirty_from_recovery = False
        if not quiet:
            self.notify(f"已保存 saved {self.path}", timeout=3)
        if self.is_mounted and self.query("#status"):
            self.refresh_status()
        return True

    def save_before_quit(self) -> Path | bool | None:
        """Save for the app quitting: the file's path when there was something to save
        and it was saved, None when there was nothing, False when saving failed (the
        error is shown and the app stays open)."""
        if self.is_saved() and not self.dirty_from_recovery:
            return None
        return self.path if self.save(quiet=True) else False

    def action_save(self) -> None:
        self.save()

    def keep_recovery(self) -> Path | None:
        """This session's recovery copy, written now with the draft as it stands (the app
        quitting after a save failed): its path, None when it cannot be written either."""
        from drafter.draft.library import write_recovery
        from drafter.errors import DrafterError

        try:
            return write_recovery(self.path, self.draft, self.session)
        except (DrafterError, OSError, ValueError):
            # (A full disk, or text no file can hold: said in the question, not a
            # traceback; anything else is a bug, and shown as one.)
            return None

    def keep_open_edit(self) -> None:
        """The app ending on a signal (the terminal closed: SIGHUP; SIGTERM) with text
        typed in an open edit dialog: that text goes into this session's recovery copy,
        which is kept for the next start to offer.  The draft was saved without it and
        the copy deleted, the typed text lost (fuzz pass, stop 62: M5)."""
        from drafter.draft.library import write_recovery

        pending = self._draft_with_open_edit()
        if pending is None:
            return
        try:
            write_recovery(self.path, pending[0], self.session)
        except Exception:  # (the copy written last by autosave stays, as it is)
            pass
        self._keep_recovery_copy = True

    def on_unmount(self) -> None:
        # Leaving the screen or quitting: the draft goes to its file.
        if self.editor.version != self.saved_version or self.dirty_from_recovery:
            self.save(quiet=True)
        if self.is_saved() and not self.dirty_from_recovery and not self._keep_recovery_copy:
            # The file holds everything kept: this session's copy (of an edit cancelled
            # since the last autosave) would be offered as a crash at the next start.
            self.recovery_copy.unlink(missing_ok=True)

    # -- export -----------------------------------------------------------------------

    def action_export(self) -> None:
        import re

        from drafter.tui.screens.dialogs import ExportScreen

        name = re.sub(r'[\\/:*?"<>|\s]+', "", self.draft.title)[:40] or self.path.stem
        stem = getattr(self, "_last_export", None) or Path.cwd() / name
        summary = self.report.summary() if self.report is not None else None
        self.app.push_screen(ExportScreen(Path(stem).with_suffix(""), summary,
                                          mode=self.draft.mode), self.export)

    def _check_filled(self, draft, bank) -> dict:
        """The counts of the checks of ``draft`` as 全文 filled it."""
        from drafter.check import check
        from drafter.check.source import from_draft

        return check(from_draft(draft), bank=bank,
                     chars_per_minute=self.app.settings.speech.chars_per_minute).summary()

    @work(exclusive=True, group="export", exit_on_error=False)
    async def export(self, choice: dict | None) -> None:
        import asyncio

        from drafter.draft.assemble import expand
        from drafter.export import write_draft

        if not choice:
            return
        from drafter.config import check_output_file

        draft = copy.deepcopy(self.draft)
        filled = None  # the checks of what 全文 added, when it added something
        try:
            # Not inside a phrasebank, as on the command line (fuzz pass 42: the dialog
            # had written a .docx among a bank's phrase files).
            check_output_file(choice["path"])
            if choice["format"] == "docx-full":
                bank = await self.app.bank()
                await asyncio.to_thread(expand, draft, None, bank)
                # What the writer has not seen is checked before it goes out: the dialog's
                # "0 错误 · 0 警告" had been the outline's, and the file then held passages
                # copied word for word (new user 52).
                filled = await asyncio.to_thread(self._check_filled, draft, bank)
            written = await asyncio.to_thread(write_draft, draft, choice["path"],
                                              overwrite=choice["overwrite"],
                                              provenance=choice["provenance"])
        except DrafterError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self._last_export = written
        if filled is not None and (filled["error"] or filled["warning"]):
            self.notify(f"已导出 exported {written}\n全文检查 the full text: ✖ {filled['error']} "
                        f"错误 · ▲ {filled['warning']} 警告 — drafter check {written.name} "
                        "lists them", severity="warning")
        else:
            self.notify(f"已导出 exported {written}", timeout=5)
        # …and where it went stays on the status line until the draft changes (new user
        # 44 had only the toast, gone before they looked for the file).
        self.refresh_status(f"已导出 {written.name}")

