"""Accuracy of passage classification on blind, held-out passages of real texts.

    python tests/bench/eval_classify.py [--archive DIR] [--set A|B] [--no-model] [--show-errors]

The passages (tests/fixtures/archive_eval_blind.jsonl) were chosen and labelled by
helper sessions that never saw drafter's code, cue lists, model or training data, from
the files of shared/archive listed in training/heldout.txt, which training never reads.
Each line references a passage by file, character span and a hash of its text (most of
the archive may not be republished), with the heading a reader found above it, the
reader's section type and domain, and a second one where it fitted almost as well.
Set A was labelled first and used to choose between methods; set B was labelled later
and only measured.  A random sample and passages chosen for the rarer types are mixed.

Runs ``drafter classify --jsonl - --json`` exactly as a user would, and prints:
section top-1 (the reader's first type), top-1 counting the reader's second type too,
top-2; the same for domains; the largest share of passages given one section type;
per-type recall.  Also the older set of passages a helper wrote blind to the cue lists
(tests/fixtures/section_eval_blind.tsv).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
BLIND = FIXTURES / "archive_eval_blind.jsonl"
WRITTEN_BLIND = FIXTURES / "section_eval_blind.tsv"


def load_archive_set(archive: Path, which: str | None) -> list[dict]:
    rows = []
    for line in BLIND.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if which and record.get("set") != which:
            continue
        path = archive / record["file"]
        text = path.read_text(encoding="utf-8")[record["start"]:record["end"]]
        if hashlib.sha1(text.encode()).hexdigest()[:12] != record["sha1"]:
            raise SystemExit(f"{path}: the passage at {record['start']} is not the one labelled")
        rows.append({**record, "text": text})
    return rows


def load_written_set() -> list[dict]:
    rows = []
    for line in WRITTEN_BLIND.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, heading, text = line.split("\t")
            rows.append({"section": label, "heading": None if heading == "-" else heading,
                         "text": text})
    return rows


def classify(rows: list[dict], no_model: bool) -> list[dict]:
    payload = "".join(json.dumps({"text": r["text"], "heading": r.get("heading")},
                                 ensure_ascii=False) + "\n" for r in rows)
    command = [sys.executable, "-m", "drafter", "classify", "--jsonl", "-", "--json"]
    if no_model:
        command.append("--no-model")
    out = subprocess.run(command, input=payload, capture_output=True, text=True, check=True,
                         cwd=REPO).stdout
    return [json.loads(line) for line in out.splitlines()]


def report(name: str, rows: list[dict], verdicts: list[dict], show_errors: bool) -> None:
    n = len(rows)
    firsts = [v["section_types"][0][0] if v["section_types"] else None for v in verdicts]
    top1 = sum(f == r["section"] for f, r in zip(firsts, rows, strict=True)) / n
    lenient = sum(f in (r["section"], r.get("section_alt"))
                  for f, r in zip(firsts, rows, strict=True)) / n
    top2 = sum(r["section"] in [k for k, _ in v["section_types"][:2]]
               for v, r in zip(verdicts, rows, strict=True)) / n
    share = Counter(firsts).most_common(1)[0]
    print(f"{name}: {n} passages")
    print(f"  section type  top-1 {top1:.3f}   top-1 (reader's first or second) {lenient:.3f}"
          f"   top-2 {top2:.3f}")
    print(f"  largest share of one section type: {share[0]} {share[1] / n:.3f}")
    with_domain = [(v, r) for v, r in zip(verdicts, rows, strict=True) if r.get("domain")]
    if with_domain:
        m = len(with_domain)
        d1 = sum(v["domains"][0][0] == r["domain"] for v, r in with_domain) / m
        dl = sum(v["domains"][0][0] in (r["domain"], r.get("domain_alt"))
                 for v, r in with_domain) / m
        d2 = sum(r["domain"] in [k for k, _ in v["domains"][:2]] for v, r in with_domain) / m
        print(f"  domain        top-1 {d1:.3f}   top-1 (reader's first or second) {dl:.3f}"
              f"   top-2 {d2:.3f}")
    totals = Counter(r["section"] for r in rows)
    right = Counter(r["section"] for f, r in zip(firsts, rows, strict=True) if f == r["section"])
    print("  per type (top-1): " + ", ".join(f"{k} {right[k]}/{totals[k]}"
                                            for k in sorted(totals)))
    samples = Counter(r.get("sample") for r in rows if r.get("sample"))
    for sample in sorted(samples):
        part = [(f, r) for f, r in zip(firsts, rows, strict=True) if r.get("sample") == sample]
        acc = sum(f == r["section"] for f, r in part) / len(part)
        print(f"  {sample} sample: {len(part)} passages, section top-1 {acc:.3f}")
    if show_errors:
        for f, r in zip(firsts, rows, strict=True):
            if f != r["section"]:
                print(f"    {r['section']} → {f}  {r.get('heading') or '-'} | {r['text'][:50]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default=str(REPO.parent / "shared" / "archive"))
    parser.add_argument("--set", choices=["A", "B"], help="only one of the blind sets")
    parser.add_argument("--no-model", action="store_true", help="the cue lexicons alone")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    archive = Path(args.archive)
    if archive.is_dir():
        rows = load_archive_set(archive, args.set)
        report(f"archive passages, blind set {args.set or 'A+B'} ({BLIND.name})", rows,
               classify(rows, args.no_model), args.show_errors)
    else:
        print(f"{archive}: not found; the archive passages need it (--archive DIR)")
    written = load_written_set()
    report(f"passages written blind to the cue lists ({WRITTEN_BLIND.name})", written,
           classify(written, args.no_model), args.show_errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
