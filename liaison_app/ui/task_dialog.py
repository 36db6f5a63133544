"""The frame the Excel dialogs (``excel_dialogs``) share: options on top, the work run off
the UI thread with a progress bar and a Cancel button, then the outcome in place (a
message, a table)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.i18n import msg
from liaison_app.paths import DataPaths
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.ui.fields.base import hint_label
from liaison_app.ui.tasks import TaskHandle, run_task
from liaison_app.ui.widgets.pickers import FilePicker

log = logging.getLogger("liaison.ui.excel")


ERROR_COLOR = "#c0392b"
OK_COLOR = "#1e8449"
HINT_COLOR = "#5f6b7a"
FRAME_ALLOWANCE = 60  # the title bar and frame the window manager adds to a dialog


def exports_folder(services: AppServices) -> Path:
    """The data folder's ``exports`` (created on first use)."""
    folder = DataPaths(services.store.path.parent).exports
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.home()
    return folder


# --- small building blocks ----------------------------------------------------------------


def make_table(headers: list[str], object_name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.hide()
    return table


def fill_table(table: QTableWidget, rows: list[list[Any]], numeric: frozenset[int]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if c in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.resizeRowsToContents()
    table.show()


def fit_table_height(table: QTableWidget) -> None:
    """A short table shows all its rows without a scroll bar."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height)


# --- the common frame ---------------------------------------------------------------------


class TaskDialog(QDialog):
    """Options above, then a progress bar with Cancel while the work runs, then the outcome.

    ``state`` is "idle", "running", "done", "failed" or "cancelled" (tests wait on it).
    """

    completed = Signal(object)  # the work's result, after success

    def __init__(self, services: AppServices, actor: Actor | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.services = services
        self.actor = actor
        self.handle: TaskHandle | None = None
        self.state = "idle"
        self.result_path: Path | None = None
        self._close_when_done = False
        self.setMinimumWidth(620)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addLayout(self.form)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.hide()
        # What the work is doing now ("正在写入数据库…"): a busy bar alone says nothing.
        self.activity = QLabel()
        self.activity.setObjectName("activity")
        self.activity.setStyleSheet(f"color: {HINT_COLOR};")
        self.activity.hide()
        running = QHBoxLayout()
        running.addWidget(self.activity)
        running.addWidget(self.progress, 1)
        self.layout_.addLayout(running)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.layout_.addWidget(self.message)
        # How rows matched, assumptions, columns left out: information, not alarm, so it
        # stays in the normal colour under a red failure line.
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.layout_.addWidget(self.details)
        self.body = QVBoxLayout()
        self.layout_.addLayout(self.body)
        self.buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.setObjectName("open_folder")
        self.open_button.hide()
        self.open_button.clicked.connect(self._open_folder)
        self.buttons.addWidget(self.open_button)
        self.buttons.addStretch(1)
        self.primary = QPushButton()
        self.primary.setObjectName("primary")
        self.primary.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self._running_since = QElapsedTimer()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.reject)
        for button in (self.primary, self.cancel_button, self.close_button):
            self.buttons.addWidget(button)
        self.layout_.addLayout(self.buttons)

    def today(self) -> date:
        return self.services.clock.now().date()

    def set_intro(self, text: str) -> None:
        """The grey lines above the options. Outside the form: a form row spanning both
        columns reports too little height for wrapped text, and the dialog squeezed it."""
        self.intro = hint_label(text)
        self.intro.setObjectName("intro")
        self.layout_.insertWidget(0, self.intro)

    def fit_contents(self) -> None:
        """Fit what appeared or went (a wrapped message, a table) at the current width: the
        minimum height follows the contents, so nothing can be squeezed or covered, and the
        dialog grows to it up to the screen's height (it never shrinks under the user)."""
        layout = self.layout_
        layout.activate()
        width = self.width()
        least = layout.totalMinimumHeightForWidth(width)
        wanted = max(least, layout.totalHeightForWidth(width))
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry().height() - FRAME_ALLOWANCE
            least, wanted = min(least, room), min(wanted, room)
        self.setMinimumHeight(least)
        if wanted > self.height():
            self.resize(width, wanted)
        self._keep_on_screen()  # grown by this or by the layout itself

    def _keep_on_screen(self) -> None:
        """A dialog grows downwards from where it stands: move it up so that its buttons
        stay on the screen (1366x768: the preview took them below the bottom edge)."""
        screen = self.screen()
        if screen is None or not self.isVisible():
            return
        free = screen.availableGeometry()
        frame = self.frameGeometry()
        below = frame.top() + frame.height() + FRAME_ALLOWANCE // 2 - free.bottom()
        if below > 0:
            self.move(frame.left(), max(free.top(), frame.top() - below))

    # -- running -------------------------------------------------------------------------

    def start_task(self, fn: Any, on_done: Any) -> None:
        self.state = "running"
        self._running_since.start()
        self._set_running(True)
        self.show_message("", None)
        self.progress.setRange(0, 0)
        self.handle = run_task(
            fn,
            on_done=lambda result: self._finished(on_done, result),
            on_error=self._failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
            on_note=self.activity.setText,
            parent=self,
        )

    def _set_running(self, running: bool) -> None:
        for i in range(self.form.rowCount()):
            item = self.form.itemAt(i, QFormLayout.ItemRole.FieldRole)
            if item is not None and item.widget() is not None:
                item.widget().setEnabled(not running)
        self.progress.setVisible(running)
        self.activity.setText("")
        self.activity.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.primary.setEnabled(not running)
        self.close_button.setEnabled(not running)

    def _progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.progress.setRange(0, 0)
            return
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))

    def _finished(self, on_done: Any, result: Any) -> None:
        self._set_running(False)
        self.state = "done"
        try:
            on_done(result)
        except Exception:  # a bug while showing the outcome: log it, say so
            log.exception("showing the outcome of an Excel task")
            self.show_message(msg("internal_error", log="liaison.log"), ERROR_COLOR)
        self.completed.emit(result)
        self._maybe_close()

    def _failed(self, message: str) -> None:
        self._set_running(False)
        self.state = "failed"
        self.show_message(message, ERROR_COLOR)
        self._maybe_close()

    def _cancelled(self) -> None:
        self._set_running(False)
        self.state = "cancelled"
        self.show_message(self.cancelled_text(), HINT_COLOR)
        self._maybe_close()

    def cancelled_text(self) -> str:
        return self.tr("Cancelled. Nothing was written.")

    def _cancel_clicked(self) -> None:
        """Cancel takes the place of the button that started the task: the second click of
        a double-click on that one lands here, and must not cancel what it just started."""
        if self._running_since.elapsed() < QApplication.doubleClickInterval():
            return
        self.cancel()

    def cancel(self) -> None:
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.show_message(self.tr("Cancelling…"), HINT_COLOR)

    def show_message(self, text: str, color: str | None, details: Sequence[str] = ()) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {color};" if color else "")
        self.message.setVisible(bool(text))
        self.details.setText("\n".join(details))
        self.details.setVisible(bool(details))
        self.fit_contents()

    def shown_text(self) -> str:
        """The message and the details under it, as the user reads them."""
        parts = (self.message, self.details)
        return "\n".join(label.text() for label in parts if label.text())

    def _open_folder(self) -> None:
        if self.result_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_path.parent)))

    # -- closing while running: cancel first, close when the work has stopped ------------

    def running(self) -> bool:
        return self.handle is not None and not self.handle.done

    def reject(self) -> None:
        if self.running():
            self._close_when_done = True
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running():
            self._close_when_done = True
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def _maybe_close(self) -> None:
        if self._close_when_done:
            self._close_when_done = False
            super().reject()

    def target_path(self, picker: FilePicker) -> Path | None:
        path = picker.path()
        if path is None:
            self.show_message(self.tr("Choose where to save the workbook."), ERROR_COLOR)
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
            picker.set_path(path)
        return path


# --- export -------------------------------------------------------------------------------
