"""The look of every calendar popup (kept apart from the form fields so the lists' date
filters can use it without loading them at start-up)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QToolButton


def style_calendar(calendar: QCalendarWidget) -> None:
    """One look for every calendar (date fields, the lists' and dashboard's date ranges):
    no week numbers, whole weekday names, six whole weeks, plain ‹ › instead of green icons."""
    calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
    calendar.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
    calendar.setGridVisible(False)
    calendar.setMinimumSize(320, 250)  # six weeks and the weekday names, whole
    heading = QTextCharFormat()
    heading.setForeground(QColor("#3c4a5c"))
    heading.setBackground(QColor("#f0f3f7"))
    calendar.setHeaderTextFormat(heading)
    for name, arrow in (("qt_calendar_prevmonth", "‹"), ("qt_calendar_nextmonth", "›")):
        step = calendar.findChild(QToolButton, name)
        if step is not None:  # plain arrows in the bar's colour instead of green icons
            step.setIcon(QIcon())
            step.setText(arrow)
