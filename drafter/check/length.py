"""Length against a target speaking time, and badly unbalanced parts."""

from __future__ import annotations

from collections.abc import Iterator

from drafter.check.model import CheckedText, Finding

TOLERANCE = 0.15  # ±15% of the target is on time


def characters(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def check(text: CheckedText, target_minutes: float | None = None, chars_per_minute: int = 220,
          **_: object) -> Iterator[Finding]:
    body = text.body()
    total = sum(characters(p.text) for p in body)
    minutes = total / chars_per_minute
    first = text.passages[0] if text.passages else None
    if first is None:
        return
    if target_minutes:
        target = target_minutes * chars_per_minute
        if abs(total - target) > TOLERANCE * target:
            verb = "long" if total > target else "short"
            yield Finding(f"length.too-{verb}", "length", "warning",
                          f"{total} characters ≈ {minutes:.1f} minutes at {chars_per_minute}/min;"
                          f" the target is {target_minutes:g} minutes (≈{target:.0f})",
                          text.locate(first),
                          suggestion=f"{'cut' if verb == 'long' else 'add'} about "
                                     f"{abs(total - target):.0f} characters")
    else:
        yield Finding("length.total", "length", "info",
                      f"{total} characters ≈ {minutes:.1f} minutes at {chars_per_minute}/min",
                      text.locate(first))
    sizes = [(head, sum(characters(p.text) for p in members)) for head, members in text.parts]
    if len(sizes) >= 2:
        mean = sum(s for _, s in sizes) / len(sizes)
        for head, size in sizes:
            if mean and (size < 0.4 * mean or size > 2.2 * mean):
                yield Finding("length.unbalanced", "length", "warning",
                              f"part of {size} characters against an average of {mean:.0f}",
                              text.locate(head),
                              suggestion="balance the parts, or merge or split this one",
                              excerpt=head.text)
