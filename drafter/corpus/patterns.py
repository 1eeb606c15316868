"""Patterns of speech front matter shared by the cleaning and structure stages."""

from __future__ import annotations

import re

_ADDRESSEE = (r"(?:同志们|朋友们|女士们|先生们|老师们|同学们|代表们|来宾们|同事们|"
              r"各位[^：:，。！、]{0,12}|亲爱的[^：:，。！、]{1,12})")
SALUTATION_RE = re.compile(
    f"^(?:尊敬的[^：:。！]{{1,40}}|{_ADDRESSEE}(?:[、，,]{_ADDRESSEE})*)[：:]")

# "(作者为…)" and the like: kept, because the structure stage takes the speaker from it.
BYLINE_RE = re.compile(r"^[（(]\s*(?:作者|本文作者)\s*(?:为|系|是|：|:)\s*(.+?)\s*[）)]$")
