"""The dashboard shows the statistics service's numbers for the chosen period and office."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from liaison_app.services.context import AppServices
from liaison_app.services.stats import FIGURES, Period
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.dashboard_page import DashboardPage, figure_text
from liaison_app.ui.views.record_table import RecordTable


def wait_data(qtbot, page: DashboardPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.data is not None and not page._loading, timeout=10_000)


def test_cards_equal_the_statistics(qtbot, demo: AppServices, manager_ctx: PageContext) -> None:
    page = DashboardPage(manager_ctx, "总览")
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    page.start()
    wait_data(qtbot, page)
    # The default period is this year (the test clock says 2020-07-01).
    expected = demo.stats.compute(Period(date(2020, 1, 1), date(2020, 12, 31)))
    shown = {key: page.cards[key].value.text() for key in FIGURES}
    assert shown == {key: figure_text(key, expected[key]) for key in FIGURES}
    assert shown["companies_visited"] == "219"
    assert shown["valid_leads"] == "52"
    assert shown["valid_lead_investment_yuan"] == "131.00"  # 亿元
    assert shown["signed_deals"] == "17"

    for preset, period in (
        ("all", Period()),
        ("quarter", Period(date(2020, 7, 1), date(2020, 9, 30))),
        ("month", Period(date(2020, 7, 1), date(2020, 7, 31))),
    ):
        for office_index in (0, 2):
            page.period.setCurrentIndex(page.period.findData(preset))
            page.office.setCurrentIndex(office_index)
            page.data = None
            page.refresh()
            wait_data(qtbot, page)
            office = page.office.currentData()
            expected = demo.stats.compute(period, [office] if office else None)
            for key in FIGURES:
                assert page.cards[key].value.text() == figure_text(key, expected[key]), (
                    preset,
                    office,
                    key,
                )
            assert page.data is not None
            trend_total = sum(sum(c.values()) for c in page.data.trend.values())
            assert trend_total == expected["visits"]


def test_overdue_list_opens_the_visit(qtbot, demo: AppServices, manager_ctx: PageContext) -> None:
    page = DashboardPage(manager_ctx, "总览")
    qtbot.addWidget(page)
    page.period.setCurrentIndex(page.period.findData("all"))
    page.start()
    wait_data(qtbot, page)
    assert page.data is not None
    total = page.data.overdue_total
    assert page.overdue.rowCount() == min(total, 200) > 0
    assert f"{total:,}" in page.overdue_title.text()
    first = page.data.overdue[0]
    assert page.overdue.item(0, 2).text() == first.company

    opened: list[str] = []

    def close_editor() -> None:
        editor = QApplication.activeModalWidget()
        if editor is None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(20, close_editor)
            return
        opened.append(getattr(editor, "row_id", ""))
        editor.reject()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, close_editor)
    page.overdue.cellDoubleClicked.emit(0, 2)
    assert opened == [first.visit_id]
    assert RecordTable  # the lists and the dashboard open records the same way
