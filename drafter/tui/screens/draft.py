"""The draft screen: the outline on the left, phrases and the preview on the right,
a status line with length and speaking time.

Every change goes through drafter.draft.edit.DraftEditor (so it can be undone) and is
followed by a rebuild of the views; this screen's own recovery copy is written every few
seconds while there are changes (never over a copy another session left), and the draft
is saved to its file on ctrl+s and when the screen closes (also on ctrl+q).
"""

from __future__ import annotations

import asyncio
import copy
import sqlite3
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Input,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
    Tree,
)
from textual.widgets.option_list import Option

from drafter.draft.edit import DraftEditor, EditError
from drafter.draft.model import Draft
from drafter.errors import DrafterError
from drafter.tui import keys
from drafter.tui.widgets import BankOpened, NavOptionList, ReportsWorkerErrors, TypingInput

AUTOSAVE_SECONDS = 3.0
DETAIL_LINES = 6  # the selected row in full, under the outline: at most this many lines
CLIP = 44  # characters of a phrase shown in a list row; the detail pane has all of it


def clip(text: str) -> str:
    return text if len(text) <= CLIP else text[:CLIP - 1] + "…"
_FLAG = {"error": "✖", "warning": "▲", "info": "·"}
_FLAG_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
RESULTS = 25  # phrases shown per search: a screenful and more; fewer rows redraw faster

OUTLINE_HELP = """\
## Outline

The speech as a tree: front matter, the opening, then headings (with their markers) and,
under each, its sentences (·), then the closing. Markers renumber themselves after every
change. The box under the tree shows the selected row in full.

- `a` add a heading after this one · `b` add one below it · `e`/F2 edit any row (the
  opening and closing too) · `x`/Del delete
- `K`/`ctrl+↑` move up · `J`/`ctrl+↓` move down · `>`/`ctrl+→` indent · `<`/`ctrl+←` outdent
- `r` run-in head on/off (一要…。 opening its paragraph) · `c` 换一批: another proposal
- `u`/`ctrl+z` undo · `U`/`ctrl+y` redo · `/` search phrases · `p` preview · `ctrl+s` save
- ✖/▲ beside a heading: the checks found an error/warning there; `!` (ctrl+k) lists them
  and Enter jumps to one
"""

BROWSER_HELP = """\
## Phrases

Type to search the phrasebank (one character is enough); results follow every key.
The section filter follows the heading selected in the outline; change it or the
kind filter as you like. The phrase under the cursor shows its sources below.

- Enter / `i` insert it under the selected heading (after the selected sentence)
- `ctrl+r` / `R` replace the selected sentence (or heading) with it
- Esc back to the outline
"""


def _row(select, item) -> tuple:
    """The outline row's data for a place: a node path and a sentence index, or a part
    outside the body ("opening", 0) / ("front", "title")."""
    if isinstance(select, str):
        return (select, item)
    return ("node", select) if item is None else ("item", select, item)


def _place(data: tuple) -> tuple:
    """The place (select, item) of an outline row's data; the inverse of _row."""
    if data[0] == "node":
        return (data[1], None)
    if data[0] == "item":
        return (data[1], data[2])
    if data[0] in ("opening", "closing", "front"):
        return (data[0], data[1])
    return (None, None)


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


class OutlineTree(Tree):
    BINDINGS = keys.OUTLINE_NAV
    HELP = OUTLINE_HELP

    def shows(self, node) -> bool:
        """Whether ``node`` belongs to the tree as built now (not to one a rebuild
        replaced)."""
        from textual.widgets.tree import UnknownNodeID

        try:
            return self.get_node_by_id(node.id) is node
        except UnknownNodeID:
            return False

    def show_node(self, node) -> None:
        """Put the cursor on ``node`` of a freshly rebuilt tree.  A new node's line is
        unknown until Tree lays its lines out (on idle or render), so lay them out now
        (textual is pinned to 8.2.x for this private property)."""
        self._tree_lines  # noqa: B018
        self.move_cursor(node)


class PhraseResults(NavOptionList):
    BINDINGS = keys.BROWSER
    HELP = BROWSER_HELP

    def action_insert(self) -> None:
        self.screen.insert_phrase(replace=False)

    def action_replace(self) -> None:
        self.screen.insert_phrase(replace=True)


class PhraseQuery(TypingInput):
    HELP = BROWSER_HELP


class DraftScreen(ReportsWorkerErrors, Screen):
    BINDINGS = keys.DRAFT
    HELP = OUTLINE_HELP

    def __init__(self, draft: Draft, path: Path, recovered: tuple | None = None):
        """``recovered``: (the Recovery, its draft) when the writer chose to recover a
        copy; ``draft`` is then the file as it was saved (or the copy, if none)."""
        from drafter.draft.library import new_session, recovery_path

        super().__init__()
        self.editor = DraftEditor(draft)
        self.path = path
        self.recovered = recovered
        self.session = new_session()
        self.recovery_copy = recovery_path(path, self.session)
        self.saved_version = 0
        self.recovery_version = 0
        self.dirty_from_recovery = False  # recovered or new: not yet in its file
        self._hits: list = []
        self._searching: tuple | None = None  # the latest search asked for (see search)
        self._search_note = ""  # what the results should say of themselves (suggest.find)
        self._template = None
        self._flags: dict = {}  # node path → worst finding severity
        # (node path, item index) the cursor belongs on: where the writer last moved it
        # or an edit put it, kept across rebuilds of the tree.  Until a rebuilt tree has
        # its cursor on it (_cursor_placed), keys act on this, not on the tree's rows.
        self._wanted: tuple = (None, None)
        self._cursor_placed = False
        self.report = None
        self.checked_with_bank = False

    @classmethod
    def from_file(cls, path: Path) -> DraftScreen:
        from drafter.draft.library import open_draft

        return cls(open_draft(path), path)

    @property
    def draft(self) -> Draft:
        return self.editor.draft

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="draft"):
            with Vertical(id="outline-pane"):
                yield OutlineTree("草稿", id="outline")
                yield Static("", id="node-detail")
            with TabbedContent(id="side"):
                with TabPane("短语 Phrases", id="tab-phrases"):
                    yield PhraseQuery(placeholder="搜索短语 · search phrases (/)", id="query")
                    with Horizontal(id="filters"):
                        yield Select([], prompt="类型", id="section-filter")
                        yield Select([], prompt="领域", id="domain-filter")
                        yield Select([], prompt="种类", id="kind-filter")
                    yield PhraseResults(id="results")
                    yield Static("", id="phrase-detail")
                with TabPane("检查 Checks", id="tab-checks"):
                    yield Static("", id="checks-summary")
                    yield NavOptionList(id="findings")
                with TabPane("预览 Preview", id="tab-preview"):
                    with VerticalScroll(id="preview-scroll"):
                        yield Static("", id="preview")
        yield Static("", id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from drafter.bank.model import KINDS

        if self.path.exists() and not self.dirty_from_recovery:
            self._saved_json = self.draft.to_json()
        from drafter.bank.taxonomy import load_domains, load_taxonomy

        self.title = self.draft.title or "草稿"
        self.sub_title = self.path.name
        taxonomy = load_taxonomy(self.app.phrasebank)
        self.query_one("#section-filter", Select).set_options(
            [(t.label, k) for k, t in taxonomy.types.items()])
        self.query_one("#domain-filter", Select).set_options(
            [(t.label, k) for k, t in load_domains(self.app.phrasebank).types.items()])
        self.query_one("#kind-filter", Select).set_options([(k, k) for k in KINDS])
        self.refresh_views(select=(0,) if self.draft.body else None)
        self.query_one("#outline", OutlineTree).focus()
        if self.recovered is not None:
            self._take_recovered()
        elif self.dirty_from_recovery or not self.path.exists():
            self.save(quiet=True)
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)
        self.search()

    def _take_recovered(self) -> None:
        """The recovered text, as one change over the saved file (u undoes it), goes
        to the file; only then is the copy removed."""
        recovery, copy = self.recovered
        if copy is not self.draft:
            self.editor.replace_draft(copy, "恢复 recover")
            self.refresh_views()
        self.dirty_from_recovery = True
        if self.save(quiet=True):
            recovery.discard()
            self.refresh_status("已恢复 recovered" + (" · u 撤销" if self.editor.can_undo else ""))

    # -- views ------------------------------------------------------------------------

    def refresh_views(self, select: tuple | str | None = None, item: int | str | None = None,
                      checks: bool = True) -> None:
        """Rebuild the tree, preview and status from the draft; put the cursor on
        ``select`` (a node path), or on its ``item``; or on a part outside the body
        (``select`` "opening", "closing" or "front", ``item`` which one)."""
        tree = self.query_one("#outline", OutlineTree)
        if select is None:
            # Where the cursor is meant to be: the last place asked for or moved to (the
            # tree's own cursor may not have caught up with a rebuild yet).
            select, item = self._wanted
        self._wanted = (select, item)
        self._cursor_placed = False
        tree.clear()
        tree.root.expand()
        root = tree.root
        root.set_label(Text(self.draft.title or "（无标题）", style="bold"))
        root.data = ("front", "title")
        for name, label in (("byline", "署名"), ("date", "日期"), ("salutation", "称呼")):
            value = getattr(self.draft, name)
            if value:
                root.add_leaf(Text(f"{label}：{value}", style="dim"), data=("front", name))
        for item_index, opening in enumerate(self.draft.opening):
            root.add_leaf(Text(f"· {opening.text}", style="dim"),
                          data=("opening", item_index))
        def add(parent, nodes, prefix):
            for i, node in enumerate(nodes):
                path = (*prefix, i)
                label = Text(f"{node.marker}{node.heading}",
                             style="bold" if node.level == 1 else "")
                if node.run_in:
                    label.append(" ·段首", style="dim")
                worst = self._flags.get(path)
                if worst:  # findings beside the node they concern
                    label = Text.assemble((_FLAG[worst], _FLAG_STYLE[worst]), " ", label)
                branch = parent.add(label, data=("node", path), expand=True)
                for index, entry in enumerate(node.items):
                    style = "italic" if entry.phrase else ""
                    if entry.role == "placeholder":
                        style = "red"
                    branch.add_leaf(Text(f"· {entry.text}", style=style),
                                    data=("item", path, index))
                add(branch, node.children, path)

        add(root, self.draft.body, ())
        for index, closing in enumerate(self.draft.closing):
            root.add_leaf(Text(f"· {closing.text}", style="dim"), data=("closing", index))
        self.call_after_refresh(self._place_cursor)
        self.refresh_preview()
        self.refresh_status()
        if checks:
            self.run_checks()

    # -- checks -----------------------------------------------------------------------

    @on(BankOpened)
    def _recheck(self) -> None:
        # Checks run before the bank was open skipped what needs it (copying, quotes);
        # a search the reindexing closed the bank under is asked again.
        self.run_checks()
        self.search()

    @work(thread=True, exclusive=True, group="checks", exit_on_error=False)
    def run_checks(self) -> None:
        """The draft checks, in a thread, after every change: a copy is checked so the
        writer can go on editing."""
        import time

        from drafter.check import check
        from drafter.check.source import from_draft

        time.sleep(0.3)  # let a burst of keys settle; a newer run cancels this one
        bank = self.app.bank_now()
        draft = copy.deepcopy(self.draft)
        try:
            report = check(from_draft(draft), bank=bank,
                           chars_per_minute=self.app.settings.speech.chars_per_minute)
        except sqlite3.ProgrammingError:
            # The bank was closed under us (reindexed after review, or the app is
            # quitting): show nothing stale; the next edit checks again.
            return
        except DrafterError as exc:  # a broken rules file (the user's stale.toml …)
            self.app.call_from_thread(self.show_check_error, exc)
            return
        self.app.call_from_thread(self.show_findings, report, bank is not None)

    def show_check_error(self, exc: Exception) -> None:
        """The checks could not run: the Checks tab says why until a run succeeds."""
        if self._outline_gone():
            return
        self.report = None
        self.query_one("#checks-summary", Static).update(
            Text(f" ✖ 检查未运行 checks did not run: {exc}", style="bold red"), layout=False)
        self.query_one("#findings", NavOptionList).set_options([
            Option(Text.assemble(("✖ ", "bold red"), str(exc), (
                "\n   → 修正这个文件后检查会重新运行 · fix the file; the checks run again "
                "after the next change", "dim")), id="error")])
        if str(exc) != getattr(self, "_check_error", None):  # once per problem
            self.notify(str(exc), title="检查未运行 checks did not run", severity="error",
                        timeout=10)
        self._check_error = str(exc)

    def _outline_gone(self) -> bool:
        """Whether the screen has been closed: a check run or a cursor placement asked
        for before the writer left arrives after its widgets are gone."""
        return not self.query("#outline")

    def show_findings(self, report, with_bank: bool = True) -> None:
        if self._outline_gone():
            return
        self._check_error = None
        order = {"error": 0, "warning": 1, "info": 2}
        flags: dict = {}
        for f in report.findings:
            node = f.location.node
            if node is not None and (node not in flags or order[f.severity] < order[flags[node]]):
                flags[node] = f.severity
        self.report = report
        # Without the phrasebank (still opening), copying and quotes went unchecked: the
        # summary says so until the run the opening sets off replaces it.
        self.checked_with_bank = with_bank
        changed = flags != self._flags
        self._flags = flags
        s = report.summary()
        pending = "" if with_bank else "词库打开中，抄袭与引文待查 phrasebank opening · "
        self.query_one("#checks-summary", Static).update(
            f" ✖ {s['error']} 错误 errors · ▲ {s['warning']} 警告 warnings · {pending}"
            f"Enter 跳到所在位置 jumps to it", layout=False)
        findings = self.query_one("#findings", NavOptionList)
        highlighted = findings.highlighted
        findings.set_options([
            Option(Text.assemble((_FLAG[f.severity], _FLAG_STYLE[f.severity]),
                                 f" {f.message}", (f"  {f.location.describe()}", "dim"),
                                 (f"\n   → {f.suggestion}" if f.suggestion else "", "dim")),
                   id=str(i)) for i, f in enumerate(report.findings)])
        if report.findings:  # Enter acts at once, on the same row as before if it is there
            findings.highlighted = min(highlighted or 0, len(report.findings) - 1)
        if changed:
            self.refresh_views(checks=False)

    @on(OptionList.OptionSelected, "#findings")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if self.report is None or not (event.option.id or "").isdigit():
            return  # the row saying why the checks did not run
        finding = self.report.findings[int(event.option.id)]
        node = finding.location.node
        place = (node, None)
        if node is None:
            from drafter.check.source import place_outside_body

            place = place_outside_body(self.draft, finding.location.paragraph)
            if place is None:
                self.notify(f"¶{finding.location.paragraph}", severity="warning")
                return
        self.query_one("#outline", OutlineTree).focus()  # first: focusing moves the cursor
        self.refresh_views(*place, checks=False)

    def action_checks(self) -> None:
        self.query_one("#side", TabbedContent).active = "tab-checks"
        self.query_one("#findings", NavOptionList).focus()

    def _place_cursor(self) -> None:
        """After a rebuild: the cursor onto the node (or sentence) it is meant to be on,
        looked up in the tree as it is now."""
        if self._outline_gone():
            return
        tree = self.query_one("#outline", OutlineTree)
        wanted = _row(*self._wanted)
        target = next((n for n in _walk(tree.root) if n.data == wanted), None)
        self._cursor_placed = True
        if target is None:
            self.show_detail()
            return
        tree.show_node(target)
        # Tree announces a highlight only when the cursor's line changes: a rebuild
        # that leaves it on the same line announces nothing, so follow it here.
        self._cursor_on(target)

    def show_detail(self) -> None:
        """Under the outline: all of the selected row (the tree cuts it at the pane's
        edge), wrapped by Chinese line-breaking rules."""
        from drafter.text.wrap import wrap

        data = self.cursor()
        kind = data[0]
        note = ""
        try:
            if kind == "node":
                node = self.editor.node(data[1])
                text = f"{node.marker}{node.heading}"
                note = f"{len(node.items)} 句 · {len(node.children)} 小标题"
            elif kind == "item":
                entry = self.editor.node(data[1]).items[data[2]]
                text = entry.text
                note = f"短语库 phrasebank · {entry.phrase.kind}" if entry.phrase else ""
            elif kind in ("opening", "closing"):
                text = getattr(self.draft, kind)[data[1]].text
                note = "开场 opening" if kind == "opening" else "结尾 closing"
                note += " · e 编辑 edit"
            elif kind == "front":
                text = getattr(self.draft, data[1]) or "（无）"
                note = data[1]
            else:
                text = ""
        except (EditError, IndexError):
            text = ""
        found = self.query("#node-detail")
        if not found:
            return  # the screen is closing, or not yet composed (a cursor placed late)
        detail = found.first(Static)
        width = max((detail.content_region.width or self.size.width * 45 // 100 - 2), 10)
        lines = wrap(text, width) if text else []
        if len(lines) > DETAIL_LINES - 1:  # the rest: e opens it whole
            lines = [*lines[:DETAIL_LINES - 2], lines[DETAIL_LINES - 2][:-1] + "…"]
        shown = Text("\n".join(lines))
        if note:
            shown.append(("\n" if lines else "") + note, style="dim")
        detail.update(shown)

    def refresh_preview(self) -> None:
        """The draft as it will read, wrapped here by Chinese line-breaking rules
        (Textual would start lines with ，。)."""
        from drafter.export.text import plain_text
        from drafter.text.wrap import wrap

        preview = self.query_one("#preview", Static)
        width = (preview.content_region.width or self.size.width // 2) - 1
        preview.update(Text("\n".join(wrap(plain_text(self.draft).rstrip("\n"), width))))

    def on_resize(self) -> None:
        self.refresh_preview()

    def refresh_status(self, message: str | None = None) -> None:
        """The status line; ``message`` (已撤销 …) stays, first, until the draft
        changes again or another message replaces it (a check run redraws the line
        but keeps it)."""
        if message is not None:
            self._status_message = (message, self.editor.version)
        message, version = getattr(self, "_status_message", ("", None))
        if version != self.editor.version:
            message = ""
        chars = self.draft.text_length()
        minutes = chars / self.app.settings.speech.chars_per_minute
        saved = "已保存 saved" if self.is_saved() else "未保存 unsaved"
        undo = f" · 撤销 u: {self.editor.undo_label}" if self.editor.can_undo else ""
        status = Text(" ")
        if message:
            status.append(message, style="bold")
            status.append(" │ ")
        status.append(f"{chars} 字 · 约 {minutes:.1f} 分钟 · {saved}{undo}")
        self.query_one("#status", Static).update(status)

    # -- the cursor -------------------------------------------------------------------

    @property
    def cursor_placed(self) -> bool:
        """Whether the outline's cursor is on the row the last rebuild meant (until
        then, arrow keys move from wherever the old tree had it)."""
        return self._cursor_placed

    def cursor(self) -> tuple:
        """What the outline keys act on: the row under the cursor once a rebuilt tree
        has its cursor placed; before that, the node the last edit or move meant (keys
        arriving together act on the node they were meant for, not on whatever a
        rebuild put at the old row)."""
        tree = self.query_one("#outline", OutlineTree)
        node = tree.cursor_node
        if self._cursor_placed and node is not None and node.data and tree.shows(node):
            return node.data
        select, item = self._wanted
        if select is None:
            return node.data if node is not None and node.data else ("none",)
        return _row(select, item)

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

    @on(Tree.NodeHighlighted, "#outline")
    def _follow_selection(self, event: Tree.NodeHighlighted) -> None:
        tree = self.query_one("#outline", OutlineTree)
        if not self._cursor_placed or event.node is not tree.cursor_node:
            # Highlighted by a rebuild, or by a cursor that has moved on since: not
            # where the writer is.
            return
        self._cursor_on(event.node)

    def _cursor_on(self, row) -> None:
        """The cursor is on ``row``: remember it, show it whole, and have the phrase
        browser's section filter follow it."""
        data = (row.data if row is not None else None) or ("none",)
        if _place(data) != (None, None):
            self._wanted = _place(data)
        self.show_detail()
        # Only when the writer moves through the outline: a rebuild after an insert
        # must not change a filter they chose in the phrase browser.
        if not self.query_one("#outline", OutlineTree).has_focus:
            return
        if data[0] in ("node", "item"):
            try:
                section = self.editor.node(data[1]).section
            except EditError:
                return
            select = self.query_one("#section-filter", Select)
            if section and select.value != section:
                select.value = section

    # -- outline actions --------------------------------------------------------------

    def _need_node(self) -> tuple | None:
        path = self.selected_path()
        if path is None:
            self.notify("先选择一个标题 · select a heading first", severity="warning")
        return path

    def action_add_after(self) -> None:
        path = self.selected_path()
        self.edit_text("新标题 · new heading", "", lambda text: self._apply(
            self.editor.add_after, path, text), suggest_for=(path, True))

    def action_add_child(self) -> None:
        if (path := self._need_node()) is not None:
            self.edit_text("下级标题 · new sub-heading", "", lambda text: self._apply(
                self.editor.add_child, path, text), suggest_for=(path, True))

    def action_edit(self) -> None:
        data = self.cursor()
        if data[0] == "node":
            node = self.editor.node(data[1])
            self.edit_text("编辑标题 · edit heading", node.heading,
                           lambda text: self._apply(self.editor.set_heading, data[1], text,
                                                    select=data[1]),
                           suggest_for=(data[1], True))
        elif data[0] == "item":
            entry = self.editor.node(data[1]).items[data[2]]
            self.edit_text("编辑句子 · edit sentence", entry.text,
                           lambda text: self._apply(self.editor.edit_item, data[1], data[2],
                                                    text, select=data[1], item=data[2]),
                           suggest_for=(data[1], False))
        elif data[0] == "front":
            name = data[1]
            self.edit_text(f"编辑 · edit {name}", getattr(self.draft, name),
                           lambda text: self._apply(self.editor.set_meta, name, text,
                                                    select="front", item=name))
        elif data[0] in ("opening", "closing"):
            part, index = data
            label = "开场" if part == "opening" else "结尾"
            self.edit_text(f"编辑{label} · edit the {part}", getattr(self.draft, part)[index].text,
                           lambda text: self._apply(self.editor.edit_passage, part, index,
                                                    text, select=part, item=index))
        else:
            self.notify("先选择一行 · select a row of the outline", severity="warning")

    def edit_text(self, title: str, value: str, done,
                  suggest_for: tuple | None = None) -> None:
        """Ask for a line of text; ``suggest_for`` (node path, is a heading) offers
        phrases as the writer types (drafter.tui.suggest)."""
        from drafter.tui.screens.dialogs import TextScreen

        def finish(text: str | None) -> None:
            if text is not None and text.strip():
                done(text.strip())
        if suggest_for is None:
            self.app.push_screen(TextScreen(title, value), finish)
            return
        from drafter.bank.suggest import Context
        from drafter.tui.suggest import SuggestingTextScreen

        path, heading = suggest_for
        node = self.editor.node(path) if path is not None else None
        context = Context.of(self.draft, node, heading)
        self.app.push_screen(SuggestingTextScreen(title, value, context), finish)

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
            self._apply(self.editor.delete_item, data[1], data[2], select=data[1])
        elif data[0] in ("opening", "closing"):
            self._apply(self.editor.delete_passage, data[0], data[1], select=data[0],
                        item=max(data[1] - 1, 0))
        else:
            self.notify("select a heading or a sentence", severity="warning")

    def action_move_up(self) -> None:
        if (path := self._need_node()) is not None and self.cursor()[0] == "node":
            self._apply(self.editor.move_up, path)

    def action_move_down(self) -> None:
        if (path := self._need_node()) is not None and self.cursor()[0] == "node":
            self._apply(self.editor.move_down, path)

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

        from drafter.draft.assemble import refill
        from drafter.draft.templates import load_template

        path = self._need_node()
        if path is None:
            return
        node = self.editor.node(path)
        bank = await self.app.bank()
        self._batches = getattr(self, "_batches", 0) + 1
        try:
            if self._template is None:
                self._template = load_template(self.draft.template)
            new = await asyncio.to_thread(refill, self.draft, node, self._template, bank,
                                          1000 + self._batches)
        except DrafterError as exc:
            self.notify(str(exc), severity="error")
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

    # -- phrases ----------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#side", TabbedContent).active = "tab-phrases"
        self.query_one("#query", PhraseQuery).focus()

    def action_preview(self) -> None:
        side = self.query_one("#side", TabbedContent)
        side.active = "tab-preview" if side.active != "tab-preview" else "tab-phrases"

    def action_back(self) -> None:
        """Esc: from a side pane back to the outline; from the outline, close the draft."""
        outline = self.query_one("#outline", OutlineTree)
        if outline.has_focus:
            self.action_close()
        else:
            outline.focus()

    def action_close(self) -> None:
        """Save and go back to the start screen."""
        if not self.save(quiet=True):
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.show_start()

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
                return find(bank, *asked, limit=RESULTS)
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
        self._hits = hits
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
        if event.option.id is None or int(event.option.id) >= len(self._hits):
            return
        hit = self._hits[int(event.option.id)]
        sources = "\n".join(f"  {s.describe()}"
                            for s in hit.sources[:4])
        full = f"{hit.text}\n" if len(hit.text) > CLIP else ""
        self.query_one("#phrase-detail", Static).update(
            f"{full}{hit.kind} · {' '.join(hit.sections[:2])} · {' '.join(hit.domains[:2])}"
            f" · {hit.status} · {hit.score:.2f}\n"
            f"来源 sources:\n{sources or '  —'}", layout=False)

    @on(OptionList.OptionSelected, "#results")
    def _selected(self) -> None:
        self.insert_phrase(replace=False)

    def insert_phrase(self, replace: bool) -> None:
        from drafter.draft.model import item_from_hit

        results = self.query_one("#results", PhraseResults)
        if results.highlighted is None or not self._hits:
            return
        hit = self._hits[results.highlighted]
        data = self.cursor()
        entry = item_from_hit(hit)
        ref, text = entry.phrase, entry.text
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
        """Every few seconds: a recovery copy when something changed since the last."""
        from drafter.draft.library import write_recovery

        if self.editor.version not in (self.recovery_version, self.saved_version):
            if self.is_saved():  # undone back to the file: nothing left to recover
                self.recovery_copy.unlink(missing_ok=True)
                self.recovery_version = self.editor.version
                return
            try:
                write_recovery(self.path, self.draft, self.session)
                self.recovery_version = self.editor.version
            except Exception as exc:  # never lose the session over a failed copy
                self.notify(f"autosave failed: {exc}", severity="error")

    def is_saved(self) -> bool:
        """Whether the draft equals its file (undoing back to it counts as saved)."""
        if self.editor.version == self.saved_version:
            return True
        return self.draft.to_json() == getattr(self, "_saved_json", None)

    def save(self, quiet: bool = False) -> bool:
        from drafter.draft.library import save

        try:
            save(self.path, self.draft, self.session)
        except DrafterError as exc:
            self.notify(f"not saved: {exc}", severity="error", timeout=10)
            return False
        self.saved_version = self.recovery_version = self.editor.version
        self._saved_json = self.draft.to_json()
        self.dirty_from_recovery = False
        if not quiet:
            self.notify(f"已保存 saved {self.path}", timeout=3)
        if self.is_mounted and self.query("#status"):
            self.refresh_status()
        return True

    def action_save(self) -> None:
        self.save()

    def on_unmount(self) -> None:
        # Leaving the screen or quitting: the draft goes to its file.
        if self.editor.version != self.saved_version or self.dirty_from_recovery:
            self.save(quiet=True)

    # -- export -----------------------------------------------------------------------

    def action_export(self) -> None:
        import re

        from drafter.tui.screens.dialogs import ExportScreen

        name = re.sub(r'[\\/:*?"<>|\s]+', "", self.draft.title)[:40] or self.path.stem
        stem = getattr(self, "_last_export", None) or Path.cwd() / name
        summary = self.report.summary() if self.report is not None else None
        self.app.push_screen(ExportScreen(Path(stem).with_suffix(""), summary), self.export)

    @work(exclusive=True, group="export", exit_on_error=False)
    async def export(self, choice: dict | None) -> None:
        import asyncio

        from drafter.draft.assemble import expand
        from drafter.export import write_draft

        if not choice:
            return
        draft = copy.deepcopy(self.draft)
        try:
            if choice["format"] == "docx-full":
                bank = await self.app.bank()
                await asyncio.to_thread(expand, draft, None, bank)
            written = await asyncio.to_thread(write_draft, draft, choice["path"],
                                              overwrite=choice["overwrite"],
                                              provenance=choice["provenance"])
        except DrafterError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self._last_export = written
        self.notify(f"已导出 exported {written}", timeout=5)
