"""Inputs built to make the tool work hard, timed: each had been quadratic or unbounded.

    python tests/bench/bench_hostile.py [--stars 30000] [--siblings 4000]

- a Markdown line of 30,000 unclosed stars (`*_(` repeated): the emphasis pattern had
  scanned to the line's end from every star (55 s);
- `check` of a draft whose part has 4,000 sibling heads: the parallelism check had
  compared every head with all the others once per head (145 s);
- a template joining a 100,000-character text with a 100,000-character separator: it
  had built 10 GB before the output limit saw it (39 s); now refused before it starts;
- an .odt of 45,000 paragraphs in tables nested 80 deep, and one of 45,000 text boxes
  under 240 nested spans: the reader's work had been lines × depth (past 60 s with
  200,000 and 900,000, before the caps on lines and tags);
- `mine -j 2` of four .odt packages just inside the limits on tags and attributes: two
  workers parsing at once had taken the command to 1.19 GB over its processes;
- `export --provenance` of a draft of 4,000 reused passages: python-docx numbered each
  comment by reading every earlier one's id (56 s).

Each prints its time and the process's peak memory so far (the mine, its processes'
summed proportional set size, sampled).  Targets (issue 14): no
input past 30 s or 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def markdown_stars(count: int) -> None:
    from drafter.corpus.parse import build_document
    from drafter.corpus.read import read_bytes

    text = ("# 讲话\n\n要加强作风建设。\n\n" + "*_(" * count + "\n").encode()
    start = time.perf_counter()
    build_document(read_bytes(text, "stars.md", ".md"))
    print(f"markdown line of {count:,} unclosed stars: {time.perf_counter() - start:.2f} s, "
          f"peak {peak_mb():.0f} MB")


def sibling_heads(count: int) -> None:
    from drafter.check import check
    from drafter.check.source import from_draft
    from drafter.draft.assemble import assemble
    from drafter.draft.model import Node

    draft = assemble("work_conference", {"topic": "安全生产"}, mode="outline")
    part = next(node for node in draft.body if node.children)
    model = part.children[0]
    part.children = [Node(heading=f"压实第{n}方面安全责任", level=model.level,
                          marker=f"（{n + 1}）", items=list(model.items))
                     for n in range(count)]
    part.children[count // 2].heading = "加快推进高质量发展"
    start = time.perf_counter()
    report = check(from_draft(draft))
    frames = [f for f in report.findings if f.rule == "parallelism.frame"]
    print(f"check of {count:,} sibling heads: {time.perf_counter() - start:.2f} s "
          f"({len(frames)} frame findings), peak {peak_mb():.0f} MB")


def template_join() -> None:
    from drafter.draft.templates import load_template

    with tempfile.TemporaryDirectory() as folder:
        toml = Path(folder) / "joined.toml"
        toml.write_text('label = "x"\n[fields.topic]\nlabel = "主题"\nrequired = true\n'
                        '[[parts]]\nname = "only"\nsections = ["work_style"]\ndraw = false\n'
                        'heading = "only_heading"\n', encoding="utf-8")
        toml.with_suffix(".j2").write_text(
            "{% block title %}{{ topic }}{% endblock %}\n{% block opening %}"
            "{{ ('a' * 100000)|join('b' * 100000) }}{% endblock %}"
            "{% block only_heading %}x{% endblock %}", encoding="utf-8")
        start = time.perf_counter()
        try:
            template = load_template("joined", dirs=[Path(folder)])
            template.render_block("opening", template.resolve_fields({"topic": "作风"}))
            outcome = "rendered (not refused!)"
        except Exception as exc:  # the bench reports whatever happened
            outcome = f"refused: {str(exc).rsplit(': ', 1)[-1]}"
        print(f"template joining 100,000 × 100,000 characters: {time.perf_counter() - start:.2f}"
              f" s, {outcome}, peak {peak_mb():.0f} MB")


def odt_nesting(paragraphs: int, boxes: int) -> None:
    import io
    import zipfile

    from drafter.corpus.read import read_bytes

    namespaces = " ".join(
        f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{name}:1.0"'
        for prefix, name in (("office", "office"), ("text", "text"), ("table", "table"),
                             ("draw", "drawing")))
    cell = "<table:table><table:table-row><table:table-cell>"
    end = "</table:table-cell></table:table-row></table:table>"
    box = "<draw:frame><draw:text-box><text:p>框</text:p></draw:text-box></draw:frame>"
    for what, body in ((f"{paragraphs:,} paragraphs in tables nested 80 deep",
                        cell * 80 + "<text:p>x</text:p>" * paragraphs + end * 80),
                       (f"{boxes:,} text boxes under 240 nested spans",
                        "<text:p>" + "<text:span>" * 240 + box * boxes + "</text:span>" * 240
                        + "</text:p>")):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            package.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                             zipfile.ZIP_STORED)
            package.writestr("content.xml", f"<office:document-content {namespaces}>"
                             f"<office:body><office:text>{body}</office:text></office:body>"
                             "</office:document-content>")
        start = time.perf_counter()
        lines = read_bytes(buffer.getvalue(), "nested.odt", ".odt").lines
        print(f".odt of {what} ({len(buffer.getvalue()) / 1024:.0f} KB, {len(lines):,} "
              f"lines): {time.perf_counter() - start:.2f} s, peak {peak_mb():.0f} MB")


def _tree_pss_mb(root: int) -> float:
    """The proportional set size summed over ``root`` and its children (Linux)."""
    import os

    total = 0
    pids = [root]
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == root:
                pids.append(int(pid))
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def parallel_large_packages(files: int) -> None:
    """``mine -j 2`` of ``files`` .odt packages just inside the limits on tags and
    attributes, into a copy of the bundled bank: the peak over the whole process tree."""
    import os
    import shutil
    import subprocess
    import zipfile

    from drafter import config
    from drafter.corpus import office

    tags = office.MAX_TAGS - 100
    body = '<text:p a="" b=""/>' * (tags - 10)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bank = folder / "bank"
        shutil.copytree(config.bundled_dir("phrasebank"), bank)
        names = []
        for n in range(files):
            path = folder / f"large{n}.odt"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
                package.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                                 zipfile.ZIP_STORED)
                package.writestr("content.xml", "<office:document-content xmlns:office="
                                 '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                                 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                                 "<office:body>"
                                 f"<office:text><text:p>安全生产。</text:p>{body}</office:text>"
                                 "</office:body></office:document-content>")
            names.append(str(path))
        env = dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"),
                   XDG_DATA_HOME=str(folder / "data"), XDG_STATE_HOME=str(folder / "state"))
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "drafter", "--phrasebank", str(bank),
                                  "mine", "-j", "2", *names], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        peak = 0.0
        while child.poll() is None:
            peak = max(peak, _tree_pss_mb(child.pid))
            time.sleep(0.1)
        error = child.stderr.read().decode(errors="replace").strip()
        print(f"mine -j 2 of {files} .odt of {tags:,} tags and {2 * tags:,} attributes "
              f"into the bundled bank: {time.perf_counter() - start:.1f} s, peak "
              f"{peak:.0f} MB summed over its processes (exit {child.returncode}"
              f"{': ' + error[-200:] if child.returncode else ''})")


def provenance_comments(count: int) -> None:
    from drafter.bank.model import Source
    from drafter.draft.model import Draft, Item, Node, PhraseRef
    from drafter.export.docx import export_docx

    ref = PhraseRef("p0123456789", "paragraph", [Source("a.txt", 1, "")])
    items = [Item(f"要坚持第{n}条原则。", "paragraph", ref) for n in range(count)]
    draft = Draft(template="work_conference", title="讲话", markers=["一、"],
                  body=[Node("一个标题", items=items)])
    draft.renumber()
    start = time.perf_counter()
    data = export_docx(draft, provenance=True)
    print(f"export --provenance of {count:,} reused passages: "
          f"{time.perf_counter() - start:.2f} s ({len(data) / 2**20:.1f} MB), "
          f"peak {peak_mb():.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stars", type=int, default=30_000)
    parser.add_argument("--siblings", type=int, default=4_000)
    # (Under the caps on lines, 50,000, and on tags, MAX_TAGS: six tags a box.)
    parser.add_argument("--odt-paragraphs", type=int, default=45_000)
    parser.add_argument("--odt-boxes", type=int, default=45_000)
    parser.add_argument("--large-packages", type=int, default=4)
    parser.add_argument("--comments", type=int, default=4_000)
    args = parser.parse_args()
    provenance_comments(args.comments)
    parallel_large_packages(args.large_packages)
    odt_nesting(args.odt_paragraphs, args.odt_boxes)
    markdown_stars(args.stars)
    template_join()
    sibling_heads(args.siblings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
