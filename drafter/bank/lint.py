"""Checks a phrasebank must pass before it ships: every problem named with its phrase."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from drafter.bank.mine import PARAGRAPH_LENGTH
from drafter.bank.model import (
    KINDS,
    MAX_PHRASE_CHARS,
    MAX_PHRASE_SOURCES,
    PLACEHOLDER_RE,
    control_character,
    normalise,
    past_field_bounds,
)
from drafter.bank.store import (
    LINE_ID_RE,
    PHRASES_DIR,
    committed_files,
    parse_lines,
    read_lines,
)
from drafter.bank.taxonomy import DOMAINS_FILE, TAXONOMY_FILE, load_domains, load_taxonomy
from drafter.corpus.clean import furniture_reason
from drafter.corpus.news import reports_event
from drafter.errors import DrafterError
from drafter.text.sentences import split_sentences
from drafter.text.variant import looks_traditional

# Text no phrase should contain: links, markup or broken characters (page furniture is
# corpus.clean.furniture_reason's to tell: 会员 is furniture in 开通会员, not in 会员国).
_JUNK_RE = re.compile(r"https?://|www\.|ICP\s*[备证]|\ufffd|<[A-Za-z/!]|&[a-z]+;")


@dataclass(frozen=True)
class LintProblem:
    where: str  # file:line of the phrase or line, or the file
    rule: str
    message: str
    phrase: str = ""  # the phrase's id, when the problem is a phrase's

    def __str__(self) -> str:
        of = f"{self.phrase}: " if self.phrase else ""
        return f"{self.where}: {of}{self.rule}: {self.message}"


def lint_bank(bank_dir: str | os.PathLike[str]) -> list[LintProblem]:
    with committed_files(bank_dir) as files:
        lines = read_lines(files)
    loaded = parse_lines(bank_dir, lines)
    problems = [LintProblem(where, "not-read" if what.startswith("not read: ") else
                            "broken-line", what.removeprefix("not read: "))
                for where, what in (p.split(": ", 1) for p in loaded.problems)]
    problems += _files_beside(bank_dir)
    taxonomy = load_taxonomy(bank_dir)
    domains = load_domains(bank_dir)
    phrase_lines = _phrase_lines(bank_dir, lines)
    line_of: dict[str, str] = {}  # each phrase id's first line, as file:line
    for where, phrase_id, _ in phrase_lines:
        line_of.setdefault(phrase_id, where)
    problems += _filled_on_write(phrase_lines, loaded.phrases)
    by_text: dict[tuple[str, str], list[str]] = defaultdict(list)
    for phrase in loaded.phrases.values():
        problems += [LintProblem(line_of.get(phrase.id, phrase.id), p.rule, p.message,
                                 phrase.id) for p in _phrase_problems(phrase, taxonomy,
                                                                      domains, loaded)]
        if phrase.status not in ("rejected", "merged"):
            by_text[(phrase.kind, normalise(phrase.text))].append(phrase.id)
    for (kind, _), ids in by_text.items():
        if len(ids) > 1:
            problems.append(LintProblem(line_of.get(ids[0], ids[0]), "duplicate",
                                        f"same {kind} text as {', '.join(ids[1:])}", ids[0]))
    return problems


# Fields a phrase line may leave out, and what the next write of its file puts there: a
# line without a score had been given 0.0 by a review of another phrase, and lint had said
# nothing of it (fuzz pass 81 m9).
_FILLED_ON_WRITE = {"status": "candidate", "score": 0.0}
_FIELD_KEY_RE = {name: re.compile(f'"{name}"\\s*:') for name in _FILLED_ON_WRITE}


def _filled_on_write(phrase_lines: list[tuple[str, str, str]], phrases: dict
                     ) -> list[LintProblem]:
    """The phrase lines that leave out a field the next write fills in."""
    return [LintProblem(where, "filled-on-write", f"no {name}: the next write of this file "
                        f"gives it {default!r}; give it one", phrase_id)
            for where, phrase_id, line in phrase_lines if phrase_id in phrases
            for name, default in _FILLED_ON_WRITE.items()
            if not _FIELD_KEY_RE[name].search(line)]


def _phrase_lines(bank_dir: str | os.PathLike[str], lines: dict[str, list[str]]
                  ) -> list[tuple[str, str, str]]:
    """(file:line, phrase id, line) of each line naming a phrase id, in the files' order:
    where a problem of a phrase is, found in the file without searching."""
    folder = Path(bank_dir) / PHRASES_DIR
    return [(f"{folder / stem}.jsonl:{number}", match.group(1), line)
            for stem, file_lines in lines.items()
            for number, line in enumerate(file_lines, start=1)
            if (match := LINE_ID_RE.search(line))]


def _files_beside(bank_dir: str | os.PathLike[str]) -> list[LintProblem]:
    """The files beside the phrases that cannot be read: the dictionary the phrases are
    cut with, the fingerprints 查重 reads (a damaged one had turned it off in silence)."""
    from drafter.bank.fingerprints import index_problem
    from drafter.bank.words import BAD_COUNT, DICTIONARY_FILE, load_dictionary

    problems = []
    if found := index_problem(bank_dir):
        where, why = found.split(": ", 1)
        problems.append(LintProblem(where, "damaged-file", f"{why}; copies of corpus "
                                    "speeches are not found by check until a mine rewrites it"))
    for name in (TAXONOMY_FILE, DOMAINS_FILE):
        if (path := Path(bank_dir) / name).exists() and not path.is_file():
            # (Read as missing: the bundled file's types stand in for it, unsaid.)
            problems.append(LintProblem(str(path), "damaged-file", "not a file; the bundled "
                                        f"{name} is used in its place"))
    # What the phrases folder holds that no command reads (talent.JSONL, a sub-folder):
    # its phrases had been left out without a word (fuzz pass 39).  Staged files of a
    # write in progress (.name.tmp) are the commit's own.
    folder = Path(bank_dir) / PHRASES_DIR
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or (entry.suffix == ".jsonl" and entry.is_file()):
                continue
            problems.append(LintProblem(str(entry), "not-read", "not a phrase file (a "
                                        "phrase file is <section>.jsonl): no command reads "
                                        "it; rename it or move it out"))
    # The bank's own stale rules, which check, outline and export read: a broken one is
    # theirs to stop at (fuzz pass 44: lint had found 0 problems in such a bank).
    from drafter.check.stale import RULES_FILE, rules_file_problem

    rules = Path(bank_dir) / RULES_FILE
    if os.path.lexists(rules) and (problem := rules_file_problem(rules)):
        problems.append(LintProblem(str(rules), "damaged-file",
                                    problem.removeprefix(f"{rules}: ")))
    from drafter.bank.review import LOG_FILE, damaged_log_lines

    log = Path(bank_dir) / LOG_FILE
    if os.path.lexists(log) and not log.is_file():
        problems.append(LintProblem(str(log), "damaged-file", "not a file; the review log "
                                    "is a text file, and nothing can be undone"))
    else:
        problems += [LintProblem(f"{log}:{number}", "damaged-log-line", "no decision (a "
                                 "hand edit, a damaged disk or a git conflict); review "
                                 "keeps it as it is and undo passes over it; fix or remove it")
                     for number in damaged_log_lines(bank_dir)]
    dictionary = Path(bank_dir) / DICTIONARY_FILE
    if dictionary.exists() and not dictionary.is_file():
        problems.append(LintProblem(str(dictionary), "damaged-file",
                                    "not a file; the dictionary is a text file"))
    else:
        try:
            unread: list[str] = []
            load_dictionary(bank_dir, unread)
            for problem in unread:
                where, why = problem.split(": ", 1)
                problems.append(LintProblem(
                    where, "bad-count" if BAD_COUNT in why else "not-a-word", why))
        except DrafterError as exc:
            where, why = str(exc).split(": ", 1)
            problems.append(LintProblem(where, "damaged-file", why))
        except OSError as exc:
            problems.append(LintProblem(str(dictionary), "damaged-file",
                                        f"cannot read ({exc.strerror or exc})"))
    return problems


def _phrase_problems(phrase, taxonomy, domains, loaded) -> list[LintProblem]:
    """What is wrong with one phrase (each problem's ``where`` is its id)."""
    problems: list[LintProblem] = []
    where = phrase.id
    if phrase.kind not in KINDS:
        problems.append(LintProblem(where, "unknown-kind", phrase.kind))
    unknown = [s for s in phrase.sections if s not in taxonomy]
    if unknown:
        problems.append(LintProblem(where, "unknown-section", ", ".join(unknown)))
    if not phrase.domains:
        problems.append(LintProblem(where, "no-domain", "the phrase has no domains "
                                    "(mine again, or set them with review --domain)"))
    elif unknown := [d for d in phrase.domains if d not in domains]:
        problems.append(LintProblem(where, "unknown-domain", ", ".join(unknown)))
    if phrase.status not in ("rejected", "merged"):
        problems += _text_problems(phrase)
    if not phrase.sources:
        problems.append(LintProblem(where, "no-provenance", "the phrase has no source"))
    if broken := [s for s in phrase.sources if s.broken]:
        # (Saying which: a source at position 0 had read as one without a position.)
        problems.append(LintProblem(where, "broken-provenance", "; ".join(
            f"source {s.file or '(no file)'} #{s.position}: it names no file, or a "
            "position below 1 (positions count from 1)" for s in broken)))
    if problem := control_character(phrase.text):
        problems.append(LintProblem(where, "control-character",
                                    f"{problem} (set it with review --text)"))
    for field, value in (("note", phrase.note), ("speaker", phrase.speaker)):
        if problem := control_character(value, field):
            hint = "set it with review --note" if field == "note" else "edit the phrase line"
            problems.append(LintProblem(where, "control-character", f"{problem} ({hint})"))
    if phrase.text != phrase.text.strip():
        # (Written in by hand: mining, review --text and import trim them.  A leading
        # full-width space, an indent, is no part of the phrase in a draft.)
        problems.append(LintProblem(where, "edge-space", "the text starts or ends with "
                                    "a space or line break (set it with review --text)"))
    if len(normalise(phrase.text)) < 2 or _JUNK_RE.search(phrase.text):
        problems.append(LintProblem(where, "junk", phrase.text[:40]))
    # A phrase written in by hand past what import takes (fuzz re-check 73: notes of a
    # million characters had passed lint without a word, and taken a mine to 1.12 GB).
    if past := past_field_bounds(phrase.to_dict()):
        problems.append(LintProblem(where, "too-large", f"{past}; shorten it"))
    if len(phrase.sources) > MAX_PHRASE_SOURCES:
        problems.append(LintProblem(where, "too-large", f"{len(phrase.sources):,} sources; "
                                    f"a phrase keeps at most {MAX_PHRASE_SOURCES:,}: "
                                    "remove the rest"))
    if len(phrase.text) > MAX_PHRASE_CHARS:
        problems.append(LintProblem(where, "too-long", f"{len(phrase.text):,} characters; "
                                    "a phrase is at most a paragraph (mining keeps "
                                    f"{PARAGRAPH_LENGTH[1]}): split it or reject it"))
    if phrase.status == "approved" and PLACEHOLDER_RE.search(phrase.text):
        problems.append(LintProblem(where, "placeholder", f"approved phrase keeps a "
                                    f"placeholder: {phrase.text[:40]}"))
    if phrase.status == "merged" and phrase.merged_into not in loaded.phrases:
        # (Said, whether it names no phrase or one not in the bank: the message had been
        # empty for a merge with no target, fuzz pass 68.)
        problems.append(LintProblem(where, "dangling-merge", (
            f"merged into {phrase.merged_into}, which is not in the bank" if phrase.merged_into
            else "merged into no phrase (merged_into is missing)")))
    elif phrase.status == "merged" and (
            into := loaded.phrases[phrase.merged_into]).status in ("merged", "rejected"):
        # Merged into a phrase out of use itself (a chain, or two merged into each
        # other): the text is used nowhere, though no one rejected it.
        problems.append(LintProblem(where, "merge-chain", (
            "merged into itself: its text is used nowhere (approve or reject it)"
            if into is phrase else
            f"merged into {into.id}, which is {into.status}"
            + (f" into {into.merged_into}" if into.status == "merged" else ""))))
    return problems


def _text_problems(phrase) -> list[LintProblem]:
    """What slipped through cleaning: page furniture, a reporter's account of an event,
    text in traditional characters."""
    out = []
    reason = furniture_reason(phrase.text)
    if reason:
        out.append(LintProblem(phrase.id, "furniture", f"{reason}: {phrase.text[:40]}"))
    elif phrase.kind != "quote" and reports_event(split_sentences(phrase.text)[0]):
        out.append(LintProblem(phrase.id, "narration",
                               f"a report of an event, not a speech: {phrase.text[:40]}"))
    if looks_traditional(phrase.text):
        out.append(LintProblem(phrase.id, "traditional",
                               f"traditional characters: {phrase.text[:40]}"))
    return out
