"""The company register: companies above; below, the selected company's contacts, visits,
leads and deals, each a paged list of its own."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liaison_app.services.list_columns import default_query
from liaison_app.services.list_query import KIND_ENTITY
from liaison_app.ui.models import PagedTableModel
from liaison_app.ui.views.context import PageContext, open_editor
from liaison_app.ui.views.list_page import ListPage
from liaison_app.ui.views.record_table import RecordTable

RELATED = ("contacts", "visits", "leads", "deals")


class RelatedTable(QWidget):
    """One kind of record of one company, with a button to add one."""

    def __init__(self, ctx: PageContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.entity = KIND_ENTITY[kind]
        self.company_id: str | None = None
        self.model = PagedTableModel(ctx.listing, default_query(kind), ctx.actor, self)
        self.table = RecordTable(
            self.model, ctx.settings, settings_key=f"columns/company_{kind}", parent=self
        )
        self.table.openRequested.connect(self.open_record)
        self.add_button = QPushButton(self._add_label(), self)
        self.add_button.clicked.connect(self.add_record)
        self.add_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    def _add_label(self) -> str:
        return {
            "contacts": self.tr("New contact"),
            "visits": self.tr("New visit"),
            "leads": self.tr("New lead"),
            "deals": self.tr("New deal"),
        }[self.kind]

    def show_company(self, company_id: str | None) -> None:
        self.company_id = company_id
        self.add_button.setEnabled(company_id is not None)
        # A filter no company has when none is selected: the list is empty, not everything.
        self.model.set_query(default_query(self.kind).with_filter(company_id=company_id or "-"))

    def add_record(self) -> None:
        if self.company_id and open_editor(
            self.ctx, self, self.entity, None, {"company_id": self.company_id}
        ):
            self.model.reload()

    def open_record(self, row_id: str) -> None:
        if open_editor(self.ctx, self, self.entity, row_id):
            self.model.reload()


class CompaniesPage(ListPage):
    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "companies", title, parent)
        self.body.removeWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        self.company_label = QLabel(self.tr("Select a company to see its records"), lower)
        self.company_label.setObjectName("sectionTitle")
        lower_layout.addWidget(self.company_label)
        self.tabs = QTabWidget(lower)
        self.related: dict[str, RelatedTable] = {}
        titles = {
            "contacts": self.tr("Contacts"),
            "visits": self.tr("Visits"),
            "leads": self.tr("Leads"),
            "deals": self.tr("Deals"),
        }
        for kind in RELATED:
            related = RelatedTable(ctx, kind, self.tabs)
            self.related[kind] = related
            self.tabs.addTab(related, titles[kind])
        lower_layout.addWidget(self.tabs, 1)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = ctx.settings.value("companies/splitter")
        if state:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: ctx.settings.setValue("companies/splitter", self.splitter.saveState())
        )
        self.body.addWidget(self.splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(self._company_changed)
        self.model.modelReset.connect(lambda: self._company_changed(self.table.currentIndex()))

    @property
    def contacts(self) -> RelatedTable:
        return self.related["contacts"]

    def _company_changed(self, current: Any, _previous: Any = None) -> None:
        row = self.model.row(current.row()) if current is not None and current.isValid() else None
        if row is None:
            self.company_label.setText(self.tr("Select a company to see its records"))
        else:
            self.company_label.setText(row.values[0])
        for related in self.related.values():
            related.show_company(row.id if row else None)

    def refresh(self) -> None:
        super().refresh()
        for related in self.related.values():
            if related.company_id:
                related.model.reload()
