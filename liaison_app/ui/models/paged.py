"""A table model that shows a list query a block of rows at a time, loaded off the UI thread.

A reload reads the first block (or ``FIRST_ROWS``) first (a LIMIT query: the list shows at
once), then the count (a SQL COUNT, or the length of the key snapshot, see
``ListingService.is_windowed``), which sets ``rowCount``; ``reloaded`` fires with the first
rows, ``countChanged`` and the end of ``busy`` with the count. The count's thread starts
once ``reloaded``'s slots have returned: a view that paints there has the UI thread, and
the GIL, to itself. Further rows arrive in blocks of ``BLOCK`` when the view first asks for
them, and at most ``MAX_BLOCKS`` blocks stay cached, so memory does not grow with the table
and jumping to the last row reads one block. Until a block arrives its cells read "…";
nothing waits on the database on the UI thread.

A reload (new filter, new sort, an edit) keeps showing the old rows until the new first
block is in, then swaps them in one step: typing in the search box never
blanks the list.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)

from liaison_app.services.actor import Actor
from liaison_app.services.list_columns import ListColumn, columns, sort_column
from liaison_app.services.list_query import ListQuery, ListRow
from liaison_app.ui.models import cells
from liaison_app.ui.tasks import TaskHandle, run_task

if TYPE_CHECKING:
    from liaison_app.services.listing import ListingService

log = logging.getLogger("liaison.ui.models")

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record's id
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the raw value, for comparisons
ROW_ROLE = Qt.ItemDataRole.UserRole + 3  # the whole ListRow
KEY_ROLE = Qt.ItemDataRole.UserRole + 4  # the column's key (a header's data)

_running: set[TaskHandle] = set()  # handles of tasks in flight, kept alive until done

Index = QModelIndex | QPersistentModelIndex


def _count(listing: ListingService, query: ListQuery, block: int) -> tuple[int, Any, Any]:
    """The number of rows of ``query`` and, for an order no index serves, its ordered keys
    and the first block read by them (a search's first page may have come another way)."""
    if listing.is_windowed(query):
        return listing.count(query), None, None
    keys = listing.keys(query)
    return len(keys), keys, listing.rows_for(query.kind, keys[:block])


class PagedTableModel(QAbstractTableModel):
    BLOCK = 200
    FIRST_ROWS = 100
    """Rows a new list shows first when its count comes with its ordered keys (a search,
    an order no index serves): more than any screen holds, and half a block to find (a
    search walks half as far: 华 at 200k, 21 ms instead of 36); the count brings the
    rest of the first block."""
    MAX_BLOCKS = 40
    MAX_WANTED = 6  # blocks queued for loading; older requests are dropped

    countChanged = Signal(int)
    busyChanged = Signal()  # read .busy (a Signal(bool) corrupts bool refcounts in PySide6 6.12)
    reloaded = Signal()
    failed = Signal(str)

    def __init__(
        self,
        listing: ListingService | None,
        query: ListQuery,
        actor: Actor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.listing = listing
        self.actor = actor
        self.columns: tuple[ListColumn, ...] = columns(query.kind)
        self._alignments = [cells.alignment(col) for col in self.columns]
        self._review_column = next(
            (i for i, col in enumerate(self.columns) if col.key == "review_state"), None
        )
        self._query = query
        self._shown = query  # the query whose rows are on screen
        self._count = 0
        self._keys: Any = None  # rowids in order, when the order has no index
        self._blocks: OrderedDict[int, list[ListRow]] = OrderedDict()
        self._wanted: list[int] = []
        self._in_flight: int | None = None
        self._generation = 0
        self._reloading = False
        self._loaded_once = False
        self._callbacks: dict[TaskHandle, Callable[[Any], None]] = {}
        self.conflict_ids: Callable[[], set[str]] | None = None
        """Ids of records with conflicts to settle (read off the UI thread with each reload)."""
        self._conflicted: set[str] = set()
        self._awaiting = False  # a reload or a count waits for the list service (attach)

    # -- the query ----------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return self._query.kind

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def busy(self) -> bool:
        return self._reloading or self._in_flight is not None

    @property
    def loaded_once(self) -> bool:
        return self._loaded_once

    def total(self) -> int:
        return self._count

    def set_query(self, query: ListQuery, *, force: bool = False) -> None:
        """Show ``query``'s rows (reloads when it differs, or when ``force``)."""
        if force or query != self._query:
            self._query = query
            self.reload()

    def column_index(self, key: str) -> int:
        for i, col in enumerate(self.columns):
            if col.key == key:
                return i
        raise KeyError(key)

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].sortable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in SQL: a header click reloads in the new order."""
        if not self.is_sortable(column):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = self.columns[column].key
        if (self._query.sort, self._query.descending) != (key, descending):
            self.set_query(replace(self._query, sort=key, descending=descending))

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        col = sort_column(self._query)
        order = (
            Qt.SortOrder.DescendingOrder if self._query.descending else Qt.SortOrder.AscendingOrder
        )
        return self.column_index(col.key), order

    # -- loading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the current query off the UI thread: a new list shows its first block
        before its count (or ordered keys, see ``ListingService.is_windowed``) is read; the
        same list read again (after an edit) swaps in with its count, keeping its place."""
        self._generation += 1
        generation, query = self._generation, self._query
        listing, block, conflict_ids = self.listing, self.BLOCK, self.conflict_ids
        if listing is None:
            self._awaiting = True  # read once the list service is there
            return
        first = block if listing.is_windowed(query) else min(block, self.FIRST_ROWS)
        again = query == self._shown and self._loaded_once
        self._set_reloading(True)

        def work(_progress: TaskHandle) -> tuple[list[ListRow], set[str], Any]:
            conflicted = conflict_ids() if conflict_ids else set()
            rows = listing.first_page(query, first)
            if not again or len(rows) < first:
                return rows, conflicted, None
            count, keys, exact = _count(listing, query, block)
            return exact or rows, conflicted, (count, keys)

        self._start(work, lambda result: self._apply_first(generation, query, first, *result))

    def show_first(self, query: ListQuery, rows: list[ListRow], conflicted: set[str]) -> None:
        """Show ``query``'s first rows, read before the list service was there (the window's
        early start, see ``ui.early_start``); the count and other rows wait for ``attach``."""
        self._generation += 1
        self._query = query
        self._apply_first(self._generation, query, self.BLOCK, rows, conflicted, None)

    def attach(self, listing: ListingService) -> None:
        """The list service is there: rows shown early stay (and the selection with them)
        while it reads the first rows again and the count; a reload asked for meanwhile
        runs now."""
        self.listing = listing
        if not self._awaiting:
            return
        self._awaiting = False
        if not (self._loaded_once and self._query == self._shown):
            self.reload()
            return
        generation, query, block = self._generation, self._query, self.BLOCK

        def work(_progress: TaskHandle) -> tuple[int, Any, Any]:
            count, keys, exact = _count(listing, query, block)
            return count, keys, exact or listing.first_page(query, block)

        self._set_reloading(True)
        self._start(work, lambda result: self._apply_count(generation, *result))

    def _apply_first(
        self,
        generation: int,
        query: ListQuery,
        asked: int,
        rows: list[ListRow],
        conflicted: set[str],
        counted: tuple[int, Any] | None,
    ) -> None:
        if generation != self._generation:
            return
        self._conflicted = conflicted
        complete = len(rows) < asked  # the whole list: nothing left to count
        count, keys = counted or (len(rows), None)
        if query == self._shown and self._loaded_once and count == self._count:
            self._keys, self._blocks = keys, OrderedDict({0: rows})
            self._wanted.clear()
            if count:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(count - 1, len(self.columns) - 1)
                )
        else:
            self.beginResetModel()
            self._shown, self._count, self._keys = query, count, keys
            self._blocks = OrderedDict({0: rows})
            self._wanted.clear()
            self.endResetModel()
        self._loaded_once = True
        self.reloaded.emit()
        if complete or counted is not None:
            self._finish_reload()
            return
        listing, block = self.listing, self.BLOCK
        if listing is None:
            self._awaiting = True  # counted once the list service is there
            return
        self._start(
            lambda _progress: _count(listing, query, block),
            lambda result: self._apply_count(generation, *result),
        )

    def _apply_count(self, generation: int, count: int, keys: Any, first: Any) -> None:
        """The count of a new list whose first block is on screen: the other rows appear."""
        if generation != self._generation:
            return
        self._keys = keys
        shown = self._blocks.get(0, [])
        if first is not None:
            same = [r.id for r in first[: len(shown)]] == [r.id for r in shown]
            self._blocks[0] = first  # the whole first block (the first rows came alone)
            if shown and not same:
                last = self.index(len(shown) - 1, len(self.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < self._count:  # rows deleted in between
            self.beginResetModel()
            self._count, self._blocks = count, OrderedDict()
            self.endResetModel()
        self._finish_reload()

    def _finish_reload(self) -> None:
        self._set_reloading(False)
        self.countChanged.emit(self._count)
        self._next_block()

    def _set_reloading(self, value: bool) -> None:
        was = self.busy
        self._reloading = value
        if was != self.busy:
            self.busyChanged.emit()

    def _start(self, work: Callable[[TaskHandle], Any], done: Callable[[Any], None]) -> None:
        """Run ``work`` off the UI thread, then ``done(result)`` here. The handle's signals
        go to this model's own slots, which Qt disconnects if the model is destroyed first."""
        handle = run_task(work)
        self._callbacks[handle] = done
        _running.add(handle)
        handle.finished.connect(self._task_done)
        handle.failed.connect(self._task_failed)
        for signal in (handle.finished, handle.failed):
            signal.connect(lambda *_a, h=handle: _running.discard(h))

    @Slot(object)
    def _task_done(self, result: Any) -> None:
        done = self._callbacks.pop(self.sender(), None)  # type: ignore[call-overload]
        if done is not None:
            done(result)

    @Slot(str)
    def _task_failed(self, message: str) -> None:
        self._callbacks.pop(self.sender(), None)  # type: ignore[call-overload]
        self._reloading = False
        self._in_flight = None
        self.busyChanged.emit()
        self.failed.emit(message)

    def _want(self, block: int) -> None:
        if block == self._in_flight or self._reloading:
            return
        if block in self._wanted:
            self._wanted.remove(block)
        self._wanted.append(block)
        del self._wanted[: -self.MAX_WANTED]
        if self._in_flight is None:
            self._next_block()

    def _next_block(self) -> None:
        while self._wanted and self._in_flight is None and self.listing is not None:
            block = self._wanted.pop()  # the most recent request: what is on screen now
            if block in self._blocks or block * self.BLOCK >= self._count:
                continue
            self._fetch(block)

    def _fetch(self, block: int) -> None:
        generation, query, keys, count = self._generation, self._shown, self._keys, self._count
        listing, size = self.listing, self.BLOCK
        assert listing is not None  # see _next_block
        start = block * size
        was = self.busy
        self._in_flight = block
        if not was:
            self.busyChanged.emit()

        def work(_progress: TaskHandle) -> list[ListRow]:
            if keys is None:
                return listing.page(query, start, size, count)
            return listing.rows_for(query.kind, keys[start : start + size])

        self._start(work, lambda rows: self._apply_block(generation, block, rows))

    def _apply_block(self, generation: int, block: int, rows: list[ListRow]) -> None:
        self._in_flight = None
        if generation == self._generation and not self._reloading:
            self._blocks[block] = rows
            while len(self._blocks) > self.MAX_BLOCKS:
                self._blocks.popitem(last=False)
            first = block * self.BLOCK
            last = min(self._count, first + self.BLOCK) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, self.columnCount() - 1)
                )
        self._next_block()
        if not self.busy:
            self.busyChanged.emit()

    def cached_rows(self) -> int:
        """How many rows are held in memory now (tests check it stays bounded)."""
        return sum(len(rows) for rows in self._blocks.values())

    # -- reading rows -------------------------------------------------------------------

    def row(self, row: int, *, fetch: bool = True) -> ListRow | None:
        """The row if loaded; asks for its block otherwise (unless ``fetch`` is False)."""
        if not 0 <= row < self._count:
            return None
        block = row // self.BLOCK
        rows = self._blocks.get(block)
        if rows is None:
            if fetch:
                self._want(block)
            return None
        self._blocks.move_to_end(block)
        offset = row - block * self.BLOCK
        return rows[offset] if offset < len(rows) else None

    def row_id(self, row: int) -> str | None:
        found = self.row(row)
        return found.id if found else None

    def ids_resolver(self, rows: list[int]) -> Callable[[], list[str]]:
        """A function giving the ids of ``rows`` (in order), to call off the UI thread.

        Loaded rows answer from memory; rows never loaded (a select-all over a long list)
        are read from the database, window by window, by the returned function.
        """
        known: dict[int, str] = {}
        missing: list[tuple[int, int]] = []  # [start, end) ranges not in memory
        for row in sorted(set(rows)):
            found = self.row(row, fetch=False)
            if found is not None:
                known[row] = found.id
            elif missing and missing[-1][1] == row:
                missing[-1] = (missing[-1][0], row + 1)
            else:
                missing.append((row, row + 1))
        listing, query, keys, count = self.listing, self._shown, self._keys, self._count
        ordered = sorted(set(rows))

        def resolve() -> list[str]:
            found = dict(known)
            for start, end in missing:
                assert listing is not None  # rows not loaded: the count came from it
                for offset in range(start, end, 5000):
                    size = min(5000, end - offset)
                    if keys is None:
                        chunk = listing.page(query, offset, size, count)
                    else:
                        chunk = listing.rows_for(query.kind, keys[offset : offset + size])
                    found.update((offset + i, item.id) for i, item in enumerate(chunk))
            return [found[row] for row in ordered if row in found]

        return resolve

    def find_row(self, row_id: str) -> int | None:
        """The row number of ``row_id`` among the loaded rows."""
        for block, rows in self._blocks.items():
            for offset, item in enumerate(rows):
                if item.id == row_id:
                    return block * self.BLOCK + offset
        return None

    # -- QAbstractTableModel ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        col = self.columns[section]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cells.header_label(self.kind, col)
        if role == KEY_ROLE:
            return col.key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return cells.alignment(col)
        return None

    def data(self, index: Index, role: int = cells.DISPLAY_ROLE) -> Any:
        """A cell's role. Each paint asks seven roles of every visible cell (some 1,500
        calls for a screen of visits, on each new search), so the roles lists never set
        return at once and nothing here builds a Qt enum or searches the columns. (The
        flags are Qt's own, enabled and selectable: no Python call per cell.)"""
        column = index.column()
        if role == cells.ALIGNMENT_ROLE:
            return self._alignments[column] if 0 <= column < len(self._alignments) else None
        if role in cells.UNUSED_ROLES or not 0 <= column < len(self.columns):
            return None
        row = self.row(index.row())
        if row is None:
            return cells.PLACEHOLDER if role == cells.DISPLAY_ROLE and column == 0 else None
        value = row.values[column]
        if role == cells.DISPLAY_ROLE:
            return cells.display(self.columns[column], value)
        if role == cells.BACKGROUND_ROLE:
            if row.id in self._conflicted:
                return cells.CONFLICT_BACKGROUND
            return cells.RETURNED_BACKGROUND if self._returned_to_me(row) else None
        if role == cells.FOREGROUND_ROLE:
            return cells.REVIEW_COLOURS.get(value) if column == self._review_column else None
        if role == ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            return cells.sort_value(self.columns[column], value)
        if role == ROW_ROLE:
            return row
        if role == cells.TOOLTIP_ROLE:
            if row.id in self._conflicted and column == 0:
                return self.tr("Conflicts to settle: see Conflicts")
            return self._tooltip(self.columns[column], row, value)
        return None

    def _returned_to_me(self, row: ListRow) -> bool:
        extra = row.extra
        return (
            self.actor is not None
            and self._review_column is not None
            and extra.get("review_comment") is not None
            and row.values[self._review_column] == "returned"
            and extra.get("staff_id") == self.actor.staff_id
        )

    def _tooltip(self, col: ListColumn, row: ListRow, value: Any) -> str | None:
        comment = row.extra.get("review_comment")
        if comment and (col.key == "review_state" or self._returned_to_me(row)):
            return self.tr("Returned: {0}").format(comment)
        if col.kind == "longtext" and value:
            return str(value)
        exact = cells.exact_money(col, value)
        if exact:
            return exact
        text = cells.display(col, value)
        return text if len(text) > 14 else None
