"""Segmentation (jieba and rjieba alike), new-word discovery, the domain dictionary."""

from __future__ import annotations

import glob

import pytest

from drafter import load_document
from drafter.bank.mine import idiom_words
from drafter.bank.pipeline import mine_corpus
from drafter.bank.store import load_phrases
from drafter.bank.words import discover_words, load_dictionary, save_dictionary
from drafter.text.segment import Segmenter, read_dictionary

from .conftest import CORPUS, FIXTURES

WORDS = ["政治站位", "两个维护", "问题导向", "选人用人", "三会一课"]


def _texts() -> list[str]:
    files = sorted(glob.glob(str(CORPUS / "*.txt"))) or [str(FIXTURES / "sample_speech.txt")]
    return [p.text for f in files for p in load_document(f).paragraphs()]


def test_domain_words_stay_whole():
    plain = Segmenter(engine="jieba")
    domain = Segmenter(WORDS, engine="jieba")
    assert plain.cut("提高政治站位") == ["提高", "政治", "站位"]
    assert domain.cut("提高政治站位，坚持问题导向") == ["提高", "政治站位", "，", "坚持", "问题导向"]


def test_jieba_and_rjieba_cut_the_corpus_identically():
    pytest.importorskip("rjieba")
    jieba_cut, rjieba_cut = Segmenter(WORDS, engine="jieba"), Segmenter(WORDS, engine="rjieba")
    texts = _texts()
    assert len(texts) > 5
    for text in texts:
        assert jieba_cut.cut(text) == rjieba_cut.cut(text)


def test_jieba_cache_goes_to_the_app_cache_dir(tmp_path, monkeypatch):
    from drafter.text import segment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    segment._jieba_base.cache_clear()  # the process loads jieba's dictionary once
    segmenter = Segmenter(engine="jieba")
    segmenter.cut("测试")
    assert (tmp_path / "drafter" / "jieba.cache").is_file()


def test_new_word_discovery_finds_stock_terms():
    text = ("要坚决做到两个维护，始终把两个维护作为最高政治原则。各级组织要在两个维护上作表率，"
            "以两个维护统领各项工作，让两个维护落到实处。") * 3
    found = {c.word for c in discover_words([*_texts(), text], known=lambda w: False)}
    assert "两个维护" in found
    assert not any(w.startswith("的") or w.endswith("的") for w in found)


def test_dictionary_curation_survives_re_mining(tmp_path):
    bank = tmp_path / "bank"
    mine_corpus([FIXTURES / "sample_speech.txt"], bank)
    entries = load_dictionary(bank)
    assert any(status == "approved" for status, _ in entries.values())  # taxonomy cues
    word = next(iter(entries))
    entries[word] = ("rejected", entries[word][1])
    save_dictionary(bank, entries)
    mine_corpus([FIXTURES / "sample_speech.txt"], bank)
    assert load_dictionary(bank)[word][0] == "rejected"
    assert word not in read_dictionary(bank / "dictionary.txt")


def test_idiom_list_holds_classical_idioms_not_ordinary_words():
    assert {"实事求是", "艰苦奋斗", "防微杜渐"} <= idiom_words()
    assert not {"国防教育", "日益严重", "听取意见"} & idiom_words()
    assert all(len(w) == 4 for w in idiom_words())


def test_mining_finds_idioms(tmp_path):
    speech = tmp_path / "s.txt"
    speech.write_text("在全市作风建设大会上的讲话\n同志们：\n一、锤炼过硬作风\n"
                      "全市党员干部要真抓实干、埋头苦干，坚决反对形式主义，做到与时俱进、开拓进取。",
                      encoding="utf-8")
    mine_corpus([speech], tmp_path / "bank")
    idioms = {p.text: p for p in load_phrases(tmp_path / "bank").phrases.values() if p.kind == "idiom"}
    assert {"真抓实干", "埋头苦干", "与时俱进"} <= set(idioms)
    assert idioms["真抓实干"].sections[0] == "work_style"


def test_a_folder_where_jiebas_cache_goes_is_left_alone(tmp_path, monkeypatch):
    # Fuzz pass 47 P6: a folder named jieba.cache made jieba print a traceback on every
    # mine and leave a 9 MB temp file each time.
    from drafter.text import segment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "drafter" / "jieba.cache"
    folder.mkdir(parents=True)
    tokenizer = segment._jieba_base.__wrapped__()
    assert tokenizer.cache_file == "jieba-dictionary.cache"
    assert folder.is_dir() and not any(folder.iterdir())
    assert sorted(p.name for p in folder.parent.iterdir()) == [
        "jieba-dictionary.cache", "jieba.cache"]
