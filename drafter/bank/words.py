"""New-word discovery for the domain dictionary (政治站位, 两个维护, 选人用人 …).

A string is a word when its characters stick together (cohesion: the least pointwise
mutual information over its split points) and it is free at both ends (left and right
entropy of the characters next to it), the classic recipe, which held up when measured
on the seeds.  Candidates that start or end with a function character (的, 是, 要 …) or that
the segmenter already keeps whole are dropped.

The dictionary file ``dictionary.txt`` in the phrasebank is curated like the phrases:
``word<TAB>status<TAB>count``, sorted; a maintainer's approved/rejected status
survives re-mining, and rejected words are not given to the segmenter.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import DrafterError
from drafter.text.chars import CJK

DICTIONARY_FILE = "dictionary.txt"
_COUNT_DIGITS = 12  # a word's count in the corpus: a trillion is past any
BAD_COUNT = "with a count that is no whole number"  # how read_dictionary_file says so
_RUN_RE = re.compile(f"[{CJK}]+")
_EDGE_CHARS = set("的是要了和在与及把对为等中上下也就都而并或其之以从向于被让使得地着过"
                  "这那每我你他个必")
_BOUNDARY = "\0"
# Enough text for stable statistics; more only costs memory.
MAX_CHARS = 600_000


@dataclass(frozen=True)
class WordCandidate:
    word: str
    count: int
    cohesion: float
    entropy: float

    @property
    def score(self) -> float:
        return self.count * self.cohesion * self.entropy


def discover_words(texts: Iterable[str], min_count: int = 3, max_len: int = 6,
                   min_cohesion: float = 3.0, min_entropy: float = 0.9,
                   known=None) -> list[WordCandidate]:
    """New words in ``texts``, best first.  ``known(word)`` says whether the segmenter
    already keeps the word whole (those are not new)."""
    runs: list[str] = []
    size = 0
    for text in texts:
        for run in _RUN_RE.findall(text):
            runs.append(run)
            size += len(run)
        if size >= MAX_CHARS:
            break
    counts: Counter[str] = Counter()
    for n in range(1, max_len + 2):
        # One Counter.update per length over a flat list: counted in C.
        counts.update([run[i:i + n] for run in runs for i in range(len(run) - n + 1)])
    total = sum(counts[c] for c in counts if len(c) == 1) or 1
    candidates = {w for w, c in counts.items()
                  if 2 <= len(w) <= max_len and c >= min_count
                  and w[0] not in _EDGE_CHARS and w[-1] not in _EDGE_CHARS}
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    for run in runs:
        padded = _BOUNDARY + run + _BOUNDARY
        for n in range(2, max_len + 1):
            for i in range(1, len(padded) - n):
                if padded[i:i + n] in candidates:
                    word = padded[i:i + n]
                    left[word][padded[i - 1]] += 1
                    right[word][padded[i + n]] += 1
    found = []
    for word in candidates:
        probability = counts[word] / total
        cohesion = min(
            math.log(probability / ((counts[word[:k]] / total) * (counts[word[k:]] / total)))
            for k in range(1, len(word)))
        entropy = min(_entropy(left[word]), _entropy(right[word]))
        if cohesion >= min_cohesion and entropy >= min_entropy:
            found.append(WordCandidate(word, counts[word], round(cohesion, 3), round(entropy, 3)))
    found = _drop_fragments(found)
    if known is not None:
        found = [c for c in found if not known(c.word)]
    return sorted(found, key=lambda c: (-c.score, c.word))


def _entropy(neighbours: Counter[str]) -> float:
    total = sum(neighbours.values())
    if not total:
        return 0.0
    entropy = 0.0
    for char, count in neighbours.items():
        # Each run boundary is a different neighbour: it counts as its own outcome.
        for _ in range(count if char == _BOUNDARY else 1):
            share = (1 if char == _BOUNDARY else count) / total
            entropy -= share * math.log(share)
    return entropy


def _drop_fragments(found: list[WordCandidate]) -> list[WordCandidate]:
    """政治站 is a fragment of 政治站位 when it (nearly) never occurs without it."""
    # The largest count among each candidate's longer candidates, via their substrings.
    longest: dict[str, int] = {}
    for candidate in found:
        word = candidate.word
        for n in range(2, len(word)):
            for i in range(len(word) - n + 1):
                part = word[i:i + n]
                longest[part] = max(longest.get(part, 0), candidate.count)
    return [c for c in found if longest.get(c.word, 0) < 0.8 * c.count]


# --- the dictionary file -----------------------------------------------------------------


# A word of the dictionary: Chinese, with letters or figures at most beside it (5G基站),
# 2 to 32 characters (the bundled ones are at most 16).  20 MB of random text taken as
# words had taken every later mine to 3.8 GB (fuzz pass 40); they are left out.
MAX_WORD_CHARS = 32
MAX_DICTIONARY_WORDS = 500_000  # the bundled dictionary has 12,000
# Far more bytes than that many words take: read whole, a file of 1.2 GB of zeros (a
# damaged disk's) had taken a mine to 2.4 GB before any line was refused (fuzz pass,
# stop 62).
MAX_DICTIONARY_BYTES = 64 * 1024 * 1024
_WORD_RE = re.compile(f"(?=.*[{CJK}])[{CJK}A-Za-z0-9·]{{2,{MAX_WORD_CHARS}}}")


def load_dictionary(bank_dir: str | os.PathLike[str], problems: list[str] | None = None
                    ) -> dict[str, tuple[str, int]]:
    """word → (status, count), from the dictionary file of a phrasebank directory."""
    return read_dictionary_file(Path(bank_dir) / DICTIONARY_FILE, problems)


def read_dictionary_file(path: str | os.PathLike[str], problems: list[str] | None = None
                         ) -> dict[str, tuple[str, int]]:
    """word → (status, count): the one reader of the ``word<TAB>status<TAB>count`` format
    (a line without a status is approved; a missing file is an empty dictionary).  Lines
    that are no word, and words past MAX_DICTIONARY_WORDS, are left out, said once in
    ``problems``."""
    path = Path(path)
    entries: dict[str, tuple[str, int]] = {}
    if not path.is_file():
        return entries
    if (size := path.stat().st_size) > MAX_DICTIONARY_BYTES:
        raise DrafterError(f"{path}: too large ({size // (1024 * 1024):,} MB; a dictionary "
                           f"takes at most {MAX_DICTIONARY_BYTES // (1024 * 1024)} MB): a "
                           "damaged file? Move it away: a mine writes it again")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DrafterError(f"{path}: not UTF-8 text (byte {exc.start}); the dictionary is "
                           "word<TAB>status<TAB>count lines in UTF-8") from None
    left_out: list[int] = []
    bad_counts: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        word = fields[0].strip()
        if not _WORD_RE.fullmatch(word) or len(entries) >= MAX_DICTIONARY_WORDS:
            left_out.append(number)
            continue
        status = fields[1].strip() if len(fields) > 1 else "approved"
        # (A count past what any corpus gives, 5,000 digits, had raised Python's
        # ValueError for long ints in lint, mine and outline: fuzz pass 47 P4.)
        digits = (len(fields) > 2 and fields[2].isascii() and fields[2].isdigit()
                  and len(fields[2].strip()) <= _COUNT_DIGITS)
        count = int(fields[2]) if digits else 0
        if len(fields) > 2 and fields[2].strip() and not digits:
            bad_counts.append(number)  # (said: lint had found nothing, fuzz pass 48 n2)
        entries[word] = (status, count)
    if bad_counts and problems is not None:
        problems.append(f"{path}:{bad_counts[0]}: {len(bad_counts):,} line(s) {BAD_COUNT} "
                        f"of at most {_COUNT_DIGITS} digits: read as 0, and written so when "
                        "mining rewrites the dictionary")
    if left_out and problems is not None:
        problems.append(f"{path}:{left_out[0]}: {len(left_out):,} line(s) hold no word "
                        f"(2-{MAX_WORD_CHARS} characters of Chinese, at most "
                        f"{MAX_DICTIONARY_WORDS:,} words): left out, and dropped when "
                        "mining rewrites the dictionary")
    return entries


def save_dictionary(bank_dir: str | os.PathLike[str],
                    entries: dict[str, tuple[str, int]]) -> Path:
    from drafter.fileio import atomic_write

    return atomic_write(Path(bank_dir) / DICTIONARY_FILE, dictionary_text(entries))


def dictionary_text(entries: dict[str, tuple[str, int]]) -> str:
    """The dictionary file's text (the one writer of the format read_dictionary_file reads)."""
    lines = ["# Domain dictionary: word<TAB>status<TAB>count (mined; status is curated)\n"]
    lines += [f"{word}\t{status}\t{count}\n" for word, (status, count) in sorted(entries.items())]
    return "".join(lines)


def merge_words(entries: dict[str, tuple[str, int]],
                found: Iterable[WordCandidate]) -> dict[str, tuple[str, int]]:
    """New words join as candidates; known ones keep their status, counts grow."""
    merged = dict(entries)
    for candidate in found:
        status, count = merged.get(candidate.word, ("candidate", 0))
        merged[candidate.word] = (status, max(count, candidate.count))
    return merged
