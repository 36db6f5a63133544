"""The paged table models over the sample data: Qt's model tester, formats, roles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from liaison_app.services.listing import ListFilter, ListingService, ListQuery
from liaison_app.ui.models import ID_ROLE, PagedTableModel, cells
from tests.ui.conftest import wait_loaded


@pytest.mark.parametrize("kind", ["visits", "leads", "deals", "companies", "contacts"])
def test_model_passes_qt_model_tester(qtbot, qtmodeltester, demo, kind) -> None:
    model = PagedTableModel(ListingService(demo.store), ListQuery(kind))
    model.reload()
    wait_loaded(qtbot, model)
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    for row in range(model.rowCount()):  # every block loads, then read every cell
        model.index(row, 0).data()
    wait_loaded(qtbot, model)
    qtmodeltester.check(model, force_py=True)
    ids = {model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())}
    assert None not in ids and len(ids) == model.rowCount()


def test_selection_of_rows_never_loaded_resolves_every_id(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    listing = ListingService(demo.store)
    for query in (ListQuery("visits"), ListQuery("visits", sort="company", descending=False)):
        model = PagedTableModel(listing, query)
        model.BLOCK = 25  # most rows stay unloaded
        model.reload()
        wait_loaded(qtbot, model)
        assert model.cached_rows() == 25
        rows = list(range(model.rowCount()))
        ids = model.ids_resolver(rows)()  # as a bulk action calls it, off the UI thread
        assert ids == listing.ids(query, limit=10_000)
        assert model.cached_rows() == 25  # resolving did not fill the cache


def test_memory_stays_bounded_while_scrolling(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    model = PagedTableModel(ListingService(demo.store), ListQuery("visits"))
    model.BLOCK, model.MAX_BLOCKS = 10, 4
    model.reload()
    wait_loaded(qtbot, model)
    for row in range(0, model.rowCount(), 10):
        model.row(row)
        wait_loaded(qtbot, model)
        assert model.cached_rows() <= 40
    last = model.rowCount() - 1
    model.row(last)
    wait_loaded(qtbot, model)
    assert model.index(last, 0).data() not in (None, "…")


@pytest.mark.parametrize(
    "query",
    [
        ListQuery("visits"),
        ListQuery("visits", sort="company", descending=False),
        ListQuery("visits", ListFilter(text="考察")),
    ],
    ids=["by-date", "by-company", "search"],
)
def test_a_new_list_shows_its_first_block_then_its_count(qtbot, demo, query) -> None:  # type: ignore[no-untyped-def]
    """``reloaded`` comes with the first block alone; the count (and the other rows) after
    it, while ``busy``; the rows are those of the whole list, in its order."""
    listing = ListingService(demo.store)
    model = PagedTableModel(listing, query)
    model.BLOCK = 10
    seen: list[tuple[int, bool]] = []
    model.reloaded.connect(lambda: seen.append((model.rowCount(), model.busy)))
    counts: list[int] = []
    model.countChanged.connect(counts.append)
    model.reload()
    wait_loaded(qtbot, model)
    total = listing.count(query)
    assert total > 10
    assert seen == [(10, True)]
    assert counts == [total] and model.rowCount() == total
    first = [model.index(r, 0).data(ID_ROLE) for r in range(10)]
    assert first == listing.ids(query, limit=10)


def test_the_roles_a_paint_asks_of_every_cell(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    """What each cell answers for the roles a paint asks (the quick path in ``data``):
    text, alignment by column kind, the review state's colour in its column only, nothing
    for the roles lists never set; Qt's own flags, enabled and selectable."""
    model = PagedTableModel(ListingService(demo.store), ListQuery("visits"))
    model.reload()
    wait_loaded(qtbot, model)
    review = model.column_index("review_state")
    day = model.column_index("visit_date")
    for row in range(min(30, model.rowCount())):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (
                Qt.ItemDataRole.FontRole,
                Qt.ItemDataRole.DecorationRole,
                Qt.ItemDataRole.CheckStateRole,
                Qt.ItemDataRole.SizeHintRole,
            ):
                assert index.data(role) is None
            colour = index.data(Qt.ItemDataRole.ForegroundRole)
            state = model.row(row).values[review]  # type: ignore[union-attr]
            assert colour == (cells.REVIEW_COLOURS[state] if column == review else None)
            flags = index.flags()
            assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
            assert not flags & Qt.ItemFlag.ItemIsEditable
        assert model.index(row, day).data() == str(model.row(row).values[day])  # type: ignore[union-attr]
        align = model.index(row, day).data(Qt.ItemDataRole.TextAlignmentRole)
        assert align == Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
    assert model.index(-1, 0).data() is None
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is not None


@pytest.mark.parametrize(
    ("query", "first"),
    [
        (ListQuery("visits", ListFilter(text="考察")), 8),
        (ListQuery("visits", sort="company", descending=False), 8),
        (ListQuery("visits"), 20),  # windowed: the whole block, the count is a COUNT
    ],
    ids=["search", "by-company", "by-date"],
)
def test_a_list_counted_by_its_keys_shows_fewer_rows_first(qtbot, demo, query, first) -> None:  # type: ignore[no-untyped-def]
    """A search (or an order no index serves) shows ``FIRST_ROWS`` first, a shorter walk;
    its count brings the whole first block, and the rows shown stay as they were."""
    listing = ListingService(demo.store)
    model = PagedTableModel(listing, query)
    model.BLOCK, model.FIRST_ROWS = 20, 8
    seen: list[int] = []
    model.reloaded.connect(lambda: seen.append(model.rowCount()))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    model.reload()
    wait_loaded(qtbot, model)
    assert seen == [first]
    assert model.rowCount() == listing.count(query) > 20
    assert model.cached_rows() == 20  # the first block whole, no block read since
    assert changed == []  # the first rows, shown before the count, did not change
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(20)]
    assert ids == listing.ids(query, limit=20)
