"""Rebuild drafter's passage classifier (drafter/bank/classifier.npz).

    pip install -e '.[train]'
    python training/build_model.py [--archive DIR] [--corpus DIR] [-o FILE]

Looks up the passages of training/labels.jsonl in the archive and the corpus (default:
../shared/archive and ../shared/corpus beside this checkout), leaves out the files of
training/heldout.txt, adds the passages of training/written.jsonl, fits the model and
writes it where the package loads it.  Prints what it trained on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from drafter.bank.linear import MODEL_FILE  # noqa: E402
from drafter.bank.train import train  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default=str(REPO.parent / "shared" / "archive"))
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("-o", "--output", default=str(MODEL_FILE))
    args = parser.parse_args()
    roots = [p for p in (args.archive, args.corpus) if Path(p).is_dir()]
    if not roots:
        print(f"build_model: neither {args.archive} nor {args.corpus} exists", file=sys.stderr)
        return 2
    labels = [str(p) for p in (HERE / "labels.jsonl", HERE / "written.jsonl") if p.is_file()]
    started = time.perf_counter()
    report = train(roots, labels, str(HERE / "heldout.txt"), args.output)
    print(json.dumps({**report.to_dict(), "output": args.output,
                      "seconds": round(time.perf_counter() - started, 1)},
                     ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
