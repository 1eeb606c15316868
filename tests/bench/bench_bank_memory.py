"""Peak memory of the commands that hold a phrasebank whole, on banks filled to its bound.

    python tests/bench/bench_bank_memory.py [--shapes bundled,specifics,...] [--corpus FILE]

A bank is bounded by an estimate of what holding it costs (store.held_cost, against
MAX_BANK_COST), not by its characters: the same characters cost a command several times
as much as one-character tags, specifics' pairs or sources as in long texts.  For each
shape this builds a bank of the bundled bank's small sections (or the whole bundled bank)
and lines of that shape up to just under the bound, then runs, each in a process of its
own, lint, stats, one review decision and its undo, a review of every phrase (the
command the estimate is of) and its undo, and a mine of one file, printing each one's
seconds and peak resident memory (the issue's limit: 1 GB, 30 s) beside the estimate.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from drafter.bank.model import Phrase
from drafter.bank.store import MAX_BANK_COST, MAX_BANK_PHRASES, held_cost, phrase_line

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "phrasebank"
SPEECH = REPO / "tests" / "fixtures" / "sample_speech.txt"
_CJK = [chr(code) for code in range(0x4E00, 0x9FA5)]
_ASTRAL = [chr(code) for code in range(0x20000, 0x2A6D6)]
SHAPES = ("bundled", "specifics", "tags", "cjk", "ascii", "astral", "short")


def shape_line(shape: str, number: int, pick: random.Random) -> str:
    """A phrase line of ``shape``: what fuzz passes grew banks past 1 GB with."""
    fields: dict = {"text": f"文本{number}"}
    if shape == "specifics":  # 29 pairs of one-character strings (fuzz re-check 74)
        fields["specifics"] = [[pick.choice(_CJK), pick.choice(_CJK)] for _ in range(29)]
    elif shape == "tags":  # 56 one-character tags and terms (re-check 73, under 60 items)
        fields.update(tags=pick.choices(_CJK, k=28), terms=pick.choices(_CJK, k=28))
    elif shape == "cjk":
        fields.update(text="".join(pick.choices(_CJK, k=2000)),
                      note="".join(pick.choices(_CJK, k=2000)))
    elif shape == "ascii":
        fields.update(text="c" * 2000, note="a" * 2000, speaker="b" * 2000)
    elif shape == "astral":
        fields.update(text="".join(pick.choices(_ASTRAL, k=2000)),
                      note="".join(pick.choices(_ASTRAL, k=2000)))
    elif shape == "short":
        fields["text"] = "".join(pick.choices(_CJK, k=12))
    phrase = {"id": f"x{number:08d}", "kind": "paragraph", "sections": ["opening"],
              "domains": ["general"], "sources": [{"file": f"f{number}.txt", "position": 1}],
              **fields}
    return phrase_line(Phrase.from_dict(phrase))


def build(shape: str, bank: Path, headroom: float) -> tuple[int, int]:
    """The bank of ``shape`` at ``bank``, filled to ``headroom`` under the bound: (its
    estimate in bytes, its lines)."""
    whole = shape == "bundled"
    shutil.copytree(BUNDLED, bank, ignore=lambda folder, names: [
        name for name in names if not whole and name.endswith(".jsonl")
        and (Path(folder) / name).stat().st_size > 1_000_000])
    files = list((bank / "phrases").glob("*.jsonl"))
    cost = lines = 0
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                cost += held_cost(line)
                lines += 1
    if whole:
        return cost, lines
    pick = random.Random(1)
    limit = MAX_BANK_COST * (1 - headroom)
    with (bank / "phrases" / "opening.jsonl").open("a", encoding="utf-8") as out:
        for number in range(MAX_BANK_PHRASES - lines - 1):
            line = shape_line(shape, number, pick)
            if cost + held_cost(line) > limit:
                break
            out.write(line)
            cost += held_cost(line)
            lines += 1
    return cost, lines


def first_phrase(bank: Path) -> str:
    """A phrase's id, read a line at a time: a command's peak memory counts what this
    process held when it forked the command (Linux keeps the high-water mark across exec),
    so nothing large is held here."""
    for path in sorted((bank / "phrases").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                return json.loads(line)["id"]
    raise SystemExit(f"{bank}: no phrase")


def measured(args: list[str], env: dict[str, str]) -> tuple[int, float, float, str]:
    """(exit status, seconds, peak resident MB, last line of stderr) of one command."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "drafter", *args], env=env,
                                   stdout=subprocess.DEVNULL, stderr=err,
                                   stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        said = err.read().decode("utf-8", "replace").strip().splitlines()
    return (process.returncode, time.perf_counter() - started, usage.ru_maxrss / 1024,
            said[-1][:90] if said else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default=",".join(SHAPES),
                        help=f"comma-separated, of {', '.join(SHAPES)}")
    parser.add_argument("--corpus", type=Path, default=SPEECH, help="the file mined")
    parser.add_argument("--headroom", type=float, default=0.05,
                        help="share of the bound left free (a change grows a bank a little)")
    options = parser.parse_args()
    import resource

    with tempfile.TemporaryDirectory(prefix="bench-bank-memory-") as scratch:
        env = {**os.environ, "XDG_CACHE_HOME": f"{scratch}/cache",
               "XDG_DATA_HOME": f"{scratch}/data", "XDG_STATE_HOME": f"{scratch}/state",
               "PYTHONPATH": str(REPO)}
        print(f"bound {MAX_BANK_COST / 1e6:,.0f} MB (estimate)")
        print(f"{'shape':10} {'est MB':>7} {'lines':>7}  {'command':34} {'rc':>3} "
              f"{'s':>6} {'peak MB':>8}")
        for shape in options.shapes.split(","):
            bank = Path(scratch) / shape
            cost, lines = build(shape, bank, options.headroom)
            one = first_phrase(bank)
            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if own > 150:
                print(f"(this process peaked at {own:.0f} MB: each figure below is at least "
                      "that)")
            commands = {
                "lint": ["phrasebank", "lint"],
                "stats": ["phrasebank", "stats"],
                "review one (note)": ["phrasebank", "review", one, "--note", "a"],
                "undo it": ["phrasebank", "review", "--undo", "--yes"],
                "review every phrase (note)": ["phrasebank", "review", "--where",
                                               "score>=0", "--note", "b", "--yes"],
                "undo that": ["phrasebank", "review", "--undo", "--yes"],
                "mine one file": ["mine", str(options.corpus)],
            }
            for name, args in commands.items():
                rc, seconds, peak, said = measured(["--phrasebank", str(bank), *args], env)
                print(f"{shape:10} {cost / 1e6:7.0f} {lines:7,}  {name:34} {rc:3} "
                      f"{seconds:6.1f} {peak:8.0f}" + (f"  {said}" if rc else ""),
                      flush=True)
            shutil.rmtree(bank)
    return 0


if __name__ == "__main__":
    sys.exit(main())
