"""Small widgets shared by the screens."""

from __future__ import annotations

import re
import unicodedata

from textual import events
from textual.app import NoScreen
from textual.message import Message
from textual.widgets import Footer, Header, Input, OptionList, Select, TextArea
from textual.widgets._select import SelectOverlay
from textual.widgets.text_area import Edit

from drafter.text.chars import CONTROL_LIKE_RE
from drafter.tui import keys

CLIP = 44  # characters of a phrase shown in a list row; a detail pane has all of it


def clip(text: str, width: int = CLIP) -> str:
    """A phrase cut to one list row (``width`` characters), with … where it was cut."""
    return text if len(text) <= width else text[:width - 1] + "…"


class ScreenHeader(Header):
    """The screens' header, its title kept up to date only while it is on screen:
    Textual's own looks its title up whenever the app's or screen's title changes, and a
    screen closed in a burst of keys had ended the app with NoMatches (fuzz pass 54)."""

    def _on_mount(self, event) -> None:
        event.prevent_default()  # (Header's own handler, which this one stands in for)
        from textual.css.query import NoMatches
        from textual.widgets._header import HeaderTitle

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoScreen, NoMatches):
                pass

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)


class BankOpened(Message):
    """The phrasebank finished opening (or reopened after a review): what was worked
    out without it, such as a draft's checks against the bank, is worked out again."""


class ReportsWorkerErrors:
    """For a screen: its workers' failures go to the app's one handler (a worker's
    state change is told only to the node that started it and does not bubble)."""

    def on_worker_state_changed(self, event) -> None:
        self.app.worker_changed(event)


class _PagesOnceLaidOut:
    """For an OptionList: PageUp/PageDown do nothing while the list has no lines laid out.
    (Textual 8.2 looks up lines it has not counted while the list has no size, and the
    KeyError ended the app: in a list, and in a Select's drop-down, fuzz pass C of
    stop 65.)"""

    def _move_page(self, direction: int) -> None:
        try:
            super()._move_page(direction)
        except KeyError:
            pass  # no page to move by yet


class NavOptionList(_PagesOnceLaidOut, OptionList):
    """An option list that also moves with j/k."""

    BINDINGS = keys.LIST_NAV


class _DropDown(_PagesOnceLaidOut, SelectOverlay):
    """A Select's drop-down list (see _PagesOnceLaidOut)."""


class SafeSelect(Select):
    """A Select whose drop-down takes page keys before it is laid out."""

    def compose(self):
        yield from (_DropDown(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact) if isinstance(widget, SelectOverlay) else widget
            for widget in super().compose())


def keys_footer() -> Footer:
    """The footer every screen has: its most used keys, most used first.  No command
    palette key docked at its right: at 80 columns that key was drawn over the last
    keys (换一批 cut to 换, a stray letter after "palette"); ctrl+p is in F1's table."""
    return Footer(compact=True, show_command_palette=False)


# The longest text a box takes (a query, a rule, a path, a field), and a line editor (a
# heading, a sentence, a paragraph): a paste of 250,000 characters had taken the app
# past 1.2 GB as it laid the line out, and typed as keys, it no longer answered SIGTERM
# (fuzz pass 52).  What goes past is cut, and said.
MAX_INPUT_CHARS = 4096
MAX_LINE_CHARS = 20_000


class TypingInput(Input):
    """An Input that handles every key in the order it was typed.

    Input inserts a character the moment the key reaches it, but its other keys
    (backspace, ←, ctrl+w …) are bindings, which Textual runs only once the key has
    bubbled back up to the app: behind every key already queued there.  In a burst (an
    IME, a paste, a busy moment) 巡视整改, 4×backspace, 作风 became 巡视整改作风 and then
    lost four characters: 巡视.  Here the bindings of the focused chain run as the key
    arrives, as they would after bubbling (textual is pinned to 8.2.x: a private API)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_INPUT_CHARS)
        super().__init__(*args, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        if not await _key_in_order(self, event, self._type_space):
            await super()._on_key(event)

    # What is typed or pasted, without control characters (a pasted escape sequence had
    # left "作风^]52;c;Zm9va" in the search box: fuzz pass 49 q5), and no more of it
    # than the box takes (Input would check the length only once it was inserted).
    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(self._room_for(text, 0))

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(self._room_for(text, end - start), start, end)

    def _room_for(self, text: str, replaced: int) -> str:
        text = CONTROL_LIKE_RE.sub("", text)
        room = max(self.max_length - len(self.value) + replaced, 0) if self.max_length else None
        if room is not None and len(text) > room:
            _say_cut(self, room, self.max_length, "box")
            text = text[:room]
        elif room is None or len(text) < room:
            self._cut_said = False  # (room left after it: a cut later is news again)
        return text

    def _type_space(self, space: str) -> None:
        if self.selection.is_empty:
            self.insert_text_at_cursor(space)
        else:
            self.replace(space, *self.selection)


class LineEditor(TextArea):
    """One line of text that wraps as it grows: a heading, a sentence, a paragraph of
    200 characters is read whole at 80 columns (an Input showed only the last 35 of an
    opening as it was edited: new users 44 and 45).  Enter keeps it (Submitted), as in
    an Input; a line break pasted or typed is no part of a line.  It answers to the
    names the dialogs use for an Input's (value, cursor_position) and, like
    TypingInput, runs its keys in the order they were typed."""

    class Submitted(Message):
        """Enter in the line: ``value`` is its text."""

        def __init__(self, editor: LineEditor, value: str) -> None:
            super().__init__()
            self.editor, self.value = editor, value

        @property
        def control(self) -> LineEditor:
            return self.editor

    def __init__(self, value: str = "", *, placeholder: str = "", id: str | None = None
                 ) -> None:
        super().__init__(_one_line(value), soft_wrap=True, tab_behavior="focus",
                         show_line_numbers=False, highlight_cursor_line=False,
                         placeholder=placeholder, id=id, compact=True)
        self.move_cursor(self.document.end)

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        # An edit, not a new document: ctrl+z takes the line back to what it was.
        self.history.checkpoint()
        self.replace(text, (0, 0), self.document.end)
        self.history.checkpoint()
        self.move_cursor(self.document.end)

    @property
    def cursor_position(self) -> int:
        return self.cursor_location[1]

    @cursor_position.setter
    def cursor_position(self, column: int) -> None:
        self.move_cursor((0, column))

    def action_delete_to_start_of_line(self) -> None:
        """ctrl+u: everything before the cursor, not only its wrapped row (an Input's
        ctrl+u cleared the line)."""
        self._delete_via_keyboard(self.selection.end, (0, 0))

    def edit(self, edit: Edit):
        text = edit.text
        if CONTROL_LIKE_RE.search(text):  # (a line break, or a pasted escape: see
            text = _one_line(text)  # TypingInput)
        replaced = len(self.get_text_range(edit.from_location, edit.to_location))
        room = max(MAX_LINE_CHARS - len(self.text) + replaced, 0)
        if len(text) > room:  # (see MAX_LINE_CHARS)
            _say_cut(self, room, MAX_LINE_CHARS, "line")
            text = text[:room]
        elif len(text) < room:
            self._cut_said = False  # (see TypingInput._room_for)
        if text != edit.text:
            edit = Edit(text, edit.from_location, edit.to_location,
                        edit.maintain_selection_offset)
        return super().edit(edit)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if not await _key_in_order(self, event, lambda space: self._replace_via_keyboard(
                space, *self.selection)):
            await super()._on_key(event)


def _say_cut(widget, room: int, limit: int, what: str) -> None:
    """Say that what was typed or pasted was cut to ``room`` characters: once until the
    widget takes text whole again (said for every key of 250,000 typed past the limit,
    the notices had taken the app to 1.39 GB: fuzz pass 53)."""
    if getattr(widget, "_cut_said", False):
        return
    widget._cut_said = True
    widget.app.notify(f"只取了前 {room:,} 个字 · only {room:,} characters taken (a {what} "
                      f"holds {limit:,})", severity="warning")


_LINE_BREAK_RE = re.compile(r"\s*[\r\n]+\s*")


def _one_line(text: str) -> str:
    """``text`` with its line breaks (and the spaces around them) and other control
    characters taken out."""
    return CONTROL_LIKE_RE.sub("", _LINE_BREAK_RE.sub("", text))


async def _key_in_order(widget, event: events.Key, type_space) -> bool:
    """Handle a key a text widget would leave to a binding (see TypingInput), or a
    space Python calls unprintable, as it arrives; whether it was handled."""
    if _typed_space(event):
        # Python calls no space but " " printable, so Input dropped the ideographic
        # space (U+3000) that sets 县委书记　王明 apart (new users 41 and 42).
        event.stop()
        event.prevent_default()
        widget._restart_blink()
        type_space(event.character)
        return True
    if not event.is_printable and await widget.app._check_bindings(event.key):
        event.stop()
        event.prevent_default()
        return True
    return False


def _typed_space(event: events.Key) -> bool:
    """Whether a key types a space Python does not call printable (U+3000 …)."""
    return (event.character is not None and len(event.character) == 1
            and not event.is_printable and unicodedata.category(event.character) == "Zs")


class PromptedSelect(SafeSelect):
    """A Select whose list, opened with nothing chosen, starts on its prompt: the first ↓
    lands on the first choice.  (Nothing had been highlighted, so the first ↓ went to
    the prompt and ↓↓ Enter, meant for the second choice, took the first: new user 42
    approved nine idioms meaning to reject them.)"""

    def _watch_expanded(self, expanded: bool) -> None:
        super()._watch_expanded(expanded)
        if expanded and self.value is self.NULL and self._allow_blank:
            self.query_one(SelectOverlay).highlighted = 0
