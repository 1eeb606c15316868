"""Which phrases a bulk review decision is for: a rule over their fields, and the order
the queue shows them in.

A rule is a few conditions separated by spaces, all of which must hold::

    kind=idiom score<0.4                 idioms scored under 0.4
    kind=heading,lead status=candidate   headings or run-in heads not yet reviewed
    section=work_style domain!=general   filed under 作风建设, about something specific
    source~2019_ text~"政治 站位"          from files named …2019_…, the text holding 政治 站位

Fields: ``kind``, ``section`` (the phrase's first section type, the one it is filed
under), ``domain`` (its first domain; ``-`` for none), ``status``, ``score``, ``source``
(a source file's name), ``text``, ``id``.  Operators: ``=`` one of the comma-separated
values, ``!=`` none of them, ``~`` contains (``!~`` does not), and for ``score`` also
``<`` ``<=`` ``>`` ``>=``.  Quote a value holding spaces.  The command line
(``drafter phrasebank review --where``) and the review screen read the same syntax.
"""

from __future__ import annotations

import math
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from drafter.bank.model import STATUSES, Phrase
from drafter.errors import DrafterError

FIELDS = ("kind", "section", "domain", "status", "score", "source", "text", "id")
SORT_KEYS = FIELDS  # the queue sorts by any field a rule can test
_OPERATORS = ("<=", ">=", "!=", "!~", "<", ">", "=", "~")
_CONDITION_RE = re.compile(r"([a-z]+)\s*(<=|>=|!=|!~|<|>|=|~)(.*)", re.S)
NO_DOMAIN = "-"


# A rule a person writes has a few conditions, and each is tried on every phrase of the
# bank (0.2 s a condition on the bundled 92,000): 300 of them had held a listing 66 s and
# the review screen, which filters as the rule is entered, 84 s (fuzz pass 3 of stop 69,
# C-M2).  A value list of = or != is looked up as a set, whatever its length (a script's
# list of ids).
MAX_CONDITIONS = 16


class RuleError(DrafterError):
    """A rule that cannot be read: which part, and why."""


def field_values(phrase: Phrase, name: str) -> list[str]:
    """The strings a condition on ``name`` tests (a phrase has many sources); the review
    screen's filters test the same, so a filter and a rule on a field agree."""
    if name == "section":
        return [phrase.section or ""]
    if name == "domain":
        return [phrase.domain or NO_DOMAIN]
    if name == "source":
        return [s.file for s in phrase.sources] or [""]
    return [str(getattr(phrase, name))]


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    values: tuple[str, ...]
    number: float | None = None  # for score comparisons
    # The values looked up as a set (a list of thousands of ids is one lookup a phrase).
    _value_set: frozenset[str] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_value_set", frozenset(self.values))  # (frozen)

    def matches(self, phrase: Phrase) -> bool:
        if self.field == "score":
            return _compare(phrase.score, self.operator, self.number)
        found = field_values(phrase, self.field)
        if self.operator == "=":
            return any(v in self._value_set for v in found)
        if self.operator == "!=":
            return not any(v in self._value_set for v in found)
        holds = any(value in text for value in self.values for text in found)
        return holds if self.operator == "~" else not holds

    def __str__(self) -> str:
        value = ",".join(self.values)
        return f"{self.field}{self.operator}{shlex.quote(value) if ' ' in value else value}"


def _compare(score: float, operator: str, number: float | None) -> bool:
    assert number is not None
    return {"<": score < number, "<=": score <= number, ">": score > number,
            ">=": score >= number, "=": abs(score - number) < 5e-4,
            "!=": abs(score - number) >= 5e-4}[operator]


@dataclass(frozen=True)
class Rule:
    conditions: tuple[Condition, ...] = ()

    def matches(self, phrase: Phrase) -> bool:
        return all(c.matches(phrase) for c in self.conditions)

    def __str__(self) -> str:
        return " ".join(map(str, self.conditions)) or "(every phrase)"

    def __bool__(self) -> bool:
        return bool(self.conditions)


def parse_rule(text: str, known: dict[str, Iterable[str]] | None = None) -> Rule:
    """Read a rule; ``known`` maps a field (section, domain, kind, status) to the values
    it may take, so that a misspelt key is an error instead of a rule matching nothing."""
    try:
        parts = shlex.split(text)
    except ValueError as exc:
        raise RuleError(f"rule {_shown(text)}: {exc}") from None
    conditions = []
    for part in parts:
        match = _CONDITION_RE.fullmatch(part)
        if not match:
            raise RuleError(f"rule {_shown(text)}: {part!r} is not field<op>value "
                            f"(fields: {', '.join(FIELDS)}; operators: {' '.join(_OPERATORS)})")
        name, operator, value = match.groups()
        if name not in FIELDS:
            raise RuleError(f"rule {_shown(text)}: unknown field {name!r} "
                            f"(fields: {', '.join(FIELDS)})")
        values = tuple(v.strip() for v in value.split(",")) if operator in ("=", "!=") \
            else (value.strip(),)
        if not all(values):
            raise RuleError(f"rule {_shown(text)}: {part!r} has no value")
        number = None
        if name == "score":
            if operator in ("~", "!~"):
                raise RuleError(f"rule {_shown(text)}: score takes = != < <= > >=, not {operator}")
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                # (score<nan had matched nothing without a word: fuzz pass 41, F16.)
                raise RuleError(f"rule {_shown(text)}: score{operator}{value}: "
                                "not a number") from None
        elif operator in ("<", "<=", ">", ">="):
            raise RuleError(f"rule {_shown(text)}: {operator} compares scores only, not {name}")
        allowed = set((known or {}).get(name, ()))
        if allowed and operator in ("=", "!=") and name == "domain":
            allowed.add(NO_DOMAIN)
        unknown = [v for v in values if allowed and operator in ("=", "!=") and v not in allowed]
        if unknown:
            raise RuleError(f"rule {_shown(text)}: unknown {name} {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(allowed))})")
        condition = Condition(name, operator, values, number)
        if condition not in conditions:  # (a condition said twice holds once)
            conditions.append(condition)
        if len(conditions) > MAX_CONDITIONS:
            raise RuleError(f"rule {_shown(text)}: more than {MAX_CONDITIONS} conditions; "
                            "a rule of a few says what it is for (split the work into "
                            "several decisions)")
    return Rule(tuple(conditions))


def _shown(text: str) -> str:
    """A rule as an error quotes it: a long one cut (a 5 KB rule filled the terminal)."""
    return repr(text if len(text) <= 80 else text[:77] + "…")


def _sort_key(name: str) -> Callable[[Phrase], object]:
    if name not in SORT_KEYS:
        raise RuleError(f"cannot sort by {name!r} (by: {', '.join(SORT_KEYS)})")
    if name == "score":
        return lambda p: p.score
    if name == "status":  # in the order of review: candidates first
        return lambda p: STATUSES.index(p.status)
    return lambda p: field_values(p, name)[0] if name != "source" else min(
        field_values(p, name))


def select(phrases: Iterable[Phrase], rule: Rule | None = None, sort: str = "score",
           descending: bool | None = None) -> list[Phrase]:
    """The phrases ``rule`` matches, sorted by ``sort`` (scores best first unless
    ``descending`` says otherwise, statuses candidate first, other fields A to Z; a sort
    written -score the other way round: lowest scores first, the ones a maintainer
    looks at first, which new user 52 could not ask for), then by id."""
    reversed_order = sort.startswith("-")
    name = sort.removeprefix("-")
    key = _sort_key(name)
    chosen = [p for p in phrases if rule is None or rule.matches(p)]
    chosen.sort(key=lambda p: p.id)  # a stable tie order: the same bank, the same queue
    if descending is None:
        descending = (name == "score") != reversed_order
    chosen.sort(key=key, reverse=descending)
    return chosen
