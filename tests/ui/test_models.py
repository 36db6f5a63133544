"""The paged table models over the sample data: Qt's model tester, formats, roles."""

from __future__ import annotations

import pytest

from liaison_app.services.listing import ListingService, ListQuery
from liaison_app.ui.models import ID_ROLE, PagedTableModel
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
