"""Specifics: what binds a phrase to the one speech it came from.

A phrase that names a place (重庆, 陇西、临洮、岷县), a unit (市交通运输局), a person
(王明同志, 马克龙总统), an audience's role (组工干部, 组织部长), a year or date (以2027年为
时间节点) or a figure (增长6.5%) reads wrongly in another speaker's mouth.  Mining marks
each such span with its kind; assembly either shows it as a slot for the writer to fill
(``slotted``: 〔地方〕, 〔单位〕, 〔人名〕, 〔对象〕, 〔年份〕, 〔日期〕, 〔数字〕) or leaves the
phrase out.  The phrase's own text stays verbatim: its provenance is the original.

Places, units and names come from patterns (an administrative suffix, a post after a
name) and from jieba's dictionary tags (ns, nt, nr), which are noisy enough that only
tagged words outside a stop list count.  National names (中国, 党中央, 国务院) and the
leaders a speech quotes are not specifics: every speech may use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafter.bank.mine.idioms import idiom_words
from drafter.text.chars import CJK

SLOTS = {"place": "〔地方〕", "unit": "〔单位〕", "person": "〔人名〕", "role": "〔对象〕",
         "year": "〔年份〕", "date": "〔日期〕", "figure": "〔数字〕"}

# Words jieba tags as places or organisations that any speech uses.
_GENERIC_PLACES = frozenset(
    "中国 中华 中华人民共和国 我国 全国 国内 国外 外国 世界 全球 亚洲 欧洲 非洲 美洲 拉美 亚太 "
    "城市 城镇 乡村 农村 东西 南北 东方 西方 中原 东北 西北 西南 东南 华北 华东 华南 华中 "
    "中央 地方 基层 边疆 沿海 内地 山区 共和国 太阳 哥哥 京城 天下 神州 祖国 大陆 港澳 两岸 "
    "一带一路 长江 黄河 长城 天安门 人民大会堂 "
    # Gazetteer short names that are everyday words of speeches: 新建 (新建自建房), 安宁
    # (社会安宁), 惠农 (惠农政策), 江山 (江山就是人民), 大田 (大田作物), 博爱, 太平, 古城,
    # 江海, 滨海, 海港; and any city's 老城区, 新城区.
    "新建 安宁 惠农 江山 大田 博爱 太平 古城 江海 滨海 海港 老城区 新城区 "
    # Words jieba tags as places that name no place: 治沙 (种树治沙), 海岛 (海岛群众),
    # 治本 (重在治本), and 九州, 华夏, old names of the whole country (new user 55).
    "治沙 海岛 海岛县 治本 九州 华夏".split())
_GENERIC_UNITS = frozenset(
    "中国共产党 中共中央 党中央 中央委员会 中央政治局 中央军委 中央军事委员会 国务院 "
    "中华人民共和国国务院 全国人大 全国人大常委会 全国人民代表大会 人民代表大会 人大常委会 "
    "全国政协 人民政府 人民法院 人民检察院 人民解放军 中国人民解放军 党组织 人民公社 "
    "人民军队 中国政府 中央人民政府 联合国".split())
# A word jieba tags as a place counts only when it is this rare in general Chinese: the
# tag also sits on everyday words (美丽 6.96, 英雄 6.80, 大国 7.16; 曼谷 is 9.13).
_RARE_PLACE_IDF = 8.5
_IDEA_RE = re.compile(r"主义|思想|理论|精神$")
# Leaders every speech may quote or name (see bank.model.SPEAKERS).
_LEADERS = frozenset(
    "习近平 毛泽东 邓小平 江泽民 胡锦涛 周恩来 刘少奇 朱德 陈云 孙中山 鲁迅 马克思 恩格斯 "
    "列宁 斯大林".split())

# A unit: a named place or body followed by an office (市交通运输局, 青川化工集团).
_UNIT_RE = re.compile(
    f"[{CJK}]{{2,8}}(?:局|厅|委员会|办公室|公司|集团|大学|学院|医院|银行|研究院|研究所|中心|"
    f"管委会|工作站)")
# A name with a post: 王明同志, 李华书记, 马克龙总统, 张三先生 (not 各位同志, 全体同志, nor
# 老同志 however it is qualified: 空巢老同志, 不少老同志).
_PERSON_RE = re.compile(
    f"(?<![{CJK}])([{CJK}]{{2,4}}?)(?<!老)(?:同志|书记|市长|县长|区长|省长|主任|局长|部长|总统|总理|首相|"
    f"先生|女士|教授|院士)(?!们)")
_PERSON_NOT = re.compile(r"^(?:各位|全体|广大|党员|干部|领导|青年|老|女|男|这位|那位|该|有关|相关|"
                         r"负责|分管|主管|基层|一线|优秀|先进|主要|作为|过去|有的|个别|让|各级)"
                         # A post, not a name (党委书记, 村党组织书记, 驻村第一书记).
                         r"|.*(?:党委|党组织|党支部|支部|党组|第一|负责)$")
# The audience a phrase addresses or the role it speaks as: 组工干部, 组织部长必须…
_ROLE_RE = re.compile(
    r"组工干部|组织部长|组织部门|组织系统|纪检监察干部|纪检监察机关|政法干警|宣传干部|统战干部|"
    r"教育系统|卫健系统|公安民警|税务干部|审计干部|团干部|妇联干部|工会干部|"
    r"(?<![全各本我])(?:区委|市委|县委|省委|镇党委|乡党委|党工委)(?:书记|常委|办|组织部)?")
_YEAR_RE = re.compile(r"(?:1[89]|20)\d{2}年(?:底|初|前|内|以前|以后)?|"
                      r"[〇零一二三四五六七八九]{4}年")
_DATE_RE = re.compile(r"\d{1,2}月\d{1,2}日|"
                      r"[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日")
# A figure: digits with a unit or a percentage (增长6.5%, 38万公里, 1.2亿元, 百分之五).
_FIGURE_RE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|‰|万|亿|千|百|个|项|人|元|公里|千米|米|吨|户|家|所|座|台|辆|套|件|次|"
    r"倍|亩|公顷|平方|立方|小时|天|年|岁|名|位|条|批|支|起|处)|百分之[零一二三四五六七八九十点]+")


@dataclass(frozen=True)
class Specific:
    kind: str
    text: str

    def to_list(self) -> list[str]:
        return [self.kind, self.text]


def find_specifics(text: str, words: list[str] | None = None) -> list[Specific]:
    """The specifics in ``text`` in order of appearance, once each.  ``words``: the
    text's words as the segmenter cut it; a short place name (重庆, 临洮) counts only as
    a whole word (朝阳 is a district, 朝阳产业 is not), and jieba's tags need words."""
    found: dict[tuple[str, str], int] = {}

    def add(kind: str, span: str, where: int) -> None:
        found.setdefault((kind, span), where)

    for m in _ROLE_RE.finditer(text):
        add("role", m.group(), m.start())
    for m in _full_place_re().finditer(text):
        add("place", m.group(), m.start())
    for m in _UNIT_RE.finditer(text):
        unit = m.group()
        prefix = next((p for p in _prefixes(unit) if p in gazetteer()), None)
        if prefix and unit not in _GENERIC_UNITS:
            add("unit", unit[unit.index(prefix):], m.start() + unit.index(prefix))
    roles = {span for kind, span in found if kind == "role"}
    for m in _PERSON_RE.finditer(text):
        name = m.group(1)
        if not _PERSON_NOT.match(name) and name not in _LEADERS and m.group() not in roles:
            add("person", m.group(), m.start())
    for m in _YEAR_RE.finditer(text):
        add("year", m.group(), m.start())
    for m in _DATE_RE.finditer(text):
        add("date", m.group(), m.start())
    for m in _FIGURE_RE.finditer(text):
        if not _YEAR_RE.fullmatch(m.group()):
            add("figure", m.group(), m.start())
    if words:
        _from_words(text, words, add)
    spans = sorted(found.items(), key=lambda kv: kv[1])
    out: list[Specific] = []
    for (kind, span), _ in spans:
        # A span inside a longer one (重庆 in 重庆市) adds nothing.
        if any(span != o.text and span in o.text for o in out):
            continue
        out = [o for o in out if not (o.text != span and o.text in span)]
        out.append(Specific(kind, span))
    return out


def _from_words(text: str, words: list[str], add) -> None:
    """Places and people the words name: a gazetteer name cut as a word of its own,
    and rare words jieba's dictionary tags as places (曼谷) or full names."""
    from drafter.text.wordtags import word_tags

    tags = word_tags()
    position = 0
    for word in words:
        where = text.find(word, position)
        if where < 0 or len(word) < 2:
            continue
        position = where + len(word)
        if names_place(word):
            add("place", word, where)
        elif tags.get(word) == "nr" and len(word) == 3 and word not in _LEADERS:
            add("person", word, where)


def _prefixes(unit: str) -> list[str]:
    return [unit[i:j] for i in range(len(unit)) for j in range(len(unit), i + 1, -1)][:64]


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """Names of China's provinces, prefectures and counties (drafter/text/gazetteer.txt)."""
    from importlib.resources import files

    text = files("drafter.text").joinpath("gazetteer.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines()
                     if line and not line.startswith("#")) - _GENERIC_PLACES


@lru_cache(maxsize=1)
def _full_place_re() -> re.Pattern[str]:
    """Gazetteer names that carry their suffix (重庆市, 临洮县), found anywhere."""
    from drafter.bank.classify import _alternation

    return _alternation(n for n in gazetteer() if n[-1] in "省市县区州旗盟" and len(n) >= 3)


def slotted(text: str, specifics: list[Specific] | list[list[str]]) -> str:
    """``text`` with each specific replaced by its visible slot: 重庆建立… → 〔地方〕建立…"""
    pairs = [(s.kind, s.text) if isinstance(s, Specific) else (s[0], s[1]) for s in specifics]
    for kind, span in sorted(pairs, key=lambda p: -len(p[1])):
        text = text.replace(span, SLOTS.get(kind, "〔待补〕"))
    return text


def binding_specifics(specifics: list[Specific] | list[list[str]]) -> list[tuple[str, str]]:
    """The specifics that surely bind a phrase to its source, as (kind, text): every
    role, unit, year, date and figure, and the places and people the patterns or the
    gazetteer name.  jieba's tags alone also fall on ideas and plain words (依法治国 as a
    place, 高素质 as a name): enough to show a reviewer, too noisy to keep a phrase out
    of a draft."""
    out = []
    for item in specifics:
        kind, span = (item.kind, item.text) if isinstance(item, Specific) else (item[0], item[1])
        if kind == "place" and not (span in gazetteer() or _full_place_re().fullmatch(span)):
            continue
        if kind == "person" and not _PERSON_RE.fullmatch(span):
            continue
        out.append((kind, span))
    return out


def person_name(span: str) -> str:
    """The name in a person specific, without the title (张富清 of 张富清同志)."""
    match = _PERSON_RE.fullmatch(span)
    return match.group(1) if match else span


def named_by(kind: str, span: str, subject: str) -> bool:
    """Whether a specific is what ``subject`` itself names, so no source's: 谷文昌同志
    (read as 是谷文昌同志, a character early) or 文昌 in a passage on 学习弘扬谷文昌精神,
    红旗渠 in one on 弘扬红旗渠精神."""
    if not subject:
        return False
    name = person_name(span) if kind == "person" else span
    return (span in subject or name in subject
            or (kind == "person" and len(name) >= 3 and name[1:] in subject))


def names_place(word: str) -> bool:
    """Whether the word ``word`` names a place: a gazetteer name, or a word rare in general
    Chinese that jieba's dictionary tags as a place (曼谷, 祁连山)."""
    from drafter.text.terms import general_idf
    from drafter.text.wordtags import word_tags

    if word in gazetteer():
        return True
    return (word_tags().get(word) == "ns" and general_idf().get(word, 12.0) >= _RARE_PLACE_IDF
            and word not in _GENERIC_PLACES and not _IDEA_RE.search(word)
            # (An idiom jieba tags as a place is a figure of speech: 沧海桑田, 高山峻岭.)
            and word not in idiom_words())


def is_role(word: str) -> bool:
    """Whether ``word`` names an audience or a post (组工干部, 组织部门, 市委书记)."""
    return bool(_ROLE_RE.search(word))
