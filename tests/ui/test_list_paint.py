"""A search shows its first rows at once: the table paints them while the page handles
``reloaded``, before the model's count starts on its thread (which would otherwise hold
the GIL through the paint), and only once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.list_page import VisitsPage
from tests.ui.conftest import open_page, wait_loaded


class PaintCounter(QObject):
    """Counts the paint events a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_a_search_paints_its_first_rows_once_before_counting(  # type: ignore[no-untyped-def]
    qtbot, manager_ctx: PageContext
) -> None:
    page = open_page(qtbot, manager_ctx, VisitsPage)
    page.model.BLOCK = 50  # more rows than the table shows, fewer than the search finds
    viewport = PaintCounter(page.table.viewport())
    at_reloaded: list[int] = []
    at_count: list[int] = []
    page.model.reloaded.connect(lambda: at_reloaded.append(viewport.paints))
    page.model.countChanged.connect(lambda _count: at_count.append(viewport.paints))
    for text, complete in (("考察", False), ("华", True)):
        page.filters.search.setText(text)
        for _ in range(3):  # the typing's own repaints, done before the debounce fires
            QApplication.sendPostedEvents()
        viewport.paints = 0
        at_reloaded.clear()
        at_count.clear()
        page.filters.flush()  # what the debounce timer does
        wait_loaded(qtbot, page.model)
        assert (page.model.rowCount() < page.model.BLOCK) == complete, text
        # Painted while the page handled ``reloaded``: the count started after the paint.
        assert at_reloaded == [1], text
        # And not painted again before the count: the rows were laid out for that paint.
        assert at_count == [1], text
        assert page.table.viewport().isVisible()
