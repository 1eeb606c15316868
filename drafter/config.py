"""Where drafter's files live: data bundled with the package, and the user's own.

Bundled data (``templates/``, ``phrasebank/``) sits at the repository root in a
checkout and is copied into ``drafter/_data/`` when the package is built, so both a
source checkout and a plain ``pip install`` find it.  The user's own files live in the
platform's standard directories (XDG on Linux) via platformdirs and add to the bundled
ones.
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


def user_dirs() -> UserDirs:
    import platformdirs

    return UserDirs(
        config=Path(platformdirs.user_config_dir(APP_NAME)),
        data=Path(platformdirs.user_data_dir(APP_NAME)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME)),
    )


def search_path(kind: str) -> list[Path]:
    """Directories to look in for ``kind``, the user's first so they can override."""
    user = user_dirs().config / kind
    return [user, bundled_dir(kind)]


def phrasebank_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The phrasebank to use: ``--phrasebank``, then $DRAFTER_PHRASEBANK, then bundled."""
    chosen = option or os.environ.get("DRAFTER_PHRASEBANK")
    return Path(chosen).expanduser() if chosen else bundled_dir("phrasebank")
