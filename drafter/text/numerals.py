"""Chinese numerals as they appear in heading markers: 一 … 十 … 九十九, 一百 … 一千零一."""

from __future__ import annotations

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
NUMERAL_CHARS = "〇零一二两三四五六七八九十百"
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_to_int(text: str) -> int | None:
    """'十四' → 14, '二十一' → 21, '一百' → 100, '一千零一' → 1001, '一万' → 10000;
    None if it is not a numeral."""
    if not text or any(ch not in DIGITS and ch not in _UNITS and ch != "万" for ch in text):
        return None
    total = section = current = 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch == "万":
            total += (section + current or 1) * 10_000
            section = current = 0
        else:
            section += (current or 1) * _UNITS[ch]
            current = 0
    return total + section + current


def int_to_chinese(n: int) -> str:
    """14 → '十四', 21 → '二十一', 1001 → '一千零一', 10010 → '一万零一十' (1 ≤ n < 10⁸):
    the form used in 一、 markers."""
    # (1.5 or a text, from a user's template, had raised Python's own TypeError.)
    if isinstance(n, bool) or not isinstance(n, int) or not 0 < n < 100_000_000:
        raise ValueError(f"cannot write {str(n)[:40]} as a heading numeral")
    high, low = divmod(n, 10_000)
    if not high:
        return _below_ten_thousand(low, first=True)
    out = _below_ten_thousand(high, first=True) + "万"
    if low:
        out += ("零" if low < 1000 else "") + _below_ten_thousand(low, first=False)
    return out


def _below_ten_thousand(n: int, first: bool) -> str:
    """1 ≤ n ≤ 9999; ``first``: nothing is written before it (十四, not 一十四)."""
    digits = "〇一二三四五六七八九"
    out = ""
    zero = False  # a zero digit between two written ones is said once: 一千零一
    for unit, value in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = n // value % 10
        if not digit:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        if unit == "十" and digit == 1 and not out and first:
            out += "十"
        else:
            out += digits[digit] + unit
    return out
