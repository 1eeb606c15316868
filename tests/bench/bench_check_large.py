"""Checking a 20,000-sentence draft against the bundled phrasebank.

    python tests/bench/bench_check_large.py [--sentences 20000] [--runs 3]

Three drafts of as many sentences (of 10-60 characters: some 700,000 in all, under the
reader's 1,000,000-character limit), in paragraphs of eight under a heading every ten
paragraphs: every sentence distinct (real sentences of the archive beside the checkout),
near repeats (each sentence said again with a few characters changed), and one sentence
said over and over.  Repetition, overlap with mined sources and the stale rules all have
the whole draft to read.  The bank's index is built once beforehand, as it is in use.
Target (issue 14): a 20,000-sentence draft checked in under 5 s.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from drafter.bank.phrasebank import PhraseBank  # noqa: E402
from drafter.check import check  # noqa: E402
from drafter.check.source import from_file  # noqa: E402

ARCHIVE = HERE.parents[2] / "shared" / "archive"
_CHANGED = "的一是在不了有和人这中大为上个国我以要时来用们生到作地于出就分对成会可主发年动同工"


def _sentences(count: int, rng: random.Random) -> list[str]:
    found: dict[str, None] = {}
    for path in sorted(ARCHIVE.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found.update(dict.fromkeys(s.strip() for s in re.split(r"(?<=[。！？])", text)
                                   if 10 <= len(s.strip()) <= 60 and "\n" not in s.strip()))
    sentences = list(found)
    if len(sentences) < count:  # no archive beside the checkout: official-looking characters
        sentences += ["".join(rng.choice(_CHANGED) for _ in range(rng.randint(15, 60))) + "。"
                      for _ in range(count - len(sentences))]
    rng.shuffle(sentences)
    return sentences[:count]


def _near(sentence: str, rng: random.Random) -> str:
    chars = list(sentence)
    for _ in range(3):
        chars[rng.randrange(len(chars) - 1)] = rng.choice(_CHANGED)
    return "".join(chars)


def _draft(sentences: list[str]) -> str:
    lines, paragraph = ["二〇二六年工作会议上的讲话"], []
    for n, sentence in enumerate(sentences):
        paragraph.append(sentence)
        if len(paragraph) == 8:
            if (n // 8) % 10 == 0:
                lines.append(f"第{n // 80 + 1}部分")
            lines.append("".join(paragraph))
            paragraph = []
    if paragraph:
        lines.append("".join(paragraph))
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(14)
    distinct = _sentences(args.sentences, rng)
    half = distinct[:args.sentences // 2]
    shapes = {"distinct": distinct,
              "near repeats": [s for s in half for s in (s, _near(s, rng))][:args.sentences],
              "one sentence": [min(distinct, key=lambda s: abs(len(s) - 30))] * args.sentences}
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp, PhraseBank.open() as bank:
        for shape, sentences in shapes.items():
            path = Path(tmp) / f"{shape}.txt"
            path.write_text(_draft(sentences), encoding="utf-8")
            timings, report = [], None
            for _ in range(args.runs):
                t = time.perf_counter()
                report = check(from_file(path), bank=bank)
                timings.append(time.perf_counter() - t)
            worst = max(worst, max(timings))
            print(f"{shape:>13}: {len(sentences):,} sentences, "
                  f"{path.stat().st_size // 1024:,} KB, {report.summary()['total']:,} findings; "
                  f"check median {statistics.median(timings):.2f} s, max {max(timings):.2f} s")
    print(f"worst {worst:.2f} s over {args.runs} runs of each  (target < 5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
