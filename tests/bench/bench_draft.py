"""Assembling outlines from a 100k-phrase bank, and exporting a 10,000-character draft.

    python tests/bench/bench_draft.py [--phrases 100000] [--runs 5] [--bundled]

Builds a bank of N phrases (as bench_search.py does), indexes it, then times
``assemble`` for every shipped template in outline and full mode (bank already open,
as in the TUI; and once including opening the indexed bank, as in the CLI), and
``export_docx`` of a draft of at least 10,000 characters.  Targets (issue 4): assembly
≤ 0.3 s, export ≤ 0.5 s.  ``--bundled`` also times full drafts from the bundled bank
on topics of many fields (its index built first in the user's cache, once): a real
bank's topics draw on far more subjects and candidates than the synthetic one's.
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
from drafter.draft.assemble import assemble
from drafter.draft.model import Item
from drafter.draft.templates import list_templates
from drafter.export.docx import export_docx
from drafter.export.text import plain_text

TOPIC = "加强基层党组织建设"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundled", action="store_true",
                        help="also time full drafts from the bundled phrasebank")
    args = parser.parse_args()
    if args.bundled:
        bench_bundled()
    with tempfile.TemporaryDirectory() as tmp:
        bank_dir, cache = Path(tmp) / "bank", Path(tmp) / "cache"
        write_approved_bank(bank_dir, args.phrases)
        PhraseBank.open(bank_dir, cache_dir=cache).close()  # build the index once
        templates = list(list_templates())
        print(f"bank: {args.phrases:,} phrases; templates: {', '.join(templates)}")
        worst = 0.0
        with PhraseBank.open(bank_dir, cache_dir=cache) as bank:
            for mode in ("outline", "full"):
                timings = []
                for name in templates:
                    for seed in range(args.runs):
                        t = time.perf_counter()
                        assemble(name, {"topic": TOPIC}, bank=bank, seed=seed, mode=mode)
                        timings.append(time.perf_counter() - t)
                worst = max(worst, max(timings))
                print(f"assemble ({mode:7}, bank open): median {statistics.median(timings):.3f} s,"
                      f" max {max(timings):.3f} s over {len(timings)}  (target ≤ 0.3 s)")
        t = time.perf_counter()
        with PhraseBank.open(bank_dir, cache_dir=cache) as bank:
            draft = assemble("work_conference", {"topic": TOPIC}, bank=bank, mode="full")
        print(f"open indexed bank + assemble (full): {time.perf_counter() - t:.3f} s")
    # A draft of at least 10,000 characters: the full draft, its paragraphs repeated.
    # Grow it one repeated item at a time, so it ends just past 10,000 characters.
    leaves = [n for n in draft.nodes() if n.items]
    turn = 0
    while len(plain_text(draft)) < 10_000:
        node = leaves[turn % len(leaves)]
        node.items.append(Item(node.items[0].text, node.items[0].role, node.items[0].phrase))
        turn += 1
    chars = len(plain_text(draft))
    timings = []
    for _ in range(args.runs):
        t = time.perf_counter()
        data = export_docx(draft, provenance=True)
        timings.append(time.perf_counter() - t)
    print(f"export DOCX of {chars:,} characters ({len(data) // 1024} KB, with provenance "
          f"comments): median {statistics.median(timings):.3f} s, max {max(timings):.3f} s"
          f"  (target ≤ 0.5 s)")
    return 0


BUNDLED_TOPICS = ("安全生产", "优化营商环境", "学习贯彻党的二十届四中全会精神", "全市应急管理工作会议",
                  "推进知识产权强市建设", "加强年轻干部教育管理", "全市市场监管工作会议",
                  "推进社会治安整体防控体系建设", "深化产业工人队伍建设改革", "加快发展数字经济")


def bench_bundled() -> None:
    from drafter import config

    with PhraseBank.open(config.bundled_dir("phrasebank")) as bank:
        bank.written_subjects()  # (read once per index file, as in any process)
        templates = list(list_templates())
        assemble(templates[0], {"topic": "作风建设"}, bank=bank, mode="full")  # tables loaded
        timings = []
        for n, topic in enumerate(BUNDLED_TOPICS):
            t = time.perf_counter()
            assemble(templates[n % len(templates)], {"topic": topic}, bank=bank, mode="full")
            timings.append(time.perf_counter() - t)
    print(f"bundled bank ({len(BUNDLED_TOPICS)} topics, full, bank open): median "
          f"{statistics.median(timings):.3f} s, max {max(timings):.3f} s  (target ≤ 0.3 s)")


if __name__ == "__main__":
    raise SystemExit(main())
