"""Nearly the same text at scale: merging 10,000 alike headings, and the repetition
check over a draft of 20,000 sentences.

    python tests/bench/bench_similar.py [--headings 10000] [--sentences 20000] [--loose 6000]
        [--told-apart 5900] [--long 600]

Both go through drafter.text.similar (MinHash candidates, neighbours by length within a
band).  Targets (issue 14): the headings merged in seconds, the draft checked in under
5 s; compared pairwise they had taken 26 s and 2.9 GB, and 194 s.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drafter.bank.dedupe import merge_near_duplicates, near_duplicate_groups
from drafter.bank.model import Phrase, Source, phrase_id
from drafter.check.model import CheckedText, Passage
from drafter.check.repetition import check

BASE = "坚持以人民为中心的发展思想切实加强安全生产工作确保人民群众生命财产安全"
DIGITS = "一二三四五六七八九十"


def alike(count: int, rng: random.Random) -> list[str]:
    """``count`` variants of one sentence, one character changed in each."""
    out = []
    for i in range(count):
        chars = list(BASE)
        chars[rng.randrange(len(chars))] = rng.choice(DIGITS)
        out.append("".join(chars) + DIGITS[i % 10])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--headings", type=int, default=10_000)
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--loose", type=int, default=6_000,
                        help="headings grouped at similarity 80 (every pair scored)")
    parser.add_argument("--told-apart", type=int, default=5_900,
                        help="headings grouped at 70 whose pairs mostly differ by a word")
    parser.add_argument("--long", type=int, default=600,
                        help="paragraphs of 2,000 characters grouped at 80")
    args = parser.parse_args()
    rng = random.Random(1)
    heads = [Phrase(phrase_id("heading", f"{text}{i}"), text, "heading", ["key_tasks"],
                    sources=[Source("bench.txt", i)])
             for i, text in enumerate(alike(args.headings, rng))]
    start = time.perf_counter()
    merged = merge_near_duplicates(heads)
    print(f"merge {args.headings:,} alike headings: {time.perf_counter() - start:.2f} s "
          f"({len(merged):,} left)")
    # A maintainer's looser groups (review --merge-near-duplicates --similarity 80):
    # every pair of a kind scored, at most ALL_PAIRS_UP_TO of them (fuzz pass 63: 3,471
    # such headings had run past a minute).
    loose = heads[:args.loose]
    start = time.perf_counter()
    groups = near_duplicate_groups(loose, similarity=80)
    print(f"group {len(loose):,} alike headings at 80: {time.perf_counter() - start:.2f} s "
          f"({len(groups):,} groups)")
    # Fuzz pass 65: two characters changed at random, grouped at 70, so that most pairs
    # are alike and differ by a word or a name (193 s before each text's tries were
    # bounded).
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发"
    told = []
    for i in range(args.told_apart):
        text = list(BASE[:23])
        for _ in range(2):
            text[rng.randrange(len(text))] = rng.choice(chars)
        told.append(Phrase(phrase_id("heading", f"t{i}"), "".join(text) + chars[i % len(chars)],
                           "heading", ["key_tasks"], sources=[Source("bench.txt", i)]))
    start = time.perf_counter()
    groups = near_duplicate_groups(told, similarity=70)
    print(f"group {len(told):,} headings told apart by a word at 70: "
          f"{time.perf_counter() - start:.2f} s ({len(groups):,} groups)")
    # Fuzz pass 67: 600 imported paragraphs of 2,000 characters, forty changed at random
    # in each, grouped at 80 (39 s: the names around each difference of each pair were
    # looked up anew).
    long_rng = random.Random(2)  # (its own: the figures after it stay comparable)
    long_base = "".join(long_rng.choice(BASE) for _ in range(2000))
    long_texts = []
    for i in range(args.long):
        text = list(long_base)
        for _ in range(40):
            text[long_rng.randrange(len(text))] = long_rng.choice(DIGITS)
        long_texts.append(Phrase(phrase_id("paragraph", f"l{i}"), "".join(text), "paragraph",
                                 ["key_tasks"], sources=[Source("bench.txt", i)]))
    start = time.perf_counter()
    groups = near_duplicate_groups(long_texts, similarity=80)
    print(f"group {len(long_texts):,} paragraphs of 2,000 characters at 80: "
          f"{time.perf_counter() - start:.2f} s ({len(groups):,} groups)")
    # A draft of many passages, half its sentences alike, half distinct.
    sentences = alike(args.sentences // 2, rng) + [
        "".join(rng.choice(BASE) for _ in range(30)) + "。" for _ in range(args.sentences // 2)]
    rng.shuffle(sentences)
    passages = [Passage(n + 1, "paragraph", "。".join(sentences[i:i + 10]) + "。")
                for n, i in enumerate(range(0, len(sentences), 10))]
    start = time.perf_counter()
    findings = list(check(CheckedText(passages)))
    print(f"repetition check of {len(sentences):,} sentences: {time.perf_counter() - start:.2f} s "
          f"({len(findings):,} findings)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
