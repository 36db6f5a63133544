"""Dates as people write them in Chinese offices and spreadsheets.

Accepts ISO, slashes, dots, 2020年6月11日 and 20200611; stores and exports ISO. A year
outside 1900..2200 is almost always a typing error ("202-06-11", "2202"), so it is refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from liaison_app.domain.errors import ParseError
from liaison_app.domain.i18n import current_language
from liaison_app.domain.text import shorten, to_halfwidth

MIN_YEAR = 1900
MAX_YEAR = 2200

_PATTERNS = (
    re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})"),
    re.compile(r"([0-9]{4})(年)([0-9]{1,2})月([0-9]{1,2})[日号]?"),
    re.compile(r"([0-9]{4})()([0-9]{2})([0-9]{2})"),
)
# A time after the date (text exported by other tools, "2020-06-11 00:00:00") is ignored.
_TIME = re.compile(r"(?:T|\s+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?$")
_WHITESPACE = re.compile(r"\s+")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_date(value: str | date | datetime | None, *, required: bool = False) -> date | None:
    """A date from text, a date or a datetime (its day); empty gives None unless required."""
    if isinstance(value, datetime):
        return _in_range(value.date(), value.isoformat(sep=" "))
    if isinstance(value, date):
        return _in_range(value, value.isoformat())
    if value is not None and not isinstance(value, str):
        raise ParseError("date_invalid", text=shorten(str(value)))
    raw = (value or "").strip()
    shown = shorten(raw)
    if not raw:
        if required:
            raise ParseError("required")
        return None
    text = _TIME.sub("", to_halfwidth(raw))
    text = _WHITESPACE.sub("", text)
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            year, month, day = int(match[1]), int(match[3]), int(match[4])
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise _out_of_range(shown)
            try:
                return date(year, month, day)
            except ValueError:
                raise ParseError("date_invalid", text=shown) from None
    raise ParseError("date_invalid", text=shown)


def _in_range(d: date, shown: str) -> date:
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise _out_of_range(shown)
    return d


def _out_of_range(shown: str) -> ParseError:
    return ParseError("date_out_of_range", text=shown, min_year=MIN_YEAR, max_year=MAX_YEAR)


def format_date(d: date) -> str:
    """ISO "2020-06-11": what the database, exports and parse_date all agree on."""
    if isinstance(d, datetime):
        d = d.date()
    return d.isoformat()


def format_date_long(d: date) -> str:
    """For reading: "2020年6月11日" in Chinese, "11 Jun 2020" in English."""
    if current_language() == "en":
        return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"
