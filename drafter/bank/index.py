"""A SQLite FTS5 index over a phrasebank, kept in the user cache directory.

Chinese has no spaces, so the index stores each phrase twice as tokens: its characters
(for one-character queries) and its overlapping character bigrams, the way Lucene's CJK
analyser does (TEXT.md).  A query of two or more characters becomes an FTS5 phrase of
bigrams, i.e. one index lookup per bigram, which finds every phrase containing the query
as a substring; a one-character query looks up the character column.  Latin words and
numbers are kept as whole tokens.

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
from dataclasses import dataclass
from pathlib import Path

from drafter.bank.model import Phrase, Source
from drafter.bank.store import PHRASES_DIR, load_phrases

INDEX_VERSION = 1
# Runs of Chinese characters, or of Latin letters/digits.
_TOKEN_RUN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def char_tokens(text: str) -> str:
    return " ".join(_chars(text))


def bigram_tokens(text: str) -> str:
    out: list[str] = []
    for run in _TOKEN_RUN_RE.findall(text):
        if run.isascii():
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return " ".join(out)


def _chars(text: str) -> list[str]:
    out: list[str] = []
    for run in _TOKEN_RUN_RE.findall(text):
        out.extend([run.lower()] if run.isascii() else list(run))
    return out


def fingerprint(bank_dir: Path) -> str:
    """Changes whenever a phrase file is added, removed or rewritten."""
    digest = hashlib.sha1(f"v{INDEX_VERSION}".encode())
    for path in sorted((bank_dir / PHRASES_DIR).glob("*.jsonl")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def index_path(bank_dir: Path, cache_dir: Path) -> Path:
    key = hashlib.sha1(str(bank_dir.resolve()).encode()).hexdigest()[:16]
    return cache_dir / "index" / f"{key}.sqlite"


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE phrase (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, text TEXT, kind TEXT, section TEXT,
    sections TEXT, status TEXT, score REAL, data TEXT);
CREATE TABLE phrase_section (section TEXT, rowid INTEGER, PRIMARY KEY (section, rowid))
    WITHOUT ROWID;
CREATE VIRTUAL TABLE phrase_fts USING fts5(chars, bigrams, tokenize='unicode61',
    content='');
"""


def build_index(bank_dir: Path, target: Path) -> int:
    """Build the index of ``bank_dir`` at ``target`` (atomically); returns phrase count."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = fingerprint(bank_dir)
    phrases = load_phrases(bank_dir).phrases
    fd, temp = tempfile.mkstemp(prefix=".index.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(temp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        rows = []
        fts = []
        sections = []
        for rowid, phrase in enumerate(sorted(phrases.values(), key=lambda p: p.id), start=1):
            data = phrase.to_dict()
            rows.append((rowid, phrase.id, phrase.text, phrase.kind, phrase.section,
                         " ".join(phrase.sections), phrase.status, phrase.score,
                         json.dumps(data, ensure_ascii=False)))
            fts.append((rowid, char_tokens(phrase.text), bigram_tokens(phrase.text)))
            sections += [(key, rowid) for key in phrase.sections[:2]]
        db.executemany("INSERT INTO phrase VALUES (?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO phrase_fts(rowid, chars, bigrams) VALUES (?,?,?)", fts)
        db.executemany("INSERT OR IGNORE INTO phrase_section VALUES (?,?)", sections)
        db.executemany("INSERT INTO meta VALUES (?,?)",
                       [("fingerprint", stamp), ("bank", str(bank_dir.resolve()))])
        db.execute("INSERT INTO phrase_fts(phrase_fts) VALUES ('optimize')")
        db.commit()
        db.close()
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return len(phrases)


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

    def to_phrase(self) -> Phrase:
        return Phrase(id=self.id, text=self.text, kind=self.kind, sections=self.sections,
                      status=self.status, score=self.score, sources=self.sources)

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "kind": self.kind, "section": self.section,
                "sections": self.sections, "status": self.status, "score": self.score,
                "sources": [s.to_dict() for s in self.sources],
                "relevance": round(self.relevance, 3)}


def fts_query(query: str) -> str | None:
    """The FTS5 MATCH expression for a user's query, or None when it has no words."""
    parts: list[str] = []
    for run in _TOKEN_RUN_RE.findall(query):
        if run.isascii():
            parts.append(f'bigrams:"{run.lower()}"')
        elif len(run) == 1:
            parts.append(f'chars:"{run}"')
        else:
            parts.append('bigrams:"' + bigram_tokens(run) + '"')
    return " AND ".join(parts) if parts else None
