"""Checking a 10,000-character draft against a 100k-phrase bank.

    python tests/bench/bench_check.py [--phrases 100000] [--runs 5]

The draft is a full assembled speech grown to at least 10,000 characters (its
paragraphs repeated, so repetition and overlap have work to do); the bank is indexed
once beforehand, as it is in use.  Target (issue 6): ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_search import write_approved_bank

from drafter.bank.phrasebank import PhraseBank
from drafter.check import check
from drafter.check.source import from_draft
from drafter.draft.assemble import assemble
from drafter.draft.model import Item
from drafter.export.text import plain_text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bank_dir = Path(tmp) / "bank"
        write_approved_bank(bank_dir, args.phrases)
        with PhraseBank.open(bank_dir, cache_dir=Path(tmp) / "cache") as bank:
            draft = assemble("party_lecture", {"topic": "加强作风建设"}, mode="full")
            while len(plain_text(draft)) < 10_000:
                for node in draft.nodes():
                    node.items.extend(Item(i.text + "再次。", i.role, i.phrase)
                                      for i in list(node.items))
            chars = len(plain_text(draft))
            timings, report = [], None
            for _ in range(args.runs):
                t = time.perf_counter()
                report = check(from_draft(draft), bank=bank, target_minutes=20)
                timings.append(time.perf_counter() - t)
            summary = report.summary()
            print(f"bank: {args.phrases:,} phrases; draft: {chars:,} characters, "
                  f"{summary['total']} findings ({summary['by_category']})")
            print(f"check: median {statistics.median(timings):.3f} s, max {max(timings):.3f} s"
                  f" over {args.runs} runs  (target ≤ 0.5 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
