"""The tabs beside a saved record: the records linked to it and its history."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.dates import format_date
from liaison_app.services.related import amount_text
from liaison_app.ui.forms.context import FormContext
from liaison_app.ui.forms.display import field_title, local_time, ref_entity, show_value

ID_ROLE = Qt.ItemDataRole.UserRole
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1

# Records one can start from a saved company.
NEW_FROM_COMPANY = ("visit", "lead", "contact")


class RelatedView(QWidget):
    """Linked records grouped by kind; double-click or Enter opens one."""

    open_requested = Signal(str, str)  # entity, id
    new_requested = Signal(str)  # entity to create, linked to this record

    def __init__(self, ctx: FormContext, entity: str, row_id: str, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.entity, self.row_id = ctx, entity, row_id
        layout = QVBoxLayout(self)
        if entity == "company":
            buttons = QHBoxLayout()
            for target in NEW_FROM_COMPANY:
                button = QPushButton(self._new_text(target))
                button.setAutoDefault(False)
                button.clicked.connect(lambda _=False, t=target: self.new_requested.emit(t))
                buttons.addWidget(button)
            buttons.addStretch(1)
            layout.addLayout(buttons)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [self.tr("Date"), self.tr("Record"), self.tr("Status"), self.tr("Amount")]
        )
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemActivated.connect(self._activated)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree)
        self.count = 0
        self.reload()

    def _new_text(self, target: str) -> str:
        return {
            "visit": self.tr("New visit"),
            "lead": self.tr("New lead"),
            "contact": self.tr("New contact"),
        }[target]

    def _group_text(self, entity: str, count: int) -> str:
        texts = {
            "visit": self.tr("Visits ({count})"),
            "lead": self.tr("Leads ({count})"),
            "deal": self.tr("Deals ({count})"),
            "contact": self.tr("Contacts ({count})"),
        }
        return texts[entity].format(count=count)

    def reload(self) -> None:
        self.tree.clear()
        self.count = 0
        for entity, rows in self.ctx.related.related(self.entity, self.row_id).items():
            group = QTreeWidgetItem([self._group_text(entity, len(rows))])
            group.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for row in rows:
                item = QTreeWidgetItem(
                    [
                        format_date(row.day) if row.day else "",
                        row.title,
                        row.status,
                        amount_text(row.amount_yuan),
                    ]
                )
                item.setData(0, ID_ROLE, row.id)
                item.setData(0, ENTITY_ROLE, row.entity)
                item.setTextAlignment(
                    3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                group.addChild(item)
            self.count += len(rows)
            group.setExpanded(True)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        row_id = item.data(0, ID_ROLE)
        if row_id:
            self.open_requested.emit(item.data(0, ENTITY_ROLE), row_id)


class HistoryView(QTableWidget):
    """Who changed which field, when, from what to what (newest first)."""

    def __init__(self, ctx: FormContext, entity: str, row_id: str, parent=None) -> None:
        super().__init__(parent)
        self.ctx, self.entity, self.row_id = ctx, entity, row_id
        self.setColumnCount(5)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Changed by"),
                self.tr("Field"),
                self.tr("Old value"),
                self.tr("New value"),
            ]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.reload()

    def reload(self) -> None:
        entries = self.ctx.services.records.history(self.entity, self.row_id)
        wanted: dict[str, set[str]] = defaultdict(set)
        for e in entries:
            target = ref_entity(self.entity, e.field)
            if target:
                wanted[target].update(str(v) for v in (e.old_value, e.new_value) if v)
        names = {t: self.ctx.related.names(t, ids) for t, ids in wanted.items()}
        self.setRowCount(len(entries))
        for r, e in enumerate(entries):
            created = e.field == "*"
            cells = [
                local_time(e.changed_at),
                e.changed_by_name or self.tr("System"),
                field_title(self.entity, e.field),
                "" if created else show_value(self.entity, e.field, e.old_value, names),
                "" if created else show_value(self.entity, e.field, e.new_value, names),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.setItem(r, c, item)
        for column in (0, 1, 2):
            self.resizeColumnToContents(column)
