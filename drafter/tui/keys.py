"""Every key the TUI answers to, as Textual bindings with ids.

Ids let users remap keys in settings.toml (``[keys] "outline.move_up" = "alt+up"``);
each combination a terminal may swallow (ctrl+arrows, ctrl+enter) has a plain-key
alternative in the same binding.  Only the most used show in the footer, most used
first (an 80-column footer cuts the rest); all of them are in the command palette
(ctrl+p, in Chinese and English) and the help (F1).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.keys import format_key

APP = [
    # Priority: F1 answers in dialogs too (a modal screen hides the app's other keys).
    Binding("f1", "help", "Help", id="app.help", priority=True),
    Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    Binding("ctrl+p", "command_palette", "Command palette", show=False, id="app.palette"),
]

START = [
    Binding("n", "new", "New", id="start.new"),
    Binding("o", "open", "Open file", id="start.open"),
    Binding("v", "review", "Review phrases", id="start.review"),
    Binding("r", "recover", "Recover unsaved", show=False, id="start.recover"),
    Binding("escape", "leave_path", "Back to the lists", show=False, id="start.leave-path"),
    # The two lists side by side: ←/→ go between them as the eye does (new user 55 had
    # only found Tab).  In the path box the arrows move its cursor, as ever.
    Binding("left", "new", "Templates", show=False, id="start.templates"),
    Binding("right", "recent", "Recent drafts", show=False, id="start.recent"),
]

# In footer order: what a writer does most comes first.  The footer at 80 columns holds
# these eight and the app's ^q Quit and f1 Help (a new user could not find Save or F1
# when eleven were shown); the others are in F1 and the command palette.
DRAFT = [
    Binding("e,f2", "edit", "Edit", id="outline.edit"),
    Binding("x,delete", "delete", "Del", id="outline.delete"),
    Binding("u,ctrl+z", "undo", "Undo", id="draft.undo"),
    Binding("slash", "search", "Search", id="draft.search"),
    Binding("exclamation_mark,ctrl+k", "checks", "Checks", id="draft.checks"),
    Binding("c", "another_batch", "换一批", id="outline.another_batch"),
    Binding("ctrl+s,s", "save", "Save", id="draft.save"),
    Binding("ctrl+e,E", "export", "Export", id="draft.export"),
    Binding("J,ctrl+down", "move_down", "Move down", key_display="J/K", show=False,
            id="outline.move_down"),
    Binding("K,ctrl+up", "move_up", "Move up", show=False, id="outline.move_up"),
    Binding("p", "preview", "Preview", show=False, id="draft.preview"),
    Binding("a", "add_after", "Add heading", show=False, id="outline.add"),
    Binding("o", "add_sentence", "Add sentence", show=False, id="outline.add_sentence"),
    Binding("b", "add_child", "Add below", show=False, id="outline.add_child"),
    Binding("greater_than_sign,ctrl+right", "indent", "Indent", show=False,
            id="outline.indent"),
    Binding("less_than_sign,ctrl+left", "outdent", "Outdent", show=False, id="outline.outdent"),
    Binding("r", "toggle_run_in", "Run-in head", show=False, id="outline.run_in"),
    Binding("U,ctrl+y", "redo", "Redo", show=False, id="draft.redo"),
    Binding("escape", "back", "Back / close", show=False, id="draft.back"),
    Binding("ctrl+w", "close", "Close draft", show=False, id="draft.close"),
]

OUTLINE_NAV = [
    Binding("j", "cursor_down", "Down", show=False, id="nav.down"),
    Binding("k", "cursor_up", "Up", show=False, id="nav.up"),
    # (shift+↑/↓ are Tree's own: to the previous or next sibling.)
    Binding("alt+down", "detail_down", "Scroll the selected text", show=False,
            id="outline.detail_down"),
    Binding("alt+up", "detail_up", "Scroll the selected text back", show=False,
            id="outline.detail_up"),
]

LIST_NAV = [
    Binding("j", "cursor_down", "Down", show=False, id="list.down"),
    Binding("k", "cursor_up", "Up", show=False, id="list.up"),
]

SCROLL_NAV = [
    Binding("j", "scroll_down", "Down", show=False, id="scroll.down"),
    Binding("k", "scroll_up", "Up", show=False, id="scroll.up"),
]

QUERY = [
    Binding("down", "to_results", "To the results", show=False, id="phrases.to_results"),
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
    Binding("d", "set_domain", "Domain", show=False, id="review.domain"),
    Binding("m", "merge", "Merge", show=False, id="review.merge"),
    Binding("M", "merge_here", "Merge the near-duplicate into this", show=False,
            id="review.merge_here"),
    Binding("g", "merge_groups", "Merge groups", show=False, id="review.merge_groups"),
    Binding("shift+down", "mark_down", "Mark and move down", show=False,
            id="review.mark_down"),
    Binding("shift+up", "mark_up", "Mark and move up", show=False, id="review.mark_up"),
    Binding("asterisk", "mark_all", "Mark every row shown", show=False, id="review.mark_all"),
    Binding("f", "filters", "Filter", show=False, id="review.filter"),
    Binding("o", "sort", "Sort", show=False, id="review.sort"),
    Binding("slash", "rule_filter", "Rule filter", show=False, id="review.rule_filter"),
    Binding("alt+down", "detail_down", "Scroll the phrase's details", show=False,
            id="review.detail_down"),
    Binding("alt+up", "detail_up", "Scroll the phrase's details back", show=False,
            id="review.detail_up"),
    Binding("escape", "back", "Back", id="review.back"),  # (and clears the marks first)
]

# The dialogs' own keys.
DIALOG_CANCEL = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
FIELDS = [*DIALOG_CANCEL, Binding("ctrl+s", "submit", "Create", id="dialog.submit")]
EXPORT = [*DIALOG_CANCEL, Binding("ctrl+s", "export", "Export", id="dialog.export")]
# ↓/↑ and PgDn/PgUp scroll the list of what a yes will do whatever has the focus: at
# 80×24 a new user could read 5 of 15 groups of a merge and could not scroll.
CONFIRM = [
    *DIALOG_CANCEL,
    Binding("y", "yes", "Yes", id="dialog.yes"),
    Binding("n", "no", "No", id="dialog.no"),
    Binding("down,j", "details(1)", "Scroll the list", show=False, id="dialog.details_down"),
    Binding("up,k", "details(-1)", "Scroll the list up", show=False, id="dialog.details_up"),
    Binding("pagedown", "details_page(1)", "Page down the list", show=False,
            id="dialog.details_page_down"),
    Binding("pageup", "details_page(-1)", "Page up the list", show=False,
            id="dialog.details_page_up"),
]
RECOVERY = [
    # (The dialog's button says which: later from the start screen, the file as saved
    # when a draft is opened; the footer had said Later beside "Open saved (Esc)".)
    Binding("escape", "later", "Later / open saved", id="recovery.later"),
    Binding("y", "recover", "Recover", id="recovery.recover"),
    Binding("d", "discard", "Discard", id="recovery.discard"),
]
HELP = [Binding("escape,f1,q", "close", "Close", id="help.close")]
# Short names: the text dialog's footer holds them all at 80 columns (the longer ones had
# been cut after alt+↓: new user).
SUGGEST = [
    Binding("tab", "accept", "Take", id="suggest.accept"),
    Binding("escape", "cancel", "Hide/cancel", id="suggest.cancel"),
    Binding("alt+down", "cycle(1)", "Next", id="suggest.next"),
    Binding("alt+up", "cycle(-1)", "Previous", id="suggest.previous"),
    Binding("ctrl+z", "undo_accept", "Undo take", id="suggest.undo"),
    Binding("f1", "help", "Help", id="suggest.help"),
]
RULE = [
    Binding("escape", "cancel", "Cancel", id="rule.cancel"),
    Binding("ctrl+s", "apply", "Apply", id="rule.apply"),
    Binding("f1", "help", "Help", id="rule.help"),
]
_GROUPS = (APP, START, DRAFT, OUTLINE_NAV, LIST_NAV, SCROLL_NAV, QUERY, BROWSER, REVIEW,
           FIELDS, EXPORT, CONFIRM, RECOVERY, HELP, SUGGEST, RULE)
# Every id a user may remap in settings.toml [keys]: one unknown there is said, not
# ignored (a misspelt id had left the key as it was without a word: fuzz pass 40 n13).
IDS = frozenset(binding.id for group in _GROUPS for binding in group if binding.id)

# What each action is called in Chinese: the command palette matches and shows these
# beside the English (导出 finds Export).
# (A second name after / is what a writer may type for it: new user 44 looked for 缩进,
# 移动, 插入 and 替换 and found nothing.)
CHINESE = {
    "app.help": "帮助", "app.quit": "退出", "app.palette": "命令面板",
    "start.new": "新建草稿", "start.open": "打开文件", "start.review": "审核短语",
    "start.recover": "恢复未保存的草稿", "start.templates": "模板列表",
    "start.recent": "最近的草稿",
    "outline.add": "添加标题/插入标题", "outline.add_sentence": "添加句子/插入句子",
    "outline.add_child": "添加下级标题/插入下级标题", "outline.edit": "编辑/修改",
    "outline.delete": "删除", "outline.move_up": "上移/移动", "outline.move_down": "下移/移动",
    "outline.indent": "降级/缩进", "outline.outdent": "升级/取消缩进", "outline.run_in": "段首标题",
    "outline.another_batch": "换一批/替换", "draft.undo": "撤销", "draft.redo": "重做",
    "draft.search": "搜索短语", "draft.preview": "预览", "draft.checks": "检查",
    "draft.save": "保存", "draft.export": "导出", "draft.back": "返回",
    "draft.close": "关闭草稿",
    "phrases.insert": "插入", "phrases.replace": "替换", "phrases.to_results": "到结果",
    "review.approve": "通过", "review.reject": "拒绝", "review.edit": "编辑",
    "review.retag": "重新标注", "review.merge": "合并", "review.merge_here": "合并到此条",
    "review.filter": "筛选",
    "review.back": "返回", "review.mark": "标记", "review.rule": "按规则决定",
    "review.undo": "撤销", "review.redo": "重做", "review.domain": "设置领域",
    "review.merge_groups": "合并近似组", "review.mark_down": "标记并下移",
    "review.mark_up": "标记并上移", "review.mark_all": "标记全部显示的行",
    "review.sort": "排序", "review.rule_filter": "规则筛选",
    "review.detail_down": "详情下翻", "review.detail_up": "详情上翻",
    "recovery.recover": "恢复", "recovery.discard": "丢弃", "recovery.later": "以后再说",
}


_MODIFIERS = frozenset({"ctrl", "alt", "shift", "super", "meta", "hyper"})
# Control keys a terminal sends as the byte of another key.
_SAME_BYTE_AS = {"i": "tab", "m": "enter", "left_square_bracket": "escape"}


def key_problem(keys: str) -> str:
    """What is wrong with a remap's keys ("alt+up,ctrl+k"), '' when every one is a key a
    terminal can send: a letter or mark, a named key (up, f5, pagedown, tab) or a mark's
    name (greater_than_sign), after modifiers.  ("notakey+++" had been taken and never
    matched; an escape sequence made a footer entry with an invisible key: fuzz pass 41.)"""
    import string

    from textual.keys import Keys, _character_to_key  # (Textual's own names: slash, >)

    named = {k.value.rsplit("+", 1)[-1] for k in Keys} | {
        "tab", "enter", "space", "backspace", "escape"} | {
        _character_to_key(c) for c in string.punctuation}
    for key in keys.split(","):
        *modifiers, name = key.strip().split("+")
        if any(m not in _MODIFIERS for m in modifiers):
            return f"{key!r}: modifiers are {', '.join(sorted(_MODIFIERS))}"
        if len(set(modifiers)) < len(modifiers):
            # (ctrl+ctrl+s matches no key a terminal sends, and the action had lost its
            # keys without a word: fuzz pass C of stop 67, m2.)
            return f"{key!r} gives a modifier twice"
        if modifiers == ["ctrl"] and name in _SAME_BYTE_AS:
            # A terminal sends ctrl+i as tab and ctrl+m as enter: such a key never comes
            # (fuzz pass 4 of stop 69, C-m2).
            return f"{key!r} is {_SAME_BYTE_AS[name]} to a terminal: use {_SAME_BYTE_AS[name]}"
        if len(name) == 1 and name.isprintable() and not name.isspace():
            continue
        if name in named or (name[:1] == "f" and name[1:].isdigit() and 1 <= int(name[1:]) <= 24):
            continue
        return f"{key!r} is no key (a letter, up, f5, pagedown, ctrl+k …)"
    return ""


def key_taken(binding_id: str, remapped: str, keymap: dict[str, str]) -> str:
    """Whose key a remap would take, '' when none: another action's of the same screen
    or dialog, or the app's (ctrl+q, f1), with the other remaps applied.  (Taken, one of
    the two actions had been left without a key, silently: fuzz pass 54.)"""
    groups = [group for group in _GROUPS if any(b.id == binding_id for b in group)]
    if APP in groups:
        groups = list(_GROUPS)  # the app's keys act on every screen: app.quit = "j" would
        # have quit as j moved down a list
    else:
        groups.append(APP)  # …and take their keys from every screen
    own = {k.strip() for group in groups for b in group if b.id == binding_id
           for k in b.key.split(",")}
    # (A key it has by default it shares by design: f1 is every dialog's help and the
    # app's.)
    wanted = {k.strip() for k in remapped.split(",")} - own
    for group in groups:
        for other in group:
            if other.id == binding_id or not other.id:
                continue
            theirs = {k.strip() for k in keymap.get(other.id, other.key).split(",")}
            if taken := sorted(wanted & theirs):
                return f"{taken[0]!r} is {other.id}'s key ({other.description})"
    return ""


def in_effect(app, binding: Binding) -> str:
    """The key(s) a binding answers to now: the user's remap (settings.toml [keys])
    when there is one, else the default ("greater_than_sign,ctrl+right")."""
    keymap = getattr(app, "_keymap", None) or {}
    return keymap.get(binding.id, binding.key) if binding.id else binding.key


def written(keys: str) -> str:
    """Keys as a person writes them: "greater_than_sign,ctrl+right" → "> / ctrl+right"."""
    def one(key: str) -> str:
        *modifiers, name = key.strip().split("+")
        return "+".join([*modifiers, format_key(name)])
    return " / ".join(one(k) for k in keys.split(","))


def label(binding: Binding) -> str:
    """The action's name in both languages: "导出 Export"."""
    chinese = CHINESE.get(binding.id or "", "")
    if not chinese or chinese == binding.description:
        return binding.description
    return f"{chinese} {binding.description}"
