"""The window users live in: navigation on the left, one page at a time on the right, menus
and a toolbar with shortcuts, a status bar with the user, unsynced changes and last sync.

Pages are built when first shown, so start-up pays only for the page on screen (the
dashboard's charts load QtCharts, a fifth of a second).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from liaison_app.domain.enums import Role
from liaison_app.domain.i18n import label
from liaison_app.paths import DataPaths
from liaison_app.services.actor import Actor, can_review
from liaison_app.ui.tasks import TaskHandle
from liaison_app.ui.views.context import PageContext, TaskRelay, show_error
from liaison_app.ui.views.main_actions import MainActions
from liaison_app.ui.widgets.status import StatusPanel, TaskProgress

if TYPE_CHECKING:
    from liaison_app.services.context import AppServices
    from liaison_app.services.early_reads import EarlyReads

log = logging.getLogger("liaison.ui.main_window")

PAGE_KEYS = (
    "dashboard",
    "visits",
    "leads",
    "deals",
    "companies",
    "review",
    "conflicts",
    "duplicates",
)
MANAGERS_ONLY = ("review", "duplicates")
PAGE_SETTING = "mainwindow/page"


def page_keys(role: Role) -> list[str]:
    """The navigation's pages for a user of ``role``."""
    return [k for k in PAGE_KEYS if k not in MANAGERS_ONLY or can_review(role)]


def start_page(settings: QSettings, role: Role) -> str:
    """The page the window opens on: the one shown last, else managers and hq open on
    the overview, staff on their visits."""
    keys = page_keys(role)
    start = str(settings.value(PAGE_SETTING, "dashboard" if can_review(role) else "visits"))
    return start if start in keys else keys[1]


class MainWindow(QMainWindow):
    """The main window. Built with ``services=None`` and the ``early`` reads, it paints
    before the ORM is loaded (``ui.early_start``), and ``attach`` hands it the services."""

    attached = Signal()
    first_painted = Signal()

    def __init__(
        self,
        services: AppServices | None,
        actor: Actor,
        settings: QSettings,
        *,
        paths: DataPaths | None = None,
        early: EarlyReads | None = None,
    ) -> None:
        super().__init__()
        self._painted = False
        self.services = services
        self.actor = actor
        self.settings = settings
        if paths is None:
            assert services is not None, "a window built early is told its paths"
            paths = DataPaths(Path(services.store.path).parent)
        self.paths = paths
        self.setObjectName("mainWindow")
        # The product's name alone: Qt appends it to every dialog's title
        # ("导出到 Excel — 联络办招商工作台").
        self.setWindowTitle(QCoreApplication.translate("App", "Liaison"))
        self.setMinimumSize(QSize(1100, 680))
        self.ctx = PageContext(services, actor, settings, early=early)
        self.ctx.run = self.run
        self.ctx.changed = self.data_changed
        self.ctx.message = lambda text: self.statusBar().showMessage(text, 6000)
        self.ctx.show_page = self.go_to
        self._tasks: list[tuple[TaskHandle, bool]] = []  # (handle, shows progress)
        self.sync_running = False
        self.relay = TaskRelay(self)

        self.keys = page_keys(actor.role)
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget(self, objectName="nav")
        self.nav.setFixedWidth(168)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for key in self.keys:
            item = QListWidgetItem(self.page_title(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(160, 44))
            self.nav.addItem(item)
        self.stack = QStackedWidget(self, objectName="pages")
        for _ in self.keys:
            self.stack.addWidget(QWidget(self.stack))
        central = QWidget(self, objectName="central")
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.actions_ = MainActions(self)
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self._restore_geometry()
        self.nav.currentRowChanged.connect(self._show_row)
        self.auto_sync = QTimer(self)
        self.auto_sync.timeout.connect(self.sync_quietly)
        self.nav.setCurrentRow(self.keys.index(start_page(settings, actor.role)))
        if services is not None:
            self._services_ready()

    def attach(self, services: AppServices) -> None:
        """The services are loaded: the pages built early read through them from now on
        (rows on screen stay), and the status bar and automatic sync start."""
        self.services = services
        self.ctx.attach(services)
        for page in self.pages.values():
            attach = getattr(page, "attach", None)
            if attach is not None:
                attach()
        self._services_ready()
        self.attached.emit()

    def _services_ready(self) -> None:
        QTimer.singleShot(300, self.refresh_status)  # after the first page's rows
        self.apply_auto_sync(starting=True)

    # -- pages --------------------------------------------------------------------------

    def page_title(self, key: str) -> str:
        return {
            "dashboard": self.tr("Overview"),
            "visits": self.tr("Visits"),
            "leads": self.tr("Leads"),
            "deals": self.tr("Deals"),
            "companies": self.tr("Companies"),
            "review": self.tr("Review"),
            "conflicts": self.tr("Conflicts"),
            "duplicates": self.tr("Duplicates"),
        }[key]

    def _make_page(self, key: str) -> QWidget:
        from liaison_app.ui.views import pages

        return pages.make_page(key, self.ctx, self.page_title(key), self.stack)

    def page(self, key: str) -> QWidget:
        """The page (built on first use)."""
        if key not in self.pages:
            row = self.keys.index(key)
            placeholder = self.stack.widget(row)
            page = self._make_page(key)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[key] = page
        return self.pages[key]

    def current_key(self) -> str:
        return self.keys[max(0, self.nav.currentRow())]

    def current_page(self) -> Any:
        return self.page(self.current_key())

    def show_page(self, key: str) -> None:
        if key in self.keys:
            self.nav.setCurrentRow(self.keys.index(key))

    def go_to(self, key: str) -> QWidget | None:
        """Show a page (a link from another page) and return it."""
        if key not in self.keys:
            return None
        self.show_page(key)
        return self.page(key)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.keys[row]
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        self.settings.setValue(PAGE_SETTING, key)
        start = getattr(page, "start", None)
        if start:
            start()

    def data_changed(self) -> None:
        """Something was saved: other pages reload when shown, the status bar updates."""
        for key, page in self.pages.items():
            if key != self.current_key() and hasattr(page, "refresh"):
                page.refresh()
        self.refresh_status()

    def refresh_all(self) -> None:
        for page in self.pages.values():
            if hasattr(page, "refresh"):
                page.refresh()
        self.refresh_status()

    # -- menus, toolbar, status bar -------------------------------------------------------

    def _action(
        self, text: str, slot: Callable[[], Any], shortcut: Any = None, name: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        a = self.actions_
        Key = QKeySequence.StandardKey
        self.new_action = self._action(self.tr("New record"), a.new_record, Key.New, "new")
        self.find_action = self._action(self.tr("Search"), a.focus_search, Key.Find, "find")
        self.sync_action = self._action(self.tr("Sync"), a.sync, "F5", "sync")
        self.export_action = self._action(self.tr("Export…"), a.export, "Ctrl+E", "export")
        self.import_action = self._action(self.tr("Import…"), a.import_, "Ctrl+I", "import")
        self.report_action = self._action(self.tr("HQ report…"), a.report, None, "report")
        self.settings_action = self._action(
            self.tr("Settings…"), a.settings, Key.Preferences, "settings"
        )
        self.backup_action = self._action(self.tr("Back up…"), a.backup, None, "backup")
        self.restore_action = self._action(
            self.tr("Restore from backup…"), a.restore, None, "restore"
        )
        self.refresh_action = self._action(self.tr("Refresh"), self.refresh_all, "Ctrl+R")
        self.quit_action = self._action(self.tr("Quit"), self.close, Key.Quit, "quit")
        self.about_action = self._action(self.tr("About Liaison"), self.about, None, "about")

        menus = self.menuBar()
        file = menus.addMenu(self.tr("&File"))
        file.addAction(self.new_action)
        file.addSeparator()
        for action in (self.export_action, self.import_action, self.report_action):
            file.addAction(action)
        file.addSeparator()
        file.addAction(self.backup_action)
        file.addAction(self.restore_action)
        file.addSeparator()
        file.addAction(self.settings_action)
        file.addAction(self.quit_action)
        edit = menus.addMenu(self.tr("&Edit"))
        edit.addAction(self.find_action)
        edit.addAction(self.refresh_action)
        view = menus.addMenu(self.tr("&View"))
        view.setObjectName("viewMenu")
        for i, key in enumerate(self.keys):
            # ``triggered`` passes ``checked``: a ``lambda k=key`` would receive it as ``k``.
            show = (lambda k: lambda _checked=False: self.show_page(k))(key)
            view.addAction(self._action(self.page_title(key), show, f"Ctrl+{i + 1}", f"view_{key}"))
        sync = menus.addMenu(self.tr("&Sync"))
        sync.addAction(self.sync_action)
        help_ = menus.addMenu(self.tr("&Help"))
        help_.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Toolbar"), self, objectName="mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.find_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (
            self.sync_action,
            self.export_action,
            self.import_action,
            self.report_action,
        ):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.settings_action)
        for action in bar.actions():
            if action.shortcut():
                action.setToolTip(f"{action.text()} ({action.shortcut().toString()})")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_status(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.progress = TaskProgress(status)
        self.progress.cancelRequested.connect(self._cancel_tasks)
        self.status_panel = StatusPanel(status)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.status_panel)
        office = ""
        if self.actor.office_id:
            office = dict(self.ctx.offices()).get(self.actor.office_id, "")
        self.status_panel.set_user(self.actor.name, self.actor.role.label, office)
        self.status_panel.set_pending(None)
        self.status_panel.set_last_sync(None)

    def refresh_status(self) -> None:
        records, listing = self.services.records, self.ctx.listing

        conflicts = self.services.conflicts

        store = self.services.store

        def work(_progress: Any) -> tuple[int, Any, int, bool]:
            from liaison_app.sync.config import is_connected

            counts = records.pending_changes(), listing.last_sync_at(), conflicts.count_open()
            return (*counts, is_connected(store))

        def show(result: tuple[int, Any, int, bool]) -> None:
            pending, last, open_conflicts, connected = result
            self.show_conflict_count(open_conflicts)
            self.status_panel.set_pending(pending, connected=connected)
            local = last.replace(tzinfo=UTC).astimezone() if last else None
            self.status_panel.set_last_sync(local)

        self.run(work, show)

    def show_conflict_count(self, count: int) -> None:
        """The navigation's 冲突 entry carries the number of conflicts to settle."""
        item = self.nav.item(self.keys.index("conflicts"))
        title = self.page_title("conflicts")
        item.setText(label(f"{title}（{count}）", f"{title} ({count})") if count else title)
        item.setToolTip(self.tr("{0} conflicts to settle").format(count) if count else "")

    def identity_changed(self) -> None:
        """Connecting made the central store's person this laptop's user."""
        from liaison_app.services.session_user import current_actor

        actor = current_actor(self.services)
        if actor is None:
            return
        self.actor = actor
        office = dict(self.services.stats.offices()).get(actor.office_id or "", "")
        self.status_panel.set_user(actor.name, actor.role.label, office)
        self.refresh_all()

    def apply_auto_sync(self, *, starting: bool = False) -> None:
        """Sync on start and every N minutes, as Settings say (off by default)."""
        from liaison_app.ui.auto_sync import auto_sync_settings

        on_start, minutes = auto_sync_settings(self.settings)
        self.auto_sync.stop()
        if minutes:
            self.auto_sync.start(minutes * 60_000)
        if starting and on_start:
            QTimer.singleShot(1500, self.sync_quietly)

    def sync_quietly(self) -> None:
        """An automatic sync: never while a dialog is open or a sync runs, never asks for a
        password, and says what happened in the status bar instead of a message box."""
        from PySide6.QtWidgets import QApplication

        if self.sync_running or QApplication.activeModalWidget() is not None:
            return  # the next tick tries again
        from liaison_app.ui.sync_dialog import run_sync

        run_sync(self, self.services, self.actor, quiet=True)

    def sync_finished(self, summary: Any) -> None:
        """A sync ended: the counts in the status bar, what happened in words."""
        self.refresh_status()
        QMessageBox.information(self, self.tr("Sync"), "\n".join(summary.lines()))

    # -- background work ------------------------------------------------------------------

    def run(
        self,
        fn: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        label: str = "",
        cancellable: bool = False,
        on_end: Callable[[], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``fn`` off the UI thread; a label shows it in the status bar with progress.

        ``on_end`` runs however the work ends (done, failed or cancelled).
        """
        handle: TaskHandle | None = None

        def finish() -> None:
            self._tasks = [(h, p) for h, p in self._tasks if h is not handle]
            shown = [h for h, p in self._tasks if p]
            if not shown:
                self.progress.end()
            if on_end:
                on_end()

        def done(result: Any) -> None:
            finish()
            if on_done:
                on_done(result)

        def failed(message: str) -> None:
            finish()
            (on_error or (lambda text: show_error(self, text)))(message)

        def cancelled() -> None:
            finish()
            self.statusBar().showMessage(self.tr("Cancelled"), 4000)

        handle = self.relay.start(
            fn,
            on_done=done,
            on_error=failed,
            on_progress=self.progress.report if label else None,
            on_cancelled=cancelled,
            on_note=self.progress.label.setText if label else None,
        )
        self._tasks.append((handle, bool(label)))
        if label:
            self.progress.begin(label, cancellable)

    def _cancel_tasks(self) -> None:
        for handle, shows in self._tasks:
            if shows:
                handle.cancel()
        self.progress.cancel.setEnabled(False)

    def busy(self) -> bool:
        return bool(self._tasks)

    # -- window state ---------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("mainwindow/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self._first_size()
        state = self.settings.value("mainwindow/state")
        if isinstance(state, QByteArray | bytes) and state:
            self.restoreState(QByteArray(state))

    def _first_size(self) -> None:
        """1360x820 where it fits; on a 1366x768 laptop, the screen's free area less room for
        the title bar and taskbar, so the status bar is never below the screen's edge."""
        screen = self.screen()
        if screen is None:
            self.resize(1360, 820)
            return
        free = screen.availableGeometry()
        width, height = min(1360, free.width() - 40), min(820, free.height() - 60)
        self.resize(width, height)
        self.move(free.x() + (free.width() - width) // 2, free.y() + (free.height() - height) // 3)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:  # a paint event, not an event filter: no type look-ups
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close at once: background work is cancelled, the app lets it end off-window."""
        self.auto_sync.stop()
        for handle, _shows in self._tasks:
            handle.cancel()
        self.settings.setValue("mainwindow/geometry", self.saveGeometry())
        self.settings.setValue("mainwindow/state", self.saveState())
        self.settings.sync()
        if self.services is not None:
            from liaison_app.ui.early_start import remember_first_page

            remember_first_page(self)  # the next start paints this list early
        super().closeEvent(event)

    def about(self) -> None:
        self.about_box().exec()

    def about_box(self) -> QMessageBox:
        """What this is, its version and where the data lives, with the app's flat button
        (QMessageBox.about would add the platform's icon button)."""
        from liaison_app import __version__

        box = QMessageBox(self)
        box.setObjectName("about")
        box.setWindowTitle(self.tr("About Liaison"))
        box.setIcon(QMessageBox.Icon.NoIcon)
        box.setText(
            self.tr(
                "Liaison {0}\nVisits, leads and deals of resident liaison offices,"
                " offline first.\nData folder: {1}"
            ).format(__version__, self.paths.root)
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton(self.tr("Close"), box, objectName="primary")
        close.setMinimumWidth(88)
        box.addButton(close, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(close)
        return box
