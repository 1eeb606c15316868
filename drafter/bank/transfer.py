"""Phrases in and out of a phrasebank as JSON Lines or CSV.

Import rows need ``text``, ``section`` and ``kind``; ``domain``, ``speaker`` (for
quotes), ``source``, ``status``, ``score`` and ``note`` are optional.  A row without a
domain is given the ranked domains the classifier reads in its text.  Bad rows are reported as
``file:line`` and skipped; good rows join the bank like mined phrases (decisions kept).
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from drafter.bank.model import KINDS, STATUSES, Phrase, Source, phrase_id
from drafter.bank.store import MergeCounts, bank_lock, load_phrases, merge_mined, save_phrases
from drafter.bank.taxonomy import load_domains, load_taxonomy
from drafter.errors import DrafterError
from drafter.fileio import load_json, read_regular_file

CSV_FIELDS = ("id", "text", "kind", "section", "sections", "domain", "domains", "status",
              "score", "speaker", "note", "sources")


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    untrusted: int = 0  # rows whose reviewed status was not taken (see import_phrases)
    counts: MergeCounts = field(default_factory=MergeCounts)


def import_phrases(bank_dir: str | os.PathLike[str], path: str | os.PathLike[str],
                   trust: bool = False) -> ImportReport:
    """Add the rows of ``path`` to the bank.  A row's reviewed status (approved,
    rejected, merged) is taken only with ``trust``: otherwise an imported file could
    approve phrases no maintainer saw; such rows come in as candidates, and are counted
    in ``report.untrusted``."""
    path = Path(path)
    records = list(_read_rows(path))
    taxonomy = load_taxonomy(bank_dir)
    domains = load_domains(bank_dir)
    report = ImportReport()
    phrases: list[Phrase] = []
    for number, row in records:
        where = f"{path}:{number}"
        if isinstance(row, str):
            report.problems.append(f"{where}: {row}")
            continue
        text = str(row.get("text") or "").strip()
        section = str(row.get("section") or "").strip()
        kind = str(row.get("kind") or "").strip()
        status = str(row.get("status") or "candidate").strip()
        domain = str(row.get("domain") or "").strip()
        problem = (
            "missing text" if not text else
            f"unknown section {section!r}" if section not in taxonomy else
            f"unknown domain {domain!r}" if domain and domain not in domains else
            f"unknown kind {kind!r}" if kind not in KINDS else
            f"unknown status {status!r}" if status not in STATUSES else None)
        if problem:
            report.problems.append(f"{where}: {problem}")
            continue
        if status != "candidate" and not trust:
            status = "candidate"
            report.untrusted += 1
        try:
            score = float(row.get("score") or 0.5)
        except ValueError:
            report.problems.append(f"{where}: score must be a number")
            continue
        source = str(row.get("source") or path.name)
        phrases.append(Phrase(
            id=phrase_id(kind, text), text=text, kind=kind, sections=[section], status=status,
            domains=[domain] if domain else [], score=max(0.0, min(1.0, score)),
            speaker=str(row.get("speaker") or ""),
            note=str(row.get("note") or ""), sources=[Source(source, number)],
            decided=["status"] if status != "candidate" else []))
        report.rows += 1
    _fill_domains(bank_dir, [p for p in phrases if not p.domains])
    with bank_lock(bank_dir):
        loaded = load_phrases(bank_dir)
        merged, report.counts = merge_mined(loaded.phrases, phrases)
        save_phrases(bank_dir, merged.values())
    return report


def _fill_domains(bank_dir: str | os.PathLike[str], phrases: list[Phrase]) -> None:
    """The ranked domains the classifier reads in each phrase's text."""
    if not phrases:
        return
    from drafter.bank.classify import PassageClassifier

    classifier = PassageClassifier.load(bank_dir)
    for phrase, verdict in zip(phrases, classifier.classify([p.text for p in phrases]),
                               strict=True):
        phrase.domains = [key for key, _ in verdict.domains]


MAX_IMPORT_BYTES = 256 * 1024 * 1024


def _read_rows(path: Path):
    try:
        text = read_regular_file(path, MAX_IMPORT_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DrafterError(f"{path}: cannot read ({exc})") from None
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = {"text", "section", "kind"} - set(reader.fieldnames or [])
        if missing:
            raise DrafterError(f"{path}: CSV needs the columns {', '.join(sorted(missing))}")
        try:
            for number, row in enumerate(reader, start=2):
                yield number, {key: _from_cell(value) for key, value in row.items()}
        except csv.Error as exc:  # a cell past the csv module's limit, a stray quote …
            # (line_num counts the lines read before the one it failed on)
            raise DrafterError(f"{path}:{reader.line_num + 1}: not valid CSV ({exc})") from None
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = load_json(line)
        except json.JSONDecodeError as exc:
            yield number, f"not JSON ({exc.msg})"
            continue
        yield number, row if isinstance(row, dict) else "not a JSON object"


def export_phrases(bank_dir: str | os.PathLike[str], fmt: str = "jsonl",
                   status: str | None = None, section: str | None = None) -> str:
    phrases = sorted(load_phrases(bank_dir).phrases.values(), key=lambda p: p.id)
    phrases = [p for p in phrases if (not status or p.status == status)
               and (not section or p.section == section)]
    if fmt == "jsonl":
        return "".join(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
                       for p in phrases)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for p in phrases:
        row = {"id": p.id, "text": p.text, "kind": p.kind, "section": p.section,
               "sections": " ".join(p.sections), "domain": p.domain or "",
               "domains": " ".join(p.domains), "status": p.status,
               "score": round(p.score, 3), "speaker": p.speaker, "note": p.note,
               "sources": "; ".join(f"{s.file}#{s.position}" for s in p.sources)}
        writer.writerow({key: _to_cell(value) for key, value in row.items()})
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (a corpus file
# named =HYPERLINK(…).txt is enough); OWASP's rule: such a cell gets a leading apostrophe,
# which spreadsheets show as text and import takes off again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _to_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _from_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value
