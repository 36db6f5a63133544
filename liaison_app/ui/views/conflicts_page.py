"""冲突: values that lost a merge, beside the value kept, for a person to settle.

Keeping the current value, taking the overwritten one, or typing a new one; the last two
are ordinary edits that sync like any other. Settled conflicts leave the list here at
once and on other laptops after their next sync.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_app.services.conflicts import OpenConflict
from liaison_app.ui.models.conflicts import ConflictModel
from liaison_app.ui.views.context import PageContext, show_error
from liaison_app.ui.views.record_table import PlainTable


class ConflictsPage(QWidget):
    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_conflicts")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)  # as the list pages
        heading = QLabel(title, objectName="pageTitle")
        layout.addWidget(heading)
        self.hint = QLabel(
            self.tr(
                "When two people changed the same field, the later change was kept and the"
                " other is shown here. Keep the current value, take the overwritten one, or"
                " type a new one."
            )
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = ConflictModel(self)
        self.table = PlainTable(self, "conflicts")
        self.table.setModel(self.model)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No conflicts: every change merged cleanly."))
        self.empty.setObjectName("emptyState")
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)  # the table's room when none
        buttons = QHBoxLayout()
        self.keep_button = QPushButton(self.tr("Keep current value"), objectName="keepCurrent")
        self.take_button = QPushButton(self.tr("Take overwritten value"), objectName="takeLost")
        self.type_button = QPushButton(self.tr("Type a new value…"), objectName="typeValue")
        self.keep_button.clicked.connect(self.keep)
        self.take_button.clicked.connect(self.take)
        self.type_button.clicked.connect(self.type_value)
        for button in (self.keep_button, self.take_button, self.type_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())
        self._buttons()

    # -- loading ------------------------------------------------------------------------

    def start(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        services = self.ctx.services

        def work(_progress: Any) -> tuple[list[OpenConflict], dict[str, dict[str, str]]]:
            rows = services.conflicts.open_conflicts()
            return rows, services.conflicts.reference_names(rows)

        self.model.busy = True
        self.ctx.run(work, self._show)

    def _show(self, result: tuple[list[OpenConflict], dict[str, dict[str, str]]]) -> None:
        rows, names = result
        self.model.set_conflicts(rows, names)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        if rows:
            self.table.selectRow(0)
        self._buttons()

    def current(self) -> OpenConflict | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _buttons(self) -> None:
        conflict = self.current()
        self.keep_button.setEnabled(conflict is not None)
        editable = conflict is not None and (conflict.editable or conflict.field == "deleted")
        self.take_button.setEnabled(editable)
        self.type_button.setEnabled(conflict is not None and conflict.editable)

    # -- settling -----------------------------------------------------------------------

    def _settle(self, action: Any) -> None:
        try:
            action()
        except Exception as exc:  # a refused value: the user's message, nothing settled
            from liaison_app.ui.tasks import error_message

            show_error(self, error_message(exc))
            return
        self.ctx.changed()
        self.refresh()

    def keep(self) -> None:
        conflict = self.current()
        if conflict is not None:
            self._settle(lambda: self.ctx.services.conflicts.keep(conflict.seq))

    def take(self) -> None:
        conflict = self.current()
        if conflict is not None:
            services, actor = self.ctx.services, self.ctx.actor
            self._settle(lambda: services.conflicts.take(conflict.seq, conflict.lost, actor))

    def type_value(self) -> None:
        conflict = self.current()
        if conflict is None:
            return
        text, ok = QInputDialog.getText(
            self, self.tr("New value"), self.tr("Value:"), text=str(conflict.current or "")
        )
        if ok:
            services, actor = self.ctx.services, self.ctx.actor
            self._settle(lambda: services.conflicts.take(conflict.seq, text, actor))
