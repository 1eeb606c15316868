"""From template to draft: slots filled from a real phrasebank index, seeded, no repeats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.bank.model import Phrase, Source, phrase_id
from drafter.bank.phrasebank import PhraseBank
from drafter.bank.store import save_phrases
from drafter.cli import main
from drafter.draft.assemble import assemble, refill
from drafter.draft.model import (
    GAP_RE,
    ROOM_GAP_RE,
    Draft,
    DraftError,
    Item,
    Node,
    PhraseRef,
    load_draft,
)
from drafter.draft.numbering import marker
from drafter.draft.templates import load_template
from drafter.export.text import plain_text
from tests.test_templates import GENRES


def _phrase(kind, text, sections, score=0.8, **extra):
    return Phrase(phrase_id(kind, text), text, kind, sections, status="approved", score=score,
                  sources=[Source("seed.txt", 3, "一、测试")], **extra)


@pytest.fixture
def small_bank(tmp_path):
    """A bank written for the tests: a parallel set, heads, paragraphs, quotes."""
    phrases = [
        _phrase("parallel", "坚定政治信仰；提升政治能力；加强政治领导", ["political_stance"],
                members=["坚定政治信仰", "提升政治能力", "加强政治领导"], frame="{X}政治{Y}"),
        *[_phrase("lead", text, ["work_style"], level=2)
          for text in ("改进调查研究", "精简文件会议", "规范督查检查", "狠抓工作落实")],
        *[_phrase("paragraph", f"作风建设是{w}的重要内容。要改进调查研究、精简文件会议、规范督查检查、"
                  f"狠抓工作落实，坚持以上率下，层层压实责任，"
                  f"推动作风建设常态化长效化，以优良作风凝聚人心、推动发展、"
                  f"确保各项任务落到实处。这是第{i}段。", ["work_style", "key_tasks"])
          for i, w in enumerate(("党的建设", "组织工作", "干部队伍", "基层治理", "机关建设"))],
        *[_phrase("quote", f"作风问题本质上是党性问题第{i}句", ["work_style", "political_stance"],
                  speaker="习近平总书记") for i in range(3)],
        *[_phrase("golden", f"作风是旗帜，作风是导向，第{i}条。", ["work_style", "political_stance"])
          for i in range(4)],
        _phrase("lead", "提高XX水平", ["work_style"], level=2),  # a placeholder: never drawn
    ]
    bank = tmp_path / "bank"
    save_phrases(bank, phrases)
    with PhraseBank.open(bank, cache_dir=tmp_path / "cache") as opened:
        yield opened


def _phrase_ids(draft: Draft) -> list[str]:
    ids = []
    for node in draft.nodes():
        if node.phrase and node.phrase.kind != "parallel":
            ids.append(node.phrase.id)
        ids += [i.phrase.id for i in node.items if i.phrase]
    return ids


@pytest.mark.parametrize("name", sorted(GENRES))
def test_topic_alone_assembles_every_shipped_template(name):
    draft = assemble(name, {"topic": "加强作风建设"})
    text = plain_text(draft)
    assert draft.template == name and draft.body
    assert "〔待补：" in text  # fields not given are visible placeholders
    assert "作风建设" in text
    ids = _phrase_ids(draft)
    assert ids, "nothing was drawn from the bundled phrasebank"
    assert len(ids) == len(set(ids)), "a phrase was used twice"
    headings = [n.heading for n in draft.nodes()]
    assert len(headings) == len(set(headings))


def test_same_seed_same_draft_other_seed_other_draft():
    first = assemble("work_conference", {"topic": "基层党组织建设"}, seed=3, mode="full")
    again = assemble("work_conference", {"topic": "基层党组織建设".replace("織", "织")}, seed=3,
                     mode="full")
    other = assemble("work_conference", {"topic": "基层党组织建设"}, seed=4, mode="full")
    assert first.to_json() == again.to_json()
    assert plain_text(first) != plain_text(other)


def test_a_phrase_more_or_less_in_a_pool_leaves_the_others_ranked_as_they_were():
    """Noise drawn from one stream in pool order had made any change to any pool (a rule
    keeping one phrase out) reshuffle the rest of the draft: each phrase's noise comes
    from its own id and one draw per ranking."""
    import random

    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    template = load_template("work_conference")
    drafting = _Assembler(template, template.resolve_fields({"topic": "安全生产"}),
                          PhraseBank.open(), 0, "full")
    sections = ("key_tasks",)
    pool = drafting._pool(sections, ("heading",))
    assert len(pool) > 20
    whole = drafting._ranked(pool, sections, rng=random.Random(7))
    for dropped in (pool[0], pool[len(pool) // 2]):
        fewer = drafting._ranked([c for c in pool if c is not dropped], sections,
                                 rng=random.Random(7))
        assert fewer == [c for c in whole if c is not dropped]
    # Another draw (another slot, another seed) orders them otherwise.
    assert drafting._ranked(pool, sections, rng=random.Random(8)) != whole


def test_full_mode_adds_supporting_sentences_and_paragraphs(small_bank):
    outline = assemble("party_lecture", {"topic": "作风建设"}, bank=small_bank, mode="outline")
    full = assemble("party_lecture", {"topic": "作风建设"}, bank=small_bank, mode="full")
    assert len(plain_text(full)) > len(plain_text(outline))
    roles = {i.role for n in full.nodes() for i in n.items}
    assert {"lead", "paragraph"} <= roles


def test_sibling_headings_come_from_one_parallel_set(small_bank):
    # No bank headings fit the first part's three siblings: one mined set does.
    draft = assemble("party_lecture", {"topic": "政治建设"}, bank=small_bank)
    stance = draft.body[0]
    assert [c.heading for c in stance.children] == ["坚定政治信仰", "提升政治能力", "加强政治领导"]
    assert {c.phrase.kind for c in stance.children} == {"parallel"}
    assert stance.children[0].phrase.sources[0].file == "seed.txt"


def test_siblings_never_mix_bank_and_fallback_heads(small_bank, tmp_path):
    # The bank has four work_style leads: five siblings cannot be a set of them, so
    # either the template's own parallel set is used whole (a copy of 工作会议讲话 asking
    # for five safeguards, with five of its own) or, the heads being the topic's own,
    # they stand as fewer points; never a mix.
    from drafter.draft.templates import load_template

    shipped = Path(load_template("work_conference").path)
    toml = shipped.read_text(encoding="utf-8").replace(
        'heading = "safeguards_heading"\n  [parts.children]\n  count = 3',
        'heading = "safeguards_heading"\n  [parts.children]\n  count = 5')
    assert "count = 5" in toml
    (tmp_path / "five.toml").write_text(toml, encoding="utf-8")
    prose = shipped.with_suffix(".j2").read_text(encoding="utf-8")
    (tmp_path / "five.j2").write_text(prose.replace("锤炼过硬作风\n", "锤炼过硬作风\n强化宣传引导\n"),
                                      encoding="utf-8")
    draft = assemble(load_template(str(tmp_path / "five.toml")), {"topic": "作风建设"},
                     bank=small_bank)
    safeguards = draft.body[2].children
    if all(c.phrase is None for c in safeguards):
        assert len(safeguards) == 5
    else:
        assert all(c.phrase for c in safeguards) and 2 <= len(safeguards) < 5


def test_placeholders_in_the_bank_are_never_drawn(small_bank):
    for seed in range(5):
        draft = assemble("theory_article", {"topic": "作风建设"}, bank=small_bank, seed=seed)
        assert "XX" not in plain_text(draft)


def test_quotes_keep_their_speaker_and_provenance(small_bank):
    draft = assemble("party_lecture", {"topic": "作风建设"}, bank=small_bank, mode="full")
    quotes = [i for n in draft.nodes() for i in n.items if i.role == "quote"]
    assert quotes
    assert quotes[0].text.startswith("习近平总书记指出：“") and quotes[0].text.endswith("。")
    assert quotes[0].phrase.speaker == "习近平总书记"
    assert quotes[0].phrase.sources[0].position == 3


def test_markers_per_level_and_renumbering():
    assert [marker(["一、"], 1, n) for n in (1, 10, 11, 20)] == ["一、", "十、", "十一、", "二十、"]
    assert marker(["一、", "（一）"], 2, 3) == "（三）"
    assert marker(["一、"], 2, 2) == "（二）"  # past the template's list: the default order
    assert marker(["一、", "（一）"], 3, 4) == "4."
    assert marker(["第一个方面，", "一要"], 2, 6) == "六要"
    draft = Draft(markers=["一、", "（一）"], body=[
        Node("甲", children=[Node("子一"), Node("子二")]), Node("乙")])
    draft.renumber()
    draft.body.reverse()
    draft.body[0].children.append(draft.body[1].children.pop())
    draft.renumber()
    assert [(n.marker, n.heading) for n in draft.nodes()] == [
        ("一、", "乙"), ("（一）", "子二"), ("二、", "甲"), ("（一）", "子一")]


def test_draft_json_round_trips_and_bad_json_is_located(tmp_path):
    draft = assemble("party_lecture", {"topic": "作风建设", "speaker": "张三"}, seed=1)
    path = tmp_path / "d.json"
    path.write_text(draft.to_json(), encoding="utf-8")
    assert load_draft(path).to_json() == draft.to_json()
    data = json.loads(draft.to_json())
    data["body"][1]["children"][0]["heading"] = 5
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DraftError, match=r"body\[1\]\.children\[0\]\.heading: expected a string"):
        load_draft(path)
    path.write_text('{"format": "drafter-draft",\n "version": 1,,}', encoding="utf-8")
    with pytest.raises(DraftError, match=r"d\.json:2:15: invalid JSON"):
        load_draft(path)
    path.write_text('{"format": "drafter-draft", "version": 99}', encoding="utf-8")
    with pytest.raises(DraftError, match="newer"):
        load_draft(path)


def test_items_accept_plain_strings_for_hand_written_drafts():
    draft = Draft.from_dict({"format": "drafter-draft", "version": 1,
                             "body": [{"heading": "加强作风建设", "items": ["要改进作风。"]}]})
    draft.renumber()
    assert draft.body[0].marker == "一、"
    assert draft.body[0].items == [Item("要改进作风。")]


def test_outline_command_writes_json_docx_md_txt(tmp_path):
    runner = CliRunner()
    for suffix in ("json", "docx", "md", "txt"):
        out = tmp_path / f"draft.{suffix}"
        result = runner.invoke(main, ["outline", "-t", "work_conference", "--topic", "作风建设",
                                      "--set", "speaker=张三", "--set", "date=2025-03-02",
                                      "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    text = (tmp_path / "draft.txt").read_text(encoding="utf-8")
    assert "（2025年3月2日）" in text and "张三" in text
    assert load_draft(tmp_path / "draft.json").fields["speaker"] == "张三"
    # An existing file is kept unless --force.
    before = (tmp_path / "draft.txt").read_bytes()
    result = runner.invoke(main, ["outline", "-t", "work_conference", "--topic", "别的主题",
                                  "-o", str(tmp_path / "draft.txt")])
    assert result.exit_code == 1 and "--force" in result.output
    assert (tmp_path / "draft.txt").read_bytes() == before
    result = runner.invoke(main, ["outline", "-t", "work_conference", "--topic", "别的主题",
                                  "-o", str(tmp_path / "draft.txt"), "--force"])
    assert result.exit_code == 0 and "别的主题" in (tmp_path / "draft.txt").read_text("utf-8")


def test_outline_command_errors():
    runner = CliRunner()
    result = runner.invoke(main, ["outline", "-t", "work_conference", "--topic", "x",
                                  "--set", "nonsense"])
    assert result.exit_code == 2 and "KEY=VALUE" in result.output
    result = runner.invoke(main, ["outline", "-t", "work_conference", "--topic", "x",
                                  "--set", "speakr=张三"])
    assert result.exit_code == 1 and "has no field 'speakr'" in result.output
    result = runner.invoke(main, ["outline", "-t", "work_conference", "--topic", "x",
                                  "-o", "draft.pdf"])
    assert result.exit_code == 1 and "suffix .pdf" in result.output
    result = runner.invoke(main, ["outline", "-t", "work_conference", "--topic", "x", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["format"] == "drafter-draft"


def test_refill_proposes_a_new_node_without_reusing_the_draft(small_bank):
    from drafter.draft.assemble import refill

    draft = assemble("party_lecture", {"topic": "作风建设"}, bank=small_bank, mode="full")
    target = draft.body[1].children[0]
    used = set(_phrase_ids(draft))
    seen = {target.heading}
    for seed in range(1, 4):
        new = refill(draft, target, "party_lecture", bank=small_bank, seed=seed)
        assert new.slot == target.slot and new.level == target.level
        assert new.heading not in {n.heading for n in draft.nodes()}
        assert not {i.phrase.id for i in new.items if i.phrase} & used
        seen.add(new.heading)
    assert len(seen) > 1


@pytest.mark.parametrize("name", sorted(GENRES))
def test_full_mode_keeps_the_outline_of_its_seed(name):
    # (Except where a template head gives way to the first sentence of the passage drawn
    # under it, which only a full draft has: slots with lead_heads.)
    from drafter.draft.templates import load_template

    def slots(specs):
        for spec in specs:
            yield spec
            if spec.children:
                yield from slots([spec.children])

    # (Nor where lengthening a point draws a paragraph on another, which comes in as a
    # further point of the part, after those the outline has, under its own mined head.)
    led = {spec.name for spec in slots(load_template(name).parts) if spec.lead_heads}

    def same(outlined, drafted):
        key = [(n.marker, n.slot, n.heading if n.slot not in led else "")
               for n in (outlined, drafted)]
        assert key[0] == key[1]
        assert len(drafted.children) >= len(outlined.children)
        for a, b in zip(outlined.children, drafted.children, strict=False):
            same(a, b)
        added = drafted.children[len(outlined.children):]
        assert all(n.phrase and n.phrase.kind == "heading" and not n.children
                   for n in added), [n.heading for n in added]

    for seed in range(4):
        outline = assemble(name, {"topic": "基层党组织建设"}, seed=seed, mode="outline")
        full = assemble(name, {"topic": "基层党组织建设"}, seed=seed, mode="full")
        for outlined, drafted in zip(outline.body, full.body, strict=True):
            same(outlined, drafted)


def test_expand_fills_an_edited_outline_without_touching_its_headings(small_bank):
    from drafter.draft.assemble import expand
    from drafter.draft.edit import DraftEditor

    draft = assemble("party_lecture", {"topic": "作风建设"}, bank=small_bank, mode="outline")
    editor = DraftEditor(draft)
    editor.set_heading((0, 1), "我改过的标题")
    editor.move_down((0, 0))
    heads = [(n.marker, n.heading) for n in draft.nodes()]
    before = len(plain_text(draft))
    expand(draft, bank=small_bank)
    assert [(n.marker, n.heading) for n in draft.nodes()] == heads
    assert draft.mode == "full" and len(plain_text(draft)) > before
    ids = _phrase_ids(draft)
    assert len(ids) == len(set(ids))


def test_no_passage_repeats_inside_another(small_bank):
    for seed in range(6):
        draft = assemble("party_lecture", {"topic": "作风建设"}, bank=small_bank, seed=seed,
                         mode="full")
        texts = [i.text for n in draft.nodes() for i in n.items if i.phrase]
        for a in texts:
            for b in texts:
                if a is not b:
                    core = a.split("“")[-1].rstrip("。”") if "“" in a else a
                    assert core not in b, (a, b)


def test_every_leaf_has_something_under_it():
    for name in GENRES:
        draft = assemble(name, {"topic": "安全生产"}, seed=1)
        for node in draft.nodes():
            assert node.children or node.items, (name, node.heading)


# -- true to the topic ---------------------------------------------------------------


def _on(kind, text, sections, domains, file="a.txt", path="一、测试", **extra):
    return Phrase(phrase_id(kind, text), text, kind, sections, status="approved", score=0.8,
                  domains=domains, sources=[Source(file, 3, path)], **extra)


@pytest.fixture
def topic_bank(tmp_path):
    """Safety material, organisation-department material, neutral material, and
    material bound to its source; a safety heading mined with its own paragraph."""
    safety = [_on("paragraph", f"安全生产事关人民群众生命财产安全。要压紧压实安全生产责任，第{i}次"
                  f"强调隐患排查治理，把{w}的风险隐患消除在萌芽状态。", ["significance"], ["safety"],
                  file=f"s{i}.txt", terms=["安全生产", "隐患排查", w, "专项整治"])
              for i, w in enumerate(("燃气", "消防", "交通", "危化品", "建筑施工", "矿山"))]
    # Terms as mining gives them: what the bank's statistics relate to 安全生产.
    own_head = _on("heading", "压紧压实企业安全生产主体责任", ["key_tasks"], ["safety"],
                   file="gas.txt", path="", level=2, terms=["主体责任", "专项整治"])
    heads = [_on("heading", text, ["key_tasks"], ["safety"], file=f"h{i}.txt", path="", level=2,
                 terms=[term, "专项整治"])
             for i, (text, term) in enumerate((("强化危化品安全风险管控", "危化品"),
                                               ("扎实推进安全生产专项整治工作", "专项整治")))]
    own_body = _on("paragraph", "企业是安全生产的责任主体。要督促企业主要负责人履行第一责任人职责，"
                   "全面排查生产经营场所，对发现的问题逐项整改销号，做到隐患不除不收兵。",
                   ["key_tasks"], ["safety"], file="gas.txt",
                   path="（一）压紧压实企业安全生产主体责任")
    others = [
        _on("paragraph", "组工干部要把讲政治贯穿组织工作全过程。组织部门是管党治党的重要部门，"
            "必须带头加强自身建设，锻造忠诚干净担当的高素质专业化组工干部队伍。",
            ["significance", "key_tasks"], ["party_building"],
            specifics=[["role", "组工干部"], ["role", "组织部门"]]),
        _on("paragraph", "全省安全生产形势总体平稳。要聚焦重点行业领域，深化隐患排查整治，"
            "坚决遏制重特大事故发生。", ["significance"], ["safety"]),
        _on("paragraph", "今年全市安全生产事故起数下降12.5%，隐患排查整治取得明显成效，"
            "为经济社会发展营造了安全稳定的环境。", ["significance"], ["safety"],
            specifics=[["figure", "12.5%"]]),
        _on("paragraph", "抓落实要敢于动真碰硬，对责任不落实、措施不到位的，要严肃问责，"
            "以责任落实倒逼工作落实，确保各项任务不折不扣落到实处。",
            ["safeguards"], ["general"]),
    ]
    phrases = [*safety, own_head, *heads, own_body, *others]
    bank = tmp_path / "bank"
    save_phrases(bank, phrases)
    with PhraseBank.open(bank, cache_dir=tmp_path / "cache") as opened:
        yield opened


def _texts(draft):
    return [i.text for n in draft.nodes() for i in n.items]


def test_a_draft_takes_only_its_topics_material_or_neutral_material(topic_bank):
    for seed in range(3):
        draft = assemble("work_conference", {"topic": "安全生产"}, bank=topic_bank, seed=seed,
                         mode="full")
        text = plain_text(draft)
        assert "组工干部" not in text and "组织部门" not in text  # another audience
        assert "12.5%" not in text  # another speech's figures
        assert "全省" not in text  # another level of government: the draft is 全市's
        assert any("安全" in t for t in _texts(draft))
        assert draft.topic["domains"][0][0] == "safety"


def test_a_heading_from_the_bank_brings_its_own_body(topic_bank):
    draft = assemble("work_conference", {"topic": "安全生产"}, bank=topic_bank, mode="full")
    node = next(n for n in draft.nodes() if n.heading == "压紧压实企业安全生产主体责任")
    assert node.items[0].role == "lead" and node.items[0].text == "企业是安全生产的责任主体。"
    assert node.items[1].text.startswith("要督促企业主要负责人")
    assert node.items[0].phrase.sources[0].file == "gas.txt"


def test_an_outline_expanded_to_full_gives_a_bank_heading_its_own_body(tmp_path):
    # DOCX 全文 of an outline had put passages on 商场超市…消防通道 under a head on 责任
    # 清单 (new user): the head's own body comes first there too, before a passage that
    # says its words more often.
    from drafter.draft.assemble import expand

    head = _on("heading", "压紧压实企业安全生产主体责任", ["key_tasks"], ["safety"],
               file="gas.txt", path="", level=2)
    body = _on("paragraph", "企业是安全生产的责任主体。要督促企业主要负责人履行第一责任人职责，"
               "全面排查生产经营场所，对发现的问题逐项整改销号，做到隐患不除不收兵。",
               ["key_tasks"], ["safety"], file="gas.txt", path="（一）压紧压实企业安全生产主体责任")
    louder = _on("paragraph", "压紧压实企业安全生产主体责任，要紧盯商场超市，企业安全生产主体责任"
                 "要落实到消防通道，确保安全出口畅通，企业主体责任一刻也不能放松。",
                 ["key_tasks"], ["safety"], file="mall.txt", path="二、消防")
    save_phrases(tmp_path / "bank", [head, body, louder])
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        draft = assemble("work_conference", {"topic": "安全生产"}, bank=bank)
        # The writer puts the bank's head on a point of the tasks, with nothing under it.
        node = next(n for n in draft.nodes() if not n.children and n.section == "key_tasks")
        node.heading, node.items = head.text, []
        node.phrase = PhraseRef(head.id, "heading", head.sources)
        expanded = expand(draft, bank=bank)
    node = next(n for n in expanded.nodes() if n.heading == head.text)
    assert node.items and node.items[0].phrase.id == body.id, node.items


def test_where_nothing_fits_a_gap_says_what_belongs_there(topic_bank):
    # The bank has nothing on 乡村振兴: tasks are a gap named for the topic, the draft
    # records it, and `drafter check` lists it.
    draft = assemble("work_conference", {"topic": "乡村振兴"}, bank=topic_bank, mode="full")
    text = plain_text(draft)
    assert "〔待补：乡村振兴的重点任务〕" in text
    assert "安全生产" not in "".join(_texts(draft))  # no other subject's material
    data = json.loads(draft.to_json())
    assert data["coverage"]["gaps"] >= 1
    assert "〔待补：乡村振兴的重点任务〕" in data["coverage"]["gap_texts"]
    assert data["topic"]["domains"][0][0] == "rural"


def test_gaps_in_the_opening_closing_and_prose_are_counted_and_listed():
    # A summary's opening ends 〔待补：逐一点评发言〕: the outline had said "0 gap(s) left".
    draft = assemble("summary_remarks", {"topic": "安全生产"})
    assert any("〔待补：逐一点评发言〕" in item.text for item in draft.opening)
    assert draft.gaps()[0] == "〔待补：逐一点评发言〕"
    before = draft.coverage()["gaps"]
    assert before == len(draft.gaps()) >= 1
    # A gap a writer types inside a passage, and one in the closing, count as well.
    draft.body[0].items.append(Item("要把〔待补：本地的具体数字〕落到实处。", role="paragraph"))
    draft.closing.append(Item("〔待补：结束语〕同志们，让我们……", role="prose"))
    # (In reading order: the body's gap before the closing's own, 会后分工, and the one added.)
    gaps = draft.gaps()
    assert gaps[-1] == "〔待补：结束语〕"
    assert gaps.index("〔待补：本地的具体数字〕") < gaps.index("〔待补：会后分工、牵头单位和完成时限〕")
    assert draft.coverage()["gaps"] == before + 2
    assert draft.coverage()["room_gaps"] >= 1
    assert "〔待补：逐一点评发言〕" in json.loads(draft.to_json())["coverage"]["gap_texts"]


def test_outline_says_what_it_understood_and_its_coverage(tmp_path):
    result = CliRunner().invoke(main, ["outline", "-t", "work_conference", "--topic", "安全生产",
                                       "-o", str(tmp_path / "d.json")])
    assert result.exit_code == 0, result.output
    assert "安全生产工作" in result.output and "safety" in result.output
    assert "from the bank" in result.output
    result = CliRunner().invoke(main, ["outline", "-t", "work_conference", "--topic", "集邮活动",
                                       "-o", str(tmp_path / "e.json")])
    assert "not placed" in result.output
    assert "warning: the phrasebank has nothing on this topic" in result.output
    # A topic of every field (人才) that the bank has passages on is drafted from those:
    # said so, not "only passages that name it … add cue words".
    result = CliRunner().invoke(main, ["outline", "-t", "work_conference", "--topic",
                                       "全市人才工作会议", "-o", str(tmp_path / "f.json")])
    assert "placed in no one domain: drafted from the" in result.output
    assert "add cue words" not in result.output and "warning" not in result.output


@pytest.mark.parametrize("topic, shape, task", [
    ("安全生产", "area", "安全生产工作"), ("加强作风建设", "noun", "作风建设"),
    ("优化营商环境", "verb", "优化营商环境工作"), ("推进乡村振兴", "area", "乡村振兴工作"),
    ("学习贯彻党的二十届四中全会精神", "verb", "学习贯彻党的二十届四中全会精神工作"),
    ("组织工作高质量发展", "area", "组织工作高质量发展"),
    # As writers type topics: with the jurisdiction, the meeting, or a second part.
    ("全县安全生产工作", "area", "安全生产工作"), ("防汛救灾工作总结", "area", "防汛救灾工作"),
    ("深入贯彻中央八项规定精神 推进作风建设常态化长效化", "verb", "贯彻中央八项规定精神工作"),
    # Compound verbs are read whole: not 和发展新时代…; 学习运用 as 学习贯彻.
    ("坚持和发展新时代枫桥经验", "noun", "新时代枫桥经验"),
    ("学习运用千万工程经验", "verb", "学习运用千万工程经验工作"),
    # A verb that only governs its object (开展…) leaves the object; one that holds it
    # (牢牢掌握…) keeps the topic a verb phrase, no work (not 做好牢牢掌握… as a noun, nor
    # 推动掌握意识形态工作领导权工作落地见效, a blind judge of stop 61).
    ("深入开展党纪学习教育", "area", "党纪学习教育工作"),
    ("牢牢掌握意识形态工作领导权", "verb", "掌握意识形态工作领导权"),
    # A process or a thing grown, typed with its verb, is done as typed (not 做好新型
    # 工业化, 做好新型农村集体经济: blind judges of stop 61).
    ("推进新型工业化", "noun", "推进新型工业化工作"),
    ("发展壮大新型农村集体经济", "noun", "发展壮大新型农村集体经济工作"),
    ("全面推行河湖长制", "noun", "推行河湖长制工作"),
    # A team forged (锻造 is a light verb, not a word of the topic: a blind judge of stop
    # 61 read three passages on forging other things in a 党课 on it).
    ("锻造新时代政法铁军", "noun", "锻造新时代政法铁军工作"),
    # A power is built, not done (做好金融强国: a blind judge of stop 62).
    ("金融强国", "noun", "金融强国建设"), ("加快建设教育强省", "noun", "教育强省建设"),
    # A spirit people showed is carried on, a text's carried out (贯彻落实科学家精神: a
    # blind judge of stop 62).
    ("科学家精神", "verb", "弘扬科学家精神工作"),
    ("二十届三中全会精神", "verb", "贯彻落实二十届三中全会精神工作"),
    # A view held is carried out, one's own set up (做好总体国家安全观: the same judge).
    ("总体国家安全观", "verb", "贯彻落实总体国家安全观工作"),
    ("正确政绩观", "verb", "树立正确政绩观工作"), ("城市景观", "noun", "城市景观"),
    # A one-character verb of a slogan, not the first character of a word.
    ("稳就业", "verb", "稳就业工作"), ("保障性住房建设", "noun", "保障性住房建设"),
    # Two slogans in a row: each verb's object, once (not 就业保就业, not 外贸稳外资).
    ("稳就业保就业工作", "verb", "稳就业保就业工作"), ("稳外贸稳外资", "verb", "稳外贸稳外资工作"),
    # The means, then the end: the end is the subject.
    ("抓党建促基层治理", "verb", "抓党建促基层治理工作"),
    # 实施 only governs its object; 树立和践行 is one verb.
    ("实施城市更新行动", "noun", "城市更新行动各项工作"),
    # A campaign is done through its tasks; a task already a 工作 takes no second one.
    ("深入打好污染防治攻坚战", "noun", "污染防治攻坚战各项工作"),
    ("全市优化营商环境工作", "verb", "优化营商环境工作"),
    ("健全养老服务体系", "noun", "养老服务体系建设"),
    ("树立和践行正确政绩观", "verb", "树立和践行正确政绩观工作"),
    ("牢固树立和践行总体国家安全观", "verb", "树立和践行总体国家安全观工作"),
    # A text's spirit is carried out, with the writer's verb when they gave one.
    ("锲而不舍落实中央八项规定精神", "verb", "落实中央八项规定精神工作"),
    ("全会精神", "verb", "贯彻落实全会精神工作"),
    # A meeting of people is on their field of work.
    ("全市民营企业家座谈会", "area", "民营经济工作"), ("全县人大代表座谈会", "area", "人大工作"),
    ("全县在外乡贤新春座谈会", "area", "在外乡贤工作"),
    # How carefully it is pushed is no part of it (not 推动稳慎推进…).
    ("稳慎推进农村宅基地制度改革", "area", "农村宅基地制度改革"),
    ("全县退役军人代表座谈会", "area", "退役军人工作"),
    # Two light verbs govern together; what is built is built.
    ("加快建设法治政府", "noun", "法治政府建设"),
    ("学习弘扬红旗渠精神", "verb", "学习弘扬红旗渠精神工作"),
    ("全市2025年巡察工作动员部署会议", "area", "巡察工作"),
    ("爱国卫生运动", "noun", "爱国卫生运动各项工作"),
    # A title campaigned for is done as a 工作 (not 做好创建全国文明城市).
    ("创建全国文明城市", "noun", "创建全国文明城市工作"),
    # Verbs each done 好 govern the noun after them, as do two joined by 和 (judges 75-77:
    # 坚持和运用好民主集中制 had been read as 和运用好民主集中制, and drafted empty).
    ("坚持好完善好运行好人民代表大会制度", "noun", "人民代表大会制度"),
    # …verbs of one character too (judge 93: 学好用好 had been the topic's words, and its
    # 党课 drew 用好红色资源 and 选好用好 passages).
    ("学好用好党内法规", "noun", "党内法规"),
    ("坚持和运用好民主集中制", "noun", "民主集中制"),
    ("坚持和贯彻民主集中制", "noun", "民主集中制"),
    # (…and 发扬: judge 214's 党课 on 和发扬实事求是思想路线 had no passage.)
    ("坚持和发扬实事求是思想路线", "noun", "实事求是思想路线"),
    # The year and the jurisdiction in either order; a day a profession is honoured on is
    # on that profession's field.
    ("2025年全市民政工作会议", "area", "民政工作"),
    ("庆祝第8个中国医师节座谈会", "area", "医疗卫生工作"),
    ("全市庆祝第41个教师节座谈会", "area", "教育工作"),
    # …with its number-day (五四, 三八, 八一) and those any day gathers (代表, 军地).
    ("五四青年节青年代表座谈会", "area", "青年工作"),
    ("八一建军节军地座谈会", "area", "双拥工作"),
    ("三八妇女节妇女代表座谈会", "area", "妇女工作"),
    ("庆祝五一国际劳动节劳动模范座谈会", "area", "劳模工作"),
    # A course is held to, not done as a 工作.
    ("坚持我国宗教中国化方向", "verb", "坚持我国宗教中国化方向"),
    # A spirit carried on, held to as a 工作 is not (judges 158, 159); straight quotes
    # typed are curly ones.
    ('传承弘扬"两弹一星"精神', "verb", "传承弘扬“两弹一星”精神"),
    ('全市"十五五"规划编制工作动员部署会议', "area", "“十五五”规划编制工作"),
    # A conviction made firm, a book studied, a cost cut: things done, not nouns.
    ("坚定理想信念 筑牢信仰之基", "verb", "坚定理想信念工作"),
    ("学习《党委会的工作方法》", "verb", "学习《党委会的工作方法》工作"),
    # An article's title says how it treats its subject (…的实践路径).
    ("有效降低全社会物流成本的实践路径", "verb", "降低全社会物流成本工作"),
    # What is raised is a work's capacity: the work is the subject.
    ("提升城市防震减灾能力", "area", "城市防震减灾工作"),
    # A crime fought is a work (做好打击治理…工作, not 做好打击治理电信网络诈骗: judge 162).
    ("全市打击治理电信网络诈骗工作会议", "verb", "打击治理电信网络诈骗工作")])
def test_frames_take_the_topic_in_a_form_that_fits(topic, shape, task):
    from drafter.draft.templates import derived_variables, led_by
    from drafter.draft.topic import leads_with_verb

    values = derived_variables({"topic": topic})
    assert (values["shape"], values["task"]) == (shape, task)
    text = plain_text(assemble("work_conference", {"topic": topic}))
    if values["inward"]:
        # What one holds to is no work done well: 围绕坚定理想信念, not 做好坚定理想信念工作.
        assert f"围绕{values['doing']}" in text and f"做好{task}" not in text
        return
    # (A development is pushed: 推动组织工作高质量发展, not 做好…; a task led by a verb of
    # its own takes no 做好: 坚持我国宗教中国化方向, not 做好坚持…, judge 148.)
    done = "推动" if task.endswith("高质量发展") else "做好"
    assert led_by(task, done) in text
    if leads_with_verb(task) and not task.endswith("工作"):
        assert f"做好{task}" not in text
    # (Only a task of the Party that is never finished is 永远在路上: 作风建设永远在路上
    # is said, 学习贯彻…精神永远在路上 is not.)
    assert values["endless"] or "永远在路上" not in text


@pytest.mark.parametrize("genre", ["theory_article", "party_lecture", "seminar_statement"])
def test_tasks_joined_go_into_frames_by_what_they_are_done_to(genre):
    # 发扬斗争精神、增强斗争本领 had been framed 把斗争精神、增强斗争本领贯穿到… and
    # 让斗争精神、增强斗争本领历久弥坚: the first verb off, the second left on.
    from drafter.draft.templates import derived_variables

    values = derived_variables({"topic": "发扬斗争精神、增强斗争本领"})
    assert values["subject"] == "斗争精神和斗争本领"
    assert values["task"] == "发扬斗争精神、增强斗争本领"  # no 工作 after tasks joined
    text = plain_text(assemble(genre, {"topic": "发扬斗争精神、增强斗争本领"}))
    assert "斗争精神和斗争本领" in text
    assert not re.search("[把让从]斗争精神、增强", text)
    assert "增强斗争本领工作" not in text
    # A list of nouns is no list of tasks.
    assert derived_variables({"topic": "宣传、思想、文化工作"})["subject"] == "宣传、思想、文化工作"


@pytest.mark.parametrize("mode", ["outline", "full"])
def test_a_seminar_statement_asks_for_the_speakers_own_shortfalls(mode):
    # Three judges missed 查摆差距 in every 研讨发言: the part stands between what was
    # learnt and what is to be done, with a gap for what only the speaker knows, and
    # nothing of the bank's (no one else's shortfalls).
    draft = assemble("seminar_statement", {"topic": "年轻干部教育管理监督"}, mode=mode)
    headings = [node.heading for node in draft.body]
    part = next(n for n in draft.body if "差距" in n.heading)
    assert 1 < headings.index(part.heading) < len(headings) - 1
    assert [i.role for i in part.items] == ["placeholder"] and not part.children
    assert "年轻干部教育管理监督" in part.items[0].text and "查摆" in part.items[0].text
    assert part.items[0].text in draft.gaps()
    # 换一批 on it brings the same request back, not an empty part.
    assert [i.text for i in refill(draft, part, "seminar_statement").items] == [
        part.items[0].text]


def test_one_thing_missing_is_asked_for_once_in_a_part(tmp_path):
    # A signed article's third part had two topic-free template heads over one
    # 〔待补：粮食安全的保障机制〕 each: the second goes; a part with nothing but such
    # heads keeps one gap.
    for topic in ("粮食安全", "集邮活动", "发扬斗争精神、增强斗争本领"):
        draft = assemble("theory_article", {"topic": topic}, mode="full")
        for node in draft.nodes():
            bare = [child for child in node.children if child.phrase is None
                    and not child.children and child.items
                    and all(i.role == "placeholder" for i in child.items)]
            asked = [gap for child in bare for gap in child.gaps()]
            assert len(asked) == len(set(asked)), (topic, node.heading, asked)
            assert not (len(node.children) == 1 and bare), (topic, node.heading)
    # The outline keeps the template's heads: it is the frame a writer fills.
    outline = assemble("theory_article", {"topic": "集邮活动"})
    assert len(outline.body[-1].children) == 3


def test_different_topics_get_different_drafts():
    drafts = {t: assemble("work_conference", {"topic": t}, mode="full")
              for t in ("安全生产", "乡村振兴", "作风建设")}
    bodies = {t: set(_texts(d)) for t, d in drafts.items()}
    for a in bodies:
        for b in bodies:
            if a != b:
                assert len(bodies[a] & bodies[b]) <= len(bodies[a]) // 4
    assert len([t for t in _texts(drafts["安全生产"]) if t]) >= 12


def test_the_topics_jurisdiction_is_the_speechs():
    draft = assemble("work_conference", {"topic": "全县安全生产工作"}, mode="full")
    assert draft.title == "在全县安全生产工作会议上的讲话"
    assert draft.fields["organisation"] == "全县"
    assert "全市" not in "".join(_texts(draft))  # another level of government


def test_a_topic_typed_as_a_meeting_or_with_quotes_reads_right():
    draft = assemble("summary_remarks", {"topic": "全市民营企业家座谈会"})
    assert draft.title == "在全市民营企业家座谈会上的总结讲话"
    text = plain_text(assemble("seminar_statement",
                               {"topic": "学习运用“千万工程”经验 推进乡村全面振兴"}))
    # (Inside a sentence the title's two parts are joined with 、, not its space.)
    assert "围绕“学习运用‘千万工程’经验、推进乡村全面振兴”" in text


def test_material_of_a_field_stands_for_the_field_not_for_one_subject_in_it(tmp_path):
    # A safety paragraph that names no subject fits a speech on 安全生产 (the whole
    # field: most of the field's phrases name it) but not one on 防汛 (one subject in it).
    duty = "要严格落实领导带班和24小时值班制度，保持通信畅通，遇到紧急情况第一时间报告、第一时间处置。"
    phrases = [
        *[_on("paragraph", f"安全生产是发展的底线。要压实安全生产责任，第{i}次部署隐患排查，"
              "推动各项措施落到实处，坚决遏制事故发生。", ["significance"], ["safety"],
              file=f"s{i}.txt", terms=["安全生产", "隐患排查"]) for i in range(6)],
        _on("paragraph", duty, ["significance", "key_tasks"], ["safety"], file="duty.txt",
            terms=["值班", "带班"]),
    ]
    save_phrases(tmp_path / "bank", phrases)
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        field = assemble("work_conference", {"topic": "安全生产"}, bank=bank, mode="full")
        one = assemble("work_conference", {"topic": "防汛"}, bank=bank, mode="full")
    assert field.topic["field_share"] > 0.5 and one.topic["field_share"] == 0
    assert any("值班" in t for t in _texts(field))
    assert not any("值班" in t or "安全生产" in t for t in _texts(one))


def test_a_section_type_that_is_the_topic_brings_its_material(tmp_path):
    # 基层党组织建设 is the 基层组织 section type itself: its material stands for the topic
    # though it never says 基层党组织; a 作风建设 speech does not take it.
    cover = "针对快递员、外卖配送员流动性强的特点，依托行业协会和平台企业建立党组织，做到哪里有群众哪里就有党的工作。"
    phrases = [
        _on("paragraph", cover, ["grassroots", "key_tasks"], ["party_building"], file="c.txt",
            terms=["快递员", "配送员"]),
        *[_on("paragraph", f"作风建设永远在路上。要锲而不舍落实中央八项规定精神，第{i}次纠治形式主义、"
              "官僚主义，以优良作风推动各项工作落实。", ["work_style"], ["party_building"],
              file=f"w{i}.txt", terms=["作风建设", "八项规定"]) for i in range(4)],
    ]
    save_phrases(tmp_path / "bank", phrases)
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        # 研讨发言's 务实举措 part takes 基层组织 material among others.
        own = assemble("seminar_statement", {"topic": "基层党组织建设"}, bank=bank, mode="full")
        other = assemble("seminar_statement", {"topic": "作风建设"}, bank=bank, mode="full")
    assert own.topic["sections"] == ["grassroots"] and other.topic["sections"] == ["work_style"]
    assert any("快递员" in t for t in _texts(own))
    assert not any("快递员" in t for t in _texts(other))


def test_two_passages_opening_on_one_point_are_not_both_drawn(tmp_path):
    first = ("做好安全生产，最重要的是把责任压实到每一个岗位。各级各部门要建立责任清单，"
             "明确责任人和完成时限，做到守土有责、守土负责、守土尽责。")
    second = ("做好安全生产，要把责任压实到每一个岗位：谁主管谁负责，谁审批谁负责，"
              "谁经营谁负责，不留死角、不留盲区，确保每一项工作都有人抓、有人管。")
    phrases = [_on("paragraph", text, ["significance"], ["safety"], file=f"o{i}.txt",
                   terms=["安全生产", "压实"]) for i, text in enumerate((first, second))]
    save_phrases(tmp_path / "bank", phrases)
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        for seed in range(3):
            draft = assemble("work_conference", {"topic": "安全生产"}, bank=bank, seed=seed,
                             mode="full")
            drawn = [t for t in _texts(draft) if "压实到每一个岗位" in t]
            assert len(drawn) == 1, drawn


@pytest.mark.parametrize("topic, has, lacks", [
    # The rest of a subject once its generic tail is peeled off names it too.
    ("粮食安全", {"粮食安全", "粮食"}, set()),
    ("养老服务体系建设", {"养老服务", "养老"}, set()),
    ("国家安全", {"国家安全"}, {"国家"}),  # 国家 names every theme
    # A cue word that begins or ends a longer one; not one in its middle (党组 of 党组织).
    ("防范化解地方债务风险", {"地方债务", "债务"}, set()),
    ("基层党组织建设", {"基层党组织"}, {"党组", "党组织"}),
    ("城市更新", {"城市更新"}, {"更新", "城市"}),  # 设备更新 is no 城市更新
    # A generic tail that is a cue word (高质量发展) is not the topic's word.
    ("县域经济高质量发展", {"县域经济"}, {"高质量发展"}),
    # …nor how any subject is to go.
    ("在全市房地产市场平稳健康发展工作会议上的讲话", {"房地产"}, {"健康发展", "房地产市场平稳健康"}),
    ("全市残疾人事业发展座谈会", {"残疾人"}, {"事业发展"}),
    ("推动开发区高质量发展", {"开发区"}, {"高质量发展"}),
    # A two-character piece from the middle of a name is another word's (工商 of
    # 个体工商户 is 工商联's); a subject inside a longer name is one (国家安全).
    ("全市个体工商户发展座谈会", {"个体工商户"}, {"工商"}),
    # The tail of a rarer compound is not the topic's word (成果转化 of 地名普查成果转化);
    # a short name writers use is (科普).
    ("全市地名工作会议暨第二次全国地名普查成果转化应用部署会", {"地名"}, {"成果转化"}),
    ("全市科学技术普及工作座谈会", {"科普"}, set()),
    # What any subject is called or asked of is no word of it.
    ("中心组专题学习研讨发言：牢牢把握高质量发展这个首要任务", {"高质量发展"}, {"首要任务"}),
    ("七一专题党课：把党的政治建设摆在首位", {"政治建设"}, {"摆在首位"}),
    ("全市社会组织和行业协会商会负责人座谈会", {"社会组织", "商会"}, {"负责人"}),
    ("专题党课：提高领导干部抓落实的能力", set(), {"抓落实", "领导干部抓落实的"}),
    ("庆祝五一国际劳动节劳动模范座谈会", {"劳模", "劳模精神"}, {"庆祝", "国际"}),
    ("牢固树立和践行总体国家安全观", {"总体国家安全观"}, set()),
    # …nor the end a subject serves (以新型工业化引领高质量发展 is on 新型工业化).
    ("以新型工业化引领高质量发展", {"新型工业化"}, {"高质量发展"}),
    # A subject opening on where its work is done is named without it too.
    ("提升城市防震减灾能力", {"防震减灾"}, set()),
    # How two subjects meet is no subject.
    ("推动先进制造业和现代服务业深度融合", {"先进制造业", "现代服务业"}, {"深度融合"}),
    # Short names writers use.
    ("统一战线工作", {"统一战线", "统战"}, set()),
    ("文化旅游融合发展", {"文旅"}, set()),
    # Where the work is done is not what it is (基层 of 基层治理); the end, not the means.
    ("抓党建促基层治理", {"基层治理"}, {"基层", "党建"}),
    # What is done alone is another subject's (网格事项准入审核), as is a quality cut off
    # its noun (党内规范性文件) or its stem (合法权益): judge 72.
    ("行政规范性文件合法性审核", {"合法性审核"}, {"审核", "规范性", "合法"}),
    # A word cut across the subject's name to its tail, of another field, is not it
    # (文化建设 of 党内政治文化建设 had drawn 社区文化建设: judge 101); one of the same
    # field (组织建设) or a rare piece of the name (侨务工作, 课后服务) is.
    ("加强党内政治文化建设", {"党内政治文化"}, {"文化建设"}),
    ("基层党组织建设", {"基层党组织", "组织建设"}, set()),
    ("做好新时代侨务工作", {"侨务工作"}, set()),
    ("中小学课后服务工作座谈会", {"课后服务"}, set()),
    # A field's industry is not the field, which is its 事业 as much (全民健身), when the
    # bank says the industry in few of the passages saying the field (a blind judge, stop
    # 59).
    ("推动体育产业高质量发展", {"体育产业"}, {"体育"})])
def test_a_topic_is_read_as_the_words_its_material_uses(topic, has, lacks):
    from drafter.draft.topic import understand

    words = set(understand(topic, PhraseBank.open()).words)
    assert has <= words and not lacks & words


def test_a_section_type_is_the_topic_only_by_a_word_that_names_it():
    from drafter.draft.topic import subject_sections

    assert subject_sections("教育强国建设") == []  # 教育 of 学习教育 names no subject
    assert subject_sections("基层党组织建设") == ["grassroots"]
    # 基层 inside 为基层减负 (a 作风 cue) does not make the topic 基层组织 work.
    assert subject_sections("整治形式主义为基层减负") == ["work_style"]


def test_a_practice_the_sections_passages_seldom_name_is_not_the_section():
    """巡察 is a cue of 纪律, but 3 of the bank's 430 纪律 passages say it: 巡察整改 is one
    practice of the section, not the section, whose 反腐败斗争形势 and 网络言行 passages a
    研讨发言 on 巡察整改 had taken (a blind judge, stop 59)."""
    from drafter.draft.topic import subject_sections

    bank = PhraseBank.open()
    assert subject_sections("巡察整改落实", bank) == []
    assert subject_sections("基层党组织建设", bank) == ["grassroots"]
    assert subject_sections("作风纪律", bank) == ["work_style", "discipline"]
    said = _said(assemble("seminar_statement", {"topic": "抓好巡察整改落实"}, bank,
                          mode="full"))
    assert sum("巡察" in t for t in said) >= 4, said
    assert not [t for t in said if "反腐败斗争" in t or "网络" in t], said


def _drawn(tmp_path, phrases, topic, template="work_conference", seeds=3):
    """Every item's text of full drafts on ``topic`` from a bank of ``phrases``, over a
    few seeds (what a draft may take, not one seed's pick), and every head not drawn
    from the bank (a passage's first sentence may be one: see SlotSpec.lead_heads)."""
    with _task_bank(tmp_path, phrases) as bank:
        drafts = [assemble(template, {"topic": topic}, bank=bank, seed=seed, mode="full")
                  for seed in range(seeds)]
    return [t for draft in drafts for t in _texts(draft)] + [
        node.heading for draft in drafts for node in draft.nodes() if node.phrase is None]


def _task_bank(tmp_path, phrases):
    save_phrases(tmp_path / "bank", phrases)
    return PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache")


def _own_subjects(topic):
    """The subject tags of the bundled bank's passages written for ``topic``'s subject."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    drafting = _Assembler(load_template("work_conference"), {"topic": topic},
                          PhraseBank.open(), 0, "full")
    return {b for c in drafting._own_written.values() for b in c.binds}


def _without_room(items):
    """A point's items less the gaps a full draft short of its genre's length leaves for
    the place's own material (which a bank of a few phrases always is)."""
    return [i for i in items if not ROOM_GAP_RE.fullmatch(i.text)]


def _mined_units(heads, sections, domains, stem, terms=(), body_terms=None):
    """Headings each mined with its body, numbered （一）（二）… in files ``stem``0.txt …"""
    return [phrase for i, (head, body) in enumerate(heads)
            for phrase in _mined_unit(head, body, sections, domains, f"{stem}{i}.txt",
                                      f"（{'一二三四五六七八九'[i]}）", terms, body_terms)]


def _mined_unit(head, body, sections, domains, file, marker, terms=(), body_terms=None):
    """A heading mined with its body, as the miner files them: the paragraph's source
    path is the heading under its marker (（一）…), which makes the two one unit."""
    body_terms = terms if body_terms is None else body_terms
    return [_on("heading", head, sections, domains, file=file, path="", level=2,
                terms=list(terms)),
            _on("paragraph", body, sections, domains, file=file, path=f"{marker}{head}",
                terms=list(body_terms))]


def test_a_few_points_of_the_topic_stand_where_the_template_has_no_set(tmp_path):
    # Two task heads of 消防 in the bank, each mined with its body: the tasks part has two
    # points, each with its own body, not a gap; the second head's body is not drawn under
    # the first.
    heads = [("筑牢基层消防安全防线", "火灾防控的薄弱点大多在基层。要推动乡镇明确消防工作机构和人员，"
              "把消防巡查纳入网格员日常工作。"),
             ("推进电动车消防安全治理", "电动自行车火灾已成为突出风险。要整治楼道停放、飞线充电，"
              "加快建设集中充电设施，消防部门要加强检查。")]
    phrases = _mined_units(heads, ["key_tasks"], ["safety"], "f", terms=["消防"])
    with _task_bank(tmp_path, phrases) as bank:
        draft = assemble("work_conference", {"topic": "消防安全"}, bank=bank, mode="full")
    tasks = next(n for n in draft.body if n.slot == "tasks")
    assert sorted(c.heading for c in tasks.children) == sorted(h for h, _ in heads)
    for child in tasks.children:
        body = dict(heads)[child.heading]
        assert "".join(i.text for i in _without_room(child.items)) == body


def test_a_head_whose_body_names_the_topic_is_drawn_for_it(tmp_path):
    # 培育壮大新兴产业 does not say 新质生产力; the paragraph mined under it does.
    phrases = _mined_units((
        ("培育壮大新兴产业", "新兴产业是发展新质生产力的主阵地。要聚焦新能源、新材料等赛道，"
         "招引一批链主企业，打造产业集群。"),
        ("推动传统产业转型升级", "传统产业是新质生产力的重要来源。要实施技术改造工程，"
         "推动企业数字化转型，提高全要素生产率。")),
        ["key_tasks"], ["innovation"], "n", terms=["新兴产业"], body_terms=["新质生产力"])
    with _task_bank(tmp_path, phrases) as bank:
        draft = assemble("work_conference", {"topic": "发展新质生产力"}, bank=bank, mode="full")
    heads = {n.heading for n in draft.nodes()}
    assert {"培育壮大新兴产业", "推动传统产业转型升级"} <= heads


def test_a_passage_whose_point_is_another_fields_subject_stays_out(tmp_path):
    # Its paragraph names 消防 once in passing; its first sentence is about 文旅.
    tourism = ("口碑是文旅最好的广告。要健全文旅市场综合监管，压实景区安全主体责任，"
               "抓好消防、游乐设施等安全检查，决不能让安全事故砸了招牌。")
    duty = ("督导检查要动真碰硬。要采取明查暗访、随机抽查等方式开展督导检查，"
            "对整改不力的通报批评、挂牌督办。")
    phrases = [_on("paragraph", tourism, ["safeguards"], ["safety"], file="t.txt",
                   terms=["文旅", "消防"]),
               _on("paragraph", duty, ["safeguards"], ["general"], file="d.txt",
                   terms=["督导检查"])]
    texts = _drawn(tmp_path, phrases, "消防安全")
    assert not any("文旅" in t for t in texts)


def test_a_gap_under_a_template_head_asks_for_what_the_head_names():
    # 集邮活动 is placed nowhere: the 党课's third part stands on the template's heads,
    # each with a gap saying what it wants (理论武装, 保障机制), not all 重点任务.
    draft = assemble("party_lecture", {"topic": "集邮活动"}, mode="full")
    gaps = {n.heading: n.items[0].text for n in draft.nodes()
            if n.items and n.items[0].role == "placeholder"}
    assert gaps["在强化理论武装上下功夫"] == "〔待补：集邮活动的理论武装〕"
    assert gaps["在健全制度机制上下功夫"] == "〔待补：集邮活动的保障机制〕"


def test_a_passage_on_another_subject_that_names_the_topic_in_passing_stays_out(tmp_path):
    # An 养老 speech (one subject of 民生): a 托育 passage that goes on to 一老一小, a
    # list that names 养老 among others, and a head whose own body is on 化债 stay out;
    # the passage on 养老 itself and the neutral method stay in.
    own = ("养老问题关乎家家户户。人口老龄化持续加深，失能照护需求越来越多，"
           "养老服务体系建设必须早作准备、主动应对。")
    childcare = ("托育服务关系家庭幸福。年轻父母普遍面临没人带的难题，统筹推进托育服务和养老服务，"
                 "解决好一老一小问题，必须抓紧抓好。")
    listing = ("聚焦教育收费、医疗卫生、养老社保、低保救助等民生领域，严肃查处优亲厚友、"
               "吃拿卡要等问题，让养老、托育、助残等资金用在刀刃上。")
    debt_head, debt = "坚持底线思维、统筹推进", ("化解债务要有打持久战的准备。要坚持底线思维，"
                                       "统筹好化债与发展的关系，对地方债务分类施策。")
    method = ("调查研究是谋事之基。要多到基层一线去，听真话、察实情，把情况摸清楚、"
              "把对策研究透，坚决防止拍脑袋决策。")
    phrases = [
        _on("paragraph", own, ["significance"], ["livelihood"], file="o.txt", terms=["养老"]),
        _on("paragraph", childcare, ["significance"], ["livelihood"], file="c.txt",
            terms=["托育", "婴幼儿"]),
        _on("paragraph", listing, ["significance"], ["livelihood"], file="l.txt",
            terms=["民生", "低保"]),
        _on("heading", debt_head, ["safeguards"], ["general"], file="d.txt", path="", level=2),
        _on("paragraph", debt, ["safeguards"], ["general"], file="d.txt", path=f"（一）{debt_head}",
            terms=["化债"]),
        _on("paragraph", method, ["work_methods", "safeguards"], ["general"], file="m.txt",
            terms=["调查研究"]),
        # The rest of 民生: 养老 is one subject of it, not the whole field.
        *[_on("paragraph", f"就业是最基本的民生，第{i}次部署稳岗拓岗，要让更多劳动者实现就业。",
              ["key_tasks"], ["livelihood"], file=f"j{i}.txt") for i in range(20)],
    ]
    with _task_bank(tmp_path, phrases) as bank:
        drafts = [assemble("work_conference", {"topic": "养老服务体系建设"}, bank=bank, seed=seed,
                           mode="full") for seed in range(3)]
    texts = [t for d in drafts for t in _texts(d)]
    heads = [n.heading for d in drafts for n in d.nodes()]
    assert any("失能照护" in t for t in texts), texts
    assert not any("托育" in t or "教育收费" in t or "化债" in t for t in texts), texts
    assert debt_head not in heads


def test_passages_stand_where_they_do_their_job(tmp_path):
    # A passage that deploys tasks is not drawn under 重大意义, however much it names the
    # topic; one on why the topic matters is.
    why = "粮食安全是国之大者。手中有粮、心中不慌，粮食安全任何时候都不能放松。"
    tasks = "要稳定粮食播种面积，把粮食生产目标分解到县乡，确保粮食面积只增不减。"
    phrases = [_on("paragraph", why, ["significance"], ["rural"], file="w.txt"),
               _on("paragraph", tasks, ["key_tasks", "significance"], ["rural"], file="t.txt")]
    with _task_bank(tmp_path, phrases) as bank:
        draft = assemble("work_conference", {"topic": "粮食安全"}, bank=bank, mode="full")
    situation = next(n for n in draft.body if n.slot == "situation")
    said = "".join(i.text for i in situation.items)
    assert "国之大者" in said and "播种面积" not in said


def test_words_every_subject_of_a_field_says_do_not_make_a_passage_anothers(tmp_path):
    # 火灾防控 opens a 消防 passage: 防控 and 隐患 are said of every subject of 安全 (broad
    # cues), so the passage stays; one that opens on 托育 does not.
    fire = ("火灾防控的薄弱点大多在基层。要推动乡镇明确消防工作机构，把消防巡查纳入网格员日常工作，"
            "加大出租屋隐患排查力度。")
    childcare = ("托育机构安全是家长最关心的事。要督促托育机构落实消防安全责任，"
                 "定期开展消防演练。")
    phrases = [_on("paragraph", p, ["significance"], ["safety"], file=f"{i}.txt")
               for i, p in enumerate((fire, childcare))]
    phrases += [_on("paragraph", f"道路交通安全要常抓不懈，第{i}次部署重点车辆整治。", ["key_tasks"],
                    ["safety"], file=f"r{i}.txt") for i in range(20)]
    texts = _drawn(tmp_path, phrases, "消防安全")
    assert any("火灾防控" in t or "网格员" in t for t in texts)
    assert not any("托育" in t for t in texts)


def test_a_speech_on_one_plenum_takes_nothing_on_another():
    from drafter.draft.topic import understand

    topic = "学习贯彻党的二十届四中全会精神"
    words = understand(topic, PhraseBank.open()).words
    assert "学习贯彻" not in words and "全会精神" not in words  # said of every plenum
    text = "".join(_texts(assemble("work_conference", {"topic": topic}, mode="full")))
    assert "三中全会" not in text and "六中全会" not in text


def test_a_sentence_said_once_is_not_said_again_and_heads_on_one_object_are_one(tmp_path):
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    with _task_bank(tmp_path, [_on("paragraph", "安全生产要常抓不懈。", ["safeguards"],
                                   ["safety"])]) as bank:
        assembler = _Assembler(load_template("work_conference"), {"topic": "安全生产"}, bank,
                               0, "full")
        assembler._remember("抓安全要未雨绸缪。宁可十防九空，不可失防万一。各级要高度重视。")
        # One sentence said again in another passage is a repeat, however different the rest.
        assert assembler._repeats("防汛工作千头万绪。宁可十防九空，不可失防万一。要压实责任。")
        assert not assembler._repeats("防汛工作千头万绪。要压实责任到人，确保万无一失。")
        assert assembler._alike("压紧压实安全生产责任", "严格落实安全生产责任")
        assert not assembler._alike("压紧压实安全生产责任", "深化安全生产专项整治")


def test_a_county_by_its_name_stays_out_unless_the_writer_gave_it(tmp_path):
    named = ("对清溪县这样一个农业人口占六成的山区县来说，乡村振兴是最大的民生。"
             "要把乡村振兴作为全县工作的重中之重来抓。")
    plain = "乡村振兴是最大的民生。对一个农业县来说，要把乡村振兴作为全县工作的重中之重来抓。"
    phrases = [_on("paragraph", p, ["significance"], ["rural"], file=f"{i}.txt")
               for i, p in enumerate((named, plain))]
    with _task_bank(tmp_path, phrases) as bank:
        other = _texts(assemble("work_conference", {"topic": "全县乡村振兴工作"}, bank=bank,
                                mode="full"))
        # The two passages say nearly the same, so a draft takes one of them: over a few
        # seeds, the named one too.
        own = [t for seed in range(4) for t in _texts(assemble(
            "work_conference", {"topic": "全县乡村振兴工作", "organisation": "清溪县"},
            bank=bank, seed=seed, mode="full"))]
    assert any("农业县" in t for t in other) and not any("清溪县" in t for t in other)
    assert any("清溪县" in t for t in own)


def test_reflective_genres_prefer_passages_that_reason_to_ones_that_assign_work(tmp_path):
    from drafter.draft.assemble import _reflective

    orders = ("作风建设要常抓不懈。各级党组织要压实责任，要紧盯节点，要严肃问责，"
              "必须以钉钉子精神抓落实。")
    thought = ("通过学习，我们深刻体会到，作风建设关乎人心向背。作风问题的实质在于党性，"
               "归根到底是为谁执政、为谁用权的问题。")
    assert _reflective(thought) > 0 > _reflective(orders)
    phrases = [_on("paragraph", p, ["significance"], ["party_building"], file=f"{i}.txt")
               for i, p in enumerate((orders, thought))]
    with _task_bank(tmp_path, phrases) as bank:
        firsts = []
        for seed in range(6):
            draft = assemble("seminar_statement", {"topic": "作风建设"}, bank=bank, seed=seed,
                             mode="full")
            said = [t for t in _texts(draft) if "作风" in t]
            firsts.append(bool(said) and "深刻体会" in said[0])
    assert sum(firsts) >= 5


@pytest.mark.parametrize("topic", ["稳就业", "养老服务体系建设", "安全生产", "作风建设"])
def test_a_related_term_never_names_another_subject(topic):
    # The bank puts 生育 beside 就业 and 托育 beside 养老 (一老一小) often enough for a
    # related term; as such a term names the topic, it would let their passages in.
    from drafter.draft.topic import domain_lexicon, subject_words, understand

    bank = PhraseBank.open()
    understood = understand(topic, bank)
    named = " ".join([understood.subject, *understood.words])
    for term in understood.terms:
        assert all(cue in named for cue in subject_words(domain_lexicon(bank), term)), term


def test_a_related_term_is_a_name_not_a_piece_of_a_clause():
    # The mined dictionary keeps 今天召开全市 and 进一步做好 (strings that recur); as
    # related terms of 防汛抗旱 and 就业 they had drawn any speech's opening and any task.
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    seen = []
    for topic in ("防汛抗旱", "就业", "文旅融合", "基层治理", "国有企业改革"):
        terms = understand(topic, bank).terms
        seen += terms
        for term in terms:
            assert not re.search(r"^(?:今天|进一步|推动|做好|加强)|的|召开", term), (topic, term)
    assert len(seen) >= 15  # the topics still have terms

    # Nor a place (晋江 beside 县域经济: a source's, judge 152; 祁连山, a mountain no
    # gazetteer of counties names, beside 森林防火), nor a string cut across the topic's
    # word whose end is no word (培育文 of 培育文旅新业态).
    from drafter.bank.mine.specifics import names_place

    for topic, cut in (("发展壮大县域经济", "晋江"), ("推动数字经济和实体经济深度融合", "晋江"),
                       ("全市文旅产业高质量发展大会", "培育文"), ("冬季森林防火", "祁连山")):
        terms = understand(topic, bank).terms
        assert cut not in terms and not [t for t in terms if names_place(t)], (topic, terms)
    assert names_place("祁连山") and names_place("晋江") and not names_place("火险")
    assert {"社区养老", "基本养老"} <= set(understand("养老服务", bank).terms)


@pytest.mark.parametrize("typed, meeting, core, also", [
    ("安全生产", "", "安全生产", ()),
    ("全县安全生产工作推进会", "全县安全生产工作推进会", "安全生产", ()),
    # A whole title: the meeting names the subject; a second subject joined by 暨.
    ("在全市安全生产暨城镇燃气安全专项整治工作会议上的讲话：压紧压实安全生产责任",
     "全市安全生产暨城镇燃气安全专项整治工作会议", "安全生产",
     ("城镇燃气安全专项整治", "压紧压实安全生产责任")),
    # An occasion that names no subject: the theme after it leads.
    ("县委理论学习中心组专题研讨：因地制宜发展新质生产力，推动县域经济高质量发展",
     "县委理论学习中心组专题研讨", "因地制宜发展新质生产力", ("推动县域经济高质量发展",)),
    ("优化营商环境，促进民营经济", "", "优化营商环境", ("促进民营经济",)),
    # What comes before the last 的 qualifies the subject.
    ("健全居家社区机构相协调、医养康养相结合的养老服务体系", "", "养老服务体系",
     ("健全居家社区机构相协调", "医养康养相结合")),
    # A slogan wraps its subject; a second line after a space is a second part.
    ("奋力谱写新时代双拥工作新篇章 巩固发展坚如磐石的军政军民团结", "", "双拥工作",
     ("巩固发展坚如磐石的军政军民团结",)),
    # A note in brackets says whom it is for; an occasion may wrap an unquoted theme;
    # the people a meeting gathers are its field's, not its subject (代表).
    ("因地制宜发展新质生产力（市委书记署名文章）", "", "因地制宜发展新质生产力", ()),
    ("署名文章：深化殡葬改革 推进移风易俗", "", "深化殡葬改革", ("推进移风易俗",)),
    # 以X提升Y is about X, as 以X赋能Y is.
    ("以全国文明城市创建提升城市文明程度", "", "全国文明城市创建", ("城市文明程度",)),
    ("市委理论学习中心组党纪学习教育专题研讨发言", "市委理论学习中心组专题研讨", "党纪学习教育",
     ()),
    ("全县退役军人代表座谈会", "全县退役军人代表座谈会", "退役军人", ()),
    # A season's gathering is the occasion (迎春座谈会).
    ("全市离退休老干部迎春座谈会", "全市离退休老干部迎春座谈会", "离退休老干部", ()),
    # What is to be written is not the meeting; a field of work named by it still leads.
    ("市委理论学习中心组专题研讨发言：推进城乡融合发展", "市委理论学习中心组专题研讨",
     "推进城乡融合发展", ()),
    ("统一战线工作专题党课：凝心聚力 画好最大同心圆", "统一战线工作专题", "统一战线",
     ("凝心聚力", "画好最大同心圆")),
    # What a meeting commemorates is the occasion (and its 暨 joins no subjects).
    ("纪念五四运动106周年青年干部座谈会", "纪念五四运动106周年青年干部座谈会", "青年干部", ()),
    ("纪念中国人民抗日战争暨世界反法西斯战争胜利80周年专题党课：弘扬伟大抗战精神",
     "纪念中国人民抗日战争暨世界反法西斯战争胜利80周年专题党课", "弘扬伟大抗战精神", ()),
    # 大兴…之风 is about what is to be done.
    ("大兴调查研究之风，把情况摸清", "", "调查研究", ("把情况摸清",)),
    # A title whose occasion follows a dash: the occasion is the subtitle.
    ("锲而不舍落实中央八项规定精神 以优良作风凝心聚力推动高质量发展——深入贯彻中央八项规定"
     "精神学习教育专题党课", "深入贯彻中央八项规定精神学习教育专题党课",
     "锲而不舍落实中央八项规定精神", ("以优良作风凝心聚力推动高质量发展",)),
    # The body that meets is not the subject, nor its session, nor those gathered.
    ("全市住房公积金管理委员会2025年全体会议", "全市住房公积金管理委员会2025年全体会议",
     "住房公积金管理", ()),
    ("市安委会第三次全体会议", "市安委会第三次全体会议", "安全生产", ()),
    ("县委全面深化改革委员会第五次会议", "县委全面深化改革委员会第五次会议", "全面深化改革", ()),
    ("全县防汛抗旱指挥部成员单位会议", "全县防汛抗旱指挥部成员单位会议", "防汛抗旱", ()),
    ("全市新闻工作者座谈会（第25个中国记者节）", "全市新闻工作者座谈会", "新闻工作", ()),
    ("全市社会组织和行业协会商会负责人座谈会", "全市社会组织和行业协会商会负责人座谈会",
     "社会组织和行业协会商会工作", ()),
    ("全市优秀社区工作者表彰大会", "全市优秀社区工作者表彰大会", "社区工作", ()),
    # Watchwords after an occasion that names its subject are that subject's.
    ("市委理论学习中心组党史学习教育专题研讨：学史明理、学史增信、学史崇德、学史力行",
     "市委理论学习中心组党史学习教育专题研讨", "党史学习教育",
     ("学史明理、学史增信、学史崇德、学史力行",)),
    ("市委理论学习中心组碳达峰碳中和专题学习研讨", "市委理论学习中心组专题学习研讨", "碳达峰碳中和",
     ()),
    # What a gathering celebrates is the occasion, as what it commemorates is.
    ("庆祝建党104周年老党员代表座谈会", "庆祝建党104周年老党员代表座谈会", "老党员", ()),
    # A guiding principle before the subject is no subject (judge 136: a seminar on 粮食
    # 安全 drafted from debt and gas mains as 统筹发展和安全's); alone, it is the topic.
    ("统筹发展和安全 牢牢守住粮食安全底线", "", "牢牢守住粮食安全底线", ()),
    ("坚持以人民为中心，扎实推进共同富裕", "", "扎实推进共同富裕", ()),
    ("统筹发展和安全", "", "统筹发展和安全", ()),
    # How an essay treats its subject, or a question how, is not the subject (judge 167's
    # frames: 做好新时代共产党员如何发挥先锋模范作用使命光荣).
    ("浅谈基层治理现代化", "", "基层治理现代化", ()),
    ("如何做好新时代信访工作", "", "做好新时代信访工作", ()),
    ("新时代共产党员如何发挥先锋模范作用", "", "新时代共产党员发挥先锋模范作用", ()),
    # The season named is when, not what (judge 168: 今冬 alone had been the words of a
    # 供暖 meeting, and 冬季供暖 drew 冰雪运动 passages).
    ("全市今冬明春供暖保障工作会议", "全市今冬明春供暖保障工作会议", "供暖保障", ()),
    ("冬季供暖", "", "供暖", ()),
    # What a means strengthens the base of is where it leads (judge 169: the whole title
    # had been pasted into every heading and gap).
    ("以高水平科学普及夯实创新发展的社会基础", "", "高水平科学普及", ("创新发展的社会基础",))])
def test_a_topic_typed_as_an_assignment_is_read_into_meeting_and_theme(typed, meeting, core,
                                                                       also):
    from drafter.draft.topic import read_assignment

    assignment = read_assignment(typed)
    assert (assignment.meeting, assignment.core, assignment.also) == (meeting, core, also)


def test_a_title_typed_whole_is_not_wrapped_again_and_its_subjects_all_count():
    draft = assemble("work_conference", {"topic": "在全县防汛抗旱暨地质灾害防治工作会议上的讲话"})
    assert draft.title == "在全县防汛抗旱暨地质灾害防治工作会议上的讲话"
    statement = assemble("seminar_statement",
                         {"topic": "县委理论学习中心组专题研讨：因地制宜发展新质生产力"})
    assert statement.title == "因地制宜发展新质生产力——在县委理论学习中心组专题研讨上的发言"
    assert "围绕“因地制宜发展新质生产力”" in plain_text(statement)
    from drafter.draft.topic import understand

    words = set(understand("优化营商环境，促进民营经济", PhraseBank.open()).words)
    assert {"营商环境", "民营经济"} <= words
    # The subject is whose work it is, not the group it is for.
    words = set(understand("高校毕业生等青年群体就业工作座谈会", PhraseBank.open()).words)
    assert "就业" in words and "群体" not in words


def test_a_passage_opening_on_a_commoner_subject_of_another_field_stays_out(tmp_path):
    # 消费 (an economy cue said often enough to fall below the bar for naming a subject
    # anywhere in a passage) is what this passage is about: its first sentence says so,
    # though the paragraph names 就业 twice.
    consumption = ("消费能力取决于收入水平。要把稳就业放在突出位置，推动重点群体稳定就业，"
                   "健全工资合理增长机制，让群众敢消费、能消费。")
    jobs = ("就业是最基本的民生。要落实援企稳岗政策，拓宽高校毕业生就业渠道，"
            "加强困难人员就业帮扶，确保零就业家庭动态清零。")
    phrases = [_on("paragraph", consumption, ["significance"], ["livelihood"], file="c.txt",
                   terms=["就业"]),
               _on("paragraph", jobs, ["significance"], ["livelihood"], file="j.txt",
                   terms=["就业"])]
    texts = _drawn(tmp_path, phrases, "稳就业")
    assert any("零就业家庭" in t for t in texts)
    assert not any("消费能力" in t for t in texts)


def test_a_name_in_quotes_is_one_word_of_the_topic():
    from drafter.draft.topic import understand

    words = set(understand("学习运用“千万工程”经验", PhraseBank.open()).words)
    assert "千万工程" in words and "千万" not in words


def test_a_topic_the_bank_barely_names_is_drafted_from_its_fields_broad_word(tmp_path):
    # Three passages name 两山理念, each also saying 生态; the field's other passages on
    # 生态 (filed under 环境) may stand for it, a 托育 passage never.
    named = [_on("paragraph", f"践行两山理念，要把生态优势转化为发展优势，第{i}次强调生态产品价值实现。",
                 ["significance"], ["environment"], file=f"n{i}.txt") for i in range(3)]
    wider = [_on("paragraph", f"生态是最普惠的民生福祉。要守住生态保护红线，第{i}次部署山水林田湖草"
                 "一体化保护修复，让群众望得见山、看得见水。", ["significance"], ["environment"],
                 file=f"w{i}.txt") for i in range(3)]
    other = [_on("paragraph", "托育服务关系家庭幸福。要扩大普惠托育供给，建设社区托育点，"
                 "让生态宜居的城市也是儿童友好的城市。", ["significance"], ["livelihood"],
                 file="t.txt")]
    texts = _drawn(tmp_path, [*named, *wider, *other], "践行两山理念")
    assert any("山水林田湖草" in t for t in texts)
    assert not any("托育" in t for t in texts)


def test_a_passage_written_for_two_subjects_opening_on_the_other_is_the_others():
    """Judges 155 and 156 both found 国防动员工作要坚持平战结合、军民兼容… in a 双拥 座谈会
    (written for 国防动员和双拥工作, it names 双拥 only in its last clause)."""
    draft = assemble("summary_remarks", {"topic": "全市双拥工作座谈会"}, mode="full")
    passages = [item.text for node in draft.nodes() for item in node.items]
    assert passages and not any(text.startswith("国防动员工作") for text in passages)
    assert any("双拥" in text for text in passages)


def test_a_bank_head_of_common_words_is_still_about_its_own_point():
    """加强审计队伍建设's words are the topic's (审计) or common (加强, 建设): any passage on
    审计 had fitted it, and judges 157 and 158 read 重大经济决策是经济责任审计的重点内容 under
    it.  What follows its verb says its point; a paragraph off it stands as a point of its
    own, if at all."""
    # (The head is one of several a seed may draw: the drafts of the first seeds that
    # draw it.)
    drawn = 0
    for seed in range(8):
        draft = assemble("work_conference", {"topic": "全市审计工作会议"}, seed=seed,
                         mode="full")
        team = {node.heading: node for node in draft.nodes()}.get("加强审计队伍建设")
        if team is None:
            continue
        drawn += 1
        paragraphs = [item.text for item in team.items if item.role == "paragraph"]
        assert paragraphs and all("队伍" in text or "人员" in text
                                  for text in paragraphs), paragraphs
        # The part still has its points (a paragraph off one head became one of its own).
        assert len(draft.body[1].children) >= 4
        if drawn == 2:
            break
    assert drawn, "no seed drew 加强审计队伍建设"


def test_no_meeting_campaign_week_or_past_post_of_the_sources_own():
    """Round X of blind judges: 全国民族团结进步表彰大会深刻阐明了… and 落实全国网络安全和
    信息化工作会议要求 (a meeting the writer did not name), 以网络安全宣传周为契机 (a
    campaign week the speech is not given for), and 作为一名接受过经济责任审计的领导干部，
    我深刻体会到 (someone else's past) in drafts on the fields."""
    from drafter.draft.assemble import _EXPERIENCE_RE, _MEETING_OPENS_RE, _NAMED_MEETING_RE

    assert _NAMED_MEETING_RE.search("落实全国网络安全和信息化工作会议要求，要加快推进数字政府建设")
    assert _MEETING_OPENS_RE.search("全国民族团结进步表彰大会所传递的，正是…")
    assert _EXPERIENCE_RE.search("作为一名接受过经济责任审计的领导干部，我深刻体会到审计的作用")
    assert not _EXPERIENCE_RE.search("作为一名党员干部，我将带头落实")
    for genre, topic, foreign in (
            ("summary_remarks", "全市网络安全工作座谈会", ("宣传周", "工作会议要求")),
            ("summary_remarks", "全市民族团结进步工作座谈会", ("表彰大会",)),
            ("work_conference", "全市审计工作会议", ("接受过",))):
        text = plain_text(assemble(genre, {"topic": topic}, mode="full"))
        assert not any(word in text for word in foreign), (topic, text)
    # A week the writer names is theirs.
    assert "宣传周" in plain_text(assemble("work_conference", {"topic": "全市食品安全宣传周活动"},
                                           mode="full"))


def test_a_spirit_carried_on_is_held_to_not_a_work_done_well():
    """Judges 158 and 159 read 做好发扬斗争精神工作, 推动发扬斗争精神走深走实 and 发扬斗争
    精神使命光荣: a spirit carried on is held to, as 牢记初心使命 is; a culture promoted
    (弘扬中华优秀传统文化) is still a work."""
    from drafter.draft.topic import topic_forms

    assert topic_forms("发扬斗争精神 增强斗争本领")[2] == "发扬斗争精神"
    assert topic_forms("弘扬伟大建党精神")[2] == "弘扬伟大建党精神"
    assert topic_forms("弘扬中华优秀传统文化")[2] == "弘扬中华优秀传统文化工作"
    for genre in ("party_lecture", "work_conference", "theory_article", "seminar_statement"):
        text = plain_text(assemble(genre, {"topic": "发扬斗争精神 增强斗争本领"}))
        assert "做好发扬" not in text and "斗争精神工作的" not in text, (genre, text)
        assert "斗争精神使命光荣" not in text and "发扬斗争精神走深走实" not in text, (genre,
                                                                                 text)
    assert "发扬斗争精神是共产党人的终身课题" in plain_text(
        assemble("party_lecture", {"topic": "发扬斗争精神 增强斗争本领"}))


def test_a_spirit_carried_out_strictly_is_carried_out_once():
    """严格落实中央八项规定精神 had been read as a spirit with no verb: its task was
    贯彻落实严格落实中央八项规定精神工作, and a 党课 on it had no passage from the bank and
    ten gaps, with the bank's 锲而不舍落实中央八项规定精神 passages at hand."""
    from drafter.draft.topic import topic_forms

    assert topic_forms("严格落实中央八项规定精神") == (
        "verb", "中央八项规定精神", "落实中央八项规定精神工作")
    draft = assemble("party_lecture", {"topic": "严格落实中央八项规定精神"}, mode="full")
    assert draft.coverage()["bank_passages"] >= 4, draft.coverage()
    assert "落实严格落实" not in plain_text(draft)


def test_a_development_kept_healthy_reads_as_a_task_already():
    """A blind judge of stop 59 read 深刻认识做好平台经济规范健康发展工作的重大意义: 健康
    发展, like 高质量发展, is done, not made a 工作 of."""
    from drafter.draft.topic import topic_forms

    assert topic_forms("推动平台经济规范健康发展")[2] == "平台经济规范健康发展"
    assert topic_forms("促进民营经济健康发展")[2] == "促进民营经济健康发展"
    text = plain_text(assemble("theory_article", {"topic": "推动平台经济规范健康发展"}))
    assert "健康发展工作" not in text and "平台经济规范健康发展的重大意义" in text, text


def test_a_text_named_by_its_kind_alone_is_its_sources_own():
    """守正，就是始终坚持《条例》规定的指导思想 stood in a 党课 on 守正创新, of a speech on the
    宣传工作条例 (a blind judge of stop 59); 按照《规定》确立的考核制度 in one on 安全生产.
    A topic that names such a text takes them."""
    for genre, topic in (("party_lecture", "坚持守正创新"), ("work_conference", "安全生产")):
        text = plain_text(assemble(genre, {"topic": topic}, mode="full"))
        assert not re.search(r"《(?:条例|决议|规定|决定)》", text), (topic, text)
    text = plain_text(assemble("party_lecture", {"topic": "学习贯彻《中国共产党宣传工作条例》"},
                               mode="full"))
    assert "《条例》" in text


def test_a_topic_naming_its_means_first_is_a_task_as_typed():
    """Judges 155 and 156 read 做好以钉钉子精神狠抓工作落实使命光荣 and …抓好工作落实落地见效:
    以钉钉子精神抓好工作落实 is a task done by a means, filed as 文化 for its 精神."""
    from drafter.draft.topic import by_means, topic_forms, understand

    assert topic_forms("以钉钉子精神抓好工作落实") == ("verb", "工作落实", "以钉钉子精神抓好工作落实")
    assert topic_forms("以钉钉子精神狠抓工作落实")[:2] == ("verb", "工作落实")
    assert by_means("以上率下") is None and by_means("以及其他") is None
    assert understand("以钉钉子精神狠抓工作落实").domain_keys[:1] != ["culture"]
    for genre in ("party_lecture", "work_conference", "theory_article", "seminar_statement",
                  "summary_remarks"):
        text = plain_text(assemble(genre, {"topic": "以钉钉子精神狠抓工作落实"}))
        assert "做好以" not in text and "落实落地见效" not in text, (genre, text)
    assert "扎实推进安全生产工作落地见效" in plain_text(
        assemble("work_conference", {"topic": "安全生产"}))


@pytest.mark.parametrize("topic, doing", [
    ("深入实施以人为本的新型城镇化战略", "实施以人为本的新型城镇化战略"),
    ("践行绿水青山就是金山银山理念", "践行绿水青山就是金山银山理念"),
    ("安全生产", "做好安全生产工作"), ("作风建设", "作风建设")])
def test_a_theory_article_frames_the_topic_as_something_done(topic, doing):
    text = plain_text(assemble("theory_article", {"topic": topic}))
    assert f"深刻认识{doing}的重大意义" in text
    assert "做好践行" not in text
    # It ends on a conclusion that names the topic as done, not on its last point
    # (judges 152, 153).
    draft = assemble("theory_article", {"topic": topic}, mode="full")
    assert len(draft.closing) == 1 and draft.closing[0].text.startswith(doing)
    assert "久久为功" in draft.closing[0].text


@pytest.mark.parametrize("topic, has, lacks", [
    ("统筹发展和安全", {"统筹发展和安全"}, {"统筹发展和"}),  # not a word cut at 和
    ("推进文化和旅游深度融合发展", {"文旅"}, set()),
    ("发扬斗争精神", {"斗争精神"}, {"精神"}),
    # A figure said of every subject is no word of the topic.
    ("守牢耕地保护红线", {"耕地保护", "耕地"}, {"红线"}),
    # A leader's remarks are on something: that is the topic's word, not 论述.
    ("学习贯彻习近平总书记关于建设海洋强国的重要论述", {"海洋强国", "海洋"},
     {"论述", "重要论述"}),
    # A head many names end with is the longer word's (公共卫生 is not 爱国卫生's).
    ("全市爱国卫生运动座谈会", {"爱国卫生"}, {"卫生"}),
    ("发扬斗争精神 增强斗争本领", {"斗争精神"}, {"斗争"}),
    # A thought is said by what it holds to.
    ("坚持以人民为中心的发展思想", {"以人民为中心"}, set()),
    # A field's subject placed in a setting with work of its own is the setting's: not
    # 食品安全 alone, nor its kin 食品药品安全; the setting named otherwise is (学校).
    ("校园食品安全", {"校园食品安全", "学校食品安全"}, {"食品安全", "食品药品安全"}),
    ("景区安全管理", {"景区安全管理", "旅游景区安全管理"}, {"安全管理"}),
    # A quoted name the subject goes on from names a kind of the thing after it: alone,
    # 小切口 drew 小切口、大民生 passages on 托育 and 停车 (judge 128).
    ("以“小切口”立法提升地方立法质量", {"立法", "小切口立法"}, {"小切口"}),
    ("学习运用“千万工程”经验", {"千万工程"}, set()),
    # A short word is said by its full form too (an article on 节水型社会建设 had found
    # none of the bank's 节约用水 passages: a blind judge of stop 63).
    ("节水型社会建设", {"节水", "节约用水"}, set()),
    # The object of the verb the subject opens with, whole; no verb cut through it.
    ("全市防范化解金融风险工作会议", {"金融风险"}, {"防范化解金融"}),
    # A facility of a field is named by itself (热线, as its passages say 12345热线), not
    # by the field's words before it (政务服务 drew 证照分离 passages: judge 171).
    ("全市12345政务服务便民热线工作座谈会", {"热线", "便民热线"}, {"政务服务", "政务"}),
    # A quality any subject is praised for names none (优良 drew 优良传统: judge 173).
    ("传承优良家风 筑牢廉洁防线", {"优良家风", "家风"}, {"优良"}),
    # When a meeting is held names nothing (年度 drew 年度考核: judge 179).
    ("年度专题民主生活会", {"民主生活会"}, {"年度"})])
def test_a_topic_is_read_without_dangling_pieces(topic, has, lacks):
    from drafter.draft.topic import understand

    words = set(understand(topic, PhraseBank.open()).words)
    assert has <= words and not lacks & words


def test_a_meetings_year_purpose_and_occasion_are_not_the_topic():
    from drafter.draft.topic import read_assignment, topic_forms, understand

    assert topic_forms("全市2025年安全生产和消防工作会议") == (
        "area", "安全生产和消防", "安全生产和消防工作")
    assert read_assignment("全市“高效办成一件事”改革推进座谈会").core == "“高效办成一件事”改革"
    # Where a meeting is held is no part of its subject (judge 173: …整治现场 ×8).
    assert topic_forms("全县农村人居环境整治现场推进会")[1] == "农村人居环境整治"
    assert topic_forms("全市农村改厕现场观摩会")[1] == "农村改厕"
    closing = "".join(i.text for i in assemble(
        "summary_remarks", {"topic": "全县农村人居环境整治现场推进会"}).closing)
    assert "今天推进会上提出的意见建议" in closing and "座谈" not in closing
    # 赋能县域高质量发展 says what the work is for: 县域 is no subject of the draft.
    assert read_assignment("推动文化和旅游深度融合发展 赋能县域高质量发展").also == ()
    # 青年人才 is 人才工作 (its section), not 青年人 nor the 科技 its few passages say.
    topic = understand("全市青年人才工作座谈会", PhraseBank.open())
    assert topic.sections == ["talent"] and topic.task == "青年人才工作"
    assert "青年人" not in topic.words and not {"科技", "科研"} & set(topic.words)


def test_a_school_canteen_speech_draws_nothing_on_food_and_drug_regulation_at_large():
    # Read as 食品安全, the draft had been 疫苗, 网络售药 and 直播带货 (judge 124: 8 of 10
    # passages foreign); each passage now speaks of the school or its canteen.
    draft = assemble("seminar_statement", {"topic": "校园食品安全"}, mode="full")
    texts = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(texts) >= 6
    off = [t for t in texts if not re.search("校园|学校|学生|食堂|校长|孩子", t)]
    assert not off, off
    assert not [t for t in texts if re.search("药品|疫苗|医疗器械|直播带货", t)]


def test_a_hotline_meeting_draws_nothing_on_government_services_at_large():
    # Read by 政务服务, a summary on the 12345 hotline had taken 证照分离, 告知承诺制 and a
    # point on 窗口队伍 (judge 171: 3 foreign passages).  Each passage now speaks of the
    # hotline, and it is done well as a 工作 (做好…热线工作, not 做好…热线).
    topic = "全市12345政务服务便民热线工作座谈会"
    draft = assemble("summary_remarks", {"topic": topic}, mode="full")
    texts = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    paragraphs = [i.text for n in draft.nodes() for i in n.items if i.role == "paragraph"]
    assert len(paragraphs) >= 6
    assert not [t for t in paragraphs if "热线" not in t]
    assert not [t for t in texts if re.search("证照分离|告知承诺|容缺受理|窗口人员", t)]
    assert "就做好12345政务服务便民热线工作谈" in "".join(i.text for i in draft.opening)


def test_a_gap_keeps_the_verb_of_a_verb_phrase_topic():
    draft = assemble("work_conference", {"topic": "整治集邮市场乱象"})
    gaps = [i.text for n in draft.nodes() for i in n.items if i.role == "placeholder"]
    assert "〔待补：整治集邮市场乱象的重点任务〕" in gaps


def test_a_paragraph_sharing_only_the_fields_common_words_does_not_go_under_a_head(tmp_path):
    # 隐患 is said of every subject of 安全 (a broad cue), 整治 of every task: a paragraph
    # on 酒驾 that says both does not speak of 整治电动自行车火灾隐患.
    head = "整治电动自行车火灾隐患"
    body = ("电动自行车火灾已成为突出风险。要整治楼道停放、飞线充电，加快建设集中充电设施，"
            "推动老旧小区加装智能充电桩，市场监管部门要严查非法改装和不合格电池。")
    traffic = "交通违法不除，事故隐患难消。要常态化开展酒驾醉驾夜查整治，严管涉牌涉证违法。"
    other_head = "筑牢基层消防安全防线"
    other_body = "火灾防控的薄弱点大多在基层。要推动乡镇明确消防工作机构，把消防巡查纳入网格。"
    phrases = [_on("heading", head, ["key_tasks"], ["safety"], file="e.txt", path="", level=2,
                   terms=["消防"]),
               _on("paragraph", body, ["key_tasks"], ["safety"], file="e.txt",
                   path=f"（一）{head}", terms=["消防"]),
               _on("heading", other_head, ["key_tasks"], ["safety"], file="f.txt", path="",
                   level=2, terms=["消防"]),
               _on("paragraph", other_body, ["key_tasks"], ["safety"], file="f.txt",
                   path=f"（二）{other_head}", terms=["消防"]),
               _on("paragraph", traffic, ["key_tasks"], ["safety"], file="t.txt",
                   terms=["隐患", "整治", "消防"])]
    with _task_bank(tmp_path, phrases) as bank:
        drafts = [assemble("work_conference", {"topic": "消防安全"}, bank=bank, seed=seed,
                           mode="full") for seed in range(3)]
    under = [i.text for d in drafts for n in d.nodes() if n.heading == head for i in n.items]
    assert any("飞线充电" in t for t in under)
    # Nor under a head whose own paragraph is too short to go on: a gap says more.
    heads = [i.text for d in drafts for n in d.nodes() if n.heading in (head, other_head)
             for i in n.items]
    assert not any("酒驾" in t for t in heads)


def test_under_a_template_frame_only_the_topics_own_material_stands(tmp_path):
    # 这是践行“两个维护”的必然要求 is the 党课's frame, said of every topic: a
    # topic-neutral passage on 政令畅通 that shares its words is filler there.
    filler = ("提高政治站位，首先要把贯彻落实上级决策部署作为检验“两个维护”的重要标尺。"
              "坚决纠正上有政策、下有对策，确保政令畅通、令行禁止。")
    own = ("集邮文化是中华文化的生动载体。集邮活动以方寸之间展现时代风貌，"
           "是涵养文化自信、传承红色基因的重要阵地。")
    phrases = [_on("paragraph", filler, ["significance", "political_stance"], ["general"],
                   file="f.txt"),
               _on("paragraph", own, ["significance"], ["culture"], file="o.txt",
                   terms=["集邮"])]
    texts = _drawn(tmp_path, phrases, "集邮文化", template="party_lecture")
    assert any("方寸之间" in t for t in texts)
    assert not any("政令畅通" in t for t in texts)


def test_words_of_the_writers_assignment_read_as_the_field_it_names():
    from drafter.draft.topic import read_assignment, topic_forms, understand

    assert topic_forms("全市农村工作会议") == ("area", "农村", "农村工作")
    assert topic_forms("全县宣传思想文化工作会议")[2] == "宣传思想文化工作"
    # People met on their work, and a task that opens on 厉行/反对 (judge 83: 做好乡村医生,
    # 做好厉行勤俭节约… in a 座谈会's frames).
    assert topic_forms("全县乡村医生座谈会") == ("area", "乡村医生", "乡村医生工作")
    assert topic_forms("全县村党组织书记座谈会")[2] == "村党组织书记工作"
    assert topic_forms("厉行勤俭节约、反对铺张浪费")[0] == "verb"
    assert topic_forms("反对形式主义") == ("verb", "形式主义", "反对形式主义工作")
    # What a task says is hard is no part of its subject, nor is its verb a word of it
    # (破解 had been one: judge 87's 停车 article took 破解科技成果转化难题).
    assert topic_forms("破解城市停车难题")[:2] == ("verb", "城市停车")
    assert "破解" not in understand("破解城市停车难题", PhraseBank.open()).words
    # Two words said as one name are that name (品牌 alone had drawn 啤酒 and 党员冬训
    # brands into a 公用品牌 article: judge 85); a mined piece of a word already taken is
    # no word (普通高 of 普通高中).
    bank = PhraseBank.open()
    assert "公用品牌" in understand("打造农产品区域公用品牌", bank).words
    assert "品牌" not in understand("打造农产品区域公用品牌", bank).words
    assert "普通高" not in understand("全县县域普通高中振兴座谈会", bank).words
    # 科学 before a verb says how it is done: 奋力推进新时代科学推进国土绿化高质量发展 had
    # been an article's title (judge 90).
    assert topic_forms("科学推进国土绿化")[1] == "国土绿化"
    # Party building leading a sector's development is that sector's party building (a
    # 党课 on 以高质量党建引领公立医院高质量发展 had been all 机关 and 楼宇 党建: judge 89).
    assert read_assignment("以高质量党建引领公立医院高质量发展").parts[0] == "公立医院党建"
    # …whatever end it leads to (judge 95: read as 高质量党建, six foreign passages).
    assert read_assignment("以高质量党建引领税收征管现代化").parts[0] == "税收征管党建"
    assert read_assignment("以党建引领基层治理").parts[0] == "党建"  # (as it was)
    # Taxpayers met are met on the service they get (做好纳税人: judge 87).
    assert topic_forms("全市纳税人代表座谈会")[1:] == ("纳税服务", "纳税服务工作")
    # A thin topic is not widened by a subject of its field its few passages also name
    # (教育 and 卫生 beside 一老一小), and quotes are not part of its words.
    words = understand("健全“一老一小”服务体系", PhraseBank.open()).words
    assert "一老一小" in words and not {"教育", "卫生"} & set(words)
    assert not any("“" in w for w in words)


def test_what_a_topic_covers_equally_and_what_only_in_passing():
    from drafter.draft.topic import read_assignment, understand

    bank = PhraseBank.open()
    # 暨 joins equals: 防汛 is as much the meeting's subject as 安全生产.
    topic = understand("全县安全生产暨防汛救灾工作会议", bank)
    assert {"安全生产", "防汛"} <= set(topic.primary_words)
    # A goal after the theme (筑牢生态安全屏障) and a manner (法治化) are secondary.
    assert "生态安全" in understand("坚持山水林田湖草沙一体化保护 筑牢生态安全屏障", bank).secondary
    topic = understand("全县信访工作法治化推进座谈会", bank)
    assert topic.primary_words == ["信访"] and "法治" in topic.secondary
    # 以X赋能Y is about X; 专题研讨发言 is what is to be written, not the topic.
    assert read_assignment("以文旅深度融合赋能县域经济高质量发展").core == "文旅深度融合"
    # …as 以X护航Y is (judge 179: read as 国有企业高质量发展, it drew 国企重组 and 企业年金).
    assert read_assignment("以合规管理护航国有企业高质量发展").core == "合规管理"
    assert read_assignment("树立和践行正确政绩观专题研讨发言").core == "树立和践行正确政绩观"
    assert assemble("seminar_statement", {"topic": "树立和践行正确政绩观专题研讨发言"}
                    ).title == "树立和践行正确政绩观研讨发言"


def test_a_passage_on_another_subject_named_beside_a_secondary_word_stays_out(tmp_path):
    # 生态安全 is the goal of the theme; a passage on 森林草原防灭火 that names it
    # is still about 防灭火.
    fire = ("森林草原防灭火事关生态安全。要严格野外火源管控，落实各级林长责任，"
            "加强防火检查站建设，确保不发生重大森林火灾。")
    own = ("山水林田湖草沙是生命共同体。要统筹山水林田湖草沙一体化保护，"
           "打破条块分割，推进系统治理，守住自然生态安全边界。")
    phrases = [_on("paragraph", p, ["significance"], ["environment"], file=f"{i}.txt")
               for i, p in enumerate((fire, own))]
    with _task_bank(tmp_path, phrases) as bank:
        texts = [t for seed in range(3) for t in _texts(assemble(
            "work_conference", {"topic": "坚持山水林田湖草沙一体化保护 筑牢生态安全屏障"},
            bank=bank, seed=seed, mode="full"))]
    assert any("生命共同体" in t for t in texts)
    assert not any("防灭火" in t for t in texts)


def test_a_countys_speech_does_not_address_counties(tmp_path):
    # 各县区 is what a city says to its counties; a county's speech leaves it out.
    # So do a city's head and its offices: 市长 and 市政府督查室 act in a city.
    city = "各县区要把信访工作摆上重要议事日程，主要负责同志亲自研究部署信访工作。"
    mayor = "信访积案要逐件化解。书记、市长带头包案，市政府督查室每月跟踪化解进度。"
    assessed = "信访工作要严格考核。把信访工作纳入部门和县区绩效考核，对工作不力的严肃问责。"
    plain = "信访是送上门来的群众工作。各乡镇要畅通群众诉求表达渠道，做到件件有着落、事事有回音。"
    # A city's 长效 is no 市长.
    lasting = "信访工作要建立城市长效机制。要健全信访工作制度，把群众诉求解决在基层。"
    # 市县乡村 are the levels under a province or a city, not a county's; 教育强市 a
    # city's goal.
    levels = "信访服务要延伸到群众身边。要压实市县乡村责任，推动信访服务站点规范化建设。"
    goal = "信访工作是平安建设的基础。要以信访工作法治化助力法治强市建设。"
    # (Filed as ways of working, which a topic this thin lends to every part.)
    phrases = [_on("paragraph", p, ["work_methods"], ["governance"], file=f"{i}.txt")
               for i, p in enumerate((city, mayor, assessed, plain, lasting, levels, goal))]
    with _task_bank(tmp_path, phrases) as bank:
        county = [t for seed in range(3) for t in _texts(assemble(
            "work_conference", {"topic": "全县信访工作"}, bank=bank, seed=seed, mode="full"))]
        city_texts = [t for seed in range(3) for t in _texts(assemble(
            "work_conference", {"topic": "全市信访工作"}, bank=bank, seed=seed, mode="full"))]
    assert not [t for t in county
                for w in ("县区", "书记、市长", "督查室", "市县乡村", "强市") if w in t]
    assert any("各乡镇" in t for t in county) and any("城市长效" in t for t in county)
    assert any("各县区" in t for t in city_texts) and any("市长" in t for t in city_texts)
    assert any("市县乡村" in t for t in city_texts) and any("强市" in t for t in city_texts)


def test_a_subject_within_the_section_type_that_is_the_topic_is_its_own(tmp_path):
    # 八项规定 is a subject of 作风 (a cue of the 作风建设 section type): a passage that
    # opens on it belongs in a 作风建设 speech.
    rules = ("落实中央八项规定精神要久久为功。要紧盯节假日等关键节点，严查违规吃喝、"
             "违规收送礼品礼金等问题，坚决防止反弹回潮。")
    phrases = [_on("paragraph", rules, ["work_style", "significance"], ["party_building"],
                   file="r.txt")]
    texts = _drawn(tmp_path, phrases, "作风建设", seeds=2)
    assert any("违规吃喝" in t for t in texts)


def test_an_occasion_that_quotes_its_theme_is_read_for_the_theme():
    from drafter.draft.topic import read_assignment

    typed = "市委理论学习中心组“因地制宜发展新质生产力”专题学习研讨发言"
    assert read_assignment(typed).core == "因地制宜发展新质生产力"
    assert assemble("seminar_statement", {"topic": typed}).title == (
        "因地制宜发展新质生产力——在市委理论学习中心组专题学习研讨上的发言")
    # A quoted name inside a theme of its own stays part of that theme.
    assert "推进乡村全面振兴" in read_assignment(
        "全县学习运用“千万工程”经验推进乡村全面振兴座谈会").core


def test_a_title_of_two_parts_is_joined_as_a_sentence_joins_them_in_its_prose():
    # Judge 171: "同志们，坚持过紧日子 厉行节约反对浪费，是每名党员干部的应尽之责": the
    # title's space inside a sentence, which is not Chinese.
    from drafter.text.chars import title_in_sentence

    typed = "坚持过紧日子 厉行节约反对浪费"
    assert title_in_sentence(typed) == "坚持过紧日子、厉行节约反对浪费"
    assert title_in_sentence("学习 Python 编程") == "学习 Python 编程"  # not between ideographs
    for genre in ("party_lecture", "seminar_statement"):
        draft = assemble(genre, {"topic": typed})
        prose = [item.text for item in (*draft.opening, *draft.closing)]
        assert not any(re.search("日子[ \u3000]+厉行", text) for text in prose), prose
        assert any("坚持过紧日子、厉行节约反对浪费" in text for text in prose), prose


def test_a_head_is_judged_by_what_it_was_mined_over_even_when_that_cannot_be_drawn(tmp_path):
    # 对侵害群众饭碗安全的行为零容忍 names no subject; its own paragraph, on 食品安全,
    # is bound to its source (a figure), so the draft could not take it: the head still
    # stays out of a 安全生产 speech.
    head = "对侵害群众饭碗安全的行为零容忍"
    body = ("对生产销售有毒有害食品的违法犯罪行为，坚持“四个最严”，依法从重处罚，"
            "守护好群众舌尖上的食品安全，去年查办案件120起。")
    phrases = [_on("heading", head, ["key_tasks"], ["safety"], file="f.txt", path="", level=2),
               _on("paragraph", body, ["key_tasks"], ["safety"], file="f.txt",
                   path=f"（三）{head}", specifics=[["figure", "120起"]])]
    for i, (h, b) in enumerate((("全面开展安全隐患排查整治", "隐患排查要横向到边、纵向到底。要组织企业"
                                 "全面自查，行业部门逐一核查，做到隐患不除不收兵。"),
                                ("压实企业安全生产主体责任", "企业是安全生产的责任主体。要督促企业主要"
                                 "负责人履行第一责任人职责，健全全员安全生产责任制。"))):
        phrases += [_on("heading", h, ["key_tasks"], ["safety"], file=f"s{i}.txt", path="",
                        level=2),
                    _on("paragraph", b, ["key_tasks"], ["safety"], file=f"s{i}.txt",
                        path=f"（一）{h}")]
    with _task_bank(tmp_path, phrases) as bank:
        heads = [n.heading for seed in range(3) for n in assemble(
            "work_conference", {"topic": "安全生产"}, bank=bank, seed=seed, mode="full").nodes()]
    assert "全面开展安全隐患排查整治" in heads and head not in heads


def test_a_word_in_a_list_of_quoted_names_is_one_item_not_the_point(tmp_path):
    civic = ("以创建全国文明城市为牵引，深入开展“文明交通”“文明餐桌”“文明旅游”等系列行动，"
             "集中整治占道经营、乱停乱放等不文明现象，提升城市文明程度。")
    own = ("旅游是综合性产业，要以全域旅游理念统筹景区建设。要串联山水景观和古村古镇，"
           "打造精品旅游线路，让游客留得下、玩得好。")
    phrases = [_on("paragraph", p, ["significance"], ["culture"], file=f"{i}.txt")
               for i, p in enumerate((civic, own))]
    # The rest of 文化: 全域旅游 is one subject of it, not the whole field.
    phrases += [_on("paragraph", f"文物是不可再生的文化资源，第{i}次部署文物安全检查，守护好历史文脉。",
                    ["key_tasks"], ["culture"], file=f"w{i}.txt") for i in range(12)]
    texts = _drawn(tmp_path, phrases, "全域旅游")
    assert any("精品旅游线路" in t for t in texts)
    assert not any("占道经营" in t for t in texts)


def test_a_topic_is_not_widened_or_split_by_generic_or_crossing_words():
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    # 经济发展 of 低空经济发展 is said of every subject of 经济.
    assert "经济发展" not in understand("全市低空经济发展大会", bank).words
    # 廉洁文化 is 纪律 work: not 文化建设, and its 化 is no manner of working.
    topic = understand("加强新时代廉洁文化建设", bank)
    assert "文化建设" not in topic.words and topic.domains[0][0] == "party_building"
    assert not topic.secondary


def test_how_two_parties_work_together_is_no_word_of_the_topic():
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    # 府院联动 is what courts and government do together: 部门联动 in a 信用 or 稳外资
    # passage says nothing of it.
    assert understand("府院联动", bank).words == ["府院联动"]
    assert "联动" not in understand("加强警地联动", bank).words
    draft = assemble("work_conference", {"topic": "府院联动"}, bank=bank, mode="full")
    # (A passage on 府院联动 itself may name 信用修复 among what it settles: one written
    # for 企业破产处置府院联动 does.)
    said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert said and all("破产" in t or "府院" in t for t in said
                        if "信用" in t or "外资" in t or "增值化" in t), said


def test_template_heads_of_safeguards_take_passages_on_their_own_point():
    # A topic the bank has nothing on still gets what any topic's safeguards say, each
    # under the head it speaks of: 责任 under 压实工作责任, 作风 under 锤炼过硬作风.
    # (府院联动 was such a topic until passages were written for it: 集邮活动 is one.)
    draft = assemble("work_conference", {"topic": "集邮活动"}, bank=PhraseBank.open(),
                     mode="full")
    safeguards = draft.body[-1]
    heads = {node.heading: " ".join(i.text for i in _without_room(node.items))
             for node in safeguards.children}
    # (Since the bank of stop 29, the seed draws 严格督查考核, on which no topic-neutral
    # passage speaks: that head is an honest gap.  So, since judge 206, is 加强统筹协调:
    # the passage it had, 责任不落实，部署就会落空…亲自协调, was on 责任, and said 协调
    # only in passing.)
    from drafter.draft.assemble import _first_sentence

    assert heads and sum("待补" in said for said in heads.values()) <= 1, heads
    filled = {head: said for head, said in heads.items() if "待补" not in said}
    points = [point for head in filled for point in ("责任", "作风", "协调") if point in head]
    assert points and all(point in _first_sentence(said) for head, said in filled.items()
                          for point in ("责任", "作风", "协调") if point in head), heads
    # A gap under a head named for two jobs says the slot's: 保障机制, not 重点任务.
    assert "重点任务" not in " ".join(heads.values())


def test_an_occasion_quoting_a_long_theme_and_means_to_an_end_are_read_for_the_theme():
    from drafter.draft.topic import read_assignment, understand

    typed = '县委理论学习中心组"学习运用\'千万工程\'经验，推进乡村全面振兴"专题研讨'
    assert read_assignment(typed).core == "学习运用'千万工程'经验"
    topic = understand(typed, PhraseBank.open())
    assert topic.domains[0][0] == "rural" and "理论学习中心组" not in topic.words
    # 以X激活Y is about X, with Y beside it.
    assignment = read_assignment("以文旅深度融合激活县域经济发展新动能")
    assert assignment.core == "文旅深度融合" and assignment.also
    # A title typed whole stands as the article's title; entrepreneurs are greeted.
    assert assemble("theory_article", {"topic": "以文旅深度融合激活县域经济发展新动能"}
                    ).title == "以文旅深度融合激活县域经济发展新动能"
    assert assemble("summary_remarks", {"topic": "全县民营企业家座谈会"}
                    ).salutation.startswith("各位民营企业家")


def test_a_topic_named_by_those_it_concerns_finds_the_subject_the_bank_names():
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert "民营经济" in understand("全县民营企业家座谈会", bank).words
    topic = understand("全市党外代表人士座谈会", bank)
    assert "统战" in topic.words and topic.task == "党外代表人士工作"
    draft = assemble("summary_remarks", {"topic": "全县民营企业家座谈会"}, mode="full")
    assert draft.coverage()["bank_passages"] >= 4


def test_a_topic_that_names_its_whole_field_is_the_field_however_large_the_bank():
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert understand("安全生产", bank).is_field and understand("优化营商环境", bank).is_field
    assert not understand("防汛", bank).is_field and not understand("就业", bank).is_field


def test_a_thin_topics_own_passages_serve_whatever_they_are_filed_under(tmp_path):
    # Three passages name 集邮文化, all filed as ways of working: with so little on the
    # topic, they stand under 重大意义 rather than leave it a gap.
    own = [_on("paragraph", f"集邮文化以方寸之间记录时代，第{i}次强调要用好集邮文化涵养家国情怀，"
                "让方寸邮票讲好发展故事。", ["work_methods"], ["culture"], file=f"j{i}.txt")
           for i in range(3)]
    # The rest of 文化, so that 集邮文化 is one subject of its field, not all of it.
    rest = [_on("paragraph", f"文物是不可再生的文化资源，第{i}次部署文物安全检查，守护好历史文脉。",
                ["key_tasks"], ["culture"], file=f"w{i}.txt") for i in range(12)]
    texts = _drawn(tmp_path, [*own, *rest], "集邮文化", template="theory_article")
    assert any("方寸之间" in t for t in texts)


def test_a_passage_naming_the_topic_twice_but_another_fields_subject_as_often_stays_out(
        tmp_path):
    # A 档案 speech (a topic the bank places in no field): a 种业 passage that says
    # 建立档案 and 数字化档案 is the 种业 passage, not the archive's; one that opens on
    # 档案 is the archive's.
    own = ("档案资源要做到应收尽收。要健全档案接收进馆机制，推动机关单位到期档案按时移交，"
           "对重大项目档案开展专项验收。")
    seeds = ("种质资源是育种创新的源头活水。要扎实开展农作物种质资源普查，对地方特色品种建立档案、挂牌保护；要建设种质资源库，"
             "向种业企业有序开放；要建立数字化档案，为种业振兴打牢根基。")
    phrases = [_on("paragraph", own, ["significance"], ["general"], file="o.txt"),
               _on("paragraph", seeds, ["significance"], ["rural"], file="s.txt",
                   terms=["种业", "种质资源"])]
    texts = _drawn(tmp_path, phrases, "档案工作")
    assert any("应收尽收" in t for t in texts), texts
    assert not any("种业" in t for t in texts), texts


@pytest.mark.parametrize("topic, heads, lacks", [
    # A body of thought is grasped as named; a spirit carried out, not a 工作.
    # (Each head is one of two a seed picks from.)
    ("牢固树立和践行总体国家安全观",
     [("深刻把握总体国家安全观的实践要求", "准确把握总体国家安全观的实践要求"),
      ("把树立和践行总体国家安全观落到实处", "推动树立和践行总体国家安全观走深走实")],
     ["常态长效", "永远在路上"]),
    ("锲而不舍落实中央八项规定精神", [("把握中央八项规定精神",)], ["中央八项规定精神永远在路上"]),
    # Only the Party's endless tasks are 永远在路上.
    ("加强作风建设", [("作风建设永远在路上",)], []),
    ("养老服务体系", [("做好养老服务体系建设使命光荣",)], ["永远在路上"])])
def test_a_lectures_frames_take_the_topic_as_it_is_done(topic, heads, lacks):
    for seed in range(2):
        text = plain_text(assemble("party_lecture", {"topic": topic}, seed=seed))
        assert all(any(h in text for h in either) for either in heads), text
        assert not any(w in text for w in lacks), text


def test_a_lectures_subtitle_is_the_occasion_typed_after_a_dash():
    draft = assemble("party_lecture", {"topic": "以优良作风凝心聚力推动高质量发展——深入贯彻中央"
                                                "八项规定精神学习教育专题党课"})
    assert draft.title == "以优良作风凝心聚力推动高质量发展"
    assert draft.subtitle == "——深入贯彻中央八项规定精神学习教育专题党课"


def test_a_sectors_own_bodies_stay_out_but_a_place_in_a_list_does_not(tmp_path):
    # 局党组 and 学校党组织 speak to one sector; 进机关、进学校、进社区 lists places a
    # campaign goes to, in any speech on it.
    listed = ("民族团结进步创建是有效抓手。要推动创建活动进机关、进企业、进学校、进社区，"
              "对不再符合条件的示范单位坚决摘牌。")
    bureau = ("民族团结进步工作要有人干事。局党组要把政治素质好、专业能力强的干部放到民族团结"
              "进步工作的关键岗位上。")
    school = "民族团结进步教育要从娃娃抓起。学校党组织要把民族团结进步教育融入课堂教学。"
    phrases = [_on("paragraph", p, ["significance"], ["governance"], file=f"{i}.txt")
               for i, p in enumerate((listed, bureau, school))]
    # (A topic the bank says much of: one it has only a few passages on takes them with
    # their sector.)
    phrases += [_on("paragraph", f"民族团结进步要常抓不懈，第{i}项工作要落细落小。", ["key_tasks"],
                    ["governance"], file=f"m{i}.txt") for i in range(20)]
    texts = _drawn(tmp_path, phrases, "民族团结进步")
    assert any("进学校" in t for t in texts), texts
    assert not any("局党组" in t or "学校党组织" in t for t in texts), texts



def test_a_figure_of_speech_does_not_make_a_topic_a_section_type():
    from drafter.draft.topic import understand

    assert "discipline" not in understand("守牢耕地保护红线", PhraseBank.open()).sections
    assert "discipline" in understand("严守纪律红线", PhraseBank.open()).sections


def test_a_reflective_genre_does_not_borrow_a_meetings_orders_as_filler(tmp_path):
    # A signed article's safeguards: a topic-neutral passage that reasons may stand, one
    # of a meeting's orders (凡是…都要…) does not; a 工作会议讲话 may take either.
    orders = ("责任落实机制要硬起来。凡是敷衍塞责的，都要依规依纪严肃追责问责，"
              "各级各部门要把督查评估机制用起来，把责任压实。")
    reasons = ("机制的生命力在于执行。我们深刻体会到，长效机制再好，不执行也是一纸空文，"
               "落实责任归根到底靠久久为功的坚守。")
    phrases = [_on("paragraph", p, ["safeguards"], ["general"], file=f"{i}.txt")
               for i, p in enumerate((orders, reasons))]
    article = _drawn(tmp_path, phrases, "安全生产", template="theory_article")
    assert not any("追责问责" in t for t in article), article
    assert any("生命力在于执行" in t for t in article), article
    speech = _drawn(tmp_path / "s", phrases, "安全生产")
    assert any("追责问责" in t for t in speech), speech


def test_a_draft_makes_an_argument_once(tmp_path):
    # Two paragraphs on what 机构编制 is at bottom, and two lists of the usual methods,
    # each worded its own way: a lecture or an article says each once.  (With a comma or
    # without: 网络生态治理的实质，在于… and …的实质在于… in one 研讨发言, judge 187.)
    essence = ["机构编制工作的实质在于优化权力配置，让每一个机构都有存在的理由和清晰的职责边界。",
               "机构编制管理的本质，在于转变职能，把政府不该管的交给市场和社会，把该管的管好管到位。"]
    methods = ["做好机构编制工作，要坚持问题导向，针对职责交叉的问题逐项梳理；要运用系统观念，"
               "统筹上下左右的机构设置。",
               "推进机构编制管理，要深入调查研究，摸清各部门的真实工作量；要坚持系统观念，统筹推进"
               "机构编制管理，不搞一刀切。"]
    phrases = ([_on("paragraph", p, ["significance"], ["reform"], file=f"e{i}.txt")
                for i, p in enumerate(essence)]
               + [_on("paragraph", p, ["work_methods"], ["reform"], file=f"m{i}.txt")
                  for i, p in enumerate(methods)])
    with _task_bank(tmp_path, phrases) as bank:
        for genre in ("theory_article", "party_lecture"):
            said = _texts(assemble(genre, {"topic": "机构编制工作"}, bank=bank, mode="full"))
            assert sum(any(e[:8] in t for t in said) for e in essence) == 1, said
            assert sum(any(m[:10] in t for t in said) for m in methods) == 1, said


def test_a_word_only_the_banks_dictionary_knows_names_the_topic(tmp_path):
    # 秸秆禁烧 is in no speech of the archive; mined from passages written on it, it is in
    # the bank's dictionary, and a passage that says it is on the topic.  A verb the
    # dictionary also lacks (防范化解) is no such name.
    from drafter.bank.words import save_dictionary
    from drafter.draft.topic import understand

    own = "秸秆禁烧是一场持久战。要落实网格化巡查，做到发现一处、处置一处。"
    phrases = [_on("paragraph", own, ["key_tasks"], ["environment"], file="s.txt")]
    save_phrases(tmp_path / "bank", phrases)
    save_dictionary(tmp_path / "bank", {"秸秆禁烧": ("candidate", 9),
                                        "防范化解": ("candidate", 9)})
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        words = understand("秸秆禁烧和防范化解风险", bank).words
    assert "秸秆禁烧" in words and "防范化解" not in words, words


@pytest.mark.parametrize("topic, guests", [
    ("全市民营企业家座谈会", "民营企业家"), ("全县退役军人代表座谈会", "退役军人代表"),
    ("全县河湖长制工作座谈会", "")])
def test_a_summary_speaks_to_the_guests_a_meeting_gathers(topic, guests):
    text = plain_text(assemble("summary_remarks", {"topic": topic}))
    if guests:
        assert f"各位{guests}，同志们：" in text and f"希望各位{guests}" in text
        assert "把各项任务抓实抓细抓到位" not in text  # no work assigned to guests
    else:
        assert "同志们：" in text and "希望各位" not in text


def test_a_committee_leading_the_topic_sets_the_speechs_level():
    from drafter.draft.topic import jurisdiction_of

    assert jurisdiction_of("县委理论学习中心组专题研讨：推进紧密型县域医共体建设") == "全县"
    assert jurisdiction_of("市委常委会专题学习") == "全市"
    assert jurisdiction_of("县域经济高质量发展") == ""


def test_a_meeting_on_a_field_of_work_is_placed_as_the_field_is(tmp_path):
    # 人才 alone is said in every field; 人才工作 is the field the bank files it under.
    from drafter.draft.topic import understand

    phrases = [_on("paragraph", f"人才工作要抓实，第{i}项是引育并举，集聚高层次人才。", ["talent"],
                   ["innovation"], file=f"{i}.txt") for i in range(4)]
    phrases += [_on("paragraph", f"人才是第一资源，第{i}次说到的是{w}。", ["talent"], [d],
                    file=f"o{i}.txt")
                for i, (w, d) in enumerate((("乡村人才", "rural"), ("医疗人才", "livelihood"),
                                            ("教育人才", "livelihood"), ("文艺人才", "culture"),
                                            ("技能人才", "economy")))]
    with _task_bank(tmp_path, phrases) as bank:
        assert understand("全市人才工作座谈会", bank).domain_keys[:1] == ["innovation"]


def test_a_passage_opening_on_the_topics_word_is_its_own_whatever_its_field(tmp_path):
    # 水利 is common enough to be said in passing; a passage that opens on it is on it,
    # even filed under 生态环境 for a topic the bank reads as 三农.  One that opens on
    # another subject and names 水利 later is not.
    own = "水利建设周期长、投入大，必须把要素保障抓在前面。要加大水利投入，用好专项债券。"
    other = "高标准农田建设投入大，离不开稳定的资金保障。要统筹水利、交通等涉农资金。"
    phrases = [_on("paragraph", own, ["significance"], ["environment"], file="w.txt"),
               _on("paragraph", other, ["significance"], ["economy"], file="f.txt"),
               *[_on("paragraph", f"农业农村工作第{i}项：农田水利要建好管好，让农民得实惠。",
                     ["key_tasks"], ["rural"], file=f"r{i}.txt") for i in range(5)]]
    texts = _drawn(tmp_path, phrases, "全县水利工作会议")
    assert any("周期长" in t for t in texts), texts
    assert not any("高标准农田" in t for t in texts), texts


def test_a_topic_with_few_passages_takes_them_with_their_sector(tmp_path):
    # 医共体: its few passages speak of 县级医院; without them the draft is empty.
    own = "医共体要紧起来，关键在于人财物统筹管理。要以县级医院为龙头，整合乡镇卫生院和村卫生室。"
    phrases = [_on("paragraph", own, ["significance"], ["livelihood"], file="y.txt")]
    phrases += [_on("paragraph", f"推进紧密型县域医共体建设，第{i}条是让群众少跑路。",
                    ["significance"], ["livelihood"], file=f"s{i}.txt") for i in range(3)]
    texts = _drawn(tmp_path, phrases, "全县推进紧密型县域医共体建设")
    assert any("县级医院为龙头" in t for t in texts), texts


def test_a_two_character_word_read_across_two_words_is_not_the_topic(tmp_path):
    # 建党 of 伟大建党精神: not in 组建党员突击队 or 链上建党组织.
    across = ("要在抢险救援一线组建党员突击队，推行链上建党组织，让党旗高高飘扬。"
              "各级党组织要把组建党员突击队作为重要抓手。")
    own = "伟大建党精神是中国共产党的精神之源。建党精神要代代相传，激励我们砥砺前行。"
    phrases = [_on("paragraph", p, ["significance"], ["party_building"], file=f"{i}.txt")
               for i, p in enumerate((across, own))]
    texts = _drawn(tmp_path, phrases, "弘扬伟大建党精神", template="party_lecture")
    assert any("精神之源" in t for t in texts), texts
    assert not any("突击队" in t for t in texts), texts


def test_what_is_done_to_a_subject_is_not_the_subject():
    from drafter.draft.topic import understand

    audit = understand("全市审计整改工作推进会", PhraseBank.open())
    assert "审计" in audit.words and "整改" not in audit.words
    assert "discipline" not in audit.sections  # 整改 is no 纪律 topic here
    civility = understand("以全国文明城市创建提升城市文明程度和市民文明素质", PhraseBank.open())
    assert not {"创建", "市民"} & set(civility.words)


def test_a_word_inside_another_subjects_name_is_not_the_topic(tmp_path):
    # 斗争 of 斗争精神 is not in 反腐败斗争 (a subject of its own); 卫生 of 爱国卫生 is not
    # in 公共卫生.
    fight = ("反腐败斗争形势依然严峻复杂。要保持反腐败斗争的高压态势，"
             "一体推进不敢腐、不能腐、不想腐。")
    own = "斗争精神是共产党人的鲜明品格。发扬斗争精神，要敢于直面风险挑战，在攻坚克难中担当作为。"
    phrases = [_on("paragraph", p, ["significance"], ["party_building"], file=f"{i}.txt")
               for i, p in enumerate((fight, own))]
    texts = _drawn(tmp_path, phrases, "发扬斗争精神", template="party_lecture")
    assert any("鲜明品格" in t for t in texts), texts
    assert not any("高压态势" in t for t in texts), texts


def test_a_passage_written_for_another_subject_stays_out_of_a_topic_it_only_mentions(
        tmp_path):
    # Written for 全面从严治党, a passage saying 党内政治生活气象更新 is not on 气象; one
    # written for 气象 is.  A topic that is its whole field takes its subjects' passages.
    party = ("十多年来的变化有目共睹。党内政治生活气象更新，这份新气象来之不易，腐败存量"
             "尚未清除，必须倍加珍惜、久久为功。")
    weather = ("气象服务是防灾减灾的第一道防线。要健全气象灾害监测预警体系，"
               "让气象信息第一时间直达基层责任人。")
    phrases = [
        _on("paragraph", party, ["significance"], ["general"], file="p.txt",
            tags=["subject:深刻认识全面从严治党永远在路上的重大意义"]),
        _on("paragraph", weather, ["significance"], ["general"], file="w.txt",
            tags=["subject:深刻认识做好气象防灾减灾的重要意义"])]
    texts = _drawn(tmp_path, phrases, "推动气象高质量发展", template="theory_article")
    assert any("第一道防线" in t for t in texts), texts
    assert not any("腐败存量" in t for t in texts), texts


def _written_for(subject: str, texts: list[str], domain: str) -> list[Phrase]:
    """Paragraphs written for ``subject`` (its subject:… tag), one source file each."""
    return [_on("paragraph", text, ["key_tasks", "significance"], [domain],
                file=f"{subject}-{i}.txt", tags=[f"subject:{subject}"])
            for i, text in enumerate(texts)]


@pytest.mark.parametrize("topic, own, other, said, not_said", [
    # 演出 is in no three paragraphs of the speech archive, and general Chinese says it
    # every day: another field's word.  Passages written for 加强演出市场监管 (ticket touts,
    # show permits) had been half of a 市场监管 work conference speech (judge 209).
    ("全市市场监管工作会议",
     ("深刻认识加强和改进市场监管的重要意义", "business", [
         "市场监管连着群众的菜篮子、药箱子和钱袋子。食品药品安全、产品质量安全都是"
         "民生大事，必须扛牢市场监管的政治责任。",
         "公平有序的市场环境离不开有效的市场监管。要在放活和管好之间找到平衡，推动形成"
         "统一开放、竞争有序的市场体系。"]),
     ("加强演出市场监管", "business", [
         "审批是演出市场监管的第一道关口。要严格执行营业性演出许可制度，对演出举办单位"
         "资质、演员情况和节目内容进行全面审核。",
         "票务秩序是群众最直观的观演体验。要督促票务平台落实实名购票制度，加强演出市场"
         "监管，严厉打击倒票行为。"]),
     ("菜篮子", "放活和管好"), "演出"),
    # 供销合作社综合改革 qualifies 综合改革 by a name of five characters; 高考综合改革
    # qualifies it by 高考: another reform, whose 选课走班 passages had been a point of a
    # 供销社 work conference speech (judge 210).  深化综合改革's 深化 is a verb, no kind.
    ("全市供销合作社综合改革工作会议",
     ("深化供销合作社综合改革", "reform", [
         "供销合作社是党领导下的为农服务的综合性合作经济组织。深化供销合作社综合改革，"
         "要坚持为农服务根本宗旨，密切与农民的利益联结。",
         "要加快构建县乡村三级供销合作社综合服务体系，推动基层社改造提升，让供销合作"
         "社综合改革成果更多惠及农民群众。"]),
     ("实施高考综合改革", "reform", [
         "选课走班是高考综合改革对教学组织方式的深刻重塑。要指导普通高中完善选课"
         "走班管理制度，统筹师资和教室资源。",
         "综合素质评价是高考综合改革的重要内容。要建立学生综合素质档案，客观记录"
         "学生成长过程。"]),
     ("为农服务", "基层社"), "高考"),
], ids=["another field's kind (演出市场监管)", "another's qualifier (高考综合改革)"])
def test_a_subject_that_names_the_topics_word_as_anothers_kind_stays_out(
        tmp_path, topic, own, other, said, not_said):
    """Passages written for a subject whose name says the topic's word of another kind
    stay out; the topic's own come in."""
    phrases = _written_for(other[0], other[2], other[1]) + _written_for(own[0], own[2], own[1])
    texts = _drawn(tmp_path, phrases, topic)
    assert all(any(word in t for t in texts) for word in said), texts
    assert not any(not_said in t for t in texts), texts


def test_a_string_of_orders_is_no_reason_in_an_articles_why_part(tmp_path):
    # Judges 208-210 each read orders under a lecture's or an article's 重大意义: 各级党委
    # 政府要提高…认识水平，主要负责同志要亲自研究…。要坚持以人民为中心… A meeting's
    # speech may ask its audience there to see the point.
    orders = ("发展数字经济是赢得发展主动的战略选择。各级党委政府要提高对数字经济的认识水平，"
              "主要负责同志要亲自研究数字化发展规划。要坚持以人民为中心，推动数字技术服务民生。"
              "要加快数字基础设施建设。")
    reasons = [f"数字经济是继农业经济、工业经济之后的主要经济形态，第{i}次深刻改变着生产方式。"
               "发展数字经济，实质在于以数据要素重塑生产关系。" for i in range(3)]
    phrases = [_on("paragraph", text, ["significance"], ["economy"], file=f"why{i}.txt",
                   terms=["数字经济"])
               for i, text in enumerate([orders, *reasons])]
    with _task_bank(tmp_path, phrases) as bank:
        parts = {genre: [next(n for n in draft.body if n.slot == part)
                         for draft in (assemble(genre, {"topic": "加快发展数字经济"}, bank=bank,
                                                seed=seed, mode="full") for seed in range(3))]
                 for genre, part in (("theory_article", "grasp"), ("work_conference",
                                                                    "situation"))}
    grasp = [i.text for node in parts["theory_article"] for n in node.walk() for i in n.items]
    assert any("主要经济形态" in t for t in grasp), grasp
    assert not any("主要负责同志要" in t for t in grasp), grasp
    meeting = [i.text for node in parts["work_conference"] for n in node.walk() for i in n.items]
    assert any("主要负责同志要" in t for t in meeting), meeting


def test_a_word_the_topic_says_of_one_kind_is_not_its_own_said_of_any():
    # 政治规矩 is one kind of 规矩; passages written for 地方金融组织监管, 师德师风 and
    # 选举工作, opening on 守规矩, 立规矩, 民主与规矩, had been four of a 党课 on 严守党
    # 的政治纪律和政治规矩 (judge 212).  (A word rare in speech names its subject alone:
    # the 36 reference drafts, 农村人居环境整治's 村庄清洁 passages among them, did not
    # change.)
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    with PhraseBank.open() as bank:
        lecture = load_template("party_lecture")
        drafting = _Assembler(lecture, lecture.resolve_fields(
            {"topic": "严守党的政治纪律和政治规矩"}), bank, 0, "full")
        assert drafting._said_bare("守规矩是地方金融组织立身的前提。", "规矩")
        assert not drafting._said_bare("守政治规矩，首先要严守政治纪律。", "规矩")
        texts = [plain_text(assemble("party_lecture", {"topic": "严守党的政治纪律和政治规矩"},
                                     bank=bank, seed=seed, mode="full")) for seed in range(2)]
    assert all("规矩" in t for t in texts)
    assert not any(re.search("地方金融组织|师德建设|选举工作", t) for t in texts), texts


def _livelihood_field() -> list[Phrase]:
    """The rest of 民生, so that a topic under test is one subject of it, not all of it."""
    return [_on("paragraph", f"{w}事关群众切身利益。要完善{w}政策，第{i}次补齐短板。",
                ["key_tasks"], ["livelihood"], file=f"s{i}.txt")
            for i, w in enumerate(("养老", "教育", "医疗", "住房", "托育", "救助") * 3)]


def test_a_passage_written_for_a_sibling_subject_or_opening_on_another_stays_out(tmp_path):
    # 气象防灾减灾 shares its head 减灾 with 防震减灾 but is another subject; a passage
    # written on 金融 that says 以人民为中心 after naming 金融 is 金融's.  One written on
    # 城镇化 that opens on the topic (城市更新是…) is the topic's.
    weather = ("气象防灾减灾的根本目的是保护人民群众生命安全。要把预警信息及时准确送到群众"
               "手中，宁可防而未至，不可至而无防。")
    quake = ("防震减灾的关键在于抗震设防。要把抗震设防要求纳入城市规划和工程建设全过程，"
             "加固学校医院等重点设施。")
    finance = ("金融工作必须坚持以人民为中心的价值取向。普惠金融关系广大小微企业和普通群众"
               "的切身利益，要守住不发生区域性金融风险的底线。")
    renewal = ("城市更新是新型城镇化转向内涵提升的必然要求。要推进老旧小区改造，加装电梯、"
               "完善停车和充电设施，补齐社区服务短板。")
    phrases = [
        _on("paragraph", weather, ["significance"], ["safety"], file="w.txt",
            tags=["subject:深刻认识做好气象防灾减灾工作的重大意义"]),
        _on("paragraph", quake, ["significance"], ["safety"], file="q.txt",
            tags=["subject:深刻认识提升城市防震减灾能力的重大意义"]),
        _on("paragraph", finance, ["significance"], ["general"], file="f.txt",
            tags=["subject:深刻认识发展普惠金融和绿色金融的重要意义"]),
        _on("paragraph", renewal, ["significance"], ["governance"], file="r.txt",
            tags=["subject:把握以人为核心的新型城镇化的深刻内涵"]),
        # The rest of the field, so that 防震减灾 is one subject of 安全 and not all of it.
        *[_on("paragraph", f"{w}安全是城市安全的重要方面。要压实{w}安全责任，第{i}次开展隐患排查"
              f"整治，坚决防范遏制重特大事故。", ["key_tasks"], ["safety"], file=f"s{i}.txt")
          for i, w in enumerate(("燃气", "消防", "交通", "危化品", "建筑施工", "矿山") * 3)]]
    texts = _drawn(tmp_path, phrases, "提升城市防震减灾能力", template="theory_article")
    assert any("抗震设防" in t for t in texts), texts
    assert not any("气象" in t for t in texts), texts
    texts = _drawn(tmp_path, phrases, "坚持以人民为中心的发展思想", template="theory_article")
    assert not any("普惠金融" in t for t in texts), texts
    texts = _drawn(tmp_path, phrases, "城市更新", template="theory_article")
    assert any("老旧小区" in t for t in texts), texts


def test_a_subject_seen_from_the_height_of_the_topic_is_not_the_topics(tmp_path):
    # 站在共同富裕高度认识东西部协作和对口支援 is on 东西部协作, whatever height it takes.
    pairing = ("东西部协作和对口支援，是推动区域协调发展、促进共同富裕的重大制度安排。要深化产业合作、"
               "劳务协作和人才交流。")
    phrases = [_on("paragraph", pairing, ["significance"], ["livelihood"], file="e.txt",
                   tags=["subject:站在共同富裕高度认识东西部协作和对口支援"]),
               *_livelihood_field()]
    texts = _drawn(tmp_path, phrases, "扎实推动共同富裕", template="seminar_statement")
    assert not any("东西部协作" in t for t in texts), texts
    texts = _drawn(tmp_path, phrases, "东西部协作和对口支援", template="seminar_statement")
    assert any("东西部协作" in t for t in texts), texts


def test_a_conviction_is_framed_as_shown_in_deeds_not_as_a_task_put_in_place():
    from drafter.draft.templates import derived_variables, load_template

    values = derived_variables({"topic": "增强“时时放心不下”的责任感"})
    assert values["inward"] and not derived_variables({"topic": "安全生产"})["inward"]
    heads = [h for block in ("understanding_heading", "measures_heading", "safeguards_heading")
             for h in load_template("seminar_statement").render_block(
                 block, {**values, "title": "t", "organisation": "我们"}).splitlines()]
    assert not any("落地见效" in h or "核心要义" in h for h in heads), heads
    closing = load_template("party_lecture").render_block(
        "closing", {**derived_variables({"topic": "坚定理想信念"}), "audience": "同志们"})
    assert "做好坚定理想信念" not in closing and "终身课题" in closing
    # A quality is grasped as named, not as the doing of it.
    assert derived_variables({"topic": "增强历史思维能力"})["grasped"] == "历史思维能力"


@pytest.mark.parametrize("topic, said, not_said", [
    # A principle or a thing held is no work done well (judge 93: 做好学好用好党内法规).
    ("学好用好党内法规", "学好用好党内法规，是每名党员干部的应尽之责", "做好"),
    ("坚持和运用好民主集中制", "坚持和运用好民主集中制，是", "做好民主集中制"),
    # A work is still done well.
    ("机要密码工作", "做好机要密码工作使命光荣", "应尽之责")])
def test_a_lecture_closes_on_its_topic_in_a_form_that_fits(topic, said, not_said):
    from drafter.draft.templates import derived_variables, load_template

    closing = load_template("party_lecture").render_block(
        "closing", {**derived_variables({"topic": topic}), "audience": "同志们"})
    assert said in closing and not_said not in closing, closing


@pytest.mark.parametrize("topic, addressed", [
    ("全市新提任县处级领导干部座谈会", "新提任县处级领导干部"), ("全县年轻干部座谈会", "年轻干部"),
    ("全市安全生产工作座谈会", "")])
def test_a_summary_asks_things_of_the_cadres_a_meeting_gathers(topic, addressed):
    from drafter.draft.templates import derived_variables, load_template

    values = {**derived_variables({"topic": topic}), "audience": "同志们", "title": "t",
              "jurisdiction": "全市"}
    assert values["addressed"] == addressed
    template = load_template("summary_remarks")
    said = "".join(template.render_block(block, values) for block in (
        "opening", "transition", "understanding_heading", "requirements_heading", "closing"))
    # Cadres are asked things, not asked about their 工作 as a field of work.
    assert ("新提任县处级领导干部工作" in said) is False
    assert ("共勉" in said) is bool(addressed)


def test_a_passage_written_for_the_topic_stands_though_it_names_other_subjects(tmp_path):
    # Written for 以人民为中心的发展思想, a passage on 就业 is the topic's (it shows what the
    # thought asks); one written for 档案事业高质量发展 is not 慈善事业高质量发展's for
    # sharing 事业高质量发展.
    people = ("就业是最基本的民生。要把高校毕业生、退役军人、农民工作为重点，落实稳岗返还、"
              "社保补贴等政策，做到应享尽享、直达快享。")
    archives = ("档案工作存史资政育人。要推进档案数字化，健全档案资源体系，让档案在服务发展中"
                "发挥更大作用。")
    charity = ("慈善是第三次分配的重要方式。要培育慈善组织，规范慈善募捐，让慈善成为全社会"
               "的自觉行动。")
    phrases = [
        _on("paragraph", people, ["significance"], ["livelihood"], file="a.txt",
            tags=["subject:深刻把握以人民为中心的发展思想的实践要求"]),
        _on("paragraph", archives, ["significance"], ["culture"], file="b.txt",
            tags=["subject:深刻认识推进档案事业高质量发展的重大意义"]),
        _on("paragraph", charity, ["significance"], ["livelihood"], file="c.txt",
            tags=["subject:深刻认识发展慈善事业的重要意义"]),
        *_livelihood_field()]
    texts = _drawn(tmp_path, phrases, "坚持以人民为中心的发展思想", template="theory_article")
    assert any("稳岗返还" in t for t in texts), texts
    texts = _drawn(tmp_path, phrases, "推动慈善事业高质量发展", template="theory_article")
    assert any("第三次分配" in t for t in texts), texts
    assert not any("档案" in t for t in texts), texts


def test_a_parts_own_heads_stand_in_it_and_a_safeguard_is_not_one_of_the_tasks(tmp_path):
    # Two task heads and two safeguard heads of the topic, each with its body; and a
    # neutral set of three safeguards.  The safeguards go to 保障, before the neutral set.
    own = (("key_tasks", "抓实全民国防教育", "国防教育是征兵工作的基础。要把国防教育纳入干部培训，"
            "办好全民国防教育日，讲好征兵政策。"),
           ("key_tasks", "落实兵役优待激励政策", "政策激励是吸引青年参军的重要杠杆。要落实义务兵家庭"
            "优待金，做好征兵宣传和退役安置。"),
           ("safeguards", "健全征兵工作保障机制", "征兵保障有力，征兵工作才能落地。要建立人武部门牵头、"
            "教育公安卫生部门协同的征兵工作机制。"),
           ("safeguards", "严格征兵工作纪律监督", "征兵工作纪律是高压线。要公开征兵政策和程序，"
            "严查征兵工作中的优亲厚友。"))
    phrases = []
    for i, (section, head, body) in enumerate(own):
        phrases += _mined_unit(head, body, [section], ["defence_foreign"], f"z{i}.txt",
                               f"（{'一二三四'[i]}）", terms=["征兵"])
    phrases += _mined_units((
        ("压紧压实工作责任", "责任不落实，部署就会落空。要把任务分解到单位、落实到岗位。"),
        ("坚持系统观念", "坚持系统观念，就要把工作放到全局中谋划，统筹推进。"),
        ("严格督查考核", "督查考核是推动落实的有力抓手。要加强跟踪问效，奖优罚劣。")),
        ["safeguards"], ["general"], "g")
    with _task_bank(tmp_path, phrases) as bank:
        draft = assemble("work_conference", {"topic": "全市征兵工作会议"}, bank=bank, mode="full")
    parts = [[c.heading for c in part.children] for part in draft.body]
    assert "健全征兵工作保障机制" not in parts[1], parts
    assert {"健全征兵工作保障机制", "严格征兵工作纪律监督"} <= set(parts[2]), parts


def test_orders_to_named_departments_read_as_a_leaders_deployment():
    from drafter.draft.assemble import _reflective

    orders = "发改部门要牵头，财政部门要加大投入，把这项工作纳入党政领导班子考核。"
    thought = "我们深刻体会到，这项工作的实质在于为群众办实事。"
    assert _reflective(orders) < 0 < _reflective(thought)


def test_a_verb_a_frame_shares_with_the_topic_is_said_once():
    draft = assemble("seminar_statement", {"topic": "牢牢把握高质量发展这个首要任务"})
    text = plain_text(draft)
    assert "把握高质量发展的核心要义" in text
    assert "把握把握" not in text


def test_a_topic_that_builds_its_system_is_not_built_again():
    from drafter.draft.topic import topic_forms

    assert topic_forms("主动融入和服务构建新发展格局") == (
        "verb", "新发展格局", "主动融入和服务构建新发展格局工作")
    assert topic_forms("养老服务体系")[2] == "养老服务体系建设"


def test_a_subject_written_with_its_own_dui_is_read_whole():
    from drafter.draft.assemble import _written_name

    assert _written_name("深刻认识做好新时代对台工作的重大意义") == "做好新时代对台工作"
    assert _written_name("把握积极应对人口老龄化的战略意义") == "积极应对人口老龄化"
    assert _written_name("充分认识会展经济对城市发展的拉动作用") == "会展经济"
    # Two weights named together; what one subject does in or for another is its own.
    assert _written_name("充分认识城镇老旧小区改造的民生分量和发展价值") == "城镇老旧小区改造"
    assert _written_name("深刻认识巡察工作在全面从严治党中的重要作用") == "巡察工作"
    assert _written_name("深刻领会载人航天精神对科技创新的激励作用") == "载人航天精神"


def test_a_common_head_of_the_topic_after_another_subject_finds_no_terms():
    """工资 of 农民工工资 also ends 教师工资: the teachers' pay passages lend no terms to
    a speech on unpaid migrant workers, and their safeguards stay out of it."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    understood = understand("全市根治拖欠农民工工资工作会议", bank)
    assert not {"教育支出", "一般公共预算", "只增不减"} & set(understood.terms)
    text = plain_text(assemble("work_conference", {"topic": "全市根治拖欠农民工工资工作会议"},
                               bank=bank, mode="full"))
    assert "教育支出" not in text and "教师" not in text


def test_a_member_of_a_study_group_gives_no_orders():
    from drafter.draft.assemble import spoken_by_member
    from drafter.draft.templates import load_template

    assert spoken_by_member("各级党委政府要站稳人民立场。发展改革部门要牵头统筹项目；"
                            "农业农村、市场监管等部门要加强协作。") == (
        "我们要站稳人民立场。要推动发展改革部门牵头统筹项目；要推动农业农村、市场监管等部门加强协作。")
    # After a comma too, and with 必须 (…的必然要求，各级各部门必须把它摆在…: judge 81).
    assert spoken_by_member("是必然要求，各级各部门必须把它摆在突出位置。") == (
        "是必然要求，我们必须把它摆在突出位置。")
    assert spoken_by_member("要坚持问题导向，各级党委要压实责任。") == "要坚持问题导向，我们要压实责任。"
    assert spoken_by_member("上级党委要求各级党委要压实责任。") == "上级党委要求各级党委要压实责任。"
    from drafter.draft.assemble import refill

    for topic in ("市委理论学习中心组碳达峰碳中和专题学习研讨", "国土空间规划专题研讨发言"):
        draft = assemble("seminar_statement", {"topic": topic}, mode="full")
        # (换一批 speaks as the draft does.)
        fresh = [refill(draft, node, "seminar_statement") for node in draft.body]
        said = [item.text for node in [*draft.nodes(), *fresh] for item in node.items
                if item.phrase]
        assert said and not any(text.startswith(("各级党委政府要", "各地各部门要"))
                                or "。各级党委政府要" in text for text in said)
    lecture = load_template("party_lecture")
    assert lecture.reflects and lecture.voice == "lecture"
    assert load_template("seminar_statement").voice == "member"


def test_an_article_or_a_lecture_argues_what_departments_should_do():
    import re

    from drafter.draft.assemble import argued, refill

    assert argued("养老服务要有钱办事。财政部门要把经费纳入预算，自然资源部门要保障用地。") == (
        "养老服务要有钱办事。财政部门应把经费纳入预算，自然资源部门应保障用地。")
    for genre in ("theory_article", "party_lecture"):
        draft = assemble(genre, {"topic": "养老服务"}, mode="full")
        fresh = [refill(draft, node, genre) for node in draft.body]
        said = [item.text for node in [*draft.nodes(), *fresh] for item in node.items
                if item.phrase]
        assert said and not any(re.search(r"(?:^|[。；，])[^，。；：要]{2,16}部门要", text)
                                for text in said)


def test_no_genre_but_a_meetings_divides_the_work_among_departments():
    # Judges 67, 68: a signed article whose part 三 read 科技部门应牵头…人社部门应…财政部门
    # 应…, a study-group member saying 要推动财政部门…要推动自然资源部门….  The argument
    # around such a division stays; a passage that is little else is not used.
    import re

    from drafter.draft.assemble import unaddressed, undeployed

    passage = ("做好信访工作，队伍和机制保障不可缺少。财政部门应保障信访工作经费；组织部门应选优配强"
               "信访干部。要完善信访工作考核机制，把信访工作纳入领导班子实绩考核。")
    assert undeployed(passage) == ("做好信访工作，队伍和机制保障不可缺少。要完善信访工作考核机制，"
                                   "把信访工作纳入领导班子实绩考核。")
    listed = "要由民政部门牵头，发展改革部门、商务部门做好政策衔接。要加强人才培养。"
    assert undeployed(listed) == "要加强人才培养。"
    one = "财政部门要把经费纳入预算，确保投入稳定增长。"
    assert undeployed(one) == one
    # (Told what to see to, not what it should: a 党课 on 党性修养, judge 200.)
    seen_to = ("机制健全，党性修养锤炼才能持之以恒。要由组织部门牵头统筹党性教育，宣传部门用好红色"
               "资源和先进典型，财政部门保障党性教育基地建设和培训经费。要把党性表现纳入干部考察"
               "考核内容。")
    assert undeployed(seen_to) == "机制健全，党性修养锤炼才能持之以恒。要把党性表现纳入干部考察考核内容。"
    # (One body told its duty at a sentence's opening: a 党课 speaks to its members, not
    # to the 组织部门 (组织部门要有计划地选派干部… in one on 战略思维, judge 203).
    one_told = ("战略思维能力在实践中生成、在历练中提升。组织部门要有计划地选派干部到关键岗位经受"
                "锻炼。要推动干部多岗位交流任职，在解决实际难题中学会从战略上思考问题。")
    assert undeployed(one_told) == one_told and unaddressed(one_told) == (
        "战略思维能力在实践中生成、在历练中提升。要推动干部多岗位交流任职，在解决实际难题中学会从"
        "战略上思考问题。")
    assert unaddressed(one) == one  # (too little would be left)
    divided = re.compile(r"(?:部门|机关|单位)(?:应|要|负责|牵头|会同|配合)")
    for genre in ("theory_article", "party_lecture", "seminar_statement"):
        for topic in ("人才工作", "信访工作"):
            draft = assemble(genre, {"topic": topic}, mode="full")
            said = [item.text for node in draft.nodes() for item in node.items if item.phrase]
            assert said and not any(len(divided.findall(text)) >= 2 for text in said), genre
    # A leader's speech at a work conference does assign the work.
    draft = assemble("work_conference", {"topic": "人才工作"}, mode="full")
    assert any(len(divided.findall(item.text)) >= 2
               for node in draft.nodes() for item in node.items if item.phrase)


def test_a_topic_joining_two_subjects_takes_passages_on_both():
    # 推动文化和科技融合, barely in the bank, was widened to 文化 and to 科技 and drafted
    # from passages on either (judge 68: 茶旅, 海外引才, 北斗精神, 地方戏曲, ten of them).
    # Passages were written for it since: 推动教育和科技融合 is such a topic now.
    from drafter.draft.topic import understand

    topic, parts = "推动教育和科技融合", ("教育", "科技")
    understood = understand(topic, PhraseBank.open())
    assert sorted(understood.widened) == sorted(parts) and understood.widened_jointly
    assert not understand("文化传承发展", PhraseBank.open()).widened_jointly
    for genre in ("theory_article", "work_conference"):
        draft = assemble(genre, {"topic": topic}, mode="full")
        said = [item.text for node in draft.nodes() for item in node.items
                if item.phrase and item.role == "paragraph"]
        # (Topic-neutral passages on the work's safeguards may stand: they name neither.)
        assert all((parts[0] in text) == (parts[1] in text) for text in said), said


def test_a_subject_sharing_only_modernisation_with_the_topic_is_anothers():
    # 推进应急管理体系和能力现代化 and 推进县域治理体系和治理能力现代化 were read as
    # written for 加快构建现代化产业体系 (their 能力现代化 against its 现代化): a signed
    # article on the industrial system argued 应急管理 and 县域治理 (judge 68).
    for genre in ("theory_article", "work_conference"):
        text = plain_text(assemble(genre, {"topic": "加快构建现代化产业体系"}, mode="full"))
        assert "应急管理" not in text and "县域治理" not in text, genre


def test_a_passage_calling_something_else_by_the_topics_name_is_not_on_it():
    # 农贸市场和餐饮场所是创卫检查的重点，也是群众的菜篮子, written for 创建国家卫生城市,
    # stood in a statement on the 菜篮子 programme (judge 67).
    for genre in ("seminar_statement", "work_conference"):
        text = plain_text(assemble(genre, {"topic": "“菜篮子”工程建设"}, mode="full"))
        assert "创卫" not in text, genre


def test_a_topic_named_by_its_short_name_finds_its_subject():
    # 乡镇（街道）社工站建设 was a draft of gaps while the bank holds passages written for
    # 建好乡镇社会工作站 (judge 67): 社工站 is how writers shorten 社会工作站.
    draft = assemble("work_conference", {"topic": "乡镇（街道）社工站建设"}, mode="full")
    said = [item.text for node in draft.nodes() for item in node.items if item.phrase]
    assert sum("社会工作站" in text for text in said) >= 4, said


def test_a_template_head_gives_way_to_the_point_its_passage_states():
    # Judges 67 and 68: 是践行以人民为中心发展思想的必然要求 over a paragraph on 两弹一星,
    # 是提升治理能力的现实需要 over one on political loyalty.  A signed article's bold
    # lead sentence is its paragraph's own point.
    frames = ("的必然要求", "的内在要求", "的现实需要")
    full = assemble("theory_article", {"topic": "革命老区振兴发展"}, mode="full")
    grasp = full.body[0].children
    led = [node for node in grasp if not node.heading.endswith(frames)]
    assert led, [node.heading for node in grasp]
    for node in led:
        assert "老区" in node.heading and len(node.heading) <= 30
        assert node.items and node.items[0].phrase
        assert not node.items[0].text.startswith(node.heading)  # said once
    # An outline keeps the template's heads: it has no passage to take a point from.
    outline = assemble("theory_article", {"topic": "革命老区振兴发展"}, mode="outline")
    assert all(node.heading.endswith(frames) for node in outline.body[0].children)


def test_a_head_the_bank_says_mostly_of_other_kinds_is_no_word_of_the_topic():
    # 遗产 of 工业遗产保护利用 had drawn 灌溉工程遗产, 非遗 and 丝路遗存 passages (judge 69:
    # nine foreign); 党建 of 机关党建 is said of party building itself (抓党建), and stays.
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert "遗产" not in understand("工业遗产保护利用", bank).words
    assert "党建" in understand("机关党建", bank).words
    text = plain_text(assemble("theory_article", {"topic": "工业遗产保护利用"}, bank=bank,
                               mode="full"))
    assert not any(other in text for other in ("灌溉", "非遗", "丝路", "樊锦诗")), text


def test_a_sibling_named_only_by_a_qualifying_word_is_not_the_topics_subject():
    # 平急两用公共基础设施建设 had been drafted from 推进新型基础设施建设's passages (5G,
    # 算力: judge 71, five foreign), since they say 公共, which names nothing alone.
    bank = PhraseBank.open()
    assert "推进新型基础设施建设" in bank.written_subjects()
    text = plain_text(assemble("theory_article", {"topic": "平急两用公共基础设施建设"},
                               bank=bank, mode="full"))
    assert not any(other in text for other in ("算力", "5G", "新型基础设施", "信息网络")), text


def test_a_list_whose_last_item_opens_on_deng_is_read_as_a_list():
    # 看得准、扶得稳、等得起: split at 等 as a list's end, the last item was empty, and
    # every draft on 制造业单项冠军培育, 城镇燃气瓶改管 or 微改革 ended in an IndexError
    # once passages saying so were in the bank.
    from drafter.bank.store import load_phrases
    from drafter.config import bundled_dir
    from drafter.draft.assemble import _enumerated

    assert _enumerated("对有潜力的企业要看得准、扶得稳、等得起") == (
        frozenset({"要看得准", "扶得稳", "等得起"}),)
    assert _enumerated("统筹推进老旧小区改造、背街小巷整治、城市绿道建设等民生工程") == (
        frozenset({"小区改造", "背街小巷整治", "城市绿道"}),)  # (等 ends this one)
    for phrase in load_phrases(bundled_dir("phrasebank")).phrases.values():
        _enumerated(phrase.text)  # (raises on a list it cannot read)
    bank = PhraseBank.open()
    for genre, topic in (("work_conference", "制造业单项冠军培育"),
                         ("party_lecture", "推进城镇燃气瓶改管"),
                         ("theory_article", "推进微改革")):
        assert topic[-3:] in plain_text(assemble(genre, {"topic": topic}, bank=bank,
                                                 mode="full"))


@pytest.mark.parametrize("genre, topic, once", [
    ("theory_article", "耕地保护", ("管住耕地用途，是守住耕地数量的关键", "管住用途是保护耕地的关键")),
    ("party_lecture", "食品安全", ("依法从重从快查处", "对食品安全违法犯罪必须重拳出击")),
    # what the subject really is, claimed twice in part 一 (judge 81)
    ("seminar_statement", "发展银发经济", ("银发经济的实质，是", "银发经济的实质在于")),
    # Two heads' own bodies, from subjects written alike (改造提升 / 提升改造): one
    # 快检室…索证索票 paragraph under two heads, one 以奖代补 under two more (judge 109).
    ("work_conference", "全市农贸市场改造提升工作会议", ("快速检测室", "设立快检室")),
    ("work_conference", "全市农贸市场改造提升工作会议", ("引导市场开办方和社会资本", "撬动市场主体和社会资本")),
])
def test_a_point_is_not_made_twice_in_other_words(genre, topic, once):
    # Judges' most frequent complaint: two paragraphs on one point (耕地用途 under two
    # heads; 打击制假售假、非法添加 twice), sharing most of their rare words but few
    # of their bigrams.  One of each pair stays.
    # (Over a few seeds: which of the two a seed's draft takes, or whether it takes either,
    # changes with the bank; none takes both.)
    bank = PhraseBank.open()
    said = [sum(point in text for point in once) for text in (
        plain_text(assemble(genre, {"topic": topic}, bank=bank, mode="full", seed=seed))
        for seed in range(4))]
    assert max(said) == 1, said


def test_a_spirit_or_event_another_subject_honours_stays_out_of_the_draft():
    # 古田会议, 渡江 and 秋收起义 came into a 党课 on 弘扬红色文化 from the passages the
    # bank has to honour them (judge 78); a spirit named by a word of the topic's own
    # field (抗洪 beside 防汛救灾) is the field's, and a topic naming one keeps it.
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template
    from drafter.draft.topic import honoured_names

    assert honoured_names("传承弘扬古田会议精神、坚持思想建党") == ["古田会议"]
    assert honoured_names("纪念秋收起义") == ["秋收起义"]
    assert honoured_names("深刻认识做好烈士纪念工作的重大意义") == []
    assert honoured_names("学习贯彻全国组织工作会议精神") == []
    bank = PhraseBank.open()
    text = plain_text(assemble("party_lecture", {"topic": "弘扬红色文化"}, bank=bank,
                               mode="full"))
    assert not any(name in text for name in ("古田会议", "渡江", "秋收起义", "红岩")), text
    own = plain_text(assemble("party_lecture", {"topic": "弘扬渡江精神"}, bank=bank,
                              mode="full"))
    assert own.count("渡江") >= 5
    assert not _Assembler(load_template("theory_article"), {"topic": "防汛救灾"}, bank, 0,
                          "full")._honoured_elsewhere.search("伟大抗洪精神")


def test_a_part_of_the_topics_name_inside_another_word_does_not_name_it():
    # 商务 of 商务楼宇党建 inside 电子商务 let a 快递包装 passage, filed under 生态环境,
    # into a 商务楼宇党建 summary (judge 81); 消防 inside 消防员 said of 维稳 likewise.
    bank = PhraseBank.open()
    for genre, topic, foreign in (("summary_remarks", "商务楼宇党建", "快递"),
                                  ("theory_article", "消防安全", "群体性事件")):
        text = plain_text(assemble(genre, {"topic": topic}, bank=bank, mode="full"))
        assert foreign not in text, text
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    draft = _Assembler(load_template("work_conference"), {"topic": "商务楼宇党建"}, bank, 0,
                       "full")
    assert "商务" in draft.naming_words
    assert not draft._names_by("随着电子商务和快递业快速发展", "商务")
    assert draft._names_by("在商务楼宇中建立党组织", "商务")
    assert draft._names_by("商务楼宇是新兴领域党建的重要阵地", "商务楼宇")


def test_a_lecture_speaks_to_the_party_members_not_to_the_bodies_a_meeting_deploys():
    # Judges read 各级党委要… in a 党课 as a deployment speech's (judge 81, d3 and d4).
    from drafter.draft.assemble import _ADDRESSED_ORDER_RE
    from drafter.draft.templates import load_template

    assert load_template("party_lecture").voice == "lecture"
    text = plain_text(assemble("party_lecture", {"topic": "人才工作"}, bank=PhraseBank.open(),
                               mode="full"))
    assert not [m.group() for m in _ADDRESSED_ORDER_RE.finditer(text)], text
    assert "我们要" in text
    # A signed article still argues as its author (各级党委和政府要… stays its own).
    assert load_template("theory_article").voice == "reflect"


def test_a_word_that_only_narrows_the_topics_name_does_not_make_it_its_field():
    # 生态 of 生态产品 names a third of 生态环境's passages: 生态产品价值实现 had been read
    # as the whole field, its terms 生态环境执法 and 生态环境部门, and two judges' drafts
    # on it filled with 环保督察 and 生态修复 (judges 82 and 84).  人才 of 人才工作 is
    # the name's head, not a word narrowing it.
    from drafter.draft.topic import understand, work_tail

    bank = PhraseBank.open()
    eco = understand("推进生态产品价值实现", bank)
    assert not eco.is_field and not any(t.startswith("生态环境") for t in eco.terms), eco.terms
    assert work_tail("工作") and work_tail("安全") and not work_tail("产品")
    text = plain_text(assemble("seminar_statement", {"topic": "探索生态产品价值实现机制"},
                               bank=bank, mode="full"))
    assert "督察" not in text and "生态产品" in text, text


def test_a_topic_word_said_as_the_end_of_a_rarer_word_is_that_word():
    # 办事 of 依法办事 brought 群众办事 and 高效办成一件事 (政务服务) into a lecture on
    # 法治思维和依法办事能力 (judge 84: 12 foreign).
    from drafter.draft.topic import _whole_word, understand

    assert _whole_word("办事", "法治思维和依法办事能力") == "依法办事"
    assert _whole_word("生产", "安全生产") == "生产"  # (安全生产 is not in jieba's dictionary)
    words = understand("提升领导干部法治思维和依法办事能力", PhraseBank.open()).words
    assert "办事" not in words and "法治思维" in words


def test_what_is_done_for_a_subject_is_no_word_of_it_alone():
    # 保供 of 生猪稳产保供 brought 健全天然气保供协调机制 and 健全能源保供协同机制 into a
    # 生猪 speech (judge 84).
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert understand("全县生猪稳产保供工作会议", bank).words == ["生猪", "生猪稳产保供"]
    text = plain_text(assemble("work_conference", {"topic": "全县生猪稳产保供工作会议"},
                               bank=bank, mode="full"))
    assert "天然气" not in text and "能源" not in text and "生猪" in text, text


def test_a_lectures_part_on_why_has_reasons_not_tasks_for_points():
    # 强化党员身份意识 and 严格党员日常教育管理 stood as the points of 一、深刻认识…的重大
    # 意义 (judge 81); a meeting's speech may still open on tasks.
    # (A head that goes on to say why is a reason, whatever verb it opens with: the
    # template's 推动事业发展的现实需要.)
    from drafter.draft.assemble import _REASON_RE, _TASK_HEAD_RE

    draft = assemble("party_lecture", {"topic": "发挥党员先锋模范作用"}, bank=PhraseBank.open(),
                     mode="full")
    why = draft.body[0]
    heads = [node.heading for node in why.children]
    assert len(heads) >= 2 and not [h for h in heads if _TASK_HEAD_RE.match(h)
                                    and not _REASON_RE.search(h)], heads


def test_a_template_head_nothing_under_it_speaks_to_gives_way_to_the_point_stated_there():
    # 这是践行“两个维护”的必然要求 stood over paragraphs on 党员的质量 and 惩治与预防
    # (judges 85, 87); a first-person pledge (作为一名党员干部，我将…) is a 研讨发言's,
    # not a 党课's (judge 85).
    bank = PhraseBank.open()
    draft = assemble("party_lecture", {"topic": "基层党组织建设"}, bank=bank, mode="full")
    heads = [node.heading for node in draft.body[0].children]
    assert "践行“两个维护”的必然要求" not in heads and len(heads) == 3, heads
    text = plain_text(assemble("party_lecture", {"topic": "以案促改警示教育"}, bank=bank,
                               mode="full"))
    assert "我将" not in text and "通过参加" not in text, text


def test_a_subject_named_as_a_tie_between_two_is_neither_of_them():
    # 行政执法与刑事司法衔接 had been read as two subjects, 行政执法 one of them: its
    # 行刑衔接 passages filled a 综合行政执法 座谈会 speech (judge 81: 7 foreign).
    from drafter.draft.assemble import _name_parts

    assert _name_parts("行政执法与刑事司法衔接") == ["行政执法与刑事司法衔接"]
    assert _name_parts("社区矫正和安置帮教") == ["社区矫正", "安置帮教"]
    text = plain_text(assemble("summary_remarks", {"topic": "全市综合行政执法工作座谈会"},
                               bank=PhraseBank.open(), mode="full"))
    assert "刑事司法" not in text and "综合行政执法" in text, text


def test_two_heads_doing_one_thing_to_one_named_object_are_one_head():
    # 深化标本兼治反腐败 and 深化反腐败斗争 stood as two points of one part (judge 78).
    draft = assemble("party_lecture", {"topic": "深入推进党的自我革命"}, bank=PhraseBank.open(),
                     mode="full")
    heads = [node.heading for node in draft.nodes()]
    assert sum("反腐败" in head and head.startswith("深化") for head in heads) <= 1, heads


def test_a_list_said_inside_a_sentence_is_no_set_of_heads():
    # 会前充分酝酿、会上逐一表态、会后跟踪落实, a list inside a 三严三实 paragraph, stood as
    # the three heads of a lecture's part 三 (judge 67).
    draft = assemble("party_lecture", {"topic": "践行“三严三实”要求"}, mode="full")
    heads = [node.heading for node in draft.nodes()]
    assert heads and not {"会前充分酝酿", "会上逐一表态", "会后跟踪落实"} & set(heads)


def test_a_passage_opening_a_sentence_as_one_in_the_draft_is_a_repeat(tmp_path):
    # Three heads of 消防 each mined with its body; two bodies make one point (要严格执行
    # 动火作业审批制度…), ending differently: a draft says it once.  Their openings name
    # the topic alike (消防安全必须…), which is no repeat.
    point = "要严格执行动火作业审批制度，未经审批的作业一律不得开工"
    heads = [("严格动火作业管理", f"动火作业是消防安全事故的高发环节。{point}，严禁违章指挥"
              "冒险作业。要加强对施工现场的巡查检查，发现问题立即停工整改，对屡查屡犯的单位"
              "依法从严处罚。"),
             ("规范电气焊作业", f"电气焊作业点多面广、流动性强，消防安全风险突出。{point}，"
              "严禁无证人员上岗操作。要建立作业人员持证台账，定期开展技能培训和应急演练，"
              "推动企业配齐灭火器材。"),
             ("筑牢基层消防安全防线", "消防安全必须压实属地责任。要推动乡镇明确消防工作机构和人员，"
              "把消防巡查纳入网格员日常工作。")]
    phrases = _mined_units(heads, ["key_tasks"], ["safety"], "f", terms=["消防"])
    with _task_bank(tmp_path, phrases) as bank:
        for seed in range(3):
            texts = _texts(assemble("work_conference", {"topic": "消防安全"},
                                    bank=bank, seed=seed, mode="full"))
            assert sum(point in t for t in texts) == 1, texts
            assert any("网格员日常工作" in t for t in texts), texts


def test_a_leaders_speech_does_not_say_what_a_study_group_member_learned(tmp_path):
    # The topic's own passage in a study group member's first person (我们深刻体会到…)
    # serves a 研讨发言, never a leader's deployment at a work conference.
    learned = ("我们深刻体会到，消防安全难在坚持、贵在常态。只有把消防巡查融入日常，"
               "把隐患整改落到每个环节，才能守住安全底线。")
    heads = [("筑牢基层消防安全防线", "消防安全必须压实属地责任。要推动乡镇明确消防工作机构和人员，"
              "把消防巡查纳入网格员日常工作。")]
    phrases = [*_mined_unit(*heads[0], ["key_tasks"], ["safety"], "f.txt", "（一）",
                            terms=["消防"]),
               _on("paragraph", learned, ["significance"], ["safety"], file="l.txt",
                   terms=["消防"])]
    speech = _drawn(tmp_path, phrases, "消防安全")
    assert not any("深刻体会到" in t for t in speech), speech
    statement = _drawn(tmp_path, phrases, "消防安全", template="seminar_statement")
    assert any("深刻体会到" in t for t in statement), statement


def test_a_thin_topics_own_passages_keep_to_their_jobs(tmp_path):
    # A topic the bank barely names lends its passages to any head, but a safeguard does
    # not go under why it matters, nor why it matters under a safeguard.
    from drafter.draft.assemble import _crosses_job

    assert _crosses_job("safeguards", ("theory_study", "significance"))
    assert _crosses_job("significance", ("safeguards", "discipline"))
    assert _crosses_job("key_tasks", ("work_methods",))
    assert not _crosses_job("work_methods", ("significance",))
    assert not _crosses_job("safeguards", ("key_tasks", "safeguards"))
    draft = assemble("theory_article", {"topic": "殡葬改革"}, mode="full")
    why, _, how = draft.body
    assert not any("组织保障" in n.heading or "组织保障" in i.text
                   for n in why.children for i in n.items), plain_text(draft)
    assert not any("深刻社会变革" in i.text for n in how.children for i in n.items)
    # Why it matters is said of the topic; a gap there would ask for that, whatever job
    # the part names first.
    assert any("殡葬" in i.text for n in why.children for i in n.items), plain_text(draft)
    gaps = [i.text for n in why.children for i in _without_room(n.items) if i.role == "placeholder"]
    assert all("殡葬改革的重要意义" in g for g in gaps), gaps


def test_a_way_of_thinking_is_held_and_a_charter_studied():
    from drafter.draft.topic import topic_forms

    assert topic_forms("坚持系统观念 推动全市各项工作整体跃升") == ("verb", "系统观念", "坚持系统观念")
    assert topic_forms("认真学习党章 严格遵守党章") == ("verb", "党章", "学习党章工作")
    assert topic_forms("学习型机关建设")[0] == "noun"


def test_a_sibling_spirits_written_passages_are_not_the_topics():
    """弘扬伟大抗战精神 was written for; 弘扬伟大抗美援朝精神 shares most of its name but
    not 抗战, the word that names it: none of its passages is the topic's own."""
    assert any("抗战精神" in b for b in _own_subjects("弘扬伟大抗战精神"))
    assert not any("抗战精神" in b for b in _own_subjects("弘扬伟大抗美援朝精神"))
    assert any("干部教育培训" in b for b in _own_subjects("全市干部教育培训工作会议"))
    assert any("新提任领导干部" in b for b in _own_subjects("新提任县处级领导干部"))
    # The topic's whole word in a subject's name makes the subject its own, whatever
    # setting the name adds (城镇); a part of the topic's word does not (污染防治 of
    # 大气污染防治 is 水污染防治's too), nor the subject another one serves.
    assert any("老旧小区改造" in b for b in _own_subjects("老旧小区改造"))
    assert any("耕地保护" in b for b in _own_subjects("耕地保护"))
    assert not any("水污染防治" in b for b in _own_subjects("大气污染防治"))
    assert not any("巡察工作" in b for b in _own_subjects("全面从严治党"))
    assert not any("载人航天" in b for b in _own_subjects("科技创新"))


def test_a_way_of_working_any_speech_could_name_is_no_safeguard():
    draft = assemble("work_conference", {"topic": "城市更新"}, mode="full")
    safeguards = draft.body[-1]
    said = " ".join([n.heading for n in safeguards.children]
                    + [i.text for n in safeguards.children for i in n.items])
    assert "实事求是" not in said and "一切从实际出发" not in said, said


def test_a_development_is_pushed_and_a_way_of_thinking_shown_in_what_is_done():
    from drafter.draft.templates import seamed

    assert seamed("就做好建筑业高质量发展谈两点意见") == "就推动建筑业高质量发展谈两点意见"
    assert seamed("做好推动高质量发展工作") == "做好推动高质量发展工作"
    # (Two verbs of one meaning at the seam: blind judges of stop 61.)
    assert seamed("突出工作重点，推动推进新型工业化工作取得新成效") == (
        "突出工作重点，推进新型工业化工作取得新成效")
    assert seamed("准确把握掌握意识形态工作领导权的实践要求") == "准确把握意识形态工作领导权的实践要求"
    held = plain_text(assemble("theory_article", {"topic": "牢牢掌握意识形态工作领导权"}))
    assert "领导权工作" not in held and "领导权落地见效" not in held, held
    summary = plain_text(assemble("summary_remarks", {"topic": "全市建筑业高质量发展座谈会"}))
    assert "做好建筑业高质量发展" not in summary and "推动建筑业高质量发展" in summary
    article = assemble("theory_article", {"topic": "坚持系统观念 推动全市各项工作整体跃升"})
    heads = [node.heading for node in article.body]
    assert not any("落地见效" in h for h in heads), heads
    assert "推动高质量发展的内在要求" not in plain_text(
        assemble("theory_article", {"topic": "推动建筑业高质量发展"}))


def test_a_passage_opening_on_the_subject_it_was_written_for_is_that_subjects():
    """冷链物流关系食品药品安全 was written for 冷链物流: it names 食品 too, but after the
    subject it is about, which no lexicon need know."""
    draft = assemble("work_conference", {"topic": "食品安全"}, mode="full")
    assert "冷链物流关系食品药品安全" not in plain_text(draft)


def test_a_set_said_among_a_tasks_measures_heads_no_safeguards():
    """逐户整改、逐户验收、逐户销号 is mined from a task's paragraph on 自建房: its members
    are no heads of the part on safeguards."""
    draft = assemble("work_conference", {"topic": "自建房安全"}, mode="full")
    heads = [c.heading for c in draft.body[-1].children]
    assert heads and not any(h.startswith("逐户") for h in heads), heads


def test_a_name_the_cue_words_miss_is_what_the_topic_is_about():
    """松材线虫病 is no cue word of any field: read by 疫情防控 alone, a meeting on it drew
    passages on animal epidemics.  Its name leads, 疫情防控 only says what is done."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    topic = understand("全市松材线虫病疫情防控工作会议", bank)
    assert topic.primary_words == ["松材线虫病"], topic.words
    text = plain_text(assemble("work_conference", {"topic": "全市松材线虫病疫情防控工作会议"},
                               bank=bank, mode="full"))
    assert "动物疫" not in text and "松材线虫病" in text
    # What is done is no name (做强做优做大 of 做强做优做大数字经济).
    assert "做强做优做大" not in understand("做强做优做大数字经济", bank).words


def test_a_topic_is_read_by_the_names_the_bank_says_inside_it():
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    # The speech table lacks 危险废物 and 生物多样性, which the bank says as one name: the
    # topic had been read without them (and placed in no field).
    waste = understand("危险废物规范化环境管理", bank)
    assert "危险废物" in waste.words and waste.domain_keys[0] == "environment", waste.words
    assert "生物多样性" in understand("生物多样性保护", bank).words
    # Not what is done to a name (壮大 of 发展壮大新型农村集体经济), nor what is done
    # (专项整治).
    assert not any(w.startswith("壮大") for w in understand("发展壮大新型农村集体经济", bank).words)
    assert "专项整治" not in understand("全市招标投标领域突出问题专项整治工作会议", bank).words
    # Read as nothing but its whole name, a topic is named by its long words (市场准入).
    assert "市场准入" in understand("破除市场准入壁垒", bank).words
    # A book studied is named by its title, not its author's name before it.
    assert understand("学习毛泽东《论十大关系》", bank).words == ["论十大关系"]


def test_a_generic_head_narrowed_inside_the_topic_is_no_word_of_its_own():
    # 补偿 of 生态保护补偿 drew 亚洲象 and 野猪 损失补偿 passages; 事项 of 证明事项 a 信访
    # passage (judge 105: five foreign).  A longer head stays (集体经济 of 新型农村集体经济).
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert "补偿" not in understand("生态保护补偿机制", bank).words
    assert "事项" not in understand("证明事项告知承诺制", bank).words
    assert "户外" not in understand("全市户外广告招牌设施安全整治工作会议", bank).words
    assert "集体经济" in understand("发展壮大新型农村集体经济", bank).words
    text = plain_text(assemble("summary_remarks", {"topic": "证明事项告知承诺制"}, bank=bank,
                               mode="full"))
    assert "信访" not in text and "告知承诺" in text, text


def test_pieces_stems_and_qualifiers_of_a_name_are_no_words_of_their_own():
    # 住宿 of 住宿餐饮 drew 网约房 and 民宿 (judge 106: 5 foreign); 水源 of 水源地 drew
    # 南水北调水源区 and 春灌's 水源充足, 饮用水 of 饮用水水源地 包装饮用水产业 (judges 106,
    # 107).
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    lodging = understand("全市住宿餐饮企业座谈会", bank).words
    assert "住宿餐饮" in lodging and "住宿" not in lodging, lodging
    water = understand("加强饮用水水源地保护", bank).words
    assert "水源地" in water and "水源" not in water and "饮用水" not in water, water
    # (作风 of 作风建设, 节水 of 节水型社会, 化肥 of 化肥农药 and 公共文化 stay.)
    assert "作风" in understand("作风建设", bank).words
    assert "节水" in understand("推进节水型社会建设", bank).words
    assert "公共文化" in understand("全县公共文化服务体系建设座谈会", bank).words
    assert "化肥" in understand("全县化肥农药减量增效座谈会", bank).words
    for genre in ("work_conference", "theory_article"):
        text = plain_text(assemble(genre, {"topic": "加强饮用水水源地保护"}, bank=bank,
                                   mode="full"))
        assert "南水北调" not in text and "春灌" not in text and "产业链" not in text, text


def test_a_passage_drawn_by_the_word_a_topic_was_widened_by_says_the_rest_of_its_name():
    # 教育数字化, widened to 教育, had drawn 专门教育, 教育督导 and 技工教育 passages
    # (judge 106: 11 foreign, 8% kept): a passage on 教育 that says nothing of 数字化 is
    # another subject of 教育.  The draft is gaps, honestly.
    bank = PhraseBank.open()
    draft = assemble("seminar_statement", {"topic": "推进教育数字化"}, bank=bank, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert all("数字" in text for text in drawn if "教育" in text), drawn
    assert "教育" in draft.topic["widened"], draft.topic


def test_of_the_subjects_written_for_a_topic_those_naming_its_specific_word_are_its_own():
    # 用好政务服务“好差评” and 推进跨省通办 name 政务服务 too: 209 passages had been the
    # own material of 推行政务服务帮办代办 (judge 107: 6 foreign); 推行帮办代办服务 is.
    own = _own_subjects("推行政务服务帮办代办")
    assert any("帮办代办" in b for b in own), own
    assert not any("好差评" in b or "跨省通办" in b for b in own), own
    text = plain_text(assemble("seminar_statement", {"topic": "推行政务服务帮办代办"},
                               bank=PhraseBank.open(), mode="full"))
    assert "跨省通办”的实质" not in text and "帮办代办" in text, text


def test_a_short_name_finds_the_subject_written_under_its_full_name():
    assert any("电信网络诈骗" in b for b in _own_subjects("全民反诈"))


@pytest.mark.parametrize("topic, written_for", [
    # A name the topic quotes is what it is about, whatever kind of thing either name
    # says it is (judge 73's 党课 had been empty).
    ('弘扬"四下基层"优良传统', "“四下基层”工作方法"),
    # Figures or words: 15分钟 is 一刻钟 (judge 73's theory article had been empty).
    ('建设"15分钟便民生活圈"', "一刻钟便民生活圈"),
    # A body of rules and the system it sets up (judge 72's 党课 had been empty).
    ("学习贯彻《中国共产党重大事项请示报告条例》", "重大事项请示报告制度"),
    # A book studied, by its title, whoever wrote it (judge 104's 党课 had been all gaps).
    ("学习毛泽东《论十大关系》", "重温《论十大关系》"),
    # 规范化 says how the work is done, not another part of the subject (judge 103's
    # article had been all gaps, with 60 passages on 危险废物 in the bank).
    ("危险废物规范化环境管理", "加强危险废物监管"),
    # 设施 names the thing again, and 户外 only qualifies it (judge 86: 40% kept, with a
    # 户外劳动者 passage drawn by 户外).
    ("全市户外广告招牌设施安全整治工作会议", "户外广告招牌安全管理")])
def test_a_subject_written_under_another_name_is_found(topic, written_for):
    assert any(written_for in b for b in _own_subjects(topic)), _own_subjects(topic)


@pytest.mark.parametrize("topic, broader, not_taken", [
    # Nothing is written for the topic itself: the broader subject it is one move in
    # drafts it (judges 88, 89 and 90: both had been all gaps, 5% kept).
    ("深化政府采购制度改革", "规范政府采购", "发展市场采购贸易"),
    # (A name of two subjects says more than the topic: 消费品以旧换新 is not its.)
    ("推进工业企业技术改造和设备更新", "推进企业技术改造", "消费品以旧换新")])
def test_with_nothing_written_for_the_topic_the_broader_subject_it_is_part_of_drafts_it(
        topic, broader, not_taken):
    own = _own_subjects(topic)
    assert any(broader in b for b in own), own
    assert not any(not_taken in b for b in own), own


def test_with_nothing_broader_a_subject_named_by_the_topics_word_and_a_thing_drafts_it():
    # 破除市场准入壁垒: nothing written for it or for a broader subject; 落实市场准入负面
    # 清单 names its word and what it is done with (judge 103: all gaps, 0% kept).
    own = _own_subjects("破除市场准入壁垒")
    assert any("市场准入负面清单" in b for b in own), own
    assert not any("市场思维" in b or "民营经济" in b for b in own), own


def test_with_nothing_else_a_subject_naming_both_rare_halves_of_the_topics_pair_drafts_it():
    # 慎独慎微: written for only as one of 慎独慎初慎微慎友 (judge 109: a 党课 all gaps).
    own = _own_subjects("党员干部慎独慎微")
    assert {b for b in own if b.startswith("subject:")} == {"subject:慎独慎初慎微慎友"}, own
    # Halves said by many names are no pair of this kind: 产业 … 融合.
    assert not any("慎" in b for b in _own_subjects("推动产业深度融合"))


def test_a_book_studied_is_the_topics_own_only_when_the_topic_names_it():
    # 研读《德意志意识形态》 ends on 意识形态: its reading plans had filled 意识形态工作
    # speeches once it was written for.
    assert not any("德意志" in b for b in _own_subjects("意识形态工作"))
    assert any("德意志意识形态" in b for b in _own_subjects("研读《德意志意识形态》"))
    assert any("论十大关系" in b for b in _own_subjects("学习毛泽东《论十大关系》"))


def test_what_is_done_is_no_word_alone_beside_a_longer_word_saying_to_what():
    # 监测 of 生态环境监测 drew 财政运行监测 and 基本药物监测 passages (judge 111).
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    words = understand("加强生态环境监测能力建设", bank).words
    assert "监测" not in words and "环境监测" in words
    # Nor the field-wide thing watched: 生态环境 alone drew 生态环境损害赔偿, 秦岭 and
    # 建设用地土壤 passages into it (judge 111).  A rarer thing watched stays a word.
    assert "生态环境" not in words
    assert "地质灾害" in understand("加强地质灾害监测预警", bank).words
    assert understand("做好重要商品价格监测", bank).words == ["商品价格"]  # (not 酒类商品)
    assert "生态环境" in understand("生态环境保护", bank).words
    text = plain_text(assemble("work_conference", {"topic": "加强生态环境监测能力建设"},
                               bank=bank, mode="full"))
    assert not any(other in text for other in ("赔偿", "秦岭", "建设用地")), text


def test_a_capacity_named_by_a_word_that_opens_on_a_manner_is_not_a_siblings():
    # 科学决策 is a word of its own, not 决策 done 科学: 领导干部讲话能力 leaves it out and
    # is another capacity (judge 91: five 讲话 passages in a 科学决策能力 党课).
    own = _own_subjects("提高领导干部科学决策能力")
    assert any("科学决策" in b for b in own), own
    assert not any("讲话能力" in b for b in own), own


def test_a_broader_subject_drafts_a_topic_only_when_nothing_is_written_for_the_topic(tmp_path):
    field = [_on("paragraph", f"{w}是营商环境的重要方面。要深化{w}改革，第{i}次压减办理时限。",
                 ["key_tasks"], ["reform"], file=f"b{i}.txt")
             for i, w in enumerate(("市场准入", "政务服务", "信用监管", "跨境贸易") * 4)]
    broader = ("政府采购花的是公家的钱，连着的是营商环境和廉政风险。规范政府采购，是推行采购"
               "全流程电子化、让政府采购全程留痕的必然要求。")
    own = ("政府采购制度改革关系公共资金的使用效益。深化改革，是建立采购需求标准体系、"
           "让改革成果惠及市场主体的必然要求。")
    broad = [_on("paragraph", broader, ["significance"], ["reform"], file="g.txt",
                 tags=["subject:规范政府采购"])]
    texts = _drawn(tmp_path / "a", [*broad, *field], "深化政府采购制度改革",
                   template="theory_article")
    assert any("全流程电子化" in t for t in texts), texts
    mine = [_on("paragraph", own, ["significance"], ["reform"], file="o.txt",
                tags=["subject:深化政府采购制度改革"])]
    texts = _drawn(tmp_path / "b", [*broad, *mine, *field], "深化政府采购制度改革",
                   template="theory_article")
    assert any("需求标准" in t for t in texts), texts
    assert not any("全流程电子化" in t for t in texts), texts


def test_a_thing_and_what_is_done_to_it_are_read_as_one_name():
    # 智能化改造 and 数字化转型, not 智能化 alone: the seminar statement had drawn 智能家电
    # and 制鞋 passages (judge 89: 25% kept).
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    words = understand("推进制造业智能化改造和数字化转型", bank).words
    assert {"智能化改造", "数字化转型"} <= set(words) and "智能化" not in words, words
    assert "设备更新" in understand("推进工业企业技术改造和设备更新", bank).words
    # One doing of two said as one is no such name: 传统产业 stays what it is about.
    words = understand("推动传统产业转型升级", bank).words
    assert "传统产业" in words and "传统产业转型" not in words, words


def test_a_word_general_chinese_knows_is_a_word_of_the_topic_the_speech_table_lacks():
    # 保密 is too seldom in the archive's speeches for its table: 严守保密纪律 had been
    # read as 保密纪律 alone, which no passage says (judge 74: a 党课 of gaps).
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert "保密" in understand("严守保密纪律，筑牢保密防线", bank).words
    # Never a piece of a word the table knows (高质 of 高质量发展).
    assert "高质" not in understand("推动县域经济高质量发展", bank).words


def test_a_department_named_in_a_passage_written_for_the_topic_is_its_share_of_the_work():
    """组织部门要牵头抓总 in a passage written for 人才工作 stays in a 人才工作 speech (the
    department is how that work is shared out), while a passage written for another subject
    naming a department the writer did not give stays out."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    drafting = _Assembler(load_template("work_conference"), {"topic": "全市人才工作会议"},
                          bank, 0, "full")
    own = [c for c in drafting._own_written.values() if "role:组织部门" in
           {f"{k}:{t}" for k, t in (b.partition(":")[::2] for b in c.binds)}]
    assert own and all(drafting.usable(c) for c in own)
    others = [c for rows in bank.written_subjects().values()
              for c in bank.candidates_at(rows[:12])
              if c.id not in drafting._own_written and "role:组织部门" in c.binds][:20]
    assert others and not any(drafting.usable(c) for c in others)


def test_paragraphs_that_lengthen_a_point_are_the_topics_own_and_no_stray_golden_line():
    """Lengthening a 人才工作 speech adds passages written for 人才工作 or for no subject,
    never one written for another that opens on 人才 (人才是中医药传承创新的根本); a golden
    line under a head the bank gave says that head's point (not 留住人才… under 精准引进
    急需人才)."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template("work_conference")
    drafting = _Assembler(template, template.resolve_fields({"topic": "全市人才工作会议"}),
                          bank, 0, "full")
    written = {c.id for rows in bank.written_subjects().values()
               for c in bank.candidates_at(rows)}
    heads = ("深化人才评价机制改革", "精准引进急需人才", "完善人才政策和投入保障")
    drawn = [item.phrase.id for head in heads for _ in range(6)
             if (item := drafting._item(("key_tasks", "safeguards"), "paragraph", head,
                                        on_subject=True, whole=True, more=True))]
    assert drawn and all(p not in written or p in drafting._own_written for p in drawn)
    draft = drafting.draft()
    golden = [(node.heading, item.phrase.id) for node in draft.nodes()
              if node.heading in drafting.bank_heads
              for item in node.items if item.role == "sentence" and item.phrase]
    by_id = {c.id: c for c in drafting._pool(
        ("key_tasks", "safeguards", "work_methods", "significance", "political_stance"),
        ("golden",))}
    assert all(drafting._fits_head(by_id[p], head) for head, p in golden if p in by_id)


@pytest.mark.parametrize("topic, genre", [("全市铁路沿线安全环境治理工作座谈会", "summary_remarks"),
                                          ("审计整改", "party_lecture")])
def test_a_paragraph_not_on_the_point_it_lengthens_becomes_a_point_under_its_own_head(
        topic, genre):
    """Writers found most paragraphs added to lengthen a point hung under it (护路联防… after
    三要整治沿线环境隐患: judges 88 and 91) and would keep them as 四要/五要: such a
    paragraph comes in as a further point, under the head it was mined with."""
    from drafter.draft.assemble import _MAX_POINTS, _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template(genre)
    counts = {part.name: part.children.count for part in template.parts if part.children}
    # (Whether a part grows depends on the points a seed draws: the first seed whose
    # draft has one.)
    for seed in range(4):
        drafting = _Assembler(template, template.resolve_fields({"topic": topic}), bank,
                              seed, "full")
        draft = drafting.draft()
        grown = [node for node in draft.body
                 if node.slot in counts and len(node.children) > counts[node.slot]]
        if grown:
            break
    assert grown, [n.heading for n in draft.body]
    for part in grown:
        assert len(part.children) <= _MAX_POINTS
        for point in part.children[counts[part.slot]:]:
            assert point.phrase and point.phrase.kind == "heading", point.heading
            paragraph = next(i for i in point.items if i.role == "paragraph")
            rowid = bank._fetch("SELECT rowid FROM phrase WHERE id = ?",
                                (paragraph.phrase.id,))[0][0]
            assert point.phrase.id in {h.id for h in bank.unit_mates(rowid, ("heading",))}
    assert [n.marker for n in grown[0].children][-1] != grown[0].children[-2].marker


def test_a_point_drawn_from_a_narrower_subject_grows_with_that_subjects_passages():
    """A 党课 on 耕地保护 draws points from subjects narrower than its own (治理酸化耕地):
    lengthening such a point may add that subject's further passages, which are on its
    point, and only for a point of that subject (a full 党课 had stopped at a third of its
    35 minutes)."""
    from drafter.draft.assemble import _Assembler, _written_subject
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template("party_lecture")
    drafting = _Assembler(template, template.resolve_fields({"topic": "耕地保护"}), bank, 0,
                          "full")
    narrower = "治理酸化耕地"
    assert narrower not in {_written_subject(c) for c in drafting._own_written.values()}
    heads = [c.text for c in bank.candidates_at(bank.written_subjects()[narrower])
             if c.kind == "heading" and c.sections[:1] in (("key_tasks",), ("work_methods",))]
    assert heads
    jobs = ("key_tasks", "work_methods", "safeguards")

    def lengthened(head, subjects):
        drafting.bank_heads.add(head)
        item = drafting._item(jobs, "paragraph", head, on_subject=True, whole=True,
                              more=True, point_subjects=frozenset(subjects))
        return drafting._subject_of[item.phrase.id] if item else None

    assert narrower not in [lengthened(head, ()) for head in heads]
    assert narrower in [lengthened(head, {narrower}) for head in heads]


def test_a_point_added_to_lengthen_a_part_neither_repeats_a_head_nor_a_set_opening():
    """Judges 130 and 132 both found （四）提升扑救处置能力 after （二）提升火灾早期处置能力,
    its paragraph opening 打早、打小、打了 as （二）'s lead did: a head alike to one in the
    draft is no further point, and two passages do not open on one set phrase."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template("work_conference")
    drafting = _Assembler(template, template.resolve_fields({"topic": "全市森林防灭火工作"}),
                          bank, 0, "full")
    draft = drafting.draft()
    tasks = draft.body[1]
    heads = [n.heading for n in tasks.children]
    assert len(heads) >= 3, heads
    assert not any(drafting._alike(a, b) for i, a in enumerate(heads) for b in heads[i + 1:]), heads
    openings = [o for node in draft.nodes() for item in node.items if item.phrase
                and (o := drafting._set_opening(item.text))]
    assert len(openings) == len(set(openings)), openings
    assert drafting._set_opening("打早、打小、打了，关键在于扑救能力。") == "打早打小打了"
    assert drafting._set_opening("当前，森林防火形势依然严峻。") is None
    assert drafting._set_opening("从历史和现实看，防火是第一位的。") is None


def test_passages_written_for_a_sibling_subject_stay_out_of_the_topic():
    """Passages written for a subject whose name shares the topic's word but leaves out
    what the topic narrows it by (平安 of 平安建设 for 平安边界建设), and that do not say
    it, are a sibling's: none is drawn, however often they say 平安.  A subject on one
    of two parts the topic joins (城市防汛排涝 for 防汛抗旱) is no sibling."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template("work_conference")
    border = _Assembler(template, {"topic": "加强平安边界建设"}, bank, 0, "full")
    siblings = [s for s in bank.written_subjects() if "平安建设" in s or "平安校园" in s]
    assert siblings and all(border._sibling_subject(s) for s in siblings)
    draft = assemble(template, {"topic": "加强平安边界建设"}, bank=bank, mode="full")
    drawn = {i.phrase.id for n in draft.nodes() for i in n.items if i.phrase}
    written = bank.written_subjects()
    sibling_ids = {c.id for s in siblings for c in bank.candidates_at(written[s])}
    assert drawn and not drawn & sibling_ids
    floods = _Assembler(template, {"topic": "防汛抗旱"}, bank, 0, "full")
    assert not any(floods._sibling_subject(s) for s in bank.written_subjects() if "防汛排涝" in s)
    assert any("森林防灭火" in b for b in _own_subjects("全市森林防火工作会议"))
    assert any("人民防空" in b for b in _own_subjects("人防工作"))


def test_a_subject_named_by_the_topic_word_alone_is_the_topics_however_short():
    """新形势下做好人才工作 says 人才 and nothing a subject of its own would: it is the
    subject of a 人才工作 meeting; 技能人才培养 and 人才强市 say more and are not."""
    own = _own_subjects("全市人才工作会议")
    assert any("做好人才工作" in b for b in own), own
    assert not any("技能人才" in b or "人才强市" in b for b in own), own
    assert any("稳就业促就业" in b for b in _own_subjects("全市就业工作会议"))
    # Two slogans on one word (稳就业保就业) are on that word once, not on 就业保就业.
    assert any("稳就业促就业" in b for b in _own_subjects("稳就业保就业工作"))
    assert any("老字号" in b for b in _own_subjects("全市老字号工作推进会"))


def test_two_slogans_in_a_row_are_on_their_objects():
    """稳就业保就业 is on 就业 (it had been read as the word 就业保就业, which nothing in the
    bank says: a blind judge, stop 60); 稳外贸稳外资 on 外贸 and 外资."""
    from drafter.draft.topic import topic_forms

    assert topic_forms("稳就业保就业工作")[1] == "就业"
    assert topic_forms("稳外贸稳外资")[1] == "外贸和外资"
    assert topic_forms("稳就业")[1] == "就业"


def test_a_subject_broader_than_the_topic_is_not_its_own():
    """加强城市管理 shares most of 城市照明管理's words but not 照明, the one that names it;
    an 人大代表建议和政协提案 meeting is not on 政协工作 at large."""
    assert not any("城市管理" in b for b in _own_subjects("全市城市照明管理工作会议"))
    own = _own_subjects("人大代表建议和政协提案办理")
    assert any("人大代表建议和政协提案" in b for b in own), own
    assert not any("政协工作" in b or "人大工作" in b for b in own), own
    # Both ending on the same name, the subject is the topic's (学生心理健康); not when
    # it only lacks the topic's rare word (友好城市, sister cities, for 儿童友好城市).
    assert any("学生心理健康" in b for b in _own_subjects("青少年心理健康"))
    own = _own_subjects("建设儿童友好城市")
    assert not any("国际交流" in b for b in own), own


def test_two_names_of_one_subject_find_its_passages():
    """A subject's name is read as the topic's when they differ only in a short name, a
    goal's level, an aside in brackets or a word any name may say: 非遗 for 非物质文化遗产,
    质量强市 for 质量强县, 乡镇（街道）工作 for 乡镇工作, 模范机关建设 for 模范机关创建;
    a word of the topic written with another subject is found too (林长制和森林草原
    防灭火), and a common word alone names its subject when nothing else is said
    (加强发展党员工作, 新时代宗教工作)."""
    pairs = {"全县非物质文化遗产保护工作会议": "非遗保护", "全县质量强县工作推进会": "质量强市",
             "全县乡镇工作会议": "乡镇（街道）工作", "全市模范机关创建推进会": "模范机关建设",
             "全市林长制工作会议": "林长制", "全县发展党员工作会议": "发展党员工作",
             "全市宗教工作会议": "宗教工作",
             # A name ending on the topic past a short qualifier (社会, 现代) is its own.
             "全市信用体系建设推进会": "社会信用体系", "全县渔业工作会议": "现代渔业",
             # Words of how it is done inside the name (多元, 更新), a verb (大兴, 选优配强)
             # or a meeting's number (二十届四中) do not make it another subject.
             "全市矛盾纠纷化解工作会议": "矛盾纠纷多元化解", "地下管网改造": "地下管网更新改造",
             "大兴调查研究": "调查研究之风", "村党组织书记队伍建设": "村党组织书记",
             "学习贯彻党的二十届四中全会精神": "贯彻全会精神",
             # A short or kindred name (反恐 for 反恐怖, 高价彩礼 for 高额彩礼) and a
             # verb of care (关爱) before the name.
             "全县反恐工作会议": "反恐怖工作", "高价彩礼治理": "高额彩礼",
             "农村留守儿童": "关爱农村留守儿童"}
    for topic, name in pairs.items():
        assert any(name in b for b in _own_subjects(topic)), (topic, _own_subjects(topic))
    # Still not another subject's: 国有企业党的建设 is not 国有企业改革's.
    assert not any("党的建设" in b for b in _own_subjects("全市国有企业改革推进会"))
    assert not any("老党员" in b for b in _own_subjects("全县发展党员工作会议"))
    assert not any("油茶" in b for b in _own_subjects("全县茶产业发展大会"))
    # A topic of one word past its generic ones is not every name holding that word.
    assert not any("律师" in b for b in _own_subjects("全市信访工作会议"))
    assert not any("城乡环境" in b for b in _own_subjects("城乡融合发展"))
    # A whole field's own subject is the field alone, not one of its parts.
    own = _own_subjects("全市安全生产工作会议")
    assert not any("标准化" in b or "安全生产月" in b for b in own), own


def test_a_subject_that_leaves_out_what_the_topic_narrows_it_by_is_not_its_own():
    """A subject sharing the topic's head is not its own when the topic narrows it by a
    word the subject's name leaves out and its passages hardly say (judges 59-60): a
    sibling (国有资产管理 for 扶贫项目资产管理, 现代化产业体系 for 现代化基础设施体系) or the
    broader field whose passages are on its other parts (市场监管 for 烟草市场监管).  A
    kindred word (学生 for 青少年) and a word the passages say (人防) still name it."""
    assert not any("国有资产" in b for b in _own_subjects("加强扶贫项目资产管理"))
    assert not any("产业体系" in b for b in _own_subjects("构建现代化基础设施体系"))
    assert any("新型基础设施" in b for b in _own_subjects("构建现代化基础设施体系"))
    assert not any("改进市场监管" in b for b in _own_subjects("烟草市场监管"))
    assert any("人民防空" in b for b in _own_subjects("人防工作"))
    assert any("电信网络诈骗" in b for b in _own_subjects("全民反诈"))


def test_figures_titles_and_how_words_are_read_as_writers_mean_them():
    """A name in quotes the subject is called (这个“传家宝”, “稳定器”作用) is a figure for
    it; a rule's title is read past the party's name and its trial mark; 综合整治 says
    how, and 安置 of 安置帮教 is done to many (退役军人安置): neither names the topic."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    talk = understand("机关党委书记专题党课：用好谈心谈话这个“传家宝”", bank)
    assert talk.subject == "谈心谈话" and "传家宝" not in talk.words, talk.words
    insurance = understand("署名文章：发挥农业保险“稳定器”作用 护航现代农业发展", bank)
    assert insurance.subject == "农业保险" and "稳定器" not in insurance.words
    rules = understand("县委理论学习中心组专题研讨发言：学习贯彻《中国共产党党务公开条例（试行）》",
                       bank)
    assert "党务公开" in rules.words and "试行" not in rules.words, rules.words
    assert understand("学习《中华人民共和国民法典》", bank).words == ["民法典"]
    assert "综合整治" not in understand("综合整治“内卷式”竞争", bank).words
    assert "安置" not in understand("全县刑满释放人员安置帮教工作会议", bank).words
    # What it is likened to (这个有力武器), or what the work is to bring (激发乡村发展活力),
    # says nothing of the subject; one of a pair said as one (惠民 of 惠民惠农) is no word.
    criticism = understand("县委书记专题党课：用好批评和自我批评这个有力武器", bank)
    assert criticism.subject == "批评和自我批评" and "武器" not in criticism.words
    assert understand("深化农村改革 激发乡村发展活力", bank).words == ["农村改革"]
    subsidy = understand("全市惠民惠农财政补贴资金“一卡通”专项治理工作会议", bank).words
    assert "一卡通" in subsidy and "惠民" not in subsidy and "专项治理" not in subsidy
    # A training course is a meeting, and 党政机关 where the work is done (公文处理); a
    # book studied is named by its title, not by 脱贫 inside it; 承接 governs.
    assert understand("全县党政机关公文处理工作培训会", bank).words[-1] == "公文处理"
    assert understand("市委理论学习中心组研读《摆脱贫困》交流发言", bank).words == ["摆脱贫困"]
    assert understand("积极承接东部产业转移", bank).subject == "东部产业转移"
    # 规范健康发展 says how (not 健康: it drew 体检 passages), 党员干部 among whom; 做大做强
    # governs, and 深刻认识和把握 is a frame.
    towns = understand("全市特色小镇规范健康发展工作推进会", bank).words
    assert "健康" not in towns and "特色小镇" in towns, towns
    assert "党员" not in understand("全县党员干部酒驾醉驾专项整治工作部署会", bank).words
    # …nor when only the topic's whole name was left to read it by (its lecture had been
    # drafted from 谨言慎行 and 政德 passages that say 党员干部: judge 121).
    assert "党员干部" not in understand("党员干部担当作为", bank).words
    assert "乡村" in understand("乡村振兴", bank).words  # (where, and what: its own word)
    assert understand("做大做强乐器制造产业集群", bank).subject == "乐器制造产业集群"
    # …as does 发展壮大, said as one: not 壮大新型农村集体经济, nor 做好发展壮大…工作 four
    # times in its speech (judge 207).
    assert understand("发展壮大新型农村集体经济座谈会", bank).subject == "新型农村集体经济"
    assert understand("深刻认识和把握“两个大局”", bank).words == ["两个大局"]
    # A name the title quotes is what it is about: not 重大项目 of 重大项目“邻避”问题.
    assert "重大项目" not in understand("防范化解重大项目“邻避”问题", bank).words
    # Firms met are met on their growth (做好汽车零部件企业发展工作), not done.
    from drafter.draft.topic import topic_forms

    assert topic_forms("全市汽车零部件企业座谈会")[2] == "汽车零部件企业发展工作"
    assert topic_forms("全市民营企业家座谈会")[2] == "民营经济工作"
    # A region's belt is that region's: 经济带 alone is every belt's (长江经济带).
    belt = understand("市委理论学习中心组专题研讨：主动融入淮河生态经济带建设", bank)
    assert belt.subject.startswith("淮河") and "经济带" not in belt.words, belt.words


def test_a_subject_narrowing_the_topics_word_by_another_rare_word_is_a_siblings():
    """农作物病虫害 is not 森林病虫害: a passage written for the forest's pests is no part
    of a crop-pest meeting (it had drafted one whole)."""
    draft = assemble("work_conference", {"topic": "全县重大农作物病虫害防控工作会议"},
                     mode="full")
    text = "".join(i.text for n in draft.nodes() for i in n.items if i.phrase)
    assert "森林" not in text and "松材线虫" not in text, text[:200]


def test_a_subject_written_with_another_gives_only_its_own_passages():
    """学前教育和落实“双减”, 社区矫正和安置帮教: the passages on the other part alone are
    not the topic's; those on the topic's part are, named as the part names it
    (心理健康 of 学生心理健康和校外培训治理, for 青少年心理健康)."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    drafting = _Assembler(load_template("work_conference"), {"topic": "青少年心理健康"},
                          PhraseBank.open(), 0, "full")
    own = list(drafting._own_written.values())
    assert own and any("心理健康" in c.text for c in own)
    assert not any("校外培训" in c.text and "心理" not in c.text for c in own), [
        c.text[:30] for c in own if "校外培训" in c.text]


def test_a_subject_written_with_a_village_one_gives_a_city_topic_none_of_its_village():
    """推进爱国卫生和健康乡村 names 爱国卫生 in most passages, but argues 推进乡村全面振兴
    and addresses 驻村干部: a 全市爱国卫生 speech had two of them (a blind judge, stop 58), taken first
    as written for the topic and then again as naming it."""
    draft = assemble("work_conference", {"topic": "全市爱国卫生工作会议"}, PhraseBank.open(),
                     mode="full")
    said = [t for node in draft.nodes()
            for t in (node.heading, *(i.text for i in node.items if i.phrase))]
    assert sum("爱国卫生" in t for t in said) >= 3, said
    assert not [t for t in said if any(w in t for w in (
        "健康乡村", "乡村振兴", "乡村全面振兴", "驻村", "村民"))], said


def test_party_work_among_the_topics_people_is_another_errand():
    """加强新经济组织新社会组织党建 and 加强网络社会组织党建 name 社会组织, but are party
    work among them: five of their passages stood in a 社会组织 座谈会 (a blind judge, stop 59).  A
    topic that is party work itself still takes them."""
    said = _said(assemble("summary_remarks", {"topic": "全市社会组织高质量发展座谈会"},
                          PhraseBank.open(), mode="full"))
    assert sum("社会组织" in t for t in said) >= 4, said
    assert not [t for t in said if any(w in t for w in (
        "党组织书记", "新领域党建", "党建工作只有", "党员队伍", "社会组织党建", "党建与"))], said
    said = _said(assemble("summary_remarks", {"topic": "加强新经济组织新社会组织党建"},
                          PhraseBank.open(), mode="full"))
    assert sum("党建" in t for t in said) >= 4, said


def test_a_subject_named_as_another_fields_work_on_the_topics_thing_is_that_fields():
    """抓好农业机械安全生产 shares 农业机械 with 农业机械化, but ends on 安全生产: its
    passages the bank files under 安全生产 are that field's work on farm machinery.  Three
    stood in a 农业机械化 work conference speech (a blind judge, stop 59).  A 安全生产
    topic still takes such passages."""
    said = _said(assemble("work_conference", {"topic": "农业机械化"}, PhraseBank.open(),
                          mode="full"))
    assert sum("农机" in t or "机械化" in t for t in said) >= 8, said
    assert not [t for t in said if any(w in t for w in (
        "安全生产", "农机事故", "安全隐患", "安全监理"))], said
    said = _said(assemble("work_conference", {"topic": "农业机械安全生产"}, PhraseBank.open(),
                          mode="full"))
    assert sum("农机" in t for t in said) >= 4, said


def test_a_gap_for_the_section_type_that_is_the_topic_asks_for_the_topic_once():
    """A 作风建设 speech's gap under the 作风建设 section type had asked for
    〔待补：作风建设的作风建设〕; other section types still say whose they are."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    drafting = _Assembler(load_template("work_conference"), {"topic": "作风建设"},
                          PhraseBank.open(), 0, "full")
    assert drafting.gap("work_style") == "〔待补：作风建设〕"
    assert drafting.gap("key_tasks") == "〔待补：作风建设的重点任务〕"


def test_a_subject_pairing_the_topics_thing_with_a_sibling_gives_none_on_the_sibling():
    """守护食品药品安全 is 食品安全's and 药品安全's: its 加强药品全程监管 had been a whole
    point of a 食品安全 work conference speech (a blind judge, stop 60), and its
    passages on food alone are no 药品安全 speech's either."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    said = _said(assemble("work_conference", {"topic": "食品安全工作"}, PhraseBank.open(),
                          mode="full"))
    assert sum("食品" in t for t in said) >= 6, said
    assert not [t for t in said if "药品" in t and "食品" not in t and "食药" not in t], said
    drugs = _Assembler(load_template("work_conference"), {"topic": "药品安全"},
                       PhraseBank.open(), 0, "full")
    assert drugs._sibling_pair("食品药品安全") == ("药品", "食品")


@pytest.mark.parametrize("template, topic", [("summary_remarks", "促进民营经济发展壮大")])
def test_the_committees_are_charged_with_the_work_as_a_political_duty_once(template, topic):
    """支持民营经济发展，是必须长期坚持的重大方针…各级党委政府要… and, next to it,
    支持民营经济发展是坚定不移的政治要求。各级党委政府要…: the second is what blind
    judges cut first (stop 60, in three of eight drafts)."""
    from drafter.draft.assemble import _COMMITTEES_CHARGED_RE, _POLITICAL_DUTY_RE

    said = _said(assemble(template, {"topic": topic}, PhraseBank.open(), mode="full"))
    charged = [t for t in said if _POLITICAL_DUTY_RE.search(t)
               and _COMMITTEES_CHARGED_RE.search(t)]
    assert len(charged) <= 1 and len(said) >= 10, charged


@pytest.mark.parametrize("topic", ["全市城市更新工作"])
def test_no_point_is_headed_by_the_topic_alone_with_a_manner_word(topic):
    """（三）稳步实施城市更新 and （三）稳步推进城市更新行动 said only what every part's
    head says: both blind judges of stop 60 cut them.  How it is pushed (稳步, 有序, 加快)
    and 行动 name no point."""
    import re

    draft = assemble("work_conference", {"topic": topic}, PhraseBank.open(), mode="full")
    heads = [n.heading for n in draft.nodes() if n.heading]
    bare = [h for h in heads if not re.sub(
        r"城市更新|稳步|有序|加快|推进|实施|行动|[（）一二三四五六、]", "", h).strip("。 ")]
    assert len(heads) >= 6 and not bare, heads


def _said(draft) -> list[str]:
    """A draft's headings and the texts it took from the bank."""
    return [t for node in draft.nodes()
            for t in (node.heading, *(i.text for i in node.items if i.phrase))]


def test_parts_of_one_kind_are_told_apart_by_their_own_words():
    """普惠金融和绿色金融: both parts say 金融, so 金融 is no mark of the topic's part; an
    article on 普惠金融 had a whole point on 绿色信贷 (judge 202)."""
    draft = assemble("theory_article", {"topic": "推进普惠金融高质量发展"}, PhraseBank.open(),
                     mode="full")
    for node in draft.nodes():
        for text in (node.heading, *(item.text for item in node.items if item.phrase)):
            assert "绿色金融" not in text or "普惠" in text, text


def test_a_passage_on_the_topic_as_a_means_of_another_subject_is_that_subjects():
    """系统观念是做好发展改革工作的基础方法 opens on the topic, but teaches a 发改委's
    people to use it: judge 202 read it as addressed to another audience."""
    draft = assemble("party_lecture", {"topic": "树立和践行系统观念"}, PhraseBank.open(),
                     mode="full")
    said = [item.text for node in draft.nodes() for item in node.items if item.phrase]
    assert said and not [t for t in said if "发展改革工作" in t], said


def test_a_topic_neutral_paragraph_under_a_bank_head_opens_on_its_point():
    """坚持实事求是，说到底就是要说实话… stood under 提高重大决策谋划水平 for the 决策 of
    its last sentence: judge 203 read a passage on honest reporting."""
    draft = assemble("party_lecture", {"topic": "提高领导干部战略思维能力"}, PhraseBank.open(),
                     mode="full")
    for node in draft.nodes():
        for item in node.items:
            if item.phrase and item.text.startswith("坚持实事求是"):
                assert "实事求是" in node.heading, (node.heading, item.text)


def test_another_kind_of_the_topics_work_and_what_it_serves_are_not_the_topic():
    """城乡供水一体化: 春灌供水保障 is irrigation, another kind of 供水 (a rare word before
    it, where the topic says 城乡), and 水闸是防洪排涝、灌溉供水的关键枢纽 is on 水闸, the
    subject it was written for, 供水 one thing it serves (judge 204, both)."""
    draft = assemble("work_conference", {"topic": "全市城乡供水一体化工作会议"},
                     PhraseBank.open(), mode="full")
    said = [t for node in draft.nodes()
            for t in (node.heading, *(i.text for i in node.items if i.phrase))]
    assert sum("供水" in t for t in said) >= 5, said
    assert not [t for t in said if "春灌" in t or "水闸" in t or "灌溉" in t], said


def test_a_census_of_the_topic_is_another_errand():
    """做好人口抽样调查 shares 人口 with 推动人口高质量发展, but counts people; its 数据质量
    是人口抽样调查的生命线 stood in the article (judge 205)."""
    draft = assemble("theory_article", {"topic": "推动人口高质量发展"}, PhraseBank.open(),
                     mode="full")
    said = [t for node in draft.nodes()
            for t in (node.heading, *(i.text for i in node.items if i.phrase))]
    assert sum("人口" in t for t in said) >= 3, said
    assert not [t for t in said if "抽样调查" in t or "普查" in t or "数据质量" in t], said


@pytest.mark.parametrize("topic", ["全市建筑业高质量发展工作会议", "农村人居环境整治"])
def test_a_paragraph_nothing_leads_says_its_heads_point_first(topic):
    """推动建筑业发展需要真金白银的支持 had stood under 严格督查考核 for the 考核 of its
    last clause (judge 206): with no lead found for a point, the paragraph leads, and its
    first sentence must say the point, or the point is left a gap."""
    from drafter.draft.assemble import _first_sentence

    draft = assemble("work_conference", {"topic": topic}, PhraseBank.open(), mode="full")
    checked = 0
    for node in draft.nodes():
        if node.phrase is None and node.run_in and node.items and node.items[0].phrase:
            first = _first_sentence(node.items[0].text)
            words = {"严格督查考核": ("督查", "考核"), "压实工作责任": ("责任",),
                     "锤炼过硬作风": ("作风",)}.get(node.heading)
            if words:
                checked += 1
                assert any(w in first for w in words), (node.heading, first)
    assert checked, [n.heading for n in draft.nodes()]


def test_a_topic_by_its_full_name_finds_the_subject_written_under_its_short_one():
    """医保基金监管 is 医疗保障基金监管's subject; its passages come before those that only
    say 医保 (医保支付, 多层次医疗保障)."""
    assert any("医保基金监管" in b for b in _own_subjects("全县医疗保障基金监管工作会议"))
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    topic = "全县医疗保障基金监管工作会议"
    own = _Assembler(load_template("work_conference"), {"topic": topic}, PhraseBank.open(),
                     0, "full")._own_written
    tasks = assemble("work_conference", {"topic": topic}, mode="full").body[1].children
    written = [n.heading for n in tasks if n.phrase and n.phrase.id in own]
    assert len(written) >= 2, [n.heading for n in tasks]


def test_a_word_only_qualifying_a_rarer_one_is_no_word_of_the_topic():
    """医疗 of 医疗保障基金监管 and 综合利用 of 盐碱地综合利用 alone name other subjects
    (医保支付, 秸秆综合利用); 外贸 of 外贸稳增长 and 燃气 of 燃气管道 are what they are
    about; 这篇大文章 is a figure, not a word of the topic."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert "医疗" not in understand("全县医疗保障基金监管工作会议", bank).own_words
    salt = understand("做好盐碱地综合利用这篇大文章", bank)
    assert "盐碱地" in salt.own_words
    assert not {"综合利用", "文章"} & set(salt.words), salt.words
    assert "外贸" in understand("全市外贸稳增长工作推进会", bank).own_words
    assert "燃气" in understand("全市燃气管道老化更新改造推进会", bank).own_words
    # Nor is a thin topic widened by a word a rarer one narrows (市场 of 集邮市场).
    assert "市场" not in understand("整治集邮市场乱象", bank).words
    # A word that can only qualify (民营, 地下) is none alone unless the two make a word
    # (民营经济); nor is one that only says how (规范管理, 发展壮大, 更新改造).
    hospitals = understand("全市民营医院规范管理工作会议", bank).words
    assert "民营" not in hospitals and "规范管理" not in hospitals, hospitals
    assert "地下" not in understand("全市地下管网建设推进会", bank).words
    assert understand("促进民营经济发展壮大", bank).own_words == ["民营经济"]
    assert "更新改造" not in understand("全市燃气管道老化更新改造推进会", bank).words


def test_a_thin_topic_named_by_a_thing_of_its_own_is_not_widened_to_its_field():
    """生态环境损害赔偿制度改革 is barely in the bank: widened to 生态 it had been drafted
    from 督察整改, 黑臭水体 and 禁渔 passages (judge 64: nine foreign); 赔偿制度 is a
    thing of its own, so it is not widened (a field's slogan the table has not seen, 两山
    理念, still is: see the test above).  A kindred word in a subject's name stands for the
    topic's: 青少年…近视防控 is 儿童青少年近视防控's own."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    understood = understand("生态环境损害赔偿制度改革", bank)
    assert understood.thin and "生态" not in understood.words and not understood.widened
    draft = assemble("theory_article", {"topic": "生态环境损害赔偿制度改革"}, bank=bank,
                     mode="full")
    # (Its own passages, written for it since, may name 督察 among where cases come from.)
    said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert all("赔偿" in t for t in said if "督察" in t or "黑臭水体" in t), said
    assert any("近视防控" in b for b in _own_subjects("儿童青少年近视防控"))


def test_a_leaders_thought_is_a_thing_of_its_own_and_not_widened_to_its_field():
    """Widened to 文化, a 党课 on 习近平文化思想 had been drafted from 茶文化传承, 乡镇文化
    站 and 文化企业上市 passages (judge 130: 23 foreign sentences).  Not widened at all, a
    研讨发言 and an article on it were skeletons of one passage (two blind judges, stop
    60): it is drafted from the work it guides, by that work's names (宣传思想文化).  A
    thought the bank holds (经济思想) is drafted."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    understood = understand("深入学习贯彻习近平文化思想", bank)
    assert understood.thin and not understood.widened, understood.words
    assert "宣传思想文化" in understood.own_words, understood.words
    draft = assemble("seminar_statement", {"topic": "深入学习贯彻习近平文化思想"}, bank=bank,
                     mode="full")
    said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert not any(w in t for t in said for w in ("茶", "文化站", "上市")), said
    assert len(said) >= 8 and sum("宣传思想" in t for t in said) >= 4, said
    economy = assemble("party_lecture", {"topic": "深入学习贯彻习近平经济思想"}, bank=bank,
                       mode="full")
    assert sum("经济思想" in i.text for n in economy.nodes() for i in n.items) >= 3


def test_a_lecture_or_article_on_studying_a_meetings_spirit_does_not_lay_out_its_publicity():
    """Judges 131 and 132: the whole 是什么 part of a 党课 on 学习贯彻二十届三中全会精神
    was a 宣传部's rollout (组建宣讲团, 开设专题专栏, 短视频、网络直播).  A deployment
    at a work conference may lay it out; a topic on publicity itself keeps it."""
    from drafter.draft.assemble import _PUBLICITY_RE

    bank = PhraseBank.open()
    topic = {"topic": "学习贯彻党的二十届四中全会精神"}

    def said(template, fields):
        draft = assemble(template, fields, bank=bank, mode="full")
        return [t for n in draft.nodes() for t in (n.heading, *(i.text for i in n.items))]

    for template in ("party_lecture", "theory_article"):
        texts = said(template, topic)
        # (An argument may name 宣讲 in passing: 宣传宣讲解决共识问题.)
        assert not any(len(set(_PUBLICITY_RE.findall(t))) >= 2 or (len(t) < 30 and "宣讲" in t)
                       for t in texts), texts
    assert any("宣讲" in t for t in said("work_conference", topic))
    assert sum("宣讲团" in t for t in said("theory_article", {"topic": "组建百姓宣讲团"})) >= 3


def test_the_speakers_post_gives_the_level_the_speech_speaks_for():
    """Judge 135: a 县委书记's lecture said 全市重点任务 and 在全市落地见效.  A post names
    its level (县委书记, 副县长: 全县) when neither the unit nor the topic does."""
    from drafter.draft.templates import derived_variables
    from drafter.draft.topic import level_of_post

    assert [level_of_post(p) for p in ("县委书记", "副县长", "市委常委、宣传部部长",
                                        "宣传部部长", "市场监管局局长", "社区党委书记")] == [
        "全县", "全县", "全市", "", "", ""]
    fields = {"topic": "严守政治纪律和政治规矩", "post": "县委书记"}
    assert derived_variables(fields)["jurisdiction"] == "全县"
    assert derived_variables({**fields, "topic": "全市严守政治纪律和政治规矩"})[
        "jurisdiction"] == "全市"  # (the topic's own level first)
    text = plain_text(assemble("party_lecture", fields, mode="full"))
    assert "全市" not in text and "我市" not in text, text


def test_a_subject_qualifying_the_topics_word_otherwise_is_one_of_its_kind_not_it():
    """Judge 135: a 党课 on 严守政治纪律和政治规矩 (read by 纪律 and 规矩) was drafted half
    from 严守工作纪律's 会议数量, 作息 and 请销假 passages.  工作纪律 is another kind of
    纪律 than the topic's 政治纪律; 党的纪律 is no other kind."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template("party_lecture")
    topic = "严守政治纪律和政治规矩"
    drafting = _Assembler(template, template.resolve_fields({"topic": topic}), bank, 0, "full")
    assert drafting._qualified_otherwise("严守工作纪律")
    assert not drafting._qualified_otherwise("严守政治纪律和政治规矩")
    assert not drafting._qualified_otherwise("深刻把握严明党的纪律的重大意义")
    text = plain_text(drafting.draft())
    assert "工作纪律" not in text and "请销假" not in text, text


def test_a_topic_is_about_the_word_its_name_ends_on():
    """城乡居民医保集中征缴 is about 征缴: a passage written for 医保基金监管 says 医保 but
    is another subject's; 作风建设 is about 作风; a name the table does not know at the
    end (政务服务便民热线) leaves all its words to speak for it."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert understand("全县城乡居民医保集中征缴工作动员会", bank).heads[0] == "征缴"
    assert "作风" in understand("作风建设", bank).heads
    assert understand("基层党组织建设", bank).heads == ["基层党组织"]
    hotline = understand("全市12345政务服务便民热线工作会议", bank)
    assert not hotline.heads
    drafting = _Assembler(load_template("work_conference"),
                          {"topic": "全县城乡居民医保集中征缴工作动员会"}, bank, 0, "full")
    # (Fetched for themselves: in a bank this size they need not be among the pool's best.)
    supervision = [c for c in bank.naming(["医保基金"])
                   if c.kind == "paragraph" and c.sections[:1] == ("key_tasks",)
                   and any("医保基金监管" in b for b in c.binds)]
    assert supervision and all(drafting._names_other(c) for c in supervision
                               if "征缴" not in c.text), [
        c.text[:20] for c in supervision if not drafting._names_other(c)]


def test_a_topic_of_what_a_people_has_is_about_that_not_about_the_people():
    """根治拖欠农民工工资 is about their 工资: the bank's passages written for 做好农民工工作
    (部门合力 with 随迁子女入学, 市民化) are another subject's, which judge 216 read as
    foreign in a 根治欠薪 meeting.  Two kinds of people joined (妇女儿童) and a field's
    word after another (种业振兴, 数据要素) are not told apart this way."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    topic = "全市根治拖欠农民工工资工作会议"
    assert understand(topic, bank).heads == ["农民工工资", "工资"]
    assert understand("残疾人就业", bank).heads == ["残疾人就业", "就业"]
    for joined in ("妇女儿童", "种业振兴", "数据要素", "社区工作者队伍建设"):
        assert understand(joined, bank).heads == [], joined
    template = load_template("work_conference")
    drafting = _Assembler(template, template.resolve_fields({"topic": topic}), bank, 0, "full")
    others = [c for c in bank.naming(["农民工"]) if "subject:做好农民工工作" in c.binds]
    assert others and all(drafting._written_for_another(c) for c in others
                          if "工资" not in c.text), [
        c.text[:20] for c in others if not drafting._written_for_another(c)]
    text = plain_text(drafting.draft())
    assert "随迁子女" not in text and "市民化" not in text and "欠薪" in text, text


def test_a_passage_naming_the_topic_only_in_its_last_third_is_not_about_it():
    """The bank's passage on 重大项目要素保障 ends on 政策性金融工具 and 金融机构' 信贷
    支持: the means to its own subject, which judge 217 read as foreign in a 金融工作会议
    speech.  Named in its opening, the topic is what the passage is about."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template("work_conference")
    drafting = _Assembler(template, template.resolve_fields({"topic": "全市金融工作会议"}),
                          bank, 0, "full")
    means = ("要坚持“要素跟着项目走”，优先保障重大项目用地、用能、用水需求。自然资源部门要加快"
             "批而未供和闲置土地处置，盘活存量用地；发改、财政部门要积极争取中央预算内投资和专项"
             "债券，用足用好政策性金融工具；要健全政银企对接机制，引导金融机构加大对重点项目的"
             "信贷支持。")
    assert not drafting._about_topic(means)
    about = ("要优化信贷结构，让更多金融活水流向实体经济。要健全政银企对接机制，引导金融机构"
             "加大对重点项目的信贷支持。")
    assert drafting._about_topic(about)
    assert "要素跟着项目走" not in plain_text(drafting.draft())


def test_a_name_sharing_a_pair_read_across_two_words_is_not_the_topics():
    """化产 is a pair of 文化产业 and of 文化产品 alike, read across 文化|产品: the bank's
    passages written for 推动文化产品和服务出口 had filled an article on 文化产业 with
    exports (judge 218: four foreign passages).  The article's third point of meaning
    is no 治理能力 either, for a topic that is no governing work."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template("theory_article")
    topic = "推动文化产业高质量发展"
    drafting = _Assembler(template, template.resolve_fields({"topic": topic}), bank, 0, "full")
    exports = bank.written_subjects().get("推动文化产品和服务出口", [])
    assert exports and not {c.rowid for c in drafting._written_for_topic().values()} & set(
        exports)
    text = plain_text(drafting.draft())
    assert "出口" not in text and "出海" not in text and "文化产业" in text, text
    assert "提升治理能力" not in text and "回应群众期盼的现实需要" in text
    governing = plain_text(assemble("theory_article", {"topic": "加强基层社会治理"},
                                    bank=bank, mode="outline"))
    assert "提升治理能力的现实需要" in governing


def test_an_occasion_of_any_unit_and_a_capacity_raised_read_as_a_writer_means_them():
    from drafter.draft.topic import read_assignment, topic_forms

    forestry = read_assignment("县林业局党组理论学习中心组深化集体林权制度改革专题研讨发言")
    assert forestry.parts == ("深化集体林权制度改革",) and "中心组" in forestry.meeting
    study = read_assignment("县委理论学习中心组专题学习：提高统筹谋划能力")
    assert study.parts == ("提高统筹谋划能力",) and not study.meeting.endswith("：")
    # A capacity is raised, not done (not 谋划统筹谋划能力的务实举措).
    assert topic_forms("提高统筹谋划能力") == ("verb", "统筹谋划能力", "提高统筹谋划能力")
    # People met are spoken of as a field of work (做好春节返乡人员工作).
    assert topic_forms("全县春节返乡人员座谈会")[2] == "春节返乡人员工作"


def test_the_offices_that_meet_and_a_trend_of_study_are_read_as_the_topic():
    """党委系统值班 is 值班 (the 党委系统 meets); 大兴学习之风 is about itself, not cut to
    学习 (the study occasion) and dropped for the title's second part."""
    from drafter.draft.topic import core_topic, read_assignment

    assert core_topic("全市党委系统值班工作座谈会") == "值班"
    assert core_topic("全市政府系统廉政工作会议") == "廉政"
    assert read_assignment("市直机关专题党课：大兴学习之风 提升干事本领").parts[0] == "大兴学习之风"
    assert core_topic("大兴调查研究之风") == "调查研究"


def test_a_bank_head_that_came_without_a_body_gets_the_topics_passage_not_a_gap():
    """从政治高度认识作风问题 is a mined heading whose paragraph the bank lacks: under it,
    a passage on 作风建设 doing the part's job, not 〔待补〕 (nothing speaks of 政治高度)."""
    draft = assemble("party_lecture", {"topic": "作风建设"}, mode="full")
    first = draft.body[0]
    assert first.children
    for node in first.children:
        assert not any(i.role == "placeholder" for i in _without_room(node.items)), (node.heading,
                                                                              node.items)
        assert any("作风" in i.text for i in node.items), node.heading


def test_our_time_is_no_meeting_day():
    """在…的今天 is the present, not the day of the meeting a passage was given at: the
    passage stands; one that says 今天 of its meeting does not."""
    from drafter.draft.assemble import _DANGLING_RE

    assert not _DANGLING_RE.search("在发展方式深刻转型的今天，这种精神依然是思想武器。")
    assert _DANGLING_RE.search("今天我们召开这次会议，主要任务是部署工作。")
    assert _DANGLING_RE.search("我们今天在这里集会。")
    # 在今天 is our time too (judge 138: the body of 在急难险重中砥砺担当, 不怕牺牲…在今天
    # 就体现为…, was refused and its head stood over a gap); 在今天的会上 is the meeting's.
    assert not _DANGLING_RE.search("不怕牺牲、英勇斗争，在今天就体现为敢在急难险重任务中挺身而出。")
    assert _DANGLING_RE.search("在今天的会上，大家谈了很好的意见。")
    draft = assemble("party_lecture", {"topic": "弘扬伟大建党精神"}, mode="full")
    point = next(n for n in draft.nodes() if n.heading == "在急难险重中砥砺担当")
    assert any("挺身而出" in i.text for i in point.items), point.items


def test_a_title_asking_its_subject_be_grasped_is_about_the_subject():
    from drafter.draft.topic import topic_forms

    assert topic_forms("深刻把握“两个结合”的重大意义")[1] == "“两个结合”"
    assert topic_forms("准确把握新发展阶段的深刻内涵")[1] == "新发展阶段"
    text = plain_text(assemble("theory_article", {"topic": "深刻把握“两个结合”的重大意义"}))
    assert "深刻认识深刻把握" not in text and "的重大意义的重大意义" not in text


def test_a_thin_first_part_is_drafted_from_what_the_second_asks():
    from drafter.draft.topic import understand

    topic = understand("专题党课：发扬“三牛”精神，在新征程上担当作为", PhraseBank.open())
    assert "担当作为" in topic.words and "担当作为" in topic.widened


def test_a_lecture_and_an_article_do_not_speak_as_a_study_group_member():
    from drafter.draft.assemble import _STUDY_VOICE_RE

    for template in ("party_lecture", "theory_article"):
        draft = assemble(template, {"topic": "弘扬沂蒙精神"}, mode="full")
        said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
        assert said and not any(_STUDY_VOICE_RE.match(t) for t in said), template


def test_a_topic_written_for_is_not_widened_to_its_broad_word():
    """预制菜产业 is seldom in the bank, so it is widened to 产业; but ten passages were
    written on it, and those draft it, not every passage on 产业 (链长制, 会展, 临港)."""
    draft = assemble("seminar_statement", {"topic": "推动预制菜产业高质量发展"}, mode="full")
    paragraphs = [i.text for n in draft.nodes() for i in n.items
                  if i.phrase and i.role == "paragraph"]
    assert not any(w in t for t in paragraphs for w in ("链长", "会展", "临港", "招商"))
    assert sum("预制菜" in t for t in paragraphs) * 2 >= len(paragraphs) > 0, paragraphs


def test_a_thin_topic_is_widened_to_the_name_inside_it_before_a_broad_word():
    """创建全国文明城市 is barely in the bank by its whole name; widened to 文明, a 创文
    speech had been drafted from 中华文明, 外语标识 and 文明家庭 passages (judge 198: six
    foreign).  文明城市, said by over a hundred passages, is what it is a case of.  Nor is
    a point named by the topic alone (（四）创建全国文明城市): its part says as much."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    understood = understand("全市创建全国文明城市工作会议", bank)
    assert "文明城市" in understood.words and "文明" not in understood.words, understood.words
    draft = assemble("work_conference", {"topic": "全市创建全国文明城市工作会议"}, bank=bank,
                     mode="full")
    said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert not any(w in t for t in said for w in ("中华文明", "外语标识", "文明家庭")), said
    heads = [n.heading for n in draft.nodes() if n.level > 1]
    assert heads and "创建全国文明城市" not in heads, heads


def test_a_topic_on_cadres_takes_no_passage_on_its_subject_that_speaks_of_nobody_in_office():
    """A 党课 on 领导干部家风建设 had drawn 家风 passages written on 家庭教育 (家长, 孩子,
    依法带娃) and on 文明家庭评选 (普通家庭, 社区宣传栏): judge 199, three foreign.  What it
    says of cadres' families stays."""
    topic = "加强新时代领导干部家风建设"
    draft = assemble("party_lecture", {"topic": topic}, mode="full")
    said = [i.text for n in draft.nodes() for i in n.items
            if i.phrase and i.role == "paragraph"]
    assert not any(w in t for t in said for w in ("家长", "未成年人", "普通家庭")), said
    assert sum("家风" in t and "干部" in t for t in said) >= 3, said


def test_a_passage_making_three_measures_of_one_in_the_draft_again_is_a_repeat():
    """An article on 质量强市 said 要实施品牌培育工程, 打造区域公用品牌… and 加强地理标志
    和商标保护 under one head and again, in other words, under 打造区域知名品牌 (judge
    199); clause by clause, three measures of one passage said again make its point
    again."""
    draft = assemble("theory_article", {"topic": "推进质量强市建设"}, mode="full")
    said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert sum("品牌培育" in t for t in said) == 1, said
    assert sum("地理标志" in t for t in said) == 1, said


def test_a_template_heads_lead_says_its_point_in_the_sentence_that_leads():
    """卫生健康事业发展离不开硬投入 had led 压实工作责任 for the 投入责任 its paragraph
    names at the end, and 责任不落实，部署就会落空 the 加强统筹协调 after it (judges 200
    and 201 both saw the two heads over each other's bodies)."""
    draft = assemble("work_conference", {"topic": "全市卫生健康工作会议"}, mode="full")
    part = next(n for n in draft.body if n.slot == "safeguards")
    points = {"压实工作责任": "责任", "加强统筹协调": "协调", "严格督查考核": "考核",
              "锤炼过硬作风": "作风"}
    leads = [(n.heading, i.text) for n in part.children for i in n.items if i.role == "lead"]
    assert leads, [n.heading for n in part.children]
    assert all(points[head] in lead for head, lead in leads if head in points), leads


def test_a_word_cut_across_another_of_the_topic_is_none_of_its_words():
    """The segmenter gives 地方病 and 病防治 for 地方病防治; 病防治 is a cut across 地方病
    and drew 松材线虫病防治's passages into a speech on 地方病."""
    from drafter.draft.topic import understand

    topic = understand("署名文章：扎实做好新时代地方病防治工作", PhraseBank.open())
    assert "地方病" in topic.words and "病防治" not in topic.words
    text = plain_text(assemble("theory_article", {"topic": "扎实做好新时代地方病防治工作"},
                               mode="full"))
    assert "松材线虫" not in text


def test_a_topic_is_not_widened_to_industry_at_large():
    """产业 is said of every industry: a speech on 食用菌产业 the bank knows nothing of
    gets gaps, not 链长制, 会展 and 临港 passages."""
    from drafter.draft.topic import understand

    topic = understand("全县食用菌产业发展推进会", PhraseBank.open())
    assert "产业" not in topic.words
    text = plain_text(assemble("work_conference", {"topic": "全县食用菌产业发展推进会"},
                               mode="full"))
    assert not any(w in text for w in ("链长", "会展", "临港"))


def test_occasions_commemorations_and_days_are_read_as_their_subjects():
    from drafter.draft.topic import topic_forms, understand

    bank = PhraseBank.open()
    # What a study session calls itself is no part of its theme.
    assert topic_forms("市委理论学习中心组“国家宪法日”专题学习：弘扬宪法精神，维护宪法权威")[1] \
        == "宪法精神"
    assert "研讨" not in understand(
        "市委理论学习中心组专题学习研讨：坚持稳中求进、以进促稳、先立后破", bank).words
    # A gathering that only commemorates is on what it commemorates, not on 纪念.
    words = understand("全市纪念知识青年上山下乡55周年座谈会", bank).words
    assert "上山下乡" in words and "纪念" not in words
    # A day with its date in quotes is the day's own field (护士节: 护理).
    assert topic_forms("全市庆祝“5·12”国际护士节座谈会")[1] == "护理"
    assert "国际" not in understand("全市庆祝“5·12”国际护士节座谈会", bank).words
    # 以X拓展Y is about the means, X.
    assert topic_forms("以全域土地综合整治拓展县域发展空间")[1] == "全域土地综合整治"


def test_what_is_to_be_written_is_not_the_topic():
    """Who signs an article, the article itself, and the remarks a meeting closes with are
    what is to be written, wherever they stand in what was typed."""
    from drafter.draft.topic import topic_forms

    assert topic_forms("县委书记署名文章：扎实推进以工代赈，让群众在家门口务工增收")[1] == "以工代赈"
    assert topic_forms("市委书记署名文章：深入学习贯彻习近平经济思想")[1] == "习近平经济思想"
    assert topic_forms("全县党代表联络工作座谈会总结讲话")[1] == "党代表联络"
    assert "署名文章" not in topic_forms("纪念毛泽东同志诞辰130周年署名文章")[1]
    # (A speech's own title keeps its meeting: 在…会议上的讲话.)
    assert topic_forms("在全市安全生产工作会议上的讲话")[1] == "安全生产"


def test_a_speech_given_at_a_meeting_is_on_what_the_meeting_was_on():
    from drafter.draft.topic import understand

    topic = understand("学习贯彻习近平总书记在新时代推动中部地区崛起座谈会上的重要讲话精神",
                       PhraseBank.open())
    assert topic.subject == "推动中部地区崛起"
    assert not any("讲话" in w for w in topic.words), topic.words


def test_more_meetings_are_occasions_not_subjects():
    from drafter.draft.topic import topic_forms

    assert topic_forms("全市违法建设治理攻坚行动动员部署会")[1] == "违法建设治理攻坚行动"
    assert topic_forms("2025年全市人大代表建议和政协提案交办会")[1] == "人大代表建议和政协提案"


def test_what_is_done_is_no_word_of_its_own_beside_what_it_is_done_to():
    """监管 of 基金监管 alone would take 价格监管 and 特种设备监管 passages into a speech on
    医保基金."""
    from drafter.draft.topic import understand

    words = understand("全县医疗保障基金监管工作会议", PhraseBank.open()).words
    assert "基金监管" in words and "监管" not in words
    text = plain_text(assemble("work_conference", {"topic": "全县医疗保障基金监管工作会议"},
                               mode="full"))
    assert "特种设备" not in text and "价格监管" not in text


def test_a_field_takes_its_subjects_passages_only_where_they_speak_of_it():
    """营商环境 is a whole field: a passage written for 口岸 that never says 营商环境 (健全
    口岸协同工作机制) is no part of its speech; and a subject narrowed past the field's
    name (生态环境保护督察整改) is not the field's own."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    drafting = _Assembler(load_template("work_conference"), {"topic": "优化营商环境"},
                          PhraseBank.open(), 0, "full")
    ports = [c for c in drafting._pool(("safeguards", "key_tasks"), ("paragraph", "heading"))
             if any("口岸" in b for b in c.binds)]
    assert ports
    assert all(drafting._names_other(c) for c in ports if not drafting._names_topic(c))
    assert not any("督察整改" in b for b in _own_subjects("生态环境保护"))


def test_a_plenary_a_period_review_and_a_mobilisation_are_read_as_the_work_they_are_on():
    """县政府第一次全体（扩大）会议 is on 政府工作; 上半年工作总结暨下半年重点工作推进会
    on 经济社会发展, not on 上半年; …筹备工作动员大会 on the 筹备 (动员大会 is the
    meeting)."""
    from drafter.draft.topic import core_topic, topic_forms

    assert core_topic("县政府第一次全体（扩大）会议") == "政府工作"
    assert core_topic("全县2025年上半年工作总结暨下半年重点工作推进会") == "经济社会发展"
    assert topic_forms("市第十届运动会筹备工作动员大会")[2] == "市第十届运动会筹备工作"
    assert core_topic("全市安全生产委员会全体成员会议") == "安全生产"


def test_a_meetings_spirit_and_a_pair_of_verbs_are_read_past():
    """…新时代推动东北全面振兴座谈会精神 is on 东北全面振兴 (the speech unsaid); 建好用好
    县级应急广播体系 on the 应急广播体系; 普通 of 普通高考 is no word alone (it drew
    环卫工人 and 公交 passages that say 普通劳动者, 普通群众)."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    northeast = understand("市委理论学习中心组专题研讨：学习贯彻新时代推动东北全面振兴座谈会精神",
                           bank)
    assert "东北全面振兴" in northeast.words, northeast.words
    assert not any("座谈会" in w for w in northeast.words)
    radio = understand("署名文章：建好用好县级应急广播体系 打通预警信息发布“最后一公里”", bank)
    assert not any(w.startswith("建好") for w in radio.words), radio.words
    assert "普通" not in understand("全县2025年普通高考组织保障工作会议", bank).words


def test_a_person_the_topic_honours_is_what_its_material_must_name():
    """学习张富清同志先进事迹 is not drafted from 廖俊波's or 张桂梅's passages: names are no
    dictionary words, so the person is the topic's head and its subject must name them."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert "张富清" in understand("学习张富清同志先进事迹专题党课", bank).heads
    assert not any("廖俊波" in b or "张桂梅" in b for b in _own_subjects("学习张富清同志先进事迹"))
    assert any("廖俊波" in b for b in _own_subjects("学习廖俊波同志先进事迹专题党课"))


def test_a_birthday_or_a_founding_commemorated_is_read_as_what_it_asks_of_us():
    """纪念邓小平同志诞辰120周年座谈会 is on 学习弘扬邓小平同志崇高风范 (not 推动邓小平同志
    诞辰再上新台阶); 庆祝中华人民共和国成立76周年座谈会 on 弘扬爱国主义精神."""
    from drafter.draft.topic import core_topic

    assert core_topic("纪念邓小平同志诞辰120周年座谈会") == "学习弘扬邓小平同志崇高风范"
    assert core_topic("庆祝中华人民共和国成立76周年座谈会") == "弘扬爱国主义精神"
    assert core_topic("纪念知识青年上山下乡55周年座谈会") == "知识青年上山下乡"
    # Typed bare, as a 党课's title (judge 178: read whole, it drew nothing from the bank).
    assert core_topic("纪念毛泽东同志诞辰132周年") == "学习弘扬毛泽东同志崇高风范"
    assert any("毛泽东" in b for b in _own_subjects("纪念毛泽东同志诞辰130周年座谈会"))


def test_a_book_of_remarks_is_on_what_they_are_about():
    """《习近平关于尊重和保障人权论述摘编》 is on 人权: 论述 alone drew every other
    重要论述's passages (安全生产, 三农, 民营经济)."""
    from drafter.draft.topic import understand

    rights = understand("学习《习近平关于尊重和保障人权论述摘编》研讨发言", PhraseBank.open())
    assert "人权" in rights.words and "论述" not in rights.words, rights.words


def test_a_post_met_is_read_as_its_work_and_a_comparison_is_no_word():
    """村务监督委员会主任座谈会 is on 村务监督工作 (not 推动村务监督委员会主任再上新台阶);
    对照 of 对照“四有”要求 is how the speaker measures, no word (it drew 民主生活会对照检查)."""
    from drafter.draft.topic import topic_forms, understand

    assert topic_forms("全县村务监督委员会主任座谈会")[2] == "村务监督工作"
    assert "对照" not in understand("对照“四有”要求，做党和人民满意的县委书记",
                                    PhraseBank.open()).words


def test_a_post_is_no_person_and_the_person_honoured_is_the_topics_own():
    """主要负责同志, 驻村第一书记 and 村党组织书记 are posts, not people a passage is bound
    to (they had kept some 500 written passages out of the bank); 张富清 in a passage
    written on 学习张富清同志先进事迹 is its subject, and such passages draft its lecture."""
    from drafter.bank.mine.specifics import find_specifics

    for post in ("主要负责同志要亲自抓。", "驻村第一书记要扎根。", "村党组织书记要带头。"):
        assert not [s for s in find_specifics(post) if s.kind == "person"], post
    assert [s.text for s in find_specifics("王小明同志发言。")] == ["王小明同志"]
    draft = assemble("party_lecture", {"topic": "学习张富清同志先进事迹专题党课"}, mode="full")
    said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert sum("张富清" in t for t in said) >= 3, said


def test_what_the_topic_names_is_no_source_specific(tmp_path):
    # 学习弘扬谷文昌精神: its written passages name 谷文昌同志 (one read as 是谷文昌同志, a
    # character early) and 文昌 (a city of 海南, inside his name); the bank's rules had
    # rejected them all and its lecture was nine gaps (judge 67).  So are 红旗渠 of
    # 弘扬红旗渠精神 and a name the writer gave with 同志.
    from drafter.bank.mine.specifics import named_by

    subject = "学习弘扬谷文昌精神"
    assert named_by("person", "是谷文昌同志", subject) and named_by("place", "文昌", subject)
    assert named_by("place", "红旗渠", "弘扬红旗渠精神")
    assert not named_by("person", "廖俊波同志", subject)
    assert not named_by("place", "东山", subject) and not named_by("place", "文昌", "")
    phrases = [_on("paragraph", f"为官一任就要造福一方。谷文昌同志心里装着群众，第{i}件实事办在"
                   "群众心坎上，要学习他把群众冷暖挂在心上的公仆情怀。", ["significance"],
                   ["culture"], file=f"g{i}.txt", tags=[f"subject:{subject}"],
                   specifics=[["person", "谷文昌同志"], ["place", "文昌"]]) for i in range(3)]
    texts = _drawn(tmp_path, phrases, subject, template="party_lecture")
    assert any("谷文昌同志心里装着群众" in t for t in texts), texts
    other = _drawn(tmp_path / "other", phrases, "学习弘扬焦裕禄精神", template="party_lecture")
    assert not any("谷文昌" in t for t in other), other


def test_expand_looks_up_what_is_said_rather_than_reading_every_passage(small_bank,
                                                                        monkeypatch):
    """Whether a candidate is inside a passage of the draft, or holds one, was asked of
    every passage in turn: a draft of 10,000 heads took 44 s to fill.  Passages are read
    now only when they share its rarest piece: the reading per candidate no longer grows
    with the draft, and what is said is still not said again."""
    import drafter.draft.assemble as assemble_module

    reads = 0

    class Counted(str):
        def __contains__(self, other):
            nonlocal reads
            reads += 1
            return super().__contains__(other)

    normalise = assemble_module.normalise
    monkeypatch.setattr(assemble_module, "normalise", lambda text: Counted(normalise(text)))
    said = "作风是旗帜，作风是导向，第0条。"
    heads = 300
    draft = Draft(template="party_lecture", fields={"topic": "作风建设"},
                  body=[Node(f"第{i}项工作", section="work_style",
                             items=[Item(f"第{i}项工作要抓实。", "lead")]) for i in range(heads)])
    draft.body[7].items[0].text = f"大家都记得：{said}这是第7项。"
    draft.renumber()
    assemble_module.expand(draft, bank=small_bank)
    drawn = [item.text for node in draft.nodes() for item in node.items if item.phrase]
    assert drawn and said not in drawn
    # A few reads per candidate (about 20 per head here), where reading every passage
    # had come to over 4,000 per head.
    assert reads <= 50 * heads


@pytest.mark.parametrize("topic, domain", [
    # A meeting on a day of a profession is on that profession's field (judge 69 found
    # the bank's few 医务 phrases, in hospital Party work, had made it 党的建设).
    ("中国医师节医务工作者座谈会", "livelihood"),
    ("加强寄递渠道安全管理", "safety")])
def test_a_profession_or_a_channel_is_placed_in_its_field(topic, domain):
    from drafter.draft.topic import understand

    assert understand(topic, PhraseBank.open()).domain_keys[:1] == [domain]


def test_a_speakers_post_the_writer_did_not_give_is_any_cadres():
    # Judges 73 and 74: 作为分管农村工作的党员干部, 作为执法部门的党员干部 in statements
    # whose speaker the writer had not described.
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    def said(topic, text):
        tpl = load_template("seminar_statement")
        drafting = _Assembler(tpl, tpl.resolve_fields({"topic": topic}), PhraseBank.open(), 0,
                              "full")
        return drafting._unassumed_role(text)

    assert said("发展壮大村级集体经济", "作为分管农村工作的党员干部，我深刻体会到…") \
        == "作为一名党员干部，我深刻体会到…"
    assert said("规范涉企行政检查", "作为执法部门的党员干部，我们要…").startswith("作为一名党员干部，")
    # Any cadre's words stay, and so does a post the topic itself names.
    assert said("规范涉企行政检查", "作为党员领导干部，我…") == "作为党员领导干部，我…"
    assert said("加强纪检监察干部队伍建设", "作为纪检监察干部，我…") == "作为纪检监察干部，我…"
    # 作为 that names no speaker is left alone.
    assert said("规范涉企行政检查", "把它作为干部考察的重要内容，") == "把它作为干部考察的重要内容，"


def test_the_same_things_listed_again_are_a_repeat():
    # Judge 74: three points of a 道路交通安全 speech each listed 临水临崖、急弯陡坡、长下坡
    # (passages written for three subjects).
    from drafter.draft.assemble import _enumerated, _shared_items

    text = plain_text(assemble("work_conference", {"topic": "全县道路交通安全工作会议"},
                               mode="full"))
    # (Two items said again, a problem stated and then the measure on it, are no list
    # repeated: _SAME_LIST_ITEMS.)
    assert text.count("临水临崖") <= 2 and text.count("长下坡") <= 1, text
    # …nor are two heads doing one thing to one object (完善农村公路安全设施, 完善道路
    # 安全防护设施).
    heads = [line for line in text.splitlines() if line.startswith("（")]
    assert not any("完善" in h and "设施" in h for h in heads[1:]) or sum(
        "完善" in h and "设施" in h for h in heads) <= 1, heads
    assert _enumerated("要对急弯陡坡、临水临崖、长下坡等危险路段开展排查") == (
        frozenset({"急弯陡坡", "临水临崖", "长下坡"}),)
    # How work is shared out, and formulas said in parallel, are no list of things.
    assert not _enumerated("发展改革、自然资源、生态环境部门要开辟审批绿色通道")
    assert not _enumerated("坚持同谋划、同部署、同考核")
    assert not _enumerated("加强思想建设、组织建设、作风建设")
    # Two items sharing a word are still a list of things (judge 166 had the same
    # 过紧日子 passage twice: 公务接待、公务用车、因公出国 read as a formula).
    said = _enumerated("从严控制公务接待、公务用车、因公出国（境）等支出")
    assert said and _shared_items(said[0], _enumerated(
        "从严管理公务接待、公务用车、因公出国等经费")[0]) == 3


def test_a_subject_written_for_one_sectors_system_is_not_the_topics_own():
    # Judge 166: a 全面从严治党 党课 had 严肃整治师德师风问题 among its points and three
    # education-system paragraphs, written for 推进教育系统全面从严治党.
    assert not any("教育系统" in b for b in _own_subjects("全面从严治党"))
    text = plain_text(assemble("party_lecture", {"topic": "全面从严治党"}, mode="full"))
    assert not re.search("师德|教育系统|学校党组织", text), text
    # A sector the topic names is its own.
    assert any("教育系统" in b for b in _own_subjects("推进教育系统全面从严治党"))


def test_a_kind_of_the_topic_is_not_its_subject_nor_a_person_another_honours():
    # Judge 73: a 文物保护 summary was all 革命文物 (the one subject written under a name
    # with 文物保护 in it), and told the cadres to learn from 樊锦诗, whom a subject of
    # the bank honours and the writer had not named.
    text = plain_text(assemble("summary_remarks", {"topic": "全县文物保护工作座谈会"},
                               mode="full"))
    assert not any("革命文物" in b for b in _own_subjects("全县文物保护工作座谈会"))
    assert "樊锦诗" not in text
    # A lecture on her keeps her, and a speaker every subject quotes is anybody's.
    lecture = plain_text(assemble("party_lecture", {"topic": "学习樊锦诗同志先进事迹"},
                                  mode="full"))
    assert "樊锦诗" in lecture
    from drafter.draft.topic import comrades_named
    assert comrades_named("学习陈云同志的崇高风范") == ["陈云"]


def test_a_lectures_frame_heads_need_no_antecedent():
    # (一)这是践行“两个维护”的必然要求 read as a 这 with nothing before it (judges 151
    # and 154): the frame heads are nominal.
    from drafter.draft.templates import load_template

    template = load_template("party_lecture")
    frames = template.render_lines("why_children", template.resolve_fields({"topic": "作风建设"}))
    assert len(frames) == 3 and not any(frame.startswith("这") for frame in frames), frames


def test_a_point_stated_after_where_it_looks_from_heads_its_paragraph():
    # 这是践行“两个维护”的必然要求 stood over 从历史和现实看，腐败是党面临的最大威胁。…
    # (judges 95-97 on other topics): the point after 从…看， is the head.
    from drafter.draft.assemble import _VIEWPOINT_RE

    assert _VIEWPOINT_RE.sub("", "从历史和现实看，腐败是党面临的最大威胁。") == "腐败是党面临的最大威胁。"
    assert _VIEWPOINT_RE.sub("", "就其实质而言，协商是民主的日常。") == "协商是民主的日常。"
    assert _VIEWPOINT_RE.sub("", "从严管理干部，是一贯要求。") == "从严管理干部，是一贯要求。"
    draft = assemble("party_lecture", {"topic": "党风廉政建设"}, bank=PhraseBank.open(),
                     mode="full")
    why = draft.body[0].children
    heads = [node.heading for node in why]
    assert "践行“两个维护”的必然要求" not in heads, heads
    for node in why:
        if node.phrase is None and node.items and node.items[0].phrase is not None:
            # A head taken from its paragraph is not said again under it.
            assert node.heading not in node.items[0].text
            assert not node.heading.startswith("从"), heads


def test_a_subject_named_by_the_topic_whole_and_more_drafts_a_topic_nothing_is_written_for():
    # 见义勇为英雄模范 (弘扬见义勇为精神), 政府投资项目全过程管理 (加强政府投资项目管理) and
    # 慢性病综合防控 (创建慢性病综合防控示范区) had drafted as gaps, 3-20% kept (judges 94-96).
    bank = PhraseBank.open()
    for topic, genre, said in (("全市见义勇为英雄模范座谈会", "summary_remarks", "见义勇为"),
                               ("加强政府投资项目全过程管理", "theory_article", "政府投资"),
                               ("慢性病综合防控", "theory_article", "慢性病")):
        draft = assemble(genre, {"topic": topic}, bank=bank, mode="full")
        drawn = [item.text for node in draft.nodes() for item in node.items
                 if item.phrase is not None]
        assert len(drawn) >= 6 and sum(said in text for text in drawn) >= 5, (topic, drawn)


def test_a_meeting_of_a_works_heroes_is_on_the_work():
    # 做好见义勇为英雄模范, 推动见义勇为英雄模范再上新台阶: heroes are no work to do.
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert understand("全市见义勇为英雄模范座谈会", bank).task == "见义勇为工作"
    text = plain_text(assemble("summary_remarks", {"topic": "全市见义勇为英雄模范座谈会"},
                               bank=bank))
    assert "做好见义勇为英雄模范" not in text and "见义勇为工作" in text, text


def test_a_subject_placed_only_by_what_is_done_to_it_is_where_the_bank_files_it():
    # 防控 is a cue of 安全 (疫情防控): 慢性病综合防控 had been read as 安全生产与应急.
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    assert understand("慢性病综合防控", bank).domain_keys[0] == "livelihood"
    assert understand("疫情防控", bank).domain_keys[0] == "safety"


def test_a_subject_the_topic_word_qualifies_otherwise_is_anothers():
    # 跨境 qualifies 贸易 in 提升跨境贸易便利化水平; 打击治理跨境赌博's passages had filled
    # five slots of that 研讨发言 (judge 100: 5 foreign, 35% kept).  跨境 passages on
    # trade (跨境人民币结算便利化, 跨境经济合作区) still stand.
    bank = PhraseBank.open()
    for seed in (0, 1, 2):
        draft = assemble("seminar_statement", {"topic": "提升跨境贸易便利化水平"}, bank=bank,
                         mode="full", seed=seed)
        drawn = [item.text for node in draft.nodes() for item in node.items
                 if item.phrase is not None]
        assert not [text for text in drawn if "赌" in text], seed
        assert sum("跨境" in text or "便利化" in text for text in drawn) >= 6, (seed, drawn)


def test_a_lectures_frame_head_over_a_paragraph_on_something_else_gives_way_to_its_point():
    # 在强化理论武装上下功夫 stood over a paragraph on 战略定力, 在健全制度机制上下功夫 over
    # one on 打基础 (judge 102: keep the paragraphs, change the heads).  功夫, the frame's
    # end, is no word of the head's: a paragraph saying 下功夫 does not fit it for that.
    bank = PhraseBank.open()
    frames = {"在强化理论武装上下功夫": ("理论", "学习"), "在健全制度机制上下功夫": ("制度", "机制"),
              "在狠抓工作落实上下功夫": ("落实",)}
    replaced = 0
    for topic in ("涵养“功成不必在我”的精神境界", "防范和惩治统计造假", "发挥党员先锋模范作用"):
        draft = assemble("party_lecture", {"topic": topic}, bank=bank, mode="full")
        for node in draft.body[-1].children:
            said = "".join(item.text for item in node.items if item.phrase is not None)
            if node.heading in frames and said:
                assert any(w in said for w in frames[node.heading]), (topic, node.heading, said)
            replaced += node.heading not in frames and node.phrase is None
    assert replaced >= 5


def test_a_signed_article_argues_no_topic_neutral_safeguards():
    # 压紧压实工作责任。责任不落实，部署就会落空… and 严格执纪问责 stood as part 三 of an
    # article on 油茶产业 (judge 102: a speech's boilerplate, thrown away).  A speech
    # keeps them where its topic has none of its own.
    bank = PhraseBank.open()
    neutral = {"压紧压实工作责任", "严格执纪问责"}
    for topic in ("推动油茶产业高质量发展", "城市更新"):
        for seed in (0, 1):
            draft = assemble("theory_article", {"topic": topic}, bank=bank, mode="full",
                             seed=seed)
            heads = {node.heading for node in draft.nodes()}
            assert not heads & neutral, (topic, seed, heads)
    speech = assemble("work_conference", {"topic": "推动油茶产业高质量发展"}, bank=bank,
                      mode="full")
    assert {node.heading for node in speech.nodes()} & neutral


def test_a_passage_naming_the_topic_only_as_the_times_it_opens_in_is_anothers():
    # 随着城市更新、老旧小区改造和房屋征收工作深入推进，拆除工程数量明显增多。…, written for
    # 拆除工程安全管理, had come into a 城市更新 党课: its subject is 拆除工程.
    bank = PhraseBank.open()
    for genre in ("party_lecture", "seminar_statement", "theory_article"):
        draft = assemble(genre, {"topic": "城市更新"}, bank=bank, mode="full")
        drawn = [item.text for node in draft.nodes() for item in node.items
                 if item.phrase is not None]
        # (At least 6: the article's eighth had been 城市管理's 网格化管理, judges 182-183.)
        assert len(drawn) >= 6 and not [t for t in drawn if "拆除工程" in t], (genre, drawn)


def test_a_part_that_draws_no_points_takes_the_topics_own_passages_unheaded():
    # Too few passages on 适度规模经营 to make two points of their own: the part of tasks
    # had been one gap (judge 105: 5% kept).  Its own passages stand under the part's
    # head, no topic-neutral one; the part's head stays.
    bank = PhraseBank.open()
    for genre in ("theory_article", "work_conference"):
        draft = assemble(genre, {"topic": "发展农业适度规模经营"}, bank=bank, mode="full")
        tasks = draft.body[1]
        drawn = [item.text for item in tasks.items if item.phrase is not None]
        assert not tasks.children and len(drawn) >= 2, (genre, tasks)
        assert all("规模经营" in text for text in drawn), drawn
        assert "发展农业适度规模经营" in tasks.heading, tasks.heading
    outline = assemble("theory_article", {"topic": "发展农业适度规模经营"}, bank=bank)
    assert [item.role for item in outline.body[1].items] == ["placeholder"]


def test_a_signed_articles_part_on_practice_asks_for_the_cases_it_promises():
    # The template promises 实践要求（含典型经验）; drafts had none and said nothing
    # (judges 103, 104).  The cases a writer cites are local: a gap asks for one, last in
    # the part, after any paragraph added to lengthen it.
    bank = PhraseBank.open()
    draft = assemble("theory_article", {"topic": "引导农村土地经营权有序流转"}, bank=bank,
                     mode="full")
    practice = draft.body[1]
    items = [item for node in practice.walk() for item in node.items]
    assert items[-1].role == "placeholder" and "典型经验" in items[-1].text, items[-1]
    assert sum("典型经验" in item.text for node in draft.nodes() for item in node.items) == 1
    outline = assemble("theory_article", {"topic": "引导农村土地经营权有序流转"}, bank=bank)
    assert not any("典型经验" in item.text for node in outline.nodes() for item in node.items)
    speech = assemble("work_conference", {"topic": "引导农村土地经营权有序流转"}, bank=bank,
                      mode="full")
    assert not any("典型经验" in item.text for node in speech.nodes() for item in node.items)


def test_a_whole_fields_why_and_safeguards_are_the_whole_fields():
    # Under 一、 of a city's 安全生产 speech: 守护群众生命安全，是商贸领域安全生产的头等
    # 大事 and a 农机 paragraph; in its safeguards 压实冬季安全监管责任 (new user, stop
    # 37).  A part of the field is one of its tasks, not its why or its safeguards.
    draft = assemble("work_conference", {"topic": "安全生产", "date": "2025-03-10"},
                     bank=PhraseBank.open(), mode="full")
    tasks = draft.body[1]
    outside = [n for n in draft.body if n is not tasks]
    said = plain_text(Draft(body=outside))
    assert not any(part in said for part in ("商贸", "农机", "冬季", "治本攻坚")), said
    assert "冬季" not in plain_text(draft)


def test_a_passage_bound_to_a_season_or_holiday_comes_in_its_season_only():
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()

    def out_of_season(topic: str, date: str, text: str) -> bool:
        return _Assembler(load_template("work_conference"), {"topic": topic, "date": date},
                          bank, 0, "full")._out_of_season(text)

    winter = "冬季安全生产涉及面广，必须把责任链条拉紧。"
    assert out_of_season("安全生产", "2025-03-10", winter)
    assert not out_of_season("安全生产", "2025-12-01", winter)
    assert out_of_season("安全生产", "2025-09-01", "安全生产是“五一”假期工作的底线。")
    # A topic that names its season takes it, whenever it is given.
    assert not out_of_season("春节前安全稳定工作", "2025-07-01", "春节前后人员流动大。")
    assert not out_of_season("安全生产", "2025-03-10", "安全生产是一切工作的底线。")


def test_a_village_topic_is_not_drafted_from_a_towns_subject():
    # A 党课 on 村党组织书记队伍建设 took four passages written for 社区党组织书记队伍建设
    # (judge 116): one 村 of the name is too short to tell the two apart by rarity.
    from drafter.draft.assemble import _other_settlement

    assert _other_settlement("加强社区党组织书记队伍建设", "村党组织书记队伍建设")
    assert _other_settlement("选优配强村党组织书记", "社区党组织书记队伍建设")
    assert not _other_settlement("做好“村改居”社区治理", "加强城市社区治理")
    assert not _other_settlement("选优配强村党组织书记", "村党组织书记队伍建设")
    text = plain_text(assemble("party_lecture", {"topic": "村党组织书记队伍建设"},
                               bank=PhraseBank.open(), mode="full"))
    assert "社区" not in text and text.count("村") > 10, text


@pytest.mark.parametrize("topic", ["森林防灭火", "加强食品安全风险监测", "安全生产"])
def test_a_division_of_labour_is_stated_once(topic):
    # Judges 118-120 (stop 38): 林业、应急管理、气象、财政部门 each given its duty under
    # 压实工作责任 and again under 加强统筹协调; repeated passages in 15 of 24 drafts.
    from itertools import combinations

    from drafter.draft.assemble import _departments

    draft = assemble("work_conference", {"topic": topic}, PhraseBank.open(), mode="full")
    passages = [item.text for node in draft.nodes() for item in node.items]
    divisions = [d for d in map(_departments, passages) if d]
    assert not [(a, b) for a, b in combinations(divisions, 2) if len(a & b) >= 3]
    assert _departments("林业部门要巡山护林，应急管理部门要统筹调度，公安机关要依法查处，"
                        "气象部门要做好预报。") == {"林业部门", "应急管理部门", "公安机关",
                                                "气象部门"}


def test_a_subject_written_for_two_gives_a_topic_only_its_own_part():
    # 森林防灭火 drew 林长制和森林草原防灭火's tasks on 国土绿化 and 森林资源保护, heads and
    # bodies, though neither says a word of fire (judges 118, 119 and 120, all three).
    draft = assemble("work_conference", {"topic": "森林防灭火"}, PhraseBank.open(), mode="full")
    for node in draft.nodes():
        for text in (node.heading, *(item.text for item in node.items)):
            assert "国土绿化" not in text, text
            assert "林长制" not in text or "火" in text, text


def test_a_division_of_labour_is_known_by_whatever_duty_verbs_it_uses():
    # Judges 124-126: two funding paragraphs under two heads of one speech gave 财政,
    # 发展改革, 住建 and 金融机构 their duties twice; the first told them 统筹, 加大, 牵头
    # (not 要), so only two departments were found in it and the repeat went unseen.
    from drafter.draft.assemble import _SAME_DEPARTMENTS, _departments

    first = ("要建立合理共担的资金机制，财政部门统筹用好各级补助资金和专项债券，发展改革部门做好"
             "项目储备，金融机构加大信贷支持；住建部门牵头抓总，自然资源部门简化审批。")
    second = ("财政部门要统筹上级补助和本级资金；发展改革部门负责项目申报；住建部门负责改造计划"
              "编制；金融机构要创新信贷产品。")
    assert len(_departments(first) & _departments(second)) >= _SAME_DEPARTMENTS
    # Departments only named, given no duty, divide no work.
    assert _departments("各部门的、有关部门的、相关部门的意见都要听取。") == frozenset()


def test_a_meeting_the_writer_did_not_name_is_not_passed_on(tmp_path):
    # Judge 125: 把全国医疗保障工作会议精神与本地医保运行实际结合起来 in a city's speech on
    # 医保基金监管 that named no such meeting.  Named, the meeting's spirit may be conveyed.
    cited = ("要把全国医疗保障工作会议精神与本地医保基金监管实际结合起来，深入医院、药店开展"
             "调查研究，梳理群众反映强烈的问题。")
    plain = "医保基金是群众的看病钱、救命钱。要严厉打击欺诈骗保，健全智能监控，织密基金监管网。"
    save_phrases(tmp_path / "bank", [_on("paragraph", cited, ["key_tasks"], ["health"]),
                                     _on("paragraph", plain, ["key_tasks"], ["health"])])
    bank = PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache")

    def drawn(fields):
        draft = assemble("work_conference", fields, bank, mode="full")
        return {i.text for n in draft.nodes() for i in n.items if i.phrase is not None}

    texts = drawn({"topic": "医保基金监管"})
    assert plain in texts and cited not in texts
    assert cited in drawn({"topic": "贯彻落实全国医疗保障工作会议精神 加强医保基金监管"})


def test_an_entrepreneurs_meeting_is_not_lectured_on_their_convictions_or_another_meeting():
    # Judges 118, 127 and 128: a 民营企业家座谈会 drew the passages written for
    # 民营经济人士理想信念教育 (the entrepreneurs in the room spoken of in the third person)
    # and for 召开全市民营经济发展大会, instead of 融资, 清欠 and 政企沟通.
    draft = assemble("summary_remarks", {"topic": "全市民营企业家座谈会"}, mode="full")
    texts = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(texts) >= 8
    assert not [t for t in texts if re.search("理想信念教育|民营经济发展大会", t)]
    assert any(re.search("拖欠|账款|融资|政企沟通", t) for t in texts)
    # A meeting the topic names is its own.
    named = assemble("work_conference", {"topic": "全市民营经济发展大会"}, mode="full")
    assert named.topic.get("passages_on_topic", 0) >= 6


def test_a_full_draft_short_of_its_genres_length_leaves_room_for_the_places_own_material():
    """Blind judges found every full 党课 a third of its 35 minutes, and nothing said so:
    a full draft the bank cannot bring near its genre's length asks, under the thinnest
    point drawn from the bank of each part whose template says what to ask (room), for
    the cases only the writer has; one a part (under every point, judges 136-141 found
    them stamped on); the gaps are no speech, and an outline asks for none."""
    from drafter.export.text import plain_text
    from drafter.text.chars import speech_characters

    bank = PhraseBank.open()
    draft = assemble("party_lecture", {"topic": "耕地保护"}, bank=bank, mode="full")
    target = 35 * 220
    spoken = draft.text_length()
    text = plain_text(draft)
    assert spoken == speech_characters(text)
    assert spoken == sum(not ch.isspace() for ch in GAP_RE.sub("", text)) < sum(
        not ch.isspace() for ch in text)  # (the gaps are there, and not counted)
    assert spoken < 0.9 * target
    for part in draft.body:
        room = [(leaf, item) for leaf in part.walk() for item in leaf.items
                if ROOM_GAP_RE.fullmatch(item.text)]
        if part.slot not in ("what", "how"):
            assert not room, part.heading  # (why it matters: argued, not local)
            continue
        assert len(room) == 1, (part.heading, room)
        (leaf, item), = room
        assert item.text == f"〔待补：本地“{leaf.heading.rstrip('。')}”的正面典型或反面案例〕"
        drawn = [n for n in part.walk() if not n.children and n.phrase is not None]
        assert leaf.phrase is not None and sum(len(i.text) for i in leaf.items
                                               if i is not item) == min(
            sum(len(i.text) for i in n.items if not ROOM_GAP_RE.fullmatch(i.text))
            for n in drawn)
    assert draft.coverage()["room_gaps"] == 2
    outline = assemble("party_lecture", {"topic": "耕地保护"}, bank=bank)
    assert not any(ROOM_GAP_RE.fullmatch(i.text) for n in outline.nodes() for i in n.items)
    summary = assemble("summary_remarks", {"topic": "耕地保护"}, bank=bank, mode="full")
    # (A summary has no point to make room under; its opening's gap for the place's
    # record, 〔待补：本地…的主要成绩和数据〕, is the only gap of the place's own.)
    assert summary.text_length() < 0.9 * 15 * 220 and summary.coverage()["room_gaps"] == 1
    assert not any(ROOM_GAP_RE.fullmatch(i.text) for n in summary.nodes() for i in n.items)


def test_the_topics_word_said_of_another_subjects_sector_is_that_subjects():
    """Judge 137 read a whole point, 加强耐火材料科技创新 (written for 发展耐火材料产业),
    in a speech on 科技创新和产业创新深度融合: the topic's word qualified by a rare word
    of the subject a phrase was written for is that subject's work.  A common word there
    (企业 of 企业科技创新) narrows nothing."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    bank = PhraseBank.open()
    template = load_template("work_conference")
    topic = "推动科技创新和产业创新深度融合"
    drafting = _Assembler(template, template.resolve_fields({"topic": topic}), bank, 0, "full")
    assert drafting._said_of_its_own("加强耐火材料科技创新", "耐火材料产业")
    assert not drafting._said_of_its_own("加强企业科技创新", "企业科技创新")
    assert not drafting._said_of_its_own("以科技创新引领耐火材料产业升级", "耐火材料产业")
    draft = drafting.draft()
    refractory = {c.id for c in bank.candidates_at(bank.written_subjects()["发展耐火材料产业"])}
    drawn = {p.id for node in draft.nodes() for p in (node.phrase, *(i.phrase for i in node.items))
             if p is not None}
    assert drawn and not drawn & refractory, plain_text(draft)


def test_a_clause_said_again_in_other_words_is_a_repeat():
    """Judges 136 and 137 read 要落实党委主体责任、书记第一责任人责任、班子成员“一岗双责”和
    纪委监督责任 straight after 要压紧压实党委（党组）主体责任、… in one point of a 党课 on
    以党的自我革命引领社会革命: a passage whose long clause nearly says one the draft has
    said is not drawn."""
    from drafter.draft.assemble import _Assembler, _long_clauses
    from drafter.draft.templates import load_template

    assert _long_clauses("责任落实是关键。要落实党委主体责任、书记第一责任人责任，形成合力。") == (
        "要落实党委主体责任书记第一责任人责任",)
    template = load_template("party_lecture")
    topic = "以党的自我革命引领社会革命"
    drafting = _Assembler(template, template.resolve_fields({"topic": topic}), PhraseBank.open(),
                          0, "full")
    drafting._remember("要压紧压实党委（党组）主体责任、书记第一责任人责任、班子成员“一岗双责”和"
                       "纪委监督责任，推动各类责任贯通联动。")
    assert drafting._repeats("责任落实是自我革命落地的关键。要落实党委主体责任、书记第一责任人"
                             "责任、班子成员“一岗双责”和纪委监督责任，形成各负其责的工作格局。")
    assert not drafting._repeats("监督是推进自我革命的重要保障。要把巡视巡察作为党内监督的"
                                 "战略性制度安排，发挥利剑和探照灯作用。")
    text = plain_text(assemble("party_lecture", {"topic": topic}, mode="full"))
    assert text.count("书记第一责任人责任") <= 1, text
    # A formula said inside a longer clause is said (judge 147: 常修为政之德、常思贪欲之害、
    # 常怀律己之心 twice in one 党课 on 廉洁文化建设).
    drafting._remember("我们要教育引导领导干部常修为政之德、常思贪欲之害、常怀律己之心，以自身"
                       "清正廉洁带动全体干部守住底线。")
    assert drafting._repeats("要引导党员干部坚持读书学习，加强党性锻炼和道德修养，常修为政之德、"
                             "常思贪欲之害、常怀律己之心。")
    assert not drafting._repeats("要引导党员干部坚持读书学习，加强党性锻炼和道德修养，涵养"
                                 "清正廉洁的家风，筑牢拒腐防变的思想防线。")
    text = plain_text(assemble("party_lecture", {"topic": "加强新时代廉洁文化建设"}, mode="full"))
    assert text.count("常修为政之德") <= 1, text


def test_a_stretch_of_words_said_again_as_it_was_is_a_repeat_unless_a_formula():
    """Judge 169 read 要定期举办退役军人专场招聘会，组织企业开放适合岗位 and, next, 要定期举办
    退役军人专场招聘会，组织国有企业、重点民营企业拿出适合岗位: two passages of one
    draft sharing words as they were.  A formula the topic's own passages share (引导
    宗教与社会主义社会相适应) may be said again, as may one stock clause."""
    from drafter.draft.assemble import _Assembler, _run_grams
    from drafter.draft.templates import load_template

    # (The topic's words count as one character; punctuation and gaps not at all.)
    assert _run_grams("要定期举办退役军人专场招聘会。〔待补：本地的做法〕", ("退役军人",)) == {
        "要定期举办\0专场", "定期举办\0专场招", "期举办\0专场招聘", "举办\0专场招聘会"}
    template = load_template("work_conference")
    bank = PhraseBank.open()

    def drafting(topic):
        return _Assembler(template, template.resolve_fields({"topic": topic}), bank, 0, "full")

    veterans = drafting("全市退役军人工作会议")
    veterans._remember("要开展退役军人职业技能培训，推行订单式培养；要定期举办退役军人专场招聘会，"
                       "组织企业开放适合岗位，鼓励国有企业拿出适当比例岗位定向招聘。")
    again = ("岗位是促进退役军人就业的根本。要定期举办退役军人专场招聘会，组织国有企业、重点"
             "民营企业拿出适合岗位；要落实公务员、事业单位定向招录招聘政策。")
    assert veterans._runs_said(again) and veterans._repeats(again)
    assert not veterans._runs_said("要落实创业担保贷款、税收减免等扶持政策，建设退役军人创业"
                                   "孵化基地，对创业项目给予场地、融资、指导等支持。")
    religion = drafting("坚持我国宗教中国化方向")
    religion._remember("宗教团体在坚持宗教中国化方向、引导宗教与社会主义社会相适应中承担着重要"
                       "职责。")
    assert religion._formula("与社会主义社会相适")
    assert not religion._runs_said("引导宗教与社会主义社会相适应，体现在服务社会的实际行动"
                                   "中。要支持宗教界依法开展公益慈善活动。")
    text = plain_text(assemble("work_conference", {"topic": "全市退役军人工作会议"},
                               mode="full"))
    assert text.count("专场招聘会") <= 1, text


def test_a_point_made_again_in_other_words_is_a_repeat():
    """Judge 171 read two paragraphs on 压减一般性支出 one after the other in a 党课 on
    过紧日子: 公务接待, 公务用车, 楼堂馆所, 超标准 … in both, worded apart.  Sharing most
    of their rare words (6 of 14), the second is a repeat; a paragraph on another point
    of the same topic is not."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    template = load_template("party_lecture")
    drafting = _Assembler(template, template.resolve_fields({"topic": "坚持过紧日子"}),
                          PhraseBank.open(), 0, "full")
    drafting._remember(
        "要严控会议、培训、差旅、公务接待、公务用车等支出，能合并的会议合并开，能视频开的不"
        "集中开；要从严控制新增办公用房和楼堂馆所建设，严禁超标准装修和配置办公家具，推动闲置"
        "资产在部门间调剂使用；要从严审核节庆、论坛、展会等活动，没有实际效果、群众反映不好的"
        "坚决取消，把省下来的钱用于保民生、促发展，切实体现过紧日子的要求。")
    assert drafting._repeats(
        "压减一般性支出是坚持政府过紧日子最直接的举措。要从严控制公务接待、公务用车、因公出国"
        "（境）等经费，严控会议、培训、差旅和论坛节庆活动支出，非刚性、非重点项目支出能压则"
        "压、能缓则缓。要严禁超标准配置资产和违规新建楼堂馆所，严禁搞脱离实际的形象工程、政绩"
        "工程，把节省下来的资金优先用于保基本民生、促高质量发展，真正做到当家理财精打细算。")
    assert not drafting._repeats(
        "花钱必问效，无效必问责。要推动预算绩效管理覆盖所有财政资金，新增重大项目开展事前绩效"
        "评估，没有绩效目标的不安排预算；要加强绩效运行监控，对执行进度慢、绩效差的项目及时"
        "调整。")


def test_a_part_of_a_subject_named_in_quotes_is_known_in_the_text():
    """New user 52: 换一批 in a 作风建设 党课 offered 激发科技创新活力, written for 弘扬“闯”的
    精神、“创”的劲头、“干”的作风 and opening “创”的劲头集中体现在科技创新上: the parts are
    named without their quotes (创的劲头), and the text had been searched with them."""
    from drafter.draft.assemble import _Assembler, _part_names
    from drafter.draft.templates import load_template

    template = load_template("party_lecture")
    drafting = _Assembler(template, template.resolve_fields({"topic": "作风建设"}),
                          PhraseBank.open(), 1, "full")
    own, others = _part_names("“干”的作风"), (*_part_names("“创”的劲头"),
                                              *_part_names("“闯”的精神"))
    assert not drafting._on_own_part("“创”的劲头集中体现在科技创新上。要强化企业创新主体地位。",
                                     own, others)
    assert drafting._on_own_part("“干”的作风要在项目建设上见分晓。要建立项目清单。", own, others)
    assert drafting._on_own_part("要坚持问题导向，聚焦群众反映强烈的问题。", own, others)
    assert not any(c.text == "激发科技创新活力" and c.kind == "heading"
                   for c in drafting._own_written.values())


def test_a_side_theme_is_said_in_a_few_passages_not_throughout():
    """Judge 147 found 故事 in seven passages of a 党课 on 廉洁文化建设 (a story-telling
    campaign's speech) and 品牌 in seven of a 机关党建 one: a rare word the topic's own
    passages seldom say stops drawing passages once three in the draft say it; a word
    they often say (隐患 of 安全生产) does not."""
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    template = load_template("party_lecture")
    bank = PhraseBank.open()

    def drafting(topic):
        return _Assembler(template, template.resolve_fields({"topic": topic}), bank, 0, "full")

    lecture = drafting("加强新时代廉洁文化建设")
    story = "要讲好身边的廉洁故事，用身边事教育身边人。"
    assert not lecture._side_theme_crowded(story)
    for said in ("要挖掘本地廉洁故事，编印读本。", "廉洁故事要讲得生动，讲得鲜活。",
                 "组织党员干部讲述家风故事，营造崇廉氛围。"):
        lecture._remember(said)
    assert lecture._side_theme_crowded(story) and lecture._repeats(story)
    assert not lecture._side_theme_crowded("要把纪律规矩挺在前面，严明纪律红线。")

    safety = drafting("安全生产")
    for said in ("要全面排查整治重大事故隐患。", "隐患就是事故，事故就要处理。",
                 "要建立隐患排查治理台账，逐项整改销号。"):
        safety._remember(said)
    assert not safety._side_theme_crowded("要盯住重点行业领域的隐患，动态清零。")

    # A sub-theme a little more common in the topic's material (督察 in about 9% of
    # 法治政府建设's passages) is no more the speech: judge 151 counted it in five
    # passages of a 研讨发言, which "became a speech on 法治督察".
    rule_of_law = drafting("法治政府建设")
    assert 0.035 < rule_of_law._topic_share("督察") < 0.1
    inspection = "要用好督察结果，与干部考核挂钩。"
    for said in ("要开展法治督察，压实第一责任人职责。", "督察发现的问题要限期整改。",
                 "要把年度报告作为督察的重要抓手。"):
        assert not rule_of_law._side_theme_crowded(inspection)
        rule_of_law._remember(said)
    assert rule_of_law._side_theme_crowded(inspection)


def test_the_source_speakers_own_story_gives_way_to_a_gap_for_the_speakers():
    """Judge 146 read 在街道工作期间，我曾帮扶过失业人员重新就业 in a 研讨发言 as the
    speaker's own story, judge 147 作为年轻干部，我曾以为……: a writer cannot lend someone
    else's life to their speaker; the argument around it stays, and a gap asks for theirs."""
    from drafter.draft.assemble import EXPERIENCE_GAP, _own_experience_asked

    text = ("通过学习，我认识到，就业关乎群众的饭碗。在街道工作期间，我曾帮扶过失业人员重新"
            "就业。我记得有位大姐找到工作后特意来道谢。今后，我将把就业帮扶作为分内之事。")
    assert _own_experience_asked(text) == (
        f"通过学习，我认识到，就业关乎群众的饭碗。{EXPERIENCE_GAP}今后，我将把就业帮扶作为分内之事。")
    assert _own_experience_asked("我们要把就业帮扶作为分内之事。") == "我们要把就业帮扶作为分内之事。"
    assert _own_experience_asked("以前我认为体育工作是锦上添花。要补短板。") == (
        f"{EXPERIENCE_GAP}要补短板。")  # (judge 149)
    for topic in ("促进高质量充分就业", "年轻干部教育管理监督"):
        draft = assemble("seminar_statement", {"topic": topic}, mode="full")
        text = plain_text(draft)
        assert "我曾" not in text and "工作期间，我" not in text, text
    assert EXPERIENCE_GAP in assemble("seminar_statement", {"topic": "促进高质量充分就业"},
                                      mode="full").gaps()


def test_a_member_speaking_of_measures_pledges_what_their_unit_will_do():
    """Judges 152 and 153 read a 研讨发言's 举措 as a leader's deployment (要…；要…):
    there a member says what their unit will do."""
    from drafter.draft.assemble import pledged

    assert pledged("纪律教育要因人施教。要针对领导干部开展教育；要开展廉政谈话。要严格要求。"
                   "要开展督查。") == ("纪律教育要因人施教。我们将针对领导干部开展教育；开展廉政"
                                    "谈话。我们还将严格要求。开展督查。")
    assert pledged("要求明确。", "我局") == "要求明确。"
    assert pledged("要抓好提醒；要开展整治。", "我局") == "我局将抓好提醒；开展整治。"
    # 要将… pledged is 我们将把…, not 我们将将… (judge 167).
    assert pledged("要将医疗救助向低保边缘家庭延伸。要将责任落实到人；要将机制健全起来。") == (
        "我们将把医疗救助向低保边缘家庭延伸。我们还将把责任落实到人；将机制健全起来。")
    draft = assemble("seminar_statement", {"topic": "发展壮大县域经济"}, mode="full")
    measures = [item.text for node in draft.body if node.heading.endswith("务实举措")
                for item in node.items if item.role == "paragraph"]
    assert measures and not any(re.search(r"(?:^|[。；])要(?!求)", text) for text in measures)
    assert any("我们将" in text for text in measures)


def test_a_member_speaking_of_what_they_learned_owns_the_first_order():
    """Judge 191 read 要坚持群众路线…要坚持问题导向…要树牢系统观念 in a 研讨发言's 体会 as a
    leader's directive voice: the member says 我们要, once a passage."""
    from drafter.draft.assemble import owned_order

    assert owned_order("好不好，要用群众的感受来检验。要坚持群众路线。要坚持问题导向。") == (
        "好不好，要用群众的感受来检验。我们要坚持群众路线。要坚持问题导向。")
    assert owned_order("要将责任落实到人。") == "我们要将责任落实到人。"
    assert owned_order("要求明确。") == "要求明确。"
    said = "我们要把它作为战略任务。要牢固树立以人民为中心的发展思想。"
    assert owned_order(said) == said
    draft = assemble("seminar_statement", {"topic": "推进以人为本的新型城镇化"}, mode="full")
    learned = [item.text for node in draft.body if "实践要求" in node.heading
               for item in node.items if item.role == "paragraph"]
    assert learned and not any(re.match("要(?!求)", text) for text in learned), learned


def test_what_the_source_said_of_its_own_place_gives_way_to_a_gap_for_the_writers():
    """Judge 151 read 我市实体经济基础较好，但…问题比较突出 and 我们在…等方面与先进地区
    差距明显 in a 数字经济 speech: true of the source's city, unchecked of the writer's.
    The claim gives way to a gap; the argument and the order after it stay; a goal or an
    order for the place, and 资本市场, are no claim."""
    from drafter.draft.assemble import LOCAL_GAP, local_claims_asked

    assert local_claims_asked("数据是新型生产要素。我市实体经济基础较好，但不少企业数字化水平"
                              "不高，问题比较突出。必须把数实融合作为战略选择。") == (
        f"数据是新型生产要素。{LOCAL_GAP}必须把数实融合作为战略选择。")
    assert local_claims_asked("我们在数字产业规模等方面与先进地区差距明显，必须增强紧迫感。") == (
        f"{LOCAL_GAP}，必须增强紧迫感。")
    # The place and its state in clauses of their own; two claims in a row, one gap.
    assert local_claims_asked("对我市而言，传统产业占比偏高。当前，我市冷链物流还存在短板。"
                              "要补短板。") == f"{LOCAL_GAP}要补短板。"
    for kept in ("要把我市建设成区域创新高地。", "我市要加快推进数字化转型。",
                 "过去我们对资本市场了解不深、运用不够。", "从根本上讲，这是基本要求。"):
        assert local_claims_asked(kept) == kept
    text = plain_text(assemble("work_conference", {"topic": "全市数字经济发展大会"},
                               mode="full"))
    assert "实体经济基础较好" not in text and "与先进地区差距明显" not in text


@pytest.mark.parametrize("topic, said", [("全市重大项目建设推进会", "今天的推进会开得很好"),
                                         ("全市安全生产工作会议", "今天的会议开得很好"),
                                         ("安全生产", "今天的座谈会开得很好")])
def test_a_summary_speaks_of_the_meeting_it_closes(topic, said):
    # A 推进会's closing remarks had said 今天的座谈会开得很好 (judge 146).
    text = plain_text(assemble("summary_remarks", {"topic": topic}))
    assert said in text


def test_a_strong_city_goal_is_not_another_fields_strong_city_goal():
    # 体育强市 shares 育强 and 强市 with 教育强市: a third of a 研讨发言 on 加快建设教育
    # 强市 had been on 全民健身, written for 推进全民健身和体育强市 (judge 149).
    for genre in ("seminar_statement", "party_lecture"):
        text = plain_text(assemble(genre, {"topic": "加快建设教育强市"}, mode="full"))
        assert "全民健身" not in text and "体育强市" not in text, text
    # …and the 体育强市 passages are still 体育强市's own.
    assert "全民健身" in plain_text(assemble("seminar_statement", {"topic": "推进体育强市建设"},
                                             mode="full"))


@pytest.mark.parametrize("genre", ["work_conference", "party_lecture", "summary_remarks",
                                   "theory_article"])
def test_a_frame_does_not_double_the_verb_a_task_leads_with(genre):
    # 推动促进民营经济高质量发展, 扎实推进促进… (judge 149) and 做好走好新时代党的群众路线
    # (judge 148): a verb of pushing or 做好 before a task led by its own verb.
    from drafter.draft.templates import led_by

    for topic in ("全市促进民营经济高质量发展大会", "走好新时代党的群众路线"):
        text = plain_text(assemble(genre, {"topic": topic}))
        assert not re.search("(?:推动|推进|做好)促进|做好走好|新时代走好", text), (topic, text)
    assert led_by("安全生产工作", "推动") == "推动安全生产工作"
    assert led_by("优化营商环境工作", "做好") == "做好优化营商环境工作"
    assert led_by("树立和践行总体国家安全观", "推动") == "推动树立和践行总体国家安全观"


def test_a_passage_on_a_book_is_the_books_not_a_topics_it_shares_words_with():
    # 《习近平关于全面从严治党论述摘编》集中反映了… stood in a 党课 on 走好新时代党的群众
    # 路线 for the words it shares (judge 148).  A topic that names the book keeps it.
    text = plain_text(assemble("party_lecture", {"topic": "走好新时代党的群众路线"},
                               mode="full"))
    assert "论述摘编》" not in text, text
    studied = plain_text(assemble("seminar_statement", {"topic": "研读《反杜林论》"},
                                  mode="full"))
    assert studied.count("《反杜林论》") >= 2, studied


def test_a_gap_under_a_bank_head_asks_for_what_that_head_says():
    # 坚持守正创新增强实效。〔待补：宣传思想文化的保障机制〕 and 坚持场景牵引、应用为王。
    # 〔待补：数字经济发展的保障机制〕: the slot's job fitted neither head (judges 147, 150,
    # 151); under a head from the bank the gap asks for what the head says.
    asked = 0
    for topic in ("全市宣传思想文化工作会议", "全市平安建设工作会议", "全市数字经济发展大会"):
        draft = assemble("work_conference", {"topic": topic}, mode="full")
        for node in draft.nodes():
            for item in node.items:
                if item.role == "placeholder" and node.phrase is not None and (
                        node.section != "significance") and not ROOM_GAP_RE.fullmatch(
                        item.text):  # (the room a short draft leaves asks for cases)
                    assert f"“{node.heading.rstrip('。')}”的具体做法" in item.text, item.text
                    asked += 1
    assert asked >= 1


@pytest.mark.parametrize("topic", ["走好新时代党的群众路线", "发扬斗争精神、增强斗争本领",
                                   "坚定理想信念 补足精神之钙", "推动林下经济高质量发展",
                                   "深化集体林权制度改革"])
def test_a_signed_article_on_a_task_is_titled_by_the_task(topic):
    # …，奋力谱写新时代新篇章 after the task was padding (judge 153); a field typed with
    # the verb that drives it had lost the verb (林下经济高质量发展) or been padded into
    # 奋力推进新时代集体林权制度改革高质量发展 (judges 216, 217).
    assert assemble("theory_article", {"topic": topic}).title == topic


@pytest.mark.parametrize("topic, title", [("高水平对外开放", "奋力开创高水平对外开放新局面"),
                                          ("种业振兴", "奋力开创种业振兴新局面"),
                                          ("林下经济", "奋力推进新时代林下经济高质量发展")])
def test_a_signed_article_on_what_does_not_grow_opens_a_new_stage(topic, title):
    # 奋力推进新时代高水平对外开放高质量发展 and …种业振兴高质量发展: broken titles to the
    # blind judges of stops 62 and 63; a field of work still grows.
    assert assemble("theory_article", {"topic": topic}).title == title


def test_a_meeting_on_financial_risk_draws_no_other_financial_subject():
    """金融 alone had drawn a 农村金融 and a 科技金融 passage into the 保障 part of a
    meeting on financial risk (judge 161)."""
    draft = assemble("work_conference", {"topic": "全市防范化解金融风险工作会议"},
                     bank=PhraseBank.open(), mode="full")
    text = "".join(item.text for node in draft.nodes() for item in node.items)
    assert "金融风险" in text
    assert not re.search("科技金融|农村金融|涉农|金融知识普及", text)


def test_a_lecture_on_taking_responsibility_is_on_a_quality_not_a_work_or_an_award():
    """担当作为 is a quality shown in deeds: judges 160 and 161 read 做好党员干部担当作为
    and 推动党员干部担当作为落地见效, and a paragraph on the 功勋荣誉表彰条例 (written for
    that rule, naming 担当作为 in passing) under 坚持问题导向 for its 鲜明导向."""
    from drafter.cli_draft import understood_lines
    from drafter.draft.templates import derived_variables

    assert derived_variables({"topic": "党员干部担当作为"})["inward"]
    draft = assemble("party_lecture", {"topic": "党员干部担当作为"},
                     bank=PhraseBank.open(), mode="full")
    text = plain_text(draft)
    assert "做好党员干部担当作为" not in text and "担当作为落地见效" not in text
    assert "功勋荣誉表彰" not in text
    assert any(line.endswith("as noun: 党员干部担当作为") for line in understood_lines(draft))


def test_a_noun_something_is_likened_to_does_not_name_a_topic_named_by_it():
    """综合交通枢纽 is named by 枢纽: a 坚果炒货 passage (以加工环节为枢纽…) had come into
    a statement on it for that word (judge 160)."""
    from drafter.draft.assemble import _said_as_likeness

    for likened in ("以加工环节为枢纽重塑价值链", "电网是连接源荷储的枢纽。",
                    "水闸是灌溉供水的关键枢纽", "客运站是旅客运输的源头和枢纽，",
                    "平台处于枢纽地位"):
        assert "枢纽" not in _said_as_likeness(likened, "枢纽"), likened
    for named in ("交通枢纽的变迁重塑城市", "我市是国家确定的综合交通枢纽",
                  "要把建设综合客运枢纽作为重大民生工程", "枢纽建设牵涉面广"):
        assert _said_as_likeness(named, "枢纽") == named
    draft = assemble("seminar_statement", {"topic": "加快建设现代化综合交通枢纽"},
                     bank=PhraseBank.open(), mode="full")
    text = plain_text(draft)
    assert "枢纽" in text.split("\n", 4)[-1] and "坚果" not in text


def test_a_bank_head_of_common_words_takes_a_paragraph_that_says_them():
    """坚持以技术对技术 has no word rare enough to be its point, so any paragraph had
    fitted it: one on 思想方法 and 工作方法, with a 毛泽东 quote, stood under it in a
    speech on 电信网络诈骗 (judge 162)."""
    draft = assemble("work_conference", {"topic": "全市打击治理电信网络诈骗工作会议"},
                     bank=PhraseBank.open(), mode="full")
    heads = [node.heading for node in draft.nodes()]
    assert "坚持以技术对技术" in heads and "思想方法是人们观察问题" not in plain_text(draft)


def test_a_view_one_comes_to_hold_is_framed_as_held_not_as_a_work():
    """Judge 162 read 树立和践行正确的权力观使命光荣 and 以实际行动推动树立和践行正确的
    权力观走深走实; a policy's view (大食物观) stays a work."""
    from drafter.cli_draft import understood_lines
    from drafter.draft.templates import derived_variables

    assert not derived_variables({"topic": "树立大食物观"})["inward"]
    draft = assemble("party_lecture", {"topic": "树立和践行正确的权力观"},
                     bank=PhraseBank.open(), mode="full")
    text = plain_text(draft)
    assert "使命光荣" not in text and "推动树立和践行" not in text
    assert "树立和践行正确的权力观是共产党人的终身课题" in text
    # (从权力观和政绩观的角度审视，懒政怠政的实质是… is on 懒政怠政, written for it.)
    assert "懒政怠政" not in text
    assert any(line.endswith("as verb: 树立和践行正确的权力观") for line in understood_lines(draft))


def test_another_kind_of_what_the_topic_names_a_kind_of_is_not_the_topic():
    # Judge 167: an article on 加强非物质文化遗产系统性保护 drew 世界文化遗产 (申遗),
    # 农业文化遗产 and 古道 passages: each says 文化遗产, a word of the topic.
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    topic = "加强非物质文化遗产系统性保护"
    drafting = _Assembler(load_template("theory_article"), {"topic": topic},
                          PhraseBank.open(), 0, "full")
    assert not drafting._says_topic("农业文化遗产是先民在长期农业生产中创造的农业生产系统。")
    assert not drafting._says_topic("世界文化遗产是人类共同的宝贵财富。")
    # (Nor is 文化遗产 alone, which 文物 is too: judge 186 read 文物普查 passages.)
    assert not drafting._says_topic("要加大保护文化遗产的力度。")
    assert drafting._says_topic("非物质文化遗产是活态传承的文化。")
    assert drafting._says_topic("要完善非遗代表性项目名录。")
    assert "申遗" not in drafting.terms
    text = plain_text(assemble("theory_article", {"topic": topic}, mode="full"))
    assert not re.search("农业文化遗产|世界文化遗产|申遗", text), text


def test_a_word_read_across_another_fields_name_is_not_the_topic():
    # Judge 169's 科普 article: once its title was read, 社会科学普及 (社科普及) passages
    # came in, 科学普及 read across 社会科学.
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    topic = "以高水平科学普及夯实创新发展的社会基础"
    drafting = _Assembler(load_template("theory_article"), {"topic": topic},
                          PhraseBank.open(), 0, "full")
    assert not drafting._says_topic("社会科学普及是意识形态工作的重要组成部分。")
    assert drafting._says_topic("加强科学普及，提升全民科学素质。")
    text = plain_text(assemble("theory_article", {"topic": topic}, mode="full"))
    assert "社科普及" not in text and "社会科学普及" not in text, text
    assert text.count("科普") >= 5, text



@pytest.mark.parametrize("genre, asked", [
    # What a writer of each genre is expected to supply, asked where it goes (judge 171):
    # a 党课 opens on the leader's words on its subject and why it is given now; a 研讨发言
    # names what was studied; a 座谈会总结讲话 affirms the record before its 意见 and ends
    # on who does what after the meeting, as the leader presiding, not a participant.
    ("party_lecture", ["〔待补：习近平总书记关于安全生产的重要论述，以及讲这个题目的背景和针对性〕"]),
    ("seminar_statement", ["〔待补：学习篇目〕"]),
    ("summary_remarks", ["〔待补：本地安全生产工作的主要成绩和数据〕",
                         "〔待补：会后分工、牵头单位和完成时限〕"]),
])
def test_each_genre_asks_for_what_only_its_writer_has(genre, asked):
    draft = assemble(genre, {"topic": "安全生产"})
    gaps = draft.gaps()
    assert all(gap in gaps for gap in asked), gaps
    if genre == "summary_remarks":
        assert "一些思考和体会，和大家交流" not in "".join(i.text for i in draft.closing)


def test_a_lectures_party_building_heads_give_way_to_the_point_of_a_topics_own_passage():
    # Judge 172: in a 党课 on reform, 筑牢思想根基 stood over a paragraph on 国资国企改革.
    # A template head whose words its passage does not say gives way to the point that
    # passage states.
    draft = assemble("party_lecture", {"topic": "以进一步全面深化改革推动高质量发展"},
                     mode="full")
    what = next(n for n in draft.body if n.slot == "what")
    heads = {"筑牢思想根基": "思想", "压实工作责任": "责任", "锤炼过硬作风": "作风"}
    for point in what.children:
        said = "".join(i.text for i in point.items)
        assert point.heading not in heads or heads[point.heading] in said, (point.heading, said)
    assert any(point.heading not in heads for point in what.children)


def test_a_lecture_on_family_ethos_and_integrity_draws_no_integrity_of_investment_promotion():
    # Judge 173: 廉洁 of a title's second part (筑牢廉洁防线) drew a whole point on
    # 守牢招商引资中的廉洁底线 into a 党课 on 家风.  招商引资 names a subject of its own
    # (经济发展), so a passage on it is that subject's, however 廉洁.
    draft = assemble("party_lecture", {"topic": "传承优良家风 筑牢廉洁防线"}, mode="full")
    texts = [n.heading for n in draft.nodes()] + [
        i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(texts) >= 12
    assert not [t for t in texts if "招商" in t]


def test_a_social_work_meeting_is_on_social_work_not_on_society_at_large():
    # Judge 174: 全区社会工作会议 was read as 社会, and drafted from 社会治安, 扫黑除恶 and
    # 网络暴力 passages (10 foreign).  社会工作 is a field of its own.
    from drafter.draft.topic import topic_forms

    assert topic_forms("全区社会工作会议") == ("area", "社会工作", "社会工作")
    assert topic_forms("全市农村工作会议") == ("area", "农村", "农村工作")  # (as before)
    draft = assemble("work_conference", {"topic": "全区社会工作会议"}, mode="full")
    texts = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(texts) >= 8
    assert not [t for t in texts if re.search("治安|扫黑|网络暴力|犯罪", t)]


def test_a_task_done_within_a_work_is_framed_by_the_work():
    # Judge 174: 在办好民生实事中践行以人民为中心的发展思想 went whole into eleven frames
    # (推动在办好民生实事中践行…落地见效).  The work it is done within is what frames take;
    # the title stays as typed.  A 在…中 that names no work (急难险重) is left as it was.
    from drafter.draft.topic import topic_forms

    assert topic_forms("在办好民生实事中践行以人民为中心的发展思想")[1] == "民生实事"
    assert topic_forms("在推进乡村振兴中当先锋")[1] == "乡村振兴"
    assert topic_forms("在急难险重中砥砺担当")[1] == "在急难险重中砥砺担当"
    topic = "在办好民生实事中践行以人民为中心的发展思想"
    draft = assemble("theory_article", {"topic": topic}, mode="full")
    assert draft.title == topic
    said = [draft.title, *(n.heading for n in draft.nodes()), *(
        i.text for i in draft.opening + draft.closing)]
    assert sum(topic in text for text in said) == 1, said


def test_a_numbered_session_the_writer_did_not_name_is_not_cited():
    # Judge 175: a 党课 on 勇于自我革命 cited 二十届中央纪委五次全会精神, the source's year's
    # meeting, as today's.  Named by the writer, the session's passages are the draft's.
    def texts(topic):
        draft = assemble("party_lecture", {"topic": topic}, mode="full")
        return [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]

    assert not [t for t in texts("勇于自我革命") if re.search("中央纪委.次全会", t)]
    assert [t for t in texts("学习贯彻二十届中央纪委五次全会精神") if "五次全会" in t]


def test_a_passage_that_likens_its_subject_to_the_topic_is_not_on_it():
    # Judge 175: 审批制度改革本质上是政府的自我革命 headed a point of a 党课 on 勇于自我
    # 革命: the passage is on 审批制度改革, likened to a 自我革命.
    draft = assemble("party_lecture", {"topic": "勇于自我革命"}, mode="full")
    said = [n.heading for n in draft.nodes()] + [
        i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert [t for t in said if "自我革命" in t]
    assert not [t for t in said if "审批" in t]


def test_a_statement_on_one_central_work_meeting_draws_none_on_another():
    # Judge 177: a 研讨发言 on 学习贯彻中央经济工作会议精神 took passages on 中央金融工作
    # 会议 and 中央城市工作会议 (5 foreign).
    draft = assemble("seminar_statement", {"topic": "学习贯彻中央经济工作会议精神"},
                     mode="full")
    texts = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert [t for t in texts if "中央经济工作会议" in t]
    assert not [t for t in texts if re.search("中央(?!经济)[^，。；]{2,8}?工作会议", t)]


def test_no_gap_is_asked_twice_in_one_draft():
    # Judge 176: 〔待补：学习宪法的重要意义〕 stood under two heads of one part, word for word.
    # A second asks from its own head's angle.
    draft = assemble("party_lecture", {"topic": "学习宪法 尊崇宪法 做尊法学法守法用法的模范"},
                     mode="full")
    gaps = [i.text for n in draft.nodes() for i in n.items if i.role == "placeholder"]
    assert len(gaps) >= 2 and len(gaps) == len(set(gaps)), gaps



def test_a_party_life_meeting_is_summed_up_as_one():
    # Judge 179: a summary on 年度专题民主生活会 took none of the bank's passages on
    # 民主生活会 (年度专题 left out of their subject read as a sibling's), opened on 今天的
    # 座谈会 … 交流了…的做法和体会 and asked for 全市…的主要成绩和数据, and passed on the
    # Politburo's own 民主生活会 as if it were this one.
    draft = assemble("summary_remarks", {"topic": "年度专题民主生活会"}, mode="full")
    text = plain_text(draft)
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert sum("民主生活会" in t for t in drawn) >= 4, drawn
    assert not [t for t in drawn if "中央政治局" in t], drawn
    opening = "".join(i.text for i in draft.opening)
    assert "批评和自我批评" in opening and "座谈会" not in opening, opening
    assert "主要成绩和数据" not in text and "整改" in "".join(i.text for i in draft.closing)
    from drafter.draft.templates import derived_variables
    assert derived_variables({"topic": "支部组织生活会"})["life_meeting"] == "支部组织生活会"
    assert derived_variables({"topic": "安全生产座谈会"})["life_meeting"] == ""


def test_a_topic_narrowing_a_broader_subject_takes_only_its_passages_on_the_narrowing():
    # Judge 178: a 研讨发言 on 数据要素市场化配置改革 took 要素市场化配置改革's passages on
    # land, capital and 户籍 (written for the broader reform), and 办好群众诉求，既靠脚力，
    # 也靠数据 (数据 read as a word of the topic's own, not as what narrows 要素市场).
    from drafter.bank.phrasebank import PhraseBank
    from drafter.draft.topic import understand

    topic = "数据要素市场化配置改革"
    with PhraseBank.open() as bank:
        assert "数据" not in understand(topic, bank).primary_words
    draft = assemble("seminar_statement", {"topic": topic}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(drawn) >= 6, drawn
    assert not [t for t in drawn if re.search("户籍|耕地|群众诉求", t)], drawn


def test_a_kind_of_the_topics_short_word_filed_elsewhere_is_another_subject():
    # Judge 179: an article on 以合规管理护航国有企业高质量发展 was drafted from
    # 涉案企业合规改革's passages (a reform of criminal justice, filed under another
    # field), which say 合规 but never 合规管理.
    draft = assemble("theory_article", {"topic": "以合规管理护航国有企业高质量发展"},
                     mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert not [t for t in drawn if re.search("合规考察|从宽处理|刑事司法|政法", t)], drawn
    # Filed under the topic's own field, a kind of it is still the topic's.
    draft = assemble("summary_remarks", {"topic": "全市养老服务工作座谈会"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert [t for t in drawn if "农村" in t and "养老" in t], drawn


@pytest.mark.parametrize("topic", ["弘扬劳模精神劳动精神工匠精神", "弘扬劳模精神、劳动精神、工匠精神"])
def test_spirits_listed_are_each_a_word_and_what_they_are_named_after_is_none(topic):
    # Judge 179: a 党课 on 弘扬劳模精神劳动精神工匠精神 read 工匠 as a word of its own and
    # drew 农村建筑工匠 passages on 农房抗震 into it.
    from drafter.bank.phrasebank import PhraseBank
    from drafter.draft.topic import understand

    with PhraseBank.open() as bank:
        words = understand(topic, bank).words
    assert {"劳模精神", "劳动精神", "工匠精神"} <= set(words) and "工匠" not in words, words
    draft = assemble("party_lecture", {"topic": topic}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(drawn) >= 8 and not [t for t in drawn if re.search("农房|建房|抗震", t)], drawn


def test_a_scheme_of_the_topic_named_in_quotes_is_a_subject_of_its_own():
    # Judge 180: a summary on 全市志愿服务工作座谈会 opened its 意义 part on 志愿服务
    # “时间银行” passages (居家养老, 社区照护), written for that scheme.  A numbered
    # formula of the topic's own (食品安全“两个责任”) is no such scheme.
    draft = assemble("summary_remarks", {"topic": "全市志愿服务工作座谈会"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(drawn) >= 8 and not [t for t in drawn if t.startswith(("志愿服务“时间银行”",
                                                                         "养老服务是“时间银行”"))]
    assert not [t for t in drawn if "居家养老" in t], drawn
    draft = assemble("summary_remarks", {"topic": "全市食品安全工作座谈会"}, mode="full")
    assert "“两个责任”" in plain_text(draft)


def test_a_body_under_the_other_parts_head_is_the_other_parts():
    # Judges 182 and 183 both read 推动城市治理精细化 / 城市管理要在细节处见功夫。要推动
    # 网格化管理全覆盖… (written for 城市更新和精细化治理, naming 精细化 out of order and
    # neither part in its body) as 城市管理's in a 城市更新 speech.
    for template, topic in [("work_conference", "全市城市更新工作会议"),
                            ("summary_remarks", "城市更新工作座谈会")]:
        draft = assemble(template, {"topic": topic}, mode="full")
        drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
        assert len(drawn) >= 6, drawn
        said = [*drawn, *(n.heading for n in draft.nodes())]
        assert not [t for t in said if re.search("网格化管理|治理精细化", t)], said


def test_a_noun_of_one_character_before_the_topics_word_makes_a_kind_of_it():
    # Judge 182: an article on 推动文旅深度融合发展 gave a point to 推动茶文旅深度融合 (a
    # tea country's head) and opened one on 坚持为农富农的根本立场 (written for 农文旅融合).
    from drafter.draft.topic import kind_char_before

    assert kind_char_before("推动茶文旅深度融合", 3) and kind_char_before("推进农文旅融合", 3)
    assert not kind_char_before("深化文旅融合", 2) and not kind_char_before("全市文旅融合", 2)
    assert not kind_char_before("县域文旅融合", 2) and not kind_char_before("推动文旅融合", 2)
    assert not kind_char_before("推进农文旅融合", 3, own="农文旅融合")
    draft = assemble("theory_article", {"topic": "推动文旅深度融合发展"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    said = [*drawn, *(n.heading for n in draft.nodes())]
    assert len(drawn) >= 6 and not [t for t in said if re.search("茶文旅|为农富农", t)], said


def test_a_set_phrase_is_not_said_a_third_time():
    # Judges 182 and 183: 新官不理旧账 in three points of a 党课 on 正确政绩观 (once as
    # the body of a bank head, drawn without the repeat test's record of it).
    from drafter.check.repetition import SAID_TOO_OFTEN

    draft = assemble("party_lecture", {"topic": "树立和践行正确政绩观"}, mode="full")
    text = plain_text(draft)
    assert 0 < text.count("新官不理旧账") < SAID_TOO_OFTEN, text


def test_a_regions_mountains_and_lakes_are_its_own():
    # 严控开发是秦岭生态环境保护的第一道关口 came into a city's 生态环境保护 speech: the
    # gazetteer knows places by their administrative names only.
    for seed in range(3):
        text = plain_text(assemble("work_conference", {"topic": "生态环境保护"}, seed=seed,
                                   mode="full"))
        assert not re.search("秦岭|祁连山|洱海|滇池|巢湖", text), (seed, text)


def test_a_niche_kind_of_the_topics_subject_speaks_to_its_own_people():
    # Judge 180: a 志愿服务 speech asked its cadres to draw on 妇女特长 for 巾帼志愿服务
    # 项目 (written for 巾帼志愿服务, one kind of the topic's subject that its other
    # passages never speak of); a 作风建设 one spoke to 政府系统.
    for template, topic, niche in [("work_conference", "志愿服务", "巾帼"),
                                   ("summary_remarks", "全市志愿服务工作座谈会", "巾帼"),
                                   ("work_conference", "作风建设", "政府系统"),
                                   # (Of a topic naming people, any kind is of people.)
                                   ("summary_remarks", "人才工作", "返乡创业")]:
        draft = assemble(template, {"topic": topic}, mode="full")
        drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
        assert len(drawn) >= 8 and not [t for t in drawn if niche in t], (topic, drawn)
    # A kind named by what is done is one of the topic's parts: 经济责任审计 of 审计.
    draft = assemble("work_conference", {"topic": "全市审计工作会议"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert [t for t in drawn if "经济责任" in t], drawn


def test_a_meaning_grasped_is_framed_by_what_it_is_the_meaning_of():
    # Judge 181: a 党课 on 深刻领悟“两个确立”的决定性意义 set the whole title in frames:
    # 从讲政治的高度把握深刻领悟…, …决定性意义的深刻内涵, 做好深刻领悟…使命光荣.
    from drafter.draft.templates import derived_variables

    topic = "深刻领悟“两个确立”的决定性意义"
    values = derived_variables({"topic": topic})
    assert values["subject"] == values["grasped"] == "“两个确立”" and values["inward"]
    draft = assemble("party_lecture", {"topic": topic}, mode="full")
    said = [n.heading for n in draft.nodes()] + [i.text for i in draft.closing]
    assert not [s for s in said if re.search("把握深刻|做好深刻|意义的深刻内涵", s)], said
    assert draft.title == topic
    # Judge 181 again: the close said “两个确立”是共产党人的终身课题; the grasping is.
    closing = "".join(i.text for i in draft.closing)
    assert f"{topic}是共产党人的终身课题" in closing, closing


def test_taking_hold_of_history_is_a_stance_not_a_work_done_well():
    # A 党课 on 历史自信和历史主动 closed on 做好历史自信和历史主动使命光荣 and asked to
    # 推动历史自信和历史主动落地见效.
    from drafter.draft.templates import derived_variables

    topic = "历史自信和历史主动"
    assert derived_variables({"topic": topic})["inward"]
    text = plain_text(assemble("party_lecture", {"topic": topic}, mode="full"))
    assert "做好历史自信" not in text and "历史主动落地见效" not in text, text


def test_an_article_opens_on_its_subject_as_typed_and_asks_for_the_leaders_words():
    # Judge 182: an article's 导语 opened on 做好文旅深度融合发展工作 (a meeting's words)
    # and cited no 总书记 statement.
    draft = assemble("theory_article", {"topic": "推动文旅深度融合发展"})
    opening = "".join(item.text for item in draft.opening)
    assert opening.startswith("推动文旅深度融合发展，"), opening
    assert "〔待补：习近平总书记关于文旅深度融合发展的重要论述〕" in opening, opening


def test_two_tasks_typed_as_one_are_a_two_part_title():
    # Judge 184: a 党课 on 践行党的群众路线做好新时代群众工作 read its subject as
    # 群众路线做好新时代群众工作 and closed on 做好群众路线做好新时代群众工作使命光荣; half
    # of it was 接诉即办's 热线 material, written for 深刻认识接诉即办是践行群众路线的重要抓手
    # (a subject named by what it is to another: 接诉即办's).
    from drafter.draft.assemble import _written_name
    from drafter.draft.topic import spaced_tasks

    assert spaced_tasks("践行党的群众路线做好新时代群众工作") == "践行党的群众路线 做好新时代群众工作"
    assert spaced_tasks("深入推进全民阅读建设书香城市") == "深入推进全民阅读 建设书香城市"
    # …and a spirit held to after a task (judges 205 and 206: 西柏坡精神牢记两个务必 had
    # been the subject, and the lecture drew three passages on it).
    assert spaced_tasks("弘扬西柏坡精神牢记“两个务必”") == "弘扬西柏坡精神 牢记“两个务必”"
    assert spaced_tasks("用好红色资源赓续红色血脉") == "用好红色资源 赓续红色血脉"
    for kept in ("推进全面深化改革", "坚持和加强党的全面领导", "加快推进新型工业化",
                 "推动文化传承发展", "加强非遗保护传承", "大力弘扬科学家精神",
                 "以高质量党建推动高质量发展", "在全市安全生产工作会议上的讲话",
                 "推进基础设施建设提质增效", "推进党的建设新的伟大工程",
                 "学习贯彻习近平总书记在新时代推动中部地区崛起座谈会上的重要讲话精神"):
        assert spaced_tasks(kept) == kept
    assert _written_name("深刻认识接诉即办是践行群众路线的重要抓手") == "接诉即办"
    draft = assemble("party_lecture", {"topic": "践行党的群众路线做好新时代群众工作"},
                     mode="full")
    text = plain_text(draft)
    assert "群众路线做好" not in text.replace("群众路线 做好", ""), text
    assert not re.search("接诉即办|热线数据|话务|派单", text), text


def test_the_events_of_a_day_kept_for_the_topic_are_that_days():
    # Judge 184: an article on 深入推进全民阅读建设书香城市 asked 要防止把世界读书日活动办成
    # 剪彩仪式 (written for 世界读书日活动).  A speech on the day itself takes them.
    text = plain_text(assemble("theory_article", {"topic": "深入推进全民阅读建设书香城市"},
                               mode="full"))
    assert "世界读书日" not in text, text
    text = plain_text(assemble("summary_remarks", {"topic": "世界读书日活动"}, mode="full"))
    assert "世界读书日" in text


def test_a_topic_the_bank_barely_names_takes_what_makes_its_point_whatever_it_was_written_for():
    # Judge 187: a 研讨发言 on 推进网络综合治理 came back as its template alone.  The
    # bank's heads and paragraphs on it were mined from speeches on 网络强国, 网络文明
    # and 网信工作, whose names share 网络 with the topic and were read as its siblings.
    draft = assemble("seminar_statement", {"topic": "推进网络综合治理"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(drawn) >= 3 and all("网络" in t for t in drawn), drawn
    assert [t for t in drawn if "网络综合治理" in t], drawn


def test_what_is_said_online_is_no_natural_environment():
    # Judge 187: 加强网络生态治理 was read as 生态环境保护's (its 生态) and drew five
    # passages on 环保督察 and 生态保护 into a 研讨发言 on keeping the internet clean.
    from drafter.bank.phrasebank import PhraseBank
    from drafter.draft.topic import understand

    with PhraseBank.open() as bank:
        understood = understand("加强网络生态治理", bank)
    assert understood.domain_keys[0] == "culture" and "生态" not in understood.words
    draft = assemble("seminar_statement", {"topic": "加强网络生态治理"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(drawn) >= 4 and not [t for t in drawn if re.search("生态环境|环保|督察", t)], drawn


def test_intangible_heritage_is_neither_relics_nor_the_heritage_it_is_a_kind_of():
    # Judge 186: an article on 推进非物质文化遗产系统性保护 was drafted half from 文物普查
    # and 茶马古道 passages (its 文化遗产, which 非物质 narrows, read as a word of its own),
    # while the 非遗 passages written for 非遗保护传承 were read as a sibling's (for the
    # 系统性 they do not say, which is only how the work is done).
    from drafter.bank.phrasebank import PhraseBank
    from drafter.draft.topic import understand

    with PhraseBank.open() as bank:
        words = understand("推进非物质文化遗产系统性保护", bank).words
    assert "非物质文化遗产" in words and "文化遗产" not in words, words
    draft = assemble("theory_article", {"topic": "推进非物质文化遗产系统性保护"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    heritage = [t for t in drawn if re.search("非遗|非物质文化遗产", t)]
    assert len(heritage) >= 8 and not [t for t in drawn if t not in heritage and re.search(
        "文物|古道|考古", t)], drawn


def test_todays_work_likened_to_the_long_march_is_no_passage_on_it():
    # Judge 187: a 党课 on 弘扬伟大长征精神 drew 走好民生改善共享之路 and 产业转型是新长征的
    # 硬仗, written for 一代人有一代人的长征: today's work likened to the Long March.
    # (Nor 新长征路上，干部是领跑者…, whose opening says 长征 only as today's 新长征 and
    # whose body names 长征精神 once: a likeness too, since stop 62.)
    draft = assemble("party_lecture", {"topic": "弘扬伟大长征精神"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    said = [*drawn, *(n.heading for n in draft.nodes())]
    assert len(drawn) >= 7 and not [t for t in said if re.search("民生改善|产业转型", t)], said
    assert not [t for t in drawn if t.startswith("新长征路上")], drawn


def test_a_places_own_shortcomings_are_left_for_the_writer():
    # Judge 189: a 研讨发言 on 推动县域经济高质量发展 said 当前，我们的县域经济总体上还存在
    # 总量不大、产业不强…等问题 of a place the writer had not described.
    from drafter.draft.assemble import _states_own_findings

    assert _states_own_findings("当前全市住宿业还存在结构不优、品质不高、特色不足等短板。")
    # Judge 191: the place's state, told by its weaknesses, in a 研讨发言 on 新型城镇化.
    assert _states_own_findings("当前，全市城镇化进入提质增效的重要阶段，户籍人口城镇化率与常住"
                                "人口城镇化率仍有差距，城市功能品质还不够高，县城综合承载能力有待增强。")
    assert not _states_own_findings("当前我们面临的风险挑战之多前所未有。")
    assert not _states_own_findings("要着力解决群众反映强烈的看病难、看病贵等问题。")
    assert not _states_own_findings("当前，全市上下要把思想统一到决策部署上来，补短板、强弱项。")
    text = plain_text(assemble("seminar_statement", {"topic": "推动县域经济高质量发展"},
                               mode="full"))
    assert "县域经济" in text and "总量不大" not in text, text
    text = plain_text(assemble("seminar_statement", {"topic": "推进以人为本的新型城镇化"},
                               mode="full"))
    assert "城镇化" in text and "仍有差距" not in text, text


def test_a_field_named_with_its_tail_is_not_its_first_word():
    # Judge 191: a 全市医疗保障工作会议 speech drew a paragraph on 基层医疗卫生强基工程: cut
    # to 医疗, its head took in 医疗卫生's passages.  医疗保障 (医保) is the field.
    from drafter.draft.topic import understand

    topic = understand("全市医疗保障工作会议", PhraseBank.open())
    assert "医疗" not in topic.words and topic.heads == ["医疗保障", "医保"], topic.words
    draft = assemble("work_conference", {"topic": "全市医疗保障工作会议"}, mode="full")
    drawn = [i.text for n in draft.nodes() for i in n.items if i.phrase is not None]
    assert len(drawn) >= 12 and not [t for t in drawn if "强基工程" in t], drawn
    assert sum("医保" in t or "医疗保障" in t for t in drawn) >= 10


def test_two_passages_saying_what_one_thing_is_are_one_point_twice():
    # Judge 191: a 研讨发言 on 新型城镇化 said 城市更新是新型城镇化转向内涵提升的必然要求
    # and 城市更新是提升城市功能品质的重要途径 side by side, each with its 城中村 and
    # 老旧小区 (their rare words alone did not tell: four shared, five needed).
    text = plain_text(assemble("seminar_statement", {"topic": "推进以人为本的新型城镇化"},
                               mode="full"))
    assert text.count("城市更新是") == 1, text
    # What the topic is may be said by many passages; a pronoun is no subject.
    from drafter.draft.assemble import _Assembler
    from drafter.draft.templates import load_template

    assembler = _Assembler(load_template("seminar_statement"),
                           {"topic": "推进以人为本的新型城镇化"}, PhraseBank.open(), 0, "full")
    assert assembler._opening_subject("新型城镇化是现代化的必由之路。") is None
    assert assembler._opening_subject("这是一场深刻的社会变革。") is None
    assert assembler._opening_subject("城市更新是重要途径。") == "城市更新"


def test_a_list_of_who_falls_short_is_no_safeguard():
    # Judge 193: the 强化保障 part of a 研讨发言 on 推进信访工作法治化 was one paragraph of
    # 有的部门…“门难进、脸难看”…；有的领导接访“走过场”…；还有的把信访当“包袱”.
    from drafter.draft.assemble import _lists_shortcomings

    assert _lists_shortcomings("有的部门对来访群众“门难进、脸难看”，能推就推；有的领导接访“走过场”，"
                               "只接待不办理；还有的把信访当“包袱”。这些都是作风漂浮的表现。")
    assert not _lists_shortcomings("要坚持有的放矢，把工作做细做实。")
    draft = assemble("seminar_statement", {"topic": "推进信访工作法治化"}, mode="full")
    safeguards = [item.text for node in draft.body if node.heading.startswith("强化保障")
                  for n in [node, *node.children] for item in n.items]
    assert safeguards and not any("有的" in text for text in safeguards), safeguards


def test_a_countys_own_state_is_not_assumed_of_a_speaker_not_given_a_county():
    # Judge 192: a 党课 on 弘扬焦裕禄精神, given no county, said 把县情摸清楚 and 推动县域经济
    # 在转型升级中增强实力和活力.  Given one, it may.
    said = plain_text(assemble("party_lecture", {"topic": "弘扬焦裕禄精神"}, mode="full"))
    assert "焦裕禄" in said and "县情" not in said, said
    county = plain_text(assemble("party_lecture", {"topic": "弘扬焦裕禄精神",
                                                   "organisation": "中共某某县委"}, mode="full"))
    assert "县情" in county, county


def test_a_quality_said_of_another_subject_is_that_subjects():
    # Judge 196: a 党课 on 锤炼推动高质量发展的过硬本领 drew three passages, all foreign,
    # each opening on 过硬本领 said of the subject it was written for (过硬本领是“最美公务员”
    # 的共同特质; 打赢救援硬仗靠的是过硬本领, of 消防救援队伍建设).  Better a gap.
    text = plain_text(assemble("party_lecture", {"topic": "锤炼推动高质量发展的过硬本领"},
                               mode="full"))
    assert not any(other in text for other in ("公务员", "救援", "文明号")), text
    # A field of work is no quality: 城市更新是…, written on 城镇化, stays the topic's.
    draft = assemble("seminar_statement", {"topic": "推进以人为本的新型城镇化"}, mode="full")
    assert "城市更新" in plain_text(draft)


def test_a_fields_goal_named_with_the_fields_name_is_drafted_from_the_field():
    """A 研讨发言 on 推动经济高质量发展 had drawn nothing from the bank (a blind judge of stop
    60): read as the whole name alone, which few passages say.  经济 is the field's own
    name and 高质量发展 its goal: the passages say that.  Not those of a subject that only
    joins the goal to its own (黄河流域生态保护和高质量发展), nor for a topic whose field
    the goal is not (教育高质量发展 is 教育's); no cut word is a related term."""
    from drafter.draft.topic import understand

    bank = PhraseBank.open()
    understood = understand("推动经济高质量发展", bank)
    assert "高质量发展" in understood.words and understood.is_field, understood
    assert not any(t.endswith("高质量发展") for t in understood.terms), understood.terms
    assert "高质量发展" not in understand("推动教育高质量发展", bank).words
    draft = assemble("seminar_statement", {"topic": "推动经济高质量发展"}, bank=bank,
                     mode="full")
    said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert draft.coverage()["bank_passages"] >= 8, draft.coverage()
    assert sum("高质量发展" in t for t in said) >= 4, said
    assert not any("黄河" in t for t in said), said


def test_a_subject_passed_over_says_nothing_of_the_rows_another_brings_in():
    """提高兵员征集质量, written for 国防动员和双拥工作 and for 全民国防教育和征兵工作, had
    been a 双拥 speech's own: the parts of the second subject, never taken, had been noted
    for its rows after the first's.  A subject sharing no character pair with the topic is
    passed over before it is read at all; which subjects are the topic's is the same."""
    from drafter.draft import assemble as assembling

    bank = PhraseBank.open()
    template = load_template("work_conference")
    for topic in ("八一建军节军地座谈会", "医疗保障", "非物质文化遗产保护", "质量强县", "推动经济高质量发展"):
        values = template.resolve_fields({"topic": topic})
        quick = assembling._Assembler(template, values, bank, 0, "outline")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(assembling._Assembler, "_within_reach", lambda self, subject: True)
            every = assembling._Assembler(template, values, bank, 0, "outline")
        assert set(quick._own_written) == set(every._own_written), topic
        assert quick._other == every._other, topic
        if topic == "八一建军节军地座谈会":
            own = [c.text for c in quick._own_written.values()]
            assert own and not any("兵员" in t or "征兵" in t for t in own), own


def test_a_long_sentence_said_again_in_other_words_is_a_repeat(tmp_path):
    """Two 全民健身 paragraphs side by side, each saying 随着生活水平提高，群众对健身的… 但
    健身场地不足、…等问题…突出 in its own words (a blind judge, stop 61): the second is a
    repeat, however different the rest of it; a paragraph on another point stays."""
    first = ("全民健身是构建新发展格局的内在要求。体育是提高人民健康水平的有效途径，也是城市"
             "软实力的集中体现。随着生活水平提高，群众对健身的热情日益高涨，但健身场地不足、"
             "赛事活动供给不够、科学健身指导缺乏等问题依然突出。推进全民健身，就是把体育放在"
             "健康优先的大局中谋划，让群众在家门口就能方便锻炼。")
    again = ("全民健身连着千家万户，体育事业关乎城市品质。随着生活水平提高，群众对健身的需求"
             "越来越旺盛，但健身场地不足、设施分布不均、科学指导缺乏等问题仍然突出，“健身去"
             "哪儿”依然是不少群众的烦心事。各地各部门应把这项工作摆上重要位置，让更多群众享受"
             "到运动带来的快乐。")
    other = ("全民健身贵在常态长效。要构建市、县、乡、村多层级的群众赛事体系，常态化举办社区"
             "运动会、乡村篮球赛、广场舞展演等群众喜爱的活动。")
    phrases = [_on("paragraph", text, ["significance"], ["livelihood"], file=f"{n}.txt",
                   terms=["全民健身"]) for n, text in enumerate((first, again, other))]
    for seed in range(4):
        with _task_bank(tmp_path / str(seed), phrases) as bank:
            said = " ".join(_texts(assemble("theory_article", {"topic": "推进全民健身"},
                                            bank=bank, seed=seed, mode="full")))
        assert ("热情日益高涨" in said) + ("需求越来越旺盛" in said) == 1, said
        assert "广场舞展演" in said, said


def test_a_team_forged_is_drafted_from_passages_on_that_team():
    """锻造 had been a word of 锻造新时代政法铁军: its 党课 took three passages on forging
    other things (党内政治生活, 软弱涣散基层党组织, 应急处突), none on 政法 (a blind judge,
    stop 61).  A 铁军 is its field's team: 政法队伍."""
    from drafter.draft.topic import understand

    understood = understand("锻造新时代政法铁军", PhraseBank.open())
    assert "锻造" not in understood.words and "政法队伍" in understood.words, understood.words
    draft = assemble("party_lecture", {"topic": "锻造新时代政法铁军"}, mode="full")
    said = [i.text for n in draft.nodes() for i in n.items if i.phrase]
    assert said and all("政法" in t for t in said), said


@pytest.mark.parametrize("genre, topic, foreign", [
    # Judge U: 把学习成果转化为推动文化繁荣… is study turned into work, not 成果转化.
    ("seminar_statement", "推动科技成果转化", "p0e0ef4a044"),
    # Judge W: 绿色低碳是石化化工产业转型的硬约束, then 石化化工 and 化工园区: that
    # industry's passage, filed under 经济.
    ("theory_article", "推动绿色低碳发展", "p7c99c50968"),
    # Judge S: 要坚持把乡村振兴作为培养锻炼干部的广阔舞台…, 乡村振兴 twice, 年轻干部 once.
    ("party_lecture", "加强年轻干部教育管理监督", "p306ffa9b7d"),
    # Judge S: 参与社会治理是商会的应有担当…, written for 商会 of 工商联.
    ("theory_article", "推进市域社会治理现代化", "p1bbe16332b"),
])
def test_a_passage_naming_the_topic_on_its_way_to_another_subject_is_that_subjects(
        genre, topic, foreign):
    from drafter.draft.assemble import _Assembler

    bank = PhraseBank.open()
    template = load_template(genre)
    assembler = _Assembler(template, template.resolve_fields({"topic": topic}), bank, 0,
                           "full")
    [passage] = [c for c in bank.naming([*assembler.topic_words]) if c.id == foreign]
    assert not assembler._on_topic(passage), passage.text
    # (Nothing not on the topic and not neutral stands in a draft: see _belongs.  Whole
    # drafts of these four took a minute of the suite's time.)
    assert not assembler._belongs(passage, frozenset(), neutral_slot=False, on_subject=False)


def test_people_whose_deeds_a_subject_studies_are_named_without_comrade_too():
    # A passage written to honour 卓嘎央宗姐妹 came into a 研讨发言 on 铸牢中华民族共同体
    # 意识, naming the sisters (stop 62); the name had not been read without 同志.
    from drafter.draft.topic import comrades_named, converted_kind_before

    assert comrades_named("学习卓嘎央宗姐妹先进事迹") == ["卓嘎央宗"]
    assert comrades_named("学习刘胡兰、董存瑞英雄事迹") == ["刘胡兰", "董存瑞"]
    assert comrades_named("学习“最美教师”先进事迹") == []
    assert comrades_named("学习全国优秀县委书记先进事迹") == []
    text = plain_text(assemble("seminar_statement", {"topic": "铸牢中华民族共同体意识"},
                               mode="full"))
    assert "中华民族共同体意识" in text and "卓嘎央宗" not in text
    # 学习成果转化为… turns study into work; 推动成果转化为…, 科技成果转化为… are the topic's.
    assert converted_kind_before("把学习成果转化为实效", 3, "成果转化", "科技成果转化")
    assert not converted_kind_before("推动成果转化为生产力", 2, "成果转化", "科技成果转化")
    assert not converted_kind_before("推动科技成果转化为生产力", 4, "成果转化", "科技成果转化")
    assert not converted_kind_before("把学习成果转化好", 3, "成果转化", "科技成果转化")


def test_a_subject_named_by_a_slogan_of_the_topics_word_is_not_the_topics_own():
    """弘扬“闯”的精神、“创”的劲头、“干”的作风 ends on 作风, but a quoted name before it
    makes it one kind of 作风, named by a slogan: taken as 作风建设's own, its passages
    were a third of a 作风建设 党课, 狠抓重大项目建设 among its 实践要求."""
    from drafter.draft.assemble import _Assembler, _written_subject
    from drafter.draft.templates import load_template

    template = load_template("party_lecture")
    bank = PhraseBank.open()
    subjects = {_written_subject(c) for c in _Assembler(
        template, template.resolve_fields({"topic": "作风建设"}), bank, 0,
        "full")._own_written.values()}
    assert subjects and not any("“闯”" in s for s in subjects), subjects
    # A topic that says the quoted name keeps that subject as its own.
    slogan = "弘扬“闯”的精神、“创”的劲头、“干”的作风"
    own = _Assembler(template, template.resolve_fields({"topic": slogan}), bank, 0, "full")
    assert any(_written_subject(c) == slogan for c in own._own_written.values())


@pytest.mark.parametrize("genre, topic", [("party_lecture", "作风建设"),
                                          ("work_conference", "金融强国")])
def test_passages_written_for_another_subject_make_a_few_points_at_most(genre, topic):
    """A broad topic draws points from narrower subjects; one of them may not make the
    draft its own (four of a 作风建设 党课's twelve points on 闯创干)."""
    from drafter.draft.assemble import _SUBJECT_POINTS, _Assembler
    from drafter.draft.templates import load_template

    template = load_template(genre)
    drafting = _Assembler(template, template.resolve_fields({"topic": topic}),
                          PhraseBank.open(), 0, "full")
    draft = drafting.draft()
    points: dict[str, set[str]] = {}
    for node in draft.nodes():
        for ref in (node.phrase, *(item.phrase for item in node.items)):
            if ref is not None and ref.id not in drafting._own_written and (
                    subject := drafting._subject_of.get(ref.id)):
                points.setdefault(subject, set()).add(node.heading)
    assert points  # (broad topics do draw on narrower subjects)
    assert all(len(heads) <= _SUBJECT_POINTS for heads in points.values()), points


def test_a_paragraph_ending_on_a_bare_order_of_a_few_characters_is_drawn_without_it(tmp_path):
    # …摧毁毒品犯罪的经济基础。要加强协作。: a blind judge (stop 65) read such endings,
    # 39 of them in the bundled bank, as clipped fragments.
    stubs = ["要加强协作。", "要加强督导。", "要及时总结推广经验。", "要定期评估。", "要公开通报。"]
    phrases = [_phrase("paragraph", f"作风建设是{w}的重要内容。要改进调查研究、精简文件会议、"
                       f"规范督查检查、狠抓工作落实，坚持以上率下，层层压实责任，推动作风"
                       f"建设常态化长效化，确保各项任务落到实处。{stub}",
                       ["work_style", "key_tasks", "safeguards", "political_stance"])
               for w, stub in zip(("党的建设", "组织工作", "干部队伍", "基层治理", "机关建设"),
                                  stubs, strict=True)]
    save_phrases(tmp_path / "bank", phrases)
    with PhraseBank.open(tmp_path / "bank", cache_dir=tmp_path / "cache") as bank:
        draft = assemble("work_conference", {"topic": "作风建设"}, bank=bank, mode="full")
    drawn = [item.text for node in draft.nodes() for item in node.items if item.phrase]
    assert any(text.endswith("确保各项任务落到实处。") for text in drawn), drawn
    assert not any(text.endswith(tuple(stubs)) for text in drawn), drawn
    # A short paragraph that is one such order stays whole: there is nothing else to it.
    from drafter.draft.assemble import without_stub_ending

    assert without_stub_ending("要加强协作。") == "要加强协作。"
    assert without_stub_ending("要强化家校联动，形成合力。") == "要强化家校联动，形成合力。"


def test_every_head_of_a_part_has_its_first_paragraph_before_any_has_a_second(tmp_path):
    # A signed article's 实践要求 takes two paragraphs a point.  Drawn head by head, the
    # first head took two of the three passages on the topic and the third was left a
    # gap (a blind judge, stop 65: 用好社会实践大课堂 over a gap, its passage second
    # under 上好思政课堂主渠道).
    from drafter.draft.assemble import _Assembler

    texts = ("思政课建设要抓住课堂教学这个主阵地，推动大中小学开足开好思政课，严禁挤占课时，"
             "把党的创新理论讲深讲透讲活。",
             "思政课建设关键在教师，要配齐建强专职教师队伍，开展全员培训和跨学段研修，"
             "提升教师政治素养和教学能力。",
             "思政课建设要把小课堂同社会大课堂结合起来，组织学生走进田间地头、工厂车间，"
             "在社会调查中了解国情民情。")
    phrases = [_on("paragraph", text, ["key_tasks"], ["culture"], file=f"{i}.txt",
                   terms=["思政课"]) for i, text in enumerate(texts)]
    article = load_template("theory_article")
    slot = next(p for p in article.parts if p.name == "action").children
    assert slot.full.count("paragraph") == 2
    with _task_bank(tmp_path, phrases) as bank:
        drafting = _Assembler(article, article.resolve_fields({"topic": "思政课建设"}), bank,
                              0, "full")
        nodes = [Node(heading=head, run_in=True, section="key_tasks", slot=slot.name)
                 for head in ("上好思政课堂主渠道", "建强思政课教师队伍", "用好社会实践大课堂")]
        drafting.fill_items(nodes, slot)
    assert [[i.role for i in node.items] for node in nodes] == [["paragraph"]] * 3
    assert sorted(i.text for node in nodes for i in node.items) == sorted(texts)
