"""Parsing speeches and captures unlike the ones the parser was written on: titles,
speakers, headings, page furniture and closings read right."""

from __future__ import annotations

import io

import pytest

from drafter import load_document, parse_text
from drafter.errors import UnreadableFile


def test_short_prose_lines_with_furniture_words_are_kept():
    doc = parse_text("\n".join([
        "在全市工会工作会议上的讲话", "同志们：",
        "今天，我们召开全市工会工作会议，主要任务是总结去年工作，部署今年任务。",
        "一、牢牢把握工会工作的正确方向",
        "要切实维护广大职工的合法权益，让职工群众有更多获得感。",
        "要落实好减税降费等各项优惠政策，减轻中小企业负担。",
        "全市新增工会会员三万二千人，新建基层工会组织一千一百个。",
        "要用好村民微信群、政务公众号等平台，及时回应职工关切。",
        "要加强对困难企业的技术支持，帮助企业渡过难关。",
        "要公布维权热线电话：12351，确保职工诉求有人接、有人管。",
        "扫码关注公众号",
    ]))
    assert len(doc.sections[0].paragraphs) == 6
    assert [r.text for r in doc.removed] == ["扫码关注公众号"]


def test_a_speech_of_short_lines_is_not_lost():
    doc = parse_text("\n".join([
        "在2024年春节团拜会上的致辞", "春回大地，万象更新。",
        "在这辞旧迎新的美好时刻，我代表市委、市政府，向大家致以新春的祝福！",
        "过去的一年，全市经济社会发展取得新的成绩。",
        "最后，祝大家新春愉快、身体健康、阖家幸福！",
    ]))
    assert doc.title == "在2024年春节团拜会上的致辞"
    assert [p.text[:4] for p in doc.preamble] == ["春回大地", "在这辞旧", "过去的一"]
    assert doc.closing[0].text.startswith("最后，祝大家")
    assert doc.removed == []


@pytest.mark.parametrize("lines, title", [
    (["关于以学促干推动高质量发展的研讨发言", "根据安排，我谈几点体会。",
      "深刻把握高质量发展的科学内涵。高质量发展是能够很好满足人民日益增长的美好生活需要的发展。"],
     "关于以学促干推动高质量发展的研讨发言"),
    (["在全县脱贫攻坚工作推进会上的讲话", "同志们，大家上午好！",
      "今天我们召开全县脱贫攻坚工作推进会，主要任务是分析当前形势，安排部署下一阶段工作。"],
     "在全县脱贫攻坚工作推进会上的讲话"),
])
def test_title_named_like_a_speech_wins_and_first_lines_stay(lines, title):
    doc = parse_text("\n".join(lines))
    assert doc.title == title
    assert doc.preamble[0].text == lines[1]
    assert doc.removed == []


def test_listed_salutation_and_two_line_title():
    doc = parse_text("\n".join([
        "在全市优化营商环境暨民营经济高质量发展", "推进大会上的讲话", "市长　陈志远", "同志们、朋友们：",
        "今天我们召开大会，主要任务是深入贯彻落实党中央关于促进民营经济发展壮大的决策部署。",
    ]))
    assert doc.title == "在全市优化营商环境暨民营经济高质量发展推进大会上的讲话"
    assert doc.occasion == "全市优化营商环境暨民营经济高质量发展推进大会"
    assert doc.speaker == "市长 陈志远"
    assert doc.salutation == "同志们、朋友们："


def test_name_under_title_and_byline_make_the_speaker():
    doc = parse_text("\n".join([
        "以钉钉子精神抓好乡村振兴各项任务落实", "张海涛",
        "全面推进乡村振兴，是新时代建设农业强国的重要任务。站在新的起点上，必须以钉钉子精神抓好各项任务落实。",
        "一、夯实粮食安全根基", "保障粮食安全是头等大事，我们要严守耕地保护红线，全面落实粮食安全党政同责。",
        "（作者为中共某市委书记）",
    ]))
    assert doc.title == "以钉钉子精神抓好乡村振兴各项任务落实"
    assert doc.speaker == "中共某市委书记 张海涛"


def test_capture_with_head_and_tail_furniture():
    speech = [
        "在全市安全生产工作会议上的讲话", "——以更加扎实的举措守牢安全发展底线", "（2024年7月15日）",
        "市委副书记、市长　陈志远", "同志们：",
        "今天，我们召开全市安全生产工作会议，主要任务是总结上半年工作，部署下半年重点任务。",
        "一、清醒认识当前安全生产形势",
        "今年以来，全市上下坚持人民至上、生命至上，安全生产形势总体平稳，但隐患依然突出。",
        "二、压紧压实安全生产责任",
        "首先，要落实党政领导责任。其次，要落实部门监管责任。最后，要落实企业主体责任。",
        "同志们，安全生产只有起点没有终点。让我们扎实做好各项工作，营造安全稳定的环境！",
    ]
    head = ["某某网 - 公文写作第一站", "推荐阅读 | 热门文章 | 猜你喜欢", "文章来源：某某日报　作者：本报记者",
            "原标题：市长陈志远在全市安全生产工作会议上强调 守牢安全底线", "点赞 收藏 转发", "标签：讲话 安全生产 应急管理"]
    tail = ["（完）", "【纠错】", "编辑 | 李华", "评论(0)", "打开APP阅读更多", "版权归原作者所有，如有侵权请联系删除",
            "热门文章", "1. 2024年安全生产月活动方案", "2. 安全生产工作会议讲话稿范本", "3. 在安全生产专题会议上的讲话",
            "上一页 1 2 3 下一页", "Ctrl+D 收藏本站"]
    doc = parse_text("\n".join(head + speech + tail))
    assert (doc.title, doc.subtitle, doc.date) == (speech[0], speech[1][2:], "2024年7月15日")
    assert doc.speaker == "市委副书记、市长 陈志远"
    assert [s.marker for s in doc.walk()] == ["一、", "二、"]
    assert doc.closing[0].text.startswith("同志们，安全生产")
    assert sorted(r.text for r in doc.removed) == sorted(head + tail)
    assert doc.sections[1].paragraphs[0].enumeration[0].marker == "首先，"


def test_number_ranges_are_not_headings():
    doc = parse_text("\n".join([
        "一、客观分析当前经济形势",
        "一、二季度是全年经济工作的关键期，全市上下要紧盯目标任务，抓好各项政策落实。",
        "三、四月份以来，部分企业订单回暖，但原材料价格上涨压力依然较大。",
        "二、扎实抓好重点工作", "要抓好项目建设、招商引资和企业服务，切实稳住经济基本盘。",
    ]))
    assert [s.marker for s in doc.sections] == ["一、", "二、"]
    assert len(doc.sections[0].paragraphs) == 2


def test_unbroken_text_with_inline_headings():
    text = ("在全市经济形势分析会上的讲话同志们：今天召开全市经济形势分析会，主要任务是分析上半年经济运行情况，研究部署下半年工作。"
            "下面，我讲两个方面的意见。一、客观看待上半年经济运行态势。今年以来，全市经济运行总体平稳、稳中有进，"
            "主要指标好于预期，但也面临不少困难和挑战，需要我们高度重视。外部环境的不确定性明显增加，"
            "部分行业和企业生产经营困难，财政收支平衡压力加大，对此必须保持清醒认识。二、突出抓好下半年重点工作（一）全力以赴扩大有效投资。"
            "要紧盯重大项目建设，加快推进项目开工，确保投资稳定增长。（二）千方百计提振消费需求。要落实促消费政策，"
            "培育消费新场景，释放消费潜力。同志们，让我们坚定信心、真抓实干，确保完成全年目标任务！")
    doc = parse_text(text)
    assert doc.title == "在全市经济形势分析会上的讲话"
    assert doc.salutation == "同志们："
    assert [s.marker for s in doc.sections] == ["一、", "二、"]
    assert doc.sections[1].heading == "突出抓好下半年重点工作"
    assert [c.heading for c in doc.sections[1].children] == ["全力以赴扩大有效投资", "千方百计提振消费需求"]
    assert doc.closing[0].text.startswith("同志们，让我们")


def test_wrapped_enumeration_is_rejoined():
    paragraph = "（二）抓好城镇燃气安全排查。一是要摸清底数，二是要整治隐患，三是要完善长效机制。"
    lines = [paragraph[:30], paragraph[30:]]
    body = "今天，我们召开全市安全生产工作会议，主要任务是贯彻落实省安全生产电视电话会议精神，总结上半年工作。"
    wrapped = [body[i:i + 30] for i in range(0, len(body), 30)]
    doc = parse_text("\n".join(["一、突出抓好重点领域专项整治", *wrapped, *lines, *wrapped]))
    node = doc.sections[0].children[0]
    assert node.paragraphs[0].text.startswith("一是要摸清底数")
    assert [e.marker for e in node.paragraphs[0].enumeration] == ["一是要", "二是要", "三是要"]


@pytest.mark.parametrize("damage", ["cut", "bad byte"])
def test_a_damaged_utf8_file_is_read_with_a_warning(tmp_path, damage):
    text = "在全市组织工作会议上的讲话\n同志们：\n今天召开会议，主要任务是总结工作、部署任务，请大家认真抓好落实。\n"
    data = text.encode("utf-8")
    data = data[:-2] if damage == "cut" else data[:40] + b"\xff" + data[40:]
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    doc = load_document(path)
    assert doc.encoding == "utf-8" and doc.title == "在全市组织工作会议上的讲话"
    assert any("replaced" in w for w in doc.warnings)


def test_gbk_file_with_a_bad_byte_is_read(tmp_path):
    text = "在全市组织工作会议上的讲话\n同志们：\n今天召开会议，主要任务是总结工作、部署任务，请大家认真抓好落实。\n"
    data = text.encode("gbk")
    path = tmp_path / "gbk.txt"
    path.write_bytes(data[:30] + b"\xff" + data[30:])
    assert load_document(path).encoding == "gb18030"


def test_short_gbk_file_is_not_read_as_big5(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("谢谢大家！".encode("gbk"))
    assert load_document(path).preamble[0].text == "谢谢大家！"


@pytest.mark.parametrize("content", ["\u3000\u3000\n", "\u00a0 \u200b\n", "\ufeff\u3000"])
def test_invisible_only_files_are_whitespace(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="only whitespace"):
        load_document(path)


def test_legacy_doc_named_docx_and_text_named_docx(tmp_path):
    ole = tmp_path / "old.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 200)
    with pytest.raises(UnreadableFile, match="legacy Word"):
        load_document(ole)
    text = tmp_path / "plain.docx"
    text.write_text("在全市组织工作会议上的讲话\n同志们：\n今天召开会议，主要任务是总结工作、部署任务。\n", encoding="utf-8")
    doc = load_document(text)
    assert doc.title == "在全市组织工作会议上的讲话"
    assert any("plain text" in w for w in doc.warnings)


def test_docx_table_keeps_every_cell_one_row_a_line(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、重点项目")
    document.add_paragraph("今年要集中力量推进一批重点项目，确保按期建成投用，发挥效益。")
    table = document.add_table(rows=3, cols=3)
    rows = [("项目名称", "责任单位", "完成率"), ("城东污水处理厂", "住建局", "98%"),
            ("北部产业园道路", "交通局", "10.2")]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "table.docx"
    path.write_bytes(buffer.getvalue())
    doc = load_document(path)
    texts = [p.text for p in doc.sections[0].paragraphs]
    assert texts[1:] == ["\u3000".join(row) for row in rows]
    assert doc.removed == []


def test_half_width_period_and_brackets_between_chinese():
    doc = parse_text("一、科技创新\n要深化科技体制改革，完善科技成果转化机制.要加大人才引进力度，评论(0)不算。")
    paragraph = doc.sections[0].paragraphs[0]
    assert paragraph.sentences[0] == "要深化科技体制改革，完善科技成果转化机制。"
    assert "评论（0）" in paragraph.text


def test_part_marker_keeps_its_separator_in_text():
    doc = parse_text("第一部分　深刻把握形势\n当前，我们面临的形势复杂严峻，必须保持清醒头脑，增强忧患意识。")
    assert "第一部分 深刻把握形势" in doc.body_text()
