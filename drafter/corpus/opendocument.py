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
from drafter.corpus.styles import (
    StyleRole,
    attribute_number,
    cell_text,
    lays_out_page,
    paragraph_lines,
    row_line,
    run_in_head,
    style_role,
)
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
                  "application/vnd.oasis.opendocument.text-master",
                  "application/vnd.oasis.opendocument.text-web"}
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
    yield from _Reader(styles).lines(body)


def _require_text_document(package: zipfile.ZipFile, names: set[str], source: str) -> None:
    if "mimetype" not in names:
        return  # (re-zipped without it: content.xml says the rest)
    mimetype = package.read("mimetype")[:200].decode("ascii", "replace").strip()
    if mimetype in TEXT_MIMETYPES or not mimetype.startswith(
            "application/vnd.oasis.opendocument."):
        return
    raise _not_text(source, mimetype.rsplit(".", 1)[-1].split("-")[0])


def _not_text(source: str, kind: str) -> UnreadableFile:
    # (Said from the package's own words, kept short: a mimetype of 200 characters had
    # been echoed whole, fuzz pass 56.)
    kind = _OTHER_KINDS.get(kind, re.sub(r"[^a-z]", "", kind.lower())[:20] or "document")
    return UnreadableFile(source, f"an OpenDocument {kind}, not a text document: save the "
                                  "speech as .odt or .docx")


def _parse(raw: bytes, source: str):
    from lxml import etree

    # No document type, so no entities to expand (billion laughs) or fetch (XXE):
    # LibreOffice never writes one.
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise UnreadableFile(source, ".odt part declares a document type; not read")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    root = etree.fromstring(raw, parser)
    # (Looked for again once parsed: in a part written in UTF-16 the bytes above do not
    # spell it, fuzz pass 55.  Nothing was expanded or fetched meanwhile.)
    if root.getroottree().docinfo.doctype:
        raise UnreadableFile(source, ".odt part declares a document type; not read")
    return root


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
    """An outline level as written (1 to 10), None for what is none."""
    level = attribute_number(value)
    if level is None:
        return None
    return min(level, 9) if level >= 1 else None


def _is_bold(weight: str | None) -> bool | None:
    if weight is None:
        return None
    weight = weight.strip().lower()
    return weight == "bold" or (re.fullmatch(r"[0-9]{3}", weight) is not None
                                and int(weight) >= 600)


class TooMuchText(Exception):
    """A paragraph holds more text than any document is read for (see MAX_PARAGRAPH_CHARS);
    the caller says so in its own words."""


class _Reader:
    """Lines in reading order, walked with a stack of its own: a line is made once and
    handed on once, however deep the tables, lists and boxes around it (nested
    generators, and cell text read again at every level of a table in a table, had made
    the work paragraphs × depth: 200,000 paragraphs in tables 80 deep ran past a minute,
    fuzz pass 55 A1)."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.number = 0

    def lines(self, body) -> Iterator[Line]:
        # What is still to read, the next on top: ("blocks", parent) for the blocks
        # under a parent, ("block", element) for one, ("row", row) for a data table's row.
        stack: list[tuple[str, object]] = [("blocks", body)]
        while stack:
            kind, element = stack.pop()
            if kind == "blocks":
                stack.extend(("block", block) for block in reversed(_blocks(element)))
            elif kind == "row":
                if line := row_line(map(_cell_text, _cells(element)), self.number + 1):
                    self.number += 1
                    yield line
                # A table or box in a cell follows the row that holds it.
                stack.extend(reversed(_within_row(element)))
            elif element.tag in _PARAGRAPHS:
                self.number += 1
                text = _inline_text(element)
                if text.strip():
                    yield from self._lines_of(element, text, self.number)
                stack.extend(("blocks", box) for box in reversed(_own_boxes(element)))
            else:  # a table
                rows = list(_rows(element))
                cells = [cell for row in rows for cell in _cells(row)]
                if _is_layout_table(cells):
                    # A table used to lay out the page: its cells hold ordinary paragraphs.
                    stack.extend(("blocks", cell) for cell in reversed(cells))
                else:
                    stack.extend(("row", row) for row in reversed(rows))

    def _lines_of(self, element, text: str, number: int) -> Iterator[Line]:
        role = self.styles.role(element.get(_TEXT + "style-name"))
        if element.tag == _H and not role.is_title and not role.is_subtitle:
            role = StyleRole(heading_level=_level(element.get(_TEXT + "outline-level")) or 1)
        bold_lead = None
        if role.heading_level is None and not role.is_title:
            bold_lead = run_in_head(self._bold_opening(element), text)
        yield from paragraph_lines(text, number, role, bold_lead)

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


def _blocks(parent) -> list:
    """Paragraphs, headings and tables under ``parent`` in reading order, through lists,
    sections, index bodies and frames; not into a paragraph or a table."""
    found, pending = [], [parent.iterchildren()]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
        elif child.tag in _PARAGRAPHS or child.tag == _TABLE_TABLE:
            found.append(child)
        elif child.tag in _CONTAINERS or child.tag.startswith(_DRAW):
            # (A frame or shape anchored to the page sits among the paragraphs.)
            pending.append(child.iterchildren())
    return found


def _within_row(row) -> list[tuple[str, object]]:
    """What a data table's row is followed by: the tables in its cells and the boxes
    anchored in its cells' paragraphs, in order."""
    after: list[tuple[str, object]] = []
    for cell in _cells(row):
        for block in _blocks(cell):
            if block.tag == _TABLE_TABLE:
                after.append(("block", block))
            else:
                after.extend(("blocks", box) for box in _own_boxes(block))
    return after


# The most text one paragraph is gathered to: the most a whole document is read for.
# Past it the paragraph is refused as it is gathered, not after (990,000 runs of 100
# spaces, text:s c="100", in a 50 KB file had taken 1.33 GB: fuzz pass 55 A3).
MAX_PARAGRAPH_CHARS = 1_000_000


def _inline_text(element) -> str:
    """The text of a paragraph or span as it reads.  Frames and shapes (draw:*) are
    left out: they are read as paragraphs of their own, after this one."""
    parts: list[str] = []
    size = 0

    def add(text: str | None) -> None:
        nonlocal size
        if text:
            parts.append(text)
            size += len(text)
            if size > MAX_PARAGRAPH_CHARS:
                raise TooMuchText

    def gather(node) -> None:  # (as deep as lxml's 256 levels, no deeper)
        add(node.text)
        for child in node.iterchildren():
            tag = child.tag
            if tag == _TEXT + "s":
                add(" " * _count(child.get(_TEXT + "c")))
            elif tag == _TEXT + "tab":
                add(" ")
            elif tag == _TEXT + "line-break":
                add("\n")
            elif tag not in _INLINE_SKIP and not tag.startswith(_DRAW):
                gather(child)
            add(child.tail)

    gather(element)
    return "".join(parts)


def _count(value: str | None) -> int:
    """A run of spaces' length (text:c), kept short whatever it says (² or a number of
    4,300 digits had made the whole file unreadable: fuzz pass 55 A8)."""
    digits = (value or "").strip()
    if not re.fullmatch(r"[0-9]+", digits):
        return 1
    return _MAX_SPACES if len(digits) > 6 else max(1, min(int(digits), _MAX_SPACES))


def _is_box(element) -> bool:
    """A frame's text box, or a shape holding paragraphs of its own."""
    tag = element.tag
    return tag == _DRAW + "text-box" or (tag.startswith(_DRAW) and any(
        child.tag in _PARAGRAPHS or child.tag == _TEXT + "list"
        for child in element.iterchildren()))


def _own_boxes(paragraph) -> list:
    """The boxes anchored in ``paragraph`` itself, in order: a walk that stops at each
    box found (those inside it are read from its own paragraphs), and leaves out notes,
    comments and ruby text as the paragraph's text does (their boxes had been read as
    the speech's: fuzz pass 55 A7).  Each element is walked once: looking up from each
    box to its paragraph had made 900,000 boxes under 250 spans run past a minute (A1)."""
    found, pending = [], [paragraph.iterchildren()]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
        elif _is_box(child):
            found.append(child)
        elif child.tag not in _INLINE_SKIP:
            pending.append(child.iterchildren())
    return found


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
    return cell_text(_inline_text(p) for p in _blocks(cell) if p.tag in _PARAGRAPHS)


def _is_layout_table(cells: list) -> bool:
    return lays_out_page(cells, lambda cell: sum(1 for p in _blocks(cell)
                                                  if p.tag in _PARAGRAPHS), _cell_text)
