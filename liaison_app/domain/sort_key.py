"""Sort keys for names: pinyin order, as Excel and WPS users expect.

SQLite compares text by code point, which scatters Chinese names (苏州鼎…, 苏州通…, 苏州航…:
鼎 is U+9F0E, 航 U+822A). The key spells each Chinese character in pinyin with its tone
digit followed by the character itself (苏州航 -> ``su1苏zhou1州hang2航``), so a plain
ORDER BY gives pinyin order: the tone digit ends every syllable, so 西安 (xi1…an1…) comes
before 先 (xian1…) as in a dictionary, and characters that read alike (航, 行) stay apart.
Other text is kept as typed, NFKC-folded, lower-cased and without spaces; Latin letters then
fall among the pinyin (阿里 before ABB, both before 北京).

Polyphonic characters take their reading in a known word (重庆 chong2, 银行 hang2) through
pypinyin's phrase dictionary; alone, their most common reading. pypinyin's dictionaries take
about half a second to load, so they are imported on the first key, never at start-up.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

_NEUTRAL = "5"  # the neutral tone sorts after the four others
_TONES = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


@cache
def _dictionaries() -> tuple[dict[int, str], dict[str, list[list[str]]], Any]:
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.seg.mmseg import seg

    return pinyin_dict, phrases_dict, seg


@cache
def _tone3(reading: str) -> str:
    """A tone-marked syllable as letters and a tone digit (``zhōng`` -> ``zhong1``)."""
    tone = _NEUTRAL
    letters = []
    for ch in unicodedata.normalize("NFD", reading):
        if ch in _TONES:
            tone = _TONES[ch]
        elif ch == "\u0308":  # ü: v, as pinyin input methods type it
            letters[-1] = "v"
        elif not unicodedata.combining(ch):
            letters.append(ch)
    return "".join(letters) + tone


@cache
def _char_key(ch: str) -> tuple[str, bool]:
    """A character's key alone (its most common reading), and whether it has others."""
    readings = _dictionaries()[0][ord(ch)]
    return _tone3(readings.split(",")[0]) + ch, "," in readings


def _run_key(run: str) -> str:
    """The key of a run of Chinese characters; a run with a polyphonic character is cut
    into words, whose readings the phrase dictionary knows (most runs have none: 3x faster).
    """
    keys = [_char_key(ch) for ch in run]
    if len(run) == 1 or not any(poly for _, poly in keys):
        return "".join(key for key, _ in keys)
    _, phrases, seg = _dictionaries()
    out = []
    for word in seg.cut(run):
        readings = phrases.get(word) if len(word) > 1 else None
        for i, ch in enumerate(word):
            out.append(_tone3(readings[i][0]) + ch if readings else _char_key(ch)[0])
    return "".join(out)


def sort_key(text: str | None) -> str:
    """The key that orders ``text`` by pinyin (see the module's docstring)."""
    if not text:
        return ""
    chars = _dictionaries()[0]
    folded = "".join(unicodedata.normalize("NFKC", text).lower().split())
    out: list[str] = []
    start = 0  # start of the current run of Chinese characters
    for i, ch in enumerate(folded):
        if ord(ch) in chars:
            continue
        if start < i:
            out.append(_run_key(folded[start:i]))
        out.append(ch)
        start = i + 1
    if start < len(folded):
        out.append(_run_key(folded[start:]))
    return "".join(out)
