"""Mining throughput and memory on ≥ 18 MB of speeches, against bare jieba.

    python tests/bench/bench_mine.py [--mb 18] [--jobs 1]
    python tests/bench/bench_mine.py --into-bundled   # one speech into a copy of the
                                                      # bundled bank: a user's first mine

Generates distinct speeches (as bench_parse.py does), mines them into a fresh
phrasebank with ``drafter.bank.pipeline.mine_corpus``, and, in the same run, times bare
``jieba.lcut(text, HMM=False)`` over the same text.  Target (issue 3): mining at least
half the throughput of bare jieba, peak memory ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_parse import SpeechMaker, load_sentences, source_files, write_corpus

from drafter.bank.pipeline import mine_corpus
from drafter.text.segment import Segmenter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=18.0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--into-bundled", action="store_true",
                        help="mine one generated speech into a copy of the bundled bank")
    args = parser.parse_args()
    if args.into_bundled:
        return _into_bundled()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = write_corpus(SpeechMaker(load_sentences(source_files())), corpus,
                             int(args.mb * 2**20))
        size = sum(f.stat().st_size for f in files) / 2**20
        t = time.perf_counter()
        report = mine_corpus([corpus], Path(tmp) / "bank", jobs=args.jobs)
        mine_s = time.perf_counter() - t
        mine_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        import jieba

        jieba.setLogLevel(60)
        jieba.lcut("预热", HMM=False)  # load the dictionary outside the timing
        t = time.perf_counter()
        for path in files:
            jieba.lcut(path.read_text(encoding="utf-8"), HMM=False)
        jieba_s = time.perf_counter() - t
    engine = Segmenter().engine
    print(f"corpus: {len(files)} files, {size:.1f} MB; segmenter in mining: {engine}; "
          f"jobs: {args.jobs}")
    print(f"mined {report.phrases_mined:,} phrases ({report.total:,} in the bank, "
          f"{report.new_words} dictionary words) in {mine_s:.1f} s = {size / mine_s:.2f} MB/s")
    print(f"bare jieba.lcut(HMM=False): {jieba_s:.1f} s = {size / jieba_s:.2f} MB/s")
    print(f"mining / jieba throughput: {jieba_s / mine_s:.2f}  (target ≥ 0.5)")
    print(f"peak RSS: {mine_rss:.0f} MB (this process), {children_rss:.0f} MB (largest worker)"
          "  (target ≤ 1024 MB)")
    return 0


def _into_bundled() -> int:
    """A user's first mine: their bank starts as a copy of the bundled one (92,000
    phrases), which the whole write holds in memory."""
    import shutil

    from drafter import config

    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "bank"
        shutil.copytree(config.bundled_dir("phrasebank"), bank)
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        write_corpus(SpeechMaker(load_sentences(source_files())), corpus, 20_000)
        t = time.perf_counter()
        report = mine_corpus([corpus], bank)
        seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mined {report.phrases_mined:,} phrases into a copy of the bundled bank "
          f"({report.total:,} phrases) in {seconds:.1f} s; peak RSS {rss:.0f} MB "
          "(target ≤ 1024 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
