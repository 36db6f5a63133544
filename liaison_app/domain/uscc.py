"""统一社会信用代码 (unified social credit code, GB 32100-2015).

The code identifies a company across offices and with headquarters; its check digit
catches most typing errors at entry, before a wrong code splits one company in two.
"""

from __future__ import annotations

import re

from liaison_app.domain.errors import ParseError
from liaison_app.domain.text import to_halfwidth

# Values 0..30; I, O, Z, S and V are left out because they look like digits.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18

_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WHITESPACE = re.compile(r"\s+")


def check_digit(first17: str) -> str:
    """The 18th character for the first 17: 31 - (weighted sum mod 31), 31 -> 0."""
    if len(first17) != LENGTH - 1 or any(ch not in _VALUE for ch in first17):
        raise ValueError(f"need 17 characters from the USCC alphabet, got {first17!r}")
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(text: str) -> str:
    """As people type or paste it: spaces (full-width too) removed, half-width, upper."""
    return _WHITESPACE.sub("", to_halfwidth(text)).upper()


def validate_uscc(text: str | None, *, required: bool = False) -> str | None:
    """The normalized code, or ParseError saying exactly what is wrong with it.

    Empty gives None unless required (many visited companies are not looked up yet).
    """
    code = normalize_uscc(text or "")
    if not code:
        if required:
            raise ParseError("required")
        return None
    if len(code) != LENGTH:
        raise ParseError("uscc_length", length=len(code))
    for position, ch in enumerate(code, start=1):
        if ch not in _VALUE:
            raise ParseError("uscc_chars", char=ch, position=position)
    expected = check_digit(code[:-1])
    if code[-1] != expected:
        raise ParseError("uscc_check_digit", expected=expected, actual=code[-1])
    return code


def is_valid_uscc(text: str | None) -> bool:
    """True for a well-formed code with the right check digit; False for empty."""
    try:
        return validate_uscc(text) is not None
    except ParseError:
        return False


def make_uscc(first17: str) -> str:
    """A valid code from 17 characters (sample data, tests)."""
    first17 = normalize_uscc(first17)
    return first17 + check_digit(first17)
