"""The dashboard shows the statistics service's numbers for the chosen period and office."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from liaison_app.services.actor import Actor
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.dashboard import DashboardService
from liaison_app.services.stats import FIGURES, Period
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.dashboard_page import DashboardPage, figure_text
from liaison_app.ui.views.record_table import RecordTable
from tests.ui.conftest import model_ids, wait_loaded


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
    page.resize(1366, 768)
    page.show()
    page.period.setCurrentIndex(page.period.findData("all"))
    page.start()
    wait_data(qtbot, page)
    assert page.data is not None
    total = page.data.overdue_total
    assert total > 10
    assert page.overdue.rowCount() == 10  # the most recently due, whole
    assert f"{total:,}" in page.overdue_title.text()
    assert page.all_overdue.isVisible() and f"{total:,}" in page.all_overdue.text()
    first = page.data.overdue[0]
    assert page.overdue.item(0, 2).text() == first.company
    # No scrolling inside the scrolling page: every row shows, no scroll bar.
    table = page.overdue
    assert not table.verticalScrollBar().isVisible()
    last = table.rowCount() - 1
    assert table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height()

    opened: list[str] = []

    def close_editor() -> None:
        editor = QApplication.activeModalWidget()
        if editor is None:
            QTimer.singleShot(20, close_editor)
            return
        opened.append(getattr(editor, "row_id", ""))
        editor.reject()

    QTimer.singleShot(0, close_editor)
    page.overdue.cellDoubleClicked.emit(0, 2)
    assert opened == [first.visit_id]
    assert RecordTable  # the lists and the dashboard open records the same way


def test_overdue_shows_weeks_months_years() -> None:
    assert [DashboardPage.overdue_text(QWidgetStub(), d) for d in (3, 59, 60, 400, 2506)] == [
        "3 天",
        "59 天",
        "2 个月",
        "13 个月",
        "6 年",
    ]


class QWidgetStub:
    """``overdue_text`` needs only ``tr``: the page's translations."""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("DashboardPage", text)


def test_the_link_lists_every_overdue_follow_up_in_visits(
    qtbot, demo: AppServices, demo_manager: Actor, settings
) -> None:  # type: ignore[no-untyped-def]
    from liaison_app.ui.main_window import MainWindow

    window = MainWindow(demo, demo_manager, settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_page("dashboard")
    page = window.current_page()
    wait_data(qtbot, page)
    page.office.setCurrentIndex(page.office.findData(demo_manager.office_id))
    wait_data(qtbot, page)
    qtbot.waitUntil(lambda: page.data.office_ids == [demo_manager.office_id], timeout=10_000)
    total = page.data.overdue_total
    qtbot.mouseClick(page.all_overdue, Qt.MouseButton.LeftButton)
    assert window.current_key() == "visits"
    visits = window.current_page()
    qtbot.waitUntil(lambda: visits.model.query.filter.overdue_on is not None, timeout=10_000)
    wait_loaded(qtbot, visits.model)
    assert visits.model.rowCount() == total
    assert visits.overdue_chip.isVisible()
    assert visits.filters.office.currentData() == demo_manager.office_id
    ids = set(model_ids(visits.model))
    every = DashboardService(demo.store).overdue_follow_ups(
        manager_today(demo), [demo_manager.office_id], limit=10_000
    )[1]
    assert ids == {item.visit_id for item in every}
    qtbot.mouseClick(visits.overdue_chip, Qt.MouseButton.LeftButton)  # back to all visits
    qtbot.waitUntil(lambda: visits.model.query.filter.overdue_on is None, timeout=10_000)
    assert not visits.overdue_chip.isVisible()


def test_clear_filters_ends_the_overdue_view_too(
    qtbot, demo: AppServices, demo_manager: Actor, settings
) -> None:  # type: ignore[no-untyped-def]
    """From the dashboard over all offices no filter of the bar is on: the count still says
    "filtered", and "clear filters" (the bar's or the empty list's) shows every visit."""
    from liaison_app.ui.main_window import MainWindow

    window = MainWindow(demo, demo_manager, settings)
    qtbot.addWidget(window)
    window.show()
    window.show_page("visits")
    visits = window.current_page()
    wait_loaded(qtbot, visits.model)
    every = visits.model.rowCount()
    visits.show_overdue(manager_today(demo))
    qtbot.waitUntil(lambda: visits.model.query.filter.overdue_on is not None, timeout=10_000)
    wait_loaded(qtbot, visits.model)
    bar = visits.filters
    assert not bar.active_filters() and bar.is_filtered()
    assert "已筛选" in bar.count_label.text() and bar.clear_button.isVisibleTo(visits)
    assert 0 < visits.model.rowCount() < every
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visits.model.query.filter.overdue_on is None, timeout=10_000)
    wait_loaded(qtbot, visits.model)
    assert not visits.overdue_chip.isVisibleTo(visits) and not bar.is_filtered()
    assert not bar.clear_button.isVisibleTo(visits) and "已筛选" not in bar.count_label.text()
    assert visits.model.rowCount() == every
    visits.show_overdue(manager_today(demo))  # the empty list's "clear filters": bar.clear
    qtbot.waitUntil(lambda: visits.model.query.filter.overdue_on is not None, timeout=10_000)
    bar.clear()
    qtbot.waitUntil(lambda: visits.model.query.filter.overdue_on is None, timeout=10_000)
    assert not visits.overdue_chip.isVisibleTo(visits)


def manager_today(services: AppServices) -> date:
    from liaison_app.services.clock import local_today

    return local_today(services.clock)


def later_ctx(demo: AppServices, manager_ctx: PageContext, settings) -> PageContext:  # type: ignore[no-untyped-def]
    """The sample data (2019–2020) seen in 2026: this year holds nothing."""
    services = AppServices(demo.store, FixedClock(datetime(2026, 11, 30, 9, 0)))
    return PageContext(services, manager_ctx.actor, settings)


def test_opens_on_the_period_with_records(qtbot, demo: AppServices, manager_ctx, settings) -> None:  # type: ignore[no-untyped-def]
    page = DashboardPage(later_ctx(demo, manager_ctx, settings), "总览")
    qtbot.addWidget(page)
    page.start()
    wait_data(qtbot, page)
    assert page.period.currentData() == "all"  # not this year's zeros
    assert page.range_label.text() == "显示全部日期"
    assert page.cards["visits"].value.text() == f"{demo.stats.compute()['visits']:,}"
    assert not page.empty_label.isVisible()

    # A year the user chose stays chosen, says it is empty and offers all dates.
    page.period.setCurrentIndex(page.period.findData("year"))
    wait_data(qtbot, page)
    qtbot.waitUntil(lambda: page.data.period.start == date(2026, 1, 1), timeout=10_000)
    assert page.range_label.text() == "显示 2026-01-01 至 2026-12-31"
    assert page.cards["visits"].value.text() == "0"
    page.show()
    assert page.empty_label.isVisible() and page.show_all_button.isVisible()
    page.show_all_button.click()
    qtbot.waitUntil(lambda: page.data.period == Period(), timeout=10_000)
    assert page.period.currentData() == "all"

    # Next time it opens on what was chosen last.
    again = DashboardPage(later_ctx(demo, manager_ctx, settings), "总览")
    qtbot.addWidget(again)
    assert again.period.currentData() == "all"


def test_a_custom_range_like_the_lists(qtbot, demo: AppServices, manager_ctx) -> None:  # type: ignore[no-untyped-def]
    page = DashboardPage(manager_ctx, "总览")
    qtbot.addWidget(page)
    page.show()
    page.start()
    wait_data(qtbot, page)
    assert not page.date_from.isVisible()
    page.period.setCurrentIndex(page.period.findData("custom"))
    assert page.date_from.isVisible() and page.date_to.isVisible()
    page.date_from.setDate(QDate(2019, 10, 1))
    page.date_to.setDate(QDate(2020, 3, 31))
    period = Period(date(2019, 10, 1), date(2020, 3, 31))
    qtbot.waitUntil(lambda: page.data.period == period and not page._loading, timeout=10_000)
    expected = demo.stats.compute(period)
    assert page.cards["visits"].value.text() == f"{expected['visits']:,}"
    assert page.range_label.text() == "显示 2019-10-01 至 2020-03-31"
    # Months within the period, named across the year boundary, and the title says so.
    assert page.trend.unit == "month"
    assert page.trend.chart().title() == "每月拜访次数"
    axis = page.trend.chart().axes(Qt.Orientation.Horizontal)[0]
    assert axis.categories() == ["2019-10", "2019-11", "2019-12", "2020-01", "2020-02", "2020-03"]


def test_long_periods_sum_by_quarter_then_year() -> None:
    from liaison_app.services.dashboard import month_range
    from liaison_app.ui.views.charts import buckets

    unit, labels, groups = buckets(month_range("2020-01", "2020-07"))
    assert unit == "month" and len(labels) == 7
    unit, labels, _ = buckets(month_range("2019-01", "2020-12"))
    assert unit == "month" and labels[0] == "2019-01" and len(labels) == 24
    unit, labels, groups = buckets(month_range("2018-01", "2020-12"))
    assert (
        unit == "quarter"
        and labels[0] == "2018 Q1"
        and groups[0]
        == [
            "2018-01",
            "2018-02",
            "2018-03",
        ]
    )
    unit, labels, _ = buckets(month_range("2015-06", "2020-07"))
    assert unit == "year" and labels == [str(y) for y in range(2015, 2021)]


def test_count_axes_tick_whole_numbers(qtbot, demo: AppServices, manager_ctx) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCharts import QValueAxis

    page = DashboardPage(manager_ctx, "总览")
    qtbot.addWidget(page)
    page.period.setCurrentIndex(page.period.findData("custom"))
    page.date_from.setDate(QDate(2001, 1, 1))  # nothing then: empty charts
    page.date_to.setDate(QDate(2001, 12, 31))
    page.start()
    qtbot.waitUntil(
        lambda: page.data is not None and page.data.period.start == date(2001, 1, 1),
        timeout=10_000,
    )
    for chart in (page.pipeline.chart(), page.trend.chart()):
        [axis] = [a for a in chart.axes() if isinstance(a, QValueAxis)]
        assert axis.tickType() == QValueAxis.TickType.TicksDynamic
        assert axis.tickInterval() == 1 and axis.min() == 0 and axis.max() == 5
        assert axis.labelFormat() == "%d"
    page.period.setCurrentIndex(page.period.findData("all"))
    qtbot.waitUntil(lambda: page.data.period == Period() and not page._loading, timeout=10_000)
    [axis] = [a for a in page.pipeline.chart().axes() if isinstance(a, QValueAxis)]
    top = max(s.leads for s in page.data.pipeline)
    assert axis.tickInterval() == int(axis.tickInterval()) >= 1
    assert axis.max() >= top and axis.max() % axis.tickInterval() == 0
