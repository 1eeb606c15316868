"""A plain (non-editable) install carries the bundled templates and phrasebank."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(REPO)], check=True, stdin=subprocess.DEVNULL)
    (found,) = out.glob("drafter-*.whl")
    return found


def test_wheel_contains_bundled_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "drafter/_data/templates/README.md" in names
    assert "drafter/_data/templates/party_lecture.toml" in names
    assert "drafter/_data/templates/party_lecture.j2" in names
    assert "drafter/_data/phrasebank/README.md" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_package_finds_its_data_without_the_checkout(wheel, tmp_path, monkeypatch):
    # A PYTHONPATH naming a checkout (the suite run against a worktree) would make the
    # new venv import that checkout, not the installed copy this test is about.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    env_dir = tmp_path / "venv"
    # No pip of its own (ensurepip took seven of the test's seconds): the running pip
    # installs into it with --python, as that interpreter's own pip would.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies come from the interpreter running the tests, venv or system Python
    # alike (system_site_packages would see only the base interpreter's): its site
    # directories are appended after the new venv's own, where the wheel goes.
    site_dir = subprocess.run([str(python), "-c", "import sysconfig;print(sysconfig.get_path('purelib'))"],
                              capture_output=True, text=True, check=True).stdout.strip()
    dirs = [*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])]
    Path(site_dir, "_test_deps.pth").write_text("\n".join(dirs) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--ignore-installed", str(wheel)],
                   check=True, stdin=subprocess.DEVNULL)
    script = (
        "import drafter, drafter.config as c, pathlib;"
        "print(pathlib.Path(drafter.__file__).parent);"
        "print(c.bundled_dir('templates'));print(c.bundled_dir('phrasebank'))"
    )
    result = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True,
                            text=True, check=True, stdin=subprocess.DEVNULL)
    package, templates, phrasebank = (Path(x) for x in result.stdout.split())
    assert REPO not in package.parents  # the installed copy, not the checkout
    assert templates == package / "_data" / "templates" and templates.is_dir()
    assert (phrasebank / "README.md").is_file()
    drafter_bin = env_dir / "bin" / "drafter"
    help_text = subprocess.run([str(drafter_bin), "--help"], capture_output=True, text=True,
                               check=True, cwd=tmp_path, stdin=subprocess.DEVNULL).stdout
    assert "parse" in help_text
    # The main job from the installed copy alone: a DOCX from a shipped template and the
    # bundled phrasebank, with the user's dirs somewhere empty.
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "c"), XDG_CACHE_HOME=str(tmp_path / "k"))
    result = subprocess.run([str(drafter_bin), "outline", "-t", "work_conference", "--topic",
                             "作风建设", "--mode", "full", "-o", "speech.docx"],
                            capture_output=True, text=True, cwd=tmp_path, env=env,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert zipfile.ZipFile(tmp_path / "speech.docx").read("word/document.xml")
    # Reviewing without --phrasebank leaves every installed file byte-identical: the
    # decision goes to the user's own phrasebank, made from the bundled one.
    def snapshot(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and "__pycache__" not in p.parts}

    before = snapshot(package)
    env["XDG_DATA_HOME"] = str(tmp_path / "d")
    phrase_id = next(line.split('"id": "')[1].split('"')[0]
                     for line in (phrasebank / "phrases" / "work_style.jsonl").open(encoding="utf-8")
                     if '"status": "approved"' in line)
    result = subprocess.run([str(drafter_bin), "phrasebank", "review", phrase_id, "--status",
                             "rejected"], capture_output=True, text=True, cwd=tmp_path, env=env,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert snapshot(package) == before
    user_bank = tmp_path / "d" / "drafter" / "phrasebank"
    assert phrase_id in (user_bank / "phrases" / "work_style.jsonl").read_text(encoding="utf-8")
    info = subprocess.run([str(drafter_bin), "--json", "info"], capture_output=True, text=True,
                          cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, check=True).stdout
    assert '"phrasebank_kind": "user"' in info
    # Asked outright to write into the installed bank, drafter refuses and names why.
    result = subprocess.run([str(drafter_bin), "--phrasebank", str(phrasebank), "phrasebank",
                             "review", phrase_id, "--status", "rejected"], capture_output=True,
                            text=True, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL)
    assert result.returncode != 0 and "read-only" in result.stderr
    assert snapshot(package) == before
