"""Files → lines of text, whatever their encoding or format.

Encodings are detected from the bytes, never guessed from the file name: a BOM first,
then strict UTF-8, then charset-normalizer for the legacy encodings (GBK and GB2312 are
decoded as their superset GB18030, Big5 as Big5-HKSCS).  .docx files are read with
python-docx (imported only when one is met), .odt files from their own XML
(drafter.corpus.opendocument); both keep their heading styles and bold run-in heads as
hints for the structure stage.  The other office formats (.doc, .wps, .rtf, .pdf, .html,
.ofd) are read by drafter.corpus.office.  Anything that cannot be read raises
``UnreadableFile`` with a reason a user can act on.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from drafter.corpus.model import Line, RawDocument
from drafter.corpus.office import OFFICE_SUFFIXES
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
from drafter.fileio import open_regular_file, read_from, too_large
from drafter.text.chars import CJK, CJK_PUNCT, is_cjk, normalise_chars, unescape_html

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
# .doc, .wps, .odt, .ott, .rtf, .pdf, .html, .htm and .ofd: see drafter.corpus.office.
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | DOCX_SUFFIXES | OFFICE_SUFFIXES

# Bytes of a file read whole (a .docx, .odt or .ofd package; a .pdf, .doc/.wps or
# .rtf), then parsed or converted: far beyond any speech or speech collection with its
# pictures (some megabytes).  The peak is the file and what is parsed from it, and
# `mine -j 2` has two files in memory at once: a valid 505 MB .docx (the limit was
# 512 MB) had taken parse to 1.05 GB and `mine -j 2` of two of them to 2 GB (fuzz pass 3
# of stop 69, B-M1); a corrupt PDF just under it had taken 1 GB (fuzz re-check, stop 38).
MAX_BYTES = 200 * 1024 * 1024
# Characters of text one document may hold: the longest text of the archive (a
# government work report) has 56,000, a long speech 10,000; 1,000,000 is some 2,000
# pages, and mines in about 25 s and 700 MB.  Past it a file is a dump or a forgery (a
# 1 MB .docx can hold 400,000 paragraphs), and cleaning, classifying and mining it would
# take minutes and gigabytes: it is reported and skipped like any unreadable file.  A
# line break counts as a character: a file of blank lines is no lighter to read.
MAX_TEXT_CHARS = 1_000_000
# Lines (paragraphs, headings) of text one document may hold: the longest text of the
# archive (a government work report) has 864.  Each line read becomes a structure of its
# own, so 450,000 one-character headings (2 MB of Markdown, under MAX_TEXT_CHARS) had
# taken parse past 1 GB and export past a minute (fuzz pass 63); 99,000 took `parse
# --json` to 725 MB.  Mining costs some 4 KB a line: 40,000 one-line heads took a worker
# of `mine -j 2` to 500 MB and, beside the other worker and the main process, the
# command past 1 GB (fuzz pass 3 of stop 69, B-M3).  25,000 is 29 times the longest
# text, and room for a collection of 1,000,000 characters (MAX_TEXT_CHARS) in lines of 40.
MAX_TEXT_LINES = 25_000
# Bytes of a file read as text (.txt, .md), checked before it is read: 8 a character,
# twice what MAX_TEXT_CHARS take in the widest encoding (UTF-32) with their line breaks
# and indentation.  100 MB of 'a\n' had taken 7 GB, split into lines before the
# characters were counted.
MAX_TEXT_BYTES = 8 * 2**20
# A saved web page holds its markup, scripts and styles too (and, saved as one file, its
# pictures): twice as much.
MAX_PAGE_BYTES = 2 * MAX_TEXT_BYTES
_HEAD = 1024  # bytes that say what a file holds
_SPLIT_IT = ("the longest speeches and reports have some 60,000 characters; split it into "
             "smaller files")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def marked_encoding(head: bytes) -> str | None:
    """The codec that reads a stream whose first bytes are ``head`` and consumes its byte
    order mark, when it opens with one (utf-16 for Notepad's "Unicode"); None when not."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding if encoding == "utf-8-sig" else encoding[:-3]
    return None


# Names of the Chinese legacy encodings (charset-normalizer's, a page's meta tag) → the
# codec to decode with: the superset.
CHINESE_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030",
                     "hz": "hz", "big5": "big5hkscs", "big5hkscs": "big5hkscs",
                     "cp950": "big5hkscs", "cp936": "gb18030"}


def read_file(path: str | os.PathLike[str]) -> RawDocument:
    """Read one file into lines; raises UnreadableFile with a reason.  Its first bytes
    say what it holds, and so how large it may be: a file too large for its kind is
    refused by its size on disk, and none is read past its limit."""
    path = Path(path)
    suffix = path.suffix.lower()
    with open_regular_file(path) as handle:
        head = read_from(handle, path, _HEAD)
        kind = _kind(head, suffix)
        _check_size(os.fstat(handle.fileno()).st_size, kind, str(path))
        if kind == "package":
            from drafter.corpus import office

            office.check_package_directory(handle, str(path), suffix or "package")
        # One byte past the limit at most (a file that grows while it is read):
        # read_bytes then refuses it by its size.  Read again from the start in one
        # piece: the head joined to the rest had held the file twice at the peak.
        handle.seek(0)
        data = read_from(handle, path, _MAX_BYTES_OF[kind] + 1)
    return read_bytes(data, source=str(path), suffix=suffix)


def read_bytes(data: bytes, source: str = "<bytes>", suffix: str = ".txt") -> RawDocument:
    """Read file contents; the format comes from the bytes, the suffix only breaks ties."""
    document = _read_bytes(data, source, suffix)
    list(_bounded(document.lines, source))
    return document


def _bounded(lines: Iterable[Line], source: str) -> Iterator[Line]:
    """``lines`` as read, stopping with UnreadableFile once their text passes
    MAX_TEXT_CHARS or they pass MAX_TEXT_LINES (read lazily, a huge .docx is given up
    early)."""
    total = 0
    for count, line in enumerate(lines, 1):
        total += len(line.text) + 1  # its line break
        if total > MAX_TEXT_CHARS:
            raise UnreadableFile(source, f"too long: more than {MAX_TEXT_CHARS:,} characters "
                                         f"of text ({_SPLIT_IT})")
        if count > MAX_TEXT_LINES:
            raise UnreadableFile(source, f"too many lines: more than {MAX_TEXT_LINES:,} "
                                         f"paragraphs and headings ({_SPLIT_IT})")
        yield line


def _kind(data: bytes, suffix: str) -> str:
    """What a file holds by its first bytes (the suffix only breaks ties): "package" (a
    ZIP: .docx, .odt, .ofd), "pdf", "ole" (.doc, .wps, an encrypted .docx), "rtf",
    "html" or "text"."""
    from drafter.corpus import office

    if data.startswith(b"PK\x03\x04"):
        return "package"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if data[:_HEAD].lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if suffix in office.HTML_SUFFIXES or office.looks_like_html(data):
        return "html"
    return "text"


_MAX_BYTES_OF = {"package": MAX_BYTES, "pdf": MAX_BYTES, "ole": MAX_BYTES, "rtf": MAX_BYTES,
                 "html": MAX_PAGE_BYTES, "text": MAX_TEXT_BYTES}


def _check_size(size: int, kind: str, source: str) -> None:
    """Refuse ``size`` bytes of a file of this kind when they are more than its limit."""
    limit = _MAX_BYTES_OF[kind]
    if size <= limit:
        return
    if kind not in ("html", "text"):
        raise too_large(Path(source), size, limit)
    what = "a saved page" if kind == "html" else "text"
    raise UnreadableFile(source, f"too long: {size / 2**20:.0f} MB of {what} (the limit is "
                                 f"{limit / 2**20:.0f} MB, room for {MAX_TEXT_CHARS:,} "
                                 f"characters; {_SPLIT_IT})")


def _read_bytes(data: bytes, source: str, suffix: str) -> RawDocument:
    from drafter.corpus import office

    if not data or data.isspace():
        raise UnreadableFile(source, "empty file" if not data else "contains only whitespace")
    kind = _kind(data, suffix)
    _check_size(len(data), kind, source)
    if kind == "package":
        if _EPUB_MIMETYPE in data[30:80]:
            # An e-book opens on a mimetype entry as OpenDocument does: it had been called
            # a corrupt .odt lacking content.xml (fuzz pass 63, m1).
            raise UnreadableFile(source, "an EPUB e-book, which drafter does not read: "
                                         "save its text as .txt or .docx")
        if _is_opendocument(data):
            return _read_odt(data, source)
        if office.is_ofd(data):
            return RawDocument(source, "ofd", None, office.ofd_lines(data, source))
        return _read_docx(data, source)
    if kind == "pdf":
        return RawDocument(source, "pdf", None, office.pdf_lines(data, source))
    if kind == "ole":
        # An OLE compound file: Word 97-2003 .doc, WPS .wps, or a password-protected
        # .docx (Office encrypts into this container, as a stream of that name).
        if _ENCRYPTED_PACKAGE in data:
            raise UnreadableFile(source, "password-protected Office document: save it "
                                         "without a password first")
        return _read_converted(data, source, "a legacy Word (97-2003) or WPS file")
    if kind == "rtf":
        return _read_converted(data, source, "an RTF file")
    if kind == "html":
        text = office.html_text(data, source)
        return RawDocument(source, "html", office.html_encoding(data),
                           list(_bounded(text_lines(text), source)))
    warnings = []
    try:
        text, encoding, by_line = _decoded_text(data, source)
    except UnreadableFile:
        if suffix in DOCX_SUFFIXES:
            raise UnreadableFile(source, "corrupt .docx (not a ZIP package)") from None
        raise
    if text.lstrip("\ufeff \t\r\n").startswith("<?xml"):
        # Read as text, its markup would be mined as speech: a Flat XML OpenDocument
        # (.fodt) had been, exit 0 (fuzz pass 3 of stop 69, B-m1).
        what = ("a Flat XML OpenDocument file" if "office:document" in text[:4096]
                else "an XML file")
        raise UnreadableFile(source, f"{what}, which drafter does not read: save it as "
                                     ".docx, .odt or .txt")
    if suffix in DOCX_SUFFIXES:
        warnings.append("named .docx but holds plain text; read as text")
    if by_line:
        warnings.append(by_line)
    mixed = _mixed_encoding(data, encoding) or _mixed_with_utf16(text, encoding)
    if mixed:
        warnings.append(mixed)
    replaced = text.count("\ufffd")
    if replaced:
        warnings.append(f"{replaced} undecodable byte sequence(s) replaced with '\ufffd' "
                        f"(decoded as {encoding})")
    if suffix in MARKDOWN_SUFFIXES:
        return RawDocument(source, "md", encoding, _markdown_lines(text, source), warnings)
    return RawDocument(source, "txt", encoding, list(_bounded(text_lines(text), source)),
                       warnings)


# --- text ------------------------------------------------------------------------------


def decode_text(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Bytes → (text, encoding name).  Raises UnreadableFile for binary or undecodable data.

    A few bad bytes (a damaged download, a last character cut in half) do not cost the
    whole file: they become U+FFFD and the caller warns about them."""
    return _decoded_text(data, source)[:2]


def _decoded_text(data: bytes, source: str) -> tuple[str, str, str]:
    """decode_text's (text, encoding), and what to warn of a UTF-8 file whose other
    lines were read in another encoding ('' when none were: see _decode_by_line)."""
    text, encoding = _decode(data, source)
    by_line = ""
    if encoding == _BY_LINE:
        text, by_line = _decode_by_line(data)
        encoding = "utf-8"
    text = text.rstrip("\x1a")  # DOS end-of-file mark in old GBK files
    if _control_ratio(text) > 0.01:
        raise UnreadableFile(source, f"binary file (its {encoding} text is full of "
                                     "control characters)")
    # (The start first: normalised whole, a long text had been held twice more, a copy
    # of four bytes a character for one emoji in it: fuzz pass A of stop 68.)
    if not normalise_chars(text[:4096]).strip() and not normalise_chars(text).strip():
        raise UnreadableFile(source, "contains only whitespace")
    return text, encoding, by_line


def _decode(data: bytes, source: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8-sig":
                rest = data[len(bom):]
                try:
                    return rest.decode("utf-8").lstrip("\ufeff"), encoding
                except UnicodeDecodeError:
                    if _mostly_not_utf8(rest):
                        # A GBK file an editor marked as UTF-8 (it had been read as
                        # mojibake): what follows the mark says what it is.
                        data = rest
                        break
            return data.decode(encoding, errors="replace").lstrip("\ufeff"), encoding
    head = data[:65536]
    if b"\x00" in head:
        guessed = _bomless_utf16(head)
        if guessed:
            return data.decode(guessed, errors="replace"), guessed
        raise UnreadableFile(source, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _best_chinese_decoding(data[:200_000], complete=len(data) <= 200_000)
    if encoding in (None, "utf-8") and _other_lines(data):
        return "", _BY_LINE
    if encoding:
        return data.decode(encoding, errors="replace"), encoding
    return _decode_other(data, source)


# _decode's answer for UTF-8 with lines in another encoding: decoded by _decode_by_line.
_BY_LINE = "utf-8, and by line"
# Bytes outside ASCII of a line read in another encoding before it counts on its own:
# UTF-8 damaged by a download reads as GB18030 too, and "同志们：" with one character
# cut had read as five characters, one of them common.  Eight characters or more tell.
_OTHER_LINE_BYTES = 16
_OTHER_LINES_SAMPLE = 20_000  # lines of a file looked through for one


def _line_in_other_encoding(line: bytes) -> tuple[str, str] | None:
    """A line that is not UTF-8 as (its text, encoding) in the Chinese encoding that reads
    it whole as Chinese prose (GB18030 first, then Big5); None when none does (damage,
    kept for U+FFFD)."""
    if len(line) - len(line.translate(None, _HIGH_BYTES)) < _OTHER_LINE_BYTES:
        return None
    best = None
    for other in _CANDIDATES[1:]:
        if (text := _strictly(line, other)) is None:
            continue
        share = _common_char_share(text)
        if share >= 0.15 and (best is None or share > best[0]):
            best = (share, text, other)
    return best[1:] if best else None


def _strictly(line: bytes, encoding: str) -> str | None:
    """``line`` decoded in ``encoding`` with every byte read and no character for private
    use (which bytes of another encoding read in GB18030 become), or None."""
    try:
        text = line.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _PRIVATE_USE_RE.search(text) else text


_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")


def _other_lines(data: bytes) -> bool:
    """Whether a file that is not all UTF-8 has lines of Chinese in another encoding
    among its UTF-8 ones (a GBK text pasted into a UTF-8 one).  It had been refused whole
    as binary or corrupt, or read with those lines as U+FFFD (fuzz pass B of stop 67,
    m2)."""
    lines = data.split(b"\n")  # \n is never the second byte of a character
    utf8 = other = neither = 0
    step = max(1, len(lines) // _OTHER_LINES_SAMPLE)
    for line in lines[::step]:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            if _line_in_other_encoding(line) is not None:
                other += 1
            else:
                neither += 1
    # (Lines neither reads are damage, a few; many of them are a binary file.)
    return utf8 > 0 and other > 0 and neither <= max(2, (utf8 + other) // 20)


def _decode_by_line(data: bytes) -> tuple[str, str]:
    """A UTF-8 file with lines in another encoding, each such line read in the one that
    reads it as Chinese (the rest of a line that is not UTF-8 becomes U+FFFD), and the
    warning naming them."""
    texts = []
    found: dict[str, list[int]] = {}
    last = ""  # the encoding of the last line read in another one
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            texts.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        other = _line_in_other_encoding(line)
        if other is None and last and (text := _strictly(line, last)) is not None:
            other = (text, last)  # a line too short to tell, in the part it belongs to
        if other is None:
            texts.append(line.decode("utf-8", errors="replace"))
        else:
            texts.append(other[0])
            found.setdefault(other[1], []).append(number)
            last = other[1]
    said = "; ".join(f"lines such as {', '.join(map(str, numbers[:5]))}"
                     f"{' …' if len(numbers) > 5 else ''} in {encoding}"
                     for encoding, numbers in found.items())
    return "\n".join(texts), (f"{TWO_ENCODINGS}: read as utf-8, {said}, each line in the "
                               "encoding that reads it; convert the file to one encoding")


TWO_ENCODINGS = "two encodings"  # how the warning about such a file begins (it is read whole)


def _mostly_not_utf8(rest: bytes) -> bool:
    """Whether bytes after a UTF-8 mark that are not all UTF-8 are mostly not (a few bad
    bytes are a damaged UTF-8 file, replaced and warned of)."""
    text = rest[:200_000].decode("utf-8", errors="replace")
    return text.count("\ufffd") > max(8, len(text) // 100)


# Chinese text comes as UTF-8, GB18030/GBK or Big5; each decoder accepts much of the
# others' bytes.  The right decoding needs (almost) no replacement characters and is
# full of the most frequent characters of Chinese; the wrong ones are not.
_CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
_REPLACEMENT_RUN_RE = re.compile("\ufffd+")


def _best_chinese_decoding(sample: bytes, complete: bool) -> str | None:
    scored = []
    decoded: dict[str, str] = {}
    for order, encoding in enumerate(_CANDIDATES):
        text = sample.decode(encoding, errors="replace")
        if not complete:
            text = text[:-2]  # the sample may end inside a character
        decoded[encoding] = text
        bad = len(_REPLACEMENT_RUN_RE.findall(text))  # one damaged spot = one run
        if bad > max(3, len(text) // 200):
            continue
        scored.append((_common_char_share(text), -bad, -order, encoding))
    if not scored:
        return None
    share, _, _, encoding = max(scored)
    short = len(sample) < 60  # too little text to judge by frequencies: first clean wins
    if share >= 0.08 or short:
        return encoding
    # Too few Chinese characters among the ASCII to judge by frequencies (a CSV of a few
    # short cells among its commas and field names): the first candidate that reads
    # them all as Chinese, with nothing replaced.  GBK had been read as Korean by the
    # general detector, every phrase imported as mojibake (fuzz pass A of stop 64).
    for encoding in _CANDIDATES[1:]:
        wide = [ch for ch in decoded[encoding] if not ch.isascii()]
        if 0 < len(wide) < _FEW_WIDE and _CHINESE_RE.fullmatch("".join(wide)):
            return encoding
    return None


_FEW_WIDE = 200  # characters outside ASCII too few for their frequencies to tell
_CHINESE_RE = re.compile(f"[{CJK}{CJK_PUNCT}]+")
MIXED_ENCODINGS = "mixed encodings"  # how the warning about such a file begins
_HIGH_BYTES = bytes(range(0x80, 0x100))
_MIXED_SAMPLE = 4000  # lines of a file looked at for a part in another encoding


def _mixed_encoding(data: bytes, encoding: str) -> str | None:
    """What to warn about a file pieced together from two Chinese encodings (half GBK,
    half Big5): lines that read as Chinese in another candidate encoding and as
    gibberish in the one the file was decoded with.  GBK read as Big5 or the other way
    round mostly decodes without an error, so only the characters tell."""
    if encoding not in _CANDIDATES[1:]:
        return None  # UTF-8 decoded whole, or UTF-16: one encoding throughout
    others: dict[str, list[int]] = {}
    lines = data.split(b"\n")  # \n is never the second byte of a character
    # A long file is sampled: a part in another encoding runs over many lines.
    step = max(1, len(lines) // _MIXED_SAMPLE)
    for number in range(0, len(lines), step):
        line = lines[number][:600]
        if len(line) - len(line.translate(None, _HIGH_BYTES)) < 16:
            continue  # too little Chinese to tell
        ours = _common_char_share(line.decode(encoding, errors="replace")[:-1])
        if ours >= 0.15:
            continue  # reads as Chinese: no need to try the others
        for other in _CANDIDATES:
            if other == encoding:
                continue
            text = line.decode(other, errors="replace")[:-1]  # it may end inside a character
            if "\ufffd" not in text and _common_char_share(text) >= max(0.15, ours + 0.1):
                others.setdefault(other, []).append(number + 1)
                break
    if not others:
        return None
    other, found = max(others.items(), key=lambda item: len(item[1]))
    such = ", ".join(map(str, found[:5])) + (" …" if len(found) > 5 else "")
    return (f"{MIXED_ENCODINGS}: decoded as {encoding}, but lines such as {such} read as "
            f"{other} and are garbled here; convert the file to one encoding")


def _mixed_with_utf16(text: str, encoding: str) -> str | None:
    """What to warn about a UTF-16 file with a part in another encoding (a UTF-8 file
    appended to one): that part decodes as UTF-16 without an error, as one long line of
    random characters, so again only the characters tell: its code units written back
    are bytes that read as Chinese in the other encoding."""
    if not encoding.startswith("utf-16"):
        return None
    # Pieces of 600 characters, not lines: the part has no line break of its own.  A
    # long file is sampled.
    stride = 600 * max(1, len(text) // 600 // _MIXED_SAMPLE)
    for offset in range(0, len(text), stride):
        piece = text[offset:offset + 600]
        if len(piece) < 16 or _common_char_share(piece) >= 0.15:
            continue
        raw = piece.encode(encoding, errors="surrogatepass")
        for other in _CANDIDATES:
            # (Bytes that made a lone surrogate were lost to U+FFFD, and the piece may
            # start at an odd byte: a few characters are broken.  Common characters
            # tell, in the right encoding only.)
            other_text = raw.decode(other, errors="replace")
            if (other_text.count("\ufffd") <= 2 + len(other_text) // 10
                    and _common_char_share(other_text) >= 0.15):
                # The part holds no line break (no code unit of it is U+000A): it
                # starts on the piece's last line.
                line = text.count("\n", 0, offset + len(piece)) + 1
                return (f"{MIXED_ENCODINGS}: decoded as {encoding}, but from line "
                        f"{line} on the text reads as {other} and is garbled here; "
                        "convert the file to one encoding")
    return None


def _decode_other(data: bytes, source: str) -> tuple[str, str]:
    import charset_normalizer

    # (A sample: it decodes what it is given in every code page it tries, and 95 MB took
    # it 11 s, fuzz pass A of stop 68.  The whole is decoded in what it finds.)
    best = charset_normalizer.from_bytes(data[:_DETECT_SAMPLE]).best()
    if best is None:
        raise UnreadableFile(source, "not text in any known encoding (binary or corrupt)")
    name = best.encoding.lower().replace("_", "")
    encoding = CHINESE_SUPERSETS.get(name, best.encoding)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace"), encoding  # (the caller warns)
    except LookupError:
        return str(best), best.encoding


_DETECT_SAMPLE = 1 << 20  # bytes the general detector is given


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: the byte order whose decoding reads as text, if either does."""
    head = head[: len(head) - len(head) % 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        if printable > 0.95 * len(text) and (
            _common_char_share(text) >= 0.08 or sum(ch.isascii() for ch in text) > 0.9 * len(text)
        ):
            return encoding
    return None


# The most frequent characters of Chinese prose, in both scripts.
_COMMON_CHARS = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "條這個們國會時說來對經發過後動機關開問題應從當實現為與產無點頭長門東車書學黨員幹導組織設區"
)


_COMMON_CHAR_RE = re.compile(f"[{''.join(sorted(_COMMON_CHARS))}]")


def _common_char_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_COMMON_CHAR_RE.findall(text)) / len(text)


_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _control_ratio(text: str) -> float:
    """Share of control characters; a DOS end-of-file mark (\\x1a) does not count, and
    fewer than three never make a file binary."""
    sample = text[:20000].rstrip("\x1a")
    controls = len(_CONTROL_RE.findall(sample))
    return controls / max(1, len(sample)) if controls >= 3 else 0.0


# News sites that flatten an article into one line keep each paragraph's indentation
# (　　 or two spaces) where its line break was: inside a long line, a run of two or
# more spaces between words is a paragraph start.  Short lines keep theirs (a title
# spaced for effect, 凝心聚力  奋发有为).
_FLATTENED_BREAK_RE = re.compile(r"(?<=\S)\s{2,}(?=\S)")  # \s: also U+2003, U+00A0
FLATTENED_LINE = 200


def text_lines(text: str) -> Iterator[Line]:
    """Plain text → lines, keeping whether each was indented (a paragraph start); one at
    a time, so that a reader can stop at a limit."""
    for number, raw in enumerate(split_lines(text), start=1):
        stripped = raw.strip()
        indent = bool(raw) and raw[0] in " \u3000\t" and len(raw) - len(raw.lstrip()) >= 2
        if len(stripped) >= FLATTENED_LINE and _FLATTENED_BREAK_RE.search(stripped):
            first, *rest = _FLATTENED_BREAK_RE.split(stripped)
            yield Line(first, number, indent=indent)
            for part in rest:
                yield Line(part, number, indent=True)
        else:
            yield Line(stripped, number, indent=indent)


# \r\n, \r and the Unicode line/paragraph separators all end a line.
_LINE_BREAK_RE = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def split_lines(text: str) -> Iterator[str]:
    """The lines of ``text``, one at a time (a list of three million had held hundreds
    of megabytes before a limit could see them)."""
    start = 0
    for line_break in _LINE_BREAK_RE.finditer(text):
        yield text[start:line_break.start()]
        start = line_break.end()
    yield text[start:]




# --- Markdown ----------------------------------------------------------------------------

# (The closing #s and spaces are taken off after: matched here, a lazy text before
# them backtracked through a run of spaces, 3,000 of them past a minute: fuzz pass B,
# stop 67.)
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_BULLET_RE = re.compile(r"^\s*[-*+]\s+")
_MD_ORDERED_RE = re.compile(r"^\s*\d+[.)]\s+")
_MD_TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
# Bounded, and stopping at the next bracket: an unclosed [ or ![ (or <a) repeated through a
# line must not make each of them scan the rest of it (quadratic: 20,000 of them took 9 s).
_MD_LINK_RE = re.compile(r"!\[[^\]\[]{0,1000}\]\([^()]{0,2000}\)"
                         r"|\[([^\]\[]{0,1000})\]\([^()]{0,2000}\)")
# Emphasis: **x**, __x__, or *x* not inside a Latin word or number (2*3*4 stays; in
# Chinese, *强调* between characters is emphasis).  A single star's text holds no
# star, which keeps the pattern linear: with (.+?) every unclosed star scanned to the
# end of the line, and a line of 30,000 of them took a minute.
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1"
                             r"|(?<![*A-Za-z0-9_])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*A-Za-z0-9_])")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]{0,1000}>")
_MD_FOOTNOTE_REF_RE = re.compile(r"\[\^[^\]\[]{1,200}\]")
_MD_FOOTNOTE_DEF_RE = re.compile(r"^\[\^[^\]]+\]:")
_MD_BOLD_LEAD_RE = re.compile(r"^(?:\*\*|__)(.+?[。！？：:])(?:\*\*|__)\s*(?=\S)")


def _markdown_lines(text: str, source: str) -> list[Line]:
    """Markdown blocks become lines: a heading, or a paragraph with its soft wraps joined."""
    lines = list(_bounded(_markdown_blocks(text), source))
    # A document whose only level-1 heading comes first uses it as its title.
    level_ones = [ln for ln in lines if ln.heading_level == 1]
    if len(level_ones) == 1 and lines and lines[0] is level_ones[0]:
        lines[0].is_title = True
        lines[0].heading_level = None
    return lines


def _markdown_blocks(text: str) -> Iterator[Line]:
    raw_lines = list(split_lines(text))
    start = 0
    if raw_lines and raw_lines[0].strip() == "---":  # YAML front matter
        for i in range(1, len(raw_lines)):
            if raw_lines[i].strip() in ("---", "..."):
                start = i + 1
                break
    buffer: list[str] = []
    buffer_start = 0
    in_fence = False

    def flush() -> Iterator[Line]:
        if buffer:
            joined = _join_soft_wraps(buffer)
            yield _markdown_inline(joined, buffer_start)
            buffer.clear()

    for number in range(start, len(raw_lines)):
        raw = raw_lines[number]
        stripped = raw.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            yield from flush()
            in_fence = not in_fence
            continue
        if in_fence:
            yield Line(stripped, number + 1)
            continue
        if re.fullmatch(r"=+|-+", stripped) and len(buffer) == 1:
            # Setext heading: the line above, underlined.
            level = 1 if stripped[0] == "=" else 2
            yield Line(_strip_inline(buffer[0]), buffer_start, heading_level=level)
            buffer.clear()
            continue
        if not stripped or re.fullmatch(r"[-*_]{3,}", stripped):
            yield from flush()
            continue
        if _MD_FOOTNOTE_DEF_RE.match(stripped):
            yield from flush()
            continue  # a footnote's text is not part of the speech
        heading = _MD_HEADING_RE.match(stripped)
        if heading:
            yield from flush()
            level = len(heading.group(1))
            text = heading.group(2).rstrip().rstrip("#").rstrip()
            yield Line(_strip_inline(text), number + 1, heading_level=level)
            continue
        stripped = re.sub(r"^>\s?", "", stripped)
        if stripped.startswith("|") and stripped.endswith("|"):
            yield from flush()
            if not _MD_TABLE_RULE_RE.match(stripped):
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                row = "\u3000".join(_strip_inline(c) for c in cells if c)
                if row:
                    yield Line(row, number + 1, in_table=True)
            continue
        if _MD_BULLET_RE.match(stripped):
            yield from flush()
            stripped = _MD_BULLET_RE.sub("", stripped)
        elif _MD_ORDERED_RE.match(stripped):
            yield from flush()  # kept: "1. 坚定政治信仰。…" is a numbered heading
        if not buffer:
            buffer_start = number + 1
        buffer.append(stripped)
    yield from flush()


def _join_soft_wraps(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        # CommonMark joins wrapped lines with a space; Chinese wants none.
        if out and part and (is_cjk(out[-1]) or is_cjk(part[0])):
            out += part
        else:
            out += " " + part
    return out


def _markdown_inline(text: str, number: int) -> Line:
    lead = _MD_BOLD_LEAD_RE.match(text)
    bold_lead = _strip_inline(lead.group(1)) if lead else None
    return Line(_strip_inline(text), number, bold_lead=bold_lead)


def _strip_inline(text: str) -> str:
    text = unescape_html(_HTML_TAG_RE.sub("", text))
    text = _MD_FOOTNOTE_REF_RE.sub("", text)
    text = _MD_LINK_RE.sub(lambda m: m.group(1) or "", text)
    text = _MD_EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return text.replace("`", "").strip()


# --- .docx -------------------------------------------------------------------------------

_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # an OLE directory entry


def _read_converted(data: bytes, source: str, kind: str) -> RawDocument:
    """A file LibreOffice converts to .docx first.  It 'converts' a damaged file as the
    bytes it sees: text that is mostly control characters or symbols is not a speech."""
    from drafter.corpus import office

    document = None
    if (kept := office.cached_docx(data)) is not None:
        # A conversion kept in the cache that cannot be read (damaged since, or never
        # LibreOffice's) is made again, not kept as the file's verdict for good (fuzz
        # pass 49 n3).
        with contextlib.suppress(UnreadableFile):
            document = _read_docx(kept, source)
    if document is None:
        try:
            document = _read_docx(office.convert_to_docx(data, source, kind), source)
        except UnreadableFile as exc:
            if exc.path != source or not exc.reason.startswith("corrupt .docx"):
                raise
            # (Said as LibreOffice's, not as a .docx the writer never gave.)
            raise UnreadableFile(source, f"LibreOffice's conversion of it ({kind}) could "
                                         f"not be read: {exc.reason}") from None
    text = "".join(line.text for line in document.lines)
    words = sum(ch.isalnum() for ch in text)  # letters, digits and ideographs
    if (not text.strip() or _control_ratio(text) > 0.05 or words < 0.3 * len(text)
            or _random_ideographs(text)):
        raise UnreadableFile(source, f"LibreOffice could not read it ({kind}: "
                                     "password-protected or damaged?)")
    return document


_IDEOGRAPH_RE = re.compile(r"[\u4e00-\u9fff]")
_LEAST_COMMON_SHARE = 0.15  # of a text's ideographs; the archive's lowest is 0.35


def _random_ideographs(text: str) -> bool:
    """Whether a text's Chinese is characters at random: an Office container of damaged
    bytes 'converts' to a page of them (fuzz pass: read as a speech, exit 0).  In prose
    the commonest characters (_COMMON_CHARS) are 35-61% of them (of a whole speech; a
    sentence of 40 has them at 20% and more); at random, 1%."""
    ideographs = "".join(_IDEOGRAPH_RE.findall(text))
    # (From 40 ideographs: a damaged file of a few hundred bytes gives a short page.)
    return (len(ideographs) >= 40
            and _common_char_share(ideographs) < _LEAST_COMMON_SHARE)


def _read_docx(data: bytes, source: str) -> RawDocument:
    try:
        import docx  # python-docx, imported only when a .docx is read
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise UnreadableFile(source, "python-docx is not installed") from None
    from drafter.corpus import office

    office.check_package(data, source, ".docx")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_bounded(_docx_lines(document), source))
    except UnreadableFile:
        raise
    except Exception as exc:  # zipfile, lxml, KeyError, …: anything in a damaged package
        raise UnreadableFile(source, f"corrupt {_package_kind(data, source)}: "
                                     f"{_damage(exc, data)}") from None
    return RawDocument(source, "docx", None, lines)


_EPUB_MIMETYPE = b"mimetypeapplication/epub+zip"  # its first entry, stored


def _is_opendocument(data: bytes) -> bool:
    """Whether a ZIP package is OpenDocument.  One opens on its mimetype entry (stored,
    it says opendocument right after; re-zipped, it is deflated, and the name is
    enough); one re-zipped without it still has content.xml and none of Word's parts."""
    from drafter.corpus import office

    if data[30:38] == b"mimetype":
        return True
    names = office.package_names(data)
    return "content.xml" in names and "[Content_Types].xml" not in names


def _read_odt(data: bytes, source: str) -> RawDocument:
    from drafter.corpus import office, opendocument

    office.check_package(data, source, "OpenDocument")
    try:
        lines = list(_bounded(opendocument.odt_lines(data, source), source))
    except UnreadableFile:
        raise
    except opendocument.TooMuchText:
        raise UnreadableFile(source, f"too long: more than {MAX_TEXT_CHARS:,} characters "
                                     f"of text ({_SPLIT_IT})") from None
    except RecursionError:
        raise UnreadableFile(source, "corrupt .odt: its parts are nested deeper than any "
                                     "document") from None
    except Exception as exc:  # zipfile, lxml, …: anything in a damaged package
        raise UnreadableFile(source, f"corrupt .odt: {_damage(exc, data, 'LibreOffice')}"
                             ) from None
    return RawDocument(source, "odt", None, lines)


def _package_kind(data: bytes, source: str) -> str:
    """What a damaged ZIP package was meant to be: an .odt or .ofd read as a .docx had
    been called a corrupt .docx (fuzz pass, stop 37)."""
    suffix = os.path.splitext(source)[1].lower()
    if suffix in (".odt", ".ofd", ".wps"):
        return suffix
    if b"opendocument" in data[:200]:
        return ".odt"
    return ".docx"


def _truncated(data: bytes) -> bool:
    """Whether a ZIP package ends before its central directory (a download cut short)."""
    return b"PK\x05\x06" not in data[-65_557:]


def _damage(exc: BaseException, data: bytes = b"", writer: str = "Word") -> str:
    """What is wrong with a damaged package, in a user's words (python-docx's own, such
    as "'lxml.etree._Element' object has no attribute 'overrides'", mean nothing to
    one)."""
    if data and _truncated(data):
        # (Its directory's end further back: bytes added after it, not a file cut short,
        # fuzz pass 3 of stop 69, B-m8.)
        end = data.rfind(b"PK\x05\x06")
        if end >= 0:
            return (f"{len(data) - end - 22:,} bytes follow the end of its ZIP directory "
                    "(something was appended to it); save it again")
        return "the file is cut short (incomplete: its ZIP directory is missing)"
    missing = re.search(r"no item named '([^']+)'", str(exc))
    if isinstance(exc, KeyError) and missing:
        return f"a part it needs is missing ({missing.group(1)})"
    if type(exc).__name__ == "XMLSyntaxError":
        # lxml's own limits, met only by files built to exhaust a reader.
        if "Excessive depth" in str(exc):
            return "its XML is nested deeper than any document (over 256 levels)"
        if ("Text node too long" in str(exc) or "huge text node" in str(exc)
                or "Buffer size limit exceeded" in str(exc)):  # (an attribute: fuzz pass 56)
            # (White space between paragraphs too: "a run of text" had been said of 60 MB
            # of it, fuzz pass B of stop 67, m6.)
            return "it holds over 10 MB of text or white space in one place"
        if re.search(r"amplification|entity reference loop|[Ee]ntities? .*too", str(exc)):
            # (Entities expanding into more entities, a "billion laughs": well-formed,
            # built to exhaust a reader; it had been called malformed.)
            # (Attribute defaults declared for every element are refused alike: they had
            # been said to be entities, fuzz pass 4 of stop 69, B-m1.)
            return ("its XML declares entities or attribute defaults that expand into far "
                    "more text than it holds (built to exhaust a reader)")
        if re.search(r"\b(?:Comment|PI \S+) too big found", str(exc)):
            # (Well-formed, only too big: it had been called malformed, fuzz pass 66 m-B.)
            return "it holds an XML comment or processing instruction over 10 MB"
        line = getattr(exc, "lineno", None)
        return f"its XML is malformed{f' (line {line})' if line else ''}"
    return f"its parts are not laid out as {writer} writes them (open it in {writer} or " \
        "WPS and save it again)"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees whose text is not part of the paragraph as read: deleted revisions, field
# codes, the VML copy of a drawing, and text boxes (read as paragraphs of their own).
_SKIP_TAGS = {_W + "del", _W + "moveFrom", _W + "instrText", _W + "delInstrText",
              _W + "txbxContent", _MC_FALLBACK}


def _docx_lines(document) -> Iterator[Line]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    counter = [0]
    styles = _StyleTable(document)

    def blocks(parent):
        # Body paragraphs and tables in order, looking inside content controls (w:sdt).
        for child in parent.iterchildren():
            if child.tag in (_W + "p", _W + "tbl"):
                yield child
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                yield from blocks(child)

    def paragraph_lines(element) -> Iterator[Line]:
        counter[0] += 1
        yield from _docx_paragraph_lines(Paragraph(element, document), counter[0], styles)
        yield from box_lines(element)

    def box_lines(element) -> Iterator[Line]:
        """The text boxes anchored in a paragraph, after it: their paragraphs and tables
        (a table in a box had been left out: fuzz pass 53)."""
        for box in _own_text_boxes(element):
            for inner in blocks(box):
                yield from (paragraph_lines(inner) if inner.tag == _W + "p"
                            else table_lines(inner))

    def table_lines(element) -> Iterator[Line]:
        table = Table(element, document)
        if _is_layout_table(table):
            # A table used to lay out the page: its cells hold ordinary paragraphs.
            for tc in _unique_cells(table.rows):
                for inner in blocks(tc):
                    yield from (paragraph_lines(inner) if inner.tag == _W + "p"
                                else table_lines(inner))
            return
        for row in table.rows:
            cells = _unique_cells([row])
            if line := row_line(map(_cell_text, cells), counter[0] + 1):
                counter[0] += 1
                yield line
            for tc in cells:  # a table nested in a cell follows the row that holds it
                for inner in tc.iterchildren(_W + "tbl"):
                    yield from table_lines(inner)
                for inner in tc.iterchildren(_W + "p"):  # …and so does a text box in it
                    yield from box_lines(inner)

    for element in blocks(document.element.body):
        yield from (paragraph_lines(element) if element.tag == _W + "p"
                    else table_lines(element))


def _own_text_boxes(paragraph) -> Iterator:
    """The text boxes anchored in ``paragraph`` itself, not those nested in one of them
    (read as their own paragraph's): every box below had been read from every box above
    it, 2^(k-1) times at depth k, and 24 nested boxes in 11 KB ran past a minute (fuzz
    pass 52)."""
    box_tag = _W + "txbxContent"
    for box in paragraph.iter(box_tag):
        ancestor = box.getparent()
        while ancestor is not None and ancestor is not paragraph and ancestor.tag not in (
                box_tag, _MC_FALLBACK):
            ancestor = ancestor.getparent()
        # (Word writes each box twice, as DrawingML and in an mc:Fallback as VML: the
        # copy is left, or each sentence in a box had been read twice: fuzz pass 53.)
        if ancestor is paragraph:
            yield box


class _StyleTable:
    """What each paragraph and character style of a document says (its name; whether it
    is bold), read from its styles part once.  python-docx searches that part on every
    ask: a quarter of a second per thousand paragraphs, and 20,000 paragraphs of as many
    styles ran past a minute (fuzz pass 52)."""

    def __init__(self, document) -> None:
        from docx.styles import BabelFish

        self.names: dict[str, str] = {}
        self.bold: dict[str, bool] = {}
        self.default_name = ""
        try:
            element = document.styles.element
        except (KeyError, ValueError, AttributeError):  # (no styles part: Word's defaults)
            return
        for style in element.iterchildren(_W + "style"):
            style_id = style.get(_W + "styleId")
            kind = style.get(_W + "type") or "paragraph"
            if style_id is None:
                continue
            if kind == "paragraph":
                name = style.find(_W + "name")
                ui_name = BabelFish.internal2ui(
                    (name.get(_W + "val") if name is not None else "") or "").strip()
                self.names.setdefault(style_id, ui_name)
                if style.get(_W + "default") in ("1", "true", "on"):
                    self.default_name = ui_name
            elif kind == "character":
                self.bold.setdefault(style_id, _bold_in(style.find(_W + "rPr")))

    def paragraph_name(self, style_id: str | None) -> str:
        """A paragraph style's name; the default style's for none or an unknown id."""
        if style_id is None:
            return self.default_name
        return self.names.get(style_id, self.default_name)


def _bold_in(run_properties) -> bool:
    """Whether run properties (w:rPr) set bold: <w:b/>, unless its value is off."""
    if run_properties is None:
        return False
    bold = run_properties.find(_W + "b")
    return bold is not None and bold.get(_W + "val") not in ("0", "false", "off")


def _unique_cells(rows) -> list:
    """The <w:tc> elements of some rows in order, each once: a cell merged across
    columns is one element, and a cell merged down from the one above is left out (it
    holds nothing of its own).  Read from the row's elements, not python-docx's
    ``row.cells``, which repeats a cell once per column it spans: a gridSpan of
    2147483647 had taken 1.8 GB, 3,000 rows of 9999 over a minute (fuzz pass 51)."""
    return [tc for row in rows for tc in row._tr.tc_lst if tc.vMerge != "continue"]


def _is_layout_table(table) -> bool:
    return lays_out_page(_unique_cells(table.rows), lambda tc: len(list(tc.iter(_W + "p"))),
                         _cell_text)


def _cell_text(tc) -> str:
    return cell_text(map(_paragraph_text, tc.iterchildren(_W + "p")))


def _paragraph_text(element) -> str:
    """The text of a <w:p> as it reads: runs, tracked insertions, hyperlinks, inline
    content controls and smart tags included; deletions, field codes and text boxes
    left out (python-docx's Paragraph.text sees only some of these)."""
    parts: list[str] = []

    def walk(node) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_TAGS:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag == _W + "tab":
                parts.append(" ")
            elif tag in (_W + "br", _W + "cr"):
                parts.append("\n")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _docx_paragraph_lines(paragraph, number: int, styles: _StyleTable) -> Iterator[Line]:
    text = _paragraph_text(paragraph._p)
    if not text.strip():
        return
    role = style_role(styles.paragraph_name(paragraph._p.style))
    if role == StyleRole():  # body text by its style: its outline level may say otherwise
        role = StyleRole(heading_level=_outline_level(paragraph))
    bold_lead = (_bold_lead(paragraph, styles, text)
                 if role.heading_level is None and not role.is_title else None)
    # (Soft line breaks, w:br, split one paragraph into lines.)
    yield from paragraph_lines(text, number, role, bold_lead)


def _outline_level(paragraph) -> int | None:
    ppr = paragraph._p.pPr
    if ppr is None:
        return None
    for child in ppr.iterchildren():
        if child.tag.endswith("}outlineLvl"):
            value = child.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
            level = attribute_number(value)
            if level is not None and level < 9:
                return level + 1
    return None


def _bold_lead(paragraph, styles: _StyleTable, text: str) -> str | None:
    """The bold text a paragraph (whose ``text`` is read already) opens with, when it
    reads as a run-in head.  Runs are read by the same walk as paragraphs: python-docx's
    Run.text and Paragraph.text search with XPath, two thirds of reading a long file."""
    lead = []
    for run in paragraph.runs:
        run_text = _paragraph_text(run._r)
        if not run_text:
            continue
        if run.bold or styles.bold.get(run._r.style or "", False):
            lead.append(run_text)
        else:
            break
    return run_in_head("".join(lead), text)
