"""Office formats beyond .docx: what offices keep speeches as.

- .doc, .wps and .rtf are converted to .docx by LibreOffice headless (``soffice``)
  when it is installed, then read as a .docx.  A conversion is cached by the file's
  SHA-256 in the user cache directory, so mining the same files again does not convert
  again, and one that hangs is stopped after ``CONVERT_TIMEOUT`` seconds.
- .pdf with a text layer is read with pdfplumber (MIT; PyMuPDF is AGPL and stays out of
  the package), which orders characters by their place on the page; lines the page
  layout broke are joined again; a scanned PDF, with no text layer, is reported as such.
- .html/.htm saved pages: the encoding from the BOM or the meta tag, the text of the
  page without scripts, styles and the page's navigation blocks, one block a line; the
  cleaning stage then drops the site furniture as it does for any web capture.
- .ofd (the Chinese fixed-layout format, a ZIP of XML): the text objects of each page in
  reading order, top to bottom and left to right.

Each reader returns lines of text (drafter.corpus.model.Line) or raises UnreadableFile
with a reason a user can act on.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import hashlib
import io
import math
import os
import re
import shutil
import signal
import stat as stat_module
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

try:
    import resource as _resource  # POSIX only: elsewhere the conversion runs uncapped
except ImportError:  # pragma: no cover - Windows
    _resource = None

from drafter import termination
from drafter.corpus.model import Line
from drafter.errors import UnreadableFile
from drafter.fileio import shown
from drafter.text.chars import unescape_html

CONVERT_TIMEOUT = 120  # seconds LibreOffice may take for one file
# Memory (heap and private mappings, RLIMIT_DATA) LibreOffice may take for one file.  A
# 2 MB RTF of a million nested groups had driven it to 2.3 GB (fuzz re-check, stop 38);
# under this cap it fails at 0.86 GB, while a 12.8 MB .doc of 40,000 paragraphs converts
# at 230 MB and LibreOffice starts in under 300 MB.  (Not RLIMIT_AS: address space only
# reserved, for thread stacks and malloc arenas, grows with the machine's cores.)
CONVERT_MEMORY = 768 * 1024 * 1024
# What drafter's processes together may hold while a child runs: its cap is lowered to
# what is left beside them.  Two mining workers (250-290 MB each, the segmenter and the
# classifier) and the main process, with a PDF reader at 768 MB beside them, had summed to
# 1.35 GB (fuzz pass B of stop 68).  Never below CHILD_MEMORY_FLOOR, which LibreOffice
# needs to start (under 300 MB) and the PDF reader to read a speech.
COMMAND_MEMORY = 940 * 1024 * 1024
CHILD_MEMORY_FLOOR = 320 * 1024 * 1024
# Suffixes LibreOffice converts for us.
CONVERTED_SUFFIXES = {".doc", ".wps", ".rtf"}
# OpenDocument text, read from its XML by drafter.corpus.opendocument.
OPENDOCUMENT_SUFFIXES = {".odt", ".ott"}
PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm"}
OFD_SUFFIXES = {".ofd"}
OFFICE_SUFFIXES = (CONVERTED_SUFFIXES | OPENDOCUMENT_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES
                   | OFD_SUFFIXES)
_MAX_XML = 64 * 1024 * 1024  # bytes of XML one OFD page may unpack to


# --- LibreOffice ------------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# What a child runs before the program (LibreOffice, the PDF reader): the memory cap,
# inherited by every process it starts; and, on Linux, death with drafter: SIGKILL,
# which no handler sees, had left the PDF reader running at 700 MB and LibreOffice's
# launcher converting (fuzz pass 48 N3).  A small Python of its own does it and then
# becomes the program, rather than code run between fork and exec: a child forked from
# a mining worker of 400 MB shows the worker's 400 MB until it execs, and a tree's
# summed memory, sampled then, had counted them twice (fuzz pass 3 of stop 69, B-M3);
# without such code the child is started by vfork, sharing nothing it could be seen
# holding.  Arguments: the cap in bytes, drafter's process id, the program and its own.
_CHILD_START = """\
import ctypes, os, resource, signal, sys
cap, parent = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
if sys.platform.startswith("linux"):
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # drafter died before it could be told
        os._exit(1)
os.execvp(sys.argv[3], sys.argv[3:])
"""


def _started_capped(command: list[str], cap: int) -> list[str]:
    """``command`` run through _CHILD_START (as it is where there is no cap to set)."""
    if _resource is None:
        return command
    return [sys.executable, "-I", "-S", "-c", _CHILD_START, str(cap), str(os.getpid()),
            *command]


def _run_capped(command: list[str], timeout: int, stdin_data: bytes | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``command`` run with its output captured, bounded in time (TimeoutExpired) and,
    where the platform can, in memory (CONVERT_MEMORY); ``env``: its environment."""
    # A session of its own, killed whole when the time is up: soffice is a script that
    # starts oosplash, which starts soffice.bin, and killing the first had left the last
    # converting, orphaned, at 100% CPU (fuzz pass 46 M2).
    if termination.ending():  # (a mining worker whose run is being stopped)
        raise InterruptedError("drafter is ending")
    # A child may take CONVERT_MEMORY: among the workers of a mine -j N, one at a time,
    # as a large parse is (two PDF readers at once had taken the command's processes to
    # 1.45 GB, fuzz pass B of stop 67).  Given back as soon as it has exited.
    taken = not _LARGE_PARSE.held
    _LARGE_PARSE.take()
    try:
        return _run_child(command, timeout, stdin_data, env, child_memory_cap())
    finally:
        if taken:
            _LARGE_PARSE.give_back()


def child_memory_cap() -> int:
    """The memory a child may take now: CONVERT_MEMORY; in a worker of a ``mine -j N``,
    less what the pool's processes (its main process and every worker) already hold past
    what COMMAND_MEMORY leaves it, never below CHILD_MEMORY_FLOOR.  (One process with its
    child stays within the bound: 262 MB and 730 MB at most, fuzz pass B of stop 68.)"""
    if _LARGE_PARSE.lock is None:
        return CONVERT_MEMORY
    held = _tree_resident(os.getppid())
    return max(min(CHILD_MEMORY_FLOOR, CONVERT_MEMORY),
               min(CONVERT_MEMORY, COMMAND_MEMORY - held))


def _tree_resident(root: int) -> int:
    """Bytes resident in ``root`` and the processes under it (Linux: from /proc; 0
    elsewhere, and for what cannot be read)."""
    page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    parents: dict[int, int] = {}
    resident: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # (The command's name, in brackets, may hold spaces: the fields follow its end.)
        fields = text[text.rfind(")") + 2:].split()
        if len(fields) > 21 and fields[1].isdigit() and fields[21].isdigit():
            pid = int(stat.parent.name)
            parents[pid], resident[pid] = int(fields[1]), int(fields[21]) * page
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += resident.get(pid, 0)
        pending += [child for child, parent in parents.items() if parent == pid]
    return total


_last_cap = CONVERT_MEMORY  # the cap of the child last run, for what its failure says


def _run_child(command: list[str], timeout: int, stdin_data: bytes | None,
               env: dict[str, str] | None, cap: int) -> subprocess.CompletedProcess:
    """_run_capped's child, started and waited for, its memory capped at ``cap``."""
    global _last_cap
    _last_cap = cap
    with subprocess.Popen(_started_capped(command, cap), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE,
                          stdin=subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL,
                          start_new_session=True, env=env) as process, \
            termination.child(process):  # (killed whole on SIGTERM and SIGHUP too)
        try:
            out, err = process.communicate(stdin_data, timeout=timeout)
        except BaseException:  # the time is up, or Ctrl-C
            termination.kill_group(process)
            process.wait()
            raise
        return subprocess.CompletedProcess(command, process.returncode, out, err)


# A conversion's scratch folder is named for the drafter process that made it, so that a
# later run can tell one whose drafter is gone: SIGKILL, which no handler sees, leaves the
# folder and LibreOffice's soffice.bin (only its launcher dies with drafter) converting
# at full CPU (fuzz pass 48 N3).
_SCRATCH_PREFIX = "drafter-convert-"
_SCRATCH_RE = re.compile(re.escape(_SCRATCH_PREFIX) + r"(\d+)-")


def _clear_leftovers() -> None:
    """Remove the scratch folders of conversions whose drafter is gone, first killing
    what still runs in them (Linux: read from /proc).  Never fails a conversion."""
    try:
        folders = list(Path(tempfile.gettempdir()).glob(f"{_SCRATCH_PREFIX}*-*"))
    except OSError:
        return
    for folder in folders:
        owner = _SCRATCH_RE.match(folder.name)
        if owner is None or termination.process_alive(owner.group(1)):
            continue
        for pid in _running_in(str(folder)):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)


def _running_in(folder: str) -> list[int]:
    """The processes of this user whose command line names ``folder``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if folder.encode() in cmdline.read_bytes():
                found.append(int(cmdline.parent.name))
        except (OSError, ValueError):
            continue
    return found


def _cached_conversion(cached: Path) -> bytes | None:
    """The .docx a conversion left in the cache, or None to convert again: not a link,
    a regular file of no more than a conversion may make, a ZIP package.  A link there
    to a 3 GB file had been read whole (MemoryError), and a wrong file there made its
    source unreadable for good (fuzz pass 47 P5)."""
    from drafter.corpus.read import MAX_BYTES
    from drafter.fileio import read_regular_file

    if cached.is_symlink():
        return None
    try:
        data = read_regular_file(cached, MAX_BYTES)
    except UnreadableFile:
        return None
    # A ZIP that is no Word document there (no [Content_Types].xml, no word/document.xml)
    # had made its source unreadable for good, named a corrupt .docx (fuzz pass 48 n3).
    return data if {"[Content_Types].xml", "word/document.xml"} <= package_names(data) \
        else None


def cached_docx(data: bytes) -> bytes | None:
    """The .docx a conversion of ``data`` left in the cache (see _cached_conversion), or
    None."""
    from drafter import config

    digest = hashlib.sha256(data).hexdigest()
    cache = config.own_cache()
    return _cached_conversion(cache / "converted" / f"{digest}.docx") if cache else None


# LibreOffice's single-instance pipe, a socket in /tmp whatever TMPDIR says (its name is
# fixed by the library it is built on); it removes it on leaving, but one killed at the
# time limit had left one there per conversion (fuzz pass B of stop 68).
_OFFICE_PIPE_GLOB = f"/tmp/OSL_PIPE_{os.getuid() if hasattr(os, 'getuid') else 0}_*"


def _office_pipes() -> set[str]:
    import glob

    return set(glob.glob(_OFFICE_PIPE_GLOB))


def _remove_new_pipes(before: set[str]) -> None:
    """Remove the pipes LibreOffice made since ``before`` was taken, now that the
    instance that made them has been killed (conversions run one at a time: see
    _LARGE_PARSE)."""
    for path in _office_pipes() - before:
        with contextlib.suppress(OSError):
            if stat_module.S_ISSOCK(os.lstat(path).st_mode):
                os.unlink(path)


def conversion_timeout(size: int) -> int:
    """Seconds LibreOffice may take to convert a file of ``size`` bytes: 20, and one
    more for each 250 KB, up to CONVERT_TIMEOUT: a file of a few MB is done with, one
    way or the other, within 30 s.  A 25-byte .rtf it spun on had held parse and mine for
    the whole 120 s (fuzz pass, stop 62), a valid 1.6 MB one of \\u escapes for 48 s
    (fuzz pass B of stop 68).  (A 12.8 MB .doc of 40,000 paragraphs converts in some
    20 s; a conversion is done once and cached.)"""
    return min(CONVERT_TIMEOUT, 20 + size // 250_000)


def kind_of_rtf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"{\\rtf"


# \binN: N bytes of binary data follow.  More than the file holds is no RTF a writer
# saved, and LibreOffice spins on it (fuzz pass, stop 62: {\rtf1 \bin999999999 abc}).
_RTF_BIN_RE = re.compile(rb"\\bin(-?\d{1,12})")


def _check_rtf(data: bytes, source: str) -> None:
    for found in _RTF_BIN_RE.finditer(data):
        if int(found.group(1)) > len(data) - found.end():
            raise UnreadableFile(source, f"a damaged RTF: {found.group().decode()} asks for "
                                         "more bytes than the file holds")


def convert_to_docx(data: bytes, source: str, kind: str) -> bytes:
    """``data`` (a .doc, .wps or .rtf) as .docx bytes, converted by LibreOffice now
    and cached by content (the caller looks in the cache first: cached_docx)."""
    from drafter import config

    if kind_of_rtf(data):
        _check_rtf(data, source)
    digest = hashlib.sha256(data).hexdigest()
    own = config.own_cache()  # (None: a link in its place, not written through)
    cache = own / "converted" if own else None
    program = soffice()
    if program is None:
        raise UnreadableFile(source, f"{kind} needs LibreOffice to be read: install it "
                                     "(Debian: apt install libreoffice-writer) or save the "
                                     "file as .docx")
    _clear_leftovers()
    timeout = conversion_timeout(len(data))
    with tempfile.TemporaryDirectory(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-") as scratch:
        folder = Path(scratch)
        given = folder / f"in{Path(source).suffix.lower() or '.doc'}"
        given.write_bytes(data)
        # A profile of its own: a LibreOffice the user has open does not block this one.
        profile = (folder / "profile").as_uri()
        command = [program, f"-env:UserInstallation={profile}", "--headless",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"),
                   str(given)]
        pipes = _office_pipes()
        try:
            # (Its own temporary files in the scratch folder too: killed, LibreOffice had
            # left an lu*.tmp folder in the user's temp folder each time, fuzz pass 49;
            # and its home: it had made ~/.config where there was none, whatever
            # XDG_CONFIG_HOME said, fuzz pass B of stop 65.)
            _run_capped(command, timeout, env={
                **os.environ, "TMPDIR": scratch, "HOME": scratch,
                "XDG_CONFIG_HOME": str(folder / "config"),
                "XDG_CACHE_HOME": str(folder / "cache"),
                "XDG_DATA_HOME": str(folder / "data")})
        except subprocess.TimeoutExpired:
            _remove_new_pipes(pipes)
            raise UnreadableFile(source, f"LibreOffice did not finish converting it within "
                                         f"{timeout} s") from None
        except OSError as exc:
            raise UnreadableFile(source, f"cannot run LibreOffice ({exc})") from None
        made = folder / "out" / "in.docx"
        if not made.is_file() or made.stat().st_size == 0:
            raise UnreadableFile(source, f"LibreOffice could not convert it ({kind}: "
                                         "password-protected, damaged, or past the "
                                         f"{_last_cap >> 20} MB a conversion may use?)")
        converted = made.read_bytes()
    if cache is None or cache.is_symlink():
        return converted
    try:
        cache.mkdir(parents=True, exist_ok=True)
        temp = cache / f".{digest}.tmp"
        temp.write_bytes(converted)
        temp.replace(cache / f"{digest}.docx")
    except OSError:
        pass  # a read-only cache only costs the next run a conversion
    return converted


# --- PDF --------------------------------------------------------------------------------

_FULL_LINE = 20  # characters: a page's lines shorter than this are not wrapped body text
_END_RE = re.compile(r"[。！？；：…”」』）)!?;:]$")


# A PDF is read in a child process, bounded like a conversion: pdfminer has no limit of
# its own, and a 1 MB PDF of one deflated stream took it to 2.1 GB, another of many
# drawing operators or fanned-out forms past 60 s (fuzz pass 39).  A report of 5,000
# pages reads in 6 s.
PDF_TIMEOUT = 25  # seconds
_PDF_CHILD = """
import json, sys
try:
    import io, pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
except ImportError:
    print(json.dumps({"error": "missing"})); sys.exit()
data = sys.stdin.buffer.read()
try:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        # Characters in reading order by their place on the page: punctuation set in
        # another font stays where it stands.
        pages = [page.extract_text() or "" for page in pdf.pages]
except Exception as exc:  # pdfminer raises many kinds on a damaged file
    # (pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect()).)
    causes = [exc, *exc.args, exc.__context__]
    if any(isinstance(c, MemoryError) for c in causes):
        print(json.dumps({"error": "memory"})); sys.exit()
    if any(isinstance(c, PDFPasswordIncorrect) for c in causes) or any(
            "password" in repr(c).lower() for c in causes):
        print(json.dumps({"error": "password"}))
    else:
        print(json.dumps({"error": "corrupt", "kind": type(exc).__name__}))
    sys.exit()
sys.stdout.write(json.dumps({"pages": pages}))
"""


def pdf_lines(data: bytes, source: str) -> list[Line]:
    import json

    key = hashlib.sha1(data).hexdigest()
    if key in _PDF_PAGES:
        return _pdf_page_lines(_PDF_PAGES[key], source)
    try:
        done = _run_capped([sys.executable, "-c", _PDF_CHILD], PDF_TIMEOUT, data)
    except subprocess.TimeoutExpired:
        raise UnreadableFile(source, f"reading the PDF took more than {PDF_TIMEOUT} s "
                                     "(damaged, or built to be slow?); save it as text "
                                     "or .docx") from None
    except OSError as exc:  # (no process to be had, or drafter is ending)
        raise UnreadableFile(source, f"cannot start the PDF reader ({exc})") from None
    try:
        said = json.loads(done.stdout)
    except ValueError:
        # Killed, or out of the memory it may use (MemoryError on stderr).
        raise UnreadableFile(source, "reading the PDF failed (damaged, or past the "
                                     f"{_last_cap >> 20} MB reading may use?)") from None
    if said.get("error") == "missing":  # pragma: no cover - pdfplumber is a dependency
        raise UnreadableFile(source, "reading PDF needs pdfplumber (pip install pdfplumber)")
    if said.get("error") == "memory":
        raise UnreadableFile(source, f"reading the PDF took more than the "
                                     f"{_last_cap >> 20} MB it may use (a stream that "
                                     "unpacks to far more than the file?)")
    if said.get("error") == "password":
        raise UnreadableFile(source, "password-protected PDF")
    if said.get("error"):
        raise UnreadableFile(source, f"corrupt PDF ({said.get('kind', 'error')})")
    pages = [str(page) for page in said.get("pages", [])]
    _keep_pages(key, pages)
    return _pdf_page_lines(pages, source)


# The pages of the PDFs read last, by the digest of their bytes: mine reads its first
# files for new words and again to mine them, and a PDF near the reader's 25 s had held
# mine twice as long (fuzz pass B of stop 68).  A worker forked after the first reading
# has them too.  At most _PDF_PAGES_KEPT characters are kept.
_PDF_PAGES: dict[str, list[str]] = {}
_PDF_PAGES_KEPT = 4_000_000


def _keep_pages(key: str, pages: list[str]) -> None:
    size = sum(map(len, pages))
    if size > _PDF_PAGES_KEPT:
        return
    while _PDF_PAGES and size + sum(sum(map(len, p)) for p in _PDF_PAGES.values()) \
            > _PDF_PAGES_KEPT:
        del _PDF_PAGES[next(iter(_PDF_PAGES))]  # the first kept goes first
    _PDF_PAGES[key] = pages


def _pdf_page_lines(pages: list[str], source: str) -> list[Line]:
    """The lines of a PDF's pages, those the layout broke joined again."""
    if not any(re.search(r"\w", page) for page in pages):
        raise UnreadableFile(source, "a scanned PDF with no text layer: run OCR on it first")
    out: list[Line] = []
    for page in pages:
        for text in _rejoin(page.splitlines()):
            out.append(Line(text, len(out) + 1))
    return out


def _rejoin(lines: list[str]) -> list[str]:
    """Lines of one page with those the layout broke joined again: a line as long as
    the page's full lines that does not end a sentence goes on in the next one."""
    lines = [line.strip() for line in lines]
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return []
    full = lengths[int(0.9 * (len(lengths) - 1))]
    out: list[str] = []
    carry = ""
    for line in lines:
        if not line:
            if carry:
                out.append(carry)
                carry = ""
            continue
        text = carry + line
        if full >= _FULL_LINE and len(line) >= 0.8 * full and not _END_RE.search(line):
            carry = text
        else:
            out.append(text)
            carry = ""
    if carry:
        out.append(carry)
    return out


# --- HTML -------------------------------------------------------------------------------

# The encodings a web page may be written in (the WHATWG list's, by Python's names for
# them; those of Chinese pages first).
_PAGE_ENCODINGS = frozenset({
    "utf-8", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "hz", "utf-16", "utf-16-le",
    "utf-16-be", "ascii", "iso8859-1", "iso8859-2", "iso8859-5", "iso8859-15", "cp1250",
    "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "koi8-r", "koi8-u", "mac-roman", "euc_jp", "shift_jis", "iso2022_jp",
    "euc_kr"})
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w-]+)", re.I)
_SKIPPED_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form",
                 "iframe", "svg", "button", "select", "template"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "blockquote", "pre", "dd", "dt", "table", "ul", "ol", "title"}


def html_encoding(data: bytes) -> str | None:
    """The encoding a page's meta tag names (see _declared_encoding)."""
    match = _META_CHARSET_RE.search(data[:4096])
    if not match:
        return None
    declared = _declared_encoding(match.group(1))
    if declared and codecs.lookup(declared).name.startswith(("utf-16", "utf-32")):
        # A tag read as ASCII bytes is on a page that is not in UTF-16 (browsers read
        # such a page as UTF-8): the page had been decoded as UTF-16, garbage with exit 0
        # (fuzz pass B of stop 67, m1).  Detected as any text is.
        return None
    return declared


def _declared_encoding(declared: bytes) -> str | None:
    """The encoding a page or an XML part declares, read as its Chinese superset (GBK as
    GB18030, Big5 as Big5-HKSCS), when pages are written in it; else None, to detect it
    as any text is.  (Python's other codecs, undefined, punycode, rot13, zlib…, raised a
    bare UnicodeError or ran in quadratic time on a page that named one: fuzz pass 45.)"""
    from drafter.corpus.read import CHINESE_SUPERSETS

    name = declared.decode("ascii", "replace").lower()
    name = CHINESE_SUPERSETS.get(name, name)
    try:
        return name if codecs.lookup(name).name in _PAGE_ENCODINGS else None
    except LookupError:
        return None


def html_text(data: bytes, source: str) -> str:
    """The page's text, one block a line, decoded by its meta tag when it names one."""
    from drafter.corpus.read import MAX_TEXT_CHARS, MAX_TEXT_LINES, decode_text, split_lines

    encoding = html_encoding(data)
    try:
        markup = data.decode(encoding) if encoding else decode_text(data, source)[0]
    except UnicodeError:
        markup = decode_text(data, source)[0]
    # Its lines one at a time, and no more than the reader takes (it refuses the text
    # once past MAX_TEXT_CHARS or MAX_TEXT_LINES): 12 MB of one character a line in a
    # <pre>, three million lines split at once, had taken a mine -j 2 worker to 580 MB
    # (fuzz pass 4 of stop 69, B-M1).
    kept, size = [], 0
    for line in split_lines(_page_text(markup)):
        line = _SPACES_RE.sub(" ", line).strip()
        if line:
            kept.append(line)
            size += len(line) + 1
            if size > MAX_TEXT_CHARS or len(kept) > MAX_TEXT_LINES:
                break
    text = "\n".join(kept)
    if not text.strip():
        raise UnreadableFile(source, "a web page with no text")
    return text


_SPACES_RE = re.compile(r"[ \t\u00a0]+")


# The markup of a page, one piece at a time, each found by a single forward match that
# ends where the piece does: the time is linear in the page.  Python's html.parser is
# not: on close() it searches every construct left open to the end of the page again
# ('<a' * 300000, '</' or '<?' repeated: minutes), and its start-tag pattern lets tag
# names run over '<' and backtracks through attributes ('<a x="' repeated: cubic).
# As in a browser, a comment or tag left open runs to the end of the page; a quote
# opens a value only after '='; '<' before anything but a letter, '/', '!' or '?' is
# text; doctypes, CDATA and processing instructions are left out.
_MARKUP_RE = re.compile(r"""
      <!--(?:-?>|.*?(?:--!?>|\Z))
    | <(?P<slash>/?)(?P<name>[a-zA-Z][^\s/>]*+)
      (?:[^>"'=]++|=\s*+"[^"]*+"?|=\s*+'[^']*+'?|[="'])*+(?:>|\Z)
    | <[!?/][^>]*+(?:>|\Z)
    """, re.DOTALL | re.VERBOSE)
# Elements whose content is not markup: it runs to their end tag.
_RAW_TEXT_END = {name: re.compile(rf"</{name}[\s/>]", re.IGNORECASE)
                 for name in ("script", "style")}


def _page_text(markup: str) -> str:
    """The text of a page without its scripts, styles and navigation blocks, with a line
    break where a block starts or ends; character references resolved."""
    parts: list[str] = []
    skipping = 0  # open elements whose text is left out

    def tag(name: str, opening: bool) -> None:
        nonlocal skipping
        if name in _SKIPPED_TAGS:
            skipping = skipping + 1 if opening else max(0, skipping - 1)
        elif name in _BLOCK_TAGS:
            parts.append("\n")

    at = 0
    while at < len(markup):
        start = markup.find("<", at)
        if start < 0:
            start = len(markup)
        if at < start and not skipping:
            parts.append(unescape_html(markup[at:start]))
        if start == len(markup):
            break
        piece = _MARKUP_RE.match(markup, start)
        if piece is None:  # a '<' of the text (a < b)
            if not skipping:
                parts.append("<")
            at = start + 1
            continue
        at = piece.end()
        if not piece.group("name"):
            continue  # a comment, doctype or processing instruction
        name = piece.group("name").lower()
        if piece.group("slash"):
            tag(name, opening=False)
            continue
        tag(name, opening=True)
        if piece.group().endswith("/>"):
            tag(name, opening=False)
        elif name in _RAW_TEXT_END:
            end = _RAW_TEXT_END[name].search(markup, at)
            at = end.start() if end else len(markup)
    return "".join(parts)


def looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]


# --- OFD --------------------------------------------------------------------------------


# What a package (.docx, .odt, .ofd: ZIP files) may unpack to before anything parses it:
# a 143 KB .docx can hold 30 MiB of XML that takes minutes to parse, a 1.1 MB one
# gigabytes.  Real speeches unpack to a few MB in a few dozen entries.
MAX_UNPACKED = 64 * 1024 * 1024
MAX_ENTRIES = 5000
# Tags ('<') in the markup of a package: each opens an element or closes one, and
# parsed they cost some 150 bytes and 2.5 µs apiece (10,000,000 empty paragraphs, 60 MB
# of XML zipped to 89 KB, had taken 1.3 GB and 26 s).  A 60,000-character report saved
# by drafter has 30,000 in all, styles included, and Word writes more (it splits runs at
# proofing marks and changes of language): 400,000 is a dozen times that.  (1,000,000
# with two attributes each, inside both limits, had taken a parse to 650 MB, and `mine`
# holding a bank the size of the bundled one beside it past 1 GB: fuzz pass B of stop 65.)
MAX_TAGS = 400_000
# Attributes (name="value") in the markup of a package cost more still, some 240 bytes
# apiece parsed: 2,300 paragraphs of 3,000 empty attributes each, 57 MB of XML within
# MAX_UNPACKED and few tags, took parse to 1.7 GB (fuzz pass B of stop 64).  Word writes
# a few per element (revision ids, w:val), under two per tag.
MAX_ATTRIBUTES = 2 * MAX_TAGS


# What a package's markup costs parsed, by its counts (see MAX_TAGS and MAX_ATTRIBUTES).
_PARSED_BYTES_PER_TAG = 150
_PARSED_BYTES_PER_ATTRIBUTE = 240
# A parse estimated past this takes the large-parse turn (below).  A 60,000-character
# report saved by Word parses to some 10 MB; one near both limits to 300-400 MB.
LARGE_PARSE_BYTES = 32 * 2**20


class _LargeParseTurn:
    """One large parse at a time among the worker processes of a ``mine -j N``.

    Each worker holds the segmenter and the classifier, and the main process the
    phrasebank; two packages near the limits, parsed at once by two workers, had taken
    the command to 1.19 GB summed over its processes, though each stayed under 500 MB
    (fuzz re-check of stop 65).  A worker takes the turn (a lock the pool hands every
    worker) when the package it reads will parse large, and gives it back once the file
    is read and its parsed tree freed, with the freed memory handed back to the system:
    glibc keeps a freed tree's 270 MB otherwise, and the next parse would come on top
    of it.  Without a shared lock (one process) the turn is only that trim."""

    def __init__(self) -> None:
        self.lock = None
        self.held = False

    def take(self) -> None:
        if self.held:
            return
        if self.lock is not None:
            self.lock.acquire()
        self.held = True

    def give_back(self) -> None:
        if not self.held:
            return
        self.held = False
        # (python-docx's parts and package refer to each other: its tree is freed by the
        # cycle collector, not when the reader returns.)
        gc.collect()
        _trim_freed_memory()
        if self.lock is not None:
            self.lock.release()


_LARGE_PARSE = _LargeParseTurn()


def share_large_parse_lock(lock) -> None:
    """Make ``lock`` (a multiprocessing lock) the turn this process takes for a large
    parse: called in each worker of a pool, with the one lock the pool was made with."""
    _LARGE_PARSE.lock = lock


def large_parse_done() -> None:
    """Give back the large-parse turn, if this process took it for the file it has just
    read.  Called once the reading is over and nothing refers to the parsed tree any
    more (an error's traceback, which holds its frames, included)."""
    _LARGE_PARSE.give_back()


def _trim_freed_memory() -> None:
    """Hand the heap's free memory back to the system (glibc's malloc_trim; nothing
    elsewhere)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _malloc_trim():
    """glibc's malloc_trim, looked up once in the process's own symbols (find_library
    runs ldconfig in a child process at every call), or None."""
    import ctypes

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


_MALLOC_TRIM = _malloc_trim()


def trim_if_grown(limit: int) -> None:
    """In a mining worker (one the pool gave the large-parse lock), between files: when
    the process holds more than ``limit`` bytes, free what the last file left (its
    cycles) and hand the heap's free memory back.  A worker that had read many large
    texts kept 577 MB to the end of the run, and `mine -j 2` passed 1 GB (fuzz pass 4 of
    stop 69, B-M1).  Nothing in a single process."""
    if _LARGE_PARSE.lock is not None and _resident_bytes() > limit:
        gc.collect()
        _trim_freed_memory()


def _resident_bytes() -> int:
    """This process's resident memory (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def check_package_directory(handle, source: str, kind: str = "package") -> None:
    """Refuse a package by its ZIP directory alone, read from the open file ``handle``
    (at the file's end) before the file itself is read: a 500 MB .docx holding one
    stored entry had been read whole, 1 GB at the peak, only to be refused by its
    unpacked size (fuzz pass).  The handle is left where it was."""
    at = handle.tell()
    try:
        with zipfile.ZipFile(handle) as package:
            _check_entries(package.infolist(), source, kind)
    except (zipfile.BadZipFile, OSError, ValueError):
        pass  # (no readable directory: the reader says what is wrong with the file)
    finally:
        handle.seek(at)


def _check_entries(entries: list[zipfile.ZipInfo], source: str, kind: str) -> None:
    if len(entries) > MAX_ENTRIES:
        raise UnreadableFile(source, f"{kind} package with {len(entries)} entries; not "
                                     f"read (the limit is {MAX_ENTRIES})")
    if any(entry.flag_bits & 0x1 for entry in entries):
        # (ZIP's own encryption, as zip -e sets it: said as Python's ZipInfo, fuzz pass B
        # of stop 65, m1.)
        raise UnreadableFile(source, f"password-protected {kind} (its ZIP entries are "
                                     "encrypted): save it without a password first")
    # Office packages are stored or deflated (the OPC and OpenDocument specifications
    # allow nothing else).  Python unpacks a bzip2 or LZMA entry all at once whatever
    # size is asked for: one claiming 32 KB that held 1.4 GB was unpacked whole before
    # its CRC was found wrong (fuzz re-check 71).
    odd = next((e for e in entries
                if e.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)), None)
    if odd is not None:
        raise UnreadableFile(source, f"corrupt {kind}: {shown(odd.filename)} is compressed "
                                     f"in a way office packages are not (method "
                                     f"{odd.compress_type}); not read")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED:
        raise UnreadableFile(source, f"{kind} unpacks to {unpacked / 2**20:.0f} MB; not "
                                     f"read (the limit is {MAX_UNPACKED / 2**20:.0f} MB)")


def check_package(data: bytes, source: str, kind: str) -> None:
    """Refuse a ZIP package that unpacks to too much (a zip bomb) or to too many XML
    elements before it is parsed, or that holds an entry that does not unpack as its
    directory says; a package that is no ZIP at all is left to the reader to report.
    A package that will parse large takes the large-parse turn (see _LargeParseTurn),
    given back by large_parse_done once the file is read.

    Every entry is unpacked here a megabyte at a time, which stops at the size the
    directory gives and checks the CRC: an entry claiming 1,000 bytes that holds 700 MB
    fails it.  The readers (python-docx, and ZipFile.read) unpack an entry in one call,
    all that its compressed bytes hold, and such an entry had taken them to 1.4 GB before
    its CRC was found wrong (fuzz pass 70)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with package:
        entries = package.infolist()
        _check_entries(entries, source, kind)
        tags = attributes = 0
        for entry in entries:
            try:
                # (An .ofd page is decoded here, a name Python does not know as UTF-8:
                # the XML readers of .docx and .odt go by names of their own.)
                more_tags, more_attributes = _markup_nodes(package, entry,
                                                           unknown_refused=kind != ".ofd")
            except OddEncoding as exc:
                raise UnreadableFile(source, f"{kind}: {shown(entry.filename)} is written in "
                                             f"{shown(str(exc))}, which office documents are "
                                             "not written in; not read") from None
            except Exception as exc:  # zlib, lzma, bad CRC, encrypted, unknown method
                raise UnreadableFile(source, f"corrupt {kind}: {shown(entry.filename)} does not "
                                             f"unpack ({exc})") from None
            tags, attributes = tags + more_tags, attributes + more_attributes
            if tags > MAX_TAGS:
                raise UnreadableFile(source, f"{kind} with more than {MAX_TAGS:,} XML tags; "
                                             "not read (a long speech has some tens of "
                                             "thousands)")
            if attributes > MAX_ATTRIBUTES:
                raise UnreadableFile(source, f"{kind} with more than {MAX_ATTRIBUTES:,} XML "
                                             "attributes; not read (a long speech has some "
                                             "tens of thousands)")
    if (tags * _PARSED_BYTES_PER_TAG + attributes * _PARSED_BYTES_PER_ATTRIBUTE
            > LARGE_PARSE_BYTES):
        _LARGE_PARSE.take()


class OddEncoding(ValueError):
    """An XML part declares an encoding in which its tags need not be spelled with '<'
    and '=' bytes (see _uncounted_encoding)."""


def _uncounted_encoding(head: bytes, unknown_refused: bool = True) -> str:
    """The encoding an XML part's declaration names, when it is one whose '<' and '='
    need not be those bytes, so that its tags and attributes go uncounted: UTF-7 spells
    them +ADw- and +AD0- (7.5 million elements, over 1 GB: fuzz re-check B of stop 64).
    Office documents are written in UTF-8 or UTF-16, which spell them as such, as do the
    other encodings of Chinese and ASCII's supersets: '' for those.  A name Python does
    not know is refused too (``unknown_refused``): the XML reader may know it (JAVA
    spells them \u003c and \u003d, CSUNICODE11UTF7 is UTF-7: 1.5 GB, fuzz pass B of
    stop 65)."""
    declaration = _XML_DECLARATION_RE.match(head)
    declared = _XML_ENCODING_RE.search(declaration.group()) if declaration else None
    if declared is None:
        return ""
    name = declared.group(1).decode("ascii", "replace")
    try:
        spelled = "<=".encode(name)
        # (Python's UTF-7 writes < and = as they are, but reads +ADw-+AD0- as them.)
        hidden = b"+ADw-+AD0-".decode(name, "replace") == "<="
    except LookupError:
        return name if unknown_refused else ""
    except UnicodeError:
        return ""
    return "" if b"<" in spelled and b"=" in spelled and not hidden else name


def _markup_nodes(package: zipfile.ZipFile, entry: zipfile.ZipInfo,
                  unknown_refused: bool = True) -> tuple[int, int]:
    """How many tags and attributes an entry of a package holds, when it is markup (XML:
    it opens with '<', after a byte-order mark and white space); pictures are not
    counted, but are unpacked to the end all the same (see check_package).  An attribute
    is counted by its '=' byte, whatever spaces stand around it and in UTF-16 too ('="'
    had been bypassed by a= "" and by markup in UTF-16: fuzz re-check B of stop 64);
    an '=' in the text only counts towards a limit far above a speech's.  Raises what
    unpacking a damaged entry raises."""
    with package.open(entry) as part:
        tags = attributes = 0
        markup = True
        opening = b""
        while chunk := part.read(2**20):
            if not opening:
                head = chunk.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
                opening = head[:1]
                markup = opening in (b"", b"<")
                if markup and (odd := _uncounted_encoding(head, unknown_refused)):
                    raise OddEncoding(odd)
            if markup:
                tags += chunk.count(b"<")
                attributes += chunk.count(b"=")
        return (tags, attributes) if markup else (0, 0)


def package_names(data: bytes) -> set[str]:
    """The entry names of a ZIP package; none for bytes that are no readable ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def is_ofd(data: bytes) -> bool:
    return "OFD.xml" in package_names(data)


_XML_DECLARATION_RE = re.compile(rb"^\s*<\?xml[^>]*?\?>")
_XML_ENCODING_RE = re.compile(rb"encoding\s*=\s*[\"']([\w.:-]+)")


# What an OFD page never holds (OFD is described by an XML schema, not a DTD): a
# document type, where entities (a 10 KB page in UTF-16 had expanded to 1.7 GB: fuzz
# re-check B of stop 64) and attribute defaults are declared (1,000 defaults of 1 KB on
# every one of 3,000 TextCodes took a 7 KB page to 3.3 GB: fuzz pass 4 of stop 69, B-M2).
_DECLARATIONS = ("<!DOCTYPE", "<!ENTITY", "<!ATTLIST")


def _declares_a_document_type(raw: bytes) -> bool:
    """Whether an OFD page declares a document type or what goes in one, in UTF-8 or in
    UTF-16 or UTF-32, whose bytes do not spell it."""
    if any(word.encode() in raw for word in _DECLARATIONS):
        return True
    if b"\x00" not in raw[:4096]:
        return False
    for encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(word in text for word in _DECLARATIONS):
            return True
    return False


def _ofd_page_root(raw: bytes, source: str):
    """An OFD page's XML root.  ElementTree reads UTF-8 and single-byte declarations
    itself; a page declaring GBK, GB2312 or Big5 (plausible in Chinese OFD files) it
    refuses with a ValueError, an unknown codec with a LookupError (fuzz pass 46 M1: a
    traceback that stopped a whole mine).  Those are decoded here, by the declared
    encoding when pages are written in it (_declared_encoding), else as any text is."""
    import xml.etree.ElementTree as ET

    from drafter.corpus.read import decode_text

    try:
        try:
            return ET.fromstring(raw)
        except (ValueError, LookupError):
            declaration = _XML_DECLARATION_RE.match(raw)
            declared = _XML_ENCODING_RE.search(declaration.group()) if declaration else None
            name = _declared_encoding(declared.group(1)) if declared else None
            body = raw[declaration.end():] if declaration else raw
            try:
                text = body.decode(name) if name else None
            except UnicodeError:
                text = None
            text = text if text is not None else decode_text(body, source)[0]
            if "<!ENTITY" in text:  # (spelled otherwise in the page's own bytes)
                raise UnreadableFile(source, ".ofd page declares entities; not read") from None
            return ET.fromstring(text)
    except ET.ParseError as exc:
        raise UnreadableFile(source, f"corrupt .ofd page ({exc})") from None


def ofd_lines(data: bytes, source: str) -> list[Line]:
    check_package(data, source, ".ofd")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableFile(source, "corrupt .ofd (not a ZIP package)") from None
    with package:
        pages = sorted((n for n in package.namelist() if _PAGE_RE.search(n)), key=_page_order)
        if not pages:
            raise UnreadableFile(source, ".ofd with no pages")
        out: list[Line] = []
        for name in pages:
            if package.getinfo(name).file_size > _MAX_XML:
                raise UnreadableFile(source, f".ofd page too large ({name})")
            try:
                raw = package.read(name)
            except Exception as exc:  # bad CRC, zlib, lzma, encrypted: a damaged entry
                # (A page that does not inflate had ended every command, and a whole mine,
                # in a traceback: fuzz 61.)
                raise UnreadableFile(source, f"corrupt .ofd page ({name}: {exc})") from None
            if _declares_a_document_type(raw):  # (see _DECLARATIONS)
                raise UnreadableFile(source, ".ofd page declares a document type; not read")
            root = _ofd_page_root(raw, source)
            objects = []
            for element in root.iter():
                if not element.tag.endswith("TextObject"):
                    continue
                left, top = _places(element.get("Boundary") or "0 0 0 0", 2, "Boundary",
                                    name, source)
                for code in element:
                    if code.tag.endswith("TextCode") and code.text:
                        [x] = _places(code.get("X") or "0", 1, "X", name, source)
                        [y] = _places(code.get("Y") or "0", 1, "Y", name, source)
                        objects.append((top + y, left + x, code.text))
            for text in _ofd_page_lines(objects):
                out.append(Line(text, len(out) + 1))
    if not out:
        raise UnreadableFile(source, ".ofd with no text")
    return out


_PAGE_RE = re.compile(r"Pages/Page_?(\d+)/Content\.xml$")


def _page_order(name: str) -> tuple[int, str]:
    """Where a page comes by its number, compared as digits: int() refuses a number of
    thousands of digits, and a forged page may be named Page_999…9."""
    digits = _PAGE_RE.search(name).group(1).lstrip("0")
    return len(digits), digits


def _places(value: str, count: int, attribute: str, page: str, source: str) -> list[float]:
    """The first ``count`` numbers of an attribute giving places on a page (in mm).  A
    page giving anything else (x, 1,5, nan, too few) is reported, not read in an order
    made up for it."""
    numbers = []
    for text in value.split()[:count]:
        try:
            number = float(text)
        except ValueError:
            break
        if not math.isfinite(number):
            break
        numbers.append(number)
    if len(numbers) < count:
        raise UnreadableFile(source, f"corrupt .ofd page ({_cut(page)}: {attribute}="
                                     f"{_cut(value)!r} is not a place on the page)")
    return numbers


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _ofd_page_lines(objects: list[tuple[float, float, str]]) -> list[str]:
    """Text objects of one page as lines: the same baseline (within 2 mm) is one line,
    read left to right; then the layout's broken lines are joined again."""
    rows: list[list[tuple[float, float, str]]] = []
    for obj in sorted(objects):
        if rows and abs(rows[-1][0][0] - obj[0]) <= 2.0:
            rows[-1].append(obj)
        else:
            rows.append([obj])
    lines = ["".join(text for _, _, text in sorted(row, key=lambda o: o[1])) for row in rows]
    return _rejoin(lines)
