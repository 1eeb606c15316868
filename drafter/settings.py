"""User settings: ``settings.toml`` in the user config directory.

    [fonts]                      # font names differ from office to office
    title = "方正小标宋简体"
    body = "仿宋_GB2312"
    heading1 = "黑体"            # 一、 heads
    heading2 = "楷体_GB2312"      # （一） heads
    kai = "楷体_GB2312"           # speaker and date under the title
    page_number = "宋体"

    [layout]
    bold_run_in_heads = true     # 一要…/1. heads set in the body font are bolded

    [speech]
    chars_per_minute = 220

    [keys]                       # the TUI's keys, by binding id (drafter tui, F1 lists them)
    "outline.move_up" = "alt+up"

Only the keys given override the defaults; an unknown key or a value of the wrong type
is an error naming the file and the key, so a typo does not silently do nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from drafter.errors import DrafterError, UnreadableFile
from drafter.fileio import read_toml
from drafter.text.chars import readable

SETTINGS_FILE = "settings.toml"
# The longest text setting taken: the text settings are font names, which are short
# (Word's font box takes 31 characters).
MAX_SETTING_CHARS = 100
MAX_KEY_SETTINGS = 1000  # [keys] entries: more than there are actions, many times over
# The largest number a setting takes (chars_per_minute: people read 150-300 a minute):
# 10**400 had ended `drafter check` in an OverflowError traceback (fuzz pass C of stop 64).
MAX_SETTING_NUMBER = 10_000


class SettingsError(DrafterError):
    pass


@dataclass(frozen=True)
class Fonts:
    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    kai: str = "楷体_GB2312"
    page_number: str = "宋体"


@dataclass(frozen=True)
class Layout:
    bold_run_in_heads: bool = True


@dataclass(frozen=True)
class Speech:
    chars_per_minute: int = 220


@dataclass(frozen=True)
class Settings:
    fonts: Fonts = field(default_factory=Fonts)
    layout: Layout = field(default_factory=Layout)
    speech: Speech = field(default_factory=Speech)
    keys: dict[str, str] = field(default_factory=dict)  # TUI binding id → key(s)
    path: str = ""  # the file they were read from, if any


def settings_path() -> Path:
    from drafter import config

    override = os.environ.get("DRAFTER_SETTINGS")
    return Path(override) if override else config.user_dirs().config / SETTINGS_FILE


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """The defaults, overridden by the settings file when there is one."""
    file = Path(path) if path else settings_path()
    if not file.is_file():
        if path or os.environ.get("DRAFTER_SETTINGS") or os.path.lexists(file):
            # (A folder, a FIFO or /dev/zero is there, but is no settings file: in the
            # user's own place too, where it had been passed over without a word, fuzz
            # pass 47 m1.)
            raise SettingsError(f"{file}: " + ("not a regular file (a settings file is a "
                                               "TOML file)" if os.path.lexists(file)
                                               else "settings file not found"))
        return Settings()
    try:
        data = read_toml(file)
    except UnreadableFile as exc:
        raise SettingsError(str(exc)) from None
    settings = Settings(path=str(file))
    tables = {"fonts": settings.fonts, "layout": settings.layout, "speech": settings.speech}
    keys = data.pop("keys", {})
    if not isinstance(keys, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keys.items()):
        raise SettingsError(f"{file}: [keys] maps binding ids to keys, e.g. "
                            '"outline.move_up" = "alt+up"')
    if long := next((k for k, v in keys.items() if len(v) > MAX_SETTING_CHARS), None):
        # (A million characters, or 500,000 keys for one action, had left the TUI blank
        # and busy until killed: fuzz pass 53.)
        raise SettingsError(f"{file}: [keys] {long[:40]!r} is {len(keys[long]):,} characters "
                            f"long; a key setting takes at most {MAX_SETTING_CHARS}")
    if len(keys) > MAX_KEY_SETTINGS:
        raise SettingsError(f"{file}: [keys] sets {len(keys):,} keys; there are not that many "
                            f"actions (at most {MAX_KEY_SETTINGS})")
    for table, values in data.items():
        if table not in tables:
            raise SettingsError(f"{file}: unknown section [{table}] "
                                f"(known: {', '.join(tables)}, keys)")
        if not isinstance(values, dict):
            raise SettingsError(f"{file}: {table} must be a section: [{table}]")
        current = tables[table]
        known = {f.name: f for f in fields(current)}
        for key, value in values.items():
            if key not in known:
                raise SettingsError(f"{file}: [{table}] has no setting {key!r} "
                                    f"(known: {', '.join(known)})")
            expected = type(getattr(current, key))
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                # (In words: "must be a int" had been Python's type name: fuzz pass 44.)
                kind = {int: "a whole number", float: "a number", bool: "true or false",
                        str: "text in quotes"}.get(expected, expected.__name__)
                raise SettingsError(f"{file}: [{table}] {key} must be {kind}")
            if isinstance(value, str) and not value.strip():
                raise SettingsError(f"{file}: [{table}] {key} must not be empty")
            if isinstance(value, str) and len(value) > MAX_SETTING_CHARS:
                # (A font name of a million characters had ended export in an lxml
                # "buffer size limit exceeded" traceback: fuzz pass 52.)
                raise SettingsError(f"{file}: [{table}] {key} is {len(value):,} characters "
                                    f"long; a setting takes at most {MAX_SETTING_CHARS}")
            if isinstance(value, str) and readable(value) != value:
                # (A BEL in a font name had ended every DOCX export in an lxml
                # traceback: fuzz pass.)
                raise SettingsError(f"{file}: [{table}] {key} holds a control character or "
                                    f"a code point that is no character ({value!r})")
            if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
                raise SettingsError(f"{file}: [{table}] {key} must be positive")
            if isinstance(value, int) and not isinstance(value, bool) and (
                    value > MAX_SETTING_NUMBER):
                raise SettingsError(f"{file}: [{table}] {key} must be at most "
                                    f"{MAX_SETTING_NUMBER:,}")
        tables[table] = replace(current, **values)
    return replace(settings, **tables, keys=dict(keys))
