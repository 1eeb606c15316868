"""Review mode for maintainers: a queue of mined phrases to approve, reject, edit,
retag or merge with the near-duplicate shown beside them.

Every decision goes through drafter.bank.review.decide: written atomically under the
bank's lock and recorded so that re-mining keeps it.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from drafter.tui import keys
from drafter.tui.screens.draft import clip
from drafter.tui.widgets import NavOptionList

HELP = """\
## Review

The queue (left) holds the phrases that match the filters, candidates first by default.
The right side shows the phrase with its sources and, when there is one, its closest
near-duplicate of the same kind side by side.

- `a` approve · `x` reject · `e` edit the text · `t` retag (section keys, best first)
- `m` merge into the near-duplicate shown (its sources are kept)
- `f` filters · Esc back
Decisions are saved at once to the phrasebank files and survive re-mining.
"""


class ReviewQueue(NavOptionList):
    HELP = HELP


class ReviewScreen(Screen):
    BINDINGS = keys.REVIEW
    HELP = HELP

    def __init__(self):
        super().__init__()
        self.phrases: dict = {}
        self.shown: list = []
        self.near = None
        self._by_kind: dict | None = None  # kind → [(phrase, normalised text)]
        self._decided = False  # the index needs rebuilding when the screen closes

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="review-counts")
        with Horizontal(id="review-filters"):
            yield Select([("candidate", "candidate"), ("approved", "approved"),
                          ("rejected", "rejected"), ("merged", "merged")],
                         value="candidate", allow_blank=True, prompt="any status",
                         id="status-filter")
            yield Select([], prompt="any section", id="review-section")
            yield Select([], prompt="any domain", id="review-domain")
            yield Select([], prompt="any kind", id="review-kind")
        with Horizontal(id="review"):
            with Vertical(id="queue-pane"):
                yield ReviewQueue(id="queue")
            with Vertical(id="review-detail"):
                yield Static("", id="review-phrase")
                yield Label("近似 · near-duplicate", classes="pane-title")
                with Horizontal(id="side-by-side"):
                    yield Static("", id="review-this")
                    yield Static("", id="review-near")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from drafter import config
        from drafter.bank.model import KINDS
        from drafter.bank.taxonomy import load_domains, load_taxonomy

        self.bank_dir = config.phrasebank_dir(self.app.phrasebank)
        self._show_bank()
        self.taxonomy = load_taxonomy(self.app.phrasebank)
        self.query_one("#review-section", Select).set_options(
            [(t.label, k) for k, t in self.taxonomy.types.items()])
        self.query_one("#review-domain", Select).set_options(
            [(t.label, k) for k, t in load_domains(self.app.phrasebank).types.items()])
        self.query_one("#review-kind", Select).set_options([(k, k) for k in KINDS])
        self.query_one("#queue", ReviewQueue).loading = True
        self.load()

    def _show_bank(self) -> None:
        """Say which phrasebank is reviewed, and where decisions go."""
        from drafter import config

        kind = config.phrasebank_kind(self.bank_dir)
        where = {"bundled": "内置短语库（只读，审核结果存入用户短语库）",
                 "user": f"用户短语库 {self.bank_dir}",
                 "chosen": f"短语库 {self.bank_dir}"}[kind]
        self.sub_title = f"审核短语 · review — {where}"

    @work(thread=True, exclusive=True, group="review-load")
    def load(self) -> None:
        from drafter.bank.store import load_phrases

        loaded = load_phrases(self.bank_dir)
        self.app.call_from_thread(self._loaded, loaded.phrases)

    def _loaded(self, phrases: dict) -> None:
        self.phrases = phrases
        queue = self.query_one("#queue", ReviewQueue)
        queue.loading = False
        if not any(p.status == "candidate" for p in phrases.values()):
            # Nothing new to review: show everything rather than an empty queue.
            with self.prevent(Select.Changed):
                self.query_one("#status-filter", Select).clear()
            self.notify("没有待审短语，显示全部 · no candidates: showing all phrases",
                        timeout=4)
        self.refresh_queue()
        queue.focus()

    # -- queue ------------------------------------------------------------------------

    @on(Select.Changed)
    def _filters(self) -> None:
        if self.phrases:
            self.refresh_queue()

    def refresh_queue(self, keep: str | None = None) -> None:
        status = self.query_one("#status-filter", Select).value
        section = self.query_one("#review-section", Select).value
        domain = self.query_one("#review-domain", Select).value
        kind = self.query_one("#review-kind", Select).value
        self.shown = sorted(
            (p for p in self.phrases.values()
             if (not isinstance(status, str) or p.status == status)
             and (not isinstance(section, str) or section in p.sections)
             and (not isinstance(domain, str) or domain in p.domains[:2])
             and (not isinstance(kind, str) or p.kind == kind)),
            key=lambda p: (-p.score, p.id))
        queue = self.query_one("#queue", ReviewQueue)
        queue.clear_options()
        queue.add_options([Option(Text.assemble(clip(p.text), (f"  {p.kind}", "dim")), id=p.id)
                           for p in self.shown])
        counts = Counter(p.status for p in self.phrases.values())
        self.query_one("#review-counts", Static).update(
            f" 共{len(self.phrases)} · 候选 {counts['candidate']} · 通过 {counts['approved']}"
            f" · 拒绝 {counts['rejected']} · 合并 {counts['merged']} · 显示 {len(self.shown)}")
        if self.shown:
            ids = [p.id for p in self.shown]
            queue.highlighted = ids.index(keep) if keep in ids else 0
        else:
            self.query_one("#review-phrase", Static).update("队列为空 · nothing to review")
            self.query_one("#review-this", Static).update("")
            self.query_one("#review-near", Static).update("")
            self.near = None

    def current(self):
        queue = self.query_one("#queue", ReviewQueue)
        if queue.highlighted is None or queue.highlighted >= len(self.shown):
            return None
        return self.shown[queue.highlighted]

    @on(OptionList.OptionHighlighted, "#queue")
    def _show(self) -> None:
        phrase = self.current()
        if phrase is None:
            return
        sources = "\n".join(f"  {s.describe()}" for s in phrase.sources[:5])
        extra = f"\n说话人 speaker: {phrase.speaker}" if phrase.speaker else ""
        if phrase.members:
            extra += "\n成员 members: " + " / ".join(phrase.members)
        note = f"\n备注 note: {phrase.note}" if phrase.note else ""
        if phrase.terms:
            extra += "\n关键词 terms: " + "、".join(phrase.terms)
        if phrase.specifics:
            extra += "\n具体所指 specifics: " + "、".join(f"{text}（{kind}）"
                                                        for kind, text in phrase.specifics)
        self.query_one("#review-phrase", Static).update(
            f"{phrase.text}\n\n{phrase.kind} · {' '.join(phrase.sections)} · "
            f"{' '.join(phrase.domains[:2]) or '—'} · {phrase.status}"
            f" · score {phrase.score:.2f} · {phrase.id}{extra}{note}\n来源 sources:\n{sources}")
        self.near = self.near_duplicate(phrase)
        self.query_one("#review-this", Static).update(phrase.text)
        self.query_one("#review-near", Static).update(
            f"{self.near[0].text}\n\n{self.near[0].status} · {self.near[0].id} · "
            f"相似 {self.near[1]:.0f}" if self.near else "（无 none）")

    def near_duplicate(self, phrase):
        """The most similar other phrase of the same kind (rapidfuzz ratio ≥ 70 on the
        normalised texts, as bank.dedupe compares them)."""
        from rapidfuzz import fuzz, process

        from drafter.bank.model import normalise

        if self._by_kind is None:  # normalised once per load, not per cursor move
            self._by_kind = {}
            for p in self.phrases.values():
                if p.status != "merged":
                    self._by_kind.setdefault(p.kind, []).append((p, normalise(p.text)))
        others = [(p, norm) for p, norm in self._by_kind.get(phrase.kind, [])
                  if p.id != phrase.id and p.status != "merged"]
        if not others:
            return None
        match = process.extractOne(normalise(phrase.text), [norm for _, norm in others],
                                   scorer=fuzz.ratio, score_cutoff=70)
        return (others[match[2]][0], match[1]) if match else None

    # -- decisions --------------------------------------------------------------------

    def decide(self, **decision) -> None:
        from drafter.bank.review import decide
        from drafter.errors import DrafterError

        phrase = self.current()
        if phrase is None:
            return
        from drafter import config

        position = self.query_one("#queue", ReviewQueue).highlighted or 0
        try:
            # The first decision on the bundled bank makes the user's own copy of it.
            target = config.writable_phrasebank_dir(self.app.phrasebank)
            updated = decide(target, phrase.id, known_sections=self.taxonomy.keys,
                             **decision)
        except (DrafterError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        if target != self.bank_dir:
            self.bank_dir = target
            self._show_bank()
            self.notify(f"审核结果存入用户短语库 · decisions go to your phrasebank: {target}",
                        timeout=6)
        self.phrases[phrase.id] = updated
        if decision.get("merge_into") and decision["merge_into"] in self.phrases:
            target = self.phrases[decision["merge_into"]]
            target.sources = sorted(set(target.sources) | set(updated.sources))
        self._by_kind = None  # texts and statuses changed
        self._decided = True
        self.refresh_queue()
        if self.shown:
            ids = [p.id for p in self.shown]
            queue = self.query_one("#queue", ReviewQueue)
            queue.highlighted = ids.index(phrase.id) if phrase.id in ids else min(
                position, len(self.shown) - 1)
        said = ", ".join(f"{k}={str(v)[:20]}" for k, v in decision.items())
        self.notify(f"{phrase.id}: {said}", timeout=2)

    def action_approve(self) -> None:
        self.decide(status="approved")

    def action_reject(self) -> None:
        self.decide(status="rejected")

    def action_edit(self) -> None:
        from drafter.tui.screens.dialogs import TextScreen

        phrase = self.current()
        if phrase is not None:
            self.app.push_screen(TextScreen("编辑短语 · edit text", phrase.text),
                                 lambda text: text and self.decide(text=text))

    def action_retag(self) -> None:
        from drafter.tui.screens.dialogs import TextScreen

        phrase = self.current()
        if phrase is not None:
            known = " ".join(f"{k}({t.label})" for k, t in self.taxonomy.types.items())
            self.app.push_screen(
                TextScreen(f"重新归类 · section keys, best first\n{known}",
                           " ".join(phrase.sections), " ".join(self.taxonomy.keys)),
                lambda text: text and self.decide(sections=text.split()))

    def action_merge(self) -> None:
        from drafter.tui.screens.dialogs import ConfirmScreen

        if self.near is None:
            self.notify("没有近似短语 · no near-duplicate to merge into", severity="warning")
            return
        target = self.near[0]

        def answer(yes: bool | None) -> None:
            if yes:
                self.decide(merge_into=target.id)
        self.app.push_screen(ConfirmScreen(
            f"合并到 · merge into {target.id}?\n\n{target.text[:120]}\n\n"
            "它的来源会并入 · its sources are kept"), answer)

    def action_filters(self) -> None:
        self.query_one("#status-filter", Select).focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self._decided:
            self.app.reopen_bank()  # searches see the decisions: index them once, now
