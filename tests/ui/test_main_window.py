"""The main window: navigation, status bar, shortcuts, remembered state, screenshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import delete

from liaison_app.db.models import Outbox
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.ui.main_window import MainWindow
from tests.ui.conftest import shot, wait_loaded


def make_window(  # type: ignore[no-untyped-def]
    qtbot, services: AppServices, actor: Actor, settings: QSettings, size: bool = True
) -> MainWindow:
    window = MainWindow(services, actor, settings)
    qtbot.addWidget(window)
    if size:
        window.resize(1440, 900)
    window.show()
    return window


def settle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.current_page()
    model = getattr(page, "model", None)
    if model is not None:
        wait_loaded(qtbot, model)
    elif hasattr(page, "data"):
        qtbot.waitUntil(lambda: page.data is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not window.busy(), timeout=10_000)


def on_next_modal(action: Callable[[QWidget], Any], seen: list[Any]) -> None:
    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(action(widget))

    QTimer.singleShot(0, poll)


def test_navigation_and_status_bar(qtbot, demo: AppServices, demo_manager: Actor, settings) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, demo, demo_manager, settings)
    assert window.keys == [
        "dashboard",
        "visits",
        "leads",
        "deals",
        "companies",
        "review",
        "conflicts",
        "duplicates",
    ]
    assert window.current_key() == "dashboard"  # managers open on the overview
    for key in window.keys:
        window.show_page(key)
        assert window.stack.currentWidget() is window.page(key)
        assert window.page(key).objectName() == f"page_{key}"
        settle(qtbot, window)
    status = window.status_panel
    assert "陈卫东" in status.user.text() and "上海联络办" in status.user.text()
    assert "负责人" in status.user.text()
    # Not connected to a central store: the changes stay here, nothing in orange.
    pending = demo.records.pending_changes()
    qtbot.waitUntil(lambda: f"{pending:,}" in status.pending.text(), timeout=5000)
    assert "本机" in status.pending.text() and not status.pending.property("waiting")
    assert not status.sync.isVisibleTo(window)

    # Saving elsewhere updates the count.
    window.show_page("deals")
    settle(qtbot, window)
    page = window.current_page()
    page.table.selectRow(0)
    victim = page.table.selected_ids()[0]
    with demo.store.write() as session:  # as a push would: the deal's insert has gone out
        session.execute(delete(Outbox).where(Outbox.row_id == victim))
    window.data_changed()
    qtbot.waitUntil(lambda: f"{pending - 1:,}" in status.pending.text(), timeout=5000)
    demo.records.delete("deal", victim, demo_manager)
    window.data_changed()
    qtbot.waitUntil(lambda: f"{pending:,}" in status.pending.text(), timeout=5000)


def test_staff_have_no_review_page(qtbot, demo: AppServices, demo_staff: Actor, settings) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, demo, demo_staff, settings)
    assert "review" not in window.keys
    assert window.current_key() == "visits"  # staff open on their visits


def test_shortcuts(qtbot, demo: AppServices, demo_manager: Actor, settings) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, demo, demo_manager, settings)
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert window.sync_action.shortcut().toString() == "F5"
    assert window.export_action.shortcut().toString() == "Ctrl+E"

    window.find_action.trigger()  # from the overview: to the visits and their search box
    assert window.current_key() == "visits"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.page("visits").filters.search)

    seen: list[Any] = []
    on_next_modal(lambda dialog: (dialog.objectName(), dialog.reject()), seen)
    window.sync_action.trigger()  # not connected: Settings opens, whose Sync part connects
    assert seen and seen[0][0] == "settings"

    seen.clear()

    def editor(widget: QWidget) -> tuple[str, str | None]:
        result = (widget.objectName(), getattr(widget, "row_id", "?"))
        widget.reject()
        return result

    on_next_modal(editor, seen)
    window.new_action.trigger()
    assert seen == [("editor_visit", None)]

    seen.clear()
    on_next_modal(lambda w: (w.objectName(), w.close()), seen)
    window.export_action.trigger()  # the Excel dialog, or a clear message without it
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)


def test_state_is_remembered(qtbot, demo: AppServices, demo_manager: Actor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "window.ini")
    window = make_window(qtbot, demo, demo_manager, QSettings(path, QSettings.Format.IniFormat))
    window.show_page("leads")
    settle(qtbot, window)
    window.resize(1234, 777)
    window.close()
    again = make_window(
        qtbot, demo, demo_manager, QSettings(path, QSettings.Format.IniFormat), size=False
    )
    assert again.current_key() == "leads"
    # Offscreen, restoreGeometry fits the window to a small virtual screen: compare the
    # saved bytes instead of the size.
    saved = QSettings(path, QSettings.Format.IniFormat).value("mainwindow/geometry")
    assert saved and bytes(saved) == bytes(window.saveGeometry())


def test_delete_from_the_window_asks(
    qtbot, demo: AppServices, demo_manager: Actor, settings
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, demo, demo_manager, settings)
    window.show_page("companies")
    settle(qtbot, window)
    page = window.current_page()
    page.table.selectRow(3)
    qtbot.waitUntil(lambda: page.contacts.company_id is not None)
    wait_loaded(qtbot, page.contacts.model)
    company = page.table.selected_ids()[0]
    contacts = page.contacts.model.rowCount()
    assert contacts == page.ctx.listing.count(
        __import__("liaison_app.services.listing", fromlist=["ListQuery"]).ListQuery(
            "contacts",
            __import__("liaison_app.services.listing", fromlist=["ListFilter"]).ListFilter(
                company_id=company
            ),
        )
    )
    seen: list[Any] = []
    on_next_modal(lambda box: box.button(QMessageBox.StandardButton.No).click(), seen)
    page.delete_selected()
    assert seen
    assert demo.records.get("company", company)["id"] == company


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_screenshots(qtbot, qapp, demo: AppServices, demo_manager: Actor, settings, lang) -> None:  # type: ignore[no-untyped-def]
    try:
        from liaison_app.ui.translations import install_translators
    except ImportError:
        pytest.skip("translations not built")
    from liaison_app.ui.app import apply_style

    install_translators(qapp, lang)
    apply_style(qapp)
    try:
        window = make_window(qtbot, demo, demo_manager, settings)
        for key in window.keys:
            window.show_page(key)
            settle(qtbot, window)
            page = window.current_page()
            if key == "companies":  # a company with visits, so its contacts show below
                visits = page.model.column_index("visits")
                rows = range(page.model.rowCount())
                page.table.selectRow(
                    next(r for r in rows if page.model.index(r, visits).data() != "0")
                )
                qtbot.waitUntil(lambda p=page: p.contacts.company_id is not None)
                wait_loaded(qtbot, page.contacts.model)
            qtbot.wait(50)
            path = shot(window, f"{lang}_{key}")
            assert path.stat().st_size > 10_000
    finally:
        qapp.setStyleSheet("")


def test_view_menu_and_ctrl_digits_switch_pages(
    qtbot, demo: AppServices, demo_manager: Actor, settings
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMenu

    window = make_window(qtbot, demo, demo_manager, settings)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view = window.findChild(QMenu, "viewMenu")
    entries = [a for a in view.actions() if not a.isSeparator()]
    assert [a.text() for a in entries] == [window.page_title(k) for k in window.keys]
    for action, key in zip(entries, window.keys, strict=True):
        action.trigger()  # what the menu does
        assert window.current_key() == key
    for digit, key in ((3, "leads"), (1, "dashboard"), (6, "review")):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{digit}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_key() == key


def test_closing_cancels_background_work(
    qtbot, demo: AppServices, demo_manager: Actor, settings
) -> None:  # type: ignore[no-untyped-def]
    """Quitting does not wait for work in flight: it is cancelled and ends off-window."""
    import threading

    from PySide6.QtCore import QThreadPool

    from liaison_app.services.progress import check_cancelled

    window = make_window(qtbot, demo, demo_manager, settings)
    settle(qtbot, window)
    started = threading.Event()

    def work(progress: Any) -> None:
        started.set()
        while True:  # a long export, a slow sync…
            check_cancelled(progress)
            threading.Event().wait(0.01)

    window.run(work, label="long work", cancellable=True)
    assert started.wait(5)
    window.close()
    assert QThreadPool.globalInstance().waitForDone(2000)
    assert not window.auto_sync.isActive()


def test_one_product_name_and_title_pattern(
    qtbot, qapp, demo: AppServices, demo_manager: Actor, settings
) -> None:  # type: ignore[no-untyped-def]
    """The window is titled with the product's name alone (Qt appends that name to every
    dialog's title), and Chinese text calls the product one thing."""
    import re
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from liaison_app.ui.translations import install_translators

    for lang, name in (("zh_CN", "联络办招商工作台"), ("en", "Liaison")):
        install_translators(qapp, lang)
        assert QCoreApplication.translate("App", "Liaison") == name
        window = make_window(qtbot, demo, demo_manager, settings)
        assert window.windowTitle() == name
        box = window.about_box()
        assert box.windowTitle().endswith(name) and box.text().startswith(name)
        [button] = box.buttons()
        assert button.objectName() == "primary" and button.icon().isNull()
        assert all(
            b.icon().isNull() for bb in box.findChildren(QDialogButtonBox) for b in bb.buttons()
        )
        window.close()
    install_translators(qapp, "zh_CN")
    ts = Path(__file__).resolve().parents[2] / "resources/translations/liaison_zh_CN.ts"
    names = set(re.findall(r"[\u4e00-\u9fff]*工作台", ts.read_text(encoding="utf-8")))
    assert {n.removeprefix("欢迎使用").removeprefix("关于") for n in names} == {"联络办招商工作台"}


def test_the_first_window_fits_the_screen(
    qtbot, demo: AppServices, demo_manager: Actor, settings
) -> None:  # type: ignore[no-untyped-def]
    """No saved geometry (a first start): the status bar is on the screen even when it is
    lower than the 820 pixels the window would like (offscreen: 800x800, like 1366x768)."""
    window = make_window(qtbot, demo, demo_manager, settings, size=False)
    free = window.screen().availableGeometry()
    assert window.height() == min(820, free.height() - 60)
    assert window.frameGeometry().bottom() <= free.bottom()
