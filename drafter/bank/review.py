"""A maintainer's decisions on phrases: status, edits, re-tags (section types and
domains), merges, on one phrase or on many at once, and taking them back.

Each decision records the field it set in the phrase's ``decided`` list, which
re-mining respects (store.merge_mined), and is written atomically under the lock: a
bulk decision on thousands of phrases is one write of the bank.  What a decision
changed (each field before and after) is a Change, kept in the bank's decision log
(``.review-log.jsonl``, the last LOG_KEEP of them) so that the command line can undo
it as well as the review screen.  An import of phrases (bank.transfer) is logged as a
decision too: the phrases it added are taken out again by its undo.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from drafter.bank.model import (
    MAX_FIELD_CHARS,
    MAX_PHRASE_CHARS,
    STATUSES,
    Phrase,
    control_character,
    kept_sources,
)
from drafter.bank.store import (
    CONFLICT_MARKERS,
    REVIEW_LOG_FILE,
    LoadedBank,
    bank_lock,
    committed_files,
    load_phrases,
    phrase_line,
    save_phrases,
)
from drafter.errors import DrafterError
from drafter.progress import report
from drafter.text.chars import shows_nothing

LOG_FILE = REVIEW_LOG_FILE
LOG_KEEP = 50  # decisions the log remembers for undo


class ReviewError(DrafterError):
    """A decision that cannot be applied (unknown id, unknown status …)."""


@dataclass
class Change:
    """What one decision changed: for each phrase id, the fields it changed, as they
    were (``before``) and as they are (``after``); a field absent from a phrase is None.
    Empty (false) when the phrases already were as decided."""

    label: str
    # (Read from the log, a large decision's are _RawFields: each phrase's fields parsed
    # when asked for.)
    before: Mapping[str, dict] = field(default_factory=dict)
    after: Mapping[str, dict] = field(default_factory=dict)
    key: str = field(default_factory=lambda: str(time.time_ns()))
    # Every phrase the decision touched, as it left them (not logged): the screen shows
    # them at once without reading the bank again.
    phrases: dict[str, Phrase] = field(default_factory=dict, repr=False, compare=False)
    # The lines of the bank the loader could not take ("file:line: what"), kept as they
    # were by the write: the command says them so that no decision hides them.
    problems: list[str] = field(default_factory=list, repr=False, compare=False)
    # How many phrases the decision was for (not logged; None when not known): those it
    # left as they were are "already so" too.
    asked: int | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.after)

    def summary(self) -> str:
        """How many phrases it changed, as a person counts them: a phrase that already
        had the decided values (rejected again) is only marked as decided by a person,
        and is said apart ("2 changed, 1 already so"), as is one decided so before
        (left untouched: 41 rejected phrases a rule matched again had been counted
        nowhere, fuzz pass 3 of stop 69, A-m1)."""
        values = sum(1 for fields in self.after.values() if set(fields) - {"decided"})
        already = (self.asked if self.asked is not None else len(self)) - values
        return f"{values} changed" + (f", {already} already so" if already else "")

    def to_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "before": dict(self.before),
                "after": dict(self.after)}

    @classmethod
    def from_dict(cls, data: dict) -> Change:
        """The change a decision of the log holds; ValueError (or KeyError, TypeError)
        for one undo could not apply: a phrase's fields that are no object, or a phrase
        changed with no state before it (a hand edit had ended undo in a traceback)."""
        before, after = (data[name] if isinstance(data[name], _RawFields)
                         else dict(data[name]) for name in ("before", "after"))
        if set(before) != set(after):
            raise ValueError("the phrases changed differ before and after")
        if not all(isinstance(raw, _RawFields) or all(isinstance(v, dict) for v in raw.values())
                   for raw in (before, after)):
            raise ValueError("a phrase's fields are no object")
        return cls(str(data["label"]), before, after, str(data["key"]))


class _RawFields(Mapping):
    """Each phrase's fields of a decision read from the log, kept as their JSON text
    and parsed one phrase at a time as asked for.  Parsed whole, the decision of an
    import of 49,600 phrases (a line of 43 MB) held 470 MB, and its undo took 1.18 GB
    (fuzz re-check 76)."""

    def __init__(self, raw: dict[str, str]):
        self._raw = raw

    def __getitem__(self, phrase_id: str) -> dict:
        return json.loads(self._raw[phrase_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def decide(bank_dir: str | os.PathLike[str], phrase_id: str, *, status: str | None = None,
           text: str | None = None, sections: list[str] | None = None,
           domains: list[str] | None = None,
           note: str | None = None, merge_into: str | None = None,
           known_sections: list[str] | None = None,
           known_domains: list[str] | None = None) -> Phrase:
    """Apply one decision to one phrase and save the bank; returns the phrase."""
    change = decide_many(bank_dir, [phrase_id], status=status, text=text, sections=sections,
                         domains=domains, note=note, merge_into=merge_into,
                         known_sections=known_sections, known_domains=known_domains)
    return change.phrases[phrase_id]


def decide_many(bank_dir: str | os.PathLike[str], phrase_ids: Iterable[str], *,
                status: str | None = None, text: str | None = None,
                sections: list[str] | None = None, domains: list[str] | None = None,
                note: str | None = None, merge_into: str | None = None,
                known_sections: list[str] | None = None,
                known_domains: list[str] | None = None, label: str = "",
                matching: Callable[[Iterable[Phrase]], Iterable[Phrase]] | None = None
                ) -> Change:
    """Apply one decision to every phrase of ``phrase_ids`` in one write of the bank,
    and log it; returns what changed (phrases already as decided are left alone).
    ``matching``: the phrases a rule selects instead, selected from the bank as it is
    once the lock is taken (selected before, a rule waiting for a mine to finish had
    missed every phrase the mine added: fuzz pass 42)."""
    ids = list(dict.fromkeys(phrase_ids))
    check_decision(status=status, text=text, sections=sections, domains=domains, note=note,
                   known_sections=known_sections, known_domains=known_domains)
    with bank_lock(bank_dir):
        loaded = load_phrases(bank_dir, shared=True)
        if matching is not None:
            ids = [p.id for p in matching(loaded.phrases.values())]
        label = label or _describe(len(ids), status=status, text=text, sections=sections,
                                   domains=domains, note=note, merge_into=merge_into)
        missing = [i for i in ids if i not in loaded.phrases]
        if missing:
            raise _no_such_phrase(bank_dir, loaded, missing)
        if merge_into is not None and (merge_into not in loaded.phrases or merge_into in ids):
            # (Said why: fuzz pass 41, F16.)
            why = ("it is one of the phrases merged" if merge_into in ids
                   else "no phrase has that id")
            raise ReviewError(f"{bank_dir}: cannot merge into {merge_into}: {why}")
        if merge_into is not None and (target := loaded.phrases[merge_into]).status in (
                "merged", "rejected"):
            # Into a phrase merged itself (or rejected), the phrase would drop out of use
            # with it; two merged into each other had both been lost, lint saying
            # nothing (fuzz pass).
            further = (f" (into {target.merged_into}: merge into that one)"
                       if target.status == "merged" and target.merged_into else "")
            raise ReviewError(f"{bank_dir}: cannot merge into {merge_into}: it is "
                              f"{target.status}{further}")
        if merge_into is not None and (other := next(
                (i for i in ids if loaded.phrases[i].kind != loaded.phrases[merge_into].kind),
                None)):
            # A transition merged into a heading drops out of use as a transition: import
            # refuses the same mismatch (fuzz pass 42).
            raise ReviewError(f"{bank_dir}: cannot merge {other} ({loaded.phrases[other].kind})"
                              f" into {merge_into} ({loaded.phrases[merge_into].kind}): a "
                              "phrase merges only into one of its kind")
        merged_here = _merged_into_each(loaded)
        if status == "rejected" and (kept := [
                (i, merged_here[i]) for i in ids if merged_here.get(i)]):
            # They would drop out of use with it, a merge chain lint then names: the
            # order of merge-then-reject had reached what merging into a rejected
            # phrase is refused for (fuzz re-check, stop 38).
            target, merged = kept[0]
            raise ReviewError(f"{bank_dir}: cannot reject {target}: "
                              f"{', '.join(merged[:3])}{' …' if len(merged) > 3 else ''} "
                              f"{'was' if len(merged) == 1 else 'were'} merged into it; "
                              "reject those too, or undo their merge first")
        recorder = _Recorder(loaded, label)
        gathered: dict[str, set] = {}
        for phrase_id in ids:
            phrase = recorder.touch(loaded.phrases[phrase_id])
            if status is not None:
                _set(phrase, "status", status)
                if status != "merged" and phrase.merged_into:
                    # Approved or rejected again, it is merged no more: it had kept its
                    # merged_into, an approved phrase said to be merged, lint quiet
                    # (fuzz pass 3 of stop 69, A-m2).  Undo gives it back.
                    _set(phrase, "merged_into", "")
            if text is not None:
                _set(phrase, "text", text.strip())
                if phrase.kind != "idiom":  # (an idiom has none: it is its own term)
                    from drafter.bank.pipeline import terms_of_text

                    _set(phrase, "terms", terms_of_text(Path(bank_dir), phrase.text))
            if sections is not None:
                _set(phrase, "sections", list(sections))
            if domains is not None:
                _set(phrase, "domains", list(domains))
            if note is not None:
                _set(phrase, "note", note)
            if merge_into is not None:
                _merge(loaded, phrase, merge_into, recorder, merged_here, gathered)
        _set_gathered(loaded, recorder, gathered)
        change = _commit(bank_dir, loaded, recorder.finish())
        change.asked = len(ids)
        return change


def _no_such_phrase(bank_dir, loaded, missing: list[str]) -> ReviewError:
    """The error for ids the bank has no phrase of, pointing to the line the loader
    could not read when an id is on one (its phrase is there, damaged)."""
    message = f"{bank_dir}: no phrase with id {', '.join(missing[:5])}" + (
        f" (and {len(missing) - 5} more)" if len(missing) > 5 else "")
    # (parse_lines appends a problem and its line together, file by file.)
    lines = [line for stem_lines in loaded.unreadable.values() for line in stem_lines]
    for problem, line in zip(loaded.problems, lines, strict=False):
        if any(f'"{phrase_id}"' in line for phrase_id in missing):
            message += f"; one is on a line that cannot be read: {problem}"
            break
    return ReviewError(message)


def merge_groups(bank_dir: str | os.PathLike[str],
                 groups: Iterable[Iterable[str]] | Callable[[list[Phrase]], Iterable[
                     Iterable[str]]],
                 label: str = "") -> Change:
    """Merge each group's other phrases into its first (their sources join it), all in
    one write of the bank, and log it.  ``groups`` may be worked out of the bank's
    phrases as loaded under the lock (a callable), as the command line's
    --merge-near-duplicates --yes does: groups found before it had been merged even
    where another process had decided their phrases meanwhile."""
    with bank_lock(bank_dir):
        loaded = load_phrases(bank_dir, shared=True)
        if callable(groups):
            groups = groups(list(loaded.phrases.values()))
        groups = [list(dict.fromkeys(g)) for g in groups]
        groups = [g for g in groups if len(g) > 1]
        label = label or (f"merge {sum(len(g) - 1 for g in groups)} near-duplicate(s) "
                          f"into {len(groups)} phrase(s)")
        missing = [i for g in groups for i in g if i not in loaded.phrases]
        if missing:
            raise _no_such_phrase(bank_dir, loaded, missing)
        recorder = _Recorder(loaded, label)
        merged_here = _merged_into_each(loaded)
        gathered: dict[str, set] = {}
        for keep, *others in groups:
            for other in others:
                phrase = loaded.phrases[other]
                if phrase.status == "merged":
                    continue
                _merge(loaded, recorder.touch(phrase), keep, recorder, merged_here, gathered)
        _set_gathered(loaded, recorder, gathered)
        return _commit(bank_dir, loaded, recorder.finish())


def apply_decision(bank_dir: str | os.PathLike[str], label: str,
                   decide: Callable[[LoadedBank, _Recorder], None]) -> Change:
    """Make the decision ``decide(loaded, recorder)`` takes on the bank, loaded under
    the lock (it changes a phrase only as recorder.touch gives it back, and adds
    new phrases through it), in one write of the bank, and log it."""
    with bank_lock(bank_dir):
        loaded = load_phrases(bank_dir, shared=True)
        recorder = _Recorder(loaded, label)
        decide(loaded, recorder)
        return _commit(bank_dir, loaded, recorder.finish())


def _merged_into_each(loaded: LoadedBank) -> dict[str, list[str]]:
    """The ids merged into each phrase, by its id."""
    merged: dict[str, list[str]] = {}
    for phrase in loaded.phrases.values():
        if phrase.status == "merged" and phrase.merged_into:
            merged.setdefault(phrase.merged_into, []).append(phrase.id)
    return merged


def _merge(loaded: LoadedBank, phrase: Phrase, into: str, recorder: _Recorder,
           merged_here: dict[str, list[str]], gathered: dict[str, set]) -> None:
    """Merge ``phrase`` into ``into``; what was merged into ``phrase`` goes with it, to
    ``into`` directly (no chain of merges to follow).  The sources are gathered in
    ``gathered``, by the id they go to, for _set_gathered once all are merged."""
    target = recorder.touch(loaded.phrases[into])
    # (A phrase merged after others were merged into it brings theirs too.)
    gathered.setdefault(into, set(target.sources)).update(
        gathered.get(phrase.id, phrase.sources))
    _set(phrase, "status", "merged")
    _set(phrase, "merged_into", into)
    for earlier in merged_here.pop(phrase.id, []):
        _set(recorder.touch(loaded.phrases[earlier]), "merged_into", into)
        merged_here.setdefault(into, []).append(earlier)
    merged_here.setdefault(into, []).append(phrase.id)


def _set_gathered(loaded: LoadedBank, recorder: _Recorder,
                  gathered: dict[str, set]) -> None:
    """Give each phrase merged into its sources gathered, sorted once: sorting a kept
    phrase's growing list at each of 3,000 merges into it had taken 130 s (fuzz pass
    64)."""
    for into, sources in gathered.items():
        recorder.touch(loaded.phrases[into]).sources = kept_sources(sources)


def check_decision(*, status: str | None = None, text: str | None = None,
                   sections: list[str] | None = None, domains: list[str] | None = None,
                   note: str | None = None, known_sections: list[str] | None = None,
                   known_domains: list[str] | None = None) -> None:
    """Refuse a decision no phrase may take (ReviewError), before any phrase is chosen:
    a dry run of --section ../../x had listed its matches as if it could be applied
    (fuzz pass 68)."""
    _check(status, text, sections, domains, known_sections, known_domains)
    if note and (problem := control_character(note, "the note")):
        # (ESC ] 0; in a note had reached the terminal of a CSV export: fuzz pass 41.)
        raise ReviewError(problem)
    if note and len(note) > MAX_FIELD_CHARS:
        # (As import refuses it: see MAX_FIELD_CHARS.)
        raise ReviewError(f"the note has {len(note):,} characters; a note has at most "
                          f"{MAX_FIELD_CHARS:,}")


def _check(status, text, sections, domains, known_sections, known_domains) -> None:
    if status is not None and (status not in STATUSES or status == "merged"):
        raise ReviewError(f"unknown status {status!r} (use candidate, approved or "
                          "rejected; merge with --into)")
    if text is not None and not text.strip():
        raise ReviewError("the new text is empty")
    if text is not None and shows_nothing(text):
        raise ReviewError("the new text is only invisible characters (zero-width spaces, "
                          "joiners, a BOM)")
    if text is not None and (problem := control_character(text)):
        raise ReviewError(f"the new {problem}")
    if text is not None and len(text) > MAX_PHRASE_CHARS:
        # (As import refuses it: lint had reported it only after; fuzz pass 44.)
        raise ReviewError(f"the new text has {len(text):,} characters; a phrase has at most "
                          f"{MAX_PHRASE_CHARS:,} (split it)")
    if sections is not None:
        unknown = [s for s in sections if known_sections and s not in known_sections]
        if not sections or unknown:
            raise ReviewError(f"unknown section type(s): {', '.join(unknown) or '(none)'}")
    if domains is not None:
        unknown = [d for d in domains if known_domains and d not in known_domains]
        if not domains or unknown:
            raise ReviewError(f"unknown domain(s): {', '.join(unknown) or '(none)'}")


def _describe(count: int, **decision) -> str:
    said = ", ".join(f"{k}={' '.join(v) if isinstance(v, list) else str(v)[:20]}"
                     for k, v in decision.items() if v is not None)
    return f"{said} on {count} phrase(s)"


def _set(phrase: Phrase, name: str, value: object) -> None:
    setattr(phrase, name, value)
    if name not in phrase.decided:
        phrase.decided.append(name)


# --- recording, undo and the log -----------------------------------------------------


class _Recorder:
    """Keeps each touched phrase as it was, to compare once it is decided: as the line
    it was read from, which the loaded bank holds anyway, not as its fields, which hold
    as much as the phrase (its lists shared, the phrase as it was could not be freed):
    a trusted import of an export changing every phrase's status had held the bank
    twice over, 1.2 GB (fuzz re-check 76); a line made anew for each, 1.05 GB (re-check
    77)."""

    def __init__(self, loaded: LoadedBank, label: str):
        self.loaded, self.label = loaded, label
        self.was: dict[str, str] = {}  # id → the phrase's line; "" for a phrase added
        self.removed: dict[str, Phrase] = {}
        # (The loader takes the phrases in the order of their lines.)
        self.read = (dict(zip(loaded.phrases, loaded.lines, strict=True))
                     if len(loaded.phrases) == len(loaded.lines) else {})

    def touch(self, phrase: Phrase) -> Phrase:
        """The phrase to change: a copy of it, in its place in the bank (the phrases
        read may be those the store keeps parsed, see store.keep_parsed)."""
        if phrase.id in self.was:
            return self.loaded.phrases[phrase.id]
        self.was[phrase.id] = self.read.get(phrase.id) or phrase_line(phrase)
        mine = self.loaded.phrases[phrase.id] = phrase.copy()
        return mine

    def add(self, phrase: Phrase) -> None:
        """Put a phrase the bank did not hold in it: the change's ``before`` has every
        field of it absent (None), so that undoing the change takes it out again."""
        self.was.setdefault(phrase.id, "")
        self.loaded.phrases[phrase.id] = phrase

    def remove(self, phrase: Phrase) -> None:
        """Take a phrase out of the bank (undoing the import that added it): the
        change's ``after`` has every field of it absent."""
        self.removed[phrase.id] = phrase
        del self.loaded.phrases[phrase.id]

    def finish(self) -> Change:
        report("working out the change")
        change = Change(self.label)
        for phrase_id, phrase in self.removed.items():
            # Its fields as it was share its lists (parsed again from its line, the
            # undo of an import of 49,600 phrases held them twice where the review
            # screen still held the phrases: 1.33 GB, fuzz re-check 76).
            was = phrase.to_dict()
            change.before[phrase_id] = {k: was[k] for k in sorted(was)}
            change.after[phrase_id] = dict.fromkeys(sorted(was))
        for phrase_id, line in self.was.items():
            # (A line as read, written by hand, may say a field otherwise than the phrase
            # does: its fields as the phrase gives them.)
            was = Phrase.from_dict(json.loads(line)).to_dict() if line else {}
            phrase = self.loaded.phrases.get(phrase_id)
            now = {}  # (a phrase an undo took out)
            if phrase is not None:
                change.phrases[phrase_id] = phrase
                now = phrase.to_dict()
            changed = sorted(k for k in {*was, *now} if was.get(k) != now.get(k))
            if changed:
                change.before[phrase_id] = {k: was.get(k) for k in changed}
                change.after[phrase_id] = {k: now.get(k) for k in changed}
        return change


def _commit(bank_dir, loaded: LoadedBank, change: Change,
            logged: Callable[[Change], _Log] | None = None) -> Change:
    """Write the bank once, and the log as ``logged`` makes it of the change (by default
    with the change last); nothing is written when nothing changed."""
    change.problems = list(loaded.problems)
    if change:
        # The log committed with the phrases, in one journal: a run killed at any point
        # leaves both as they were or both changed (logged first, as it had been, a
        # killed run left a decision logged that was never made, and --undo said it
        # had been "changed again since").
        from drafter.fileio import stage

        log = (logged or (lambda made: _logged_with(bank_dir, made)))(change)
        target = _log_path(bank_dir)
        beside = [(stage(target, _log_text(bank_dir, log)), target)]
        del log  # (staged: an import's line of tens of MB need not be held by the write)
        save_phrases(bank_dir, loaded.phrases.values(), loaded.unreadable, beside=beside)
    return change


def revert(bank_dir: str | os.PathLike[str], change: Change) -> Change:
    """Undo ``change``: each phrase gets its fields back, unless they changed again
    since (that phrase is left as it is and not counted).  The change leaves the log,
    in the same commit as the phrases."""
    undone = _restore(bank_dir, change, change.before, change.after, change.label,
                      lambda made: _log_rewritten(bank_dir, change.key, made))
    if not undone:
        with bank_lock(bank_dir):
            _log_remove(bank_dir, change.key)  # (nothing to take back: it goes all the same)
    return undone


def reapply(bank_dir: str | os.PathLike[str], change: Change) -> Change:
    """Redo an undone ``change`` (phrases changed since are left alone); logged again,
    under its own key."""
    def logged(redone: Change) -> _Log:
        redone.key = change.key
        return _logged_with(bank_dir, redone)

    return _restore(bank_dir, change, change.after, change.before, change.label, logged)


def _restore(bank_dir, change: Change, values: dict[str, dict], expected: dict[str, dict],
             label: str, logged: Callable[[Change], _Log]) -> Change:
    with bank_lock(bank_dir):
        loaded = load_phrases(bank_dir, shared=True)
        recorder = _Recorder(loaded, label)
        for phrase_id, fields in values.items():
            phrase = loaded.phrases.get(phrase_id)
            # (a phrase the change added is absent before it: every field None)
            now = phrase.to_dict() if phrase is not None else {}
            if any(now.get(k) != v for k, v in expected[phrase_id].items()):
                continue  # decided again since: that later decision stands
            for name, value in fields.items():
                if value is None:
                    now.pop(name, None)
                else:
                    now[name] = value
            try:
                if now.get("id", phrase_id) != phrase_id:
                    # (A hand-edited entry had renamed a phrase through undo, out of the
                    # reach of every id that names it: fuzz pass A, stop 67.)
                    raise ValueError(f"its id would become {now['id']!r}")
                if phrase is None:
                    if now:
                        recorder.add(Phrase.from_dict(now))  # redoing an import
                elif "id" not in now:  # undoing an import: the phrase it added goes
                    recorder.remove(phrase)
                else:
                    recorder.touch(phrase)
                    loaded.phrases[phrase_id] = Phrase.from_dict(now)
            except (ValueError, KeyError, TypeError) as exc:
                # A damaged or hand-edited log entry (a section "../../x") had ended the
                # undo in a traceback (fuzz pass): said, and nothing is written.
                raise DrafterError(
                    f"{_log_path(bank_dir)}: the logged change {label!r} would give "
                    f"{phrase_id} a value no phrase may have ({exc}); nothing was changed"
                ) from None
        return _commit(bank_dir, loaded, recorder.finish(), logged)


def _log_path(bank_dir) -> Path:
    return Path(bank_dir) / LOG_FILE


def read_log(bank_dir: str | os.PathLike[str], without: str | None = None) -> list[Change]:
    """The logged decisions, oldest first (a damaged line is skipped: the log only
    serves undo, the bank itself is the record)."""
    return [change for change in _read_entries(bank_dir, without)
            if isinstance(change, Change)]


def _read_entries(bank_dir, without: str | None = None) -> list[Change | str]:
    """The log's lines as read_log reads them, a damaged one as its text (kept as it is
    when the log is written again, as a phrase file keeps its)."""
    path = _committed_log(bank_dir)
    if path is None:
        return []
    return list(_log_entries(path, _keyed(without)))


def _committed_log(bank_dir) -> Path | None:
    """The log's path once a change a killed run committed is put in place, the log with
    its phrases (read before it, the log would lack the decision the phrases already
    hold); None when there is no log.  ReviewError when the log is no regular file."""
    with committed_files(bank_dir):
        pass
    path = _log_path(bank_dir)
    if path.exists() and not path.is_file():
        # (A pipe, a device or a folder had been read as an empty log, and a decision
        # had put a file in a pipe's place: fuzz re-checks 79 and 80, n14.)
        raise ReviewError(f"{path}: not a regular file (a pipe, a device or a folder); "
                          "move it away, then run this again (nothing was changed)")
    return path if path.is_file() else None


def _keyed(key: str | None) -> re.Pattern[str] | None:
    """How a decision's key is written in its line, found without parsing the line: the
    undo of an import of 90,000 phrases had held its line of 270 MB three times over
    (1.3 GB).  However the line is spaced, and the key a number or a string: a line a
    person wrote again otherwise had been undone and kept, and every undo after it
    refused (fuzz re-check 77, n6).  (No phrase field is "key"; inside a string its
    quotes are escaped.)"""
    if not key:
        return None
    written = re.escape(json.dumps(key, ensure_ascii=False)[1:-1])
    return re.compile(rf'"key"\s*:\s*(?:"{written}"|{written})\s*[,}}]')


def _keyed_bytes(key: str | None) -> re.Pattern[bytes] | None:
    """``_keyed`` for a log read as bytes."""
    keyed = _keyed(key)
    return None if keyed is None else re.compile(keyed.pattern.encode("utf-8"))


_DECISION_KEYS_RE = tuple(re.compile(rf'"{name}"\s*:') for name in ("key", "after", "before"))
_DECISION_KEYS_BYTES = tuple(re.compile(p.pattern.encode()) for p in _DECISION_KEYS_RE)
_BOM = "\ufeff"  # (an editor's mark before the log's first line)


class _KeptLines:
    """The log's non-blank lines as written, but those of the decision keyed
    ``without``: what a write of the log keeps.  Read in blocks, never a line whole,
    and where each line lies is all that is kept: the write copies it from the file
    again (under the bank's lock, so the same lines).  Parsed, the log of an import of
    56,000 phrases had taken every later decision on that bank past 1.1 GB (fuzz
    re-check 75); each read as one string, two imports' lines of tens of MB had taken
    the undo of a third past 1 GB in the review screen (fuzz re-check 78, J2)."""

    def __init__(self, bank_dir, without: str | None = None) -> None:
        self.path = _committed_log(bank_dir)
        self.spans: list[tuple[int, int]] = []  # where each kept line's text lies, in bytes
        self.damaged: list[int] = []  # which of them are no decision, kept as they are
        if self.path is None:
            return
        skipped = _keyed_bytes(without)
        patterns = (*_DECISION_KEYS_BYTES, *([skipped] if skipped else []))
        with self.path.open("rb") as handle:
            for shape in _line_shapes(handle, patterns):
                if shape.blank:
                    continue
                if len(_DECISION_KEYS_BYTES) in shape.found:
                    continue  # the decision left out (its pattern is the last)
                self.spans.append((shape.start, shape.end))
                if not shape.decided:
                    self.damaged.append(len(self.spans) - 1)
                    if shape.head.startswith(tuple(m.encode() for m in CONFLICT_MARKERS)):
                        raise ReviewError(
                            f"{_log_path(bank_dir)}: a git merge conflict marker; resolve "
                            "the conflict in the log, then run this again (nothing was "
                            "changed)")

    def __len__(self) -> int:
        return len(self.spans)

    def pieces(self, skip: int = 0) -> Iterator[bytes]:
        """The kept lines but the first ``skip``, each with its line feed, in blocks."""
        if self.path is None or skip >= len(self.spans):
            return
        with self.path.open("rb") as handle:
            for start, end in self.spans[skip:]:
                handle.seek(start)
                while start < end:
                    block = handle.read(min(_LOG_BLOCK, end - start))
                    if not block:
                        break  # (cut short since: under the lock, it cannot be)
                    start += len(block)
                    yield block
                yield b"\n"


# What a write of the log is given: the lines it keeps, then the changes it adds.
_Log = tuple[_KeptLines, list[Change]]

_LOG_BLOCK = 1 << 20  # bytes of a log line read at a time
_SHAPE_BYTES = 64  # bytes of a line's start and end kept to tell its shape
# Bytes of one block searched again with the next, for a key written across the two.
_SEARCH_OVERLAP = 512


class _Shape(NamedTuple):
    """A line of the log as read a block at a time: where its text starts and ends (in
    bytes, without its line feed), its first and last bytes, and which of the patterns
    looked for it holds (by index; the decision's keys first)."""

    start: int
    end: int
    head: bytes
    tail: bytes
    found: set[int]

    @property
    def blank(self) -> bool:
        return (self.end - self.start <= 2 * _SHAPE_BYTES
                and not (self.head.strip() or self.tail.strip()))

    @property
    def decided(self) -> bool:
        """Whether the line looks like a decision (see _looks_decided)."""
        return (self.head.lstrip(_BOM.encode("utf-8")).lstrip().startswith(b"{")
                and self.tail.rstrip().endswith(b"}")
                and self.found.issuperset(range(len(_DECISION_KEYS_BYTES))))


def _line_shapes(handle, patterns: tuple[re.Pattern[bytes], ...]) -> Iterator[_Shape]:
    """Each line of a file open in bytes, read a block at a time (see _Shape)."""
    at = 0
    while piece := handle.readline(_LOG_BLOCK):
        start, head, tail, carry, found = at, None, b"", b"", set()
        while piece:
            at += len(piece)
            ended = piece.endswith(b"\n")
            text = piece[:-1] if ended else piece
            head = text[:_SHAPE_BYTES] if head is None else head
            tail = (tail + text[-_SHAPE_BYTES:])[-_SHAPE_BYTES:]
            window = carry + text
            found.update(i for i, pattern in enumerate(patterns)
                         if i not in found and pattern.search(window))
            carry = window[-_SEARCH_OVERLAP:]
            if ended:
                break
            piece = handle.readline(_LOG_BLOCK)
        yield _Shape(start, at - (1 if ended else 0), head, tail, found)


def _raw_log_lines(path: Path, skipped: re.Pattern[str] | None = None) -> Iterator[str]:
    """Each non-blank line of the log as written (without its line feed), but those
    holding ``skipped``."""
    # (Only a line feed ends a line, as the write that copies the lines splits them: a
    # lone CR had split one damaged line into two decisions here, fuzz re-check 79 n11.)
    with path.open("rb") as handle:
        for raw in _bounded_log_lines(handle, path):
            line = raw.decode("utf-8", "replace")
            if line.strip() and (skipped is None or not skipped.search(line)):
                yield line.rstrip("\n")


_DAMAGED_LINE_BYTES = 64 * 1024 * 1024  # read of a line before it must look like a decision


def _bounded_log_lines(handle, path: Path) -> Iterator[bytes]:
    """The log's lines as bytes; a line past _DAMAGED_LINE_BYTES that does not open as a
    decision does ({…) is refused before it is read whole: 1.2 GB of zeros with no line
    feed, a damaged disk's, had taken an undo to 2.5 GB (fuzz pass, stop 62: A-M4).  A
    decision may be that long (an import of 90,000 phrases is one line)."""
    for number, head in enumerate(iter(lambda: handle.readline(_DAMAGED_LINE_BYTES), b""),
                                  start=1):
        if len(head) < _DAMAGED_LINE_BYTES or head.endswith(b"\n"):
            yield head
            continue
        if not head.lstrip(b"\xef\xbb\xbf \t\r").startswith(b"{"):
            raise ReviewError(f"{path}:{number}: a line of over {_DAMAGED_LINE_BYTES >> 20} MB "
                              "that is no decision (a damaged file?); the log only serves "
                              "undo: move it away, then run this again (nothing was changed)")
        parts = [head]
        while not parts[-1].endswith(b"\n") and (more := handle.readline(_DAMAGED_LINE_BYTES)):
            parts.append(more)
        yield b"".join(parts)


def _looks_decided(line: str) -> bool:
    """Whether a line of the log is, as far as can be told without parsing it, a
    decision (a damaged one is cut short, or no JSON object, or has no key)."""
    line = line.lstrip(_BOM).strip()
    return (line.startswith("{") and line.endswith("}")
            and all(name.search(line) for name in _DECISION_KEYS_RE))


def _is_decision(line: str) -> bool:
    """Whether a line of the log is a decision undo can apply: parsed, unless it is too
    long to parse for this (the decision of a large import is one line of hundreds of
    MB: its shape is looked at instead, a cut line lacking its closing brace)."""
    if len(line) > _PARSED_LINE_CHARS:
        return _looks_decided(line)
    return _as_decision(line) is not None


def last_logged(bank_dir: str | os.PathLike[str]) -> Change | None:
    """The latest decision of the log, the only one parsed (read_log parses them all),
    and the only line read whole: the log may hold several imports, each a line of tens
    of MB (read whole, a hand-made line of 500 MB had taken an undo past 1 GB, fuzz
    re-check 79).  ReviewError when lines that are no decision come after it: undo had
    taken back the decision before them, saying nothing of them (fuzz re-check 77, n7),
    where the last one is what a person means to undo; and when the decision is a line
    longer than undo reads within its memory."""
    path = _committed_log(bank_dir)
    if path is None:
        return None
    with path.open("rb") as handle:
        lines = [shape for shape in _line_shapes(handle, _DECISION_KEYS_BYTES)
                 if not shape.blank]
        for after, shape in enumerate(reversed(lines)):
            if not shape.decided:
                continue
            if (size := shape.end - shape.start) > MAX_DECISION_BYTES:
                raise ReviewError(
                    f"{path}: the last decision is a line of {-(-size // 1_000_000):,} MB, "
                    f"more than undo reads within its memory "
                    f"({MAX_DECISION_BYTES // 1_000_000:,} MB), so it cannot be undone; "
                    "remove that line to undo the decisions before it (nothing was "
                    "changed)")
            handle.seek(shape.start)
            line = handle.read(size).decode("utf-8", errors="replace")
            if (change := _as_decision(line)) is None:
                continue
            if after:
                raise ReviewError(
                    f"{path}: the last {after} line(s) of the log are no decision that can "
                    "be undone (a hand edit or a damaged disk), so the last decision cannot "
                    "be told; fix or remove them, then undo again (nothing was changed)")
            return change
    return None


# The longest line of the log undo reads: parsing a line of this many bytes holds about
# three times as much (a logged import of 40,000 phrases, a line of 61 MB, took an undo
# to 159 MB; a hand-made one of 300 MB, to 1.2 GB).
MAX_DECISION_BYTES = 200_000_000


def _log_entries(path: Path, skipped: re.Pattern[str] | None = None
                 ) -> Iterator[Change | str]:
    """Each non-blank line of the log as its change, or as its text for a line that is
    none (a hand edit, a damaged disk, a line nested past the parser, a git conflict);
    lines holding ``skipped`` are passed over unparsed."""
    for line in _raw_log_lines(path, skipped):
        change = _as_decision(line)
        yield change if change is not None else line


def _as_decision(line: str) -> Change | None:
    """The decision a line of the log holds; None for a line that is none."""
    line = line.lstrip(_BOM)
    try:
        data = _lean_loads(line) if len(line) > _PARSED_LINE_CHARS else json.loads(line)
        return Change.from_dict(data)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return None


_SPACE = re.compile(r"[ \t\n\r]*")  # (JSON's whitespace)


def _lean_loads(line: str) -> dict:
    """A decision's line parsed as json.loads does, but for the phrases' fields before
    and after it, kept as their text (_RawFields); ValueError or IndexError for a line
    that is no JSON object."""
    decoder = json.JSONDecoder()

    def skip(at: int) -> int:
        return _SPACE.match(line, at).end()

    def walk(at: int, value_of: Callable[[str, int], tuple[object, int]]) -> tuple[dict, int]:
        """The object opening at ``at``, each value as ``value_of(key, where it
        starts)`` gives it with its end; and the object's end."""
        found: dict = {}
        if line[at] != "{":
            raise ValueError(f"an object expected at {at}")
        at = skip(at + 1)
        if line[at] == "}":
            return found, at + 1
        while True:
            if line[at] != '"':
                raise ValueError(f"a key expected at {at}")
            key, at = json.decoder.scanstring(line, at + 1)
            at = skip(at)
            if line[at] != ":":
                raise ValueError(f"':' expected at {at}")
            found[key], at = value_of(key, skip(at + 1))
            at = skip(at)
            if line[at] == "}":
                return found, at + 1
            if line[at] != ",":
                raise ValueError(f"',' or '}}' expected at {at}")
            at = skip(at + 1)

    def raw_fields(at: int) -> tuple[_RawFields, int]:
        def fields_text(_key: str, start: int) -> tuple[str, int]:
            fields, end = decoder.raw_decode(line, start)
            if not isinstance(fields, dict):
                raise ValueError(f"a phrase's fields are no object at {start}")
            return line[start:end], end

        raw, end = walk(at, fields_text)
        return _RawFields(raw), end

    data, end = walk(skip(0), lambda key, start: (
        raw_fields(start) if key in ("before", "after") else decoder.raw_decode(line, start)))
    if skip(end) != len(line):
        raise ValueError(f"extra data at {end}")
    return data


def damaged_log_lines(bank_dir: str | os.PathLike[str]) -> list[int]:
    """The numbers of the log's lines that are no decision, for lint to name (review and
    undo keep them as they are and say how many; fuzz pass 49, n5: lint had said 0)."""
    path = _log_path(bank_dir)
    if not path.is_file():
        return []
    damaged = []
    with path.open(encoding="utf-8", errors="replace", newline="\n") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip() and not _is_decision(line):
                damaged.append(number)
    return damaged


_PARSED_LINE_CHARS = 1_000_000


def _unreadable_log_lines(bank_dir) -> int:
    """How many non-blank lines of the log are no decision: said when nothing in it can
    be undone."""
    return sum(isinstance(entry, str) for entry in _read_entries(bank_dir))


def _log_text(bank_dir, log: _Log) -> Iterator[str]:
    """The log's text, in pieces as they are encoded (see fileio.stage): one change of an
    import of 90,000 phrases is a line of 270 MB, never held whole.  Its last LOG_KEEP
    entries: the lines kept, then the changes added."""
    # (What a killed write of the log left beside it: written under the bank's lock,
    # no other write of it can be under way.  Removed now, before the write stages its
    # own temporary file, not when the pieces are asked for.)
    for leftover in Path(bank_dir).glob(f".{LOG_FILE}.*.tmp"):
        leftover.unlink(missing_ok=True)
    kept, added = log
    dropped = max(0, len(kept) + len(added) - LOG_KEEP)
    return itertools.chain(kept.pieces(dropped),
                           _log_pieces(added[max(0, dropped - len(kept)):]))


def _log_pieces(changes: Iterable[Change | str]) -> Iterator[str]:
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
    for change in changes:
        if isinstance(change, str):
            yield change  # a line that is no decision, as it was (see _log_rewritten)
        else:
            yield from encoder.iterencode(change.to_dict())
        yield "\n"


def _write_log(bank_dir, log: _Log) -> None:
    from drafter.fileio import atomic_write

    atomic_write(_log_path(bank_dir), _log_text(bank_dir, log))


def _logged_with(bank_dir, change: Change) -> _Log:
    kept, added = _log_rewritten(bank_dir, change.key, change, adding=1)
    return kept, [*added, change]


def _log_rewritten(bank_dir, without: str, made: Change | None = None,
                   adding: int = 0) -> _Log:
    """The log's lines but the decision keyed ``without``, for the log to be written
    again with the phrases ``made`` changes, each as it was written.  A damaged line stays
    as it is and is said in ``made``'s problems (fuzz pass 42, m2, had them said and
    dropped; fuzz pass 44 saw a damaged decision lost for undo); a git conflict in the
    log stops the write, as in a phrase file."""
    kept = _KeptLines(bank_dir, without)
    # (Those the log's trim to its last LOG_KEEP drops are not said to be kept: fuzz
    # re-check 79, n12.)
    dropped = max(0, len(kept) + adding - LOG_KEEP)
    if (damaged := sum(at >= dropped for at in kept.damaged)) and made is not None:
        made.problems.append(
            f"{_log_path(bank_dir)}: {damaged} damaged line(s) that are no decision "
            "(a hand edit or a damaged disk) are kept as they are; fix or remove them")
    return kept, []


def _log_remove(bank_dir, key: str) -> None:
    path = _committed_log(bank_dir)
    if path is None:
        return
    # (Looked for a block at a time, as the write reads the lines: not a line whole.)
    with path.open("rb") as handle:
        if not any(shape.found for shape in _line_shapes(handle, (_keyed_bytes(key),))):
            return
    _write_log(bank_dir, _log_rewritten(bank_dir, key))


def undo_last(bank_dir: str | os.PathLike[str]) -> Change:
    """Undo the last logged decision (the command line's --undo)."""
    last = last_logged(bank_dir)
    if last is None:
        # (A log of damaged lines had been called empty: fuzz pass 41, F23.)
        damaged = _unreadable_log_lines(bank_dir)
        why = (f"the {damaged} line(s) of the log {LOG_FILE} cannot be read as decisions"
               if damaged else f"the log {LOG_FILE} is empty")
        raise ReviewError(f"{bank_dir}: no decision to undo ({why})")
    undone = revert(bank_dir, last)
    if not undone:
        raise ReviewError(f"{bank_dir}: the last decision ({last.label}) was changed again "
                          "since; nothing to undo")
    return undone
