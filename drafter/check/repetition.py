"""The same or nearly the same sentence twice in one speech."""

from __future__ import annotations

from collections.abc import Iterator

from drafter.bank.model import normalise
from drafter.check.model import CheckedText, Finding
from drafter.text.sentences import split_sentences
from drafter.text.similar import MIN_LENGTH as MIN_CHARS  # shorter ones (同志们！) repeat by design
from drafter.text.similar import SIMILARITY as SIMILAR


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
    from drafter.text.similar import similar_pairs

    # Each later sentence is reported once, against the first one it repeats.
    first_of: dict[int, tuple[int, float]] = {}
    for i, j, score in similar_pairs([s[3] for s in sentences], similarity=SIMILAR):
        if j not in first_of or i < first_of[j][0]:
            first_of[j] = (i, score)
    for j in sorted(first_of):
        i, score = first_of[j]
        first, later = sentences[i], sentences[j]
        same = first[3] == later[3]
        yield Finding("repetition.same" if same else "repetition.near", "repetition",
                      "warning",
                      ("the same sentence again" if same else
                       f"nearly the same sentence again ({score:.0f}% alike)")
                      + f" (first at ¶{first[0].number})",
                      text.locate(later[0], later[1]),
                      suggestion="cut one, or say it differently", excerpt=later[2])
