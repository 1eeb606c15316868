"""The Checks pane: the draft checks, run in a thread after every change, listed with
the worst first; Enter on one asks to jump to its place."""

from __future__ import annotations

import copy
import sqlite3

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import OptionList, Static, TabPane
from textual.widgets.option_list import Option

from drafter.draft.model import Draft
from drafter.errors import DrafterError
from drafter.tui.components.outline import FLAG, FLAG_STYLE
from drafter.tui.widgets import NavOptionList, ReportsWorkerErrors

CHECKS_HELP = """\
## Checks

What the checks found in the draft, errors (✖) first, then warnings (▲); they run again
after every change. The same marks stand beside the headings in the outline.

- ↑/↓ (j/k), PgUp/PgDn move through the list; it scrolls
- Enter jump to the place in the outline
- Esc back to the outline
"""

_ORDER = {"error": 0, "warning": 1, "info": 2}


def worst_by_node(report) -> dict:
    """Node path → the severity of the worst finding there."""
    flags: dict = {}
    for f in report.findings:
        node = f.location.node
        if node is not None and (node not in flags or _ORDER[f.severity] < _ORDER[flags[node]]):
            flags[node] = f.severity
    return flags


class FindingsList(NavOptionList):
    HELP = CHECKS_HELP


class ChecksPanel(ReportsWorkerErrors, TabPane):
    class Reported(Message):
        """A check run finished: ``flags`` is node path → worst severity there."""

        def __init__(self, report, flags: dict):
            super().__init__()
            self.report, self.flags = report, flags

    class JumpTo(Message):
        """The writer chose a finding: its place in the draft is wanted."""

        def __init__(self, finding):
            super().__init__()
            self.finding = finding

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = None
        self.checked_with_bank = False
        self._check_error: str | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="checks-summary", markup=False)
        yield FindingsList(id="findings")

    @work(exclusive=True, group="checks", exit_on_error=False)
    async def run(self, draft: Draft) -> None:
        """The draft checks, in a thread the app does not wait for when it quits (see
        background), after every change: a copy is checked so the writer can go on
        editing."""
        import asyncio

        from drafter.check import check
        from drafter.check.source import from_draft
        from drafter.tui.background import off_thread

        await asyncio.sleep(0.3)  # let a burst of keys settle; a newer run cancels this one
        bank = self.app.bank_now()
        per_minute = self.app.settings.speech.chars_per_minute

        def checked():
            return check(from_draft(copy.deepcopy(draft)), bank=bank,
                         chars_per_minute=per_minute)

        try:
            report = await off_thread(checked, name="drafter-checks")
        except sqlite3.ProgrammingError:
            # The bank was closed under us (reindexed after review, or the app is
            # quitting): show nothing stale; the next edit checks again.
            return
        except DrafterError as exc:  # a broken rules file (the user's stale.toml …)
            self.show_check_error(exc)
            return
        self.show_findings(report, bank is not None)

    def _gone(self) -> bool:
        """Whether the screen has been closed: a run finished after the writer left."""
        return not self.query("#findings")

    def show_check_error(self, exc: Exception) -> None:
        """The checks could not run: the pane says why until a run succeeds."""
        if self._gone():
            return
        self.report = None
        self.query_one("#checks-summary", Static).update(
            Text(f" ✖ 检查未运行 checks did not run: {exc}", style="bold red"), layout=False)
        self.query_one("#findings", FindingsList).set_options([
            Option(Text.assemble(("✖ ", "bold red"), str(exc), (
                "\n   → 修正这个文件后检查会重新运行 · fix the file; the checks run again "
                "after the next change", "dim")), id="error")])
        if str(exc) != self._check_error:  # once per problem
            self.notify(str(exc), title="检查未运行 checks did not run", severity="error",
                        timeout=10)
        self._check_error = str(exc)

    def show_findings(self, report, with_bank: bool = True) -> None:
        if self._gone():
            return
        self._check_error = None
        self.report = report
        # Without the phrasebank (still opening), copying and quotes went unchecked: the
        # summary says so until the run the opening sets off replaces it.
        self.checked_with_bank = with_bank
        s = report.summary()
        pending = "" if with_bank else "词库打开中，抄袭与引文待查 phrasebank opening · "
        # (Short enough for the pane at 80 columns: the English had cut off its end.)
        self.query_one("#checks-summary", Static).update(
            f" ✖ {s['error']} 错误 · ▲ {s['warning']} 警告 · {pending}Enter 跳到所在位置",
            layout=False)
        findings = self.query_one("#findings", FindingsList)
        highlighted = findings.highlighted
        # Errors first, then warnings, then notes, each in the draft's order; a row's id
        # stays its finding's place in the report.
        ranked = sorted(enumerate(report.findings), key=lambda pair: _ORDER[pair[1].severity])
        findings.set_options([
            Option(Text.assemble((FLAG[f.severity], FLAG_STYLE[f.severity]),
                                 f" {f.message}", (f"  {f.location.describe()}", "dim"),
                                 (f"\n   → {f.suggestion}" if f.suggestion else "", "dim")),
                   id=str(i)) for i, f in ranked])
        if report.findings:  # Enter acts at once, on the same row as before if it is there
            findings.highlighted = min(highlighted or 0, len(report.findings) - 1)
        self.post_message(self.Reported(report, worst_by_node(report)))

    @on(OptionList.OptionSelected, "#findings")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.report is None or not (event.option.id or "").isdigit():
            return  # the row saying why the checks did not run
        self.post_message(self.JumpTo(self.report.findings[int(event.option.id)]))
