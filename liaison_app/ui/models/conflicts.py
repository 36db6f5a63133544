"""The conflicts list as a table model: one row per value that lost a merge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from liaison_app.domain.fields import entity_label
from liaison_app.services.conflicts import OpenConflict
from liaison_app.ui.forms.display import field_title, local_time, show_value

RECORD, FIELD, BASE, CURRENT, LOST, WHO, WHEN = range(7)
ConflictRole = Qt.ItemDataRole.UserRole + 1
"""The ``OpenConflict`` of a row."""

Index = QModelIndex | QPersistentModelIndex


def _headers() -> list[str]:
    return [
        QCoreApplication.translate("Conflicts", "Record"),
        QCoreApplication.translate("Conflicts", "Field"),
        QCoreApplication.translate("Conflicts", "Original"),
        QCoreApplication.translate("Conflicts", "Now"),
        QCoreApplication.translate("Conflicts", "Overwritten"),
        QCoreApplication.translate("Conflicts", "Overwritten by"),
        QCoreApplication.translate("Conflicts", "When"),
    ]


class ConflictModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[OpenConflict] = []
        self.names: Mapping[str, Mapping[str, str]] = {}
        self.loaded_once = False  # as the paged models: tests and views wait on these
        self.busy = False

    def set_rows(
        self, rows: Sequence[OpenConflict], names: Mapping[str, Mapping[str, str]] | None = None
    ) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.names = names or {}
        self.loaded_once, self.busy = True, False
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else WHEN + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == ConflictRole:
            return row
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == RECORD:
            return f"{entity_label(row.entity)} · {row.title}"
        if column == FIELD:
            return field_title(row.entity, row.field)
        if column in (BASE, CURRENT, LOST):
            value = {BASE: row.base, CURRENT: row.current, LOST: row.lost}[column]
            return show_value(row.entity, row.field, value, self.names)
        if column == WHO:
            return row.lost_login
        return local_time(row.detected_at)

    def conflict(self, row: int) -> OpenConflict | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
