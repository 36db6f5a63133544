"""Money as exact integer yuan.

Users type and read 万元 and 亿元; statistics sum thousands of amounts and must match the
reports to the yuan, so floats never hold money. Every amount is an ``int`` of yuan.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

from liaison_app.domain.errors import ParseError
from liaison_app.domain.i18n import label
from liaison_app.domain.text import shorten, to_halfwidth

YUAN_PER_WAN = 10_000
YUAN_PER_YI = 100_000_000
MAX_YUAN = 10 * 10**12  # 10 万亿元: far above any project; catches a unit typed twice

Unit = Literal["yuan", "wan", "yi"]

_UNIT_YUAN: dict[str, int] = {"yuan": 1, "wan": YUAN_PER_WAN, "yi": YUAN_PER_YI}
# Multipliers a user may write after the number. 元 alone means yuan.
_SUFFIX_YUAN: dict[str, int] = {
    "万亿": 10**12,
    "亿": YUAN_PER_YI,
    "千万": 10**7,
    "百万": 10**6,
    "万": YUAN_PER_WAN,
}
_MONEY_RE = re.compile(
    r"""
    (?P<sign>-)?
    (?:¥|RMB|CNY|人民币)?
    (?P<sign2>-)?
    (?P<num>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?
    (?P<mult>万亿|亿|千万|百万|万)?
    (?P<yuan>元|圆)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_SPLIT_NUMBER = re.compile(r"[0-9.,]\s+[0-9]")  # "1 2万": two numbers, not one
_MAX_INT_DIGITS = 20  # more is over MAX_YUAN in any unit: say so without building a Decimal
_MAX_FRAC_DIGITS = 40  # far below one yuan in any unit; more is noise, not an amount


def parse_money(
    value: str | int | Decimal | float | None,
    *,
    default_unit: Unit = "yuan",
    required: bool = False,
) -> int | None:
    """Read an amount as typed or as found in a spreadsheet cell; return whole yuan.

    A number without a unit is in ``default_unit`` (a column headed 万元 holds 万元).
    Fractions of a yuan round half-up. Empty gives None unless ``required``.
    """
    if default_unit not in _UNIT_YUAN:
        raise ValueError(f"unknown unit {default_unit!r}")
    if value is None:
        return _empty(required)
    if isinstance(value, bool):  # bool is an int, but True is no amount
        raise ParseError("money_invalid", text=str(value))
    if isinstance(value, str):
        amount, text = _parse_text(value, default_unit)
        if amount is None:
            return _empty(required)
    else:
        text = _display(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ParseError("money_invalid", text=text)
            number = Decimal(repr(value))
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, Decimal):
            if not value.is_finite():
                raise ParseError("money_invalid", text=text)
            number = value
        else:
            raise ParseError("money_invalid", text=text)
        amount = _scale(number, _UNIT_YUAN[default_unit])
    if amount < 0:
        raise ParseError("money_negative", text=text)
    if amount > MAX_YUAN:
        raise ParseError("money_too_large", text=text)
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP))


def _empty(required: bool) -> None:
    if required:
        raise ParseError("required")
    return None


def _display(value: object) -> str:
    return shorten(repr(value) if isinstance(value, float) else str(value))


def _scale(number: Decimal, factor: int) -> Decimal:
    """number * factor exactly (Decimal's default 28 digits could round)."""
    if number.adjusted() > 20:  # beyond 10^20 in any unit is over MAX_YUAN anyway
        return Decimal(MAX_YUAN + 1).copy_sign(number)
    with localcontext() as ctx:
        ctx.prec = len(number.as_tuple().digits) + 20
        return number * factor


def _parse_text(value: str, default_unit: Unit) -> tuple[Decimal | None, str]:
    """(amount in yuan, text to quote in errors); amount None when the text is empty."""
    shown = shorten(value.strip())
    text = to_halfwidth(value).replace("￥", "¥").replace("−", "-")
    if _SPLIT_NUMBER.search(text):
        raise ParseError("money_invalid", text=shown)
    text = _SPACES.sub("", text)
    if not text:
        return None, shown
    match = _MONEY_RE.fullmatch(text)
    if (
        match is None
        or (match["sign"] and match["sign2"])
        or len(match["frac"] or "") > _MAX_FRAC_DIGITS
    ):
        raise ParseError("money_invalid", text=shown)
    if len(match["num"].replace(",", "").lstrip("0")) > _MAX_INT_DIGITS:
        raise ParseError(
            "money_negative" if match["sign"] or match["sign2"] else "money_too_large", text=shown
        )
    digits = match["num"].replace(",", "")
    number = Decimal(f"{digits}.{match['frac'] or '0'}")
    if match["mult"]:
        factor = _SUFFIX_YUAN[match["mult"]]
    elif match["yuan"]:
        factor = 1
    else:
        factor = _UNIT_YUAN[default_unit]
    amount = _scale(number, factor)
    return (-amount if match["sign"] or match["sign2"] else amount), shown


# Ledgers qualify amounts in words the forms do not take: "约3亿", "3亿左右" (an
# estimate, read as the number written) and "1.2亿元人民币" (the currency spelled out).
_APPROX_BEFORE = ("大约", "约合", "预计", "约", "近", "超", "逾")
_APPROX_AFTER = ("左右", "上下", "以上", "多", "余")
_RMB_AFTER = re.compile(r"[(（]?(?:人民币|rmb|cny)[)）]?$", re.IGNORECASE)
_FOREIGN = re.compile(
    r"美元|美金|usd|us\$|\$|欧元|eur|€|日元|jpy|港元|港币|hkd|英镑|gbp|£|新台币|twd|新加坡元|sgd|"
    r"澳元|aud|加元|cad|韩元|krw|瑞士法郎|chf",
    re.IGNORECASE,
)


def parse_ledger_money(value: object, *, default_unit: Unit = "yuan") -> tuple[int | None, bool]:
    """An amount as ledgers write it: (whole yuan, approximate?).

    Beyond ``parse_money``: "约3亿" and "3亿左右" give 3亿 flagged approximate, "1.2亿元人民币"
    gives 1.2亿; an amount in a foreign currency ("0.5亿美元") is ParseError
    ``money_foreign`` naming the currency (never converted at a guessed rate).
    """
    if not isinstance(value, str):
        return parse_money(value, default_unit=default_unit), False  # type: ignore[arg-type]
    text = _SPACES.sub("", to_halfwidth(value))
    foreign = _FOREIGN.search(text)
    if foreign:
        raise ParseError("money_foreign", text=shorten(value.strip()), currency=foreign[0])
    approximate = False
    for word in _APPROX_BEFORE:
        if text.startswith(word) and len(text) > len(word):
            text, approximate = text[len(word) :], True
            break
    text = _without_rmb(text)
    for word in _APPROX_AFTER:
        if text.endswith(word) and len(text) > len(word):
            text, approximate = text[: -len(word)], True
            break
    text = _without_rmb(text)
    try:
        return parse_money(text, default_unit=default_unit), approximate
    except ParseError as exc:
        raise ParseError(exc.code, **{**exc.params, "text": shorten(value.strip())}) from None


def _without_rmb(text: str) -> str:
    """ "1.2亿元人民币" -> "1.2亿元" (the currency written after the amount)."""
    return _RMB_AFTER.sub("", text) or text


_UNIT_NAMES: dict[str, tuple[str, str]] = {
    "yuan": ("元", "yuan"),
    "wan": ("万元", "× 10k yuan"),
    "yi": ("亿元", "× 100 million yuan"),
}
"""How an amount's unit reads after the number, in Chinese and in English."""


def unit_name(unit: Unit) -> str:
    """The unit after a number in the user's language: "万元", or "× 10k yuan" in English
    (English readers do not read 万 and 亿)."""
    return label(*_UNIT_NAMES[unit])


def format_money(
    yuan: int, unit: Unit = "wan", *, with_unit: bool = True, decimals: int | None = None
) -> str:
    """Show an amount the way reports do: "120,000.00 万元", "1.20 亿元", "500 元".

    万元 shows 2 to 4 decimals so that any whole-yuan amount reads back exactly, unless
    ``decimals`` fixes the count (a table column reads best in one format, rounded
    half-up); 亿元 shows 2 decimals (rounded half-up), as statistics tables do. The unit
    follows the language: "× 10k yuan" and "× 100 million yuan" in English.
    """
    if unit not in _UNIT_NAMES:
        raise ValueError(f"unknown unit {unit!r}")
    if unit == "yuan":
        number = f"{yuan:,}"
    elif unit == "wan" and decimals is None:
        number = _grouped(yuan_to_wan(yuan), min_decimals=2)
    else:
        exact = yuan_to_wan(yuan) if unit == "wan" else yuan_to_yi(yuan)
        number = f"{_rounded(exact, 2 if decimals is None else decimals):,f}"
    return f"{number} {unit_name(unit)}" if with_unit else number


def _rounded(number: Decimal, decimals: int) -> Decimal:
    """``number`` rounded half-up to ``decimals`` places, keeping them ("1.20"); no "-0.00"
    for a tiny negative difference."""
    with localcontext() as ctx:
        ctx.prec = len(number.as_tuple().digits) + decimals + 10
        rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def _grouped(number: Decimal, *, min_decimals: int) -> str:
    """Thousands separators; trailing zeros trimmed down to min_decimals."""
    text = f"{number:,f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0").ljust(min_decimals, "0")
    return f"{whole}.{frac}"


def yuan_to_wan(yuan: int) -> Decimal:
    """Exact amount in 万元 (for Excel cells formatted as 万元)."""
    return _exact_shift(yuan, -4)


def yuan_to_yi(yuan: int) -> Decimal:
    """Exact amount in 亿元 (for the HQ report)."""
    return _exact_shift(yuan, -8)


def _exact_shift(yuan: int, places: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = len(str(abs(yuan))) + 10
        return Decimal(yuan).scaleb(places)
