"""The part-of-speech tags of jieba's bundled dictionary, read once.

jieba's dict.txt tags every word: ns place names (重庆, 陇西, 岷县), nr person names,
nt organisations, i idioms (成语), l set phrases (习用语), n nouns, v verbs …  Looking a
word up here costs a dict access; tagging running text with jieba.posseg costs seven
times a plain cut.  Mining needs tags only for the few words it is deciding about (is
this four-character unit an idiom? is this word a place?), so it looks them up.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, str], dict[str, int]]:
    import jieba

    tags: dict[str, str] = {}
    freq: dict[str, int] = {}
    with jieba.get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
                freq[parts[0]] = int(parts[1])
    return tags, freq


def word_tags() -> dict[str, str]:
    """word → jieba tag, for every word of jieba's general dictionary."""
    return _dictionary()[0]


def word_freq() -> dict[str, int]:
    """word → its frequency in jieba's general dictionary."""
    return _dictionary()[1]
