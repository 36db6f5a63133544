"""The 冲突 and 疑似重复企业 pages sit like the list pages: text at the top, headers whole."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from liaison_app.ui.views.conflicts_page import ConflictsPage
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.duplicates_page import DuplicatesPage
from liaison_app.ui.views.record_table import ElidingHeader


def test_an_empty_conflicts_page_keeps_its_text_at_the_top(qtbot, manager_ctx: PageContext) -> None:  # type: ignore[no-untyped-def]
    page = ConflictsPage(manager_ctx, "冲突")
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.start()
    qtbot.waitUntil(lambda: page.table.isHidden())  # loaded: no conflicts

    def gap() -> int:
        below_hint = page.hint.mapTo(page, QPoint(0, page.hint.height())).y()
        return page.empty.mapTo(page, QPoint(0, 0)).y() - below_hint

    qtbot.waitUntil(lambda: gap() < 30, timeout=2000)  # once the layout has settled
    assert page.hint.mapTo(page, QPoint(0, 0)).y() < 100


def test_duplicate_headers_elide_at_the_end(qtbot, manager_ctx: PageContext) -> None:  # type: ignore[no-untyped-def]
    page = DuplicatesPage(manager_ctx, "疑似重复企业")
    qtbot.addWidget(page)
    assert isinstance(page.table.horizontalHeader(), ElidingHeader)
