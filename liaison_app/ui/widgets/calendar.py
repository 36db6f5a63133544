"""The look of every calendar popup (kept apart from the form fields so the lists' date
filters can use it without loading them at start-up)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QIcon, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QSpinBox, QToolButton, QWidget


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
    if calendar.locale().language() == QLocale.Language.Chinese:
        _year_first(calendar)
    _framed_popup(calendar)


def _framed_popup(calendar: QCalendarWidget) -> None:
    """Qt's date-edit popup has no frame: over a white table it seemed part of the list."""
    popup = calendar.parentWidget()
    layout = popup.layout() if popup is not None else None
    if popup is None or layout is None or popup.metaObject().className() != "QCalendarPopup":
        return  # inside a menu (the date fields) or a page: framed already
    popup.setObjectName("calendarPopup")  # the style sheet's frame colour
    popup.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    layout.setContentsMargins(1, 1, 1, 1)


def _year_first(calendar: QCalendarWidget) -> None:
    """Chinese reads the year first and with 年 (2026年 十一月), not Qt's 十一月 2026."""
    bar = calendar.findChild(QWidget, "qt_calendar_navigationbar")
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    year = calendar.findChild(QToolButton, "qt_calendar_yearbutton")
    year_edit = calendar.findChild(QSpinBox, "qt_calendar_yearedit")  # its own text stays bare
    layout = bar.layout() if bar is not None else None
    if layout is None or month is None or year is None or year_edit is None:
        return  # another Qt's private layout: keep its order
    layout.removeWidget(month)
    layout.insertWidget(layout.indexOf(year) + 1, month)

    def label(shown_year: int, _month: int = 0) -> None:
        year.setText(f"{shown_year}年")  # Qt writes the bare number before it says so

    calendar.currentPageChanged.connect(label)
    year_edit.editingFinished.connect(lambda: label(calendar.yearShown()))
    label(calendar.yearShown())
