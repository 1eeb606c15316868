"""Each phrase kind found, and only where it is: quotes, 金句, idioms, lines, parallel sets,
specifics, narration, page furniture and traditional characters."""

from __future__ import annotations

import json

import pytest

from drafter.bank.classify import PassageClassifier, classify_document
from drafter.bank.lint import lint_bank
from drafter.bank.mine import mine_document, mine_documents
from drafter.bank.mine.golden import golden_score
from drafter.bank.mine.idioms import is_set_phrase_shape, list_units, set_phrases_in
from drafter.bank.mine.parallel import inline_lists
from drafter.bank.mine.quotes import find_quotes
from drafter.bank.mine.specifics import find_specifics, slotted
from drafter.bank.pipeline import mine_corpus
from drafter.bank.store import load_phrases
from drafter.corpus.parse import parse_text
from drafter.text.segment import Segmenter


@pytest.fixture(scope="module")
def classifier() -> PassageClassifier:
    return PassageClassifier.load()


def mine(text: str, classifier) -> list:
    doc = classify_document(parse_text(text), classifier)
    return mine_document(doc, Segmenter(classifier.domain_cues), classifier)


def by_kind(phrases, kind: str) -> list:
    return [p for p in phrases if p.kind == kind]


def test_quotes_with_their_speakers():
    text = ("习近平总书记深刻指出：“人民对美好生活的向往，就是我们的奋斗目标。”正如古人所说，"
            "“民惟邦本，本固邦宁。”俗话说，“打铁还需自身硬。”郑板桥有诗云：“千磨万击还坚劲，任尔东西南北风。”"
            "古人讲：“山重水复疑无路，柳暗花明又一村。”马克思的研究，就像列宁所说的那样，“他都有批判地重新加以探讨。”"
            "我们要做到“两个维护”。本届论坛的主题是“开放创新的亚洲，繁荣发展的世界”。")
    found = {q.text: q.speaker for q in find_quotes(text)}
    assert found["人民对美好生活的向往，就是我们的奋斗目标。"] == "习近平总书记"
    assert found["打铁还需自身硬。"] == "俗话"
    assert found["千磨万击还坚劲，任尔东西南北风。"] == "郑板桥"
    assert found["山重水复疑无路，柳暗花明又一村。"] == "古人"
    assert found["他都有批判地重新加以探讨。"] == "列宁"  # the nearest name before the verb
    assert "两个维护" not in found  # a term in quotation marks, not words someone said
    assert "开放创新的亚洲，繁荣发展的世界" not in found  # a theme, shaped like verse
    assert "民惟邦本，本固邦宁。" in found
    more = {q.text: q.speaker for q in find_quotes(
        "会议明确提出，“要坚持稳中求进工作总基调。”毛主席有一句名言，“一万年太久，只争朝夕。”"
        "王明强调，“安全生产责任重于泰山，任何时候都不能松懈。”")}
    assert more == {"一万年太久，只争朝夕。": "毛主席",  # his saying, not a 名言's
                    "安全生产责任重于泰山，任何时候都不能松懈。": "王明"}  # 明确 is no name


def test_golden_lines_are_quotable_and_stand_alone():
    for good in ("不忘初心，方得始终。", "为政之道，民生为本。", "使命重在担当，实干铸就辉煌。",
                 "基层强则国家强，基层安则天下安。", "创新是引领发展的第一动力。"):
        assert golden_score(good) > 0, good
    for bad in ("一是全面清理规范政府性基金。", "全年经济增长6.5%，就业稳定。",
                "加强社区建设和管理，加强农村基层政权建设。", "经济持续增长，物价基本稳定。",
                "这是一个重要问题。", "因此，只有坚持改革，才能赢得主动。"):
        assert golden_score(bad) == 0, bad


def test_set_phrases_not_ordinary_words():
    units = list_units("全市党员干部要凝心聚力、攻坚克难，做到真抓实干、久久为功，反对形式主义。")
    assert units == ["凝心聚力", "攻坚克难", "真抓实干", "久久为功"]
    assert all(is_set_phrase_shape(u) for u in units)
    # The last four characters of a longer clause count only where a word begins: 天然林
    # 保护 gave 然林保护 (new user 55).
    assert list_units("要加强天然林保护、湿地保护，推进国土绿化。") == []
    assert list_units("我们要持续深化改革、攻坚克难") == ["深化改革", "攻坚克难"]
    for ordinary in ("国防教育", "日益严重", "听取意见", "稳步迈进", "工业生产", "三个代表"):
        assert not is_set_phrase_shape(ordinary), ordinary
    # A time is no set phrase: a freshly mined archive had offered 40年来 and 近几年来.
    assert set_phrases_in("改革开放40年来，近几年来、长期以来、真抓实干，凝心聚力") == [
        "真抓实干", "凝心聚力"]


def test_a_set_phrase_no_dictionary_knows_needs_a_second_document(classifier):
    one = classify_document(parse_text("在会议上的讲话\n同志们：\n一、抓落实\n"
                                       "要踔行笃实、砺志躬耕，推动各项工作取得实效。\n"), classifier)
    two = classify_document(parse_text("在座谈会上的讲话\n同志们：\n一、抓作风\n"
                                       "全体干部要踔行笃实、砺志躬耕，不负重托。\n", "b.txt"),
                            classifier)
    alone = {p.text for p in mine_documents([one], Segmenter(), classifier) if p.kind == "idiom"}
    both = {p.text for p in mine_documents([one, two], Segmenter(), classifier)
            if p.kind == "idiom"}
    assert "踔行笃实" not in alone and "踔行笃实" in both


def test_parallel_lists_inside_a_sentence():
    found = dict((tuple(items), frame) for items, frame in inline_lists(
        "要扎实推进去产能、去库存、去杠杆、降成本、补短板，以开放纾发展之困、以开放汇合作之力、以开放聚创新之势。"))
    assert ("去产能", "去库存", "去杠杆", "降成本", "补短板") in found
    assert found[("以开放纾发展之困", "以开放汇合作之力", "以开放聚创新之势")].startswith("以开放")
    assert not list(inline_lists("钢铁、煤炭、石油、化工等行业"))  # two-character items


REPORT = (
    "2024年青川市人民政府工作报告\n\n各位代表：\n"
    "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协各位委员提出意见。\n"
    "一、过去一年工作回顾\n"
    "过去一年，全市经济运行总体平稳，发展质量稳步提升，人民生活持续改善，各项事业取得新的进展。\n"
    "在肯定成绩的同时，我们也清醒地看到，经济社会发展中还存在不少困难和问题。\n"
    "二、今年的主要任务\n"
    "做好今年政府工作，要坚持稳中求进工作总基调，统筹发展和安全，着力推动高质量发展。\n"
    "（一）抓好安全生产\n"
    "要深入开展安全生产大检查，全面排查整治各类隐患，坚决遏制重特大事故发生。要压实企业主体责任和"
    "部门监管责任，加强应急救援力量建设，确保人民群众生命财产安全，确保全市安全形势持续稳定。\n"
    "各位代表！让我们紧密团结，真抓实干、埋头苦干，为建设美丽青川而努力奋斗！\n")


def test_a_report_gives_its_opening_transitions_and_closing(classifier):
    phrases = mine(REPORT, classifier)
    assert by_kind(phrases, "opening")[0].text.startswith("现在，我代表市人民政府")
    transitions = {p.text for p in by_kind(phrases, "transition")}
    assert any(t.startswith("在肯定成绩的同时") for t in transitions)
    assert any(t.startswith("做好今年政府工作") for t in transitions)
    closing = by_kind(phrases, "closing")
    assert closing and closing[0].text.startswith("让我们紧密团结")
    safety = next(p for p in phrases if p.kind == "paragraph" and "安全生产" in p.text)
    assert safety.domains[0] == "safety" and "安全生产" in safety.terms
    assert all(p.domains for p in phrases) and all(p.sections for p in phrases)
    idioms = {p.text: p for p in by_kind(phrases, "idiom")}
    assert idioms["真抓实干"].domains == ["general"]  # not about safety for sitting under it


def test_specifics_are_marked_and_slotted():
    seg = Segmenter()
    cases = {
        "重庆建立了干部监督联席会议制度。": [["place", "重庆"]],
        "陇西、临洮、岷县三县联合开展整治。": [["place", "陇西"], ["place", "临洮"], ["place", "岷县"]],
        "以2027年为时间节点，全面完成改造任务。": [["year", "2027年"]],
        "组织部长必须带头讲政治。": [["role", "组织部长"]],
        "全年经济增长6.5%。": [["figure", "6.5%"]],
        "发展朝阳产业，打造新的增长极。": [],  # 朝阳 is a district, 朝阳产业 is not one
        # jieba tags these as places (new user 55): a figure of speech, a verb and its
        # object, an old name of the whole country.
        "历经沧海桑田，翻越高山峻岭。": [],
        "整治形式主义重在治本。": [],
        "神州大地、九州方圆，处处生机。": [],
        "曼谷的经验值得借鉴。": [["place", "曼谷"]],  # a rare word tagged so still counts
    }
    for text, expected in cases.items():
        found = find_specifics(text, seg.cut(text))
        assert [s.to_list() for s in found] == expected, text
    assert slotted("重庆建立了制度，以2027年为节点。", find_specifics("重庆建立了制度，以2027年为节点。",
                                                           seg.cut("重庆建立了制度，以2027年为节点。"))
                   ) == "〔地方〕建立了制度，以〔年份〕为节点。"


def test_a_news_write_up_gives_quotes_and_nothing_of_its_narration(classifier):
    text = ("市委书记在全市安全生产工作会议上强调 压实责任 守牢底线\n\n"
            "新华社北京6月3日电　全市安全生产工作会议3日在市政府召开。市委书记王明出席会议并讲话。\n"
            "王明强调，“安全生产责任重于泰山，任何时候都不能有丝毫松懈。”各级各部门要压实责任，"
            "深入开展隐患排查整治，坚决守牢安全底线，确保人民群众生命财产安全万无一失。\n"
            "会议还通报了上半年全市安全生产形势，部署了下一阶段重点工作，对有关工作提出了明确要求。\n"
            "王明指出，不忘初心，方得始终。各级干部要牢记职责使命，把安全生产各项措施落到实处。\n")
    phrases = mine(text, classifier)
    assert {p.kind for p in phrases} == {"quote", "golden"}
    quote = next(p for p in phrases if p.kind == "quote")
    assert quote.speaker == "王明" and quote.text.startswith("安全生产责任重于泰山")
    # Words reported without quotation marks are quotable without their frame.
    assert [p.text for p in phrases if p.kind == "golden"] == ["不忘初心，方得始终。"]


def test_mining_skips_an_unconverted_traditional_text_by_name(tmp_path, monkeypatch):
    import drafter.text.variant as variant

    monkeypatch.setattr(variant, "_opencc_converter", lambda table: None)
    speech = tmp_path / "trad.txt"
    speech.write_text("在全市工作會議上的講話\n同志們：\n我們要堅持問題導向，認真學習，發揚實幹精神，"
                      "推動各項工作取得實效。這個問題很重要，大家都要認真對待。\n", encoding="utf-8")
    report = mine_corpus([speech], tmp_path / "bank")
    assert report.files_read == 0 and "traditional" in report.skipped[0].reason
    assert not load_phrases(tmp_path / "bank").phrases


def test_lint_names_what_slipped_through(tmp_path):
    bank = tmp_path / "bank"
    mine_corpus([], bank)
    (bank / "phrases").mkdir(exist_ok=True)
    rows = [
        {"id": "p1", "text": "11月4日，国家主席习近平出席开幕式并致辞。新华社记者 李学仁 摄",
         "kind": "paragraph", "sections": ["opening"], "domains": ["general"],
         "sources": [{"file": "a.txt", "position": 1}]},
        {"id": "p2", "text": "5月8日，全市工作会议在市会议中心召开。市委书记王明出席会议并讲话。",
         "kind": "paragraph", "sections": ["opening"], "domains": ["general"],
         "sources": [{"file": "a.txt", "position": 2}]},
        {"id": "p3", "text": "第一個五年計劃的若幹問題", "kind": "heading", "sections": ["key_tasks"],
         "domains": ["economy"], "sources": [{"file": "a.txt", "position": 3}]},
        {"id": "p4", "text": "支持巴勒斯坦成为联合国正式会员国。", "kind": "golden",
         "sections": ["key_tasks"], "domains": ["defence_foreign"],
         "sources": [{"file": "a.txt", "position": 4}]},
        {"id": "p5", "text": "坚持问题导向", "kind": "lead", "sections": ["work_methods"],
         "sources": [{"file": "a.txt", "position": 5}]},
    ]
    for row in rows:  # (whole lines: a line without these is named for what a write adds)
        row.update(status="candidate", score=0.5)
    (bank / "phrases" / "key_tasks.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    found = {(p.phrase, p.rule) for p in lint_bank(bank)}
    assert all(p.where.startswith(str(bank / "phrases" / "key_tasks.jsonl:"))
               for p in lint_bank(bank))  # each phrase's problem at its file and line
    assert ("p1", "furniture") in found
    assert ("p2", "narration") in found
    assert ("p3", "traditional") in found
    assert ("p5", "no-domain") in found
    assert not any(where == "p4" for where, _ in found)  # 会员国 is not an advertisement


def test_old_comrades_are_nobody_in_particular():
    # 老同志 is every retired cadre, however qualified: a passage on 离退休干部 that says
    # 空巢老同志 had been rejected as bound to a person.
    assert find_specifics("要关心空巢老同志和不少老同志的生活困难。") == []
    assert [s.text for s in find_specifics("王明同志讲得很好。")] == ["王明同志"]


def test_a_place_name_that_is_an_everyday_word_binds_nothing():
    # 新建 (南昌's 新建区) and 安宁 are words of any speech: a passage saying 新建自建房
    # had been kept out of drafts as bound to a place.
    from drafter.text.segment import Segmenter

    seg = Segmenter()
    for text in ("要严格落实审批，新建自建房必须有合格图纸。", "维护社会安宁，保障群众安居乐业。"):
        assert [s for s in find_specifics(text, seg.cut(text)) if s.kind == "place"] == []
    text = "临洮县建立了制度。"
    assert [s.text for s in find_specifics(text, seg.cut(text)) if s.kind == "place"]


def test_a_simplified_speech_on_one_line_with_two_stray_traditional_characters_is_kept(
        tmp_path):
    # Fuzz pass 44: a speech flattened onto one line, 馬 twice in it, was left out whole
    # as traditional (parse 0 characters, mine 0 phrases, exit 0).
    from drafter.corpus.parse import load_document
    from drafter.text.variant import looks_traditional

    body = ("要坚持问题导向，压实安全生产责任，扎实开展隐患排查整治，确保全县安全生产形势持续稳定。"
            * 6)
    speech = tmp_path / "flat.txt"
    speech.write_text(f"同志们：今天我们召开全县安全生产工作会议。馬家村的安全生产工作做得很好。"
                      f"一、要提高政治站位。{body}馬书记多次强调要守住底线。二、要压实工作责任。{body}\n",
                      encoding="utf-8")
    doc = load_document(speech)
    assert "压实安全生产责任" in repr(doc.sections)
    assert not any("traditional" in w for w in doc.warnings)
    # A short line half converted is still one.
    assert looks_traditional("帝國主义的一個重要的特点，是几个大国都想争夺霸权。")


def test_traditional_lines_in_a_simplified_text_are_left_out_without_opencc(tmp_path,
                                                                         monkeypatch):
    # New user (installed without opencc): 第一個五年計劃的若幹問題, a heading of a 1955
    # report otherwise in simplified characters, went into the bank.
    import drafter.text.variant as variant

    monkeypatch.setattr(variant, "_opencc_converter", lambda table: None)
    speech = tmp_path / "report.txt"
    speech.write_text(
        "在全市经济工作会议上的讲话\n同志们：\n一、第一個五年計劃的若幹問題\n"
        "我们要坚持问题导向，推动各项工作取得实效，确保全年目标任务圆满完成。\n"
        "二、抓好重点任务落实\n要认真学习，发扬实干精神，把各项任务落到实处，以实绩实效检验工作成效。\n"
        # Half converted (fuzz pass, stop 38: such lines of a partly traditional text
        # were mined as they stood).
        "帝國主义的一個重要的特点，是几个大国都想争夺霸权，我们要坚持独立自主的和平外交政策。\n",
        encoding="utf-8")
    from drafter.corpus.parse import load_document

    doc = load_document(speech)
    assert "計劃" not in repr(doc.sections) and "重点任务" in repr(doc.sections)
    assert any(r.text == "一、第一個五年計劃的若幹問題" and "opencc" in r.reason
               for r in doc.removed)
    assert any("2 line(s)" in w and "left out" in w and "line 3" in w for w in doc.warnings)
    assert any(r.text.startswith("帝國主义") for r in doc.removed)
    report = mine_corpus([speech], tmp_path / "bank")
    texts = [p.text for p in load_phrases(tmp_path / "bank").phrases.values()]
    assert report.files_read == 1 and texts
    assert not any("計劃" in t or "若幹" in t or "帝國" in t for t in texts)


def test_mine_reads_a_file_it_cannot_read_once(tmp_path, monkeypatch):
    # Fuzz pass B of stop 68: a file the new-word sample could not read was read again
    # to be mined: a PDF running into the reader's 25 s cap held mine 52 s.
    from drafter.bank import pipeline
    from drafter.corpus import parse

    from .conftest import FIXTURES

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text((FIXTURES / "sample_speech.txt").read_text(encoding="utf-8"),
                                  encoding="utf-8")
    (corpus / "b.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    reads: list[str] = []
    real = parse.load_one
    monkeypatch.setattr(parse, "load_one", lambda path: reads.append(str(path)) or real(path))
    report = pipeline.mine_corpus([corpus], tmp_path / "bank")
    assert reads.count(str(corpus / "b.txt")) == 1
    assert [s.path for s in report.skipped] == [str(corpus / "b.txt")]
    assert report.files_read == 1
