"""What a new user sees of the lists: the filter bar fits a 1366x768 screen in either
language, empty lists say what to do, filters chosen last time show as such, headers
elide at their end, and a money column has one format."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QStyleOptionHeader, QWidget

from liaison_app.services.actor import SYSTEM, Actor
from liaison_app.services.context import AppServices
from liaison_app.services.listing import ListFilter, ListQuery
from liaison_app.ui.main_window import MainWindow
from liaison_app.ui.models import PagedTableModel
from liaison_app.ui.translations import install_translators
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.filter_bar import FilterBar
from liaison_app.ui.views.list_page import ListPage, VisitsPage
from liaison_app.ui.views.record_table import RecordTable
from tests.ui.conftest import load_all, open_page, type_text, wait_loaded


def filter_rects(bar: FilterBar) -> dict[str, QRect]:
    """Where each visible filter sits, in the bar's coordinates."""
    widgets: list[QWidget] = [w for w in bar.row.children() if isinstance(w, QWidget)]
    widgets.append(bar.count_label)
    return {
        w.objectName() or repr(w): QRect(w.mapTo(bar, QPoint(0, 0)), w.size())
        for w in widgets
        if w.isVisible()
    }


def overlaps(rects: dict[str, QRect], width: int) -> list[str]:
    names = list(rects)
    found = [
        f"{a} / {b}"
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if rects[a].intersects(rects[b])
    ]
    found += [f"{n} past the edge" for n, r in rects.items() if r.right() >= width]
    return found


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_filter_bar_wraps_at_1366_and_nothing_moves_while_typing(  # type: ignore[no-untyped-def]
    qtbot, qapp, demo: AppServices, demo_staff: Actor, settings, lang
) -> None:
    install_translators(qapp, lang)
    window = MainWindow(demo, demo_staff, settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.page("visits")
    wait_loaded(qtbot, page.model)
    bar = page.filters
    bar.period.setCurrentIndex(bar.period.findData("custom"))
    qtbot.waitUntil(lambda: bar.dates.isVisible())
    qtbot.waitUntil(lambda: not overlaps(filter_rects(bar), bar.width()), timeout=3000)
    rects = filter_rects(bar)
    assert len({r.top() for r in rects.values()}) > 1  # it took a second line
    for name in ("search", "office", "staff", "period", "dates", "review_state"):
        widget = bar.findChild(QWidget, name)
        assert widget.width() >= widget.sizeHint().width(), name  # none is squeezed
    assert page.table.geometry().top() > bar.geometry().bottom()  # the table moved down

    wait_loaded(qtbot, page.model)
    before = filter_rects(bar)
    bar.search.setFocus()
    type_text(qtbot, bar.search, "华为")
    qtbot.waitUntil(lambda: page.model.query.filter.text == "华为", timeout=3000)
    wait_loaded(qtbot, page.model)
    QApplication.processEvents()
    assert filter_rects(bar) == before


def empty_office(services: AppServices) -> Actor:
    office = services.records.create("office", {"name": "上海联络办", "region": "长三角"}, SYSTEM)
    staff = services.records.create(
        "staff", {"name": "张三", "office_id": office, "role": "staff"}, SYSTEM
    )
    from liaison_app.domain.enums import Role

    return Actor(staff, office, Role.staff, "张三")


def test_first_run_lists_say_what_is_empty_and_offer_new_and_import(  # type: ignore[no-untyped-def]
    qtbot, services: AppServices, settings
) -> None:
    imports: list[str] = []
    ctx = PageContext(services, empty_office(services), settings)
    ctx.import_data = lambda: imports.append("import")
    page = open_page(qtbot, ctx, VisitsPage)
    qtbot.waitUntil(lambda: page.empty.isVisible())
    assert page.empty.title.text() == "还没有拜访记录"
    assert "导入" in page.empty.text.text()
    buttons = {b.text(): b for b in page.empty.action_buttons()}
    assert list(buttons) == ["新建拜访记录", "从 Excel 导入…"]
    assert page.empty.geometry() == page.table.viewport().rect()  # over the rows only

    buttons["从 Excel 导入…"].click()
    assert imports == ["import"]

    opened: list[str] = []

    def close_editor() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            qtbot.wait(20)
            return close_editor()
        opened.append(dialog.objectName())
        dialog.done(0)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, close_editor)
    buttons["新建拜访记录"].click()
    assert opened == ["editor_visit"]

    # Once there is a record, the note goes.
    company = services.records.create("company", {"name": "华为技术有限公司"}, SYSTEM)
    services.records.create(
        "visit",
        {
            "company_id": company,
            "visit_date": "2020-06-30",
            "office_id": ctx.actor.office_id,
            "staff_id": ctx.actor.staff_id,
            "mode": "onsite",
            "summary": "初次拜访",
        },
        ctx.actor,
    )
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.empty.isVisible())


def test_companies_without_import_offer_only_new(qtbot, services: AppServices, settings) -> None:  # type: ignore[no-untyped-def]
    ctx = PageContext(services, empty_office(services), settings)  # no main window: no import
    page = open_page(qtbot, ctx, ListPage, "companies")
    qtbot.waitUntil(lambda: page.empty.isVisible())
    assert page.empty.title.text() == "企业库中还没有企业"
    assert [b.text() for b in page.empty.action_buttons()] == ["新建企业"]


def test_a_search_that_finds_nothing_offers_to_clear_it(qtbot, manager_ctx: PageContext) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, manager_ctx)
    everything = page.model.rowCount()
    assert everything and not page.empty.isVisible()
    page.filters.search.setFocus()
    type_text(qtbot, page.filters.search, "没有这家企业")
    qtbot.waitUntil(lambda: page.model.query.filter.text == "没有这家企业", timeout=3000)
    wait_loaded(qtbot, page.model)
    assert page.model.rowCount() == 0 and page.empty.isVisible()
    assert page.empty.title.text() == "没有找到与“没有这家企业”相符的记录"
    (clear,) = page.empty.action_buttons()
    assert clear.text() == "清除筛选"
    clear.click()
    wait_loaded(qtbot, page.model)
    assert page.filters.search.text() == ""
    assert page.model.rowCount() == everything and not page.empty.isVisible()


def test_filters_from_the_returned_badge_survive_a_restart_visibly(  # type: ignore[no-untyped-def]
    qtbot, demo: AppServices, demo_staff: Actor, tmp_path
) -> None:
    path = str(tmp_path / "filters.ini")

    def start() -> VisitsPage:
        ctx = PageContext(demo, demo_staff, QSettings(path, QSettings.Format.IniFormat))
        page = open_page(qtbot, ctx, VisitsPage)
        return page

    page = start()
    everything = page.model.rowCount()
    assert not page.filters.is_filtered() and not page.filters.clear_button.isVisible()
    assert page.filters.count_label.text() == f"共 {everything:,} 条"
    qtbot.waitUntil(lambda: page.notice.isVisible())
    page.notice.click()
    wait_loaded(qtbot, page.model)
    returned = page.model.rowCount()
    assert 0 < returned < everything
    page.ctx.settings.sync()

    again = start()  # the next start: the same view, and it says it is filtered
    bar = again.filters
    assert again.model.rowCount() == returned
    assert bar.review_state.currentData() == "returned"
    assert set(bar.active_filters()) == {bar.staff, bar.review_state}
    assert bar.review_state.property("active") and bar.staff.property("active")
    assert not bar.office.property("active")
    assert bar.clear_button.isVisible()
    assert bar.count_label.text() == f"共 {returned:,} 条（已筛选）"

    bar.clear_button.click()  # one click back to everything
    wait_loaded(qtbot, again.model)
    assert again.model.rowCount() == everything
    assert not bar.is_filtered() and not bar.clear_button.isVisible()
    assert not bar.review_state.property("active")
    again.ctx.settings.sync()
    assert not start().filters.is_filtered()


def test_headers_elide_at_their_end_with_the_whole_text_as_tooltip(  # type: ignore[no-untyped-def]
    qtbot, qapp, demo: AppServices, demo_manager: Actor
) -> None:
    install_translators(qapp, "en")
    ctx = PageContext(demo, demo_manager, QSettings())
    model = PagedTableModel(ctx.listing, ListQuery("deals"), demo_manager)
    table = RecordTable(model)
    qtbot.addWidget(table)
    table.resize(1200, 400)
    table.show()
    header = table.horizontalHeader()
    funds = model.column_index("funds_in_place")
    full = model.headerData(funds, Qt.Orientation.Horizontal)
    assert full == "Funds in place (10k yuan)"
    assert model.headerData(funds, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == full
    table.setColumnWidth(funds, 90)
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, funds)
    assert option.text.endswith("…") and full.startswith(option.text[:-1])
    assert option.fontMetrics.horizontalAdvance(option.text) <= header.text_room(funds)

    install_translators(qapp, "zh_CN")  # the Chinese headers fit their default widths
    model_zh = PagedTableModel(ctx.listing, ListQuery("deals"), demo_manager)
    table_zh = RecordTable(model_zh)
    qtbot.addWidget(table_zh)
    for column in range(model_zh.columnCount()):
        if table_zh.isColumnHidden(column):
            continue
        option = QStyleOptionHeader()
        table_zh.horizontalHeader().initStyleOptionForIndex(option, column)
        assert option.text == model_zh.headerData(column, Qt.Orientation.Horizontal)
    assert "实际到位资金（万元）" in [
        model_zh.headerData(c, Qt.Orientation.Horizontal) for c in range(model_zh.columnCount())
    ]


MONEY_TEXT = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$")


def test_a_money_column_has_one_format(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, demo: AppServices, demo_manager: Actor
) -> None:
    ctx = PageContext(demo, demo_manager, QSettings())
    company = demo.records.create("company", {"name": "苏州鼎信精密有限公司"}, SYSTEM)
    deal = demo.records.create(
        "deal",
        {
            "title": "精密零部件基地",
            "company_id": company,
            "office_id": demo_manager.office_id,
            "signed_on": "2020-06-30",
            "signing_mode": "onsite",
            "investment_yuan": 553_000_000,
            "funds_in_place_yuan": 92_615_384,
            "status": "signed",
        },
        demo_manager,
    )
    model = PagedTableModel(ctx.listing, ListQuery("deals", ListFilter()), demo_manager)
    model.reload()
    ids = load_all(qtbot, model)
    qtmodeltester.check(model, force_py=True)
    row = ids.index(deal)
    for key in ("investment", "funds_in_place"):
        column = model.column_index(key)
        texts = [model.index(r, column).data() for r in range(model.rowCount())]
        odd = [t for t in texts if t and not MONEY_TEXT.match(t)]
        assert not odd, (key, odd[:5])
    funds = model.index(row, model.column_index("funds_in_place"))
    assert funds.data() == "9,261.54"
    assert funds.data(Qt.ItemDataRole.ToolTipRole) == "9,261.5384 万元"  # the exact amount
    investment = model.index(row, model.column_index("investment"))
    assert investment.data() == "55,300.00"
    assert investment.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
