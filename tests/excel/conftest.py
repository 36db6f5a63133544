"""Fixtures of the Excel tests: a second, empty database, the sample data's export, and
helpers that read workbooks back with openpyxl (what headquarters' Excel would see)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from liaison_app.db.store import Store
from liaison_app.excel import plan
from liaison_app.services import import_writer
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService


@pytest.fixture(autouse=True)
def small_hand_offs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports plan in chunks of 7 rows and hand every 5 new records to the writer thread,
    so that the small workbooks of these tests cross many chunk and hand-off seams (an
    import of 100k rows writes 5,000 at a time while planning goes on)."""
    monkeypatch.setattr(plan, "CHUNK", 7)
    monkeypatch.setattr(import_writer, "HAND_OFF_ROWS", 5)


@pytest.fixture
def other(tmp_path: Path, clock: FixedClock) -> Iterator[AppServices]:
    """An empty database beside the test's own (for imports into a fresh laptop)."""
    folder = tmp_path / "other"
    store = Store.open(folder / "liaison.db", folder / "backups")
    yield AppServices(store, clock)
    store.close()


@pytest.fixture
def demo_export(demo: AppServices, tmp_path: Path) -> Path:
    """The sample data exported whole."""
    target = tmp_path / "export.xlsx"
    TransferService(demo).export(target)
    return target


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path)
    return [tuple(row) for row in wb[sheet].iter_rows(values_only=True)]


def header_index(ws: Worksheet) -> dict[str, int]:
    """Header text -> 0-based column index of the first row."""
    return {cell.value: i for i, cell in enumerate(ws[1]) if cell.value is not None}


def all_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def save_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A plain workbook as a user would make it: sheet name -> rows."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path
