"""Import-time discipline: start-up stays light and layers stay apart."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, stdin=subprocess.DEVNULL).stdout
    return set(out.split())


def test_cli_start_up_imports_no_heavy_libraries():
    loaded = _modules_after("import drafter.cli")
    for heavy in ("docx", "jieba", "textual", "charset_normalizer", "opencc", "rich", "jinja2"):
        assert heavy not in loaded, heavy


def test_parsing_text_does_not_load_python_docx():
    loaded = _modules_after(
        "from drafter import parse_text; parse_text('同志们：\\n一、提高认识\\n要坚持学习。')")
    assert "docx" not in loaded and "textual" not in loaded


def test_domain_modules_do_not_import_textual():
    # Every module outside drafter.tui, imported: none may pull in Textual.
    loaded = _modules_after(
        "import pkgutil, importlib, drafter; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(drafter.__path__, "
        "'drafter.') if not m.name.startswith(('drafter.tui', 'drafter.__main__'))]")
    assert "drafter.export.docx" in loaded and "drafter.draft.assemble" in loaded
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)


@pytest.mark.parametrize("topic", ["作风建设", "医保基金监管", "工业遗产保护"])
def test_assembling_a_draft_needs_no_segmenter(topic):
    # A topic one of whose words heads a longer one (遗产 of 工业遗产) is weighed against
    # the bank's uses of it: that had imported jieba, 1.2 s of every `drafter outline`.
    loaded = _modules_after("from drafter import assemble; "
                            f"assemble('party_lecture', {{'topic': {topic!r}}}, mode='full')")
    assert "jieba" not in loaded and "rjieba" not in loaded and "docx" not in loaded


def test_domain_modules_do_not_import_the_cli_stack():
    loaded = _modules_after("import drafter.corpus, drafter.text.sentences, drafter.config")
    for ui in ("click", "rich", "textual"):
        assert ui not in loaded, ui


def test_reading_a_utf8_file_loads_no_encoding_detector(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("同志们：\n一、提高认识\n要坚持学习。\n", encoding="utf-8")
    loaded = _modules_after(f"from drafter import load_document; load_document({str(path)!r})")
    assert "charset_normalizer" not in loaded and "opencc" not in loaded and "docx" not in loaded


def test_the_screens_do_not_import_each_other():
    # They move between screens through the app (show_start, open_draft, recover …),
    # so a screen can change without the others.  Dialogs are shared, not screens;
    # what two screens both use lives in drafter.tui.widgets or drafter.tui.components.
    import ast
    from pathlib import Path

    import drafter.tui.screens as screens

    folder = Path(screens.__file__).parent
    names = {f"drafter.tui.screens.{p.stem}" for p in folder.glob("*.py")} - {
        "drafter.tui.screens.dialogs", "drafter.tui.screens.__init__"}
    for module in ("start", "draft", "review"):
        tree = ast.parse((folder / f"{module}.py").read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module}
        assert not imported & (names - {f"drafter.tui.screens.{module}"}), module


def test_the_draft_screens_components_import_no_screen():
    # Components show what they are given and post messages; the screen wires them.
    import ast
    from pathlib import Path

    import drafter.tui.components as components

    for path in Path(components.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module}
        assert not any(m.startswith("drafter.tui.screens") for m in imported), path.name
