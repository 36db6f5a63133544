"""The period and file pickers of the Excel dialogs."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from liaison_app.services.stats import Period
from liaison_app.ui.widgets.calendar import style_calendar


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


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
            style_calendar(edit.calendarWidget())
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
    """A path typed or chosen with the system's file dialog.

    An empty picker's dialog opens where the user last chose a file in this session, else
    in their documents folder (not the folder the app was started from).
    """

    last_folder: ClassVar[Path | None] = None

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

    def start(self) -> str:
        """Where the file dialog opens: the path typed, the last folder, the documents."""
        current = self.edit.text().strip()
        if current:
            return current
        if FilePicker.last_folder is not None and FilePicker.last_folder.is_dir():
            return str(FilePicker.last_folder)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    def chosen(self, path: str) -> None:
        """A file the user chose in the dialog: shown, and its folder remembered."""
        self.edit.setText(path)
        FilePicker.last_folder = Path(path).parent

    def _choose(self) -> None:
        current = self.start()
        pattern = self.tr("Excel workbook (*.xlsx)")
        if self.save:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save as"), current, pattern)
            if chosen and not chosen.lower().endswith(".xlsx"):
                chosen += ".xlsx"
        else:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Open"), current, pattern)
        if chosen:
            self.chosen(chosen)
