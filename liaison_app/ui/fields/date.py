"""Dates as people write them (2020年6月11日, 2020/6/11, 2020.6.11, 20200611) or picked
from a calendar; the ISO date that will be stored is shown beside when it differs.

An empty field shows a pale "年-月-日" (yyyy-mm-dd): a hint no one takes for a date. The
calendar is styled in style.qss (``calendarMenu``); here it only drops the week numbers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from liaison_app.domain.dates import format_date, parse_date
from liaison_app.domain.errors import ParseError
from liaison_app.domain.fields import FieldSpec
from liaison_app.ui.fields.base import FieldEditor
from liaison_app.ui.widgets.calendar import style_calendar

PLACEHOLDER_COLOR = "#a0aab6"


class DateField(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("yyyy-mm-dd"))
        palette = self.edit.palette()
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(PLACEHOLDER_COLOR))
        self.edit.setPalette(palette)
        self.edit.setMinimumWidth(110)
        self.edit.setMaximumWidth(140)
        self.edit.textEdited.connect(self._edited)
        self.edit.editingFinished.connect(self.revalidate)
        self.add_editor(self.edit, 0)
        self.button = QToolButton(objectName="calendarButton")
        self.button.setText(self.tr("Calendar"))
        self.button.setToolTip(self.tr("Pick the date on a calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self.calendar = QCalendarWidget(objectName="calendar")
        style_calendar(self.calendar)
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self.button, objectName="calendarMenu")
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.button.setMenu(menu)
        self.row.addWidget(self.button, 0)
        self.add_hint()

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        if isinstance(value, date):
            value = format_date(value)
        self.edit.setText("" if value is None else str(value))
        self.update_hint()

    def date(self) -> date | None:
        try:
            return parse_date(self.edit.text())
        except ParseError:
            return None

    def update_hint(self) -> None:
        day = self.date()
        shown = "" if day is None else format_date(day)
        self.set_hint("= " + shown if shown and shown != self.edit.text().strip() else "")

    def _sync_calendar(self) -> None:
        day = self.date() or date.today()
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def _picked(self, picked: QDate) -> None:
        self.edit.setText(format_date(date(picked.year(), picked.month(), picked.day())))
        menu = self.button.menu()
        if menu is not None:
            menu.hide()
        self._edited()
        self.revalidate()
        self.edit.setFocus()
