"""Excel export, HQ report and import dialogs.

Each dialog collects its options, runs the work off the UI thread with ``run_task`` (a
progress bar and a Cancel button in the dialog itself) and shows the outcome in place:
where the file went, or the user's message for what went wrong. The import first checks
the file and shows what would be created and updated, or every problem found (also saved
as ``*.errors.xlsx`` beside the file), and writes only when the user confirms.

The main window opens them with ``run_export``, ``run_report`` and ``run_import``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QPushButton,
    QWidget,
)

from liaison_app.domain.fields import entity_label
from liaison_app.domain.i18n import msg
from liaison_app.services.actor import Actor
from liaison_app.services.context import AppServices
from liaison_app.services.transfer import TransferService
from liaison_app.ui.task_dialog import (
    ERROR_COLOR,
    OK_COLOR,
    TaskDialog,
    exports_folder,
    fill_table,
    fit_table_height,
    make_table,
)
from liaison_app.ui.tasks import TaskHandle
from liaison_app.ui.widgets.pickers import FilePicker, PeriodPicker


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
        self.result_path = result.path
        self.show_message(result.done_text(), OK_COLOR)
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
        self.show_message(result.done_text(), OK_COLOR)
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
        self.summary = make_table(
            [self.tr("Records"), self.tr("New"), self.tr("Updated"), self.tr("Unchanged")],
            "preview",
        )
        self.problems = make_table(
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
        self.outcome = None
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
            fill_table(self.problems, rows, frozenset({1}))
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
        fill_table(self.summary, rows, frozenset({1, 2, 3}))
        fit_table_height(self.summary)
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
            # The focus too: Qt's default is the focused button, still 检查文件 after its click.
            self.import_button.setFocus()
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

    def _cancelled(self) -> None:
        super()._cancelled()
        # An import stopped before its commit wrote nothing: what the check found still
        # holds, so 导入 can run again without a second check.
        plan = self.outcome.plan if self.outcome is not None else None
        if plan is not None and plan.ok and (plan.created or plan.updated):
            self.import_button.setEnabled(True)


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
