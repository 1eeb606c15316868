"""Fingerprints of every mined document, so that 查重 finds a passage copied from any
speech of the corpus, whether or not a phrase of it was kept.

A document is reduced to its Chinese characters, letters and digits (punctuation and
spaces do not make a copy different); every run of ``K`` of them is hashed, and
winnowing keeps the smallest hash of each window of ``W`` consecutive hashes (Schleimer,
Wilkerson and Aiken, 2003).  Any run of at least ``W + K - 1`` characters shared with a
document therefore shares at least one kept hash with it, while only about
``2 / (W + 1)`` of the hashes are stored.  The text itself is not stored: a protected
speech may be fingerprinted and its fingerprints shipped.

The store is one NumPy file beside the phrasebank (``fingerprints.npz``): hashes sorted
for binary search, with each hash's document and its character offset in the document
as drafter read it; and the documents' names and lengths.  Checking a 10,000-character
draft is one vectorised lookup of its own kept hashes.
"""

from __future__ import annotations

import math
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from drafter.fileio import atomic_write
from drafter.text.chars import CJK

FINGERPRINTS_FILE = "fingerprints.npz"
K = 12  # characters hashed together: a set phrase (以习近平同志为核心的党中央) is 12
W = 10  # winnowing window: every shared run of W + K - 1 = 21 characters is found
# A copy is reported from this many shared characters on (a long set formula is ~30).
MIN_COPY = 50
# Matches of one document belong to one copy while their offsets in the draft and in the
# document move together within this many characters.
_DRIFT = 8
_MAX_SOURCES = 50  # documents looked at for one hash

_BLOCK = 65_536  # grams hashed at a time
# What a fingerprint skips: all but Chinese, Latin letters and digits.
_DROPPED_RE = re.compile(f"[^{CJK}A-Za-z0-9]")


@dataclass(frozen=True)
class DocumentPrints:
    """The kept hashes of one document and where each starts in it."""

    name: str
    chars: int
    hashes: np.ndarray  # uint32
    offsets: np.ndarray  # uint32: character offset in the document's text


@dataclass(frozen=True)
class Copy:
    """A passage of a checked text found in a corpus document."""

    source: str
    start: int  # offsets in the checked text
    end: int
    source_start: int  # offsets in the source document
    source_end: int

    @property
    def length(self) -> int:
        return self.end - self.start


def _kept(text: str) -> tuple[str, np.ndarray]:
    """The characters that count, and each one's offset in ``text`` (found in C: a
    text of millions of characters is read in a second, not in tens)."""
    marked = _DROPPED_RE.sub("\x00", text)  # one character for one: offsets stay
    codes = np.frombuffer(marked.encode("utf-32-le"), dtype=np.uint32)
    return _DROPPED_RE.sub("", text), np.flatnonzero(codes)


def _winnow(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(hashes, offsets in ``text``) kept by winnowing."""
    kept, offsets = _kept(text)
    count = len(kept) - K + 1
    if count <= 0:
        return np.zeros(0, np.uint32), np.zeros(0, np.uint32)
    # Each K-gram's CRC-32 over its UTF-8 bytes, sliced from the text encoded once, a
    # block of grams at a time (a list of millions of offsets would cost hundreds of MB).
    codes = np.frombuffer(kept.encode("utf-32-le"), dtype=np.uint32)
    widths = 1 + (codes >= 0x80) + (codes >= 0x800) + (codes >= 0x10000)
    bounds = np.concatenate([[0], np.cumsum(widths)])
    data = memoryview(kept.encode("utf-8"))
    grams = np.empty(count, dtype=np.uint32)
    for first in range(0, count, _BLOCK):
        size = min(_BLOCK, count - first)
        at = bounds[first:first + size + K].tolist()
        grams[first:first + size] = np.fromiter(
            (zlib.crc32(data[at[i]:at[i + K]]) for i in range(size)), dtype=np.uint32,
            count=size)
    if count <= W:
        chosen = np.array([int(np.argmin(grams))])
    else:
        windows = np.lib.stride_tricks.sliding_window_view(grams, W)
        # The rightmost minimum of each window (as winnowing prescribes), kept once.
        right = W - 1 - np.argmin(windows[:, ::-1], axis=1)
        chosen = np.unique(np.arange(len(windows)) + right)
    starts = offsets[chosen].astype(np.uint32)
    return grams[chosen], starts


def document_text(document) -> str:
    """The text of a parsed speech as drafter reads it (its paragraphs, one a line):
    offsets of a copy are counted in it."""
    return "\n".join(p.text for p in document.paragraphs())


def fingerprint(name: str, text: str) -> DocumentPrints:
    hashes, offsets = _winnow(text)
    return DocumentPrints(name, len(text), hashes, offsets)


class FingerprintIndex:
    """Every document's kept hashes, sorted for lookup."""

    def __init__(self, names: list[str], chars: np.ndarray, hashes: np.ndarray,
                 docs: np.ndarray, offsets: np.ndarray):
        order = np.argsort(hashes, kind="stable")
        self.names = names
        self.chars = chars
        self.hashes = hashes[order]
        self.docs = docs[order]
        self.offsets = offsets[order]

    @classmethod
    def build(cls, documents: list[DocumentPrints]) -> FingerprintIndex:
        # By name, however they came: a first mining run gave them in the order the
        # corpus folder was walked, a second merged them sorted, and the same corpus mined
        # again wrote another fingerprints.npz (fuzz pass, stop 37).
        documents = sorted(documents, key=lambda d: d.name)
        names = [d.name for d in documents]
        chars = np.array([d.chars for d in documents], dtype=np.uint32)
        hashes = np.concatenate([d.hashes for d in documents]) if documents else \
            np.zeros(0, np.uint32)
        docs = np.concatenate([np.full(len(d.hashes), i, np.uint32)
                               for i, d in enumerate(documents)]) if documents else \
            np.zeros(0, np.uint32)
        offsets = np.concatenate([d.offsets for d in documents]) if documents else \
            np.zeros(0, np.uint32)
        return cls(names, chars, hashes, docs, offsets)

    def __len__(self) -> int:
        return len(self.names)

    def documents(self) -> list[DocumentPrints]:
        """Each document's prints again (to merge a new mining run into the index)."""
        # One sort by document, then offset, and one split: not a scan of every hash per
        # document (10,000 documents of a large index would make that quadratic).
        order = np.lexsort((self.offsets, self.docs))
        bounds = np.cumsum(np.bincount(self.docs, minlength=len(self.names)))[:-1]
        hashes = np.split(self.hashes[order], bounds)
        offsets = np.split(self.offsets[order], bounds)
        return [DocumentPrints(name, int(self.chars[i]), hashes[i], offsets[i])
                for i, name in enumerate(self.names)]

    def merged(self, documents: list[DocumentPrints]) -> FingerprintIndex:
        """This index with ``documents`` added, replacing documents of the same name."""
        new = {d.name for d in documents}
        kept = [d for d in self.documents() if d.name not in new]
        return FingerprintIndex.build(kept + list(documents))

    def copies(self, text: str, min_copy: int = MIN_COPY) -> list[Copy]:
        """Passages of ``text`` found in a document, longest first: runs of kept hashes
        shared with one document at a steady offset, at least ``min_copy`` characters."""
        hashes, offsets = _winnow(text)
        if not len(hashes) or not len(self.hashes):
            return []
        left = np.searchsorted(self.hashes, hashes, side="left")
        right = np.searchsorted(self.hashes, hashes, side="right")
        found = right > left
        pairs = []  # (doc, offset in text, offset in doc)
        for i in np.nonzero(found)[0]:
            # A hash kept by very many documents is a set phrase, not a copy: a few do.
            for j in range(left[i], min(right[i], left[i] + _MAX_SOURCES)):
                pairs.append((int(self.docs[j]), int(offsets[i]), int(self.offsets[j])))
        pairs.sort()
        copies: list[Copy] = []
        run: list[tuple[int, int, int]] = []

        def close() -> None:
            if not run:
                return
            start, end = run[0][1], run[-1][1] + K
            if end - start >= min_copy:
                copies.append(Copy(self.names[run[0][0]], start, end, run[0][2],
                                   run[-1][2] + K))

        for pair in pairs:
            if run and (pair[0] != run[-1][0] or pair[1] - run[-1][1] > W + K
                        or abs((pair[2] - pair[1]) - (run[-1][2] - run[-1][1])) > _DRIFT):
                close()
                run = []
            run.append(pair)
        close()
        copies.sort(key=lambda c: (-c.length, c.start, c.source))
        return copies

    def save(self, path: str | os.PathLike[str]) -> None:
        atomic_write(Path(path), self.to_bytes())

    def to_bytes(self) -> bytes:
        """The index as its file holds it (a compressed .npz)."""
        import io

        buffer = io.BytesIO()
        np.savez_compressed(buffer, names=np.array(self.names, dtype=object).astype(str),
                            chars=self.chars, hashes=self.hashes, docs=self.docs,
                            offsets=self.offsets)
        return buffer.getvalue()

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> FingerprintIndex:
        """The index a mine wrote to ``path``; ValueError when the file is not one (its
        arrays unpack to more than they hold or than a bank's index could, or do not
        fit together): a damaged file had crashed check and mine, and a 2.5 MB one
        unpacked to gigabytes (fuzz pass 45)."""
        _check_members(path)
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in _MEMBERS}
        names, chars = arrays["names"], arrays["chars"]
        hashes, docs, offsets = arrays["hashes"], arrays["docs"], arrays["offsets"]
        if names.dtype.kind != "U" or any(
                a.dtype.kind not in "ui" for a in (chars, hashes, docs, offsets)):
            raise ValueError("an array of the wrong type")
        if any(a.ndim != 1 for a in arrays.values()):
            raise ValueError("an array of more than one dimension")
        if len(chars) != len(names) or not len(hashes) == len(docs) == len(offsets):
            raise ValueError("arrays of different lengths")
        if len(docs) and (docs.min() < 0 or docs.max() >= len(names)):
            raise ValueError("a hash of no document")
        return cls([str(n) for n in names], chars, hashes, docs, offsets)


_LOADED: dict[Path, tuple[float, FingerprintIndex | str]] = {}  # the index, or why not
_MEMBERS = ("names", "chars", "hashes", "docs", "offsets")
# What the arrays of one index may unpack to: the bundled bank's come to 3 MB for its 209
# documents, so this holds some 9,000 such.  Loading, merging and searching take three
# or four times the arrays: 51 million hashes within 512 MB had taken check to 1.4 GB and
# mine past 3 GB (a blind re-check, stop 67).
MAX_UNPACKED = 128 * 1024 * 1024
# Documents one index may name: the bundled bank's name 209.  Each is a Python string
# once loaded, and the arrays are split by document: 20 million names of one character
# (98 KB compressed) had taken check to 1.9 GB and mine to a MemoryError (fuzz pass A,
# stop 67).
MAX_DOCUMENTS = 200_000


def _check_members(path: str | os.PathLike[str]) -> None:
    """Raise ValueError unless the .npz at ``path`` holds the index's arrays, each of no
    more bytes than its member holds, all of them within MAX_UNPACKED: read from the
    headers, before anything is allocated (np.load allocates what a header claims)."""
    from numpy.lib import format as npy

    with zipfile.ZipFile(path) as archive:
        members = {info.filename.removesuffix(".npy"): info for info in archive.infolist()}
        if not set(_MEMBERS) <= set(members):
            raise ValueError("an array missing")
        if sum(members[name].file_size for name in _MEMBERS) > MAX_UNPACKED:
            raise ValueError("arrays larger than any index")
        if any(members[name].compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
               for name in _MEMBERS):
            # (numpy writes them stored or deflated; Python unpacks a bzip2 or LZMA member
            # all at once, whatever its header claims: see corpus.office.)
            raise ValueError("an array compressed as numpy does not")
        for name in _MEMBERS:
            with archive.open(members[name]) as member:
                read_header = {(1, 0): npy.read_array_header_1_0,
                               (2, 0): npy.read_array_header_2_0}.get(npy.read_magic(member))
                if read_header is None:
                    raise ValueError(f"{name}: not an array file numpy writes")
                shape, _, dtype = read_header(member)
                if dtype.hasobject or dtype.itemsize * math.prod(shape) > members[name].file_size:
                    raise ValueError(f"{name}: more than the file holds")
                if name == "names" and math.prod(shape) > MAX_DOCUMENTS:
                    raise ValueError(f"{math.prod(shape):,} documents, more than an index "
                                     f"names ({MAX_DOCUMENTS:,})")


def load_index(bank_dir: str | os.PathLike[str]) -> FingerprintIndex | None:
    """The fingerprints kept beside the phrasebank at ``bank_dir``, or None (none kept,
    or damaged: see index_problem); loaded once per process while the file is
    unchanged."""
    kept = _load(Path(bank_dir) / FINGERPRINTS_FILE)
    return kept if isinstance(kept, FingerprintIndex) else None


def index_problem(bank_dir: str | os.PathLike[str]) -> str:
    """Why the fingerprints beside the phrasebank cannot be read ("file: reason"), or ''
    when they can or there are none: a damaged file had quietly turned 查重 against the
    corpus off."""
    path = Path(bank_dir) / FINGERPRINTS_FILE
    kept = _load(path)
    return f"{path}: {kept}" if isinstance(kept, str) else ""


def _load(path: Path) -> FingerprintIndex | str | None:
    try:
        info = path.stat()
    except OSError:
        return None
    kept = _LOADED.get(path)
    if kept is None or kept[0] != info.st_mtime:
        try:
            if not stat.S_ISREG(info.st_mode):  # (a FIFO would block the load)
                raise OSError(0, "not a regular file")
            index: FingerprintIndex | str = FingerprintIndex.load(path)
        except OSError as exc:
            index = f"cannot read ({exc.strerror or exc})"
        except (ValueError, KeyError, EOFError, IndexError, MemoryError,
                zipfile.BadZipFile) as exc:
            index = f"damaged, not the fingerprints a mine writes ({type(exc).__name__})"
        kept = _LOADED[path] = (info.st_mtime, index)
    return kept[1]
