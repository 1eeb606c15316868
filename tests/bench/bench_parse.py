"""Parse-throughput benchmark for drafter's reading pipeline (read → clean → structure).

Run as ``python tests/bench/bench_parse.py [--quick] [--profile]``.  pytest skips this
folder.  The script builds a deterministic corpus of distinct synthetic speeches (sentences
sampled from ../shared/corpus when it exists, else from tests/fixtures/sample_speech.txt),
then times ``load_document`` in-process on one core:

  (a) over ~10 MB of small files, one speech each;
  (b) on one ≥ 10 MB file holding all of those speeches (one document);
  (c) on one ~50 MB file of further distinct speeches (skipped with --quick).

It prints figures only and always exits 0: there are no assertions on speed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from drafter.corpus.parse import load_document

REPO = Path(__file__).resolve().parents[2]
SEED = 20250318
MB = 2**20  # MiB: "10 MB" then holds whichever way MB is read
TARGET = "aim ≥ 5 MB/s without segmentation on one core"

_SENTENCE_RE = re.compile(r"[^。！？]+[。！？]+")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# Page furniture that the shared corpus' web captures carry inside sentences.
_FURNITURE_RE = re.compile(r"会员|登录|下载|举报|范文|版权|微信|扫码|文档由|VIP", re.IGNORECASE)
_NUMS = "一二三四五六七八九十"
_CONNECTIVES = ["", "", "", "同时，", "此外，", "总的来看，", "特别是", "我们要看到，",
                "实践证明，", "下一步，", "必须认识到，", "从长远看，"]
_PLACES = ["全县", "全市", "全省", "全区", "全镇", "全系统", "全行业", "集团公司"]
_MEETINGS = ["工作推进会", "工作会议", "动员部署会", "专题会议", "务虚会", "座谈会",
             "总结表彰大会", "学习研讨会", "年中工作会", "现场观摩会"]
_UNITS = ["县", "市", "省", "区", "镇", "集团", "局", "委"]
_SPEAKERS = ["县委书记", "市长", "党组书记", "局长", "主任", "常务副县长", "董事长"]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "明华强军平伟芳敏静丽勇磊洋艳杰涛超秀霞刚志国建文斌宏宇鹏飞春海"


def source_files() -> list[Path]:
    """The shared corpus' .txt files if it exists anywhere we know of, else the fixture."""
    for corpus in (Path("/work/shared/corpus"), REPO.parent / "shared" / "corpus"):
        files = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
        if files:
            return files
    return [REPO / "tests" / "fixtures" / "sample_speech.txt"]


def load_sentences(files: list[Path]) -> list[str]:
    """Distinct prose sentences (split on 。！？), line by line, without page furniture."""
    seen: dict[str, None] = {}
    for path in files:
        for line in path.read_text("utf-8", errors="replace").splitlines():
            for s in _SENTENCE_RE.findall(line.strip()):
                s = "".join(s.split())
                if (8 <= len(s) <= 200 and len(_CJK_RE.findall(s)) >= len(s) // 2
                        and not _FURNITURE_RE.search(s)):
                    seen.setdefault(s)
    return list(seen)


class SpeechMaker:
    """Deterministic generator of distinct speeches made of shuffled source sentences."""

    def __init__(self, sentences: list[str], seed: int = SEED) -> None:
        self.sentences = sentences
        self.rng = random.Random(seed)

    def _sentence(self) -> str:
        s = self.rng.choice(self.sentences)
        connective = self.rng.choice(_CONNECTIVES)
        return s if s.startswith(connective) or "，" in s[:5] else connective + s

    def _paragraph(self) -> str:
        return "".join(self._sentence() for _ in range(self.rng.randint(2, 4)))

    def _heading(self) -> str:
        """The first clause of a random sentence, as short as a heading is."""
        clause = re.split(r"[，,；;：:。！？]", self.rng.choice(self.sentences))[0]
        return clause[: self.rng.randint(8, 24)]

    def speech(self) -> str:
        """Title, date, speaker, salutation, then 一、… sections with （一）… or 1.… run-in
        sub-items until a 3–6 KB target is reached, then a closing paragraph."""
        rng = self.rng
        name = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, 2))
        topic = rng.choice(self.sentences)
        start = rng.randrange(max(1, len(topic) - 8))
        topic = re.sub(r"[^\u4e00-\u9fff]", "", topic[start:start + rng.randint(4, 8)])
        lines = [f"在{rng.choice(_PLACES)}{topic}{rng.choice(_MEETINGS)}上的讲话",
                 f"（{rng.randint(2010, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日）",
                 f"{rng.choice(_UNITS)}{rng.choice(_SPEAKERS)}　{name}", "", "同志们：",
                 self._paragraph()]
        size = sum(len(line.encode("utf-8")) + 1 for line in lines)
        target = rng.randint(2900, 5200)  # leaves room for the closing paragraph
        for section in _NUMS:
            style = rng.choice(["（{}）", "{}."])  # sub-items: （一）… or 1.… run-in heads
            items = [f"{section}、{self._heading()}", self._paragraph()]
            items += [style.format(_NUMS[k] if style[0] == "（" else k + 1)
                      + f"{self._heading()}。{self._paragraph()}"
                      for k in range(rng.randint(1, 3))]
            for item in items:
                lines.append(item)
                size += len(item.encode("utf-8")) + 1
                if size >= target:
                    break
            if size >= target:
                break
        lines.append("同志们，" + self._paragraph())
        return "\n".join(lines) + "\n"


def write_corpus(maker: SpeechMaker, folder: Path, min_bytes: int) -> list[Path]:
    """Speech files in folder until min_bytes of UTF-8 text are written."""
    paths, total = [], 0
    while total < min_bytes:
        path = folder / f"speech_{len(paths):05d}.txt"
        total += path.write_bytes(maker.speech().encode("utf-8"))
        paths.append(path)
    return paths


def write_big(path: Path, parts: list[str]) -> Path:
    """One document: speeches separated by blank lines."""
    path.write_bytes("\n\n".join(parts).encode("utf-8"))
    return path


def max_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return rss / MB if sys.platform == "darwin" else rss * 1024 / MB


def measure(rows: list[tuple], case: str, paths: list[Path]) -> None:
    """Time load_document over paths; add (case, docs, bytes, seconds, repeats, RSS) to rows.
    'repeats' counts lines the cleaner dropped as repeated blocks: near 0 means the text is
    realistic rather than one speech copied over and over."""
    size = sum(p.stat().st_size for p in paths)
    start = time.perf_counter()
    docs = [load_document(p) for p in paths]
    secs = time.perf_counter() - start
    repeats = sum(r.reason == "repeated block" for d in docs for r in d.removed)
    rows.append((case, len(paths), size, secs, repeats, max_rss_mb()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 50 MB single file")
    ap.add_argument("--profile", action="store_true",
                    help="cProfile the single-file case; print the top 25 by cumulative time")
    args = ap.parse_args()

    files = source_files()
    sentences = load_sentences(files)
    print(f"sentence source: {files[0].parent} ({len(files)} files, "
          f"{len(sentences)} distinct sentences)")
    maker = SpeechMaker(sentences)
    rows: list[tuple] = []

    with tempfile.TemporaryDirectory(prefix="drafter-bench-") as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "many").mkdir()
        paths = write_corpus(maker, tmpdir / "many", 10 * MB)
        load_document(paths[0])  # warm-up: imports, regex compilation
        measure(rows, f"{len(paths)} files", paths)

        big = write_big(tmpdir / "big10.txt", [p.read_text("utf-8") for p in paths])
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(load_document, big)
            print(f"\ncProfile of load_document on one {big.stat().st_size / MB:.1f} MB file "
                  "(top 25 by cumulative time):")
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
        measure(rows, "1 file >=10 MB", [big])

        if not args.quick:  # further distinct speeches, so the cleaner drops no repeats
            parts, total = [], 0
            while total < 50 * MB:
                parts.append(maker.speech())
                total += len(parts[-1].encode("utf-8")) + 2
            big50 = write_big(tmpdir / "big50.txt", parts)
            del parts
            measure(rows, "1 file ~50 MB", [big50])

    print(f"\n{'case':<15} {'docs':>5} {'MB':>6} {'seconds':>8} {'MB/s':>6} {'repeats':>8} "
          f"{'max RSS MB':>11}")
    for case, ndocs, size, secs, repeats, rss in rows:
        print(f"{case:<15} {ndocs:>5} {size / MB:>6.2f} {secs:>8.2f} {size / MB / secs:>6.2f} "
              f"{repeats:>8} {rss:>11.0f}")
    print(f"\nMB = 2^20 bytes; max RSS is cumulative for the process. "
          f"Target: {TARGET}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
