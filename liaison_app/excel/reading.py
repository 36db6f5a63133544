"""Read a checked workbook with calamine, a sheet at a time, for the import.

``file_check.check_file`` runs first (``Workbook`` does it): calamine trusts the file, so
what would make it allocate without bound never reaches it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from liaison_app.excel.file_check import MAX_CELLS, MAX_IMPORT_ROWS, check_file, refuse


@dataclass(frozen=True)
class SheetRows:
    """A sheet's rows: (Excel row number, values from column ``first_column``)."""

    name: str
    first_column: int  # 1-based Excel column of each row's first value
    rows: Iterator[tuple[int, list[Any]]]


class Workbook:
    """A checked workbook read with calamine; sheets are read one at a time."""

    def __init__(
        self, path: Path, max_cells: int = MAX_CELLS, max_rows: int = MAX_IMPORT_ROWS
    ) -> None:
        self.path = Path(path)
        self.checked = check_file(self.path, max_cells, max_rows)
        try:
            self._book = CalamineWorkbook.from_path(str(self.path))
        except PasswordError as exc:
            raise refuse("import_encrypted", self.path) from exc
        except (CalamineError, OSError, ValueError) as exc:
            raise refuse("import_damaged", self.path) from exc

    def sheet_names(self) -> list[tuple[str, bool]]:
        """(name, visible) of each worksheet, in workbook order (chart sheets left out)."""
        return [
            (meta.name, meta.visible == SheetVisibleEnum.Visible)
            for meta in self._book.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet
        ]

    def rows(self, name: str) -> SheetRows:
        try:
            sheet = self._book.get_sheet_by_name(name)
        except (CalamineError, OSError, ValueError) as exc:
            raise refuse("import_damaged", self.path) from exc
        start = sheet.start
        first_column = (start[1] if start else 0) + 1

        def numbered() -> Iterator[tuple[int, list[Any]]]:
            for index, values in enumerate(sheet.iter_rows()):
                yield index + 1, values

        return SheetRows(name, first_column, numbered())

    def close(self) -> None:
        self._book.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
