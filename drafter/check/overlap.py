"""Passages copied from a single corpus source beyond a threshold: a long run shared
with one mined passage, or a large share of one part drawn from one speech."""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Iterator

from drafter.bank.model import normalise
from drafter.check.model import CheckedText, Finding
from drafter.text.chars import CJK

_CLAUSE_RE = re.compile(f"[{CJK}]{{8,}}")
LONG_RUN = 60  # characters in common with one source passage
SHARE = 0.5  # of a part's characters from one source file
MIN_PART = 150  # parts shorter than this are not judged by share
_PROBES = 3  # clauses of a passage looked up in the bank (see _runs)
_PIECE = (LONG_RUN - 1) // 3  # characters: any run of LONG_RUN holds two pieces whole
_LONG_DOCUMENT = 500  # passages past which each is looked up by one clause


def check(text: CheckedText, bank=None, **_: object) -> Iterator[Finding]:
    yield from _shares(text)
    if bank is not None:
        yield from _runs(text, bank)
        yield from _corpus_copies(text, bank)


def _corpus_copies(text: CheckedText, bank) -> Iterator[Finding]:
    """Passages found in any speech the phrasebank was mined from, by the fingerprints
    kept beside it: whether or not a phrase of that speech was kept."""
    from drafter.bank.fingerprints import load_index

    index = load_index(bank.path)
    if index is None:
        return
    passages = [p for p in text.passages if p.text]
    starts, offset = [], 0
    for passage in passages:
        starts.append(offset)
        offset += len(passage.text) + 1
    joined = "\n".join(p.text for p in passages)
    for copy in index.copies(joined):
        number = bisect.bisect_right(starts, copy.start) - 1
        passage = passages[number]
        yield Finding("overlap.corpus", "overlap", "warning",
                      f"about {copy.length} characters are copied from {copy.source} "
                      f"(its characters {copy.source_start}–{copy.source_end})",
                      text.locate(passage, copy.start - starts[number]),
                      suggestion="quote it as such, or rewrite it",
                      excerpt=joined[copy.start:copy.start + 40])


def _shares(text: CheckedText) -> Iterator[Finding]:
    for head, members in text.parts:
        total = sum(len(p.text) for p in members)
        if total < MIN_PART:
            continue
        by_file: Counter[str] = Counter()
        for passage in members:
            for file in passage.sources[:1]:  # the phrase's first source
                by_file[file] += len(passage.text)
        if by_file:
            file, chars = by_file.most_common(1)[0]
            if chars / total > SHARE:
                yield Finding("overlap.share", "overlap", "warning",
                              f"{chars / total:.0%} of this part comes from one speech: {file}",
                              text.locate(head),
                              suggestion="draw on other sources, or rewrite in your own words",
                              excerpt=head.text)


def _runs(text: CheckedText, bank) -> Iterator[Finding]:
    passages = [(p, norm) for p in text.body() if len(norm := normalise(p.text)) >= LONG_RUN]
    # A search per probe: three probes for each of 4,000 passages had taken a 20,000-
    # sentence document's check past 6 s (fuzz pass, stop 60), most of it in 12,000
    # queries.  A document that long is probed once a passage, by its longest clause,
    # the one a copied run is likeliest to hold (corpus copies are still found whole by
    # their fingerprints, below).
    probes = _PROBES if len(passages) <= _LONG_DOCUMENT else 1
    for passage, norm in passages:
        # Candidates: mined paragraphs containing probes from this one, eight characters
        # taken from its longest clauses (a probe must not span punctuation).
        seen: dict[str, object] = {}
        clauses = sorted(_CLAUSE_RE.findall(passage.text), key=len, reverse=True)[:probes]
        for clause in clauses:
            for hit in bank.search(clause[:8], kind="paragraph", limit=3):
                seen.setdefault(hit.id, hit)
        best = None
        # Pieces of this passage at every _PIECE characters: a run of LONG_RUN in common
        # holds two of them whole, so a mined paragraph holding none shares no such run
        # and is passed over without difflib (a document of the bank's own sentences had
        # taken its check past 8 s in difflib alone: a blind re-check, stop 60).
        pieces = [norm[at:at + _PIECE] for at in range(0, len(norm) - _PIECE + 1, _PIECE)]
        for hit in seen.values():
            if hit.sources and all(s.written_for_the_bank for s in hit.sources):
                continue  # the bank's own text, there to be reused
            other = normalise(hit.text)
            if not any(piece in other for piece in pieces):
                continue
            match = difflib.SequenceMatcher(None, norm, other, autojunk=False) \
                .find_longest_match(0, len(norm), 0, len(other))
            if match.size >= LONG_RUN and (best is None or match.size > best[1]):
                best = (hit, match.size, match.a)
        if best:
            hit, size, _ = best
            source = hit.sources[0] if hit.sources else None
            named = source.describe(with_path=False) if source else hit.id
            yield Finding("overlap.run", "overlap", "warning",
                          f"{size} characters in a row are copied from {named}",
                          text.locate(passage),
                          suggestion="quote it as such, or rewrite it", excerpt=hit.text[:40])
