"""Training the passage classifier shipped as ``drafter/bank/classifier.npz``.

    pip install -e '.[train]'          # scikit-learn, for training only
    python training/build_model.py     # the documented one command (see training/README.md)

The examples are passages a careful reader labelled with the job each does in a speech
(its section type) and what it is about (its domain), and a second label where one
fitted almost as well:

- passages of real speeches and reports (training/labels.jsonl), stored as references
  into the archive (file, character span and a hash of the text), never as the text
  itself, since most of the archive may not be republished;
- passages written for training in the register of city and county speeches, which
  the archive (national reports and speeches) lacks (training/written.jsonl, with text).

Files listed as held out (training/heldout.txt: those the blind evaluation sets come
from) are never read for training.  Weakly labelled paragraphs (the domain their cue
words suggested, the type of the heading above them) were tried as well: they helped
while there were a few hundred hand labels and did not once there were thousands
(cross-validated by file on the hand labels), so they are not used.

scikit-learn fits one logistic regression per facet over the features of
``drafter.bank.linear``; the weights are written in that module's format, which needs
only numpy to score.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from drafter.bank import linear
from drafter.errors import DrafterError
from drafter.fileio import load_json

SECTION_HEAD = "section"
DOMAIN_HEAD = "domain"
HAND_WEIGHT = 6.0  # a reader's first label; a second one counts ALT_WEIGHT of it
ALT_WEIGHT = 0.4  # a second label the reader thought fitted almost as well
MIN_DF = 2  # features seen in fewer training texts are dropped
MAX_FEATURES = 50_000


@dataclass
class Example:
    text: str
    section: str | None = None
    domain: str | None = None
    weight: float = 1.0
    heading: str | None = None  # the heading the passage sits under


@dataclass
class LabelRef:
    """A hand label: the passage (its own ``text``, or where it is in the archive) and
    what the reader said of it."""

    section: str
    domain: str
    file: str = ""
    start: int = 0
    end: int = 0
    sha1: str = ""
    text: str = ""  # a passage written for training, shipped with its label
    heading: str | None = None
    section_alt: str | None = None
    domain_alt: str | None = None
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict) -> LabelRef:
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        return cls(**{k: v for k, v in data.items() if k in known},
                   extra={k: v for k, v in data.items() if k not in known})

    def resolve(self, roots: Iterable[Path]) -> str | None:
        """The passage's text from the first root holding the file, or None when no
        root has it or the text there is not the one labelled."""
        if self.text:
            return self.text
        for root in roots:
            path = root / self.file
            if path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")[self.start:self.end]
                if text_digest(text) == self.sha1:
                    return text
        return None


def text_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_label_refs(path: str | os.PathLike[str]) -> list[LabelRef]:
    refs = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            refs.append(LabelRef.from_dict(load_json(line)))
        except (json.JSONDecodeError, TypeError) as exc:
            raise DrafterError(f"{path}:{number}: {exc}") from None
    return refs


def hand_examples(refs: list[LabelRef], roots: list[Path]) -> tuple[list[Example], int]:
    """Examples from hand labels, and how many references could not be resolved."""
    out: list[Example] = []
    missing = 0
    for ref in refs:
        text = ref.resolve(roots)
        if text is None:
            missing += 1
            continue
        out.append(Example(text, ref.section, ref.domain, HAND_WEIGHT, ref.heading))
        if ref.section_alt:
            out.append(Example(text, ref.section_alt, None, HAND_WEIGHT * ALT_WEIGHT, ref.heading))
        if ref.domain_alt:
            out.append(Example(text, None, ref.domain_alt, HAND_WEIGHT * ALT_WEIGHT, ref.heading))
    return out, missing


# --- fitting -------------------------------------------------------------------------------


def build_vocabulary(texts: list[str], headings: list[str | None] | None = None,
                     min_df: int = MIN_DF, max_features: int = MAX_FEATURES
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Feature hashes seen in at least ``min_df`` passages (the most frequent
    ``max_features``), sorted, with their smoothed IDF (as scikit-learn computes it)."""
    hashes, owners = linear.passage_hashes(texts, headings)
    pairs = np.unique(np.stack([owners.astype(np.uint64), hashes], axis=1), axis=0)
    vocab, df = np.unique(pairs[:, 1], return_counts=True)
    keep = df >= min_df
    vocab, df = vocab[keep], df[keep]
    if len(vocab) > max_features:
        top = np.argsort(-df, kind="stable")[:max_features]
        top.sort()
        vocab, df = vocab[top], df[top]
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    return vocab, idf.astype(np.float32)


def design_matrix(texts: list[str], vocab: np.ndarray, idf: np.ndarray,
                  headings: list[str | None] | None = None):
    from scipy.sparse import csr_matrix

    rows, cols, values = linear.tfidf_rows(texts, vocab, idf, headings)
    return csr_matrix((values, (rows, cols)), shape=(len(texts), len(vocab)))


def fit_head(matrix, labels: list[str | None], weights: list[float], classes: list[str],
             c: float = 2.0) -> linear.Head:
    """One logistic regression over the rows that have a label of this head; classes
    weighted so that a rare type counts as much as a common one."""
    from sklearn.linear_model import LogisticRegression

    rows = [i for i, label in enumerate(labels) if label in classes]
    y = np.array([classes.index(labels[i]) for i in rows])
    w = np.array([weights[i] for i in rows], dtype=np.float64)
    # Balance the classes by their total weight, not their count.
    totals = np.bincount(y, weights=w, minlength=len(classes))
    present = totals > 0
    scale = np.where(present, w.sum() / (present.sum() * np.maximum(totals, 1e-9)), 0.0)
    w = w * scale[y]
    model = LogisticRegression(C=c, max_iter=2000, tol=1e-4)
    model.fit(matrix[rows], y, sample_weight=w)
    weights_full = np.zeros((matrix.shape[1], len(classes)), dtype=np.float32)
    intercept = np.full(len(classes), -30.0, dtype=np.float32)  # a class never seen: never
    for column, label_index in enumerate(model.classes_):
        weights_full[:, label_index] = model.coef_[column] if len(model.classes_) > 2 else (
            model.coef_[0] if column == 1 else -model.coef_[0])
        intercept[label_index] = model.intercept_[column] if len(model.classes_) > 2 else (
            model.intercept_[0] if column == 1 else -model.intercept_[0])
    return linear.Head(list(classes), weights_full, intercept)


def fit_model(examples: list[Example], section_classes: list[str], domain_classes: list[str],
              c_section: float = 2.0, c_domain: float = 2.0,
              max_features: int = MAX_FEATURES, meta: dict | None = None) -> linear.LinearModel:
    texts = [e.text for e in examples]
    headings = [e.heading for e in examples]
    vocab, idf = build_vocabulary(texts, headings, max_features=max_features)
    matrix = design_matrix(texts, vocab, idf, headings)
    weights = [e.weight for e in examples]
    heads = {
        SECTION_HEAD: fit_head(matrix, [e.section for e in examples], weights,
                               section_classes, c_section),
        DOMAIN_HEAD: fit_head(matrix, [e.domain for e in examples], weights,
                              domain_classes, c_domain),
    }
    return linear.LinearModel(vocab, idf, heads, meta)


# --- the whole job -------------------------------------------------------------------------


@dataclass
class TrainReport:
    labels: int = 0  # hand labels used
    held_out: int = 0  # labels left out because their file is held out
    unresolved: int = 0  # labels whose passage was not found where they point
    features: int = 0
    by_section: dict = field(default_factory=dict)
    by_domain: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def read_list(path: str | os.PathLike[str] | None) -> set[str]:
    if not path:
        return set()
    return {line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def training_examples(roots: list[str], label_files: list[str], held_out: set[str]
                      ) -> tuple[list[Example], TrainReport]:
    """Examples from the hand labels of ``label_files``, passages looked up under
    ``roots`` (directories holding the archive)."""
    report = TrainReport()
    examples: list[Example] = []
    for label_file in label_files:
        refs = load_label_refs(label_file)
        kept = [r for r in refs if not (r.file and held_out_file(r.file, held_out))]
        report.held_out += len(refs) - len(kept)
        found, missing = hand_examples(kept, [Path(p) for p in roots])
        examples += found
        report.labels += sum(1 for e in found if e.weight == HAND_WEIGHT)
        report.unresolved += missing
    report.by_section = dict(Counter(e.section for e in examples
                                     if e.section and e.weight == HAND_WEIGHT).most_common())
    report.by_domain = dict(Counter(e.domain for e in examples
                                    if e.domain and e.weight == HAND_WEIGHT).most_common())
    return examples, report


def held_out_file(path: str, held_out: set[str]) -> bool:
    return any(path == h or path.endswith("/" + h) or h.endswith("/" + path)
               for h in held_out)


def train(roots: list[str], label_files: list[str], held_out_list: str | None,
          output: str | os.PathLike[str]) -> TrainReport:
    """Train on the hand labels (passages found under ``roots``), write the model."""
    from drafter.bank.taxonomy import CORE_KEYS, DOMAIN_KEYS

    examples, report = training_examples(roots, label_files, read_list(held_out_list))
    if not report.labels:
        raise DrafterError("no training examples: check the label files and the archive path")
    meta = {"trained_on": {"labels": report.labels, "held_out": report.held_out}}
    model = fit_model(examples, list(CORE_KEYS), list(DOMAIN_KEYS), meta=meta)
    report.features = len(model.vocab)
    model.save(output)
    return report
