"""Suggestions while typing (提词) in the heading and sentence editors, and the phrase
browser's word-level fallback, driven with run_test() on the bundled phrasebank."""

from __future__ import annotations

from drafter.bank.suggest import Suggestions
from drafter.tui.app import DrafterApp
from drafter.tui.screens.dialogs import ConfirmScreen, HelpScreen
from drafter.tui.screens.draft import DraftScreen
from drafter.tui.suggest import SuggestingTextScreen

from . import test_tui as tui

# The fixtures: a party lecture on 作风建设, made once a session, a copy for each test.
_draft_once, draft_file = tui._draft_once, tui.draft_file


async def _editor_with(pilot, typed: str) -> SuggestingTextScreen:
    """Edit the selected node, type ``typed`` and wait for its suggestions."""
    app = pilot.app
    await pilot.press("e")
    await tui.wait_for(pilot, lambda: isinstance(app.screen, SuggestingTextScreen))
    editor = app.screen
    await pilot.press("ctrl+u", *typed)
    await tui.wait_for(pilot, lambda: editor.suggestions.typed == typed
                       and editor.suggestions.items)
    return editor


async def test_ghost_text_tab_cycle_and_escape_in_the_heading_editor(draft_file):
    app = DrafterApp(draft_path=str(draft_file))
    async with app.run_test(size=tui.SIZE) as pilot:
        await tui.wait_for(pilot, lambda: tui.draft_ready(app) and app.bank_now() is not None)
        screen = app.screen
        heading = screen.draft.body[0].heading
        editor = await _editor_with(pilot, "坚持以人民")
        line = editor.query_one("#text-value")
        assert editor.context.heading and editor.context.topic == "作风建设"
        assert editor.context.section == screen.draft.body[0].section
        first = editor.suggestions.items[0]
        assert first.value.startswith("坚持以人民") and first.ghost
        assert line.suggestion == first.value[len(line.value):]  # drawn dimmed after the cursor
        assert editor.query_one("#suggestions").display
        # alt+↓ moves to the next suggestion, alt+↑ back.
        await pilot.press("alt+down")
        assert editor.index == 1 and editor.query_one("#suggestions").highlighted == 1
        await pilot.press("alt+up")
        assert editor.index == 0
        # F1 explains the keys; Esc closes the help, not the editor.
        await pilot.press("f1")
        await tui.wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "提词" in app.screen.text and "alt+↓" in app.screen.text
        await pilot.press("escape")
        await tui.wait_for(pilot, lambda: app.screen is editor)
        # A result for a line that has changed since is dropped.
        editor.show(Suggestions("坚持", editor.suggestions.items[1:]))
        assert editor.suggestions.items[0] == first
        # Esc puts the suggestions away; a second Esc asks before it throws away what
        # was typed (Esc or n: go on editing; y: cancel the edit).
        await pilot.press("escape")
        assert not editor.query_one("#suggestions").display and line.suggestion == ""
        assert app.screen is editor
        await pilot.press("escape")
        await tui.wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await tui.wait_for(pilot, lambda: app.screen is editor)
        assert line.value == "坚持以人民"
        await pilot.press("escape")
        await tui.wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await tui.wait_for(pilot, lambda: isinstance(app.screen, DraftScreen))
        assert screen.draft.body[0].heading == heading
        # Tab takes the suggestion; Enter writes it as the heading.
        editor = await _editor_with(pilot, "坚持以人民")
        taken = editor.suggestions.items[0].value
        await pilot.press("tab")
        assert editor.query_one("#text-value").value == taken
        await pilot.press("enter")
        await tui.wait_for(pilot, lambda: isinstance(app.screen, DraftScreen))
        assert screen.draft.body[0].heading == taken


async def test_a_ghost_past_the_lines_edge_is_said_under_the_list(draft_file):
    # On a narrow screen the rest of a long line was drawn off-screen (new user): what
    # Tab adds is said in the hint instead.  On a wide one the ghost shows, as before.
    for size, said in (((36, 24), True), (tui.SIZE, False)):
        app = DrafterApp(draft_path=str(draft_file))
        async with app.run_test(size=size) as pilot:
            await tui.wait_for(pilot, lambda app=app: tui.draft_ready(app)
                               and app.bank_now() is not None)
            editor = await _editor_with(pilot, "坚持以人民")
            first = editor.suggestions.items[0]
            hint = str(editor.query_one("#suggest-hint").render())
            assert first.value.startswith("坚持以人民") and len(first.value) >= 10
            rest = first.value[len("坚持以人民"):]
            assert hint.startswith(f"Tab 续 …{rest[:4]}") == said, (size, hint)


async def test_escape_before_any_suggestion_came_puts_them_away_and_enter_keeps_the_line(
        draft_file):
    # With no list on screen (none found, or not come yet), Esc had asked "discard what
    # you typed?", and Enter (keep editing) left the next keys typing into the heading
    # (new user, 12 of 12).  Esc now always puts suggestions away first.
    app = DrafterApp(draft_path=str(draft_file))
    async with app.run_test(size=tui.SIZE) as pilot:
        await tui.wait_for(pilot, lambda: tui.draft_ready(app) and app.bank_now() is not None)
        screen = app.screen
        await pilot.press("e")
        await tui.wait_for(pilot, lambda: isinstance(app.screen, SuggestingTextScreen))
        editor = app.screen
        typed = "ｑｑｘｘ无此短语"
        await pilot.press("ctrl+u", *typed)
        await tui.wait_for(pilot, lambda: editor.suggestions.typed == typed)
        assert not editor.query_one("#suggestions").display
        await pilot.press("escape")
        assert app.screen is editor and "再按 Esc" in str(
            editor.query_one("#suggest-hint").render())
        await pilot.press("enter")
        await tui.wait_for(pilot, lambda: isinstance(app.screen, DraftScreen))
        assert screen.draft.body[0].heading == typed


async def test_each_row_shows_what_tab_puts_in_the_line(draft_file):
    app = DrafterApp(draft_path=str(draft_file))
    async with app.run_test(size=tui.SIZE) as pilot:
        await tui.wait_for(pilot, lambda: tui.draft_ready(app) and app.bank_now() is not None)
        editor = await _editor_with(pilot, "坚持以人民")
        listed = editor.query_one("#suggestions")
        for i, item in enumerate(editor.suggestions.items):
            row = str(listed.get_option_at_index(i).prompt)[2:]
            if item.ghost:  # a continuation: the words Tab adds, after …
                assert row.startswith("…") and item.ghost.startswith(row[1:].rstrip("…")[:6])


async def test_a_suggestion_that_says_the_clause_its_own_way_replaces_it(draft_file):
    # 完善城市基础设施 + Tab had taken 补齐城市基础设施短板's tail (完善…短板): such a
    # phrase is listed as 替 and Tab puts its clause in place of the writer's.
    app = DrafterApp(draft_path=str(draft_file))
    async with app.run_test(size=tui.SIZE) as pilot:
        await tui.wait_for(pilot, lambda: tui.draft_ready(app) and app.bank_now() is not None)
        editor = await _editor_with(pilot, "完善城市基础设施")
        items = editor.suggestions.items
        replacing = [i for i, item in enumerate(items) if item.how == "replace"]
        assert replacing, [(item.how, item.text) for item in items]
        listed = editor.query_one("#suggestions")
        assert str(listed.get_option_at_index(replacing[0]).prompt).startswith("替 ")
        for _ in range(replacing[0]):
            await pilot.press("alt+down")
        chosen = items[replacing[0]]
        assert editor.query_one("#text-value").suggestion == ""  # no ghost: not a continuation
        # …so the line under the list says what Tab will make of the line.
        assert str(editor.query_one("#suggest-hint").render()).startswith(
            f"Tab → {chosen.value[:10]}")
        await pilot.press("tab")
        value = editor.query_one("#text-value").value
        assert value == chosen.value and not value.startswith("完善")
        # ctrl+z gives the writer's line back.
        await pilot.press("ctrl+z")
        assert editor.query_one("#text-value").value == "完善城市基础设施"


async def test_the_sentence_editor_suggests_for_sentences(draft_file):
    app = DrafterApp(draft_path=str(draft_file))
    async with app.run_test(size=tui.SIZE) as pilot:
        await tui.wait_for(pilot, lambda: tui.draft_ready(app) and app.bank_now() is not None)
        screen = app.screen
        path = next(p for p, node in _nodes(screen.draft.body) if node.items)
        screen.refresh_views(select=path, item=0)
        await tui.wait_for(pilot, lambda: screen.cursor()[0] == "item")
        editor = await _editor_with(pilot, "要深入学习贯彻")
        assert not editor.context.heading
        assert all(s.value.startswith("要深入学习贯彻") or s.how == "words"
                   for s in editor.suggestions.items)


def _nodes(nodes, prefix=()):
    for i, node in enumerate(nodes):
        yield (*prefix, i), node
        yield from _nodes(node.children, (*prefix, i))


async def test_search_falls_back_to_words_and_says_what_the_filter_hides(draft_file):
    app = DrafterApp(draft_path=str(draft_file))
    async with app.run_test(size=tui.SIZE) as pilot:
        await tui.wait_for(pilot, lambda: tui.draft_ready(app) and app.bank_now() is not None)
        screen = app.screen
        results = screen.query_one("#results")
        await pilot.press("slash")
        screen.query_one("#section-filter").clear()
        await pilot.press(*"政治建设要摆在首位")
        await tui.wait_for(pilot, lambda: screen.phrases.hits and "按词匹配" in str(
            results.border_subtitle))
        assert all("政治" in h.text and "首位" in h.text for h in screen.phrases.hits)
        # The note fits the border, cut at a word (it had read 摆在突 at 80 columns).
        from drafter.tui.components.phrases import _fitted

        note = _fitted("按词匹配 · by words: 城市更新 摆在突出位置 改善", 40)
        assert note == "按词匹配 · by words: 城市更新 …"
        shown, full = str(results.border_subtitle), screen.phrases._search_note
        assert shown == full or (shown.endswith(" …") and full.startswith(shown[:-2] + " "))
        screen.query_one("#section-filter").value = "closing"
        await tui.wait_for(pilot, lambda: "hide" in str(results.border_subtitle))


async def test_each_suggestion_takes_one_row_at_80_columns(draft_file):
    # New user: at 80×24 rows of 60 characters wrapped, and two suggestions filled the list.
    from rich.cells import cell_len

    app = DrafterApp(draft_path=str(draft_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await tui.wait_for(pilot, lambda: tui.draft_ready(app) and app.bank_now() is not None)
        editor = await _editor_with(pilot, "作风")
        listed = editor.query_one("#suggestions")
        await pilot.pause()
        rows = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert len(rows) >= 3
        assert all(cell_len(row) <= listed.scrollable_content_region.width for row in rows), (
            listed.scrollable_content_region.width, rows)
