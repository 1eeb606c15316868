"""One word segmenter for mining, indexing and queries alike.

jieba with HMM off plus the phrasebank's domain dictionary is the default: HMM invents
words, and with it off the same text always cuts the same way.  When rjieba
(the jieba-rs binding, ``pip install 'drafter[fast]'``) is installed it is used instead:
with HMM off it cuts exactly like jieba, about twenty times faster.  Both load lazily,
on the first cut, and jieba keeps its cache and its log out of /tmp and the terminal.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# Domain words outrank jieba's general dictionary: 政治站位 stays one word.
DOMAIN_WORD_FREQ = 20000


class Segmenter:
    def __init__(self, words: Iterable[str] = (), engine: str | None = None):
        self.words = tuple(dict.fromkeys(w for w in words if w))
        self.engine = engine or ("rjieba" if _has_rjieba() else "jieba")
        self._cut = None

    def cut(self, text: str) -> list[str]:
        if self._cut is None:
            self._cut = self._load()
        return self._cut(text)

    def _load(self):
        if self.engine == "rjieba":
            import rjieba

            tokenizer = rjieba.Jieba()
            for word in self.words:
                tokenizer.add_word(word, DOMAIN_WORD_FREQ, None)
            return lambda text: tokenizer.cut(text, False)
        tokenizer = _jieba_tokenizer()
        for word in self.words:
            tokenizer.add_word(word, DOMAIN_WORD_FREQ)
        return lambda text: tokenizer.lcut(text, HMM=False)


def _has_rjieba() -> bool:
    if os.environ.get("DRAFTER_SEGMENTER") == "jieba":
        return False
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return False
    return True


def _jieba_tokenizer():
    """A fresh jieba tokenizer with the general dictionary loaded.  Loading it costs
    ~0.7 s, so a process loads it once and later tokenizers copy its word table."""
    import jieba

    base = _jieba_base()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir, tokenizer.cache_file = base.tmp_dir, base.cache_file
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    return tokenizer


@lru_cache(maxsize=1)
def _jieba_base():
    import jieba

    from drafter import config

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    cache = config.own_cache()
    if cache is None:
        # A link in the cache folder's place is not written through: the dictionary is
        # parsed in a folder of its own, gone once read (about a second each run).
        with tempfile.TemporaryDirectory(prefix="drafter-jieba-") as scratch:
            tokenizer.tmp_dir = scratch
            tokenizer.initialize()
        return tokenizer
    cache.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(cache)
    tokenizer.cache_file = next(
        (name for name in _JIEBA_CACHE_NAMES if _writable_file_place(cache / name)),
        _JIEBA_CACHE_NAMES[-1])
    tokenizer.initialize()
    return tokenizer


# Where jieba keeps its dictionary, parsed; the second when something not a file stands
# where the first goes (a folder named jieba.cache had made jieba print a traceback on
# every mine and leave a 9 MB temp file each time: fuzz pass 47 P6).
_JIEBA_CACHE_NAMES = ("jieba.cache", "jieba-dictionary.cache")


def _writable_file_place(path: Path) -> bool:
    """Whether ``path`` is free, or a regular file (not a link): what jieba may replace."""
    if path.is_symlink():
        return False
    return not path.exists() or path.is_file()


def read_dictionary(path: str | os.PathLike[str]) -> list[str]:
    """The words of a domain dictionary file that are not rejected (see bank.words)."""
    from drafter.bank.words import read_dictionary_file

    return [word for word, (status, _) in read_dictionary_file(path).items()
            if status != "rejected"]


@lru_cache(maxsize=4)
def segmenter_for(dictionary: str | None = None, engine: str | None = None) -> Segmenter:
    """A shared segmenter for a dictionary file (one per process)."""
    return Segmenter(read_dictionary(dictionary) if dictionary else (), engine)
