"""Text clean-up for what users type with a Chinese input method.

Chinese IMEs often produce full-width digits, letters and punctuation ("１．２亿",
"（中国）"); parsers and matching keys must treat them as their ASCII twins.
"""

from __future__ import annotations

import re
import unicodedata

from liaison_app.domain.errors import ParseError

# U+FF01..U+FF5E are the full-width forms of ASCII "!".."~"; U+3000 is the ideographic space.
_HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_ASCII_LOWER = {cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)}
_WHITESPACE = re.compile(r"\s+")


def to_halfwidth(s: str) -> str:
    """Full-width ASCII and the ideographic space to half-width; CJK untouched."""
    return s.translate(_HALFWIDTH)


def shorten(s: str, limit: int = 40) -> str:
    """At most ``limit`` characters, for quoting user input inside an error message."""
    return s if len(s) <= limit else s[: limit - 1] + "…"


def clean_text(s: str | None, *, max_len: int | None = None) -> str:
    """Strip surrounding whitespace (full-width too); refuse text longer than max_len.

    Inner spacing and line breaks are the user's and are kept.
    """
    text = (s or "").strip()
    if max_len is not None and len(text) > max_len:
        raise ParseError("text_too_long", text=text, max_len=max_len, length=len(text))
    return text


def normalize_company_name(name: str) -> str:
    """A key that matches the same company however its name was typed.

    NFKC folds full-width forms ("（）" -> "()"); whitespace goes; ASCII is lower-cased;
    "有限责任公司" and "有限公司" name the same legal form. "股份有限公司" stays distinct:
    it is a different kind of company.
    """
    key = unicodedata.normalize("NFKC", name)
    key = _WHITESPACE.sub("", key).translate(_ASCII_LOWER)
    return key.replace("有限责任公司", "有限公司")
