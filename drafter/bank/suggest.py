"""Phrases for what the writer is typing (提词), and a search that does not give up.

``suggest`` takes the text typed so far in a heading or a sentence, the node's section
type and the draft's topic and domains, and returns ghost text that completes the line
and a short list of phrases that continue or match it:

- *continue*: phrases holding the end of what is typed (its last clause, or the longest
  tail of that clause some phrase holds); the rest of the phrase after it carries the
  writer's line on (to the end of that sentence).  A phrase that starts with it is a
  prefix match and ranks above one that holds it inside (infix).  When only a tail of
  the clause that opens on a noun matched inside a phrase, the phrase's own words before
  it govern the rest (补齐城市基础设施短板 for 完善城市基础设施): it replaces the clause;
- *match*: when fewer phrases continue it than the list holds, phrases holding every
  word of the last clause in any order (jieba words, as mining cuts them):
  把政治建设摆在首位 → 政治建设 … 摆在 … 首位.  Taking one replaces the clause.

Both are ranked by how they match, then by the node's section type (among a phrase's
first two), the draft's domains, the topic (its bigrams shared, and whether the phrase
says a word the topic is drafted by), the kind a heading or a sentence wants, and
quality.  Each lookup is a few FTS5 queries that stop early
(rows are numbered best first: see index.py).

``find`` is search as the phrase browser and ``drafter search`` use it: when no phrase
holds the query, phrases holding all its words (or most of them); and how many more the
filters (section, domain, kind) hide, so that a writer is told instead of shown nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from drafter.bank.index import Hit, fts_query
from drafter.bank.phrasebank import Match, PhraseBank, topic_grams
from drafter.bank.taxonomy import GENERAL_DOMAIN
from drafter.text.chars import CJK

# Where a clause ends: what is typed after the last of these is what is being written.
_CLAUSE_END_RE = re.compile(r"[，。；：！？、,.;:!?\s“”‘’（）《》]")
_SENTENCE_END_RE = re.compile("[。！？；]")
_WORD_RE = re.compile(f"[{CJK}]{{2,}}|[A-Za-z0-9]{{2,}}")
# Two-character words too common to narrow a search down.
_STOP_WORDS = frozenset("我们 你们 他们 一个 这个 那个 进一步 以及 并且 通过 进行 就是 还是 但是 "
                        "因为 所以 如果 已经 一些 各级 各个 同时 不断 更加 切实".split())
_TAILS = (12, 8, 6, 4, 3, 2)  # tails of a long clause tried in turn, longest first
_POOL = 120  # matches ranked per lookup
HEADING_KINDS = ("heading", "lead")
HEADING_CHARS = 40  # the longest line a heading's suggestion makes
_HEAD_END = "。．.；;，,"  # marks a heading does not end on

# Ranking weights: how a phrase matches counts most, then the context, then quality.
_PREFIX = 2.0
_INFIX = 1.0
_WORDS = 0.6
# How far apart the words of a 词 match may stand, beyond twice the clause typed.
_WORDS_SLACK = 6
_SECTION = 0.8
_DOMAIN = 0.4
_TOPIC = 0.6
# A phrase that says one of the words the topic is drafted by: on a 城市更新 speech, 要坚持
# 以人民为中心 had been continued from 中部崛起 and 宗教场所 passages (new user).
_SAYS_TOPIC = 1.0
_KIND = 0.5
_APPROVED = 0.3
# A phrase filed under none of the draft's domains and not topic-neutral: 要加强 in a
# 安全生产 speech had been continued with 残疾预防 (new user).
_FOREIGN = 1.0


@dataclass(frozen=True)
class Suggestion:
    id: str
    text: str  # the phrase
    how: str  # prefix, infix, replace (the last clause) or words
    value: str  # the whole line once it is taken
    ghost: str = ""  # what it adds after the typed text (continue matches only)


@dataclass
class Suggestions:
    typed: str
    items: list[Suggestion] = field(default_factory=list)

    @property
    def ghost(self) -> str:
        """The completion shown after the cursor: the best continuation."""
        return next((s.ghost for s in self.items if s.ghost), "")


@dataclass(frozen=True)
class Context:
    """Where the writer is typing: the node's section type, the draft's domains and
    topic, and whether it is a heading."""

    section: str | None = None
    domains: tuple[str, ...] = ()
    topic: str = ""
    heading: bool = False
    # The words the topic is drafted by (Draft.topic_words): what a phrase on it says.
    words: tuple[str, ...] = ()

    @classmethod
    def of(cls, draft, node=None, heading: bool = False) -> Context:
        """The context of a draft's node (drafter.draft.model: the node's section type,
        the topic and domains the assembler understood, else the topic field)."""
        topic = draft.topic or {}
        domains = tuple(d[0] if isinstance(d, (list, tuple)) else str(d)
                        for d in topic.get("domains", []) if d)
        return cls(section=getattr(node, "section", None), domains=domains,
                   topic=str(topic.get("text") or draft.fields.get("topic", "")),
                   heading=heading, words=draft.topic_words)


def last_clause(typed: str) -> tuple[int, str]:
    """Where the clause being written starts, and the clause."""
    ends = list(_CLAUSE_END_RE.finditer(typed))
    start = ends[-1].end() if ends else 0
    return start, typed[start:]


def query_words(text: str, bank: PhraseBank | None = None) -> list[str]:
    """The words of ``text`` a search can look for (two characters or more, not too
    common), cut by the segmenter mining uses (with the bank's dictionary)."""
    return list(_words(text, _dictionary(bank.path) if bank is not None else None))


@lru_cache(maxsize=1024)
def _words(text: str, dictionary: str | None) -> tuple[str, ...]:
    """Cached: the phrase browser and the editor ask again for each key typed."""
    from drafter.text.segment import segmenter_for

    words: list[str] = []
    for word in segmenter_for(dictionary).cut(text):
        if _WORD_RE.fullmatch(word) and word not in _STOP_WORDS and word not in words:
            words.append(word)
    return tuple(words)


@lru_cache(maxsize=8)
def _dictionary(bank: Path) -> str | None:
    from drafter.bank.words import DICTIONARY_FILE

    path = bank / DICTIONARY_FILE
    return str(path) if path.is_file() else None


def suggest(bank: PhraseBank, typed: str, context: Context = Context(),
            limit: int = 6) -> Suggestions:
    """Ghost text and up to ``limit`` phrases for ``typed`` (see the module's doc)."""
    out = Suggestions(typed)
    start, clause = last_clause(typed)
    clause = clause.strip()
    if not clause:
        return out
    weigh = _weigher(context)
    scored: dict[str, tuple[float, Suggestion]] = {}
    for tail in _tails(clause):
        found = _pool(bank, fts_query(tail), context)
        for match in found:
            at = match.text.find(tail)
            if at < 0:
                continue  # the index matched bigrams across punctuation
            rest = _to_sentence_end(match.text[at + len(tail):])
            if not rest:
                continue
            how = "prefix" if at == 0 else "infix"
            value, ghost = typed + rest, rest
            if (at and len(tail) < len(clause) and _opens_on_noun(tail)
                    and match.text[at - 1] != clause[-len(tail) - 1]):  # (把…: the same)
                # The phrase's own words before a noun the writer's line ends on govern
                # what follows it: 补齐城市基础设施短板 does not continue 完善城市基础设施
                # (完善…短板), it is offered in place of the clause.
                how = "replace"
                begun = max((m.end() for m in _CLAUSE_END_RE.finditer(match.text, 0, at)),
                            default=0)
                value, ghost = typed[:start] + match.text[begun:at + len(tail)] + rest, ""
            weight = (_PREFIX if how == "prefix" else _INFIX) * len(tail) / len(clause)
            # (Its topic is judged on the words offered, from the clause they open in,
            # not on the whole paragraph.)
            clause_start = max((m.end() for m in _CLAUSE_END_RE.finditer(match.text, 0, at)),
                               default=0)
            weight += weigh(match, match.text[clause_start:at + len(tail)] + rest)
            if _better(scored, match.id, weight):
                scored[match.id] = (weight, Suggestion(match.id, match.text, how,
                                                       value, ghost))
        if scored:
            followed = len(tail)
            break  # the longest tail some phrase continues is the one to follow
    else:
        followed = 0
    # Word matches fill the list when too few phrases continue the line (a continuation
    # is what the writer asked for), or when only a short tail of it was continued:
    # 隐患排查要加强 had been offered only 要加强学生健康教育 and the like.
    wanted = len(scored) < limit or 2 * followed < len(clause)
    words = query_words(clause, bank) if len(clause) >= 4 and wanted else []
    if len(words) > 1:
        for match in _pool(bank, " AND ".join(f"({fts_query(w)})" for w in words), context):
            said = _where_said(match.text, words, len(clause))
            if said is None:
                continue
            # A phrase holding every word outranks its own continuation of a short tail.
            weight = _WORDS + weigh(match, said)
            if _better(scored, match.id, weight):
                scored[match.id] = (weight, Suggestion(match.id, match.text, "words",
                                                       typed[:start] + said))
    ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].id))
    if context.heading:
        # A heading is a line, not a paragraph: Tab on a 词 match had put a passage of
        # 150 characters in the heading box (new user).
        ranked = [pair for pair in ranked if len(pair[1].value) <= HEADING_CHARS]
        # Nor does it end on a full stop (a head mined as a lead sentence had brought
        # its 。 into the heading box: new user 42).
        ranked = [(weight, replace(item, value=item.value.rstrip(_HEAD_END),
                                   ghost=item.ghost.rstrip(_HEAD_END)))
                  for weight, item in ranked if item.value.rstrip(_HEAD_END) != typed]
    # One row for each line a suggestion would make: two phrases continuing the line
    # alike had shown as two identical rows (new user).
    distinct = {}
    for _, item in ranked:
        distinct.setdefault(item.value, item)
    out.items = list(distinct.values())[:limit]
    return out


_NEUTRAL = f" {GENERAL_DOMAIN} "

# Tags (jieba's dictionary) of words that name a thing, not what is done with it.
_NOUN_TAGS = frozenset({"n", "ns", "nr", "nt", "nz", "ng", "vn", "an"})


def _opens_on_noun(text: str) -> bool:
    """Whether ``text`` opens on a noun (城市基础设施, 安全生产责任), not on a verb or a
    word that leads one (要坚持…, 把…, 推动…)."""
    from drafter.text.wordtags import dictionary_words, word_at, words_tagged

    first = word_at(text, 0)
    # (A word the dictionary lacks, a name or a new term, is taken as a noun.)
    return first in words_tagged(_NOUN_TAGS) or first not in dictionary_words()


def _tails(clause: str) -> list[str]:
    tails = [clause] if len(clause) <= _TAILS[0] else []
    tails += [clause[-n:] for n in _TAILS if n < len(clause)]
    return list(dict.fromkeys(tails))


def _pool(bank: PhraseBank, match: str | None, context: Context) -> list[Match]:
    """The best matches, and the best of them filed under the node's section type (so
    that a large bank's best phrases elsewhere do not crowd them out)."""
    if not match:
        return []
    found = bank.pool(match, limit=_POOL)
    seen = {m.rowid for m in found}
    if context.section:
        found += [m for m in bank.pool(match, section=context.section, limit=_POOL // 2)
                  if m.rowid not in seen]
        seen = {m.rowid for m in found}
    if words := [fts_query(w) for w in context.words if fts_query(w)]:
        # …and the best that also say the topic: 强化 begins thousands of phrases, and
        # the best of them on anything had crowded out 安全生产's (new user: heads on
        # 人才 and 党组织 offered in a 安全生产 speech).
        on_topic = f"({match}) AND ({' OR '.join(f'({w})' for w in words)})"
        found += [m for m in bank.pool(on_topic, limit=_POOL // 2)
                  if m.rowid not in seen]
    return found


def _where_said(text: str, words: list[str], typed_chars: int) -> str | None:
    """The part of ``text`` that says ``words`` together: from the clause the first of
    them opens to the end of the sentence that holds them all, or None when no
    sentence holds them close together.  Tab on a 词 row had put a whole paragraph
    in place of 要加强隐患, because 加强 and 隐患 each stood somewhere in it (new user)."""
    start = 0
    for end_match in [*_SENTENCE_END_RE.finditer(text), None]:
        end = end_match.end() if end_match else len(text)
        sentence = text[start:end]
        found = [(sentence.find(w), w) for w in words]
        if all(at >= 0 for at, _ in found):
            first = min(at for at, _ in found)
            last = max(at + len(w) for at, w in found)
            if last - first <= 2 * typed_chars + _WORDS_SLACK:
                begun = max((m.end() for m in _CLAUSE_END_RE.finditer(sentence, 0, first)),
                            default=0)
                return sentence[begun:].strip()
        start = end
        if end_match is None:
            break
    return None


def _to_sentence_end(rest: str) -> str:
    end = _SENTENCE_END_RE.search(rest)
    return rest[:end.end()] if end else rest


def _weigher(context: Context):
    """How a match ranks in ``context`` beyond how it matches (section type, domains,
    topic, kind, quality): the context's parts worked out once per lookup, not once
    for each of the hundreds of matches it ranks."""
    section = f" {context.section} " if context.section else None
    domains = [f" {d} " for d in context.domains]
    topic = topic_grams(context.topic)
    words = [w for w in context.words if len(w) >= 2]

    def weigh(match: Match, offered: str) -> float:
        """``offered``: the words of the phrase the writer would take.  Whether they
        speak of the topic counts, not whether the paragraph around them does: a
        残疾预防 passage naming 安全生产 once had put 要加强学生健康教育 first in a
        安全生产 speech."""
        weight = match.score + _APPROVED * (match.status == "approved")
        if section and section in match.tags:
            weight += _SECTION
        if any(d in match.dtags for d in domains):
            weight += _DOMAIN
        elif domains and match.dtags.strip() and _NEUTRAL not in match.dtags:
            weight -= _FOREIGN
        if topic:
            weight += _TOPIC * len(topic & topic_grams(offered)) / len(topic)
        if words and any(w in offered for w in words):
            weight += _SAYS_TOPIC
        if (match.kind in HEADING_KINDS) == context.heading:
            weight += _KIND
        return weight

    return weigh


def _better(scored: dict, id_: str, weight: float) -> bool:
    """Whether ``weight`` is the best yet for phrase ``id_`` (each phrase is kept once,
    at its best)."""
    return id_ not in scored or scored[id_][0] < weight


# --- search with a fallback ------------------------------------------------------------


@dataclass
class Found:
    hits: list[Hit]
    # The words looked for instead, when no phrase held the query whole.
    by_words: list[str] = field(default_factory=list)
    hidden: int = 0  # more phrases the filters leave out (at least this many)
    # Whether those hold the query whole, while the results shown only hold its words.
    hidden_whole: bool = False
    # The topic's words, when an empty query listed the phrases naming them.
    on_topic: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        """What the writer should know about these results, or ''."""
        notes = []
        if self.on_topic:
            notes.append(f"按主题 · on the topic: {' '.join(self.on_topic)}")
        if self.by_words:  # no phrase holds the query whole: phrases with its words
            notes.append(f"按词匹配 · by words: {' '.join(self.by_words)}")
        if self.hidden_whole:
            notes.append(f"筛选隐藏 {self.hidden} 条整句匹配 · filters hide {self.hidden} "
                         "holding it whole")
        elif self.hidden:
            notes.append(f"筛选隐藏 {self.hidden} 条 · filters hide {self.hidden}")
        return " · ".join(notes)


def find(bank: PhraseBank, query: str, section: str | None = None,
         domain: str | None = None, kind: str | None = None, status: str | None = None,
         limit: int = 20, about: tuple[str, ...] = ()) -> Found:
    """bank.search, falling back to the query's words when no phrase holds it, and
    counting (up to ``limit``) what the filters hide when they leave fewer than that.
    With no query, the phrases naming any of ``about`` (the draft's topic words) come
    first, best quality first: a writer opening the browser on a 安全生产 draft sees
    安全生产's phrases, not the bank's best on anything.

    The fallback runs only when the substring search found nothing, and the count is
    one query for phrases the filters leave out (not a second, unfiltered search): a
    writer's every keystroke asks for this."""
    filters = (section, domain, kind, status)
    if not query.strip() and (words := [w for w in about if fts_query(w)]):
        rows = bank.pool(" OR ".join(f"({fts_query(w)})" for w in words), *filters)
        if rows:
            return Found(_ranked_hits(bank, rows, words, limit, per_word=1.0), on_topic=words)
    found = Found(bank.search(query, section=section, kind=kind, status=status,
                              limit=limit, domain=domain))
    if not query.strip():
        return found
    words = []  # looked for when no phrase holds the query whole
    if not found.hits:
        words = query_words(query, bank)
        found.hits = _by_words(bank, words, filters, limit)
        found.by_words = words if found.hits else []
    if (section or domain or kind) and found.by_words and (match := fts_query(query)):
        # Phrases holding the query whole that the filters leave out matter more than
        # a full page of word matches: the writer typed a phrase the bank has (the new
        # user's 抓安全生产，首先是讲政治 under a 保障 head showed word matches only).
        if whole := len(bank.pool(match, *filters, limit=limit, left_out=True)):
            found.hidden, found.hidden_whole = whole, True
            return found
    if (section or domain or kind) and len(found.hits) < limit:
        found.hidden = _hidden(bank, query, words, filters, limit)
    return found


def _by_words(bank: PhraseBank, words: list[str], filters: tuple, limit: int) -> list[Hit]:
    """Phrases holding every one of ``words``; failing that, more than half of them."""
    rows = _word_matches(bank, words, filters)
    return _ranked_hits(bank, rows, words, limit, per_word=1 / len(words)) if rows else []


def _ranked_hits(bank: PhraseBank, rows: list[Match], words: list[str], limit: int,
                 per_word: float) -> list[Hit]:
    """The best ``limit`` of ``rows``: ``per_word`` for each of ``words`` a phrase holds,
    then quality, approved first."""
    ranked = sorted(((per_word * sum(w in m.text for w in words)
                      + m.score + _APPROVED * (m.status == "approved"), m) for m in rows),
                    key=lambda pair: (-pair[0], pair[1].rowid))[:limit]
    return bank.hits([(m.rowid, weight) for weight, m in ranked])


def _word_matches(bank: PhraseBank, words: list[str], filters: tuple,
                  left_out: bool = False) -> list[Match]:
    """The phrases (a pool, best quality first) holding every one of ``words``, else
    more than half of them; ``left_out``: those the filters leave out instead."""
    if len(words) < 2:
        return []
    queries = [f"({fts_query(w)})" for w in words]
    rows = bank.pool(" AND ".join(queries), *filters, left_out=left_out)
    if not rows:
        rows = [m for m in bank.pool(" OR ".join(queries), *filters, left_out=left_out)
                if 2 * sum(w in m.text for w in words) > len(words)]
    return rows


def _hidden(bank: PhraseBank, query: str, words: list[str], filters: tuple,
            limit: int) -> int:
    """How many phrases (up to ``limit``) the filters leave out: those holding the
    query, else, when its words were looked for, those holding them."""
    match = fts_query(query)
    hidden = len(bank.pool(match, *filters, limit=limit, left_out=True)) if match else 0
    if not hidden and words:
        hidden = min(limit, len(_word_matches(bank, words, filters, left_out=True)))
    return hidden
