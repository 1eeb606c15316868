"""查重 at corpus scale: check a 10,000-character draft against the fingerprints of
10,000 documents.

    python tests/bench/bench_fingerprints.py            # --docs N --draft-chars N

The documents are made of sentences of the real archive (../shared/archive) shuffled
into 10,000 texts of 2,000-5,000 characters, so that their characters and set phrases
are those of real speeches; the draft is other archive sentences, with three passages
of 120 characters copied from three of the documents.  Prints the build time, the index
size and the check time (median and worst of 20 runs), and how many of the copies were
found.
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

from drafter.bank.fingerprints import FingerprintIndex, fingerprint  # noqa: E402

ARCHIVE = HERE.parents[2] / "shared" / "archive"


def _sentences() -> list[str]:
    found = []
    for path in sorted(ARCHIVE.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [s for s in re.split(r"(?<=[。！？])", text) if 10 <= len(s) <= 200]
    if not found:  # no archive beside the checkout: characters of official prose at random
        rng = random.Random(0)
        alphabet = "的一是在不了有和人这中大为上个国我以要时来用们生到作地于出就分对成会可主发年动同工"
        found = ["".join(rng.choice(alphabet) for _ in range(rng.randint(15, 60))) + "。"
                 for _ in range(20000)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--draft-chars", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(1)
    sentences = sorted(set(_sentences()))
    rng.shuffle(sentences)
    # The draft's own sentences are kept out of the documents: what it shares with them
    # is then only what was copied (and set phrases, which are too short to report).
    cut = len(sentences) * 4 // 5
    corpus_sentences, draft_sentences = sentences[:cut], sentences[cut:]

    def text(length: int, pool: list[str]) -> str:
        parts, size = [], 0
        while size < length:
            parts.append(rng.choice(pool))
            size += len(parts[-1])
        return "".join(parts)

    documents = [text(rng.randint(2000, 5000), corpus_sentences) for _ in range(args.docs)]
    start = time.perf_counter()
    index = FingerprintIndex.build([fingerprint(f"doc{i:05d}.txt", d)
                                    for i, d in enumerate(documents)])
    built = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "fingerprints.npz"
        index.save(path)
        size = path.stat().st_size
        start = time.perf_counter()
        index = FingerprintIndex.load(path)
        loaded = time.perf_counter() - start
    sources = rng.sample(range(args.docs), 3)
    draft = text(args.draft_chars // 4, draft_sentences)
    for i in sources:
        at = rng.randint(0, len(documents[i]) - 200)
        draft += documents[i][at:at + 120] + text(args.draft_chars // 4, draft_sentences)
    draft = draft[:args.draft_chars + 360]
    times = []
    for _ in range(20):
        start = time.perf_counter()
        copies = index.copies(draft)
        times.append(time.perf_counter() - start)
    names = {f"doc{i:05d}.txt" for i in sources}
    found = names & {c.source for c in copies}
    print(f"fingerprints: {args.docs} documents, {sum(map(len, documents)):,} characters, "
          f"{len(index.hashes):,} hashes kept, built in {built:.1f} s, {size / 1e6:.1f} MB, "
          f"loaded in {loaded * 1000:.0f} ms")
    print(f"check a {len(draft):,}-character draft: median {statistics.median(times) * 1000:.0f} ms,"
          f" worst {max(times) * 1000:.0f} ms; copies found {len(found)} of 3 "
          f"({len(copies)} reported)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
