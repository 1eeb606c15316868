"""Character classes and character-level repairs for Chinese text.

Everything here is a pure function over strings, built on precompiled regexes or
``str.translate`` tables so that it stays fast on multi-megabyte inputs.
"""

from __future__ import annotations

import re

# CJK ideographs (BMP unified + extension A + compatibility) and the ideographic zero.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
# Full-width / CJK punctuation that sits between ideographs in running text.
CJK_PUNCT = ("\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20"
             "\u201c\u201d\u2018\u2019\u2014\u2026\u00b7")

CJK_RE = re.compile(f"[{CJK}]")

# Sentence-final punctuation (full width after repair).
TERMINAL = "。！？…"
# Punctuation after which a line cannot end a sentence or a heading.
SOFT_END = "，、；“‘（《〈【—"


# A visible gap in a draft, saying what the writer still has to supply (〔待补：讲话人〕).
GAP_RE = re.compile(r"〔待补：[^〔〕]*〕")


def speech_characters(text: str) -> int:
    """Characters of speech (no spaces, no gaps: a gap is what is still to be said):
    what a speaking time is reckoned from, the same for the draft's status line and the
    length check."""
    return sum(1 for ch in GAP_RE.sub("", text) if not ch.isspace())


def is_cjk(ch: str) -> bool:
    return bool(ch) and CJK_RE.match(ch) is not None


# --- invisible and control characters -------------------------------------------------

# Half of a character: a lone surrogate, which JSON can escape (\ud800) and which a byte
# that is not UTF-8 becomes when a file is read with surrogateescape.  No file, SQLite
# index or terminal takes one as text.
SURROGATE_RE = re.compile("[\ud800-\udfff]")
# A byte that did not decode, kept by errors="surrogateescape" (U+DC80-U+DCFF).
UNDECODED_BYTE_RE = re.compile("[\udc80-\udcff]")
# Control characters (C0, DEL, C1): ESC, BEL and the C1 CSI make a terminal that prints
# them move the cursor or set its title, NUL cuts text short, a line break splits a line.
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f]")
# …and the characters that act like them in a line of text: the bidirectional overrides
# and isolates (U+202E shows the rest of a line reversed) and the Unicode line and
# paragraph separators.  No phrase holds one (an import had taken U+202E in).
CONTROL_LIKE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                             "\u2028\u2029]")
# What no reader of a speech should be given: controls (a tab and a line feed aside),
# lone surrogates, the bidirectional overrides that reorder the text after them (U+202E),
# the Unicode line and paragraph separators, and U+FFFE and U+FFFF, which are no
# characters (XML refuses them: one in a font name of settings.toml had ended every DOCX
# export in an lxml traceback, fuzz pass of stop 62).  Every export takes them out alike
# (the .md and .txt had kept NUL and ESC, and drafter then refused its own file as binary).
_UNREADABLE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
                            "\u202a-\u202e\u2066-\u2069\u2028\u2029\ufffe\uffff]")


def readable(text: str) -> str:
    """``text`` without the characters no reader of a speech should be given."""
    return _UNREADABLE_RE.sub("", text)

# Zero-width characters, BOMs in the middle of text, soft hyphens and C0/C1 controls
# (tab is turned into a space, the rest disappear).
_ZERO_WIDTH = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD], None)
_INVISIBLE = {**dict.fromkeys(
    [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)], None), **_ZERO_WIDTH}
_INVISIBLE[0x09] = " "
_INVISIBLE[0xA0] = " "  # no-break space
_INVISIBLE[0x2002] = " "
_INVISIBLE[0x2003] = " "
_INVISIBLE[0x2009] = " "
_INVISIBLE[0x202F] = " "

# Full-width digits and Latin letters become half-width: ０-９ Ａ-Ｚ ａ-ｚ.
_FULLWIDTH_ALNUM = {
    cp: cp - 0xFEE0
    for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}

_NORMALISE_TABLE = {**_INVISIBLE, **_FULLWIDTH_ALNUM}


_NEEDS_NORMALISING_RE = re.compile(
    "[" + "".join(re.escape(chr(cp)) for cp in sorted(_NORMALISE_TABLE)) + "]")


def without_zero_width(text: str) -> str:
    """``text`` without the characters that take no room (zero-width spaces and joiners,
    a BOM inside text, soft hyphens): pasted into a field, they went into the .docx."""
    return text.translate(_ZERO_WIDTH)


def shows_nothing(text: str) -> bool:
    """Whether ``text`` holds nothing a reader would see: spaces, zero-width characters
    and controls only (a phrase of these had come in and shown as an empty line)."""
    return not normalise_chars(text).strip()


def normalise_chars(text: str) -> str:
    """Drop invisible/control characters and fold full-width digits and letters."""
    if _NEEDS_NORMALISING_RE.search(text) is None:
        return text  # the common case, found by one C-level scan
    return text.translate(_NORMALISE_TABLE)


# --- spacing repairs ---------------------------------------------------------------------

# Single ideographs separated by spaces, as in names padded for alignment: 习　近　平,
# 张　三, 何 建 平 (every piece one character, so 凝心聚力 奋发有为 is left alone).
_SPACED_NAME_RE = re.compile(
    f"(?<![{CJK}])([{CJK}](?:[ \u3000]+[{CJK}]){{1,3}})(?![{CJK}])")
# Any space (ASCII or ideographic) between two ideographs or an ideograph and CJK
# punctuation: what PDF line wrapping leaves behind (习近 平, 强 调).
_SPACE_IN_CJK_RE = re.compile(f"(?<=[{CJK}{CJK_PUNCT}])[ \u3000]+(?=[{CJK}{CJK_PUNCT}])")


def join_spaced_names(text: str) -> str:
    """习　近　平 → 习近平 (spaces inside a short run of single ideographs)."""
    if "\u3000" not in text and " " not in text:
        return text
    return _SPACED_NAME_RE.sub(lambda m: re.sub("[ \u3000]", "", m.group(1)), text)


# A space between two ideographs of a title: where its parts meet (坚持过紧日子 厉行节约
# 反对浪费), which a title may set apart so and a sentence may not.
_PARTS_SPACE_RE = re.compile(f"(?<=[{CJK}])[ \u3000]+(?=[{CJK}])")


def title_in_sentence(title: str) -> str:
    """A title's parts as a sentence joins them: 坚持过紧日子 厉行节约反对浪费 →
    坚持过紧日子、厉行节约反对浪费 (a judge had found the space in a speech's close)."""
    return _PARTS_SPACE_RE.sub("、", title.strip())


def remove_spaces_between_cjk(text: str) -> str:
    if " " not in text and "\u3000" not in text:
        return text
    return _SPACE_IN_CJK_RE.sub("", text)


# Digits spaced one by one (1 9 9 7 年国内生产总值达到7 4 7 7 2 亿元, 1 5 ．3 ％): a typeset
# report's figures as an archive holds them (new user 44 found them mined so, with wrong
# years among the specifics).  Only in a text where digits stand spaced apart: a space
# after a figure (Word 文档 2024 年) is left alone elsewhere.
_SPACED_DIGITS_RE = re.compile(r"\d (?=\d)")
_SPACE_AFTER_DIGIT_RE = re.compile(f"(?<=[0-9．.])[ \u3000]+(?=[0-9．.％%{CJK}{CJK_PUNCT}])")


def join_spaced_digits(text: str) -> str:
    """1 9 9 7 年 → 1997年, 1 5 ．3 ％ → 15．3％, in a text that spaces its digits."""
    if not _SPACED_DIGITS_RE.search(text):
        return text
    return _SPACE_AFTER_DIGIT_RE.sub("", text)


# --- punctuation width -------------------------------------------------------------------

HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
CJK_PUNCT_CHARS = frozenset("，。、；：？！“”‘’（）《》〈〉【】—…·")
_CHINESE_SIDE = f"[{CJK}{''.join(sorted(CJK_PUNCT_CHARS))}]"
# Half-width punctuation with Chinese on at least one side: 我们,要 → 我们，要 (the
# cleaner repairs it; the punctuation check reports it in drafts).
HALF_PUNCT_RE = re.compile(f"(?<={_CHINESE_SIDE})[,:;?!()]|[,:;?!()](?={_CHINESE_SIDE})")
_HALF_CLOSE_RE = re.compile(r"（([^（）()]{0,40})\)")
_HALF_OPEN_RE = re.compile(r"\(([^（）()]{0,40})）")
_CJK_PERIOD_RE = re.compile(f"(?<=[{CJK}])\\.(?=[{CJK}]|$)")


def fullwidth_punctuation(text: str) -> str:
    """Half-width , : ; ? ! ( ) next to Chinese become full width; 3,000 and 21:52 stay."""
    text = HALF_PUNCT_RE.sub(lambda m: HALF_TO_FULL[m.group()], text)
    if "（" in text or "）" in text:
        # Keep brackets paired: 评论（0) → 评论（0）.
        text = _HALF_CLOSE_RE.sub(r"（\1）", text)
        text = _HALF_OPEN_RE.sub(r"（\1）", text)
    if "." in text:
        text = _CJK_PERIOD_RE.sub("。", text)  # 机制.要加大 → 机制。要加大 (not 1.坚定)
    if ('"' in text or "'" in text) and CJK_RE.search(text):
        text = _curly_quotes(text, '"', "“", "”")
        text = _curly_quotes(text, "'", "‘", "’")
    return text


def _curly_quotes(text: str, straight: str, opening: str, closing: str) -> str:
    """Pair straight quotes as curly ones (“ ” or ‘ ’) when they pair up and each pair
    encloses Chinese text; an apostrophe in English is left alone."""
    positions = [i for i, ch in enumerate(text) if ch == straight]
    if not positions or len(positions) % 2:
        return text
    for n in range(0, len(positions), 2):
        if not CJK_RE.search(text[positions[n] + 1: positions[n + 1]]):
            return text
    chars = list(text)
    for n, pos in enumerate(positions):
        chars[pos] = opening if n % 2 == 0 else closing
    return "".join(chars)


# --- character references in markup ---------------------------------------------------

# A numeric character reference names at most U+10FFFF (seven decimal digits, six hex);
# html.unescape gives U+FFFD for any beyond, but reads the digits as an int first, and
# Python refuses an int of over 4,300 digits: &#111…; of 4,301 digits in a page had
# ended parse, mine and check in a traceback, the rest of a batch not read (fuzz pass
# B of stop 64).  References that long are U+FFFD here, before unescaping.
_OVERLONG_CHARREF_RE = re.compile(r"&#(?:[xX][0-9a-fA-F]{9,}|[0-9]{11,});?")


def unescape_html(text: str) -> str:
    """``html.unescape``, whatever the length of a numeric reference."""
    import html

    return html.unescape(_OVERLONG_CHARREF_RE.sub("\ufffd", text))
