"""Fixtures of the workbench tests: the app's translations, actors of the sample data,
a settings file in the test's folder, and helpers to wait for lists loaded off-thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import select

from liaison_app.db.models import Staff
from liaison_app.domain.enums import Role
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.ui.views.context import PageContext
from liaison_app.ui.views.list_page import ListPage

OFFSCREEN_NOISE = "This plugin does not support"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = str(item.path).replace("\\", "/")
        if "tests/ui" in path and "tests/ui/forms" not in path:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def ui_language(qapp: QApplication) -> Iterator[None]:
    """Chinese, with the app's translations, as users see it; restored after each test."""
    try:
        from liaison_app.ui.translations import install_translators
    except ImportError:  # the translations module comes with the forms
        yield
        return
    install_translators(qapp, "zh_CN")
    yield
    install_translators(qapp, "zh_CN")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def demo_actor(services: AppServices, name: str) -> Actor:
    """A staff member of the sample data, by name (陈卫东 manages 上海联络办)."""
    with services.store.read() as session:
        staff = session.scalars(select(Staff).where(Staff.name == name)).one()
        return Actor(staff.id, staff.office_id, Role(staff.role), staff.name)


@pytest.fixture
def demo_manager(demo: AppServices) -> Actor:
    return demo_actor(demo, "陈卫东")


@pytest.fixture
def demo_staff(demo: AppServices) -> Actor:
    return demo_actor(demo, "王浩然")


def answer_next_box(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Press ``button`` on the next message box (modal boxes run their own event loop)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def type_text(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a user: ASCII as key presses, Chinese as an input method commits it."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def wait_loaded(qtbot, model) -> None:  # type: ignore[no-untyped-def]
    """Until the model's reload and block loads are done."""
    qtbot.waitUntil(lambda: model.loaded_once and not model.busy, timeout=10_000)


def shot(widget: QWidget, name: str) -> Path:
    folder = Path("/tmp/shots")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path


Callback = Callable[[], None]


@pytest.fixture
def manager_ctx(demo: AppServices, demo_manager: Actor, settings: QSettings):  # type: ignore[no-untyped-def]
    from liaison_app.ui.views.context import PageContext

    return PageContext(demo, demo_manager, settings)


@pytest.fixture
def staff_ctx(demo: AppServices, demo_staff: Actor, settings: QSettings):  # type: ignore[no-untyped-def]
    from liaison_app.ui.views.context import PageContext

    return PageContext(demo, demo_staff, settings)


def model_ids(model) -> list[str]:  # type: ignore[no-untyped-def]
    """Every id in a paged model, loading each block (waits for none: call wait_loaded)."""
    return [model.row_id(r) for r in range(model.rowCount())]


def load_all(qtbot, model) -> list[str]:  # type: ignore[no-untyped-def]
    wait_loaded(qtbot, model)
    for row in range(0, model.rowCount(), model.BLOCK):
        model.row(row)
        wait_loaded(qtbot, model)
    ids = model_ids(model)
    assert None not in ids
    return ids


def open_page(qtbot, ctx: PageContext, cls=ListPage, kind: str = "visits") -> ListPage:  # type: ignore[no-untyped-def]
    """A list page shown at 1300x800 with its first rows loaded."""
    page = cls(ctx, kind, kind)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.start()
    wait_loaded(qtbot, page.model)
    return page
