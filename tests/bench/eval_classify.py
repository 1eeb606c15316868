"""Top-1 accuracy of section-type classification on hand-labelled passages.

    python tests/bench/eval_classify.py [--show-errors]

The passages (tests/fixtures/section_eval.tsv) were written for this evaluation and are
not from the seed corpus; see the file's header.  Two figures are printed: the passage
alone, and the passage with the heading of its section as context (the way
``drafter parse`` classifies), plus a majority-class baseline and a per-type table.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drafter.bank.classify import Classifier
from drafter.bank.taxonomy import load_taxonomy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EVAL_FILE = FIXTURES / "section_eval.tsv"  # written by the developer of the cue lists
BLIND_FILE = FIXTURES / "section_eval_blind.tsv"  # written blind to the cue lists


def load_eval(path: Path = EVAL_FILE) -> list[tuple[str, str | None, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, heading, text = line.split("\t")
        rows.append((label, None if heading == "-" else heading, text))
    return rows


def evaluate(classifier: Classifier, rows, with_heading: bool, top: int = 1) -> tuple[float, list]:
    """Share of passages whose label is among the classifier's first ``top`` types."""
    errors = []
    for label, heading, text in rows:
        context = None
        if with_heading and heading:
            context = dict(classifier.rank(heading, heading=True))
        ranked = classifier.rank(text, context=context)
        guess = ranked[0][0] if ranked else None
        if label not in [key for key, _ in ranked[:top]]:
            errors.append((label, guess, heading, text, ranked[:3]))
    return 1 - len(errors) / len(rows), errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    classifier = Classifier(load_taxonomy())
    for name, path in (("blind set (written without seeing the cue lists)", BLIND_FILE),
                       ("developer set (written by the cue lists' author)", EVAL_FILE)):
        if not path.is_file():
            continue
        rows = load_eval(path)
        alone, _ = evaluate(classifier, rows, with_heading=False)
        contextual, errors = evaluate(classifier, rows, with_heading=True)
        top2, _ = evaluate(classifier, rows, with_heading=True, top=2)
        majority = Counter(label for label, _, _ in rows).most_common(1)[0][1] / len(rows)
        print(f"{name}: {path.name}, {len(rows)} passages, {len({r[0] for r in rows})} types")
        print(f"  top-1 accuracy, passage alone:        {alone:.3f}")
        print(f"  top-1 accuracy, with section heading: {contextual:.3f}")
        print(f"  top-2 accuracy, with section heading: {top2:.3f}")
        print(f"  majority-class baseline:              {majority:.3f}")
        by_label = Counter(e[0] for e in errors)
        totals = Counter(r[0] for r in rows)
        print("  per type (top-1, with heading): " + ", ".join(
            f"{k} {totals[k] - by_label[k]}/{totals[k]}" for k in sorted(totals)))
        if args.show_errors:
            for label, guess, heading, text, ranked in errors:
                print(f"    {label} → {guess}: {heading or ''} {text[:40]} {ranked[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
