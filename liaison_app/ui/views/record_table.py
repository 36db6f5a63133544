"""A table of records over a ``PagedTableModel``: sorting by header click (in SQL), column
widths and hidden columns remembered, open with double-click or Enter, delete with Del."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QItemSelectionModel,
    QPoint,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyleOptionHeader,
    QTableView,
    QWidget,
)

from liaison_app.ui.models import PagedTableModel

ROW_HEIGHT = 30
HEADER_PADDING = 14  # the style sheet's section padding (6 + 6) and its border
SORT_ARROW = 18  # room the sort indicator takes in the sorted section
HEADER_MAX_EMS = 12  # a longer header (English money columns) elides past 12 characters


def bold(font: QFont) -> QFont:
    """The header's font as the style sheet draws it (font-weight 600)."""
    font = QFont(font)
    font.setBold(True)
    return font


class ElidingHeader(QHeaderView):
    """Column headers that elide at the end ("Funds in place (1…") when the column is
    narrower than the text, whatever their alignment; the full text is the tooltip. (The
    style sheet's header clips instead: a right-aligned header lost its first characters.)
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        # What QTableView's own header has: a click sorts by that column.
        self.setSectionsClickable(True)
        self.setHighlightSections(True)

    def text_room(self, logical: int) -> int:
        """The width the label of section ``logical`` has, in pixels."""
        arrow = (
            SORT_ARROW
            if self.isSortIndicatorShown() and logical == self.sortIndicatorSection()
            else 0
        )
        return self.sectionSize(logical) - HEADER_PADDING - arrow

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical: int) -> None:
        super().initStyleOptionForIndex(option, logical)
        metrics = QFontMetrics(bold(self.font()))
        option.text = metrics.elidedText(
            option.text, Qt.TextElideMode.ElideRight, max(0, self.text_room(logical))
        )
        # Qt draws an ascending sort as a downward arrow; Excel, WPS and Windows point up
        # for A→Z (oldest first) and down for newest first, which is what users read.
        flipped = {
            QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
            QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
        }
        option.sortIndicator = flipped.get(option.sortIndicator, option.sortIndicator)


class PlainTable(QTableView):
    """A small read-only table of rows (conflicts, duplicate companies): one row selected at
    a time, headers that elide at the end, columns as wide as their contents (at most
    twice ``HEADER_MAX_EMS`` characters) each time the model is reset."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent, objectName=name)
        self.setHorizontalHeader(ElidingHeader(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.fit_columns)

    def fit_columns(self) -> None:
        limit = QFontMetrics(self.font()).horizontalAdvance("中") * HEADER_MAX_EMS * 2
        self.resizeColumnsToContents()
        for column in range(self.horizontalHeader().count()):
            self.setColumnWidth(column, min(self.columnWidth(column), limit))


class RecordTable(QTableView):
    openRequested = Signal(str)  # a record's id
    deleteRequested = Signal()

    def __init__(
        self,
        model: PagedTableModel,
        settings: QSettings | None = None,
        settings_key: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(ElidingHeader(self))
        self.paged = model
        self._restoring = False
        self.settings = settings
        self.settings_key = settings_key or f"columns/{model.kind}"
        self.setModel(model)
        self.setObjectName(f"table_{model.kind}")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setCornerButtonEnabled(False)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.setSortIndicatorShown(True)
        self._apply_default_columns()
        self._default_state = header.saveState()
        self.restore_columns()
        column, order = model.sort_state()
        header.setSortIndicator(column, order)
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.sectionResized.connect(lambda *_: self.save_columns())
        header.sectionMoved.connect(lambda *_: self.save_columns())
        self.doubleClicked.connect(self._open_index)
        self.deletable = True  # the Delete key asks to delete the selection

    def paint_rows(self) -> None:
        """Show the rows of a reload at once (the page connects it to ``reloaded``, after
        its own slots): laid out and painted now, before the model starts counting the
        rest. Left to the event loop, the paint came after the count's thread had started,
        and shared the GIL with it through every cell: two to three times slower.

        The delayed layout runs first, so the paint takes the update it posts with it
        (no second paint of the same rows)."""
        if not self.isVisible():
            return
        self.executeDelayedItemsLayout()
        self.viewport().repaint()

    # -- columns ------------------------------------------------------------------------

    def _default_width(self, column: int) -> int:
        """Wide enough for the column's usual content and its header, in either language:
        the declared width in Chinese characters, every enum label, the header text."""
        col = self.paged.columns[column]
        metrics = self.fontMetrics()
        width = col.width * metrics.horizontalAdvance("中")
        if col.enum is not None:
            width = max([width, *(metrics.horizontalAdvance(m.label) for m in col.enum)])
        width += 28  # the cell's padding and margins
        header = str(self.paged.headerData(column, Qt.Orientation.Horizontal) or "")
        header_metrics = QFontMetrics(bold(self.horizontalHeader().font()))
        header_width = header_metrics.horizontalAdvance(header) + HEADER_PADDING + SORT_ARROW
        # A long header (English money columns) elides at its end past 12 characters'
        # width, unless the content is wider; its tooltip has the whole text.
        cap = max(int(width), HEADER_MAX_EMS * header_metrics.horizontalAdvance("中"))
        return max(56, int(width), min(header_width, cap))

    def _apply_default_columns(self) -> None:
        for i, col in enumerate(self.paged.columns):
            self.setColumnWidth(i, self._default_width(i))
            self.setColumnHidden(i, col.hidden)

    def save_columns(self) -> None:
        if self.settings is not None:
            state = self.horizontalHeader().saveState()
            self.settings.setValue(f"{self.settings_key}/state", state)

    def restore_columns(self) -> None:
        if self.settings is None:
            return
        state = self.settings.value(f"{self.settings_key}/state")
        if isinstance(state, QByteArray | bytes) and state:
            header = self.horizontalHeader()
            header.restoreState(QByteArray(state))
            header.setSortIndicatorShown(True)

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    def column_menu(self) -> QMenu:
        """Show or hide columns (the last shown column cannot be hidden)."""
        menu = QMenu(self)
        model = self.paged
        shown = [i for i in range(model.columnCount()) if not self.isColumnHidden(i)]
        for i in range(model.columnCount()):
            action = menu.addAction(model.headerData(i, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(i))
            action.setEnabled(not (len(shown) == 1 and i in shown))
            action.toggled.connect(lambda on, col=i: self.set_column_shown(col, on))
        menu.addSeparator()
        menu.addAction(self.tr("Reset columns"), self.reset_columns)
        return menu

    def set_column_shown(self, column: int, shown: bool) -> None:
        self.setColumnHidden(column, not shown)
        if shown and self.columnWidth(column) < 40:
            self.setColumnWidth(column, self._default_width(column))
        self.save_columns()

    def reset_columns(self) -> None:
        header = self.horizontalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        self._restoring = True
        header.restoreState(self._default_state)
        header.setSortIndicator(column, order)
        self._restoring = False
        self.save_columns()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if self._restoring:
            return
        if not self.paged.is_sortable(column):
            current, current_order = self.paged.sort_state()
            header = self.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, current_order)
            header.blockSignals(False)
            return
        self.paged.sort(column, order)
        self.save_columns()

    # -- rows ---------------------------------------------------------------------------

    def selected_rows(self) -> list[int]:
        selection = self.selectionModel()
        return sorted({index.row() for index in selection.selectedRows()}) if selection else []

    def selected_ids(self) -> list[str]:
        """Ids of the selected rows that are loaded (a selection is of visible rows)."""
        ids = [self.paged.row_id(row) for row in self.selected_rows()]
        return [i for i in ids if i]

    def selection(self) -> tuple[int, Callable[[], list[str]]]:
        """How many rows are selected, and a function (for a worker) giving their ids."""
        rows = self.selected_rows()
        return len(rows), self.paged.ids_resolver(rows)

    def current_id(self) -> str | None:
        index = self.currentIndex()
        return self.paged.row_id(index.row()) if index.isValid() else None

    def select_id(self, row_id: str) -> bool:
        row = self.paged.find_row(row_id)
        if row is None:
            return False
        index = self.paged.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)
        return True

    def _open_index(self, index) -> None:  # type: ignore[no-untyped-def]
        row_id = self.paged.row_id(index.row())
        if row_id:
            self.openRequested.emit(row_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open_index(self.currentIndex())
            event.accept()
            return
        if event.key() == Qt.Key.Key_Delete and self.deletable:
            self.deleteRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
