"""Ranked section types and domains for passages, headings, sections and documents.

Two facets, two questions: what job a passage does in a speech (its section type:
政治站位, 工作方法, 保障机制 …) and what it is about (its domain: 党的建设, 安全生产,
营商环境 …).  Both come from the same evidence:

- a linear model over character n-grams of the passage and of the heading above it
  (drafter/bank/classifier.npz, trained on passages of real speeches and reports that
  careful readers labelled, plus weakly labelled ones: see drafter.bank.train).  Cue
  lexicons alone were right on headings but only about half the time on running text,
  drifting to 重点任务 on report prose; the model learns what the words around the cues
  say;
- the cue lexicons of the taxonomy files, which still decide for categories a user
  added in their own taxonomy.toml or domains.toml (the model cannot know those), and
  which classify everything when no model is installed;
- the passage's place: the preamble leans to 开场引入, the closing to 结尾号召, and a
  paragraph leans a little towards its section, a section towards its document.

Scores are shares that sum to 1; a passage keeps its ranked list (up to five), because
types overlap and a runner-up is often the honest second answer.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from drafter.bank.taxonomy import GENERAL_DOMAIN, Taxonomy
from drafter.corpus.model import Document, Paragraph, Section
from drafter.corpus.patterns import CLOSING_RE
from drafter.text.chars import CJK

Scores = dict[str, float]
Ranked = list[tuple[str, float]]

# Patterns that add evidence beyond single cue words.
_CASE_RE = re.compile(
    f"[{CJK}]{{1,8}}(?:省|市|县|区|镇|乡|村|街道|社区|公司|集团|大学|学院|医院|园区)"
    "(?:在|坚持|建立|推行|探索|创新|实施|开展|通过|聚焦|创设|打造|率先|实行|推出)")
_OPENING_RE = re.compile(
    r"^(?:今天|这次|本次|刚才|下面，我|根据(?:会议)?安排|按照.{0,10}安排)|"
    r"会议的?主要任务|我(?:完全|都)(?:赞同|同意)")

_INHERIT = 0.35  # least share of a parent's distribution passed to what it contains
_EVIDENCE_HALF = 3.0  # evidence at which a passage trusts itself and its context equally
_BROAD_IN_TEXT = 0.4  # weight of a heading cue met in a paragraph
_MAX_RANKED = 5
_MIN_SHARE = 0.03

# Below this length a text's domain is read from its cue words alone.
_SHORT_TEXT = 8
MAX_PASSAGE_CHARS = 10_000  # the characters of a passage classification reads
_BATCH_CHARS = 200_000  # characters of passages whose features are computed together
# Characters of text one command reads for domains, where none are given (about 2.5 s a
# million): 6,000 texts of 2,000 characters had taken an import 30 s (fuzz pass 70).
MAX_GUESSED_CHARS = 5_000_000
# With the model: how much a passage leans on what contains it, and how strongly its
# place in the speech counts (a factor on that type's share before renormalising).
_CONTEXT = 0.2
_PREAMBLE_PRIOR = {"opening": 4.0}
_CLOSING_PRIOR = {"closing": 6.0}
# A section is its heading (as the lexicon reads it, and as the model does) and its body.
_SECTION_LEXICON, _SECTION_MODEL, _SECTION_BODY = 0.4, 0.3, 0.3


_KEYED_KEPT = 65536  # texts whose cue words a Lexicon remembers (a bank's passages)


class Lexicon:
    """Cue words of one facet (section types or domains), found in one pass."""

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
        # Cues that name no subject (see SectionType.broad).
        self.broad = frozenset(c for t in taxonomy.types.values() for c in t.broad)
        self._cue_re = _alternation(self._cue_types)
        self._heading_re = _alternation(self._heading_types)
        self._keyed: dict[str, dict[str, list[str]]] = {}  # text → keyed_cues_in of it

    def evidence(self, text: str, heading: bool = False) -> Scores:
        """Unnormalised evidence per category in one piece of text."""
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
        return scores

    def cues_within(self, text: str, key: str) -> list[str]:
        """Every cue word of ``key`` that ``text`` contains, nested ones too (债务 in
        地方债务, which cues_in reads as the one longer cue)."""
        return [cue for cue, keys in {**self._cue_types, **self._heading_types}.items()
                if key in keys and cue and cue in text]

    def keyed_cues_in(self, text: str) -> dict[str, list[str]]:
        """Each cue word found in ``text`` with the categories it is a cue of, in one
        pass (cues_in asks for one category at a time).  Remembered per text: drafting
        asks it of the same bank passages again and again (do not change the result)."""
        found = self._keyed.get(text)
        if found is not None:
            return found
        found = {}
        for m in self._cue_re.finditer(text):
            found.setdefault(m.group(), self._cue_types[m.group()])
        for m in self._heading_re.finditer(text):
            found.setdefault(m.group(), self._heading_types[m.group()])
        if len(self._keyed) >= _KEYED_KEPT:
            self._keyed.clear()
        self._keyed[text] = found
        return found

    def cues_in(self, text: str, key: str) -> list[str]:
        """The cue words of ``key`` found in ``text``, in order, once each."""
        found = dict.fromkeys(m.group() for m in self._cue_re.finditer(text)
                              if key in self._cue_types[m.group()])
        found.update(dict.fromkeys(m.group() for m in self._heading_re.finditer(text)
                                   if key in self._heading_types[m.group()]))
        return list(found)


class Classifier(Lexicon):
    """Section types from cue words plus the patterns a lexicon cannot list: the
    classifier when no model is installed, and the reader of headings beside it."""

    def evidence(self, text: str, heading: bool = False) -> Scores:
        """Unnormalised evidence per type in one piece of text."""
        scores = super().evidence(text, heading)
        if _CASE_RE.search(text) and "case_example" in self.taxonomy:
            scores["case_example"] += 3.0
        if CLOSING_RE.match(text) and "closing" in self.taxonomy:
            scores["closing"] += 4.0
        if _OPENING_RE.search(text) and "opening" in self.taxonomy:
            scores["opening"] += 3.0
        return scores

    def rank(self, text: str, heading: bool = False, context: Scores | None = None,
             prior: Scores | None = None) -> Ranked:
        """Ranked types for a passage; ``context`` is the enclosing section's shares,
        ``prior`` extra evidence from position."""
        own = self.evidence(text, heading)
        for key, value in (prior or {}).items():
            own[key] = own.get(key, 0.0) + value
        return _ranked(_blend(own, context))


# --- passages: the model and the lexicons together ------------------------------------------


@dataclass
class Verdict:
    """What a passage does and what it is about, ranked, with what decided it."""

    section_types: Ranked
    domains: Ranked
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"section_types": [[k, v] for k, v in self.section_types],
                "domains": [[k, v] for k, v in self.domains], "evidence": self.evidence}


class PassageClassifier:
    """Section types and domains of passages (see the module docstring)."""

    SECTION_HEAD = "section"
    DOMAIN_HEAD = "domain"

    def __init__(self, taxonomy: Taxonomy, domains: Taxonomy, model=None):
        self.sections = Classifier(taxonomy)
        self.domain_lexicon = Lexicon(domains)
        self.model = model
        self._model_sections = set(model.heads[self.SECTION_HEAD].labels) if model else set()
        self._model_domains = set(model.heads[self.DOMAIN_HEAD].labels) if model else set()

    @property
    def domain_cues(self) -> frozenset[str]:
        """Every cue word of every domain: words that name a subject outright."""
        return frozenset(cue for t in self.domain_lexicon.taxonomy.types.values()
                         for cue in t.cues)

    @classmethod
    def load(cls, phrasebank: str | os.PathLike[str] | None = None,
             model_path: str | None = None, use_model: bool = True) -> PassageClassifier:
        """The classifier for a phrasebank: its taxonomy and domains (with the user's
        additions) and the bundled model."""
        from drafter.bank.linear import bundled_model
        from drafter.bank.taxonomy import load_domains, load_taxonomy

        model = bundled_model(model_path) if use_model else None
        return cls(load_taxonomy(phrasebank), load_domains(phrasebank), model)

    # --- one facet at a time -------------------------------------------------------------

    def _section_scores(self, text: str, probs, prior: Scores | None) -> Scores:
        if probs is None:  # no model: the lexicon, as it always did
            own = _normalise(self.sections.evidence(text))
        else:
            own = self._with_added(dict(zip(self.model.heads[self.SECTION_HEAD].labels,
                                            map(float, probs), strict=True)),
                                   self.sections.evidence(text), self._model_sections)
        return _apply_prior(own, prior)

    def _domain_scores(self, text: str, heading: str | None, probs) -> Scores:
        evidence = self.domain_lexicon.evidence(text)
        for key, value in self.domain_lexicon.evidence(heading or "", heading=True).items():
            evidence[key] = evidence.get(key, 0.0) + 2 * value
        if len(text) < _SHORT_TEXT:
            # A set phrase or a fragment: too few n-grams for the model to say what it is
            # about (理直气壮 came out 国防外交); it names a subject or it fits any.
            probs = None
        if probs is None:
            own = _normalise(evidence)
            if not own and GENERAL_DOMAIN in self.domain_lexicon.taxonomy:
                return {GENERAL_DOMAIN: 1.0}  # no subject named: topic-neutral
            return own
        return self._with_added(dict(zip(self.model.heads[self.DOMAIN_HEAD].labels,
                                         map(float, probs), strict=True)),
                                evidence, self._model_domains)

    @staticmethod
    def _with_added(probs: Scores, evidence: Scores, known: set[str]) -> Scores:
        """The model's shares, with categories it does not know (a user's own) taken
        from their cue words: as much share as the cues are strong."""
        added = {k: v for k, v in evidence.items() if k not in known and v > 0}
        if not added:
            return probs
        strength = sum(added.values())
        trust = strength / (strength + _EVIDENCE_HALF)
        out = {k: (1 - trust) * v for k, v in probs.items()}
        for key, value in added.items():
            out[key] = trust * value / strength
        return out

    # --- the public calls ----------------------------------------------------------------

    def scores(self, texts: Sequence[str], headings: Sequence[str | None] | None = None,
               priors: Sequence[Scores | None] | None = None) -> list[tuple[Scores, Scores]]:
        """(section-type shares, domain shares) for each passage, before ranking."""
        # What a passage does and is about shows in its first thousands of characters;
        # reading the rest of a run-on one (a whole file on one line) only costs time.
        texts = [text[:MAX_PASSAGE_CHARS] for text in texts]
        headings = ([h[:MAX_PASSAGE_CHARS] if h else h for h in headings]
                    if headings is not None else [None] * len(texts))
        priors = list(priors) if priors is not None else [None] * len(texts)
        out: list[tuple[Scores, Scores]] = []
        # In batches of a bounded size: the model's features of every passage at once had
        # taken an import of 300,000 rows to 2.5 GB, and a mine's filling-in of 3,000
        # phrases' domains (texts of 2,000 characters) to 1.28 GB (fuzz re-check 73).
        start = size = 0
        for end, text in enumerate(texts, start=1):
            size += len(text)
            if size >= _BATCH_CHARS or end == len(texts):
                out += self._scores_of_batch(texts[start:end], headings[start:end],
                                             priors[start:end])
                start, size = end, 0
        return out

    def _scores_of_batch(self, texts: list[str], headings: list[str | None],
                         priors: list[Scores | None]) -> list[tuple[Scores, Scores]]:
        if self.model is not None and texts:
            predicted = self.model.predict(list(texts), headings)
            section_probs = predicted[self.SECTION_HEAD]
            domain_probs = predicted[self.DOMAIN_HEAD]
        else:
            section_probs = domain_probs = [None] * len(texts)
        out = []
        for i, text in enumerate(texts):
            section = self._section_scores(text, section_probs[i], priors[i])
            if self.model is None and headings[i]:
                section = _blend(self.sections.evidence(text),
                                 dict(self.sections.rank(headings[i], heading=True)))
                section = _apply_prior(section, priors[i])
            out.append((section, self._domain_scores(text, headings[i], domain_probs[i])))
        return out

    def classify(self, texts: Sequence[str], headings: Sequence[str | None] | None = None,
                 priors: Sequence[Scores | None] | None = None) -> list[Verdict]:
        """Ranked section types and domains of passages, each under its heading."""
        return [Verdict(_ranked(s), _ranked(d)) for s, d in self.scores(texts, headings, priors)]

    def explain(self, text: str, heading: str | None, verdict: Verdict) -> dict:
        """What decided a verdict: the n-grams that pushed the model to the winners, the
        cue words found, the heading's reading by the lexicon."""
        # Of what the classifier read (see scores): explained whole, a heading of a
        # million characters had taken classify 50 s and 990 MB (fuzz pass B of stop 67).
        text = text[:MAX_PASSAGE_CHARS]
        heading = heading[:MAX_PASSAGE_CHARS] if heading else heading
        out: dict = {"model": self.model is not None}
        for facet, ranked, lexicon, head in (
                ("section_type", verdict.section_types, self.sections, self.SECTION_HEAD),
                ("domain", verdict.domains, self.domain_lexicon, self.DOMAIN_HEAD)):
            if not ranked:
                continue
            key = ranked[0][0]
            facet_out: dict = {"winner": key, "cues": lexicon.cues_in(text, key)}
            if heading:
                facet_out["heading_cues"] = lexicon.cues_in(heading, key)
            if self.model is not None:
                facet_out["ngrams"] = self.model.evidence(text, head, key, heading=heading)
            out[facet] = facet_out
        return out


def classify_document(doc: Document, classifier: PassageClassifier | Classifier) -> Document:
    """Fill section types and domains on every section and paragraph of ``doc``, and
    the document's own domains."""
    if isinstance(classifier, Classifier):  # the lexicon alone, as before domains existed
        classifier = PassageClassifier(classifier.taxonomy, Taxonomy({}, []), None)
    passages: list[tuple[Paragraph | Section, str, str | None, Scores | None]] = []
    for paragraph in doc.preamble:
        prior = None if paragraph.narration else _PREAMBLE_PRIOR
        passages.append((paragraph, paragraph.text, None, prior))
    for section, parent in doc.walk_with_parents():
        passages.append((section, section.heading, parent, None))
        passages += [(p, p.text, section.heading, None) for p in section.paragraphs]
    for paragraph in doc.closing or ():
        passages.append((paragraph, paragraph.text, None, _CLOSING_PRIOR))
    scored = classifier.scores([p[1] for p in passages], [p[2] for p in passages],
                               [p[3] for p in passages])
    own = {id(target): s for (target, *_), s in zip(passages, scored, strict=True)}
    for section in doc.sections:
        _settle_section(section, own, classifier, None)
    for paragraph in [*doc.preamble, *(doc.closing or ())]:
        _set(paragraph, *own[id(paragraph)])
    doc.domains = _document_domains(doc)
    return doc


def _settle_section(section: Section, own: dict, classifier: PassageClassifier,
                    context: tuple[Scores, Scores] | None) -> None:
    """A section's shares from its heading and body, then its paragraphs' and children's
    with the section as their context."""
    heading_model_sections, heading_domains = own[id(section)]
    body = [own[id(p)] for p in section.paragraphs]
    parts: list[tuple[float, Scores]] = []
    lexicon = _normalise(classifier.sections.evidence(section.heading, heading=True))
    if lexicon:
        parts.append((_SECTION_LEXICON, lexicon))
    parts.append((_SECTION_MODEL, heading_model_sections))
    if body:
        parts.append((_SECTION_BODY, _mean([s for s, _ in body])))
    sections = _weighted(parts)
    domains = _weighted([(1.0, heading_domains)] + [(1.0, d) for _, d in body]) if body \
        else heading_domains
    if context:
        sections = _mix(sections, context[0], _CONTEXT)
        domains = _mix(domains, context[1], _CONTEXT)
    _set(section, sections, domains)
    here = (sections, domains)
    for paragraph in section.paragraphs:
        s, d = own[id(paragraph)]
        _set(paragraph, _mix(s, sections, _CONTEXT), _mix(d, domains, _CONTEXT))
    for child in section.children:
        _settle_section(child, own, classifier, here)


def _document_domains(doc: Document) -> Ranked:
    """What the whole text is about: its paragraphs' domains, weighted by length."""
    totals: Scores = defaultdict(float)
    for paragraph in doc.paragraphs():
        for key, share in paragraph.domains or ():
            totals[key] += share * len(paragraph.text)
    return _ranked(_normalise(totals))


def _set(target: Section | Paragraph, sections: Scores, domains: Scores) -> None:
    ranked = _ranked(sections)
    target.section_types = ranked
    target.section_type = ranked[0][0] if ranked else None
    target.domains = _ranked(domains)


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


def _apply_prior(shares: Scores, prior: Scores | None) -> Scores:
    if not prior:
        return shares
    if not shares:
        return _normalise(dict(prior))
    boosted = {k: v * prior.get(k, 1.0) for k, v in shares.items()}
    for key in prior:
        boosted.setdefault(key, 0.05 * prior[key])
    return _normalise(boosted)


def _mix(own: Scores, context: Scores, weight: float) -> Scores:
    if not context:
        return own
    if not own:
        return dict(context)
    keys = set(own) | set(context)
    return {k: (1 - weight) * own.get(k, 0.0) + weight * context.get(k, 0.0) for k in keys}


def _mean(items: list[Scores]) -> Scores:
    return _weighted([(1.0, s) for s in items])


def _weighted(parts: list[tuple[float, Scores]]) -> Scores:
    totals: Scores = defaultdict(float)
    weight = sum(w for w, s in parts if s)
    for w, shares in parts:
        for key, value in shares.items():
            totals[key] += w * value
    return {k: v / weight for k, v in totals.items()} if weight else {}


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
