"""Render a DOCX to PDF with LibreOffice and measure it the way a person checks a
printed 公文: page size, lines a page, characters a line, margins, page numbers.

Used by tests/test_docx_render.py; also runnable by hand:

    python -m tests.support.render draft.docx
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4  # points per millimetre
FONTS_CONF = Path(__file__).with_name("fonts.conf")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_profile: Path | None = None


def _own_profile() -> Path:
    """A LibreOffice profile for this process alone, made on first use and kept for the
    process's later conversions (a new profile costs each start seconds): test processes
    running side by side (pytest -n) never share its lock, and the user's own profile is
    never touched."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
        atexit.register(shutil.rmtree, _profile, ignore_errors=True)
    return _profile


def convert(source: Path, to: str, out_dir: Path) -> None:
    """Convert ``source`` with LibreOffice headless (``to``: its --convert-to argument,
    e.g. "pdf" or "doc") into ``out_dir``, with the test font aliases."""
    binary = soffice()
    if not binary:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = _own_profile()
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(profile))
    subprocess.run([binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", to, "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=180, env=env,
                   stdin=subprocess.DEVNULL)


def render_pdf(docx: Path, out_dir: Path) -> Path:
    """The PDF LibreOffice makes of ``docx``, in ``out_dir``."""
    convert(docx, "pdf", out_dir)
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice wrote no PDF for {docx}")
    return pdf


@dataclass
class Line:
    top: float
    bottom: float
    baseline: float
    x0: float
    x1: float
    text: str
    size: float  # the largest font size on the line


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # inside the page, top to bottom
    footer: list[Line] = field(default_factory=list)  # below the type area


def measure(pdf: Path, type_area_bottom_mm: float = 297 - 35) -> list[Page]:
    import pymupdf

    pages = []
    with pymupdf.open(pdf) as doc:
        for index, page in enumerate(doc, start=1):
            rows: dict[float, list] = {}
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        if not span["text"].strip():
                            continue
                        key = round(span["origin"][1], 0)
                        rows.setdefault(key, []).append(span)
            result = Page(index, page.rect.width, page.rect.height)
            for baseline in sorted(rows):
                spans = sorted(rows[baseline], key=lambda s: s["bbox"][0])
                line = Line(top=min(s["bbox"][1] for s in spans),
                            bottom=max(s["bbox"][3] for s in spans), baseline=baseline,
                            x0=min(s["bbox"][0] for s in spans),
                            x1=max(s["bbox"][2] for s in spans),
                            text="".join(s["text"] for s in spans),
                            size=max(s["size"] for s in spans))
                if line.top > type_area_bottom_mm * MM:
                    result.footer.append(line)
                else:
                    result.lines.append(line)
            pages.append(result)
    return pages


def visible_chars(text: str) -> int:
    return len(re.sub(r"\s", "", text))


if __name__ == "__main__":
    target = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        for page in measure(render_pdf(target, Path(tmp))):
            print(f"page {page.number}: {page.width / MM:.0f}×{page.height / MM:.0f} mm, "
                  f"{len(page.lines)} lines, footer {[f.text for f in page.footer]}")
            for line in page.lines:
                print(f"  {line.baseline / MM:6.1f} mm  x {line.x0 / MM:5.1f}-{line.x1 / MM:5.1f}"
                      f"  {visible_chars(line.text):2d}  {line.text[:40]}")
