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
