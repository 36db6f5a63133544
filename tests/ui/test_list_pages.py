"""List pages over the sample data: search and filters narrow the rows, header clicks sort
in SQL, Delete asks then soft-deletes, bulk actions, columns remembered."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QStyleOptionHeader
from sqlalchemy import func, select

from liaison_app.db.models import Lead, Visit
from liaison_app.services.context import AppServices
from liaison_app.services.listing import ListFilter, ListQuery
from liaison_app.ui.models import SORT_ROLE
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.list_page import LeadsPage, ListPage, VisitsPage
from tests.ui.conftest import answer_next_box, load_all, open_page, type_text, wait_loaded


def type_search(qtbot, page: ListPage, text: str) -> None:  # type: ignore[no-untyped-def]
    page.filters.search.clear()
    page.filters.search.setFocus()
    type_text(qtbot, page.filters.search, text)
    # The box waits for typing to pause (250 ms) before it reloads the list.
    qtbot.waitUntil(lambda: page.model.query.filter.text == text, timeout=3000)
    wait_loaded(qtbot, page.model)


def test_search_box_narrows_to_what_search_finds(qtbot, manager_ctx: PageContext) -> None:
    page = open_page(qtbot, manager_ctx)
    everything = page.model.rowCount()
    for text in ("华", "视频洽谈", "投资总监"):
        type_search(qtbot, page, text)
        expected = {h.id for h in manager_ctx.services.search.search(text, "visits", 10_000)}
        assert set(load_all(qtbot, page.model)) == expected
        assert 0 < page.model.rowCount() < everything
        assert f"{len(expected):,}" in page.filters.count_label.text()
    page.filters.clear()
    wait_loaded(qtbot, page.model)
    assert page.model.rowCount() == everything


def test_filters_narrow_to_the_right_rows(
    qtbot, demo: AppServices, manager_ctx: PageContext
) -> None:
    page = open_page(qtbot, manager_ctx, VisitsPage)
    bar = page.filters
    office_id, office_name = demo.stats.offices()[1]
    bar.office.setCurrentIndex(bar.office.findData(office_id))
    bar.review_state.setCurrentIndex(bar.review_state.findData("approved"))
    bar.period.setCurrentIndex(bar.period.findData("custom"))
    assert bar.date_from.isVisible()
    bar.date_from.setDate(bar.date_from.date().fromString("2020-02-01", Qt.DateFormat.ISODate))
    bar.date_to.setDate(bar.date_to.date().fromString("2020-03-31", Qt.DateFormat.ISODate))
    wait_loaded(qtbot, page.model)
    ids = load_all(qtbot, page.model)
    with demo.store.read() as session:
        expected = set(
            session.scalars(
                select(Visit.id).where(
                    Visit.deleted.is_(False),
                    Visit.office_id == office_id,
                    Visit.review_state == "approved",
                    Visit.visit_date.between("2020-02-01", "2020-03-31"),
                )
            )
        )
    assert set(ids) == expected and expected
    office_col = page.model.column_index("office")
    assert {page.model.index(r, office_col).data() for r in range(len(ids))} == {office_name}
    # The staff choices follow the office.
    staff_offices = {s[2] for s in manager_ctx.listing.staff_choices(office_id)}
    assert bar.staff.count() - 1 == len(manager_ctx.listing.staff_choices(office_id))
    assert staff_offices == {office_id}


def test_leads_filters_and_money_sort(qtbot, demo: AppServices, manager_ctx: PageContext) -> None:
    page = open_page(qtbot, manager_ctx, LeadsPage, "leads")
    bar = page.filters
    bar.valid.setCurrentIndex(bar.valid.findData("1"))
    bar.stage.setCurrentIndex(bar.stage.findData("signed"))
    wait_loaded(qtbot, page.model)
    assert page.model.rowCount() == 17
    bar.clear()
    wait_loaded(qtbot, page.model)
    with demo.store.read() as session:
        total = session.scalar(select(func.count()).select_from(Lead).where(~Lead.deleted))
    assert page.model.rowCount() == total

    money = page.model.column_index("investment")
    header = page.table.horizontalHeader()
    header.setSortIndicator(money, Qt.SortOrder.DescendingOrder)  # what a header click does
    wait_loaded(qtbot, page.model)
    load_all(qtbot, page.model)
    values = [page.model.index(r, money).data(SORT_ROLE) or 0 for r in range(total)]
    assert values == sorted(values, reverse=True) and values[0] > values[-1]
    text = page.model.index(0, money).data()
    assert "," in text and "万" not in text  # 万元 in the header, separators in the cell
    assert "万元" in page.model.headerData(money, Qt.Orientation.Horizontal)
    align = page.model.index(0, money).data(Qt.ItemDataRole.TextAlignmentRole)
    assert align & Qt.AlignmentFlag.AlignRight

    date_col = page.model.column_index("found_on")
    header.setSortIndicator(date_col, Qt.SortOrder.AscendingOrder)
    wait_loaded(qtbot, page.model)
    dates = [page.model.index(r, date_col).data() for r in range(min(total, 200))]
    assert dates == sorted(dates)
    # A column that cannot be sorted keeps the previous order and indicator.
    header.setSortIndicator(page.model.column_index("description"), Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == date_col


def test_delete_asks_then_soft_deletes(qtbot, demo: AppServices, manager_ctx: PageContext) -> None:
    page = open_page(qtbot, manager_ctx, ListPage, "deals")
    before = page.model.rowCount()
    page.table.selectRow(0)
    victim = page.table.selected_ids()[0]
    seen: list[str] = []

    answer_next_box(QMessageBox.StandardButton.No, seen)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert seen and "签约项目" in seen[0]
    assert demo.records.get("deal", victim)["id"] == victim  # still there

    answer_next_box(QMessageBox.StandardButton.Yes, seen)
    page.delete_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == before - 1, timeout=5000)
    with demo.store.read() as session:
        from liaison_app.db.models import Deal

        row = session.get(Deal, victim)
        assert row is not None and row.deleted  # a tombstone, not a hard delete
    assert victim not in load_all(qtbot, page.model)


def test_bulk_submit_and_change_stage(qtbot, demo: AppServices, staff_ctx: PageContext) -> None:
    page = open_page(qtbot, staff_ctx, VisitsPage)
    bar = page.filters
    bar.review_state.setCurrentIndex(bar.review_state.findData("draft"))
    wait_loaded(qtbot, page.model)
    drafts = load_all(qtbot, page.model)
    assert len(drafts) >= 2
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0),
        page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    chosen = page.table.selected_ids()
    assert len(chosen) == 2
    page.submit_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == len(drafts) - 2, timeout=5000)
    assert {demo.records.get("visit", i)["review_state"] for i in chosen} == {"submitted"}

    leads = open_page(qtbot, staff_ctx, LeadsPage, "leads")
    leads.table.selectRow(0)
    lead = leads.table.selected_ids()[0]
    stage = next(a for a in leads.stage_menu.actions() if a.text() == "考察")
    stage.trigger()
    qtbot.waitUntil(lambda: demo.records.get("lead", lead)["stage"] == "inspection", timeout=5000)


def test_columns_hidden_and_widths_are_remembered(
    qtbot, demo: AppServices, demo_manager, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "columns.ini")
    ctx = PageContext(demo, demo_manager, QSettings(path, QSettings.Format.IniFormat))
    page = open_page(qtbot, ctx)
    people = page.model.column_index("people_met")
    menu = page.table.column_menu()
    action = next(a for a in menu.actions() if a.text() == "会见人员")
    action.trigger()  # hide it through the header's menu
    assert page.table.isColumnHidden(people)
    page.table.setColumnWidth(0, 155)
    page.table.save_columns()
    ctx.settings.sync()

    again = PageContext(demo, demo_manager, QSettings(path, QSettings.Format.IniFormat))
    page2 = open_page(qtbot, again)
    assert page2.table.isColumnHidden(people)
    assert page2.table.columnWidth(0) == 155
    assert not page2.table.isColumnHidden(page.model.column_index("company"))


def test_filters_are_remembered(qtbot, demo: AppServices, demo_manager, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "filters.ini")
    ctx = PageContext(demo, demo_manager, QSettings(path, QSettings.Format.IniFormat))
    page = open_page(qtbot, ctx, LeadsPage, "leads")
    page.filters.stage.setCurrentIndex(page.filters.stage.findData("advanced"))
    wait_loaded(qtbot, page.model)
    ctx.settings.sync()
    again = PageContext(demo, demo_manager, QSettings(path, QSettings.Format.IniFormat))
    page2 = open_page(qtbot, again, LeadsPage, "leads")
    assert page2.filters.stage.currentData() == "advanced"
    assert page2.model.query.filter == ListFilter(stage="advanced")
    assert page2.model.rowCount() == ctx.listing.count(
        ListQuery("leads", ListFilter(stage="advanced"))
    )


def test_double_click_and_enter_open_the_record(qtbot, manager_ctx: PageContext) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    page = open_page(qtbot, manager_ctx, LeadsPage, "leads")
    opened: list[tuple[str, str]] = []

    def close_editor() -> None:
        editor = QApplication.activeModalWidget()
        if editor is None:
            QTimer.singleShot(20, close_editor)
            return
        opened.append((editor.objectName(), getattr(editor, "row_id", "")))
        editor.reject()

    row = 2
    expected = page.model.row_id(row)
    index = page.model.index(row, 1)
    page.table.scrollTo(index)
    QTimer.singleShot(0, close_editor)
    center = page.table.visualRect(index).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert opened == [("editor_lead", expected)]

    page.table.setCurrentIndex(page.model.index(4, 0))
    QTimer.singleShot(0, close_editor)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened[-1] == ("editor_lead", page.model.row_id(4))


def test_a_click_on_a_column_header_sorts_by_it(qtbot, manager_ctx: PageContext) -> None:
    """A real mouse click on 企业 (not setSortIndicator): the header must take clicks."""
    page = open_page(qtbot, manager_ctx, VisitsPage, "visits")
    header = page.table.horizontalHeader()
    company = page.model.column_index("company")
    where = QPoint(header.sectionViewportPosition(company) + 20, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    wait_loaded(qtbot, page.model)
    assert page.model.sort_state()[0] == company
    assert header.sortIndicatorSection() == company


def test_the_sort_arrow_points_up_for_a_to_z(qtbot, manager_ctx: PageContext) -> None:
    page = open_page(qtbot, manager_ctx, VisitsPage, "visits")
    header = page.table.horizontalHeader()
    company = page.model.column_index("company")
    arrows = {}
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        header.setSortIndicator(company, order)
        option = QStyleOptionHeader()
        header.initStyleOptionForIndex(option, company)
        arrows[order] = option.sortIndicator
    assert arrows[Qt.SortOrder.AscendingOrder] == QStyleOptionHeader.SortIndicator.SortUp
    assert arrows[Qt.SortOrder.DescendingOrder] == QStyleOptionHeader.SortIndicator.SortDown


def test_buttons_for_selected_rows_wait_for_a_selection(qtbot, manager_ctx: PageContext) -> None:
    page = open_page(qtbot, manager_ctx, VisitsPage, "visits")
    assert not page.delete_button.isEnabled() and not page.submit_button.isEnabled()
    assert page.new_button.isEnabled()
    page.table.selectRow(0)
    assert page.delete_button.isEnabled() and page.submit_button.isEnabled()
    page.table.clearSelection()
    assert not page.delete_button.isEnabled()


def test_a_custom_range_starts_as_the_period_chosen_before(qtbot, manager_ctx: PageContext) -> None:
    """Not today alone (an empty list, remembered): the preset's days, or this year so far."""
    page = open_page(qtbot, manager_ctx, VisitsPage, "visits")
    bar = page.filters
    today = bar.today

    def days() -> tuple[object, object]:
        return bar.date_from.date().toPython(), bar.date_to.date().toPython()

    bar.period.setCurrentIndex(bar.period.findData("last_year"))
    bar.period.setCurrentIndex(bar.period.findData("custom"))
    assert days() == (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    wait_loaded(qtbot, page.model)
    assert page.model.query.filter.date_from == date(today.year - 1, 1, 1)
    bar.period.setCurrentIndex(bar.period.findData("all"))
    bar.period.setCurrentIndex(bar.period.findData("custom"))
    assert days() == (date(today.year, 1, 1), today)
    bar.date_from.setDate(bar.date_from.date().addDays(-3))  # the user's own days stay
    chosen = days()
    bar.period.setCurrentIndex(bar.period.findData("custom"))
    assert days() == chosen


def test_the_filter_calendars_look_like_the_editors(qtbot, manager_ctx: PageContext) -> None:
    """No week-number column and plain ‹ › arrows, as in the date fields' calendar."""
    from PySide6.QtWidgets import QCalendarWidget, QToolButton

    page = open_page(qtbot, manager_ctx, VisitsPage, "visits")
    period = page.filters.period
    period.setCurrentIndex(period.findData("custom"))  # the dates (and calendars) show
    for edit in (page.filters.date_from, page.filters.date_to):
        calendar = edit.calendarWidget()
        assert (
            calendar.verticalHeaderFormat() == QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
        )
        step = calendar.findChild(QToolButton, "qt_calendar_prevmonth")
        assert step.text() == "‹" and step.icon().isNull()
