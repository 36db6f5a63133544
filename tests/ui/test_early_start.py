"""The early start: the window paints the saved view of its list from the early reads, then
takes the services over without a change on screen (same rows, same selection), and input
that arrives meanwhile waits for them."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from liaison_app.db.store import Store
from liaison_app.domain.enums import Role
from liaison_app.paths import DataPaths
from liaison_app.services.context import AppServices
from liaison_app.services.early_reads import CACHE_FILE
from liaison_app.services.listing import ListingService
from liaison_app.services.session_user import sign_in
from liaison_app.ui.app import app_settings
from liaison_app.ui.early_start import InputHold, open_early
from liaison_app.ui.main_window import MainWindow
from tests.ui.conftest import wait_loaded


def signed_in(paths: DataPaths, template: Path) -> AppServices:
    shutil.copyfile(template, paths.database)
    services = AppServices(Store.open(paths.database, paths.backups))
    sign_in(services, "王浩然", "上海联络办", Role.staff)  # staff open on their visits
    return services


def save_view(settings: QSettings) -> None:
    """A saved view of the visits list: a period of the user's choosing."""
    settings.beginGroup("filters/visits")
    settings.setValue("period", "custom")
    settings.setValue("date_from", "2020-01-01")
    settings.setValue("date_to", "2020-12-30")
    settings.endGroup()


def test_an_early_window_shows_the_saved_view_then_takes_the_services(
    qtbot, paths: DataPaths, demo_template: Path
) -> None:
    services = signed_in(paths, demo_template)
    settings = app_settings(paths)
    save_view(settings)
    assert open_early(paths, settings) is not None  # a plain case: it may start early
    # The first start pays the usual way and files its first page as it closes.
    first = MainWindow(services, services_actor(services), settings, paths=paths)
    qtbot.addWidget(first)
    first.show()
    wait_loaded(qtbot, first.current_page().model)
    first.close()
    assert (paths.root / CACHE_FILE).exists()

    early = open_early(paths, settings)
    assert early is not None
    reads, actor = early
    window = MainWindow(None, actor, settings, paths=paths, early=reads)
    qtbot.addWidget(window)
    page = window.current_page()
    query = page.current_query()
    assert (str(query.filter.date_from), str(query.filter.date_to)) == ("2020-01-01", "2020-12-30")
    listing = ListingService(services.store)
    expected = listing.first_page(query, page.model.BLOCK)
    assert len(expected) == page.model.BLOCK  # a page, and more rows to count
    # The rows are there as the window is built, before any event is processed.
    assert page.model.loaded_once and page.model.rowCount() == len(expected)
    assert [page.model.row(r) for r in range(len(expected))] == expected
    window.show()
    qtbot.waitUntil(lambda: window._painted, timeout=5000)
    page.table.selectRow(3)
    chosen = page.table.current_id()
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))

    window.attach(services)
    reads.close()
    wait_loaded(qtbot, page.model)
    assert page.model.rowCount() == listing.count(query) > len(expected)
    assert [page.model.row(r) for r in range(len(expected))] == expected
    assert not resets and page.table.current_id() == chosen == expected[3].id
    assert page.filters.count_label.text() == f"共 {listing.count(query):,} 条（已筛选）"
    window.show_page("leads")  # after the hand-over the window works as ever
    wait_loaded(qtbot, window.current_page().model)
    assert window.current_page().model.rowCount() > 0
    window.close()
    services.store.close()


def services_actor(services: AppServices):  # type: ignore[no-untyped-def]
    from liaison_app.services.session_user import current_actor

    actor = current_actor(services)
    assert actor is not None
    return actor


def test_input_waits_while_held_then_arrives(qtbot, paths: DataPaths, demo_template: Path) -> None:
    services = signed_in(paths, demo_template)
    window = MainWindow(services, services_actor(services), app_settings(paths), paths=paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.current_key() == "visits"
    hold = InputHold(window)
    handle = window.windowHandle()
    QTest.keyClick(handle, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 项目线索
    nav = window.nav
    deals = nav.visualItemRect(nav.item(window.keys.index("deals"))).center()
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=nav.viewport().mapTo(window, deals))
    qtbot.wait(50)
    assert window.current_key() == "visits" and hold.held() >= 3  # nothing happened yet
    hold.release()
    qtbot.waitUntil(lambda: window.current_key() == "deals", timeout=5000)  # both, in order
    assert window.settings.value("mainwindow/page") == "deals"
    window.close()
    services.store.close()


def test_only_a_plain_start_goes_early(qtbot, paths: DataPaths, demo_template: Path) -> None:
    """Nobody signed in (the first-run questions) or a window opening on the overview go
    the usual way."""
    shutil.copyfile(demo_template, paths.database)
    settings = app_settings(paths)
    assert open_early(paths, settings) is None  # nobody signed in yet
    services = signed_in(paths, demo_template)
    early = open_early(paths, settings)
    assert early is not None
    early[0].close()
    settings.setValue("mainwindow/page", "dashboard")
    assert open_early(paths, settings) is None
    services.store.close()
