"""Chinese numerals as they appear in heading markers: 一 … 十 … 九十九, 一百."""

from __future__ import annotations

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL_CHARS = "〇零一二两三四五六七八九十百"
_UNITS = "十百"


def chinese_to_int(text: str) -> int | None:
    """'十四' → 14, '二十一' → 21, '一百' → 100; None if it is not a numeral."""
    if not text or any(ch not in DIGITS and ch not in _UNITS for ch in text):
        return None
    total = 0
    current = 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def int_to_chinese(n: int) -> str:
    """14 → '十四', 21 → '二十一' (1 ≤ n ≤ 999), the form used in 一、 markers."""
    if not 0 < n < 1000:
        raise ValueError(f"cannot write {n} as a heading numeral")
    digits = "〇一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out
