"""The calendar popups read the year first in Chinese (2026年 十一月), as Chinese calendars do."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QCalendarWidget, QSpinBox, QToolButton

from liaison_app.ui.widgets.calendar import style_calendar

CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def calendar_in(qtbot, locale: QLocale) -> QCalendarWidget:  # type: ignore[no-untyped-def]
    calendar = QCalendarWidget()
    calendar.setLocale(locale)
    qtbot.addWidget(calendar)
    style_calendar(calendar)
    calendar.setSelectedDate(QDate(2026, 11, 30))
    calendar.show()
    qtbot.waitExposed(calendar)
    return calendar


def buttons(calendar: QCalendarWidget) -> tuple[QToolButton, QToolButton]:
    year = calendar.findChild(QToolButton, "qt_calendar_yearbutton")
    month = calendar.findChild(QToolButton, "qt_calendar_monthbutton")
    assert year is not None and month is not None
    return year, month


def test_chinese_heading_reads_year_then_month(qtbot) -> None:  # type: ignore[no-untyped-def]
    calendar = calendar_in(qtbot, CHINESE)
    year, month = buttons(calendar)
    assert year.text() == "2026年" and month.text() == "十一月"
    assert year.geometry().right() < month.geometry().left()

    calendar.setCurrentPage(2025, 3)
    assert year.text() == "2025年" and month.text() == "三月"


def test_the_year_editor_opens_over_the_year_and_keeps_its_unit(qtbot) -> None:  # type: ignore[no-untyped-def]
    calendar = calendar_in(qtbot, CHINESE)
    year, _ = buttons(calendar)
    qtbot.mouseClick(year, Qt.MouseButton.LeftButton)
    editor = calendar.findChild(QSpinBox, "qt_calendar_yearedit")
    assert editor is not None and editor.isVisible()
    assert editor.geometry().intersects(year.geometry())
    editor.setValue(2024)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert calendar.yearShown() == 2024
    assert year.text() == "2024年"


def test_english_heading_keeps_month_then_year(qtbot) -> None:  # type: ignore[no-untyped-def]
    calendar = calendar_in(qtbot, ENGLISH)
    year, month = buttons(calendar)
    assert month.text() == "November" and year.text() == "2026"
    assert month.geometry().right() < year.geometry().left()


def test_a_date_range_popup_has_a_frame(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt's own popup (the lists' date ranges) gets a 1 px frame; a calendar elsewhere none."""
    from PySide6.QtWidgets import QDateEdit

    edit = QDateEdit(calendarPopup=True)
    qtbot.addWidget(edit)
    calendar = edit.calendarWidget()
    style_calendar(calendar)
    popup = calendar.parentWidget()
    assert popup.objectName() == "calendarPopup"
    assert popup.layout().contentsMargins().left() == 1
    plain = calendar_in(qtbot, CHINESE)
    assert plain.parentWidget() is None or plain.parentWidget().objectName() != "calendarPopup"
