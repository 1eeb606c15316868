"""The same or nearly the same sentence twice in one speech."""

from __future__ import annotations

from collections.abc import Iterator

from drafter.bank.model import normalise
from drafter.check.model import CheckedText, Finding
from drafter.text.sentences import split_sentences

MIN_CHARS = 8  # shorter sentences (同志们！) repeat by design
SIMILAR = 90.0


def check(text: CheckedText, **_: object) -> Iterator[Finding]:
    sentences = []  # (passage, offset, sentence, normalised)
    for passage in text.body():
        offset = 0
        for sentence in split_sentences(passage.text):
            at = passage.text.find(sentence, offset)
            offset = max(at, 0) + len(sentence)
            norm = normalise(sentence)
            if len(norm) >= MIN_CHARS:
                sentences.append((passage, max(at, 0), sentence, norm))
    if len(sentences) < 2:
        return
    from rapidfuzz import fuzz, process

    norms = [s[3] for s in sentences]
    scores = process.cdist(norms, norms, scorer=fuzz.ratio, score_cutoff=SIMILAR,
                           dtype="uint8", workers=1)
    reported: set[int] = set()
    for j in range(len(sentences)):
        if j in reported:
            continue
        for i in range(j):
            if scores[j][i] >= SIMILAR and i not in reported:
                first, later = sentences[i], sentences[j]
                same = first[3] == later[3]
                yield Finding("repetition.same" if same else "repetition.near", "repetition",
                              "warning",
                              ("the same sentence again" if same else
                               f"nearly the same sentence again ({scores[j][i]}% alike)")
                              + f" (first at ¶{first[0].number})",
                              text.locate(later[0], later[1]),
                              suggestion="cut one, or say it differently", excerpt=later[2])
                reported.add(j)
                break
