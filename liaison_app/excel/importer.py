"""Recognise the sheets of a workbook and read cells as people write them.

A sheet is taken for an entity by its header row: the row (among the first ones, so a
title above it is fine) whose cells name the most columns of one entity, with the columns
that entity cannot do without (a visit needs a date and a company...). The sheet's name
breaks ties ("走访台账" is visits). Columns nobody recognises are listed for the user
(never dropped silently); blank rows and a closing 合计 row are skipped.

Cell values become what ``FieldSpec.parse`` accepts: money by the unit the header names
(a number under "投资额（万元）" is 万元; "约3亿" is 3亿, flagged approximate), Excel dates and
date numbers (20200611), text from numbers (a phone typed as a number), yes/no as written.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import chain
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from liaison_app.domain.errors import ParseError
from liaison_app.domain.fields import FIELDS, FieldSpec
from liaison_app.domain.i18n import label
from liaison_app.domain.money import Unit, parse_ledger_money
from liaison_app.domain.text import shorten
from liaison_app.excel.headers import (
    COMPANY_USCC,
    PRIORITY,
    SUMMARY_SHEET,
    Header,
    match_columns,
    read_header,
    satisfies_anchors,
    sheet_hint,
    unrecognised,
)
from liaison_app.excel.reading import Workbook

HEADER_SCAN_ROWS = 30
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "total", "subtotal", "sum"})
_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 9999-12-31


@dataclass(frozen=True)
class SheetColumn:
    """A recognised column: which field (or hidden id) it holds and how to read it."""

    field: str  # field name, "_id", "_<ref field>" or COMPANY_USCC
    index: int  # position in the row's values
    header: str  # as written in the file
    letter: str  # Excel column letter
    unit: Unit | None = None
    spec: FieldSpec | None = None


@dataclass
class ParsedSheet:
    name: str
    entity: str
    header_row: int
    columns: dict[str, SheetColumn]
    rows: Iterator[tuple[int, list[Any]]]  # data rows after the header (blank ones too)
    hinted: bool = False
    unrecognised: list[str] = field(default_factory=list)  # headers that name no field
    formulas: frozenset[str] = frozenset()  # formula cells saved without a value ("E9")

    def cell_ref(self, field_name: str, row: int) -> str:
        """The cell as Excel shows it ("E9"), or "" when the sheet has no such column."""
        column = self.columns.get(field_name)
        return f"{column.letter}{row}" if column is not None else ""

    def column_label(self, field_name: str) -> str:
        column = self.columns.get(field_name)
        if column is not None:
            return column.header
        spec = next((s for s in FIELDS[self.entity] if s.name == field_name), None)
        return spec.label if spec else field_name


@dataclass
class ParsedWorkbook:
    path: Path
    sheets: list[ParsedSheet] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sheets not imported (names)
    empty: bool = True  # no sheet had any value at all
    order: list[str] = field(default_factory=list)  # every worksheet's name, in the workbook


def detect_sheets(book: Workbook) -> ParsedWorkbook:
    """Find the entity and header row of each sheet; keep the rest of its rows to stream."""
    parsed = ParsedWorkbook(book.path)
    for name, visible in book.sheet_names():
        parsed.order.append(name)
        extent = book.checked.extents.get(name)
        if extent is not None and extent.rows == 0:
            continue  # nothing in it
        rows = book.rows(name)
        head: list[tuple[int, list[Any]]] = []
        for item in rows.rows:
            head.append(item)
            if len(head) >= HEADER_SCAN_ROWS:
                break
        if any(_filled(values) for _, values in head):
            parsed.empty = False
        if not visible:
            parsed.skipped.append(name)
            continue
        found = _best_header(name, head, rows.first_column)
        if found is None:
            if any(_filled(values) for _, values in head) and name not in SUMMARY_SHEET:
                parsed.skipped.append(name)  # (our export's own summary is not news)
            continue
        position, entity, columns, hinted, others = found
        header_row = head[position][0]
        remaining = chain(head[position + 1 :], rows.rows)
        formulas = extent.formulas if extent is not None else frozenset()
        parsed.sheets.append(
            ParsedSheet(name, entity, header_row, columns, remaining, hinted, others, formulas)
        )
    return parsed


def _filled(values: list[Any]) -> bool:
    return any(v not in ("", None) for v in values)


def _best_header(
    name: str, head: list[tuple[int, list[Any]]], first_column: int
) -> tuple[int, str, dict[str, SheetColumn], bool, list[str]] | None:
    hint = sheet_hint(name)
    best: tuple[tuple[int, int, int, int], int, str, dict[str, int], list[Header | None]] | None
    best = None
    for position, (_, values) in enumerate(head):
        headers = [read_header(v) for v in values]
        if sum(h is not None for h in headers) < 1:
            continue
        for rank, entity in enumerate(PRIORITY):
            found = match_columns(entity, headers)
            fields = {f for f in found if not f.startswith("_") and f != COMPANY_USCC}
            if not satisfies_anchors(entity, fields):
                continue
            key = (len(fields), int(entity == hint), -rank, -position)
            if best is None or key > best[0]:
                best = (key, position, entity, found, headers)
    if best is None:
        return None
    _, position, entity, found, headers = best
    specs = {spec.name: spec for spec in FIELDS[entity]}
    columns: dict[str, SheetColumn] = {}
    for field_name, index in found.items():
        header = headers[index]
        assert header is not None
        spec = specs.get(field_name)
        columns[field_name] = SheetColumn(
            field_name,
            index,
            header.text,
            get_column_letter(first_column + index),
            header.unit if spec is not None and spec.kind == "money" else None,
            spec,
        )
    return position, entity, columns, entity == hint, unrecognised(headers, found)


# --- cell values ------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A cell's value as the error report quotes it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return label("是", "Yes") if value else label("否", "No")
    return shorten(str(value), 200)


def as_text(value: Any) -> str:
    """Text from any cell: numbers without a spurious ".0", dates as ISO."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return label("是", "Yes") if value else label("否", "No")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def as_date(value: Any) -> Any:
    """A date cell, an Excel serial number, or 20200611 typed as a number; text as is."""
    if isinstance(value, datetime | date | str) or value is None:
        return value
    if isinstance(value, bool):
        raise ParseError("date_invalid", text=shown(value))
    if isinstance(value, int | float):
        if value == int(value) and 19000101 <= value <= 22001231:
            return str(int(value))
        if 1 <= value <= _MAX_SERIAL:
            return _EXCEL_EPOCH + timedelta(days=int(value))
    raise ParseError("date_invalid", text=shown(value))


def as_money(value: Any, unit: Unit | None) -> tuple[int | None, bool]:
    """(whole yuan, approximate?) of a money cell; ParseError for what is no RMB amount."""
    if is_blank(value):
        return None, False
    if isinstance(value, datetime | date | time | timedelta):
        raise ParseError("money_invalid", text=shown(value))
    return parse_ledger_money(value, default_unit=unit or "yuan")


def cell_value(column: SheetColumn, value: Any) -> Any:
    """What validation receives for this cell (ParseError for what cannot be read)."""
    spec = column.spec
    kind = spec.kind if spec is not None else "text"
    if kind == "money":
        return as_money(value, column.unit)[0]
    if kind == "date":
        return None if is_blank(value) else as_date(value)
    if kind == "bool":
        return None if is_blank(value) else value
    return as_text(value)


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def parse_id(value: Any) -> str | None:
    """A record id from a hidden column; ParseError for anything that is not a UUID."""
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value  # as the export wrote it: the fast path
    text = as_text(value).strip()
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise ParseError("import_bad_id", text=shorten(text)) from None


def is_total_row(values: list[Any]) -> bool:
    """A 合计 / Total line closing a ledger (not a record): its first filled cell says so."""
    for value in values:
        if is_blank(value):
            continue
        if not isinstance(value, str):
            return False
        text = value.strip().replace(" ", "").casefold().rstrip(":：")
        return text in TOTAL_WORDS
    return False
