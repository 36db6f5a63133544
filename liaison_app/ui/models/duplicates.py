"""Possible duplicate companies as a table model: the two side by side on one row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from liaison_app.sync.duplicates import DuplicatePair

NAME, FIRST_USCC, FIRST_REGION, SECOND_USCC, SECOND_REGION = range(5)
PairRole = Qt.ItemDataRole.UserRole + 1
"""The ``DuplicatePair`` of a row."""

Index = QModelIndex | QPersistentModelIndex


def _headers() -> list[str]:
    return [
        QCoreApplication.translate("Duplicates", "Company"),
        QCoreApplication.translate("Duplicates", "First: credit code"),
        QCoreApplication.translate("Duplicates", "First: region"),
        QCoreApplication.translate("Duplicates", "Second: credit code"),
        QCoreApplication.translate("Duplicates", "Second: region"),
    ]


class DuplicateModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[DuplicatePair] = []
        self.loaded_once = False  # as the paged models: tests and views wait on these
        self.busy = False

    def set_rows(self, rows: Sequence[DuplicatePair]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.loaded_once, self.busy = True, False
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else SECOND_REGION + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        pair = self.rows[index.row()]
        if role == PairRole:
            return pair
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        none = QCoreApplication.translate("Duplicates", "(none)")
        return {
            NAME: pair.name,
            FIRST_USCC: pair.left.get("uscc") or none,
            FIRST_REGION: pair.left.get("region") or "",
            SECOND_USCC: pair.right.get("uscc") or none,
            SECOND_REGION: pair.right.get("region") or "",
        }[index.column()]

    def pair(self, row: int) -> DuplicatePair | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
