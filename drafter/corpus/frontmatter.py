"""Speech front matter: title, subtitle, speaker, date, occasion and salutation.

The title is the line styled as one, else the last line before the body named like a
speech (…的讲话, 在…上的…), else the last line above the first sentence that is not a
date, subtitle or speaker line; it may run over two lines, or be glued to the first
sentence of a text with no line breaks.  Short lines above it are page furniture and
are removed with a reason; lines under it that are not front matter start the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.corpus.headings import match_marker
from drafter.corpus.model import Document, Line, Removed
from drafter.corpus.patterns import BYLINE_RE, GENRE_TITLE_RE, POSTS, SALUTATION_RE
from drafter.text.chars import CJK, TERMINAL
from drafter.text.dates import DATE_PATTERN

# A single line this long with no title above it may start with a glued title.
_GLUED_TITLE_MIN = 300

_DATE = DATE_PATTERN
_DATE_RE = re.compile(_DATE)
# （2023年12月26日）, （2023年12月26日，上午）, （2023年10月18日，北京）
_DATE_LINE_RE = re.compile(f"^[（(]?\\s*({_DATE})(?:[，,、\\s][^（）()]{{1,10}})?\\s*[）)]?$")
_SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--|－)\s*(.+)$")
# Author lines of signed articles: 文/王建国, 作者：王建国, 刘晓燕（市委党校…）.
_AUTHOR_LINE_RE = re.compile(
    f"^(?:文\\s*[/／]|作者\\s*[:：]|撰稿\\s*[:：]|执笔\\s*[:：])\\s*\\S"
    f"|^[{CJK}]{{2,4}}\\s*[（(][^（）()]{{2,40}}[）)]$")
# A bare name (王明, 欧阳修) or one spaced for alignment (王 明); XX for a placeholder.
_NAME_ONLY_RE = re.compile(f"^[{CJK}]{{2,3}}$|^[{CJK}X×]{{1,2}}\\s+[{CJK}X×]{{1,2}}$|^X{{2,3}}$")
_OCCASION_RE = re.compile(
    r"^(?:(?P<who>[^在，。：]{2,24}?)\s*)?在(?P<occasion>.{2,60}?)上的(?:总结|主题|专题|动员|开班|开幕|闭幕)?"
    r"(?:讲话|发言|致辞|报告|党课|讲稿|主持词|辅导报告|演讲|主旨演讲|书面演讲|贺词|祝酒辞)")
_GENRE_GLUED_RE = re.compile(
    r"^([^，。、；：,;:！？!?“”]{6,60}(?:研讨材料|发言材料|交流材料|心得体会|讲话稿|党课讲稿|"
    r"讲话|发言|致辞|报告|党课|材料))(?!精神|的|中|上|和|与|稿)"
    r"(?:[^，。、；：,;:！？!?]{4,}|(?=同志们|各位|尊敬的|女士们))")
# A first title line cannot end with these; a second cannot start with these.
_TITLE_ENDS_OPEN = set("的和与及为在对把以将从向于、，：:“《（—")
_TITLE_STARTS_CLOSED = set("、，：:”》）的和与及")


@dataclass
class _Progress:
    """What the front-matter pass has learnt besides the Document's own fields."""

    speaker_from_line: bool = False  # a speaker line was claimed (a byline gave only a post)
    closing_date: str | None = None  # a date line after the speech (落款), used as a fallback


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


def _claim(line: Line, kind: str, doc: Document, progress: _Progress) -> bool:
    """Record a date/subtitle/speaker line; False when that field is already taken."""
    text = line.text
    if kind == "date" and doc.date is None:
        doc.date = _plain_date(_DATE_LINE_RE.match(text).group(1))
    elif kind == "subtitle" and doc.subtitle is None:
        doc.subtitle = _SUBTITLE_RE.match(text).group(1).strip()
    elif kind in ("speaker", "affiliation") and progress.speaker_from_line and (
            kind == "affiliation" or _AUTHOR_LINE_RE.match(text)):
        doc.speaker = f"{doc.speaker} {_compact_name(text)}"  # 刘晓燕 / （市委党校…）
    elif kind == "speaker" and not progress.speaker_from_line:
        name = _compact_name(text)
        # A byline gave the post ((作者为…)); the line under the title gives the name.
        doc.speaker = f"{doc.speaker} {name}" if doc.speaker and doc.speaker not in name else name
        progress.speaker_from_line = True
    else:
        return False
    return True


def split_front_matter(lines: list[Line], doc: Document) -> list[Line]:
    """Title, subtitle, speaker and date from the lines before the speech proper.

    The title is the line styled as one, else the last line before the body that is
    named like a speech (…的讲话, …致辞, 在…上的…), else the last line above the body
    that is not a date, subtitle or speaker line.  Short lines above the title are
    page furniture; the lines below it that are not front matter start the body.
    """
    removed = doc.removed
    progress = _Progress()
    lines = _take_bylines(lines, doc, progress)
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
                _claim(line, _front_matter_kind(line.text), doc, progress)
            head = head[first_sentence:]
    body_from = 0
    if title_index is not None and _is_main_title_above(head, title_index):
        # 凝心聚力谋发展 / 在中共某市委全会上的报告: the line above is the title and
        # the 在…上的报告 line its subtitle, dash or no dash.
        doc.subtitle = head[title_index].text
        title_index -= 1
    if title_index is not None:
        first = _title_start(head, title_index)
        doc.title = "".join(line.text for line in head[first:title_index + 1])
        for line in head[:first]:
            reason = ("duplicate of the title" if same_text(line.text, doc.title)
                      else "page header (above the title)")
            removed.append(Removed(reason, line.text, line.number))
        body_from = title_index + 1
        while body_from < len(head):
            line = head[body_from]
            if doc.title and line.text.translate(_SQUASH) in doc.title.translate(_SQUASH):
                # A news page's title names the speech again (习近平：在…上的讲话).
                removed.append(Removed("duplicate of the title", line.text, line.number))
                body_from += 1
                continue
            if (doc.subtitle is None and _title_like(line) and not line.is_subtitle
                    and not _front_matter_kind(line.text) and body_from + 1 < len(head)
                    and _SUBTITLE_RE.match(head[body_from + 1].text)):
                # A page title, then the speech's own title with its ——subtitle.
                removed.append(Removed("page title (the speech's own title follows)",
                                       doc.title, head[title_index].number))
                doc.title = line.text
                body_from += 1
                continue
            if head[body_from].is_subtitle and doc.subtitle is None:
                doc.subtitle = _SUBTITLE_RE.sub(r"\1", head[body_from].text).strip()
                body_from += 1
                continue
            kind = _front_matter_kind(head[body_from].text)
            if not kind or not _claim(head[body_from], kind, doc, progress):
                break
            body_from += 1
    body = head[body_from:] + lines[start:]
    if doc.title:
        # Page captions and running headers repeat the title; the speech does not.
        for line in body:
            if same_text(line.text, doc.title):
                removed.append(Removed("duplicate of the title", line.text, line.number))
        body = [line for line in body if not same_text(line.text, doc.title)]
    # Page captions often repeat the title just above the speech itself.
    if body and doc.title and same_text(body[0].text, doc.title):
        removed.append(Removed("duplicate of the title", body[0].text, body[0].number))
        body = body[1:]

    if doc.title is None and body and len(body[0].text) >= _GLUED_TITLE_MIN:
        glued = _GENRE_GLUED_RE.match(body[0].text)
        if glued:
            doc.title = glued.group(1)
            body = [Line(body[0].text[len(glued.group(1)):], body[0].number), *body[1:]]

    if body:
        salutation = SALUTATION_RE.match(body[0].text)
        if salutation:
            doc.salutation = salutation.group()
            rest = body[0].text[salutation.end():].strip()
            body = ([Line(rest, body[0].number)] if rest else []) + body[1:]

    if doc.title:
        occasion = _OCCASION_RE.match(doc.title) or (
            _OCCASION_RE.match(doc.subtitle) if doc.subtitle else None)
        if occasion:
            doc.occasion = occasion.group("occasion")
            who = occasion.group("who")
            if who and doc.speaker is None and _is_speaker_line(who):
                doc.speaker = who.strip()
    if doc.date is None:
        doc.date = progress.closing_date
    if doc.subtitle and doc.date is None:
        date = _DATE_RE.search(doc.subtitle)
        if date:
            doc.date = _plain_date(date.group())
            doc.subtitle = _without(doc.subtitle, date.group()).strip() or None
    return body


def _without(text: str, date: str) -> str:
    """``text`` without each ``date`` in it, the spaces and bracket around it too.  With
    string operations: a pattern of optional spaces and bracket before the date, tried
    at every place of a run of spaces the date does not follow, had kept parse of a 6 KB
    file past a minute (fuzz pass B, stop 67)."""
    while (at := text.find(date)) >= 0:
        before = text[:at].rstrip()
        if before.endswith(("（", "(")):
            before = before[:-1].rstrip()
        after = text[at + len(date):].lstrip()
        if after.startswith(("）", ")")):
            after = after[1:]
        text = before + after
    return text


_SITE_NAME_RE = re.compile(r"(?:网|网站|频道|平台|公众号|APP|客户端|之声|在线|发布)$",
                           re.IGNORECASE)


def _is_main_title_above(head: list[Line], index: int) -> bool:
    """Whether the 在…上的讲话 line at ``index`` is a subtitle under a main title."""
    if index == 0 or not head[index].text.startswith("在") or head[index].is_title:
        return False
    prev, cur = head[index - 1], head[index]
    return (cur.number - prev.number <= 1 and _title_like(prev) and 6 <= len(prev.text) <= 40
            and not _SITE_NAME_RE.search(prev.text) and not _front_matter_kind(prev.text)
            and prev.text[-1] not in _TITLE_ENDS_OPEN and not same_text(prev.text, cur.text))


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
    if same_text(prev.text, cur.text):
        return index  # a page caption repeating the title: not a second half
    if (prev.text[-1] in _TITLE_ENDS_OPEN or cur.text[0] in _TITLE_STARTS_CLOSED
            or (_OCCASION_RE.match(joined) and not _OCCASION_RE.match(cur.text))):
        return index - 1
    return index


def _take_bylines(lines: list[Line], doc: Document, progress: _Progress) -> list[Line]:
    removed = doc.removed
    out = []
    for line in lines:
        byline = BYLINE_RE.match(line.text)
        if byline:
            if doc.speaker is None:
                doc.speaker = byline.group(1).strip() or None
            removed.append(Removed("byline (taken as the speaker)", line.text, line.number))
        else:
            out.append(line)
    # A lone date after the last paragraph dates the speech (落款) unless a date under
    # the title does.
    if out and len(out) > 1 and (date := _DATE_LINE_RE.match(out[-1].text)):
        progress.closing_date = _plain_date(date.group(1))
        removed.append(Removed("date line (taken as the date)", out[-1].text, out[-1].number))
        out = out[:-1]
    return out


def _plain_date(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _compact_name(text: str) -> str:
    text = re.sub(r"^(?:文\s*[/／]|作者\s*[:：]|撰稿\s*[:：]|执笔\s*[:：])\s*", "", text)
    return re.sub(r"[\s\u3000]+", " ", text).strip()


_SQUASH = str.maketrans("", "", " \t\u3000，,：:、")


def same_text(a: str, b: str) -> bool:
    """Equal but for spaces and the punctuation a caption may drop."""
    return abs(len(a) - len(b)) <= 8 and a.translate(_SQUASH) == b.translate(_SQUASH)
