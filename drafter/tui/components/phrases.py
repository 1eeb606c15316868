"""The Phrases pane: search the phrasebank as the writer types, filter by section type,
domain and kind, see a phrase's sources; Enter/i or ctrl+r asks to insert or replace."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, OptionList, Select, Static, TabPane
from textual.widgets.option_list import Option

from drafter.tui import keys
from drafter.tui.widgets import CLIP, NavOptionList, ReportsWorkerErrors, clip

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


class PhraseQuery(Input):
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
        self._search_note = ""  # what the results should say of themselves (suggest.find)

    def compose(self) -> ComposeResult:
        yield PhraseQuery(placeholder="搜索短语 · search phrases (/)", id="query")
        with Horizontal(id="filters"):
            yield Select([], prompt="类型", id="section-filter")
            yield Select([], prompt="领域", id="domain-filter")
            yield Select([], prompt="种类", id="kind-filter")
        yield PhraseResults(id="results")
        yield Static("", id="phrase-detail")

    def on_mount(self) -> None:
        from drafter.bank.model import KINDS
        from drafter.bank.taxonomy import load_domains, load_taxonomy

        taxonomy = load_taxonomy(self.app.phrasebank)
        self.query_one("#section-filter", Select).set_options(
            [(t.label, k) for k, t in taxonomy.types.items()])
        self.query_one("#domain-filter", Select).set_options(
            [(t.label, k) for k, t in load_domains(self.app.phrasebank).types.items()])
        self.query_one("#kind-filter", Select).set_options([(k, k) for k in KINDS])
        self.search()

    def follow_section(self, section: str | None) -> None:
        """The section filter follows the heading the writer moved to."""
        select = self.query_one("#section-filter", Select)
        if section and select.value != section:
            select.value = section

    @on(Input.Changed, "#query")
    @on(Select.Changed, "#section-filter")
    @on(Select.Changed, "#domain-filter")
    @on(Select.Changed, "#kind-filter")
    def _filters_changed(self) -> None:
        # A query on the open index takes ~2 ms: answer in the same redraw as the key.
        # Before the index is open, a worker waits for it.
        bank = self.app.bank_now()
        if bank is None:
            self.search()
        else:
            self.show_hits(self._query(bank))

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        self.query_one("#results", PhraseResults).focus()

    @work(exclusive=True, group="search", exit_on_error=False)
    async def search(self) -> None:
        """The first search, once the index has opened (an exclusive worker: a newer
        call replaces an older one)."""
        bank = await self.app.bank()
        if bank is not None:
            self.show_hits(self._query(bank))

    def _query(self, bank) -> list:
        query = self.query_one("#query", PhraseQuery).value.strip()
        section = self.query_one("#section-filter", Select).value
        domain = self.query_one("#domain-filter", Select).value
        kind = self.query_one("#kind-filter", Select).value
        from drafter.bank.suggest import find

        found = find(bank, query, section=section if isinstance(section, str) else None,
                     domain=domain if isinstance(domain, str) else None,
                     kind=kind if isinstance(kind, str) else None, limit=RESULTS)
        # Said under the results: a word-level fallback, or phrases the filters hide.
        self._search_note = found.note
        return found.hits

    def show_hits(self, hits: list) -> None:
        self.hits = hits
        results = self.query_one("#results", PhraseResults)
        results.set_options([Option(Text.assemble(clip(h.text), (f"  {h.kind}", "dim")),
                                    id=str(i)) for i, h in enumerate(hits)])
        results.border_subtitle = self._search_note
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
