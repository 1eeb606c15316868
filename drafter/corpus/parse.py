"""The reading pipeline: file → lines → clean lines → structured Document."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from drafter.corpus import news
from drafter.corpus.clean import clean
from drafter.corpus.model import Document, RawDocument, Removed
from drafter.corpus.read import SUPPORTED_SUFFIXES, read_bytes, read_file, text_lines
from drafter.corpus.structure import structure
from drafter.errors import UnreadableFile
from drafter.text.variant import detect_script, looks_traditional, to_simplified


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read, clean and structure one speech file.  Raises UnreadableFile with a reason."""
    return build_document(read_file(path))


def parse_bytes(data: bytes, source: str = "<bytes>", suffix: str = ".txt") -> Document:
    return build_document(read_bytes(data, source=source, suffix=suffix))


def parse_text(text: str, source: str = "<text>") -> Document:
    """Structure a speech already in memory (for example pasted by a user)."""
    return build_document(RawDocument(source, "txt", None, list(text_lines(text))))


def build_document(raw: RawDocument) -> Document:
    doc = Document(source=raw.source, format=raw.format, encoding=raw.encoding)
    doc.warnings.extend(raw.warnings)
    lines = raw.lines
    report = detect_script("\n".join(line.text for line in lines[:2000]))
    doc.script = report.script if report.script != "unknown" else "simplified"
    if report.script == "traditional":
        big5 = (raw.encoding or "").startswith("big5")
        # One call for the whole text (opencc's set-up is the cost); lines never hold "\n".
        converted = to_simplified("\n".join(line.text for line in lines), taiwan=big5)
        if converted is None:
            doc.warnings.append("traditional Chinese detected; install drafter[opencc] "
                                "to convert it to simplified characters")
        else:
            for line, text in zip(lines, converted.split("\n"), strict=True):
                line.text = text
            doc.script = "converted"
            doc.warnings.append("traditional Chinese detected and converted to simplified "
                                f"(opencc {'tw2s' if big5 else 't2s'})")
        held_back = []
    else:
        held_back = _convert_traditional_lines(lines, doc,
                                               big5=(raw.encoding or "").startswith("big5"))
        left_out = {id(line) for line in held_back}
        lines = [line for line in lines if id(line) not in left_out]
    cleaned = clean(lines)
    doc.removed = [Removed(TRADITIONAL_LEFT_OUT, line.text, line.number)
                   for line in held_back] + cleaned.removed
    structure(cleaned.lines, doc)
    news.mark_genre(doc)
    doc.removed.sort(key=lambda r: r.line or 0)
    if next(doc.paragraphs(), None) is None and not doc.sections:
        doc.warnings.append(NO_SPEECH_TEXT)
    return doc


NO_SPEECH_TEXT = "no speech text found after cleaning"  # (a warning: parse then exits 1)
TRADITIONAL_LEFT_OUT = "traditional characters (drafter[opencc] converts them)"


def _convert_traditional_lines(lines: list, doc: Document, big5: bool) -> list:
    """Lines in traditional characters inside a simplified text (a heading copied from
    an old edition): converted when opencc is installed; else left out of the speech,
    named in a warning, and returned (kept with what the cleaner removed).  Kept in,
    第一個五年計劃的若幹問題 had gone into a new user's phrasebank as a heading."""
    odd = [line for line in lines if line.text and looks_traditional(line.text)]
    if not odd:
        return []
    converted = to_simplified("\n".join(line.text for line in odd), taiwan=big5)
    if converted is None:
        doc.warnings.append(f"{len(odd)} line(s) in traditional characters left out "
                            f"(first: line {odd[0].number}); install drafter[opencc] to "
                            "convert them")
        return odd
    for line, text in zip(odd, converted.split("\n"), strict=True):
        line.text = text
    doc.warnings.append(f"{len(odd)} line(s) in traditional characters converted to "
                        "simplified (opencc)")
    return []


@dataclass
class Skipped:
    path: str
    reason: str
    # Files of other types met while walking a directory: not errors, just not speeches.
    ignored: bool = False

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


def iter_input_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path | Skipped]:
    """Files named directly (read whatever their name), and .txt/.md/.docx files found
    by walking directories (sorted, hidden entries skipped).  Other files met in a walk
    are yielded as ignored Skipped entries so a caller can count them; a folder that
    cannot be read (no permission) as a Skipped entry naming it."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            unreadable: list[OSError] = []  # os.walk leaves them out unless told
            for root, dirs, files in os.walk(path, onerror=unreadable.append):
                yield from _folders_not_read(unreadable)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    found = Path(root) / name
                    if found.suffix.lower() in SUPPORTED_SUFFIXES:
                        yield found
                    else:
                        yield Skipped(str(found), f"not a speech file type "
                                                  f"('{found.suffix or 'no suffix'}')", True)
            yield from _folders_not_read(unreadable)
        else:
            yield path


def _folders_not_read(errors: list[OSError]) -> Iterator[Skipped]:
    while errors:
        error = errors.pop(0)
        reason = f"cannot read the folder ({error.strerror or error})"
        yield Skipped(str(Path(error.filename)), reason)


def load_one(path: str | os.PathLike[str]) -> Document | Skipped:
    """A document, or the reason it could not be read; never raises for a bad file."""
    from drafter.corpus.office import large_parse_done

    result = _loaded_or_skipped(path)
    # (Here, where neither the parsed tree nor an error's frames are held any more.)
    large_parse_done()
    return result


def _loaded_or_skipped(path: str | os.PathLike[str]) -> Document | Skipped:
    try:
        return load_document(path)
    except UnreadableFile as exc:
        return Skipped(exc.path, exc.reason)
    except (ValueError, LookupError, ArithmeticError, RecursionError) as exc:
        # A fault of a reader's own that some file brings out (a character reference of
        # 4,301 digits had ended a whole batch in a traceback: fuzz pass B of stop 64):
        # that file is skipped by name and the batch goes on; the error says what to
        # report.
        return Skipped(str(path), f"cannot be read: drafter's reader failed on it "
                                  f"({type(exc).__name__}: {str(exc)[:200]}); please "
                                  "report it with the file")


def load_many(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Document | Skipped]:
    """Documents and skip reports, one per input file (files of other types met in a
    directory are left out)."""
    for item in iter_input_files(paths):
        if isinstance(item, Skipped):
            if not item.ignored:
                yield item
            continue
        yield load_one(item)
