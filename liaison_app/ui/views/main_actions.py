"""What the main window's menus and toolbar do. Excel, settings and sync come from other
modules, imported when first used: start-up does not pay for openpyxl or keyring."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from liaison_app.domain.i18n import msg

if TYPE_CHECKING:
    from liaison_app.ui.main_window import MainWindow

log = logging.getLogger("liaison.ui.actions")


class MainActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.ctx.import_data = self.import_  # an empty list offers to import

    # -- records --------------------------------------------------------------------------

    def new_record(self) -> None:
        """A new record of the current page's kind (a visit from the overview)."""
        window = self.window
        key = window.current_key()
        if key in ("dashboard", "review"):
            key = "visits"
            window.show_page(key)
        window.page(key).new_record()

    def focus_search(self) -> None:
        page = self.window.current_page()
        if hasattr(page, "focus_search"):
            page.focus_search()
        else:
            self.window.show_page("visits")
            self.window.page("visits").focus_search()

    # -- other modules --------------------------------------------------------------------

    def _feature(self, module: str, name: str) -> Any:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            log.warning("feature %s.%s is not available", module, name, exc_info=True)
            QMessageBox.information(
                self.window,
                self.tr("Not available"),
                self.tr("This function is not available in this version of the app."),
            )
            return None

    def _excel(self, name: str) -> None:
        """The Excel dialogs open window-modal and return at once; an import says when it
        wrote data (``imported``), and every list reloads."""
        fn = self._feature("liaison_app.ui.excel_dialogs", name)
        if fn is None:
            return
        window = self.window
        dialog = fn(window, window.services, window.actor)
        imported = getattr(dialog, "imported", None)
        if imported is not None:
            imported.connect(lambda *_args: window.refresh_all())

    def export(self) -> None:
        self._excel("run_export")

    def import_(self) -> None:
        self._excel("run_import")

    def report(self) -> None:
        self._excel("run_report")

    def settings(self, *, sync: bool = False) -> None:
        """Settings; ``sync`` opens it on the Sync tab (the way to connect)."""
        cls = self._feature("liaison_app.ui.settings_dialog", "SettingsDialog")
        if cls is None:
            return
        window = self.window
        dialog = cls(window.settings, window, data_dir=window.paths.root, services=window.services)
        dialog.person_changed.connect(window.identity_changed)
        if sync:
            dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
        accepted = dialog.exec()
        if accepted and hasattr(window, "apply_auto_sync"):
            window.apply_auto_sync()
        if accepted and getattr(dialog, "language_changed", False):
            QMessageBox.information(
                window,
                self.tr("Settings"),
                self.tr("The new language applies the next time the app starts."),
            )

    def sync(self) -> None:
        """Push and pull now (F5); a sync already running is not started twice."""
        fn = self._feature("liaison_app.ui.sync_dialog", "run_sync")
        if fn is None or getattr(self.window, "sync_running", False):
            return
        fn(self.window, self.window.services, self.window.actor)

    # -- backups --------------------------------------------------------------------------

    def backup(self) -> None:
        from liaison_app.services.backup import create_backup

        window = self.window
        store, backups, clock = window.services.store, window.paths.backups, window.services.clock

        def done(path: Path) -> None:
            QMessageBox.information(window, self.tr("Back up"), msg("backup_written", path=path))

        window.run(
            lambda _p: create_backup(store.path, None, backups, clock.now()),
            done,
            label=self.tr("Backing up…"),
        )

    def restore(self) -> None:
        from liaison_app.services.backup import restore_backup

        window = self.window
        path, _ = QFileDialog.getOpenFileName(
            window,
            self.tr("Restore from backup"),
            str(window.paths.backups),
            self.tr("Liaison backups (*.db)"),
        )
        if not path:
            return
        answer = QMessageBox.question(
            window,
            self.tr("Restore from backup"),
            self.tr(
                "Replace the current data with the backup {0}? The current data is saved as"
                " a backup first."
            ).format(Path(path).name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store, paths, clock = window.services.store, window.paths, window.services.clock
        store.engine.dispose()  # no pooled connection holds the old file's state

        def done(safety: Path) -> None:
            window.refresh_all()
            QMessageBox.information(
                window,
                self.tr("Restore from backup"),
                msg("restore_done", path=path, safety=safety),
            )

        window.run(
            lambda _p: restore_backup(Path(path), paths.database, paths.backups, clock.now()),
            done,
            label=self.tr("Restoring…"),
        )
