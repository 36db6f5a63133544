"""The review queue: submitted visits of the manager's office (every office for hq), to
approve or return with a comment, one at a time or a selection at once."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.enums import ReviewState, Role
from liaison_app.domain.fields import field_spec
from liaison_app.domain.i18n import msg
from liaison_app.services.list_query import ListFilter
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.list_page import ListPage


class ReturnDialog(QDialog):
    """Asks why the visits go back; the comment is required."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnDialog")
        self.setWindowTitle(self.tr("Return for revision"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Return {0} visit(s) to their authors. Why?").format(count), self)
        )
        self.comment = QPlainTextEdit(self, objectName="comment")
        self.comment.setPlaceholderText(self.tr("e.g. add the investment size and next step"))
        self.comment.setMinimumHeight(100)
        layout.addWidget(self.comment)
        self.problem = QLabel(self, objectName="problem")
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        # The flat buttons of every other dialog (a button box takes the platform's icons).
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.ok = QPushButton(self.tr("Return"), self, objectName="primary")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.accept)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.reject)
        for button in (self.ok, self.cancel):
            button.setMinimumWidth(88)
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def text(self) -> str:
        return self.comment.toPlainText().strip()

    def accept(self) -> None:
        if not self.text():
            self.problem.setText(msg("return_needs_comment"))
            self.problem.setVisible(True)
            self.comment.setFocus()
            return
        super().accept()


class ReviewPage(ListPage):
    def __init__(self, ctx: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "visits", title, parent, key="review")
        self.setObjectName("page_review")
        if ctx.actor.role == Role.manager:  # a manager reviews their own office only
            self.filters.office.setVisible(False)
        self.new_button.setVisible(False)
        self.delete_button.setVisible(False)
        self.table.deletable = False
        if not ctx.settings.contains("columns/review/state"):
            for key in ("review_state", "office") if ctx.actor.role == Role.manager else ():
                self.table.setColumnHidden(self.model.column_index(key), True)
        # What the reviewer reads: the selected visit's full text, beside the queue.
        self.body.removeWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.detail = QTextBrowser(self, objectName="visitDetail")
        self.detail.setPlaceholderText(self.tr("Select a visit to read it here"))
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.body.addWidget(self.splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.modelReset.connect(self.detail.clear)
        self.model.reloaded.connect(self._select_first)

    def base_filter(self) -> ListFilter:
        """Submitted visits; a manager sees their own office only."""
        value = self.filters.value()
        office = value.office_id
        if self.ctx.actor.role == Role.manager:
            office = self.ctx.actor.office_id
        return ListFilter(
            office_id=office,
            staff_id=value.staff_id,
            date_from=value.date_from,
            date_to=value.date_to,
            review_state=ReviewState.submitted.value,
            text=value.text,
        )

    def add_bulk_actions(self) -> None:
        self.approve_button = self.add_action_button(
            self.tr("Approve"), self.approve_selected, primary=True, on_selection=True
        )
        self.return_button = self.add_action_button(
            self.tr("Return with comment…"), self.return_selected, on_selection=True
        )

    def new_label(self) -> str:
        return ""

    def row_menu_actions(self, menu: QMenu) -> None:
        menu.addAction(self.tr("Approve"), self.approve_selected)
        menu.addAction(self.tr("Return with comment…"), self.return_selected)

    def _row_menu(self, pos: Any) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        current = self.table.current_id()
        if current:
            menu.addAction(self.tr("Open"), lambda: self.open_record(current))
        self.row_menu_actions(menu)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _select_first(self) -> None:
        """The queue opens on its first visit, its text already below."""
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _show_detail(self, current: Any, _previous: Any = None) -> None:
        row_id = self.model.row_id(current.row()) if current.isValid() else None
        if row_id is None:
            self.detail.clear()
            return
        records = self.ctx.services.records

        def show(visit: dict[str, Any]) -> None:
            if self.table.current_id() == row_id:
                self.detail.setHtml(self._detail_html(visit))

        self.ctx.run(lambda _p: records.get("visit", row_id), show)

    def _detail_html(self, visit: dict[str, Any]) -> str:
        parts = []
        for name in ("summary", "outcome", "next_step", "people_met"):
            value = visit.get(name) or ""
            if value:
                label = html.escape(field_spec("visit", name).label)
                text = html.escape(str(value)).replace("\n", "<br>")
                parts.append(f"<p><b>{label}</b><br>{text}</p>")
        return "".join(parts)

    def approve_selected(self) -> None:
        count, resolve = self.table.selection()
        if not count:
            return
        review, actor = self.ctx.services.review, self.ctx.actor

        def done(count: int) -> None:
            self.after_change()
            self.ctx.message(self.tr("{0} visit(s) approved").format(count))

        self.ctx.run(lambda _p: review.approve(resolve(), actor), done, label=self.tr("Approving…"))

    def return_selected(self) -> None:
        count, resolve = self.table.selection()
        if not count:
            return
        dialog = ReturnDialog(count, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        comment = dialog.text()
        review, actor = self.ctx.services.review, self.ctx.actor

        def done(count: int) -> None:
            self.after_change()
            self.ctx.message(self.tr("{0} visit(s) returned").format(count))

        self.ctx.run(
            lambda _p: review.return_(resolve(), actor, comment), done, label=self.tr("Returning…")
        )
