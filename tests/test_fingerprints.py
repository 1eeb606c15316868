"""查重 against the whole corpus: winnowed fingerprints of every mined document."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner

from drafter.bank.fingerprints import MIN_COPY, FingerprintIndex, K, W, fingerprint, load_index
from drafter.cli import main

from .conftest import corpus_file

# Common characters of official prose, to make texts that share nothing by design.
_CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
          "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物"
          "现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表")


def _text(seed: int, length: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(_CHARS) for _ in range(length))


def test_a_copied_passage_is_found_with_its_source_and_span():
    sources = [fingerprint(f"s{i}.txt", _text(i, 3000)) for i in range(20)]
    index = FingerprintIndex.build(sources)
    source = _text(7, 3000)
    draft = _text(100, 400) + "，" + source[1200:1320] + "。" + _text(101, 400)
    (copy, *rest) = index.copies(draft)
    assert copy.source == "s7.txt" and not rest
    # The span is found to within one hashed run at each end.
    assert abs(copy.source_start - 1200) <= K and abs(copy.source_end - 1320) <= K
    assert draft[copy.start:copy.end] in source


def test_every_shared_run_of_the_guaranteed_length_is_seen_and_short_ones_are_not_reported():
    source = _text(1, 2000)
    index = FingerprintIndex.build([fingerprint("s.txt", source)])
    guaranteed = W + K - 1
    for start in range(0, 1500, 97):
        text = _text(2, 100) + source[start:start + guaranteed] + _text(3, 100)
        assert index.copies(text, min_copy=1), start
    # Shorter than a reportable copy (a set formula), or nothing shared: no finding.
    assert index.copies(_text(2, 300) + source[500:500 + MIN_COPY - 15] + _text(3, 300)) == []
    assert index.copies(_text(9, 5000)) == []


def test_punctuation_and_spacing_do_not_hide_a_copy():
    source = _text(4, 1000)
    index = FingerprintIndex.build([fingerprint("s.txt", source)])
    passage = source[300:420]
    spaced = "，".join(passage[i:i + 10] for i in range(0, len(passage), 10))
    assert index.copies("开头。" + spaced + "。结尾")


def test_the_index_saves_loads_and_merges_a_document_mined_again(tmp_path):
    index = FingerprintIndex.build([fingerprint("a.txt", _text(1, 800)),
                                    fingerprint("b.txt", _text(2, 800))])
    index.save(tmp_path / "fingerprints.npz")
    loaded = load_index(tmp_path)
    assert loaded is not None and loaded.names == ["a.txt", "b.txt"]
    new_a = _text(3, 800)
    merged = loaded.merged([fingerprint("a.txt", new_a)])
    assert sorted(merged.names) == ["a.txt", "b.txt"]
    assert merged.copies(new_a[100:300])[0].source == "a.txt"
    assert not merged.copies(_text(1, 800)[100:300])  # the old a.txt is gone
    (tmp_path / "fingerprints.npz").write_bytes(b"not a numpy file")
    assert load_index(tmp_path) is None  # a damaged file skips 查重, not the check


def test_the_same_documents_make_the_same_index_whatever_their_order():
    # A first mining run gave the documents in walk order (sub/ last), a second merged them
    # sorted: the same corpus mined again wrote another fingerprints.npz (fuzz pass).
    prints = [fingerprint(name, _text(n, 800)) for n, name in
              enumerate(("b.txt", "sub/c.txt", "a.txt"))]
    walked = FingerprintIndex.build(prints)
    assert walked.names == ["a.txt", "b.txt", "sub/c.txt"]
    assert walked.merged(prints).to_bytes() == walked.to_bytes()
    assert FingerprintIndex.build(prints[::-1]).to_bytes() == walked.to_bytes()


def test_mining_keeps_fingerprints_and_check_names_the_copied_speech(tmp_path, sample_speech):
    bank = tmp_path / "bank"
    runner = CliRunner()
    result = runner.invoke(main, ["mine", str(sample_speech), "-o", str(bank)])
    assert result.exit_code == 0, result.output
    assert (bank / "fingerprints.npz").is_file()
    text = sample_speech.read_text(encoding="utf-8")
    body = max(text.splitlines(), key=len)  # the longest paragraph of the speech
    copied = body[:120]
    draft = tmp_path / "draft.txt"
    draft.write_text("关于近期工作的几点意见\n\n同志们：\n\n今天我讲三点意见。" + copied
                     + "\n\n以上意见，请大家认真抓好落实。\n", encoding="utf-8")
    result = runner.invoke(main, ["--phrasebank", str(bank), "--json", "check", str(draft)])
    findings = json.loads(result.stdout)["findings"]
    copies = [f for f in findings if f["rule"] == "overlap.corpus"]
    assert copies and sample_speech.name in copies[0]["message"]


def test_the_bundled_fingerprints_find_a_passage_copied_from_a_seed_speech(tmp_path):
    seed = corpus_file("004")
    from drafter.bank.fingerprints import document_text
    from drafter.corpus.parse import load_one

    source = document_text(load_one(seed))
    start = len(source) // 2
    draft = tmp_path / "draft.txt"
    draft.write_text("学习体会\n\n同志们：\n\n" + source[start:start + 120] + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--json", "check", str(draft)])
    copies = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "overlap.corpus"]
    assert copies and seed.name in copies[0]["message"]


def test_prints_are_the_crc32_of_each_kept_k_gram_winnowed():
    # The bundled fingerprints were made this way: a faster reading of the text must
    # give the same hashes and offsets, astral characters, NULs and blocks included.
    import re
    import zlib

    import numpy as np

    from drafter.bank.fingerprints import _winnow
    from drafter.text.chars import CJK

    kept_re = re.compile(f"[{CJK}A-Za-z0-9]")
    rng = random.Random(3)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们，。、 \n\t\x00abcXYZ019é😀𠀀\u3000"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 300)))
             for _ in range(100)] + ["".join(rng.choice(alphabet) for _ in range(150_000))]
    for text in texts:
        offsets = [m.start() for m in kept_re.finditer(text)]
        kept = "".join(text[i] for i in offsets)
        grams = [zlib.crc32(kept[i:i + K].encode()) for i in range(len(kept) - K + 1)]
        if not grams:
            expected = ([], [])
        else:
            chosen = sorted({start + max(range(min(W, len(grams) - start)),
                                         key=lambda j, s=start: (-grams[s + j], j))
                             for start in range(max(1, len(grams) - W + 1))})
            expected = ([grams[i] for i in chosen], [offsets[i] for i in chosen])
        hashes, starts = _winnow(text)
        assert (hashes.tolist(), starts.tolist()) == expected
        assert hashes.dtype == np.uint32 and starts.dtype == np.uint32


def _damaged(tmp_path, name: str, **arrays) -> str:
    """The index of two documents saved with ``arrays`` in place of its own; why
    index_problem says it cannot be used."""
    import io
    import zipfile

    import numpy as np

    from drafter.bank.fingerprints import index_problem

    index = FingerprintIndex.build([fingerprint("a.txt", _text(1, 800)),
                                    fingerprint("b.txt", _text(2, 800))])
    kept = dict(np.load(io.BytesIO(index.to_bytes())))
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "fingerprints.npz"
    if "bomb" in arrays:
        # A header claiming 3·10⁹ entries over a few bytes: np.load allocates 11 GiB.
        buffer = io.BytesIO()
        np.lib.format.write_array_header_1_0(
            buffer, {"descr": "<u4", "fortran_order": False, "shape": (3_000_000_000,)})
        with zipfile.ZipFile(path, "w") as archive:
            for member, array in kept.items():
                out = io.BytesIO()
                np.save(out, array)
                archive.writestr(f"{member}.npy", buffer.getvalue() + b"\0" * 16
                                 if member == "hashes" else out.getvalue())
    elif "bzip2" in arrays:
        # Members numpy never writes so (Python unpacks them all at once, whatever a
        # header claims: fuzz re-check 71 read 1.4 GB from one claiming 32 KB).
        with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
            for member, array in kept.items():
                out = io.BytesIO()
                np.save(out, array)
                archive.writestr(f"{member}.npy", out.getvalue())
    else:
        np.savez_compressed(path, **{**kept, **arrays})
    assert load_index(folder) is None
    return index_problem(folder)


def test_a_damaged_index_is_reported_not_loaded(tmp_path):
    # Fuzz pass 45: each of these had crashed check, lint, export and mine (the bomb
    # after 1.6 GB), where mine was the way out the message gave.
    import numpy as np

    base = FingerprintIndex.build([fingerprint("a.txt", _text(1, 800)),
                                   fingerprint("b.txt", _text(2, 800))])
    cases = {"short-docs": {"docs": base.docs[:10]},
             "no-names": {"names": np.array([], dtype=str)},
             "deep": {"hashes": np.stack([base.hashes, base.hashes])},
             "float": {"chars": base.chars.astype(float)},
             "stray-doc": {"docs": base.docs + 5},
             "bomb": {"bomb": True}, "bzip2": {"bzip2": True}}
    for name, arrays in cases.items():
        assert "damaged" in _damaged(tmp_path, name, **arrays), name
    # Fuzz pass A, stop 67: 20 million names of one character, a 98 KB file, had taken
    # check to 1.9 GB and mine to a MemoryError.  (Here just past the bound.)
    from drafter.bank.fingerprints import MAX_DOCUMENTS

    many = MAX_DOCUMENTS + 1
    assert "damaged" in _damaged(tmp_path, "many-names", names=np.full(many, "中", dtype="<U1"),
                                 chars=np.zeros(many, dtype=np.uint8))
    with pytest.raises(ValueError, match=f"{many:,} documents, more than an index names"):
        FingerprintIndex.load(tmp_path / "many-names" / "fingerprints.npz")
    # A blind re-check, stop 67: 51 million zero hashes (497 KB, within 512 MB unpacked)
    # had taken check to 1.4 GB and mine past 3 GB.  Six million (144 MB unpacked, some
    # 400 times the bundled index) are refused.
    hashes = 6_000_000
    assert "damaged" in _damaged(tmp_path, "many-hashes",
                                 hashes=np.zeros(hashes, dtype=np.uint64),
                                 docs=np.zeros(hashes, dtype=np.int64),
                                 offsets=np.zeros(hashes, dtype=np.int64))
