"""金句: a sentence a writer would quote on its own.

What makes one (the lines readers picked: 不忘初心，方得始终; 为政之道，民生为本; 使命重在
担当，实干铸就辉煌; 基层强则国家强，基层安则天下安):

- it is short, and built of balanced clauses (对仗): clauses of one length sharing a frame
  (让党放心、让人民满意), paired four-character clauses (不忘初心，方得始终), or an
  aphoristic turn (只有…才, 没有…就没有, 既…又, 不是…而是, 越是…越, …则…, …之道);
- or it is a short definition of something's worth: 创新是引领发展的第一动力;
- it stands alone: no enumeration marker (一是…), no connective or pronoun leaning on the
  sentence before (因此, 这, 其), no figure, date or place (data is not a quotation), no
  task opening with a plain deploying verb (加强…, 深化…) unless it turns a saying, no
  salutation.
"""

from __future__ import annotations

import re
from itertools import pairwise

from drafter.bank.mine.idioms import idiom_words
from drafter.corpus.headings import match_marker
from drafter.corpus.patterns import SALUTATION_RE
from drafter.text.chars import CJK

_CLAUSE_SPLIT_RE = re.compile(r"[，、；：]")
_TURN_RE = re.compile(
    r"只有.{1,14}才|唯有.{1,14}(?:才|方)|没有.{1,12}就没有|没有.{1,12}也就没有|既.{1,12}[又也]|"
    r"不是.{1,12}而是|越是.{1,12}越|宁可.{1,12}不|与其.{1,12}不如|不在.{1,10}而在|"
    rf"[{CJK}]{{1,4}}则[{CJK}]{{1,4}}[，、][{CJK}]{{1,4}}则|"
    rf"[{CJK}]{{1,4}}之(?:道|本|要|基|魂|源)[，、]|方(?:得|能|可)|"
    rf"[{CJK}]{{2}}(?:重在|贵在|难在|成在|赢在|要在于|关键在于?)")
# 创新是引领发展的第一动力 / 实践是检验真理的唯一标准 / 调查研究是谋事之基: what
# something is, as a figure of speech or the one and only.  A plain superlative is a fact
# (中国共产党是世界上最大的政党; 人民代表大会制度是我国根本的政治制度), not a saying.
_WORTH_RE = re.compile(
    rf"^[{CJK}]{{2,8}}是[{CJK}“”]{{0,10}}(?:第一|唯一|生命线|命根子|传家宝|试金石|"
    rf"磨刀石|必由之路|总开关|金钥匙|压舱石|定盘星|之基|之本|之要|之魂)[{CJK}]{{0,4}}$")
# Paired four-character clauses are a saying when they are idioms or read as classical
# Chinese (惩前毖后，治病救人; 时不我待，催人奋进); two modern statements of four
# characters are a report (市场繁荣，物价稳定; 体制改革，头绪纷繁).
_CLASSICAL_RE = re.compile(r"[之其以而则乃必方莫无非勿焉乎也矣者所]|不")
# Sentences that lean on what came before, or start a list.
_LEANS_RE = re.compile(r"^(?:因此|所以|但是?|而且?|并且?|同时|此外|另外|总之|这|那|其|此|该|"
                       r"他们?|她们?|它们?|上述|以上|如下|对此|为此|由此|于是|然而|不过|可见|"
                       r"只有这样|唯有如此|如此|我(?:们)?(?:多次|曾经|反复|一再|曾)?"
                       r"(?:强调|讲过|说过|指出|提出|说|讲))")
_SPECIFIC_RE = re.compile(r"\d|[％%]|[〇零一二三四五六七八九]{4}年|"
                          r"[一二三四五六七八九十百千万亿两几]+多?(?:吨|亿|万|元|人|个|项|倍|公里)|"
                          rf"[{CJK}]{{2,4}}(?:省|市|县|区|镇|村)(?![{CJK}]*委)")
# A task list: every clause opens with a plain deploying verb.
_TASK_VERB_RE = re.compile(
    r"^(?:要|要把|必须|进一步|切实|大力|积极|认真|继续|依法|努力|全面|着力|不断|坚决|广泛|重点|"
    r"深入|逐步|稳步|持续|更加|更好|加快)*"
    r"(?:加强|推进|加快|完善|推动|促进|做好|抓好|落实|实施|开展|健全|深化|提高|扩大|建立|"
    r"实行|保持|改善|坚持|发展|增强|提倡|重视|控制|推广|加大|建设|培育|优化|规范|强化|构建|"
    r"打造|保障|维护|鼓励|支持|引导|贯彻|执行|组织|整顿|调整|改革|减少|降低|清理|治理|抓紧|"
    r"发挥|加紧|狠抓|搞好|办好|管好|用好|突出|聚焦|围绕|严格|坚定|巩固|拓展|拓宽|创新|"
    r"注重|着眼|立足|善于|敢于|学会|注意|确保|力争|争取|积极|主动|增加|继续|采取|制定|"
    r"出台|安排|组织|召开|举办|提出|推行|严肃|全面|统筹|协调|规范|发扬|弘扬|发展|大兴|"
    r"倡导|反对|防止|克服|纠正|改进|改革|调整)")
# A review of results: every clause ends in how things went (经济持续增长，物价基本稳定).
_RESULT_END_RE = re.compile(r"(?:增长|提高|增加|改善|稳定|加强|扩大|下降|减少|完成|实现|取得|"
                            r"明显|显著|较快|平稳|顺利|好转|上升|回升|进展|成效|加快|推进|"
                            r"深化|巩固)$")
MAX_BODY = 40
_LEADING_VERBS = frozenset("让使为以靠用有无不要把敢善勇")
_IS_OF_RE = re.compile(rf"[{CJK}]{{1,4}}是[{CJK}]{{1,6}}的")
# The vocabulary of administration and progress reports: a line that speaks it reports
# or deploys (侨务政策继续落实; 技术改造规划，要列入国家计划; 经济关系正常化迈出重要步伐).
_ADMIN_RE = re.compile(r"计划|规划|列入|负担|撤换|问责|定编|编制|财政|机关|政策|措施|制度化|正常化|"
                       r"继续|进一步|逐步|有所|迈出|得到|不断加强|奠定|工作的|尊敬的|究其|"
                       r"有人说|很明显|我们深刻认识到|纵观")
# 既要…又要… and 只有…才… make a saying only when the line is short; at length they are
# policy (机构改革是很复杂的工作，既要坚定不移地进行，又要审慎稳妥).
_TURN_MAX = 24
_MUST_RE = re.compile(r"^(?:还|更|都|也|就|尤其|特别|重点)?要")
_JOINED_RE = re.compile(r"[和与及]")
_ACHIEVED_RE = re.compile(r"取得|实现了|完成了|达到|超过|增长|下降|提高到|扩大到")
# Addressing the audience is not a saying: 各位院士，同志们、朋友们！  Nor is a sentence
# that points at what was said before it (我们必须做到这一切; 物价涨幅这么大).
_ADDRESS_RE = re.compile(r"同志们|朋友们|女士们|先生们|同学们|各位|这一切|这些|这个|这种|这样|"
                         r"这场|这份|这项|这次|这一|那些|这么|那么|上述")


def golden_score(sentence: str) -> float:
    """How quotable ``sentence`` is on its own: 0 when it is not a 金句, else 0.6-0.95."""
    body = sentence.rstrip("。！？；…")
    if not 6 <= len(body) <= MAX_BODY or "“" in body or "”" in body:
        return 0.0
    if (_LEANS_RE.match(body) or match_marker(body) or _SPECIFIC_RE.search(body)
            or body.startswith("—") or SALUTATION_RE.match(sentence) or _ADDRESS_RE.search(body)):
        return 0.0
    clauses = [c for c in _CLAUSE_SPLIT_RE.split(body) if c]
    if len(clauses) == 1:
        return 0.65 if _WORTH_RE.match(body) else 0.0
    if len(clauses) > 4 or max(len(c) for c in clauses) > 14:
        return 0.0
    if "、" in body and _JOINED_RE.search(clauses[-1]):
        return 0.0  # 改革管理体制、运行机制和监管机制: a list of things, not clauses
    turn = bool(_TURN_RE.search(body))
    if (_TASK_VERB_RE.match(clauses[0]) or _MUST_RE.match(clauses[0])) and not turn:
        return 0.0  # 深化收入分配制度改革，逐步理顺分配关系: a task, not a saying
    if not turn and _ACHIEVED_RE.search(body):
        return 0.0  # 文化体制改革取得重要进展: a report of what was achieved
    if _ADMIN_RE.search(body) or sentence.rstrip()[-1:] not in "。！？":
        return 0.0  # administration, a report, or no whole sentence
    if not turn and (all(_RESULT_END_RE.search(c) for c in clauses) or "了" in body):
        return 0.0  # a report of what was done (…保持了传统友谊), not a saying
    lengths = [len(c) for c in clauses]
    even = max(lengths) - min(lengths) <= 1
    framed = _shares_frame(clauses)
    score = 0.0
    if even and framed:
        score = 0.9
    elif (even and max(lengths) == 4 and not any(_TASK_VERB_RE.match(c) for c in clauses)
          and (all(c in idiom_words() for c in clauses) or _CLASSICAL_RE.search(body))):
        score = 0.75  # 不忘初心，方得始终 / 为政之道，民生为本: paired four-character clauses
    elif even and turn and len(body) <= _TURN_MAX:
        score = 0.8
    elif turn and len(body) <= _TURN_MAX:
        score = 0.7
    if score and len(body) <= 20:
        score += 0.05
    return min(score, 0.95)


def _shares_frame(clauses: list[str]) -> bool:
    """Clauses built on one frame: the same two opening or closing characters (团结就是
    力量，团结就是胜利), the same first and last character (出战斗力、出凝聚力), or a
    repeated leading verb (让党放心、让人民满意).  One shared last character (精减机关
    人员，严格定编定员) or one in the middle is as often chance and does not count."""
    if len({c[:2] for c in clauses}) == 1 or len({c[-2:] for c in clauses}) == 1:
        return True
    if all(_IS_OF_RE.fullmatch(c) for c in clauses):
        return True  # 道路是曲折的，前途是光明的
    if any(a[-2:] == b[:2] for a, b in pairwise(clauses)):
        return True  # 治国必先治党，治党务必从严: one clause picks up where the last ended
    first, last = {c[0] for c in clauses}, {c[-1] for c in clauses}
    return len(first) == 1 and (len(last) == 1 or first.pop() in _LEADING_VERBS)
