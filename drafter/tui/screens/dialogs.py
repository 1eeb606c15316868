"""Modal dialogs: template fields, confirm, recover unsaved drafts, edit a line of text,
export, help."""

from __future__ import annotations

import re
import time
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option

from drafter.config import expanded
from drafter.errors import DrafterError
from drafter.fileio import shown
from drafter.tui import keys
from drafter.tui.widgets import LineEditor, NavOptionList, TypingInput, keys_footer


class AnswersOnce:
    """A dialog is answered once, and closes itself, not the screen on top of it.

    Textual's dismiss answers the dialog and closes whatever screen is on top.  With keys
    coming fast, a key ahead of the answer can open another screen above the dialog (F1's
    help): Enter then closed the help instead, and the second Enter answered the dialog
    again, which raised and ended the dialog's message loop, leaving it on screen and deaf
    to every key, autosave stopped (fuzz pass C of stop 63, M2: 100 keys a few
    milliseconds apart).  Here a second answer is no answer, and an answer given while
    another screen is on top waits until that screen closes."""

    _answered = False
    _answer_held: tuple | None = None  # (the result,) waiting for the screens above to close

    def dismiss(self, result=None):
        from textual.await_complete import AwaitComplete

        async def nothing_to_do() -> None:
            pass

        stack = self.app.screen_stack
        if self._answered or self not in stack:
            return AwaitComplete(nothing_to_do()).call_next(self)
        if stack[-1] is not self:
            self._answer_held = (result,)
            return AwaitComplete(nothing_to_do()).call_next(self)
        self._answered = True
        self._answer_held = None
        return super().dismiss(result)

    def on_screen_resume(self) -> None:
        if self._answer_held is not None:
            self.dismiss(*self._answer_held)


class Palette(AnswersOnce, CommandPalette):
    """Textual's command palette, answered once (its escape pressed twice before it
    closed had answered it twice)."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            # Textual 8.2's page keys look up lines an option list has not counted
            # while it has no size (the palette's list before it is shown): a KeyError
            # that had ended the app (a replay of fuzz pass C's keys, stop 64).
            pass


class _MarkOnlyWhenOn:
    """A toggle whose mark is empty when it is off: its state shows without colour too
    (Textual's radio buttons and check boxes draw their mark in both states)."""

    MARK = "●"

    @property
    def BUTTON_INNER(self) -> str:  # the name ToggleButton draws the mark from
        return self.MARK if self.value else " "


class FormatButton(_MarkOnlyWhenOn, RadioButton):
    """A format choice: ● marks the one chosen."""


class PlainCheckbox(_MarkOnlyWhenOn, Checkbox):
    """A check box: ✓ when ticked, empty when not."""

    MARK = "✓"


class FieldCheckbox(PlainCheckbox, inherit_bindings=False):
    """A check box among a form's fields: space ticks it, Enter moves on as it does from
    every field (the 全文 box had been skipped by Enter, and the space meant for it typed
    into the next field: new user, stop 37)."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False),
                Binding("enter", "next_field", "Next field", show=False)]

    def action_next_field(self) -> None:
        self.screen.focus_next()


class FieldsScreen(AnswersOnce, ModalScreen[dict | None]):
    """The template's fields in a form; required ones must be filled, dates must exist."""

    BINDINGS = keys.FIELDS
    HELP = ("## New draft\n\nFill in what you know; fields left empty become visible "
            "placeholders such as 〔待补：讲话人〕. `*` marks a required field. "
            "*全文* (space toggles it) drafts the paragraphs under each point too; "
            "without it the draft is an outline of headings and leads, which export "
            "can still fill. Enter moves on (through the 全文 box too), `ctrl+s` (or "
            "Enter on the last field) "
            "creates the draft, Esc cancels.")

    def __init__(self, template):
        super().__init__()
        self.template = template
        # The draft's length, as chosen when the form is submitted: ``full`` (paragraphs
        # under each point) or ``outline`` (headings and leads).
        self.mode = "outline"

    def compose(self) -> ComposeResult:
        from drafter.draft.templates import DERIVED_LABELS

        labels = {**DERIVED_LABELS, **{spec.key: spec.label for spec in self.template.fields}}
        # The fields scroll; the title, the error and the buttons stay in sight.
        with Vertical(classes="dialog", id="fields"):
            yield Label(f"新建{self.template.label}", classes="dialog-title", markup=False)
            yield Static("", id="fields-error", classes="error", markup=False)
            with VerticalScroll(id="fields-scroll"):
                yield from self._field_rows(labels)
            with Horizontal(classes="buttons"):
                yield Button("创建 Create", variant="primary", id="create", compact=True)
                yield Button("取消 Cancel", id="cancel", compact=True)
        yield keys_footer()

    def _field_rows(self, labels: dict[str, str]) -> ComposeResult:
        yield Static(self.template.description, classes="hint", markup=False)
        for spec in self.template.fields:
            mark = "*" if spec.required else ""
            if spec.help:
                hint = spec.help
            elif spec.default:
                hint = "默认：" + _readable_default(spec.default, labels)
            else:
                hint = "可留空，稿中显示〔待补〕"
            with Horizontal(classes="field-row"):
                yield Label(f"{spec.label}{mark}", classes="field-label", markup=False)
                yield TypingInput(placeholder=hint, id=self._input_id(spec.key))
            if spec.key == "topic":
                # Under the topic, the next Tab: below the last field it had looked like
                # the form's end while more fields were hidden under it (new user).
                yield FieldCheckbox("全文 full: 每个要点下配好段落（否则只出提纲）",
                                    id="fields-full", compact=True)

    def _input_id(self, key: str) -> str:
        """The id of a field's box: field-KEY, or by the field's place when its key is
        no identifier Textual takes (讲话人, "a b": the form had ended the app in
        BadIdentifier, fuzz pass C of stop 68)."""
        if _IDENTIFIER_RE.fullmatch(key):
            return f"field-{key}"
        keys = [spec.key for spec in self.template.fields]
        return f"field--{keys.index(key)}"

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "field-topic" and (full := self.query("#fields-full")):
            full.first().focus()  # Enter goes on to the 全文 box under the topic
            return
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_submit()

    @on(Button.Pressed, "#create")
    def action_submit(self) -> None:
        from drafter.errors import DrafterError

        values = {spec.key: self.query_one(f"#{self._input_id(spec.key)}", Input).value.strip()
                  for spec in self.template.fields}
        given = {k: v for k, v in values.items() if v}
        try:
            self.template.resolve_fields(given)  # validates: required fields, dates …
        except DrafterError as exc:
            key = getattr(exc, "key", None)
            spec = next((s for s in self.template.fields if s.key == key), None)
            if spec is not None and not values[spec.key]:
                message = f"请填写「{spec.label}」· {spec.label} is required"
            elif spec is not None:
                message = f"「{spec.label}」有误 · {exc}"
            else:
                message = str(exc)
            self.query_one("#fields-error", Static).update(message)
            if spec is not None:
                # The field in sight (the form had scrolled back to its top, with the
                # wrong date below the edge: new user).
                field_input = self.query_one(f"#{self._input_id(spec.key)}", Input)
                field_input.focus()
                self.call_after_refresh(field_input.scroll_visible, animate=False)
            else:
                self.query_one("#fields-scroll").scroll_home()
            return
        full = self.query("#fields-full")
        self.mode = "full" if full and full.first(Checkbox).value else "outline"
        self.dismiss(given)

    @on(Input.Changed)
    def _typed(self) -> None:
        # What the error said is being put right: it goes (it had stayed over the
        # filled-in field).
        self.query_one("#fields-error", Static).update("")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Esc: a form with something typed in asks first (it had thrown the typed
        fields away at once: new user), as the edit dialogs do."""
        if not any(field.value.strip() for field in self.query(Input)):
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)
        self.app.push_screen(ConfirmScreen(
            "放弃已填写的内容？ Discard what you typed in the form?",
            yes="放弃 Discard", no="继续填写 Keep editing", safe=True), answer)


def _readable_default(source: str, labels: dict[str, str]) -> str:
    """A default as a writer reads it: 在{{ meeting }}上的讲话 → 在〈会议名称〉上的讲话; one
    that decides between forms ({% if … %}) is said to follow from the topic."""
    import re

    if "{%" in source:
        return "由主题推出 (from the topic)"
    return re.sub(r"\{\{\s*(\w+)\s*\}\}",
                  lambda m: f"〈{labels.get(m.group(1), m.group(1))}〉", source)


class ConfirmScreen(AnswersOnce, ModalScreen[bool | None]):
    BINDINGS = keys.CONFIRM
    HELP = ("## A question\n\n`y` answers yes, `n` no, Enter the focused button (no, where "
            "yes would throw something away); Esc leaves everything as it is. When the "
            "question lists what a yes will do, ↓/↑ and PgDn/PgUp scroll the list.")

    def __init__(self, question: str, yes: str = "是 Yes", no: str = "否 No",
                 details: list | None = None, safe: bool = False):
        """``details``: lines to scroll through before answering (what a bulk decision
        will do, each phrase of it); ``safe``: Enter answers no (a question whose yes
        throws something away: Esc then Enter had discarded a typed line)."""
        super().__init__()
        self.question, self.yes, self.no = question, yes, no
        self.details = details or []
        self.safe = safe

    def compose(self) -> ComposeResult:
        from drafter.tui.widgets import NavOptionList

        with Vertical(classes="dialog with-details" if self.details else "dialog",
                      id="confirm"):
            # (As text: a question names a heading, a title or a path, and one holding
            # [/] had ended the app in a MarkupError, fuzz pass C of stop 68.)
            yield Static(self.question, markup=False)
            if self.details:
                yield NavOptionList(*self.details, id="confirm-details")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes", compact=True)
                yield Button(f"{self.no} (n)", id="no", compact=True)
        yield keys_footer()

    def on_mount(self) -> None:
        self.query_one("#no" if self.safe else "#yes", Button).focus()

    def action_details(self, step: int) -> None:
        if self.details:
            listed = self.query_one("#confirm-details")
            last = listed.option_count - 1
            listed.highlighted = max(0, min(last, (listed.highlighted or 0) + step))

    def action_details_page(self, step: int) -> None:
        if self.details:
            self.action_details(step * max(1, self.query_one("#confirm-details").size.height - 1))

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(None)


RECOVERY_HELP = """\
## Drafts not saved

drafter stopped (a crash, a closed terminal, a killed process) while these drafts had
changes not yet in their files; a copy of each was kept.

- Enter / `y` recover the highlighted one: it opens with the copy's text and is saved
  to its file (`u` in the draft brings back the file as it was)
- `d` discard the highlighted copy (asks first; this cannot be undone)
- Esc decide later: every copy is kept and offered again (`r` on the start screen)
"""


def when_saved(saved: float) -> str:
    """When a copy was saved, with its year when that is not this one (a copy dated 2096
    had been shown as 10-02 07:06: fuzz pass 56)."""
    try:
        at = time.localtime(saved)
    except (OverflowError, OSError, ValueError):  # (a date no clock reaches)
        return "?"
    return time.strftime("%m-%d %H:%M" if at.tm_year == time.localtime().tm_year
                         else "%Y-%m-%d %H:%M", at)


class RecoveryScreen(AnswersOnce, ModalScreen):
    """The recovery copies sessions left behind: recover one (the dialog closes with
    it), discard one (asked first), or Esc to decide later (closes with None).  No copy
    is touched unless the writer chose so."""

    BINDINGS = keys.RECOVERY
    HELP = RECOVERY_HELP

    def __init__(self, copies: list, opening: Path | None = None):
        super().__init__()
        self.copies = list(copies)
        self.opening = opening

    def compose(self) -> ComposeResult:
        from drafter.tui.widgets import NavOptionList

        with Vertical(classes="dialog", id="recovery"):
            yield Label("恢复未保存的草稿 · Recover unsaved drafts", classes="dialog-title")
            if self.opening is not None:
                yield Static("这份草稿有未保存的副本 · this draft has changes that were never "
                             "saved; Esc opens the file as saved and keeps the copy",
                             classes="hint")
            yield NavOptionList(*self._options(), id="recovery-list")
            with Horizontal(classes="buttons"):
                yield Button("恢复 Recover (y)", variant="primary", id="recover", compact=True)
                yield Button("丢弃 Discard (d)", id="discard", compact=True)
                # From the start screen Esc keeps the copies for later; when the draft
                # is being opened, Esc opens the file as it was saved.
                # (Short enough for the three buttons to fit at 80 columns.)
                later = ("以后 Later (Esc)" if self.opening is None
                         else "打开原文件 Open saved (Esc)")
                yield Button(later, id="later", compact=True)
        yield keys_footer()

    def _options(self) -> list:
        from rich.text import Text
        from textual.widgets.option_list import Option

        return [Option(Text.assemble(
            (r.title or Path(r.path).name, "bold"), "  ",
            (when_saved(r.saved), "dim"), "  ",
            (Path(r.path).name, "dim"),
            # (Recovered, it goes beside the file: the newer file, or a file that is no
            # draft, stays as it is.)
            ("  文件已在此后保存，恢复为另一份 · file saved since: recovers beside it",
             "yellow") if r.older_than_file else
            ("  原位置现为其他文件，恢复为另一份 · no draft there now: recovers beside it",
             "yellow") if r.file_is_no_draft else ""), id=str(i))
            for i, r in enumerate(self.copies)]

    def on_mount(self) -> None:
        listing = self.query_one("#recovery-list")
        listing.highlighted = 0
        listing.focus()

    def _highlighted(self):
        index = self.query_one("#recovery-list").highlighted
        return self.copies[index] if index is not None and self.copies else None

    @on(Button.Pressed, "#recover")
    def action_recover(self) -> None:
        if (chosen := self._highlighted()) is not None:
            self.dismiss(chosen)

    def on_option_list_option_selected(self) -> None:
        self.action_recover()

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            chosen.discard()
            self.copies.remove(chosen)
            if not self.copies:
                self.dismiss(None)
                return
            listing = self.query_one("#recovery-list")
            listing.set_options(self._options())
            listing.highlighted = 0

        self.app.push_screen(ConfirmScreen(
            f"丢弃“{chosen.title or chosen.path}”未保存的修改？\n"
            "Discard the unsaved changes? This cannot be undone.",
            yes="丢弃 Discard", no="保留 Keep", safe=True), answer)

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        self.dismiss(None)


class TextScreen(AnswersOnce, ModalScreen[str | None]):
    """Edit one text (a heading, a sentence, a paragraph, section keys) in a line that wraps."""

    BINDINGS = keys.DIALOG_CANCEL
    HELP = ("## Edit\n\nChange the text; Enter keeps it (one undo step: `u` in the "
            "outline brings the old text back), Esc leaves it as it was. A long text wraps "
            "over several rows: ←/→ and ↑/↓ move in it, Home/End go to a row's ends, "
            "`ctrl+z` / `ctrl+y` undo and redo typing, `ctrl+u` clears what is before the cursor.")

    def __init__(self, title: str, value: str, hint: str = "", help: str = ""):
        super().__init__()
        self.title_text, self.value, self.hint = title, value, hint
        if help:
            # F1's text for what this line is for (a similarity is no text edited: new
            # user 44 read the editing help in the merge prompt).
            self.HELP = help

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="text-edit"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield LineEditor(self.value, placeholder=self.hint, id="text-value")
            yield Static("", classes="error", id="text-error", markup=False)
            yield from self.under_line()
            yield Static(self.KEYS, classes="hint")
        yield keys_footer()

    KEYS = "Enter 确定 · Esc 取消"  # the keys line at the dialog's foot

    def under_line(self) -> ComposeResult:
        """What a kind of text dialog shows between the line and its keys (nothing)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(LineEditor).focus()

    def typed(self) -> str:
        """The text in the line now (the draft screen keeps it in its recovery copy); ''
        once the dialog is being taken down (attached still, its line already gone)."""
        lines = self.query("#text-value")
        return lines.first(LineEditor).value if lines else ""

    @on(LineEditor.Submitted)
    def _done(self, event: LineEditor.Submitted) -> None:
        refused = self.refused(event.value)
        if refused:
            self.query_one("#text-error", Static).update(refused)
            return
        self.dismiss(self.taken(event.value))

    def taken(self, value: str) -> str:
        """What the dialog gives back for ``value`` (a dialog of keys gives the keys its
        labels stand for)."""
        return value

    def refused(self, value: str) -> str:
        """Why ``value`` cannot be taken ('' when it can): said in the dialog, which
        stays open with the line as typed."""
        return ""

    # Keys of a flood reached this dialog (the app sets it): what its line holds is the
    # flood's, not the writer's, and quitting does not stop to ask about it.
    typed_in_flood = False

    def changed(self) -> bool:
        """Whether the writer has typed something not yet kept (Enter) in the line."""
        return bool(self.query("#text-value")) and self.typed() != self.value

    def action_cancel(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return
        # What was typed is lost on Esc: asked first (Esc again, or n, keeps editing).
        def answer(discard: bool | None) -> None:
            if discard:
                # Once the question is gone (dismissed from its own callback, the dialog
                # waited for itself); not awaited: a handler may not await its dismissal.
                self.call_later(self._discard)

        self.app.push_screen(
            ConfirmScreen("放弃刚才输入的文字？ Discard what you typed?",
                          yes="放弃 Discard", no="继续编辑 Keep editing", safe=True), answer)

    def _discard(self) -> None:
        self.dismiss(None)


class KeysScreen(TextScreen):
    """Section types or domains for phrases under review: keys typed in rank order,
    every known key listed with its label below (it scrolls), an unknown key refused in
    the dialog with what was typed kept."""

    HELP = ("## Section types / domains\n\nType keys separated by spaces, best first: "
            "the first is the one the phrase is filed under. A label (党的建设), part of "
            "one (经济) or its characters in order (党建) stand for its key. The change "
            "goes to every marked row (else the row under the cursor), as one decision "
            "that `u` undoes. The list under the line gives every key and its label: Tab "
            "goes to it, ↑/↓ move in it, Enter adds the key to the line. A key not in the "
            "list is refused here, with what you typed kept; Enter in the line keeps, Esc "
            "leaves the phrases as they were.")

    def __init__(self, title: str, value: str, known: dict[str, str]):
        super().__init__(title, value, " ".join(known))
        self.known = known

    KEYS = "Enter 确定 · Tab 选键 pick · Esc 取消 · F1 帮助"

    def under_line(self) -> ComposeResult:
        # Picked from as well as read (new user 52 could not pick from a plain list).
        yield NavOptionList(*(Option(f"{key}  {label}", id=key)
                              for key, label in self.known.items()), id="known-keys")

    @on(OptionList.OptionSelected, "#known-keys")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        """Enter on a key of the list: added to the line (once), and back to the line."""
        line = self.query_one(LineEditor)
        words = line.value.split()
        if event.option.id not in {self._key(word) for word in words}:
            line.value = " ".join([*words, event.option.id])
        line.focus()

    def _key(self, word: str) -> str | None:
        """The key ``word`` is, or names by its label (重点任务 for key_tasks: a new user
        typed the labels the list shows, and was refused)."""
        if word in self.known:
            return word
        named = next((key for key, label in self.known.items()
                      if word == label or word in label.split()), None)
        if named is None and len(word) >= 2:
            # Part of one label only (经济 of 经济发展: new user 42 was refused), or its
            # characters in order, as Chinese shortens a name (党建 of 党的建设: new
            # user 52); part of several stays unknown, and the list shows which were meant.
            for matches in (str.__contains__, _in_order):
                within = [key for key, label in self.known.items() if matches(label, word)]
                if within:
                    named = within[0] if len(within) == 1 else None
                    break
        return named

    def taken(self, value: str) -> str:
        return " ".join(self._key(word) or word for word in value.split())

    def refused(self, value: str) -> str:
        unknown = [k for k in value.split() if self._key(k) is None]
        if unknown:
            return f"不认识的键 unknown key(s): {' '.join(unknown)} — 见下表 see the list"
        return "" if value.split() else "至少一个键 · at least one key"


def _in_order(label: str, word: str) -> bool:
    """Whether ``word``'s characters are all in ``label``, in order (党建 in 党的建设)."""
    rest = iter(label)
    return all(character in rest for character in word)


EXPORT_FORMATS = [("docx", "DOCX 提纲 (outline, as drafted)", ".docx"),
                  ("docx-full", "DOCX 全文 (full: adds supporting sentences)", ".docx"),
                  ("markdown", "Markdown", ".md"), ("text", "纯文本 Text", ".txt")]


def export_formats(mode: str) -> list[tuple[str, str, str]]:
    """The formats offered for a draft drafted in ``mode``: a full draft is exported as
    drafted (a new user's full draft had been offered "DOCX 提纲" first, though its
    file held every paragraph), and there is nothing for DOCX 全文 to add."""
    if mode != "full":
        return EXPORT_FORMATS
    return [("docx", "DOCX 全文 (full, as drafted)", ".docx"), *EXPORT_FORMATS[2:]]


class FormatChoice(RadioSet):
    """The export formats: the arrow keys choose (the highlighted format is the one
    exported, as the help says) and Enter exports, like the dialog's other fields."""

    BINDINGS = [Binding("down,right", "choose(1)", "Next format", show=False),
                Binding("up,left", "choose(-1)", "Previous format", show=False),
                Binding("enter", "screen.export", "Export", show=False)]

    def action_choose(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()


class ExportScreen(AnswersOnce, ModalScreen[dict | None]):
    """Choose a format and a path; an existing file is overwritten only when confirmed."""

    BINDINGS = keys.EXPORT
    HELP = ("## Export\n\nPick a format with the arrow keys (● marks it), check the path; "
            "Enter (in the formats or the path) or `ctrl+s` exports. *DOCX 全文* fills "
            "the outline with supporting sentences first (your headings are kept). An "
            "existing file is replaced only after you confirm.")

    def __init__(self, default_stem: Path, checks: dict | None = None, mode: str = "outline"):
        super().__init__()
        self.default_stem = default_stem
        self.checks = checks
        self.mode = mode
        self.formats = export_formats(mode)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Label("导出 · Export", classes="dialog-title")
            if self.checks is not None:
                tone = "error" if self.checks["error"] else "hint"
                errors, warnings = self.checks["error"], self.checks["warning"]
                # (An outline's counts are its own: new user 52 read them as those of
                # the file DOCX 全文 wrote, which adds sentences; those are checked as it
                # exports.)
                whose = "检查" if self.mode == "full" else "提纲检查"
                after = ("检查页可逐条查看 · see the Checks tab" if self.mode == "full"
                         else "全文另加的句子导出时检查 · 全文's additions: checked on export")
                yield Static(f"{whose}：✖ {errors} 错误 · ▲ {warnings} 警告（{after}）",
                             classes=tone)
            with FormatChoice(id="export-format", compact=True):
                for i, (key, label, _) in enumerate(self.formats):
                    yield FormatButton(label, value=i == 0, id=f"fmt-{key}")
            yield TypingInput(value=str(self.default_stem.with_suffix(".docx")), id="export-path",
                        compact=True)
            yield PlainCheckbox("注明来源 · provenance (comments / notes)", id="export-provenance",
                           compact=True)
            with Horizontal(classes="buttons"):
                yield Button("导出 Export", variant="primary", id="do-export", compact=True)
                yield Button("取消 Cancel", id="cancel", compact=True)
        yield keys_footer()

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(RadioSet.Changed)
    def _format_changed(self, event: RadioSet.Changed) -> None:
        suffix = self.formats[event.index][2]
        path_input = self.query_one("#export-path", Input)
        path_input.value = str(Path(path_input.value).with_suffix(suffix))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#do-export")
    def action_export(self) -> None:
        index = self.query_one(RadioSet).pressed_index
        fmt = self.formats[max(index, 0)][0]
        try:
            path = expanded(self.query_one("#export-path", Input).value.strip())
        except DrafterError as exc:  # (~nouser/x.docx)
            self.notify(str(exc), severity="error")
            return
        provenance = self.query_one("#export-provenance", Checkbox).value
        choice = {"format": fmt, "path": path, "provenance": provenance}
        try:
            exists, folder = path.exists(), path.is_dir()
        except OSError as exc:
            # (A name over 255 bytes: Path.exists raises, and the app had ended in the
            # traceback, the edits since the last recovery copy lost: fuzz pass C of
            # stop 68.)  Said; the dialog stays open.
            self.notify(f"{shown(path)}: {exc.strerror or exc}", severity="error")
            return
        if folder:
            self.notify(f"{shown(path)} 是文件夹 · is a folder: give a file's name",
                        severity="error")
            return
        if exists:
            def answer(yes: bool | None) -> None:
                if yes:
                    self.dismiss({**choice, "overwrite": True})
            self.app.push_screen(ConfirmScreen(f"{path}\n已存在，覆盖？ Overwrite it?",
                                               safe=True), answer)
            return
        self.dismiss({**choice, "overwrite": False})

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


_IDENTIFIER_RE = re.compile(r"[A-Za-z0-9_-]+")


class HelpScreen(AnswersOnce, ModalScreen[None]):
    """F1: help for the focused pane, then every key of the screen."""

    BINDINGS = keys.HELP

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    @classmethod
    def for_focus(cls, app) -> HelpScreen:
        screen = app.screen
        parts = []
        node = app.focused
        while node is not None:
            if getattr(node, "HELP", None) and not isinstance(node, type):
                parts.append(node.HELP)
                break
            node = node.parent
        if getattr(screen, "HELP", None) and screen.HELP not in parts:
            parts.append(screen.HELP)
        rows = []
        for binding in [*getattr(screen, "BINDINGS", []), *getattr(app, "BINDINGS", [])]:
            shown = keys.written(keys.in_effect(app, binding))
            # (A key Textual's own widgets bind, the palette's, has no id: it cannot be
            # remapped, and an empty `` had been shown for it.)
            remap = f"`{binding.id}`" if binding.id else "—"
            rows.append(f"| `{shown}` | {keys.label(binding)} | {remap} |")
        parts.append("## Keys\n\n| key | does | id (remap in settings.toml [keys]) |\n"
                     "|---|---|---|\n" + "\n".join(rows))
        return cls("\n\n".join(parts))

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown  # markdown-it is imported only for help

        with VerticalScroll(classes="dialog", id="help"):
            yield Markdown(self.text)
            yield Static("Esc 关闭 · close", classes="hint")
        yield keys_footer()

    def action_close(self) -> None:
        self.dismiss(None)
