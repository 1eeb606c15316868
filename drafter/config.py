"""Where drafter's files live: data bundled with the package, and the user's own.

Bundled data (``templates/``, ``phrasebank/``) sits at the repository root in a
checkout and is copied into ``drafter/_data/`` when the package is built, so both a
source checkout and a plain ``pip install`` find it.  The user's own files live in the
platform's standard directories (XDG on Linux) via platformdirs and add to the bundled
ones.

The bundled phrasebank is read-only.  Changes (mining, review, import) without an
explicit ``--phrasebank`` go to the user's own phrasebank in the data directory, made as a
copy of the bundled one on the first write; from then on it is the phrasebank in use.  A
copy rather than a layer over the bundled bank: a phrase file is then one file a
maintainer can diff and commit, and a decision is never shadowed by an upgrade.  An
upgrade's new bundled phrases are not merged in; ``drafter info`` says which bank is in
use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "drafter"
BUNDLED_KINDS = ("templates", "phrasebank")

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_dir(kind: str) -> Path:
    """The shipped ``templates`` or ``phrasebank`` directory."""
    if kind not in BUNDLED_KINDS:
        raise ValueError(f"unknown bundled data kind: {kind!r}")
    installed = _PACKAGE_DIR / "_data" / kind
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / kind  # running from a source checkout


@dataclass(frozen=True)
class UserDirs:
    config: Path
    data: Path
    cache: Path
    state: Path  # (where the search index goes when the cache cannot be written)


def expanded(path: str | os.PathLike[str]) -> Path:
    """``path`` with a leading ~ or ~user made the home folder, as a shell would; a user
    the system does not know is a DrafterError (``Path.expanduser`` had raised a bare
    RuntimeError, a traceback of every command given --phrasebank '~nouser': fuzz pass,
    stop 62)."""
    from drafter.errors import DrafterError
    from drafter.fileio import shown

    try:
        return Path(path).expanduser()
    except RuntimeError:
        user = str(path).split("/", 1)[0]
        raise DrafterError(f"{shown(str(path))}: there is no user {shown(user[1:])}, so "
                           f"{shown(user)} names no home folder; give the folder's path"
                           ) from None


def user_dirs() -> UserDirs:
    import platformdirs

    named_data = os.environ.get(DATA_VARIABLE)
    return UserDirs(
        config=Path(platformdirs.user_config_dir(APP_NAME)),
        data=expanded(named_data) if named_data else Path(
            platformdirs.user_data_dir(APP_NAME)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME)),
        state=Path(platformdirs.user_state_dir(APP_NAME)),
    )


# The variable naming the data folder (phrasebank, drafts, recovery copies) outright:
# wherever it is, a link too, it is the user's choice.
DATA_VARIABLE = "DRAFTER_DATA"


def own_data(folder: str = "") -> Path:
    """The user data folder drafter writes its phrasebank, drafts and recovery copies
    in, or its sub-folder ``folder`` (phrasebank, drafts, autosave).  A link in the place
    of either that the user has not named (DRAFTER_DATA) is refused with a DrafterError:
    followed, it had had a phrasebank, or the TUI's recovery copies, written wherever it
    pointed (fuzz pass 68, as the cache's had been in /etc, pass 67).  Reading through it
    is harmless; only writes ask for this."""
    from drafter.errors import DrafterError
    from drafter.fileio import shown

    data = user_dirs().data
    if os.environ.get(DATA_VARIABLE):
        return data / folder if folder else data
    for place in (data, data / folder) if folder else (data,):
        if place.is_symlink():
            target = os.readlink(place)
            raise DrafterError(f"{shown(place)} is a link (to {shown(target)}), which drafter "
                               "does not write through; to keep its data elsewhere, name "
                               f"the folder: {DATA_VARIABLE}=FOLDER")
    return data / folder if folder else data


def own_cache() -> Path | None:
    """The user cache folder drafter keeps what it can make again in (the search index,
    jieba's parsed dictionary, LibreOffice's conversions); None when a link stands in its
    place: followed, it had had the index and its lock written in /etc (fuzz pass 67).
    The folders above it are the user's to arrange (a ~/.cache on another disk)."""
    cache = user_dirs().cache
    return None if cache.is_symlink() else cache


def search_path(kind: str) -> list[Path]:
    """Directories to look in for ``kind``, the user's first so they can override."""
    user = user_dirs().config / kind
    return [user, bundled_dir(kind)]


PHRASES_SUBDIR = "phrases"


def inside_installed_package(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` lies in the data installed with the package (never written)."""
    installed = (_PACKAGE_DIR / "_data").resolve()
    return Path(path).resolve().is_relative_to(installed)


def user_phrasebank_dir() -> Path:
    """Where the user's own phrasebank lives (it may not exist yet)."""
    return user_dirs().data / "phrasebank"


def _chosen_phrasebank(option: str | os.PathLike[str] | None) -> Path | None:
    chosen = option or os.environ.get("DRAFTER_PHRASEBANK")
    return expanded(chosen) if chosen else None


def _existing(chosen: Path) -> Path:
    """A phrasebank named with --phrasebank (or the environment) that must be there: a
    mistyped folder read as an empty bank would draft, search and review from nothing
    without a word."""
    from drafter.errors import DrafterError

    if not chosen.is_dir():
        what = "is not a folder" if chosen.exists() else "does not exist"
        raise DrafterError(f"{chosen}: no phrasebank there (the folder {what}); "
                           "'drafter mine … -o DIR' makes one")
    return _a_phrasebank(chosen)


def _a_phrasebank(chosen: Path) -> Path:
    """``chosen`` when it is a phrasebank, or a folder that may become one (new, or
    empty).  Any other folder is refused: /etc searched as an empty bank said "no
    phrases found", and an import into ~/Documents made phrases/, .lock and a review log
    there (fuzz pass 40)."""
    from drafter.errors import DrafterError

    for path in (chosen, chosen / PHRASES_SUBDIR):
        try:
            path.resolve()
        except (RuntimeError, OSError) as exc:
            # A symbolic link leading back to itself (RuntimeError up to Python 3.12,
            # OSError after): import had ended in a traceback (fuzz pass 57, N3).
            raise DrafterError(f"{path}: cannot be followed (a symbolic link loop?); "
                               "name a phrasebank, or a new or empty folder") from exc
    if chosen.exists() and not chosen.is_dir():
        # (/dev/null or a file: import had said "File exists", fuzz pass 68.)
        from drafter.fileio import shown

        raise DrafterError(f"{shown(chosen)}: not a folder; a phrasebank is a folder "
                           "(give a new name to make one)")
    if not chosen.is_dir() or (chosen / PHRASES_SUBDIR).is_dir() or (
            chosen / "taxonomy.toml").is_file():
        return chosen
    from drafter.bank.store import left_by_drafter

    try:
        # (What a first mine killed before its commit left, its lock and a staged
        # dictionary, had made the folder "no phrasebank" to every later command, the
        # same mine included: fuzz pass 41, F6.  The next write clears them.)
        empty = all(left_by_drafter(entry) for entry in chosen.iterdir())
    except OSError:
        return chosen  # unreadable: the command that reads it says so
    if not empty:
        raise DrafterError(f"{chosen}: not a phrasebank (it has no {PHRASES_SUBDIR}/ folder "
                           "and holds other files); name a phrasebank, or a new or empty "
                           "folder to make one in")
    return chosen


def check_output_file(output: str | os.PathLike[str]) -> None:
    """Refuse an output file (-o) in a folder that does not exist, or inside a phrasebank
    (its phrases, taxonomy, review log, README …) whatever --force says.  A mistyped
    folder had been made, parents and all (fuzz pass 41, F19).  A write inside a bank
    bypasses its lock and journal: an export had replaced opening.jsonl with the approved
    phrases alone (fuzz pass 40), and the review log and taxonomy.toml with phrases,
    leaving undo with nothing and every later command with invalid TOML (fuzz pass 41)."""
    from drafter.errors import DrafterError
    from drafter.fileio import shown

    parent = Path(output).parent
    if not parent.is_dir():
        raise DrafterError(f"{shown(output)}: the folder {shown(parent)} does not exist; "
                           "make it first, or write elsewhere")
    for folder in Path(output).resolve().parents:
        if (folder / PHRASES_SUBDIR).is_dir() and (folder / "taxonomy.toml").is_file():
            raise DrafterError(f"{shown(output)} is inside the phrasebank {shown(folder)}: "
                               "write it elsewhere, and change the bank with review or import")


def phrasebank_dir(option: str | os.PathLike[str] | None = None, *,
                   must_exist: bool = True) -> Path:
    """The phrasebank to read: ``--phrasebank``, then $DRAFTER_PHRASEBANK, then the
    user's own once it exists, then the bundled one.  A chosen folder must exist unless
    the caller only says where it is (``must_exist=False``: drafter info)."""
    chosen = _chosen_phrasebank(option)
    if chosen is not None:
        return _existing(chosen) if must_exist else chosen
    user = user_phrasebank_dir()
    return user if (user / PHRASES_SUBDIR).is_dir() else bundled_dir("phrasebank")


def writable_phrasebank_dir(option: str | os.PathLike[str] | None = None,
                            create: bool = False) -> Path:
    """The phrasebank a change goes to: the one named, else the user's own, made from
    the bundled one on the first write.  Never the bundled phrasebank itself.  A named
    folder must exist unless the change makes a bank (``create``: mining, importing)."""
    chosen = _chosen_phrasebank(option)
    if chosen is not None:
        return _a_phrasebank(chosen) if create else _existing(chosen)
    own_data("phrasebank")  # (not through a link in its place)
    user = user_phrasebank_dir()
    if not (user / PHRASES_SUBDIR).is_dir():
        copy_bundled_phrasebank(user)
    return user


def phrasebank_kind(path: Path) -> str:
    """``bundled``, ``user`` or ``chosen``: what the phrasebank at ``path`` is."""
    resolved = path.resolve()
    if resolved == bundled_dir("phrasebank").resolve():
        return "bundled"
    if resolved == user_phrasebank_dir().resolve():
        return "user"
    return "chosen"


def _remove_dead_copies(target: Path) -> None:
    """Remove the staging folders of copies of the bundled bank to ``target`` whose
    process is gone (killed while copying: up to 76 MB each, which no later run had
    removed, fuzz pass A of stop 67).  Each is named after its process's id."""
    import re
    import shutil

    from drafter.termination import process_alive

    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.[^.]+")
    for found in target.parent.iterdir():
        if (match := pattern.fullmatch(found.name)) and found.is_dir() \
                and not found.is_symlink() and not process_alive(match.group(1)):
            shutil.rmtree(found, ignore_errors=True)


def copy_bundled_phrasebank(target: Path) -> None:
    """Make ``target`` a copy of the bundled phrasebank, all at once: the files are
    copied into a sibling folder that is renamed into place, so an interrupted copy
    leaves no half bank, and a second process doing the same at the same time keeps
    the first one's."""
    import shutil
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_copies(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.",
                                    dir=target.parent))
    try:
        shutil.copytree(bundled_dir("phrasebank"), staging, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".lock", ".review-log.jsonl", ".*.tmp",
                                                      "__pycache__"))
        if target.is_dir() and not any(target.iterdir()):
            target.rmdir()  # an empty folder left by hand: take its place
        try:
            os.rename(staging, target)
        except OSError:
            if not (target / PHRASES_SUBDIR).is_dir():
                raise  # not another process's copy: a real failure
    finally:
        shutil.rmtree(staging, ignore_errors=True)
