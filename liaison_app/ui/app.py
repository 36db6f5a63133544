"""``liaison-app`` without a sub-command: the desktop app.

Start-up order: Qt, logging and the exception hook, language (``--lang``, else the one
remembered in the settings, else the system's), the style, the database (a damaged or
unreadable file offers to restore a backup, never a traceback), the first-run questions
when nobody signed in yet, then the main window. Nothing here imports Alembic (only a due
migration does), openpyxl, keyring or the Excel code: they load when first used.

A database at this build's schema with a signed-in user starts early: the window and its
first list paint before SQLAlchemy and the ORM load, then take the services over (see
``ui.early_start``); anything else goes the way above.

``LIAISON_STARTUP_PROBE=1`` prints ``first-paint <epoch seconds>`` once the first page's
rows are on screen and quits (after the services took over): the start-up benchmark runs
the real entry point with it.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn

from PySide6.QtCore import QCoreApplication, QDir, QSettings, Qt, QThreadPool, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from liaison_app.domain.errors import KnownError, ValidationError
from liaison_app.domain.i18n import msg
from liaison_app.logs import setup_logging
from liaison_app.paths import DataPaths

if TYPE_CHECKING:
    from liaison_app.services.actor import Actor
    from liaison_app.services.context import AppServices

log = logging.getLogger("liaison.ui.app")

SETTINGS_FILE = "settings.ini"
FONT_FAMILIES = ["Noto Sans CJK SC", "Microsoft YaHei UI", "PingFang SC", "Source Han Sans SC"]
PROBE_ENV = "LIAISON_STARTUP_PROBE"
QUIT_WAIT_MS = 3000  # how long quitting lets cancelled background work end, off-window


def app_settings(paths: DataPaths) -> QSettings:
    """The settings file lives beside the data (a data folder carries its own settings)."""
    return QSettings(str(paths.root / SETTINGS_FILE), QSettings.Format.IniFormat)


def choose_language(lang: str | None, settings: QSettings) -> str:
    if lang:
        return lang
    saved = settings.value("language")
    if saved:
        return str(saved)
    try:
        from liaison_app.ui.translations import system_language

        return system_language()
    except ImportError:
        from liaison_app.cli import default_language

        return default_language()


def install_language(app: QApplication, lang: str) -> None:
    try:
        from liaison_app.ui.translations import install_translators
    except ImportError:  # built by the forms; the domain messages still follow the language
        from liaison_app.domain.i18n import set_language

        set_language(lang)
        return
    install_translators(app, lang)


def apply_style(app: QApplication) -> None:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(10.5)
    app.setFont(font)
    path = _resources() / "style.qss"
    QDir.addSearchPath("icons", str(path.parent / "icons"))  # url(icons:…) in the sheet
    if path.exists():
        app.setStyleSheet(path.read_text(encoding="utf-8"))


def app_icon() -> QIcon:
    """The application icon in every size rendered from resources/icons/liaison.svg."""
    icon = QIcon()
    for path in sorted((_resources() / "icons").glob("liaison-*.png")):
        icon.addFile(str(path))
    return icon


def _resources() -> Path:
    try:
        from liaison_app.ui.translations import resources_dir

        return resources_dir()
    except ImportError:
        return Path(__file__).resolve().parents[2] / "resources"


# -- errors ----------------------------------------------------------------------------


class ExceptHook:
    """Bugs reach the log with their traceback and the user as the internal-error message;
    errors users can act on (KnownError, ValidationError) as their own message."""

    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self.showing = False

    def __call__(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if isinstance(exc, KnownError):
            text = exc.message
        elif isinstance(exc, ValidationError):
            text = "\n".join(p.message for p in exc.problems)
        else:
            log.error("unhandled error", exc_info=(kind, exc, tb))
            text = msg("internal_error", log=str(self.log_file))
        if self.showing or QApplication.instance() is None:
            print(text, file=sys.stderr)
            return
        self.showing = True
        try:
            QMessageBox.critical(
                QApplication.activeWindow(), QCoreApplication.translate("App", "Liaison"), text
            )
        finally:
            self.showing = False


# -- the database ------------------------------------------------------------------------


def open_services(paths: DataPaths) -> tuple[AppServices, Actor | None] | None:
    """The services on the database and the signed-in user; None when the user quits.

    A KnownError (damaged, locked, read-only, too new) shows its message with a choice to
    restore a backup or quit.
    """
    from liaison_app.db.store import Store
    from liaison_app.services.context import AppServices
    from liaison_app.services.session_user import current_actor

    while True:
        store = None
        try:
            store = Store.open(paths.database, paths.backups)
            services = AppServices(store)
            return services, current_actor(services)
        except KnownError as exc:
            log.warning("cannot open %s: %s", paths.database, exc.code)
            if store is not None:
                store.close()
            if not offer_restore(paths, exc):
                return None


def offer_restore(paths: DataPaths, error: KnownError) -> bool:
    """Show ``error``; True when a backup was restored (try again), False to quit."""
    box = QMessageBox(
        QMessageBox.Icon.Critical, QCoreApplication.translate("App", "Liaison"), error.message
    )
    box.setObjectName("openError")
    restore = box.addButton(
        QCoreApplication.translate("App", "Restore a backup…"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QCoreApplication.translate("App", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    path, _ = QFileDialog.getOpenFileName(
        None,
        QCoreApplication.translate("App", "Choose a backup"),
        str(paths.backups),
        QCoreApplication.translate("App", "Liaison backups (*.db)"),
    )
    if not path:
        return True  # back to the message: the user may pick again or quit
    return restore_from(paths, Path(path), error)


def restore_from(paths: DataPaths, backup: Path, error: KnownError) -> bool:
    from liaison_app.services.backup import restore_backup
    from liaison_app.services.clock import SystemClock

    if error.code in ("db_corrupt", "db_not_ours"):
        set_aside(paths.database)  # unreadable: keep it for support, restore into a new file
    try:
        restore_backup(backup, paths.database, paths.backups, SystemClock().now())
    except KnownError as exc:
        QMessageBox.warning(None, QCoreApplication.translate("App", "Liaison"), exc.message)
    except Exception:
        log.exception("restore from %s failed", backup)
        QMessageBox.warning(
            None,
            QCoreApplication.translate("App", "Liaison"),
            msg("internal_error", log="liaison.log"),
        )
    return True


def set_aside(database: Path) -> Path:
    """Rename a damaged database (and its WAL files) to ``*.damaged-<time>``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = database.with_name(f"{database.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{database}{suffix}")
        if source.exists():
            source.replace(Path(f"{target}{suffix}"))
    return target


def first_run(services: AppServices, settings: QSettings, app: QApplication) -> Actor | None:
    try:
        from liaison_app.ui.first_run import FirstRunDialog
    except ImportError:
        log.exception("first-run dialog unavailable")
        QMessageBox.critical(
            None,
            QCoreApplication.translate("App", "Liaison"),
            QCoreApplication.translate("App", "The first-run dialog is not available."),
        )
        return None
    dialog = FirstRunDialog(services)
    if not dialog.exec():
        return None
    language = getattr(dialog, "language", None)
    if language:
        settings.setValue("language", language)
    return dialog.actor


# -- the entry point -------------------------------------------------------------------------


def run_app(paths: DataPaths, lang: str | None) -> int:
    if QApplication.instance() is None:
        from liaison_app.ui.display import display_problem

        problem = display_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Liaison")
    app.setApplicationName("liaison-app")
    paths.ensure()
    sys.excepthook = ExceptHook(setup_logging(paths.logs))
    settings = app_settings(paths)
    install_language(app, choose_language(lang, settings))
    apply_style(app)
    app.setWindowIcon(app_icon())
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Liaison"))

    from liaison_app.ui.early_start import early_window

    window = early_window(app, paths, settings)
    if window is None:
        gc.enable()  # off while the window starts early (cli.cmd_gui)
        opened = open_services(paths)
        if opened is None:
            return 1
        services, actor = opened
        if actor is None:
            actor = first_run(services, settings, app)
            if actor is None:
                return 0
        from liaison_app.ui.main_window import MainWindow

        window = MainWindow(services, actor, settings, paths=paths)
        window.show()
    if os.environ.get(PROBE_ENV):
        _probe_first_paint(app, window)
    code = app.exec()
    if window.services is not None:
        finish_off_window(window.services)
    return code


def finish_off_window(services: AppServices) -> None:
    """The window is closed: background work was asked to stop; give it a moment to end
    (never a hang), then close the database."""
    from liaison_app.ui.tasks import cancel_all

    cancel_all()
    QThreadPool.globalInstance().waitForDone(QUIT_WAIT_MS)
    services.store.close()


def quit_process(code: int) -> NoReturn:
    """Leave at once once ``run_app`` returned: tearing down Qt and every module takes half
    a second to 1.5 s, during which the window stays on an X display. Everything that keeps
    data (database, settings, log) is closed or flushed by then."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _probe_first_paint(app: QApplication, window: Any) -> None:
    """Print when the first page's rows are painted, then quit (the start-up benchmark)."""

    def paint() -> None:
        window.repaint()  # paint now, synchronously, with the rows
        print(f"first-paint {time.time():.6f}", flush=True)
        if window.services is None:  # painted early: quit once the services took over
            window.attached.connect(finish, Qt.ConnectionType.SingleShotConnection)
        else:
            finish()

    def finish() -> None:
        QThreadPool.globalInstance().waitForDone()  # the count after the first page
        app.quit()

    def check() -> None:
        page = window.current_page()
        model = getattr(page, "model", None)
        if model is not None and model.loaded_once:
            paint()
        elif model is not None:
            model.reloaded.connect(paint, Qt.ConnectionType.SingleShotConnection)
        elif getattr(page, "data", None) is not None:
            paint()
        else:
            QTimer.singleShot(5, check)  # the dashboard: until its figures are in

    QTimer.singleShot(0, check)
