"""A draft as a DOCX laid out per GB/T 9704-2012 (the numbers and why are below).

A4; margins 37/35/28/26 mm (top/bottom/left/right), so the type area is 156 × 225 mm;
body 3号 (16 pt) 仿宋 at an exact line pitch of 579 twips, which is 22 lines a page, and
-0.25 pt character spacing, which is 28 characters a line; first lines indented two
characters; title 2号小标宋 centred; speaker and date 3号楷体 centred; heads in 黑体
(一、), 楷体 (（一）) or 仿宋 (1. （1）) by their numbering style, run-in heads set inside
their paragraph; page numbers "— N —" in 4号宋体, odd pages right and even pages left.

Every style names its fonts explicitly (ascii, hAnsi, eastAsia and cs, no theme fonts),
so Word, WPS and LibreOffice all use the fonts the settings name.  Headings use Word's
built-in heading styles, which carry outline levels for the navigation pane; their
numbers are plain text, never list numbering.
"""

from __future__ import annotations

import io
import os
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import quoteattr

from drafter.draft.model import Draft, Node
from drafter.export.text import Block, blocks, provenance_note
from drafter.settings import Settings, load_settings

# -- the numbers ----------------------------------------------------------------------

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 23  # page number's line: its top about 7 mm below the type area
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
PAGE_NUMBER_PT = 14  # 四号
LINE_TWIPS = 579  # exact line pitch: 225 mm / 22 lines, rounded down to fit 22
CHAR_SPACING = -5  # twentieths of a point: -0.25 pt, so 28 characters fill 156 mm
INDENT_TWIPS = 2 * BODY_PT * 20  # two characters
TITLE_CHARS = 20  # characters of 2号 that fit the type area's width

# Numbering style → font role (GB/T 9704: 一、 黑体, （一） 楷体, 1. and （1） 仿宋).
_STYLE_FONT = {"一、": "heading1", "第一个方面，": "heading1", "（一）": "heading2"}
_INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_xml_text(text: str) -> str:
    """Text Word can store: control characters and lone surrogates removed."""
    return _INVALID_XML_RE.sub("", text)


def export_docx(draft: Draft, path: str | os.PathLike[str] | None = None, *,
                provenance: bool = False, settings: Settings | None = None,
                overwrite: bool = True) -> bytes:
    """Lay ``draft`` out as a DOCX; write it atomically to ``path`` when given.

    Returns the DOCX bytes.  With ``provenance`` every reused phrase gets a Word comment
    naming its source."""
    data = _Builder(draft, settings or load_settings(), provenance).build()
    if path is not None:
        from drafter.fileio import atomic_write

        atomic_write(Path(path), data, overwrite=overwrite, through_link=True)
    return data


class _Builder:
    def __init__(self, draft: Draft, settings: Settings, provenance: bool):
        import docx

        self.draft = draft
        self.fonts = settings.fonts
        self.bold_run_in = settings.layout.bold_run_in_heads
        self.provenance = provenance
        self.doc = docx.Document()
        self._style_ids: dict[str, str] = {}  # our name for a style → its styleId
        self._section_properties = None  # the body's w:sectPr, found once
        self._comments_added = 0  # provenance comments so far: the next one's id

    def build(self) -> bytes:
        self._properties()
        self._page()
        self._styles()
        self._footers()
        body = self.doc.element.body
        for p in list(body.iterchildren()):
            if p.tag.endswith("}p"):
                body.remove(p)  # the template's empty first paragraph
        front = True
        for block in blocks(self.draft):
            if front and block.role not in ("title", "subtitle", "byline", "date"):
                self._paragraph("", "DrafterFront")  # a blank line under the title block
                front = False
            self._block(block)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _properties(self) -> None:
        """File properties of this speech, not of python-docx's sample document."""
        import datetime

        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
        props = self.doc.core_properties
        props.title = clean_xml_text(self.draft.title)[:255]
        speaker = self.draft.fields.get("speaker", "")
        # (Cleaned as the title is: a control character in a hand-edited draft's speaker
        # had ended the export in a traceback: fuzz pass.)
        props.author = ("" if not speaker or speaker.startswith("〔")
                        else clean_xml_text(speaker)[:255])
        props.last_modified_by = ""
        props.comments = ""
        props.subject = clean_xml_text(self.draft.fields.get("topic", ""))[:255]
        props.keywords = ""
        props.category = ""
        props.created = props.modified = now
        props.revision = 1
        package = self.doc.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:  # the template's stock preview picture
                package.rels.pop(rel_id)
            elif rel.reltype == RT.EXTENDED_PROPERTIES:  # "Microsoft Macintosh Word"
                rel.target_part._blob = (
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/extended-properties"><Application>drafter</Application>'
                    b"</Properties>")

    # -- page and footers -------------------------------------------------------------

    def _page(self) -> None:
        from docx.shared import Mm

        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.header_distance = Mm(15)
        section.footer_distance = Mm(FOOTER_MM)
        section.gutter = Mm(0)
        for grid in section._sectPr.findall(_w("docGrid")):
            section._sectPr.remove(grid)  # a line grid would override the exact pitch

    def _footers(self) -> None:
        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        indent = PAGE_NUMBER_PT * 20  # one character in from the edge of the type area
        self._page_number(section.footer, "right", f'w:right="{indent}" w:left="0"')
        self._page_number(section.even_page_footer, "left", f'w:left="{indent}" w:right="0"')

    def _page_number(self, footer, align: str, indent: str) -> None:
        from docx.oxml import parse_xml

        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]._p
        for child in list(p):
            p.remove(child)
        p.append(parse_xml(
            f'<w:pPr {_NS}><w:spacing w:before="0" w:after="0" w:line="{PAGE_NUMBER_PT * 20}"'
            f' w:lineRule="exact"/><w:ind {indent} w:firstLine="0" w:firstLineChars="0"/>'
            f'<w:jc w:val="{align}"/></w:pPr>'))
        rpr = _rpr(self.fonts.page_number, PAGE_NUMBER_PT, spacing=0)
        for xml in ('<w:t xml:space="preserve">— </w:t>', '<w:fldChar w:fldCharType="begin"/>',
                    '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                    '<w:fldChar w:fldCharType="separate"/>', "<w:t>1</w:t>",
                    '<w:fldChar w:fldCharType="end"/>', '<w:t xml:space="preserve"> —</w:t>'):
            p.append(parse_xml(f"<w:r {_NS}>{rpr}{xml}</w:r>"))

    # -- styles -----------------------------------------------------------------------

    def _styles(self) -> None:
        from docx.oxml import parse_xml

        from drafter.draft import numbering

        element = self.doc.styles.element
        # Document defaults: the body font instead of theme fonts.
        defaults = element.find(_w("docDefaults"))
        if defaults is not None:
            element.remove(defaults)
        element.insert(0, parse_xml(
            f"<w:docDefaults {_NS}><w:rPrDefault>{_rpr(self.fonts.body, BODY_PT)}"
            f"</w:rPrDefault><w:pPrDefault>{_ppr()}</w:pPrDefault></w:docDefaults>"))
        f = self.fonts
        self._style("Normal", f.body, BODY_PT, indent=True)
        self._style("DrafterTitle", f.title, TITLE_PT, align="center", new=True,
                    name="公文标题")
        self._style("DrafterSubtitle", f.kai, BODY_PT, align="center", new=True,
                    name="公文副标题")
        self._style("DrafterFront", f.kai, BODY_PT, align="center", new=True,
                    name="公文署名")
        self._style("DrafterSalutation", f.body, BODY_PT, new=True, name="公文称呼")
        # Any style left from python-docx's template (Title, Quote, Heading 5 …) loses its
        # theme fonts, so whatever a writer applies later falls back to the named fonts.
        for fonts in element.iter(_w("rFonts")):
            for attr in [a for a in fonts.attrib if a.lower().endswith("theme")]:
                del fonts.attrib[attr]
        for level in range(1, 5):
            marker_style = numbering.style_for_level(self.draft.markers, level).key
            font = getattr(f, _STYLE_FONT.get(marker_style, "body"))
            self._style(f"Heading {level}", font, BODY_PT, indent=True, outline=level - 1,
                        keep_next=True)

    def _style(self, style_id: str, font: str, size: int, *, align: str = "both",
               indent: bool = False, outline: int | None = None, keep_next: bool = False,
               new: bool = False, name: str = "") -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import parse_xml

        styles = self.doc.styles
        if new:
            style = styles.add_style(name or style_id, WD_STYLE_TYPE.PARAGRAPH)
            style.element.set(_w("styleId"), style_id)
            style.base_style = styles["Normal"]
            style.quick_style = True
        else:
            style = styles[style_id]
        el = style.element
        for tag in ("pPr", "rPr"):
            for old in el.findall(_w(tag)):
                el.remove(old)
        el.append(parse_xml(_ppr(align=align, indent=indent, outline=outline,
                                 keep_next=keep_next)))
        el.append(parse_xml(_rpr(font, size)))
        self._style_ids[style_id] = style.style_id

    # -- content ----------------------------------------------------------------------

    def _block(self, block: Block) -> None:
        role = block.role
        if role == "title":
            p = self._paragraph("", "DrafterTitle")
            for i, line in enumerate(title_lines(block.text)):
                run = p.add_run(clean_xml_text(line))
                if i:
                    run._r.addprevious(_line_break())
        elif role == "subtitle":
            self._paragraph(block.text, "DrafterSubtitle")
        elif role in ("byline", "date"):
            self._paragraph(block.text, "DrafterFront")
        elif role == "salutation":
            self._paragraph(block.text, "DrafterSalutation")
        elif role == "heading":
            p = self._paragraph(block.text, f"Heading {min(block.level, 4)}")
            self._comment(p, block)
        elif block.head:
            p = self._paragraph("", "Normal")
            head = p.add_run(clean_xml_text(block.head))
            self._head_format(head, block.node)
            rest = block.text[len(block.head):]
            if rest:
                p.add_run(clean_xml_text(rest))
            self._comment(p, block)
        else:
            p = self._paragraph(block.text, "Normal")
            self._comment(p, block)

    def _paragraph(self, text: str, style_id: str):
        # Set the style id directly: python-docx's add_paragraph(style=…) scans every
        # style in the document for each paragraph, most of an export's time.  And put
        # the paragraph before the section properties ourselves: add_paragraph looks
        # for them among every paragraph already there, which made a long draft's
        # export quadratic (20,000 paragraphs took 30 s).
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        element = OxmlElement("w:p")
        body = self.doc.element.body
        if self._section_properties is None:
            self._section_properties = body.find(_w("sectPr"))
        if self._section_properties is not None:
            self._section_properties.addprevious(element)
        else:
            body.append(element)
        p = Paragraph(element, self.doc._body)
        p._p.style = self._style_ids[style_id]
        if text:
            p.add_run(clean_xml_text(text))
        return p

    def _head_format(self, run, node: Node | None) -> None:
        """A run-in head: the font of its numbering style, bold when that is the body
        font (else it would not stand out)."""
        from docx.oxml import parse_xml

        from drafter.draft import numbering

        level = node.level if node else 2
        marker_style = numbering.style_for_level(self.draft.markers, level).key
        role = _STYLE_FONT.get(marker_style, "body")
        bold = role == "body" and self.bold_run_in
        old = run._r.find(_w("rPr"))
        if old is not None:
            run._r.remove(old)
        run._r.insert(0, parse_xml(_rpr(getattr(self.fonts, role), BODY_PT, bold=bold)))

    def _comment(self, paragraph, block: Block) -> None:
        if not self.provenance or not paragraph.runs:
            return
        note = provenance_note(block, "；")
        if not note:
            return
        text = clean_xml_text("来源：" + note)
        comments = getattr(self.doc.comments, "_comments_elm", None)
        if comments is None:  # (a python-docx that keeps its comments elsewhere)
            self.doc.add_comment(paragraph.runs, text=text, author="drafter", initials="DR")
            return
        # python-docx gives a new comment the id one past the largest it finds by reading
        # every comment's: a draft of 4,000 reused phrases had taken export --provenance
        # 56 s (fuzz pass 3 of stop 69, B-M2).  The ids here are ours, counted.
        comment_id = self._comments_added
        self._comments_added += 1
        comments.append(_comment_element(comment_id, text))
        paragraph.runs[0].mark_comment_range(paragraph.runs[-1], comment_id)


# Words a title line must not be broken inside, besides the phrasebank's dictionary.
_TITLE_WORDS = ("习近平", "总书记", "新时代", "中国特色社会主义", "重要讲话", "重要思想",
                "重要论述", "重要指示", "精神", "党的建设", "全面从严治党", "高质量发展",
                "工作会议", "座谈会", "推进会", "现场会", "专题党课", "研讨", "发言", "讲话",
                "全会", "中全会", "二十大", "二十届", "基层治理", "组织工作", "干部队伍",
                "作风建设", "主题教育", "党组织", "共产党", "马克思主义", "治理体系",
                "治理能力", "现代化", "深入学习", "学习贯彻", "贯彻落实", "组织部门",
                "自身建设", "党员干部", "领导干部", "基层党组织", "全会精神", "讲话精神",
                "指示精神", "会议精神")
_NUMERAL = "〇一二三四五六七八九十百千0123456789"


def title_lines(title: str, width: int = TITLE_CHARS) -> list[str]:
    """A long title broken into lines that fit, upper lines no longer than lower ones
    (a trapezoid), never inside a word the dictionary knows (总书记, 四中全会) or a
    number, preferring a break at punctuation or after 的/上/和/与."""
    title = title.strip()
    if len(title) <= width:
        return [title]
    protected = _protected_cuts(title)
    count = -(-len(title) // width)
    lines, rest, offset = [], title, 0
    while count > 1:
        target = len(rest) // count  # upper lines at most the average: a trapezoid
        low = max(1, len(rest) - width * (count - 1))
        best, best_cost = max(low, min(target, width)), None
        for cut in range(low, min(target + 2, width) + 1):
            # Upper lines no longer than the average (a trapezoid), or a little longer
            # when that keeps a phrase whole.
            cost = abs(target - cut) + (2 if cut > target else 0)
            if offset + cut in protected:
                cost += 50
            if rest[cut - 1] in "，、：；":
                cost -= 6
            elif rest[cut - 1] in "的上和与" or rest[cut:cut + 2] in ("关于", "推动", "推进"):
                cost -= 3
            if best_cost is None or cost < best_cost:
                best, best_cost = cut, cost
        lines.append(rest[:best])
        rest, offset = rest[best:], offset + best
        count -= 1
    lines.append(rest)
    return lines


def _protected_cuts(title: str) -> set[int]:
    """Positions (a cut before title[i]) that would split a word or a number."""
    cuts = {i for i in range(1, len(title))
            if title[i - 1] in _NUMERAL and title[i] in _NUMERAL}
    for word in (*_TITLE_WORDS, *_dictionary_words()):
        start = title.find(word)
        while start != -1:
            cuts.update(range(start + 1, start + len(word)))
            start = title.find(word, start + 1)
    return cuts


@lru_cache(maxsize=1)
def _dictionary_words() -> tuple[str, ...]:
    """Approved words of the bundled phrasebank's domain dictionary (选人用人, 两个维护 …)."""
    from drafter import config
    from drafter.bank.words import DICTIONARY_FILE, read_dictionary_file

    entries = read_dictionary_file(config.bundled_dir("phrasebank") / DICTIONARY_FILE)
    return tuple(word for word, (status, _) in entries.items()
                 if status == "approved" and len(word) >= 2)


# -- XML helpers ----------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = f'xmlns:w="{_W}"'


def _comment_element(comment_id: int, text: str):
    """A w:comment as Word writes one (and python-docx's add_comment): author drafter,
    its paragraph opening with the annotation mark, then ``text``."""
    import datetime as dt

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    element = parse_xml(
        f'<w:comment {nsdecls("w")} w:id="{comment_id}" w:author="drafter" w:initials="DR"'
        f' w:date="{when}"><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
        '<w:r><w:t xml:space="preserve"></w:t></w:r></w:p></w:comment>')
    element.findall(".//" + _w("t"))[-1].text = text
    return element


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _rpr(font: str, size_pt: float, *, bold: bool = False, spacing: int = CHAR_SPACING) -> str:
    """Run properties in schema order, every font slot named (no theme fonts), with the
    East Asian hint so quotes and dashes use the Chinese font too."""
    name = quoteattr(font)
    half_points = round(size_pt * 2)
    weight = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    return (f"<w:rPr {_NS}><w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name}"
            f' w:cs={name} w:hint="eastAsia"/>{weight}<w:i w:val="0"/><w:iCs w:val="0"/>'
            f'<w:color w:val="000000"/><w:spacing w:val="{spacing}"/><w:kern w:val="0"/>'
            f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')


def _ppr(*, align: str = "both", indent: bool = False, outline: int | None = None,
         keep_next: bool = False) -> str:
    """Paragraph properties in schema order: exact line pitch, no spacing before or
    after, a first-line indent only where asked (so none leaks into titles).  Widow
    control is off (it would leave pages a line short of 22) and punctuation may not
    hang past the right edge of the type area."""
    first = (f'w:firstLine="{INDENT_TWIPS}" w:firstLineChars="200"' if indent
             else 'w:firstLine="0" w:firstLineChars="0"')
    return (f"<w:pPr {_NS}>{'<w:keepNext/>' if keep_next else ''}"
            f'<w:widowControl w:val="0"/><w:overflowPunct w:val="0"/>'
            f'<w:spacing w:before="0" w:beforeLines="0" w:after="0" w:afterLines="0"'
            f' w:line="{LINE_TWIPS}" w:lineRule="exact"/>'
            f'<w:ind w:left="0" w:right="0" {first}/><w:jc w:val="{align}"/>'
            + (f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else "")
            + "</w:pPr>")


def _line_break():
    from docx.oxml import parse_xml

    return parse_xml(f"<w:r {_NS}><w:br/></w:r>")
