"""A SQLite FTS5 index over a phrasebank, kept in the user cache directory.

Chinese has no spaces, so the index stores each phrase as its overlapping character
bigrams, the way Lucene's CJK analyser does, plus the last character of each
run of Chinese.  A query of two or more characters becomes an FTS5 phrase of bigrams,
i.e. one index lookup per bigram, which finds every phrase containing the query as a
substring; a one-character query is a prefix lookup.  Latin words and numbers are kept
as whole tokens.

The index is rebuilt when the phrasebank files change (their names, sizes and
modification times are its fingerprint), into a temporary file that replaces the old
one, so a reader never sees half an index.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drafter.bank.model import MAX_PHRASE_CHARS, Phrase, Source, normalise
from drafter.bank.store import committed_files, read_lines, valid_lines
from drafter.errors import DrafterError
from drafter.fileio import shown
from drafter.text.chars import CJK

INDEX_VERSION = 18
_HAN = CJK  # one definition of a Chinese character
# Every Chinese character with its right neighbour (a bigram), or alone when it ends a run
# of Chinese: 提高政治，党 → 提高 高政 政治 治 党.  The lookahead lets regex find the
# overlapping pairs in C.
_GRAM_RE = re.compile(f"(?=([{_HAN}][{_HAN}]?))")
HAN_RUN_RE = re.compile(f"[{_HAN}]+")  # runs of Chinese, as the index sees them
_LATIN_RE = re.compile(r"[A-Za-z0-9]+")
# Runs of Chinese characters, or of Latin letters/digits (the words of a query).
_TOKEN_RUN_RE = re.compile(f"[{_HAN}]+|[A-Za-z0-9]+")


def gram_tokens(text: str, seen: set[str] | None = None) -> str:
    """The index tokens of a phrase: its Chinese bigrams and run-final characters, in
    order (so a query's bigrams match as an FTS5 phrase), then its Latin words.
    ``seen``: a set the bigrams are added to."""
    found = _GRAM_RE.findall(text)
    if seen is not None:
        seen.update(found)
    grams = " ".join(found)
    if text.isascii() or _LATIN_RE.search(text):
        latin = " ".join(word.lower() for word in _LATIN_RE.findall(text))
        return f"{grams} {latin}" if grams else latin
    return grams


def fingerprint(bank_dir: Path) -> str:
    """Changes whenever a phrase file is added, removed or rewritten."""
    with committed_files(bank_dir) as files:
        return _fingerprint(files)


def _fingerprint(files: dict[str, Path]) -> str:
    # The change time too, which no tool sets back: a file edited in place and given its
    # old size and modification time again (cp -p, rsync -a, touch -r) had been searched
    # in its old text from the cache, run after run (fuzz pass 41).  (A file a recovery
    # renames into place gets a new change time: the index is built again once.)
    digest = hashlib.sha1(f"v{INDEX_VERSION}".encode())
    for stem, path in files.items():
        stat = path.stat()
        digest.update(f"{stem}.jsonl\0{stat.st_size}\0{stat.st_mtime_ns}\0"
                      f"{stat.st_ctime_ns}\n".encode())
    return digest.hexdigest()


def index_path(bank_dir: Path, cache_dir: Path) -> Path:
    key = hashlib.sha1(str(bank_dir.resolve()).encode()).hexdigest()[:16]
    return cache_dir / "index" / f"{key}.sqlite"


# `line` keeps every phrase line as written (the sources are read from it for results);
# `phrase` holds the fields searches filter and rank on, numbered best first; `phrase_fts`
# is contentless: it only maps tokens to phrase rowids.  prefix='1' indexes one-character
# prefixes, so a one-character query is one lookup (`党*` finds 党建, 党员 … and a 党 that
# ends a run).
INDEX_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE line (data TEXT);
CREATE TABLE phrase (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, text TEXT, kind TEXT, section TEXT,
    sections TEXT, status TEXT, score REAL, tags TEXT, level INTEGER, line INTEGER,
    domain TEXT, domains TEXT, dtags TEXT, terms TEXT DEFAULT '', binds TEXT DEFAULT '');
CREATE TABLE unit (key TEXT, phrase INTEGER);
CREATE TABLE term (term TEXT PRIMARY KEY, phrases INTEGER);
CREATE VIRTUAL TABLE phrase_fts USING fts5(grams, tokenize='unicode61', content='',
    columnsize=0, detail=full, prefix='1');
INSERT INTO phrase_fts(phrase_fts, rank) VALUES ('hashsize', 268435456);
"""

# Well-formed phrase lines into `phrase`, best first (approved, then by score); of two
# lines with one id the better is kept.  A phrase is filed under its first two section
# types (`tags`) and its first two domains (`dtags`).  JSON is parsed by SQLite, in C:
# parsing 100k lines in Python alone took most of the old build's time.
_FILL_PHRASES = f"""
INSERT OR IGNORE INTO phrase (id, text, kind, section, sections, status, score, tags, level,
                               line, domain, domains, dtags)
SELECT data ->> 'id', data ->> 'text', data ->> 'kind', data ->> '$.sections[0]',
       (SELECT group_concat(value, ' ') FROM json_each(data, '$.sections')),
       CASE WHEN length(data ->> 'text') > {MAX_PHRASE_CHARS} THEN 'too-long'
            ELSE coalesce(data ->> 'status', 'candidate') END,
       coalesce(data ->> 'score', 0.0),
       ' ' || (data ->> '$.sections[0]') || ' ' || coalesce(data ->> '$.sections[1]', '') || ' ',
       data ->> 'level', rowid,
       data ->> '$.domains[0]',
       coalesce((SELECT group_concat(value, ' ') FROM json_each(data, '$.domains')), ''),
       ' ' || coalesce(data ->> '$.domains[0]', '') || ' '
           || coalesce(data ->> '$.domains[1]', '') || ' '
FROM line
WHERE json_valid(data) AND json_type(data) = 'object'
  AND json_type(data, '$.text') = 'text' AND json_type(data, '$.id') = 'text'
  AND json_type(data, '$.kind') = 'text' AND json_type(data, '$.sections[0]') = 'text'
ORDER BY coalesce(data ->> 'status', 'candidate') != 'approved',
         -coalesce(data ->> 'score', 0.0), data ->> 'id'
"""
# (A phrase past MAX_PHRASE_CHARS is indexed as 'too-long', a status no draft or search
# asks for: 1,400 pasted passages of 49,000 characters had taken a full draft 112 s, every
# query reading them through; fuzz pass, stop 38.  The file keeps its own status.)


def build_index(bank_dir: Path, target: Path) -> int:
    """Build the index of ``bank_dir`` at ``target`` (atomically); returns phrase count."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".index.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(temp)
        try:
            count = fill_index(db, bank_dir)
        finally:
            db.close()
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    _drop_orphans(target.parent, target)
    return count


def _drop_orphans(folder: Path, built: Path) -> None:
    """Delete the indexes of phrasebanks that are gone: each bank has its own (200 MB
    for a copy of the bundled one), and a session of trial banks had left 1.6 GB in the
    cache (fuzz re-check, stop 38).  An index that cannot be read is left alone."""
    for index in folder.glob("*.sqlite"):
        if index == built:
            continue
        try:
            db = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
            try:
                [(bank,)] = db.execute("SELECT value FROM meta WHERE key = 'bank'").fetchall()
            finally:
                db.close()
            if not Path(bank).is_dir():
                index.unlink()
        except (sqlite3.Error, ValueError, OSError):
            continue


def fill_index(db: sqlite3.Connection, bank_dir: Path) -> int:
    """Fill the empty database ``db`` (a file, or memory when no cache can be written)
    with the index of ``bank_dir``; returns phrase count.

    Rows are numbered best first (approved, then by score), so a search can walk the
    matches in rowid order and stop early instead of ranking every match.  Lines the
    loader cannot take are left out, and what is wrong with each kept in ``meta``."""
    with committed_files(bank_dir) as files:
        # The lines and their fingerprint from one committed state of the bank.
        stamp = _fingerprint(files)
        lines = read_lines(files)
    # Only the lines the loader takes (well-formed, every field of its type): one
    # mistyped field must not reach a search.  (Checked without keeping a Phrase for
    # each: 100k of them held at once had doubled the build's memory.)
    taken, problems = valid_lines(bank_dir, lines)
    del lines
    # A 50 MB page cache builds the bundled bank as fast as 200 MB did (20 s) and keeps
    # a bank of long passages from holding its whole file in memory.
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                     "PRAGMA cache_size=-50000;" + INDEX_SCHEMA)
    db.executemany("INSERT INTO line (data) VALUES (?)",
                   ((_valid_utf8(text),) for text in taken))
    del taken
    db.execute(_FILL_PHRASES)
    _fill_units_and_binds(db)
    # Only phrases a search can return are tokenised, a batch at a time: the grams of
    # 1,400 pasted passages of 49,000 characters, built at once, had taken the build
    # to 1.5 GB (fuzz re-check, stop 38).  A batch is bounded in characters too: SQLite
    # works a batch through in one call, in which drafter cannot answer SIGTERM.
    searchable = db.execute("SELECT rowid, text FROM phrase WHERE status != 'too-long'")
    seen: set[str] = set()
    batch: list[tuple[int, str]] = []
    size = total = 0
    for rowid, text in searchable:
        batch.append((rowid, gram_tokens(text, seen)))
        size += len(text)
        total += len(text)
        if len(batch) >= 5_000 or size >= _BATCH_CHARS:
            _too_much_to_index(bank_dir, seen, total)
            db.executemany("INSERT INTO phrase_fts (rowid, grams) VALUES (?, ?)", batch)
            batch, size = [], 0
    _too_much_to_index(bank_dir, seen, total)
    db.executemany("INSERT INTO phrase_fts (rowid, grams) VALUES (?, ?)", batch)
    del seen
    count = db.execute("SELECT count(*) FROM phrase").fetchone()[0]
    # The lines left out, said by every command that searches (PhraseBank.problems)
    # without reading the bank again.  (JSON with ASCII escapes: a path or a message may
    # hold half a character, which SQLite cannot store.)
    # (The rows written are counted, for the check on open to find rows deleted by hand:
    # a search had answered "no phrases found" ever after, fuzz pass, stop 60.)
    lines_count = db.execute("SELECT count(*) FROM line").fetchone()[0]
    db.executemany("INSERT INTO meta VALUES (?, ?)",
                   [("fingerprint", stamp), ("bank", str(bank_dir.resolve())),
                    ("version", str(INDEX_VERSION)),
                    ("problems", json.dumps(problems)),
                    ("rows", f"{count} {lines_count}")])
    db.commit()
    return count


# What an index is built for.  Its build takes time by the characters of its phrases'
# texts and, six times as much apiece, by the different pairs of characters among them
# (each an entry of its own).  The bundled bank's 92,000 phrases hold 8.9 million
# characters in about 310,000 pairs: 10.8 million by that count, 15-20 s to build, 36 s
# on a busy machine (load 4 on 2 cores).  Prose holds few more pairs however much of it
# there is, as a language has only so many; text that is not prose (characters at
# random, a pasted table of codes) holds a new pair at nearly every character: 27,000
# passages of 2,000 random characters, under every size limit, had taken a build past
# 60 s and 900 MB (fuzz pass 70), and 16 million characters drawn from 880 (770,000
# pairs) took 60 s (re-check 71).
# A bank past half as much again as the bundled one by that count is refused.
MAX_INDEX_COST = 16_000_000
PAIR_COST = 6  # a different pair of characters costs as much as this many characters
_BATCH_CHARS = 200_000  # characters tokenised and handed to SQLite in one call


def _too_much_to_index(bank_dir: Path, seen: set[str], chars: int) -> None:
    """Refuse a bank whose texts cost over MAX_INDEX_COST to index, with a message."""
    if chars + PAIR_COST * len(seen) > MAX_INDEX_COST:
        raise DrafterError(
            f"{shown(bank_dir)}: its phrases hold over {chars / 1e6:.1f} million characters "
            f"of text in {len(seen):,} different pairs of characters, more than drafter "
            "indexes (the bundled bank: 8.9 million in about 310,000; text that is not "
            "prose holds many more pairs): split it, moving some of its phrases/*.jsonl "
            "files into a bank of their own, or remove what is not prose")


def _valid_utf8(line: str) -> str:
    """A line as SQLite can store it: bytes that were not UTF-8 as U+FFFD."""
    return line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# What the assembler needs beyond the ranked fields: a phrase's salient terms, the
# specifics that bind it to its source, and the source sections it came from.
_DETAILS = """
SELECT p.rowid, p.kind, CASE WHEN p.status = 'too-long' THEN '' ELSE p.text END,
       coalesce((SELECT group_concat(value, ' ') FROM json_each(l.data, '$.terms')), ''),
       l.data ->> '$.specifics',
       (SELECT group_concat((value ->> 'file') || char(9) || coalesce(value ->> 'path', ''),
                            char(10))
        FROM json_each(l.data, '$.sources')),
       (SELECT group_concat(value, ' ') FROM json_each(l.data, '$.tags')
        WHERE value LIKE 'subject:%')
FROM phrase p JOIN line l ON l.rowid = p.line
"""


def unit_key(file: str, heading: str) -> str:
    """The key of a source section: its file and its heading without marker or
    punctuation.  A heading mined from a section and the paragraphs mined under it share
    one key, so a draft can keep a head together with its own body."""
    from drafter.corpus.headings import match_marker

    marker = match_marker(heading)
    return f"{file}#{normalise(marker.rest if marker else heading)}"


def _fill_units_and_binds(db: sqlite3.Connection) -> None:
    from drafter.bank.mine.specifics import binding_specifics

    units: list[tuple[str, int]] = []
    details: list[tuple[str, str, int]] = []
    for rowid, kind, text, terms, specifics, sources, subject in db.execute(
            _DETAILS).fetchall():
        binds = ""
        if specifics:
            try:
                found = binding_specifics(json.loads(specifics))
            except (ValueError, TypeError, IndexError):
                found = []
            binds = " ".join(f"{k}:{t}" for k, t in found if " " not in t)
        if subject:
            # The subject a passage was written for (subject:…): what it is about,
            # whatever words it shares with another topic (see drafter.draft.assemble).
            binds = f"{binds} {subject}".strip()
        details.append((terms, binds, rowid))
        for source in (sources or "").split("\n")[:3]:
            file, _, path = source.partition("\t")
            if kind in ("heading", "lead"):
                # A run-in head (一要坚持底线思维。…) heads its own paragraph, whose
                # path ends in it: its body is that, not the whole section around it.
                units.append((unit_key(file, text), rowid))
            elif path:
                units.append((unit_key(file, path.rsplit(" › ", 1)[-1]), rowid))
    db.executemany("UPDATE phrase SET terms = ?, binds = ? WHERE rowid = ?", details)
    # How many approved phrases carry each term: a topic's related terms are the ones
    # its own phrases use far more than the bank at large (讲政治 is beside every topic).
    counts = Counter(term for (terms,) in db.execute(
        "SELECT terms FROM phrase WHERE status = 'approved' AND terms != ''")
        for term in terms.split())
    db.executemany("INSERT INTO term VALUES (?, ?)", counts.items())
    db.executemany("INSERT INTO unit VALUES (?, ?)", units)
    db.execute("CREATE INDEX unit_key ON unit (key)")
    db.execute("CREATE INDEX unit_phrase ON unit (phrase)")  # a heading's own unit, at once
    # A slot's candidates are the best phrases of some kinds (and domains) under some
    # section types: without these each such query scanned the table, up to 100 ms on
    # 77,000 phrases when few rows match (quotes, openings, one domain's headings), a
    # third of a draft's time.  An index's entries for one key run in rowid order, best
    # first, so the planner walks them and stops at the limit.  (No ANALYZE: with its
    # statistics SQLite went back to scanning for some kinds, at 35 ms.)
    db.execute("CREATE INDEX phrase_kind ON phrase (kind)")
    db.execute("CREATE INDEX phrase_domain_kind ON phrase (domain, kind)")
    # How many approved phrases each domain and section type has (filed_under) is read
    # off these: counted by scanning the table, 0.6-0.7 s of every draft from the bundled
    # bank.  Partial, so that no query of other statuses is planned on them.
    db.execute("CREATE INDEX phrase_approved_domain ON phrase (domain) WHERE status = 'approved'")
    db.execute("CREATE INDEX phrase_approved_section ON phrase (section) "
               "WHERE status = 'approved'")


@dataclass
class Hit:
    """A search result: the phrase's fields, read straight from the index."""

    id: str
    text: str
    kind: str
    section: str | None
    sections: list[str]
    status: str
    score: float
    sources: list[Source]
    relevance: float
    domains: list[str] = field(default_factory=list)
    # Kind-specific fields as stored: members and frame (parallel sets), speaker
    # (quotes), level (headings), placeholders, terms.
    extra: dict = field(default_factory=dict)

    @property
    def members(self) -> list[str]:
        return list(self.extra.get("members", []))

    @property
    def speaker(self) -> str:
        return str(self.extra.get("speaker", ""))

    @property
    def domain(self) -> str | None:
        return self.domains[0] if self.domains else None

    @property
    def terms(self) -> list[str]:
        return list(self.extra.get("terms", []))

    def to_phrase(self) -> Phrase:
        return Phrase(id=self.id, text=self.text, kind=self.kind, sections=self.sections,
                      domains=self.domains, terms=self.terms,
                      status=self.status, score=self.score, sources=self.sources,
                      speaker=self.speaker, members=self.members,
                      frame=str(self.extra.get("frame", "")), level=self.extra.get("level"),
                      placeholders=list(self.extra.get("placeholders", [])))

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "kind": self.kind, "section": self.section,
                "sections": self.sections, "domain": self.domain, "domains": self.domains,
                "terms": self.terms, "status": self.status, "score": self.score,
                "sources": [s.to_dict() for s in self.sources],
                "relevance": round(self.relevance, 3)}


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression for a user's query, or None when it has no words.

    Each run of Chinese becomes a phrase of its bigrams (one lookup for two characters;
    adjacency makes it a substring test); one character is a prefix query; a Latin word
    is a prefix query too (cov finds COVID).  Runs are ANDed."""
    parts: list[str] = []
    for run in _TOKEN_RUN_RE.findall(query):
        if run.isascii():
            parts.append(f'"{run.lower()}"*')
        elif len(run) == 1:
            parts.append(f'"{run}"*')
        else:
            parts.append('"' + " ".join(map(str.__add__, run, run[1:])) + '"')
    return " AND ".join(parts) if parts else None
