"""Writing a draft out: DOCX (GB/T 9704), Markdown, plain text, or the draft's JSON."""

from __future__ import annotations

import os
from pathlib import Path

from drafter.draft.model import Draft
from drafter.errors import DrafterError

FORMATS = {".docx": "docx", ".md": "markdown", ".markdown": "markdown", ".txt": "text",
           ".json": "json"}


def format_for(path: str | os.PathLike[str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise DrafterError(f"{path}: cannot tell the format from the suffix {suffix or '(none)'}"
                           f" (use {', '.join(sorted(FORMATS))})")
    return FORMATS[suffix]


def write_draft(draft: Draft, path: str | os.PathLike[str], *, overwrite: bool = False,
                provenance: bool = False) -> Path:
    """Write ``draft`` to ``path`` in the format its suffix names, atomically; an
    existing file is kept unless ``overwrite``."""
    from drafter.fileio import atomic_write

    fmt = format_for(path)
    if fmt == "docx":
        from drafter.export.docx import export_docx

        export_docx(draft, path, provenance=provenance, overwrite=overwrite)
        return Path(path)
    if fmt == "json":
        return atomic_write(path, draft.to_json(), overwrite=overwrite, through_link=True)
    from drafter.export.text import markdown, plain_text

    text = markdown(draft, provenance) if fmt == "markdown" else plain_text(draft, provenance)
    return atomic_write(path, text, overwrite=overwrite, through_link=True)
