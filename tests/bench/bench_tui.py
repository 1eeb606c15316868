"""The TUI with a 100k-phrase bank: time to first screen, search latency per keystroke,
suggestions while typing, resident memory.

    python tests/bench/bench_tui.py [--phrases 100000]

First screen: a fresh `python -c` process starts the app headless and reports the time
from interpreter start to the first paint of the start screen (the bank is opened in a
worker after that).  Keystrokes: the draft screen, driven with run_test(); each typed
character is timed from the key event to the end of the first screen redraw that shows
the new results.  Suggestions: the heading editor, each typed character timed from
the key event to the end of the first redraw after its suggestions are shown (looked up
in a thread worker), and the lookup alone (drafter.bank.suggest.suggest) in-process.
Review: the review screen on the bundled bank, timed from asking for it to the first
redraw with its queue, and quitting after one decision until the run (worker threads
included) is over.
Targets (issues 5 and 13): first screen ≤ 0.5 s, results ≤ 50 ms after a keystroke,
suggestions p95 ≤ 50 ms, resident memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

FIRST_PAINT = r"""
import os, time, sys
start = time.perf_counter()
from drafter.tui.app import DrafterApp
from drafter.tui.screens.start import StartScreen

class Timed(DrafterApp):
    def on_mount(self):
        super().on_mount()
        self.screen_stack[-1].call_after_refresh(self.painted)  # the start screen, drawn
    def painted(self):
        # The app owns stdout while it runs: report through a file.
        with open(os.environ["BENCH_OUT"], "w") as out:
            out.write(f"{time.perf_counter() - start:.3f}")
        self.exit()

Timed().run(headless=True)
"""


def first_paint(runs: int, env: dict[str, str]) -> list[float]:
    out = []
    for _ in range(runs):
        # Interpreter start-up is part of what a user waits for: time the whole process
        # up to the first paint, from outside.
        report = Path(env["XDG_CACHE_HOME"]) / "first-paint.txt"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", FIRST_PAINT], capture_output=True, text=True,
                       env={**env, "BENCH_OUT": str(report)}, timeout=60, check=True)
        whole = time.perf_counter() - t
        inside = float(report.read_text())
        out.append((inside, whole))
    return out


class Redraws:
    """The moments the screen is redrawn: Textual's layout or repaint pass, timed by
    wrapping both for the benchmark only."""

    def __init__(self):
        from textual.screen import Screen

        self.times: list[float] = []
        self.originals = {name: getattr(Screen, name)
                          for name in ("_refresh_layout", "_compositor_refresh")}

    def __enter__(self) -> Redraws:
        from textual.screen import Screen

        def timed(original):
            def run(screen, *args, **kwargs):
                result = original(screen, *args, **kwargs)
                self.times.append(time.perf_counter())
                return result
            return run

        for name, original in self.originals.items():
            setattr(Screen, name, timed(original))
        return self

    def __exit__(self, *exc) -> None:
        from textual.screen import Screen

        for name, original in self.originals.items():
            setattr(Screen, name, original)

    async def first_after(self, moment: float) -> float:
        while not self.times or self.times[-1] < moment:
            await asyncio.sleep(0.0005)
        return next(r for r in self.times if r >= moment)


def _not_stuck(app) -> None:
    """A run that meets a dialog it does not expect (a recovery copy offered) stops with
    its name, instead of waiting for the draft screen for ever."""
    from drafter.tui.screens.dialogs import RecoveryScreen

    if isinstance(app.screen, RecoveryScreen):
        raise SystemExit(f"bench_tui: a recovery copy was offered ({type(app.screen).__name__});"
                         " the run before left one")


async def keystrokes(draft_path: Path, text: str) -> list[float]:
    from textual import events

    from drafter.tui.app import DrafterApp
    from drafter.tui.screens.draft import DraftScreen

    app = DrafterApp(draft_path=str(draft_path))
    timings = []
    async with app.run_test(size=(100, 32)) as pilot:
        while not isinstance(app.screen, DraftScreen) or app.bank_now() is None:
            _not_stuck(app)
            await pilot.pause(0.05)
        screen = app.screen
        await pilot.press("slash")
        await pilot.pause(0.3)
        query = screen.query_one("#query")
        shown_at: list[float] = []
        panel = screen.phrases
        show_hits = panel.show_hits

        def timed_show(hits):
            show_hits(hits)
            shown_at.append(time.perf_counter())

        panel.show_hits = timed_show
        with Redraws() as redraws:
            for ch in text:
                before = panel.hits
                t = time.perf_counter()
                # The key goes straight to the input, as the terminal driver delivers it
                # (Pilot.press adds its own waits of ~70 ms, which a user does not see).
                query.post_message(events.Key(ch, ch))
                while panel.hits is before:
                    await asyncio.sleep(0.0005)
                shown = shown_at[-1]  # when the new results were handed to the list
                drawn = await redraws.first_after(shown)
                timings.append(((drawn - t) * 1000, (shown - t) * 1000))
                await pilot.pause(0.05)
        for _ in text:
            await pilot.press("backspace")
        await pilot.pause(0.2)
    return timings


async def suggestions_typed(draft_path: Path, texts: list[str]) -> list[tuple[float, float]]:
    """(key → suggestions on screen, key → suggestions handed to the editor) in ms for
    each character of ``texts`` typed into the heading editor."""
    from textual import events

    from drafter.tui.app import DrafterApp
    from drafter.tui.screens.dialogs import ConfirmScreen
    from drafter.tui.screens.draft import DraftScreen
    from drafter.tui.suggest import SuggestingTextScreen

    app = DrafterApp(draft_path=str(draft_path))
    timings = []
    async with app.run_test(size=(100, 32)) as pilot:
        while (not isinstance(app.screen, DraftScreen) or app.bank_now() is None
               or app.screen.selected_path() is None):
            _not_stuck(app)
            await pilot.pause(0.05)
        for text in texts:
            await pilot.press("e")
            while not isinstance(app.screen, SuggestingTextScreen):
                await pilot.pause(0.02)
            editor = app.screen
            line = editor.query_one("#text-value")
            await pilot.press("ctrl+u")
            await pilot.pause(0.2)
            shown_at: list[tuple[float, bool]] = []
            show = editor.show

            def timed_show(found, show=show, shown_at=shown_at, editor=editor, line=line):
                def seen():
                    return (editor.suggestions.items, line.suggestion,
                            editor.query_one("#suggestions").display)
                before = seen()
                show(found)
                # (when, whether it changed what is drawn: when not, nothing is redrawn
                # and the screen was already right)
                shown_at.append((time.perf_counter(), seen() != before))

            editor.show = timed_show
            with Redraws() as redraws:
                for ch in text:
                    value = line.value + ch
                    t = time.perf_counter()
                    line.post_message(events.Key(ch, ch))
                    while editor.suggestions.typed != value:
                        await asyncio.sleep(0.0005)
                    shown, changed = shown_at[-1]
                    drawn = await redraws.first_after(shown) if changed else shown
                    timings.append(((drawn - t) * 1000, (shown - t) * 1000))
                    await pilot.pause(0.05)
            # Esc puts the suggestions away, then asks before it throws the typed line
            # away: yes.
            while app.screen is editor or isinstance(app.screen, ConfirmScreen):
                await pilot.press("y" if isinstance(app.screen, ConfirmScreen) else "escape")
    return timings


def review_times() -> tuple[float, float, int]:
    """(seconds from asking for the review screen to the first redraw showing its
    queue, seconds from quitting the app after one decision to the end of the run,
    phrases reviewed) on the bundled bank (its decision goes to the user's copy, in
    the benchmark's own data directory: never into the bundled files)."""
    from drafter.tui.app import DrafterApp
    from drafter.tui.screens.review import ReviewScreen
    from drafter.tui.screens.start import StartScreen

    times: dict[str, float] = {}

    async def run() -> int:
        app = DrafterApp()
        async with app.run_test(size=(100, 32)) as pilot:
            while not isinstance(app.screen, StartScreen) or app.bank_now() is None:
                await pilot.pause(0.05)
            with Redraws() as redraws:
                t = time.perf_counter()
                app.show_review()
                while not (isinstance(app.screen, ReviewScreen) and app.screen.shown):
                    await asyncio.sleep(0.002)
                times["open"] = await redraws.first_after(time.perf_counter()) - t
            count = len(app.screen.phrases)
            await pilot.press("a")  # a decision: quitting had waited for its indexing
            times["quit"] = time.perf_counter()
        return count

    chosen = os.environ.pop("DRAFTER_PHRASEBANK", None)  # the bundled bank, then
    try:
        count = asyncio.run(run())  # returns once the app's worker threads are done too
    finally:
        if chosen is not None:
            os.environ["DRAFTER_PHRASEBANK"] = chosen
    return times["open"], time.perf_counter() - times["quit"], count


def lookups(bank_dir: Path, texts: list[str]) -> tuple[float, list[float]]:
    """The first lookup (it loads the word segmenter) and every later one, in ms."""
    from drafter.bank.phrasebank import PhraseBank
    from drafter.bank.suggest import Context, suggest

    out = []
    with PhraseBank.open(bank_dir) as bank:
        context = Context(section="political_stance", domains=("party_building",),
                          topic="加强基层党组织建设", heading=True)
        t = time.perf_counter()
        suggest(bank, texts[0][:2], context)
        first = (time.perf_counter() - t) * 1000
        for text in texts:
            for n in range(1, len(text) + 1):
                t = time.perf_counter()
                suggest(bank, text[:n], context)
                out.append((time.perf_counter() - t) * 1000)
    return first, out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(0.95 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from bench_search import write_approved_bank

    from drafter.bank.phrasebank import PhraseBank
    from drafter.draft.assemble import assemble
    from drafter.draft.model import save_draft

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in ("config", "data", "cache"):
            os.environ[f"XDG_{name.upper()}_HOME"] = str(tmp / name)
        bank = tmp / "bank"
        write_approved_bank(bank, args.phrases)
        os.environ["DRAFTER_PHRASEBANK"] = str(bank)
        with PhraseBank.open(bank) as opened:  # index it once, as a first run would
            draft = assemble("work_conference", {"topic": "加强基层党组织建设"}, bank=opened)
        draft_path = tmp / "speech.json"
        save_draft(draft, draft_path)
        print(f"bank: {args.phrases:,} phrases (indexed)")
        paints = first_paint(args.runs, dict(os.environ))
        inside = [p[0] for p in paints]
        print(f"first screen: median {statistics.median(inside):.3f} s, max {max(inside):.3f} s "
              f"from interpreter start; whole process incl. exit median "
              f"{statistics.median(p[1] for p in paints):.3f} s  (target ≤ 0.5 s)")
        text = "组织作风建设政治站位基层党"
        pairs = []
        for _ in range(3):
            pairs += asyncio.run(keystrokes(draft_path, text))
        timings = sorted(p[0] for p in pairs)
        p95 = _p95(timings)
        print(f"keystroke → results on screen: median {statistics.median(timings):.1f} ms, "
              f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms over {len(timings)} keys"
              f"  (target ≤ 50 ms)")
        print(f"  of which key → results handed to the list (search included): median "
              f"{statistics.median(p[1] for p in pairs):.1f} ms; the rest is Textual's redraw")
        typed = ["坚持以人民为中心", "要把政治建设摆在首位", "深入学习贯彻落实"]
        first, alone = lookups(bank, typed)
        shown = []
        for _ in range(2):
            shown += asyncio.run(suggestions_typed(draft_path, typed))
        on_screen = [p[0] for p in shown]
        print(f"suggestions while typing: median {statistics.median(on_screen):.1f} ms, "
              f"p95 {_p95(on_screen):.1f} ms, max {max(on_screen):.1f} ms over "
              f"{len(on_screen)} keys, key → suggestions on screen  (target p95 ≤ 50 ms)")
        print(f"  of which key → suggestions handed to the editor: median "
              f"{statistics.median(p[1] for p in shown):.1f} ms; the lookup alone "
              f"(in-process): median {statistics.median(alone):.1f} ms, p95 "
              f"{_p95(alone):.1f} ms over {len(alone)} lookups; the first lookup "
              f"(loads the word segmenter) {first:.0f} ms")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process (bank built, app driven 3 times): {rss:.0f} MB"
              f"  (target ≤ 300 MB)")
        # After the memory figure: the review holds the bundled bank's phrases, which is
        # not what the figure (and its target) is about.
        reviews = [review_times() for _ in range(2)]
        opened, quitting, count = min(reviews)
        print(f"review screen, bundled bank ({count:,} phrases): open → queue on screen "
              f"{opened:.2f} s, quit after a decision → process free {quitting:.2f} s "
              f"(best of {len(reviews)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
