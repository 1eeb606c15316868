"""The lines that move a speech along: how it opens, turns from part to part, and ends.

- openings, in the speech's preamble: why we meet (今天召开…, 这次会议的主要任务是…),
  agreeing with the arrangements (我完全赞同), greeting (我谨代表…), and the report's
  own (现在，我代表国务院，向大会报告政府工作，请予审议);
- transitions, anywhere: into the next part (下面，我讲三点意见), from review to tasks
  (综合分析国内外形势…, 做好今年政府工作，要…), from success to problems (在肯定成绩的
  同时，我们也清醒看到…), a summing-up (总的来看，…);
- closings, in the speech's closing paragraphs: the call (同志们，让我们…), hopes (希望
  大家…), thanks and good wishes (预祝会议圆满成功), and a report's 各位代表！…而奋斗！

A line is a whole sentence of at most ``MAX_LINE`` characters; fragments (谢谢。, a
toast) and headings are not lines.
"""

from __future__ import annotations

import re

MAX_LINE = 160
MAX_CLOSING = 220  # a report's closing call runs long (让我们在…领导下，…而努力奋斗！)

OPENING_RE = re.compile(
    r"^(?:今天|这次|本次|此次)[^。]{0,30}(?:召开|举行|举办|齐聚|欢聚|相聚|集会|在这里|聚集|召集)|"
    r"^(?:这次|本次|今天的?)(?:会议|大会|座谈会|全会|论坛|党课|学习)[^。]{0,12}"
    r"(?:主要任务|主要目的|目的|主题|任务)(?:是|就是)|"
    r"^刚才[，,]|^(?:我(?:完全|都|非常)?(?:赞同|同意|拥护))|^(?:根据|按照)[^。]{0,16}安排|"
    r"^(?:首先|借此机会|值此)[^。]{0,10}我(?:谨)?代表|^我谨代表|^很高兴|^非常高兴|"
    r"^(?:现在|下面)[，,]\s*我(?:受[^。]{2,12}委托[，,]\s*)?代表[^。]{2,16}[，,]?向(?:大会|会议|全会|你们)|"
    r"^我受[^。]{2,16}委托|^受[^。]{2,16}委托[，,]\s*我")
# Announcing the next part: a transition wherever it stands (often ending the opening
# paragraph: …我完全赞同。下面，我讲三点意见。).
ANNOUNCE_RE = re.compile(r"^(?:下面|接下来|下边)[，,]|"
                         r"^(?:以上|上面)[^。]{0,10}(?:讲的|说的|谈的|是)[^。]{0,20}[，,]\s*"
                         r"(?:下面|接下来)")
# Turning from one part to the next: a transition when it opens a paragraph.
TRANSITION_RE = re.compile(
    r"^综合(?:分析|判断|考虑|研判)[^。]{0,30}(?:形势|情况|因素)|"
    r"^做好(?:今年|明年|下一步|下半年|全年|新的一年|今后一个时期|当前和今后一个时期)"
    r"[^，。]{0,16}(?:工作|任务)[，,]\s*(?:要|必须|需要|关键|重点)|"
    r"^(?:在(?:充分)?肯定成绩的同时|我们(?:也要|也|要)?清醒(?:地)?(?:看到|认识到)|"
    r"同时(?:也)?(?:要|必须|应当)?(?:清醒(?:地)?)?看到)|"
    r"^(?:总的来看|总的看|总体来看|总体上看|综上所述|总而言之)[，,]|"
    r"^(?:回顾|总结)[^。]{2,24}[，,]\s*(?:我们)?(?:深刻|深切)(?:体会|认识)到")
CLOSING_RE = re.compile(
    r"^(?:同志们|朋友们|各位代表|女士们|同学们)[^。]{0,6}[，,！!]\s*(?:让我们|我们要|我们一定|新征程)|"
    r"^让我们|^希望(?:大家|同志们|各位|你们|全市|全县|全区|全省|广大)|^最后[，,]|^(?:衷心)?祝(?:愿)?(?:大家|各位|同志们)|"
    r"^(?:预祝|祝愿)|^(?:我就讲|以上是我|我就说)|谢谢大家|^(?:我们坚信|我们相信|我坚信|我相信)")
# In the last paragraphs of the body only the unmistakable calls close: 让我们…, a
# salutation turning to the call, good wishes, thanks.
STRONG_CLOSING_RE = re.compile(
    r"^(?:同志们|朋友们|各位代表|女士们|同学们)[^。]{0,6}[，,！!]\s*让我们|^让我们|^(?:预祝|祝愿)|"
    r"^(?:我就讲|以上是我)|谢谢大家")
_FRAGMENT_MIN = 8


def is_line(sentence: str, longest: int = MAX_LINE) -> bool:
    body = sentence.rstrip("。！？!?…")
    return _FRAGMENT_MIN <= len(sentence) <= longest and len(body) >= 6


_FIGURE_RE = re.compile(r"\d")


def line_kind(sentence: str, place: str, first: bool = True) -> str | None:
    """'opening', 'transition' or 'closing' for a sentence in ``place``: preamble, body,
    closing, or ending (the last paragraphs of the body, where a report's closing call
    often stays), or None.  ``first``: the sentence opens its paragraph."""
    if place in ("closing", "ending") and is_line(sentence, MAX_CLOSING) and (
            CLOSING_RE.search(sentence) if place == "closing"
            else STRONG_CLOSING_RE.search(sentence)):
        return "closing"
    if not is_line(sentence):
        return None
    if place == "preamble" and OPENING_RE.search(sentence):
        return "opening"
    # A transition opens a paragraph (a turn inside one is the paragraph's own), carries
    # no figures (综合分析…，今年增长预期为7% is a target) and is no piece of a quotation.
    if ANNOUNCE_RE.search(sentence) or (
            first and TRANSITION_RE.search(sentence) and not _FIGURE_RE.search(sentence)
            and sentence.count("“") == sentence.count("”")):
        return "transition"
    return None
