"""Every key the TUI answers to, as Textual bindings with ids.

Ids let users remap keys in settings.toml (``[keys] "outline.move_up" = "alt+up"``);
each combination a terminal may swallow (ctrl+arrows, ctrl+enter) has a plain-key
alternative in the same binding.  Only the most used show in the footer; all of them
are in the command palette (ctrl+p) and the help (F1).
"""

from __future__ import annotations

from textual.binding import Binding

APP = [
    Binding("f1", "help", "Help", id="app.help"),
    Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
]

START = [
    Binding("n", "new", "New", id="start.new"),
    Binding("o", "open", "Open file", id="start.open"),
    Binding("v", "review", "Review phrases", id="start.review"),
]

DRAFT = [
    Binding("a", "add_after", "Add", id="outline.add"),
    Binding("b", "add_child", "Add below", show=False, id="outline.add_child"),
    Binding("e,f2", "edit", "Edit", id="outline.edit"),
    Binding("x,delete", "delete", "Delete", show=False, id="outline.delete"),
    Binding("K,ctrl+up", "move_up", "Move up", show=False, id="outline.move_up"),
    Binding("J,ctrl+down", "move_down", "Move down", show=False, id="outline.move_down"),
    Binding("greater_than_sign,ctrl+right", "indent", "Indent", show=False,
            id="outline.indent"),
    Binding("less_than_sign,ctrl+left", "outdent", "Outdent", show=False, id="outline.outdent"),
    Binding("r", "toggle_run_in", "Run-in head", show=False, id="outline.run_in"),
    Binding("c", "another_batch", "换一批", id="outline.another_batch"),
    Binding("u,ctrl+z", "undo", "Undo", show=False, id="draft.undo"),
    Binding("U,ctrl+y", "redo", "Redo", show=False, id="draft.redo"),
    Binding("slash", "search", "Search phrases", id="draft.search"),
    Binding("p", "preview", "Preview", show=False, id="draft.preview"),
    Binding("ctrl+k,exclamation_mark", "checks", "Checks", show=False, id="draft.checks"),
    Binding("ctrl+s,s", "save", "Save", id="draft.save"),
    Binding("ctrl+e,E", "export", "Export", id="draft.export"),
    Binding("escape", "back", "Back / close", show=False, id="draft.back"),
    Binding("ctrl+w", "close", "Close draft", show=False, id="draft.close"),
]

OUTLINE_NAV = [
    Binding("j", "cursor_down", "Down", show=False, id="nav.down"),
    Binding("k", "cursor_up", "Up", show=False, id="nav.up"),
]

LIST_NAV = [
    Binding("j", "cursor_down", "Down", show=False, id="list.down"),
    Binding("k", "cursor_up", "Up", show=False, id="list.up"),
]

BROWSER = [
    Binding("enter,i", "insert", "Insert", id="phrases.insert"),
    Binding("ctrl+r,R", "replace", "Replace", id="phrases.replace"),
]

REVIEW = [
    Binding("a", "approve", "Approve", id="review.approve"),
    Binding("x", "reject", "Reject", id="review.reject"),
    Binding("space", "toggle_mark", "Mark", id="review.mark"),
    Binding("w", "rule", "By rule", id="review.rule"),
    Binding("u,ctrl+z", "undo", "Undo", id="review.undo"),
    Binding("U,ctrl+y", "redo", "Redo", show=False, id="review.redo"),
    Binding("e", "edit", "Edit", show=False, id="review.edit"),
    Binding("t", "retag", "Retag", id="review.retag"),
    Binding("d", "set_domain", "Domain", id="review.domain"),
    Binding("m", "merge", "Merge", show=False, id="review.merge"),
    Binding("g", "merge_groups", "Merge groups", show=False, id="review.merge_groups"),
    Binding("shift+down", "mark_down", "Mark and move down", show=False,
            id="review.mark_down"),
    Binding("shift+up", "mark_up", "Mark and move up", show=False, id="review.mark_up"),
    Binding("asterisk", "mark_all", "Mark every row shown", show=False, id="review.mark_all"),
    Binding("f", "filters", "Filter", show=False, id="review.filter"),
    Binding("o", "sort", "Sort", show=False, id="review.sort"),
    Binding("slash", "rule_filter", "Rule filter", show=False, id="review.rule_filter"),
    Binding("escape", "back", "Back / clear marks", id="review.back"),
]
