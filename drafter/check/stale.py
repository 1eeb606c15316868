"""Stale formulations, from rules files: the phrasebank's stale.toml (the bundled one's
when the phrasebank has none) plus the user's own in the config dir (which adds rules or
replaces them by id)."""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The third-party regex module, not re, for the rules: a rule is the user's (or comes with
# a shared phrasebank), and only regex can stop a match that runs too long.  Its default
# (VERSION0) syntax is re's.
import regex

from drafter.check.model import SEVERITIES, CheckedText, Finding, Location
from drafter.errors import DrafterError, UnreadableFile
from drafter.fileio import read_toml, shown

RULES_FILE = "stale.toml"


@dataclass(frozen=True)
class StaleRule:
    id: str
    pattern: regex.Pattern
    reason: str
    suggestion: str = ""
    severity: str = "warning"
    after: datetime.date | None = None


def check(text: CheckedText, today: datetime.date | None = None, bank=None, **_: object
          ) -> Iterator[Finding]:
    as_of = speech_date(text.date) or today or datetime.date.today()
    bank_dir = bank.path if bank is not None else None
    rules, problem = rules_in_force(bank_dir)
    if problem:
        # One broken rules file (the user's, say) had stopped every check of the draft:
        # it is named, and the files that load are used (new user 41).
        yield Finding("stale.rules-unreadable", "stale", "error",
                      f"stale rules not loaded: {problem}; the other rules files are used",
                      Location(1), suggestion="fix or remove that file")
    # All the rules together get no more than RULES_SECONDS: forty rules each stopped
    # at its own limit had run check past a minute (fuzz pass 48).
    all_done_by = time.monotonic() + RULES_SECONDS
    for done, rule in enumerate(rules):
        if rule.after and as_of < rule.after:
            continue
        if time.monotonic() >= all_done_by:
            yield Finding("stale.rules-too-slow", "stale", "error",
                          f"stale rules stopped: {len(rules) - done} rule(s) from "
                          f"{rule.id!r} on were not checked, the rules before them having "
                          f"taken the {RULES_SECONDS} s they may take together",
                          Location(1), suggestion="simplify or remove the slow rules "
                                                  "check names")
            break
        deadline = min(time.monotonic() + RULE_SECONDS, all_done_by)
        for passage in text.passages:
            try:
                for start, excerpt in _matches(rule.pattern, passage.text, deadline):
                    yield Finding(f"stale.{rule.id}", "stale", rule.severity,
                                  f"stale: {rule.reason}", text.locate(passage, start),
                                  suggestion=rule.suggestion, excerpt=excerpt)
            except TooSlow:
                shown = rule.pattern.pattern
                yield Finding("stale.rule-too-slow", "stale", "error",
                              f"stale rule {rule.id!r} was stopped here: its pattern "
                              f"{shown[:80]!r}{'…' if len(shown) > 80 else ''} ran past "
                              f"the {RULE_SECONDS} s a rule may take, and checked nothing "
                              "after this passage", text.locate(passage, 0),
                              suggestion="write it without repeats that can match the "
                                         "same text many ways (.*a.*b.*c): as words")
                break


# What one rule may spend on a whole draft, and on one phrase when drafting: a rule of
# phrases takes about 30 µs a 600-character window, 50 ms over a draft of a million
# characters, and x.*x.*x.*x.*x[yz] over 3,000 x's had run check for minutes (fuzz pass
# 47).
RULE_SECONDS = 2.0
MAX_PATTERN_CHARS = 2_000  # the bundled rules' longest is 155
MAX_RULES_CHARS = 100_000  # all patterns of one file (compiled at about 4 µs a character)
RULES_SECONDS = 5.0
PHRASE_SECONDS = 0.2


class TooSlow(Exception):
    """A rule's pattern ran past the time it was given."""


# A rule's matches are looked for in windows of this many characters, each overlapping
# the next by _OVERLAP: stale wording is a phrase (十三五规划, 脱贫攻坚战), and a user's
# 作风.*十三五规划 over a 400,000-character paragraph with no sentence end had taken check
# 52 s of CPU, every 作风 scanning to the end (fuzz pass 40).
_WINDOW = 600
_OVERLAP = 200  # the longest match found whole


def _matches(pattern: regex.Pattern, text: str, deadline: float
             ) -> Iterator[tuple[int, str]]:
    """(start, text) of each match of ``pattern`` in ``text`` no longer than _OVERLAP
    characters, in time linear in the text for a pattern of phrases; TooSlow when the
    pattern's own repeats take it past ``deadline`` (time.monotonic())."""

    def found(window: str):
        # (A match of nothing is no phrase found: \b or (?=作风) had flagged every word
        # boundary, or the place before every 作风, fuzz pass 65.)
        try:
            yield from (match for match in pattern.finditer(
                window, timeout=max(0.001, deadline - time.monotonic())) if match.group())
        except (TimeoutError, MemoryError):  # (a recursive pattern runs out of memory)
            raise TooSlow from None

    if len(text) <= _WINDOW:
        for match in found(text):
            yield match.start(), match.group()
        return
    seen = 0  # matches starting before this were given by the window before
    for base in range(0, len(text), _WINDOW - _OVERLAP):
        window = text[base:base + _WINDOW]
        for match in found(window):
            start = base + match.start()
            if start >= seen and (match.end() < len(window) or base + _WINDOW >= len(text)):
                yield start, match.group()
                seen = start + 1
        if base + _WINDOW >= len(text):
            break


# Wording bound to the year it was said in: a plan period, "this year", the government
# of the day, leaders and campaigns of a past decade (两学一做, 2016-17), an anniversary
# (要结合纪念刘少奇同志诞辰… in a 党课: judge 167).  True in a 2008 report, wrong in a
# speech today: material with it is never reused in a new draft.
TIME_BOUND_RE = re.compile(
    r"十五”?(计划|期间|时期)|“?十一五|“?十二五|“?十三五|本届政府|今年|去年|明年|前年|上年|"
    r"过去[一二三四五]年|五年来|一年来|全面建设小康社会|小康社会|科学发展观|三个代表|"
    r"邓小平理论|江泽民|胡锦涛|非典|国际金融危机|金融危机|奥运|世博|汶川|玉树|舟曲|"
    r"新农村建设|两免一补|应对危机|保增长|脱贫攻坚战|决胜全面|近期发生|最近发生|不久前|"
    r"从即日起|政府工作(?:仍|还)?存在|我们的工作还存在|前不久|前些年|前段时间|近[两二三四五]年|"
    r"上半年|下半年|[一二三四]季度|今年以来|那起|原主要领导|周年|诞辰|"
    r"平稳较快|和谐社会|三个文明|两学一做")


def outdated(text: str, as_of: datetime.date, rules: list[StaleRule] | None = None,
             spent: dict[regex.Pattern, float] | None = None) -> str | None:
    """Why ``text`` cannot be reused in a speech given on ``as_of``: a stale rule's
    id, ``time-bound`` wording, or None when it can.  ``rules``: load_rules(), when the
    caller asks about many texts; ``spent``: the seconds each rule's pattern has taken
    so far, added to."""
    if TIME_BOUND_RE.search(text):
        return "time-bound"
    for rule in load_rules() if rules is None else rules:
        if (rule.after is not None and as_of < rule.after) or rule.pattern in _TOO_SLOW:
            continue
        started = time.monotonic()
        try:
            if next(_matches(rule.pattern, text, started + PHRASE_SECONDS), None):
                return rule.id
        except (TimeoutError, MemoryError, TooSlow):
            # Not used again in this run (each phrase would wait for it); `check`
            # names it.
            _TOO_SLOW.add(rule.pattern)
        finally:
            if spent is not None:
                spent[rule.pattern] = spent.get(rule.pattern, 0.0) + time.monotonic() - started
    return None


# What one draft's phrases may take to be judged by the stale rules, all together: thirty
# rules each just within PHRASE_SECONDS on every phrase had kept `outline` busy four
# minutes (fuzz pass C, stop 67).  The bundled rules take a few hundredths of a second.
DRAFT_RULES_SECONDS = 3.0


def _put_aside_slowest(spent: dict[regex.Pattern, float]) -> None:
    """Past DRAFT_RULES_SECONDS, the rules that took half their share of the time or
    more are not used again in this run (`check` names them)."""
    total = sum(spent.values())
    if total > DRAFT_RULES_SECONDS:
        _TOO_SLOW.update(pattern for pattern, seconds in spent.items()
                         if seconds * 2 * len(spent) >= total)
        spent.clear()


_TOO_SLOW: set[regex.Pattern] = set()  # rules stopped once while drafting

# Drafting asks of the same phrases again and again (each proposal, each seed, every
# slot's pool), and asking runs every rule over the text: a sixth of a new draft's time.
# So each answer is kept, per speech date and set of rules in force, for the process.
_JUDGED: dict[tuple[datetime.date, tuple[StaleRule, ...]], dict[str, str | None]] = {}
_JUDGED_SETS = 4  # dates and rule sets kept at once
_JUDGED_TEXTS = 100_000  # texts kept per set (a bundled bank holds fewer)


def outdated_judge(as_of: datetime.date, rules: list[StaleRule]
                   ) -> Callable[[str], str | None]:
    """outdated(text, as_of, rules) for many texts, each text worked out once."""
    key = (as_of, tuple(rules))
    if (judged := _JUDGED.get(key)) is None:
        if len(_JUDGED) >= _JUDGED_SETS:
            _JUDGED.clear()
        judged = _JUDGED[key] = {}
    spent: dict[regex.Pattern, float] = {}  # (by this judge: one draft's)
    # Seconds this judge has spent on the rules, in all and since the slowest were last
    # looked for (summing each rule's seconds after every phrase, with thousands of
    # rules, would cost as much as the rules).
    all_spent, since_looked = [0.0], [0.0]

    def judge(text: str) -> str | None:
        if text in judged:
            return judged[text]
        if all_spent[0] > 2 * DRAFT_RULES_SECONDS:
            # Many rules, none slow (4,000 rules of five characters had taken a draft
            # past two minutes, fuzz pass A of stop 67): the rest of this draft is
            # judged by wording bound to its time alone, not kept for the next.
            return outdated(text, as_of, [])
        if len(judged) >= _JUDGED_TEXTS:
            judged.clear()
        started = time.monotonic()
        judged[text] = outdated(text, as_of, rules, spent)
        took = time.monotonic() - started
        all_spent[0] += took
        since_looked[0] += took
        if since_looked[0] > DRAFT_RULES_SECONDS:
            since_looked[0] = 0.0
            _put_aside_slowest(spent)
        return judged[text]

    return judge


def speech_date(printed: str) -> datetime.date | None:
    from drafter.text.dates import NotADate, parse_date

    try:
        return parse_date(printed)
    except NotADate:
        return None


def rules_files(bank_dir: Path | None = None) -> list[Path]:
    """The rules files in force: the phrasebank's own (a bank mined or copied carries
    one: its maintainer's edits had been ignored without a word, fuzz re-check stop 38),
    else the bundled one's; then the user's."""
    from drafter import config

    own = bank_dir / RULES_FILE if bank_dir is not None else None
    # (Whatever stands there is the bank's: a FIFO or a socket there had been passed over
    # for the bundled rules without a word, fuzz pass 49 n4; reading it says what it is.)
    base = own if own is not None and os.path.lexists(own) else (
        config.bundled_dir("phrasebank") / RULES_FILE)
    return [base, config.user_dirs().config / RULES_FILE]


def load_rules(bank_dir: Path | None = None) -> list[StaleRule]:
    """The stale rules for drafts from and checks against the phrasebank at
    ``bank_dir`` (None: the bundled rules and the user's)."""
    # (Whatever is there is read: a FIFO or a device in the user's place had been passed
    # over without a word, fuzz pass 47 m1; reading it says what it is.)
    return list(_load(tuple(_stamped(p) for p in rules_files(bank_dir)
                            if os.path.lexists(p))))


def _stamped(path: Path) -> tuple[str, int]:
    """A rules file as _load caches it: its name and when it last changed (0 when that
    cannot be told: reading it then says why)."""
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), 0


def rules_file_problem(path: Path) -> str | None:
    """Why the rules file at ``path`` cannot be loaded (file, rule and what is wrong), or
    None when it loads."""
    try:
        _load((_stamped(path),))
    except (DrafterError, OSError) as exc:
        return str(exc)
    return None


def rules_in_force(bank_dir: Path | None = None) -> tuple[list[StaleRule], str | None]:
    """The stale rules for ``bank_dir``, and why a rules file was left out (None when
    every one loaded): the rules of the files that load, so that one broken file (the
    user's, say) does not stop drafting as it does not stop check (fuzz pass 49 q6)."""
    try:
        return load_rules(bank_dir), None
    except DrafterError as exc:
        return _loadable_rules(bank_dir), str(exc)


def _loadable_rules(bank_dir: Path | None) -> list[StaleRule]:
    """The rules of each rules file that loads, the broken ones left out."""
    rules: list[StaleRule] = []
    for path in rules_files(bank_dir):
        if os.path.lexists(path):
            with contextlib.suppress(DrafterError, OSError):
                rules += _load((_stamped(path),))
    return rules


_RULE_KEYS = frozenset({"id", "pattern", "reason", "suggestion", "severity", "after"})


@lru_cache(maxsize=4)
def _load(files: tuple[tuple[str, int], ...]) -> tuple[StaleRule, ...]:
    rules: dict[str, StaleRule] = {}
    for name, _ in files:
        path = Path(name)
        try:
            data = read_toml(path)
        except UnreadableFile as exc:
            raise DrafterError(str(exc)) from None
        listed = data.get("rule", [])
        if not isinstance(listed, list):
            raise DrafterError(f"{path}: rule: expected [[rule]] tables")
        patterns_chars = 0
        for i, raw in enumerate(listed):
            where = f"{path}: rule {i + 1}"
            try:
                rule_id, pattern, reason = raw["id"], raw["pattern"], raw["reason"]
            except (KeyError, TypeError):
                raise DrafterError(f"{where}: needs id, pattern and reason") from None
            if unknown := sorted(set(raw) - _RULE_KEYS):
                # (A mistyped key, afterr or severty, had left the rule in force without
                # its date or its severity, and no word said so: fuzz re-check of stop 65.)
                raise DrafterError(f"{where}: unknown key {shown(unknown[0])[:60]} (a rule "
                                   f"takes {', '.join(sorted(_RULE_KEYS))})")
            # (A number or a list for any of them had ended check, outline and export in
            # a traceback: fuzz pass 44.)
            for field, value in (("id", rule_id), ("pattern", pattern), ("reason", reason),
                                 ("suggestion", raw.get("suggestion", ""))):
                if not isinstance(value, str):
                    raise DrafterError(f"{where}: {field} must be text in quotes, not "
                                       f"{type(value).__name__} {value!r}"[:200])
            severity = raw.get("severity", "warning")
            if severity not in SEVERITIES:
                raise DrafterError(f"{where} ({rule_id}): severity must be one of "
                                   f"{', '.join(SEVERITIES)}")
            if len(pattern) > MAX_PATTERN_CHARS:
                # One of 600,000 alternatives (7.7 MB) had taken 47 s and 1.6 GB to
                # compile, in every command that reads the rules (fuzz pass 49).
                raise DrafterError(f"{where} ({rule_id}): a pattern of {len(pattern):,} "
                                   f"characters; a stale rule names a phrase or a few "
                                   f"(at most {MAX_PATTERN_CHARS:,}): split it into rules")
            patterns_chars += len(pattern)
            if patterns_chars > MAX_RULES_CHARS:
                # 3,400 rules just under the one-pattern cap had taken outline 45 s to
                # compile (fuzz pass 50).
                raise DrafterError(f"{where} ({rule_id}): the patterns of this file pass "
                                   f"{MAX_RULES_CHARS:,} characters; a rules file holds "
                                   "phrases to avoid, not a corpus")
            if any(len(count) > 4 or (count and int(count) > _MANY)
                   for counts in _COUNT_RE.findall(_without_sets(pattern)) for count in counts):
                # a{1000000000} had taken check past 21 GB compiling it (fuzz pass C of
                # stop 65); a phrase is never a thousand of one thing.
                raise DrafterError(f"{where} ({rule_id}): a repeat counted past {_MANY:,} "
                                   f"({pattern[:80]!r}) is not a phrase; write the words "
                                   "to find")
            if _counted_group_of_counts(pattern) or _nested_repeat(pattern):
                # Looked for before compiling: the regex module writes a counted repeat
                # out, and (?:(?:a{1000}){1000}){1000}, each count within _MANY, had taken
                # check past 23 GB compiling it (fuzz pass 4 of stop 69, C-M1).  (a+)+$
                # over a line of 40 a's had run check past 40 s (fuzz pass): Python's re
                # has no time limit, so such a pattern is refused.
                raise DrafterError(f"{where} ({rule_id}): a repeat inside a repeat or of a "
                                   f"choice, or repeats side by side ({pattern[:80]}), can "
                                   "take exponential time; write it without them")
            try:
                compiled = regex.compile(pattern)
            except (regex.error, ValueError) as exc:
                raise DrafterError(f"{where} ({rule_id}): bad pattern: {exc}") from None
            except (RecursionError, MemoryError):  # (400 nested groups: fuzz pass 50)
                raise DrafterError(f"{where} ({rule_id}): the pattern nests its groups too "
                                   "deeply; write the words to find") from None
            if _RECURSION_RE.search(_without_sets(pattern)):
                # (?R) and its kind: the regex module recurses until memory runs out on a
                # text that does not end it (fuzz pass 48: MemoryError in check, outline,
                # export and lint); a stale phrase needs no recursion.
                raise DrafterError(f"{where} ({rule_id}): the pattern {pattern[:80]!r} calls "
                                   "itself ((?R), (?1), (?&name)); write the words to find")
            try:
                empty = compiled.search("", timeout=PHRASE_SECONDS)
            except (TimeoutError, MemoryError):
                raise DrafterError(f"{where} ({rule_id}): the pattern {pattern[:80]!r} runs "
                                   "on and on even over no text; write the words to find"
                                   ) from None
            if empty is not None:
                # An empty pattern (or (?=), x*) had flagged every character of a draft.
                raise DrafterError(f"{where} ({rule_id}): the pattern {pattern!r} matches "
                                   "where there is nothing to find, so it would flag every "
                                   "place; give it the words to find")
            after = raw.get("after")
            if after is not None:
                try:
                    # (A TOML date-time, after = 2025-01-01T00:00:00, is its day: compared
                    # as it was with a date, it had ended check in a traceback, fuzz pass
                    # C of stop 65.)
                    after = (after.date() if isinstance(after, datetime.datetime)
                             else after if isinstance(after, datetime.date)
                             else datetime.date.fromisoformat(str(after)))
                except ValueError:
                    raise DrafterError(f"{where} ({rule_id}): after must be a date "
                                       "YYYY-MM-DD") from None
            rules[rule_id] = StaleRule(rule_id, compiled, reason, raw.get("suggestion", ""),
                                       severity, after)
    return tuple(rules.values())


# A pattern calling itself, or a group of itself (the regex module's (?R), (?1), (?-1),
# (?&name), (?P>name)).
_RECURSION_RE = re.compile(r"\(\?(?:R|[+-]?\d+|&\w+|P>\w+)\)")
# A set of characters with no set inside it ([(?R)] holds the characters "(", "?", "R",
# ")"; fuzz pass 49 q1 saw it refused as a call), and a character escaped.  A set holding
# "[" is left whole: in the regex module's version 1 it may open a set inside.
_SIMPLE_SET_RE = re.compile(r"\[\^?\]?(?:\\.|[^\]\[\\])*\]|\\.", re.DOTALL)


def _without_sets(pattern: str) -> str:
    """``pattern`` with its simple character sets and escapes put as one character each
    (never joining what was on either side): what is left is where a group or a call
    can be."""
    return _SIMPLE_SET_RE.sub("_", pattern)


# The counts of a counted repeat ({3}, {2,5}, {,9}), the numbers that size it.
_COUNT_RE = re.compile(r"\{(?=\d*,?\d*\})(\d*),?(\d*)\}")
_MANY = 1000  # a bounded repeat this long ([\s\S]{1,65535}) is as costly as an unbounded one


def _counted_group_of_counts(pattern: str) -> bool:
    """Whether a group followed by a count of more than one holds a count of more than
    one: what _nested_repeat finds, read from the text alone, for a pattern Python's re
    cannot parse (\\p{Han} is the regex module's)."""
    text = _without_sets(pattern)
    opened: list[int] = []  # where each group still open starts
    for at, char in enumerate(text):
        if char == "(" and (at == 0 or text[at - 1] != "\\"):
            opened.append(at)
        elif char == ")" and opened and text[at - 1] != "\\":
            start = opened.pop()
            count = _COUNT_RE.match(text, at + 1)
            if count and max(int(n or 0) for n in count.groups()) > 1 and any(
                    max(int(n or 0) for n in inner.groups()) > 1
                    for inner in _COUNT_RE.finditer(text, start, at)):
                return True
    return False


def _nested_repeat(pattern: str) -> bool:
    r"""Whether ``pattern`` repeats something that repeats itself ((a+)+, (a*b?)*), repeats
    a choice ((a|aa)*), or puts repeats of many side by side (\w*\w*): the shapes of
    regular expressions that backtrack exponentially or polynomially."""
    from re import _constants as c  # (the parser of re: Python 3.11 and later)
    from re import _parser as parser

    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)

    def repeats_many(items) -> bool:
        """Whether ``items`` hold a repeat of many anywhere inside."""
        for op, value in items:
            if op in repeats and (value[1] is c.MAXREPEAT or value[1] > 1
                                  or repeats_many(value[2])):
                return True
            if op is c.SUBPATTERN and repeats_many(value[-1]):
                return True
            if op is c.BRANCH and any(repeats_many(branch) for branch in value[1]):
                return True
        return False

    def walk(items, inside: bool) -> bool:
        # Items in a row that each hold a repeat of many (\w*\w*, and (a*)?(a*)?…b,
        # each wrapped in an optional group: fuzz pass 39): a text split every way.
        runs = 0
        for op, value in items:
            if op in repeats:
                _low, high, sub = value
                many = high is c.MAXREPEAT or high > 1
                if (many and inside) or (high is not c.MAXREPEAT and high > _MANY):
                    return True
                runs = runs + 1 if many or repeats_many(sub) else 0
                if runs > 1:
                    return True
                if walk(sub, inside or many):
                    return True
            elif op is c.SUBPATTERN:
                runs = runs + 1 if repeats_many(value[-1]) else 0
                if runs > 1 or walk(value[-1], inside):
                    return True
            elif op is c.BRANCH:
                runs = runs + 1 if repeats_many([(op, value)]) else 0
                # Alternatives under a repeat ((a|aa)*$) match one text many ways.
                if runs > 1 or inside or any(walk(branch, inside) for branch in value[1]):
                    return True
            elif op in (c.ASSERT, c.ASSERT_NOT):
                runs = 0
                if walk(value[1], inside):
                    return True
            else:
                runs = 0
        return False

    try:
        return walk(parser.parse(pattern), False)
    except Exception:  # (a parser of another Python: compiled already, so let it be)
        return False
