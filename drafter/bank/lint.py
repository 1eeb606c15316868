"""Checks a phrasebank must pass before it ships: every problem named with its phrase."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass

from drafter.bank.model import KINDS, PLACEHOLDER_RE, control_character, normalise
from drafter.bank.store import load_phrases
from drafter.bank.taxonomy import load_domains, load_taxonomy
from drafter.corpus.clean import furniture_reason
from drafter.corpus.news import reports_event
from drafter.text.sentences import split_sentences
from drafter.text.variant import looks_traditional

# Text no phrase should contain: links, markup or broken characters (page furniture is
# corpus.clean.furniture_reason's to tell: 会员 is furniture in 开通会员, not in 会员国).
_JUNK_RE = re.compile(r"https?://|www\.|ICP\s*[备证]|\ufffd|<[A-Za-z/!]|&[a-z]+;")


@dataclass(frozen=True)
class LintProblem:
    where: str  # file:line, or the phrase id
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.message}"


def lint_bank(bank_dir: str | os.PathLike[str]) -> list[LintProblem]:
    loaded = load_phrases(bank_dir)
    problems = [LintProblem(p.split(": ", 1)[0], "broken-line", p.split(": ", 1)[-1])
                for p in loaded.problems]
    taxonomy = load_taxonomy(bank_dir)
    domains = load_domains(bank_dir)
    by_text: dict[tuple[str, str], list[str]] = defaultdict(list)
    for phrase in loaded.phrases.values():
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
        if any(s.position < 1 or not s.file for s in phrase.sources):
            problems.append(LintProblem(where, "broken-provenance", "source without file/position"))
        if problem := control_character(phrase.text):
            problems.append(LintProblem(where, "control-character",
                                        f"{problem} (set it with review --text)"))
        if len(normalise(phrase.text)) < 2 or _JUNK_RE.search(phrase.text):
            problems.append(LintProblem(where, "junk", phrase.text[:40]))
        if phrase.status == "approved" and PLACEHOLDER_RE.search(phrase.text):
            problems.append(LintProblem(where, "placeholder", f"approved phrase keeps a "
                                        f"placeholder: {phrase.text[:40]}"))
        if phrase.status == "merged" and phrase.merged_into not in loaded.phrases:
            problems.append(LintProblem(where, "dangling-merge", phrase.merged_into))
        if phrase.status not in ("rejected", "merged"):
            by_text[(phrase.kind, normalise(phrase.text))].append(phrase.id)
    for (kind, _), ids in by_text.items():
        if len(ids) > 1:
            problems.append(LintProblem(ids[0], "duplicate",
                                        f"same {kind} text as {', '.join(ids[1:])}"))
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
