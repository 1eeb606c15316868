"""A maintainer's decisions on phrases: status, edits, re-tags (section types and
domains), merges.

Each decision records the field it set in the phrase's ``decided`` list, which
re-mining respects (store.merge_mined), and is written atomically under the lock.
"""

from __future__ import annotations

import os

from drafter.bank.model import STATUSES, Phrase
from drafter.bank.store import bank_lock, load_phrases, save_phrases
from drafter.errors import DrafterError


class ReviewError(DrafterError):
    """A decision that cannot be applied (unknown id, unknown status …)."""


def decide(bank_dir: str | os.PathLike[str], phrase_id: str, *, status: str | None = None,
           text: str | None = None, sections: list[str] | None = None,
           domains: list[str] | None = None,
           note: str | None = None, merge_into: str | None = None,
           known_sections: list[str] | None = None,
           known_domains: list[str] | None = None) -> Phrase:
    """Apply one decision to one phrase and save the bank; returns the phrase."""
    with bank_lock(bank_dir):
        loaded = load_phrases(bank_dir)
        phrase = loaded.phrases.get(phrase_id)
        if phrase is None:
            raise ReviewError(f"{bank_dir}: no phrase with id {phrase_id}")
        if status is not None:
            if status not in STATUSES or status == "merged":
                raise ReviewError(f"unknown status {status!r} (use candidate, approved or "
                                  "rejected; merge with --into)")
            _set(phrase, "status", status)
        if text is not None:
            if not text.strip():
                raise ReviewError("the new text is empty")
            _set(phrase, "text", text.strip())
        if sections is not None:
            unknown = [s for s in sections if known_sections and s not in known_sections]
            if not sections or unknown:
                raise ReviewError(f"unknown section type(s): {', '.join(unknown) or '(none)'}")
            _set(phrase, "sections", list(sections))
        if domains is not None:
            unknown = [d for d in domains if known_domains and d not in known_domains]
            if not domains or unknown:
                raise ReviewError(f"unknown domain(s): {', '.join(unknown) or '(none)'}")
            _set(phrase, "domains", list(domains))
        if note is not None:
            _set(phrase, "note", note)
        if merge_into is not None:
            target = loaded.phrases.get(merge_into)
            if target is None or merge_into == phrase_id:
                raise ReviewError(f"{bank_dir}: cannot merge into {merge_into}")
            target.sources = sorted(set(target.sources) | set(phrase.sources))
            _set(phrase, "status", "merged")
            _set(phrase, "merged_into", merge_into)
        save_phrases(bank_dir, loaded.phrases.values())
        return phrase


def _set(phrase: Phrase, name: str, value: object) -> None:
    setattr(phrase, name, value)
    if name not in phrase.decided:
        phrase.decided.append(name)
