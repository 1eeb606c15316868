"""Mining a real archive: all of shared/archive plus shared/corpus, time and memory.

    python tests/bench/bench_mine_archive.py [--jobs 2] [--segmenter jieba|rjieba]
                                             [--archive DIR] [--corpus DIR]

Runs ``drafter mine`` as a user would, into a fresh phrasebank, twice: the second run
must change nothing (same bytes in every phrase file).  Prints the wall time of each run
and the peak memory of the whole process tree (the command and its workers, summed,
sampled every 20 ms from /proc).  Targets (issue 10): at most 60 s and 1 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines()
                          if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack += [int(c) for c in children]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(command: list[str], env: dict) -> tuple[float, int, str]:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=REPO)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.02)
    out, err = process.communicate()
    if process.returncode not in (0, 1):
        raise SystemExit(f"mine failed ({process.returncode}): {err}")
    return time.perf_counter() - started, peak, out.strip() or err.strip()


def digest(bank: Path) -> str:
    sha = hashlib.sha1()
    for path in sorted((bank / "phrases").glob("*.jsonl")):
        sha.update(path.name.encode() + path.read_bytes())
    return sha.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--segmenter", choices=["jieba", "rjieba"], default=None,
                        help="force a segmenter (default: rjieba when installed)")
    parser.add_argument("--archive", default=str(REPO.parent / "shared" / "archive"))
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    args = parser.parse_args()
    inputs = [p for p in (args.archive, args.corpus) if Path(p).is_dir()]
    if not inputs:
        raise SystemExit("no archive or corpus found (--archive DIR --corpus DIR)")
    size = sum(f.stat().st_size for p in inputs for f in Path(p).rglob("*.txt")) / 2**20
    env = dict(os.environ)
    if args.segmenter == "jieba":
        env["DRAFTER_SEGMENTER"] = "jieba"
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        bank = Path(tmp) / "bank"
        command = [sys.executable, "-m", "drafter", "mine", *inputs, "-o", str(bank),
                   "--jobs", str(args.jobs)]
        first_s, first_kb, first_out = run(command, env)
        first = digest(bank)
        second_s, second_kb, second_out = run(command, env)
        same = digest(bank) == first
    engine = args.segmenter or ("rjieba" if _has_rjieba() else "jieba")
    print(f"input: {size:.1f} MB of .txt in {', '.join(inputs)}; segmenter {engine}; "
          f"jobs {args.jobs}")
    print(f"first run:  {first_s:.1f} s, peak RSS {first_kb / 1024:.0f} MB  ({first_out})")
    print(f"second run: {second_s:.1f} s, peak RSS {second_kb / 1024:.0f} MB  ({second_out})")
    print(f"re-mining wrote the same bytes: {same}")
    print("targets: ≤ 60 s, ≤ 1024 MB")
    return 0 if same else 1


def _has_rjieba() -> bool:
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
