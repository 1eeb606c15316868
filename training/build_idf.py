"""Rebuild drafter/text/speech_idf.txt: how rare each word is in official speech.

    python training/build_idf.py [--archive DIR] [--corpus DIR] [-o FILE]

General-Chinese IDF (jieba's table) calls 确保, 压实 and 责任 rare words, and they are the
everyday vocabulary of speeches; a phrase's salient terms should be what it is about
(安全生产, 隐患排查).  This counts in how many paragraphs of the archive and the corpus
each word appears, cut as mining cuts them (jieba with the bundled dictionary and the
cue words of the taxonomy and the domains), and writes ``word<TAB>idf`` for every word
of two or more Chinese characters found in at least three paragraphs: word statistics,
no text.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from drafter import config  # noqa: E402
from drafter.bank.taxonomy import load_domains, load_taxonomy  # noqa: E402
from drafter.corpus.parse import Skipped, iter_input_files, load_one  # noqa: E402
from drafter.text.segment import Segmenter, read_dictionary  # noqa: E402
from drafter.text.terms import SPEECH_IDF_FILE  # noqa: E402

_WORD_RE = re.compile("[\u4e00-\u9fff]{2,}")
MIN_DF = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", default=str(REPO.parent / "shared" / "archive"))
    parser.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("-o", "--output", default=str(SPEECH_IDF_FILE))
    args = parser.parse_args()
    roots = [p for p in (args.archive, args.corpus) if Path(p).is_dir()]
    bundled = config.bundled_dir("phrasebank")
    words = read_dictionary(bundled / "dictionary.txt")
    words += [cue for facet in (load_taxonomy(bundled), load_domains(bundled))
              for category in facet.types.values() for cue in category.cues
              if _WORD_RE.fullmatch(cue)]
    segmenter = Segmenter(words, engine="jieba")
    df: Counter[str] = Counter()
    paragraphs = 0
    for path in iter_input_files(roots):
        if isinstance(path, Skipped):
            continue
        doc = load_one(path)
        if isinstance(doc, Skipped):
            continue
        for paragraph in doc.paragraphs():
            paragraphs += 1
            df.update({w for w in segmenter.cut(paragraph.text) if _WORD_RE.fullmatch(w)})
    rows = sorted((w, math.log(paragraphs / (n + 1))) for w, n in df.items() if n >= MIN_DF)
    header = (f"# How rare each word is in official speech: log(paragraphs / (df + 1)) over "
              f"{paragraphs} paragraphs of\n# shared/archive and shared/corpus "
              f"(training/build_idf.py). Words in at least {MIN_DF} paragraphs.\n")
    Path(args.output).write_text(header + "".join(f"{w}\t{v:.3f}\n" for w, v in rows),
                                 encoding="utf-8")
    print(f"{args.output}: {len(rows)} words from {paragraphs} paragraphs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
