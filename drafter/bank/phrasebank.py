"""The Python API of the phrasebank: open a bank, search it.

    from drafter import PhraseBank
    bank = PhraseBank.open()                      # the bundled phrasebank
    for hit in bank.search("政治站位", section="political_stance", limit=5):
        print(hit.id, hit.text, hit.kind, hit.section, hit.score, hit.sources)
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from drafter.bank.index import Hit, build_index, fingerprint, fts_query, index_path
from drafter.bank.model import Source

# Ranking: relevance (bm25, lower is better) plus quality; approved phrases first among
# equals.  Rejected and merged phrases only appear when asked for by status.
_QUALITY_WEIGHT = 2.0
_APPROVED_BONUS = 0.5


class PhraseBank:
    def __init__(self, path: Path, db: sqlite3.Connection, built: bool):
        self.path = path
        self._db = db
        self.rebuilt = built  # whether opening had to (re)build the index

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None,
             cache_dir: str | os.PathLike[str] | None = None) -> PhraseBank:
        """Open the phrasebank at ``path`` (default: --phrasebank/env/bundled), building
        or refreshing its search index in the user cache directory when needed."""
        from drafter import config

        bank = config.phrasebank_dir(path)
        cache = Path(cache_dir) if cache_dir else config.user_dirs().cache
        target = index_path(bank, cache)
        built = False
        if not _fresh(target, bank):
            build_index(bank, target)
            built = True
        db = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        return cls(bank, db, built)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> PhraseBank:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM phrase").fetchone()[0]

    def search(self, query: str = "", section: str | None = None, kind: str | None = None,
               status: str | None = None, limit: int = 20) -> list[Hit]:
        """Phrases containing ``query`` (any length, even one character), best first by
        relevance and quality; an empty query lists the best phrases of the filters."""
        where = []
        params: list[object] = []
        if section:
            where.append("p.rowid IN (SELECT rowid FROM phrase_section WHERE section = ?)")
            params.append(section)
        if kind:
            where.append("p.kind = ?")
            params.append(kind)
        if status:
            where.append("p.status = ?")
            params.append(status)
        else:
            where.append("p.status IN ('candidate', 'approved')")
        match = fts_query(query)
        quality = f"({_QUALITY_WEIGHT} * p.score + (p.status = 'approved') * {_APPROVED_BONUS})"
        if match:
            sql = (f"SELECT p.id, p.text, p.kind, p.section, p.sections, p.status, p.score, "
                   f"p.data, bm25(phrase_fts) - {quality} AS rank FROM phrase_fts "
                   f"JOIN phrase p ON p.rowid = phrase_fts.rowid "
                   f"WHERE phrase_fts MATCH ? {''.join(' AND ' + w for w in where)} "
                   f"ORDER BY rank LIMIT ?")
            params = [match, *params, limit]
        else:
            sql = (f"SELECT p.id, p.text, p.kind, p.section, p.sections, p.status, p.score, "
                   f"p.data, -{quality} AS rank FROM phrase p "
                   f"{'WHERE ' + ' AND '.join(where) if where else ''} "
                   f"ORDER BY rank, p.id LIMIT ?")
            params = [*params, limit]
        return [_hit(row) for row in self._db.execute(sql, params)]


def _fresh(target: Path, bank: Path) -> bool:
    if not target.is_file():
        return False
    try:
        db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False  # a damaged index is rebuilt
    return bool(row) and row[0] == fingerprint(bank)


def _hit(row: tuple) -> Hit:
    id_, text, kind, section, sections, status, score, data, rank = row
    sources = [Source.from_dict(s) for s in json.loads(data).get("sources", [])]
    return Hit(id_, text, kind, section, sections.split(), status, score, sources, -rank)
