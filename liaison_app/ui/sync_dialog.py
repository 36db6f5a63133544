"""The Sync button (F5): one click, safe at any moment, clear about what happened.

Not connected yet: Settings opens, whose Sync part connects. Connected: the password comes from the
keyring, or is asked for (and kept nowhere); the sync runs off the UI thread with its
progress in the status bar (上传 n/N, 接收 n) and a Cancel that stops after the current
batch or page. The summary says what came in and went out; a failure says what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit

from liaison_app.domain.i18n import label
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.sync import config, credentials

if TYPE_CHECKING:
    from liaison_app.ui.main_window import MainWindow


class _Cancel:
    """The sync's cancel flag, read from the task's Cancel button."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress

    def is_set(self) -> bool:
        return bool(self.progress.cancelled)


def ask_password(window: Any, url: str, login: str) -> str | None:
    """The password for this sync only: it is kept nowhere."""
    password, ok = QInputDialog.getText(
        window,
        QCoreApplication.translate("SyncRun", "Sync"),
        QCoreApplication.translate("SyncRun", "Password of {0} for {1}:").format(login, url),
        QLineEdit.EchoMode.Password,
    )
    return password if ok else None


def password_for(
    parent: Any, services: AppServices, ring: Any = None, *, ask: bool = True
) -> tuple[bool, str | None]:
    """(True, password) from the keyring or, with ``ask``, asked now; (False, None) when
    there is none (declined, or not to be asked). A SQLite central needs none: (True, None).
    """
    connection = config.connection(services.store)
    if connection is None:
        return False, None
    ring = ring if ring is not None else credentials.default_keyring()
    password = credentials.load_password(ring, connection.url, connection.login)
    if password is None and not connection.url.startswith("sqlite"):
        password = ask_password(parent, connection.url, connection.login) if ask else None
        if password is None:
            return False, None
    return True, password


def run_sync(
    window: MainWindow, services: AppServices, actor: Actor, ring: Any = None, quiet: bool = False
) -> bool:
    """Start a sync; False when nothing was started (not connected, no password).

    ``quiet`` (an automatic sync): nothing modal; without a saved password it does not run.
    """
    from liaison_app.sync.connect import open_central
    from liaison_app.sync.session import Progress, SyncSession

    connection = config.connection(services.store)
    if connection is None:  # connecting is the first step: Settings shows how
        if not quiet:
            window.actions_.settings(sync=True)
        return False
    found, password = password_for(window, services, ring, ask=not quiet)
    if not found:
        return False

    def work(progress: Any) -> Any:
        def report(step: Progress) -> None:
            progress.say(step.text())
            if step.phase == "push":
                progress.report(step.pushed, step.push_total)
            else:
                progress.report(0, 0)

        central = open_central(services, connection.url, connection.login, password)
        try:
            session = SyncSession(
                services, central, connection.url, progress=report, cancel=_Cancel(progress)
            )
            return session.run()
        finally:
            central.close()

    def done(summary: Any) -> None:
        window.refresh_all()
        if quiet:
            window.statusBar().showMessage(label("；", "; ").join(summary.lines()), 15_000)
            return
        window.sync_finished(summary)

    def failed(message: str) -> None:
        window.statusBar().showMessage(message, 30_000)

    def ended() -> None:
        window.sync_running = False
        window.refresh_status()

    window.sync_running = True
    running = QCoreApplication.translate("SyncRun", "Syncing…")
    window.run(
        work,
        done,
        label=running,
        cancellable=True,
        on_end=ended,
        on_error=failed if quiet else None,
    )
    return True
