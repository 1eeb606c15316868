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
from drafter.bank.store import PHRASES_DIR

INDEX_VERSION = 3
# Runs of Chinese characters, or of Latin letters/digits.
_TOKEN_RUN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")


def char_tokens(text: str) -> str:
    return " ".join(run.lower() if run.isascii() else " ".join(run)
                    for run in _TOKEN_RUN_RE.findall(text))


def bigram_tokens(text: str) -> str:
    # map(str.__add__, run, run[1:]) pairs neighbours in C: 提高政治 → 提高 高政 政治.
    return " ".join(run.lower() if run.isascii() else
                    (" ".join(map(str.__add__, run, run[1:])) if len(run) > 1 else run)
                    for run in _TOKEN_RUN_RE.findall(text))


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
    sections TEXT, status TEXT, score REAL, data TEXT, tags TEXT);
CREATE VIRTUAL TABLE phrase_fts USING fts5(chars, bigrams, tokenize='unicode61',
    content='', columnsize=0, detail=full);
"""


def build_index(bank_dir: Path, target: Path) -> int:
    """Build the index of ``bank_dir`` at ``target`` (atomically); returns phrase count.

    Rows are numbered best first (approved, then by score), so a search can walk the
    matches in rowid order and stop early instead of ranking every match."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = fingerprint(bank_dir)
    records = _records(bank_dir)
    records.sort(key=lambda r: (r[1]["status"] != "approved", -float(r[1].get("score", 0)),
                                r[1]["id"]))
    fd, temp = tempfile.mkstemp(prefix=".index.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(temp)
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                         "PRAGMA cache_size=-200000;" + _SCHEMA)
        rows, fts = [], []
        for rowid, (line, data) in enumerate(records, start=1):
            keys = data["sections"]
            text = data["text"]
            status = data.get("status", "candidate")
            # A phrase is filed under its first two section types.
            tags = " " + " ".join(keys[:2]) + " "
            rows.append((rowid, data["id"], text, data["kind"], keys[0] if keys else None,
                         " ".join(keys), status, float(data.get("score", 0.0)), line, tags))
            fts.append((rowid, char_tokens(text), bigram_tokens(text)))
        db.executemany("INSERT INTO phrase VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT INTO phrase_fts(rowid, chars, bigrams) VALUES (?,?,?)", fts)
        db.executemany("INSERT INTO meta VALUES (?,?)",
                       [("fingerprint", stamp), ("bank", str(bank_dir.resolve()))])
        db.commit()
        db.close()
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return len(records)


def _records(bank_dir: Path) -> list[tuple[str, dict]]:
    """(line, parsed) for every well-formed phrase line: the index needs only a few
    fields, so it skips building Phrase objects (broken lines are lint's business)."""
    records: dict[str, tuple[str, dict]] = {}
    for path in sorted((bank_dir / PHRASES_DIR).glob("*.jsonl")):
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    data = json.loads(line)
                    if isinstance(data["text"], str) and data["sections"] and data["kind"]:
                        records.setdefault(data["id"], (line.rstrip("\n"), data))
                except (json.JSONDecodeError, KeyError, TypeError, IndexError):
                    continue
    return list(records.values())


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
