"""Stale formulations, from rules files: the bundled phrasebank's stale.toml plus the
user's own (which adds rules or replaces them by id)."""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from drafter.check.model import SEVERITIES, CheckedText, Finding
from drafter.errors import DrafterError

RULES_FILE = "stale.toml"


@dataclass(frozen=True)
class StaleRule:
    id: str
    pattern: re.Pattern[str]
    reason: str
    suggestion: str = ""
    severity: str = "warning"
    after: datetime.date | None = None


def check(text: CheckedText, today: datetime.date | None = None, **_: object
          ) -> Iterator[Finding]:
    as_of = speech_date(text.date) or today or datetime.date.today()
    for rule in load_rules():
        if rule.after and as_of < rule.after:
            continue
        for passage in text.passages:
            for match in rule.pattern.finditer(passage.text):
                yield Finding(f"stale.{rule.id}", "stale", rule.severity,
                              f"stale: {rule.reason}", text.locate(passage, match.start()),
                              suggestion=rule.suggestion, excerpt=match.group())


def speech_date(printed: str) -> datetime.date | None:
    from drafter.text.dates import NotADate, parse_date

    try:
        return parse_date(printed)
    except NotADate:
        return None


def rules_files() -> list[Path]:
    from drafter import config

    return [config.bundled_dir("phrasebank") / RULES_FILE, config.user_dirs().config / RULES_FILE]


def load_rules() -> list[StaleRule]:
    files = tuple((str(p), p.stat().st_mtime_ns) for p in rules_files() if p.is_file())
    return list(_load(files))


@lru_cache(maxsize=4)
def _load(files: tuple[tuple[str, int], ...]) -> tuple[StaleRule, ...]:
    rules: dict[str, StaleRule] = {}
    for name, _ in files:
        path = Path(name)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise DrafterError(f"{path}: {exc}") from None
        for i, raw in enumerate(data.get("rule", [])):
            where = f"{path}: rule {i + 1}"
            try:
                rule_id, pattern, reason = raw["id"], raw["pattern"], raw["reason"]
            except (KeyError, TypeError):
                raise DrafterError(f"{where}: needs id, pattern and reason") from None
            severity = raw.get("severity", "warning")
            if severity not in SEVERITIES:
                raise DrafterError(f"{where} ({rule_id}): severity must be one of "
                                   f"{', '.join(SEVERITIES)}")
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise DrafterError(f"{where} ({rule_id}): bad pattern: {exc}") from None
            after = raw.get("after")
            if after is not None:
                try:
                    after = (after if isinstance(after, datetime.date)
                             else datetime.date.fromisoformat(str(after)))
                except ValueError:
                    raise DrafterError(f"{where} ({rule_id}): after must be a date "
                                       "YYYY-MM-DD") from None
            rules[rule_id] = StaleRule(rule_id, compiled, reason, raw.get("suggestion", ""),
                                       severity, after)
    return tuple(rules.values())
