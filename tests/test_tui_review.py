"""The review screen at archive scale, driven with run_test() on a freshly mined bank of
thousands of candidates: sort, filter by rule, mark rows, decide in bulk or by rule,
undo and redo, merge near-duplicates in groups."""

from __future__ import annotations

import json

import pytest

from drafter.bank.review import read_log
from drafter.bank.store import load_phrases
from drafter.tui.app import DrafterApp
from drafter.tui.screens.dialogs import ConfirmScreen, HelpScreen
from drafter.tui.screens.review import ReviewScreen, RuleScreen
from drafter.tui.screens.start import StartScreen

from .test_tui import SIZE, _open_review, wait_for


@pytest.fixture
def archive(mined_archive, monkeypatch):
    monkeypatch.setenv("DRAFTER_PHRASEBANK", str(mined_archive))
    return mined_archive


def _statuses(bank) -> dict[str, str]:
    return {i: p.status for i, p in load_phrases(bank).phrases.items()}


async def test_bulk_review_of_a_mined_archive_with_undo(archive):
    start = _statuses(archive)
    assert len(start) > 2000 and set(start.values()) == {"candidate"}
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        assert len(screen.shown) == len(start)
        scores = [p.score for p in screen.shown]
        assert scores == sorted(scores, reverse=True)
        # Sort by kind, then narrow with a rule typed in the rule filter.
        screen.query_one("#review-sort").value = "kind"
        await wait_for(pilot, lambda: [p.kind for p in screen.shown]
                       == sorted(p.kind for p in screen.shown) and screen.shown[0].kind
                       == "closing")
        await pilot.press("slash", *"section=safeguards kind=heading", "enter")
        await wait_for(pilot, lambda: screen.rule is not None)
        shown = list(screen.shown)
        assert 20 < len(shown) < len(start)
        assert all(p.section == "safeguards" and p.kind == "heading" for p in shown)
        assert "规则 section=safeguards kind=heading" in str(
            screen.query_one("#review-counts").render())
        # Mark three rows (space, space, shift+down) and approve them together.
        assert app.focused is screen.query_one("#queue")
        await pilot.press("space", "space", "shift+down")
        assert screen.marked == {p.id for p in shown[:3]}
        assert "显示 " in str(screen.query_one("#review-counts").render())
        assert "已选 3" in str(screen.query_one("#review-counts").render()).replace(" marked", "")
        await pilot.press("a")
        after = _statuses(archive)
        assert [after[p.id] for p in shown[:3]] == ["approved"] * 3
        assert sum(s == "approved" for s in after.values()) == 3
        assert not screen.marked and screen.shown[0].id == shown[3].id  # the queue moved on
        # Undo, redo, undo again: the files follow.
        await pilot.press("u")
        assert _statuses(archive) == start
        await pilot.press("U")
        assert [_statuses(archive)[p.id] for p in shown[:3]] == ["approved"] * 3
        await pilot.press("u")
        assert _statuses(archive) == start and read_log(archive) == []
        # Every phrase matching a rule among those the filters on screen show (headings
        # here), seen before it is decided.
        screen.query_one("#review-kind").value = "heading"
        await wait_for(pilot, lambda: screen.shown and all(p.kind == "heading"
                                                          for p in screen.shown))
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, RuleScreen))
        dialog = app.screen
        dialog.query_one("#rule-text").value = "score<0.75 status=candidate"
        expected = {p.id for p in screen.shown if p.score < 0.75 and p.status == "candidate"}
        assert expected and all(p.kind == "heading" for p in screen.shown)
        await wait_for(pilot, lambda: len(dialog.matched) == len(expected))
        assert f"{len(expected)} 条符合" in str(dialog.query_one("#rule-count").render())
        # Every match is listed to scroll through, and at 80×24 the list has room.
        listed = dialog.query_one("#rule-matches")
        assert listed.option_count == len(expected) >= 8
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: app.size == (80, 24) and listed.size.height >= 6)
        # …and ↓ from the rule box goes down into it, past the rows in sight (new user
        # 44 found no way to the rest), as the count line says.
        assert "↓ to scroll" in str(dialog.query_one("#rule-count").render())
        await pilot.press("down", *["down"] * 7)
        await wait_for(pilot, lambda: listed.has_focus and listed.highlighted == 7)
        await pilot.resize_terminal(*SIZE)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "Decide by rule" in app.screen.text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is dialog)
        # No decision is chosen beforehand: Enter in the rule box opens the decisions,
        # ↓ Enter picks one, the focus moves on to Apply, and Enter applies, all from the
        # keyboard (a new user took minutes to find the list).
        dialog.query_one("#rule-text").focus()
        await pilot.press("enter")
        await pilot.pause()
        choice = dialog.query_one("#rule-action")
        assert app.screen is dialog and _statuses(archive) == start
        assert choice.expanded and choice.has_focus_within
        # The list opens on its prompt: the first ↓ is the first decision (↓↓ had been
        # approve, the prompt first: new user 42 approved what was meant to be rejected).
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: choice.value == "approve")
        # The notice asking for a decision goes once one is chosen (it had stayed over
        # the dialog: new user).
        await wait_for(pilot, lambda: not any("先选择决定" in n.message
                                              for n in app._notifications))
        await wait_for(pilot, lambda: dialog.query_one("#rule-apply").has_focus)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        after = _statuses(archive)
        assert {i for i, s in after.items() if s == "approved"} - {
            i for i, s in start.items() if s == "approved"} == expected
        await pilot.press("u")
        assert _statuses(archive) == start


async def test_marked_rows_get_a_domain_and_near_duplicates_merge_in_groups(archive):
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        first = [p.id for p in screen.shown[:2]]
        await pilot.press("shift+down", "shift+down", "d")
        # The dialog's own help, and every known key listed in it; an unknown key is
        # refused there with what was typed kept (it had closed the dialog).
        dialog = app.screen
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "domains" in app.screen.text and "Edit" not in app.screen.text.split("\n")[0]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is dialog)
        listed = dialog.query_one("#known-keys")
        assert [listed.get_option_at_index(i).id for i in range(listed.option_count)] == list(
            screen.domains.types)
        await pilot.press("ctrl+u", *"safety foo", "enter")
        assert app.screen is dialog and "foo" in str(dialog.query_one("#text-error").render())
        assert dialog.query_one("#text-value").value == "safety foo"
        # A key is picked from the list too (new user 52), and 党建 stands for 党的建设.
        await pilot.press("ctrl+u", *"safety", "tab")
        assert listed.has_focus
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: dialog.query_one("#text-value").has_focus)
        second = listed.get_option_at_index(1).id
        assert dialog.query_one("#text-value").value == f"safety {second}"
        assert dialog.taken("党建") == "party_building"
        # A key's label, as the list shows it, stands for the key (a new user typed them).
        await pilot.press("ctrl+u", *"安全生产与应急 general", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        phrases = load_phrases(archive).phrases
        assert [phrases[i].domains for i in first] == [["safety", "general"]] * 2
        assert "domains" in phrases[first[0]].decided
        # Near-duplicates among the rows shown, merged into their best in one go, at
        # the similarity the maintainer asks for (looser than mining's 90: new user).
        from drafter.tui.screens.dialogs import TextScreen

        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, TextScreen))
        assert app.screen.query_one("#text-value").value == "90"
        # F1 says what the similarity is for, not how to edit a text (new user 44).
        prompt = app.screen
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "## Merge near-duplicate groups" in app.screen.text
        assert "## Edit" not in app.screen.text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is prompt)
        await pilot.press("ctrl+u", *"50", "enter")  # out of range: said, nothing done
        await wait_for(pilot, lambda: any("70–100" in n.message for n in app._notifications))
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, TextScreen))
        await pilot.press("ctrl+u", *"80", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=120)
        assert "相似度≥80" in app.screen.question
        # Each group is listed: the phrase kept and every phrase merged into it.
        listed = app.screen.query_one("#confirm-details")
        details = [str(listed.get_option_at_index(i).prompt)
                   for i in range(listed.option_count)]

        kept = [line for line in details if line.startswith("·")]
        away = [line for line in details if line.lstrip().startswith("←")]
        assert kept and away and len(kept) + len(away) == len(details)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        merged = [p for p in load_phrases(archive).phrases.values() if p.status == "merged"]
        assert merged and all(p.merged_into for p in merged) and len(merged) == len(away)
        assert not any(p.id in {m.id for m in merged} for p in screen.shown)
        await pilot.press("u")
        assert not any(p.status == "merged" for p in load_phrases(archive).phrases.values())


async def test_a_batch_decision_counts_what_it_changed_and_rows_show_their_status(archive):
    from drafter.bank.store import save_phrases

    # One phrase the mining pipeline rejected (no person decided it yet).
    loaded = load_phrases(archive)
    auto = next(iter(loaded.phrases.values()))
    auto.status = "rejected"
    save_phrases(archive, loaded.phrases.values())
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        screen.query_one("#status-filter").clear()  # every status shown
        await wait_for(pilot, lambda: any(p.id == auto.id for p in screen.shown))
        # (Rows as the queue draws them, held on its page or not.)
        row = next(i for i, p in enumerate(screen.shown) if p.id == auto.id)
        assert str(screen._row(screen.shown[row])).lstrip().startswith("✗")
        others = [i for i, p in enumerate(screen.shown) if p.status == "candidate"][:2]
        assert all(str(screen._row(screen.shown[i])).lstrip().startswith("·")
                   for i in others)
        marked = {auto.id, *(screen.shown[i].id for i in others)}
        screen.marked.update(marked)
        app.clear_notifications()
        await pilot.press("x")
        await wait_for(pilot, lambda: app._notifications)
        said = " ".join(n.message for n in app._notifications)
        assert "2 changed, 1 already so" in said, said  # not "3 changed"
        assert {_statuses(archive)[i] for i in marked} == {"rejected"}


async def test_a_queue_of_thousands_holds_a_page_and_grows_as_the_cursor_moves(archive):
    """An OptionList measures every row it holds (12,400 took ~15 s to show): the queue
    holds a page of the rows shown and takes more as the cursor nears its last."""
    from drafter.tui.screens.review import PAGE

    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        queue = screen.query_one("#queue")
        assert len(screen.shown) > 2 * PAGE and queue.option_count == PAGE
        assert f"显示 {len(screen.shown)}" in str(screen.query_one("#review-counts").render())
        await pilot.press("end")  # the last row held: more are taken at once
        await wait_for(pilot, lambda: queue.option_count > PAGE)
        assert screen.current() is screen.shown[PAGE - 1]
        held = queue.option_count
        await pilot.press("end")
        assert screen.current() is screen.shown[held - 1] and queue.option_count > held
        assert [queue.get_option_at_index(i).id for i in range(queue.option_count)] == [
            p.id for p in screen.shown[:queue.option_count]]
        # Marking every row shown marks them all, held or not; the cursor keeps its row.
        here = screen.current()
        await pilot.press("asterisk")
        assert screen.marked == {p.id for p in screen.shown} and screen.current() is here


async def test_leaving_the_review_while_the_bank_is_read_is_safe(monkeypatch):
    """The screen says how many phrases are read while its thread reads them (in place
    of a loading animation); leaving before that is done is safe."""
    import threading

    import drafter.bank.store as store

    release, counted = threading.Event(), []
    read = store.load_phrases

    def slow(bank_dir, progress=None, **how):
        def told(count):
            counted.append(count)
            progress(count)
        loaded = read(bank_dir, progress=told, **how)
        release.wait(30)
        return loaded

    monkeypatch.setattr(store, "load_phrases", slow)
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StartScreen))
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and len(counted) > 1)
        screen = app.screen
        await wait_for(pilot, lambda: "条 phrases read" in str(
            screen.query_one("#review-counts").render()))
        while isinstance(app.screen, ReviewScreen):
            await pilot.press("escape")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and not screen.phrases


async def test_filters_read_fields_as_rules_do_and_a_rule_says_what_it_overturns(archive):
    # The section filter had shown a phrase filed under 干部队伍 among 纪律廉政 (any of its
    # section types) while section=discipline meant the first; an empty queue did not say
    # the filters hid rows; a rule's count did not say it overturned decisions.
    from drafter.bank.rules import parse_rule, select

    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        candidates = [p for p in screen.phrases.values() if p.status == "candidate"]
        section = next(p.sections[1] for p in candidates if len(p.sections) > 1)
        screen.query_one("#review-section").value = section
        ruled = {p.id for p in select(candidates, parse_rule(f"section={section}"))}
        await wait_for(pilot, lambda: {p.id for p in screen.shown} == ruled)
        # Approve the first row by hand, then a rule matching it says so.
        decided = screen.shown[0].id
        await pilot.press("a")
        await wait_for(pilot, lambda: screen.phrases[decided].status == "approved")
        # The decision stays said, with what u does, after its toast is gone (new user
        # 45, N6); undone, the line says so.
        from drafter.tui.screens.review import _short_decision

        counts = screen.query_one("#review-counts")
        label = screen.undo_stack[-1].label

        def said(expected: str) -> bool:  # (in full, or short where the line is narrow)
            line = str(counts.render())
            return expected in line or _short_decision(expected) in line

        assert said(f"{label} · u 撤销")
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.phrases[decided].status == "candidate")
        assert said(f"已撤销 {label}")
        await pilot.press("U")
        await wait_for(pilot, lambda: screen.phrases[decided].status == "approved")
        assert said(f"已重做 {label} · u 撤销")
        assert _short_decision("status=rejected on 1,024 phrase(s)") == "拒绝 ×1,024"
        screen.query_one("#status-filter").clear()
        await wait_for(pilot, lambda: any(p.id == decided for p in screen.shown))
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, RuleScreen))
        dialog = app.screen
        dialog.query_one("#rule-text").value = f"id={decided}"
        await wait_for(pilot, lambda: len(dialog.matched) == 1)
        assert "1 decided by hand" in str(dialog.query_one("#rule-count").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        # A filter that matches nothing says the rows are hidden, not that there are none.
        screen.query_one("#review-rule").value = "text~不可能有的短语文字"
        await pilot.press("slash", "enter")
        await wait_for(pilot, lambda: not screen.shown)
        assert "hide" in str(screen.query_one("#review-phrase").render())
        # A kind in the dropdown and another in the rule: the empty queue says they
        # disagree (new user 45, N5).
        screen.query_one("#review-kind").value = "parallel"
        screen.query_one("#review-rule").value = "kind=idiom score<0.4"
        await pilot.press("slash", "enter")
        await wait_for(pilot, lambda: "disagree" in str(
            screen.query_one("#review-phrase").render()))
        assert "kind parallel ≠ idiom" in str(screen.query_one("#review-phrase").render())


async def test_at_80x24_a_long_phrases_sources_are_scrolled_to(archive):
    # New user 52: at 80×24 the pane showing a long paragraph ended at its terms; its
    # sources were cut off and could not be scrolled to.
    from textual.containers import VerticalScroll

    app = DrafterApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_review(pilot)
        screen = app.screen
        longest = max(range(min(len(screen.shown), 50)),
                      key=lambda i: len(screen.shown[i].text))
        queue = screen.query_one("#queue")
        queue.highlighted = longest
        phrase = screen.shown[longest]
        shown = screen.query_one("#review-phrase")
        await wait_for(pilot, lambda: phrase.id in str(shown.render()))
        assert "来源 sources:" in str(shown.render())
        pane = screen.query_one("#review-detail", VerticalScroll)
        await wait_for(pilot, lambda: pane.max_scroll_y > 0)
        await pilot.press("alt+down", "alt+down")
        await wait_for(pilot, lambda: pane.scroll_y > 0)
        assert queue.has_focus  # (scrolled from the queue, the keys still its)
        await pilot.press("alt+up", "alt+up")
        await wait_for(pilot, lambda: pane.scroll_y == 0)


async def test_at_80x24_each_queue_row_is_one_line(archive):
    # New users 45 and 52: a long phrase wrapped, leaving its first line to the mark
    # alone, and the queue showed about four rows at 80×24.
    app = DrafterApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_review(pilot)
        queue = app.screen.query_one("#queue")
        await pilot.pause()
        assert max(len(p.text) for p in app.screen.shown[:queue.option_count]) > 20
        assert queue.virtual_size.height == queue.option_count
        assert queue.size.height >= 10


async def test_the_review_footer_at_80_columns_holds_help_and_quit(archive):
    # A new user at 80×24 saw the footer end in "esc Back / clear mar": ^q and F1 cut.
    app = DrafterApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_review(pilot)
        await pilot.pause()
        footer = app.screen.query_one("Footer")
        shown = " ".join(str(key.render()) for key in footer.query("FooterKey")
                         if key.region.right <= 80 and key.region.width)
        for words in ("a Approve", "x Reject", "w By rule", "u Undo", "esc Back", "^q Quit",
                      "f1 Help"):
            assert words in shown, (words, shown)


async def test_the_near_duplicate_shown_is_another_live_phrase_of_the_same_kind(archive):
    """Beside the phrase under the cursor: its closest other phrase, never itself nor one
    merged away, even when those two are closer still."""
    from dataclasses import replace

    from drafter.bank.store import save_phrases

    phrases = load_phrases(archive).phrases
    shown = max((p for p in phrases.values() if p.status == "candidate"),
                key=lambda p: (len(p.text), p.id))
    # First in the queue: the only phrase of score 1 (a score is at most 1).
    phrases = {i: replace(p, score=min(p.score, 0.99)) for i, p in phrases.items()}
    shown = phrases[shown.id] = replace(shown, score=1.0)
    twin = replace(shown, id="twin-merged", status="merged", merged_into=shown.id)
    # The same words with other punctuation: as close as the twin, and live.
    near = replace(shown, id="near-live", text=shown.text.replace("，", "、").rstrip("。"),
                   status="approved")
    save_phrases(archive, [*phrases.values(), twin, near])
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        await wait_for(pilot, lambda: screen.current() is not None
                       and screen.current().id == shown.id and screen.near is not None)
        assert screen.near[0].id == "near-live"
        assert "near-live" in str(screen.query_one("#review-near").render())
        # Merge pressed before the cursor rests (the lookup waits for that) still merges
        # into the near-duplicate of the phrase under the cursor.
        await pilot.press("down", "up", "m")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"merge {shown.id} into near-live" in app.screen.question
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        # M keeps the phrase under the cursor and merges the near-duplicate into it.
        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"merge near-live into {shown.id}" in app.screen.question
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)
        after = load_phrases(archive).phrases
        assert after["near-live"].status == "merged"
        assert after["near-live"].merged_into == shown.id
        assert after[shown.id].status != "merged"


async def test_the_filters_sort_and_rule_are_kept_between_visits(archive):
    # They had been reset each time the maintainer left the review (new user), and
    # sorted by domain the rows had shown no domain.
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        screen.query_one("#review-kind").value = "heading"
        screen.query_one("#review-sort").value = "section"
        await wait_for(pilot, lambda: screen.shown and all(
            p.kind == "heading" for p in screen.shown))
        await pilot.press("slash", *"section=safeguards", "enter")
        await wait_for(pilot, lambda: screen.rule is not None)
        shown = [p.id for p in screen.shown]
        row = str(screen.query_one("#queue").get_option_at_index(0).prompt)
        assert "safeguards" in row, row
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, StartScreen))
        await _open_review(pilot)
        again = app.screen
        assert again is not screen
        assert again.query_one("#review-kind").value == "heading"
        assert again.query_one("#review-sort").value == "section"
        assert again.query_one("#review-rule").value == "section=safeguards"
        assert [p.id for p in again.shown] == shown
        assert "规则 section=safeguards" in str(again.query_one("#review-counts").render())


async def test_a_change_made_elsewhere_is_read_again(archive):
    # A `phrasebank review --undo` on the command line had left the open queue and its
    # counts stale.  The screen notices another writer's change and reads the bank again,
    # the cursor staying on its phrase.
    from drafter.bank.review import decide_many

    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        at = screen.shown[1].id
        await pilot.press("down")
        assert screen._current_id() == at
        other = screen.shown[5].id
        decide_many(archive, [other], known_sections=screen.taxonomy.keys,
                    known_domains=screen.domains.keys, status="approved")
        await wait_for(pilot, lambda: screen.phrases[other].status == "approved",
                       timeout=10)
        assert other not in {p.id for p in screen.shown}  # the queue shows candidates
        assert screen._current_id() == at


async def test_a_decision_on_many_marked_rows_is_asked_about_first(archive):
    # One key had rejected 1,489 marked phrases with no question (new user, stop 37).
    from drafter.tui.screens.review import ASK_FROM

    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        before = _statuses(archive)
        await pilot.press("asterisk")
        assert len(screen.marked) >= ASK_FROM
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"{len(screen.marked):,} 条" in str(app.screen.question)
        await pilot.press("n")
        await app.workers.wait_for_complete()
        assert _statuses(archive) == before
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: {_statuses(archive)[i] for i in screen.marked
                                       if i in before} == {"rejected"} or not screen.marked)
        assert sum(s == "rejected" for s in _statuses(archive).values()) > sum(
            s == "rejected" for s in before.values())


async def test_a_rule_starts_from_the_status_the_queue_shows(archive):
    # Over a queue of rejected phrases the rule dialog began status=candidate and matched
    # nothing (new user, stop 37).
    from textual.widgets import Select

    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        for shown, start in (("rejected", "status=rejected"), (None, "")):
            status = screen.query_one("#status-filter", Select)
            if shown is None:
                status.clear()  # any status
            else:
                status.value = shown
            await pilot.pause()
            screen.action_rule()
            await wait_for(pilot, lambda: isinstance(app.screen, RuleScreen)
                           and app.screen.query("#rule-text"))
            assert app.screen.query_one("#rule-text").value.strip() == start
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is screen)


async def test_a_filter_chosen_gives_the_keys_back_to_the_queue_and_rules_count_after_typing(
        archive, monkeypatch):
    # New user: after a filter or sort was chosen, a and ↓ went on opening dropdowns; in
    # the rule dialog each key waited for the matches to be counted again.
    from textual.widgets import Select

    start = _statuses(archive)
    counts = []
    original = RuleScreen._match

    def counting(dialog, text):
        counts.append(text)
        return original(dialog, text)

    monkeypatch.setattr(RuleScreen, "_match", counting)
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        queue = screen.query_one("#queue")
        sort = screen.query_one("#review-sort", Select)
        # o opens the sort's list (only focused, it had seemed to do nothing: new user 55).
        await wait_for(pilot, lambda: queue.has_focus and len(screen.shown) > 3)
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: queue.highlighted == 2)
        await pilot.press("o")
        await wait_for(pilot, lambda: sort.expanded)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: queue.has_focus)
        # A new order is shown from its top, not from the row the old one was at.
        assert sort.value != "score" and queue.highlighted == 0
        await pilot.press("f")
        assert screen.query_one("#status-filter", Select).has_focus
        await pilot.press("enter", "down", "enter")
        await wait_for(pilot, lambda: queue.has_focus)
        # The same choice again changes nothing, and still gives the keys back.
        await pilot.press("o")
        await wait_for(pilot, lambda: sort.expanded)
        await pilot.press("enter")
        await wait_for(pilot, lambda: queue.has_focus)
        assert sort.value != "score"
        # …as does a list closed with Esc (new user 52: space, meant to mark a row,
        # opened the sort again).
        await pilot.press("o")
        await wait_for(pilot, lambda: sort.expanded)
        await pilot.press("escape")
        await wait_for(pilot, lambda: queue.has_focus)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, RuleScreen)
                       and app.screen.query("#rule-text"))
        dialog = app.screen
        # (The dialog opens on the status the queue's filter shows, status=approved since
        # the filter's first ↓ is its first choice: that is counted before typing.)
        await wait_for(pilot, lambda: dialog.counted == dialog.query_one("#rule-text").value)
        # Counted once: the change the box posts as it mounts does not count it again
        # (that second count had come after the test began typing, CI of stop 43).
        await wait_for(pilot, lambda: dialog._counting is None)
        assert counts == ["status=approved "]
        counts.clear()
        await pilot.press("ctrl+u", *"kind=heading")
        # Every key is in the box at once; the matches are counted once typing paused.
        assert dialog.query_one("#rule-text").value == "kind=heading"
        await wait_for(pilot, lambda: dialog.counted == "kind=heading")
        assert counts == ["kind=heading"]
        # Applied before the count of what was typed since came: the rule as typed.
        await pilot.press(*" score<0")
        dialog.query_one("#rule-action").value = "reject"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and dialog.matched == []  # (matches nothing: kept)
        assert _statuses(archive) == start


async def test_the_counts_line_keeps_the_marked_rows_in_sight_at_80_columns(archive):
    # At 80 columns the marked count had been cut off the end of the line.
    app = DrafterApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_review(pilot)
        screen = app.screen
        await pilot.press("slash", "ctrl+u", *"section=safeguards kind=heading", "enter")
        await wait_for(pilot, lambda: screen.rule is not None
                       and screen.query_one("#queue").has_focus)
        await pilot.press("space", "space")
        await wait_for(pilot, lambda: len(screen.marked) == 2)
        counts = screen.query_one("#review-counts")
        line = str(counts.render())
        assert "已选 2" in line.replace(" marked", ""), line
        assert counts.render().cell_length <= 80 and f"共{len(screen.phrases)}" in line, line
        # The dropdowns are as wide as their labels (党的建设 had shown as 党的建).
        from rich.cells import cell_len

        for select_id in ("#review-domain", "#review-section"):
            select = screen.query_one(select_id)
            select.focus()
            await pilot.press("enter")
            overlay = select.query_one("SelectOverlay")
            await wait_for(pilot, lambda overlay=overlay: overlay.region.width > 0)
            longest = max(cell_len(str(overlay.get_option_at_index(i).prompt))
                          for i in range(overlay.option_count))
            assert overlay.region.width >= min(longest + 2, 40), (select_id, overlay.region)
            await pilot.press("escape")


async def _approve_the_first_in_a_session(archive) -> str:
    """Approve the first phrase of the review screen in a session of its own; its id."""
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        first = await _approve_the_first_here(pilot, archive)
    return first


async def _approve_the_first_here(pilot, archive) -> str:
    """Open the review screen and approve its first phrase; its id."""
    await _open_review(pilot)
    first = pilot.app.screen.shown[0].id
    await pilot.press("a")
    await wait_for(pilot, lambda: _statuses(archive)[first] == "approved")
    return first


async def test_undo_goes_on_into_the_decisions_of_an_earlier_session(archive):
    # New user 42: after a restart u said "nothing to undo" though the log held four
    # decisions, which --undo on the command line took back at once.
    start = _statuses(archive)
    first = await _approve_the_first_in_a_session(archive)
    assert [c.label for c in read_log(archive)] and _statuses(archive) != start
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        await pilot.press("u")
        await wait_for(pilot, lambda: _statuses(archive) == start)
        assert read_log(archive) == [] and screen.phrases[first].status == "candidate"
        await pilot.press("U")  # and redone, from this session's stack
        await wait_for(pilot, lambda: _statuses(archive)[first] == "approved")
        await pilot.press("u", "u")  # nothing further back: said, nothing changed
        await wait_for(pilot, lambda: any("nothing to undo" in n.message
                                          for n in app._notifications))
        assert _statuses(archive) == start


async def test_undo_of_an_import_takes_its_phrases_off_the_screen(archive, tmp_path):
    # Fuzz re-check 76: after u undid an import the counts still read 49,775 phrases,
    # the bank holding 175.
    from drafter.bank.transfer import import_phrases

    start = _statuses(archive)
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(
        json.dumps({"text": f"导入的第{n}条短语，用于撤销", "kind": "paragraph",
                    "section": "work_style", "domains": ["party_building"]},
                   ensure_ascii=False) + "\n" for n in range(3)), encoding="utf-8")
    added = sorted(import_phrases(archive, rows).change.after)
    assert len(added) == 3 and len(_statuses(archive)) == len(start) + 3
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        assert all(i in screen.phrases for i in added)
        await pilot.press("u")
        await wait_for(pilot, lambda: _statuses(archive) == start)
        await wait_for(pilot, lambda: "撤销" in (screen.last_said or ""))
        assert not any(i in screen.phrases for i in added)
        assert f"共{len(start)} ·" in str(screen.query_one("#review-counts").render())


async def test_undo_says_a_log_ending_on_a_line_that_is_no_decision(archive):
    # Fuzz re-check 77, n7: the decision before such a line had been undone instead.
    first = await _approve_the_first_in_a_session(archive)
    log = archive / ".review-log.jsonl"
    log.write_text(log.read_text(encoding="utf-8") + '{"key": "1", "after": [], "before": {}}\n',
                   encoding="utf-8")
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        await pilot.press("u")
        await wait_for(pilot, lambda: any("no decision" in n.message
                                          for n in app._notifications))
        assert _statuses(archive)[first] == "approved"


async def test_undo_of_a_decision_undone_elsewhere_says_nothing_changed(archive):
    # New user 55: after the command line had undone a decision made here, u still said
    # "已撤销 通过 ×1" (the bank stayed right; the words did not).  Since fuzz re-check 79
    # (n13) a change made elsewhere sends undo to the log's latest decision: here none.
    from drafter.bank.review import revert

    start = _statuses(archive)
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _approve_the_first_here(pilot, archive)
        revert(archive, read_log(archive)[-1])  # as `phrasebank review --undo` does
        assert _statuses(archive) == start
        await pilot.press("u")
        await wait_for(pilot, lambda: any("nothing to undo" in n.message
                                          for n in app._notifications))
        assert not any(n.message.startswith("已撤销 undone") for n in app._notifications)
        assert any("changed elsewhere" in n.message for n in app._notifications)
        assert _statuses(archive) == start


async def test_a_decision_made_elsewhere_since_is_undone_before_this_screens_own(archive):
    # Fuzz re-check 79, n13: approved here, then edited on the command line, u took the
    # approval off the log as "changed again since" without undoing it, so it could
    # never be undone.  Undo now follows the log: the edit, then the approval.
    from drafter.bank.review import decide_many

    start = _statuses(archive)
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        first = await _approve_the_first_here(pilot, archive)
        decide_many(archive, [first], status="rejected", note="另有考虑")
        await pilot.press("u")
        await wait_for(pilot, lambda: _statuses(archive)[first] == "approved")
        assert [c.label for c in read_log(archive)] and "另有考虑" not in str(
            load_phrases(archive).phrases[first].note)
        await pilot.press("u")
        await wait_for(pilot, lambda: _statuses(archive) == start)
        assert read_log(archive) == []


async def test_one_search_for_groups_at_a_time_shown_while_it_runs(archive, monkeypatch):
    # New user 42: the notice went after 4 s of a search that ran a minute, and g pressed
    # meanwhile started a second search whose dialog came after the first was answered.
    import threading

    from drafter.bank import dedupe
    from drafter.tui.screens.dialogs import TextScreen

    release, calls, real = threading.Event(), [], dedupe.near_duplicate_groups

    def held(*args, **kwargs):
        calls.append(1)
        assert release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(dedupe, "near_duplicate_groups", held)
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        screen = app.screen
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, TextScreen))
        await pilot.press("ctrl+u", *"80", "enter")
        await wait_for(pilot, lambda: calls and "查找近似组" in str(
            screen.query_one("#review-counts").render()))
        await pilot.press("g")
        await wait_for(pilot, lambda: any("already looking" in n.message
                                          for n in app._notifications))
        assert app.screen is screen and len(calls) == 1
        release.set()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=120)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        await app.workers.wait_for_complete()
        assert len(calls) == 1 and app.screen is screen
        assert "查找近似组" not in str(screen.query_one("#review-counts").render())


def test_a_key_is_named_by_part_of_its_label_when_no_other_label_has_it():
    # New user 42 typed 经济 for 经济发展 (economy) and was refused.
    from drafter.tui.screens.dialogs import KeysScreen

    dialog = KeysScreen("领域", "", {"economy": "经济发展", "governance": "社会治理与平安",
                                     "livelihood": "民生与社会事业", "rural": "三农与乡村振兴"})
    assert [dialog._key(w) for w in ("经济", "乡村振兴", "economy", "三农与乡村振兴")] == [
        "economy", "rural", "economy", "rural"]
    assert dialog._key("社会") is None and dialog._key("经") is None  # two labels; too short
    assert dialog.refused("经济 社会") == "不认识的键 unknown key(s): 社会 — 见下表 see the list"


async def test_quitting_while_decisions_are_still_being_written_keeps_every_one(
        archive, monkeypatch):
    # Fuzz pass C, M6: with each undo and redo a 10-second rewrite of a full bank, five
    # u/U pairs typed fast and then ctrl+q left the bank one undo short of the screen
    # (the maintainer's decision taken back, and gone from the log): the quit key went
    # ahead of the keys still on their way to the screen.
    import time

    from textual import events

    from drafter.bank import review

    for name in ("revert", "reapply"):
        slow = getattr(review, name)

        def written_slowly(*args, _write=slow, **kwargs):
            time.sleep(0.2)
            return _write(*args, **kwargs)
        monkeypatch.setattr(review, name, written_slowly)
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        first = await _approve_the_first_here(pilot, archive)
        # As the terminal's input thread sends them: all at once, none waited for.
        for key in "uUuUuUuUu":
            app.post_message(events.Key(key, key))
        app.post_message(events.Key("ctrl+q", None))
        await wait_for(pilot, lambda: app._exit, timeout=30)
    # Five undos and four redos: the approval undone, as the screen last showed it.
    assert _statuses(archive)[first] == "candidate"
    assert read_log(archive) == []


async def test_quitting_behind_a_key_that_leaves_the_screen_still_quits(archive):
    # The quit goes to the focused widget behind the keys before it (see above); when
    # one of them closes that widget, its queue goes with it, and the quit is acted on
    # all the same.
    from textual import events

    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        for key in ("escape", "escape", "ctrl+q"):
            app.post_message(events.Key(key, None))
        await wait_for(pilot, lambda: app._exit, timeout=10)
    # Gone before the quit came back up from it (closed with a message in its queue,
    # or its parent closing as the quit bubbled): the app's own look finds it gone.
    from textual.widgets import Static

    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await _open_review(pilot)
        app._quit_sent = Static()
        app._quit_if_lost()
        await wait_for(pilot, lambda: app._exit, timeout=10)
    # …or still there but deaf: its message loop ended by a handler that raised (fuzz
    # pass C of stop 63, M2: ctrl+q not answered on a frozen dialog).
    app = DrafterApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StartScreen))
        deaf = app.screen.query_one("*")
        deaf._running = False  # (as Textual leaves it, mounted, until its children go)
        app._quit_sent = deaf
        app._quit_if_lost()
        await wait_for(pilot, lambda: app._exit, timeout=10)
