"""A draft: a versioned JSON document the CLI, the TUI and the exporters share.

    {"format": "drafter-draft", "version": 1, "template": …, "mode": "outline",
     "fields": {…}, "title": …, "byline": …, "date": …, "salutation": "同志们：",
     "markers": ["一、", "（一）"],
     "opening": [item…], "body": [node…], "closing": [item…]}

A node is a heading with its level, marker, the items under it and its children; an
item is a paragraph or sentence: free text, or a phrase from the bank with its id and
where it came from.  Markers are derived (``renumber``), never edited by hand.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.bank.model import KEY_RE, KINDS, Source
from drafter.draft import numbering
from drafter.errors import DrafterError
from drafter.fileio import keys_given_twice, load_json, shown
from drafter.text.chars import GAP_RE, SURROGATE_RE

FORMAT = "drafter-draft"
VERSION = 1
# A visible gap: what the writer still has to supply, saying what belongs there.
GAP = "〔待补：{label}〕"
# A gap for what only the writer has, the place's own (本地…): a template's words for its
# record and figures (asks) or for a point's practice or cases (room) begin so.
ROOM_GAP_RE = re.compile(r"〔待补：本地[^〔〕]*〕")
MODES = ("outline", "full")
# What an item is: free text, a template's prose, a gap, or a phrase of the bank's kinds
# said as a lead, sentence, quote or paragraph.
ROLES = ("text", "prose", "placeholder", "sentence", *KINDS)


class DraftError(DrafterError):
    """A draft file that cannot be read: says where (file, line or field path) and why."""


@dataclass
class PhraseRef:
    """Where a reused phrase came from: its id in the bank, its kind and its sources."""

    id: str
    kind: str
    sources: list[Source] = field(default_factory=list)
    speaker: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "kind": self.kind,
                               "sources": [s.to_dict() for s in self.sources]}
        if self.speaker:
            out["speaker"] = self.speaker
        return out

    @classmethod
    def from_dict(cls, data: Any, where: str) -> PhraseRef:
        obj = _object(data, where)
        sources = []
        for i, s in enumerate(_list(obj.get("sources", []), f"{where}.sources")):
            try:
                sources.append(Source.from_dict(s))
            except (KeyError, TypeError, ValueError):
                raise DraftError(f"{where}.sources[{i}]: expected "
                                 '{"file": …, "position": N}') from None
        return cls(_str(obj.get("id"), f"{where}.id"), _str(obj.get("kind"), f"{where}.kind"),
                   sources, _str(obj.get("speaker", ""), f"{where}.speaker"))


# A template's name: what its files are called in a templates folder.  (A path had been
# joined onto the folder, and an absolute one replaced it: a draft file could make fill
# and the TUI render a template from anywhere on disk, fuzz pass 45 n1.)
TEMPLATE_NAME_RE = re.compile(r"[\w-]{1,64}")


def part_names(part: str, text: str) -> tuple[str, str]:
    """(Chinese, English) name of a passage of the opening or the closing: the line that
    announces the parts (下面，我讲三点意见) is the transition, not the opening (new user
    45 had been told to edit the opening on it)."""
    from drafter.bank.mine.lines import ANNOUNCE_RE

    if part == "opening":
        return ("过渡", "transition") if ANNOUNCE_RE.search(text) else ("开场", "opening")
    return ("结尾", "closing")


@dataclass
class Item:
    """A paragraph or sentence under a heading (or in the opening/closing)."""

    text: str
    role: str = "text"  # lead, sentence, quote, paragraph, text (free), prose (template)
    phrase: PhraseRef | None = None
    # Put here by the writer (a phrase chosen in search), not drawn by the assembler:
    # 换一批 keeps it as it keeps the writer's own sentences (new user 45 lost one).
    chosen: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "role": self.role}
        if self.phrase:
            out["phrase"] = self.phrase.to_dict()
        if self.chosen:
            out["chosen"] = True
        return out

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Item:
        if isinstance(data, str):
            return cls(data)
        obj = _object(data, where)
        phrase = obj.get("phrase")
        role = _str(obj.get("role", "text"), f"{where}.role")
        if role not in ROLES:
            # (Any word had been taken and written back by export: fuzz pass 41, F2.)
            raise DraftError(f"{where}.role: unknown role {role!r} (known: "
                             f"{', '.join(ROLES)})")
        text = _str(obj.get("text"), f"{where}.text")
        if role == "placeholder" and not GAP_RE.fullmatch(text):
            role = "text"  # a gap a writer typed over before edits said so (see edited)
        return cls(text, role,
                   PhraseRef.from_dict(phrase, f"{where}.phrase") if phrase else None,
                   _bool(obj.get("chosen", False), f"{where}.chosen"))

    def edited(self, text: str) -> Item:
        """This item as a writer's edit leaves it, saying ``text``: a gap typed over is
        the writer's own text (kept a placeholder, it had been left out of full drafts,
        fills and 换一批, and 换一批 had thrown it away: new user 44); anything else keeps
        its role."""
        role = "text" if self.role == "placeholder" and not GAP_RE.fullmatch(text) else self.role
        return Item(text, role)


def item_from_hit(hit, role: str | None = None, text: str | None = None) -> Item:
    """An item reusing a phrase from the bank: its provenance kept, a quote worded as
    speeches quote (习近平总书记指出：“…”。).  ``role`` defaults from the phrase's kind;
    ``text`` replaces the phrase's text (a lead cut from a model paragraph)."""
    text = hit.text if text is None else text
    if role is None:
        role = hit.kind if hit.kind in ("lead", "quote", "paragraph") else "sentence"
    if hit.kind == "quote":
        end = "" if text.endswith(("。", "！", "？")) else "。"
        text = f"{hit.speaker}指出：“{text}”{end}" if hit.speaker else f"“{text}”{end}"
    return Item(text, role, PhraseRef(hit.id, hit.kind, list(hit.sources), hit.speaker))


@dataclass
class Node:
    """A heading and what stands under it."""

    heading: str
    level: int = 1
    marker: str = ""
    run_in: bool = False  # the head opens its first paragraph (一要坚持实事求是。…)
    section: str | None = None  # the section type the slot was filled for
    slot: str = ""  # the template slot it came from, for 换一批
    phrase: PhraseRef | None = None  # when the heading itself is a reused phrase
    items: list[Item] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"heading": self.heading, "level": self.level,
                               "marker": self.marker}
        if self.run_in:
            out["run_in"] = True
        if self.section:
            out["section"] = self.section
        if self.slot:
            out["slot"] = self.slot
        if self.phrase:
            out["phrase"] = self.phrase.to_dict()
        out["items"] = [i.to_dict() for i in self.items]
        out["children"] = [c.to_dict() for c in self.children]
        return out

    @classmethod
    def from_dict(cls, data: Any, where: str, level: int) -> Node:
        obj = _object(data, where)
        written = obj.get("level", level)
        if not isinstance(written, int) or isinstance(written, bool) or written < 1:
            # The level a node stands at is its nesting's; a level given is a whole
            # number from 1 (-1, 1.5, "2", null and true had passed: fuzz pass 42).
            raise DraftError(f"{where}.level: expected a whole number from 1, got "
                             f"{json.dumps(written, ensure_ascii=False)}")
        phrase = obj.get("phrase")
        node = cls(
            heading=_str(obj.get("heading"), f"{where}.heading"),
            level=level,
            marker=_str(obj.get("marker", ""), f"{where}.marker"),
            run_in=_bool(obj.get("run_in", False), f"{where}.run_in"),
            section=_section(obj.get("section"), f"{where}.section"),
            slot=_str(obj.get("slot", ""), f"{where}.slot"),
            phrase=PhraseRef.from_dict(phrase, f"{where}.phrase") if phrase else None,
        )
        node.items = [Item.from_dict(x, f"{where}.items[{i}]")
                      for i, x in enumerate(_list(obj.get("items", []), f"{where}.items"))]
        node.children = [Node.from_dict(x, f"{where}.children[{i}]", level + 1) for i, x
                         in enumerate(_list(obj.get("children", []), f"{where}.children"))]
        return node

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def gaps(self) -> list[str]:
        """The visible gaps left in this node and under it (〔待补：…〕), in order: whole
        gap headings and placeholders, and gaps inside a heading or passage."""
        out = []
        for node in self.walk():
            out += GAP_RE.findall(node.heading)
            out += _item_gaps(node.items)
        return out


def _item_gaps(items: list[Item]) -> list[str]:
    """A placeholder is a gap as a whole; prose may hold gaps inside it (the template's
    今天的座谈会开得很好……〔待补：逐一点评发言〕, or one a writer typed)."""
    out = []
    for item in items:
        out += [item.text] if item.role == "placeholder" else GAP_RE.findall(item.text)
    return out


@dataclass
class Draft:
    template: str = ""
    mode: str = "outline"
    seed: int = 0
    fields: dict[str, str] = field(default_factory=dict)
    title: str = ""
    subtitle: str = ""
    byline: str = ""  # the speaker's post and name, under the title
    date: str = ""  # as printed: （2024年7月15日）
    salutation: str = ""
    markers: list[str] = field(default_factory=lambda: list(numbering.DEFAULT_STYLES))
    opening: list[Item] = field(default_factory=list)
    body: list[Node] = field(default_factory=list)
    closing: list[Item] = field(default_factory=list)
    # What the assembler understood of the topic: its domains, related terms and shape.
    topic: dict[str, Any] = field(default_factory=dict)

    @property
    def topic_words(self) -> tuple[str, ...]:
        """The words the topic is drafted by (those the assembler understood, else the
        topic field as typed): what the phrase browser lists with no query."""
        words = [str(w) for w in self.topic.get("words", []) if str(w).strip()]
        typed = str(self.fields.get("topic", "")).strip()
        return tuple(words or ([typed] if typed else []))

    def nodes(self) -> Iterator[Node]:
        for node in self.body:
            yield from node.walk()

    def renumber(self) -> None:
        """Give every node the marker its level and position call for."""
        def visit(nodes: list[Node], level: int) -> None:
            for number, node in enumerate(nodes, start=1):
                node.level = level
                node.marker = numbering.marker(self.markers, level, number)
                visit(node.children, level + 1)
        visit(self.body, 1)

    def text_length(self) -> int:
        """Characters of speech (no spaces, no gaps): what the speaking time is reckoned
        from."""
        from drafter.export.text import plain_text
        from drafter.text.chars import speech_characters

        return speech_characters(plain_text(self))

    def gaps(self) -> list[str]:
        """The visible gaps left for the writer (〔待补：安全生产的重点任务〕), in order."""
        # (Gaps in the opening and closing prose count too: a summary's 〔待补：逐一点评
        # 发言〕 had been left out, and the outline said "0 gap(s) left".)
        return (_item_gaps(self.opening) + [gap for node in self.body for gap in node.gaps()]
                + _item_gaps(self.closing))

    def coverage(self) -> dict[str, int]:
        """What the body is made of: headings and passages reused from the phrasebank,
        written by the template or the writer, and gaps still to fill."""
        counts = {"bank_headings": 0, "other_headings": 0, "bank_passages": 0,
                  "other_passages": 0}
        for node in self.nodes():
            if not GAP_RE.fullmatch(node.heading):
                counts["bank_headings" if node.phrase else "other_headings"] += 1
            for item in node.items:
                if item.role != "placeholder":
                    counts["bank_passages" if item.phrase else "other_passages"] += 1
        gaps = self.gaps()
        counts["gaps"] = len(gaps)
        counts["room_gaps"] = sum(bool(ROOM_GAP_RE.fullmatch(gap)) for gap in gaps)
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": VERSION, "template": self.template,
            "mode": self.mode, "seed": self.seed, "fields": dict(self.fields),
            "title": self.title, "subtitle": self.subtitle, "byline": self.byline,
            "date": self.date, "salutation": self.salutation, "markers": list(self.markers),
            "opening": [i.to_dict() for i in self.opening],
            "body": [n.to_dict() for n in self.body],
            "closing": [i.to_dict() for i in self.closing],
            **({"topic": dict(self.topic)} if self.topic else {}),
            "coverage": {**self.coverage(), "gap_texts": self.gaps()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_dict(cls, data: Any) -> Draft:
        obj = _object(data, "draft")
        if obj.get("format") != FORMAT:
            raise DraftError(f'not a drafter draft (expected "format": "{FORMAT}")')
        version = obj.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise DraftError(f"version: expected an integer, got {_kind(version)}")
        if version < 1:
            raise DraftError(f"version: {version} is no drafter draft's (they start at 1)")
        if version > VERSION:
            raise DraftError(f"draft version {version!r} is newer than this drafter "
                             f"understands ({VERSION}); upgrade drafter")
        mode = obj.get("mode", "outline")
        if mode not in MODES:
            raise DraftError(f"mode: expected one of {', '.join(MODES)}, got {mode!r}")
        fields = _object(obj.get("fields", {}), "fields")
        markers = [_str(m, f"markers[{i}]")
                   for i, m in enumerate(_list(obj.get("markers", []), "markers"))]
        for i, m in enumerate(markers):
            if m not in numbering.STYLES:
                raise DraftError(f"markers[{i}]: unknown marker style {m!r} (known: "
                                 f"{' '.join(k for k in numbering.STYLES if k)})")
        seed = obj.get("seed", 0)
        if not isinstance(seed, int) or isinstance(seed, bool):
            # (true is an int to Python: fuzz pass 42.)
            raise DraftError(f"seed: expected an integer, got {_kind(seed)}")
        if "body" not in obj:
            # Every draft drafter writes has one, empty or not: a file without it is
            # something else (or cut short), not an empty speech to check and export.
            raise DraftError('body: missing (a draft holds its headings and paragraphs '
                             'under "body")')
        template = _str(obj.get("template", ""), "template")
        if template and not TEMPLATE_NAME_RE.fullmatch(template):
            raise DraftError(f"template: {shown(template[:80])!r} is no template's name "
                             "(such as party_lecture)")
        return cls(
            template=template, mode=mode, seed=seed,
            fields={str(k): _str(v, f"fields.{k}") for k, v in fields.items()},
            title=_str(obj.get("title", ""), "title"),
            subtitle=_str(obj.get("subtitle", ""), "subtitle"),
            byline=_str(obj.get("byline", ""), "byline"),
            date=_str(obj.get("date", ""), "date"),
            salutation=_str(obj.get("salutation", ""), "salutation"),
            markers=markers or list(numbering.DEFAULT_STYLES),
            opening=[Item.from_dict(x, f"opening[{i}]")
                     for i, x in enumerate(_list(obj.get("opening", []), "opening"))],
            body=[Node.from_dict(x, f"body[{i}]", 1)
                  for i, x in enumerate(_list(obj.get("body", []), "body"))],
            closing=[Item.from_dict(x, f"closing[{i}]")
                     for i, x in enumerate(_list(obj.get("closing", []), "closing"))],
            topic=_topic(obj.get("topic", {})),
        )


# A draft is a speech: a long report runs to some 30,000 characters in a few hundred
# paragraphs.  Far beyond these it is no draft but a pasted archive, and every command
# that reads it (check, export, the TUI) would work on it for minutes.
MAX_DRAFT_BYTES = 32 * 1024 * 1024
MAX_TOPIC_ITEMS = 500  # terms, words, sections or domains the topic of a draft keeps
MAX_DRAFT_CHARS = 1_000_000  # as many as parse reads from one speech
MAX_DRAFT_PARAGRAPHS = 20_000
# Levels of headings in a draft: an official text has four (一、（一）1.（1）), a long
# report a few more.  One limit for every command: a chain of 200 nested headings had
# been checked and exported, and the TUI's outline said RecursionError (fuzz pass B of
# stop 67, m5).
MAX_DRAFT_DEPTH = 32
# Lists and objects in a draft file: each paragraph takes a few (its item, its phrase,
# their sources); 20,000 paragraphs take some 100,000.
MAX_DRAFT_CONTAINERS = 500_000
# Commas in a draft file (a value each, or a key's): 20,000 paragraphs take some 300,000.
MAX_DRAFT_VALUES = 1_000_000


def load_draft(path: str | os.PathLike[str]) -> Draft:
    """Read a draft file; any problem is a DraftError naming the file and the place."""
    from drafter.errors import UnreadableFile
    from drafter.fileio import read_regular_file

    path = Path(path)
    try:
        # Only a regular file, and not past the limit: a FIFO would block, /dev/zero
        # be read until memory runs out.
        raw = read_regular_file(path, MAX_DRAFT_BYTES)
    except UnreadableFile as exc:
        raise DraftError(f"{path}: {exc.reason}") from None
    if (values := raw.count(b",")) > MAX_DRAFT_VALUES and (
            raw.count(b"[") + raw.count(b"{") <= MAX_DRAFT_CONTAINERS):  # (said as lists)
        # Counted before parsing: 15 million numbers in a list under a key the draft does
        # not use (30 MB) had been parsed whole, 2.1 GB (fuzz pass B of stop 68).
        raise DraftError(f"{path}: {values:,} values or more; a draft holds far fewer "
                         f"(at most {MAX_DRAFT_VALUES:,}; a speech's, some hundreds)")
    try:
        data = load_json(raw.decode("utf-8-sig"), pairs_hook=_one_value_per_key,
                         max_containers=MAX_DRAFT_CONTAINERS)
    except DraftError as exc:
        raise DraftError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        if raw.startswith(_OFFICE_MAGIC):
            # (fill of a .docx had said "not UTF-8 text (byte 11)": fuzz pass 68.)
            raise DraftError(f"{path}: an Office or zip file, not a draft (a draft is the "
                             ".json `drafter outline -o` writes; a speech opens as one with "
                             "`drafter tui`)") from None
        if exc.reason == "unexpected end of data":
            # (A file cut short inside a character had been called "not UTF-8 text":
            # fuzz pass 41, F4.)
            raise DraftError(f"{path}: cut short (it ends inside a character, byte "
                             f"{exc.start}): the file is incomplete") from None
        raise DraftError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise DraftError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    if found := _half_character_in(data):
        # Anywhere, keys and the fields a draft keeps as they are included: a field's
        # key or a topic's own note holding one had been taken, and the first save
        # ended the TUI in a traceback, the edit lost (fuzz pass B of stop 68).
        where, lone = found
        raise DraftError(f"{path}: {where}: holds \\u{ord(lone):04x}, half of a character "
                         "(a lone surrogate); remove it")
    try:
        draft = Draft.from_dict(data)
        draft.renumber()  # markers are derived from the tree, whatever the file says
        _within_bounds(draft)
        return draft
    except DraftError as exc:
        raise DraftError(f"{path}: {exc}") from None
    except RecursionError:
        raise DraftError(f"{path}: the outline is nested too deeply") from None


def _half_character_in(data: Any) -> tuple[str, str] | None:
    """Where in a draft file's data a text or a key holds half of a character (a lone
    surrogate, which JSON can escape and no file can hold), and the half; None when
    none does."""
    pending: list[tuple[str, Any]] = [("the file", data)]
    while pending:
        where, value = pending.pop()
        if isinstance(value, str):
            if lone := SURROGATE_RE.search(value):
                return where, lone.group()
        elif isinstance(value, dict):
            for key, item in value.items():
                if lone := SURROGATE_RE.search(key):
                    return f"{where}: a key", lone.group()
                pending.append((key if where == "the file" else f"{where}.{key}", item))
        elif isinstance(value, list):
            pending += ((f"{where}[{number}]", item) for number, item in enumerate(value))
    return None


_OFFICE_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")  # zip (.docx), .doc, .pdf


def _one_value_per_key(pairs: list[tuple[str, Any]]) -> dict:
    """An object of a draft file as a dict; a key given twice is refused, not read as
    its last value ({"version": 1, "version": 99} had been "draft version 99": fuzz
    pass 41, F3)."""
    if twice := keys_given_twice(pairs):
        raise DraftError(f"{twice[0]!r} is given twice in one object; keep one")
    return dict(pairs)


def _section(value: Any, where: str) -> str | None:
    """A node's section type: a key (work_style), or none; a path or junk is refused."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not KEY_RE.fullmatch(value):
        shown = repr(value)[:60] if isinstance(value, str) else _kind(value)
        raise DraftError(f"{where}: not a section type key: {shown}")
    return value


def _within_bounds(draft: Draft) -> None:
    """Refuse a draft far larger than any speech (see MAX_DRAFT_CHARS)."""
    items = [*draft.opening, *draft.closing]
    nodes = list(draft.nodes())
    for node in nodes:
        items += node.items
    paragraphs = len(items) + len(nodes)
    level, deepest = [(node, 1) for node in draft.body], 0
    while level and deepest <= MAX_DRAFT_DEPTH:
        deepest = max(depth for _, depth in level)
        level = [(child, depth + 1) for node, depth in level for child in node.children]
    if deepest > MAX_DRAFT_DEPTH:
        raise DraftError(f"headings nested more than {MAX_DRAFT_DEPTH} levels deep (an "
                         "official text has four: 一、（一）1.（1）)")
    if paragraphs > MAX_DRAFT_PARAGRAPHS:
        raise DraftError(f"too large: {paragraphs:,} paragraphs and headings, more than "
                         f"{MAX_DRAFT_PARAGRAPHS:,} (a speech has a few hundred)")
    # (The title and the other lines too: a title of two million characters had been
    # taken, and its DOCX took 12 s: fuzz pass 41, F1.)
    lines = (draft.title, draft.subtitle, draft.byline, draft.date, draft.salutation,
             *draft.fields.values())
    chars = (sum(len(item.text) for item in items) + sum(len(node.heading) for node in nodes)
             + sum(len(line) for line in lines))
    if chars > MAX_DRAFT_CHARS:
        raise DraftError(f"too large: {chars:,} characters, more than {MAX_DRAFT_CHARS:,}")


def save_draft(draft: Draft, path: str | os.PathLike[str], *, overwrite: bool = True) -> Path:
    from drafter.fileio import atomic_write

    return atomic_write(path, draft.to_json(), overwrite=overwrite, through_link=True)


# What the assembler understood of the topic (Topic.to_dict, and the passages on it),
# each field's type: a draft edited by hand is read as any other field is (a topic of
# {"placed": true} alone, or a string for its domains, had ended fill in a traceback:
# fuzz pass, stop 62).  Fields it does not know are left as they are.
_TOPIC_TEXT = ("text", "subject", "shape", "task")
_TOPIC_TEXTS = ("terms", "words", "sections", "widened")
_TOPIC_FLAGS = ("placed", "widened_jointly")


def _topic(value: Any) -> dict[str, Any]:
    topic = dict(_object(value, "topic"))
    for key in _TOPIC_TEXT:
        if key in topic:
            _str(topic[key], f"topic.{key}")
    for key in (*_TOPIC_TEXTS, "domains"):
        if key in topic and len(_list(topic[key], f"topic.{key}")) > MAX_TOPIC_ITEMS:
            # (The assembler writes a dozen; 100,000 terms written in by hand had taken
            # the TUI 3 s a key and up to 34 s to quit: fuzz pass B of stop 68, m6.)
            raise DraftError(f"topic.{key}: {len(topic[key]):,} items; a topic keeps at most "
                             f"{MAX_TOPIC_ITEMS}")
    for key in _TOPIC_TEXTS:
        if key in topic:
            for i, item in enumerate(_list(topic[key], f"topic.{key}")):
                _str(item, f"topic.{key}[{i}]")
    for key in _TOPIC_FLAGS:
        if key in topic and not isinstance(topic[key], bool):
            raise DraftError(f"topic.{key}: expected true/false, got {_kind(topic[key])}")
    for i, pair in enumerate(_list(topic.get("domains", []), "topic.domains")):
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
                and _is_number(pair[1])):
            raise DraftError(f"topic.domains[{i}]: expected [domain, share], got "
                             f"{_kind(pair)}")
    for key in ("field_share", "passages_on_topic"):
        if key in topic and not _is_number(topic[key]):
            raise DraftError(f"topic.{key}: expected a number, got {_kind(topic[key])}")
    if topic.get("placed") and not all(key in topic
                                       for key in ("text", "shape", "task", "domains")):
        raise DraftError("topic: a placed topic needs its text, shape, task and domains")
    if topic and "text" not in topic:
        raise DraftError("topic: needs its text")
    return topic


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(
        value)


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DraftError(f"{where}: expected an object, got {_kind(value)}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise DraftError(f"{where}: expected a list, got {_kind(value)}")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise DraftError(f"{where}: expected a string, got {_kind(value)}")
    lone = SURROGATE_RE.search(value)
    if lone:
        # JSON can escape half of a character (\ud800); no file can be written with it.
        raise DraftError(f"{where}: holds \\u{ord(lone.group()):04x}, half of a character "
                         "(a lone surrogate); remove it")
    # (Control characters are kept: every output takes them out alike, the TUI's too; a
    # draft refused for them would lose its writer's text.)
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise DraftError(f"{where}: expected true or false, got {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(value),
                                                                       type(value).__name__)
