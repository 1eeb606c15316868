"""Draft checks: what a reviewer would circle before a speech leaves the desk.

One module per category, each a ``check(text, **context)`` generator of Findings over a
CheckedText (drafter.check.source builds one from a draft or a speech file).
"""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from drafter.check import (
    length,
    overlap,
    parallelism,
    placeholder,
    punctuation,
    quote,
    repetition,
    stale,
)
from drafter.check.model import SEVERITIES, CheckedText, Finding, Location

CHECKS = {"placeholder": placeholder.check, "stale": stale.check, "quote": quote.check,
          "repetition": repetition.check, "overlap": overlap.check,
          "parallelism": parallelism.check, "length": length.check,
          "punctuation": punctuation.check}

__all__ = ["CHECKS", "Finding", "Location", "Report", "check", "check_file"]


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    # What reading the file said (bytes replaced in decoding, no speech text left after
    # cleaning): a check of a damaged or empty text is no clean bill of health.
    notices: list[str] = field(default_factory=list)
    empty: bool = False  # no passage to check: nothing the file held is speech text

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def summary(self) -> dict[str, Any]:
        by_severity = {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}
        by_category: dict[str, int] = {}
        for f in self.findings:
            by_category[f.category] = by_category.get(f.category, 0) + 1
        return {"total": len(self.findings), **by_severity, "by_category": by_category}

    def to_dict(self) -> dict[str, Any]:
        out = {"findings": [f.to_dict() for f in self.findings], "summary": self.summary()}
        if self.notices:
            out["notices"] = list(self.notices)
        return out


def check(text: CheckedText, bank=None, target_minutes: float | None = None,
          chars_per_minute: int = 220, only: list[str] | None = None) -> Report:
    """Every check (or ``only`` those categories) over ``text``; findings in reading
    order, errors before warnings at one place."""
    findings: list[Finding] = []
    for name, run in CHECKS.items():
        if only and name not in only:
            continue
        findings += _bounded(run(text, bank=bank, target_minutes=target_minutes,
                                 chars_per_minute=chars_per_minute))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (f.location.paragraph, f.location.offset,
                                 order[f.severity], f.rule))
    # (A title or a byline alone is no speech: a page whose body the cleaning dropped had
    # been checked clean, exit 0: fuzz pass 41, F17.)
    return Report(findings, list(text.notices), empty=not text.body())


# Findings of one rule kept in a report: past this many, one fault is repeated (a
# paragraph of 990,000 unpaired quote marks had made as many findings, 820 MB: fuzz pass
# 54 m3), and one more finding says how many more there are.
MAX_FINDINGS_PER_RULE = 200


def _bounded(findings: Iterable[Finding]) -> list[Finding]:
    """The first MAX_FINDINGS_PER_RULE findings of each rule, and for a rule with more,
    one that counts the rest (at the last one kept)."""
    kept: list[Finding] = []
    counts: Counter[str] = Counter()
    last: dict[str, Finding] = {}
    for finding in findings:
        counts[finding.rule] += 1
        if counts[finding.rule] <= MAX_FINDINGS_PER_RULE:
            kept.append(finding)
            last[finding.rule] = finding
    for rule, count in counts.items():
        if count > MAX_FINDINGS_PER_RULE:
            more = count - MAX_FINDINGS_PER_RULE
            kept.append(dataclasses.replace(
                last[rule], message=f"…还有 {more:,} 处同类问题 · and {more:,} more like "
                                    f"these ({rule}): one fault repeated", suggestion=""))
    return kept


def check_file(path: str | os.PathLike[str], bank=None, **options: Any) -> Report:
    from drafter.check.source import from_file

    return check(from_file(path), bank=bank, **options)
