"""Quotations with who said them: leaders, classics, sayings and classical verse.

- attributed: 习近平总书记深刻指出，“…” / 毛主席说：“…” / 习近平强调，“…” in a news
  write-up (the reporter's narration is not a passage, the words it quotes are), and
  anyone a write-up names as the one speaking (王明强调，“…”);
- 正如马克思所说，“…”;
- sayings: 古人云：“…” / 俗话说，“…” / 《论语》说：“…” (the source is the speaker);
- classical verse: “山重水复疑无路，柳暗花明又一村。” (two or four lines of five or seven
  characters) where the words before it say verse is quoted (a poet's name, 诗云, 古人说),
  recorded under the poet's name or as 古诗文.

A term in quotation marks (“两个维护”) is not a quotation: a quote is ten or more
characters, or ends like a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from drafter.bank.model import SAYINGS, SPEAKERS
from drafter.corpus.patterns import PERSON_NAME
from drafter.text.chars import CJK

_SAID = (r"(?:深刻|明确|反复|曾经|曾|多次|一再|早就|生动地|鲜明地)?"
         r"(?:指出|强调|说过|说|提出|要求|教导我们|告诫我们|讲过|讲|所说|曾说|明确提出|"
         r"深刻阐明|阐述|寄语|勉励|希望|号召)")
# 习近平总书记在…时深刻指出，“…”: up to 40 characters between the name and the verb.
_ATTRIBUTED_RE = re.compile(
    f"(?P<speaker>{SPEAKERS})[^“”。！？]{{0,40}}?{_SAID}"
    r"[^“”。！？]{0,6}?[，：:]?\s*“(?P<text>[^“”]{6,240})”")
# Anyone else a write-up quotes by name: 王明强调，“…” (a surname, then one or two
# characters), at the start of a sentence or clause, the verb straight after the name.
_NAMED_RE = re.compile(
    f"(?:^|(?<=[，。；：！？”’\\s]))(?P<speaker>{PERSON_NAME})"
    f"(?:同志)?{_SAID}[，：:]?\\s*“(?P<text>[^“”]{{6,240}})”")
_AS_SAID_RE = re.compile(
    f"正如(?P<speaker>{SPEAKERS})[^“”。！？]{{0,10}}?所(?:说|指出|强调|言|讲)(?:的那样)?"
    r"[，：:]?\s*“(?P<text>[^“”]{6,240})”")
_SAYING_RE = re.compile(
    f"(?P<speaker>{SAYINGS})(?:中|里|里面)?(?:常)?(?:说|云|讲|曰|有云|有言|说得好|讲得好|道|所说|"
    r"所言|指出|叫|讲的)?[，：:]?\s*“(?P<text>[^“”]{4,160})”")
_SPEAKER_RE = re.compile(SPEAKERS)
# What may stand before quoted verse: a poet, or words that say verse is quoted.
_POETS = (r"李白|杜甫|白居易|苏轼|陆游|辛弃疾|王安石|范仲淹|文天祥|屈原|陶渊明|王维|刘禹锡|"
          r"李商隐|杜牧|孟郊|郑板桥|于谦|龚自珍|林则徐|曹操|诸葛亮|韩愈|柳宗元|欧阳修|王之涣|"
          r"李贺|岳飞|孟子|孔子|老子|庄子|荀子|毛泽东")
_VERSE_CUE_RE = re.compile(f"(?P<poet>{_POETS})|诗|词|古人|古语|名句|吟|有云|写道|所言|曾言|先贤")
_VERSE_CUE_BEFORE = 16  # characters before the verse where its cue must be
# Five- or seven-character lines, two or four of them, as classical verse is quoted.
_VERSE_RE = re.compile(
    rf"“(?P<text>(?:[{CJK}]{{5}}[，,][{CJK}]{{5}}|[{CJK}]{{7}}[，,][{CJK}]{{7}})"
    rf"(?:[，。；][{CJK}]{{5,7}}[，,][{CJK}]{{5,7}})?[。！？]?)”")
VERSE_SPEAKER = "古诗文"


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str
    start: int  # where the quoted words begin in the paragraph


def find_quotes(text: str) -> Iterator[Quote]:
    """The quotations of one paragraph, each once, in order."""
    seen: set[int] = set()
    for pattern in (_ATTRIBUTED_RE, _AS_SAID_RE, _SAYING_RE, _NAMED_RE):
        for m in pattern.finditer(text):
            quote = m.group("text").strip()
            if m.start("text") in seen or not _is_utterance(quote):
                continue
            if pattern is _NAMED_RE and not _could_be_name(m.group("speaker")):
                continue  # 明确提出，“…”: a word that starts like a surname
            speaker = _nearest_speaker(m)
            if pattern is _SAYING_RE:
                # 毛主席有一句名言，“…”: the saying is the leader's.
                before = list(_SPEAKER_RE.finditer(text[max(0, m.start() - 12):m.start()]))
                speaker = before[-1].group() if before else speaker
            seen.add(m.start("text"))
            yield Quote(quote, speaker, m.start("text"))
    for m in _VERSE_RE.finditer(text):
        if m.start("text") in seen:
            continue
        # Verse with nothing before it saying it is verse may be a slogan or a proverb of
        # that shape (开放创新的亚洲，繁荣发展的世界): left out.
        before = text[max(0, m.start() - _VERSE_CUE_BEFORE):m.start()]
        cues = list(_VERSE_CUE_RE.finditer(before))
        if cues:
            seen.add(m.start("text"))
            poet = next((c.group("poet") for c in reversed(cues) if c.group("poet")), None)
            yield Quote(m.group("text"), poet or VERSE_SPEAKER, m.start("text"))


def _could_be_name(word: str) -> bool:
    """A name jieba's dictionary does not know as an ordinary word (明确, 党中央, 国家 are
    words; 王明 is not one, or is tagged as a name)."""
    from drafter.text.wordtags import word_tags

    tags = word_tags()
    return all(tags.get(word[:n]) in (None, "nr", "nrt", "nrfg") for n in range(2, len(word) + 1))


def _nearest_speaker(m: re.Match[str]) -> str:
    """The speaker named last before the verb: 马克思的科学研究，就像列宁所说的那样，“…”
    quotes Lenin, not Marx."""
    lead = m.string[m.start():m.start("text")]
    named = list(_SPEAKER_RE.finditer(lead))
    return named[-1].group() if named else m.group("speaker")


def _is_utterance(quote: str) -> bool:
    """Words someone said, not a term in quotation marks (“五大发展理念”)."""
    return len(quote) >= 10 or quote[-1] in "。！？"
