"""The Phrases pane: search the phrasebank as the writer types, filter by section type,
domain and kind, see a phrase's sources; Enter/i or ctrl+r asks to insert or replace."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, OptionList, Select, Static, TabPane
from textual.widgets.option_list import Option

from drafter.tui import keys
from drafter.tui.widgets import (
    CLIP,
    NavOptionList,
    ReportsWorkerErrors,
    SafeSelect,
    TypingInput,
    clip,
)

RESULTS = 25  # phrases shown per search: a screenful and more; fewer rows redraw faster

BROWSER_HELP = """\
## Phrases

Type to search the phrasebank (one character is enough); results follow every key;
Enter or ↓ go down into them.
The section filter follows the heading selected in the outline; change it or the
kind filter as you like. The phrase under the cursor shows its sources below.

- Enter / `i` insert it under the selected heading (after the selected sentence)
- `ctrl+r` / `R` replace the selected sentence (or heading) with it
- Esc back to the outline
"""


class PhraseResults(NavOptionList):
    BINDINGS = keys.BROWSER
    HELP = BROWSER_HELP

    def action_insert(self) -> None:
        self.parent.choose(replace=False)

    def action_replace(self) -> None:
        self.parent.choose(replace=True)


class PhraseQuery(TypingInput):
    """The search line: Enter or ↓ go to the results (the results show which row is
    chosen only once they have the focus, so the first Enter there inserts it)."""

    BINDINGS = keys.QUERY
    HELP = BROWSER_HELP

    def action_to_results(self) -> None:
        self.parent.query_one("#results", PhraseResults).focus()


class PhrasePanel(ReportsWorkerErrors, TabPane):
    class Chosen(Message):
        """The writer chose ``hit`` to insert (or, with ``replace``, to put in place
        of the selected row)."""

        def __init__(self, hit, replace: bool):
            super().__init__()
            self.hit, self.replace = hit, replace

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hits: list = []
        self._searching: tuple | None = None  # the latest search asked for (see search)
        self._search_note = ""  # what the results should say of themselves (suggest.find)
        self.about: tuple[str, ...] = ()  # the draft's topic words: listed with no query

    def compose(self) -> ComposeResult:
        yield PhraseQuery(placeholder="搜索短语 · search phrases (/)", id="query")
        with Horizontal(id="filters"):
            yield SafeSelect([], prompt="类型", id="section-filter")
            yield SafeSelect([], prompt="领域", id="domain-filter")
            yield SafeSelect([], prompt="种类", id="kind-filter")
        yield PhraseResults(id="results")
        yield Static("", id="phrase-detail", markup=False)

    def on_mount(self) -> None:
        from textual.css.query import NoMatches

        from drafter.bank.model import KINDS
        from drafter.bank.taxonomy import load_domains, load_taxonomy

        taxonomy = load_taxonomy(self.app.phrasebank)
        try:
            section_filter = self.query_one("#section-filter", Select)
        except NoMatches:
            # (Its screen left at once, Enter right after ctrl+s: the panel is being
            # taken down before its filters were mounted; a CI run met it.)
            return
        # (Labels as text, not markup: a user's taxonomy label holding [/] had ended the
        # app at the first move in a draft, fuzz pass C of stop 68.)
        section_filter.set_options([(Text(t.label), k) for k, t in taxonomy.types.items()])
        self.query_one("#domain-filter", Select).set_options(
            [(Text(t.label), k) for k, t in load_domains(self.app.phrasebank).types.items()])
        self.query_one("#kind-filter", Select).set_options([(k, k) for k in KINDS])
        self.search()

    def follow_topic(self, words: tuple[str, ...]) -> None:
        """With no query, the phrases naming the draft's topic ``words`` are listed."""
        if words != self.about:
            self.about = words
            self.search()

    def follow_section(self, section: str | None) -> None:
        """The section filter follows the heading the writer moved to."""
        from textual.widgets.select import InvalidSelectValueError

        select = self.query_one("#section-filter", Select)
        if section and select.value != section:
            # A section type this phrasebank's taxonomy lacks (a draft made with another
            # bank's): the filter stays as it is.  Set, it had ended the app in Textual's
            # InvalidSelectValueError (fuzz pass B of stop 68).
            with contextlib.suppress(InvalidSelectValueError):
                select.value = section

    @on(Input.Changed, "#query")
    @on(Select.Changed, "#section-filter")
    @on(Select.Changed, "#domain-filter")
    @on(Select.Changed, "#kind-filter")
    def _filters_changed(self) -> None:
        self.search()

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        self.query_one("#results", PhraseResults).focus()

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search(self) -> None:
        """Search for the query and filters as they are now, in a thread: typing never
        waits for a search (a word-level fallback may first load the segmenter, ~2 s).
        A newer search cancels this one, a search that is no longer the latest does not
        start, and results are shown only if they answer what the boxes still hold."""
        asked = self._searching = self._search_terms()
        bank = await self.app.bank()
        if bank is None:
            return
        from drafter.bank.suggest import find

        def latest():
            if self._searching is not asked:  # typed on since: a newer search runs
                return None
            try:
                return find(bank, *asked, limit=RESULTS, about=self.about)
            except sqlite3.ProgrammingError:  # closed: reindexed after a review
                return None

        found = await asyncio.to_thread(latest)
        if found is not None and self._search_terms() == asked:
            # Said under the results: a word-level fallback, or phrases the filters hide.
            self._search_note = found.note
            self.show_hits(found.hits)

    def _search_terms(self) -> tuple:
        """The query and the section, domain and kind filters (None when unset)."""
        def chosen(name: str) -> str | None:
            value = self.query_one(f"#{name}-filter", Select).value
            return value if isinstance(value, str) else None

        return (self.query_one("#query", PhraseQuery).value.strip(), chosen("section"),
                chosen("domain"), chosen("kind"))

    def show_hits(self, hits: list) -> None:
        self.hits = hits
        results = self.query_one("#results", PhraseResults)
        results.set_options([Option(Text.assemble(clip(h.text), (f"  {h.kind}", "dim")),
                                    id=str(i)) for i, h in enumerate(hits)])
        results.border_subtitle = _fitted(self._search_note, results.size.width - 6)
        if hits:
            results.highlighted = 0
        # The detail pane has a fixed height: updating it needs no new layout, which
        # keeps a keystroke's redraw to the two widgets that changed.
        self.query_one("#phrase-detail", Static).update(
            "" if hits else f"没有结果 · no phrases match\n{self._search_note}".strip(),
            layout=False)

    @on(OptionList.OptionHighlighted, "#results")
    def _show_detail(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is None or int(event.option.id) >= len(self.hits):
            return
        hit = self.hits[int(event.option.id)]
        sources = "\n".join(f"  {s.describe()}"
                            for s in hit.sources[:4])
        full = f"{hit.text}\n" if len(hit.text) > CLIP else ""
        self.query_one("#phrase-detail", Static).update(
            f"{full}{hit.kind} · {' '.join(hit.sections[:2])} · {' '.join(hit.domains[:2])}"
            f" · {hit.status} · {hit.score:.2f}\n"
            f"来源 sources:\n{sources or '  —'}", layout=False)

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(replace=False)

    def choose(self, replace: bool) -> None:
        """The highlighted phrase, to insert or to replace the selected row with."""
        results = self.query_one("#results", PhraseResults)
        if results.highlighted is None or not self.hits:
            return
        self.post_message(self.Chosen(self.hits[results.highlighted], replace))


def _fitted(note: str, width: int) -> str:
    """``note`` cut at a word to ``width`` cells, with … where it was cut: a border cuts
    it in the middle of a word (按词匹配 · by words: 城市更新 摆在突)."""
    from rich.cells import cell_len

    if width <= 0 or cell_len(note) <= width:
        return note
    words = note.split(" ")
    while len(words) > 1 and cell_len(" ".join(words) + " …") > width:
        words.pop()
    return " ".join(words) + " …"
