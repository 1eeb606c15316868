"""Structure on speeches written for these tests: markers, levels, front matter,
run-in heads, paragraphs without line breaks, wrapped lines, closings."""

from __future__ import annotations

from drafter import parse_text
from drafter.text.numerals import int_to_chinese

BODY = "要坚持以人民为中心的发展思想，把群众满意作为检验工作成效的根本标准，确保各项任务落到实处。"


def test_headings_beyond_ten_keep_their_numbers_and_level():
    lines = ["关于做好全年工作的讲话", "同志们："]
    for n in range(1, 15):
        lines += [f"{int_to_chinese(n)}、第{int_to_chinese(n)}项重点工作", BODY]
    doc = parse_text("\n".join(lines))
    markers = [s.marker for s in doc.sections]
    assert markers[9:14] == ["十、", "十一、", "十二、", "十三、", "十四、"]
    assert all(s.level == 1 for s in doc.sections)
    assert doc.sections[13].heading == "第十四项重点工作"


def test_paren_headings_beyond_ten():
    lines = ["一、主要任务"]
    for n in range(1, 15):
        lines += [f"（{int_to_chinese(n)}）任务{n}", BODY]
    doc = parse_text("\n".join(lines))
    children = doc.sections[0].children
    assert len(children) == 14
    assert children[13].marker == "（十四）" and children[13].level == 2


def test_four_levels_and_relative_levels():
    text = "\n".join([
        "一、总体要求", BODY,
        "（一）指导思想", BODY,
        "1.坚持党的领导。" + BODY,
        "（1）强化政治引领。" + BODY,
        "（2）压实政治责任。" + BODY,
        "2.坚持人民至上。" + BODY,
        "二、重点任务", BODY,
    ])
    doc = parse_text(text)
    first = doc.sections[0]
    assert first.level == 1
    sub = first.children[0]
    assert (sub.marker, sub.level) == ("（一）", 2)
    assert [c.marker for c in sub.children] == ["1.", "2."]
    assert sub.children[0].level == 3 and sub.children[0].run_in
    assert [c.marker for c in sub.children[0].children] == ["（1）", "（2）"]
    assert sub.children[0].children[0].level == 4
    # A speech whose top level is （一） still calls it level 1.
    doc = parse_text("\n".join(["（一）指导思想", BODY, "（二）工作目标", BODY]))
    assert [s.level for s in doc.sections] == [1, 1]


def test_full_width_period_marker_and_first_part_markers():
    doc = parse_text("\n".join(["第一部分 形势任务", BODY, "1．坚定信仰。" + BODY,
                                "2．提升能力。" + BODY, "第二部分 工作要求", BODY]))
    assert [s.marker for s in doc.sections] == ["第一部分", "第二部分"]
    assert [c.marker for c in doc.sections[0].children] == ["1．", "2．"]


def test_ordinal_and_sequence_paragraphs_are_run_in_heads_only_in_runs():
    doc = parse_text("\n".join([
        "一、工作方法", BODY,
        "第一，坚持系统观念。" + BODY,
        "第二，坚持底线思维。" + BODY,
        "二、工作要求",
        "首先，要提高认识。" + BODY,
        "其次，要压实责任。" + BODY,
        "最后，要严格考核。" + BODY,
    ]))
    assert [c.marker for c in doc.sections[0].children] == ["第一，", "第二，"]
    assert [c.heading for c in doc.sections[1].children] == ["要提高认识", "要压实责任", "要严格考核"]
    # A lone 一要/首先 paragraph is prose, not a heading.
    doc = parse_text("\n".join(["一、工作方法", "一要把握好节奏。" + BODY, BODY]))
    assert doc.sections[0].children == []
    assert doc.sections[0].paragraphs[0].text.startswith("一要把握好节奏")


def test_run_in_head_and_standalone_head():
    doc = parse_text("\n".join([
        "（一）坚持和加强党中央集中统一领导。" + BODY,
        "（二）坚持全面从严治党",
        BODY,
    ]))
    first, second = doc.sections
    assert first.run_in and first.heading == "坚持和加强党中央集中统一领导"
    assert first.paragraphs[0].text == BODY
    assert not second.run_in and second.heading == "坚持全面从严治党"
    assert second.paragraphs[0].text == BODY


def test_front_matter_subtitle_speaker_date_salutation():
    doc = parse_text("\n".join([
        "凝心聚力 奋发有为",
        "——在全县干部大会上的讲话",
        "县委书记　王　明",
        "（2025年1月8日）",
        "各位代表、同志们：",
        "今天召开全县干部大会，主要任务是总结过去一年的工作，安排部署今年的重点任务。",
    ]))
    assert doc.title == "凝心聚力 奋发有为"
    assert doc.subtitle == "在全县干部大会上的讲话"
    assert doc.occasion == "全县干部大会"
    assert doc.speaker == "县委书记 王明"
    assert doc.date == "2025年1月8日"
    assert doc.salutation == "各位代表、同志们："
    assert doc.preamble[0].text.startswith("今天召开全县干部大会")


def test_title_over_two_lines_and_date_in_subtitle():
    doc = parse_text("\n".join([
        "深入学习贯彻党的二十届三中全会精神的",
        "几点体会",
        "——在市委理论学习中心组集体学习会上的发言（2024年9月3日）",
        "同志们：",
        BODY,
    ]))
    assert doc.title == "深入学习贯彻党的二十届三中全会精神的几点体会"
    assert doc.subtitle == "在市委理论学习中心组集体学习会上的发言"
    assert doc.date == "2024年9月3日"


def test_salutation_glued_to_the_first_paragraph():
    doc = parse_text("关于作风建设的党课\n同志们：今天我们一起学习党的作风建设理论，共同交流体会，进一步提高认识。")
    assert doc.salutation == "同志们："
    assert doc.preamble[0].text.startswith("今天我们一起学习")


def test_no_line_breaks_still_gives_paragraphs_and_sentences():
    sentences = [
        "加强基层党组织建设是一项基础工程。", "我们要把党支部建设作为最重要的基础工作来抓，持续推进标准化规范化建设。",
        "要选优配强支部书记，加强党员队伍管理，严格落实组织生活制度。",
        "要创新活动方式，增强组织生活的吸引力和感染力，让党员在参与中受教育。",
        "要加大保障力度，确保基层组织有人办事、有钱办事、有场所办事。",
        "干部队伍建设是组织工作的核心任务。", "要坚持好干部标准，突出政治素质考察，把忠诚干净担当的干部选出来、用起来。",
        "要加强年轻干部培养，让他们在基层一线和困难艰苦地区经受磨炼、增长才干。",
        "要完善考核评价机制，强化结果运用，激励干部担当作为、干事创业。",
        "人才工作是推动发展的第一资源。", "要完善引育用留全链条政策，营造识才爱才敬才用才的良好环境。",
        "要深化人才发展体制机制改革，向用人主体授权，为人才松绑。",
        "要健全服务保障体系，帮助人才解决后顾之忧，让人才安心干事。",
    ] * 5
    text = "".join(sentences)
    assert len(text) > 1500 and "\n" not in text
    doc = parse_text(text)
    assert len(doc.preamble) >= 5
    assert sum(len(p.sentences) for p in doc.preamble) == len(sentences)
    assert "".join(p.text for p in doc.preamble) == text
    assert any("no line breaks" in w for w in doc.warnings)
    # Lines, one of them long, are no text without line breaks (fuzz pass 3 of stop 69,
    # B-m9): the one line is said to be cut.
    lines = "\n".join(["一、加强组织建设", *sentences[:12], text, *sentences[12:24]])
    doc = parse_text(lines)
    assert not any("no line breaks" in w for w in doc.warnings), doc.warnings
    assert "1 line(s) too long for one paragraph were cut into paragraphs at their sentences" \
        in doc.warnings


def test_hard_wrapped_lines_are_rejoined():
    paragraph = ("组织工作是一门科学，推动科学工作，就需要科学的思想方法和工作方法。我们要把学习贯彻"
                 "党的创新理论作为首要政治任务，坚持学思用贯通、知信行统一，不断提高政治判断力、"
                 "政治领悟力、政治执行力，切实把学习成果转化为推动工作的实际成效。")
    width = 24
    wrapped = [paragraph[i:i + width] for i in range(0, len(paragraph), width)]
    second = paragraph.replace("组织工作", "宣传工作").replace("首要", "重要")
    wrapped2 = [second[i:i + width] for i in range(0, len(second), width)]
    text = "\n".join(["一、提高政治站位", *wrapped, "二、狠抓工作落实", *wrapped2])
    doc = parse_text(text)
    assert [s.heading for s in doc.sections] == ["提高政治站位", "狠抓工作落实"]
    assert doc.sections[0].paragraphs[0].text == paragraph
    assert doc.sections[1].paragraphs[0].text == second


def test_line_broken_after_a_comma_or_function_word_is_rejoined():
    doc = parse_text("\n".join([
        "一、提高政治站位",
        "组织工作是一门科学，推动科学工作，就需要科学的",
        "思想方法和工作方法。",
        "我们要坚持问题导向，",
        "坚持底线思维。",
    ]))
    texts = [p.text for p in doc.sections[0].paragraphs]
    assert texts == ["组织工作是一门科学，推动科学工作，就需要科学的思想方法和工作方法。",
                     "我们要坚持问题导向，坚持底线思维。"]


def test_closing_is_taken_from_the_end():
    doc = parse_text("\n".join([
        "一、工作要求", BODY, BODY.replace("确保", "保证"),
        "同志们，新的一年任务艰巨、使命光荣。让我们紧密团结在党中央周围，奋力谱写新篇章！",
    ]))
    assert doc.closing and doc.closing[0].text.startswith("同志们，新的一年")
    assert len(doc.sections[0].paragraphs) == 2


def test_enumeration_inside_a_paragraph():
    doc = parse_text("一、学习要求\n一是要坚持深学细悟。通过多种形式学习。二是要坚持学用结合。"
                     "自觉对标对表。三是要坚持融会贯通。不断加深理解。")
    items = doc.sections[0].paragraphs[0].enumeration
    assert [(i.marker, i.text) for i in items] == [
        ("一是要", "坚持深学细悟"), ("二是要", "坚持学用结合"), ("三是要", "坚持融会贯通")]


def test_quote_with_full_stops_stays_one_sentence_in_a_paragraph():
    doc = parse_text("一、理论学习\n习近平总书记强调，“政治问题，任何时候都是根本性的大问题。”"
                     "我们要深刻领会。毛泽东同志说过：“思想方法不对头，工作方法也就不对头。”")
    sentences = doc.sections[0].paragraphs[0].sentences
    assert sentences == ["习近平总书记强调，“政治问题，任何时候都是根本性的大问题。”", "我们要深刻领会。",
                         "毛泽东同志说过：“思想方法不对头，工作方法也就不对头。”"]


def test_to_dict_has_the_documented_keys():
    doc = parse_text("在全县工作会议上的讲话\n同志们：\n一、提高认识\n" + BODY + "\n同志们，让我们携手奋进！")
    data = doc.to_dict()
    for key in ("source", "title", "subtitle", "speaker", "date", "salutation", "preamble",
                "removed", "sections", "closing"):
        assert key in data
    section = data["sections"][0]
    for key in ("marker", "level", "heading", "run_in", "section_type", "section_types",
                "paragraphs", "children"):
        assert key in section
    assert section["section_type"] is None and section["section_types"] is None
    assert data["closing"][0]["text"] == "同志们，让我们携手奋进！"


def test_date_under_title_wins_over_a_closing_date():
    doc = parse_text("\n".join([
        "关于作风建设的讲话", "（2025年1月8日）", "同志们：",
        "今天召开会议，专题研究作风建设工作，我讲几点意见，请大家认真抓好落实。", "2025年1月9日",
    ]))
    assert doc.title == "关于作风建设的讲话"
    assert doc.date == "2025年1月8日" and doc.salutation == "同志们："
    assert doc.preamble[0].text.startswith("今天召开会议")


def test_a_date_alone_above_the_body_is_the_date_not_the_title():
    doc = parse_text("（2025年1月8日）\n同志们：\n今天召开会议，专题研究作风建设工作，我讲几点意见，请大家认真抓好落实。")
    assert doc.title is None and doc.date == "2025年1月8日"


def test_pasted_text_keeps_indentation_hints_like_a_file():
    text = "一、总体要求\n　　各级党组织要提高认识，\n　　切实加强领导。"
    doc = parse_text(text)
    assert len(doc.sections[0].paragraphs) == 2
