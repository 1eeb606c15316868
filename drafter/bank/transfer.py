"""Phrases in and out of a phrasebank as JSON Lines or CSV.

Export writes each phrase whole (JSON Lines, its line in the bank) or its reviewable
fields (CSV_FIELDS), and import reads either back.  Import rows need ``text``, ``kind``
and a section type: ``section``, or ``sections`` ranked (as export writes them).
Optional: ``id``; ``domain``, or ``domains`` ranked; ``speaker`` (for quotes);
``source`` (a file name) or ``sources`` (as export writes them); ``status``, ``score``
and ``note``; and in JSON Lines the other fields of a phrase line (terms, specifics …).

A row is the phrase of the ``id`` it names (so a phrase whose text a maintainer edited
is found again), or without one the phrase of its kind and text.  An import never loses
what a phrase holds: a row changes only the fields it gives, and those as mining again
would (store.fold_mined: reviewed phrases and decided fields stay as they are);
``domain`` (or ``section``) alone puts that one first and keeps the others ranked after
it; the row's sources join the phrase's.  A new phrase without a domain is given
the ranked domains the classifier reads in its text.  Bad rows (an unknown section, a
list where a string belongs …) are reported as ``file:line`` and skipped.  The import
is one write of the bank, logged as a decision: ``phrasebank review --undo`` takes it
back, the phrases it added too.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from drafter.bank import review as decisions
from drafter.bank.classify import MAX_GUESSED_CHARS, PassageClassifier
from drafter.bank.model import (
    ID_RE,
    MAX_FIELD_CHARS,
    MAX_PHRASE_CHARS,
    MAX_PHRASE_ITEMS,
    MAX_PHRASE_SOURCES,
    Phrase,
    Source,
    _shown,
    control_character,
    kept_sources,
    past_field_bounds,
    phrase_id,
    strings_in,
)
from drafter.bank.store import (
    DECIDABLE,
    MAX_BANK_COST,
    MAX_BANK_PHRASES,
    MergeCounts,
    damaged_ids,
    damaged_line_problem,
    fold_mined,
    held_by_bank,
    held_cost,
    load_phrases,
    phrase_line,
)
from drafter.bank.taxonomy import load_domains, load_taxonomy
from drafter.errors import DrafterError, UnreadableFile
from drafter.fileio import keys_given_twice, load_json, read_regular_file
from drafter.text.chars import shows_nothing

# merged_into last: a merged phrase's row names the phrase that absorbed it, so that a
# trusted import of the bank's own export takes it back (without the column every merged
# row had been refused, fuzz pass A of stop 67, m9); last, so that the columns a sheet
# already refers to keep their places.
CSV_FIELDS = ("id", "text", "kind", "section", "sections", "domain", "domains", "status",
              "score", "speaker", "note", "sources", "merged_into")
# The fields of a phrase line a row may give (a CSV, those of its columns; decided and
# merged_into, a review's record, are taken only with the review status, see trust).
_ROW_FIELDS = ("text", "kind", "sections", "domains", "status", "score", "speaker", "note",
               "sources", "terms", "tags", "level", "placeholders", "specifics", "members",
               "frame", "decided", "merged_into")
# Every key a row may hold: the fields above, and the id and single section, domain and
# source that stand for the lists.
_KNOWN_KEYS = frozenset((*_ROW_FIELDS, *CSV_FIELDS, "source"))
# Characters in one cell (a CSV) or line (JSON Lines): a phrase is far shorter, and a
# row that is not is reported, not read into the bank.
MAX_ROW_CHARS = 1_000_000
# Commas and brackets in one JSON row: a phrase's items, its sources' fields (2,000 sources,
# 6,000) and what its texts hold of them (its fields hold at most a few 2,000 characters).
MAX_ROW_VALUES = 50_000
MAX_CSV_CELL_CHARS = 4 * MAX_ROW_CHARS  # the csv reader's bound (see _csv_rows)
# A line of CSV with its end (a cell in quotes may hold line ends: the reader joins its
# lines, as it does reading a file opened with newline="").
_CSV_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


@dataclass
class ImportReport:
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    untrusted: int = 0  # rows whose reviewed status was not taken (see import_phrases)
    # Rows whose change to a reviewed phrase (or to a field a maintainer decided) was not
    # taken: without --trust a file may not overrule a review.
    held_back: list[str] = field(default_factory=list)
    counts: MergeCounts = field(default_factory=MergeCounts)
    change: decisions.Change | None = None  # what the import changed, as logged for undo
    # The encoding the file was read in when it was not UTF-8 (GB18030, Big5, UTF-16):
    # told, so that a guess that read a short file wrong is seen, not imported in silence
    # (the full-size fuzz pass of stop 59, m1).
    encoding: str = ""
    # Lines of the bank's own files the loader could not take ("file:line: …"): kept
    # as they are, and said (an import had passed over them in silence: fuzz pass 40).
    bank_problems: list[str] = field(default_factory=list)


@dataclass
class _Row:
    """A good row: the phrase it gives, with its fields; the others as a new phrase has
    them."""

    number: int
    phrase: Phrase
    given: set[str]  # the fields of _ROW_FIELDS the row gives (not empty)
    first_only: set[str]  # sections / domains given only by their first (section, domain)


def import_phrases(bank_dir: str | os.PathLike[str], path: str | os.PathLike[str],
                   trust: bool = False) -> ImportReport:
    """Add the rows of ``path`` to the bank.  A new phrase's reviewed status (approved,
    rejected, merged) is taken only with ``trust``: otherwise an imported file could
    approve phrases no maintainer saw; such rows come in as candidates, and are counted
    in ``report.untrusted`` (a phrase the bank holds keeps its status, as on mining)."""
    path = Path(path)
    report = ImportReport()
    records = _read_rows(path, report)
    taxonomy = load_taxonomy(bank_dir)
    domains = load_domains(bank_dir)
    # The good rows as read, each made its phrase again as it is folded in: held as
    # phrases, with the bank they are folded into, an export of 56,000 phrases imported
    # back had taken 1.14 GB (fuzz re-check 75).
    rows: list[tuple[int, dict | str, bool]] = []  # (number, row, whether merged)
    unplaced: list[str] = []  # the texts of rows that give no domains
    given_on: dict[str, int] = {}  # phrase id → the row that gave it first
    text_chars = sources = added = logged = 0
    # What the bank holds, and the room its new rows have, known before a row is held:
    # a row of a phrase it holds (an export imported back) replaces a line, adding none.
    cost, held_ids = held_by_bank(bank_dir)
    for number, record, kept in records:
        try:
            if isinstance(record, str):
                raise ValueError(record)
            row = _row(number, record, taxonomy.keys, domains.keys, held_ids)
        except ValueError as exc:
            report.problems.append(f"{path}:{number}: {exc}")
            continue
        if (first := given_on.setdefault(row.phrase.id, number)) != number:
            # Two rows of one phrase (the same text and kind, or the same id): the later
            # had silently overruled the first, counted as an update.
            report.problems.append(f"{path}:{number}: {row.phrase.id}: the same phrase as "
                                   f"row {first}; this row was skipped")
            continue
        rows.append((number, kept, row.phrase.status == "merged"))
        if not row.phrase.domains:
            unplaced.append(row.phrase.text)
        # Each bound said as soon as the rows pass it, not once all are held: a 256 MB
        # file had been read whole, past 60 s and 1.5 GB, before one refused it (fuzz
        # re-check 73).
        text_chars += len(row.phrase.text)
        if text_chars > MAX_IMPORT_CHARS:
            raise DrafterError(f"{path}: over {MAX_IMPORT_CHARS:,} characters of text by row "
                               f"{number}, more than an import reads: split the file and "
                               "import each part; nothing was imported")
        sources += len(row.phrase.sources)
        if sources > MAX_IMPORT_SOURCES:
            raise DrafterError(f"{path}: {sources:,} sources by row {number}, more than an "
                               f"import reads ({MAX_IMPORT_SOURCES:,}): split the file and "
                               "import each part; nothing was imported")
        # What the log keeps for undo: a new phrase's fields, or a held one's before and
        # after, at most.  An import of 5,600 rows of long fields, each within its
        # bounds, had logged a line of 203 MB that undo then refused to read (fuzz
        # re-check 80, n15): the import said undo would take it back.
        line = phrase_line(row.phrase)
        logged += len(line.encode("utf-8")) * (1 if row.phrase.id not in held_ids else 2)
        if logged > MAX_LOGGED_BYTES:
            raise DrafterError(f"{path}: by row {number} the record undo keeps of this import "
                               f"would take over {MAX_LOGGED_BYTES // 1_000_000:,} MB, more "
                               "than undo reads: split the file and import each part; "
                               "nothing was imported")
        if row.phrase.id not in held_ids:
            added += 1
            if len(held_ids) + added > MAX_BANK_PHRASES:
                # (Said at the row, of the file: the write's refusal had advised splitting
                # the bank, fuzz re-check 75 n1.)
                raise DrafterError(f"{path}: with its new rows up to row {number} the bank "
                                   f"would hold over {MAX_BANK_PHRASES:,} phrases, more than "
                                   "a bank may hold: split the file and import each part "
                                   "into a bank of its own; nothing was imported")
            cost += held_cost(line)
            if cost > MAX_BANK_COST:
                raise DrafterError(f"{path}: with its new rows up to row {number} the bank "
                                   f"would take over {MAX_BANK_COST // 1_000_000:,} MB to "
                                   "hold, more than a bank may: split the file and import "
                                   "each part into a bank of its own; nothing was imported")
    if (given := sum(map(len, unplaced))) > MAX_GUESSED_CHARS:
        raise DrafterError(f"{path}: {given:,} characters of text in rows that give no "
                           f"domains, more than an import reads for them "
                           f"({MAX_GUESSED_CHARS:,}): give the rows their domains, or split "
                           "the file and import each part; nothing was imported")
    guessed = _guess_domains(bank_dir, unplaced)

    def fold(loaded, recorder) -> None:
        report.bank_problems = list(loaded.problems)
        damaged = damaged_ids(loaded)
        # Merged rows after the others: the phrase a row was merged into may come later
        # in the file (an export is sorted by id), and into a bank that did not yet hold
        # it, the row had been refused as merged into no phrase.
        for number, kept, _ in sorted(rows, key=lambda held: held[2]):
            row = _row(number, load_json(kept, _once_each) if isinstance(kept, str) else kept,
                       taxonomy.keys, domains.keys, held_ids)
            phrase = loaded.phrases.get(row.phrase.id)
            if phrase is None and row.phrase.id in damaged:
                report.problems.append(f"{path}:{row.number}: " + damaged_line_problem(
                    row.phrase.id, damaged[row.phrase.id]))
                continue
            if phrase is not None and phrase.kind != row.phrase.kind:
                report.problems.append(f"{path}:{row.number}: {phrase.id} is "
                                       f"{_a(phrase.kind)}, not {_a(row.phrase.kind)}")
                continue
            if trust and (problem := _merge_problem(loaded, row.phrase)):
                # Taken as given, it would drop out of use for a phrase there is none of
                # (lint named it only afterwards: fuzz re-check, stop 38).
                report.problems.append(f"{path}:{row.number}: {row.phrase.id}: {problem}")
                continue
            report.rows += 1
            if phrase is None:
                if report.counts.new >= MAX_NEW_PHRASES:
                    raise DrafterError(
                        f"{path}: an import adds at most {MAX_NEW_PHRASES:,} new phrases "
                        f"(row {row.number} is one more; the bank now holds "
                        f"{len(loaded.phrases) - report.counts.new:,}): split the file "
                        "and import each part; nothing was imported")
                if not row.phrase.domains:
                    row.phrase.domains = guessed[row.phrase.text]
                if not row.phrase.sources:  # it comes from the file imported
                    row.phrase.sources = [Source(path.name, row.number)]
                if row.phrase.status != "candidate" and not trust:
                    row.phrase.status = "candidate"
                    report.untrusted += 1
                if not trust:  # what a maintainer decided is taken with the status
                    row.phrase.decided, row.phrase.merged_into = [], ""
                recorder.add(row.phrase)
                report.counts.new += 1
                continue
            updated = _fold(phrase, row, trust)
            # (A text that differs only by the spaces at its edges, which import trims,
            # is the bank's own: a round trip had said it was held back, fuzz pass A of
            # stop 67, m10.)
            withheld = sorted(name for name in row.given - {"sources", "kind"}
                              if getattr(updated, name) != getattr(row.phrase, name)
                              and name not in row.first_only
                              and not (name == "text" and updated.text.strip() == row.phrase.text))
            if withheld and not trust:
                # (A candidate no maintainer has decided on is not reviewed: fuzz pass 65.)
                reviewed = phrase.status != "candidate" or phrase.decided
                kept = "as reviewed" if reviewed else "as the bank has it"
                report.held_back.append(f"{path}:{row.number}: {phrase.id}: "
                                        f"{', '.join(withheld)} kept {kept} (--trust "
                                        "takes the row's)")
            if updated.to_dict() == phrase.to_dict():
                report.counts.unchanged += 1
                continue
            recorder.touch(phrase)
            loaded.phrases[phrase.id] = updated
            report.counts.updated += 1

    report.change = decisions.apply_decision(bank_dir, f"import {path.name}", fold)
    return report


def _row(number: int, values: dict, sections: list[str], domains: list[str],
         held: Container[str]) -> _Row:
    """The row read from ``values`` (typed: a CSV's cells converted by _csv_values);
    ValueError says what is wrong with it.  ``held``: the ids of the bank's phrases."""
    if unknown := sorted(set(values) - _KNOWN_KEYS):
        # (A misspelt field had been dropped without a word: fuzz pass 40 n10.)
        raise ValueError(f"unknown field(s) {', '.join(map(repr, unknown))}")
    named, section, domain, source = (_string(values, name) for name in
                                      ("id", "section", "domain", "source"))
    given = {}
    for name in _ROW_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and name in ("text", "kind", "status"):
            value = value.strip()
        if value is not None and value != "" and value != []:  # (empty: not given)
            given[name] = value
    if "text" not in given:
        raise ValueError("missing text")
    if isinstance(given["text"], str) and shows_nothing(given["text"]):
        # (Only zero-width characters had come in as a phrase nobody could see: the
        # full-size fuzz pass of stop 59, m2.)
        raise ValueError("a text of only invisible characters (zero-width spaces, "
                         "joiners, a BOM) is no phrase")
    # (ESC ] 0; in a note had reached the terminal of a CSV export, fuzz pass 41; in a
    # source's file name, the review screen's, fuzz pass 42; a CR in the one file name
    # `source` gives, a CSV cell splitting its record, fuzz pass 68.)
    if past := past_field_bounds(given):
        raise ValueError(past)  # (first: it is the quick one to tell)
    for name, value in (*given.items(), ("source", source)):
        # (The field's strings looked through as one: a control character is one
        # character, found wherever they are joined.)
        if control := control_character("".join(strings_in(value)), name):
            raise ValueError(control)
    if isinstance(given["text"], str) and len(given["text"]) > MAX_PHRASE_CHARS:
        # (Lint's rule, kept at the door: it had come in, to be reported after.)
        raise ValueError(f"a text of {len(given['text']):,} characters is no phrase (at "
                         f"most {MAX_PHRASE_CHARS:,}: split it)")
    if "kind" not in given:
        raise ValueError("missing kind")
    # Every field checked as a phrase line's is (the id and first section stand in).
    phrase = Phrase.from_dict({"id": "-", "sections": ["unclassified"], **given})
    first_only = {name for name, first in (("sections", section), ("domains", domain))
                  if first and name not in given}
    phrase.sections = _ranked(section, phrase.sections if "sections" in given else [])
    phrase.domains = _ranked(domain, phrase.domains)
    given.update({"sections": phrase.sections, "domains": phrase.domains})
    if not phrase.domains:
        del given["domains"]
    if not phrase.sections:
        raise ValueError("no section type (give section or sections)")
    for key in phrase.sections:
        if key not in sections:
            raise ValueError(f"unknown section {key!r}")
    for key in phrase.domains:
        if key not in domains:
            raise ValueError(f"unknown domain {key!r}")
    # (A bank's own hand-made ids, which its loader takes, come back with its export: they
    # had been refused, every such row lost in the round trip, fuzz pass 81 m5.)
    if named and not ID_RE.fullmatch(named) and named not in held:
        raise ValueError(f"id {_shown(named)} is no phrase id (p and 10 hex digits) "
                         "nor one of this bank's")
    # The phrase of the id the row names (of an edited text too), or of its text.
    phrase.id = named or phrase_id(phrase.kind, phrase.text)
    phrase.score = max(0.0, min(1.0, phrase.score if "score" in given else 0.5))
    if source and "sources" not in given:
        phrase.sources = [Source(source, number)]
    if len(phrase.sources) > MAX_ROW_SOURCES:
        raise ValueError(f"{len(phrase.sources):,} sources; a row gives at most "
                         f"{MAX_ROW_SOURCES:,} (the most any phrase of the bundled bank has "
                         "is 1,563)")
    if bad := next((s for s in phrase.sources if s.broken), None):
        raise ValueError(f"a source needs a file and a position of 1 or more, not "
                         f"{_shown(bad.file)}#{bad.position}")
    if long := next((s for s in phrase.sources if len(s.path) > MAX_FIELD_CHARS), None):
        raise ValueError(f"a source's heading path of {len(long.path):,} characters; it "
                         f"holds at most {MAX_FIELD_CHARS:,} (the bundled bank's longest: 87)")
    if long := next((s for s in phrase.sources
                     if len(s.file.encode("utf-8", "surrogateescape")) > MAX_SOURCE_NAME_BYTES),
                    None):
        # A source names a file a phrase was mined from, and no file system names one
        # longer: 200,000 sources named with 255 Chinese characters each, within every
        # other bound, took a later mine and an undo past 1 GB (fuzz re-check 71).
        raise ValueError(f"a source's file name of {len(long.file):,} characters is longer "
                         f"than a file's name can be ({MAX_SOURCE_NAME_BYTES} bytes): "
                         f"{_shown(long.file)}")
    return _Row(number, phrase, set(given), first_only)


def _string(values: dict, name: str) -> str:
    value = values.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string, not {_shown(value)}")
    return value.strip()


def _ranked(first: str, keys: list[str]) -> list[str]:
    """``keys`` with ``first`` (when given) put first."""
    return ([first] if first else []) + [key for key in keys if key != first]


def _merge_problem(loaded, phrase: Phrase) -> str:
    """What is wrong with a merged phrase's target, as a row gives it ('' when nothing):
    merged into no phrase the bank holds, or into one itself out of use."""
    if phrase.status != "merged":
        return ""
    if not phrase.merged_into:
        return ("merged, but the row names no phrase it was merged into (give merged_into, "
                "or another status); nothing of the row was taken")
    target = loaded.phrases.get(phrase.merged_into)
    if target is None or target.id == phrase.id:
        return (f"merged into {phrase.merged_into}, which the bank has no "
                "other phrase of; nothing of the row was taken")
    if target.status in ("merged", "rejected"):
        return (f"merged into {target.id}, which is {target.status}; nothing of the row "
                "was taken")
    return ""


def _fold(phrase: Phrase, row: _Row, trust: bool = False) -> Phrase:
    """``phrase`` with what ``row`` gives of it, as mining it again would take it
    (store.fold_mined: a reviewed phrase, or a field a maintainer decided, keeps what
    it has), or with ``trust`` as the row gives it, the fields it changes recorded as
    decided; the fields the row does not give are kept."""
    incoming = Phrase.from_dict(phrase.to_dict())
    for name in row.given:
        value = getattr(row.phrase, name)
        if name in row.first_only:  # the first given: the others stay, ranked after it
            value = _ranked(value[0], getattr(phrase, name))
        setattr(incoming, name, value)
    # A source the row gives as file#position (a CSV) is the phrase's own, heading path
    # and all, not one more.
    known = {(s.file, s.position): s for s in phrase.sources}
    incoming.sources = [known.get((s.file, s.position), s) for s in row.phrase.sources]
    if incoming.text != phrase.text and incoming.text == phrase.text.strip():
        # The phrase's own text, but for the spaces at its edges that import trims (a
        # hand-edited line's; lint names them): no edit, and a round trip changes
        # nothing (fuzz pass A of stop 63, m1).
        incoming.text = phrase.text
    if trust:
        incoming.sources = kept_sources((*phrase.sources, *incoming.sources))
        incoming.decided = sorted(set(phrase.decided) | {
            name for name in DECIDABLE if name in row.given
            and getattr(incoming, name) != getattr(phrase, name)})
        return incoming
    updated = fold_mined(phrase, incoming)
    if "note" in row.given and phrase.status == "candidate" and "note" not in phrase.decided:
        # Mining writes no note, so fold_mined leaves it; a note on a phrase no one has
        # reviewed overrules no one (it had been held back "as the bank has it": fuzz
        # pass 66 m-9).
        updated.note = incoming.note
    if updated.text != phrase.text and "text" not in updated.decided:
        # The row's text for the phrase of its id is a person's edit: re-mining the
        # phrase must not take it back.
        updated.decided.append("text")
    return updated


def _guess_domains(bank_dir: str | os.PathLike[str], texts: list[str]) -> dict[str, list[str]]:
    """The ranked domains the classifier reads in each text."""
    if not texts:
        return {}
    texts = list(dict.fromkeys(texts))
    verdicts = PassageClassifier.load(bank_dir).classify(texts)
    return {text: [key for key, _ in verdict.domains]
            for text, verdict in zip(texts, verdicts, strict=True)}


# Bytes of a file import reads (the bundled bank's own export is 77 MB).  It is decoded
# whole, and a text holding one character outside the BMP (an emoji) takes four bytes a
# character: 240 MB had taken an import to 1.2 GB, 200 MB of GB18030 to 2.0 GB (fuzz pass
# A of stop 68).  At this bound such a file peaks near 500 MB.
MAX_IMPORT_BYTES = 100 * 1024 * 1024
IMPORT_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json")  # what import reads, by name
MAX_IMPORT_ROWS = 120_000  # (149,990 rows imported in 754 MB, but their undo took 1,064)
# New phrases one import may add: the bank grows by them, and every later command holds
# it whole.  119,990 new rows into the bundled bank took 1,121 MB to import and 1,264 MB to
# undo; 50,000 took 791 and 869 (stop 38).  Updates (a full export imported back) are not
# counted.
MAX_NEW_PHRASES = 50_000
# Characters of text one import may give: each new one is read for its domain.  20,000
# texts of 2,000 characters took 38 s to import (fuzz re-check 69); the bundled bank's
# texts, all of them, are 8.9 million, so a full export imports back whole.
MAX_IMPORT_CHARS = 12_000_000
# The bytes an import may log for its undo: what undo reads of one decision, less room
# for the JSON around each phrase's fields.
MAX_LOGGED_BYTES = decisions.MAX_DECISION_BYTES * 9 // 10
# …of which rows giving no domains, each read for its domains, at most MAX_GUESSED_CHARS
# (an export gives every row its domains).
# Sources one row, and one import, may give: 100 rows of 20,000 sources each took an
# import to 1.3 GB and a later review past 1.6 GB, to a MemoryError (fuzz re-check 69).
# The bundled bank's phrases have 145,297 sources in all, 1,563 at most on one.
MAX_ROW_SOURCES = MAX_PHRASE_SOURCES
MAX_IMPORT_SOURCES = 200_000
MAX_SOURCE_NAME_BYTES = 255  # a file's name, as Linux, macOS and Windows allow it


def _read_rows(path: Path, report: ImportReport
               ) -> Iterator[tuple[int, dict | str, dict | str | None]]:
    """(line, row, kept) for each row of the file, a row as read or what is wrong with
    it, one at a time: the rows of a 90,000-phrase export held at once as dicts had taken
    an import past 1 GB (fuzz pass, stop 37).  ``kept``: what to hold of a good row to
    read it again (its line of JSON, a CSV row's cells).  A file not in UTF-8 sets
    ``report.encoding``."""
    if path.suffix.lower() not in IMPORT_SUFFIXES:
        # (A .tsv had been read as JSON Lines: "not JSON" on its first line.)
        raise DrafterError(f"{path}: import reads CSV (.csv) or JSON Lines "
                           f"({', '.join(s for s in IMPORT_SUFFIXES if s != '.csv')}); "
                           "save the rows as one of them")
    data = read_regular_file(path, MAX_IMPORT_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A CSV saved from a spreadsheet on Chinese Windows is GB18030, or UTF-16: read
        # as speeches are, but only whole (a phrase is never stored with U+FFFD in it).
        from drafter.corpus.read import decode_text

        try:
            text, encoding = decode_text(data, str(path))
        except UnreadableFile as unreadable:
            raise DrafterError(f"{path}: not UTF-8 text (byte {exc.start}), and "
                               f"{unreadable.reason}") from None
        if "\ufffd" in text:
            raise DrafterError(f"{path}: not UTF-8 text (byte {exc.start}), nor wholly "
                               f"{encoding}; save it as UTF-8") from None
        report.encoding = encoding
    del data
    # (Lines ended by a bare CR, as old Macs write them, counted too: the reader takes
    # them as rows, and 1.5 million had passed a count of LFs: fuzz pass 53.)
    bare_cr = text.count("\r") - text.count("\r\n")
    if (lines := text.count("\n") + bare_cr + (not text.endswith(("\n", "\r")))
            ) > MAX_IMPORT_ROWS and (bare_cr or sum(
            1 for line in _lines(text) if line.strip()) > MAX_IMPORT_ROWS):
        # 300,000 rows had taken 74 s and 3.2 GB; a file this long is split first.
        raise DrafterError(f"{path}: {lines:,} lines; an import takes at most "
                           f"{MAX_IMPORT_ROWS:,} rows (the bundled phrasebank is about 90,000): "
                           "split the file and import each part")
    if path.suffix.lower() == ".csv":
        for number, record in _csv_rows(path, text):
            yield number, record, record
        return
    # (split at line feeds only: a JSON string may hold U+2028 or U+0085 as it is)
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        if len(line) > MAX_ROW_CHARS:
            yield number, (f"a line of more than {MAX_ROW_CHARS:,} characters is no "
                           "phrase"), None
            continue
        if (values := line.count(",") + line.count("[")) > MAX_ROW_VALUES:
            # Told before it is parsed: 262 rows of 326,000 empty lists each had taken
            # past 60 s to parse and refuse (fuzz re-check 75).
            yield number, (f"a line of {values:,} values or more is no phrase (a phrase "
                           f"holds at most {MAX_PHRASE_ITEMS} items and "
                           f"{MAX_ROW_SOURCES:,} sources)"), None
            continue
        try:
            row = load_json(line, _once_each)
        except json.JSONDecodeError as exc:
            yield number, f"not JSON ({exc.msg})", None
            continue
        yield number, (row if isinstance(row, dict) else "not a JSON object"), line


def _once_each(pairs: list[tuple[str, Any]]) -> dict:
    """A row's object, refused when it names a field twice, as the bank's loader refuses
    a line that does (json keeps the last value without a word: an import had taken
    {"text": "a1", "text": "b2"} as b2, fuzz pass 42)."""
    if twice := keys_given_twice(pairs):
        raise json.JSONDecodeError(f"field given twice: {', '.join(sorted(twice))}", "", 0)
    return dict(pairs)


def _lines(text: str) -> Iterator[str]:
    """``text`` split at line feeds, a line at a time (not a list of them all)."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _a(word: str) -> str:
    """``word`` with its indefinite article (an idiom, a golden: fuzz pass 45 q2)."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _some(names: list[str], shown: int = 5) -> str:
    """The first ``shown`` of ``names``, quoted and cut short, and how many more."""
    said = ", ".join(repr(name[:40]) for name in names[:shown])
    return said + (f" and {len(names) - shown:,} more" if len(names) > shown else "")


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, dict | str]]:
    # Lines cut from the text one at a time: a StringIO of it had held it again at four
    # bytes a character (a 200 MB cell: MemoryError at 1.7 GB, fuzz pass 52).
    long_lines: list[int] = []  # physical lines past MAX_CSV_CELL_CHARS, by number

    def lines() -> Iterator[str]:
        # A line longer than any row (200 million commas had been split into as many
        # cells: MemoryError at 1.88 GB, fuzz pass 53) is given the reader as an empty
        # line, and said.
        for number, match in enumerate(_CSV_LINE_RE.finditer(text), start=1):
            line = match.group()
            if len(line) > MAX_CSV_CELL_CHARS:
                long_lines.append(number)
                line = "\n"
            yield line

    reader = csv.reader(lines())
    # The csv module's own cell limit (131,072 characters) had stopped the whole import
    # at the row past it: it is raised, so that a cell over MAX_ROW_CHARS is that row's
    # problem alone, to a bound the cell being read is held within (a cell past it is
    # not valid CSV: the reader builds a cell at four bytes a character).
    limit = csv.field_size_limit(MAX_CSV_CELL_CHARS)
    try:
        try:
            header = [name.strip() for name in next(reader, [])]
        except csv.Error as exc:
            raise DrafterError(f"{path}:1: not valid CSV ({exc})") from None
        missing = {"text", "kind"} - set(header)
        if not {"section", "sections"} & set(header):
            missing.add("section")
        if missing:
            raise DrafterError(f"{path}: CSV needs the columns {', '.join(sorted(missing))}")
        # A misspelt column (speakr) had been dropped from every row, and of two columns
        # of one name the last had won, without a word (fuzz pass 40 n10).
        # (Counted once: header.count for each name had made a header of 100,000
        # columns take minutes, and the message named every one: fuzz pass 45 N4.)
        counts = Counter(name for name in header if name)
        if twice := sorted(name for name, n in counts.items() if n > 1):
            raise DrafterError(f"{path}:1: column {_some(twice)} given twice")
        if unknown := [name for name in counts if name not in _KNOWN_KEYS]:
            raise DrafterError(f"{path}:1: unknown column(s) {_some(unknown)}; "
                               f"the columns are {', '.join(CSV_FIELDS)}")
        while True:
            number = reader.line_num + 1  # (the line the row starts on)
            try:
                cells = next(reader)
            except StopIteration:
                cells = None
            except csv.Error as exc:  # (the line is passed over)
                if "field larger" in str(exc):
                    # The reader stops inside the cell: where its rows end is lost, and
                    # the cell's own lines had been read as rows, one of them imported
                    # (fuzz pass 53).  The rest of the file is left unread.
                    yield number, (f"a cell of more than {MAX_CSV_CELL_CHARS:,} characters "
                                   "(no phrase is that long); the rows after it were not "
                                   "read: split the file or fix the cell")
                    return
                yield number, f"not valid CSV ({exc})"
                continue
            while long_lines:
                yield long_lines.pop(0), (f"a line of more than {MAX_CSV_CELL_CHARS:,} "
                                        "characters is no row of phrases")
            if cells is None:
                return
            if not cells:
                continue
            too_long = [name for name, cell in zip(header, cells, strict=False)
                        if len(cell) > MAX_ROW_CHARS]
            if too_long:
                yield number, (f"the {too_long[0]} cell holds more than {MAX_ROW_CHARS:,} "
                               "characters; no phrase is that long")
                continue
            if reader.line_num > number and len(cells) == len(header) and sum(
                    map(_line_breaks, cells)) == reader.line_num - number:
                # A cell of several lines, its quote closed (a spreadsheet's Alt+Enter):
                # it had been called a quote left open (fuzz pass 44, m6; a bare CR,
                # fuzz pass A of stop 67, m6).
                multi = next(name for name, cell in zip(header, cells, strict=False)
                             if _line_breaks(cell))
                yield number, (f"the {multi} cell runs over lines {number}-{reader.line_num}; "
                               "a phrase is one line: join its lines")
                continue
            if reader.line_num > number:
                # No cell of a phrase holds a line break: a row over several lines is a
                # quote left open, which took the rows after it in (they had gone
                # without a word, the row said to hold a control character).
                swallowed = (f"line {reader.line_num} was" if reader.line_num == number + 1
                             else f"lines {number + 1}-{reader.line_num} were")
                yield number, (f"a quote opened on this line runs on to line "
                               f"{reader.line_num}: {swallowed} read into it, not as rows; "
                               "close the quote")
                continue
            if extra := [cell for cell in cells[len(header):] if cell.strip()]:
                # Cells past the header's columns (a comma in a text left unquoted had
                # shifted the row, its rest dropped without a word: fuzz pass 54).
                # Spreadsheets' trailing empty cells are no such thing.
                yield number, (f"{len(cells)} cells in a row of {len(header)} columns "
                               f"(past them: {_cut_cell(extra[0])!r}); a comma inside a "
                               "text must be in quotes")
                continue
            try:
                values = _csv_values(dict(zip(header, cells, strict=False)))
            except ValueError as exc:
                yield number, str(exc)
                continue
            yield number, values
    finally:
        csv.field_size_limit(limit)


def _line_breaks(cell: str) -> int:
    """The line breaks in a cell, as _CSV_LINE_RE ends lines: LF, CR, or CR LF."""
    return cell.count("\n") + cell.count("\r") - cell.count("\r\n")


def _cut_cell(cell: str, shown: int = 20) -> str:
    return cell if len(cell) <= shown else f"{cell[:shown]}…"


def _csv_values(cells: dict[str, str]) -> dict:
    """A CSV row's cells as the typed values of a JSON Lines row: the ranked keys of
    ``sections`` and ``domains`` split at spaces, ``score`` a number, ``sources`` the
    file#position pairs export writes."""
    values: dict = {name: _from_cell(cell) for name, cell in cells.items()}
    for name in ("sections", "domains"):
        if name in values:
            values[name] = values[name].split()
    score = values.get("score", "").strip()
    if score:
        try:
            values["score"] = float(score)
        except ValueError:
            raise ValueError(f"score must be a number, not {_shown(score)}") from None
    else:
        values.pop("score", None)
    # (Spaces around the cell are taken off before its apostrophe: a source named
    # " =x.txt" came back as "=x.txt", a second source of the phrase, fuzz pass 81 m6.)
    sources = _from_cell(cells.get("sources", "").strip())
    if sources:
        pairs = [part.rpartition("#")[::2] for part in sources.split("; ")]
        if not all(file and position.isascii() and position.isdigit()
                   for file, position in pairs):
            raise ValueError(f"sources must be file#position, separated by '; ', not "
                             f"{_shown(sources)}")
        values["sources"] = [{"file": unquote(file), "position": int(position)}
                             for file, position in pairs]
    return values


def _sources_cell(sources) -> str:
    """A phrase's sources as one CSV cell: file#position, separated by '; '.  In a file's
    name, %, #, ; and the spaces at its ends are written as %25, %23, %3B and %20, so
    that the cell reads back as written: a corpus file named 通知#3; 附件.txt had come
    back as three sources, two of them invented, and one named " h.txt" as a second
    source "h.txt" (fuzz pass A of stop 63, M3)."""
    return "; ".join(f"{_quoted_file(s.file)}#{s.position}" for s in sources)


def _quoted_file(name: str) -> str:
    quoted = name.replace("%", "%25").replace("#", "%23").replace(";", "%3B")
    stripped = quoted.strip()
    if stripped != quoted:
        start = quoted.index(stripped[0]) if stripped else len(quoted)
        end = start + len(stripped)
        quoted = (quote(quoted[:start], safe="") + stripped
                  + quote(quoted[end:], safe=""))
    return quoted


def export_phrases(bank_dir: str | os.PathLike[str], fmt: str = "jsonl",
                   status: str | None = None, section: str | None = None,
                   problems: list[str] | None = None) -> str:
    """The phrases as JSON Lines or CSV; the lines the loader cannot take, which are
    not among them, are added to ``problems`` as "file:line: what is wrong"."""
    loaded = load_phrases(bank_dir)
    if problems is not None:
        problems += loaded.problems
    phrases = sorted(loaded.phrases.values(), key=lambda p: p.id)
    phrases = [p for p in phrases if (not status or p.status == status)
               and (not section or p.section == section)]
    if fmt == "jsonl":
        return "".join(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
                       for p in phrases)
    out = io.StringIO()
    # Records end in CRLF, as RFC 4180 and spreadsheets have them: a cell holding a bare
    # CR is then quoted, where with LF alone it was not, and a spreadsheet ended the
    # record there, the rest of the cell (=1+2 of a mined file's name) a new one's first
    # cell, a formula (fuzz pass 68).
    # Every text cell quoted (the score alone is a number): a spreadsheet that splits
    # records at semicolons, as it does in locales with a decimal comma, had split a
    # note "x;@SUM(1)" and run its second part as a formula (fuzz pass 72 n3).
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n",
                            quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    for p in phrases:
        row = {"id": p.id, "text": p.text, "kind": p.kind, "section": p.section,
               "sections": " ".join(p.sections), "domain": p.domain or "",
               "domains": " ".join(p.domains), "status": p.status,
               # (+ 0.0: a score of -0.0, which the loader takes as 0, had opened its
               # cell with a bare minus sign, fuzz pass A of stop 67.)
               "score": round(p.score, 3) + 0.0, "speaker": p.speaker, "note": p.note,
               "sources": _sources_cell(p.sources), "merged_into": p.merged_into}
        writer.writerow({key: _to_cell(value) for key, value in row.items()})
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (a corpus file
# named =HYPERLINK(…).txt is enough); OWASP's rule: such a cell gets a leading apostrophe,
# which spreadsheets show as text and import takes off again.
# (Their full-width forms too, which an input method may type and a spreadsheet may read
# as the ASCII ones: fuzz pass 68 m10.)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# What a spreadsheet may trim or not show before a cell's first visible character: format
# characters (U+200B, U+FEFF, U+202E), control characters (NUL: fuzz pass 69) and marks
# that combine with nothing (U+034F, U+17B4: fuzz pass 68 m10).
_UNSEEN_CATEGORIES = frozenset({"Cf", "Cc", "Mn"})


def _opens_formula(text: str) -> bool:
    """Whether ``text`` starts a formula once what a spreadsheet may trim or not show is
    taken off its front: any space or line break (a no-break, thin or full-width space,
    VT, FF, NEL, U+2028) and any character of _UNSEEN_CATEGORIES: fuzz passes 65, 66, 68
    and 69 found = behind each of them left as it was."""
    start = 0
    while start < len(text) and not text.startswith(_FORMULA_START, start) and (
            text[start].isspace() or unicodedata.category(text[start]) in _UNSEEN_CATEGORIES):
        start += 1
    return text.startswith(_FORMULA_START, start)


def _to_cell(value: object) -> object:
    # (A text that itself opens with the apostrophe before such a start, '=…, gets one
    # more, which import takes off: it had lost its own on a round trip, fuzz pass 44.)
    if isinstance(value, str) and (_opens_formula(value) or (
            value.startswith("'") and _opens_formula(value.lstrip("'")))):
        return "'" + value
    return value


def _from_cell(value: object) -> object:
    if (isinstance(value, str) and value.startswith("'")
            and _opens_formula(value.lstrip("'"))):
        return value[1:]
    return value
