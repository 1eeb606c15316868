"""Checks a phrasebank must pass before it ships: every problem named with its phrase."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass

from drafter.bank.model import KINDS, PLACEHOLDER_RE, normalise
from drafter.bank.store import load_phrases
from drafter.bank.taxonomy import load_taxonomy

# Text no phrase should contain: page furniture that slipped through, or broken text.
_JUNK_RE = re.compile(r"https?://|www\.|ICP|版权所有|会员|下载|登录|\ufffd|[<>]|&[a-z]+;")


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
    by_text: dict[tuple[str, str], list[str]] = defaultdict(list)
    for phrase in loaded.phrases.values():
        where = phrase.id
        if phrase.kind not in KINDS:
            problems.append(LintProblem(where, "unknown-kind", phrase.kind))
        unknown = [s for s in phrase.sections if s not in taxonomy]
        if unknown:
            problems.append(LintProblem(where, "unknown-section", ", ".join(unknown)))
        if not phrase.sources:
            problems.append(LintProblem(where, "no-provenance", "the phrase has no source"))
        if any(s.position < 1 or not s.file for s in phrase.sources):
            problems.append(LintProblem(where, "broken-provenance", "source without file/position"))
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
