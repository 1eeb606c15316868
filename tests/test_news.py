"""Speeches as news sites and wikis republish them: flattened paragraphs, datelines,
photo captions, glued header lines, video links, licence notices."""

from __future__ import annotations

from drafter.corpus.parse import parse_text

# A speech as a news site prints it: one line, each paragraph start kept as two
# ideographic spaces, the header and a photo caption run into the text.
FLATTENED = (
    "在全市科技创新大会上的讲话\n\n"
    "新华社北京3月5日电　奋力建设创新强市——在全市科技创新大会上的讲话（2024年3月5日）"
    "市委书记　王明\u3000\u30003月5日，全市科技创新大会在市会议中心召开。市委书记王明出席会议并发表"
    "讲话。新华社记者 李华 摄同志们：\u3000\u3000今天召开全市科技创新大会，主要任务是总结过去一年"
    "的科技工作，部署今年的重点任务。\u3000\u3000过去一年，全市研发投入持续增长，创新平台加快建设，"
    "一批关键技术取得突破，科技对经济发展的支撑作用明显增强。\u3000\u3000创新是引领发展的第一动力。"
    "我们要坚持把科技自立自强作为发展的战略支撑，加快建设创新型城市，让创新活力竞相迸发。"
    "\u3000\u3000同志们，让我们以更加昂扬的精神状态，奋力开创科技创新工作新局面！\n"
)


def test_flattened_speech_is_cut_at_its_paragraph_starts():
    doc = parse_text(FLATTENED)
    texts = [p.text for p in doc.paragraphs()]
    assert texts[0].startswith("今天召开全市科技创新大会")
    assert any(t.startswith("过去一年，全市研发投入") for t in texts)
    assert any(t.startswith("创新是引领发展的第一动力") for t in texts)
    assert doc.closing and doc.closing[0].text.startswith("同志们，让我们")


def test_header_line_is_taken_apart_and_furniture_removed():
    doc = parse_text(FLATTENED)
    assert doc.title == "奋力建设创新强市"
    assert doc.subtitle == "在全市科技创新大会上的讲话"
    assert doc.date == "2024年3月5日"
    assert doc.speaker and doc.speaker.endswith("王明")
    assert doc.salutation == "同志们："
    reasons = {r.reason: r.text for r in doc.removed}
    assert reasons["news dateline"] == "新华社北京3月5日电"
    assert reasons["photo caption"].endswith("新华社记者 李华 摄")
    body = "".join(p.text for p in doc.paragraphs())
    assert "摄" not in body and "新华社" not in body and "出席会议并发表讲话" not in body


def test_caption_inside_long_speech_text_takes_only_its_own_sentences():
    text = ("关于加强基层治理的讲话\n\n同志们：\n"
            + "基层是社会治理的基础，基层强则国家强，基层安则天下安。" * 12
            + "这是5月8日，市委书记王明在社区服务中心同居民交流。新华社记者 李华 摄"
            + "我们要把更多资源下沉到基层，让基层有人有权有物，更好为群众提供精准有效的服务。\n")
    doc = parse_text(text)
    body = "".join(p.text for p in doc.paragraphs())
    assert "基层是社会治理的基础" in body
    assert "这是5月8日" not in body and "摄" not in body
    assert "我们要把更多资源下沉到基层" in body


def test_video_links_lead_ins_and_licence_notices_are_removed():
    text = ("政府工作报告\n\n各位代表：\n点击观看视频\n"
            "新年前夕，主席通过电视发表了新年贺词。全文如下：\n"
            "现在，我代表政府向大会报告工作，请予审议。过去一年，我们坚持稳中求进工作总基调，"
            "经济运行总体平稳，发展质量稳步提升，人民生活持续改善。\n"
            "本作品是中华人民共和国的\n法律\n、\n法规\n，根据《\n中华人民共和国著作权法\n》第五条第一项，"
            "本作品不适用于该法，属于\n公有领域\n。\nPublic domain\nfalse\n")
    doc = parse_text(text)
    body = "".join(p.text for p in doc.paragraphs())
    assert "点击观看视频" not in body and "全文如下" not in body
    assert "公有领域" not in body and "Public domain" not in body and "本作品" not in body
    reasons = {r.reason for r in doc.removed}
    assert {"video link", "news lead-in", "licence notice"} <= reasons
    assert "经济运行总体平稳" in body


WRITE_UP = (
    "市委书记在全市安全生产工作会议上强调 压实责任 守牢底线\n\n"
    "新华社北京6月3日电　全市安全生产工作会议3日在市政府召开。市委书记王明出席会议并讲话。\n"
    "王明指出，安全生产事关人民群众生命财产安全，事关经济社会发展大局，必须时刻绷紧安全这根弦。\n"
    "王明强调，“安全生产责任重于泰山，任何时候都不能有丝毫松懈。”各级各部门要压实责任，"
    "深入开展隐患排查整治。\n"
    "会议还通报了上半年全市安全生产形势，部署了下一阶段重点工作。\n"
)


def test_a_write_up_is_news_and_its_paragraphs_are_narration():
    doc = parse_text(WRITE_UP)
    assert doc.genre == "news"
    assert all(p.narration for p in doc.paragraphs())
    assert doc.to_dict()["genre"] == "news"


def test_a_speech_keeps_its_own_first_person_paragraphs():
    doc = parse_text(FLATTENED)
    assert doc.genre == "speech"
    assert not any(p.narration for p in doc.paragraphs())
    lead = parse_text("在全市工作会议上的讲话\n\n5月8日，全市工作会议在市会议中心召开。市委书记王明出席会议并讲话。\n"
                      "同志们：\n今天召开这次会议，主要任务是部署下半年工作。我完全赞同刚才的安排。\n")
    flagged = [p.text for p in lead.paragraphs() if p.narration]
    assert flagged == ["5月8日，全市工作会议在市会议中心召开。市委书记王明出席会议并讲话。"]
