"""Heading markers: 一、 …十一、, （一）, 1., （1）, and the run-in 一是 / 一要 / 第一，.

A draft stores for each level which style numbers it; markers are regenerated from a
node's position whenever the tree changes, so they can never drift out of order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drafter.errors import DrafterError
from drafter.text.numerals import int_to_chinese


@dataclass(frozen=True)
class MarkerStyle:
    key: str  # the style as its first marker reads: 一、 （一） 1. （1） 一是 …
    format: Callable[[int], str]
    run_in: bool  # heads in this style usually open their paragraph (一要坚持实事求是。…)


_STYLES = [
    MarkerStyle("一、", lambda n: f"{int_to_chinese(n)}、", False),
    MarkerStyle("（一）", lambda n: f"（{int_to_chinese(n)}）", False),
    MarkerStyle("1.", lambda n: f"{n}.", False),
    MarkerStyle("（1）", lambda n: f"（{n}）", False),
    MarkerStyle("第一个方面，", lambda n: f"第{int_to_chinese(n)}个方面，", False),
    MarkerStyle("第一，", lambda n: f"第{int_to_chinese(n)}，", True),
    MarkerStyle("一是", lambda n: f"{int_to_chinese(n)}是", True),
    MarkerStyle("一要", lambda n: f"{int_to_chinese(n)}要", True),
    MarkerStyle("", lambda n: "", False),  # unnumbered
]
STYLES = {style.key: style for style in _STYLES}
DEFAULT_STYLES = ["一、", "（一）", "1.", "（1）"]


def style(key: str) -> MarkerStyle:
    try:
        return STYLES[key]
    except KeyError:
        known = " ".join(k for k in STYLES if k)
        raise DrafterError(f"unknown marker style {key!r} (known: {known})") from None


def style_for_level(styles: list[str], level: int) -> MarkerStyle:
    """The style of ``level`` (1-based); levels past the list continue the default order."""
    if level <= len(styles):
        return style(styles[level - 1])
    rest = [k for k in DEFAULT_STYLES if k not in styles] or DEFAULT_STYLES[-1:]
    return style(rest[min(level - len(styles) - 1, len(rest) - 1)])


def marker(styles: list[str], level: int, number: int) -> str:
    return style_for_level(styles, level).format(number)


def without_marker(heading: str, marker: str) -> str:
    """``heading`` without a leading copy of its own ``marker``: a writer who types
    一要补齐… or 第一个方面，充分… under a heading numbered 一要 / 第一个方面， would
    otherwise see the marker twice.  A comma typed for the marker's own counts too."""
    core = marker.rstrip("，、,. ．")
    if not core or not heading.startswith(core):
        return heading
    rest = heading[len(core):]
    if marker != core:  # the marker ends in punctuation: the writer's may differ
        rest = rest.lstrip("，、,. ．") if rest[:1] in "，、,.．" else None
    if not rest or not rest.strip() or rest[0].isdigit():
        # The marker and nothing else, or a number (1.5倍 under 1.): leave it as typed.
        return heading
    return rest.strip()
