"""What news sites and wikis wrap around a speech or report they republish.

Speeches republished by news agencies, party-building sites and wikis arrive with
furniture that is not page chrome but text: a dateline glued to the first sentence
(新华社北京11月4日电…), photo captions ending in a photographer's credit (…新华社记者
李学仁 摄) glued to the salutation that follows, 点击观看视频, a header line that runs the
speech's title, subtitle, date and speaker together, and a wiki's licence notice after
the last paragraph.  Each is cut out here with its reason; what follows it stays.

Also here: a news write-up's *narration*, the reporter's third-person account (国家主席
习近平30日在人民大会堂会见… / 习近平指出，…).  It is not a passage of a speech, though
the words it quotes are quotes.
"""

from __future__ import annotations

import re

from drafter.corpus.model import Document, Line, Removed
from drafter.corpus.patterns import GENRE_TITLE_RE, PERSON_NAME
from drafter.text.chars import CJK
from drafter.text.dates import DATE_PATTERN

# 新华社北京11月4日电, 人民网北京3月5日电（记者 王某）, 本报讯: at the start of a line.
_AGENCY = (r"新华社|新华网|人民日报|人民网|中新社|中新网|中国新闻网|央视网|央视新闻|央广网|"
           r"光明日报|光明网|经济日报|求是网|共产党员网|本报|本网")
DATELINE_RE = re.compile(
    f"^(?:(?:{_AGENCY})[{CJK}]{{0,8}}?\\d{{1,2}}月\\d{{1,2}}日电|(?:{_AGENCY})[{CJK}]{{0,6}}?讯)"
    r"(?:\s*[（(](?:记者|通讯员|特约记者)[^）)]{1,40}[）)])?[\s：:]*")
# The photographer's credit that ends a caption: 新华社记者 李学仁 摄, 记者 王晔/摄,
# （新华社记者 鞠鹏 摄）.
CREDIT_RE = re.compile(
    f"[（(]?(?:{_AGENCY})?(?:特约)?(?:记者|通讯员)[ \u3000]*"
    f"[{CJK}·]{{2,5}}(?:[ \u3000、，]+[{CJK}·]{{2,5}}){{0,3}}[ \u3000]*/?[ \u3000]*摄(?:影)?[）)]?"
    f"|[（(](?:{_AGENCY})发(?:[ \u3000]*[{CJK}·]{{2,5}}[ \u3000]*摄)?[）)]")
# A caption's own sentences: 这是…, a date and an event, 出席…并发表重要讲话.
_CAPTION_SENTENCE_RE = re.compile(
    r"^这是|^图为|^\d{1,2}月\d{1,2}日|^\d{4}年\d{1,2}月\d{1,2}日|"
    r"(?:出席|主持|会见|会谈|考察|看望|视察|参观|召开|举行|开幕|合影|发表(?:重要)?讲话|致辞)")
# A caption is a sentence or three; longer text before a credit is the speech.
_CAPTION_MAX = 300
_SENTENCE_END_RE = re.compile(r"(?<=[。！？])")

# Lines that only point at a video or a picture.
VIDEO_RE = re.compile(r"^[【\[（(]?\s*(?:点击(?:观看|播放|收看)(?:视频)?|视频[:：]|视频加载中|"
                      r"播放视频|观看视频|视频截图)[^。！？]{0,30}[】\]）)]?$")

# A speech header run together: 共创开放繁荣的美好未来——在…上的致辞（2022年11月4日）
# 中华人民共和国主席　习近平.  Cut before the subtitle's dash and around the dated
# parenthesis, so that each piece is a line the front-matter stage knows.
_HEADER_DATE_RE = re.compile(f"[（(]\\s*{DATE_PATTERN}[^（）()]{{0,12}}[）)]")
_HEADER_SUBTITLE_RE = re.compile(r"(?<=[^\s—])(?=——[^—])|※")
_NAME_THEN_SALUTATION_RE = re.compile(
    f"^([^。！？]{{0,20}}?[{CJK}·]{{2,4}})((?:同志们|朋友们|女士们|先生们|各位|尊敬的|亲爱的)"
    f"[^。！？]*[：:！!]?)$")
# The reporter's lead-in to a text printed in full: …发表了二〇二四年新年贺词。全文如下：
LEAD_IN_RE = re.compile(r"(?:全文|讲话|致辞|演讲|贺词|文章)(?:全文)?如下[：:。]?$")

# A wiki's licence notice: 本作品是中华人民共和国的法律、法规…属于公有领域 / Public domain.
_LICENCE_START_RE = re.compile(
    r"^(?:本作品(?:是|在|原文|收录|来自)|Public domain$|This work is in the public domain|"
    r"[（(]?注[:：]?\s*中文维基文库|本作品不适用于)", re.IGNORECASE)
LICENCE_WORDS_RE = re.compile(r"公有领域|维基文库|Public domain|知识共享许可|CC[- ]BY|GNU",
                              re.IGNORECASE)


def strip_dateline(line: Line, removed: list[Removed]) -> Line | None:
    """The line without a leading dateline (None when nothing else is left)."""
    m = DATELINE_RE.match(line.text)
    if not m or m.end() == 0:
        return line
    removed.append(Removed("news dateline", m.group().strip(), line.number))
    rest = line.text[m.end():].strip()
    return line.copy(rest) if rest else None


def cut_captions(line: Line, removed: list[Removed]) -> list[Line]:
    """A line with its photo captions taken out: each credit goes with the caption
    sentences before it; the text after a credit starts a line of its own."""
    if "摄" not in line.text and "发）" not in line.text:
        return [line]
    out: list[Line] = []
    text = line.text
    start = 0
    for m in CREDIT_RE.finditer(text):
        before = text[start:m.start()]
        keep, caption = _split_caption(before)
        if keep.strip():
            out.append(line.copy(keep.strip()))
        removed.append(Removed("photo caption", (caption + m.group()).strip(), line.number))
        start = m.end()
    if start == 0:
        return [line]
    rest = text[start:].strip()
    if rest:
        tail = line.copy(rest)
        tail.indent = True
        out.append(tail)
    return out


def _split_caption(before: str) -> tuple[str, str]:
    """(speech text, caption) of the text before a credit: all of it when it is short,
    else the caption-like sentences at its end."""
    if len(before.strip()) <= _CAPTION_MAX:
        return "", before
    sentences = [s for s in _SENTENCE_END_RE.split(before) if s]
    cut = len(sentences)
    while cut > 0 and len(sentences) - cut < 3 and _CAPTION_SENTENCE_RE.search(
            sentences[cut - 1].strip()):
        cut -= 1
    return "".join(sentences[:cut]), "".join(sentences[cut:])


def split_header(line: Line) -> list[Line]:
    """A header line that runs title, subtitle, date and speaker together, as pieces;
    any other line as it is.  Only for lines above the speech's first paragraph."""
    text = line.text
    if len(text) > 160 or any(p in text for p in "。！？") or not (
            _HEADER_DATE_RE.search(text) or _HEADER_SUBTITLE_RE.search(text)):
        return [line]
    pieces: list[str] = []
    for part in _HEADER_SUBTITLE_RE.split(text):
        last = 0
        for m in _HEADER_DATE_RE.finditer(part):
            pieces += [part[last:m.start()], m.group()]
            last = m.end()
        pieces.append(part[last:])
    pieces = [p.strip() for p in pieces if p.strip()]
    if len(pieces) < 2:
        return [line]
    # The speaker's name glued to the salutation: 习近平同志们，朋友们：
    glued = _NAME_THEN_SALUTATION_RE.match(pieces[-1])
    if glued:
        pieces[-1:] = [glued.group(1), glued.group(2)]
    return [line.copy(p) for p in pieces]


def licence_start(lines: list[Line], last_prose: int) -> int | None:
    """Where a wiki's licence notice begins after the last paragraph, or None."""
    for i in range(max(0, last_prose + 1), len(lines)):
        text = lines[i].text
        if _LICENCE_START_RE.match(text):
            tail = " ".join(ln.text for ln in lines[i:i + 40])
            if LICENCE_WORDS_RE.search(tail):
                return i
    return None


def is_licence_text(text: str) -> bool:
    """Whether a passage is (part of) a licence notice: for lint."""
    return bool(_LICENCE_START_RE.match(text)) and bool(LICENCE_WORDS_RE.search(text))


# --- narration in news write-ups ---------------------------------------------------------

# A write-up names its genre in the title: 习近平在…时强调…, 习近平会见…, …作出重要指示,
# 致信/致电/贺信, 主持召开…会议, …举行, 出席…
NEWS_TITLE_RE = re.compile(
    r"(?:^|[ \u3000])[^ \u3000]{0,30}?(?:在[^ \u3000]{2,40}?(?:时|上|中|期间)(?:强调|指出|表示)|"
    r"(?:会见|会谈|通电话|致信|致电|致贺信|作出重要指示|作出指示|主持召开|主持会议|出席|考察|看望|"
    r"视察|集体学习|举行|召开|分别参加|参加[^ \u3000]{0,10}审议|发表[^ \u3000]{0,6}讲话))")
# The reporter speaking: someone third-person says, a meeting says, an event is told.
_REPORTED_SPEECH = (r"(?:指出|强调|表示|说|认为|要求|提出|希望|宣布|介绍|回顾|阐述|作出|总结|"
                    r"分析|部署|发出|寄语|勉励|鼓励|肯定)")
_NARRATOR_SUBJECT = (f"(?:{PERSON_NAME}(?=[^，。；“”]{{0,4}}?{_REPORTED_SPEECH})|"
                     r"[^，。；“”]{0,24}?(?:习近平|李克强|李强|王沪宁|赵乐际|丁薛祥|蔡奇|韩正|"
                     r"汪洋|栗战书|王岐山|总书记|国家主席|总理|委员长|主席)|会议|全会|他|她|他们|"
                     r"与会(?:同志|代表|人员)?|讲话|文章|指示|贺信|批示)")
NARRATION_RE = re.compile(
    f"^{_NARRATOR_SUBJECT}[^，。；“”]{{0,16}}?{_REPORTED_SPEECH}[，：:]"
    f"|^\\d{{1,2}}月\\d{{1,2}}日|^[^，。]{{0,30}}\\d{{1,2}}日(?:上午|下午|晚)?[在于]"
    r"|(?:出席|主持)(?:会议|大会|开幕式|仪式|座谈会)?并(?:发表)?(?:重要)?讲话"
    r"|会见|会谈|通电话|(?:出席|参加)[^。]{0,30}(?:会议|活动|仪式|审议)|^[^。]{0,40}(?:在京|在北京)召开")


_FIRST_PERSON_RE = re.compile(r"我|咱们")
# A reporting frame before someone's words given without quotation marks: 习近平指出，…
_REPORTING_FRAME_RE = re.compile(
    f"^{_NARRATOR_SUBJECT}[^，。；“”]{{0,16}}?{_REPORTED_SPEECH}[，：:]\\s*")


def reported_words(sentence: str) -> str | None:
    """The words a reporting frame gives (习近平指出，不忘初心，方得始终。 → 不忘初心，方得
    始终。), or None when the sentence has no such frame."""
    m = _REPORTING_FRAME_RE.match(sentence)
    if not m or "“" in sentence[m.end():m.end() + 1]:
        return None
    rest = sentence[m.end():].strip()
    return rest or None


def is_narration(text: str) -> bool:
    """A reporter's sentence about a speech or an event, not a speaker's own words
    (我很高兴…出席… is the speaker's)."""
    m = NARRATION_RE.search(text[:120])
    return bool(m) and not _FIRST_PERSON_RE.search(text[:m.end()])


# Share of narration above which a text is a write-up whatever its title says, and the
# share that confirms a write-up's title (习近平在…时强调…).
_NEWS_SHARE = 0.5
_NEWS_SHARE_WITH_TITLE = 0.2
EVENT_RE = re.compile(r"^\d{1,2}月\d{1,2}日|^[^，。]{0,30}\d{1,2}日(?:上午|下午|晚)?[在于]|"
                       r"(?:出席|主持)[^。]{0,20}并(?:发表)?(?:重要)?讲话|(?:在京|在北京)(?:召开|举行)")


def mark_genre(doc: Document) -> None:
    """Set ``doc.genre`` and flag narration: in a write-up every paragraph is the
    reporter's; elsewhere only a lead above the speech that reports the event."""
    paragraphs = list(doc.paragraphs())
    narrated = sum(1 for p in paragraphs if is_narration(p.text))
    share = narrated / len(paragraphs) if paragraphs else 0.0
    title = doc.title or ""
    if share >= _NEWS_SHARE or (share >= _NEWS_SHARE_WITH_TITLE and NEWS_TITLE_RE.search(title)):
        doc.genre = "news"
        for paragraph in paragraphs:
            paragraph.narration = True
        return
    if re.search(r"报告(?:[（(]全文[）)])?$", title) or "政府工作报告" in title:
        doc.genre = "report"
    elif GENRE_TITLE_RE.search(title) or doc.salutation:
        doc.genre = "speech"
    else:
        doc.genre = "article"
    for paragraph in doc.preamble:
        if reports_event(paragraph.sentences[0] if paragraph.sentences else paragraph.text):
            paragraph.narration = True


def reports_event(sentence: str) -> bool:
    """A reporter's account of an event (5月8日，全市工作会议在…召开 / …出席会议并讲话),
    not a speaker's own words (8月26日，我在…上强调 is the speaker's)."""
    return bool(EVENT_RE.search(sentence[:120])) and not _FIRST_PERSON_RE.search(sentence)
