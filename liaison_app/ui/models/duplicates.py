"""Possible duplicate companies as a table model: the two side by side on one row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from liaison_app.sync.duplicates import DuplicatePair
from liaison_app.ui.models.rows import RowsModel

NAME, FIRST_USCC, FIRST_REGION, SECOND_USCC, SECOND_REGION = range(5)


class DuplicateModel(RowsModel[DuplicatePair]):
    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("Duplicates", "Company"),
            QCoreApplication.translate("Duplicates", "First: credit code"),
            QCoreApplication.translate("Duplicates", "First: region"),
            QCoreApplication.translate("Duplicates", "Second: credit code"),
            QCoreApplication.translate("Duplicates", "Second: region"),
        ]

    def text(self, row: DuplicatePair, column: int) -> str:
        none = QCoreApplication.translate("Duplicates", "(none)")
        return {
            NAME: row.name,
            FIRST_USCC: row.left.get("uscc") or none,
            FIRST_REGION: row.left.get("region") or "",
            SECOND_USCC: row.right.get("uscc") or none,
            SECOND_REGION: row.right.get("region") or "",
        }[column]
