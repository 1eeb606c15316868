"""Phrases: what a writer reuses, with where each came from and what a maintainer decided."""

from __future__ import annotations

import hashlib
import math
import re
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from drafter.fileio import shown
from drafter.text.chars import CONTROL_LIKE_RE, SURROGATE_RE

KINDS = ("heading", "lead", "golden", "quote", "parallel", "idiom", "opening", "transition",
         "closing", "paragraph")
STATUSES = ("candidate", "approved", "rejected", "merged")
# A mined score is written with three decimals (0.612): the bank's files stay the same for
# the same corpus.  A score is written as it was read, so a score given by hand with more
# digits keeps them (a write had rounded 0.12345 to 0.123: fuzz pass, stop 62, M3).
SCORE_DIGITS = 3

# Placeholders left in a source for someone to fill in: kept verbatim and flagged, never
# passed off as facts (XX同志, X月X日, *区, X个县区, 〔待补：…〕).
PLACEHOLDER_RE = re.compile(r"X月X日|XX+|××+|某某|\*[区市县镇乡村]|X同志|〔待补[^〔〕]*〕|"
                            r"(?<![A-Za-z])X(?=[个名位项条次轮年月日人户家所])")
# Who the bank records as the speaker of a quotation (mining and the quote check share it):
# leaders and classics by name, longest form first so that 习近平总书记 is not cut short.
SPEAKERS = (r"习近平总书记|习近平主席|习近平同志|习近平|总书记|毛泽东同志|毛泽东|毛主席|"
            r"邓小平同志|邓小平|江泽民同志|胡锦涛同志|周恩来同志|周恩来|周总理|陈云同志|"
            r"刘少奇同志|朱德同志|孙中山先生|孙中山|鲁迅先生|鲁迅|列宁|马克思、恩格斯|马克思和恩格斯|"
            r"马克思|恩格斯|斯大林")
# Sayings quoted as such: 古人云, 俗话说, 《论语》说 (the source stands as the speaker).
SAYINGS = (r"中国古人|古人|古语|先贤|前人|俗话|俗语|常言|老话|古话|谚语|格言|名言|"
           r"《[^》]{1,12}》")
_NORMALISE_RE = re.compile(r"[\s\u3000。！？；，、：“”‘’（）《》—…,.!?;:()\"']")


def normalise(text: str) -> str:
    """The form two phrases are compared in: no spaces or punctuation."""
    return _NORMALISE_RE.sub("", text)


def phrase_id(kind: str, text: str) -> str:
    """A stable id from what was mined: the same phrase mined again gets the same id,
    and a maintainer's edit of the text keeps it."""
    digest = hashlib.sha1(f"{kind}\t{normalise(text)}".encode()).hexdigest()
    return f"p{digest[:10]}"


ID_RE = re.compile(r"p[0-9a-f]{10}")  # what phrase_id makes
# What the loader takes as an id: mined ids, and the short names hand-made banks use.
_LOADED_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Heading levels as speeches nest them: 一、 （一） 1. （1） and a few more in long reports.
MAX_HEADING_LEVEL = 9


# Mining keeps paragraphs of at most 500 characters (mine.PARAGRAPH_LENGTH); an imported
# or hand-written phrase four times longer is a pasted document, not a phrase: lint names
# it, import refuses it, and the index never offers it for drafting or search.
MAX_PHRASE_CHARS = 2_000
# Characters of one field of a phrase besides its text and sources (a note, a speaker;
# all of its tags, terms, members … together) and of one source's heading path, as import
# and review take them.  100 imported notes of 600,000 characters, within every other
# bound, took a later mine to 1.06 GB (fuzz re-check 72); the bundled bank's longest such
# field holds 139 characters, a heading path 87.
MAX_FIELD_CHARS = 2_000
# Items in the lists of one phrase besides its sources (its sections, domains, terms, tags,
# members …, a specific's pair counting its two), as import takes them: each is an object
# of its own held by every command that reads the bank (80 bytes for one CJK character), so
# rows of 2,000 one-character tags, within MAX_FIELD_CHARS, took a later review to 1.36 GB
# (fuzz re-check 73).  The bundled bank's phrases hold 13.5 on average, 40 at most.
MAX_PHRASE_ITEMS = 60


def items_in(value: list, limit: int = MAX_PHRASE_ITEMS) -> int:
    """The items of a list field, a list inside it (a specific's pair) counting its own
    (an empty one counting one), counted until past ``limit``: 326,000 empty lists in
    one, each counted, had taken an import of 262 such rows past 60 s (fuzz re-check
    75)."""
    count = 0
    for item in value:
        count += max(items_in(item, limit - count), 1) if isinstance(item, list) else 1
        if count > limit:
            break
    return count


def strings_in(value: Any) -> list[str]:
    """Every string in a field's value (a source's file and path, a list's), in order.
    Gone through with a stack, not a generator nested per level: an import of 72,000
    rows called that one 56 million times, a third of its 26 s (fuzz re-check 78)."""
    if isinstance(value, str):
        return [value]
    if type(value) is list and all(type(item) is str for item in value):
        return value  # (most fields: a list of strings, given back as it is, not copied)
    found: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, list):
            pending.extend(reversed(item))
        elif isinstance(item, dict):
            pending.extend(reversed(item.values()))
    return found


def past_field_bounds(fields_given: dict[str, Any]) -> str | None:
    """What of a phrase's fields (as written: a row imported, a line of the bank) is past
    MAX_PHRASE_ITEMS or MAX_FIELD_CHARS, or None: import refuses such a row, lint names
    such a phrase written in by hand."""
    lists = [value for name, value in fields_given.items()
             if name != "sources" and isinstance(value, list)]
    # (Counted item by item only when few: 6,000 rows of 10,000 tags each had taken an
    # import 30 s to refuse, fuzz re-check 74.)
    said = None
    if (top := sum(map(len, lists))) > MAX_PHRASE_ITEMS:  # (each at least one item)
        nested = any(isinstance(item, list) for value in lists for item in value)
        said = f"more than {MAX_PHRASE_ITEMS:,}" if nested else f"{top:,}"
    else:
        items = 0
        for value in lists:
            items += items_in(value, MAX_PHRASE_ITEMS - items)
            if items > MAX_PHRASE_ITEMS:
                said = f"more than {MAX_PHRASE_ITEMS:,}"  # (counted no further)
                break
    if said:
        return (f"{said} items in its lists (sections, domains, terms, tags, members …); "
                f"a phrase holds at most {MAX_PHRASE_ITEMS:,} (the bundled bank's most: 40)")
    for name, value in fields_given.items():
        if name in ("text", "sources"):
            continue
        if (chars := sum(map(len, strings_in(value)))) > MAX_FIELD_CHARS:
            return (f"{name} of {chars:,} characters; a phrase's {name} holds at most "
                    f"{MAX_FIELD_CHARS:,} (the bundled bank's longest field besides the text "
                    "holds 139)")
    return None

# The sources a phrase keeps.  The bundled bank's most attested phrase has 1,563 (a set
# phrase seen in many texts); past this, further sightings tell a writer nothing more.
# Merged without bound, ten imports had grown 20 phrases to 20,000 sources each, and a
# review of that bank to 1.4 GB (fuzz pass 70).
MAX_PHRASE_SOURCES = 2_000


def kept_sources(sources: Iterable[Source]) -> list[Source]:
    """Sources merged into one phrase: each once, in order, the first
    MAX_PHRASE_SOURCES of them (every place that merges phrases keeps these)."""
    return sorted(set(sources))[:MAX_PHRASE_SOURCES]

# Passages written for the bundled bank (training/written*.jsonl) are mined as files of
# this prefix: original text, free to reuse, and no speech anyone copies from.
WRITTEN_SOURCE_PREFIX = "written-"


@dataclass(frozen=True, order=True)
class Source:
    file: str  # the corpus file's name (not its path: the bank must not depend on where)
    position: int  # paragraph (or heading) number in the document, from 1
    path: str = ""  # the heading path above the phrase: 一、… › （二）…

    def __post_init__(self) -> None:
        # A file name that is not UTF-8 comes from the OS with lone surrogates, which
        # cannot be written as UTF-8: a phrase file holding one is unreadable, and the
        # bank had lost every phrase merged with it (fuzz pass, copy_\xff.txt).  Such a
        # byte is written as U+FFFD.
        if isinstance(self.file, str) and not self.file.isascii():
            object.__setattr__(self, "file", self.file.encode(
                "utf-8", "surrogateescape").decode("utf-8", "replace"))  # (frozen)

    @property
    def broken(self) -> bool:
        """Whether it names no file, or no paragraph of it (positions count from 1)."""
        return self.position < 1 or not self.file

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "position": self.position}
        if self.path:
            out["path"] = self.path
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Source:
        """A source as written; ValueError says what is wrong with one that is not."""
        if not isinstance(data, dict):
            raise ValueError(f"a source must be an object with file and position, "
                             f"not {_shown(data)}")
        if "position" not in data or "file" not in data:
            raise ValueError(f"a source needs file and position: {_shown(data)}")
        if unknown := sorted(set(data) - _SOURCE_FIELDS):
            # (Read and written again without it, a key a person or another tool added
            # was lost by the next write of the file: fuzz pass, stop 62, M3.  A line with
            # one is kept as it is, as with an unknown field of the phrase.)
            raise ValueError(f"unknown field(s) in a source: {', '.join(map(repr, unknown))}")
        return cls(_text(data, "file", "source file"),
                   _integer(data["position"], "source position"),
                   _text(data, "path", "source path"))

    @property
    def written_for_the_bank(self) -> bool:
        """Whether the phrase comes from a passage written for the bank (written-….txt),
        not from a speech: reusing it is what it is for, so the checks do not call it
        copying."""
        return self.file.startswith(WRITTEN_SOURCE_PREFIX)

    def describe(self, with_path: bool = True) -> str:
        """As a reader is shown it: 004_….txt #6 (一、突出政治性…)."""
        where = f"{self.file} #{self.position}"
        return f"{where} ({self.path})" if with_path and self.path else where


# The longest text a phrase is loaded with (a line longer still is kept as written and
# reported, never indexed).
_LOADED_CHARS = 50_000

# Section and domain keys: identifiers, because a section names a file of the bank; of
# at most 64 characters (a key of 300 had passed, and mine failed on a file name too long).
KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")


@dataclass
class Phrase:
    id: str
    text: str
    kind: str
    sections: list[str]  # ranked section-type keys; the first is the phrase's section
    status: str = "candidate"
    domains: list[str] = field(default_factory=list)  # ranked domain keys: what it is about
    terms: list[str] = field(default_factory=list)  # its salient words (安全生产, 隐患排查 …)
    score: float = 0.0
    sources: list[Source] = field(default_factory=list)
    note: str = ""
    tags: list[str] = field(default_factory=list)
    speaker: str = ""  # for quotes: who said it (习近平总书记 …)
    level: int | None = None  # for headings: the level it had in its speech
    placeholders: list[str] = field(default_factory=list)  # XX, X月X日, *区 kept as they are
    # What binds the phrase to its source: [kind, text] pairs (place, unit, person, role,
    # year, date, figure; see bank.mine.specifics).  The text stays verbatim.
    specifics: list[list[str]] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # for parallel sets: the siblings
    frame: str = ""  # for parallel sets: the shared frame, slots as {X}
    merged_into: str = ""  # for merged phrases: the phrase that absorbed this one
    decided: list[str] = field(default_factory=list)  # fields a maintainer set by hand

    @property
    def section(self) -> str | None:
        return self.sections[0] if self.sections else None

    def copy(self) -> Phrase:
        """A copy whose lists (and the lists in them: specifics' pairs) can be changed
        without changing this phrase; sources are frozen, shared."""
        return replace(self, **{
            f.name: [list(x) if isinstance(x, list) else x for x in value]
            for f in fields(self) if isinstance(value := getattr(self, f.name), list)})

    @property
    def domain(self) -> str | None:
        return self.domains[0] if self.domains else None

    @property
    def specific(self) -> bool:
        """Bound to one place, unit, person, audience, date or figure of its source."""
        return bool(self.specifics)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "text": self.text, "kind": self.kind, "sections": self.sections,
            "domains": self.domains, "status": self.status, "score": self.score,
            "sources": [s.to_dict() for s in sorted(self.sources)],
        }
        optional = {"terms": self.terms, "note": self.note, "tags": self.tags,
                    "speaker": self.speaker,
                    "level": self.level, "placeholders": self.placeholders,
                    "specifics": self.specifics,
                    "members": self.members, "frame": self.frame,
                    "merged_into": self.merged_into, "decided": sorted(self.decided)}
        out.update({k: v for k, v in optional.items() if v not in ("", [], None)})
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Phrase:
        """A phrase as written in the bank, every field checked for its type: ValueError
        says what is wrong (a line the loader then keeps as it is and reports)."""
        if not isinstance(data, dict):
            raise ValueError(f"a phrase must be a JSON object, not {type(data).__name__}")
        missing = [k for k in ("id", "text", "kind", "sections") if k not in data]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        unknown = sorted(set(data) - _FIELDS)
        if unknown:
            # Writing the phrase back would drop them: the line is kept as it is instead.
            raise ValueError(f"unknown field(s) {', '.join(map(repr, unknown))}")
        if data["kind"] not in KINDS:
            raise ValueError(f"unknown kind {_shown(data['kind'])}")
        status = data.get("status", "candidate")
        if status not in STATUSES:
            raise ValueError(f"unknown status {_shown(status)}")
        sections = _keys(data, "sections")
        if not sections:
            raise ValueError("sections must be a non-empty list")
        score = data.get("score", 0.0)
        if (isinstance(score, bool) or not isinstance(score, int | float)
                or (isinstance(score, float) and not math.isfinite(score))):
            raise ValueError(f"score must be a number, not {_shown(score)}")
        # (An int is compared as it is: 10**400 has no float, and math.isfinite on it had
        # ended every command in an OverflowError traceback, fuzz pass A of stop 64.)
        if not 0 <= score <= 1:
            # Ranking weighs a score against relevance on the same 0-1 scale: 99999 had
            # put one phrase first for every topic, and -3 had buried it for good.
            raise ValueError(f"score must be between 0 and 1, not {_shown(score)}")
        level = data.get("level")
        if level is not None:
            level = _integer(level, "level")
            if not 1 <= level <= MAX_HEADING_LEVEL:
                # (10**30 had overflowed the index's integer column.)
                raise ValueError(f"level must be 1 to {MAX_HEADING_LEVEL} (一、 is 1), "
                                 f"not {_shown(level)}")
        sources = data.get("sources", [])
        if not isinstance(sources, list):
            raise ValueError(f"sources must be a list, not {_shown(sources)}")
        specifics = data.get("specifics", [])
        if not isinstance(specifics, list) or not all(
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
                for pair in specifics):
            raise ValueError(f"specifics must be a list of [kind, text] pairs, "
                             f"not {_shown(specifics)}")
        _whole_characters("".join(x for pair in specifics for x in pair), "specifics")
        text = _text(data, "text")
        if not text.strip():
            raise ValueError("text is empty")
        if len(text) > _LOADED_CHARS:
            # One phrase of ten million characters had taken the search index's build to
            # 1.2 GB; no passage is a hundredth of that (lint says too-long far sooner).
            raise ValueError(f"text of {len(text):,} characters; a phrase is at most a "
                             f"paragraph (loaded up to {_LOADED_CHARS:,}): split it")
        id_ = _text(data, "id")
        if not id_:
            raise ValueError("id is empty")
        if not _LOADED_ID_RE.fullmatch(id_):
            # An id is typed on command lines (review ID, merged_into): spaces, slashes
            # or control characters there make a phrase no command can name.
            raise ValueError(f"id {_shown(id_)} is no phrase id (letters, figures, _ and -; "
                             f"mined phrases have p and 10 hex digits)")
        return cls(
            id=id_, text=text, kind=data["kind"], sections=sections, status=status,
            domains=_keys(data, "domains"), terms=_texts(data, "terms"), score=float(score),
            sources=[Source.from_dict(s) for s in sources],
            note=_text(data, "note"), tags=_texts(data, "tags"),
            speaker=_text(data, "speaker"), level=level,
            placeholders=_texts(data, "placeholders"),
            specifics=[list(pair) for pair in specifics],
            members=_texts(data, "members"), frame=_text(data, "frame"),
            merged_into=_text(data, "merged_into"), decided=_texts(data, "decided"),
        )


def _shown(value: Any) -> str:
    """A value in a message: short, however long or deep it is."""
    return _REPR.repr(value)


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60


# The fields a phrase line may have: those of Phrase.
_FIELDS = frozenset(f.name for f in fields(Phrase))
_SOURCE_FIELDS = frozenset(f.name for f in fields(Source))


def _text(data: dict[str, Any], name: str, what: str = "") -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise ValueError(f"{what or name} must be a string, not {_shown(value)}")
    _whole_characters(value, what or name)
    return value


def _texts(data: dict[str, Any], name: str) -> list[str]:
    value = data.get(name)
    if value is None and name not in data:
        return []  # (most fields of most phrases: the bank is read at every start)
    if type(value) is not list or not all(type(v) is str for v in value):
        raise ValueError(f"{name} must be a list of strings, not {_shown(value)}")
    _whole_characters("".join(value), name)  # (one scan for the list)
    return list(value)


def _whole_characters(value: str, what: str) -> None:
    """Refuse half a character (a JSON escape \\ud800, or a byte that is not UTF-8): no
    file or search index can hold the phrase, so its line is one the loader cannot take,
    not one that breaks the bank."""
    if lone := SURROGATE_RE.search(value):
        raise ValueError(f"{what} holds \\u{ord(lone.group()):04x}, half of a character "
                         "(a lone surrogate, or a byte that is not UTF-8)")


def control_character(text: str, field: str = "text") -> str:
    """What is wrong with a phrase's ``text`` (or another ``field`` listed with it: its
    note, its speaker) that holds a control character ('' when it holds none).  A phrase
    is a line of plain text: ESC, BEL or NUL in it would act on the terminal it is listed
    on (ESC ] 0; sets the window title), a line break splits the line.  Review and import
    refuse such a field; lint reports a phrase holding one."""
    found = CONTROL_LIKE_RE.search(text)
    if not found:
        return ""
    return (f"{field} holds a control character ({shown(found.group())}); a phrase is a "
            "line of plain text")


def _keys(data: dict[str, Any], name: str) -> list[str]:
    keys = _texts(data, name)
    for key in keys:
        if not KEY_RE.fullmatch(key):
            # A section names the file the phrase is saved in: never a path.
            raise ValueError(f"not a section or domain key: {key!r}")
    return keys


def _integer(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, not {_shown(value)}")
    return value
