"""The window's early start: painted before SQLAlchemy and the ORM are loaded.

Importing SQLAlchemy and the models costs about half a second. So the window and the
list it opens on are built first from the early reads (``services.early_reads``: the
standard library's sqlite3, read-only, running SQL the list service compiled on an
earlier run); right after that first paint the services load, by the same
``open_services`` as ever, and the window takes them over. Input that arrives meanwhile
(a few hundred milliseconds) is held and delivered then, so a click at once still works.
Nothing watches events before that first paint: a Python event filter makes PySide look
up every event class, ~10 ms of the first paint.

Only the plain case starts early: a database at this build's schema, a signed-in user,
a window that opens on a list. A first run, a migration, a damaged or unreadable file go
the usual way, with their messages.
"""

from __future__ import annotations

import gc
import logging
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QWindow

from liaison_app.paths import DataPaths
from liaison_app.services.actor import Actor

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from liaison_app.services.early_reads import EarlyReads
    from liaison_app.ui.main_window import MainWindow

log = logging.getLogger("liaison.ui.early_start")

EARLY_PAGES = ("visits", "leads", "deals")  # lists whose page needs nothing else to show
FIRST_PAINT_WAIT_MS = 2000  # an early window takes its services at the latest then
_INPUT = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.Wheel,
)


def open_early(paths: DataPaths, settings: QSettings) -> tuple[EarlyReads, Actor] | None:
    """The early reads and the signed-in user, when the window can start early."""
    from liaison_app.services.early_reads import CACHE_FILE, EarlyReads, FirstPageFile
    from liaison_app.ui.main_window import start_page

    reads = EarlyReads.open(paths.database, FirstPageFile(paths.root / CACHE_FILE))
    if reads is None:
        return None
    try:
        actor = reads.actor()
    except (sqlite3.Error, ValueError) as exc:  # an unreadable user: the usual way
        log.info("early start unavailable: %s", exc)
        actor = None
    if actor is None or start_page(settings, actor.role) not in EARLY_PAGES:
        reads.close()
        return None
    return reads, actor


def early_window(app: QApplication, paths: DataPaths, settings: QSettings) -> MainWindow | None:
    """The main window, shown before SQLAlchemy is loaded when the database allows it; it
    takes the services right after its first paint. None: start the usual way."""
    from liaison_app.ui.app import first_run, open_services

    early = open_early(paths, settings)
    if early is None:
        return None
    reads, actor = early
    from liaison_app.ui.main_window import MainWindow

    window = MainWindow(None, actor, settings, paths=paths, early=reads)
    holds: list[InputHold] = []

    def painted() -> None:
        if not holds:  # input from now on waits for the services (see InputHold)
            holds.append(InputHold(window))
            QTimer.singleShot(0, attach)  # once this paint is on screen

    def attach() -> None:
        hold = holds[0]
        opened = open_services(paths)  # a damaged or locked file: its message, as ever
        reads.close()
        gc.enable()  # off until now (cli.cmd_gui)
        if opened is None:
            hold.release(deliver=False)
            window.hide()
            app.exit(1)
            return
        services, signed_in = opened
        if signed_in is None:  # a backup without a user was restored meanwhile
            window.hide()
            signed_in = first_run(services, settings, app)
            if signed_in is None:
                hold.release(deliver=False)
                services.store.close()
                app.exit(0)
                return
            window.show()
        window.attach(services)
        hold.release()
        if signed_in != actor:
            window.identity_changed()
        remember_first_page(window)

    window.first_painted.connect(painted)
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, painted)  # never painted (minimised): go on
    window.show()
    return window


def remember_first_page(window: MainWindow) -> None:
    """File the SQL of the list on screen for the next start's early first page (a note
    that fails to be filed only costs the next start its head start)."""
    from liaison_app.services.early_reads import CACHE_FILE, FirstPageFile
    from liaison_app.ui.models import PagedTableModel

    key = window.current_key()
    page = window.pages.get(key)
    start_query = getattr(page, "start_query", None)
    if window.services is None or key not in EARLY_PAGES or start_query is None:
        return
    try:
        query = start_query()
        sql = window.ctx.listing.first_page_sql(query, PagedTableModel.BLOCK)
        if sql is not None:
            FirstPageFile(window.paths.root / CACHE_FILE).save(key, query, sql)
    except Exception:
        log.exception("cannot file the first page for the next start")


class InputHold(QObject):
    """Holds the user's input to the app's windows (and shortcuts) until ``release``,
    then delivers it in order, as if it had just arrived."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._held: list[tuple[QObject, QEvent]] = []
        self._holding = True
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._holding:
            return False
        kind = event.type()
        held = kind == QEvent.Type.Shortcut or (kind in _INPUT and isinstance(watched, QWindow))
        if held:
            self._held.append((watched, event.clone()))
        return held

    def release(self, *, deliver: bool = True) -> None:
        self._holding = False
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        held, self._held = self._held, []
        for target, event in held if deliver else ():
            QCoreApplication.postEvent(target, event)

    def held(self) -> int:
        """How many events wait (tests)."""
        return len(self._held)
