"""How long one review decision takes on the bundled phrasebank.

    python tests/bench/bench_review.py [--decisions 6]

Copies the bundled phrasebank to a temporary folder, then decides one phrase at a time
(approve, reject, approve …), each a real write of the bank with its log, and reports
the median and the slowest, beside how long reading the bank alone takes.  A decision
reads the bank under its lock and writes back the one file whose text changed.  Measured
twice: as the command line decides (every read parses the bank) and as the review screen
does (the phrases kept parsed between reads, store.keep_parsed).  Also what a cursor move
costs beyond drawing: finding the phrase's closest near-duplicate (bank.dedupe.ClosestPhrase).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drafter.bank.dedupe import ClosestPhrase
from drafter.bank.review import decide
from drafter.bank.store import keep_parsed, load_phrases
from drafter.config import bundled_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "bank"
        shutil.copytree(bundled_dir("phrasebank"), bank)
        started = time.perf_counter()
        loaded = load_phrases(bank)
        read = time.perf_counter() - started
        phrase = next(iter(loaded.phrases.values()))
        print(f"bank: {len(loaded.phrases):,} phrases; reading it: {read:.2f} s")
        started = time.perf_counter()
        closest = ClosestPhrase(loaded.phrases.values())
        built = time.perf_counter() - started
        took = []
        for shown in list(loaded.phrases.values())[::max(1, len(loaded.phrases) // 200)]:
            started = time.perf_counter()
            closest.of(shown)
            took.append(time.perf_counter() - started)
        took.sort()
        print(f"closest near-duplicate (a cursor move): median {statistics.median(took) * 1000:.1f}"
              f" ms, p95 {took[int(len(took) * 0.95)] * 1000:.1f} ms over {len(took)}; "
              f"its index built in {built:.2f} s")
        statuses = ["approved", "rejected"]
        for how, kept in (("command line", False), ("review screen", True)):
            keep_parsed(bank, keep=kept)
            if kept:
                load_phrases(bank, shared=True)  # the screen's own first read
            took = []
            for i in range(args.decisions):
                status = statuses[(i + (phrase.status == "approved")) % 2]
                started = time.perf_counter()
                decide(bank, phrase.id, status=status)
                took.append(time.perf_counter() - started)
            print(f"one decision ({how}): median {statistics.median(took):.2f} s, "
                  f"max {max(took):.2f} s over {len(took)}")

if __name__ == "__main__":
    main()
