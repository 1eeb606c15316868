"""Ranked section types for headings, sections and paragraphs.

A transparent, deterministic scorer (TEXT.md: a cue lexicon with position rules beat
trained models on unseen speeches):

- cue words of the taxonomy, found in one pass by a single longest-first regex; a
  longer cue is more specific and weighs more; heading-only cues count in headings;
- a few patterns a lexicon cannot list: a named place or unit doing something
  (典型经验), the turn to the close (结尾号召), the meeting's opening moves (开场引入);
- position: the preamble leans to 开场引入, the closing to 结尾号召;
- inheritance: a section's heading type passes down to its paragraphs and children,
  and a section learns from its children's headings and its own paragraphs.

Scores are normalised to sum to 1 over the types that have any evidence, so they read
as shares; a passage keeps its whole ranked list because types overlap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from drafter.bank.taxonomy import Taxonomy
from drafter.corpus.model import Document, Paragraph, Section
from drafter.corpus.patterns import CLOSING_RE

Scores = dict[str, float]
Ranked = list[tuple[str, float]]

# Patterns that add evidence beyond single cue words.
_CASE_RE = re.compile(
    "[\u4e00-\u9fff]{1,8}(?:省|市|县|区|镇|乡|村|街道|社区|公司|集团|大学|学院|医院|园区)"
    "(?:在|坚持|建立|推行|探索|创新|实施|开展|通过|聚焦|创设|打造|率先|实行|推出)")
_OPENING_RE = re.compile(
    r"^(?:今天|这次|本次|刚才|下面，我|根据(?:会议)?安排|按照.{0,10}安排)|"
    r"会议的?主要任务|我(?:完全|都)(?:赞同|同意)")

_HEADING_WEIGHT = 3.0  # a heading says what its section is for
_CHILD_WEIGHT = 1.0  # children's headings, summed, against the section's own heading
_BODY_WEIGHT = 0.5  # the section's own paragraphs
_INHERIT = 0.35  # least share of a parent's distribution passed to what it contains
_EVIDENCE_HALF = 3.0  # evidence at which a passage trusts itself and its context equally
_BROAD_IN_TEXT = 0.4  # weight of a heading cue met in a paragraph
_MAX_RANKED = 5
_MIN_SHARE = 0.03


class Classifier:
    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self._type_weight = {k: t.weight for k, t in taxonomy.types.items()}
        self._cue_types: dict[str, list[str]] = defaultdict(list)
        self._heading_types: dict[str, list[str]] = defaultdict(list)
        for key, section_type in taxonomy.types.items():
            for cue in section_type.cues:
                self._cue_types[cue.replace("…", "")].append(key)
            for cue in section_type.heading_cues:
                self._heading_types[cue].append(key)
        self._cue_re = _alternation(self._cue_types)
        self._heading_re = _alternation(self._heading_types)

    # --- raw evidence ----------------------------------------------------------------

    def evidence(self, text: str, heading: bool = False) -> Scores:
        """Unnormalised evidence per type in one piece of text."""
        scores: Scores = defaultdict(float)
        seen: dict[str, int] = defaultdict(int)
        for m in self._cue_re.finditer(text):
            cue = m.group()
            seen[cue] += 1
            if seen[cue] > 2:  # a word repeated ten times is still one idea
                continue
            for key in self._cue_types[cue]:
                scores[key] += _weight(cue) * self._type_weight[key]
        # Heading cues are broad words (人才, 纪律, 作风): full weight in a heading, some
        # evidence in running text too.
        factor = 1.0 if heading else _BROAD_IN_TEXT
        for m in self._heading_re.finditer(text):
            for key in self._heading_types[m.group()]:
                scores[key] += factor * _weight(m.group()) * self._type_weight[key]
        if _CASE_RE.search(text) and "case_example" in self.taxonomy:
            scores["case_example"] += 3.0
        if CLOSING_RE.match(text) and "closing" in self.taxonomy:
            scores["closing"] += 4.0
        if _OPENING_RE.search(text) and "opening" in self.taxonomy:
            scores["opening"] += 3.0
        return scores

    # --- ranking ---------------------------------------------------------------------

    def rank(self, text: str, heading: bool = False, context: Scores | None = None,
             prior: Scores | None = None) -> Ranked:
        """Ranked types for a passage; ``context`` is the enclosing section's shares,
        ``prior`` extra evidence from position."""
        own = self.evidence(text, heading)
        for key, value in (prior or {}).items():
            own[key] = own.get(key, 0.0) + value
        return _ranked(_blend(own, context))

    def rank_section(self, section: Section, context: Scores | None = None) -> Ranked:
        evidence: Scores = defaultdict(float)
        for key, value in self.evidence(section.heading, heading=True).items():
            evidence[key] += _HEADING_WEIGHT * value
        for child in section.children:
            for key, value in _normalise(self.evidence(child.heading, heading=True)).items():
                evidence[key] += _CHILD_WEIGHT * value
        for paragraph in section.paragraphs:
            for key, value in _normalise(self.evidence(paragraph.text)).items():
                evidence[key] += _BODY_WEIGHT * value
        return _ranked(_blend(evidence, context))


def classify_document(doc: Document, classifier: Classifier) -> Document:
    """Fill section_type/section_types on every section and paragraph of ``doc``."""
    for paragraph in doc.preamble:
        _set(paragraph, classifier.rank(paragraph.text, prior={"opening": 2.0}))
    for section in doc.sections:
        _classify_section(section, classifier, None)
    for paragraph in doc.closing or ():
        _set(paragraph, classifier.rank(paragraph.text, prior={"closing": 4.0}))
    return doc


def _classify_section(section: Section, classifier: Classifier, context: Scores | None) -> None:
    ranked = classifier.rank_section(section, context)
    _set(section, ranked)
    shares = dict(ranked)
    for paragraph in section.paragraphs:
        _set(paragraph, classifier.rank(paragraph.text, context=shares))
    for child in section.children:
        _classify_section(child, classifier, shares)


def _set(target: Section | Paragraph, ranked: Ranked) -> None:
    target.section_types = ranked
    target.section_type = ranked[0][0] if ranked else None


# --- helpers ---------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for many words, longest match first, as a trie: 作风(?:建设)?… instead
    of 作风建设|作风|…, so the engine tries one branch per character, not every word."""
    trie: dict = {}
    for word in {w for w in words if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return re.compile(r"(?!x)x")

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A word may end here: try the longer words first (greedy), then stop.
        return f"(?:{body})?" if "" in node else body

    return re.compile(build(trie))


def _weight(cue: str) -> float:
    """Longer cues are more specific: 2 characters 1.0, 4 characters 2.0, capped at 3."""
    return min(3.0, 0.5 * len(cue))


def _normalise(scores: Scores) -> Scores:
    total = sum(v for v in scores.values() if v > 0)
    return {k: v / total for k, v in scores.items() if v > 0} if total else {}


def _blend(evidence: Scores, context: Scores | None) -> Scores:
    """Own evidence, normalised, mixed with the enclosing section's shares: the more
    evidence a passage has of its own, the less it leans on its context (one stray
    抓好 does not outvote the heading 做好人才工作)."""
    own = _normalise(evidence)
    if not context:
        return own
    if not own:
        return dict(context)
    strength = sum(v for v in evidence.values() if v > 0)
    trust = min(1 - _INHERIT, strength / (strength + _EVIDENCE_HALF))
    keys = set(own) | set(context)
    return {k: trust * own.get(k, 0.0) + (1 - trust) * context.get(k, 0.0) for k in keys}


def _ranked(shares: Scores) -> Ranked:
    ordered = sorted(((k, v) for k, v in shares.items() if v >= _MIN_SHARE),
                     key=lambda kv: (-kv[1], kv[0]))
    return [(k, round(v, 3)) for k, v in ordered[:_MAX_RANKED]]
