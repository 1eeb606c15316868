"""How fast the passage classifier loads and scores.

    python tests/bench/bench_classify.py

Prints: the time from a fresh interpreter to a loaded model (import numpy and
drafter.bank.linear, read classifier.npz), median of 5 fresh processes; the model file's
size; passages classified a second through PassageClassifier.classify (the code path of
`drafter classify` and of mining) on 2,000 passages of about 150 characters.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

LOAD = ("import time; t = time.perf_counter(); "
        "from drafter.bank.linear import LinearModel, MODEL_FILE; LinearModel.load(MODEL_FILE); "
        "print(time.perf_counter() - t)")


def main() -> int:
    from drafter.bank.classify import PassageClassifier
    from drafter.bank.linear import MODEL_FILE

    loads = [float(subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True,
                                  check=True, cwd=REPO).stdout) for _ in range(5)]
    print(f"model load from a fresh interpreter: median {statistics.median(loads) * 1000:.0f} ms,"
          f" max {max(loads) * 1000:.0f} ms (5 runs)")
    print(f"model file: {MODEL_FILE.stat().st_size / 1e6:.1f} MB")
    classifier = PassageClassifier.load()
    base = ["要深入开展安全生产大检查，全面排查整治各类隐患，坚决遏制重特大事故发生，",
            "坚持问题导向，深入调查研究，把情况摸清楚、把问题找准确、把对策提实在，",
            "加强组织领导，压实各级责任，强化督查考核，确保各项任务落到实处，"]
    texts = [(base[i % 3] * 3)[:150] for i in range(2000)]
    headings = ["三、抓好重点工作"] * len(texts)
    classifier.classify(texts[:10], headings[:10])  # warm
    started = time.perf_counter()
    classifier.classify(texts, headings)
    elapsed = time.perf_counter() - started
    print(f"classify: {len(texts) / elapsed:,.0f} passages/s ({elapsed * 1000:.0f} ms for "
          f"{len(texts)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
