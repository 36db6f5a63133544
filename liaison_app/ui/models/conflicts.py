"""The conflicts list as a table model: one row per value that lost a merge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from liaison_app.domain.fields import entity_label
from liaison_app.services.conflicts import OpenConflict
from liaison_app.ui.forms.display import field_title, local_time, show_value
from liaison_app.ui.models.rows import RowsModel

RECORD, FIELD, BASE, CURRENT, LOST, WHO, WHEN = range(7)


class ConflictModel(RowsModel[OpenConflict]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.names: Mapping[str, Mapping[str, str]] = {}

    def set_conflicts(
        self, rows: Sequence[OpenConflict], names: Mapping[str, Mapping[str, str]] | None = None
    ) -> None:
        self.names = names or {}
        self.set_rows(rows)

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("Conflicts", "Record"),
            QCoreApplication.translate("Conflicts", "Field"),
            QCoreApplication.translate("Conflicts", "Original"),
            QCoreApplication.translate("Conflicts", "Now"),
            QCoreApplication.translate("Conflicts", "Overwritten"),
            QCoreApplication.translate("Conflicts", "Overwritten by"),
            QCoreApplication.translate("Conflicts", "When"),
        ]

    def text(self, row: OpenConflict, column: int) -> str:
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
