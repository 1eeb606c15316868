"""Dates as speeches write them: 2024年7月15日, 二〇二四年七月十五日, 2024-07-15."""

from __future__ import annotations

import datetime
import re

from drafter.text.numerals import chinese_to_int

_DIGIT = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
          "六": "6", "七": "7", "八": "8", "九": "9"}
_YMD_RE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年"
                     r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                     r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
# A written date as a pattern to build on (no groups); X stands for a digit left blank
# in a template (2024年X月X日).
DATE_PATTERN = (r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年"
                r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|X{1,2})\s*月"
                r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|X{1,2})\s*日")
_ISO_RE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


class NotADate(ValueError):
    """Written like a date, but no such day (2025-13-45)."""


def parse_date(text: str, whole: bool = False) -> datetime.date | None:
    """The first date in ``text`` (all of it when ``whole``), or None when there is none.
    Raises NotADate for a date-shaped string that names no real day."""
    text = (text or "").strip()
    for pattern in (_YMD_RE, _ISO_RE):
        match = pattern.fullmatch(text) if whole else pattern.search(text)
        if match:
            year, month, day = match.groups()
            year = "".join(_DIGIT.get(ch, ch) for ch in year)  # 二〇二四 digit by digit
            month_n = int(month) if month.isdigit() else chinese_to_int(month)
            day_n = int(day) if day.isdigit() else chinese_to_int(day)
            try:
                return datetime.date(int(year), month_n or 0, day_n or 0)
            except ValueError:
                raise NotADate(match.group()) from None
    return None
