"""Fixtures of the editor tests: the app's translations, a company or two, helpers to
drive modal message boxes from a timer (they run their own event loop)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from liaison_app.domain.uscc import make_uscc
from liaison_app.services.actor import SYSTEM
from liaison_app.services.context import AppServices
from liaison_app.ui.translations import install_translators

# The offscreen platform warns that it cannot resize, raise or grab like a real desktop.
OFFSCREEN_NOISE = "This plugin does not support"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/forms" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def zh_ui(qapp: QApplication) -> Iterator[None]:
    install_translators(qapp, "zh_CN")
    yield
    install_translators(qapp, "zh_CN")


@pytest.fixture
def huawei(services: AppServices) -> str:
    return services.records.create(
        "company",
        {
            "name": "华为技术有限公司",
            "uscc": make_uscc("91440300708461136"),
            "industry_chain": "电子信息",
        },
        SYSTEM,
    )


@pytest.fixture
def companies(services: AppServices, huawei: str) -> dict[str, str]:
    ids = {"华为技术有限公司": huawei}
    for name in ("华润置地有限公司", "中兴通讯股份有限公司", "比亚迪股份有限公司"):
        ids[name] = services.records.create("company", {"name": name}, SYSTEM)
    return ids


def answer_box(parent: QWidget, button_text: str) -> Callable[[], None]:
    """Click ``button_text`` on the next message box shown over ``parent``."""
    clicked: list[str] = []

    def click() -> None:
        for box in parent.findChildren(QMessageBox):
            if box.isVisible():
                for button in box.buttons():
                    if button.text() == button_text:
                        clicked.append(button_text)
                        button.click()
                        return
        QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)
    return lambda: None


def type_text(qtbot: object, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII as key presses, Chinese (and full-width) text the way an
    input method delivers it, as committed strings (QTest cannot press those keys)."""
    run = ""
    for ch in text + "\0":
        if ch != "\0" and ch.isascii() == (run[:1].isascii() if run else ch.isascii()):
            run += ch
            continue
        if run:
            if run.isascii():
                qtbot.keyClicks(widget, run)  # type: ignore[attr-defined]
            else:
                event = QInputMethodEvent()
                event.setCommitString(run)
                QApplication.sendEvent(widget, event)
        run = ch if ch != "\0" else ""
