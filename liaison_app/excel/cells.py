"""Cell values that are safe to write, and widths that fit them.

Users' text must stay text: in a spreadsheet a value starting with ``=``, ``+``, ``-``, ``@``
or a tab may be taken for a formula (formula injection), and openpyxl itself turns any
string starting with ``=`` into a formula cell and ``#N/A``-like strings into error cells.
Such values get an explicit string cell with Excel's quote prefix (Excel keeps it text even
when the cell is edited). XML 1.0 cannot hold most control characters: they are removed,
the documented loss. Text that looks like OOXML's ``_xHHHH_`` escape is escaped itself, so
Excel and calamine read back what was written.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# XML 1.0 Char excludes C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_UNESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ERROR_CODES = frozenset(ERROR_CODES)
MAX_CELL_TEXT = 32767  # Excel's limit for one cell

DATE_FORMAT = "yyyy-mm-dd"
# Money is shown as forms show it, with exactly two decimals in 万元 and in 亿元 (one format
# for a whole column); the cell keeps the exact value (yuan / 10^4 or 10^8), so sums and an
# import of the workbook are exact to the yuan.
WAN_FORMAT = "#,##0.00"
YI_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold (nothing else changes)."""
    if XML_ILLEGAL.search(text):
        return XML_ILLEGAL.sub("", text)
    return text


def cell_text(text: str) -> str:
    """What to store in the XML so that Excel and calamine read back ``xml_safe(text)``."""
    text = xml_safe(text)
    if "_x" in text:
        text = _ESCAPE_LIKE.sub("_x005F_", text)
    return text[:MAX_CELL_TEXT]


def unescape(text: str) -> str:
    """Decode ``_xHHHH_`` escapes as Excel does (openpyxl's reader leaves them as they are)."""
    return _UNESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


def needs_protection(text: str) -> bool:
    """Would a spreadsheet (or openpyxl) take this text for a formula or an error value?"""
    return text.startswith(FORMULA_START) or text in _ERROR_CODES


def text_value(ws: WriteOnlyWorksheet, text: str, style: dict[str, Any] | None = None) -> Any:
    """A value for ``ws.append`` that is always a string cell holding ``text``.

    Plain text goes as a str (the fast path); risky text as a string cell with the quote
    prefix: its data type is forced to string, whatever openpyxl guessed.
    """
    text = cell_text(text)
    if not needs_protection(text) and style is None:
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if needs_protection(text):
        cell.quotePrefix = True
    for name, value in (style or {}).items():
        setattr(cell, name, value)
    return cell


def set_text(cell: Any, text: str) -> None:
    """Put ``text`` into a cell of a normal (not write-only) sheet, always as text."""
    text = cell_text(text)
    cell.value = text
    if needs_protection(text):
        cell.data_type = "s"
        cell.quotePrefix = True


def display_width(value: Any) -> int:
    """Columns a value takes on screen: CJK characters count double; first line only."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    text = text.split("\n", 1)[0][:80]
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_width(widths: list[int], minimum: int = 6, maximum: int = 60) -> float:
    """A column width (Excel units) for the measured widths of a column's values."""
    return float(min(max(max(widths, default=0) + 2, minimum), maximum))
