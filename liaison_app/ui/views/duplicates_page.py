"""疑似重复企业: companies the central store holds twice, side by side, to merge.

For managers and hq. The list comes from the central store (so it needs the network);
merging keeps one company and moves the other's visits, leads, deals and contacts to it,
for every office, on every laptop after its next sync.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_app.sync import config
from liaison_app.sync.duplicates import DuplicatePair, find_duplicates, merge_companies
from liaison_app.ui.models.duplicates import DuplicateModel
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.record_table import PlainTable


class DuplicatesPage(QWidget):
    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_duplicates")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)  # as the list pages
        layout.addWidget(QLabel(title, objectName="pageTitle"))
        hint = QLabel(
            self.tr(
                "Companies with the same name where at least one has no credit code are kept"
                " apart until someone decides. Merging keeps one and moves the other's visits,"
                " leads, deals and contacts to it, for every office."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = DuplicateModel(self)
        self.table = PlainTable(self, "duplicates")
        self.table.setModel(self.model)
        layout.addWidget(self.table, 1)
        self.status = QLabel(objectName="emptyState")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.keep_left = QPushButton(self.tr("Keep the first, merge the second"))
        self.keep_right = QPushButton(self.tr("Keep the second, merge the first"))
        self.reload_button = QPushButton(self.tr("Refresh"))
        self.keep_left.clicked.connect(lambda: self.merge(keep_first=True))
        self.keep_right.clicked.connect(lambda: self.merge(keep_first=False))
        self.reload_button.clicked.connect(self.refresh)
        for button in (self.keep_left, self.keep_right, self.reload_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())
        self._loaded = False
        self._buttons()

    def start(self) -> None:
        if not self._loaded:
            self.refresh()

    def _password(self) -> tuple[bool, str | None]:
        from liaison_app.ui.sync_dialog import password_for

        return password_for(self, self.ctx.services)

    def refresh(self) -> None:
        services = self.ctx.services
        if not config.is_connected(services.store):
            self.status.setText(
                self.tr("Connect to the central store (Settings, Sync) to see them.")
            )
            self.model.set_rows([])
            return
        found, password = self._password()
        if not found:
            return
        self._loaded = True
        self.status.setText(self.tr("Asking the central store…"))
        self.ctx.run(lambda _p: find_duplicates(services, password), self._show)

    def _show(self, pairs: list[DuplicatePair]) -> None:
        self.model.set_rows(pairs)
        self.status.setText("" if pairs else self.tr("No possible duplicates."))
        if pairs:
            self.table.selectRow(0)
        self._buttons()

    def _buttons(self) -> None:
        chosen = self.table.currentIndex().isValid()
        self.keep_left.setEnabled(chosen)
        self.keep_right.setEnabled(chosen)

    def merge(self, *, keep_first: bool) -> None:
        pair = self.model.row_at(self.table.currentIndex().row())
        if pair is None:
            return
        kept, merged = (pair.left, pair.right) if keep_first else (pair.right, pair.left)
        answer = QMessageBox.question(
            self,
            self.tr("Merge companies"),
            self.tr(
                "Keep {0} and move everything of the other to it? This cannot be undone."
            ).format(kept["name"]),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        found, password = self._password()
        if not found:
            return
        services = self.ctx.services

        def done(_result: Any) -> None:
            self.ctx.message(self.tr("Merged: every laptop gets it with its next sync."))
            self.refresh()

        self.ctx.run(lambda _p: merge_companies(services, password, kept["id"], merged["id"]), done)
