"""The Python API of the phrasebank: open a bank, search it.

    from drafter import PhraseBank
    bank = PhraseBank.open()                      # the bundled phrasebank
    for hit in bank.search("政治站位", section="political_stance", limit=5):
        print(hit.id, hit.text, hit.kind, hit.section, hit.score, hit.sources)
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from drafter.bank.index import (
    HAN_RUN_RE,
    INDEX_SCHEMA,
    INDEX_VERSION,
    Hit,
    build_index,
    fill_index,
    fingerprint,
    fts_query,
    index_path,
)
from drafter.bank.model import Source
from drafter.bank.store import (
    PHRASES_DIR,
    BankLocked,
    bounded_flock,
    lock_holder,
    note_holder,
    open_lock_file,
)
from drafter.errors import DrafterError, UnreadableFile
from drafter.fileio import atomic_write, read_regular_file

_EXTRA_FIELDS = ("members", "frame", "speaker", "level", "placeholders", "terms")
# A phrase's whole record: its row (numbered best first) and its line as written.
_RECORD = ("p.rowid, p.id, p.text, p.kind, p.section, p.sections, p.status, p.score, l.data,"
           " p.domains FROM phrase p JOIN line l ON l.rowid = p.line")


# The matches of a full-text query, then their phrases: CROSS JOIN holds SQLite to that
# order.  Left to choose, it walked the phrases of a kind or domain through their index
# and asked the full-text table about each (0.75 s for one count), and the same of the
# join of a heading's unit to its body.
_FTS_JOIN = "phrase_fts CROSS JOIN phrase p ON p.rowid = phrase_fts.rowid"
_CANDIDATE_COLUMNS = ("p.rowid, p.id, p.text, p.kind, p.sections, p.status, p.score, p.level,"
                      " p.domains, p.terms, p.binds")


def _candidate(row: tuple) -> Candidate:
    rowid, id_, text, kind, sections, status, score, level, domains, terms, binds = row
    return Candidate(rowid, id_, text, kind, tuple(sections.split()), status, score, level,
                     tuple(domains.split()), tuple(terms.split()), tuple(binds.split()))


@dataclass(frozen=True)
class Candidate:
    """A phrase as the assembler first sees it: enough to rank it, not its sources."""

    rowid: int
    id: str
    text: str
    kind: str
    sections: tuple[str, ...]
    status: str
    score: float
    level: int | None = None  # for headings and run-in heads: their level where mined
    domains: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # salient words (安全生产, 隐患排查 …)
    # What binds it to its source, as kind:text (figure:6.5%, role:组工干部, place:重庆)
    binds: tuple[str, ...] = ()

# Ranking: how much of the phrase the query covers, plus quality; approved phrases first among
# equals.  Rejected and merged phrases only appear when asked for by status.
_QUALITY_WEIGHT = 1.0
_APPROVED_BONUS = 0.5
_POOL = 200  # matches ranked per query, taken best-quality first


# What written_subjects() read, by index file: 0.1 s for the bundled bank's 73,000
# rows, paid again by every PhraseBank opened on the same index (each draft of a batch,
# 换一批 in the app).  An index is never written once renamed into place (see
# build_index), so its file's inode, size and times name what it holds; a rebuilt one is
# a new file.  The few banks a process opens are kept.
_WRITTEN_BY_INDEX: dict[tuple[int, ...], dict[str, list[int]]] = {}
# What named_at_least() found, by index file likewise: some 300 words a draft, the same
# for every draft from one bank (0.3 s of each).
_NAMED_BY_INDEX: dict[tuple[int, ...], dict[tuple[str, int], bool]] = {}
_WRITTEN_KEPT = 4
_WRITTEN_LOCK = threading.Lock()  # (the app reads banks in worker threads)


def _kept_for_index(store: dict, key: tuple[int, ...] | None, empty):
    """The entry of ``store`` for the index file ``key``, made by ``empty()`` when there
    is none (the oldest of _WRITTEN_KEPT dropped); a fresh one, kept nowhere, for an
    index in memory.  Called with _WRITTEN_LOCK held."""
    if key is None:
        return empty()
    if (known := store.get(key)) is None:
        while len(store) >= _WRITTEN_KEPT:
            del store[next(iter(store))]
        known = store[key] = empty()
    return known


def _index_identity(target: Path | None) -> tuple[int, ...] | None:
    """The identity of the index file at ``target`` (None: in memory, or gone)."""
    if target is None:
        return None
    try:
        stat = target.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


# What a damaged index file raises: SQLite's own errors, and a UnicodeDecodeError when its
# message carries the file's damaged bytes (a schema name not in UTF-8: Python decodes
# the message, and that had ended search, outline and check in a traceback on every run,
# the index never rebuilt; fuzz pass A of stop 64, M2).
INDEX_DAMAGE = (sqlite3.DatabaseError, UnicodeDecodeError)


class PhraseBank:
    def __init__(self, path: Path, db: sqlite3.Connection, built: bool,
                 target: Path | None = None):
        self.path = path
        self._db = db
        self._target = target  # the index file on disk (None when built in memory)
        # (Taken as it is opened: a rebuild by another process renames a new file there.)
        self._identity = _index_identity(target)
        self._healed = False  # whether a damaged index was rebuilt during this run
        # One connection serves every thread (the TUI searches on the main thread and
        # checks drafts in workers): each query, and closing, holds this lock, so no two
        # threads are ever inside SQLite on it at once, and none after it is closed.
        self._lock = threading.Lock()
        self._closed = False
        self.rebuilt = built  # whether opening had to (re)build the index
        self._filed_counts: dict[str, dict[str, int]] = {}  # see filed_under

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None,
             cache_dir: str | os.PathLike[str] | None = None, *,
             notice: Callable[[str], None] | None = None,
             build_apart: bool = False) -> PhraseBank:
        """Open the phrasebank at ``path`` (default: --phrasebank/env/bundled), building
        or refreshing its search index in the user cache directory when needed.
        ``notice``: how a long build is announced (INDEX_NOTICE by default);
        ``build_apart``: build it in a child process, for an app that must answer keys
        meanwhile (the build holds the interpreter ~15 s: the TUI had frozen)."""
        notice = notice or INDEX_NOTICE
        from drafter import config

        bank = config.phrasebank_dir(path)
        cache = Path(cache_dir) if cache_dir else config.user_dirs().cache
        target = index_path(bank, cache)
        unwritable = ""  # the cache folder the index could not go to, when it went elsewhere
        if not _writable(target.parent) and (spare := _spare_cache()) is not None:
            # A cache that cannot be written (read-only, a file in its place) had each
            # run index the bank again, 38-44 s on a busy machine (fuzz pass 61).
            unwritable, target = str(target.parent), index_path(bank, spare)
        _drop_stray_journals(target)
        if not _fresh(target, bank) or not _sound(target):
            with _building(target) as waited:
                # Another process may have built it while this one waited its turn: two
                # commands started together on a cold cache had each built it, on two
                # cores at half speed, both past 30 s.
                if waited and _fresh(target, bank) and _sound(target):
                    return cls(bank, _read_only(target), False, target)
                if _worth_announcing(bank):
                    notice(
                        f"drafter: indexing {bank} for search in {target.parent}: the cache "
                        f"{unwritable} cannot be written (once after each change to it; "
                        "about 15 s for the bundled phrasebank)" if unwritable
                        else f"drafter: indexing {bank} for search (once after each change to "
                        "it; about 15 s for the bundled phrasebank)" if _writable(target.parent)
                        else f"drafter: indexing {bank} for search in memory: the cache "
                        f"{target.parent} cannot be written, so each run indexes it again "
                        "(about 15 s for the bundled phrasebank)")
                db, built_at = _rebuilt(bank, target, build_apart)
            return cls(bank, db, True, built_at)
        return cls(bank, _read_only(target), False, target)

    @classmethod
    def previous(cls, path: str | os.PathLike[str] | None = None,
                 cache_dir: str | os.PathLike[str] | None = None) -> PhraseBank | None:
        """The bank over the index last built for it, when that index is out of date
        (the bank changed since) but sound and of this version; None otherwise.  An app
        searches it while the new index is built (15 s): suggestions had not come for
        the first seconds after each change to the bank (new user).  Never healed or
        rebuilt: a damaged one is None."""
        from drafter import config

        bank = config.phrasebank_dir(path)
        cache = Path(cache_dir) if cache_dir else config.user_dirs().cache
        target = index_path(bank, cache)
        _drop_stray_journals(target)
        try:
            if not target.is_file() or _fresh(target, bank) or not _sound(target):
                return None
            db = _read_only(target)
            rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN "
                                   "('version', 'bank')").fetchall())
        except (sqlite3.Error, *INDEX_DAMAGE, OSError):
            return None
        if rows != {"version": str(INDEX_VERSION), "bank": str(bank.resolve())}:
            db.close()
            return None
        return cls(bank, db, False, None)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._db.close()

    def _fetch(self, sql: str, params=()) -> list[tuple]:
        with self._lock:
            if self._closed:
                raise sqlite3.ProgrammingError("the phrasebank is closed")
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.ProgrammingError:
                raise
            except INDEX_DAMAGE:
                # Pages damaged after the file passed its check (the check is skipped
                # while its size and time are unchanged): rebuilt once, then asked again.
                if self._target is None or self._healed:
                    raise
                self._heal()
                return self._db.execute(sql, params).fetchall()

    def _heal(self) -> None:
        """Replace a damaged index file by a new one (in memory when the cache cannot
        be written); called with the lock held."""
        self._healed = True
        self._db.close()
        with contextlib.suppress(OSError):
            self._target.with_suffix(".checked").unlink()
        self._db, self._target = _rebuilt(self.path, self._target)
        self._identity = _index_identity(self._target)
        self._filed_counts = {}
        self.rebuilt = True

    def __enter__(self) -> PhraseBank:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._fetch("SELECT count(*) FROM phrase")[0][0]

    @property
    def problems(self) -> list[str]:
        """The bank's lines the loader cannot take ("file:line: what is wrong"), which
        no search finds: as the index was built, so that a command that searches says
        them without reading the bank again."""
        rows = self._fetch("SELECT value FROM meta WHERE key = 'problems'")
        return list(json.loads(rows[0][0])) if rows else []

    def search(self, query: str = "", section: str | None = None, kind: str | None = None,
               status: str | None = None, limit: int = 20,
               domain: str | None = None) -> list[Hit]:
        """Phrases containing ``query`` (any length, even one character), best first by
        relevance and quality; an empty query lists the best phrases of the filters.
        ``section`` and ``domain`` match a phrase's first two section types or domains."""
        match = fts_query(query)
        where, params = _filters(section, domain, kind, status)
        columns = "p.rowid, p.text, p.status, p.score"
        if match:
            # Rows are numbered best first, so walking the matches in rowid order meets
            # the best phrases first: take a pool of them (filters applied as we go)
            # and rank it by how much of each phrase the query covers, and quality.
            sql = (f"SELECT {columns} FROM {_FTS_JOIN}"
                   f" WHERE phrase_fts MATCH ? AND {' AND '.join(where)}"
                   f" ORDER BY phrase_fts.rowid LIMIT ?")
            rows = self._fetch(sql, [match, *params, max(_POOL, limit)])
        elif query.strip():
            # Nothing the index holds words of (%, （, 🙂): the phrases holding it as
            # typed, one scan of the table; they had been the best phrases of the bank,
            # as though nothing had been asked.
            sql = (f"SELECT {columns} FROM phrase p WHERE instr(p.text, ?) > 0"
                   f" AND {' AND '.join(where)} ORDER BY p.rowid LIMIT ?")
            rows = self._fetch(sql, [query.strip(), *params, max(_POOL, limit)])
        else:
            sql = (f"SELECT {columns} FROM phrase p WHERE {' AND '.join(where)}"
                   f" ORDER BY p.rowid LIMIT ?")
            rows = self._fetch(sql, [*params, limit])
        ranked = sorted(((_relevance(query, r[1]), r) for r in rows),
                        key=lambda x: -(x[0] + _QUALITY_WEIGHT * x[1][3]
                                        + _APPROVED_BONUS * (x[1][2] == "approved")))[:limit]
        return self.hits([(r[0], relevance) for relevance, r in ranked])

    def hits(self, ranked: list[tuple[int, float]]) -> list[Hit]:
        """The full records of phrases given as (rowid, relevance), in that order: one
        query for them all (not one per hit)."""
        full = self._rows([rowid for rowid, _ in ranked])
        return [_hit(full[rowid], relevance) for rowid, relevance in ranked if rowid in full]

    def pool(self, match: str, section: str | None = None, domain: str | None = None,
             kind: str | None = None, status: str | None = None,
             limit: int = _POOL, left_out: bool = False) -> list[Match]:
        """Up to ``limit`` phrases matching the FTS5 expression ``match`` (see
        index.fts_query), best quality first, with what ranking them needs; filters as
        for search.  ``left_out``: the matching phrases (usable, or of ``status``) the
        section, domain and kind filters leave out instead."""
        where, params = _filters(section, domain, kind, status)
        if left_out:
            where = [where[0], f"NOT ({' AND '.join(where[1:]) or '1'})"]
        rows = self._fetch(
            f"SELECT p.rowid, p.id, p.text, p.kind, p.status, p.score, p.tags, p.dtags"
            f" FROM {_FTS_JOIN}"
            f" WHERE phrase_fts MATCH ? AND {' AND '.join(where)}"
            f" ORDER BY phrase_fts.rowid LIMIT ?", [match, *params, limit])
        return [Match(*row) for row in rows]

    def candidates(self, sections: list[str] | tuple[str, ...], kinds: list[str] | tuple[str, ...],
                   about: str = "", limit: int = 150,
                   domains: list[str] | tuple[str, ...] | None = None,
                   fields: list[str] | tuple[str, ...] = ()) -> list[Candidate]:
        """Usable phrases (approved or candidate) of ``kinds`` filed under any of
        ``sections`` (and, when given, whose first domain is one of ``domains``): the
        best ``limit`` by quality, plus up to ``limit`` each of those that share words
        with ``about`` (a topic) and of those filed under one of ``fields`` (the topic's
        domains).  The caller ranks them."""
        if not sections or not kinds:
            return []
        where = (f"p.status IN ('approved', 'candidate')"
                 f" AND p.kind IN ({', '.join('?' * len(kinds))})"
                 f" AND ({' OR '.join(['instr(p.tags, ?) > 0'] * len(sections))})")
        params: list[object] = [*kinds, *(f" {s} " for s in sections)]
        if domains:
            where += f" AND p.domain IN ({', '.join('?' * len(domains))})"
            params += list(domains)
        columns = _CANDIDATE_COLUMNS
        rows = self._fetch(f"SELECT {columns} FROM phrase p WHERE {where}"
                           f" ORDER BY p.rowid LIMIT ?", [*params, limit])
        grams = topic_grams(about)
        if grams:
            match = " OR ".join(f'"{g}"' for g in sorted(grams))
            rows += self._fetch(
                f"SELECT {columns} FROM {_FTS_JOIN}"
                f" WHERE phrase_fts MATCH ? AND {where} ORDER BY phrase_fts.rowid LIMIT ?",
                [match, *params, limit])
        if fields:
            rows += self._fetch(
                f"SELECT {columns} FROM phrase p WHERE {where}"
                f" AND p.domain IN ({', '.join('?' * len(fields))}) ORDER BY p.rowid LIMIT ?",
                [*params, *fields, limit])
        seen: set[int] = set()
        out = []
        for row in rows:
            if row[0] not in seen:
                seen.add(row[0])
                out.append(_candidate(row))
        return out

    def naming(self, words: list[str] | tuple[str, ...], limit: int = 2000) -> list[Candidate]:
        """Usable phrases of any kind that contain one of ``words`` whole, best first:
        a topic's own material, fetched once per draft.  (A pool's bigram query would let
        phrases sharing only 建设 of 作风建设 crowd them out of a large bank.)  Each word
        has its own ``limit``: a common one (乡村) must not crowd out a rare one (千万工程)."""
        seen: set[int] = set()
        out = []
        for query in dict.fromkeys(filter(None, map(fts_query, words))):
            rows = self._fetch(
                f"SELECT {_CANDIDATE_COLUMNS} FROM {_FTS_JOIN} WHERE phrase_fts MATCH ?"
                " AND p.status IN ('approved', 'candidate') ORDER BY phrase_fts.rowid LIMIT ?",
                [query, limit])
            for row in rows:
                if row[0] not in seen:
                    seen.add(row[0])
                    out.append(_candidate(row))
        return out

    def named_at_least(self, word: str, count: int) -> bool:
        """Whether ``count`` usable phrases or more contain ``word`` whole (as naming()
        finds them); asked once per index file."""
        with _WRITTEN_LOCK:
            known = _kept_for_index(_NAMED_BY_INDEX, self._identity, dict)
            if (word, count) in known:
                return known[word, count]
        query = fts_query(word)
        found = bool(query) and self._fetch(
            f"SELECT count(*) FROM (SELECT 1 FROM {_FTS_JOIN} WHERE phrase_fts MATCH ?"
            " AND p.status IN ('approved', 'candidate') LIMIT ?)", [query, count])[0][0] >= count
        with _WRITTEN_LOCK:
            known[word, count] = found
        return found

    def written_subjects(self) -> dict[str, list[int]]:
        """The rows of usable phrases written for a subject (their ``subject:`` bind, see
        the index), by that subject, in bank order; read once per index file.  Such a
        passage need not repeat its subject's name (a 以人民为中心 passage on 就业 and
        医疗), so naming() alone misses it: the caller judges which subject is its topic
        and fetches those (candidates_at).  Shared by every bank over the same index
        file: never change what it returns."""
        if not hasattr(self, "_written"):
            key = self._identity
            with _WRITTEN_LOCK:
                known = _WRITTEN_BY_INDEX.get(key) if key is not None else None
            if known is not None:
                self._written = known
                return known
            written: dict[str, list[int]] = {}
            rows = self._fetch(
                "SELECT p.rowid, p.binds FROM phrase p WHERE instr(p.binds, 'subject:') > 0"
                " AND p.status IN ('approved', 'candidate') ORDER BY p.rowid")
            for rowid, binds in rows:
                for bind in binds.split():
                    if bind.startswith("subject:"):
                        written.setdefault(bind.removeprefix("subject:"), []).append(rowid)
            self._written = written
            if key is not None:
                with _WRITTEN_LOCK:
                    _kept_for_index(_WRITTEN_BY_INDEX, key, lambda: written)
        return self._written

    def candidates_at(self, rowids: list[int]) -> list[Candidate]:
        """The phrases at ``rowids`` as candidates, in bank order."""
        out: list[Candidate] = []
        for start in range(0, len(rowids), 500):  # SQLite's bound on parameters
            chunk = rowids[start:start + 500]
            out += [_candidate(row) for row in self._fetch(
                f"SELECT {_CANDIDATE_COLUMNS} FROM phrase p"
                f" WHERE p.rowid IN ({', '.join('?' * len(chunk))}) ORDER BY p.rowid", chunk)]
        return out

    def domains_of_text(self, text: str, limit: int = 200) -> list[str]:
        """The first domain of each usable phrase that contains ``text``."""
        match = fts_query(text)
        if not match:
            return []
        rows = self._fetch(
            f"SELECT p.domain FROM {_FTS_JOIN}"
            " WHERE phrase_fts MATCH ? AND p.status IN ('approved', 'candidate')"
            " ORDER BY phrase_fts.rowid LIMIT ?", [match, limit])
        return [row[0] for row in rows if row[0]]

    def terms_about(self, domains: list[str], words: list[str], limit: int = 400
                    ) -> list[list[str]]:
        """The salient terms of approved phrases whose first domain is one of
        ``domains`` and that contain any of ``words``."""
        if not domains:
            return []
        marks = ", ".join("?" * len(domains))
        where = f"p.status = 'approved' AND p.domain IN ({marks}) AND p.terms != ''"
        rows: list[tuple] = []
        queries = [q for q in map(fts_query, words) if q]
        match = " OR ".join(f"({q})" for q in queries)
        if match:
            rows = self._fetch(
                f"SELECT p.terms FROM {_FTS_JOIN}"
                f" WHERE phrase_fts MATCH ? AND {where} ORDER BY phrase_fts.rowid LIMIT ?",
                [match, *domains, limit])
        return [row[0].split() for row in rows]

    def naming_share(self, domain: str, words: list[str], *, section: bool = False) -> float:
        """The share of approved phrases filed under ``domain`` (with ``section``: under
        that section type) that contain any of ``words``: how much of the field a
        topic's words cover."""
        column = "section" if section else "domain"  # (one of two names, never given)
        match = " OR ".join(f"({q})" for q in map(fts_query, words) if q)
        total = self.filed_under(domain, section=section)
        if not match or not total:
            return 0.0
        named = self._fetch(
            f"SELECT count(*) FROM {_FTS_JOIN}"
            f" WHERE phrase_fts MATCH ? AND p.status = 'approved' AND p.{column} = ?",
            (match, domain))[0][0]
        return named / total

    def filed_under(self, key: str, *, section: bool = False) -> int:
        """How many approved phrases are filed first under the domain ``key`` (with
        ``section``: under that section type)."""
        column = "section" if section else "domain"  # (one of two names, never given)
        # Counted for every key at once, the first time: each count had been a scan of
        # the whole table, eight of them in a draft from a 100k-phrase bank (a fifth of
        # its time).  The index an open bank reads does not change under it.
        counts = self._filed_counts.get(column)
        if counts is None:
            counts = self._filed_counts[column] = dict(self._fetch(
                f"SELECT p.{column}, count(*) FROM phrase p WHERE p.status = 'approved'"
                f" GROUP BY p.{column}"))
        return counts.get(key, 0)

    def term_phrases(self, terms: list[str]) -> dict[str, int]:
        """How many approved phrases carry each of ``terms`` among their salient terms."""
        if not terms:
            return {}
        marks = ", ".join("?" * len(terms))
        rows = self._fetch(f"SELECT term, phrases FROM term WHERE term IN ({marks})", terms)
        return dict(rows)

    def unit_mates(self, rowid: int, kinds: list[str] | tuple[str, ...]) -> list[Candidate]:
        """Usable phrases of ``kinds`` mined from the same source section as phrase
        ``rowid`` (a heading and the paragraphs under it), in bank order."""
        return self.units_mates([rowid], kinds).get(rowid, [])

    def units_mates(self, rowids: list[int], kinds: list[str] | tuple[str, ...]
                    ) -> dict[int, list[Candidate]]:
        """unit_mates of many phrases in one query (the heads of a whole pool)."""
        if not kinds or not rowids:
            return {}
        out: dict[int, list[Candidate]] = {}
        for start in range(0, len(rowids), 500):  # SQLite's bound on parameters
            chunk = rowids[start:start + 500]
            rows = self._fetch(
                f"SELECT DISTINCT u.phrase, {_CANDIDATE_COLUMNS} FROM unit u"
                f" CROSS JOIN unit m ON m.key = u.key CROSS JOIN phrase p ON p.rowid = m.phrase"
                f" WHERE u.phrase IN ({', '.join('?' * len(chunk))}) AND m.phrase != u.phrase"
                f" AND p.status IN ('approved', 'candidate')"
                f" AND p.kind IN ({', '.join('?' * len(kinds))}) ORDER BY u.phrase, p.rowid",
                [*chunk, *kinds])
            for row in rows:
                out.setdefault(row[0], []).append(_candidate(row[1:]))
        return out

    def verified_quotes(self) -> list[Hit]:
        """Every approved quote, with its speaker and sources (cached per bank)."""
        if not hasattr(self, "_quotes"):
            rows = self._fetch(
                f"SELECT {_RECORD} WHERE p.kind = 'quote' AND p.status = 'approved'")
            self._quotes = [_hit(row[1:], 0.0) for row in rows]
        return self._quotes

    def rowid(self, phrase_id: str) -> int | None:
        """The index row of the phrase ``phrase_id`` (None when the index has none)."""
        rows = self._fetch("SELECT rowid FROM phrase WHERE id = ?", (phrase_id,))
        return rows[0][0] if rows else None

    def get(self, key: int | str) -> Hit | None:
        """A phrase with all it carries (sources, members, speaker …), by rowid or id."""
        column = "p.rowid" if isinstance(key, int) else "p.id"
        rows = self._fetch(f"SELECT {_RECORD} WHERE {column} = ?", (key,))
        return _hit(rows[0][1:], 0.0) if rows else None

    def _rows(self, rowids: list[int]) -> dict[int, tuple]:
        if not rowids:
            return {}
        marks = ", ".join("?" * len(rowids))
        rows = self._fetch(f"SELECT {_RECORD} WHERE p.rowid IN ({marks})", rowids)
        return {row[0]: row[1:] for row in rows}


class Match(NamedTuple):
    """A phrase as a pool of matches holds it: enough to rank it against a context."""

    rowid: int
    id: str
    text: str
    kind: str
    status: str
    score: float
    tags: str  # its first two section types, as " a b "
    dtags: str  # its first two domains, as " a b "


def _filters(section: str | None, domain: str | None, kind: str | None,
             status: str | None) -> tuple[list[str], list[object]]:
    """The WHERE terms and parameters of a search's filters: usable phrases unless a
    status is asked for; a section or domain among a phrase's first two."""
    where = ["p.status IN (?, ?)" if not status else "p.status = ?"]
    params: list[object] = ["candidate", "approved"] if not status else [status]
    if section:
        where.append("instr(p.tags, ?) > 0")
        params.append(f" {section} ")
    if domain:
        where.append("instr(p.dtags, ?) > 0")
        params.append(f" {domain} ")
    if kind:
        where.append("p.kind = ?")
        params.append(kind)
    return where, params


def _relevance(query: str, text: str) -> float:
    """How well a phrase answers a query it contains: the share of the phrase the query
    covers (政治站位 answers 政治站位 better than a paragraph mentioning it), and a
    bonus when the phrase starts with it."""
    if not query:
        return 0.0
    return len(query) / max(len(text), 1) + (0.3 if text.startswith(query) else 0.0)


def _sound(target: Path) -> bool:
    """Whether the index file passes SQLite's quick check (a few pages zeroed on disk
    answer queries wrongly without an error).  Checked once per version of the file:
    a sidecar remembers the seal of the one that passed (about 40 ms)."""
    seal = _seal(target)
    sidecar = target.with_suffix(".checked")
    try:
        # (Only a regular file is read: a FIFO put there would block every search.)
        if read_regular_file(sidecar, _SEAL_BYTES).decode("ascii", "replace") == seal:
            return True
    except UnreadableFile:
        pass
    try:
        db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            ok = (db.execute("PRAGMA quick_check(1)").fetchone() == ("ok",)
                  and _tables(db) == _built_tables()
                  and db.execute(_VALUES_UNSOUND).fetchone() == (0,)
                  and _lines_read_as_searched(db))
        finally:
            db.close()
    except INDEX_DAMAGE:
        ok = False
    if ok and _writable(target.parent):
        # Renamed into place: a symlink put there is replaced, never written through.
        with contextlib.suppress(OSError, DrafterError):
            atomic_write(sidecar, seal)
    return ok


def _lines_read_as_searched(db: sqlite3.Connection) -> bool:
    """Whether every line reads in Python's JSON, its sources included, as a search
    reads it (see _hit): SQLite's JSON is not Python's.  A source given a key no build
    writes, or a file name holding half a character (fuzz pass A of stop 65); a key
    given twice (SQLite reads the first, Python the last), an integer of 5,000 digits,
    JSON nested 995 deep (a blind re-check of stop 65): each edited into a row in
    place had ended every search, outline and check in a traceback.  (2.5 s for the
    bundled bank on a loaded machine, once per version of the file: a build takes
    several times that.)"""
    try:
        for (data,) in db.execute("SELECT data FROM line"):
            record = json.loads(data)
            sources = record.get("sources", [])
            if not isinstance(sources, list):
                return False
            for source in sources:
                Source.from_dict(source)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return False
    return True


def _seal(target: Path) -> str:
    """What tells one version of the index file from another: its size, modification
    time and change time.  (The change time too, which no tool sets back: rows edited in
    place with the file's size and time given back had been searched, the edit never
    seen, by a blind re-check of stop 60.)"""
    stat = target.stat()
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns}"


_SEAL_BYTES = 80  # the sidecar holds "size mtime_ns ctime_ns"


def _tables(db: sqlite3.Connection) -> list[tuple]:
    """The tables of a database as SQLite keeps their definitions (its indexes only
    speed queries up: one missing answers them all the same)."""
    return db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                      "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()


@functools.cache
def _built_tables() -> list[tuple]:
    """The tables a build makes (see _tables): an index missing one, or holding one of
    another shape, is no index of this version.  A dropped full-text table had left every
    draft without a passage, and said nothing (fuzz pass, stop 60)."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(INDEX_SCHEMA)
        return _tables(db)
    finally:
        db.close()


# Values no build writes, which pages that pass SQLite's check may still hold (a row
# edited in place): a NULL text, a score in letters or a line that is no JSON had ended
# search, outline and check in a traceback (full fuzz pass, stop 59).  A build keeps
# every line the loader cannot take out of both tables.  (Nor a source that is no object
# of a file and a position, nor a field a hit reads of another type: sources edited to
# 'x' had ended search, outline and check in a traceback, fuzz pass A of stop 63.)
_VALUES_UNSOUND = """SELECT EXISTS(SELECT 1 FROM phrase WHERE
    typeof(id) != 'text' OR typeof(text) != 'text' OR typeof(kind) != 'text'
    OR typeof(status) != 'text' OR typeof(section) != 'text'
    OR typeof(sections) != 'text' OR typeof(tags) != 'text'
    OR typeof(domain) NOT IN ('text', 'null') OR typeof(domains) != 'text'
    OR typeof(dtags) != 'text' OR typeof(terms) NOT IN ('text', 'null')
    OR typeof(binds) NOT IN ('text', 'null') OR typeof(score) NOT IN ('real', 'integer')
    OR typeof(level) NOT IN ('integer', 'null') OR typeof(line) != 'integer')
  OR EXISTS(SELECT 1 FROM line WHERE typeof(data) != 'text' OR NOT json_valid(data)
            OR json_type(data) != 'object'
            OR coalesce(json_type(data, '$.sources'), 'array') != 'array'
            OR coalesce(json_type(data, '$.members'), 'array') != 'array'
            OR coalesce(json_type(data, '$.placeholders'), 'array') != 'array'
            OR coalesce(json_type(data, '$.terms'), 'array') != 'array'
            OR coalesce(json_type(data, '$.frame'), 'text') != 'text'
            OR coalesce(json_type(data, '$.speaker'), 'text') != 'text'
            OR coalesce(json_type(data, '$.level'), 'integer') != 'integer')
  OR EXISTS(SELECT 1 FROM line, json_each(line.data, '$.sources') AS s
            WHERE s.type != 'object' OR json_type(s.value, '$.file') IS NOT 'text'
            OR json_type(s.value, '$.position') IS NOT 'integer'
            OR coalesce(json_type(s.value, '$.path'), 'text') != 'text')
  OR EXISTS(SELECT 1 FROM unit WHERE typeof(key) != 'text' OR typeof(phrase) != 'integer')
  OR EXISTS(SELECT 1 FROM term WHERE typeof(term) != 'text' OR typeof(phrases) != 'integer')
  OR (SELECT count(*) FROM meta WHERE key IN ('fingerprint', 'bank', 'version')
      AND typeof(value) = 'text') != 3
  OR NOT EXISTS(SELECT 1 FROM meta WHERE key = 'rows' AND value =
                (SELECT count(*) FROM phrase) || ' ' || (SELECT count(*) FROM line))
  OR NOT EXISTS(SELECT 1 FROM meta AS m WHERE m.key = 'problems'
                AND typeof(m.value) = 'text' AND json_valid(m.value)
                AND json_type(m.value) = 'array'
                AND NOT EXISTS(SELECT 1 FROM json_each(m.value) AS e WHERE e.type != 'text'))"""


def _notice(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# How a wait for the index is said: a command that spends 15 s indexing before its first
# result says why (-q or an app may replace it).
INDEX_NOTICE = _notice


# Phrase files past this size take seconds to index (the bundled 60 MB about 15 s); a
# small bank's index is built before anyone would wonder why, so it is not announced.
_ANNOUNCED_BYTES = 4 << 20


def _worth_announcing(bank: Path) -> bool:
    total = 0
    with contextlib.suppress(OSError):
        for path in (bank / PHRASES_DIR).glob("*.jsonl"):
            total += path.stat().st_size
    return total >= _ANNOUNCED_BYTES


@contextlib.contextmanager
def _building(target: Path) -> Iterator[bool]:
    """Hold the lock on building the indexes of ``target``'s folder, yielding whether
    another process held it first.  Holding it, no build is under way there, so the
    temporary files of builds killed before are removed (they had piled up for ever).
    Where the folder cannot be written, nothing is held: the index is built in memory."""
    import fcntl

    if not _writable(target.parent):
        yield False  # (nothing is made through a link: see _writable)
        return
    lock = target.parent / ".build.lock"
    try:
        try:
            handle = open_lock_file(lock)
        except DrafterError:
            # A link or a folder where the cache's own lock goes: the holder's note had
            # emptied the link's target, outside the cache (fuzz pass, stop 67).  The
            # name is drafter's, in drafter's folder: it goes (not what it points to),
            # and a plain file of its own takes its place.
            if lock.is_dir() and not lock.is_symlink():
                lock.rmdir()
            else:
                lock.unlink()
            handle = open_lock_file(lock)
    except (OSError, DrafterError):
        yield False  # (built unlocked: every build is renamed into place whole)
        return
    with handle:
        waited = False
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # (Named: one lock serves every bank's build in this cache, and a build
            # stopped with Ctrl-Z had been waited on without a name, fuzz pass, stop 60.)
            INDEX_NOTICE(f"drafter: waiting for {lock_holder(handle)} to finish indexing "
                         "a phrasebank")
            try:
                bounded_flock(handle, fcntl.LOCK_EX, BUILD_WAIT, say_after=math.inf,
                               poll=0.2, waiting=str, gave_up=str)
            except BankLocked:
                # A build that does not end (its process stopped with Ctrl-Z or hung)
                # had kept every search waiting, 373 s and on (fuzz pass, stop 60): this
                # process builds the index itself, renamed into place as any build is,
                # leaving the other's temporary files alone.
                INDEX_NOTICE(f"drafter: the other process has been indexing for "
                             f"{BUILD_WAIT:.0f} s (stopped?); indexing here instead")
                yield False
                return
            waited = True
        with contextlib.suppress(OSError):
            note_holder(handle)  # who builds, for whoever waits
        try:
            for leftover in target.parent.glob(".index.*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            yield waited
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# Seconds a search waits for another process's build of the same index (the bundled
# bank's takes 15-20 s, 40 on a busy machine) before building it itself.
BUILD_WAIT = 20.0


def spare_cache_location() -> Path:
    """Where the index goes when the cache cannot be written (see _spare_cache): drafter's
    folder in the user's state directory (~/.local/state/drafter), shown by `drafter
    info`.  Not the system's temporary directory, where it had been: a full-size fuzz
    pass (stop 60) found 226 MB written outside the user's own folders."""
    from drafter import config

    return config.user_dirs().state


def _spare_cache() -> Path | None:
    """The folder for the index when the cache cannot be written, None when it cannot be
    written either (or is reached through a link: see _writable); the index is then
    searched in memory.  Without it every run had indexed the bank again, 38-44 s on a
    busy machine (fuzz pass 61)."""
    spare = spare_cache_location()
    return spare if _writable(spare / "index") else None


def _writable(folder: Path) -> bool:
    """Whether the index can be kept in ``folder`` (made if need be).  Not through a link
    in the folder's place: followed, it had put the index, its lock and its stamp in
    /etc (fuzz pass 66), or wherever it pointed.  (A link to a folder passes the
    making; a dangling one fails it.)"""
    if folder.parent.is_symlink():
        # Nor through a link in the place of drafter's own cache folder (~/.cache/drafter
        # pointing at /etc had the index written there: fuzz pass 67); the folders above
        # it are the user's to arrange.  (Tested before making anything through it.)
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK) and not folder.is_symlink()


def _rebuilt(bank: Path, target: Path, apart: bool = False
             ) -> tuple[sqlite3.Connection, Path | None]:
    """The bank's index built anew at ``target`` (``apart``: in a child process) and
    opened read-only, with its path; in memory, with no path, when the cache cannot be
    written (read-only, full: SQLite says so in its own words) or is reached through a
    link (see _writable)."""
    if not _writable(target.parent):
        return _index_in_memory(bank), None
    try:
        if apart:
            _build_apart(bank, target)
        else:
            build_index(bank, target)
    except (OSError, sqlite3.OperationalError):
        return _index_in_memory(bank), None
    return _read_only(target), target


def _build_apart(bank: Path, target: Path) -> None:
    """build_index in a child process of the same Python and the same drafter (a fresh
    interpreter, not a fork of one running threads).  A failure to write the cache comes
    back as OSError, for the caller's fallback to memory, and a bank drafter will not
    index (see index.MAX_INDEX_COST) as its DrafterError; any other failure of the child
    (killed, out of memory, a bug) leaves the build to this process, where it is raised
    as it would have been."""
    import subprocess

    import drafter

    child = ("import sys, sqlite3\n"
             "sys.path.insert(0, sys.argv[1])\n"
             "from pathlib import Path\n"
             "from drafter.bank.index import build_index\n"
             "from drafter.errors import DrafterError\n"
             "try:\n"
             "    build_index(Path(sys.argv[2]), Path(sys.argv[3]))\n"
             "except (OSError, sqlite3.OperationalError) as exc:\n"
             "    print(exc, file=sys.stderr)\n"
             "    sys.exit(3)\n"
             "except DrafterError as exc:\n"
             "    print(exc, file=sys.stderr)\n"
             "    sys.exit(4)\n")
    home = str(Path(drafter.__file__).resolve().parents[1])
    try:
        done = subprocess.run([sys.executable, "-c", child, home, str(bank), str(target)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, check=False)
    except OSError:
        done = None
    if done is not None and done.returncode == 3:
        raise OSError(done.stderr.decode("utf-8", "replace").strip())
    if done is not None and done.returncode == 4:
        # (A bank drafter will not index, said as the child said it: not built again
        # here to be refused again.)
        raise DrafterError(done.stderr.decode("utf-8", "replace").strip())
    if done is None or done.returncode != 0:
        build_index(bank, target)


def _drop_stray_journals(target: Path) -> None:
    """Remove a rollback journal or WAL files beside the index: it is built under a
    temporary name with no journal and renamed into place, never written after, so they
    are none of its own.  Opened read-only, SQLite would try to roll a "hot" journal back
    and fail every query (attempt to write a readonly database), rebuild or not (fuzz
    pass 40)."""
    for suffix in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{target}{suffix}").unlink()


def _read_only(target: Path) -> sqlite3.Connection:
    """The index file, opened read-only for every thread (see PhraseBank._lock)."""
    return sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)


def _index_in_memory(bank: Path) -> sqlite3.Connection:
    """The bank's index built in memory: no file at all, not even a temporary one (the
    disk may be the very thing that is full)."""
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    fill_index(memory, bank)
    return memory


def _fresh(target: Path, bank: Path) -> bool:
    if not target.is_file():
        return False
    try:
        db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        finally:
            db.close()
    except INDEX_DAMAGE:
        return False  # a damaged index is rebuilt
    return bool(row) and row[0] == fingerprint(bank)


@lru_cache(maxsize=65536)
def topic_grams(text: str) -> frozenset[str]:
    """The character bigrams of the Chinese in ``text``, as the index tokenises it: what
    topic relevance counts.  Cached: the assembler ranks the same candidates for slot
    after slot."""
    grams: set[str] = set()
    for run in HAN_RUN_RE.findall(text):
        grams.update(map(str.__add__, run, run[1:]))
    return frozenset(grams)


def _hit(row: tuple, relevance: float) -> Hit:
    id_, text, kind, section, sections, status, score, data, domains = row[:9]
    record = json.loads(data)
    sources = [Source.from_dict(s) for s in record.get("sources", [])]
    extra = {k: record[k] for k in _EXTRA_FIELDS if record.get(k)}
    return Hit(id_, text, kind, section, sections.split(), status, score, sources,
               relevance, domains.split(), extra)
