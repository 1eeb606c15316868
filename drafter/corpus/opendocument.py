"""OpenDocument text (.odt, .ott) read from its own XML, as the .docx reader reads Word's.

An .odt is a ZIP package whose ``content.xml`` holds the text in reading order.  It was
first handed to LibreOffice to convert to .docx, which needs LibreOffice installed, a
second or more per file, and could be kept busy past a minute by a 22 KB file of 10,000
text frames (fuzz pass 54 N3); read here it takes milliseconds, bounded by the package
checks every package gets before it is parsed (drafter.corpus.office.check_package).

What is read, in order: headings (text:h, their outline level), paragraphs (text:p),
lists, sections, the bodies of tables of contents and indexes, tables (one line a row, a
table laid out as a page read as its paragraphs), and text boxes and shapes (draw:*)
after the paragraph that anchors them.  Left out, as in the .docx reader: tracked
deletions, notes (footnotes and endnotes), comments, and ruby annotations.  Paragraph
styles give titles, subtitles and heading levels (drafter.corpus.styles); bold spans at
the start of a paragraph give its run-in head.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from drafter.corpus.model import Line
from drafter.corpus.styles import StyleRole, run_in_head, style_role
from drafter.errors import UnreadableFile

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"

_P, _H, _SPAN = _TEXT + "p", _TEXT + "h", _TEXT + "span"
_TABLE_TABLE = _TABLE + "table"
_PARAGRAPHS = (_P, _H)
# Elements whose children are blocks of the body (paragraphs, headings, tables) read
# in order.  An index (table of contents …) is read from its body, not from the
# template of entries it is made from (its *-source child, not listed here).
_CONTAINERS = {_TEXT + name for name in (
    "list", "list-item", "list-header", "numbered-paragraph", "section", "index-body",
    "index-title", "table-of-content", "illustration-index", "table-index",
    "object-index", "user-index", "alphabetical-index", "bibliography")}
# Inline elements whose text is not the paragraph's: notes, comments, the reading
# given over a ruby base, and tracked changes (their deleted text is kept apart).
_INLINE_SKIP = {_TEXT + "note", _OFFICE + "annotation", _TEXT + "ruby-text",
                _TEXT + "tracked-changes"}
_TABLE_ROW_GROUPS = {_TABLE + name for name in (
    "table-header-rows", "table-rows", "table-row-group")}
# Elements that hold no text of their own and do not end a run-in head.
_MARKS = {_TEXT + name for name in (
    "bookmark", "bookmark-start", "bookmark-end", "reference-mark", "reference-mark-start",
    "reference-mark-end", "soft-page-break", "change", "change-start", "change-end",
    "alphabetical-index-mark", "toc-mark")}
_MAX_SPACES = 100  # text:s c="…": a run of spaces, kept short whatever it says
_MAX_STYLE_CHAIN = 20  # parents followed from a style (a loop of parents ends there)

TEXT_MIMETYPES = {"application/vnd.oasis.opendocument.text",
                  "application/vnd.oasis.opendocument.text-template",
                  "application/vnd.oasis.opendocument.text-master"}
_OTHER_KINDS = {"spreadsheet": "spreadsheet", "presentation": "presentation",
                "graphics": "drawing", "chart": "chart", "formula": "formula",
                "database": "database", "image": "image"}


def odt_lines(data: bytes, source: str) -> Iterator[Line]:
    """The lines of an OpenDocument text package, read lazily (a reader that stops
    after enough text does not parse the rest of the work).  Raises UnreadableFile for
    a package that is not a text document or has no content; lxml's and zipfile's own
    errors for damaged parts (the caller says what they mean)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        _require_text_document(package, names, source)
        if "content.xml" not in names:
            raise UnreadableFile(source, "corrupt .odt: a part it needs is missing "
                                         "(content.xml)")
        content = _parse(package.read("content.xml"), source)
        styles = _Styles()
        if "styles.xml" in names:
            styles.read(_parse(package.read("styles.xml"), source))
        styles.read(content)
    body = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        other = content.find(f"{_OFFICE}body/*")
        if other is not None and other.tag.startswith(_OFFICE):
            raise _not_text(source, other.tag[len(_OFFICE):])
        raise UnreadableFile(source, "corrupt .odt: its content holds no text body")
    yield from _Reader(styles).blocks_lines(body)


def _require_text_document(package: zipfile.ZipFile, names: set[str], source: str) -> None:
    if "mimetype" not in names:
        return  # (re-zipped without it: content.xml says the rest)
    mimetype = package.read("mimetype")[:200].decode("ascii", "replace").strip()
    if mimetype in TEXT_MIMETYPES or not mimetype.startswith(
            "application/vnd.oasis.opendocument."):
        return
    raise _not_text(source, mimetype.rsplit(".", 1)[-1].split("-")[0])


def _not_text(source: str, kind: str) -> UnreadableFile:
    return UnreadableFile(source, f"an OpenDocument {_OTHER_KINDS.get(kind, kind)}, not a "
                                  "text document: save the speech as .odt or .docx")


def _parse(raw: bytes, source: str):
    from lxml import etree

    # No document type, so no entities to expand (billion laughs) or fetch (XXE):
    # LibreOffice never writes one.
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise UnreadableFile(source, ".odt part declares a document type; not read")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    return etree.fromstring(raw, parser)


class _Styles:
    """The paragraph and text styles of a document, named and automatic: what each
    makes of a paragraph (title, subtitle, heading level) and whether it sets bold,
    following parent styles."""

    def __init__(self) -> None:
        # (family, name) → (parent name, role by its own name, outline level, bold)
        self._styles: dict[tuple[str, str], tuple[str | None, StyleRole, int | None,
                                                  bool | None]] = {}

    def read(self, root) -> None:
        for element in root.iter(_STYLE + "style"):
            family = element.get(_STYLE + "family") or ""
            name = element.get(_STYLE + "name")
            if family not in ("paragraph", "text") or not name:
                continue
            shown = element.get(_STYLE + "display-name") or _decoded_name(name)
            level = _level(element.get(_STYLE + "default-outline-level"))
            properties = element.find(_STYLE + "text-properties")
            bold = _is_bold(properties.get(_FO + "font-weight")) if properties is not None \
                else None
            self._styles[(family, name)] = (element.get(_STYLE + "parent-style-name"),
                                            style_role(shown), level, bold)

    def _chain(self, family: str, name: str | None):
        seen = 0
        while name is not None and seen < _MAX_STYLE_CHAIN:
            style = self._styles.get((family, name))
            if style is None:
                return
            yield style
            name = style[0]
            seen += 1

    def role(self, name: str | None) -> StyleRole:
        """A paragraph style's role: the nearest style in its chain with one, by name
        or by outline level (an automatic style P1 takes its parent Heading 1's)."""
        for _parent, role, level, _bold in self._chain("paragraph", name):
            if role != StyleRole():
                return role
            if level is not None:
                return StyleRole(heading_level=level)
        return StyleRole()

    def bold(self, family: str, name: str | None) -> bool:
        for _parent, _role, _level, bold in self._chain(family, name):
            if bold is not None:
                return bold
        return False


_ENCODED_RE = re.compile(r"_([0-9A-Fa-f]{2})_")


def _decoded_name(name: str) -> str:
    """A style name as written in the file (Heading_20_1) as a person reads it."""
    return _ENCODED_RE.sub(lambda m: chr(int(m.group(1), 16)), name)


def _level(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    level = int(value)
    return min(level, 9) if level >= 1 else None


def _is_bold(weight: str | None) -> bool | None:
    if weight is None:
        return None
    weight = weight.strip().lower()
    return weight == "bold" or (weight.isdigit() and int(weight) >= 600)


class _Reader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.number = 0

    def blocks(self, parent) -> Iterator:
        """Paragraphs, headings and tables under ``parent`` in reading order."""
        for child in parent.iterchildren():
            tag = child.tag
            if tag in _PARAGRAPHS or tag == _TABLE_TABLE:
                yield child
            elif tag in _CONTAINERS or (isinstance(tag, str) and tag.startswith(_DRAW)):
                # (A frame or shape anchored to the page sits among the paragraphs.)
                yield from self.blocks(child)

    def blocks_lines(self, parent) -> Iterator[Line]:
        for block in self.blocks(parent):
            yield from (self.paragraph_lines(block) if block.tag in _PARAGRAPHS
                        else self.table_lines(block))

    def paragraph_lines(self, element) -> Iterator[Line]:
        self.number += 1
        text = _inline_text(element)
        if text.strip():
            yield from self._lines_of(element, text, self.number)
        for box in _own_boxes(element):
            yield from self.blocks_lines(box)

    def _lines_of(self, element, text: str, number: int) -> Iterator[Line]:
        role = self.styles.role(element.get(_TEXT + "style-name"))
        heading_level = role.heading_level
        if element.tag == _H and not role.is_title and not role.is_subtitle:
            heading_level = _level(element.get(_TEXT + "outline-level")) or 1
        bold_lead = None
        if heading_level is None and not role.is_title:
            bold_lead = run_in_head(self._bold_opening(element), text)
        first = True
        for part in text.split("\n"):  # line breaks inside one paragraph
            if part.strip():
                yield Line(part.strip(), number,
                           heading_level=heading_level if first else None,
                           is_title=role.is_title and first,
                           bold_lead=bold_lead if first else None,
                           is_subtitle=role.is_subtitle and first)
                first = False

    def _bold_opening(self, element) -> str:
        """The text of the bold spans a paragraph opens with (none when it opens with
        plain text)."""
        if (element.text or "").strip():
            return ""
        lead = []
        for child in element.iterchildren():
            if child.tag == _SPAN and self.styles.bold("text", child.get(_TEXT + "style-name")):
                lead.append(_inline_text(child))
            elif child.tag == _TEXT + "s":
                lead.append(" ")
            elif child.tag not in _MARKS:
                break
            if (child.tail or "").strip():
                break
        return "".join(lead)

    def table_lines(self, table) -> Iterator[Line]:
        rows = list(_rows(table))
        cells = [cell for row in rows for cell in _cells(row)]
        if _is_layout_table(cells):
            # A table used to lay out the page: its cells hold ordinary paragraphs.
            for cell in cells:
                yield from self.blocks_lines(cell)
            return
        for row in rows:
            row_cells = list(_cells(row))
            texts = [text for cell in row_cells if (text := _cell_text(cell))]
            if texts:
                self.number += 1
                yield Line("\u3000".join(texts), self.number, in_table=True)
            for cell in row_cells:  # a table or box in a cell follows the row that holds it
                for block in self.blocks(cell):
                    if block.tag == _TABLE_TABLE:
                        yield from self.table_lines(block)
                    else:
                        for box in _own_boxes(block):
                            yield from self.blocks_lines(box)


def _inline_text(element) -> str:
    """The text of a paragraph or span as it reads.  Frames and shapes (draw:*) are
    left out: they are read as paragraphs of their own, after this one."""
    parts = [element.text or ""]
    for child in element.iterchildren():
        tag = child.tag
        if tag == _TEXT + "s":
            count = child.get(_TEXT + "c") or "1"
            parts.append(" " * min(int(count) if count.isdigit() else 1, _MAX_SPACES))
        elif tag == _TEXT + "tab":
            parts.append(" ")
        elif tag == _TEXT + "line-break":
            parts.append("\n")
        elif tag not in _INLINE_SKIP and not tag.startswith(_DRAW):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _is_box(element) -> bool:
    """A frame's text box, or a shape holding paragraphs of its own."""
    tag = element.tag
    return tag == _DRAW + "text-box" or (tag.startswith(_DRAW) and any(
        child.tag in _PARAGRAPHS or child.tag == _TEXT + "list"
        for child in element.iterchildren()))


def _own_boxes(paragraph) -> Iterator:
    """The boxes anchored in ``paragraph`` itself, not those inside one of them (read
    from their own paragraph: each nested box is read once, not once per box above it)."""
    for element in paragraph.iterdescendants():
        if not _is_box(element):
            continue
        ancestor = element.getparent()
        while ancestor is not paragraph and not _is_box(ancestor):
            ancestor = ancestor.getparent()
        if ancestor is paragraph:
            yield element


def _rows(table) -> Iterator:
    for child in table.iterchildren():
        if child.tag == _TABLE + "table-row":
            yield child
        elif child.tag in _TABLE_ROW_GROUPS:
            yield from _rows(child)


def _cells(row) -> Iterator:
    # Covered cells (under a merge) hold nothing of their own; a repeated cell is read
    # once (table:number-columns-repeated can say two billion).
    return row.iterchildren(_TABLE + "table-cell")


def _cell_text(cell) -> str:
    return " ".join(text for p in cell.iter(*_PARAGRAPHS)
                    if _in_cell(p, cell)
                    and (text := _inline_text(p).replace("\n", " ").strip()))


def _in_cell(paragraph, cell) -> bool:
    """Whether a paragraph belongs to this cell, not to a table or box nested in it."""
    ancestor = paragraph.getparent()
    while ancestor is not cell:
        if ancestor.tag == _TABLE_TABLE or _is_box(ancestor):
            return False
        ancestor = ancestor.getparent()
    return True


def _is_layout_table(cells: list) -> bool:
    """One or two cells holding whole paragraphs of text: page layout, not data."""
    return len(cells) <= 2 and any(
        sum(1 for p in cell.iter(*_PARAGRAPHS) if _in_cell(p, cell)) >= 3
        or len(_cell_text(cell)) > 200 for cell in cells)
