"""Sync in the window, driven as a person would: Settings' Sync part, F5, Cancel, summary.

Real central stores (a SQLite file, and PostgreSQL with password checks), real laptops,
the real keyring backend API with an in-memory backend.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from liaison_app.db.store import Store
from liaison_app.domain.enums import Role
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.session_user import current_actor, sign_in
from liaison_app.sync import failpoints
from liaison_app.ui.forms import make_editor
from liaison_app.ui.main_window import MainWindow
from liaison_app.ui.models.cells import CONFLICT_BACKGROUND
from liaison_app.ui.settings_dialog import (
    AUTO_SYNC_MINUTES_KEY,
    AUTO_SYNC_START_KEY,
    SettingsDialog,
)
from tests.sync.conftest import (
    PASSWORD,
    START,
    Central,
    MemoryKeyring,
    make_central,
    make_laptops,
)
from tests.ui.conftest import answer_next_box, shot, type_text, wait_loaded


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    yield make_central(request.param, request, tmp_path)
    failpoints.disarm_all()


@pytest.fixture
def laptops(tmp_path: Path, central: Central) -> Iterator[Any]:
    yield from make_laptops(tmp_path, central)


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring backend installed as the system's for this test."""
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture
def offline(tmp_path: Path) -> Iterator[AppServices]:
    """A laptop after its first start, offline: 王浩然 of 上海联络办."""
    store = Store.open(tmp_path / "laptop" / "liaison.db")
    services = AppServices(store, FixedClock(START))
    sign_in(services, "王浩然", "上海联络办", Role.staff)
    yield services
    store.close()


def fill_form(qtbot: QtBot, dialog: SettingsDialog, central: Central, login: str, password: str):
    page = dialog.sync
    if central.kind == "sqlite":
        page.kind.setCurrentIndex(page.kind.findData("sqlite"))
        page.file.setText(central.address.database)
    else:
        page.host.setText(central.host)
        page.port.setValue(central.port)
        page.database.setText(central.name)
        page.tls.setCurrentIndex(page.tls.findData("disable"))
    page.login.clear()
    type_text(qtbot, page.login, login)
    page.password.clear()
    type_text(qtbot, page.password, password)


def test_connect_from_settings(
    qtbot: QtBot, central: Central, offline: AppServices, ring: MemoryKeyring, tmp_path: Path
) -> None:
    login = central.add_user("wang", "上海联络办", "staff")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = SettingsDialog(settings, services=offline, data_dir=tmp_path, ring=ring)
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.sync
    if central.checks_passwords:
        fill_form(qtbot, dialog, central, login, "wrong")
        page.test_button.click()
        qtbot.waitUntil(lambda: "密码错误" in page.result.text(), timeout=15_000)
    fill_form(qtbot, dialog, central, login, PASSWORD)
    page.test_button.click()
    qtbot.waitUntil(lambda: "连接正常" in page.result.text(), timeout=15_000)
    assert "上海联络办" in page.result.text() and "招商人员" in page.result.text()
    shot(dialog, f"settings-sync-tested-{central.kind}")
    with qtbot.waitSignal(dialog.person_changed, timeout=15_000):
        page.connect_button.click()
    assert "已连接" in page.result.text()
    assert [label.text() for label in dialog.person_labels][1:] == ["上海联络办", "招商人员"]
    actor = current_actor(offline)
    assert actor is not None and actor.staff_id != ""  # the central store's person now
    if central.kind == "postgres":
        assert list(ring.saved.values()) == [PASSWORD]  # in the keyring, nowhere else
    assert not any("password" in key.lower() for key in settings.allKeys())
    assert page.password.text() == ""


def make_window(qtbot: QtBot, services: AppServices, tmp_path: Path) -> MainWindow:
    actor = current_actor(services)
    assert actor is not None
    window = MainWindow(
        services, actor, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    window.resize(1360, 820)
    window.show()
    return window


def test_f5_syncs_and_says_what_came_in(
    qtbot: QtBot, laptops: Any, central: Central, ring: MemoryKeyring, tmp_path: Path
) -> None:
    wang = laptops("wang")
    li = laptops("li")
    company = wang.company()
    for i in range(3):
        wang.visit(company, f"宁德时代座谈{i}")
    wang.sync()
    ring.set_password("liaison-app", f"{li.login}@{central.laptop_url}", PASSWORD)
    window = make_window(qtbot, li.services, tmp_path)
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Ok, seen)
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    assert "收到 3 条拜访记录、1 家企业" in seen[0]
    assert not window.sync_running
    # The status bar's first refresh (before the sync) may land late: wait for the one after.
    qtbot.waitUntil(lambda: "从未" not in window.status_panel.sync.text(), timeout=5000)
    assert "：0" in window.status_panel.pending.text()


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_cancel_stops_after_the_current_batch(
    qtbot: QtBot,
    laptops: Any,
    central: Central,
    ring: MemoryKeyring,
    tmp_path: Path,
    monkeypatch: Any,
) -> None:
    monkeypatch.setenv(failpoints.PAGE_ENV, "5")
    wang = laptops("wang")
    company = wang.company()
    for i in range(20):
        wang.visit(company, f"拜访{i}")
    window = make_window(qtbot, wang.services, tmp_path)
    first_batch, go_on = threading.Event(), threading.Event()

    def hold() -> None:  # the worker waits after its first batch until Cancel is pressed
        if not first_batch.is_set():
            first_batch.set()
            go_on.wait(10)

    failpoints.arm("push:sent", hold)
    window.sync_action.trigger()
    qtbot.waitUntil(first_batch.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: window.progress.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: "正在上传 0/21" in window.progress.label.text(), timeout=5000)
    shot(window, "sync-progress")
    window.progress.cancel.click()
    go_on.set()
    qtbot.waitUntil(lambda: not window.sync_running, timeout=10_000)
    left = len(wang.outbox())
    assert 0 < left < 21  # the first batch went, and nothing after the cancel
    assert len(central.rows("visit")) + left >= 20  # nothing half-done, nothing lost
    QApplication.processEvents()


def test_a_conflict_settled_in_the_view(
    qtbot: QtBot,
    laptops: Any,
    qtmodeltester: Any,
    central: Central,
    ring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    wang = laptops("wang")
    li = laptops("li")
    visit = wang.visit(wang.company(), "座谈")
    wang.sync()
    li.sync()
    wang.edit("visit", visit, summary="王的纪要")
    li.clock.advance(seconds=5)
    li.edit("visit", visit, summary="李的纪要")
    wang.sync()
    li.sync()
    wang.sync()
    window = make_window(qtbot, wang.services, tmp_path)
    window.show_page("visits")
    visits = window.page("visits").model
    wait_loaded(qtbot, visits)
    row = next(r for r in range(visits.rowCount()) if visits.row_id(r) == visit)
    marked = visits.index(row, 0)
    assert marked.data(Qt.ItemDataRole.BackgroundRole) == CONFLICT_BACKGROUND
    assert "冲突" in marked.data(Qt.ItemDataRole.ToolTipRole)
    nav = window.nav.item(window.keys.index("conflicts"))
    qtbot.waitUntil(lambda: nav.text() == "冲突（1）", timeout=5000)
    window.show_page("conflicts")
    page = window.page("conflicts")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    qtmodeltester.check(page.model)
    texts = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert texts[1:5] == ["洽谈内容", "座谈", "李的纪要", "王的纪要"]
    shot(window, "conflicts-page")
    editor = make_editor(None, wang.services, wang.actor, "visit", visit)
    qtbot.addWidget(editor)
    assert "1 处冲突" in editor.banner.text()  # the record says so where it is edited
    editor.close()
    page.take_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    assert page.empty.isVisible()
    assert wang.row("visit", visit).summary == "王的纪要"
    qtbot.waitUntil(lambda: nav.text() == "冲突", timeout=5000)
    wang.sync()
    li.sync()
    assert li.row("visit", visit).summary == "王的纪要"
    assert li.services.conflicts.count_open() == 0


def test_hq_merges_a_duplicate_company(
    qtbot: QtBot,
    laptops: Any,
    qtmodeltester: Any,
    central: Central,
    ring: MemoryKeyring,
    tmp_path: Path,
) -> None:
    wang = laptops("wang")
    zhao = laptops("zhao", "深圳联络办")
    hq = laptops("hq", None, "hq")
    kept = wang.company("宁德时代新能源科技股份有限公司", None)
    other = zhao.company("宁德时代新能源科技股份有限公司", None)
    visit = zhao.visit(other, "宁德时代座谈")
    for device in (wang, zhao, hq):
        device.sync()
    ring.set_password("liaison-app", f"{hq.login}@{central.laptop_url}", PASSWORD)
    window = make_window(qtbot, hq.services, tmp_path)
    assert "duplicates" in window.keys
    window.show_page("duplicates")
    page = window.page("duplicates")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(page.model)
    shot(window, "duplicates-page")
    pair = page.model.row_at(0)
    keep_first = pair.left["id"] == kept
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Yes, seen)
    (page.keep_left if keep_first else page.keep_right).click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and bool(seen), timeout=10_000)
    assert "宁德时代" in seen[0]
    zhao.sync()
    assert zhao.row("visit", visit).company_id == kept
    assert zhao.row("company", other).deleted


def test_staff_have_no_duplicates_view(qtbot: QtBot, offline: AppServices, tmp_path: Path) -> None:
    window = make_window(qtbot, offline, tmp_path)
    assert "duplicates" not in window.keys and "conflicts" in window.keys


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_a_pull_keeps_the_selected_record(
    qtbot: QtBot, laptops: Any, central: Central, ring: MemoryKeyring, tmp_path: Path
) -> None:
    wang = laptops("wang")
    li = laptops("li")
    company = li.company()
    mine = [li.visit(company, f"李的拜访{i}") for i in range(5)]
    li.sync()
    window = make_window(qtbot, li.services, tmp_path)
    window.show_page("visits")
    page = window.page("visits")
    wait_loaded(qtbot, page.model)
    assert page.table.select_id(mine[3])
    wang.sync()
    for i in range(4):  # new rows arrive: the list's row count changes
        wang.visit(company, f"王的拜访{i}")
    wang.sync()
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Ok, seen)
    window.sync_action.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 9, timeout=5000)
    wait_loaded(qtbot, page.model)
    qtbot.waitUntil(lambda: page.table.current_id() == mine[3], timeout=5000)


@pytest.mark.parametrize("central", ["sqlite"], indirect=True)
def test_sync_on_start_is_quiet_and_waits_for_dialogs(
    qtbot: QtBot, laptops: Any, central: Central, ring: MemoryKeyring, tmp_path: Path
) -> None:
    wang = laptops("wang")
    li = laptops("li")
    company = wang.company()
    wang.visit(company, "宁德时代座谈")
    wang.sync()
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue(AUTO_SYNC_START_KEY, True)
    settings.setValue(AUTO_SYNC_MINUTES_KEY, 5)
    settings.sync()
    window = make_window(qtbot, li.services, tmp_path)
    assert window.auto_sync.isActive() and window.auto_sync.interval() == 5 * 60_000
    qtbot.waitUntil(lambda: li.count("visit") == 1, timeout=10_000)
    qtbot.waitUntil(
        lambda: "收到 1 条拜访记录" in window.statusBar().currentMessage(), timeout=5000
    )
    assert QApplication.activeModalWidget() is None  # no message box for an automatic sync
    wang.visit(company, "第二次座谈")
    wang.sync()
    box = QMessageBox(QMessageBox.Icon.Information, "x", "y", parent=window)
    box.setModal(True)
    box.show()
    window.sync_quietly()  # a dialog is open: the tick is skipped
    assert not window.sync_running
    box.close()
    window.sync_quietly()
    qtbot.waitUntil(lambda: li.count("visit") == 2, timeout=10_000)
