"""Parsing web captures, PDF copies, .docx and Markdown (written for these tests):
furniture cut, titles and headings kept, tracked changes and layout tables read."""

from __future__ import annotations

import copy

import pytest

from drafter import load_document, parse_text
from drafter.corpus.parse import build_document
from drafter.corpus.read import read_bytes

OPEN = "今天，我们召开全市工作会议，主要任务是总结去年工作，部署今年重点任务，动员全市上下真抓实干。"


def test_prose_that_mentions_furniture_words_is_kept():
    lines = [
        "企业登录系统后即可在线申报，真正实现“零跑腿”。",
        "剩余的整改内容要在年底前全部完成，逐项销号。",
        "群众可登录市政府网站www.jc.gov.cn查询相关政策。",
        "要引导广大党员干部阅读更多经典原著，不断提升理论素养。",
        "要严厉打击虚假广告和价格欺诈行为。",
    ]
    doc = parse_text("\n".join(["在全市政务服务工作会议上的讲话", "同志们：", OPEN, *lines,
                                "同志们，让我们团结一心，奋力开创新局面！"]))
    assert doc.removed == []
    assert [p.text for p in doc.preamble[1:]] == lines


def test_weak_words_in_titles_and_headings_are_kept():
    doc = parse_text("\n".join([
        "在市总工会第五次会员代表大会上的工作报告", "各位代表：", OPEN,
        "一、服务会员企业", "要主动上门了解会员企业需求，帮助解决实际困难，提升服务质量。",
        "二、维护企业合法权益", "要畅通诉求渠道，依法维护企业合法权益，营造良好发展环境。",
        "扫码关注公众号",
    ]))
    assert doc.title == "在市总工会第五次会员代表大会上的工作报告"
    assert [s.heading for s in doc.sections] == ["服务会员企业", "维护企业合法权益"]
    assert [r.text for r in doc.removed] == ["扫码关注公众号"]


def test_link_list_in_the_middle_stops_at_the_next_heading():
    doc = parse_text("\n".join([
        "在全市机关作风建设推进会上的讲话", "同志们：", OPEN,
        "一、充分认识作风建设的重要性", "作风建设关系党的形象，关系人心向背，我们必须高度重视、常抓不懈。",
        "相关阅读", "全市召开作风建设大会", "某区开展作风整治", "二、突出重点抓好作风整治",
        "（一）整治形式主义官僚主义", "要坚决纠治文山会海、督查检查过多过频等问题，切实为基层减负。",
    ]))
    assert [s.marker for s in doc.walk()] == ["一、", "二、", "（一）"]
    assert [r.reason for r in doc.removed] == ["list of links"] * 3


@pytest.mark.parametrize("lines, title, speaker", [
    (["江城党建网", "在全市机关作风建设大会上的讲话"], "在全市机关作风建设大会上的讲话", None),
    (["在全市机关作风建设大会上的讲话", "在全市机关作风建设大会上的讲话"], "在全市机关作风建设大会上的讲话", None),
    (["坚定不移走生态优先绿色发展之路", "文/王建国"], "坚定不移走生态优先绿色发展之路", "王建国"),
    (["新时代基层党组织组织力提升的路径探析", "刘晓燕", "（市委党校党建教研室）"],
     "新时代基层党组织组织力提升的路径探析", "刘晓燕 （市委党校党建教研室）"),
])
def test_titles_with_site_names_repeats_and_author_lines(lines, title, speaker):
    doc = parse_text("\n".join([*lines, OPEN]))
    assert doc.title == title and doc.speaker == speaker
    assert doc.preamble[0].text == OPEN


def test_main_title_with_an_undashed_subtitle():
    doc = parse_text("\n".join(["凝心聚力谋发展 砥砺奋进新征程", "在中共江城市委十四届六次全体会议上的报告",
                                "同志们：", OPEN]))
    assert doc.title == "凝心聚力谋发展 砥砺奋进新征程"
    assert doc.subtitle == "在中共江城市委十四届六次全体会议上的报告"


def test_page_chrome_between_title_and_salutation_and_after_the_closing():
    head = ["字体：大 中 小", "听新闻", "【打印本页】", "扫一扫在手机打开当前页", "微信 微博 QQ空间 更多"]
    tail = ["图为会议现场。（记者 张明 摄）", "【我要纠错】", "微信扫一扫", "打开江城新闻APP，阅读体验更佳",
            "iPhone版 | Android版", "返回列表", "—— END ——", "（本文有删节）"]
    doc = parse_text("\n".join(["在全市机关作风建设大会上的讲话", *head, "同志们：", OPEN,
                                "一、关于作风建设", "作风建设永远在路上，必须常抓不懈、久久为功，推动机关作风持续向好。",
                                "同志们，让我们以更加过硬的作风，奋力谱写新篇章！", *tail]))
    assert doc.salutation == "同志们：" and doc.speaker is None
    assert doc.closing[0].text.startswith("同志们，让我们")
    assert sorted(r.text for r in doc.removed) == sorted(head + tail)


def test_pdf_running_header_and_page_numbers_are_cut_out_of_sentences():
    doc = parse_text("\n".join([
        "在全市安全生产工作会议上的讲话", "同志们：",
        "　　要聚焦危险化学品、矿山、交通运输、建筑施工、城镇燃气等重点行业",
        "领域，持续开展拉网式排查，对排查出的重大隐患实行挂牌督办，确保整改到",
        "— 1 —", "在全市安全生产工作会议上的讲话", "第 1 页 共 2 页",
        "位。对屡查屡犯、拒不整改的企业，要依法依规从严处罚，绝不手软。",
        "　　要以高层建筑、大型商业综合体为重点，深入开展消防安全隐患排查整治",
        "。",
    ]))
    texts = [p.text for p in doc.preamble]
    assert texts[0].endswith("确保整改到位。对屡查屡犯、拒不整改的企业，要依法依规从严处罚，绝不手软。")
    assert texts[1].endswith("排查整治。")
    assert {r.reason for r in doc.removed} >= {"running header", "page metadata"}


def test_spaces_that_break_words_in_titles_and_headings():
    doc = parse_text("在全市 数字经济发展大会上的讲话\n市委副书记 何 建 平\n同志们：\n" + OPEN +
                     "\n一、准确 把握数字经济发展的新形势\n当前，新一轮科技革命和产业变革深入发展，数字经济已成为关键力量。")
    assert doc.title == "在全市数字经济发展大会上的讲话"
    assert doc.speaker == "市委副书记 何建平"
    assert doc.sections[0].heading == "准确把握数字经济发展的新形势"
    doc = parse_text("凝心聚力 奋发有为\n同志们：\n" + OPEN)
    assert doc.title == "凝心聚力 奋发有为"


def test_closings_strong_and_weak():
    doc = parse_text("\n".join([
        "在全市民营企业家座谈会上的总结讲话", "同志们：", OPEN,
        "第一个方面，关于当前形势", "今年以来，全市经济运行总体平稳，民营经济发展势头良好，但也面临不少困难。",
        "第二个方面，关于对企业家的几点希望", "希望大家坚定发展信心，专注主业，做强做优，在高质量发展中展现新作为。",
        "最后，祝各位企业家事业兴旺、身体健康！",
    ]))
    assert [p.text[:4] for p in doc.sections[1].paragraphs] == ["希望大家"]
    assert doc.closing[0].text.startswith("最后，祝")
    for closer in ("谢谢！", "我就讲这么多，谢谢大家！", "预祝大会圆满成功！"):
        doc = parse_text("\n".join(["在全市运动会开幕式上的致辞", OPEN, "一、体育强市",
                                    "要广泛开展全民健身活动，推动体育事业和体育产业协调发展。", closer]))
        assert doc.closing and doc.closing[-1].text == closer


def test_no_fake_leads_in_a_speech_without_headings():
    doc = parse_text("\n".join([
        "在全市老干部迎春座谈会上的讲话", "各位老领导、老同志：",
        "春节即将来临。今天，我们在这里欢聚一堂，共叙友谊，共话发展。",
        "过去一年极不平凡。面对复杂严峻的外部环境，全市上下团结一心、攻坚克难。",
        "成绩来之不易。这些成绩的取得，离不开各位老领导、老同志的关心支持。",
        "新的一年任务艰巨。我们将坚持稳中求进工作总基调，扎实推进高质量发展。",
    ]))
    assert doc.salutation == "各位老领导、老同志："
    assert doc.sections == [] and len(doc.preamble) == 4


@pytest.mark.parametrize("salutation", ["乡亲们：", "青年朋友们：", "战友们：", "在座的各位同志：", "家长朋友们："])
def test_more_salutations(salutation):
    assert parse_text(f"在全县大会上的讲话\n{salutation}\n{OPEN}").salutation == salutation


def test_markdown_setext_html_and_footnotes():
    text = ("在全市教育大会上的讲话\n======================\n\n<p align=\"right\">市委书记 周振华</p>\n\n"
            "同志们：<br/>\n\n&nbsp;&nbsp;今天我们召开全市教育大会，主要任务是加快建设教育强市[^1]。<br>\n\n"
            "## 一、坚持立德树人\n\n要把思想政治工作贯穿教育教学全过程，培养社会主义建设者和接班人。\n\n"
            "*图为会议现场*\n\n[^1]: 见《教育强国建设规划纲要》。\n").encode()
    doc = build_document(read_bytes(text, "t.md", ".md"))
    assert (doc.title, doc.speaker, doc.salutation) == ("在全市教育大会上的讲话", "市委书记 周振华", "同志们：")
    assert doc.preamble[0].text == "今天我们召开全市教育大会，主要任务是加快建设教育强市。"
    assert doc.sections[0].paragraphs[0].text.startswith("要把思想政治工作")
    assert "图为会议现场" not in doc.body_text() and "教育强国建设规划纲要" not in doc.body_text()


def _docx(build) -> bytes:
    import io

    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_heading1_title_subtitle_style_and_layout_table(tmp_path):
    def build(document):
        document.add_paragraph("在全市文化旅游发展大会上的讲话", style="Heading 1")
        document.add_paragraph("凝心聚力 共建文旅强市", style="Subtitle")
        document.add_paragraph("市长 吴晓明")
        table = document.add_table(rows=1, cols=1)
        cell = table.cell(0, 0)
        cell.paragraphs[0].text = "同志们："
        cell.add_paragraph(OPEN)
        cell.add_paragraph("一、深入挖掘文化旅游资源")
        cell.add_paragraph("要加强文物和文化遗产保护利用，讲好城市故事，打造一批精品旅游线路。")

    path = tmp_path / "t.docx"
    path.write_bytes(_docx(build))
    doc = load_document(path)
    assert (doc.title, doc.subtitle, doc.speaker) == (
        "在全市文化旅游发展大会上的讲话", "凝心聚力 共建文旅强市", "市长 吴晓明")
    assert doc.salutation == "同志们："
    assert [s.heading for s in doc.sections] == ["深入挖掘文化旅游资源"]


def test_docx_tracked_insertions_and_inline_controls_are_read(tmp_path):
    from docx.oxml.ns import qn

    def build(document):
        document.add_paragraph("在全县教育工作会议上的讲话", style="Title")
        paragraph = document.add_paragraph()
        paragraph.add_run("近年来，")
        run = paragraph.add_run("全县教育事业发展取得显著成效，")
        insertion = paragraph._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "a"})
        run._r.addprevious(insertion)
        insertion.append(run._r)
        extra = paragraph.add_run("新建改扩建中小学校十二所。")
        sdt = paragraph._p.makeelement(qn("w:sdt"), {})
        content = sdt.makeelement(qn("w:sdtContent"), {})
        extra._r.addprevious(sdt)
        sdt.append(content)
        content.append(copy.deepcopy(extra._r))
        paragraph._p.remove(extra._r)
        deleted = paragraph._p.makeelement(qn("w:del"), {qn("w:id"): "2", qn("w:author"): "a"})
        gone = paragraph.add_run("删除的文字")
        gone._r.addprevious(deleted)
        deleted.append(gone._r)

    path = tmp_path / "t.docx"
    path.write_bytes(_docx(build))
    doc = load_document(path)
    assert doc.preamble[0].text == "近年来，全县教育事业发展取得显著成效，新建改扩建中小学校十二所。"
