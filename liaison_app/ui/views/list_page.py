"""A list page: title and actions, the filter bar, the table. Visits, leads, deals and
companies are list pages; what differs is the kind, its filters and its bulk actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.enums import LeadStage
from liaison_app.domain.errors import KnownError, ValidationError
from liaison_app.domain.fields import entity_label
from liaison_app.services.list_columns import default_query
from liaison_app.services.list_query import KIND_ENTITY, ListFilter, ListQuery
from liaison_app.services.progress import check_cancelled
from liaison_app.ui.models import PagedTableModel
from liaison_app.ui.views.context import PageContext, open_editor, show_error
from liaison_app.ui.views.empty_state import Action, EmptyState
from liaison_app.ui.views.filter_bar import FilterBar
from liaison_app.ui.views.record_table import RecordTable


class ListPage(QWidget):
    """One kind of record, filtered, sorted and paged in SQL."""

    def __init__(
        self,
        ctx: PageContext,
        kind: str,
        title: str,
        parent: QWidget | None = None,
        *,
        key: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.key = key or kind  # names the page's filters and columns in the settings
        self.entity = KIND_ENTITY[kind]
        self.setObjectName(f"page_{self.key}")
        listing = ctx.listing if ctx.attached else None  # None: built early, see attach
        self.model = PagedTableModel(listing, default_query(kind), ctx.actor, self)
        entity = KIND_ENTITY[kind]
        self.model.conflict_ids = lambda: ctx.conflict_ids(entity)
        self._keep: tuple[str | None, int] | None = None
        self.model.reloaded.connect(self._keep_place)
        self.filters = FilterBar(
            self.key, ctx.reads(), ctx.today(), ctx.settings, offices=ctx.offices(), parent=self
        )
        self.table = RecordTable(
            self.model, ctx.settings, settings_key=f"columns/{self.key}", parent=self
        )
        self._empty: EmptyState | None = None  # made when first needed, see empty

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        self.header = QHBoxLayout()
        self.title = QLabel(title, self, objectName="pageTitle")
        self.header.addWidget(self.title)
        self.notice = QPushButton(self, objectName="notice", flat=True)
        self.notice.setVisible(False)
        self.notice.setCursor(Qt.CursorShape.PointingHandCursor)
        self.header.addWidget(self.notice)
        self.header.addStretch(1)
        layout.addLayout(self.header)
        layout.addWidget(self.filters)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        self.body.addWidget(self.table, 1)
        layout.addLayout(self.body, 1)

        self.selection_buttons: list[QPushButton] = []
        self.new_button = self.add_action_button(
            self.new_label(), lambda: self.new_record(), primary=True
        )
        self.add_bulk_actions()
        self.delete_button = self.add_action_button(
            self.tr("Delete"), self.delete_selected, on_selection=True
        )
        self.table.selectionModel().selectionChanged.connect(self.update_selection_buttons)
        self.model.modelReset.connect(self.update_selection_buttons)

        self.filters.changed.connect(self.apply_filters)
        self.filters.search.returnPressed.connect(self.filters.flush)
        self.model.countChanged.connect(self.filters.set_count)
        self.model.reloaded.connect(self.update_empty)
        self.model.reloaded.connect(self.table.paint_rows)  # last: what the others changed
        self.model.failed.connect(lambda message: show_error(self, message))
        self.table.openRequested.connect(self.open_record)
        self.table.deleteRequested.connect(self.delete_selected)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.filters.set_count(None)
        self._started = False

    # -- layout helpers -----------------------------------------------------------------

    def add_action_button(
        self, text: str, slot: Any, primary: bool = False, on_selection: bool = False
    ) -> QPushButton:
        """A button in the page's header; ``on_selection``: it acts on the selected rows,
        so it is enabled only while rows are selected."""
        button = QPushButton(text, self)
        if primary:
            button.setObjectName("primary")
        button.clicked.connect(lambda _checked=False: slot())
        self.header.addWidget(button)
        if on_selection:
            self.selection_buttons.append(button)
            button.setEnabled(self.table.selectionModel().hasSelection())
        return button

    def update_selection_buttons(self) -> None:
        selected = self.table.selectionModel().hasSelection()
        for button in self.selection_buttons:
            button.setEnabled(selected)

    def new_label(self) -> str:
        return {
            "visits": self.tr("New visit"),
            "leads": self.tr("New lead"),
            "deals": self.tr("New deal"),
            "companies": self.tr("New company"),
        }.get(self.kind, self.tr("New"))

    def add_bulk_actions(self) -> None:
        """Subclasses add their bulk actions to the header."""

    @property
    def empty(self) -> EmptyState:
        """The note over an empty list, made the first time a list is empty (it asks Qt for
        the table's viewport, which costs the first paint ~15 ms of type look-ups)."""
        if self._empty is None:
            self._empty = EmptyState(self.table)
        return self._empty

    def update_empty(self) -> None:
        """Over an empty list, say why and what to do: a search or filters that find
        nothing offer to clear them; an empty database offers to create or import."""
        if self.model.rowCount() or not self.model.loaded_once:
            if self._empty is not None:
                self._empty.hide()
            return
        if self.filters.is_filtered():
            text = self.filters.search.text().strip()
            title = (
                self.tr('Nothing matches "{0}"').format(text)
                if text
                else self.tr("No records match the filters")
            )
            hint = self.tr(
                "Check the words searched for, or clear the search and filters to see every record."
            )
            actions: list[Action] = [(self.tr("Clear filters"), self.filters.clear, True)]
        else:
            title, hint = self.empty_texts()
            actions = []
            if self.new_button.isVisibleTo(self):
                actions.append((self.new_label(), self.new_record, True))
            if self.ctx.import_data is not None and self.key != "review":
                actions.append((self.tr("Import from Excel…"), self.ctx.import_data, False))
        self.empty.show_note(title, hint, actions)

    def empty_texts(self) -> tuple[str, str]:
        """What an empty list with no filters says: what is empty, and what to do."""
        if self.key == "review":
            return self.tr("No visits wait for review"), self.tr(
                "Visits appear here when staff submit them for review."
            )
        title = {
            "visits": self.tr("No visits yet"),
            "leads": self.tr("No leads yet"),
            "deals": self.tr("No deals yet"),
            "companies": self.tr("No companies yet"),
        }.get(self.kind, self.tr("No records yet"))
        return title, self.tr(
            "Create the first one, or import existing records from an Excel workbook."
        )

    def row_menu_actions(self, menu: QMenu) -> None:
        """Subclasses add to the rows' context menu."""

    # -- data ---------------------------------------------------------------------------

    def base_filter(self) -> ListFilter:
        return self.filters.value()

    def start(self) -> None:
        """Load the list the first time the page is shown (before the services are there,
        from the early reads: see ``ui.early_start``)."""
        if self._started:
            return
        self._started = True
        query, early = self.current_query(), self.ctx.early
        rows = early.first_page(self.key, query) if early and not self.ctx.attached else None
        if early is not None and rows is not None:
            self.model.show_first(query, rows, early.rows_in_conflict(self.entity))
        else:
            self.model.set_query(query, force=True)

    def attach(self) -> None:
        """The services are loaded (the page was built early): reads go to them now."""
        self.filters.attach(self.ctx.listing)
        self.model.attach(self.ctx.listing)

    def start_query(self) -> ListQuery:
        """The query this page opens on at the next start: the remembered filters (never
        the search text) in the list's own order."""
        return replace(default_query(self.kind), filter=replace(self.filters.value(), text=""))

    def current_query(self) -> ListQuery:
        return ListQuery(self.kind, self.base_filter(), *self._sort())

    def apply_filters(self) -> None:
        if self._started:
            self.model.set_query(self.current_query())

    def _sort(self) -> tuple[str | None, bool]:
        query = self.model.query
        return query.sort, query.descending

    def refresh(self) -> None:
        """Reload after data changed (an edit here or elsewhere, a sync): the selected
        record and the scroll position stay where the user left them."""
        if self._started:
            self._keep = (self.table.current_id(), self.table.verticalScrollBar().value())
            self.model.reload()

    def _keep_place(self) -> None:
        keep, self._keep = self._keep, None
        if keep is None:
            return
        current, scrolled = keep
        if current:
            self.table.select_id(current)
        self.table.verticalScrollBar().setValue(scrolled)

    def after_change(self, _result: Any = None) -> None:
        self.refresh()
        self.ctx.changed()

    def focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filters.search.selectAll()

    # -- actions ------------------------------------------------------------------------

    def new_record(self, prefill: dict[str, Any] | None = None) -> None:
        saved = open_editor(self.ctx, self, self.entity, None, prefill or None)
        if saved:
            self.refresh()
            self.model.reloaded.connect(
                lambda: self.table.select_id(saved), Qt.ConnectionType.SingleShotConnection
            )

    def open_record(self, row_id: str) -> None:
        if open_editor(self.ctx, self, self.entity, row_id):
            self.refresh()

    def delete_selected(self) -> None:
        count, resolve = self.table.selection()
        if not count:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete"),
            self.tr("Delete {0} selected {1} record(s)?").format(count, entity_label(self.entity)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setInformativeText(
            self.tr("Deleted records leave the lists; the deletion syncs like any change.")
        )
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        records, actor, entity = self.ctx.services.records, self.ctx.actor, self.entity

        def work(progress: Any) -> int:
            ids = resolve()
            for done, row_id in enumerate(ids, 1):
                check_cancelled(progress)
                records.delete(entity, row_id, actor)
                progress.report(done, len(ids))
            return len(ids)

        self.ctx.run(work, self.after_change, label=self.tr("Deleting…"), cancellable=True)

    def _row_menu(self, pos: Any) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        current = self.table.current_id()
        if current:
            menu.addAction(self.tr("Open"), lambda: self.open_record(current))
        self.row_menu_actions(menu)
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(pos))


class VisitsPage(ListPage):
    def add_bulk_actions(self) -> None:
        self.notice.clicked.connect(self.show_returned)
        self.overdue_on: date | None = None
        self.overdue_chip = QPushButton(self, objectName="filterChip", flat=True)
        self.overdue_chip.setCursor(Qt.CursorShape.PointingHandCursor)
        self.overdue_chip.setVisible(False)
        self.overdue_chip.clicked.connect(lambda: self.show_overdue(None))
        self.header.insertWidget(self.header.indexOf(self.notice) + 1, self.overdue_chip)
        self.filters.cleared.connect(lambda: self.show_overdue(None))
        self.submit_button = self.add_action_button(
            self.tr("Submit for review"), self.submit_selected, on_selection=True
        )

    def row_menu_actions(self, menu: QMenu) -> None:
        menu.addAction(self.tr("Submit for review"), self.submit_selected)

    def submit_selected(self) -> None:
        count, resolve = self.table.selection()
        if not count:
            return
        review, actor = self.ctx.services.review, self.ctx.actor

        def done(count: int) -> None:
            self.after_change()
            self.ctx.message(self.tr("{0} visit(s) submitted for review").format(count))

        self.ctx.run(lambda _p: review.submit(resolve(), actor), done, label=self.tr("Submitting…"))

    def start(self) -> None:
        if not self._started:
            super().start()
            if self.ctx.attached:
                self.update_notice()

    def attach(self) -> None:
        super().attach()
        if self._started:
            self.update_notice()

    def refresh(self) -> None:
        super().refresh()
        if self._started:
            self.update_notice()

    def update_notice(self) -> None:
        """Tell staff how many of their visits came back, one click from the list."""
        actor = self.ctx.actor
        if not actor.staff_id:
            return
        query = ListQuery("visits", ListFilter(staff_id=actor.staff_id, review_state="returned"))
        listing = self.ctx.listing

        def show(count: int) -> None:
            self.notice.setVisible(count > 0)
            self.notice.setText(self.tr("{0} of your visits were returned").format(count))

        self.ctx.run(lambda _p: listing.count(query), show, label="")

    def base_filter(self) -> ListFilter:
        value = super().base_filter()
        return replace(value, overdue_on=self.overdue_on) if self.overdue_on else value

    def show_overdue(self, today: date | None, office_id: str | None = None) -> None:
        """Only the follow-ups overdue on ``today`` (the dashboard's link: every other
        filter cleared, the dashboard's office), or all visits again (None)."""
        if today is None and self.overdue_on is None:
            return
        bar = self.filters
        if today is not None:
            self.overdue_on = None  # the bar's clearing below must not end what starts here
            bar.clear()
            bar.office.setCurrentIndex(max(0, bar.office.findData(office_id)))
        self.overdue_on = today
        self.overdue_chip.setText(self.tr("Overdue follow-ups only  ✕"))
        self.overdue_chip.setToolTip(self.tr("Show all visits again"))
        self.overdue_chip.setVisible(today is not None)
        bar.set_outside_filter(today is not None)  # "filtered", and clearing ends it too
        self.apply_filters()

    def show_returned(self) -> None:
        bar = self.filters
        bar.review_state.setCurrentIndex(max(0, bar.review_state.findData("returned")))
        bar.staff.setCurrentIndex(max(0, bar.staff.findData(self.ctx.actor.staff_id)))


class LeadsPage(ListPage):
    def add_bulk_actions(self) -> None:
        self.stage_button = self.add_action_button(
            self.tr("Change stage"), lambda: None, on_selection=True
        )
        self.stage_button.setObjectName("menuButton")  # room for its arrow (style sheet)
        self.stage_menu = QMenu(self)
        self._fill_stage_menu(self.stage_menu)
        self.stage_button.setMenu(self.stage_menu)

    def _fill_stage_menu(self, menu: QMenu) -> None:
        for stage in LeadStage:
            menu.addAction(stage.label, lambda s=stage.value: self.change_stage(s))

    def row_menu_actions(self, menu: QMenu) -> None:
        self._fill_stage_menu(menu.addMenu(self.tr("Change stage")))

    def change_stage(self, stage: str) -> None:
        count, resolve = self.table.selection()
        if not count:
            return
        records, actor = self.ctx.services.records, self.ctx.actor

        def work(progress: Any) -> tuple[int, list[str]]:
            changed, problems, ids = 0, [], resolve()
            for done, row_id in enumerate(ids, 1):
                try:
                    records.update("lead", row_id, {"stage": stage}, actor)
                    changed += 1
                except ValidationError as exc:
                    title = records.get("lead", row_id)["title"]
                    problems += [f"{title}: {p.message}" for p in exc.problems]
                except KnownError as exc:
                    problems.append(exc.message)
                progress.report(done, len(ids))
            return changed, problems

        def done(result: tuple[int, list[str]]) -> None:
            changed, problems = result
            self.after_change()
            self.ctx.message(self.tr("Stage changed for {0} lead(s)").format(changed))
            if problems:
                show_error(self, "\n".join(problems[:20]))

        self.ctx.run(work, done, label=self.tr("Changing stage…"))
