"""A linear text classifier over character n-grams, scored with numpy.

Short Chinese passages are classified well by a linear model over character 1-3-grams
(the standard strong baseline for short Chinese text): no segmentation, no vocabulary
gaps, a few MB of weights, and scoring that numpy does for a whole document at once.

Features: every character unigram, bigram and trigram of the normalised text (digits
folded to 0, Latin lower-cased, spaces dropped), identified by a 64-bit hash so that no
string vocabulary has to be built or looked up in Python.  Weights: sublinear TF × IDF,
L2-normalised per text, as scikit-learn's TfidfVectorizer computes them, so a model
trained there (``drafter.bank.train``) scores the same here.  Training and scoring
share ``gram_hashes``: one definition of a feature.

A model file (.npz) holds the kept feature hashes (sorted), their IDF, and one weight
matrix with intercepts per *head* (section types, domains), plus a JSON header.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

NGRAMS = (1, 2, 3)
MODEL_FORMAT = "drafter-linear"
MODEL_VERSION = 1

_SPACE_RE = re.compile(r"\s+")
_DIGIT_RE = re.compile(r"[0-9]")
# Multipliers of the polynomial hash and the final mix (splitmix64's constants).
_BASE = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def normalise(text: str) -> str:
    """What the features see: no spaces, digits as 0 (a year is a year), Latin lower,
    and no NUL, the separator gram_hashes joins texts with (a NUL in a passage had
    shifted every later passage onto the wrong text)."""
    return _DIGIT_RE.sub("0", _SPACE_RE.sub("", text.replace("\x00", ""))).lower()


def gram_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The n-gram hashes of ``texts`` and, for each, the index of its text.

    All texts are scored in one pass: joined with a separator (code 0) that no n-gram
    may cross, as one array of code points."""
    joined = "\x00".join(normalise(t) for t in texts) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    sep = codes == 0
    owner = np.cumsum(sep) - sep  # the text each position belongs to
    hashes, owners = [], []
    with np.errstate(over="ignore"):
        for n in NGRAMS:
            if len(codes) < n:
                continue
            span = len(codes) - n + 1
            h = np.full(span, np.uint64(n), dtype=np.uint64)
            crossing = np.zeros(span, dtype=bool)
            for k in range(n):
                h = h * _BASE + codes[k:k + span]
                crossing |= sep[k:k + span]
            h ^= h >> np.uint64(30)
            h *= _MIX1
            h ^= h >> np.uint64(27)
            h *= _MIX2
            h ^= h >> np.uint64(31)
            keep = ~crossing
            hashes.append(h[keep])
            owners.append(owner[:span][keep])
    if not hashes:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    return np.concatenate(hashes), np.concatenate(owners).astype(np.int64)


def grams(text: str) -> list[str]:
    """The n-grams of one text as strings, in the order ``gram_hashes`` hashes them
    (for explaining a decision)."""
    norm = normalise(text)
    return [norm[i:i + n] for n in NGRAMS for i in range(len(norm) - n + 1)]


# Heading n-grams are features of their own: 纪律 in the heading above a passage says
# something else than 纪律 in its text.
_HEADING_SALT = np.uint64(0x5BD1E9955BD1E995)


def passage_hashes(texts: list[str], headings: list[str | None] | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The feature hashes of passages: their text's n-grams and, where a passage has
    one, its heading's (salted, so the two never mix)."""
    hashes, owners = gram_hashes(texts)
    if headings and any(headings):
        present = [i for i, h in enumerate(headings) if h]
        head_hashes, head_owners = gram_hashes([headings[i] for i in present])
        hashes = np.concatenate([hashes, head_hashes ^ _HEADING_SALT])
        owners = np.concatenate([owners, np.asarray(present, np.int64)[head_owners]])
    return hashes, owners


def tfidf_rows(texts: list[str], vocab: np.ndarray, idf: np.ndarray,
               headings: list[str | None] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sparse TF-IDF rows of passages over a sorted vocabulary of hashes:
    (text index, feature index, value), sorted by text then feature."""
    hashes, owners = passage_hashes(texts, headings)
    where = np.searchsorted(vocab, hashes)
    where[where == len(vocab)] = 0
    known = vocab[where] == hashes if len(vocab) else np.zeros(len(hashes), bool)
    keys = owners[known] * len(vocab) + where[known]
    keys, counts = np.unique(keys, return_counts=True)
    rows, cols = np.divmod(keys, len(vocab)) if len(vocab) else (keys, keys)
    values = (1.0 + np.log(counts)) * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
    values = values / norms[rows]
    return rows, cols, values.astype(np.float32)


@dataclass
class Head:
    """One classification over the shared features: its labels, weights, intercepts."""

    labels: list[str]
    weights: np.ndarray  # (features, labels), float16 on disk
    intercept: np.ndarray  # (labels,)

    def scores(self, rows: np.ndarray, cols: np.ndarray, values: np.ndarray,
               n_texts: int) -> np.ndarray:
        """Raw linear scores (texts, labels)."""
        out = np.tile(self.intercept.astype(np.float32), (n_texts, 1))
        if len(rows):
            contributions = self.weights[cols].astype(np.float32) * values[:, None]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            out[rows[starts]] += np.add.reduceat(contributions, starts, axis=0)
        return out


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


class LinearModel:
    """Heads sharing one feature space; ``predict`` gives probabilities per head."""

    def __init__(self, vocab: np.ndarray, idf: np.ndarray, heads: dict[str, Head],
                 meta: dict | None = None):
        self.vocab = vocab
        self.idf = idf
        self.heads = heads
        self.meta = meta or {}

    def predict(self, texts: list[str], headings: list[str | None] | None = None
                ) -> dict[str, np.ndarray]:
        """Probabilities (texts, labels) for every head; ``headings`` are the headings
        the passages sit under (None where there is none)."""
        if not texts:
            return {name: np.zeros((0, len(h.labels)), np.float32)
                    for name, h in self.heads.items()}
        rows, cols, values = tfidf_rows(texts, self.vocab, self.idf, headings)
        return {name: softmax(head.scores(rows, cols, values, len(texts)))
                for name, head in self.heads.items()}

    def evidence(self, text: str, head: str, label: str, heading: str | None = None,
                 top: int = 6) -> list[tuple[str, float]]:
        """The n-grams that pushed hardest towards ``label`` in ``head``: the passage's
        own, and the heading's (shown as 〔heading〕gram)."""
        model_head = self.heads[head]
        if label not in model_head.labels:
            return []
        column = model_head.labels.index(label)
        _, cols, values = tfidf_rows([text], self.vocab, self.idf, [heading])
        weight_of = {int(c): float(v) * float(model_head.weights[c, column])
                     for c, v in zip(cols, values, strict=True)}
        named: list[tuple[str, np.ndarray]] = [(g, h) for g, h in zip(
            grams(text), gram_hashes([text])[0], strict=True)]
        if heading:
            named += [("〔heading〕" + g, h ^ _HEADING_SALT) for g, h in zip(
                grams(heading), gram_hashes([heading])[0], strict=True)]
        seen: dict[str, float] = {}
        for gram, h in named:
            index = int(np.searchsorted(self.vocab, h))
            if index < len(self.vocab) and self.vocab[index] == h and gram not in seen:
                seen[gram] = weight_of.get(index, 0.0)
        # Single characters say little to a reader: words and bigrams first.
        ranked = sorted(seen.items(), key=lambda kv: (len(kv[0].removeprefix("〔heading〕")) < 2,
                                                      -kv[1]))
        return [(g, round(w, 3)) for g, w in ranked[:top] if w > 0]

    # --- files -------------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        import io

        from drafter.fileio import atomic_write

        arrays: dict[str, np.ndarray] = {"vocab": self.vocab, "idf": self.idf.astype(np.float32)}
        header = {"format": MODEL_FORMAT, "version": MODEL_VERSION, "ngrams": list(NGRAMS),
                  "heads": {}, **self.meta}
        for name, head in self.heads.items():
            arrays[f"{name}_weights"] = head.weights.astype(np.float16)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
            header["heads"][name] = head.labels
        arrays["header"] = np.frombuffer(json.dumps(header, ensure_ascii=False).encode(),
                                         dtype=np.uint8)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        atomic_write(path, buffer.getvalue())

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> LinearModel:
        from drafter.errors import DrafterError

        try:
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(bytes(data["header"]).decode())
                if header.get("format") != MODEL_FORMAT or header.get("version") != MODEL_VERSION:
                    raise DrafterError(f"{path}: not a drafter model of version {MODEL_VERSION}")
                heads = {name: Head(list(labels), data[f"{name}_weights"],
                                    data[f"{name}_intercept"])
                         for name, labels in header["heads"].items()}
                meta = {k: v for k, v in header.items()
                        if k not in ("format", "version", "ngrams", "heads")}
                return cls(data["vocab"], data["idf"], heads, meta)
        except (OSError, ValueError, KeyError) as exc:
            raise DrafterError(f"{path}: cannot read the classifier model ({exc})") from None


MODEL_FILE = Path(__file__).with_name("classifier.npz")


@lru_cache(maxsize=4)
def bundled_model(path: str | None = None) -> LinearModel | None:
    """The model shipped with the package (None when it is missing: the lexicon alone
    then classifies).  Loaded once per process."""
    target = Path(path) if path else MODEL_FILE
    if not target.is_file():
        return None
    return LinearModel.load(target)
