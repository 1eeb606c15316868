"""The drafter app: a start screen, the draft screen and the review screen.

Heavy work never runs before the first screen is drawn: the phrasebank index is opened
in a thread worker after mount (``bank()`` awaits it), templates are read when a list
needs them.  Keys come from drafter.tui.keys and can be remapped in settings.toml.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time
import traceback
from pathlib import Path

from rich.segment import Segment
from textual import events
from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.constants import ESCAPE_DELAY  # (after a lone ESC: ESCDELAY, 100 ms)
from textual.filter import LineFilter
from textual.markup import escape
from textual.message import Message

from drafter import termination
from drafter.text.chars import CONTROL_LIKE_RE
from drafter.tui import keys
from drafter.tui.widgets import BankOpened


class DrafterCommands(Provider):
    """Command palette: the current screen's actions, the templates, recent drafts."""

    # (Names and help are read as markup by the palette: a template labelled 党课[/] had
    # ended it in a MarkupError, fuzz pass C of stop 68.  Escaped, they show as written.)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(escape(name), callback, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            # By its name, or by its key as written ("ctrl+e", ">": a new user looked
            # an action up by the key the footer showed).
            score = max(matcher.match(name), matcher.match(help_text))
            if score > 0:
                yield Hit(score, matcher.highlight(escape(name)), callback,
                          help=escape(help_text))

    def _commands(self):
        """(name in Chinese and English, the keys as written, what it does)."""
        app = self.app
        screen = self.screen
        seen = set()
        for binding in [*getattr(screen, "BINDINGS", []), *keys.APP]:
            if binding.action in seen or not isinstance(binding.action, str):
                continue
            seen.add(binding.action)
            action = binding.action
            target = screen if hasattr(screen, f"action_{action}") else app
            shown = keys.written(keys.in_effect(app, binding))
            yield (keys.label(binding), f"key {shown}",
                   lambda a=action, t=target: t.run_action(a))
        from drafter.tui.screens.review import ReviewScreen
        from drafter.tui.screens.start import StartScreen

        # Where the app can go from any screen, by the names the start screen gives
        # (审核 from a draft had found nothing: new user).
        if not isinstance(screen, (ReviewScreen, StartScreen)):
            yield ("审核短语 Review phrases", "the phrasebank's review queue",
                   app.show_review)
        if isinstance(screen, StartScreen):
            for name, label in screen.template_labels():
                yield (f"New draft: {label}", name,
                       lambda n=name, s=screen: s.new_draft(n))


# Errors stay on screen until the writer dismisses them (Esc, a click) or a newer notice
# replaces them: a new user had an error about the file they asked for vanish after 11 s,
# before they had read it.  Warnings stay long enough to read, then go: kept until
# replaced, one had covered the export dialog's path for 80 s (the next new user).
# Plain notices (saved, exported) go as before.
STAYING = ("error",)
STAYS_FOR = 24 * 3600.0
WARNING_FOR = 15.0
# Notices raised this close together are shown together (the bank failing and the
# settings being ignored at start-up): only an older one is replaced.
REPLACES_AFTER = 0.5


SIGNAL_GRACE_SECONDS = 10.0  # for the app to leave by itself after SIGTERM or SIGHUP


def _tolerate_hostile_terminal_input() -> None:
    """What the terminal sends that Textual's input thread would die of, and end the app
    with a traceback (textual is pinned to 8.2.x, whose private names these are):

    - bytes that are no UTF-8 (the 8-bit CSI 0x9b, a paste of GBK bytes) are read as
      U+FFFD, where the thread's decoder was strict (fuzz pass 52);
    - a key sequence naming no character (ESC [99999999u: chr() out of range, fuzz pass
      53) is passed over as an unknown sequence is."""
    import codecs
    import functools

    from textual._xterm_parser import XTermParser
    from textual.drivers import linux_driver

    def tolerant_and_gated(encoding: str):
        decoder = codecs.getincrementaldecoder(encoding)

        class GatedDecoder(decoder):
            def decode(self, data: bytes, final: bool = False) -> str:
                if (valve := KeyValve.terminal) is not None:
                    data = valve.gate(data)
                return super().decode(data, final)

        return functools.partial(GatedDecoder, errors="replace")

    linux_driver.getincrementaldecoder = tolerant_and_gated
    parse_key = XTermParser._parse_extended_key

    def parse_key_or_none(parser, sequence: str):
        try:
            return parse_key(parser, sequence)
        except (ValueError, OverflowError):
            return None

    XTermParser._parse_extended_key = parse_key_or_none

    # A flood of keys (250,000 typed by a script, 1.6 MB of escape sequences read as
    # keys one character each) was queued as fast as the terminal sent it: 1.2-1.4 GB,
    # and ctrl+q waited behind it for over a minute (fuzz passes 53 and 54).  Past
    # KEYS_IN_FLIGHT keys sent and not yet handled, the input thread drops keys (and the
    # bytes still to come unparsed: see KeyValve.gate), and the app says how many once
    # the flood is over.  The quit key goes through, ahead of the keys queued before it.
    process_message = linux_driver.LinuxDriver.process_message

    def process_message_unless_flooded(driver, message) -> None:
        valve = getattr(driver._app, "key_valve", None)
        if (valve is not None and isinstance(message, events.Key)
                and not valve.admit(message.key)):
            return
        process_message(driver, message)

    linux_driver.LinuxDriver.process_message = process_message_unless_flooded

    # Textual resumes the application mode on every SIGCONT, suspended or not, and each
    # resume starts another input thread: after a few (kill -CONT, a debugger, a shell's
    # bg) ctrl+q left one blocked reading the terminal, and the process never ended
    # (fuzz pass 61).  Only a continue after the app's own suspend resumes it.
    suspend = linux_driver.LinuxDriver._sigtstp_application
    resume = linux_driver.LinuxDriver._sigcont_application

    def suspend_marked(driver, *args) -> None:
        driver.drafter_suspended = bool(driver._auto_restart)
        suspend(driver, *args)

    def resume_if_suspended(driver, *args) -> None:
        if not getattr(driver, "drafter_suspended", False):
            return
        try:
            foreground = os.tcgetpgrp(driver.fileno) == os.getpgrp()
        except OSError:
            foreground = True
        if not foreground:
            # Continued in the background (a shell's bg): stopped again, still suspended,
            # as Textual's own resume would be by the terminal; fg resumes it.  (Marked
            # resumed there, fg's continue had found nothing to resume and the app was
            # left dead: fuzz pass 62.)
            os.kill(os.getpid(), signal.SIGSTOP)
            return
        driver.drafter_suspended = False
        resume(driver, *args)

    linux_driver.LinuxDriver._sigtstp_application = suspend_marked
    linux_driver.LinuxDriver._sigcont_application = resume_if_suspended


class KeyValve:
    """Keys sent by the input thread and not yet handled by the app (see
    _tolerate_hostile_terminal_input): ``gate`` and ``admit`` run in the input thread,
    ``handled`` and ``skips`` in the app's loop.  (Plain ints and flags: the counts need
    only be about right.)"""

    # The valve of the app that reads the real terminal (one a process; None in tests,
    # whose apps read no terminal).
    terminal: KeyValve | None = None

    def __init__(self, limit: int, backlog: int = 100):
        self.limit = limit
        self.backlog = backlog  # keys in flight past which the app is behind, not typed at
        self.in_flight = 0
        self.dropped = 0
        self.dropped_bytes = 0
        self.quit_key = "ctrl+q"
        self.quit_bytes: bytes | None = b"\x11"
        self.quitting = False  # the quit key came behind a backlog: skip the keys before it
        self.in_paste = False  # inside a bracketed paste, as the terminal's bytes go
        self.paste_started = 0.0
        self._held = b""  # the start of a code (or a paste's marker) a read ended in
        self._escaped_at: float | None = None  # when a read ended on a lone ESC
        self._paste_dropped = False  # a flood took the start of the paste still coming
        self.opened_here = False  # whether the paste still open began in the last read
        # Bytes read in the current second, and until when input counts as a flood.
        self._window_start, self._window_bytes = 0.0, 0
        self.flood_until = 0.0
        self.last_burst = float("-inf")  # when keys last came faster than handled
        # …and has been handed to the app: what the keys before it typed in an edit
        # dialog was the flood's, not the writer's, and is not asked about.
        self.quit_after_flood = False

    def watch_for_quit(self, key: str) -> None:
        """The key bound to quitting; its byte, when the terminal sends one (ctrl+a-z)."""
        self.quit_key = key
        letter = key.removeprefix("ctrl+")
        self.quit_bytes = (bytes([ord(letter) - ord("a") + 1])
                           if key.startswith("ctrl+") and len(letter) == 1
                           and "a" <= letter <= "z" else None)

    def gate(self, data: bytes, now: float | None = None) -> bytes:
        """Bytes read from the terminal, as they go on to be parsed.  In a flood (the
        valve shut, or more than FLOOD_BYTES a second outside a paste, and for a second
        after) they are dropped unparsed, but for the quit key's: parsing 1.6 MB of
        escape sequences, only to drop the keys they make, had held the input thread 13 s
        (more on a busy machine), and the ctrl+q behind them as long; where the app kept
        up with the keys, the valve never shut and ctrl+q waited a minute (fuzz pass 55)."""
        now = time.monotonic() if now is None else now
        data, outside = self._follow_pastes(data, now)  # (a paste's own bytes are no flood)
        if self._paste_dropped:
            # A paste whose start a flood dropped goes with it, to its end: its text
            # alone would be read as keys (fuzz pass 58, M2: a sentence deleted).
            end = data.find(_PASTE_END)
            gone = len(data) if end < 0 else end + len(_PASTE_END)
            self.dropped_bytes += gone
            data = data[gone:]
            self._paste_dropped = end < 0
        if now - self._window_start >= 1.0:
            self._window_start, self._window_bytes = now, 0
        self._window_bytes += outside
        if self._window_bytes > FLOOD_BYTES or self.in_flight >= self.limit:
            self.flood_until = now + FLOOD_QUIET
            self.last_burst = now
        if now >= self.flood_until:
            return data
        kept = (_PASTE_END if _PASTE_END in data else b"") + (
            self.quit_bytes * data.count(self.quit_bytes) if self.quit_bytes else b"")
        self.dropped_bytes += len(data) - len(kept)
        if self.in_paste and self.opened_here:
            self._paste_dropped = True  # (its start went with the flood: see above)
        return kept

    def _follow_pastes(self, data: bytes, now: float) -> tuple[bytes, int]:
        """The terminal's bytes followed through its paste brackets: as they go on, and
        how many lay outside pastes.  The quit key's byte inside a bracketed paste the
        terminal has left open for PASTE_STALL seconds ends the paste first: one opened
        and never closed (ESC [200~ alone) had taken every key after it as pasted text,
        ctrl+q too (fuzz pass 54).  In a paste that is still coming, or closes in the
        same read, the byte is the paste's own (a 0x11 pasted had quit: fuzz pass 56 n2),
        and is dropped with its other control characters as the paste is taken."""
        data, self._held = self._held + data, b""
        out, outside, at = [], 0, 0
        self.opened_here = False
        escaped_at, self._escaped_at = self._escaped_at, None
        if not self.in_paste and escaped_at is not None and data and _PASTE_START[1:].startswith(
                data[:len(_PASTE_START) - 1]):
            if len(data) < len(_PASTE_START) - 1:
                # (Still only part of the marker after the ESC, [ or [20: it waits, as
                # ESC|[|200~ in three reads had been typed, fuzz pass 59 N1.)
                self._held, self._escaped_at = data, escaped_at
                return b"", 0
            # The marker cut after its ESC, which went on alone (a lone ESC is the Escape
            # key, and is never held).  Read late, the parser took the ESC for that key:
            # the marker goes on whole, or the paste would be typed (fuzz pass 58, M1).
            late = now - escaped_at >= ESCAPE_DELAY
            out.append((b"\x1b" if late else b"") + _PASTE_START[1:])
            at = len(_PASTE_START) - 1
            self._open_paste(now)
        if not self.in_paste and _PASTE_START not in data:
            return self._outside_tail(data, now), len(data)
        while at < len(data):
            if not self.in_paste:
                start = data.find(_PASTE_START, at)
                end = len(data) if start < 0 else start + len(_PASTE_START)
                out.append(data[at:end] if start >= 0 else self._outside_tail(data[at:], now))
                outside += end - at
                at = end
                if start >= 0:
                    self._open_paste(now)
                continue
            end = data.find(_PASTE_END, at)
            quit_at = data.find(self.quit_bytes, at) if self.quit_bytes else -1
            if quit_at >= 0 and end < 0 and now - self.paste_started >= PASTE_STALL:
                out.extend((_pasted_text(data[at:quit_at]), _PASTE_END))
                at = quit_at
                self.in_paste = False
            elif end < 0:
                # (A code, or the paste's end, may come split over two reads: a tail that
                # may be the start of one waits for the next read.)
                tail = data.rfind(b"\x1b", at)
                if tail >= 0 and len(data) - tail < _HELD_MOST and not _ESCAPE_SEQUENCE_RE.match(
                        data, tail):
                    self._held = data[tail:]
                else:
                    tail = len(data)
                out.append(_pasted_text(data[at:tail]))
                break
            else:
                out.extend((_pasted_text(data[at:end]), _PASTE_END))
                at = end + len(_PASTE_END)
                self.in_paste = False
        return b"".join(out), outside

    def _open_paste(self, now: float) -> None:
        """A paste's start marker read (in this read): what follows is its text."""
        self.in_paste, self.paste_started, self.opened_here = True, now, True

    def _outside_tail(self, data: bytes, now: float) -> bytes:
        """Bytes outside a paste as they go on: a tail that may be the start of a
        paste's marker (ESC[, ESC[20) waits for the next read, or the paste would be
        typed, its codes and letters keys (a 4 KB read ending inside ESC[200~ deleted a
        sentence and saved it: fuzz pass 58, M1).  A lone ESC goes on (the Escape key);
        when it was where the next read's marker began is noted."""
        for size in range(len(_PASTE_START) - 1, 1, -1):
            if data.endswith(_PASTE_START[:size]):
                self._held = data[-size:]
                return data[:-size]
        if data.endswith(b"\x1b"):
            self._escaped_at = now
        return data

    def flooded(self, now: float | None = None) -> bool:
        """Whether a flood is on or has just ended (the keys in flight are the flood's)."""
        now = time.monotonic() if now is None else now
        return now < self.flood_until + FLOOD_QUIET

    def flood_seen(self) -> bool:
        """Whether the keys being handled are a flood's: one is on or has just ended, or
        what it dropped is still to be said."""
        return self.flooded() or self.dropped > 0 or self.dropped_bytes > 0

    def bursting(self) -> bool:
        """Whether keys are bursting in, or did within BURST_AFTERMATH seconds: what they
        queued (a screen's mounting, a worker's reply) may still be running."""
        return (self.in_flight > 1 or self.flood_seen()
                or time.monotonic() - self.last_burst < BURST_AFTERMATH)

    def admit(self, key: str = "") -> bool:
        if self.in_flight >= 2:  # a key while two are still unhandled: no hand types so
            self.last_burst = time.monotonic()
        if key == self.quit_key:
            self.quitting = (self.quitting or self.in_flight >= self.backlog
                             or (self.flooded() and self.in_flight > 0))
        elif self.in_flight >= self.limit:
            self.dropped += 1
            return False
        self.in_flight += 1
        return True

    def skips(self, key: str) -> bool:
        """Whether a key handed to the app is passed over: one queued before a quit key
        that came behind a backlog (the quit key itself ends the skipping)."""
        if not self.quitting:
            return False
        if key == self.quit_key:
            self.quitting = False
            self.quit_after_flood = True
            return False
        return True

    def handled(self) -> str | None:
        """A key was handled; once the flood is over, what was dropped, to say (else
        None)."""
        self.in_flight = max(self.in_flight - 1, 0)
        if self.in_flight or not (self.dropped or self.dropped_bytes):
            return None
        said = [f"{self.dropped:,} keys"] if self.dropped else []
        if self.dropped_bytes:
            said.append(f"{self.dropped_bytes:,} bytes of input unread")
        self.dropped = self.dropped_bytes = 0
        return " and ".join(said)


KEYS_IN_FLIGHT = 2000  # keys queued past which more are dropped: no hand types that fast


# Bytes a second from the terminal, outside a bracketed paste, past which its input is a
# flood (a hand, or an input method committing a phrase, sends some tens), and how long
# after the last such second input still counts as one.
FLOOD_BYTES = 16 * 1024
FLOOD_QUIET = 1.0
# Seconds after a burst of keys during which a race of its screens (see
# DrafterApp._passed_over) is still its: work it queued runs after its last key (fuzz
# pass 56: the palette's worker, a start screen mounting, 5 of 10 sessions).
BURST_AFTERMATH = 10.0
# Seconds a bracketed paste may stay open before the quit key ends it: a terminal sends a
# paste whole within milliseconds.
PASTE_STALL = 0.5
_PASTE_START, _PASTE_END = b"\x1b[200~", b"\x1b[201~"  # a bracketed paste, as sent
# Control bytes a paste's text loses before it is parsed: an escape inside it (colored
# text copied with its codes, ESC[31m) ended the paste for Textual's parser, and the
# rest came as keys: a sentence deleted and saved, a section moved, the app quit
# (fuzz pass 57, N2).  Tabs and line ends are text.
_PASTE_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n\r") + b"\x7f"
_HELD_MOST = 32  # bytes of a code cut by a read's end (ESC[201~ is 6)
# The codes themselves go whole (ESC[31m, ESC O P), so that colored text pastes as its
# text.
_ESCAPE_SEQUENCE_RE = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|[NO][ -~]|[ -MP-Z\\\]-~])")


def _pasted_text(data: bytes) -> bytes:
    return _ESCAPE_SEQUENCE_RE.sub(b"", data).translate(None, _PASTE_CONTROLS)


_tolerate_hostile_terminal_input()


class _NoControlCharacters(LineFilter):
    """Takes control characters (ESC, BEL, C1, the bidirectional overrides) out of what
    the screen shows: a phrase, a source's file name or a draft holding ESC ] 2; had set
    the terminal's title and ESC [2J wiped the screen (fuzz pass 42).  The command line
    shows them escaped; a cell of the screen has no room for that, and they take none."""

    def apply(self, segments: list[Segment], background) -> list[Segment]:
        return [Segment(CONTROL_LIKE_RE.sub("", text), style, control)
                if not control and CONTROL_LIKE_RE.search(text) else segment
                for segment in segments for text, style, control in (segment,)]


_NO_CONTROLS = _NoControlCharacters()


def _listening(widget) -> bool:
    """Whether a widget still takes messages.  Textual ends a widget's message loop when
    one of its handlers raises (a race passed over in a burst of keys, see
    _handle_exception) and takes the widget out once its children have gone: until then
    it is attached, mounted and deaf, and a quit sent to it had waited for good (fuzz
    pass C of stop 63, M2: ctrl+q not answered on a frozen dialog).  (Textual's own
    attributes: textual is pinned to 8.2.)"""
    ended = (getattr(widget, "_is_mounted", False) and not getattr(widget, "_running", True)
             and not getattr(widget, "_closing", False) and not getattr(widget, "_closed", False))
    return not ended


class QuitRequested(Message):
    """The quit key, on its way up from the focused widget behind the keys before it."""


QUIT_CHECK = 0.25  # seconds between looks at whether the widget a quit went to is there


class DrafterApp(App):
    TITLE = "drafter"
    CSS_PATH = Path(__file__).with_name("drafter.tcss")  # absolute: subclasses move
    BINDINGS = keys.APP
    COMMANDS = App.COMMANDS | {DrafterCommands}

    def __init__(self, draft_path: str | None = None, phrasebank: str | None = None,
                 handle_signals: bool = False):
        super().__init__()
        self.draft_path = draft_path
        self.phrasebank = phrasebank
        # SIGTERM and SIGHUP (the terminal closed) leave the app as ctrl+q does, drafts
        # saved; only for the app run for real (a test's app would take them from pytest).
        self.handle_signals = handle_signals
        # The review's filters, sort and rule, by bank directory: kept while the app runs.
        self.review_views: dict[Path, dict[str, str | None]] = {}
        self._bank = None
        self.key_valve = KeyValve(KEYS_IN_FLIGHT)
        # The terminal's focus reports, settled (see _settle_app_focus).
        self._app_focus_wanted = True
        self._app_focus_timer = None
        self._bank_ready = asyncio.Event()
        self._bank_error: Exception | None = None
        self._quit_sent = None  # the widget a quit went to, until it comes back up

    def get_line_filters(self):
        return [*super().get_line_filters(), _NO_CONTROLS]

    def on_mount(self) -> None:
        from drafter.settings import SettingsError, load_settings

        if self.handle_signals:
            loop = asyncio.get_running_loop()

            def leave(signum: int) -> None:
                if loop.is_closed():
                    # The app has left, its drafts saved: a process still there waits on
                    # something that will not end (an input thread blocked reading the
                    # terminal had kept one for good: fuzz pass 61).
                    termination.stop_children()
                    os._exit(termination.exit_status(signum))
                loop.call_soon_threadsafe(self.end_by_signal, signum)
                # A loop kept busy (laying out a huge paste) would take the request only
                # when done: two SIGTERMs had gone unanswered for two minutes (fuzz pass
                # 52).  What was not saved by then is in the recovery copy.
                termination.end_after(SIGNAL_GRACE_SECONDS, signum, lambda: self.is_running)

            termination.on_terminate(leave)

        try:
            self.settings = load_settings()
        except SettingsError as exc:
            from drafter.settings import Settings

            self.settings = Settings()
            self.notify(str(exc), title="settings.toml ignored", severity="error", timeout=10)
        if unknown := sorted(set(self.settings.keys) - keys.IDS):
            # (A misspelt id had left its key as it was without a word: fuzz pass 40 n13.)
            self.notify(f"{self.settings.path}: [keys] has no binding "
                        f"{', '.join(map(repr, unknown))}; F1 shows each key's id",
                        title="settings.toml: keys ignored", severity="error")
        keymap = {k: v for k, v in self.settings.keys.items() if k in keys.IDS}
        for binding_id, problem in [(k, keys.key_problem(v) or keys.key_taken(k, v, keymap))
                                    for k, v in keymap.items()]:
            if problem:
                del keymap[binding_id]
                self.notify(f"{self.settings.path}: [keys] {binding_id}: {problem}; its "
                            "default key stays", title="settings.toml: keys ignored",
                            severity="error")
        if keymap:
            self.set_keymap(keymap)
        self.key_valve.watch_for_quit(keymap.get("app.quit", "ctrl+q").split(",")[0].strip())
        if not self.is_headless:
            KeyValve.terminal = self.key_valve
        # The first screen is drawn before anything heavy starts: the index opens in a
        # worker once it is on screen.
        self.call_after_refresh(self.open_bank)
        if self.draft_path:
            self.open_draft(Path(self.draft_path))
        else:
            self.show_start()

    # -- notices ----------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = False) -> None:
        """As App.notify, but errors stay and warnings last (see STAYING), and every message
        is plain text: drafter writes no markup into a notice, and a path or phrase
        holding [brackets] is shown as is (Widget.notify passes markup=True)."""
        if severity in STAYING:
            timeout = STAYS_FOR
        elif severity == "warning":
            timeout = max(timeout or 0.0, WARNING_FOR)
        super().notify(message, title=title, severity=severity, timeout=timeout,
                       markup=False)

    def _on_notify(self, event) -> None:
        # A newer notice replaces the staying ones shown before it.
        for shown in list(self._notifications):
            if (shown.severity in STAYING
                    and event.notification.raised_at - shown.raised_at > REPLACES_AFTER):
                self._unnotify(shown, refresh=False)
        super()._on_notify(event)

    def dismiss_notices(self) -> bool:
        """Esc: errors and warnings on screen go first (before Esc leaves a screen: a new
        user pressed Esc to close an error and was taken out of the draft).  True if
        there were any."""
        staying = [shown for shown in self._notifications
                   if shown.severity in ("error", "warning")]
        for shown in staying:
            self._unnotify(shown, refresh=False)
        if staying:
            self._refresh_notifications()
        return bool(staying)

    # -- the phrasebank, opened after first paint ------------------------------------

    def open_bank(self) -> None:
        self.run_worker(self._open_bank, thread=True, group="bank", exclusive=True,
                        exit_on_error=False)

    def _open_bank(self) -> None:
        from drafter.bank.phrasebank import PhraseBank

        def announce(message: str) -> None:
            # The build runs in a child process, so keys are still answered meanwhile;
            # this says why the phrases are not there yet.
            self.call_from_thread(
                self.notify, "正在为短语库建立检索索引，约需 15 秒；其间可继续操作 · "
                "indexing the phrasebank (about 15 s, once after each change to it)",
                title="建立索引 · indexing", timeout=15)

        if self._bank is None and (previous := PhraseBank.previous(self.phrasebank)):
            # Suggestions and checks search the index built before the bank changed while
            # the new one is built; a new draft, 换一批 and search wait for the new one.
            self.call_from_thread(self._bank_provisional, previous)
        try:
            bank = PhraseBank.open(self.phrasebank, notice=announce, build_apart=True)
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
        if problems := bank.problems:
            # Every command names them; the app had said nothing (fuzz pass 41, F12).
            # They are kept as written, and no search finds them.
            first = problems[0] if len(problems[0]) <= 160 else problems[0][:157] + "…"
            self.notify(f"短语库有 {len(problems)} 行无法读取，检索不到 · {len(problems)} "
                        f"line(s) of the phrasebank cannot be read (kept as written, not "
                        f"searched): {first} — `drafter phrasebank lint` lists them",
                        title="短语库 · phrasebank", severity="warning")
        for screen in self.screen_stack:
            screen.post_message(BankOpened())

    def _bank_provisional(self, bank) -> None:
        if self._bank is None:
            self._bank = bank
        else:
            bank.close()

    def _bank_failed(self, exc: Exception) -> None:
        self._bank_error = exc
        self._bank_ready.set()
        self.notify(f"phrasebank: {exc}", severity="error", timeout=10)

    async def bank(self):
        """The open phrasebank (waits for the worker); None if it could not open."""
        await self._bank_ready.wait()
        return self._bank

    def bank_now(self):
        """The phrasebank open now, without waiting: None before one is, and while the
        first index is built after a change, the one over the index built before it."""
        return self._bank

    def reopen_bank(self) -> None:
        """After the phrase files change (review), index them again."""
        self._bank_ready.clear()
        self.open_bank()

    # -- moving between screens: the screens ask the app, never import each other ----

    def show_start(self) -> None:
        """The start screen, in place of the current screen (or first)."""
        from drafter.tui.screens.start import StartScreen

        if len(self.screen_stack) > 1:
            self.switch_screen(StartScreen())
        else:
            self.push_screen(StartScreen())

    def show_review(self) -> None:
        from drafter.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen())

    def show_new_draft(self, draft, path: Path) -> None:
        """A draft just made (assembled): it goes to its file at once."""
        from drafter.tui.screens.draft import DraftScreen

        screen = DraftScreen(draft, path)
        screen.dirty_from_recovery = True
        self.push_screen(screen)

    def recovery_copies_in_use(self) -> set[Path]:
        """The recovery copies the open draft screens are writing: not crash leftovers."""
        return {copy for screen in self.screen_stack
                if (copy := getattr(screen, "recovery_copy", None)) is not None}

    def pending_recoveries(self, path: Path | None = None,
                           damaged: list[Path] | None = None) -> list:
        from drafter.draft.library import pending_recoveries

        return pending_recoveries(path, exclude=self.recovery_copies_in_use(),
                                  damaged=damaged)

    def say_unreadable_copies(self, copies: list[Path], of_this_draft: bool = False) -> None:
        """Say which recovery copies cannot be read; they are kept as they are."""
        zh, en = ("本草稿的", " of this draft") if of_this_draft else ("", "")
        self.notify("\n".join(str(copy) for copy in copies),
                    title=f"{len(copies)} 份{zh}恢复副本无法读取 · recovery copies{en} that "
                          "cannot be read (kept as they are)",
                    severity="warning", timeout=12)

    def open_draft(self, path: Path) -> None:
        """Open the draft at ``path``; when a session left a recovery copy of it, the
        copy is offered first (Esc opens the file as saved and keeps the copy)."""
        from drafter.draft.library import copies_of
        from drafter.tui.screens.dialogs import RecoveryScreen

        damaged: list[Path] = []
        copies = self.pending_recoveries(path, damaged=damaged)
        if unreadable := copies_of(path, damaged):
            # (A copy of this draft that cannot be read had been passed over without a
            # word: fuzz pass 68.  It is kept for a person to look at.)
            self.say_unreadable_copies(unreadable, of_this_draft=True)
        if not copies:
            self._open_saved(path)
            return

        def answer(chosen) -> None:
            if chosen is not None:
                self.recover(chosen)
            else:
                self._open_saved(path)

        self.push_screen(RecoveryScreen(copies, opening=path), answer)

    def _open_saved(self, path: Path) -> None:
        from drafter.draft.library import draft_of_speech, is_speech_file
        from drafter.errors import DrafterError
        from drafter.tui.screens.draft import DraftScreen

        try:
            if is_speech_file(path):
                # A speech typed in the open box opens as `drafter tui FILE` opens it: a
                # new draft of it (it had been refused as invalid JSON: new user).
                path = draft_of_speech(path)
                self.notify(f"已作为新草稿打开 · opened as a draft of the speech: {path}",
                            timeout=6)
            screen = DraftScreen.from_file(path)
        except DrafterError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            if len(self.screen_stack) == 1:
                self.show_start()
            return
        self.push_screen(screen)

    def recover(self, recovery) -> None:
        """Open a recovery copy's draft with the copy's text, as one undoable change
        over the file as it was saved; the copy is removed once that is in the file."""
        from drafter.draft.model import load_draft
        from drafter.errors import DrafterError
        from drafter.tui.screens.draft import DraftScreen

        try:
            copy = recovery.load()
        except (DrafterError, OSError, ValueError, KeyError, TypeError) as exc:
            # A damaged copy: say so and keep the file for a person to look at.
            self.notify(f"cannot read {recovery.copy}: {exc}", severity="error", timeout=10)
            return
        try:
            saved = load_draft(recovery.path)
        except DrafterError:  # gone or unreadable: the copy is all there is
            saved = copy
        self.push_screen(DraftScreen(saved, Path(recovery.path), recovered=(recovery, copy)))

    def action_quit(self) -> None:
        """ctrl+q: quits once the keys typed before it are done.  It is a priority key,
        handled as it comes, while those keys may still be on their way through the
        widgets to the bindings (fuzz pass C, M6: five undo/redo pairs typed during a
        10-second write of a full bank, then ctrl+q, left the bank one undo short of
        what the screen had shown).  So it goes on the way keys go, to the focused
        widget, and acts when it comes back up to the app (on_quit_requested)."""
        if self._quit_sent is not None:
            # (Pressed again while the keys before the first are handled: that one
            # still quits, after them; a decision typed before it is not dropped.)
            self.notify("正在退出：先完成之前输入的操作 · quitting once the keys typed "
                        "before ctrl+q are done", timeout=3)
            return
        target = self.focused or self.screen
        self._quit_sent = target
        if not target.post_message(QuitRequested()):  # (a widget closing takes none)
            self._quit_sent = None
            self.call_later(self._quit_now)
            return
        # (A key ahead of it may close the widget it was sent to, and its queue with it,
        # or end its message loop: then it is acted on here.)
        self.set_timer(QUIT_CHECK, self._quit_if_lost)

    def _quit_if_lost(self) -> None:
        target = self._quit_sent
        if target is None:
            return
        if target.is_attached and _listening(target):
            self.set_timer(QUIT_CHECK, self._quit_if_lost)
            return
        self._quit_sent = None
        self.call_later(self._quit_now)

    async def on_quit_requested(self, message: QuitRequested) -> None:
        message.stop()
        if self._quit_sent is not None:
            self._quit_sent = None
            await self._quit_now()

    async def _quit_now(self) -> None:
        """Every open draft with changes goes to its file first, and the terminal is
        told where (quitting saves; a writer should not have to guess).  Text typed in
        an open edit dialog and not yet kept is asked about first."""
        from drafter.tui.screens.dialogs import ConfirmScreen, TextScreen

        editing = self.screen
        after_flood, self.key_valve.quit_after_flood = self.key_valve.quit_after_flood, False
        if (isinstance(editing, TextScreen) and editing.changed() and not after_flood
                and not editing.typed_in_flood):
            def answer(leave: bool | None) -> None:
                if leave:  # (the dialog's text is not kept: the drafts are saved as they are)
                    self.call_later(self._quit_saving)
            self.push_screen(ConfirmScreen(
                "编辑框中的文字还没有确认（Enter），退出将放弃它。仍然退出？ "
                "Quit and discard the text being edited?",
                yes="退出 Quit", no="继续编辑 Keep editing", safe=True), answer)
            return
        self._quit_saving()

    def _quit_saving(self) -> None:
        results = [getattr(screen, "save_before_quit", lambda: None)()
                   for screen in self.screen_stack]
        saved = [path for path in results if path]
        if False in results:
            # "not saved: …" is on screen (a read-only folder, a full disk).  Quitting
            # is the writer's to choose, with what is kept said (fuzz pass 63 m6: ctrl+q
            # then did nothing at all, and only a signal got out).
            self._ask_to_quit_unsaved(
                [screen for screen, result in zip(self.screen_stack, results, strict=True)
                 if result is False], saved)
            return
        self.exit(message="\n".join(f"drafter: 已保存 saved {path}" for path in saved) or None)

    def _ask_to_quit_unsaved(self, unsaved: list, saved: list) -> None:
        from drafter.tui.screens.dialogs import ConfirmScreen

        copies = [screen.keep_recovery() for screen in unsaved]
        if all(copies):
            question = ("草稿没有保存（见上方的错误）；恢复副本已保留，下次打开时可以恢复。"
                        "仍然退出？ Not saved (see the error above); a recovery copy is kept and "
                        "offered next time. Quit anyway?")
        else:
            question = ("草稿没有保存，恢复副本也无法写入：退出将丢失修改。仍然退出？ "
                        "Not saved, and no recovery copy could be written: quitting loses "
                        "the changes. Quit anyway?")
        lines = [f"drafter: 已保存 saved {path}" for path in saved] + [
            f"drafter: 未保存 not saved {screen.path}"
            + (f"; 恢复副本 recovery copy {copy}" if copy else "")
            for screen, copy in zip(unsaved, copies, strict=True)]

        def answer(leave: bool | None) -> None:
            if leave:
                self.exit(message="\n".join(lines), return_code=1)
        self.push_screen(ConfirmScreen(question, yes="退出 Quit", no="继续编辑 Keep editing",
                                       safe=True), answer)

    # The terminal says when it gains and loses focus (ESC [I, ESC [O).  Textual restyles
    # the whole screen at each: 2,000 reports in 16 KB had kept the app from answering
    # ctrl+q for over a minute (fuzz pass 54).  Reports are settled after a pause, the
    # last one standing.
    FOCUS_SETTLES = 0.1

    async def _on_app_focus(self, event) -> None:
        event.prevent_default()  # (App's own handler, which this one stands in for)
        self._settle_app_focus(True)

    async def _on_app_blur(self, event) -> None:
        event.prevent_default()
        self._settle_app_focus(False)

    def _settle_app_focus(self, focus: bool) -> None:
        # The first report acts at once, as Textual's handler does; those that follow
        # within FOCUS_SETTLES wait, and the last of them acts when it is over.
        self._app_focus_wanted = focus
        if self._app_focus_timer is None:
            self._apply_app_focus(settled=False)
            self._app_focus_timer = self.set_timer(self.FOCUS_SETTLES, self._apply_app_focus)

    def _apply_app_focus(self, settled: bool = True) -> None:
        if settled:
            self._app_focus_timer = None
        if self.app_focus != self._app_focus_wanted:
            self.app_focus = self._app_focus_wanted
        if self.screen_stack:  # (a report settling as the app closes: no screen left)
            self.screen.refresh_bindings()

    def _handle_exception(self, error: Exception) -> None:
        """A widget not found while keys burst in is passed over, not the end of the
        app: a burst of keys (control bytes pasted as typed, a script) closes and opens
        screens faster than their handlers run, and a handler of a screen already closed,
        or not built yet, finds its widgets gone (fuzz pass 55 A2: NoMatches for the
        outline, the recovery note, a dialog's buttons, each ending the app with a
        traceback).  Outside a burst it is a fault, and ends the app as ever."""
        if self._passed_over(error):
            from textual.message_pump import active_message_pump

            self._mend_deaf(active_message_pump.get(None))
            return
        super()._handle_exception(error)

    def _mend_deaf(self, pump) -> None:
        """Textual ends the message loop of the widget or screen whose handler raised,
        even when the error is passed over: a dialog left so stays on screen taking no
        key, and every key after it is lost (fuzz pass C of stop 63, M2).  A dialog whose
        loop ended, or one of whose widgets did, is closed with no answer, as Esc would;
        the writer is told.  (The races known are kept from ending any loop; this is for
        one not known yet.)"""
        if pump is None or pump is self:
            return  # (the app's own loop goes on)
        # (Not every error passed over ends a loop: one in a callback or an idle handler
        # does not.  Whether this one did is seen once the loop has had time to end.)
        self.set_timer(QUIT_CHECK, lambda: self._close_if_deaf(pump))

    def _close_if_deaf(self, pump) -> None:
        from textual.screen import ModalScreen

        if _listening(pump):
            return
        dialog = next((node for node in pump.ancestors_with_self
                       if isinstance(node, ModalScreen)), None)
        if dialog is None:
            if not pump.is_attached:  # (gone from the screen: nothing left deaf)
                return
            self.notify("界面的一部分停止响应：按 ctrl+q 保存并退出后重新打开 · part of the "
                        "screen stopped answering keys: ctrl+q saves and quits",
                        severity="error", timeout=15)
            return
        self._close_deaf_dialog(dialog)

    def _close_deaf_dialog(self, dialog) -> None:
        if dialog not in self.screen_stack:
            return
        if self.screen is not dialog:  # (a screen above it closes first)
            self.set_timer(QUIT_CHECK, lambda: self._close_deaf_dialog(dialog))
            return
        callbacks = dialog._result_callbacks  # (Textual's own: textual is pinned to 8.2)
        if callbacks and callbacks[-1].future is not None and not callbacks[-1].future.done():
            callbacks[-1](None)  # (no answer: what Esc gives; a worker waiting on it goes on)
        self.pop_screen()
        self.notify("对话框因按键过快而关闭，请重新打开 · the dialog closed after keys came "
                    "too fast: open it again", severity="warning", timeout=8)

    def _passed_over(self, error: Exception) -> bool:
        """Whether ``error`` is one of the races of screens opened and closed while keys
        burst in (see _handle_exception): a widget gone or not there yet, a screen
        closed twice, the palette opened twice, a dialog answered twice (fuzz pass 55
        A2 saw each); said in the log when it is."""
        from asyncio import InvalidStateError

        from textual._node_list import DuplicateIds  # (private: textual is pinned to 8.2)
        from textual.app import ScreenStackError
        from textual.css.query import NoMatches
        from textual.widget import MountError

        races = (NoMatches, ScreenStackError, MountError, InvalidStateError, DuplicateIds)
        # A screen answered a second time (the palette's escape twice before it closed)
        # is that race whatever the pace of the keys: its result is set, the second
        # answer has nothing to say.  Keys a few milliseconds apart had been no burst,
        # and the app ended in a traceback (a tmux replay of fuzz pass C, stop 63).
        answered_twice = isinstance(error, InvalidStateError) and any(
            frame.name == "__call__" and frame.filename.endswith(
                os.path.join("textual", "screen.py"))
            for frame in traceback.extract_tb(error.__traceback__))
        if isinstance(error, races) and (answered_twice or self.key_valve.bursting()):
            self.log.warning(f"passed over in a burst of keys: {error!r}")
            return True
        return False

    async def on_event(self, event) -> None:
        if isinstance(event, events.Key):
            if not self.screen_stack:
                # The app is closing and its screens are gone: a key still queued has
                # nowhere to go (Textual's bindings raised ScreenStackError: a CI run of
                # stop 62, a key posted as the test's app shut down).
                return
            valve = self.key_valve
            if valve.flood_seen() and hasattr(self.screen, "typed_in_flood"):
                # (A flood had opened an edit dialog and typed in it; ctrl+q, seconds
                # after the flood, then waited on "discard the text?": fuzz pass 55.)
                self.screen.typed_in_flood = True
            dropped = valve.handled()
            if valve.skips(event.key):
                return
            if dropped:
                self.notify(f"输入过快，已丢弃 · dropped {dropped}: they came faster than "
                            "any hand types (a paste without bracketed paste, or a script)",
                            severity="warning")
            try:
                await super().on_event(event)
            except Exception as error:
                # (Caught here, the app's own loop goes on: past _handle_exception it
                # stops, whatever the handler decides.)
                if not self._passed_over(error):
                    raise
            return
        await super().on_event(event)

    def pop_screen(self):
        """Close the screen on top.  A dialog or the palette closing after a burst of keys
        already closed what stood beneath it finds nothing left to close (fuzz pass 54:
        30 control bytes typed at once opened the palette, left the draft and chose a
        command, and the palette's own dismissal ended the app with ScreenStackError);
        the start screen is shown rather than the app's empty one."""
        from textual.await_complete import AwaitComplete

        if len(self.screen_stack) <= 1:
            async def show_start() -> None:
                self.show_start()

            return AwaitComplete(show_start()).call_next(self)
        popped = super().pop_screen()
        if len(self.screen_stack) == 1:
            self.call_later(self._start_if_nothing_open)
        return popped

    def _start_if_nothing_open(self) -> None:
        """The start screen, unless a screen was opened since the last one closed: the
        recovery dialog of `drafter tui d.json`, closed with Esc, opens the draft as
        saved, and the start screen shown after had replaced it, asking again (fuzz pass
        67)."""
        if len(self.screen_stack) == 1:
            self.show_start()

    def end_by_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: leave at once, whatever dialog is open; each draft screen
        saves its draft as it unmounts (and what cannot be saved stays in its recovery
        copy, offered at the next start), and text typed in an open edit dialog is kept
        in it."""
        for screen in self.screen_stack:
            getattr(screen, "keep_open_edit", lambda: None)()
        self.exit(return_code=termination.exit_status(signum))

    def get_key_display(self, binding) -> str:
        # A remapped key shows as remapped, also where the binding has its own display
        # (J/K for moving).
        remapped = (self._keymap or {}).get(binding.id or "")
        if remapped:
            return keys.written(remapped.split(",")[0])
        return super().get_key_display(binding)

    def action_command_palette(self) -> None:
        """ctrl+p: the command palette, answered once as every dialog here is (see
        AnswersOnce: Textual's own palette closes whatever screen is on top)."""
        from textual.command import CommandPalette

        from drafter.tui.screens.dialogs import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        """F1: help for where the writer is, in every screen and dialog; F1 again
        closes it."""
        from drafter.tui.screens.dialogs import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen.for_focus(self))

    def on_worker_state_changed(self, event) -> None:
        self.worker_changed(event)

    def worker_changed(self, event) -> None:
        """Every worker's failure ends here (workers are started with
        exit_on_error=False; a worker's state reaches only the node that started it,
        so screens pass theirs on: widgets.ReportsWorkerErrors): one line for the
        writer, the details in the log, and the session goes on with nothing lost."""
        from textual.worker import WorkerState

        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        self.log.error(f"worker {event.worker.name!r} failed", error)
        self.notify(f"{type(error).__name__}: {error}",
                    title=f"出错了 · {event.worker.name} failed", severity="error", timeout=10)

    def on_unmount(self) -> None:
        if self._bank is not None:
            self._bank.close()
