"""Excel export, HQ report and import dialogs.

Each dialog collects its options, runs the work off the UI thread with ``run_task`` (a
progress bar and a Cancel button in the dialog itself) and shows the outcome in place:
where the file went, or the user's message for what went wrong. The import first checks
the file and shows what would be created and updated, or every problem found (also saved
as ``*.errors.xlsx`` beside the file), and writes only when the user confirms.

The main window opens them with ``run_export``, ``run_report`` and ``run_import``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liaison_app.domain.fields import entity_label
from liaison_app.domain.i18n import msg
from liaison_app.paths import DataPaths
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.stats import Period
from liaison_app.services.transfer import TransferService
from liaison_app.ui.fields.base import hint_label
from liaison_app.ui.tasks import TaskHandle, run_task

log = logging.getLogger("liaison.ui.excel")

ERROR_COLOR = "#c0392b"
OK_COLOR = "#1e8449"
HINT_COLOR = "#5f6b7a"
FRAME_ALLOWANCE = 60  # the title bar and frame the window manager adds to a dialog


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def exports_folder(services: AppServices) -> Path:
    """The data folder's ``exports`` (created on first use)."""
    folder = DataPaths(services.store.path.parent).exports
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path.home()
    return folder


# --- small building blocks ----------------------------------------------------------------


class PeriodPicker(QWidget):
    """A preset (this month, last month, this year...) or two dates."""

    PRESETS = (
        "all",
        "this_month",
        "last_month",
        "this_quarter",
        "this_year",
        "last_year",
        "custom",
    )

    def __init__(self, today: date, *, allow_all: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.preset = QComboBox()
        self.preset.setObjectName("period_preset")
        names = {
            "all": self.tr("All dates"),
            "this_month": self.tr("This month"),
            "last_month": self.tr("Last month"),
            "this_quarter": self.tr("This quarter"),
            "this_year": self.tr("This year"),
            "last_year": self.tr("Last year"),
            "custom": self.tr("Chosen dates"),
        }
        for key in self.PRESETS:
            if key == "all" and not allow_all:
                continue
            self.preset.addItem(names[key], key)
        self.start = QDateEdit()
        self.start.setObjectName("period_start")
        self.end = QDateEdit()
        self.end.setObjectName("period_end")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preset)
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.end)
        row.addStretch(1)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.start.dateChanged.connect(self._edited)
        self.end.dateChanged.connect(self._edited)
        self._applying = False
        self.set_preset("this_year")

    def set_preset(self, key: str) -> None:
        index = self.preset.findData(key)
        if index >= 0:
            self.preset.setCurrentIndex(index)
            self._apply_preset()

    def set_dates(self, start: date, end: date) -> None:
        self.set_preset("custom")
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))

    def _apply_preset(self) -> None:
        key = self.preset.currentData()
        span = self._span(key)
        enabled = key != "all"
        self.start.setEnabled(enabled)
        self.end.setEnabled(enabled)
        if span is not None:
            self._applying = True
            self.start.setDate(_qdate(span[0]))
            self.end.setDate(_qdate(span[1]))
            self._applying = False

    def _edited(self) -> None:
        if not self._applying and self.preset.currentData() not in ("custom", "all"):
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(self.preset.findData("custom"))
            self.preset.blockSignals(False)

    def _span(self, key: str) -> tuple[date, date] | None:
        today = self.today
        first = today.replace(day=1)
        if key == "this_month":
            return first, today
        if key == "last_month":
            end = first - timedelta(days=1)
            return end.replace(day=1), end
        if key == "this_quarter":
            return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
        if key == "this_year":
            return date(today.year, 1, 1), today
        if key == "last_year":
            return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
        return None

    def period(self) -> Period:
        if self.preset.currentData() == "all":
            return Period()
        return Period(_pydate(self.start.date()), _pydate(self.end.date()))


class FilePicker(QWidget):
    """A path typed or chosen with the system's file dialog."""

    def __init__(self, *, save: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save = save
        self.edit = QLineEdit()
        self.edit.setObjectName("file_path")
        self.edit.setMinimumWidth(360)
        self.browse = QPushButton(self.tr("Browse…"))
        self.browse.setObjectName("browse")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        self.browse.clicked.connect(self._choose)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path) -> None:
        self.edit.setText(str(path))

    def _choose(self) -> None:
        current = self.edit.text().strip()
        pattern = self.tr("Excel workbook (*.xlsx)")
        if self.save:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save as"), current, pattern)
            if chosen and not chosen.lower().endswith(".xlsx"):
                chosen += ".xlsx"
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Open"), current, pattern)
        if chosen:
            self.edit.setText(chosen)


def _table(headers: list[str], object_name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.hide()
    return table


def _fill(table: QTableWidget, rows: list[list[Any]], numeric: frozenset[int]) -> None:
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


def _fit_height(table: QTableWidget) -> None:
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
        self.layout_.addWidget(self.progress)
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
        self.cancel_button.clicked.connect(self.cancel)
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

    # -- running -------------------------------------------------------------------------

    def start_task(self, fn: Any, on_done: Any) -> None:
        self.state = "running"
        self._set_running(True)
        self.show_message("", None)
        self.progress.setRange(0, 0)
        self.handle = run_task(
            fn,
            on_done=lambda result: self._finished(on_done, result),
            on_error=self._failed,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
            parent=self,
        )

    def _set_running(self, running: bool) -> None:
        for i in range(self.form.rowCount()):
            item = self.form.itemAt(i, QFormLayout.ItemRole.FieldRole)
            if item is not None and item.widget() is not None:
                item.widget().setEnabled(not running)
        self.progress.setVisible(running)
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


class ExportDialog(TaskDialog):
    def __init__(self, services: AppServices, actor: Actor | None, parent: QWidget | None) -> None:
        super().__init__(services, actor, parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export to Excel"))
        self.set_intro(
            self.tr(
                "One workbook: a summary of the period, then visits, leads, deals, companies "
                "and contacts. It can be edited in Excel and imported back."
            )
        )
        self.period = PeriodPicker(self.today(), allow_all=True)
        self.period.set_preset("all")
        self.form.addRow(self.tr("Period"), self.period)
        self.office = QComboBox()
        self.office.setObjectName("office")
        self.office.addItem(self.tr("All offices"), None)
        for office_id, name in services.stats.offices():
            self.office.addItem(name, office_id)
        if actor is not None and actor.office_id and not actor.is_hq:
            index = self.office.findData(actor.office_id)
            if index >= 0:
                self.office.setCurrentIndex(index)
        self.form.addRow(self.tr("Office"), self.office)
        self.file = FilePicker(save=True)
        name = self.tr("Liaison data") + f" {self.today():%Y-%m-%d}.xlsx"
        self.file.set_path(exports_folder(services) / name)
        self.form.addRow(self.tr("Save as"), self.file)
        self.primary.setText(self.tr("Export"))
        self.primary.clicked.connect(self.start)

    def start(self) -> None:
        target = self.target_path(self.file)
        if target is None:
            return
        period = self.period.period()
        office_id = self.office.currentData()
        office_ids = [office_id] if office_id else None
        services = self.services

        def work(progress: TaskHandle) -> Any:
            return TransferService(services).export(
                target, period=period, office_ids=office_ids, progress=progress
            )

        self.start_task(work, self._done)

    def _done(self, result: Any) -> None:
        counts = result.counts
        self.result_path = result.path
        self.show_message(
            msg(
                "export_done",
                path=str(result.path),
                visits=counts.get("visit", 0),
                leads=counts.get("lead", 0),
                deals=counts.get("deal", 0),
                companies=counts.get("company", 0),
                contacts=counts.get("contact", 0),
            ),
            OK_COLOR,
        )
        self.open_button.show()

    def cancelled_text(self) -> str:
        return self.tr("Export cancelled. No file was written.")


# --- HQ report ----------------------------------------------------------------------------


class ReportDialog(TaskDialog):
    def __init__(self, services: AppServices, actor: Actor | None, parent: QWidget | None) -> None:
        super().__init__(services, actor, parent)
        self.setObjectName("report_dialog")
        self.setWindowTitle(self.tr("Statistics report for headquarters"))
        self.set_intro(
            self.tr(
                "Per office and month: visits, companies visited, valid leads and their "
                "investment, signed deals, deals of 1亿元 and above, groundbreakings and "
                "funds in place; with the list of signed deals."
            )
        )
        self.period = PeriodPicker(self.today(), allow_all=False)
        self.period.set_preset("last_month")
        self.form.addRow(self.tr("Period"), self.period)
        self.file = FilePicker(save=True)
        self._suggest_name()
        self.period.preset.currentIndexChanged.connect(self._suggest_name)
        self.period.start.dateChanged.connect(self._suggest_name)
        self.period.end.dateChanged.connect(self._suggest_name)
        self.form.addRow(self.tr("Save as"), self.file)
        self.primary.setText(self.tr("Make report"))
        self.primary.clicked.connect(self.start)

    def _suggest_name(self) -> None:
        period = self.period.period()
        folder = self.file.path().parent if self.file.path() else exports_folder(self.services)
        name = self.tr("Statistics report") + f" {period.start} {period.end}.xlsx"
        self.file.set_path(folder / name)

    def start(self) -> None:
        target = self.target_path(self.file)
        if target is None:
            return
        period = self.period.period()
        if period.start and period.end and period.start > period.end:
            self.show_message(msg("period_reversed"), ERROR_COLOR)
            return
        services = self.services

        def work(progress: TaskHandle) -> Any:
            return TransferService(services).report(
                target, start=period.start, end=period.end, progress=progress
            )

        self.start_task(work, self._done)

    def _done(self, result: Any) -> None:
        self.result_path = result.path
        self.show_message(
            msg(
                "report_done",
                path=str(result.path),
                offices=result.offices,
                months=result.months,
                deals=result.deals,
            ),
            OK_COLOR,
        )
        self.open_button.show()


# --- import -------------------------------------------------------------------------------


class ImportDialog(TaskDialog):
    """Choose a file, check it (preview or problems), then import on confirmation."""

    imported = Signal()

    def __init__(self, services: AppServices, actor: Actor | None, parent: QWidget | None) -> None:
        super().__init__(services, actor, parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(self.tr("Import from Excel"))
        self.setMinimumWidth(720)
        self.set_intro(
            self.tr(
                "A workbook exported by this app, or your own sheets of visits, leads, deals, "
                "companies or contacts with a header row. Nothing is written until you "
                "confirm, and a file with any problem imports nothing."
            )
        )
        self.file = FilePicker(save=False)
        self.file.edit.textChanged.connect(self._file_changed)
        self.form.addRow(self.tr("Workbook"), self.file)
        self.summary = _table(
            [self.tr("Records"), self.tr("New"), self.tr("Updated"), self.tr("Unchanged")],
            "preview",
        )
        self.problems = _table(
            [
                self.tr("Sheet"),
                self.tr("Row"),
                self.tr("Column"),
                self.tr("Value"),
                self.tr("Problem"),
            ],
            "problems",
        )
        self.problems.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problems.setWordWrap(True)
        self.problems.setMinimumHeight(220)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.problems)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("import")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.confirm)
        self.buttons.insertWidget(self.buttons.count() - 2, self.import_button)
        self.primary.setText(self.tr("Check file"))
        self.primary.clicked.connect(self.check)
        self.outcome: Any = None
        self.checked_path: Path | None = None

    def _file_changed(self) -> None:
        """Another file: the preview shown no longer applies."""
        self.import_button.setEnabled(False)
        self.outcome = None
        if self.state != "running":
            self.summary.hide()
            self.problems.hide()
            self.open_button.hide()
            self.show_message("", None)

    def check(self) -> None:
        path = self.file.path()
        if path is None:
            self.show_message(self.tr("Choose the workbook to import."), ERROR_COLOR)
            return
        self.summary.hide()
        self.problems.hide()
        self.import_button.setEnabled(False)
        services, actor = self.services, self.actor

        def work(progress: TaskHandle) -> Any:
            return TransferService(services).preview(path, actor, progress)

        self.checked_path = path
        self.start_task(work, self._previewed)

    def _previewed(self, outcome: Any) -> None:
        self.outcome = outcome
        plan = outcome.plan
        if not plan.ok:
            rows = [
                [p.sheet, p.row or "", p.located_column, p.value, p.reason] for p in plan.problems
            ]
            self.problems.horizontalHeader().setSectionResizeMode(
                4, QHeaderView.ResizeMode.Interactive
            )
            _fill(self.problems, rows, frozenset({1}))
            self.problems.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
            self.problems.resizeRowsToContents()
            lines = [msg("import_failed", count=plan.problem_count)]
            if outcome.errors_file is not None:
                lines.append(msg("import_report_saved", path=str(outcome.errors_file)))
                self.result_path = outcome.errors_file
                self.open_button.show()
            elif outcome.errors_file_problem:
                lines.append(outcome.errors_file_problem)
            if plan.problem_count > len(plan.problems):
                more = plan.problem_count - len(plan.problems)
                lines.append(msg("import_more_problems", count=more))
            self.show_message("\n".join(lines), ERROR_COLOR, plan.details())
            return
        rows = [
            [entity_label(entity), created, updated, unchanged]
            for entity, (created, updated, unchanged) in plan.counts().items()
        ]
        _fill(self.summary, rows, frozenset({1, 2, 3}))
        _fit_height(self.summary)
        lines = []
        if plan.skipped:
            lines.append(msg("import_skipped_sheets", names="、".join(plan.skipped)))
        if plan.created or plan.updated:
            lines.append(
                self.tr("%1 new records and %2 updates. Import them?")
                .replace("%1", str(plan.created))
                .replace("%2", str(plan.updated))
            )
            self.import_button.setEnabled(True)
            self.import_button.setDefault(True)
            color = None
        else:
            lines.append(msg("import_nothing"))
            color = OK_COLOR
        self.show_message("\n".join(lines), color, plan.details())

    def confirm(self) -> None:
        if self.outcome is None or self.checked_path is None:
            return
        path = self.checked_path
        expected = self.outcome.plan.counts()
        services, actor = self.services, self.actor
        self.import_button.setEnabled(False)

        def work(progress: TaskHandle) -> Any:
            return TransferService(services).import_file(
                path, actor, progress=progress, expected=expected
            )

        self.start_task(work, self._imported)

    def _imported(self, outcome: Any) -> None:
        plan = outcome.plan
        if not outcome.written:
            self._previewed(outcome)
            return
        self.outcome = None
        self.show_message(
            msg(
                "import_done",
                path=str(self.checked_path),
                created=plan.created,
                updated=plan.updated,
            ),
            OK_COLOR,
        )
        self.imported.emit()

    def cancelled_text(self) -> str:
        return self.tr("Cancelled. Nothing was imported.")


# --- entry points for the main window -----------------------------------------------------


def _open(dialog: TaskDialog) -> TaskDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog


def run_export(parent: QWidget | None, services: AppServices, actor: Actor | None) -> ExportDialog:
    """Open the export dialog (window-modal; returns at once)."""
    dialog = ExportDialog(services, actor, parent)
    _open(dialog)
    return dialog


def run_report(parent: QWidget | None, services: AppServices, actor: Actor | None) -> ReportDialog:
    """Open the HQ report dialog (window-modal; returns at once)."""
    dialog = ReportDialog(services, actor, parent)
    _open(dialog)
    return dialog


def run_import(parent: QWidget | None, services: AppServices, actor: Actor | None) -> ImportDialog:
    """Open the import dialog; it emits ``imported`` after data was written."""
    dialog = ImportDialog(services, actor, parent)
    _open(dialog)
    return dialog
