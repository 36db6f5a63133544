"""``liaison-app self-test``: proves an installed copy is whole, without a screen.

Made for the desktop bundle, where a file PyInstaller did not pick up (a migration script, a
translation, a Qt plugin, a keyring backend, the PostgreSQL driver) only shows when a user
reaches the feature. Each check exercises the real code on a throw-away database in a
temporary folder; the user's own data is only read, to learn whether a central store is
configured. Every check runs even after one fails, so one run lists everything missing.
"""

from __future__ import annotations

import logging
import os
import platform
import sqlite3
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_app import __version__
from liaison_app.domain.i18n import label
from liaison_app.paths import DataPaths

if TYPE_CHECKING:
    from liaison_app.services.actor import Actor
    from liaison_app.services.context import AppServices

log = logging.getLogger("liaison.selftest")

# The Qt platform plugin each system's window needs (the self-test itself draws offscreen).
NATIVE_PLATFORM = {"win32": "qwindows", "darwin": "qcocoa"}
# The keyring backend module that makes the keyring work on each system, and what it imports.
KEYRING_BACKEND = {
    "win32": ("keyring.backends.Windows", "win32ctypes.pywin32"),
    "darwin": ("keyring.backends.macOS", "keyring.backends.macOS.api"),
}
KEYRING_BACKEND_LINUX = ("keyring.backends.SecretService", "secretstorage")


class Note(str):
    """What a check found that passes but that the user should read (no password store)."""


@dataclass(frozen=True)
class Outcome:
    """One check: what was checked, whether it passed, and what was found or is missing."""

    what: str
    ok: bool
    detail: str
    note: bool = False

    def line(self) -> str:
        if not self.ok:
            tag = label("缺失", "MISSING")
        elif self.note:
            tag = label("注意", "NOTE")
        else:
            tag = label("通过", "ok")
        return f"[{tag}] {self.what}{label('：', ': ')}{self.detail}"


@dataclass
class Workspace:
    """The temporary folder, and the database the later checks share once it is open."""

    root: Path
    services: AppServices | None = None
    actor: Actor | None = None

    def opened(self) -> tuple[AppServices, Actor]:
        if self.services is None or self.actor is None:
            raise RuntimeError(label("本地数据库未能打开", "the local database did not open"))
        return self.services, self.actor


# -- the checks ----------------------------------------------------------------------------


def check_database(work: Workspace) -> str:
    """A new local database, migrated to head by the shipped Alembic scripts."""
    from liaison_app.db.store import Store
    from liaison_app.domain.enums import Role
    from liaison_app.services.backup import check_file
    from liaison_app.services.context import AppServices
    from liaison_app.services.session_user import sign_in

    paths = DataPaths(work.root / "data").ensure()
    work.services = AppServices(Store.open(paths.database, paths.backups))
    work.actor = sign_in(work.services, "自检", "自检联络办", Role.staff)
    report = check_file(paths.database)
    if not report.ok or report.revision != report.head:
        raise RuntimeError(f"{report.integrity}, revision {report.revision}/{report.head}")
    return label(f"本地库版本 {report.revision}", f"local schema {report.revision}")


def check_central_migrations(work: Workspace) -> str:
    """A central store in a SQLite file, created by the central Alembic scripts."""
    from liaison_app.services.clock import SystemClock
    from liaison_app.sync.central.admin import CENTRAL_HEAD, init_central
    from liaison_app.sync.central.connection import CentralAddress

    central = CentralAddress.parse(f"sqlite:///{(work.root / 'central.db').as_posix()}")
    init_central(central, SystemClock())
    return label(f"中心库版本 {CENTRAL_HEAD}", f"central schema {CENTRAL_HEAD}")


def check_translations() -> str:
    """Both languages' .qm files, and Qt's own Chinese strings (dialog buttons)."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from liaison_app.ui.translations import LANGUAGES, translations_dir

    loaded = []
    for lang, name in LANGUAGES:
        translator = QTranslator()
        if not translator.load(f"liaison_{lang}", str(translations_dir())):
            raise FileNotFoundError(str(translations_dir() / f"liaison_{lang}.qm"))
        if lang == "zh_CN" and translator.translate("App", "Liaison") in ("", "Liaison"):
            raise ValueError("liaison_zh_CN.qm: App/Liaison")
        loaded.append(name)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_zh_CN", qt_dir):
        raise FileNotFoundError(str(Path(qt_dir) / "qtbase_zh_CN.qm"))
    return label("、", ", ").join(loaded)


def check_window(work: Workspace) -> str:
    """The main window and every page (the dashboard's charts too), the style sheet and
    the icon; the platform plugin this system opens windows with."""
    from PySide6.QtCore import QLibraryInfo, QSettings
    from PySide6.QtWidgets import QApplication

    from liaison_app.ui.app import app_icon, apply_style
    from liaison_app.ui.main_window import MainWindow

    services, actor = work.opened()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_style(app)
    if app_icon().isNull():
        raise FileNotFoundError("resources/icons/liaison-*.png")
    plugin = NATIVE_PLATFORM.get(sys.platform, "qxcb")
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    if not any(plugin in p.name for p in folder.glob("*")):
        raise FileNotFoundError(str(folder / plugin))
    settings = QSettings(str(work.root / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, actor, settings, paths=DataPaths(work.root / "data"))
    try:
        window.resize(1200, 800)
        window.show()
        for key in window.keys:  # each page is built when first shown
            window.show_page(key)
            _wait(app, lambda: not window.busy())
        pages = len(window.keys)
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    return label(f"{pages} 个页面，平台插件 {plugin}", f"{pages} pages, platform plugin {plugin}")


def check_workbook(work: Workspace) -> str:
    """A company written to a workbook by the export and read back by the import."""
    from liaison_app.services.transfer import TransferService

    services, actor = work.opened()
    services.records.create("company", {"name": "自检测试有限公司"}, actor)
    transfer = TransferService(services)
    path = work.root / "自检.xlsx"
    exported = transfer.export(path)
    plan = transfer.import_file(path, actor, dry_run=True).plan
    rows = {entity: count for _, entity, count in plan.sheets}
    if not plan.ok or rows.get("company") != 1 or exported.counts.get("company") != 1:
        raise ValueError(f"wrote {exported.counts}, read {rows}, {plan.problem_count} problems")
    return label("写入并读回 1 家企业", "1 company written and read back")


def check_keyring() -> str:
    """The backend the passwords would go to; the fail backend is said plainly. The
    system's own backend must be importable even when this session cannot use it."""
    import importlib

    from liaison_app.sync.credentials import backend_name, default_keyring, usable

    for module in KEYRING_BACKEND.get(sys.platform, KEYRING_BACKEND_LINUX):
        importlib.import_module(module)
    ring = default_keyring()
    name = backend_name(ring)
    if usable(ring):
        return name
    return Note(
        label(
            f"{name}：这是“不可用”后端，本机没有可用的系统密码库，"
            "连接中心服务器的密码不会被保存，每次同步都要输入",
            f"{name}: this is the fail backend; this computer offers no password store, so"
            " the central store's password is not saved and is asked for at each sync",
        )
    )


def check_driver(paths: DataPaths) -> str:
    """psycopg with the libpq it ships, when this data folder syncs with PostgreSQL."""
    url = configured_central_url(paths)
    if not url or not url.startswith("postgres"):
        return label(
            f"未配置 PostgreSQL 中心服务器（{url or '未连接'}），不检查驱动",
            f"no PostgreSQL central store configured ({url or 'not connected'}); not checked",
        )
    import psycopg
    from sqlalchemy import create_engine

    create_engine("postgresql+psycopg://").dispose()  # the dialect loads the driver
    if psycopg.pq.__impl__ == "python":  # no libpq of its own: psycopg[binary] is missing
        raise ImportError(f"psycopg_binary (psycopg {psycopg.__version__} uses the system's libpq)")
    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, libpq {psycopg.pq.version()})"


def configured_central_url(paths: DataPaths) -> str | None:
    """The central store URL saved in the data folder's database, read without opening the
    database for writing (no migration, no lock)."""
    from liaison_app.sync.config import URL_KEY

    if not paths.database.exists():
        return None
    conn = sqlite3.connect(f"{paths.database.as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM local_meta WHERE key = ?", (URL_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return str(row[0]) if row and row[0] else None


# -- running them ------------------------------------------------------------------------


def run_self_test(paths: DataPaths, out: Callable[[str], object] = print) -> int:
    """Run every check and print one line each; 0 when nothing is missing, else 1."""
    _ensure_qt_app()
    frozen = label("打包版", "bundle") if getattr(sys, "frozen", False) else label("源码", "source")
    out(
        label(
            f"Liaison {__version__} 自检（{frozen}，Python {platform.python_version()}，"
            f"{platform.system()}）",
            f"Liaison {__version__} self-test ({frozen}, Python {platform.python_version()},"
            f" {platform.system()})",
        )
    )
    outcomes: list[Outcome] = []
    with _workspace() as work:
        steps: list[tuple[str, Callable[[], str]]] = [
            (label("本地数据库与迁移", "local database"), lambda: check_database(work)),
            (
                label("中心库迁移", "central store migrations"),
                lambda: check_central_migrations(work),
            ),
            (label("界面翻译", "translations"), check_translations),
            (label("主窗口（离屏）", "main window (offscreen)"), lambda: check_window(work)),
            (label("Excel 工作簿", "Excel workbook"), lambda: check_workbook(work)),
            (label("密码保管（keyring）", "password keyring"), check_keyring),
            (label("中心数据库驱动", "central store driver"), lambda: check_driver(paths)),
        ]
        for what, step in steps:
            outcome = _attempt(what, step)
            outcomes.append(outcome)
            out(outcome.line())
    missing = [o.what for o in outcomes if not o.ok]
    if missing:
        names = label("、", ", ").join(missing)
        out(label(f"自检未通过：{names}。", f"self-test failed: {names}."))
        return 1
    out(label("自检通过：安装完整。", "self-test passed: the installation is complete."))
    return 0


def _attempt(what: str, step: Callable[[], str]) -> Outcome:
    try:
        found = step()
    except Exception as exc:  # what is missing, named by the error itself
        log.warning("self-test %s failed:\n%s", what, traceback.format_exc())
        return Outcome(what, False, f"{type(exc).__name__}: {exc}")
    return Outcome(what, True, str(found), note=isinstance(found, Note))


def _ensure_qt_app() -> Any:
    """The running QApplication, or one on the offscreen platform (no screen needed)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(sys.argv[:1])
    return app


@contextmanager
def _workspace() -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory(prefix="liaison-selftest-") as folder:
        work = Workspace(Path(folder))
        try:
            yield work
        finally:
            if work.services is not None:
                work.services.store.close()


def _wait(app: Any, done: Callable[[], bool], timeout_s: float = 20.0) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the main window did not finish loading")
        app.processEvents()
        time.sleep(0.01)
