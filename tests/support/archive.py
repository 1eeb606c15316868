"""A freshly mined archive: speeches generated from a few word lists (headings in many
combinations, so the bank has thousands of distinct candidates), mined once per test
session; each test gets a fresh copy of the bank."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from .copies import fresh_copy

TOPICS = ["基层党建", "安全生产", "乡村振兴", "营商环境", "生态环境", "科技创新", "作风建设", "民生保障"]
VERBS = ["坚持", "强化", "突出", "抓好", "推进", "健全", "深化", "压实", "完善", "加强", "夯实", "提升"]
OBJECTS = ["政治引领", "问题导向", "责任落实", "制度建设", "队伍建设", "督查考核", "风险防控", "服务保障",
           "基础工作", "示范带动", "隐患排查", "源头治理", "人才支撑", "要素保障", "改革创新", "宣传教育",
           "协同联动", "精准施策", "数字赋能", "法治保障", "作风转变", "考核评价", "资金投入", "监督执纪"]
ENDS = ["切实增强工作的责任感和使命感", "全面提升工作质量和水平", "确保各项任务落地见效", "推动工作再上新台阶",
        "不断开创工作新局面", "奋力谱写高质量发展新篇章", "以钉钉子精神抓好落实", "让人民群众更有获得感"]
IDIOMS = ["实事求是", "与时俱进", "求真务实", "攻坚克难", "持之以恒", "久久为功", "真抓实干", "开拓进取"]
NUMERALS = "一二三四五六"
SPEECHES = 110  # about 2,500 candidates, mined in about 10 s


def speech(rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    lines = [f"在全市{topic}工作会议上的讲话", "同志们：",
             f"今天召开这次会议，主要任务是总结{topic}工作，部署今年重点任务。下面，我讲几点意见。"]
    for i in range(4):
        lines.append(f"{NUMERALS[i]}、{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(ENDS)}")
        for j in range(5):
            a, b = rng.sample(OBJECTS, 2)
            lines.append(f"（{NUMERALS[j]}）{rng.choice(VERBS)}{a}，{rng.choice(VERBS)}{b}")
            lines.append(f"要{rng.choice(IDIOMS)}，把{topic}中的{b}摆在突出位置，各级党组织要"
                         f"{rng.choice(VERBS)}{a}，{rng.choice(ENDS)}。")
    lines.append(f"同志们，让我们{rng.choice(IDIOMS)}，{rng.choice(ENDS)}！")
    return "\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int = SPEECHES, seed: int = 3) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"speech_{n:03d}.txt").write_text(speech(rng), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def _mined_once(tmp_path_factory) -> Path:
    from drafter.bank.pipeline import mine_corpus

    base = tmp_path_factory.mktemp("archive")
    bank = base / "bank"
    mine_corpus([write_corpus(base / "corpus")], bank)
    return bank


@pytest.fixture
def mined_archive(_mined_once, tmp_path_factory) -> Path:
    """A fresh copy of the mined archive's phrasebank, every phrase a candidate."""
    return fresh_copy(_mined_once, tmp_path_factory, "archive-bank")
