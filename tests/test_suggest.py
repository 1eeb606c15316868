"""Suggestions while typing (提词) and search with a word-level fallback, on a real index."""

from __future__ import annotations

import pytest

from drafter.bank.model import Phrase, phrase_id
from drafter.bank.phrasebank import PhraseBank
from drafter.bank.store import save_phrases
from drafter.bank.suggest import Context, find, last_clause, suggest


def _phrase(text, kind="paragraph", section="work_methods", domain="general", score=0.5,
            status="approved"):
    return Phrase(phrase_id(kind, text), text, kind, [section], status=status,
                  domains=[domain], score=score)


@pytest.fixture
def bank(tmp_path):
    save_phrases(tmp_path / "bank", [
        _phrase("坚持以人民为中心的发展思想", "heading", "political_stance", "party_building"),
        _phrase("坚持以人民为中心，扎实办好民生实事。要把群众的事当自家事。", "paragraph",
                "key_tasks", "livelihood"),
        _phrase("各级党组织要坚持以人民为中心，把安全生产责任落到实处。", "paragraph",
                "safeguards", "safety", score=0.9),
        _phrase("始终把党的政治建设摆在首位，首要任务是保证全党服从中央", "paragraph", "political_stance",
                "party_building"),
        _phrase("抓好安全生产隐患排查整治", "heading", "key_tasks", "safety"),
        _phrase("抓好安全生产责任落实", "heading", "safeguards", "safety", score=0.2),
        _phrase("抓好安全生产宣传教育", "heading", "work_style", "culture", score=0.2),
    ])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as opened:
        yield opened


def test_ghost_text_continues_what_is_typed_to_the_end_of_its_sentence(bank):
    found = suggest(bank, "坚持以人民", Context(section="key_tasks"))
    assert found.ghost == "为中心，扎实办好民生实事。"  # key_tasks first; cut at 。
    assert found.items[0].value == "坚持以人民为中心，扎实办好民生实事。"
    assert {s.how for s in found.items} == {"infix", "prefix"}
    # The phrase that holds more of what is typed (要坚持以人民) continues it.
    longer = suggest(bank, "我们要坚持以人民", Context(section="key_tasks"))
    assert longer.ghost == "为中心，把安全生产责任落到实处。"
    # The same words in a heading of 政治站位: the heading continues them.
    heading = suggest(bank, "坚持以人民", Context(section="political_stance", heading=True))
    assert heading.items[0].how == "prefix"
    assert heading.ghost == "为中心的发展思想"


def test_a_phrase_whose_own_verb_governs_the_rest_replaces_the_clause(bank):
    # The new user's 完善城市基础设施 + Tab took 补齐城市基础设施短板's tail: 完善…短板,
    # a phrase that exists nowhere.  A noun the line ends on, held inside a phrase after
    # other words, is offered as the phrase's clause in place of the writer's.
    found = suggest(bank, "工作中，压实安全生产责任", Context(heading=True))
    offered = {s.text: s for s in found.items}
    assert "抓好安全生产责任落实" in offered
    taken = offered["抓好安全生产责任落实"]
    assert taken.how == "replace" and taken.ghost == ""
    assert taken.value == "工作中，抓好安全生产责任落实"
    assert not any(s.value.endswith("压实安全生产责任落实") for s in found.items)
    assert found.ghost == ""


def test_a_heading_is_offered_lines_not_paragraphs(tmp_path):
    # Tab on a 词 match had put a 150-character passage in a heading box (new user).
    from drafter.bank.suggest import HEADING_CHARS

    long = ("要始终把党的政治建设摆在首位，首要任务是保证全党服从中央，坚持党中央权威和集中统一"
            "领导，确保政令畅通。")
    save_phrases(tmp_path / "bank", [_phrase(long, "paragraph", "political_stance"),
                                     _phrase("把政治建设摆在首位", "heading", "political_stance")])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        typed = "政治建设要摆在首位"
        assert any(len(s.value) > HEADING_CHARS for s in suggest(bank, typed).items)
        heading = suggest(bank, typed, Context(heading=True))
        assert heading.items and all(len(s.value) <= HEADING_CHARS for s in heading.items)


def test_a_heading_suggestion_does_not_end_on_a_full_stop(tmp_path):
    # A head mined as a lead sentence brought its 。 into the heading box (new user 42);
    # one that would only add the 。 is no suggestion there.
    save_phrases(tmp_path / "bank", [_phrase("坚决守牢安全生产底线。", "lead", "key_tasks"),
                                     _phrase("坚持人民至上。", "lead", "key_tasks")])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        heading = suggest(bank, "坚决守牢", Context(heading=True))
        assert [s.value for s in heading.items] == ["坚决守牢安全生产底线"]
        assert heading.ghost == "安全生产底线"
        assert suggest(bank, "坚决守牢").items[0].value == "坚决守牢安全生产底线。"
        assert not suggest(bank, "坚持人民至上", Context(heading=True)).items


def test_section_domain_and_topic_rank_the_same_continuation(bank):
    def first(context):
        return suggest(bank, "抓好安全生产", context).items[0].text

    assert first(Context(section="safeguards", heading=True)) == "抓好安全生产责任落实"
    assert first(Context(section="work_style", heading=True)) == "抓好安全生产宣传教育"
    assert first(Context(domains=("culture",), heading=True)) == "抓好安全生产宣传教育"
    assert first(Context(topic="隐患排查治理", heading=True)) == "抓好安全生产隐患排查整治"


def test_a_phrase_saying_a_word_the_topic_is_drafted_by_ranks_first(bank):
    # Two infix continuations of 坚持以人民为中心 (the 安全生产 one better scored): on a
    # speech drafted by 民生实事, the one that says it comes first.
    def first(context):
        return suggest(bank, "要坚持以人民为中心", context).items[0].text

    assert "安全生产" in first(Context())
    assert "民生实事" in first(Context(words=("民生实事",)))


def test_a_long_line_is_continued_from_its_last_clause(bank):
    typed = "这是一段很长的开头，同志们都听过了，要把安全生产责任"
    assert last_clause(typed)[1] == "要把安全生产责任"
    found = suggest(bank, typed)
    assert found.ghost == "落到实处。"
    assert found.items[0].value == typed + "落到实处。"


def test_words_match_when_nothing_continues_the_line(bank):
    found = suggest(bank, "政治建设要摆在首位")
    assert [s.how for s in found.items] == ["words"]
    assert found.items[0].value == found.items[0].text
    assert found.ghost == ""
    assert suggest(bank, "").items == [] and suggest(bank, "同志们，").items == []


def test_search_falls_back_to_words_and_says_what_filters_hide(bank):
    found = find(bank, "把政治建设摆在首位")
    assert [h.text for h in found.hits] == ["始终把党的政治建设摆在首位，首要任务是保证全党服从中央"]
    assert found.by_words and "按词匹配" in found.note
    exact = find(bank, "安全生产")
    assert exact.by_words == [] and exact.note == "" and len(exact.hits) == 4
    filtered = find(bank, "安全生产", section="key_tasks")
    assert len(filtered.hits) == 1 and filtered.hidden == 3
    assert "filters hide 3" in filtered.note
    # Nothing under the filter holds the words either: the note says what it hides.
    words_elsewhere = find(bank, "把政治建设摆在首位", section="key_tasks")
    assert words_elsewhere.hits == [] and words_elsewhere.hidden == 1
    assert find(bank, "把政治建设摆在首位", section="political_stance").hidden == 0
    assert find(bank, "安全生产", kind="heading").hidden == 1  # the paragraph
    assert find(bank, "毫不相干的话").hits == []


def test_the_topics_phrases_are_offered_though_the_bank_begins_thousands_alike():
    # New user: 加强 in a 安全生产 heading had offered 加强学校基层党组织建设 and 加强专业人才
    # 引育, the bank's best lines on anything beginning so.
    bank = PhraseBank.open()
    place = dict(section="key_tasks", domains=("safety",), topic="安全生产", heading=True)
    for typed in ("加强", "压实"):
        with_words = suggest(bank, typed, Context(**place, words=("安全生产",))).items
        without = suggest(bank, typed, Context(**place)).items
        assert (sum("安全" in item.text for item in with_words)
                > sum("安全" in item.text for item in without)), [i.text for i in with_words]


def test_a_word_match_offers_the_sentence_that_says_the_words_together(tmp_path):
    # New user: Tab on a 词 row had put a whole 电力设施 paragraph in place of 要加强隐患,
    # because 加强 and 隐患 each stood somewhere in it.
    apart = ("作为经济社会运行的大动脉，电力设施关系广大群众的用电安全。要加强巡查巡检，"
             "落实运维责任，确保设施完好。各地要把电力设施保护纳入网格管理，对发现的隐患及时处置。")
    together = "安全生产关系人民群众生命财产安全。各地要加强安全隐患排查治理，做到早发现早处置。其他工作照常推进。"
    save_phrases(tmp_path / "bank", [_phrase(apart, section="key_tasks"),
                                     _phrase(together, section="key_tasks")])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        found = suggest(bank, "前面的话，要加强隐患")
        words = [s for s in found.items if s.how == "words"]
        assert [s.value for s in words] == ["前面的话，各地要加强安全隐患排查治理，做到早发现早处置。"]


def test_suggestions_follow_the_topic_in_the_words_offered_not_the_paragraph(tmp_path):
    # New user: 要加强 in a 安全生产 speech was first continued with 残疾预防, from a passage
    # that named 安全生产 in another clause; a phrase of another domain ranks below.
    save_phrases(tmp_path / "bank", [
        _phrase("部门要联动。应急管理部门要抓好安全生产，教育部门要加强学生健康教育。",
                section="key_tasks", domain="safety", score=0.9),
        _phrase("执法部门要加强安全生产执法检查。", section="key_tasks", domain="safety",
                score=0.3),
        _phrase("卫健部门要加强残疾康复服务。", section="key_tasks", domain="livelihood",
                score=0.95),
    ])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        context = Context(section="key_tasks", domains=("safety",), topic="安全生产",
                          words=("安全生产",))
        found = [s.value for s in suggest(bank, "要加强", context).items]
        assert found[0] == "要加强安全生产执法检查。"
        assert found.index("要加强残疾康复服务。") == 2, found


def test_two_phrases_making_the_same_line_are_one_suggestion(tmp_path):
    save_phrases(tmp_path / "bank", [
        _phrase("要压实安全生产责任。各地要抓好落实。", section="key_tasks"),
        _phrase("要压实安全生产责任。企业要落实主体责任。", section="key_tasks"),
        _phrase("要压实安全生产监管责任。", section="key_tasks"),
    ])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        values = [s.value for s in suggest(bank, "要压实安全生产").items]
        assert sorted(values) == ["要压实安全生产监管责任。", "要压实安全生产责任。"]


def test_a_filter_hiding_the_phrase_typed_whole_says_so_beside_word_matches(tmp_path):
    # The new user typed 抓安全生产，首先是讲政治 under a 保障 head: the bank holds it whole
    # under 政治站位, while the filter showed a page of word matches and said nothing.
    save_phrases(tmp_path / "bank", [
        _phrase("抓安全生产，首先是讲政治。要把安全责任扛在肩上。", "paragraph",
                "political_stance", "safety"),
        _phrase("抓安全生产要讲政治，保障经费投入和人员配备。", "paragraph", "safeguards", "safety"),
    ])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        found = find(bank, "抓安全生产，首先是讲政治", section="safeguards")
        assert found.by_words and len(found.hits) == 1
        assert found.hidden == 1 and found.hidden_whole
        assert "整句匹配" in found.note and "holding it whole" in found.note
        # Unfiltered, the phrase itself is found and nothing is hidden.
        plain = find(bank, "抓安全生产，首先是讲政治")
        assert not plain.by_words and plain.hidden == 0 and not plain.hidden_whole
