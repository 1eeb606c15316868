"""Clean lines → a structured speech: front matter, heading tree, paragraphs, closing.

The stages, each a small function below:

1. front matter: title (one or two lines, or glued to the first sentence of a text
   with no line breaks), subtitle, speaker, date, occasion, salutation; short lines
   above the title are page furniture and are removed with a reason;
2. paragraphs: one per line, or cut from a text with no line breaks at its topic
   sentences;
3. headings: numbered markers of every family, validated as runs where a marker is
   ambiguous (一要 only counts when 二要 follows), standalone or run-in; unnumbered bold
   leads when a section's paragraphs all open with a short head sentence;
4. the tree: nested by marker rank, levels relative to the document's own top level;
5. closing: the call to action that ends the speech (同志们，让我们… / 希望大家…).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from drafter.corpus.headings import (
    LEAD_FAMILY,
    LEAD_RANK,
    STYLE_FAMILY,
    Marker,
    find_enumeration,
    follows,
    match_marker,
    starts_enumeration,
)
from drafter.corpus.model import Document, EnumItem, Line, Paragraph, Removed, Section
from drafter.corpus.patterns import BYLINE_RE, GENRE_TITLE_RE, POSTS, SALUTATION_RE
from drafter.text.chars import CJK, TERMINAL
from drafter.text.sentences import split_sentences

# --- front matter ------------------------------------------------------------------------

_DATE = (r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年"
         r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2}|X{1,2})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|X{1,2})\s*日")
_DATE_RE = re.compile(_DATE)
_DATE_LINE_RE = re.compile(f"^[（(]?\\s*({_DATE})\\s*[）)]?$")
_SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--|－)\s*(.+)$")
# Author lines of signed articles: 文/王建国, 作者：王建国, 刘晓燕（市委党校…）.
_AUTHOR_LINE_RE = re.compile(
    f"^(?:文\\s*[/／]|作者\\s*[:：]|撰稿\\s*[:：]|执笔\\s*[:：])\\s*\\S"
    f"|^[{CJK}]{{2,4}}\\s*[（(][^（）()]{{2,40}}[）)]$")
# A bare name (王明, 欧阳修) or one spaced for alignment (王 明); XX for a placeholder.
_NAME_ONLY_RE = re.compile(f"^[{CJK}]{{2,3}}$|^[{CJK}X×]{{1,2}}\\s+[{CJK}X×]{{1,2}}$|^X{{2,3}}$")
_OCCASION_RE = re.compile(
    r"^(?:(?P<who>[^在，。：]{2,24}?)\s*)?在(?P<occasion>.{2,60}?)上的(?:总结|主题|专题|动员|开班|开幕|闭幕)?"
    r"(?:讲话|发言|致辞|报告|党课|讲稿|主持词|辅导报告)")
_GENRE_GLUED_RE = re.compile(
    r"^([^，。、；：,;:！？!?“”]{6,60}(?:研讨材料|发言材料|交流材料|心得体会|讲话稿|党课讲稿|"
    r"讲话|发言|致辞|报告|党课|材料))(?!精神|的|中|上|和|与|稿)"
    r"(?:[^，。、；：,;:！？!?]{4,}|(?=同志们|各位|尊敬的|女士们))")
# A first title line cannot end with these; a second cannot start with these.
_TITLE_ENDS_OPEN = set("的和与及为在对把以将从向于、，：:“《（—")
_TITLE_STARTS_CLOSED = set("、，：:”》）的和与及")


@dataclass
class FrontMatter:
    speaker_from_line: bool = False
    closing_date: str | None = None
    title: str | None = None
    subtitle: str | None = None
    speaker: str | None = None
    date: str | None = None
    occasion: str | None = None
    salutation: str | None = None


def _is_body_start(line: Line) -> bool:
    text = line.text
    if line.is_title or line.is_subtitle:
        return False
    if line.heading_level and _front_matter_kind(text):
        return False  # a speaker or date line that Markdown/Word styled as a heading
    if line.heading_level or SALUTATION_RE.match(text):
        return True
    marker = match_marker(text)
    if marker and marker.unambiguous:
        return True
    return len(text) >= 50 and any(p in text for p in "。，；！？")


_TITLE_WORDS_RE = re.compile(r"讲话|发言|报告|致辞|党课|材料|会议|座谈|研讨|体会|的|在.+上")


def _is_speaker_line(text: str) -> bool:
    if _AUTHOR_LINE_RE.match(text) and len(text) <= 60:
        return True
    if len(text) > 30 or text[-1] in TERMINAL + "：:，," or _TITLE_WORDS_RE.search(text):
        return False
    return any(post in text for post in POSTS) or bool(_NAME_ONLY_RE.match(text))


def _is_sentence(text: str) -> bool:
    """A line of the speech itself, however short: it ends like a sentence."""
    return len(text) >= 8 and text[-1] in TERMINAL


def _title_like(line: Line) -> bool:
    text = line.text
    return (len(text) <= 60 and text[-1] not in TERMINAL + "：:" and not SALUTATION_RE.match(text)
            and not _SUBTITLE_RE.match(text))


_AFFILIATION_RE = re.compile(r"^[（(][^（）()]{2,40}[）)]$")


def _front_matter_kind(text: str) -> str | None:
    """'date', 'subtitle', 'speaker' or 'affiliation' for the lines around a title."""
    if _DATE_LINE_RE.match(text):
        return "date"
    if _SUBTITLE_RE.match(text):
        return "subtitle"
    if _is_speaker_line(text):
        return "speaker"
    if _AFFILIATION_RE.match(text):
        return "affiliation"
    return None


def _claim(line: Line, kind: str, fm: FrontMatter) -> bool:
    """Record a date/subtitle/speaker line; False when that field is already taken."""
    text = line.text
    if kind == "date" and fm.date is None:
        fm.date = _plain_date(_DATE_LINE_RE.match(text).group(1))
    elif kind == "subtitle" and fm.subtitle is None:
        fm.subtitle = _SUBTITLE_RE.match(text).group(1).strip()
    elif kind in ("speaker", "affiliation") and fm.speaker_from_line and (
            kind == "affiliation" or _AUTHOR_LINE_RE.match(text)):
        fm.speaker = f"{fm.speaker} {_compact_name(text)}"  # 刘晓燕 / （市委党校…）
    elif kind == "speaker" and not fm.speaker_from_line:
        name = _compact_name(text)
        # A byline gave the post ((作者为…)); the line under the title gives the name.
        fm.speaker = f"{fm.speaker} {name}" if fm.speaker and fm.speaker not in name else name
        fm.speaker_from_line = True
    else:
        return False
    return True


def split_front_matter(lines: list[Line], removed: list[Removed]) -> tuple[FrontMatter, list[Line]]:
    """Title, subtitle, speaker and date from the lines before the speech proper.

    The title is the line styled as one, else the last line before the body that is
    named like a speech (…的讲话, …致辞, 在…上的…), else the last line above the body
    that is not a date, subtitle or speaker line.  Short lines above the title are
    page furniture; the lines below it that are not front matter start the body.
    """
    fm = FrontMatter()
    lines = _take_bylines(lines, fm, removed)
    if (lines and not any(ln.is_title for ln in lines) and lines[0].heading_level
            and GENRE_TITLE_RE.search(lines[0].text)):
        # A speech title set in Heading 1 (no Title style in the document).
        lines = [Line(lines[0].text, lines[0].number, is_title=True), *lines[1:]]
    start = next((i for i, ln in enumerate(lines) if _is_body_start(ln)), len(lines))
    head = lines[:start]
    title_index = next((i for i, ln in enumerate(head) if ln.is_title), None)
    if title_index is None:
        title_index = next((i for i in range(len(head) - 1, -1, -1)
                            if _title_like(head[i]) and GENRE_TITLE_RE.search(head[i].text)), None)
    if title_index is None:
        # Walk up from the first sentence past the date, subtitle and speaker lines.
        first_sentence = next((k for k, ln in enumerate(head) if _is_sentence(ln.text)),
                              len(head))
        i = first_sentence - 1
        while i >= 0 and _front_matter_kind(head[i].text):
            i -= 1
        if i >= 0 and _title_like(head[i]):
            title_index = i
        elif i < 0:
            # Only front matter before the body (a date, a speaker): claim it.
            for line in head[:first_sentence]:
                _claim(line, _front_matter_kind(line.text), fm)
            head = head[first_sentence:]
    body_from = 0
    if title_index is not None and _is_main_title_above(head, title_index):
        # 凝心聚力谋发展 / 在中共某市委全会上的报告: the line above is the title and
        # the 在…上的报告 line its subtitle, dash or no dash.
        fm.subtitle = head[title_index].text
        title_index -= 1
    if title_index is not None:
        first = _title_start(head, title_index)
        fm.title = "".join(line.text for line in head[first:title_index + 1])
        for line in head[:first]:
            reason = ("duplicate of the title" if _same(line.text, fm.title)
                      else "page header (above the title)")
            removed.append(Removed(reason, line.text, line.number))
        body_from = title_index + 1
        while body_from < len(head):
            if head[body_from].is_subtitle and fm.subtitle is None:
                fm.subtitle = _SUBTITLE_RE.sub(r"\1", head[body_from].text).strip()
                body_from += 1
                continue
            kind = _front_matter_kind(head[body_from].text)
            if not kind or not _claim(head[body_from], kind, fm):
                break
            body_from += 1
    body = head[body_from:] + lines[start:]
    if fm.title:
        # Page captions and running headers repeat the title; the speech does not.
        for line in body:
            if _same(line.text, fm.title):
                removed.append(Removed("duplicate of the title", line.text, line.number))
        body = [line for line in body if not _same(line.text, fm.title)]
    # Page captions often repeat the title just above the speech itself.
    if body and fm.title and _same(body[0].text, fm.title):
        removed.append(Removed("duplicate of the title", body[0].text, body[0].number))
        body = body[1:]

    if fm.title is None and body and len(body[0].text) >= _UNBROKEN_WHOLE_DOCUMENT:
        glued = _GENRE_GLUED_RE.match(body[0].text)
        if glued:
            fm.title = glued.group(1)
            body = [Line(body[0].text[len(glued.group(1)):], body[0].number), *body[1:]]

    if body:
        salutation = SALUTATION_RE.match(body[0].text)
        if salutation:
            fm.salutation = salutation.group()
            rest = body[0].text[salutation.end():].strip()
            body = ([Line(rest, body[0].number)] if rest else []) + body[1:]

    if fm.title:
        occasion = _OCCASION_RE.match(fm.title) or (
            _OCCASION_RE.match(fm.subtitle) if fm.subtitle else None)
        if occasion:
            fm.occasion = occasion.group("occasion")
            who = occasion.group("who")
            if who and fm.speaker is None and _is_speaker_line(who):
                fm.speaker = who.strip()
    if fm.date is None:
        fm.date = fm.closing_date
    if fm.subtitle and fm.date is None:
        date = _DATE_RE.search(fm.subtitle)
        if date:
            fm.date = _plain_date(date.group())
            fm.subtitle = re.sub(r"\s*[（(]?\s*" + re.escape(date.group()) + r"\s*[）)]?", "",
                                 fm.subtitle).strip() or None
    return fm, body


_SITE_NAME_RE = re.compile(r"(?:网|网站|频道|平台|公众号|APP|客户端|之声|在线|发布)$",
                           re.IGNORECASE)


def _is_main_title_above(head: list[Line], index: int) -> bool:
    """Whether the 在…上的讲话 line at ``index`` is a subtitle under a main title."""
    if index == 0 or not head[index].text.startswith("在") or head[index].is_title:
        return False
    prev, cur = head[index - 1], head[index]
    return (cur.number - prev.number <= 1 and _title_like(prev) and 6 <= len(prev.text) <= 40
            and not _SITE_NAME_RE.search(prev.text) and not _front_matter_kind(prev.text)
            and prev.text[-1] not in _TITLE_ENDS_OPEN and not _same(prev.text, cur.text))


def _title_start(head: list[Line], index: int) -> int:
    """Where a title that may run over two lines begins."""
    if index == 0 or head[index].is_title:
        return index
    prev, cur = head[index - 1], head[index]
    if cur.number - prev.number > 1 or len(prev.text) > 40 or not _title_like(prev):
        return index
    if _SUBTITLE_RE.match(cur.text) or _front_matter_kind(prev.text) == "date":
        return index
    joined = prev.text + cur.text
    # The first half cannot end where it does (…的 / …，), or only together do the two
    # halves make the 在…上的讲话 pattern.
    if _same(prev.text, cur.text):
        return index  # a page caption repeating the title: not a second half
    if (prev.text[-1] in _TITLE_ENDS_OPEN or cur.text[0] in _TITLE_STARTS_CLOSED
            or (_OCCASION_RE.match(joined) and not _OCCASION_RE.match(cur.text))):
        return index - 1
    return index


def _take_bylines(lines: list[Line], fm: FrontMatter, removed: list[Removed]) -> list[Line]:
    out = []
    for line in lines:
        byline = BYLINE_RE.match(line.text)
        if byline:
            if fm.speaker is None:
                fm.speaker = byline.group(1)
            removed.append(Removed("byline (taken as the speaker)", line.text, line.number))
        else:
            out.append(line)
    # A lone date after the last paragraph dates the speech (落款) unless a date under
    # the title does.
    if out and len(out) > 1 and (date := _DATE_LINE_RE.match(out[-1].text)):
        fm.closing_date = _plain_date(date.group(1))
        removed.append(Removed("date line (taken as the date)", out[-1].text, out[-1].number))
        out = out[:-1]
    return out


def _plain_date(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _compact_name(text: str) -> str:
    text = re.sub(r"^(?:文\s*[/／]|作者\s*[:：]|撰稿\s*[:：]|执笔\s*[:：])\s*", "", text)
    return re.sub(r"[\s\u3000]+", " ", text).strip()


_SQUASH = str.maketrans("", "", " \t\u3000，,：:、")


def _same(a: str, b: str) -> bool:
    """Equal but for spaces and the punctuation a caption may drop."""
    return abs(len(a) - len(b)) <= 8 and a.translate(_SQUASH) == b.translate(_SQUASH)


# --- paragraphs from text with no line breaks ------------------------------------------

# Sentences that carry on the paragraph before them.
_CONTINUATION_RE = re.compile(
    r"^(?:同时|此外|另外|其次|再次|最后|并且|而且|因此|所以|从而|进而|这|其|对此|为此|由此|"
    r"[二三四五六七八九十]是|第[二三四五六七八九十]|要|需|也|还|但|而|又|并|且|即)")
# How speeches end.  A strong closer (同志们，让我们… / 谢谢大家) ends the speech wherever
# it stands; a weak one (希望大家… / 总之…) may also be what a last part is about, so it
# never takes the whole of that part.
_STRONG_CLOSING = (r"同志们[，,！!]|让我们|以上是我|谢谢|我就讲(?:这么多|这些|到这里)|"
                   r"最后[，,]\s*(?:我|让我们|祝)|(?:衷心)?祝(?:愿)?(?:大家|各位|同志们)|"
                   r"(?:最后[，,]\s*)?预祝")
_STRONG_CLOSING_RE = re.compile(f"^(?:{_STRONG_CLOSING})")
_CLOSING_RE = re.compile(
    f"^(?:{_STRONG_CLOSING}|希望(?:大家|同志们|各位|全市|全县|全区|全省)|最后[，,]\\s*希望|"
    r"总之[，,]|总而言之|展望未来|我(?:们)?(?:坚信|相信))")

# Sentences that open a new paragraph whatever their length: the turn to the close.
_PARAGRAPH_OPENER_RE = re.compile(r"^(?:展望未来|综上所述|总之|总而言之|同志们|让我们)")
# A line this long is a text that lost its line breaks; so is a shorter one that is
# (nearly) the whole document.
_UNBROKEN_LINE = 1500
_UNBROKEN_WHOLE_DOCUMENT = 300


# Where a heading begins inside a text that lost its line breaks: 一、 after a full stop
# (not 一、二季度), （一） after a full stop or straight after a heading's last word.
_INLINE_CN_RE = re.compile(
    r"(?<=[。！？])(?=[一二三四五六七八九十]+、(?![一二三四五六七八九十]+(?:季度|个?月|年|、)))")
_INLINE_PAREN_RE = re.compile(f"(?<=[。！？{CJK}])(?=（[一二三四五六七八九十]+）)")


def _split_inline_headings(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in _INLINE_CN_RE.split(text):
        parts = _INLINE_PAREN_RE.split(piece)
        # （一） straight after a word only ends a heading (二、突出抓好…工作（一）…),
        # never a sentence of prose.
        merged = [parts[0]]
        for part in parts[1:]:
            prev = merged[-1]
            heading_only = match_marker(prev) and not any(p in prev for p in "。！？")
            if prev[-1] in "。！？" or heading_only:
                merged.append(part)
            else:
                merged[-1] = prev + part
        pieces += merged
    return [p for p in pieces if p]


def segment_unbroken(text: str) -> list[str]:
    """Cut a text that lost all its line breaks into headings and paragraphs.

    Headings are cut out at their markers; the prose between them is cut at its topic
    sentences: a short, self-standing sentence that is not a continuation opens a
    paragraph once the current one has some body; a paragraph never grows past ~600
    characters."""
    out: list[str] = []
    for piece in _split_inline_headings(text):
        out += _paragraphs_of(piece)
    return out


def _paragraphs_of(text: str) -> list[str]:
    sentences = split_sentences(text)
    paragraphs: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        opens = (len(sentence) <= 40 and sentence.count("，") <= 1
                 and not _CONTINUATION_RE.match(sentence)
                 and not starts_enumeration(sentence)) or bool(_PARAGRAPH_OPENER_RE.match(sentence))
        too_long = size >= 600 and not _CONTINUATION_RE.match(sentence)
        closes = bool(_CLOSING_RE.match(sentence)) and size >= 10
        if current and ((opens and size >= 150) or too_long or closes):
            paragraphs.append("".join(current))
            current, size = [], 0
        current.append(sentence)
        size += len(sentence)
    if current:
        paragraphs.append("".join(current))
    return paragraphs


# --- headings ----------------------------------------------------------------------------


@dataclass
class _Block:
    """A body paragraph on its way into the tree."""

    text: str
    line: Line
    marker: Marker | None = None
    head: str | None = None  # heading text without marker or end punctuation
    terminator: str = ""
    rest: str = ""  # paragraph text after a run-in head
    rest_sentences: list[str] | None = None
    run_in: bool = False
    family: str | None = None
    rank: int = 99


_STANDALONE_MAX = 80
_RUN_IN_MAX = 80


def _split_head(block: _Block, after: str) -> None:
    """Standalone heading (the whole paragraph) or run-in head (its first sentence)."""
    sentences = split_sentences(after)
    if len(sentences) <= 1 and len(after) <= _STANDALONE_MAX:
        block.head, block.terminator = _strip_end(after)
        return
    first = sentences[0]
    if len(first) <= _RUN_IN_MAX and first[-1] in "。！？!?":
        block.head, block.terminator = _strip_end(first)
        block.rest = after[len(first):].strip()
        block.rest_sentences = sentences[1:]
        block.run_in = True
        return
    # A long first sentence: the head is its first clause.
    clause = re.split(r"[，；：,;:]", first, maxsplit=1)[0]
    block.head, block.terminator = clause, ""
    block.rest = after[len(clause):].lstrip("，；：,;: ")
    block.run_in = True


def _strip_end(text: str) -> tuple[str, str]:
    text = text.strip()
    end = ""
    while text and text[-1] in "。！？!?；;":
        end = text[-1] + end
        text = text[:-1]
    return text.strip(), end


def _mark_headings(blocks: list[_Block]) -> None:
    markers = [match_marker(b.text) if not b.line.is_title else None for b in blocks]
    # The next marker of the same family after each one, found in one backward pass.
    following: list[Marker | None] = [None] * len(markers)
    seen: dict[str, Marker] = {}
    for i in range(len(markers) - 1, -1, -1):
        marker = markers[i]
        if marker is not None:
            following[i] = seen.get(marker.family)
            seen[marker.family] = marker
    accepted = [False] * len(blocks)
    last_accepted: dict[str, Marker] = {}
    for i, marker in enumerate(markers):
        if marker is None:
            continue
        # Unambiguous markers always count; ambiguous ones (1. 一要 首先) when they
        # continue a run or open one.
        prev = last_accepted.get(marker.family)
        nxt = following[i]
        opens_run = marker.number == 1 and nxt is not None and follows(marker, nxt)
        if marker.unambiguous or (prev and follows(prev, marker)) or opens_run:
            accepted[i] = True
            last_accepted[marker.family] = marker
    for block, marker, ok in zip(blocks, markers, accepted, strict=True):
        if ok and marker:
            block.marker = marker
            block.family = marker.family
            block.rank = marker.rank
            _split_head(block, marker.rest)
        elif block.line.heading_level:
            block.family = STYLE_FAMILY
            block.rank = block.line.heading_level
            block.head, block.terminator = _strip_end(block.text)
        elif block.line.bold_lead:
            block.family = LEAD_FAMILY
            block.rank = LEAD_RANK
            _split_head(block, block.text)


def _paragraph(text: str, sentences: list[str] | None = None) -> Paragraph:
    sentences = sentences if sentences is not None else split_sentences(text)
    return Paragraph(text=text, sentences=sentences, enumeration=_enumeration(text))


def _enumeration(text: str) -> list[EnumItem]:
    """一是… 二是… (or 首先… 其次…) inside one paragraph, when they form a run."""
    return [EnumItem(m.marker, m.text) for m in find_enumeration(text)]


# --- leads -------------------------------------------------------------------------------

_LEAD_MAX = 60
_NOT_A_LEAD_RE = re.compile(
    r"^(?:这|那|但|而|因此|所以|同时|此外|另外|总之|当前|目前|其中|对此|为此|如果|虽然|我们|我|大家|"
    r"他们|它|其|今天|刚才|下面|以上)")


def _lead_sentence(paragraph: Paragraph) -> str | None:
    """The paragraph's first sentence if it reads as an unnumbered run-in head."""
    if len(paragraph.sentences) < 2:
        return None
    first = paragraph.sentences[0]
    body = first[:-1]
    if (first[-1] not in "。！" or not 6 <= len(body) <= _LEAD_MAX
            or re.search(r"[，；：,;:？?\[\]]", body) or _NOT_A_LEAD_RE.match(body)
            or body[0].isdigit()):
        return None
    return first


def _promote_leads(section: Section, level: int, need_parallel: bool = False) -> None:
    """Paragraphs that all open with a short head sentence (typeset in bold in the
    original) become run-in subsections: the pattern of 署名文章 and 研讨发言.  With
    ``need_parallel`` (a speech with no headings at all, where short opening sentences
    are just as likely plain prose) the heads must also share their opening word."""
    paragraphs = section.paragraphs
    leads = [_lead_sentence(p) for p in paragraphs]
    if need_parallel:
        found = [x for x in leads if x]
        openings = Counter(x[:2] for x in found) + Counter(x[:1] for x in found)
        if not found or openings.most_common(1)[0][1] < max(2, 0.6 * len(found)):
            return
    count = sum(1 for x in leads if x)
    first_lead = next((i for i, x in enumerate(leads) if x), None)
    if first_lead is None or count < 2:
        return
    tail = paragraphs[first_lead:]
    if count < 0.6 * len(tail) or first_lead > 2:
        return
    # An opening paragraph whose first sentence is much longer than the heads after it
    # is the section's introduction, not one of the heads.
    others = sorted(len(x) for x in leads[first_lead + 1:] if x)
    if first_lead == 0 and len(others) >= 2 and len(leads[0]) > 1.6 * others[len(others) // 2]:
        leads[0] = None
        first_lead = next((i for i, x in enumerate(leads) if x), None)
        if first_lead is None or count - 1 < 2:
            return
        tail = paragraphs[first_lead:]
    intro = paragraphs[:first_lead]
    children: list[Section] = []
    for paragraph, lead in zip(tail, leads[first_lead:], strict=True):
        if lead or not children:
            head, end = _strip_end(lead or paragraph.sentences[0])
            rest_sentences = paragraph.sentences[1:]
            rest = "".join(rest_sentences)
            child = Section(heading=head, level=level, marker=None, marker_style=LEAD_FAMILY,
                            run_in=True, terminator=end)
            if rest:
                child.paragraphs.append(_paragraph(rest, rest_sentences))
            children.append(child)
        else:
            children[-1].paragraphs.append(paragraph)
    section.paragraphs = intro
    section.children = children


# --- the tree ----------------------------------------------------------------------------


@dataclass
class _Open:
    section: Section
    rank: int


def build_tree(blocks: list[_Block]) -> tuple[list[Paragraph], list[Section]]:
    preamble: list[Paragraph] = []
    top: list[Section] = []
    stack: list[_Open] = []
    for block in blocks:
        if block.head is None:
            paragraph = _paragraph(block.text)
            (stack[-1].section.paragraphs if stack else preamble).append(paragraph)
            continue
        while stack and stack[-1].rank >= block.rank:
            stack.pop()
        section = Section(
            heading=block.head,
            level=len(stack) + 1,
            marker=block.marker.text if block.marker else None,
            marker_style=block.family or "none",
            run_in=block.run_in,
            terminator=block.terminator,
        )
        if block.rest:
            section.paragraphs.append(_paragraph(block.rest, block.rest_sentences))
        (stack[-1].section.children if stack else top).append(section)
        stack.append(_Open(section, block.rank))
    return preamble, top


# --- closing -----------------------------------------------------------------------------

def _take_closing(preamble: list[Paragraph], sections: list[Section]) -> list[Paragraph] | None:
    container = preamble
    if sections:
        last = sections[-1]
        while last.children:
            last = last.children[-1]
        container = last.paragraphs
    if not container:
        return None
    last_is_closing = bool(_CLOSING_RE.match(container[-1].text))
    before_is_closing = len(container) >= 2 and bool(_CLOSING_RE.match(container[-2].text))
    if last_is_closing:
        take = 2 if before_is_closing else 1
    elif before_is_closing and len(container[-1].text) <= 20:
        take = 2  # 同志们，让我们…！ then a short 谢谢大家！
    else:
        return None
    if take >= len(container) and (not sections or not last.run_in):
        # Neither the whole speech nor the whole of a part (第三个方面，关于…的希望: 希望大家…)
        # is the closing; a strong closer (同志们，让我们…) may still be taken alone.
        if not sections:
            return None
        strong = [p for p in container[-take:] if _STRONG_CLOSING_RE.match(p.text)]
        take = min(len(strong), len(container) - 1) or (
            1 if len(container) == 1 and strong else 0)
        if take == 0:
            return None
    closing = container[-take:]
    del container[-take:]
    return closing


# --- putting it together -----------------------------------------------------------------


def _relevel(sections: list[Section], level: int = 1) -> None:
    for section in sections:
        section.level = level
        _relevel(section.children, level + 1)


def structure(lines: list[Line], doc: Document) -> None:
    """Fill ``doc`` from clean lines; what it removes joins ``doc.removed``."""
    fm, body = split_front_matter(lines, doc.removed)
    doc.title, doc.subtitle, doc.speaker = fm.title, fm.subtitle, fm.speaker
    doc.date, doc.occasion, doc.salutation = fm.date, fm.occasion, fm.salutation

    unbroken = False
    blocks: list[_Block] = []
    for line in body:
        if not line.heading_level and (
                len(line.text) >= _UNBROKEN_LINE
                or (len(line.text) >= _UNBROKEN_WHOLE_DOCUMENT and len(body) <= 3)
                or (len(line.text) >= 150 and _INLINE_CN_RE.search(line.text))):
            parts = segment_unbroken(line.text)
            unbroken = unbroken or len(parts) > 1
            blocks += [_Block(part, Line(part, line.number)) for part in parts]
        else:
            blocks.append(_Block(line.text, line))
    _mark_headings(blocks)
    preamble, sections = build_tree(blocks)

    if not unbroken:
        leaves = [s for s in _walk(sections) if not s.children]
        for leaf in leaves:
            _promote_leads(leaf, leaf.level + 1)
        if not sections and len(preamble) > 2:
            holder = Section(heading="", level=0)
            holder.paragraphs = preamble
            _promote_leads(holder, 1, need_parallel=True)
            if holder.children:
                preamble, sections = holder.paragraphs, holder.children
    _relevel(sections)
    doc.closing = _take_closing(preamble, sections)
    doc.preamble, doc.sections = preamble, sections
    if unbroken:
        doc.warnings.append("the text had no line breaks; paragraphs were inferred "
                            "from its sentences")


def _walk(sections: list[Section]):
    for section in sections:
        yield from section.walk()
