"""Quotations attributed to leaders, against the phrasebank's verified quotes: verbatim
is fine, a near match is an error that shows the verified wording, no match is an
unverified quote."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafter.bank.model import SPEAKERS, normalise
from drafter.check.model import CheckedText, Finding
from drafter.text.chars import CJK

# Who is quoted: 习近平总书记, 总书记, 习近平同志, 毛泽东同志 … then up to a short verb
# phrase (指出, 深刻指出, 强调, 说过) and the quotation itself.
_QUOTE_RE = re.compile(
    f"(?P<who>{SPEAKERS}|[{CJK}]{{2,3}}同志|习近平)"
    r"(?P<verb>[^“”。！？；]{0,12}?)[：:，,]?\s*“(?P<text>[^“”]{6,}?)”")
NEAR = 80.0  # rapidfuzz ratio from which a quote is taken as a misremembered one


def check(text: CheckedText, bank=None, **_: object) -> Iterator[Finding]:
    verified = bank.verified_quotes() if bank is not None else []
    norms = [normalise(q.text) for q in verified]
    for passage in text.passages:
        for match in _QUOTE_RE.finditer(passage.text):
            quoted = match.group("text")
            norm = normalise(quoted)
            if len(norm) < 6:
                continue  # a term in quotes (“两个维护”), not words someone said
            where = text.locate(passage, match.start("text") - 1)
            if any(norm in v for v in norms):
                continue
            near = _nearest(norm, norms)
            if near is not None and near[1] >= NEAR:
                source = verified[near[0]]
                places = ", ".join(s.describe(with_path=False) for s in source.sources[:2])
                yield Finding("quote.near", "quote", "error",
                              f"quotation differs from the verified wording "
                              f"({near[1]:.0f}% alike)", where,
                              suggestion=f"“{source.text}” ({source.speaker or '—'}; {places})",
                              excerpt=quoted)
            else:
                yield Finding("quote.unverified", "quote", "warning",
                              f"unverified quote attributed to {match.group('who')}", where,
                              suggestion="check it against the original and add it to the "
                                         "phrasebank as a quote", excerpt=quoted)


def _nearest(norm: str, norms: list[str]) -> tuple[int, float] | None:
    if not norms:
        return None
    from rapidfuzz import fuzz, process

    found = process.extractOne(norm, norms, scorer=fuzz.ratio)
    return (found[2], found[1]) if found else None
