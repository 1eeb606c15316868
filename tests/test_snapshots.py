"""Screenshots of the main screens at 80×24, compared with the approved SVGs in
tests/__snapshots__ (pytest-textual-snapshot).  After an intended change of the UI:
``python -m pytest tests/test_snapshots.py --snapshot-update`` and review the SVGs."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from drafter.draft.assemble import assemble
from drafter.draft.model import save_draft
from drafter.tui.app import DrafterApp

SIZE = (80, 24)


async def _settle(pilot) -> None:
    await pilot.pause(0.5)
    # A draft screen is drawn for good once the phrasebank is open and the checks run
    # with it have reported (in a worker), however long that takes on a loaded machine.
    await pilot.app.bank()
    for _ in range(1200):  # a minute at most
        if getattr(pilot.app.screen, "checked_with_bank", True):
            break
        await pilot.pause(0.05)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    # A blinking cursor is drawn or not depending on the instant of the shot.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    # So is a toast, which times out after seconds: on a loaded machine it is gone
    # before the shot, on an idle one still there.
    pilot.app.clear_notifications()
    await pilot.pause(0.1)
    await pilot.wait_for_scheduled_animations()


@pytest.fixture
def speech(tmp_path):
    draft = assemble("work_conference", {"topic": "基层党组织建设", "speaker": "张三",
                                         "post": "市委书记", "date": "2025-03-02"}, seed=1)
    path = tmp_path / "speech.json"
    save_draft(draft, path)
    return path


def test_start_screen(snap_compare):
    assert snap_compare(DrafterApp(), terminal_size=SIZE, run_before=_settle)


def test_draft_screen(snap_compare, speech):
    assert snap_compare(DrafterApp(draft_path=str(speech)), terminal_size=SIZE,
                        run_before=_settle)


def test_draft_screen_searching(snap_compare, speech):
    async def search(pilot):
        await _settle(pilot)
        await pilot.press("slash", *"作风")
        await _settle(pilot)
    assert snap_compare(DrafterApp(draft_path=str(speech)), terminal_size=SIZE,
                        run_before=search)


def test_review_screen(snap_compare):
    async def review(pilot):
        await _settle(pilot)
        await pilot.press("v")
        await _settle(pilot)
    assert snap_compare(DrafterApp(), terminal_size=SIZE, run_before=review)
