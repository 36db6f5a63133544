"""The README's screenshots: the main views in Chinese, made from the sample data.

    uv run python scripts/screenshots.py                 # writes docs/images/*.png
    uv run python scripts/screenshots.py --out /tmp/shots

It builds the sample data (``liaison-app demo``) in a temporary folder with the clock set
to 1 July 2020 (the data covers January to June 2020, so "this year" and the overdue
follow-ups are the same on every run), opens the main window offscreen at 1600 × 1000 as
陈卫东, manager of 上海联络办, and grabs each page through the window's own API
(``show_page``), then a visit's editor, the import dialog's problem report and the
Settings' 同步 tab. Run again after changing the UI: tests/docs/test_screenshots.py checks
that the READMEs show exactly what this script makes.

Qt warnings (beyond the offscreen platform's notes) make it exit 1, like the test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import keyring.backend
from PySide6.QtCore import QCoreApplication, QSettings, QSize, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QWidget

from liaison_app.db.store import Store
from liaison_app.paths import DataPaths
from liaison_app.services.actor import Actor
from liaison_app.services.clock import FixedClock
from liaison_app.services.context import AppServices
from liaison_app.services.demo import load_demo

ROOT = Path(__file__).resolve().parents[1]

SIZE = QSize(1600, 1000)
NOW = datetime(2020, 7, 1, 9, 30)  # UTC; "today" is 1 July 2020 in every time zone
SEED = 2020  # the demo's default seed: the figures of the README
USER = "陈卫东"  # manager of 上海联络办: sees the review queue
PAGES = (  # file name, the main window's page key
    ("overview.png", "dashboard"),
    ("visits.png", "visits"),
    ("leads.png", "leads"),
    ("deals.png", "deals"),
    ("companies.png", "companies"),
    ("review.png", "review"),
)
DIALOGS = ("visit-editor.png", "import-problems.png", "settings-sync.png")
IMAGES = tuple(name for name, _ in PAGES) + DIALOGS
"""Every file the script writes (the test checks the READMEs against it)."""
TIMEOUT_S = 60.0
OFFSCREEN_NOISE = "This plugin does not support"


class Failed(Exception):
    """A view did not come up: the message says which."""


class ShowcaseKeyring(keyring.backend.KeyringBackend):
    """A keyring that keeps nothing, but counts as usable: the 同步 tab shows what a laptop
    with a system password store shows (this machine may have none)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        return None


# -- waiting without a test runner ---------------------------------------------------------


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    """Process events until ``condition()`` holds; Failed after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise Failed(f"timed out waiting for {what}")
        QApplication.processEvents()
        time.sleep(0.01)


def pause(seconds: float) -> None:
    """Let layouts, timers and repaints settle."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def models_idle(widget: QWidget) -> bool:
    """Every paged model under ``widget`` has loaded and is not loading."""
    from liaison_app.ui.models import PagedTableModel

    return not any(getattr(model, "busy", False) for model in widget.findChildren(PagedTableModel))


def settle(window: Any, what: str) -> None:
    """Until the current page shows its rows (or figures) and no work runs."""
    page = window.current_page()
    model = getattr(page, "model", None)
    if model is not None and hasattr(model, "loaded_once"):
        wait_until(lambda: model.loaded_once and not model.busy, f"the rows of {what}")
    elif hasattr(page, "data"):
        wait_until(lambda: page.data is not None, f"the figures of {what}")
    wait_until(lambda: not window.busy() and models_idle(page), f"{what} to finish loading")
    pause(0.3)


def save(widget: QWidget, folder: Path, name: str) -> Path:
    path = folder / name
    if not widget.grab().save(str(path)):
        raise Failed(f"could not write {path}")
    print(f"wrote {path}")
    return path


# -- the sample data and the app -------------------------------------------------------------


def demo_services(folder: Path) -> AppServices:
    paths = DataPaths(folder).ensure()
    store = Store.open(paths.database, paths.backups)
    services = AppServices(store, FixedClock(NOW))
    load_demo(services, seed=SEED)
    return services


def actor_named(services: AppServices, name: str) -> Actor:
    from sqlalchemy import select

    from liaison_app.db.models import Staff
    from liaison_app.domain.enums import Role

    with services.store.read() as session:
        staff = session.scalars(select(Staff).where(Staff.name == name)).one()
        return Actor(staff.id, staff.office_id, Role(staff.role), staff.name)


def start_app() -> QApplication:
    from liaison_app.domain.i18n import set_language
    from liaison_app.ui.app import apply_style
    from liaison_app.ui.translations import install_translators

    app = QApplication.instance() or QApplication(["liaison-app"])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Liaison")
    app.setApplicationName("liaison-app")
    install_translators(app, "zh_CN")
    set_language("zh_CN")
    apply_style(app)
    app.setCursorFlashTime(0)  # a steady text cursor: every run grabs the same pixels
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Liaison"))
    return app


@contextmanager
def qt_warnings() -> Iterator[list[str]]:
    """Collect Qt's warnings (the offscreen platform's notes aside)."""
    seen: list[str] = []

    def handler(kind: QtMsgType, _context: Any, message: str) -> None:
        quiet = kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
        if not quiet and OFFSCREEN_NOISE not in message:
            seen.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield seen
    finally:
        qInstallMessageHandler(previous)


# -- the views -------------------------------------------------------------------------------


def shoot_pages(window: Any, out: Path) -> None:
    for name, key in PAGES:
        if key not in window.keys:
            raise Failed(f"the main window has no page {key!r} for {window.actor.name}")
        window.show_page(key)
        settle(window, key)
        if key == "companies":
            show_busiest_company(window.current_page())
            settle(window, key)
        save(window, out, name)


def show_busiest_company(page: Any) -> None:
    """Select the most visited company of the first rows, its visits in the lower half."""
    model = page.model
    try:
        column = model.column_index("visits")
    except (AttributeError, KeyError):
        column = None  # the columns changed: the first company will do

    def visits(row: int) -> int:
        found = model.row(row, fetch=False)
        value = found.values[column] if found is not None and column is not None else 0
        return value if isinstance(value, int) else 0

    rows = range(min(model.rowCount(), getattr(model, "BLOCK", 100)))
    best = max(rows, key=lambda r: (visits(r), -r), default=0)
    page.table.selectRow(best)
    related = getattr(page, "related", {})
    if "visits" in related:
        page.tabs.setCurrentWidget(related["visits"])


def latest_lead_visit(services: AppServices) -> str:
    """The visit the latest lead came from (its editor lists the lead)."""
    from sqlalchemy import select

    from liaison_app.db.models import Lead

    with services.store.read() as session:
        visit_id = session.scalar(
            select(Lead.source_visit_id)
            .where(Lead.source_visit_id.is_not(None))
            .order_by(Lead.found_on.desc(), Lead.id)
            .limit(1)
        )
    if visit_id is None:
        raise Failed("the sample data has no lead made from a visit")
    return visit_id


def shoot_editor(window: Any, out: Path) -> None:
    """A visit that led to a lead, in its editor (not modal: nobody has to answer it)."""
    from liaison_app.ui.forms import make_editor

    visit_id = latest_lead_visit(window.services)
    editor = make_editor(window, window.services, window.actor, "visit", visit_id)
    editor.resize(max(editor.width(), 860), 900)
    editor.show()
    wait_until(lambda: models_idle(editor), "the visit editor")
    pause(0.3)
    save(editor, out, "visit-editor.png")
    editor.close()
    editor.deleteLater()


def problem_workbook(path: Path) -> Path:
    """An office's own visit ledger with two mistakes, as people send them in."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "走访台账"
    sheet.append(["走访日期", "企业名称", "联络办", "走访方式", "走访内容"])
    sheet.append(["2020-06-11", "上海华信新能源汽车有限公司", "上海联络办", "上门拜访", "座谈"])
    sheet.append(["2020-06-31", "上海瑞泰芯片设计有限公司", "上海联络办", "上门拜访", "座谈"])
    sheet.append(["2020-06-18", None, "上海联络办", "视频洽谈", "视频连线，介绍园区政策"])
    sheet.append(["2020/6/22", "上海鼎晟储能科技有限公司", "上海联络办", "来访接待", "来访"])
    book.save(path)
    return path


def shoot_import(window: Any, out: Path, work: Path) -> None:
    from liaison_app.ui.excel_dialogs import ImportDialog

    dialog = ImportDialog(window.services, window.actor, window)
    dialog.resize(1000, 640)
    dialog.show()
    dialog.file.set_path(problem_workbook(work / "走访台账.xlsx"))
    dialog.check()
    wait_until(lambda: dialog.state in ("done", "failed"), "the import check")
    pause(0.3)
    save(dialog, out, "import-problems.png")
    dialog.close()
    dialog.deleteLater()


def shoot_settings(window: Any, out: Path) -> None:
    """Settings on its 同步 tab, as a laptop connected to the central office's server."""
    from liaison_app.sync.config import save_connection
    from liaison_app.ui.settings_dialog import SettingsDialog

    save_connection(
        window.services.store,
        "postgresql://db.tzcj.gov.cn:5432/liaison?sslmode=verify-full"
        "&sslrootcert=C:/Liaison/root.crt",
        "chenwd",
    )
    dialog = SettingsDialog(
        window.settings,
        window,
        data_dir=window.paths.root,
        services=window.services,
        ring=ShowcaseKeyring(),
    )
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)  # the last tab is 同步
    dialog.resize(760, 620)
    dialog.show()
    pause(0.3)
    save(dialog, out, "settings-sync.png")
    dialog.close()
    dialog.deleteLater()


def make_screenshots(out: Path, work: Path) -> list[Path]:
    """Build the sample data in ``work`` and write every image into ``out``."""
    from liaison_app.ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    app = start_app()
    services = demo_services(work / "data")
    try:
        actor = actor_named(services, USER)
        settings = QSettings(str(work / "data" / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(services, actor, settings, paths=DataPaths(work / "data"))
        window.resize(SIZE)
        window.show()
        wait_until(lambda: window.size() == SIZE, "the window's size")
        shoot_pages(window, out)
        shoot_editor(window, out)
        shoot_import(window, out, work)
        shoot_settings(window, out)
        settle(window, window.current_key())
        window.close()
        window.deleteLater()
        pause(0.2)
        app.processEvents()
    finally:
        services.store.close()
    return [out / name for name in IMAGES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument(
        "--work", type=Path, help="an empty folder for the sample data (default: a temp one)"
    )
    args = parser.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # read when the QApplication is made
    # A fixed folder by default: the import dialog shows the workbook's path.
    work = args.work or Path(tempfile.gettempdir()) / "liaison-screenshots"
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    try:
        with qt_warnings() as warnings:
            make_screenshots(args.out.resolve(), work)
    except Failed as exc:
        print(f"screenshots: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    for warning in warnings:
        print(f"Qt warning: {warning}", file=sys.stderr)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main())
